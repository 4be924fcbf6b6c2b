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
    /// (parameter value, measure) for the values done so far.
    pub points: Vec<(f64, Option<f64>)>,
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
        let mspec = spec.measure(measure).ok_or_else(|| SweepError::UnknownMeasure {
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
            values,
            settle_ms,
            duration_ms,
            base: base.clone(),
            seed,
            current: None,
            error: None,
        })
    }

    pub fn done(&self) -> bool {
        self.error.is_some() || self.points.len() == self.values.len()
    }

    /// Fraction of the values done.
    pub fn progress(&self) -> f64 {
        if self.values.is_empty() { 1.0 } else { self.points.len() as f64 / self.values.len() as f64 }
    }

    /// Advances by at most `max_steps` time steps in total; returns whether work remains.
    pub fn work(&mut self, mut max_steps: u64) -> bool {
        while !self.done() && max_steps > 0 {
            if self.current.is_none() {
                let x = self.values[self.points.len()];
                let mut p = self.base.clone();
                if let Err(e) = p.set(self.param, x) {
                    self.error = Some(SweepError::Param(e));
                    break;
                }
                let sim = Simulation::new(self.entry, p, self.seed, Retention::All);
                let settle_left = sim.steps_for(self.settle_ms);
                let measure_left = sim.steps_for(self.duration_ms);
                self.current = Some(Point { sim, settle_left, measure_left });
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
                let x = self.values[self.points.len()];
                let y = pt.sim.measure(self.measure);
                self.points.push((x, y));
                self.current = None;
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
    fn sliced_and_whole_sweeps_agree() {
        // t63 of an RC circuit equals τ_m (Dayan & Abbott eq. 5.8), whatever the slicing.
        let base = Params::defaults(&passive::SPEC);
        let values = sweep_values(5.0, 40.0, 4, passive::SPEC.param("tau_m").unwrap().1.scale);
        let mut whole = Sweep::new(&passive::ENTRY, &base, 1, "tau_m", values.clone(), "t63_ms", 0.0, 250.0).unwrap();
        whole.run().unwrap();
        let mut sliced = Sweep::new(&passive::ENTRY, &base, 1, "tau_m", values, "t63_ms", 0.0, 250.0).unwrap();
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
        assert!(Sweep::new(&passive::ENTRY, &base, 1, "nope", vec![1.0], "t63_ms", 0.0, 1.0).is_err());
        assert!(Sweep::new(&passive::ENTRY, &base, 1, "tau_m", vec![1.0], "nope", 0.0, 1.0).is_err());
        let e = Sweep::new(&passive::ENTRY, &base, 1, "tau_m", vec![1e6], "t63_ms", 0.0, 1.0).err().unwrap();
        assert!(e.to_string().contains("tau_m") && e.to_string().contains("allowed"), "{e}");
    }
}
