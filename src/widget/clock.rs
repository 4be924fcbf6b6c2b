//! The one animation clock of the widgets, and the frame budget.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::Arc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Simulation work allowed per animation frame, ms. A 60 Hz frame is 16.7 ms; this leaves room
/// for drawing and for the browser, so scrolling and typing stay smooth.
pub const SIM_BUDGET_MS: f64 = 7.0;
/// A frame gap longer than this (a background tab, a debugger) is not caught up.
pub const MAX_FRAME_GAP_MS: f64 = 100.0;

pub fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
}

/// A requestAnimationFrame loop that can be woken and that stops itself when `frame` returns
/// false. The closure holds only a weak reference to the clock, so dropping the clock (when the
/// widget unmounts) frees everything; `cancel_handle` lets the unmount cancel a pending frame.
pub struct Clock {
    inner: Rc<Inner>,
}

struct Inner {
    cb: RefCell<Option<Closure<dyn FnMut(f64)>>>,
    scheduled: Cell<bool>,
    raf_id: Arc<AtomicI32>,
}

impl Inner {
    fn schedule(&self) {
        if self.scheduled.get() {
            return;
        }
        if let (Some(w), Some(c)) = (web_sys::window(), self.cb.borrow().as_ref()) {
            if let Ok(id) = w.request_animation_frame(c.as_ref().unchecked_ref()) {
                self.raf_id.store(id, Ordering::Relaxed);
                self.scheduled.set(true);
            }
        }
    }
}

impl Clock {
    pub fn new(mut frame: impl FnMut(f64) -> bool + 'static) -> Clock {
        let inner = Rc::new(Inner { cb: RefCell::new(None), scheduled: Cell::new(false), raf_id: Arc::new(AtomicI32::new(0)) });
        let weak: Weak<Inner> = Rc::downgrade(&inner);
        *inner.cb.borrow_mut() = Some(Closure::new(move |t: f64| {
            let Some(inner) = weak.upgrade() else { return };
            inner.scheduled.set(false);
            if frame(t) {
                inner.schedule();
            }
        }));
        Clock { inner }
    }

    /// Makes sure a frame is coming.
    pub fn wake(&self) {
        self.inner.schedule();
    }

    /// Cancels a pending frame: for the widget's cleanup, which must be `Send`.
    pub fn cancel_handle(&self) -> Arc<AtomicI32> {
        self.inner.raf_id.clone()
    }
}

pub fn cancel_frame(id: &AtomicI32) {
    if let Some(w) = web_sys::window() {
        let _ = w.cancel_animation_frame(id.load(Ordering::Relaxed));
    }
}

/// Smoothed ratio of simulated to wall time (exponential moving average over ≈ 1 s).
#[derive(Clone, Copy, Debug, Default)]
pub struct SpeedMeter {
    pub ratio: f64,
    pub primed: bool,
}

impl SpeedMeter {
    pub fn add(&mut self, sim_ms: f64, wall_ms: f64) {
        if wall_ms <= 0.0 {
            return;
        }
        let r = sim_ms / wall_ms;
        if !self.primed {
            self.ratio = r;
            self.primed = true;
        } else {
            let a = (wall_ms / 1000.0).min(1.0);
            self.ratio += a * (r - self.ratio);
        }
    }
}
