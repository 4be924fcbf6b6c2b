//! Leaky integrate-and-fire neuron, with or without white-noise input.
//!
//! τ_m dV/dt = −(V − E_L) + R I + σ √τ_m ξ(t)          (Brunel 2000 §2; Brunel & Hakim 1999)
//! V ≥ V_th  →  spike, V clamped at V_reset for t_ref     (Lapicque 1907; Dayan & Abbott §5.4)
//!
//! ξ is Gaussian white noise, ⟨ξ(t)ξ(t′)⟩ = δ(t − t′). In this convention σ (mV) measures the
//! noise so that the free membrane (no threshold) has mean μ = E_L + R I and standard deviation
//! σ/√2 (Brunel 2000 §2): it is an Ornstein–Uhlenbeck process.
//!
//! Integration. Between spikes the equation is linear and is integrated exactly (Gillespie 1996,
//! the exact OU update): over a step h,
//!   V ← μ + (V − μ) e^{−h/τ_m} + σ √((1 − e^{−2h/τ_m})/2) · N(0, 1),
//! exact in distribution at any h, and exact outright without noise. A threshold crossing inside
//! the step is timed by linear interpolation between the two end points (Hansel et al. 1998); the
//! neuron is then held at V_reset for exactly t_ref, and released mid-step if t_ref ends there.
//!
//! `n_trials` independent neurons receive the same current and independent noise: the raster
//! shows trial-to-trial variability.
//!
//! Closed forms, drawn over the f–I sweep and reported as `rate_theory_hz`:
//! * no noise (Dayan & Abbott eq. 5.11, with the refractory period added):
//!   ν = 1 / (t_ref + τ_m ln((μ − V_reset)/(μ − V_th))) for μ > V_th, else 0;
//! * with noise, the mean first-passage time of the OU process (Siegert 1951; Amit & Brunel
//!   1997; Brunel & Hakim 1999; Brunel 2000 eq. 21):
//!   1/ν = t_ref + τ_m √π ∫_{(V_reset − μ)/σ}^{(V_th − μ)/σ} e^{u²}(1 + erf u) du.
//!   The integrand is erfcx(−u), the scaled complementary error function, evaluated here without
//!   overflow or cancellation (see `erfcx`), and the integral by composite Gauss–Legendre
//!   quadrature in variables where the integrand is smooth (see `siegert_integral`).
//!
//! The discrete-time threshold test misses excursions above V_th within a step, so the simulated
//! noisy rate is biased low by a boundary effect that scales like √(dt/τ_m) (Brunel & Hakim 1999;
//! Helias et al. 2010, Front. Comput. Neurosci. 3:29): about −12 % at dt = 0.1 ms for the
//! `noisy_subthreshold` preset, −4 % at 0.01 ms. It acts like a threshold raised by
//! 0.5826 σ √(dt/τ_m) (the tests check this): reduce dt to watch the points approach the Siegert
//! curve.

use crate::math::{erfc, exp, log, sqrt, PI};
use crate::measure;
use crate::model::*;
use crate::params::Params;
use crate::record::Recording;
use crate::rng::{self, Rng};

pub static SPEC: ModelSpec = ModelSpec {
    id: "lif",
    title: "Leaky integrate-and-fire neuron",
    lecture: 3,
    summary: "A leaky membrane with a threshold and a reset: the f–I curve, refractoriness, and irregular firing driven by noise.",
    params: &[
        ParamSpec::real("tau_m", r"\tau_m", "ms", 1.0, 100.0, 10.0, 0.1).log().help("membrane time constant R C"),
        ParamSpec::real("E_L", r"E_L", "mV", -90.0, -40.0, -65.0, 0.5).help("leak reversal (resting) potential"),
        ParamSpec::real("V_th", r"V_{\mathrm{th}}", "mV", -70.0, -20.0, -50.0, 0.5).help("spike threshold"),
        ParamSpec::real("V_reset", r"V_{\mathrm{reset}}", "mV", -90.0, -40.0, -65.0, 0.5)
            .help("potential after a spike (keep it below V_th)"),
        ParamSpec::real("t_ref", r"t_{\mathrm{ref}}", "ms", 0.0, 20.0, 2.0, 0.1)
            .help("absolute refractory period: V is held at V_reset this long after a spike"),
        ParamSpec::real("R", "R", "MΩ", 1.0, 1000.0, 10.0, 0.1).log().help("membrane (input) resistance"),
        ParamSpec::real("I_ext", r"I_{\mathrm{ext}}", "nA", -1.0, 10.0, 2.0, 0.01).help("constant injected current"),
        ParamSpec::real("sigma", r"\sigma", "mV", 0.0, 20.0, 0.0, 0.1)
            .help("noise amplitude; the free membrane fluctuates with standard deviation σ/√2"),
        ParamSpec::int("n_trials", r"n_{\mathrm{trials}}", 1.0, 200.0, 20.0)
            .help("independent neurons with the same current and independent noise (raster rows)")
            .restart(),
        ParamSpec::dt(0.001, 2.0, 0.1),
    ],
    presets: &[
        PresetSpec {
            name: "regular",
            description: "No noise, μ = E_L + R I = −45 mV, 5 mV above threshold: every trial fires at the same 63 Hz, CV = 0, on the closed-form f–I curve.",
            values: &[("I_ext", 2.0), ("sigma", 0.0)],
        },
        PresetSpec {
            name: "noisy_subthreshold",
            description: "Mean potential 9 mV below threshold: only noise makes the neuron fire, irregularly (CV ≈ 0.85) at ~10 Hz, and the raster differs from trial to trial.",
            values: &[("I_ext", 0.6), ("sigma", 7.0)],
        },
        PresetSpec {
            name: "noisy_suprathreshold",
            description: "Mean above threshold with noise: firing stays fairly regular (CV ≈ 0.23) at ~65 Hz, and the trials slowly drift out of phase.",
            values: &[("I_ext", 2.0), ("sigma", 3.0)],
        },
        PresetSpec {
            name: "refractory_limit",
            description: "A 10 ms refractory period: at 8 nA the neuron fires at 83 Hz, and the f–I curve bends towards the ceiling 1/t_ref = 100 Hz.",
            values: &[("I_ext", 8.0), ("t_ref", 10.0), ("sigma", 0.0)],
        },
    ],
    traces: &[TraceSpec::new("V", "membrane potential of trial 0", "mV", 1e3)],
    measures: &[
        MeasureSpec::new("rate_hz", "firing rate, mean over trials", "Hz"),
        MeasureSpec::new("rate_theory_hz", "predicted rate (closed form, or Siegert with noise)", "Hz"),
        MeasureSpec::new("cv_isi", "coefficient of variation of the ISIs, mean over trials", ""),
        MeasureSpec::new("v_sd_mv", "standard deviation of V (trial 0)", "mV"),
    ],
    plots: &[
        PlotSpec {
            id: "voltage",
            title: "Membrane potential (trial 0)",
            kind: PlotKind::TimeSeries { traces: &["V"], y_label: "V (mV)", y: Range::Auto },
        },
        PlotSpec { id: "raster", title: "Spikes of the trials", kind: PlotKind::Raster { rows: 20 } },
        PlotSpec {
            id: "isi",
            title: "Inter-spike intervals",
            kind: PlotKind::IsiHistogram { bins: 40, max_ms: 200.0, poisson_overlay: true },
        },
        PlotSpec {
            id: "f_i",
            title: "f–I curve",
            kind: PlotKind::Sweep {
                seeds: 1,
                y: Range::Auto,
                param: "I_ext",
                measure: "rate_hz",
                from: 0.0,
                to: 4.0,
                steps: 41,
                settle_ms: 50.0,
                duration_ms: 500.0,
                overlays: &["closed_form", "siegert"],
            },
        },
    ],
    window_ms: 500.0,
    sample_ms: 0.1,
    default_duration_ms: 1000.0,
    stochastic: true,
    clock: Clock::Time,
    offload: false,
};

pub static ENTRY: ModelEntry = ModelEntry { spec: &SPEC, build };

/// At most this many spikes per neuron in one step: a guard for V_reset ≥ V_th with t_ref = 0,
/// where the model would fire infinitely often.
const MAX_SPIKES_PER_STEP: usize = 64;

fn build(p: &Params, seed: u64) -> Box<dyn Model> {
    let c = Consts::from(p);
    let n = c.n;
    Box::new(Lif {
        t: 0.0,
        v: vec![c.e_l; n],
        ref_until: vec![f64::NEG_INFINITY; n],
        rng: rng::seeded(seed),
        p: c,
    })
}

struct Consts {
    tau_m: f64,
    e_l: f64,
    v_th: f64,
    v_reset: f64,
    t_ref: f64,
    r: f64,
    i_ext: f64,
    sigma: f64,
    n: usize,
    dt: f64,
    /// e^{−dt/τ_m} and the OU noise amplitude σ √((1 − e^{−2dt/τ_m})/2) of a full step.
    decay: f64,
    noise: f64,
}

impl Consts {
    fn from(p: &Params) -> Self {
        let (tau_m, sigma, dt) = (p.get("tau_m"), p.get("sigma"), p.get("dt"));
        let decay = exp(-dt / tau_m);
        Consts {
            tau_m,
            e_l: p.get("E_L"),
            v_th: p.get("V_th"),
            v_reset: p.get("V_reset"),
            t_ref: p.get("t_ref"),
            r: p.get("R"),
            i_ext: p.get("I_ext"),
            sigma,
            n: p.get("n_trials") as usize,
            dt,
            decay,
            noise: sigma * sqrt((1.0 - decay * decay) / 2.0),
        }
    }

    /// Predicted rate at current `i` (nA): the closed form without noise, Siegert's with noise.
    fn rate_theory_hz(&self, i: f64) -> Option<f64> {
        lif_rate_hz(
            self.tau_m,
            self.t_ref,
            self.e_l + self.r * i,
            self.sigma,
            self.v_th,
            self.v_reset,
        )
    }
}

/// Noiseless LIF rate in Hz for mean drive μ = E_L + R I (Dayan & Abbott eq. 5.11 plus t_ref):
/// ν = 1 / (t_ref + τ_m ln((μ − V_reset)/(μ − V_th))) if μ > V_th, else 0. `None` where it is
/// infinite (V_reset ≥ V_th with no refractory period).
pub fn closed_form_rate_hz(
    tau_m: f64,
    t_ref: f64,
    mu: f64,
    v_th: f64,
    v_reset: f64,
) -> Option<f64> {
    if mu <= v_th {
        return Some(0.0);
    }
    let t_free = if v_reset >= v_th {
        0.0
    } else {
        tau_m * log((mu - v_reset) / (mu - v_th))
    };
    let period = t_ref + t_free;
    (period > 0.0).then(|| 1000.0 / period)
}

/// LIF rate in Hz driven by mean μ and white noise σ in Brunel's convention: Siegert's mean
/// first-passage formula (Brunel 2000 eq. 21), falling back to the closed form at σ = 0.
pub fn lif_rate_hz(
    tau_m: f64,
    t_ref: f64,
    mu: f64,
    sigma: f64,
    v_th: f64,
    v_reset: f64,
) -> Option<f64> {
    if sigma <= 0.0 {
        return closed_form_rate_hz(tau_m, t_ref, mu, v_th, v_reset);
    }
    let y_th = (v_th - mu) / sigma;
    let y_r = (v_reset - mu) / sigma;
    let t_free = if y_r >= y_th {
        0.0
    } else {
        tau_m * sqrt(PI) * siegert_integral(y_r, y_th)
    };
    if !t_free.is_finite() {
        return Some(0.0);
    }
    let period = t_ref + t_free;
    (period > 0.0).then(|| 1000.0 / period)
}

/// erfcx(x) = e^{x²} erfc(x), the scaled complementary error function, accurate to ~1e-14
/// relative for all x, and +∞ only where the true value overflows (x < −26.6).
///
/// * x ≥ 10: the asymptotic series e^{x²} erfc x = (1/(x√π)) Σ_k (−1)^k (2k−1)!!/(2x²)^k
///   (Abramowitz & Stegun 7.1.23), summed while its terms decrease: at x = 10 the terms fall
///   below 1e-16 after 12 terms, long before they start to grow (k ≈ x²).
/// * 0 ≤ x < 10: e^{x²} · erfc(x) with libm's erfc, which keeps full relative accuracy in its tail
///   (fdlibm s_erf.c); rounding x² costs at most x²·2⁻⁵³ ≈ 1e-14 relative.
/// * x < 0: the reflection erfc(−y) = 2 − erfc(y), so erfcx(x) = 2e^{x²} − erfcx(−x), a difference
///   with no cancellation (2e^{x²} ≥ 2 > 1 ≥ erfcx(−x)).
pub fn erfcx(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    if x < 0.0 {
        if x < -26.7 {
            return f64::INFINITY;
        }
        return 2.0 * exp(x * x) - erfcx(-x);
    }
    if x < 10.0 {
        return exp(x * x) * erfc(x);
    }
    let q = 1.0 / (2.0 * x * x);
    let (mut sum, mut term) = (1.0, 1.0);
    for k in 1..60 {
        let next = -term * (2 * k - 1) as f64 * q;
        if next.abs() >= term.abs() {
            break;
        }
        term = next;
        sum += term;
        if term.abs() < 1e-17 {
            break;
        }
    }
    sum / (x * sqrt(PI))
}

/// Nodes and weights of 5-point Gauss–Legendre quadrature on [−1, 1] (Abramowitz & Stegun table
/// 25.4): exact for polynomials of degree 9.
const GL5: [(f64, f64); 5] = [
    (0.0, 0.568_888_888_888_888_9),
    (-0.538_469_310_105_683_1, 0.478_628_670_499_366_5),
    (0.538_469_310_105_683_1, 0.478_628_670_499_366_5),
    (-0.906_179_845_938_664, 0.236_926_885_056_189_1),
    (0.906_179_845_938_664, 0.236_926_885_056_189_1),
];

fn gauss_legendre(a: f64, b: f64, f: impl Fn(f64) -> f64) -> f64 {
    let (m, h) = (0.5 * (a + b), 0.5 * (b - a));
    h * GL5.iter().map(|&(x, w)| w * f(m + h * x)).sum::<f64>()
}

/// ∫_a^b e^{u²}(1 + erf u) du = ∫_a^b erfcx(−u) du for a < b: the Siegert integral (infinite if
/// b is beyond ~26, where the rate is 0 to any precision).
///
/// The integrand behaves like 1/(√π |u|) for u → −∞ (so with weak noise the bounds can be
/// −10⁶ apart) and like 2e^{u²} for u → +∞. On u ≤ −1 the substitution u = −e^s makes it
/// erfcx(e^s) e^s, smooth and between 0.42 and 1/√π, integrated on panels of width 0.25 in s;
/// on u > −1 panels shrink as 0.5/(|u| + 1.5), so that e^{u²} changes by at most e² per panel.
/// Five-point Gauss–Legendre on each panel then gives ~1e-13 relative accuracy, as the tests
/// check against mpmath.
pub fn siegert_integral(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() || a >= b {
        return 0.0;
    }
    if b > 26.0 {
        return f64::INFINITY;
    }
    let mut total = 0.0;
    if a < -1.0 {
        // u = −e^s, du = −e^s ds: ∫_a^{min(b,−1)} erfcx(−u) du = ∫_{ln(−min(b,−1))}^{ln(−a)} erfcx(e^s) e^s ds.
        let (s0, s1) = (log(-b.min(-1.0)), log(-a));
        let panels = ((s1 - s0) / 0.25).ceil().max(1.0) as usize;
        let h = (s1 - s0) / panels as f64;
        for k in 0..panels {
            let lo = s0 + k as f64 * h;
            total += gauss_legendre(lo, lo + h, |s| {
                let e = exp(s);
                erfcx(e) * e
            });
        }
    }
    if b > -1.0 {
        let mut lo = a.max(-1.0);
        while lo < b {
            let hi = (lo + 0.5 / (lo.abs() + 1.5)).min(b);
            total += gauss_legendre(lo, hi, |u| erfcx(-u));
            lo = hi;
        }
    }
    total
}

struct Lif {
    t: f64,
    /// Membrane potential of each trial, mV.
    v: Vec<f64>,
    /// Each trial is held at V_reset until this time, ms.
    ref_until: Vec<f64>,
    rng: Rng,
    p: Consts,
}

impl Model for Lif {
    fn time_ms(&self) -> f64 {
        self.t
    }

    fn step(&mut self, spikes: &mut Vec<Spike>) {
        let c = &self.p;
        let mu = c.e_l + c.r * c.i_ext;
        let (t0, t1) = (self.t, self.t + c.dt);
        let first = spikes.len();
        for k in 0..c.n {
            let mut v = self.v[k];
            let mut s = t0; // how far into the step trial k has been integrated
            let mut fired = 0;
            loop {
                let release = self.ref_until[k];
                if release > s {
                    v = c.v_reset;
                    if release >= t1 {
                        break;
                    }
                    s = release;
                }
                let t_spike = if v >= c.v_th {
                    // Only when V_reset ≥ V_th: the neuron fires again as soon as it is released.
                    s
                } else {
                    let h = t1 - s;
                    if h <= 0.0 {
                        break;
                    }
                    // Exact OU update over [s, t1]: a full step uses the precomputed factors.
                    let (decay, noise) = if s == t0 {
                        (c.decay, c.noise)
                    } else {
                        let d = exp(-h / c.tau_m);
                        (d, c.sigma * sqrt((1.0 - d * d) / 2.0))
                    };
                    let mut v_new = mu + (v - mu) * decay;
                    if c.sigma > 0.0 {
                        v_new += noise * rng::normal(&mut self.rng);
                    }
                    if v_new < c.v_th {
                        v = v_new;
                        break;
                    }
                    // Crossing: linear interpolation between (s, v) and (t1, v_new).
                    s + h * (c.v_th - v) / (v_new - v)
                };
                spikes.push(Spike {
                    t_ms: t_spike,
                    neuron: k as u32,
                });
                fired += 1;
                v = c.v_reset;
                if fired >= MAX_SPIKES_PER_STEP {
                    self.ref_until[k] = t1;
                    break;
                }
                self.ref_until[k] = t_spike + c.t_ref;
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
    }

    fn set_params(&mut self, p: &Params) {
        self.p = Consts::from(p);
    }

    fn measure(&self, name: &str, rec: &Recording) -> Option<f64> {
        match name {
            "rate_hz" => measure::rate_hz(rec, self.p.n, self.t),
            "rate_theory_hz" => self.p.rate_theory_hz(self.p.i_ext),
            "cv_isi" => measure::mean_cv_isi(&rec.spikes, self.p.n),
            "v_sd_mv" => {
                let v = rec.trace(0);
                if v.len() < 2 {
                    return None;
                }
                let m = v.iter().sum::<f64>() / v.len() as f64;
                Some(sqrt(
                    v.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / v.len() as f64,
                ))
            }
            _ => None,
        }
    }

    fn overlay(&self, name: &str, x: f64) -> Option<f64> {
        let c = &self.p;
        let mu = c.e_l + c.r * x;
        match name {
            "closed_form" => closed_form_rate_hz(c.tau_m, c.t_ref, mu, c.v_th, c.v_reset),
            "siegert" => lif_rate_hz(c.tau_m, c.t_ref, mu, c.sigma, c.v_th, c.v_reset),
            _ => None,
        }
    }
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

    /// Runs `settle` ms, forgets them, then records `ms` more.
    fn run(p: Params, seed: u64, settle: f64, ms: f64) -> Simulation {
        testkit::run_settled(&ENTRY, p, seed, settle, ms)
    }

    /// Discrete-monitoring threshold shift β σ √(dt/τ_m): a random walk checked only at the grid
    /// points crosses a barrier as a continuous one would cross a barrier higher by β times the
    /// step's standard deviation, β = −ζ(1/2)/√(2π) = 0.5826 (Siegmund 1979; Broadie, Glasserman &
    /// Kou 1997, Math. Finance 7:325). Here the OU step's standard deviation is σ √(dt/τ_m).
    /// (Helias et al. 2010 analyse the same discrete-time effect for the LIF.)
    fn shifted_siegert_hz(p: &Params) -> f64 {
        const BETA: f64 = 0.582_597_157_939_010_7;
        let c = Consts::from(p);
        let shift = BETA * c.sigma * (c.dt / c.tau_m).sqrt();
        lif_rate_hz(
            c.tau_m,
            c.t_ref,
            c.e_l + c.r * c.i_ext,
            c.sigma,
            c.v_th + shift,
            c.v_reset,
        )
        .unwrap()
    }

    #[test]
    fn erfcx_matches_mpmath() {
        // Reference values of e^{x²} erfc(x) from mpmath 1.3 at 30 digits, across the three
        // branches (reflection, libm erfc, asymptotic series) and both sides of the switch at 10.
        let cases = [
            (-3.0, 16205.988853999586),
            (-1.0, 5.008980080762283),
            (0.0, 1.0),
            (0.5, 0.6156903441929259),
            (1.0, 0.427583576155807),
            (2.0, 0.25539567631050575),
            (5.0, 0.11070463773306863),
            (9.99, 0.05619664070685882),
            (10.0, 0.05614099274382259),
            (10.01, 0.056085454355001924),
            (30.0, 0.01879588886141675),
            (1000.0, 0.0005641893014533876),
        ];
        for (x, want) in cases {
            let got = erfcx(x);
            assert!(
                rel(got, want) < 1e-13,
                "erfcx({x}) = {got:e}, mpmath {want:e}"
            );
        }
        assert_eq!(erfcx(-30.0), f64::INFINITY);
    }

    #[test]
    fn siegert_rate_matches_mpmath() {
        // Brunel 2000 eq. 21 with τ_m = 10 ms, t_ref = 2 ms, E_L = V_reset = −65 mV, V_th = −50 mV,
        // R = 10 MΩ, evaluated with mpmath quad at 30 digits: from a rate of 1e-22 Hz (threshold
        // 7.5 σ above the mean) to nearly noiseless drive (bounds −600 and −300).
        let cases = [
            (0.0, 2.0, 1.56124663359981e-22),
            (0.6, 7.0, 11.2293820761161),
            (1.2, 4.0, 21.6495401856618),
            (1.5, 1.0, 25.700911079294),
            (2.0, 3.0, 65.8743831395827),
            (3.0, 0.05, 111.96389064676),
        ];
        for (i, sigma, want) in cases {
            let got = lif_rate_hz(10.0, 2.0, -65.0 + 10.0 * i, sigma, -50.0, -65.0).unwrap();
            assert!(
                rel(got, want) < 1e-9,
                "I = {i}, σ = {sigma}: {got:e} Hz, mpmath {want:e}"
            );
        }
        // As σ → 0 it tends to the closed form 1/(t_ref + τ ln 2) = 111.963 Hz at I = 3 nA.
        let closed = closed_form_rate_hz(10.0, 2.0, -35.0, -50.0, -65.0).unwrap();
        assert!(rel(closed, 1000.0 / (2.0 + 10.0 * std::f64::consts::LN_2)) < 1e-14);
        assert!(
            rel(
                lif_rate_hz(10.0, 2.0, -35.0, 1e-4, -50.0, -65.0).unwrap(),
                closed
            ) < 1e-8
        );
        // The threshold is 100 σ above the mean: the rate underflows to 0 instead of failing.
        assert_eq!(lif_rate_hz(10.0, 2.0, -65.0, 0.15, -50.0, -65.0), Some(0.0));
    }

    #[test]
    fn noiseless_f_i_matches_the_closed_form_at_second_order_in_dt() {
        // ν = 1/(t_ref + τ_m ln((μ − V_reset)/(μ − V_th))), μ = E_L + R I (Dayan & Abbott eq. 5.11
        // with a refractory period): the sub-threshold dynamics are integrated exactly, so the only
        // error is the linear interpolation of the crossing time, O(dt²/τ_m) per spike. Rates from
        // the ISIs of a 1 s run; currents from just above rheobase (1.5 nA) to the refractory limit.
        let mut errs = Vec::new();
        for (dt, tol) in [(0.01, 1e-6), (0.1, 1e-4), (0.5, 1e-3), (1.0, 3e-3)] {
            for (i, t_ref) in [(1.55, 2.0), (2.0, 2.0), (3.0, 2.0), (5.0, 2.0), (8.0, 10.0)] {
                let p = params(
                    "regular",
                    &[
                        ("dt", dt),
                        ("I_ext", i),
                        ("t_ref", t_ref),
                        ("n_trials", 1.0),
                    ],
                );
                let sim = run(p, 0, 0.0, 1000.0);
                let got = measure::rate_from_isi_hz(&sim.rec.spikes, 0).unwrap();
                let want =
                    closed_form_rate_hz(10.0, t_ref, -65.0 + 10.0 * i, -50.0, -65.0).unwrap();
                let e = rel(got, want);
                assert!(
                    e < tol,
                    "dt = {dt}, I = {i}: {got} Hz vs {want} Hz (rel. error {e:e})"
                );
                if i == 2.0 {
                    errs.push(e);
                }
            }
        }
        // Second order: dt 0.1 → 0.5 multiplies the error by 25 (measured 24.9).
        let ratio = errs[2] / errs[1];
        assert!((20.0..30.0).contains(&ratio), "error ratio {ratio}");
        // Below rheobase (μ = −51 mV < V_th) the noiseless neuron never fires.
        let sim = run(params("regular", &[("I_ext", 1.4)]), 0, 0.0, 1000.0);
        assert!(sim.rec.spikes.is_empty());
        assert_eq!(sim.measure("rate_theory_hz"), Some(0.0));
    }

    #[test]
    fn noisy_rate_matches_siegert_up_to_the_discrete_time_boundary_effect() {
        // Siegert/Brunel eq. 21 is for continuous time. Checking V ≥ V_th only at the grid misses
        // brief excursions, a rate bias ∝ √(dt/τ_m) (Brunel & Hakim 1999 §4) that is predicted by
        // shifting V_th by 0.5826 σ √(dt/τ_m) (see `shifted_siegert_hz`). Statistical error of a
        // rate from N spikes ≈ CV/√N: ≤ 1.3 % here, so the 3 % tolerance is > 2 standard errors.
        let mut low_dt = Vec::new();
        for preset in ["noisy_subthreshold", "noisy_suprathreshold"] {
            for (dt, ms) in [(0.1, 4000.0), (0.01, 1000.0)] {
                let p = params(preset, &[("dt", dt), ("n_trials", 200.0)]);
                let sim = run(p.clone(), 7, 100.0, ms);
                let got = sim.measure("rate_hz").unwrap();
                let shifted = shifted_siegert_hz(&p);
                let siegert = sim.measure("rate_theory_hz").unwrap();
                assert!(
                    rel(got, shifted) < 0.03,
                    "{preset}, dt = {dt}: {got} Hz vs corrected Siegert {shifted} Hz"
                );
                if dt == 0.01 {
                    // At dt = 0.01 ms the bias is 1–4 %: within 6 % of the continuous-time theory.
                    assert!(
                        rel(got, siegert) < 0.06,
                        "{preset}: {got} Hz vs Siegert {siegert} Hz"
                    );
                    low_dt.push((got, siegert));
                } else {
                    // At dt = 0.1 ms the bias (−12 % for the subthreshold preset) is visible...
                    assert!(
                        got < siegert,
                        "{preset}: {got} Hz should lie below Siegert {siegert} Hz"
                    );
                }
            }
        }
        // ... and shrinks with dt: 9.9 → 10.8 Hz in the fluctuation-driven regime.
        let sim = run(
            params("noisy_subthreshold", &[("n_trials", 200.0)]),
            7,
            100.0,
            4000.0,
        );
        assert!(sim.measure("rate_hz").unwrap() < 0.95 * low_dt[0].0);
    }

    #[test]
    fn free_membrane_fluctuates_with_sd_sigma_over_root_two() {
        // Threshold out of reach (45 mV = 6.4 sd above the mean): V is an OU process with mean
        // E_L + R I and sd σ/√2 (Brunel 2000 §2). 200 s of a process with correlation time 10 ms
        // estimate the variance to ~√(2τ/T) = 1 %, the sd to 0.5 %. The exact update keeps the
        // variance right at dt = 1 ms, where Euler–Maruyama would inflate the sd by 2.6 %.
        for dt in [0.1, 1.0] {
            let p = params(
                "regular",
                &[
                    ("sigma", 10.0),
                    ("V_th", -20.0),
                    ("I_ext", 0.0),
                    ("n_trials", 1.0),
                    ("dt", dt),
                ],
            );
            let sim = run(p, 3, 50.0, 200_000.0);
            assert!(sim.rec.spikes.is_empty());
            let sd = sim.measure("v_sd_mv").unwrap();
            let want = 10.0 / 2f64.sqrt();
            assert!(
                rel(sd, want) < 0.02,
                "dt = {dt}: sd {sd} mV, expected {want} mV"
            );
            let v = sim.rec.trace(0);
            let mean = v.iter().sum::<f64>() / v.len() as f64;
            assert!((mean + 65.0).abs() < 0.3, "dt = {dt}: mean {mean} mV");
        }
    }

    #[test]
    fn noise_driven_firing_is_irregular_and_regular_firing_is_not() {
        // Brunel 2000 appendix A.1 (CV² = 2π(ντ)² ∫_{y_r}^{y_θ} e^{x²} dx ∫_{−∞}^x e^{y²}(1 + erf y)² dy),
        // evaluated with mpmath with V_th shifted by 0.5826 σ √(dt/τ_m) for dt = 0.1 ms:
        // CV = 0.8715 for noisy_subthreshold (0.8614 at dt → 0), 0.2303 for noisy_suprathreshold.
        // 100 trials × 20 s (~20 000 ISIs) resp. × 5 s (~33 000): standard error ≈ 1 %.
        let sim = run(
            params("noisy_subthreshold", &[("n_trials", 100.0)]),
            5,
            100.0,
            20_000.0,
        );
        let cv = sim.measure("cv_isi").unwrap();
        assert!(cv > 0.7 && rel(cv, 0.8715) < 0.03, "subthreshold CV {cv}");
        let sim = run(
            params("noisy_suprathreshold", &[("n_trials", 100.0)]),
            5,
            100.0,
            5_000.0,
        );
        let cv = sim.measure("cv_isi").unwrap();
        assert!(rel(cv, 0.2303) < 0.03, "suprathreshold CV {cv}");
        // Without noise every interval is the same: CV = 0 up to the jitter of the interpolated
        // crossing time, O(dt²/τ_m) = 1e-4 of dt (measured CV 2.4e-6).
        let sim = run(params("regular", &[]), 5, 100.0, 1000.0);
        let cv = sim.measure("cv_isi").unwrap();
        assert!(cv < 1e-4, "regular CV {cv}");
    }

    #[test]
    fn refractory_period_is_exact() {
        // V is clamped for t_ref after each spike, released mid-step: no ISI shorter than t_ref,
        // even with strong noise and a step that does not divide t_ref.
        let p = params(
            "noisy_suprathreshold",
            &[
                ("t_ref", 5.03),
                ("I_ext", 8.0),
                ("sigma", 10.0),
                ("dt", 0.1),
            ],
        );
        let sim = run(p, 1, 0.0, 2000.0);
        let mut isi = Vec::new();
        measure::isis(&sim.rec.spikes, &mut isi);
        let min = isi.iter().copied().fold(f64::INFINITY, f64::min);
        assert!(
            isi.len() > 1000 && min >= 5.03 - 1e-9,
            "{} ISIs, shortest {min} ms",
            isi.len()
        );
    }

    #[test]
    fn same_seed_same_spikes_other_seed_other_spikes() {
        let spikes = |seed| {
            run(params("noisy_subthreshold", &[]), seed, 0.0, 500.0)
                .rec
                .spikes
        };
        let a = spikes(1);
        assert!(!a.is_empty());
        assert_eq!(a, spikes(1));
        assert_ne!(a, spikes(2));
        // Spikes are recorded in time order across trials.
        assert!(a.windows(2).all(|w| w[0].t_ms <= w[1].t_ms));
    }

    #[test]
    fn overlays_are_the_closed_forms_at_the_swept_current() {
        let sim = Simulation::new(&ENTRY, params("noisy_subthreshold", &[]), 0, Retention::All);
        let m = sim.model();
        for x in [0.0, 1.0, 2.5] {
            let mu = -65.0 + 10.0 * x;
            assert_eq!(
                m.overlay("closed_form", x),
                closed_form_rate_hz(10.0, 2.0, mu, -50.0, -65.0)
            );
            assert_eq!(
                m.overlay("siegert", x),
                lif_rate_hz(10.0, 2.0, mu, 7.0, -50.0, -65.0)
            );
        }
        assert_eq!(m.overlay("nonsense", 1.0), None);
        // With noise the neuron fires below rheobase, where the closed form says 0.
        assert_eq!(m.overlay("closed_form", 1.0), Some(0.0));
        assert!(m.overlay("siegert", 1.0).unwrap() > 5.0);
    }
}
