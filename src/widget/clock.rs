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
thread_local! {
    /// (timestamp of the current animation frame, widgets that worked in it, in the frame before).
    static LEDGER: Cell<(f64, u32, u32)> = const { Cell::new((f64::NAN, 0, 0)) };
}

/// The deadline for one widget's simulation work in the animation frame `frame_ts`: the frame's
/// budget is shared by all the widgets that run, so three running widgets never take three
/// budgets (all callbacks of one frame receive the same timestamp).
pub fn frame_deadline(frame_ts: f64) -> f64 {
    let share = LEDGER.with(|l| {
        let (ts, now_count, prev_count) = l.get();
        let (now_count, prev_count) = if ts == frame_ts {
            (now_count + 1, prev_count)
        } else {
            (1, now_count)
        };
        l.set((frame_ts, now_count, prev_count));
        SIM_BUDGET_MS / now_count.max(prev_count).max(1) as f64
    });
    now_ms() + share
}

pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
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
        let inner = Rc::new(Inner {
            cb: RefCell::new(None),
            scheduled: Cell::new(false),
            raf_id: Arc::new(AtomicI32::new(0)),
        });
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
