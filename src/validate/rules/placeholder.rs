//! `placeholder`: an example text `wattprint init` wrote is not published as if it were the
//! organisation's own.

use super::{Check, Rule};
use crate::diagnostic::Diagnostic;
use crate::model::Disclosure;
use crate::model::starter::example;

pub static RULE: Rule = Rule {
    code: "placeholder",
    summary: "no example text of `wattprint init` is left in the disclosure (a warning; an error with --strict)",
    why: "A report is a statement by the organisation: a methodology that reads \"How the figures were obtained, in your own words.\" tells an authority or an auditor that nobody wrote one.",
    example: "narrative: How the figures were obtained, in your own words.   # fix: describe the meters, the period and the estimates in your own words",
    check: Check::Disclosure(check),
};

fn check(d: &Disclosure, out: &mut Vec<Diagnostic>) {
    let mut fields: Vec<(String, &str, &str)> = vec![
        (
            "/organisation/name".to_owned(),
            &d.organisation.name,
            example::ORGANISATION,
        ),
        ("/system/name".to_owned(), &d.system.name, example::SYSTEM),
        (
            "/methodology/narrative".to_owned(),
            &d.methodology.narrative,
            example::NARRATIVE,
        ),
    ];
    if let Some(description) = &d.system.description {
        fields.push((
            "/system/description".to_owned(),
            description,
            example::DESCRIPTION,
        ));
    }
    if let Some(training) = &d.methodology.training {
        fields.push((
            "/methodology/training".to_owned(),
            training,
            example::TRAINING,
        ));
    }
    if let Some(allocation) = &d.methodology.allocation {
        fields.push((
            "/methodology/allocation".to_owned(),
            allocation,
            example::ALLOCATION,
        ));
    }
    for (i, model) in d.system.models.iter().enumerate() {
        fields.push((
            format!("/system/models/{i}/name"),
            &model.name,
            example::MODEL,
        ));
        fields.push((
            format!("/system/models/{i}/provider"),
            &model.provider,
            example::PROVIDER,
        ));
    }
    for (pointer, written, placeholder) in fields {
        if written.trim() == placeholder {
            out.push(
                Diagnostic::warning(
                    RULE.code,
                    format!("`{placeholder}` is the example text `wattprint init` wrote"),
                )
                .at(pointer)
                .help("replace it with your own before publishing a report"),
            );
        }
    }
}
