//! The background worker's loop (the `sim-worker` binary calls `start`): it owns the real
//! simulation, runs it up to the time the page asks for, and posts a batch about every 20 ms of
//! wall time, so the page gets a steady stream and the worker still reads new commands between
//! batches.

use super::{encode_batch, encode_sweep, Command, SweepUpdate};
use neurolive_core::model::PlotKind;
use neurolive_core::run::param_sweep_values;
use neurolive_core::sweep::Sweep;
use neurolive_core::mirror::BatchSource;
use neurolive_core::{registry, Params, Retention, Simulation};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// Wall time the worker computes before it posts a batch and looks at its messages, ms.
const SLICE_MS: f64 = 20.0;

#[derive(Default)]
struct State {
    source: Option<BatchSource>,
    /// A sweep this worker computes instead of a live run: (epoch, sweep, points already sent).
    sweep: Option<(u32, Sweep, usize)>,
    upto_ms: f64,
    /// A pump is scheduled (the worker is busy until it catches up with `upto_ms`).
    pumping: bool,
    /// Simulated ms per wall ms, to size each slice.
    speed: f64,
    error: Option<String>,
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn params_of(spec: &'static neurolive_core::ModelSpec, values: &[f64]) -> Result<Params, String> {
    let mut p = Params::defaults(spec);
    if values.len() != spec.params.len() {
        return Err(format!("{} expects {} parameter values, got {}", spec.id, spec.params.len(), values.len()));
    }
    for (s, &v) in spec.params.iter().zip(values) {
        p.set(s.name, v).map_err(|e| e.to_string())?;
    }
    Ok(p)
}

fn handle(state: &Rc<RefCell<State>>, cmd: Command) -> Result<(), String> {
    let mut st = state.borrow_mut();
    match cmd {
        Command::Restart { sim, values, seed, epoch, window_ms } => {
            let entry = registry::find(&sim).ok_or_else(|| format!("unknown simulation '{sim}'"))?;
            let p = params_of(entry.spec, &values)?;
            match &mut st.source {
                Some(src) if src.sim.entry.spec.id == entry.spec.id => src.restart(p, seed, epoch),
                _ => st.source = Some(BatchSource::new(Simulation::new(entry, p, seed, Retention::Window(window_ms)), epoch)),
            }
            st.upto_ms = 0.0;
        }
        Command::Params { values, epoch } => {
            if let Some(src) = st.source.as_mut().filter(|s| s.epoch == epoch) {
                let p = params_of(src.sim.spec(), &values)?;
                src.set_params(p);
            }
        }
        Command::Sweep { sim, values, seed, plot, epoch } => {
            let entry = registry::find(&sim).ok_or_else(|| format!("unknown simulation '{sim}'"))?;
            let p = params_of(entry.spec, &values)?;
            let Some(PlotKind::Sweep { param, measure, from, to, steps, settle_ms, duration_ms, .. }) = entry.spec.plots.get(plot).map(|p| p.kind) else {
                return Err(format!("plot {plot} of {sim} is not a sweep"));
            };
            let pspec = entry.spec.param(param).ok_or("sweep over an unknown parameter")?.1;
            let xs = param_sweep_values(pspec, from, to, steps);
            let sweep = Sweep::new(entry, &p, seed, param, xs, measure, settle_ms, duration_ms).map_err(|e| e.to_string())?;
            st.sweep = Some((epoch, sweep, usize::MAX));
        }
        Command::Upto { t_ms, epoch } => {
            if st.source.as_ref().is_some_and(|s| s.epoch == epoch) {
                st.upto_ms = st.upto_ms.max(t_ms);
            }
        }
    }
    Ok(())
}

/// Works on the sweep for one slice and posts its points; whether work remains.
fn pump_sweep(st: &mut State) -> bool {
    let Some((epoch, sweep, sent)) = st.sweep.as_mut() else { return false };
    let t0 = js_sys::Date::now();
    // Steps per slice adapt to their cost, as the page's frame budget does.
    let mut steps = 200u64;
    while !sweep.done() && js_sys::Date::now() - t0 < SLICE_MS {
        let t = js_sys::Date::now();
        sweep.work(steps);
        let spent = js_sys::Date::now() - t;
        if spent < SLICE_MS / 4.0 {
            steps *= 2;
        }
    }
    if *sent != sweep.points.len() || sweep.done() {
        *sent = sweep.points.len();
        let u = SweepUpdate { epoch: *epoch, points: sweep.points.clone(), error: sweep.error.as_ref().map(|e| e.to_string()) };
        let _ = scope().post_message(&encode_sweep(&u));
    }
    let more = !sweep.done();
    if !more {
        st.sweep = None;
    }
    more
}

/// Computes one slice and posts it; schedules itself again while behind.
fn pump(state: Rc<RefCell<State>>) {
    let again = {
        let mut guard = state.borrow_mut();
        let st = &mut *guard;
        if st.sweep.is_some() {
            let more = pump_sweep(st);
            st.pumping = more;
            drop(guard);
            if more {
                // A sweep works half the time: with the live run's worker and the page on a
                // two-core laptop, a sweep at full speed would starve the page's frames.
                schedule_after(state, SLICE_MS);
            }
            return;
        }
        let Some(src) = st.source.as_mut() else {
            st.pumping = false;
            return;
        };
        let left = st.upto_ms - src.sim.time_ms();
        if left <= 0.0 || src.sim.failed.is_some() {
            st.pumping = false;
            return;
        }
        let ms = (st.speed.max(1e-3) * SLICE_MS).clamp(src.sim.dt_ms(), left.max(src.sim.dt_ms()));
        let t0 = js_sys::Date::now();
        let batch = src.next(ms);
        let wall = (js_sys::Date::now() - t0).max(0.5);
        st.speed = 0.5 * st.speed + 0.5 * (ms / wall);
        let (msg, transfer) = encode_batch(&batch);
        if let Err(e) = scope().post_message_with_transfer(&msg, &transfer) {
            st.error = Some(format!("{e:?}"));
        }
        let more = batch.failed.is_none() && src.sim.time_ms() < st.upto_ms;
        st.pumping = more;
        more
    };
    if again {
        schedule(state);
    }
}

/// Runs `pump` after the worker has read its pending messages (a zero-delay timeout).
fn schedule(state: Rc<RefCell<State>>) {
    schedule_after(state, 0.0);
}

fn schedule_after(state: Rc<RefCell<State>>, ms: f64) {
    let cb = Closure::once_into_js(move || pump(state));
    let _ = scope().set_timeout_with_callback_and_timeout_and_arguments_0(cb.unchecked_ref(), ms as i32);
}

/// The worker's entry point: listens for commands.
pub fn start() {
    let state = Rc::new(RefCell::new(State { speed: 0.05, ..State::default() }));
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
        let Some(text) = ev.data().as_string() else { return };
        let result = Command::from_json(&text).and_then(|c| handle(&state, c));
        if let Err(e) = result {
            let _ = scope().post_message(&JsValue::from_str(&format!("error: {e}")));
            return;
        }
        let start = {
            let mut st = state.borrow_mut();
            let behind = st.source.as_ref().is_some_and(|s| s.sim.time_ms() < st.upto_ms) || st.sweep.is_some();
            let go = behind && !st.pumping;
            st.pumping |= go;
            go
        };
        if start {
            schedule(state.clone());
        }
    });
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // Messages that arrive while the wasm is still loading find no handler and are lost: the
    // page holds its commands until this.
    let _ = scope().post_message(&JsValue::from_str(super::READY));
}
