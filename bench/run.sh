#!/usr/bin/env bash
# Whole-process benchmarks of wattprint: median wall time and peak memory of `validate`,
# `compute` and `report` over 5 runs after a warm-up, on the examples and on synthetic
# disclosures of 500 and 10,000 measurements (bench/large.sh; 10,000 Monte Carlo draws) and on
# 1,000 example files in one call,
# against a baseline run in the same session (`wattprint --version`: process start-up and
# nothing else), plus the size of the release binary. Prints a Markdown table for
# BENCHMARKS.md.
#
# Wall time is taken with nanosecond timestamps around each run (GNU time's own clock has
# 10 ms steps, too coarse here); peak resident memory comes from GNU time (`/usr/bin/time`).
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${RUNS:-5}
# shellcheck source=bench/lib.sh
source bench/lib.sh

# measure NAME COMMAND…: prints "NAME|median ms|median peak KiB"
measure() {
  local name=$1; shift
  "$@" >/dev/null 2>&1 # warm-up: page cache, dynamic loader
  local times=() memory=()
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s%N)
    /usr/bin/time -f "%M" -o "$out/mem" "$@" >/dev/null 2>&1
    end=$(date +%s%N)
    times+=("$(( (end - start) / 1000 ))")
    memory+=("$(cat "$out/mem")")
  done
  local ms kib
  ms=$(printf '%s\n' "${times[@]}" | median | awk '{ printf "%.1f", $1 / 1000 }')
  kib=$(printf '%s\n' "${memory[@]}" | median)
  echo "$name|$ms|$kib"
}

rows=()
rows+=("$(measure "baseline: --version" "$bin" --version)")
for example in examples/*.yaml; do
  name=$(basename "$example" .yaml)
  rows+=("$(measure "validate $name" "$bin" validate "$example")")
  rows+=("$(measure "compute $name" "$bin" compute "$example")")
  rows+=("$(measure "report $name -o x.pdf" "$bin" report "$example" -o "$out/x.pdf")")
  rows+=("$(measure "report $name -o x.md" "$bin" report "$example" -o "$out/x.md")")
done

bench/large.sh 500 >"$out/m500.yaml"
bench/large.sh 10000 >"$out/m10000.yaml"
rows+=("$(measure "report 500 measurements -o x.pdf" "$bin" report "$out/m500.yaml" -o "$out/x.pdf")")
rows+=("$(measure "validate 10,000 measurements" "$bin" validate "$out/m10000.yaml")")
rows+=("$(measure "compute 10,000 measurements × 10,000 draws" "$bin" compute "$out/m10000.yaml")")
# A pipeline checking a monorepo: 1,000 example-sized disclosures (the four examples, 250
# copies each) in one call.
mkdir -p "$out/many"
for i in $(seq 250); do
  for example in examples/*.yaml; do
    cp "$example" "$out/many/$i-$(basename "$example")"
  done
done
rows+=("$(measure "validate 1,000 example files in one call" "$bin" validate "$out"/many/*.yaml)")

baseline=$(echo "${rows[0]}" | cut -d'|' -f2)
echo "| command | median wall time (ms) | × baseline | median peak memory (MiB) |"
echo "|---|--:|--:|--:|"
for row in "${rows[@]}"; do
  IFS='|' read -r name ms kib <<<"$row"
  ratio=$(awk -v a="$ms" -v b="$baseline" 'BEGIN { printf "%.1f", a / b }')
  mib=$(awk -v k="$kib" 'BEGIN { printf "%.1f", k / 1024 }')
  echo "| \`$name\` | $ms | $ratio | $mib |"
done
echo
size=$(stat -c %s "$bin")
echo "Release binary (\`target/release/wattprint\`, stripped by the release profile): $(awk -v s="$size" 'BEGIN { printf "%.1f", s / 1048576 }') MiB."
