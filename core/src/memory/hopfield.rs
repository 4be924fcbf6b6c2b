//! The Hopfield network: N binary units s_i = ±1 that store P = αN patterns ξ^μ as fixed points.
//!
//! Dynamics (Hopfield 1982, PNAS 79:2554): asynchronous, one unit at a time in random order,
//!   s_i ← sign(h_i + b_i),   h_i = Σ_{j≠i} J_ij s_j,
//! (a unit with h_i + b_i = 0 keeps its state). One step of the clock (Clock::Iterations) is one
//! sweep over all N units in a fresh random order.
//!
//! Energy. With J symmetric and J_ii = 0,
//!   E = −½ Σ_{i≠j} J_ij s_i s_j − Σ_i b_i s_i.
//! Flipping unit k from s_k to −s_k changes E by ΔE = 2 s_k (h_k + b_k); the update flips k only
//! when s_k has the opposite sign of h_k + b_k, so ΔE = −2 |h_k + b_k| < 0: E never increases and
//! the dynamics end in a fixed point (a local minimum of E). The measure `energy` is E/N.
//!
//! Learning rules (`rule`), all with zero diagonal:
//! - hebb: J_ij = (1/N) Σ_μ ξ_i^μ ξ_j^μ, b = 0 (Hopfield 1982).
//! - covariance, for patterns of coding level f (P(ξ = +1) = f, mean a = 2f − 1): in 0/1 units
//!   V = (1 + s)/2, η = (1 + ξ)/2, Tsodyks & Feigel'man (1988, Europhys. Lett. 6:101) use
//!   J_ij = Σ_μ (η_i − f)(η_j − f)/(N f(1 − f)) = Σ_μ (ξ_i − a)(ξ_j − a)/(N (1 − a²))
//!   with a threshold θ on Σ_j J_ij V_j. At a pattern that field is η_i − f (plus crosstalk): 1 − f
//!   for an active unit, −f for a silent one; θ = ½ − f sits midway. Rewritten for ±1 units:
//!   h_i + b_i with b_i = Σ_j J_ij − 2θ (same sign as Σ_j J_ij V_j − θ).
//! - forgetting, a palimpsest (Nadal, Toulouse, Changeux & Dehaene 1986, Europhys. Lett. 1:535;
//!   Mézard, Nadal & Toulouse 1986, J. Physique 47:1457): patterns are learnt one after the other
//!   with J ← λJ + ξ^μ ξ^μᵀ/N, so a pattern of age k (k later patterns) has weight λ^k. Its signal
//!   λ^k competes with a crosstalk of variance Σ_k λ^{2k}/N ≈ 1/(N(1 − λ²)) that no longer grows
//!   with P: the newest patterns stay retrievable, the old fade, and there is no blackout.
//!
//! Overlap with pattern μ, normalised so that it is 1 at the pattern and ≈ 0 for an unrelated
//! state, also for sparse patterns: m_μ = Σ_i (ξ_i^μ − a) s_i / Σ_i (ξ_i^μ − a) ξ_i^μ, the
//! denominator ≈ N (1 − a²) (a = 0 for f = ½: the usual m = (1/N) Σ ξ_i s_i).
//!
//! Capacity (Amit, Gutfreund & Sompolinsky 1985, PRL 55:1530; 1987, Ann. Phys. 173:30). At zero
//! temperature their replica-symmetric retrieval solution obeys, with y = m/√(2αr),
//!   m = erf(y),   y (√(2α) + (2/√π) e^{−y²}) = erf(y)
//! (Hertz, Krogh & Palmer 1991, §2.5); it exists only below α_c ≈ 0.138, where m ≈ 0.967 jumps to
//! the non-retrieval state. The Sweep overlays this m(α) (`ags`; 0 above α_c). The simple
//! signal-to-noise estimate: at a pattern, h_i ξ_i = 1 + crosstalk of variance α, so a fraction
//! 1 − Φ(1/√α) of the bits is unstable on the first update.
//!
//! `retrieved_count`: how many stored patterns are recalled, each from its own cue (corrupted as
//! `cue_flip` says), relaxing until no unit changes; recalled = final overlap ≥ 0.9. It costs P
//! relaxations, so it is computed once per network (lazily, then cached) with its own seeded
//! stream, and the per-pattern overlaps are the "recall" bars.
//!
//! Parameters: N units (shown as a ⌈√N⌉-wide image), load α = P/N, cue corruption (fraction of
//! flipped units), rule, coding level f, forgetting factor λ, the cue (the pattern of age
//! `cue_age`, a mixture of three patterns, or a random state). All rebuild the network.

use crate::math::{erf, exp, sqrt, PI};
use crate::model::*;
use crate::params::Params;
use crate::record::Recording;
use crate::rng::{self, Rng};
use std::cell::OnceCell;

const RULES: &[&str] = &["hebb", "covariance", "forgetting"];
const CUES: &[&str] = &["pattern", "mixture", "random"];
/// Final overlap above which a pattern counts as retrieved.
const RETRIEVED: f64 = 0.9;
/// Stored patterns shown in the pattern grid.
const SHOWN: usize = 8;
/// A relaxation stops after this many sweeps even if some unit still changes (it cannot cycle,
/// E decreases, but a bound keeps the cost known).
const MAX_SWEEPS: usize = 100;

pub static SPEC: ModelSpec = ModelSpec {
    id: "hopfield",
    title: "Hopfield network: memories as fixed points",
    lecture: 7,
    summary: "N binary units store P = αN random patterns with a Hebbian rule (Hopfield 1982): a corrupted cue relaxes, \
              downhill in energy, to the stored pattern, until the load α passes the capacity found by Amit, Gutfreund \
              and Sompolinsky; the covariance rule for sparse patterns and a forgetting palimpsest.",
    params: &[
        ParamSpec::int("N", "N", 64.0, 1024.0, 400.0).help("number of units (shown as a square image)").restart(),
        ParamSpec::real("alpha", r"\alpha", "", 0.0025, 0.5, 0.05, 0.0025).help("load: P = αN stored patterns").restart(),
        ParamSpec::real("cue_flip", r"\delta", "", 0.0, 0.5, 0.1, 0.01).help("fraction of the cue's units flipped").restart(),
        ParamSpec::choice("rule", r"\mathrm{rule}", RULES, 0)
            .help("Hebb, covariance (sparse patterns, Tsodyks–Feigel'man) or forgetting (palimpsest J ← λJ + ξξᵀ/N)")
            .restart(),
        ParamSpec::real("f", "f", "", 0.02, 0.5, 0.5, 0.01).help("coding level: fraction of +1 units in a pattern").restart(),
        ParamSpec::real("lambda", r"\lambda", "", 0.8, 1.0, 0.98, 0.001).help("forgetting factor of the palimpsest").restart(),
        ParamSpec::choice("cue", r"\mathrm{cue}", CUES, 0)
            .help("start from a corrupted pattern, the mixture sign(ξ¹ + ξ² + ξ³), or a random state")
            .restart(),
        ParamSpec::int("cue_age", r"\mathrm{age}", 0.0, 511.0, 0.0)
            .help("which pattern is cued: 0 = the last stored, 1 = the one before…")
            .restart(),
    ],
    presets: &[
        PresetSpec {
            name: "recall",
            description: "Low load: a cue with 10 % of its units flipped relaxes to the stored pattern within a few sweeps, \
                          the energy falling at every step.",
            values: &[],
        },
        PresetSpec {
            name: "overload",
            description: "The same network with four times as many patterns: the cue no longer leads back to its pattern.",
            values: &[("alpha", 0.2)],
        },
        PresetSpec {
            name: "mixture",
            description: "Start from the majority vote of three stored patterns: a spurious mixture state that is itself \
                          a fixed point at low load.",
            values: &[("cue", 1.0), ("cue_flip", 0.0), ("alpha", 0.02)],
        },
        PresetSpec {
            name: "sparse_covariance",
            description: "Sparse patterns (10 % active) stored with the covariance rule and a threshold: recalled.",
            values: &[("f", 0.1), ("rule", 1.0)],
        },
        PresetSpec {
            name: "sparse_hebb",
            description: "The same sparse patterns with the plain Hebb rule: their shared bias swamps the signal, and \
                          recall fails.",
            values: &[("f", 0.1), ("rule", 0.0)],
        },
        PresetSpec {
            name: "palimpsest",
            description: "A forgetting rule with a load far beyond capacity: the newest patterns are recalled, the old \
                          ones are lost (see the recall bars), no blackout.",
            values: &[("rule", 2.0), ("alpha", 0.5), ("lambda", 0.98)],
        },
    ],
    traces: &[
        TraceSpec::new("overlap", "overlap with the cued pattern", "", 10.0),
        TraceSpec::new("energy", "energy per unit E/N", "", 1e6),
    ],
    measures: &[
        MeasureSpec::new("overlap", "overlap m with the cued pattern", ""),
        MeasureSpec::new("energy", "energy per unit E/N", ""),
        MeasureSpec::new("retrieved_count", "stored patterns recalled from their cue (overlap ≥ 0.9)", ""),
    ],
    plots: &[
        PlotSpec {
            id: "state",
            title: "Cue, current state and cued pattern",
            kind: PlotKind::ImageGrid { image: "state", value_label: "s" },
        },
        PlotSpec { id: "patterns", title: "Stored patterns (the first few)", kind: PlotKind::ImageGrid { image: "patterns", value_label: "ξ" } },
        PlotSpec {
            id: "overlap",
            title: "Overlap with the cued pattern",
            kind: PlotKind::TimeSeries { traces: &["overlap"], y_label: "m", y: Range::Fixed(-0.1, 1.05) },
        },
        PlotSpec { id: "energy", title: "Energy", kind: PlotKind::TimeSeries { traces: &["energy"], y_label: "E/N", y: Range::Auto } },
        PlotSpec {
            id: "recall",
            title: "Overlap after recall, per stored pattern (1 = the first stored)",
            kind: PlotKind::Bars { bars: &["recall"], errors: &[], x_label: "pattern μ", y_label: "final overlap", y: Range::Fixed(-0.2, 1.05) },
        },
        PlotSpec {
            id: "capacity",
            title: "Recall against load, and the AGS retrieval overlap",
            kind: PlotKind::Sweep {
                param: "alpha",
                measure: "overlap",
                from: 0.025,
                to: 0.25,
                steps: 10,
                settle_ms: 0.0,
                duration_ms: 15.0,
                overlays: &["ags"],
                seeds: 3,
                y: Range::Fixed(0.0, 1.05),
            },
        },
    ],
    window_ms: 20.0,
    sample_ms: 1.0,
    default_duration_ms: 20.0,
    stochastic: true,
    clock: Clock::Iterations,
    offload: true,
};

pub static ENTRY: ModelEntry = ModelEntry { spec: &SPEC, build };

fn build(p: &Params, seed: u64) -> Box<dyn Model> {
    Box::new(Hopfield::new(p, seed))
}

/// The AGS zero-temperature retrieval overlap at load α (module doc), or 0 where the retrieval
/// solution does not exist.
pub fn ags_overlap(alpha: f64) -> f64 {
    if alpha <= 0.0 {
        return 1.0;
    }
    let g = |y: f64| erf(y) - y * (sqrt(2.0 * alpha) + 2.0 / sqrt(PI) * exp(-y * y));
    // Scan down from where g < 0 surely (y √(2α) > 1) for the largest root.
    let mut hi = 1.0 / sqrt(2.0 * alpha) + 1.0;
    let dy = 0.005;
    while hi > dy && g(hi - dy) < 0.0 {
        hi -= dy;
    }
    if hi <= dy {
        return 0.0;
    }
    let mut lo = hi - dy;
    for _ in 0..60 {
        let mid = 0.5 * (lo + hi);
        if g(mid) > 0.0 {
            lo = mid
        } else {
            hi = mid
        }
    }
    erf(0.5 * (lo + hi))
}

/// The couplings and patterns of one network, and the asynchronous dynamics on them.
struct Net {
    n: usize,
    p: usize,
    /// P × N patterns, ±1.
    xi: Vec<i8>,
    /// N × N couplings, symmetric, zero diagonal (f64: the energy test sums many small changes).
    j: Vec<f64>,
    b: Vec<f64>,
    /// Mean of a pattern bit, a = 2f − 1.
    a: f64,
}

impl Net {
    fn new(n: usize, p: usize, rule: usize, f: f64, lambda: f64, rng: &mut Rng) -> Self {
        let xi: Vec<i8> = (0..p * n)
            .map(|_| if rng::uniform(rng) < f { 1 } else { -1 })
            .collect();
        // The overlap is normalised with the patterns' own mean; only the covariance rule
        // subtracts it in the couplings.
        let a = 2.0 * f - 1.0;
        let ar = if rule == 1 { a } else { 0.0 };
        let mut j = vec![0.0; n * n];
        let mut x = vec![0.0; n];
        for mu in 0..p {
            // Weight of pattern μ: λ^(age) for the palimpsest, 1 otherwise.
            let w = match rule {
                1 => 1.0 / (n as f64 * (1.0 - a * a)),
                2 => libm::pow(lambda, (p - 1 - mu) as f64) / n as f64,
                _ => 1.0 / n as f64,
            };
            for i in 0..n {
                x[i] = xi[mu * n + i] as f64 - ar;
            }
            for i in 0..n {
                let wi = w * x[i];
                let row = &mut j[i * n..(i + 1) * n];
                for (r, &xj) in row.iter_mut().zip(&x) {
                    *r += wi * xj;
                }
            }
        }
        for i in 0..n {
            j[i * n + i] = 0.0;
        }
        let b = if rule == 1 {
            let theta = 0.5 - f;
            (0..n)
                .map(|i| j[i * n..(i + 1) * n].iter().sum::<f64>() - 2.0 * theta)
                .collect()
        } else {
            vec![0.0; n]
        };
        Net { n, p, xi, j, b, a }
    }

    fn pattern(&self, mu: usize) -> &[i8] {
        &self.xi[mu * self.n..(mu + 1) * self.n]
    }

    /// m = Σ (ξ_i − a) s_i / Σ (ξ_i − a) ξ_i: exactly 1 at the pattern even when its own coding
    /// level differs from f by chance (the denominator is ≈ N (1 − a²)).
    fn overlap(&self, mu: usize, s: &[i8]) -> f64 {
        let x = self.pattern(mu);
        let dot: f64 = x
            .iter()
            .zip(s)
            .map(|(&x, &si)| (x as f64 - self.a) * si as f64)
            .sum();
        let norm: f64 = x.iter().map(|&x| (x as f64 - self.a) * x as f64).sum();
        dot / norm.max(1e-9)
    }

    /// Local fields h = J s (without b).
    fn fields(&self, s: &[i8], h: &mut [f64]) {
        for (i, hi) in h.iter_mut().enumerate() {
            *hi = self.j[i * self.n..(i + 1) * self.n]
                .iter()
                .zip(s)
                .map(|(&jij, &sj)| jij * sj as f64)
                .sum();
        }
    }

    /// E/N from the fields.
    fn energy(&self, s: &[i8], h: &[f64]) -> f64 {
        let e: f64 = (0..self.n)
            .map(|i| -0.5 * s[i] as f64 * h[i] - self.b[i] * s[i] as f64)
            .sum();
        e / self.n as f64
    }

    /// One asynchronous sweep in a fresh random order, keeping h = J s up to date (a flip of
    /// unit k adds 2 s_k J_ik to every h_i: O(N) per flip, not per update). Returns the flips.
    fn sweep(&self, s: &mut [i8], h: &mut [f64], order: &mut [u32], rng: &mut Rng) -> usize {
        let n = self.n;
        for k in (1..n).rev() {
            order.swap(k, rng::below(rng, k as u32 + 1) as usize);
        }
        let mut flips = 0;
        for &k in order.iter() {
            let k = k as usize;
            let field = h[k] + self.b[k];
            let new = if field > 0.0 {
                1
            } else if field < 0.0 {
                -1
            } else {
                s[k]
            };
            if new != s[k] {
                s[k] = new;
                flips += 1;
                let d = 2.0 * new as f64;
                // J is symmetric: column k is row k.
                for (hi, &jik) in h.iter_mut().zip(&self.j[k * n..(k + 1) * n]) {
                    *hi += d * jik;
                }
            }
        }
        flips
    }
}

/// Flips exactly round(δN) distinct units of `s`, chosen with `order` as scratch.
fn corrupt(s: &mut [i8], delta: f64, order: &mut [u32], rng: &mut Rng) {
    let n = s.len();
    let k = ((delta * n as f64).round() as usize).min(n);
    for (i, o) in order.iter_mut().enumerate() {
        *o = i as u32;
    }
    for i in 0..k {
        let r = i + rng::below(rng, (n - i) as u32) as usize;
        order.swap(i, r);
        let u = order[i] as usize;
        s[u] = -s[u];
    }
}

pub struct Hopfield {
    net: Net,
    cue_flip: f64,
    target: usize,
    cue: Vec<i8>,
    s: Vec<i8>,
    h: Vec<f64>,
    order: Vec<u32>,
    rng: Rng,
    seed: u64,
    t: f64,
    /// Per-pattern overlap after recall from its own cue, computed on first demand.
    recall: OnceCell<Vec<f64>>,
}

impl Hopfield {
    fn new(p: &Params, seed: u64) -> Self {
        let n = p.get("N") as usize;
        let np = ((p.get("alpha") * n as f64).round() as usize).max(1);
        let rule = p.choice("rule");
        let f = if rule == 2 { 0.5 } else { p.get("f") };
        let mut rng = rng::seeded(seed);
        let net = Net::new(n, np, rule, f, p.get("lambda"), &mut rng);
        let target = np - 1 - (p.get("cue_age") as usize).min(np - 1);
        let cue_flip = p.get("cue_flip");
        let mut order: Vec<u32> = (0..n as u32).collect();
        let mut cue: Vec<i8> = net.pattern(target).to_vec();
        match p.choice("cue") {
            1 if np >= 3 => {
                for i in 0..n {
                    let v: i32 = (0..3)
                        .map(|d| net.pattern((target + np - d) % np)[i] as i32)
                        .sum();
                    cue[i] = v.signum() as i8;
                }
            }
            2 => cue
                .iter_mut()
                .for_each(|c| *c = if rng::uniform(&mut rng) < f { 1 } else { -1 }),
            _ => {}
        }
        corrupt(&mut cue, cue_flip, &mut order, &mut rng);
        let s = cue.clone();
        let mut h = vec![0.0; n];
        net.fields(&s, &mut h);
        Hopfield {
            net,
            cue_flip,
            target,
            cue,
            s,
            h,
            order,
            rng,
            seed,
            t: 0.0,
            recall: OnceCell::new(),
        }
    }

    fn energy(&self) -> f64 {
        self.net.energy(&self.s, &self.h)
    }

    /// Recall of every stored pattern from its own corrupted cue (module doc).
    fn recall(&self) -> &[f64] {
        self.recall.get_or_init(|| {
            let n = self.net.n;
            let mut rng = rng::seeded(self.seed ^ 0x9e37_79b9_7f4a_7c15);
            let (mut s, mut h, mut order) = (vec![0i8; n], vec![0.0; n], vec![0u32; n]);
            (0..self.net.p)
                .map(|mu| {
                    s.copy_from_slice(self.net.pattern(mu));
                    corrupt(&mut s, self.cue_flip, &mut order, &mut rng);
                    self.net.fields(&s, &mut h);
                    for _ in 0..MAX_SWEEPS {
                        if self.net.sweep(&mut s, &mut h, &mut order, &mut rng) == 0 {
                            break;
                        }
                    }
                    self.net.overlap(mu, &s)
                })
                .collect()
        })
    }

    /// Writes `tiles` N-unit states as ⌈√N⌉-wide images, read top-down (row 0 at the bottom).
    fn tiles(&self, states: &[&[i8]], out: &mut Image) {
        let n = self.net.n;
        let w = (sqrt(n as f64).ceil() as usize).max(1);
        let ht = n.div_ceil(w);
        out.width = w;
        out.height = ht;
        out.tiles = states.len();
        out.values.clear();
        out.values.resize(w * ht * states.len(), 0.0);
        for (t, st) in states.iter().enumerate() {
            for (i, &v) in st.iter().enumerate() {
                let (r, c) = (ht - 1 - i / w, i % w);
                out.values[t * w * ht + r * w + c] = v as f64;
            }
        }
        out.x_range = (0.0, w as f64);
        out.y_range = (0.0, ht as f64);
        out.value_range = (-1.0, 1.0);
    }
}

impl Model for Hopfield {
    fn time_ms(&self) -> f64 {
        self.t
    }

    fn step(&mut self, _spikes: &mut Vec<Spike>) {
        self.net
            .sweep(&mut self.s, &mut self.h, &mut self.order, &mut self.rng);
        self.t += 1.0;
    }

    fn sample(&self, out: &mut [f64]) {
        out[0] = self.net.overlap(self.target, &self.s);
        out[1] = self.energy();
    }

    fn set_params(&mut self, _p: &Params) {}

    fn measure(&self, name: &str, _rec: &Recording) -> Option<f64> {
        match name {
            "overlap" => Some(self.net.overlap(self.target, &self.s)),
            "energy" => Some(self.energy()),
            "retrieved_count" => {
                Some(self.recall().iter().filter(|&&m| m >= RETRIEVED).count() as f64)
            }
            _ => None,
        }
    }

    fn overlay(&self, name: &str, x: f64) -> Option<f64> {
        (name == "ags").then(|| ags_overlap(x))
    }

    fn profile(&self, name: &str, out: &mut Vec<(f64, f64)>) {
        out.clear();
        if name == "recall" {
            out.extend(
                self.recall()
                    .iter()
                    .enumerate()
                    .map(|(mu, &m)| ((mu + 1) as f64, m)),
            );
        }
    }

    fn image(&self, name: &str, out: &mut Image) {
        match name {
            "state" => self.tiles(&[&self.cue, &self.s, self.net.pattern(self.target)], out),
            "patterns" => {
                let shown: Vec<&[i8]> = (0..self.net.p.min(SHOWN))
                    .map(|mu| self.net.pattern(mu))
                    .collect();
                self.tiles(&shown, out)
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit;

    fn model(set: &[(&str, f64)], seed: u64) -> Hopfield {
        Hopfield::new(&testkit::params(&ENTRY, None, set), seed)
    }

    fn relax(m: &mut Hopfield, sweeps: usize) {
        let mut sp = Vec::new();
        for _ in 0..sweeps {
            m.step(&mut sp);
        }
    }

    #[test]
    fn ags_retrieval_solution_ends_near_alpha_c_0138() {
        // AGS 1985/1987: the retrieval solution exists up to α_c ≈ 0.138, with m ≈ 0.967 there.
        let (mut lo, mut hi) = (0.05, 0.3);
        for _ in 0..40 {
            let mid = 0.5 * (lo + hi);
            if ags_overlap(mid) > 0.0 {
                lo = mid
            } else {
                hi = mid
            }
        }
        assert!((lo - 0.138).abs() < 0.002, "alpha_c = {lo}");
        let m = ags_overlap(lo - 1e-4);
        assert!((m - 0.967).abs() < 0.01, "m at alpha_c = {m}");
        assert!(ags_overlap(0.05) > 0.999);
    }

    #[test]
    fn low_load_recall_from_a_corrupted_cue_is_perfect() {
        // α = 0.05 < α_c: the retrieval overlap of AGS is > 0.999; from a 10 % cue, m > 0.99.
        for seed in 1..=3 {
            let mut m = model(&[("N", 500.0), ("alpha", 0.05), ("cue_flip", 0.1)], seed);
            relax(&mut m, 10);
            let ov = m.net.overlap(m.target, &m.s);
            assert!(ov > 0.99, "seed {seed}: overlap {ov}");
        }
    }

    #[test]
    fn above_capacity_recall_fails() {
        // α = 0.2 > α_c ≈ 0.138 (AGS): no retrieval state; averaged over seeds m stays well below 0.9.
        let mean: f64 = (1..=3)
            .map(|seed| {
                let mut m = model(&[("N", 1000.0), ("alpha", 0.2), ("cue_flip", 0.1)], seed);
                relax(&mut m, 20);
                m.net.overlap(m.target, &m.s)
            })
            .sum::<f64>()
            / 3.0;
        assert!(mean < 0.8, "mean overlap {mean}");
    }

    /// E/N from scratch, O(N²), independent of the incremental fields.
    fn energy_direct(m: &Hopfield) -> f64 {
        let mut h = vec![0.0; m.net.n];
        m.net.fields(&m.s, &mut h);
        m.net.energy(&m.s, &h)
    }

    #[test]
    fn energy_never_increases_under_asynchronous_updates() {
        // ΔE = −2|h_k + b_k| < 0 at every flip (module doc); checked sweep by sweep from scratch,
        // for the Hebb rule beyond capacity (many flips) and the covariance rule (b ≠ 0).
        for set in [
            &[("alpha", 0.25), ("cue_flip", 0.4)][..],
            &[("rule", 1.0), ("f", 0.2), ("alpha", 0.2), ("cue", 2.0)][..],
        ] {
            let mut m = model(set, 4);
            let mut e = energy_direct(&m);
            let e0 = e;
            for _ in 0..10 {
                relax(&mut m, 1);
                let e1 = energy_direct(&m);
                assert!(e1 <= e + 1e-12, "{set:?}: energy rose from {e} to {e1}");
                assert!((m.energy() - e1).abs() < 1e-9, "incremental fields drifted");
                e = e1;
            }
            assert!(
                e < e0 - 0.05,
                "{set:?}: the energy hardly fell ({e0} → {e})"
            );
        }
    }

    #[test]
    fn covariance_rule_recalls_sparse_patterns_where_hebb_fails() {
        // f = 0.1, α = 0.05: Tsodyks–Feigel'man's rule with θ = ½ − f recalls; plain Hebb on the same
        // biased patterns has a mean crosstalk ≈ (P − 1) a³ that swamps the signal.
        for seed in 1..=2 {
            let mut cov = model(&[("f", 0.1), ("rule", 1.0), ("alpha", 0.05)], seed);
            let mut hebb = model(&[("f", 0.1), ("rule", 0.0), ("alpha", 0.05)], seed);
            relax(&mut cov, 10);
            relax(&mut hebb, 10);
            let (mc, mh) = (
                cov.net.overlap(cov.target, &cov.s),
                hebb.net.overlap(hebb.target, &hebb.s),
            );
            assert!(mc > RETRIEVED, "covariance: {mc}");
            assert!(mh < 0.5, "hebb: {mh}");
        }
    }

    #[test]
    fn palimpsest_keeps_the_newest_and_never_blacks_out() {
        // Own measurement (N = 400, λ = 0.98; no literature number quoted): the newest patterns
        // are recalled, the oldest not, and the count stays bounded as P grows, while the
        // Hebb rule at the same load recalls almost nothing (blackout above α_c).
        let count = |set: &[(&str, f64)]| {
            let m = model(set, 1);
            let r = m.recall().to_vec();
            (r.iter().filter(|&&x| x >= RETRIEVED).count(), r)
        };
        let (c1, r1) = count(&[("rule", 2.0), ("alpha", 0.25), ("lambda", 0.98)]);
        let (c2, r2) = count(&[("rule", 2.0), ("alpha", 0.5), ("lambda", 0.98)]);
        let (ch, _) = count(&[("rule", 0.0), ("alpha", 0.5)]);
        assert!(
            r2[r2.len() - 5..].iter().all(|&m| m >= RETRIEVED),
            "newest lost: {:?}",
            &r2[r2.len() - 5..]
        );
        assert!(r2[..20].iter().all(|&m| m < RETRIEVED), "oldest kept");
        assert!(c1 >= 10 && c2 >= 10, "counts {c1} {c2}");
        assert!(
            (c1 as f64 - c2 as f64).abs() <= 0.25 * c1 as f64,
            "not bounded: {c1} at P = 100, {c2} at P = 200"
        );
        assert!(ch <= 5, "Hebb at α = 0.5 recalled {ch}");
        let _ = r1;
    }
}
