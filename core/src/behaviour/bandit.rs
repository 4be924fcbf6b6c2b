//! The multi-armed bandit: the 10-armed testbed, averaged over many runs.
//!
//! Sutton & Barto (2018), Reinforcement Learning: An Introduction, 2nd ed., §2.2–2.7.
//! **Testbed (§2.3).** Each run draws a new task: true action values q*(a) ~ N(0, 1) for each of
//! the `arms` arms; choosing arm a gives a reward R ~ N(q*(a), 1). **Non-stationary (§2.5,
//! exercise 2.5):** all q*(a) start at 0 and take independent random walks, adding
//! N(0, `walk_sd`²) to each on every step.
//! **Estimates.** Q(a) starts at Q₁ (`q0`; optimistic when well above the rewards, §2.6) and
//! moves towards each reward of arm a by the sample average, Q ← Q + (R − Q)/N(a), or by a
//! constant step size, Q ← Q + α(R − Q) (an exponential recency-weighted average, §2.5).
//! **Agents.** ε-greedy: a random arm with probability ε, else argmax Q (ties broken at random;
//! §2.2); softmax: P(a) ∝ exp(β Q(a)) (Boltzmann choice, `beta` the inverse temperature; Sutton
//! & Barto 1st ed. §2.3); UCB: argmax [Q(a) + c √(ln t / N(a))], an untried arm first (§2.7).
//!
//! One step of the clock (Clock::Runs) is one more complete run of `steps` steps with a fresh
//! task and a fresh agent; the model accumulates, for every step, the sum and sum of squares of
//! the reward and of the indicator of an optimal choice (the arm with the largest q* at that
//! step), so the curves are the mean over the runs done so far with their standard error. After
//! `runs` runs the experiment is complete and further steps add nothing.
//!
//! Measures over the last 10 % of the steps (each run's mean over those steps, then the mean
//! over runs, with its standard error): `avg_reward`, `pct_optimal` (%). `optimal_reward` is what
//! an agent that knew q* would get on average over the same steps: stationary,
//!   E[max_a q*(a)] = ∫ x · n φ(x) Φ(x)^{n−1} dx   (n arms; 1.5388 for n = 10),
//! by Simpson's rule; non-stationary, each q*(a) at step t is N(0, t σ²), so σ √t times that.

use crate::math::{erf, exp, log, sqrt, PI};
use crate::model::*;
use crate::params::Params;
use crate::record::Recording;
use crate::rng::{self, Rng};

const AGENTS: &[&str] = &["epsilon_greedy", "softmax", "ucb"];
const TASKS: &[&str] = &["stationary", "nonstationary"];
const UPDATES: &[&str] = &["sample_average", "constant"];

pub static SPEC: ModelSpec = ModelSpec {
    id: "bandit",
    title: "The multi-armed bandit: exploration against exploitation",
    lecture: 8,
    summary: "The 10-armed testbed of Sutton & Barto: ε-greedy, softmax and UCB agents learn action values from \
              noisy rewards; reward per step and the choice of the best arm, averaged over hundreds of runs.",
    params: &[
        ParamSpec::choice("agent", r"\mathrm{agent}", AGENTS, 0)
            .help("ε-greedy, softmax (Boltzmann) or upper-confidence-bound choice")
            .restart(),
        ParamSpec::int("arms", "k", 2.0, 50.0, 10.0).help("number of arms").restart(),
        ParamSpec::real("epsilon", r"\varepsilon", "", 0.0, 1.0, 0.1, 0.01).help("ε-greedy: probability of a random choice").restart(),
        ParamSpec::real("beta", r"\beta", "", 0.1, 100.0, 3.0, 0.1).log().help("softmax: inverse temperature").restart(),
        ParamSpec::real("c", "c", "", 0.0, 5.0, 2.0, 0.1).help("UCB: weight of the exploration bonus").restart(),
        ParamSpec::choice("update", r"\mathrm{update}", UPDATES, 0)
            .help("sample averages, or a constant step size α (recent rewards weigh more)")
            .restart(),
        ParamSpec::real("alpha", r"\alpha", "", 0.01, 1.0, 0.1, 0.01).help("constant step size").restart(),
        ParamSpec::real("q0", "Q_1", "", -2.0, 10.0, 0.0, 0.1).help("initial estimate of every arm (optimistic when large)").restart(),
        ParamSpec::choice("task", r"\mathrm{task}", TASKS, 0)
            .help("stationary: q* ~ N(0,1) fixed in a run; nonstationary: q* start at 0 and drift")
            .restart(),
        ParamSpec::real("walk_sd", r"\sigma_{\mathrm{walk}}", "", 0.001, 0.1, 0.01, 0.001)
            .log()
            .help("nonstationary: standard deviation of each arm's random step")
            .restart(),
        ParamSpec::int("steps", "T", 10.0, 10000.0, 1000.0).log().help("steps (choices) per run").restart(),
        ParamSpec::int("runs", "runs", 1.0, 10000.0, 500.0).log().help("runs averaged (then the experiment is complete)"),
    ],
    presets: &[
        PresetSpec {
            name: "testbed",
            description: "ε-greedy with ε = 0.1 on the 10-armed testbed: the reward per step climbs towards the best \
                          arm's mean, and the best arm is chosen more and more often.",
            values: &[],
        },
        PresetSpec {
            name: "greedy",
            description: "ε = 0: the agent sticks to the first arm that looks good, often not the best; its curves \
                          flatten early and low.",
            values: &[("epsilon", 0.0)],
        },
        PresetSpec {
            name: "softmax",
            description: "Softmax choice with inverse temperature 3: better arms are chosen more often, in proportion \
                          to how much better they look.",
            values: &[("agent", 1.0)],
        },
        PresetSpec {
            name: "ucb",
            description: "Upper confidence bound with c = 2: arms tried less often get a bonus; after a burst of \
                          exploration it beats ε-greedy.",
            values: &[("agent", 2.0)],
        },
        PresetSpec {
            name: "optimistic",
            description: "Greedy, but every estimate starts at 5 with a constant step size 0.1: the disappointments \
                          drive an early burst of exploration.",
            values: &[("epsilon", 0.0), ("q0", 5.0), ("update", 1.0)],
        },
        PresetSpec {
            name: "nonstationary",
            description: "The arms' values drift: sample averages react ever more slowly, while a constant step size \
                          keeps tracking.",
            values: &[("task", 1.0), ("steps", 5000.0), ("runs", 200.0)],
        },
    ],
    traces: &[
        TraceSpec::new("avg_reward", "mean reward over the last 10 % of steps, runs so far", "", 1e6),
        TraceSpec::new("pct_optimal", "optimal choices over the last 10 % of steps, runs so far", "%", 1e3),
    ],
    measures: &[
        MeasureSpec::new("avg_reward", "mean reward per step over the last 10 % of the steps", ""),
        MeasureSpec::new("pct_optimal", "optimal choices over the last 10 % of the steps", "%"),
        MeasureSpec::new("avg_reward_sem", "standard error of avg_reward over the runs", ""),
        MeasureSpec::new("pct_optimal_sem", "standard error of pct_optimal over the runs", "%"),
        MeasureSpec::new("optimal_reward", "mean reward of an agent that knows the best arm (same steps)", ""),
    ],
    plots: &[
        PlotSpec {
            id: "reward",
            title: "Average reward per step (mean ± SEM over runs) and the best possible",
            kind: PlotKind::Profile {
                curves: &["reward", "best"],
                errors: &["reward_sem", ""],
                x_label: "step",
                y_label: "average reward",
                x: Range::Auto,
                y: Range::Auto,
            },
        },
        PlotSpec {
            id: "optimal",
            title: "Optimal action (mean ± SEM over runs)",
            kind: PlotKind::Profile {
                curves: &["optimal"],
                errors: &["optimal_sem"],
                x_label: "step",
                y_label: "% optimal action",
                x: Range::Auto,
                y: Range::Fixed(0.0, 100.0),
            },
        },
        PlotSpec {
            id: "convergence",
            title: "The late-step averages as runs accumulate",
            kind: PlotKind::TimeSeries { traces: &["avg_reward"], y_label: "average reward, last 10 %", y: Range::Auto },
        },
    ],
    window_ms: 2000.0,
    sample_ms: 1.0,
    default_duration_ms: 500.0,
    stochastic: true,
    clock: Clock::Runs,
    offload: true,
};

pub static ENTRY: ModelEntry = ModelEntry { spec: &SPEC, build };

fn build(p: &Params, seed: u64) -> Box<dyn Model> {
    Box::new(Bandit::new(p, seed))
}

/// E[max of n independent N(0, 1)] = ∫ x n φ(x) Φ(x)^{n−1} dx, by Simpson's rule on [−12, 12]
/// (the integrand beyond is below 1e-30) with 4000 intervals.
pub fn expected_max_normal(n: usize) -> f64 {
    let (a, b, m) = (-12.0, 12.0, 4000);
    let h = (b - a) / m as f64;
    let f = |x: f64| {
        let phi = exp(-0.5 * x * x) / sqrt(2.0 * PI);
        let cdf = 0.5 * (1.0 + erf(x / std::f64::consts::SQRT_2));
        x * n as f64 * phi * crate::math::pow(cdf, n as f64 - 1.0)
    };
    let mut s = f(a) + f(b);
    for i in 1..m {
        s += f(a + i as f64 * h) * if i % 2 == 1 { 4.0 } else { 2.0 };
    }
    s * h / 3.0
}

/// Sums over runs: Σx and Σx².
#[derive(Clone, Copy, Default)]
struct Moments {
    sum: f64,
    sum2: f64,
}

impl Moments {
    fn add(&mut self, x: f64) {
        self.sum += x;
        self.sum2 += x * x;
    }
    fn mean(&self, n: usize) -> f64 {
        self.sum / n as f64
    }
    /// Standard error of the mean over n runs (n ≥ 2).
    fn sem(&self, n: usize) -> f64 {
        let nf = n as f64;
        let var = ((self.sum2 - self.sum * self.sum / nf) / (nf - 1.0)).max(0.0);
        sqrt(var / nf)
    }
}

struct Consts {
    agent: usize,
    arms: usize,
    epsilon: f64,
    beta: f64,
    c: f64,
    /// Constant step size, or None for sample averages.
    alpha: Option<f64>,
    q0: f64,
    walk_sd: Option<f64>,
    steps: usize,
}

pub struct Bandit {
    c: Consts,
    runs_done: usize,
    runs_wanted: usize,
    clock: usize,
    rng: Rng,
    optimal_reward: f64,
    /// One run's task and agent (reused).
    q_true: Vec<f64>,
    q_est: Vec<f64>,
    counts: Vec<f64>,
    probs: Vec<f64>,
    /// Per step over runs: reward, and the optimal-choice indicator (0/1).
    reward: Vec<Moments>,
    optimal: Vec<Moments>,
    /// Per run over runs: the means over the last 10 % of steps.
    late_reward: Moments,
    late_optimal: Moments,
}

impl Bandit {
    fn new(p: &Params, seed: u64) -> Self {
        let arms = p.get("arms") as usize;
        let steps = p.get("steps") as usize;
        let nonstationary = p.get("task") as usize == 1;
        let c = Consts {
            agent: p.get("agent") as usize,
            arms,
            epsilon: p.get("epsilon"),
            beta: p.get("beta"),
            c: p.get("c"),
            alpha: (p.get("update") as usize == 1).then(|| p.get("alpha")),
            q0: p.get("q0"),
            walk_sd: nonstationary.then(|| p.get("walk_sd")),
            steps,
        };
        let mut m = Bandit {
            runs_done: 0,
            runs_wanted: 0,
            clock: 0,
            rng: rng::seeded(seed),
            optimal_reward: 0.0,
            q_true: vec![0.0; arms],
            q_est: vec![0.0; arms],
            counts: vec![0.0; arms],
            probs: vec![0.0; arms],
            reward: vec![Moments::default(); steps],
            optimal: vec![Moments::default(); steps],
            late_reward: Moments::default(),
            late_optimal: Moments::default(),
            c,
        };
        m.optimal_reward = m.oracle_reward();
        m.set_params(p);
        m
    }

    /// The first step of the late window (the last 10 %, at least one step).
    fn late_start(&self) -> usize {
        self.c.steps - (self.c.steps / 10).max(1)
    }

    /// What an agent that knows q* earns on average over the late window.
    fn oracle_reward(&self) -> f64 {
        let e = expected_max_normal(self.c.arms);
        match self.c.walk_sd {
            None => e,
            Some(sd) => {
                // Step t (from 1) is played after t − 1 random steps: q* ~ N(0, (t − 1) σ²).
                let from = self.late_start();
                let total: f64 = (from..self.c.steps).map(|t| sqrt(t as f64)).sum();
                e * sd * total / (self.c.steps - from) as f64
            }
        }
    }

    /// argmax of `score(a)` over the arms, ties broken uniformly at random (reservoir sampling).
    fn argmax(&mut self, score: impl Fn(&Self, usize) -> f64) -> usize {
        let (mut best, mut best_score, mut ties) = (0, f64::NEG_INFINITY, 0u32);
        for a in 0..self.c.arms {
            let s = score(self, a);
            if s > best_score {
                (best, best_score, ties) = (a, s, 1);
            } else if s == best_score {
                ties += 1;
                if rng::below(&mut self.rng, ties) == 0 {
                    best = a;
                }
            }
        }
        best
    }

    /// The agent's choice at step t (from 1).
    fn choose(&mut self, t: usize) -> usize {
        match self.c.agent {
            0 => {
                if self.c.epsilon > 0.0 && rng::uniform(&mut self.rng) < self.c.epsilon {
                    rng::below(&mut self.rng, self.c.arms as u32) as usize
                } else {
                    self.argmax(|m, a| m.q_est[a])
                }
            }
            1 => self.softmax(),
            _ => {
                let log_t = log(t as f64);
                let c = self.c.c;
                self.argmax(|m, a| {
                    if m.counts[a] == 0.0 {
                        f64::INFINITY
                    } else {
                        m.q_est[a] + c * sqrt(log_t / m.counts[a])
                    }
                })
            }
        }
    }

    /// A draw from P(a) ∝ exp(β (Q(a) − max Q)) (shifted: no overflow).
    fn softmax(&mut self) -> usize {
        let top = self.q_est.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let mut total = 0.0;
        for a in 0..self.c.arms {
            self.probs[a] = exp(self.c.beta * (self.q_est[a] - top));
            total += self.probs[a];
        }
        let mut u = rng::uniform(&mut self.rng) * total;
        for a in 0..self.c.arms {
            u -= self.probs[a];
            if u < 0.0 {
                return a;
            }
        }
        self.c.arms - 1
    }

    /// The largest true value now.
    fn best_value(&self) -> f64 {
        self.q_true
            .iter()
            .copied()
            .fold(f64::NEG_INFINITY, f64::max)
    }

    /// One complete run: a fresh task and agent, `steps` choices, added to the sums.
    fn run(&mut self) {
        for a in 0..self.c.arms {
            self.q_true[a] = if self.c.walk_sd.is_some() {
                0.0
            } else {
                rng::normal(&mut self.rng)
            };
            self.q_est[a] = self.c.q0;
            self.counts[a] = 0.0;
        }
        let late = self.late_start();
        let (mut late_r, mut late_opt) = (0.0, 0.0);
        for step in 0..self.c.steps {
            let a = self.choose(step + 1);
            // Optimal: no arm is better (at the start of a drifting task all are equal).
            let optimal = if self.q_true[a] >= self.best_value() {
                1.0
            } else {
                0.0
            };
            let r = self.q_true[a] + rng::normal(&mut self.rng);
            self.counts[a] += 1.0;
            let rate = self.c.alpha.unwrap_or(1.0 / self.counts[a]);
            self.q_est[a] += rate * (r - self.q_est[a]);
            self.reward[step].add(r);
            self.optimal[step].add(optimal);
            if step >= late {
                late_r += r;
                late_opt += optimal;
            }
            if let Some(sd) = self.c.walk_sd {
                for q in &mut self.q_true {
                    *q += sd * rng::normal(&mut self.rng);
                }
            }
        }
        let n_late = (self.c.steps - late) as f64;
        self.late_reward.add(late_r / n_late);
        self.late_optimal.add(100.0 * late_opt / n_late);
        self.runs_done += 1;
    }

    /// A per-step curve (mean, or its SEM) over the runs so far; `scale` converts units.
    fn curve(&self, sums: &[Moments], sem: bool, scale: f64, out: &mut Vec<(f64, f64)>) {
        let n = self.runs_done;
        if n == 0 || (sem && n < 2) {
            return;
        }
        out.extend(sums.iter().enumerate().map(|(i, m)| {
            (
                (i + 1) as f64,
                scale * if sem { m.sem(n) } else { m.mean(n) },
            )
        }));
    }
}

impl Model for Bandit {
    fn time_ms(&self) -> f64 {
        self.clock as f64
    }

    fn step(&mut self, _spikes: &mut Vec<Spike>) {
        if self.runs_done < self.runs_wanted {
            self.run();
        }
        self.clock += 1;
    }

    fn sample(&self, out: &mut [f64]) {
        let n = self.runs_done.max(1);
        out[0] = self.late_reward.mean(n);
        out[1] = self.late_optimal.mean(n);
    }

    fn set_params(&mut self, p: &Params) {
        self.runs_wanted = p.get("runs") as usize;
    }

    fn measure(&self, name: &str, _rec: &Recording) -> Option<f64> {
        let n = self.runs_done;
        match name {
            "optimal_reward" => Some(self.optimal_reward),
            "avg_reward" if n > 0 => Some(self.late_reward.mean(n)),
            "pct_optimal" if n > 0 => Some(self.late_optimal.mean(n)),
            "avg_reward_sem" if n > 1 => Some(self.late_reward.sem(n)),
            "pct_optimal_sem" if n > 1 => Some(self.late_optimal.sem(n)),
            _ => None,
        }
    }

    fn profile(&self, name: &str, out: &mut Vec<(f64, f64)>) {
        out.clear();
        match name {
            "reward" => self.curve(&self.reward, false, 1.0, out),
            "reward_sem" => self.curve(&self.reward, true, 1.0, out),
            "optimal" => self.curve(&self.optimal, false, 100.0, out),
            "optimal_sem" => self.curve(&self.optimal, true, 100.0, out),
            "best" => {
                let e = expected_max_normal(self.c.arms);
                match self.c.walk_sd {
                    None => out.extend([(1.0, e), (self.c.steps as f64, e)]),
                    Some(sd) => out.extend(
                        (1..=self.c.steps)
                            .step_by(10)
                            .map(|t| (t as f64, e * sd * sqrt((t - 1) as f64))),
                    ),
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::params;

    fn experiment(preset: &str, set: &[(&str, f64)], runs: usize, seed: u64) -> Bandit {
        let mut m = Bandit::new(&params(&ENTRY, Some(preset), set), seed);
        m.runs_wanted = runs;
        for _ in 0..runs {
            m.step(&mut Vec::new());
        }
        m
    }

    fn late(m: &Bandit) -> (f64, f64, f64, f64) {
        let n = m.runs_done;
        (
            m.late_reward.mean(n),
            m.late_reward.sem(n),
            m.late_optimal.mean(n),
            m.late_optimal.sem(n),
        )
    }

    #[test]
    fn the_expected_maximum_of_normals() {
        // Closed forms: E[max of 2] = 1/√π, E[max of 3] = 3/(2√π) (e.g. David & Nagaraja,
        // Order Statistics, 3rd ed., §3.2); E[max of 10] = 1.53875 (Teichroew 1956, Ann. Math.
        // Stat. 27:410; Sutton & Barto fig. 2.2's best possible), to their 5 decimals.
        assert!((expected_max_normal(2) - 1.0 / PI.sqrt()).abs() < 1e-12);
        assert!((expected_max_normal(3) - 1.5 / PI.sqrt()).abs() < 1e-12);
        assert!(
            (expected_max_normal(10) - 1.53875).abs() < 5e-6,
            "{}",
            expected_max_normal(10)
        );
        assert_eq!(
            expected_max_normal(1).abs() < 1e-12,
            true,
            "the mean of one N(0,1) is 0"
        );
    }

    #[test]
    fn a_random_agent_earns_the_mean_and_picks_the_best_one_time_in_k() {
        // ε = 1: every choice uniform, so E[R] = E[q*] = 0 and P(optimal) = 1/k exactly.
        let m = experiment("testbed", &[("epsilon", 1.0)], 400, 1);
        let (r, r_sem, opt, opt_sem) = late(&m);
        assert!(r.abs() < 4.0 * r_sem, "reward {r} ± {r_sem}");
        assert!(
            (opt - 10.0).abs() < 4.0 * opt_sem,
            "optimal {opt} ± {opt_sem}"
        );
    }

    #[test]
    fn epsilon_greedy_approaches_the_best_arm_as_in_figure_2_2() {
        // Sutton & Barto fig. 2.2 (2000 runs): over steps 900–1000, ε = 0.1 earns about 1.35
        // (the curves read 1.3–1.4) and chooses the best arm about 80 % of the time; greedy
        // (ε = 0) about 1.0 and a third of the time. Tolerances: the readings' ranges widened
        // by 3 SEM.
        let eps = experiment("testbed", &[], 2000, 2);
        let (r, r_sem, opt, opt_sem) = late(&eps);
        assert!(
            r > 1.30 - 3.0 * r_sem && r < 1.42 + 3.0 * r_sem,
            "ε = 0.1: reward {r} ± {r_sem}"
        );
        assert!(
            opt > 75.0 - 3.0 * opt_sem && opt < 85.0 + 3.0 * opt_sem,
            "ε = 0.1: optimal {opt} ± {opt_sem}"
        );
        assert!(r < eps.optimal_reward, "below the best possible");
        let greedy = experiment("greedy", &[], 2000, 3);
        let (r, r_sem, opt, opt_sem) = late(&greedy);
        assert!(
            (r - 1.05).abs() < 0.1 + 3.0 * r_sem,
            "greedy: reward {r} ± {r_sem}"
        );
        assert!(
            (opt - 35.0).abs() < 5.0 + 3.0 * opt_sem,
            "greedy: optimal {opt} ± {opt_sem}"
        );
    }

    #[test]
    fn ucb_beats_epsilon_greedy_late_as_in_figure_2_4() {
        // Sutton & Barto fig. 2.4: UCB (c = 2) above ε-greedy (ε = 0.1) after the first steps,
        // about 1.5 against 1.35 near step 1000. The difference must exceed 4 combined SEM.
        let ucb = experiment("ucb", &[], 1000, 4);
        let eps = experiment("testbed", &[], 1000, 5);
        let ((u, us, ..), (e, es, ..)) = (late(&ucb), late(&eps));
        assert!(
            u - e > 4.0 * (us * us + es * es).sqrt(),
            "UCB {u} ± {us}, ε-greedy {e} ± {es}"
        );
        assert!(u > 1.4 && u < ucb.optimal_reward, "UCB {u}");
    }

    #[test]
    fn a_constant_step_size_tracks_a_drifting_task() {
        // Sutton & Barto exercise 2.5 (§2.5): with random-walk values, sample averages weigh old
        // rewards as much as new ones and fall behind; α = 0.1 keeps up. 5000 steps, 200 runs.
        let avg = experiment("nonstationary", &[], 200, 6);
        let con = experiment("nonstationary", &[("update", 1.0)], 200, 7);
        let ((a, as_, ao, aos), (c, cs, co, cos)) = (late(&avg), late(&con));
        assert!(
            c - a > 3.0 * (as_ * as_ + cs * cs).sqrt(),
            "reward: constant {c} ± {cs}, average {a} ± {as_}"
        );
        assert!(
            co - ao > 3.0 * (aos * aos + cos * cos).sqrt(),
            "optimal: constant {co}, average {ao}"
        );
        assert!(c < con.optimal_reward);
    }

    #[test]
    fn optimistic_greedy_explores_early_then_wins_as_in_figure_2_3() {
        // Sutton & Barto fig. 2.3: Q₁ = 5, ε = 0, α = 0.1 against Q₁ = 0, ε = 0.1, α = 0.1: the
        // optimistic agent is worse in the first steps and better late (% optimal).
        let opt = experiment("optimistic", &[], 1000, 8);
        let real = experiment("testbed", &[("update", 1.0)], 1000, 9);
        let n = 1000;
        let early = |m: &Bandit| (0..10).map(|s| m.optimal[s].mean(n)).sum::<f64>() / 10.0;
        assert!(
            early(&opt) < early(&real),
            "steps 1–10: {} vs {}",
            early(&opt),
            early(&real)
        );
        let ((_, _, o, os), (_, _, r, rs)) = (late(&opt), late(&real));
        assert!(
            o - r > 3.0 * (os * os + rs * rs).sqrt(),
            "late % optimal: optimistic {o} ± {os}, realistic {r} ± {rs}"
        );
    }

    #[test]
    fn the_experiment_stops_after_its_runs_and_a_run_allocates_nothing() {
        let mut m = Bandit::new(
            &params(&ENTRY, Some("softmax"), &[("runs", 5.0), ("steps", 100.0)]),
            1,
        );
        let caps = (m.reward.capacity(), m.probs.capacity(), m.q_true.capacity());
        for _ in 0..8 {
            m.step(&mut Vec::new());
        }
        assert_eq!((m.runs_done, m.clock), (5, 8));
        assert_eq!(
            caps,
            (m.reward.capacity(), m.probs.capacity(), m.q_true.capacity())
        );
    }
}
