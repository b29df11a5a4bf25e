# Shared by the bench scripts, sourced from the repository root: builds the release binary
# ($bin), makes a scratch folder ($out, removed on exit), fixes the report date, and defines
# the median wall time in ms of a command over $runs runs after one warm-up (bench/timing.sh).

cargo build --release --locked --quiet
bin=target/release/wattprint
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export SOURCE_DATE_EPOCH=1782777600

# shellcheck source=bench/timing.sh
source bench/timing.sh

time_ms() {
  "$@" >/dev/null 2>&1
  local times=()
  for _ in $(seq "$runs"); do
    times+=("$(elapsed_us "$@")")
  done
  ms "$(printf '%s\n' "${times[@]}" | median)"
}
