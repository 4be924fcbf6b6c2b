//! The one generic simulation widget. Everything it shows comes from the model's declaration:
//! controls from `params`, the preset menu from `presets`, canvases from `plots`, the measures
//! panel from `measures`. Adding a model never touches this file.

mod bench;
pub mod clock;
pub mod presenter;
pub mod controls;
pub mod download;
pub mod share;

use crate::shared::sim_block::SimBlock;
use crate::plot::{self, Look, PlotData, SweepState};
use crate::shared::route::{to_hash, Route};
use clock::{Clock, SpeedMeter, MAX_FRAME_GAP_MS};
use controls::ParamControl;
use leptos::html::Canvas;
use leptos::prelude::*;
use crate::remote::client::Remote;
use neurolive_core::model::{ModelSpec, PlotKind};
use neurolive_core::export::{ExportFile, ExportRun};
use neurolive_core::{registry, Params, Retention, Simulation};
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Simulation speeds offered, as simulated time per wall-clock time.
const SPEEDS: &[f64] = &[0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0];
/// Speeds offered to a model that counts trials (epochs…), as units per wall-clock ms (shown
/// per second: 1 to 20 000 trials/s).
const COUNT_SPEEDS: &[f64] = &[0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0];

/// The speeds a model's clock offers.
fn speeds(spec: &ModelSpec) -> &'static [f64] {
    if spec.clock.counts() { COUNT_SPEEDS } else { SPEEDS }
}

/// The default speed lets the window scroll by in about two seconds.
fn default_speed(spec: &ModelSpec) -> f64 {
    let want = spec.window_ms / 2000.0;
    *speeds(spec).iter().min_by(|a, b| (*a / want).ln().abs().total_cmp(&(*b / want).ln().abs())).unwrap()
}

/// A speed as the student reads it: "2×" real time, or "40 trials/s".
fn speed_text(spec: &ModelSpec, s: f64) -> String {
    if spec.clock.counts() {
        let per_s = 1000.0 * s;
        let n = if per_s >= 10.0 { format!("{per_s:.0}") } else if per_s >= 1.0 { format!("{per_s:.1}") } else { format!("{per_s:.2}") };
        format!("{n} {}/s", spec.clock.plural())
    } else {
        format!("{s}×")
    }
}

/// An export in progress: a fresh run computed a slice per frame here, or by the worker for a
/// model declared `offload` (Brunel's network took the page ~2 s, frozen, when done at once).
struct Export {
    file: ExportFile,
    local: Option<ExportRun>,
    /// The worker's number for it.
    remote: Option<u32>,
    progress: f64,
}

/// What the animation frame works on.
struct Engine {
    /// The run the plots draw: a local simulation, or the mirror of one running in the
    /// background worker (`remote`), for models declared `offload`.
    sim: Simulation,
    remote: Option<Remote>,
    /// A paused remote run still filling up to this time (a preview or a step), ms.
    catch_up_to: Option<f64>,
    /// Plots waiting to be drawn (see `draw_some`), not before `draw_rest_until` (ms).
    draw_queue: std::collections::VecDeque<usize>,
    draw_rest_until: f64,
    sweeps: Vec<SweepState>,
    /// The file the export button asked for, while its fresh run computes.
    export: Option<Export>,
    last_frame: Option<f64>,
    /// Estimated cost of one step, ms (adapts the chunk size to the budget).
    step_cost_ms: f64,
    /// Simulated time owed to the clock that a whole step did not cover yet, ms.
    carry_ms: f64,
    meter: SpeedMeter,
    last_ui_update: f64,
    /// What changed since the plots were last queued: everything (parameters, a reset, the
    /// layout), or only the run's time (the plots of the recording), or a sweep's points.
    /// Unchanged plots are not redrawn: each redrawn canvas costs the browser a commit.
    needs_draw: bool,
    live_dirty: bool,
    sweep_dirty: bool,
    /// For a run in the worker: the summaries (`MirrorState::summaries`) its profile plots
    /// have drawn; they change only when a new one comes, a few times a second.
    summaries_drawn: u64,
}

impl Engine {
    /// Advances by about `ms` of simulated time within `deadline`; returns the simulated ms done.
    fn advance(&mut self, ms: f64, deadline: f64) -> Result<f64, String> {
        if let Some(r) = &mut self.remote {
            // Keep the worker about a dozen frames ahead of the clock, and apply what has come.
            let owed = ms + self.carry_ms;
            let target = self.sim.time_ms() + owed;
            r.request(target + (12.0 * ms).max(20.0));
            let done = r.take(&mut self.sim, target)?;
            // Time the worker has not delivered yet is owed, up to a bound: a worker slower
            // than the speed asked shows as a lower speed, never as a backlog.
            self.carry_ms = (owed - done).clamp(0.0, 100.0_f64.max(2.0 * ms));
            self.live_dirty |= done > 0.0;
            return Ok(done);
        }
        let dt = self.sim.dt_ms();
        let owed = ms + self.carry_ms;
        let want = (owed / dt).floor() as u64;
        let mut done = 0u64;
        while done < want {
            let left = deadline - clock::now_ms();
            if left <= 0.0 {
                break;
            }
            let chunk = ((left / self.step_cost_ms) as u64).clamp(1, want - done);
            let t0 = clock::now_ms();
            let r = self.sim.advance_steps(chunk);
            let spent = clock::now_ms() - t0;
            if spent > 0.0 {
                self.step_cost_ms = 0.7 * self.step_cost_ms + 0.3 * (spent / chunk as f64).max(1e-6);
            }
            done += chunk;
            r.map_err(|e| e.to_string())?;
        }
        // Only carry a fraction of a step: time that the budget could not cover is dropped,
        // and shows as a speed below the one asked for.
        self.carry_ms = if done == want { owed - want as f64 * dt } else { 0.0 };
        self.live_dirty |= done > 0;
        Ok(done as f64 * dt)
    }

    /// A fresh run from t = 0 with the current parameters and seed.
    fn reset(&mut self) {
        self.catch_up_to = None;
        match &mut self.remote {
            Some(r) => self.sim = r.restart(self.sim.params.clone(), self.sim.seed),
            None => self.sim.reset(),
        }
    }

    /// Applies new parameters; returns whether the run restarted.
    fn set_params(&mut self, p: Params) -> bool {
        if self.remote.is_none() {
            return self.sim.set_params(p);
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

    fn set_seed(&mut self, s: u64) {
        if self.remote.is_some() {
            self.sim.seed = s;
            self.reset();
        } else {
            self.sim.set_seed(s);
        }
    }

    /// Fills a paused run up to `t_ms`: at once for a local run (within `deadline`), as the
    /// worker delivers for a remote one.
    fn run_to(&mut self, t_ms: f64, deadline: f64) -> Result<(), String> {
        if let Some(r) = &mut self.remote {
            r.request(t_ms);
            self.catch_up_to = Some(t_ms);
            return self.catch_up();
        }
        let ms = t_ms - self.sim.time_ms();
        self.advance(ms, deadline).map(|_| ())
    }

    /// Pausing a run in the worker: it was asked to run a few frames ahead of the clock, and the
    /// batch that ends there carries the measures; the page takes the run up to that point, so
    /// the measures shown while paused belong to the time shown.
    fn settle(&mut self) {
        if let Some(r) = &self.remote {
            self.catch_up_to = Some(r.requested_ms());
        }
    }

    /// Applies what the worker has delivered towards `catch_up_to`.
    fn catch_up(&mut self) -> Result<(), String> {
        let (Some(r), Some(t)) = (&mut self.remote, self.catch_up_to) else { return Ok(()) };
        let done = r.take(&mut self.sim, t)?;
        self.live_dirty |= done > 0.0;
        if self.sim.time_ms() >= t - self.sim.dt_ms() {
            self.catch_up_to = None;
        }
        Ok(())
    }

    /// Starts computing file `file` of a fresh run (replacing an export in progress).
    fn start_export(&mut self, file: ExportFile) {
        let ms = self.sim.spec().default_duration_ms;
        self.export = Some(match &mut self.remote {
            Some(r) => Export { file, local: None, remote: Some(r.start_export(&self.sim, file.name(), ms)), progress: 0.0 },
            None => {
                let run = ExportRun::new(self.sim.entry, self.sim.params.clone(), self.sim.seed, ms);
                Export { file, local: Some(run), remote: None, progress: 0.0 }
            }
        });
    }

    /// Works on the export until `deadline`; the file and its text once it is done.
    fn work_export(&mut self, deadline: f64) -> Option<(ExportFile, String)> {
        let x = self.export.as_mut()?;
        let text = if let Some(run) = &mut x.local {
            while !run.done() && clock::now_ms() < deadline {
                let steps = ((deadline - clock::now_ms()) / self.step_cost_ms).clamp(64.0, 1e6) as u64;
                run.work(steps);
            }
            x.progress = run.progress();
            run.done().then(|| run.text(x.file))
        } else {
            let u = self.remote.as_ref().zip(x.remote).and_then(|(r, epoch)| r.poll_export(epoch))?;
            x.progress = u.progress;
            u.text
        };
        let file = x.file;
        text.map(|t| {
            self.export = None;
            (file, t)
        })
    }

    /// Works on unfinished sweeps until `deadline`; returns whether any remains.
    fn work_sweeps(&mut self, deadline: f64) -> bool {
        let mut active = false;
        for s in &mut self.sweeps {
            if s.remote.is_some() {
                let before = s.sweep.points.len();
                active |= s.pending(self.remote.as_ref());
                self.sweep_dirty |= s.sweep.points.len() != before || s.remote.is_none();
                continue;
            }
            let before = s.sweep.points.len();
            while !s.sweep.done() && clock::now_ms() < deadline {
                let steps = ((deadline - clock::now_ms()) / self.step_cost_ms).clamp(64.0, 1e6) as u64;
                s.sweep.work(steps);
            }
            self.sweep_dirty |= s.sweep.points.len() != before || s.sweep.done();
            active |= !s.sweep.done();
        }
        active
    }
}

fn format_value(v: Option<f64>) -> String {
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

fn prefers_reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-reduced-motion: reduce)").ok().flatten())
        .is_some_and(|m| m.matches())
}

fn device_scale() -> f64 {
    web_sys::window().map(|w| w.device_pixel_ratio()).unwrap_or(1.0).clamp(1.0, 3.0)
}

/// Sizes the canvas's pixel buffer to its CSS box times the device pixel ratio.
fn fit_canvas(c: &web_sys::HtmlCanvasElement, scale: f64) {
    let w = (c.client_width() as f64 * scale).round() as u32;
    let h = (c.client_height() as f64 * scale).round() as u32;
    if w > 0 && h > 0 && (c.width() != w || c.height() != h) {
        c.set_width(w);
        c.set_height(h);
    }
}

/// Time a frame may spend drawing, ms. A widget whose plots cost more (a 12 500-neuron raster
/// and six other plots on a slow laptop) draws them over several frames, in turn, so that no
/// frame runs long and the page keeps answering.
const DRAW_BUDGET_MS: f64 = 8.0;

/// After drawing for `x` ms, a widget waits `DRAW_REST × x` ms before it draws again: drawing
/// takes at most a quarter of the main thread. On a two-core laptop the rest is what the
/// browser's compositor and a background worker's simulation need (Brunel's network in the
/// worker ran 0.45× real time with its seven plots redrawn every frame). Cheap plots are
/// unaffected: they are redrawn every frame all the same.
const DRAW_REST: f64 = 3.0;

/// A widget whose model runs in the background worker redraws at most 25 times a second. Its
/// data comes in 20 ms batches anyway, and each redrawn frame costs the browser a commit and a
/// composite on top of the drawing (about 12 ms a frame in headless Chromium's software
/// compositing, measured with a trace), CPU that the worker's simulation needs on a two-core
/// laptop: 25 frames a second took the main thread from 70 % to 55 % busy and the network
/// from 0.42–0.56× to 0.52–0.60× real time.
const REMOTE_FRAME_MS: f64 = 40.0;

/// Draws pending plots, oldest first, until the draw budget is spent (at least one per frame).
fn draw_some(e: &mut Engine, canvases: &[NodeRef<Canvas>], plot_errors: RwSignal<Option<String>>) {
    if clock::now_ms() < e.draw_rest_until {
        return;
    }
    // The plots whose data changed are due again; those already waiting keep their place.
    let summaries = e.remote.as_ref().map(|r| r.state.borrow().summaries());
    let new_summary = summaries.is_some_and(|n| n != e.summaries_drawn);
    for (i, p) in e.sim.spec().plots.iter().enumerate().take(canvases.len()) {
        let due = e.needs_draw
            || match p.kind {
                PlotKind::Sweep { .. } => e.sweep_dirty,
                // A worker's profiles come with its summaries; a local model's change every step.
                PlotKind::Profile { .. } | PlotKind::Scatter { .. } if summaries.is_some() => new_summary,
                _ => e.live_dirty,
            };
        if due && !e.draw_queue.contains(&i) {
            e.draw_queue.push_back(i);
        }
    }
    (e.needs_draw, e.live_dirty, e.sweep_dirty) = (false, false, false);
    if let Some(n) = summaries {
        e.summaries_drawn = n;
    }
    let scale = device_scale();
    let dark = document().body().is_some_and(|b| b.class_list().contains("dark"));
    let look = Look { scale, dark, presenter: presenter::enabled() };
    let t0 = clock::now_ms();
    while let Some(i) = e.draw_queue.pop_front() {
        let (Some(plot), Some(node)) = (e.sim.spec().plots.get(i), canvases.get(i)) else { continue };
        let Some(canvas) = node.get_untracked() else { continue };
        if canvas.client_width() == 0 {
            continue; // hidden (an embed's `plots=` filter) or not laid out yet
        }
        fit_canvas(&canvas, scale);
        let sweep = e.sweeps.iter().find(|s| s.plot == i);
        if let Err(msg) = plot::draw(&canvas, plot, &PlotData { sim: &e.sim, sweep }, look) {
            plot_errors.set(Some(format!("plot {}: {msg}", plot.id)));
        }
        if clock::now_ms() - t0 >= DRAW_BUDGET_MS {
            break;
        }
    }
    let t1 = clock::now_ms();
    let rest = DRAW_REST * (t1 - t0);
    e.draw_rest_until = t1 + if e.remote.is_some() { rest.max(REMOTE_FRAME_MS) } else { rest };
}

/// A live simulation: controls, plots, measures, export and share.
#[component]
pub fn SimWidget(
    block: SimBlock,
    /// The URL's query, when the link points at this widget.
    #[prop(optional)]
    query: Vec<(String, String)>,
    /// The lecture the widget is in (for share links); `None` in an embed.
    #[prop(optional)]
    lecture: Option<u8>,
    /// Embedded in a slide: no lesson around it, controls limited to `show`.
    #[prop(optional)]
    embed: bool,
) -> impl IntoView {
    let Some(entry) = registry::find(&block.id) else {
        return view! {
            <div class="sim sim-missing" role="alert">{format!("Unknown simulation '{}'. Known: {}", block.id, registry::ids().join(", "))}</div>
        }
        .into_any();
    };
    let spec: &'static ModelSpec = entry.spec;
    let start = share::start(spec, block.preset.as_deref(), &block.set, &query);
    let show: Option<Vec<String>> = query
        .iter()
        .find(|(k, _)| k == "show")
        .map(|(_, v)| v.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect());

    // Reactive state shown by the controls.
    let values = RwSignal::new(start.params.values().to_vec());
    let field_errors = RwSignal::new(vec![None::<String>; spec.params.len()]);
    let notice = RwSignal::new((!start.errors.is_empty()).then(|| format!("Some values in the link were refused: {}", start.errors.join("; "))));
    let failure = RwSignal::new(None::<String>);
    let plot_errors = RwSignal::new(None::<String>);
    let running = RwSignal::new(false);
    let speed = RwSignal::new(query.iter().find(|(k, _)| k == "speed").and_then(|(_, v)| v.parse().ok()).unwrap_or_else(|| default_speed(spec)));
    let status = RwSignal::new((0.0f64, 0.0f64, false));
    let resets = RwSignal::new(0u32);
    let measures = RwSignal::new(Vec::<(String, String, String)>::new());
    // The file being exported and how far its run is.
    let exporting = RwSignal::new(None::<(&'static str, f64)>);
    // Each sweep's points so far: on the figure and in its text summary.
    let sweep_progress = RwSignal::new(Vec::<SweepProgress>::new());
    let preset = RwSignal::new(start.preset.map(str::to_string));
    let seed = RwSignal::new(start.seed);
    let share_box = RwSignal::new(None::<(String, String, String)>);
    let visible = Arc::new(AtomicBool::new(false));

    let canvases: Vec<NodeRef<Canvas>> = spec.plots.iter().map(|_| NodeRef::new()).collect();
    // A model declared `offload` runs in the background worker; if the worker cannot start
    // (an old browser, a missing file), it runs here, slower, and says so.
    let (sim, remote) = if spec.offload {
        match Remote::start(entry, start.params.clone(), start.seed) {
            Ok((r, mirror)) => (mirror, Some(r)),
            Err(e) => {
                notice.set(Some(format!("{e}; running on the page instead (slower).")));
                (Simulation::new(entry, start.params.clone(), start.seed, Retention::Window(spec.window_ms)), None)
            }
        }
    } else {
        (Simulation::new(entry, start.params.clone(), start.seed, Retention::Window(spec.window_ms)), None)
    };
    let offloaded = remote.is_some();
    let engine = Rc::new(RefCell::new(Engine {
        sim,
        remote,
        catch_up_to: None,
        draw_queue: Default::default(),
        draw_rest_until: f64::NEG_INFINITY,
        sweeps: Vec::new(),
        export: None,
        last_frame: None,
        step_cost_ms: 0.001,
        carry_ms: 0.0,
        meter: SpeedMeter::default(),
        last_ui_update: f64::NEG_INFINITY,
        needs_draw: true,
        live_dirty: false,
        sweep_dirty: false,
        summaries_drawn: 0,
    }));

    let update_ui = move |e: &mut Engine, now: f64, force: bool| {
        if !force && now - e.last_ui_update < 200.0 {
            return;
        }
        e.last_ui_update = now;
        let asked = speed.get_untracked();
        let slow = running.get_untracked() && e.meter.primed && e.meter.ratio < 0.9 * asked;
        status.set((e.sim.time_ms(), if running.get_untracked() { e.meter.ratio } else { 0.0 }, slow));
        measures.set(
            spec.measures
                .iter()
                .map(|m| (m.label.to_string(), format_value(e.sim.measure(m.name)), m.unit.to_string()))
                .collect(),
        );
        let progress: Vec<SweepProgress> = e.sweeps.iter().map(|s| (s.plot, s.sweep.points.clone(), s.sweep.values.len())).collect();
        if sweep_progress.with_untracked(|p| *p != progress) {
            sweep_progress.set(progress);
        }
    };

    // The animation frame: advance within the budget, run sweeps, draw, update the text.
    let frame = {
        let engine = engine.clone();
        let canvases = canvases.clone();
        let visible = visible.clone();
        move |now: f64| -> bool {
            let mut e = engine.borrow_mut();
            let wall = e.last_frame.map_or(0.0, |l| (now - l).clamp(0.0, MAX_FRAME_GAP_MS));
            e.last_frame = Some(now);
            // Off screen, nothing runs (the clock is woken when the widget comes back).
            if !visible.load(Ordering::Relaxed) {
                e.last_frame = None;
                return false;
            }
            let deadline = clock::frame_deadline(now);
            let playing = running.get_untracked() && e.sim.failed.is_none();
            if playing {
                match e.advance(wall * speed.get_untracked(), deadline) {
                    Ok(done) => e.meter.add(done, wall),
                    Err(msg) => {
                        running.set(false);
                        failure.set(Some(msg));
                        e.needs_draw = true;
                    }
                }
            }
            if !playing {
                if let Err(msg) = e.catch_up() {
                    failure.set(Some(msg));
                    e.catch_up_to = None;
                }
            }
            let catching_up = e.catch_up_to.is_some();
            if let Some((file, text)) = e.work_export(deadline) {
                if let Err(err) = download::download_text(&format!("{}-{}", spec.id, file.name()), file.mime(), &text) {
                    notice.set(Some(format!("export failed: {err}")));
                }
            }
            let export_progress = e.export.as_ref().map(|x| (x.file.name(), x.progress));
            if exporting.get_untracked() != export_progress {
                exporting.set(export_progress);
            }
            let sweeping = e.work_sweeps(deadline);
            draw_some(&mut e, &canvases, plot_errors);
            update_ui(&mut e, now, !playing);
            let go_on = (running.get_untracked() && e.sim.failed.is_none()) || sweeping || catching_up || e.export.is_some() || !e.draw_queue.is_empty() || e.needs_draw || e.live_dirty || e.sweep_dirty;
            if !go_on {
                e.last_frame = None;
            }
            go_on
        }
    };
    let clock = StoredValue::new_local(Clock::new(frame));
    let raf = clock.with_value(|c| c.cancel_handle());
    let alive_flag = visible.clone();
    on_cleanup(move || {
        alive_flag.store(false, Ordering::Relaxed);
        clock::cancel_frame(&raf);
    });
    let engine = StoredValue::new_local(engine);
    let wake = move || clock.with_value(|c| c.wake());
    engine.with_value(|e| {
        if let Some(r) = &e.borrow().remote {
            r.on_batch(Rc::new(move || wake()));
        }
    });
    let with_engine = move |f: &mut dyn FnMut(&mut Engine)| engine.with_value(|e| f(&mut e.borrow_mut()));
    // Presenter mode changes fonts and line widths: redraw once the layout has settled.
    Effect::new(move |prev: Option<bool>| {
        let on = presenter::signal().get();
        if prev.is_some_and(|p| p != on) {
            with_engine(&mut |e| e.needs_draw = true);
            wake();
        }
        on
    });

    // A run that has failed is stopped, whichever path found the failure (a step, a preview, the
    // worker's message), so the play button never claims a run that is not going on.
    Effect::new(move |_| {
        if failure.with(Option::is_some) {
            running.set(false);
        }
    });

    // When paused, a change re-runs the visible window from t = 0 (an instant preview);
    // when playing, it applies live to the running state.
    let preview = move |e: &mut Engine| {
        e.reset();
        e.carry_ms = 0.0;
        let deadline = clock::now_ms() + 60.0;
        let w = e.sim.spec().window_ms;
        if let Err(msg) = e.run_to(w, deadline) {
            failure.set(Some(msg));
        }
        e.needs_draw = true;
    };
    let apply = move |p: Params| {
        with_engine(&mut |e| {
            values.set(p.values().to_vec());
            let restarted = e.set_params(p.clone());
            for s in &mut e.sweeps {
                s.stale = true;
            }
            if !running.get_untracked() || restarted {
                failure.set(None);
                preview(e);
            }
            e.needs_draw = true;
        });
        wake();
    };
    let set_value = move |i: usize, v: f64| {
        let p = engine.with_value(|e| e.borrow().sim.params.clone());
        let mut p = p;
        match p.set(spec.params[i].name, v) {
            Ok(()) => {
                field_errors.update(|f| f[i] = None);
                apply(p);
            }
            Err(e) => field_errors.update(|f| f[i] = Some(e.to_string())),
        }
    };
    let set_text = move |i: usize, text: String| {
        let mut p = engine.with_value(|e| e.borrow().sim.params.clone());
        match p.set_text(spec.params[i].name, &text) {
            Ok(()) => {
                field_errors.update(|f| f[i] = None);
                apply(p);
            }
            Err(e) => {
                field_errors.update(|f| f[i] = Some(e.to_string()));
                // Show the value in use again, not the refused text.
                values.update(|_| {});
            }
        }
    };
    let play = move |on: bool| {
        running.set(on);
        with_engine(&mut |e| {
            e.last_frame = None;
            e.meter = SpeedMeter::default();
            e.needs_draw = true;
            if !on {
                e.settle();
            }
        });
        wake();
    };
    let reset = move || {
        failure.set(None);
        with_engine(&mut |e| {
            e.reset();
            e.carry_ms = 0.0;
            e.needs_draw = true;
            if !running.get_untracked() {
                preview(e);
            }
            // The status follows at once, with the count of resets (`data-resets`): what the page
            // shows after a reset never mixes the old run's time with the new run.
            status.set((e.sim.time_ms(), 0.0, false));
        });
        resets.update(|n| *n += 1);
        wake();
    };
    let step_once = move || {
        running.set(false);
        with_engine(&mut |e| {
            let w = e.sim.spec().window_ms / 50.0;
            if let Err(msg) = e.run_to(e.sim.time_ms() + w, clock::now_ms() + 200.0) {
                failure.set(Some(msg));
            }
            e.needs_draw = true;
        });
        wake();
    };
    let choose_preset = move |name: String| {
        if name.is_empty() {
            return;
        }
        match Params::preset(spec, &name) {
            Ok(p) => {
                preset.set(Some(name));
                field_errors.set(vec![None; spec.params.len()]);
                failure.set(None);
                apply(p.clone());
                // A preset is a fresh start, even while playing.
                with_engine(&mut |e| {
                    if running.get_untracked() {
                        e.reset();
                    }
                });
            }
            Err(e) => notice.set(Some(e.to_string())),
        }
    };
    let set_seed = move |s: u64| {
        seed.set(s);
        with_engine(&mut |e| {
            e.set_seed(s);
            failure.set(None);
            if !running.get_untracked() {
                preview(e);
            }
        });
        wake();
    };
    let on_seed_text = move |ev: web_sys::Event| {
        let text = event_target_value(&ev);
        match text.trim().parse::<u64>() {
            Ok(s) => {
                notice.set(None);
                set_seed(s)
            }
            Err(_) => notice.set(Some(format!("seed: '{text}' is not a whole number from 0 to {}", u64::MAX))),
        }
    };
    let start_sweep = move |plot_index: usize| {
        with_engine(&mut |e| {
            e.sweeps.retain(|s| s.plot != plot_index);
            match SweepState::start(plot_index, &e.sim) {
                Ok(mut s) => {
                    // An offloaded model's sweep builds a full network per point: its worker
                    // does it, between the live run's slices.
                    let Engine { remote, sim, .. } = e;
                    if let Some(r) = remote {
                        s.remote = Some(r.start_sweep(sim, plot_index));
                    }
                    e.sweeps.push(s)
                }
                Err(msg) => plot_errors.set(Some(msg)),
            }
            e.needs_draw = true;
        });
        wake();
    };

    // Nothing runs until the widget is first scrolled into view (a lesson holds many): then a
    // preview of one window, its sweeps, and autoplay (never with prefers-reduced-motion).
    let root = NodeRef::<leptos::html::Section>::new();
    if query.iter().any(|(k, v)| k == "presenter" && v != "0") {
        presenter::set(true);
    }
    // An embed may keep only some plots (`plots=voltage,fI`), so that each is large on a slide;
    // a lesson's sim block may too (`plots: raster, rate`), with a button that shows the rest.
    // Hidden sweeps are not computed.
    let known_plots = |ids: Vec<String>| -> Option<Vec<String>> {
        Some(ids.into_iter().filter(|s| spec.plots.iter().any(|p| p.id == s)).collect::<Vec<_>>()).filter(|v| !v.is_empty())
    };
    let embed_filter = query.iter().find(|(k, _)| k == "plots").and_then(|(_, v)| known_plots(v.split(',').map(|s| s.trim().to_string()).collect()));
    let lesson_filter = if embed_filter.is_some() { None } else { known_plots(block.plots.clone()) };
    let more_plots = lesson_filter.as_ref().map_or(0, |f| spec.plots.len() - f.len());
    let all_plots = RwSignal::new(false);
    let plot_filter = StoredValue::new(embed_filter.or(lesson_filter));
    // Untracked: the caller decides what reacts to `all_plots`.
    let plot_shown = move |id: &str| all_plots.get_untracked() || plot_filter.with_value(|f| f.as_ref().is_none_or(|f| f.iter().any(|x| x == id)));
    let shown_plots = move || {
        all_plots.track();
        spec.plots.iter().filter(|p| plot_shown(p.id)).count().to_string()
    };
    // The lesson's hidden plots, shown or hidden again; a sweep shown for the first time starts.
    let show_all_plots = move |on: bool| {
        all_plots.set(on);
        if on {
            for (i, p) in spec.plots.iter().enumerate() {
                let mut started = false;
                with_engine(&mut |e| started = e.sweeps.iter().any(|s| s.plot == i));
                if matches!(p.kind, PlotKind::Sweep { .. }) && !started {
                    start_sweep(i);
                }
            }
        }
        with_engine(&mut |e| e.needs_draw = true);
        wake();
    };
    let bench_ms = query.iter().find(|(k, _)| k == "bench").and_then(|(_, v)| v.parse::<f64>().ok()).filter(|v| *v > 0.0 && v.is_finite());
    // Set once the widget has first been shown and has decided whether to play (`data-started`).
    let first_shown = RwSignal::new(false);
    let autoplay = bench_ms.is_none() && block.play && !prefers_reduced_motion() && query.iter().find(|(k, _)| k == "play").is_none_or(|(_, v)| v != "0");
    {
        let visible = visible.clone();
        Effect::new(move |_| {
            let Some(el) = root.get() else { return };
            let visible = visible.clone();
            let started = Rc::new(std::cell::Cell::new(false));
            let cb = wasm_bindgen::closure::Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
                let Some(entry) = entries.get(0).dyn_into::<web_sys::IntersectionObserverEntry>().ok() else { return };
                let is = entry.is_intersecting();
                visible.store(is, Ordering::Relaxed);
                if is {
                    if !started.get() {
                        started.set(true);
                        with_engine(&mut |e| preview(e));
                        for (i, p) in spec.plots.iter().enumerate() {
                            if matches!(p.kind, PlotKind::Sweep { .. }) && plot_shown(p.id) {
                                start_sweep(i);
                            }
                        }
                        if autoplay {
                            play(true);
                        }
                        first_shown.set(true);
                    }
                    with_engine(&mut |e| e.needs_draw = true);
                    wake();
                }
            });
            use wasm_bindgen::JsCast;
            if let Ok(obs) = web_sys::IntersectionObserver::new(cb.as_ref().unchecked_ref()) {
                obs.observe(&el);
            }
            cb.forget();
        });
    }

    // Export: a fresh run from t = 0, exactly what `neurolive run` writes, computed over several
    // frames (or in the worker) and downloaded when done.
    let export_file = move |file: ExportFile| {
        with_engine(&mut |e| e.start_export(file));
        exporting.set(Some((file.name(), 0.0)));
        wake();
    };
    let cli = move || {
        let p = engine.with_value(|e| e.borrow().sim.params.clone());
        share::cli_command(&p, preset.get().as_deref(), seed.get())
    };
    // Stored, so the share closures stay Copy (the embed chooser's checkboxes each hold one).
    let anchor = StoredValue::new(block.anchor.clone());
    // The teacher's choice for the embed: which controls and plots it keeps (all by default).
    let embed_controls = RwSignal::new(spec.params.iter().map(|p| p.name.to_string()).collect::<Vec<_>>());
    let embed_plots = RwSignal::new(spec.plots.iter().map(|p| p.id.to_string()).collect::<Vec<_>>());
    let make_share = move || {
        let p = engine.with_value(|e| e.borrow().sim.params.clone());
        let q = share::query(&p, preset.get_untracked().as_deref(), seed.get_untracked());
        let loc = window().location();
        let base = loc.href().unwrap_or_default();
        let base = base.split('#').next().unwrap_or("").to_string();
        let link = match lecture {
            Some(n) => format!("{base}{}", to_hash(&Route::Lecture { n, target: Some(anchor.get_value()) }, &q)),
            None => format!("{base}{}", to_hash(&Route::Embed { sim: spec.id.to_string() }, &q)),
        };
        let mut eq = q.clone();
        let controls = embed_controls.get_untracked();
        if controls.len() < spec.params.len() {
            eq.push(("show".into(), controls.join(",")));
        }
        let plots = embed_plots.get_untracked();
        if plots.len() < spec.plots.len() && !plots.is_empty() {
            eq.push(("plots".into(), plots.join(",")));
        }
        let embed_url = format!("{base}{}", to_hash(&Route::Embed { sim: spec.id.to_string() }, &eq));
        let iframe = format!(
            "<iframe src=\"{embed_url}\" width=\"1280\" height=\"720\" style=\"border:0;max-width:100%\" title=\"{}\" allow=\"fullscreen\"></iframe>",
            spec.title
        );
        share_box.set(Some((link, embed_url, iframe)));
    };
    let toggle_in = move |list: RwSignal<Vec<String>>, name: &'static str, on: bool| {
        list.update(|l| {
            l.retain(|n| n != name);
            if on {
                l.push(name.to_string());
            }
        });
        make_share();
    };
    let embed_chooser = move || {
        view! {
            <fieldset class="embed-choose">
                <legend>"The embed shows these controls"</legend>
                {spec.params.iter().map(|p| view! {
                    <label><input type="checkbox" data-embed-control=p.name prop:checked=move || embed_controls.with(|l| l.iter().any(|n| n == p.name))
                        on:change=move |ev| toggle_in(embed_controls, p.name, event_target_checked(&ev)) />{p.name}</label>
                }).collect_view()}
            </fieldset>
            <fieldset class="embed-choose">
                <legend>"and these plots"</legend>
                {spec.plots.iter().map(|p| view! {
                    <label><input type="checkbox" data-embed-plot=p.id prop:checked=move || embed_plots.with(|l| l.iter().any(|n| n == p.id))
                        on:change=move |ev| toggle_in(embed_plots, p.id, event_target_checked(&ev)) />{p.title}</label>
                }).collect_view()}
            </fieldset>
        }
    };

    let widget_id = block.anchor.clone();
    let shown = |name: &str| show.as_ref().is_none_or(|s| s.iter().any(|n| n == name));
    let (numerics, physics): (Vec<usize>, Vec<usize>) =
        (0..spec.params.len()).filter(|&i| shown(spec.params[i].name)).partition(|&i| matches!(spec.params[i].name, "dt" | "method"));
    let control = move |i: usize| {
        view! {
            <ParamControl
                spec=&spec.params[i]
                widget_id=widget_id.clone()
                value=Signal::derive(move || values.with(|v| v[i]))
                error=Signal::derive(move || field_errors.with(|f| f[i].clone()))
                on_text=Callback::new(move |t: String| set_text(i, t))
                on_value=Callback::new(move |v: f64| set_value(i, v))
            />
        }
    };
    let control2 = control.clone();
    let show_controls = !embed || show.as_ref().is_none_or(|s| !s.is_empty());
    let hide_presets = embed && show.is_some();

    let caption = move || {
        preset.get().and_then(|p| spec.preset(&p)).map(|p| p.description.to_string()).or_else(|| block.caption.clone())
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let tag = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok()).map(|e| e.tag_name());
        if matches!(tag.as_deref(), Some("INPUT" | "SELECT" | "TEXTAREA")) {
            return;
        }
        // Arrow keys and a presentation clicker's PageUp/PageDown step through the presets, so a
        // teacher can walk a class through the regimes of a model; "p" toggles presenter mode.
        let step = match ev.key().as_str() {
            " " => {
                ev.prevent_default();
                play(!running.get_untracked());
                0
            }
            "r" | "R" => {
                reset();
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
        if step != 0 && !spec.presets.is_empty() {
            ev.prevent_default();
            let n = spec.presets.len() as i64;
            let at = preset.get_untracked().and_then(|p| spec.presets.iter().position(|q| q.name == p)).map(|i| i as i64);
            let next = match at {
                Some(i) => (i + step).rem_euclid(n),
                None if step > 0 => 0,
                None => n - 1,
            };
            choose_preset(spec.presets[next as usize].name.to_string());
        }
    };

    view! {
        <section class="sim" class:embed=embed id=block.anchor.clone() node_ref=root tabindex="0"
            role="group" aria-label=format!("Simulation: {}", spec.title) data-sim=spec.id data-started=move || first_shown.get().then_some("true")
            data-resets=move || resets.get().to_string() on:keydown=on_key>
            <header class="sim-head">
                <h3 class="sim-title">{spec.title}</h3>
                <p class="sim-caption" aria-live="polite">{caption}</p>
            </header>
            {move || notice.get().map(|n| view! { <div class="sim-notice" role="alert">{n}</div> })}
            {bench_ms.map(|ms| view! { <bench::BenchReport entry=entry params=start.params.clone() seed=start.seed sim_ms=ms /> })}
            {move || failure.get().map(|f| view! {
                <div class="sim-failure" role="alert"><strong>"Simulation stopped. "</strong>{f}</div>
            })}
            <div class="sim-body">
                <div class="sim-plots" data-count=shown_plots>
                    {spec.plots.iter().enumerate().map(|(i, p)| {
                        let is_sweep = matches!(p.kind, PlotKind::Sweep { .. });
                        let kind = match p.kind {
                            PlotKind::TimeSeries { .. } => "timeseries",
                            PlotKind::PhasePlane { .. } => "phase",
                            PlotKind::Raster { .. } => "raster",
                            PlotKind::Sweep { .. } => "sweep",
                            PlotKind::Profile { .. } => "profile",
                            PlotKind::Scatter { .. } => "scatter",
                            PlotKind::IsiHistogram { .. } => "histogram",
                            PlotKind::HeatMap { .. } => "heatmap",
                            PlotKind::Bars { .. } => "bars",
                            PlotKind::Histogram { .. } => "histogram",
                            PlotKind::Plane { .. } => "plane",
                            PlotKind::ImageGrid { .. } => "grid",
                        };
                        let node = canvases[i];
                        let file = format!("{}-{}.png", spec.id, p.id);
                        // A text summary for screen readers: what is plotted, then the current
                        // measures (updated with the measures panel, at most 5 times a second).
                        let summary_id = format!("{}-{}-summary", block.anchor, p.id);
                        let what = plot_summary(spec, p);
                        view! {
                            <figure class=format!("plot plot-{kind}") data-plot=p.id hidden=move || { all_plots.track(); !plot_shown(p.id) }
                                data-sweep=move || is_sweep.then(|| sweep_progress.with(|p| sweep_count(p, i)))>
                                <canvas node_ref=node role="img" aria-label=p.title aria-describedby=summary_id.clone()></canvas>
                                <p class="visually-hidden plot-summary" id=summary_id>{what}
                                    {move || is_sweep.then(|| sweep_progress.with(|sp| sweep_text(sp, i, spec)))}
                                    {move || measures.with(|m| measures_text(m))}</p>
                                <figcaption class="plot-tools">
                                    {is_sweep.then(|| view! {
                                        <button class="small" on:click=move |_| start_sweep(i)
                                            title="Run the sweep again with the current parameters">"Recompute"</button>
                                    })}
                                    <button class="small" title="Download this plot as PNG" on:click=move |_| {
                                        if let Some(c) = node.get_untracked() {
                                            let _ = download::download_canvas_png(&file, &c);
                                        }
                                    }>"PNG"</button>
                                </figcaption>
                            </figure>
                        }
                    }).collect_view()}
                    {move || plot_errors.get().map(|m| view! { <div class="sim-notice">{m}</div> })}
                    {(more_plots > 0).then(|| view! {
                        <button class="small more-plots" aria-expanded=move || all_plots.get().to_string()
                            on:click=move |_| show_all_plots(!all_plots.get_untracked())>
                            {move || if all_plots.get() { "Fewer plots".to_string() } else { format!("All plots ({more_plots} more)") }}
                        </button>
                    })}
                </div>
                <div class="sim-side">
                    <div class="sim-transport" role="group" aria-label="Run controls">
                        <button class="play" aria-pressed=move || running.get().to_string()
                            on:click=move |_| play(!running.get_untracked())>
                            {move || if running.get() { "❚❚ Pause" } else { "▶ Play" }}
                        </button>
                        <button on:click=move |_| step_once() title="Advance by one fiftieth of the window">"Step"</button>
                        <button on:click=move |_| reset() title="Back to the start (key r)">"Reset"</button>
                        <button class="presenter-toggle" aria-pressed={ let on = presenter::signal(); move || on.get().to_string() }
                            title="Large type and thick lines for a lecture hall (key p); arrow keys step through the presets"
                            on:click=move |_| presenter::toggle()>"Presenter"</button>
                        <label class="speed">"Speed "
                            <select aria-label="Simulation speed" on:change=move |ev| {
                                if let Ok(v) = event_target_value(&ev).parse::<f64>() {
                                    speed.set(v);
                                    with_engine(&mut |e| e.meter = SpeedMeter::default());
                                }
                            }>
                                {speeds(spec).iter().map(|&s| view! {
                                    <option value=s.to_string() selected=move || speed.get() == s>{speed_text(spec, s)}</option>
                                }).collect_view()}
                            </select>
                        </label>
                    </div>
                    <div class="sim-status" class:slow=move || status.get().2 aria-live="off"
                        data-t-ms=move || status.get().0.to_string()>
                        {move || {
                            let (t, ratio, slow) = status.get();
                            let counts = spec.clock.counts();
                            let rt = match (running.get(), counts) {
                                (false, _) => " · paused".to_string(),
                                (true, false) => format!(" · {} real time", ratio_text(ratio)),
                                (true, true) => format!(" · {}", speed_text(spec, ratio)),
                            };
                            let why = if offloaded { "this computer's background worker computes it no faster" } else { "the model needs more than the frame budget" };
                            let warn = if slow { format!(" — slower than the {} asked: {why}", speed_text(spec, speed.get())) } else { String::new() };
                            let now = if counts { spec.clock.reading(t) } else { format!("t = {t:.1} ms") };
                            format!("{now}{rt}{warn}")
                        }}
                    </div>
                    {(!spec.presets.is_empty() && !hide_presets).then(|| view! {
                        <label class="presets">"Preset "
                            <select aria-label="Preset" on:change=move |ev| choose_preset(event_target_value(&ev))>
                                <option value="" selected=move || preset.get().is_none()>"— choose —"</option>
                                {spec.presets.iter().map(|p| {
                                    let name = p.name;
                                    view! { <option value=name title=p.description selected=move || preset.get().as_deref() == Some(name)>{name.replace('_', " ")}</option> }
                                }).collect_view()}
                            </select>
                        </label>
                    })}
                    {show_controls.then(|| view! {
                        <div class="sim-params">{physics.into_iter().map(control).collect_view()}</div>
                        {(!numerics.is_empty()).then(|| view! {
                            <details class="sim-numerics"><summary>"Numerics"</summary>
                                {numerics.into_iter().map(control2).collect_view()}
                            </details>
                        })}
                    })}
                    {spec.stochastic.then(|| view! {
                        <div class="sim-seed">
                            <label>"Seed "
                                <input type="text" inputmode="numeric" class="seed-field"
                                    prop:value=move || seed.get().to_string() on:change=on_seed_text />
                            </label>
                            <button class="small" on:click=move |_| set_seed(fresh_seed())>"New seed"</button>
                        </div>
                    })}
                    <table class="sim-measures" aria-label="Measures">
                        <tbody>
                            {move || measures.get().into_iter().enumerate().map(|(i, (label, value, unit))| view! {
                                <tr data-measure=spec.measures.get(i).map(|m| m.name)><th scope="row">{label}</th><td class="value">{value}</td><td class="unit">{unit}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    {(!embed).then(|| view! {
                        <details class="sim-export">
                            <summary>"Export & share"</summary>
                            <p class="hint">"A fresh run of " {spec.clock.amount(spec.default_duration_ms)} " from the start with these values — the same files as:"</p>
                            <code class="cli">{cli}</code>
                            <div class="buttons">
                                {ExportFile::ALL.into_iter().map(|f| view! {
                                    <button class="small export-file" disabled=move || exporting.get().is_some()
                                        on:click=move |_| export_file(f)>{f.name()}</button>
                                }).collect_view()}
                                <button class="small" on:click=move |_| make_share()>"Share link"</button>
                                <button class="small embed-button" on:click=move |_| make_share()
                                    title="A URL and an <iframe> for slides: the widget alone, with these values">"Embed"</button>
                            </div>
                            <p class="export-progress" role="status">{move || exporting.get().map(|(name, p)| format!("Computing {name}: {:.0} %", 100.0 * p))}</p>
                            {move || share_box.get().is_some().then(embed_chooser)}
                            {move || share_box.get().map(|(link, embed_url, iframe)| view! {
                                <label class="share">"Link " <input type="text" readonly class="share-link" prop:value=link.clone() /></label>
                                <label class="share">"Embed URL " <input type="text" readonly class="embed-link" prop:value=embed_url /></label>
                                <label class="share">"Embed code " <input type="text" readonly class="embed-code" prop:value=iframe /></label>
                                <button class="small" on:click=move |_| {
                                    let _ = window().navigator().clipboard().write_text(&link);
                                }>"Copy link"</button>
                            })}
                        </details>
                    })}
                </div>
            </div>
        </section>
    }
    .into_any()
}

/// A sweep plot's points so far: (plot, (parameter, measure) points, number of points in all).
type SweepProgress = (usize, Vec<(f64, Option<f64>)>, usize);

/// "7/11": points computed of sweep plot `plot`.
fn sweep_count(progress: &[SweepProgress], plot: usize) -> String {
    progress.iter().find(|p| p.0 == plot).map_or("0/0".to_string(), |p| format!("{}/{}", p.1.len(), p.2))
}

/// The sweep's points in words, for screen readers: " 2 of 11 points computed: g = 3 → 335.0 Hz;
/// g = 3.5 → 227.1 Hz."
fn sweep_text(progress: &[SweepProgress], plot: usize, spec: &ModelSpec) -> String {
    let Some((_, points, all)) = progress.iter().find(|p| p.0 == plot) else { return " Not computed.".to_string() };
    let PlotKind::Sweep { param, measure, .. } = spec.plots[plot].kind else { return String::new() };
    let unit = spec.measure(measure).map_or("", |m| m.unit);
    let list: Vec<String> = points.iter().map(|&(x, y)| format!("{param} = {x} → {} {unit}", format_value(y)).trim_end().to_string()).collect();
    format!(" {} of {all} points computed{}{}.", points.len(), if list.is_empty() { "" } else { ": " }, list.join("; "))
}

fn ratio_text(r: f64) -> String {
    if r >= 10.0 { format!("{r:.0}×") } else if r >= 0.1 { format!("{r:.2}×") } else { format!("{r:.3}×") }
}

/// A fresh seed from the browser's entropy (the core itself only uses seeded generators).
fn fresh_seed() -> u64 {
    let mut b = [0u8; 4];
    let _ = getrandom::fill(&mut b);
    // Keep seeds short enough to read aloud and type.
    u32::from_le_bytes(b) as u64 % 1_000_000
}

/// What a plot shows, in words (its screen-reader summary): the kind, the axes and the series.
fn plot_summary(spec: &ModelSpec, p: &neurolive_core::model::PlotSpec) -> String {
    let trace = |n: &str| {
        spec.traces.iter().find(|t| t.name == n).map_or(n.to_string(), |t| {
            if t.unit.is_empty() { t.label.to_string() } else { format!("{} ({})", t.label, t.unit) }
        })
    };
    let what = match p.kind {
        PlotKind::TimeSeries { traces, y_label, .. } => format!(
            "{y_label} against {} over the last {}; traces: {}.",
            if spec.clock.counts() { spec.clock.plural() } else { "time" },
            spec.clock.amount(spec.window_ms),
            traces.iter().map(|t| trace(t)).collect::<Vec<_>>().join(", ")
        ),
        PlotKind::PhasePlane { x, y, .. } => {
            format!("Phase plane of {} against {}: vector field, nullclines and trajectory.", trace(y), trace(x))
        }
        PlotKind::Raster { rows } => format!("Spike raster of up to {rows} neurons, one row each, over the last {} ms.", spec.window_ms),
        PlotKind::Sweep { param, measure, from, to, steps, .. } => {
            let unit = spec.params.iter().find(|q| q.name == param).map_or("", |q| q.unit);
            let m = spec.measures.iter().find(|m| m.name == measure).map_or(measure, |m| m.label);
            format!("{m} against {param} from {from} to {to} {unit}, {steps} runs.")
        }
        PlotKind::Profile { curves, x_label, y_label, .. } => format!("{y_label} against {x_label}; curves: {}.", curves.join(", ")),
        PlotKind::Scatter { x_label, y_label, .. } => format!("Points: {y_label} against {x_label}."),
        PlotKind::IsiHistogram { max_ms, poisson_overlay, .. } => format!(
            "Histogram of the inter-spike intervals up to {max_ms} ms{}.",
            if poisson_overlay { ", with the exponential density of a Poisson process of the same rate" } else { "" }
        ),
        PlotKind::HeatMap { x_label, y_label, value_label, .. } => format!("Image of {value_label}, {y_label} against {x_label}."),
        PlotKind::Bars { bars, x_label, y_label, .. } => format!("Bars: {y_label} against {x_label}; {}.", bars.join(", ")),
        PlotKind::Histogram { values, x_label, .. } => format!("Histogram of {} ({x_label}).", trace(values)),
        PlotKind::Plane { points, lines, vectors, x_label, y_label, .. } => format!(
            "Plane of {y_label} against {x_label}, equal units: {}.",
            points.iter().chain(lines).chain(vectors).map(|n| n.replace('_', " ")).collect::<Vec<_>>().join(", ")
        ),
        PlotKind::ImageGrid { value_label, .. } => format!("Grid of small images of {value_label}, one colour scale."),
    };
    format!("{}: {what}", p.title)
}

/// The current measures as one sentence, for the plots' summaries.
fn measures_text(m: &[(String, String, String)]) -> String {
    if m.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = m
        .iter()
        .map(|(label, value, unit)| if value == "—" { format!("{label}: none yet") } else { format!("{label}: {value} {unit}").trim_end().to_string() })
        .collect();
    format!(" Measures now: {}.", parts.join("; "))
}
