//! The widget's engine: the run the plots draw (a local simulation, or the mirror of one in the
//! background worker), advanced a frame at a time within the frame budget, with its sweeps, its
//! export and what the panels show (status, measures). No DOM here: the time source is passed
//! in, so the native tests step it like the page does (`tests.rs`).

mod jobs;
mod meter;
#[cfg(test)]
mod tests;

pub use jobs::{Export, ExportStatus, SweepProgress};
pub use meter::{Pace, SpeedMeter, MAX_FRAME_GAP_MS};

use crate::plot::SweepState;
use crate::remote::client::Remote;
use crate::remote::pacing;
use neurolive_core::model::{ArenaTool, PlotKind};
use neurolive_core::overlay::OverlayCurves;
use neurolive_core::{ModelEntry, Params, Retention, Simulation};
use std::collections::VecDeque;

/// A clock in ms (`performance.now()` on the page; a test's own clock natively).
pub type Now = fn() -> f64;

/// The run's state as the status line reads it.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct RunStatus {
    /// The run's time, ms (or the model's own units × 1 ms).
    pub t_ms: f64,
    /// Simulated per wall time, smoothed; 0 while paused.
    pub ratio: f64,
    /// Playing slower than the speed asked.
    pub slow: bool,
}

/// One row of the measures panel: label, value as shown ("—" for none yet), unit.
#[derive(Clone, Debug, PartialEq)]
pub struct MeasureRow {
    pub label: String,
    pub value: String,
    pub unit: String,
}

/// What changed since the plots were last queued. Unchanged plots are not redrawn: each
/// redrawn canvas costs the browser a commit.
#[derive(Clone, Copy, Debug, Default)]
pub struct Dirty {
    /// Everything (parameters, a reset, the layout).
    pub all: bool,
    /// The run's time (the plots of the recording).
    pub live: bool,
    /// A sweep's points.
    pub sweep: bool,
    /// For a run in the worker: the summaries (`MirrorState::summaries`) its profile plots have
    /// drawn; they change only when a new one comes, a few times a second.
    pub summaries_drawn: u64,
}

/// What became of a click on an arena.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EditOutcome {
    Done,
    Refused,
    /// Sent to the worker; `Engine::edit_answer` has the answer when it comes.
    Asked,
}

/// Clicks sent to the worker in this epoch, and the answers seen (the mirror counts them).
#[derive(Clone, Copy, Debug, Default)]
pub struct EditCount {
    pub asked: u64,
    pub answered: u64,
    pub refused: u64,
}

/// What the animation frame works on.
pub struct Engine {
    /// The run the plots draw: a local simulation, or the mirror of one running in the
    /// background worker (`remote`), for models declared `offload`.
    pub sim: Simulation,
    pub remote: Option<Remote>,
    /// A paused remote run still filling up to this time (a preview or a step), ms.
    pub catch_up_to: Option<f64>,
    pub sweeps: Vec<SweepState>,
    /// The closed-form overlays of a local model's sweep plots, computed within the frame budget
    /// (`work_overlays`) and kept until the parameters change. A remote run's come with its batches.
    pub overlays: Vec<OverlayCurves>,
    /// The file the export button asked for, while its fresh run computes.
    pub export: Option<Export>,
    pub pace: Pace,
    pub dirty: Dirty,
    /// Plots waiting to be drawn, oldest first, not before `draw_rest_until` (ms).
    pub draw_queue: VecDeque<usize>,
    pub draw_rest_until: f64,
    pub now: Now,
    /// Clicks on an arena in the worker awaiting their answer; the last click (for its message).
    pub edits: EditCount,
    pub last_edit: Option<(usize, usize, ArenaTool)>,
}

impl Engine {
    pub fn new(sim: Simulation, remote: Option<Remote>, now: Now) -> Engine {
        let overlays = match remote {
            None => OverlayCurves::all(sim.spec()),
            Some(_) => Vec::new(),
        };
        Engine {
            sim,
            remote,
            catch_up_to: None,
            overlays,
            sweeps: Vec::new(),
            export: None,
            pace: Pace::default(),
            dirty: Dirty {
                all: true,
                ..Dirty::default()
            },
            draw_queue: VecDeque::new(),
            draw_rest_until: f64::NEG_INFINITY,
            now,
            edits: EditCount::default(),
            last_edit: None,
        }
    }

    /// A run on this thread, keeping the model's plot window.
    pub fn local(entry: &'static ModelEntry, params: Params, seed: u64, now: Now) -> Engine {
        Engine::new(
            Simulation::new(entry, params, seed, Retention::Window(entry.spec.window_ms)),
            None,
            now,
        )
    }

    /// Advances by about `ms` of simulated time within `deadline`; returns the simulated ms done.
    pub fn advance(&mut self, ms: f64, deadline: f64) -> Result<f64, String> {
        if self.remote.is_some() {
            return self.advance_remote(ms);
        }
        let dt = self.sim.dt_ms();
        let owed = ms + self.pace.carry_ms;
        let want = (owed / dt).floor() as u64;
        let mut done = 0u64;
        while done < want {
            let left = deadline - (self.now)();
            if left <= 0.0 {
                break;
            }
            let chunk = self.pace.steps_within(left).clamp(1, want - done);
            let t0 = (self.now)();
            let r = self.sim.advance_steps(chunk);
            self.pace.add_step_cost((self.now)() - t0, chunk);
            done += chunk;
            r.map_err(|e| e.to_string())?;
        }
        // Only carry a fraction of a step: time that the budget could not cover is dropped,
        // and shows as a speed below the one asked for.
        self.pace.carry_ms = if done == want {
            owed - want as f64 * dt
        } else {
            0.0
        };
        self.dirty.live |= done > 0;
        Ok(done as f64 * dt)
    }

    fn advance_remote(&mut self, ms: f64) -> Result<f64, String> {
        let Some(r) = &mut self.remote else {
            return Ok(0.0);
        };
        // Keep the worker about a dozen frames ahead of the clock, and apply what has come.
        let owed = ms + self.pace.carry_ms;
        let target = self.sim.time_ms() + owed;
        r.request(target + (12.0 * ms).max(20.0));
        let done = r.take(&mut self.sim, target)?;
        // Time the worker has not delivered yet is owed, up to a bound: a worker slower than
        // the speed asked shows as a lower speed, never as a backlog.
        self.pace.carry_ms = (owed - done).clamp(0.0, 100.0_f64.max(2.0 * ms));
        self.dirty.live |= done > 0.0;
        Ok(done)
    }

    /// A fresh run from t = 0 with the current parameters and seed.
    pub fn reset(&mut self) {
        self.catch_up_to = None;
        self.pace.forget_step_cost();
        // A new mirror counts the worker's answers afresh.
        self.edits = EditCount::default();
        match &mut self.remote {
            Some(r) => self.sim = r.restart(self.sim.params.clone(), self.sim.seed),
            None => self.sim.reset(),
        }
        self.restart_overlays();
        self.pace.carry_ms = 0.0;
        self.dirty.all = true;
    }

    /// The widget came on screen or left it: a run in the worker is held while it is away, as a
    /// local run is (its clock stops), so hidden widgets do not take the cores.
    pub fn set_shown(&mut self, shown: bool) {
        if let Some(r) = &self.remote {
            r.hold(!shown);
        }
    }

    /// A click on a cell of an editable arena: made (or refused) at once by a local model; sent
    /// to the worker for a remote one, whose answer `edit_answer` picks up.
    pub fn edit_arena(
        &mut self,
        arena: &'static str,
        x: usize,
        y: usize,
        tool: ArenaTool,
    ) -> EditOutcome {
        self.last_edit = Some((x, y, tool));
        if let Some(r) = &self.remote {
            r.edit(arena, x, y, tool);
            self.edits.asked += 1;
            return EditOutcome::Asked;
        }
        if self.sim.edit_arena(arena, x, y, tool) {
            self.dirty.all = true;
            EditOutcome::Done
        } else {
            EditOutcome::Refused
        }
    }

    /// The worker's answer to the last click, once it has come: `Done` or `Refused`.
    pub fn edit_answer(&mut self) -> Option<Result<EditOutcome, String>> {
        let r = self.remote.as_mut()?;
        if self.edits.answered >= self.edits.asked {
            return None;
        }
        // Everything the worker sent up to its answer: a paused worker may have stepped a little
        // past the mirror (whole steps), and the answer comes at the worker's time.
        if let Err(msg) = r.take(&mut self.sim, f64::INFINITY) {
            return Some(Err(msg));
        }
        let st = r.state.borrow();
        if st.edits_answered == self.edits.answered {
            return None;
        }
        let refused = st.edits_refused > self.edits.refused;
        (self.edits.answered, self.edits.refused) = (st.edits_answered, st.edits_refused);
        drop(st);
        self.dirty.all = true;
        Some(Ok(if refused {
            EditOutcome::Refused
        } else {
            EditOutcome::Done
        }))
    }

    /// When paused, a change re-runs the visible window from t = 0 (an instant preview, within
    /// 60 ms here; a worker's run fills in as it comes).
    pub fn preview(&mut self) -> Result<(), String> {
        self.reset();
        let deadline = (self.now)() + 60.0;
        let r = self.run_to(self.sim.spec().window_ms, deadline);
        self.dirty.all = true;
        r
    }

    /// One step of the Step button: a fiftieth of the window.
    pub fn step_once(&mut self) -> Result<(), String> {
        let w = self.sim.spec().window_ms / 50.0;
        let r = self.run_to(self.sim.time_ms() + w, (self.now)() + 200.0);
        self.dirty.all = true;
        r
    }

    /// Applies new parameters; returns whether the run restarted. Sweeps become stale.
    pub fn set_params(&mut self, p: Params) -> bool {
        for s in &mut self.sweeps {
            s.stale = true;
        }
        self.dirty.all = true;
        if self.remote.is_none() {
            let restart = self.sim.set_params(p);
            self.restart_overlays();
            if restart {
                self.pace.forget_step_cost();
            }
            return restart;
        }
        let restart = self.sim.needs_restart(&p);
        self.sim.params = p;
        if restart {
            self.reset();
        } else if let Some(r) = &mut self.remote {
            r.set_params(&self.sim.params);
        }
        restart
    }

    pub fn set_seed(&mut self, s: u64) {
        if self.remote.is_some() {
            self.sim.seed = s;
            self.reset();
        } else {
            self.sim.set_seed(s);
            self.restart_overlays();
        }
    }

    /// Fills a paused run up to `t_ms`: at once for a local run (within `deadline`), as the
    /// worker delivers for a remote one.
    pub fn run_to(&mut self, t_ms: f64, deadline: f64) -> Result<(), String> {
        if let Some(r) = &mut self.remote {
            r.request(t_ms);
            // The worker stops at the furthest time asked, and only its batch there carries the
            // measures: catch up with that (a step asked while still catching up goes on to it).
            self.catch_up_to = Some(r.requested_ms());
            return self.catch_up();
        }
        let ms = t_ms - self.sim.time_ms();
        self.advance(ms, deadline).map(|_| ())
    }

    /// Pausing a run in the worker: it was asked to run a few frames ahead of the clock, and the
    /// batch that ends there carries the measures; the page takes the run up to that point, so
    /// the measures shown while paused belong to the time shown.
    pub fn settle(&mut self) {
        if let Some(r) = &self.remote {
            self.catch_up_to = Some(r.requested_ms());
        }
    }

    /// Applies what the worker has delivered towards `catch_up_to` (the rules: `pacing`).
    pub fn catch_up(&mut self) -> Result<(), String> {
        let (Some(r), Some(t)) = (&mut self.remote, self.catch_up_to) else {
            return Ok(());
        };
        let until = pacing::catch_up_until(t, self.sim.dt_ms());
        let done = r.take(&mut self.sim, until)?;
        self.dirty.live |= done > 0.0;
        if pacing::caught_up(self.sim.time_ms(), t) {
            self.catch_up_to = None;
        }
        Ok(())
    }

    /// Play or pause: the speed is measured afresh and the plots redrawn.
    pub fn set_playing(&mut self, on: bool) {
        self.pace.restart();
        self.dirty.all = true;
        if !on {
            self.settle();
        }
    }

    /// The status line: time, measured speed while playing, and whether it is below `asked`.
    pub fn status(&self, playing: bool, asked: f64) -> RunStatus {
        let m = &self.pace.meter;
        RunStatus {
            t_ms: self.sim.time_ms(),
            ratio: if playing { m.ratio } else { 0.0 },
            slow: playing && m.primed && m.ratio < 0.9 * asked,
        }
    }

    /// The measures panel's rows, in declaration order.
    pub fn measures(&self) -> Vec<MeasureRow> {
        let spec = self.sim.spec();
        spec.measures
            .iter()
            .map(|m| MeasureRow {
                label: m.label.to_string(),
                value: format_value(self.sim.measure(m.name)),
                unit: m.unit.to_string(),
            })
            .collect()
    }

    /// Queues the plots whose data changed (those already waiting keep their place) and clears
    /// the change flags. `shown` is how many canvases there are.
    pub fn queue_due_plots(&mut self, shown: usize) {
        let summaries = self.remote.as_ref().map(|r| r.state.borrow().summaries());
        let new_summary = summaries.is_some_and(|n| n != self.dirty.summaries_drawn);
        let d = self.dirty;
        for (i, p) in self.sim.spec().plots.iter().enumerate().take(shown) {
            let due = d.all
                || match p.kind {
                    PlotKind::Sweep { .. } => d.sweep,
                    // A worker's profiles come with its summaries; a local model's change every step.
                    PlotKind::Profile { .. } | PlotKind::Scatter { .. } if summaries.is_some() => {
                        new_summary
                    }
                    _ => d.live,
                };
            if due && !self.draw_queue.contains(&i) {
                self.draw_queue.push_back(i);
            }
        }
        self.dirty = Dirty {
            summaries_drawn: summaries.unwrap_or(d.summaries_drawn),
            ..Dirty::default()
        };
    }

    /// The overlays are computed afresh for new parameters (or a new model after a reset).
    fn restart_overlays(&mut self) {
        self.overlays.iter_mut().for_each(OverlayCurves::restart);
    }

    /// Whether the animation clock should keep running after this frame.
    pub fn busy(&self, playing: bool, sweeping: bool) -> bool {
        let d = self.dirty;
        (playing && self.sim.failed.is_none())
            || sweeping
            || self.catch_up_to.is_some()
            || self.edits.answered < self.edits.asked
            || self.export.is_some()
            || !self.draw_queue.is_empty()
            || d.all
            || d.live
            || d.sweep
            || self.overlays.iter().any(|c| !c.done())
    }
}

/// A measure as the panel shows it: "—" before there is one, then 3 significant digits or so.
pub fn format_value(v: Option<f64>) -> String {
    match v {
        None => "—".to_string(),
        Some(v) if v == 0.0 => "0".to_string(),
        Some(v) if v.abs() >= 1e6 || v.abs() < 1e-3 => format!("{v:.2e}"),
        Some(v) if v.abs() >= 1000.0 => format!("{v:.0}"),
        Some(v) if v.abs() < 0.01 => format!("{v:.5}"),
        Some(v) if v.abs() >= 100.0 => format!("{v:.1}"),
        Some(v) => format!("{v:.3}"),
    }
}
