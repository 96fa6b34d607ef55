#!/usr/bin/env bash
# Configures and builds the project into ./build (or $QUEUE_BUILD_DIR).
# QUEUE_TARGETS="a b" builds only those targets.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${QUEUE_BUILD_DIR:-$root/build}
bash "$root/scripts/deps.sh"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE="${QUEUE_BUILD_TYPE:-RelWithDebInfo}" "$@" >/dev/null
targets=()
for t in ${QUEUE_TARGETS:-}; do targets+=(--target "$t"); done
cmake --build "$build" --parallel "$(nproc)" "${targets[@]}"
