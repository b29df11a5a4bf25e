//! Reports: what the PDF says, that it is reproducible, that no input can run Typst code,
//! and that outputs are written whole or not at all.

use std::fmt::Write as _;
use std::path::Path;

use crate::support::{
    Scratch, compute_json, pdf_text, report_of, report_text, root, squash, wattprint, write_file,
};

const EPOCH: &str = "1782777600";

/// The starting disclosure `init --role provider` writes, in `scratch`.
fn provider_starter(scratch: &Scratch) -> std::path::PathBuf {
    let file = scratch.path("p.yaml");
    wattprint([
        "init".as_ref(),
        "--role".as_ref(),
        "provider".as_ref(),
        "-o".as_ref(),
        file.as_os_str(),
    ])
    .expect(0);
    file
}

fn pdf_of(example: &str, scratch: &Scratch, name: &str) -> Vec<u8> {
    let out = scratch.path(name);
    wattprint([
        "report".as_ref(),
        example.as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
    ])
    .env("SOURCE_DATE_EPOCH", EPOCH)
    .expect(0);
    std::fs::read(out).unwrap()
}

#[test]
fn the_pdf_shows_the_organisation_the_totals_and_the_methodology() {
    let scratch = Scratch::new("pdf-text");
    let text = pdf_text(&pdf_of(
        "examples/deployer-colocation.yaml",
        &scratch,
        "r.pdf",
    ));
    for expected in [
        "Example Health AI GmbH",
        "Triage Assistant",
        "2026-01-01 to 2026-06-30",
        // 41.2 MWh × 1.35 = 55.62 MWh; × 363 g/kWh = 20.19 t; market-based 22.08 t.
        "55.62",
        "20.19",
        "22.08",
        // 55,620 kWh ÷ 18,400,000 requests = 3.023 Wh per request, shown as 3.02: its 95 %
        // interval, 2.87–3.17, supports three figures.
        "3.02",
        "2.87–3.17",
        "Methodology",
        "devicetelemetry",
        "NVIDIA DCGM (GPU power, 10 s)",
        "Umweltbundesamt",
        "networking",
        "excluded",
        "Llama-3.1-70B-Instruct",
    ] {
        assert!(
            text.contains(&squash(expected)),
            "the PDF lacks {expected:?}"
        );
    }
}

#[test]
fn identical_inputs_give_byte_identical_pdfs() {
    let scratch = Scratch::new("reproducible");
    let first = pdf_of("examples/provider-cloud.yaml", &scratch, "a.pdf");
    let second = pdf_of("examples/provider-cloud.yaml", &scratch, "b.pdf");
    assert!(first == second, "two runs gave different PDFs");
    assert!(first.starts_with(b"%PDF-"));
}

#[test]
fn the_pdf_is_archival_with_document_metadata() {
    let scratch = Scratch::new("metadata");
    let pdf = pdf_of("examples/deployer-colocation.yaml", &scratch, "m.pdf");
    let raw = String::from_utf8_lossy(&pdf);
    assert!(
        raw.contains("<pdfaid:part>3</pdfaid:part>"),
        "no PDF/A identification"
    );
    // Level A: tagged, with a structure tree screen readers follow.
    assert!(raw.contains("<pdfaid:conformance>A</pdfaid:conformance>"));
    assert!(raw.contains("/StructTreeRoot") && raw.contains("/Marked true"));
    assert!(
        raw.contains("Example Health AI GmbH"),
        "no author in the metadata"
    );
}

/// Strings that would run code or change layout if they reached Typst as markup.
const HOSTILE: &[&str] = &[
    r#"#read("/etc/passwd")"#,
    "$x^2$",
    "*bold*",
    "]",
    r"\",
    "<label>",
    r#"#include "x.typ""#,
    "#{",
    "// not a comment",
    "@ref",
    "{{ tera }}",
    "{% include \"report.typ\" %}",
    "{# comment #}",
    "#show: body => none",
    "#set text(size: 0pt)",
    r#"#import "@preview/cetz:0.3.0": *"#,
    "```typ #read(\"/etc/passwd\") ```",
    "`raw`",
    "$ sum_(i=0)^n i $",
    "[unbalanced",
    "(unbalanced",
    "unbalanced)",
    "\"quoted\"",
    "<a> <b>",
    "#emph[open",
];

/// Text fields and ids in `tests/fixtures/hostile.yaml.in`, each printed at least once.
const HOSTILE_FIELDS: usize = 23;

#[test]
fn no_input_text_can_run_typst_code() {
    let template = std::fs::read_to_string(root().join("tests/fixtures/hostile.yaml.in")).unwrap();
    let scratch = Scratch::new("injection");
    for (i, hostile) in HOSTILE.iter().enumerate() {
        let quoted = serde_json::to_string(hostile).unwrap();
        let text: String = template
            .lines()
            .map(|line| {
                if line.starts_with('#') {
                    format!("{line}\n")
                } else {
                    format!("{}\n", line.replace("HOSTILE", &quoted))
                }
            })
            .collect();
        let input = scratch.path(&format!("hostile-{i}.yaml"));
        write_file(&input, &text);
        let pdf = scratch.path(&format!("hostile-{i}.pdf"));
        let output = wattprint([
            "report".as_ref(),
            input.as_os_str(),
            "-o".as_ref(),
            pdf.as_os_str(),
        ])
        .run();
        assert_eq!(
            output.code, 0,
            "{hostile:?} broke the report: {}{}",
            output.stdout, output.stderr
        );
        let text = pdf_text(&std::fs::read(&pdf).unwrap());
        let printed = text.matches(&squash(hostile)).count();
        assert!(
            printed >= HOSTILE_FIELDS,
            "{hostile:?} is printed literally {printed} times in the PDF, expected at least {HOSTILE_FIELDS}"
        );
        assert!(
            !text.contains("root:x:0"),
            "a file was read into the report"
        );
        let markdown = scratch.path(&format!("hostile-{i}.md"));
        wattprint([
            "report".as_ref(),
            input.as_os_str(),
            "-o".as_ref(),
            markdown.as_os_str(),
        ])
        .expect(0);
        let markdown = std::fs::read_to_string(&markdown).unwrap();
        let escaped = wattprint::render::escape::markdown(hostile);
        assert!(
            markdown.matches(&escaped).count() >= HOSTILE_FIELDS,
            "{hostile:?} is not escaped in the Markdown"
        );
    }
}

#[test]
fn the_format_follows_the_extension_or_the_flag() {
    let scratch = Scratch::new("formats");
    let typ = scratch.path("report.typ");
    wattprint([
        "report".as_ref(),
        "examples/deployer-colocation.yaml".as_ref(),
        "-o".as_ref(),
        typ.as_os_str(),
    ])
    .expect(0);
    assert!(
        std::fs::read_to_string(&typ)
            .unwrap()
            .contains("#show: report.with(")
    );
    let odd = scratch.path("report.out");
    let output = wattprint([
        "report".as_ref(),
        "examples/deployer-colocation.yaml".as_ref(),
        "-o".as_ref(),
        odd.as_os_str(),
    ])
    .expect(2);
    assert!(
        output.stderr.contains("cannot tell the report format"),
        "{}",
        output.stderr
    );
    wattprint([
        "report".as_ref(),
        "examples/deployer-colocation.yaml".as_ref(),
        "-o".as_ref(),
        odd.as_os_str(),
        "--format".as_ref(),
        "md".as_ref(),
    ])
    .expect(0);
    assert!(
        std::fs::read_to_string(&odd)
            .unwrap()
            .starts_with("# Energy and emissions disclosure")
    );
}

#[test]
fn an_unknown_template_is_a_usage_error_that_lists_the_known_ones() {
    let scratch = Scratch::new("template");
    let out = scratch.path("r.pdf");
    let output = wattprint([
        "report".as_ref(),
        "examples/deployer-colocation.yaml".as_ref(),
        "--template".as_ref(),
        "esrs-e2".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
    ])
    .expect(2);
    assert!(
        output.stderr.contains(
            "no built-in template is called `esrs-e2` (there are: eu-ai-act, esrs-e1, levers, net-positive, summary)"
        ),
        "{}",
        output.stderr
    );
    assert!(!out.exists());
}

#[test]
fn a_failed_report_leaves_the_previous_output_untouched() {
    let scratch = Scratch::new("atomic");
    let out = scratch.path("r.md");
    write_file(&out, "previous report");
    wattprint([
        "report".as_ref(),
        "tests/fixtures/invalid/pue-below-one.yaml".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
    ])
    .expect(1);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "previous report");
    let unwritable = scratch.path("missing-dir/r.pdf");
    let output = wattprint([
        "report".as_ref(),
        "examples/deployer-colocation.yaml".as_ref(),
        "-o".as_ref(),
        unwritable.as_os_str(),
    ])
    .expect(2);
    assert!(output.stderr.contains("cannot write"), "{}", output.stderr);
    assert_eq!(
        std::fs::read_dir(scratch.path("")).unwrap().count(),
        1,
        "a temporary file was left behind"
    );
}

#[test]
fn a_malformed_source_date_epoch_is_refused() {
    let scratch = Scratch::new("epoch");
    let out = scratch.path("r.pdf");
    let output = wattprint([
        "report".as_ref(),
        "examples/deployer-colocation.yaml".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
    ])
    .env("SOURCE_DATE_EPOCH", "yesterday")
    .expect(2);
    assert!(
        output.stderr.contains("SOURCE_DATE_EPOCH"),
        "{}",
        output.stderr
    );
}

#[test]
fn an_audience_sees_exactly_its_form_fields() {
    let scratch = Scratch::new("audience");
    let render = |audience: &str, out: &str| {
        let path = scratch.path(out);
        let mut args: Vec<std::ffi::OsString> = vec![
            "report".into(),
            "examples/provider-cloud.yaml".into(),
            "-o".into(),
            path.clone().into(),
        ];
        if !audience.is_empty() {
            args.extend(["--audience".into(), audience.into()]);
        }
        wattprint(args).expect(0);
        path
    };
    let office = std::fs::read_to_string(render("ai-office", "office.md")).unwrap();
    assert!(
        office.contains("| Amount of energy used for training | 35.19 MWh"),
        "{office}"
    );
    assert!(office.contains("as made available to the AI Office"));
    // The Office receives training time in days and FLOPs to two significant figures,
    // authorities a range and an order of magnitude.
    assert!(office.contains(
        "| Training time (days) | 47 days wall-clock; 3,008 hardware-days (64 × h100-sxm) | AIO |"
    ));
    assert!(
        office
            .contains("| Amount of computation used for training | 1.1 × 10²³ FLOPs (estimated: ")
    );
    // The Office receives the training run's dates.
    assert!(office.contains("2026-01-05 to 2026-02-20"));
    assert!(!office.contains("Training time (range)"));
    let authority = std::fs::read_to_string(render("authority", "authority.md")).unwrap();
    assert!(authority.contains("| Training time (range) | 1 to 3 months | NCA |"));
    assert!(authority.contains("10²³ FLOPs (at least 10²³, less than 10²⁴)"));
    assert!(!authority.contains("Training time (days)"));
    // Authorities receive no training date, wall-clock time or exact FLOPs anywhere in the
    // document, its attachments included: only the Form's range and order of magnitude.
    assert!(
        !authority.contains("2026-01-05") && !authority.contains("2026-02-20"),
        "{authority}"
    );
    let pdf = render("authority", "authority.pdf");
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(!pdf_text(&bytes).contains("2026-01-05"));
    for (name, body) in wattprint::evidence::read::attachments(&bytes, 1 << 24).unwrap() {
        let body = String::from_utf8_lossy(&body);
        for exact in [
            "2026-01-05",
            "2026-02-20",
            "47 days",
            "1.08e23",
            "wall_clock",
        ] {
            assert!(!body.contains(exact), "`{exact}` in {name}");
        }
    }
    wattprint([
        "verify".as_ref(),
        pdf.as_os_str(),
        "--full-input".as_ref(),
        "examples/provider-cloud.yaml".as_ref(),
    ])
    .expect(0);
    assert!(
        authority.contains(
            "training (the model's training: 1 to 3 months, as the Form gives it to authorities)"
        ),
        "{authority}"
    );
    let downstream = std::fs::read_to_string(render("downstream", "downstream.md")).unwrap();
    assert!(!downstream.contains("| Amount of energy used for training"));
    assert!(
        downstream.contains(
            "The Form gives its energy and compute fields to the AI Office and national competent authorities, and none to downstream providers."
        )
    );
    let json = std::fs::read_to_string(render("authority", "authority.json")).unwrap();
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(report["manifest"]["audience"], "authority");
    // The audience travels in the manifest, so the PDF re-renders identically.
    let pdf = render("downstream", "downstream.pdf");
    wattprint(["verify".as_ref(), pdf.as_os_str()]).expect(0);
}

/// The embodied emissions per unit of service count the hardware that served it: a training
/// cluster adds nothing to a request, so the full document and the downstream one (which
/// leaves the cluster out) give the same figure (attack review, 2026-12-01: 0.02131 against
/// 0.007725 gCO2e a request).
#[test]
fn embodied_emissions_per_request_leave_training_hardware_out() {
    let scratch = Scratch::new("embodied-phase");
    let input = scratch.path("provider.yaml");
    let text = std::fs::read_to_string(root().join("examples/provider-cloud.yaml"))
        .unwrap()
        .replacen(
            "measurements:\n",
            "hardware:\n  - { id: train-cluster, description: training servers, count: 8, phase: training, embodied: { value: 3700 kgCO2e, lifetime: 5 years, method: default_factor, source: LCA } }\n  - { id: serve, description: serving servers, count: 2, phase: inference, embodied: { value: 3700 kgCO2e, lifetime: 5 years, method: default_factor, source: LCA } }\nmeasurements:\n",
            1,
        );
    write_file(&input, &text);
    let per_request = |audience: Option<&str>| {
        let out = scratch.path(&format!("{}.json", audience.unwrap_or("full")));
        let mut args: Vec<&std::ffi::OsStr> = vec![
            "report".as_ref(),
            input.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
        ];
        if let Some(audience) = audience {
            args.push("--audience".as_ref());
            args.push(audience.as_ref());
        }
        wattprint(args).expect(0);
        let report: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
        report["results"]["per_unit"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["functional_unit"] == "request")
            .unwrap()["embodied"]["value"]
            .as_f64()
            .unwrap()
    };
    // The serving servers: 2 × 3,700 kg × 181 days ÷ (5 × 365 days) = 733.9 kg, over the
    // requests the two inference measurements served.
    let requests: f64 = crate::support::yaml(&text)["measurements"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["workload"]["request"].as_f64())
        .sum();
    let expected = 2.0 * 3_700.0 * 181.0 / (5.0 * 365.0) / requests * 1000.0;
    let full = per_request(None);
    assert!(
        (full - expected).abs() < 1e-9 * expected,
        "{full} against {expected}"
    );
    assert!((per_request(Some("downstream")) - full).abs() < 1e-12 * full);
}

/// A document for downstream providers holds nothing of the provider's training: not in its
/// pages, its charts, its metadata or its attachments. It carries the disclosure without the
/// training, bound by SHA-256 to the full one, and verifies; the full input ties to it.
#[test]
fn downstream_providers_receive_nothing_of_the_training() {
    let scratch = Scratch::new("downstream");
    let pdf = scratch.path("downstream.pdf");
    wattprint([
        "report".as_ref(),
        "examples/provider-cloud.yaml".as_ref(),
        "--audience".as_ref(),
        "downstream".as_ref(),
        "-o".as_ref(),
        pdf.as_os_str(),
    ])
    .expect(0);
    let bytes = std::fs::read(&pdf).unwrap();
    let text = pdf_text(&bytes);
    for training in [
        "pretraining",
        "35.19",
        "30.60",
        "2026-01-05",
        "2026-02-20",
        "FLOPs",
        "H100",
        "wall-clock",
    ] {
        assert!(
            !text.contains(training),
            "`{training}` in the downstream document:\n{text}"
        );
    }
    assert!(text.contains(&squash("Prepared for downstream providers")));
    assert!(text.contains(&squash("Annex XII")));
    let attachments = wattprint::evidence::read::attachments(&bytes, 1 << 24).unwrap();
    let names: Vec<&str> = attachments.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        ["provider-cloud.downstream.json", "wattprint-report.json"]
    );
    for (name, bytes) in &attachments {
        let body = String::from_utf8_lossy(bytes);
        for training in [
            "pretraining",
            "\"phase\": \"training\"",
            "nvidia-smi",
            "2026-01-05",
            "Kaplan",
        ] {
            assert!(
                !body.contains(training),
                "`{training}` in attachment {name}"
            );
        }
    }
    let input: serde_json::Value = serde_json::from_slice(&attachments[0].1).unwrap();
    assert_eq!(input["measurements"].as_array().map(Vec::len), Some(2));
    let full = std::fs::read(root().join("examples/provider-cloud.yaml")).unwrap();
    let report: serde_json::Value = serde_json::from_slice(&attachments[1].1).unwrap();
    assert_eq!(
        report["manifest"]["redacted_from"]["input_sha256"],
        wattprint::evidence::Sha256Hex::of(&full).as_str()
    );
    assert!(text.contains(wattprint::evidence::Sha256Hex::of(&full).as_str()));
    let verified = wattprint(["verify".as_ref(), pdf.as_os_str()]).expect(0);
    assert!(
        verified
            .stdout
            .contains("the tie is not checked: verify again with --full-input provider-cloud.yaml")
    );
    let tied = wattprint([
        "verify".as_ref(),
        pdf.as_os_str(),
        "--full-input".as_ref(),
        "examples/provider-cloud.yaml".as_ref(),
    ])
    .expect(0);
    assert!(tied.stdout.contains("tied: "), "{}", tied.stdout);
    // Another disclosure is not the full input of this document.
    let other = wattprint([
        "verify".as_ref(),
        pdf.as_os_str(),
        "--full-input".as_ref(),
        "examples/claim-routing.yaml".as_ref(),
    ])
    .expect(1);
    assert!(other.stdout.contains("not tied: "), "{}", other.stdout);
    // Attack of 2026-12-03 (helper 61): in JSON, `verified` (the document's own) was true beside
    // a failed tie; `passed` says whether every check asked for passed, as the exit code does.
    let json = wattprint([
        "verify".as_ref(),
        pdf.as_os_str(),
        "--full-input".as_ref(),
        "examples/claim-routing.yaml".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
    ])
    .expect(1);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(value["verified"], true);
    assert_eq!(value["full_input"]["tied"], false);
    assert_eq!(value["passed"], false);
}

// Attack of 2026-12-03 (helper 61): `--data` was attached whole to a document for an audience,
// rows only the training used (a device row naming an unannounced project) included.
const HOUSE_DATA: &str = "name: House factors 2026
grid:
  - { zone: DE, name: Germany, value: 350 gCO2e/kWh, year: 2025, source: UBA preliminary 2025 }
  - { zone: FR, value: 50 gCO2e/kWh, year: 2025, source: RTE 2025 }
providers:
  - { id: gcp, pue: { value: 1.09, year: 2025, source: Google 2025 environmental report } }
hardware:
  - { id: h100-sxm, name: H100 as run for Project Falcon, tdp: 690 W, peak_tflops: { bf16: 989.5 }, source: Project Falcon bench }
  - { id: next-chip, name: Unannounced accelerator, tdp: 300 W, source: roadmap }
";

#[test]
fn an_audience_receives_only_the_reference_rows_its_input_uses() {
    let scratch = Scratch::new("audience-data");
    let data = scratch.path("house.yaml");
    write_file(&data, HOUSE_DATA);
    let pdf = scratch.path("downstream.pdf");
    wattprint([
        "--data".as_ref(),
        data.as_os_str(),
        "report".as_ref(),
        "examples/provider-cloud.yaml".as_ref(),
        "--audience".as_ref(),
        "downstream".as_ref(),
        "-o".as_ref(),
        pdf.as_os_str(),
    ])
    .expect(0);
    let bytes = std::fs::read(&pdf).unwrap();
    let attachments = wattprint::evidence::read::attachments(&bytes, 1 << 24).unwrap();
    let names: Vec<&str> = attachments.iter().map(|(n, _)| n.as_str()).collect();
    assert!(names.contains(&"house.downstream.json"), "{names:?}");
    for (name, body) in &attachments {
        let body = String::from_utf8_lossy(body);
        for withheld in ["Falcon", "next-chip", "Unannounced", "RTE 2025"] {
            assert!(
                !body.contains(withheld),
                "`{withheld}` in attachment {name}"
            );
        }
    }
    let kept =
        wattprint::evidence::read::attachment(&attachments, "house.downstream.json").unwrap();
    let kept: serde_json::Value = serde_json::from_slice(kept).unwrap();
    // The serving site in Frankfurt takes Germany's factor and Google's PUE from the file.
    assert_eq!(kept["grid"][0]["zone"], "DE");
    assert_eq!(kept["providers"][0]["id"], "gcp");
    assert_eq!(kept.get("hardware"), None, "{kept}");
    let text = pdf_text(&bytes);
    assert!(
        text.contains(&squash("holds only the rows of the file house.yaml")),
        "{text}"
    );
    let verified = wattprint(["verify".as_ref(), pdf.as_os_str()]).expect(0);
    assert!(
        verified.stdout.contains("--full-data house.yaml"),
        "{}",
        verified.stdout
    );
    let verify = |data: &Path| {
        wattprint([
            "verify".as_ref(),
            pdf.as_os_str(),
            "--full-input".as_ref(),
            "examples/provider-cloud.yaml".as_ref(),
            "--full-data".as_ref(),
            data.as_os_str(),
        ])
    };
    let tied = verify(&data).expect(0);
    assert!(tied.stdout.contains("tied: "), "{}", tied.stdout);
    // Without the whole file the tie cannot be checked; with another, it fails.
    let unchecked = wattprint([
        "verify".as_ref(),
        pdf.as_os_str(),
        "--full-input".as_ref(),
        "examples/provider-cloud.yaml".as_ref(),
    ])
    .expect(1);
    assert!(
        unchecked
            .stdout
            .contains("verify again with --full-data house.yaml"),
        "{}",
        unchecked.stdout
    );
    let other = scratch.path("other.yaml");
    write_file(
        &other,
        &HOUSE_DATA.replace("Project Falcon bench", "Project Eagle bench"),
    );
    let differs = verify(&other).expect(1);
    assert!(
        differs
            .stdout
            .contains("mismatch: manifest.redacted_from.reference_data.sha256"),
        "{}",
        differs.stdout
    );
}

// Attack of 2026-12-03 (helper 61): a model the disclosure held only for its training (an
// unannounced one, with its size), and the hardware tied to it, reached downstream providers.
#[test]
fn downstream_providers_receive_no_model_that_only_trains() {
    let scratch = Scratch::new("downstream-model");
    let example = std::fs::read_to_string(root().join("examples/provider-cloud.yaml")).unwrap();
    let text = example
        .replacen(
            "functional_units:\n",
            "    - { id: nl-70b, name: Nordlicht-70B-preview, provider: Nordlicht AI SE, parameters: 70e9 }\nfunctional_units:\n",
            1,
        )
        .replacen(
            "measurements:\n",
            "hardware:\n  - { id: big-cluster, description: 256 H100 for the 70B run, count: 32, model: nl-70b, embodied: { value: 3700 kgCO2e, lifetime: 5 years, method: default_factor, source: \"Luccioni et al. 2022\" } }\nmeasurements:\n  - { id: pretraining-70b, phase: training, site: aws-sto, model: nl-70b, period: { start: 2026-04-01, end: 2026-06-15 }, energy: { value: 410 MWh, method: metered, source: cluster meters }, boundary: [accelerators, host] }\n",
            1,
        );
    let input = scratch.path("provider-70b.yaml");
    write_file(&input, &text);
    let json = scratch.path("downstream.json");
    let made = wattprint([
        "report".as_ref(),
        input.as_os_str(),
        "--audience".as_ref(),
        "downstream".as_ref(),
        "--date".as_ref(),
        "2026-07-15".as_ref(),
        "-o".as_ref(),
        json.as_os_str(),
    ])
    .expect(0);
    // Its hardware, which marks no phase, went with it: no note says the document gives it to
    // the service (helper 62).
    assert!(!made.stderr.contains("big-cluster"), "{}", made.stderr);
    for file in [json, scratch.path("provider-70b.downstream.json")] {
        let body = std::fs::read_to_string(&file).unwrap();
        for training in ["70B", "nl-70b", "big-cluster", "410"] {
            assert!(!body.contains(training), "`{training}` in {file:?}");
        }
        assert!(body.contains("nl-7b"), "{file:?}");
    }
}

/// 500 measurements over 20 sites: long tables break across pages and repeat their header.
// Attack of 2026-12-02: 54 MWh at a site without a WUE and 1.2 MWh at one with 1.8 L/kWh
// printed "Water consumed, on site 1.800 m³", and 0.09 mL a request over both sites' requests.
// A sum over the sites that state water would read as the whole: none is given, and the
// report says which site states none.
#[test]
fn water_is_not_summed_over_the_sites_that_state_it_alone() {
    let fixture = "tests/fixtures/water/partial.yaml";
    let results = wattprint(["compute", fixture, "--format", "json"]).expect(0);
    let json: serde_json::Value = serde_json::from_str(&results.stdout).unwrap();
    assert!(
        json["total"]["water"].is_null(),
        "{}",
        json["total"]["water"]
    );
    assert!(
        json["per_unit"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["water"].is_null())
    );
    let scratch = Scratch::new("report-partial-water");
    let out = scratch.path("r.md");
    wattprint([
        "report".as_ref(),
        fixture.as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
    ])
    .expect(0);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.contains("| Water used, on site | not given: fra states no water figure |")
            && !text.contains("Water per unit"),
        "{text}"
    );
    // Review of the same day: one site's water on site and another's off site were "on and
    // off site", as if each stated both.
    let mixed = scratch.path("m.md");
    wattprint([
        "report".as_ref(),
        "tests/fixtures/water/mixed-parts.yaml".as_ref(),
        "-o".as_ref(),
        mixed.as_os_str(),
    ])
    .expect(0);
    let text = std::fs::read_to_string(&mixed).unwrap();
    assert!(
        text.contains("| Water used, as each site states it (fra: on site; par: off site, generating the electricity) | 74.40 |"),
        "{text}"
    );
}

#[test]
fn a_large_disclosure_lays_out_across_pages() {
    use std::fmt::Write as _;
    let minimal = std::fs::read_to_string(root().join("tests/fixtures/minimal.yaml")).unwrap();
    let head = &minimal[..minimal.find("sites:").unwrap()];
    let mut text = head.to_owned();
    text.push_str("sites:\n");
    for s in 0..20 {
        let _ = writeln!(
            text,
            "  - {{ id: site-{s:02}, operation: colocation, location: DE, pue: {{ value: 1.3, method: supplier_reported, source: operator }}, grid: {{ location_based: {{ value: 363 gCO2e/kWh, method: default_factor, source: UBA 2024 }} }} }}"
        );
    }
    text.push_str("measurements:\n");
    // 120 measurements make some 25 pages, enough for every long table to break across
    // several (500 made 85 and cost a tenth of the suite's time).
    for m in 0..120 {
        let _ = writeln!(
            text,
            "  - {{ id: m-{m:03}, phase: inference, site: site-{:02}, model: main, energy: {{ value: {} MWh, method: device_telemetry, source: DCGM }}, boundary: [accelerators, host, idle_capacity, networking, storage, facility], workload: {{ request: 1000000 }} }}",
            m % 20,
            1 + m % 7
        );
    }
    text.push_str(&minimal[minimal.find("methodology:").unwrap()..]);
    let scratch = Scratch::new("large");
    let input = scratch.path("large.yaml");
    write_file(&input, &text);
    let pdf = scratch.path("large.pdf");
    wattprint([
        "report".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        pdf.as_os_str(),
    ])
    .expect(0);
    let bytes = std::fs::read(&pdf).unwrap();
    let pages = pdf_extract::extract_text_from_mem_by_pages(&bytes).unwrap();
    assert!(pages.len() > 10, "{} pages", pages.len());
    let with_header = pages
        .iter()
        .filter(|p| p.contains("Measurement") && p.contains("Phase") && p.contains("m-"))
        .count();
    assert!(
        with_header >= 3,
        "the measurement table repeats its header on {with_header} pages"
    );
    assert!(
        squash(&pages.concat()).contains("m-119"),
        "the last measurement is printed"
    );
}

#[test]
fn the_cover_states_the_legal_basis_the_role_has() {
    // Annex XI binds providers of general-purpose AI models (Art. 53(1)(a)), not deployers: a
    // deployer's document is voluntary and says so; a provider's says which fields it fills,
    // without concluding that its model is a general-purpose one.
    let scratch = Scratch::new("basis");
    let deployer = pdf_text(&pdf_of(
        "examples/deployer-colocation.yaml",
        &scratch,
        "d.pdf",
    ));
    assert!(
        deployer.contains(&squash("A voluntary disclosure of the energy consumption")),
        "{deployer}"
    );
    assert!(deployer.contains(&squash("this document is not made under it")));
    assert!(!deployer.contains(&squash("as required by")));
    let provider = pdf_text(&pdf_of("examples/provider-cloud.yaml", &scratch, "p.pdf"));
    assert!(
        provider.contains(&squash("asks of providers of general-purpose AI models")),
        "{provider}"
    );
    assert!(!provider.contains(&squash("voluntary disclosure of the energy")));
    assert!(!provider.contains(&squash("as required by")));
    // The document's metadata says the same.
    let raw = String::from_utf8_lossy(&pdf_of(
        "examples/deployer-colocation.yaml",
        &scratch,
        "d2.pdf",
    ))
    .into_owned();
    assert!(
        !raw.contains("Annex XI, Section 1, point 2(e)\""),
        "metadata claims Annex XI"
    );
}

#[test]
fn example_text_from_init_is_a_warning_and_an_error_with_strict() {
    let scratch = Scratch::new("placeholder");
    let file = scratch.path("d.yaml");
    wattprint([
        "init".as_ref(),
        "--role".as_ref(),
        "deployer".as_ref(),
        "-o".as_ref(),
        file.as_os_str(),
    ])
    .expect(0);
    let lenient = wattprint(["validate".as_ref(), file.as_os_str()]).expect(0);
    assert!(
        lenient.stdout.contains("warning[placeholder]")
            && lenient.stdout.contains("methodology.narrative")
            && !lenient.stdout.contains("error["),
        "{}",
        lenient.stdout
    );
    let strict = wattprint(["validate".as_ref(), "--strict".as_ref(), file.as_os_str()]).expect(1);
    assert!(
        strict.stdout.contains("error[placeholder]"),
        "{}",
        strict.stdout
    );
    // A report under --strict is refused and writes nothing.
    let out = scratch.path("r.md");
    wattprint([
        "report".as_ref(),
        "--strict".as_ref(),
        file.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ])
    .expect(1);
    assert!(!out.exists());
}

#[test]
fn the_date_of_issue_is_given_or_today_and_verifies() {
    let scratch = Scratch::new("date-of-issue");
    let issued = scratch.path("issued.pdf");
    wattprint([
        "report".as_ref(),
        "examples/deployer-colocation.yaml".as_ref(),
        "--date".as_ref(),
        "2026-07-15".as_ref(),
        "-o".as_ref(),
        issued.as_os_str(),
    ])
    .env("SOURCE_DATE_EPOCH", EPOCH)
    .expect(0);
    let bytes = std::fs::read(&issued).unwrap();
    let text = pdf_text(&bytes);
    assert!(text.contains(&squash("Date of issue 2026-07-15")), "{text}");
    // The date is in the manifest, so the report renders again the same.
    let verified = wattprint(["verify".as_ref(), issued.as_os_str()]).expect(0);
    assert!(
        verified.stdout.starts_with("verified:"),
        "{}",
        verified.stdout
    );

    // Without --date or SOURCE_DATE_EPOCH (never set unless a test sets it) the report is
    // dated the day it is made, and its PDF's metadata too: never the period's end, which
    // would pass that day off as the day it was made (review, 2026-12-01).
    let undated = scratch.path("undated.pdf");
    wattprint([
        "report".as_ref(),
        "examples/deployer-colocation.yaml".as_ref(),
        "-o".as_ref(),
        undated.as_os_str(),
    ])
    .expect(0);
    let bytes = std::fs::read(&undated).unwrap();
    let attachments = wattprint::evidence::read::attachments(&bytes, 1 << 24).unwrap();
    let report: serde_json::Value = serde_json::from_slice(
        &attachments
            .iter()
            .find(|(name, _)| name == "wattprint-report.json")
            .unwrap()
            .1,
    )
    .unwrap();
    assert_eq!(report["manifest"]["date_source"], "day it was made");
    let day = report["manifest"]["date"].as_str().unwrap().to_owned();
    assert!(day.as_str() >= "2026-12-01", "{day}");
    let text = pdf_text(&bytes);
    assert!(
        text.contains(&squash(&format!("Date of issue {day}"))),
        "{text}"
    );
    assert!(!text.contains("2026-06-30, the end"), "{text}");
    let metadata = String::from_utf8_lossy(&bytes);
    assert!(
        metadata.contains(&format!("<xmp:CreateDate>{day}")),
        "the PDF's creation date is the day it was made"
    );
    wattprint(["verify".as_ref(), undated.as_os_str()]).expect(0);

    // A date of issue before the period ends is refused, writing nothing.
    let early = scratch.path("early.md");
    let output = wattprint([
        "report".as_ref(),
        "examples/deployer-colocation.yaml".as_ref(),
        "--date".as_ref(),
        "2026-03-01".as_ref(),
        "-o".as_ref(),
        early.as_os_str(),
    ])
    .expect(2);
    assert!(
        output.stderr.contains(
            "the date of issue, 2026-03-01, is before the reporting period ends on 2026-06-30"
        ),
        "{}",
        output.stderr
    );
    assert!(!early.exists());
}

#[test]
fn each_audience_and_template_is_a_document_of_its_own() {
    let scratch = Scratch::new("audience-cover");
    let render = |template: &str, audience: Option<&str>| -> String {
        let out = scratch.path(&format!("{template}-{}.md", audience.unwrap_or("all")));
        let mut args = vec![
            "report".to_owned(),
            "examples/provider-cloud.yaml".to_owned(),
            "-t".to_owned(),
            template.to_owned(),
            "-o".to_owned(),
            out.display().to_string(),
        ];
        if let Some(audience) = audience {
            args.extend(["--audience".to_owned(), audience.to_owned()]);
        }
        wattprint(args).expect(0);
        std::fs::read_to_string(out).unwrap()
    };
    let id = |text: &str| -> String {
        let at = text.find("WP-").expect("a report ID");
        text[at..at + 15].to_owned()
    };
    let all = render("eu-ai-act", None);
    let office = render("eu-ai-act", Some("ai-office"));
    let authority = render("eu-ai-act", Some("authority"));
    let downstream = render("eu-ai-act", Some("downstream"));
    let summary = render("summary", None);
    assert!(office.contains("**Prepared for the AI Office."), "{office}");
    assert!(
        office.contains("under the confidentiality obligations of AI Act Art. 78"),
        "{office}"
    );
    assert!(authority.contains("**Prepared for national competent authorities."));
    assert!(downstream.contains("**Prepared for downstream providers"));
    assert!(!all.contains("Prepared for"));
    let mut ids: Vec<String> = [&all, &office, &authority, &downstream, &summary]
        .iter()
        .map(|t| id(t))
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 5, "{ids:?}");
}

#[test]
fn the_forms_training_methodology_is_the_training_methodology() {
    // The Form's field asks how the training energy was obtained (about 100 words), not the
    // disclosure's whole narrative.
    let scratch = Scratch::new("training-methodology");
    let out = scratch.path("p.md");
    wattprint([
        "report".as_ref(),
        "examples/provider-cloud.yaml".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
    ])
    .expect(0);
    let markdown = std::fs::read_to_string(&out).unwrap();
    let row = markdown
        .lines()
        .find(|l| l.starts_with("| Measurement methodology (training energy)"))
        .expect("the Form's training methodology row");
    assert!(row.contains("nvidia-smi read each GPU"), "{row}");
    assert!(!row.contains("Stockholm"), "{row}");
}

#[test]
fn training_computation_above_ten_to_the_25_states_the_presumption() {
    // 6 × 1e12 parameters × 2e13 tokens = 1.2e26 FLOPs, above Art. 51(2)'s 1e25; the
    // starter's 9.6e22 (6 × 8e9 × 2e12) is below it.
    let scratch = Scratch::new("systemic-risk");
    let file = provider_starter(&scratch);
    let starter = std::fs::read_to_string(&file).unwrap();
    let render = |text: &str, name: &str| -> String {
        let input = scratch.path(&format!("{name}.yaml"));
        write_file(&input, text);
        let out = scratch.path(&format!("{name}.md"));
        wattprint([
            "report".as_ref(),
            input.as_os_str(),
            "--audience".as_ref(),
            "ai-office".as_ref(),
            "-o".as_ref(),
            out.as_os_str(),
        ])
        .expect(0);
        std::fs::read_to_string(out).unwrap()
    };
    assert!(!render(&starter, "small").contains("Art. 51(2)"));
    // The training record states 1.2e26 FLOPs on 100,000 accelerators, and the energy estimate
    // the same work, so the figures agree (training-consistency) and only the FLOPs matter.
    let large = starter
        .replacen("flops: 9.6e22", "flops: 1.2e26", 1)
        .replacen("count: 64", "count: 100000", 1)
        .replacen(
            "parameters: 8e9, tokens: 2e12, devices: 64",
            "parameters: 1e12, tokens: 2e13, devices: 100000",
            1,
        );
    assert_eq!(large.matches("100000").count(), 2, "the starter changed");
    let report = render(&large, "large");
    assert!(
        report
            .contains("| Amount of computation used for training | 1.2 × 10²⁶ FLOPs (estimated: ")
            && report.contains("; more than 10²⁵ FLOPs, for which AI Act Art. 51(2) presumes"),
        "{report}"
    );
}

/// Every bar chart stands on an axis with round ticks and its unit, and the crossover chart has
/// both: a reader can read a bar's length without its label.
#[test]
fn charts_have_axes_with_ticks_and_units() {
    let scratch = Scratch::new("axes");
    let text = pdf_text(&pdf_of("examples/provider-cloud.yaml", &scratch, "r.pdf"));
    // Facility energy by site and phase: 35.19 MWh at most, so ticks of 10 to 40 MWh.
    assert!(
        text.contains("32.74MWh010203040MWhFacilityenergybysiteandphase"),
        "{text}"
    );
    // Emissions by site: 12.47 tCO2e at most, so ticks of 5 to 15 tCO2e.
    assert!(text.contains("12.47tCO2e051015tCO2e"), "{text}");
    // The crossover: its unit and ticks up the side (0 to 3 tCO2e), days along the bottom (0
    // to 20).
    assert!(text.contains("tCO2e012305101520days"), "{text}");
}

/// Training that reaches every part of a disclosure (a site used only for it, with monthly
/// factors that would date it, a cluster, the provider's own published figures, a claim, a
/// scenario that moves it, instruments shared with serving) reaches no document for
/// downstream providers, in any template or attachment; the serving figures are those of the
/// full document, market-based included.
#[test]
fn a_downstream_document_holds_nothing_of_the_training_wherever_it_is() {
    const INPUT: &str = "tests/fixtures/audience/training-everywhere.yaml";
    const SHARED: &str = "site `shared` serves training too: this document gives the operation its instruments and fuel in proportion to its facility energy";
    // The shared site's instruments are 12 MWh; their whole beside the part allocated to
    // serving would give the training's energy (review, 2026-12-01).
    const SECRETS: [&str; 11] = [
        "of its 12",
        "SECRET",
        "pretraining",
        "tune",
        "trainsite",
        "cluster",
        "2026-01-05",
        "2026-03-02",
        "2026-02",
        "greener",
        "move-tuning",
    ];
    let scratch = Scratch::new("downstream-everywhere");
    for template in ["eu-ai-act", "summary", "esrs-e1", "levers"] {
        let pdf = scratch.path(&format!("{template}.pdf"));
        let made = wattprint([
            "report".as_ref(),
            INPUT.as_ref(),
            "-t".as_ref(),
            template.as_ref(),
            "--audience".as_ref(),
            "downstream".as_ref(),
            "-o".as_ref(),
            pdf.as_os_str(),
        ])
        .expect(0);
        // An attack of 2026-12-02: the part and the serving's facility energy give the share,
        // so the whole volume, known from elsewhere, gives the training's energy: said.
        assert!(made.stderr.contains(SHARED), "{}", made.stderr);
        let bytes = std::fs::read(&pdf).unwrap();
        let text = pdf_text(&bytes);
        for secret in SECRETS {
            assert!(
                !text.contains(secret),
                "{template}: `{secret}` in the pages"
            );
        }
        for (name, body) in wattprint::evidence::read::attachments(&bytes, 1 << 24).unwrap() {
            let body = String::from_utf8_lossy(&body);
            for secret in SECRETS {
                assert!(!body.contains(secret), "{template}: `{secret}` in {name}");
            }
        }
        wattprint([
            "verify".as_ref(),
            pdf.as_os_str(),
            "--full-input".as_ref(),
            INPUT.as_ref(),
        ])
        .expect(0);
    }
    let serve = |args: &[&str], out: &str| -> serde_json::Value {
        let path = scratch.path(out);
        let mut all: Vec<std::ffi::OsString> = vec!["report".into(), INPUT.into()];
        all.extend(args.iter().map(Into::into));
        all.extend(["-o".into(), path.clone().into()]);
        wattprint(all).expect(0);
        let report: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let measurements = report["results"]["measurements"]
            .as_array()
            .unwrap()
            .clone();
        measurements
            .into_iter()
            .find(|m| m["id"] == "serve")
            .unwrap()
    };
    let full = serve(&[], "full.json");
    let downstream = serve(&["--audience", "downstream"], "downstream.json");
    for figure in ["facility_energy", "location_based", "market_based"] {
        let (a, b) = (
            full[figure]["value"].as_f64().unwrap(),
            downstream[figure]["value"].as_f64().unwrap(),
        );
        assert!((a - b).abs() <= 1e-9 * a.abs(), "{figure}: {a} and {b}");
    }
    // The JSON report is written beside the input it is made from, which `verify DIR` reads.
    assert!(scratch.path("training-everywhere.downstream.json").exists());
    // Authorities receive a training run's time as a range, and this run's figures depend on
    // its dates (monthly grid factors): no document for them shows figures it cannot carry.
    let refused = wattprint([
        "report".as_ref(),
        INPUT.as_ref(),
        "--audience".as_ref(),
        "authority".as_ref(),
        "-o".as_ref(),
        scratch.path("authority.pdf").as_os_str(),
    ])
    .expect(1);
    assert!(
        refused.stderr.contains(
            "no document for national competent authorities can be made from this disclosure: leaving out the training's dates and exact time changes the figure"
        ),
        "{}",
        refused.stderr
    );
    assert!(!scratch.path("authority.pdf").exists());
}

/// `--audience` is for a provider's Model Documentation Form: refused for a deployer, for a
/// provider without a general-purpose model, and for claims, which count the training a
/// downstream document leaves out.
#[test]
fn an_audience_without_a_form_is_refused() {
    let scratch = Scratch::new("audience-refused");
    let out = scratch.path("r.md");
    for (input, audience, template, says) in [
        (
            "examples/deployer-colocation.yaml",
            "downstream",
            "eu-ai-act",
            "its organisation is a deployer",
        ),
        (
            "examples/claim-routing.yaml",
            "authority",
            "eu-ai-act",
            "no model is marked `general_purpose: true`",
        ),
        (
            "examples/claim-routing.yaml",
            "downstream",
            "eu-ai-act",
            "no model is marked `general_purpose: true`",
        ),
        (
            "examples/provider-cloud.yaml",
            "downstream",
            "net-positive",
            "it cannot assess claims",
        ),
    ] {
        let output = wattprint([
            "report".as_ref(),
            input.as_ref(),
            "--audience".as_ref(),
            audience.as_ref(),
            "-t".as_ref(),
            template.as_ref(),
            "-o".as_ref(),
            out.as_os_str(),
        ])
        .expect(2);
        assert!(output.stderr.contains(says), "{}", output.stderr);
        // A refusal speaks of no document: claim-routing's unphased hardware drew a note about
        // "this document"'s embodied emissions before the refusal (session 22's finding).
        assert!(
            !output.stderr.contains("this document"),
            "{}",
            output.stderr
        );
        assert!(!out.exists());
    }
}

/// A manifest that claims an audience and a redaction its attached input does not bear out is
/// a mismatch, not a verified document: the pages print the claim.
#[test]
fn a_forged_audience_in_the_manifest_does_not_verify() {
    let scratch = Scratch::new("forged-audience");
    let input = scratch.path("provider-cloud.yaml");
    write_file(
        &input,
        &std::fs::read_to_string(root().join("examples/provider-cloud.yaml")).unwrap(),
    );
    let report = scratch.path("r.json");
    wattprint([
        "report".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        report.as_os_str(),
    ])
    .expect(0);
    wattprint(["verify".as_ref(), report.parent().unwrap().as_os_str()]).expect(0);
    let mut json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    json["manifest"]["audience"] = "downstream".into();
    json["manifest"]["redacted_from"] = serde_json::json!({
        "input": "secret.yaml",
        "input_sha256": "0".repeat(64),
        "left_out": "everything about training",
    });
    write_file(&report, &serde_json::to_string_pretty(&json).unwrap());
    let forged = wattprint(["verify".as_ref(), report.parent().unwrap().as_os_str()]).expect(1);
    assert!(
        forged
            .stdout
            .contains("mismatch: manifest.redacted_from.left_out")
            && forged
                .stdout
                .contains("attached input `provider-cloud.yaml`"),
        "{}",
        forged.stdout
    );
}

/// A training energy estimated from compute gives the run's exact FLOPs and hours, which
/// authorities receive only as an order of magnitude and a range: no document for them is made.
#[test]
fn authorities_get_no_document_that_would_carry_a_runs_exact_time() {
    let scratch = Scratch::new("authority-estimate");
    let file = provider_starter(&scratch);
    let out = scratch.path("a.pdf");
    let refused = wattprint([
        "report".as_ref(),
        file.as_os_str(),
        "--audience".as_ref(),
        "authority".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
    ])
    .expect(1);
    assert!(
        refused.stderr.contains(
            "the energy of the training measurement `training` is estimated from inputs that give the run's exact time or computation"
        ),
        "{}",
        refused.stderr
    );
    assert!(!out.exists());
}

/// Traffic may decline: a model whose inference shrinks by 99 % a month never accumulates its
/// training's emissions (105.8 kg a day accumulate at most 105.8 × 30.44 ÷ ln 100 = 699 kg,
/// under the 1,443 kg of training), and the report says so rather than leaving the crossover blank (a
/// review found `growth: -3%` refused as "not a percentage" with help about uncertainties).
#[test]
fn declining_traffic_never_crosses_its_training() {
    let scratch = Scratch::new("declining-traffic");
    let input = scratch.path("provider.yaml");
    let example = std::fs::read_to_string(root().join("examples/provider-cloud.yaml")).unwrap();
    assert!(example.contains("growth: 4%"));
    // Growth applies after the measured period, in which the example's inference already
    // passes its 1.4 t of training: a hundredth of that inference does not.
    write_file(
        &input,
        &example.replacen("growth: 4%", "growth: -99%", 1).replacen(
            "value: 18.6 MWh",
            "value: 0.186 MWh",
            1,
        ),
    );
    let out = scratch.path("report.md");
    wattprint([
        "report".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ])
    .expect(0);
    let report = std::fs::read_to_string(&out).unwrap();
    assert!(report.contains("not within 100 years"), "{report}");
    assert!(report.contains("growth: -99 % a month"), "{report}");
    let json = scratch.path("report.json");
    wattprint([
        "report".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        json.as_os_str(),
    ])
    .expect(0);
    let report: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(
        report["results"]["lifecycle"][0]["crossover"],
        serde_json::json!({ "not_within_years": 100 })
    );
}

/// The Markdown report of `text`, written as `name` in `scratch`, with `extra` arguments.
fn markdown_of(scratch: &Scratch, name: &str, text: &str, extra: &[&str]) -> String {
    let input = scratch.path(&format!("{name}.yaml"));
    write_file(&input, text);
    let output = scratch.path(&format!("{name}.md"));
    let mut args = vec![
        "report".to_owned(),
        input.display().to_string(),
        "-o".to_owned(),
        output.display().to_string(),
        "--date".to_owned(),
        "2026-07-15".to_owned(),
    ];
    args.extend(extra.iter().map(|a| (*a).to_owned()));
    wattprint(&args).expect(0);
    std::fs::read_to_string(output).unwrap()
}

// Review, 2026-12-02: the Form's training energy said "with facility overhead" of this period's
// runs at a site with no PUE, where the training record's boundary held the facility; and "no
// PUE given" beside a stated PUE of 1.00.
#[test]
fn the_forms_training_energy_says_overhead_only_where_a_site_gives_it() {
    let scratch = Scratch::new("report-overhead");
    let example = std::fs::read_to_string(root().join("examples/provider-cloud.yaml")).unwrap();
    let pue = "    pue:\n      value: 1.15\n";
    assert!(example.contains(pue));
    let wall = "        wall_clock: 47 days\n";
    let no_pue = example
        .replacen(pue, "    pue_removed:\n      value: 1.15\n", 1)
        .replacen(
            "    pue_removed:\n      value: 1.15\n      method: supplier_reported\n      source: Amazon 2024 Sustainability Report, global data-centre PUE\n",
            "",
            1,
        )
        .replacen(
            wall,
            &format!("{wall}        energy: {{ value: 60 MWh, method: metered, source: facility meters }}\n        boundary: [accelerators, host, facility]\n"),
            1,
        );
    assert!(!no_pue.contains("pue_removed"), "the PUE block is gone");
    let md = markdown_of(&scratch, "no-pue", &no_pue, &[]);
    assert!(
        md.contains("of it, this reporting period's training measurements: 30.60 MWh of IT energy, without facility overhead"),
        "{md}"
    );
    let one = markdown_of(
        &scratch,
        "pue-one",
        &example.replacen(pue, "    pue:\n      value: 1.0\n", 1),
        &[],
    );
    assert!(
        one.contains("30.60 MWh including facility overhead (30.60 MWh IT energy)"),
        "{one}"
    );
    assert!(!one.contains("no PUE given"), "{one}");
    // Attack of 2026-12-03 (helper 60): a meter at the facility of a site with no PUE was said
    // to hold as much IT energy as facility energy.
    let facility_meter = no_pue.replacen(
        "    boundary: [accelerators]\n",
        "    boundary: [accelerators, host, facility]\n",
        1,
    );
    assert_ne!(facility_meter, no_pue);
    let md = markdown_of(&scratch, "facility-meter", &facility_meter, &[]);
    assert!(
        md.contains("30.60 MWh including facility overhead (IT energy not known: pretraining metered with the facility's overhead, which no PUE separates)"),
        "{md}"
    );
}

// Attack of 2026-12-03 (helper 60): a measurement whose workload counted 0 requests put its
// energy into the energy per request while validate warned that none could be given for it.
#[test]
fn energy_whose_workload_counts_nothing_falls_on_no_unit() {
    let example =
        std::fs::read_to_string(root().join("examples/deployer-colocation.yaml")).unwrap();
    let idle = example.replacen(
        "methodology:\n",
        "  - id: idle-h1\n    phase: inference\n    site: fra\n    model: main\n    energy: { value: 10 MWh, method: metered, source: spare rack meter }\n    boundary: [accelerators, host]\n    workload: { request: 0 }\nmethodology:\n",
        1,
    );
    assert_ne!(idle, example);
    let results = crate::support::checked("idle.yaml", &idle).results;
    // Only inference-h1 serves requests: 41,200 kWh × 1.35 ÷ 18,400,000 = 3.0228 Wh each.
    let line = &results.per_unit[0];
    assert!((line.units - 18_400_000.0).abs() < 1e-6, "{line:?}");
    assert!(
        (line.energy.value - 41_200_000.0 * 1.35 / 18_400_000.0).abs() < 1e-9,
        "{line:?}"
    );
}

// Review, 2026-12-02: a PPA of exactly the facility energy left 7e-12 kWh "of unknown source",
// and the annex printed ranges of 0 to 0.000000000000007276 MWh.
#[test]
fn instruments_covering_the_energy_leave_no_unknown_source() {
    let scratch = Scratch::new("report-esrs-whole-ppa");
    let example =
        std::fs::read_to_string(root().join("examples/deployer-colocation.yaml")).unwrap();
    let covered = example
        .replacen(
            "            energy: 20 MWh",
            "            energy: 55.62 MWh",
            1,
        )
        .lines()
        .filter(|line| !line.contains("generation_mix: default"))
        .collect::<Vec<_>>()
        .join("\n")
        + "\n";
    assert_ne!(covered, example);
    let md = markdown_of(&scratch, "ppa", &covered, &["-t", "esrs-e1"]);
    assert!(!md.contains("sources no input gives"), "{md}");
    assert!(!md.contains(" to 0"), "{md}");
    assert!(
        md.contains("| Share of renewable sources in total energy consumption | 100 % |"),
        "{md}"
    );
}

// The first attack of 2026-12-02 (left open then): `compute` rounded each method's share of the
// IT energy alone and the reports by the largest remainders, and the eu-ai-act report said what
// rests on measurement and what does not each alone: 62.5 % and 37.5 % printed as 63 % and 38 %.
// Every output now gives the reports' shares, adding up to 100 %.
#[test]
fn shares_of_the_it_energy_add_up_to_100_in_every_output() {
    let scratch = Scratch::new("report-tier-shares");
    let input = Path::new("tests/fixtures/tiers.yaml");
    let tiers = "63 % device telemetry, 37 % estimated from hardware";
    let computed = wattprint(["compute".as_ref(), input.as_os_str()]).expect(0);
    assert!(
        computed
            .stdout
            .contains(&format!("Energy resting on measurement: 63 % ({tiers})")),
        "{}",
        computed.stdout
    );
    let text = report_text(input, &[], &scratch.path("r.md"));
    assert!(text.contains(tiers), "{text}");
    let pdf = report_of(input, &["-t", "eu-ai-act"], &scratch.path("r.pdf"));
    let text = pdf_text(&pdf);
    assert!(
        text.contains(&squash(
            "63 % of the IT energy rests on measurement (metered or device telemetry); by method: 63 % device telemetry, 37 % estimated from hardware."
        )),
        "{text}"
    );
    // The review of this change: with two measured tiers, the measured share was rounded on its
    // own (62.5 % to 63 %) beside tiers of 31 % and 31 %, and the chart's legend rounded each
    // tier alone. What rests on measurement is now the sum a reader makes, in every output.
    let input = Path::new("tests/fixtures/tiers-three.yaml");
    let tiers = "31 % metered, 31 % device telemetry, 38 % supplier reported";
    let computed = wattprint(["compute".as_ref(), input.as_os_str()]).expect(0);
    assert!(
        computed
            .stdout
            .contains(&format!("Energy resting on measurement: 62 % ({tiers})")),
        "{}",
        computed.stdout
    );
    let text = report_text(input, &["-t", "eu-ai-act"], &scratch.path("r.typ"));
    assert!(
        text.contains("#\"62 %\"; of the IT energy rests on measurement (metered or device telemetry); by method: #\"31 % metered, 31 % device telemetry, 38 % supplier reported\";"),
        "{text}"
    );
    let legend: Vec<&str> = text.matches("display: \"3").collect();
    assert_eq!(legend.len(), 3, "{text}");
    assert!(text.contains("display: \"38 %\""), "{text}");
}

// The fifteenth session left it open: a share of 0.4 % rounds to no point, and the largest
// remainders give its point to the 99.6 %: every output read "100 %" measured beside "0 %"
// estimated, for estimated energy that is there.
#[test]
fn a_share_present_never_reads_as_none_or_the_whole() {
    let scratch = Scratch::new("report-tier-small");
    let input = Path::new("tests/fixtures/tiers-small.yaml");
    let tiers = ">99 % device telemetry, <1 % estimated from hardware";
    let computed = wattprint(["compute".as_ref(), input.as_os_str()]).expect(0);
    assert!(
        computed
            .stdout
            .contains(&format!("Energy resting on measurement: >99 % ({tiers})")),
        "{}",
        computed.stdout
    );
    let pdf = report_of(input, &["-t", "eu-ai-act"], &scratch.path("r.pdf"));
    let text = pdf_text(&pdf);
    assert!(
        text.contains(&squash(
            ">99 % of the IT energy rests on measurement (metered or device telemetry); by method: >99 % device telemetry, <1 % estimated from hardware."
        )),
        "{text}"
    );
    assert!(!text.contains("100 % of the IT"), "{text}");
    let text = report_text(input, &["-t", "eu-ai-act"], &scratch.path("r.typ"));
    assert!(text.contains("display: \"<1 %\""), "{text}");
    assert!(text.contains("display: \">99 %\""), "{text}");
    // The review of this change: without IT energy (one measurement of 0 kWh) the reports said
    // that all of it was estimated or supplier-reported.
    let input = Path::new("tests/fixtures/tiers-none.yaml");
    let computed = wattprint(["compute".as_ref(), input.as_os_str()]).expect(0);
    assert!(
        computed
            .stdout
            .contains("Energy resting on measurement: — (no IT energy)"),
        "{}",
        computed.stdout
    );
    for template in ["eu-ai-act", "esrs-e1", "summary"] {
        let pdf = report_of(input, &["-t", template], &scratch.path("none.pdf"));
        let text = pdf_text(&pdf);
        assert!(
            text.contains(&squash("The measurements give no IT energy")),
            "{template}: {text}"
        );
        assert!(!text.contains("100 %"), "{template}: {text}");
        assert!(!text.contains("rests on measurement"), "{template}: {text}");
    }
}

/// The first attack of 2026-12-02 (left open then): for a deployer, whose model's training is
/// the provider's published figure (2,040 t), `compute` and the JSON gave the day its inference
/// would pass that training (2036-10-05), which the reports decline as saying nothing of the
/// deployment. No output gives it now; the report says why.
#[test]
fn a_deployer_is_given_no_crossover_with_a_providers_training() {
    let scratch = Scratch::new("deployer-crossover");
    let input = Path::new("examples/deployer-colocation.yaml");
    let report: serde_json::Value =
        serde_json::from_slice(&report_of(input, &[], &scratch.path("r.json"))).unwrap();
    let lifecycle = &report["results"]["lifecycle"][0];
    assert!(
        lifecycle["training"]["value"].as_f64().is_some(),
        "{lifecycle}"
    );
    assert!(lifecycle["crossover"].is_null(), "{lifecycle}");
    assert_eq!(lifecycle["crossover_withheld"], "providers", "{lifecycle}");
    let text = report_text(input, &[], &scratch.path("r.md"));
    assert!(
        text.contains("not given: the training is the model provider's"),
        "{text}"
    );
    let computed = wattprint(["compute".as_ref(), input.as_os_str()]).expect(0);
    assert!(!computed.stdout.contains("2036"), "{}", computed.stdout);
    // Left open by the fifteenth session: compute's table showed "—", as for a model with no
    // inference; it says why, as the reports do.
    assert!(
        computed
            .stdout
            .contains("not given: the training is the model provider's"),
        "{}",
        computed.stdout
    );
}

/// An attack of 2026-12-02: in the document for authorities, the training's period note (a
/// range of months) widened the first column of the method table so far that the source column
/// took a word a line and its header overprinted the next one's, and the document gained a
/// page. The column is bounded; the authority's document has the full one's pages.
#[test]
fn the_authoritys_document_is_laid_out_as_the_full_one() {
    let scratch = Scratch::new("authority-layout");
    let input = Path::new("examples/provider-cloud.yaml");
    let pages = |args: &[&str], name: &str| {
        let mut all = vec!["--date", "2027-01-01"];
        all.extend_from_slice(args);
        let bytes = report_of(input, &all, &scratch.path(name));
        lopdf::Document::load_mem(&bytes).unwrap().get_pages().len()
    };
    assert_eq!(
        pages(&["--audience", "authority"], "authority.pdf"),
        pages(&[], "full.pdf")
    );
}

/// An attack of 2026-12-02: a disclosure with a `shift` scenario was refused for authorities,
/// blamed on leaving out the training's dates, while the document's left-out text says the
/// scenarios that read the hours leave with them. They do, and the document is made and tied.
#[test]
fn a_scenario_that_reads_the_hours_leaves_the_authoritys_document_with_them() {
    let scratch = Scratch::new("authority-shift");
    let mut grid = String::from("hour,g_per_kwh\n");
    let start = chrono::NaiveDate::from_ymd_opt(2026, 1, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    for h in 0..181 * 24 {
        let t = start + chrono::TimeDelta::hours(h);
        let _ = writeln!(grid, "{}Z,{}", t.format("%Y-%m-%dT%H:%M:%S"), 30 + h % 24);
    }
    std::fs::create_dir_all(scratch.path("hourly")).unwrap();
    write_file(&scratch.path("hourly/grid.csv"), &grid);
    let hash = wattprint::evidence::Sha256Hex::of(grid.as_bytes());
    let text = std::fs::read_to_string(root().join("examples/provider-cloud.yaml"))
        .unwrap()
        .replacen(
            "        source: annual average carbon intensity of the SE3 bidding zone, 2024, from the grid operator's published data\n",
            &format!("        source: annual average carbon intensity of the SE3 bidding zone, 2024, from the grid operator's published data\n      hourly:\n        factors: {{ file: hourly/grid.csv, sha256: {} }}\n        method: supplier_reported\n        source: \"grid operator hourly\"\n", hash.as_str()),
            1,
        );
    // The review of the fix: a scenario of another lever at a site with hourly factors has
    // savings hour by hour too, which leave with the hours while the scenario stays.
    let text = format!(
        "{text}scenarios:\n  - id: night\n    description: Move batch work to low-carbon hours\n    levers:\n      - shift: {{ measurement: inference-sto, share: 0.3, window: 24 h, capacity: 25 kW, by: location_based, source: \"batch scheduler constraints\" }}\n  - id: moved\n    description: Serve Stockholm's traffic from Frankfurt\n    levers:\n      - relocate: {{ measurement: inference-sto, site: gcp-fra }}\n"
    );
    let input = scratch.path("s.yaml");
    write_file(&input, &text);
    let out = scratch.path("a.json");
    let report: serde_json::Value = serde_json::from_slice(&report_of(
        &input,
        &["--audience", "authority", "--date", "2027-01-01"],
        &out,
    ))
    .unwrap();
    let scenarios = report["results"]["scenarios"].as_array().unwrap();
    assert_eq!(scenarios.len(), 1, "{scenarios:?}");
    assert_eq!(scenarios[0]["id"], "moved");
    assert!(scenarios[0].get("hourly_location_saving").is_none());
    let full: serde_json::Value = serde_json::from_slice(&report_of(
        &input,
        &["--date", "2027-01-01"],
        &scratch.path("f.json"),
    ))
    .unwrap();
    assert_eq!(full["results"]["scenarios"][0]["id"], "night");
    let pdf = scratch.path("a.pdf");
    report_of(
        &input,
        &["--audience", "authority", "--date", "2027-01-01"],
        &pdf,
    );
    wattprint([
        "verify".as_ref(),
        pdf.as_os_str(),
        "--full-input".as_ref(),
        input.as_os_str(),
    ])
    .expect(0);
}

/// An attack of 2026-12-02: the planner of `examples/claim-routing.yaml` serves from 1 January
/// and is trained from 5 to 19 January, and its crossover was counted from 1 January, 19 days
/// early: the serving before the run ended was of an earlier version. Counted from 20 January:
/// 1,051.4 kg of training at 16.459 kg a day is 63.9 days, so 24 March (hand calculation).
#[test]
fn a_crossover_is_counted_from_the_end_of_training() {
    let scratch = Scratch::new("crossover-after-training");
    let input = scratch.path("claim.yaml");
    let example = std::fs::read_to_string(root().join("examples/claim-routing.yaml")).unwrap();
    let lifecycle = lifecycle_of(&input, &example);
    assert_eq!(lifecycle["crossover"]["on"], "2026-03-24", "{lifecycle}");
    let from = &lifecycle["crossover_from"];
    assert_eq!(from["day"], "2026-01-20", "{lifecycle}");
    assert_eq!(from["measured_days"], 162.0, "{lifecycle}");
    assert_eq!(from["after_training"], true, "{lifecycle}");
    // The planning cluster's 2.979 t over its 181 days, counted for the 162 from 20 January:
    // the same rate, 16.459 kg a day.
    assert!(
        (from["run_rate"].as_f64().unwrap() - 16.4587).abs() < 1e-3,
        "{lifecycle}"
    );
    let report = markdown_of(&scratch, "after", &example, &["-t", "eu-ai-act"]);
    assert!(
        report.contains("2026-03-24, counted from 2026-01-20 after training at 16.46 kgCO2e/day"),
        "{report}"
    );
    // Served only after the run: counted from the start of inference, 20 January, at the
    // rate of 162 days (1,051.4 ÷ 18.389 = 57.2 days: 18 March).
    let after = example.replacen(
        "    model: planner\n    energy: { value: 6.8 MWh",
        "    model: planner\n    period: { start: 2026-01-20, end: 2026-06-30 }\n    energy: { value: 6.8 MWh",
        1,
    );
    assert_ne!(after, example);
    let lifecycle = lifecycle_of(&input, &after);
    assert_eq!(lifecycle["crossover"]["on"], "2026-03-18", "{lifecycle}");
    assert_eq!(
        lifecycle["crossover_from"]["day"], "2026-01-20",
        "{lifecycle}"
    );
    assert_eq!(
        lifecycle["crossover_from"]["after_training"], false,
        "{lifecycle}"
    );
    // A run with no period has no known end: counted from the start of inference, and said.
    let undated = example.replacen(
        "    period: { start: 2026-01-05, end: 2026-01-19 }\n",
        "",
        1,
    );
    assert_ne!(undated, example);
    let lifecycle = lifecycle_of(&input, &undated);
    assert_eq!(
        lifecycle["crossover_from"]["day"], "2026-01-01",
        "{lifecycle}"
    );
    let checked = wattprint(["validate".as_ref(), input.as_os_str()]).expect(0);
    assert!(
        checked.stdout.contains(
            "the training measurement `training` has no `period` of its own, so the crossover of `planner` is counted from the start of inference, 2026-01-01, as if the run ended before it"
        ),
        "{}",
        checked.stdout
    );
}

/// A review of 2026-12-02: the crossover drew a straight line at the period's average rate
/// through the measured days, so serving that fills the period's last month passed the training
/// months before it did. The planner, trained from 5 to 19 January on `2.4 MWh`, serves
/// `0.4 MWh` from 20 January to 31 May and `6.4 MWh` in June, at one site and factor: the
/// training is passed with 2.0 of June's `6.4 MWh`, 9.375 days into June, so on 10 June (hand
/// calculation); the straight line, 2.4 ÷ 6.8 of the 162 days, said 18 March.
#[test]
fn a_crossover_follows_the_serving_through_the_period() {
    let scratch = Scratch::new("crossover-uneven");
    let input = scratch.path("claim.yaml");
    let example = std::fs::read_to_string(root().join("examples/claim-routing.yaml")).unwrap();
    let late = example.replacen(
        "    model: planner\n    energy: { value: 6.8 MWh, method: device_telemetry, source: \"CloudWatch GPU power export, planning cluster, H1 2026\", uncertainty: 5% }\n    boundary: [accelerators, host]\n    workload: { route: 120000 }\n",
        "    model: planner\n    period: { start: 2026-01-20, end: 2026-05-31 }\n    energy: { value: 0.4 MWh, method: device_telemetry, source: \"planning cluster, pilot\" }\n    boundary: [accelerators, host]\n    workload: { route: 20000 }\n  - id: planning-june\n    phase: inference\n    site: fra\n    model: planner\n    period: { start: 2026-06-01, end: 2026-06-30 }\n    energy: { value: 6.4 MWh, method: device_telemetry, source: \"planning cluster, June\" }\n    boundary: [accelerators, host]\n    workload: { route: 100000 }\n",
        1,
    );
    assert_ne!(late, example);
    let results = results_of(&input, &late);
    let lifecycle = &results["lifecycle"][0];
    assert_eq!(lifecycle["crossover"]["on"], "2026-06-10", "{lifecycle}");
    // Served from the day after the run: counted from the start of inference.
    assert_eq!(
        lifecycle["crossover_from"]["day"], "2026-01-20",
        "{lifecycle}"
    );
    // The same from the computed figures: what June must add to the spring's serving, as a
    // share of June's 30 days.
    let kg = |i: usize| {
        results["measurements"][i]["location_based"]["value"]
            .as_f64()
            .unwrap()
    };
    let days = (lifecycle["training"]["value"].as_f64().unwrap() - kg(1)) / kg(2) * 30.0;
    assert!((days - 9.375).abs() < 1e-9, "{days}");
    // The chart draws the same curve: the crossing 141.4 days from 20 January.
    let typst = scratch.path("uneven.typ");
    wattprint([
        "report".as_ref(),
        input.as_os_str(),
        "-t".as_ref(),
        "eu-ai-act".as_ref(),
        "-o".as_ref(),
        typst.as_os_str(),
    ])
    .expect(0);
    let typst = std::fs::read_to_string(typst).unwrap();
    assert!(
        typst.contains(r#"pass the training emissions after #"141.4"; days, on #"2026-06-10";"#),
        "{typst}"
    );
}

/// A crossover counted from the end of a training run names the run's last day, which a
/// document for authorities leaves out: none is made then, and the reason says so. Trained
/// before inference starts (the example), the count does not depend on the run's dates.
#[test]
fn an_authority_is_given_no_crossover_that_dates_the_training() {
    let scratch = Scratch::new("crossover-authority");
    let example = std::fs::read_to_string(root().join("examples/provider-cloud.yaml")).unwrap();
    let input = scratch.path("provider.yaml");
    let out = scratch.path("authority.md");
    let run = |text: &str, code: i32| {
        write_file(&input, text);
        wattprint([
            "report".as_ref(),
            input.as_os_str(),
            "--audience".as_ref(),
            "authority".as_ref(),
            "-o".as_ref(),
            out.as_os_str(),
        ])
        .expect(code)
    };
    run(&example, 0);
    let late = example.replacen(
        "period: { start: 2026-01-05, end: 2026-02-20 }",
        "period: { start: 2026-01-05, end: 2026-03-10 }",
        1,
    );
    assert_ne!(late, example);
    write_file(&input, &late);
    assert_eq!(
        compute_json(&input)["lifecycle"][0]["crossover_from"]["day"],
        "2026-03-11"
    );
    let refused = run(&late, 1);
    assert!(
        refused
            .stderr
            .contains("changes the figure `lifecycle[0].crossover"),
        "{}",
        refused.stderr
    );
    assert!(
        refused
            .stderr
            .contains("the day a crossover is counted from, depend on them"),
        "{}",
        refused.stderr
    );
}

/// The review of the crossover's curve (2026-12-02): shaped by an inference measurement's hourly
/// file, the crossover moved when a document for authorities left the file out, and none could
/// be made. The curve spreads each measurement over its own period, as its inventory figure
/// does: provider-cloud's Frankfurt serving, nine tenths of it in June by its file, crosses on
/// the day it does without the file, and the authority's document is made.
#[test]
fn an_hourly_file_leaves_the_crossover_as_authorities_see_it() {
    let scratch = Scratch::new("crossover-hourly-authority");
    let mut csv = String::from("hour,energy_kwh\n");
    let start = 1_772_323_200; // 2026-03-01T00:00:00Z
    let (spring, june) = (92 * 24, 30 * 24);
    for h in 0..spring + june {
        let at = chrono::DateTime::from_timestamp(start + h * 3600, 0).unwrap();
        let kwh = if h < spring {
            1_860.0 / 2_208.0
        } else {
            16_740.0 / 720.0
        };
        let _ = writeln!(csv, "{},{kwh}", at.format("%Y-%m-%dT%H:%M:%SZ"));
    }
    write_file(&scratch.path("fra.csv"), &csv);
    let sha = wattprint::text::sha256_hex(csv.as_bytes());
    let example = std::fs::read_to_string(root().join("examples/provider-cloud.yaml")).unwrap();
    let input = scratch.path("provider.yaml");
    let plain = lifecycle_of(&input, &example);
    let shaped = example.replacen(
        "    workload: { request: 64000000, mtok: 16000 }\n  - id: inference-sto",
        &format!("    workload: {{ request: 64000000, mtok: 16000 }}\n    hourly: {{ file: fra.csv, sha256: {sha} }}\n  - id: inference-sto"),
        1,
    );
    assert_ne!(shaped, example);
    let lifecycle = lifecycle_of(&input, &shaped);
    assert_eq!(lifecycle["crossover"], plain["crossover"], "{lifecycle}");
    assert_eq!(
        lifecycle["crossover_from"], plain["crossover_from"],
        "{lifecycle}"
    );
    let out = scratch.path("authority.md");
    wattprint([
        "report".as_ref(),
        input.as_os_str(),
        "--audience".as_ref(),
        "authority".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
    ])
    .expect(0);
}

/// The review of the fix above: the crossover's rate is of the serving measured from the day it
/// counts from, and that day is one some serving covers; with none after the training, no date.
#[test]
fn a_crossovers_rate_is_of_the_serving_after_training() {
    let scratch = Scratch::new("crossover-rate-after-training");
    let input = scratch.path("claim.yaml");
    let example = std::fs::read_to_string(root().join("examples/claim-routing.yaml")).unwrap();
    // Served heavily before a run in March and lightly after it (the attack's review): the
    // rate is of the serving after the run, 0.68 MWh over 91 days, so the 1.05 t of training
    // is not passed by 30 June, where the half-year's rate put it on 29 May.
    let split = example
        .replacen(
            "period: { start: 2026-01-05, end: 2026-01-19 }",
            "period: { start: 2026-03-10, end: 2026-03-31 }",
            1,
        )
        .replacen(
            "    model: planner\n    energy: { value: 6.8 MWh, method: device_telemetry, source: \"CloudWatch GPU power export, planning cluster, H1 2026\", uncertainty: 5% }\n    boundary: [accelerators, host]\n    workload: { route: 120000 }\n",
            "    model: planner\n    period: { start: 2026-01-01, end: 2026-03-31 }\n    energy: { value: 6.12 MWh, method: device_telemetry, source: \"planning cluster, Q1\" }\n    boundary: [accelerators, host]\n    workload: { route: 60000 }\n  - id: planning-2\n    phase: inference\n    site: fra\n    model: planner\n    period: { start: 2026-04-01, end: 2026-06-30 }\n    energy: { value: 0.68 MWh, method: device_telemetry, source: \"planning cluster, Q2\" }\n    boundary: [accelerators, host]\n    workload: { route: 60000 }\n",
            1,
        );
    let results = results_of(&input, &split);
    let lifecycle = &results["lifecycle"][0];
    let q2 = results["measurements"][2]["location_based"]["value"]
        .as_f64()
        .unwrap();
    let from = &lifecycle["crossover_from"];
    assert_eq!(from["day"], "2026-04-01", "{lifecycle}");
    assert!(
        (from["run_rate"].as_f64().unwrap() - q2 / 91.0).abs() < 1e-9,
        "{lifecycle}"
    );
    assert!(
        lifecycle["crossover"]["on"].as_str().unwrap() > "2026-06-30",
        "{lifecycle}"
    );
    // A dirty January and clean months after it (the second review): the serving from 20
    // January is counted at each month's factor, 12 days at 900 g and 150 at 100 g, not at the
    // half-year's average (hand calculation: 43.20 kWh a day of facility energy).
    let monthly = example.replacen(
        "      location_based: { value: default }\n",
        "      location_based: { value: default }\n      monthly:\n        factors: { 2026-01: 900 gCO2e/kWh, 2026-02: 100 gCO2e/kWh, 2026-03: 100 gCO2e/kWh, 2026-04: 100 gCO2e/kWh, 2026-05: 100 gCO2e/kWh, 2026-06: 100 gCO2e/kWh }\n        method: default_factor\n        source: grid operator\n",
        1,
    );
    assert_ne!(monthly, example);
    let results = results_of(&input, &monthly);
    let per_day = results["measurements"][1]["facility_energy"]["value"]
        .as_f64()
        .unwrap()
        / 181.0;
    let expected = (12.0 * per_day * 0.9 + 150.0 * per_day * 0.1) / 162.0;
    let rate = results["lifecycle"][0]["crossover_from"]["run_rate"]
        .as_f64()
        .unwrap();
    assert!(
        (rate - expected).abs() < 1e-9 * expected,
        "{rate} against {expected}"
    );
    // Ten kWh served before the run do not move the count into the weeks nothing was measured
    // in (the second review): counted from 1 March, where the serving after the run starts.
    let gap = example
        .replacen(
            "    model: planner\n    energy: { value: 6.8 MWh",
            "    model: planner\n    period: { start: 2026-03-01, end: 2026-06-30 }\n    energy: { value: 6.8 MWh",
            1,
        )
        .replacen(
            "hardware:\n",
            "  - id: planning-old\n    phase: inference\n    site: fra\n    model: planner\n    period: { start: 2026-01-01, end: 2026-01-10 }\n    energy: { value: 0.01 MWh, method: device_telemetry, source: \"planning cluster, before the run\" }\n    boundary: [accelerators, host]\nhardware:\n",
            1,
        );
    let lifecycle = lifecycle_of(&input, &gap);
    assert_eq!(
        lifecycle["crossover_from"]["day"], "2026-03-01",
        "{lifecycle}"
    );
    // Trained after the last inference measured: none served this training, so no date.
    let late = split.replacen(
        "period: { start: 2026-03-10, end: 2026-03-31 }",
        "period: { start: 2026-06-20, end: 2026-06-30 }",
        1,
    );
    let lifecycle = lifecycle_of(&input, &late);
    assert!(lifecycle["crossover"].is_null(), "{lifecycle}");
    assert!(lifecycle["crossover_from"].is_null(), "{lifecycle}");
    assert_eq!(
        lifecycle["crossover_withheld"], "no_inference_after_training",
        "{lifecycle}"
    );
}

/// The third review of 2026-12-02: a measurement across the day a crossover counts from, its
/// hourly file holding all of its 1,620 kWh in June (at 900 g against the half-year's monthly
/// factors), counted June's hours at June's factor, twice what the inventory gives the whole
/// measurement, and moved the crossover eleven days when it started a day earlier. Its part
/// after the training is its inventory figure's share, so the two starts count alike.
#[test]
fn a_measurement_across_the_count_never_counts_beyond_its_inventory() {
    let scratch = Scratch::new("crossover-hourly-share");
    let mut csv = String::from("hour,energy_kwh\n");
    let start = chrono::NaiveDate::from_ymd_opt(2026, 1, 19).unwrap();
    for day in start
        .iter_days()
        .take_while(|d| d.to_string().as_str() <= "2026-06-30")
    {
        for hour in 0..24 {
            let kwh = if day.to_string().starts_with("2026-06") {
                "2.25"
            } else {
                "0"
            };
            let _ = writeln!(csv, "{day}T{hour:02}:00:00Z,{kwh}");
        }
    }
    write_file(&scratch.path("june.csv"), &csv);
    let sha = <sha2::Sha256 as sha2::Digest>::digest(csv.as_bytes())
        .iter()
        .fold(String::new(), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        });
    let disclosure = |first: &str, hourly: bool| {
        format!(
            "schema_version: 1
organisation: {{ name: Example Models GmbH, role: provider }}
reporting_period: {{ start: 2026-01-01, end: 2026-06-30 }}
system:
  name: Sys
  description: A test system.
  models:
    - {{ id: m, name: M, provider: Example Models GmbH, general_purpose: true, training: {{ wall_clock: 15 days }} }}
functional_units:
  - {{ id: req, description: one request }}
sites:
  - id: fra
    operation: colocation
    location: DE
    pue: {{ value: 1.0, method: supplier_reported, source: operator }}
    grid:
      location_based: {{ value: 400 gCO2e/kWh, method: default_factor, source: operator }}
      monthly:
        factors: {{ 2026-01: 100 gCO2e/kWh, 2026-02: 200 gCO2e/kWh, 2026-03: 300 gCO2e/kWh, 2026-04: 400 gCO2e/kWh, 2026-05: 500 gCO2e/kWh, 2026-06: 900 gCO2e/kWh }}
        method: default_factor
        source: operator
measurements:
  - {{ id: train, phase: training, site: fra, model: m, period: {{ start: 2026-01-05, end: 2026-01-19 }}, energy: {{ value: 1000 kWh, method: metered, source: meter }}, boundary: [accelerators, host] }}
  - id: serving
    phase: inference
    site: fra
    model: m
    period: {{ start: {first}, end: 2026-06-30 }}
    energy: {{ value: 1620 kWh, method: metered, source: meter }}
    boundary: [accelerators, host]
    workload: {{ req: 1000 }}
{}methodology: {{ standards: [GHG Protocol Scope 2 Guidance (2015)], narrative: Metered., training: Metered. }}
",
            if hourly {
                format!("    hourly: {{ file: june.csv, sha256: {sha} }}\n")
            } else {
                String::new()
            }
        )
    };
    let input = scratch.path("d.yaml");
    let rate = |text: &str| {
        let results = results_of(&input, text);
        let inventory = results["measurements"][1]["location_based"]["value"]
            .as_f64()
            .unwrap();
        let rate = results["lifecycle"][0]["crossover_from"]["run_rate"]
            .as_f64()
            .unwrap();
        (rate, inventory)
    };
    // Across the count (from 19 January): at most the inventory's 702.7 kg over 162 days.
    let (across, inventory) = rate(&disclosure("2026-01-19", true));
    assert!(
        across * 162.0 <= inventory * (1.0 + 1e-12),
        "{across} {inventory}"
    );
    // From the day itself it counts in full: 706.0 kg over 162 days, within a percent.
    let (from_day, _) = rate(&disclosure("2026-01-20", false));
    assert!(
        (across / from_day - 1.0).abs() < 0.01,
        "{across} against {from_day}"
    );
}

/// The computed results of the disclosure `text`, written to `input`.
fn results_of(input: &Path, text: &str) -> serde_json::Value {
    write_file(input, text);
    compute_json(input)
}

/// The first model's training and inference of the disclosure `text`, written to `input`.
fn lifecycle_of(input: &Path, text: &str) -> serde_json::Value {
    results_of(input, text)["lifecycle"][0].clone()
}
