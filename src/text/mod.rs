//! How values are written as text: numbers in reports, and YAML scalars in the files
//! wattprint writes for users to edit. A leaf: every layer may use it, it uses none.

pub mod number;
pub mod yaml;
