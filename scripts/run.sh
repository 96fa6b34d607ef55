#!/usr/bin/env bash
# The run command: installs what is missing, builds, and starts the queue
# server with the built-in demo office. Extra arguments go to queue-server.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${QUEUE_BUILD_DIR:-$root/build}
bash "$root/scripts/build.sh" -DQUEUE_BUILD_TESTS=OFF -DQUEUE_BUILD_BENCH=OFF >/dev/null
data=${QUEUE_DEMO_DIR:-$root/demo-data}
mkdir -p "$data"
exec "$build/server/queue-server" --demo --db "$data/queue.db" "$@"
