//! The page in `web/` (built by `web/build` into `web/dist`) in a real Chromium, driven by
//! Playwright (`tests/tools/browser.mjs`): every example loaded, its report downloaded and
//! compared byte for byte with `wattprint report`'s, the page's PDF accepted by `wattprint
//! verify`, a broken file's findings shown at their line, and no request made after the page
//! has loaded. Skipped, saying so, where the page, Chromium or Playwright is missing; under
//! `WATTPRINT_REQUIRE_CHECKERS` (`.ci/run`, which builds the page and installs both) it fails
//! instead.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};

use crate::support::{Scratch, checker, root, wattprint, write_file};

/// The date of issue every report here carries.
const DATE: &str = "2026-12-01";

/// What must be there to drive the page: the built page, Chromium and the driver.
fn setup() -> Option<(PathBuf, PathBuf, PathBuf)> {
    let required = std::env::var_os("WATTPRINT_REQUIRE_CHECKERS").is_some();
    let dist = root().join("web/dist");
    if !dist.join("wattprint.wasm").exists() {
        assert!(
            !required,
            "web/dist is not built, and this run requires the browser test: run web/build"
        );
        eprintln!("skipped: the page is not built (web/build builds it; .ci/run does)");
        return None;
    }
    let chromium = std::env::var_os("WATTPRINT_CHROMIUM")
        .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    if !chromium.exists() {
        assert!(
            !required,
            "{} is missing, and this run requires the browser test: install Debian's chromium",
            chromium.display()
        );
        eprintln!("skipped: Chromium is not installed (.ci/run installs Debian's chromium)");
        return None;
    }
    checker("node_modules/playwright-core")?;
    Some((dist, chromium, checker("browser.mjs")?))
}

/// One download the page is asked for, and the command line that makes the same report.
struct Download {
    example: &'static str,
    template: &'static str,
    audience: Option<&'static str>,
    format: &'static str,
}

impl Download {
    fn file(&self) -> String {
        format!(
            "{}-{}-{}.{}",
            self.example.trim_end_matches(".yaml"),
            self.template,
            self.audience.unwrap_or("all"),
            self.format
        )
    }
}

/// Every example as a PDF with the default template, and the provider's in every other template,
/// audience and format.
fn downloads() -> Vec<Download> {
    let mut all: Vec<Download> = [
        "claim-chatbot.yaml",
        "claim-routing.yaml",
        "deployer-colocation.yaml",
        "deployer-hourly.yaml",
        "provider-cloud.yaml",
    ]
    .into_iter()
    .map(|example| Download {
        example,
        template: "eu-ai-act",
        audience: None,
        format: "pdf",
    })
    .collect();
    let provider = "provider-cloud.yaml";
    for (template, audience, format) in [
        ("eu-ai-act", Some("ai-office"), "pdf"),
        ("eu-ai-act", Some("authority"), "pdf"),
        ("eu-ai-act", Some("downstream"), "pdf"),
        ("esrs-e1", None, "pdf"),
        ("summary", None, "pdf"),
        ("eu-ai-act", None, "md"),
        ("eu-ai-act", None, "html"),
        ("eu-ai-act", None, "json"),
    ] {
        all.push(Download {
            example: provider,
            template,
            audience,
            format,
        });
    }
    all
}

/// The hourly CSVs an example names, given to the page beside it.
fn files_of(example: &str) -> Vec<PathBuf> {
    if example == "deployer-hourly.yaml" {
        ["grid-de-q1.csv", "inference-q1.csv", "ppa-solar-q1.csv"]
            .iter()
            .map(|f| root().join("examples/hourly").join(f))
            .collect()
    } else {
        Vec::new()
    }
}

fn drive(dist: &Path, chromium: &Path, script: &Path, scratch: &Scratch, jobs: &Value) -> Value {
    let jobs_path = scratch.path("jobs.json");
    write_file(&jobs_path, &jobs.to_string());
    let out = Command::new("node")
        .arg(script)
        .arg(dist)
        .arg(scratch.path(""))
        .arg(chromium)
        .arg(&jobs_path)
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "the browser driver failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("the driver prints JSON")
}

/// Asserts that the page's download is the bytes `wattprint report` writes for the same
/// input, template, audience and date, and that `verify` accepts a PDF of it.
fn assert_same_as_the_command_line(scratch: &Scratch, download: &Download, result: &Value) {
    let page = std::fs::read(scratch.path(&format!("page-{}", download.file())))
        .unwrap_or_else(|e| panic!("{}: {e}: {result}", download.file()));
    let cli = scratch.path(&format!("cli-{}", download.file()));
    let mut args = vec![
        "report".to_owned(),
        format!("examples/{}", download.example),
        "--template".to_owned(),
        download.template.to_owned(),
        "--date".to_owned(),
        DATE.to_owned(),
        "-o".to_owned(),
        cli.display().to_string(),
    ];
    if let Some(audience) = download.audience {
        args.extend(["--audience".to_owned(), audience.to_owned()]);
    }
    wattprint(&args).expect(0);
    let expected = std::fs::read(&cli).unwrap();
    assert!(
        page == expected,
        "{}: the page's {} bytes differ from the command line's {}",
        download.file(),
        page.len(),
        expected.len()
    );
    if download.format == "pdf" {
        let page = scratch.path(&format!("page-{}", download.file()));
        let out = wattprint(["verify".as_ref(), page.as_os_str()]).run();
        assert_eq!(
            out.code,
            0,
            "{}: {}{}",
            download.file(),
            out.stdout,
            out.stderr
        );
    }
}

#[test]
fn the_page_makes_the_command_lines_reports_and_sends_nothing() {
    let Some((dist, chromium, script)) = setup() else {
        return;
    };
    let scratch = Scratch::new("browser");
    let downloads = downloads();
    let mut documents: Vec<Value> = Vec::new();
    for download in &downloads {
        let save = scratch.path(&format!("page-{}", download.file()));
        let job = json!({
            "template": download.template,
            "audience": download.audience,
            "format": download.format,
            "save": save,
        });
        match documents.last_mut() {
            Some(last) if last["name"] == download.example => {
                last["downloads"].as_array_mut().unwrap().push(job);
            }
            _ => documents.push(json!({
                "name": download.example,
                "yaml": root().join("examples").join(download.example),
                "files": files_of(download.example),
                "downloads": [job],
            })),
        }
    }
    let screenshots = std::env::var_os("WATTPRINT_SCREENSHOTS").map(PathBuf::from);
    let shots: Vec<Value> = screenshots
        .iter()
        .flat_map(|dir| {
            [("desktop", 1440, 900), ("laptop", 1280, 720)].map(|(name, width, height)| {
                json!({ "width": width, "height": height, "save": dir.join(format!("page-{name}.png")) })
            })
        })
        .collect();
    let result = drive(
        &dist,
        &chromium,
        &script,
        &scratch,
        &json!({
            "date": DATE,
            "documents": documents,
            "broken": "schema_version: 1\norganisation:\n  name: Acme\n  role: vendor\n",
            "screenshots": shots,
        }),
    );

    assert_eq!(
        result["requestsAfterLoad"],
        json!([]),
        "the page made requests after it had loaded: {result}"
    );
    assert_eq!(result["consoleErrors"], json!([]), "{result}");

    for download in &downloads {
        assert_same_as_the_command_line(&scratch, download, &result);
    }

    let broken = result["broken"].as_array().unwrap();
    assert!(
        broken.iter().any(|f| f
            .as_str()
            .is_some_and(|f| f.contains(".yaml:4:") && f.contains("vendor"))),
        "the broken file's findings: {broken:?}"
    );
    let completion = result["completion"].as_array().unwrap();
    for key in ["schema_version", "organisation", "system", "sites"] {
        assert!(
            completion.iter().any(|k| k == key),
            "{key} not offered: {completion:?}"
        );
    }
    let nested = result["nestedCompletion"].as_array().unwrap();
    for key in ["name", "role"] {
        assert!(
            nested.iter().any(|k| k == key),
            "{key} not offered in `organisation`: {nested:?}"
        );
    }
    assert!(!nested.iter().any(|k| k == "sites"), "{nested:?}");
    eprintln!("browser timings: {}", result["timings"]);
}
