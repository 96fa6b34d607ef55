#!/usr/bin/env bash
# Installs the Debian 12 packages that building, running and testing need,
# only those that are missing. Sourced or run by scripts/run.sh and scripts/test.sh.
set -euo pipefail

QUEUE_PACKAGES=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  qt6-base-dev qt6-base-dev-tools libqt6sql6-sqlite
  qt6-websockets-dev qt6-httpserver-dev qt6-serialport-dev qt6-serialbus-dev
  qt6-speech-dev qt6-declarative-dev qt6-charts-dev
  qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools linguist-qt6 libgl-dev
  libcups2-dev cups libqrencode-dev espeak-ng socat xvfb
  libgtest-dev libgmock-dev sqlite3 libsqlite3-dev procps libssl-dev
)

# Parts of the project may list more packages, one per line, in scripts/deps.d/*.txt.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
for list in "$here"/deps.d/*.txt; do
  [ -f "$list" ] || continue
  while read -r pkg _; do
    case "$pkg" in ''|'#'*) ;; *) QUEUE_PACKAGES+=("$pkg") ;; esac
  done < "$list"
done

missing=()
for p in "${QUEUE_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  echo "deps: installing ${#missing[@]} missing Debian packages: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "deps: all Debian packages present"
fi
