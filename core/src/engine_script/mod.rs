//! Scripts for the simulators the field uses, NEST (directly, or through PyNN) and Brian2: a
//! student who outgrows the browser takes a network of the course out as a runnable Python
//! script with the same parameters, size, duration and seed.
//!
//! Each script is readable (named parameters with units at the top, one comment per block), runs
//! with nothing but its engine installed (`python script.py [OUT_DIR]`), and writes into OUT_DIR
//! the `spikes.csv` and `summary.json` that `neurolive run` writes, with the same measures
//! computed the same way (`analysis.rs`). The engines cannot draw NeuroLive's random numbers, so
//! a script draws the same *kind* of network and input (fixed in-degree, Poisson drive, one delay,
//! inputs lost while refractory); the comparison with NeuroLive is statistical (see the
//! cross-validation tests in `cli/tests/engines.rs`).
//!
//! A simulation that no standard engine expresses (a rate model, a learner, an agent) has no
//! script: `targets` is empty and `script` says why.

mod analysis;
mod brunel;
mod lif;
mod stdp;
mod stp;
mod synapse;

use crate::model::ModelEntry;
use crate::params::Params;
use std::fmt;

/// The engine a script is written for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// PyNN 0.13 on its NEST back-end (`pyNN.nest`): the simulator-independent description.
    PyNN,
    /// NEST 3 through its own Python interface (PyNEST).
    Nest,
    /// Brian2 2.9: the equations written out.
    Brian2,
}

impl Target {
    pub const ALL: [Target; 3] = [Target::PyNN, Target::Nest, Target::Brian2];

    /// The name on the command line (`--to`).
    pub fn name(self) -> &'static str {
        match self {
            Target::PyNN => "pynn",
            Target::Nest => "nest",
            Target::Brian2 => "brian2",
        }
    }

    pub fn from_name(name: &str) -> Option<Target> {
        Target::ALL.into_iter().find(|t| t.name() == name)
    }

    /// How the page's button names it.
    pub fn label(self) -> &'static str {
        match self {
            Target::PyNN => "PyNN script (NEST)",
            Target::Nest => "NEST script",
            Target::Brian2 => "Brian2 script",
        }
    }

    /// The file name a download gets: `brunel_nest.py`.
    pub fn file_name(self, sim: &str) -> String {
        format!("{sim}_{}.py", self.name())
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum ScriptError {
    /// The simulation's model has no counterpart in the engines.
    NotExpressible { sim: &'static str },
    /// It has one in some engines, not in this one.
    NotForTarget { sim: &'static str, target: Target },
    /// A run length that is not a positive, finite number of ms.
    Duration(f64),
    /// A parameter set to a value the scripts do not express (they hold it at its default).
    Unsupported {
        sim: &'static str,
        param: &'static str,
        value: f64,
        why: &'static str,
    },
}

impl fmt::Display for ScriptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScriptError::NotExpressible { sim } => write!(
                f,
                "'{sim}' cannot be exported: NEST and Brian2 scripts exist for the spiking models {} only",
                EXPORTABLE.join(", ")
            ),
            ScriptError::NotForTarget { sim, target } => write!(
                f,
                "'{sim}' cannot be exported to {}: {}; it can be to {}",
                target.name(),
                why_not(sim),
                targets(sim).iter().map(|t| t.name()).collect::<Vec<_>>().join(", ")
            ),
            ScriptError::Duration(ms) => write!(f, "duration {ms} ms: expected a positive number of ms"),
            ScriptError::Unsupported { sim, param, value, why } => {
                write!(f, "'{sim}' cannot be exported with {param} = {}: {why}", py(*value))
            }
        }
    }
}

impl std::error::Error for ScriptError {}

/// The simulations that have scripts.
const EXPORTABLE: &[&str] = &["lif", "brunel", "synapse", "stp", "stdp"];

/// The engines a simulation can be exported to (none for most of the course's models).
pub fn targets(sim: &str) -> &'static [Target] {
    match sim {
        // NEST has no Mg²⁺ block on a generic conductance synapse, nor a voltage clamp (synapse.rs).
        "synapse" => &[Target::Brian2],
        _ if EXPORTABLE.contains(&sim) => &Target::ALL,
        _ => &[],
    }
}

/// Why a simulation has no script for some engines.
fn why_not(sim: &str) -> &'static str {
    match sim {
        "synapse" => "NEST's conductance neurons (and PyNN's standard cells) have no NMDA Mg²⁺ block on a generic synapse and no voltage clamp",
        _ => "no such model in that engine",
    }
}

/// What a script is written from: the page's (or the CLI's) current state.
pub struct Request<'a> {
    pub entry: &'static ModelEntry,
    pub params: &'a Params,
    pub seed: u64,
    pub duration_ms: f64,
}

/// The script of `req` for `target`.
pub fn script(req: &Request, target: Target) -> Result<String, ScriptError> {
    if !(req.duration_ms.is_finite() && req.duration_ms > 0.0) {
        return Err(ScriptError::Duration(req.duration_ms));
    }
    let sim = req.entry.spec.id;
    if !targets(sim).is_empty() && !targets(sim).contains(&target) {
        return Err(ScriptError::NotForTarget { sim, target });
    }
    if sim == "brunel" {
        brunel::check(req)?;
    }
    let body = match sim {
        "synapse" => synapse::script(req),
        "lif" => lif::script(req, target),
        "brunel" => brunel::script(req, target),
        "stp" => stp::script(req, target),
        "stdp" => stdp::script(req, target),
        _ => return Err(ScriptError::NotExpressible { sim }),
    };
    Ok(format!("{}{body}", header(req, target)))
}

/// The docstring: what the script is, how to run it, and the NeuroLive run it mirrors.
fn header(req: &Request, target: Target) -> String {
    let spec = req.entry.spec;
    let sets: Vec<String> = spec
        .params
        .iter()
        .map(|p| format!("--set {}={}", p.name, py(req.params.get(p.name))))
        .collect();
    let engine = match target {
        Target::PyNN => "PyNN 0.13 with NEST 3 (pip install nest-simulator PyNN)",
        Target::Nest => "NEST 3 (pip install nest-simulator)",
        Target::Brian2 => "Brian2 2.9 (pip install brian2 'numpy<2.4')",
    };
    format!(
        "#!/usr/bin/env python3\n\
         \"\"\"{title}, exported from NeuroLive for {engine}.\n\
         \n\
         Run it with `python {file} [OUT_DIR]`: it writes spikes.csv (t_ms,neuron) and summary.json\n\
         (the measures) into OUT_DIR (default: the current folder), the files `neurolive run` writes.\n\
         The same run in NeuroLive:\n\
         \n\
         \x20   neurolive run {id} --seed {seed} --duration-ms {dur} \\\n\
         \x20       {sets}\n\
         \n\
         The engine cannot draw NeuroLive's random numbers: this script draws the same kind of\n\
         network and input, so its measures agree with NeuroLive's within their run-to-run spread,\n\
         not digit for digit. Beyond the browser: https://nest-simulator.readthedocs.io,\n\
         https://brian2.readthedocs.io, http://neuralensemble.org/PyNN (and NeuroLive's page\n\
         \"Beyond the browser\").\n\
         \"\"\"\n",
        title = spec.title,
        file = target.file_name(spec.id),
        id = spec.id,
        seed = req.seed,
        dur = py(req.duration_ms),
        sets = sets.join(" \\\n        "),
    )
}

/// The run's parameters as the inside of a Python dict (`"tau_m": 20.0, ...`), for summary.json.
fn params_json(req: &Request) -> String {
    req.entry
        .spec
        .params
        .iter()
        .map(|p| format!("\"{}\": {}", p.name, py(req.params.get(p.name))))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A number as Python reads it back exactly (Rust's shortest round-trip form: `10.0`, `1e-5`).
fn py(x: f64) -> String {
    format!("{x:?}")
}

/// The seed as NEST takes it: its `rng_seed` must lie in [1, 2³¹ − 1]; others are folded in.
fn nest_seed(seed: u64) -> u64 {
    if (1..=i32::MAX as u64).contains(&seed) {
        seed
    } else {
        seed % (i32::MAX as u64 - 1) + 1
    }
}

#[cfg(test)]
mod tests;
