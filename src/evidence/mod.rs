//! What ties a report to its inputs: the SHA-256 of each input file, the tool version, the
//! template and the date used, so an auditor can check that a report came from the inputs it
//! names.

pub mod diff;
pub mod read;
pub mod redact;
mod scan;

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Serialize};

/// The provenance of one report.
///
/// A manifest is read back from reports that anyone may have edited, so every field that
/// names a file or a hash is parsed into a type that only holds well-formed values: a report
/// with a malformed one is refused when it is read, never trusted later.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// The input file's name, without its folders: a report names no host path, and the same
    /// input gives the same bytes wherever it lies.
    pub input: FileName,
    /// SHA-256 of the input file's bytes.
    pub input_sha256: Sha256Hex,
    /// wattprint's version.
    pub tool_version: String,
    /// The template's name.
    pub template: String,
    /// Where the template came from: built into wattprint, or a folder the report carries.
    #[serde(default)]
    pub template_origin: TemplateOrigin,
    /// SHA-256 over the template's files (each path and its bytes, in path order).
    pub template_sha256: Sha256Hex,
    /// Version of the input format read.
    pub schema_version: u32,
    /// The reference data defaults were resolved from, and every value taken from it.
    pub reference_data: ReferenceData,
    /// Who the report was made for (`--audience`), when for one audience only.
    #[serde(default)]
    pub audience: Option<crate::model::Audience>,
    /// The report date.
    pub date: chrono::NaiveDate,
    /// Where the date came from: `--date`, `SOURCE_DATE_EPOCH`, the day the report was made, or
    /// (the page in the browser given no date, and earlier versions) the end of the reporting
    /// period.
    pub date_source: DateSource,
    /// For a document made for an audience that does not receive the whole disclosure: the full
    /// input `input` was made from, which the provider keeps, and what was left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redacted_from: Option<redact::Redaction>,
    /// The previous period's disclosure the report's comparative figures were computed from
    /// (`report --previous`), which a PDF report attaches under this name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<Previous>,
    /// The files the input names (its hourly CSVs), which a PDF report attaches under
    /// `linked/` and their name, and a JSON report finds beside it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub linked: Vec<LinkedInput>,
}

/// A file the input names, by the name it gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkedInput {
    /// Its path from the input's folder, as the input writes it.
    pub name: LinkedName,
    /// SHA-256 of its bytes.
    pub sha256: Sha256Hex,
}

impl LinkedInput {
    /// What a manifest records of `files`, as read: each one's name and hash. (Their names
    /// passed `load::linked::check_name` when they were read.)
    #[must_use]
    pub fn all(files: &[crate::check::hourly::LinkedFile]) -> Vec<Self> {
        files
            .iter()
            .filter_map(|f| {
                Some(Self {
                    name: LinkedName::try_from(f.name.clone()).ok()?,
                    sha256: Sha256Hex::of(&f.bytes),
                })
            })
            .collect()
    }
}

/// A path from an input's folder, of plain names separated by `/`: nothing else deserialises
/// into it, so a name read from a report never leads outside the PDF or its folder
/// (`load::linked::check_name`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct LinkedName(String);

impl LinkedName {
    /// The path.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for LinkedName {
    type Error = String;

    fn try_from(name: String) -> Result<Self, Self::Error> {
        crate::load::linked::check_name(&name).map_err(|e| e.to_string())?;
        Ok(Self(name))
    }
}

impl From<LinkedName> for String {
    fn from(name: LinkedName) -> Self {
        name.0
    }
}

impl JsonSchema for LinkedName {
    fn schema_name() -> Cow<'static, str> {
        "LinkedName".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A path from the input's folder: plain names separated by `/`, no `.` or `..`.",
            "type": "string",
            "minLength": 1,
            "maxLength": 1024,
        })
    }
}

impl std::fmt::Display for LinkedName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The previous period's disclosure a report compares with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Previous {
    /// Its file name, as the report attaches it: never the same as another attachment's.
    pub input: FileName,
    /// SHA-256 of its bytes.
    pub input_sha256: Sha256Hex,
}

/// Where a report's date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum DateSource {
    /// The date of issue given with `--date`.
    #[serde(rename = "--date")]
    Flag,
    /// The `SOURCE_DATE_EPOCH` environment variable, set by whoever made the report.
    #[serde(rename = "SOURCE_DATE_EPOCH")]
    SourceDateEpoch,
    /// The last day of the reporting period, read from the input: the page in the browser
    /// given no date, and reports of earlier versions made without one.
    #[serde(rename = "end of the reporting period")]
    PeriodEnd,
    /// The day the report was made, by the clock of the machine that made it (UTC).
    #[serde(rename = "day it was made")]
    Today,
}

impl DateSource {
    /// Where `now` comes from.
    #[must_use]
    pub fn of(now: crate::clock::Now) -> Self {
        match now {
            crate::clock::Now::Issued(_) => DateSource::Flag,
            crate::clock::Now::Fixed(_) => DateSource::SourceDateEpoch,
            crate::clock::Now::FromInputs => DateSource::PeriodEnd,
            crate::clock::Now::Today(_) => DateSource::Today,
        }
    }

    /// Whether a report dated `date` by this source, for a reporting period ending on `end`,
    /// is one `report` refuses to make: a date of issue given with `--date` comes once the
    /// period is over (and `--date 26-12-01` is the year 26); one made today or by
    /// `SOURCE_DATE_EPOCH` within the period is an interim report, with a note.
    #[must_use]
    pub fn refuses(self, date: chrono::NaiveDate, end: chrono::NaiveDate) -> bool {
        self == DateSource::Flag && date < end
    }

    /// How a report says it.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            DateSource::Flag => "--date option",
            DateSource::SourceDateEpoch => "SOURCE_DATE_EPOCH",
            DateSource::PeriodEnd => "end of the reporting period",
            DateSource::Today => "day it was made",
        }
    }
}

/// Where a report's template came from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TemplateOrigin {
    /// A template compiled into wattprint (`--template`).
    #[default]
    Builtin,
    /// A user's template folder (`--template-dir`), attached to a PDF report file by file
    /// under `template/` so that `verify` can render it again.
    Folder,
}

/// The name under which a PDF report attaches its computed results and manifest.
pub const REPORT_JSON: &str = "wattprint-report.json";

/// The prefix under which a PDF report attaches the files of a user's template folder.
pub const TEMPLATE_ATTACHMENT_PREFIX: &str = "template/";

/// The prefix under which a PDF report attaches the files its input names (hourly CSVs).
pub const LINKED_ATTACHMENT_PREFIX: &str = "linked/";

/// The reference data a report's defaults came from.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReferenceData {
    /// The dataset: the built-in one's version, and the name of a user's file extending it.
    pub dataset: String,
    /// The user's reference data file, as attached to a PDF report.
    pub file: Option<FileName>,
    /// SHA-256 of that file's bytes.
    pub file_sha256: Option<Sha256Hex>,
    /// Every value taken from the dataset, with its year and source.
    pub uses: Vec<crate::reference::resolve::Use>,
}

/// What a report is made from and with, as [`Manifest::new`] records it.
#[derive(Debug)]
pub struct Made<'a> {
    /// The disclosure file, as named on the command line.
    pub input: &'a std::path::Path,
    /// Its bytes exactly as read.
    pub input_bytes: &'a [u8],
    /// The disclosure read from it.
    pub disclosure: &'a crate::model::Disclosure,
    /// The reference dataset's name.
    pub dataset: &'a str,
    /// The user's reference data file and its bytes, when `--data` named one.
    pub reference_file: Option<(&'a std::path::Path, &'a [u8])>,
    /// Every value taken from the reference data.
    pub uses: Vec<crate::reference::resolve::Use>,
    /// The template's name.
    pub template: &'a str,
    /// Where the template came from.
    pub template_origin: TemplateOrigin,
    /// SHA-256 over the template's files.
    pub template_sha256: Sha256Hex,
    /// The audience, when the report is for one.
    pub audience: Option<crate::model::Audience>,
    /// How the date is decided.
    pub now: crate::clock::Now,
    /// The full input, when `input` is the part of it an audience receives.
    pub redacted_from: Option<redact::Redaction>,
    /// The previous period's disclosure file and its bytes, when the report compares with one.
    pub previous: Option<(&'a std::path::Path, &'a [u8])>,
    /// The files the input names, as read.
    pub linked: &'a [crate::check::hourly::LinkedFile],
}

impl Manifest {
    /// The manifest of a report made as `made` says: files named without their folders and
    /// hashed, this wattprint's version, and the date `now` decides.
    #[must_use]
    pub fn new(made: Made<'_>) -> Self {
        let input = FileName::of(made.input);
        let reference_file = made.reference_file.map(|(path, bytes)| {
            // Two attachments cannot share a name.
            let name = FileName::of(path);
            let name = if name == input || name.as_str() == REPORT_JSON {
                name.prefixed("reference-data-")
            } else {
                name
            };
            (name, Sha256Hex::of(bytes))
        });
        let previous = made.previous.map(|(path, bytes)| {
            // Each attachment has a name of its own: the file's, else the first of these that
            // no other attachment has (a prefix makes no name when the result is too long).
            let taken = |name: &FileName| {
                *name == input
                    || name.as_str() == REPORT_JSON
                    || reference_file.as_ref().is_some_and(|(r, _)| r == name)
            };
            let own = FileName::of(path);
            let input = [
                own.clone(),
                own.prefixed("previous-"),
                own.prefixed("previous-previous-"),
                FileName("previous-period.yaml".to_owned()),
                FileName("previous-period-disclosure.yaml".to_owned()),
            ]
            .into_iter()
            .find(|name| !taken(name))
            .unwrap_or(own);
            Previous {
                input,
                input_sha256: Sha256Hex::of(bytes),
            }
        });
        let (file, file_sha256) = reference_file.unzip();
        Self {
            input,
            input_sha256: Sha256Hex::of(made.input_bytes),
            tool_version: env!("CARGO_PKG_VERSION").to_owned(),
            template: made.template.to_owned(),
            template_origin: made.template_origin,
            template_sha256: made.template_sha256,
            schema_version: made.disclosure.schema_version,
            reference_data: ReferenceData {
                dataset: made.dataset.to_owned(),
                file,
                file_sha256,
                uses: made.uses,
            },
            audience: made.audience,
            date: made.now.date(made.disclosure.reporting_period.end),
            date_source: DateSource::of(made.now),
            redacted_from: made.redacted_from,
            previous,
            linked: LinkedInput::all(made.linked),
        }
    }

    /// A short identifier for the document, stable for identical inputs and different for each
    /// template and audience, since each is a document of its own: `WP-` and the first 12 hex
    /// digits of the SHA-256 over the input's hash, the template's name and the audience.
    #[must_use]
    pub fn report_id(&self) -> String {
        let audience = self.audience.map_or("all", crate::model::Audience::key);
        let document = format!("{}\n{}\n{audience}", self.input_sha256, self.template);
        let digest = Sha256Hex::of(document.as_bytes());
        format!("WP-{}", &digest.as_str()[..12].to_uppercase())
    }
}

/// A SHA-256 digest as 64 lowercase hexadecimal digits; nothing else deserialises into it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Sha256Hex(String);

impl Sha256Hex {
    /// The digest of `bytes`.
    #[must_use]
    pub fn of(bytes: &[u8]) -> Self {
        Self(crate::text::sha256_hex(bytes))
    }

    /// The 64 hexadecimal digits.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Sha256Hex {
    type Error = String;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        if text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            Ok(Self(text))
        } else {
            Err(format!(
                "`{}` is not a SHA-256 digest (64 lowercase hexadecimal digits)",
                text.escape_debug()
            ))
        }
    }
}

impl From<Sha256Hex> for String {
    fn from(hash: Sha256Hex) -> Self {
        hash.0
    }
}

impl JsonSchema for Sha256Hex {
    fn schema_name() -> Cow<'static, str> {
        "Sha256Hex".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A SHA-256 digest: 64 lowercase hexadecimal digits.",
            "type": "string",
            "pattern": "^[0-9a-f]{64}$",
        })
    }
}

impl std::fmt::Display for Sha256Hex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A file's name without any folder: what a report records of an input, and the only kind of
/// name `verify` will look up beside a JSON report. It cannot be empty, `.` or `..`, hold a
/// path separator, a NUL or a control character, or start with a dot, so nothing a report
/// names can reach outside the PDF or the folder it is verified in.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct FileName(String);

impl FileName {
    /// The name of the file `path` points at, its folders and leading dots dropped
    /// (`.factors.yaml` is recorded as `factors.yaml`); a name that was only a dot and an
    /// extension keeps the extension after `input` (`.yaml` as `input.yaml`, `.json` as
    /// `input.json`); `input.yaml` when the path has no usable name.
    #[must_use]
    pub fn of(path: &std::path::Path) -> Self {
        path.file_name()
            .and_then(|n| {
                let name = n.to_string_lossy();
                let visible = name.trim_start_matches('.');
                let name = if visible.is_empty() {
                    "input.yaml".to_owned()
                } else if visible.len() < name.len() && !visible.contains('.') {
                    format!("input.{visible}")
                } else {
                    visible.to_owned()
                };
                Self::try_from(name).ok()
            })
            .unwrap_or_else(|| Self("input.yaml".to_owned()))
    }

    /// The name with `prefix` (a plain word) before it: `reference-data-d.yaml`.
    #[must_use]
    pub fn prefixed(&self, prefix: &str) -> Self {
        Self::try_from(format!("{prefix}{}", self.0)).unwrap_or_else(|_| self.clone())
    }

    /// The name.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for FileName {
    type Error = String;

    fn try_from(name: String) -> Result<Self, Self::Error> {
        let plain = !name.is_empty()
            && name.len() <= 255
            && !name.starts_with('.')
            && !name
                .chars()
                .any(|c| matches!(c, '/' | '\\' | ':') || c.is_control());
        if plain {
            Ok(Self(name))
        } else {
            Err(format!(
                "`{}` is not a plain file name (no folders, no leading dot)",
                name.escape_debug()
            ))
        }
    }
}

impl From<FileName> for String {
    fn from(name: FileName) -> Self {
        name.0
    }
}

impl JsonSchema for FileName {
    fn schema_name() -> Cow<'static, str> {
        "FileName".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A plain file name: no folders, no leading dot, no control characters, at most 255 bytes.",
            "type": "string",
            "minLength": 1,
            "pattern": "^[^./\\\\:\\u0000-\\u001F\\u007F-\\u009F][^/\\\\:\\u0000-\\u001F\\u007F-\\u009F]*$",
        })
    }
}

impl std::fmt::Display for FileName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_malformed_digest_is_refused_when_read() {
        // Regression (issue 17): `"ab"` reached `report_id`, which sliced 12 bytes and panicked.
        for bad in ["ab", "", &"A".repeat(64), &"g".repeat(64), &"a".repeat(65)] {
            assert!(Sha256Hex::try_from(bad.to_owned()).is_err(), "{bad}");
        }
        assert!(Sha256Hex::try_from("0".repeat(64)).is_ok());
    }

    #[test]
    fn a_file_name_cannot_name_a_folder() {
        // Regression (issue 17): `verify DIR` read `/etc/passwd` and `../dotenv` named here.
        for bad in [
            "/etc/passwd",
            "../dotenv",
            "..",
            ".",
            "",
            ".env",
            "a/b",
            "a\\b",
            "c:x",
            "a\nb",
        ] {
            assert!(FileName::try_from(bad.to_owned()).is_err(), "{bad:?}");
        }
        assert_eq!(
            FileName::of(std::path::Path::new("/abs/d.yaml")).as_str(),
            "d.yaml"
        );
        assert_eq!(
            FileName::of(std::path::Path::new("./d.yaml")).as_str(),
            "d.yaml"
        );
        for (hidden, recorded) in [
            (".factors.yaml", "factors.yaml"),
            (".yaml", "input.yaml"),
            ("..", "input.yaml"),
            ("...", "input.yaml"),
            (".json", "input.json"),
        ] {
            assert_eq!(
                FileName::of(std::path::Path::new(hidden)).as_str(),
                recorded
            );
        }
    }

    #[test]
    fn sha256_matches_the_published_test_vector() {
        // FIPS 180-2, Appendix B.1: SHA-256("abc").
        assert_eq!(
            Sha256Hex::of(b"abc").as_str(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
