#!/usr/bin/env bash
# Report to PDF with each built-in template, whole process, against compiling the very same
# generated Typst with the official typst CLI (the same typst version, 0.15.1): the ratio is
# wattprint's overhead above typesetting (loading, validation, computation, rendering the
# template, attaching the evidence, writing the file). typst reads only its own fonts
# (`--ignore-system-fonts`), as wattprint reads only the fonts it carries. Medians of RUNS runs
# of each, interleaved, after a warm-up.
# Two baselines: the CLI on the `.typ` as `-o x.typ` writes it (plain PDF, nothing attached), and
# on the same source made into the document wattprint writes: PDF/A-3a (`--pdf-standard a-3a`)
# with the input and the JSON report attached, as wattprint's PDF pipeline adds them (the JSON
# of `-o x.json`, byte for byte the one the PDF attaches; the examples here name no hourly CSV,
# reference data or previous period, which would be attached too).
# The typst CLI is installed here on first use (`cargo install`, a few minutes), never by CI.
# Prints a Markdown table for BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${RUNS:-9}
tools=bench/.tools
typst=$tools/bin/typst
if ! "$typst" --version 2>/dev/null | grep -q "0.15.1"; then
  cargo install typst-cli --version 0.15.1 --locked --root "$tools"
fi
# shellcheck source=bench/lib.sh
source bench/lib.sh

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

bench/large.sh 500 >"$out/m500.yaml"
echo "| input | template | wattprint report → PDF (ms) | typst compile of the same .typ (ms) | ratio | typst compile, PDF/A-3a with the same attachments (ms) | ratio |"
echo "|---|---|--:|--:|--:|--:|--:|"
for input in examples/deployer-colocation.yaml examples/provider-cloud.yaml "$out/m500.yaml"; do
  name=$(basename "$input" .yaml)
  [ "$name" = m500 ] && name="500 measurements"
  for template in eu-ai-act esrs-e1 summary; do
    [ "$name" = "500 measurements" ] && [ "$template" != eu-ai-act ] && continue
    dir="$out/$template"
    mkdir -p "$dir"
    # Its notes (an ESRS annex's period) would break the table; its errors are shown.
    if ! "$bin" report "$input" -t "$template" -o "$dir/report.typ" 2>"$out/stderr"; then
      cat "$out/stderr" >&2
      exit 1
    fi
    cp templates/common/wattprint.typ "$dir/"
    # The same document as wattprint's: its attachments under /attachments/, attached by the
    # lines its PDF pipeline appends (src/render/mod.rs, `attach`).
    mkdir -p "$dir/attachments"
    cp "$input" "$dir/attachments/"
    "$bin" report "$input" -t "$template" -o "$dir/attachments/wattprint-report.json" 2>/dev/null
    cp "$dir/report.typ" "$dir/archival.typ"
    {
      echo
      echo "#pdf.attach(\"$(basename "$input")\", read(\"/attachments/$(basename "$input")\", encoding: none), relationship: \"source\", mime-type: \"application/yaml\", description: \"The disclosure this report was computed from\")"
      echo "#pdf.attach(\"wattprint-report.json\", read(\"/attachments/wattprint-report.json\", encoding: none), relationship: \"data\", mime-type: \"application/json\", description: \"Every computed figure with its formula, inputs and provenance, and the manifest\")"
    } >>"$dir/archival.typ"
    read -r ours plain archival < <(interleaved \
      "$bin report $input -t $template -o $out/x.pdf" \
      "$typst compile --ignore-system-fonts --root $dir $dir/report.typ $out/y.pdf" \
      "$typst compile --ignore-system-fonts --pdf-standard a-3a --root $dir $dir/archival.typ $out/z.pdf")
    echo "| $name | $template | $(ms "$ours") | $(ms "$plain") | $(ratio "$ours" "$plain") | $(ms "$archival") | $(ratio "$ours" "$archival") |"
  done
done
