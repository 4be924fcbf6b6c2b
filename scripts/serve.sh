#!/usr/bin/env bash
# Builds the site (release: the simulations need optimised wasm) and serves it on
# http://127.0.0.1:8080, rebuilding when a source or lesson changes. It serves from a folder of
# its own (target/serve): trunk adds its live-reload script to what it serves, and dist/ only
# ever holds a release build that can be copied to a web server or packaged for Moodle.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
echo "NeuroLive: http://127.0.0.1:8080/"
exec trunk serve --release --dist target/serve --address 127.0.0.1 --port 8080 "$@"
