//! Hourly Scope 2: a disclosure's hourly files read, checked and computed, against the
//! two-day case worked by hand in `tests/fixtures/hourly/two-days.yaml`.

use std::fmt::Write as _;

use crate::support::{Scratch, compute_json, wattprint, write_file};

const FIXTURE: &str = "tests/fixtures/hourly/two-days.yaml";

fn value(json: &serde_json::Value, pointer: &str) -> f64 {
    json.pointer(pointer)
        .and_then(serde_json::Value::as_f64)
        .unwrap_or_else(|| panic!("no number at {pointer}"))
}

/// The fixture with `edit` applied, written into a scratch folder beside copies of its CSVs.
fn edited(name: &str, edit: impl Fn(&str) -> String) -> (Scratch, std::path::PathBuf) {
    let scratch = Scratch::new(name);
    let folder = crate::support::root().join("tests/fixtures/hourly");
    for csv in ["flat.csv", "solar.csv", "factors.csv", "off-the-hour.csv"] {
        std::fs::copy(folder.join(csv), scratch.path(csv)).unwrap();
    }
    let text = std::fs::read_to_string(crate::support::root().join(FIXTURE)).unwrap();
    let path = scratch.path("two-days.yaml");
    let changed = edit(&text);
    assert_ne!(changed, text, "the edit changed nothing");
    write_file(&path, &changed);
    (scratch, path)
}

#[test]
#[allow(clippy::float_cmp, reason = "every value is exact in binary")]
fn the_two_day_case_matches_the_hand_calculation() {
    let json = compute_json(std::path::Path::new(FIXTURE));
    let site = &json["sites"][0];
    // 2015 Guidance: the PPA's 24 kWh at 0, the other 24 kWh at 500 g: 12 kg.
    assert_eq!(value(site, "/market_based/value"), 12.0);
    // Grid average: 48 kWh at 400 g.
    assert_eq!(value(site, "/location_based/value"), 19.2);
    let hourly = &site["hourly"];
    assert_eq!(hourly["hours"], 48);
    assert_eq!(hourly["first_hour"], "2026-01-01T00:00:00Z");
    assert_eq!(hourly["last_hour"], "2026-01-02T23:00:00Z");
    assert_eq!(value(hourly, "/measured_kwh"), 48.0);
    assert_eq!(value(hourly, "/standard_profile_kwh"), 0.0);
    // Hourly: the PPA matches 1 kWh in each of the 12 sunny hours and 1 kWh of each is
    // surplus; the 36 night and evening hours stay at 500 g: 18 kg.
    let market = &hourly["market_based"];
    assert_eq!(value(market, "/emissions/value"), 18.0);
    assert_eq!(value(market, "/matched_kwh"), 12.0);
    assert_eq!(value(market, "/matched_share"), 0.25);
    assert_eq!(value(market, "/carbon_free_share"), 0.25);
    assert_eq!(value(market, "/matched_hours_share"), 0.25);
    assert_eq!(value(market, "/surplus_kwh"), 12.0);
    assert_eq!(value(market, "/undeliverable_kwh"), 0.0);
    assert_eq!(value(market, "/without_hourly_kwh"), 0.0);
    // Hourly factors for day one (300 g), the annual 400 g for day two: 7.2 + 9.6 kg.
    let location = &hourly["location_based"];
    assert!(crate::support::close(
        value(location, "/emissions/value"),
        16.8
    ));
    assert_eq!(location["hourly_hours"], 24);
    assert_eq!(location["fallback_hours"], 24);
    assert_eq!(value(location, "/fallback_kwh"), 24.0);
}

#[test]
#[allow(clippy::float_cmp, reason = "every value is exact in binary")]
fn a_standard_load_profile_spreads_the_energy_and_is_counted() {
    let (_scratch, path) = edited("standard", |t| {
        t.replace(
            "hourly: { file: flat.csv, sha256: 9dcb23455d1c67246ca0cfea137a402cd0016705b875de287634c17838332a69 }",
            "hourly: { standard_profile: flat }",
        )
    });
    let json = compute_json(&path);
    let hourly = &json["sites"][0]["hourly"];
    assert_eq!(value(hourly, "/measured_kwh"), 0.0);
    assert_eq!(value(hourly, "/standard_profile_kwh"), 48.0);
    // Constant power is 1 kWh an hour here too: the same figures as the measured profile.
    assert_eq!(value(hourly, "/market_based/emissions/value"), 18.0);
}

#[test]
fn an_instrument_outside_the_market_matches_no_hour() {
    let (_scratch, path) = edited("market", |t| t.replace("market: DE", "market: FR"));
    let json = compute_json(&path);
    let market = &json["sites"][0]["hourly"]["market_based"];
    assert!(crate::support::close(
        value(market, "/emissions/value"),
        24.0
    ));
    assert!(crate::support::close(
        value(market, "/undeliverable_kwh"),
        24.0
    ));
    assert!(crate::support::close(value(market, "/matched_kwh"), 0.0));
}

#[test]
fn a_disclosure_without_hourly_data_has_no_hourly_block() {
    let json = compute_json(std::path::Path::new("examples/deployer-colocation.yaml"));
    assert!(json["sites"][0].get("hourly").is_none());
}

/// A change to the fixture's text.
type Edit = fn(&str) -> String;

/// `f` as an [`Edit`].
fn edit(f: Edit) -> Edit {
    f
}

/// The faults of a file's reference and form: each one's name, the edit that makes it, and
/// what `validate` must say of it.
fn file_faults() -> Vec<(&'static str, Edit, Vec<&'static str>)> {
    vec![
        (
            "hash",
            edit(|t: &str| t.replacen("sha256: 9dcb", "sha256: 0dcb", 1)),
            vec![
                "two-days.yaml:44:39: error[hourly-file]",
                "error[hourly-file]",
                "measurements[0].hourly.sha256",
                "the SHA-256 of `flat.csv` is 9dcb",
                "write `sha256: 9dcb",
            ],
        ),
        (
            "no-hash",
            edit(|t: &str| {
                t.replace(
                    "hourly: { file: flat.csv, sha256: 9dcb23455d1c67246ca0cfea137a402cd0016705b875de287634c17838332a69 }",
                    "hourly: { file: flat.csv }",
                )
            }),
            vec![
                "two-days.yaml:44:5: error[missing-field]",
                "missing `sha256`",
                "sha256sum FILE",
            ],
        ),
        (
            "no-such-profile",
            edit(|t: &str| {
                t.replace(
                    "hourly: { file: flat.csv, sha256: 9dcb23455d1c67246ca0cfea137a402cd0016705b875de287634c17838332a69 }",
                    "hourly: { standard_profile: hourly }",
                )
            }),
            vec![
                "measurements[0].hourly.standard_profile",
                "\"hourly\" is not one of flat",
            ],
        ),
        (
            "outside",
            edit(|t: &str| t.replace("file: flat.csv", "file: ../flat.csv")),
            vec![
                "error[hourly-file]",
                "is not a path inside the disclosure's folder",
                "no `..`",
            ],
        ),
        (
            "missing",
            edit(|t: &str| t.replace("file: flat.csv", "file: none.csv")),
            vec![
                "error[hourly-file]",
                "`none.csv` is not there",
                "hourly.file",
            ],
        ),
        (
            "csv",
            edit(|t: &str| {
                t.replace(
                    "file: flat.csv, sha256: 9dcb23455d1c67246ca0cfea137a402cd0016705b875de287634c17838332a69",
                    "file: off-the-hour.csv, sha256: 15d8da069d6035cfc7a5cc09e2390aeb29056cb620cbaa1f676263ac93b890ea",
                )
            }),
            vec![
                "off-the-hour.csv:3:1: error[hourly-csv]",
                "`2026-01-01T00:30:00Z` is not the start of an hour",
                "on the hour",
            ],
        ),
    ]
}

/// The faults of figures against the files: totals and periods.
fn figure_faults() -> Vec<(&'static str, Edit, Vec<&'static str>)> {
    vec![
        (
            "total",
            edit(|t: &str| t.replace("value: 48 kWh", "value: 50 kWh")),
            vec![
                "error[hourly-total]",
                "`flat.csv` adds up to 48 kWh, and the measurement's energy is 50 kWh",
            ],
        ),
        (
            "volume",
            edit(|t: &str| t.replace("energy: 24 kWh", "energy: 20 kWh")),
            vec![
                "error[hourly-total]",
                "instruments[0].hourly_generation.file",
                "adds up to 24 kWh, and the instrument's `energy` is 20 kWh",
            ],
        ),
        (
            "period",
            edit(|t: &str| {
                t.replace(
                    "reporting_period: { start: 2026-01-01, end: 2026-01-02 }",
                    "reporting_period: { start: 2026-01-02, end: 2026-01-03 }",
                )
            }),
            vec![
                "error[hourly-period]",
                "has hours from 2026-01-01T00:00:00Z to 2026-01-02T23:00:00Z, outside the measurement's period 2026-01-02 to 2026-01-03",
                "instruments[0].hourly_generation.file",
                "the hourly generation has 6 hour(s) outside the reporting period, from 2026-01-01T08:00:00Z to 2026-01-01T13:00:00Z",
            ],
        ),
    ]
}

#[test]
fn every_fault_in_an_hourly_file_is_named_with_its_place_and_fix() {
    for (name, edit_text, expected) in [file_faults(), figure_faults()].concat() {
        let (_scratch, path) = edited(name, edit_text);
        let out = wattprint(["validate".as_ref(), path.as_os_str()]).expect(1);
        for text in expected {
            assert!(
                out.stdout.contains(text),
                "{name}: `{text}` not in\n{}",
                out.stdout
            );
        }
    }
}

#[test]
fn a_pdf_carries_the_hourly_files_and_shows_both_methods() {
    let scratch = Scratch::new("hourly-pdf");
    let out = scratch.path("report.pdf");
    wattprint([
        "report".as_ref(),
        FIXTURE.as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
    ])
    .expect(0);
    let bytes = std::fs::read(&out).unwrap();
    let text = crate::support::pdf_text(&bytes);
    for expected in [
        "Hourbyhour",
        "Market-based,2015Guidance",
        "Market-based,proposedhourly",
        "notinforce",
        "25%",
    ] {
        assert!(
            text.contains(expected),
            "`{expected}` not in the PDF's text"
        );
    }
    let attachments = wattprint::evidence::read::attachments(&bytes, u64::MAX).unwrap();
    let names: Vec<&str> = attachments.iter().map(|(n, _)| n.as_str()).collect();
    for name in ["linked/flat.csv", "linked/solar.csv", "linked/factors.csv"] {
        assert!(names.contains(&name), "{name} not attached: {names:?}");
    }
    wattprint(["verify".as_ref(), out.as_os_str()]).expect(0);
}

/// `examples/provider-cloud.yaml` with its pre-training given hour by hour, 47 days of 651
/// kWh a day, in a scratch folder beside the file.
fn provider_with_training_hours(scratch: &Scratch) -> std::path::PathBuf {
    let mut csv = String::from("hour,energy_kwh\n");
    let start = 1_767_571_200; // 2026-01-05T00:00:00Z
    for h in 0..47 * 24 {
        let at = chrono::DateTime::from_timestamp(start + h * 3600, 0).unwrap();
        let _ = writeln!(csv, "{},27.125", at.format("%Y-%m-%dT%H:%M:%SZ"));
    }
    write_file(&scratch.path("train.csv"), &csv);
    let sha = wattprint::text::sha256_hex(csv.as_bytes());
    let text = std::fs::read_to_string(crate::support::root().join("examples/provider-cloud.yaml"))
        .unwrap()
        .replacen(
            "    boundary: [accelerators]\n  - id: inference-fra",
            &format!("    boundary: [accelerators]\n    hourly: {{ file: train.csv, sha256: {sha} }}\n  - id: inference-fra"),
            1,
        );
    let path = scratch.path("provider.yaml");
    write_file(&path, &text);
    path
}

#[test]
fn a_document_for_one_audience_carries_no_hours() {
    let scratch = Scratch::new("hourly-audience");
    let input = provider_with_training_hours(&scratch);
    let full = scratch.path("full.pdf");
    wattprint([
        "report".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        full.as_os_str(),
    ])
    .expect(0);
    let names = |path: &std::path::Path| -> Vec<String> {
        let bytes = std::fs::read(path).unwrap();
        wattprint::evidence::read::attachments(&bytes, u64::MAX)
            .unwrap()
            .into_iter()
            .map(|(n, _)| n)
            .collect()
    };
    assert!(names(&full).contains(&"linked/train.csv".to_owned()));
    for audience in ["authority", "downstream"] {
        let out = scratch.path(&format!("{audience}.pdf"));
        wattprint([
            "report".as_ref(),
            input.as_os_str(),
            "--audience".as_ref(),
            audience.as_ref(),
            "-o".as_ref(),
            out.as_os_str(),
        ])
        .expect(0);
        let attached = names(&out);
        assert!(
            attached.iter().all(|n| !n.starts_with("linked/")),
            "{audience}: {attached:?}"
        );
        let bytes = std::fs::read(&out).unwrap();
        let text = crate::support::pdf_text(&bytes);
        for hidden in ["Hourbyhour", "2026-01-0500:00UTC", "2026-02-2023:00UTC"] {
            assert!(!text.contains(hidden), "{audience}: `{hidden}` in the PDF");
        }
        assert!(
            text.contains("hourbyhour"),
            "{audience}: the document says what it leaves out"
        );
        wattprint([
            "verify".as_ref(),
            out.as_os_str(),
            "--full-input".as_ref(),
            input.as_os_str(),
        ])
        .expect(0);
    }
}

#[test]
fn the_shift_lever_moves_flexible_energy_into_matched_hours() {
    // Hand calculation: every kWh flexible, a day's window, 2 kWh an hour at most. Each day's
    // 24 kWh fill the six sunny hours first (2 kWh of solar each, at 0 g: 12 kWh matched), and
    // the other 12 kWh the earliest hours at the residual mix. Hourly market-based: 24 kWh
    // unmatched at 500 g = 12 kg, from 18 kg: a saving of 6 kg. Each day still uses 24 kWh,
    // so the 2015 figures, and the location-based one with day one's flat hourly factors and
    // day two's annual factor, do not move.
    let (_scratch, path) = edited("shift", |t| {
        format!(
            "{t}scenarios:\n  - id: follow-the-sun\n    description: Run the batch work when the PPA generates\n    levers:\n      - shift: {{ measurement: inference, share: 1, window: 24 h, capacity: 2 kW, by: market_based, source: scheduler constraints }}\n"
        )
    });
    let json = compute_json(&path);
    let scenario = &json["scenarios"][0];
    assert!(
        scenario["levers"][0]
            .as_str()
            .unwrap()
            .starts_with("shift inference: 100 % of its energy moved"),
        "{scenario}"
    );
    assert!(crate::support::close(
        value(scenario, "/hourly_market_saving/value"),
        6.0
    ));
    assert!(value(scenario, "/hourly_location_saving/value").abs() < 1e-9);
    assert!(value(scenario, "/market_saving/value").abs() < 1e-9);
    assert!(value(scenario, "/energy_saving/value").abs() < 1e-9);
}

/// Attack of 2026-12-03 (helper 73): a window of 90 minutes was computed as two hours.
#[test]
fn a_shift_window_is_whole_hours() {
    let (_scratch, path) = edited("shift-window", |t| {
        format!(
            "{t}scenarios:\n  - id: short\n    description: Short windows\n    levers:\n      - shift: {{ measurement: inference, share: 0.5, window: 90 min, capacity: 2 kW, by: location_based, source: scheduler }}\n"
        )
    });
    let output = wattprint(["validate", path.to_str().unwrap()]).expect(1);
    assert!(
        output
            .stdout
            .contains("a window of 1.5 h is not a whole number of hours"),
        "{}",
        output.stdout
    );
}

#[test]
fn a_shift_the_site_cannot_make_says_why() {
    let (_scratch, path) = edited("shift-refused", |t| {
        format!(
            "{t}scenarios:\n  - id: too-small\n    description: A site too small to move anything\n    levers:\n      - shift: {{ measurement: inference, share: 0.5, window: 24 h, capacity: 0.5 kW, by: location_based, source: site contract }}\n"
        )
    });
    let json = compute_json(&path);
    let lever = json["scenarios"][0]["levers"][0].as_str().unwrap();
    assert!(
        lever.starts_with("shift inference: not applied, ") && lever.contains("capacity"),
        "{lever}"
    );
}

/// Attack of 2026-12-03 (helper 60): a shift by location-based factors was refused ("its site
/// gives no hourly grid factors") when the site consumed nothing in some hour, since the factors
/// were read from the hours' figures, which have none there.
#[test]
fn a_shift_moves_energy_into_hours_the_site_was_idle() {
    // Hand calculation (tests/fixtures/hourly/shift-idle/idle-hours.yaml): half of each of the
    // two measured kWh (at 100 g and 500 g) moves to 05:00, the cheapest hour (50 g): 0.5 × 100
    // + 0.5 × 500 + 1 × 50 = 350 g, from 600 g: a saving of 0.25 kg.
    let json = compute_json(std::path::Path::new(
        "tests/fixtures/hourly/shift-idle/idle-hours.yaml",
    ));
    let scenario = &json["scenarios"][0];
    assert_eq!(scenario["id"], "loc");
    assert!(
        scenario["levers"][0]
            .as_str()
            .unwrap()
            .starts_with("shift m1: 50 % of its energy moved"),
        "{scenario}"
    );
    assert!(
        crate::support::close(value(scenario, "/hourly_location_saving/value"), 0.25),
        "{scenario}"
    );
}

/// Attack of 2026-12-03 (helper 73): a relocation to a site without hourly factors printed the
/// whole baseline's hourly figures as saved (100 %), though the moved energy emits more there.
#[test]
fn a_relocation_to_a_site_without_hourly_figures_gives_no_hourly_saving() {
    let (_scratch, path) = edited("relocate-hourly", |t| {
        format!(
            "{t}scenarios:\n  - id: move\n    description: Move to a coal-heavy grid\n    sites:\n      - {{ id: coal, operation: colocation, location: PL, pue: {{ value: 1.5, method: supplier_reported, source: operator }}, grid: {{ location_based: {{ value: 900 gCO2e/kWh, method: default_factor, source: fixture }}, market_based: {{ residual_mix: 950 gCO2e/kWh, source: fixture }} }} }}\n    levers:\n      - relocate: {{ measurement: inference, site: coal }}\n"
        )
    });
    let json = compute_json(&path);
    let scenario = &json["scenarios"][0];
    assert!(
        scenario.get("hourly_location_saving").is_none(),
        "{scenario}"
    );
    assert_eq!(
        scenario["hourly_withheld"],
        "The location-based hourly saving is not given: energy moves to or from site coal, without hourly location-based figures (hourly grid factors) in the baseline or the scenario, and a sum over the sites with the figure would count the energy that moved as saved or as never used"
    );
    // The hourly market-based figure needs no hourly factors: the moved hours at the residual
    // mix, 48 kWh × 1.5 × 950 g = 68.4 kg, against the baseline's 18 kg.
    assert!(crate::support::close(
        value(scenario, "/hourly_market_saving/value"),
        -50.4
    ));
    // 48 kWh × 1.5 × 900 g = 64.8 kg against 19.2 kg: the annual saving is −45.6 kg.
    assert!(crate::support::close(
        value(scenario, "/location_saving/value"),
        -45.6
    ));
    let out = path.with_extension("md");
    wattprint([
        "report".as_ref(),
        path.as_os_str(),
        "-t".as_ref(),
        "levers".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
    ])
    .expect(0);
    let markdown = std::fs::read_to_string(&out).unwrap();
    assert!(
        markdown.contains("The location-based hourly saving is not given: energy moves to or from"),
        "{markdown}"
    );
    assert!(
        !markdown.contains("Location-based with hourly factors"),
        "{markdown}"
    );
}

/// Attack of 2026-12-03 (helper 73): a market written as a name was read by its first two
/// letters, so a PPA in `Deutschland` (or `Denmark`) matched German hours.
#[test]
#[allow(clippy::float_cmp, reason = "every value is exact in binary")]
fn a_market_not_written_as_a_zone_matches_no_hour() {
    let (_scratch, path) = edited("market-name", |t| {
        t.replace("market: DE", "market: Denmark")
    });
    let validated = wattprint(["validate", path.to_str().unwrap()]).expect(0);
    assert!(
        validated.stdout.contains(
            "the market `Denmark` is not read as a country code or bidding zone, so the instrument is taken as from another market"
        ),
        "{}",
        validated.stdout
    );
    // Helper 75: a market written as the site's location is its market, a code or not.
    let (_scratch_ercot, ercot) = edited("market-ercot", |t| {
        t.replace("market: DE", "market: ERCOT")
            .replace("location: DE", "location: ERCOT")
    });
    let validated = wattprint(["validate", ercot.to_str().unwrap()]).expect(0);
    assert!(!validated.stdout.contains("market"), "{}", validated.stdout);
    let json = compute_json(&path);
    let market = &json["sites"][0]["hourly"]["market_based"];
    // No hour matched: 48 kWh at the residual mix's 500 g.
    assert_eq!(value(market, "/matched_kwh"), 0.0);
    assert_eq!(value(market, "/undeliverable_kwh"), 24.0);
    assert!(crate::support::close(
        value(market, "/emissions/value"),
        24.0
    ));
}

/// Attack of 2026-12-03 (helper 73): hourly grid factors in another unit validated clean, and
/// two instruments naming one generation file claimed its hours twice.
#[test]
fn hourly_factors_in_another_unit_and_generation_claimed_twice_are_found() {
    let factors = |scale: f64| {
        let text = std::fs::read_to_string(
            crate::support::root().join("tests/fixtures/hourly/factors.csv"),
        )
        .unwrap();
        let mut csv = String::from("hour,g_per_kwh\n");
        for line in text.lines().skip(1) {
            let (hour, g) = line.split_once(',').unwrap();
            let _ = writeln!(csv, "{hour},{}", g.parse::<f64>().unwrap() * scale);
        }
        csv
    };
    // gCO2e/MWh (× 1,000): an error; kgCO2e/kWh (÷ 1,000): a warning, the average 0.3 g
    // against the annual 400 g.
    for (scale, finding) in [
        (1000.0, "error[hourly-factor]"),
        (0.001, "warning[hourly-factor]"),
    ] {
        let csv = factors(scale);
        let (scratch, path) = edited("hourly-factor-unit", |t| {
            t.replace(
                "5c2a2f963c6f215d9a9247f4bd4763012511b3fb2580cd1af31eecc49b7f8ed2",
                &wattprint::text::sha256_hex(csv.as_bytes()),
            )
        });
        write_file(&scratch.path("factors.csv"), &csv);
        let output = wattprint(["validate", path.to_str().unwrap()]);
        let output = if scale > 1.0 {
            output.expect(1)
        } else {
            output.expect(0)
        };
        assert!(output.stdout.contains(finding), "{}", output.stdout);
    }
    let (_scratch, path) = edited("hourly-twice", |t| {
        let ppa = t
            .split("          - kind: ppa\n")
            .nth(1)
            .unwrap()
            .split("measurements:")
            .next()
            .unwrap();
        t.replacen(
            "measurements:",
            &format!("          - kind: ppa\n{ppa}measurements:"),
            1,
        )
        .replace("energy: 24 kWh", "energy: 12 kWh")
    });
    let output = wattprint(["validate", path.to_str().unwrap()]).expect(1);
    assert!(
        output.stdout.contains("error[hourly-twice]")
            && output.stdout.contains(
                "the instrument at sites[0].grid.market_based.instruments[0] names the same hourly generation (`solar.csv`)"
            ),
        "{}",
        output.stdout
    );
}

/// Helper 76 (2026-12-03): a scenario's site naming hourly factors had them never read: a file
/// not there validated clean, and a relocation there was said to lack them.
#[test]
fn a_scenario_sites_hourly_files_are_read_and_checked() {
    let site = |file: &str, sha: &str| {
        format!(
            "scenarios:\n  - id: move\n    description: Move to a hall next door\n    sites:\n      - {{ id: fra2, operation: colocation, location: DE, pue: {{ value: 1, method: metered, source: meters }}, grid: {{ location_based: {{ value: 400 gCO2e/kWh, method: default_factor, source: fixture }}, hourly: {{ factors: {{ file: {file}, sha256: {sha} }}, method: supplier_reported, source: fixture }}, market_based: {{ residual_mix: 500 gCO2e/kWh, source: fixture }} }} }}\n    levers:\n      - relocate: {{ measurement: inference, site: fra2 }}\n"
        )
    };
    let sha = "5c2a2f963c6f215d9a9247f4bd4763012511b3fb2580cd1af31eecc49b7f8ed2";
    let (_missing, path) = edited("scenario-hourly-missing", |t| {
        format!("{t}{}", site("nowhere.csv", sha))
    });
    let output = wattprint(["validate", path.to_str().unwrap()]).expect(1);
    assert!(
        output.stdout.contains("error[hourly-file]"),
        "{}",
        output.stdout
    );
    let (_read, path) = edited("scenario-hourly", |t| {
        format!("{t}{}", site("factors.csv", sha))
    });
    let json = compute_json(&path);
    let scenario = &json["scenarios"][0];
    // The same hours at the same factors at fra2 as at fra, and no instruments there: the
    // location-based hourly figure saves nothing.
    assert!(scenario.get("hourly_withheld").is_none(), "{scenario}");
    assert!(
        value(scenario, "/hourly_location_saving/value").abs() < 1e-9,
        "{scenario}"
    );
}

#[test]
fn an_hourly_saving_has_the_interval_of_its_paired_draws() {
    // The example states a 5 % uncertainty on its energy: the shift's hourly saving gets an
    // interval; the 2015 saving is 0 in every draw. The schedule is the one made for the
    // central energy, which fills the PPA's hours exactly: a draw with more or less energy
    // matches less, so the central saving sits at the top of its interval, not inside it.
    let json = compute_json(std::path::Path::new("examples/deployer-hourly.yaml"));
    let saving = &json["scenarios"][0]["hourly_market_saving"];
    let (low, central, high) = (
        value(saving, "/interval/low"),
        value(saving, "/value"),
        value(saving, "/interval/high"),
    );
    assert!(low < high && high <= central * (1.0 + 1e-9), "{saving}");
    let annual = &json["scenarios"][0]["market_saving"];
    assert!(value(annual, "/interval/low").abs() < 1e-9, "{annual}");
    assert!(value(annual, "/interval/high").abs() < 1e-9, "{annual}");
}

#[test]
fn verifying_a_json_report_says_which_named_file_is_missing() {
    let scratch = Scratch::new("hourly-json-missing");
    let examples = crate::support::root().join("examples");
    std::fs::create_dir_all(scratch.path("hourly")).unwrap();
    for file in [
        "deployer-hourly.yaml",
        "hourly/grid-de-q1.csv",
        "hourly/inference-q1.csv",
        "hourly/ppa-solar-q1.csv",
    ] {
        std::fs::copy(examples.join(file), scratch.path(file)).unwrap();
    }
    let input = scratch.path("deployer-hourly.yaml");
    let report = scratch.path("report.json");
    wattprint([
        "report".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        report.as_os_str(),
    ])
    .expect(0);
    std::fs::remove_file(scratch.path("hourly/grid-de-q1.csv")).unwrap();
    let out = wattprint(["verify".as_ref(), scratch.path("").as_os_str()]).expect(2);
    assert!(
        out.stderr
            .contains("grid-de-q1.csv`, which the disclosure names")
            && out.stderr.contains("`hourly/grid-de-q1.csv` is not there"),
        "{}",
        out.stderr
    );
}
