//! The in-browser benchmark (`?bench=<simulated ms>` on any simulation's URL, e.g.
//! `#/embed/brunel?preset=AI&bench=1000`): one run of the widget's model in this browser's wasm
//! engine, timed with `performance.now()`, reported as wall seconds per simulated second, the
//! figure `neurolive bench` gives natively. `bench/browser.mjs` reads it in headless Chromium.
//! It runs on the main thread in one go (the page is frozen while it runs, on purpose: it is a
//! measurement, not a lesson view).

use super::clock;
use leptos::prelude::*;
use neurolive_core::{ModelEntry, Params, Retention, Simulation};

#[derive(Clone, Debug)]
struct Result {
    build_s: f64,
    wall_s: f64,
    sim_s: f64,
    measures: Vec<(String, String)>,
    error: Option<String>,
    /// The wasm instance's linear memory after the run, MB (it never shrinks: a high-water mark).
    memory_mb: f64,
}

fn wasm_memory_mb() -> f64 {
    use wasm_bindgen::JsCast;
    wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .map(|m| {
            m.buffer()
                .unchecked_into::<js_sys::ArrayBuffer>()
                .byte_length() as f64
                / 1e6
        })
        .unwrap_or(f64::NAN)
}

#[component]
pub fn BenchReport(
    entry: &'static ModelEntry,
    params: Params,
    seed: u64,
    sim_ms: f64,
) -> impl IntoView {
    let result = RwSignal::new(None::<Result>);
    // Let the page paint "running" first.
    set_timeout(
        move || {
            let t0 = clock::now_ms();
            let mut sim =
                Simulation::new(entry, params, seed, Retention::Window(entry.spec.window_ms));
            // Building happens lazily on the first step for some models: count one step as build.
            let _ = sim.advance_steps(1);
            let t1 = clock::now_ms();
            let error = sim.run_for(sim_ms).err().map(|e| e.to_string());
            let t2 = clock::now_ms();
            let measures = sim
                .measures()
                .into_iter()
                .map(|(n, v)| (n.to_string(), v.map_or("—".into(), |v| format!("{v:.4}"))))
                .collect();
            let memory_mb = wasm_memory_mb();
            result.set(Some(Result {
                build_s: (t1 - t0) / 1e3,
                wall_s: (t2 - t1) / 1e3,
                sim_s: sim_ms / 1e3,
                measures,
                error,
                memory_mb,
            }));
        },
        std::time::Duration::from_millis(100),
    );
    view! {
        <section class="bench-report" aria-live="polite">
            <h3>"Benchmark in this browser"</h3>
            {move || match result.get() {
                None => view! { <p class="bench-running">{format!("Running {} ms of {} …", sim_ms, entry.spec.id)}</p> }.into_any(),
                Some(r) => {
                    let per = r.wall_s / r.sim_s;
                    view! {
                        <output class="bench-result" data-wall-s=r.wall_s data-sim-s=r.sim_s data-build-s=r.build_s data-s-per-sim-s=per data-memory-mb=r.memory_mb
                            data-measures=serde_json::to_string(&r.measures).unwrap_or_default()>
                            {format!("{:.3} s of wall time per simulated second ({:.2} s simulated in {:.2} s; building took {:.2} s; wasm memory {:.0} MB){}",
                                per, r.sim_s, r.wall_s, r.build_s, r.memory_mb, r.error.map(|e| format!(" — stopped: {e}")).unwrap_or_default())}
                        </output>
                        <ul class="bench-measures">{r.measures.into_iter().map(|(n, v)| view! { <li>{n}" = "{v}</li> }).collect_view()}</ul>
                    }.into_any()
                }
            }}
        </section>
    }
}
