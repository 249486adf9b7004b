#!/usr/bin/env bash
# Runs each libFuzzer target of BUILD_DIR (`make fuzz`) for SECONDS from its
# seed corpus in fuzz/corpus/<target>/ (new inputs go to a scratch copy,
# the repository's corpus stays as it is), and prints each one's executions.
# Fails when a target finds a crash, a leak or a broken invariant; its input
# is kept in BUILD_DIR/fuzz-findings/<target>/.
#
#   scripts/run-fuzzers.sh BUILD_DIR [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=$(realpath "$1")
seconds=${2:-60}
status=0
for seeds in fuzz/corpus/*/; do
  target=$(basename "$seeds")
  binary="$build_dir/fuzz/$target"
  [ -x "$binary" ] || { echo "run-fuzzers: $binary is not built" >&2; exit 1; }
  work="$build_dir/fuzz-work/$target"
  findings="$build_dir/fuzz-findings/$target"
  rm -rf "$work" "$findings"
  mkdir -p "$work" "$findings"
  cp "$seeds"/* "$work"/
  log="$build_dir/fuzz-work/$target.log"
  if ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
      "$binary" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
      -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$findings/" "$work" >"$log" 2>&1; then
    execs=$(grep -m1 'stat::number_of_executed_units' "$log" | awk '{print $2}')
    echo "fuzz $target: ${execs:-?} executions in ${seconds} s, nothing found"
  else
    status=1
    echo "fuzz $target: FOUND a problem; input in $findings/" >&2
    grep -A40 -m1 'ERROR\|invariant failed\|runtime error' "$log" >&2 || tail -n 60 "$log" >&2
  fi
done
exit "$status"
