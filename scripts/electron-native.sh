#!/usr/bin/env bash
# Builds better-sqlite3 for the installed Electron's ABI into build/electron-native/, leaving
# node_modules (the Node build the CLI, `serve` and the tests load) untouched: the work happens in
# a temporary copy of the package. A prebuilt binary is fetched when one exists
# (prebuild-install), else it is compiled with node-gyp against Electron's headers. Needs the
# network, so `npm start` and `npm run dist` run it, CI does not. Skips when the build on disk
# already matches the installed Electron and better-sqlite3; `--force` builds again anyway.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

out_dir="build/electron-native"
out="$out_dir/better_sqlite3.node"
stamp="$out_dir/built-for.txt"

electron_version="$(node -p "require('./node_modules/electron/package.json').version")"
sqlite_version="$(node -p "require('./node_modules/better-sqlite3/package.json').version")"
platform="${npm_config_platform:-$(node -p 'process.platform')}"
arch="${npm_config_arch:-$(node -p 'process.arch')}"
wanted="better-sqlite3 ${sqlite_version} for electron ${electron_version} on ${platform}-${arch}"

if [ "${1:-}" != "--force" ] && [ -f "$out" ] && [ "$(cat "$stamp" 2>/dev/null || true)" = "$wanted" ]; then
  echo "SQLite for Electron is up to date (${wanted})."
  exit 0
fi

# Runs the project's own copy of a tool when it has one, else a one-off download through npx.
run_tool() {
  local name="$1"
  shift
  if [ -x "$root/node_modules/.bin/$name" ]; then "$root/node_modules/.bin/$name" "$@"; else npx --yes "$name" "$@"; fi
}

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -R node_modules/better-sqlite3 "$work/better-sqlite3"
rm -rf "$work/better-sqlite3/build"

echo "Building ${wanted}…"
(
  cd "$work/better-sqlite3"
  if ! run_tool prebuild-install --runtime electron --target "$electron_version" --platform "$platform" --arch "$arch"; then
    echo "No prebuilt binary for this Electron; compiling against Electron's headers (needs a C++ toolchain)…"
    run_tool node-gyp rebuild --release --runtime=electron --target="$electron_version" --arch="$arch" \
      --dist-url=https://electronjs.org/headers
  fi
)

built="$work/better-sqlite3/build/Release/better_sqlite3.node"
if [ ! -f "$built" ]; then
  echo "The build produced no better_sqlite3.node." >&2
  exit 1
fi
mkdir -p "$out_dir"
cp "$built" "$out.tmp"
mv "$out.tmp" "$out"
echo "$wanted" > "$stamp"
echo "Wrote $out (${wanted})."
