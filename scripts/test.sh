#!/usr/bin/env bash
# The test command: installs what is missing, builds everything, runs every test, then the
# server and its tests again under AddressSanitizer/UBSan (scripts/sanitize.sh) and the
# fuzz targets for a minute each (scripts/fuzz.sh).
# QUEUE_SANITIZE_RUN=0 / QUEUE_FUZZ_RUN=0 leave those out (a quick local run).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${QUEUE_BUILD_DIR:-$root/build}
SECONDS=0
bash "$root/scripts/browser-deps.sh"
bash "$root/scripts/build.sh"
echo "build finished in ${SECONDS}s"
(cd "$build" && ctest --output-on-failure --parallel "$(nproc)" --timeout 600)
echo "build and tests finished in ${SECONDS}s"
if [ "${QUEUE_SANITIZE_RUN:-1}" != 0 ]; then
  bash "$root/scripts/sanitize.sh"
  echo "sanitizer run finished at ${SECONDS}s"
fi
if [ "${QUEUE_FUZZ_RUN:-1}" != 0 ]; then
  bash "$root/scripts/fuzz.sh"
  echo "fuzz run finished at ${SECONDS}s"
fi
echo "all finished in ${SECONDS}s"
