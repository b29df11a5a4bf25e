#!/usr/bin/env bash
# Seeds each fuzz target's corpus from the repository's own inputs: the examples and the
# disclosure fixtures for `load_validate` and `context`; quantities for `quantity`; the
# telemetry fixtures for `ingest`, each behind the byte that selects its format
# (0 csv, 1 nvidia-smi, 2 rapl, 3 dcgm-prometheus, 4 codecarbon; high nibble: the period);
# PDF reports of the examples (one per template) for `report`.
set -euo pipefail
cd "$(dirname "$0")"
for target in load_validate context; do
  mkdir -p "corpus/$target"
  cp ../examples/*.yaml ../tests/fixtures/minimal.yaml ../tests/fixtures/invalid/*.yaml "corpus/$target/"
done
mkdir -p corpus/quantity
i=0
for q in "41.2 MWh" "380 gCO2e/kWh" "2500 kgCO2e" "5 years" "700 W" "1.8 L/kWh" "3.5e3 kWh" "12 h"; do
  for d in 0 1 2 3 4 5; do printf "\\x$(printf %02x $d)%s" "$q" >"corpus/quantity/$i-$d"; done
  i=$((i + 1))
done
mkdir -p corpus/ingest
seed() { { printf "\\x$(printf %02x "$1")"; cat "../tests/fixtures/$2"; } >"corpus/ingest/$(basename "$2")-$1"; }
seed 0 telemetry/generic.csv
seed 16 telemetry/counter.csv
seed 1 telemetry/nvidia-smi.csv
seed 33 telemetry/nvidia-smi-energy.csv
seed 2 telemetry/rapl.csv
seed 3 telemetry/dcgm-range.json
seed 51 telemetry/dcgm-federate.txt
seed 4 telemetry/codecarbon-runs.csv
seed 20 formats/codecarbon-3.csv
mkdir -p corpus/report
for template in eu-ai-act summary; do
  for example in deployer-colocation claim-routing; do
    (cd .. && cargo run --quiet -- report "examples/$example.yaml" --template "$template" \
      -o "fuzz/corpus/report/$example-$template.pdf" --force)
  done
done
