//! Brunel's (2000) sparse network, model A (core: network::brunel), for NEST, PyNN and Brian2.
//!
//! The same network as NeuroLive's, drawn by the engine's own random numbers: N_E excitatory and
//! N_I = N_E/4 inhibitory LIF neurons with delta synapses (τ = 20 ms, θ = 20 mV, V_r = 10 mV,
//! τ_rp = 2 ms; inputs that arrive while refractory are lost), exactly C_E = εN_E excitatory and
//! C_I = εN_I inhibitory inputs per neuron (fixed in-degree, sources without repetition,
//! self-connections allowed), one delay D, each neuron driven by its own Poisson train of rate
//! C_E ν_ext, and initial potentials uniform in [0, θ). The sizes and rates are computed here,
//! as NeuroLive computes them, and written into the script as numbers.

use super::analysis;
use super::{nest_seed, params_json, py, Request, ScriptError, Target};
use crate::network::brunel::{MeanField, TAU_MS, TAU_RP_MS, THETA_MV, V_R_MV};

struct Brunel {
    n_e: usize,
    n_i: usize,
    c_e: usize,
    c_i: usize,
    g: f64,
    j: f64,
    d: f64,
    dt: f64,
    ratio: f64,
    nu_ext_hz: f64,
    n_rec: usize,
    theory_hz: f64,
}

impl Brunel {
    /// The sizes as NeuroLive derives them (network::brunel, `Brunel::new`).
    fn of(req: &Request) -> Brunel {
        let p = req.params;
        let n_e = p.get("N_E") as usize;
        let n_i = (n_e as f64 / 4.0).round() as usize;
        let eps = p.get("epsilon");
        let c_e = ((eps * n_e as f64).round() as usize).max(1);
        let c_i = ((eps * n_i as f64).round() as usize).max(1);
        let (g, j, ratio) = (p.get("g"), p.get("J"), p.get("nu_ext_ratio"));
        let nu_ext_hz = ratio * MeanField::nu_thr_hz(c_e as f64, j);
        let theory_hz = MeanField {
            c_e: c_e as f64,
            c_i: c_i as f64,
            j_mv: j,
            g,
            nu_ext_hz,
        }
        .rate_hz();
        Brunel {
            n_e,
            n_i,
            c_e,
            c_i,
            g,
            j,
            d: p.get("D"),
            dt: p.get("dt"),
            ratio,
            nu_ext_hz,
            n_rec: p.get("N_rec") as usize,
            theory_hz,
        }
    }

    fn parameters(&self, req: &Request) -> String {
        format!(
            "\n# ---- Parameters (Brunel 2000, model A; NeuroLive's names, units in the comments) ----\n\
             N_E = {n_e}            # excitatory neurons\n\
             N_I = {n_i}            # inhibitory neurons, N_E/4\n\
             C_E = {c_e}            # excitatory inputs per neuron, ε N_E (ε = {eps})\n\
             C_I = {c_i}            # inhibitory inputs per neuron, ε N_I\n\
             J = {j}                # mV, jump of V caused by one excitatory spike\n\
             G = {g}                # an inhibitory spike makes V jump by −G J\n\
             D = {d}                # ms, delay of every recurrent synapse\n\
             NU_EXT = {nu}          # Hz, rate of each of the C_E external inputs (ν_ext/ν_thr = {ratio})\n\
             TAU = {tau}            # ms, membrane time constant\n\
             THETA = {theta}        # mV, threshold\n\
             V_R = {vr}             # mV, reset\n\
             TAU_RP = {rp}          # ms, refractory period\n\
             DT = {dt}              # ms, time step\n\
             DURATION = {dur}       # ms, simulated time\n\
             N_REC = {n_rec}        # neurons 0..N_REC-1 go into spikes.csv (all are counted)\n\
             SEED = {seed}          # random seed\n\
             THREADS = 1            # NEST threads (PyNN, NEST): set to your cores for the full network\n\
             # NeuroLive's mean-field rate for these values (Brunel 2000 eqs. 4, 5, 21), Hz:\n\
             RATE_THEORY_HZ = {theory}\n\
             N = N_E + N_I\n",
            n_e = self.n_e,
            n_i = self.n_i,
            c_e = self.c_e,
            c_i = self.c_i,
            eps = py(req.params.get("epsilon")),
            j = py(self.j),
            g = py(self.g),
            d = py(self.d),
            nu = py(self.nu_ext_hz),
            ratio = py(self.ratio),
            tau = py(TAU_MS),
            theta = py(THETA_MV),
            vr = py(V_R_MV),
            rp = py(TAU_RP_MS),
            dt = py(self.dt),
            dur = py(req.duration_ms),
            n_rec = self.n_rec,
            seed = req.seed,
            theory = py(self.theory_hz),
        )
    }
}

/// The options of NeuroLive's network that the scripts leave out, refused by name: the step of
/// the drive (the scripts' Poisson generators keep one rate) and the unconnected population.
pub fn check(req: &Request) -> Result<(), ScriptError> {
    let p = req.params;
    let refuse = |param: &'static str, why: &'static str| {
        Err(ScriptError::Unsupported {
            sim: "brunel",
            param,
            value: p.get(param),
            why,
        })
    };
    if p.get("step_size") != 0.0 {
        return refuse(
            "step_size",
            "the scripts drive the network at one constant external rate; set step_size to 0 to export it without the step",
        );
    }
    if p.choice("recurrence") != 0 {
        return refuse(
            "recurrence",
            "the scripts build the connected network only; set recurrence to connected (0) to export it",
        );
    }
    Ok(())
}

pub fn script(req: &Request, target: Target) -> String {
    let m = Brunel::of(req);
    let body = match target {
        Target::Nest => nest(req),
        Target::PyNN => PYNN.to_string(),
        Target::Brian2 => BRIAN2.to_string(),
    };
    let params_json = params_json(req);
    format!(
        "{params}{common}{brunel}{body}\n\
         # ---- NeuroLive's files ----\n\
         measures = brunel_measures(times, senders, N, DURATION, DT, RATE_THEORY_HZ)\n\
         write_files(OUT_DIR, \"brunel\", SEED, DURATION, {{{params_json}}}, measures, times, senders, N_REC, ENGINE)\n",
        params = m.parameters(req),
        common = analysis::COMMON,
        brunel = analysis::BRUNEL,
    )
}

fn nest(req: &Request) -> String {
    format!(
        r#"

# ---- The run (NEST) ----
# More cores: THREADS above, or MPI processes: `mpirun -np 4 python {file}` (needs mpi4py and a
# NEST built with MPI; the pip wheel is not). Memory: 32 bytes per static synapse, about 75 with
# the rest: 1.2 GB at full size (N_E = 10 000: 15.6 million synapses).
import nest

ENGINE = f"NEST {{nest.__version__}} (iaf_psc_delta, fixed_indegree, poisson_generator)"
nest.set_verbosity("M_ERROR")
nest.ResetKernel()
nest.set(resolution=DT, rng_seed={nest_seed}, local_num_threads=THREADS)

# The neurons (C_m plays no part with delta synapses); inputs while refractory are lost.
cell = {{"C_m": 250.0, "tau_m": TAU, "E_L": 0.0, "V_th": THETA, "V_reset": V_R, "t_ref": TAU_RP,
        "refractory_input": False}}
excitatory = nest.Create("iaf_psc_delta", N_E, params=cell)
inhibitory = nest.Create("iaf_psc_delta", N_I, params=cell)
neurons = excitatory + inhibitory
neurons.V_m = nest.random.uniform(0.0, THETA)

# The recurrent synapses: each neuron gets exactly C_E excitatory and C_I inhibitory inputs.
indegree = lambda c: {{"rule": "fixed_indegree", "indegree": c, "allow_autapses": True, "allow_multapses": False}}
nest.Connect(excitatory, neurons, indegree(C_E), {{"weight": J, "delay": D}})
nest.Connect(inhibitory, neurons, indegree(C_I), {{"weight": -G * J, "delay": D}})

# The external drive: one generator sends each neuron its own Poisson train of rate C_E ν_ext.
drive = nest.Create("poisson_generator", params={{"rate": C_E * NU_EXT}})
nest.Connect(drive, neurons, syn_spec={{"weight": J, "delay": DT}})

# Recording: every spike (the measures need them all).
recorder = nest.Create("spike_recorder")
nest.Connect(neurons, recorder)

BUILD_S = time.perf_counter() - T0
nest.Simulate(DURATION)
RUN_S = time.perf_counter() - T0 - BUILD_S
events = recorder.events
times = np.asarray(events["times"], dtype=float)
senders = np.asarray(events["senders"], dtype=int) - neurons[0].global_id
if nest.NumProcesses() > 1:
    # Each MPI process recorded its own neurons: gather them, and let process 0 write.
    from mpi4py import MPI
    parts = MPI.COMM_WORLD.gather((times, senders), root=0)
    if nest.Rank() != 0:
        sys.exit(0)
    times = np.concatenate([p[0] for p in parts])
    senders = np.concatenate([p[1] for p in parts])
"#,
        file = Target::Nest.file_name("brunel"),
        nest_seed = nest_seed(req.seed),
    )
}

const PYNN: &str = r#"

# ---- The run (PyNN, NEST back-end) ----
# PyNN draws the fixed in-degree connections in Python: at full size (N_E = 10 000) building takes
# minutes; the NEST script builds them in NEST, on every thread. MPI: `mpirun -np 4 python ...`.
import pyNN
import pyNN.nest as sim
from pyNN.random import NumpyRNG, RandomDistribution

ENGINE = f"PyNN {pyNN.__version__} on NEST (IF_curr_delta, FixedNumberPreConnector, SpikeSourcePoisson)"
sim.setup(timestep=DT, min_delay=DT, max_delay=max(D, DT), threads=THREADS, spike_precision="on_grid",
          rng_seed=SEED if 1 <= SEED < 2**31 else SEED % 2147483646 + 1)
rng = NumpyRNG(seed=SEED)
# PyNN 0.13 does not tell NEST that this cell's `v` is its `V_m` (initial values, recording).
sim.IF_curr_delta.variable_map = {"v": "V_m"}

# The neurons (cm plays no part with delta synapses); initial potentials uniform below threshold.
cell = sim.IF_curr_delta(tau_m=TAU, cm=0.25, v_rest=0.0, v_reset=V_R, v_thresh=THETA, tau_refrac=TAU_RP, i_offset=0.0)
excitatory = sim.Population(N_E, cell, label="E")
inhibitory = sim.Population(N_I, cell, label="I")
for population in (excitatory, inhibitory):
    population.initialize(v=RandomDistribution("uniform", low=0.0, high=THETA, rng=rng))

# The recurrent synapses: each neuron gets exactly C_E excitatory and C_I inhibitory inputs.
# (One projection per target population: PyNN 0.13 reads a delta synapse's weight in mV only when
# its target is a Population.)
for target in (excitatory, inhibitory):
    sim.Projection(excitatory, target, sim.FixedNumberPreConnector(C_E, allow_self_connections=True, with_replacement=False, rng=rng),
                   sim.StaticSynapse(weight=J, delay=D), receptor_type="excitatory")
    sim.Projection(inhibitory, target, sim.FixedNumberPreConnector(C_I, allow_self_connections=True, with_replacement=False, rng=rng),
                   sim.StaticSynapse(weight=-G * J, delay=D), receptor_type="inhibitory")

# The external drive: each neuron its own Poisson train of rate C_E ν_ext.
for target in (excitatory, inhibitory):
    drive = sim.Population(target.size, sim.SpikeSourcePoisson(rate=C_E * NU_EXT), label="drive")
    sim.Projection(drive, target, sim.OneToOneConnector(), sim.StaticSynapse(weight=J, delay=DT), receptor_type="excitatory")

# Recording: every spike (the measures need them all).
excitatory.record("spikes")
inhibitory.record("spikes")

BUILD_S = time.perf_counter() - T0
sim.run(DURATION)
RUN_S = time.perf_counter() - T0 - BUILD_S
parts = []
for population, first in ((excitatory, 0), (inhibitory, N_E)):
    for st in population.get_data("spikes").segments[0].spiketrains:
        parts.append((np.asarray(st.magnitude, dtype=float), first + int(st.annotations["source_index"])))
times = np.concatenate([t for t, _ in parts] + [np.zeros(0)])
senders = np.concatenate([np.full(len(t), i) for t, i in parts] + [np.zeros(0, dtype=int)]).astype(int)
if sim.rank() != 0:
    sys.exit(0)
sim.end()
"#;

const BRIAN2: &str = r#"

# ---- The run (Brian2) ----
import brian2
from brian2 import NeuronGroup, PoissonInput, SpikeMonitor, Synapses, defaultclock, ms, mV, Hz, prefs, run

ENGINE = f"Brian2 {brian2.__version__}"
# "numpy" needs no compiler; "cython" compiles once and runs faster; for the full network,
# brian2.set_device("cpp_standalone") is fastest.
prefs.codegen.target = "numpy"
defaultclock.dt = DT * ms
brian2.seed(SEED % 2**32)
rng = np.random.default_rng(SEED)
namespace = {"tau": TAU * ms, "theta": THETA * mV, "V_r": V_R * mV, "J": J * mV, "G": G}

# The neurons: τ dV/dt = −V between inputs; V held at V_r for τ_rp after a spike. NEST and
# NeuroLive hold it for the τ_rp/dt steps after the spike's step; Brian2 counts the spike's own
# step in its refractory period, so it is asked for one step more.
neurons = NeuronGroup(N, "dv/dt = -v/tau : volt (unless refractory)", threshold="v >= theta",
                      reset="v = V_r", refractory=(TAU_RP + DT) * ms, method="exact", namespace=namespace)
neurons.v = "rand() * theta"
# As in NEST and NeuroLive, the inputs of a step count before the threshold is tested: the test
# comes after the synapses. A spike then leaves at the next step's synapses, so the delay is
# shortened by that step.
neurons.thresholder["spike"].when = "after_synapses"

# The recurrent synapses: each neuron gets exactly C_E excitatory and C_I inhibitory inputs,
# sources drawn without repetition.
post_e = np.repeat(np.arange(N), C_E)
pre_e = np.concatenate([rng.choice(N_E, C_E, replace=False) for _ in range(N)])
post_i = np.repeat(np.arange(N), C_I)
pre_i = N_E + np.concatenate([rng.choice(N_I, C_I, replace=False) for _ in range(N)])
excitatory = Synapses(neurons, neurons, on_pre="v_post += J", delay=(D - DT) * ms, namespace=namespace)
excitatory.connect(i=pre_e, j=post_e)
inhibitory = Synapses(neurons, neurons, on_pre="v_post -= G * J", delay=(D - DT) * ms, namespace=namespace)
inhibitory.connect(i=pre_i, j=post_i)

# The external drive: C_E independent Poisson inputs of rate ν_ext per neuron.
drive = PoissonInput(neurons, "v", C_E, NU_EXT * Hz, weight="J")

# Inputs that arrive while refractory are lost: V stays at V_r until the period ends.
neurons.run_regularly("v = v * int(not_refractory) + V_r * (1 - int(not_refractory))", when="end")

# Recording: every spike (the measures need them all).
spikes = SpikeMonitor(neurons)

BUILD_S = time.perf_counter() - T0
run(DURATION * ms, namespace=namespace)
RUN_S = time.perf_counter() - T0 - BUILD_S
times = np.asarray(spikes.t / ms, dtype=float)
senders = np.asarray(spikes.i, dtype=int)
"#;
