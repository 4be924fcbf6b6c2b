//! The perceptron: its learning rule in the plane, and its capacity in N dimensions.
//!
//! A perceptron outputs sign(w·x). Given P patterns ξ^μ with labels σ^μ = ±1, a problem is
//! solvable (linearly separable through the origin) iff some w gives σ^μ w·ξ^μ > 0 for all μ.
//!
//! **task = points** (Rosenblatt 1958, Psychol. Rev. 65:386; Dayan & Abbott §8.4). `n_points`
//! points x in the square [−1, 1]², labelled by a random teacher line u·x + b₀ = 0: each point
//! is drawn on its class's side at signed distance σ(u·x + b₀) ≥ `gap`/2 (a negative gap lets
//! the two classes overlap by |gap|/2, and the set may not be separable). The perceptron works
//! on the augmented input x̃ = (x₁, x₂, 1), so that the third weight is the threshold, starts
//! from w̃ = 0, and sees one point per trial (in a new random order each pass):
//!   if σ w̃·x̃ ≤ 0:  w̃ ← w̃ + η σ x̃.
//! Novikoff (1962, Symp. Math. Theory of Automata 12:615): on a separable set it makes at most
//! (R/γ)² updates, R = max |x̃|, γ = max_{|v|=1} min_μ σ^μ v·x̃^μ the best margin. From w̃ = 0
//! every w̃ is η times a sum of ±x̃, so η changes nothing but the length of w̃.
//!
//! **task = capacity** (Cover 1965, IEEE Trans. Electron. Comput. EC-14:326; Gardner 1988,
//! J. Phys. A 21:257). Each trial is a fresh random problem: P = round(αN) patterns in N
//! dimensions, components independent Gaussian N(0, 1) (`patterns = gaussian`) or ±1 with equal
//! probability (`binary`), labels ±1 with equal probability. Stabilities are measured as in
//! Gardner: Δ^μ = σ^μ w·ξ^μ/|w| with components of unit variance, so |ξ| ≈ √N; the problem is
//! solved with stability κ iff the optimal stability κ_opt = max_w min_μ Δ^μ is ≥ κ (> 0 for κ = 0).
//! κ_opt is computed exactly: with y^μ = σ^μ ξ^μ, minimax duality gives
//!   κ_opt = max_{|w|=1} min_μ w·y^μ = min_{λ ∈ simplex} |Σ_μ λ_μ y^μ|
//! (when positive; otherwise 0 lies in the convex hull of the y^μ and no w exists), the
//! distance from the origin to the convex hull: the hard-margin SVM without threshold. It is
//! found by Wolfe's minimum-norm-point algorithm (Wolfe 1976, Math. Programming 11:128), which
//! ends in finitely many steps at the exact optimum (up to rounding): `MinNorm` below. The
//! perceptron algorithm itself would not do, as it never ends on a non-separable problem.
//! Cover's count of the dichotomies of P points in general position that a hyperplane through
//! the origin realises,
//!   C(P, N) = 2 Σ_{k=0}^{N−1} binom(P−1, k),   p_cover = C(P, N)/2^P,
//! is the exact probability for Gaussian patterns and κ = 0 (in log space here, no overflow).
//! Gardner's capacity for N → ∞, where the fraction becomes a step at
//!   α_c(κ) = [∫_{−κ}^∞ Dt (t + κ)²]^{−1},   ∫_{−κ}^∞ Dt (t + κ)² = (1 + κ²) Φ(κ) + κ φ(κ),
//! Dt = φ(t) dt the standard Gaussian measure and Φ its distribution function.
//!
//! Parameters: N (inputs), alpha (P/N), kappa (required stability, in the units above),
//! patterns; n_points, gap (in units of the square's half-width), eta (learning rate, no unit).

use crate::math::{erfc, exp, hypot, log, sqrt, PI};
use crate::model::*;
use crate::params::Params;
use crate::record::Recording;
use crate::rng::{self, Rng};

/// Verdicts remembered for `p_separable` over the recording (the page keeps a window).
const MEMORY: usize = 20_000;

pub static SPEC: ModelSpec = ModelSpec {
    id: "perceptron",
    title: "The perceptron: learning rule and capacity",
    lecture: 7,
    summary: "Rosenblatt's rule moves a line until two classes of points are separated; for random patterns in N \
              dimensions, an exact test decides how many can be separated: Cover's count and Gardner's capacity.",
    params: &[
        ParamSpec::choice("task", "task", &["points", "capacity"], 0)
            .help("points: the rule learning a 2-D set live; capacity: one random problem per trial, decided exactly")
            .restart(),
        ParamSpec::int("N", "N", 2.0, 200.0, 20.0).help("capacity: number of inputs").restart(),
        ParamSpec::real("alpha", r"\alpha", "", 0.1, 5.0, 1.5, 0.05).help("capacity: load α = P/N (P = round(αN) patterns)").restart(),
        ParamSpec::real("kappa", r"\kappa", "", 0.0, 2.0, 0.0, 0.05)
            .help("capacity: required stability σ w·ξ/|w| (pattern components of unit variance)")
            .restart(),
        ParamSpec::choice("patterns", "patterns", &["gaussian", "binary"], 0)
            .help("capacity: pattern components N(0,1), or ±1 (not in general position)")
            .restart(),
        ParamSpec::int("n_points", "P_2", 4.0, 200.0, 40.0).help("points: number of points in the plane").restart(),
        ParamSpec::real("gap", "g", "", -0.5, 0.5, 0.2, 0.01)
            .help("points: empty band around the teacher line (negative: the classes overlap)")
            .restart(),
        ParamSpec::real("eta", r"\eta", "", 0.01, 10.0, 1.0, 0.01).log().help("points: learning rate of the perceptron rule"),
    ],
    presets: &[
        PresetSpec {
            name: "points",
            description: "Two separable classes in the plane: each misclassified point drags the line towards it, and \
                          after a few passes no point is misclassified any more.",
            values: &[],
        },
        PresetSpec {
            name: "overlap",
            description: "The classes overlap: no line separates them (the exact test says so), and the perceptron's \
                          line never settles.",
            values: &[("gap", -0.4)],
        },
        PresetSpec {
            name: "capacity",
            description: "One random problem per trial, 20 inputs, Gaussian patterns: the running fraction of problems \
                          that a perceptron can solve. Sweep the load to see the fraction fall.",
            values: &[("task", 1.0)],
        },
        PresetSpec {
            name: "margin",
            description: "The same, but a solution must have stability at least 0.5: fewer problems are solved at the \
                          same load, and the fall moves to a smaller load.",
            values: &[("task", 1.0), ("kappa", 0.5)],
        },
    ],
    traces: &[
        TraceSpec::new("p_separable", "fraction of problems separable (points: the set is)", "", 2.0),
        TraceSpec::new("kappa_opt", "optimal stability of the last problem (0: not separable)", "", 1e6),
        TraceSpec::new("updates", "perceptron updates so far (points task)", "", 1e12),
    ],
    measures: &[
        MeasureSpec::new("p_separable", "fraction of problems separable with stability κ (points: 1 if the set is)", ""),
        MeasureSpec::new("p_cover", "Cover's fraction C(P,N)/2^P at P = round(αN) (κ = 0)", ""),
        MeasureSpec::new("alpha_c_gardner", "Gardner's capacity α_c(κ), N → ∞", ""),
    ],
    plots: &[
        PlotSpec {
            id: "plane",
            title: "Points, the perceptron's line and weight vector (capacity: the last problem seen edge-on)",
            kind: PlotKind::Plane {
                points: &["class_plus", "class_minus"],
                lines: &["boundary"],
                vectors: &["weight"],
                background: "",
                x_label: "x₁",
                y_label: "x₂",
                x: Range::Auto,
                y: Range::Auto,
            },
        },
        PlotSpec {
            id: "capacity",
            title: "Fraction of separable problems against the load, Cover's count and Gardner's limit",
            kind: PlotKind::Sweep {
                param: "alpha",
                measure: "p_separable",
                from: 0.25,
                to: 4.0,
                steps: 16,
                settle_ms: 0.0,
                duration_ms: 50.0,
                overlays: &["p_cover", "gardner"],
                seeds: 4,
                y: Range::Fixed(0.0, 1.05),
            },
        },
        PlotSpec {
            id: "stability",
            title: "Optimal stability of the recent problems",
            kind: PlotKind::Histogram { values: "kappa_opt", bins: 30, x: Range::Auto, x_label: "κ_opt", density: false, overlay: "" },
        },
        PlotSpec {
            id: "running",
            title: "Running fraction of separable problems",
            kind: PlotKind::TimeSeries { traces: &["p_separable"], y_label: "fraction", y: Range::Fixed(0.0, 1.05) },
        },
        PlotSpec {
            id: "updates",
            title: "Perceptron updates (points task)",
            kind: PlotKind::TimeSeries { traces: &["updates"], y_label: "updates", y: Range::Auto },
        },
    ],
    window_ms: 500.0,
    sample_ms: 1.0,
    default_duration_ms: 200.0,
    stochastic: true,
    clock: Clock::Trials,
    offload: true,
};

pub static ENTRY: ModelEntry = ModelEntry { spec: &SPEC, build };

/// Cover's fraction C(P, N)/2^P = 2^{1−P} Σ_{k=0}^{N−1} binom(P−1, k), summed in log space.
pub fn cover_fraction(p: usize, n: usize) -> f64 {
    if p <= n {
        return 1.0;
    }
    if n == 0 {
        return 0.0;
    }
    let m = (p - 1) as f64;
    // ln binom(m, k) by the ratio binom(m, k+1)/binom(m, k) = (m − k)/(k + 1); terms increase up to k = m/2.
    let mut ln_b = 0.0;
    let mut max = f64::NEG_INFINITY;
    // Two passes (the largest term, then the scaled sum): no buffer.
    for k in 0..n {
        max = max.max(ln_b);
        ln_b += log((m - k as f64) / (k as f64 + 1.0));
    }
    let mut sum = 0.0;
    ln_b = 0.0;
    for k in 0..n {
        sum += exp(ln_b - max);
        ln_b += log((m - k as f64) / (k as f64 + 1.0));
    }
    exp(max + log(sum) - m * std::f64::consts::LN_2).min(1.0)
}

/// ∫_{−κ}^∞ Dt (t + κ)² = (1 + κ²) Φ(κ) + κ φ(κ).
pub fn gardner_integral(kappa: f64) -> f64 {
    let phi_cdf = 0.5 * erfc(-kappa / std::f64::consts::SQRT_2);
    let phi = exp(-0.5 * kappa * kappa) / sqrt(2.0 * PI);
    (1.0 + kappa * kappa) * phi_cdf + kappa * phi
}

/// Gardner's capacity α_c(κ) (1988).
pub fn alpha_c(kappa: f64) -> f64 {
    1.0 / gardner_integral(kappa)
}

/// Wolfe's minimum-norm point of the convex hull of p vectors of dimension n (vector μ at
/// y[μn..(μ+1)n]). Keeps a "corral" S of affinely independent points and the Cholesky factor
/// R (upper, RᵀR = 11ᵀ + Y_SᵀY_S) of Wolfe's bordered Gram matrix, updated by one column when
/// a point enters and by Givens rotations when one leaves. Buffers are sized once.
pub struct MinNorm {
    n: usize,
    cap: usize,
    s: Vec<usize>,
    lam: Vec<f64>,
    mu: Vec<f64>,
    z: Vec<f64>,
    r: Vec<f64>,
    /// The minimum-norm point.
    pub x: Vec<f64>,
}

impl MinNorm {
    pub fn new(n: usize) -> Self {
        let cap = n + 2;
        MinNorm {
            n,
            cap,
            s: Vec::with_capacity(cap),
            lam: Vec::with_capacity(cap),
            mu: vec![0.0; cap],
            z: vec![0.0; cap],
            r: vec![0.0; cap * cap],
            x: vec![0.0; n],
        }
    }

    fn y<'a>(&self, y: &'a [f64], j: usize) -> &'a [f64] {
        &y[j * self.n..(j + 1) * self.n]
    }

    /// Adds point j to the corral: one new column of R. False if it is affinely dependent on S.
    fn add(&mut self, y: &[f64], j: usize) -> bool {
        let k = self.s.len();
        if k == self.cap {
            return false;
        }
        let (c, yj) = (self.cap, self.y(y, j));
        let mjj = 1.0 + dot(yj, yj);
        let mut rr = 0.0;
        for i in 0..k {
            let mut v = 1.0 + dot(self.y(y, self.s[i]), yj);
            for l in 0..i {
                v -= self.r[l * c + i] * self.r[l * c + k];
            }
            v /= self.r[i * c + i];
            self.r[i * c + k] = v;
            rr += v * v;
        }
        let d2 = mjj - rr;
        if d2 <= 1e-12 * mjj {
            return false;
        }
        self.r[k * c + k] = sqrt(d2);
        self.s.push(j);
        self.lam.push(0.0);
        true
    }

    /// Removes the corral's q-th point: deletes column q of R and restores its triangle.
    fn remove(&mut self, q: usize) {
        let (k, c) = (self.s.len(), self.cap);
        for row in 0..k {
            for col in q..k - 1 {
                self.r[row * c + col] = self.r[row * c + col + 1];
            }
        }
        for col in q..k - 1 {
            let (a, b) = (self.r[col * c + col], self.r[(col + 1) * c + col]);
            let h = hypot(a, b);
            let (cs, sn) = (a / h, b / h);
            for l in col..k - 1 {
                let (u, v) = (self.r[col * c + l], self.r[(col + 1) * c + l]);
                self.r[col * c + l] = cs * u + sn * v;
                self.r[(col + 1) * c + l] = -sn * u + cs * v;
            }
        }
        self.s.remove(q);
        self.lam.remove(q);
    }

    /// μ = argmin |Y_S μ|² subject to Σμ = 1: solves (11ᵀ + G) μ̄ = 1 and normalises.
    fn affine_min(&mut self) {
        let (k, c) = (self.s.len(), self.cap);
        for i in 0..k {
            let mut v = 1.0;
            for l in 0..i {
                v -= self.r[l * c + i] * self.z[l];
            }
            self.z[i] = v / self.r[i * c + i];
        }
        for i in (0..k).rev() {
            let mut v = self.z[i];
            for l in i + 1..k {
                v -= self.r[i * c + l] * self.mu[l];
            }
            self.mu[i] = v / self.r[i * c + i];
        }
        let sum: f64 = self.mu[..k].iter().sum();
        self.mu[..k].iter_mut().for_each(|m| *m /= sum);
    }

    fn update_x(&mut self, y: &[f64]) {
        self.x.iter_mut().for_each(|v| *v = 0.0);
        for (i, &j) in self.s.iter().enumerate() {
            let l = self.lam[i];
            for (xv, yv) in self.x.iter_mut().zip(&y[j * self.n..(j + 1) * self.n]) {
                *xv += l * yv;
            }
        }
    }

    /// The distance from the origin to the convex hull of the p points (0 if inside).
    pub fn solve(&mut self, y: &[f64], p: usize) -> f64 {
        self.s.clear();
        self.lam.clear();
        if p == 0 {
            return 0.0;
        }
        let norm2 = |j: usize| dot(self.y(y, j), self.y(y, j));
        let first = (0..p)
            .min_by(|&a, &b| norm2(a).total_cmp(&norm2(b)))
            .unwrap();
        let big = (0..p).map(norm2).fold(0.0, f64::max);
        self.add(y, first);
        self.lam[0] = 1.0;
        self.update_x(y);
        for _ in 0..(50 * p + 1000) {
            let xx = dot(&self.x, &self.x);
            if xx <= 1e-24 * big {
                break; // the origin is in the hull
            }
            let (j, xy) = (0..p)
                .map(|j| (j, dot(&self.x, self.y(y, j))))
                .min_by(|a, b| a.1.total_cmp(&b.1))
                .unwrap();
            // Optimal when no point lies beyond the plane through x orthogonal to x (Wolfe's test).
            if xx - xy <= 1e-12 * big || self.s.contains(&j) || !self.add(y, j) {
                break;
            }
            self.minor_cycles(y);
        }
        sqrt(dot(&self.x, &self.x))
    }

    /// Moves x to the affine minimum of the corral, dropping points until it lies inside.
    fn minor_cycles(&mut self, y: &[f64]) {
        loop {
            self.affine_min();
            let k = self.s.len();
            if self.mu[..k].iter().all(|&m| m > 1e-12) {
                self.lam.copy_from_slice(&self.mu[..k]);
                break;
            }
            // Walk from λ towards μ until the first weight reaches zero, and drop it.
            let mut theta = 1.0f64;
            let mut q = 0;
            for i in 0..k {
                if self.mu[i] <= 1e-12 {
                    let t = self.lam[i] / (self.lam[i] - self.mu[i]);
                    if t < theta {
                        theta = t;
                        q = i;
                    }
                }
            }
            for i in 0..k {
                self.lam[i] += theta * (self.mu[i] - self.lam[i]);
            }
            self.lam[q] = 0.0;
            for i in (0..k).rev() {
                if self.lam[i] <= 1e-12 && self.s.len() > 1 {
                    self.remove(i);
                }
            }
            let sum: f64 = self.lam.iter().sum();
            self.lam.iter_mut().for_each(|l| *l /= sum);
        }
        self.update_x(y);
    }
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    crate::vecops::dot(a, b)
}

/// The exact verdict from the optimal stability: κ_opt > 0 (up to rounding) for κ = 0, else ≥ κ.
fn verdict(kappa_opt: f64, kappa: f64, scale: f64) -> bool {
    if kappa > 0.0 {
        kappa_opt >= kappa
    } else {
        kappa_opt > 1e-7 * scale
    }
}

struct Consts {
    capacity: bool,
    n: usize,
    p: usize,
    kappa: f64,
    binary: bool,
    n_points: usize,
    gap: f64,
    eta: f64,
}

impl Consts {
    fn from(p: &Params) -> Self {
        let n = p.get("N") as usize;
        Consts {
            capacity: p.choice("task") == 1,
            n,
            p: ((p.get("alpha") * n as f64).round() as usize).max(1),
            kappa: p.get("kappa"),
            binary: p.choice("patterns") == 1,
            n_points: p.get("n_points") as usize,
            gap: p.get("gap"),
            eta: p.get("eta"),
        }
    }
}

struct Perceptron {
    t: f64,
    c: Consts,
    rng: Rng,
    solver: MinNorm,
    /// Capacity: the last problem's σ^μ ξ^μ (row μ) and labels; points: σ x̃ (rows of 3).
    y: Vec<f64>,
    sigma: Vec<f64>,
    /// The last problem's patterns on the plane of the picture (capacity), one (u, v) per μ.
    proj: Vec<(f64, f64)>,
    kappa_opt: f64,
    /// Verdicts of the trials (ring buffer over the last MEMORY trials) and the total count.
    verdicts: Vec<bool>,
    trials: usize,
    /// Points task: augmented weights, presentation order, position in it, updates so far.
    w: [f64; 3],
    order: Vec<usize>,
    pos: usize,
    updates: u64,
    separable: bool,
}

fn build(p: &Params, seed: u64) -> Box<dyn Model> {
    Box::new(Perceptron::new_points(p, seed))
}

impl Perceptron {
    /// The model (either task; named for the tests, which mostly use the points task).
    fn new_points(p: &Params, seed: u64) -> Self {
        let c = Consts::from(p);
        let (rows, dim) = if c.capacity {
            (c.p, c.n)
        } else {
            (c.n_points, 3)
        };
        let mut m = Perceptron {
            t: 0.0,
            rng: rng::seeded(seed),
            solver: MinNorm::new(dim),
            y: vec![0.0; rows * dim],
            sigma: vec![0.0; rows],
            proj: vec![(0.0, 0.0); rows],
            kappa_opt: 0.0,
            verdicts: vec![false; MEMORY],
            trials: 0,
            w: [0.0; 3],
            order: (0..rows).collect(),
            pos: rows,
            updates: 0,
            separable: false,
            c,
        };
        if !m.c.capacity {
            m.draw_points();
        }
        m
    }

    /// Points task: the labelled set (stored as σ x̃) and its exact verdict and margin.
    fn draw_points(&mut self) {
        let phi = 2.0 * PI * rng::uniform(&mut self.rng);
        let (u1, u2) = (crate::math::cos(phi), crate::math::sin(phi));
        let b0 = 0.3 * (2.0 * rng::uniform(&mut self.rng) - 1.0);
        for mu in 0..self.c.n_points {
            let s = if rng::uniform(&mut self.rng) < 0.5 {
                1.0
            } else {
                -1.0
            };
            let (mut x1, mut x2) = (0.0, 0.0);
            // Rejection: a point on the class's side, at least gap/2 from the teacher line.
            for _ in 0..10_000 {
                x1 = 2.0 * rng::uniform(&mut self.rng) - 1.0;
                x2 = 2.0 * rng::uniform(&mut self.rng) - 1.0;
                if s * (u1 * x1 + u2 * x2 + b0) >= 0.5 * self.c.gap {
                    break;
                }
            }
            self.sigma[mu] = s;
            self.y[3 * mu..3 * mu + 3].copy_from_slice(&[s * x1, s * x2, s]);
        }
        self.kappa_opt = self.solver.solve(&self.y, self.c.n_points);
        self.separable = verdict(self.kappa_opt, 0.0, 1.0);
        if !self.separable {
            self.kappa_opt = 0.0;
        }
    }

    /// Points task: one presentation of the rule.
    fn present(&mut self) {
        let n = self.c.n_points;
        if self.pos >= n {
            // A new pass in a new random order (Fisher–Yates, in place).
            for i in (1..n).rev() {
                let j = rng::below(&mut self.rng, i as u32 + 1) as usize;
                self.order.swap(i, j);
            }
            self.pos = 0;
        }
        let mu = self.order[self.pos];
        self.pos += 1;
        let y = &self.y[3 * mu..3 * mu + 3];
        if self.w[0] * y[0] + self.w[1] * y[1] + self.w[2] * y[2] <= 0.0 {
            for k in 0..3 {
                self.w[k] += self.c.eta * y[k];
            }
            self.updates += 1;
        }
    }

    /// Capacity task: one random problem, decided exactly.
    fn problem(&mut self) {
        let (n, p) = (self.c.n, self.c.p);
        for mu in 0..p {
            let s = if rng::uniform(&mut self.rng) < 0.5 {
                1.0
            } else {
                -1.0
            };
            self.sigma[mu] = s;
            for v in &mut self.y[mu * n..(mu + 1) * n] {
                let xi = if self.c.binary {
                    if rng::uniform(&mut self.rng) < 0.5 {
                        1.0
                    } else {
                        -1.0
                    }
                } else {
                    rng::normal(&mut self.rng)
                };
                *v = s * xi;
            }
        }
        let d = self.solver.solve(&self.y, p);
        let ok = verdict(d, self.c.kappa, sqrt(n as f64));
        self.kappa_opt = if verdict(d, 0.0, sqrt(n as f64)) {
            d
        } else {
            0.0
        };
        self.verdicts[self.trials % MEMORY] = ok;
        self.trials += 1;
        self.project();
    }

    /// The last problem on the plane spanned by the optimal direction ŵ and a second axis v:
    /// the separating hyperplane seen edge-on, as the line u = 0.
    fn project(&mut self) {
        let n = self.c.n;
        let norm = sqrt(dot(&self.solver.x, &self.solver.x));
        let use_x = self.kappa_opt > 0.0;
        let wk = |k: usize, x: &[f64]| {
            if use_x {
                x[k] / norm
            } else if k == 0 {
                1.0
            } else {
                0.0
            }
        };
        // v: the first axis e_k not parallel to ŵ, minus its ŵ component, normalised.
        let k = if n > 1 && wk(1, &self.solver.x).abs() < 0.99 {
            1
        } else {
            0
        };
        let wkk = wk(k, &self.solver.x);
        let vnorm = sqrt((1.0 - wkk * wkk).max(1e-300));
        for mu in 0..self.c.p {
            let xi = &self.y[mu * n..(mu + 1) * n];
            let s = self.sigma[mu];
            let (mut a, mut b) = (0.0, 0.0);
            for (j, &yv) in xi.iter().enumerate() {
                let w = wk(j, &self.solver.x);
                a += w * yv;
                b += ((if j == k { 1.0 } else { 0.0 }) - wkk * w) * yv;
            }
            self.proj[mu] = (s * a, s * b / vnorm);
        }
    }

    /// Fraction of the recorded trials (after `t_begin`, within memory) that were separable.
    fn p_separable(&self, t_begin: f64) -> Option<f64> {
        let first = (t_begin.max(0.0).round() as usize).max(self.trials.saturating_sub(MEMORY));
        let count = self.trials.saturating_sub(first);
        (count > 0).then(|| {
            (first..self.trials)
                .filter(|&k| self.verdicts[k % MEMORY])
                .count() as f64
                / count as f64
        })
    }

    /// Points task: the line w₁x₁ + w₂x₂ + w₃ = 0 clipped to the square [−1.2, 1.2]².
    fn boundary(&self, out: &mut Vec<(f64, f64)>) {
        let [a, b, c] = self.w;
        let l = 1.2;
        let mut ends = [(0.0, 0.0); 4];
        let mut m = 0;
        if b.abs() > 1e-12 {
            for x in [-l, l] {
                let y = -(a * x + c) / b;
                if y.abs() <= l {
                    ends[m] = (x, y);
                    m += 1;
                }
            }
        }
        if a.abs() > 1e-12 {
            for y in [-l, l] {
                let x = -(b * y + c) / a;
                if x.abs() <= l {
                    ends[m] = (x, y);
                    m += 1;
                }
            }
        }
        if m >= 2 {
            out.push(ends[0]);
            out.push(ends[1]);
        }
    }
}

impl Model for Perceptron {
    fn time_ms(&self) -> f64 {
        self.t
    }

    fn step(&mut self, _spikes: &mut Vec<Spike>) {
        if self.c.capacity {
            self.problem();
        } else {
            self.present();
        }
        self.t += 1.0;
    }

    fn sample(&self, out: &mut [f64]) {
        out[0] = if self.c.capacity {
            self.p_separable(0.0).unwrap_or(0.0)
        } else {
            f64::from(u8::from(self.separable))
        };
        out[1] = self.kappa_opt;
        out[2] = self.updates as f64;
    }

    fn set_params(&mut self, p: &Params) {
        self.c.eta = p.get("eta");
    }

    fn measure(&self, name: &str, rec: &Recording) -> Option<f64> {
        match name {
            "p_separable" if self.c.capacity => self.p_separable(rec.t_begin),
            "p_separable" => Some(f64::from(u8::from(self.separable))),
            "p_cover" => Some(cover_fraction(self.c.p, self.c.n)),
            "alpha_c_gardner" => Some(alpha_c(self.c.kappa)),
            _ => None,
        }
    }

    fn overlay(&self, name: &str, alpha: f64) -> Option<f64> {
        match name {
            "p_cover" => Some(cover_fraction(
                ((alpha * self.c.n as f64).round() as usize).max(1),
                self.c.n,
            )),
            // N → ∞: every problem is solvable below α_c(κ), none above.
            "gardner" => Some(if alpha < alpha_c(self.c.kappa) {
                1.0
            } else {
                0.0
            }),
            _ => None,
        }
    }

    fn profile(&self, name: &str, out: &mut Vec<(f64, f64)>) {
        out.clear();
        let want = match name {
            "class_plus" => 1.0,
            "class_minus" => -1.0,
            _ => 0.0,
        };
        if self.c.capacity {
            if self.trials == 0 {
                return;
            }
            match name {
                "class_plus" | "class_minus" => out.extend(
                    self.proj
                        .iter()
                        .zip(&self.sigma)
                        .filter(|(_, &s)| s == want)
                        .map(|(&q, _)| q),
                ),
                "boundary" => {
                    let h = self.proj.iter().map(|q| q.1.abs()).fold(1.0, f64::max);
                    out.extend([(0.0, -h), (0.0, h)]);
                }
                "weight" => out.extend([(0.0, 0.0), (1.0, 0.0)]),
                _ => {}
            }
            return;
        }
        match name {
            "class_plus" | "class_minus" => out.extend(
                (0..self.c.n_points)
                    .filter(|&mu| self.sigma[mu] == want)
                    .map(|mu| {
                        (
                            self.sigma[mu] * self.y[3 * mu],
                            self.sigma[mu] * self.y[3 * mu + 1],
                        )
                    }),
            ),
            "boundary" => self.boundary(out),
            "weight" => {
                let [a, b, c] = self.w;
                let n2 = a * a + b * b;
                if n2 > 0.0 {
                    // From the point of the line nearest the origin, half a unit along ŵ.
                    let (x0, y0) = (-c * a / n2, -c * b / n2);
                    let s = 0.5 / sqrt(n2);
                    out.extend([(x0, y0), (x0 + s * a, y0 + s * b)]);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{params, run};

    /// Cover's sum with exact integers: 2 Σ_{k<N} binom(P−1, k), and 2^P.
    fn cover_exact(p: u32, n: u32) -> (u128, u128) {
        let m = p - 1;
        let (mut b, mut sum) = (1u128, 0u128);
        for k in 0..n.min(p) {
            sum += b;
            b = b * (m - k) as u128 / (k + 1) as u128;
        }
        (2 * sum, 1u128 << p)
    }

    #[test]
    fn cover_fraction_is_covers_formula() {
        // Against exact integer sums (Cover 1965, eq. for C(P, N)), P ≤ 100: relative 1e-12.
        for p in 1..=100u32 {
            for n in 1..=60u32 {
                let (c, total) = cover_exact(p, n);
                let want = c as f64 / total as f64;
                let got = cover_fraction(p as usize, n as usize);
                assert!(
                    (got - want).abs() <= 1e-12 * want.max(1e-300),
                    "P {p} N {n}: {got} vs {want}"
                );
            }
        }
        // C(P, N) = 2^P for P ≤ N: every dichotomy; C(2N, N) = 2^{2N−1}: half of them, also
        // far beyond the integer range (N up to 300, P = 600).
        for n in 1..=300usize {
            assert_eq!(cover_fraction(n, n), 1.0);
            assert!(
                (cover_fraction(2 * n, n) - 0.5).abs() < 1e-12,
                "N {n}: {}",
                cover_fraction(2 * n, n)
            );
        }
        // Cover's recursion C(P+1, N) = C(P, N) + C(P, N−1), in fractions: f(P+1,N) = (f(P,N) + f(P,N−1))/2.
        for (p, n) in [(300, 150), (500, 200), (400, 50)] {
            let lhs = cover_fraction(p + 1, n);
            let rhs = 0.5 * (cover_fraction(p, n) + cover_fraction(p, n - 1));
            assert!((lhs / rhs - 1.0).abs() < 1e-10, "{lhs} {rhs}");
        }
    }

    /// All 2^P labellings of P Gaussian points in N dimensions, decided by the exact solver.
    fn count_dichotomies(p: usize, n: usize, seed: u64) -> u128 {
        let mut r = rng::seeded(seed);
        let xi: Vec<f64> = (0..p * n).map(|_| rng::normal(&mut r)).collect();
        let mut y = vec![0.0; p * n];
        let mut solver = MinNorm::new(n);
        let mut count = 0;
        for labels in 0u32..(1 << p) {
            for mu in 0..p {
                let s = if labels >> mu & 1 == 1 { 1.0 } else { -1.0 };
                for k in 0..n {
                    y[mu * n + k] = s * xi[mu * n + k];
                }
            }
            if verdict(solver.solve(&y, p), 0.0, sqrt(n as f64)) {
                count += 1;
            }
        }
        count
    }

    #[test]
    fn the_exact_solver_counts_covers_dichotomies_by_brute_force() {
        // Points in general position: exactly C(P, N) of the 2^P labellings are separable.
        for (p, n, seed) in [(7, 3, 1), (8, 2, 2), (10, 4, 3), (12, 5, 4), (9, 9, 5)] {
            let want = cover_exact(p as u32, n as u32).0;
            assert_eq!(count_dichotomies(p, n, seed), want, "P {p}, N {n}");
        }
    }

    #[test]
    fn the_min_norm_point_is_the_maximal_stability() {
        // Weak duality: for any unit w and any x in the hull, min_μ w·y^μ ≤ κ_opt ≤ |x|. With
        // w = x/|x| from the solver both sides agree (1e-9 relative): x is the optimum.
        let mut r = rng::seeded(9);
        let mut solver = MinNorm::new(30);
        let mut checked = 0;
        for _ in 0..40 {
            let p = 45;
            let y: Vec<f64> = (0..p * 30).map(|_| rng::normal(&mut r)).collect();
            let d = solver.solve(&y, p);
            if d > 1e-6 {
                let min = (0..p)
                    .map(|mu| dot(&solver.x, &y[mu * 30..(mu + 1) * 30]) / d)
                    .fold(f64::INFINITY, f64::min);
                assert!((min / d - 1.0).abs() < 1e-9, "min stability {min}, |x| {d}");
                checked += 1;
            }
        }
        assert!(checked > 10, "only {checked} separable problems");
    }

    #[test]
    fn gardners_capacity() {
        // α_c(0) = 2 (Gardner 1988), exactly, since Φ(0) = 1/2.
        assert!((alpha_c(0.0) - 2.0).abs() < 1e-15);
        // κ = 1: the closed form with erf against ∫_{−κ}^{∞} Dt (t + κ)² by Simpson's rule on
        // [−1, 12] (the tail beyond is below 1e-30), 20000 intervals.
        for kappa in [0.5, 1.0, 2.0] {
            let (a, b, m) = (-kappa, 12.0, 20_000);
            let h = (b - a) / m as f64;
            let f = |t: f64| (-0.5 * t * t).exp() / (2.0 * PI).sqrt() * (t + kappa) * (t + kappa);
            let mut s = f(a) + f(b);
            for i in 1..m {
                s += f(a + i as f64 * h) * if i % 2 == 1 { 4.0 } else { 2.0 };
            }
            let numeric = 1.0 / (s * h / 3.0);
            assert!(
                (alpha_c(kappa) / numeric - 1.0).abs() < 1e-10,
                "κ {kappa}: {} vs {numeric}",
                alpha_c(kappa)
            );
        }
    }

    #[test]
    fn half_of_the_problems_are_separable_at_alpha_two() {
        // N = 50, P = 100: Cover's fraction is exactly 1/2. 1000 trials: SEM √(0.25/1000) = 0.0158;
        // band of 3 SEM = 0.047.
        let sim = run(
            &ENTRY,
            params(&ENTRY, Some("capacity"), &[("N", 50.0), ("alpha", 2.0)]),
            1,
            1000.0,
        );
        let p = sim.measure("p_separable").unwrap();
        assert!((p - 0.5).abs() < 0.047, "p_separable {p}");
        assert!((sim.measure("p_cover").unwrap() - 0.5).abs() < 1e-12);
    }

    #[test]
    fn the_estimated_fraction_follows_cover_at_other_loads() {
        // N = 10, 800 trials per load: within 3 SEM √(f(1−f)/800) (+0.005 for f near 0 or 1).
        for alpha in [1.2, 1.6, 2.5, 3.0] {
            let sim = run(
                &ENTRY,
                params(&ENTRY, Some("capacity"), &[("N", 10.0), ("alpha", alpha)]),
                2,
                800.0,
            );
            let (p, f) = (
                sim.measure("p_separable").unwrap(),
                sim.measure("p_cover").unwrap(),
            );
            let band = 3.0 * (f * (1.0 - f) / 800.0).sqrt() + 0.005;
            assert!((p - f).abs() < band, "α {alpha}: {p} vs Cover {f}");
        }
    }

    #[test]
    fn a_margin_makes_fewer_problems_solvable() {
        // With κ = 0.5 a problem counts only if κ_opt ≥ 0.5: at the same load and seed (the same
        // problems) the fraction cannot be larger, and at α = 1 (N = 30) it is clearly smaller.
        let p0 = run(
            &ENTRY,
            params(&ENTRY, Some("capacity"), &[("N", 30.0), ("alpha", 1.0)]),
            3,
            300.0,
        );
        let p1 = run(
            &ENTRY,
            params(&ENTRY, Some("margin"), &[("N", 30.0), ("alpha", 1.0)]),
            3,
            300.0,
        );
        let (a, b) = (
            p0.measure("p_separable").unwrap(),
            p1.measure("p_separable").unwrap(),
        );
        assert!(b < a - 0.2, "κ = 0: {a}, κ = 0.5: {b}");
        assert!((p1.measure("alpha_c_gardner").unwrap() - alpha_c(0.5)).abs() < 1e-15);
    }

    /// Runs the points task until every point is on its side (or `max` trials).
    fn train_points(seed: u64, set: &[(&str, f64)], max: usize) -> (Perceptron, bool) {
        let mut m = Perceptron::new_points(&params(&ENTRY, Some("points"), set), seed);
        for _ in 0..max {
            if (0..m.c.n_points).all(|mu| dot(&m.w, &m.y[3 * mu..3 * mu + 3]) > 0.0) {
                return (m, true);
            }
            m.step(&mut Vec::new());
        }
        (m, false)
    }

    #[test]
    fn the_perceptron_converges_within_novikoffs_bound() {
        // Novikoff (1962): at most (R/γ)² updates on a separable set, R = max |x̃|, γ the best
        // margin (from the exact solver). Ten seeds, two gaps: the rule ends with every point right.
        for seed in 1..=10 {
            for gap in [0.05, 0.2] {
                let (m, converged) = train_points(seed, &[("gap", gap)], 200_000);
                assert!(m.separable && converged, "seed {seed}");
                let r2 = (0..m.c.n_points)
                    .map(|mu| dot(&m.y[3 * mu..3 * mu + 3], &m.y[3 * mu..3 * mu + 3]))
                    .fold(0.0, f64::max);
                let bound = r2 / (m.kappa_opt * m.kappa_opt);
                assert!(
                    (m.updates as f64) <= bound,
                    "seed {seed}: {} updates, bound {bound}",
                    m.updates
                );
            }
        }
    }

    #[test]
    fn on_overlapping_classes_the_line_never_settles() {
        // gap = −0.4: the exact test finds the set not separable; the rule keeps updating in every
        // one of ten successive windows of 20 passes.
        let mut m = Perceptron::new_points(&params(&ENTRY, Some("overlap"), &[]), 1);
        assert!(!m.separable);
        for _ in 0..10 {
            let before = m.updates;
            for _ in 0..20 * m.c.n_points {
                m.step(&mut Vec::new());
            }
            assert!(m.updates > before);
        }
    }

    #[test]
    fn the_learning_rate_only_scales_the_weights() {
        // From w̃ = 0 the rule's decisions do not depend on η: the same updates, w̃ ∝ η.
        let (a, _) = train_points(4, &[("eta", 0.1)], 5000);
        let (b, _) = train_points(4, &[("eta", 5.0)], 5000);
        assert_eq!(a.updates, b.updates);
        for k in 0..3 {
            assert!((b.w[k] - 50.0 * a.w[k]).abs() < 1e-9 * b.w[k].abs().max(1.0));
        }
    }
}
