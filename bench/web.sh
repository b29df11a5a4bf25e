#!/usr/bin/env bash
# The page in web/ (issue 27): the size of what a browser downloads, and its speed in headless
# Chromium on this machine, RUNS times (medians): from opening the page to the first report
# downloaded (the first example, eu-ai-act PDF), and, for each example, the time from a
# keystroke to its new findings and preview (less the page's 250 ms pause for typing) and the
# core's own time for that check. Needs Debian's chromium and tests/tools/install's Playwright.
# Prints Markdown tables for BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${RUNS:-5}
web/build >/dev/null
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "| file | bytes | gzip -9 |"
echo "|---|--:|--:|"
total=0
total_gz=0
for file in web/dist/*; do
  size=$(stat -c %s "$file")
  gz=$(gzip -9 -c "$file" | wc -c)
  total=$((total + size))
  total_gz=$((total_gz + gz))
  echo "| \`$(basename "$file")\` | $size | $gz |"
done
echo "| all | $total | $total_gz |"
echo

examples=(provider-cloud claim-chatbot claim-routing deployer-colocation deployer-hourly)
python3 - "$out" "${examples[@]}" >"$out/jobs.json" <<'PY'
import json, sys
out, names = sys.argv[1], sys.argv[2:]
hourly = ["examples/hourly/grid-de-q1.csv", "examples/hourly/inference-q1.csv", "examples/hourly/ppa-solar-q1.csv"]
print(json.dumps({
    "date": "2026-12-01",
    "documents": [{
        "yaml": f"examples/{n}.yaml",
        "files": hourly if n == "deployer-hourly" else [],
        "downloads": [{"template": "eu-ai-act", "audience": None, "format": "pdf", "save": f"{out}/{n}.pdf"}],
    } for n in names],
    "broken": "schema_version: 1\n",
}))
PY
for run in $(seq "$runs"); do
  node tests/tools/browser.mjs "$PWD/web/dist" "$out" /usr/bin/chromium "$out/jobs.json" >"$out/run-$run.json"
done
python3 - "$out" "$runs" "${examples[@]}" <<'PY'
import json, statistics, sys
out, runs, names = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
results = [json.load(open(f"{out}/run-{r}.json")) for r in range(1, runs + 1)]
med = lambda xs: statistics.median(xs)
print("| measure | median (ms) | runs |")
print("|---|--:|--:|")
print(f"| opening the page → first findings and preview | {med([r['timings']['firstCheckMs'] for r in results]):.0f} | {runs} |")
print(f"| opening the page → first PDF downloaded (provider-cloud, eu-ai-act) | {med([r['timings']['firstReportMs'] for r in results]):.0f} | {runs} |")
for i, name in enumerate(names):
    docs = [r["documents"][i] for r in results]
    print(f"| {name}: PDF, from the click to the download | {med([d['downloads'][0]['ms'] for d in docs]):.0f} | {runs} |")
    print(f"| {name}: keystroke → new findings and preview (core's check) | {med([d['recheckAfterEditMs'] for d in docs]):.0f} ({med([d['checkedInMs'] for d in docs]):.0f}) | {runs} |")
PY
