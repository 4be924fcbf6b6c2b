//! The files a run produces: `traces.csv`, `spikes.csv`, `summary.json`, and a sweep's CSV.
//! One writer, used by the CLI and by the page's export button, so both give the same bytes.

use crate::run::Simulation;
use serde_json::{json, Map, Value};
use std::fmt::Write;

/// `t_ms` (or the model's unit: `trial`, `epoch`…) then one column per declared trace, one row
/// per sample.
pub fn traces_csv(sim: &Simulation) -> String {
    let spec = sim.spec();
    let rec = &sim.rec;
    let mut out = String::with_capacity(rec.t.len() * (12 * (1 + spec.traces.len())));
    out.push_str(spec.clock.csv_column());
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
/// For a model that counts trials (epochs…), `t_ms` is replaced by `trials` (`epochs`…).
pub fn summary_json(sim: &Simulation) -> Value {
    let mut params = Map::new();
    for (p, v) in sim.params.iter() {
        params.insert(p.name.to_string(), json!(v));
    }
    let mut measures = Map::new();
    for (name, v) in sim.measures() {
        measures.insert(name.to_string(), v.map_or(Value::Null, |x| json!(x)));
    }
    let mut v = json!({
        "sim": sim.spec().id,
        "seed": sim.seed,
        "t_ms": round_time(sim.time_ms()),
        "params": params,
        "measures": measures,
    });
    if sim.spec().clock.counts() {
        let obj = v.as_object_mut().expect("an object");
        obj.remove("t_ms");
        obj.insert(
            sim.spec().clock.plural().to_string(),
            json!(sim.time_ms().round()),
        );
    }
    v
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

/// A sweep averaged over seeds as CSV: the parameter, the mean of the measure and its standard
/// error (both empty where the measure was undefined in every run).
pub fn sweep_csv_with_sem(
    param: &str,
    measure: &str,
    points: &[(f64, Option<f64>)],
    sems: &[Option<f64>],
) -> String {
    let mut out = format!("{param},{measure},{measure}_sem\n");
    for ((x, y), e) in points.iter().zip(sems) {
        match (y, e) {
            (Some(y), Some(e)) => {
                let _ = writeln!(out, "{x},{y},{e}");
            }
            _ => {
                let _ = writeln!(out, "{x},,");
            }
        }
    }
    out
}

/// One of the files of a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFile {
    Traces,
    Spikes,
    Summary,
}

impl ExportFile {
    pub const ALL: [ExportFile; 3] = [ExportFile::Traces, ExportFile::Spikes, ExportFile::Summary];

    pub fn name(self) -> &'static str {
        match self {
            ExportFile::Traces => "traces.csv",
            ExportFile::Spikes => "spikes.csv",
            ExportFile::Summary => "summary.json",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            ExportFile::Summary => "application/json",
            _ => "text/csv",
        }
    }

    /// The file of this name (`traces.csv`, …).
    pub fn from_name(name: &str) -> Option<ExportFile> {
        ExportFile::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// `summary.json` as written: pretty JSON and a final newline, with the run's failure if it
/// stopped early (`"error"`).
pub fn summary_text(sim: &Simulation, failure: Option<&str>) -> String {
    let mut summary = summary_json(sim);
    if let (Some(e), Some(map)) = (failure, summary.as_object_mut()) {
        map.insert("error".to_string(), Value::String(e.to_string()));
    }
    serde_json::to_string_pretty(&summary).unwrap_or_default() + "\n"
}

/// The text of one file of a finished run (the CLI's `run` writes the same bytes).
pub fn file_text(sim: &Simulation, file: ExportFile, failure: Option<&str>) -> String {
    match file {
        ExportFile::Traces => traces_csv(sim),
        ExportFile::Spikes => spikes_csv(sim),
        ExportFile::Summary => summary_text(sim, failure),
    }
}

/// A fresh run from t = 0 for export (what `neurolive run` computes), done a slice at a time, so
/// that the page computes a long one (Brunel's network: seconds) without freezing.
pub struct ExportRun {
    pub sim: Simulation,
    total_steps: u64,
    failure: Option<String>,
}

impl ExportRun {
    /// Builds the model (for a large network, the part that cannot be cut into slices).
    pub fn new(
        entry: &'static crate::ModelEntry,
        params: crate::Params,
        seed: u64,
        duration_ms: f64,
    ) -> Self {
        let sim = Simulation::new(entry, params, seed, crate::Retention::All);
        let total_steps = sim.steps_for(duration_ms);
        ExportRun {
            sim,
            total_steps,
            failure: None,
        }
    }

    /// Advances by at most `max_steps`; returns whether work remains.
    pub fn work(&mut self, max_steps: u64) -> bool {
        if self.done() {
            return false;
        }
        let n = max_steps.min(self.total_steps - self.sim.steps());
        if let Err(e) = self.sim.advance_steps(n) {
            self.failure = Some(e.to_string());
        }
        !self.done()
    }

    pub fn done(&self) -> bool {
        self.failure.is_some() || self.sim.steps() >= self.total_steps
    }

    pub fn progress(&self) -> f64 {
        if self.total_steps == 0 {
            1.0
        } else {
            (self.sim.steps() as f64 / self.total_steps as f64).min(1.0)
        }
    }

    /// The file's text (of what was computed: call once `done`).
    pub fn text(&self, file: ExportFile) -> String {
        file_text(&self.sim, file, self.failure.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Computed in uneven slices, an export run writes exactly the bytes of a run done at once.
    #[test]
    fn an_export_run_in_slices_writes_the_files_of_a_direct_run() {
        for (id, preset) in [
            ("lif", None),
            ("brunel", Some("AI")),
            ("hh", Some("repetitive")),
        ] {
            let entry = crate::registry::find(id).unwrap();
            let mut p = match preset {
                Some(name) => crate::Params::preset(entry.spec, name).unwrap(),
                None => crate::Params::defaults(entry.spec),
            };
            if id == "brunel" {
                p.set("N_E", 1000.0).unwrap(); // small: the slicing does not depend on the size
            }
            let mut direct = Simulation::new(entry, p.clone(), 5, crate::Retention::All);
            direct.run_for(200.0).unwrap();
            let mut run = ExportRun::new(entry, p, 5, 200.0);
            let mut slices = 0;
            for k in 1.. {
                slices += 1;
                if !run.work(k * 37) {
                    break;
                }
            }
            assert!(
                slices > 3 && run.done() && run.progress() == 1.0,
                "{id}: {slices} slices"
            );
            assert!(!run.work(10), "nothing past the duration");
            for f in ExportFile::ALL {
                assert_eq!(
                    run.text(f),
                    file_text(&direct, f, None),
                    "{id} {}",
                    f.name()
                );
            }
            assert!(run.text(ExportFile::Summary).ends_with("}\n"));
        }
    }

    #[test]
    fn file_names_round_trip() {
        for f in ExportFile::ALL {
            assert_eq!(ExportFile::from_name(f.name()), Some(f));
        }
        assert_eq!(ExportFile::from_name("notes.txt"), None);
    }
}
