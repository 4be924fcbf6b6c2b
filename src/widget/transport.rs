//! Run controls (play, step, reset, presenter, speed) and the status line under them.

use super::context::WidgetContext;
use super::presenter;
use leptos::prelude::*;
use neurolive_core::model::ModelSpec;

/// Simulation speeds offered, as simulated time per wall-clock time.
const SPEEDS: &[f64] = &[0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0];
/// Speeds offered to a model that counts trials (epochs…), as units per wall-clock ms (shown
/// per second: 1 to 20 000 trials/s).
const COUNT_SPEEDS: &[f64] = &[
    0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0,
];

/// The speeds a model's clock offers.
fn speeds(spec: &ModelSpec) -> &'static [f64] {
    if spec.clock.counts() {
        COUNT_SPEEDS
    } else {
        SPEEDS
    }
}

/// The default speed lets the window scroll by in about two seconds.
pub fn default_speed(spec: &ModelSpec) -> f64 {
    let want = spec.window_ms / 2000.0;
    *speeds(spec)
        .iter()
        .min_by(|a, b| (*a / want).ln().abs().total_cmp(&(*b / want).ln().abs()))
        .unwrap()
}

/// A speed as the student reads it: "2×" real time, or "40 trials/s".
fn speed_text(spec: &ModelSpec, s: f64) -> String {
    if spec.clock.counts() {
        let per_s = 1000.0 * s;
        let n = if per_s >= 10.0 {
            format!("{per_s:.0}")
        } else if per_s >= 1.0 {
            format!("{per_s:.1}")
        } else {
            format!("{per_s:.2}")
        };
        format!("{n} {}/s", spec.clock.plural())
    } else {
        format!("{s}×")
    }
}

fn ratio_text(r: f64) -> String {
    if r >= 10.0 {
        format!("{r:.0}×")
    } else if r >= 0.1 {
        format!("{r:.2}×")
    } else {
        format!("{r:.3}×")
    }
}

#[component]
pub fn Transport(ctx: WidgetContext) -> impl IntoView {
    let (spec, running, speed) = (ctx.spec, ctx.running, ctx.speed);
    view! {
        <div class="sim-transport" role="group" aria-label="Run controls">
            <button class="play" aria-pressed=move || running.get().to_string()
                on:click=move |_| ctx.play(!running.get_untracked())>
                {move || if running.get() { "❚❚ Pause" } else { "▶ Play" }}
            </button>
            <button on:click=move |_| ctx.step_once() title="Advance by one fiftieth of the window">"Step"</button>
            <button on:click=move |_| ctx.reset() title="Back to the start (key r)">"Reset"</button>
            <button class="presenter-toggle" aria-pressed={ let on = presenter::signal(); move || on.get().to_string() }
                title="Large type and thick lines for a lecture hall (key p); arrow keys step through the presets"
                on:click=move |_| presenter::toggle()>"Presenter"</button>
            <label class="speed">"Speed "
                <select aria-label="Simulation speed" on:change=move |ev| {
                    if let Ok(v) = event_target_value(&ev).parse::<f64>() {
                        ctx.set_speed(v);
                    }
                }>
                    {speeds(spec).iter().map(|&s| view! {
                        <option value=s.to_string() selected=move || speed.get() == s>{speed_text(spec, s)}</option>
                    }).collect_view()}
                </select>
            </label>
        </div>
    }
}

/// "t = 120.0 ms · 1.00× real time", or "trial 40 · 200 trials/s", with a warning when slower
/// than asked and why.
#[component]
pub fn Status(ctx: WidgetContext) -> impl IntoView {
    let (spec, running, speed, status) = (ctx.spec, ctx.running, ctx.speed, ctx.status);
    let offloaded = ctx.offloaded;
    view! {
        <div class="sim-status" class:slow=move || status.get().slow aria-live="off"
            data-t-ms=move || status.get().t_ms.to_string()>
            {move || {
                let s = status.get();
                let counts = spec.clock.counts();
                let rt = match (running.get(), counts) {
                    (false, _) => " · paused".to_string(),
                    (true, false) => format!(" · {} real time", ratio_text(s.ratio)),
                    (true, true) => format!(" · {}", speed_text(spec, s.ratio)),
                };
                let why = if offloaded { "this computer's background worker computes it no faster" } else { "the model needs more than the frame budget" };
                let warn = if s.slow { format!(" — slower than the {} asked: {why}", speed_text(spec, speed.get())) } else { String::new() };
                let now = if counts { spec.clock.reading(s.t_ms) } else { format!("t = {:.1} ms", s.t_ms) };
                format!("{now}{rt}{warn}")
            }}
        </div>
    }
}
