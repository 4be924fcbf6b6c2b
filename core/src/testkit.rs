//! Helpers shared by the models' unit tests: build parameters, run a seeded simulation, compare
//! numbers. Test-only (`#[cfg(test)]` in lib.rs).

use crate::model::ModelEntry;
use crate::params::Params;
use crate::record::Retention;
use crate::run::Simulation;

/// The model's preset `preset` (its defaults if `None`) with each `(name, value)` of `set`
/// applied in order. Panics on an unknown preset or parameter, or an out-of-range value.
pub(crate) fn params(
    entry: &'static ModelEntry,
    preset: Option<&str>,
    set: &[(&str, f64)],
) -> Params {
    let mut p = match preset {
        Some(name) => Params::preset(entry.spec, name).unwrap(),
        None => Params::defaults(entry.spec),
    };
    for (k, v) in set {
        p.set(k, *v).unwrap();
    }
    p
}

/// A simulation of `entry` with seed `seed`, run for `ms` ms and keeping every sample.
pub(crate) fn run(entry: &'static ModelEntry, p: Params, seed: u64, ms: f64) -> Simulation {
    let mut sim = Simulation::new(entry, p, seed, Retention::All);
    sim.run_for(ms).unwrap();
    sim
}

/// Like [`run`], but first runs `settle_ms` and forgets that transient, so the recording holds
/// only the `ms` that follow.
pub(crate) fn run_settled(
    entry: &'static ModelEntry,
    p: Params,
    seed: u64,
    settle_ms: f64,
    ms: f64,
) -> Simulation {
    let mut sim = run(entry, p, seed, settle_ms);
    sim.rec.clear(sim.time_ms());
    sim.run_for(ms).unwrap();
    sim
}

/// Relative difference |a − b| / |b|, computed as |a/b − 1| (the form the tests' tolerances
/// were set with).
pub(crate) fn rel(a: f64, b: f64) -> f64 {
    (a / b - 1.0).abs()
}
