//! A complete, commented starting disclosure for a role and an operation, written by
//! `wattprint init`. It validates as written; every value is a plausible example to replace,
//! and every field is explained in a comment.

use std::fmt::Write as _;

use super::{Operation, Role};

/// The example texts the starting disclosure holds for the user to replace; the `placeholder`
/// rule warns where one is left in a disclosure.
pub mod example {
    /// `organisation.name`.
    pub const ORGANISATION: &str = "Your Organisation Ltd";
    /// `system.name`.
    pub const SYSTEM: &str = "Your AI System";
    /// `system.description`.
    pub const DESCRIPTION: &str = "What the system does, in a sentence or two.";
    /// `system.models[].name`.
    pub const MODEL: &str = "Example-8B-Instruct";
    /// `system.models[].provider`.
    pub const PROVIDER: &str = "Example Labs";
    /// `methodology.narrative`.
    pub const NARRATIVE: &str = "How the figures were obtained, in your own words.";
    /// `methodology.allocation`.
    pub const ALLOCATION: &str = "How shared energy or hardware was allocated to this system.";
    /// `methodology.training`.
    pub const TRAINING: &str =
        "How the training energy was measured or estimated, in about 100 words.";
}

/// The starting disclosure for `role` with its energy used under `operation`.
#[must_use]
pub fn disclosure(role: Role, operation: Operation) -> String {
    let mut y = String::new();
    let role_word = match role {
        Role::Provider => "provider",
        Role::Deployer => "deployer",
        Role::Both => "both",
    };
    let _ = write!(
        y,
        r#"# yaml-language-server: $schema=disclosure.schema.json
#
# For completion and checks as you type, save the schema beside this file once:
#   wattprint schema > disclosure.schema.json
#
# A starting disclosure written by `wattprint init`. Replace every example value with your own,
# keep a `method` and a `source` on every figure, then run `wattprint validate` on this file.
# `wattprint schema` prints the whole format with a description of every field.
schema_version: 1

# Who publishes the disclosure, and its role under the EU AI Act (Art. 3): provider (develops
# and places the model or system on the market), deployer (uses it under its authority), both.
organisation:
  name: {organisation}
  role: {role_word}

# The period covered; both dates included. Measurements must fall inside it.
reporting_period: {{ start: 2026-01-01, end: 2026-06-30 }}

system:
  name: {system}
  version: "1.0"
  description: {description}
  models:
    - id: main                       # measurements refer to the model by this id
      name: {model}
      provider: {provider}
      parameters: 8e9
"#,
        organisation = example::ORGANISATION,
        system = example::SYSTEM,
        description = example::DESCRIPTION,
        model = example::MODEL,
        // A model the organisation provides names it as provider (rule `training`).
        provider = if role == Role::Deployer {
            example::PROVIDER
        } else {
            example::ORGANISATION
        },
    );
    if role != Role::Deployer {
        y.push_str(
            r#"      # Is the model a general-purpose AI model (AI Act Art. 3(63))? wattprint does not
      # assess it; only for one does the report fill the Model Documentation Form.
      general_purpose: true
      # The training as a whole, for the Form (Annex XI, Section 1, point 2(d)): FLOPs,
      # accelerators and wall-clock time, which wattprint checks against the training energy.
      training:
        compute: { flops: 9.6e22, method: estimated, source: "6 × 8e9 parameters × 2e12 tokens" }
        hardware: { device: h100-sxm, count: 64, precision: bf16, utilisation: 0.4 }
        wall_clock: 45 days
"#,
        );
    }
    if role == Role::Deployer {
        y.push_str(
            r#"      # The provider's published training figures: shown as context, never added to
      # your inventory.
      upstream_training:
        energy: { value: 420 MWh, method: supplier_reported, source: "model card, training section" }
"#,
        );
    }
    y.push_str(
        r#"
# Units of service for per-unit figures (ISO/IEC 21031 SCI "R").
functional_units:
  - { id: request, description: "one answered request, mean 300 output tokens" }

# Where the energy was used. `operation` decides the GHG Protocol scope: own and colocation
# electricity is Scope 2, a cloud service is Scope 3 category 1.
sites:
"#,
    );
    y.push_str(site(operation));
    y.push_str(&measurements(role, operation));
    y.push_str(&methodology(role));
    y
}

/// The site entry for `operation`.
fn site(operation: Operation) -> &'static str {
    match operation {
        Operation::Own => {
            r#"  - id: dc1
    operation: own
    location: DE                     # country (ISO 3166-1) or grid zone
    pue: { value: 1.3, method: metered, source: "facility and IT meters, 2025 annual average" }
    grid:
      location_based: { value: 363 gCO2e/kWh, method: default_factor, source: "national average emission factor, latest year" }
      market_based:                  # contracts and residual mix; leave out to use the grid average
        residual_mix: 620 gCO2e/kWh
        source: "supplier's electricity label"
        instruments: []
"#
        }
        Operation::Colocation => {
            r#"  - id: colo1
    operation: colocation
    location: DE
    pue: { value: 1.35, method: supplier_reported, source: "operator's annual energy report" }
    grid:
      location_based: { value: 363 gCO2e/kWh, method: default_factor, source: "national average emission factor, latest year" }
      market_based:
        residual_mix: 620 gCO2e/kWh
        source: "operator's supplier label"
        instruments:                 # PPAs, guarantees of origin, supplier-specific factors
          - { kind: guarantee_of_origin, energy: 5 MWh, factor: 0 gCO2e/kWh, source: "GO cancellation statement", energy_source: wind, generation: { start: 2026-01-01, end: 2026-06-30 }, market: DE, cancellation: "registry statement, cancellation ID" }
"#
        }
        Operation::Cloud => {
            r#"  - id: cloud1
    operation: cloud
    location: SE
    region: aws:eu-north-1
    pue: { value: 1.15, method: supplier_reported, source: "cloud provider's sustainability report" }
    grid:
      location_based: { value: 41 gCO2e/kWh, method: default_factor, source: "grid zone average emission factor, latest year" }
"#
        }
    }
}

/// The measurements for `role`, at the site `operation` gives.
fn measurements(role: Role, operation: Operation) -> String {
    let mut y = String::new();
    let site_id = match operation {
        Operation::Own => "dc1",
        Operation::Colocation => "colo1",
        Operation::Cloud => "cloud1",
    };
    y.push_str("\n# Energy by phase, site and model, each with its method, source and boundary.\nmeasurements:\n");
    if role != Role::Deployer {
        let _ = write!(
            y,
            r#"  - id: training
    phase: training
    site: {site_id}
    model: main
    period: {{ start: 2026-01-05, end: 2026-02-18 }}   # the days the training ran
    energy:                          # not metered: estimated from compute (AI Act Annex XI)
      method: estimated_from_compute
      source: "training plan and scheduler logs"
      compute: {{ parameters: 8e9, tokens: 2e12, devices: 64, peak_flops_per_second: 989e12, utilisation: 0.4, power: 700 W }}
      uncertainty: 20%
    boundary: [accelerators]
    completion:                      # parts the meter did not see, from declared factors
      host: {{ share: 0.3, method: default_factor, source: "host share of serving energy, Elsworth et al. 2025" }}
"#
        );
    }
    if role != Role::Provider {
        let _ = write!(
            y,
            r#"  - id: inference
    phase: inference
    site: {site_id}
    model: main
    energy:
      value: 12.5 MWh
      method: device_telemetry
      source: "DCGM exports of the serving cluster"
      instrument: "NVIDIA DCGM, 10 s"
      uncertainty: 5%
    boundary: [accelerators, host]   # what the meter saw; the rest is listed as excluded
    workload: {{ request: 9000000 }}
"#
        );
    }
    y
}

/// The methodology: the AI Act is listed for a provider only, whose training energy Annex XI
/// asks for; it sets no standard for a deployer's figures.
fn methodology(role: Role) -> String {
    let (ai_act, training) = if role == Role::Deployer {
        (String::new(), String::new())
    } else {
        (
            "    - EU AI Act (Regulation (EU) 2024/1689), Annex XI, Section 1, point 2(e)\n"
                .to_owned(),
            format!(
                "  training: {}   # the Model Documentation Form's training methodology\n",
                example::TRAINING
            ),
        )
    };
    format!(
        "
methodology:
  standards:
    - GHG Protocol Scope 2 Guidance (2015)
    - ISO/IEC 21031:2024 Software Carbon Intensity
{ai_act}  narrative: {narrative}
{training}  allocation: {allocation}
",
        narrative = example::NARRATIVE,
        allocation = example::ALLOCATION,
    )
}
