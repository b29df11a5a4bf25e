//! `import` and `export` on files in the real formats (`tests/fixtures/formats/`): CodeCarbon
//! runs keep their energy, emissions and water through wattprint; a Hugging Face card's
//! `co2_eq_emissions` comes back as it went in; an Impact Framework manifest recomputes
//! wattprint's carbon with IF's own plugin arithmetic.

use serde_json::Value;

use crate::support::{Scratch, close, root, wattprint, write_file, yaml};

/// Σ of a numeric CSV column, by name.
fn column_sum(file: &str, name: &str) -> f64 {
    column(file, name).iter().sum()
}

/// The numbers of column `name` of a CSV fixture (0 where a cell is not one); none without it.
fn column(file: &str, name: &str) -> Vec<f64> {
    let mut reader = csv::Reader::from_path(root().join(file)).unwrap();
    let index = reader.headers().unwrap().iter().position(|h| h == name);
    let Some(index) = index else {
        return Vec::new();
    };
    reader
        .records()
        .map(|r| r.unwrap()[index].parse::<f64>().unwrap_or(0.0))
        .collect()
}

fn import_codecarbon(scratch: &Scratch, file: &str) -> std::path::PathBuf {
    let out = scratch.path(&format!(
        "{}.yaml",
        std::path::Path::new(file)
            .file_stem()
            .unwrap()
            .to_string_lossy()
    ));
    wattprint([
        "import".as_ref(),
        "codecarbon".as_ref(),
        file.as_ref(),
        "--organisation".as_ref(),
        "Fixture Lab".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
    ])
    .expect(0);
    out
}

#[test]
fn codecarbon_runs_keep_their_energy_emissions_and_water() {
    let scratch = Scratch::new("codecarbon");
    for file in [
        "tests/fixtures/formats/codecarbon-1.csv",
        "tests/fixtures/formats/codecarbon-2.csv",
        "tests/fixtures/formats/codecarbon-3.csv",
        // Real CodeCarbon 3.3.2 runs with PUE 1.0, 1.3 and 1.3 (and WUE 1.8) in one file: each
        // PUE is a site of its own, so no run's energy is divided by another's PUE (issue 21).
        "tests/fixtures/formats/codecarbon-3-mixed-pue.csv",
        // Real CodeCarbon 3.3.2 runs at PUE 1.3 with WUE 1.8 and 0: a site per WUE, so that
        // each run's water comes back, not a blend labelled as configured.
        "tests/fixtures/formats/codecarbon-3-mixed-wue.csv",
    ] {
        let imported = import_codecarbon(&scratch, file);
        let validated = wattprint(["validate".as_ref(), imported.as_os_str()]).expect(0);
        assert!(
            validated.stdout.contains("no problems found"),
            "{file}: {}",
            validated.stdout
        );
        let computed = wattprint([
            "compute".as_ref(),
            "--format".as_ref(),
            "json".as_ref(),
            imported.as_os_str(),
        ])
        .expect(0);
        let results: Value = serde_json::from_str(&computed.stdout).unwrap();
        let total = &results["total"];
        // CodeCarbon's energy_consumed has its PUE in it: wattprint's facility energy.
        let energy = column_sum(file, "energy_consumed");
        let facility = total["facility_energy"]["value"].as_f64().unwrap();
        assert!(
            close(facility, energy),
            "{file}: {facility} vs {energy} kWh"
        );
        let emissions = column_sum(file, "emissions");
        let location = total["location_based"]["value"].as_f64().unwrap();
        assert!(
            close(location, emissions),
            "{file}: {location} vs {emissions} kg"
        );
        // CodeCarbon's WUE of 0 is its default, water not tracked: such a run's site states no
        // WUE, and no total water is given over runs of which some were not tracked.
        let water = column_sum(file, "water_consumed");
        let wue = column(file, "wue");
        if water > 0.0 && wue.iter().all(|&w| w > 0.0) {
            let litres = total["water"]["value"].as_f64().unwrap();
            assert!(close(litres, water), "{file}: {litres} vs {water} L");
        } else {
            assert!(total["water"].is_null(), "{file}: {}", total["water"]);
        }
    }
}

// The mixed-PUE runs land on one site per PUE, each with its PUE, and the file is named
// without the folders it was read from.
#[test]
fn runs_of_different_pues_are_sites_of_their_own() {
    let scratch = Scratch::new("codecarbon-pue");
    let imported = import_codecarbon(
        &scratch,
        &root()
            .join("tests/fixtures/formats/codecarbon-3-mixed-pue.csv")
            .display()
            .to_string(),
    );
    let text = std::fs::read_to_string(&imported).unwrap();
    let disclosure = yaml(&text);
    let sites: Vec<(&str, Option<f64>)> = disclosure["sites"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["id"].as_str().unwrap(), s["pue"]["value"].as_f64()))
        .collect();
    assert_eq!(sites, [("de-pue-1", None), ("de-pue-1-3", Some(1.3))]);
    let on: Vec<&str> = disclosure["measurements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["site"].as_str().unwrap())
        .collect();
    assert_eq!(on, ["de-pue-1", "de-pue-1-3", "de-pue-1-3"]);
    assert!(!text.contains(&root().display().to_string()), "{text}");
}

#[test]
fn an_imported_codecarbon_file_reads_as_snapshotted() {
    let output = wattprint([
        "import",
        "codecarbon",
        "tests/fixtures/formats/codecarbon-2.csv",
        "--organisation",
        "Fixture Lab",
        "--model",
        "Fixture-1B",
    ])
    .expect(0);
    insta::assert_snapshot!("codecarbon-2", output.stdout);
}

#[test]
fn a_huggingface_card_comes_back_as_it_went_in() {
    let card = "tests/fixtures/formats/huggingface-card.md";
    let entry = wattprint([
        "import",
        "huggingface",
        card,
        "--provider",
        "University of Tehran",
    ])
    .expect(0)
    .stdout;
    // Paste the entry as a second model of a deployer's disclosure, as the comment says.
    let minimal = std::fs::read_to_string(root().join("tests/fixtures/minimal.yaml")).unwrap();
    let indented = entry.lines().fold(String::new(), |mut out, line| {
        out.push_str("    ");
        out.push_str(line);
        out.push('\n');
        out
    });
    let disclosure = minimal.replacen(
        "    - { id: main, name: Fixture-7B, provider: Fixture Labs }\n",
        &format!("    - {{ id: main, name: Fixture-7B, provider: Fixture Labs }}\n{indented}"),
        1,
    );
    let scratch = Scratch::new("huggingface");
    let path = scratch.path("with-card.yaml");
    write_file(&path, &disclosure);
    wattprint(["validate".as_ref(), path.as_os_str()]).expect(0);
    let report = scratch.path("with-card.md");
    wattprint([
        "report".as_ref(),
        path.as_os_str(),
        "-o".as_ref(),
        report.as_os_str(),
    ])
    .expect(0);
    let report = std::fs::read_to_string(report).unwrap();
    assert!(
        report.contains("| not published | 0.2324 |"),
        "the card's 232 380 g are 0.2324 t in the upstream table:\n{report}"
    );
    assert!(
        report.contains("Run: fine-tuning; Tehran, Iran; 4 RTX3090 24GB GPUs."),
        "{report}"
    );
    let exported = wattprint([
        "export".as_ref(),
        "huggingface".as_ref(),
        path.as_os_str(),
        "--model".as_ref(),
        "persianmind-v1-0".as_ref(),
    ])
    .expect(0)
    .stdout;
    let original = std::fs::read_to_string(root().join(card)).unwrap();
    let front = original.split("---").nth(1).unwrap();
    assert_eq!(
        yaml(&exported)["co2_eq_emissions"],
        yaml(front)["co2_eq_emissions"],
        "{exported}"
    );
}

#[test]
fn own_training_exports_its_location_based_emissions_in_grams() {
    let scratch = Scratch::new("hf-own");
    let imported = import_codecarbon(&scratch, "tests/fixtures/formats/codecarbon-2.csv");
    let exported = wattprint([
        "export".as_ref(),
        "huggingface".as_ref(),
        imported.as_os_str(),
    ])
    .expect(0)
    .stdout;
    let block = &yaml(&exported)["co2_eq_emissions"];
    let grams = column_sum("tests/fixtures/formats/codecarbon-2.csv", "emissions") * 1000.0;
    assert!((block["emissions"].as_f64().unwrap() - grams).abs() < 1e-6);
    assert_eq!(block["training_type"], "pre-training");
    assert_eq!(block["geographical_location"], "CA, SG");
}

/// What if-run computes from the manifest: per leaf, `energy × grid/carbon-intensity +
/// carbon-embodied` (its Multiply and Sum plugins), summed over the tree.
fn impact_framework_carbon(node: &Value) -> (f64, f64) {
    let mut energy = 0.0;
    let mut carbon = 0.0;
    for input in node["inputs"].as_array().into_iter().flatten() {
        let kwh = input["energy"].as_f64().unwrap();
        let intensity = input["grid/carbon-intensity"].as_f64().unwrap_or(0.0);
        let operational = input["carbon-operational"]
            .as_f64()
            .unwrap_or(kwh * intensity);
        energy += kwh;
        carbon += operational + input["carbon-embodied"].as_f64().unwrap_or(0.0);
    }
    for child in node["children"]
        .as_object()
        .into_iter()
        .flat_map(|c| c.values())
    {
        let (e, c) = impact_framework_carbon(child);
        energy += e;
        carbon += c;
    }
    (energy, carbon)
}

#[test]
fn an_impact_framework_manifest_recomputes_wattprints_carbon() {
    for example in [
        "examples/deployer-colocation.yaml",
        "examples/provider-cloud.yaml",
    ] {
        let manifest = wattprint(["export", "impact-framework", example])
            .expect(0)
            .stdout;
        let manifest = yaml(&manifest);
        for plugin in ["operational-carbon", "total-carbon"] {
            assert_eq!(manifest["initialize"]["plugins"][plugin]["path"], "builtin");
        }
        let (energy, carbon) = impact_framework_carbon(&manifest["tree"]);
        let computed = wattprint(["compute", "--format", "json", example]).expect(0);
        let results: Value = serde_json::from_str(&computed.stdout).unwrap();
        let total = &results["total"];
        let facility = total["facility_energy"]["value"].as_f64().unwrap();
        let grams = (total["location_based"]["value"].as_f64().unwrap()
            + total["embodied"]["value"].as_f64().unwrap())
            * 1000.0;
        assert!(
            close(energy, facility),
            "{example}: {energy} vs {facility} kWh"
        );
        assert!(close(carbon, grams), "{example}: {carbon} vs {grams} g");
    }
    let manifest = wattprint([
        "export",
        "impact-framework",
        "examples/deployer-colocation.yaml",
    ])
    .expect(0)
    .stdout;
    insta::assert_snapshot!("impact-framework-deployer", manifest);
}

#[test]
fn files_in_the_wrong_shape_are_refused_with_their_place_and_a_fix() {
    let scratch = Scratch::new("formats-bad");
    let bad = scratch.path("emissions.csv");
    write_file(
        &bad,
        "timestamp,duration,emissions,energy_consumed,country_iso_code\n2024-01-01T00:00:00,10,0.1,NaN,FRA\n",
    );
    let output = wattprint([
        "import".as_ref(),
        "codecarbon".as_ref(),
        bad.as_os_str(),
        "--organisation".as_ref(),
        "X".as_ref(),
    ])
    .expect(2);
    assert!(
        output
            .stderr
            .contains("emissions.csv:2: `energy_consumed` is `NaN`"),
        "{}",
        output.stderr
    );
    assert!(output.stderr.contains("hint:"), "{}", output.stderr);
    let output = wattprint([
        "import",
        "codecarbon",
        "tests/fixtures/formats/huggingface-card.md",
        "--organisation",
        "X",
    ])
    .expect(2);
    assert!(
        output.stderr.contains("not a CodeCarbon emissions.csv"),
        "{}",
        output.stderr
    );
    let output = wattprint([
        "import",
        "huggingface",
        "tests/fixtures/minimal.yaml",
        "--provider",
        "X",
    ])
    .expect(2);
    assert!(
        output.stderr.contains("no `co2_eq_emissions`"),
        "{}",
        output.stderr
    );
    let output = wattprint([
        "export",
        "huggingface",
        "examples/provider-cloud.yaml",
        "--model",
        "nope",
    ])
    .expect(2);
    assert!(
        output.stderr.contains("no model `nope`") && output.stderr.contains("--model with one of"),
        "{}",
        output.stderr
    );
    let output = wattprint(["export", "huggingface", "tests/fixtures/minimal.yaml"]).expect(2);
    assert!(
        output
            .stderr
            .contains("no training or fine-tuning emissions"),
        "{}",
        output.stderr
    );
}

#[test]
fn import_never_overwrites_a_file() {
    let scratch = Scratch::new("import-overwrite");
    let out = scratch.path("taken.yaml");
    write_file(&out, "mine\n");
    wattprint([
        "import".as_ref(),
        "codecarbon".as_ref(),
        "tests/fixtures/formats/codecarbon-1.csv".as_ref(),
        "--organisation".as_ref(),
        "X".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
    ])
    .expect(2);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "mine\n");
}

// The review of issue 21: a run that used no energy, with a PUE of its own, takes its place's
// factor instead of failing the import; a duration past a century is refused, not a panic.
#[test]
fn odd_codecarbon_runs_import_or_are_refused_with_their_line() {
    let scratch = Scratch::new("codecarbon-odd");
    let text =
        std::fs::read_to_string(root().join("tests/fixtures/formats/codecarbon-3-mixed-pue.csv"))
            .unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let header: Vec<String> = lines[0].split(',').map(str::to_owned).collect();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (energy, emissions, pue, id) = (
        column("energy_consumed"),
        column("emissions"),
        column("pue"),
        column("run_id"),
    );
    // A fourth run: no energy, no emissions, PUE 1.5.
    let mut zero: Vec<String> = lines[1].split(',').map(str::to_owned).collect();
    zero[energy] = "0".to_owned();
    zero[emissions] = "0".to_owned();
    zero[pue] = "1.5".to_owned();
    zero[column("water_consumed")] = "0".to_owned();
    zero[id] = "00000000-0000-0000-0000-000000000000".to_owned();
    lines.push(zero.join(","));
    let file = scratch.path("zero.csv");
    write_file(&file, &(lines.join("\n") + "\n"));
    let imported = import_codecarbon(&scratch, file.to_str().unwrap());
    wattprint(["validate".as_ref(), imported.as_os_str()]).expect(0);

    // One run's water left empty: the site's WUE would hold only the others' (-27 %).
    let mut dry: Vec<String> = lines[2].split(',').map(str::to_owned).collect();
    dry[column("water_consumed")] = String::new();
    let file = scratch.path("dry.csv");
    write_file(
        &file,
        &format!(
            "{}\n{}\n{}\n{}\n",
            lines[0],
            lines[1],
            dry.join(","),
            lines[3]
        ),
    );
    let output = wattprint([
        "import".as_ref(),
        "codecarbon".as_ref(),
        file.as_os_str(),
        "--organisation".as_ref(),
        "X".as_ref(),
    ])
    .expect(2);
    assert!(
        output
            .stderr
            .contains("dry.csv:3: `water_consumed` is empty for run"),
        "{}",
        output.stderr
    );

    let mut long: Vec<String> = lines[1].split(',').map(str::to_owned).collect();
    long[column("duration")] = "1e17".to_owned();
    let file = scratch.path("long.csv");
    write_file(&file, &format!("{}\n{}\n", lines[0], long.join(",")));
    let output = wattprint([
        "import".as_ref(),
        "codecarbon".as_ref(),
        file.as_os_str(),
        "--organisation".as_ref(),
        "X".as_ref(),
    ])
    .expect(2);
    assert!(
        output
            .stderr
            .contains("long.csv:2: `duration` is 100000000000000000 s, more than a century"),
        "{}",
        output.stderr
    );
}

// Issue 21: a card made by huggingface_hub 2.4.0's `ModelCard.from_template` (this fixture is
// its output, with `training_type: pretraining`) has no `model-index`: the model is named from
// the card's heading, and the words people write for the training type are read.
#[test]
fn a_template_card_imports_with_its_heading_and_its_training_type() {
    let output = wattprint([
        "import",
        "huggingface",
        "tests/fixtures/formats/huggingface-template-card.md",
        "--provider",
        "Fixture Lab",
    ])
    .expect(0);
    for expected in [
        "name: \"fixture-lab/fixture-7b\"",
        "phase: training",
        "value: 232380 gCO2e",
        "from the model card huggingface-template-card.md.",
    ] {
        assert!(
            output.stdout.contains(expected),
            "{expected}\n{}",
            output.stdout
        );
    }
    let scratch = Scratch::new("hf-finetuning");
    let card = scratch.path("README.md");
    let text =
        std::fs::read_to_string(root().join("tests/fixtures/formats/huggingface-template-card.md"))
            .unwrap()
            .replace("training_type: pretraining", "training_type: Fine Tuning");
    write_file(&card, &text);
    let output = wattprint([
        "import".as_ref(),
        "huggingface".as_ref(),
        card.as_os_str(),
        "--provider".as_ref(),
        "Fixture Lab".as_ref(),
    ])
    .expect(0);
    assert!(
        output.stdout.contains("phase: fine_tuning"),
        "{}",
        output.stdout
    );
}

// The second review of issue 21: a WUE of its own is a site of its own, and runs of several
// projects need the model they are of named.
#[test]
fn runs_of_different_wues_are_sites_of_their_own_and_projects_need_a_model() {
    let scratch = Scratch::new("codecarbon-wue");
    let imported = import_codecarbon(
        &scratch,
        &root()
            .join("tests/fixtures/formats/codecarbon-3-mixed-wue.csv")
            .display()
            .to_string(),
    );
    let disclosure = yaml(&std::fs::read_to_string(&imported).unwrap());
    let sites: Vec<&str> = disclosure["sites"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(sites, ["de-pue-1-3-wue-1-8", "de-pue-1-3-wue-0"]);
    let text =
        std::fs::read_to_string(root().join("tests/fixtures/formats/codecarbon-3-mixed-wue.csv"))
            .unwrap();
    // The second run's project renamed `beta`.
    let two = text
        .replacen(",wattprint-mixed-wue,", ",beta,", 2)
        .replacen(",beta,", ",wattprint-mixed-wue,", 1);
    let file = scratch.path("two-projects.csv");
    write_file(&file, &two);
    let output = wattprint([
        "import".as_ref(),
        "codecarbon".as_ref(),
        file.as_os_str(),
        "--organisation".as_ref(),
        "X".as_ref(),
    ])
    .expect(2);
    assert!(
        output.stderr.contains("the runs are of 2 projects"),
        "{}",
        output.stderr
    );
    wattprint([
        "import".as_ref(),
        "codecarbon".as_ref(),
        file.as_os_str(),
        "--organisation".as_ref(),
        "X".as_ref(),
        "--model".as_ref(),
        "Fixture-1B".as_ref(),
    ])
    .expect(0);
}

// Review, 2026-12-01, later, with real CodeCarbon 3.3.2 files: a tracker started again after
// `stop()` keeps its run id and its energy as a running total but counts its duration from zero
// again (the row of the longest duration, kept before, held a third less energy than the last);
// a tracker's tasks are rows of one run id, one task each (one task of three was kept). Made by
// `OfflineEmissionsTracker(…, allow_multiple_runs=True)`: start, 4 s, stop, start, 2 s, stop;
// and `start_task` "load" (3 s), "train" (2 s), "eval" (2 s), whose rows CodeCarbon writes to
// `emissions_exp_<run>.csv`.
#[test]
fn a_restarted_tracker_and_a_trackers_tasks_keep_all_their_energy() {
    let scratch = Scratch::new("codecarbon-restarted");
    let cases = [
        // The running total's last row.
        (
            "tests/fixtures/formats/codecarbon-3-restarted.csv",
            3.471_179_752_018_658e-5,
        ),
        // The three tasks' rows, summed.
        (
            "tests/fixtures/formats/codecarbon-3-tasks.csv",
            1.816_282_760_615_689_5e-5 + 1.198_113_163_145_432_5e-5 + 1.186_874_930_317_416e-5,
        ),
    ];
    for (file, kwh) in cases {
        let imported = import_codecarbon(&scratch, file);
        let computed = wattprint([
            "compute".as_ref(),
            "--format".as_ref(),
            "json".as_ref(),
            imported.as_os_str(),
        ])
        .expect(0);
        let results: Value = serde_json::from_str(&computed.stdout).unwrap();
        let facility = results["total"]["facility_energy"]["value"]
            .as_f64()
            .unwrap();
        assert!(
            close(facility, kwh),
            "{file}: import gives {facility} kWh, not {kwh}"
        );
        let json = scratch.path("ingested.json");
        wattprint([
            "ingest".as_ref(),
            file.as_ref(),
            "--format".as_ref(),
            "codecarbon".as_ref(),
            "--period".as_ref(),
            "total".as_ref(),
            "-o".as_ref(),
            json.as_os_str(),
        ])
        .expect(0);
        let ingested: Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
        let total: f64 = ingested["cells"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["energy_kwh"].as_f64().unwrap())
            .sum();
        assert!(
            close(total, kwh),
            "{file}: ingest gives {total} kWh, not {kwh}"
        );
    }
}

// Review, 2026-12-01, later: a project named `chat/v3` was split at its `/`, so `chat/v3` and
// `chat/v4` became one measurement "of chat" holding both projects' energy.
#[test]
fn a_project_whose_name_holds_a_slash_is_a_measurement_of_its_own() {
    let scratch = Scratch::new("codecarbon-slash");
    let log = scratch.path("emissions.csv");
    write_file(
        &log,
        "timestamp,project_name,run_id,duration,emissions,energy_consumed,country_iso_code,pue\n\
         2026-03-03T01:30:00,chat/v3,run-b,3600,0.3,1.2,DEU,1\n\
         2026-03-03T01:30:00,chat/v4,run-c,3600,0.3,1.0,DEU,1\n",
    );
    let out = scratch.path("measurements.yaml");
    wattprint([
        "ingest".as_ref(),
        log.as_os_str(),
        "--format".as_ref(),
        "codecarbon".as_ref(),
        "--period".as_ref(),
        "total".as_ref(),
        "--site".as_ref(),
        "fra".as_ref(),
        "--model".as_ref(),
        "main".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
    ])
    .expect(0);
    let yaml = std::fs::read_to_string(&out).unwrap();
    assert!(
        yaml.contains("value: 1.2 kWh") && yaml.contains("emissions.csv of chat/v3:"),
        "{yaml}"
    );
    assert!(
        yaml.contains("value: 1 kWh") && yaml.contains("emissions.csv of chat/v4:"),
        "{yaml}"
    );
}

// Attack, 2026-12-02: a card exported from a disclosure whose training record states 50 MWh
// carried this period's 35 MWh of training as the model's emissions, and called the cloud's
// emissions Scope 2.
#[test]
fn a_card_says_what_its_emissions_are_of() {
    let scratch = Scratch::new("huggingface-export");
    let example = std::fs::read_to_string(root().join("examples/provider-cloud.yaml")).unwrap();
    let wall = "        wall_clock: 47 days\n";
    assert!(example.contains(wall));
    let cumulative = example.replacen(
        wall,
        &format!("{wall}        energy: {{ value: 50 MWh, method: metered, source: cluster meters }}\n        boundary: [accelerators]\n"),
        1,
    );
    let path = scratch.path("cumulative.yaml");
    write_file(&path, &cumulative);
    let card = wattprint(["export".as_ref(), "huggingface".as_ref(), path.as_os_str()])
        .expect(0)
        .stdout;
    assert!(card.contains("  emissions: 1442790\n"), "{card}");
    assert!(card.contains("GHG Protocol Scope 3, category 1)"), "{card}");
    assert!(
        card.contains("not all of the model's training: the disclosure states 50.00 MWh for it, these measurements hold 30.60 MWh of it"),
        "{card}"
    );
    assert!(card.contains("  training_type: pre-training\n"), "{card}");
}
