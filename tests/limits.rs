//! Hostile inputs are refused quickly, with a clear message, in bounded memory: each case runs
//! the binary under an address-space limit of 256 MiB (`prlimit`), so that a run which would
//! need more fails by allocation instead of passing, and is killed after 5 s (20 s for the
//! unoptimised build the test suite runs, see [`DEADLINE`]). These are bounds
//! the tool promises (SECURITY.md), not performance measurements.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{Scratch, root};

const MEMORY: &str = "--as=268435456";
/// 5 s for an optimised build. The suite runs the unoptimised one, which took 4.4 s (against
/// 0.66 s optimised) to stop ten million list items at the count of values, and more beside the
/// other tests on two cores: it gets 20 s, still far below what unbounded work would take.
const DEADLINE: Duration = Duration::from_secs(if cfg!(debug_assertions) { 20 } else { 5 });

/// Runs wattprint with `args` under the memory bound and the deadline; its exit code and what
/// it printed (findings go to standard output, errors to standard error).
fn bounded(args: &[&str]) -> (i32, String) {
    let mut child = Command::new("prlimit")
        .arg(MEMORY)
        .arg("--")
        .arg(env!("CARGO_BIN_EXE_wattprint"))
        .args(args)
        .current_dir(root())
        // glibc reserves 64 MiB of address space for each thread's malloc arena when threads
        // contend, memory never touched: with the readers' worker threads, whether the bound
        // held would depend on timing. One arena makes the bound measure what is allocated.
        .env("MALLOC_ARENA_MAX", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("prlimit (util-linux) runs");
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut stderr = String::new();
            std::io::Read::read_to_string(&mut child.stdout.take().unwrap(), &mut stderr).unwrap();
            std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
            let code = status
                .code()
                .unwrap_or_else(|| panic!("killed by a signal: {status}\n{stderr}"));
            return (code, stderr);
        }
        if started.elapsed() > DEADLINE {
            child.kill().unwrap();
            panic!("{args:?} ran longer than {DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// A file of `size` bytes starting with `head`, the rest a hole of zero bytes (no disk used).
fn sparse(path: &Path, head: &[u8], size: u64) {
    let mut file = std::fs::File::create(path).unwrap();
    file.write_all(head).unwrap();
    file.set_len(size).unwrap();
}

/// Writes `bytes` to a new file at `path`.
fn create(path: &Path, bytes: &[u8]) {
    std::fs::File::create(path)
        .unwrap()
        .write_all(bytes)
        .unwrap();
}

fn path_str(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn an_alias_bomb_is_refused() {
    let scratch = Scratch::new("limits-laughs");
    let file = scratch.path("laughs.yaml");
    // Nine levels of nine aliases: 9^9 = 387,420,489 values once expanded.
    let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
    for level in 1..9_u8 {
        let (name, previous) = (char::from(b'a' + level), char::from(b'a' + level - 1));
        let refs = vec![format!("*{previous}"); 9].join(", ");
        writeln!(text, "{name}: &{name} [{refs}]").unwrap();
    }
    create(&file, text.as_bytes());
    let (code, stderr) = bounded(&["validate", path_str(&file)]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("error[yaml-too-large]") && stderr.contains("--max-nodes"),
        "{stderr}"
    );
}

#[test]
fn ten_thousand_levels_of_nesting_are_refused() {
    let scratch = Scratch::new("limits-deep");
    let file = scratch.path("deep.yaml");
    let text = format!("a: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
    create(&file, text.as_bytes());
    let (code, stderr) = bounded(&["validate", path_str(&file)]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("deep.yaml:1:"), "{stderr}");
    assert!(stderr.contains("error[yaml-too-deep]"), "{stderr}");
}

#[test]
fn a_gigabyte_on_one_line_is_refused_by_every_reader() {
    let scratch = Scratch::new("limits-gigabyte");
    let file = scratch.path("one-line.yaml");
    sparse(&file, b"description: \"", 1 << 30);
    let (code, stderr) = bounded(&["validate", path_str(&file)]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("error[file-too-large]") && stderr.contains("--max-input-size"),
        "{stderr}"
    );
    // Telemetry is streamed, so its bound is on the line, not the file.
    let log = scratch.path("one-line.csv");
    sparse(&log, b"timestamp,device,power_w\n1,a,", 1 << 30);
    let (code, stderr) = bounded(&["ingest", path_str(&log)]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("one-line.csv:2: cannot be read: a line longer than 1048576 bytes"),
        "{stderr}"
    );
    for (command, name) in [("verify", "x.pdf"), ("import", "emissions.csv")] {
        let other = scratch.path(name);
        sparse(&other, b"", 1 << 30);
        let args: Vec<&str> = if command == "import" {
            vec![
                "import",
                "codecarbon",
                path_str(&other),
                "--organisation",
                "x",
            ]
        } else {
            vec![command, path_str(&other)]
        };
        let (code, stderr) = bounded(&args);
        assert_eq!(code, 2, "{command}: {stderr}");
        assert!(stderr.contains("is larger than the limit"), "{stderr}");
    }
}

#[test]
fn a_string_of_100_megabytes_is_refused() {
    let scratch = Scratch::new("limits-string");
    let file = scratch.path("string.yaml");
    let mut text = String::from("schema_version: 1\ndescription: \"");
    text.push_str(&"a".repeat(100 << 20));
    text.push_str("\"\n");
    create(&file, text.as_bytes());
    let (code, stderr) = bounded(&["validate", path_str(&file)]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("error[file-too-large]"), "{stderr}");
}

#[test]
fn ten_million_list_items_are_refused_even_when_the_size_limit_is_raised() {
    let scratch = Scratch::new("limits-items");
    let file = scratch.path("items.yaml");
    let mut text = String::from("items: [");
    text.push_str(&"1,".repeat(10_000_000));
    text.push_str("1]\n");
    create(&file, text.as_bytes());
    let (code, stderr) = bounded(&["validate", path_str(&file)]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("error[file-too-large]"), "{stderr}");
    // Past the size limit, the count of values stops it.
    let (code, stderr) = bounded(&["--max-input-size", "64", "validate", path_str(&file)]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("error[yaml-too-large]: the document expands to more than 500000 values"),
        "{stderr}"
    );
}

#[test]
fn the_limits_are_adjustable() {
    let scratch = Scratch::new("limits-adjust");
    let file = scratch.path("nested.yaml");
    create(&file, b"a: [[[[1]]]]\n");
    let (_, stderr) = bounded(&["--max-depth", "3", "validate", path_str(&file)]);
    assert!(
        stderr.contains("error[yaml-too-deep]: nesting deeper than 3 levels"),
        "{stderr}"
    );
    let (_, stderr) = bounded(&["--max-nodes", "2", "validate", path_str(&file)]);
    assert!(stderr.contains("error[yaml-too-large]"), "{stderr}");
}

#[test]
fn four_billion_monte_carlo_draws_are_refused_before_any_is_drawn() {
    // Regression (issue 17): 4e9 draws aborted on a 160 GB allocation at `validate`.
    let scratch = Scratch::new("limits-draws");
    let file = scratch.path("draws.yaml");
    let example = std::fs::read_to_string(root().join("examples/claim-routing.yaml")).unwrap();
    let text = example.replace(
        "methodology:\n",
        "methodology:\n  monte_carlo: { seed: 1, draws: 4000000000 }\n",
    );
    create(&file, text.as_bytes());
    let (code, stderr) = bounded(&["validate", path_str(&file)]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("error[monte-carlo-draws]") && stderr.contains("--max-draws"),
        "{stderr}"
    );
}

#[test]
fn a_long_string_repeated_by_aliases_is_refused() {
    // Regression (issue 17): one 4 MiB anchored string and 20,000 aliases passed --max-nodes
    // and reached 4 GB.
    let scratch = Scratch::new("limits-alias-bytes");
    let file = scratch.path("aliases.yaml");
    let mut text = format!("a: &a \"{}\"\nb: [", "x".repeat(4 << 20));
    text.push_str(&vec!["*a"; 20_000].join(", "));
    text.push_str("]\n");
    create(&file, text.as_bytes());
    let (code, stderr) = bounded(&["validate", path_str(&file)]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("bytes of text"), "{stderr}");
}
