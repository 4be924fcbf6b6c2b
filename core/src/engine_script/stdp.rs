//! Spike-timing-dependent plasticity onto one neuron (core: synapse::stdp; Song, Miller & Abbott
//! 2000) for NEST, PyNN and Brian2.
//!
//! The same model: a conductance-based LIF (τ_m = 20 ms, V_rest = −70 mV, E_ex = 0, E_in = −70 mV,
//! threshold −54 mV, reset −60 mV, no refractory period, conductances decaying with 5 ms; NEST's
//! `iaf_cond_exp` with g_L = 10 nS, so a conductance "in units of the leak" g is g · 10 nS); N
//! excitatory Poisson inputs whose peak conductances w g_max follow additive pair-based STDP with
//! all-to-all pairing and hard bounds (NEST's `stdp_synapse` with μ₊ = μ₋ = 0, λ = A₊, α = A₋/A₊;
//! PyNN's `SpikePairRule` with `AdditiveWeightDependence`; Brian2 as written), initial weights
//! uniform in [0, g_max]; 200 inhibitory inputs at 10 Hz of conductance 0.05. The correlated group
//! is a multiple-interaction process (Kuhn, Aertsen & Rotter 2003): NEST's `mip_generator`; in
//! PyNN and Brian2 the same trains drawn with NumPy. Differences of scheduling (an input acts one
//! step later in the engines) are far below the statistical spread the comparison allows.

use super::analysis;
use super::{nest_seed, params_json, py, Request, Target};

pub fn script(req: &Request, target: Target) -> String {
    let p = req.params;
    let n = p.get("N") as usize;
    let n_corr = (p.get("n_corr") as usize).min(n);
    let params = format!(
        "\n# ---- Parameters (NeuroLive's names; units in the comments) ----\n\
         A_PLUS = {}        # potentiation per pairing, in units of G_MAX\n\
         A_MINUS = {}       # depression per pairing, in units of G_MAX\n\
         TAU_PLUS = {}      # ms, the potentiation side of the window\n\
         TAU_MINUS = {}     # ms, the depression side of the window\n\
         RATE = {}          # Hz, every excitatory input\n\
         G_MAX = {}         # upper bound of an excitatory peak conductance, in units of the leak's\n\
         N = {n}            # excitatory inputs\n\
         N_CORR = {n_corr}  # inputs 0..N_CORR-1 form the correlated group\n\
         C = {}             # the fraction of spikes any two inputs of the group share\n\
         DT = 0.1           # ms, time step\n\
         DURATION = {}      # ms, simulated time\n\
         SEED = {}          # random seed\n\
         THREADS = 1        # NEST threads (PyNN, NEST)\n\
         # The neuron and the inhibition (Song, Miller & Abbott 2000, Methods):\n\
         TAU_M, V_REST, E_EX, E_IN, V_TH, V_RESET = 20.0, -70.0, 0.0, -70.0, -54.0, -60.0  # ms, mV\n\
         TAU_EX = TAU_IN = 5.0  # ms, decay of the conductances\n\
         N_INH, RATE_INH, G_INH = 200, 10.0, 0.05  # inhibitory inputs, Hz, conductance (units of the leak's)\n\
         # Inputs 0, N/48, 2N/48, … go into spikes.csv as rows 1..48 (row 0: the neuron), as in NeuroLive.\n\
         RASTER = [r * N // min(48, N) for r in range(min(48, N))]\n\
         INDEP_FROM = N_CORR if C > 0 else 0  # inputs from here on are independent\n",
        py(p.get("A_plus")),
        py(p.get("A_minus")),
        py(p.get("tau_plus")),
        py(p.get("tau_minus")),
        py(p.get("rate")),
        py(p.get("g_max")),
        py(p.get("c")),
        py(req.duration_ms),
        req.seed,
    );
    let body = match target {
        Target::Nest => nest(req),
        Target::PyNN => PYNN.to_string(),
        Target::Brian2 => BRIAN2.to_string(),
    };
    let params_json = params_json(req);
    format!(
        "{params}{common}{stdp}{body}\n\
         # ---- NeuroLive's files ----\n\
         measures = stdp_measures(post_times, DURATION, w, N_CORR, A_PLUS, A_MINUS, TAU_PLUS, TAU_MINUS)\n\
         write_files(OUT_DIR, \"stdp\", SEED, DURATION, {{{params_json}}}, measures, times, senders, 49, ENGINE)\n",
        common = analysis::COMMON,
        stdp = analysis::STDP,
    )
}

fn nest(req: &Request) -> String {
    format!(
        r#"

# ---- The run (NEST) ----
import nest

ENGINE = f"NEST {{nest.__version__}} (iaf_cond_exp, stdp_synapse, mip_generator)"
nest.set_verbosity("M_ERROR")
nest.ResetKernel()
nest.set(resolution=DT, rng_seed={nest_seed}, local_num_threads=THREADS)
G_L = 10.0                # nS: conductances in units of the leak's are multiples of it
W_MAX = G_MAX * G_L       # nS

# The neuron (C_m = g_L τ_m); tau_minus is the depression side of its STDP window.
neuron = nest.Create("iaf_cond_exp", params={{
    "C_m": G_L * TAU_M, "g_L": G_L, "E_L": V_REST, "E_ex": E_EX, "E_in": E_IN, "V_th": V_TH,
    "V_reset": V_RESET, "t_ref": 0.0, "tau_syn_ex": TAU_EX, "tau_syn_in": TAU_IN, "V_m": V_REST,
    "tau_minus": TAU_MINUS}})

# The excitatory inputs: parrot neurons (a plastic synapse needs a neuron) repeating independent
# Poisson trains, and, for the correlated group, a multiple-interaction process.
inputs = nest.Create("parrot_neuron", N)
if INDEP_FROM < N:
    nest.Connect(nest.Create("poisson_generator", params={{"rate": RATE}}), inputs[INDEP_FROM:])
if INDEP_FROM > 0:
    nest.Connect(nest.Create("mip_generator", params={{"rate": RATE / C, "p_copy": C}}), inputs[:INDEP_FROM])

# Additive STDP with hard bounds 0 and W_MAX, initial weights uniform.
nest.Connect(inputs, neuron, syn_spec={{
    "synapse_model": "stdp_synapse", "weight": nest.random.uniform(0.0, W_MAX), "Wmax": W_MAX,
    "lambda": A_PLUS, "alpha": A_MINUS / A_PLUS, "mu_plus": 0.0, "mu_minus": 0.0,
    "tau_plus": TAU_PLUS, "delay": DT}})

# The inhibition: N_INH Poisson inputs at RATE_INH are one train at their summed rate.
nest.Connect(nest.Create("poisson_generator", params={{"rate": N_INH * RATE_INH}}), neuron,
             syn_spec={{"weight": -G_INH * G_L, "delay": DT}})

# Recording: the neuron's spikes and those of the raster's inputs.
recorder = nest.Create("spike_recorder")
nest.Connect(neuron, recorder)
first = inputs[0].global_id
nest.Connect(nest.NodeCollection([first + j for j in RASTER]), recorder)

BUILD_S = time.perf_counter() - T0
nest.Simulate(DURATION)
RUN_S = time.perf_counter() - T0 - BUILD_S
events = recorder.events
gids = np.asarray(events["senders"], dtype=int)
times = np.asarray(events["times"], dtype=float)
row = {{neuron.global_id: 0}}
row.update({{first + j: r + 1 for r, j in enumerate(RASTER)}})
senders = np.array([row[g] for g in gids], dtype=int)
post_times = times[senders == 0]
connections = nest.GetConnections(source=inputs, target=neuron)
w = np.zeros(N)
w[np.asarray(connections.source) - first] = np.asarray(connections.weight) / W_MAX
"#,
        nest_seed = nest_seed(req.seed),
    )
}

const PYNN: &str = r#"

# ---- The run (PyNN, NEST back-end) ----
import pyNN
import pyNN.nest as sim
from pyNN.random import NumpyRNG, RandomDistribution

ENGINE = f"PyNN {pyNN.__version__} on NEST (IF_cond_exp, STDPMechanism)"
sim.setup(timestep=DT, min_delay=DT, threads=THREADS, spike_precision="on_grid",
          rng_seed=SEED if 1 <= SEED < 2**31 else SEED % 2147483646 + 1)
rng = NumpyRNG(seed=SEED)
G_L = 0.01                # µS (PyNN's unit): conductances in units of the leak's are multiples of it
W_MAX = G_MAX * G_L

# The neuron (cm = g_L τ_m, nF).
neuron = sim.Population(1, sim.IF_cond_exp(cm=G_L * TAU_M, tau_m=TAU_M, v_rest=V_REST, v_thresh=V_TH, v_reset=V_RESET,
                                           tau_refrac=0.0, e_rev_E=E_EX, e_rev_I=E_IN, tau_syn_E=TAU_EX, tau_syn_I=TAU_IN,
                                           i_offset=0.0), initial_values={"v": V_REST})

# The excitatory inputs: independent Poisson trains, and for the correlated group the trains of a
# multiple-interaction process drawn here (a mother train at RATE/C, each spike copied to each
# member with probability C).
sources = []
if INDEP_FROM < N:
    sources.append((sim.Population(N - INDEP_FROM, sim.SpikeSourcePoisson(rate=RATE)), INDEP_FROM))
if INDEP_FROM > 0:
    draw = np.random.default_rng(SEED)
    mother = np.cumsum(draw.exponential(1000.0 * C / RATE, int(DURATION * RATE / C / 1000.0 * 1.2) + 100))
    mother = mother[mother < DURATION]
    copies = draw.random((len(mother), INDEP_FROM)) < C
    trains = [np.unique(np.round(np.maximum(mother[copies[:, j]], DT) / DT) * DT) for j in range(INDEP_FROM)]
    sources.append((sim.Population(INDEP_FROM, sim.SpikeSourceArray(spike_times=trains)), 0))

# Additive STDP with hard bounds 0 and W_MAX, initial weights uniform.
projections = []
for population, offset in sources:
    stdp = sim.STDPMechanism(
        timing_dependence=sim.SpikePairRule(tau_plus=TAU_PLUS, tau_minus=TAU_MINUS, A_plus=A_PLUS, A_minus=A_MINUS),
        weight_dependence=sim.AdditiveWeightDependence(w_min=0.0, w_max=W_MAX),
        weight=RandomDistribution("uniform", low=0.0, high=W_MAX, rng=rng), delay=DT)
    projections.append((sim.Projection(population, neuron, sim.AllToAllConnector(), stdp, receptor_type="excitatory"), offset))

# The inhibition.
inhibition = sim.Population(N_INH, sim.SpikeSourcePoisson(rate=RATE_INH))
sim.Projection(inhibition, neuron, sim.AllToAllConnector(), sim.StaticSynapse(weight=G_INH * G_L, delay=DT), receptor_type="inhibitory")

# Recording: the neuron's spikes and those of the raster's inputs.
neuron.record("spikes")
for population, offset in sources:
    shown = [j - offset for j in RASTER if 0 <= j - offset < population.size]
    if shown:
        population[shown].record("spikes")

BUILD_S = time.perf_counter() - T0
sim.run(DURATION)
RUN_S = time.perf_counter() - T0 - BUILD_S
post_times = np.asarray(neuron.get_data("spikes").segments[0].spiketrains[0].magnitude, dtype=float)
parts = [(post_times, 0)]
row = {j: r + 1 for r, j in enumerate(RASTER)}
for population, offset in sources:
    for st in population.get_data("spikes").segments[0].spiketrains:
        j = offset + int(st.annotations["source_index"])
        if j in row:
            parts.append((np.asarray(st.magnitude, dtype=float), row[j]))
times = np.concatenate([t for t, _ in parts])
senders = np.concatenate([np.full(len(t), r) for t, r in parts]).astype(int)
w = np.zeros(N)
for projection, offset in projections:
    weights = np.asarray(projection.get("weight", format="array"), dtype=float)[:, 0]
    w[offset:offset + len(weights)] = weights / W_MAX
sim.end()
"#;

const BRIAN2: &str = r#"

# ---- The run (Brian2) ----
import brian2
from brian2 import (Network, NeuronGroup, PoissonGroup, PoissonInput, SpikeGeneratorGroup, SpikeMonitor, Synapses,
                    defaultclock, ms, mV, Hz, prefs)

ENGINE = f"Brian2 {brian2.__version__}"
prefs.codegen.target = "numpy"
defaultclock.dt = DT * ms
brian2.seed(SEED % 2**32)
namespace = {"tau_m": TAU_M * ms, "V_rest": V_REST * mV, "E_ex": E_EX * mV, "E_in": E_IN * mV,
             "V_th": V_TH * mV, "V_reset": V_RESET * mV, "tau_ex": TAU_EX * ms, "tau_in": TAU_IN * ms,
             "g_max": G_MAX, "A_plus": A_PLUS, "A_minus": A_MINUS, "tau_plus": TAU_PLUS * ms,
             "tau_minus": TAU_MINUS * ms}

# The neuron: conductances in units of the leak's.
neuron = NeuronGroup(1, """dv/dt = (V_rest - v + ge * (E_ex - v) + gi * (E_in - v)) / tau_m : volt
dge/dt = -ge / tau_ex : 1
dgi/dt = -gi / tau_in : 1""", threshold="v >= V_th", reset="v = V_reset", method="exponential_euler",
                     namespace=namespace)
neuron.v = V_REST * mV

# The excitatory inputs: independent Poisson trains, and for the correlated group the trains of a
# multiple-interaction process (a mother train at RATE/C, each spike copied to each member with
# probability C; at most one spike per input and step).
sources = []
if INDEP_FROM < N:
    sources.append((PoissonGroup(N - INDEP_FROM, RATE * Hz), INDEP_FROM))
if INDEP_FROM > 0:
    draw = np.random.default_rng(SEED)
    mother = np.cumsum(draw.exponential(1000.0 * C / RATE, int(DURATION * RATE / C / 1000.0 * 1.2) + 100))
    mother = mother[mother < DURATION]
    copies = draw.random((len(mother), INDEP_FROM)) < C
    spike, member = np.nonzero(copies)
    pairs = np.unique(np.stack([member, np.round(mother[spike] / DT).astype(int)]), axis=1)
    sources.append((SpikeGeneratorGroup(INDEP_FROM, pairs[0], pairs[1] * DT * ms), 0))

# Additive STDP with all-to-all pairing and hard bounds; initial weights uniform.
model = """w : 1
dapre/dt = -apre / tau_plus : 1 (event-driven)
dapost/dt = -apost / tau_minus : 1 (event-driven)"""
synapses = []
for group, offset in sources:
    s = Synapses(group, neuron, model=model, namespace=namespace,
                 on_pre="ge_post += g_max * w\napre += 1\nw = clip(w - A_minus * apost, 0, 1)",
                 on_post="apost += 1\nw = clip(w + A_plus * apre, 0, 1)")
    s.connect()
    s.w = "rand()"
    synapses.append((s, offset))

# The inhibition.
inhibition = PoissonInput(neuron, "gi", N_INH, RATE_INH * Hz, weight=G_INH)

# Recording: the neuron's spikes and the inputs'.
post = SpikeMonitor(neuron)
monitors = [(SpikeMonitor(group), offset) for group, offset in sources]

# Objects kept in lists are not found by Brian2's implicit network: name them all.
network = Network(neuron, inhibition, post, *[g for g, _ in sources], *[s for s, _ in synapses], *[m for m, _ in monitors])
BUILD_S = time.perf_counter() - T0
network.run(DURATION * ms)
RUN_S = time.perf_counter() - T0 - BUILD_S
post_times = np.asarray(post.t / ms, dtype=float)
row = np.zeros(N, dtype=int)
row[RASTER] = np.arange(1, len(RASTER) + 1)
times, senders = [post_times], [np.zeros(len(post_times), dtype=int)]
for monitor, offset in monitors:
    j = offset + np.asarray(monitor.i, dtype=int)
    keep = row[j] > 0
    times.append(np.asarray(monitor.t / ms, dtype=float)[keep])
    senders.append(row[j][keep])
times, senders = np.concatenate(times), np.concatenate(senders)
w = np.zeros(N)
for s, offset in synapses:
    w[offset + np.asarray(s.i, dtype=int)] = np.asarray(s.w, dtype=float)
"#;
