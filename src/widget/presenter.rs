//! Presenter mode, for a simulation on a lecture-hall screen: large type, thick lines, high
//! contrast (the `presenter` class on <body>, styled in style/main.css, and `Look::presenter` for
//! the plots). Turned on by `presenter=1` in any URL, the widget's "Presenter" button or the `p`
//! key; it stays on for the session of that tab.

use leptos::prelude::*;

thread_local! {
    // Reference-counted, not arena-owned: an arena signal would belong to whichever widget first
    // asked for it, and die with it.
    static ON: ArcRwSignal<bool> = ArcRwSignal::new(false);
}

/// The reactive flag (widgets redraw their plots when it changes).
pub fn signal() -> ArcRwSignal<bool> {
    ON.with(|s| s.clone())
}

pub fn enabled() -> bool {
    signal().get_untracked()
}

pub fn set(on: bool) {
    if let Some(body) = document().body() {
        let _ = body.class_list().toggle_with_force("presenter", on);
    }
    if enabled() != on {
        signal().set(on);
    }
}

pub fn toggle() {
    set(!enabled());
}
