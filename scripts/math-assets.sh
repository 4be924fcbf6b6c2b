#!/usr/bin/env bash
# Trunk post-build hook: ships pulldown-latex's MathML stylesheet and Latin Modern fonts (they come
# inside the crate from crates.io) with the site, so equations look the same on every laptop.
set -euo pipefail
dir=$(cargo metadata --format-version 1 --offline 2>/dev/null | node -e '
  let s = ""; process.stdin.on("data", d => s += d).on("end", () => {
    const p = JSON.parse(s).packages.find(p => p.name === "pulldown-latex");
    console.log(require("path").dirname(p.manifest_path));
  });')
out="${TRUNK_STAGING_DIR:?run me from trunk}/math"
mkdir -p "$out/font"
cp "$dir/styles.css" "$out/styles.css"
cp "$dir"/font/*.woff2 "$out/font/"
