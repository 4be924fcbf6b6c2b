//! What the controls do: each action changes the engine and the signals together, then wakes
//! the animation clock. The components call these; none of them touches the engine otherwise.

use super::context::WidgetContext;
use super::engine::{EditOutcome, Engine};
use super::presenter;
use leptos::prelude::*;
use neurolive_core::export::ExportFile;
use neurolive_core::model::{ArenaTool, PlotKind};
use neurolive_core::Params;

impl WidgetContext {
    /// A preview of the visible window from t = 0 (see `Engine::preview`).
    fn preview(&self, e: &mut Engine) {
        if let Err(msg) = e.preview() {
            self.failure.set(Some(msg));
        }
    }

    /// When paused, a change re-runs the visible window from t = 0 (an instant preview); when
    /// playing, it applies live to the running state.
    pub fn apply(&self, p: Params) {
        self.with_engine(|e| {
            self.values.set(p.values().to_vec());
            let restarted = e.set_params(p);
            if !self.running.get_untracked() || restarted {
                self.failure.set(None);
                self.preview(e);
            }
        });
        self.wake();
    }

    /// A slider's value for parameter `i`, through the core's one validation.
    pub fn set_value(&self, i: usize, v: f64) {
        let mut p = self.with_engine(|e| e.sim.params.clone());
        match p.set(self.spec.params[i].name, v) {
            Ok(()) => {
                self.field_errors.update(|f| f[i] = None);
                self.apply(p);
            }
            Err(e) => self.field_errors.update(|f| f[i] = Some(e.to_string())),
        }
    }

    /// A typed value (or a choice's index) for parameter `i`.
    pub fn set_text(&self, i: usize, text: String) {
        let mut p = self.with_engine(|e| e.sim.params.clone());
        match p.set_text(self.spec.params[i].name, &text) {
            Ok(()) => {
                self.field_errors.update(|f| f[i] = None);
                self.apply(p);
            }
            Err(e) => {
                self.field_errors.update(|f| f[i] = Some(e.to_string()));
                // Show the value in use again, not the refused text.
                self.values.update(|_| {});
            }
        }
    }

    pub fn play(&self, on: bool) {
        self.running.set(on);
        self.with_engine(|e| e.set_playing(on));
        self.wake();
    }

    pub fn reset(&self) {
        self.failure.set(None);
        self.with_engine(|e| {
            e.reset();
            if !self.running.get_untracked() {
                self.preview(e);
            }
            // The status follows at once, with the count of resets (`data-resets`): what the
            // page shows after a reset never mixes the old run's time with the new run.
            self.status.set(e.status(false, 0.0));
        });
        self.resets.update(|n| *n += 1);
        self.wake();
    }

    pub fn step_once(&self) {
        self.running.set(false);
        self.with_engine(|e| {
            if let Err(msg) = e.step_once() {
                self.failure.set(Some(msg));
            }
        });
        self.wake();
    }

    /// A click on cell (x, y) of arena `arena`: the model changes its world and keeps learning
    /// in it (a reset relearns in the edited world); a refused cell says why it cannot change.
    pub fn edit_arena(&self, arena: &'static str, x: usize, y: usize, tool: ArenaTool) {
        let outcome = self.with_engine(|e| e.edit_arena(arena, x, y, tool));
        self.show_edit(outcome, (x, y, tool));
        self.wake();
    }

    /// What a click did, for the student: nothing to say when it worked, why when it did not.
    pub fn show_edit(&self, outcome: EditOutcome, (x, y, tool): (usize, usize, ArenaTool)) {
        match outcome {
            EditOutcome::Done => self.notice.set(None),
            EditOutcome::Refused => {
                let what = if tool == ArenaTool::MoveGoal {
                    "The goal cannot go"
                } else {
                    "No wall can go"
                };
                self.notice.set(Some(format!(
                    "{what} on column {}, row {}: the start, the goal, the agent and cliffs stay, and a wall may not cut the start off from the goal.",
                    x + 1,
                    y + 1
                )));
            }
            EditOutcome::Asked => {}
        }
    }

    pub fn set_speed(&self, v: f64) {
        self.speed.set(v);
        self.with_engine(|e| e.pace.meter = Default::default());
    }

    pub fn choose_preset(&self, name: String) {
        if name.is_empty() {
            return;
        }
        match Params::preset(self.spec, &name) {
            Ok(p) => {
                self.preset.set(Some(name));
                self.field_errors.set(vec![None; self.spec.params.len()]);
                self.failure.set(None);
                self.apply(p);
                // A preset is a fresh start, even while playing.
                if self.running.get_untracked() {
                    self.with_engine(|e| e.reset());
                }
            }
            Err(e) => self.notice.set(Some(e.to_string())),
        }
    }

    /// The next (`step` = 1) or previous (−1) preset: a teacher walks a class through the regimes.
    pub fn step_preset(&self, step: i64) {
        let presets = self.spec.presets;
        let n = presets.len() as i64;
        let at = self
            .preset
            .get_untracked()
            .and_then(|p| presets.iter().position(|q| q.name == p))
            .map(|i| i as i64);
        let next = match at {
            Some(i) => (i + step).rem_euclid(n),
            None if step > 0 => 0,
            None => n - 1,
        };
        self.choose_preset(presets[next as usize].name.to_string());
    }

    pub fn set_seed(&self, s: u64) {
        self.seed.set(s);
        self.with_engine(|e| {
            e.set_seed(s);
            self.failure.set(None);
            if !self.running.get_untracked() {
                self.preview(e);
            }
        });
        self.wake();
    }

    /// A typed seed: a whole number, or a notice.
    pub fn set_seed_text(&self, text: String) {
        match text.trim().parse::<u64>() {
            Ok(s) => {
                self.notice.set(None);
                self.set_seed(s)
            }
            Err(_) => self.notice.set(Some(format!(
                "seed: '{text}' is not a whole number from 0 to {}",
                u64::MAX
            ))),
        }
    }

    /// (Re)computes the sweep of plot `plot` with the current parameters.
    pub fn start_sweep(&self, plot: usize) {
        if let Err(msg) = self.with_engine(|e| e.start_sweep(plot)) {
            self.plot_errors.set(Some(msg));
        }
        self.wake();
    }

    /// The lesson's hidden plots, shown or hidden again; a sweep shown for the first time starts.
    pub fn show_all_plots(&self, on: bool) {
        self.all_plots.set(on);
        if on {
            for (i, p) in self.spec.plots.iter().enumerate() {
                if matches!(p.kind, PlotKind::Sweep { .. }) && !self.with_engine(|e| e.has_sweep(i))
                {
                    self.start_sweep(i);
                }
            }
        }
        self.redraw();
    }

    /// Redraws every plot (the layout or the look changed).
    pub fn redraw(&self) {
        self.with_engine(|e| e.dirty.all = true);
        self.wake();
    }

    /// The first time the widget is scrolled into view: a preview of one window, its shown
    /// sweeps, and autoplay if asked.
    pub fn first_show(&self, autoplay: bool) {
        self.with_engine(|e| self.preview(e));
        for (i, p) in self.spec.plots.iter().enumerate() {
            if matches!(p.kind, PlotKind::Sweep { .. }) && self.plot_shown(p.id) {
                self.start_sweep(i);
            }
        }
        if autoplay {
            self.play(true);
        }
        self.first_shown.set(true);
    }

    /// Export: a fresh run from t = 0, exactly what `neurolive run` writes, computed over several
    /// frames (or in the worker) and downloaded when done.
    pub fn export_file(&self, file: ExportFile) {
        self.with_engine(|e| e.start_export(file));
        self.exporting.set(self.with_engine(|e| e.export_status()));
        self.wake();
    }

    /// A script for another engine (NEST, PyNN, Brian2) with the current values, seed and the
    /// export's duration: the text `neurolive export` writes for the same state, downloaded at once.
    pub fn export_script(&self, target: neurolive_core::engine_script::Target) {
        use neurolive_core::engine_script::{script, Request};
        let params = self.with_engine(|e| e.sim.params.clone());
        let req = Request {
            entry: self.entry,
            params: &params,
            seed: self.seed.get_untracked(),
            duration_ms: self.spec.default_duration_ms,
        };
        let result = script(&req, target)
            .map_err(|e| e.to_string())
            .and_then(|text| {
                super::download::download_text(
                    &target.file_name(self.spec.id),
                    "text/x-python",
                    &text,
                )
            });
        if let Err(err) = result {
            self.notice.set(Some(format!("export failed: {err}")));
        }
    }

    /// The widget's keys (not while typing in a field): space plays or pauses, r resets, p
    /// toggles presenter mode; arrow keys and a presentation clicker's PageUp/PageDown step
    /// through the presets.
    pub fn on_key(&self, ev: web_sys::KeyboardEvent) {
        let tag = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .map(|e| e.tag_name());
        if matches!(tag.as_deref(), Some("INPUT" | "SELECT" | "TEXTAREA")) {
            return;
        }
        let step = match ev.key().as_str() {
            " " => {
                ev.prevent_default();
                self.play(!self.running.get_untracked());
                0
            }
            "r" | "R" => {
                self.reset();
                0
            }
            "p" | "P" => {
                presenter::toggle();
                0
            }
            "ArrowRight" | "ArrowDown" | "PageDown" => 1,
            "ArrowLeft" | "ArrowUp" | "PageUp" => -1,
            _ => 0,
        };
        if step != 0 && !self.spec.presets.is_empty() {
            ev.prevent_default();
            self.step_preset(step);
        }
    }
}
