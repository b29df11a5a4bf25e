//! Who a report is made for: the audiences of the GPAI Code of Practice's Model
//! Documentation Form, each of which receives its own fields.

use serde::{Deserialize, Serialize};

/// Who a report is made for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
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
    /// The audience as `--audience` names it.
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Audience::AiOffice => "ai-office",
            Audience::Authority => "authority",
            Audience::Downstream => "downstream",
        }
    }

    /// What a document for this audience says of itself on its cover: who it is for, and on
    /// what terms they receive it.
    #[must_use]
    pub fn note(self) -> &'static str {
        match self {
            Audience::AiOffice => {
                "Prepared for the AI Office. The Model Documentation Form's information for the AI Office is made available on its request; the AI Office treats it under the confidentiality obligations of AI Act Art. 78."
            }
            Audience::Authority => {
                "Prepared for national competent authorities. The Model Documentation Form's information for them is made available on request, through the AI Office; authorities treat it under the confidentiality obligations of AI Act Art. 78. Training time is given as the Form's range and computation as its order of magnitude."
            }
            Audience::Downstream => {
                "Prepared for downstream providers. It holds none of the Model Documentation Form's energy and compute fields, and leaves out the provider's own training as the disclosure marks it: its figures are those of the system's operation."
            }
        }
    }

    /// The note of a document for this audience that holds no Model Documentation Form: who
    /// it is for, and for downstream providers what it leaves out.
    #[must_use]
    pub fn brief(self) -> &'static str {
        match self {
            Audience::AiOffice => "Prepared for the AI Office.",
            Audience::Authority => "Prepared for national competent authorities.",
            Audience::Downstream => {
                "Prepared for downstream providers. It leaves out the provider's own training as the disclosure marks it: its figures are those of the system's operation."
            }
        }
    }

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
