//! A user's own reference data: rows that extend or override the built-in dataset, in a YAML
//! file checked against its own schema (`wattprint schema reference-data`).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;

use super::{Dataset, Device, GridRow, Precision, Provider, Published, Region, Source};
use crate::diagnostic::Diagnostic;
use crate::model::{Emissions, Intensity, Power, WaterIntensity};

/// A file of reference data that extends or overrides the built-in dataset.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "wattprint reference data")]
pub struct UserData {
    /// A name for this dataset and its version, shown in reports beside the built-in one.
    pub name: String,
    /// Location-based grid factors by country or grid zone.
    #[serde(default)]
    pub grid: Vec<UserFactor>,
    /// Residual-mix factors by country or grid zone (market-based method).
    #[serde(default)]
    pub residual_mix: Vec<UserFactor>,
    /// Cloud regions and the grid zone each draws power from.
    #[serde(default)]
    pub cloud_regions: Vec<UserRegion>,
    /// Cloud providers' published PUE and WUE.
    #[serde(default)]
    pub providers: Vec<UserProvider>,
    /// Accelerators and servers.
    #[serde(default)]
    pub hardware: Vec<UserDevice>,
}

/// An emission factor of one zone.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UserFactor {
    /// ISO 3166-1 alpha-2 code, ISO 3166-2 subdivision or grid zone, e.g. "DE", "US-VA", "SE3".
    pub zone: String,
    /// Its name.
    #[serde(default)]
    pub name: Option<String>,
    /// The factor.
    pub value: Intensity,
    /// The year it describes.
    pub year: i32,
    /// Where it comes from.
    pub source: String,
}

/// A cloud region.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UserRegion {
    /// The provider, e.g. "aws".
    pub provider: String,
    /// Its region code, e.g. "eu-central-1".
    pub region: String,
    /// The grid zone it draws power from.
    pub zone: String,
    /// Where it is.
    #[serde(default)]
    pub city: Option<String>,
    /// Where the mapping comes from.
    pub source: String,
}

/// A published figure.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UserPublished<T> {
    /// The value.
    pub value: T,
    /// The year it describes.
    pub year: i32,
    /// Where it comes from.
    pub source: String,
}

/// A cloud provider's published fleet figures.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UserProvider {
    /// The provider, as in regions ("aws").
    pub id: String,
    /// Its name.
    #[serde(default)]
    pub name: Option<String>,
    /// Fleet-average PUE.
    #[serde(default)]
    pub pue: Option<UserPublished<f64>>,
    /// Fleet-average WUE.
    #[serde(default)]
    pub wue: Option<UserPublished<WaterIntensity>>,
}

/// An accelerator or server.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UserDevice {
    /// Identifier used in disclosures (`device: my-accelerator`).
    pub id: String,
    /// Its name.
    pub name: String,
    /// Thermal design power.
    #[serde(default)]
    pub tdp: Option<Power>,
    /// Power at idle.
    #[serde(default)]
    pub idle: Option<Power>,
    /// Dense peak throughput in TFLOP/s by precision (fp64, fp32, tf32, fp16, bf16, fp8).
    #[serde(default)]
    pub peak_tflops: BTreeMap<String, f64>,
    /// Embodied emissions of one unit.
    #[serde(default)]
    pub embodied: Option<Emissions>,
    /// Where the figures come from.
    pub source: String,
}

/// A reference data file that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("the reference data file has {} problem(s)", .0.len())]
pub struct UserError(pub Vec<Diagnostic>);

impl UserData {
    /// The JSON Schema of reference data files.
    #[must_use]
    pub fn schema() -> serde_json::Value {
        let mut schema = schemars::schema_for!(UserData).to_value();
        crate::model::drop_null_alternatives(&mut schema);
        crate::model::standard_formats(&mut schema);
        schema
    }
}

impl Dataset {
    /// This dataset with `user`'s rows: a row with the key of a built-in one replaces it,
    /// others are added.
    #[must_use]
    pub fn extended(&self, user: &UserData) -> Dataset {
        let mut data = self.clone();
        data.name = format!("{} + {}", self.name, user.name);
        let mut cite = |text: &str| -> String {
            if let Some(found) = data.sources.iter().find(|s| s.title == text) {
                return found.id.clone();
            }
            let id = format!("user-{}", data.sources.len());
            data.sources.push(Source {
                id: id.clone(),
                title: text.to_owned(),
                publisher: user.name.clone(),
                url: String::new(),
                licence: String::new(),
                basis: String::new(),
            });
            id
        };
        let factor = |f: &UserFactor, source: String| GridRow {
            zone: f.zone.clone(),
            name: f.name.clone().unwrap_or_else(|| f.zone.clone()),
            g_per_kwh: f.value.g_per_kwh(),
            year: f.year,
            source,
        };
        let grid: Vec<GridRow> = user
            .grid
            .iter()
            .map(|f| factor(f, cite(&f.source)))
            .collect();
        let residual: Vec<GridRow> = user
            .residual_mix
            .iter()
            .map(|f| factor(f, cite(&f.source)))
            .collect();
        let regions: Vec<Region> = user
            .cloud_regions
            .iter()
            .map(|r| Region {
                provider: r.provider.clone(),
                region: r.region.clone(),
                zone: r.zone.clone(),
                city: r.city.clone().unwrap_or_default(),
                source: cite(&r.source),
            })
            .collect();
        let providers: Vec<Provider> = user
            .providers
            .iter()
            .map(|p| Provider {
                id: p.id.clone(),
                name: p.name.clone().unwrap_or_else(|| p.id.clone()),
                pue: p.pue.as_ref().map(|f| Published {
                    value: f.value,
                    year: f.year,
                    source: cite(&f.source),
                }),
                wue: p.wue.as_ref().map(|f| Published {
                    value: f.value.l_per_kwh(),
                    year: f.year,
                    source: cite(&f.source),
                }),
            })
            .collect();
        let devices: Vec<Device> = user
            .hardware
            .iter()
            .map(|d| {
                let source = cite(&d.source);
                Device {
                    id: d.id.clone(),
                    name: d.name.clone(),
                    kind: "user".to_owned(),
                    tdp_w: d.tdp.map(|p| p.kw() * 1000.0),
                    idle_w: d.idle.map(|p| p.kw() * 1000.0),
                    peak_tflops: Precision::ALL
                        .iter()
                        .filter_map(|p| d.peak_tflops.get(p.name()).map(|v| (*p, *v)))
                        .collect(),
                    embodied_kg: d.embodied.map(Emissions::kg),
                    embodied_source: d.embodied.map(|_| source.clone()),
                    source,
                }
            })
            .collect();
        replace(&mut data.grid, grid, |a, b| {
            a.zone.eq_ignore_ascii_case(&b.zone)
        });
        replace(&mut data.residual_mix, residual, |a, b| {
            a.zone.eq_ignore_ascii_case(&b.zone)
        });
        // Rows are looked up in any case, so they replace in any case: a user's `GCP` row was
        // added beside the built-in `gcp`, which the look-up found first (a review of
        // 2026-12-03, helper 63).
        replace(&mut data.regions, regions, |a, b| {
            a.key().eq_ignore_ascii_case(&b.key())
        });
        replace(&mut data.providers, providers, |a, b| {
            a.id.eq_ignore_ascii_case(&b.id)
        });
        replace(&mut data.devices, devices, |a, b| {
            a.id.eq_ignore_ascii_case(&b.id)
        });
        data
    }
}

/// Puts each of `new` in `rows`, in place of the row `same` matches or at the end.
fn replace<T>(rows: &mut Vec<T>, new: Vec<T>, same: impl Fn(&T, &T) -> bool) {
    for row in new {
        match rows.iter().position(|r| same(r, &row)) {
            Some(i) => rows[i] = row,
            None => rows.push(row),
        }
    }
}
