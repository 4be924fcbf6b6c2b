//! The BCM rule: a sliding modification threshold makes a neuron selective.
//!
//! Inputs: two orthonormal patterns x¹ = (1, 0), x² = (0, 1); each sample shows pattern 1 with
//! probability p₁ = `p1`, else pattern 2 (p₂ = 1 − p₁). Output y = w·x, so the response to
//! pattern k is r_k = w_k. One step = one sample (`Clock::Samples`). Learning (Bienenstock, Cooper
//! & Munro 1982, J. Neurosci. 2:32, in the form of Intrator & Cooper 1992, Neural Netw. 5:3;
//! Dayan & Abbott §8.2; Gerstner et al., Neuronal Dynamics §19.2):
//!   Δw = η x y (y − θ_M),        θ_M ← θ_M + (y² − θ_M)/τ_θ,
//! so θ_M is a running average of y² over about τ_θ samples.
//!
//! Fixed points (averaging over the patterns; derived here). Pattern k updates only w_k:
//!   ⟨Δw_k⟩ = η p_k w_k (w_k − θ),   θ* = ⟨y²⟩ = p₁ w₁² + p₂ w₂².
//! Selective for pattern k: the other weight is 0 and w_k = θ = p_k w_k², so
//!   r_k = 1/p_k,  r_other = 0,  θ* = 1/p_k
//! (the rarer the preferred pattern, the stronger the response). The non-selective point
//! w₁ = w₂ = θ = 1 is unstable: a small difference grows, which is how selectivity emerges.
//! Stability of the selective point (u = δw_k, v = δθ, averaged dynamics per sample):
//!   J = [[η, −η], [2/τ_θ, −1/τ_θ]],  det J = η/τ_θ > 0,  tr J = η − 1/τ_θ,
//! stable if and only if η τ_θ < 1: the threshold must track ⟨y²⟩ faster than the weights move.
//! At η τ_θ = 1 a Hopf bifurcation. Simulated with η = 0.005 (seeds 1–3): at η τ_θ = 1.25 the
//! winner's response and θ_M go round large relaxation oscillations (response between ~0.2 and
//! ~3.5 instead of settling at 2); at η τ_θ = 2 an overshoot can let θ_M stay above y until w
//! decays to 0, a silent neuron that learns no more (`selectivity` is then undefined); at
//! η τ_θ = 5 the response outruns θ_M and grows without bound: the run is stopped ("the learning
//! diverged", the traces' bound 1e3), and the model itself freezes learning at |w| = W_CAP, so
//! nothing becomes NaN.
//!
//! Parameters: `eta` learning rate (per sample), `tau_theta` time constant of the threshold
//! (samples), `p1` probability of pattern 1. The initial weights are drawn in [0.2, 0.6] with the
//! seed, and θ_M starts at their ⟨y²⟩.
//! Measures: `response_1`, `response_2` = the responses w·x¹, w·x² averaged over the last
//! `END` samples; `selectivity` = |r₁ − r₂| / (|r₁| + |r₂|) (0: equal responses, 1: one response 0;
//! undefined when both responses are below `SILENT`).

use crate::model::*;
use crate::params::Params;
use crate::record::Recording;
use crate::rng::{self, Rng};

/// Samples over which the responses are averaged.
const END: usize = 1000;
/// Responses below this count as silence.
const SILENT: f64 = 1e-3;
/// |w| at which the model stops learning (far above the traces' bound).
const W_CAP: f64 = 1e9;

pub static SPEC: ModelSpec = ModelSpec {
    id: "bcm",
    title: "The BCM rule: selectivity from a sliding threshold",
    lecture: 5,
    summary: "A linear neuron sees two orthogonal patterns; with the BCM rule and a threshold that tracks ⟨y²⟩ \
              it becomes selective to one of them.",
    params: &[
        ParamSpec::real("eta", r"\eta", "", 1e-4, 0.1, 0.005, 1e-4).log().help("learning rate per sample"),
        ParamSpec::real("tau_theta", r"\tau_\theta", "samples", 1.0, 2000.0, 20.0, 1.0)
            .log()
            .help("time constant of the sliding threshold θ_M (a running average of y²)"),
        ParamSpec::real("p1", "p_1", "", 0.05, 0.95, 0.5, 0.01).help("probability of showing pattern 1 (pattern 2: 1 − p1)"),
    ],
    presets: &[
        PresetSpec {
            name: "symmetric",
            description: "Both patterns equally frequent: the neuron still picks one of them (which one depends \
                          on the seed) and stops responding to the other.",
            values: &[],
        },
        PresetSpec {
            name: "frequent_pattern_1",
            description: "Pattern 1 shown 70 % of the time: compare the size of the final response with the \
                          symmetric case, for either winner.",
            values: &[("p1", 0.7)],
        },
        PresetSpec {
            name: "slow_threshold_oscillates",
            description: "The threshold averages over 250 samples, a little too slowly for this learning rate: \
                          the response and the threshold chase each other in large relaxation oscillations.",
            values: &[("tau_theta", 250.0)],
        },
        PresetSpec {
            name: "slow_threshold_unstable",
            description: "The threshold averages over 1000 samples, far too slowly: the response outruns it and \
                          grows without bound until the run is stopped.",
            values: &[("tau_theta", 1000.0)],
        },
    ],
    traces: &[
        TraceSpec::new("r1", "response to pattern 1", "", 1e3),
        TraceSpec::new("r2", "response to pattern 2", "", 1e3),
        TraceSpec::new("theta", "sliding threshold θ_M", "", 1e3),
    ],
    measures: &[
        MeasureSpec::new("response_1", "mean response to pattern 1, last 1000 samples", ""),
        MeasureSpec::new("response_2", "mean response to pattern 2, last 1000 samples", ""),
        MeasureSpec::new("selectivity", "selectivity |r₁ − r₂| / (|r₁| + |r₂|)", ""),
    ],
    plots: &[
        PlotSpec {
            id: "responses",
            title: "Responses to the two patterns and the threshold θ_M",
            kind: PlotKind::TimeSeries { traces: &["r1", "r2", "theta"], y_label: "response", y: Range::Auto },
        },
        PlotSpec {
            id: "phi",
            title: "Plasticity function φ(y) = y (y − θ_M) at the current threshold",
            kind: PlotKind::Profile {
                curves: &["phi"],
                errors: &[],
                x_label: "response y",
                y_label: "φ(y)",
                x: Range::Auto,
                y: Range::Auto,
            },
        },
        PlotSpec {
            id: "bars",
            title: "Current responses to pattern 1 and pattern 2",
            kind: PlotKind::Bars { bars: &["responses"], errors: &[], x_label: "pattern", y_label: "response", y: Range::Auto },
        },
    ],
    window_ms: 5000.0,
    sample_ms: 1.0,
    default_duration_ms: 10_000.0,
    stochastic: true,
    clock: Clock::Samples,
    offload: false,
};

pub static ENTRY: ModelEntry = ModelEntry { spec: &SPEC, build };

pub struct Bcm {
    eta: f64,
    tau: f64,
    p1: f64,
    n: u64,
    w: [f64; 2],
    theta: f64,
    rng: Rng,
    /// The last END weight vectors, for the averaged responses.
    recent: Vec<[f64; 2]>,
}

fn build(p: &Params, seed: u64) -> Box<dyn Model> {
    Box::new(Bcm::new(p, seed))
}

impl Bcm {
    fn new(p: &Params, seed: u64) -> Self {
        let mut rng = rng::seeded(seed);
        let w = [
            0.2 + 0.4 * rng::uniform(&mut rng),
            0.2 + 0.4 * rng::uniform(&mut rng),
        ];
        let p1 = p.get("p1");
        Bcm {
            eta: p.get("eta"),
            tau: p.get("tau_theta"),
            p1,
            n: 0,
            w,
            theta: p1 * w[0] * w[0] + (1.0 - p1) * w[1] * w[1],
            rng,
            recent: Vec::with_capacity(END),
        }
    }

    fn mean_response(&self, k: usize) -> f64 {
        if self.recent.is_empty() {
            return self.w[k];
        }
        self.recent.iter().map(|w| w[k]).sum::<f64>() / self.recent.len() as f64
    }
}

impl Model for Bcm {
    fn time_ms(&self) -> f64 {
        self.n as f64
    }

    fn step(&mut self, _spikes: &mut Vec<Spike>) {
        let k = if rng::uniform(&mut self.rng) < self.p1 {
            0
        } else {
            1
        };
        let y = self.w[k];
        if self.w[0].abs().max(self.w[1].abs()) < W_CAP {
            let dw = self.eta * y * (y - self.theta);
            self.w[k] = (self.w[k] + dw).clamp(-W_CAP, W_CAP);
            self.theta = (self.theta + (y * y - self.theta) / self.tau).min(W_CAP);
        }
        let slot = (self.n % END as u64) as usize;
        if self.recent.len() < END {
            self.recent.push(self.w)
        } else {
            self.recent[slot] = self.w
        }
        self.n += 1;
    }

    fn sample(&self, out: &mut [f64]) {
        out[0] = self.w[0];
        out[1] = self.w[1];
        out[2] = self.theta;
    }

    fn set_params(&mut self, p: &Params) {
        self.eta = p.get("eta");
        self.tau = p.get("tau_theta");
        self.p1 = p.get("p1");
    }

    fn measure(&self, name: &str, _rec: &Recording) -> Option<f64> {
        let (r1, r2) = (self.mean_response(0), self.mean_response(1));
        match name {
            "response_1" => Some(r1),
            "response_2" => Some(r2),
            "selectivity" => {
                let d = r1.abs() + r2.abs();
                (r1.abs().max(r2.abs()) > SILENT).then(|| (r1 - r2).abs() / d)
            }
            _ => None,
        }
    }

    fn profile(&self, name: &str, out: &mut Vec<(f64, f64)>) {
        out.clear();
        match name {
            "phi" => {
                let top = 1.3 * self.theta.max(self.w[0]).max(self.w[1]).max(0.5);
                let lo = -0.2 * top;
                out.extend(
                    (0..=100)
                        .map(|i| lo + (top - lo) * i as f64 / 100.0)
                        .map(|y| (y, y * (y - self.theta))),
                );
            }
            "responses" => out.extend_from_slice(&[(1.0, self.w[0]), (2.0, self.w[1])]),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::params;

    fn run(set: &[(&str, f64)], seed: u64, n: usize) -> Bcm {
        let mut m = Bcm::new(&params(&ENTRY, None, set), seed);
        let mut s = Vec::new();
        for _ in 0..n {
            m.step(&mut s);
        }
        m
    }

    fn measure(m: &Bcm, name: &str) -> f64 {
        m.measure(name, &Recording::new(0, crate::record::Retention::All))
            .unwrap()
    }

    /// The selective fixed point (derived above): the winner's response is 1/p_k, the loser's 0.
    /// Tolerance 5 % of 1/p_k: the fluctuations of θ_M (y² is 0 or 1/p_k² from sample to sample,
    /// averaged over τ_θ = 20 samples) move w_k by a few per cent, and the 1000-sample mean
    /// takes out most of it; seeds differ in which pattern wins.
    #[test]
    fn the_winner_responds_with_one_over_its_probability() {
        for (p1, seed) in [(0.5, 1), (0.5, 2), (0.7, 3), (0.7, 4), (0.3, 5)] {
            let m = run(&[("p1", p1)], seed, 20_000);
            let (r1, r2) = (measure(&m, "response_1"), measure(&m, "response_2"));
            let (win, lose, p) = if r1 > r2 {
                (r1, r2, p1)
            } else {
                (r2, r1, 1.0 - p1)
            };
            assert!(
                (win * p - 1.0).abs() < 0.05,
                "p1 {p1} seed {seed}: winner {win}, 1/p = {}",
                1.0 / p
            );
            assert!(lose.abs() < 0.05 / p, "p1 {p1} seed {seed}: loser {lose}");
            assert!(measure(&m, "selectivity") > 0.95);
        }
    }

    /// η τ_θ < 1 (here 0.1 and 0.5): the selective point is stable, the responses stay bounded
    /// (below twice 1/p) over the last half of a long run.
    #[test]
    fn a_fast_threshold_keeps_the_learning_stable() {
        for tau in [20.0, 100.0] {
            let mut m = run(&[("tau_theta", tau)], 7, 10_000);
            let mut s = Vec::new();
            for _ in 0..10_000 {
                m.step(&mut s);
                assert!(
                    m.w[0].abs().max(m.w[1].abs()) < 4.0,
                    "tau {tau}: w = {:?}",
                    m.w
                );
            }
        }
    }

    /// Either side of the Hopf point η τ_θ = 1: at 0.5 the winner's response stays near 1/p = 2
    /// (within ±50 %, the sampling noise), at 1.25 it swings over more than a factor 4.
    #[test]
    fn the_threshold_too_slow_makes_the_response_oscillate() {
        for (tau, oscillates) in [(100.0, false), (250.0, true)] {
            let mut m = run(&[("tau_theta", tau)], 2, 5_000);
            let (mut lo, mut hi) = (f64::INFINITY, 0.0f64);
            let mut s = Vec::new();
            for _ in 0..10_000 {
                m.step(&mut s);
                let r = m.w[0].max(m.w[1]);
                (lo, hi) = (lo.min(r), hi.max(r));
            }
            if oscillates {
                assert!(hi > 4.0 * lo, "tau {tau}: response in [{lo}, {hi}]");
            } else {
                assert!(lo > 1.0 && hi < 3.0, "tau {tau}: response in [{lo}, {hi}]");
            }
        }
    }

    /// η τ_θ = 5 ≫ 1: past the Hopf bifurcation the response outruns the threshold and the driver
    /// stops the run with a clear message; the model's own measures stay finite.
    #[test]
    fn a_slow_threshold_is_reported_as_divergence() {
        let p = params(&ENTRY, Some("slow_threshold_unstable"), &[]);
        let mut sim = crate::run::Simulation::new(&ENTRY, p, 1, crate::record::Retention::All);
        let err = sim.run_for(10_000.0).unwrap_err();
        assert!(err.to_string().contains("diverged"), "{err}");
        let m = run(&[("tau_theta", 1000.0)], 1, 50_000);
        for name in ["response_1", "response_2"] {
            assert!(measure(&m, name).is_finite(), "{name}");
        }
    }
}
