# Timing helpers shared by the bench scripts (sourced): the median of numbers on standard
# input, and the wall time of one run of a command in microseconds (nanosecond timestamps:
# GNU time's own clock has 10 ms steps, too coarse here).

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

elapsed_us() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1
  end=$(date +%s%N)
  echo $(( (end - start) / 1000 ))
}
