//! The Python that every script ends with: NeuroLive's measures computed from the engine's spikes
//! exactly as the core computes them from its own (the function named in each comment), and the
//! files `neurolive run` writes. Plain NumPy, which every engine installs.

/// Spike-train helpers and the writer of spikes.csv and summary.json.
pub const COMMON: &str = r#"
# ---- NeuroLive's measures and files (the same definitions as NeuroLive's core) ----
import json
import os
import sys
import time

import numpy as np

T0 = time.perf_counter()  # the build's time is counted from here, the run's apart
OUT_DIR = sys.argv[1] if len(sys.argv) > 1 else "."  # where spikes.csv and summary.json go


def by_neuron(times, senders, neurons):
    """Each neuron's sorted spike times (ms), for neurons 0..neurons-1."""
    order = np.lexsort((times, senders))
    times, senders = times[order], senders[order]
    cuts = np.searchsorted(senders, np.arange(neurons + 1))
    return [times[cuts[i]:cuts[i + 1]] for i in range(neurons)]


def cv_isi(train):
    """ISI coefficient of variation (SD over mean, SD with 1/n) of one neuron; None below two ISIs
    (core: measure::cv_isi)."""
    isi = np.diff(train)
    if len(isi) < 2:
        return None
    return float(isi.std() / isi.mean())


def mean_of(values):
    values = [v for v in values if v is not None]
    return float(np.mean(values)) if values else None


def write_files(out_dir, sim, seed, t_ms, params, measures, times, senders, n_rec, engine):
    """spikes.csv (the neurons NeuroLive records) and summary.json, as `neurolive run` writes them."""
    os.makedirs(out_dir, exist_ok=True)
    keep = senders < n_rec
    order = np.lexsort((senders[keep], times[keep]))
    with open(os.path.join(out_dir, "spikes.csv"), "w") as f:
        f.write("t_ms,neuron\n")
        for t, i in zip(times[keep][order], senders[keep][order]):
            f.write(f"{t:.10g},{int(i)}\n")
    summary = {"sim": sim, "seed": seed, "t_ms": t_ms, "params": params, "measures": measures, "engine": engine}
    with open(os.path.join(out_dir, "summary.json"), "w") as f:
        json.dump(summary, f, indent=2, sort_keys=True)
        f.write("\n")
    for name, value in sorted(measures.items()):
        print(f"{name} = {value}")
    print(f"timing: build {BUILD_S:.2f} s, run {RUN_S:.2f} s ({ENGINE})")
"#;

/// Brunel's measures (core: network::brunel, `measure`): the mean rate of all neurons, the mean
/// ISI CV of neurons 0..500 over their last 64 spikes, the synchrony χ of 0.5 ms spike counts, and
/// the highest peak of the population rate's spectrum (1 ms bins, Hann-windowed 256-bin Welch
/// segments laid from the end, half overlapping).
pub const BRUNEL: &str = r#"

def brunel_measures(times, senders, n, t_ms, dt_ms, rate_theory_hz):
    rate = len(times) / n / (t_ms / 1000.0)
    trains = by_neuron(times, senders, min(500, n))
    cv = mean_of(cv_isi(tr[-64:]) for tr in trains)
    # Population counts in the trace's bins (0.5 ms, whole steps), as fractions of the network.
    sample_ms = max(1, round(0.5 / dt_ms)) * dt_ms
    bins = int(round(t_ms / sample_ms))
    counts = np.bincount(np.minimum((np.ceil(times / sample_ms - 1e-9) - 1).astype(int), bins - 1).clip(0), minlength=bins)
    a = counts / n
    m = a.mean()
    synchrony = float(min(1.0, np.sqrt(a.var() / (m * (1 - m))))) if 0 < m < 1 else None
    # Spectrum of the rate in 1 ms bins.
    group = max(1, round(1.0 / sample_ms))
    x = (counts[: len(counts) // group * group].reshape(-1, group).sum(axis=1)) / (n * group * sample_ms / 1000.0)
    peak = None
    seg = min(256, len(x))
    if seg >= 16:
        window = 0.5 * (1 - np.cos(2 * np.pi * np.arange(seg) / seg))
        power = np.zeros(seg // 2)
        end = len(x)
        while end >= seg:
            chunk = x[end - seg:end]
            power += np.abs(np.fft.rfft((chunk - chunk.mean()) * window)[1:seg // 2 + 1]) ** 2
            if end < seg + seg // 2:
                break
            end -= seg // 2
        if power.max() > 0:
            peak = float((np.argmax(power) + 1) / (seg * group * sample_ms / 1000.0))
    return {"rate_hz": rate, "rate_theory_hz": rate_theory_hz, "cv_isi": cv, "synchrony": synchrony, "peak_freq_hz": peak}
"#;

/// The LIF neuron's measures (core: neuron::lif, `measure`): the rate and ISI CV averaged over
/// the trials (independent neurons), and the SD of neuron 0's membrane potential.
pub const LIF: &str = r#"

def lif_measures(times, senders, n, t_ms, v0, rate_theory_hz):
    rate = len(times) / n / (t_ms / 1000.0)
    cv = mean_of(cv_isi(tr) for tr in by_neuron(times, senders, n))
    v_sd = float(np.std(v0)) if len(v0) >= 2 else None
    return {"rate_hz": rate, "rate_theory_hz": rate_theory_hz, "cv_isi": cv, "v_sd_mv": v_sd}
"#;

/// The Tsodyks–Markram synapse's measures (core: synapse::stp, `measure`): the first and the
/// latest PSC (the steady state once the train has settled), their ratio and the spike count.
/// Each PSC is the current's jump at an arrival, I_j − I_{j−1} e^{−dt/τ_in}.
pub const STP: &str = r#"

def stp_measures(current, dt, tau_in, a, n_spikes, psc_ss_theory, ratio_theory):
    jumps = current[1:] - current[:-1] * np.exp(-dt / tau_in)
    psc = jumps[jumps > 1e-9 * a]
    first = float(psc[0]) if len(psc) else None
    last = float(psc[-1]) if len(psc) else None
    return {"psc_first_pa": first, "psc_ss_pa": last, "psc_ss_theory_pa": psc_ss_theory,
            "psc_ratio_ss": last / first if len(psc) else None, "psc_ratio_theory": ratio_theory,
            "n_spikes": float(n_spikes)}
"#;

/// STDP's measures (core: synapse::stdp, `measure`): the neuron's rate and ISI CV over the run,
/// the final weights (in units of g_max) averaged over all inputs, the correlated group and the
/// others, the fraction within 10 % of a bound, and the window's integral A₊τ₊ − A₋τ₋.
pub const STDP: &str = r#"

def stdp_measures(post_times, t_ms, w, n_corr, a_plus, a_minus, tau_plus, tau_minus):
    return {"post_rate_hz": len(post_times) / (t_ms / 1000.0), "cv_isi": cv_isi(np.sort(post_times)),
            "w_mean": float(w.mean()), "w_corr": float(w[:n_corr].mean()) if n_corr > 0 else None,
            "w_uncorr": float(w[n_corr:].mean()) if n_corr < len(w) else None,
            "frac_near_bounds": float(np.mean((w < 0.1) | (w > 0.9))),
            "window_integral_ms": a_plus * tau_plus - a_minus * tau_minus}
"#;

/// The conductance synapse's measures (core: synapse::kinetics, `measure` and `probe_ratio`),
/// from the traces at every step. Each is None where NeuroLive's is (no V under a clamp, no
/// current outside one, no rate but for "lif", no probe ratio without a probe).
pub const SYNAPSE: &str = r#"

def latest_peak_time(t, s, pre):
    """From the latest presynaptic spike whose conductance peak came before the next spike, to
    that peak: the first grid point where s turns down, refined by the parabola through it and
    its neighbours (0 for the exponential kernel, which peaks at the spike)."""
    if KINETICS == "exponential":
        return 0.0 if len(pre) else None
    dt = t[1] - t[0]
    found = None
    for k, tk in enumerate(pre):
        i = max(1, int(np.searchsorted(t, tk - 1e-9)))
        j = int(np.searchsorted(t, pre[k + 1] - 1e-9)) if k + 1 < len(pre) else len(t)
        for m in range(i, j - 1):
            a, b, c = s[m - 1], s[m], s[m + 1]
            if c < b and b >= a:
                denom = a - 2 * b + c
                t_peak = t[m] + (0.5 * dt * (a - c) / denom if denom < 0 else 0.0)
                if t_peak >= tk:
                    found = float(t_peak - tk)
                break
    return found


def probe_ratio(t, v, vc):
    """The smallest ratio of a complete probe EPSP to the same EPSP without the synapse, each
    measured above the passive decay of the value at the probe spike."""
    out, k = None, 0
    while PROBE_T0 + k * PROBE_PERIOD + PROBE_WINDOW <= t[-1]:
        tp = PROBE_T0 + k * PROBE_PERIOD
        i0, i1 = np.searchsorted(t, tp - 1e-9), np.searchsorted(t, tp + PROBE_WINDOW, side="right")
        decay = np.exp(-(t[i0:i1] - t[i0]) / TAU_M)
        amp = max(0.0, float(np.max(v[i0:i1] - E_L - (v[i0] - E_L) * decay)))
        amp_c = max(0.0, float(np.max(vc[i0:i1] - E_L - (vc[i0] - E_L) * decay)))
        if amp_c > 0:
            out = amp / amp_c if out is None else min(out, amp / amp_c)
        k += 1
    return out


def synapse_measures(t, v, v_ctrl, g_open, g, i_syn, pre_times, post_times):
    clamp = NEURON == "clamp"
    deviation = v - E_L
    g_peak = float(g.max())
    g_l = 1000.0 / R
    return {
        "psp_peak_mv": None if clamp else float(deviation[np.argmax(np.abs(deviation))]),
        "g_peak_ns": g_peak,
        "g_peak_time_ms": latest_peak_time(t, g_open, pre_times),
        "g_peak_time_theory_ms": G_PEAK_TIME_THEORY_MS,
        "i_peak_pa": float(i_syn[np.argmax(g_open)]) if clamp else None,
        "g_mean_ns": float(g.mean()),
        "g_mean_theory_ns": G_MEAN_THEORY_NS,
        "r_in_drop": None if clamp else g_peak / (g_l + g_peak),
        "probe_epsp_ratio": None if clamp or G_PROBE == 0 else probe_ratio(t, v, v_ctrl),
        "post_rate_hz": len(post_times) / (DURATION / 1000.0) if NEURON == "lif" else None,
    }
"#;
