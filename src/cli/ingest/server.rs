//! `wattprint ingest --prometheus URL --start … --end …`: the energy asked of a server, written
//! in the formats a log's is.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{IngestArgs, boundary, emit, named_from, phase, save_profile};
use crate::cli::{Console, Outcome};
use crate::error::Error;
use crate::ingest::telemetry::server::{self, Auth, Fetched, Request, Rows};
use crate::ingest::telemetry::write::{self, Origin};
use crate::ingest::telemetry::{Bucket, Cell};
use crate::load::Limits;
use crate::model::BoundaryPart;

/// The environment variable holding a bearer token.
const TOKEN_VARIABLE: &str = "WATTPRINT_PROMETHEUS_TOKEN";
/// The environment variable holding `user:password`.
const BASIC_VARIABLE: &str = "WATTPRINT_PROMETHEUS_BASIC_AUTH";

/// A usage error with its hint.
fn usage(message: String, hint: &str) -> Error {
    Error::Usage {
        message,
        hint: Some(hint.to_owned()),
    }
}

pub(super) fn run(
    args: &IngestArgs,
    console: &Console,
    limits: Limits,
    bucket: Bucket,
) -> Result<Outcome, Error> {
    let address = args.prometheus.as_deref().unwrap_or_default();
    let server = checked_address(address)?;
    let (Some(start), Some(end)) = (args.start, args.end) else {
        return Err(usage(
            "--prometheus needs --start and --end".to_owned(),
            "add e.g. --start 2026-01-01 --end 2027-01-01",
        ));
    };
    for (flag, at) in [("--start", start), ("--end", end)] {
        #[allow(
            clippy::cast_precision_loss,
            clippy::cast_possible_truncation,
            reason = "whole seconds far within 2^53"
        )]
        let on_a_bound = bucket == Bucket::Total || bucket.bounds(at as f64).0 as i64 == at;
        if !on_a_bound {
            return Err(usage(
                format!("{flag} is not the start of a period of the --period asked"),
                "give a time on the hour for --period hour, a date for day, the first of a month for month",
            ));
        }
    }
    if start >= end {
        return Err(usage(
            "--end is not after --start".to_owned(),
            "give the first period's start and the last period's end",
        ));
    }
    let Some(scrape_interval) = args.scrape_interval else {
        return Err(usage(
            "--prometheus needs --scrape-interval: the time one sample stands for, to count the time the samples cover".to_owned(),
            "give the DCGM job's scrape_interval in seconds, e.g. --scrape-interval 15",
        ));
    };
    let auth = credentials(args)?;
    // Who asks, never the secret: a digest of a password can be cracked offline.
    let identity = match &auth {
        Auth::None => "none".to_owned(),
        Auth::Bearer(_) => "bearer token".to_owned(),
        Auth::Basic(pair) => format!(
            "basic, user {}",
            pair.split_once(':').map_or("", |(user, _)| user)
        ),
    };
    let parts = parts_folder(args);
    // When the server was asked is a fact of the provenance, so the wall clock is read here,
    // in the command line, and nowhere in the library.
    #[allow(
        clippy::disallowed_methods,
        reason = "the time a server was asked is provenance, not a report's date"
    )]
    let asked_at = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()
        .and_then(|d| i64::try_from(d.as_secs()).ok())
        .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default();
    let request = Request {
        server: &server,
        selector: args
            .selector
            .trim()
            .trim_start_matches('{')
            .trim_end_matches('}'),
        span: (start, end),
        bucket,
        auth: &auth,
        max_bytes: limits.max_bytes.max(64 << 20),
        parts: &parts,
        asked_at: &asked_at,
        scrape_interval,
        max_device_watts: args.max_device_power,
        identity: &identity,
    };
    let terminal = console.shows_progress();
    let mut progress = |done: usize, all: usize| {
        if terminal {
            eprint!("\ringest: batch {done} of {all}");
            if done == all {
                eprint!("\r{:40}\r", "");
            }
        }
    };
    let note = |message: &str| console.note(message);
    let result = server::fetch(&request, &note, &mut progress)
        .map_err(Error::from)
        .and_then(|fetched| {
            tell(console, &fetched.counts, scrape_interval);
            write_outputs(args, console, bucket, end, &fetched)
        });
    // The batches stay for a run asked again only where that run can find them: beside -o.
    if result.is_ok() || args.output.is_none() {
        let _ = std::fs::remove_dir_all(&parts);
    }
    result.map(|()| Outcome::Clean)
}

/// Tells what was asked and counted, and where the scrape interval looks wrong.
fn tell(console: &Console, c: &server::Counts, scrape_interval: f64) {
    console.note(&format!(
        "{} GPU(s) from their energy counter, {} from power alone, in {} batch(es) ({} resumed); {} queries ({} split for the server's limits), {} points, {} without a number, {} period(s) with gaps",
        c.counter_gpus, c.power_gpus, c.batches, c.resumed, c.queries, c.split, c.points, c.unavailable, c.gaps
    ));
    if c.thin > 0 {
        console.note(&format!(
            "{} GPU(s) never have more than half a period covered by their samples: if --scrape-interval {} is shorter than the DCGM job's, their energy is undercounted",
            c.thin, scrape_interval
        ));
    }
}

/// `address` as a base address, refused when it is not HTTP(S) or carries credentials, which
/// would land in shell history and the outputs' provenance.
fn checked_address(address: &str) -> Result<String, Error> {
    let rest = address
        .strip_prefix("http://")
        .or_else(|| address.strip_prefix("https://"));
    let Some(rest) = rest else {
        return Err(usage(
            format!("--prometheus `{address}` is not an http:// or https:// address"),
            "give the server's base address, e.g. http://prometheus:9090",
        ));
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return Err(usage(
            "--prometheus carries credentials in the address".to_owned(),
            "put them in a file (--basic-auth-file, user:password) or in WATTPRINT_PROMETHEUS_BASIC_AUTH, and give the address without them",
        ));
    }
    if authority.is_empty() || rest.contains(['?', '#']) {
        return Err(usage(
            format!("--prometheus `{address}` is not a server's base address"),
            "give the address without a query, e.g. https://mimir.example/prometheus",
        ));
    }
    Ok(address.trim_end_matches('/').to_owned())
}

/// The credentials from the files named, else the environment.
fn credentials(args: &IngestArgs) -> Result<Auth, Error> {
    let read = |path: &PathBuf| -> Result<String, Error> {
        let text =
            std::fs::read_to_string(path).map_err(|source| crate::load::LoadError::Read {
                path: path.clone(),
                source,
            })?;
        Ok(text.trim_end_matches(['\n', '\r']).to_owned())
    };
    let variable = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let auth = match (&args.bearer_token_file, &args.basic_auth_file) {
        (Some(file), _) => Auth::Bearer(read(file)?),
        (None, Some(file)) => Auth::Basic(read(file)?),
        (None, None) => match (variable(TOKEN_VARIABLE), variable(BASIC_VARIABLE)) {
            (Some(token), _) => Auth::Bearer(token),
            (None, Some(pair)) => Auth::Basic(pair),
            (None, None) => Auth::None,
        },
    };
    if let Auth::Basic(pair) = &auth
        && !pair.contains(':')
    {
        return Err(usage(
            "the basic-auth credentials are not `user:password`".to_owned(),
            "write them as user:password on one line",
        ));
    }
    if let Auth::Bearer(token) | Auth::Basic(token) = &auth
        && (token.is_empty() || token.chars().any(char::is_control))
    {
        return Err(usage(
            "the credentials are empty or span lines".to_owned(),
            "write the token (or user:password) on one line",
        ));
    }
    Ok(auth)
}

/// Where the batches are kept until the output is written: beside the output (`OUT.parts`), so
/// that a run asked again resumes; in the temporary folder when the table goes to standard
/// output.
fn parts_folder(args: &IngestArgs) -> PathBuf {
    if let Some(out) = &args.output {
        let mut name = out.file_name().unwrap_or_default().to_os_string();
        name.push(".parts");
        return out.with_file_name(name);
    }
    // Nothing resumes from here: whatever an earlier process of the same number left is not
    // this run's.
    let folder = std::env::temp_dir().join(format!("wattprint-ingest-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    folder
}

/// Writes the cells the batches hold in the format `-o` asks for.
fn write_outputs(
    args: &IngestArgs,
    console: &Console,
    bucket: Bucket,
    end: i64,
    fetched: &Fetched,
) -> Result<(), Error> {
    let extension = args.output_extension();
    let yaml = matches!(extension.as_deref(), Some("yaml" | "yml"));
    let named = match (&args.profile, &args.output) {
        (Some(profile), Some(out)) if yaml => Some(named_from(out, profile)?),
        _ => None,
    };
    let unreadable = |message: String| {
        Error::Ingest(crate::ingest::IngestError::Invalid {
            file: fetched.parts.first().cloned().unwrap_or_default(),
            line: 0,
            message,
            hint: "run the command again; the batches are asked anew".to_owned(),
        })
    };
    let stream = |write: &dyn Fn(&mut Rows, &mut dyn std::io::Write) -> std::io::Result<()>| {
        emit(args, |out| {
            let mut rows = Rows::new(fetched.parts.clone());
            write(&mut rows, out)?;
            rows.finish().map_err(std::io::Error::other)
        })
    };
    let method = fetched
        .provenance
        .get("method")
        .and_then(serde_json::Value::as_str)
        .unwrap_or_default();
    if yaml || args.profile.is_some() {
        let mut rows = Rows::new(fetched.parts.clone());
        let sums = summed(&mut rows, bucket, end);
        rows.finish().map_err(unreadable)?;
        if let (Some(_), Some(out)) = (&args.profile, &args.output) {
            crate::output::probe(out)?;
        }
        let sha256 = match &args.profile {
            Some(path) => {
                let hours: BTreeMap<i64, f64> = sums
                    .iter()
                    .map(|(start, (_, c, _))| (*start, c.kwh()))
                    .collect();
                Some(save_profile(path, console, |out| {
                    write::hours_to(&hours, out)
                })?)
            }
            None => None,
        };
        if yaml {
            return write_measurements(args, fetched, &sums, named.zip(sha256).as_ref());
        }
    }
    let result = if extension.as_deref() == Some("json") {
        let counts = serde_json::to_value(&fetched.counts).unwrap_or_default();
        let about = write::Described {
            method,
            counts: &counts,
            provenance: Some(&fetched.provenance),
        };
        stream(&|rows, out| write::json_to(bucket, rows, about, out))
    } else {
        stream(&|rows, out| write::csv_to(bucket, rows, out))
    };
    result.map_err(|e| match e {
        Error::Write(w) if w.source.kind() == std::io::ErrorKind::Other => {
            unreadable(w.source.to_string())
        }
        other => other,
    })
}

/// The measurements YAML of the periods' sums, naming the profile written (`hourly`: its name
/// and SHA-256) where there is one.
fn write_measurements(
    args: &IngestArgs,
    fetched: &Fetched,
    sums: &BTreeMap<i64, (i64, Cell, usize)>,
    hourly: Option<&(String, String)>,
) -> Result<(), Error> {
    let method = fetched
        .provenance
        .get("method")
        .and_then(serde_json::Value::as_str)
        .unwrap_or_default();
    let held = format!(
        "{} GPU(s), {} queries",
        fetched.counts.counter_gpus + fetched.counts.power_gpus,
        fetched.counts.queries
    );
    let selector = fetched.provenance["selector"].as_str().unwrap_or_default();
    let about = format!(
        "Prometheus HTTP API at {}, asked {}{}: DCGM energy counters by increase() per period for {} GPU(s), power by sum_over_time() / count_over_time() for {} and where a counter has no increase",
        fetched.provenance["server"].as_str().unwrap_or_default(),
        fetched.provenance["asked_at"].as_str().unwrap_or_default(),
        if selector.is_empty() {
            String::new()
        } else {
            format!(" for {selector}")
        },
        fetched.counts.counter_gpus,
        fetched.counts.power_gpus,
    );
    let text = write::summed_measurements(
        sums,
        Origin {
            path: Path::new("prometheus"),
            site: &args.site,
            model: &args.model,
            phase: phase(args),
            boundary: &boundary(args, &[BoundaryPart::Accelerators]),
            method,
            held: &held,
            grouped: false,
            nested: false,
            hourly: hourly.map(|(n, s)| (n.as_str(), s.as_str())),
        },
        &about,
        "prometheus",
    );
    emit(args, |out| out.write_all(text.as_bytes()))?;
    Ok(())
}

/// Each period's start, end, energy over the GPUs and number of GPUs, from the cells.
fn summed(rows: &mut Rows, bucket: Bucket, end: i64) -> BTreeMap<i64, (i64, Cell, usize)> {
    let mut sums: BTreeMap<i64, (i64, Cell, usize)> = BTreeMap::new();
    for (_, start, cell) in rows {
        #[allow(
            clippy::cast_precision_loss,
            clippy::cast_possible_truncation,
            reason = "whole seconds far within 2^53"
        )]
        let stop = match bucket {
            Bucket::Total => end,
            _ => bucket.bounds(start as f64).1 as i64,
        };
        let entry = sums.entry(start).or_insert((stop, Cell::default(), 0));
        entry.1.add(&cell);
        entry.2 += 1;
    }
    sums
}
