//! The leaky integrate-and-fire neuron (core: neuron::lif) for NEST, PyNN and Brian2:
//! `n_trials` independent neurons with the same current and independent white noise.
//!
//! NeuroLive integrates τ_m dV/dt = −(V − E_L) + R I + σ √τ_m ξ exactly (the OU update). Brian2
//! takes the same equation (Euler–Maruyama with noise, exact without). NEST's `iaf_psc_delta`
//! has no white-noise term: its `noise_generator` injects a current redrawn every step with
//! SD s = C σ / √(τ_m dt): the charge it brings in a step has the variance of the white noise's,
//! (C σ)² dt/τ_m, so the free membrane's variance matches NeuroLive's to O(dt/τ_m).

use super::analysis;
use super::{nest_seed, params_json, py, Request, Target};
use crate::neuron::lif::lif_rate_hz;

struct Lif {
    tau_m: f64,
    e_l: f64,
    v_th: f64,
    v_reset: f64,
    t_ref: f64,
    r: f64,
    i_ext: f64,
    sigma: f64,
    n: usize,
    dt: f64,
}

impl Lif {
    fn of(req: &Request) -> Lif {
        let p = req.params;
        Lif {
            tau_m: p.get("tau_m"),
            e_l: p.get("E_L"),
            v_th: p.get("V_th"),
            v_reset: p.get("V_reset"),
            t_ref: p.get("t_ref"),
            r: p.get("R"),
            i_ext: p.get("I_ext"),
            sigma: p.get("sigma"),
            n: p.get("n_trials") as usize,
            dt: p.get("dt"),
        }
    }

    /// The parameter block every script starts with.
    fn parameters(&self, req: &Request) -> String {
        let theory = lif_rate_hz(
            self.tau_m,
            self.t_ref,
            self.e_l + self.r * self.i_ext,
            self.sigma,
            self.v_th,
            self.v_reset,
        );
        format!(
            "\n# ---- Parameters (NeuroLive's names; units in the comments) ----\n\
             TAU_M = {}        # ms, membrane time constant R C\n\
             E_L = {}          # mV, leak (resting) potential\n\
             V_TH = {}         # mV, spike threshold\n\
             V_RESET = {}      # mV, potential after a spike\n\
             T_REF = {}        # ms, absolute refractory period (V held at V_RESET)\n\
             R = {}            # MΩ, membrane resistance\n\
             I_EXT = {}        # nA, constant injected current\n\
             SIGMA = {}        # mV, noise: the free membrane fluctuates with SD SIGMA/√2\n\
             N_TRIALS = {}     # independent neurons (same current, independent noise)\n\
             DT = {}           # ms, time step\n\
             DURATION = {}     # ms, simulated time\n\
             SEED = {}         # random seed\n\
             THREADS = 1       # NEST threads (PyNN, NEST); set to your cores for large runs\n\
             # NeuroLive's closed form for these values (Siegert's formula with noise), Hz:\n\
             RATE_THEORY_HZ = {}\n",
            py(self.tau_m),
            py(self.e_l),
            py(self.v_th),
            py(self.v_reset),
            py(self.t_ref),
            py(self.r),
            py(self.i_ext),
            py(self.sigma),
            self.n,
            py(self.dt),
            py(req.duration_ms),
            req.seed,
            theory.map_or("None".to_string(), py),
        )
    }
}

pub fn script(req: &Request, target: Target) -> String {
    let m = Lif::of(req);
    let params = m.parameters(req);
    let body = match target {
        Target::Nest => nest(req),
        Target::PyNN => pynn(),
        Target::Brian2 => brian2(),
    };
    let params_json = params_json(req);
    format!(
        "{params}{common}{lif}{body}\n\
         # ---- NeuroLive's files ----\n\
         measures = lif_measures(times, senders, N_TRIALS, DURATION, v0, RATE_THEORY_HZ)\n\
         write_files(OUT_DIR, \"lif\", SEED, DURATION, {{{params_json}}}, measures, times, senders, N_TRIALS, ENGINE)\n",
        common = analysis::COMMON,
        lif = analysis::LIF,
    )
}

/// NEST through PyNEST: `iaf_psc_delta` neurons, a `noise_generator` (independent per neuron).
fn nest(req: &Request) -> String {
    format!(
        r#"

# ---- The run (NEST) ----
import nest

ENGINE = f"NEST {{nest.__version__}} (iaf_psc_delta, noise_generator)"
nest.set_verbosity("M_ERROR")
nest.ResetKernel()
nest.set(resolution=DT, rng_seed={nest_seed}, local_num_threads=THREADS)

# The neurons: C = τ_m/R (nF → pF), I_EXT as a constant current (nA → pA).
C_M = 1000.0 * TAU_M / R
neurons = nest.Create("iaf_psc_delta", N_TRIALS, params={{
    "C_m": C_M, "tau_m": TAU_M, "E_L": E_L, "V_th": V_TH, "V_reset": V_RESET,
    "t_ref": T_REF, "I_e": 1000.0 * I_EXT, "V_m": E_L}})

# White noise σ √τ_m ξ as a current redrawn every step, independent for each neuron: over a step
# its charge has the variance of the white noise's, (C σ)² dt/τ_m, hence SD C σ/√(τ_m dt) (pA).
if SIGMA > 0:
    noise = nest.Create("noise_generator", params={{"mean": 0.0, "std": C_M * SIGMA / (TAU_M * DT) ** 0.5, "dt": DT}})
    nest.Connect(noise, neurons)

# Recording: every spike, and the potential of neuron 0 at every step.
recorder = nest.Create("spike_recorder")
nest.Connect(neurons, recorder)
voltmeter = nest.Create("voltmeter", params={{"interval": DT}})
nest.Connect(voltmeter, neurons[0])

BUILD_S = time.perf_counter() - T0
nest.Simulate(DURATION)
RUN_S = time.perf_counter() - T0 - BUILD_S
events = recorder.events
times = np.asarray(events["times"], dtype=float)
senders = np.asarray(events["senders"], dtype=int) - neurons[0].global_id
v0 = np.asarray(voltmeter.events["V_m"], dtype=float)
"#,
        nest_seed = nest_seed(req.seed),
    )
}

/// PyNN on NEST: `IF_curr_delta` cells and a `NoisyCurrentSource`.
fn pynn() -> String {
    r#"

# ---- The run (PyNN, NEST back-end; `import pyNN.brian2 as sim` also runs it) ----
import pyNN
import pyNN.nest as sim

ENGINE = f"PyNN {pyNN.__version__} on NEST (IF_curr_delta, NoisyCurrentSource)"
sim.setup(timestep=DT, threads=THREADS, rng_seed=SEED if 1 <= SEED < 2**31 else SEED % 2147483646 + 1)
# PyNN 0.13 does not tell NEST that this cell's `v` is its `V_m` (initial values, recording).
sim.IF_curr_delta.variable_map = {"v": "V_m"}

# The neurons: cm = τ_m/R (nF), i_offset = I_EXT (nA).
cells = sim.Population(N_TRIALS, sim.IF_curr_delta(
    tau_m=TAU_M, cm=TAU_M / R, v_rest=E_L, v_thresh=V_TH, v_reset=V_RESET,
    tau_refrac=T_REF, i_offset=I_EXT), initial_values={"v": E_L})

# White noise σ √τ_m ξ as a current redrawn every step, independent for each cell: SD C σ/√(τ_m dt) (nA).
if SIGMA > 0:
    noise = sim.NoisyCurrentSource(mean=0.0, stdev=(TAU_M / R) * SIGMA / (TAU_M * DT) ** 0.5, dt=DT, start=0.0, stop=DURATION + DT)
    noise.inject_into(cells)

# Recording: every spike, and the potential of cell 0 at every step.
cells.record("spikes")
cells[0:1].record("v", sampling_interval=DT)

BUILD_S = time.perf_counter() - T0
sim.run(DURATION)
RUN_S = time.perf_counter() - T0 - BUILD_S
segment = cells.get_data().segments[0]
times = np.concatenate([np.asarray(st.magnitude, dtype=float) for st in segment.spiketrains] + [np.zeros(0)])
senders = np.concatenate([np.full(len(st), st.annotations["source_index"]) for st in segment.spiketrains] + [np.zeros(0, dtype=int)]).astype(int)
v0 = np.asarray(segment.filter(name="v")[0].magnitude, dtype=float)[:, 0]
sim.end()
"#
    .to_string()
}

/// Brian2: the equation as NeuroLive writes it.
fn brian2() -> String {
    r#"

# ---- The run (Brian2) ----
import brian2
from brian2 import NeuronGroup, SpikeMonitor, StateMonitor, defaultclock, ms, mV, nA, Mohm, prefs, run

ENGINE = f"Brian2 {brian2.__version__}"
# "numpy" needs no compiler; "cython" compiles once and runs long simulations faster.
prefs.codegen.target = "numpy"
defaultclock.dt = DT * ms
brian2.seed(SEED % 2**32)

# τ_m dV/dt = −(V − E_L) + R I + σ √τ_m ξ; V held at V_RESET for T_REF after a spike.
namespace = {"tau_m": TAU_M * ms, "E_L": E_L * mV, "V_th": V_TH * mV, "V_reset": V_RESET * mV,
             "R": R * Mohm, "I_ext": I_EXT * nA, "sigma": SIGMA * mV}
equations = "dv/dt = (E_L - v + R*I_ext)/tau_m + sigma*xi*tau_m**-0.5 : volt (unless refractory)"
neurons = NeuronGroup(N_TRIALS, equations, threshold="v >= V_th", reset="v = V_reset",
                      refractory=T_REF * ms, method="euler" if SIGMA > 0 else "exact", namespace=namespace)
neurons.v = E_L * mV

# Recording: every spike, and the potential of neuron 0 at every step.
spikes = SpikeMonitor(neurons)
potential = StateMonitor(neurons, "v", record=[0])

BUILD_S = time.perf_counter() - T0
run(DURATION * ms, namespace=namespace)
RUN_S = time.perf_counter() - T0 - BUILD_S
times = np.asarray(spikes.t / ms, dtype=float)
senders = np.asarray(spikes.i, dtype=int)
v0 = np.asarray(potential.v[0] / mV, dtype=float)
"#
    .to_string()
}
