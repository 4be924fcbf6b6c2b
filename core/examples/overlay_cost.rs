//! What each sweep plot's closed-form overlays cost to compute on their grid, at every model's
//! defaults and presets (a benchmark, not a test). A local model's overlays are computed on the
//! page's main thread within the frame budget (`overlay::OverlayCurves`), an offloaded model's
//! in the worker when its parameters change: either way, a grid that costs hundreds of
//! milliseconds here (wasm is about 1.5–3× slower) keeps a plot waiting for its theory.
//!
//!     cargo run --release -p neurolive-core --example overlay_cost

use neurolive_core::overlay::OverlayCurves;
use neurolive_core::params::Params;
use neurolive_core::registry::MODELS;
use std::time::Instant;

fn main() {
    let mut rows = Vec::new();
    for entry in MODELS {
        let spec = entry.spec;
        let presets = spec.presets.iter().map(|p| p.name);
        for name in std::iter::once("defaults").chain(presets) {
            let params = match name {
                "defaults" => Params::defaults(spec),
                _ => Params::preset(spec, name).expect("declared preset"),
            };
            let model = (entry.build)(&params, 1);
            for curves in OverlayCurves::all(spec) {
                let plot = spec.plots[curves.plot].id;
                let t0 = Instant::now();
                let values = curves.values_now(model.as_ref());
                let ms = t0.elapsed().as_secs_f64() * 1e3;
                let points: usize = values
                    .iter()
                    .map(|(_, ys)| ys.iter().filter(|y| y.is_finite()).count())
                    .sum();
                rows.push((ms, format!("{}/{plot} [{name}]: {points} points", spec.id)));
            }
        }
    }
    rows.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (ms, what) in rows {
        println!("{ms:9.2} ms  {what}");
    }
}
