//! Checks every registered model's declaration against itself: what the page, the CLI and the
//! lessons rely on. A new model is covered by these tests as soon as it is registered.

use neurolive_core::model::{ParamKind, PlotKind};
use neurolive_core::registry::MODELS;
use neurolive_core::{Params, Retention, Simulation};
use std::collections::HashSet;

#[test]
fn ids_are_unique_and_lectures_valid() {
    let mut seen = HashSet::new();
    for m in MODELS {
        assert!(seen.insert(m.spec.id), "duplicate id {}", m.spec.id);
        assert!(
            (1..=12).contains(&m.spec.lecture),
            "{}: lecture {}",
            m.spec.id,
            m.spec.lecture
        );
    }
}

#[test]
fn parameter_declarations_are_consistent() {
    for m in MODELS {
        let s = m.spec;
        let mut names = HashSet::new();
        for p in s.params {
            assert!(
                names.insert(p.name),
                "{}: duplicate parameter {}",
                s.id,
                p.name
            );
            assert!(
                p.name.is_ascii() && !p.name.contains(['=', '&', '?', '#', ' ']),
                "{}: name {}",
                s.id,
                p.name
            );
            assert!(p.min < p.max, "{}.{}: empty range", s.id, p.name);
            assert!(
                p.check(p.default).is_ok(),
                "{}.{}: default {} out of range",
                s.id,
                p.name,
                p.default
            );
            if p.scale == neurolive_core::model::Scale::Log {
                assert!(p.min > 0.0, "{}.{}: log scale needs min > 0", s.id, p.name);
            }
            if let ParamKind::Choice(o) = p.kind {
                assert_eq!(p.max as usize + 1, o.len(), "{}.{}", s.id, p.name);
            }
        }
        for pr in s.presets {
            Params::preset(s, pr.name)
                .unwrap_or_else(|e| panic!("{}: preset {}: {e}", s.id, pr.name));
            assert!(
                !pr.description.is_empty(),
                "{}: preset {} needs a description",
                s.id,
                pr.name
            );
            // Captions are plain text on the page: no TeX.
            assert!(
                !pr.description.contains(['{', '\\', '$']),
                "{}: preset {} description has TeX: {}",
                s.id,
                pr.name,
                pr.description
            );
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
                        assert!(
                            s.trace_index(t).is_some(),
                            "{}: plot {} names trace {t}",
                            s.id,
                            plot.id
                        );
                    }
                    if let Some((a, b)) = y.fixed() {
                        assert!(
                            a < b && (!y.is_log() || a > 0.0),
                            "{}: plot {}",
                            s.id,
                            plot.id
                        );
                    }
                }
                PlotKind::PhasePlane { x, y, .. } => {
                    assert!(
                        s.trace_index(x).is_some() && s.trace_index(y).is_some(),
                        "{}: {}",
                        s.id,
                        plot.id
                    );
                }
                PlotKind::Sweep {
                    param,
                    measure,
                    from,
                    to,
                    seeds,
                    ..
                } => {
                    let (_, p) = s
                        .param(param)
                        .unwrap_or_else(|| panic!("{}: sweep over unknown {param}", s.id));
                    assert!(
                        p.check(from).is_ok() && p.check(to).is_ok(),
                        "{}: sweep range",
                        s.id
                    );
                    assert!(
                        s.measure(measure).is_some(),
                        "{}: sweep of unknown measure {measure}",
                        s.id
                    );
                    assert!(
                        seeds >= 1 && (seeds == 1 || s.stochastic),
                        "{}: {seeds} seeds for a deterministic model",
                        s.id
                    );
                }
                PlotKind::Profile { curves, errors, .. }
                | PlotKind::Bars {
                    bars: curves,
                    errors,
                    ..
                } => {
                    assert!(
                        errors.is_empty() || errors.len() == curves.len(),
                        "{}: plot {}: one error per curve",
                        s.id,
                        plot.id
                    );
                }
                PlotKind::Histogram { bins, x, .. } => {
                    assert!(
                        bins >= 2,
                        "{}: plot {}: a histogram needs bins",
                        s.id,
                        plot.id
                    );
                    if let Some((a, b)) = x.fixed() {
                        assert!(a < b, "{}: plot {}", s.id, plot.id);
                    }
                }
                _ => {}
            }
        }
    }
}

/// The measures that are rightly undefined after a CLI-length run of a preset (`summary.json`
/// shows `null`, the page "—"), with the reason. Every other declared measure must be defined, and
/// each one listed must really be undefined, so that this table cannot go stale.
const UNDEFINED: &[(&str, &[&str], &[&str], &str)] = &[
    ("poisson", &["sine", "step"], &["cv_theory"], "the dead-time CV has a closed form only for a constant rate"),
    ("izhikevich", &["default", "regular_spiking", "intrinsically_bursting", "chattering", "fast_spiking",
        "low_threshold_spiking", "thalamocortical_tonic"], &["v_rest_mv", "subthreshold_freq_hz"],
        "a firing neuron has no resting potential and no subthreshold oscillation"),
    ("izhikevich", &["resonator"], &["cv_isi", "adaptation_index"], "the resonator fires too few spikes for interval statistics"),
    ("aeif", &["transient"], &["adaptation_index"], "two spikes give a single interval: no last-to-first ratio"),
    ("rate_unit", &["monostable"], &["i_low", "i_high"], "without bistability there is no hysteresis range"),
    ("wilson_cowan", &["bistable"], &["freq_hz"], "a bistable network settles: it does not oscillate"),
    ("linear_rnn", &["default", "non_normal", "non_normal_sum_kick", "feed_forward"], &["steady_gain"], "no constant input h, so no gain |r*|/|h|"),
    ("low_rank", &["input_driven", "input_orthogonal"], &["kappa_star"], "κ* is the spontaneous (input-free) bistable state"),
    ("random_rnn", &["default", "chaotic", "near_critical", "decaying"], &["lyapunov"],
        "the twin trajectory that measures it is off (parameter twin) in these presets, to keep them fast"),
    ("ring", &["no_bump"], &["bump_width_deg", "width_theory_deg", "peak_theory_hz", "diffusion_theory_deg2_per_s"],
        "below the bump's existence threshold there is no bump and no bump theory"),
    ("ring", &["spontaneous"], &["drift_deg"], "drift is measured from the end of a cue; this preset has none"),
    ("passive", &["slow"], &["t63_ms"], "τ_m is longer than the run: V has not yet covered 63 % of its way"),
    ("synapse", &["default", "ampa", "nmda", "nmda_no_mg", "gaba_a", "gaba_b", "alpha", "temporal_summation"],
        &["i_peak_pa", "probe_epsp_ratio", "post_rate_hz"],
        "current-clamp presets: no clamp current, no probe synapse, no LIF neuron"),
    ("synapse", &["nmda"], &["g_mean_theory_ns"], "the Mg-block mean conductance has a closed form only at a clamped voltage"),
    ("synapse", &["nmda_iv"], &["psp_peak_mv", "r_in_drop", "probe_epsp_ratio", "post_rate_hz"],
        "voltage clamp: no PSP, no input-resistance drop, no probe, no LIF neuron"),
    ("synapse", &["shunting"], &["i_peak_pa", "post_rate_hz"], "current clamp with a probe, no LIF neuron"),
    ("synapse", &["lif_poisson"], &["i_peak_pa", "probe_epsp_ratio"], "current clamp, no probe synapse"),
    ("synaptic_wm", &["default", "one_item"], &["spike_interval_ms"], "the spacing between items needs two held items"),
    ("synaptic_wm", &["silent"], &["reactivation_period_ms", "spike_interval_ms"], "no item is loaded, nothing reactivates"),
    ("stdp", &["default", "song2000", "inputs_10hz", "fast_learning", "potentiation_wins"], &["w_corr"],
        "no correlated input group in these presets"),
    ("brunel", &["default", "AI", "AI_cortex", "SR", "SI_fast", "SI_slow"], &["rate_before_hz", "rate_after_hz", "response_ms"],
        "no step of the external drive (step_size = 0): no response to measure"),
    ("gridworld", &["cliff_sarsa"], &["episodes_to_optimal"],
        "SARSA learns the safe path, never the optimal one along the cliff edge (Sutton & Barto Example 6.6)"),
    ("gridworld", &["maze"], &["episodes_to_optimal"],
        "Q-learning without planning settles on a 16-step detour that ε = 0.1 exploration rarely improves within the run"),
    ("theta", &["excitable", "subthreshold"], &["period_ms", "period_theory_ms"],
        "below the saddle-node the neuron rests: at most one spike, no period"),
    ("prc", &["type_II"], &["max_error"], "the Hodgkin–Huxley PRC has no closed form to compare with"),
];

/// Models one of whose steps is itself a whole simulation: the checks below run them for this
/// many steps instead of the CLI's default length, with the reason. Their own tests cover the
/// whole run.
const STEP_BUDGET: &[(&str, f64, &str)] = &[(
    "brunel_phase",
    8.0,
    "a step is a 300 ms run of a 12 500-neuron network; eight cells reach the first firing one \
     (g = 2, ν_ext/ν_thr = 1) after the silent first row",
)];

/// How long the checks run a model: `wanted`, or less for a model in `STEP_BUDGET`.
fn budgeted(s: &neurolive_core::model::ModelSpec, wanted: f64) -> f64 {
    STEP_BUDGET
        .iter()
        .find(|(id, _, _)| *id == s.id)
        .map_or(wanted, |(_, steps, _)| wanted.min(*steps))
}

fn expected_undefined(id: &str, preset: &str) -> Vec<&'static str> {
    UNDEFINED
        .iter()
        .filter(|(m, presets, _, _)| *m == id && presets.contains(&preset))
        .flat_map(|(_, _, ms, _)| ms.iter().copied())
        .collect()
}

/// Every model and preset runs for the CLI's default duration, and then each declared measure is
/// either a finite number or rightly undefined (`UNDEFINED`). The model's own `measure` is read, not
/// `Simulation::measure`, which hides a NaN as "undefined": a NaN is a bug. Models run two at a time.
#[test]
fn every_preset_defines_its_measures_after_a_cli_run() {
    let failures: Vec<String> = std::thread::scope(|scope| {
        let chunks: Vec<_> = MODELS.chunks(MODELS.len().div_ceil(2)).collect();
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .iter()
                        .flat_map(|m| check_measures(m))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn check_measures(m: &'static neurolive_core::model::ModelEntry) -> Vec<String> {
    let s = m.spec;
    let mut problems = Vec::new();
    for (name, p) in parameter_sets(s) {
        let mut sim = Simulation::new(m, p, 1, Retention::All);
        let res = sim.run_for(budgeted(s, s.default_duration_ms));
        if name.contains("unstable") {
            if res.is_ok() {
                problems.push(format!("{}/{name} should be stopped as unstable", s.id));
            }
            continue;
        }
        if let Err(e) = res {
            problems.push(format!("{}/{name}: {e}", s.id));
            continue;
        }
        let undefined = expected_undefined(s.id, name);
        for ms in s.measures {
            match sim.model().measure(ms.name, &sim.rec) {
                Some(v) if !v.is_finite() => problems.push(format!(
                    "{}/{name}: {} = {v} (undefined must be None, not NaN/inf)",
                    s.id, ms.name
                )),
                Some(v) if undefined.contains(&ms.name) => problems.push(format!(
                    "{}/{name}: {} = {v}, listed as undefined",
                    s.id, ms.name
                )),
                None if !undefined.contains(&ms.name) => problems.push(format!(
                    "{}/{name}: {} is undefined after {} ms",
                    s.id,
                    ms.name,
                    budgeted(s, s.default_duration_ms)
                )),
                _ => {}
            }
        }
        if sim.rec.t.len() < 2 {
            problems.push(format!("{}/{name}: nothing recorded", s.id));
        }
    }
    problems
}

#[test]
fn the_tables_of_exceptions_name_declared_models_presets_measures_and_curves() {
    for (id, presets, measures, why) in UNDEFINED {
        let m = MODELS
            .iter()
            .find(|m| m.spec.id == *id)
            .unwrap_or_else(|| panic!("unknown model {id}"));
        for p in *presets {
            assert!(
                *p == "default" || m.spec.preset(p).is_some(),
                "{id}: unknown preset {p}"
            );
        }
        for ms in *measures {
            assert!(m.spec.measure(ms).is_some(), "{id}: unknown measure {ms}");
        }
        assert!(!why.is_empty());
    }
    for (id, steps, why) in STEP_BUDGET {
        let m = MODELS
            .iter()
            .find(|m| m.spec.id == *id)
            .unwrap_or_else(|| panic!("unknown model {id}"));
        assert!(
            *steps < m.spec.default_duration_ms && !why.is_empty(),
            "{id}: a budget cuts the run short"
        );
    }
    for (id, presets, curve, why) in EMPTY_CURVES {
        let m = MODELS
            .iter()
            .find(|m| m.spec.id == *id)
            .unwrap_or_else(|| panic!("unknown model {id}"));
        for p in *presets {
            assert!(
                *p == "default" || m.spec.preset(p).is_some(),
                "{id}: unknown preset {p}"
            );
        }
        // Any curve a plot reads through `Model::profile`: a profile's, a plane's points or lines…
        assert!(
            m.spec
                .plots
                .iter()
                .any(|p| p.kind.profiles(m.spec).contains(curve)),
            "{id}: no curve {curve}"
        );
        assert!(!why.is_empty());
    }
}

/// The default parameters and every preset's.
fn parameter_sets(s: &'static neurolive_core::model::ModelSpec) -> Vec<(&'static str, Params)> {
    std::iter::once(("default", Params::defaults(s)))
        .chain(
            s.presets
                .iter()
                .map(|pr| (pr.name, Params::preset(s, pr.name).unwrap())),
        )
        .collect()
}

/// Fingerprint of a short seeded run: every trace sample and every spike.
fn fingerprint(
    m: &'static neurolive_core::model::ModelEntry,
    p: &Params,
    seed: u64,
) -> (Vec<Vec<f64>>, Vec<(f64, u32)>) {
    let mut sim = Simulation::new(m, p.clone(), seed, Retention::All);
    let _ = sim.run_for(budgeted(m.spec, 100.0)); // an unstable preset stops: its fingerprint is what it recorded
    (
        sim.rec.traces.clone(),
        sim.rec.spikes.iter().map(|s| (s.t_ms, s.neuron)).collect(),
    )
}

#[test]
fn a_seeded_run_is_reproducible() {
    for m in MODELS {
        let p = Params::defaults(m.spec);
        assert!(
            fingerprint(m, &p, 5) == fingerprint(m, &p, 5),
            "{}: the same seed gave two different runs",
            m.spec.id
        );
    }
}

/// A model declared stochastic must use its seed (another seed gives another run in at least one
/// of its parameter sets: a noise amplitude may be zero by default), and a deterministic one must
/// ignore it everywhere; the page's "new seed" button and the CLI's `--seed` rely on this.
#[test]
fn the_seed_matters_exactly_for_stochastic_models() {
    for m in MODELS {
        let differing: Vec<&str> = parameter_sets(m.spec)
            .iter()
            .filter(|(_, p)| fingerprint(m, p, 5) != fingerprint(m, p, 6))
            .map(|(name, _)| *name)
            .collect();
        if m.spec.stochastic {
            assert!(
                !differing.is_empty(),
                "{}: declared stochastic, but seeds 5 and 6 give the same run in every preset",
                m.spec.id
            );
        } else {
            assert!(
                differing.is_empty(),
                "{}: declared deterministic, but the seed changes {differing:?}",
                m.spec.id
            );
        }
    }
}

/// The curves of a plot that are rightly empty after a run of a parameter set, with the reason
/// (the plot's other curves still draw). Each one listed must really be empty.
const EMPTY_CURVES: &[(&str, &[&str], &str, &str)] = &[
    (
        "brunel",
        &["default", "AI", "AI_cortex", "SR", "SI_fast", "SI_slow"],
        "step_rate",
        "no step of the external drive (step_size = 0): no response to average",
    ),
    (
        "brunel",
        &["default", "AI", "AI_cortex", "SR", "SI_fast", "SI_slow"],
        "step_mean_field",
        "no step of the external drive (step_size = 0)",
    ),
    (
        "brunel",
        &["default", "AI", "AI_cortex", "SR", "SI_fast", "SI_slow"],
        "step_membrane_filter",
        "no step of the external drive (step_size = 0)",
    ),
    (
        "ring",
        &["no_bump"],
        "theory",
        "below the bump's existence threshold there is no bump theory to draw",
    ),
    (
        "stdp",
        &[
            "default",
            "song2000",
            "inputs_10hz",
            "fast_learning",
            "potentiation_wins",
        ],
        "correlated",
        "no correlated input group in these presets",
    ),
    (
        "theta",
        &["default", "regular", "near_onset"],
        "fixed_points",
        "above the saddle-node the rest state and the threshold are gone",
    ),
    (
        "prc",
        &["type_II"],
        "theory",
        "the Hodgkin–Huxley PRC has no closed form: only the measured curve is drawn",
    ),
];

fn expected_empty(id: &str, preset: &str, curve: &str) -> bool {
    EMPTY_CURVES
        .iter()
        .any(|(m, presets, c, _)| *m == id && *c == curve && presets.contains(&preset))
}

/// Every declaration is checked whole: after a run, each profile curve, scatter, image, sweep
/// overlay and phase plane a plot names returns data (or is listed in `EMPTY_CURVES`), so a
/// misspelt name fails here instead of drawing a blank plot.
#[test]
fn every_plot_returns_data() {
    let mut problems = Vec::new();
    for m in MODELS {
        let s = m.spec;
        for (name, p) in parameter_sets(s) {
            let mut sim = Simulation::new(m, p, 1, Retention::Window(s.window_ms));
            if sim
                .run_for(budgeted(s, s.window_ms.min(s.default_duration_ms)))
                .is_err()
            {
                continue; // a preset that blows up on purpose draws what it recorded
            }
            for plot in s.plots {
                for (curve, has_data) in plot_data(s, sim.model(), plot.kind) {
                    match (has_data, expected_empty(s.id, name, curve)) {
                        (false, false) => problems.push(format!(
                            "{}/{name}: plot {}: {curve} returns no data (or not finite)",
                            s.id, plot.id
                        )),
                        (true, true) => problems.push(format!(
                            "{}/{name}: plot {}: {curve} has data, listed as empty",
                            s.id, plot.id
                        )),
                        _ => {}
                    }
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// Each named piece of a plot of the model's current state, and whether it has finite data.
fn plot_data(
    spec: &neurolive_core::model::ModelSpec,
    model: &dyn neurolive_core::model::Model,
    kind: PlotKind,
) -> Vec<(&'static str, bool)> {
    let curve = |name: &str| {
        let mut c = Vec::new();
        model.profile(name, &mut c);
        !c.is_empty()
            && c.iter()
                .all(|(x, y): &(f64, f64)| x.is_finite() && y.is_finite())
    };
    // A plane's lines may hold NaN points: each ends one polyline (see `PlotKind::Plane`).
    let polyline = |name: &str| {
        let mut c = Vec::new();
        model.profile(name, &mut c);
        c.iter()
            .filter(|(x, y): &&(f64, f64)| x.is_finite() && y.is_finite())
            .count()
            >= 2
            && c.iter()
                .all(|(x, y)| (x.is_finite() && y.is_finite()) || (x.is_nan() && y.is_nan()))
    };
    let lines: &[&str] = if let PlotKind::Plane { lines, .. } = kind {
        lines
    } else {
        &[]
    };
    let mut out: Vec<(&'static str, bool)> = kind
        .profiles(spec)
        .into_iter()
        .map(|c| {
            (
                c,
                if lines.contains(&c) {
                    polyline(c)
                } else {
                    curve(c)
                },
            )
        })
        .collect();
    if let Some(image) = kind.image() {
        let mut img = neurolive_core::model::Image::default();
        model.image(image, &mut img);
        let size = img.width * img.height * img.tiles.max(1);
        // NaN is a pixel with no value (a cell not yet run, a silent cell's CV), drawn
        // transparent; an infinity is a bug, and a picture needs at least one value.
        let ok = size > 0
            && img.values.len() == size
            && img.values.iter().all(|v| !v.is_infinite())
            && img.values.iter().any(|v| v.is_finite());
        out.push((image, ok));
    }
    match kind {
        PlotKind::Sweep {
            from, to, overlays, ..
        } => out.extend(overlays.iter().map(|o| {
            (
                *o,
                (0..=10)
                    .filter_map(|k| model.overlay(o, from + (to - from) * k as f64 / 10.0))
                    .any(f64::is_finite),
            )
        })),
        // An arena: consistent sizes, an agent, at least one finite value and one policy arrow.
        PlotKind::Arena { arena, .. } => {
            let mut a = neurolive_core::model::Arena::default();
            model.arena(arena, &mut a);
            let ok = a.is_consistent()
                && a.agent.is_some()
                && a.values.iter().any(|v| v.is_finite())
                && a.policy.iter().any(Option::is_some);
            out.push((arena, ok));
        }
        PlotKind::PhasePlane {
            x,
            x_range,
            y_range,
            ..
        } => {
            let centre = ((x_range.0 + x_range.1) / 2.0, (y_range.0 + y_range.1) / 2.0);
            out.push((
                x,
                model
                    .vector_field(centre.0, centre.1)
                    .is_some_and(|(u, v)| u.is_finite() && v.is_finite()),
            ));
        }
        _ => {}
    }
    out
}
