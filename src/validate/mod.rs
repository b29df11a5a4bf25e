//! Whether a disclosure can be reported: its structure against the JSON Schema, then the
//! rules that need more than one field (references, periods, plausibility, provenance).
//!
//! Validation never stops at the first problem: every finding is collected, located and
//! returned, so a user fixes all of them in one pass. It reads no files; `load` did that.

pub mod rules;
mod schema;

use crate::diagnostic::{self, Diagnostic};
use crate::load::Document;
use serde::Deserialize;

use crate::model::{self, Disclosure};

/// The outcome of validating one document.
#[derive(Debug)]
pub struct Checked {
    /// The typed disclosure, when the structure allowed building it (even if rules found
    /// errors).
    pub disclosure: Option<Disclosure>,
    /// Every finding, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    /// The disclosure, if no finding is an error.
    ///
    /// # Errors
    /// Every finding, when any is an error.
    pub fn clean(self) -> Result<(Disclosure, Vec<Diagnostic>), Vec<Diagnostic>> {
        match self.disclosure {
            Some(d) if !diagnostic::has_errors(&self.diagnostics) => Ok((d, self.diagnostics)),
            _ => Err(self.diagnostics),
        }
    }
}

/// A compiled JSON Schema validator for disclosures; build once, check many documents.
pub struct Validator {
    schema: serde_json::Value,
    compiled: jsonschema::Validator,
}

impl Validator {
    /// Compiles the schema generated from the model types.
    ///
    /// # Panics
    /// Never on user input: only if the generated schema itself were invalid, which the
    /// schema tests rule out.
    #[must_use]
    pub fn new() -> Self {
        let schema = model::schema();
        #[allow(
            clippy::expect_used,
            reason = "the schema is generated from our own types and covered by tests"
        )]
        let compiled = jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .expect("the generated schema compiles");
        Self { schema, compiled }
    }

    /// Checks `document`: schema first, then (if the structure holds) every rule.
    #[must_use]
    pub fn check(&self, document: &Document) -> Checked {
        let mut diagnostics = schema::check(document, &self.schema, &self.compiled);
        let disclosure = if diagnostics.is_empty() {
            match Disclosure::deserialize(&document.value) {
                Ok(disclosure) => {
                    diagnostics.extend(
                        rules::check(&disclosure)
                            .into_iter()
                            .map(|d| document.place(d)),
                    );
                    Some(disclosure)
                }
                Err(error) => {
                    diagnostics.push(
                        document.place(
                            Diagnostic::error("invalid-value", error.to_string())
                                .help("see `wattprint schema` for what is allowed here"),
                        ),
                    );
                    None
                }
            }
        } else {
            None
        };
        diagnostic::sort(&mut diagnostics);
        Checked {
            disclosure,
            diagnostics,
        }
    }
}

impl Default for Validator {
    fn default() -> Self {
        Self::new()
    }
}
