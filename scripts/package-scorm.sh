#!/usr/bin/env bash
# Builds neurolive-scorm.zip: the course as a SCORM 1.2 package that Moodle (Add an activity →
# SCORM package) or any SCORM 1.2 LMS hosts itself, one SCO per lecture, each student's score
# and status in the gradebook. From a fresh release build of its own (target/scorm/site).
#   bash scripts/package-scorm.sh [--mastery N] [--lecture N] [--out FILE]
# --mastery N: the score (0–100 % of a lecture's checked exercises) that passes a lecture (default
# 60). --lecture N: a package of lecture N alone (one activity, one gradebook column, per lecture).
# --from-dist: package the release build already in dist/ (test.sh has just made it) instead of
# building again, which saves a minute and a half of CI.
set -euo pipefail
cd "$(dirname "$0")/.."
mastery=60
out="neurolive-scorm.zip"
only=()
from_dist=0
while [ $# -gt 0 ]; do
  case "$1" in
    --mastery) mastery="${2:-}"; shift 2 ;;
    --out) out="${2:-}"; shift 2 ;;
    --lecture) only=(--lecture "${2:-}"); shift 2 ;;
    --from-dist) from_dist=1; shift ;;
    *) echo "package-scorm: unknown argument '$1' (usage: --mastery N --lecture N --out FILE --from-dist)" >&2; exit 2 ;;
  esac
done
case "$mastery" in ''|*[!0-9]*) echo "package-scorm: --mastery takes a whole number from 0 to 100" >&2; exit 2 ;; esac
bash scripts/setup.sh
source scripts/env.sh

site="target/scorm/site"
rm -rf "$site"
if [ "$from_dist" = 1 ]; then
  [ -f dist/index.html ] || { echo "package-scorm: --from-dist needs a release build in dist/ (trunk build --release)" >&2; exit 2; }
  echo "== the site: the release build in dist/, copied into $site"
  mkdir -p "$site" && cp -R dist/. "$site/"
else
  echo "== the site (trunk, release) into $site"
  trunk build --release --dist "$site"
fi
echo "== imsmanifest.xml (mastery score $mastery)"
cargo run --quiet -p neurolive-app --bin scorm-manifest -- "$site" --mastery "$mastery" "${only[@]}" > "$site/imsmanifest.xml"
case "$out" in /*) zip_path="$out" ;; *) zip_path="$PWD/$out" ;; esac
rm -f "$zip_path"
(cd "$site" && zip -q -r -X "$zip_path" .)
echo "wrote $out ($(du -h "$zip_path" | cut -f1)): upload it to Moodle as a SCORM package"
