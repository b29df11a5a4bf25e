# Shared by the bench scripts, sourced from the repository root: builds the release binary
# ($bin), makes a scratch folder ($out, removed on exit), fixes the report date, and defines
# the median of numbers on standard input and the median wall time in ms of a command over
# $runs runs after one warm-up (nanosecond timestamps: GNU time's own clock has 10 ms steps,
# too coarse here).

cargo build --release --locked --quiet
bin=target/release/wattprint
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export SOURCE_DATE_EPOCH=1782777600

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

time_ms() {
  "$@" >/dev/null 2>&1
  local times=()
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s%N)
    times+=("$(( (end - start) / 1000 ))")
  done
  printf '%s\n' "${times[@]}" | median | awk '{ printf "%.1f", $1 / 1000 }'
}
