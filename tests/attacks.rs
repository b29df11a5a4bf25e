//! Regressions of the attack pass of issue 17, each named for what it tried: forged evidence,
//! templates that reach for the machine, outputs written through links, inputs that would
//! exhaust it, and host paths in reports. Each closes a class, not only its example.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::support::{Scratch, root, wattprint, write_file};

/// A PDF report of `example` (a path under the root) at `out`, with extra `args`.
fn report(example: &str, out: &Path, args: &[&str]) {
    let mut all = vec![
        "report".as_ref(),
        example.as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
    ];
    all.extend(args.iter().map(std::ffi::OsStr::new));
    wattprint(all).expect(0);
}

fn verify(pdf: &Path) -> crate::support::Output {
    wattprint(["verify".as_ref(), pdf.as_os_str()]).run()
}

/// Verifies `pdf`, which must exit with `code` and say `said` on standard output.
fn expect_verify(pdf: &Path, code: i32, said: &str) {
    let output = verify(pdf);
    assert_eq!(output.code, code, "{output:#?}");
    assert!(output.stdout.contains(said), "{}", output.stdout);
}

/// The attachments of the PDF at `path`, by name, and the id of each one's file stream.
fn attachment_streams(document: &lopdf::Document) -> Vec<(String, lopdf::ObjectId)> {
    let mut out = Vec::new();
    for object in document.objects.values() {
        let Ok(spec) = object.as_dict() else { continue };
        if spec.get(b"Type").and_then(lopdf::Object::as_name).ok() != Some(b"Filespec".as_slice()) {
            continue;
        }
        let name = spec
            .get(b"UF")
            .or_else(|_| spec.get(b"F"))
            .and_then(lopdf::Object::as_str)
            .map(text)
            .unwrap_or_default();
        let stream = spec
            .get(b"EF")
            .and_then(lopdf::Object::as_dict)
            .and_then(|ef| ef.get(b"F"))
            .and_then(lopdf::Object::as_reference);
        if let Ok(stream) = stream {
            out.push((name, stream));
        }
    }
    out
}

/// A PDF text string: UTF-16BE behind its byte-order mark, or bytes.
fn text(bytes: &[u8]) -> String {
    match bytes.strip_prefix(&[0xFE, 0xFF]) {
        Some(utf16) => String::from_utf16_lossy(
            &utf16
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect::<Vec<_>>(),
        ),
        None => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// Replaces the content of the attachment called `name` in `pdf` with `bytes`, stored
/// uncompressed, as `qpdf --add-attachment --replace` would.
fn replace_attachment(pdf: &Path, name: &str, bytes: Vec<u8>) {
    let mut document = lopdf::Document::load(pdf).unwrap();
    let (_, id) = attachment_streams(&document)
        .into_iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no attachment {name}"));
    let stream = document
        .get_object_mut(id)
        .unwrap()
        .as_stream_mut()
        .unwrap();
    stream.dict.remove(b"Filter");
    stream.dict.remove(b"DecodeParms");
    stream.set_content(bytes);
    document.save(pdf).unwrap();
}

/// The attachment called `name` in `pdf`, decompressed.
fn attachment(pdf: &Path, name: &str) -> Vec<u8> {
    let bytes = std::fs::read(pdf).unwrap();
    let all = wattprint::evidence::read::attachments(&bytes, 64 << 20).unwrap();
    wattprint::evidence::read::attachment(&all, name)
        .unwrap()
        .to_vec()
}

/// The attached JSON report of `pdf` with `edit` applied to its manifest.
fn edit_manifest(pdf: &Path, edit: impl Fn(&mut serde_json::Value)) {
    let mut report: serde_json::Value =
        serde_json::from_slice(&attachment(pdf, "wattprint-report.json")).unwrap();
    edit(&mut report["manifest"]);
    replace_attachment(
        pdf,
        "wattprint-report.json",
        serde_json::to_vec_pretty(&report).unwrap(),
    );
}

/// A copy of an example with `from` replaced by `to`, in `scratch` under the example's name.
fn edited_example(scratch: &Scratch, example: &str, from: &str, to: &str) -> PathBuf {
    let text = std::fs::read_to_string(root().join(example)).unwrap();
    assert!(text.contains(from), "{example} has no {from:?}");
    let path = scratch.path(Path::new(example).file_name().unwrap().to_str().unwrap());
    write_file(&path, &text.replace(from, to));
    path
}

#[test]
fn a_forged_report_with_the_honest_evidence_attached_does_not_verify() {
    let scratch = Scratch::new("attack-forged");
    let honest = scratch.path("honest.pdf");
    report("examples/deployer-colocation.yaml", &honest, &[]);
    // The forger's pages come from an edited disclosure; its evidence is the honest one.
    let edited = edited_example(
        &scratch,
        "examples/deployer-colocation.yaml",
        "41.2 MWh",
        "21.2 MWh",
    );
    let forged = scratch.path("forged.pdf");
    report(edited.to_str().unwrap(), &forged, &[]);
    for name in ["deployer-colocation.yaml", "wattprint-report.json"] {
        replace_attachment(&forged, name, attachment(&honest, name));
    }
    expect_verify(&forged, 1, "mismatch: document");
    // Zeroing the template's digest, which once made verify skip the re-rendering, is now a
    // reason to refuse.
    edit_manifest(&forged, |m| m["template_sha256"] = "0".repeat(64).into());
    let output = verify(&forged);
    assert_eq!(output.code, 1, "{output:#?}");
    assert!(output.stdout.contains("not verified:"), "{}", output.stdout);
    assert!(
        output
            .stdout
            .contains("differ from those the report was made with"),
        "{}",
        output.stdout
    );
}

#[test]
fn a_report_that_cannot_be_rendered_again_is_not_verified() {
    let scratch = Scratch::new("attack-unverifiable");
    let pdf = scratch.path("r.pdf");
    report("examples/deployer-colocation.yaml", &pdf, &[]);
    for (edit, reason) in [
        (("tool_version", "9.9.9"), "made by wattprint 9.9.9"),
        (
            ("template", "summary"),
            "differ from those the report was made with",
        ),
        (
            ("template", "no-such-template"),
            "which this wattprint does not have",
        ),
        (("template_origin", "folder"), "which it does not carry"),
    ] {
        let copy = scratch.path("copy.pdf");
        std::fs::copy(&pdf, &copy).unwrap();
        edit_manifest(&copy, |m| m[edit.0] = edit.1.into());
        let output = verify(&copy);
        assert_eq!(output.code, 1, "{edit:?}: {output:#?}");
        assert!(
            output.stdout.contains(reason),
            "{edit:?}: {}",
            output.stdout
        );
    }
}

#[test]
fn a_report_made_with_a_template_folder_carries_it_and_verifies() {
    let scratch = Scratch::new("attack-template-dir");
    let folder = scratch.path("mine");
    std::fs::create_dir(&folder).unwrap();
    let typ = std::fs::read_to_string(root().join("templates/summary/report.typ")).unwrap();
    write_file(&folder.join("report.typ"), &typ);
    let pdf = scratch.path("r.pdf");
    report(
        "examples/deployer-colocation.yaml",
        &pdf,
        &["--template-dir", folder.to_str().unwrap()],
    );
    // A template the report carries could print any figure: it verifies only when the
    // person verifying names it as trusted.
    let output = verify(&pdf);
    assert_eq!(output.code, 1, "{output:#?}");
    let hash = output
        .stdout
        .split("--trust-template ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("no hash offered: {}", output.stdout))
        .to_owned();
    let output = wattprint([
        "verify".as_ref(),
        pdf.as_os_str(),
        "--trust-template".as_ref(),
        hash.as_ref(),
    ])
    .run();
    assert_eq!(output.code, 0, "{output:#?}");
    assert!(
        output.stdout.contains("its own template folder `mine`")
            && output.stdout.contains("same byte for byte"),
        "{}",
        output.stdout
    );
    // Its pages follow from the template it carries: an edit to that template is caught.
    replace_attachment(
        &pdf,
        "template/report.typ",
        format!("{typ}\n#[edited]\n").into_bytes(),
    );
    let output = wattprint([
        "verify".as_ref(),
        pdf.as_os_str(),
        "--trust-template".as_ref(),
        hash.as_ref(),
    ])
    .run();
    assert_eq!(output.code, 1, "{output:#?}");
    assert!(
        output.stdout.contains("which could print any figure"),
        "{}",
        output.stdout
    );
}

#[test]
fn a_losslessly_resaved_report_is_told_apart_from_an_edited_one() {
    let scratch = Scratch::new("attack-resaved");
    let pdf = scratch.path("r.pdf");
    report("examples/deployer-colocation.yaml", &pdf, &[]);
    // Another program's save: every object renumbered, every stream stored uncompressed.
    let mut document = lopdf::Document::load(&pdf).unwrap();
    document.decompress();
    document.renumber_objects_with(1000);
    let resaved = scratch.path("resaved.pdf");
    document.save(&resaved).unwrap();
    assert_ne!(
        std::fs::read(&pdf).unwrap(),
        std::fs::read(&resaved).unwrap()
    );
    expect_verify(&resaved, 1, "re-saved by another program");
    // The same save with one word of a page changed is an edit.
    let page = document.get_pages().into_values().next().unwrap();
    let content = document.get_page_content(page).unwrap();
    let at = content
        .windows(2)
        .position(|w| w == b"Tj" || w == b"TJ")
        .expect("a text operator");
    let mut edited_content = content.clone();
    edited_content[at - 2] = edited_content[at - 2].wrapping_add(1);
    document.change_page_content(page, edited_content).unwrap();
    let edited = scratch.path("edited.pdf");
    document.save(&edited).unwrap();
    expect_verify(&edited, 1, "mismatch: document");
}

#[test]
fn a_report_linearised_by_qpdf_is_told_apart_from_an_edited_one() {
    let scratch = Scratch::new("attack-qpdf");
    let pdf = scratch.path("r.pdf");
    report("examples/deployer-colocation.yaml", &pdf, &[]);
    let linear = scratch.path("linear.pdf");
    let Ok(status) = std::process::Command::new("qpdf")
        .arg("--linearize")
        .arg(&pdf)
        .arg(&linear)
        .status()
    else {
        eprintln!("skipped: qpdf is not installed (.ci/run installs it from Debian's packages)");
        return;
    };
    assert!(
        status.success() || status.code() == Some(3),
        "qpdf failed: {status}"
    );
    expect_verify(&linear, 1, "re-saved by another program");
}

#[test]
fn names_in_a_report_cannot_reach_outside_its_folder() {
    let scratch = Scratch::new("attack-folder");
    let input = scratch.path("d.yaml");
    std::fs::copy(root().join("examples/deployer-colocation.yaml"), &input).unwrap();
    let json = scratch.path("r.json");
    wattprint([
        "report".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        json.as_os_str(),
    ])
    .expect(0);
    let honest: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    for (field, name) in [
        ("input", "/etc/passwd"),
        ("input", "../d.yaml"),
        ("reference_data.file", "/proc/self/environ"),
        ("reference_data.file", "../dotenv"),
    ] {
        let mut forged = honest.clone();
        if field == "input" {
            forged["manifest"]["input"] = name.into();
        } else {
            forged["manifest"]["reference_data"]["file"] = name.into();
            forged["manifest"]["reference_data"]["file_sha256"] = "0".repeat(64).into();
        }
        write_file(&json, &serde_json::to_string_pretty(&forged).unwrap());
        let output = wattprint(["verify".as_ref(), scratch.path("").as_os_str()]).run();
        assert_ne!(output.code, 0, "{name}: {output:#?}");
        assert!(
            !output.stdout.contains("root:"),
            "{name}: {}",
            output.stdout
        );
        assert!(
            !output.stderr.contains("root:") && !output.stderr.contains("PATH="),
            "{name}: {}",
            output.stderr
        );
    }
    // A link in the folder, named as the input, is not followed either.
    write_file(&json, &serde_json::to_string_pretty(&honest).unwrap());
    std::fs::remove_file(&input).unwrap();
    std::os::unix::fs::symlink(root().join("examples/deployer-colocation.yaml"), &input).unwrap();
    let output = wattprint(["verify".as_ref(), scratch.path("").as_os_str()]).run();
    assert_eq!(output.code, 2, "{output:#?}");
    assert!(output.stderr.contains("link"), "{}", output.stderr);
}

#[test]
fn a_malformed_digest_in_a_report_is_an_error_not_a_crash() {
    let scratch = Scratch::new("attack-digest");
    let pdf = scratch.path("r.pdf");
    report("examples/deployer-colocation.yaml", &pdf, &[]);
    edit_manifest(&pdf, |m| m["input_sha256"] = "ab".into());
    let output = verify(&pdf);
    assert_eq!(output.code, 2, "{output:#?}");
    assert!(
        output.stderr.contains("not a wattprint JSON report"),
        "{}",
        output.stderr
    );
}

#[test]
fn a_compression_bomb_in_an_attachment_is_refused() {
    use std::io::Write as _;
    let scratch = Scratch::new("attack-bomb");
    let pdf = scratch.path("r.pdf");
    report("examples/deployer-colocation.yaml", &pdf, &[]);
    // 64 MiB of zeros, compressed to some 64 KB, against the default limit of 16 MiB.
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(&vec![0; 64 << 20]).unwrap();
    let bomb = encoder.finish().unwrap();
    let mut document = lopdf::Document::load(&pdf).unwrap();
    let (_, id) = attachment_streams(&document)
        .into_iter()
        .find(|(n, _)| n == "deployer-colocation.yaml")
        .unwrap();
    let stream = document
        .get_object_mut(id)
        .unwrap()
        .as_stream_mut()
        .unwrap();
    stream
        .dict
        .set("Filter", lopdf::Object::Name(b"FlateDecode".to_vec()));
    stream.set_content(bomb);
    document.save(&pdf).unwrap();
    let output = verify(&pdf);
    assert_eq!(output.code, 2, "{output:#?}");
    assert!(
        output.stderr.contains("decompresses to more than"),
        "{}",
        output.stderr
    );
}

/// A template folder holding `report.typ` and `report.md` with the given texts.
fn template_folder(scratch: &Scratch, name: &str, typ: &str, md: &str) -> PathBuf {
    let folder = scratch.path(name);
    std::fs::create_dir(&folder).unwrap();
    write_file(&folder.join("report.typ"), typ);
    write_file(&folder.join("report.md"), md);
    folder
}

fn report_with(folder: &Path, out: &Path) -> crate::support::Output {
    wattprint([
        "report".as_ref(),
        "examples/deployer-colocation.yaml".as_ref(),
        "--template-dir".as_ref(),
        folder.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ])
    .run()
}

#[test]
fn a_template_cannot_read_the_environment_the_clock_or_chance() {
    let scratch = Scratch::new("attack-env");
    for (i, call) in [r#"get_env(name="HOME")"#, "now()", "get_random(end=9)"]
        .iter()
        .enumerate()
    {
        let folder = template_folder(
            &scratch,
            &format!("t{i}"),
            "x",
            &format!("{{{{ {call} }}}}"),
        );
        let output = report_with(&folder, &scratch.path(&format!("r{i}.md")));
        assert_eq!(output.code, 2, "{call}: {output:#?}");
        assert!(
            output
                .stderr
                .contains("is not available to wattprint templates"),
            "{}",
            output.stderr
        );
    }
}

#[test]
fn a_hard_link_in_a_template_folder_is_refused() {
    let scratch = Scratch::new("attack-hardlink");
    let folder = template_folder(&scratch, "t", "#read(\"secret\")", "x");
    let outside = scratch.path("secret-outside");
    write_file(&outside, "root:x:0:0");
    std::fs::hard_link(&outside, folder.join("secret")).unwrap();
    let output = report_with(&folder, &scratch.path("r.pdf"));
    assert_eq!(output.code, 2, "{output:#?}");
    assert!(output.stderr.contains("hard links"), "{}", output.stderr);
}

#[test]
fn a_macro_that_calls_itself_is_refused_before_it_runs() {
    let scratch = Scratch::new("attack-macro");
    let md = "{% macro f(n) %}{{ self::g(n=n) }}{% endmacro %}{% macro g(n) %}{{ self::f(n=n) }}{% endmacro %}{{ self::f(n=1) }}";
    let folder = template_folder(&scratch, "t", "x", md);
    let output = report_with(&folder, &scratch.path("r.md"));
    assert_eq!(output.code, 2, "{output:#?}");
    assert!(output.stderr.contains("calls itself"), "{}", output.stderr);
}

#[test]
fn a_template_cannot_include_or_import_itself() {
    let scratch = Scratch::new("attack-include");
    for (i, md) in [
        r#"{% include "report.md" %}"#,
        r#"{% import "report.md" as me %}{{ me::m() }}"#,
        r#"{% extends "report.md" %}"#,
    ]
    .iter()
    .enumerate()
    {
        let folder = template_folder(&scratch, &format!("t{i}"), "x", md);
        let output = report_with(&folder, &scratch.path(&format!("r{i}.md")));
        assert_eq!(output.code, 2, "{md}: {output:#?}");
        assert!(
            output.stderr.contains("is not available") || output.stderr.contains("Circular extend"),
            "{md}: {}",
            output.stderr
        );
    }
}

#[test]
fn a_template_that_loops_without_end_is_stopped() {
    let scratch = Scratch::new("attack-time");
    let folder = template_folder(
        &scratch,
        "t",
        "x",
        "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}",
    );
    let output = wattprint([
        "--max-render-seconds".as_ref(),
        "2".as_ref(),
        "report".as_ref(),
        "examples/deployer-colocation.yaml".as_ref(),
        "--template-dir".as_ref(),
        folder.as_os_str(),
        "-o".as_ref(),
        scratch.path("r.md").as_os_str(),
    ])
    .run();
    assert_eq!(output.code, 2, "{output:#?}");
    assert!(
        output.stderr.contains("took more than 2 s"),
        "{}",
        output.stderr
    );
}

#[test]
fn a_template_cannot_make_a_report_without_end() {
    let scratch = Scratch::new("attack-pages");
    let folder = template_folder(
        &scratch,
        "pages",
        "#for i in range(3000) [#pagebreak()]",
        "x",
    );
    let output = report_with(&folder, &scratch.path("r.pdf"));
    assert_eq!(output.code, 2, "{output:#?}");
    assert!(
        output
            .stderr
            .contains("more than the 2000 a report may have"),
        "{}",
        output.stderr
    );
    let folder = template_folder(
        &scratch,
        "range",
        "x",
        "{% for i in range(end=10000000) %}{% endfor %}",
    );
    let output = report_with(&folder, &scratch.path("r.md"));
    assert_eq!(output.code, 2, "{output:#?}");
    assert!(
        output.stderr.contains("more than 100000 numbers"),
        "{}",
        output.stderr
    );
    // Memory Typst builds up before any page exists is bounded by --max-memory.
    let folder = template_folder(
        &scratch,
        "memory",
        "#let a = range(400000000).map(i => str(i)).join()",
        "x",
    );
    let output = wattprint([
        "--max-memory".as_ref(),
        "300".as_ref(),
        "report".as_ref(),
        "examples/deployer-colocation.yaml".as_ref(),
        "--template-dir".as_ref(),
        folder.as_os_str(),
        "-o".as_ref(),
        scratch.path("m.pdf").as_os_str(),
    ])
    .run();
    assert_eq!(output.code, 2, "{output:#?}");
    assert!(
        output.stderr.contains("used more than 300 MiB"),
        "{}",
        output.stderr
    );
    assert!(!scratch.path("m.pdf").exists());
}

/// The Markdown that a template folder holding `report_md` renders from the deployer example
/// with the organisation's name set to `name` (a YAML scalar), and the edited input.
fn markdown_with(scratch: &Scratch, name: &str, report_md: &str) -> (PathBuf, String) {
    let input = edited_example(
        scratch,
        "examples/deployer-colocation.yaml",
        "name: Example Health AI GmbH",
        &format!("name: {name}"),
    );
    let folder = scratch.path("t");
    std::fs::create_dir(&folder).unwrap();
    write_file(&folder.join("report.md"), report_md);
    let out = scratch.path("r.md");
    wattprint([
        "report".as_ref(),
        input.as_os_str(),
        "--template-dir".as_ref(),
        folder.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ])
    .expect(0);
    (input, std::fs::read_to_string(&out).unwrap())
}

#[test]
fn every_value_is_escaped_even_where_a_template_forgets_it() {
    let scratch = Scratch::new("attack-escape");
    let (input, markdown) = markdown_with(
        &scratch,
        "\"<script>alert(1)</script> [x](javascript:alert(1)) | cut\"",
        "Made by {{ organisation.name }}.\n{% block b %}{{ organisation.name }}{% endblock %}\n{{ \"by \" ~ organisation.name }}\n",
    );
    assert_eq!(markdown.matches(r"\<script>").count(), 3, "{markdown}");
    assert!(!markdown.replace(r"\<", "").contains('<'), "{markdown}");
    assert!(!markdown.replace(r"\]", "").contains("]("), "{markdown}");
    assert!(markdown.contains(r"\| cut"), "{markdown}");
    let html = scratch.path("r.html");
    wattprint([
        "report".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        html.as_os_str(),
    ])
    .expect(0);
    let html = std::fs::read_to_string(&html).unwrap();
    assert!(
        !html.contains("<script>alert"),
        "the HTML report runs the input"
    );
}

#[test]
fn outputs_are_never_written_through_devices_or_into_the_template() {
    let scratch = Scratch::new("attack-outputs");
    let output = wattprint([
        "report",
        "examples/deployer-colocation.yaml",
        "-o",
        "/dev/null",
        "--format",
        "md",
    ])
    .run();
    assert_eq!(output.code, 2, "{output:#?}");
    assert!(
        output.stderr.contains("not a regular file"),
        "{}",
        output.stderr
    );
    let folder = template_folder(&scratch, "t", "x", "{{ organisation.name }}");
    let target = folder.join("report.md");
    let output = report_with(&folder, &target);
    assert_eq!(output.code, 2, "{output:#?}");
    assert!(
        output.stderr.contains("inside the template folder"),
        "{}",
        output.stderr
    );
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        "{{ organisation.name }}"
    );
}

#[test]
fn the_same_input_gives_the_same_bytes_wherever_it_lies_and_names_no_host_path() {
    let scratch = Scratch::new("attack-paths");
    let input = scratch.path("d.yaml");
    std::fs::copy(root().join("examples/deployer-colocation.yaml"), &input).unwrap();
    let absolute = input.to_str().unwrap().to_owned();
    let mut outputs = Vec::new();
    for (i, (dir, path)) in [
        (scratch.path(""), "d.yaml".to_owned()),
        (scratch.path(""), "./d.yaml".to_owned()),
        (root().to_path_buf(), absolute.clone()),
    ]
    .into_iter()
    .enumerate()
    {
        let out = scratch.path(&format!("r{i}.pdf"));
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_wattprint"))
            .args(["report", &path, "-o"])
            .arg(&out)
            .current_dir(dir)
            .env_remove("SOURCE_DATE_EPOCH")
            .status()
            .unwrap();
        assert!(status.success());
        outputs.push(std::fs::read(&out).unwrap());
    }
    assert!(
        outputs.windows(2).all(|w| w[0] == w[1]),
        "the bytes depend on the path typed"
    );
    let json =
        String::from_utf8(attachment(&scratch.path("r2.pdf"), "wattprint-report.json")).unwrap();
    assert!(
        !json.contains(scratch.path("").to_str().unwrap()),
        "a host path is in the manifest"
    );
}

#[test]
fn a_source_date_epoch_out_of_range_is_blamed_on_itself() {
    let output = wattprint([
        "report",
        "examples/deployer-colocation.yaml",
        "-o",
        "/tmp/never.pdf",
    ])
    .env("SOURCE_DATE_EPOCH", "999999999999")
    .run();
    assert_eq!(output.code, 2, "{output:#?}");
    assert!(
        output.stderr.contains("SOURCE_DATE_EPOCH"),
        "{}",
        output.stderr
    );
    assert!(!output.stderr.contains("template"), "{}", output.stderr);
}

#[test]
fn typst_errors_speak_of_wattprint_not_of_typst_flags() {
    let scratch = Scratch::new("attack-root");
    let folder = template_folder(&scratch, "t", "#read(\"/../../etc/passwd\")", "x");
    let output = report_with(&folder, &scratch.path("r.pdf"));
    assert_eq!(output.code, 2, "{output:#?}");
    assert!(!output.stderr.contains("--root"), "{}", output.stderr);
}

#[test]
fn what_the_pages_print_of_the_inputs_comes_from_the_inputs_not_the_manifest() {
    let scratch = Scratch::new("attack-manifest-text");
    let pdf = scratch.path("r.pdf");
    report("examples/deployer-colocation.yaml", &pdf, &[]);
    for field in ["dataset", "date", "schema_version"] {
        let copy = scratch.path("copy.pdf");
        std::fs::copy(&pdf, &copy).unwrap();
        edit_manifest(&copy, |m| match field {
            "dataset" => m["reference_data"]["dataset"] = "an audited dataset".into(),
            "date" => m["date"] = "2030-01-01".into(),
            _ => m["schema_version"] = 7.into(),
        });
        let output = verify(&copy);
        assert_eq!(output.code, 1, "{field}: {output:#?}");
        // The date of issue is the maker's (`--date`, or the day it was made), not the
        // inputs': re-rendered with the forged date, the pages no longer match.
        let found = if field == "date" {
            "mismatch: document:"
        } else {
            "mismatch: manifest."
        };
        assert!(output.stdout.contains(found), "{field}: {}", output.stdout);
    }
}

#[test]
fn a_pdf_that_readers_could_read_two_ways_is_not_verified_as_resaved() {
    let scratch = Scratch::new("attack-ambiguous");
    let pdf = scratch.path("r.pdf");
    report("examples/deployer-colocation.yaml", &pdf, &[]);
    // An object stored under the number of another: lopdf would file it under the number in
    // its header, a viewer under its cross-reference entry.
    let mut document = lopdf::Document::load(&pdf).unwrap();
    document.decompress();
    document.objects.insert(
        (999, 0),
        lopdf::Object::Dictionary(lopdf::dictionary! { "Forged" => true }),
    );
    let mut bytes = Vec::new();
    document.save_to(&mut bytes).unwrap();
    let at = bytes
        .windows(9)
        .position(|w| w == b"999 0 obj")
        .expect("the object is written");
    bytes[at..at + 9].copy_from_slice(b"1 0 obj  ");
    let forged = scratch.path("forged.pdf");
    std::fs::File::create(&forged)
        .and_then(|mut f| std::io::Write::write_all(&mut f, &bytes))
        .unwrap();
    // Refused before lopdf reads it, since 2026-12-03: the entry does not point at the header
    // of its own object.
    let output = verify(&forged);
    assert_eq!(output.code, 2, "{output:#?}");
    assert!(
        output
            .stderr
            .contains("does not point at its object's `obj` header"),
        "{}",
        output.stderr
    );
    // A hybrid cross-reference (a table and a stream), which lopdf merges in the opposite
    // order from the standard, is refused too.
    let mut document = lopdf::Document::load(&pdf).unwrap();
    document.decompress();
    document.trailer.set("XRefStm", 0);
    let hybrid = scratch.path("hybrid.pdf");
    document.save(&hybrid).unwrap();
    expect_verify(&hybrid, 1, "cross-reference table");
}

#[test]
fn an_attachment_tree_that_points_back_at_itself_is_read_once() {
    let scratch = Scratch::new("attack-name-tree");
    let pdf = scratch.path("r.pdf");
    report("examples/deployer-colocation.yaml", &pdf, &[]);
    // The embedded-files tree made an object of its own whose kids are ten references to it.
    let mut document = lopdf::Document::load(&pdf).unwrap();
    let root = document
        .trailer
        .get(b"Root")
        .and_then(lopdf::Object::as_reference)
        .unwrap();
    let names = document
        .get_dictionary(root)
        .unwrap()
        .get_deref(b"Names", &document)
        .and_then(lopdf::Object::as_dict)
        .unwrap()
        .clone();
    let mut tree = names
        .get_deref(b"EmbeddedFiles", &document)
        .and_then(lopdf::Object::as_dict)
        .unwrap()
        .clone();
    let id = document.new_object_id();
    tree.set(
        "Kids",
        lopdf::Object::Array(vec![lopdf::Object::Reference(id); 10]),
    );
    document.objects.insert(id, lopdf::Object::Dictionary(tree));
    let mut names = names;
    names.set("EmbeddedFiles", lopdf::Object::Reference(id));
    document
        .get_dictionary_mut(root)
        .unwrap()
        .set("Names", lopdf::Object::Dictionary(names));
    document.save(&pdf).unwrap();
    let started = std::time::Instant::now();
    let output = verify(&pdf);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(30),
        "the walk took {:?}",
        started.elapsed()
    );
    assert_ne!(output.code, 0, "{output:#?}");
}

#[test]
fn what_could_crash_tera_is_refused_before_it_runs() {
    let scratch = Scratch::new("attack-tera");
    let chain: String = (0..100)
        .map(|i| {
            format!(
                "{{% macro m{i}() %}}{{{{ self::m{}() }}}}{{% endmacro %}}",
                i + 1
            )
        })
        .chain(std::iter::once(
            "{% macro m100() %}x{% endmacro %}{{ self::m0() }}".to_owned(),
        ))
        .collect();
    for (i, (md, message)) in [
        (
            format!("{{{{ {} }}}}", "9".repeat(400)),
            "more than 15 digits",
        ),
        (
            "{{ (-9223372036854775807 - 1) % -1 }}".to_owned(),
            "more than 15 digits",
        ),
        (
            format!("{{{{ {}1{} }}}}", "(".repeat(100_000), ")".repeat(100_000)),
            "nested more than 32 deep",
        ),
        (chain, "chain of more than 64 macro calls"),
        (
            "{{ organisation.name | indent(prefix=\"x\") }}".to_owned(),
            "`indent` is not available",
        ),
    ]
    .into_iter()
    .enumerate()
    {
        let folder = template_folder(&scratch, &format!("t{i}"), "x", &md);
        let output = report_with(&folder, &scratch.path(&format!("r{i}.md")));
        assert_eq!(output.code, 2, "{message}: {output:#?}");
        assert!(
            output.stderr.contains(message),
            "{message}: {}",
            output.stderr
        );
    }
}

#[test]
fn a_value_escaped_for_another_language_or_passed_to_a_section_is_escaped_all_the_same() {
    let scratch = Scratch::new("attack-escape-more");
    let (_, markdown) = markdown_with(
        &scratch,
        "\"<b>*x*</b>\"",
        "{{ organisation.name | html }}\n{{ organisation.name | md | replace(from=\"x\", to=organisation.name) }}\n{% filter replace(from=\"@\", to=organisation.name) %}@{% endfilter %}\n",
    );
    assert!(!markdown.replace(r"\<", "").contains('<'), "{markdown}");
    assert!(!markdown.contains("*x*"), "{markdown}");
}

/// What `verify DIR` says, after checking that it exits with `code`.
fn verify_dir(dir: &Path, code: i32) -> String {
    let output = wattprint(["verify".as_ref(), dir.as_os_str()]).run();
    assert_eq!(output.code, code, "{output:#?}");
    format!("{}{}", output.stdout, output.stderr)
}

/// A folder with `examples/deployer-colocation.yaml` and its JSON report, `report.json`.
fn json_folder(scratch: &Scratch, name: &str) -> PathBuf {
    let dir = scratch.path(name);
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("deployer-colocation.yaml");
    std::fs::copy(
        crate::support::root().join("examples/deployer-colocation.yaml"),
        &input,
    )
    .unwrap();
    report(input.to_str().unwrap(), &dir.join("report.json"), &[]);
    wattprint(["verify".as_ref(), dir.as_os_str()]).expect(0);
    dir
}

// Review, 2026-12-01: `verify DIR` read a JSON report's repeated key as its last copy (other
// readers take the first, so they saw forged figures), passed over a second report or one it
// could not read, and did not hold the manifest's template to anything.
#[test]
fn a_folder_of_json_is_verified_as_a_reader_would_read_it() {
    let scratch = Scratch::new("attack-json-folder");

    let dir = json_folder(&scratch, "repeated");
    let text = std::fs::read_to_string(dir.join("report.json")).unwrap();
    let forged = text.replacen(
        "{\n",
        "{\n  \"manifest\": {\"input\": \"deployer-colocation.yaml\"},\n  \"results\": {\"totals\": {}},\n",
        1,
    );
    write_file(&dir.join("report.json"), &forged);
    let said = verify_dir(&dir, 2);
    assert!(
        said.contains("the key `manifest` is written twice in one object"),
        "{said}"
    );

    let dir = json_folder(&scratch, "two");
    let text = std::fs::read_to_string(dir.join("report.json")).unwrap();
    write_file(
        &dir.join("zz-report.json"),
        &text.replace(
            "\"tool_version\"",
            "\"signed_by\": \"x\",\n    \"tool_version\"",
        ),
    );
    let said = verify_dir(&dir, 2);
    assert!(
        said.contains("zz-report.json` is not a wattprint JSON report"),
        "{said}"
    );
    write_file(&dir.join("zz-report.json"), &text);
    let said = verify_dir(&dir, 2);
    assert!(
        said.contains("more than one JSON report (report.json, zz-report.json)"),
        "{said}"
    );
    // Review, 2026-12-01, later: a second report passed over for its name's capitals, a
    // byte-order mark or a link.
    std::fs::remove_file(dir.join("zz-report.json")).unwrap();
    write_file(&dir.join("zz-report.JSON"), &text);
    let said = verify_dir(&dir, 2);
    assert!(said.contains("more than one JSON report"), "{said}");
    std::fs::remove_file(dir.join("zz-report.JSON")).unwrap();
    write_file(&dir.join("zz-report.json"), &format!("\u{feff}{text}"));
    let said = verify_dir(&dir, 2);
    assert!(said.contains("zz-report.json"), "{said}");
    std::fs::remove_file(dir.join("zz-report.json")).unwrap();
    #[cfg(unix)]
    {
        write_file(&scratch.path("elsewhere.json"), &text);
        std::os::unix::fs::symlink(scratch.path("elsewhere.json"), dir.join("zz-report.json"))
            .unwrap();
        let said = verify_dir(&dir, 2);
        assert!(
            said.contains("a link or a special file named as JSON lies beside the report"),
            "{said}"
        );
        std::fs::remove_file(dir.join("zz-report.json")).unwrap();
    }

    let dir = json_folder(&scratch, "template");
    let text = std::fs::read_to_string(dir.join("report.json")).unwrap();
    let manifest: serde_json::Value = serde_json::from_str(&text).unwrap();
    let hash = manifest["manifest"]["template_sha256"]
        .as_str()
        .unwrap()
        .to_owned();
    write_file(
        &dir.join("report.json"),
        &text.replace(&hash, &"f".repeat(64)),
    );
    let said = verify_dir(&dir, 1);
    assert!(
        said.contains("differ from those the report was made with"),
        "{said}"
    );
    write_file(
        &dir.join("report.json"),
        &text.replace(
            "\"template_origin\": \"builtin\"",
            "\"template_origin\": \"folder\"",
        ),
    );
    let said = verify_dir(&dir, 1);
    assert!(said.contains("which it does not carry"), "{said}");
    // A template folder is taken on the trust of the person verifying, by its hash.
    let said = wattprint([
        "verify".as_ref(),
        dir.as_os_str(),
        "--trust-template".as_ref(),
        hash.as_ref(),
    ])
    .expect(0)
    .stdout;
    assert!(said.starts_with("verified: "), "{said}");
}

/// Attack of 2026-12-03 (helper 61): an edited report under a name verify does not read, or in
/// UTF-16, was passed over and the folder verified.
#[test]
fn a_json_file_verify_cannot_read_beside_a_report_is_refused() {
    let scratch = Scratch::new("attack-json-unread");
    let dir = json_folder(&scratch, "unread");
    let text = std::fs::read_to_string(dir.join("report.json")).unwrap();
    let edited = text.replacen("\"tool_version\"", "\"tool_versions\"", 1);
    write_file(&dir.join(".hidden-report.json"), &edited);
    let said = verify_dir(&dir, 2);
    assert!(said.contains("whose name verify does not read"), "{said}");
    std::fs::remove_file(dir.join(".hidden-report.json")).unwrap();
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(edited.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    wattprint::output::write_atomic(&dir.join("report-v2.json"), &utf16).unwrap();
    let said = verify_dir(&dir, 2);
    assert!(said.contains("that is not JSON in UTF-8"), "{said}");
    std::fs::remove_file(dir.join("report-v2.json")).unwrap();
    // A name that is not UTF-8 was read with a replacement character, and not found.
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt as _;
        let latin1 = dir.join(std::ffi::OsStr::from_bytes(b"r\xe9sum\xe9.json"));
        wattprint::output::write_atomic(&latin1, edited.as_bytes()).unwrap();
        let said = verify_dir(&dir, 2);
        assert!(said.contains("not UTF-8, a leading dot"), "{said}");
        std::fs::remove_file(latin1).unwrap();
    }
    verify_dir(&dir, 0);
}

// Review, 2026-12-01: lopdf reads a PDF unlike other readers, or not within bounds, when an
// update is appended without its `%%EOF` (readers show it, lopdf does not), when a
// cross-reference stream gives a field of 2⁴⁰ bytes (lopdf allocates it and the process
// ends), or when thousands of streams give their length in the next one (lopdf's stack
// overflows). Each is refused before lopdf reads it, by verify and by diff alike.
#[test]
fn pdfs_lopdf_would_misread_or_crash_on_are_refused_first() {
    let scratch = Scratch::new("attack-unsafe-pdf");
    let honest = scratch.path("honest.pdf");
    report("examples/claim-chatbot.yaml", &honest, &[]);
    let end = std::fs::metadata(&honest).unwrap().len();
    let chain = (0..1_001).fold(String::new(), |mut chain, n| {
        let _ = write!(
            chain,
            "{} 0 obj\n<< /Length {} 0 R >>\nstream\nendstream\nendobj\n",
            9_000 + n,
            9_001 + n
        );
        chain
    });
    // Review, 2026-12-01, later: the same keys written with a `#` escape or a comment before
    // their value, `0R` without a space, or after 70 levels of arrays, passed the search (lopdf
    // still read them); and dictionaries each left open took minutes to search.
    let escaped_chain = (0..1_001).fold(String::new(), |mut chain, n| {
        let _ = write!(
            chain,
            "{} 0 obj\n<< /L#65ngth%c\n {} 0R >>\nstream\nendstream\nendobj\n",
            9_000 + n,
            9_001 + n
        );
        chain
    });
    let cases = [
        (
            "appended",
            format!("1 0 obj\n<< >>\nendobj\nstartxref\n{end}\n"),
            "does not end with its last cross-reference and `%%EOF`",
        ),
        (
            "wide",
            format!(
                "9000 0 obj\n<< /Type /XRef /Size 9001 /W [1 1099511627776 1] /Length 0 >>\nstream\n\nendstream\nendobj\nstartxref\n{end}\n%%EOF\n"
            ),
            "fields wider than 8 bytes",
        ),
        (
            "chain",
            format!("{chain}startxref\n{end}\n%%EOF\n"),
            "more than 1,000 of its streams give their length in another object",
        ),
        (
            "wide-escaped",
            format!(
                "9000 0 obj\n<< /Type /XR#65f /Size 9001 /#57[1 1099511627776 1] /Length 0 >>\nstream\n\nendstream\nendobj\nstartxref\n{end}\n%%EOF\n"
            ),
            "fields wider than 8 bytes",
        ),
        (
            "wide-commented",
            format!(
                "9000 0 obj\n<< /Type /XRef /S (>> stream) /Size 9001 /W%c\n[1 1099511627776 1] /Length 0 >>\nstream\n\nendstream\nendobj\nstartxref\n{end}\n%%EOF\n"
            ),
            "fields wider than 8 bytes",
        ),
        (
            "wide-deep",
            format!(
                "9000 0 obj\n<< /Type /XRef /X {}{} /W [1 1099511627776 1] /Length 0 >>\nstream\n\nendstream\nendobj\nstartxref\n{end}\n%%EOF\n",
                "[".repeat(70),
                "]".repeat(70)
            ),
            "fields wider than 8 bytes",
        ),
        (
            "no-width",
            format!(
                "9000 0 obj\n<< /Type /XRef /Size 9001 /W [0 0 0] /Index [0 1000000000000] /Length 0 >>\nstream\n\nendstream\nendobj\nstartxref\n{end}\n%%EOF\n"
            ),
            "none for an offset",
        ),
        (
            "open-string",
            format!(
                "{}startxref\n{end}\n%%EOF\n",
                "9000 0 obj<</a(".repeat(20_000)
            ),
            "cannot be read within bounds",
        ),
        (
            "chain-escaped",
            format!("{escaped_chain}startxref\n{end}\n%%EOF\n"),
            "more than 1,000 of its streams give their length in another object",
        ),
    ];
    refused_when_appended(&scratch, &honest, &cases);
}

/// Appends each case's text to a copy of the `honest` PDF, which `verify` and `diff` must then
/// refuse (exit 2) saying what the case names.
fn refused_when_appended(scratch: &Scratch, honest: &Path, cases: &[(&str, String, &str)]) {
    for (name, appended, said) in cases {
        let pdf = scratch.path(&format!("{name}.pdf"));
        std::fs::copy(honest, &pdf).unwrap();
        std::fs::OpenOptions::new()
            .append(true)
            .open(&pdf)
            .and_then(|mut file| std::io::Write::write_all(&mut file, appended.as_bytes()))
            .unwrap();
        let output = verify(&pdf);
        assert_eq!(output.code, 2, "{name}: {output:#?}");
        assert!(output.stderr.contains(said), "{name}: {}", output.stderr);
        let output = wattprint(["diff".as_ref(), pdf.as_os_str(), honest.as_os_str()]).run();
        assert_eq!(output.code, 2, "{name}: {output:#?}");
        assert!(output.stderr.contains(said), "{name}: {}", output.stderr);
    }
}

#[test]
fn cross_references_read_slowly_or_encrypted_are_refused_first() {
    let scratch = Scratch::new("attack-xref");
    let honest = scratch.path("honest.pdf");
    report("examples/claim-chatbot.yaml", &honest, &[]);
    let bytes = std::fs::read(&honest).unwrap();
    let end = bytes.len();
    let text = String::from_utf8_lossy(&bytes);
    let start = text[text.rfind("startxref").unwrap() + 9..]
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned();
    let cases = [
        // Attack of 2026-12-03 (helper 61): a cross-reference listing many objects at one
        // offset, which lopdf parses once for each; a stream of them ran into the watchdog.
        (
            "shared-offset",
            format!(
                "xref\n0 200000\n{}trailer\n<< /Size 200000 /Root 1 0 R >>\nstartxref\n{end}\n%%EOF\n",
                "0000000015 00000 n \n".repeat(200_000)
            ),
            "puts two objects at one offset",
        ),
        // Attack of 2026-12-03 (helper 61): an encrypted file failed with messages that did
        // not say so.
        (
            "encrypted",
            format!(
                "xref\n0 0\ntrailer\n<< /Size 1 /Root 1 0 R /Prev {start} /Encrypt << /Filter /Standard /V 1 /R 2 /O <00> /U <00> /P -4 >> >>\nstartxref\n{end}\n%%EOF\n"
            ),
            "it is encrypted",
        ),
        // Review of 2026-12-03 (helper 64): an object stream listing one object 100,000 times,
        // which lopdf parses once for each.
        (
            "object-stream",
            {
                let index = "10 0 ".repeat(100_000);
                let data = format!("{index}null");
                let object = format!(
                    "900 0 obj\n<< /Type /ObjStm /N 100000 /First {} /Length {} >>\nstream\n{data}\nendstream\nendobj\n",
                    index.len(),
                    data.len()
                );
                format!(
                    "{object}xref\n900 1\n{end:010} 00000 n \ntrailer\n<< /Size 901 /Root 1 0 R /Prev {start} >>\nstartxref\n{}\n%%EOF\n",
                    end + object.len()
                )
            },
            "object streams list more objects than the PDF library can read",
        ),
    ];
    refused_when_appended(&scratch, &honest, &cases);
}

// Review, 2026-12-01, later: a header after the first kilobyte, where lopdf still finds it and
// readers do not, and every check before lopdf would have read the bytes before it.
#[test]
fn a_pdf_header_past_the_first_kilobyte_is_refused() {
    let scratch = Scratch::new("attack-late-header");
    let honest = scratch.path("honest.pdf");
    report("examples/claim-chatbot.yaml", &honest, &[]);
    let late = scratch.path("late-header.pdf");
    let mut bytes = vec![b' '; 2048];
    bytes.extend(std::fs::read(&honest).unwrap());
    std::fs::File::create(&late)
        .and_then(|mut file| std::io::Write::write_all(&mut file, &bytes))
        .unwrap();
    let output = verify(&late);
    assert_eq!(output.code, 2, "{output:#?}");
    assert!(
        output.stderr.contains("not within its first kilobyte"),
        "{}",
        output.stderr
    );
}

// Review, 2026-12-01: lopdf expands every object stream while it loads a PDF, referenced or
// not, and without a bound; verify stopped at its memory limit, but diff read on to 3 GiB.
// Both stopped at `--max-memory`; since 2026-12-03 the stream is refused before lopdf reads it.
#[test]
fn an_object_stream_that_expands_without_end_is_stopped_by_verify_and_diff() {
    use std::io::Write as _;
    let scratch = Scratch::new("attack-objstm-bomb");
    let pdf = scratch.path("r.pdf");
    report("examples/claim-chatbot.yaml", &pdf, &[]);
    let honest = scratch.path("honest.pdf");
    std::fs::copy(&pdf, &honest).unwrap();
    // 256 MiB of blanks deflated to some 256 KB, against a limit of 128 MiB, in an object
    // stream appended as an update of the file (its own cross-reference and trailer).
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(&vec![b' '; 256 << 20]).unwrap();
    let bomb = encoder.finish().unwrap();
    let mut bytes = std::fs::read(&pdf).unwrap();
    let document = lopdf::Document::load_mem(&bytes).unwrap();
    let reference = |key: &[u8]| {
        let (number, generation) = document.trailer.get(key).unwrap().as_reference().unwrap();
        format!("{number} {generation} R")
    };
    let (root, info) = (reference(b"Root"), reference(b"Info"));
    let number = document.max_id + 1;
    let previous = String::from_utf8_lossy(&bytes)
        .rsplit("startxref")
        .next()
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned();
    let offset = bytes.len();
    bytes.extend_from_slice(
        format!(
            "{number} 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length {} >>\nstream\n",
            bomb.len()
        )
        .as_bytes(),
    );
    bytes.extend_from_slice(&bomb);
    bytes.extend_from_slice(b"\nendstream\nendobj\n");
    let xref = bytes.len();
    bytes.extend_from_slice(
        format!(
            "xref\n{number} 1\n{offset:010} 00000 n \ntrailer\n<< /Size {} /Root {root} /Info {info} /Prev {previous} >>\nstartxref\n{xref}\n%%EOF\n",
            number + 1
        )
        .as_bytes(),
    );
    std::fs::File::create(&pdf)
        .and_then(|mut file| file.write_all(&bytes))
        .unwrap();
    for command in [
        vec!["--max-memory", "128", "verify", pdf.to_str().unwrap()],
        vec![
            "--max-memory",
            "128",
            "diff",
            pdf.to_str().unwrap(),
            honest.to_str().unwrap(),
        ],
    ] {
        // Refused before lopdf expands it, since 2026-12-03 (helper 64); the memory bound
        // stood behind it before.
        let output = wattprint(&command).run();
        assert_eq!(output.code, 2, "{command:?}: {output:#?}");
        assert!(
            output.stderr.contains("decompress to more than 64 MiB"),
            "{command:?}: {}",
            output.stderr
        );
    }
}

// Review, 2026-12-01, later: verify copied the date of issue and the audience from a JSON
// report's manifest, so a report dated with `--date` before its period ended, or one for the AI
// Office made from a deployer's disclosure, verified though `report` refuses to make either.
#[test]
fn a_manifest_claiming_what_report_refuses_does_not_verify() {
    let scratch = Scratch::new("attack-manifest-claims");
    let cases = [
        (
            "early",
            serde_json::json!({ "date": "1999-01-01", "date_source": "--date" }),
            "mismatch: manifest.date: the report says 1999-01-01",
        ),
        (
            "audience",
            serde_json::json!({ "audience": "ai-office" }),
            "mismatch: manifest.audience",
        ),
    ];
    for (name, fields, said) in cases {
        let dir = json_folder(&scratch, name);
        let path = dir.join("report.json");
        let mut report: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        for (key, value) in fields.as_object().unwrap() {
            report["manifest"][key] = value.clone();
        }
        write_file(&path, &serde_json::to_string_pretty(&report).unwrap());
        let output = wattprint(["verify".as_ref(), dir.as_os_str()]).expect(1);
        assert!(output.stdout.contains(said), "{name}: {}", output.stdout);
    }
}

// Review, 2026-12-01, later: `verify --full-input` tied an authority's document to a full input
// from which `report` refuses to make one (leaving out the training's dates changes a figure
// there: monthly grid factors fall in the training's months), so a document could be tied to
// a disclosure whose figures it does not show. The tie now makes the audience's input by the
// steps `report` takes, refusals included.
#[test]
fn a_full_input_report_would_refuse_is_not_tied() {
    let scratch = Scratch::new("attack-tie-refused");
    let example = std::fs::read_to_string(root().join("examples/provider-cloud.yaml")).unwrap();
    let monthly = "      market_based:\n        residual_mix: 47 gCO2e/kWh";
    assert!(example.contains(monthly));
    let dated = example.replacen(
        monthly,
        &format!("      monthly:\n        factors: {{ 2026-01: 900 gCO2e/kWh, 2026-02: 900 gCO2e/kWh }}\n        method: supplier_reported\n        source: grid operator\n{monthly}"),
        1,
    );
    // Over the whole half-year, the training's months are no longer what its dates give. (A
    // run stated to end on 30 June would move the day its crossover is counted from, which the
    // authority's input leaves out with the dates: an undated run does not.)
    let honest = dated.replacen(
        "    period: { start: 2026-01-05, end: 2026-02-20 }\n",
        "",
        1,
    );
    assert_ne!(dated, honest);
    let (full, refused) = (scratch.path("honest.yaml"), scratch.path("refused.yaml"));
    write_file(&full, &honest);
    write_file(&refused, &dated);
    let refusal = wattprint([
        "report".as_ref(),
        refused.as_os_str(),
        "--audience".as_ref(),
        "authority".as_ref(),
        "-o".as_ref(),
        scratch.path("refused.json").as_os_str(),
    ])
    .expect(1);
    assert!(
        refusal.stderr.contains("changes the figure"),
        "{}",
        refusal.stderr
    );
    let dir = scratch.path("document");
    std::fs::create_dir_all(&dir).unwrap();
    report(
        full.to_str().unwrap(),
        &dir.join("report.json"),
        &["--audience", "authority"],
    );
    wattprint([
        "verify".as_ref(),
        dir.as_os_str(),
        "--full-input".as_ref(),
        full.as_os_str(),
    ])
    .expect(0);
    // The document's manifest made to name the refused input: the document still verifies,
    // and it is not tied.
    let path = dir.join("report.json");
    let mut document: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let hash = format!(
        "{:x}",
        <sha2::Sha256 as sha2::Digest>::digest(dated.as_bytes())
    );
    document["manifest"]["redacted_from"]["input_sha256"] = hash.into();
    write_file(&path, &serde_json::to_string_pretty(&document).unwrap());
    let output = wattprint([
        "verify".as_ref(),
        dir.as_os_str(),
        "--full-input".as_ref(),
        refused.as_os_str(),
    ])
    .expect(1);
    assert!(output.stdout.contains("verified:"), "{}", output.stdout);
    assert!(
        output.stdout.contains("not tied:") && output.stdout.contains("changes the figure"),
        "{}",
        output.stdout
    );
}

// Attack of 2026-12-03 (helper 61): a named pipe given as the report held `open` until the
// five-minute watchdog.
#[cfg(unix)]
#[test]
fn a_named_pipe_is_no_report() {
    let scratch = Scratch::new("attack-fifo");
    let fifo = scratch.path("report.pdf");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: `mkfifo` is not on this machine");
        return;
    }
    let output = verify(&fifo);
    assert_eq!(output.code, 2, "{output:#?}");
    assert!(
        output.stderr.contains("is neither a file nor a folder"),
        "{}",
        output.stderr
    );
}
