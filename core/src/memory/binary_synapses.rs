//! Memories in binary synapses: every new memory overwrites the old (Amit & Fusi 1994, Neural
//! Comput. 6:957; Fusi, Drew & Abbott 2005, Neuron 45:599).
//!
//! N synapses J_j ∈ {−1, +1} onto one readout neuron. A memory is a random pattern ξ^μ ∈ {±1}^N
//! (balanced coding, f = ½: the pre–post product each synapse should remember). Storing it sets
//! each synapse, independently with probability q, to its preferred state J_j = ξ_j^μ, and
//! leaves it alone otherwise. One step of the clock (Clock::Trials) stores one new memory.
//!
//! Signal. The readout of memory μ is S = (1/N) Σ_j J_j ξ_j^μ. Right after storing (age t = 0),
//! a synapse agrees with ξ^μ for sure if it was set (probability q), and by chance otherwise
//! (J then comes from older, independent memories, ⟨J ξ⟩ = 0), so ⟨S⟩ = q. Each later memory
//! re-sets the synapse with probability q to a value independent of ξ^μ, erasing what it held, so
//! after t more memories only the fraction (1 − q)^t of the imprint survives:
//!   ⟨S(t)⟩ = q (1 − q)^t.
//! Noise. For a pattern that was never stored, Σ_j J_j ξ_j is a sum of N independent ±1 terms for
//! any J: S has mean 0 and standard deviation exactly 1/√N. Hence
//!   SNR(t) = ⟨S(t)⟩ / (1/√N) = √N q (1 − q)^t        (constant 1 with this normalisation),
//! which the "snr" profile compares with the simulation (the mean over all stored memories of
//! √N S at each age, with its standard error).
//! Lifetime. A memory is retrievable while SNR(t) ≥ θ (`threshold`); solving for t,
//!   t_max = ln(√N q / θ) / (−ln(1 − q)) ≈ ln(√N q / θ) / q,
//! 0 if even the newest memory is below θ (√N q < θ). For fixed q it grows only as ½ ln N / q:
//! doubling the synapses buys a constant number of memories. Choosing q = c/√N gives
//! t_max ≈ √N ln(c/θ)/c, largest at c = eθ, t_max = √N/(eθ): capacity ∝ √N, paid for by a signal
//! (the imprint of each memory) that is only ∝ 1/√N.
//!
//! Implementation: synapses and patterns are bit-packed (64 per word), S = 1 − 2 d/N with d the
//! Hamming distance (a popcount), and the last `MAX_AGE` + 1 patterns are kept to read their
//! signals each step. Synapses to re-set are drawn by geometric skips (q N draws per memory, not N).
//! The synapses start in a random state (the stationary state of the process).
//!
//! Parameters: N synapses, q (probability of a transition per memory), θ (the SNR needed for
//! retrieval), `probe_age` (the age whose SNR the second trace follows).

use crate::math::{log, sqrt};
use crate::model::*;
use crate::params::Params;
use crate::record::Recording;
use crate::rng::{self, Rng};
use rand::RngExt;

/// Oldest age whose signal is followed.
pub const MAX_AGE: usize = 200;

pub static SPEC: ModelSpec = ModelSpec {
    id: "binary_synapses",
    title: "Binary synapses: memories that fade as new ones arrive",
    lecture: 7,
    summary: "N binary synapses, each switched to the state a new memory prefers with probability q (Amit & Fusi 1994): \
              the signal of a memory decays as (1 − q)^age against a noise 1/√N, so the lifetime grows only with log N.",
    params: &[
        ParamSpec::int("N", "N", 100.0, 100000.0, 10000.0).log().help("number of synapses").restart(),
        ParamSpec::real("q", "q", "", 0.001, 1.0, 0.1, 0.001).log().help("probability that a memory switches a synapse to its state").restart(),
        ParamSpec::real("threshold", r"\theta", "", 0.1, 10.0, 1.0, 0.01).log().help("signal-to-noise ratio needed to retrieve a memory"),
        ParamSpec::int("probe_age", r"t_{\mathrm{probe}}", 1.0, MAX_AGE as f64, 10.0).help("age followed by the second trace"),
    ],
    presets: &[
        PresetSpec {
            name: "fast_learning",
            description: "q = 0.5: each memory is imprinted strongly, and wiped out after a handful of new ones.",
            values: &[("q", 0.5)],
        },
        PresetSpec {
            name: "slow_learning",
            description: "q = 0.02: a faint imprint that survives many more memories.",
            values: &[("q", 0.02)],
        },
        PresetSpec {
            name: "small",
            description: "N = 1000 synapses: a larger noise, so every memory drops below the threshold sooner.",
            values: &[("N", 1000.0)],
        },
    ],
    traces: &[
        TraceSpec::new("snr_new", "SNR of the memory just stored", "", 1e4),
        TraceSpec::new("snr_probe", "SNR of the memory of age t_probe", "", 1e4),
    ],
    measures: &[
        MeasureSpec::new("snr_new", "mean SNR of a memory just stored", ""),
        MeasureSpec::new("snr_new_theory", "√N q", ""),
        MeasureSpec::new("lifetime", "age at which the mean SNR falls below θ", "memories"),
        MeasureSpec::new("lifetime_theory", "ln(√N q/θ)/(−ln(1 − q))", "memories"),
    ],
    plots: &[
        PlotSpec {
            id: "snr",
            title: "Signal-to-noise ratio of a memory against its age",
            kind: PlotKind::Profile {
                curves: &["snr", "snr_theory", "threshold"],
                errors: &["snr_sem", "", ""],
                x_label: "age (memories stored since)",
                y_label: "SNR",
                x: Range::Auto,
                y: Range::Log,
            },
        },
        PlotSpec {
            id: "traces",
            title: "SNR of the newest memory and of one of age t_probe",
            kind: PlotKind::TimeSeries { traces: &["snr_new", "snr_probe"], y_label: "SNR", y: Range::Auto },
        },
        PlotSpec {
            id: "lifetime_vs_n",
            title: "Lifetime against the number of synapses",
            kind: PlotKind::Sweep {
                param: "N",
                measure: "lifetime",
                from: 100.0,
                to: 100000.0,
                steps: 7,
                settle_ms: 0.0,
                duration_ms: 300.0,
                overlays: &["lifetime_theory"],
                seeds: 2,
                y: Range::Auto,
            },
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
    Box::new(BinarySynapses::new(p, seed))
}

/// The closed form √N q (1 − q)^t.
pub fn snr_theory(n: f64, q: f64, age: f64) -> f64 {
    sqrt(n) * q * libm::pow(1.0 - q, age)
}

/// The closed-form lifetime ln(√N q/θ)/(−ln(1 − q)), 0 when √N q < θ.
pub fn lifetime_theory(n: f64, q: f64, theta: f64) -> f64 {
    let s0 = sqrt(n) * q;
    if s0 <= theta {
        0.0
    } else if q >= 1.0 {
        // Each memory erases the previous one completely: only age 0 is retrievable.
        0.0
    } else {
        log(s0 / theta) / -log(1.0 - q)
    }
}

pub struct BinarySynapses {
    n: usize,
    words: usize,
    q: f64,
    theta: f64,
    probe_age: usize,
    /// Synapses, bit set = +1.
    j: Vec<u64>,
    /// Ring of the last MAX_AGE + 1 patterns, `words` each; `head` holds the newest.
    ring: Vec<u64>,
    head: usize,
    stored: usize,
    mask: Vec<u64>,
    /// Per age: Σ S, Σ S², count.
    sum: Vec<f64>,
    sumsq: Vec<f64>,
    count: Vec<f64>,
    /// S of the newest memory and of age `probe_age`, this step.
    now: (f64, Option<f64>),
    rng: Rng,
}

impl BinarySynapses {
    fn new(p: &Params, seed: u64) -> Self {
        let n = p.get("N") as usize;
        let words = n.div_ceil(64);
        let mut rng = rng::seeded(seed);
        let mut j: Vec<u64> = (0..words).map(|_| rng.random::<u64>()).collect();
        if n % 64 != 0 {
            j[words - 1] &= (1u64 << (n % 64)) - 1;
        }
        BinarySynapses {
            n,
            words,
            q: p.get("q"),
            theta: p.get("threshold"),
            probe_age: p.get("probe_age") as usize,
            j,
            ring: vec![0; (MAX_AGE + 1) * words],
            head: 0,
            stored: 0,
            mask: vec![0; words],
            sum: vec![0.0; MAX_AGE + 1],
            sumsq: vec![0.0; MAX_AGE + 1],
            count: vec![0.0; MAX_AGE + 1],
            now: (0.0, None),
            rng,
        }
    }

    fn last_word_mask(&self) -> u64 {
        if self.n % 64 == 0 {
            u64::MAX
        } else {
            (1u64 << (self.n % 64)) - 1
        }
    }

    /// Readout S = (1/N) Σ J ξ of the pattern of age `age` (must be stored).
    fn signal(&self, age: usize) -> f64 {
        let slot = (self.head + MAX_AGE + 1 - age) % (MAX_AGE + 1);
        let pat = &self.ring[slot * self.words..(slot + 1) * self.words];
        let d: u32 = self
            .j
            .iter()
            .zip(pat)
            .map(|(a, b)| (a ^ b).count_ones())
            .sum();
        1.0 - 2.0 * d as f64 / self.n as f64
    }

    /// Mean SNR at each age with samples, and its standard error.
    fn mean_snr(&self, age: usize) -> Option<(f64, f64)> {
        let c = self.count[age];
        if c < 1.0 {
            return None;
        }
        let m = self.sum[age] / c;
        let var = if c > 1.0 {
            ((self.sumsq[age] / c - m * m) * c / (c - 1.0)).max(0.0)
        } else {
            0.0
        };
        let k = sqrt(self.n as f64);
        Some((k * m, k * sqrt(var / c)))
    }

    /// First age at which the mean SNR falls below θ, interpolated in log between ages.
    fn lifetime(&self) -> Option<f64> {
        let (s0, _) = self.mean_snr(0)?;
        if s0 < self.theta {
            return Some(0.0);
        }
        let mut prev = s0;
        for age in 1..=MAX_AGE {
            let (s, _) = self.mean_snr(age)?;
            if s < self.theta {
                let frac = if s > 0.0 {
                    log(prev / self.theta) / log(prev / s)
                } else {
                    (prev - self.theta) / (prev - s)
                };
                return Some(age as f64 - 1.0 + frac);
            }
            prev = s;
        }
        None
    }
}

impl Model for BinarySynapses {
    fn time_ms(&self) -> f64 {
        self.stored as f64
    }

    fn step(&mut self, _spikes: &mut Vec<Spike>) {
        let w = self.words;
        let last = self.last_word_mask();
        // A new pattern in the ring's next slot.
        self.head = (self.head + 1) % (MAX_AGE + 1);
        let slot = self.head * w;
        for k in 0..w {
            self.ring[slot + k] = self.rng.random::<u64>();
        }
        self.ring[slot + w - 1] &= last;
        // Synapses that switch: geometric gaps between successive chosen ones.
        self.mask.iter_mut().for_each(|m| *m = 0);
        if self.q >= 1.0 {
            self.mask.iter_mut().for_each(|m| *m = u64::MAX);
        } else if self.q > 0.0 {
            let lq = log(1.0 - self.q);
            let mut pos = 0usize;
            loop {
                let gap = (log(1.0 - rng::uniform(&mut self.rng)) / lq).floor();
                if !(gap < (self.n - pos) as f64) {
                    break;
                }
                pos += gap as usize;
                self.mask[pos / 64] |= 1u64 << (pos % 64);
                pos += 1;
                if pos >= self.n {
                    break;
                }
            }
        }
        self.mask[w - 1] &= last;
        for k in 0..w {
            let m = self.mask[k];
            self.j[k] = (self.j[k] & !m) | (self.ring[slot + k] & m);
        }
        self.stored += 1;
        let ages = self.stored.min(MAX_AGE + 1);
        for age in 0..ages {
            let s = self.signal(age);
            self.sum[age] += s;
            self.sumsq[age] += s * s;
            self.count[age] += 1.0;
        }
        self.now = (
            self.signal(0),
            (self.probe_age < ages).then(|| self.signal(self.probe_age)),
        );
    }

    fn sample(&self, out: &mut [f64]) {
        let k = sqrt(self.n as f64);
        out[0] = k * self.now.0;
        out[1] = self.now.1.map_or(0.0, |s| k * s);
    }

    fn set_params(&mut self, p: &Params) {
        self.theta = p.get("threshold");
        self.probe_age = p.get("probe_age") as usize;
    }

    fn measure(&self, name: &str, _rec: &Recording) -> Option<f64> {
        let n = self.n as f64;
        match name {
            "snr_new" => self.mean_snr(0).map(|(m, _)| m),
            "snr_new_theory" => Some(snr_theory(n, self.q, 0.0)),
            "lifetime" => self.lifetime(),
            "lifetime_theory" => Some(lifetime_theory(n, self.q, self.theta)),
            _ => None,
        }
    }

    fn overlay(&self, name: &str, x: f64) -> Option<f64> {
        (name == "lifetime_theory").then(|| lifetime_theory(x, self.q, self.theta))
    }

    fn profile(&self, name: &str, out: &mut Vec<(f64, f64)>) {
        out.clear();
        let n = self.n as f64;
        // Only positive means can be drawn on the log axis; the error bars follow the same ages.
        let sim = (0..=MAX_AGE).filter_map(|a| {
            self.mean_snr(a)
                .filter(|(m, _)| *m > 0.0)
                .map(|v| (a as f64, v))
        });
        match name {
            "snr" => out.extend(sim.map(|(a, (m, _))| (a, m))),
            "snr_sem" => out.extend(sim.map(|(a, (_, e))| (a, e))),
            "snr_theory" => out.extend(
                (0..=MAX_AGE)
                    .map(|a| (a as f64, snr_theory(n, self.q, a as f64)))
                    .filter(|(_, y)| *y > 1e-3),
            ),
            "threshold" => out.extend([(0.0, self.theta), (MAX_AGE as f64, self.theta)]),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit;

    fn run(set: &[(&str, f64)], seed: u64, memories: usize) -> BinarySynapses {
        let mut m = BinarySynapses::new(&testkit::params(&ENTRY, None, set), seed);
        let mut sp = Vec::new();
        for _ in 0..memories {
            m.step(&mut sp);
        }
        m
    }

    #[test]
    fn simulated_snr_follows_the_closed_form() {
        // SNR(t) = √N q (1 − q)^t (module doc): N = 10⁴, q = 0.1 → 10 at age 0, 3.49 at age 10.
        // Each mean is over ≥ 400 memories (standard error ≈ 0.05): 5 % + 3 SE.
        let m = run(&[("N", 10000.0), ("q", 0.1)], 1, 600);
        for age in 0..=15 {
            let (s, se) = m.mean_snr(age).unwrap();
            let th = snr_theory(1e4, 0.1, age as f64);
            assert!(
                (s - th).abs() < 0.05 * th + 3.0 * se,
                "age {age}: {s} ± {se} vs {th}"
            );
        }
        // The tolerance tells q apart: the closed form with q = 0.15 (2.95 at age 10) is excluded.
        assert!((m.mean_snr(10).unwrap().0 / snr_theory(1e4, 0.15, 10.0) - 1.0).abs() > 0.1);
    }

    #[test]
    fn lifetime_grows_with_log_n() {
        // q = 0.05, θ = 1: t_max = ln(√N q)/(−ln 0.95) = 8.9, 31.4, 53.9 for N = 10³, 10⁴, 10⁵:
        // + ln(10)/(−2 ln 0.95) = 22.4 memories per decade of N.
        let mut lt = Vec::new();
        for n in [1e3, 1e4, 1e5] {
            let m = run(&[("N", n), ("q", 0.05)], 2, 400);
            let (sim, th) = (m.lifetime().unwrap(), lifetime_theory(n, 0.05, 1.0));
            assert!((sim - th).abs() < 2.5, "N = {n}: lifetime {sim} vs {th}");
            lt.push(sim);
        }
        let per_decade = log(10.0) / (-2.0 * log(0.95));
        for d in [lt[1] - lt[0], lt[2] - lt[1]] {
            assert!(
                (d / per_decade - 1.0).abs() < 0.2,
                "{d} per decade vs {per_decade}"
            );
        }
    }

    #[test]
    fn below_threshold_nothing_is_retrievable() {
        // √N q = 10 × 0.05 = 0.5 < θ = 1: even the newest memory is lost in the noise.
        let m = run(&[("N", 100.0), ("q", 0.05)], 3, 300);
        assert_eq!(lifetime_theory(100.0, 0.05, 1.0), 0.0);
        assert_eq!(m.lifetime(), Some(0.0));
    }
}
