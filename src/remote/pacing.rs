//! The rules both sides of a worker's run follow, kept apart from the browser so that native
//! tests can play them out: how much the worker runs per slice and which batch carries a
//! summary (measures, profiles, images), and how the page applies the batches to its mirror.
//! The promise they keep together: a paused widget shows the measures of the time it shows.

use neurolive_core::mirror::{Batch, MirrorState};
use neurolive_core::Simulation;
use std::cell::RefCell;
use std::collections::VecDeque;

/// Simulated time the worker runs in one slice: the measured speed × the slice's wall time, at
/// least one step, and no further than the time asked (whole steps are rounded, so the slice
/// may end up to half a step short of it, or one step past when less than a step is left).
pub fn slice_ms(speed: f64, slice_wall_ms: f64, left_ms: f64, dt_ms: f64) -> f64 {
    (speed.max(1e-3) * slice_wall_ms).clamp(dt_ms, left_ms.max(dt_ms))
}

/// Whether the batch of a slice of `ms` carries a summary: the batch that reaches the time
/// asked always does (a paused widget then shows the measures of its last moment), the others
/// a few times a second (`every_ms` of wall time since the last one).
pub fn summary_due(ms: f64, left_ms: f64, dt_ms: f64, since_last_ms: f64, every_ms: f64) -> bool {
    ms >= left_ms - 0.5 * dt_ms || since_last_ms >= every_ms
}

/// Whether a run at `t_ms` has reached `target_ms`: the worker runs until it has (and its batch
/// there carries the summary), and the mirror has too only when it holds that batch. A step's
/// tolerance would stop a model that counts trials one trial short, showing an older summary's
/// measures; rounding is tolerated (20 000 steps of 0.1 ms sum to 1999.9999999993 ms), or the
/// worker would run a step past the window.
pub fn caught_up(t_ms: f64, target_ms: f64) -> bool {
    t_ms >= target_ms - 1e-9 * target_ms.abs().max(1.0)
}

/// How far a catching-up mirror takes the worker's batches: the worker's last batch may end up
/// to a step past the time asked (whole steps), and is taken whole, with its summary.
pub fn catch_up_until(target_ms: f64, dt_ms: f64) -> f64 {
    target_ms + dt_ms
}

/// Applies the queued batches of `epoch` (older epochs are dropped) that end by `until_ms`; a
/// batch that runs past it is split at `until_ms` and its rest, with its summary, waits.
/// Returns the simulated ms covered, or the worker's failure.
pub fn take_batches(
    queue: &mut VecDeque<Batch>,
    epoch: u32,
    mirror: &mut Simulation,
    state: &RefCell<MirrorState>,
    until_ms: f64,
) -> Result<f64, String> {
    let mut covered = 0.0;
    loop {
        while queue.front().is_some_and(|b| b.epoch != epoch) {
            queue.pop_front();
        }
        let Some(b) = queue.front_mut() else { break };
        if b.t_end > until_ms + 1e-9 {
            // A fast model's worker runs far ahead in one batch: take its part up to the clock,
            // so the run plays smoothly instead of waiting for the batch's end.
            if until_ms > mirror.time_ms() {
                let head = b.split_to(until_ms, mirror.spec().traces.len());
                covered += head.apply(mirror, state);
            }
            break;
        }
        let b = queue.pop_front().unwrap();
        let failed = b.failed.clone();
        covered += b.apply(mirror, state);
        if let Some(f) = failed {
            return Err(f);
        }
    }
    Ok(covered)
}

#[cfg(test)]
mod tests {
    use super::*;
    use neurolive_core::mirror::{mirror_simulation, BatchSource};
    use neurolive_core::{registry, Params, Retention};

    /// A worker and a page, played out without a browser: the worker runs slices of varying
    /// size (its speed estimate wanders) up to what the page asked, the page applies what has
    /// arrived at each frame, as the widget does while it catches up after a reset or a pause.
    struct Pair {
        source: BatchSource,
        upto_ms: f64,
        since_summary: f64,
        queue: VecDeque<Batch>,
        mirror: Simulation,
        state: std::rc::Rc<RefCell<MirrorState>>,
    }

    impl Pair {
        fn new(id: &str, preset: &str) -> Pair {
            let entry = registry::find(id).unwrap();
            let p = Params::preset(entry.spec, preset).unwrap();
            let window = Retention::Window(entry.spec.window_ms);
            let source = BatchSource::new(Simulation::new(entry, p.clone(), 1, window), 1);
            let (mirror, state) = mirror_simulation(entry, p, 1, window);
            Pair {
                source,
                upto_ms: 0.0,
                since_summary: 0.0,
                queue: VecDeque::new(),
                mirror,
                state,
            }
        }

        /// One slice of the worker at speed `speed` (simulated ms per wall ms), as `live_slice`.
        fn worker_slice(&mut self, speed: f64) {
            let dt = self.source.sim.dt_ms();
            let left = self.upto_ms - self.source.sim.time_ms();
            let ms = slice_ms(speed, 20.0, left, dt);
            let summary = summary_due(ms, left, dt, self.since_summary, 250.0);
            self.since_summary = if summary {
                0.0
            } else {
                self.since_summary + 20.0
            };
            self.queue.push_back(self.source.next_with(ms, summary));
        }

        fn worker_behind(&self) -> bool {
            !caught_up(self.source.sim.time_ms(), self.upto_ms)
        }

        /// The page catching up with `target`, a frame between each of the worker's slices.
        fn catch_up(&mut self, target: f64, speeds: &mut impl Iterator<Item = f64>) {
            self.upto_ms = self.upto_ms.max(target);
            let dt = self.mirror.dt_ms();
            for _ in 0..100_000 {
                if caught_up(self.mirror.time_ms(), target) {
                    return;
                }
                if self.worker_behind() {
                    self.worker_slice(speeds.next().unwrap());
                }
                take_batches(
                    &mut self.queue,
                    1,
                    &mut self.mirror,
                    &self.state,
                    catch_up_until(target, dt),
                )
                .unwrap();
            }
            panic!(
                "{}: the mirror never caught up with {target} (at {})",
                self.mirror.spec().id,
                self.mirror.time_ms()
            );
        }

        /// The measures the page shows against a direct run to the mirror's time.
        fn assert_measures_of_its_time(&self, id: &str, preset: &str) {
            let entry = registry::find(id).unwrap();
            let mut direct = Simulation::new(
                entry,
                Params::preset(entry.spec, preset).unwrap(),
                1,
                Retention::Window(entry.spec.window_ms),
            );
            direct
                .advance_steps(direct.steps_for(self.mirror.time_ms()))
                .unwrap();
            assert_eq!(direct.time_ms(), self.mirror.time_ms());
            for m in entry.spec.measures {
                let (shown, expected) = (self.mirror.measure(m.name), direct.measure(m.name));
                assert!(
                    shown == expected
                        || shown
                            .zip(expected)
                            .is_some_and(|(a, b)| (a - b).abs() <= 1e-12 * b.abs().max(1.0)),
                    "{id} at t = {}: {} shown {shown:?}, direct run {expected:?}",
                    self.mirror.time_ms(),
                    m.name
                );
            }
        }
    }

    /// Speeds that make slices end anywhere, a step before the end included.
    fn wandering_speeds(seed: u64) -> impl Iterator<Item = f64> {
        let mut x = seed;
        std::iter::from_fn(move || {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            Some([0.01, 0.05, 0.37, 1.0, 2.9, 13.0][(x >> 33) as usize % 6])
        })
    }

    /// The two widgets whose previews stopped a trial short in the browser (Lectures 5 and 7),
    /// and a network in ms: after a preview or a pause, the mirror reaches the time asked and
    /// shows that moment's measures.
    #[test]
    fn a_paused_mirror_reaches_the_time_asked_with_its_measures() {
        for (id, preset) in [
            ("sparse_coding", "gabors"),
            ("sequence_attractors", "miyashita"),
            ("brunel", "AI"),
        ] {
            // Seed 0: a step per slice, so that the mirror passes through every step.
            for seed in 0..4 {
                let mut pair = Pair::new(id, preset);
                let window = pair.mirror.spec().window_ms;
                // Brunel's network and the sparse coder are slow in a debug build: part of a window.
                let target = match id {
                    "brunel" => 30.0,
                    "sparse_coding" => 120.0,
                    _ => window,
                };
                // A preview: asked for the window at once, from a fresh run.
                let mut speeds: Box<dyn Iterator<Item = f64>> = if seed == 0 {
                    Box::new(std::iter::repeat(0.0))
                } else {
                    Box::new(wandering_speeds(seed))
                };
                pair.catch_up(target, &mut speeds);
                // At the window, to rounding: never a step short, nor a step past.
                let t = pair.mirror.time_ms();
                assert!(
                    caught_up(t, target) && t < target + 0.5 * pair.mirror.dt_ms(),
                    "{id}: t = {t} for {target}"
                );
                assert_eq!(
                    pair.mirror.time_ms(),
                    pair.source.sim.time_ms(),
                    "{id}: the mirror holds the worker's last batch"
                );
                pair.assert_measures_of_its_time(id, preset);
                // A step further (not a whole number of steps for the network).
                let step = target / 50.0 + 0.03;
                pair.catch_up(
                    pair.mirror.time_ms() + step,
                    &mut wandering_speeds(seed + 10),
                );
                assert_eq!(pair.mirror.time_ms(), pair.source.sim.time_ms());
                pair.assert_measures_of_its_time(id, preset);
            }
        }
    }

    /// The rule that failed: with a step's tolerance, a mirror one trial short counted as
    /// caught up.
    #[test]
    fn one_step_short_is_not_caught_up() {
        assert!(!caught_up(999.0, 1000.0));
        assert!(!caught_up(19.0, 20.0));
        assert!(caught_up(1000.0, 1000.0) && caught_up(1000.1, 1000.0));
        assert!(
            caught_up(1000.0 - 1e-10, 1000.0),
            "float noise in the sum of steps is not a step"
        );
        // The ring's window in the browser: 20 000 steps of 0.1 ms (the worker ran one more).
        assert!(caught_up(1999.9999999992764, 2000.0));
    }
}
