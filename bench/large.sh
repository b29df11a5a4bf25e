#!/usr/bin/env bash
# Writes a disclosure with N measurements (default 10,000) over 20 sites to standard output,
# every energy with a stated uncertainty, for the `compute` benchmark (and the 500-measurement
# report layout check with N=500).
set -euo pipefail
n=${1:-10000}
sites=20
cat <<YAML
schema_version: 1
organisation: { name: Benchmark Org, role: deployer }
reporting_period: { start: 2026-01-01, end: 2026-06-30 }
system:
  name: Benchmark System
  models:
    - { id: main, name: Bench-70B, provider: Bench Labs }
functional_units:
  - { id: request, description: one request }
sites:
YAML
for s in $(seq 0 $((sites - 1))); do
  cat <<YAML
  - id: site-$s
    operation: colocation
    location: DE
    pue: { value: 1.$((20 + s)), method: supplier_reported, source: operator report, uncertainty: 3% }
    grid:
      location_based: { value: $((300 + s)) gCO2e/kWh, method: default_factor, source: national dataset, uncertainty: 10% }
      market_based: { residual_mix: 620 gCO2e/kWh, source: supplier label }
YAML
done
echo "measurements:"
for i in $(seq 0 $((n - 1))); do
  cat <<YAML
  - id: m-$i
    phase: inference
    site: site-$((i % sites))
    model: main
    energy: { value: $((100 + i % 900)).5 kWh, method: device_telemetry, source: DCGM export, uncertainty: 5% }
    boundary: [accelerators, host]
    workload: { request: $((40000 + i)) }
YAML
done
cat <<YAML
methodology:
  standards: [GHG Protocol Scope 2 Guidance]
  narrative: Synthetic disclosure for benchmarks.
  monte_carlo: { seed: 1, draws: 10000 }
YAML
