//! The Wilson–Cowan model: an excitatory and an inhibitory population in the phase plane.
//!
//!   τ_E dE/dt = −E + (k_E − r E) S_E(w_EE E − w_EI I + P)
//!   τ_I dI/dt = −I + (k_I − r I) S_I(w_IE E − w_II I + Q)
//!   S_j(x) = 1/(1 + e^{−a_j (x − θ_j)}) − 1/(1 + e^{a_j θ_j}),   k_j = 1 − 1/(1 + e^{a_j θ_j})
//!
//! (Wilson & Cowan 1972, Biophys. J. 12:1, eqs. 13–14, with their c_1..c_4 written w_EE, w_EI,
//! w_IE, w_II; Ermentrout & Terman 2010 §11.3; Dayan & Abbott §7.5 for the E–I analysis.)
//! E and I are the fractions of the excitatory and inhibitory populations active per unit time.
//! S_j is a logistic shifted so that S_j(0) = 0 (the state E = I = 0 is a fixed point without
//! input), k_j its supremum, and (k − r E) the fraction of cells not refractory (r, the refractory
//! period in units of the time constant; Wilson & Cowan take r = 1). With r = 0 the equations are
//! the form τ dE/dt = −E + S(w_EE E − w_EI I + P) found in most textbooks (k_j ≈ 1 here).
//!
//! Parameter sets (Wilson & Cowan 1972, as reproduced by many later sources; checked here by our
//! own analysis, in the tests): the oscillatory set w_EE = 16, w_EI = 12, w_IE = 15, w_II = 3,
//! a_E = 1.3, θ_E = 4, a_I = 2, θ_I = 3.7, r = 1, Q = 0, which has a stable limit cycle at
//! P = 1.25; and the set with multiple steady states w_EE = 12, w_EI = 4, w_IE = 13, w_II = 11,
//! a_E = 1.2, θ_E = 2.8, a_I = 1, θ_I = 4, r = 1. The time constants are 10 ms here (Wilson & Cowan
//! measure time in units of τ). Computed in the tests from a copy of the equations retyped there
//! (no published value was found for these): along P the oscillatory set has three fixed points
//! for 0.909 < P < 1.087; above the upper fold only the unstable focus is left and the state
//! oscillates, until the focus regains stability at a supercritical Hopf point P_H ≈ 1.879, where
//! ω/2π ≈ 42.4 Hz with τ = 10 ms.
//!
//! Fixed points. The I-nullcline I = (k_I − r I) S_I(w_IE E − w_II I + Q) has exactly one I for each
//! E (its right-hand side decreases in I for w_II ≥ 0, r ≤ 2, θ_I > 0), found by bisection;
//! along it the fixed points are the roots of g(E) = −E + (k_E − r E) S_E(w_EE E − w_EI I(E) + P),
//! bracketed on a fine grid of E and refined by bisection. Their stability comes from the
//! eigenvalues of the Jacobian, with S′ = a σ (1 − σ) (σ the unshifted logistic):
//!   J = [[(−1 − r S_E + (k_E − r E) S_E′ w_EE)/τ_E,   −(k_E − r E) S_E′ w_EI/τ_E],
//!        [(k_I − r I) S_I′ w_IE/τ_I,             (−1 − r S_I − (k_I − r I) S_I′ w_II)/τ_I]].
//! A stable focus has complex eigenvalues with negative real part (damped oscillations at
//! Im λ/2π); when the real part crosses zero (a Hopf bifurcation) the focus becomes unstable and
//! the trajectory winds onto a limit cycle.
//!
//! P is the constant external input to E, with an optional rectangular pulse (pulse_amp for
//! pulse_ms from pulse_t) to switch between states.

use crate::integrate::{self, Method};
use crate::math::{exp, sqrt};
use crate::model::*;
use crate::params::Params;
use crate::record::Recording;

pub static SPEC: ModelSpec = ModelSpec {
    id: "wilson_cowan",
    title: "Wilson–Cowan excitatory–inhibitory populations",
    lecture: 6,
    summary: "Two coupled populations, excitatory E and inhibitory I, in the phase plane: nullclines, fixed points, \
              their stability from the Jacobian, bistability and the onset of oscillations.",
    params: &[
        ParamSpec::real("P", "P", "", -2.0, 6.0, 1.25, 0.01).help("external input to the excitatory population"),
        ParamSpec::real("Q", "Q", "", -4.0, 6.0, 0.0, 0.01).help("external input to the inhibitory population"),
        ParamSpec::real("w_EE", r"w_{EE}", "", 0.0, 30.0, 16.0, 0.1).help("E → E coupling (Wilson & Cowan's c₁)"),
        ParamSpec::real("w_EI", r"w_{EI}", "", 0.0, 30.0, 12.0, 0.1).help("I → E coupling, inhibitory (c₂)"),
        ParamSpec::real("w_IE", r"w_{IE}", "", 0.0, 30.0, 15.0, 0.1).help("E → I coupling (c₃)"),
        ParamSpec::real("w_II", r"w_{II}", "", 0.0, 30.0, 3.0, 0.1).help("I → I coupling, inhibitory (c₄)"),
        ParamSpec::real("a_E", r"a_E", "", 0.1, 10.0, 1.3, 0.01).log().help("gain of the excitatory sigmoid"),
        ParamSpec::real("theta_E", r"\theta_E", "", 0.1, 10.0, 4.0, 0.01).help("threshold of the excitatory sigmoid"),
        ParamSpec::real("a_I", r"a_I", "", 0.1, 10.0, 2.0, 0.01).log().help("gain of the inhibitory sigmoid"),
        ParamSpec::real("theta_I", r"\theta_I", "", 0.1, 10.0, 3.7, 0.01).help("threshold of the inhibitory sigmoid"),
        ParamSpec::real("r", "r", "", 0.0, 2.0, 1.0, 0.01)
            .help("refractory factor: (k − r E) is the fraction of cells able to fire; 0 gives the textbook form"),
        ParamSpec::real("tau_E", r"\tau_E", "ms", 1.0, 100.0, 10.0, 0.1).log().help("time constant of E"),
        ParamSpec::real("tau_I", r"\tau_I", "ms", 1.0, 100.0, 10.0, 0.1).log().help("time constant of I"),
        ParamSpec::real("E0", r"E_0", "", 0.0, 1.0, 0.1, 0.01).help("initial E").restart(),
        ParamSpec::real("I0", r"I_0", "", 0.0, 1.0, 0.05, 0.01).help("initial I").restart(),
        ParamSpec::real("pulse_t", r"t_{\mathrm{pulse}}", "ms", 0.0, 2000.0, 100.0, 1.0).help("onset of the pulse added to P"),
        ParamSpec::real("pulse_amp", r"A_{\mathrm{pulse}}", "", -5.0, 5.0, 0.0, 0.01).help("amplitude of the pulse added to P"),
        ParamSpec::real("pulse_ms", r"T_{\mathrm{pulse}}", "ms", 0.1, 200.0, 10.0, 0.1).help("duration of the pulse"),
        ParamSpec::dt(0.001, 2.0, 0.05),
        ParamSpec::choice("method", "method", &["euler", "rk4"], 1)
            .help("forward Euler (first order) or classical Runge–Kutta (fourth order)"),
    ],
    presets: &[
        PresetSpec {
            name: "limit_cycle",
            description: "Wilson and Cowan's oscillatory set at P = 1.25: the only fixed point is an unstable focus, and \
                          the state winds onto a limit cycle, whatever the initial condition.",
            values: &[],
        },
        PresetSpec {
            name: "stable_focus",
            description: "The same network at P = 2.5, past the upper end of the oscillatory range (P ≈ 1.9): the fixed point \
                          is a stable focus and the state spirals into it with oscillations at 46 Hz that die out in about 75 ms.",
            values: &[("P", 2.5)],
        },
        PresetSpec {
            name: "bistable",
            description: "Wilson and Cowan's set with multiple steady states, P = 0: a low and a high stable state \
                          separated by a saddle. A 10 ms pulse of +2 on P switches the network from low to high, where it stays.",
            values: &[
                ("P", 0.0),
                ("w_EE", 12.0),
                ("w_EI", 4.0),
                ("w_IE", 13.0),
                ("w_II", 11.0),
                ("a_E", 1.2),
                ("theta_E", 2.8),
                ("a_I", 1.0),
                ("theta_I", 4.0),
                ("E0", 0.0),
                ("I0", 0.0),
                ("pulse_amp", 2.0),
            ],
        },
    ],
    traces: &[
        TraceSpec::new("E", "excitatory activity E", "", 10.0),
        TraceSpec::new("I", "inhibitory activity I", "", 10.0),
        TraceSpec::new("P_t", "input to E, P(t)", "", 1e3),
    ],
    measures: &[
        MeasureSpec::new("n_fixed_points", "number of fixed points", ""),
        MeasureSpec::new("n_stable", "number of stable fixed points", ""),
        MeasureSpec::new("e_star", "E at the fixed point nearest the state", ""),
        MeasureSpec::new("i_star", "I at the fixed point nearest the state", ""),
        MeasureSpec::new("re_lambda_per_ms", "largest real part of the Jacobian's eigenvalues there (> 0: unstable)", "1/ms"),
        MeasureSpec::new("im_lambda_per_ms", "imaginary part of those eigenvalues (≠ 0: a focus)", "1/ms"),
        MeasureSpec::new("e_amplitude", "peak-to-peak E over the window (after the first 100 ms)", ""),
        MeasureSpec::new("freq_hz", "oscillation frequency from the E maxima", "Hz"),
    ],
    plots: &[
        PlotSpec {
            id: "phase",
            title: "Phase plane (E, I) with the nullclines",
            kind: PlotKind::PhasePlane { x: "E", y: "I", x_range: (-0.05, 0.6), y_range: (-0.05, 0.6) },
        },
        PlotSpec {
            id: "activity",
            title: "E and I",
            kind: PlotKind::TimeSeries { traces: &["E", "I"], y_label: "activity", y: Range::Auto },
        },
        PlotSpec {
            id: "onset",
            title: "Oscillation amplitude against P: onset where the fixed point loses stability",
            kind: PlotKind::Sweep {
                seeds: 1,
                y: Range::Auto,
                param: "P",
                measure: "e_amplitude",
                from: -0.5,
                to: 4.0,
                steps: 46,
                settle_ms: 300.0,
                duration_ms: 300.0,
                overlays: &[],
            },
        },
    ],
    window_ms: 400.0,
    sample_ms: 0.5,
    default_duration_ms: 400.0,
    stochastic: false,
    clock: Clock::Time,
    offload: false,
};

pub static ENTRY: ModelEntry = ModelEntry { spec: &SPEC, build };

/// Grid of E used to bracket the fixed points.
const SCAN: usize = 3000;
/// The amplitude and frequency ignore the first part of the recording (the transient).
const SKIP_MS: f64 = 100.0;

fn build(p: &Params, _seed: u64) -> Box<dyn Model> {
    Box::new(WilsonCowan {
        t: 0.0,
        e: p.get("E0"),
        i: p.get("I0"),
        c: Consts::from(p),
    })
}

/// One population's shifted sigmoid and its prefactor.
#[derive(Clone, Copy, Debug)]
struct Pop {
    a: f64,
    theta: f64,
    /// S(0) of the unshifted logistic, 1/(1 + e^{aθ}), and k = 1 − that.
    s0: f64,
    k: f64,
}

impl Pop {
    fn new(a: f64, theta: f64) -> Self {
        let s0 = 1.0 / (1.0 + exp(a * theta));
        Pop {
            a,
            theta,
            s0,
            k: 1.0 - s0,
        }
    }
    /// Unshifted logistic σ(x).
    #[inline]
    fn sigma(&self, x: f64) -> f64 {
        1.0 / (1.0 + exp(-self.a * (x - self.theta)))
    }
    /// S(x) = σ(x) − σ(0).
    #[inline]
    fn s(&self, x: f64) -> f64 {
        self.sigma(x) - self.s0
    }
    /// S′(x) = a σ (1 − σ).
    #[inline]
    fn ds(&self, x: f64) -> f64 {
        let g = self.sigma(x);
        self.a * g * (1.0 - g)
    }
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Field {
    w_ee: f64,
    w_ei: f64,
    w_ie: f64,
    w_ii: f64,
    pe: Pop,
    pi: Pop,
    r: f64,
    tau_e: f64,
    tau_i: f64,
    q: f64,
}

impl Field {
    /// (dE/dt, dI/dt) at input P.
    #[inline]
    fn rhs(&self, e: f64, i: f64, p: f64) -> [f64; 2] {
        let ue = self.w_ee * e - self.w_ei * i + p;
        let ui = self.w_ie * e - self.w_ii * i + self.q;
        [
            (-e + (self.pe.k - self.r * e) * self.pe.s(ue)) / self.tau_e,
            (-i + (self.pi.k - self.r * i) * self.pi.s(ui)) / self.tau_i,
        ]
    }

    /// τ_I dI/dt at (E, I): increasing in I (module doc).
    fn h_i(&self, e: f64, i: f64) -> f64 {
        i - (self.pi.k - self.r * i) * self.pi.s(self.w_ie * e - self.w_ii * i + self.q)
    }

    /// The I-nullcline: the one I with dI/dt = 0 at this E, by bisection.
    fn i_nullcline(&self, e: f64) -> f64 {
        let (mut lo, mut hi) = (-1.0, 1.0);
        while self.h_i(e, lo) > 0.0 {
            lo *= 2.0;
        }
        while self.h_i(e, hi) < 0.0 {
            hi *= 2.0;
        }
        for _ in 0..100 {
            let m = 0.5 * (lo + hi);
            if m == lo || m == hi {
                break;
            }
            if self.h_i(e, m) < 0.0 {
                lo = m;
            } else {
                hi = m;
            }
        }
        0.5 * (lo + hi)
    }

    /// τ_E dE/dt along the I-nullcline: zero at the fixed points.
    fn g(&self, e: f64, p: f64) -> f64 {
        let i = self.i_nullcline(e);
        -e + (self.pe.k - self.r * e) * self.pe.s(self.w_ee * e - self.w_ei * i + p)
    }

    /// All fixed points (E, I), by E ascending: the E range is [−k_E, k_E], which holds every
    /// fixed point since |S| < k there and r E S has the sign that shrinks it.
    pub(crate) fn fixed_points(&self, p: f64) -> Vec<(f64, f64)> {
        let (lo, hi) = (-self.pe.k, self.pe.k);
        let x = |k: usize| lo + (hi - lo) * k as f64 / SCAN as f64;
        let mut out = Vec::new();
        let (mut a, mut ga) = (x(0), self.g(x(0), p));
        for k in 1..=SCAN {
            let b = x(k);
            let gb = self.g(b, p);
            if gb == 0.0 {
                out.push(b);
            } else if ga != 0.0 && (ga > 0.0) != (gb > 0.0) {
                let (mut u, mut v, gu) = (a, b, ga);
                for _ in 0..100 {
                    let m = 0.5 * (u + v);
                    if m == u || m == v {
                        break;
                    }
                    if (self.g(m, p) > 0.0) == (gu > 0.0) {
                        u = m;
                    } else {
                        v = m;
                    }
                }
                out.push(0.5 * (u + v));
            }
            (a, ga) = (b, gb);
        }
        out.into_iter().map(|e| (e, self.i_nullcline(e))).collect()
    }

    /// The Jacobian at (E, I) (module doc), row-major.
    pub(crate) fn jacobian(&self, e: f64, i: f64, p: f64) -> [[f64; 2]; 2] {
        let ue = self.w_ee * e - self.w_ei * i + p;
        let ui = self.w_ie * e - self.w_ii * i + self.q;
        let (fe, fi) = (self.pe.k - self.r * e, self.pi.k - self.r * i);
        let (se, si) = (self.pe.s(ue), self.pi.s(ui));
        let (dse, dsi) = (self.pe.ds(ue), self.pi.ds(ui));
        [
            [
                (-1.0 - self.r * se + fe * dse * self.w_ee) / self.tau_e,
                -fe * dse * self.w_ei / self.tau_e,
            ],
            [
                fi * dsi * self.w_ie / self.tau_i,
                (-1.0 - self.r * si - fi * dsi * self.w_ii) / self.tau_i,
            ],
        ]
    }
}

/// Eigenvalues of a real 2×2 matrix: (Re λ_max, |Im λ|) from the trace and determinant.
pub(crate) fn eig2(j: [[f64; 2]; 2]) -> (f64, f64) {
    let tr = j[0][0] + j[1][1];
    let det = j[0][0] * j[1][1] - j[0][1] * j[1][0];
    let disc = tr * tr / 4.0 - det;
    if disc >= 0.0 {
        (tr / 2.0 + sqrt(disc), 0.0)
    } else {
        (tr / 2.0, sqrt(-disc))
    }
}

struct Consts {
    f: Field,
    p: f64,
    pulse_t: f64,
    pulse_amp: f64,
    pulse_ms: f64,
    dt: f64,
    method: Method,
    /// Fixed points at the constant input P, and (Re λ_max, |Im λ|) at each.
    fixed: Vec<(f64, f64)>,
    eig: Vec<(f64, f64)>,
}

impl Consts {
    fn from(p: &Params) -> Self {
        let r = p.get("r");
        let f = Field {
            w_ee: p.get("w_EE"),
            w_ei: p.get("w_EI"),
            w_ie: p.get("w_IE"),
            w_ii: p.get("w_II"),
            pe: Pop::new(p.get("a_E"), p.get("theta_E")),
            pi: Pop::new(p.get("a_I"), p.get("theta_I")),
            r,
            tau_e: p.get("tau_E"),
            tau_i: p.get("tau_I"),
            q: p.get("Q"),
        };
        let pe = p.get("P");
        let fixed = f.fixed_points(pe);
        let eig = fixed
            .iter()
            .map(|&(e, i)| eig2(f.jacobian(e, i, pe)))
            .collect();
        Consts {
            f,
            p: pe,
            pulse_t: p.get("pulse_t"),
            pulse_amp: p.get("pulse_amp"),
            pulse_ms: p.get("pulse_ms"),
            dt: p.get("dt"),
            method: Method::from_index(p.choice("method")),
            fixed,
            eig,
        }
    }

    fn input(&self, t: f64) -> f64 {
        let on = t >= self.pulse_t - 1e-9 && t < self.pulse_t + self.pulse_ms - 1e-9;
        self.p + if on { self.pulse_amp } else { 0.0 }
    }
}

struct WilsonCowan {
    t: f64,
    e: f64,
    i: f64,
    c: Consts,
}

impl WilsonCowan {
    /// Index of the fixed point nearest the current state.
    fn nearest(&self) -> Option<usize> {
        let d = |&(e, i): &(f64, f64)| (e - self.e) * (e - self.e) + (i - self.i) * (i - self.i);
        (0..self.c.fixed.len()).min_by(|&a, &b| d(&self.c.fixed[a]).total_cmp(&d(&self.c.fixed[b])))
    }

    /// The E samples of the plot's window (the last `window_ms`), after the transient: the page
    /// keeps only that window, and a longer run in the CLI measures the same (its early
    /// approach to a cycle would otherwise widen the amplitude).
    fn settled<'a>(&self, rec: &'a Recording) -> (&'a [f64], &'a [f64]) {
        let from = (rec.t_begin + SKIP_MS).max(self.t - SPEC.window_ms);
        let k = rec.t.partition_point(|&t| t < from);
        (&rec.t[k..], &rec.traces[0][k..])
    }
}

impl Model for WilsonCowan {
    fn time_ms(&self) -> f64 {
        self.t
    }

    fn step(&mut self, _spikes: &mut Vec<Spike>) {
        let c = &self.c;
        let (f, p) = (c.f, c.input(self.t));
        let rhs = |_: f64, y: &[f64; 2]| f.rhs(y[0], y[1], p);
        let mut y = [self.e, self.i];
        match c.method {
            Method::Euler => integrate::euler(self.t, &mut y, c.dt, rhs),
            _ => integrate::rk4(self.t, &mut y, c.dt, rhs),
        }
        self.e = y[0];
        self.i = y[1];
        self.t += c.dt;
    }

    fn sample(&self, out: &mut [f64]) {
        out[0] = self.e;
        out[1] = self.i;
        out[2] = self.c.input(self.t);
    }

    fn set_params(&mut self, p: &Params) {
        self.c = Consts::from(p);
    }

    fn measure(&self, name: &str, rec: &Recording) -> Option<f64> {
        let c = &self.c;
        match name {
            "n_fixed_points" => Some(c.fixed.len() as f64),
            "n_stable" => Some(c.eig.iter().filter(|e| e.0 < 0.0).count() as f64),
            "e_star" => self.nearest().map(|k| c.fixed[k].0),
            "i_star" => self.nearest().map(|k| c.fixed[k].1),
            "re_lambda_per_ms" => self.nearest().map(|k| c.eig[k].0),
            "im_lambda_per_ms" => self.nearest().map(|k| c.eig[k].1),
            "e_amplitude" => {
                let (_, e) = self.settled(rec);
                let (lo, hi) = e
                    .iter()
                    .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &v| {
                        (l.min(v), h.max(v))
                    });
                (e.len() > 1).then_some(hi - lo)
            }
            "freq_hz" => {
                // Mean interval between local maxima of E that rise above the midpoint of the
                // range (so that the numerical noise of a fixed point does not count).
                let (t, e) = self.settled(rec);
                let (lo, hi) = e
                    .iter()
                    .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &v| {
                        (l.min(v), h.max(v))
                    });
                if hi - lo < 1e-3 {
                    return None;
                }
                let mid = 0.5 * (lo + hi);
                // Each maximum's time refined by the parabola through the three samples around it.
                let peaks: Vec<f64> = (1..e.len().saturating_sub(1))
                    .filter(|&k| e[k] > mid && e[k] > e[k - 1] && e[k] >= e[k + 1])
                    .map(|k| {
                        let curv = e[k - 1] - 2.0 * e[k] + e[k + 1];
                        let shift = if curv < 0.0 {
                            0.5 * (e[k - 1] - e[k + 1]) / curv
                        } else {
                            0.0
                        };
                        t[k] + shift * (t[k + 1] - t[k])
                    })
                    .collect();
                (peaks.len() >= 2).then(|| {
                    1000.0 * (peaks.len() - 1) as f64 / (peaks[peaks.len() - 1] - peaks[0])
                })
            }
            _ => None,
        }
    }

    fn vector_field(&self, x: f64, y: f64) -> Option<(f64, f64)> {
        let d = self.c.f.rhs(x, y, self.c.input(self.t));
        Some((d[0], d[1]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run::Simulation;
    use crate::testkit;

    // The equations retyped in the test from Wilson & Cowan (1972), eqs. 13–14, independently of
    // the model's `Pop` and `Field`: the expected numbers below come from this copy.

    /// Wilson & Cowan (1972) eqs. 13–14 with the logistic response shifted to S(0) = 0:
    ///   τ_E dE/dt = −E + (k_E − r E) S_E(c₁ E − c₂ I + P),
    ///   τ_I dI/dt = −I + (k_I − r I) S_I(c₃ E − c₄ I + Q),
    ///   S(x) = 1/(1 + e^{−a(x − θ)}) − 1/(1 + e^{aθ}),   k = 1 − 1/(1 + e^{aθ}) = sup S.
    #[derive(Clone, Copy, Debug)]
    struct Wc {
        /// c₁..c₄ of the paper (w_EE, w_EI, w_IE, w_II here).
        c: [f64; 4],
        a_e: f64,
        th_e: f64,
        a_i: f64,
        th_i: f64,
        r: f64,
        /// τ_E, τ_I in ms (Wilson & Cowan measure time in units of τ; the model takes 10 ms).
        tau: (f64, f64),
        p: f64,
        q: f64,
    }

    /// Wilson & Cowan (1972), the parameter set of their limit-cycle example: c₁..c₄ = 16, 12,
    /// 15, 3, a_e = 1.3, θ_e = 4, a_i = 2, θ_i = 3.7, r = 1, at P = 1.25 (the same set as the
    /// defaults "limit cycle, original P = 1.25" of the Wilson–Cowan model in jescab01/brainModels).
    const OSC: Wc = Wc {
        c: [16.0, 12.0, 15.0, 3.0],
        a_e: 1.3,
        th_e: 4.0,
        a_i: 2.0,
        th_i: 3.7,
        r: 1.0,
        tau: (10.0, 10.0),
        p: 1.25,
        q: 0.0,
    };

    /// Wilson & Cowan (1972), their set with multiple steady states (hysteresis): c₁..c₄ = 12, 4,
    /// 13, 11, a_e = 1.2, θ_e = 2.8, a_i = 1, θ_i = 4, r = 1 (also the defaults of The Virtual
    /// Brain's WilsonCowan model, which cites the same paper), here at P = 0.
    const BIST: Wc = Wc {
        c: [12.0, 4.0, 13.0, 11.0],
        a_e: 1.2,
        th_e: 2.8,
        a_i: 1.0,
        th_i: 4.0,
        r: 1.0,
        tau: (10.0, 10.0),
        p: 0.0,
        q: 0.0,
    };

    fn logistic(x: f64, a: f64, th: f64) -> f64 {
        1.0 / (1.0 + (-a * (x - th)).exp())
    }

    impl Wc {
        fn at(self, p: f64) -> Self {
            Wc { p, ..self }
        }

        fn k_e(&self) -> f64 {
            1.0 - logistic(0.0, self.a_e, self.th_e)
        }

        fn k_i(&self) -> f64 {
            1.0 - logistic(0.0, self.a_i, self.th_i)
        }

        /// (dE/dt, dI/dt) in 1/ms.
        fn field(&self, e: f64, i: f64) -> [f64; 2] {
            let [c1, c2, c3, c4] = self.c;
            let se = logistic(c1 * e - c2 * i + self.p, self.a_e, self.th_e)
                - logistic(0.0, self.a_e, self.th_e);
            let si = logistic(c3 * e - c4 * i + self.q, self.a_i, self.th_i)
                - logistic(0.0, self.a_i, self.th_i);
            [
                (-e + (self.k_e() - self.r * e) * se) / self.tau.0,
                (-i + (self.k_i() - self.r * i) * si) / self.tau.1,
            ]
        }

        /// The E-nullcline solved for I in closed form, by inverting the logistic as Wilson &
        /// Cowan do for their isoclines: σ(u) = E/(k_E − r E) + σ(0), u = θ − ln(1/σ − 1)/a,
        /// I = (c₁ E + P − u)/c₂. None where σ would leave (0, 1).
        fn e_nullcline(&self, e: f64) -> Option<f64> {
            let free = self.k_e() - self.r * e;
            let s = e / free + logistic(0.0, self.a_e, self.th_e);
            if free <= 0.0 || s <= 0.0 || s >= 1.0 {
                return None;
            }
            let u = self.th_e - (1.0 / s - 1.0).ln() / self.a_e;
            Some((self.c[0] * e + self.p - u) / self.c[1])
        }

        /// The fixed points, E ascending: zeros of dI/dt along the E-nullcline, bracketed on a
        /// grid of 20 000 values of E in [−0.2, 1] (the nullcline's domain is inside) and bisected.
        fn fixed_points(&self) -> Vec<(f64, f64)> {
            let g = |e: f64| self.e_nullcline(e).map(|i| self.field(e, i)[1]);
            let n = 20_000;
            let mut out = Vec::new();
            let mut prev: Option<(f64, f64)> = None;
            for k in 0..=n {
                let e = -0.2 + 1.2 * k as f64 / n as f64;
                let cur = g(e).map(|v| (e, v));
                if let (Some((mut a, ga)), Some((mut b, gb))) = (prev, cur) {
                    if (ga > 0.0) != (gb > 0.0) {
                        for _ in 0..200 {
                            let m = 0.5 * (a + b);
                            if (g(m).unwrap() > 0.0) == (ga > 0.0) {
                                a = m;
                            } else {
                                b = m;
                            }
                        }
                        let e = 0.5 * (a + b);
                        out.push((e, self.e_nullcline(e).unwrap()));
                    }
                }
                prev = cur;
            }
            out
        }

        /// The Jacobian by central differences of `field` (step 1e-6: truncation ~1e-12, rounding
        /// ~1e-11 per ms, far below the tolerances used).
        fn jacobian(&self, e: f64, i: f64) -> [[f64; 2]; 2] {
            let h = 1e-6;
            let d = |k: usize| {
                let de = (self.field(e + h, i)[k] - self.field(e - h, i)[k]) / (2.0 * h);
                let di = (self.field(e, i + h)[k] - self.field(e, i - h)[k]) / (2.0 * h);
                [de, di]
            };
            [d(0), d(1)]
        }
    }

    /// Trace, determinant and (largest real part, |imaginary part|) of the eigenvalues of a 2×2
    /// matrix: λ = T/2 ± √(T²/4 − Δ).
    fn spectrum(j: [[f64; 2]; 2]) -> (f64, f64, f64, f64) {
        let (t, d) = (j[0][0] + j[1][1], j[0][0] * j[1][1] - j[0][1] * j[1][0]);
        let disc = t * t / 4.0 - d;
        if disc >= 0.0 {
            (t, d, t / 2.0 + disc.sqrt(), 0.0)
        } else {
            (t, d, t / 2.0, (-disc).sqrt())
        }
    }

    /// P at which the trace of the Jacobian at the (unique) fixed point of `w` crosses zero in
    /// [lo, hi], by bisection.
    fn hopf_p(w: Wc, lo: f64, hi: f64) -> f64 {
        let tr = |p: f64| {
            let f = w.at(p).fixed_points();
            assert_eq!(f.len(), 1, "P = {p}: {f:?}");
            spectrum(w.at(p).jacobian(f[0].0, f[0].1)).0
        };
        let (mut a, mut b) = (lo, hi);
        let ta = tr(a);
        assert!(
            (ta > 0.0) != (tr(b) > 0.0),
            "no sign change of the trace in [{lo}, {hi}]"
        );
        for _ in 0..50 {
            let m = 0.5 * (a + b);
            if (tr(m) > 0.0) == (ta > 0.0) {
                a = m;
            } else {
                b = m;
            }
        }
        0.5 * (a + b)
    }

    fn params(preset: &str, set: &[(&str, f64)]) -> Params {
        testkit::params(&ENTRY, Some(preset), set)
    }

    fn run(p: Params, ms: f64) -> Simulation {
        testkit::run(&ENTRY, p, 0, ms)
    }

    /// The parameter values of the retyped set `w` as the model's `Params`.
    fn params_of(w: &Wc) -> Params {
        let [c1, c2, c3, c4] = w.c;
        testkit::params(
            &ENTRY,
            None,
            &[
                ("w_EE", c1),
                ("w_EI", c2),
                ("w_IE", c3),
                ("w_II", c4),
                ("a_E", w.a_e),
                ("theta_E", w.th_e),
                ("a_I", w.a_i),
                ("theta_I", w.th_i),
                ("r", w.r),
                ("tau_E", w.tau.0),
                ("tau_I", w.tau.1),
                ("P", w.p),
                ("Q", w.q),
            ],
        )
    }

    #[test]
    fn presets_carry_the_published_parameter_sets() {
        for (preset, w) in [
            ("limit_cycle", OSC),
            ("stable_focus", OSC.at(2.5)),
            ("bistable", BIST),
        ] {
            let (got, want) = (params(preset, &[]), params_of(&w));
            for name in [
                "w_EE", "w_EI", "w_IE", "w_II", "a_E", "theta_E", "a_I", "theta_I", "r", "tau_E",
                "tau_I", "P", "Q",
            ] {
                assert_eq!(got.get(name), want.get(name), "{preset}: {name}");
            }
        }
    }

    #[test]
    fn fixed_points_and_eigenvalues_match_the_retyped_equations() {
        // For each case, the fixed points of the retyped equations (closed-form E-nullcline,
        // bisection) and the eigenvalues of their finite-difference Jacobian against what the
        // model reports with its state started on each fixed point. Both root finders converge to
        // ~1e-15, so 1e-9 is allowed on E*, I*; the differences' error is ~1e-11/ms, so 1e-8/ms on
        // λ. The cases: the oscillatory set below (one stable node), inside (three fixed points,
        // P = 1), at and above the oscillatory range, and the bistable set (three, (0, 0) exact).
        let cases = [
            (OSC.at(-0.5), 1, 1),
            (OSC.at(1.0), 3, 1),
            (OSC, 1, 0),
            (OSC.at(2.5), 1, 1),
            (OSC.at(4.0), 1, 1),
            (BIST, 3, 2),
        ];
        for (w, n, n_stable) in cases {
            let fixed = w.fixed_points();
            assert_eq!(fixed.len(), n, "{w:?}: {fixed:?}");
            let stable = fixed
                .iter()
                .filter(|&&(e, i)| spectrum(w.jacobian(e, i)).2 < 0.0)
                .count();
            assert_eq!(stable, n_stable, "{w:?}");
            for &(e, i) in &fixed {
                let (_, _, re, im) = spectrum(w.jacobian(e, i));
                let mut p = params_of(&w);
                p.set("E0", e.max(0.0)).unwrap();
                p.set("I0", i.max(0.0)).unwrap();
                let sim = run(p, 0.0);
                let m = |name: &str| sim.measure(name).unwrap();
                assert_eq!(m("n_fixed_points"), n as f64, "{w:?}");
                assert_eq!(m("n_stable"), n_stable as f64, "{w:?}");
                let (e_m, i_m) = (m("e_star"), m("i_star"));
                assert!(
                    (e_m - e).abs() < 1e-9 && (i_m - i).abs() < 1e-9,
                    "{w:?}: ({e}, {i}) vs ({e_m}, {i_m})"
                );
                let (re_m, im_m) = (m("re_lambda_per_ms"), m("im_lambda_per_ms"));
                let ok = (re_m - re).abs() < 1e-8 && (im_m - im).abs() < 1e-8;
                assert!(
                    ok,
                    "{w:?} at ({e}, {i}): {re} ± {im} i vs {re_m} ± {im_m} i"
                );
                // The model's own field vanishes there too (its scale here is ~0.01–0.1 per ms).
                let (fe, fi) = sim.model().vector_field(e, i).unwrap();
                assert!(
                    fe.abs() < 1e-13 && fi.abs() < 1e-13,
                    "{w:?}: field ({fe}, {fi}) at ({e}, {i})"
                );
            }
        }
        // Wilson & Cowan's point of the bistable set: without input, E = I = 0 is a fixed point.
        assert!(BIST.fixed_points()[0].0.abs() < 1e-12);
    }

    #[test]
    fn jacobian_matches_finite_differences_of_the_retyped_field() {
        // The model's closed-form Jacobian (module doc) against central differences of the
        // retyped equations, at arbitrary points and the fixed point, with r = 1 and r = 0 and an
        // input Q ≠ 0 to I (difference error ~1e-11 per ms; 1e-8 allowed).
        for r in [1.0, 0.0] {
            let w = Wc { r, q: 0.3, ..OSC };
            let c = Consts::from(&params_of(&w));
            let fp = w.fixed_points();
            assert_eq!(fp.len(), 1);
            for (e, i) in [(0.2, 0.1), (0.05, 0.3), (0.4, 0.02), fp[0]] {
                let (model, want) = (c.f.jacobian(e, i, w.p), w.jacobian(e, i));
                for k in 0..2 {
                    for l in 0..2 {
                        assert!(
                            (model[k][l] - want[k][l]).abs() < 1e-8,
                            "r = {r} at ({e}, {i}): {model:?} vs {want:?}"
                        );
                    }
                }
            }
        }
    }

    /// Crossings of the two nullclines drawn by the page (marching squares over the model's
    /// vector field, `phase::nullclines`): intersections of a segment of one with a segment of
    /// the other.
    fn nullcline_crossings(sim: &Simulation, n: usize) -> Vec<(f64, f64)> {
        let m = sim.model();
        let (ne, ni) =
            crate::phase::nullclines(|x, y| m.vector_field(x, y), (-0.05, 0.6), (-0.05, 0.6), n);
        let mut out: Vec<(f64, f64)> = Vec::new();
        for (p1, p2) in &ne {
            for (q1, q2) in &ni {
                let (dx, dy) = (p2.0 - p1.0, p2.1 - p1.1);
                let (ex, ey) = (q2.0 - q1.0, q2.1 - q1.1);
                let den = dx * ey - dy * ex;
                if den.abs() < 1e-300 {
                    continue;
                }
                let s = ((q1.0 - p1.0) * ey - (q1.1 - p1.1) * ex) / den;
                let u = ((q1.0 - p1.0) * dy - (q1.1 - p1.1) * dx) / den;
                if (0.0..=1.0).contains(&s) && (0.0..=1.0).contains(&u) {
                    let x = (p1.0 + s * dx, p1.1 + s * dy);
                    if !out
                        .iter()
                        .any(|o| (o.0 - x.0).abs() < 1e-3 && (o.1 - x.1).abs() < 1e-3)
                    {
                        out.push(x);
                    }
                }
            }
        }
        out.sort_by(|a, b| a.0.total_cmp(&b.0));
        out
    }

    #[test]
    fn page_nullclines_cross_at_the_retyped_fixed_points() {
        // The phase plane the page draws from the model's field: its nullclines must cross where
        // the retyped equations have their fixed points. The contours interpolate linearly on a
        // 1/600 grid of the range (1.1e-3 wide), so they meet within ~1e-4 of the true crossing;
        // 1e-3 allowed.
        for (preset, w) in [
            ("limit_cycle", OSC),
            ("stable_focus", OSC.at(2.5)),
            ("bistable", BIST),
        ] {
            let fixed = w.fixed_points();
            let cross = nullcline_crossings(&run(params(preset, &[]), 0.0), 600);
            assert_eq!(
                cross.len(),
                fixed.len(),
                "{preset}: nullclines cross at {cross:?}, fixed points {fixed:?}"
            );
            for ((e, i), (x, y)) in fixed.iter().zip(&cross) {
                assert!(
                    (e - x).abs() < 1e-3 && (i - y).abs() < 1e-3,
                    "{preset}: fixed point ({e}, {i}), crossing ({x}, {y})"
                );
            }
        }
    }

    /// (peak-to-peak of E, of I, and the frequency) over [t, t + 400 ms) after `t` ms from (E0, I0).
    fn cycle(p: &str, e0: f64, i0: f64, t: f64) -> (f64, f64, f64) {
        let mut sim = run(params(p, &[("E0", e0), ("I0", i0)]), t);
        sim.rec.clear(sim.time_ms());
        sim.run_for(400.0 + SKIP_MS).unwrap();
        let span = |k: usize| {
            let v = &sim.rec.traces[k];
            v.iter().copied().fold(f64::MIN, f64::max) - v.iter().copied().fold(f64::MAX, f64::min)
        };
        (span(0), span(1), sim.measure("freq_hz").unwrap())
    }

    #[test]
    fn a_long_run_measures_the_settled_cycle_as_the_page_does() {
        // Near the Hopf point (P = 1.8) the cycle settles over seconds, its approach wider than
        // the cycle itself. The amplitude is taken over the plot's window (400 ms), so a 3 s and a
        // 6 s run agree, on the settled cycle's 0.061 (Lecture 6), as the page's window shows it.
        let a = |ms| {
            run(params("limit_cycle", &[("P", 1.8)]), ms)
                .measure("e_amplitude")
                .unwrap()
        };
        let (a3, a6) = (a(3000.0), a(6000.0));
        assert!(
            (a3 - a6).abs() < 1e-3 && (a6 - 0.061).abs() < 2e-3,
            "{a3} over 3 s, {a6} over 6 s"
        );
    }

    #[test]
    fn limit_cycle_has_the_same_amplitude_from_any_start() {
        // Wilson & Cowan (1972) show a limit cycle for this set at P = 1.25. In the retyped
        // equations the only fixed point is then an unstable focus (Re λ > 0, Im λ ≠ 0), so in a
        // plane every trajectory winds onto a cycle around it. Started inside (at the focus) and
        // outside (E = 0.5, I = 0 and E = 0, I = 0.5), after 2 s of transient the E and I ranges
        // and the frequency agree to 1e-3 relative: one attracting cycle. Its amplitude (0.15–0.2)
        // and frequency (≈ 20 Hz with τ = 10 ms) are this model's own values, kept as a guard.
        let fixed = OSC.fixed_points();
        assert_eq!(fixed.len(), 1);
        let (e, i) = fixed[0];
        let (_, _, re, im) = spectrum(OSC.jacobian(e, i));
        assert!(re > 0.0 && im > 0.0, "λ = {re} ± {im} i");
        let reference = cycle("limit_cycle", e + 1e-3, i, 2000.0);
        assert!(
            reference.0 > 0.15 && reference.0 < 0.2,
            "amplitude {reference:?}"
        );
        assert!((reference.2 - 20.0).abs() < 1.5, "frequency {reference:?}");
        for (e0, i0) in [(0.5, 0.0), (0.0, 0.5), (0.1, 0.05)] {
            let c = cycle("limit_cycle", e0, i0, 2000.0);
            for (a, b) in [(c.0, reference.0), (c.1, reference.1), (c.2, reference.2)] {
                assert!(
                    (a / b - 1.0).abs() < 1e-3,
                    "from ({e0}, {i0}): {c:?} vs {reference:?}"
                );
            }
        }
    }

    #[test]
    fn stable_focus_decays_at_re_lambda_and_rings_at_im_lambda() {
        // P = 2.5: the retyped equations' Jacobian at the fixed point has eigenvalues
        // Re λ ± i Im λ (≈ −0.0133 ± 0.2915i per ms). Late in the transient the deviation from E*
        // is linear: its successive maxima decay as e^{Re λ t} and come every 2π/Im λ (21.6 ms).
        // Simulated with RK4 at 0.05 ms: both within 1 % (the residual nonlinearity of the early
        // peaks is below that).
        let w = OSC.at(2.5);
        let (e_star, i_star) = w.fixed_points()[0];
        let (_, _, re, im) = spectrum(w.jacobian(e_star, i_star));
        let mut sim = run(params("stable_focus", &[]), 150.0);
        sim.rec.clear(sim.time_ms());
        sim.run_for(250.0).unwrap();
        let (t, e) = (&sim.rec.t, &sim.rec.traces[0]);
        let peaks: Vec<(f64, f64)> = (1..e.len() - 1)
            .filter(|&k| e[k] > e[k - 1] && e[k] >= e[k + 1] && e[k] > e_star)
            .map(|k| (t[k], (e[k] - e_star).ln()))
            .collect();
        assert!(peaks.len() >= 8, "{} peaks", peaks.len());
        let n = peaks.len() as f64;
        let period = (peaks[peaks.len() - 1].0 - peaks[0].0) / (n - 1.0);
        let rate =
            (peaks[peaks.len() - 1].1 - peaks[0].1) / (peaks[peaks.len() - 1].0 - peaks[0].0);
        assert!(
            (period / (2.0 * std::f64::consts::PI / im) - 1.0).abs() < 0.01,
            "period {period} ms, Im λ = {im}"
        );
        assert!(
            (rate / re - 1.0).abs() < 0.01,
            "decay rate {rate} vs Re λ {re}"
        );
    }

    /// E's peak-to-peak range and the frequency over 600 ms after `settle` ms at input P.
    fn oscillation(p: f64, settle: f64) -> (f64, Option<f64>) {
        let mut sim = run(params("limit_cycle", &[("P", p)]), settle);
        sim.rec.clear(sim.time_ms());
        sim.run_for(600.0).unwrap();
        (sim.measure("e_amplitude").unwrap(), sim.measure("freq_hz"))
    }

    #[test]
    fn oscillations_start_at_the_fold_and_stop_at_the_hopf_point() {
        // From the retyped equations (no published location was found for this set: these are
        // our own numbers, computed independently of the model):
        // - two folds, where the number of fixed points changes 1 → 3 → 1, P ≈ 0.9087 and
        //   P_SN ≈ 1.0873: above P_SN the low stable node is gone and only the unstable focus is left;
        // - the upper Hopf point P_H ≈ 1.8793, where tr J = 0 with det J > 0 at the fixed point,
        //   eigenvalues ±iω, ω ≈ 0.2664 per ms: f_H = ω/2π ≈ 42.40 Hz.
        let count = |p: f64| OSC.at(p).fixed_points().len();
        let fold = |mut a: f64, mut b: f64| {
            let ca = count(a);
            for _ in 0..40 {
                let m = 0.5 * (a + b);
                if count(m) == ca {
                    a = m
                } else {
                    b = m
                }
            }
            0.5 * (a + b)
        };
        let (p_lo, p_sn) = (fold(0.8, 1.0), fold(1.0, 1.2));
        assert!(
            (p_lo - 0.9087).abs() < 1e-3 && (p_sn - 1.0873).abs() < 1e-3,
            "folds {p_lo}, {p_sn}"
        );
        let p_h = hopf_p(OSC, 1.5, 2.5);
        let w = OSC.at(p_h);
        let (e, i) = w.fixed_points()[0];
        let (_, det, _, omega) = spectrum(w.jacobian(e, i));
        assert!(
            det > 0.0 && (omega - det.sqrt()).abs() < 1e-9,
            "det {det}, ω {omega}"
        );
        let f_h = 1000.0 * omega / (2.0 * std::f64::consts::PI);
        assert!(
            (p_h - 1.8793).abs() < 1e-3 && (f_h - 42.40).abs() < 0.01,
            "P_H = {p_h}, f_H = {f_h} Hz"
        );

        // The model's measures change there: its count of fixed points across the folds, the sign
        // of its Re λ across P_H (both within 1e-3 in P).
        let measure = |p: f64, name: &str| {
            run(params("limit_cycle", &[("P", p)]), 0.0)
                .measure(name)
                .unwrap()
        };
        for (p, n) in [
            (p_lo - 1e-3, 1.0),
            (p_lo + 1e-3, 3.0),
            (p_sn - 1e-3, 3.0),
            (p_sn + 1e-3, 1.0),
        ] {
            assert_eq!(measure(p, "n_fixed_points"), n, "P = {p}");
        }
        assert!(
            measure(p_h - 1e-3, "re_lambda_per_ms") > 0.0
                && measure(p_h + 1e-3, "re_lambda_per_ms") < 0.0
        );

        // The simulation: from the default start (E, I) = (0.1, 0.05) the network rests on the low
        // node just below P_SN and oscillates just above it; the oscillation survives just below
        // P_H, and at P_H + 0.1 (Re λ ≈ −0.0025/ms) it has died out after 6 s (to below 1e-3 of
        // the amplitude at P_H − 0.01; closer to P_H the decay is too slow for a short test).
        let (below_sn, above_sn) = (
            oscillation(p_sn - 0.02, 2000.0),
            oscillation(p_sn + 0.02, 2000.0),
        );
        assert!(
            below_sn.0 < 1e-6 && above_sn.0 > 0.1,
            "around P_SN: {below_sn:?} {above_sn:?}"
        );
        let (below_h, above_h) = (
            oscillation(p_h - 0.01, 6000.0),
            oscillation(p_h + 0.1, 6000.0),
        );
        assert!(
            below_h.0 > 0.01 && above_h.0 < 1e-3 * below_h.0,
            "around P_H: {below_h:?} {above_h:?}"
        );

        // Near a supercritical Hopf point the cycle's frequency tends to ω/2π, with a shift linear
        // in P_H − P (∝ amplitude²): seen 42.09 and 41.80 Hz at P_H − 0.01 and − 0.02. Their linear
        // extrapolation to P_H must give f_H within 0.3 % (seen 0.06 %).
        let below_2h = oscillation(p_h - 0.02, 6000.0);
        let (f1, f2) = (below_h.1.unwrap(), below_2h.1.unwrap());
        let extrapolated = 2.0 * f1 - f2;
        assert!(
            f2 < f1 && f1 < f_h,
            "frequencies {f2}, {f1} Hz below f_H = {f_h}"
        );
        assert!(
            testkit::rel(extrapolated, f_h) < 3e-3,
            "extrapolated {extrapolated} Hz vs f_H = {f_h} Hz"
        );
    }

    #[test]
    fn bistable_set_has_two_stable_states_and_a_pulse_switches_between_them() {
        // Wilson & Cowan's set with multiple steady states at P = 0. The retyped equations give
        // (0, 0) and a high state (≈ (0.4398, 0.2259)) as stable nodes and a saddle between
        // (det J < 0). From (0, 0) the 10 ms pulse of +2 carries the state across the saddle's
        // stable manifold onto the high state; a pulse of −2 from the high state brings it back.
        // The settled states must be the retyped fixed points (to 1e-6: 300 ms after the pulse is
        // more than 20 decay times of the slowest eigenvalue, 1/0.06 ms).
        let fixed = BIST.fixed_points();
        assert_eq!(fixed.len(), 3);
        let spec: Vec<_> = fixed
            .iter()
            .map(|&(e, i)| spectrum(BIST.jacobian(e, i)))
            .collect();
        assert!(
            spec[0].2 < 0.0 && spec[1].1 < 0.0 && spec[2].2 < 0.0,
            "{spec:?}"
        );
        assert!(spec.iter().all(|s| s.3 == 0.0), "{spec:?}");
        let high = fixed[2];
        let sim = run(params("bistable", &[]), 400.0);
        let end = |s: &Simulation| {
            (
                *s.rec.traces[0].last().unwrap(),
                *s.rec.traces[1].last().unwrap(),
            )
        };
        let (e, i) = end(&sim);
        assert!(
            (e - high.0).abs() < 1e-6 && (i - high.1).abs() < 1e-6,
            "({e}, {i}) vs {high:?}"
        );
        assert_eq!(sim.measure("n_stable"), Some(2.0));
        let sim = run(params("bistable", &[("pulse_amp", 0.0)]), 400.0);
        assert_eq!(end(&sim), (0.0, 0.0));
        let sim = run(
            params(
                "bistable",
                &[("pulse_amp", -2.0), ("E0", high.0), ("I0", high.1)],
            ),
            400.0,
        );
        let (e, i) = end(&sim);
        assert!(e.abs() < 1e-6 && i.abs() < 1e-6, "({e}, {i})");
    }
}
