#!/usr/bin/env bash
# Runs the desktop app in development. Electron's binary is not part of `npm ci` (it comes
# from Electron's release host, not the npm registry), so it is fetched here once.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! node -e "require('electron')" >/dev/null 2>&1 || [ ! -f node_modules/electron/path.txt ]; then
  echo "Fetching the Electron runtime (one time)…"
  (cd node_modules/electron && node install.js)
fi
exec npx electron-vite dev
