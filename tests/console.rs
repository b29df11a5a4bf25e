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
fn clicolor_force_colours_a_pipe_and_no_color_wins() {
    let forced = wattprint(["validate", MANY])
        .env("CLICOLOR_FORCE", "1")
        .expect(1);
    assert!(forced.stdout.contains("\u{1b}["), "{}", forced.stdout);
    let both = wattprint(["validate", MANY])
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "1")
        .expect(1);
    assert!(!both.stdout.contains('\u{1b}'));
}

/// `wattprint ARGS` on a pseudo-terminal (util-linux's `script`) with `TERM` set: what it
/// printed, or `None` where `script` is missing.
fn on_a_terminal(term: &str, args: &str) -> Option<String> {
    let output = std::process::Command::new("script")
        .args([
            "-qec",
            &format!("{} {args}", env!("CARGO_BIN_EXE_wattprint")),
            "/dev/null",
        ])
        .current_dir(crate::support::root())
        .env("TERM", term)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CI")
        .output();
    if let Ok(output) = output {
        Some(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        eprintln!("skipped: util-linux's `script` is not installed");
        None
    }
}

#[test]
fn a_dumb_terminal_gets_no_colour() {
    let Some(coloured) = on_a_terminal("xterm-256color", &format!("validate {MANY}")) else {
        return;
    };
    assert!(coloured.contains("\u{1b}[1m\u{1b}[31merror["), "{coloured}");
    let dumb = on_a_terminal("dumb", &format!("validate {MANY}")).unwrap_or_default();
    assert!(dumb.contains("error[unit]"), "{dumb}");
    assert!(!dumb.contains('\u{1b}'), "{dumb}");
}

#[test]
fn color_never_reaches_the_usage_errors_too() {
    let Some(coloured) = on_a_terminal("xterm-256color", "validate --bogus") else {
        return;
    };
    assert!(coloured.contains('\u{1b}'), "{coloured}");
    let plain =
        on_a_terminal("xterm-256color", "--color never validate --bogus").unwrap_or_default();
    assert!(plain.contains("--bogus"), "{plain}");
    assert!(!plain.contains('\u{1b}'), "{plain}");
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
