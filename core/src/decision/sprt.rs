//! Wald's sequential probability ratio test as evidence accumulation.
//!
//! Each trial, a hidden state H± is drawn with probability 1/2, and samples s₁, s₂, … arrive from
//! N(±μ, σ²). The observer adds up the log-likelihood ratio
//!   Λ_n = Σ_i ln[p(s_i | H+)/p(s_i | H−)] = Σ_i 2μ s_i/σ²
//! and stops at the first n with Λ_n ≥ a (choose H+) or Λ_n ≤ −b (choose H−) (Wald 1945,
//! Ann. Math. Stat. 16:117; Wald 1947, Sequential Analysis). `bounds = symmetric` sets b = a.
//!
//! Wald's approximations neglect the overshoot of Λ beyond the bound. With α = P(choose + | H−)
//! and β = P(choose − | H+),
//!   α ≈ (1 − e^{−b})/(e^{a} − e^{−b}),   β ≈ e^{−b}(e^{a} − 1)/(e^{a} − e^{−b}),
//! (symmetric: α = β = 1/(1 + e^{a})), and his exact inequalities α ≤ e^{−a}(1 − β),
//! β ≤ e^{−b}(1 − α). Wald's identity E[Λ_N] = E[N] E[λ] with E[λ | H±] = ±2μ²/σ² gives
//!   E[N | H+] ≈ ((1 − β) a − β b)/(2μ²/σ²),   E[N | H−] ≈ ((1 − α) b − α a)/(2μ²/σ²).
//!
//! **Equivalence with the DDM** (Bogacz et al. 2006, Psychol. Rev. 113:700, section on the SPRT):
//! under H+ each increment λ = 2μ s/σ² is Gaussian with mean 2μ²/σ² and variance 4μ²/σ², so Λ is
//! a drift–diffusion observed at integer times with A = 2μ²/σ² and c² = 4μ²/σ² per sample, between
//! −b and a. With symmetric bounds the DDM's ER = 1/(1 + e^{2Aa/c²}) = 1/(1 + e^{a}) and its
//! DT = (a/A) tanh(Aa/c²) are exactly Wald's approximations; the DDM's first-passage density
//! (`ddm::fpt_density_lower`) is drawn over the histogram of the number of samples.
//!
//! **Fixed-sample test.** Deciding by the sign of Λ after a fixed number n of samples errs with
//! probability Φ(−√n μ/σ) (either hypothesis); for error rate ε it needs n = (σ/μ)² Φ⁻¹(1 − ε)²
//! samples. The SPRT reaches the same error rate with fewer samples on average (Wald & Wolfowitz
//! 1948, Ann. Math. Stat. 19:326: no test with the same error rates has a smaller E[N]).

use crate::decision::ddm::{fpt_density_lower, Outcomes, Path};
use crate::math::{erfc, exp};
use crate::model::*;
use crate::params::Params;
use crate::record::Recording;
use crate::rng::{self, Rng};

const PATHS: usize = 5;
const MAX_SAMPLES: u64 = 1_000_000;

pub static SPEC: ModelSpec = ModelSpec {
    id: "sprt",
    title: "The sequential probability ratio test",
    lecture: 11,
    summary: "Samples from one of two Gaussians: the log-likelihood ratio is added up until it crosses a bound. \
              Error rates and sample counts against Wald's approximations, the drift–diffusion model it becomes, \
              and a fixed-sample test that needs more samples for the same accuracy.",
    params: &[
        ParamSpec::real("mu", r"\mu", "", 0.05, 2.0, 0.25, 0.01).help("the two hypotheses' means are ±μ"),
        ParamSpec::real("sigma", r"\sigma", "", 0.2, 3.0, 1.0, 0.05).help("standard deviation of each sample"),
        ParamSpec::real("a", "a", "", 0.2, 8.0, 3.0, 0.1).help("upper bound of the log-likelihood ratio: choose H+ when Λ ≥ a"),
        ParamSpec::real("b", "b", "", 0.2, 8.0, 3.0, 0.1).help("lower bound: choose H− when Λ ≤ −b (used when the bounds are asymmetric)"),
        ParamSpec::choice("bounds", "bounds", &["symmetric", "asymmetric"], 0).help("symmetric: b = a"),
    ],
    presets: &[
        PresetSpec {
            name: "small_steps",
            description: "Weak samples (μ = 0.05): each adds little evidence, the overshoot is negligible and Wald's approximations become exact.",
            values: &[("mu", 0.05)],
        },
        PresetSpec {
            name: "strong_samples",
            description: "Strong samples (μ = 1): the log-likelihood ratio jumps far past the bound, and errors are much rarer than Wald's approximation.",
            values: &[("mu", 1.0)],
        },
        PresetSpec {
            name: "asymmetric",
            description: "Bounds at +4 and −2: the test chooses H− more readily, and errs more often towards it.",
            values: &[("bounds", 1.0), ("a", 4.0), ("b", 2.0)],
        },
    ],
    traces: &[
        TraceSpec::new("samples", "samples used in the last trial", "", 1e9),
        TraceSpec::new("correct", "last trial correct (1) or not (0)", "", 2.0),
    ],
    measures: &[
        MeasureSpec::new("error_rate", "fraction of trials choosing the wrong hypothesis", ""),
        MeasureSpec::new("mean_samples", "mean number of samples per decision", ""),
        MeasureSpec::new("error_rate_wald", "Wald's approximation of the error rate", ""),
        MeasureSpec::new("error_bound_wald", "Wald's bound on the error rate, (e^{−a} + e^{−b})/2", ""),
        MeasureSpec::new("mean_samples_wald", "Wald's approximation of the mean number of samples", ""),
        MeasureSpec::new("fixed_samples", "samples a fixed-sample test needs for the same (simulated) error rate", ""),
    ],
    plots: &[
        PlotSpec {
            id: "paths",
            title: "Log-likelihood ratio of the last trials, and the bounds",
            kind: PlotKind::Profile {
                curves: &["path_1", "path_2", "path_3", "path_4", "path_5", "upper_bound", "lower_bound"],
                errors: &[],
                x_label: "samples",
                y_label: "Λ",
                x: Range::Auto,
                y: Range::Auto,
            },
        },
        PlotSpec {
            id: "samples",
            title: "Samples per decision, and the drift–diffusion density",
            kind: PlotKind::Histogram { values: "sample_counts", bins: 40, x: Range::Auto, x_label: "samples", density: true, overlay: "ddm_density" },
        },
        PlotSpec {
            id: "errors_vs_a",
            title: "Error rate against the bound: Wald's approximation and bound",
            kind: PlotKind::Sweep {
                param: "a",
                measure: "error_rate",
                from: 0.5,
                to: 5.0,
                steps: 10,
                settle_ms: 0.0,
                duration_ms: 300.0,
                overlays: &["wald_error", "wald_bound"],
                seeds: 4,
                y: Range::Auto,
            },
        },
        PlotSpec {
            id: "samples_vs_a",
            title: "Mean samples against the bound: Wald's approximation, and a fixed-sample test of equal accuracy",
            kind: PlotKind::Sweep {
                param: "a",
                measure: "mean_samples",
                from: 0.5,
                to: 5.0,
                steps: 10,
                settle_ms: 0.0,
                duration_ms: 300.0,
                overlays: &["wald_samples", "fixed_samples"],
                seeds: 4,
                y: Range::Auto,
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

/// Wald's approximations (α, β) for bounds a (upper) and b (lower magnitude).
pub fn wald_errors(a: f64, b: f64) -> (f64, f64) {
    let (ea, eb) = (exp(a), exp(-b));
    ((1.0 - eb) / (ea - eb), eb * (ea - 1.0) / (ea - eb))
}

/// Wald's approximation of the mean number of samples, averaged over the two hypotheses.
pub fn wald_samples(a: f64, b: f64, mu: f64, sigma: f64) -> f64 {
    let (al, be) = wald_errors(a, b);
    let drift = 2.0 * mu * mu / (sigma * sigma);
    0.5 * (((1.0 - be) * a - be * b) + ((1.0 - al) * b - al * a)) / drift
}

/// Φ⁻¹(p) for p in (0, 1), by bisection on Φ(x) = erfc(−x/√2)/2 (not on a hot path).
pub fn normal_quantile(p: f64) -> f64 {
    let (mut lo, mut hi) = (-40.0, 40.0);
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if 0.5 * erfc(-mid / std::f64::consts::SQRT_2) < p {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

/// The samples a fixed-sample test (sign of the sum) needs for error rate `err`: (σ/μ)² Φ⁻¹(1 − err)².
pub fn fixed_samples(err: f64, mu: f64, sigma: f64) -> f64 {
    let q = normal_quantile(1.0 - err).max(0.0);
    (sigma / mu) * (sigma / mu) * q * q
}

struct Consts {
    mu: f64,
    sigma: f64,
    a: f64,
    b: f64,
    symmetric: bool,
}

impl Consts {
    fn from(p: &Params) -> Self {
        let a = p.get("a");
        let b = if p.choice("bounds") == 0 {
            a
        } else {
            p.get("b")
        };
        Consts {
            mu: p.get("mu"),
            sigma: p.get("sigma"),
            a,
            b,
            symmetric: p.choice("bounds") == 0,
        }
    }
}

struct Sprt {
    c: Consts,
    rng: Rng,
    trials: f64,
    /// Choice is stored as +1 correct, −1 wrong; the "time" is the number of samples.
    out: Outcomes,
    paths: Vec<Path>,
    last_n: f64,
    last_correct: f64,
}

fn build(p: &Params, seed: u64) -> Box<dyn Model> {
    Box::new(Sprt::new(p, seed))
}

impl Sprt {
    fn new(p: &Params, seed: u64) -> Self {
        Sprt {
            c: Consts::from(p),
            rng: rng::seeded(seed),
            trials: 0.0,
            out: Outcomes::new(),
            paths: (0..PATHS).map(|_| Path::new()).collect(),
            last_n: 0.0,
            last_correct: 0.0,
        }
    }

    /// One test: returns (correct, samples used).
    fn trial(&mut self) -> (bool, u64) {
        let truth = if rng::uniform(&mut self.rng) < 0.5 {
            1.0
        } else {
            -1.0
        };
        let (mu, sigma) = (self.c.mu, self.c.sigma);
        let gain = 2.0 * mu / (sigma * sigma);
        let slot = self.out.count % PATHS;
        self.paths[slot].start(0.0, 0.0);
        let mut llr = 0.0;
        for n in 1..=MAX_SAMPLES {
            let s = truth * mu + sigma * rng::normal(&mut self.rng);
            llr += gain * s;
            if llr >= self.c.a || llr <= -self.c.b {
                self.paths[slot].finish(n as f64, llr);
                let choice = if llr >= self.c.a { 1.0 } else { -1.0 };
                return (choice == truth, n);
            }
            self.paths[slot].offer(n as f64, llr);
        }
        // Never reached within the declared ranges: decide by the sign.
        (llr * truth > 0.0, MAX_SAMPLES)
    }

    fn wald_error(&self, a: f64, b: f64) -> f64 {
        let (al, be) = wald_errors(a, b);
        0.5 * (al + be)
    }

    /// The density of the number of samples of the equivalent DDM, both hypotheses averaged.
    fn ddm_density(&self, n: f64) -> f64 {
        let (mu, sigma, a, b) = (self.c.mu, self.c.sigma, self.c.a, self.c.b);
        // Per sample: A = 2μ²/σ², c = 2μ/σ; in units of c: drift v = A/c = μ/σ, bounds −b/c and a/c.
        let (v, c) = (mu / sigma, 2.0 * mu / sigma);
        let (sep, w) = ((a + b) / c, b / (a + b));
        // H+: drift +v from w; H−: drift −v, the same picture. Each: lower + upper density.
        let plus = fpt_density_lower(n, v, sep, w) + fpt_density_lower(n, -v, sep, 1.0 - w);
        let minus = fpt_density_lower(n, -v, sep, w) + fpt_density_lower(n, v, sep, 1.0 - w);
        0.5 * (plus + minus)
    }
}

impl Model for Sprt {
    fn time_ms(&self) -> f64 {
        self.trials
    }

    fn step(&mut self, _spikes: &mut Vec<Spike>) {
        let (correct, n) = self.trial();
        self.out.push(if correct { 1 } else { -1 }, n as f64);
        self.last_n = n as f64;
        self.last_correct = f64::from(u8::from(correct));
        self.trials += 1.0;
    }

    fn sample(&self, out: &mut [f64]) {
        out[0] = self.last_n;
        out[1] = self.last_correct;
    }

    fn set_params(&mut self, p: &Params) {
        self.c = Consts::from(p);
    }

    fn measure(&self, name: &str, rec: &Recording) -> Option<f64> {
        let c = &self.c;
        match name {
            "error_rate" => self.out.fraction(rec.t_begin, -1),
            "mean_samples" => self.out.mean_time(rec.t_begin),
            "error_rate_wald" => Some(self.wald_error(c.a, c.b)),
            "error_bound_wald" => Some(0.5 * (exp(-c.a) + exp(-c.b))),
            "mean_samples_wald" => Some(wald_samples(c.a, c.b, c.mu, c.sigma)),
            "fixed_samples" => {
                let err = self.out.fraction(rec.t_begin, -1)?;
                (err > 0.0).then(|| fixed_samples(err, c.mu, c.sigma))
            }
            _ => None,
        }
    }

    fn overlay(&self, name: &str, a: f64) -> Option<f64> {
        let c = &self.c;
        // The sweep moves a; with symmetric bounds b moves with it.
        let b = if c.symmetric { a } else { c.b };
        match name {
            "wald_error" => Some(self.wald_error(a, b)),
            "wald_bound" => Some(0.5 * (exp(-a) + exp(-b))),
            "wald_samples" => Some(wald_samples(a, b, c.mu, c.sigma)),
            "fixed_samples" => Some(fixed_samples(self.wald_error(a, b), c.mu, c.sigma)),
            _ => None,
        }
    }

    fn profile(&self, name: &str, out: &mut Vec<(f64, f64)>) {
        out.clear();
        match name {
            "sample_counts" => {
                self.out.times(1, out);
                let mut wrong = Vec::new();
                self.out.times(-1, &mut wrong);
                out.extend(wrong);
            }
            "ddm_density" => {
                let n_max = self
                    .out
                    .max_time()
                    .max(3.0 * wald_samples(self.c.a, self.c.b, self.c.mu, self.c.sigma));
                for i in 1..=200 {
                    let n = n_max * i as f64 / 200.0;
                    out.push((n, self.ddm_density(n)));
                }
            }
            "upper_bound" | "lower_bound" => {
                let n_end = self
                    .paths
                    .iter()
                    .filter_map(|p| p.pts.last())
                    .map(|q| q.0)
                    .fold(1.0, f64::max);
                let y = if name == "upper_bound" {
                    self.c.a
                } else {
                    -self.c.b
                };
                out.extend([(0.0, y), (n_end, y)]);
            }
            _ => {
                let Some(k) = name
                    .strip_prefix("path_")
                    .and_then(|s| s.parse::<usize>().ok())
                else {
                    return;
                };
                if k == 0 || k > PATHS || k > self.out.count {
                    return;
                }
                out.extend_from_slice(&self.paths[(self.out.count - k) % PATHS].pts);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decision::ddm;
    use crate::math::sqrt;
    use crate::testkit::params;

    /// The standard error of a mean of n values with standard deviation sd.
    fn se(sd: f64, n: usize) -> f64 {
        sd / sqrt(n as f64)
    }

    /// (error rate, mean samples, sd of samples) over n trials.
    fn simulate(set: &[(&str, f64)], seed: u64, n: usize) -> (f64, f64, f64) {
        let mut m = Sprt::new(&params(&ENTRY, None, set), seed);
        let (mut err, mut s1, mut s2) = (0usize, 0.0, 0.0);
        for _ in 0..n {
            let (ok, k) = m.trial();
            err += usize::from(!ok);
            s1 += k as f64;
            s2 += (k * k) as f64;
        }
        let mean = s1 / n as f64;
        (
            err as f64 / n as f64,
            mean,
            sqrt(s2 / n as f64 - mean * mean),
        )
    }

    #[test]
    fn wald_equals_the_ddm_with_the_mapped_parameters() {
        // Bogacz et al. 2006: A = 2μ²/σ², c² = 4μ²/σ², z = a. The DDM's closed forms are Wald's
        // approximations, exactly (1e-12).
        for (mu, sigma, a) in [(0.25, 1.0, 3.0), (0.05, 1.0, 2.0), (1.0, 2.0, 5.0)] {
            let (al, be) = wald_errors(a, a);
            let (dd_a, dd_c) = (2.0 * mu * mu / (sigma * sigma), 2.0 * mu / sigma);
            assert!((al - 1.0 / (1.0 + exp(a))).abs() < 1e-12 && (al - be).abs() < 1e-12);
            assert!((al - ddm::error_rate(dd_a, dd_c, a, 0.0)).abs() < 1e-12);
            let n = wald_samples(a, a, mu, sigma);
            assert!((n / ddm::decision_time_centred(dd_a, dd_c, a) - 1.0).abs() < 1e-12);
        }
        // Asymmetric bounds −b, a: the DDM between them started at 0 (centre (a − b)/2).
        let (a, b, mu) = (4.0, 2.0, 0.3);
        let (dd_a, dd_c) = (2.0 * mu * mu, 2.0 * mu);
        let (z, x0) = ((a + b) / 2.0, -(a - b) / 2.0);
        let (_, be) = wald_errors(a, b);
        assert!((be - ddm::error_rate(dd_a, dd_c, z, x0)).abs() < 1e-12);
    }

    #[test]
    fn with_small_increments_wald_is_exact_within_sampling_error() {
        // μ/σ = 0.05: increments of sd 0.1 against bounds of 2–3, the overshoot is small (≈ 0.06).
        // 3 SE over 3000 trials; the mean count also gets the overshoot's share, 0.6·0.1/a·E[N].
        for (set, seed) in [
            (vec![("mu", 0.05), ("a", 2.0)], 1),
            (vec![("mu", 0.05), ("a", 3.0), ("sigma", 0.8)], 2),
        ] {
            let p = params(&ENTRY, None, &set);
            let (mu, sigma, a) = (p.get("mu"), p.get("sigma"), p.get("a"));
            let n = 3000;
            let (er, mean, sd) = simulate(&set, seed, n);
            let er_w = wald_errors(a, a).0;
            assert!(
                (er - er_w).abs() < 3.0 * sqrt(er_w * (1.0 - er_w) / n as f64),
                "{set:?}: ER {er} vs Wald {er_w}"
            );
            let n_w = wald_samples(a, a, mu, sigma);
            let overshoot = ddm::SIEGMUND_BETA * 2.0 * mu / sigma / a * n_w;
            assert!(
                (mean - n_w).abs() < 3.0 * se(sd, n) + overshoot,
                "{set:?}: E[N] {mean} vs Wald {n_w}"
            );
        }
    }

    #[test]
    fn with_large_increments_walds_inequality_holds_and_the_approximation_does_not() {
        // μ = σ = 1: increments of sd 2 against a = 3. Wald's exact bound: α ≤ e^{−a}(1 − β) < e^{−a}
        // (here 0.0498), and the overshoot pushes the error rate well below 1/(1 + e^a) = 0.0474.
        let n = 6000;
        let (er, _, _) = simulate(&[("mu", 1.0)], 3, n);
        let bound = exp(-3.0);
        let se_er = sqrt(bound * (1.0 - bound) / n as f64);
        assert!(
            er <= bound + 3.0 * se_er,
            "ER {er} above Wald's bound {bound}"
        );
        assert!(
            er < wald_errors(3.0, 3.0).0 - 5.0 * se_er,
            "ER {er} not below Wald's approximation"
        );
    }

    #[test]
    fn the_sprt_needs_fewer_samples_than_a_fixed_test_of_equal_accuracy() {
        // Wald & Wolfowitz 1948. Default parameters: the fixed test that reaches the SPRT's
        // simulated error rate needs (σ/μ)² Φ⁻¹(1 − ε)² samples; the SPRT's mean is far below
        // (more than 10 SE of the mean).
        let n = 4000;
        let (er, mean, sd) = simulate(&[], 4, n);
        let fixed = fixed_samples(er, 0.25, 1.0);
        assert!(
            mean + 10.0 * se(sd, n) < fixed,
            "SPRT {mean} vs fixed {fixed}"
        );
        // The fixed test's error formula checked against its own simulation: n = 40, μ/σ = 0.25
        // → Φ(−√40/4) = Φ(−1.581) = 0.0569; 20000 sums, 3 SE.
        let mut r = rng::seeded(5);
        let trials = 20_000;
        let wrong = (0..trials)
            .filter(|_| (0..40).map(|_| 0.25 + rng::normal(&mut r)).sum::<f64>() < 0.0)
            .count();
        let p = 0.5 * erfc(sqrt(40.0) * 0.25 / std::f64::consts::SQRT_2);
        assert!(
            (wrong as f64 / trials as f64 - p).abs() < 3.0 * sqrt(p * (1.0 - p) / trials as f64)
        );
        assert!((fixed_samples(p, 0.25, 1.0) - 40.0).abs() < 1e-6);
    }

    #[test]
    fn asymmetric_bounds_follow_walds_two_error_rates() {
        // a = 4, b = 2, μ = 0.05 (small increments): α ≈ 0.0158 (choose + under H−) and
        // β ≈ 0.1170; the averaged error (α + β)/2 within 3 SE of 4000 trials.
        let set = [("bounds", 1.0), ("a", 4.0), ("b", 2.0), ("mu", 0.05)];
        let (er, _, _) = simulate(&set, 6, 4000);
        let (al, be) = wald_errors(4.0, 2.0);
        let w = 0.5 * (al + be);
        assert!(
            (er - w).abs() < 3.0 * sqrt(w * (1.0 - w) / 4000.0),
            "ER {er} vs Wald {w}"
        );
    }
}
