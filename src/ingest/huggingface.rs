//! The `co2_eq_emissions` block of a Hugging Face model card's metadata (the YAML front matter
//! of its `README.md`), as the Hub documents it in "Displaying carbon emissions for your
//! model" (huggingface.co/docs/hub/model-cards-co2):
//!
//! ```yaml
//! co2_eq_emissions:
//!   emissions: 232380            # grams of CO2
//!   source: "…"                  # AutoTrain, CodeCarbon, or the article documenting the model
//!   training_type: fine-tuning   # or pre-training
//!   geographical_location: "Tehran, Iran"
//!   hardware_used: "4 RTX3090 24GB GPUs"
//! ```
//!
//! Older cards write the number alone (`co2_eq_emissions: 149.2`). The block becomes a
//! model's `upstream_training`; `render::export` writes it back.

use std::fmt::Write as _;
use std::path::Path;

use serde_json::Value;

use super::IngestError;
use crate::load::{Limits, parse_yaml};
use crate::model::Phase;
use crate::text::yaml::{number, one_line, slug, string};

/// The carbon metadata of one model card.
#[derive(Debug, Clone, PartialEq)]
pub struct Co2Block {
    /// `emissions`, in grams of CO2 (the Hub says CO2; the figures are CO2-equivalent).
    pub grams: f64,
    /// `source`.
    pub source: Option<String>,
    /// `training_type`, read as a phase.
    pub phase: Option<Phase>,
    /// `geographical_location`.
    pub location: Option<String>,
    /// `hardware_used`.
    pub hardware: Option<String>,
    /// The model's name from the card's `model-index`, when it has one.
    pub name: Option<String>,
}

/// A card's parts: its metadata (the front matter between `---` lines, or the whole file when
/// it is plain YAML), the line the metadata starts on (to place errors) and the Markdown after
/// it.
struct Parts<'a> {
    meta: &'a str,
    first_line: usize,
    body: &'a str,
}

fn parts(text: &str) -> Parts<'_> {
    // Editors on Windows save a byte-order mark before the `---`.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return Parts {
            meta: text,
            first_line: 1,
            body: "",
        };
    };
    let end = rest.match_indices("\n---").find(|(i, _)| {
        let after = &rest[i + 4..];
        after.is_empty() || after.starts_with('\n') || after.starts_with('\r')
    });
    match end {
        Some((i, _)) => Parts {
            meta: &rest[..=i],
            first_line: 2,
            // After the closing `---` and its line end.
            body: rest[i + 4..].split_once('\n').map_or("", |(_, body)| body),
        },
        None => Parts {
            meta: rest,
            first_line: 2,
            body: "",
        },
    }
}

fn text_field(block: &Value, key: &str) -> Option<String> {
    match block.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Reads the `co2_eq_emissions` block of the model card `file`.
///
/// # Errors
/// Metadata that is not YAML, no block, or emissions that are not a number of grams.
pub fn read(file: &Path, text: &str) -> Result<Co2Block, IngestError> {
    let Parts {
        meta,
        first_line,
        body,
    } = parts(text);
    let invalid = |line: usize, message: String, hint: &str| IngestError::Invalid {
        file: file.to_owned(),
        line,
        message,
        hint: hint.to_owned(),
    };
    let (value, _) = parse_yaml(meta, Limits::default()).map_err(|diagnostics| {
        let (line, message) = diagnostics
            .first()
            .map_or((first_line, String::new()), |d| {
                (
                    d.span.map_or(first_line, |s| s.start.line + first_line - 1),
                    d.message.clone(),
                )
            });
        invalid(
            line,
            format!("the card's metadata is not valid YAML: {message}"),
            "fix the YAML between the `---` lines at the top of the card",
        )
    })?;
    let line_of_block = meta
        .lines()
        .position(|l| l.starts_with("co2_eq_emissions"))
        .map_or(first_line, |i| i + first_line);
    let block = value.get("co2_eq_emissions").ok_or_else(|| {
        invalid(
            first_line,
            "the card's metadata has no `co2_eq_emissions`".to_owned(),
            "add the block the Hub documents (emissions in grams, source, training_type, geographical_location, hardware_used), or pass the card that has it",
        )
    })?;
    if let Some((key, written)) = unit_not_grams(block) {
        return Err(invalid(
            line_of_block,
            format!(
                "`co2_eq_emissions.{key}` is `{written}`, and the Hub's emissions are in grams"
            ),
            "write the emissions in grams of CO2-equivalent (kg × 1,000) and remove the unit",
        ));
    }
    let emissions = match block {
        Value::Object(_) => block.get("emissions"),
        other => Some(other),
    };
    let grams = emissions
        .and_then(|e| match e {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        })
        .filter(|g: &f64| g.is_finite() && *g >= 0.0)
        .ok_or_else(|| {
            invalid(
                line_of_block,
                "`co2_eq_emissions.emissions` is not a number of grams".to_owned(),
                "write the emissions as a number of grams of CO2-equivalent, e.g. `emissions: 232380`",
            )
        })?;
    // The Hub documents `pre-training` and `fine-tuning`; cards also write `pretraining`,
    // `finetuning`, `fine_tuning` or `Fine Tuning`: the same words however joined.
    let kind = |t: &str| {
        t.chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase()
    };
    let phase = match text_field(block, "training_type").as_deref() {
        None => None,
        Some(t) if kind(t) == "finetuning" => Some(Phase::FineTuning),
        Some(t) if matches!(kind(t).as_str(), "pretraining" | "training") => Some(Phase::Training),
        Some(other) => {
            return Err(invalid(
                line_of_block,
                format!("`co2_eq_emissions.training_type` is `{other}`"),
                "the Hub knows `pre-training` and `fine-tuning`",
            ));
        }
    };
    Ok(Co2Block {
        grams,
        source: text_field(block, "source"),
        phase,
        location: text_field(block, "geographical_location"),
        hardware: text_field(block, "hardware_used"),
        name: value
            .pointer("/model-index/0/name")
            .or_else(|| value.get("model_name"))
            .and_then(Value::as_str)
            .map(str::to_owned)
            .or_else(|| heading_name(body)),
    })
}

/// A unit the block states (a key holding `unit`) that is not grams, as its key and text. The
/// Hub's emissions are grams and it documents no unit, so a card that writes another
/// (`units: kg`) would be read 1,000 times off (helper 66).
fn unit_not_grams(block: &Value) -> Option<(String, String)> {
    let Value::Object(fields) = block else {
        return None;
    };
    let (key, unit) = fields
        .iter()
        .find(|(key, _)| key.to_ascii_lowercase().contains("unit"))?;
    let written = unit
        .as_str()
        .map_or_else(|| unit.to_string(), str::to_owned);
    let plain = written
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    let grams = matches!(
        plain.as_str(),
        "g" | "gram" | "grams" | "gco2" | "gco2e" | "gco2eq"
    );
    (!grams).then(|| (key.clone(), written))
}

/// The model's name from the card's first heading, as `huggingface_hub`'s template writes it
/// (`# Model Card for org/model`); `None` for the template's placeholder (`Model ID`) or no
/// heading.
fn heading_name(body: &str) -> Option<String> {
    let heading = body.lines().find_map(|l| l.strip_prefix("# "))?.trim();
    let name = heading
        .strip_prefix("Model Card for ")
        .unwrap_or(heading)
        .trim();
    (!name.is_empty() && name != "Model ID" && name != "Model Card").then(|| name.to_owned())
}

/// The id of the model `name`: its slug, or, for a name with no Latin letter or digit
/// (`ГигаЧат`), `model-` and the first eight hexadecimal digits of the name's SHA-256, so that
/// the entry pasted validates and two such names differ.
fn model_id(name: &str) -> String {
    let id = slug(name);
    if !id.is_empty() {
        return id;
    }
    format!("model-{}", &crate::text::sha256_hex(name.as_bytes())[..8])
}

/// The `system.models` entry, as commented YAML, for the model `name` by `provider` whose
/// card `file` holds `block`.
#[must_use]
pub fn model_entry(file: &Path, block: &Co2Block, name: &str, provider: &str) -> String {
    let mut y = String::new();
    let _ = write!(
        y,
        "# Imported by `wattprint import huggingface` from the model card {file}.
# Paste this entry under `system.models:` in your disclosure; the training figures are the
# provider's, shown as upstream context and never added to your own inventory.
- id: {id}
  name: {name}
  provider: {provider}
  upstream_training:
    emissions: {{ value: {grams} gCO2e, method: supplier_reported, source: {source} }}
",
        // The entry is pasted into a disclosure a report publishes: no host path.
        file = one_line(
            &file
                .file_name()
                .map_or_else(|| "README.md".into(), |n| n.to_string_lossy())
        ),
        id = model_id(name),
        name = string(name),
        provider = string(provider),
        grams = number(block.grams),
        source = string(
            block
                .source
                .as_deref()
                .unwrap_or("Hugging Face model card (no source given)")
        ),
    );
    if let Some(phase) = block.phase {
        let phase = match phase {
            Phase::FineTuning => "fine_tuning",
            Phase::Training | Phase::Inference => "training",
        };
        let _ = writeln!(y, "    phase: {phase}");
    }
    if let Some(location) = &block.location {
        let _ = writeln!(y, "    location: {}", string(location));
    }
    if let Some(hardware) = &block.hardware {
        let _ = writeln!(y, "    hardware: {}", string(hardware));
    }
    y
}

#[cfg(test)]
#[allow(
    clippy::float_cmp,
    reason = "these values are read or written exactly, bit for bit"
)]
mod tests {
    use super::*;

    // The metadata of universitytehran/PersianMind-v1.0 on the Hub (commit af603ee).
    const CARD: &str = "---
pipeline_tag: text-generation
co2_eq_emissions:
  emissions: 232380
  source: \"PersianMind: A Cross-Lingual Persian-English Large Language Model. https://arxiv.org/abs/2401.06466\"
  training_type: \"fine-tuning\"
  hardware_used: \"4 RTX3090 24GB GPUs\"
  geographical_location: \"Tehran, Iran\"
---

# PersianMind
";

    #[test]
    fn the_block_reads_with_grams_and_phase() {
        let block = read(Path::new("README.md"), CARD).unwrap();
        assert_eq!(block.grams, 232_380.0);
        assert_eq!(block.phase, Some(Phase::FineTuning));
        assert_eq!(block.location.as_deref(), Some("Tehran, Iran"));
        assert_eq!(block.hardware.as_deref(), Some("4 RTX3090 24GB GPUs"));
    }

    #[test]
    fn a_card_saved_with_a_byte_order_mark_reads_as_without() {
        // Review, 2026-12-01: the mark hid the opening `---`, and the card was refused as
        // "more than one YAML document".
        let marked = format!("\u{feff}{CARD}");
        let block = read(Path::new("README.md"), &marked).unwrap();
        assert_eq!(block.grams, 232_380.0);
        assert_eq!(block.phase, Some(Phase::FineTuning));
    }

    #[test]
    fn a_bare_number_is_the_emissions() {
        let block = read(Path::new("m.yaml"), "co2_eq_emissions: 149.2\n").unwrap();
        // A unit other than grams is refused; grams said so are read.
        let kg = "---\nco2_eq_emissions:\n  emissions: 150\n  units: kg\n---\n";
        let error = read(Path::new("README.md"), kg).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("`co2_eq_emissions.units` is `kg`"),
            "{error}"
        );
        let grams = "---\nco2_eq_emissions:\n  emissions: 150\n  unit: g\n---\n";
        assert!((read(Path::new("README.md"), grams).unwrap().grams - 150.0).abs() < 1e-12);
        assert_eq!(block.grams, 149.2);
        assert_eq!(block.source, None);
    }

    #[test]
    fn a_card_without_the_block_is_refused_with_a_fix() {
        let error = read(Path::new("README.md"), "---\nlicense: mit\n---\n# x\n").unwrap_err();
        assert!(error.to_string().contains("no `co2_eq_emissions`"));
        assert!(error.hint().unwrap().contains("grams"));
        let error = read(
            Path::new("README.md"),
            "---\nco2_eq_emissions:\n  emissions: lots\n---\n",
        )
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "README.md:2: `co2_eq_emissions.emissions` is not a number of grams"
        );
    }

    #[test]
    fn the_name_is_read_from_the_heading_after_the_front_matter() {
        // Attack, 2026-12-02: the body was cut at the metadata's length counted from the
        // file's start, 4 bytes (7 with a byte-order mark) inside the front matter, so a
        // comment's `# X` was read as the heading, and a character cut in two ended the run.
        let card = "---\nco2_eq_emissions: 10\nlicense: mit  # X\n---\n\n# org/real-model\n";
        let block = read(Path::new("README.md"), card).unwrap();
        assert_eq!(block.name.as_deref(), Some("org/real-model"));
        let marked = format!("\u{feff}{card}");
        assert_eq!(
            read(Path::new("README.md"), &marked)
                .unwrap()
                .name
                .as_deref(),
            Some("org/real-model")
        );
        let tokyo = "---\nco2_eq_emissions: 100\ngeographical_location: \"東京都\"\n---\n";
        let block = read(Path::new("README.md"), tokyo).unwrap();
        assert_eq!(block.name, None);
    }

    #[test]
    fn a_name_without_latin_letters_still_has_an_id() {
        assert_eq!(model_id("PersianMind v1.0"), "persianmind-v1-0");
        let (a, b) = (model_id("Модель"), model_id("ГигаЧат"));
        assert!(a.starts_with("model-") && a.len() == 14, "{a}");
        assert_ne!(a, b);
    }
}
