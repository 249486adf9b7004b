#!/usr/bin/env bash
# Runs CTest on a sanitized build (cmake -DHOOKWARDEN_SANITIZE=...) with the
# throwaway PostgreSQL server of scripts/test-postgres.sh, and fails when any
# process under it, a test or a server the test started, wrote a sanitizer
# report (a test that kills its server would not see the report otherwise).
#
#   scripts/test-sanitized.sh BUILD_DIR [CTEST_ARGS...]
# The reports are kept in BUILD_DIR/sanitizer-reports/ and printed.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=$(realpath "$1")
shift
reports="$build_dir/sanitizer-reports"
rm -rf "$reports"
mkdir -p "$reports"
# A fresh file per process: <reports>/report.<pid>. halt_on_error: the first
# finding ends the process, so a test fails on it.
export ASAN_OPTIONS="log_path=$reports/report:halt_on_error=1:detect_leaks=1:strict_init_order=1:check_initialization_order=1"
export UBSAN_OPTIONS="log_path=$reports/report:halt_on_error=1:print_stacktrace=1"
export TSAN_OPTIONS="log_path=$reports/report:halt_on_error=1:second_deadlock_stack=1"
status=0
scripts/test-postgres.sh run -- \
  ctest --test-dir "$build_dir" --output-on-failure "$@" || status=$?
if compgen -G "$reports/report.*" >/dev/null; then
  echo "test-sanitized: sanitizer reports in $reports:" >&2
  for f in "$reports"/report.*; do
    echo "==> $f" >&2
    head -n 80 "$f" >&2
  done
  exit 1
fi
exit "$status"
