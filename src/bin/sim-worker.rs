//! The background worker that runs heavy simulations (e.g. Brunel's full-size network) off the
//! page's main thread; Trunk builds it as a web worker (`data-type="worker"` in index.html).

fn main() {
    #[cfg(target_arch = "wasm32")]
    neurolive_app::remote::worker::start();
}
