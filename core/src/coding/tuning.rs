//! A population code for orientation, read out by the population vector.
//!
//! N neurons with preferred orientations θ_i = i·180°/N spread evenly over the half circle, and von
//! Mises tuning curves of period 180° (orientation, not direction: a bar at θ and at θ + 180° is the
//! same stimulus):
//!   f_i(θ) = r_0 + r_max exp(κ (cos 2(θ − θ_i) − 1))      (Hz; peak r_0 + r_max at θ = θ_i)
//! (Dayan & Abbott §3.3; von Mises tuning as in Swindale 1998, Biol. Cybern. 78:45). In each trial
//! the stimulus θ_s is shown for a counting window T and each neuron fires as an independent
//! Poisson process at f_i(θ_s); its count n_i is Poisson with mean f_i(θ_s) T.
//!
//! Decoding: the population vector (Georgopoulos, Schwartz & Kettner 1986, Science 233:1416;
//! Dayan & Abbott §3.3) with doubled angles because orientation has period π:
//!   V = Σ_i n_i e^{2iθ_i},   θ̂ = ½ arg V   (in [0°, 180°); θ̂ = 0 if no neuron fired).
//! The error θ̂ − θ_s is wrapped to (−90°, 90°]; `pv_error_deg` is its root mean square over the
//! trials completed in the recording.
//!
//! Closed forms (large N, derived here; φ = 2(θ_i − θ_s), T in s, I_n the modified Bessel
//! functions). With evenly spread preferences, sums over neurons are N times circular means:
//!   ⟨V⟩ = N T A₁ (along θ_s), A₁ = (1/2π)∫ f cos φ dφ = r_max e^{−κ} I₁(κ);
//!   Var V_⊥ = N T B (the component across θ_s), B = (1/2π)∫ f sin²φ dφ = r_0/2 + r_max e^{−κ} I₁(κ)/κ.
//! To first order (delta method) the doubled-angle error is V_⊥/⟨V⟩, so
//!   σ_PV² = B / (4 N T A₁²)                            → `pv_error_theory_deg`, ∝ 1/√N.
//! This first-order result needs many spikes per trial: with the defaults (κ = 2, r_max = 50 Hz,
//! r_0 = 5 Hz, T = 100 ms) the simulated error is within 1 % of it for N ≥ 50, but 6 % above at
//! N = 16 and 14 % above at N = 8, where ⟨V⟩ is no longer large against its fluctuations.
//! Fisher information of independent Poisson counts (Dayan & Abbott §3.3):
//! I_F = T Σ_i f_i'(θ_s)²/f_i(θ_s) = N T ⟨f'²/f⟩, the mean over φ computed by
//! the trapezoid rule (exponentially accurate for this periodic integrand), and the Cramér–Rao
//! bound for unbiased estimators is σ_CR = 1/√I_F (Cramér–Rao; Dayan & Abbott §3.3)
//! → `cr_bound_deg`.
//! With r_0 = 0 the two coincide, σ² = 1/(4 κ N T r_max e^{−κ} I₁(κ)): for von Mises tuning,
//! Poisson counts and dense, even preferences the log-likelihood is κ Re(e^{−2iθ} V) + const, so
//! the population vector is the maximum-likelihood estimate and is efficient (Seung & Sompolinsky
//! 1993, PNAS 90:10749). A baseline r_0 > 0 adds noise without information and makes it
//! suboptimal. Both overlays of the sweep scale as 1/√N.
//!
//! Time: a step is a 10 ms tick in which the spikes of all neurons are generated (exactly, from
//! exponential intervals; the raster shows the population, neurons ordered by preference); a
//! trial ends every T (rounded to whole ticks) and is decoded, so the widget runs trials live.
//! Stimuli are fixed at θ_s or drawn uniformly on [0°, 180°) per trial with the seed.

use crate::math::{atan2, cos, exp, sin, sqrt, PI};
use crate::model::*;
use crate::params::Params;
use crate::record::Recording;
use crate::rng::{self, Rng};

const TICK_MS: f64 = 10.0;
/// Completed trials remembered for the measures and the estimates plot.
const MEMORY: usize = 20_000;
/// Trials drawn in the estimates scatter (the most recent).
const SCATTER_TRIALS: usize = 300;

pub static SPEC: ModelSpec = ModelSpec {
    id: "tuning",
    title: "Population coding of orientation",
    lecture: 1,
    summary: "Broadly tuned neurons with Poisson variability jointly encode an orientation; the population \
              vector reads it out, and its error shrinks like 1/√N.",
    params: &[
        ParamSpec::int("N", "N", 4.0, 1000.0, 50.0).help("number of neurons, preferences evenly spread over 180°").restart(),
        ParamSpec::real("r_max", r"r_{\max}", "Hz", 1.0, 200.0, 50.0, 0.5).help("peak rate above the baseline"),
        ParamSpec::real("r_0", "r_0", "Hz", 0.0, 50.0, 5.0, 0.1).help("baseline rate, carries no information"),
        ParamSpec::real("kappa", r"\kappa", "", 0.1, 10.0, 2.0, 0.01)
            .help("concentration of the von Mises tuning: larger κ, narrower tuning curves"),
        ParamSpec::real("T", "T", "ms", 10.0, 1000.0, 100.0, 10.0)
            .help("counting window of one trial (whole 10 ms ticks)"),
        ParamSpec::real("theta_s", r"\theta_s", "°", 0.0, 180.0, 90.0, 0.5).help("stimulus orientation (when stimulus = fixed)"),
        ParamSpec::choice("stimulus", "stimulus", &["fixed", "random"], 0)
            .help("the same orientation θ_s every trial, or a new uniformly random one per trial"),
    ],
    presets: &[
        PresetSpec {
            name: "fixed_stimulus",
            description: "50 neurons, a 90° bar, 100 ms per trial: each trial's counts scatter around the tuning \
                          profile, and the decoded orientation jitters around 90° with an RMS error of about 3.3°.",
            values: &[],
        },
        PresetSpec {
            name: "random_stimuli",
            description: "A new orientation every trial: the estimates line up on the diagonal of the estimates \
                          plot, with the same spread at every orientation (the code is rotation invariant).",
            values: &[("stimulus", 1.0)],
        },
        PresetSpec {
            name: "few_neurons",
            description: "Only 8 neurons: the error grows to about 9.5°, beyond the first-order prediction \
                          √(50/8) × 3.3° = 8.4°, which assumes many spikes; single trials hardly outline the profile.",
            values: &[("N", 8.0)],
        },
        PresetSpec {
            name: "no_baseline",
            description: "r_0 = 0: the population vector is now the maximum-likelihood decoder and reaches the \
                          Cramér–Rao bound — its error equals 1/√(Fisher information).",
            values: &[("r_0", 0.0)],
        },
    ],
    traces: &[
        TraceSpec::new("theta_s", "stimulus orientation of the last trial", "°", 1e3),
        TraceSpec::new("theta_hat", "decoded orientation of the last trial", "°", 1e3),
        TraceSpec::new("error_deg", "decoding error of the last trial", "°", 1e3),
    ],
    measures: &[
        MeasureSpec::new("pv_error_deg", "RMS error of the population vector over the trials", "°"),
        MeasureSpec::new("mean_count", "mean spike count per neuron per trial", ""),
        MeasureSpec::new("theta_hat_deg", "decoded orientation, last trial", "°"),
        MeasureSpec::new("pv_error_theory_deg", "predicted RMS error, first order: √(B/(4NTA₁²))", "°"),
        MeasureSpec::new("cr_bound_deg", "Cramér–Rao bound 1/√I_F", "°"),
    ],
    plots: &[
        PlotSpec {
            id: "tuning",
            title: "Tuning curves of four neurons, and the stimulus",
            kind: PlotKind::Profile { errors: &[], x: Range::Auto,
                curves: &["pref_0", "pref_45", "pref_90", "pref_135", "stimulus"],
                x_label: "orientation θ (°)",
                y_label: "rate (Hz)",
                y: Range::Auto,
            },
        },
        PlotSpec { id: "raster", title: "Spikes, neurons ordered by preferred orientation", kind: PlotKind::Raster { rows: 50 } },
        PlotSpec {
            id: "response",
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
            id: "decoding",
            title: "Stimulus and population-vector estimate, trial by trial",
            kind: PlotKind::TimeSeries { traces: &["theta_s", "theta_hat"], y_label: "orientation (°)", y: Range::Fixed(0.0, 180.0) },
        },
        PlotSpec {
            id: "estimates",
            title: "Estimates against the true orientation (recent trials)",
            kind: PlotKind::Scatter {
                points: "estimates",
                x_label: "stimulus θ_s (°)",
                y_label: "estimate θ̂ (°)",
                x: Range::Fixed(0.0, 180.0),
                y: Range::Fixed(0.0, 180.0),
            },
        },
        PlotSpec {
            id: "error_n",
            title: "Decoding error against the number of neurons",
            kind: PlotKind::Sweep {
                seeds: 1,
                y: Range::Auto,
                param: "N",
                measure: "pv_error_deg",
                // 17 values 16, 40, ..., 400: spacing 384/16 = 24, exact integers (s = i/16 is dyadic).
                from: 16.0,
                to: 400.0,
                steps: 17,
                settle_ms: 0.0,
                duration_ms: 30_000.0,
                overlays: &["one_over_sqrt_n", "cramer_rao"],
            },
        },
    ],
    window_ms: 5000.0,
    sample_ms: TICK_MS,
    default_duration_ms: 10_000.0,
    stochastic: true,
    clock: Clock::Time,
    offload: false,
};

pub static ENTRY: ModelEntry = ModelEntry { spec: &SPEC, build };

fn build(p: &Params, seed: u64) -> Box<dyn Model> {
    let c = Consts::from(p);
    let n = c.n;
    let pref: Vec<f64> = (0..n).map(|i| PI * i as f64 / n as f64).collect();
    let mut m = Tuning {
        t: 0.0,
        cos2: pref.iter().map(|&th| cos(2.0 * th)).collect(),
        sin2: pref.iter().map(|&th| sin(2.0 * th)).collect(),
        pref,
        rate: vec![0.0; n],
        next: vec![f64::INFINITY; n],
        counts: vec![0.0; n],
        last_counts: vec![0.0; n],
        ticks: 0,
        theta_s: c.theta_s,
        last: None,
        trials: Vec::with_capacity(MEMORY),
        head: 0,
        rng: rng::seeded(seed),
        p: c,
    };
    m.start_trial();
    Box::new(m)
}

struct Consts {
    n: usize,
    r_max: f64,
    r_0: f64,
    kappa: f64,
    /// Counting window, ms, and the same in ticks.
    t_win: f64,
    ticks: u64,
    /// Fixed stimulus, rad.
    theta_s: f64,
    random: bool,
}

impl Consts {
    fn from(p: &Params) -> Self {
        let ticks = ((p.get("T") / TICK_MS).round() as u64).max(1);
        Consts {
            n: p.get("N") as usize,
            r_max: p.get("r_max"),
            r_0: p.get("r_0"),
            kappa: p.get("kappa"),
            t_win: ticks as f64 * TICK_MS,
            ticks,
            theta_s: p.get("theta_s").to_radians() % PI,
            random: p.choice("stimulus") == 1,
        }
    }

    /// Tuning curve at orientation difference d = θ − θ_i (rad), Hz.
    fn f(&self, d: f64) -> f64 {
        self.r_0 + self.r_max * exp(self.kappa * (cos(2.0 * d) - 1.0))
    }

    /// Predicted RMS error of the population vector, rad, for `n` neurons (module comment).
    fn pv_error(&self, n: f64) -> f64 {
        let k = self.kappa;
        let i1 = bessel_i(1, k);
        let a1 = self.r_max * exp(-k) * i1;
        let b = 0.5 * self.r_0 + self.r_max * exp(-k) * i1 / k;
        sqrt(b / (4.0 * n * self.t_win * 1e-3 * a1 * a1))
    }

    /// The Cramér–Rao bound 1/√I_F, rad, for `n` neurons: I_F = n T ⟨f'²/f⟩ over the preference
    /// offset, by the trapezoid rule on 512 points of the period.
    fn cr_bound(&self, n: f64) -> f64 {
        let m = 512;
        let mut mean = 0.0;
        for j in 0..m {
            let d = PI * j as f64 / m as f64;
            let g = self.r_max * exp(self.kappa * (cos(2.0 * d) - 1.0));
            let fp = -2.0 * self.kappa * sin(2.0 * d) * g;
            mean += fp * fp / (self.r_0 + g) / m as f64;
        }
        1.0 / sqrt(n * self.t_win * 1e-3 * mean)
    }
}

/// Modified Bessel function of the first kind I_n(x) for x ≥ 0, by its power series
/// Σ_k (x/2)^{2k+n} / (k! (k+n)!) (Abramowitz & Stegun 9.6.10), summed until the terms no longer
/// change the sum: all terms are positive, so there is no cancellation.
pub fn bessel_i(n: u32, x: f64) -> f64 {
    let h = 0.5 * x;
    let mut term = 1.0;
    for j in 1..=n {
        term *= h / j as f64;
    }
    let mut sum = term;
    let mut k = 1.0;
    loop {
        term *= h * h / (k * (k + n as f64));
        let next = sum + term;
        if next == sum {
            return sum;
        }
        sum = next;
        k += 1.0;
    }
}

/// Wraps an orientation difference (rad) to (−π/2, π/2].
fn wrap_half(d: f64) -> f64 {
    let mut e = d.rem_euclid(PI);
    if e > 0.5 * PI {
        e -= PI;
    }
    e
}

#[derive(Clone, Copy)]
struct Trial {
    t_end: f64,
    theta_s: f64,
    theta_hat: f64,
    error: f64,
    total: f64,
}

struct Tuning {
    t: f64,
    pref: Vec<f64>,
    cos2: Vec<f64>,
    sin2: Vec<f64>,
    /// Rates during the present trial, per ms.
    rate: Vec<f64>,
    /// Each neuron's next spike, ms.
    next: Vec<f64>,
    counts: Vec<f64>,
    last_counts: Vec<f64>,
    /// Ticks done in the present trial.
    ticks: u64,
    theta_s: f64,
    last: Option<Trial>,
    /// Ring buffer of completed trials (oldest at `head` once full).
    trials: Vec<Trial>,
    head: usize,
    rng: Rng,
    p: Consts,
}

impl Tuning {
    /// A new trial: its stimulus, the rates, and each neuron's first spike (exponential intervals
    /// are memoryless, so drawing from the trial's start is exact).
    fn start_trial(&mut self) {
        self.theta_s = if self.p.random {
            PI * rng::uniform(&mut self.rng)
        } else {
            self.p.theta_s
        };
        self.ticks = 0;
        self.counts.iter_mut().for_each(|x| *x = 0.0);
        self.redraw();
    }

    fn redraw(&mut self) {
        for i in 0..self.p.n {
            let r = self.p.f(self.theta_s - self.pref[i]) * 1e-3;
            self.rate[i] = r;
            self.next[i] = if r > 0.0 {
                self.t + rng::exponential(&mut self.rng, 1.0 / r)
            } else {
                f64::INFINITY
            };
        }
    }

    fn end_trial(&mut self) {
        let (mut vx, mut vy, mut total) = (0.0, 0.0, 0.0);
        for i in 0..self.p.n {
            vx += self.counts[i] * self.cos2[i];
            vy += self.counts[i] * self.sin2[i];
            total += self.counts[i];
        }
        let theta_hat = (0.5 * atan2(vy, vx)).rem_euclid(PI);
        let trial = Trial {
            t_end: self.t,
            theta_s: self.theta_s,
            theta_hat,
            error: wrap_half(theta_hat - self.theta_s),
            total,
        };
        if self.trials.len() < MEMORY {
            self.trials.push(trial);
        } else {
            self.trials[self.head] = trial;
            self.head = (self.head + 1) % MEMORY;
        }
        self.last = Some(trial);
        self.last_counts.copy_from_slice(&self.counts);
    }

    /// Completed trials, oldest first.
    fn history(&self) -> impl Iterator<Item = &Trial> {
        self.trials[self.head..]
            .iter()
            .chain(&self.trials[..self.head])
    }
}

impl Model for Tuning {
    fn time_ms(&self) -> f64 {
        self.t
    }

    fn step(&mut self, spikes: &mut Vec<Spike>) {
        let t1 = self.t + TICK_MS;
        let first = spikes.len();
        for i in 0..self.p.n {
            while self.next[i] < t1 {
                spikes.push(Spike {
                    t_ms: self.next[i],
                    neuron: i as u32,
                });
                self.counts[i] += 1.0;
                self.next[i] += rng::exponential(&mut self.rng, 1.0 / self.rate[i]);
            }
        }
        spikes[first..].sort_unstable_by(|a, b| a.t_ms.total_cmp(&b.t_ms));
        self.t = t1;
        self.ticks += 1;
        if self.ticks >= self.p.ticks {
            self.end_trial();
            self.start_trial();
        }
    }

    fn sample(&self, out: &mut [f64]) {
        match self.last {
            Some(tr) => {
                out[0] = tr.theta_s.to_degrees();
                out[1] = tr.theta_hat.to_degrees();
                out[2] = tr.error.to_degrees();
            }
            None => {
                out[0] = self.theta_s.to_degrees();
                out[1] = self.theta_s.to_degrees();
                out[2] = 0.0;
            }
        }
    }

    fn set_params(&mut self, p: &Params) {
        self.p = Consts::from(p);
        // The running trial goes on with the new tuning (and stimulus, if fixed); a shorter
        // window may end it at the next tick.
        if !self.p.random {
            self.theta_s = self.p.theta_s;
        }
        self.redraw();
    }

    fn measure(&self, name: &str, rec: &Recording) -> Option<f64> {
        let c = &self.p;
        let in_rec = || self.history().filter(|tr| tr.t_end > rec.t_begin + 1e-9);
        match name {
            "pv_error_deg" => {
                let (n, s2) =
                    in_rec().fold((0usize, 0.0), |(n, s), tr| (n + 1, s + tr.error * tr.error));
                (n > 0).then(|| sqrt(s2 / n as f64).to_degrees())
            }
            "mean_count" => {
                let (n, tot) = in_rec().fold((0usize, 0.0), |(n, s), tr| (n + 1, s + tr.total));
                (n > 0).then(|| tot / (n * c.n) as f64)
            }
            "theta_hat_deg" => self.last.map(|tr| tr.theta_hat.to_degrees()),
            "pv_error_theory_deg" => Some(c.pv_error(c.n as f64).to_degrees()),
            "cr_bound_deg" => Some(c.cr_bound(c.n as f64).to_degrees()),
            _ => None,
        }
    }

    fn overlay(&self, name: &str, x: f64) -> Option<f64> {
        match name {
            "one_over_sqrt_n" => Some(self.p.pv_error(x).to_degrees()),
            "cramer_rao" => Some(self.p.cr_bound(x).to_degrees()),
            _ => None,
        }
    }

    fn profile(&self, name: &str, out: &mut Vec<(f64, f64)>) {
        out.clear();
        let c = &self.p;
        let curve = |pref_deg: f64, out: &mut Vec<(f64, f64)>| {
            for j in 0..=180 {
                let th = j as f64;
                out.push((th, c.f((th - pref_deg).to_radians())));
            }
        };
        match name {
            "pref_0" => curve(0.0, out),
            "pref_45" => curve(45.0, out),
            "pref_90" => curve(90.0, out),
            "pref_135" => curve(135.0, out),
            "stimulus" => {
                let th = self.theta_s.to_degrees();
                out.push((th, 0.0));
                out.push((th, c.r_0 + c.r_max));
            }
            "counts" if self.last.is_some() => {
                out.extend(
                    self.pref
                        .iter()
                        .zip(&self.last_counts)
                        .map(|(&p, &n)| (p.to_degrees(), n)),
                );
            }
            "estimates" => {
                let n = self.trials.len();
                out.extend(
                    self.history()
                        .skip(n.saturating_sub(SCATTER_TRIALS))
                        .map(|tr| (tr.theta_s.to_degrees(), tr.theta_hat.to_degrees())),
                );
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run::{sweep_values, Simulation};
    use crate::testkit;

    fn params(set: &[(&str, f64)]) -> Params {
        testkit::params(&ENTRY, None, set)
    }

    fn run(p: Params, seed: u64, ms: f64) -> Simulation {
        testkit::run(&ENTRY, p, seed, ms)
    }

    fn m(sim: &Simulation, name: &str) -> f64 {
        sim.measure(name)
            .unwrap_or_else(|| panic!("{name} undefined"))
    }

    #[test]
    fn population_vector_error_shrinks_like_one_over_root_n() {
        // Quadrupling N halves the RMS error (module comment: σ_PV² = B/(4NTA₁²)). 10 000 trials per
        // size: the RMS of ~Gaussian errors has relative SE 1/√(2·10⁴) = 0.7 %, the ratio 1 %;
        // tolerance 5 % on the ratio. Against the closed form (3.342° and 1.671°) within 3 %: the
        // delta method neglects terms of relative order σ² (measured +0.8 % at N = 50, −0.3 % at 200).
        // θ_s = 37° lies between preferred orientations.
        let mut e = Vec::new();
        for n in [50.0, 200.0] {
            let sim = run(params(&[("N", n), ("theta_s", 37.0)]), 1, 1_000_000.0);
            let (got, theory) = (m(&sim, "pv_error_deg"), m(&sim, "pv_error_theory_deg"));
            assert!(
                (got / theory - 1.0).abs() < 0.03,
                "N = {n}: {got}° vs {theory}°"
            );
            e.push(got);
        }
        assert!(
            (e[0] / e[1] / 2.0 - 1.0).abs() < 0.05,
            "error ratio {}",
            e[0] / e[1]
        );
        // The overlays are exactly ∝ 1/√N.
        let sim = run(params(&[]), 1, 10.0);
        for name in ["one_over_sqrt_n", "cramer_rao"] {
            let (a, b) = (
                sim.model().overlay(name, 25.0).unwrap(),
                sim.model().overlay(name, 100.0).unwrap(),
            );
            assert!((a / b - 2.0).abs() < 1e-12, "{name}");
        }
    }

    #[test]
    fn without_baseline_the_population_vector_reaches_the_cramer_rao_bound() {
        // r_0 = 0: both closed forms equal 1/√(4κNT r_max e^{−κ} I₁(κ)) = 2.761° (module comment),
        // the trapezoid rule for the Fisher information agreeing with the Bessel form to 1e-12.
        // The simulated RMS error (10 000 trials, SE 0.7 %) is within 3 % of it (measured +1.2 %).
        let sim = run(params(&[("r_0", 0.0)]), 2, 1_000_000.0);
        let (pv, cr) = (m(&sim, "pv_error_theory_deg"), m(&sim, "cr_bound_deg"));
        let exact =
            1.0 / (4.0 * 2.0 * 50.0 * 0.1 * 50.0 * (-2.0f64).exp() * bessel_i(1, 2.0)).sqrt();
        assert!(
            (pv / exact.to_degrees() - 1.0).abs() < 1e-12 && (cr / pv - 1.0).abs() < 1e-12,
            "{pv} {cr}"
        );
        let got = m(&sim, "pv_error_deg");
        assert!((got / cr - 1.0).abs() < 0.03, "{got}° vs bound {cr}°");
        // With a baseline the population vector is no longer efficient: r_0 = 20 Hz puts its
        // error 14.5 % above the bound (4.668° against 4.076°), and the simulation agrees.
        let sim = run(params(&[("r_0", 20.0)]), 3, 1_000_000.0);
        let (pv, cr, got) = (
            m(&sim, "pv_error_theory_deg"),
            m(&sim, "cr_bound_deg"),
            m(&sim, "pv_error_deg"),
        );
        assert!(pv > 1.14 * cr, "{pv} vs {cr}");
        assert!(
            (got / pv - 1.0).abs() < 0.03 && got > 1.1 * cr,
            "{got}° (theory {pv}°, bound {cr}°)"
        );
    }

    #[test]
    fn random_stimuli_are_decoded_without_bias_and_with_the_same_error() {
        // Evenly spread preferences make the code rotation invariant: with θ_s uniform the mean
        // error is 0 (SE σ/√M = 0.034°, tolerance 0.15°) and the RMS error the same closed form.
        let sim = run(params(&[("stimulus", 1.0)]), 4, 1_000_000.0);
        let model = sim.model();
        let mut pts = Vec::new();
        model.profile("estimates", &mut pts);
        assert_eq!(pts.len(), SCATTER_TRIALS);
        assert!(
            pts.iter().any(|p| p.0 < 45.0) && pts.iter().any(|p| p.0 > 135.0),
            "stimuli spread over 180°"
        );
        // The error trace holds each trial's error for its 10 ticks: one sample per trial.
        let errors: Vec<f64> = sim.rec.traces[2]
            .iter()
            .copied()
            .skip(10)
            .step_by(10)
            .collect();
        let mean = errors.iter().sum::<f64>() / errors.len() as f64;
        assert!(mean.abs() < 0.15, "bias {mean}°");
        let (got, theory) = (m(&sim, "pv_error_deg"), m(&sim, "pv_error_theory_deg"));
        assert!((got / theory - 1.0).abs() < 0.03, "{got}° vs {theory}°");
    }

    #[test]
    fn counts_follow_the_tuning_curves() {
        // Mean count per neuron and trial: T (1/N) Σ_i f_i(θ_s) = T (r_0 + r_max e^{−κ} I₀(κ)) for
        // evenly spread preferences = 0.1 s × 20.425 Hz = 2.0425; over 10 000 trials × 50 neurons
        // the SE is 0.1 %, tolerance 0.5 %.
        let sim = run(params(&[]), 5, 1_000_000.0);
        let want = 0.1 * (5.0 + 50.0 * (-2.0f64).exp() * bessel_i(0, 2.0));
        assert!((m(&sim, "mean_count") / want - 1.0).abs() < 0.005);
        // Each trial's counts are the spikes of that trial: the last 100 ms of spikes, per neuron.
        let mut counts = Vec::new();
        sim.model().profile("counts", &mut counts);
        assert_eq!(counts.len(), 50);
        let t_end = sim.time_ms();
        for (i, (pref, n)) in counts.iter().enumerate() {
            assert!((pref - 3.6 * i as f64).abs() < 1e-9);
            let k = sim
                .rec
                .spikes
                .iter()
                .filter(|s| s.neuron as usize == i && s.t_ms >= t_end - 100.0)
                .count();
            assert_eq!(*n, k as f64, "neuron {i}");
        }
        // One trial per T: 10 000 trials decoded, the trace holding the last one's estimate.
        assert_eq!(
            sim.measure("theta_hat_deg"),
            sim.rec.traces[1].last().copied()
        );
    }

    #[test]
    fn bessel_functions_and_the_circular_means() {
        // Reference values from mpmath (besseli at 30 digits).
        for (n, x, want) in [
            (0, 1.0, 1.266_065_877_752_008_4),
            (1, 1.0, 0.565_159_103_992_485),
            (0, 2.0, 2.279_585_302_336_067_3),
            (1, 2.0, 1.590_636_854_637_329),
            (1, 10.0, 2_670.988_303_701_255),
        ] {
            let got = bessel_i(n, x);
            assert!((got / want - 1.0).abs() < 1e-14, "I_{n}({x}) = {got}");
        }
        // A₁ and B of the module comment against the sums over 1000 evenly spread neurons.
        let c = Consts::from(&params(&[]));
        let n = 1000;
        let (mut a1, mut b) = (0.0, 0.0);
        for i in 0..n {
            let phi = 2.0 * PI * i as f64 / n as f64;
            let f = c.f(phi / 2.0);
            a1 += f * phi.cos() / n as f64;
            b += f * phi.sin().powi(2) / n as f64;
        }
        let e = (-2.0f64).exp();
        assert!((a1 - 50.0 * e * bessel_i(1, 2.0)).abs() < 1e-10);
        assert!((b - (2.5 + 50.0 * e * bessel_i(1, 2.0) / 2.0)).abs() < 1e-10);
    }

    #[test]
    fn declared_sweep_runs_on_whole_neuron_counts() {
        // Integer parameters must be swept on integers (Sweep::new refuses 40.000000000000004).
        let Some(PlotKind::Sweep {
            seeds: 1,
            y: Range::Auto,
            from,
            to,
            steps,
            ..
        }) = SPEC
            .plots
            .iter()
            .map(|p| p.kind)
            .find(|k| matches!(k, PlotKind::Sweep { .. }))
        else {
            panic!("no sweep");
        };
        let values = sweep_values(from, to, steps, SPEC.param("N").unwrap().1.scale);
        assert!(values.iter().all(|v| v.fract() == 0.0), "{values:?}");
        let mut sw = crate::sweep::Sweep::new(
            &ENTRY,
            &params(&[]),
            1,
            "N",
            values[..3].to_vec(),
            "pv_error_deg",
            0.0,
            2000.0,
        )
        .unwrap();
        sw.run().unwrap();
        assert!(sw.points.iter().all(|p| p.1.is_some()));
    }
}
