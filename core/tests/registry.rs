//! Checks every registered model's declaration against itself: what the page, the CLI and the
//! lessons rely on. A new model is covered by these tests as soon as it is registered.

use neurolive_core::model::{ParamKind, PlotKind, Range};
use neurolive_core::registry::MODELS;
use neurolive_core::{Params, Retention, Simulation};
use std::collections::HashSet;

#[test]
fn ids_are_unique_and_lectures_valid() {
    let mut seen = HashSet::new();
    for m in MODELS {
        assert!(seen.insert(m.spec.id), "duplicate id {}", m.spec.id);
        assert!((1..=12).contains(&m.spec.lecture), "{}: lecture {}", m.spec.id, m.spec.lecture);
    }
}

#[test]
fn parameter_declarations_are_consistent() {
    for m in MODELS {
        let s = m.spec;
        let mut names = HashSet::new();
        for p in s.params {
            assert!(names.insert(p.name), "{}: duplicate parameter {}", s.id, p.name);
            assert!(p.name.is_ascii() && !p.name.contains(['=', '&', '?', '#', ' ']), "{}: name {}", s.id, p.name);
            assert!(p.min < p.max, "{}.{}: empty range", s.id, p.name);
            assert!(p.check(p.default).is_ok(), "{}.{}: default {} out of range", s.id, p.name, p.default);
            if p.scale == neurolive_core::model::Scale::Log {
                assert!(p.min > 0.0, "{}.{}: log scale needs min > 0", s.id, p.name);
            }
            if let ParamKind::Choice(o) = p.kind {
                assert_eq!(p.max as usize + 1, o.len(), "{}.{}", s.id, p.name);
            }
        }
        for pr in s.presets {
            Params::preset(s, pr.name).unwrap_or_else(|e| panic!("{}: preset {}: {e}", s.id, pr.name));
            assert!(!pr.description.is_empty(), "{}: preset {} needs a description", s.id, pr.name);
            // Captions are plain text on the page: no TeX.
            assert!(!pr.description.contains(['{', '\\', '$']), "{}: preset {} description has TeX: {}", s.id, pr.name, pr.description);
        }
        for t in s.traces {
            assert!(t.limit > 0.0);
        }
    }
}

#[test]
fn plots_refer_to_declared_names() {
    for m in MODELS {
        let s = m.spec;
        for plot in s.plots {
            match plot.kind {
                PlotKind::TimeSeries { traces, y, .. } => {
                    for t in traces {
                        assert!(s.trace_index(t).is_some(), "{}: plot {} names trace {t}", s.id, plot.id);
                    }
                    if let Range::Fixed(a, b) = y {
                        assert!(a < b);
                    }
                }
                PlotKind::PhasePlane { x, y, .. } => {
                    assert!(s.trace_index(x).is_some() && s.trace_index(y).is_some(), "{}: {}", s.id, plot.id);
                }
                PlotKind::Sweep { param, measure, from, to, .. } => {
                    let (_, p) = s.param(param).unwrap_or_else(|| panic!("{}: sweep over unknown {param}", s.id));
                    assert!(p.check(from).is_ok() && p.check(to).is_ok(), "{}: sweep range", s.id);
                    assert!(s.measure(measure).is_some(), "{}: sweep of unknown measure {measure}", s.id);
                }
                _ => {}
            }
        }
    }
}

#[test]
fn every_model_and_preset_runs_and_reports_finite_measures() {
    for m in MODELS {
        let s = m.spec;
        let mut sets = vec![("default", Params::defaults(s))];
        for pr in s.presets {
            sets.push((pr.name, Params::preset(s, pr.name).unwrap()));
        }
        for (name, p) in sets {
            let mut sim = Simulation::new(m, p, 1, Retention::All);
            let res = sim.run_for(s.window_ms.min(300.0));
            if name.contains("unstable") {
                assert!(res.is_err(), "{}/{name} should be stopped as unstable", s.id);
                continue;
            }
            res.unwrap_or_else(|e| panic!("{}/{name}: {e}", s.id));
            for (measure, v) in sim.measures() {
                if let Some(v) = v {
                    assert!(v.is_finite(), "{}/{name}: {measure} = {v}", s.id);
                }
            }
            assert!(sim.rec.t.len() > 1);
        }
    }
}

#[test]
fn a_seeded_run_is_reproducible() {
    for m in MODELS {
        let run = |seed| {
            let mut sim = Simulation::new(m, Params::defaults(m.spec), seed, Retention::All);
            sim.run_for(100.0).unwrap();
            (sim.rec.traces.clone(), sim.rec.spikes.len())
        };
        assert_eq!(run(5), run(5), "{}", m.spec.id);
    }
}
