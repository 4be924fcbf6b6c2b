//! The Rescorla–Wagner rule: classical conditioning with two cues over phases of trials.
//!
//! Rescorla & Wagner (1972, in Black & Prokasy, Classical Conditioning II, 64–99); Dayan &
//! Abbott (2001) §9.1, eq. 9.2 (the rule as a delta rule on stimulus weights). On each trial the
//! cues present (A, B or both) predict the reinforcement by the sum of their associative
//! strengths, and every cue present moves by its share of the same prediction error:
//!   δ = λ r − Σ_{X present} V_X,        V_X ← V_X + αβ s_X δ   (X present),
//! with r = 1 on a reinforced trial and 0 otherwise, λ the asymptote the reinforcer supports,
//! αβ the learning rate (salience of the cue times that of the reinforcer, `alpha_beta`) and
//! s_X ∈ [0, 1] a relative salience of cue X (`salience_A`, `salience_B`; 1 by default).
//! Cues absent on a trial do not change. One step of the clock is one trial (Clock::Trials).
//!
//! The protocol has two phases, `trials_1` trials of the design `phase_1`, then `trials_2` of
//! `phase_2`; after it no cue is presented and the strengths stay as they are. A design names
//! the cues shown and whether they are reinforced (+) or not (−); "A+/AB−" alternates the two
//! trial types (A+ on the first trial of the phase).
//!
//! Closed forms (k_X = αβ s_X), each checked in the tests:
//!   acquisition A+ from V = 0:   V_A(n) = λ[1 − (1 − k_A)ⁿ];
//!   extinction A− from V₀:       V_A(n) = V₀ (1 − k_A)ⁿ (geometric decay);
//!   compound AB+ (overshadowing): the total V = V_A + V_B obeys ΔV = (k_A + k_B)(λ − V), and
//!     ΔV_A/ΔV_B = k_A/k_B on every trial, so from V = 0
//!     V_A(n) = k_A/(k_A + k_B) · λ[1 − (1 − k_A − k_B)ⁿ], likewise V_B;
//!   blocking (A+ for n₁ trials, then AB+): the error left at the start of phase 2 is
//!     e₀ = λ(1 − k_A)^{n₁}, it shrinks by (1 − k_A − k_B) per trial, and V_B gets the share
//!     k_B/(k_A + k_B) of what is removed: V_B(n) = k_B/(k_A + k_B) · e₀ [1 − (1 − k_A − k_B)ⁿ] —
//!     almost nothing, because A already predicts the reinforcement (Kamin 1969);
//!   conditioned inhibition (A+/AB−): the fixed point of both updates is V_A = λ, V_B = −λ.

use crate::model::*;
use crate::params::Params;
use crate::record::Recording;

/// Trial designs of a phase: the cues shown and their reinforcement.
const DESIGNS: &[&str] = &["A+", "A-", "B+", "B-", "AB+", "AB-", "A+/AB-"];

pub static SPEC: ModelSpec = ModelSpec {
    id: "rescorla_wagner",
    title: "Rescorla–Wagner: acquisition, extinction, blocking",
    lecture: 8,
    summary: "Two cues, two phases of conditioning trials: each cue present moves by its share of one prediction \
              error, reinforcement minus the summed prediction of all cues present (Rescorla & Wagner 1972).",
    params: &[
        ParamSpec::real("alpha_beta", r"\alpha\beta", "", 0.005, 1.0, 0.1, 0.005)
            .log()
            .help("learning rate: the fraction of the prediction error learned on one trial"),
        ParamSpec::real("lambda", r"\lambda", "", 0.0, 2.0, 1.0, 0.05).help("asymptote of learning: the strength the reinforcer supports"),
        ParamSpec::real("salience_A", "s_A", "", 0.0, 1.0, 1.0, 0.05).help("relative salience of cue A (multiplies the learning rate)"),
        ParamSpec::real("salience_B", "s_B", "", 0.0, 1.0, 1.0, 0.05).help("relative salience of cue B (multiplies the learning rate)"),
        ParamSpec::choice("phase_1", r"\mathrm{phase\ 1}", DESIGNS, 0)
            .help("trials of phase 1: cues shown, + reinforced, − not; A+/AB− alternates")
            .restart(),
        ParamSpec::int("trials_1", "n_1", 0.0, 300.0, 100.0).help("number of trials of phase 1").restart(),
        ParamSpec::choice("phase_2", r"\mathrm{phase\ 2}", DESIGNS, 1)
            .help("trials of phase 2: cues shown, + reinforced, − not; A+/AB− alternates")
            .restart(),
        ParamSpec::int("trials_2", "n_2", 0.0, 300.0, 0.0).help("number of trials of phase 2 (then no more trials)").restart(),
    ],
    presets: &[
        PresetSpec {
            name: "acquisition",
            description: "Cue A is always followed by food: its strength rises to the asymptote along a curve that slows \
                          down as the error shrinks.",
            values: &[],
        },
        PresetSpec {
            name: "extinction",
            description: "50 trials of A with food, then 50 of A alone: the strength decays geometrically towards zero.",
            values: &[("trials_1", 50.0), ("phase_2", 1.0), ("trials_2", 50.0)],
        },
        PresetSpec {
            name: "blocking",
            description: "A is trained alone first, then A and B together with the same food: B learns almost nothing, \
                          because A already predicts the food.",
            values: &[("trials_1", 50.0), ("phase_2", 4.0), ("trials_2", 50.0)],
        },
        PresetSpec {
            name: "overshadowing",
            description: "A and B always together, B less salient: they share the asymptote in proportion to their \
                          saliences, and B ends much weaker than it would alone.",
            values: &[("phase_1", 4.0), ("salience_B", 0.25)],
        },
        PresetSpec {
            name: "inhibition",
            description: "A is trained alone, then A with food alternates with A and B without food: B becomes a \
                          conditioned inhibitor, its strength negative.",
            values: &[("trials_1", 30.0), ("phase_2", 6.0), ("trials_2", 70.0)],
        },
    ],
    traces: &[
        TraceSpec::new("V_A", "V_A", "", 1e6),
        TraceSpec::new("V_B", "V_B", "", 1e6),
        TraceSpec::new("delta", "prediction error on the trial", "", 1e6),
    ],
    measures: &[
        MeasureSpec::new("V_A", "associative strength of cue A", ""),
        MeasureSpec::new("V_B", "associative strength of cue B", ""),
    ],
    plots: &[
        PlotSpec {
            id: "strength",
            title: "Associative strengths over trials",
            kind: PlotKind::TimeSeries { traces: &["V_A", "V_B"], y_label: "V", y: Range::Auto },
        },
        PlotSpec {
            id: "error",
            title: "Prediction error on each trial",
            kind: PlotKind::TimeSeries { traces: &["delta"], y_label: "δ", y: Range::Auto },
        },
    ],
    window_ms: 300.0,
    sample_ms: 1.0,
    default_duration_ms: 100.0,
    stochastic: false,
    clock: Clock::Trials,
    offload: false,
};

pub static ENTRY: ModelEntry = ModelEntry { spec: &SPEC, build };

fn build(p: &Params, _seed: u64) -> Box<dyn Model> {
    Box::new(RescorlaWagner::new(p))
}

/// One trial type: which cues are shown and whether food follows.
#[derive(Clone, Copy, Debug, PartialEq)]
struct TrialType {
    a: bool,
    b: bool,
    reinforced: bool,
}

/// The trial type of the `k`-th trial (from 0) of a phase of design `design` (index into DESIGNS).
fn trial_type(design: usize, k: usize) -> TrialType {
    let t = |a, b, reinforced| TrialType { a, b, reinforced };
    match design {
        0 => t(true, false, true),
        1 => t(true, false, false),
        2 => t(false, true, true),
        3 => t(false, true, false),
        4 => t(true, true, true),
        5 => t(true, true, false),
        _ if k % 2 == 0 => t(true, false, true),
        _ => t(true, true, false),
    }
}

pub struct RescorlaWagner {
    trials: usize,
    alpha_beta: f64,
    lambda: f64,
    salience: [f64; 2],
    phases: [(usize, usize); 2],
    /// Associative strengths of A and B.
    v: [f64; 2],
    /// The prediction error of the last trial (0 once the protocol is over).
    delta: f64,
}

impl RescorlaWagner {
    fn new(p: &Params) -> Self {
        let mut m = RescorlaWagner {
            trials: 0,
            alpha_beta: 0.0,
            lambda: 0.0,
            salience: [1.0; 2],
            phases: [
                (p.get("phase_1") as usize, p.get("trials_1") as usize),
                (p.get("phase_2") as usize, p.get("trials_2") as usize),
            ],
            v: [0.0; 2],
            delta: 0.0,
        };
        m.set_params(p);
        m
    }

    /// The type of the next trial, or None once both phases are over.
    fn next_trial(&self) -> Option<TrialType> {
        let [(d1, n1), (d2, n2)] = self.phases;
        let k = self.trials;
        if k < n1 {
            Some(trial_type(d1, k))
        } else if k < n1 + n2 {
            Some(trial_type(d2, k - n1))
        } else {
            None
        }
    }

    /// One trial of the rule: a single error shared by the cues present.
    fn learn(&mut self, trial: TrialType) {
        let present = [trial.a, trial.b];
        let prediction: f64 = (0..2).filter(|&x| present[x]).map(|x| self.v[x]).sum();
        let delta = if trial.reinforced { self.lambda } else { 0.0 } - prediction;
        for x in (0..2).filter(|&x| present[x]) {
            self.v[x] += self.alpha_beta * self.salience[x] * delta;
        }
        self.delta = delta;
    }
}

impl Model for RescorlaWagner {
    fn time_ms(&self) -> f64 {
        self.trials as f64
    }

    fn step(&mut self, _spikes: &mut Vec<Spike>) {
        match self.next_trial() {
            Some(trial) => self.learn(trial),
            None => self.delta = 0.0,
        }
        self.trials += 1;
    }

    fn sample(&self, out: &mut [f64]) {
        out[0] = self.v[0];
        out[1] = self.v[1];
        out[2] = self.delta;
    }

    fn set_params(&mut self, p: &Params) {
        self.alpha_beta = p.get("alpha_beta");
        self.lambda = p.get("lambda");
        self.salience = [p.get("salience_A"), p.get("salience_B")];
    }

    fn measure(&self, name: &str, _rec: &Recording) -> Option<f64> {
        match name {
            "V_A" => Some(self.v[0]),
            "V_B" => Some(self.v[1]),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::math::pow;
    use crate::testkit::params;

    /// The model after `n` trials of `preset` with `set` applied; the strengths after each trial.
    fn run(preset: &str, set: &[(&str, f64)], n: usize) -> (RescorlaWagner, Vec<[f64; 2]>) {
        let mut m = RescorlaWagner::new(&params(&ENTRY, Some(preset), set));
        let mut history = Vec::with_capacity(n);
        for _ in 0..n {
            m.step(&mut Vec::new());
            history.push(m.v);
        }
        (m, history)
    }

    #[test]
    fn acquisition_follows_the_closed_form_exactly() {
        // Rescorla & Wagner (1972); Dayan & Abbott §9.1: V_A(n) = λ[1 − (1 − αβ s_A)ⁿ], to rounding.
        for (ab, lambda, s) in [
            (0.1, 1.0, 1.0),
            (0.3, 1.5, 1.0),
            (0.05, 0.7, 0.5),
            (1.0, 1.0, 1.0),
        ] {
            let (_, h) = run(
                "acquisition",
                &[("alpha_beta", ab), ("lambda", lambda), ("salience_A", s)],
                100,
            );
            for (i, v) in h.iter().enumerate() {
                let want = lambda * (1.0 - pow(1.0 - ab * s, (i + 1) as f64));
                assert!(
                    (v[0] - want).abs() < 1e-12,
                    "αβ {ab}, trial {}: {} vs {want}",
                    i + 1,
                    v[0]
                );
                assert_eq!(v[1], 0.0, "B is never shown");
            }
        }
    }

    #[test]
    fn extinction_decays_geometrically() {
        // After n₁ = 50 trials of A+, each A− trial multiplies V_A by (1 − αβ): exactly geometric.
        let (_, h) = run("extinction", &[], 100);
        let v0 = h[49][0];
        assert!((v0 - (1.0 - pow(0.9, 50.0))).abs() < 1e-12);
        for n in 1..=50 {
            let want = v0 * pow(0.9, n as f64);
            assert!(
                (h[49 + n][0] - want).abs() < 1e-12,
                "extinction trial {n}: {} vs {want}",
                h[49 + n][0]
            );
        }
    }

    #[test]
    fn blocking_leaves_the_added_cue_near_zero() {
        // Kamin's blocking (1969) as Rescorla & Wagner explain it: after A+ (50 trials, αβ = 0.1)
        // only e₀ = 0.9^50 ≈ 0.005 of the error is left for B, which gets half of it over AB+.
        let (m, h) = run("blocking", &[], 100);
        let (k, e0) = (0.1, pow(0.9, 50.0));
        for n in 1..=50 {
            let want = 0.5 * e0 * (1.0 - pow(1.0 - 2.0 * k, n as f64));
            assert!(
                (h[49 + n][1] - want).abs() < 1e-12,
                "trial {n}: V_B {} vs {want}",
                h[49 + n][1]
            );
        }
        assert!(m.v[1] < 0.003 && m.v[1] >= 0.0, "V_B {}", m.v[1]);
        // The control without phase 1 (AB+ for 50 trials): B learns half of λ.
        let (c, _) = run("blocking", &[("trials_1", 0.0)], 50);
        assert!(
            (c.v[1] - 0.5 * (1.0 - pow(0.8, 50.0))).abs() < 1e-12,
            "control V_B {}",
            c.v[1]
        );
    }

    #[test]
    fn overshadowing_splits_the_asymptote_by_salience() {
        // AB+ with s_B = 0.25: V_X = k_X/(k_A + k_B) λ[1 − (1 − k_A − k_B)ⁿ], k_X = αβ s_X.
        for (ab, sb) in [(0.1, 0.25), (0.2, 0.6), (0.05, 0.0)] {
            let (_, h) = run(
                "overshadowing",
                &[("alpha_beta", ab), ("salience_B", sb), ("lambda", 1.2)],
                100,
            );
            let (ka, kb) = (ab, ab * sb);
            for (i, v) in h.iter().enumerate() {
                let total = 1.2 * (1.0 - pow(1.0 - ka - kb, (i + 1) as f64));
                assert!(
                    (v[0] - ka / (ka + kb) * total).abs() < 1e-12,
                    "V_A {}",
                    v[0]
                );
                assert!(
                    (v[1] - kb / (ka + kb) * total).abs() < 1e-12,
                    "V_B {}",
                    v[1]
                );
            }
        }
    }

    #[test]
    fn conditioned_inhibition_makes_b_negative() {
        // A+/AB− interleaved: the fixed point of both updates is V_A = λ, V_B = −λ (Rescorla &
        // Wagner 1972). 300 trials at αβ = 0.3 reach it within 1e-9.
        let (m, _) = run(
            "inhibition",
            &[("trials_2", 300.0), ("alpha_beta", 0.3)],
            330,
        );
        assert!(
            (m.v[0] - 1.0).abs() < 1e-9 && (m.v[1] + 1.0).abs() < 1e-9,
            "{:?}",
            m.v
        );
    }

    #[test]
    fn after_the_protocol_nothing_changes() {
        let (m, h) = run("extinction", &[], 150);
        assert_eq!(h[99], h[149]);
        assert_eq!(m.delta, 0.0);
    }
}
