#!/usr/bin/env bash
# Hourly Scope 2 at scale (issue 25): a year of hourly data for 100 sites (bench/hourly_gen.py:
# per site 8,760 hours of energy, of grid factors and of a PPA's output, 2.6 million rows in
# all), computed with its Monte Carlo (10,000 draws), against the same disclosure without the
# hourly files and against `wattprint --version`, medians of $RUNS runs after a warm-up.
# Prints a Markdown table for BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${RUNS:-5}
# shellcheck source=bench/lib.sh
source bench/lib.sh

sites=${SITES:-100}
python3 bench/hourly_gen.py "$out" "$sites"
rows=$(cat "$out"/hourly/*.csv | grep -vc '^hour,')
"$bin" validate "$out/disclosure.yaml" >/dev/null

baseline=$(time_ms "$bin" --version)
annual=$(time_ms "$bin" compute "$out/annual.yaml" --format json)
hourly=$(time_ms "$bin" compute "$out/disclosure.yaml" --format json)
peak=$( { /usr/bin/time -f "%M" "$bin" compute "$out/disclosure.yaml" --format json >/dev/null; } 2>&1 | tail -1)

echo "| command | median wall time (ms) | × baseline |"
echo "|---|--:|--:|"
echo "| baseline: \`--version\` | $baseline | 1.0 |"
echo "| \`compute\`, $sites sites, annual figures only | $annual | $(awk "BEGIN { printf \"%.1f\", $annual / $baseline }") |"
echo "| \`compute\`, $sites sites with a year of hourly files ($rows rows) | $hourly | $(awk "BEGIN { printf \"%.1f\", $hourly / $baseline }") |"
echo
echo "Peak memory of the hourly compute: $(( peak / 1024 )) MiB."
