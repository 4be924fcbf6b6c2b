//! The background worker's loop (the `sim-worker` binary calls `start`): it owns the real
//! simulation, runs it up to the time the page asks for, and posts a batch about every 20 ms of
//! wall time, so the page gets a steady stream and the worker still reads new commands between
//! batches. The sweeps of the widget's sweep plots run here too, between the live run's slices.

use super::{
    encode_batch, encode_export, encode_sweep, pacing, Command, ExportUpdate, SweepUpdate,
};
use neurolive_core::export::{ExportFile, ExportRun};
use neurolive_core::mirror::BatchSource;
use neurolive_core::model::PlotKind;
use neurolive_core::run::param_sweep_values;
use neurolive_core::sweep::Sweep;
use neurolive_core::{registry, Params, Retention, Simulation};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageChannel, MessageEvent};

/// Wall time the worker computes before it posts a batch and looks at its messages, ms.
const SLICE_MS: f64 = 20.0;

/// Wall time between two summaries (measures and profiles) of a running simulation, ms. A
/// summary scans the whole recording (a million spikes' worth for Brunel's network): with every
/// 20 ms batch it took 10–18 % of the worker's time; the page shows it a few times a second.
const SUMMARY_EVERY_MS: f64 = 250.0;

/// While the live run is behind the clock, a pending sweep gets this share of the worker's time
/// (counted in time, not slices: a sweep point's network build cannot be cut short): the network
/// a student watches keeps most of the worker, and the sweep still advances. When the live run
/// is paused or caught up, the sweep gets all of it. An export, which a student is waiting for,
/// comes first.
const SWEEP_SHARE: f64 = 0.25;

/// Work besides the live run, done in turn: a sweep (its plot, its id, how many points were
/// sent) or an export (a fresh run whose file goes back to the page).
enum Job {
    Sweep {
        plot: usize,
        epoch: u32,
        sweep: Sweep,
        sent: usize,
    },
    Export {
        epoch: u32,
        file: ExportFile,
        run: Option<ExportRun>,
        build: Option<(&'static neurolive_core::ModelEntry, Params, u64, f64)>,
    },
}

#[derive(Default)]
struct State {
    source: Option<BatchSource>,
    jobs: Vec<Job>,
    upto_ms: f64,
    /// A pump is scheduled (the worker is busy until it catches up and its sweeps are done).
    pumping: bool,
    /// Simulated ms per wall ms, to size each slice.
    speed: f64,
    /// Wall time of the last summary sent, ms.
    summary_at: f64,
    /// Wall time given to the live run and to sweeps since a job was queued, ms.
    live_ms: f64,
    sweep_ms: f64,
    error: Option<String>,
    /// The widget is off screen: only an export goes on (see `Command::Hold`).
    held: bool,
}

impl State {
    fn queue(&mut self, job: Job) {
        if self.jobs.is_empty() {
            (self.live_ms, self.sweep_ms) = (0.0, 0.0);
        }
        match job {
            Job::Export { .. } => self.jobs.insert(0, job),
            Job::Sweep { .. } => self.jobs.push(job),
        }
    }

    fn live_behind(&self) -> bool {
        self.source.as_ref().is_some_and(|s| {
            s.sim.failed.is_none() && !pacing::caught_up(s.sim.time_ms(), self.upto_ms)
        })
    }

    fn export_first(&self) -> bool {
        matches!(self.jobs.first(), Some(Job::Export { .. }))
    }

    fn busy(&self) -> bool {
        self.export_first() || (!self.held && (self.live_behind() || !self.jobs.is_empty()))
    }
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn params_of(spec: &'static neurolive_core::ModelSpec, values: &[f64]) -> Result<Params, String> {
    let mut p = Params::defaults(spec);
    if values.len() != spec.params.len() {
        return Err(format!(
            "{} expects {} parameter values, got {}",
            spec.id,
            spec.params.len(),
            values.len()
        ));
    }
    for (s, &v) in spec.params.iter().zip(values) {
        p.set(s.name, v).map_err(|e| e.to_string())?;
    }
    Ok(p)
}

fn handle(st: &mut State, cmd: Command) -> Result<(), String> {
    match cmd {
        Command::Restart {
            sim,
            values,
            seed,
            epoch,
            window_ms,
        } => {
            let entry =
                registry::find(&sim).ok_or_else(|| format!("unknown simulation '{sim}'"))?;
            let p = params_of(entry.spec, &values)?;
            match &mut st.source {
                Some(src) if src.sim.entry.spec.id == entry.spec.id => src.restart(p, seed, epoch),
                _ => {
                    st.source = Some(BatchSource::new(
                        Simulation::new(entry, p, seed, Retention::Window(window_ms)),
                        epoch,
                    ))
                }
            }
            st.upto_ms = 0.0;
        }
        Command::Params { values, epoch } => {
            if let Some(src) = st.source.as_mut().filter(|s| s.epoch == epoch) {
                let p = params_of(src.sim.spec(), &values)?;
                src.set_params(p);
            }
        }
        Command::Sweep {
            sim,
            values,
            seed,
            plot,
            epoch,
        } => {
            let entry =
                registry::find(&sim).ok_or_else(|| format!("unknown simulation '{sim}'"))?;
            let p = params_of(entry.spec, &values)?;
            let Some(PlotKind::Sweep {
                param,
                measure,
                from,
                to,
                steps,
                settle_ms,
                duration_ms,
                seeds,
                ..
            }) = entry.spec.plots.get(plot).map(|p| p.kind)
            else {
                return Err(format!("plot {plot} of {sim} is not a sweep"));
            };
            let pspec = entry
                .spec
                .param(param)
                .ok_or("sweep over an unknown parameter")?
                .1;
            let xs = param_sweep_values(pspec, from, to, steps);
            let sweep = Sweep::new(entry, &p, seed, param, xs, measure, settle_ms, duration_ms)
                .map_err(|e| e.to_string())?
                .with_seeds(seeds);
            // A new sweep of a plot replaces the one in progress.
            st.jobs
                .retain(|j| !matches!(j, Job::Sweep { plot: p, .. } if *p == plot));
            st.queue(Job::Sweep {
                plot,
                epoch,
                sweep,
                sent: usize::MAX,
            });
        }
        Command::Export {
            sim,
            values,
            seed,
            file,
            duration_ms,
            epoch,
        } => {
            let entry =
                registry::find(&sim).ok_or_else(|| format!("unknown simulation '{sim}'"))?;
            let p = params_of(entry.spec, &values)?;
            let file =
                ExportFile::from_name(&file).ok_or_else(|| format!("no export file '{file}'"))?;
            // Built in the first slice, not here: a large network takes a while.
            st.queue(Job::Export {
                epoch,
                file,
                run: None,
                build: Some((entry, p, seed, duration_ms)),
            });
        }
        Command::Edit {
            arena,
            x,
            y,
            tool,
            epoch,
        } => {
            let tool =
                super::tool_of(&tool).ok_or_else(|| format!("unknown arena tool '{tool}'"))?;
            if let Some(src) = st.source.as_mut().filter(|s| s.epoch == epoch) {
                let (msg, transfer) = encode_batch(&src.edit(&arena, x, y, tool));
                scope()
                    .post_message_with_transfer(&msg, &transfer)
                    .map_err(|e| format!("{e:?}"))?;
            }
        }
        Command::Hold { on } => st.held = on,
        Command::Upto { t_ms, epoch } => {
            if st.source.as_ref().is_some_and(|s| s.epoch == epoch) {
                st.upto_ms = st.upto_ms.max(t_ms);
            }
        }
    }
    Ok(())
}

/// Calls `work(steps)` (which returns whether work remains) for about one slice of wall time;
/// the steps per call adapt to their cost, as the page's frame budget does.
fn work_for_a_slice(mut work: impl FnMut(u64) -> bool) {
    let t0 = js_sys::Date::now();
    let mut steps = 200u64;
    while js_sys::Date::now() - t0 < SLICE_MS {
        let t = js_sys::Date::now();
        if !work(steps) {
            break;
        }
        if js_sys::Date::now() - t < SLICE_MS / 4.0 {
            steps *= 2;
        }
    }
}

/// Works on the oldest job for one slice and posts its progress.
fn job_slice(st: &mut State) {
    let Some(job) = st.jobs.first_mut() else {
        return;
    };
    let finished = match job {
        Job::Sweep {
            plot,
            epoch,
            sweep,
            sent,
        } => {
            work_for_a_slice(|steps| sweep.work(steps));
            if *sent != sweep.points.len() || sweep.done() {
                *sent = sweep.points.len();
                let u = SweepUpdate {
                    plot: *plot,
                    epoch: *epoch,
                    points: sweep.points.clone(),
                    sems: sweep.sems.clone(),
                    error: sweep.error.as_ref().map(|e| e.to_string()),
                };
                let _ = scope().post_message(&encode_sweep(&u));
            }
            sweep.done()
        }
        Job::Export {
            epoch,
            file,
            run,
            build,
        } => {
            if let Some((entry, p, seed, ms)) = build.take() {
                *run = Some(ExportRun::new(entry, p, seed, ms));
            }
            let Some(r) = run.as_mut() else { return };
            work_for_a_slice(|steps| r.work(steps));
            let text = r.done().then(|| r.text(*file));
            let _ = scope().post_message(&encode_export(&ExportUpdate {
                epoch: *epoch,
                progress: r.progress(),
                text,
            }));
            r.done()
        }
    };
    if finished {
        st.jobs.remove(0);
    }
}

/// Runs the live simulation for one slice and posts the batch.
fn live_slice(st: &mut State) {
    let Some(src) = st.source.as_mut() else {
        return;
    };
    let left = st.upto_ms - src.sim.time_ms();
    let dt = src.sim.dt_ms();
    let ms = pacing::slice_ms(st.speed, SLICE_MS, left, dt);
    let t0 = js_sys::Date::now();
    let summary = pacing::summary_due(ms, left, dt, t0 - st.summary_at, SUMMARY_EVERY_MS);
    let batch = src.next_with(ms, summary);
    let now = js_sys::Date::now();
    if batch.measures.is_some() {
        st.summary_at = now;
    }
    st.speed = 0.5 * st.speed + 0.5 * (ms / (now - t0).max(0.5));
    let (msg, transfer) = encode_batch(&batch);
    if let Err(e) = scope().post_message_with_transfer(&msg, &transfer) {
        st.error = Some(format!("{e:?}"));
    }
}

/// One slice of work (an export, the live run or a sweep, see `SWEEP_SHARE`); whether work
/// remains.
fn pump(st: &mut State) -> bool {
    let live = st.live_behind();
    let sweep = !st.jobs.is_empty();
    if st.export_first() {
        job_slice(st);
    } else if st.held {
        return false;
    } else if live && sweep {
        let t0 = js_sys::Date::now();
        if st.sweep_ms <= SWEEP_SHARE * (st.live_ms + st.sweep_ms) {
            job_slice(st);
            st.sweep_ms += js_sys::Date::now() - t0;
        } else {
            live_slice(st);
            st.live_ms += js_sys::Date::now() - t0;
        }
    } else if live {
        live_slice(st);
    } else if sweep {
        job_slice(st);
    }
    st.busy()
}

/// The worker's loop. Slices are chained through a MessageChannel, not `setTimeout(0)`: browsers
/// clamp nested timeouts to 4 ms, which left the worker idle a fifth of the time; a message lets
/// the page's commands in between slices without that pause.
struct Looper {
    state: Rc<RefCell<State>>,
    channel: MessageChannel,
    _tick: Closure<dyn FnMut(MessageEvent)>,
}

impl Looper {
    fn new(state: Rc<RefCell<State>>) -> Result<Rc<Looper>, JsValue> {
        let channel = MessageChannel::new()?;
        let tick = {
            let state = state.clone();
            let port = channel.port2();
            Closure::<dyn FnMut(MessageEvent)>::new(move |_| {
                let more = {
                    let mut st = state.borrow_mut();
                    let more = pump(&mut st);
                    st.pumping = more;
                    more
                };
                if more {
                    let _ = port.post_message(&JsValue::NULL);
                }
            })
        };
        channel
            .port1()
            .set_onmessage(Some(tick.as_ref().unchecked_ref()));
        Ok(Rc::new(Looper {
            state,
            channel,
            _tick: tick,
        }))
    }

    /// Starts the loop unless it runs already.
    fn kick(&self) {
        let mut st = self.state.borrow_mut();
        if st.busy() && !st.pumping {
            st.pumping = true;
            let _ = self.channel.port2().post_message(&JsValue::NULL);
        }
    }
}

/// The worker's entry point: listens for commands.
pub fn start() {
    let state = Rc::new(RefCell::new(State {
        speed: 0.05,
        summary_at: f64::NEG_INFINITY,
        ..State::default()
    }));
    let looper = match Looper::new(state.clone()) {
        Ok(l) => l,
        Err(e) => {
            let _ = scope().post_message(&JsValue::from_str(&format!(
                "error: the worker could not start its loop: {e:?}"
            )));
            return;
        }
    };
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
        let Some(text) = ev.data().as_string() else {
            return;
        };
        let result = Command::from_json(&text).and_then(|c| handle(&mut state.borrow_mut(), c));
        if let Err(e) = result {
            let _ = scope().post_message(&JsValue::from_str(&format!("error: {e}")));
            return;
        }
        looper.kick();
    });
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // Messages that arrive while the wasm is still loading find no handler and are lost: the
    // page holds its commands until this.
    let _ = scope().post_message(&JsValue::from_str(super::READY));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state_with_a_run_behind() -> State {
        let entry = registry::find("brunel").unwrap();
        let mut p = Params::defaults(entry.spec);
        p.set("N_E", 400.0).unwrap();
        let sim = Simulation::new(entry, p, 1, Retention::Window(100.0));
        State {
            source: Some(BatchSource::new(sim, 1)),
            upto_ms: 50.0,
            ..State::default()
        }
    }

    /// A held worker (its widget off screen) does nothing for its live run or its sweeps, and
    /// goes on when released; an export, which a student waits for, is never held.
    #[test]
    fn a_held_worker_only_exports() {
        let mut st = state_with_a_run_behind();
        assert!(
            st.busy(),
            "a run behind the time asked keeps the worker busy"
        );
        handle(&mut st, Command::Hold { on: true }).unwrap();
        assert!(!st.busy(), "held: the live run waits");
        assert!(!pump(&mut st), "held: a pump does nothing");
        let values = st.source.as_ref().unwrap().sim.params.values().to_vec();
        handle(
            &mut st,
            Command::Export {
                sim: "brunel".into(),
                values,
                seed: 1,
                file: "spikes.csv".into(),
                duration_ms: 1.0,
                epoch: 1,
            },
        )
        .unwrap();
        assert!(st.busy(), "an export goes on while held");
        handle(&mut st, Command::Hold { on: false }).unwrap();
        st.jobs.clear();
        assert!(st.busy(), "released: the live run goes on");
    }
}
