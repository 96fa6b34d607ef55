#!/usr/bin/env bash
# What the browser tests need: Node.js with npm (Debian's, when the machine has
# none), Debian's chromium, and playwright-core from tests/browser/package-lock.json.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
need=()
command -v node >/dev/null || need+=(nodejs)
command -v npm >/dev/null || need+=(npm)
command -v chromium >/dev/null || need+=(chromium)
if ((${#need[@]})); then
  echo "browser-deps: installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${need[@]}"
fi
# The registry is reached over HTTPS: trust the machine's CA store (with any
# local CAs from /usr/local/share/ca-certificates), whichever Node.js this is.
bundle=/etc/ssl/certs/ca-certificates.crt
if ! dpkg-query -W -f='${Status}' ca-certificates 2>/dev/null | grep -q 'install ok installed'; then
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get install -y -q --no-install-recommends ca-certificates
fi
if [ -n "$(ls /usr/local/share/ca-certificates 2>/dev/null)" ]; then
  $SUDO update-ca-certificates >/dev/null 2>&1 || true
fi
npm_tls=()
if [ -f "$bundle" ]; then
  export NODE_EXTRA_CA_CERTS="$bundle"
  npm_tls=(--cafile "$bundle")
fi
cd "$root/tests/browser"
# Reinstall only when the lock file changed since the last install.
stamp=node_modules/.queue-lock-stamp
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  echo "browser-deps: npm ci (playwright-core, no browser download)"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci "${npm_tls[@]}" --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi
