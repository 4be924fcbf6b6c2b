//! The engine's background jobs: sweep plots (a measure against a parameter, a slice per frame
//! or in the worker) and exports (a fresh run from t = 0 written as a file).

use super::Engine;
use crate::plot::SweepState;
use neurolive_core::export::{ExportFile, ExportRun};

/// An export in progress: a fresh run computed a slice per frame here, or by the worker for a
/// model declared `offload` (Brunel's network took the page ~2 s, frozen, when done at once).
pub struct Export {
    pub file: ExportFile,
    local: Option<ExportRun>,
    /// The worker's number for it.
    remote: Option<u32>,
    progress: f64,
}

/// The file being exported and how far its run is, for the export panel.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ExportStatus {
    pub file: &'static str,
    /// 0 to 1.
    pub progress: f64,
}

/// A sweep plot's points so far, for its figure's counter and text summary.
#[derive(Clone, Debug, PartialEq)]
pub struct SweepProgress {
    pub plot: usize,
    /// (parameter, measure) points computed so far.
    pub points: Vec<(f64, Option<f64>)>,
    /// Points in all.
    pub total: usize,
}

impl Engine {
    /// Starts computing file `file` of a fresh run (replacing an export in progress).
    pub fn start_export(&mut self, file: ExportFile) {
        let ms = self.sim.spec().default_duration_ms;
        self.export = Some(match &mut self.remote {
            Some(r) => Export {
                file,
                local: None,
                remote: Some(r.start_export(&self.sim, file.name(), ms)),
                progress: 0.0,
            },
            None => {
                let run =
                    ExportRun::new(self.sim.entry, self.sim.params.clone(), self.sim.seed, ms);
                Export {
                    file,
                    local: Some(run),
                    remote: None,
                    progress: 0.0,
                }
            }
        });
    }

    /// Works on the export until `deadline`; the file and its text once it is done.
    pub fn work_export(&mut self, deadline: f64) -> Option<(ExportFile, String)> {
        let now = self.now;
        let x = self.export.as_mut()?;
        let text = if let Some(run) = &mut x.local {
            while !run.done() && now() < deadline {
                let steps = self
                    .pace
                    .steps_within(deadline - now())
                    .clamp(64, 1_000_000);
                run.work(steps);
            }
            x.progress = run.progress();
            run.done().then(|| run.text(x.file))
        } else {
            let u = self
                .remote
                .as_ref()
                .zip(x.remote)
                .and_then(|(r, epoch)| r.poll_export(epoch))?;
            x.progress = u.progress;
            u.text
        };
        let file = x.file;
        text.map(|t| {
            self.export = None;
            (file, t)
        })
    }

    /// The export in progress, if any.
    pub fn export_status(&self) -> Option<ExportStatus> {
        self.export.as_ref().map(|x| ExportStatus {
            file: x.file.name(),
            progress: x.progress,
        })
    }

    /// (Re)starts the sweep of plot `plot` with the current parameters.
    pub fn start_sweep(&mut self, plot: usize) -> Result<(), String> {
        self.sweeps.retain(|s| s.plot != plot);
        self.dirty.all = true;
        let mut s = SweepState::start(plot, &self.sim)?;
        // An offloaded model's sweep builds a full network per point: its worker does it,
        // between the live run's slices.
        if let Some(r) = &mut self.remote {
            s.remote = Some(r.start_sweep(&self.sim, plot));
        }
        self.sweeps.push(s);
        Ok(())
    }

    pub fn has_sweep(&self, plot: usize) -> bool {
        self.sweeps.iter().any(|s| s.plot == plot)
    }

    /// Computes the overlays not yet done until `deadline` (at least a point a frame, so that a
    /// run using the whole frame cannot starve them); a finished plot's curves are drawn.
    /// Returns whether any remains.
    pub fn work_overlays(&mut self, deadline: f64) -> bool {
        let now = self.now;
        let mut active = false;
        for c in self.overlays.iter_mut().filter(|c| !c.done()) {
            let done = c.work(self.sim.model(), || now() < deadline);
            self.dirty.sweep |= done;
            active |= !done;
        }
        active
    }

    /// Works on unfinished sweeps until `deadline`; returns whether any remains.
    pub fn work_sweeps(&mut self, deadline: f64) -> bool {
        let now = self.now;
        let mut active = false;
        for s in &mut self.sweeps {
            let before = s.sweep.points.len();
            if s.remote.is_some() {
                active |= s.pending(self.remote.as_ref());
                self.dirty.sweep |= s.sweep.points.len() != before || s.remote.is_none();
                continue;
            }
            while !s.sweep.done() && now() < deadline {
                // Slices sized by the sweep's own measured cost per step (a few steps to start
                // with), so that a costly point cannot overrun the frame.
                let t0 = now();
                let steps = if s.step_cost_ms > 0.0 {
                    ((deadline - t0) / s.step_cost_ms).clamp(1.0, 1e6) as u64
                } else {
                    4
                };
                let point = s.sweep.points.len();
                s.sweep.work(steps);
                // A browser's clock ticks in 0.1 ms: a slice timed at less than 0.2 ms counts as
                // 0.2 ms, so a coarse reading can only slow the growth of the slices, not blow it up.
                // A new point (`work` stops at its start) is measured afresh: its steps may cost
                // far more than the last point's.
                s.step_cost_ms = if s.sweep.points.len() != point {
                    0.0
                } else {
                    (now() - t0).max(0.2) / steps as f64
                };
            }
            self.dirty.sweep |= s.sweep.points.len() != before || s.sweep.done();
            active |= !s.sweep.done();
        }
        active
    }

    /// Each sweep's points so far.
    pub fn sweep_progress(&self) -> Vec<SweepProgress> {
        self.sweeps
            .iter()
            .map(|s| SweepProgress {
                plot: s.plot,
                points: s.sweep.points.clone(),
                total: s.sweep.values.len(),
            })
            .collect()
    }
}
