# Timing helpers shared by the bench scripts (sourced): the median of numbers on standard
# input, the wall time of one run of a command in microseconds (nanosecond timestamps: GNU
# time's own clock has 10 ms steps, too coarse here), any number of commands interleaved, and
# microseconds written as milliseconds.

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

elapsed_us() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1
  end=$(date +%s%N)
  echo $(( (end - start) / 1000 ))
}

# interleaved A B…: the median wall times in µs of the commands A, B… (words split on spaces),
# over $runs runs of each, interleaved A B… then …B A, after a warm-up each, so that the
# machine's drift falls on all alike. A warm-up must succeed: a command that fails at once
# would look fast (the error is printed and nothing is, so that a caller's `read` fails).
interleaved() {
  local command words i k n=$# order
  local -a commands=("$@") times=()
  for command in "${commands[@]}"; do
    read -ra words <<<"$command"
    if ! "${words[@]}" >/dev/null 2>&1; then
      echo "error: \`$command\` failed" >&2
      return 1
    fi
  done
  # times[k * runs + i]: run i of command k.
  for i in $(seq 0 $((runs - 1))); do
    if (( i % 2 )); then order=$(seq $((n - 1)) -1 0); else order=$(seq 0 $((n - 1))); fi
    for k in $order; do
      read -ra words <<<"${commands[k]}"
      times[k * runs + i]=$(elapsed_us "${words[@]}")
    done
  done
  local medians=()
  for k in $(seq 0 $((n - 1))); do
    medians+=("$(printf '%s\n' "${times[@]:k * runs:runs}" | median)")
  done
  echo "${medians[*]}"
}

# ms US: microseconds as milliseconds with one decimal.
ms() { awk -v us="$1" 'BEGIN { printf "%.1f", us / 1000 }'; }
