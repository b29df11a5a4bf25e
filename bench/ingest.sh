#!/usr/bin/env bash
# `wattprint ingest LOG --period hour` against the Python polars baseline doing the same
# integration (bench/ingest_polars.py) and the parse floor (a minimal Rust loop that splits
# lines and parses two numbers per line, bench/parse_floor.rs), on synthetic logs of 100 MB and
# 1 GB (bench/telemetry_gen.py): median wall time over RUNS runs after a warm-up, throughput
# and peak resident memory. First checks that wattprint and polars agree to 1e-9 relative on
# every cell, and that wattprint on one core (`taskset -c 0`) writes the same bytes as on all.
# Then a fleet's log: FLEET devices (default a million) read once an hour, about three
# readings each, for the memory each device costs. polars is installed into bench/.tools/venv
# on first use (PyPI), never by CI. Prints Markdown tables for BENCHMARKS.md.
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
  taskset -c 0 "$bin" ingest "$log" --period hour -o "$out/one-core.csv" 2>/dev/null
  cmp "$out/wattprint.csv" "$out/one-core.csv" >&2
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

echo
echo "| fleet log | devices | readings | median wall time (s) | peak memory (MiB) | bytes per device |"
echo "|---|--:|--:|--:|--:|--:|"
fleet=${FLEET:-1000000}
log="$out/fleet.csv"
python3 bench/telemetry_gen.py 100 "$fleet" 3600 >"$log"
readings=$(($(wc -l <"$log") - 1))
cmd=("$bin" ingest "$log" --period hour -o "$out/x.csv")
ms=$(time_ms "${cmd[@]}")
mem=$(peak_mib "${cmd[@]}")
# What a device costs: the peak above that of the same command on a log of 8 devices.
python3 bench/telemetry_gen.py 1 8 3600 >"$out/small.csv"
small=$(peak_mib "$bin" ingest "$out/small.csv" --period hour -o "$out/x.csv")
per=$(awk -v m="$mem" -v s="$small" -v d="$fleet" 'BEGIN { printf "%.0f", (m - s) * 1048576 / d }')
secs=$(awk -v ms="$ms" 'BEGIN { printf "%.2f", ms / 1000 }')
echo "| 100 MB | $fleet | $readings | $secs | $mem | $per |"
rm -f "$log"
