#!/usr/bin/env bash
# The server, its libraries and their tests built with AddressSanitizer and
# UndefinedBehaviorSanitizer (-O1) into ./build-asan, and the unit and integration tests
# run on it; the apps (widgets, fonts, X) and the benchmarks are left out. Every process a
# test starts (the real queue-server included) writes its sanitizer reports to
# build-asan/sanitizer-logs; any report there fails the run, even from a process whose
# test passed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${QUEUE_ASAN_BUILD_DIR:-$root/build-asan}
SECONDS=0
bash "$root/scripts/deps.sh"
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" \
  -DQUEUE_SANITIZE=ON -DQUEUE_BUILD_APPS=OFF -DQUEUE_BUILD_BENCH=OFF "${launcher[@]}" >/dev/null
cmake --build "$build" --parallel "$(nproc)"
echo "sanitize: build finished in ${SECONDS}s"
logs=$build/sanitizer-logs
rm -rf "$logs"
mkdir -p "$logs"
export ASAN_OPTIONS="log_path=$logs/asan:detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="log_path=$logs/ubsan:print_stacktrace=1:halt_on_error=1"
export LSAN_OPTIONS="suppressions=$root/tests/sanitize/lsan.supp:print_suppressions=0"
status=0
(cd "$build" && ctest --output-on-failure --parallel "$(nproc)" --timeout 900 -L 'unit|integration' -LE 'browser|packaging') \
  || status=$?
reports=$(find "$logs" -type f | wc -l)
if [ "$reports" -gt 0 ]; then
  echo "sanitize: $reports sanitizer report(s):"
  for f in "$logs"/*; do echo "== $f"; head -60 "$f"; done
  status=1
fi
echo "sanitize: tests and reports checked in ${SECONDS}s (status $status)"
exit "$status"
