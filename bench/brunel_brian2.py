#!/usr/bin/env python3
"""Brunel (2000) model A in Brian2: the same network as NeuroLive's `brunel` model, for timing.

N_E = 10 000, N_I = 2 500, fixed in-degrees C_E = 1 000 and C_I = 250 (sources drawn without
repetition, as in NeuroLive), J = 0.1 mV, inhibitory synapses -g J, delay D = 1.5 ms,
tau = 20 ms, theta = 20 mV, V_r = 10 mV, tau_rp = 2 ms (V held at V_r, inputs lost, as in the
paper and NeuroLive), external input: C_E Poisson trains at nu_ext = ratio * nu_thr,
nu_thr = theta / (J C_E tau), each of weight J; dt = 0.1 ms. AI regime by default (g = 5,
ratio = 2).

Prints one line `brian2 <mode>: ...` with the wall seconds per simulated second of the run phase
(code generation, compilation and network construction excluded, which favours Brian2), the
wall time of the whole script, the mean rate over all neurons and the mean ISI CV of neurons
0..499.

    python bench/brunel_brian2.py --mode standalone   # C++ standalone (compiles with g++)
    python bench/brunel_brian2.py --mode runtime      # Cython runtime
"""

import argparse
import os
import tempfile
import time

T_START = time.perf_counter()

import numpy as np  # noqa: E402
import brian2 as b2  # noqa: E402
from brian2 import ms, mV, Hz, second  # noqa: E402


def fixed_indegree(n_src, n_tgt, c, rng, offset=0, chunk=500):
    """For each target, `c` distinct sources among n_src (uniform, without repetition)."""
    pre, post = [], []
    for t0 in range(0, n_tgt, chunk):
        t1 = min(n_tgt, t0 + chunk)
        # The c smallest of n_src uniform keys per row: a uniform c-subset.
        keys = rng.random((t1 - t0, n_src), dtype=np.float32)
        src = np.argpartition(keys, c - 1, axis=1)[:, :c]
        pre.append(src.ravel() + offset)
        post.append(np.repeat(np.arange(t0, t1), c))
    return np.concatenate(pre).astype(np.int32), np.concatenate(post).astype(np.int32)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mode", choices=["standalone", "runtime"], default="standalone")
    ap.add_argument("--duration-ms", type=float, default=1000.0)
    ap.add_argument("--g", type=float, default=5.0)
    ap.add_argument("--ratio", type=float, default=2.0, help="nu_ext / nu_thr")
    ap.add_argument("--n-e", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    workdir = tempfile.mkdtemp(prefix="brunel_brian2_")
    if args.mode == "standalone":
        b2.set_device("cpp_standalone", directory=os.path.join(workdir, "standalone"), build_on_run=False)
    else:
        b2.prefs.codegen.target = "cython"
    b2.prefs.codegen.cpp.extra_compile_args_gcc = ["-O3", "-march=native", "-w"]
    b2.defaultclock.dt = 0.1 * ms
    b2.seed(args.seed)

    n_e = args.n_e
    n_i = round(n_e / 4)
    n = n_e + n_i
    eps = 0.1
    c_e, c_i = round(eps * n_e), round(eps * n_i)
    tau, theta, v_r, tau_rp = 20 * ms, 20 * mV, 10 * mV, 2 * ms
    J, D, g = 0.1 * mV, 1.5 * ms, args.g
    nu_thr = theta / (J * c_e * tau)
    nu_ext = args.ratio * nu_thr

    neurons = b2.NeuronGroup(
        n,
        "dv/dt = -v/tau : volt (unless refractory)",
        threshold="v >= theta",
        reset="v = v_r",
        refractory=tau_rp,
        method="exact",
    )
    rng = np.random.default_rng(args.seed)
    neurons.v = rng.uniform(0, 20, n) * mV

    t_build = time.perf_counter()
    pre_e, post_e = fixed_indegree(n_e, n, c_e, rng)
    pre_i, post_i = fixed_indegree(n_i, n, c_i, rng)
    exc = b2.Synapses(neurons[:n_e], neurons, on_pre="v_post += J * int(not_refractory_post)", delay=D)
    exc.connect(i=pre_e, j=post_e)
    inh = b2.Synapses(neurons[n_e:], neurons, on_pre="v_post += -g * J * int(not_refractory_post)", delay=D)
    inh.connect(i=pre_i, j=post_i)
    ext = b2.PoissonInput(neurons, "v", N=c_e, rate=nu_ext, weight="J * int(not_refractory)")
    t_build = time.perf_counter() - t_build

    counts = b2.SpikeMonitor(neurons, record=False)
    sample = b2.SpikeMonitor(neurons[:500])
    net = b2.Network(neurons, exc, inh, ext, counts, sample)

    duration = args.duration_ms * ms
    if args.mode == "standalone":
        net.run(duration)
        t0 = time.perf_counter()
        b2.device.build(directory=os.path.join(workdir, "standalone"), compile=True, run=True, debug=False)
        t_compile_and_run = time.perf_counter() - t0
        run_s = b2.device._last_run_time
    else:
        # A short first run generates and compiles the code; the timed run reuses it.
        net.run(0.1 * ms)
        t0 = time.perf_counter()
        net.run(duration)
        run_s = time.perf_counter() - t0
        t_compile_and_run = None
        duration = duration + 0.1 * ms

    total_spikes = int(counts.num_spikes)
    rate = total_spikes / n / float(duration / second)
    trains = sample.spike_trains()
    cvs = []
    for tr in trains.values():
        isi = np.diff(np.asarray(tr / ms))
        if len(isi) >= 2:
            cvs.append(isi.std() / isi.mean())
    cv = float(np.mean(cvs)) if cvs else float("nan")
    sim_s = float(duration / second)
    events = total_spikes * (c_e + c_i)
    print(
        f"brian2 {args.mode}: {args.duration_ms:g} ms simulated: {run_s / sim_s:.4f} s per simulated second "
        f"(run phase); rate_hz={rate:.4f} cv_isi={cv:.4f} synaptic_events={events} "
        f"ns_per_event={run_s / max(events, 1) * 1e9:.2f} connectivity_s={t_build:.2f} "
        + (f"compile_and_run_s={t_compile_and_run:.1f} " if t_compile_and_run is not None else "")
        + f"script_wall_s={time.perf_counter() - T_START:.1f} brian2={b2.__version__} numpy={np.__version__}",
        flush=True,
    )


if __name__ == "__main__":
    main()
