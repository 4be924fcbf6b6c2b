//! A linear recurrent network of two populations: eigenmodes, amplification along slow modes and
//! non-normal transient amplification.
//!
//!   τ dr/dt = −r + W r + h,     r = (r_E, r_I),   W = [[w_EE, w_EI], [w_IE, w_II]] (signed)
//!
//! (Dayan & Abbott §7.4 for linear recurrent networks; Murphy & Miller 2009, Neuron 61:635 for
//! balanced amplification; Trefethen & Embree, *Spectra and Pseudospectra* (2005) for non-normal
//! matrices; Goldman 2009, Neuron 61:621.) The entries are signed: inhibitory weights are negative.
//!
//! Steady state and slow modes. With h constant the state relaxes to r* = (1 − W)⁻¹ h if every
//! eigenvalue λ of W has Re λ < 1. If W is normal (W Wᵀ = Wᵀ W, e.g. symmetric) its eigenvectors
//! are orthogonal and each mode is independent: the input's component along eigenvector e_k is
//! amplified by 1/(1 − λ_k) in the steady state and relaxes with the time constant τ/(1 − λ_k). A
//! mode with λ close to 1 is slow and strongly amplified. For a normal W, |r(t) − r*| never grows.
//!
//! Non-normal amplification (Murphy & Miller 2009). For the excitatory–inhibitory pair
//! W = [[w, −k w], [w, −k w]] (E and I receive the same input from E and the same from I), the
//! patterns sum (1, 1)/√2 and difference (1, −1)/√2 are orthonormal and W maps them as
//!   W e₊ = w (1 − k) e₊,     W e₋ = w (1 + k) e₊:
//! in this basis W is its Schur form [[w (1 − k), w_FF], [0, 0]] with the feed-forward weight
//! w_FF = w (1 + k). The eigenvalues 0 and w (1 − k) are both below 1 for k > 1 — the network is
//! stable and each eigenmode decays — but a difference pattern drives the sum pattern through
//! w_FF, hidden from the eigenvalues. After a kick along e₋ (a₋(0) = 1, a₊(0) = 0):
//!   a₋(t) = e^{−t/τ},   a₊(t) = w_FF/(γ − 1) (e^{−t/τ} − e^{−γ t/τ}),   γ = 1 + w (k − 1),
//! so the common mode peaks at t* = τ ln γ/(γ − 1) with a₊(t*) = (w_FF/γ) γ^{−1/(γ−1)}: with the
//! defaults w = 8, k = 1.1 (w_FF = 16.8, γ = 1.8) a kick of 1 grows into a burst of ≈ 4.5 before it
//! decays (the values of w and k are ours, chosen in the regime "k slightly above 1, w large" of
//! Murphy & Miller). Henrici's departure from normality √(‖W‖²_F − Σ|λ|²) equals |w_FF| here: it
//! measures the hidden feed-forward weight for any W.
//!
//! The purest case is a feed-forward pair, W = [[0, 0], [w, 0]] (E drives I, nothing drives E):
//! both eigenvalues are 0. After a unit kick of E, r_E = e^{−t/τ} and r_I = w (t/τ) e^{−t/τ},
//! which peaks at t = τ with the value w/e. The distance |r − r*| = e^{−s} √(1 + w² s²), s = t/τ,
//! first falls (its slope at 0 is −1/τ), then for w > 2 has its maximum at the larger root of
//! w² s² − w² s + 1 = 0, s = (1 + √(1 − 4/w²))/2 (Trefethen & Embree 2005 ch. 14; Goldman 2009).
//!
//! Integration: exact. The step is r ← e^{A Δt} r + ∫₀^Δt e^{A s} ds h/τ with A = (W − 1)/τ,
//! both from the exponential of the augmented 3×3 matrix [[A Δt, h Δt/τ], [0, 0]] (scaling and
//! squaring of its Taylor series), so no step size affects the result. Kicks (amplitude kick_amp
//! along kick_dir, from kick_t every kick_period_ms) are instantaneous changes of r.

use crate::math::{exp, sqrt};
use crate::model::*;
use crate::params::Params;
use crate::record::Recording;

pub static SPEC: ModelSpec = ModelSpec {
    id: "linear_rnn",
    title: "Linear recurrent network: normal and non-normal amplification",
    lecture: 6,
    summary: "Two populations with linear dynamics: eigenvalues and eigenvectors, slow modes that amplify their input, \
              and the transient burst of an excitatory–inhibitory pair whose connectivity is non-normal (Murphy & Miller 2009).",
    params: &[
        ParamSpec::real("w_EE", r"w_{EE}", "", -20.0, 20.0, 8.0, 0.01).help("weight E → E (signed)"),
        ParamSpec::real("w_EI", r"w_{EI}", "", -20.0, 20.0, -8.8, 0.01).help("weight I → E (signed: negative is inhibition)"),
        ParamSpec::real("w_IE", r"w_{IE}", "", -20.0, 20.0, 8.0, 0.01).help("weight E → I (signed)"),
        ParamSpec::real("w_II", r"w_{II}", "", -20.0, 20.0, -8.8, 0.01).help("weight I → I (signed)"),
        ParamSpec::real("tau", r"\tau", "ms", 1.0, 100.0, 10.0, 0.1).log().help("time constant of both populations"),
        ParamSpec::real("h_E", r"h_E", "", -10.0, 10.0, 0.0, 0.01).help("constant input to E"),
        ParamSpec::real("h_I", r"h_I", "", -10.0, 10.0, 0.0, 0.01).help("constant input to I"),
        ParamSpec::real("kick_amp", r"A_{\mathrm{kick}}", "", 0.0, 5.0, 1.0, 0.01)
            .help("size |Δr| of the instantaneous kicks given to the state"),
        ParamSpec::choice("kick_dir", r"\Delta r", &["difference", "sum", "E", "I"], 0)
            .help("direction of the kicks: the patterns (1, −1)/√2 or (1, 1)/√2, or E or I alone"),
        ParamSpec::real("kick_t", r"t_{\mathrm{kick}}", "ms", 0.0, 1000.0, 50.0, 1.0).help("time of the first kick"),
        ParamSpec::real("kick_period_ms", r"T_{\mathrm{kick}}", "ms", 20.0, 2000.0, 300.0, 1.0).help("the kicks repeat with this period"),
    ],
    presets: &[
        PresetSpec {
            name: "non_normal",
            description: "Murphy and Miller's E-I pair, w = 8, k = 1.1: both eigenvalues (0 and -0.8) are stable, yet a kick \
                          of the E-I difference grows into a common E and I burst 4.5 times larger before it decays.",
            values: &[],
        },
        PresetSpec {
            name: "non_normal_sum_kick",
            description: "The same network kicked along the sum pattern, an eigenvector: no growth at all, just a fast \
                          decay with the time constant tau/1.8.",
            values: &[("kick_dir", 1.0)],
        },
        PresetSpec {
            name: "feed_forward",
            description: "The purest non-normal network, W = [[0, 0], [w, 0]] with w = 10: E drives I and nothing drives E. \
                          Both eigenvalues are 0, yet a kick of E alone is followed by a rise of I.",
            values: &[("w_EE", 0.0), ("w_EI", 0.0), ("w_IE", 10.0), ("w_II", 0.0), ("kick_dir", 2.0)],
        },
        PresetSpec {
            name: "normal_amplification",
            description: "A symmetric (normal) W with eigenvalues 0.9 (sum pattern) and -0.1 (difference): the input along \
                          the slow sum mode is amplified tenfold in the steady state, and kicks along it decay slowly (100 ms) \
                          but never grow.",
            values: &[
                ("w_EE", 0.4),
                ("w_EI", 0.5),
                ("w_IE", 0.5),
                ("w_II", 0.4),
                ("h_E", 1.0),
                ("h_I", 1.0),
                ("kick_dir", 1.0),
                ("kick_period_ms", 500.0),
            ],
        },
    ],
    traces: &[
        TraceSpec::new("r_E", "rate of E", "", 1e6),
        TraceSpec::new("r_I", "rate of I", "", 1e6),
        TraceSpec::new("m_sum", "sum mode (r_E + r_I)/√2", "", 1e6),
        TraceSpec::new("m_diff", "difference mode (r_E − r_I)/√2", "", 1e6),
        TraceSpec::new("dev", "distance |r − r*| from the steady state", "", 1e6),
    ],
    measures: &[
        MeasureSpec::new("amplification", "peak |r − r*| after the last kick / |r − r*| just after it", ""),
        MeasureSpec::new("amplification_theory", "largest |e^{(W−1)t/τ} u| over t, u the kick direction", ""),
        MeasureSpec::new("re_lambda_1", "Re of the eigenvalue of W with the larger real part", ""),
        MeasureSpec::new("im_lambda_1", "Im of that eigenvalue", ""),
        MeasureSpec::new("re_lambda_2", "Re of the other eigenvalue", ""),
        MeasureSpec::new("im_lambda_2", "Im of the other eigenvalue", ""),
        MeasureSpec::new("nonnormality", "departure from normality √(‖W‖² − Σ|λ|²): the hidden feed-forward weight", ""),
        MeasureSpec::new("steady_gain", "|r*| / |h|: amplification of the constant input", ""),
        MeasureSpec::new("slowest_tau_ms", "slowest time constant τ/(1 − Re λ_1)", "ms"),
    ],
    plots: &[
        PlotSpec {
            id: "rates",
            title: "Rates of E and I",
            kind: PlotKind::TimeSeries { traces: &["r_E", "r_I"], y_label: "r", y: Range::Auto },
        },
        PlotSpec {
            id: "modes",
            title: "Sum and difference modes",
            kind: PlotKind::TimeSeries { traces: &["m_sum", "m_diff"], y_label: "mode amplitude", y: Range::Auto },
        },
        PlotSpec {
            id: "norm",
            title: "Distance from the steady state",
            kind: PlotKind::TimeSeries { traces: &["dev"], y_label: "|r − r*|", y: Range::Auto },
        },
        PlotSpec {
            id: "response",
            title: "After a unit kick: |r − r*| (exact) and the decay the eigenvalues alone suggest",
            kind: PlotKind::Profile { errors: &[], x: Range::Auto,
                curves: &["kick_response", "eigenvalue_decay"],
                x_label: "time after the kick (ms)",
                y_label: "|r − r*|",
                y: Range::Auto,
            },
        },
        PlotSpec {
            id: "spectrum",
            title: "Eigenvalues of W (stable while Re λ < 1)",
            kind: PlotKind::Scatter { points: "eigenvalues", x_label: "Re λ", y_label: "Im λ", x: Range::Auto, y: Range::Auto },
        },
    ],
    window_ms: 300.0,
    sample_ms: 0.2,
    default_duration_ms: 600.0,
    stochastic: false,
    clock: Clock::Time,
    offload: false,
};

pub static ENTRY: ModelEntry = ModelEntry { spec: &SPEC, build };

/// Points of the kick-response curve.
const CURVE_POINTS: usize = 300;

type M2 = [[f64; 2]; 2];
type M3 = [[f64; 3]; 3];

fn mul3(a: &M3, b: &M3) -> M3 {
    let mut c = [[0.0; 3]; 3];
    for i in 0..3 {
        for j in 0..3 {
            c[i][j] = a[i][0] * b[0][j] + a[i][1] * b[1][j] + a[i][2] * b[2][j];
        }
    }
    c
}

/// e^M by scaling and squaring: M/2^s has norm ≤ ½, its Taylor series to 20 terms (error below
/// 1e-20 relative), then s squarings.
fn expm3(m: &M3) -> M3 {
    let norm = m
        .iter()
        .map(|row| row.iter().map(|x| x.abs()).sum::<f64>())
        .fold(0.0, f64::max);
    let mut s = 0;
    let mut scale = 1.0;
    while norm * scale > 0.5 {
        scale *= 0.5;
        s += 1;
    }
    let a: M3 = std::array::from_fn(|i| std::array::from_fn(|j| m[i][j] * scale));
    let mut sum: M3 = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]];
    let mut term = sum;
    for k in 1..=20 {
        term = mul3(&term, &a);
        for row in term.iter_mut() {
            for x in row.iter_mut() {
                *x /= k as f64;
            }
        }
        for i in 0..3 {
            for j in 0..3 {
                sum[i][j] += term[i][j];
            }
        }
    }
    for _ in 0..s {
        sum = mul3(&sum, &sum);
    }
    sum
}

/// Eigenvalues of a real 2×2 matrix, the one with the larger real part first: ((re, im), (re, im)).
fn eigenvalues(w: &M2) -> ((f64, f64), (f64, f64)) {
    let tr = w[0][0] + w[1][1];
    let det = w[0][0] * w[1][1] - w[0][1] * w[1][0];
    let disc = tr * tr / 4.0 - det;
    if disc >= 0.0 {
        let s = sqrt(disc);
        ((tr / 2.0 + s, 0.0), (tr / 2.0 - s, 0.0))
    } else {
        let s = sqrt(-disc);
        ((tr / 2.0, s), (tr / 2.0, -s))
    }
}

struct Consts {
    w: M2,
    tau: f64,
    h: [f64; 2],
    kick: [f64; 2],
    kick_t: f64,
    kick_period: f64,
    /// One step: r ← prop r + drive.
    prop: M2,
    drive: [f64; 2],
    /// Steady state (1 − W)⁻¹ h, if 1 − W is invertible.
    r_star: Option<[f64; 2]>,
    eig: ((f64, f64), (f64, f64)),
    /// |e^{At} u| for the unit kick direction u, t from 0 over the curve's span.
    response: Vec<(f64, f64)>,
}

impl Consts {
    fn from(p: &Params, dt: f64) -> Self {
        let w = [
            [p.get("w_EE"), p.get("w_EI")],
            [p.get("w_IE"), p.get("w_II")],
        ];
        let tau = p.get("tau");
        let h = [p.get("h_E"), p.get("h_I")];
        let s = std::f64::consts::FRAC_1_SQRT_2;
        let u = match p.choice("kick_dir") {
            0 => [s, -s],
            1 => [s, s],
            2 => [1.0, 0.0],
            _ => [0.0, 1.0],
        };
        let amp = p.get("kick_amp");
        // Augmented exponential over one step.
        let aug = |t: f64| -> M3 {
            [
                [(w[0][0] - 1.0) * t / tau, w[0][1] * t / tau, h[0] * t / tau],
                [w[1][0] * t / tau, (w[1][1] - 1.0) * t / tau, h[1] * t / tau],
                [0.0, 0.0, 0.0],
            ]
        };
        let e = expm3(&aug(dt));
        let det = (1.0 - w[0][0]) * (1.0 - w[1][1]) - w[0][1] * w[1][0];
        let r_star = (det.abs() > 1e-12).then(|| {
            [
                ((1.0 - w[1][1]) * h[0] + w[0][1] * h[1]) / det,
                (w[1][0] * h[0] + (1.0 - w[0][0]) * h[1]) / det,
            ]
        });
        let eig = eigenvalues(&w);
        // The response curve covers five of the slowest time constants (at most 500 ms), or 100 ms
        // if the network is unstable.
        let slow = 1.0 - eig.0 .0;
        let span = if slow > 0.0 {
            (5.0 * tau / slow).min(500.0)
        } else {
            100.0
        };
        let step = expm3(&aug(span / (CURVE_POINTS - 1) as f64));
        let mut v = u;
        let mut response = Vec::with_capacity(CURVE_POINTS);
        for k in 0..CURVE_POINTS {
            response.push((
                span * k as f64 / (CURVE_POINTS - 1) as f64,
                sqrt(v[0] * v[0] + v[1] * v[1]),
            ));
            v = [
                step[0][0] * v[0] + step[0][1] * v[1],
                step[1][0] * v[0] + step[1][1] * v[1],
            ];
        }
        Consts {
            w,
            tau,
            h,
            kick: [amp * u[0], amp * u[1]],
            kick_t: p.get("kick_t"),
            kick_period: p.get("kick_period_ms"),
            prop: [[e[0][0], e[0][1]], [e[1][0], e[1][1]]],
            drive: [e[0][2], e[1][2]],
            r_star,
            eig,
            response,
        }
    }
}

struct LinearRnn {
    t: f64,
    r: [f64; 2],
    dt: f64,
    c: Consts,
    /// Index of the next kick, and |r − r*| just after the last one and its largest value since.
    next_kick: u64,
    dev0: f64,
    dev_peak: f64,
}

impl LinearRnn {
    fn dev(&self) -> f64 {
        match self.c.r_star {
            Some(s) => {
                let (a, b) = (self.r[0] - s[0], self.r[1] - s[1]);
                sqrt(a * a + b * b)
            }
            None => f64::NAN,
        }
    }
}

fn build(p: &Params, _seed: u64) -> Box<dyn Model> {
    let dt = SPEC.sample_ms;
    let c = Consts::from(p, dt);
    // Start at the steady state (or at 0 without one), so that only the kicks move the state.
    let r = c.r_star.unwrap_or([0.0, 0.0]);
    Box::new(LinearRnn {
        t: 0.0,
        r,
        dt,
        c,
        next_kick: 0,
        dev0: 0.0,
        dev_peak: 0.0,
    })
}

impl Model for LinearRnn {
    fn time_ms(&self) -> f64 {
        self.t
    }

    fn step(&mut self, _spikes: &mut Vec<Spike>) {
        let c = &self.c;
        let r = self.r;
        self.r = [
            c.prop[0][0] * r[0] + c.prop[0][1] * r[1] + c.drive[0],
            c.prop[1][0] * r[0] + c.prop[1][1] * r[1] + c.drive[1],
        ];
        self.t += self.dt;
        let t_kick = c.kick_t + self.next_kick as f64 * c.kick_period;
        if self.t >= t_kick - 1e-9 {
            self.r[0] += c.kick[0];
            self.r[1] += c.kick[1];
            self.next_kick = ((self.t - c.kick_t + 1e-9) / c.kick_period).floor() as u64 + 1;
            self.dev0 = self.dev();
            self.dev_peak = self.dev0;
        } else {
            self.dev_peak = self.dev_peak.max(self.dev());
        }
    }

    fn sample(&self, out: &mut [f64]) {
        let s = std::f64::consts::FRAC_1_SQRT_2;
        out[0] = self.r[0];
        out[1] = self.r[1];
        out[2] = s * (self.r[0] + self.r[1]);
        out[3] = s * (self.r[0] - self.r[1]);
        // Without a steady state (an eigenvalue exactly 1) the distance is not defined: 0 shown.
        let d = self.dev();
        out[4] = if d.is_finite() { d } else { 0.0 };
    }

    fn set_params(&mut self, p: &Params) {
        self.c = Consts::from(p, self.dt);
        // The kick schedule may have changed: the next kick is the first one after now.
        let c = &self.c;
        self.next_kick = if self.t < c.kick_t {
            0
        } else {
            ((self.t - c.kick_t) / c.kick_period).floor() as u64 + 1
        };
        self.dev0 = 0.0;
    }

    fn measure(&self, name: &str, _rec: &Recording) -> Option<f64> {
        let c = &self.c;
        let ((re1, im1), (re2, im2)) = c.eig;
        match name {
            "amplification" => {
                (self.dev0 > 0.0 && self.dev_peak.is_finite()).then(|| self.dev_peak / self.dev0)
            }
            "amplification_theory" => c.response.iter().map(|p| p.1).reduce(f64::max),
            "re_lambda_1" => Some(re1),
            "im_lambda_1" => Some(im1),
            "re_lambda_2" => Some(re2),
            "im_lambda_2" => Some(im2),
            "nonnormality" => {
                let f2: f64 = c.w.iter().flatten().map(|x| x * x).sum();
                Some(sqrt(
                    (f2 - (re1 * re1 + im1 * im1) - (re2 * re2 + im2 * im2)).max(0.0),
                ))
            }
            "steady_gain" => {
                let hn = sqrt(c.h[0] * c.h[0] + c.h[1] * c.h[1]);
                let s = c.r_star?;
                (hn > 0.0).then(|| sqrt(s[0] * s[0] + s[1] * s[1]) / hn)
            }
            "slowest_tau_ms" => (re1 < 1.0).then(|| c.tau / (1.0 - re1)),
            _ => None,
        }
    }

    fn profile(&self, name: &str, out: &mut Vec<(f64, f64)>) {
        out.clear();
        let c = &self.c;
        match name {
            "kick_response" => out.extend_from_slice(&c.response),
            "eigenvalue_decay" => {
                let rate = (c.eig.0 .0 - 1.0) / c.tau;
                out.extend(c.response.iter().map(|&(t, _)| (t, exp(rate * t))));
            }
            "eigenvalues" => {
                let ((a, b), (x, y)) = c.eig;
                out.extend([(a, b), (x, y)]);
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run::Simulation;
    use crate::testkit;
    use nalgebra::{Matrix2, Vector2};

    fn params(preset: &str, set: &[(&str, f64)]) -> Params {
        testkit::params(&ENTRY, Some(preset), set)
    }

    fn run(p: Params, ms: f64) -> Simulation {
        testkit::run(&ENTRY, p, 0, ms)
    }

    fn last(sim: &Simulation, k: usize) -> f64 {
        *sim.rec.traces[k].last().unwrap()
    }

    #[test]
    fn steady_state_is_one_minus_w_inverse_times_h() {
        // Closed form r* = (1 − W)⁻¹ h (Dayan & Abbott eq. 7.13 without the nonlinearity),
        // computed with nalgebra's LU inverse. Started away from it (the run starts at r*, so
        // change h live and wait): after 30 of the slowest time constants the simulated state
        // equals it to 1e-9 relative. Cases: the normal preset (gain 10 along the sum mode), the
        // Murphy–Miller pair, and an arbitrary stable W with complex eigenvalues.
        let cases: [(&str, [(&str, f64); 6]); 3] = [
            (
                "normal_amplification",
                [
                    ("h_E", 1.0),
                    ("h_I", 1.0),
                    ("w_EE", 0.4),
                    ("w_EI", 0.5),
                    ("w_IE", 0.5),
                    ("w_II", 0.4),
                ],
            ),
            (
                "non_normal",
                [
                    ("h_E", 0.7),
                    ("h_I", -0.3),
                    ("w_EE", 8.0),
                    ("w_EI", -8.8),
                    ("w_IE", 8.0),
                    ("w_II", -8.8),
                ],
            ),
            (
                "non_normal",
                [
                    ("h_E", -1.5),
                    ("h_I", 2.0),
                    ("w_EE", 0.5),
                    ("w_EI", -2.0),
                    ("w_IE", 1.5),
                    ("w_II", -0.5),
                ],
            ),
        ];
        for (preset, set) in cases {
            let mut sim = run(params(preset, &[("kick_amp", 0.0)]), 10.0);
            for (k, v) in set {
                sim.set_param(k, v).unwrap();
            }
            let tau_slow = sim.measure("slowest_tau_ms").unwrap();
            sim.run_for(30.0 * tau_slow).unwrap();
            let p = &sim.params;
            let w = Matrix2::new(p.get("w_EE"), p.get("w_EI"), p.get("w_IE"), p.get("w_II"));
            let h = Vector2::new(p.get("h_E"), p.get("h_I"));
            let r_star = (Matrix2::identity() - w).try_inverse().unwrap() * h;
            let (re, ri) = (last(&sim, 0), last(&sim, 1));
            assert!(
                (re - r_star[0]).abs() < 1e-9 * r_star.norm(),
                "{preset} {set:?}: r_E = {re}, closed form {}",
                r_star[0]
            );
            assert!(
                (ri - r_star[1]).abs() < 1e-9 * r_star.norm(),
                "{preset} {set:?}: r_I = {ri}, closed form {}",
                r_star[1]
            );
        }
        // The normal preset's gain: h = (1, 1) lies along the eigenvector of λ = 0.9, so
        // |r*|/|h| = 1/(1 − 0.9) = 10 exactly.
        let sim = run(params("normal_amplification", &[]), 1.0);
        assert!((sim.measure("steady_gain").unwrap() - 10.0).abs() < 1e-9);
        assert!((sim.measure("slowest_tau_ms").unwrap() - 100.0).abs() < 1e-9);
        assert!((last(&sim, 0) - 10.0).abs() < 1e-9 && (last(&sim, 1) - 10.0).abs() < 1e-9);
    }

    #[test]
    fn eigenvalues_and_nonnormality_match_nalgebra_and_the_schur_form() {
        // Eigenvalues from the closed form against nalgebra's (Schur-based) complex_eigenvalues;
        // for the Murphy–Miller pair they are 0 and w (1 − k) = −0.8, and the departure from
        // normality is w_FF = w (1 + k) = 16.8 (module doc). For the symmetric W it is 0.
        for (preset, lam, ff) in [
            ("non_normal", (0.0, -0.8), 16.8),
            ("normal_amplification", (0.9, -0.1), 0.0),
        ] {
            let sim = run(params(preset, &[]), 1.0);
            let p = &sim.params;
            let w = Matrix2::new(p.get("w_EE"), p.get("w_EI"), p.get("w_IE"), p.get("w_II"));
            let mut ev: Vec<(f64, f64)> = w
                .complex_eigenvalues()
                .iter()
                .map(|z| (z.re, z.im))
                .collect();
            ev.sort_by(|a, b| b.0.total_cmp(&a.0));
            let (r1, r2) = (
                sim.measure("re_lambda_1").unwrap(),
                sim.measure("re_lambda_2").unwrap(),
            );
            assert!(
                (r1 - ev[0].0).abs() < 1e-9 && (r2 - ev[1].0).abs() < 1e-9,
                "{preset}: {r1} {r2} vs {ev:?}"
            );
            assert!((r1 - lam.0).abs() < 1e-9 && (r2 - lam.1).abs() < 1e-9);
            assert_eq!(sim.measure("im_lambda_1"), Some(0.0));
            assert!(
                (sim.measure("nonnormality").unwrap() - ff).abs() < 1e-6,
                "{preset}"
            );
        }
        // Complex pair: W = [[0.5, −2], [1.5, −0.5]]: tr 0, det 2.75, λ = ±1.6583 i.
        let sim = run(
            params(
                "non_normal",
                &[("w_EE", 0.5), ("w_EI", -2.0), ("w_IE", 1.5), ("w_II", -0.5)],
            ),
            1.0,
        );
        assert!(sim.measure("re_lambda_1").unwrap().abs() < 1e-12);
        assert!((sim.measure("im_lambda_1").unwrap() - 2.75f64.sqrt()).abs() < 1e-12);
    }

    /// |r(t) − r*| after a unit kick along the difference mode of the Murphy–Miller pair, from the
    /// closed form of the module doc.
    fn mm_norm(w: f64, k: f64, tau: f64, t: f64) -> f64 {
        let (wff, g) = (w * (1.0 + k), 1.0 + w * (k - 1.0));
        let am = (-t / tau).exp();
        let ap = wff / (g - 1.0) * ((-t / tau).exp() - (-g * t / tau).exp());
        (am * am + ap * ap).sqrt()
    }

    #[test]
    fn non_normal_pair_amplifies_transiently_as_the_schur_form_predicts() {
        // Murphy & Miller 2009: w = 8, k = 1.1, τ = 10 ms. Eigenvalues 0 and −0.8 (< 1: stable),
        // yet a kick of 1 along (1, −1)/√2 grows: the common mode peaks at t* = τ ln γ/(γ − 1)
        // = 7.35 ms with a₊ = (w_FF/γ) γ^{−1/(γ−1)} = 4.477 (γ = 1.8, w_FF = 16.8). The largest
        // |r − r*| of the closed-form trajectory (golden-section search) is the analytic peak;
        // the simulated amplification and the model's own curve must match it to 1e-3 (the
        // samples are 0.2 ms apart near a smooth maximum: error ~1e-4 relative).
        let (w, k, tau) = (8.0, 1.1, 10.0);
        let g: f64 = 1.0 + w * (k - 1.0);
        let t_star = tau * g.ln() / (g - 1.0);
        let a_peak = w * (1.0 + k) / g * g.powf(-1.0 / (g - 1.0));
        assert!(
            (t_star - 7.3473).abs() < 1e-3 && (a_peak - 4.4774).abs() < 1e-3,
            "{t_star} {a_peak}"
        );
        let (mut lo, mut hi) = (0.0, 30.0);
        let phi = (5f64.sqrt() - 1.0) / 2.0;
        for _ in 0..200 {
            let (x1, x2) = (hi - phi * (hi - lo), lo + phi * (hi - lo));
            if mm_norm(w, k, tau, x1) < mm_norm(w, k, tau, x2) {
                lo = x1
            } else {
                hi = x2
            }
        }
        let peak = mm_norm(w, k, tau, 0.5 * (lo + hi));
        assert!(peak > a_peak && peak < a_peak + 0.5, "norm peak {peak}");

        let sim = run(params("non_normal", &[]), 120.0);
        assert!(
            sim.measure("re_lambda_1").unwrap() < 1.0 && sim.measure("re_lambda_2").unwrap() < 1.0
        );
        let amp = sim.measure("amplification").unwrap();
        assert!(amp > 1.0);
        assert!(
            (amp / peak - 1.0).abs() < 1e-3,
            "simulated {amp}, analytic {peak}"
        );
        let theory = sim.measure("amplification_theory").unwrap();
        assert!(
            (theory / peak - 1.0).abs() < 1e-3,
            "curve {theory}, analytic {peak}"
        );
        // The simulated trajectory follows the closed form at every sample after the kick.
        let t0 = 50.0;
        for (t, d) in sim.rec.t.iter().zip(&sim.rec.traces[4]) {
            if *t > t0 + 1e-6 {
                let want = mm_norm(w, k, tau, t - t0);
                assert!(
                    (d - want).abs() < 1e-9 * want.max(1.0),
                    "t = {t}: {d} vs {want}"
                );
            }
        }
        // The kick along the sum pattern (an eigenvector, λ = −0.8) only decays, as e^{−1.8 t/τ}.
        let sim = run(params("non_normal_sum_kick", &[]), 120.0);
        assert!((sim.measure("amplification").unwrap() - 1.0).abs() < 1e-12);
        let sim2 = run(params("non_normal_sum_kick", &[]), 60.0);
        assert!(
            (last(&sim2, 4) - (-1.8f64).exp()).abs() < 1e-12,
            "after 10 ms: {}",
            last(&sim2, 4)
        );
    }

    #[test]
    fn a_feed_forward_pair_amplifies_a_kick_of_e_by_its_closed_form() {
        // W = [[0, 0], [w, 0]], unit kick of E at t0 (module doc): r_I = w s e^{−s}, s = t/τ,
        // peaks at s = 1 with w/e; |r| = e^{−s} √(1 + w² s²) peaks at s = (1 + √(1 − 4/w²))/2.
        for w in [10.0f64, 4.0, 2.5] {
            let sim = run(params("feed_forward", &[("w_IE", w)]), 120.0);
            let tau = sim.params.get("tau");
            let s = 0.5 * (1.0 + (1.0 - 4.0 / (w * w)).sqrt());
            let peak = (-s).exp() * (1.0 + w * w * s * s).sqrt();
            let amp = sim.measure("amplification").unwrap();
            assert!(
                (amp / peak - 1.0).abs() < 1e-3,
                "w = {w}: simulated {amp}, closed form {peak}"
            );
            assert!(sim.measure("re_lambda_1").unwrap().abs() < 1e-12);
            assert!(sim.measure("re_lambda_2").unwrap().abs() < 1e-12);
            // Henrici's departure from normality is the feed-forward weight itself.
            assert!((sim.measure("nonnormality").unwrap() - w).abs() < 1e-9);
            // r_I after the kick at 50 ms: the sampled maximum lies at t0 + τ, value w/e.
            let (mut t_max, mut r_max) = (0.0, f64::MIN);
            for (t, r) in sim.rec.t.iter().zip(&sim.rec.traces[1]) {
                if *t > 50.0 && *r > r_max {
                    (t_max, r_max) = (*t, *r);
                }
            }
            assert!(
                (t_max - 50.0 - tau).abs() <= SPEC.sample_ms,
                "w = {w}: peak of r_I at {t_max}"
            );
            assert!(
                (r_max / (w / std::f64::consts::E) - 1.0).abs() < 1e-3,
                "w = {w}: r_I peak {r_max}"
            );
        }
    }

    #[test]
    fn a_normal_network_never_amplifies_a_kick() {
        // For a normal W with stable eigenvalues |r − r*| decays monotonically (its eigenvectors
        // are orthogonal): amplification exactly 1 whatever the direction, while the sum mode
        // decays with τ/(1 − 0.9) = 100 ms: after 100 ms a kick of 1 has fallen to 1/e.
        for dir in [0.0, 1.0, 2.0, 3.0] {
            let sim = run(params("normal_amplification", &[("kick_dir", dir)]), 400.0);
            let a = sim.measure("amplification").unwrap();
            assert!(
                (a - 1.0).abs() < 1e-12,
                "direction {dir}: amplification {a}"
            );
            assert!(sim.measure("amplification_theory").unwrap() <= 1.0 + 1e-12);
        }
        let sim = run(params("normal_amplification", &[]), 150.0);
        assert!(
            (last(&sim, 4) - (-1.0f64).exp()).abs() < 1e-9,
            "{}",
            last(&sim, 4)
        );
    }
}
