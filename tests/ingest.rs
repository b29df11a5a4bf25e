//! `wattprint ingest`: telemetry integrated by hand-checkable rules, bad rows named by line, and
//! measurements that paste into a disclosure that validates.

use crate::support::{Scratch, root, wattprint, write_file};
use std::fmt::Write as _;

fn energy_kwh(csv: &str) -> f64 {
    csv.lines()
        .skip(1)
        .map(|l| l.split(',').nth(2).unwrap().parse::<f64>().unwrap())
        .sum()
}

#[test]
fn nvidia_smi_power_is_integrated_per_device_and_day() {
    let output = wattprint([
        "ingest",
        "tests/fixtures/telemetry/nvidia-smi.csv",
        "--format",
        "nvidia-smi",
        "--period",
        "day",
    ])
    .expect(0);
    // GPU 0: 250, 260 … 300 W at one-second steps: 255 + 265 + 275 + 285 + 295 = 1,375 J, of
    // which 520 J before midnight; GPU 1: 300 W × 5 s = 1,500 J, 600 J before midnight; the
    // `[N/A]` reading is skipped. In all 2,875 J = 0.000798611 kWh.
    let lines: Vec<&str> = output.stdout.lines().collect();
    assert_eq!(
        lines[1],
        "0,2026-03-02T00:00:00Z,0.00014444444444444444,0.0005555555555555556,0,0"
    );
    assert!((energy_kwh(&output.stdout) - 2_875.0 / 3.6e6).abs() < 1e-15);
}

#[test]
fn gaps_duplicates_disorder_and_resets_are_handled() {
    let output = wattprint([
        "ingest",
        "tests/fixtures/telemetry/generic.csv",
        "--period",
        "total",
    ])
    .expect(0);
    // 100 W over 0–5 s and 65–66 s: 600 J; the 60 s silence (> 5 × the 1 s median) is not
    // bridged and holds an estimated 6,000 J.
    assert_eq!(
        output.stdout.lines().nth(1).unwrap(),
        "a,total,0.00016666666666666666,0.0016666666666666668,0.016666666666666666,0.0016666666666666668"
    );
    assert!(
        output.stderr.contains("1 duplicate(s)")
            && output.stderr.contains("1 put back in order")
            && output.stderr.contains("1 gap(s)")
    );
    let output = wattprint([
        "ingest",
        "tests/fixtures/telemetry/counter.csv",
        "--period",
        "total",
    ])
    .expect(0);
    // 100 J, 200 J, a reset counting 40 J since, 100 J: 440 J.
    assert!((energy_kwh(&output.stdout) - 440.0 / 3.6e6).abs() < 1e-15);
    assert!(output.stderr.contains("1 counter reset(s)"));
}

#[test]
fn a_bad_reading_is_named_with_its_line() {
    let scratch = Scratch::new("ingest-bad");
    let log = scratch.path("log.csv");
    write_file(
        &log,
        "timestamp,device,power_w\n2026-01-01T00:00:00Z,a,100\n2026-01-01T00:00:01Z,a,-5\n",
    );
    let output = wattprint(["ingest".as_ref(), log.as_os_str()]).expect(2);
    assert!(
        output
            .stderr
            .contains("log.csv:3: the reading `-5` is negative, not finite, or above the 10⁹ W"),
        "{}",
        output.stderr
    );
    std::io::Write::write_all(
        &mut std::fs::File::create(&log).unwrap(),
        b"timestamp,device,power_w\n1767225601,a,100\n1767225602,\xff,100\n",
    )
    .unwrap();
    let output = wattprint(["ingest".as_ref(), log.as_os_str()]).expect(2);
    assert!(
        output
            .stderr
            .contains("log.csv:3: cannot be read: not UTF-8 text"),
        "{}",
        output.stderr
    );
    write_file(&log, "time,watts\n1,2\n");
    let output = wattprint(["ingest".as_ref(), log.as_os_str()]).expect(2);
    assert!(
        output.stderr.contains("no `timestamp` column") && output.stderr.contains("--timestamp"),
        "{}",
        output.stderr
    );
}

#[test]
fn a_device_drawing_more_than_any_accelerator_is_refused_unless_the_bound_is_raised() {
    // NVML reports milliwatts; a logger writing them under `power_w` makes a 312.4 W GPU draw
    // 312,400 W, a report a thousand times too large with exit 0.
    let scratch = Scratch::new("ingest-milliwatts");
    let log = scratch.path("log.csv");
    let mut text = String::from("timestamp,device,power_w\n");
    for t in 0..60 {
        writeln!(text, "2026-01-01T00:00:{t:02}Z,gpu0,300").unwrap();
        writeln!(text, "2026-01-01T00:00:{t:02}Z,gpu1,312400").unwrap();
    }
    write_file(&log, &text);
    let out = scratch.path("out.yaml");
    let output = wattprint([
        "ingest".as_ref(),
        log.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ])
    .expect(2);
    assert!(
        output.stderr.contains(
            "`gpu1` draws 312,400 W on average over the log, more than the 5,000 W a device is held to"
        ) && output.stderr.contains("--max-device-power 200kW"),
        "{}",
        output.stderr
    );
    assert!(!out.exists(), "nothing is written");
    // A rack's PDU may draw that much: the bound is the user's to raise.
    let output = wattprint([
        "ingest".as_ref(),
        log.as_os_str(),
        "--period".as_ref(),
        "total".as_ref(),
        "--max-device-power".as_ref(),
        "400 kW".as_ref(),
    ])
    .expect(0);
    // 312,400 W × 59 s = 18,431,600 J = 5.1199 kWh (hand calculation).
    let gpu1 = output
        .stdout
        .lines()
        .find(|l| l.starts_with("gpu1,"))
        .unwrap();
    let kwh: f64 = gpu1.split(',').nth(2).unwrap().parse().unwrap();
    assert!((kwh - 312_400.0 * 59.0 / 3.6e6).abs() < 1e-9, "{gpu1}");
    let output = wattprint([
        "ingest".as_ref(),
        log.as_os_str(),
        "--max-device-power=0 W".as_ref(),
    ])
    .expect(2);
    assert!(
        output.stderr.contains("not a power above 0"),
        "{}",
        output.stderr
    );
}

/// `measurements`, as `ingest -o x.yaml` writes them, pasted into the minimal disclosure
/// with its reporting period set to `period` and no instruments.
fn pasted(measurements: &str, period: &str) -> String {
    let minimal = std::fs::read_to_string(root().join("tests/fixtures/minimal.yaml")).unwrap();
    let head = &minimal[..minimal.find("measurements:").unwrap()];
    let tail = &minimal[minimal.find("methodology:").unwrap()..];
    format!(
        "{}measurements:\n{}{}",
        head.replace("reporting_period: { start: 2026-01-01, end: 2026-06-30 }", &format!("reporting_period: {period}"))
            .replace("          - { kind: ppa, energy: 20 MWh, factor: 0 gCO2e/kWh, source: PPA statement, energy_source: wind, generation: { start: 2026-01-01, end: 2026-06-30 }, market: DE, cancellation: registry statement }\n", "          []\n"),
        measurements.lines().fold(String::new(), |mut out, l| {
            out.push_str("  ");
            out.push_str(l);
            out.push('\n');
            out
        }),
        tail
    )
}

// The round trips of issue 21: each log, ingested into measurements, pasted into a disclosure
// and computed, gives back exactly the energy integrated by hand.
#[test]
fn measurements_paste_into_a_disclosure_that_computes_the_logs_energy() {
    let scratch = Scratch::new("ingest-yaml");
    // CodeCarbon 3.3.2's energy_consumed ÷ pue of the three runs of the mixed-PUE file.
    let codecarbon = (1.761_674_605_610_393_5e-5
        + (2.268_981_471_093_655e-5 + 2.293_330_934_748_821_3e-5) / 1.3)
        * 3.6e6;
    let cases: [(&str, &[&str], &str, f64); 5] = [
        // 2,875 J: see nvidia_smi_power_is_integrated_per_device_and_day.
        (
            "tests/fixtures/telemetry/nvidia-smi.csv",
            &["--format", "nvidia-smi", "--period", "day"],
            "{ start: 2026-03-01, end: 2026-03-31 }",
            2_875.0,
        ),
        // 20.32885 J: see rapl_counters_wrap_at_their_range.
        (
            "tests/fixtures/telemetry/rapl.csv",
            &["--format", "rapl", "--max-energy-range-uj", "262143328850"],
            "{ start: 2026-01-01, end: 2026-01-31 }",
            20.328_85,
        ),
        // 21,315 J: see a_prometheus_range_query_of_dcgm_power_is_integrated.
        (
            "tests/fixtures/telemetry/dcgm-range.json",
            &["--format", "dcgm-prometheus"],
            "{ start: 2026-01-01, end: 2026-01-31 }",
            21_315.0,
        ),
        (
            "tests/fixtures/formats/codecarbon-3-mixed-pue.csv",
            &["--format", "codecarbon", "--period", "total"],
            "{ start: 2026-11-01, end: 2026-11-30 }",
            codecarbon,
        ),
        (
            "tests/fixtures/formats/codecarbon-3-mixed-pue.csv",
            &["--format", "codecarbon", "--period", "hour"],
            "{ start: 2026-11-01, end: 2026-11-30 }",
            codecarbon,
        ),
    ];
    for (i, (log, args, period, joules)) in cases.iter().enumerate() {
        let out = scratch.path(&format!("m-{i}.yaml"));
        let mut command: Vec<String> = vec!["ingest".to_owned(), (*log).to_owned()];
        command.extend(args.iter().map(|a| (*a).to_owned()));
        command.extend(
            ["--site", "fra", "--model", "main", "-o"]
                .iter()
                .map(|a| (*a).to_owned()),
        );
        command.push(out.display().to_string());
        wattprint(&command).expect(0);
        let disclosure = pasted(&std::fs::read_to_string(&out).unwrap(), period);
        let input = scratch.path(&format!("d-{i}.yaml"));
        write_file(&input, &disclosure);
        let output = wattprint(["validate".as_ref(), input.as_os_str()]).run();
        assert!(
            !output.stdout.contains("error["),
            "{log}\n{disclosure}\n{}",
            output.stdout
        );
        let output = wattprint([
            "compute".as_ref(),
            input.as_os_str(),
            "--format".as_ref(),
            "json".as_ref(),
        ])
        .run();
        let results: serde_json::Value = serde_json::from_str(&output.stdout).unwrap();
        let measured: f64 = results["measurements"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["method"] == "device_telemetry")
            .map(|m| m["measured_energy"]["value"].as_f64().unwrap())
            .sum();
        assert!(
            (measured - joules / 3.6e6).abs() < 1e-12 * (joules / 3.6e6).max(1e-9),
            "{log}: {measured} kWh, expected {}",
            joules / 3.6e6
        );
    }
}

#[test]
fn rapl_counters_wrap_at_their_range() {
    let output = wattprint([
        "ingest",
        "tests/fixtures/telemetry/rapl.csv",
        "--format",
        "rapl",
        "--max-energy-range-uj",
        "262143328850",
        "--period",
        "total",
    ])
    .expect(0);
    // µJ: 262,143,000,000 → 10,000,000 wraps at 262,143,328,850: 10,328,850 µJ; then
    // 10,000,000 µJ more. 20.32885 J in all.
    assert!(
        (energy_kwh(&output.stdout) - 20.328_85 / 3.6e6).abs() < 1e-12,
        "{}",
        output.stdout
    );
}

#[test]
fn a_prometheus_range_query_of_dcgm_power_is_integrated() {
    let output = wattprint([
        "ingest",
        "tests/fixtures/telemetry/dcgm-range.json",
        "--format",
        "dcgm-prometheus",
        "--period",
        "total",
    ])
    .expect(0);
    // GPU 0: (400.5 + 410.5) ÷ 2 × 15 + (410.5 + 420.5) ÷ 2 × 15 = 12,315 J; GPU 1: 300 W × 30 s
    // = 9,000 J (hand calculation).
    assert!(
        output
            .stdout
            .contains("node-1:gpu0,total,0.0034208333333333335"),
        "{}",
        output.stdout
    );
    assert!((energy_kwh(&output.stdout) - 21_315.0 / 3.6e6).abs() < 1e-12);
}

#[test]
fn dcgm_text_exposition_is_read_and_counters_win_over_power() {
    let output = wattprint([
        "ingest",
        "tests/fixtures/telemetry/dcgm-federate.txt",
        "--format",
        "dcgm-prometheus",
        "--period",
        "total",
    ])
    .expect(0);
    // GPU 0 has both metrics: its counter, 1,000,000 → 13,012,500 mJ, gives 12,012.5 J and its
    // three power samples are left out; GPU 1: 300 W × 30 s = 9,000 J; the temperature metric
    // is ignored (hand calculation).
    assert!(
        output
            .stdout
            .contains("node-1:gpu0,total,0.0033368055555555555,"),
        "{}",
        output.stdout
    );
    assert!((energy_kwh(&output.stdout) - 21_012.5 / 3.6e6).abs() < 1e-12);
    assert!(output.stderr.contains("3 power reading(s) left out"));
}

#[test]
fn a_scrape_without_timestamps_is_refused_with_its_line() {
    let output = wattprint([
        "ingest",
        "tests/fixtures/telemetry/dcgm-scrape-no-time.txt",
        "--format",
        "dcgm-prometheus",
    ])
    .expect(2);
    assert!(
        output.stderr.contains("dcgm-scrape-no-time.txt:3")
            && output.stderr.contains("has no timestamp")
            && output.stderr.contains("/federate"),
        "{}",
        output.stderr
    );
}

#[test]
fn an_nvidia_smi_energy_column_is_read_in_its_header_unit() {
    let output = wattprint([
        "ingest",
        "tests/fixtures/telemetry/nvidia-smi-energy.csv",
        "--format",
        "nvidia-smi",
        "--period",
        "total",
    ])
    .expect(0);
    // GPU 0: 1,000,000 → 1,520,000 mJ = 520 J from its counter (its power says 500 J); GPU 1
    // has no counter (`[N/A]`): 300 W × 1 s = 300 J (hand calculation).
    assert!(output.stdout.contains("0,total,0.00014444444444444444,"));
    assert!((energy_kwh(&output.stdout) - 820.0 / 3.6e6).abs() < 1e-15);
    assert!(output.stderr.contains("3 power reading(s) left out"));
}

#[test]
fn codecarbon_runs_are_spread_over_their_hours() {
    let output = wattprint([
        "ingest",
        "tests/fixtures/telemetry/codecarbon-runs.csv",
        "--format",
        "codecarbon",
        "--period",
        "hour",
    ])
    .expect(0);
    // run-a: 1.2 kWh with PUE 1.2 is 1 kWh of IT energy from 00:30 to 01:30, half in each
    // hour; run-b: 0.25 kWh from 02:00 to 02:10 (hand calculation).
    assert_eq!(
        output.stdout,
        "device,period,energy_kwh,covered_h,missing_h,gap_estimate_kwh\r\n\
         chat/run-a,2026-03-03T00:00:00Z,0.5,0.5,0,0\r\n\
         chat/run-a,2026-03-03T01:00:00Z,0.5,0.5,0,0\r\n\
         chat/run-b,2026-03-03T02:00:00Z,0.25,0.16666666666666666,0,0\r\n"
    );
}

/// Attack of 2026-12-03 (helper 73): a run's cumulative rows (a tracker that saves as it goes)
/// were kept as one total spread evenly over the run, and a restart under one id over the days
/// between.
#[test]
fn a_codecarbon_runs_cumulative_rows_say_when_its_energy_fell() {
    let scratch = Scratch::new("codecarbon-rows");
    // The CSV `ingest --format codecarbon --period PERIOD` writes of a file of these rows.
    let ingested = |name: &str, rows: &str, period: &str| {
        let path = scratch.path(name);
        write_file(
            &path,
            &format!(
                "timestamp,project_name,run_id,duration,emissions,energy_consumed,country_iso_code,pue\n{rows}"
            ),
        );
        wattprint([
            "ingest",
            path.to_str().unwrap(),
            "--format",
            "codecarbon",
            "--period",
            period,
        ])
        .expect(0)
        .stdout
    };
    // 0.1 kWh by the end of day one, 2 kWh by the end of day two: 0.1 and 1.9 kWh.
    assert_eq!(
        ingested(
            "flushed.csv",
            "2026-01-02T00:00:00,p,r1,86400,0.04,0.1,DEU,1\n2026-01-03T00:00:00,p,r1,172800,0.8,2,DEU,1\n",
            "day"
        ),
        "device,period,energy_kwh,covered_h,missing_h,gap_estimate_kwh\r\n\
         p/r1,2026-01-01T00:00:00Z,0.1,24,0,0\r\n\
         p/r1,2026-01-02T00:00:00Z,1.9,24,0,0\r\n"
    );
    // Helper 75: a `flush()` and a `stop()` in one second, written to the second, are one
    // reading of the run's counter, the later's: 0.2001 kWh, not two counters under one name.
    let same_second = ingested(
        "same-second.csv",
        "2026-01-01T11:00:00,p,r1,3600.2,0.04,0.1,DEU,1\n2026-01-01T12:00:00,p,r1,7200.1,0.08,0.2,DEU,1\n2026-01-01T12:00:00,p,r1,7200.6,0.08,0.2001,DEU,1\n",
        "total",
    );
    assert!(
        (energy_kwh(&same_second) - 0.2001).abs() < 1e-12,
        "{same_second}"
    );
    // Started again after `stop()` on day three (its duration from zero, its energy on): 1 kWh
    // on day one, none on day two, 1 kWh on day three.
    assert_eq!(
        ingested(
            "restarted.csv",
            "2026-01-01T01:00:00,p,r1,3600,0.4,1,DEU,1\n2026-01-03T01:00:00,p,r1,3600,0.8,2,DEU,1\n",
            "day"
        ),
        "device,period,energy_kwh,covered_h,missing_h,gap_estimate_kwh\r\n\
         p/r1,2026-01-01T00:00:00Z,1,24,0,0\r\n\
         p/r1,2026-01-02T00:00:00Z,0,24,0,0\r\n\
         p/r1,2026-01-03T00:00:00Z,1,1,0,0\r\n"
    );
}

#[test]
fn a_real_codecarbon_file_ingests_to_its_it_energy() {
    let output = wattprint([
        "ingest",
        "tests/fixtures/formats/codecarbon-3.csv",
        "--format",
        "codecarbon",
        "--period",
        "total",
    ])
    .expect(0);
    // Two runs of CodeCarbon 3.3.2 with PUE 1.2: (2.172048832877785e-05 +
    // 2.1733058006462193e-05) kWh ÷ 1.2.
    let expected = (2.172_048_832_877_785e-5 + 2.173_305_800_646_219_3e-5) / 1.2;
    assert!((energy_kwh(&output.stdout) - expected).abs() < 1e-15);
    assert_eq!(output.stdout.lines().count(), 3);
}

#[test]
fn a_timestamp_a_thousand_years_off_is_refused_not_spread() {
    // Found by the `ingest` fuzz target: two RAPL samples 1,000 years apart would fill
    // 8.8 million hourly periods and exhaust memory. Timestamps now end in 2262, where
    // nanoseconds since 1970 leave an i64; 200 years still fill 1.75 million hours.
    let output = wattprint([
        "ingest",
        "tests/fixtures/telemetry/fuzz-thousand-years.csv",
        "--format",
        "rapl",
        "--period",
        "hour",
    ])
    .expect(2);
    assert!(
        output.stderr.contains(
            "the samples of `package-0` from 2026-01-01T00:00:00Z to 2226-01-01T00:00:02Z fill more than 1000000 reporting periods"
        ) && output.stderr.contains("a wrong year"),
        "{}",
        output.stderr
    );
}

#[test]
fn a_counter_above_its_wrap_range_is_refused() {
    // Found by the `ingest` fuzz target: a reading above max_energy_range_uj, then a lower
    // one, gave a negative energy; it was then read as a reset. Review of 2026-12-02: a
    // counter cannot read above the range it wraps at, and one that does is a domain wrapping
    // at another range (a Xeon's `dram` at a quarter of its package's, given one range for
    // both), whose wrap read as a reset loses energy: it is refused.
    let output = wattprint([
        "ingest",
        "tests/fixtures/telemetry/fuzz-above-range.csv",
        "--format",
        "rapl",
        "--max-energy-range-uj",
        "262143328850",
        "--period",
        "total",
    ])
    .expect(2);
    assert!(
        output.stderr.contains(
            "the counter of `package-0` reads 262,143,000,003,000,000 µJ at 2026-01-01T00:00:00Z, above the range of 262,143,328,850 µJ"
        ),
        "{}",
        output.stderr
    );
    // A package and its memory, each given its range: the package wraps at 262,143 J and the
    // memory at 65,713 J; 2,500 J every 10 s for 30 s is 7,500 J, and 20 J every 10 s is 60 J.
    let scratch = Scratch::new("ingest-ranges");
    let mut rows = vec!["timestamp,domain,energy_uj".to_owned()];
    for step in 0..4_u64 {
        let t = 1_767_225_600 + 10 * step;
        let package = (259_643_328_850 + 2_500_000_000 * step) % 262_143_328_850;
        let dram = (65_692_999_613 + 20_000_000 * step) % 65_712_999_613;
        rows.push(format!("{t},package-0,{package}"));
        rows.push(format!("{t},dram,{dram}"));
    }
    let log = rows.join("\n") + "\n";
    close_to(
        ingested(
            &scratch,
            "ranges.csv",
            &log,
            &[
                "--format",
                "rapl",
                "--max-energy-range-uj",
                "262143328850",
                "--max-energy-range-uj",
                "dram=65712999613",
            ],
        ),
        7_560.0,
    );
    // One range for both: dram's wrap is read against the package's, and refused as a dip.
    assert!(
        ingested(
            &scratch,
            "one-range.csv",
            &log,
            &["--format", "rapl", "--max-energy-range-uj", "262143328850"],
        )
        .is_err()
    );
    // A domain mistyped, and one given two ranges (the review of 2026-12-02: the first was
    // ignored, the second silently read by its first range).
    let mistyped = ingested(
        &scratch,
        "mistyped.csv",
        &log,
        &[
            "--format",
            "rapl",
            "--max-energy-range-uj",
            "dramm=65712999613",
        ],
    )
    .unwrap_err();
    assert!(
        mistyped.contains("--max-energy-range-uj names `dramm`, which no domain of the log is")
            && mistyped.contains("the log's domains: dram, package-0"),
        "{mistyped}"
    );
    let twice = ingested(
        &scratch,
        "twice.csv",
        &log,
        &[
            "--format",
            "rapl",
            "--max-energy-range-uj",
            "dram=65712999613",
            "--max-energy-range-uj",
            "dram=262143328850",
        ],
    )
    .unwrap_err();
    assert!(
        twice.contains("--max-energy-range-uj gives `dram` two ranges"),
        "{twice}"
    );
}

/// A one-hour log at 250 W, one reading a second, with `stamp(t)` and `value` in each row.
fn hour_at_250_w(stamp: impl Fn(u64) -> String, value: &str, newest_first: bool) -> String {
    let mut rows: Vec<String> = (0..=3600)
        .map(|t| format!("{},gpu0,{value}", stamp(t)))
        .collect();
    if newest_first {
        rows.reverse();
    }
    format!("timestamp,device,power_w\n{}\n", rows.join("\n"))
}

// Issue 21: readings written with their unit, or timestamps in milliseconds, microseconds or
// nanoseconds, give the same 0.25 kWh (250 W for one hour) as plain watts and seconds.
#[test]
fn units_and_epochs_give_the_same_energy() {
    let scratch = Scratch::new("ingest-units");
    let seconds = |t: u64| (1_767_225_600 + t).to_string();
    let logs = [
        hour_at_250_w(seconds, "250", false),
        hour_at_250_w(seconds, "250 W", false),
        hour_at_250_w(seconds, "250000 mW", false),
        hour_at_250_w(seconds, "0.25 kW", false),
        hour_at_250_w(|t| ((1_767_225_600 + t) * 1_000).to_string(), "250", false),
        hour_at_250_w(
            |t| ((1_767_225_600 + t) * 1_000_000_000).to_string(),
            "250",
            false,
        ),
    ];
    for (i, text) in logs.iter().enumerate() {
        let log = scratch.path(&format!("log-{i}.csv"));
        write_file(&log, text);
        let output = wattprint([
            "ingest".as_ref(),
            log.as_os_str(),
            "--period".as_ref(),
            "total".as_ref(),
        ])
        .expect(0);
        assert!(
            (energy_kwh(&output.stdout) - 0.25).abs() < 1e-12,
            "log {i}: {}",
            output.stdout
        );
    }
}

// Issue 21: what would give a wrong or empty figure with exit 0 is refused, naming the line.
#[test]
fn logs_that_would_give_wrong_figures_are_refused() {
    let scratch = Scratch::new("ingest-refused");
    let seconds = |t: u64| (1_767_225_600 + t).to_string();
    let cases = [
        (
            hour_at_250_w(seconds, "250", true),
            vec![],
            "log-0.csv:259: 3344 reading(s), the first on this line, come more than 256 readings after later ones",
        ),
        (
            hour_at_250_w(seconds, "250 V", false),
            vec![],
            "log-1.csv:2: `250 V` is in `V`, which is not a unit of power",
        ),
        (
            hour_at_250_w(seconds, "1e308", false),
            vec![],
            "log-2.csv:2: the reading `1e308` is negative, not finite, or above the 10⁹ W",
        ),
        (
            "timestamp,device,power_w\n1767225600,\"gpu0,250\n1767225601,gpu0,250\n".to_owned(),
            vec![],
            "log-3.csv:2: cannot be read: a quote opened on this line is not closed on it",
        ),
        (
            "timestamp,device,power_w\n1767225600,gpu0,250\n1767225600,gpu0,250\n".to_owned(),
            vec![],
            "log-4.csv: no energy could be integrated from 2 reading(s)",
        ),
        // Two series under one name (review, 2026-12-01): four H100s at 300 W and four at
        // 100 W read by their model name gave a quarter of their 1.6 kWh, the rest "duplicates".
        (
            {
                let rows: String = (0..=60)
                    .flat_map(|minute| {
                        (0..8).map(move |gpu| {
                            let watts = if gpu < 4 { "300.00 W" } else { "100.00 W" };
                            format!(
                                "2026/01/01 {:02}:{:02}:00.000, NVIDIA H100 80GB HBM3, {gpu}, {watts}\n",
                                minute / 60,
                                minute % 60
                            )
                        })
                    })
                    .collect();
                format!("timestamp, name, index, power.draw [W]\n{rows}")
            },
            vec!["--format", "nvidia-smi", "--device", "name"],
            "log-5.csv:6: `NVIDIA H100 80GB HBM3` has two power readings at 2026-01-01T00:00:00Z that differ (300 W and 100 W), the second on this line",
        ),
        // The same once the first of the pair has been integrated.
        (
            {
                let rows = (0..300).fold(String::new(), |mut rows, t| {
                    let _ = writeln!(rows, "{},gpu0,250", 1_767_225_600 + t);
                    rows
                });
                // Times 0 to 43 s have left the 256 readings' window.
                format!("timestamp,device,power_w\n{rows}1767225643,gpu0,100\n")
            },
            vec![],
            "log-6.csv:302: `gpu0` has two power readings at 2026-01-01T00:00:43Z that differ (250 W and 100 W)",
        ),
        // nvidia-smi's local times across the end of summer time (review, 2026-12-01): 02:00
        // to 02:59 come twice, and the second hour was left out as repeats, 0.9 of 1.2 kWh.
        (
            {
                let minutes = (0..180).chain(120..240);
                let rows = minutes.fold(String::new(), |mut rows, minute| {
                    let _ = writeln!(
                        rows,
                        "2026/10/25 {:02}:{:02}:00.000, 0, 300.00 W",
                        minute / 60,
                        minute % 60
                    );
                    rows
                });
                format!("timestamp, index, power.draw [W]\n{rows}")
            },
            vec!["--format", "nvidia-smi"],
            "log-7.csv:182: the times go back by 59 min on this line, and they have no zone",
        ),
        (
            hour_at_250_w(seconds, "250", false),
            vec!["--gap-factor", "0"],
            "`0` is not a finite number above 0",
        ),
        (
            hour_at_250_w(seconds, "250", false),
            vec!["--gap-factor", "NaN"],
            "`NaN` is not a finite number above 0",
        ),
    ];
    for (i, (text, extra, message)) in cases.iter().enumerate() {
        let log = scratch.path(&format!("log-{i}.csv"));
        write_file(&log, text);
        let mut args = vec![log.display().to_string()];
        args.insert(0, "ingest".to_owned());
        args.extend(extra.iter().map(|a| (*a).to_owned()));
        let output = wattprint(&args).expect(2);
        assert!(
            output.stderr.contains(message),
            "case {i}: {}",
            output.stderr
        );
    }
}

// A log copied while nvidia-smi wrote it (attack, 2026-12-01): the counter's last reading,
// cut from 123456000 mJ to 123456, read as a reset and counted 123 J again, exit 0.
#[test]
fn a_log_cut_short_is_refused() {
    let scratch = Scratch::new("ingest-cut-short");
    let whole = "timestamp, index, energy [mJ]\n\
                 2026/01/01 00:00:00.000, 0, 123000000\n\
                 2026/01/01 00:00:01.000, 0, 123456000\n";
    let nvidia_smi = ["--format", "nvidia-smi"];
    let cut = ingested(&scratch, "cut.csv", &whole[..whole.len() - 4], &nvidia_smi).unwrap_err();
    assert!(
        cut.contains("cut.csv:3: the last line has no line break"),
        "{cut}"
    );
    assert!(cut.contains("end it with a line break"), "{cut}");
    let joules = ingested(&scratch, "whole.csv", whole, &nvidia_smi).unwrap();
    assert!((joules - 456.0).abs() < 1e-9, "{joules} J");
}

// Issue 21: CodeCarbon runs ingested as measurements keep their project, CodeCarbon version and
// run ids, say how their energy was spread, count runs (not readings), and take the phase and
// boundary given; the file is named without its folders.
#[test]
fn codecarbon_measurements_say_what_the_runs_were() {
    let scratch = Scratch::new("ingest-codecarbon-yaml");
    let out = scratch.path("m.yaml");
    let log = root().join("tests/fixtures/formats/codecarbon-3-mixed-pue.csv");
    wattprint([
        "ingest".as_ref(),
        log.as_os_str(),
        "--format".as_ref(),
        "codecarbon".as_ref(),
        "--period".as_ref(),
        "total".as_ref(),
        "--phase".as_ref(),
        "fine-tuning".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
    ])
    .expect(0);
    let text = std::fs::read_to_string(&out).unwrap();
    for expected in [
        "from codecarbon-3-mixed-pue.csv (3 run(s))",
        "phase: fine_tuning",
        "boundary: [host]",
        "codecarbon-3-mixed-pue.csv of wattprint-mixed-pue: CodeCarbon 3.3.2, each run's IT energy (energy_consumed ÷ pue) spread over its duration; run(s) ",
    ] {
        assert!(text.contains(expected), "{expected}\n{text}");
    }
    assert!(!text.contains("trapezoid"), "{text}");
    assert!(!text.contains(&root().display().to_string()), "{text}");
    // Σ energy_consumed ÷ pue of the three runs (PUE 1.0, 1.3, 1.3), from the file.
    let expected =
        1.761_674_605_610_393_5e-5 + (2.268_981_471_093_655e-5 + 2.293_330_934_748_821_3e-5) / 1.3;
    let value: f64 = text
        .split("value: ")
        .nth(1)
        .and_then(|v| v.split(' ').next())
        .unwrap()
        .parse()
        .unwrap();
    assert!((value - expected).abs() < 1e-15, "{value} vs {expected}");
    let out = scratch.path("rapl.yaml");
    wattprint([
        "ingest",
        "tests/fixtures/telemetry/rapl.csv",
        "--format",
        "rapl",
        "--max-energy-range-uj",
        "262143328850",
        "--boundary",
        "host,storage",
        "-o",
        out.to_str().unwrap(),
    ])
    .expect(0);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("boundary: [host, storage]"), "{text}");
    assert!(
        text.contains("RAPL energy counters by differences"),
        "{text}"
    );
}

// The review of issue 21: a header's unit that is not one of the column's kind is refused,
// never read as watts or joules; a log without a device column whose readings share times is
// refused as the log of several devices it looks like.
#[test]
fn header_units_and_missing_device_columns_are_refused() {
    let scratch = Scratch::new("ingest-headers");
    let cases = [
        (
            "timestamp,device,power_w [kw]\n1767225600,a,0.25\n1767225601,a,0.25\n",
            "the column `power_w [kw]` is in `kw`, which is not a unit of power",
        ),
        (
            "timestamp,device,energy_j [nJ]\n1767225600,a,1\n1767225601,a,2\n",
            "the column `energy_j [nJ]` is in `nJ`, which is not a unit of energy",
        ),
        (
            "timestamp,gpu,power_w\n1767225600,0,100\n1767225600,1,150\n1767225601,0,100\n1767225601,1,150\n",
            "it looks like a log of several devices",
        ),
    ];
    for (i, (text, message)) in cases.iter().enumerate() {
        let log = scratch.path(&format!("log-{i}.csv"));
        write_file(&log, text);
        let output = wattprint(["ingest".as_ref(), log.as_os_str()]).expect(2);
        assert!(
            output.stderr.contains(message),
            "case {i}: {}",
            output.stderr
        );
    }
    // A header that names a unit of the right kind is read in it: 0.25 kW for 1 s is 250 J.
    let log = scratch.path("kw.csv");
    write_file(
        &log,
        "timestamp,device,power_w [kW]\n1767225600,a,0.25\n1767225601,a,0.25\n",
    );
    let output = wattprint([
        "ingest".as_ref(),
        log.as_os_str(),
        "--period".as_ref(),
        "total".as_ref(),
    ])
    .expect(0);
    assert!((energy_kwh(&output.stdout) - 250.0 / 3.6e6).abs() < 1e-15);
}

// The review of issue 21: Prometheus orders a range query's series by label, so one GPU split
// over two series (a pod label that changed), the later listed first, is read in time order:
// 100 W each second from 0 to 599 s is 59,900 J. A "NaN" point is not available, not an error.
#[test]
fn a_range_query_is_read_in_time_order_whatever_its_series_order() {
    let scratch = Scratch::new("ingest-range-order");
    let series = |pod: &str, from: u64, to: u64| {
        let values: Vec<String> = (from..to)
            .map(|t| format!("[{},\"100\"]", 1_767_225_600 + t))
            .collect();
        format!(
            "{{\"metric\":{{\"__name__\":\"DCGM_FI_DEV_POWER_USAGE\",\"Hostname\":\"node-1\",\"gpu\":\"0\",\"pod\":\"{pod}\"}},\"values\":[{}]}}",
            values.join(",")
        )
    };
    let json = format!(
        "{{\"status\":\"success\",\"data\":{{\"resultType\":\"matrix\",\"result\":[{},{},{}]}}}}",
        series("b", 300, 600),
        series("a", 0, 300),
        "{\"metric\":{\"__name__\":\"DCGM_FI_DEV_POWER_USAGE\",\"Hostname\":\"node-2\",\"gpu\":\"0\"},\"values\":[[1767225600,\"NaN\"]]}"
    );
    let log = scratch.path("range.json");
    write_file(&log, &json);
    let output = wattprint([
        "ingest".as_ref(),
        log.as_os_str(),
        "--format".as_ref(),
        "dcgm-prometheus".as_ref(),
        "--period".as_ref(),
        "total".as_ref(),
    ])
    .expect(0);
    assert!(
        (energy_kwh(&output.stdout) - 59_900.0 / 3.6e6).abs() < 1e-12,
        "{}",
        output.stdout
    );
    assert!(
        output.stderr.contains("1 not available"),
        "{}",
        output.stderr
    );
}

// The review of issue 21: a site or model named with YAML's own characters reads back as
// written, and the JSON says how the format's energy was had.
#[test]
fn names_and_methods_are_written_as_they_are() {
    let scratch = Scratch::new("ingest-names");
    let out = scratch.path("m.yaml");
    wattprint([
        "ingest",
        "tests/fixtures/telemetry/rapl.csv",
        "--format",
        "rapl",
        "--max-energy-range-uj",
        "262143328850",
        "--site",
        "fra # x",
        "--model",
        "main: 2",
        "-o",
        out.to_str().unwrap(),
    ])
    .expect(0);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.contains("site: \"fra # x\"") && text.contains("model: \"main: 2\""),
        "{text}"
    );
    let json = scratch.path("m.json");
    wattprint([
        "ingest",
        "tests/fixtures/telemetry/rapl.csv",
        "--format",
        "rapl",
        "--max-energy-range-uj",
        "262143328850",
        "-o",
        json.to_str().unwrap(),
    ])
    .expect(0);
    let text = std::fs::read_to_string(&json).unwrap();
    assert!(
        text.contains("RAPL energy counters by differences"),
        "{text}"
    );
    assert!(!text.contains("trapezoid"), "{text}");
}

// The review of issue 21: an energy counter read 400 J low once, at 8 × 10^8 J, was taken for a
// reset and its whole reading added again (800 MJ from 10 s at 300 W). A dip that is neither a
// reset to near zero nor a wrap is refused.
#[test]
fn a_counter_that_dips_is_refused_not_counted_again() {
    let scratch = Scratch::new("ingest-dip");
    let mut rows = vec!["timestamp,device,energy_j".to_owned()];
    for t in 0..=10_u32 {
        let mut joules = 8e8 + 300.0 * f64::from(t);
        if t == 5 {
            joules -= 400.0 + 300.0 * 5.0;
        }
        rows.push(format!("{},a,{joules}", 1_767_225_600 + t));
    }
    let log = scratch.path("dip.csv");
    write_file(&log, &(rows.join("\n") + "\n"));
    let output = wattprint(["ingest".as_ref(), log.as_os_str()]).expect(2);
    assert!(
        output
            .stderr
            .contains("the energy counter of `a` went down between 2026-01-01T00:00:04Z and 2026-01-01T00:00:05Z"),
        "{}",
        output.stderr
    );
}

// The review of issue 21: GPU 0's counter covers 5 of its 20 s of power readings, and GPU 1
// has a single counter reading; each is read from what covers more of the log: 250 W × 20 s =
// 5,000 J and 300 W × 20 s = 6,000 J.
#[test]
fn a_counter_covering_less_than_the_power_is_not_read_instead() {
    let scratch = Scratch::new("ingest-partial-counter");
    let mut rows = vec!["timestamp,device,power_w,energy_j".to_owned()];
    for t in 0..=20_u32 {
        let counter = if t <= 5 {
            format!("{}", 250 * t)
        } else {
            String::new()
        };
        rows.push(format!("{},0,250,{counter}", 1_767_225_600 + t));
        let single = if t == 0 { "0" } else { "" };
        rows.push(format!("{},1,300,{single}", 1_767_225_600 + t));
    }
    let log = scratch.path("partial.csv");
    write_file(&log, &(rows.join("\n") + "\n"));
    let output = wattprint([
        "ingest".as_ref(),
        log.as_os_str(),
        "--period".as_ref(),
        "total".as_ref(),
    ])
    .expect(0);
    assert!(
        (energy_kwh(&output.stdout) - 11_000.0 / 3.6e6).abs() < 1e-12,
        "{}",
        output.stdout
    );
    assert!(
        output.stderr.contains("energy counter reading(s) left out"),
        "{}",
        output.stderr
    );
}

/// The first measurement's energy in measurement YAML, in its unit (kWh).
fn first_value(yaml: &str) -> f64 {
    yaml.split("value: ")
        .nth(1)
        .and_then(|v| v.split(' ').next())
        .unwrap()
        .parse()
        .unwrap()
}

/// The measurement YAML `ingest --format rapl --period total` writes for a log of `zones`
/// counting their watts for 10 s.
fn rapl_yaml(scratch: &Scratch, zones: &[(&str, u32)]) -> String {
    let mut rows = vec!["timestamp,domain,energy_uj".to_owned()];
    for t in 0..=10_u32 {
        for (zone, watts) in zones {
            rows.push(format!(
                "{},{zone},{}",
                1_767_225_600 + t,
                u64::from(watts * t) * 1_000_000
            ));
        }
    }
    let log = scratch.path("rapl.csv");
    write_file(&log, &(rows.join("\n") + "\n"));
    let out = scratch.path("m.yaml");
    wattprint([
        "ingest".as_ref(),
        log.as_os_str(),
        "--format".as_ref(),
        "rapl".as_ref(),
        "--period".as_ref(),
        "total".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
    ])
    .expect(0);
    std::fs::read_to_string(&out).unwrap()
}

// The review of issue 21: RAPL's `core` domain lies inside `package-0`, so the measurement adds
// package and DRAM only (600 + 100 J, not 1,100 J); and a counter read across a silence counts
// what the device counted in it exactly (50 J/s from 0 to 79 s is 3,950 J), never as a gap.
#[test]
fn rapl_domains_are_counted_once_and_counters_bridge_silences() {
    let scratch = Scratch::new("ingest-rapl-nested");
    let text = rapl_yaml(&scratch, &[("package-0", 60), ("core", 40), ("dram", 10)]);
    assert!((first_value(&text) - 700.0 / 3.6e6).abs() < 1e-15, "{text}");
    assert!(
        text.contains("core left out, inside the domains counted"),
        "{text}"
    );

    let mut rows = vec!["timestamp,domain,energy_uj".to_owned()];
    for t in (0..10_u32).chain(70..80) {
        rows.push(format!(
            "{},package-0,{}",
            1_767_225_600 + t,
            u64::from(50 * t) * 1_000_000
        ));
    }
    let log = scratch.path("gap.csv");
    write_file(&log, &(rows.join("\n") + "\n"));
    let output = wattprint([
        "ingest".as_ref(),
        log.as_os_str(),
        "--format".as_ref(),
        "rapl".as_ref(),
        "--period".as_ref(),
        "total".as_ref(),
    ])
    .expect(0);
    assert!(
        (energy_kwh(&output.stdout) - 3_950.0 / 3.6e6).abs() < 1e-15,
        "{}",
        output.stdout
    );
}

// The review of issue 21: with --period total, each CodeCarbon project's measurement covers its
// own runs' days, not the whole file's, and ids carry the log's name so that two logs pasted
// into one disclosure do not clash.
#[test]
fn each_project_keeps_its_own_days() {
    let scratch = Scratch::new("ingest-project-days");
    let text =
        std::fs::read_to_string(root().join("tests/fixtures/formats/codecarbon-3-mixed-pue.csv"))
            .unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    lines[1] = lines[1]
        .replace("wattprint-mixed-pue", "alpha")
        .replace("2026-11-30T", "2026-11-10T");
    for line in &mut lines[2..] {
        *line = line.replace("wattprint-mixed-pue", "beta");
    }
    let log = scratch.path("runs.csv");
    write_file(&log, &(lines.join("\n") + "\n"));
    let out = scratch.path("m.yaml");
    wattprint([
        "ingest".as_ref(),
        log.as_os_str(),
        "--format".as_ref(),
        "codecarbon".as_ref(),
        "--period".as_ref(),
        "total".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
    ])
    .expect(0);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.contains("- id: runs-1")
            && text.contains("period: { start: 2026-11-10, end: 2026-11-10 }")
            && text.contains("- id: runs-2")
            && text.contains("period: { start: 2026-11-30, end: 2026-11-30 }"),
        "{text}"
    );
}

/// What ingesting `text` with `args` gives: the energy in J, or the error printed.
fn ingested(scratch: &Scratch, name: &str, text: &str, args: &[&str]) -> Result<f64, String> {
    let log = scratch.path(name);
    write_file(&log, text);
    let mut command = vec![
        "ingest".to_owned(),
        log.display().to_string(),
        "--period".to_owned(),
        "total".to_owned(),
    ];
    command.extend(args.iter().map(|a| (*a).to_owned()));
    let output = wattprint(&command).run();
    if output.code == 0 {
        Ok(energy_kwh(&output.stdout) * 3.6e6)
    } else {
        Err(output.stderr)
    }
}

/// Asserts that ingesting gave `joules`, to a µJ.
fn close_to(got: Result<f64, String>, joules: f64) {
    match got {
        Ok(j) => assert!((j - joules).abs() < 1e-6, "{j} J, expected {joules}"),
        Err(e) => panic!("{e}"),
    }
}

// The second review of issue 21: units named in parentheses or as a name's last word, GPUs
// named by uuid, DCGM nodes told apart by instance; wraps without a range, fields pushed along
// by a comma and times since a boot are refused. 250 W for 10 s is 2,500 J.
#[test]
fn headers_devices_and_times_as_real_logs_write_them() {
    let scratch = Scratch::new("ingest-real-headers");
    let rows = |header: &str, value: &str| {
        let body: Vec<String> = (0..=10)
            .map(|t| format!("{},a,{value}", 1_767_225_600 + t))
            .collect();
        format!("{header}\n{}\n", body.join("\n"))
    };
    close_to(
        ingested(
            &scratch,
            "p.csv",
            &rows("timestamp,device,power (kW)", "0.25"),
            &["--power", "power"],
        ),
        2_500.0,
    );
    close_to(
        ingested(
            &scratch,
            "s.csv",
            &rows("timestamp,device,power_kw", "0.25"),
            &["--power", "power_kw"],
        ),
        2_500.0,
    );
    let refused = ingested(
        &scratch,
        "m.csv",
        &rows("timestamp,device,power_mw", "250"),
        &["--power", "power_mw"],
    );
    assert!(refused.unwrap_err().contains("is in `mw`"));
    // nvidia-smi queried by uuid: two GPUs a few milliseconds apart, 100 W and 150 W.
    let mut smi = vec!["timestamp, uuid, power.draw [W]".to_owned()];
    for t in 0..=10 {
        smi.push(format!("2026/01/01 00:00:{t:02}.000, GPU-aaa, 100.00 W"));
        smi.push(format!("2026/01/01 00:00:{t:02}.004, GPU-bbb, 150.00 W"));
    }
    close_to(
        ingested(
            &scratch,
            "smi.csv",
            &(smi.join("\n") + "\n"),
            &["--format", "nvidia-smi"],
        ),
        2_500.0,
    );
    // Two nodes' GPU 0 without a Hostname label, 250 W each.
    let mut dcgm = Vec::new();
    for instance in ["10.0.0.5:9400", "10.0.0.6:9400"] {
        for t in 0..=10 {
            dcgm.push(format!(
                "DCGM_FI_DEV_POWER_USAGE{{gpu=\"0\",instance=\"{instance}\"}} 250 {}",
                (1_767_225_600_u64 + t) * 1000
            ));
        }
    }
    close_to(
        ingested(
            &scratch,
            "d.txt",
            &(dcgm.join("\n") + "\n"),
            &["--format", "dcgm-prometheus"],
        ),
        5_000.0,
    );
    // A RAPL counter that wraps, without its range.
    let rapl = "timestamp,domain,energy_uj\n1767225600,package-0,262000000000\n1767225601,package-0,100000000000\n1767225602,package-0,100000100000\n";
    let refused = ingested(&scratch, "r.csv", rapl, &["--format", "rapl"]);
    assert!(refused.unwrap_err().contains("--max-energy-range-uj"));
    // A value split by a thousands separator.
    let refused = ingested(
        &scratch,
        "f.csv",
        &rows("timestamp,device,power_w", "1,234.5"),
        &[],
    );
    assert!(
        refused
            .unwrap_err()
            .contains("the row has a value, `234.5`, in field 4 where the header names 3 field(s)")
    );
    // Milliseconds since the log's start.
    let relative: Vec<String> = (0..=10).map(|t| format!("{},a,250", t * 1000)).collect();
    let refused = ingested(
        &scratch,
        "t.csv",
        &format!("timestamp,device,power_w\n{}\n", relative.join("\n")),
        &[],
    );
    assert!(refused.unwrap_err().contains("is not a timestamp"));
    // A 60th second on a day without a leap second (chrono read it as the next day's first).
    let refused = ingested(
        &scratch,
        "leap.csv",
        "timestamp,device,power_w\n2026-06-30T23:59:59Z,a,250\n2026-06-30T23:59:60Z,a,250\n2026-07-01T00:00:01Z,a,250\n",
        &[],
    );
    assert!(
        refused.unwrap_err().contains(
            "`2026-06-30T23:59:60Z` has a 60th second, which a clock writes only at 23:59:60 UTC on a day that ended in a leap second"
        )
    );
}

// Attack of 2026-12-01, left open then: two machines' logs merged in time order, each with a
// GPU 0, read as one GPU sampled twice as often, its energy their average (300 W and 100 W for
// an hour: 0.4 kWh, exit 0) instead of their sum. nvidia-smi's `uuid` and a host column now
// name each GPU apart; two logs joined with their headers are named as such.
#[test]
fn machines_merged_into_one_log_are_told_apart() {
    let scratch = Scratch::new("ingest-merged-machines");
    // 101 readings a second apart on each machine, the second machine's half a second later:
    // 300 W × 100 s + 100 W × 100 s = 40,000 J.
    let (mut smi, mut long) = (Vec::new(), Vec::new());
    for t in 0..=100 {
        smi.push(format!(
            "2026/01/01 00:{:02}:{:02}.000, 0, GPU-aaa, 300.00 W",
            t / 60,
            t % 60
        ));
        smi.push(format!(
            "2026/01/01 00:{:02}:{:02}.500, 0, GPU-bbb, 100.00 W",
            t / 60,
            t % 60
        ));
        long.push(format!("{},node-a,gpu0,300", 1_767_225_600 + t));
        long.push(format!("{}.5,node-b,gpu0,100", 1_767_225_600 + t));
    }
    let smi = format!(
        "timestamp, index, uuid, power.draw [W]\n{}\n",
        smi.join("\n")
    );
    close_to(
        ingested(&scratch, "smi.csv", &smi, &["--format", "nvidia-smi"]),
        40_000.0,
    );
    let long = format!("timestamp,Hostname,device,power_w\n{}\n", long.join("\n"));
    close_to(ingested(&scratch, "long.csv", &long, &[]), 40_000.0);
    // The devices are named machine first, as the Prometheus reader names them.
    let written = scratch.path("long.csv");
    let output = wattprint(["ingest", written.to_str().unwrap(), "--period", "total"]).expect(0);
    assert!(
        output.stdout.contains("\nnode-a:gpu0,total,")
            && output.stdout.contains("\nnode-b:gpu0,total,"),
        "{}",
        output.stdout
    );
    // A row without its machine cannot be given to either.
    let refused = ingested(
        &scratch,
        "blank.csv",
        &long.replacen(",node-b,", ",,", 1),
        &[],
    );
    assert!(
        refused
            .unwrap_err()
            .contains("blank.csv:3: the row has no host: its `Hostname` is empty"),
    );
    // A uuid nvidia-smi could not read leaves a row without readings not available (an
    // attack of 2026-12-02: it refused the whole log); the second GPU's first row lost, it is
    // read from its second on, 100 W × 99 s. A row with a reading is refused: given to no GPU,
    // the reading would be missing from the total (the review of the same day: a GPU whose
    // uuid was never read vanished from it).
    let lost = smi.replacen("0, GPU-bbb, 100.00 W", "0, [Unknown Error], [N/A]", 1);
    close_to(
        ingested(&scratch, "lost.csv", &lost, &["--format", "nvidia-smi"]),
        39_900.0,
    );
    let unknown = smi.replacen("0, GPU-bbb, 100.00 W", "0, [Unknown Error], 100.00 W", 1);
    assert!(
        ingested(
            &scratch,
            "unknown.csv",
            &unknown,
            &["--format", "nvidia-smi"]
        )
        .unwrap_err()
        .contains("unknown.csv:3: the row has a reading, but its GPU's `uuid` could not be read")
    );
    // Two machines' logs joined one after the other, headers and all.
    let first = "timestamp, index, power.draw [W]\n2026/01/01 00:00:00.000, 0, 300.00 W\n2026/01/01 00:00:01.000, 0, 300.00 W\n";
    let refused = ingested(
        &scratch,
        "joined.csv",
        &format!("{first}{first}"),
        &["--format", "nvidia-smi"],
    );
    assert!(
        refused
            .unwrap_err()
            .contains("joined.csv:4: this line repeats the log's header"),
    );
}

// Left open on 2026-12-02: a counter that never moves reads as no energy. It may be a domain
// that draws nothing (RAPL reads 0 where a processor does not meter one), so it is not refused,
// but a note names it: a stuck logger otherwise passes as an idle device.
#[test]
fn a_device_counting_no_energy_is_named_in_a_note() {
    let scratch = Scratch::new("ingest-stuck-counter");
    let log = scratch.path("stuck.csv");
    write_file(
        &log,
        "timestamp,device,power_w,energy_j\n1767225600,gpu0,,5000\n1767225700,gpu0,,5000\n1767225600,gpu1,200,\n1767225700,gpu1,200,\n1767225600,gpu2,,7\n1767225700,gpu2,,7\n",
    );
    let output = wattprint(["ingest", log.to_str().unwrap(), "--period", "total"]).expect(0);
    assert!(
        output.stderr.contains(
            "note: 2 device(s) counted no energy over the whole log (`gpu0` first): a counter that never moved"
        ),
        "{}",
        output.stderr
    );
    // 200 W for 100 s.
    assert!((energy_kwh(&output.stdout) * 3.6e6 - 20_000.0).abs() < 1e-6);
    let fine = wattprint(["ingest", "tests/fixtures/telemetry/generic.csv"]).expect(0);
    assert!(!fine.stderr.contains("no energy"), "{}", fine.stderr);
}

// An attack of 2026-12-03 (helper 66): a device with one reading left the output without a
// word, and its energy with it.
#[test]
fn a_device_read_at_one_instant_only_is_named_in_a_note() {
    let scratch = Scratch::new("ingest-one-reading");
    let log = scratch.path("one.csv");
    write_file(
        &log,
        "timestamp,device,power_w\n1767225600,a,100\n1767225605,b,300\n1767225610,a,100\n1767225620,a,100\n",
    );
    let output = wattprint(["ingest", log.to_str().unwrap(), "--period", "total"]).expect(0);
    assert!(
        output.stderr.contains(
            "note: 1 device(s) have readings at one instant only (`b` first): no energy can be counted"
        ),
        "{}",
        output.stderr
    );
    // 100 W for 20 s: device a alone.
    assert!((energy_kwh(&output.stdout) * 3.6e6 - 2_000.0).abs() < 1e-6);
    let fine = wattprint(["ingest", "tests/fixtures/telemetry/generic.csv"]).expect(0);
    assert!(!fine.stderr.contains("one instant"), "{}", fine.stderr);
}

// An attack of 2026-12-03 (helper 66): `gpu0` and `GPU0` are two devices as written; where
// they are one device under two spellings its energy is split, so a note names them.
#[test]
fn names_differing_in_case_alone_are_named_in_a_note() {
    let scratch = Scratch::new("ingest-case");
    let log = scratch.path("case.csv");
    write_file(
        &log,
        "timestamp,device,power_w\n1767225600,gpu0,100\n1767225600,GPU0,100\n1767225610,gpu0,100\n1767225610,GPU0,100\n1767225610,gpu1,100\n1767225620,gpu1,100\n1767225600,straße,100\n1767225600,STRASSE,100\n1767225610,straße,100\n1767225610,STRASSE,100\n",
    );
    let output = wattprint(["ingest", log.to_str().unwrap(), "--period", "total"]).expect(0);
    assert!(
        output.stderr.contains(
            "note: 2 device name(s) differ from another in case alone (`GPU0` and `gpu0` first): they are read as separate devices"
        ),
        "{}",
        output.stderr
    );
    // 100 W for 10 s on each of five devices, as written.
    assert!((energy_kwh(&output.stdout) * 3.6e6 - 5_000.0).abs() < 1e-6);
    let fine = wattprint(["ingest", "tests/fixtures/telemetry/generic.csv"]).expect(0);
    assert!(
        !fine.stderr.contains("differ in the case"),
        "{}",
        fine.stderr
    );
}

// The second review: RAPL zones named by sysfs path nest as their names do. Review,
// 2026-12-01: but not every zone inside a package lies inside its energy: `dram` (often
// intel-rapl:0:2, or :0 on servers) is beside it, and only the zone's `name` file says which.
// Measurements that add the domains are refused for zones inside zones named by path; the
// per-domain table is still given, and the same log with the zones' names adds up.
#[test]
fn rapl_zones_inside_zones_named_by_path_are_not_summed() {
    let scratch = Scratch::new("ingest-rapl-sysfs");
    // As zones, as sysfs folders, and as the counters' files.
    for (package, memory) in [
        ("intel-rapl:0", "intel-rapl:0:2"),
        (
            "/sys/class/powercap/intel-rapl:0",
            "/sys/class/powercap/intel-rapl:0/intel-rapl:0:2",
        ),
        ("intel-rapl:0/energy_uj", "intel-rapl:0:2/energy_uj"),
    ] {
        let rows: String = (0..=10_u64)
            .flat_map(|t| {
                [(package, 60), (memory, 6)].map(|(zone, watts)| {
                    format!("{},{zone},{}\n", 1_767_225_600 + t, watts * t * 1_000_000)
                })
            })
            .collect();
        let log = scratch.path("rapl.csv");
        write_file(&log, &format!("timestamp,domain,energy_uj\n{rows}"));
        let out = scratch.path("m.yaml");
        let refused = wattprint([
            "ingest".as_ref(),
            log.as_os_str(),
            "--format".as_ref(),
            "rapl".as_ref(),
            "-o".as_ref(),
            out.as_os_str(),
        ])
        .expect(2);
        assert!(
            refused.stderr.contains(&format!(
                "the domains {package}, {memory} of one machine include `intel-rapl:0:2`, named by its sysfs path"
            )),
            "{}",
            refused.stderr
        );
        assert!(!out.exists());
        wattprint([
            "ingest".as_ref(),
            log.as_os_str(),
            "--format".as_ref(),
            "rapl".as_ref(),
        ])
        .expect(0);
    }
    // Named as sysfs names them, the package's 600 J and the memory's 60 J add up.
    let text = rapl_yaml(&scratch, &[("package-0", 60), ("dram", 6)]);
    assert!(
        text.contains(&format!("value: {} kWh", 660.0 / 3.6e6)),
        "{text}"
    );
}

// Left open by the fourteenth session, 2026-12-02: zones of the top level named by their sysfs
// path were added, yet beside `intel-rapl:0` (the package) a laptop's `intel-rapl:1` is its
// platform, `psys`, which holds the package's energy, and `intel-rapl-mmio:0` the package read
// through MMIO: 60 + 75 W read as 135 W where the machine drew 75. Only the `name` file tells
// them from a second socket's package, so measurements are refused; one zone a machine, on two
// machines, adds up.
#[test]
fn rapl_top_level_zones_named_by_path_are_not_summed() {
    let scratch = Scratch::new("ingest-rapl-top-zones");
    let refused_for = |zones: [&str; 2], host: bool| {
        let rows: String = (0..=10_u64)
            .flat_map(|t| {
                // `node1 intel-rapl:0` is a host and its domain.
                zones.iter().zip([60, 75]).map(move |(zone, watts)| {
                    let zone = zone.replacen(' ', ",", 1);
                    format!("{},{zone},{}\n", 1_767_225_600 + t, watts * t * 1_000_000)
                })
            })
            .collect();
        let header = if host {
            "timestamp,host,domain,energy_uj"
        } else {
            "timestamp,domain,energy_uj"
        };
        let log = scratch.path("rapl.csv");
        write_file(&log, &format!("{header}\n{rows}"));
        let out = scratch.path("m.yaml");
        let _ = std::fs::remove_file(&out);
        let run = wattprint([
            "ingest".as_ref(),
            log.as_os_str(),
            "--format".as_ref(),
            "rapl".as_ref(),
            "--period".as_ref(),
            "total".as_ref(),
            "-o".as_ref(),
            out.as_os_str(),
        ]);
        (run, out, log)
    };
    for (zones, zone) in [
        (["intel-rapl:0", "intel-rapl:1"], "intel-rapl:1"),
        (["intel-rapl:0", "intel-rapl-mmio:0"], "intel-rapl-mmio:0"),
        (
            [
                "/sys/class/powercap/intel-rapl:0/energy_uj",
                "/sys/class/powercap/intel-rapl:1/energy_uj",
            ],
            "intel-rapl:1",
        ),
        // The review of this change: one zone by its path beside one named as `name` names it
        // was added, 60 + 75 W, where `intel-rapl-mmio:0` is `package-0` again; and the
        // second review: a zone inside a package beside the package named (its cores, 135 J
        // on top of its 60), and the first package by its path beside one by its name.
        (["package-0", "intel-rapl-mmio:0"], "intel-rapl-mmio:0"),
        (["package-0", "intel-rapl:1"], "intel-rapl:1"),
        (["package-0", "intel-rapl:0:0"], "intel-rapl:0:0"),
        (["package-0", "intel-rapl:0"], "intel-rapl:0"),
    ] {
        let (run, out, log) = refused_for(zones, false);
        let refused = run.expect(2);
        let mut named = zones;
        named.sort_unstable();
        assert!(
            refused.stderr.contains(&format!(
                "the domains {} of one machine include `{zone}`, named by its sysfs path",
                named.join(", ")
            )),
            "{}",
            refused.stderr
        );
        assert!(
            refused
                .stderr
                .contains(&format!("cat /sys/class/powercap/{zone}/name")),
            "{}",
            refused.stderr
        );
        assert!(!out.exists());
        // Each domain's own energy is still given.
        wattprint([
            "ingest".as_ref(),
            log.as_os_str(),
            "--format".as_ref(),
            "rapl".as_ref(),
        ])
        .expect(0);
    }
    // Two machines of one zone each: two packages, 600 + 750 J.
    let (run, out, _) = refused_for(["node1 intel-rapl:0", "node2 intel-rapl:0"], true);
    run.expect(0);
    let text = std::fs::read_to_string(out).unwrap();
    assert!(
        (first_value(&text) - 1350.0 / 3.6e6).abs() < 1e-15,
        "{text}"
    );
    // Hosts named with a slash (a Kubernetes namespace and pod) are two machines too.
    let (run, ..) = refused_for(["ns1/pod intel-rapl:0", "ns2/pod intel-rapl:0"], true);
    run.expect(0);
    // Two zones on one of the machines are refused again.
    let (run, ..) = refused_for(["node1 intel-rapl:0", "node1 intel-rapl:1"], true);
    let refused = run.expect(2);
    assert!(
        refused
            .stderr
            .contains("the domains node1:intel-rapl:0, node1:intel-rapl:1 of one machine include `intel-rapl:1`"),
        "{}",
        refused.stderr
    );
}

// What cannot count twice adds up, however the zones are named.
#[test]
fn rapl_zones_that_cannot_count_twice_add_up() {
    let scratch = Scratch::new("ingest-rapl-add-up");
    // Named by their `name` files, the laptop's platform stands for the package: 750 J.
    let text = rapl_yaml(&scratch, &[("package-0", 60), ("psys", 75)]);
    assert!((first_value(&text) - 750.0 / 3.6e6).abs() < 1e-15, "{text}");
    // Where nothing can count twice, the second review found them refused: the platform stands
    // for the package whatever its name (750 J), and the first package by its path beside its
    // memory adds up (600 + 750 J).
    let text = rapl_yaml(&scratch, &[("intel-rapl:0", 60), ("psys", 75)]);
    assert!((first_value(&text) - 750.0 / 3.6e6).abs() < 1e-15, "{text}");
    let text = rapl_yaml(&scratch, &[("intel-rapl:0", 60), ("dram", 75)]);
    assert!(
        (first_value(&text) - 1350.0 / 3.6e6).abs() < 1e-15,
        "{text}"
    );
}

// The second review of issue 21: a device column named with --device must be in the log (GPUs
// read at distinct times were one device), and timestamps read as milliseconds are said so.
#[test]
fn a_named_device_column_must_be_there_and_epoch_units_are_said() {
    let scratch = Scratch::new("ingest-named-device");
    let body: Vec<String> = (0..=10)
        .map(|t| format!("{},250", (1_767_225_600_u64 + t) * 1000))
        .collect();
    let text = format!("timestamp,power_w\n{}\n", body.join("\n"));
    let refused = ingested(&scratch, "a.csv", &text, &["--device", "gpu"]);
    assert!(refused.unwrap_err().contains("no `gpu` column"));
    let log = scratch.path("b.csv");
    write_file(&log, &text);
    let output = wattprint(["ingest".as_ref(), log.as_os_str()]).expect(0);
    assert!(
        output
            .stderr
            .contains("the timestamps were read as milliseconds since 1970"),
        "{}",
        output.stderr
    );
}

#[test]
fn names_with_commas_quotes_and_formulas_keep_their_columns_and_stay_inert() {
    let scratch = Scratch::new("ingest-csv-names");
    let log = scratch.path("names.csv");
    write_file(
        &log,
        "timestamp,device,power_w\n\
         2026-01-01T00:00:00Z,\"=HYPERLINK(\"\"http://x\"\")\",100\n\
         2026-01-01T01:00:00Z,\"=HYPERLINK(\"\"http://x\"\")\",100\n\
         2026-01-01T00:00:00Z,\"gpu, 1\",50\n\
         2026-01-01T01:00:00Z,\"gpu, 1\",50\n",
    );
    let out = scratch.path("energy.csv");
    wattprint([
        "ingest".as_ref(),
        log.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ])
    .expect(0);
    let mut reader = csv::Reader::from_path(&out).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    // 100 W and 50 W for an hour: 0.1 and 0.05 kWh, each in its own column.
    let devices: Vec<(&str, &str)> = rows.iter().map(|r| (&r[0], &r[2])).collect();
    assert_eq!(
        devices,
        [("'=HYPERLINK(\"http://x\")", "0.1"), ("gpu, 1", "0.05")]
    );
    assert!(rows.iter().all(|r| r.len() == 6));
}

#[test]
fn a_site_with_a_line_break_cannot_add_a_key() {
    let scratch = Scratch::new("ingest-yaml-site");
    let out = scratch.path("measurements.yaml");
    wattprint([
        "ingest".as_ref(),
        "tests/fixtures/telemetry/generic.csv".as_ref(),
        "--site".as_ref(),
        "fra\n  evil: x".as_ref(),
        "--model".as_ref(),
        "true".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
    ])
    .expect(0);
    let measurements = crate::support::yaml(&std::fs::read_to_string(&out).unwrap());
    let first = &measurements[0];
    assert_eq!(first["site"], "fra\n  evil: x");
    assert_eq!(first["model"], "true");
    assert!(first.get("evil").is_none());
}

#[test]
fn a_log_named_with_a_line_break_cannot_add_yaml() {
    let scratch = Scratch::new("ingest-yaml-name");
    let log = scratch.path("g\n- id: injected\n  phase: training\n#.csv");
    std::fs::copy(root().join("tests/fixtures/telemetry/generic.csv"), &log).unwrap();
    let out = scratch.path("measurements.yaml");
    wattprint([
        "ingest".as_ref(),
        log.as_os_str(),
        "--period".as_ref(),
        "total".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
    ])
    .expect(0);
    let text = std::fs::read_to_string(&out).unwrap();
    let measurements = crate::support::yaml(&text);
    let ids: Vec<&str> = measurements
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert!(!ids.contains(&"injected"), "{text}");
    assert!(text.starts_with("# Measurements integrated by `wattprint ingest` from g\\n- id"));
}

#[test]
fn the_csv_ends_records_in_crlf() {
    let output = wattprint(["ingest", "tests/fixtures/telemetry/generic.csv"]).expect(0);
    // RFC 4180 §2.1: each record ends in CRLF.
    assert!(
        output
            .stdout
            .starts_with("device,period,energy_kwh,covered_h,missing_h,gap_estimate_kwh\r\n")
    );
    assert_eq!(
        output.stdout.matches('\n').count(),
        output.stdout.matches("\r\n").count()
    );
}

// Issue 25: a log ingested by the hour with --profile is one measurement naming its hourly
// file, which a disclosure beside it reads and spreads by the hour.
#[test]
fn a_profile_is_the_hourly_energy_a_disclosure_names() {
    let scratch = Scratch::new("ingest-profile");
    std::fs::create_dir_all(scratch.path("hourly")).unwrap();
    let yaml = scratch.path("m.yaml");
    let profile = scratch.path("hourly/gpus.csv");
    wattprint([
        "ingest".as_ref(),
        "tests/fixtures/telemetry/nvidia-smi.csv".as_ref(),
        "--format".as_ref(),
        "nvidia-smi".as_ref(),
        "--period".as_ref(),
        "hour".as_ref(),
        "--profile".as_ref(),
        profile.as_os_str(),
        "--site".as_ref(),
        "fra".as_ref(),
        "--model".as_ref(),
        "main".as_ref(),
        "-o".as_ref(),
        yaml.as_os_str(),
    ])
    .expect(0);
    let measurements = std::fs::read_to_string(&yaml).unwrap();
    assert_eq!(measurements.matches("- id:").count(), 1, "{measurements}");
    assert!(measurements.contains("hourly: { file: \"hourly/gpus.csv\", sha256: "));
    // The readings run from 23:59:58 on 2 March to 00:00:28 on 3 March: two hours, 2,875 J
    // in all (see nvidia_smi_power_is_integrated_per_device_and_day).
    let csv = std::fs::read_to_string(&profile).unwrap();
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows[0], "hour,energy_kwh");
    assert_eq!(rows.len(), 3, "{csv}");
    assert!(rows[1].starts_with("2026-03-02T23:00:00Z,"));
    assert!(rows[2].starts_with("2026-03-03T00:00:00Z,"));
    let input = scratch.path("d.yaml");
    write_file(
        &input,
        &pasted(&measurements, "{ start: 2026-03-01, end: 2026-03-31 }"),
    );
    let output = wattprint(["validate".as_ref(), input.as_os_str()]).run();
    assert!(!output.stdout.contains("error["), "{}", output.stdout);
    let results = crate::support::compute_json(&input);
    let hourly = &results["sites"][0]["hourly"];
    assert_eq!(hourly["hours"], 2, "{hourly}");
    let facility = results["sites"][0]["facility_energy"]["value"]
        .as_f64()
        .unwrap();
    assert!(crate::support::close(
        hourly["measured_kwh"].as_f64().unwrap(),
        facility
    ));
    // Not the hour: a profile needs --period hour, and the YAML must be able to name it.
    let refused = wattprint([
        "ingest".as_ref(),
        "tests/fixtures/telemetry/nvidia-smi.csv".as_ref(),
        "--format".as_ref(),
        "nvidia-smi".as_ref(),
        "--profile".as_ref(),
        profile.as_os_str(),
    ])
    .expect(2);
    assert!(
        refused.stderr.contains("add --period hour"),
        "{}",
        refused.stderr
    );
    let outside = std::env::temp_dir().join("wattprint-test-outside-profile.csv");
    let refused = wattprint([
        "ingest".as_ref(),
        "tests/fixtures/telemetry/nvidia-smi.csv".as_ref(),
        "--format".as_ref(),
        "nvidia-smi".as_ref(),
        "--period".as_ref(),
        "hour".as_ref(),
        "--profile".as_ref(),
        outside.as_os_str(),
        "-o".as_ref(),
        yaml.as_os_str(),
    ])
    .expect(2);
    assert!(refused.stderr.contains("is not in"), "{}", refused.stderr);
    assert!(
        !outside.exists(),
        "nothing is written when the YAML cannot name the profile"
    );
}

// Review, 2026-12-01, later: a RAPL counter read every 20 minutes at 250 W counts 300 kJ
// between readings, more than its 262 kJ range, so it wrapped twice where once was seen (0.76
// kWh of 6 kWh kept, exit 0); and a GPU whose every power.draw was `[N/A]` vanished from the
// total, its 18,000 J of `.instant` readings beside them never read.
#[test]
fn counters_read_too_seldom_and_devices_never_read_are_refused() {
    let scratch = Scratch::new("ingest-unseen");
    let range_uj = 262_143_328_850_u64;
    let rows: Vec<String> = (0..=6_u64)
        .map(|k| {
            let counted = k * 1_200 * 250 * 1_000_000 % range_uj;
            format!("{},package-0,{counted}", 1_767_225_600 + k * 1_200)
        })
        .collect();
    let log = format!("timestamp,domain,energy_uj\n{}\n", rows.join("\n"));
    let range = range_uj.to_string();
    let refused = ingested(
        &scratch,
        "rapl.csv",
        &log,
        &["--format", "rapl", "--max-energy-range-uj", &range],
    )
    .unwrap_err();
    assert!(
        refused.contains("`package-0` is read 1,200 s apart")
            && refused.contains("may have wrapped more than once"),
        "{refused}"
    );
    // Read every second, the same counter is integrated; the bound is the device's power.
    let rows: Vec<String> = (0..=60_u64)
        .map(|k| format!("{},package-0,{}", 1_767_225_600 + k, k * 250_000_000))
        .collect();
    let log = format!("timestamp,domain,energy_uj\n{}\n", rows.join("\n"));
    let joules = ingested(
        &scratch,
        "rapl-1s.csv",
        &log,
        &["--format", "rapl", "--max-energy-range-uj", &range],
    )
    .unwrap();
    assert!((joules - 15_000.0).abs() < 1e-6, "{joules}");

    let rows: Vec<String> = (0..=60)
        .flat_map(|s| {
            [
                format!("2026/03/03 00:00:{s:02}.000, 0, 250.00 W, 251.00 W"),
                format!("2026/03/03 00:00:{s:02}.000, 1, [N/A], 300.00 W"),
            ]
        })
        .take(120)
        .collect();
    let log = format!(
        "timestamp, index, power.draw [W], power.draw.instant [W]\n{}\n",
        rows.join("\n")
    );
    let refused = ingested(&scratch, "smi.csv", &log, &["--format", "nvidia-smi"]).unwrap_err();
    assert!(
        refused.contains("device `1` is in the log, but none of its readings can be read"),
        "{refused}"
    );
}

// Review, 2026-12-01, later: with `-o` in a folder that is not there, `--profile` was written
// (over an earlier one) before the output failed.
#[test]
fn a_profile_is_not_written_when_the_output_cannot_be() {
    let scratch = Scratch::new("ingest-profile-first");
    let profile = scratch.path("hourly.csv");
    let output = wattprint([
        "ingest".as_ref(),
        "tests/fixtures/telemetry/nvidia-smi.csv".as_ref(),
        "--format".as_ref(),
        "nvidia-smi".as_ref(),
        "--period".as_ref(),
        "hour".as_ref(),
        "--profile".as_ref(),
        profile.as_os_str(),
        "-o".as_ref(),
        scratch.path("missing/measurements.csv").as_os_str(),
    ])
    .run();
    assert_ne!(output.code, 0, "{output:#?}");
    assert!(output.stderr.contains("missing"), "{}", output.stderr);
    assert!(!profile.exists());
}

// nvidia-smi's local times across a clock change, read seldom (review, 2026-12-01, later): read
// every hour, 02:00 comes twice, the second left out as a copy, 2.7 of 3 kWh; read every 15
// minutes across the start of summer time, 01:45 to 03:00 was bridged as 75 minutes, an hour's
// energy added.
#[test]
fn local_times_read_seldom_across_a_clock_change_are_refused() {
    let scratch = Scratch::new("ingest-clock-change");
    let fall_back = ["00", "01", "02", "02", "03"]
        .iter()
        .fold(String::new(), |mut rows, hour| {
            let _ = writeln!(rows, "2026-10-25 {hour}:00:00,gpu0,300");
            rows
        });
    let spring_forward = (0..=105).step_by(15).chain((180..=300).step_by(15)).fold(
        String::new(),
        |mut rows, minute| {
            let _ = writeln!(
                rows,
                "2026-03-29 {:02}:{:02}:00,gpu0,300",
                minute / 60,
                minute % 60
            );
            rows
        },
    );
    let cases = [
        (
            fall_back,
            "back.csv:5: a reading at 2026-10-25 02:00:00 repeats a time already read, or comes before it, and the times have no zone",
        ),
        (
            spring_forward,
            "`gpu0` is read at 2026-03-29 01:45:00 and next at 2026-03-29 03:00:00, an hour later than its usual step",
        ),
    ];
    for ((rows, message), name) in cases.into_iter().zip(["back.csv", "forward.csv"]) {
        let text = format!("timestamp,device,power_w\n{rows}");
        let refused = ingested(&scratch, name, &text, &[]).unwrap_err();
        assert!(refused.contains(message), "{refused}");
        // The same times in UTC are read.
        let utc = text.replace(":00,gpu0", ":00Z,gpu0");
        assert!(ingested(&scratch, name, &utc, &[]).is_ok(), "{name}");
    }
}

// Left open by the fourteenth session: read every hour with another value in the repeated hour
// (a counter always has one), a log was refused as two series under one name.
#[test]
fn local_times_read_seldom_across_the_end_of_summer_time_are_refused_as_such() {
    let scratch = Scratch::new("ingest-clock-back");
    let header = "timestamp,device,power_w,energy_j\n";
    let counter = ["00", "01", "02", "02", "03"]
        .iter()
        .zip([0, 1_000, 2_000, 3_000, 4_000])
        .fold(String::new(), |mut rows, (hour, joules)| {
            let _ = writeln!(rows, "2026-10-25 {hour}:00:00,gpu0,,{joules}");
            rows
        });
    let refused =
        ingested(&scratch, "counter.csv", &format!("{header}{counter}"), &[]).unwrap_err();
    assert!(
        refused.contains(
            "counter.csv:5: a reading at 2026-10-25 02:00:00 repeats a time already read, or comes before it, and the times have no zone"
        ),
        "{refused}"
    );
    // Two series under one name from the start are still told as such.
    let twice =
        format!("{header}2026-10-24 23:00:00,gpu0,100,\n2026-10-24 23:00:00,gpu0,200,\n{counter}");
    let refused = ingested(&scratch, "twice.csv", &twice, &[]).unwrap_err();
    assert!(
        refused.contains("`gpu0` has two power readings at"),
        "{refused}"
    );
    // The review of these fixes: read every hour a few seconds late, the repeated hour's first
    // reading (02:00:01) came before the one it repeats (02:00:04), was put back in order, and an
    // hour was lost, 1.8 of 2.1 kWh; read every 45 minutes, the clock's hour stepped back by 15
    // minutes, under the half hour caught above.
    let late = ["00:00:02", "01:00:03", "02:00:04", "02:00:01", "03:00:02"]
        .iter()
        .fold(String::new(), |mut rows, time| {
            let _ = writeln!(rows, "2026-10-25 {time},gpu0,300");
            rows
        });
    let forty_five = ["00:45", "01:30", "02:15", "02:00", "02:45", "03:30"]
        .iter()
        .fold(String::new(), |mut rows, time| {
            let _ = writeln!(rows, "2026-10-25 {time}:00,gpu0,300");
            rows
        });
    // The second review: the repeated hour read a few seconds later the second time (02:00:02,
    // then 02:00:06) lost an hour, 7.5 of 7.8 kWh.
    let later = [
        "00:00:01", "01:00:02", "02:00:02", "02:00:06", "03:00:03", "04:00:01",
    ]
    .iter()
    .fold(String::new(), |mut rows, time| {
        let _ = writeln!(rows, "2026-10-25 {time},gpu0,300");
        rows
    });
    // The third: the last was refused as repeating a time or coming before it, which it does
    // not; it comes an hour short of the usual step.
    for (name, rows, what) in [
        (
            "late.csv",
            late,
            "02:00:01 repeats a time already read, or comes before it",
        ),
        (
            "forty-five.csv",
            forty_five,
            "02:00:00 repeats a time already read, or comes before it",
        ),
        (
            "later.csv",
            later,
            "02:00:06 follows the one before it an hour sooner than the log's usual step",
        ),
    ] {
        let refused = ingested(
            &scratch,
            name,
            &format!("timestamp,device,power_w\n{rows}"),
            &[],
        )
        .unwrap_err();
        assert!(refused.contains(what), "{refused}");
        // A log whose times are UTC is told how to say so.
        assert!(
            refused.contains("a log whose times are UTC already says so with a Z"),
            "{refused}"
        );
    }
    // Two rows 40 minutes out of order on a summer day are put back in order, not taken for a
    // clock going back (the second review): 300 W for 2 h is 0.6 kWh.
    let swapped = "timestamp,device,power_w\n2026-07-12 00:00:00,g,300\n2026-07-12 00:50:00,g,300\n2026-07-12 00:10:00,g,300\n2026-07-12 01:00:00,g,300\n2026-07-12 02:00:00,g,300\n";
    close_to(ingested(&scratch, "july.csv", swapped, &[]), 0.6 * 3.6e6);
    // Two GPUs under one name every 10 s on the Sunday clocks go forward, when no hour comes
    // twice, are two series under one name, not a repeated hour.
    let spring = (0..6).fold(String::new(), |mut rows, step| {
        for watts in [100, 200] {
            let _ = writeln!(rows, "2026-03-29 02:00:{:02},gpu0,{watts}", step * 10);
        }
        rows
    });
    let refused = ingested(
        &scratch,
        "spring.csv",
        &format!("timestamp,device,power_w\n{spring}"),
        &[],
    )
    .unwrap_err();
    assert!(
        refused.contains("`gpu0` has two power readings at"),
        "{refused}"
    );
}

// Review of 2026-12-02: logs as real tools write them, misread or refused with the wrong
// reason.
#[test]
fn logs_written_in_other_shapes_are_read_right_or_told_what_they_are() {
    let scratch = Scratch::new("ingest-shapes");
    // A log read every two hours (UTC, without a zone) across the last Sunday of March was
    // refused as skipping the hour clocks go forward: 300 W for 24 h is 7.2 kWh.
    let mut every_two_hours = vec!["timestamp, index, power.draw [W]".to_owned()];
    for h in 0..=12 {
        let (day, hour) = (28 + (12 + 2 * h) / 24, (12 + 2 * h) % 24);
        every_two_hours.push(format!("2026/03/{day} {hour:02}:00:00.000, 0, 300.00 W"));
    }
    close_to(
        ingested(
            &scratch,
            "two-hours.csv",
            &(every_two_hours.join("\n") + "\n"),
            &["--format", "nvidia-smi"],
        ),
        7.2 * 3.6e6,
    );
    let refused = |name: &str, text: &str, args: &[&str]| {
        ingested(&scratch, name, text, args).expect_err(name)
    };
    // `250,5` written by a German locale, under a header that ends in a comma: the `5` stood
    // under no header and 250 W was read.
    let trailing = "timestamp,device,power_w,\n2026-01-01T00:00:00Z,gpu0,250,5,\n2026-01-01T00:00:10Z,gpu0,250,5,\n";
    assert!(refused("trailing.csv", trailing, &[]).contains(
        "trailing.csv:2: the row has a value, `5`, in field 4 where the header names 3 field(s)"
    ));
    // An unnamed first column, the row index pandas' `to_csv` and R's `write.csv` write, is read
    // past (the review of 2026-12-02: the rule above refused it): 100 W for 10 s.
    let indexed =
        ",timestamp,device,power_w\n0,2026-01-01T00:00:00Z,g,100\n1,2026-01-01T00:00:10Z,g,100\n";
    close_to(ingested(&scratch, "pandas.csv", indexed, &[]), 1_000.0);
    // Semicolons, and a log without its header line.
    let semicolons = "timestamp;device;power_w\n2026-01-01T00:00:00Z;gpu0;250,5\n";
    assert!(refused("eu.csv", semicolons, &[]).contains("separated by semicolons"));
    let headless = "2026/03/03 00:00:00.000, 0, 250.00\n2026/03/03 00:00:01.000, 0, 250.00\n";
    assert!(
        refused("headless.csv", headless, &["--format", "nvidia-smi"])
            .contains("the first line is a row, not a header")
    );
    // Two files with byte-order marks joined: the second header is named as such.
    let one = "\u{feff}timestamp,device,power_w\r\n2026-01-01T00:00:00Z,gpu0,250\r\n";
    assert!(
        refused("bom.csv", &format!("{one}{one}"), &[])
            .contains("bom.csv:3: this line repeats the log's header")
    );
}

// Review of 2026-12-02: two counters under one name read at the same times (a two-socket
// server's `dram` zones in one sweep, two hosts' running totals in a data lake) never went
// down, so no dip showed: the second of each time was dropped as a copy, 720 J of 1,320 lost.
#[test]
fn two_counters_under_one_name_at_the_same_times_are_refused() {
    let scratch = Scratch::new("ingest-counter-clash");
    let mut rows = vec!["timestamp,domain,energy_uj".to_owned()];
    for t in 0..=60_u64 {
        for (socket, watts) in [(0, 10), (1, 12)] {
            rows.push(format!(
                "{},dram,{}",
                1_767_225_600 + t,
                (1_000 * socket + watts * t) * 1_000_000
            ));
        }
    }
    let refused = ingested(
        &scratch,
        "sockets.csv",
        &(rows.join("\n") + "\n"),
        &["--format", "rapl", "--max-energy-range-uj", "262143328850"],
    )
    .unwrap_err();
    assert!(
        refused.contains("sockets.csv:3: `dram` has two energy counter readings at 2026-01-01T00:00:00Z that differ (0 J and 1,000 J)"),
        "{refused}"
    );
    // Named apart, both count: (10 + 12) W × 60 s.
    let apart: Vec<String> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            if i > 0 && i % 2 == 0 {
                r.replace(",dram,", ",dram-1,")
            } else {
                r.clone()
            }
        })
        .collect();
    close_to(
        ingested(
            &scratch,
            "apart.csv",
            &(apart.join("\n") + "\n"),
            &["--format", "rapl", "--max-energy-range-uj", "262143328850"],
        ),
        1_320.0,
    );
}

// Review of 2026-12-02: a `psys` zone that never counts (a platform that does not meter it reads
// 0) was taken for the whole platform, and the measurement was 0 kWh with exit 0. It stands for
// no platform: the package and memory are counted, (60 + 10) W for 10 s = 700 J.
#[test]
fn a_psys_that_counts_nothing_leaves_the_domains_it_would_hold_counted() {
    let scratch = Scratch::new("ingest-psys-idle");
    let yaml = rapl_yaml(&scratch, &[("psys", 0), ("package-0", 60), ("dram", 10)]);
    assert!((first_value(&yaml) - 700.0 / 3.6e6).abs() < 1e-15, "{yaml}");
    assert!(!yaml.contains("left out, inside"), "{yaml}");
}
