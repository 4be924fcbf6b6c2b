//! Infomax for one neuron: the contrast–response curve that transmits the most information is the
//! cumulative distribution of the inputs (Laughlin 1981, Z. Naturforsch. 36c:910; Dayan & Abbott
//! §4.2, "histogram equalisation").
//!
//! Model. An input x (a contrast, dimensionless) is drawn from a density p(x) with mean μ and
//! standard deviation σ: logistic, Gaussian, uniform or Laplace. The neuron answers with a
//! bounded output through a logistic contrast–response curve, plus a small output noise:
//!   y = g(x) + ν,   g(x) = 1/(1 + exp(−a (x − θ))),   ν ~ N(0, σ_ν²),
//! with gain a and threshold θ.
//!
//! Transmitted information, small-noise approximation (derived here). I(x; y) = h(y) − h(y | x)
//! and h(y | x) = h(ν) = ½ log₂(2πe σ_ν²). When σ_ν is small against the scale over which the
//! density of the noiseless output z = g(x) changes, y's density is z's density blurred a little,
//! so h(y) ≈ h(z), and by the change of variables p_z(z) = p(x)/g'(x):
//!   I ≈ h(z) − h(ν),   h(z) = −∫ p(x) log₂ [p(x) / g'(x)] dx        → `info_bits`.
//! z lives in (0, 1), so h(z) ≤ 0 with equality iff z is uniform, i.e. g' = p, i.e. g = F, the
//! cumulative distribution of the input: the optimal curve equalises the output histogram, and
//! the information is at most −½ log₂(2πe σ_ν²) (`info_max_bits`). For a logistic input of scale
//! s = σ√3/π the best logistic curve is exactly its CDF: a = 1/s, θ = μ. For other inputs the
//! best logistic curve is the logistic closest to F. The approximation fails for curves that
//! squash most inputs into a band narrower than σ_ν (huge gains, thresholds far in a tail): there
//! the formula goes below zero, and `info_bits` is floored at 0, the value it cannot go below.
//! h(z) is computed by the midpoint rule on 4000 points over the support (μ ± 14σ for the
//! unbounded densities, whose tails beyond carry < 1e-8 of the mass), with log g' taken as
//! log a − softplus(u) − softplus(−u), u = a(x − θ), which never overflows.
//! `cdf_max_dev` = max |g(x) − F(x)| on the 401 points of the plot, x ∈ μ ± 4σ.
//!
//! Clock: samples. Each step draws one input and its noisy output; the histograms show the last
//! `window` samples. The information and the deviation are exact functions of the parameters
//! (not estimates from the samples), so the sweep over the gain is deterministic.

use crate::math::{erfc, exp, log, log1p, log2, sqrt, PI};
use crate::model::*;
use crate::params::Params;
use crate::record::Recording;
use crate::rng::{self, Rng};

const DISTS: &[&str] = &["logistic", "gaussian", "uniform", "laplace"];
/// Points of the quadrature of h(z), and of the plotted curves.
const QUAD: usize = 4000;
const PLOT: usize = 401;

pub static SPEC: ModelSpec = ModelSpec {
    id: "infomax",
    title: "Infomax: the optimal contrast–response curve",
    lecture: 5,
    summary: "A neuron with bounded, slightly noisy output transmits the most information about its input when \
              its response curve is the cumulative distribution of the inputs: the output histogram is then flat.",
    params: &[
        ParamSpec::choice("dist", r"p(x)", DISTS, 0).help("shape of the input distribution"),
        ParamSpec::real("mu", r"\mu", "", -3.0, 3.0, 0.0, 0.01).help("mean of the inputs"),
        ParamSpec::real("sigma", r"\sigma", "", 0.2, 3.0, 1.0, 0.01).help("standard deviation of the inputs"),
        ParamSpec::real("gain", "a", "", 0.1, 20.0, 1.0, 0.001).log().help("slope parameter of the logistic curve"),
        ParamSpec::real("theta", r"\theta", "", -4.0, 4.0, 0.5, 0.01).help("threshold: the input at half-maximal output"),
        ParamSpec::real("noise", r"\sigma_\nu", "", 0.002, 0.1, 0.02, 0.001)
            .log()
            .help("standard deviation of the output noise (output range 0 to 1)"),
    ],
    presets: &[
        PresetSpec {
            name: "mismatched",
            description: "A logistic curve too shallow and shifted: most outputs crowd into the middle of the range, \
                          the output histogram is peaked, and the information is below its maximum.",
            values: &[],
        },
        PresetSpec {
            name: "laughlin",
            description: "Gain and threshold matched to the logistic input: the curve lies on the input CDF, the \
                          output histogram is flat and the information reaches its ceiling.",
            values: &[("gain", 1.813_799_364_234_217_8), ("theta", 0.0)],
        },
        PresetSpec {
            name: "gaussian_inputs",
            description: "Gaussian inputs and the best logistic curve: no logistic is exactly a Gaussian CDF, but \
                          the closest one misses it by less than a hundredth and loses almost nothing.",
            values: &[("dist", 1.0), ("gain", 1.7), ("theta", 0.0)],
        },
        PresetSpec {
            name: "too_steep",
            description: "A switch-like curve on uniform inputs: outputs pile up at 0 and 1, and the neuron says \
                          little more than above or below threshold.",
            values: &[("dist", 2.0), ("gain", 5.0), ("theta", 0.0)],
        },
    ],
    traces: &[
        TraceSpec::new("x", "input of the last sample", "", 1e3),
        TraceSpec::new("y", "output of the last sample", "", 1e3),
    ],
    measures: &[
        MeasureSpec::new("info_bits", "transmitted information h(z) − h(ν), small-noise approximation", "bit"),
        MeasureSpec::new("info_max_bits", "ceiling −½ log₂(2πe σ_ν²), reached when the curve is the CDF", "bit"),
        MeasureSpec::new("cdf_max_dev", "largest |curve − CDF| on the plotted range", ""),
    ],
    plots: &[
        PlotSpec {
            id: "input",
            title: "Inputs (histogram of recent samples) and their density",
            kind: PlotKind::Histogram { values: "x", bins: 40, x: Range::Auto, x_label: "input x", density: true, overlay: "pdf" },
        },
        PlotSpec {
            id: "curve",
            title: "Contrast–response curve against the cumulative distribution of the inputs",
            kind: PlotKind::Profile {
                curves: &["curve", "cdf"],
                errors: &[],
                x_label: "input x",
                y_label: "output",
                x: Range::Auto,
                y: Range::Fixed(0.0, 1.0),
            },
        },
        PlotSpec {
            id: "output",
            title: "Outputs (histogram of recent samples) and the density of g(x)",
            kind: PlotKind::Histogram {
                values: "y",
                bins: 22,
                x: Range::Fixed(-0.05, 1.05),
                x_label: "output y",
                density: true,
                overlay: "out_pdf",
            },
        },
        PlotSpec {
            id: "info_gain",
            title: "Transmitted information against the gain",
            kind: PlotKind::Sweep {
                param: "gain",
                measure: "info_bits",
                from: 0.1,
                to: 20.0,
                steps: 61,
                settle_ms: 0.0,
                duration_ms: 1.0,
                overlays: &["ceiling"],
                seeds: 1,
                y: Range::Auto,
            },
        },
    ],
    window_ms: 5000.0,
    sample_ms: 1.0,
    default_duration_ms: 5000.0,
    stochastic: true,
    clock: Clock::Samples,
    offload: false,
};

pub static ENTRY: ModelEntry = ModelEntry { spec: &SPEC, build };

fn build(p: &Params, seed: u64) -> Box<dyn Model> {
    let mut m = Infomax {
        n: 0,
        x: 0.0,
        y: 0.0,
        rng: rng::seeded(seed),
        c: Consts::from(p),
        info: 0.0,
        dev: 0.0,
    };
    m.update();
    m.draw();
    Box::new(m)
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Dist {
    Logistic,
    Gaussian,
    Uniform,
    Laplace,
}

#[derive(Clone, Copy, Debug)]
struct Consts {
    dist: Dist,
    mu: f64,
    sigma: f64,
    gain: f64,
    theta: f64,
    noise: f64,
}

/// log(1 + eᵘ) without overflow.
fn softplus(u: f64) -> f64 {
    u.max(0.0) + log1p(exp(-u.abs()))
}

impl Consts {
    fn from(p: &Params) -> Self {
        let dist =
            [Dist::Logistic, Dist::Gaussian, Dist::Uniform, Dist::Laplace][p.choice("dist").min(3)];
        Consts {
            dist,
            mu: p.get("mu"),
            sigma: p.get("sigma"),
            gain: p.get("gain"),
            theta: p.get("theta"),
            noise: p.get("noise"),
        }
    }

    /// The scale of each density: logistic s = σ√3/π, uniform half-width σ√3, Laplace b = σ/√2.
    fn scale(&self) -> f64 {
        match self.dist {
            Dist::Logistic => self.sigma * sqrt(3.0) / PI,
            Dist::Gaussian => self.sigma,
            Dist::Uniform => self.sigma * sqrt(3.0),
            Dist::Laplace => self.sigma / sqrt(2.0),
        }
    }

    fn pdf(&self, x: f64) -> f64 {
        let s = self.scale();
        let z = (x - self.mu) / s;
        match self.dist {
            Dist::Logistic => {
                let e = exp(-z.abs());
                e / (s * (1.0 + e) * (1.0 + e))
            }
            Dist::Gaussian => exp(-0.5 * z * z) / (s * sqrt(2.0 * PI)),
            Dist::Uniform => {
                if z.abs() <= 1.0 {
                    0.5 / s
                } else {
                    0.0
                }
            }
            Dist::Laplace => exp(-z.abs()) / (2.0 * s),
        }
    }

    fn cdf(&self, x: f64) -> f64 {
        let z = (x - self.mu) / self.scale();
        match self.dist {
            Dist::Logistic => 1.0 / (1.0 + exp(-z)),
            Dist::Gaussian => 0.5 * erfc(-z / sqrt(2.0)),
            Dist::Uniform => (0.5 * (z + 1.0)).clamp(0.0, 1.0),
            Dist::Laplace => {
                if z < 0.0 {
                    0.5 * exp(z)
                } else {
                    1.0 - 0.5 * exp(-z)
                }
            }
        }
    }

    fn sample(&self, rng: &mut Rng) -> f64 {
        let s = self.scale();
        let u = rng::uniform(rng);
        let z = match self.dist {
            Dist::Logistic => log(u.max(1e-300) / (1.0 - u)),
            Dist::Gaussian => rng::normal(rng),
            Dist::Uniform => 2.0 * u - 1.0,
            Dist::Laplace => {
                let v = u - 0.5;
                -v.signum() * log(1.0 - 2.0 * v.abs())
            }
        };
        self.mu + s * z
    }

    /// The contrast–response curve g(x).
    fn curve(&self, x: f64) -> f64 {
        1.0 / (1.0 + exp(-self.gain * (x - self.theta)))
    }

    /// ln g'(x) = ln a − softplus(u) − softplus(−u), u = a(x − θ).
    fn ln_slope(&self, x: f64) -> f64 {
        let u = self.gain * (x - self.theta);
        log(self.gain) - softplus(u) - softplus(-u)
    }

    /// The input range integrated over: the support, or μ ± 14σ.
    fn support(&self) -> (f64, f64) {
        let w = if self.dist == Dist::Uniform {
            self.scale()
        } else {
            14.0 * self.sigma
        };
        (self.mu - w, self.mu + w)
    }

    /// The plotted input range μ ± 4σ.
    fn plot_range(&self) -> (f64, f64) {
        (self.mu - 4.0 * self.sigma, self.mu + 4.0 * self.sigma)
    }

    /// Differential entropy of the noiseless output, h(z) = −∫ p log₂(p / g') dx, bits.
    fn output_entropy(&self) -> f64 {
        let (lo, hi) = self.support();
        let h = (hi - lo) / QUAD as f64;
        let mut sum = 0.0;
        for k in 0..QUAD {
            let x = lo + (k as f64 + 0.5) * h;
            let p = self.pdf(x);
            if p > 0.0 {
                sum -= p * (log(p) - self.ln_slope(x)) * h;
            }
        }
        sum / std::f64::consts::LN_2
    }

    /// The entropy of the output noise, ½ log₂(2πe σ_ν²), bits (negative for σ_ν < 0.24).
    fn noise_entropy(&self) -> f64 {
        0.5 * log2(2.0 * PI * std::f64::consts::E * self.noise * self.noise)
    }

    fn max_dev(&self) -> f64 {
        let (lo, hi) = self.plot_range();
        (0..PLOT)
            .map(|k| lo + (hi - lo) * k as f64 / (PLOT - 1) as f64)
            .map(|x| (self.curve(x) - self.cdf(x)).abs())
            .fold(0.0, f64::max)
    }
}

struct Infomax {
    n: u64,
    x: f64,
    y: f64,
    rng: Rng,
    c: Consts,
    /// Cached functions of the parameters: the information (bits) and the largest deviation.
    info: f64,
    dev: f64,
}

impl Infomax {
    fn update(&mut self) {
        self.info = (self.c.output_entropy() - self.c.noise_entropy()).max(0.0);
        self.dev = self.c.max_dev();
    }

    fn draw(&mut self) {
        self.x = self.c.sample(&mut self.rng);
        self.y = self.c.curve(self.x) + self.c.noise * rng::normal(&mut self.rng);
    }
}

impl Model for Infomax {
    fn time_ms(&self) -> f64 {
        self.n as f64
    }

    fn step(&mut self, _spikes: &mut Vec<Spike>) {
        self.draw();
        self.n += 1;
    }

    fn sample(&self, out: &mut [f64]) {
        out[0] = self.x;
        out[1] = self.y;
    }

    fn set_params(&mut self, p: &Params) {
        self.c = Consts::from(p);
        self.update();
    }

    fn measure(&self, name: &str, _rec: &Recording) -> Option<f64> {
        match name {
            "info_bits" => Some(self.info),
            "info_max_bits" => Some(-self.c.noise_entropy()),
            "cdf_max_dev" => Some(self.dev),
            _ => None,
        }
    }

    fn overlay(&self, name: &str, _x: f64) -> Option<f64> {
        (name == "ceiling").then(|| -self.c.noise_entropy())
    }

    fn profile(&self, name: &str, out: &mut Vec<(f64, f64)>) {
        out.clear();
        let c = &self.c;
        let (lo, hi) = c.plot_range();
        let xs = (0..PLOT).map(|k| lo + (hi - lo) * k as f64 / (PLOT - 1) as f64);
        match name {
            "curve" => out.extend(xs.map(|x| (x, c.curve(x)))),
            "cdf" => out.extend(xs.map(|x| (x, c.cdf(x)))),
            "pdf" => out.extend(xs.map(|x| (x, c.pdf(x)))),
            "out_pdf" => {
                // p_z(z) = p(x)/g'(x) at x = θ + logit(z)/a, on interior points of (0, 1).
                for k in 1..200 {
                    let z = k as f64 / 200.0;
                    let x = c.theta + log(z / (1.0 - z)) / c.gain;
                    out.push((z, c.pdf(x) / exp(c.ln_slope(x))));
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit;

    fn consts(set: &[(&str, f64)]) -> Consts {
        Consts::from(&testkit::params(&ENTRY, None, set))
    }

    fn info(c: &Consts) -> f64 {
        c.output_entropy() - c.noise_entropy()
    }

    /// Kolmogorov–Smirnov distance of samples from the uniform distribution on [0, 1].
    fn ks_uniform(v: &mut [f64]) -> f64 {
        v.sort_by(f64::total_cmp);
        let n = v.len() as f64;
        let f = |y: f64| y.clamp(0.0, 1.0);
        v.iter()
            .enumerate()
            .map(|(i, &y)| ((i as f64 + 1.0) / n - f(y)).max(f(y) - i as f64 / n))
            .fold(0.0, f64::max)
    }

    #[test]
    fn for_logistic_inputs_the_best_curve_is_the_cdf() {
        // Laughlin 1981: the optimum is g = F. For a logistic input of σ = 1.3, μ = 0.4 the logistic
        // curve a = π/(σ√3), θ = μ is F itself (deviation at rounding level), h(z) = 0 to the
        // quadrature's accuracy (1e-6 bit), and the information equals its ceiling −½log₂(2πe σ_ν²)
        // = 3.5968 bits at σ_ν = 0.02.
        let (mu, sigma) = (0.4, 1.3);
        let a = PI / (sigma * 3f64.sqrt());
        let c = consts(&[("mu", mu), ("sigma", sigma), ("gain", a), ("theta", mu)]);
        assert!(c.max_dev() < 1e-12, "{}", c.max_dev());
        assert!(
            c.output_entropy().abs() < 1e-6,
            "h(z) = {}",
            c.output_entropy()
        );
        let ceiling = -0.5 * (2.0 * PI * std::f64::consts::E * 0.02 * 0.02).log2();
        assert!((ceiling - 3.5968).abs() < 1e-4 && (info(&c) - ceiling).abs() < 1e-6);
        // Every other gain or threshold transmits less, and more so the further it is (concavity).
        for (da, dt, loss_at_least) in [
            (1.25, 0.0, 0.01),
            (0.8, 0.0, 0.01),
            (2.0, 0.0, 0.1),
            (1.0, 0.3, 0.01),
            (1.0, -0.6, 0.05),
        ] {
            let other = consts(&[
                ("mu", mu),
                ("sigma", sigma),
                ("gain", a * da),
                ("theta", mu + dt),
            ]);
            let loss = info(&c) - info(&other);
            assert!(
                loss > loss_at_least,
                "gain ×{da}, θ {dt:+}: loss {loss} bit"
            );
            assert!(other.max_dev() > 0.01, "gain ×{da}, θ {dt:+}");
        }
    }

    #[test]
    fn maximising_the_information_finds_the_cdf_for_other_inputs() {
        // For Gaussian and Laplace inputs no logistic is the CDF; the logistic that maximises the
        // information (found on a grid of gains and thresholds) is centred on the median (θ = μ by
        // symmetry) and lies close to F everywhere: within 0.015 for the Gaussian
        // and 0.04 for the Laplace density, whose cusp no logistic follows (measured 0.033).
        // For the Gaussian the known best-fitting slope is ≈ 1.7/σ (the "1.702" logistic
        // approximation of the normal CDF, max deviation 0.0095).
        for (dist, sigma) in [(1.0, 1.0), (3.0, 0.7)] {
            let mut best = (f64::NEG_INFINITY, 0.0, 0.0);
            for i in 0..=80 {
                let a = 0.5 * (20.0f64).powf(i as f64 / 80.0) / sigma; // 0.5/σ … 10/σ
                for j in -4i32..=4 {
                    let th = 0.2 + 0.05 * sigma * j as f64;
                    let c = consts(&[
                        ("dist", dist),
                        ("mu", 0.2),
                        ("sigma", sigma),
                        ("gain", a),
                        ("theta", th),
                    ]);
                    let i = info(&c);
                    if i > best.0 {
                        best = (i, a, th);
                    }
                }
            }
            let c = consts(&[
                ("dist", dist),
                ("mu", 0.2),
                ("sigma", sigma),
                ("gain", best.1),
                ("theta", best.2),
            ]);
            assert!(
                (best.2 - 0.2).abs() < 1e-9,
                "dist {dist}: threshold {} not at the median",
                best.2
            );
            let tol = if dist == 1.0 { 0.015 } else { 0.04 };
            assert!(c.max_dev() < tol, "dist {dist}: deviation {}", c.max_dev());
            if dist == 1.0 {
                assert!(
                    (best.1 * sigma - 1.70).abs() < 0.08,
                    "gaussian: best gain {}",
                    best.1
                );
            }
        }
    }

    #[test]
    fn the_output_histogram_is_flat_at_the_optimum_only() {
        // 20 000 samples of y: at the optimum y = F(x) + ν is uniform up to the noise, whose effect
        // on the empirical CDF is below σ_ν E|ν/σ_ν| /2 < 0.01; the KS distance's sampling spread is
        // 1.36/√n = 0.0096 (95 %). Tolerance 0.025. A curve with twice the gain puts the output's
        // CDF 0.13 away from uniform (at z = 0.25: F(logit(0.25)/2) vs 0.25).
        let run = |gain: f64| {
            let p = testkit::params(&ENTRY, Some("laughlin"), &[("gain", gain)]);
            let sim = testkit::run(&ENTRY, p, 3, 20_000.0);
            let mut y: Vec<f64> = sim.rec.traces[1].clone();
            ks_uniform(&mut y)
        };
        let opt = PI / 3f64.sqrt();
        let (flat, peaked) = (run(opt), run(2.0 * opt));
        assert!(flat < 0.025, "KS at the optimum {flat}");
        assert!(peaked > 0.1, "KS at twice the gain {peaked}");
    }

    #[test]
    fn samples_follow_the_declared_densities() {
        // Mean and standard deviation of 20 000 inputs match μ and σ for each shape (SE of the
        // mean σ/√n = 0.007σ; tolerance 0.03σ and 3 % on σ); the quadrature of each density over the
        // support integrates to 1 (1e-5: the midpoint rule loses O(h²) at the Laplace cusp) and its CDF rises from 0 to 1 across the support.
        for dist in 0..4 {
            let p = testkit::params(
                &ENTRY,
                None,
                &[("dist", dist as f64), ("mu", -0.5), ("sigma", 2.0)],
            );
            let sim = testkit::run(&ENTRY, p.clone(), 11, 20_000.0);
            let x = &sim.rec.traces[0];
            let n = x.len() as f64;
            let m = x.iter().sum::<f64>() / n;
            let s = (x.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / n).sqrt();
            assert!(
                (m + 0.5).abs() < 0.06 && (s / 2.0 - 1.0).abs() < 0.03,
                "{}: mean {m}, sd {s}",
                DISTS[dist]
            );
            let c = Consts::from(&p);
            let (lo, hi) = c.support();
            let h = (hi - lo) / QUAD as f64;
            let mass: f64 = (0..QUAD)
                .map(|k| c.pdf(lo + (k as f64 + 0.5) * h) * h)
                .sum();
            assert!((mass - 1.0).abs() < 1e-5, "{}: mass {mass}", DISTS[dist]);
            assert!(c.cdf(lo) < 1e-6 && c.cdf(hi) > 1.0 - 1e-6);
        }
    }

    #[test]
    fn information_is_never_negative_nor_nan() {
        // A switch-like curve far in the tail: the small-noise formula breaks down and is floored.
        let p = testkit::params(
            &ENTRY,
            None,
            &[
                ("dist", 1.0),
                ("gain", 20.0),
                ("theta", 4.0),
                ("sigma", 0.2),
            ],
        );
        let sim = testkit::run(&ENTRY, p, 1, 10.0);
        let i = sim.measure("info_bits").unwrap();
        assert!(i >= 0.0 && i.is_finite());
        assert!(
            info(&consts(&[
                ("dist", 1.0),
                ("gain", 20.0),
                ("theta", 4.0),
                ("sigma", 0.2)
            ])) < 0.0
        );
    }
}
