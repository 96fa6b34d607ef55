#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz) with clang in their own build
# directory and runs each for QUEUE_FUZZ_SECONDS (default 30) seconds on its
# corpus. New inputs go to the build directory, never into the seed corpora;
# a crashing input is saved as <build>/artifacts/<target>-crash-*.
# Prints "fuzz: N passed, M failed" and exits non-zero if any target failed.
# Packages: scripts/deps.d/fuzz.txt. Warnings are not errors here: gcc builds are the
# warning gate, and clang warns about Qt idioms (a signal named event()) that gcc accepts.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${QUEUE_FUZZ_BUILD_DIR:-$root/build-fuzz}
seconds=${QUEUE_FUZZ_SECONDS:-30}
targets=(fuzz_http_request fuzz_office_config fuzz_router_bodies fuzz_event_decoder fuzz_escpos_text)

mkdir -p "$build"
launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DQUEUE_FUZZ=ON -DQUEUE_BUILD_TESTS=OFF -DQUEUE_BUILD_BENCH=OFF -DQUEUE_BUILD_APPS=OFF -DQUEUE_WERROR=OFF \
  "${launcher[@]}" >"$build/configure.log" 2>&1 || { cat "$build/configure.log"; echo "fuzz: configure failed"; exit 2; }
cmake --build "$build" --target "${targets[@]}" -j "${QUEUE_FUZZ_JOBS:-2}" || { echo "fuzz: build failed"; exit 2; }

passed=0
failed=0
mkdir -p "$build/artifacts"
for t in "${targets[@]}"; do
  work="$build/corpus/$t"
  mkdir -p "$work"
  log="$build/$t.log"
  echo "fuzz: $t for ${seconds}s"
  # Qt keeps some allocations until exit on purpose; leaks are not what we hunt here.
  if ASAN_OPTIONS=detect_leaks=0 "$build/tests/fuzz/$t" -max_total_time="$seconds" -timeout=10 \
       -print_final_stats=1 -artifact_prefix="$build/artifacts/$t-" \
       "$work" "$root/tests/fuzz/corpus/$t" >"$log" 2>&1; then
    passed=$((passed + 1))
    grep -E '^stat::number_of_executed_units|^stat::new_units_added' "$log" | sed "s/^/  /"
  else
    failed=$((failed + 1))
    echo "fuzz: $t FAILED (log: $log)"
    grep -E -A25 'ERROR: |==ERROR|deadly signal|runtime error' "$log" | head -60
  fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
