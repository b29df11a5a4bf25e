//! Whether a disclosure can be reported: its structure against the JSON Schema, then the
//! rules that need more than one field (references, periods, plausibility, provenance).
//!
//! Validation never stops at the first problem: every finding is collected, located and
//! returned, so a user fixes all of them in one pass. It reads no files (`load` did that)
//! and computes no figure: the rules that judge figures run in `check`, after `compute`.

mod glyphs;
mod published;
mod reference_data;
pub mod rules;
mod schema;
mod structure;

use crate::diagnostic::{self, Diagnostic};
use crate::load::Document;

use crate::model::{self, Disclosure};
use crate::reference::{Dataset, UserError, resolve};

pub use reference_data::reference_data;

/// The JSON Schema (draft 2020-12) of a disclosure as users write it, as wattprint publishes
/// it: the schema generated from the model types, with the short forms that take a value
/// from the reference data, tightened by every single-field rule a schema can state.
#[must_use]
pub fn schema() -> serde_json::Value {
    let mut schema = model::validation_schema();
    crate::reference::short_forms::schema(&mut schema);
    published::tighten(&mut schema);
    schema
}

/// The outcome of validating one document.
#[derive(Debug)]
pub struct Checked {
    /// The typed disclosure, when the structure allowed building it (even if rules found
    /// errors).
    pub disclosure: Option<Disclosure>,
    /// Every finding, in file order.
    pub diagnostics: Vec<Diagnostic>,
    /// Values taken from the reference data, with their provenance.
    pub reference: Vec<resolve::Use>,
}

/// A compiled JSON Schema validator for disclosures, with the reference data that resolves
/// their defaults; build once, check many documents.
pub struct Validator {
    schema: serde_json::Value,
    structure: structure::Structure,
    reference: Dataset,
    /// Most Monte Carlo draws a disclosure may ask for (`--max-draws`).
    max_draws: u32,
}

impl Validator {
    /// Compiles the schema generated from the model types.
    ///
    /// # Panics
    /// Never on user input: only if the generated schema itself were invalid, which the
    /// schema tests rule out.
    #[must_use]
    pub fn new() -> Self {
        // The built-in tables are read on another core while the schema is generated and
        // compiled: about a millisecond each, at the start of every command.
        let (reference, (schema, structure)) =
            crate::cores::both(|| Dataset::builtin().clone(), compiled);
        Self::from_parts(schema, structure, reference)
    }

    /// A validator that resolves defaults from `reference` (the built-in dataset extended by
    /// a user's file).
    ///
    /// # Panics
    /// As [`Validator::new`].
    #[must_use]
    pub fn with_reference(reference: Dataset) -> Self {
        let (schema, structure) = compiled();
        Self::from_parts(schema, structure, reference)
    }

    /// A validator that resolves defaults from the built-in dataset extended by the user's
    /// reference-data file `data` (`--data`).
    ///
    /// # Errors
    /// The findings in `data` when it does not validate.
    ///
    /// # Panics
    /// As [`Validator::new`].
    pub fn with_reference_file(data: crate::load::Source) -> Result<Self, UserError> {
        let user = reference_data(data)?;
        Ok(Self::with_reference(Dataset::builtin().extended(&user)))
    }

    /// A validator of `schema`, compiled as `structure`, resolving defaults from `reference`.
    fn from_parts(
        schema: serde_json::Value,
        structure: structure::Structure,
        reference: Dataset,
    ) -> Self {
        Self {
            schema,
            structure,
            reference,
            max_draws: crate::load::Limits::default().max_draws,
        }
    }

    /// The same validator, refusing disclosures that ask for more than `max` Monte Carlo
    /// draws.
    #[must_use]
    pub fn with_max_draws(mut self, max: u32) -> Self {
        self.max_draws = max;
        self
    }

    /// The reference data defaults are resolved from.
    #[must_use]
    pub fn reference(&self) -> &Dataset {
        &self.reference
    }

    /// Checks `document`: reference values resolved first, then the schema, then (if the
    /// structure holds) every rule on the input. The rules that judge computed figures run
    /// after compute, in `check`.
    #[must_use]
    pub fn check(&self, document: &mut Document) -> Checked {
        // Resolved in place: a copy of a large document would cost as much as checking it.
        let resolution = resolve::resolve(&mut document.value, &self.reference);
        let document = &*document;
        let mut diagnostics: Vec<Diagnostic> =
            schema::check(document, &self.schema, &self.structure)
                .into_iter()
                .filter(|d| !resolution.covers(&d.pointer))
                .collect();
        diagnostics.extend(resolution.findings.into_iter().map(|d| document.place(d)));
        let structure_holds = diagnostics.is_empty();
        diagnostics.extend(glyphs::check(document));
        let disclosure = if structure_holds {
            match serde_path_to_error::deserialize::<_, Disclosure>(&document.value) {
                Ok(disclosure) => {
                    let asked = disclosure.methodology.monte_carlo.draws;
                    let allowed = self.allowed_draws(&disclosure);
                    if asked > allowed {
                        diagnostics.push(document.place(too_many_draws(
                            asked,
                            allowed,
                            self.max_draws,
                        )));
                    }
                    // Under a limit below the fewest draws an interval needs, the limit's own
                    // finding says what to do; "too few" beside it would leave no number right.
                    let few_allowed = allowed < rules::FEWEST_DRAWS;
                    diagnostics.extend(
                        rules::check(&disclosure, &document.value)
                            .into_iter()
                            .filter(|d| !(few_allowed && d.code == "monte-carlo"))
                            .map(|d| document.place(d)),
                    );
                    Some(disclosure)
                }
                Err(error) => {
                    let pointer = pointer_of(error.path());
                    diagnostics.push(
                        document.place(
                            Diagnostic::error("invalid-value", error.into_inner().to_string())
                                .help("see `wattprint schema` for what is allowed here")
                                .at(pointer),
                        ),
                    );
                    None
                }
            }
        } else {
            // What reads only the document as written is told beside the schema's findings.
            diagnostics.extend(
                rules::check_document(&document.value)
                    .into_iter()
                    .map(|d| document.place(d)),
            );
            None
        };
        diagnostic::sort(&mut diagnostics);
        Checked {
            disclosure,
            diagnostics,
            reference: resolution.uses,
        }
    }
}

/// The schema generated from the model types, and compiled.
///
/// # Panics
/// Never on user input: only if the generated schema itself were invalid, which the schema
/// tests rule out.
fn compiled() -> (serde_json::Value, structure::Structure) {
    let schema = model::validation_schema();
    #[allow(
        clippy::expect_used,
        reason = "the schema is generated from our own types and covered by tests"
    )]
    let structure = structure::Structure::new(&schema).expect("the generated schema compiles");
    (schema, structure)
}

impl Default for Validator {
    fn default() -> Self {
        Self::new()
    }
}

/// Most draws of per-unit lines and scenarios the Monte Carlo may compute in all: past this,
/// the batches that keep its memory bounded would repeat the draws too often to finish in
/// reasonable time, and the draws kept for scenarios would fill memory.
/// 10,000 draws (the default) of 10,000 per-unit lines stay within it.
pub const MAX_LINE_DRAWS: u64 = 100_000_000;

impl Validator {
    /// The most Monte Carlo draws `disclosure` may ask for: `--max-draws`, and fewer when it
    /// has so many per-unit lines (functional units, each also per model) and scenarios (each
    /// drawn beside the baseline) that their draws together would pass [`MAX_LINE_DRAWS`].
    #[must_use]
    pub fn allowed_draws(&self, disclosure: &Disclosure) -> u32 {
        allowed_draws(disclosure, self.max_draws)
    }
}

fn allowed_draws(disclosure: &Disclosure, max: u32) -> u32 {
    let lines = disclosure.functional_units.len() * (1 + disclosure.system.models.len())
        + disclosure.scenarios.len()
        + disclosure.claims.len();
    let by_lines = MAX_LINE_DRAWS / (lines.max(1) as u64);
    max.min(u32::try_from(by_lines).unwrap_or(u32::MAX))
}

/// The finding for a disclosure that asks for `asked` Monte Carlo draws, over `allowed` (which
/// is `max` unless its per-unit lines lower it).
fn too_many_draws(asked: u32, allowed: u32, max: u32) -> Diagnostic {
    let message = if allowed < max {
        format!(
            "{asked} Monte Carlo draws is more than the {allowed} its per-unit lines and scenarios allow ({MAX_LINE_DRAWS} draws of all of them together)"
        )
    } else {
        format!("{asked} Monte Carlo draws is more than the limit of {max}")
    };
    Diagnostic::error("monte-carlo-draws", message)
    .help("the default of 10,000 draws is ample for a 95 % interval; lower `draws`, or raise the limit with --max-draws")
    .at("/methodology/monte_carlo/draws")
}

/// The JSON pointer of a deserialisation path (`/measurements/0/energy/value`).
fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    path.iter()
        .map(|segment| match segment {
            Segment::Seq { index } => format!("/{index}"),
            Segment::Map { key } => format!("/{}", crate::load::escape_key(key)),
            Segment::Enum { variant } => format!("/{}", crate::load::escape_key(variant)),
            Segment::Unknown => String::new(),
        })
        .collect()
}
