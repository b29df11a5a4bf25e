//! Reference data compiled into the binary: grid carbon intensity by country and grid zone,
//! cloud regions with the zone they draw power from, providers' published PUE and WUE, and
//! accelerators' power and peak throughput. Every row names its year and its source
//! (`data/SOURCES.md`); a disclosure asks for a value with `{ value: default }`, a cloud
//! `region:` or a `device:`, and [`resolve`] writes the value, marked `default_factor`, with
//! its provenance into the input before it is validated.
//!
//! Users extend or override the dataset with a file of their own ([`UserData`], checked by
//! `wattprint schema reference-data`); its rows win over the built-in ones.

pub mod resolve;
pub mod short_forms;
mod user;

use std::sync::OnceLock;

use serde::Serialize;

pub use user::{UserData, UserError};

/// The version of the built-in dataset, as reports and manifests name it.
pub const VERSION: &str = include_str!("../../data/VERSION");

/// Grid carbon intensity of one country or grid zone.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GridRow {
    /// ISO 3166-1 alpha-2 code, ISO 3166-2 subdivision (`US-VA`) or bidding zone (`SE3`).
    pub zone: String,
    /// Its name.
    pub name: String,
    /// Location-based factor, gCO2e/kWh.
    pub g_per_kwh: f64,
    /// The year the factor describes.
    pub year: i32,
    /// Id of the source in [`Dataset::source`].
    pub source: String,
}

/// The generation mix of one country or grid zone: shares of fossil, nuclear and renewable
/// sources, which add up to one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MixRow {
    /// ISO 3166-1 alpha-2 code or ISO 3166-2 subdivision (`CA-QC`).
    pub zone: String,
    /// Share of fossil sources, 0 to 1.
    pub fossil: f64,
    /// Share of nuclear sources, 0 to 1.
    pub nuclear: f64,
    /// Share of renewable sources, 0 to 1.
    pub renewable: f64,
    /// The year the shares describe.
    pub year: i32,
    /// Id of the source in [`Dataset::source`].
    pub source: String,
}

/// A cloud region and the grid zone it draws power from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Region {
    /// `aws`, `azure`, `gcp`.
    pub provider: String,
    /// The provider's region code, e.g. `eu-central-1`.
    pub region: String,
    /// The grid zone, a key of the grid table.
    pub zone: String,
    /// Where it is.
    pub city: String,
    /// Id of the source.
    pub source: String,
}

impl Region {
    /// `provider:region`, as written in a disclosure.
    #[must_use]
    pub fn key(&self) -> String {
        format!("{}:{}", self.provider, self.region)
    }
}

/// A published figure with its year and source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Published {
    /// The value.
    pub value: f64,
    /// The year it describes.
    pub year: i32,
    /// Id of the source.
    pub source: String,
}

/// A cloud provider's published fleet figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Provider {
    /// `aws`, `azure`, `gcp`.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Fleet-average PUE.
    pub pue: Option<Published>,
    /// Fleet-average WUE, L/kWh of IT energy.
    pub wue: Option<Published>,
}

/// Numeric precisions for peak throughput.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// 64-bit floating point (tensor cores where the device has them).
    Fp64,
    /// 32-bit floating point.
    Fp32,
    /// TensorFloat-32.
    Tf32,
    /// 16-bit floating point.
    Fp16,
    /// bfloat16.
    Bf16,
    /// 8-bit floating point.
    Fp8,
}

impl Precision {
    /// Every precision, in table order.
    pub const ALL: [Precision; 6] = [
        Precision::Fp64,
        Precision::Fp32,
        Precision::Tf32,
        Precision::Fp16,
        Precision::Bf16,
        Precision::Fp8,
    ];

    /// The name as written in inputs and tables.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Precision::Fp64 => "fp64",
            Precision::Fp32 => "fp32",
            Precision::Tf32 => "tf32",
            Precision::Fp16 => "fp16",
            Precision::Bf16 => "bf16",
            Precision::Fp8 => "fp8",
        }
    }
}

/// An accelerator or server.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Device {
    /// Identifier used in disclosures (`device: h100-sxm`).
    pub id: String,
    /// Its name.
    pub name: String,
    /// `gpu`, `tpu` or `server`.
    pub kind: String,
    /// Thermal design power (maximum board power), W.
    pub tdp_w: Option<f64>,
    /// Power at idle, W, where a source gives it.
    pub idle_w: Option<f64>,
    /// Dense peak throughput, TFLOP/s, by precision.
    pub peak_tflops: Vec<(Precision, f64)>,
    /// Embodied emissions of one unit, kgCO2e, where a life-cycle source gives them.
    pub embodied_kg: Option<f64>,
    /// Id of the source of the specifications.
    pub source: String,
    /// Id of the source of the embodied emissions.
    pub embodied_source: Option<String>,
}

impl Device {
    /// Dense peak at `precision`, TFLOP/s.
    #[must_use]
    pub fn peak(&self, precision: Precision) -> Option<f64> {
        self.peak_tflops
            .iter()
            .find(|(p, _)| *p == precision)
            .map(|(_, v)| *v)
    }
}

/// A source of reference data.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Source {
    /// Identifier used by the rows.
    pub id: String,
    /// What it is.
    pub title: String,
    /// Who publishes it.
    pub publisher: String,
    /// Where to find it.
    pub url: String,
    /// The terms it is used under.
    pub licence: String,
    /// For grid factors: `lifecycle` or `direct` (combustion only) emissions.
    pub basis: String,
}

/// The reference data in force: the built-in dataset, possibly extended by a user's file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dataset {
    /// What to call it in reports: the built-in version, and the user's label if any.
    pub name: String,
    /// Location-based grid factors.
    pub grid: Vec<GridRow>,
    /// Generation mixes, for the energy mix of ESRS E1-5.
    pub mix: Vec<MixRow>,
    /// Residual-mix factors (only from a user's file: no source that allows
    /// redistribution publishes them).
    pub residual_mix: Vec<GridRow>,
    /// Cloud regions.
    pub regions: Vec<Region>,
    /// Cloud providers.
    pub providers: Vec<Provider>,
    /// Accelerators and servers.
    pub devices: Vec<Device>,
    /// Sources of all of the above.
    pub sources: Vec<Source>,
}

/// An embedded CSV table, read once when the built-in dataset is first asked for.
struct Table {
    header: csv::StringRecord,
    records: Vec<csv::StringRecord>,
}

/// One row of a [`Table`], its fields found by column name. Fields stay in the record they were
/// read into: a map of owned strings per row doubled the cost of reading the tables, a tenth of
/// a small file's `validate` (BENCHMARKS.md).
struct Row<'a> {
    header: &'a csv::StringRecord,
    record: &'a csv::StringRecord,
}

impl Table {
    fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        self.records.iter().map(|record| Row {
            header: &self.header,
            record,
        })
    }
}

impl Row<'_> {
    fn get(&self, column: &str) -> Option<&str> {
        let index = self.header.iter().position(|name| name == column)?;
        self.record.get(index)
    }
}

/// Reads the embedded CSV `text`.
fn table(text: &str) -> Table {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().cloned().unwrap_or_default();
    let records = reader.records().filter_map(Result::ok).collect();
    Table { header, records }
}

fn number(text: Option<&str>) -> Option<f64> {
    text.and_then(|t| t.parse().ok())
}

fn year(text: Option<&str>) -> i32 {
    text.and_then(|t| t.parse().ok()).unwrap_or_default()
}

fn text(row: &Row, column: &str) -> String {
    row.get(column).unwrap_or_default().to_owned()
}

impl Dataset {
    /// The dataset compiled into this build of wattprint.
    #[must_use]
    pub fn builtin() -> &'static Dataset {
        static BUILTIN: OnceLock<Dataset> = OnceLock::new();
        BUILTIN.get_or_init(Dataset::parse_builtin)
    }

    fn parse_builtin() -> Dataset {
        let grid = table(include_str!("../../data/grid.csv"))
            .rows()
            .map(|r| GridRow {
                zone: text(&r, "zone"),
                name: text(&r, "name"),
                g_per_kwh: number(r.get("g_co2e_per_kwh")).unwrap_or(f64::NAN),
                year: year(r.get("year")),
                source: text(&r, "source"),
            })
            .collect();
        let mix = table(include_str!("../../data/mix.csv"))
            .rows()
            .map(|r| MixRow {
                zone: text(&r, "zone"),
                fossil: number(r.get("fossil")).unwrap_or(f64::NAN),
                nuclear: number(r.get("nuclear")).unwrap_or(f64::NAN),
                renewable: number(r.get("renewable")).unwrap_or(f64::NAN),
                year: year(r.get("year")),
                source: text(&r, "source"),
            })
            .collect();
        let regions = table(include_str!("../../data/cloud-regions.csv"))
            .rows()
            .map(|r| Region {
                provider: text(&r, "provider"),
                region: text(&r, "region"),
                zone: text(&r, "zone"),
                city: text(&r, "city"),
                source: text(&r, "source"),
            })
            .collect();
        let providers = table(include_str!("../../data/providers.csv"))
            .rows()
            .map(|r| {
                let published = |value: &str, year_key: &str, source: &str| {
                    number(r.get(value)).map(|v| Published {
                        value: v,
                        year: year(r.get(year_key)),
                        source: text(&r, source),
                    })
                };
                Provider {
                    id: text(&r, "provider"),
                    name: text(&r, "name"),
                    pue: published("pue", "pue_year", "pue_source"),
                    wue: published("wue_l_per_kwh", "wue_year", "wue_source"),
                }
            })
            .collect();
        let devices = table(include_str!("../../data/hardware.csv"))
            .rows()
            .map(|r| Device {
                id: text(&r, "id"),
                name: text(&r, "name"),
                kind: text(&r, "kind"),
                tdp_w: number(r.get("tdp_w")),
                idle_w: number(r.get("idle_w")),
                peak_tflops: Precision::ALL
                    .iter()
                    .filter_map(|p| number(r.get(&format!("{}_tflops", p.name()))).map(|v| (*p, v)))
                    .collect(),
                embodied_kg: number(r.get("embodied_kgco2e")),
                source: text(&r, "source"),
                embodied_source: r
                    .get("embodied_source")
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned),
            })
            .collect();
        let sources = table(include_str!("../../data/sources.csv"))
            .rows()
            .map(|r| Source {
                id: text(&r, "id"),
                title: text(&r, "title"),
                publisher: text(&r, "publisher"),
                url: text(&r, "url"),
                licence: text(&r, "licence"),
                basis: text(&r, "basis"),
            })
            .collect();
        Dataset {
            name: format!("wattprint reference data {}", VERSION.trim()),
            grid,
            mix,
            residual_mix: Vec::new(),
            regions,
            providers,
            devices,
            sources,
        }
    }

    /// The location-based factor of `zone` (any case).
    #[must_use]
    pub fn grid(&self, zone: &str) -> Option<&GridRow> {
        self.grid.iter().find(|r| r.zone.eq_ignore_ascii_case(zone))
    }

    /// The generation mix of `zone` (any case), or of its country where the zone has none
    /// (`US-VA` takes `US`, `SE3` takes `SE`).
    #[must_use]
    pub fn mix(&self, zone: &str) -> Option<&MixRow> {
        let find = |z: &str| self.mix.iter().find(|r| r.zone.eq_ignore_ascii_case(z));
        // Only a zone written with a country's code (`US-VA`, `SE3`) falls back on its
        // country: "Germany" is not "GE".
        find(zone).or_else(|| {
            crate::model::zone_countries(zone)
                .first()
                .and_then(|country| find(country))
        })
    }

    /// The residual-mix factor of `zone` (any case).
    #[must_use]
    pub fn residual_mix(&self, zone: &str) -> Option<&GridRow> {
        self.residual_mix
            .iter()
            .find(|r| r.zone.eq_ignore_ascii_case(zone))
    }

    /// The region written `provider:region` (any case).
    #[must_use]
    pub fn region(&self, key: &str) -> Option<&Region> {
        self.regions
            .iter()
            .find(|r| r.key().eq_ignore_ascii_case(key.trim()))
    }

    /// The provider `id`.
    #[must_use]
    pub fn provider(&self, id: &str) -> Option<&Provider> {
        self.providers
            .iter()
            .find(|p| p.id.eq_ignore_ascii_case(id))
    }

    /// The device `id` (any case).
    #[must_use]
    pub fn device(&self, id: &str) -> Option<&Device> {
        self.devices
            .iter()
            .find(|d| d.id.eq_ignore_ascii_case(id.trim()))
    }

    /// The source `id`.
    #[must_use]
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }

    /// How a row of source `id` is cited in a disclosure: title and publisher.
    #[must_use]
    pub fn cite(&self, id: &str) -> String {
        self.source(id).map_or_else(
            || id.to_owned(),
            |s| format!("{} ({})", s.title, s.publisher),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every generation mix adds up to one and cites a source of the dataset; Germany's is
    /// OWID's 2023 generation (CodeCarbon 3.3.2's `global_energy_mix.json`): fossil 231.48,
    /// nuclear 8.75 and renewables 264.56 of 504.79 `TWh`, so 45.86 %, 1.73 % and 52.41 %.
    #[test]
    fn generation_mixes_add_up_and_cite_their_source() {
        let data = Dataset::builtin();
        assert!(data.mix.len() > 200);
        for row in &data.mix {
            let sum = row.fossil + row.nuclear + row.renewable;
            assert!((sum - 1.0).abs() < 0.001, "{}: {sum}", row.zone);
            assert!(data.source(&row.source).is_some(), "{}", row.source);
        }
        let de = data.mix("DE").unwrap();
        assert!((de.fossil - 231.48 / 504.79).abs() < 5e-5);
        assert!((de.nuclear - 8.75 / 504.79).abs() < 5e-5);
        assert!((de.renewable - 264.56 / 504.79).abs() < 5e-5);
        // A zone without a row takes its country's.
        assert_eq!(data.mix("US-VA").unwrap().zone, "US");
        assert_eq!(data.mix("SE3").unwrap().zone, "SE");
        assert_eq!(data.mix("CA-QC").unwrap().zone, "CA-QC");
        // A name is no code: "Germany" is not Georgia (GE), nor "Ireland" Iran (IR).
        for name in ["Germany", "Ireland", "IRL", "Austria"] {
            assert!(data.mix(name).is_none(), "{name}");
        }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9 * a.abs().max(1.0)
    }

    #[test]
    fn spot_checks_match_their_sources() {
        let data = Dataset::builtin();
        // Our World in Data, carbon_intensity_elec (Ember), 2023: Germany 380.95 and France
        // 56.039 gCO2e/kWh, as bundled in CodeCarbon 3.3.2's global_energy_mix.json.
        let de = data.grid("de").unwrap();
        assert!(close(de.g_per_kwh, 380.95) && de.year == 2023 && de.source == "owid-ember");
        assert!(close(data.grid("FR").unwrap().g_per_kwh, 56.039));
        // eGRID2023 STC2ERTA for Virginia, 539.599 lb/MWh (hand: × 0.45359237 = 244.758 g/kWh).
        let va = data.grid("US-VA").unwrap();
        assert!(close(va.g_per_kwh, 244.758) && va.source == "egrid-2023");
        // AWS: eu-central-1 is Frankfurt; global PUE 1.15 in 2024 (aws.amazon.com).
        let region = data.region("aws:eu-central-1").unwrap();
        assert_eq!(
            (region.zone.as_str(), region.city.as_str()),
            ("DE", "Frankfurt")
        );
        let aws = data.provider("aws").unwrap().pue.clone().unwrap();
        assert!(close(aws.value, 1.15) && aws.year == 2024);
        // NVIDIA H100 SXM datasheet: 700 W; BF16 1,979 TFLOPS with sparsity, 989.5 dense.
        let h100 = data.device("H100-SXM").unwrap();
        assert_eq!(h100.tdp_w, Some(700.0));
        assert_eq!(h100.peak(Precision::Bf16), Some(989.5));
        // Luccioni et al. 2023 (BLOOM): 150 kgCO2e per A100 GPU.
        assert_eq!(
            data.device("a100-sxm4-80gb").unwrap().embodied_kg,
            Some(150.0)
        );
    }

    #[test]
    fn every_row_has_a_year_and_a_known_source() {
        let data = Dataset::builtin();
        assert!(data.grid.len() > 250, "{}", data.grid.len());
        for row in &data.grid {
            assert!(row.g_per_kwh.is_finite() && row.g_per_kwh >= 0.0, "{row:?}");
            assert!((2000..=2030).contains(&row.year), "{row:?}");
            assert!(data.source(&row.source).is_some(), "{row:?}");
        }
        for region in &data.regions {
            assert!(data.source(&region.source).is_some(), "{region:?}");
        }
        for provider in &data.providers {
            for figure in provider.pue.iter().chain(&provider.wue) {
                assert!(figure.year > 2000 && data.source(&figure.source).is_some());
            }
        }
        for device in &data.devices {
            assert!(data.source(&device.source).is_some() || device.kind == "server");
            if device.embodied_kg.is_some() {
                assert!(
                    data.source(device.embodied_source.as_deref().unwrap())
                        .is_some()
                );
            }
        }
        for source in &data.sources {
            assert!(!source.licence.is_empty() && source.url.starts_with("https://"));
        }
    }

    #[test]
    fn every_cloud_region_resolves_to_a_zone_with_a_factor() {
        let data = Dataset::builtin();
        for provider in ["aws", "azure", "gcp"] {
            let regions: Vec<&Region> = data
                .regions
                .iter()
                .filter(|r| r.provider == provider)
                .collect();
            assert!(regions.len() >= 20, "{provider}: {}", regions.len());
            assert!(data.provider(provider).is_some());
        }
        for region in &data.regions {
            assert!(data.grid(&region.zone).is_some(), "{region:?}");
        }
    }
}
