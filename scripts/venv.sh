#!/usr/bin/env bash
# Creates .venv with the Python engines NeuroLive's scripts export to, pinned, from PyPI: NEST
# (nest-simulator: a manylinux wheel for CPython 3.11), PyNN on NEST, and Brian2 (which needs
# numpy < 2.4). The cross-validation tests (cli/tests/engines.rs) run the exported scripts with
# it. Idempotent: seconds when everything is there, about a minute the first time.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m[venv]\033[0m %s\n' "$*"; }
PYTHON="${NEUROLIVE_PYTHON_FOR_VENV:-python3.11}"
command -v "$PYTHON" >/dev/null || PYTHON=python3
REQUIREMENTS=scripts/engines-requirements.txt

if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
  echo "[venv] NEST's wheel on PyPI is for CPython 3.11; $PYTHON is $("$PYTHON" --version 2>&1)" >&2
  exit 1
fi
if [ -x .venv/bin/python ] && [ .venv/.installed -nt "$REQUIREMENTS" ]; then
  exit 0
fi
say "creating .venv with NEST, PyNN and Brian2 ($REQUIREMENTS)"
"$PYTHON" -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check -r "$REQUIREMENTS"
.venv/bin/python -c 'import nest, pyNN.nest, brian2' >/dev/null 2>&1 || {
  echo "[venv] the engines were installed but do not import: .venv/bin/python -c 'import nest, pyNN.nest, brian2'" >&2
  exit 1
}
touch .venv/.installed
