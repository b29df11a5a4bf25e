//! `wattprint ingest --prometheus` against a real Prometheus (Debian's package, which `.ci/run`
//! installs), loaded with synthetic DCGM samples by `promtool tsdb create-blocks-from
//! openmetrics` and listening on the loopback address only. Skipped, with a message, where
//! Prometheus is not installed, except under `WATTPRINT_REQUIRE_CHECKERS` (CI).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{Scratch, close, wattprint, write_file};

/// 2026-01-01T00:00:00Z.
const START: i64 = 1_767_225_600;
/// Samples every 15 s for a day, both ends included.
const STEP: i64 = 15;
const SAMPLES: i64 = 86_400 / STEP + 1;

/// `prometheus` and `promtool`, or `None` after saying the test is skipped.
fn binaries() -> Option<(PathBuf, PathBuf)> {
    let find = |name: &str| {
        std::env::var_os("PATH").and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|p| p.join(name))
                .find(|p| p.is_file())
        })
    };
    if let (Some(server), Some(tool)) = (find("prometheus"), find("promtool")) {
        return Some((server, tool));
    }
    assert!(
        std::env::var_os("WATTPRINT_REQUIRE_CHECKERS").is_none(),
        "prometheus is missing, and this run requires it: .ci/run installs Debian's package"
    );
    eprintln!("skipped: prometheus is not installed (apt-get install prometheus; .ci/run does)");
    None
}

/// A Prometheus serving a folder of blocks on a free loopback port, stopped on drop.
struct Server {
    child: Child,
    url: String,
}

impl Server {
    fn start(binary: &Path, data: &Path, scratch: &Scratch, extra: &[&str]) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let config = scratch.path("prometheus.yml");
        write_file(&config, "global:\n  scrape_interval: 1h\n");
        let child = Command::new(binary)
            .arg(format!("--config.file={}", config.display()))
            .arg(format!("--storage.tsdb.path={}", data.display()))
            // The samples are of 2026; the default retention would delete them at start.
            .arg("--storage.tsdb.retention.time=100y")
            .arg(format!("--web.listen-address=127.0.0.1:{port}"))
            .args(extra)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let server = Server {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        let deadline = Instant::now() + Duration::from_mins(1);
        while !server.ready() {
            assert!(
                Instant::now() < deadline,
                "Prometheus did not start within 60 s"
            );
            std::thread::sleep(Duration::from_millis(200));
        }
        server
    }

    /// Whether `/-/ready` answers 200.
    fn ready(&self) -> bool {
        use std::io::{Read, Write};
        let address = self.url.trim_start_matches("http://");
        let Ok(mut stream) = std::net::TcpStream::connect(address) else {
            return false;
        };
        let request = format!("GET /-/ready HTTP/1.0\r\nHost: {address}\r\n\r\n");
        let mut answer = String::new();
        stream.write_all(request.as_bytes()).is_ok()
            && stream.read_to_string(&mut answer).is_ok()
            && answer.starts_with("HTTP/1.0 200")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The GPUs: `(host, gpu, counter)`; `edge` has power alone and misses 10:00–10:30. A host
/// name with a backslash must match itself alone in the batch's pattern.
const GPUS: [(&str, u32, bool); 6] = [
    ("node.1", 0, true),
    ("node.1", 1, true),
    ("node-2", 0, true),
    ("node-2", 1, true),
    (r"rack\7", 0, true),
    ("edge", 0, false),
];

/// The power of a GPU at sample `i`, W: varying, so that an average would not pass for the
/// counter's differences.
fn watts(gpu: usize, i: i64) -> f64 {
    if GPUS[gpu].2 {
        let gpu = i64::try_from(gpu).unwrap();
        150.0 + f64::from(u8::try_from((i * 37 + gpu * 11) % 200).unwrap())
    } else {
        250.0
    }
}

/// Whether `edge` has a sample at `i`: none strictly between 10:00 and 10:30.
fn sampled(gpu: usize, i: i64) -> bool {
    GPUS[gpu].2 || !(10 * 240 + 1..10 * 240 + 120).contains(&i)
}

/// The samples as `OpenMetrics` (seconds) for promtool, and as Prometheus text exposition
/// (milliseconds) for file ingestion.
fn samples() -> (String, String) {
    let mut open_metrics = String::new();
    let mut exposition = String::new();
    for metric in [
        "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION",
        "DCGM_FI_DEV_POWER_USAGE",
    ] {
        for (g, (host, gpu, counter)) in GPUS.iter().enumerate() {
            let energy = metric.contains("ENERGY");
            if energy && !counter {
                continue;
            }
            let host = host.replace('\\', "\\\\");
            let labels = format!("{{Hostname=\"{host}\",gpu=\"{gpu}\"}}");
            let mut millijoules = 5.0e9;
            for i in 0..SAMPLES {
                if !sampled(g, i) {
                    continue;
                }
                // node-2's GPU 1 is reset halfway: its counter starts again from zero.
                if energy && g == 3 && i == 3_000 {
                    millijoules = 0.0;
                }
                let value = if energy { millijoules } else { watts(g, i) };
                let t = START + i * STEP;
                let _ = writeln!(open_metrics, "{metric}{labels} {value} {t}");
                if energy {
                    let _ = writeln!(exposition, "{metric}{labels} {value} {}", t * 1000);
                }
                millijoules += watts(g, i) * 15_000.0;
            }
        }
    }
    open_metrics.push_str("# EOF\n");
    (open_metrics, exposition)
}

/// A server loaded with the samples, and the exposition file of the same counters.
fn loaded(scratch: &Scratch, extra: &[&str]) -> Option<(Server, PathBuf)> {
    let (server, tool) = binaries()?;
    let (open_metrics, exposition) = samples();
    write_file(&scratch.path("samples.om"), &open_metrics);
    write_file(&scratch.path("samples.prom"), &exposition);
    let data = scratch.path("data");
    let status = Command::new(tool)
        .args(["tsdb", "create-blocks-from", "openmetrics"])
        .arg(scratch.path("samples.om"))
        .arg(&data)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "promtool could not create the blocks");
    Some((
        Server::start(&server, &data, scratch, extra),
        scratch.path("samples.prom"),
    ))
}

/// A CSV of `device,period,energy_kwh,…` as kWh by device and period.
fn table(csv: &str) -> BTreeMap<(String, String), Vec<f64>> {
    csv.lines()
        .skip(1)
        .map(|line| {
            let fields: Vec<&str> = line.split(',').collect();
            (
                (fields[0].to_owned(), fields[1].to_owned()),
                fields[2..].iter().map(|f| f.parse().unwrap()).collect(),
            )
        })
        .collect()
}

fn ingest(url: &str, extra: &[&str]) -> crate::support::Output {
    let mut args = vec![
        "ingest",
        "--prometheus",
        url,
        "--start",
        "2026-01-01",
        "--end",
        "2026-01-02",
        "--period",
        "hour",
        "--scrape-interval",
        "15",
    ];
    args.extend_from_slice(extra);
    wattprint(args).run()
}

#[test]
fn a_server_gives_what_file_ingestion_gives_of_the_same_counters() {
    let scratch = Scratch::new("prometheus-agree");
    let Some((server, exposition)) = loaded(&scratch, &[]) else {
        return;
    };
    let asked = ingest(&server.url, &[]);
    assert_eq!(asked.code, 0, "{asked:#?}");
    // Without the scrape interval, the time the samples cover cannot be counted: refused.
    let refused = wattprint([
        "ingest",
        "--prometheus",
        &server.url,
        "--start",
        "2026-01-01",
        "--end",
        "2026-01-02",
    ])
    .expect(2);
    assert!(
        refused.stderr.contains("--scrape-interval"),
        "{}",
        refused.stderr
    );
    let read = wattprint([
        "ingest".as_ref(),
        exposition.as_os_str(),
        "--format".as_ref(),
        "dcgm-prometheus".as_ref(),
        "--period".as_ref(),
        "hour".as_ref(),
    ])
    .expect(0);
    let (asked_cells, read_cells) = (table(&asked.stdout), table(&read.stdout));
    // Five counter GPUs × 24 hours agree with the file's differences to 1e-9, the reset
    // included.
    let mut compared = 0;
    for ((device, period), from_file) in &read_cells {
        let from_server = &asked_cells[&(device.clone(), period.clone())];
        assert!(
            close(from_server[0], from_file[0]),
            "{device} {period}: server {} kWh, file {} kWh",
            from_server[0],
            from_file[0]
        );
        compared += 1;
    }
    assert_eq!(compared, 5 * 24);
    // edge, power alone at 250 W sampled every 15 s, misses 10:00–10:30: the hour holds 121
    // samples (10:00:00, then 10:30:00 to 10:59:45), so 1,815 s covered: 453,750 J = 0.1260416… kWh, and
    // 1,785 s missing, holding 446,250 J estimated apart (hand calculation).
    let edge = &asked_cells[&("edge:gpu0".to_owned(), "2026-01-01T10:00:00Z".to_owned())];
    assert!(close(edge[0], 453_750.0 / 3.6e6), "{edge:?}");
    assert!(close(edge[1], 1_815.0 / 3_600.0) && close(edge[2], 1_785.0 / 3_600.0));
    assert!(close(edge[3], 446_250.0 / 3.6e6), "{edge:?}");
    let full = &asked_cells[&("edge:gpu0".to_owned(), "2026-01-01T09:00:00Z".to_owned())];
    assert_eq!(full, &vec![0.25, 1.0, 0.0, 0.0]);
    assert!(
        asked
            .stderr
            .contains("5 GPU(s) from their energy counter, 1 from power alone"),
        "{}",
        asked.stderr
    );
}

#[test]
fn a_query_the_server_refuses_as_too_large_is_asked_in_halves() {
    let scratch = Scratch::new("prometheus-split");
    // Prometheus 2.42 holds one hour of a series (241 samples) at a time, and the points it
    // has answered: a day of five counters (241 + 120) passes 300, a few hours do not.
    // Each hour of each counter series holds 241 samples: a whole day of five GPUs is far
    let Some((server, _)) = loaded(&scratch, &["--query.max-samples=300"]) else {
        return;
    };
    let split = ingest(&server.url, &[]);
    assert_eq!(split.code, 0, "{split:#?}");
    assert!(!split.stderr.contains("(0 split"), "{}", split.stderr);
    drop(server);
    let Some((server, _)) = loaded(&Scratch::new("prometheus-whole"), &[]) else {
        return;
    };
    let whole = ingest(&server.url, &[]);
    assert_eq!(table(&split.stdout), table(&whole.stdout));
}

#[test]
fn an_interrupted_run_resumes_from_its_batches() {
    let scratch = Scratch::new("prometheus-resume");
    let Some((server, _)) = loaded(&scratch, &[]) else {
        return;
    };
    // The output is a folder, so writing it fails after every batch was asked and kept.
    let out = scratch.path("energy.csv");
    std::fs::create_dir(&out).unwrap();
    let out_arg = out.to_str().unwrap();
    let failed = ingest(&server.url, &["-o", out_arg]);
    assert_eq!(failed.code, 2, "{failed:#?}");
    assert!(scratch.path("energy.csv.parts/plan.json").is_file());
    std::fs::remove_dir(&out).unwrap();
    let resumed = ingest(&server.url, &["-o", out_arg]);
    assert_eq!(resumed.code, 0, "{resumed:#?}");
    assert!(
        resumed.stderr.contains("(1 resumed); 0 queries"),
        "{}",
        resumed.stderr
    );
    assert!(!scratch.path("energy.csv.parts").exists());
    let direct = ingest(&server.url, &[]);
    assert_eq!(
        std::fs::read_to_string(&out).unwrap().replace("\r\n", "\n"),
        direct.stdout.replace("\r\n", "\n")
    );
    // Another run's batches are never mixed in.
    std::fs::create_dir(scratch.path("energy.csv.parts")).unwrap();
    write_file(&scratch.path("energy.csv.parts/plan.json"), "{}");
    let other = ingest(&server.url, &["-o", out_arg, "--force"]);
    assert_eq!(other.code, 2);
    assert!(
        other
            .stderr
            .contains("holds the batches of a run with other arguments"),
        "{}",
        other.stderr
    );
}

#[test]
fn measurements_and_a_profile_come_from_the_server_with_their_provenance() {
    let scratch = Scratch::new("prometheus-yaml");
    let Some((server, _)) = loaded(&scratch, &[]) else {
        return;
    };
    let yaml = scratch.path("fleet.yaml");
    let profile = scratch.path("hourly/fleet.csv");
    std::fs::create_dir(scratch.path("hourly")).unwrap();
    let asked = ingest(
        &server.url,
        &[
            "--selector",
            "Hostname=~\"node.*\"",
            "-o",
            yaml.to_str().unwrap(),
            "--profile",
            profile.to_str().unwrap(),
        ],
    );
    assert_eq!(asked.code, 0, "{asked:#?}");
    let text = std::fs::read_to_string(&yaml).unwrap();
    assert!(
        text.contains(&server.url) && text.contains("increase()"),
        "{text}"
    );
    assert!(
        text.contains("hourly: { file: \"hourly/fleet.csv\""),
        "{text}"
    );
    let hours = std::fs::read_to_string(&profile).unwrap();
    assert_eq!(hours.lines().count(), 25, "{hours}");
    // The selector leaves edge and rack\7 out: four GPUs.
    assert!(
        asked
            .stderr
            .contains("4 GPU(s) from their energy counter, 0 from power alone")
    );
}

#[test]
fn bad_addresses_and_spans_are_refused_before_asking() {
    for (args, expected) in [
        (
            vec![
                "--prometheus",
                "http://user:pw@127.0.0.1:9",
                "--start",
                "2026-01-01",
                "--end",
                "2026-01-02",
            ],
            "credentials in the address",
        ),
        (
            vec![
                "--prometheus",
                "ftp://x",
                "--start",
                "2026-01-01",
                "--end",
                "2026-01-02",
            ],
            "not an http:// or https:// address",
        ),
        (
            vec![
                "--prometheus",
                "http://127.0.0.1:9",
                "--start",
                "2026-01-01T00:30:00Z",
                "--end",
                "2026-01-02",
                "--period",
                "hour",
            ],
            "--start is not the start of a period",
        ),
        (
            vec![
                "--prometheus",
                "http://127.0.0.1:9",
                "--start",
                "2026-01-02",
                "--end",
                "2026-01-01",
            ],
            "--end is not after --start",
        ),
    ] {
        let mut all = vec!["ingest"];
        all.extend(args);
        let output = wattprint(all).expect(2);
        assert!(output.stderr.contains(expected), "{}", output.stderr);
    }
    // Nothing listens on port 9 of the loopback address.
    let output = wattprint([
        "ingest",
        "--prometheus",
        "http://127.0.0.1:9",
        "--start",
        "2026-01-01",
        "--end",
        "2026-01-02",
        "--scrape-interval",
        "15",
    ])
    .expect(2);
    assert!(
        output.stderr.contains("cannot be reached"),
        "{}",
        output.stderr
    );
}

/// A proxy on a loopback port in front of `upstream` that answers its first `busy` requests
/// with `503 Service Unavailable` and `Retry-After: 1`, as a loaded Thanos or Mimir does, and
/// passes the rest to the real server. Gives its address and the requests it saw.
fn busy_proxy(
    upstream: &str,
    busy: usize,
) -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::sync::atomic::{AtomicUsize, Ordering};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let upstream = upstream.trim_start_matches("http://").to_owned();
    let seen = std::sync::Arc::new(AtomicUsize::new(0));
    let counter = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut client) = stream else { return };
            // One request a connection: read its head and its body.
            let mut reader = BufReader::new(client.try_clone().unwrap());
            let mut head = Vec::new();
            let mut length = 0;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                    break;
                }
                let lower = line.to_ascii_lowercase();
                if let Some(value) = lower.strip_prefix("content-length:") {
                    length = value.trim().parse().unwrap_or(0);
                }
                if line == "\r\n" {
                    head.extend_from_slice(b"connection: close\r\n\r\n");
                    break;
                }
                if !lower.starts_with("connection:") {
                    head.extend_from_slice(line.as_bytes());
                }
            }
            let mut body = vec![0; length];
            let _ = reader.read_exact(&mut body);
            if counter.fetch_add(1, Ordering::SeqCst) < busy {
                let _ = client.write_all(
                    b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                );
                continue;
            }
            let mut server = std::net::TcpStream::connect(&upstream).unwrap();
            server.write_all(&head).unwrap();
            server.write_all(&body).unwrap();
            let mut answer = Vec::new();
            let _ = server.read_to_end(&mut answer);
            let _ = client.write_all(&answer);
        }
    });
    (address, seen)
}

#[test]
fn a_busy_server_is_asked_again_after_the_pause_it_asks_for() {
    let scratch = Scratch::new("prometheus-busy");
    let Some((server, _)) = loaded(&scratch, &[]) else {
        return;
    };
    let direct = ingest(&server.url, &[]);
    let (address, seen) = busy_proxy(&server.url, 2);
    let asked = ingest(&address, &[]);
    assert_eq!(asked.code, 0, "{asked:#?}");
    assert!(
        asked
            .stderr
            .contains("HTTP 503 (busy); asking again in 1 s (attempt 2 of 7)"),
        "{}",
        asked.stderr
    );
    assert_eq!(asked.stdout, direct.stdout);
    assert!(seen.load(std::sync::atomic::Ordering::SeqCst) > 2);
}
