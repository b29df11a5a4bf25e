#!/usr/bin/env bash
# `wattprint ingest` against the parse floor (a minimal Rust loop that splits lines and parses
# two numbers per line) on synthetic logs of 100 MB and 1 GB (bench/telemetry_gen.py): median
# wall time over RUNS runs, throughput and peak resident memory. Prints a Markdown table for
# BENCHMARKS.md. (The Python polars baseline the issue asks for is not written yet.)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-3}
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
  for name in wattprint floor; do
    if [ "$name" = wattprint ]; then cmd=("$bin" ingest "$log" --period hour -o "$out/x.csv"); else cmd=("$out/parse_floor" "$log"); fi
    ms=$(time_ms "${cmd[@]}")
    mem=$(peak_mib "${cmd[@]}")
    rate=$(awk -v b="$size" -v ms="$ms" 'BEGIN { printf "%.0f", b / 1e6 / (ms / 1000) }')
    secs=$(awk -v ms="$ms" 'BEGIN { printf "%.2f", ms / 1000 }')
    echo "| $mb MB | $name | $secs | $rate | $mem |"
  done
  rm -f "$log"
done
