#!/usr/bin/env bash
# Brunel (2000) model A, AI regime, 1 s simulated: NeuroLive's `brunel` against Brian2 and NEST
# (on 1 and 2 threads) on this machine, one command. Creates bench/.venv with brian2==2.9.0 and numpy<2.4 from PyPI if missing,
# builds the CLI in release mode, runs both, and prints wall seconds per simulated second and the
# mean rates side by side.
#
#   bench/compare.sh                   # Brian2 C++ standalone
#   BRIAN_MODES="standalone runtime" bench/compare.sh    # also the Cython runtime
#   REPEAT=5 bench/compare.sh          # repeats of our run (the best is reported)
#
# Timing is wall-clock: on a machine shared with other work, run it again and keep the best.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"
venv="$here/.venv"
modes="${BRIAN_MODES:-standalone}"
repeat="${REPEAT:-3}"
duration_ms=1000

if ! "$venv/bin/python" -c 'import brian2' 2>/dev/null; then
    echo "== creating $venv with brian2==2.9.0, numpy<2.4 (PyPI)" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --upgrade pip
    "$venv/bin/pip" install --quiet 'brian2==2.9.0' 'numpy<2.4'
fi

echo "== building neurolive (release)" >&2
cargo build --release --quiet -p neurolive-cli
target_dir="$(cargo metadata --format-version 1 --no-deps | "$venv/bin/python" -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
neurolive="$target_dir/release/neurolive"

# Max RSS with GNU time when it is there (Debian package `time`).
timed() {
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f 'max_rss_kb=%M' -o "$1" "${@:2}"
    else
        echo 'max_rss_kb=?' > "$1"
        "${@:2}"
    fi
}

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

echo "== neurolive bench brunel --preset AI --duration-ms $duration_ms --repeat $repeat" >&2
timed "$tmp/ours.rss" "$neurolive" bench brunel --preset AI --duration-ms "$duration_ms" --repeat "$repeat" | tee "$tmp/ours.txt" >&2
ours_s="$(sed -n 's/.*best \([0-9.]*\) s.*/\1/p' "$tmp/ours.txt")"
ours_rate="$(sed -n 's/.*rate_hz=\([0-9.]*\).*/\1/p' "$tmp/ours.txt")"
ours_cv="$(sed -n 's/.*cv_isi=\([0-9.]*\).*/\1/p' "$tmp/ours.txt")"
ours_theory="$(sed -n 's/.*rate_theory_hz=\([0-9.]*\).*/\1/p' "$tmp/ours.txt")"
ours_rss="$(sed -n 's/max_rss_kb=//p' "$tmp/ours.rss")"

# The same run in Chromium's wasm engine, when the site is built (bash scripts/test.sh or trunk build --release).
if [ -f "${NEUROLIVE_DIST:-$root/dist}/index.html" ] && [ -d "$root/node_modules/playwright-core" ]; then
    echo "== node bench/browser.mjs brunel AI $duration_ms" >&2
    if node "$here/browser.mjs" brunel AI "$duration_ms" "$repeat" | tee "$tmp/browser.txt" >&2; then
        browser_s="$(sed -n 's/.*best \([0-9.]*\) s.*/\1/p' "$tmp/browser.txt")"
        browser_rate="$(sed -n 's/.*rate_hz=\([0-9.]*\).*/\1/p' "$tmp/browser.txt")"
        browser_cv="$(sed -n 's/.*cv_isi=\([0-9.]*\).*/\1/p' "$tmp/browser.txt")"
    fi
    # And live: the widget playing at 1× in the page, its network in the worker, its plots drawn.
    echo "== node bench/live.mjs brunel AI 10 $repeat" >&2
    if node "$here/live.mjs" brunel AI 10 "$repeat" | tee "$tmp/live.txt" >&2; then
        live_x="$(sed -n 's/.*best \([0-9.]*\)× real time.*/\1/p' "$tmp/live.txt")"
        live_s="$(python3 -c "import sys; print(f'{1/float(sys.argv[1]):.3f}')" "$live_x")"
        live_rate="$(sed -n 's/.*; rate \([0-9.]*\) Hz.*/\1/p' "$tmp/live.txt")"
    fi
else
    echo "== no built site: skipping the browser run (build it with trunk build --release)" >&2
fi

rows=()
for mode in $modes; do
    echo "== brian2 ($mode), bench/brunel_brian2.py --mode $mode --duration-ms $duration_ms" >&2
    if timed "$tmp/b2.rss" "$venv/bin/python" "$here/brunel_brian2.py" --mode "$mode" --duration-ms "$duration_ms" > "$tmp/b2.txt" 2> "$tmp/b2.err"; then
        cat "$tmp/b2.txt" >&2
        b2_s="$(sed -n 's/.*: \([0-9.]*\) s per simulated second.*/\1/p' "$tmp/b2.txt")"
        b2_rate="$(sed -n 's/.*rate_hz=\([0-9.]*\).*/\1/p' "$tmp/b2.txt")"
        b2_cv="$(sed -n 's/.*cv_isi=\([0-9.]*\).*/\1/p' "$tmp/b2.txt")"
        b2_rss="$(sed -n 's/max_rss_kb=//p' "$tmp/b2.rss")"
        rows+=("$(printf '%-22s %12s %10s %8s %12s' "brian2 2.9.0 $mode" "$b2_s" "$b2_rate" "$b2_cv" "$b2_rss")")
        printf -v "b2_rate_$mode" '%s' "$b2_rate"
        printf -v "b2_s_$mode" '%s' "$b2_s"
    else
        echo "brian2 ($mode) failed; its last lines:" >&2
        tail -n 30 "$tmp/b2.err" >&2
        rows+=("$(printf '%-22s %12s' "brian2 2.9.0 $mode" "FAILED")")
    fi
done

# NEST 3.10, through the very script `neurolive export brunel --to nest` writes, on 1 thread and
# on 2 (the project's .venv: scripts/venv.sh). Its build (network and connections) and its run
# are timed apart by the script itself.
bash "$root/scripts/venv.sh" >&2
"$neurolive" export brunel --preset AI --duration-ms "$duration_ms" --to nest --out "$tmp/brunel_nest.py"
for threads in 1 2; do
    echo "== nest, $threads thread(s): python brunel_nest.py (neurolive export brunel --preset AI --to nest)" >&2
    sed "s/^THREADS = 1 /THREADS = $threads /" "$tmp/brunel_nest.py" > "$tmp/nest$threads.py"
    if timed "$tmp/nest$threads.rss" "$root/.venv/bin/python" "$tmp/nest$threads.py" "$tmp/nest$threads-out" > "$tmp/nest$threads.txt" 2> "$tmp/nest$threads.err"; then
        cat "$tmp/nest$threads.txt" >&2
        build_s="$(sed -n 's/^timing: build \([0-9.]*\) s.*/\1/p' "$tmp/nest$threads.txt")"
        run_s="$(sed -n 's/^timing: .*, run \([0-9.]*\) s.*/\1/p' "$tmp/nest$threads.txt")"
        per_s="$(python3 -c "import sys; print(f'{float(sys.argv[1]) * 1000 / float(sys.argv[2]):.2f}')" "$run_s" "$duration_ms")"
        n_rate="$(sed -n 's/^rate_hz = \([0-9.]*\).*/\1/p' "$tmp/nest$threads.txt")"
        n_cv="$(sed -n 's/^cv_isi = \([0-9.]*\).*/\1/p' "$tmp/nest$threads.txt")"
        n_rss="$(sed -n 's/max_rss_kb=//p' "$tmp/nest$threads.rss")"
        rows+=("$(printf '%-22s %12s %10.3f %8.3f %12s   (run phase; build %s s)' "nest 3.10 $threads thread(s)" "$per_s" "$n_rate" "$n_cv" "$n_rss" "$build_s")")
    else
        echo "nest ($threads threads) failed; its last lines:" >&2
        tail -n 30 "$tmp/nest$threads.err" >&2
        rows+=("$(printf '%-22s %12s' "nest 3.10 $threads thread(s)" "FAILED")")
    fi
done

echo
echo "Brunel 2000 model A, AI (g = 5, nu_ext/nu_thr = 2), N = 12 500, 1 s simulated, this machine"
echo "(mean-field rate: ${ours_theory} Hz; neurolive's time includes building the network, Brian2's is its run phase only)"
printf '%-22s %12s %10s %8s %12s\n' "simulator" "s per sim s" "rate (Hz)" "CV ISI" "max RSS (kB)"
printf '%-22s %12s %10s %8s %12s\n' "neurolive (best of $repeat)" "$ours_s" "$ours_rate" "$ours_cv" "$ours_rss"
if [ -n "${browser_s:-}" ]; then
    printf '%-22s %12s %10s %8s %12s\n' "neurolive wasm Chromium" "$browser_s" "$browser_rate" "$browser_cv" "—"
fi
if [ -n "${live_s:-}" ]; then
    printf '%-22s %12s %10s %8s %12s   (%s× real time, playing with its plots)\n' "neurolive live in page" "$live_s" "$live_rate" "—" "—" "$live_x"
fi
for r in "${rows[@]}"; do
    echo "$r"
done

# The same network must give the same rate: within 5 % of Brian2's (issue 5; Brunel 2000).
status=0
for mode in $modes; do
    rate_var="b2_rate_$mode"
    b2="${!rate_var:-}"
    [ -n "$b2" ] || { echo "no Brian2 $mode rate to compare"; status=1; continue; }
    if "$venv/bin/python" -c "import sys; a,b=float(sys.argv[1]),float(sys.argv[2]); sys.exit(0 if abs(a-b) <= 0.05*b else 1)" "$ours_rate" "$b2"; then
        echo "rate check ($mode): neurolive $ours_rate Hz vs Brian2 $b2 Hz — within 5 %"
    else
        echo "rate check ($mode): neurolive $ours_rate Hz vs Brian2 $b2 Hz — MORE than 5 % apart"; status=1
    fi
    s_var="b2_s_$mode"
    "$venv/bin/python" -c "import sys; print(f'speed: neurolive is {float(sys.argv[2])/float(sys.argv[1]):.1f}x faster than Brian2 $mode natively')" "$ours_s" "${!s_var}"
done
exit $status
