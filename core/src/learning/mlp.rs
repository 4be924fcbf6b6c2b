//! The delta rule and backpropagation: a network with one hidden layer learning AND, XOR and two
//! interleaved spirals.
//!
//! Inputs x ∈ ℝ², `hidden` = H units h_j = tanh(Σ_k W_jk x_k + b_j), one output unit with
//! activation a = Σ_j v_j h_j + c and output y = σ(a) = 1/(1 + e^{−a}) (`output = sigmoid`) or
//! y = a (`linear`). With H = 0 the output reads the inputs directly, a = Σ_k v_k x_k + c: a
//! single layer. Targets t ∈ {0, 1}; a point counts as right when y ≥ 1/2 matches t = 1.
//! Loss over the P training points (mean):
//!   sigmoid: ℓ = −t ln y − (1 − t) ln(1 − y) = softplus(a) − t a   (cross-entropy, computed stably),
//!   linear:  ℓ = ½ (y − t)²,
//! chosen so that in both cases ∂ℓ/∂a = y − t =: δ, the "delta" of the delta rule
//! (Widrow & Hoff 1960; Dayan & Abbott §8.4). Backpropagation (Rumelhart, Hinton & Williams 1986,
//! Nature 323:533): ∂L/∂v_j = ⟨δ h_j⟩, ∂L/∂c = ⟨δ⟩, δ_j = δ v_j (1 − h_j²), ∂L/∂W_jk = ⟨δ_j x_k⟩,
//! ∂L/∂b_j = ⟨δ_j⟩ (⟨·⟩ the mean over the training set).
//! One step of the clock is one epoch: the full-batch gradient, then gradient descent with
//! momentum (the heavy-ball method): u ← β u − η ∇L, θ ← θ + u. With H = 0 and a linear output
//! this is the batch delta rule, gradient descent on a convex quadratic, which converges (for
//! η below 2/λ_max of the input correlation matrix, with β = 0) to the least-squares solution
//! of the normal equations XᵀX θ = Xᵀt.
//!
//! Tasks: `and` and `xor` on the four corners of {0, 1}² (Minsky & Papert 1969: no single layer
//! computes XOR); `spiral`: two interleaved spirals (after Lang & Witbrock 1988), 50 points each,
//! r = 0.1 + 0.9 s, angle 4π s (two turns) (+π for the second class), s = i/50, in [−1, 1]².
//! Initial weights: W, b ~ N(0, 1) (seeded), v ~ N(0, 1/H), c = 0; with H = 0, v ~ N(0, 0.01).
//!
//! Parameters: hidden (units), eta (learning rate), momentum β (no units).

use crate::math::{cos, exp, log1p, sin, sqrt, tanh, PI};
use crate::model::*;
use crate::params::Params;
use crate::record::Recording;
use crate::rng;

const SPIRAL_PER_ARM: usize = 50;
/// Pixels per side of the decision surface.
const GRID: usize = 48;

pub static SPEC: ModelSpec = ModelSpec {
    id: "mlp",
    title: "Delta rule and backpropagation",
    lecture: 7,
    summary: "A single layer learns AND by the delta rule but cannot learn XOR; a hidden layer trained by \
              backpropagation learns XOR and two interleaved spirals, its decision surface drawn as it learns.",
    params: &[
        ParamSpec::choice("task", "task", &["and", "xor", "spiral"], 1).help("the training set").restart(),
        ParamSpec::int("hidden", "H", 0.0, 64.0, 4.0).help("hidden units (0: a single layer, the delta rule)").restart(),
        ParamSpec::real("eta", r"\eta", "", 0.001, 10.0, 0.5, 0.001).log().help("learning rate"),
        ParamSpec::real("momentum", r"\beta", "", 0.0, 0.99, 0.9, 0.01).help("momentum of the gradient descent"),
        ParamSpec::choice("output", "output", &["sigmoid", "linear"], 0)
            .help("output unit: sigmoid with cross-entropy, or linear with squared error")
            .restart(),
    ],
    presets: &[
        PresetSpec {
            name: "delta_and",
            description: "A single linear unit learns AND by the delta rule: the weights settle at the least-squares \
                          solution, and thresholding its output at one half gets all four corners right.",
            values: &[("task", 0.0), ("hidden", 0.0), ("output", 1.0), ("eta", 0.2), ("momentum", 0.0)],
        },
        PresetSpec {
            name: "xor",
            description: "Four hidden units learn XOR: their lines (grey) cut the square so that the output can \
                          combine them.",
            values: &[],
        },
        PresetSpec {
            name: "spiral",
            description: "Two interleaved spirals with 32 hidden units: the decision surface winds itself around \
                          the data, all points right after about a thousand epochs.",
            values: &[("task", 2.0), ("hidden", 32.0), ("eta", 1.0)],
        },
    ],
    traces: &[
        TraceSpec::new("loss", "loss (cross-entropy, or ½ squared error)", "", 1e6),
        TraceSpec::new("accuracy", "fraction of training points right", "", 2.0),
    ],
    measures: &[
        MeasureSpec::new("accuracy", "fraction of training points right (output ≥ ½ ⇔ target 1)", ""),
        MeasureSpec::new("loss", "mean loss over the training set", ""),
    ],
    plots: &[
        PlotSpec {
            id: "surface",
            title: "Network output over the input plane, the data, and the hidden units' lines",
            kind: PlotKind::Plane {
                points: &["class_1", "class_0"],
                lines: &["unit_lines"],
                vectors: &[],
                background: "output",
                x_label: "x₁",
                y_label: "x₂",
                x: Range::Auto,
                y: Range::Auto,
            },
        },
        PlotSpec {
            id: "loss",
            title: "Loss over epochs",
            kind: PlotKind::TimeSeries { traces: &["loss"], y_label: "loss", y: Range::Log },
        },
        PlotSpec {
            id: "accuracy",
            title: "Accuracy over epochs",
            kind: PlotKind::TimeSeries { traces: &["accuracy"], y_label: "fraction right", y: Range::Fixed(0.0, 1.05) },
        },
    ],
    window_ms: 3000.0,
    sample_ms: 1.0,
    default_duration_ms: 2000.0,
    stochastic: true,
    clock: Clock::Epochs,
    // An epoch of the spiral (32 hidden units, 100 points, full batch) costs ~0.1 ms natively and
    // more in wasm; a window of 3000 epochs previewed at once stalled the page for ~0.5 s.
    offload: true,
};

pub static ENTRY: ModelEntry = ModelEntry { spec: &SPEC, build };

fn build(p: &Params, seed: u64) -> Box<dyn Model> {
    Box::new(Mlp::new(p, seed))
}

/// Softplus ln(1 + e^a), without overflow.
fn softplus(a: f64) -> f64 {
    if a > 0.0 {
        a + log1p(exp(-a))
    } else {
        log1p(exp(a))
    }
}

fn sigmoid(a: f64) -> f64 {
    1.0 / (1.0 + exp(-a))
}

struct Mlp {
    epoch: f64,
    h: usize,
    linear: bool,
    eta: f64,
    beta: f64,
    /// Training inputs (pairs) and targets.
    x: Vec<[f64; 2]>,
    t: Vec<f64>,
    /// Parameters θ = (W row by row, b, v, c) — with H = 0, (v₁, v₂, c) — their gradient and
    /// the momentum term.
    theta: Vec<f64>,
    grad: Vec<f64>,
    vel: Vec<f64>,
    /// Hidden activations of one point (work buffer).
    hid: Vec<f64>,
    loss: f64,
    accuracy: f64,
    /// The input square shown: [lo, hi]².
    lo: f64,
    hi: f64,
}

impl Mlp {
    fn new(p: &Params, seed: u64) -> Self {
        let h = p.get("hidden") as usize;
        let (x, t) = data(p.choice("task"));
        let mut rng = rng::seeded(seed);
        let n = if h == 0 { 3 } else { 4 * h + 1 };
        let mut theta = vec![0.0; n];
        if h == 0 {
            for w in &mut theta[..2] {
                *w = 0.1 * rng::normal(&mut rng);
            }
        } else {
            for w in &mut theta[..3 * h] {
                *w = rng::normal(&mut rng);
            }
            for w in &mut theta[3 * h..4 * h] {
                *w = rng::normal(&mut rng) / sqrt(h as f64);
            }
        }
        let (lo, hi) = if p.choice("task") == 2 {
            (-1.2, 1.2)
        } else {
            (-0.5, 1.5)
        };
        let mut m = Mlp {
            epoch: 0.0,
            h,
            linear: p.choice("output") == 1,
            eta: p.get("eta"),
            beta: p.get("momentum"),
            x,
            t,
            grad: vec![0.0; n],
            vel: vec![0.0; n],
            hid: vec![0.0; h],
            theta,
            loss: 0.0,
            accuracy: 0.0,
            lo,
            hi,
        };
        m.evaluate();
        m
    }

    /// The output unit's activation a at input x, the hidden activations left in `hid`.
    fn forward(theta: &[f64], h: usize, x: [f64; 2], hid: &mut [f64]) -> f64 {
        if h == 0 {
            return theta[0] * x[0] + theta[1] * x[1] + theta[2];
        }
        let mut a = theta[4 * h];
        for j in 0..h {
            hid[j] = tanh(theta[2 * j] * x[0] + theta[2 * j + 1] * x[1] + theta[2 * h + j]);
            a += theta[3 * h + j] * hid[j];
        }
        a
    }

    /// The output unit's activation, without a buffer (for plots).
    fn activation(&self, x: [f64; 2]) -> f64 {
        let (th, h) = (&self.theta, self.h);
        if h == 0 {
            return th[0] * x[0] + th[1] * x[1] + th[2];
        }
        th[4 * h]
            + (0..h)
                .map(|j| {
                    th[3 * h + j] * tanh(th[2 * j] * x[0] + th[2 * j + 1] * x[1] + th[2 * h + j])
                })
                .sum::<f64>()
    }

    fn output(&self, a: f64) -> f64 {
        if self.linear {
            a
        } else {
            sigmoid(a)
        }
    }

    fn point_loss(&self, a: f64, t: f64) -> f64 {
        if self.linear {
            0.5 * (a - t) * (a - t)
        } else {
            softplus(a) - t * a
        }
    }

    /// The gradient of the mean loss into `grad` (backpropagation); returns the mean loss.
    fn gradient(&mut self) -> f64 {
        let (h, np) = (self.h, self.x.len() as f64);
        self.grad.iter_mut().for_each(|g| *g = 0.0);
        let mut loss = 0.0;
        for (&x, &t) in self.x.iter().zip(&self.t) {
            let a = Self::forward(&self.theta, h, x, &mut self.hid);
            loss += self.point_loss(a, t);
            let d = (self.output(a) - t) / np;
            if h == 0 {
                self.grad[0] += d * x[0];
                self.grad[1] += d * x[1];
                self.grad[2] += d;
                continue;
            }
            self.grad[4 * h] += d;
            for j in 0..h {
                self.grad[3 * h + j] += d * self.hid[j];
                let dj = d * self.theta[3 * h + j] * (1.0 - self.hid[j] * self.hid[j]);
                self.grad[2 * j] += dj * x[0];
                self.grad[2 * j + 1] += dj * x[1];
                self.grad[2 * h + j] += dj;
            }
        }
        loss / np
    }

    /// Loss and accuracy of the current weights.
    fn evaluate(&mut self) {
        let (mut loss, mut right) = (0.0, 0usize);
        for (&x, &t) in self.x.iter().zip(&self.t) {
            let a = Self::forward(&self.theta, self.h, x, &mut self.hid);
            loss += self.point_loss(a, t);
            right += usize::from((self.output(a) >= 0.5) == (t > 0.5));
        }
        self.loss = loss / self.x.len() as f64;
        self.accuracy = right as f64 / self.x.len() as f64;
    }

    /// Each unit's line (a hidden unit's W_j·x + b_j = 0; with H = 0 the output's decision line)
    /// clipped to the square, NaN between lines. A single layer on XOR ends with no line at all:
    /// its best output is ½ everywhere (w → 0), and the line leaves the square.
    fn unit_lines(&self, out: &mut Vec<(f64, f64)>) {
        let th = &self.theta;
        let level = if self.linear { 0.5 } else { 0.0 };
        let lines = if self.h == 0 { 1 } else { self.h };
        for j in 0..lines {
            let (a, b, c) = if self.h == 0 {
                (th[0], th[1], th[2] - level)
            } else {
                (th[2 * j], th[2 * j + 1], th[2 * self.h + j])
            };
            if clip_line(a, b, c, self.lo, self.hi, out) {
                out.push((f64::NAN, f64::NAN));
            }
        }
        if out.last().is_some_and(|p| p.0.is_nan()) {
            out.pop();
        }
    }
}

/// The segment of a x₁ + b x₂ + c = 0 inside [lo, hi]², pushed as two points if it exists.
fn clip_line(a: f64, b: f64, c: f64, lo: f64, hi: f64, out: &mut Vec<(f64, f64)>) -> bool {
    let mut ends = [(0.0, 0.0); 4];
    let mut m = 0;
    for edge in [lo, hi] {
        if b.abs() > 1e-12 {
            let y = -(a * edge + c) / b;
            if (lo..=hi).contains(&y) {
                ends[m] = (edge, y);
                m += 1;
            }
        }
        if a.abs() > 1e-12 {
            let x = -(b * edge + c) / a;
            if (lo..=hi).contains(&x) {
                ends[m] = (x, edge);
                m += 1;
            }
        }
    }
    if m >= 2 {
        out.push(ends[0]);
        out.push(ends[1]);
    }
    m >= 2
}

/// Inputs and targets of a task: 0 = and, 1 = xor, 2 = spiral.
fn data(task: usize) -> (Vec<[f64; 2]>, Vec<f64>) {
    if task < 2 {
        let x = vec![[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]];
        let t = if task == 0 {
            vec![0.0, 0.0, 0.0, 1.0]
        } else {
            vec![0.0, 1.0, 1.0, 0.0]
        };
        return (x, t);
    }
    let mut x = Vec::with_capacity(2 * SPIRAL_PER_ARM);
    let mut t = Vec::with_capacity(2 * SPIRAL_PER_ARM);
    for class in 0..2 {
        for i in 0..SPIRAL_PER_ARM {
            let s = i as f64 / SPIRAL_PER_ARM as f64;
            let (r, phi) = (0.1 + 0.9 * s, 4.0 * PI * s + PI * class as f64);
            x.push([r * cos(phi), r * sin(phi)]);
            t.push(class as f64);
        }
    }
    (x, t)
}

impl Model for Mlp {
    fn time_ms(&self) -> f64 {
        self.epoch
    }

    fn step(&mut self, _spikes: &mut Vec<Spike>) {
        self.gradient();
        for ((th, u), g) in self.theta.iter_mut().zip(&mut self.vel).zip(&self.grad) {
            *u = self.beta * *u - self.eta * g;
            *th += *u;
        }
        self.evaluate();
        self.epoch += 1.0;
    }

    fn sample(&self, out: &mut [f64]) {
        out[0] = self.loss;
        out[1] = self.accuracy;
    }

    fn set_params(&mut self, p: &Params) {
        self.eta = p.get("eta");
        self.beta = p.get("momentum");
    }

    fn measure(&self, name: &str, _rec: &Recording) -> Option<f64> {
        let v = match name {
            "accuracy" => self.accuracy,
            "loss" => self.loss,
            _ => return None,
        };
        v.is_finite().then_some(v)
    }

    fn profile(&self, name: &str, out: &mut Vec<(f64, f64)>) {
        out.clear();
        match name {
            "class_1" | "class_0" => {
                let want = if name == "class_1" { 1.0 } else { 0.0 };
                out.extend(
                    self.x
                        .iter()
                        .zip(&self.t)
                        .filter(|(_, &t)| t == want)
                        .map(|(x, _)| (x[0], x[1])),
                );
            }
            "unit_lines" => self.unit_lines(out),
            _ => {}
        }
    }

    fn image(&self, name: &str, out: &mut Image) {
        if name != "output" {
            return;
        }
        out.width = GRID;
        out.height = GRID;
        out.tiles = 1;
        out.values.clear();
        let d = (self.hi - self.lo) / GRID as f64;
        for row in 0..GRID {
            for col in 0..GRID {
                let x = [
                    self.lo + (col as f64 + 0.5) * d,
                    self.lo + (row as f64 + 0.5) * d,
                ];
                let y = self.output(self.activation(x));
                out.values.push(if y.is_finite() {
                    y.clamp(0.0, 1.0)
                } else {
                    0.5
                });
            }
        }
        out.x_range = (self.lo, self.hi);
        out.y_range = (self.lo, self.hi);
        out.value_range = (0.0, 1.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::params;

    fn train(set: &[(&str, f64)], seed: u64, epochs: usize) -> Mlp {
        let mut m = Mlp::new(&params(&ENTRY, None, set), seed);
        for _ in 0..epochs {
            m.step(&mut Vec::new());
        }
        m
    }

    /// The least-squares weights (v₁, v₂, c) of a linear unit on a task's data: the normal
    /// equations XᵀX θ = Xᵀt solved by Gaussian elimination with partial pivoting.
    fn least_squares(task: usize) -> [f64; 3] {
        let (x, t) = data(task);
        let mut a = [[0.0f64; 4]; 3];
        for (xi, ti) in x.iter().zip(&t) {
            let row = [xi[0], xi[1], 1.0];
            for i in 0..3 {
                for j in 0..3 {
                    a[i][j] += row[i] * row[j];
                }
                a[i][3] += row[i] * ti;
            }
        }
        for col in 0..3 {
            let piv = (col..3)
                .max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))
                .unwrap();
            a.swap(col, piv);
            for r in col + 1..3 {
                let f = a[r][col] / a[col][col];
                for c in col..4 {
                    a[r][c] -= f * a[col][c];
                }
            }
        }
        let mut th = [0.0; 3];
        for i in (0..3).rev() {
            th[i] = (a[i][3] - (i + 1..3).map(|j| a[i][j] * th[j]).sum::<f64>()) / a[i][i];
        }
        th
    }

    #[test]
    fn the_delta_rule_converges_to_the_least_squares_solution() {
        // A linear unit, batch delta rule (β = 0): the weights reach the solution of the normal
        // equations (Widrow & Hoff 1960; Dayan & Abbott §8.4) to 1e-9. AND: (½, ½, −¼); the
        // spiral data (100 points): a less tidy system.
        for (task, eta, epochs) in [(0.0, 0.2, 3000), (2.0, 1.0, 3000)] {
            let m = train(
                &[
                    ("task", task),
                    ("hidden", 0.0),
                    ("output", 1.0),
                    ("eta", eta),
                    ("momentum", 0.0),
                ],
                1,
                epochs,
            );
            let want = least_squares(task as usize);
            for k in 0..3 {
                assert!(
                    (m.theta[k] - want[k]).abs() < 1e-9,
                    "task {task}: θ {:?}, normal equations {want:?}",
                    m.theta
                );
            }
        }
        let want = least_squares(0);
        assert!(
            (want[0] - 0.5).abs() < 1e-12
                && (want[1] - 0.5).abs() < 1e-12
                && (want[2] + 0.25).abs() < 1e-12
        );
        // The preset (the same rule) gets AND right: its least-squares output is ≥ ½ only at (1, 1).
        let mut m = Mlp::new(&params(&ENTRY, Some("delta_and"), &[]), 1);
        for _ in 0..2000 {
            m.step(&mut Vec::new());
        }
        assert_eq!(m.accuracy, 1.0);
    }

    #[test]
    fn a_single_layer_cannot_solve_xor_and_a_hidden_layer_can() {
        // Minsky & Papert (1969): one line gets at most 3 of XOR's 4 points right. Sigmoid and
        // linear output, seeds 1–5, 3000 epochs each.
        for output in [0.0, 1.0] {
            for seed in 1..=5 {
                let m = train(
                    &[("hidden", 0.0), ("output", output), ("eta", 0.2)],
                    seed,
                    3000,
                );
                assert!(
                    m.accuracy <= 0.75,
                    "output {output}, seed {seed}: {}",
                    m.accuracy
                );
            }
        }
        // Four hidden units (the default) solve it from seed 1 within 2000 epochs; with two, seed 1
        // stalls with two points at y = ½ (loss ln 2 / 2), a stationary point of the loss.
        let m = train(&[], 1, 2000);
        assert_eq!(m.accuracy, 1.0);
        let m = train(&[("hidden", 2.0)], 1, 3000);
        assert!(
            m.accuracy < 1.0 && (m.loss - 0.5 * std::f64::consts::LN_2).abs() < 1e-3,
            "{} {}",
            m.accuracy,
            m.loss
        );
    }

    #[test]
    fn backpropagation_is_the_gradient() {
        // Central finite differences (step 1e-6) of the mean loss against backpropagation, at a
        // random point of weight space, H = 5, both outputs: relative error < 1e-5.
        for output in [0.0, 1.0] {
            let mut m = train(
                &[
                    ("task", 2.0),
                    ("hidden", 5.0),
                    ("output", output),
                    ("eta", 0.05),
                ],
                3,
                20,
            );
            m.gradient();
            let g = m.grad.clone();
            let mut num = vec![0.0; g.len()];
            for k in 0..g.len() {
                let th = m.theta[k];
                m.theta[k] = th + 1e-6;
                let up = m.gradient();
                m.theta[k] = th - 1e-6;
                let down = m.gradient();
                m.theta[k] = th;
                num[k] = (up - down) / 2e-6;
            }
            let diff = g
                .iter()
                .zip(&num)
                .map(|(a, b)| (a - b) * (a - b))
                .sum::<f64>()
                .sqrt();
            let norm = num.iter().map(|b| b * b).sum::<f64>().sqrt();
            assert!(
                diff / norm < 1e-5,
                "output {output}: relative error {}",
                diff / norm
            );
        }
    }

    #[test]
    fn enough_hidden_units_learn_the_spiral() {
        // 32 hidden units, η = 1 (the preset) from seed 1: ≥ 98 % of the 100 points within 1500 epochs.
        // Two hidden units cannot: two lines cut the plane into at most four regions, and the
        // two-turn spirals cross every line through the middle several times (< 80 %).
        let mut m = Mlp::new(&params(&ENTRY, Some("spiral"), &[]), 1);
        for _ in 0..1500 {
            m.step(&mut Vec::new());
        }
        assert!(m.accuracy >= 0.98, "H = 32: {}", m.accuracy);
        let m = train(&[("task", 2.0), ("hidden", 2.0), ("eta", 1.0)], 1, 1500);
        assert!(m.accuracy < 0.8, "H = 2: {}", m.accuracy);
    }

    #[test]
    fn a_diverging_delta_rule_is_stopped() {
        // Linear unit, η = 10 far above 2/λ_max: the loss grows geometrically until it leaves
        // its bound, and the run stops with an error, no NaN measure.
        let p = params(&ENTRY, Some("delta_and"), &[("eta", 10.0)]);
        let mut sim = crate::run::Simulation::new(&ENTRY, p, 1, crate::record::Retention::All);
        assert!(sim.run_for(500.0).is_err());
        assert!(sim
            .model()
            .measure("loss", &sim.rec)
            .is_none_or(f64::is_finite));
    }
}
