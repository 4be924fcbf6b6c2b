//! A sweep of one parameter: a fresh run per value, a measure per run. It advances in bounded
//! slices of work (`work`) so the page can spread it over animation frames; the CLI and the
//! tests simply run it to the end.

use crate::model::ModelEntry;
use crate::params::{ParamError, Params};
use crate::record::Retention;
use crate::run::{Simulation, SweepError};

pub struct Sweep {
    pub entry: &'static ModelEntry,
    pub param: &'static str,
    pub measure: &'static str,
    pub values: Vec<f64>,
    /// (parameter value, measure) for the values done so far: with several seeds, the mean
    /// over the seeds where the measure is defined.
    pub points: Vec<(f64, Option<f64>)>,
    /// The standard error of each point's mean (0 with one seed).
    pub sems: Vec<f64>,
    /// Runs per value: seeds `seed`, `seed + 1`, … (`run::seed_of_run`).
    pub seeds: usize,
    /// The measures of the current value's runs so far.
    runs: Vec<Option<f64>>,
    pub settle_ms: f64,
    pub duration_ms: f64,
    base: Params,
    seed: u64,
    current: Option<Point>,
    pub error: Option<SweepError>,
}

struct Point {
    sim: Simulation,
    settle_left: u64,
    measure_left: u64,
}

impl Sweep {
    /// Checks the parameter, the measure and every value before any work is done.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        entry: &'static ModelEntry,
        base: &Params,
        seed: u64,
        param: &str,
        values: Vec<f64>,
        measure: &str,
        settle_ms: f64,
        duration_ms: f64,
    ) -> Result<Sweep, SweepError> {
        let spec = entry.spec;
        let (_, pspec) = spec.param(param).ok_or_else(|| {
            SweepError::Param(ParamError::UnknownParam {
                sim: spec.id,
                name: param.to_string(),
                known: spec.params.iter().map(|p| p.name).collect(),
            })
        })?;
        let mspec = spec
            .measure(measure)
            .ok_or_else(|| SweepError::UnknownMeasure {
                sim: spec.id,
                name: measure.to_string(),
                known: spec.measures.iter().map(|m| m.name).collect(),
            })?;
        for &v in &values {
            pspec.check(v).map_err(SweepError::Param)?;
        }
        Ok(Sweep {
            entry,
            param: pspec.name,
            measure: mspec.name,
            points: Vec::with_capacity(values.len()),
            sems: Vec::with_capacity(values.len()),
            seeds: 1,
            runs: Vec::new(),
            values,
            settle_ms,
            duration_ms,
            base: base.clone(),
            seed,
            current: None,
            error: None,
        })
    }

    /// Averages every point over `seeds` runs (at least one).
    pub fn with_seeds(mut self, seeds: usize) -> Sweep {
        self.seeds = seeds.max(1);
        self
    }

    pub fn done(&self) -> bool {
        self.error.is_some() || self.points.len() == self.values.len()
    }

    /// Fraction of the values done.
    pub fn progress(&self) -> f64 {
        let runs = (self.values.len() * self.seeds) as f64;
        if self.values.is_empty() {
            1.0
        } else {
            (self.points.len() * self.seeds + self.runs.len()) as f64 / runs
        }
    }

    /// Advances by at most `max_steps` time steps, never past the end of the current run (one
    /// seed of one point); returns whether work remains. A caller that sizes its slices by the
    /// cost of a step sees each point's cost before it commits to it: across a sweep over N a
    /// step may cost a thousand times more at the last point than at the first.
    pub fn work(&mut self, mut max_steps: u64) -> bool {
        while !self.done() && max_steps > 0 {
            if self.current.is_none() {
                let x = self.values[self.points.len()];
                let mut p = self.base.clone();
                if let Err(e) = p.set(self.param, x) {
                    self.error = Some(SweepError::Param(e));
                    break;
                }
                let seed = crate::run::seed_of_run(self.seed, self.runs.len());
                let sim = Simulation::new(self.entry, p, seed, Retention::All);
                let settle_left = sim.steps_for(self.settle_ms);
                let measure_left = sim.steps_for(self.duration_ms);
                self.current = Some(Point {
                    sim,
                    settle_left,
                    measure_left,
                });
            }
            let pt = self.current.as_mut().unwrap();
            let n;
            let result = if pt.settle_left > 0 {
                n = pt.settle_left.min(max_steps);
                pt.settle_left -= n;
                let r = pt.sim.advance_steps(n);
                if pt.settle_left == 0 {
                    let t = pt.sim.time_ms();
                    pt.sim.rec.clear(t);
                }
                r
            } else {
                n = pt.measure_left.min(max_steps);
                pt.measure_left -= n;
                pt.sim.advance_steps(n)
            };
            max_steps -= n.min(max_steps);
            if let Err(e) = result {
                self.error = Some(SweepError::Sim(e));
                break;
            }
            if pt.settle_left == 0 && pt.measure_left == 0 {
                self.runs.push(pt.sim.measure(self.measure));
                self.current = None;
                if self.runs.len() == self.seeds {
                    let x = self.values[self.points.len()];
                    let stats = crate::run::SeedStats::of(&self.runs);
                    self.points.push((x, stats.map(|s| s.mean)));
                    self.sems.push(stats.map_or(0.0, |s| s.sem));
                    self.runs.clear();
                }
                break;
            }
        }
        !self.done()
    }

    /// Runs every point to the end.
    pub fn run(&mut self) -> Result<(), SweepError> {
        while self.work(1 << 20) {}
        match &self.error {
            Some(e) => Err(e.clone()),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::neuron::passive;
    use crate::run::sweep_values;

    #[test]
    fn a_sweep_over_seeds_gives_the_mean_and_standard_error_of_single_runs() {
        // Independent check: the same points computed as single-seed sweeps, averaged here.
        let entry = crate::registry::find("poisson").unwrap();
        let base = Params::defaults(entry.spec);
        let values = vec![10.0, 40.0];
        let mut multi = Sweep::new(
            entry,
            &base,
            3,
            "rate",
            values.clone(),
            "cv_isi",
            0.0,
            500.0,
        )
        .unwrap()
        .with_seeds(4);
        multi.run().unwrap();
        for (i, &x) in values.iter().enumerate() {
            let ys: Vec<f64> = (0..4)
                .map(|k| {
                    let mut one =
                        Sweep::new(entry, &base, 3 + k, "rate", vec![x], "cv_isi", 0.0, 500.0)
                            .unwrap();
                    one.run().unwrap();
                    one.points[0].1.unwrap()
                })
                .collect();
            let mean = ys.iter().sum::<f64>() / 4.0;
            let var = ys.iter().map(|y| (y - mean).powi(2)).sum::<f64>() / 3.0;
            assert!((multi.points[i].1.unwrap() - mean).abs() < 1e-12);
            assert!((multi.sems[i] - (var / 4.0).sqrt()).abs() < 1e-12);
            assert!(multi.sems[i] > 0.0, "different seeds give different CVs");
        }
    }

    #[test]
    fn a_slice_ends_with_its_run() {
        // The page sizes a slice by the last step's cost: a slice must not run on into the next
        // point (across a sweep over N, 1000× costlier per step), so each call ends one run.
        let entry = crate::registry::find("poisson").unwrap();
        let base = Params::defaults(entry.spec);
        let mut s = Sweep::new(
            entry,
            &base,
            3,
            "rate",
            vec![10.0, 20.0, 40.0],
            "cv_isi",
            0.0,
            200.0,
        )
        .unwrap()
        .with_seeds(2);
        let mut runs_done = 0;
        while s.work(u64::MAX) {
            runs_done += 1;
            assert_eq!(
                s.points.len() * 2 + s.runs.len(),
                runs_done,
                "one run per call"
            );
        }
        assert_eq!((runs_done + 1, s.points.len()), (6, 3));
    }

    #[test]
    fn sliced_and_whole_sweeps_agree() {
        // t63 of an RC circuit equals τ_m (Dayan & Abbott eq. 5.8), whatever the slicing.
        let base = Params::defaults(&passive::SPEC);
        let values = sweep_values(5.0, 40.0, 4, passive::SPEC.param("tau_m").unwrap().1.scale);
        let mut whole = Sweep::new(
            &passive::ENTRY,
            &base,
            1,
            "tau_m",
            values.clone(),
            "t63_ms",
            0.0,
            250.0,
        )
        .unwrap();
        whole.run().unwrap();
        let mut sliced = Sweep::new(
            &passive::ENTRY,
            &base,
            1,
            "tau_m",
            values,
            "t63_ms",
            0.0,
            250.0,
        )
        .unwrap();
        let mut slices = 0;
        while sliced.work(777) {
            slices += 1;
        }
        assert!(slices > 10);
        assert_eq!(whole.points, sliced.points);
        for (x, y) in whole.points {
            assert!((y.unwrap() - x).abs() < 0.01 * x, "τ = {x}: t63 = {y:?}");
        }
    }

    #[test]
    fn refuses_bad_names_and_values() {
        let base = Params::defaults(&passive::SPEC);
        assert!(Sweep::new(
            &passive::ENTRY,
            &base,
            1,
            "nope",
            vec![1.0],
            "t63_ms",
            0.0,
            1.0
        )
        .is_err());
        assert!(Sweep::new(
            &passive::ENTRY,
            &base,
            1,
            "tau_m",
            vec![1.0],
            "nope",
            0.0,
            1.0
        )
        .is_err());
        let e = Sweep::new(
            &passive::ENTRY,
            &base,
            1,
            "tau_m",
            vec![1e6],
            "t63_ms",
            0.0,
            1.0,
        )
        .err()
        .unwrap();
        assert!(
            e.to_string().contains("tau_m") && e.to_string().contains("allowed"),
            "{e}"
        );
    }
}
