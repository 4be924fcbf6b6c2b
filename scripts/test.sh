#!/usr/bin/env bash
# Runs every test: the native tests of the core, the CLI and the app (cargo test), then builds the
# site and drives it in headless Chromium (node's test runner + playwright-core).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/venv.sh   # NEST, PyNN and Brian2, for the cross-validation of the exported scripts
source scripts/env.sh

echo "== native tests (cargo test --workspace)"
cargo test --workspace

echo "== build: the site (trunk, release) and the CLI the browser tests compare against"
trunk build --release
cargo build --release -p neurolive-cli

echo "== the Moodle package (SCORM 1.2), which the browser tests open under a SCORM run-time"
bash scripts/package-scorm.sh --mastery 60 --from-dist

echo "== browser tests (headless Chromium)"
node --test --test-concurrency=1 tests/e2e/
