//! Hearing a change in a tone cloud: a dual-window observer and the CUSUM ideal observer.
//!
//! **Stimulus** (after Boubenec, Lawlor, Górska, Shamma & Englitz 2017, eLife 6:e24910, and the
//! paradigm's first description, Boubenec et al. 2016, Adv. Exp. Med. Biol. 894:215): a sequence
//! of 30-ms chords of pure tones whose frequencies fall into `n_bins` frequency bins (8 in the
//! experiments). Each chord here holds `tones` tones, each in bin b with probability p_b, so the
//! counts of a chord are multinomial. Before the change p_b = 1/B (uniform); at a random time
//! the probability of `n_changed` adjacent bins, at a random place, is multiplied by (1 + Δ),
//! Δ = `change_size`/100, and the distribution renormalised:
//!   q_b = (1 + Δ)/Z in the changed bins, 1/Z elsewhere,  Z = B + kΔ  (k = n_changed).
//! The pre-change duration is exponential with mean `pre_mean_ms`, redrawn above `pre_max_ms`
//! (a flat hazard, as in the experiments, so that the time of the change cannot be predicted);
//! the trial goes on for `response_ms` after the change. One step of the clock is one trial.
//!
//! **Outcomes.** A detection before the change is a false alarm; within the response window
//! after it, a hit, with reaction time = detection time − change time (no motor delay); none,
//! a miss. hit_rate = hits/(hits + misses) (the trials without false alarm), false_alarm_rate =
//! false alarms/trials, as in the experiments.
//!
//! **Dual-window observer** (the statistical estimation model of Boubenec et al. 2017, in a form
//! of our own): a long-window estimate L_b and a short-window estimate S_b of the counts per chord
//! in each bin, both running averages with weight w = max(1/n, 1/N) after n chords (the cumulative
//! mean until n reaches the window N = τ/30 ms, then exponential forgetting). Their distance in
//! units of the short estimate's noise,
//!   z = Σ_b (S_b − L_b)² / (v L_b),   v = w_S/(2 − w_S)  (variance factor of the short average),
//! is compared with a bound; the short average itself integrates the evidence over ≈ τ_S. Early
//! in a trial L is poor, so detection improves with the time spent before the change, the
//! paper's main behavioural finding.
//!
//! **CUSUM ideal observer** (Page 1954, Biometrika 41:100): knows p and q (not the time of the
//! change) and accumulates the log-likelihood ratio of each chord, ℓ = Σ_b c_b ln(q_b/p_b):
//!   W_n = max(0, W_{n−1} + ℓ_n),  detect when W_n ≥ h.
//! Lorden (1971, Ann. Math. Stat. 42:1897) showed it optimal: among procedures whose mean time to
//! a false alarm (ARL) is at least γ, its worst-case mean delay is smallest, and as γ → ∞
//!   delay ≈ ln(ARL)/KL(q‖p),  KL = m Σ_b q_b ln(q_b/p_b) per chord (m tones);
//! for the CUSUM, ARL ≳ e^h and delay ≈ h/KL.
//!
//! **Bounds for the ROC-like curve.** Both observers are run with 13 bounds at once (the set
//! bound × 2^{j/3}, j = −6…6) on the same stimuli: each point is a (false-alarm rate, mean
//! reaction time) pair.

use crate::math::{log, pow, sqrt};
use crate::model::*;
use crate::params::Params;
use crate::record::Recording;
use crate::rng::{self, Rng};

/// Duration of a chord, ms (Boubenec et al. 2016, 2017).
pub const CHORD_MS: f64 = 30.0;
/// Trials remembered for the measures.
const MEMORY: usize = 20_000;
/// Number of bounds of the ROC-like curve; the set bound is the middle one.
const N_BOUNDS: usize = 13;
const MID: usize = N_BOUNDS / 2;
/// Width of the bins of pre-change duration for the profiles, ms.
const PRE_BIN_MS: f64 = 1000.0;
const MAX_BINS: usize = 16;
/// Floor of L_b in the window statistic (a bin not yet heard).
const L_FLOOR: f64 = 1e-3;

pub static SPEC: ModelSpec = ModelSpec {
    id: "change_detection",
    title: "Hearing a change in a tone cloud",
    lecture: 11,
    summary: "Chords of tones drawn from frequency bins whose probabilities change at an unpredictable time: an \
              observer comparing long- and short-window estimates, and the optimal CUSUM detector beside it.",
    params: &[
        ParamSpec::real("change_size", r"\Delta", "%", 0.0, 300.0, 105.0, 1.0).help("increase of the probability of the changed bins").restart(),
        ParamSpec::int("n_bins", "B", 4.0, 16.0, 8.0).help("frequency bins").restart(),
        ParamSpec::int("n_changed", "k", 1.0, 4.0, 2.0).help("adjacent bins whose probability increases").restart(),
        ParamSpec::int("tones", "m", 1.0, 16.0, 4.0).help("tones per 30-ms chord").restart(),
        ParamSpec::real("pre_mean_ms", r"\bar T_{\mathrm{pre}}", "ms", 250.0, 10_000.0, 3000.0, 10.0)
            .help("mean pre-change duration (exponential)")
            .restart(),
        ParamSpec::real("pre_max_ms", r"T_{\mathrm{pre,max}}", "ms", 500.0, 16_000.0, 8000.0, 10.0)
            .help("longest pre-change duration (longer draws are redrawn)")
            .restart(),
        ParamSpec::real("response_ms", r"T_{\mathrm{resp}}", "ms", 300.0, 5000.0, 2000.0, 10.0).help("response window after the change").restart(),
        ParamSpec::real("tau_short_ms", r"\tau_S", "ms", 30.0, 3000.0, 450.0, 10.0).log().help("short window of the observer").restart(),
        ParamSpec::real("tau_long_ms", r"\tau_L", "ms", 300.0, 30_000.0, 6000.0, 10.0).log().help("long window of the observer").restart(),
        ParamSpec::real("bound", r"\theta", "", 1.0, 200.0, 12.0, 0.1).log().help("bound of the window observer on its distance z").restart(),
        ParamSpec::real("h", "h", "", 0.5, 30.0, 6.0, 0.1).log().help("bound of the CUSUM on its log-likelihood ratio").restart(),
    ],
    presets: &[
        PresetSpec {
            name: "default",
            description: "Change size 105 %, two of eight bins: the window observer detects about half of the changes, \
                          most within a second, and sometimes answers before the change; the CUSUM detects nearly all, faster.",
            values: &[],
        },
        PresetSpec {
            name: "small_change",
            description: "Change size 50 %: hits become rarer and slower for both observers.",
            values: &[("change_size", 50.0)],
        },
        PresetSpec {
            name: "short_long_window",
            description: "A long window of only 1.5 s: the baseline estimate follows the new statistics almost as fast \
                          as the short one, the two stay close, and the observer misses most changes.",
            values: &[("tau_long_ms", 1500.0)],
        },
    ],
    traces: &[
        TraceSpec::new("hit_rate", "hit rate, window observer (all trials so far)", "", 2.0),
        TraceSpec::new("false_alarm_rate", "false-alarm rate, window observer", "", 2.0),
        TraceSpec::new("hit_rate_cusum", "hit rate, CUSUM", "", 2.0),
        TraceSpec::new("false_alarm_rate_cusum", "false-alarm rate, CUSUM", "", 2.0),
    ],
    measures: &[
        MeasureSpec::new("hit_rate", "window observer: hits/(hits + misses)", ""),
        MeasureSpec::new("false_alarm_rate", "window observer: fraction of trials with a false alarm", ""),
        MeasureSpec::new("reaction_time_ms", "window observer: mean time from change to detection (hits)", "ms"),
        MeasureSpec::new("hit_rate_cusum", "CUSUM: hits/(hits + misses)", ""),
        MeasureSpec::new("false_alarm_rate_cusum", "CUSUM: fraction of trials with a false alarm", ""),
        MeasureSpec::new("reaction_time_cusum_ms", "CUSUM: mean time from change to detection (hits)", "ms"),
        MeasureSpec::new("kl_per_chord", "KL divergence of the post- from the pre-change chord distribution", "nats"),
        MeasureSpec::new("lorden_delay_ms", "Lorden's asymptotic CUSUM delay h/KL (in ms)", "ms"),
    ],
    plots: &[
        PlotSpec {
            id: "cloud",
            title: "The last trial: tones per bin in each 30-ms chord",
            kind: PlotKind::HeatMap { image: "cloud", x_label: "time (ms)", y_label: "frequency bin", value_label: "tones" },
        },
        PlotSpec {
            id: "evidence",
            title: "The last trial: each observer's decision variable over its bound (detection at 1), and the change",
            kind: PlotKind::Profile {
                curves: &["evidence_window", "evidence_cusum", "bound", "change"],
                errors: &[],
                x_label: "time (ms)",
                y_label: "decision variable / bound",
                x: Range::Auto,
                y: Range::Auto,
            },
        },
        PlotSpec {
            id: "hit_vs_pre",
            title: "Hit rate against pre-change duration (± SEM)",
            kind: PlotKind::Profile {
                curves: &["hit_vs_pre", "hit_vs_pre_cusum"],
                errors: &["hit_vs_pre_sem", "hit_vs_pre_cusum_sem"],
                x_label: "pre-change duration (ms)",
                y_label: "hit rate",
                x: Range::Auto,
                y: Range::Fixed(0.0, 1.05),
            },
        },
        PlotSpec {
            id: "rt_vs_pre",
            title: "Reaction time against pre-change duration (± SEM)",
            kind: PlotKind::Profile {
                curves: &["rt_vs_pre", "rt_vs_pre_cusum"],
                errors: &["rt_vs_pre_sem", "rt_vs_pre_cusum_sem"],
                x_label: "pre-change duration (ms)",
                y_label: "reaction time (ms)",
                x: Range::Auto,
                y: Range::Auto,
            },
        },
        PlotSpec {
            id: "hit_vs_size",
            title: "Hit rate of the window observer against change size",
            kind: PlotKind::Sweep {
                param: "change_size",
                measure: "hit_rate",
                from: 25.0,
                to: 200.0,
                steps: 8,
                settle_ms: 0.0,
                duration_ms: 150.0,
                overlays: &[],
                seeds: 4,
                y: Range::Fixed(0.0, 1.05),
            },
        },
        PlotSpec {
            id: "hit_vs_size_cusum",
            title: "Hit rate of the CUSUM against change size",
            kind: PlotKind::Sweep {
                param: "change_size",
                measure: "hit_rate_cusum",
                from: 25.0,
                to: 200.0,
                steps: 8,
                settle_ms: 0.0,
                duration_ms: 150.0,
                overlays: &[],
                seeds: 4,
                y: Range::Fixed(0.0, 1.05),
            },
        },
        PlotSpec {
            id: "rt_vs_size",
            title: "Reaction time of the window observer against change size",
            kind: PlotKind::Sweep {
                param: "change_size",
                measure: "reaction_time_ms",
                from: 25.0,
                to: 200.0,
                steps: 8,
                settle_ms: 0.0,
                duration_ms: 150.0,
                overlays: &[],
                seeds: 4,
                y: Range::Auto,
            },
        },
        PlotSpec {
            id: "roc",
            title: "Mean reaction time against false-alarm rate, as the bound moves (13 bounds per observer)",
            kind: PlotKind::Profile {
                curves: &["roc_window", "roc_cusum"],
                errors: &[],
                x_label: "false-alarm rate",
                y_label: "mean reaction time (ms)",
                x: Range::Auto,
                y: Range::Auto,
            },
        },
        PlotSpec {
            id: "running",
            title: "Running hit and false-alarm rates",
            kind: PlotKind::TimeSeries {
                traces: &["hit_rate", "false_alarm_rate", "hit_rate_cusum", "false_alarm_rate_cusum"],
                y_label: "rate",
                y: Range::Fixed(0.0, 1.05),
            },
        },
    ],
    window_ms: 500.0,
    sample_ms: 1.0,
    default_duration_ms: 300.0,
    stochastic: true,
    clock: Clock::Trials,
    offload: false,
};

pub static ENTRY: ModelEntry = ModelEntry { spec: &SPEC, build };

/// The post-change probabilities of a changed and of an unchanged bin, B bins, k changed.
pub fn post_probabilities(n_bins: usize, k: usize, delta: f64) -> (f64, f64) {
    let z = n_bins as f64 + k as f64 * delta;
    ((1.0 + delta) / z, 1.0 / z)
}

/// KL(q‖p) per chord of m tones, p uniform over B bins, k bins raised by the factor 1 + Δ.
pub fn kl_per_chord(n_bins: usize, k: usize, delta: f64, m: usize) -> f64 {
    let p = 1.0 / n_bins as f64;
    let (qc, qo) = post_probabilities(n_bins, k, delta);
    let kl_tone = k as f64 * qc * log(qc / p) + (n_bins - k) as f64 * qo * log(qo / p);
    m as f64 * kl_tone
}

/// How one observer did on one trial.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
enum Outcome {
    #[default]
    Miss,
    Hit,
    FalseAlarm,
}

/// Chord index of the first crossing (if any), turned into an outcome and reaction time.
fn outcome(first: Option<usize>, n_change: usize) -> (Outcome, f64) {
    match first {
        Some(n) if n < n_change => (Outcome::FalseAlarm, 0.0),
        Some(n) => (Outcome::Hit, (n + 1 - n_change) as f64 * CHORD_MS),
        None => (Outcome::Miss, 0.0),
    }
}

#[derive(Clone, Copy, Debug, Default)]
struct TrialRecord {
    result: [(Outcome, f64); 2],
}

/// Counts of one observer at one bound.
#[derive(Clone, Copy, Debug, Default)]
struct Tally {
    trials: u64,
    false_alarms: u64,
    hits: u64,
    misses: u64,
    rt_sum: f64,
    rt_sq: f64,
}

impl Tally {
    fn add(&mut self, (o, rt): (Outcome, f64)) {
        self.trials += 1;
        match o {
            Outcome::FalseAlarm => self.false_alarms += 1,
            Outcome::Hit => {
                self.hits += 1;
                self.rt_sum += rt;
                self.rt_sq += rt * rt;
            }
            Outcome::Miss => self.misses += 1,
        }
    }
    fn hit_rate(&self) -> Option<f64> {
        let n = self.hits + self.misses;
        (n > 0).then(|| self.hits as f64 / n as f64)
    }
    fn hit_sem(&self) -> f64 {
        let n = (self.hits + self.misses) as f64;
        self.hit_rate().map_or(0.0, |p| sqrt(p * (1.0 - p) / n))
    }
    fn fa_rate(&self) -> Option<f64> {
        (self.trials > 0).then(|| self.false_alarms as f64 / self.trials as f64)
    }
    fn rt(&self) -> Option<f64> {
        (self.hits > 0).then(|| self.rt_sum / self.hits as f64)
    }
    fn rt_sem(&self) -> f64 {
        if self.hits < 2 {
            return 0.0;
        }
        let n = self.hits as f64;
        let m = self.rt_sum / n;
        sqrt(((self.rt_sq - n * m * m) / (n - 1.0)).max(0.0) / n)
    }
}

#[derive(Clone, Copy, Debug)]
struct Consts {
    delta: f64,
    n_bins: usize,
    k: usize,
    tones: usize,
    pre_mean: f64,
    pre_max: f64,
    response: f64,
    n_short: f64,
    n_long: f64,
    bound: f64,
    h: f64,
}

impl Consts {
    fn from(p: &Params) -> Self {
        let n_bins = p.get("n_bins") as usize;
        Consts {
            delta: p.get("change_size") / 100.0,
            n_bins,
            k: (p.get("n_changed") as usize).min(n_bins),
            tones: p.get("tones") as usize,
            pre_mean: p.get("pre_mean_ms"),
            pre_max: p.get("pre_max_ms"),
            response: p.get("response_ms"),
            n_short: (p.get("tau_short_ms") / CHORD_MS).max(1.0),
            n_long: (p.get("tau_long_ms") / CHORD_MS).max(1.0),
            bound: p.get("bound"),
            h: p.get("h"),
        }
    }
    fn max_chords(&self) -> usize {
        ((self.pre_max + self.response) / CHORD_MS).ceil() as usize + 2
    }
    fn bound_factor(j: usize) -> f64 {
        pow(2.0, (j as f64 - MID as f64) / 3.0)
    }
}

/// The stimulus of one trial and the two observers' running state (buffers sized once).
pub struct ChangeDetection {
    trials: usize,
    c: Consts,
    rng: Rng,
    /// Cumulative probabilities before and after the change, and ln(q_b/p_b).
    cdf_pre: Vec<f64>,
    cdf_post: Vec<f64>,
    llr: Vec<f64>,
    counts: Vec<f64>,
    long: Vec<f64>,
    short: Vec<f64>,
    /// The last trial: counts (bin-major rows of `last_len` chords), decision variables.
    cloud: Vec<f64>,
    ev_window: Vec<f64>,
    ev_cusum: Vec<f64>,
    last_len: usize,
    last_change: usize,
    first_window: [Option<usize>; N_BOUNDS],
    first_cusum: [Option<usize>; N_BOUNDS],
    roc: [[Tally; N_BOUNDS]; 2],
    by_pre: [[Tally; MAX_BINS]; 2],
    records: Vec<TrialRecord>,
}

fn build(p: &Params, seed: u64) -> Box<dyn Model> {
    Box::new(ChangeDetection::new(p, seed))
}

impl ChangeDetection {
    pub fn new(p: &Params, seed: u64) -> Self {
        let c = Consts::from(p);
        let (b, n) = (c.n_bins, c.max_chords());
        ChangeDetection {
            trials: 0,
            c,
            rng: rng::seeded(seed),
            cdf_pre: (1..=b).map(|j| j as f64 / b as f64).collect(),
            cdf_post: vec![0.0; b],
            llr: vec![0.0; b],
            counts: vec![0.0; b],
            long: vec![0.0; b],
            short: vec![0.0; b],
            cloud: vec![0.0; b * n],
            ev_window: vec![0.0; n],
            ev_cusum: vec![0.0; n],
            last_len: 0,
            last_change: 0,
            first_window: [None; N_BOUNDS],
            first_cusum: [None; N_BOUNDS],
            roc: [[Tally::default(); N_BOUNDS]; 2],
            by_pre: [[Tally::default(); MAX_BINS]; 2],
            records: vec![TrialRecord::default(); MEMORY],
        }
    }

    /// The post-change distribution with the k changed bins starting at `first`.
    fn set_change(&mut self, first: usize) {
        let (qc, qo) = post_probabilities(self.c.n_bins, self.c.k, self.c.delta);
        let p = 1.0 / self.c.n_bins as f64;
        let mut acc = 0.0;
        for b in 0..self.c.n_bins {
            let q = if b >= first && b < first + self.c.k {
                qc
            } else {
                qo
            };
            acc += q;
            self.cdf_post[b] = acc;
            self.llr[b] = log(q / p);
        }
        self.cdf_post[self.c.n_bins - 1] = 1.0;
    }

    /// Counts of one chord of `tones` tones drawn from `cdf`, into `self.counts`.
    fn draw_chord(&mut self, post: bool) {
        self.counts.iter_mut().for_each(|v| *v = 0.0);
        for _ in 0..self.c.tones {
            let u = rng::uniform(&mut self.rng);
            let cdf = if post { &self.cdf_post } else { &self.cdf_pre };
            let b = cdf.iter().position(|&f| u < f).unwrap_or(self.c.n_bins - 1);
            self.counts[b] += 1.0;
        }
    }

    /// The pre-change duration: exponential, redrawn beyond the maximum.
    fn draw_pre_ms(&mut self) -> f64 {
        loop {
            let t = rng::exponential(&mut self.rng, self.c.pre_mean);
            if t <= self.c.pre_max {
                return t;
            }
        }
    }

    /// One trial: the stimulus, both observers at all bounds, the tallies.
    fn trial(&mut self) {
        let pre_ms = self.draw_pre_ms();
        let n_change = (pre_ms / CHORD_MS).round() as usize;
        let n_total = n_change + (self.c.response / CHORD_MS).round() as usize;
        let first = rng::below(&mut self.rng, (self.c.n_bins - self.c.k + 1) as u32) as usize;
        self.set_change(first);
        self.long.iter_mut().for_each(|v| *v = 0.0);
        self.short.iter_mut().for_each(|v| *v = 0.0);
        self.first_window = [None; N_BOUNDS];
        self.first_cusum = [None; N_BOUNDS];
        let mut w = 0.0;
        for n in 0..n_total {
            self.draw_chord(n >= n_change);
            let llr: f64 = self.counts.iter().zip(&self.llr).map(|(c, l)| c * l).sum();
            w = (w + llr).max(0.0);
            let z = self.window_statistic(n);
            for b in 0..self.c.n_bins {
                self.cloud[b * n_total + n] = self.counts[b];
            }
            self.ev_window[n] = z / self.c.bound;
            self.ev_cusum[n] = w / self.c.h;
            for j in 0..N_BOUNDS {
                let f = Consts::bound_factor(j);
                if self.first_window[j].is_none() && z >= self.c.bound * f {
                    self.first_window[j] = Some(n);
                }
                if self.first_cusum[j].is_none() && w >= self.c.h * f {
                    self.first_cusum[j] = Some(n);
                }
            }
        }
        self.last_len = n_total;
        self.last_change = n_change;
        self.tally(pre_ms, n_change);
    }

    /// Updates the long and short estimates with the chord just drawn (the n-th, from 0) and
    /// returns the distance z between them.
    fn window_statistic(&mut self, n: usize) -> f64 {
        let cum = 1.0 / (n as f64 + 1.0);
        let (wl, ws) = (cum.max(1.0 / self.c.n_long), cum.max(1.0 / self.c.n_short));
        let v = ws / (2.0 - ws);
        let mut z = 0.0;
        for b in 0..self.c.n_bins {
            self.long[b] += wl * (self.counts[b] - self.long[b]);
            self.short[b] += ws * (self.counts[b] - self.short[b]);
            let d = self.short[b] - self.long[b];
            z += d * d / (v * self.long[b].max(L_FLOOR));
        }
        z
    }

    fn tally(&mut self, pre_ms: f64, n_change: usize) {
        let firsts = [self.first_window, self.first_cusum];
        let mut result = [(Outcome::Miss, 0.0); 2];
        let bin = ((pre_ms / PRE_BIN_MS) as usize).min(MAX_BINS - 1);
        for o in 0..2 {
            for j in 0..N_BOUNDS {
                self.roc[o][j].add(outcome(firsts[o][j], n_change));
            }
            result[o] = outcome(firsts[o][MID], n_change);
            self.by_pre[o][bin].add(result[o]);
        }
        self.records[self.trials % MEMORY] = TrialRecord { result };
    }

    /// Tally of observer `o` (0 window, 1 CUSUM) over the remembered trials ending after `t_begin`.
    fn recent(&self, o: usize, t_begin: f64) -> Tally {
        let first = (t_begin.max(0.0).round() as usize).max(self.trials.saturating_sub(MEMORY));
        let mut t = Tally::default();
        for k in first..self.trials {
            t.add(self.records[k % MEMORY].result[o]);
        }
        t
    }

    fn kl(&self) -> f64 {
        kl_per_chord(self.c.n_bins, self.c.k, self.c.delta, self.c.tones)
    }

    /// The profiles against pre-change duration: the bins with data, at their centres.
    fn by_pre_profile(&self, o: usize, what: &str, out: &mut Vec<(f64, f64)>) {
        for (i, t) in self.by_pre[o].iter().enumerate() {
            let x = (i as f64 + 0.5) * PRE_BIN_MS;
            if x - 0.5 * PRE_BIN_MS > self.c.pre_max {
                break;
            }
            let y = match what {
                "hit" => t.hit_rate(),
                "hit_sem" => t.hit_rate().map(|_| t.hit_sem()),
                "rt" => t.rt(),
                _ => t.rt().map(|_| t.rt_sem()),
            };
            if let Some(y) = y {
                out.push((x, y));
            }
        }
    }
}

impl Model for ChangeDetection {
    fn time_ms(&self) -> f64 {
        self.trials as f64
    }

    fn step(&mut self, _spikes: &mut Vec<Spike>) {
        self.trial();
        self.trials += 1;
    }

    fn sample(&self, out: &mut [f64]) {
        // All trials so far: the tallies at the set bounds.
        let all = [self.roc[0][MID], self.roc[1][MID]];
        out[0] = all[0].hit_rate().unwrap_or(0.0);
        out[1] = all[0].fa_rate().unwrap_or(0.0);
        out[2] = all[1].hit_rate().unwrap_or(0.0);
        out[3] = all[1].fa_rate().unwrap_or(0.0);
    }

    fn set_params(&mut self, _p: &Params) {}

    fn measure(&self, name: &str, rec: &Recording) -> Option<f64> {
        let (w, c) = (self.recent(0, rec.t_begin), self.recent(1, rec.t_begin));
        match name {
            "hit_rate" => w.hit_rate(),
            "false_alarm_rate" => w.fa_rate(),
            "reaction_time_ms" => w.rt(),
            "hit_rate_cusum" => c.hit_rate(),
            "false_alarm_rate_cusum" => c.fa_rate(),
            "reaction_time_cusum_ms" => c.rt(),
            "kl_per_chord" => Some(self.kl()),
            "lorden_delay_ms" => (self.kl() > 0.0).then(|| self.c.h / self.kl() * CHORD_MS),
            _ => None,
        }
    }

    fn profile(&self, name: &str, out: &mut Vec<(f64, f64)>) {
        out.clear();
        let t = |n: usize| (n as f64 + 1.0) * CHORD_MS;
        let n = self.last_len;
        match name {
            "evidence_window" => out.extend((0..n).map(|i| (t(i), self.ev_window[i]))),
            "evidence_cusum" => out.extend((0..n).map(|i| (t(i), self.ev_cusum[i]))),
            "bound" if n > 0 => out.extend([(0.0, 1.0), (t(n - 1), 1.0)]),
            "change" if n > 0 => {
                let x = self.last_change as f64 * CHORD_MS;
                out.extend([(x, 0.0), (x, 1.5)]);
            }
            "roc_window" | "roc_cusum" => {
                let o = usize::from(name == "roc_cusum");
                out.extend(
                    self.roc[o]
                        .iter()
                        .filter_map(|t| Some((t.fa_rate()?, t.rt()?))),
                );
            }
            _ => {
                let o = usize::from(name.contains("cusum"));
                let what = match (name.starts_with("hit"), name.ends_with("sem")) {
                    (true, false) => "hit",
                    (true, true) => "hit_sem",
                    (false, false) => "rt",
                    (false, true) => "rt_sem",
                };
                if name.contains("_vs_pre") {
                    self.by_pre_profile(o, what, out);
                }
            }
        }
    }

    fn image(&self, name: &str, out: &mut Image) {
        if name != "cloud" || self.last_len == 0 {
            return;
        }
        let (w, h) = (self.last_len, self.c.n_bins);
        out.width = w;
        out.height = h;
        out.tiles = 1;
        out.values.clear();
        out.values.extend_from_slice(&self.cloud[..w * h]);
        out.x_range = (0.0, w as f64 * CHORD_MS);
        out.y_range = (0.0, h as f64);
        out.value_range = (
            0.0,
            self.cloud[..w * h].iter().fold(1.0, |a, &b| f64::max(a, b)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::math::exp;
    use crate::testkit::{params, run};

    #[test]
    fn kl_per_chord_matches_a_direct_sum_and_vanishes_without_change() {
        // KL(q‖p) = m Σ_b q_b ln(q_b/p_b), summed bin by bin over the distribution the model draws.
        for (b, k, delta, m) in [
            (8, 2, 1.05, 4),
            (8, 1, 0.5, 4),
            (12, 3, 2.0, 6),
            (4, 4, 1.0, 1),
        ] {
            let mut model = ChangeDetection::new(
                &params(
                    &ENTRY,
                    None,
                    &[
                        ("n_bins", b as f64),
                        ("n_changed", k as f64),
                        ("tones", m as f64),
                        ("change_size", 100.0 * delta),
                    ],
                ),
                1,
            );
            model.set_change(0);
            let mut prev = 0.0;
            let direct: f64 = (0..b)
                .map(|j| {
                    let q = model.cdf_post[j] - prev;
                    prev = model.cdf_post[j];
                    q * model.llr[j]
                })
                .sum::<f64>()
                * m as f64;
            assert!((kl_per_chord(b, k, delta, m) - direct).abs() < 1e-12);
        }
        assert_eq!(kl_per_chord(8, 2, 0.0, 4), 0.0);
        // Changing every bin by the same factor changes nothing after renormalisation.
        assert!(kl_per_chord(4, 4, 1.0, 1).abs() < 1e-15);
    }

    /// Mean run length of a CUSUM with bound h on pre-change chords (ARL to false alarm) and on
    /// post-change chords from W = 0 (Lorden's worst-case delay), in chords, over `runs` runs.
    fn cusum_run_lengths(m: &mut ChangeDetection, h: f64, runs: usize) -> (f64, f64) {
        m.set_change(3);
        let mut mean = [0.0; 2];
        for (i, post) in [false, true].into_iter().enumerate() {
            for _ in 0..runs {
                let (mut w, mut n) = (0.0f64, 0usize);
                while w < h {
                    m.draw_chord(post);
                    w = (w + m.counts.iter().zip(&m.llr).map(|(c, l)| c * l).sum::<f64>()).max(0.0);
                    n += 1;
                }
                mean[i] += n as f64 / runs as f64;
            }
        }
        (mean[0], mean[1])
    }

    #[test]
    fn cusum_delay_follows_lordens_asymptotic_law() {
        // Lorden (1971): delay ≈ ln(ARL)/KL as ARL → ∞. The ratio delay·KL/ln(ARL) carries
        // O(1/h) corrections (overshoot of the bound, ARL ≈ C e^h), so it must approach 1 as h
        // grows: within 20 % at h = 10, and closer there than at h = 3. Sampling error: 150 runs,
        // relative SE of each mean ≤ 1/√150 = 8 % (run lengths are about exponential pre-change,
        // narrower post-change), i.e. about 0.08/ln(ARL) < 1 % on ln(ARL).
        let p = params(&ENTRY, None, &[("change_size", 150.0)]);
        let mut m = ChangeDetection::new(&p, 7);
        let kl = m.kl();
        let mut errs = Vec::new();
        for h in [3.0, 10.0] {
            let (arl, delay) = cusum_run_lengths(&mut m, h, 150);
            let ratio = delay * kl / log(arl);
            eprintln!(
                "h {h}: ARL {arl:.0} chords, delay {delay:.1} chords, ratio {ratio:.3}, e^h {:.0}",
                exp(h)
            );
            // Page/Lorden: ARL ≥ e^h for the CUSUM (up to sampling error, 3 SE).
            assert!(
                arl > exp(h) * (1.0 - 3.0 / 150f64.sqrt()),
                "ARL {arl} below e^h"
            );
            errs.push((ratio - 1.0).abs());
        }
        assert!(errs[1] < 0.2 && errs[1] < errs[0], "ratio errors {errs:?}");
    }

    #[test]
    fn hit_rate_rises_with_change_size() {
        // Boubenec et al. 2017 (Fig. 1): detection improves with the size of the change. For both
        // observers at sizes 35, 70, 140 %, each step raises the hit rate by more than 3 SE of
        // the difference (1500 trials each).
        let mut last = [0.0; 2];
        let mut last_se = [0.0; 2];
        for (i, size) in [35.0, 70.0, 140.0].into_iter().enumerate() {
            let sim = run(
                &ENTRY,
                params(&ENTRY, None, &[("change_size", size)]),
                11,
                1500.0,
            );
            for (o, name) in ["hit_rate", "hit_rate_cusum"].into_iter().enumerate() {
                let h = sim.measure(name).unwrap();
                let n = 1500.0
                    * (1.0
                        - sim
                            .measure(if o == 0 {
                                "false_alarm_rate"
                            } else {
                                "false_alarm_rate_cusum"
                            })
                            .unwrap());
                let se = (h * (1.0 - h) / n).sqrt().max(0.5 / n);
                if i > 0 {
                    assert!(
                        h - last[o] > 3.0 * (se * se + last_se[o] * last_se[o]).sqrt(),
                        "{name}: {} → {h} at {size} %",
                        last[o]
                    );
                }
                last[o] = h;
                last_se[o] = se;
            }
        }
    }

    #[test]
    fn the_cusum_misses_less_than_the_window_observer_at_no_more_false_alarms() {
        // Lorden's optimality, seen in a finite experiment: at the window observer's set bound,
        // take the CUSUM bound of the grid with the largest false-alarm rate not above the window
        // observer's; its hit rate is higher by more than 3 SE of the difference (3000 trials).
        let me = trials(&[], 5, 3000);
        let w = me.roc[0][MID];
        let fa_w = w.fa_rate().unwrap();
        let c = me.roc[1]
            .iter()
            .filter(|t| t.fa_rate().unwrap() <= fa_w)
            .max_by(|a, b| a.fa_rate().unwrap().total_cmp(&b.fa_rate().unwrap()))
            .expect("a CUSUM bound with fewer false alarms");
        let (hw, hc) = (w.hit_rate().unwrap(), c.hit_rate().unwrap());
        let se = (w.hit_sem().powi(2) + c.hit_sem().powi(2)).sqrt();
        assert!(
            hc - hw > 3.0 * se,
            "false alarms {fa_w} vs {}: hits window {hw}, CUSUM {hc}",
            c.fa_rate().unwrap()
        );
    }

    /// The model with parameters `set`, after `n` trials.
    fn trials(set: &[(&str, f64)], seed: u64, n: usize) -> ChangeDetection {
        let mut m = ChangeDetection::new(&params(&ENTRY, None, set), seed);
        for _ in 0..n {
            m.step(&mut Vec::new());
        }
        m
    }

    #[test]
    fn the_window_observer_detects_better_after_a_longer_wait() {
        // Boubenec et al. 2017 (Fig. 2): hit rates rise with pre-change duration, as the baseline
        // estimate improves. Window observer: the hit rate for changes after 4–8 s exceeds that
        // after 0–1 s by more than 3 SE (4000 trials).
        let me = trials(&[], 9, 4000);
        let early = me.by_pre[0][0];
        let mut late = Tally::default();
        for t in &me.by_pre[0][4..8] {
            late.trials += t.trials;
            late.hits += t.hits;
            late.misses += t.misses;
        }
        let (he, hl) = (early.hit_rate().unwrap(), late.hit_rate().unwrap());
        let se = (early.hit_sem().powi(2) + late.hit_sem().powi(2)).sqrt();
        assert!(hl - he > 3.0 * se, "0–1 s: {he}, 4–8 s: {hl} (SE {se})");
    }
}
