//! Who a report is made for: the audiences of the GPAI Code of Practice's Model
//! Documentation Form, each of which receives its own fields.

use serde::{Deserialize, Serialize};

/// Who a report is made for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Audience {
    /// The European AI Office.
    AiOffice,
    /// National competent authorities.
    Authority,
    /// Providers of AI systems that integrate the model.
    Downstream,
}

impl Audience {
    /// The audience as the report names it.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Audience::AiOffice => "the AI Office",
            Audience::Authority => "national competent authorities",
            Audience::Downstream => "downstream providers",
        }
    }
}
