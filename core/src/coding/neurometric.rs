//! Discrimination by one neuron: the ROC curve and the neurometric function (Britten, Shadlen,
//! Newsome & Movshon 1992, J. Neurosci. 12:4745; Dayan & Abbott §3.2; Green & Swets 1966).
//!
//! An MT-like neuron sees random-dot motion of coherence c (%) for T (`T_ms`) on each trial. Its
//! mean spike count is linear in c, as Britten et al.'s fits of rate against coherence:
//!   preferred direction: μ₊(c) = T · max(r_0 + k₊ c, r_floor),
//!   null direction:      μ₋(c) = T · max(r_0 − k₋ c, r_floor),        r_floor = 0.5 Hz.
//! Counts are Poisson (F = 1), or overdispersed with Fano factor F > 1 (cortical counts have
//! variance proportional to, and above, the mean: Tolhurst, Movshon & Dean 1983): the
//! gamma–Poisson (negative-binomial) count with mean μ and variance F μ, i.e. a Poisson count whose
//! mean is itself Gamma distributed with shape μ/(F − 1) and scale F − 1. Its pmf is
//!   P(n) = Γ(n + s)/(Γ(s) n!) · (1 − 1/F)ⁿ (1/F)^s,   s = μ/(F − 1).
//!
//! Signal detection (Dayan & Abbott §3.2). An observer says "preferred" when the count reaches a
//! criterion z: hit rate β(z) = P(n₊ ≥ z), false-alarm rate α(z) = P(n₋ ≥ z). The ROC curve is
//! β against α as z runs from above every count down to 0. In the two-alternative forced choice
//! (2AFC) the observer gets one count from each direction and calls the larger one "preferred"
//! (a coin for ties): P(correct) = P(n₊ > n₋) + ½ P(n₊ = n₋) = area under the ROC (Green & Swets
//! 1966 ch. 2; Dayan & Abbott eq. 3.12 in the continuous case), the ROC's steps joined by straight
//! lines. Exactly, with the pmfs p₊, p₋ and the distribution function F₋ of n₋:
//!   AUC = Σ_n p₊(n) [F₋(n − 1) + ½ p₋(n)]                                → `auc_exact`.
//! For Gaussian counts with equal variance σ², d′ = (μ₊ − μ₋)/σ and AUC = Φ(d′/√2) (Dayan & Abbott
//! eq. 3.13 ff.; Green & Swets 1966): `auc_gauss` with σ² = (σ₊² + σ₋²)/2, the Gaussian
//! approximation of the exact value.
//!
//! Clock: trials. On each trial the model draws one count for each direction at the current
//! coherence and at each of the seven coherences 0.8, 1.6, …, 51.2 % of Britten et al. It keeps
//! the count histograms; the empirical AUC is the Mann–Whitney statistic over all pairs of the
//! two histograms (the same formula with the empirical pmfs), and `pc_2afc` the fraction of
//! trials on which the pair drawn together was called right. Its standard error is Hanley &
//! McNeil's (1982, Radiology 143:29). The neurometric function is the AUC against c, fitted by
//! least squares with the Weibull function of Britten et al. (their eq. 1, after Quick 1974):
//!   p(c) = 1 − ½ exp(−(c/α)^β),
//! α the threshold (p(α) = 1 − ½e⁻¹ = 0.816) and β the slope (`alpha_pct`, `beta`); the starting
//! point is the linear regression of ln(−ln 2(1 − p)) = β ln c − β ln α, then Levenberg–Marquardt.
//! `threshold_exact_pct` is the coherence where the exact AUC reaches 0.816.
//!
//! Hot path: a trial draws 16 counts into fixed histograms; the exact pmfs, the exact neurometric
//! curve and its threshold are computed once per parameter change.

use crate::coding::population_code::poisson;
use crate::math::{erfc, exp, log, pow, sqrt};
use crate::model::*;
use crate::params::Params;
use crate::record::Recording;
use crate::rng::{self, Rng};

/// Coherences of the neurometric function, % (Britten et al. 1992).
pub const COHERENCES: [f64; 7] = [0.8, 1.6, 3.2, 6.4, 12.8, 25.6, 51.2];
/// Levels: the seven coherences, then the current one.
const LEVELS: usize = 8;
const CUR: usize = 7;
/// Histogram length; larger counts go to the last bin (μ ≤ 1200, sd ≤ 70 in the declared ranges).
const MAX_COUNT: usize = 2048;
/// Rate floor of the linear fits, Hz.
pub const FLOOR_HZ: f64 = 0.5;
/// P(correct) at the Weibull threshold: 1 − ½e⁻¹.
pub const P_THRESHOLD: f64 = 0.816_060_279_414_278_6;
/// Points of the exact neurometric curve drawn, log-spaced over [0.5, 100] %.
const CURVE_POINTS: usize = 61;

pub static SPEC: ModelSpec = ModelSpec {
    id: "neurometric",
    title: "Discrimination by one neuron: ROC and neurometric function",
    lecture: 1,
    summary: "An MT-like neuron's spike counts for preferred and null motion: the ROC curve, its area as \
              the ideal observer's 2AFC performance, and the neurometric function with its Weibull threshold.",
    params: &[
        ParamSpec::real("c", "c", "%", 0.0, 100.0, 6.4, 0.1)
            .help("motion coherence of the current stimulus: histograms, ROC and measures are for it"),
        ParamSpec::real("r_0", "r_0", "Hz", 0.0, 100.0, 10.0, 0.5).help("rate at zero coherence"),
        ParamSpec::real("k_pref", r"k_{+}", "Hz/%", 0.0, 2.0, 0.4, 0.01)
            .help("rise of the rate per % coherence in the preferred direction"),
        ParamSpec::real("k_null", r"k_{-}", "Hz/%", 0.0, 2.0, 0.1, 0.01)
            .help("fall of the rate per % coherence in the null direction (floor 0.5 Hz)"),
        ParamSpec::real("T_ms", "T", "ms", 10.0, 4000.0, 2000.0, 1.0).log().help("counting window of one trial"),
        ParamSpec::real("F", "F", "", 1.0, 4.0, 1.0, 0.05)
            .help("Fano factor of the counts: 1 Poisson, above 1 gamma–Poisson (negative binomial)"),
    ],
    presets: &[
        PresetSpec {
            name: "poisson",
            description: "Poisson counts over 2 s at 6.4 % coherence: two overlapping histograms, an ROC bowed above \
                          the diagonal, and a neurometric function rising from chance to near 1 between 1 and 25 %.",
            values: &[],
        },
        PresetSpec {
            name: "overdispersed",
            description: "The same neuron with variance 1.5 times the mean: broader histograms, a flatter ROC and a \
                          higher threshold.",
            values: &[("F", 1.5)],
        },
        PresetSpec {
            name: "short_window",
            description: "Spikes counted for 250 ms instead of 2 s: fewer spikes, more overlap, the neurometric \
                          function shifts to higher coherences.",
            values: &[("T_ms", 250.0)],
        },
        PresetSpec {
            name: "zero_coherence",
            description: "No net motion: both directions give the same count distribution, the ROC lies on the \
                          diagonal and the area is one half.",
            values: &[("c", 0.0)],
        },
    ],
    traces: &[
        TraceSpec::new("n_pref", "count of the last preferred-direction trial", "spikes", 1e5),
        TraceSpec::new("n_null", "count of the last null-direction trial", "spikes", 1e5),
        TraceSpec::new("auc", "area under the empirical ROC, trials so far", "", 2.0),
        TraceSpec::new("auc_exact", "area under the exact ROC", "", 2.0),
    ],
    measures: &[
        MeasureSpec::new("auc", "area under the empirical ROC at c", ""),
        MeasureSpec::new("auc_sem", "its standard error (Hanley & McNeil)", ""),
        MeasureSpec::new("auc_exact", "area under the exact ROC: P(n₊ > n₋) + ½P(n₊ = n₋)", ""),
        MeasureSpec::new("auc_gauss", "Gaussian approximation Φ(d′/√2)", ""),
        MeasureSpec::new("pc_2afc", "fraction of 2AFC trials called right (larger count)", ""),
        MeasureSpec::new("d_prime", "d′ = (μ₊ − μ₋)/√((σ₊² + σ₋²)/2)", ""),
        MeasureSpec::new("mean_pref", "mean count, preferred direction", "spikes"),
        MeasureSpec::new("mean_null", "mean count, null direction", "spikes"),
        MeasureSpec::new("alpha_pct", "neurometric threshold α of the Weibull fit (81.6 % correct)", "%"),
        MeasureSpec::new("beta", "slope β of the Weibull fit", ""),
        MeasureSpec::new("threshold_exact_pct", "coherence where the exact AUC reaches 0.816", "%"),
    ],
    plots: &[
        PlotSpec {
            id: "counts",
            title: "Spike counts at the current coherence: null and preferred direction",
            kind: PlotKind::Bars {
                bars: &["null", "pref"],
                errors: &[],
                x_label: "spike count n",
                y_label: "fraction of trials",
                y: Range::Auto,
            },
        },
        PlotSpec {
            id: "roc",
            title: "ROC at the current coherence: empirical and exact",
            kind: PlotKind::Profile {
                curves: &["roc", "roc_exact", "chance"],
                errors: &[],
                x_label: "false-alarm rate P(n₋ ≥ z)",
                y_label: "hit rate P(n₊ ≥ z)",
                x: Range::Fixed(0.0, 1.0),
                y: Range::Fixed(0.0, 1.0),
            },
        },
        PlotSpec {
            id: "neurometric",
            title: "Neurometric function: area under the ROC against coherence, exact curve and Weibull fit",
            kind: PlotKind::Profile {
                curves: &["neurometric", "exact", "weibull"],
                errors: &["neurometric_sem", "", ""],
                x_label: "coherence c (%)",
                y_label: "P(correct) = AUC",
                x: Range::LogFixed(0.5, 100.0),
                y: Range::Fixed(0.4, 1.0),
            },
        },
        PlotSpec {
            id: "auc_trials",
            title: "Area under the ROC as trials accumulate, and its exact value",
            kind: PlotKind::TimeSeries { traces: &["auc", "auc_exact"], y_label: "AUC", y: Range::Auto },
        },
    ],
    window_ms: 1000.0,
    sample_ms: 1.0,
    default_duration_ms: 500.0,
    stochastic: true,
    clock: Clock::Trials,
    offload: false,
};

pub static ENTRY: ModelEntry = ModelEntry { spec: &SPEC, build };

/// Φ(x), the standard normal distribution function.
pub fn phi(x: f64) -> f64 {
    0.5 * erfc(-x / std::f64::consts::SQRT_2)
}

/// The count pmf of mean `mu` and Fano factor `fano` (Poisson for F = 1, negative binomial above),
/// written into `out` from n = 0 to where the tail is negligible (< 1e-15 of mass left out).
pub fn count_pmf(mu: f64, fano: f64, out: &mut Vec<f64>) {
    out.clear();
    if mu <= 0.0 {
        out.push(1.0);
        return;
    }
    let sd = sqrt(fano * mu);
    let n_max = ((mu + 14.0 * sd + 30.0) as usize).min(MAX_COUNT - 1);
    // Log-space recursion from P(0): Poisson p(n+1) = p(n) μ/(n+1); negative binomial
    // p(n+1) = p(n) (n + s)/(n + 1) (1 − 1/F).
    let nb = fano > 1.0 + 1e-12;
    let s = if nb { mu / (fano - 1.0) } else { 0.0 };
    let mut lp = if nb { -s * log(fano) } else { -mu };
    let (lmu, lq) = (log(mu), if nb { log(1.0 - 1.0 / fano) } else { 0.0 });
    let mut total = 0.0;
    for n in 0..=n_max {
        let p = exp(lp);
        out.push(p);
        total += p;
        let k = n as f64;
        lp += if nb {
            log((k + s) / (k + 1.0)) + lq
        } else {
            lmu - log(k + 1.0)
        };
    }
    // Normalise away the rounding of the recursion (the omitted tail is below 1e-15).
    out.iter_mut().for_each(|p| *p /= total);
}

/// P(X > Y) + ½ P(X = Y) for independent counts of pmfs `px`, `py` (weights need not be
/// normalised: each is divided by its sum).
pub fn auc(px: &[f64], py: &[f64]) -> Option<f64> {
    let (sx, sy) = (px.iter().sum::<f64>(), py.iter().sum::<f64>());
    if sx <= 0.0 || sy <= 0.0 {
        return None;
    }
    let (mut below, mut a) = (0.0, 0.0);
    for (n, &p) in px.iter().enumerate() {
        let q = py.get(n).copied().unwrap_or(0.0);
        a += p * (below + 0.5 * q);
        below += q;
    }
    Some(a / (sx * sy))
}

/// The ROC of counts with weights `px` (signal) and `py` (noise): (false-alarm, hit) for the
/// criterion z = n_max + 1 down to 0, from (0, 0) to (1, 1).
fn roc(px: &[f64], py: &[f64], out: &mut Vec<(f64, f64)>) {
    let (sx, sy) = (px.iter().sum::<f64>(), py.iter().sum::<f64>());
    if sx <= 0.0 || sy <= 0.0 {
        return;
    }
    let top = px.len().max(py.len());
    let (mut hit, mut fa) = (0.0, 0.0);
    out.push((0.0, 0.0));
    for n in (0..top).rev() {
        let (p, q) = (
            px.get(n).copied().unwrap_or(0.0),
            py.get(n).copied().unwrap_or(0.0),
        );
        if p == 0.0 && q == 0.0 {
            continue;
        }
        hit += p / sx;
        fa += q / sy;
        out.push((fa.min(1.0), hit.min(1.0)));
    }
}

/// Standard error of an AUC estimated from n₊ and n₋ samples (Hanley & McNeil 1982, eq. 2).
pub fn hanley_mcneil_se(a: f64, n_pos: f64, n_neg: f64) -> f64 {
    let q1 = a / (2.0 - a);
    let q2 = 2.0 * a * a / (1.0 + a);
    let v = (a * (1.0 - a) + (n_pos - 1.0) * (q1 - a * a) + (n_neg - 1.0) * (q2 - a * a))
        / (n_pos * n_neg);
    sqrt(v.max(0.0))
}

/// The Weibull function of Britten et al. (1992): 1 − ½ exp(−(c/α)^β).
pub fn weibull(c: f64, alpha: f64, beta: f64) -> f64 {
    if c <= 0.0 {
        return 0.5;
    }
    1.0 - 0.5 * exp(-pow(c / alpha, beta))
}

/// Least-squares fit of the Weibull function to points (c, p): (α, β), or None with fewer than
/// two points between chance and 1. Start: the linearised regression; then Levenberg–Marquardt
/// in (ln α, β).
pub fn fit_weibull(pts: &[(f64, f64)]) -> Option<(f64, f64)> {
    // Linearisation: y = ln(−ln 2(1 − p)) = β ln c − β ln α.
    let (mut n, mut sx, mut sy, mut sxx, mut sxy) = (0.0, 0.0, 0.0, 0.0, 0.0);
    for &(c, p) in pts {
        if c > 0.0 && p > 0.5 + 1e-9 && p < 1.0 - 1e-9 {
            let (x, y) = (log(c), log(-log(2.0 * (1.0 - p))));
            n += 1.0;
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
    }
    if n < 2.0 {
        return None;
    }
    let den = n * sxx - sx * sx;
    let (mut la, mut b) = if den.abs() > 1e-12 {
        let b = (n * sxy - sx * sy) / den;
        let icpt = (sy - b * sx) / n;
        (if b > 0.0 { -icpt / b } else { sx / n }, b)
    } else {
        (sx / n, 1.0)
    };
    b = b.clamp(0.2, 20.0);
    let sse = |la: f64, b: f64| -> f64 {
        pts.iter()
            .map(|&(c, p)| (p - weibull(c, exp(la), b)).powi(2))
            .sum()
    };
    let mut s = sse(la, b);
    let mut lambda = 1e-3;
    for _ in 0..200 {
        // Gradient and Gauss–Newton matrix of the residuals r = p − W.
        let (mut g0, mut g1, mut h00, mut h01, mut h11) = (0.0, 0.0, 0.0, 0.0, 0.0);
        for &(c, p) in pts {
            if c <= 0.0 {
                continue;
            }
            let u = pow(c / exp(la), b);
            let w = 1.0 - 0.5 * exp(-u);
            let dw = 0.5 * exp(-u) * u; // dW/du
            let (j0, j1) = (dw * (-b), dw * (log(c) - la)); // dW/d ln α, dW/dβ
            let r = p - w;
            g0 += j0 * r;
            g1 += j1 * r;
            h00 += j0 * j0;
            h01 += j0 * j1;
            h11 += j1 * j1;
        }
        let (a00, a11) = (h00 * (1.0 + lambda), h11 * (1.0 + lambda));
        let det = a00 * a11 - h01 * h01;
        if det.abs() < 1e-300 {
            break;
        }
        let d0 = (a11 * g0 - h01 * g1) / det;
        let d1 = (a00 * g1 - h01 * g0) / det;
        let (la1, b1) = (la + d0, (b + d1).clamp(0.2, 20.0));
        let s1 = sse(la1, b1);
        if s1 < s {
            let done = (s - s1) < 1e-16 * (1.0 + s) && d0.abs() < 1e-10 && d1.abs() < 1e-10;
            (la, b, s) = (la1, b1, s1);
            lambda = (lambda * 0.3).max(1e-12);
            if done {
                break;
            }
        } else {
            lambda *= 10.0;
            if lambda > 1e12 {
                break;
            }
        }
    }
    Some((exp(la), b))
}

/// Gamma deviate of shape `k` and scale 1: Marsaglia & Tsang (2000, ACM TOMS 26:363), with
/// Γ(k) = Γ(k + 1) U^{1/k} for k < 1.
fn gamma(rng: &mut Rng, k: f64) -> f64 {
    if k < 1.0 {
        let u = rng::uniform(rng);
        return gamma(rng, k + 1.0) * pow(1.0 - u, 1.0 / k);
    }
    let d = k - 1.0 / 3.0;
    let c = 1.0 / sqrt(9.0 * d);
    loop {
        let x = rng::normal(rng);
        let v = 1.0 + c * x;
        if v <= 0.0 {
            continue;
        }
        let v = v * v * v;
        let u = rng::uniform(rng);
        if u < 1.0 - 0.0331 * x * x * x * x || log(u) < 0.5 * x * x + d * (1.0 - v + log(v)) {
            return d * v;
        }
    }
}

/// A count of mean `mu` and Fano factor `fano`.
fn draw_count(rng: &mut Rng, mu: f64, fano: f64) -> usize {
    if mu <= 0.0 {
        return 0;
    }
    let lam = if fano > 1.0 + 1e-12 {
        let s = mu / (fano - 1.0);
        gamma(rng, s) * (fano - 1.0)
    } else {
        mu
    };
    (poisson(rng, lam) as usize).min(MAX_COUNT - 1)
}

struct Consts {
    c: f64,
    r_0: f64,
    k_pref: f64,
    k_null: f64,
    /// Window, s.
    t: f64,
    fano: f64,
    /// Means (preferred, null) at each level.
    mean: [(f64, f64); LEVELS],
    /// Exact pmfs at the current coherence.
    pmf_pref: Vec<f64>,
    pmf_null: Vec<f64>,
    /// Exact AUC at the seven coherences and along the drawn curve.
    auc_levels: [f64; 7],
    curve: Vec<(f64, f64)>,
    threshold: Option<f64>,
}

impl Consts {
    fn from(p: &Params) -> Self {
        let mut k = Consts {
            c: p.get("c"),
            r_0: p.get("r_0"),
            k_pref: p.get("k_pref"),
            k_null: p.get("k_null"),
            t: p.get("T_ms") * 1e-3,
            fano: p.get("F"),
            mean: [(0.0, 0.0); LEVELS],
            pmf_pref: Vec::new(),
            pmf_null: Vec::new(),
            auc_levels: [0.0; 7],
            curve: Vec::with_capacity(CURVE_POINTS),
            threshold: None,
        };
        for l in 0..LEVELS {
            k.mean[l] = k.means(if l == CUR { k.c } else { COHERENCES[l] });
        }
        let (mut a, mut b) = (Vec::new(), Vec::new());
        count_pmf(k.mean[CUR].0, k.fano, &mut a);
        count_pmf(k.mean[CUR].1, k.fano, &mut b);
        (k.pmf_pref, k.pmf_null) = (a, b);
        for l in 0..7 {
            k.auc_levels[l] = k.auc_at(COHERENCES[l]);
        }
        for i in 0..CURVE_POINTS {
            let c = 0.5 * pow(200.0, i as f64 / (CURVE_POINTS - 1) as f64);
            let a = k.auc_at(c);
            k.curve.push((c, a));
        }
        k.threshold = k.find_threshold();
        k
    }

    fn means(&self, c: f64) -> (f64, f64) {
        (
            self.t * (self.r_0 + self.k_pref * c).max(FLOOR_HZ),
            self.t * (self.r_0 - self.k_null * c).max(FLOOR_HZ),
        )
    }

    /// Exact AUC at coherence c (allocates: called on parameter changes only).
    fn auc_at(&self, c: f64) -> f64 {
        let (mp, mn) = self.means(c);
        let (mut a, mut b) = (Vec::new(), Vec::new());
        count_pmf(mp, self.fano, &mut a);
        count_pmf(mn, self.fano, &mut b);
        auc(&a, &b).unwrap_or(0.5)
    }

    /// The coherence (%) at which the exact AUC reaches P_THRESHOLD, by bisection on [0, 100].
    fn find_threshold(&self) -> Option<f64> {
        if self.auc_at(100.0) < P_THRESHOLD {
            return None;
        }
        let (mut lo, mut hi) = (0.0, 100.0);
        for _ in 0..50 {
            let mid = 0.5 * (lo + hi);
            if self.auc_at(mid) < P_THRESHOLD {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        Some(0.5 * (lo + hi))
    }

    fn d_prime(&self) -> f64 {
        let (mp, mn) = self.mean[CUR];
        let var = 0.5 * self.fano * (mp + mn);
        if var > 0.0 {
            (mp - mn) / sqrt(var)
        } else {
            0.0
        }
    }

    /// Whether only the current coherence differs from `o`.
    fn same_but_c(&self, o: &Consts) -> bool {
        self.r_0 == o.r_0
            && self.k_pref == o.k_pref
            && self.k_null == o.k_null
            && self.t == o.t
            && self.fano == o.fano
    }
}

struct Neurometric {
    trials: u64,
    /// Count histograms, level × (preferred, null) × MAX_COUNT.
    hist: Vec<f64>,
    /// Trials and correct 2AFC calls since each level was reset.
    n: [f64; LEVELS],
    correct: [f64; LEVELS],
    last: (f64, f64),
    rng: Rng,
    c: Consts,
}

fn build(p: &Params, seed: u64) -> Box<dyn Model> {
    Box::new(Neurometric {
        trials: 0,
        hist: vec![0.0; LEVELS * 2 * MAX_COUNT],
        n: [0.0; LEVELS],
        correct: [0.0; LEVELS],
        last: (0.0, 0.0),
        rng: rng::seeded(seed),
        c: Consts::from(p),
    })
}

impl Neurometric {
    fn hist(&self, level: usize, null: bool) -> &[f64] {
        let o = (2 * level + null as usize) * MAX_COUNT;
        &self.hist[o..o + MAX_COUNT]
    }

    fn reset_level(&mut self, level: usize) {
        let o = 2 * level * MAX_COUNT;
        self.hist[o..o + 2 * MAX_COUNT].fill(0.0);
        self.n[level] = 0.0;
        self.correct[level] = 0.0;
    }

    fn auc_level(&self, level: usize) -> Option<f64> {
        auc(self.hist(level, false), self.hist(level, true))
    }

    fn sem_level(&self, level: usize) -> Option<f64> {
        let a = self.auc_level(level)?;
        (self.n[level] >= 2.0).then(|| hanley_mcneil_se(a, self.n[level], self.n[level]))
    }

    fn empirical_points(&self) -> Vec<(f64, f64)> {
        (0..7)
            .filter_map(|l| self.auc_level(l).map(|a| (COHERENCES[l], a)))
            .collect()
    }

    fn fit(&self) -> Option<(f64, f64)> {
        fit_weibull(&self.empirical_points())
    }
}

impl Model for Neurometric {
    fn time_ms(&self) -> f64 {
        self.trials as f64
    }

    fn step(&mut self, _spikes: &mut Vec<Spike>) {
        for l in 0..LEVELS {
            let (mp, mn) = self.c.mean[l];
            let a = draw_count(&mut self.rng, mp, self.c.fano);
            let b = draw_count(&mut self.rng, mn, self.c.fano);
            self.hist[2 * l * MAX_COUNT + a] += 1.0;
            self.hist[(2 * l + 1) * MAX_COUNT + b] += 1.0;
            self.n[l] += 1.0;
            // The 2AFC call: the larger count is "preferred"; a tie is a coin toss.
            self.correct[l] += match a.cmp(&b) {
                std::cmp::Ordering::Greater => 1.0,
                std::cmp::Ordering::Less => 0.0,
                std::cmp::Ordering::Equal => (rng::uniform(&mut self.rng) < 0.5) as u8 as f64,
            };
            if l == CUR {
                self.last = (a as f64, b as f64);
            }
        }
        self.trials += 1;
    }

    fn sample(&self, out: &mut [f64]) {
        out[0] = self.last.0;
        out[1] = self.last.1;
        out[2] = self.auc_level(CUR).unwrap_or(0.5);
        out[3] = auc(&self.c.pmf_pref, &self.c.pmf_null).unwrap_or(0.5);
    }

    fn set_params(&mut self, p: &Params) {
        let new = Consts::from(p);
        if new.same_but_c(&self.c) {
            if new.c != self.c.c {
                self.reset_level(CUR);
            }
        } else {
            for l in 0..LEVELS {
                self.reset_level(l);
            }
        }
        self.c = new;
    }

    fn measure(&self, name: &str, _rec: &Recording) -> Option<f64> {
        let c = &self.c;
        match name {
            "auc" => self.auc_level(CUR),
            "auc_sem" => self.sem_level(CUR),
            "auc_exact" => auc(&c.pmf_pref, &c.pmf_null),
            "auc_gauss" => Some(phi(c.d_prime() / std::f64::consts::SQRT_2)),
            "pc_2afc" => (self.n[CUR] > 0.0).then(|| self.correct[CUR] / self.n[CUR]),
            "d_prime" => Some(c.d_prime()),
            "mean_pref" => Some(c.mean[CUR].0),
            "mean_null" => Some(c.mean[CUR].1),
            "alpha_pct" => self.fit().map(|f| f.0),
            "beta" => self.fit().map(|f| f.1),
            "threshold_exact_pct" => c.threshold,
            _ => None,
        }
    }

    fn profile(&self, name: &str, out: &mut Vec<(f64, f64)>) {
        out.clear();
        match name {
            "pref" | "null" => {
                let h = self.hist(CUR, name == "null");
                let n = self.n[CUR];
                if n > 0.0 {
                    let (a, b) = (self.hist(CUR, false), self.hist(CUR, true));
                    let lo = (0..MAX_COUNT)
                        .find(|&i| a[i] > 0.0 || b[i] > 0.0)
                        .unwrap_or(0);
                    let hi = (0..MAX_COUNT)
                        .rev()
                        .find(|&i| a[i] > 0.0 || b[i] > 0.0)
                        .unwrap_or(0);
                    out.extend((lo..=hi).map(|i| (i as f64, h[i] / n)));
                }
            }
            "roc" => roc(self.hist(CUR, false), self.hist(CUR, true), out),
            "roc_exact" => roc(&self.c.pmf_pref, &self.c.pmf_null, out),
            "chance" => out.extend([(0.0, 0.0), (1.0, 1.0)]),
            "neurometric" => out.extend(self.empirical_points()),
            "neurometric_sem" => {
                out.extend((0..7).filter_map(|l| self.sem_level(l).map(|s| (COHERENCES[l], s))))
            }
            "exact" => out.extend_from_slice(&self.c.curve),
            "weibull" => {
                if let Some((a, b)) = self.fit() {
                    out.extend(self.c.curve.iter().map(|&(c, _)| (c, weibull(c, a, b))));
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

    fn run(set: &[(&str, f64)], seed: u64, trials: f64) -> crate::Simulation {
        testkit::run(&ENTRY, testkit::params(&ENTRY, None, set), seed, trials)
    }

    fn m(sim: &crate::Simulation, name: &str) -> f64 {
        sim.measure(name)
            .unwrap_or_else(|| panic!("{name} undefined"))
    }

    /// Brute force P(X > Y) + ½ P(X = Y) over every pair of values, as a check of `auc`.
    fn auc_pairs(px: &[f64], py: &[f64]) -> f64 {
        let mut a = 0.0;
        for (i, p) in px.iter().enumerate() {
            for (j, q) in py.iter().enumerate() {
                a += p
                    * q
                    * if i > j {
                        1.0
                    } else if i == j {
                        0.5
                    } else {
                        0.0
                    };
            }
        }
        a
    }

    #[test]
    fn pmfs_have_the_declared_mean_and_variance() {
        // Poisson: mean = variance = μ; gamma–Poisson: variance F μ (the negative binomial with
        // s = μ/(F − 1)). To 1e-9.
        for (mu, f) in [
            (3.0, 1.0),
            (40.0, 1.0),
            (40.0, 1.5),
            (7.0, 3.0),
            (900.0, 2.0),
        ] {
            let mut p = Vec::new();
            count_pmf(mu, f, &mut p);
            let mean: f64 = p.iter().enumerate().map(|(n, q)| n as f64 * q).sum();
            let var: f64 = p
                .iter()
                .enumerate()
                .map(|(n, q)| (n as f64 - mean).powi(2) * q)
                .sum();
            assert!((mean - mu).abs() < 1e-9 * mu, "μ {mu} F {f}: mean {mean}");
            assert!((var - f * mu).abs() < 1e-8 * mu, "μ {mu} F {f}: var {var}");
        }
        // The Poisson pmf against its closed form (Dayan & Abbott eq. 1.29) at μ = 20.
        let mut p = Vec::new();
        count_pmf(20.0, 1.0, &mut p);
        let direct = 20f64.powi(15) * (-20f64).exp() / (1..=15).map(|k| k as f64).product::<f64>();
        assert!((p[15] - direct).abs() < 1e-12, "{} vs {direct}", p[15]);
    }

    #[test]
    fn exact_auc_is_the_probability_of_a_correct_2afc_choice() {
        // AUC = P(X > Y) + ½P(X = Y) (Green & Swets 1966): the one-pass sum equals the brute-force
        // double sum over pairs to 1e-12, and the trapezoids under the ROC give the same area.
        let (mut a, mut b) = (Vec::new(), Vec::new());
        count_pmf(26.0, 1.0, &mut a);
        count_pmf(18.0, 1.0, &mut b);
        let x = auc(&a, &b).unwrap();
        assert!((x - auc_pairs(&a, &b)).abs() < 1e-12);
        let mut r = Vec::new();
        roc(&a, &b, &mut r);
        let trap: f64 = r
            .windows(2)
            .map(|w| (w[1].0 - w[0].0) * 0.5 * (w[0].1 + w[1].1))
            .sum();
        assert!((trap - x).abs() < 1e-12, "trapezoids {trap} vs {x}");
        // Near its Gaussian approximation Φ(d′/√2), d′ = 8/√22 (0.886).
        let g = phi(8.0 / 22f64.sqrt() / std::f64::consts::SQRT_2);
        assert!((x - g).abs() < 0.005, "{x} vs {g}");
        // The ties matter: P(X = Y) = Σ p q ≈ 0.03, so without its half the area would be 0.015
        // lower, three times the tolerance above.
        let ties: f64 = a.iter().zip(&b).map(|(p, q)| p * q).sum();
        assert!(ties > 0.025, "{ties}");
    }

    #[test]
    fn equal_variance_gaussians_give_phi_of_d_prime_over_root_two() {
        // For X ~ N(μ₊, σ²), Y ~ N(μ₋, σ²): P(X > Y) = Φ(d′/√2), d′ = (μ₊ − μ₋)/σ (Green & Swets
        // 1966; Dayan & Abbott §3.2). Sampled: 20 000 pairs binned at 0.01 (so that binning is
        // negligible) in histograms, as the model keeps its counts; the empirical area is within
        // 4 Hanley–McNeil SE (≈ 0.0023 each) of Φ(d′/√2) = 0.8807 (σ = 6, μ₊ − μ₋ = 10).
        let (s, m1, m0) = (6.0, 60.0, 50.0);
        let d = (m1 - m0) / s;
        let want = phi(d / std::f64::consts::SQRT_2);
        assert!((want - 0.8807).abs() < 1e-4, "{want}");
        let mut r = rng::seeded(3);
        let (mut hx, mut hy) = (vec![0.0; 12_000], vec![0.0; 12_000]);
        let n = 20_000;
        for _ in 0..n {
            hx[(100.0 * (m1 + s * rng::normal(&mut r))).round() as usize] += 1.0;
            hy[(100.0 * (m0 + s * rng::normal(&mut r))).round() as usize] += 1.0;
        }
        let emp = auc(&hx, &hy).unwrap();
        let se = hanley_mcneil_se(want, n as f64, n as f64);
        assert!((emp - want).abs() < 4.0 * se, "{emp} vs {want}, SE {se}");
        // Counts are integers: for Gaussians rounded to integers, ties counted half, the area
        // stays within 1e-3 of Φ(d′/√2) (measured 0.88016; the rounding shifts it by O(1/σ²)).
        // Dropping the half of the ties would lower it by ½P(tie) ≈ 0.012, twelve tolerances.
        let rounded = |mu: f64| -> Vec<f64> {
            (0..200)
                .map(|n| phi((n as f64 + 0.5 - mu) / s) - phi((n as f64 - 0.5 - mu) / s))
                .collect()
        };
        let (px, py) = (rounded(m1), rounded(m0));
        let got = auc(&px, &py).unwrap();
        assert!((got - want).abs() < 1e-3, "{got} vs {want}");
        let ties: f64 = px.iter().zip(&py).map(|(p, q)| p * q).sum();
        assert!(ties > 0.02, "{ties}");
        // Poisson counts of large mean are nearly Gaussian: at μ = 120 vs 100 the exact area and
        // Φ(d′/√2) with σ² = (σ₊² + σ₋²)/2 agree to 0.005.
        let (mut a, mut b) = (Vec::new(), Vec::new());
        count_pmf(120.0, 1.0, &mut a);
        count_pmf(100.0, 1.0, &mut b);
        let g = phi(20.0 / 110f64.sqrt() / std::f64::consts::SQRT_2);
        assert!((auc(&a, &b).unwrap() - g).abs() < 0.005);
    }

    /// Exact standard error of the Mann–Whitney AUC from n pairs of independent counts:
    /// Var ≈ (ξ₁₀ + ξ₀₁)/n, ξ₁₀ = Var g(X), g(x) = P(Y < x) + ½P(Y = x), ξ₀₁ likewise (Hoeffding's
    /// U-statistic variance to first order; DeLong, DeLong & Clarke-Pearson 1988).
    fn u_se(px: &[f64], py: &[f64], n: f64) -> f64 {
        let a = auc(px, py).unwrap();
        let len = px.len().max(py.len());
        let get = |v: &[f64], i: usize| v.get(i).copied().unwrap_or(0.0);
        let (mut below_y, mut x10) = (0.0, 0.0);
        let mut above_x: f64 = 1.0;
        let mut x01 = 0.0;
        for i in 0..len {
            let (p, q) = (get(px, i), get(py, i));
            let g = below_y + 0.5 * q;
            x10 += p * g * g;
            below_y += q;
            above_x -= p;
            let h = above_x + 0.5 * p;
            x01 += q * h * h;
        }
        ((x10 - a * a + x01 - a * a) / n).sqrt()
    }

    #[test]
    fn empirical_auc_converges_to_the_exact_auc() {
        // Poisson (F = 1) and gamma–Poisson (F = 1.5) counts at c = 6.4 %, 2 s: 20 000 trials. The
        // empirical area must lie within 4 SE (the U-statistic SE from the exact pmfs) of the
        // exact P(n₊ > n₋) + ½P(n₊ = n₋), and the direct 2AFC score within 4 binomial SE.
        for (f, seed) in [(1.0, 1), (1.5, 2)] {
            let sim = run(&[("F", f)], seed, 20_000.0);
            let c = Consts::from(&sim.params);
            let exact = m(&sim, "auc_exact");
            let se = u_se(&c.pmf_pref, &c.pmf_null, 20_000.0);
            let (emp, pc) = (m(&sim, "auc"), m(&sim, "pc_2afc"));
            assert!(
                (emp - exact).abs() < 4.0 * se,
                "F {f}: {emp} vs {exact} (SE {se})"
            );
            let se_pc = (exact * (1.0 - exact) / 20_000.0).sqrt();
            assert!(
                (pc - exact).abs() < 4.0 * se_pc,
                "F {f}: 2AFC {pc} vs {exact}"
            );
            // Hanley–McNeil's SE, reported by the model, is of the same size as the exact one.
            let hm = m(&sim, "auc_sem");
            assert!(hm > 0.7 * se && hm < 1.4 * se, "HM {hm} vs {se}");
            // Means 2·(10 + 0.4·6.4) = 25.12 and 2·(10 − 0.1·6.4) = 18.72 spikes.
            assert!((m(&sim, "mean_pref") - 25.12).abs() < 1e-9);
            assert!((m(&sim, "mean_null") - 18.72).abs() < 1e-9);
        }
        // Overdispersion lowers the area: d′ falls by √1.5.
        let p = run(&[], 1, 1.0);
        let o = run(&[("F", 1.5)], 1, 1.0);
        assert!(m(&o, "auc_exact") < m(&p, "auc_exact") - 0.02);
        assert!(testkit::rel(m(&p, "d_prime") / m(&o, "d_prime"), 1.5f64.sqrt()) < 1e-12);
    }

    #[test]
    fn zero_coherence_gives_an_area_of_one_half() {
        // c = 0: both directions have the same count distribution, so by symmetry AUC = ½
        // exactly; the empirical area is within 4 SE (√(1/12 · 2/n) for continuous, less with
        // ties) of ½, and the ROC ends on the diagonal.
        let sim = run(&[("c", 0.0)], 4, 20_000.0);
        assert!((m(&sim, "auc_exact") - 0.5).abs() < 1e-12);
        assert_eq!(m(&sim, "d_prime"), 0.0);
        let se = (2.0 / 12.0 / 20_000.0f64).sqrt();
        assert!(
            (m(&sim, "auc") - 0.5).abs() < 4.0 * se,
            "{}",
            m(&sim, "auc")
        );
        let mut r = Vec::new();
        sim.model().profile("roc_exact", &mut r);
        assert!(r.iter().all(|&(x, y)| (x - y).abs() < 1e-9));
    }

    #[test]
    fn weibull_fit_recovers_alpha_and_beta_from_noiseless_points() {
        // Points on p = 1 − ½ exp(−(c/α)^β) at Britten et al.'s seven coherences: the fit returns
        // α and β to 1e-6, whatever they are; at c = α the curve is 1 − ½e⁻¹ = 0.816.
        for (a, b) in [(8.0, 1.5), (3.0, 1.0), (20.0, 2.5), (1.2, 0.8)] {
            let pts: Vec<(f64, f64)> = COHERENCES.iter().map(|&c| (c, weibull(c, a, b))).collect();
            let (fa, fb) = fit_weibull(&pts).unwrap();
            assert!(
                testkit::rel(fa, a) < 1e-6 && testkit::rel(fb, b) < 1e-6,
                "{a},{b}: {fa},{fb}"
            );
            assert!((weibull(a, a, b) - P_THRESHOLD).abs() < 1e-15);
        }
        // From a start far off (noisy points, one at chance and one at 1), the least squares still
        // converge to the minimum: perturbing the result raises the squared error.
        let pts = [
            (0.8, 0.49),
            (1.6, 0.55),
            (3.2, 0.61),
            (6.4, 0.78),
            (12.8, 0.93),
            (25.6, 0.99),
            (51.2, 1.0),
        ];
        let (fa, fb) = fit_weibull(&pts).unwrap();
        let sse = |a: f64, b: f64| {
            pts.iter()
                .map(|&(c, p)| (p - weibull(c, a, b)).powi(2))
                .sum::<f64>()
        };
        let s0 = sse(fa, fb);
        for (da, db) in [(1.01, 0.0), (0.99, 0.0), (1.0, 0.02), (1.0, -0.02)] {
            assert!(sse(fa * da, fb + db) > s0);
        }
    }

    #[test]
    fn neurometric_threshold_of_the_fit_matches_the_exact_curve() {
        // After 5000 trials the Weibull fit to the empirical points puts α within 10 % of the
        // coherence where the exact AUC reaches 0.816 (the AUC at each point has SE ≤ 0.006).
        // Shorter counting windows raise the threshold: d′ = √T (k₊ + k₋) c/√(2r_0 + (k₊ − k₋)c)
        // grows as √T at fixed c, so T = 250 ms against 2 s raises it by at least √8 ≈ 2.83, and a
        // little more because the variance grows with c (≈ 3.07).
        let sim = run(&[], 5, 5000.0);
        let (alpha, th) = (m(&sim, "alpha_pct"), m(&sim, "threshold_exact_pct"));
        assert!(testkit::rel(alpha, th) < 0.10, "α {alpha} vs exact {th}");
        assert!(m(&sim, "beta") > 0.8 && m(&sim, "beta") < 3.0);
        let short = run(&[("T_ms", 250.0)], 5, 1.0);
        let ratio = m(&short, "threshold_exact_pct") / th;
        assert!(ratio > 8f64.sqrt() && ratio < 3.3, "ratio {ratio}");
    }

    #[test]
    fn same_seed_same_run_and_changing_c_keeps_the_other_levels() {
        let a = run(&[("F", 1.5)], 9, 300.0);
        let b = run(&[("F", 1.5)], 9, 300.0);
        let c = run(&[("F", 1.5)], 10, 300.0);
        for name in ["auc", "pc_2afc", "alpha_pct", "beta"] {
            assert_eq!(a.measure(name), b.measure(name), "{name}");
        }
        assert_ne!(a.measure("auc"), c.measure("auc"));
        // A new coherence restarts only its own histograms.
        let mut sim = run(&[], 11, 200.0);
        let mut before = Vec::new();
        sim.model().profile("neurometric", &mut before);
        let mut p = sim.params.clone();
        p.set("c", 25.6).unwrap();
        sim.set_params(p);
        let mut after = Vec::new();
        sim.model().profile("neurometric", &mut after);
        assert_eq!(before, after);
        let mut h = Vec::new();
        sim.model().profile("pref", &mut h);
        assert!(h.is_empty());
    }
}
