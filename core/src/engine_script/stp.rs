//! The Tsodyks–Markram synapse (core: synapse::stp) for NEST, PyNN and Brian2: a regular train
//! from T_ON through one depressing or facilitating synapse onto a current-based cell that never
//! fires, whose synaptic current I(t) = Σ PSC_n e^{−(t − t_n)/τ_in} is recorded.
//!
//! The same model everywhere: NEST's `tsodyks2_synapse` is NeuroLive's two-state map (x recovers
//! with τ_D, u decays with τ_F, a spike first raises u, then releases u x), started from x = 1,
//! u = U (NEST's state for a first spike that releases U x; NeuroLive's u = 0 before the raise). (NEST's `tsodyks_synapse` and PyNN's
//! `TsodyksMarkramSynapse` are the three-state model, whose released resources pass through an
//! active state first: close to this one for τ_in ≪ τ_D, not equal.) Brian2 takes the map as
//! written. The model is deterministic, so each engine must give NeuroLive's PSCs to rounding.
//! Each PSC is read off the recorded current as its jump at an arrival, I_j − I_{j−1} e^{−dt/τ_in}.

use super::analysis;
use super::{params_json, py, Request, Target};
use crate::synapse::stp::steady_state;

/// The first spike's time, ms (core: synapse::stp `T_ON`).
const T_ON_MS: f64 = 50.0;
/// The recording step, ms: the presets' intervals (50 and 12.5 ms) fall on its grid.
const DT_MS: f64 = 0.1;

pub fn script(req: &Request, target: Target) -> String {
    let p = req.params;
    let (u, tau_d, tau_f, rate, a, tau_in) = (
        p.get("U"),
        p.get("tau_D"),
        p.get("tau_F"),
        p.get("rate"),
        p.get("A"),
        p.get("tau_in"),
    );
    let (us, xs) = steady_state(u, tau_d, tau_f, rate);
    let params = format!(
        "\n# ---- Parameters (NeuroLive's names; units in the comments) ----\n\
         U = {}            # utilisation increment: the first spike releases the fraction U\n\
         TAU_D = {}        # ms, recovery of the resources x\n\
         TAU_F = {}        # ms, decay of the utilisation u (0: no facilitation)\n\
         RATE = {}         # Hz, the regular presynaptic train\n\
         A = {}            # pA, absolute efficacy (the PSC if every resource were released)\n\
         TAU_IN = {}       # ms, decay of each postsynaptic current\n\
         T_ON = {}         # ms, the first spike\n\
         DT = {}           # ms, time step and recording interval\n\
         DURATION = {}     # ms, simulated time\n\
         SEED = {}         # (the model is deterministic)\n\
         THREADS = 1\n\
         # NeuroLive's closed forms for the steady state, A u* x* and u* x*/U:\n\
         PSC_SS_THEORY_PA = {}\n\
         PSC_RATIO_THEORY = {}\n\
         SPIKE_TIMES = [T_ON + k * 1000.0 / RATE for k in range(int((DURATION - T_ON) * RATE / 1000.0 + 1e-9) + 1) if T_ON + k * 1000.0 / RATE <= DURATION]\n",
        py(u),
        py(tau_d),
        py(tau_f),
        py(rate),
        py(a),
        py(tau_in),
        py(T_ON_MS),
        py(DT_MS),
        py(req.duration_ms),
        req.seed,
        py(a * us * xs),
        py(us * xs / u),
    );
    let body = match target {
        Target::Nest => NEST,
        Target::PyNN => PYNN,
        Target::Brian2 => BRIAN2,
    };
    let params_json = params_json(req);
    format!(
        "{params}{common}{stp}{body}\n\
         # ---- NeuroLive's files (the presynaptic spikes as neuron 0) ----\n\
         times = np.asarray(SPIKE_TIMES, dtype=float)\n\
         senders = np.zeros(len(times), dtype=int)\n\
         measures = stp_measures(current, DT, TAU_IN, A, len(times), PSC_SS_THEORY_PA, PSC_RATIO_THEORY)\n\
         write_files(OUT_DIR, \"stp\", SEED, DURATION, {{{params_json}}}, measures, times, senders, 1, ENGINE)\n",
        common = analysis::COMMON,
        stp = analysis::STP,
    )
}

const NEST: &str = r#"

# ---- The run (NEST) ----
import nest

ENGINE = f"NEST {nest.__version__} (tsodyks2_synapse onto iaf_psc_exp)"
nest.set_verbosity("M_ERROR")
nest.ResetKernel()
nest.set(resolution=DT, local_num_threads=THREADS)

# The train: a spike generator relayed by a parrot neuron (a plastic synapse needs a neuron).
train = nest.Create("spike_generator", params={"spike_times": SPIKE_TIMES, "allow_offgrid_times": True})
relay = nest.Create("parrot_neuron")
nest.Connect(train, relay, syn_spec={"delay": DT})

# The postsynaptic cell: its synaptic current decays with TAU_IN; it never fires.
cell = nest.Create("iaf_psc_exp", params={"tau_syn_ex": TAU_IN, "V_th": 1e12})

# The synapse, from rest: x = 1, and u = U, the value NEST's synapse releases with at a first
# spike (NeuroLive's u = 0 is the value before a spike raises it). Its weight is A, in pA.
tau_fac = TAU_F if TAU_F > 0 else 0.0
nest.Connect(relay, cell, syn_spec={"synapse_model": "tsodyks2_synapse", "U": U, "tau_rec": TAU_D,
                                     "tau_fac": tau_fac, "u": U, "x": 1.0, "weight": A, "delay": DT})

# Recording: the synaptic current at every step.
meter = nest.Create("multimeter", params={"record_from": ["I_syn_ex"], "interval": DT})
nest.Connect(meter, cell)

BUILD_S = time.perf_counter() - T0
nest.Simulate(DURATION + 10 * DT)  # the last spike arrives after the relay's and the synapse's delays, and is recorded
RUN_S = time.perf_counter() - T0 - BUILD_S
current = np.asarray(meter.events["I_syn_ex"], dtype=float)
"#;

const PYNN: &str = r#"

# ---- The run (PyNN, NEST back-end) ----
# NEST's tsodyks2_synapse as a native synapse type: PyNN's TsodyksMarkramSynapse is the
# three-state model (see the note in NeuroLive's source, core/src/engine_script/stp.rs).
import pyNN
import pyNN.nest as sim

ENGINE = f"PyNN {pyNN.__version__} on NEST (tsodyks2_synapse onto IF_curr_exp)"
sim.setup(timestep=DT, min_delay=DT, threads=THREADS, spike_precision="on_grid")

# The train, and the postsynaptic cell (its synaptic current decays with TAU_IN; it never fires).
train = sim.Population(1, sim.SpikeSourceArray(spike_times=SPIKE_TIMES))
cell = sim.Population(1, sim.IF_curr_exp(tau_syn_E=TAU_IN, v_thresh=1e12))

# The synapse, from rest (x = 1, and u = U as NEST counts it: the first spike uses U). Its weight is A, in pA (a
# native NEST synapse takes NEST's units).
Tsodyks2 = sim.native_synapse_type("tsodyks2_synapse")
synapse = Tsodyks2(U=U, tau_rec=TAU_D, tau_fac=TAU_F if TAU_F > 0 else 0.0, u=U, x=1.0, weight=A, delay=DT)
sim.Projection(train, cell, sim.AllToAllConnector(), synapse, receptor_type="excitatory")

# Recording: the synaptic current at every step (nA). (PyNN 0.13 does not list it among this
# cell's recordables on NEST 3.10, though NEST records it as I_syn_ex: it is added here.)
sim.IF_curr_exp.recordable = ["spikes", "v", "isyn_exc"]
cell.record("isyn_exc", sampling_interval=DT)

BUILD_S = time.perf_counter() - T0
sim.run(DURATION + 10 * DT)
RUN_S = time.perf_counter() - T0 - BUILD_S
current = 1000.0 * np.asarray(cell.get_data().segments[0].filter(name="isyn_exc")[0].magnitude, dtype=float)[:, 0]
sim.end()
"#;

const BRIAN2: &str = r#"

# ---- The run (Brian2) ----
import brian2
from brian2 import NeuronGroup, SpikeGeneratorGroup, StateMonitor, Synapses, defaultclock, ms, pA, prefs, run

ENGINE = f"Brian2 {brian2.__version__}"
prefs.codegen.target = "numpy"
defaultclock.dt = DT * ms

# The train, and the postsynaptic current (it decays with TAU_IN).
train = SpikeGeneratorGroup(1, np.zeros(len(SPIKE_TIMES), dtype=int), np.asarray(SPIKE_TIMES) * ms)
cell = NeuronGroup(1, "dI/dt = -I/tau_in : amp", method="exact", namespace={"tau_in": TAU_IN * ms})

# The synapse: x recovers with TAU_D and u decays with TAU_F between spikes (exactly, from the
# time since the last one); a spike first raises u, then releases u x, then depletes x.
decay_u = "u = u * exp(-(t - lastupdate) / tau_F)" if TAU_F > 0 else "u = 0"
synapse = Synapses(train, cell, model="x : 1\nu : 1\nlastupdate : second", on_pre=f"""
x = 1 - (1 - x) * exp(-(t - lastupdate) / tau_D)
{decay_u}
u = u + U * (1 - u)
I_post += A * u * x
x = x - u * x
lastupdate = t
""", namespace={"tau_D": TAU_D * ms, "tau_F": max(TAU_F, 1e-9) * ms, "U": U, "A": A * pA})
synapse.connect()
synapse.x = 1.0
synapse.u = 0.0

# Recording: the synaptic current at every step.
monitor = StateMonitor(cell, "I", record=[0])

BUILD_S = time.perf_counter() - T0
run((DURATION + 10 * DT) * ms)
RUN_S = time.perf_counter() - T0 - BUILD_S
current = np.asarray(monitor.I[0] / pA, dtype=float)
"#;
