#!/usr/bin/env bash
# `wattprint ingest LOG --period hour` against the Python polars baseline doing the same
# integration (bench/ingest_polars.py) and the parse floor (a minimal Rust loop that splits
# lines and parses two numbers per line, bench/parse_floor.rs), on synthetic logs of 100 MB and
# 1 GB (bench/telemetry_gen.py): median wall time over RUNS runs after a warm-up, throughput
# and peak resident memory. First checks that wattprint and polars agree to 1e-9 relative on
# every cell. polars is installed into bench/.tools/venv on first use (PyPI), never by CI.
# Prints a Markdown table for BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-3}
venv=bench/.tools/venv
if ! "$venv/bin/python" -c "import polars" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "polars==${POLARS_VERSION:-2.1.0}"
fi
# shellcheck source=bench/lib.sh
source bench/lib.sh
rustc -O --edition 2024 -o "$out/parse_floor" bench/parse_floor.rs

peak_mib() { /usr/bin/time -f "%M" -o "$out/mem" "$@" >/dev/null 2>&1; awk '{ printf "%.1f", $1 / 1024 }' "$out/mem"; }

echo "| log | command | median wall time (s) | MB/s | peak memory (MiB) |"
echo "|---|---|--:|--:|--:|"
for mb in ${SIZES:-100 1000}; do
  log="$out/log-$mb.csv"
  python3 bench/telemetry_gen.py "$mb" >"$log"
  size=$(stat -c %s "$log")
  "$bin" ingest "$log" --period hour -o "$out/wattprint.csv" 2>/dev/null
  "$venv/bin/python" bench/ingest_polars.py "$log" "$out/polars.csv"
  "$venv/bin/python" bench/ingest_polars.py --compare "$out/wattprint.csv" "$out/polars.csv" >&2
  for name in wattprint polars floor; do
    case $name in
      wattprint) cmd=("$bin" ingest "$log" --period hour -o "$out/x.csv") ;;
      polars) cmd=("$venv/bin/python" bench/ingest_polars.py "$log" "$out/x.csv") ;;
      floor) cmd=("$out/parse_floor" "$log") ;;
    esac
    ms=$(time_ms "${cmd[@]}")
    mem=$(peak_mib "${cmd[@]}")
    rate=$(awk -v b="$size" -v ms="$ms" 'BEGIN { printf "%.0f", b / 1e6 / (ms / 1000) }')
    secs=$(awk -v ms="$ms" 'BEGIN { printf "%.2f", ms / 1000 }')
    echo "| $mb MB | $name | $secs | $rate | $mem |"
  done
  rm -f "$log"
done
