//! The two-step task: model-free and model-based control (Daw, Gershman, Seymour, Dayan & Dolan
//! 2011, Neuron 69:1204).
//!
//! Each trial: a first-stage choice a₁ ∈ {0, 1} leads to second-stage state s₂ = a₁ with
//! probability 0.7 (a common transition) and to the other state with 0.3 (rare). There a second
//! choice a₂ ∈ {0, 1} is rewarded (r = 1) with probability p(s₂, a₂); the four probabilities drift
//! as independent Gaussian random walks (sd 0.025 per trial) reflected at 0.25 and 0.75.
//!
//! The agent (Daw et al. 2011, Methods; Gläscher et al. 2010):
//! - model-free values by SARSA(λ): δ₁ = Q(s₂,a₂) − Q_MF(a₁), Q_MF(a₁) += α δ₁;
//!   δ₂ = r − Q(s₂,a₂), Q(s₂,a₂) += α δ₂, Q_MF(a₁) += α λ δ₂;
//! - model-based values from the transition structure (taken as known, 0.7/0.3; Daw et al. learn
//!   it, which quickly gives the same): Q_MB(a) = Σ_s P(s|a) max_a′ Q(s,a′);
//! - the hybrid Q_net(a) = w Q_MB(a) + (1 − w) Q_MF(a), w = 0 model-free, w = 1 model-based;
//! - softmax choices, P(a₁) ∝ exp(β [Q_net(a₁) + p·rep(a₁)]), rep = 1 for last trial's first
//!   choice (perseveration p), and P(a₂) ∝ exp(β Q(s₂,a₂)).
//! Daw et al. fit separate β and α for the two stages; one of each here.
//!
//! The analysis (Daw et al. 2011, Figure 2): the probability of repeating the first-stage choice
//! (stay) after a trial that was rewarded or not, through a common or a rare transition. A
//! model-free learner repeats rewarded choices whatever the transition (a main effect of reward);
//! a model-based learner knows that a reward after a rare transition speaks for the *other*
//! first-stage choice (a reward × transition interaction). Measures: the four stay probabilities,
//! `reward_effect` = (CR + RR − CU − RU)/2 and `mb_index` = (CR − RR) − (CU − RU).
//!
//! `sessions` simulated subjects run in lock-step (one clock unit = one trial of each). After
//! `trials` trials a subject is replaced by a fresh one (values reset, new reward probabilities);
//! each session slot keeps counting, and the bars show means ± SEM across slots.

use crate::math::{exp, sqrt};
use crate::model::*;
use crate::params::Params;
use crate::record::Recording;
use crate::rng::{self, Rng};

const P_COMMON: f64 = 0.7;
const DRIFT_SD: f64 = 0.025;
const P_LOW: f64 = 0.25;
const P_HIGH: f64 = 0.75;
/// Categories of the previous trial: common rewarded, rare rewarded, common unrewarded, rare unrewarded.
const CR: usize = 0;
const RR: usize = 1;
const CU: usize = 2;
const RU: usize = 3;

pub static SPEC: ModelSpec = ModelSpec {
    id: "two_step",
    title: "The two-step task: model-free and model-based choice",
    lecture: 8,
    summary: "A first choice leads, usually but not always, to one of two second-stage states whose rewards drift. \
              Whether the agent repeats a rewarded first choice after a rare transition tells model-based from \
              model-free learning (Daw et al. 2011).",
    params: &[
        ParamSpec::real("w", "w", "", 0.0, 1.0, 0.4, 0.05).help("weight of the model-based values (0 model-free, 1 model-based)"),
        ParamSpec::real("alpha", r"\alpha", "", 0.01, 1.0, 0.5, 0.01).help("learning rate of both stages"),
        ParamSpec::real("beta", r"\beta", "", 0.0, 20.0, 5.0, 0.1).help("inverse temperature of both choices"),
        ParamSpec::real("lambda", r"\lambda", "", 0.0, 1.0, 0.6, 0.05).help("eligibility: how much the final reward updates the first-stage model-free value"),
        ParamSpec::real("persev", "p", "", -1.0, 1.0, 0.1, 0.05).help("perseveration: a bonus for repeating the last first-stage choice"),
        ParamSpec::int("trials", "T", 10.0, 2000.0, 201.0).help("trials per session; then a new subject takes the slot"),
        ParamSpec::int("sessions", "S", 1.0, 1000.0, 100.0).help("simulated subjects, run side by side").restart(),
    ],
    presets: &[
        PresetSpec {
            name: "hybrid",
            description: "A mixture near the median fit of Daw et al. (w = 0.4): a main effect of reward and a smaller \
                          reward by transition interaction, as in their subjects.",
            values: &[],
        },
        PresetSpec {
            name: "model_free",
            description: "A purely model-free learner (w = 0, lambda = 1): rewarded first choices are repeated, whether \
                          the transition was common or rare.",
            values: &[("w", 0.0), ("lambda", 1.0)],
        },
        PresetSpec {
            name: "model_based",
            description: "A purely model-based learner (w = 1): after a reward reached through a rare transition it \
                          switches to the other first choice.",
            values: &[("w", 1.0)],
        },
    ],
    traces: &[
        TraceSpec::new("p_A1", "reward probability, state A, choice 1 (session 0)", "", 1.0),
        TraceSpec::new("p_A2", "reward probability, state A, choice 2 (session 0)", "", 1.0),
        TraceSpec::new("p_B1", "reward probability, state B, choice 1 (session 0)", "", 1.0),
        TraceSpec::new("p_B2", "reward probability, state B, choice 2 (session 0)", "", 1.0),
        TraceSpec::new("reward_rate", "rewards per trial so far (all sessions)", "", 1.0),
    ],
    measures: &[
        MeasureSpec::new("stay_common_rewarded", "stay probability after a rewarded common trial", ""),
        MeasureSpec::new("stay_rare_rewarded", "stay probability after a rewarded rare trial", ""),
        MeasureSpec::new("stay_common_unrewarded", "stay probability after an unrewarded common trial", ""),
        MeasureSpec::new("stay_rare_unrewarded", "stay probability after an unrewarded rare trial", ""),
        MeasureSpec::new("reward_effect", "main effect of reward on staying, (CR + RR − CU − RU)/2", ""),
        MeasureSpec::new("mb_index", "reward × transition interaction, (CR − RR) − (CU − RU)", ""),
        MeasureSpec::new("mb_index_sem", "standard error of the interaction across sessions", ""),
        MeasureSpec::new("reward_rate", "rewards per trial", ""),
    ],
    plots: &[
        PlotSpec {
            id: "stay",
            title: "Stay probability after rewarded (0) and unrewarded (1) trials, by transition (mean ± SEM over sessions)",
            kind: PlotKind::Bars {
                bars: &["common", "rare"],
                errors: &["common_sem", "rare_sem"],
                x_label: "previous trial: 0 rewarded, 1 unrewarded",
                y_label: "P(stay)",
                y: Range::Fixed(0.0, 1.0),
            },
        },
        PlotSpec {
            id: "rewards",
            title: "Drifting reward probabilities (session 0)",
            kind: PlotKind::TimeSeries { traces: &["p_A1", "p_A2", "p_B1", "p_B2"], y_label: "P(reward)", y: Range::Fixed(0.2, 0.8) },
        },
    ],
    window_ms: 500.0,
    sample_ms: 1.0,
    default_duration_ms: 600.0,
    stochastic: true,
    clock: Clock::Trials,
    offload: true,
};

pub static ENTRY: ModelEntry = ModelEntry { spec: &SPEC, build };

fn build(p: &Params, seed: u64) -> Box<dyn Model> {
    Box::new(TwoStep::new(p, seed))
}

#[derive(Clone, Copy)]
struct Settings {
    w: f64,
    alpha: f64,
    beta: f64,
    lambda: f64,
    persev: f64,
    trials: usize,
}

impl Settings {
    fn from(p: &Params) -> Self {
        Settings {
            w: p.get("w"),
            alpha: p.get("alpha"),
            beta: p.get("beta"),
            lambda: p.get("lambda"),
            persev: p.get("persev"),
            trials: p.get("trials") as usize,
        }
    }
}

/// One simulated subject and its task.
#[derive(Clone, Copy, Default)]
struct Subject {
    q_mf: [f64; 2],
    q2: [[f64; 2]; 2],
    p_reward: [[f64; 2]; 2],
    trial: usize,
    /// Last trial's first choice and its category (CR, RR, CU, RU), if any.
    prev: Option<(usize, usize)>,
}

/// Counts of a session slot: trials of each category, and stays after them.
#[derive(Clone, Copy, Default)]
struct Counts {
    n: [u32; 4],
    stay: [u32; 4],
}

pub struct TwoStep {
    t: usize,
    s: Settings,
    rng: Rng,
    subjects: Vec<Subject>,
    counts: Vec<Counts>,
    rewards: u64,
}

/// P(choose 1) of a two-way softmax.
fn p_second(beta: f64, v0: f64, v1: f64) -> f64 {
    1.0 / (1.0 + exp(-beta * (v1 - v0)))
}

impl TwoStep {
    pub fn new(p: &Params, seed: u64) -> Self {
        let n = p.get("sessions") as usize;
        let mut m = TwoStep {
            t: 0,
            s: Settings::from(p),
            rng: rng::seeded(seed),
            subjects: vec![Subject::default(); n],
            counts: vec![Counts::default(); n],
            rewards: 0,
        };
        for i in 0..n {
            m.fresh_subject(i);
        }
        m
    }

    fn fresh_subject(&mut self, i: usize) {
        let mut p = [[0.0; 2]; 2];
        for v in p.iter_mut().flatten() {
            *v = P_LOW + (P_HIGH - P_LOW) * rng::uniform(&mut self.rng);
        }
        self.subjects[i] = Subject {
            p_reward: p,
            ..Subject::default()
        };
    }

    fn choose(&mut self, beta: f64, v0: f64, v1: f64) -> usize {
        usize::from(rng::uniform(&mut self.rng) < p_second(beta, v0, v1))
    }

    fn trial(&mut self, i: usize) {
        let s = self.s;
        let mut sub = self.subjects[i];
        let max2 = |q: [f64; 2]| q[0].max(q[1]);
        let mut net = [0.0; 2];
        for (a, v) in net.iter_mut().enumerate() {
            let mb = P_COMMON * max2(sub.q2[a]) + (1.0 - P_COMMON) * max2(sub.q2[1 - a]);
            let rep = if sub.prev.is_some_and(|(pa, _)| pa == a) {
                s.persev
            } else {
                0.0
            };
            *v = s.w * mb + (1.0 - s.w) * sub.q_mf[a] + rep;
        }
        let a1 = self.choose(s.beta, net[0], net[1]);
        let common = rng::uniform(&mut self.rng) < P_COMMON;
        let s2 = if common { a1 } else { 1 - a1 };
        let a2 = self.choose(s.beta, sub.q2[s2][0], sub.q2[s2][1]);
        let rewarded = rng::uniform(&mut self.rng) < sub.p_reward[s2][a2];
        let r = f64::from(u8::from(rewarded));
        // SARSA(λ) over the two stages.
        let d1 = sub.q2[s2][a2] - sub.q_mf[a1];
        sub.q_mf[a1] += s.alpha * d1;
        let d2 = r - sub.q2[s2][a2];
        sub.q2[s2][a2] += s.alpha * d2;
        sub.q_mf[a1] += s.alpha * s.lambda * d2;
        if let Some((pa, cat)) = sub.prev {
            self.counts[i].n[cat] += 1;
            self.counts[i].stay[cat] += u32::from(pa == a1);
        }
        let cat = match (common, rewarded) {
            (true, true) => CR,
            (false, true) => RR,
            (true, false) => CU,
            (false, false) => RU,
        };
        sub.prev = Some((a1, cat));
        for v in sub.p_reward.iter_mut().flatten() {
            *v = reflect(*v + DRIFT_SD * rng::normal(&mut self.rng));
        }
        sub.trial += 1;
        self.rewards += u64::from(rewarded);
        self.subjects[i] = sub;
        if sub.trial >= s.trials {
            self.fresh_subject(i);
        }
    }

    /// Mean and SEM across the session slots where `f` is defined.
    fn across(&self, f: impl Fn(&Counts) -> Option<f64>) -> Option<(f64, f64)> {
        let (mut n, mut sum, mut sq) = (0.0, 0.0, 0.0);
        for c in &self.counts {
            if let Some(v) = f(c) {
                n += 1.0;
                sum += v;
                sq += v * v;
            }
        }
        if n == 0.0 {
            return None;
        }
        let m = sum / n;
        let var = if n > 1.0 {
            ((sq - n * m * m) / (n - 1.0)).max(0.0)
        } else {
            0.0
        };
        Some((m, sqrt(var / n)))
    }

    fn stay(c: &Counts, cat: usize) -> Option<f64> {
        (c.n[cat] > 0).then(|| f64::from(c.stay[cat]) / f64::from(c.n[cat]))
    }

    fn all_four(c: &Counts) -> Option<[f64; 4]> {
        Some([
            Self::stay(c, CR)?,
            Self::stay(c, RR)?,
            Self::stay(c, CU)?,
            Self::stay(c, RU)?,
        ])
    }

    fn mb_index(c: &Counts) -> Option<f64> {
        Self::all_four(c).map(|s| (s[CR] - s[RR]) - (s[CU] - s[RU]))
    }

    fn reward_effect(c: &Counts) -> Option<f64> {
        Self::all_four(c).map(|s| (s[CR] + s[RR] - s[CU] - s[RU]) / 2.0)
    }
}

/// A random walk kept in [0.25, 0.75] by reflection at the bounds.
fn reflect(v: f64) -> f64 {
    if v > P_HIGH {
        2.0 * P_HIGH - v
    } else if v < P_LOW {
        2.0 * P_LOW - v
    } else {
        v
    }
}

impl Model for TwoStep {
    fn time_ms(&self) -> f64 {
        self.t as f64
    }

    fn step(&mut self, _spikes: &mut Vec<Spike>) {
        for i in 0..self.subjects.len() {
            self.trial(i);
        }
        self.t += 1;
    }

    fn sample(&self, out: &mut [f64]) {
        let p = self.subjects[0].p_reward;
        out[..4].copy_from_slice(&[p[0][0], p[0][1], p[1][0], p[1][1]]);
        out[4] = if self.t > 0 {
            self.rewards as f64 / (self.t * self.subjects.len()) as f64
        } else {
            0.0
        };
    }

    fn set_params(&mut self, p: &Params) {
        self.s = Settings::from(p);
    }

    fn measure(&self, name: &str, _rec: &Recording) -> Option<f64> {
        let cat = |c: usize| self.across(|k| Self::stay(k, c)).map(|v| v.0);
        match name {
            "stay_common_rewarded" => cat(CR),
            "stay_rare_rewarded" => cat(RR),
            "stay_common_unrewarded" => cat(CU),
            "stay_rare_unrewarded" => cat(RU),
            "reward_effect" => self.across(Self::reward_effect).map(|v| v.0),
            "mb_index" => self.across(Self::mb_index).map(|v| v.0),
            "mb_index_sem" => self.across(Self::mb_index).map(|v| v.1),
            "reward_rate" => {
                (self.t > 0).then(|| self.rewards as f64 / (self.t * self.subjects.len()) as f64)
            }
            _ => None,
        }
    }

    fn profile(&self, name: &str, out: &mut Vec<(f64, f64)>) {
        out.clear();
        let (cats, sem) = match name {
            "common" => ([CR, CU], false),
            "rare" => ([RR, RU], false),
            "common_sem" => ([CR, CU], true),
            "rare_sem" => ([RR, RU], true),
            _ => return,
        };
        for (x, &c) in cats.iter().enumerate() {
            if let Some((m, e)) = self.across(|k| Self::stay(k, c)) {
                out.push((x as f64, if sem { e } else { m }));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::params;

    fn run(preset: &str, set: &[(&str, f64)], trials: usize, seed: u64) -> TwoStep {
        let mut m = TwoStep::new(&params(&ENTRY, Some(preset), set), seed);
        let mut spikes = Vec::new();
        (0..trials).for_each(|_| m.step(&mut spikes));
        m
    }

    fn get(m: &TwoStep, f: fn(&Counts) -> Option<f64>) -> (f64, f64) {
        m.across(f).unwrap()
    }

    #[test]
    fn the_reward_walks_stay_within_their_bounds() {
        let m = run("hybrid", &[("sessions", 4.0)], 3000, 1);
        for s in &m.subjects {
            assert!(s
                .p_reward
                .iter()
                .flatten()
                .all(|&p| (P_LOW..=P_HIGH).contains(&p)));
        }
        assert_eq!((reflect(0.8), reflect(0.2), reflect(0.5)), (0.7, 0.3, 0.5));
    }

    #[test]
    fn a_model_free_agent_shows_a_reward_effect_and_no_interaction() {
        // Daw et al. (2011), Figure 2A: a model-free (TD(1)) learner stays more after rewards, by
        // the same amount after common and rare transitions. 200 sessions × 201 trials: the
        // interaction must lie within 3 SEM of 0 and the reward effect beyond 5 SEM.
        let m = run("model_free", &[("sessions", 200.0)], 201, 3);
        let (mb, mb_sem) = get(&m, TwoStep::mb_index);
        let (re, re_sem) = get(&m, TwoStep::reward_effect);
        eprintln!(
            "model-free: interaction {mb:.3} ± {mb_sem:.3}, reward effect {re:.3} ± {re_sem:.3}"
        );
        assert!(mb.abs() < 3.0 * mb_sem, "interaction {mb} ± {mb_sem}");
        assert!(re > 5.0 * re_sem, "reward effect {re} ± {re_sem}");
    }

    #[test]
    fn a_model_based_agent_shows_the_interaction() {
        // Daw et al. (2011), Figure 2B: a model-based learner stays less after a rewarded rare
        // trial than after a rewarded common one, and more after an unrewarded rare trial than
        // after an unrewarded common one. Each difference beyond 3 SEM (paired across sessions).
        let m = run("model_based", &[("sessions", 200.0)], 201, 4);
        let (cr_rr, e1) = get(&m, |c| TwoStep::all_four(c).map(|s| s[CR] - s[RR]));
        let (ru_cu, e2) = get(&m, |c| TwoStep::all_four(c).map(|s| s[RU] - s[CU]));
        eprintln!("model-based: CR−RR {cr_rr:.3} ± {e1:.3}, RU−CU {ru_cu:.3} ± {e2:.3}");
        assert!(cr_rr > 3.0 * e1 && ru_cu > 3.0 * e2);
        // The hybrid lies between: its interaction is smaller than the model-based one.
        let h = run("hybrid", &[("sessions", 200.0)], 201, 4);
        let (mb_h, eh) = get(&h, TwoStep::mb_index);
        let (mb_b, eb) = get(&m, TwoStep::mb_index);
        assert!(
            mb_h > 3.0 * eh && mb_h < mb_b - 2.0 * (eh * eh + eb * eb).sqrt(),
            "hybrid {mb_h} ± {eh}, MB {mb_b} ± {eb}"
        );
    }
}
