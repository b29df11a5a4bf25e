//! `wattprint init` writes a starting disclosure that validates for every role and operation,
//! and replaces an existing file only when asked to.

use crate::support::{Scratch, wattprint, write_file};

#[test]
fn every_role_and_operation_starts_from_a_valid_disclosure() {
    let scratch = Scratch::new("init");
    for role in ["provider", "deployer", "both"] {
        for operation in ["own", "colocation", "cloud"] {
            let out = scratch.path(&format!("{role}-{operation}.yaml"));
            wattprint([
                "init".as_ref(),
                "--role".as_ref(),
                role.as_ref(),
                "--operation".as_ref(),
                operation.as_ref(),
                "-o".as_ref(),
                out.as_os_str(),
            ])
            .expect(0);
            let output = wattprint(["validate".as_ref(), out.as_os_str()]).run();
            assert_eq!(output.code, 0, "{role}/{operation}:\n{}", output.stdout);
            // Only the example texts left to replace are flagged.
            assert!(
                output.stdout.contains("warning[placeholder]")
                    && !output.stdout.contains("error[")
                    && output
                        .stdout
                        .lines()
                        .filter(|l| l.contains("warning["))
                        .all(|l| l.contains("warning[placeholder]")),
                "{role}/{operation}:\n{}",
                output.stdout
            );
            wattprint([
                "report".as_ref(),
                out.as_os_str(),
                "-o".as_ref(),
                scratch.path(&format!("{role}-{operation}.md")).as_os_str(),
            ])
            .expect(0);
        }
    }
}

#[test]
fn init_and_import_replace_a_file_only_with_force() {
    let scratch = Scratch::new("init-existing");
    let out = scratch.path("disclosure.yaml");
    write_file(&out, "mine");
    let output = wattprint(["init".as_ref(), "-o".as_ref(), out.as_os_str()]).expect(2);
    assert!(
        output.stderr.contains("already exists") && output.stderr.contains("--force"),
        "{}",
        output.stderr
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "mine");
    wattprint([
        "init".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
        "--force".as_ref(),
    ])
    .expect(0);
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains("schema_version: 1")
    );

    // The same policy for import, which never replaces the record it reads, even with --force.
    let card = scratch.path("README.md");
    write_file(
        &card,
        "---\nco2_eq_emissions:\n  emissions: 150\n  source: CodeCarbon\n  training_type: pre-training\n---\n# m\n",
    );
    let import = |output: &std::path::Path, force: bool| {
        let mut args = vec![
            "import".as_ref(),
            "huggingface".as_ref(),
            card.as_os_str(),
            "--provider".as_ref(),
            "Acme".as_ref(),
            "--name".as_ref(),
            "m".as_ref(),
            "-o".as_ref(),
            output.as_os_str(),
        ];
        if force {
            args.push("--force".as_ref());
        }
        wattprint(args)
    };
    let refused = import(&out, false).expect(2);
    assert!(
        refused.stderr.contains("already exists"),
        "{}",
        refused.stderr
    );
    import(&out, true).expect(0);
    assert!(std::fs::read_to_string(&out).unwrap().contains("Acme"));
    let over_input = import(&card, true).expect(2);
    assert!(
        over_input.stderr.contains("is the input"),
        "{}",
        over_input.stderr
    );
}

#[test]
fn completions_and_man_page_come_from_the_command_line_definition() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let output = wattprint(["completions", shell]).expect(0);
        for subcommand in ["validate", "report", "verify", "diff", "init"] {
            assert!(
                output.stdout.contains(subcommand),
                "{shell} completions lack {subcommand}"
            );
        }
    }
    let man = wattprint(["man"]).expect(0);
    assert!(
        man.stdout.starts_with(".ie") && man.stdout.contains(".TH wattprint 1"),
        "{}",
        &man.stdout[..200.min(man.stdout.len())]
    );
    wattprint(["completions", "tcsh"]).expect(2);
    // `--template` completes to the built-in templates.
    let bash = wattprint(["completions", "bash"]).expect(0).stdout;
    assert!(bash.contains("eu-ai-act esrs-e1 levers net-positive summary"));
}

#[test]
fn man_writes_a_page_for_every_command_it_names() {
    let scratch = Scratch::new("man-pages");
    // A folder that does not exist yet, as `~/.local/share/man/man1` often does not.
    let dir = scratch.path("share/man/man1");
    wattprint(["man".as_ref(), "--dir".as_ref(), dir.as_os_str()]).expect(0);
    let top = std::fs::read_to_string(dir.join("wattprint.1")).unwrap();
    // Every page the top-level page refers to, `wattprint\-validate(1)` in roff, is there.
    let named: Vec<String> = top
        .split("wattprint\\-")
        .skip(1)
        .filter_map(|rest| {
            rest.split_once("(1)")
                .map(|(name, _)| name.replace("\\-", "-"))
        })
        .collect();
    assert!(named.len() >= 15, "{named:?}");
    for name in named {
        let page = std::fs::read_to_string(dir.join(format!("wattprint-{name}.1")))
            .unwrap_or_else(|_| panic!("no page for wattprint-{name}(1)"));
        assert!(page.contains(".SH \"EXIT STATUS\""), "wattprint-{name}.1");
    }
    assert!(top.contains(".SH \"EXIT STATUS\""));
    let validate = std::fs::read_to_string(dir.join("wattprint-validate.1")).unwrap();
    assert!(validate.contains("\\-\\-sarif\\-base"));
}
