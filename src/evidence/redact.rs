//! The input a document for one audience is made from and carries: the disclosure without
//! what that audience does not receive.
//!
//! National competent authorities receive the Model Documentation Form's training time as a
//! range and its computation as an order of magnitude: their document is made from the
//! disclosure with those in place of the wall-clock time, the FLOPs and the runs' dates, and
//! must show the same figures as the whole.
//!
//! Downstream providers receive the information of AI Act Annex XII (Art. 53(1)(b)), which has
//! no energy or compute item; the Model Documentation Form gives them none of its energy and
//! compute fields. Their document is therefore made from the disclosure with the
//! organisation's own training left out, written as JSON (which every YAML reader reads), and
//! that text is the input the PDF attaches and `verify` recomputes. The manifest names the full
//! input and its SHA-256: the provider keeps it, and with one version of wattprint the same full
//! input always gives the same redacted input, so anyone shown both can tie them
//! (`verify --full-input`).
//!
//! What is left out is decided on the typed disclosure, and removed from the parsed document
//! by position, so that a field is never kept because its name was spelt differently here.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{FileName, Sha256Hex};
use crate::compute::Results;
use crate::model::{Audience, Disclosure, Lever, Phase, TimeRange};

/// The full input a redacted input was made from, as the manifest records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Redaction {
    /// The full input's file name.
    pub input: FileName,
    /// SHA-256 of the full input's bytes.
    pub input_sha256: Sha256Hex,
    /// What was left out, as the document says it.
    pub left_out: String,
    /// The user's reference data file (`--data`) the attached one was made from, when the
    /// document carries only the rows its own input uses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_data: Option<FullFile>,
}

/// A file an audience's document holds part of, as the manifest records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FullFile {
    /// Its file name.
    pub file: FileName,
    /// SHA-256 of its bytes.
    pub sha256: Sha256Hex,
}

/// A disclosure as an audience receives it.
#[derive(Debug, Clone)]
pub struct Redacted {
    /// The parsed document without what the audience does not receive.
    pub document: Value,
    /// What was left out, as the document says it.
    pub left_out: &'static str,
}

/// What a document for downstream providers leaves out, and how instruments are shared.
const DOWNSTREAM_LEFT_OUT: &str = "anything it holds of the organisation's own training of its models as the disclosure marks it (training and fine-tuning measurements, training records, the training allocation and published training figures of its own models, the training methodology, models other than the general-purpose one that no serving measurement uses, hardware marked as serving training or tied to such a model, sites only training used and the fuel they burn, and scenarios that move training or move work to such a site) and the net-positive claims, whose assessment counts that training; and the electricity hour by hour (hourly energy, grid factors and generation), which would show when the training ran; where a site shared with training holds contractual instruments or burns fuel, they are allocated to the operation in proportion to its facility energy, as the market-based method shares instruments";

/// What a document for national competent authorities leaves out.
const AUTHORITY_LEFT_OUT: &str = "anything it holds of the exact time and computation of the training (the dates of training and fine-tuning measurements, the wall-clock time, the time reserved on training hardware, the FLOPs and how they were obtained, the utilisation, and the organisation's own published training figures), which national competent authorities receive as the Model Documentation Form's range and order of magnitude; and the electricity hour by hour (hourly energy, grid factors and generation, with the hourly figures and scenarios that read them), which would show when the training ran";

/// What a document for `audience` says it leaves out; `None` for an audience that receives the
/// whole disclosure.
#[must_use]
pub fn left_out(audience: Audience) -> Option<&'static str> {
    match audience {
        Audience::AiOffice => None,
        Audience::Authority => Some(AUTHORITY_LEFT_OUT),
        Audience::Downstream => Some(DOWNSTREAM_LEFT_OUT),
    }
}

/// Whether a document for `audience` is made from less than the whole disclosure.
#[must_use]
pub fn redacts(audience: Audience) -> bool {
    left_out(audience).is_some()
}

/// Why no document for an audience can be made from a disclosure.
#[derive(Debug)]
pub enum Refusal {
    /// The input the audience would receive has these findings.
    Findings(Vec<crate::diagnostic::Diagnostic>),
    /// The disclosure cannot be shown to the audience, for this reason.
    Reason(String),
}

/// The path of the first number that differs between two computed results, where leaving out
/// what an audience does not receive must change no figure (a document for authorities);
/// `None` when every number is the same. A site's hourly figures are not compared, nor the
/// scenarios that read them: every redacted input leaves the hours out ([`without_hours`]), and
/// no inventory figure reads them.
#[must_use]
pub fn changed_figure(full: &Results, redacted: &Results) -> Option<String> {
    // Numbers first, then words and dates (`words`), so that the figure named is the one that
    // moved rather than a sentence that quotes it.
    fn walk(a: &Value, b: &Value, path: &str, words: bool) -> Option<String> {
        match (a, b) {
            (Value::Number(x), Value::Number(y)) => {
                let (x, y) = (x.as_f64()?, y.as_f64()?);
                ((x - y).abs() > 1e-9 * x.abs().max(y.abs())).then(|| path.to_owned())
            }
            (Value::String(_), Value::String(_)) | (Value::Bool(_), Value::Bool(_)) if !words => {
                None
            }
            (Value::Array(x), Value::Array(y)) => {
                if x.len() != y.len() {
                    return Some(path.to_owned());
                }
                x.iter()
                    .zip(y)
                    .enumerate()
                    .find_map(|(i, (x, y))| walk(x, y, &format!("{path}[{i}]"), words))
            }
            (Value::Object(x), Value::Object(y)) => x.iter().find_map(|(k, x)| {
                let path = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                match y.get(k) {
                    Some(y) => walk(x, y, &path, words),
                    None => Some(path),
                }
            }),
            // Words and dates too: a crossover's day is a string.
            (Value::String(x), Value::String(y)) => (x != y).then(|| path.to_owned()),
            (Value::Bool(x), Value::Bool(y)) => (x != y).then(|| path.to_owned()),
            (Value::Null, Value::Null) => None,
            _ => Some(path.to_owned()),
        }
    }
    let (Ok(mut a), Ok(b)) = (serde_json::to_value(full), serde_json::to_value(redacted)) else {
        return Some(String::new());
    };
    if let Some(sites) = a.get_mut("sites").and_then(Value::as_array_mut) {
        for site in sites.iter_mut().filter_map(Value::as_object_mut) {
            site.remove("hourly");
        }
    }
    // Nor a scenario that shifts work between hours, which leaves with them.
    let kept: Vec<Value> = b
        .get("scenarios")
        .and_then(Value::as_array)
        .map(|s| s.iter().filter_map(|s| s.get("id").cloned()).collect())
        .unwrap_or_default();
    if let Some(scenarios) = a.get_mut("scenarios").and_then(Value::as_array_mut) {
        scenarios.retain(|s| s.get("id").is_some_and(|id| kept.contains(id)));
        // A scenario's savings hour by hour are hourly figures too (a review of 2026-12-02).
        for scenario in scenarios.iter_mut().filter_map(Value::as_object_mut) {
            scenario.remove("hourly_location_saving");
            scenario.remove("hourly_market_saving");
            scenario.remove("hourly_withheld");
        }
    }
    walk(&a, &b, "", false).or_else(|| walk(&a, &b, "", true))
}

/// The disclosure `document` (as parsed, before reference data fills it) as `audience`
/// receives it; `None` when that audience receives all of it. `disclosure` and `results` are
/// the same input validated and computed.
///
/// # Errors
/// Why this disclosure cannot be shown to `audience`.
pub fn for_audience(
    document: &Value,
    disclosure: &Disclosure,
    results: &Results,
    audience: Audience,
) -> Result<Option<Redacted>, String> {
    Ok(match audience {
        Audience::AiOffice => None,
        Audience::Authority => Some(Redacted {
            document: without_hours(without_exact_time(document, disclosure)?),
            left_out: AUTHORITY_LEFT_OUT,
        }),
        Audience::Downstream => Some(Redacted {
            document: without_hours(without_training(document, disclosure, results)?),
            left_out: DOWNSTREAM_LEFT_OUT,
        }),
    })
}

/// The text of the input `audience` receives of the disclosure checked as `full`, and what it
/// leaves out; `None` when that audience receives the whole disclosure.
///
/// # Errors
/// A [`Refusal`]: the findings of parsing the full input again (only a changed limit can
/// cause them), or why the disclosure cannot be shown to that audience.
pub fn input_for(
    full: &crate::check::Clean,
    audience: Audience,
    limits: crate::load::Limits,
) -> Result<Option<(String, &'static str)>, Refusal> {
    if !redacts(audience) {
        return Ok(None);
    }
    let (document, _) =
        crate::load::parse_yaml(full.source.text(), limits).map_err(Refusal::Findings)?;
    Ok(
        for_audience(&document, &full.disclosure, &full.results, audience)
            .map_err(Refusal::Reason)?
            .map(|r| (text(&r.document), r.left_out)),
    )
}

/// The name of the redacted input made for `audience` from the input called `full`:
/// `provider-cloud.yaml` gives `provider-cloud.downstream.json`. A name too long to take the
/// suffix is shortened.
#[must_use]
pub fn file_name(full: &FileName, audience: Audience) -> FileName {
    let name = full.as_str();
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    let suffix = format!(".{}.json", audience.key());
    let mut end = stem.len().min(255 - suffix.len());
    while !stem.is_char_boundary(end) {
        end -= 1;
    }
    FileName::try_from(format!("{}{suffix}", &stem[..end]))
        .unwrap_or_else(|_| FileName::of(std::path::Path::new("disclosure.downstream.json")))
}

/// The tables of a reference data file, each with the key its rows are looked up by.
const REFERENCE_TABLES: &[(&str, &[&str])] = &[
    ("grid", &["zone"]),
    ("residual_mix", &["zone"]),
    ("cloud_regions", &["provider", "region"]),
    ("providers", &["id"]),
    ("hardware", &["id"]),
];

/// The user's reference data file (`data`, parsed) as a document for an audience carries it:
/// only the rows the audience's `input` (parsed, before its defaults are resolved) reads,
/// that is the regions and devices its `region` and `device` fields name, and the rows a value
/// taken from the data (`uses`) came from. Rows of a training left out (a device only it ran
/// on, a region only it used, a provider's PUE only its site took) would otherwise travel with
/// the document; so would a row whose key merely appears in the input's text (a review of
/// 2026-12-03, helper 63: `location: FR` kept the French factors a site stating its own never
/// read). The caller checks that the rows kept resolve the input as the whole file did.
#[must_use]
pub fn reference_rows(
    data: &Value,
    input: &Value,
    uses: &[crate::reference::resolve::Use],
) -> Value {
    let mut named = std::collections::BTreeSet::new();
    looked_up(input, &mut named);
    named.extend(uses.iter().map(|u| u.key.trim().to_ascii_lowercase()));
    let mut out = data.clone();
    let Some(tables) = out.as_object_mut() else {
        return out;
    };
    let key = |row: &Value, fields: &[&str]| -> Option<String> {
        let parts: Option<Vec<&str>> = fields
            .iter()
            .map(|f| row.get(*f).and_then(Value::as_str).map(str::trim))
            .collect();
        parts.map(|p| p.join(":").to_ascii_lowercase())
    };
    for (table, fields) in REFERENCE_TABLES {
        if let Some(rows) = tables.get_mut(*table).and_then(Value::as_array_mut) {
            rows.retain(|row| key(row, fields).is_some_and(|k| named.contains(&k)));
            // An empty table would still say the file had rows of that kind.
            if rows.is_empty() {
                tables.remove(*table);
            }
        }
    }
    out
}

/// The values of every `region` and `device` field of `value`, the names resolution looks up
/// whatever else the input states, trimmed and in lower case, as the look-ups compare keys.
fn looked_up(value: &Value, out: &mut std::collections::BTreeSet<String>) {
    match value {
        Value::Array(items) => items.iter().for_each(|v| looked_up(v, out)),
        Value::Object(map) => {
            for (key, v) in map {
                match (key.as_str(), v) {
                    ("region" | "device", Value::String(name)) => {
                        out.insert(name.trim().to_ascii_lowercase());
                    }
                    _ => looked_up(v, out),
                }
            }
        }
        _ => {}
    }
}

/// The redacted input as text: pretty JSON, newline-terminated.
#[must_use]
pub fn text(document: &Value) -> String {
    // A tree of JSON values with string keys always serialises.
    let mut text = serde_json::to_string_pretty(document).unwrap_or_default();
    text.push('\n');
    text
}

/// `document` without its electricity hour by hour: every measurement's `hourly`, every grid's
/// `hourly` factors and every instrument's `hourly_generation`. An hourly profile shows when
/// each workload ran, to the hour, which a document that gives training time as a range, or
/// leaves training out, must not show; and the Model Documentation Form asks for no hourly
/// figure. The inventory's figures do not read them.
fn without_hours(mut document: Value) -> Value {
    let each = |document: &mut Value, pointer: &str, key: &str| {
        if let Some(items) = document.pointer_mut(pointer).and_then(Value::as_array_mut) {
            for item in items.iter_mut().filter_map(Value::as_object_mut) {
                item.remove(key);
            }
        }
    };
    each(&mut document, "/measurements", "hourly");
    // Without the hours a shift has nothing to move: a scenario with one is left out, as the
    // left-out text says (an attack of 2026-12-02 found the authority's document refused over
    // it instead, blamed on the training's dates).
    if let Some(scenarios) = document
        .pointer_mut("/scenarios")
        .and_then(Value::as_array_mut)
    {
        scenarios.retain(|scenario| {
            !scenario
                .get("levers")
                .and_then(Value::as_array)
                .is_some_and(|levers| levers.iter().any(|lever| lever.get("shift").is_some()))
        });
    }
    // A scenario's sites name hourly files as the disclosure's do.
    let count = |document: &Value, pointer: &str| {
        document
            .pointer(pointer)
            .and_then(Value::as_array)
            .map_or(0, Vec::len)
    };
    let mut lists = vec!["/sites".to_owned()];
    lists.extend((0..count(&document, "/scenarios")).map(|k| format!("/scenarios/{k}/sites")));
    for list in lists {
        for s in 0..count(&document, &list) {
            if let Some(grid) = object(&mut document, &format!("{list}/{s}/grid")) {
                grid.remove("hourly");
            }
            each(
                &mut document,
                &format!("{list}/{s}/grid/market_based/instruments"),
                "hourly_generation",
            );
        }
    }
    document
}

/// Removes the items of the array at `pointer` whose index `drop` says to drop.
fn retain(document: &mut Value, pointer: &str, drop: impl Fn(usize) -> bool) {
    if let Some(items) = document.pointer_mut(pointer).and_then(Value::as_array_mut) {
        let mut index = 0;
        items.retain(|_| {
            let keep = !drop(index);
            index += 1;
            keep
        });
    }
}

/// The object at `pointer`, when there is one.
fn object<'a>(document: &'a mut Value, pointer: &str) -> Option<&'a mut Map<String, Value>> {
    document.pointer_mut(pointer).and_then(Value::as_object_mut)
}

/// What a redacted input says of how the FLOPs were obtained, in place of the provider's own
/// words (which may give the exact count: "6 × 7.2e9 × 2.5e12").
const ORDER_OF_MAGNITUDE_SOURCE: &str =
    "the provider's figure, given here as its order of magnitude";

/// `document` with each model's training time as the Form's range and its FLOPs as their order
/// of magnitude, and no date, duration or exact computation of a training run; see
/// [`AUTHORITY_LEFT_OUT`].
///
/// # Errors
/// Why it cannot be made: a training energy estimated from inputs that give the run's exact
/// time or computation, or a model trained in the period whose wall-clock time is not stated
/// (the range would be that of this period's runs, not of its training).
fn without_exact_time(document: &Value, d: &Disclosure) -> Result<Value, String> {
    let mut out = document.clone();
    if let Some(m) = d
        .measurements
        .iter()
        .find(|m| m.phase.trains() && (m.energy.hardware.is_some() || m.energy.compute.is_some()))
    {
        return Err(format!(
            "the energy of the training measurement `{}` is estimated from inputs that give the run's exact time or computation, which authorities receive only as a range and an order of magnitude",
            m.id
        ));
    }
    for (k, model) in d.system.models.iter().enumerate() {
        let record = model.training.as_ref();
        let trained = d.training_runs(&model.id).next().is_some();
        #[allow(
            clippy::cast_possible_truncation,
            reason = "a training time in days is far below i64::MAX"
        )]
        let range = match record.and_then(|t| t.wall_clock) {
            Some(time) => Some(TimeRange::of_days((time.hours() / 24.0).floor() as i64)),
            None => record.and_then(|t| t.time_range),
        };
        if trained && range.is_none() {
            return Err(format!(
                "the model `{}` is trained in this period but its wall-clock training time is not stated, so the Form's range for authorities cannot be given (write `training.wall_clock`)",
                model.id
            ));
        }
        let Some(node) = object(&mut out, &format!("/system/models/{k}")) else {
            continue;
        };
        if model.provided_by(&d.organisation.name) {
            node.remove("upstream_training");
        }
        let Some(training) = node.get_mut("training").and_then(Value::as_object_mut) else {
            continue;
        };
        training.remove("wall_clock");
        if let Some(range) = range {
            training.insert("time_range".to_owned(), Value::from(range.label()));
        }
        if let Some(hardware) = training.get_mut("hardware").and_then(Value::as_object_mut) {
            hardware.remove("utilisation");
        }
        let flops = record.and_then(|t| t.compute.as_ref()).map(|c| c.flops);
        if let (Some(flops), Some(compute)) = (
            flops.filter(|f| f.is_finite() && *f > 0.0),
            training.get_mut("compute").and_then(Value::as_object_mut),
        ) {
            // Written as the decimal power of ten, which reads back as its own order.
            let power = crate::text::number::exponent(flops)
                .and_then(|e| format!("1e{e}").parse::<f64>().ok())
                .unwrap_or(flops);
            compute.insert("flops".to_owned(), Value::from(power));
            compute.insert("precision".to_owned(), Value::from("order_of_magnitude"));
            compute.insert("source".to_owned(), Value::from(ORDER_OF_MAGNITUDE_SOURCE));
        }
    }
    for (i, m) in d.measurements.iter().enumerate() {
        if m.phase.trains()
            && let Some(node) = object(&mut out, &format!("/measurements/{i}"))
        {
            node.remove("period");
        }
    }
    for (i, h) in d.hardware.iter().enumerate() {
        if h.phase.is_some_and(Phase::trains)
            && let Some(node) = object(&mut out, &format!("/hardware/{i}"))
        {
            node.remove("reserved");
        }
    }
    Ok(out)
}

/// Whether a document for downstream providers keeps `model`: one some serving measurement
/// uses, or the general-purpose model the document is about (review of 2026-12-03, helper 62:
/// one that only trained here was left out of its own document). Any other is held only for
/// its training, and goes with it, with the hardware tied to it (helper 61: an unannounced
/// model's name and size reached downstream providers).
#[must_use]
pub fn downstream_keeps(d: &Disclosure, model: &crate::model::Model) -> bool {
    model.general_purpose
        || d.measurements
            .iter()
            .any(|m| !m.phase.trains() && m.model == model.id)
}

/// Whether a document for downstream providers leaves out the model with id `id`
/// ([`downstream_keeps`]), and the hardware tied to it.
#[must_use]
pub fn downstream_drops_model(d: &Disclosure, id: &str) -> bool {
    d.system
        .models
        .iter()
        .any(|model| model.id == id && !downstream_keeps(d, model))
}

/// `document` without the organisation's own training; see [`DOWNSTREAM_LEFT_OUT`].
///
/// # Errors
/// Why it cannot be made: nothing but training is measured.
fn without_training(document: &Value, d: &Disclosure, results: &Results) -> Result<Value, String> {
    if d.measurements.iter().all(|m| m.phase.trains()) {
        return Err("every measurement is training, and downstream providers receive none of it: there is no operation to document".to_owned());
    }
    let mut out = document.clone();
    // Anything not inference is training: a phase added later is left out, not let through.
    let trains = |i: usize| d.measurements[i].phase.trains();
    let removed: Vec<&str> = (0..d.measurements.len())
        .filter(|&i| trains(i))
        .map(|i| d.measurements[i].id.as_str())
        .collect();
    // A site stays while serving uses it; a scenario goes when it moves training, or moves work
    // to a site that does not stay (it would show that site and its factors).
    let site_used: Vec<bool> = d
        .sites
        .iter()
        .map(|site| {
            d.measurements
                .iter()
                .any(|m| m.phase == Phase::Inference && m.site == site.id)
        })
        .collect();
    let dropped_site = |id: &str| {
        d.sites
            .iter()
            .zip(&site_used)
            .any(|(site, used)| site.id == id && !used)
    };
    let scenario_drops: Vec<bool> = d
        .scenarios
        .iter()
        .map(|s| {
            s.levers.iter().any(|lever| match lever {
                Lever::RightSize(l) => removed.contains(&l.measurement.as_str()),
                Lever::Route(l) => removed.contains(&l.measurement.as_str()),
                // Left out with the hours, for every audience (`without_hours`).
                Lever::Shift(_) => false,
                Lever::Relocate(l) => {
                    removed.contains(&l.measurement.as_str()) || dropped_site(&l.site)
                }
            })
        })
        .collect();
    // A model stays while serving uses it: one the disclosure holds only for its training
    // (attack of 2026-12-03, helper 61: an unannounced model's name and size reached downstream
    // providers), and the hardware tied to it, go with the training.
    share_with_training(&mut out, d, results);
    retain(&mut out, "/measurements", trains);
    retain(&mut out, "/combustion", |i| {
        dropped_site(&d.combustion[i].site)
    });
    retain(&mut out, "/scenarios", |i| scenario_drops[i]);
    retain(&mut out, "/sites", |i| !site_used[i]);
    retain(&mut out, "/hardware", |i| {
        let item = &d.hardware[i];
        item.phase.is_some_and(Phase::trains)
            || item
                .model
                .as_deref()
                .is_some_and(|id| downstream_drops_model(d, id))
    });
    for (k, model) in d.system.models.iter().enumerate() {
        let Some(node) = object(&mut out, &format!("/system/models/{k}")) else {
            continue;
        };
        node.remove("training");
        // A model the organisation provides has no upstream: its published figures and their
        // allocation are its own training. Another provider's stay, as upstream context.
        if model.provided_by(&d.organisation.name) {
            node.remove("upstream_training");
            node.remove("allocation");
        }
    }
    retain(&mut out, "/system/models", |k| {
        !downstream_keeps(d, &d.system.models[k])
    });
    if let Some(methodology) = object(&mut out, "/methodology") {
        methodology.remove("training");
    }
    if let Some(root) = out.as_object_mut() {
        root.remove("claims");
    }
    Ok(out)
}

/// Each site whose facility energy training shares, by its index, with the part of that energy
/// inference used (below 1): the share a document without the training gives the operation of
/// the site's instruments and fuel.
pub fn serving_shares<'a>(
    d: &'a Disclosure,
    results: &'a Results,
) -> impl Iterator<Item = (usize, f64)> + 'a {
    d.sites.iter().enumerate().filter_map(|(s, site)| {
        let (mut all, mut kept) = (0.0, 0.0);
        for (m, r) in d.measurements.iter().zip(&results.measurements) {
            if m.site == site.id {
                all += r.facility_energy.value;
                if m.phase == Phase::Inference {
                    kept += r.facility_energy.value;
                }
            }
        }
        (kept < all && all > 0.0).then(|| (s, kept / all))
    })
}

/// Scales what each site shared by training and inference holds for all of its work, its
/// contractual instruments and the fuel it burns, to the part of the site's facility energy
/// that inference used. The market-based method gives each measurement the share of its
/// site's emissions that its facility energy is of the site's, so the operation keeps exactly
/// the instruments' share it had in the whole; the fuel (backup generators' tests, for the
/// site's load) is shared the same way.
fn share_with_training(out: &mut Value, d: &Disclosure, results: &Results) {
    for (s, share) in serving_shares(d, results) {
        let site = &d.sites[s];
        // The whole is not said: beside the operation's facility energy, the part would give
        // the training's (review, 2026-12-01).
        let sourced = |node: &mut serde_json::Map<String, Value>, source: &str| {
            node.insert(
                "source".to_owned(),
                Value::from(format!(
                    "{source}; the part allocated to the operation in proportion to its facility energy"
                )),
            );
        };
        let instruments = site
            .grid
            .market_based
            .iter()
            .flat_map(|m| m.instruments.iter().enumerate());
        for (j, instrument) in instruments {
            if let Some(node) = object(
                out,
                &format!("/sites/{s}/grid/market_based/instruments/{j}"),
            ) {
                // kWh, the canonical unit, so the value reads back without a conversion.
                let kwh = instrument.energy.kwh() * share;
                node.insert("energy".to_owned(), Value::from(format!("{kwh} kWh")));
                sourced(node, &instrument.source);
            }
        }
        for (j, fuel) in d.combustion.iter().enumerate() {
            if fuel.site != site.id {
                continue;
            }
            let biogenic = fuel.biogenic_co2.iter().map(|b| {
                (
                    "biogenic_co2",
                    format!("{} kgCO2e", b.value.kg() * share),
                    &b.source,
                )
            });
            let figures = [
                (
                    "energy",
                    format!("{} kWh", fuel.energy.value.kwh() * share),
                    &fuel.energy.source,
                ),
                (
                    "emissions",
                    format!("{} kgCO2e", fuel.emissions.value.kg() * share),
                    &fuel.emissions.source,
                ),
            ];
            for (field, value, figure) in figures.into_iter().chain(biogenic) {
                if let Some(node) = object(out, &format!("/combustion/{j}/{field}")) {
                    node.insert("value".to_owned(), Value::from(value));
                    sourced(node, figure);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_redacted_input_is_named_after_the_full_one() {
        let full = FileName::of(std::path::Path::new("/x/provider-cloud.yaml"));
        assert_eq!(
            file_name(&full, Audience::Downstream).as_str(),
            "provider-cloud.downstream.json"
        );
        let long = FileName::try_from(format!("{}.yaml", "é".repeat(120))).unwrap();
        let name = file_name(&long, Audience::Downstream);
        assert!(name.as_str().len() <= 255 && name.as_str().ends_with(".downstream.json"));
    }

    #[test]
    fn an_audience_keeps_the_reference_rows_its_input_names_or_uses() {
        let data = serde_json::json!({
            "name": "house",
            "grid": [{ "zone": "se3" }, { "zone": "FR" }],
            "cloud_regions": [
                { "provider": "acme", "region": "north-1", "zone": "SE3" },
                { "provider": "other", "region": "x", "zone": "FR" }
            ],
            "providers": [{ "id": "ACME" }, { "id": "other" }],
            "hardware": [{ "id": "training-only" }]
        });
        // The site names its region in another case; the grid factor was taken for its zone
        // and the PUE for its provider. `FR` and `other` appear in the input's text, and are
        // looked up by nothing.
        let input = serde_json::json!({
            "sites": [{ "region": " Acme:North-1 ", "location": "FR" }],
            "system": { "description": "other" }
        });
        let taken = |key: &str| crate::reference::resolve::Use {
            pointer: "/sites/0".to_owned(),
            what: "value".to_owned(),
            key: key.to_owned(),
            value: "1".to_owned(),
            year: Some(2025),
            source: "s".to_owned(),
        };
        let uses = [taken("SE3"), taken("acme")];
        let kept = reference_rows(&data, &input, &uses);
        assert_eq!(
            kept,
            serde_json::json!({
                "name": "house",
                "grid": [{ "zone": "se3" }],
                "cloud_regions": [{ "provider": "acme", "region": "north-1", "zone": "SE3" }],
                "providers": [{ "id": "ACME" }]
            })
        );
    }

    #[test]
    fn the_ai_office_alone_receives_the_whole_disclosure() {
        assert!(redacts(Audience::Downstream) && redacts(Audience::Authority));
        assert!(!redacts(Audience::AiOffice));
    }
}
