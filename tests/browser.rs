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
    /// The disclosure: an example, or a file written by the test.
    input: PathBuf,
    template: &'static str,
    audience: Option<&'static str>,
    format: &'static str,
}

impl Download {
    fn of(
        example: &str,
        template: &'static str,
        audience: Option<&'static str>,
        format: &'static str,
    ) -> Self {
        Download {
            input: root().join("examples").join(example),
            template,
            audience,
            format,
        }
    }

    /// The name the page's and the command line's files are saved under (with a prefix).
    fn file(&self) -> String {
        let folder = self
            .input
            .parent()
            .and_then(Path::file_name)
            .unwrap_or_default();
        let stem = self.input.file_stem().unwrap_or_default();
        format!(
            "{}-{}-{}-{}.{}",
            folder.display(),
            stem.display(),
            self.template,
            self.audience.unwrap_or("all"),
            self.format
        )
    }
}

/// Every example as a PDF with the default template, each other built-in template on an example
/// it is for, and the provider's in every audience and format.
fn downloads() -> Vec<Download> {
    let mut all = vec![
        Download::of("claim-chatbot.yaml", "eu-ai-act", None, "pdf"),
        Download::of("claim-chatbot.yaml", "net-positive", None, "pdf"),
        Download::of("claim-routing.yaml", "eu-ai-act", None, "pdf"),
        Download::of("deployer-colocation.yaml", "eu-ai-act", None, "pdf"),
        Download::of("deployer-colocation.yaml", "levers", None, "pdf"),
        Download::of("deployer-hourly.yaml", "eu-ai-act", None, "pdf"),
    ];
    for (template, audience, format) in [
        ("eu-ai-act", None, "pdf"),
        ("eu-ai-act", Some("ai-office"), "pdf"),
        ("eu-ai-act", Some("authority"), "pdf"),
        ("eu-ai-act", Some("downstream"), "pdf"),
        ("esrs-e1", None, "pdf"),
        ("summary", None, "pdf"),
        ("eu-ai-act", None, "md"),
        ("eu-ai-act", None, "html"),
        ("eu-ai-act", None, "json"),
    ] {
        all.push(Download::of(
            "provider-cloud.yaml",
            template,
            audience,
            format,
        ));
    }
    all
}

/// The page's jobs for `downloads`, one document for each run of downloads of one input.
fn documents(scratch: &Scratch, downloads: &[Download]) -> Vec<Value> {
    let mut documents: Vec<Value> = Vec::new();
    for download in downloads {
        let job = json!({
            "template": download.template,
            "audience": download.audience,
            "format": download.format,
            "save": scratch.path(&format!("page-{}", download.file())),
        });
        match documents.last_mut() {
            Some(last) if last["yaml"] == json!(download.input) => {
                last["downloads"].as_array_mut().unwrap().push(job);
            }
            _ => documents.push(json!({
                "yaml": download.input,
                "files": files_of(&download.input),
                "downloads": [job],
            })),
        }
    }
    documents
}

/// The hourly CSVs an example names, given to the page beside it.
fn files_of(input: &Path) -> Vec<PathBuf> {
    if input.ends_with("deployer-hourly.yaml") {
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
        download.input.display().to_string(),
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

/// The findings `wattprint validate` gives for `broken`, as the page lists them (the text of
/// each item: place, severity and code, message, help).
fn findings_of_validate(broken: &Path) -> Vec<String> {
    let validated: Value = serde_json::from_str(
        &wattprint([
            "validate".as_ref(),
            "--format".as_ref(),
            "json".as_ref(),
            broken.as_os_str(),
        ])
        .expect(1)
        .stdout,
    )
    .unwrap();
    let expected: Vec<String> = validated
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "broken.yaml:{}:{} {}[{}]: {}{}",
                f["line"],
                f["column"],
                f["severity"].as_str().unwrap(),
                f["code"].as_str().unwrap(),
                f["message"].as_str().unwrap(),
                f["help"]
                    .as_str()
                    .map(|h| format!("help: {h}"))
                    .unwrap_or_default()
            )
        })
        .collect();
    assert!(!expected.is_empty());
    expected
}

/// Asserts the keys the page offered: at the top of a file, in a mapping, in a list item.
fn assert_completion(result: &Value) {
    assert_eq!(
        result["valueCompletion"],
        json!(["provider", "deployer", "both"]),
        "{result}"
    );
    assert_eq!(
        result["afterValue"],
        "schema_version: 1\norganisation:\n  role: provider"
    );
    let listed = result["listCompletion"].as_array().unwrap();
    for key in ["grid", "pue", "operation"] {
        assert!(
            listed.iter().any(|k| k == key),
            "{key} not offered in a site: {listed:?}"
        );
    }
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
}

#[test]
fn the_page_makes_the_command_lines_reports_and_sends_nothing() {
    let Some((dist, chromium, script)) = setup() else {
        return;
    };
    let scratch = Scratch::new("browser");
    let mut downloads = downloads();
    // A file with a byte-order mark and CRLF line ends, which a text field would drop: the page
    // sends the file's own text while the editor shows it unchanged.
    let marked = scratch.path("bom-crlf/claim-routing.yaml");
    std::fs::create_dir_all(marked.parent().unwrap()).unwrap();
    let example = std::fs::read_to_string(root().join("examples/claim-routing.yaml")).unwrap();
    write_file(
        &marked,
        &format!("\u{feff}{}", example.replace('\n', "\r\n")),
    );
    downloads.push(Download {
        input: marked,
        template: "eu-ai-act",
        audience: None,
        format: "pdf",
    });
    let documents = documents(&scratch, &downloads);
    let broken = scratch.path("broken.yaml");
    write_file(
        &broken,
        "schema_version: 1\norganisation:\n  name: Acme\n  role: vendor\n",
    );
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
            "broken": broken,
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

    assert_eq!(result["broken"], json!(findings_of_validate(&broken)));
    assert!(
        result["requestsWhileLoading"]
            .as_array()
            .unwrap()
            .iter()
            .any(|url| url.as_str().is_some_and(|u| u.ends_with("/wattprint.wasm"))),
        "the listener did not see the worker fetch the module: {result}"
    );
    for document in result["documents"].as_array().unwrap() {
        assert!(
            document["previewHeading"]
                .as_str()
                .is_some_and(|h| !h.trim().is_empty()),
            "no preview for {document}"
        );
    }
    assert_completion(&result);
    eprintln!("browser timings: {}", result["timings"]);
}
