//! The noise-driven perfect integrator: interspike intervals as first-passage times.
//!
//! dV = μ dt + σ dW,   V ≥ v_T  →  spike, V reset to 0          (Gerstein & Mandelbrot 1964,
//! Biophys. J. 4:41; Tuckwell 1988, *Introduction to theoretical neurobiology* vol. 2 ch. 9;
//! Gerstner, Kistler, Naud & Paninski 2014, *Neuronal Dynamics* §8.3 and ch. 9).
//!
//! A membrane with no leak (τ_m → ∞) integrates a mean drive μ (mV/ms) and white noise of
//! amplitude σ (mV/√ms), diffusion constant D = σ²/2; W is a standard Wiener process. Each
//! interspike interval is the first-passage time of a Brownian motion with drift from 0 to
//! v_T, whose density is the inverse Gaussian (Schrödinger 1915; Gerstein & Mandelbrot 1964):
//!   p(T) = v_T / √(4π D T³) · exp(−(v_T − μT)² / (4 D T)),
//!   ⟨T⟩ = v_T / μ,   Var T = 2 D v_T / μ³,   CV² = 2 D / (μ v_T) = σ² / (μ v_T),
//! and its distribution function (Chhikara & Folks 1989, eq. 2.3), with Φ the standard normal
//! distribution function:
//!   F(T) = Φ((μT − v_T)/√(2DT)) + e^{μ v_T / D} Φ(−(μT + v_T)/√(2DT)).
//! The mean needs no density: by Wald's identity the mean of V at the passage, v_T, equals
//! μ ⟨T⟩. The rate 1000 μ / v_T Hz does not depend on the noise at all (the noise is unbiased and
//! there is no leak to forget with), unlike the leaky neuron's (see `lif`). For μ = 0 the
//! passage still happens with probability 1, but ⟨T⟩ is infinite (the Lévy distribution).
//!
//! `n_trials` independent neurons receive the same drive and independent noise.
//!
//! **Integration and the threshold-crossing bias.** Over a step h, Euler–Maruyama
//! V ← V + μ h + σ √h N(0, 1) is exact at the grid points for a Brownian motion with constant
//! drift. But a path below v_T at both ends of a step may have crossed v_T in between. Checking
//! the threshold only at the grid points (`crossing = naive`) misses those excursions, and the
//! first grid point found above v_T has overshot it: the neuron fires late, as if v_T were raised
//! by β σ √h, β = −ζ(1/2)/√(2π) ≈ 0.5826 (Siegmund 1979, Adv. Appl. Probab. 11:701; Broadie,
//! Glasserman & Kou 1997, Math. Finance 7:325). By Wald's identity the naive mean ISI is exactly
//! (v_T + ⟨overshoot⟩)/μ. With `crossing = bridge` (the default) each step also asks whether the
//! path crossed between its two grid points: given V_n and V_{n+1} both below v_T, the Brownian
//! bridge between them crossed with probability exp(−2 (v_T − V_n)(v_T − V_{n+1}) / (σ² h)),
//! whatever the drift (the reflection principle; Karatzas & Shreve 1991 §4.3), tested with one
//! uniform number. Which step holds the passage is then exact in distribution at any h. The
//! spike is dated at the middle of that step, V is reset to 0 there and the rest of the step is
//! integrated from the reset (again with the bridge test), so each ISI carries a dating error of at
//! most h/2 whose mean vanishes to O(h²): the ISI statistics no longer depend on h (the tests
//! check this at h = 1 ms). The spike times do lie on a lattice of spacing about h, which shows
//! in the fine shape of a narrow ISI distribution (a Kolmogorov–Smirnov distance sees it) unless
//! h is small against the ISI's standard deviation. Without noise (σ = 0) the crossing time is found exactly,
//! s + (v_T − V)/μ, in the bridge mode; the naive mode dates every spike at the grid point.

use crate::math::{erfc, exp, sqrt, PI};
use crate::measure;
use crate::model::*;
use crate::neuron::lif::erfcx;
use crate::params::Params;
use crate::record::Recording;
use crate::rng::{self, Rng};

/// Recent ISIs kept for the histogram (the page keeps a window of spikes).
const MEMORY: usize = 20_000;
/// At most this many spikes per neuron in one step (a guard; with the declared ranges a
/// noiseless neuron fires at most 10 times per step).
const MAX_SPIKES_PER_STEP: usize = 64;
/// Points of the density overlay.
const DENSITY_POINTS: usize = 300;

pub static SPEC: ModelSpec = ModelSpec {
    id: "perfect_integrator",
    title: "The noise-driven perfect integrator",
    lecture: 3,
    summary: "A membrane with no leak integrates a constant drive and white noise up to a threshold: \
              the interspike intervals are first-passage times with the inverse-Gaussian distribution \
              of Gerstein & Mandelbrot, and the CV is set by the ratio of noise to drift.",
    params: &[
        ParamSpec::real("mu", r"\mu", "mV/ms", 0.0, 2.0, 0.8, 0.005)
            .help("mean drive: the drift of V, mV per ms (the mean ISI is v_T/μ)"),
        ParamSpec::real("sigma", r"\sigma", "mV/√ms", 0.0, 10.0, 0.8, 0.01)
            .help("noise amplitude: without threshold V spreads with standard deviation σ√t"),
        ParamSpec::real("v_T", r"v_T", "mV", 1.0, 50.0, 20.0, 0.5)
            .help("distance from reset (0) to threshold"),
        ParamSpec::int("n_trials", r"n_{\mathrm{trials}}", 1.0, 200.0, 20.0)
            .help("independent neurons with the same drive and independent noise (raster rows)")
            .restart(),
        ParamSpec::dt(0.001, 5.0, 0.1),
        ParamSpec::choice("crossing", "crossing", &["bridge", "naive"], 0)
            .help("bridge: also detect crossings between grid points (Brownian bridge); naive: only at grid points"),
    ],
    presets: &[
        PresetSpec {
            name: "drift_dominated",
            description: "Strong drift, weak noise (μ = 0.8 mV/ms, σ = 0.8 mV/√ms, v_T = 20 mV): \
                          nearly regular firing at 40 Hz, a narrow, almost Gaussian ISI histogram, CV ≈ 0.2.",
            values: &[("mu", 0.8), ("sigma", 0.8)],
        },
        PresetSpec {
            name: "noise_dominated",
            description: "Weak drift, strong noise (μ = 0.2 mV/ms, σ = 2 mV/√ms): irregular firing at 10 Hz \
                          with CV ≈ 1, like a Poisson process, yet the ISI density starts at zero.",
            values: &[("mu", 0.2), ("sigma", 2.0)],
        },
        PresetSpec {
            name: "weak_drift",
            description: "Almost pure diffusion (μ = 0.05 mV/ms, σ = 2 mV/√ms): most intervals are short, a few \
                          are very long; CV ≈ 2 and a heavy tail, the mean ISI far beyond the mode.",
            values: &[("mu", 0.05), ("sigma", 2.0)],
        },
        PresetSpec {
            name: "coarse_naive",
            description: "The noise-dominated neuron with a 1 ms step, threshold checked only at the grid points: \
                          crossings between steps are missed and the intervals come out too long.",
            values: &[("mu", 0.2), ("sigma", 2.0), ("dt", 1.0), ("crossing", 1.0)],
        },
        PresetSpec {
            name: "coarse_bridge",
            description: "The same 1 ms step with the Brownian-bridge test between grid points: the mean \
                          interval is back on v_T/μ.",
            values: &[("mu", 0.2), ("sigma", 2.0), ("dt", 1.0)],
        },
    ],
    traces: &[
        TraceSpec::new("V", "V of trial 0", "mV", 1e5),
        TraceSpec::new("v_T", "threshold", "mV", 1e5),
    ],
    measures: &[
        MeasureSpec::new("rate_hz", "firing rate, mean over trials", "Hz"),
        MeasureSpec::new("rate_theory_hz", "predicted rate 1000 μ/v_T", "Hz"),
        MeasureSpec::new("isi_mean_ms", "mean ISI (all trials pooled)", "ms"),
        MeasureSpec::new("isi_mean_theory_ms", "predicted mean ISI v_T/μ", "ms"),
        MeasureSpec::new("cv_isi", "coefficient of variation of the ISIs (all trials pooled)", ""),
        MeasureSpec::new("cv_theory", "predicted CV σ/√(μ v_T)", ""),
    ],
    plots: &[
        PlotSpec {
            id: "voltage",
            title: "V of trial 0 and the threshold",
            kind: PlotKind::TimeSeries { traces: &["V", "v_T"], y_label: "V (mV)", y: Range::Auto },
        },
        PlotSpec { id: "raster", title: "Spikes of the trials", kind: PlotKind::Raster { rows: 20 } },
        PlotSpec {
            id: "isi",
            title: "Interspike intervals and the inverse-Gaussian density",
            kind: PlotKind::Histogram {
                values: "isi",
                bins: 60,
                x: Range::Auto,
                x_label: "ISI (ms)",
                density: true,
                overlay: "isi_density",
            },
        },
        PlotSpec {
            id: "cv_sigma",
            title: "CV against the noise σ (closed form σ/√(μ v_T) as a line)",
            kind: PlotKind::Sweep {
                param: "sigma",
                measure: "cv_isi",
                from: 0.25,
                to: 4.0,
                steps: 16,
                settle_ms: 0.0,
                duration_ms: 2000.0,
                overlays: &["cv_vs_sigma"],
                seeds: 1,
                y: Range::Auto,
            },
        },
    ],
    window_ms: 1000.0,
    sample_ms: 0.5,
    default_duration_ms: 2000.0,
    stochastic: true,
    clock: Clock::Time,
    offload: false,
};

pub static ENTRY: ModelEntry = ModelEntry { spec: &SPEC, build };

/// Mean ISI v_T/μ, ms (`None` for μ = 0: infinite).
pub fn isi_mean_ms(mu: f64, v_t: f64) -> Option<f64> {
    (mu > 0.0).then(|| v_t / mu)
}

/// CV = √(2D/(μ v_T)) = σ/√(μ v_T) (`None` for μ = 0).
pub fn isi_cv(mu: f64, sigma: f64, v_t: f64) -> Option<f64> {
    (mu > 0.0).then(|| sigma / sqrt(mu * v_t))
}

/// The inverse-Gaussian density of the first passage from 0 to v_T, per ms, at T ms:
/// v_T / √(4π D T³) · exp(−(v_T − μT)²/(4DT)), D = σ²/2 (Gerstein & Mandelbrot 1964).
pub fn ig_density(t: f64, mu: f64, sigma: f64, v_t: f64) -> f64 {
    let d = 0.5 * sigma * sigma;
    if t <= 0.0 || d <= 0.0 {
        return 0.0;
    }
    let r = v_t - mu * t;
    v_t / sqrt(4.0 * PI * d * t * t * t) * exp(-r * r / (4.0 * d * t))
}

/// Its distribution function, F(T) = Φ((μT − v_T)/√(2DT)) + e^{μ v_T/D} Φ(−(μT + v_T)/√(2DT)).
/// With Φ(x) = erfc(−x/√2)/2, the second term is ½ e^{μv_T/D} erfc(b), b = (μT + v_T)/(2√(DT)),
/// whose factors overflow and underflow for weak noise; it is computed as
/// ½ erfcx(b) e^{μv_T/D − b²} = ½ erfcx(b) e^{−(μT − v_T)²/(4DT)}, a product of finite numbers.
pub fn ig_cdf(t: f64, mu: f64, sigma: f64, v_t: f64) -> f64 {
    let d = 0.5 * sigma * sigma;
    if t <= 0.0 {
        return 0.0;
    }
    let s = 2.0 * sqrt(d * t); // √2 · √(2DT)
    let a = (mu * t - v_t) / s;
    let b = (mu * t + v_t) / s;
    0.5 * erfc(-a) + 0.5 * erfcx(b) * exp(-a * a)
}

fn build(p: &Params, seed: u64) -> Box<dyn Model> {
    let c = Consts::from(p);
    let n = c.n;
    Box::new(PerfectIntegrator {
        t: 0.0,
        v: vec![0.0; n],
        last_spike: vec![f64::NAN; n],
        isi: vec![0.0; MEMORY],
        isi_count: 0,
        rng: rng::seeded(seed),
        p: c,
    })
}

struct Consts {
    mu: f64,
    sigma: f64,
    v_t: f64,
    n: usize,
    dt: f64,
    bridge: bool,
    /// μ h and σ √h of a full step.
    drift: f64,
    sd: f64,
}

impl Consts {
    fn from(p: &Params) -> Self {
        let (mu, sigma, dt) = (p.get("mu"), p.get("sigma"), p.get("dt"));
        Consts {
            mu,
            sigma,
            v_t: p.get("v_T"),
            n: p.get("n_trials") as usize,
            dt,
            bridge: p.choice("crossing") == 0,
            drift: mu * dt,
            sd: sigma * sqrt(dt),
        }
    }
}

struct PerfectIntegrator {
    t: f64,
    /// V of each trial, mV (0 = reset).
    v: Vec<f64>,
    /// The last spike of each trial, ms (NaN: none since the start or the last change).
    last_spike: Vec<f64>,
    /// Ring of the last `MEMORY` ISIs, ms, for the histogram.
    isi: Vec<f64>,
    isi_count: usize,
    rng: Rng,
    p: Consts,
}

impl PerfectIntegrator {
    fn remembered_isis(&self) -> &[f64] {
        &self.isi[..self.isi_count.min(MEMORY)]
    }

    /// Whether the Brownian bridge from v to v_new (both below v_T) over a time h crossed v_T:
    /// probability exp(−2 (v_T − v)(v_T − v_new)/(σ² h)).
    fn bridge_crossed(&mut self, v: f64, v_new: f64, h: f64) -> bool {
        let c = &self.p;
        let e = 2.0 * (c.v_t - v) * (c.v_t - v_new) / (c.sigma * c.sigma * h);
        // Below e^{−40} the crossing probability is not worth a random number.
        e < 40.0 && rng::uniform(&mut self.rng) < exp(-e)
    }
}

impl Model for PerfectIntegrator {
    fn time_ms(&self) -> f64 {
        self.t
    }

    fn step(&mut self, spikes: &mut Vec<Spike>) {
        let (t0, t1) = (self.t, self.t + self.p.dt);
        let first = spikes.len();
        for k in 0..self.p.n {
            let mut v = self.v[k];
            let mut s = t0; // how far into the step trial k has been integrated
            let mut fired = 0;
            loop {
                let c = &self.p;
                let h = t1 - s;
                if h <= 0.0 {
                    break;
                }
                // Euler–Maruyama, exact at the end points for constant drift.
                let (drift, sd) = if s == t0 {
                    (c.drift, c.sd)
                } else {
                    (c.mu * h, c.sigma * sqrt(h))
                };
                let noisy = c.sigma > 0.0;
                let mut v_new = v + drift;
                if noisy {
                    v_new += sd * rng::normal(&mut self.rng);
                }
                let (bridge, v_t, mu) = (c.bridge, c.v_t, c.mu);
                let crossed = v_new >= v_t || (bridge && noisy && self.bridge_crossed(v, v_new, h));
                if !crossed {
                    v = v_new;
                    break;
                }
                let t_spike = if !bridge {
                    t1 // naive: the grid point where V was found above threshold
                } else if noisy {
                    s + 0.5 * h // the middle of the step that holds the passage
                } else {
                    s + (v_t - v) / mu // no noise: the exact crossing of the straight line
                };
                spikes.push(Spike {
                    t_ms: t_spike,
                    neuron: k as u32,
                });
                let last = self.last_spike[k];
                if last.is_finite() {
                    self.isi[self.isi_count % MEMORY] = t_spike - last;
                    self.isi_count += 1;
                }
                self.last_spike[k] = t_spike;
                v = 0.0;
                fired += 1;
                if !bridge || fired >= MAX_SPIKES_PER_STEP {
                    break;
                }
                s = t_spike;
            }
            self.v[k] = v;
        }
        // Spikes of different trials in this step, in time order (sorting in place: no allocation).
        spikes[first..].sort_unstable_by(|a, b| a.t_ms.total_cmp(&b.t_ms));
        self.t = t1;
    }

    fn sample(&self, out: &mut [f64]) {
        out[0] = self.v[0];
        out[1] = self.p.v_t;
    }

    fn set_params(&mut self, p: &Params) {
        self.p = Consts::from(p);
        // The histogram shows the intervals of the new parameters only: forget the old ones and
        // the intervals that straddle the change.
        self.isi_count = 0;
        self.last_spike.fill(f64::NAN);
    }

    fn measure(&self, name: &str, rec: &Recording) -> Option<f64> {
        let c = &self.p;
        match name {
            "rate_hz" => measure::rate_hz(rec, c.n, self.t),
            "rate_theory_hz" => Some(1000.0 * c.mu / c.v_t),
            "isi_mean_theory_ms" => isi_mean_ms(c.mu, c.v_t),
            "cv_theory" => isi_cv(c.mu, c.sigma, c.v_t),
            "isi_mean_ms" | "cv_isi" => {
                let mut isi = Vec::new();
                measure::isis(&rec.spikes, &mut isi);
                let (mean, sd) = mean_sd(&isi)?;
                if name == "isi_mean_ms" {
                    Some(mean)
                } else {
                    (isi.len() >= 2).then(|| sd / mean)
                }
            }
            _ => None,
        }
    }

    fn overlay(&self, name: &str, x: f64) -> Option<f64> {
        let c = &self.p;
        match name {
            "cv_vs_sigma" => isi_cv(c.mu, x, c.v_t),
            _ => None,
        }
    }

    fn profile(&self, name: &str, out: &mut Vec<(f64, f64)>) {
        out.clear();
        let c = &self.p;
        match name {
            "isi" => out.extend(self.remembered_isis().iter().map(|&d| (0.0, d))),
            "isi_density" => {
                if c.sigma <= 0.0 {
                    return;
                }
                // Up to the longest remembered ISI, and at least the mean plus 4 standard
                // deviations (for μ = 0, 40 v_T²/σ²: 20 times the mode of the Lévy density).
                let spread = match (isi_mean_ms(c.mu, c.v_t), isi_cv(c.mu, c.sigma, c.v_t)) {
                    (Some(m), Some(cv)) => m * (1.0 + 4.0 * cv),
                    _ => 40.0 * c.v_t * c.v_t / (c.sigma * c.sigma),
                };
                let t_max = self
                    .remembered_isis()
                    .iter()
                    .copied()
                    .fold(spread, f64::max);
                for i in 1..=DENSITY_POINTS {
                    let t = t_max * i as f64 / DENSITY_POINTS as f64;
                    out.push((t, ig_density(t, c.mu, c.sigma, c.v_t)));
                }
            }
            _ => {}
        }
    }
}

/// Mean and (population) standard deviation of a sample (`None` if empty).
fn mean_sd(x: &[f64]) -> Option<(f64, f64)> {
    if x.is_empty() {
        return None;
    }
    let n = x.len() as f64;
    let m = x.iter().sum::<f64>() / n;
    let var = x.iter().map(|d| (d - m) * (d - m)).sum::<f64>() / n;
    Some((m, sqrt(var)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Retention;
    use crate::run::Simulation;
    use crate::testkit::{self, rel};

    fn params(preset: &str, set: &[(&str, f64)]) -> Params {
        testkit::params(&ENTRY, Some(preset), set)
    }

    fn run(p: Params, seed: u64, ms: f64) -> Simulation {
        testkit::run(&ENTRY, p, seed, ms)
    }

    fn isis(sim: &Simulation) -> Vec<f64> {
        let mut isi = Vec::new();
        measure::isis(&sim.rec.spikes, &mut isi);
        isi
    }

    /// (mean, CV²) of a sample.
    fn mean_cv2(x: &[f64]) -> (f64, f64) {
        let (m, sd) = mean_sd(x).unwrap();
        (m, sd * sd / (m * m))
    }

    /// Kolmogorov–Smirnov distance sup |F_n − F| of a sample against a distribution function.
    fn ks_distance(x: &mut [f64], cdf: impl Fn(f64) -> f64) -> f64 {
        x.sort_unstable_by(f64::total_cmp);
        let n = x.len() as f64;
        x.iter()
            .enumerate()
            .map(|(i, &t)| {
                let f = cdf(t);
                (f - i as f64 / n).abs().max(((i + 1) as f64 / n - f).abs())
            })
            .fold(0.0, f64::max)
    }

    #[test]
    fn cdf_and_density_are_the_inverse_gaussian() {
        // The density integrates to the distribution function (trapezoid rule on a fine grid),
        // F rises from 0 to 1, and with weak noise (μ v_T/D = 1000, e^{1000} overflows) F stays
        // finite and steps at v_T/μ.
        let (mu, sigma, vt) = (0.2, 2.0, 20.0);
        let mut integral = 0.0;
        let h = 0.01;
        let mut t = 0.0;
        while t < 100.0 - 1e-9 {
            integral += 0.5 * h * (ig_density(t, mu, sigma, vt) + ig_density(t + h, mu, sigma, vt));
            t += h;
        }
        let f100 = ig_cdf(100.0, mu, sigma, vt);
        assert!(
            (integral - f100).abs() < 1e-6,
            "∫p = {integral}, F = {f100}"
        );
        assert!(ig_cdf(1e-3, mu, sigma, vt) < 1e-12);
        assert!((ig_cdf(1e6, mu, sigma, vt) - 1.0).abs() < 1e-12);
        // Weak noise: σ = 0.2, D = 0.02, μ v_T/D = 200 (e^{200} is finite but e^{200}·Φ(−…)
        // would be 0·∞ without the erfcx form), and σ = 0.05: μ v_T/D = 3200.
        for sigma in [0.2, 0.05] {
            let lo = ig_cdf(90.0, mu, sigma, vt);
            let hi = ig_cdf(110.0, mu, sigma, vt);
            assert!(lo.is_finite() && hi.is_finite());
            assert!(
                lo < 0.2 && hi > 0.8,
                "σ = {sigma}: F(90) = {lo}, F(110) = {hi}"
            );
        }
    }

    #[test]
    fn mean_isi_and_cv_match_gerstein_mandelbrot() {
        // ⟨T⟩ = v_T/μ and CV² = 2D/(μ v_T) = σ²/(μ v_T) (Gerstein & Mandelbrot 1964; Gerstner et
        // al. 2014 §8.3; Tuckwell 1988 ch. 9). 200 trials; for N ISIs the mean has standard error
        // CV ⟨T⟩/√N, and CV² has SE ≈ CV² √((2 + 15 CV²)/N) for the inverse Gaussian (the delta
        // method with its 3rd and 4th cumulants, 3 CV⁴ ⟨T⟩³ and 15 CV⁶ ⟨T⟩⁴); we allow 4 SE.
        for (preset, ms, cv2) in [
            ("drift_dominated", 5_000.0, 0.04_f64),
            ("noise_dominated", 20_000.0, 1.0),
        ] {
            let p = params(preset, &[("n_trials", 200.0)]);
            let sim = run(p, 3, ms);
            let isi = isis(&sim);
            let n = isi.len() as f64;
            let (mean, got_cv2) = mean_cv2(&isi);
            let want = sim.measure("isi_mean_theory_ms").unwrap();
            let se_mean = cv2.sqrt() * want / n.sqrt();
            let se_cv2 = cv2 * ((2.0 + 15.0 * cv2) / n).sqrt();
            assert!(
                (mean - want).abs() < 4.0 * se_mean,
                "{preset}: mean ISI {mean} ms vs {want} ms ({n} ISIs, SE {se_mean})"
            );
            let theory_cv = sim.measure("cv_theory").unwrap();
            assert!(rel(theory_cv * theory_cv, cv2) < 1e-12);
            assert!(
                (got_cv2 - cv2).abs() < 4.0 * se_cv2,
                "{preset}: CV² {got_cv2} vs {cv2} ({n} ISIs, SE {se_cv2})"
            );
            // The rate does not depend on σ: 1000 μ/v_T.
            let rate = sim.measure("rate_hz").unwrap();
            let rate_theory = sim.measure("rate_theory_hz").unwrap();
            assert!(
                rel(rate, rate_theory) < 0.03,
                "{preset}: {rate} Hz vs {rate_theory} Hz"
            );
        }
    }

    #[test]
    fn isi_distribution_passes_kolmogorov_smirnov_against_the_inverse_gaussian() {
        // The ISI sample against F(T) of Gerstein & Mandelbrot (1964): the 1 % critical value of
        // the KS distance is 1.628/√N (Kolmogorov's limit distribution). The heavy-tailed
        // preset (CV = 2) and the regular one (CV = 0.2). A wrong shape fails: the same sample
        // against the IG with twice the CV and the same mean is far off.
        // The spike times lie on a lattice of spacing ~h (each is dated at the middle of its
        // step), which a KS distance sees as jumps of p(T) h: 0.004 for the narrow density of
        // `drift_dominated` at h = 0.1 ms (measured KS 0.014, 0.007, 0.014 for three seeds at a
        // critical value of 0.0106; 0.004 at h = 0.01 ms), negligible for `weak_drift` (p ≤ 0.01/ms).
        for (preset, ms, dt) in [
            ("weak_drift", 20_000.0, 0.1),
            ("drift_dominated", 3_000.0, 0.01),
        ] {
            let p = params(preset, &[("n_trials", 200.0), ("dt", dt)]);
            let (mu, sigma, vt) = (p.get("mu"), p.get("sigma"), p.get("v_T"));
            let sim = run(p, 11, ms);
            let mut isi = isis(&sim);
            let n = isi.len() as f64;
            assert!(n > 4000.0, "{preset}: {n} ISIs");
            let d = ks_distance(&mut isi, |t| ig_cdf(t, mu, sigma, vt));
            let crit = 1.628 / n.sqrt();
            assert!(d < crit, "{preset}: KS {d} ≥ {crit} ({n} ISIs)");
            // The same mean with twice the noise's CV is rejected.
            let wrong = ks_distance(&mut isi, |t| ig_cdf(t, mu, 2.0 * sigma, vt));
            assert!(wrong > 3.0 * crit, "{preset}: wrong-CV KS {wrong}");
        }
    }

    #[test]
    fn bridge_test_removes_the_time_step_bias_of_the_mean_isi() {
        // At h = 1 ms with σ = 2 mV/√ms the per-step spread σ√h = 2 mV is a tenth of v_T.
        // Naive: passages between grid points are missed and the spike is found late; by Wald's
        // identity the mean ISI is (v_T + ⟨overshoot⟩)/μ, with ⟨overshoot⟩ ≈ 0.5826 σ√h
        // (Siegmund 1979): 105.8 ms instead of 100 ms. Bridge: back on v_T/μ within the
        // statistical error (CV = 1, ~40 000 ISIs: SE 0.5 ms).
        let mean_isi = |preset: &str| {
            let sim = run(params(preset, &[("n_trials", 200.0)]), 5, 20_000.0);
            let isi = isis(&sim);
            (mean_cv2(&isi).0, isi.len() as f64)
        };
        let want = 20.0 / 0.2;
        let (naive, n) = mean_isi("coarse_naive");
        let se = want / n.sqrt();
        let siegmund = (20.0 + crate::decision::ddm::SIEGMUND_BETA * 2.0) / 0.2;
        assert!(naive - want > 8.0 * se, "naive {naive} ms, SE {se}");
        assert!(
            rel(naive, siegmund) < 0.02,
            "naive {naive} ms vs Siegmund {siegmund} ms"
        );
        let (bridge, n) = mean_isi("coarse_bridge");
        let se = want / n.sqrt();
        assert!(
            (bridge - want).abs() < 4.0 * se,
            "bridge {bridge} ms vs {want} ms, SE {se}"
        );
        // And the bridge result does not depend on h: 0.1 ms gives the same within 4 SE.
        let sim = run(
            params("noise_dominated", &[("n_trials", 200.0)]),
            6,
            20_000.0,
        );
        let fine = mean_cv2(&isis(&sim)).0;
        assert!((fine - want).abs() < 4.0 * se, "dt = 0.1 ms: {fine} ms");
    }

    #[test]
    fn without_noise_every_interval_is_v_t_over_mu() {
        // σ = 0: dV/dt = μ, T = v_T/μ exactly (25 ms), at a step that does not divide it.
        let p = params(
            "drift_dominated",
            &[("sigma", 0.0), ("dt", 0.7), ("n_trials", 1.0)],
        );
        let sim = run(p, 0, 1000.0);
        let isi = isis(&sim);
        assert!(isi.len() > 30);
        assert!(isi.iter().all(|&d| (d - 25.0).abs() < 1e-9), "{isi:?}");
        assert_eq!(sim.measure("cv_theory"), Some(0.0));
    }

    #[test]
    fn same_seed_same_spikes_other_seed_other_spikes() {
        let spikes = |seed| run(params("noise_dominated", &[]), seed, 1000.0).rec.spikes;
        let a = spikes(1);
        assert!(!a.is_empty());
        assert_eq!(a, spikes(1));
        assert_ne!(a, spikes(2));
        assert!(a.windows(2).all(|w| w[0].t_ms <= w[1].t_ms));
    }

    #[test]
    fn histogram_profiles_hold_the_isis_and_the_density() {
        let mut sim = Simulation::new(&ENTRY, params("noise_dominated", &[]), 4, Retention::All);
        sim.run_for(2000.0).unwrap();
        let mut out = Vec::new();
        sim.model().profile("isi", &mut out);
        let recorded = isis(&sim);
        assert_eq!(out.len(), recorded.len());
        let mut a: Vec<f64> = out.iter().map(|p| p.1).collect();
        let mut b = recorded;
        a.sort_unstable_by(f64::total_cmp);
        b.sort_unstable_by(f64::total_cmp);
        for (x, y) in a.iter().zip(&b) {
            assert!((x - y).abs() < 1e-9);
        }
        sim.model().profile("isi_density", &mut out);
        assert_eq!(out.len(), DENSITY_POINTS);
        assert!(out.iter().all(|p| p.1.is_finite() && p.1 >= 0.0));
        // A changed parameter clears the remembered intervals.
        sim.set_param("sigma", 1.0).unwrap();
        sim.model().profile("isi", &mut out);
        assert!(out.is_empty());
        assert_eq!(sim.model().overlay("cv_vs_sigma", 2.0), Some(1.0));
    }
}
