#!/usr/bin/env bash
# A complete demo office on this machine (run by scripts/run.sh after the build):
# the queue server with the built-in office (--demo: open at all times), a kiosk that
# "prints" tickets as PNG files, two operator desks (windows 1 and 2) and the hall board.
#   - with a display ($DISPLAY, e.g. Xvfb, or $WAYLAND_DISPLAY): the four programs as windows;
#   - without one: the programs run offscreen, a few tickets are issued and called through
#     the API, and screenshots of every program are written.
# Ctrl+C stops everything this script started. Extra arguments go to queue-server.
# QUEUE_DEMO=server starts the server alone (the previous behaviour of scripts/run.sh).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${QUEUE_BUILD_DIR:-$root/build}
data=${QUEUE_DEMO_DIR:-$root/demo-data}
mode=${QUEUE_DEMO:-office}

port=8470
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do   # a --listen of the caller decides the port
  case "${args[$i]}" in
    --listen) port=${args[$((i + 1))]##*:} ;;
    --listen=*) port=${args[$i]##*:} ;;
  esac
done
server_url="http://127.0.0.1:$port"

mkdir -p "$data/tickets" "$data/screenshots"
printf 'demo-kiosk\n' > "$data/kiosk.token"
printf 'demo-display\n' > "$data/board.token"

pids=()
stop_all() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap 'echo; echo "demo: stopping"; stop_all; exit 0' INT TERM
trap stop_all EXIT

# The demo's administrator of /manager with a known password (the demo only: a real
# office gets a random one from the package, listed once in /etc/queue/initial-pins.txt).
demo_admin_password='demo-admin-2026'
printf '%s\n' "$demo_admin_password" | "$build/server/queue-server" --demo --db "$data/queue.db" --add-admin admin >/dev/null

"$build/server/queue-server" --demo --db "$data/queue.db" --listen "127.0.0.1:$port" "$@" &
pids+=($!)

# Wait until the server answers (it may also have failed to start, e.g. port in use).
for _ in $(seq 1 100); do
  if curl -fsS "$server_url/api/v1/health" >/dev/null 2>&1; then break; fi
  if ! kill -0 "${pids[0]}" 2>/dev/null; then echo "demo: queue-server did not start" >&2; exit 1; fi
  sleep 0.1
done
sleep 0.3
if ! kill -0 "${pids[0]}" 2>/dev/null; then
  echo "demo: queue-server did not start (is port $port taken by another server?)" >&2
  exit 1
fi

cat <<MSG

Demo office at $server_url (built-in office, always open).
  Manager page: $server_url/manager — sign in as 'admin', password '$demo_admin_password' (demo only).
  Tokens: kiosk 'demo-kiosk', board 'demo-display', manager 'demo-manager' (deprecated: use an account).
  Operators (login / PIN / window): ivanova 1111 (1), petrov 2222 (2), sidorova 3333, kuznetsov 4444.
  Database: $data/queue.db     Printed tickets (PNG): $data/tickets/
  Metrics: $server_url/metrics   Ticket page: $server_url/t/<token> (the "page" a ticket was issued with)
MSG

if [ "$mode" = "server" ]; then
  echo "Stop with Ctrl+C."
  wait "${pids[0]}"
  exit $?
fi

printer="file://$data/tickets?format=png&width=80"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  "$build/kiosk/queue-kiosk" --windowed --server "$server_url" --token-file "$data/kiosk.token" --printer "$printer" &
  pids+=($!)
  "$build/operator_desk/queue-desk" --windowed --server "$server_url" --window 1 &
  pids+=($!)
  "$build/operator_desk/queue-desk" --windowed --server "$server_url" --window 2 &
  pids+=($!)
  "$build/display_board/queue-board" --windowed --server "$server_url" --token-file "$data/board.token" &
  pids+=($!)
  cat <<MSG

On the screen: the kiosk (take a ticket: it is "printed" to $data/tickets/),
two operator desks (log in as ivanova / 1111 at window 1 and petrov / 2222 at window 2,
then "Call next") and the hall board, which shows and announces the calls.
Stop everything with Ctrl+C.
MSG
else
  export QT_QPA_PLATFORM=offscreen
  shots="$data/screenshots"
  echo
  echo "No display (\$DISPLAY / \$WAYLAND_DISPLAY unset): running the office offscreen."
  api() { curl -fsS -X "$1" -H "Authorization: Bearer $2" -H 'Content-Type: application/json' \
               ${3:+-d "$3"} "$server_url/api/v1/$4"; }
  for s in payments payments contracts reception; do
    api POST demo-kiosk "{\"service\":\"$s\"}" tickets >/dev/null
  done
  token=$(curl -fsS -X POST -H 'Content-Type: application/json' \
               -d '{"login":"ivanova","pin":"1111","window":1}' "$server_url/api/v1/sessions" |
          sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
  if [ -n "$token" ]; then api POST "$token" '{}' windows/1/call >/dev/null || true; fi
  echo "Issued 4 tickets and called one to window 1 through the API."
  log="$data/apps.log"
  : > "$log"
  "$build/kiosk/queue-kiosk" --server "$server_url" --token-file "$data/kiosk.token" --screenshot "$shots/kiosk" >>"$log" 2>&1
  "$build/kiosk/queue-kiosk" --printer "$printer" --print-test-ticket >>"$log" 2>&1
  "$build/operator_desk/queue-desk" --screenshot "$shots/desk" >>"$log" 2>&1
  "$build/display_board/queue-board" --server "$server_url" --token-file "$data/board.token" \
    --screenshot "$shots/board" >>"$log" 2>&1
  # The board and a kiosk keep running offscreen, connected to the server, as in an office.
  "$build/display_board/queue-board" --server "$server_url" --token-file "$data/board.token" --windowed >>"$log" 2>&1 &
  pids+=($!)
  "$build/kiosk/queue-kiosk" --windowed --server "$server_url" --token-file "$data/kiosk.token" \
    --printer "$printer" >>"$log" 2>&1 &
  pids+=($!)
  cat <<MSG

Screenshots: $shots/{kiosk,desk,board}/*.png
A test ticket as printed: $data/tickets/        The programs' output: $log
The server, a kiosk and the board keep running offscreen; try
  curl -X POST -H 'Authorization: Bearer demo-kiosk' -d '{"service":"payments"}' $server_url/api/v1/tickets
  curl $server_url/metrics
Stop everything with Ctrl+C.
MSG
fi
wait "${pids[0]}"
