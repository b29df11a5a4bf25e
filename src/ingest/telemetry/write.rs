//! The integrated energy written out: a CSV or JSON table of each device and period, or the
//! measurements a disclosure takes.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use super::{Bucket, Cell, Integrator, period_label};
use crate::text::number::format;
use crate::text::yaml::string;

/// The energy of each device and period as CSV: `device,period,energy_kwh,covered_h,
/// missing_h,gap_estimate_kwh`.
#[must_use]
pub fn csv(integrator: &Integrator) -> String {
    let bucket = integrator.bucket();
    let mut out = String::from("device,period,energy_kwh,covered_h,missing_h,gap_estimate_kwh\n");
    for ((device, start), cell) in &integrator.cells {
        let _ = writeln!(
            out,
            "{},{},{},{},{},{}",
            device,
            period_label(bucket, *start),
            cell.kwh(),
            cell.covered_h(),
            cell.missing_h(),
            cell.gap_estimate_kwh()
        );
    }
    out
}

/// The energy of each device and period as JSON, with the method and what was counted.
#[must_use]
pub fn json(integrator: &Integrator) -> String {
    let bucket = integrator.bucket();
    let cells: Vec<serde_json::Value> = integrator
        .cells
        .iter()
        .map(|((device, start), c)| {
            serde_json::json!({
                "device": device,
                "period": period_label(bucket, *start),
                "energy_kwh": c.kwh(),
                "covered_h": c.covered_h(),
                "missing_h": c.missing_h(),
                "gap_estimate_kwh": c.gap_estimate_kwh(),
            })
        })
        .collect();
    let value = serde_json::json!({
        "method": "trapezoid rule per device over power samples (differences of energy counters); gaps longer than the threshold are not bridged and their energy is estimated apart",
        "counts": integrator.counts,
        "cells": cells,
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

/// Where integrated measurements came from and what they are of.
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    /// The log read.
    pub path: &'a Path,
    /// The site the measurements belong to (`site:`).
    pub site: &'a str,
    /// The model they served (`model:`).
    pub model: &'a str,
}

/// One measurement per period, all devices together, as YAML for a disclosure's
/// `measurements:`.
#[must_use]
pub fn measurements(integrator: &Integrator, origin: Origin<'_>) -> String {
    let bucket = integrator.bucket();
    let mut periods: BTreeMap<i64, Cell> = BTreeMap::new();
    let mut devices = BTreeSet::new();
    for ((device, start), cell) in &integrator.cells {
        devices.insert(device.clone());
        periods.entry(*start).or_default().add(cell);
    }
    let (first, last) = integrator.span.unwrap_or((0.0, 0.0));
    let date = |t: f64| {
        #[allow(
            clippy::cast_possible_truncation,
            reason = "telemetry timestamps are far within i64 seconds"
        )]
        chrono::DateTime::from_timestamp(t.floor() as i64, 0)
            .map_or_else(String::new, |d| d.date_naive().to_string())
    };
    let mut out = format!(
        "# Measurements integrated by `wattprint ingest` from {} ({} device(s), {} rows).\n# Paste under `measurements:`; replace SITE and MODEL if you did not pass --site and --model.\n",
        origin.path.display(),
        devices.len(),
        integrator.counts.rows
    );
    for (i, (start, cell)) in periods.iter().enumerate() {
        let (from, to) = if bucket == Bucket::Total {
            (date(first), date(last))
        } else {
            #[allow(
                clippy::cast_precision_loss,
                reason = "period starts are whole seconds"
            )]
            let (a, b) = bucket.bounds(*start as f64);
            (date(a.max(first)), date((b - 1.0).min(last)))
        };
        let mut source = format!(
            "{} integrated by wattprint (trapezoid rule per device, {} devices)",
            origin
                .path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
            devices.len()
        );
        if cell.missing_s > 0.0 {
            let _ = write!(
                source,
                "; {} h in gaps not bridged, holding an estimated {} kWh not included",
                format(cell.missing_h()),
                format(cell.gap_estimate_kwh())
            );
        }
        let _ = write!(
            out,
            "- id: telemetry-{}\n  phase: inference\n  site: {}\n  model: {}\n  period: {{ start: {from}, end: {to} }}\n  energy: {{ value: {} kWh, method: device_telemetry, source: {} }}\n  boundary: [accelerators]\n",
            i + 1,
            origin.site,
            origin.model,
            cell.kwh(),
            string(&source),
        );
    }
    out
}
