//! `wattprint verify`: a report passes with the input it carries, and fails, naming what,
//! when its attached input or its attached figures were edited.

use crate::support::{Scratch, wattprint, write_file};

fn report(scratch: &Scratch) -> std::path::PathBuf {
    let out = scratch.path("report.pdf");
    wattprint([
        "report".as_ref(),
        "examples/deployer-colocation.yaml".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
    ])
    .expect(0);
    out
}

/// Rewrites the attachment called `name` in the PDF at `path` with `edit` applied to it.
fn tamper(path: &std::path::Path, name: &str, edit: impl Fn(&str) -> String) {
    let mut document = lopdf::Document::load(path).unwrap();
    let mut target = None;
    for (id, object) in &document.objects {
        if let Ok(spec) = object.as_dict()
            && spec.get(b"Type").and_then(lopdf::Object::as_name).ok()
                == Some(b"Filespec".as_slice())
            && spec
                .get(b"UF")
                .or_else(|_| spec.get(b"F"))
                .ok()
                .and_then(|f| f.as_str().ok())
                .is_some_and(|n| {
                    String::from_utf8_lossy(n).contains(name) || utf16(n).contains(name)
                })
        {
            let ef = spec.get(b"EF").unwrap().as_dict().unwrap();
            target = Some((*id, ef.get(b"F").unwrap().as_reference().unwrap()));
        }
    }
    let (_, stream_id) = target.unwrap_or_else(|| panic!("no attachment {name}"));
    let stream = document
        .get_object_mut(stream_id)
        .unwrap()
        .as_stream_mut()
        .unwrap();
    let text = String::from_utf8(stream.decompressed_content().unwrap()).unwrap();
    let edited = edit(&text);
    assert_ne!(edited, text, "the edit changed nothing");
    stream.dict.remove(b"Filter");
    stream.set_content(edited.into_bytes());
    document.save(path).unwrap();
}

fn utf16(bytes: &[u8]) -> String {
    let units: Vec<u16> = bytes
        .strip_prefix(&[0xFE, 0xFF])
        .unwrap_or(bytes)
        .chunks_exact(2)
        .map(|c| u16::from_be_bytes([c[0], c[1]]))
        .collect();
    String::from_utf16_lossy(&units)
}

#[test]
fn a_report_verifies_against_the_input_it_carries() {
    let scratch = Scratch::new("verify-ok");
    let output = wattprint(["verify".as_ref(), report(&scratch).as_os_str()]).expect(0);
    assert!(output.stdout.contains("verified:"), "{}", output.stdout);
}

#[test]
fn an_edited_input_fails_with_its_hash_and_the_figures_it_changes() {
    let scratch = Scratch::new("verify-input");
    let pdf = report(&scratch);
    tamper(&pdf, "deployer-colocation.yaml", |yaml| {
        yaml.replace("value: 41.2 MWh", "value: 31.2 MWh")
    });
    let output = wattprint(["verify".as_ref(), pdf.as_os_str()]).expect(1);
    assert!(
        output.stdout.contains("mismatch: manifest.input_sha256"),
        "{}",
        output.stdout
    );
    assert!(
        output
            .stdout
            .contains("mismatch: results.total.it_energy.value"),
        "{}",
        output.stdout
    );
}

#[test]
fn an_edited_figure_fails_with_its_path() {
    let scratch = Scratch::new("verify-figure");
    let pdf = report(&scratch);
    tamper(&pdf, "wattprint-report.json", |json| {
        let mut report: serde_json::Value = serde_json::from_str(json).unwrap();
        report["results"]["total"]["location_based"]["value"] = serde_json::json!(10000.0);
        serde_json::to_string_pretty(&report).unwrap()
    });
    let output = wattprint(["verify".as_ref(), pdf.as_os_str()]).expect(1);
    assert!(
        output
            .stdout
            .contains("mismatch: results.total.location_based.value: the report says 10000"),
        "{}",
        output.stdout
    );
    assert!(!output.stdout.contains("input_sha256"), "{}", output.stdout);
}

#[test]
fn a_file_that_is_not_a_report_is_a_usage_error() {
    let output = wattprint(["verify", "examples/deployer-colocation.yaml"]).expect(2);
    assert!(
        output.stderr.contains("not a readable PDF"),
        "{}",
        output.stderr
    );
}

#[test]
fn every_example_report_verifies() {
    let scratch = Scratch::new("verify-examples");
    for example in crate::support::yaml_files("examples") {
        let pdf = scratch.path(&format!(
            "{}.pdf",
            example.file_stem().unwrap().to_string_lossy()
        ));
        wattprint([
            "report".as_ref(),
            example.as_os_str(),
            "-o".as_ref(),
            pdf.as_os_str(),
        ])
        .expect(0);
        wattprint(["verify".as_ref(), pdf.as_os_str()]).expect(0);
    }
}

#[test]
fn a_swapped_input_fails_on_its_hash() {
    let scratch = Scratch::new("verify-swap");
    let pdf = report(&scratch);
    let other =
        std::fs::read_to_string(crate::support::root().join("examples/provider-cloud.yaml"))
            .unwrap();
    tamper(&pdf, "deployer-colocation.yaml", |_| other.clone());
    let output = wattprint(["verify".as_ref(), pdf.as_os_str()]).expect(1);
    assert!(
        output.stdout.contains("mismatch: manifest.input_sha256"),
        "{}",
        output.stdout
    );
}

#[test]
fn a_folder_with_a_json_report_and_its_input_verifies() {
    let scratch = Scratch::new("verify-folder");
    let input = scratch.path("deployer-colocation.yaml");
    write_file(
        &input,
        &std::fs::read_to_string(crate::support::root().join("examples/deployer-colocation.yaml"))
            .unwrap(),
    );
    let made = wattprint([
        "report".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        scratch.path("report.json").as_os_str(),
    ])
    .expect(0);
    assert!(!made.stderr.contains("copy it there"), "{}", made.stderr);
    wattprint(["verify".as_ref(), scratch.path("").as_os_str()]).expect(0);
    // Written elsewhere, the report says where verify will look for its input.
    std::fs::create_dir(scratch.path("out")).unwrap();
    let elsewhere = wattprint([
        "report".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        scratch.path("out/report.json").as_os_str(),
    ])
    .expect(0);
    assert!(
        elsewhere.stderr.contains("`verify` reads the input as `")
            && elsewhere.stderr.contains("copy it there under that name"),
        "{}",
        elsewhere.stderr
    );
    // Verified where the input is not, it says which file is missing and where to put it.
    let missing = wattprint(["verify".as_ref(), scratch.path("out").as_os_str()]).expect(2);
    assert!(
        missing.stderr.contains(
            "the JSON report names its input `deployer-colocation.yaml`, which is not in"
        ) && missing
            .stderr
            .contains("put the file in the folder under that name"),
        "{}",
        missing.stderr
    );
    write_file(
        &input,
        &std::fs::read_to_string(&input)
            .unwrap()
            .replace("41.2 MWh", "40 MWh"),
    );
    let output = wattprint(["verify".as_ref(), scratch.path("").as_os_str()]).expect(1);
    assert!(
        output.stdout.contains("mismatch: manifest.input_sha256"),
        "{}",
        output.stdout
    );
}

#[test]
fn verify_speaks_json() {
    let scratch = Scratch::new("verify-json");
    let pdf = report(&scratch);
    let output = wattprint([
        "verify".as_ref(),
        pdf.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ])
    .expect(0);
    let value: serde_json::Value = serde_json::from_str(&output.stdout).unwrap();
    assert_eq!(value["verified"], true);
    assert_eq!(value["passed"], true);
    tamper(&pdf, "wattprint-report.json", |json| {
        json.replace("\"measured_share\": 1.0", "\"measured_share\": 0.5")
    });
    let output = wattprint([
        "verify".as_ref(),
        pdf.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ])
    .expect(1);
    let value: serde_json::Value = serde_json::from_str(&output.stdout).unwrap();
    assert_eq!(value["verified"], false);
    assert_eq!(value["passed"], false);
    assert_eq!(
        value["mismatches"][0]["path"],
        "results.total.measured_share"
    );
}

#[test]
fn an_edited_page_fails_as_a_document_mismatch() {
    let scratch = Scratch::new("verify-page");
    let pdf = report(&scratch);
    // Change one letter of the system's name where it stands uncompressed (the metadata):
    // the attachments still agree, but the document is no longer the one its inputs produce.
    let mut bytes = std::fs::read(&pdf).unwrap();
    let at = bytes
        .windows(16)
        .position(|w| w == b"Triage Assistant")
        .unwrap();
    bytes[at + 15] = b'x';
    let edited = scratch.path("edited.pdf");
    std::fs::File::create(&edited)
        .and_then(|mut f| std::io::Write::write_all(&mut f, &bytes))
        .unwrap();
    let output = wattprint(["verify".as_ref(), edited.as_os_str()]).expect(1);
    assert!(
        output.stdout.contains("mismatch: document: the report"),
        "{}",
        output.stdout
    );
    assert!(
        !output.stdout.contains("mismatch: results"),
        "{}",
        output.stdout
    );
}

/// An ESRS annex with the previous year's comparative column (`--previous`).
fn comparative_report(scratch: &Scratch) -> std::path::PathBuf {
    let out = scratch.path("annex.pdf");
    wattprint([
        "report",
        "tests/fixtures/esrs/own-site.yaml",
        "--previous",
        "tests/fixtures/esrs/own-site-2025.yaml",
        "-t",
        "esrs-e1",
        "-o",
        out.to_str().unwrap(),
    ])
    .expect(0);
    out
}

// The comparative figures are recomputed from the previous disclosure the report attaches:
// an edit to it fails on its hash and on the figures it changes.
#[test]
fn a_comparative_verifies_and_its_edited_input_fails() {
    let scratch = Scratch::new("verify-previous");
    let pdf = comparative_report(&scratch);
    let output = wattprint(["verify".as_ref(), pdf.as_os_str()]).expect(0);
    assert!(
        output
            .stdout
            .contains("and the previous period's `own-site-2025.yaml`"),
        "{}",
        output.stdout
    );
    tamper(&pdf, "own-site-2025.yaml", |yaml| {
        yaml.replace("value: 80 MWh", "value: 70 MWh")
    });
    let output = wattprint(["verify".as_ref(), pdf.as_os_str()]).expect(1);
    for found in [
        "mismatch: manifest.previous.input_sha256",
        "mismatch: results.esrs.comparative.energy.purchased_fossil",
    ] {
        assert!(output.stdout.contains(found), "{found}\n{}", output.stdout);
    }
}

// A comparative the manifest does not name cannot be recomputed, so it does not verify.
#[test]
fn a_comparative_the_manifest_does_not_name_fails() {
    let scratch = Scratch::new("verify-previous-unnamed");
    let pdf = comparative_report(&scratch);
    tamper(&pdf, "wattprint-report.json", |json| {
        let mut report: serde_json::Value = serde_json::from_str(json).unwrap();
        report["manifest"]
            .as_object_mut()
            .unwrap()
            .remove("previous");
        serde_json::to_string_pretty(&report).unwrap()
    });
    let output = wattprint(["verify".as_ref(), pdf.as_os_str()]).expect(1);
    assert!(
        output.stdout.contains("mismatch: results.esrs.comparative"),
        "{}",
        output.stdout
    );
}

// A JSON report with a comparative verifies beside both inputs it names, and not without the
// previous one.
#[test]
fn a_json_comparative_verifies_beside_both_inputs() {
    let scratch = Scratch::new("verify-previous-json");
    let dir = scratch.path("folder");
    std::fs::create_dir_all(&dir).unwrap();
    for name in ["own-site.yaml", "own-site-2025.yaml"] {
        std::fs::copy(
            crate::support::root()
                .join("tests/fixtures/esrs")
                .join(name),
            dir.join(name),
        )
        .unwrap();
    }
    wattprint([
        "report",
        dir.join("own-site.yaml").to_str().unwrap(),
        "--previous",
        dir.join("own-site-2025.yaml").to_str().unwrap(),
        "-t",
        "esrs-e1",
        "-o",
        dir.join("annex.json").to_str().unwrap(),
    ])
    .expect(0);
    wattprint(["verify".as_ref(), dir.as_os_str()]).expect(0);
    std::fs::remove_file(dir.join("own-site-2025.yaml")).unwrap();
    let output = wattprint(["verify".as_ref(), dir.as_os_str()]).expect(2);
    assert!(
        output.stderr.contains("own-site-2025.yaml"),
        "{}",
        output.stderr
    );
}

// --previous-report ties the comparative to the report published for the previous period: the
// same disclosure ties, another one (here with more energy) does not.
#[test]
fn a_comparative_ties_to_the_previous_periods_report() {
    let scratch = Scratch::new("verify-previous-report");
    let this = comparative_report(&scratch);
    let last = scratch.path("last.pdf");
    wattprint([
        "report",
        "tests/fixtures/esrs/own-site-2025.yaml",
        "-t",
        "esrs-e1",
        "-o",
        last.to_str().unwrap(),
    ])
    .expect(0);
    let output = wattprint([
        "verify".as_ref(),
        this.as_os_str(),
        "--previous-report".as_ref(),
        last.as_os_str(),
    ])
    .expect(0);
    assert!(output.stdout.contains("tied: "), "{}", output.stdout);
    let other = scratch.path("own-site-2025.yaml");
    let text = std::fs::read_to_string(
        crate::support::root().join("tests/fixtures/esrs/own-site-2025.yaml"),
    )
    .unwrap()
    .replace("value: 80 MWh", "value: 200 MWh");
    write_file(&other, &text);
    let forged = scratch.path("forged.pdf");
    wattprint([
        "report",
        "tests/fixtures/esrs/own-site.yaml",
        "--previous",
        other.to_str().unwrap(),
        "-t",
        "esrs-e1",
        "-o",
        forged.to_str().unwrap(),
    ])
    .expect(0);
    let output = wattprint([
        "verify".as_ref(),
        forged.as_os_str(),
        "--previous-report".as_ref(),
        last.as_os_str(),
    ])
    .expect(1);
    assert!(
        output
            .stdout
            .contains("not the disclosure that report published"),
        "{}",
        output.stdout
    );
}

#[test]
fn an_edited_hourly_file_fails_on_the_hash_its_input_states() {
    let scratch = Scratch::new("verify-hourly");
    let out = scratch.path("report.pdf");
    wattprint([
        "report".as_ref(),
        "tests/fixtures/hourly/two-days.yaml".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
    ])
    .expect(0);
    wattprint(["verify".as_ref(), out.as_os_str()]).expect(0);
    // More sun in one hour: the attached file no longer has the hash the input states.
    tamper(&out, "linked/solar.csv", |t| {
        t.replacen("T08:00:00Z,2", "T08:00:00Z,3", 1)
    });
    let found = wattprint(["verify".as_ref(), out.as_os_str()]).expect(1);
    let all = format!("{}{}", found.stdout, found.stderr);
    assert!(all.contains("hourly-file"), "{all}");
    assert!(all.contains("does not validate"), "{all}");
}
