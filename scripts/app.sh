#!/usr/bin/env bash
# Runs the desktop app in development. Electron's binary is not part of `npm ci` (it comes
# from Electron's release host, not the npm registry), so it is fetched here once; so is the
# build of better-sqlite3 for Electron's ABI (node_modules keeps the Node one for the CLI and tests).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! node -e "require('electron')" >/dev/null 2>&1 || [ ! -f node_modules/electron/path.txt ]; then
  echo "Fetching the Electron runtime (one time)…"
  (cd node_modules/electron && node install.js)
fi
# Quick when build/electron-native already matches the installed Electron and better-sqlite3.
bash scripts/electron-native.sh
# pdf.js as the scripts the engine runs with a code cache and the build's changes (scripts/vendor-pdfjs.js).
node scripts/vendor-pdfjs.js out/vendor/pdfjs
exec npx electron-vite dev
