# Sourced by the scripts: the locally installed tools first on PATH, so Trunk uses them and never
# downloads its own (Trunk.toml also sets offline = true).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
