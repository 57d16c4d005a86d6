#!/usr/bin/env bash
# One-time set-up on a fresh Debian machine: system tools the tests and benchmarks compare
# against, Chromium for the end-to-end tests, the npm packages (without Electron's binary
# download), and a build.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v qpdf >/dev/null 2>&1 || need+=(qpdf)
# The native OCR reference that `npm run eval` (ocr task) and `npm run bench` compare against.
command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr)
# The browser the end-to-end tests drive (playwright-core, CHROMIUM_PATH or /usr/bin/chromium).
[ -n "${CHROMIUM_PATH:-}" ] || command -v chromium >/dev/null 2>&1 || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  echo "Installing system packages: ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

# Electron's own binary is fetched separately (npm run app does it where the network allows).
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
npm ci --no-audit --no-fund
npm run build
