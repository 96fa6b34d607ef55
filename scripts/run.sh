#!/usr/bin/env bash
# The run command: installs what is missing, builds, and starts a demo office on this
# machine (scripts/demo.sh): the queue server with the built-in demo office (open at all
# times) on 127.0.0.1:8470, a kiosk printing to PNG files, two operator desks and the hall
# board — as windows when there is a display, else offscreen with screenshots.
# Extra arguments go to queue-server (a later --listen overrides the default).
# QUEUE_DEMO=server bash scripts/run.sh starts the server alone.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
if [ "${QUEUE_DEMO:-office}" = "server" ]; then
  QUEUE_TARGETS=queue-server bash "$root/scripts/build.sh"
else
  QUEUE_TARGETS="queue-server queue-kiosk queue-desk queue-board" bash "$root/scripts/build.sh"
fi
exec bash "$root/scripts/demo.sh" "$@"
