//! `schema-version`: the file is written for the input format this build reads.

use super::{Check, Rule};
use crate::diagnostic::Diagnostic;
use crate::model::{Disclosure, SCHEMA_VERSION};

pub static RULE: Rule = Rule {
    code: "schema-version",
    summary: "`schema_version` is one this build of wattprint reads",
    why: "A file written for another version of the format may mean something else by the same field; reading it anyway could misstate a figure.",
    example: "schema_version: 2   # fix: schema_version: 1, or use the wattprint release that reads version 2",
    check: Check::Disclosure(check),
};

fn check(d: &Disclosure, out: &mut Vec<Diagnostic>) {
    if d.schema_version != SCHEMA_VERSION {
        out.push(
            Diagnostic::error(RULE.code, format!("schema version {} is not supported; this build reads version {SCHEMA_VERSION}", d.schema_version))
                .at("/schema_version")
                .help(format!("write `schema_version: {SCHEMA_VERSION}` and check the file against `wattprint schema`")),
        );
    }
}
