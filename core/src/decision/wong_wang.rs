//! The reduced two-variable attractor model of decision making (Wong & Wang 2006).
//!
//! Two populations, selective for the two choices, each summarised by the gating variable S_i of
//! its NMDA synapses (Wong & Wang 2006, J. Neurosci. 26:1314, eqs. 4–7 of the reduced model):
//!   dS_i/dt = −S_i/τ_S + (1 − S_i) γ H(x_i),
//!   x_1 = J_N,11 S_1 − J_N,12 S_2 + I_0 + I_1 + I_noise,1   (and 1 ↔ 2),
//!   H(x) = (a x − b)/(1 − exp(−d (a x − b))),   r_i = H(x_i)  (Hz),
//! with a = 270 Hz/nA, b = 108 Hz, d = 0.154 s, τ_S = 100 ms, γ = 0.641, J_N,11 = 0.2609 nA,
//! J_N,12 = 0.0497 nA, I_0 = 0.3255 nA. The stimulus is I_{1,2} = J_A,ext μ_0 (1 ± c'/100), with
//! J_A,ext = 5.2·10⁻⁴ nA/Hz, μ_0 = 30 Hz and c' the motion coherence in %; c' ≥ 0 favours
//! population 1, so choice 1 is correct. Each noise current is an Ornstein–Uhlenbeck process,
//!   τ_AMPA dI_noise/dt = −I_noise + η(t) √(τ_AMPA σ²),   τ_AMPA = 2 ms, σ = 0.02 nA,
//! η Gaussian white noise: stationary standard deviation σ/√2, updated here by its exact
//! discretisation (any dt is stable). S is advanced by forward Euler (dt ≪ τ_S). These values
//! are those of the paper's reduced model, as used by public re-implementations; the decision is
//! the first crossing of a rate threshold of 15 Hz (Wong & Wang 2006).
//!
//! Rates used for the decision and shown as traces are the instantaneous r_i smoothed by an
//! exponential filter of 10 ms (our choice: the unsmoothed rate follows the 2-ms noise and would
//! cross the threshold on a noise peak).
//!
//! **Trials in a time clock.** The model runs trials back to back. A trial starts at the
//! spontaneous state (the symmetric fixed point without stimulus), with the stimulus on; it ends
//! `hold_ms` after the decision (so that the winner's climb to its attractor shows), or undecided
//! after `max_ms`. Then S_1 and S_2 are reset and the next trial begins. `accuracy` is the fraction
//! of decided trials won by population 1 and `decision_time_ms` their mean decision time, over the
//! trials that ended within the recording (a sweep's measured part).
//!
//! **Winner-take-all.** Without noise and with c' = 0, the symmetric state S_1 = S_2 = S* solves
//! S* = γτ_S H/(1 + γτ_S H) with x = (J_N,11 − J_N,12) S* + I_0 + J_A,ext μ_0. The Jacobian there is
//! [[A, B], [B, A]] with A = −1/τ_S − γH + (1 − S*) γ H′ J_N,11, B = −(1 − S*) γ H′ J_N,12; its
//! eigenvalues are A + B along the diagonal and A − B across it. With the stimulus on,
//! A − B > 0 > A + B: the symmetric state is a saddle, whose unstable direction is the difference
//! S_1 − S_2, so any small asymmetry grows until one population wins.

use crate::math::{exp, sqrt};
use crate::model::*;
use crate::params::Params;
use crate::record::Recording;
use crate::rng::{self, Rng};

/// Completed trials remembered for the measures (the page keeps a window).
const MEMORY: usize = 10_000;
/// Decision times kept for the histogram.
const HIST: usize = 2_000;
const A_GAIN: f64 = 270.0; // Hz/nA
const B_SHIFT: f64 = 108.0; // Hz
const D_CURV: f64 = 0.154; // s
const GAMMA: f64 = 0.641;
const TAU_S: f64 = 100.0; // ms
const TAU_AMPA: f64 = 2.0; // ms
const J_EXT: f64 = 5.2e-4; // nA/Hz
/// Smoothing of the rates read out for the decision, ms.
const TAU_R: f64 = 10.0;

pub static SPEC: ModelSpec = ModelSpec {
    id: "wong_wang",
    title: "Wong–Wang: a two-variable attractor network that decides",
    lecture: 11,
    summary: "Two populations with slow NMDA recurrence and mutual inhibition: the stimulus destabilises the \
              symmetric state and one population wins. Trials back to back give psychometric and chronometric curves.",
    params: &[
        ParamSpec::real("coherence", "c'", "%", 0.0, 100.0, 12.8, 0.1).help("motion coherence: stimulus I₁,₂ = J_ext μ₀ (1 ± c'/100); population 1 is correct"),
        ParamSpec::real("mu0", r"\mu_0", "Hz", 0.0, 80.0, 30.0, 0.5).help("stimulus strength (input rate of the motion signal)"),
        ParamSpec::real("sigma", r"\sigma_{\mathrm{noise}}", "nA", 0.0, 0.06, 0.02, 0.001).help("noise amplitude (stationary s.d. σ/√2)"),
        ParamSpec::real("J11", r"J_{N,11}", "nA", 0.1, 0.4, 0.2609, 0.0001).help("recurrent excitation within a population"),
        ParamSpec::real("J12", r"J_{N,12}", "nA", 0.0, 0.2, 0.0497, 0.0001).help("effective inhibition between the populations"),
        ParamSpec::real("I0", r"I_0", "nA", 0.2, 0.45, 0.3255, 0.0001).help("background input"),
        ParamSpec::real("threshold", r"\theta_r", "Hz", 5.0, 40.0, 15.0, 0.5).help("rate at which a decision is taken"),
        ParamSpec::real("hold_ms", r"T_{\mathrm{hold}}", "ms", 0.0, 2000.0, 300.0, 10.0).help("time the trial continues after the decision"),
        ParamSpec::real("max_ms", r"T_{\max}", "ms", 500.0, 10000.0, 4000.0, 100.0).help("a trial without decision ends after this time"),
        ParamSpec::real("dt", r"\Delta t", "ms", 0.05, 2.0, 0.5, 0.01).log().help("integration time step"),
    ],
    presets: &[
        PresetSpec {
            name: "trial",
            description: "Coherence 12.8 %: trials back to back. The rates ramp up slowly together, then one population \
                          takes off and crosses 15 Hz: the decision. Population 1 wins most, not all, trials.",
            values: &[],
        },
        PresetSpec {
            name: "zero_coherence",
            description: "No net motion: each population wins about half of the trials, and decisions take longest.",
            values: &[("coherence", 0.0)],
        },
        PresetSpec {
            name: "easy",
            description: "Coherence 51.2 %: population 1 wins almost every trial, in a few hundred ms.",
            values: &[("coherence", 51.2)],
        },
        PresetSpec {
            name: "noiseless",
            description: "No noise, coherence 3.2 %: every trial is the same, the trajectory passes near the saddle \
                          on the diagonal and turns to the attractor of population 1.",
            values: &[("sigma", 0.0), ("coherence", 3.2)],
        },
    ],
    traces: &[
        TraceSpec::new("S1", "NMDA gating S₁", "", 2.0),
        TraceSpec::new("S2", "NMDA gating S₂", "", 2.0),
        TraceSpec::new("r1", "rate r₁ (10-ms smoothing)", "Hz", 1e4),
        TraceSpec::new("r2", "rate r₂ (10-ms smoothing)", "Hz", 1e4),
    ],
    measures: &[
        MeasureSpec::new("accuracy", "fraction of decided trials won by population 1 (the correct one)", ""),
        MeasureSpec::new("decision_time_ms", "mean decision time of the decided trials", "ms"),
        MeasureSpec::new("trials", "trials completed in the recording", ""),
        MeasureSpec::new("undecided", "fraction of those trials without a decision", ""),
        MeasureSpec::new("lambda_diff_per_s", "eigenvalue across the diagonal at the symmetric state (c' = 0, no noise)", "1/s"),
        MeasureSpec::new("lambda_sum_per_s", "eigenvalue along the diagonal at the symmetric state (c' = 0, no noise)", "1/s"),
    ],
    plots: &[
        PlotSpec {
            id: "phase",
            title: "Phase plane (S₁, S₂): nullclines, flow with the stimulus on, trajectories of the trials",
            kind: PlotKind::PhasePlane { x: "S1", y: "S2", x_range: (0.0, 0.8), y_range: (0.0, 0.8) },
        },
        PlotSpec {
            id: "rates",
            title: "Rates of the two populations (decision at 15 Hz)",
            kind: PlotKind::TimeSeries { traces: &["r1", "r2"], y_label: "rate (Hz)", y: Range::Auto },
        },
        PlotSpec {
            id: "psychometric",
            title: "Psychometric curve: accuracy against coherence",
            kind: PlotKind::Sweep {
                param: "coherence",
                measure: "accuracy",
                from: 0.0,
                to: 51.2,
                steps: 9,
                settle_ms: 0.0,
                duration_ms: 40_000.0,
                overlays: &[],
                seeds: 4,
                y: Range::Fixed(0.4, 1.02),
            },
        },
        PlotSpec {
            id: "chronometric",
            title: "Chronometric curve: mean decision time against coherence",
            kind: PlotKind::Sweep {
                param: "coherence",
                measure: "decision_time_ms",
                from: 0.0,
                to: 51.2,
                steps: 9,
                settle_ms: 0.0,
                duration_ms: 40_000.0,
                overlays: &[],
                seeds: 4,
                y: Range::Auto,
            },
        },
        PlotSpec {
            id: "times",
            title: "Decision times of the recent trials",
            kind: PlotKind::Histogram { values: "decision_times", bins: 30, x: Range::Auto, x_label: "decision time (ms)", density: false, overlay: "" },
        },
    ],
    window_ms: 6000.0,
    sample_ms: 2.0,
    default_duration_ms: 20_000.0,
    stochastic: true,
    clock: Clock::Time,
    offload: false,
};

pub static ENTRY: ModelEntry = ModelEntry { spec: &SPEC, build };

/// H(x) in Hz for x in nA; at a x = b it takes its limit 1/d.
pub fn rate(x: f64) -> f64 {
    let u = A_GAIN * x - B_SHIFT;
    if u.abs() < 1e-9 {
        return 1.0 / D_CURV + 0.5 * u;
    }
    u / (1.0 - exp(-D_CURV * u))
}

/// dH/dx in Hz/nA (by the derivative of u/(1 − e^{−du}) with respect to u, times a).
pub fn rate_slope(x: f64) -> f64 {
    let u = A_GAIN * x - B_SHIFT;
    if u.abs() < 1e-6 {
        return A_GAIN * 0.5;
    }
    let e = exp(-D_CURV * u);
    let den = 1.0 - e;
    A_GAIN * (den - u * D_CURV * e) / (den * den)
}

/// Model constants from the parameters.
#[derive(Clone, Copy, Debug)]
pub struct Consts {
    pub j11: f64,
    pub j12: f64,
    pub i0: f64,
    /// Stimulus currents of the two populations (nA).
    pub i1: f64,
    pub i2: f64,
    pub mu0: f64,
    pub sigma: f64,
    pub threshold: f64,
    pub hold_ms: f64,
    pub max_ms: f64,
    pub dt: f64,
}

impl Consts {
    pub fn from(p: &Params) -> Self {
        let c = p.get("coherence") / 100.0;
        let mu0 = p.get("mu0");
        Consts {
            j11: p.get("J11"),
            j12: p.get("J12"),
            i0: p.get("I0"),
            i1: J_EXT * mu0 * (1.0 + c),
            i2: J_EXT * mu0 * (1.0 - c),
            mu0,
            sigma: p.get("sigma"),
            threshold: p.get("threshold"),
            hold_ms: p.get("hold_ms"),
            max_ms: p.get("max_ms"),
            dt: p.get("dt"),
        }
    }

    /// The noise-free flow (dS₁/dt, dS₂/dt) in 1/ms, with stimulus currents (i1, i2).
    pub fn flow(&self, s1: f64, s2: f64, i1: f64, i2: f64) -> (f64, f64) {
        let h1 = rate(self.j11 * s1 - self.j12 * s2 + self.i0 + i1);
        let h2 = rate(self.j11 * s2 - self.j12 * s1 + self.i0 + i2);
        (
            -s1 / TAU_S + (1.0 - s1) * GAMMA * h1 / 1000.0,
            -s2 / TAU_S + (1.0 - s2) * GAMMA * h2 / 1000.0,
        )
    }

    /// The lowest symmetric fixed point S* for a common stimulus current `i` (bisection on the
    /// diagonal from S = 0 upwards; the flow is positive at S = 0).
    pub fn symmetric_fixed_point(&self, i: f64) -> f64 {
        let g = |s: f64| self.flow(s, s, i, i).0;
        let n = 2000;
        let (mut lo, mut hi) = (0.0, 1.0);
        for k in 1..=n {
            let s = k as f64 / n as f64;
            if g(s) <= 0.0 {
                hi = s;
                lo = (k - 1) as f64 / n as f64;
                break;
            }
        }
        for _ in 0..60 {
            let mid = 0.5 * (lo + hi);
            if g(mid) > 0.0 {
                lo = mid
            } else {
                hi = mid
            }
        }
        0.5 * (lo + hi)
    }

    /// The rate at a symmetric state S without stimulus.
    pub fn rest_rate(&self, s: f64) -> f64 {
        rate((self.j11 - self.j12) * s + self.i0)
    }

    /// Eigenvalues (across, along) the diagonal at the symmetric fixed point for a common
    /// stimulus current `i`, in 1/s: A − B and A + B (see the module comment).
    pub fn symmetric_eigenvalues(&self, i: f64) -> (f64, f64, f64) {
        let s = self.symmetric_fixed_point(i);
        let x = (self.j11 - self.j12) * s + self.i0 + i;
        let (h, hp) = (rate(x) / 1000.0, rate_slope(x) / 1000.0);
        let a = -1.0 / TAU_S - GAMMA * h + (1.0 - s) * GAMMA * hp * self.j11;
        let b = -(1.0 - s) * GAMMA * hp * self.j12;
        (s, 1000.0 * (a - b), 1000.0 * (a + b))
    }
}

/// One completed trial: when it ended, the choice (0: none) and the decision time.
#[derive(Clone, Copy, Debug, Default)]
struct Trial {
    end_ms: f64,
    choice: u8,
    dt_ms: f64,
}

pub struct WongWang {
    t: f64,
    c: Consts,
    rng: Rng,
    s1: f64,
    s2: f64,
    noise1: f64,
    noise2: f64,
    r1: f64,
    r2: f64,
    /// The spontaneous state a trial starts from, and its rate.
    s_rest: f64,
    r_rest: f64,
    trial_t: f64,
    decided: Option<(u8, f64)>,
    trials: Vec<Trial>,
    n_trials: usize,
    times: Vec<f64>,
    n_times: usize,
}

fn build(p: &Params, seed: u64) -> Box<dyn Model> {
    Box::new(WongWang::new(p, seed))
}

impl WongWang {
    pub fn new(p: &Params, seed: u64) -> Self {
        let c = Consts::from(p);
        let s_rest = c.symmetric_fixed_point(0.0);
        let r_rest = c.rest_rate(s_rest);
        WongWang {
            t: 0.0,
            c,
            rng: rng::seeded(seed),
            s1: s_rest,
            s2: s_rest,
            noise1: 0.0,
            noise2: 0.0,
            r1: r_rest,
            r2: r_rest,
            s_rest,
            r_rest,
            trial_t: 0.0,
            decided: None,
            trials: vec![Trial::default(); MEMORY],
            n_trials: 0,
            times: vec![0.0; HIST],
            n_times: 0,
        }
    }

    /// Exact update of the two OU noise currents over dt (stationary s.d. σ/√2).
    fn update_noise(&mut self) {
        let decay = exp(-self.c.dt / TAU_AMPA);
        let kick = self.c.sigma * sqrt(0.5 * (1.0 - decay * decay));
        if kick > 0.0 {
            self.noise1 = self.noise1 * decay + kick * rng::normal(&mut self.rng);
            self.noise2 = self.noise2 * decay + kick * rng::normal(&mut self.rng);
        }
    }

    fn end_trial(&mut self) {
        let (choice, dt_ms) = self.decided.unwrap_or((0, 0.0));
        self.trials[self.n_trials % MEMORY] = Trial {
            end_ms: self.t,
            choice,
            dt_ms,
        };
        self.n_trials += 1;
        if choice > 0 {
            self.times[self.n_times % HIST] = dt_ms;
            self.n_times += 1;
        }
        self.s1 = self.s_rest;
        self.s2 = self.s_rest;
        // The smoothed rates restart from the spontaneous rate too (not from the last winner's).
        self.r1 = self.r_rest;
        self.r2 = self.r_rest;
        self.trial_t = 0.0;
        self.decided = None;
    }

    /// The remembered trials that ended at or after `t_begin`.
    fn recent(&self, t_begin: f64) -> impl Iterator<Item = &Trial> {
        let first = self.n_trials.saturating_sub(MEMORY);
        (first..self.n_trials)
            .map(|k| &self.trials[k % MEMORY])
            .filter(move |tr| tr.end_ms >= t_begin)
    }
}

impl Model for WongWang {
    fn time_ms(&self) -> f64 {
        self.t
    }

    fn step(&mut self, _spikes: &mut Vec<Spike>) {
        let c = self.c;
        self.update_noise();
        let x1 = c.j11 * self.s1 - c.j12 * self.s2 + c.i0 + c.i1 + self.noise1;
        let x2 = c.j11 * self.s2 - c.j12 * self.s1 + c.i0 + c.i2 + self.noise2;
        let (h1, h2) = (rate(x1), rate(x2));
        self.s1 += c.dt * (-self.s1 / TAU_S + (1.0 - self.s1) * GAMMA * h1 / 1000.0);
        self.s2 += c.dt * (-self.s2 / TAU_S + (1.0 - self.s2) * GAMMA * h2 / 1000.0);
        let k = 1.0 - exp(-c.dt / TAU_R);
        self.r1 += k * (h1 - self.r1);
        self.r2 += k * (h2 - self.r2);
        self.t += c.dt;
        self.trial_t += c.dt;
        if self.decided.is_none() && self.r1.max(self.r2) >= c.threshold {
            self.decided = Some((if self.r1 >= self.r2 { 1 } else { 2 }, self.trial_t));
        }
        let over = match self.decided {
            Some((_, at)) => self.trial_t >= at + c.hold_ms,
            None => self.trial_t >= c.max_ms,
        };
        if over {
            self.end_trial();
        }
    }

    fn sample(&self, out: &mut [f64]) {
        out[0] = self.s1;
        out[1] = self.s2;
        out[2] = self.r1;
        out[3] = self.r2;
    }

    fn set_params(&mut self, p: &Params) {
        self.c = Consts::from(p);
        self.s_rest = self.c.symmetric_fixed_point(0.0);
        self.r_rest = self.c.rest_rate(self.s_rest);
    }

    fn measure(&self, name: &str, rec: &Recording) -> Option<f64> {
        let decided = || self.recent(rec.t_begin).filter(|tr| tr.choice > 0);
        let n_decided = decided().count();
        match name {
            "accuracy" => (n_decided > 0)
                .then(|| decided().filter(|tr| tr.choice == 1).count() as f64 / n_decided as f64),
            "decision_time_ms" => (n_decided > 0)
                .then(|| decided().map(|tr| tr.dt_ms).sum::<f64>() / n_decided as f64),
            "trials" => Some(self.recent(rec.t_begin).count() as f64),
            "undecided" => {
                let n = self.recent(rec.t_begin).count();
                (n > 0).then(|| (n - n_decided) as f64 / n as f64)
            }
            "lambda_diff_per_s" => Some(self.c.symmetric_eigenvalues(J_EXT * self.c.mu0).1),
            "lambda_sum_per_s" => Some(self.c.symmetric_eigenvalues(J_EXT * self.c.mu0).2),
            _ => None,
        }
    }

    fn vector_field(&self, s1: f64, s2: f64) -> Option<(f64, f64)> {
        // Per second, noise-free, with the stimulus on (as during a trial).
        let (f1, f2) = self.c.flow(s1, s2, self.c.i1, self.c.i2);
        Some((1000.0 * f1, 1000.0 * f2))
    }

    fn profile(&self, name: &str, out: &mut Vec<(f64, f64)>) {
        out.clear();
        if name == "decision_times" {
            let n = self.n_times.min(HIST);
            out.extend((0..n).map(|k| (k as f64, self.times[k])));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{params, run};

    #[test]
    fn the_rate_function_is_continuous_at_its_kink_and_its_slope_matches_differences() {
        // H(x) = u/(1 − e^{−du}), u = a x − b: the limit at u = 0 is 1/d = 6.49 Hz.
        let x0 = B_SHIFT / A_GAIN;
        assert!((rate(x0) - 1.0 / D_CURV).abs() < 1e-9);
        assert!((rate(x0 + 1e-7) - rate(x0 - 1e-7)).abs() < 1e-3);
        for x in [0.25, 0.35, 0.4, x0 + 1e-4, 0.5] {
            let fd = (rate(x + 1e-7) - rate(x - 1e-7)) / 2e-7;
            assert!(
                (rate_slope(x) / fd - 1.0).abs() < 1e-5,
                "x {x}: {} vs {fd}",
                rate_slope(x)
            );
        }
        // Far above threshold H is linear: H ≈ a x − b.
        assert!((rate(1.0) - (A_GAIN * 1.0 - B_SHIFT)).abs() < 1e-6);
    }

    #[test]
    fn with_the_stimulus_on_the_symmetric_state_is_a_saddle() {
        // Wong & Wang 2006: stimulus on, c' = 0, the symmetric steady state is unstable along
        // S₁ − S₂ and attracting along the diagonal. The eigenvalues from the closed form are
        // checked against finite differences of the flow (1e-4 relative).
        let c = Consts::from(&params(&ENTRY, Some("zero_coherence"), &[("sigma", 0.0)]));
        let i = J_EXT * c.mu0;
        let (s, across, along) = c.symmetric_eigenvalues(i);
        let (f1, _) = c.flow(s, s, i, i);
        assert!(f1.abs() < 1e-12, "fixed point residual {f1}");
        let h = 1e-6;
        let df = |ds1: f64, ds2: f64| c.flow(s + ds1, s + ds2, i, i);
        let j11 = (df(h, 0.0).0 - df(-h, 0.0).0) / (2.0 * h);
        let j12 = (df(0.0, h).0 - df(0.0, -h).0) / (2.0 * h);
        assert!(((j11 - j12) * 1000.0 / across - 1.0).abs() < 1e-4);
        assert!(((j11 + j12) * 1000.0 / along - 1.0).abs() < 1e-4);
        assert!(
            across > 0.0 && along < 0.0,
            "across {across}/s, along {along}/s"
        );
        // Without a stimulus the spontaneous state is stable in both directions (it is where
        // trials start and where the network rests: Wong & Wang's multistable regime).
        let (_, across0, along0) = c.symmetric_eigenvalues(0.0);
        assert!(across0 < 0.0 && along0 < 0.0, "{across0} {along0}");
    }

    #[test]
    fn without_noise_a_tiny_asymmetry_grows_until_one_population_wins() {
        // The saddle's unstable direction: from S* + (ε, −ε), ε = 1e-6, S₁ wins; with −ε, S₂
        // wins; the winner ends at a rate well above threshold, the loser below 5 Hz.
        for sign in [1.0, -1.0] {
            let p = params(
                &ENTRY,
                Some("zero_coherence"),
                &[("sigma", 0.0), ("max_ms", 10_000.0)],
            );
            let mut m = WongWang::new(&p, 1);
            let i = J_EXT * m.c.mu0;
            let s = m.c.symmetric_fixed_point(i);
            m.s1 = s + sign * 1e-6;
            m.s2 = s - sign * 1e-6;
            for _ in 0..(3000.0 / m.c.dt) as usize {
                m.step(&mut Vec::new());
                if m.decided.is_some() {
                    break;
                }
            }
            let (choice, _) = m.decided.expect("a decision without noise");
            assert_eq!(choice, if sign > 0.0 { 1 } else { 2 });
        }
    }

    /// Accuracy, its binomial standard error, mean decision time and its standard error, over
    /// `ms` of trials at coherence `c`.
    fn block(c: f64, seed: u64, ms: f64) -> (f64, f64, f64, f64) {
        let sim = run(&ENTRY, params(&ENTRY, None, &[("coherence", c)]), seed, ms);
        let m = sim.model();
        let acc = sim.measure("accuracy").unwrap();
        let n = sim.measure("trials").unwrap() * (1.0 - sim.measure("undecided").unwrap());
        let dt = sim.measure("decision_time_ms").unwrap();
        let mut times = Vec::new();
        m.profile("decision_times", &mut times);
        let var = times.iter().map(|(_, y)| (y - dt) * (y - dt)).sum::<f64>()
            / (times.len() as f64 - 1.0);
        (
            acc,
            (acc * (1.0 - acc) / n).sqrt().max(0.5 / n),
            dt,
            (var / times.len() as f64).sqrt(),
        )
    }

    #[test]
    fn accuracy_rises_and_decision_time_falls_with_coherence() {
        // Wong & Wang 2006 (their psychometric and chronometric functions): over 0, 6.4, 25.6,
        // 51.2 %, accuracy rises and mean decision time falls, each step by more than twice the
        // standard error of the difference. At c' = 0, accuracy is 0.5 within 3 SE; at 51.2 %
        // it is near 1 (> 0.97) and decisions take a few hundred ms (150–600 ms).
        let pts: Vec<_> = [0.0, 6.4, 25.6, 51.2]
            .iter()
            .map(|&c| block(c, 3, 400_000.0))
            .collect();
        for w in pts.windows(2) {
            let (a0, e0, t0, s0) = w[0];
            let (a1, e1, t1, s1) = w[1];
            assert!(
                a1 - a0 > 2.0 * (e0 * e0 + e1 * e1).sqrt() || a1 > 0.99 && a0 > 0.97,
                "accuracy {a0} → {a1}"
            );
            assert!(
                t0 - t1 > 2.0 * (s0 * s0 + s1 * s1).sqrt(),
                "decision time {t0} → {t1}"
            );
        }
        let (a0, e0, _, _) = pts[0];
        assert!((a0 - 0.5).abs() < 3.0 * e0, "chance accuracy {a0} ± {e0}");
        let (a, _, t, _) = pts[3];
        assert!(
            a > 0.97 && (150.0..600.0).contains(&t),
            "c' = 51.2 %: accuracy {a}, decision time {t} ms"
        );
        eprintln!("{pts:?}");
    }
    #[test]
    fn errors_are_slower_than_correct_choices() {
        // Wong & Wang 2006 (as in the monkeys of Roitman & Shadlen 2002): at low coherence, error
        // trials take longer than correct ones, because errors come from trajectories that linger
        // near the saddle. At c' = 6.4 %, over 1000 s of trials, the mean error decision time
        // exceeds the mean correct one by more than 2 SE of the difference.
        let mut m = WongWang::new(&params(&ENTRY, None, &[("coherence", 6.4)]), 21);
        for _ in 0..(1_000_000.0 / m.c.dt) as usize {
            m.step(&mut Vec::new());
        }
        let stats = |choice: u8| {
            let v: Vec<f64> = m
                .recent(0.0)
                .filter(|t| t.choice == choice)
                .map(|t| t.dt_ms)
                .collect();
            let n = v.len() as f64;
            let mean = v.iter().sum::<f64>() / n;
            let var = v.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1.0);
            (mean, var / n, n)
        };
        let ((correct, v1, n1), (error, v2, n2)) = (stats(1), stats(2));
        assert!(n2 > 50.0, "{n2} errors in {n1} + {n2} trials");
        assert!(
            error - correct > 2.0 * (v1 + v2).sqrt(),
            "correct {correct} ms, errors {error} ms"
        );
    }
}
