//! The leaky competing accumulator (Usher & McClelland 2001, Psychol. Rev. 108:550).
//!
//! Two accumulators, one per choice, integrate their inputs ρ₁ = ρ + Δ/2 (the correct one) and
//! ρ₂ = ρ − Δ/2, leak at rate k and inhibit each other with weight β:
//!   dx_i = (ρ_i − k x_i − β x_j) dt + c dW_i,   x_i(0) = 0,
//! with independent noises (Bogacz et al. 2006, Psychol. Rev. 113:700, eq. 15, which writes
//! Usher & McClelland's dt/τ into the rates: k, β and ρ are in 1/s, c in 1/√s, time in s; the step
//! `dt` and the decision times in ms). With `floor = zero` an accumulator is kept at x_i ≥ 0 (the
//! threshold-linear output of Usher & McClelland); `floor = none` leaves the model linear.
//! Free response: the first accumulator to reach the threshold Z chooses (`rule = absolute`), or
//! the first time |x₁ − x₂| ≥ Z (`rule = relative`). Interrogation (`deadline_ms` > 0): the
//! larger accumulator at the deadline chooses (Usher & McClelland's time-controlled paradigm).
//! A free-response trial still undecided after `T_MAX` s is decided the same way at T_MAX.
//!
//! **Linear theory** (floor = none; Bogacz et al. 2006, section on the LCA). The difference
//! D = x₁ − x₂ obeys dD = (Δ − λD) dt + √2 c dW with λ = k − β, an Ornstein–Uhlenbeck process,
//! whatever the sum does. Hence:
//! - at a deadline T, D is Gaussian with mean Δ(1 − e^{−λT})/λ and variance c²(1 − e^{−2λT})/λ
//!   (2c²T for λ = 0), and the accuracy is Φ(mean/sd). With leak above inhibition (λ > 0) it
//!   saturates at Φ(Δ/(c√λ)) as T grows: evidence older than 1/λ is forgotten (recency); with
//!   λ < 0 the early evidence is amplified (primacy).
//! - with the relative rule, P(D reaches +Z before −Z) from 0 is the ratio of the scale function
//!   s'(u) = exp(−(Δu − λu²/2)/c²): ∫_{−Z}^0 s' / ∫_{−Z}^{Z} s' (Karlin & Taylor 1981, §15.3),
//!   computed by Simpson's rule. For k = β it is a drift–diffusion with A = Δ, noise √2 c and bound
//!   Z: accuracy 1/(1 + e^{−ΔZ/c²}).
//! - with the absolute rule and k + β large, the sum S = x₁ + x₂ relaxes fast to S* = 2ρ/(k + β),
//!   and x₁ ≥ Z becomes D ≥ 2Z − S*: the relative rule with threshold 2Z − S* (Bogacz et al. 2006),
//!   an approximation.
//! - with the absolute rule and k = β = 0 (a race of two independent accumulators), each reaches
//!   Z at an inverse-Gaussian time with density f_i(t) = Z/(c√(2πt³)) exp(−(Z − ρ_i t)²/(2c²t))
//!   and distribution F_i(t) = Φ((ρ_i t − Z)/(c√t)) + e^{2ρ_i Z/c²} Φ(−(ρ_i t + Z)/(c√t)), and
//!   the accuracy is ∫ f₁ (1 − F₂) dt (exact).
//! `accuracy_theory` gives this linear theory (it ignores the floor).

use crate::decision::ddm::{Outcomes, Path};
use crate::math::{erfc, exp, expm1, log, sqrt, PI};
use crate::model::*;
use crate::params::Params;
use crate::record::Recording;
use crate::rng::{self, Rng};

/// The longest free-response trial, s.
const T_MAX: f64 = 30.0;

pub static SPEC: ModelSpec = ModelSpec {
    id: "lca",
    title: "The leaky competing accumulator",
    lecture: 11,
    summary: "Two accumulators integrate noisy evidence, leak, and inhibit each other until one reaches a \
              threshold. When leak equals inhibition their difference is a drift–diffusion; when leak wins, \
              accuracy stops growing with time.",
    params: &[
        ParamSpec::real("rho", r"\rho", "1/s", 0.0, 10.0, 2.0, 0.1).help("mean input to the two accumulators"),
        ParamSpec::real("delta", r"\Delta", "1/s", 0.0, 5.0, 1.0, 0.05).help("input difference ρ₁ − ρ₂ (the coherence of the stimulus); accumulator 1 is correct"),
        ParamSpec::real("k", "k", "1/s", 0.0, 20.0, 4.0, 0.1).help("leak: each accumulator decays at this rate"),
        ParamSpec::real("beta", r"\beta", "1/s", 0.0, 20.0, 4.0, 0.1).help("mutual inhibition"),
        ParamSpec::real("c", "c", "1/√s", 0.1, 2.0, 1.0, 0.05).help("noise amplitude of each accumulator"),
        ParamSpec::real("Z", "Z", "", 0.1, 5.0, 1.0, 0.05).help("threshold: on each accumulator (absolute rule) or on their difference (relative)"),
        ParamSpec::dt(0.1, 10.0, 1.0),
        ParamSpec::choice("rule", "rule", &["absolute", "relative"], 0)
            .help("absolute: the first accumulator to reach Z; relative: the first time |x₁ − x₂| ≥ Z"),
        ParamSpec::choice("floor", "floor", &["zero", "none"], 0).help("zero: accumulators cannot go negative (Usher & McClelland); none: linear"),
        ParamSpec::real("deadline_ms", "T", "ms", 0.0, 5000.0, 0.0, 10.0)
            .help("0: free response; otherwise the larger accumulator at this time chooses (interrogation)"),
    ],
    presets: &[
        PresetSpec {
            name: "balanced",
            description: "Leak equals inhibition, linear, and a threshold on the difference: exactly a drift–diffusion model.",
            values: &[("k", 10.0), ("beta", 10.0), ("floor", 1.0), ("rule", 1.0)],
        },
        PresetSpec {
            name: "leaky",
            description: "Leak larger than inhibition, asked at a deadline of 1.5 s: accuracy no longer improves with time.",
            values: &[("k", 4.0), ("beta", 0.0), ("floor", 1.0), ("deadline_ms", 1500.0)],
        },
        PresetSpec {
            name: "inhibition_dominant",
            description: "Inhibition larger than leak: an early lead is amplified and the first evidence weighs most.",
            values: &[("k", 0.0), ("beta", 4.0), ("floor", 1.0), ("deadline_ms", 1500.0)],
        },
        PresetSpec {
            name: "race",
            description: "No leak and no inhibition: two independent accumulators race to the threshold.",
            values: &[("k", 0.0), ("beta", 0.0), ("floor", 1.0)],
        },
    ],
    traces: &[
        TraceSpec::new("rt_ms", "decision time of the last trial", "ms", 1e9),
        TraceSpec::new("correct", "last trial correct (1) or not (0)", "", 2.0),
    ],
    measures: &[
        MeasureSpec::new("accuracy", "fraction of trials won by the accumulator with the larger input", ""),
        MeasureSpec::new("decision_time_ms", "mean decision time", "ms"),
        MeasureSpec::new("accuracy_theory", "accuracy of the linear model (no floor): Ornstein–Uhlenbeck difference", ""),
    ],
    plots: &[
        PlotSpec {
            id: "trajectories",
            title: "The last trial: both accumulators, their difference, and the threshold",
            kind: PlotKind::Profile {
                curves: &["x1", "x2", "difference", "threshold"],
                errors: &[],
                x_label: "t (ms)",
                y_label: "x",
                x: Range::Auto,
                y: Range::Auto,
            },
        },
        PlotSpec {
            id: "rt_correct",
            title: "Decision times of correct choices",
            kind: PlotKind::Histogram { values: "rt_correct", bins: 40, x: Range::Auto, x_label: "decision time (ms)", density: true, overlay: "" },
        },
        PlotSpec {
            id: "rt_error",
            title: "Decision times of errors",
            kind: PlotKind::Histogram { values: "rt_error", bins: 30, x: Range::Auto, x_label: "decision time (ms)", density: true, overlay: "" },
        },
        PlotSpec {
            id: "accuracy_vs_delta",
            title: "Accuracy against the input difference (linear theory as a line)",
            kind: PlotKind::Sweep {
                param: "delta",
                measure: "accuracy",
                from: 0.0,
                to: 3.0,
                steps: 13,
                settle_ms: 0.0,
                duration_ms: 200.0,
                overlays: &["accuracy_vs_delta"],
                seeds: 4,
                y: Range::Fixed(0.4, 1.02),
            },
        },
        PlotSpec {
            id: "time_vs_delta",
            title: "Mean decision time against the input difference",
            kind: PlotKind::Sweep {
                param: "delta",
                measure: "decision_time_ms",
                from: 0.0,
                to: 3.0,
                steps: 13,
                settle_ms: 0.0,
                duration_ms: 200.0,
                overlays: &[],
                seeds: 4,
                y: Range::Auto,
            },
        },
        PlotSpec {
            id: "accuracy_vs_deadline",
            title: "Interrogation: accuracy against the deadline (linear theory as a line)",
            kind: PlotKind::Sweep {
                param: "deadline_ms",
                measure: "accuracy",
                from: 100.0,
                to: 3000.0,
                steps: 12,
                settle_ms: 0.0,
                duration_ms: 200.0,
                overlays: &["accuracy_vs_deadline"],
                seeds: 4,
                y: Range::Fixed(0.4, 1.02),
            },
        },
    ],
    window_ms: 500.0,
    sample_ms: 1.0,
    default_duration_ms: 1000.0,
    stochastic: true,
    clock: Clock::Trials,
    offload: true,
};

pub static ENTRY: ModelEntry = ModelEntry { spec: &SPEC, build };

/// Φ(x), the standard normal distribution function.
fn phi(x: f64) -> f64 {
    0.5 * erfc(-x / std::f64::consts::SQRT_2)
}

/// Accuracy at deadline t (s) of the linear model: D ~ N(m, v) with λ = k − β.
pub fn accuracy_at_deadline(delta: f64, lambda: f64, c: f64, t: f64) -> f64 {
    let (m, v) = if (lambda * t).abs() < 1e-9 {
        (delta * t, 2.0 * c * c * t)
    } else {
        (
            -delta * expm1(-lambda * t) / lambda,
            -c * c * expm1(-2.0 * lambda * t) / lambda,
        )
    };
    phi(m / sqrt(v))
}

/// P(D reaches +zd before −zd) from 0, for dD = (Δ − λD) dt + √2 c dW: the scale-function ratio.
pub fn accuracy_relative(delta: f64, lambda: f64, c: f64, zd: f64) -> f64 {
    let ln_s = |u: f64| -(delta * u - 0.5 * lambda * u * u) / (c * c);
    // Simpson's rule on each half, with the largest exponent factored out (no overflow).
    let half = 1000;
    let h = zd / half as f64;
    let top = (-2 * half..=0)
        .chain(0..=2 * half)
        .map(|i| ln_s(i as f64 * h / 2.0))
        .fold(f64::NEG_INFINITY, f64::max);
    let simpson = |from: f64| {
        let mut s = 0.0;
        for i in 0..=half {
            let w = if i == 0 || i == half {
                1.0
            } else if i % 2 == 1 {
                4.0
            } else {
                2.0
            };
            s += w * exp(ln_s(from + i as f64 * h) - top);
        }
        s
    };
    let (lower, upper) = (simpson(-zd), simpson(0.0));
    lower / (lower + upper)
}

/// First passage of x = ρt + cW to Z > 0: (density, distribution function) at t > 0.
fn first_passage(rho: f64, c: f64, z: f64, t: f64) -> (f64, f64) {
    let s = c * sqrt(t);
    let f = z / (s * t * sqrt(2.0 * PI)) * exp(-(z - rho * t) * (z - rho * t) / (2.0 * s * s));
    // e^{2ρZ/c²} Φ(−(ρt + Z)/s), in logs for large exponents (Φ > 0 in floating point to −37).
    let x = -(rho * t + z) / s;
    let second = if x > -37.0 {
        exp(2.0 * rho * z / (c * c) + log(phi(x)))
    } else {
        0.0
    };
    (f, phi((rho * t - z) / s) + second)
}

/// The race (k = β = 0, no floor): P(accumulator 1 reaches Z first) = ∫ f₁ (1 − F₂) dt over
/// (0, T_MAX], by Simpson's rule in ln t. The passage times spread over decades (a threshold near
/// the start is crossed within milliseconds, a weak drift takes seconds), and a uniform grid in t
/// missed the narrow early peak: at Z = 0.05 its 20 000 points were 0.04 off. In ln t, from two
/// hundred times below the shorter of the drift time Z/ρ and the diffusion time Z²/c² (where the
/// density is below e⁻¹⁰⁰), 2 000 points agree with 20 000 to 1e-5 over the parameters' ranges.
pub fn accuracy_race(rho1: f64, rho2: f64, c: f64, z: f64) -> f64 {
    let rho = rho1.max(rho2);
    let mut t0 = z * z / (c * c);
    if rho > 0.0 {
        t0 = t0.min(z / rho);
    }
    let (lo, hi) = (log(t0 / 200.0), log(T_MAX));
    let m = 2_000;
    let h = (hi - lo) / m as f64;
    let mut s = 0.0;
    for i in 0..=m {
        let t = exp(lo + i as f64 * h);
        let w = if i == 0 || i == m {
            1.0
        } else if i % 2 == 1 {
            4.0
        } else {
            2.0
        };
        let (f1, _) = first_passage(rho1, c, z, t);
        let (_, f2) = first_passage(rho2, c, z, t);
        s += w * f1 * t * (1.0 - f2.min(1.0));
    }
    s * h / 3.0
}

struct Consts {
    rho1: f64,
    rho2: f64,
    k: f64,
    beta: f64,
    c: f64,
    z: f64,
    h: f64,
    relative: bool,
    floor: bool,
    deadline: f64,
}

impl Consts {
    fn from(p: &Params) -> Self {
        let (rho, delta) = (p.get("rho"), p.get("delta"));
        Consts {
            rho1: rho + delta / 2.0,
            rho2: rho - delta / 2.0,
            k: p.get("k"),
            beta: p.get("beta"),
            c: p.get("c"),
            z: p.get("Z"),
            h: p.get("dt") / 1000.0,
            relative: p.choice("rule") == 1,
            floor: p.choice("floor") == 0,
            deadline: p.get("deadline_ms") / 1000.0,
        }
    }

    /// The linear theory's accuracy for input difference `delta` and deadline `deadline` (s).
    fn theory(&self, delta: f64, deadline: f64) -> Option<f64> {
        let lambda = self.k - self.beta;
        if deadline > 0.0 {
            return Some(accuracy_at_deadline(delta, lambda, self.c, deadline));
        }
        let zd = if self.relative {
            self.z
        } else {
            // The sum relaxes to S* = (ρ₁ + ρ₂)/(k + β); x₁ = (S + D)/2 ≥ Z ⇔ D ≥ 2Z − S*.
            let s = self.k + self.beta;
            if s <= 0.0 {
                let rho = 0.5 * (self.rho1 + self.rho2);
                return Some(accuracy_race(rho + delta / 2.0, rho - delta / 2.0, self.c, self.z));
            }
            2.0 * self.z - (self.rho1 + self.rho2) / s
        };
        (zd > 0.0).then(|| accuracy_relative(delta, lambda, self.c, zd))
    }
}

struct Lca {
    c: Consts,
    rng: Rng,
    trials: f64,
    out: Outcomes,
    /// The last trial's x₁, x₂ and x₁ − x₂.
    paths: [Path; 3],
    last_rt: f64,
    last_correct: f64,
}

fn build(p: &Params, seed: u64) -> Box<dyn Model> {
    Box::new(Lca::new(p, seed))
}

impl Lca {
    fn new(p: &Params, seed: u64) -> Self {
        Lca {
            c: Consts::from(p),
            rng: rng::seeded(seed),
            trials: 0.0,
            out: Outcomes::new(),
            paths: [Path::new(), Path::new(), Path::new()],
            last_rt: 0.0,
            last_correct: 0.0,
        }
    }

    fn record(&mut self, t_ms: f64, x1: f64, x2: f64, last: bool) {
        for (p, v) in self.paths.iter_mut().zip([x1, x2, x1 - x2]) {
            if last {
                p.finish(t_ms, v)
            } else {
                p.offer(t_ms, v)
            }
        }
    }

    /// One trial: returns (correct, decision time in s).
    fn trial(&mut self) -> (bool, f64) {
        let c = &self.c;
        let (h, sd) = (c.h, c.c * sqrt(c.h));
        let (k, beta, rho1, rho2, z, relative, floor) =
            (c.k, c.beta, c.rho1, c.rho2, c.z, c.relative, c.floor);
        let t_end = if c.deadline > 0.0 { c.deadline } else { T_MAX };
        let steps = (t_end / h).round().max(1.0) as u64;
        let free = c.deadline <= 0.0;
        for p in &mut self.paths {
            p.start(0.0, 0.0);
        }
        let (mut x1, mut x2) = (0.0f64, 0.0f64);
        for n in 1..=steps {
            let n1 = x1 + (rho1 - k * x1 - beta * x2) * h + sd * rng::normal(&mut self.rng);
            let n2 = x2 + (rho2 - k * x2 - beta * x1) * h + sd * rng::normal(&mut self.rng);
            (x1, x2) = if floor {
                (n1.max(0.0), n2.max(0.0))
            } else {
                (n1, n2)
            };
            let t = n as f64 * h;
            if free {
                let decided = if relative {
                    (x1 - x2).abs() >= z
                } else {
                    x1 >= z || x2 >= z
                };
                if decided {
                    self.record(t * 1000.0, x1, x2, true);
                    return (x1 > x2, t);
                }
            }
            self.record(t * 1000.0, x1, x2, n == steps);
        }
        (x1 > x2, steps as f64 * h)
    }
}

impl Model for Lca {
    fn time_ms(&self) -> f64 {
        self.trials
    }

    fn step(&mut self, _spikes: &mut Vec<Spike>) {
        let (correct, t) = self.trial();
        self.out.push(if correct { 1 } else { -1 }, t * 1000.0);
        self.last_rt = t * 1000.0;
        self.last_correct = f64::from(u8::from(correct));
        self.trials += 1.0;
    }

    fn sample(&self, out: &mut [f64]) {
        out[0] = self.last_rt;
        out[1] = self.last_correct;
    }

    fn set_params(&mut self, p: &Params) {
        self.c = Consts::from(p);
    }

    fn measure(&self, name: &str, rec: &Recording) -> Option<f64> {
        match name {
            "accuracy" => self.out.fraction(rec.t_begin, 1),
            "decision_time_ms" => self.out.mean_time(rec.t_begin),
            "accuracy_theory" => self.c.theory(self.c.rho1 - self.c.rho2, self.c.deadline),
            _ => None,
        }
    }

    fn overlay(&self, name: &str, x: f64) -> Option<f64> {
        match name {
            "accuracy_vs_delta" => self.c.theory(x, self.c.deadline),
            "accuracy_vs_deadline" => self.c.theory(self.c.rho1 - self.c.rho2, x / 1000.0),
            _ => None,
        }
    }

    fn profile(&self, name: &str, out: &mut Vec<(f64, f64)>) {
        out.clear();
        if self.out.count == 0 {
            return;
        }
        match name {
            "rt_correct" => self.out.times(1, out),
            "rt_error" => self.out.times(-1, out),
            "x1" => out.extend_from_slice(&self.paths[0].pts),
            "x2" => out.extend_from_slice(&self.paths[1].pts),
            "difference" => out.extend_from_slice(&self.paths[2].pts),
            "threshold" => {
                let t_end = self.paths[0].pts.last().map_or(1.0, |q| q.0);
                out.extend([(0.0, self.c.z), (t_end, self.c.z)]);
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decision::ddm::{self, SIEGMUND_BETA};
    use crate::testkit::params;

    /// (accuracy, mean decision time ms) over n trials.
    fn simulate(preset: Option<&str>, set: &[(&str, f64)], seed: u64, n: usize) -> (f64, f64) {
        let mut m = Lca::new(&params(&ENTRY, preset, set), seed);
        let (mut ok, mut t) = (0usize, 0.0);
        for _ in 0..n {
            let (c, dt) = m.trial();
            ok += usize::from(c);
            t += dt * 1000.0;
        }
        (ok as f64 / n as f64, t / n as f64)
    }

    fn within_3se(p: f64, theory: f64, n: usize) -> bool {
        (p - theory).abs() < 3.0 * sqrt(theory * (1.0 - theory) / n as f64)
    }

    #[test]
    fn the_scale_function_reduces_to_the_ddm_for_equal_leak_and_inhibition() {
        // λ = 0: a DDM with A = Δ, c_D = √2 c, bound Z (Bogacz et al. 2006): 1e-9.
        for (delta, c, z) in [(1.0, 1.0, 1.0), (0.5, 0.7, 2.0), (3.0, 1.5, 0.4)] {
            let ddm_acc = 1.0 - ddm::error_rate(delta, std::f64::consts::SQRT_2 * c, z, 0.0);
            assert!(
                (accuracy_relative(delta, 0.0, c, z) - ddm_acc).abs() < 1e-9,
                "{delta} {c} {z}"
            );
        }
        // Δ = 0: either bound with probability 1/2 whatever λ (symmetry).
        assert!((accuracy_relative(0.0, 3.0, 1.0, 1.0) - 0.5).abs() < 1e-12);
    }

    #[test]
    fn with_leak_equal_to_inhibition_the_difference_is_a_drift_diffusion() {
        // Preset `balanced` (k = β = 10, linear, relative rule), Δ = 1, Z = 1, c = 1, h = 0.2 ms:
        // the DDM with A = 1, noise √2, bound Z + 0.5826·√2·√h (Siegmund's shift for the grid,
        // 0.012) gives accuracy 0.732; 3 SE of 3000 trials.
        let n = 3000;
        let (acc, dt) = simulate(Some("balanced"), &[("dt", 0.2)], 1, n);
        let s2 = std::f64::consts::SQRT_2;
        let z = 1.0 + SIEGMUND_BETA * s2 * sqrt(0.0002);
        let theory = 1.0 - ddm::error_rate(1.0, s2, z, 0.0);
        assert!(within_3se(acc, theory, n), "accuracy {acc} vs DDM {theory}");
        // Mean decision time, DDM closed form (z/A) tanh(Az/c²) = 0.46 s; the SD of a DDM's DT is
        // below its mean here, so 3 SE < 3·DT/√n.
        let dt_th = ddm::decision_time(1.0, s2, z, 0.0) * 1000.0;
        assert!(
            (dt - dt_th).abs() < 3.0 * dt_th / sqrt(n as f64),
            "DT {dt} vs {dt_th}"
        );
    }

    #[test]
    fn leak_minus_inhibition_sets_the_ou_scale_function() {
        // Relative rule, linear, k − β = 4 and −3: the OU scale-function accuracy within 3 SE.
        for (k, beta, seed) in [(6.0, 2.0, 2), (1.0, 4.0, 3)] {
            let set = [
                ("k", k),
                ("beta", beta),
                ("floor", 1.0),
                ("rule", 1.0),
                ("dt", 0.2),
                ("delta", 0.8),
            ];
            let n = 3000;
            let (acc, _) = simulate(None, &set, seed, n);
            let z = 1.0 + SIEGMUND_BETA * std::f64::consts::SQRT_2 * sqrt(0.0002);
            let theory = accuracy_relative(0.8, k - beta, 1.0, z);
            assert!(
                within_3se(acc, theory, n),
                "k {k} β {beta}: {acc} vs {theory}"
            );
        }
    }

    #[test]
    fn with_leak_above_inhibition_accuracy_saturates_at_a_deadline() {
        // Interrogation, λ = k − β = 4, Δ = 1, c = 1 (Usher & McClelland 2001; Bogacz et al. 2006):
        // accuracy Φ(m/sd) at each deadline within 3 SE of 3000 trials, and the limit
        // Φ(Δ/(c√λ)) = Φ(0.5) = 0.691 is nearly reached by 1.5 s and cannot be passed.
        let n = 3000;
        for (deadline, seed) in [(300.0, 4), (1500.0, 5)] {
            let (acc, dt) = simulate(Some("leaky"), &[("deadline_ms", deadline)], seed, n);
            assert!((dt - deadline).abs() < 1e-6);
            let theory = accuracy_at_deadline(1.0, 4.0, 1.0, deadline / 1000.0);
            assert!(
                within_3se(acc, theory, n),
                "T {deadline}: {acc} vs {theory}"
            );
        }
        let limit = phi(0.5);
        let late = accuracy_at_deadline(1.0, 4.0, 1.0, 1.5);
        assert!(late < limit && limit - late < 0.002, "{late} {limit}");
        // Without leak the same evidence keeps improving: Φ(Δ√T/(√2 c)) = 0.86 at 3 s.
        assert!(accuracy_at_deadline(1.0, 0.0, 1.0, 3.0) > limit + 0.15);
    }

    #[test]
    fn the_race_follows_the_inverse_gaussian_first_passage_times() {
        // k = β = 0, linear: P(T₁ < T₂) for independent inverse-Gaussian first-passage times
        // (Schrödinger 1915; Karlin & Taylor 1981) within 3 SE of 3000 trials, h = 0.2 ms with
        // Siegmund's shift of the threshold by 0.5826 c √h.
        let n = 3000;
        let (acc, _) = simulate(Some("race"), &[("dt", 0.2)], 7, n);
        let z = 1.0 + SIEGMUND_BETA * sqrt(0.0002);
        let theory = accuracy_race(2.5, 1.5, 1.0, z);
        assert!(within_3se(acc, theory, n), "race {acc} vs {theory}");
        // The distribution function is the integral of the density (to 1e-6 at t = 2 s), and with
        // equal inputs each accumulator wins half the time.
        let (m, t1) = (20_000, 2.0);
        let hh = t1 / m as f64;
        let integral: f64 = (1..=m)
            .map(|i| first_passage(1.5, 1.0, 1.0, (i as f64 - 0.5) * hh).0 * hh)
            .sum();
        assert!((integral - first_passage(1.5, 1.0, 1.0, t1).1).abs() < 1e-6);
        assert!((accuracy_race(2.0, 2.0, 1.0, 1.0) - 0.5).abs() < 1e-6);
    }

    #[test]
    fn the_race_is_integrated_right_for_a_threshold_near_the_start() {
        // Z = 0.05, ρ₁ = 6: accumulator 1 crosses within milliseconds. A midpoint sum with 5 µs
        // steps over (0, 2 s] (by 2 s it has crossed with probability 1 − 1e-30) is the reference.
        let (m, t1) = (400_000, 2.0);
        let hh = t1 / m as f64;
        let reference: f64 = (0..m)
            .map(|i| {
                let t = (i as f64 + 0.5) * hh;
                first_passage(6.0, 1.0, 0.05, t).0 * (1.0 - first_passage(0.0, 1.0, 0.05, t).1) * hh
            })
            .sum();
        let got = accuracy_race(6.0, 0.0, 1.0, 0.05);
        assert!((got - reference).abs() < 1e-5, "{got} vs {reference}");
    }

    #[test]
    fn the_race_s_overlay_follows_the_swept_input_difference() {
        // The overlay at Δ is the race of ρ ± Δ/2, whatever Δ the slider holds: even odds at
        // Δ = 0, rising with Δ.
        let m = Lca::new(&params(&ENTRY, Some("race"), &[]), 0);
        let at = |d: f64| m.overlay("accuracy_vs_delta", d).unwrap();
        assert!((at(0.0) - 0.5).abs() < 1e-6, "{}", at(0.0));
        let (rho, c, z) = (m.c.rho1 / 2.0 + m.c.rho2 / 2.0, m.c.c, m.c.z);
        let want = accuracy_race(rho + 1.0, rho - 1.0, c, z);
        assert!((at(2.0) - want).abs() < 1e-12);
        assert!(at(0.5) < at(1.0) && at(1.0) < at(2.0) && at(2.0) < at(3.0));
    }

    #[test]
    fn the_absolute_rule_approaches_the_mean_sum_reduction_when_leak_and_inhibition_are_large() {
        // k = β = 15, linear, absolute threshold Z = 1, ρ = 2: S* = 4/30 and D's bound is 2Z − S*.
        // The sum fluctuates around S* (sd c/√(k + β) = 0.18), so the reduction is approximate:
        // within 3 SE of 3000 trials + 0.03.
        let n = 3000;
        let set = [("k", 15.0), ("beta", 15.0), ("floor", 1.0), ("dt", 0.2)];
        let (acc, _) = simulate(None, &set, 6, n);
        let m = Lca::new(&params(&ENTRY, None, &set), 0);
        let theory = m.c.theory(1.0, 0.0).unwrap();
        assert!(
            (acc - theory).abs() < 3.0 * sqrt(theory * (1.0 - theory) / n as f64) + 0.03,
            "{acc} vs {theory}"
        );
    }
}
