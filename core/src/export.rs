//! The files a run produces: `traces.csv`, `spikes.csv`, `summary.json`, and a sweep's CSV.
//! One writer, used by the CLI and by the page's export button, so both give the same bytes.

use crate::run::Simulation;
use serde_json::{json, Map, Value};
use std::fmt::Write;

/// `t_ms` then one column per declared trace, one row per sample.
pub fn traces_csv(sim: &Simulation) -> String {
    let spec = sim.spec();
    let rec = &sim.rec;
    let mut out = String::with_capacity(rec.t.len() * (12 * (1 + spec.traces.len())));
    out.push_str("t_ms");
    for t in spec.traces {
        out.push(',');
        out.push_str(t.name);
    }
    out.push('\n');
    for (i, t) in rec.t.iter().enumerate() {
        let _ = write!(out, "{}", round_time(*t));
        for c in &rec.traces {
            let _ = write!(out, ",{}", c[i]);
        }
        out.push('\n');
    }
    out
}

/// `t_ms,neuron`, one row per spike.
pub fn spikes_csv(sim: &Simulation) -> String {
    let mut out = String::from("t_ms,neuron\n");
    for s in &sim.rec.spikes {
        let _ = writeln!(out, "{},{}", round_time(s.t_ms), s.neuron);
    }
    out
}

/// Times are sums of dt steps: print them rounded to 1e-9 ms so 0.1+0.2 shows as 0.3.
fn round_time(t: f64) -> f64 {
    (t * 1e9).round() / 1e9
}

/// `{"sim", "seed", "t_ms", "params": {...}, "measures": {...}}`; an undefined measure is null.
pub fn summary_json(sim: &Simulation) -> Value {
    let mut params = Map::new();
    for (p, v) in sim.params.iter() {
        params.insert(p.name.to_string(), json!(v));
    }
    let mut measures = Map::new();
    for (name, v) in sim.measures() {
        measures.insert(name.to_string(), v.map_or(Value::Null, |x| json!(x)));
    }
    json!({
        "sim": sim.spec().id,
        "seed": sim.seed,
        "t_ms": round_time(sim.time_ms()),
        "params": params,
        "measures": measures,
    })
}

/// A sweep as CSV: the parameter against the measure (empty where undefined).
pub fn sweep_csv(param: &str, measure: &str, points: &[(f64, Option<f64>)]) -> String {
    let mut out = format!("{param},{measure}\n");
    for (x, y) in points {
        match y {
            Some(y) => {
                let _ = writeln!(out, "{x},{y}");
            }
            None => {
                let _ = writeln!(out, "{x},");
            }
        }
    }
    out
}
