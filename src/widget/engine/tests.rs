//! The engine stepped natively, as the page's animation frames step it, and checked against a
//! direct run of the core (`Simulation`) at the same time.

use super::*;
use neurolive_core::registry;
use std::cell::Cell;

thread_local! {
    /// The test's clock, ms; `tick` makes every reading advance it.
    static NOW: Cell<f64> = const { Cell::new(0.0) };
    static TICK: Cell<f64> = const { Cell::new(0.0) };
}

/// A clock that stands still (tick 0) or advances `tick` ms at each reading.
fn test_now() -> f64 {
    NOW.with(|n| {
        let t = n.get();
        n.set(t + TICK.with(Cell::get));
        t
    })
}

fn set_tick(ms: f64) {
    TICK.with(|t| t.set(ms));
}

fn engine(id: &str) -> Engine {
    set_tick(0.0);
    let entry = registry::find(id).expect("model in the registry");
    let mut p = Params::defaults(entry.spec);
    if id == "lif" {
        // Noise, so that the seed and every step matter.
        p.set("sigma", 5.0).unwrap();
    }
    Engine::local(entry, p, 7, test_now)
}

/// A direct core run with the engine's model, parameters and seed, `steps` steps long.
fn direct(e: &Engine, steps: u64) -> Simulation {
    let mut sim = Simulation::new(
        e.sim.entry,
        e.sim.params.clone(),
        e.sim.seed,
        Retention::Window(e.sim.spec().window_ms),
    );
    sim.advance_steps(steps).unwrap();
    sim
}

fn steps_of(e: &Engine) -> u64 {
    (e.sim.time_ms() / e.sim.dt_ms()).round() as u64
}

#[test]
fn frames_give_the_measures_of_a_direct_run_at_the_same_time() {
    let mut e = engine("lif");
    // 30 frames of 16.7 ms at 2× real time: the carry keeps the fractions of a step.
    for _ in 0..30 {
        e.advance(2.0 * 16.7, f64::INFINITY).unwrap();
    }
    let want = 30.0 * 2.0 * 16.7;
    assert!(
        (e.sim.time_ms() - want).abs() < e.sim.dt_ms(),
        "t = {} ms, asked {want}",
        e.sim.time_ms()
    );
    let d = direct(&e, steps_of(&e));
    assert_eq!(e.sim.time_ms(), d.time_ms());
    assert_eq!(e.sim.measures(), d.measures());
    assert!(
        e.sim.measure("rate_hz").is_some_and(|r| r > 0.0),
        "the default LIF fires"
    );
    // The panel shows those values, formatted.
    let rows = e.measures();
    assert_eq!(rows.len(), e.sim.spec().measures.len());
    assert_eq!(
        rows[0].value,
        format_value(d.measure(e.sim.spec().measures[0].name))
    );
}

#[test]
fn reset_starts_the_same_run_again() {
    let mut e = engine("lif");
    e.advance(120.0, f64::INFINITY).unwrap();
    let first = e.sim.measures();
    e.reset();
    assert_eq!(e.sim.time_ms(), 0.0);
    assert_eq!(e.pace.carry_ms, 0.0);
    assert!(e.dirty.all, "a reset redraws every plot");
    e.advance(120.0, f64::INFINITY).unwrap();
    assert_eq!(
        e.sim.measures(),
        first,
        "same parameters and seed, same run"
    );
    e.set_seed(8);
    e.reset();
    e.advance(120.0, f64::INFINITY).unwrap();
    assert_ne!(e.sim.measures(), first, "another seed, another run");
}

#[test]
fn the_budget_bounds_a_frame_and_time_it_could_not_cover_is_dropped() {
    let mut e = engine("lif");
    // Every clock reading takes 1 ms: a 5 ms budget covers a few chunks, not 10 s of simulation.
    set_tick(1.0);
    let deadline = test_now() + 5.0;
    let done = e.advance(10_000.0, deadline).unwrap();
    assert!(done > 0.0 && done < 10_000.0, "done {done} ms");
    assert!(
        (e.sim.time_ms() - done).abs() < 1e-6,
        "{} vs {done}",
        e.sim.time_ms()
    );
    assert_eq!(
        e.pace.carry_ms, 0.0,
        "what the budget could not cover is not owed"
    );
    assert_ne!(
        e.pace.step_cost_ms,
        Pace::default().step_cost_ms,
        "the step cost was measured"
    );
    // A deadline already past does nothing.
    assert_eq!(e.advance(10.0, test_now() - 1.0).unwrap(), 0.0);
}

#[test]
fn a_run_measures_a_few_steps_before_it_sizes_its_chunks() {
    // A costly model's preview once took its whole window in one chunk (the cost guessed, not
    // measured): 400 ms frozen. Each clock reading takes 10 ms here: the budget allows one chunk.
    let mut e = engine("lif");
    set_tick(10.0);
    let deadline = test_now() + 15.0;
    e.advance(10_000.0, deadline).unwrap();
    assert_eq!(steps_of(&e), 4, "a first chunk of a few steps");
    assert!(
        (e.pace.step_cost_ms - 2.5).abs() < 1e-9,
        "10 ms for 4 steps: {}",
        e.pace.step_cost_ms
    );
    e.reset();
    assert_eq!(e.pace.step_cost_ms, 0.0, "a new run is measured afresh");
}

#[test]
fn speed_and_frame_gaps() {
    let mut pace = Pace::default();
    assert_eq!(
        pace.frame_gap(1000.0),
        0.0,
        "the first frame counts no wall time"
    );
    assert_eq!(pace.frame_gap(1016.0), 16.0);
    assert_eq!(
        pace.frame_gap(5000.0),
        MAX_FRAME_GAP_MS,
        "a background tab is not caught up"
    );
    pace.meter.add(8.0, 16.0);
    assert_eq!(pace.meter.ratio, 0.5);
    pace.meter.add(16.0, 16.0);
    assert!(
        pace.meter.ratio > 0.5 && pace.meter.ratio < 1.0,
        "smoothed: {}",
        pace.meter.ratio
    );
    pace.restart();
    assert!(!pace.meter.primed && pace.last_frame.is_none());
    assert!(pace.ui_due(0.0, false));
    assert!(
        !pace.ui_due(100.0, false),
        "panels at most 5 times a second"
    );
    assert!(pace.ui_due(100.0, true), "unless forced");

    let mut e = engine("lif");
    e.pace.meter.add(5.0, 10.0);
    let s = e.status(true, 1.0);
    assert!(s.slow && s.ratio == 0.5, "{s:?}");
    assert!(!e.status(true, 0.5).slow);
    assert_eq!(
        e.status(false, 1.0),
        RunStatus {
            t_ms: 0.0,
            ratio: 0.0,
            slow: false
        }
    );
}

#[test]
fn a_parameter_change_applies_live_or_restarts() {
    let mut e = engine("lif");
    e.advance(100.0, f64::INFINITY).unwrap();
    let n = steps_of(&e);
    let before = direct(&e, n);
    let mut p = e.sim.params.clone();
    p.set("I_ext", 3.0).unwrap();
    assert!(
        !e.set_params(p.clone()),
        "a current applies to the running state"
    );
    assert_eq!(e.sim.params.get("I_ext"), 3.0);
    assert!(e.sim.time_ms() > 0.0);
    e.advance(100.0, f64::INFINITY).unwrap();
    // The same as a direct run that changed the current at the same step.
    let mut d = before;
    d.set_params(p.clone());
    d.advance_steps(steps_of(&e) - n).unwrap();
    assert_eq!(e.sim.measures(), d.measures());
    // A parameter declared `restart` starts a fresh run; paused, the preview fills the window.
    p.set("n_trials", 5.0).unwrap();
    assert!(e.set_params(p));
    e.preview().unwrap();
    assert!(
        (e.sim.time_ms() - e.sim.spec().window_ms).abs() < e.sim.dt_ms(),
        "t = {}",
        e.sim.time_ms()
    );
}

#[test]
fn changed_data_queues_its_plots_once() {
    let mut e = engine("lif");
    let n = e.sim.spec().plots.len();
    e.queue_due_plots(n);
    assert_eq!(e.draw_queue.len(), n, "a new widget draws every plot");
    e.draw_queue.clear();
    e.queue_due_plots(n);
    assert!(e.draw_queue.is_empty(), "nothing changed, nothing drawn");
    e.advance(10.0, f64::INFINITY).unwrap();
    e.queue_due_plots(n);
    let sweeps = e
        .sim
        .spec()
        .plots
        .iter()
        .filter(|p| matches!(p.kind, PlotKind::Sweep { .. }))
        .count();
    assert_eq!(
        e.draw_queue.len(),
        n - sweeps,
        "the run moved: its plots, not the sweep"
    );
    assert!(!e.busy(false, false) || !e.draw_queue.is_empty());
}

#[test]
fn a_sweep_runs_to_its_last_point() {
    let mut e = engine("lif");
    let plot = e
        .sim
        .spec()
        .plots
        .iter()
        .position(|p| matches!(p.kind, PlotKind::Sweep { .. }))
        .unwrap();
    e.start_sweep(plot).unwrap();
    assert!(e.has_sweep(plot));
    let mut frames = 0;
    while e.work_sweeps(test_now() + 1e9) {
        frames += 1;
        assert!(frames < 10_000);
    }
    let p = &e.sweep_progress()[0];
    assert_eq!((p.plot, p.points.len()), (plot, p.total));
    assert!(e.dirty.sweep);
    assert!(e.start_sweep(0).is_err(), "plot 0 is not a sweep");
}

#[test]
fn an_export_writes_the_file_of_a_fresh_run() {
    use neurolive_core::export::ExportFile;
    let mut e = engine("passive");
    e.start_export(ExportFile::ALL[0]);
    assert_eq!(e.export_status().map(|x| x.progress), Some(0.0));
    let mut out = None;
    for _ in 0..1000 {
        out = e.work_export(test_now() + 1e9);
        if out.is_some() {
            break;
        }
    }
    let (file, text) = out.expect("the export finishes");
    assert_eq!(file, ExportFile::ALL[0]);
    assert!(!text.is_empty());
    assert!(e.export_status().is_none());
}

/// A local model's overlays are computed a few points per frame, within the frame's deadline,
/// drawn when complete, and computed again when the parameters change.
#[test]
fn overlays_fill_in_within_the_deadline_and_again_for_new_parameters() {
    let mut e = engine("ei_power_law");
    assert!(!e.overlays.is_empty() && e.overlays.iter().all(|c| !c.done()));
    set_tick(1.0); // every clock reading costs 1 ms: a point per reading
    e.queue_due_plots(e.sim.spec().plots.len());
    let mut frames = 0;
    while e.work_overlays(test_now() + 5.0) {
        frames += 1;
        assert!(frames < 100_000, "no progress");
    }
    let points: usize = e
        .overlays
        .iter()
        .flat_map(|c| c.curves())
        .map(|(_, pts)| pts.len())
        .sum();
    assert!(
        frames > points / 10,
        "{frames} frames for {points} points: the deadline was not kept"
    );
    assert!(e.dirty.sweep, "finished curves are drawn");
    // New parameters: the curves are those of the new model, computed afresh.
    let mut p = e.sim.params.clone();
    p.set("w_EE", 2.0).unwrap();
    e.set_params(p);
    assert!(e.overlays.iter().all(|c| !c.done()));
    assert!(
        e.busy(false, false),
        "the clock runs until the overlays are done"
    );
    while e.work_overlays(f64::INFINITY) {}
    for c in &e.overlays {
        for (name, pts) in c.curves() {
            for (x, y) in pts {
                assert_eq!(e.sim.model().overlay(name, x), Some(y), "{name} at {x}");
            }
        }
    }
}
