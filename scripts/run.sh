#!/usr/bin/env bash
# The run command: installs what is missing, builds, and starts the queue
# server with the built-in demo office (open at all times) on 127.0.0.1:8470.
# Extra arguments go to queue-server (a later --listen overrides the default).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${QUEUE_BUILD_DIR:-$root/build}
QUEUE_TARGETS=queue-server bash "$root/scripts/build.sh"
data=${QUEUE_DEMO_DIR:-$root/demo-data}
mkdir -p "$data"
cat <<MSG

Demo office. Tokens: kiosk 'demo-kiosk', board 'demo-display', manager 'demo-manager'.
Operators (login / PIN / window): ivanova 1111, petrov 2222, sidorova 3333, kuznetsov 4444.
Database: $data/queue.db — stop with Ctrl+C.

MSG
exec "$build/server/queue-server" --demo --db "$data/queue.db" --listen 127.0.0.1:8470 "$@"
