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

# row NAME ARGS…: the median of each binary with ARGS (`OUT` stands for the scratch folder).
row() {
  local name=$1; shift
  local args=("${@//OUT/$out}")
  # The warm-up runs must succeed: a binary that fails at once would look fast.
  for binary in "$before" "$after"; do
    if ! "$binary" "${args[@]}" >/dev/null 2>&1; then
      echo "error: \`$binary ${args[*]}\` failed" >&2
      exit 1
    fi
  done
  local a=() b=()
  for i in $(seq "$runs"); do
    if (( i % 2 )); then
      a+=("$(elapsed_us "$before" "${args[@]}")")
      b+=("$(elapsed_us "$after" "${args[@]}")")
    else
      b+=("$(elapsed_us "$after" "${args[@]}")")
      a+=("$(elapsed_us "$before" "${args[@]}")")
    fi
  done
  local ma mb
  ma=$(printf '%s\n' "${a[@]}" | median)
  mb=$(printf '%s\n' "${b[@]}" | median)
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
