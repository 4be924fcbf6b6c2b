//! The conductance synapse (core: synapse::kinetics) for Brian2: a presynaptic train opens a
//! peak-normalised conductance g_max s(t) B(V) onto a passive, integrate-and-fire or
//! voltage-clamped membrane, with an optional excitatory probe synapse and the control membrane
//! V_ctrl that receives the probe alone.
//!
//! Brian2 only. NEST's conductance neurons (`iaf_cond_exp`, `_alpha`, `_beta`) have no Mg²⁺
//! block on a generic synapse (only the Hill–Tononi `ht_neuron` has an NMDA channel, with its own
//! kinetics) and no voltage clamp, and PyNN's standard cells are the same; a script that dropped
//! the block or the clamp would not be this model. Brian2 takes the equations as written.
//!
//! The same model as NeuroLive's: each kernel is a linear system kicked by each spike (`rk4`,
//! exact for it to rounding at these steps), the membrane integrated with the conductances at
//! each step. NeuroLive applies a spike at its exact time inside a step; Brian2 at the end of
//! the step that contains it: the presets' trains fall on the grid, where the two agree.

use super::analysis;
use super::{params_json, py, Request};
use crate::synapse::kinetics::{
    BURST_PERIOD, PROBE_E, PROBE_PERIOD, PROBE_T0, PROBE_TAU_D, PROBE_TAU_R, PROBE_WINDOW, T_ON,
    T_REF,
};
use crate::{Retention, Simulation};

/// A parameter block line: `NAME = value  # comment`.
fn line(name: &str, value: String, comment: &str) -> String {
    format!("{name:<13}= {value:<12} # {comment}\n")
}

fn parameters(req: &Request) -> String {
    let p = req.params;
    let choice = |name: &str| {
        let spec = req.entry.spec.param(name).unwrap().1;
        format!("\"{}\"", spec.format(p.get(name)))
    };
    // The closed forms NeuroLive reports beside its measures (they need no run).
    let theory = Simulation::new(req.entry, p.clone(), req.seed, Retention::Window(1.0));
    let opt = |name: &str| theory.measure(name).map_or("None".to_string(), py);
    let rows = [
        line(
            "INPUT",
            choice("input"),
            "presynaptic train: \"regular\", \"poisson\" or \"burst\"",
        ),
        line(
            "RATE",
            py(p.get("rate")),
            "Hz, rate of the train (within a burst for \"burst\")",
        ),
        line(
            "N_BURST",
            py(p.get("n_burst")),
            "spikes per burst; bursts start every BURST_PERIOD ms",
        ),
        line(
            "KINETICS",
            choice("kinetics"),
            "one event: \"exponential\", \"alpha\" or \"dual_exp\"",
        ),
        line(
            "TAU_RISE",
            py(p.get("tau_rise")),
            "ms, rise time constant (dual_exp)",
        ),
        line(
            "TAU_DECAY",
            py(p.get("tau_decay")),
            "ms, decay time constant (the alpha function's τ)",
        ),
        line(
            "G_MAX",
            py(p.get("g_max")),
            "nS, peak conductance of one isolated event",
        ),
        line(
            "E_SYN",
            py(p.get("E_syn")),
            "mV, reversal potential of the synaptic current",
        ),
        line(
            "MG",
            py(p.get("Mg")),
            "mM, extracellular Mg²⁺ of the NMDA block (0: no block)",
        ),
        line(
            "NEURON",
            choice("neuron"),
            "membrane: \"passive\", \"lif\" or \"clamp\"",
        ),
        line(
            "V_HOLD",
            py(p.get("V_hold")),
            "mV, holding potential of the voltage clamp",
        ),
        line(
            "TAU_M",
            py(p.get("tau_m")),
            "ms, membrane time constant R C",
        ),
        line("R", py(p.get("R")), "MΩ, input resistance at rest"),
        line(
            "E_L",
            py(p.get("E_L")),
            "mV, resting potential (and the reset of \"lif\")",
        ),
        line("V_TH", py(p.get("V_th")), "mV, threshold of \"lif\""),
        line(
            "G_PROBE",
            py(p.get("g_probe")),
            "nS, peak conductance of the probe synapse (0: off)",
        ),
        line(
            "DT",
            py(p.get("dt")),
            "ms, time step (and recording interval)",
        ),
        line("DURATION", py(req.duration_ms), "ms, simulated time"),
        line(
            "SEED",
            req.seed.to_string(),
            "random seed (the Poisson train)",
        ),
        line(
            "T_ON",
            py(T_ON),
            "ms, the first presynaptic spike (or burst)",
        ),
        line("BURST_PERIOD", py(BURST_PERIOD), "ms, between burst starts"),
        line(
            "PROBE_T0",
            py(PROBE_T0),
            "ms, the first probe spike; then one every PROBE_PERIOD",
        ),
        line("PROBE_PERIOD", py(PROBE_PERIOD), "ms"),
        line("PROBE_TAU_R", py(PROBE_TAU_R), "ms, the probe's AMPA rise"),
        line("PROBE_TAU_D", py(PROBE_TAU_D), "ms, the probe's AMPA decay"),
        line("PROBE_E", py(PROBE_E), "mV, the probe's reversal potential"),
        line(
            "PROBE_WINDOW",
            py(PROBE_WINDOW),
            "ms, a probe EPSP is measured this long after its spike",
        ),
        line("T_REF", py(T_REF), "ms, refractory period of \"lif\""),
    ];
    format!(
        "\n# ---- Parameters (NeuroLive's names; units in the comments) ----\n{}\
         # NeuroLive's closed forms for these values: the conductance's peak time after a spike\n\
         # (ms), and the mean conductance g_max ν ∫K (nS; None with the block outside a clamp).\n\
         G_PEAK_TIME_THEORY_MS = {}\n\
         G_MEAN_THEORY_NS = {}\n",
        rows.concat(),
        opt("g_peak_time_theory_ms"),
        opt("g_mean_theory_ns"),
    )
}

pub fn script(req: &Request) -> String {
    let params_json = params_json(req);
    format!(
        "{params}{common}{synapse}{BRIAN2}\n\
         # ---- NeuroLive's files: presynaptic spikes as neuron 0, probe 1, postsynaptic 2 ----\n\
         measures = synapse_measures(t, v, v_ctrl, g_open, g, i_syn, pre_times, post_times)\n\
         probe_times = probe_spikes if G_PROBE > 0 else np.zeros(0)\n\
         times = np.concatenate([pre_times, probe_times, post_times])\n\
         senders = np.concatenate([np.zeros(len(pre_times), int), np.ones(len(probe_times), int), np.full(len(post_times), 2)])\n\
         write_files(OUT_DIR, \"synapse\", SEED, DURATION, {{{params_json}}}, measures, times, senders, 3, ENGINE)\n",
        params = parameters(req),
        common = analysis::COMMON,
        synapse = analysis::SYNAPSE,
    )
}

const BRIAN2: &str = r#"

# ---- The run (Brian2) ----
import brian2
from brian2 import (Network, NeuronGroup, SpikeGeneratorGroup, SpikeMonitor, StateMonitor, Synapses,
                    defaultclock, ms, mV, nS, pA, pF, prefs)

ENGINE = f"Brian2 {brian2.__version__}"
prefs.codegen.target = "numpy"
defaultclock.dt = DT * ms
rng = np.random.default_rng(SEED)


def presynaptic_times():
    """NeuroLive's train: regular or Poisson at RATE from T_ON, or bursts of N_BURST spikes at RATE
    every BURST_PERIOD ms (as many as fit in a period)."""
    period = 1000.0 / RATE
    if INPUT == "regular":
        return np.arange(T_ON, DURATION + 1e-9, period)
    if INPUT == "poisson":
        times, t = [], T_ON
        while True:
            t += rng.exponential(period)
            if t > DURATION:
                return np.asarray(times)
            times.append(t)
    k = np.arange(int(N_BURST))
    k = k[k * period < BURST_PERIOD - 1e-9]
    times = (np.arange(T_ON, DURATION + 1e-9, BURST_PERIOD)[:, None] + k[None, :] * period).ravel()
    return np.sort(times[times <= DURATION])


def generator(times):
    """A spike generator whose spikes kick at the end of the step that contains each time, as
    NeuroLive's do (spikes in the same step go to separate sources, one kick each)."""
    bins = np.ceil(times / DT - 1e-9).astype(int) - 1
    order = np.argsort(bins, kind="stable")
    bins = bins[order]
    rank = np.arange(len(bins)) - np.searchsorted(bins, bins)
    size = int(rank.max()) + 1 if len(bins) else 1
    return SpikeGeneratorGroup(size, rank, bins * DT * ms)


# One event's kernel, peak-normalised (NeuroLive's Shape): a linear system kicked by each spike.
tau1, tau2 = min(TAU_RISE, TAU_DECAY), max(TAU_RISE, TAU_DECAY)
tau_alpha = TAU_DECAY if KINETICS == "alpha" else tau2
if KINETICS == "exponential":
    kernel, kick = "da/dt = -a/tau_d : 1\ns = a : 1", "a_post += 1"
elif KINETICS == "alpha" or tau2 - tau1 < 1e-6 * tau2:
    # b(t) = a0 (t/τ) e^{−t/τ}: a0 = e puts the peak at 1 (equal time constants: the alpha function).
    kernel, kick = "da/dt = -a/tau_a : 1\ndb/dt = (a - b)/tau_a : 1\ns = b : 1", "a_post += e_const"
else:
    kernel, kick = "da/dt = -a/tau_1 : 1\ndb/dt = -b/tau_2 : 1\ns = norm*(b - a) : 1", "a_post += 1\nb_post += 1"
peak = lambda r, d: r * d / (d - r) * np.log(d / r)
norm = 1.0 / (np.exp(-peak(tau1, tau2) / tau2) - np.exp(-peak(tau1, tau2) / tau1)) if tau2 > tau1 else 1.0
norm_p = 1.0 / (np.exp(-peak(PROBE_TAU_R, PROBE_TAU_D) / PROBE_TAU_D) - np.exp(-peak(PROBE_TAU_R, PROBE_TAU_D) / PROBE_TAU_R))
namespace = {"tau_d": TAU_DECAY * ms, "tau_a": tau_alpha * ms,
             "tau_1": tau1 * ms, "tau_2": tau2 * ms, "norm": norm, "e_const": np.e, "norm_p": norm_p,
             "tau_pr": PROBE_TAU_R * ms, "tau_pd": PROBE_TAU_D * ms, "Mg": MG, "g_max": G_MAX * nS,
             "E_syn": E_SYN * mV, "g_L": 1000.0 / R * nS, "C_m": TAU_M * 1000.0 / R * pF, "E_L": E_L * mV,
             "g_probe": G_PROBE * nS, "E_probe": PROBE_E * mV, "V_th": V_TH * mV}

# The probe synapse's kernel (AMPA, difference of exponentials) and the membrane, with the Mg²⁺
# block B(V) = 1/(1 + [Mg²⁺]/3.57 mM · e^{−0.062 V/mV}) (Jahr & Stevens 1990).
probe = "dap/dt = -ap/tau_pr : 1\ndbp/dt = -bp/tau_pd : 1\nsp = norm_p*(bp - ap) : 1\n"
currents = "B = 1/(1 + Mg/3.57*exp(-0.062*v/mV)) : 1\ng_open = g_max*s : siemens\ng = g_open*B : siemens\ni_syn = g*(v - E_syn) : amp\n"
membrane = {"passive": "dv/dt = (g_L*(E_L - v) - i_syn + g_probe*sp*(E_probe - v))/C_m : volt\n",
            "lif": "dv/dt = (g_L*(E_L - v) - i_syn + g_probe*sp*(E_probe - v))/C_m : volt (unless refractory)\n",
            "clamp": "v : volt\n"}[NEURON]
if NEURON == "lif":
    post = NeuronGroup(1, kernel + "\n" + probe + currents + membrane, threshold="v >= V_th", reset="v = E_L",
                       refractory=T_REF * ms, method="rk4", namespace=namespace)
else:
    post = NeuronGroup(1, kernel + "\n" + probe + currents + membrane, method="rk4", namespace=namespace)
post.v = V_HOLD * mV if NEURON == "clamp" else E_L * mV
# The control membrane: the probe alone.
ctrl = NeuronGroup(1, probe + "dv/dt = (g_L*(E_L - v) + g_probe*sp*(E_probe - v))/C_m : volt\n",
                   method="rk4", namespace=namespace)
ctrl.v = E_L * mV

# The trains and their synapses: each spike kicks its kernel.
pre_times = presynaptic_times()
probe_spikes = np.arange(PROBE_T0, DURATION + 1e-9, PROBE_PERIOD)
pre_source, probe_source = generator(pre_times), generator(probe_spikes)
to_post = Synapses(pre_source, post, on_pre=kick, namespace=namespace)
to_post.connect()
probe_post = Synapses(probe_source, post, on_pre="ap_post += 1\nbp_post += 1")
probe_post.connect()
probe_ctrl = Synapses(probe_source, ctrl, on_pre="ap_post += 1\nbp_post += 1")
probe_ctrl.connect()

# Recording: V, V_ctrl, the open and conducting conductances and the current at every step;
# the postsynaptic spikes.
traces = StateMonitor(post, ["v", "g_open", "g", "i_syn"], record=[0])
control = StateMonitor(ctrl, "v", record=[0])
net = Network(post, ctrl, pre_source, probe_source, to_post, probe_post, probe_ctrl, traces, control)
spikes = SpikeMonitor(post) if NEURON == "lif" else None
if spikes is not None:
    net.add(spikes)

BUILD_S = time.perf_counter() - T0
net.run(DURATION * ms, namespace=namespace)
RUN_S = time.perf_counter() - T0 - BUILD_S
t = np.asarray(traces.t / ms, dtype=float)
v, v_ctrl = np.asarray(traces.v[0] / mV, dtype=float), np.asarray(control.v[0] / mV, dtype=float)
g_open, g = np.asarray(traces.g_open[0] / nS, dtype=float), np.asarray(traces.g[0] / nS, dtype=float)
i_syn = np.asarray(traces.i_syn[0] / pA, dtype=float)
post_times = np.asarray(spikes.t / ms, dtype=float) if spikes is not None else np.zeros(0)
"#;
