//! The page's side of a simulation that runs in the background worker: it sends commands, queues
//! the batches that come back, and applies them to the mirror simulation as the clock asks. The
//! widget's sweeps of such a model run in the same worker (see `worker::SWEEP_SHARE`).

use super::{
    decode_batch, decode_export, decode_sweep, pacing, Command, ExportUpdate, Mailbox, SweepUpdate,
    WORKER_URL,
};
use neurolive_core::mirror::{mirror_simulation, Batch, MirrorState};
use neurolive_core::{ModelEntry, Params, Retention, Simulation};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};

type OnMessage = Closure<dyn FnMut(MessageEvent)>;
type OnError = Closure<dyn FnMut(web_sys::Event)>;

/// Starts a worker: `on_data` gets each message but the ready signal (see `Mailbox`), `on_fail`
/// the reason if its script fails to load or run. The closures must live as long as the worker.
fn spawn(
    mut on_data: impl FnMut(JsValue) + 'static,
    mut on_fail: impl FnMut(String) + 'static,
) -> Result<(Mailbox, OnMessage, OnError), String> {
    let raw = Worker::new(WORKER_URL)
        .map_err(|e| format!("the background worker could not start: {e:?}"))?;
    let mailbox = Mailbox::new(raw.clone());
    let on_message = {
        let mailbox = mailbox.handle();
        Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            let data = ev.data();
            if !mailbox.on_message(&data) {
                on_data(data);
            }
        })
    };
    // An error in the worker's code comes as an ErrorEvent with a message; a script that cannot
    // be loaded comes as a plain Event, with none.
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
        ev.prevent_default();
        let message = js_sys::Reflect::get(&ev, &JsValue::from_str("message"))
            .ok()
            .and_then(|m| m.as_string())
            .filter(|m| !m.is_empty());
        on_fail(format!(
            "the background worker failed: {}",
            message
                .as_deref()
                .unwrap_or("its script could not be loaded")
        ));
    });
    raw.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    raw.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Ok((mailbox, on_message, on_error))
}

/// Shared between the engine and the worker's message handler.
#[derive(Default)]
struct Inbox {
    queue: VecDeque<Batch>,
    /// The newest update of each sweep plot that the widget has not read yet.
    sweeps: Vec<SweepUpdate>,
    /// The newest update of the export in progress.
    export: Option<ExportUpdate>,
    /// A message the worker sent instead of a batch, or its script failed to load or run.
    error: Option<String>,
    /// Called when a batch arrives (wakes the widget's clock).
    on_batch: Option<Rc<dyn Fn()>>,
}

pub struct Remote {
    entry: &'static ModelEntry,
    worker: Mailbox,
    inbox: Rc<RefCell<Inbox>>,
    pub state: Rc<RefCell<MirrorState>>,
    epoch: u32,
    /// Simulated time the worker has been asked to reach in this epoch, ms.
    requested_ms: f64,
    /// Numbers the sweeps and exports sent to the worker (updates of a replaced one are dropped).
    sweep_epoch: u32,
    _on_message: OnMessage,
    _on_error: OnError,
}

impl Drop for Remote {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

impl Remote {
    /// Starts a worker running `entry`; returns it with the mirror simulation the page draws.
    pub fn start(
        entry: &'static ModelEntry,
        params: Params,
        seed: u64,
    ) -> Result<(Remote, Simulation), String> {
        let inbox = Rc::new(RefCell::new(Inbox::default()));
        let on_data = {
            let inbox = inbox.clone();
            move |data: JsValue| {
                let mut ib = inbox.borrow_mut();
                if let Some(text) = data.as_string() {
                    ib.error = Some(text);
                } else if let Some(update) = decode_export(&data) {
                    match update {
                        Ok(u) => ib.export = Some(u),
                        Err(e) => {
                            ib.error = Some(format!("a malformed export from the worker: {e}"))
                        }
                    }
                } else if let Some(update) = decode_sweep(&data) {
                    match update {
                        Ok(u) => {
                            ib.sweeps.retain(|o| o.plot != u.plot);
                            ib.sweeps.push(u);
                        }
                        Err(e) => {
                            ib.error =
                                Some(format!("a malformed sweep update from the worker: {e}"))
                        }
                    }
                } else {
                    match decode_batch(&data) {
                        Ok(b) => ib.queue.push_back(b),
                        Err(e) => {
                            ib.error = Some(format!("a malformed batch from the worker: {e}"))
                        }
                    }
                }
                let wake = ib.on_batch.clone();
                drop(ib);
                if let Some(w) = wake {
                    w();
                }
            }
        };
        let on_fail = {
            let inbox = inbox.clone();
            move |msg: String| inbox.borrow_mut().error = Some(msg)
        };
        let (worker, on_message, on_error) = spawn(on_data, on_fail)?;
        let (mirror, state) =
            mirror_simulation(entry, params, seed, Retention::Window(entry.spec.window_ms));
        // Nothing is built until the widget first shows (its preview restarts the run): a lesson
        // with several of these widgets builds only the networks a student looks at.
        let remote = Remote {
            entry,
            worker,
            inbox,
            state,
            epoch: 0,
            requested_ms: 0.0,
            sweep_epoch: 0,
            _on_message: on_message,
            _on_error: on_error,
        };
        Ok((remote, mirror))
    }

    pub fn on_batch(&self, wake: Rc<dyn Fn()>) {
        self.inbox.borrow_mut().on_batch = Some(wake);
    }

    fn post(&self, c: Command) {
        self.worker.post(&c);
    }

    fn send_restart(&mut self, params: &Params, seed: u64) {
        self.epoch += 1;
        self.requested_ms = 0.0;
        self.inbox.borrow_mut().queue.clear();
        self.post(Command::Restart {
            sim: self.entry.spec.id.to_string(),
            values: params.values().to_vec(),
            seed,
            epoch: self.epoch,
            window_ms: self.entry.spec.window_ms,
        });
    }

    /// A fresh run (reset, new seed, a parameter marked `restart`): a new epoch and a new mirror.
    pub fn restart(&mut self, params: Params, seed: u64) -> Simulation {
        self.send_restart(&params, seed);
        let (mirror, state) = mirror_simulation(
            self.entry,
            params,
            seed,
            Retention::Window(self.entry.spec.window_ms),
        );
        self.state = state;
        mirror
    }

    /// A click on cell (x, y) of arena `arena`; the worker answers with a batch (`edited`).
    pub fn edit(&self, arena: &str, x: usize, y: usize, tool: neurolive_core::model::ArenaTool) {
        self.post(Command::Edit {
            arena: arena.to_string(),
            x,
            y,
            tool: super::tool_name(tool).to_string(),
            epoch: self.epoch,
        });
    }

    /// Off screen (`on`), the worker holds the live run and the sweeps; back on screen, it goes on.
    pub fn hold(&self, on: bool) {
        self.post(Command::Hold { on });
    }

    /// New values applied to the running state.
    pub fn set_params(&mut self, params: &Params) {
        self.post(Command::Params {
            values: params.values().to_vec(),
            epoch: self.epoch,
        });
    }

    /// How far the worker has been asked to run in this epoch, ms.
    pub fn requested_ms(&self) -> f64 {
        self.requested_ms
    }

    /// Asks the worker to run ahead up to `t_ms` (no-op if already asked).
    pub fn request(&mut self, t_ms: f64) {
        if t_ms > self.requested_ms {
            self.requested_ms = t_ms;
            self.post(Command::Upto {
                t_ms,
                epoch: self.epoch,
            });
        }
    }

    /// Applies the queued batches of this epoch that end by `until_ms`; returns the simulated ms
    /// covered, or the worker's failure.
    pub fn take(&mut self, mirror: &mut Simulation, until_ms: f64) -> Result<f64, String> {
        let mut ib = self.inbox.borrow_mut();
        if let Some(e) = ib.error.take() {
            return Err(e);
        }
        pacing::take_batches(&mut ib.queue, self.epoch, mirror, &self.state, until_ms)
    }

    /// Starts the sweep declared by plot `plot` from the mirror's parameters and seed (replacing
    /// one in progress); returns its number, to give `poll_sweep`.
    pub fn start_sweep(&mut self, mirror: &Simulation, plot: usize) -> u32 {
        self.sweep_epoch += 1;
        self.inbox.borrow_mut().sweeps.retain(|u| u.plot != plot);
        self.post(Command::Sweep {
            sim: self.entry.spec.id.to_string(),
            values: mirror.params.values().to_vec(),
            seed: mirror.seed,
            plot,
            epoch: self.sweep_epoch,
        });
        self.sweep_epoch
    }

    /// Asks for file `file` of a fresh run of `duration_ms` with the mirror's parameters and
    /// seed (the export button); returns its number, to give `poll_export`.
    pub fn start_export(&mut self, mirror: &Simulation, file: &str, duration_ms: f64) -> u32 {
        self.sweep_epoch += 1;
        self.inbox.borrow_mut().export = None;
        let c = Command::Export {
            sim: self.entry.spec.id.to_string(),
            values: mirror.params.values().to_vec(),
            seed: mirror.seed,
            file: file.to_string(),
            duration_ms,
            epoch: self.sweep_epoch,
        };
        self.post(c);
        self.sweep_epoch
    }

    /// The newest progress of export `epoch` since the last call (with its text once done).
    pub fn poll_export(&self, epoch: u32) -> Option<ExportUpdate> {
        self.inbox
            .borrow_mut()
            .export
            .take()
            .filter(|u| u.epoch == epoch)
    }

    /// The newest points of sweep `epoch` of plot `plot` since the last call. (A failure of the
    /// worker itself reaches the live run, through `take`.)
    pub fn poll_sweep(&self, plot: usize, epoch: u32) -> Option<SweepUpdate> {
        let mut ib = self.inbox.borrow_mut();
        let i = ib.sweeps.iter().position(|u| u.plot == plot)?;
        let u = ib.sweeps.swap_remove(i);
        (u.epoch == epoch).then_some(u)
    }
}
