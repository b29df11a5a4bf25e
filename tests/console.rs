//! `--color`, `NO_COLOR`, `--quiet` and `--verbose`: what reaches the terminal.

use crate::support::wattprint;

const MANY: &str = "tests/fixtures/invalid/many-problems.yaml";

/// The findings of `many-problems` with colour, escapes shown as `␛` so the snapshot reads.
#[test]
fn coloured_diagnostics_read_as_snapshotted() {
    let output = wattprint(["validate", "--color", "always", MANY]).expect(1);
    assert!(output.stdout.contains("\u{1b}[1m\u{1b}[31merror[unit]"));
    insta::assert_snapshot!("coloured", output.stdout.replace('\u{1b}', "␛"));
}

#[test]
fn pipes_and_no_color_get_plain_text() {
    let piped = wattprint(["validate", MANY]).expect(1);
    assert!(!piped.stdout.contains('\u{1b}'), "{}", piped.stdout);
    let never = wattprint(["validate", "--color", "never", MANY])
        .env("NO_COLOR", "1")
        .expect(1);
    assert_eq!(never.stdout, piped.stdout);
    let refused = wattprint(["report", "no/such.yaml", "-o", "x.pdf"])
        .env("NO_COLOR", "1")
        .expect(2);
    assert!(refused.stderr.starts_with("error: cannot read"));
}

#[test]
fn quiet_keeps_errors_only() {
    let warns = "tests/fixtures/invalid/no-workload.yaml";
    let output = wattprint(["validate", "--quiet", MANY, warns]).expect(1);
    assert!(output.stdout.contains("error["), "{}", output.stdout);
    assert!(!output.stdout.contains("warning["), "{}", output.stdout);
    assert!(!output.stdout.contains("checked:"), "{}", output.stdout);
    let loud = wattprint(["validate", MANY, warns]).expect(1);
    assert!(loud.stdout.contains("warning["), "{}", loud.stdout);
    let warning_only = wattprint(["validate", "-q", warns]).expect(0);
    assert_eq!(warning_only.stdout, "");
}

#[test]
fn verbose_shows_each_step_on_standard_error() {
    let dir = crate::support::Scratch::new("verbose");
    let out = dir.path("report.md");
    let output = wattprint([
        "report".as_ref(),
        "--verbose".as_ref(),
        "examples/deployer-colocation.yaml".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
    ])
    .expect(0);
    let steps: Vec<&str> = output.stderr.lines().collect();
    assert_eq!(steps.len(), 3, "{}", output.stderr);
    for (line, step) in steps
        .iter()
        .zip(["loaded, validated and computed", "rendered", "wrote"])
    {
        assert!(line.contains(" ms ") && line.contains(step), "{line}");
    }
    let silent = wattprint([
        "report".as_ref(),
        "examples/deployer-colocation.yaml".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
    ])
    .expect(0);
    assert_eq!(silent.stderr, "");
}

#[test]
fn quiet_and_verbose_together_are_a_usage_error() {
    let output = wattprint(["validate", "-q", "-v", MANY]).expect(2);
    assert!(
        output.stderr.contains("cannot be used with"),
        "{}",
        output.stderr
    );
}

/// The sample the editor screenshots are made from: the language server underlines line 24,
/// column 14, and `validate` finds the same problem at the same place.
#[test]
fn the_editor_sample_fails_where_the_editor_underlines_it() {
    let output = wattprint(["validate", "docs/editor/disclosure.yaml"]).expect(1);
    assert!(
        output
            .stdout
            .starts_with("docs/editor/disclosure.yaml:24:14: error[unit]:"),
        "{}",
        output.stdout
    );
}
