# Timing helpers shared by the bench scripts (sourced): the median of numbers on standard
# input, the wall time of one run of a command in microseconds (nanosecond timestamps: GNU
# time's own clock has 10 ms steps, too coarse here), two commands timed in turn, and
# microseconds written as milliseconds.

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

elapsed_us() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1
  end=$(date +%s%N)
  echo $(( (end - start) / 1000 ))
}

# interleaved A B: the median wall times in µs of the commands A and B (words split on
# spaces), over $runs runs of each interleaved A B B A…, after a warm-up each, so that the
# machine's drift falls on both alike. A warm-up must succeed: a command that fails at once
# would look fast (the error is printed and nothing is, so that a caller's `read` fails).
interleaved() {
  local a b command words times_a=() times_b=()
  read -ra a <<<"$1"
  read -ra b <<<"$2"
  for command in "$1" "$2"; do
    read -ra words <<<"$command"
    if ! "${words[@]}" >/dev/null 2>&1; then
      echo "error: \`$command\` failed" >&2
      return 1
    fi
  done
  for i in $(seq "$runs"); do
    if (( i % 2 )); then
      times_a+=("$(elapsed_us "${a[@]}")")
      times_b+=("$(elapsed_us "${b[@]}")")
    else
      times_b+=("$(elapsed_us "${b[@]}")")
      times_a+=("$(elapsed_us "${a[@]}")")
    fi
  done
  echo "$(printf '%s\n' "${times_a[@]}" | median) $(printf '%s\n' "${times_b[@]}" | median)"
}

# ms US: microseconds as milliseconds with one decimal.
ms() { awk -v us="$1" 'BEGIN { printf "%.1f", us / 1000 }'; }
