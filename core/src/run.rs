//! The driver shared by the page, the CLI, the tests and the benchmarks: builds a model from its
//! parameters and seed, steps it, samples its traces, guards against numerical blow-up, and runs
//! sweeps.

use crate::model::{Clock, ModelEntry, ModelSpec, Scale, Spike};
use crate::params::{ParamError, Params};
use crate::record::{Recording, Retention};
use std::fmt;

/// A run that cannot go on.
#[derive(Clone, Debug, PartialEq)]
pub enum SimError {
    /// A trace became NaN/inf or left its declared bound: the integration is unstable.
    Unstable {
        t_ms: f64,
        trace: &'static str,
        value: f64,
        limit: f64,
        unit: &'static str,
        dt_ms: f64,
        clock: Clock,
    },
}

impl fmt::Display for SimError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SimError::Unstable {
                t_ms,
                trace,
                value,
                limit,
                unit,
                dt_ms,
                clock,
            } => {
                let what = if value.is_finite() {
                    format!("{trace} = {value:.3e} {unit} left its bound ±{limit} {unit}")
                } else {
                    format!("{trace} became {value}")
                };
                if clock.counts() {
                    // A learner has no time step: what runs away is the learning itself.
                    return write!(
                        f,
                        "stopped at {}: the learning diverged ({what}). \
                         Lower the learning rate, then reset.",
                        clock.reading(*t_ms)
                    );
                }
                write!(
                    f,
                    "stopped at t = {t_ms:.2} ms: the integration is numerically unstable ({what}). \
                     Reduce the time step dt (now {dt_ms} ms) or choose a more stable integrator, then reset."
                )
            }
        }
    }
}

impl std::error::Error for SimError {}

pub struct Simulation {
    pub entry: &'static ModelEntry,
    pub params: Params,
    pub seed: u64,
    pub rec: Recording,
    model: Box<dyn crate::model::Model>,
    dt_ms: f64,
    /// Steps between two samples of the traces.
    sample_every: u64,
    steps: u64,
    sample_buf: Vec<f64>,
    spike_buf: Vec<Spike>,
    /// Set when the run blew up; further `advance` calls return it again until reset.
    pub failed: Option<SimError>,
    /// The clicks on arenas the model accepted, in order: the world as the student edited it,
    /// replayed after every reset (a new seed relearns in the edited world), forgotten when a
    /// parameter that rebuilds the world changes.
    pub arena_edits: Vec<CellEdit>,
}

/// One accepted click on an arena (see `Model::edit_arena`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CellEdit {
    pub arena: &'static str,
    pub x: usize,
    pub y: usize,
    pub tool: crate::model::ArenaTool,
}

impl Simulation {
    pub fn new(
        entry: &'static ModelEntry,
        params: Params,
        seed: u64,
        retention: Retention,
    ) -> Self {
        let model = (entry.build)(&params, seed);
        Self::with_model(entry, params, seed, retention, model)
    }

    /// A simulation around a given model: the page's mirror of a run computed in a worker
    /// (`crate::mirror`), whose recording is filled from the worker's batches, not by stepping.
    pub fn with_model(
        entry: &'static ModelEntry,
        params: Params,
        seed: u64,
        retention: Retention,
        model: Box<dyn crate::model::Model>,
    ) -> Self {
        let spec = entry.spec;
        let dt_ms = Self::dt_of(&params);
        let mut sim = Simulation {
            entry,
            rec: Recording::new(spec.traces.len(), retention),
            model,
            dt_ms,
            sample_every: 1,
            steps: 0,
            sample_buf: vec![0.0; spec.traces.len()],
            spike_buf: Vec::with_capacity(1024),
            failed: None,
            arena_edits: Vec::new(),
            params,
            seed,
        };
        sim.sample_every = sim.sample_every_for(dt_ms);
        // A model's initial state is finite by construction; a bad one shows at the next sample.
        let _ = sim.record_sample();
        sim
    }

    /// The step: the `dt` parameter, else the sampling interval; one unit for a counting clock.
    fn dt_of(params: &Params) -> f64 {
        if params.spec.clock.counts() {
            return 1.0;
        }
        match params.spec.param("dt") {
            Some(_) => params.get("dt"),
            None => params.spec.sample_ms,
        }
    }

    fn sample_every_for(&self, dt_ms: f64) -> u64 {
        ((self.spec().sample_ms / dt_ms).round() as u64).max(1)
    }

    pub fn spec(&self) -> &'static ModelSpec {
        self.entry.spec
    }

    pub fn model(&self) -> &dyn crate::model::Model {
        self.model.as_ref()
    }

    pub fn time_ms(&self) -> f64 {
        self.model.time_ms()
    }

    /// Steps taken since the start (or the last reset).
    pub fn steps(&self) -> u64 {
        self.steps
    }

    pub fn dt_ms(&self) -> f64 {
        self.dt_ms
    }

    /// Rebuilds the model from t = 0 with the current parameters and seed.
    pub fn reset(&mut self) {
        self.model = (self.entry.build)(&self.params, self.seed);
        self.dt_ms = Self::dt_of(&self.params);
        self.sample_every = self.sample_every_for(self.dt_ms);
        self.steps = 0;
        self.failed = None;
        for e in &self.arena_edits {
            self.model.edit_arena(e.arena, e.x, e.y, e.tool);
        }
        self.rec.clear(0.0);
        let _ = self.record_sample();
    }

    /// A click on cell (x, y) of arena `arena`: applied to the running model and kept (see
    /// `arena_edits`) when the model accepts it. Returns whether it did.
    pub fn edit_arena(
        &mut self,
        arena: &'static str,
        x: usize,
        y: usize,
        tool: crate::model::ArenaTool,
    ) -> bool {
        let done = self.model.edit_arena(arena, x, y, tool);
        if done {
            self.arena_edits.push(CellEdit { arena, x, y, tool });
        }
        done
    }

    /// Applies new parameters: live where the model allows, with a reset where a changed
    /// parameter is marked `restart`. Returns whether the run was reset.
    pub fn set_params(&mut self, params: Params) -> bool {
        let restart = self.needs_restart(&params);
        self.params = params;
        if restart {
            self.arena_edits.clear();
            self.reset();
        } else {
            self.model.set_params(&self.params);
            let dt = Self::dt_of(&self.params);
            if dt != self.dt_ms {
                self.dt_ms = dt;
                self.sample_every = self.sample_every_for(dt);
            }
        }
        restart
    }

    /// Whether applying `params` changes a parameter marked `restart`.
    pub fn needs_restart(&self, params: &Params) -> bool {
        params
            .iter()
            .zip(self.params.iter())
            .any(|((spec, new), (_, old))| spec.restart && new != old)
    }

    /// Sets one parameter from a number, with the shared validation.
    pub fn set_param(&mut self, name: &str, value: f64) -> Result<bool, ParamError> {
        let mut p = self.params.clone();
        p.set(name, value)?;
        Ok(self.set_params(p))
    }

    pub fn set_seed(&mut self, seed: u64) {
        self.seed = seed;
        self.reset();
    }

    fn record_sample(&mut self) -> Result<(), SimError> {
        self.model.sample(&mut self.sample_buf);
        let t = self.model.time_ms();
        for (spec, &v) in self.spec().traces.iter().zip(&self.sample_buf) {
            if !v.is_finite() || v.abs() > spec.limit {
                return Err(SimError::Unstable {
                    t_ms: t,
                    trace: spec.name,
                    value: v,
                    limit: spec.limit,
                    unit: spec.unit,
                    dt_ms: self.dt_ms,
                    clock: self.spec().clock,
                });
            }
        }
        self.rec.push_sample(t, &self.sample_buf);
        Ok(())
    }

    /// Advances by `n` time steps (the hot loop: no allocation once the buffers are warm).
    pub fn advance_steps(&mut self, n: u64) -> Result<(), SimError> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        for _ in 0..n {
            self.model.step(&mut self.spike_buf);
            self.steps += 1;
            if !self.spike_buf.is_empty() {
                self.rec.push_spikes(&self.spike_buf);
                self.spike_buf.clear();
            }
            if self.steps % self.sample_every == 0 {
                if let Err(e) = self.record_sample() {
                    self.failed = Some(e.clone());
                    return Err(e);
                }
                self.rec.trim(self.model.time_ms());
            }
        }
        Ok(())
    }

    /// Advances by `ms` of simulated time.
    pub fn run_for(&mut self, ms: f64) -> Result<(), SimError> {
        let n = (ms / self.dt_ms).round().max(0.0) as u64;
        self.advance_steps(n)
    }

    /// Number of steps that cover `ms`.
    pub fn steps_for(&self, ms: f64) -> u64 {
        (ms / self.dt_ms).round().max(0.0) as u64
    }

    pub fn measure(&self, name: &str) -> Option<f64> {
        self.model
            .measure(name, &self.rec)
            .filter(|v| v.is_finite())
    }

    /// Every declared measure, in declaration order.
    pub fn measures(&self) -> Vec<(&'static str, Option<f64>)> {
        self.spec()
            .measures
            .iter()
            .map(|m| (m.name, self.measure(m.name)))
            .collect()
    }
}

/// `steps` values from `from` to `to`, evenly spaced on the parameter's own scale.
pub fn sweep_values(from: f64, to: f64, steps: usize, scale: Scale) -> Vec<f64> {
    if steps <= 1 {
        return vec![from];
    }
    (0..steps)
        .map(|i| {
            let s = i as f64 / (steps - 1) as f64;
            match scale {
                Scale::Log if from > 0.0 && to > 0.0 => from * crate::math::pow(to / from, s),
                _ => from + (to - from) * s,
            }
        })
        .collect()
}

/// The values of a sweep over one parameter: spaced on its scale, and for an integer or choice
/// parameter rounded to whole values without repeats (the page and the CLI both use this).
pub fn param_sweep_values(
    p: &crate::model::ParamSpec,
    from: f64,
    to: f64,
    steps: usize,
) -> Vec<f64> {
    let mut values = sweep_values(from, to, steps, p.scale);
    if !matches!(p.kind, crate::model::ParamKind::Real) {
        for v in &mut values {
            *v = v.round();
        }
        values.dedup();
    }
    values
}

/// One point of a sweep: a fresh run at `param = x`, `settle_ms` discarded, the measure taken over
/// the next `duration_ms`.
pub fn sweep_point(
    entry: &'static ModelEntry,
    base: &Params,
    seed: u64,
    param: &str,
    x: f64,
    measure: &str,
    settle_ms: f64,
    duration_ms: f64,
) -> Result<Option<f64>, SweepError> {
    let mut p = base.clone();
    p.set(param, x).map_err(SweepError::Param)?;
    if entry.spec.measure(measure).is_none() {
        return Err(SweepError::UnknownMeasure {
            sim: entry.spec.id,
            name: measure.to_string(),
            known: entry.spec.measures.iter().map(|m| m.name).collect(),
        });
    }
    let mut sim = Simulation::new(entry, p, seed, Retention::All);
    sim.run_for(settle_ms).map_err(SweepError::Sim)?;
    let t = sim.time_ms();
    sim.rec.clear(t);
    sim.run_for(duration_ms).map_err(SweepError::Sim)?;
    Ok(sim.measure(measure))
}

/// The mean and standard error of a measure over several seeds (a sweep point with `seeds` > 1).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SeedStats {
    pub mean: f64,
    /// Standard error of the mean, s / √n (0 for a single defined run).
    pub sem: f64,
    /// Runs in which the measure was defined.
    pub n: usize,
}

impl SeedStats {
    /// Mean and standard error of the defined values; `None` when none is defined.
    pub fn of(values: &[Option<f64>]) -> Option<SeedStats> {
        let v: Vec<f64> = values.iter().flatten().copied().collect();
        let n = v.len();
        if n == 0 {
            return None;
        }
        let mean = v.iter().sum::<f64>() / n as f64;
        let sem = if n > 1 {
            let var = v.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1) as f64;
            (var / n as f64).sqrt()
        } else {
            0.0
        };
        Some(SeedStats { mean, sem, n })
    }
}

/// The seed of the `k`-th run of a point averaged over seeds: the base seed, then the next ones.
pub fn seed_of_run(seed: u64, k: usize) -> u64 {
    seed.wrapping_add(k as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ParamSpec;

    #[test]
    fn seed_stats_are_the_mean_and_its_standard_error() {
        // Values 1, 2, 3 (one undefined run skipped): mean 2, s = 1, SEM = 1/√3.
        let s = SeedStats::of(&[Some(1.0), None, Some(3.0), Some(2.0)]).unwrap();
        assert_eq!((s.mean, s.n), (2.0, 3));
        assert!((s.sem - 1.0 / 3f64.sqrt()).abs() < 1e-15);
        assert_eq!(SeedStats::of(&[Some(4.0)]).unwrap().sem, 0.0);
        assert!(SeedStats::of(&[None, None]).is_none());
    }

    #[test]
    fn integer_sweeps_are_whole_and_distinct() {
        let p = ParamSpec::int("N", "N", 1.0, 1000.0, 10.0).log();
        let v = param_sweep_values(&p, 10.0, 1000.0, 40);
        assert!(v.iter().all(|x| x.fract() == 0.0), "{v:?}");
        assert!(v.windows(2).all(|w| w[0] < w[1]), "{v:?}");
        assert_eq!((v[0], *v.last().unwrap()), (10.0, 1000.0));
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum SweepError {
    Param(ParamError),
    Sim(SimError),
    UnknownMeasure {
        sim: &'static str,
        name: String,
        known: Vec<&'static str>,
    },
}

impl fmt::Display for SweepError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SweepError::Param(e) => e.fmt(f),
            SweepError::Sim(e) => e.fmt(f),
            SweepError::UnknownMeasure { sim, name, known } => {
                write!(
                    f,
                    "unknown measure '{name}' for {sim}; its measures are: {}",
                    known.join(", ")
                )
            }
        }
    }
}

impl std::error::Error for SweepError {}
