#!/usr/bin/env bash
# Before/after: the same commands with two wattprint binaries, runs interleaved in the order
# A B B A, so that the machine's drift during the session, and any advantage of running second,
# fall on both alike. Medians of RUNS runs
# after a warm-up each; prints a Markdown table for BENCHMARKS.md.
#
#   bench/compare.sh BEFORE AFTER
#
# Build BEFORE from an earlier commit, e.g.
#   git worktree add /tmp/before REV && (cd /tmp/before && cargo build --release) &&
#   cp /tmp/before/target/release/wattprint /tmp/wattprint-before
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -ne 2 ]; then
  echo "usage: bench/compare.sh BEFORE AFTER (two wattprint binaries)" >&2
  exit 2
fi
before=$1 after=$2
runs=${RUNS:-15}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export SOURCE_DATE_EPOCH=1782777600

# shellcheck source=bench/timing.sh
source bench/timing.sh

# row NAME ARGS…: the median of each binary with ARGS (`OUT` stands for the scratch folder;
# no argument holds a space).
row() {
  local name=$1; shift
  local args="${*//OUT/$out}" ma mb
  read -r ma mb < <(interleaved "$before $args" "$after $args")
  awk -v n="$name" -v a="$ma" -v b="$mb" \
    'BEGIN { printf "| %s | %.1f | %.1f | %.2f |\n", n, a / 1000, b / 1000, b / a }'
}

echo "| command | before (ms) | after (ms) | after ÷ before |"
echo "|---|--:|--:|--:|"
row "--version" --version
for example in examples/*.yaml; do
  name=$(basename "$example" .yaml)
  row "validate $name" validate "$example"
  for template in eu-ai-act esrs-e1 summary; do
    row "report $name -t $template → PDF" report "$example" -t "$template" -o OUT/x.pdf
  done
done
