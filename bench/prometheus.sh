#!/usr/bin/env bash
# A fleet asked of a real Prometheus (issue 26): GPUS GPUs (default 10,000) × a year of hourly
# periods (bench/prometheus_gen.py: dcgm-exporter's energy counter on every hour of 2026, 87.6
# million cells at the default), loaded by promtool into a Prometheus on a loopback port, then
# `ingest --prometheus … --period hour -o fleet.csv`: wall time and peak memory, against the
# server's own time to answer the same points by curl (one range query a week over every GPU,
# written to /dev/null), and the year's total checked against the generator's. Needs Debian's
# prometheus package. Prints a Markdown table for BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=1
# shellcheck source=bench/lib.sh
source bench/lib.sh

gpus=${GPUS:-10000}
port=${PORT:-19190}
expected=$(python3 bench/prometheus_gen.py "$out/samples.om" "$gpus")
# One block for the year: promtool reads its input once a block.
promtool tsdb create-blocks-from openmetrics --max-block-duration=8784h "$out/samples.om" "$out/data" >/dev/null
rm "$out/samples.om"
printf 'global:\n  scrape_interval: 1h\n' >"$out/prometheus.yml"
prometheus --config.file="$out/prometheus.yml" --storage.tsdb.path="$out/data" \
  --storage.tsdb.retention.time=100y --web.listen-address="127.0.0.1:$port" >"$out/prometheus.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$out"' EXIT
until curl -sf "http://127.0.0.1:$port/-/ready" >/dev/null; do sleep 0.5; done

url="http://127.0.0.1:$port"
query='sum by (Hostname, instance, gpu) (increase(DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION[3600s]))'
start=$(date +%s%N)
for week in $(seq 0 52); do
  from=$((1767225600 + 3600 + week * 168 * 3600))
  to=$((from + 167 * 3600))
  [ "$to" -gt 1798761600 ] && to=1798761600
  [ "$from" -gt "$to" ] && break
  curl -sf "$url/api/v1/query_range" --data-urlencode "query=$query" \
    -d start="$from" -d end="$to" -d step=3600 -o /dev/null
done
end=$(date +%s%N)
baseline=$(( (end - start) / 1000000 ))

start=$(date +%s%N)
/usr/bin/time -f "%M" -o "$out/peak" "$bin" ingest --prometheus "$url" --start 2026-01-01 \
  --end 2027-01-01 --period hour --scrape-interval 3600 -o "$out/fleet.csv" 2>"$out/notes"
peak=$(tail -1 "$out/peak")
end=$(date +%s%N)
wattprint=$(( (end - start) / 1000000 ))
cells=$(( $(wc -l <"$out/fleet.csv") - 1 ))
total=$(awk -F, 'NR > 1 { s += $3 } END { printf "%.6f", s }' "$out/fleet.csv")
awk -v a="$total" -v b="$expected" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= 1e-9 * b) }' \
  || { echo "the fleet's total $total kWh differs from the generator's $expected kWh" >&2; exit 1; }

echo "| work ($gpus GPUs × 8,760 hours, $cells cells) | wall time (s) | × baseline | peak memory (MiB) |"
echo "|---|--:|--:|--:|"
echo "| baseline: curl, one range query a week over every GPU, to /dev/null | $(awk "BEGIN { printf \"%.1f\", $baseline / 1000 }") | 1.0 | — |"
echo "| \`ingest --prometheus … --period hour -o fleet.csv\` | $(awk "BEGIN { printf \"%.1f\", $wattprint / 1000 }") | $(awk "BEGIN { printf \"%.2f\", $wattprint / $baseline }") | $(( peak / 1024 )) |"
echo
echo "The year's total: $total kWh, the generator's $expected kWh. $(grep -o '[0-9]* queries' "$out/notes" | head -1)."
