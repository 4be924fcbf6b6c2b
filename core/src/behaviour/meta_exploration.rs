//! Meta-learning of exploration (Khamassi, Lallée, Enel, Procyk & Dominey 2011, Front.
//! Neurorobot. 5:1; Khamassi, Enel, Dominey & Procyk 2013, Prog. Brain Res. 202:441) on the
//! problem-solving task of Procyk, Tanaka & Joseph (2000, Nat. Neurosci. 3:502).
//!
//! The task: four targets, one of them rewarded. In the search phase the agent chooses a target
//! per trial until it finds the rewarded one (r = 1; an error gives r = 0); in the repetition
//! phase it is asked to choose again `repeats` times; then a signal to change (SC) starts a new
//! problem whose rewarded target is drawn uniformly among the four (it may be the same again).
//! A searcher that never repeats an error finds a target drawn uniformly among n after 1, 2, …, n
//! trials with equal probability: (n + 1)/2 trials on average (`search_optimal`).
//!
//! The agent: action values Q(a), softmax choice P(a) ∝ exp(β Q(a)), and the delta rule
//! δ = r − Q(a), Q(a) ← Q(a) + α δ on the chosen target. At the SC the agent, which sees the
//! signal, resets every Q to the prior reward probability 1/n. Its inverse temperature follows
//! a meta-value β* ∈ [0, 1] of the recent prediction errors (Khamassi et al. 2011, 2013):
//!   β* ← clip(β* + α₊ δ) if δ > 0,   β* ← clip(β* + α₋ δ) if δ < 0,
//!   β = β_min + (β_max − β_min) β*,
//! so that rewards (good news) raise β towards exploitation and errors lower it towards
//! exploration. Khamassi et al. map β* to β through a sigmoid; the linear map here has the same
//! monotonic effect and fewer parameters. Their parameter values were not available to us: the
//! defaults below are chosen so that the search is near-optimal and the two phases differ, and
//! `beta_mode = fixed` replaces the meta-learner by a constant β for comparison.
//!
//! Measures (over all trials so far): `search_trials`, the mean number of trials to find the
//! rewarded target (the rewarded trial included); `beta_search` and `beta_repeat`, the mean β used
//! on search and on repetition trials.

use crate::math::exp;
use crate::model::*;
use crate::params::Params;
use crate::record::Recording;
use crate::rng::{self, Rng};

const TARGETS: usize = 4;
/// Trials shown in the choice plot.
const SHOWN: usize = 60;

pub static SPEC: ModelSpec = ModelSpec {
    id: "meta_exploration",
    title: "Meta-learning of exploration: search and repetition",
    lecture: 8,
    summary: "A softmax learner searches which of four targets is rewarded, repeats it, and searches again after a \
              signal to change; its inverse temperature follows the recent prediction errors, exploring after \
              errors and exploiting after rewards (Khamassi et al. 2011).",
    params: &[
        ParamSpec::choice("beta_mode", "mode", &["meta", "fixed"], 0)
            .help("meta: β follows the meta-value of the prediction errors; fixed: β stays at beta_fixed"),
        ParamSpec::real("beta_fixed", r"\beta_{\mathrm{fix}}", "", 0.0, 50.0, 1.0, 0.1).help("β of the fixed mode"),
        ParamSpec::real("beta_min", r"\beta_{\min}", "", 0.0, 20.0, 1.0, 0.1).help("β when the meta-value is 0 (most exploratory)"),
        ParamSpec::real("beta_max", r"\beta_{\max}", "", 0.0, 100.0, 50.0, 0.5).help("β when the meta-value is 1 (most exploitative)"),
        ParamSpec::real("alpha", r"\alpha", "", 0.01, 1.0, 0.9, 0.01).help("learning rate of the action values"),
        ParamSpec::real("alpha_plus", r"\alpha_+", "", 0.0, 2.0, 1.0, 0.01).help("rise of the meta-value per unit of positive prediction error"),
        ParamSpec::real("alpha_minus", r"\alpha_-", "", 0.0, 2.0, 1.0, 0.01).help("fall of the meta-value per unit of negative prediction error"),
        ParamSpec::int("repeats", "n_{\\mathrm{rep}}", 1.0, 10.0, 3.0).help("trials of the repetition phase after the target is found"),
    ],
    presets: &[
        PresetSpec {
            name: "meta",
            description: "The meta-learner: beta drops after each error of the search and rises with the reward, so it \
                          exploits during repetition.",
            values: &[],
        },
        PresetSpec {
            name: "fixed_low",
            description: "A fixed low beta: the agent keeps choosing targets it has just seen fail, and needs many more \
                          trials to find the rewarded one.",
            values: &[("beta_mode", 1.0), ("beta_fixed", 1.0)],
        },
        PresetSpec {
            name: "fixed_high",
            description: "A fixed high beta: in this noiseless task, strict exploitation of the values searches almost \
                          optimally too.",
            values: &[("beta_mode", 1.0), ("beta_fixed", 30.0)],
        },
    ],
    traces: &[
        TraceSpec::new("beta", "inverse temperature β used on the trial", "", 1e3),
        TraceSpec::new("beta_star", "meta-value β*", "", 10.0),
        TraceSpec::new("reward", "reward of the trial", "", 10.0),
        TraceSpec::new("repeat_phase", "1 during repetition, 0 during search", "", 10.0),
    ],
    measures: &[
        MeasureSpec::new("search_trials", "mean trials to find the rewarded target", ""),
        MeasureSpec::new("search_optimal", "mean trials of a searcher that never repeats an error, (n + 1)/2", ""),
        MeasureSpec::new("beta_search", "mean β on search trials", ""),
        MeasureSpec::new("beta_repeat", "mean β on repetition trials", ""),
        MeasureSpec::new("repeat_errors", "fraction of repetition trials with a wrong choice", ""),
    ],
    plots: &[
        PlotSpec {
            id: "beta",
            title: "Inverse temperature β over trials (high: exploit; low: explore)",
            kind: PlotKind::TimeSeries { traces: &["beta"], y_label: "β", y: Range::Auto },
        },
        PlotSpec {
            id: "choices",
            title: "Chosen target and rewarded target, last 60 trials",
            kind: PlotKind::Profile {
                curves: &["rewarded_target", "choice"],
                errors: &[],
                x_label: "trial",
                y_label: "target",
                x: Range::Auto,
                y: Range::Fixed(0.5, 4.5),
            },
        },
        PlotSpec {
            id: "phase",
            title: "Reward and phase (1: repetition)",
            kind: PlotKind::TimeSeries { traces: &["reward", "repeat_phase"], y_label: "", y: Range::Fixed(-0.1, 1.1) },
        },
    ],
    window_ms: 100.0,
    sample_ms: 1.0,
    default_duration_ms: 500.0,
    stochastic: true,
    clock: Clock::Trials,
    offload: false,
};

pub static ENTRY: ModelEntry = ModelEntry { spec: &SPEC, build };

fn build(p: &Params, seed: u64) -> Box<dyn Model> {
    Box::new(MetaExploration::new(p, seed))
}

struct Settings {
    meta: bool,
    beta_fixed: f64,
    beta_min: f64,
    beta_max: f64,
    alpha: f64,
    alpha_plus: f64,
    alpha_minus: f64,
    repeats: usize,
}

impl Settings {
    fn from(p: &Params) -> Self {
        Settings {
            meta: p.choice("beta_mode") == 0,
            beta_fixed: p.get("beta_fixed"),
            beta_min: p.get("beta_min"),
            beta_max: p.get("beta_max"),
            alpha: p.get("alpha"),
            alpha_plus: p.get("alpha_plus"),
            alpha_minus: p.get("alpha_minus"),
            repeats: p.get("repeats") as usize,
        }
    }
}

/// Sums over the run for the measures.
#[derive(Default)]
struct Tally {
    searches: u64,
    search_trials: u64,
    beta_search: (f64, u64),
    beta_repeat: (f64, u64),
    repeat_errors: u64,
}

pub struct MetaExploration {
    t: usize,
    s: Settings,
    rng: Rng,
    q: [f64; TARGETS],
    beta_star: f64,
    target: usize,
    /// Repetition trials left (0: searching) and trials of the current search.
    repeat_left: usize,
    search_len: u64,
    last: (f64, f64, f64, bool),
    /// The last SHOWN trials: (chosen, rewarded) targets in a ring buffer.
    shown: [(usize, usize); SHOWN],
    tally: Tally,
}

impl MetaExploration {
    pub fn new(p: &Params, seed: u64) -> Self {
        let mut m = MetaExploration {
            t: 0,
            s: Settings::from(p),
            rng: rng::seeded(seed),
            q: [0.0; TARGETS],
            beta_star: 0.5,
            target: 0,
            repeat_left: 0,
            search_len: 0,
            last: (0.0, 0.5, 0.0, false),
            shown: [(0, 0); SHOWN],
            tally: Tally::default(),
        };
        m.new_problem();
        m
    }

    /// The signal to change: a new rewarded target, values back to the prior 1/n.
    fn new_problem(&mut self) {
        self.target = rng::below(&mut self.rng, TARGETS as u32) as usize;
        self.q = [1.0 / TARGETS as f64; TARGETS];
        self.repeat_left = 0;
        self.search_len = 0;
    }

    fn beta(&self) -> f64 {
        if self.s.meta {
            self.s.beta_min + (self.s.beta_max - self.s.beta_min) * self.beta_star
        } else {
            self.s.beta_fixed
        }
    }

    /// Softmax choice, computed relative to the best value (no overflow at large β).
    fn choose(&mut self, beta: f64) -> usize {
        let best = self.q.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let mut w = [0.0; TARGETS];
        for (wi, &qi) in w.iter_mut().zip(&self.q) {
            *wi = exp(beta * (qi - best));
        }
        let mut u = rng::uniform(&mut self.rng) * w.iter().sum::<f64>();
        for (a, &wi) in w.iter().enumerate() {
            if u < wi {
                return a;
            }
            u -= wi;
        }
        TARGETS - 1
    }

    fn learn(&mut self, a: usize, r: f64) {
        let delta = r - self.q[a];
        self.q[a] += self.s.alpha * delta;
        let rate = if delta > 0.0 {
            self.s.alpha_plus
        } else {
            self.s.alpha_minus
        };
        self.beta_star = (self.beta_star + rate * delta).clamp(0.0, 1.0);
    }
}

impl Model for MetaExploration {
    fn time_ms(&self) -> f64 {
        self.t as f64
    }

    fn step(&mut self, _spikes: &mut Vec<Spike>) {
        let beta = self.beta();
        let a = self.choose(beta);
        let correct = a == self.target;
        let repeating = self.repeat_left > 0;
        self.shown[self.t % SHOWN] = (a, self.target);
        self.learn(a, f64::from(u8::from(correct)));
        if repeating {
            self.tally.beta_repeat.0 += beta;
            self.tally.beta_repeat.1 += 1;
            self.tally.repeat_errors += u64::from(!correct);
            self.repeat_left -= 1;
            if self.repeat_left == 0 {
                self.new_problem();
            }
        } else {
            self.tally.beta_search.0 += beta;
            self.tally.beta_search.1 += 1;
            self.search_len += 1;
            if correct {
                self.tally.searches += 1;
                self.tally.search_trials += self.search_len;
                self.repeat_left = self.s.repeats;
            }
        }
        self.last = (
            beta,
            self.beta_star,
            f64::from(u8::from(correct)),
            repeating,
        );
        self.t += 1;
    }

    fn sample(&self, out: &mut [f64]) {
        out[0] = self.last.0;
        out[1] = self.last.1;
        out[2] = self.last.2;
        out[3] = f64::from(u8::from(self.last.3));
    }

    fn set_params(&mut self, p: &Params) {
        self.s = Settings::from(p);
    }

    fn measure(&self, name: &str, _rec: &Recording) -> Option<f64> {
        let t = &self.tally;
        let mean = |(s, n): (f64, u64)| (n > 0).then(|| s / n as f64);
        match name {
            "search_trials" => (t.searches > 0).then(|| t.search_trials as f64 / t.searches as f64),
            "search_optimal" => Some((TARGETS as f64 + 1.0) / 2.0),
            "beta_search" => mean(t.beta_search),
            "beta_repeat" => mean(t.beta_repeat),
            "repeat_errors" => mean((t.repeat_errors as f64, t.beta_repeat.1)),
            _ => None,
        }
    }

    fn profile(&self, name: &str, out: &mut Vec<(f64, f64)>) {
        out.clear();
        let first = self.t.saturating_sub(SHOWN);
        for k in first..self.t {
            let (chosen, rewarded) = self.shown[k % SHOWN];
            let y = match name {
                "choice" => chosen,
                "rewarded_target" => rewarded,
                _ => return,
            };
            out.push(((k + 1) as f64, (y + 1) as f64));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::params;

    fn run(preset: &str, set: &[(&str, f64)], trials: usize, seed: u64) -> MetaExploration {
        let mut m = MetaExploration::new(&params(&ENTRY, Some(preset), set), seed);
        let mut spikes = Vec::new();
        (0..trials).for_each(|_| m.step(&mut spikes));
        m
    }

    fn measure(m: &MetaExploration, name: &str) -> f64 {
        m.measure(name, &Recording::new(0, crate::record::Retention::All))
            .unwrap()
    }

    #[test]
    fn an_optimal_searcher_needs_two_and_a_half_trials() {
        // A target uniform among 4, tried in any order without repetition: found on trial k with
        // probability 1/4, so (1 + 2 + 3 + 4)/4 = 2.5 on average (variance (16 − 1)/12 = 1.25).
        assert_eq!(
            measure(&run("meta", &[], 1, 1), "search_optimal"),
            (1.0 + 2.0 + 3.0 + 4.0) / 4.0
        );
        // A near-greedy learner (fixed β = 50: an error's value falls 0.225 below the untried
        // ones, a repeat then has probability < 1e-4) is that searcher: 20000 trials give about
        // 3000 searches, SEM ≈ 0.02; within 4 SEM.
        let m = run("fixed_high", &[("beta_fixed", 50.0)], 20_000, 2);
        let sem = (1.25f64 / m.tally.searches as f64).sqrt();
        let got = measure(&m, "search_trials");
        assert!((got - 2.5).abs() < 4.0 * sem, "{got} ± {sem}");
    }

    #[test]
    fn the_meta_learner_exploits_in_repetition_and_searches_near_optimally() {
        // Khamassi et al. (2011): β is high during repetition and drops during search
        // (after errors and the signal to change). The meta-learner's search must come close to
        // the optimal 2.5 trials (below 3.2), while a fixed low β (= 1) explores far more (it
        // re-chooses targets that just failed: above 3.2). 20000 trials: SEM ≈ 0.02–0.03.
        let meta = run("meta", &[], 20_000, 3);
        let (bs, br) = (measure(&meta, "beta_search"), measure(&meta, "beta_repeat"));
        let search = measure(&meta, "search_trials");
        eprintln!("meta: β search {bs:.2}, β repeat {br:.2}, search trials {search:.3}");
        assert!(br > bs + 2.0, "β repeat {br}, search {bs}");
        assert!(search < 3.2, "{search}");
        let low = measure(&run("fixed_low", &[], 20_000, 3), "search_trials");
        eprintln!("fixed β = 1: search trials {low:.3}");
        assert!(
            low > 3.2 && low > search + 0.5,
            "fixed low {low}, meta {search}"
        );
    }

    #[test]
    fn a_uniform_chooser_searches_like_drawing_with_replacement() {
        // β = 0: each trial is a fresh uniform draw, success probability 1/4: a geometric number
        // of trials with mean 4 (variance 12). 40000 trials ≈ 5700 searches, SEM ≈ 0.046; 4 SEM.
        let m = run("fixed_low", &[("beta_fixed", 0.0)], 40_000, 5);
        let got = measure(&m, "search_trials");
        let sem = (12.0f64 / m.tally.searches as f64).sqrt();
        assert!((got - 4.0).abs() < 4.0 * sem, "{got} ± {sem}");
    }
}
