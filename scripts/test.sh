#!/usr/bin/env bash
# The test command: installs what is missing, builds everything, runs every test.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${QUEUE_BUILD_DIR:-$root/build}
SECONDS=0
bash "$root/scripts/browser-deps.sh"
bash "$root/scripts/build.sh"
echo "build finished in ${SECONDS}s"
cd "$build"
ctest --output-on-failure --parallel "$(nproc)" --timeout 600
echo "build and tests finished in ${SECONDS}s"
