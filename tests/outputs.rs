//! Nothing half-written, nothing lost: a failing, crashing or interrupted command leaves the
//! old output untouched (or none), inputs are never changed, an output that is an input is
//! refused without `--force`; and the same inputs give the same bytes whatever the time zone
//! and locale.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::support::{Scratch, root, wattprint, write_file};

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

/// The files in `dir`, so that a leftover temporary file shows.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn an_output_that_is_an_input_is_refused_without_force() {
    let scratch = Scratch::new("overwrite-input");
    let input = scratch.path("d.yaml");
    let original = read(&root().join("examples/deployer-colocation.yaml"));
    write_file(&input, std::str::from_utf8(&original).unwrap());
    let linked = scratch.path("linked.md");
    std::fs::hard_link(&input, &linked).unwrap();
    for output in [&input, &linked] {
        let run = wattprint([
            "report".as_ref(),
            input.as_os_str(),
            "-o".as_ref(),
            output.as_os_str(),
            "--format".as_ref(),
            "md".as_ref(),
        ])
        .expect(2);
        assert!(
            run.stderr.contains("is the input") && run.stderr.contains("--force"),
            "{}",
            run.stderr
        );
        assert_eq!(read(&input), original, "the input changed");
    }
    let log = root().join("tests/fixtures/telemetry/generic.csv");
    let run = wattprint([
        "ingest".as_ref(),
        log.as_os_str(),
        "-o".as_ref(),
        log.as_os_str(),
    ])
    .expect(2);
    assert!(run.stderr.contains("is the input"), "{}", run.stderr);
    // Asked for, it is done.
    wattprint([
        "report".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        linked.as_os_str(),
        "--format".as_ref(),
        "md".as_ref(),
        "--force".as_ref(),
    ])
    .expect(0);
}

#[test]
fn a_failing_template_leaves_the_old_report() {
    let scratch = Scratch::new("failing-template");
    let template = scratch.path("broken");
    std::fs::create_dir_all(&template).unwrap();
    write_file(&template.join("report.typ"), "{{ no_such_variable }}\n");
    let out_dir = scratch.path("out");
    std::fs::create_dir_all(&out_dir).unwrap();
    let report = out_dir.join("report.pdf");
    write_file(&report, "the old report");
    wattprint([
        "report".as_ref(),
        "examples/deployer-colocation.yaml".as_ref(),
        "--template-dir".as_ref(),
        template.as_os_str(),
        "-o".as_ref(),
        report.as_os_str(),
    ])
    .expect(2);
    assert_eq!(read(&report), b"the old report");
    assert_eq!(names(&out_dir), ["report.pdf"]);
}

#[test]
fn a_write_cut_short_by_a_full_disk_leaves_the_old_report() {
    let scratch = Scratch::new("full-disk");
    let report = scratch.path("report.pdf");
    write_file(&report, "the old report");
    // A file-size limit of 4 KiB: the PDF (about 150 KB) cannot be written whole, as on a
    // full disk; the kernel stops the write (and the process, by SIGXFSZ).
    let status = Command::new("prlimit")
        .arg("--fsize=4096")
        .arg("--")
        .arg(env!("CARGO_BIN_EXE_wattprint"))
        .args(["report", "examples/deployer-colocation.yaml", "-o"])
        .arg(&report)
        .current_dir(root())
        .output()
        .expect("prlimit (util-linux) runs");
    assert!(!status.status.success());
    assert_eq!(read(&report), b"the old report");
}

#[test]
fn an_interrupted_ingest_leaves_the_old_output_or_the_whole_new_one() {
    let scratch = Scratch::new("interrupted");
    let log = scratch.path("log.csv");
    let mut text = String::from("timestamp,device,power_w\n");
    for t in 0..400_000 {
        writeln!(text, "{},gpu{},{}", 1_767_225_600 + t, t % 4, 250 + t % 100).unwrap();
    }
    write_file(&log, &text);
    let out = scratch.path("energy.csv");
    write_file(&out, "the old output");
    let mut child = Command::new(env!("CARGO_BIN_EXE_wattprint"))
        .arg("ingest")
        .arg(&log)
        .arg("-o")
        .arg(&out)
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(50));
    Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    let _ = child.wait().unwrap();
    let written = String::from_utf8(read(&out)).unwrap();
    assert!(
        written == "the old output"
            || (written.starts_with("device,period,energy_kwh") && written.ends_with('\n')),
        "a partial output: {written:.200}"
    );
}

#[test]
fn inputs_are_never_modified() {
    let scratch = Scratch::new("inputs-unchanged");
    for example in crate::support::yaml_files("examples") {
        let before = (
            read(&example),
            std::fs::metadata(&example).unwrap().modified().unwrap(),
        );
        for output in ["x.pdf", "x.html", "x.md", "x.json", "x.typ"] {
            wattprint([
                "report".as_ref(),
                example.as_os_str(),
                "-o".as_ref(),
                scratch.path(output).as_os_str(),
            ])
            .expect(0);
        }
        let after = (
            read(&example),
            std::fs::metadata(&example).unwrap().modified().unwrap(),
        );
        assert!(before == after, "{} changed", example.display());
    }
}

#[test]
fn reports_are_the_same_bytes_in_every_time_zone_and_locale() {
    let scratch = Scratch::new("zones");
    for format in ["pdf", "html", "md", "json"] {
        let mut outputs = Vec::new();
        for (zone, locale) in [
            ("UTC", "C"),
            ("Pacific/Kiritimati", "de_DE.UTF-8"),
            ("America/St_Johns", "ar_EG.UTF-8"),
        ] {
            let path = scratch.path(&format!("{zone}.{format}").replace('/', "-"));
            wattprint([
                "report".as_ref(),
                "examples/provider-cloud.yaml".as_ref(),
                "-o".as_ref(),
                path.as_os_str(),
            ])
            .env("TZ", zone)
            .env("LC_ALL", locale)
            .env("LANG", locale)
            .expect(0);
            outputs.push(read(&path));
        }
        assert!(
            outputs.windows(2).all(|w| w[0] == w[1]),
            "the {format} report depends on the time zone or locale"
        );
    }
}

#[test]
fn each_file_validates_the_same_whatever_the_order_given() {
    let files = [
        "tests/fixtures/invalid/pue-below-one.yaml",
        "tests/fixtures/invalid/duplicate-id.yaml",
        "examples/claim-routing.yaml",
    ];
    let head = ["validate", "--format", "json"];
    let mut forward = wattprint(head.iter().chain(files.iter())).run();
    let mut backward = wattprint(head.iter().chain(files.iter().rev())).run();
    let findings = |out: &mut crate::support::Output| {
        let mut all: Vec<serde_json::Value> = serde_json::from_str(&out.stdout).unwrap();
        all.sort_by_key(ToString::to_string);
        all
    };
    assert_eq!(forward.code, backward.code);
    assert_eq!(findings(&mut forward), findings(&mut backward));
}

/// An attack of 2026-12-02: `report` and `export` wrote over an hourly CSV the disclosure names,
/// an input pinned by its hash, without `--force`.
#[test]
fn an_output_that_is_a_linked_hourly_file_is_refused_without_force() {
    let scratch = Scratch::new("overwrite-linked");
    let folder = scratch.path("examples");
    std::fs::create_dir_all(folder.join("hourly")).unwrap();
    let input = folder.join("deployer-hourly.yaml");
    std::fs::copy(root().join("examples/deployer-hourly.yaml"), &input).unwrap();
    for entry in std::fs::read_dir(root().join("examples/hourly")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, folder.join("hourly").join(path.file_name().unwrap())).unwrap();
    }
    let csv = folder.join("hourly/inference-q1.csv");
    let original = read(&csv);
    let report = wattprint([
        "report".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        csv.as_os_str(),
        "--format".as_ref(),
        "md".as_ref(),
    ])
    .expect(2);
    assert!(
        report.stderr.contains("is the input") && report.stderr.contains("--force"),
        "{}",
        report.stderr
    );
    let export = wattprint([
        "export".as_ref(),
        "impact-framework".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        csv.as_os_str(),
    ])
    .expect(2);
    assert!(export.stderr.contains("is the input"), "{}", export.stderr);
    assert_eq!(read(&csv), original, "the hourly file changed");
}
