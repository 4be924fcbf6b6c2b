//! Temporal-difference learning over a trial: the prediction error moves from the reward to the
//! cue, as the responses of dopamine neurons do.
//!
//! Schultz, Dayan & Montague (1997, Science 275:1593); Montague, Dayan & Sejnowski (1996,
//! J. Neurosci. 16:1936); Dayan & Abbott (2001) §9.2; Sutton (1988, Mach. Learn. 3:9).
//! A trial has T = `TRIAL_STEPS` time steps t = 0 … T−1. A cue (CS) appears at `t_cue`; a reward
//! of size r (`reward`) follows at `t_reward` with probability p (`p_reward`, a new draw on each
//! trial). Time since the cue is represented by a tapped delay line (the complete serial
//! compound): one input for each step since the cue, each with its own weight, so the value of
//! the state at time t is
//!   V(t) = w[t − t_cue] for t ≥ t_cue,   V(t) = 0 before the cue
//! (before the cue no input is active: the cue's own onset cannot be predicted). The error at
//! time t, when the reward of that moment r(t) arrives and the new prediction V(t) is made, is
//!   δ(t) = r(t) + γ V(t) − V(t − 1),       V(−1) = 0,
//! and it corrects the prediction that was just tested: w[t − 1 − t_cue] += ε δ(t) (online,
//! within the trial). V(t) thus learns E[r(t+1) + γ r(t+2) + …]. This is Dayan & Abbott's
//! δ(t) = r(t) + v(t+1) − v(t) with their v(t) (which includes the reward at t) relabelled one
//! step earlier, so that the cue's error appears at t_cue and the reward's at t_reward.
//!
//! After learning (E over rewards; the updates are linear in w and r, so the mean weights follow
//! the deterministic rule with r replaced by r p):
//!   V(t) = γ^{t_reward − 1 − t} r p for t_cue ≤ t < t_reward, 0 from t_reward on;
//!   δ(t_cue) = γ^{t_reward − t_cue} r p               (the cue: its value is a surprise);
//!   δ(t_reward) = r − r p = r(1 − p) on a rewarded trial, −r p on an omitted one (the dip);
//!   δ = 0 at every other time.
//! With γ = 1 every trial's errors sum to its reward: Σ_t δ(t) = Σ_t r(t) + V(T−1) − V(−1), and
//! V(T−1) stays 0 (the weights after the reward are never driven), whatever the weights: learning
//! moves the error in time, it does not create or destroy it.
//!
//! Measures (`delta_cs`, `delta_reward`, `delta_omission`) are the errors the current weights
//! give at the cue (its mean over reward draws), at a delivered reward, and at an omitted one
//! (computed from the weights even if no reward was ever omitted), averaged over the last
//! `AVERAGE` trials (fewer early in a run) to smooth the trial-to-trial noise of p < 1.

use crate::math::pow;
use crate::model::*;
use crate::params::Params;
use crate::record::Recording;
use crate::rng::{self, Rng};

/// Time steps per trial.
pub const TRIAL_STEPS: usize = 30;
/// Trials kept for the heat map.
const HEAT_ROWS: usize = 300;
/// Trials over which the measures are averaged.
const AVERAGE: usize = 200;

pub static SPEC: ModelSpec = ModelSpec {
    id: "td",
    title: "Temporal-difference learning and dopamine",
    lecture: 8,
    summary: "TD(0) with a tapped delay line after a cue: the prediction error δ moves, trial after trial, from the \
              reward back to the cue, and an omitted reward gives a dip (Schultz, Dayan & Montague 1997).",
    params: &[
        ParamSpec::real("epsilon", r"\varepsilon", "", 0.005, 1.0, 0.2, 0.005).log().help("learning rate of the weights"),
        ParamSpec::real("gamma", r"\gamma", "", 0.5, 1.0, 1.0, 0.01).help("discount factor per time step"),
        ParamSpec::int("t_cue", r"t_{\mathrm{CS}}", 1.0, 20.0, 5.0).help("time step of the cue within the trial").restart(),
        ParamSpec::int("t_reward", r"t_{\mathrm{R}}", 1.0, (TRIAL_STEPS - 1) as f64, 15.0)
            .help("time step of the reward within the trial")
            .restart(),
        ParamSpec::real("reward", "r", "", 0.0, 5.0, 1.0, 0.1).help("size of the reward"),
        ParamSpec::real("p_reward", "p", "", 0.0, 1.0, 1.0, 0.01).help("probability that a trial is rewarded"),
    ],
    presets: &[
        PresetSpec {
            name: "learning",
            description: "Every trial rewarded: the error at the reward fades and an error at the cue grows, through \
                          a wave that travels back along the delay.",
            values: &[],
        },
        PresetSpec {
            name: "omission",
            description: "One trial in ten without reward: once learned, each omission shows as a dip at the time the \
                          reward was expected.",
            values: &[("p_reward", 0.9)],
        },
        PresetSpec {
            name: "partial",
            description: "Half of the trials rewarded: the cue predicts half a reward, and both the cue and the reward \
                          keep an error.",
            values: &[("p_reward", 0.5), ("epsilon", 0.1)],
        },
        PresetSpec {
            name: "discounted",
            description: "A discount of 0.9 per step: the learned value ramps up towards the reward, and the cue's \
                          error is smaller the longer the delay.",
            values: &[("gamma", 0.9)],
        },
    ],
    traces: &[
        TraceSpec::new("delta_cue", "δ at the cue on the trial", "", 1e6),
        TraceSpec::new("delta_reward", "δ at the reward time on the trial", "", 1e6),
        TraceSpec::new("rewarded", "whether the trial was rewarded", "", 2.0),
    ],
    measures: &[
        MeasureSpec::new("delta_cs", "δ at the cue (mean over the last 200 trials)", ""),
        MeasureSpec::new("delta_reward", "δ at a delivered reward (mean over the last 200 trials)", ""),
        MeasureSpec::new("delta_omission", "δ at an omitted reward (mean over the last 200 trials)", ""),
    ],
    plots: &[
        PlotSpec {
            id: "delta_map",
            title: "Prediction error δ at each time of each trial",
            kind: PlotKind::HeatMap { image: "delta_map", x_label: "time in trial (steps)", y_label: "trial", value_label: "δ" },
        },
        PlotSpec {
            id: "trial",
            title: "The last trial: prediction error and value",
            kind: PlotKind::Profile {
                curves: &["delta", "value", "value_theory"],
                errors: &[],
                x_label: "time in trial (steps)",
                y_label: "δ, V",
                x: Range::Fixed(0.0, (TRIAL_STEPS - 1) as f64),
                y: Range::Auto,
            },
        },
        PlotSpec {
            id: "transfer",
            title: "δ at the cue and at the reward over trials",
            kind: PlotKind::TimeSeries { traces: &["delta_cue", "delta_reward"], y_label: "δ", y: Range::Auto },
        },
    ],
    window_ms: 300.0,
    sample_ms: 1.0,
    default_duration_ms: 300.0,
    stochastic: true,
    clock: Clock::Trials,
    offload: false,
};

pub static ENTRY: ModelEntry = ModelEntry { spec: &SPEC, build };

fn build(p: &Params, seed: u64) -> Box<dyn Model> {
    Box::new(Td::new(p, seed))
}

pub struct Td {
    trials: usize,
    rng: Rng,
    epsilon: f64,
    gamma: f64,
    reward: f64,
    p_reward: f64,
    t_cue: usize,
    t_reward: usize,
    /// Delay-line weights: w[k] is the value k steps after the cue.
    w: Vec<f64>,
    /// δ over the last trial, and whether it was rewarded.
    delta: Vec<f64>,
    rewarded: bool,
    /// δ of the last HEAT_ROWS trials (ring buffer of rows).
    heat: Vec<f64>,
    /// The measures' values after each of the last AVERAGE trials (ring buffers).
    recent: [Vec<f64>; 3],
}

impl Td {
    fn new(p: &Params, seed: u64) -> Self {
        let mut m = Td {
            trials: 0,
            rng: rng::seeded(seed),
            epsilon: 0.0,
            gamma: 1.0,
            reward: 0.0,
            p_reward: 0.0,
            t_cue: p.get("t_cue") as usize,
            t_reward: p.get("t_reward") as usize,
            w: vec![0.0; TRIAL_STEPS],
            delta: vec![0.0; TRIAL_STEPS],
            rewarded: false,
            heat: vec![0.0; HEAT_ROWS * TRIAL_STEPS],
            recent: [vec![0.0; AVERAGE], vec![0.0; AVERAGE], vec![0.0; AVERAGE]],
        };
        m.set_params(p);
        m
    }

    /// V(t): the delay line's weight for the time since the cue, 0 before the cue.
    fn value(&self, t: usize) -> f64 {
        if t >= self.t_cue {
            self.w[t - self.t_cue]
        } else {
            0.0
        }
    }

    /// δ(t) for a reward r_t at t, from the current weights.
    fn error(&self, t: usize, r_t: f64) -> f64 {
        let before = if t == 0 { 0.0 } else { self.value(t - 1) };
        r_t + self.gamma * self.value(t) - before
    }

    /// One trial of TD(0), online.
    fn trial(&mut self) {
        self.rewarded = rng::uniform(&mut self.rng) < self.p_reward;
        for t in 0..TRIAL_STEPS {
            let r_t = if t == self.t_reward && self.rewarded {
                self.reward
            } else {
                0.0
            };
            let d = self.error(t, r_t);
            self.delta[t] = d;
            // The prediction just tested was V(t − 1); before the cue there is none to correct.
            if t > self.t_cue {
                self.w[t - 1 - self.t_cue] += self.epsilon * d;
            }
        }
        let row = self.trials % HEAT_ROWS;
        self.heat[row * TRIAL_STEPS..(row + 1) * TRIAL_STEPS].copy_from_slice(&self.delta);
        let slot = self.trials % AVERAGE;
        let expected = self.expected_errors();
        for (buf, v) in self.recent.iter_mut().zip(expected) {
            buf[slot] = v;
        }
        self.trials += 1;
    }

    /// The errors the current weights give: at the cue (mean over reward draws), at a delivered
    /// reward, at an omitted one.
    fn expected_errors(&self) -> [f64; 3] {
        let (tc, tr) = (self.t_cue, self.t_reward);
        let at_cue = self.error(
            tc,
            if tr == tc {
                self.p_reward * self.reward
            } else {
                0.0
            },
        );
        [at_cue, self.error(tr, self.reward), self.error(tr, 0.0)]
    }

    fn recent_mean(&self, k: usize) -> Option<f64> {
        let n = self.trials.min(AVERAGE);
        (n > 0).then(|| {
            // The ring holds the last n trials in some order: sum the filled slots.
            let filled = if self.trials >= AVERAGE {
                &self.recent[k][..]
            } else {
                &self.recent[k][..n]
            };
            filled.iter().sum::<f64>() / n as f64
        })
    }

    /// The value after learning: γ^{t_R − 1 − t} r p between the cue and the reward.
    fn value_theory(&self, t: usize) -> f64 {
        if t >= self.t_cue && t < self.t_reward {
            pow(self.gamma, (self.t_reward - 1 - t) as f64) * self.reward * self.p_reward
        } else {
            0.0
        }
    }
}

impl Model for Td {
    fn time_ms(&self) -> f64 {
        self.trials as f64
    }

    fn step(&mut self, _spikes: &mut Vec<Spike>) {
        self.trial();
    }

    fn sample(&self, out: &mut [f64]) {
        out[0] = self.delta[self.t_cue];
        out[1] = self.delta[self.t_reward];
        out[2] = f64::from(u8::from(self.rewarded));
    }

    fn set_params(&mut self, p: &Params) {
        self.epsilon = p.get("epsilon");
        self.gamma = p.get("gamma");
        self.reward = p.get("reward");
        self.p_reward = p.get("p_reward");
    }

    fn measure(&self, name: &str, _rec: &Recording) -> Option<f64> {
        match name {
            "delta_cs" => self.recent_mean(0),
            "delta_reward" => self.recent_mean(1),
            "delta_omission" => self.recent_mean(2),
            _ => None,
        }
    }

    fn profile(&self, name: &str, out: &mut Vec<(f64, f64)>) {
        out.clear();
        let steps = 0..TRIAL_STEPS;
        match name {
            "delta" if self.trials > 0 => out.extend(steps.map(|t| (t as f64, self.delta[t]))),
            "value" => out.extend(steps.map(|t| (t as f64, self.value(t)))),
            "value_theory" => out.extend(steps.map(|t| (t as f64, self.value_theory(t)))),
            _ => {}
        }
    }

    fn image(&self, name: &str, out: &mut Image) {
        if name != "delta_map" {
            return;
        }
        let rows = self.trials.min(HEAT_ROWS);
        let first = self.trials - rows;
        out.width = TRIAL_STEPS;
        out.height = rows.max(1);
        out.tiles = 1;
        out.values.clear();
        out.values.resize(out.width * out.height, 0.0);
        let mut biggest: f64 = 0.0;
        // Row 0 (the bottom) is the oldest trial kept.
        for i in 0..rows {
            let src = (first + i) % HEAT_ROWS;
            let row = &self.heat[src * TRIAL_STEPS..(src + 1) * TRIAL_STEPS];
            out.values[i * TRIAL_STEPS..(i + 1) * TRIAL_STEPS].copy_from_slice(row);
            biggest = row.iter().fold(biggest, |b, v| b.max(v.abs()));
        }
        out.x_range = (-0.5, TRIAL_STEPS as f64 - 0.5);
        out.y_range = (first as f64, (first + rows.max(1)) as f64);
        // Symmetric about 0, so that the colour of zero error does not move.
        let top = if biggest > 1e-12 { biggest } else { 1.0 };
        out.value_range = (-top, top);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::params;

    fn model(preset: &str, set: &[(&str, f64)], seed: u64) -> Td {
        Td::new(&params(&ENTRY, Some(preset), set), seed)
    }

    fn trials(m: &mut Td, n: usize) {
        for _ in 0..n {
            m.step(&mut Vec::new());
        }
    }

    fn measures(m: &Td) -> [f64; 3] {
        let rec = Recording::new(0, crate::record::Retention::All);
        ["delta_cs", "delta_reward", "delta_omission"].map(|k| m.measure(k, &rec).unwrap())
    }

    #[test]
    fn after_learning_the_error_sits_at_the_cue() {
        // Schultz, Dayan & Montague (1997), fig. 1; Dayan & Abbott fig. 9.2: every trial rewarded,
        // γ = 1: δ(cue) = r, δ(reward) = 0, an omission gives −r; δ = 0 elsewhere. 2000 trials
        // at ε = 0.2 converge to 1e-9.
        for r in [1.0, 2.5] {
            let mut m = model("learning", &[("reward", r)], 1);
            trials(&mut m, 2000);
            let [cs, rew, om] = measures(&m);
            assert!(
                (cs - r).abs() < 1e-9 && rew.abs() < 1e-9 && (om + r).abs() < 1e-9,
                "{cs} {rew} {om}"
            );
            for t in (0..TRIAL_STEPS).filter(|&t| t != 5) {
                assert!(m.delta[t].abs() < 1e-9, "δ({t}) = {}", m.delta[t]);
            }
        }
    }

    #[test]
    fn discounting_shrinks_the_error_at_the_cue() {
        // V(t) = γ^{t_R − 1 − t} r: δ(cue) = γ^{t_R − t_cue} r = 0.9^10 (Sutton & Barto §6; the
        // same closed form as above with γ < 1).
        let mut m = model("discounted", &[], 1);
        trials(&mut m, 3000);
        let [cs, rew, om] = measures(&m);
        assert!(
            (cs - pow(0.9, 10.0)).abs() < 1e-9 && rew.abs() < 1e-9 && (om + 1.0).abs() < 1e-9,
            "{cs} {rew} {om}"
        );
        for t in 0..TRIAL_STEPS {
            assert!((m.value(t) - m.value_theory(t)).abs() < 1e-9, "V({t})");
        }
    }

    #[test]
    fn partial_reinforcement_leaves_errors_at_cue_and_reward() {
        // Fiorillo, Tobler & Schultz (2003, Science 299:1898) and the closed form: δ(cue) = r p,
        // δ(reward) = r(1 − p), δ(omission) = −r p. The mean weights follow the rule with reward
        // r p exactly (the update is linear); each seed's 200-trial mean has a standard deviation
        // of about r √(p(1 − p)/200) ≈ 0.035 at most, so 16 seeds give 0.009: tolerance 0.035 (4 SD).
        for p in [0.25, 0.5] {
            let mut sums = [0.0; 3];
            let seeds = 16;
            for seed in 0..seeds {
                let mut m = model("partial", &[("p_reward", p)], seed);
                trials(&mut m, 600);
                for (s, v) in sums.iter_mut().zip(measures(&m)) {
                    *s += v / seeds as f64;
                }
            }
            let want = [p, 1.0 - p, -p];
            for k in 0..3 {
                assert!(
                    (sums[k] - want[k]).abs() < 0.035,
                    "p {p}: measure {k} = {} vs {}",
                    sums[k],
                    want[k]
                );
            }
        }
    }

    #[test]
    fn the_errors_of_a_trial_sum_to_its_reward() {
        // γ = 1: Σ_t δ(t) telescopes to the reward of the trial, whatever the weights, exactly.
        let mut m = model("omission", &[("p_reward", 0.6)], 3);
        for _ in 0..400 {
            m.step(&mut Vec::new());
            let want = if m.rewarded { 1.0 } else { 0.0 };
            let sum: f64 = m.delta.iter().sum();
            assert!((sum - want).abs() < 1e-12, "trial {}: Σδ = {sum}", m.trials);
        }
    }

    #[test]
    fn the_error_moves_from_the_reward_to_the_cue() {
        // Schultz et al. (1997) fig. 1: first trial, δ only at the reward; then the centre of the
        // error travels back, never forwards, until it sits at the cue.
        let mut m = model("learning", &[("epsilon", 0.1)], 1);
        m.step(&mut Vec::new());
        for t in 0..TRIAL_STEPS {
            assert_eq!(
                m.delta[t],
                if t == 15 { 1.0 } else { 0.0 },
                "first trial, t = {t}"
            );
        }
        let centre = |m: &Td| {
            let (mut s, mut st) = (0.0, 0.0);
            for (t, d) in m.delta.iter().enumerate() {
                s += d.max(0.0);
                st += t as f64 * d.max(0.0);
            }
            st / s
        };
        let mut last = centre(&m);
        let mut middle_seen = false;
        for _ in 0..1500 {
            m.step(&mut Vec::new());
            let c = centre(&m);
            assert!(
                c <= last + 1e-9,
                "trial {}: the error's centre moved later, {last} → {c}",
                m.trials
            );
            middle_seen |= c > 7.0 && c < 13.0;
            last = c;
        }
        assert!(
            middle_seen,
            "the error passed through the middle of the delay"
        );
        assert!(
            (last - 5.0).abs() < 1e-6,
            "the error ends at the cue: centre {last}"
        );
    }

    #[test]
    fn an_omitted_reward_gives_a_dip_on_the_trial() {
        // After learning with p = 0.9 (1000 trials), each omitted trial's δ at the reward time is
        // negative, ≈ −r p (the weight near the reward fluctuates: within 0.3).
        let mut m = model("omission", &[], 7);
        trials(&mut m, 1000);
        let mut omissions = 0;
        for _ in 0..300 {
            m.step(&mut Vec::new());
            if !m.rewarded {
                omissions += 1;
                let d = m.delta[15];
                assert!(
                    d < 0.0 && (d + 0.9).abs() < 0.3,
                    "δ at an omitted reward {d}"
                );
            }
        }
        assert!(omissions > 10, "{omissions} omissions");
    }
}
