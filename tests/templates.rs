//! `--template-dir`: a user's own template renders with the shared library, names the file,
//! line and variable of its mistakes, and cannot read anything outside its folder.

use crate::support::{Scratch, pdf_text, squash, wattprint, write_file};

fn report(dir: &std::path::Path, out: &std::path::Path) -> crate::support::Run {
    wattprint([
        "report".as_ref(),
        "examples/deployer-colocation.yaml".as_ref(),
        "--template-dir".as_ref(),
        dir.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ])
}

#[test]
fn a_folder_template_renders_with_the_shared_library() {
    let scratch = Scratch::new("template-dir");
    let dir = scratch.path("acme");
    std::fs::create_dir_all(dir.join("parts")).unwrap();
    write_file(
        &dir.join("report.typ"),
        "#import \"wattprint.typ\": *\n#import \"parts/note.typ\": note\n\
         #show: report.with(title: \"Acme\", author: {{ organisation.name | typst_str }})\n\
         = Acme energy note\n{{ totals.facility_energy_mwh | typst }} MWh. #note\n",
    );
    write_file(&dir.join("parts/note.typ"), "#let note = [From a part.]\n");
    write_file(
        &dir.join("report.md"),
        "# Acme\n\n{{ totals.facility_energy_mwh }} MWh for {{ system.name | md }}.\n",
    );
    let pdf = scratch.path("acme.pdf");
    report(&dir, &pdf).expect(0);
    let text = pdf_text(&std::fs::read(&pdf).unwrap());
    // 55.62 MWh, to the three figures its interval (52.8–58.3) supports.
    assert!(text.contains(&squash("55.6 MWh. From a part.")), "{text}");
    let md = scratch.path("acme.md");
    report(&dir, &md).expect(0);
    assert!(
        std::fs::read_to_string(&md)
            .unwrap()
            .contains("55.6 MWh for Triage Assistant.")
    );
    // The shared HTML shell wraps the folder's Markdown.
    let html = scratch.path("acme.html");
    report(&dir, &html).expect(0);
    assert!(
        std::fs::read_to_string(&html)
            .unwrap()
            .contains("At a glance")
    );
}

/// A folder template `name` whose `report.typ` is `typst` after the shared library's import.
fn typst_template(scratch: &Scratch, name: &str, typst: &str) -> std::path::PathBuf {
    let dir = scratch.path(name);
    std::fs::create_dir_all(&dir).unwrap();
    write_file(
        &dir.join("report.typ"),
        &format!("#import \"wattprint.typ\": *\n{typst}"),
    );
    dir
}

/// The PDF text of [`typst_template`]'s folder template.
fn pdf_of_template(scratch: &Scratch, name: &str, typst: &str) -> String {
    let dir = typst_template(scratch, name, typst);
    let pdf = scratch.path(&format!("{name}.pdf"));
    report(&dir, &pdf).expect(0);
    pdf_text(&std::fs::read(&pdf).unwrap())
}

#[test]
fn the_shared_library_numbers_headings_as_written() {
    // `report` numbers the headings at the top level of the document itself, in one layout
    // pass, the rest of the body held by a `set` rule too; a heading's label still leads to it,
    // one with its own numbering or inside other content is left alone.
    let scratch = Scratch::new("headings");
    let body = "= First\n== One\n== Two <two>\nSee #link(<two>)[the second].\n\
                #set text(fill: blue)\n= Second\n#heading(level: 2, supplement: [Part])[Deep]\n\
                #heading(numbering: none)[Unnumbered]\n#block[= Inside]\n= Third\n";
    let text = pdf_of_template(
        &scratch,
        "plain",
        &format!("#show: report.with(title: \"Acme\")\n{body}"),
    );
    for heading in [
        "1 First",
        "1.1 One",
        "1.2 Two",
        "See the second.",
        "2 Second",
        "2.1 Deep",
        "3 Third",
    ] {
        assert!(text.contains(&squash(heading)), "{heading}: {text}");
    }
    for unnumbered in ["Unnumbered", "Inside"] {
        let at = text.find(unnumbered).unwrap();
        assert!(
            !text[..at].ends_with(|c: char| c.is_ascii_digit()),
            "{unnumbered}: {text}"
        );
    }
    // Another pattern.
    let text = pdf_of_template(
        &scratch,
        "roman",
        &format!("#show: report.with(title: \"Acme\", numbering: \"I.a\")\n{body}"),
    );
    for heading in [
        "I First",
        "I.a One",
        "I.b Two",
        "II Second",
        "II.a Deep",
        "III Third",
    ] {
        assert!(text.contains(&squash(heading)), "{heading}: {text}");
    }
    // Left to the template, which references a heading through Typst's own numbering.
    let text = pdf_of_template(
        &scratch,
        "own",
        &format!(
            "#show: report.with(title: \"Acme\", numbering: none)\n\
             #set heading(numbering: \"1.1\")\n{body}As @two says.\n"
        ),
    );
    for heading in ["1 First", "1.2 Two", "As Section 1.2 says."] {
        assert!(text.contains(&squash(heading)), "{heading}: {text}");
    }
    // So many rules that the walk would nest too deeply: Typst numbers them instead.
    let many = "#set text(size: 10pt)\n= H\n".repeat(30);
    let text = pdf_of_template(
        &scratch,
        "many",
        &format!("#show: report.with(title: \"Acme\")\n{many}"),
    );
    for heading in ["1 H", "29 H", "30 H"] {
        assert!(text.contains(&squash(heading)), "{heading}: {text}");
    }
}

#[test]
fn a_reference_to_a_heading_the_library_numbered_says_how_to_make_one() {
    let scratch = Scratch::new("heading-reference");
    let dir = typst_template(
        &scratch,
        "refs",
        "#show: report.with(title: \"Acme\")\n= First <first>\nAs @first says.\n",
    );
    let run = report(&dir, &scratch.path("refs.pdf"));
    let stderr = run.expect(2).stderr;
    assert!(
        stderr.contains("pass `numbering: none` to `report.with(..)`"),
        "{stderr}"
    );
    assert!(!scratch.path("refs.pdf").exists());
}

#[test]
fn a_template_mistake_names_the_file_line_and_variable() {
    let scratch = Scratch::new("template-mistake");
    let dir = scratch.path("broken");
    std::fs::create_dir_all(&dir).unwrap();
    write_file(
        &dir.join("report.md"),
        "# T\n\n{{ totals.facility_energy_mwh }}\n{{ totals.no_such }}\n",
    );
    let output = report(&dir, &scratch.path("x.md")).expect(2);
    assert!(
        output.stderr.contains("file `report.md:4`")
            && output
                .stderr
                .contains("Variable `totals.no_such` not found"),
        "{}",
        output.stderr
    );
    assert!(
        !scratch.path("x.md").exists(),
        "nothing is written on failure"
    );
}

#[test]
fn a_template_cannot_read_outside_its_folder() {
    let scratch = Scratch::new("template-escape");
    let dir = scratch.path("nosy");
    std::fs::create_dir_all(&dir).unwrap();
    let secret = scratch.path("secret.txt");
    write_file(&secret, "do not print me");
    for attempt in [
        "/etc/passwd",
        "../secret.txt",
        "/attachments/../../secret.txt",
    ] {
        write_file(&dir.join("report.typ"), &format!("#read(\"{attempt}\")\n"));
        let output = report(&dir, &scratch.path("x.pdf")).run();
        assert_eq!(output.code, 2, "{attempt}: {output:?}");
        assert!(!output.stderr.contains("do not print me"));
        assert!(
            !output
                .stderr
                .contains(scratch.path("").to_string_lossy().as_ref()),
            "{attempt}: a host path leaked: {}",
            output.stderr
        );
    }
    // A link in the folder refuses the folder before anything is read through it.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&secret, dir.join("link.txt")).unwrap();
        write_file(&dir.join("report.typ"), "#read(\"link.txt\")\n");
        let output = report(&dir, &scratch.path("x.pdf")).run();
        assert_eq!(output.code, 2, "{output:?}");
        assert!(!output.stderr.contains("do not print me"));
        assert!(
            output.stderr.contains("`link.txt` is a link"),
            "{}",
            output.stderr
        );
    }
}

#[test]
fn a_template_cannot_download_packages() {
    let scratch = Scratch::new("template-package");
    let dir = scratch.path("online");
    std::fs::create_dir_all(&dir).unwrap();
    // Typst fetches `@preview` packages from the network; wattprint's world has no package
    // source at all, so the import fails at once, whatever the network.
    write_file(
        &dir.join("report.typ"),
        "#import \"@preview/cetz:0.3.0\": canvas\n#canvas({})\n",
    );
    let output = report(&dir, &scratch.path("x.pdf")).run();
    assert_eq!(output.code, 2, "{output:?}");
    assert!(
        output
            .stderr
            .contains("wattprint does not download packages"),
        "{}",
        output.stderr
    );
    assert!(!scratch.path("x.pdf").exists());
}

#[test]
fn a_folder_without_an_entry_is_refused() {
    let scratch = Scratch::new("template-empty");
    let dir = scratch.path("empty");
    std::fs::create_dir_all(&dir).unwrap();
    let output = report(&dir, &scratch.path("x.pdf")).expect(2);
    assert!(
        output
            .stderr
            .contains("none of report.typ, report.md and report.html"),
        "{}",
        output.stderr
    );
}

/// The context of `example` as templates see it, as JSON.
fn context_of(example: &str) -> serde_json::Value {
    use wattprint::evidence;
    let text = std::fs::read_to_string(crate::support::root().join(example)).unwrap();
    let wattprint::check::Clean {
        disclosure,
        results,
        reference,
        ..
    } = crate::support::checked(example, &text);
    let manifest = evidence::Manifest::new(evidence::Made {
        input: std::path::Path::new(example),
        input_bytes: text.as_bytes(),
        disclosure: &disclosure,
        dataset: "d",
        reference_file: None,
        uses: reference,
        template: "t",
        template_origin: evidence::TemplateOrigin::Builtin,
        template_sha256: evidence::Sha256Hex::of(b""),
        audience: None,
        now: wattprint::clock::Now::FromInputs,
        redacted_from: None,
        previous: None,
        linked: &[],
    });
    serde_json::to_value(wattprint::render::context::build(
        &disclosure,
        &results,
        &manifest,
    ))
    .unwrap()
}

/// Whether `path` (`totals.it_energy_mwh`, `charts.crossovers[].points[].0`) names a value in
/// `value`; `[]` steps into every element of an array, and an empty array cannot refute.
fn resolves(value: &serde_json::Value, path: &[&str]) -> bool {
    let Some((first, rest)) = path.split_first() else {
        return true;
    };
    match (*first, value) {
        ("[]", serde_json::Value::Array(items)) => {
            items.is_empty() || items.iter().any(|item| resolves(item, rest))
        }
        (index, serde_json::Value::Array(items)) if index.parse::<usize>().is_ok() => items
            .get(index.parse::<usize>().unwrap())
            .is_some_and(|v| resolves(v, rest)),
        (key, serde_json::Value::Object(map)) => map.get(key).is_some_and(|v| resolves(v, rest)),
        _ => false,
    }
}

/// Every variable path a Tera template uses, with loop variables expanded to the path of
/// the array they run over.
fn variables(template: &str) -> Vec<String> {
    const WORDS: &[&str] = &[
        "if", "elif", "else", "endif", "for", "endfor", "in", "not", "and", "or", "true", "false",
        "loop", "set", "length",
    ];
    let mut loops: Vec<(String, String)> = Vec::new();
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find(['{']) {
        let tail = &rest[start..];
        let close = match tail.get(..2) {
            Some("{{") => "}}",
            Some("{%") => "%}",
            _ => {
                rest = &tail[1..];
                continue;
            }
        };
        let Some(end) = tail.find(close) else { break };
        let inner = tail[2..end].trim_matches(['-', ' ']);
        rest = &tail[end + 2..];
        if inner.starts_with("endfor") {
            loops.pop();
            continue;
        }
        // Filters and their arguments are not variables, nor are string literals.
        let expression: String = inner
            .split('|')
            .next()
            .unwrap_or_default()
            .split('"')
            .step_by(2)
            .collect::<Vec<_>>()
            .join(" ");
        let expression = expression.as_str();
        let expand = |word: &str, loops: &[(String, String)]| -> String {
            let (head, tail) = word.split_once('.').unwrap_or((word, ""));
            match loops.iter().rev().find(|(name, _)| name == head) {
                Some((_, array)) if tail.is_empty() => format!("{array}.[]"),
                Some((_, array)) => format!("{array}.[].{tail}"),
                None => word.to_owned(),
            }
        };
        if let Some(header) = expression.trim().strip_prefix("for ") {
            let (name, array) = header.split_once(" in ").unwrap();
            let array = expand(array.trim(), &loops);
            out.push(array.clone());
            loops.push((name.trim().to_owned(), array));
            continue;
        }
        for word in expression
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
            .filter(|w| w.starts_with(|c: char| c.is_ascii_alphabetic()))
            .filter(|w| !WORDS.contains(&w.split('.').next().unwrap_or_default()))
        {
            out.push(expand(word, &loops));
        }
    }
    out
}

#[test]
fn every_variable_a_built_in_template_uses_is_in_the_context() {
    let contexts = [
        context_of("examples/deployer-colocation.yaml"),
        context_of("examples/provider-cloud.yaml"),
        context_of("examples/claim-routing.yaml"),
    ];
    let mut files = Vec::new();
    for dir in [
        "eu-ai-act",
        "esrs-e1",
        "summary",
        "levers",
        "net-positive",
        "common",
    ] {
        for entry in std::fs::read_dir(crate::support::root().join("templates").join(dir)).unwrap()
        {
            let path = entry.unwrap().path();
            if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("typ" | "md" | "html")
            ) && path.file_name().is_some_and(|n| n != "README.md")
            {
                files.push(path);
            }
        }
    }
    assert!(files.len() >= 7);
    let mut missing = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for variable in variables(&text) {
            // `body` is the HTML shell's rendered Markdown, added when HTML is made.
            if variable == "body" {
                continue;
            }
            let path: Vec<&str> = variable.split('.').collect();
            if !contexts.iter().any(|c| resolves(c, &path)) {
                missing.push(format!("{}: {variable}", file.display()));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "variables not in the context: {missing:#?}"
    );
}
