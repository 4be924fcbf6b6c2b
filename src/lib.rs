//! NeuroLive's web app (Leptos, client-side): the lessons, the generic simulation widget and its
//! plots. Model equations live in `neurolive-core`; nothing here knows one.

pub mod app;
pub mod find;
pub mod lesson;
pub mod lms;
pub mod pages;
pub mod plot;
pub mod progress;
pub mod remote;
pub mod shared;
pub mod widget;

/// Mounts the app on the page's body.
pub fn mount() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
