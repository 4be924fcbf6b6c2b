//! Decoding a population code, its limits and its information: maximum likelihood and the
//! population vector against the Cramér–Rao bound, and the mutual information against its Fisher
//! approximation (Dayan & Abbott §3.3 and §4.1; Seung & Sompolinsky 1993, PNAS 90:10749; Brunel &
//! Nadal 1998, Neural Comput. 10:1731).
//!
//! Encoding, as in the Lecture 1 model `tuning` (core/src/coding/tuning.rs): N neurons with
//! preferred orientations θ_i = iπ/N and von Mises tuning of period π,
//!   f_i(θ) = r_0 + f_max exp(κ (cos 2(θ − θ_i) − 1))    (Hz),
//! and, in a trial, independent Poisson counts n_i with means T f_i(θ) in a window T (`T_ms`).
//! The stimulus of each trial is drawn uniformly from K orientations θ_k = kπ/K (K = 180: 1°).
//!
//! Fisher information of independent Poisson counts (Dayan & Abbott eq. 3.42):
//!   J(θ) = T Σ_i f_i'(θ)² / f_i(θ)                                        → `fisher_info` (mean over θ_k).
//! With r_0 = 0 and dense preferences the sum is N times a circular mean, and
//!   J = 4 κ N T f_max e^{−κ} I₁(κ)    (I₁ the modified Bessel function).
//! Cramér–Rao: an unbiased estimator has variance ≥ 1/J(θ); `cr_bound` is the mean of 1/J(θ_k).
//!
//! Decoders, each trial. Maximum likelihood maximises
//!   L(θ) = Σ_i n_i ln f_i(θ) − T Σ_i f_i(θ)
//! first on the K orientations, then by Newton steps in continuous θ (each clamped to one grid
//! spacing). The population vector is θ̂ = ½ arg Σ_i n_i e^{2iθ_i} (0 if no neuron fired). Errors
//! are wrapped to (−π/2, π/2]; `ml_var` and `pv_var` are their variances over the trials of the
//! recording, rad². The ML estimate reaches the bound when N·T is large (it is asymptotically
//! efficient); with r_0 = 0 the population vector nearly does too (Seung & Sompolinsky 1993), a
//! baseline r_0 > 0 makes it worse.
//!
//! Mutual information, Monte Carlo. With the stimulus uniform on the K orientations,
//!   I(θ; n) = H(θ) − ⟨H(θ | n)⟩,   H(θ) = log₂ K,
//! and the posterior p(θ_k | n) ∝ exp L(θ_k) is computed exactly for each trial's response (the
//! prior is flat): each trial contributes the entropy of its posterior, an unbiased sample of
//! ⟨H(θ | n)⟩. No response histogram is estimated, so there is no plug-in bias; the only error is
//! the Monte-Carlo spread, SE ≈ SD(H(θ|n))/√trials. `mi_bits` averages over the recording.
//! Fisher approximation (Brunel & Nadal 1998, eq. 12, for a continuous stimulus of density p(θ)):
//!   I_F = H(θ) − ½ ∫ p(θ) log₂(2πe / J(θ)) dθ,   H(θ) = log₂ π for θ uniform on [0, π),
//! → `mi_fisher_bits` (the integral is the mean over θ_k). It assumes a Gaussian posterior of
//! variance 1/J, narrow against the period π: it holds at large N·T and fails at small N·T, where
//! the posterior is broad and I_F even goes negative while the true information is ≥ 0. The
//! discrete stimulus set equals the continuous one while the posterior is broad against the
//! spacing π/K: the two H(θ) differ by log₂(π/K) and so do the two posterior entropies.
//! For very large N·T the discrete information saturates at log₂ K (`h_bits`).
//!
//! Clock: trials; one step = one trial. Cost per trial ≈ K × (number of active neurons) for the
//! posterior: offloaded to a worker, so that the page stays fluid at large N and K.

use crate::math::{atan2, cos, exp, log, log2, sin, sqrt, PI};
use crate::model::*;
use crate::params::Params;
use crate::record::Recording;
use crate::rng::{self, Rng};

/// Completed trials remembered for the measures and the estimates plot.
const MEMORY: usize = 20_000;
/// Trials drawn in the estimates plot (the most recent).
const SCATTER_TRIALS: usize = 300;
const LN2: f64 = std::f64::consts::LN_2;

pub static SPEC: ModelSpec = ModelSpec {
    id: "population_code",
    title: "Decoding a population code: Fisher information and mutual information",
    lecture: 5,
    summary: "Poisson neurons with von Mises tuning encode an orientation; maximum likelihood reaches the \
              Cramér–Rao bound and the Fisher information predicts the mutual information, when N·T is large.",
    params: &[
        ParamSpec::int("N", "N", 2.0, 500.0, 50.0).help("number of neurons, preferences evenly spread over 180°").restart(),
        ParamSpec::real("f_max", r"f_{\max}", "Hz", 1.0, 200.0, 20.0, 0.5).help("peak rate above the baseline"),
        ParamSpec::real("r_0", "r_0", "Hz", 0.0, 20.0, 2.0, 0.1).help("baseline rate, carries no information"),
        ParamSpec::real("kappa", r"\kappa", "", 0.1, 10.0, 2.0, 0.01).help("concentration of the tuning: larger, narrower"),
        ParamSpec::real("T_ms", "T", "ms", 1.0, 2000.0, 100.0, 1.0).log().help("counting window of one trial"),
        ParamSpec::int("K", "K", 8.0, 720.0, 180.0)
            .help("number of stimulus orientations, evenly spaced, drawn uniformly")
            .restart(),
    ],
    presets: &[
        PresetSpec {
            name: "standard",
            description: "50 neurons, 100 ms: both decoders' variances sit near the Cramér–Rao bound, and the \
                          Monte-Carlo information near its Fisher approximation.",
            values: &[],
        },
        PresetSpec {
            name: "few_spikes",
            description: "3 neurons for 10 ms: most trials have no spike at all. The posterior is broad, the decoders \
                          miss the bound, and the Fisher approximation of the information fails.",
            values: &[("N", 3.0), ("T_ms", 10.0)],
        },
        PresetSpec {
            name: "many_spikes",
            description: "200 neurons for 500 ms: the posterior is a narrow Gaussian, maximum likelihood is \
                          efficient and the information is what the Fisher information says.",
            values: &[("N", 200.0), ("T_ms", 500.0), ("K", 720.0)],
        },
        PresetSpec {
            name: "no_baseline",
            description: "No baseline rate: the population vector becomes almost as good as maximum likelihood.",
            values: &[("r_0", 0.0)],
        },
    ],
    traces: &[
        TraceSpec::new("theta_s", "stimulus of the last trial", "°", 1e3),
        TraceSpec::new("theta_ml", "maximum-likelihood estimate, last trial", "°", 1e3),
        TraceSpec::new("theta_pv", "population-vector estimate, last trial", "°", 1e3),
        TraceSpec::new("err_ml", "error of the ML estimate, last trial", "°", 1e3),
        TraceSpec::new("mi_bits", "Monte-Carlo mutual information, running mean since the start", "bit", 1e3),
        TraceSpec::new("mi_fisher_bits", "Fisher approximation of the information", "bit", 1e3),
    ],
    measures: &[
        MeasureSpec::new("fisher_info", "Fisher information J, mean over stimuli", "rad⁻²"),
        MeasureSpec::new("cr_bound", "Cramér–Rao bound 1/J, mean over stimuli", "rad²"),
        MeasureSpec::new("ml_var", "variance of the maximum-likelihood error", "rad²"),
        MeasureSpec::new("pv_var", "variance of the population-vector error", "rad²"),
        MeasureSpec::new("mi_bits", "mutual information, Monte Carlo: log₂K − ⟨H(θ|n)⟩", "bit"),
        MeasureSpec::new("mi_fisher_bits", "Fisher approximation log₂π − ½⟨log₂(2πe/J)⟩", "bit"),
        MeasureSpec::new("h_bits", "stimulus entropy log₂K, the ceiling of the information", "bit"),
    ],
    plots: &[
        PlotSpec {
            id: "posterior",
            title: "Last trial: posterior over the orientation, and the stimulus",
            kind: PlotKind::Profile {
                curves: &["posterior", "stimulus"],
                errors: &[],
                x_label: "orientation θ (°)",
                y_label: "posterior density (1/°)",
                x: Range::Fixed(0.0, 180.0),
                y: Range::Auto,
            },
        },
        PlotSpec {
            id: "counts",
            title: "Last trial: spike count against preferred orientation",
            kind: PlotKind::Scatter {
                points: "counts",
                x_label: "preferred orientation θ_i (°)",
                y_label: "spike count n_i",
                x: Range::Fixed(0.0, 180.0),
                y: Range::Auto,
            },
        },
        PlotSpec {
            id: "estimates",
            title: "Estimates against the stimulus (recent trials): ML and population vector",
            kind: PlotKind::Plane {
                points: &["ml", "pv"],
                lines: &[],
                vectors: &[],
                background: "",
                x_label: "stimulus θ (°)",
                y_label: "estimate θ̂ (°)",
                x: Range::Fixed(0.0, 180.0),
                y: Range::Fixed(0.0, 180.0),
            },
        },
        PlotSpec {
            id: "errors",
            title: "ML errors and the Gaussian of variance 1/J",
            kind: PlotKind::Histogram { values: "err_ml", bins: 40, x: Range::Auto, x_label: "ML error (°)", density: true, overlay: "cr_gauss" },
        },
        PlotSpec {
            id: "information",
            title: "Mutual information: Monte Carlo (running mean) and Fisher approximation",
            kind: PlotKind::TimeSeries { traces: &["mi_bits", "mi_fisher_bits"], y_label: "bits", y: Range::Auto },
        },
        PlotSpec {
            id: "mi_vs_T",
            title: "Information against the counting window, with the Fisher approximation and log₂K",
            kind: PlotKind::Sweep {
                param: "T_ms",
                measure: "mi_bits",
                from: 2.0,
                to: 1000.0,
                steps: 10,
                settle_ms: 0.0,
                duration_ms: 500.0,
                overlays: &["mi_fisher", "h_theta"],
                seeds: 1,
                y: Range::Auto,
            },
        },
        PlotSpec {
            id: "var_vs_T",
            title: "ML error variance against the counting window, with the Cramér–Rao bound",
            kind: PlotKind::Sweep {
                param: "T_ms",
                measure: "ml_var",
                from: 2.0,
                to: 1000.0,
                steps: 10,
                settle_ms: 0.0,
                duration_ms: 500.0,
                overlays: &["cr_bound"],
                seeds: 1,
                y: Range::Log,
            },
        },
    ],
    window_ms: 2000.0,
    sample_ms: 1.0,
    default_duration_ms: 2000.0,
    stochastic: true,
    clock: Clock::Trials,
    offload: true,
};

pub static ENTRY: ModelEntry = ModelEntry { spec: &SPEC, build };

/// Tables of the code at the K stimuli: ln f_i(θ_k), means T f_i(θ_k), T Σ_i f_i(θ_k), J(θ_k).
struct Consts {
    n: usize,
    k: usize,
    f_max: f64,
    r_0: f64,
    kappa: f64,
    /// Window, s.
    t: f64,
    ln_f: Vec<f64>,
    mean: Vec<f64>,
    total: Vec<f64>,
    fisher: Vec<f64>,
}

impl Consts {
    fn from(p: &Params) -> Self {
        let (n, k) = (p.get("N") as usize, p.get("K") as usize);
        let mut c = Consts {
            n,
            k,
            f_max: p.get("f_max"),
            r_0: p.get("r_0"),
            kappa: p.get("kappa"),
            t: p.get("T_ms") * 1e-3,
            ln_f: vec![0.0; n * k],
            mean: vec![0.0; n * k],
            total: vec![0.0; k],
            fisher: vec![0.0; k],
        };
        c.tabulate();
        c
    }

    fn pref(&self, i: usize) -> f64 {
        PI * i as f64 / self.n as f64
    }

    fn stim(&self, k: usize) -> f64 {
        PI * k as f64 / self.k as f64
    }

    /// f_i(θ), f_i'(θ) and f_i''(θ), Hz, Hz/rad, Hz/rad².
    fn f(&self, theta: f64, i: usize) -> (f64, f64, f64) {
        let d = 2.0 * (theta - self.pref(i));
        let g = self.f_max * exp(self.kappa * (cos(d) - 1.0));
        let (s, c) = (sin(d), cos(d));
        (
            self.r_0 + g,
            -2.0 * self.kappa * s * g,
            4.0 * self.kappa * (self.kappa * s * s - c) * g,
        )
    }

    fn tabulate(&mut self) {
        for k in 0..self.k {
            let (mut tot, mut j) = (0.0, 0.0);
            for i in 0..self.n {
                let (f, fp, _) = self.f(self.stim(k), i);
                self.ln_f[k * self.n + i] = log(f);
                self.mean[k * self.n + i] = self.t * f;
                tot += self.t * f;
                j += self.t * fp * fp / f;
            }
            self.total[k] = tot;
            self.fisher[k] = j;
        }
    }

    /// Mean Fisher information over the stimuli at window `t` s (J ∝ T).
    fn mean_fisher(&self) -> f64 {
        self.fisher.iter().sum::<f64>() / self.k as f64
    }

    fn cr_bound(&self, t: f64) -> f64 {
        self.fisher.iter().map(|j| self.t / (t * j)).sum::<f64>() / self.k as f64
    }

    /// Brunel & Nadal's approximation at window `t` s, bits.
    fn mi_fisher(&self, t: f64) -> f64 {
        let e = std::f64::consts::E;
        let mean_log = self
            .fisher
            .iter()
            .map(|j| log2(2.0 * PI * e * self.t / (t * j)))
            .sum::<f64>()
            / self.k as f64;
        log2(PI) - 0.5 * mean_log
    }

    /// L(θ) = Σ n_i ln f_i − T Σ f_i with its first two derivatives, over the active neurons.
    fn loglik(&self, theta: f64, counts: &[f64]) -> (f64, f64, f64) {
        let (mut l, mut d1, mut d2) = (0.0, 0.0, 0.0);
        for (i, &n) in counts.iter().enumerate() {
            let (f, fp, fpp) = self.f(theta, i);
            l += n * log(f) - self.t * f;
            d1 += (n / f - self.t) * fp;
            d2 += (n / f - self.t) * fpp - n * fp * fp / (f * f);
        }
        (l, d1, d2)
    }
}

/// Poisson deviate: multiplication of uniforms for small means, PTRS transformed rejection
/// (Hörmann 1993, Insurance Math. Econom. 12:39, as in numpy) for means ≥ 10.
pub(crate) fn poisson(rng: &mut Rng, lam: f64) -> f64 {
    if lam < 10.0 {
        let lim = exp(-lam);
        let (mut k, mut p) = (0.0, rng::uniform(rng));
        while p > lim {
            k += 1.0;
            p *= rng::uniform(rng);
        }
        return k;
    }
    let (slam, loglam) = (sqrt(lam), log(lam));
    let b = 0.931 + 2.53 * slam;
    let a = -0.059 + 0.02483 * b;
    let invalpha = 1.1239 + 1.1328 / (b - 3.4);
    let vr = 0.9277 - 3.6224 / (b - 2.0);
    loop {
        let u = rng::uniform(rng) - 0.5;
        let v = rng::uniform(rng);
        let us = 0.5 - u.abs();
        let k = ((2.0 * a / us + b) * u + lam + 0.43).floor();
        if us >= 0.07 && v <= vr {
            return k;
        }
        if k < 0.0 || (us < 0.013 && v > us) {
            continue;
        }
        if log(v) + log(invalpha) - log(a / (us * us) + b)
            <= -lam + k * loglam - libm::lgamma(k + 1.0)
        {
            return k;
        }
    }
}

/// Wraps an orientation difference (rad) to (−π/2, π/2].
fn wrap_half(d: f64) -> f64 {
    let e = d.rem_euclid(PI);
    if e > 0.5 * PI {
        e - PI
    } else {
        e
    }
}

#[derive(Clone, Copy)]
struct Trial {
    t_end: f64,
    theta: f64,
    ml: f64,
    pv: f64,
    /// Entropy of the posterior, bits.
    h: f64,
}

struct PopulationCode {
    trials_done: u64,
    counts: Vec<f64>,
    /// Log posterior, then the posterior, over the K stimuli.
    post: Vec<f64>,
    last: Option<Trial>,
    history: Vec<Trial>,
    head: usize,
    h_sum: f64,
    rng: Rng,
    c: Consts,
}

fn build(p: &Params, seed: u64) -> Box<dyn Model> {
    let c = Consts::from(p);
    Box::new(PopulationCode {
        trials_done: 0,
        counts: vec![0.0; c.n],
        post: vec![0.0; c.k],
        last: None,
        history: Vec::with_capacity(MEMORY),
        head: 0,
        h_sum: 0.0,
        rng: rng::seeded(seed),
        c,
    })
}

impl PopulationCode {
    /// The posterior over the K stimuli (into `post`), its entropy in bits and its mode's index.
    fn posterior(&mut self) -> (f64, usize) {
        let (c, n) = (&self.c, self.c.n);
        let mut best = 0;
        for k in 0..c.k {
            let row = &c.ln_f[k * n..(k + 1) * n];
            let mut l = -c.total[k];
            for (x, lf) in self.counts.iter().zip(row) {
                if *x > 0.0 {
                    l += x * lf;
                }
            }
            self.post[k] = l;
            if l > self.post[best] {
                best = k;
            }
        }
        let lmax = self.post[best];
        let (mut z, mut zl) = (0.0, 0.0);
        for p in self.post.iter_mut() {
            let d = *p - lmax;
            *p = exp(d);
            z += *p;
            zl += *p * d;
        }
        self.post.iter_mut().for_each(|p| *p /= z);
        ((log(z) - zl / z) / LN2, best)
    }

    /// ML estimate: Newton from the best grid point, steps clamped to one grid spacing; a step
    /// that lowers L is not taken.
    fn ml(&self, start: usize) -> f64 {
        let h = PI / self.c.k as f64;
        let mut th = self.c.stim(start);
        let (mut l, mut d1, mut d2) = self.c.loglik(th, &self.counts);
        for _ in 0..8 {
            if d2 >= 0.0 {
                break;
            }
            let step = (-d1 / d2).clamp(-h, h);
            let (l1, e1, e2) = self.c.loglik(th + step, &self.counts);
            if l1 < l {
                break;
            }
            th += step;
            (l, d1, d2) = (l1, e1, e2);
            if step.abs() < 1e-10 {
                break;
            }
        }
        th.rem_euclid(PI)
    }

    fn pv(&self) -> f64 {
        let (mut x, mut y) = (0.0, 0.0);
        for (i, &n) in self.counts.iter().enumerate() {
            let a = 2.0 * self.c.pref(i);
            x += n * cos(a);
            y += n * sin(a);
        }
        (0.5 * atan2(y, x)).rem_euclid(PI)
    }

    fn history(&self) -> impl Iterator<Item = &Trial> {
        self.history[self.head..]
            .iter()
            .chain(&self.history[..self.head])
    }

    /// Variance of the wrapped errors of one decoder over the trials of the recording.
    fn var(&self, rec: &Recording, est: impl Fn(&Trial) -> f64) -> Option<f64> {
        let (mut n, mut s, mut s2) = (0.0, 0.0, 0.0);
        for tr in self.history().filter(|tr| tr.t_end > rec.t_begin + 1e-9) {
            let e = wrap_half(est(tr) - tr.theta);
            n += 1.0;
            s += e;
            s2 += e * e;
        }
        (n >= 2.0).then(|| (s2 - s * s / n) / (n - 1.0))
    }
}

impl Model for PopulationCode {
    fn time_ms(&self) -> f64 {
        self.trials_done as f64
    }

    fn step(&mut self, _spikes: &mut Vec<Spike>) {
        let k = rng::below(&mut self.rng, self.c.k as u32) as usize;
        let n = self.c.n;
        for i in 0..n {
            self.counts[i] = poisson(&mut self.rng, self.c.mean[k * n + i]);
        }
        let (h, best) = self.posterior();
        let tr = Trial {
            t_end: self.trials_done as f64 + 1.0,
            theta: self.c.stim(k),
            ml: self.ml(best),
            pv: self.pv(),
            h,
        };
        if self.history.len() < MEMORY {
            self.history.push(tr);
        } else {
            self.history[self.head] = tr;
            self.head = (self.head + 1) % MEMORY;
        }
        self.last = Some(tr);
        self.h_sum += h;
        self.trials_done += 1;
    }

    fn sample(&self, out: &mut [f64]) {
        let tr = self.last.unwrap_or(Trial {
            t_end: 0.0,
            theta: 0.0,
            ml: 0.0,
            pv: 0.0,
            h: 0.0,
        });
        out[0] = tr.theta.to_degrees();
        out[1] = tr.ml.to_degrees();
        out[2] = tr.pv.to_degrees();
        out[3] = wrap_half(tr.ml - tr.theta).to_degrees();
        out[4] = if self.trials_done > 0 {
            log2(self.c.k as f64) - self.h_sum / self.trials_done as f64
        } else {
            0.0
        };
        out[5] = self.c.mi_fisher(self.c.t);
    }

    fn set_params(&mut self, p: &Params) {
        // N and K restart: the tables keep their sizes.
        self.c = Consts::from(p);
    }

    fn measure(&self, name: &str, rec: &Recording) -> Option<f64> {
        let c = &self.c;
        match name {
            "fisher_info" => Some(c.mean_fisher()),
            "cr_bound" => Some(c.cr_bound(c.t)),
            "ml_var" => self.var(rec, |tr| tr.ml),
            "pv_var" => self.var(rec, |tr| tr.pv),
            "mi_bits" => {
                let (n, h) = self
                    .history()
                    .filter(|tr| tr.t_end > rec.t_begin + 1e-9)
                    .fold((0.0, 0.0), |(n, s), tr| (n + 1.0, s + tr.h));
                (n > 0.0).then(|| log2(c.k as f64) - h / n)
            }
            "mi_fisher_bits" => Some(c.mi_fisher(c.t)),
            "h_bits" => Some(log2(c.k as f64)),
            _ => None,
        }
    }

    fn overlay(&self, name: &str, t_ms: f64) -> Option<f64> {
        match name {
            "mi_fisher" => Some(self.c.mi_fisher(t_ms * 1e-3)),
            "h_theta" => Some(log2(self.c.k as f64)),
            "cr_bound" => Some(self.c.cr_bound(t_ms * 1e-3)),
            _ => None,
        }
    }

    fn profile(&self, name: &str, out: &mut Vec<(f64, f64)>) {
        out.clear();
        let c = &self.c;
        let Some(last) = self.last else { return };
        let per_deg = c.k as f64 / 180.0;
        match name {
            "posterior" => out.extend(
                self.post
                    .iter()
                    .enumerate()
                    .map(|(k, p)| (c.stim(k).to_degrees(), p * per_deg)),
            ),
            "stimulus" => {
                let peak = self.post.iter().fold(0.0f64, |m, p| m.max(*p)) * per_deg;
                out.push((last.theta.to_degrees(), 0.0));
                out.push((last.theta.to_degrees(), peak));
            }
            "counts" => out.extend(
                self.counts
                    .iter()
                    .enumerate()
                    .map(|(i, &n)| (c.pref(i).to_degrees(), n)),
            ),
            "ml" | "pv" => {
                let skip = self.history.len().saturating_sub(SCATTER_TRIALS);
                let pick = |tr: &Trial| if name == "ml" { tr.ml } else { tr.pv };
                out.extend(
                    self.history()
                        .skip(skip)
                        .map(|tr| (tr.theta.to_degrees(), pick(tr).to_degrees())),
                );
            }
            "cr_gauss" => {
                // Gaussian of variance 1/J̄ in degrees, over ±4 SD.
                let sd = sqrt(c.cr_bound(c.t)).to_degrees();
                for j in 0..=160 {
                    let x = -4.0 * sd + 8.0 * sd * j as f64 / 160.0;
                    out.push((x, exp(-0.5 * (x / sd) * (x / sd)) / (sd * sqrt(2.0 * PI))));
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coding::tuning::bessel_i;
    use crate::testkit;

    fn run(set: &[(&str, f64)], seed: u64, trials: f64) -> crate::Simulation {
        testkit::run(&ENTRY, testkit::params(&ENTRY, None, set), seed, trials)
    }

    fn m(sim: &crate::Simulation, name: &str) -> f64 {
        sim.measure(name)
            .unwrap_or_else(|| panic!("{name} undefined"))
    }

    #[test]
    fn fisher_information_has_the_bessel_closed_form() {
        // r_0 = 0: J = 4κ N T f_max e^{−κ} I₁(κ) (module comment) = 172.21 rad⁻² for N = 50,
        // T = 0.1 s, f_max = 20 Hz, κ = 2; the sum over 50 neurons equals it to 1e-9 at every θ_k.
        let sim = run(&[("r_0", 0.0)], 1, 1.0);
        let want = 4.0 * 2.0 * 50.0 * 0.1 * 20.0 * (-2.0f64).exp() * bessel_i(1, 2.0);
        assert!((want - 172.21).abs() < 0.01, "{want}");
        assert!(testkit::rel(m(&sim, "fisher_info"), want) < 1e-9);
        assert!(testkit::rel(m(&sim, "cr_bound"), 1.0 / want) < 1e-9);
    }

    #[test]
    fn ml_variance_reaches_the_cramer_rao_bound_at_large_n_t() {
        // N = 100, T = 500 ms (≈ 440 spikes per trial): the ML variance is within 10 % of 1/J over
        // 4000 trials (relative SE of a variance √(2/4000) = 2.2 %). The population vector is no
        // better than ML; with the baseline r_0 = 2 Hz it is measurably worse (> 5 % above).
        let sim = run(&[("N", 100.0), ("T_ms", 500.0), ("K", 360.0)], 1, 4000.0);
        let (ml, pv, cr) = (m(&sim, "ml_var"), m(&sim, "pv_var"), m(&sim, "cr_bound"));
        assert!(testkit::rel(ml, cr) < 0.10, "ML {ml} vs bound {cr}");
        assert!(pv > 1.05 * cr && pv > ml, "PV {pv}, ML {ml}, bound {cr}");
    }

    #[test]
    fn monte_carlo_information_matches_the_fisher_approximation_at_large_n_t_only() {
        // Large N·T (N = 50, T = 200 ms: posterior SD 3° ≫ the 1° spacing, ≪ 180°): Monte Carlo and
        // Brunel & Nadal's I_F agree within 0.1 bit (of ≈ 3.8), 2000 trials.
        let sim = run(&[("T_ms", 200.0), ("r_0", 0.0)], 2, 2000.0);
        let (mi, fi) = (m(&sim, "mi_bits"), m(&sim, "mi_fisher_bits"));
        assert!((mi - fi).abs() < 0.1 && fi > 3.5, "MC {mi} vs Fisher {fi}");
        // Small N·T (N = 3, T = 10 ms, J ≈ 0.2): I_F is negative (−0.51 bit), the true information is
        // small but positive (measured 0.145) and below H(θ) = log₂K; they differ by more than 0.5 bit.
        let sim = run(&[("N", 3.0), ("T_ms", 10.0), ("r_0", 0.0)], 3, 2000.0);
        let (mi, fi, h) = (
            m(&sim, "mi_bits"),
            m(&sim, "mi_fisher_bits"),
            m(&sim, "h_bits"),
        );
        assert!(
            fi < 0.0 && mi > 0.0 && mi < h && mi - fi > 0.5,
            "MC {mi} vs Fisher {fi}"
        );
    }

    #[test]
    fn poisson_counts_have_the_right_mean_and_variance() {
        // Both branches of the sampler: mean and variance of 20 000 draws within 3 % of λ.
        let mut r = rng::seeded(7);
        for lam in [0.3, 4.0, 12.0, 150.0] {
            let xs: Vec<f64> = (0..20_000).map(|_| poisson(&mut r, lam)).collect();
            let mean = xs.iter().sum::<f64>() / xs.len() as f64;
            let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / xs.len() as f64;
            assert!(
                testkit::rel(mean, lam) < 0.03 && testkit::rel(var, lam) < 0.03,
                "λ = {lam}: {mean}, {var}"
            );
        }
    }
}
