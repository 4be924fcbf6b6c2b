//! A linear neuron learning with Hebb's rule, Oja's rule or subtractive normalisation.
//!
//! Input: 2-D zero-mean Gaussian samples x with covariance C = [[C11, C12], [C12, C22]] (drawn as
//! x = L z, L the Cholesky factor of C, z standard normal; |C12| is capped at √(C11 C22) so that C
//! stays a covariance). Output: y = w·x. One step = one input sample (`Clock::Samples`).
//!
//! Rules (Dayan & Abbott §8.2–8.3; Gerstner et al., Neuronal Dynamics §19.3):
//!   hebb:         Δw = η y x                         ⟨Δw⟩ = η C w: w grows without bound, along the
//!                 leading eigenvector e₁ of C, |w| ∝ (1 + η λ₁)^n ≈ exp(η λ₁ n) (η λ₁ ≪ 1).
//!   oja:          Δw = η y (x − y w)                 (Oja 1982, J. Math. Biol. 15:267)
//!                 ⟨Δw⟩ = η (C w − (wᵀC w) w): fixed points are unit eigenvectors of C, and only
//!                 ±e₁ is stable; there ⟨y²⟩ = e₁ᵀ C e₁ = λ₁, the largest eigenvalue.
//!   subtractive:  Δw = η (y x − (1/N)(Σ_i y x_i) 1),  0 ≤ w_i ≤ W_MAX  (Miller & MacKay 1994,
//!                 Neural Comput. 6:100). The subtracted mean keeps Σ_i w_i constant; for two
//!                 inputs w = (S/2 + d, S/2 − d) and ⟨Δd⟩ = (η/2)[(S/2)(C11 − C22) + d (C11 + C22 − 2 C12)]:
//!                 the difference d grows (C11 + C22 − 2C12 ≥ 0) until one weight reaches its
//!                 bound 0 and the other holds the whole sum S. At a bound the weight vector is
//!                 projected back onto {Σw = S, 0 ≤ w_i ≤ W_MAX}, so the sum stays S.
//! Eigenvalues of C: λ₁,₂ = (C11 + C22)/2 ± √(((C11 − C22)/2)² + C12²); e₁ at angle
//! ½ atan2(2 C12, C11 − C22).
//!
//! Plain Hebb runs away: the trace `w_norm` is declared with a bound (1e6), so the driver stops the
//! run with `SimError::Unstable` ("the learning diverged"); the model itself also freezes w at
//! |w| = W_CAP, so its state and measures stay finite even when stepped without the driver.
//!
//! Parameters: C11, C22, C12 (input variances and covariance, (input unit)²), `rule`, `eta`
//! (learning rate, per sample, 1/(input unit)²), `w0` (initial |w|; the initial direction is drawn
//! in the first quadrant with the seed).
//! Measures: `w_norm` |w|; `angle_pc1_deg` the angle between the line of w and the line of e₁
//! (0–90°); `y2_mean` ⟨y²⟩ over the last `Y2_WINDOW` samples (all of them early in a run).

use crate::math::{atan2, cos, sin, sqrt, PI};
use crate::model::*;
use crate::params::Params;
use crate::record::Recording;
use crate::rng::{self, Rng};

/// Samples averaged by `y2_mean` (standard error of ⟨y²⟩ ≈ √(2/5000) = 2 %).
const Y2_WINDOW: usize = 5000;
/// Recent inputs drawn in the plane.
const CLOUD: usize = 300;
/// Upper bound of a weight under subtractive normalisation (lower bound 0).
const W_MAX: f64 = 1.0;
/// |w| at which the model stops learning (far above the trace bound that stops a run).
const W_CAP: f64 = 1e9;
const RULES: &[&str] = &["hebb", "oja", "subtractive"];

pub static SPEC: ModelSpec = ModelSpec {
    id: "hebb",
    title: "Hebbian learning, Oja's rule and principal components",
    lecture: 5,
    summary: "A linear neuron y = w·x fed with correlated 2-D Gaussian inputs: plain Hebb runs away along the \
              principal axis, Oja's rule finds the unit-length leading eigenvector, subtractive normalisation \
              drives the weights to their bounds.",
    params: &[
        ParamSpec::real("C11", "C_{11}", "", 0.1, 5.0, 2.0, 0.05).help("variance of input 1"),
        ParamSpec::real("C22", "C_{22}", "", 0.1, 5.0, 1.0, 0.05).help("variance of input 2"),
        ParamSpec::real("C12", "C_{12}", "", -5.0, 5.0, 0.8, 0.05)
            .help("covariance of the two inputs (capped at ±√(C11 C22))"),
        ParamSpec::choice("rule", r"\mathrm{rule}", RULES, 1)
            .help("plain Hebb, Oja's multiplicative normalisation, or subtractive normalisation with bounds [0, 1]"),
        ParamSpec::real("eta", r"\eta", "", 1e-4, 0.1, 0.002, 1e-4).log().help("learning rate per sample"),
        ParamSpec::real("w0", "|w_0|", "", 0.01, 1.0, 0.5, 0.01)
            .help("initial length of w (its direction is random, in the first quadrant)")
            .restart(),
    ],
    presets: &[
        PresetSpec {
            name: "oja",
            description: "Oja's rule: w turns onto the long axis of the input cloud and its length settles.",
            values: &[],
        },
        PresetSpec {
            name: "plain_hebb_unstable",
            description: "Plain Hebb: w turns onto the principal axis too, but its length grows exponentially \
                          until the run is stopped.",
            values: &[("rule", 0.0)],
        },
        PresetSpec {
            name: "subtractive",
            description: "Subtractive normalisation: the sum of the weights is fixed, their difference grows, \
                          and one weight ends at zero.",
            values: &[("rule", 2.0), ("eta", 0.005)],
        },
        PresetSpec {
            name: "uncorrelated",
            description: "Equal variances and no correlation: every direction is a principal axis, and w \
                          wanders along the unit circle.",
            values: &[("C11", 1.0), ("C22", 1.0), ("C12", 0.0)],
        },
    ],
    traces: &[
        TraceSpec::new("w1", "weight 1", "", 1e6),
        TraceSpec::new("w2", "weight 2", "", 1e6),
        TraceSpec::new("w_norm", "|w|", "", 1e6),
        TraceSpec::new("angle_pc1_deg", "angle between w and the principal axis", "°", 1e3),
        TraceSpec::new("y", "output y = w·x", "", 1e12),
    ],
    measures: &[
        MeasureSpec::new("w_norm", "length of the weight vector |w|", ""),
        MeasureSpec::new("angle_pc1_deg", "angle between w and the leading eigenvector of C", "°"),
        MeasureSpec::new("y2_mean", "mean squared output ⟨y²⟩ over the last 5000 samples", ""),
    ],
    plots: &[
        PlotSpec {
            id: "plane",
            title: "Recent inputs, the weight vector w and the principal axis",
            kind: PlotKind::Plane {
                points: &["inputs"],
                lines: &["pc1"],
                vectors: &["w"],
                background: "",
                x_label: "x₁",
                y_label: "x₂",
                x: Range::Auto,
                y: Range::Auto,
            },
        },
        PlotSpec {
            id: "norm",
            title: "Length of the weight vector",
            kind: PlotKind::TimeSeries { traces: &["w_norm"], y_label: "|w|", y: Range::Auto },
        },
        PlotSpec {
            id: "angle",
            title: "Angle between w and the principal axis",
            kind: PlotKind::TimeSeries { traces: &["angle_pc1_deg"], y_label: "angle (°)", y: Range::Fixed(0.0, 90.0) },
        },
    ],
    window_ms: 5000.0,
    sample_ms: 1.0,
    default_duration_ms: 20_000.0,
    stochastic: true,
    clock: Clock::Samples,
    offload: false,
};

pub static ENTRY: ModelEntry = ModelEntry { spec: &SPEC, build };

#[derive(Clone, Copy, Debug, PartialEq)]
enum Rule {
    Hebb,
    Oja,
    Subtractive,
}

/// Parameters and what follows from them: the Cholesky factor and the eigen-decomposition of C.
struct Consts {
    rule: Rule,
    eta: f64,
    /// x = (a z₁, b z₁ + c z₂).
    a: f64,
    b: f64,
    c: f64,
    lambda1: f64,
    /// Unit leading eigenvector.
    e1: [f64; 2],
}

impl Consts {
    fn from(p: &Params) -> Self {
        let (c11, c22) = (p.get("C11"), p.get("C22"));
        let cap = sqrt(c11 * c22);
        let c12 = p.get("C12").clamp(-cap, cap);
        let a = sqrt(c11);
        let b = c12 / a;
        let c = sqrt((c22 - b * b).max(0.0));
        let (m, h) = ((c11 + c22) / 2.0, (c11 - c22) / 2.0);
        let r = sqrt(h * h + c12 * c12);
        let phi = 0.5 * atan2(2.0 * c12, c11 - c22);
        let rule = match p.choice("rule") {
            0 => Rule::Hebb,
            2 => Rule::Subtractive,
            _ => Rule::Oja,
        };
        Consts {
            rule,
            eta: p.get("eta"),
            a,
            b,
            c,
            lambda1: m + r,
            e1: [cos(phi), sin(phi)],
        }
    }
}

pub struct Hebb {
    p: Consts,
    n: u64,
    w: [f64; 2],
    y: f64,
    rng: Rng,
    cloud: Vec<(f64, f64)>,
    y2: Vec<f64>,
    /// Next slot of the two ring buffers (`cloud` uses `n % CLOUD`).
    head: usize,
}

fn build(p: &Params, seed: u64) -> Box<dyn Model> {
    Box::new(Hebb::new(p, seed))
}

impl Hebb {
    fn new(p: &Params, seed: u64) -> Self {
        let mut rng = rng::seeded(seed);
        let phi = 0.5 * PI * rng::uniform(&mut rng);
        let w0 = p.get("w0");
        Hebb {
            p: Consts::from(p),
            n: 0,
            w: [w0 * cos(phi), w0 * sin(phi)],
            y: 0.0,
            rng,
            cloud: Vec::with_capacity(CLOUD),
            y2: Vec::with_capacity(Y2_WINDOW),
            head: 0,
        }
    }

    fn norm(&self) -> f64 {
        sqrt(self.w[0] * self.w[0] + self.w[1] * self.w[1])
    }

    /// Angle between the lines of w and e₁, in degrees (0–90).
    fn angle_deg(&self) -> f64 {
        let n = self.norm();
        if n == 0.0 {
            return 90.0;
        }
        let c = ((self.w[0] * self.p.e1[0] + self.w[1] * self.p.e1[1]).abs() / n).min(1.0);
        libm::acos(c) * 180.0 / PI
    }

    /// Puts w back on the segment {w₁ + w₂ = s, 0 ≤ wᵢ ≤ W_MAX}.
    fn project(&mut self, s: f64) {
        let (lo, hi) = ((s - W_MAX).max(0.0), s.min(W_MAX));
        if lo <= hi {
            self.w[0] = self.w[0].clamp(lo, hi);
            self.w[1] = s - self.w[0];
        } else {
            // The sum itself is out of reach (w came from another rule): clip each weight.
            self.w = self.w.map(|v| v.clamp(0.0, W_MAX));
        }
    }

    fn learn(&mut self, x: [f64; 2]) {
        let (eta, y) = (self.p.eta, self.y);
        let before = self.w;
        match self.p.rule {
            Rule::Hebb => {
                self.w[0] += eta * y * x[0];
                self.w[1] += eta * y * x[1];
            }
            Rule::Oja => {
                self.w[0] += eta * y * (x[0] - y * self.w[0]);
                self.w[1] += eta * y * (x[1] - y * self.w[1]);
            }
            Rule::Subtractive => {
                let s = self.w[0] + self.w[1];
                let mean = 0.5 * eta * y * (x[0] + x[1]);
                self.w[0] += eta * y * x[0] - mean;
                self.w[1] += eta * y * x[1] - mean;
                self.project(s);
            }
        }
        // Runaway: keep the last finite w, scaled to the cap, and learn no more.
        let n = self.norm();
        if !(n < W_CAP) {
            let n0 = sqrt(before[0] * before[0] + before[1] * before[1]).max(1e-300);
            self.w = before.map(|v| v / n0 * W_CAP);
        }
    }
}

impl Model for Hebb {
    fn time_ms(&self) -> f64 {
        self.n as f64
    }

    fn step(&mut self, _spikes: &mut Vec<Spike>) {
        let (z1, z2) = (rng::normal(&mut self.rng), rng::normal(&mut self.rng));
        let x = [self.p.a * z1, self.p.b * z1 + self.p.c * z2];
        self.y = self.w[0] * x[0] + self.w[1] * x[1];
        if self.norm() < W_CAP {
            self.learn(x);
        }
        let k = (self.n % CLOUD as u64) as usize;
        if self.cloud.len() < CLOUD {
            self.cloud.push((x[0], x[1]))
        } else {
            self.cloud[k] = (x[0], x[1])
        }
        let y2 = (self.y * self.y).min(f64::MAX);
        if self.y2.len() < Y2_WINDOW {
            self.y2.push(y2)
        } else {
            self.y2[self.head] = y2
        }
        self.head = (self.head + 1) % Y2_WINDOW;
        self.n += 1;
    }

    fn sample(&self, out: &mut [f64]) {
        out[0] = self.w[0];
        out[1] = self.w[1];
        out[2] = self.norm();
        out[3] = self.angle_deg();
        out[4] = self.y;
    }

    fn set_params(&mut self, p: &Params) {
        self.p = Consts::from(p);
    }

    fn measure(&self, name: &str, _rec: &Recording) -> Option<f64> {
        match name {
            "w_norm" => Some(self.norm()),
            "angle_pc1_deg" => Some(self.angle_deg()),
            "y2_mean" => {
                let m = self.y2.iter().sum::<f64>() / self.y2.len() as f64;
                (!self.y2.is_empty() && m.is_finite()).then_some(m)
            }
            _ => None,
        }
    }

    fn profile(&self, name: &str, out: &mut Vec<(f64, f64)>) {
        out.clear();
        match name {
            "inputs" => out.extend_from_slice(&self.cloud),
            "w" => out.extend_from_slice(&[(0.0, 0.0), (self.w[0], self.w[1])]),
            "pc1" => {
                // The principal axis through the cloud, 3 standard deviations each way.
                let r = 3.0 * sqrt(self.p.lambda1);
                let e = self.p.e1;
                out.extend_from_slice(&[(-r * e[0], -r * e[1]), (r * e[0], r * e[1])]);
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{params, rel};

    /// Default covariance C11 = 2, C22 = 1, C12 = 0.8: λ₁ = 1.5 + √(0.25 + 0.64) = 2.4434.
    const LAMBDA1: f64 = 2.443_398_113;

    fn run(set: &[(&str, f64)], seed: u64, n: usize) -> Hebb {
        let mut m = Hebb::new(&params(&ENTRY, None, set), seed);
        let mut s = Vec::new();
        for _ in 0..n {
            m.step(&mut s);
        }
        m
    }

    fn measure(m: &Hebb, name: &str) -> f64 {
        m.measure(name, &Recording::new(0, crate::record::Retention::All))
            .unwrap()
    }

    #[test]
    fn eigen_decomposition_of_the_default_covariance() {
        let c = Consts::from(&params(&ENTRY, None, &[]));
        assert!(rel(c.lambda1, LAMBDA1) < 1e-9);
        // C e₁ = λ₁ e₁.
        let ce = [2.0 * c.e1[0] + 0.8 * c.e1[1], 0.8 * c.e1[0] + 1.0 * c.e1[1]];
        assert!(
            (ce[0] - LAMBDA1 * c.e1[0]).abs() < 1e-9 && (ce[1] - LAMBDA1 * c.e1[1]).abs() < 1e-9
        );
    }

    /// Oja (1982): w → ±e₁ with |w| = 1. Small η so that the stationary jitter of the angle
    /// (variance ≈ η λ₁λ₂ / 2(λ₁ − λ₂), about 0.6° here) stays well inside 2°.
    #[test]
    fn oja_converges_to_the_unit_leading_eigenvector() {
        for seed in 1..=3 {
            let m = run(&[("eta", 5e-4)], seed, 30_000);
            let (a, n) = (measure(&m, "angle_pc1_deg"), measure(&m, "w_norm"));
            assert!(a < 2.0, "seed {seed}: angle {a}°");
            assert!((n - 1.0).abs() < 0.02, "seed {seed}: |w| = {n}");
        }
    }

    /// At Oja's fixed point ⟨y²⟩ = e₁ᵀCe₁ = λ₁ (2.443; the next candidates, C11 = 2 and λ₂ = 0.56,
    /// are far). Tolerance 6 %: three standard errors of a 5000-sample mean of y² (√(2/5000) = 2 %).
    #[test]
    fn oja_output_power_is_the_largest_eigenvalue() {
        let m = run(&[("eta", 1e-3)], 4, 20_000);
        let y2 = measure(&m, "y2_mean");
        assert!(rel(y2, LAMBDA1) < 0.06, "⟨y²⟩ = {y2}, λ₁ = {LAMBDA1}");
    }

    /// Plain Hebb: ⟨Δw⟩ = ηCw, so ln|w| grows at ln(1 + ηλ₁) ≈ ηλ₁ per sample once w lies along
    /// e₁. Slope of ln|w| between samples 500 and 3000, averaged over 4 seeds: its noise is
    /// η√(2)λ₁ √2500 / 2500 / √4 ≈ 1.4 % of ηλ₁; tolerance 5 % (λ₂ or C11 would be off by 75 % or 18 %).
    #[test]
    fn plain_hebb_grows_exponentially_at_eta_lambda1() {
        let eta = 1e-3;
        let mut slope = 0.0;
        for seed in 1..=4 {
            let set = [("rule", 0.0), ("eta", eta)];
            let (a, b) = (run(&set, seed, 500).norm(), run(&set, seed, 3000).norm());
            slope += libm::log(b / a) / 2500.0 / 4.0;
        }
        let want = libm::log1p(eta * LAMBDA1);
        assert!(
            rel(slope, want) < 0.05,
            "growth rate {slope}, ln(1 + ηλ₁) = {want}"
        );
    }

    /// Miller & MacKay (1994): subtractive normalisation conserves Σw exactly, and the difference
    /// of the weights grows until one weight sits at its lower bound 0.
    #[test]
    fn subtractive_normalisation_keeps_the_sum_and_ends_at_the_bounds() {
        for seed in 1..=3 {
            let m0 = run(&[("rule", 2.0), ("eta", 0.005)], seed, 0);
            let s0 = m0.w[0] + m0.w[1];
            let m = run(&[("rule", 2.0), ("eta", 0.005)], seed, 5000);
            assert!(
                (m.w[0] + m.w[1] - s0).abs() < 1e-12,
                "seed {seed}: Σw {} → {}",
                s0,
                m.w[0] + m.w[1]
            );
            let lo = m.w[0].min(m.w[1]);
            assert!(lo == 0.0, "seed {seed}: w = {:?}", m.w);
        }
    }

    /// The runaway is stopped cleanly: the driver reports it, and the model alone stays finite.
    #[test]
    fn plain_hebb_is_stopped_not_nan() {
        let p = params(&ENTRY, Some("plain_hebb_unstable"), &[]);
        let mut sim = crate::run::Simulation::new(&ENTRY, p, 1, crate::record::Retention::All);
        let err = sim.run_for(20_000.0).unwrap_err();
        assert!(err.to_string().contains("diverged"), "{err}");
        let m = run(&[("rule", 0.0), ("eta", 0.1)], 1, 5000);
        for name in ["w_norm", "angle_pc1_deg", "y2_mean"] {
            assert!(measure(&m, name).is_finite(), "{name}");
        }
    }

    #[test]
    fn an_impossible_covariance_is_capped_not_nan() {
        let m = run(&[("C11", 1.0), ("C22", 1.0), ("C12", 5.0)], 1, 2000);
        assert!(measure(&m, "w_norm").is_finite() && measure(&m, "angle_pc1_deg") < 10.0);
    }
}
