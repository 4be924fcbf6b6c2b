//! Two populations, E and I, with a threshold-linear or supralinear (power-law) transfer function:
//! the inhibition-stabilised network, its paradoxical response, and the stabilised supralinear
//! network.
//!
//!   τ_E dr_E/dt = −r_E + f(w_EE r_E − w_EI r_I + h_E),
//!   τ_I dr_I/dt = −r_I + f(w_IE r_E − w_II r_I + h_I),     f(V) = k [V]_+^n
//!
//! (Tsodyks, Skaggs, Sejnowski & McNaughton 1997, J. Neurosci. 17:4382, and Ozeki, Finn, Schaffer,
//! Miller & Ferster 2009, Neuron 62:578, for the inhibition-stabilised network with a
//! threshold-linear f; Ahmadian, Rubin & Miller 2013, Neural Comput. 25:1994, and Rubin, Van Hooser
//! & Miller 2015, Neuron 85:402, for the power law.) r_E, r_I are rates in Hz, V the net input in
//! mV, the weights w in mV·s (mV of input per Hz of presynaptic rate), all w ≥ 0 with the signs
//! written out; k in Hz/mVⁿ. n = 1, k = 1 Hz/mV is the threshold-linear unit of gain 1; n = 2,
//! k = 0.04 Hz/mV² is the supralinear unit of the stabilised supralinear network (SSN). The inputs
//! are h_E + c and h_I + c + Δh_I·[t ≥ t_step]: c is a common input (a stimulus "contrast") and the
//! step Δh_I, switched on at t_step, is the experiment that tells an ISN from a non-ISN.
//!
//! SSN parameters: k = 0.04 Hz/mV², n = 2 as in Ahmadian et al. (2013, Fig. 2), with the weights
//! and time constants of the two-population SSN of Rubin et al. (2015) and Hennequin et al. (2018,
//! Neuron 98:846, there with k = 0.3): w_EE = 1.25, w_EI = 0.65, w_IE = 1.2, w_II = 0.5 mV·s,
//! τ_E = 20 ms, τ_I = 10 ms. (W and τ checked against public code reproducing Hennequin et al.;
//! the stored text of Rubin et al. did not show their table.)
//!
//! **Steady states of the threshold-linear network** (n = 1, both populations active, gain k):
//! r = k (W r + h) is the 2×2 linear system
//!   (1 − k w_EE) r_E + k w_EI r_I = k h_E,   −k w_IE r_E + (1 + k w_II) r_I = k h_I,
//!   D = (1 − k w_EE)(1 + k w_II) + k² w_EI w_IE,
//!   r_E = k [(1 + k w_II) h_E − k w_EI h_I] / D,   r_I = k [(1 − k w_EE) h_I + k w_IE h_E] / D,
//! valid while both rates come out positive.
//!
//! **The paradoxical response.** Linearise about a steady state with gains g_E = f′(V_E),
//! g_I = f′(V_I) and raise h_I by δh: δr_E = g_E (w_EE δr_E − w_EI δr_I) gives
//! δr_E = −g_E w_EI δr_I / (1 − g_E w_EE); then δr_I (1 + g_I w_II) = g_I (w_IE δr_E + δh) gives
//!   δr_I / δh = g_I (1 − g_E w_EE) / D,   D = (1 − g_E w_EE)(1 + g_I w_II) + g_E g_I w_EI w_IE,
//!   δr_E / δh = −g_E g_I w_EI / D.
//! A stable steady state has D > 0 (D is τ_E τ_I det J), so more input to I lowers r_I exactly
//! when g_E w_EE > 1: when the E population alone, I frozen, would be unstable. That is the
//! definition of an inhibition-stabilised network (ISN), and the sign of δr_I its test. For the
//! threshold-linear unit (g = k = 1) the condition is w_EE > 1; for the power law
//! g_E = n k V_E^{n−1} grows with the rate, so a network that is not an ISN at weak input becomes
//! one as the input grows. With n = 2 the transition is at V_E = 1/(2 k w_EE), i.e. at
//! r_E = 1/(4 k w_EE²) (4 Hz with the SSN parameters). Stability needs, besides D > 0, a negative
//! trace of the Jacobian
//!   J = [[(−1 + w_EE g_E)/τ_E, −w_EI g_E/τ_E], [w_IE g_I/τ_I, (−1 − w_II g_I)/τ_I]],
//! i.e. inhibition fast enough: (w_EE g_E − 1)/τ_E < (1 + w_II g_I)/τ_I.
//!
//! **Fixed points in general.** For each r_E the I-nullcline r_I = f(w_IE r_E − w_II r_I + h_I)
//! has exactly one r_I (its right-hand side does not increase with r_I), in
//! [0, f(w_IE r_E + h_I)], found by Newton's method (below). Along it the fixed points are the roots of
//! G(r_E) = −r_E + f(w_EE r_E − w_EI r_I(r_E) + h_E), bracketed on a grid of r_E in [0, R_MAX]
//! (spaced quadratically, fine near zero) and refined by bisection; r_E = 0 is a root when E is
//! silenced. The grid does not see two roots closer than its spacing, nor rates above R_MAX.
//! The steady state reached from rest, the lowest stable root, ends the scan where it is found:
//! the sweep plots' overlays ask for one per point.
//!
//! Newton on the I-nullcline: h(r_I) = r_I − f(w_IE r_E − w_II r_I + h_I) rises (h′ ≥ 1) and is
//! concave (f is convex for n ≥ 1), so its tangents lie above it. From r_I = f(w_IE r_E + h_I),
//! where h ≥ 0, the first step lands left of the root, and every later step climbs towards it
//! without passing it: no bracket is needed, and about six steps reach machine precision where
//! bisection took eighty.
//!
//! **The SSN's regimes** (Ahmadian et al. 2013; Rubin et al. 2015). At weak input the recurrent
//! gains are small, the network is nearly feed-forward, and r ≈ k c^n grows supralinearly
//! (local exponent d ln r / d ln c → n). As c grows the gains grow, the E subnetwork crosses into
//! the ISN regime, inhibition tracks excitation, and the rates grow sublinearly: the ratio of
//! inhibitory to excitatory input to E, w_EI r_I / (w_EE r_E + h_E), rises with c. With
//! h_E = h_I and these weights the E rate grows ever more slowly (from c = 25 to 50 mV by a factor
//! 1.45): the balanced solution r = −W⁻¹h of the signed weight matrix has r_E < 0, so r_E cannot
//! keep growing.

use crate::integrate::{self, Method};
use crate::math::pow;
use crate::model::*;
use crate::network::wilson_cowan::eig2;
use crate::params::Params;
use crate::record::Recording;

pub static SPEC: ModelSpec = ModelSpec {
    id: "ei_power_law",
    title: "Inhibition-stabilised and stabilised supralinear E–I networks",
    lecture: 6,
    summary: "An excitatory and an inhibitory population with a threshold-linear or power-law transfer function: \
              the inhibition-stabilised network and its paradoxical response (more input to I, less I activity), \
              and the stabilised supralinear network, supralinear at weak input and sublinear at strong input.",
    params: &[
        ParamSpec::real("h_E", r"h_E", "mV", -20.0, 100.0, 10.0, 0.1).help("external input to E"),
        ParamSpec::real("h_I", r"h_I", "mV", -20.0, 100.0, 5.0, 0.1).help("external input to I (before the step)"),
        ParamSpec::real("c", "c", "mV", 0.0, 100.0, 0.0, 0.1)
            .help("common input added to both populations (a stimulus strength, the SSN's contrast)"),
        ParamSpec::real("step_amp", r"\Delta h_I", "mV", -20.0, 20.0, 2.0, 0.1)
            .help("step added to the input of I from t_step on: the paradoxical-response experiment"),
        ParamSpec::real("step_t", r"t_{\mathrm{step}}", "ms", 0.0, 5000.0, 500.0, 1.0).help("onset of the step"),
        ParamSpec::real("w_EE", r"w_{EE}", "mV·s", 0.0, 5.0, 2.0, 0.01).help("E → E weight"),
        ParamSpec::real("w_EI", r"w_{EI}", "mV·s", 0.0, 5.0, 2.0, 0.01).help("I → E weight (inhibitory)"),
        ParamSpec::real("w_IE", r"w_{IE}", "mV·s", 0.0, 5.0, 2.0, 0.01).help("E → I weight"),
        ParamSpec::real("w_II", r"w_{II}", "mV·s", 0.0, 5.0, 1.0, 0.01).help("I → I weight (inhibitory)"),
        ParamSpec::real("k", "k", "Hz/mVⁿ", 0.001, 10.0, 1.0, 0.001)
            .log()
            .help("gain of the transfer function f(V) = k [V]₊ⁿ"),
        ParamSpec::real("n", "n", "", 1.0, 4.0, 1.0, 0.01)
            .help("exponent of the transfer function: 1 is threshold-linear, 2 the SSN's supralinear unit"),
        ParamSpec::real("tau_E", r"\tau_E", "ms", 1.0, 100.0, 20.0, 0.1).log().help("time constant of E"),
        ParamSpec::real("tau_I", r"\tau_I", "ms", 1.0, 100.0, 10.0, 0.1).log().help("time constant of I"),
        ParamSpec::real("rE0", r"r_E(0)", "Hz", 0.0, 200.0, 0.0, 0.1).help("initial rate of E").restart(),
        ParamSpec::real("rI0", r"r_I(0)", "Hz", 0.0, 200.0, 0.0, 0.1).help("initial rate of I").restart(),
        ParamSpec::dt(0.001, 2.0, 0.1),
        ParamSpec::choice("method", "method", &["euler", "rk4"], 1)
            .help("forward Euler (first order) or classical Runge–Kutta (fourth order)"),
    ],
    presets: &[
        PresetSpec {
            name: "isn",
            description: "Threshold-linear units (gain 1) with w_EE = 2 > 1: the E population alone would run away and \
                          inhibition holds it. At 300 ms the input to I rises by 2 mV, and r_I falls, from 7.5 to 6.5 Hz: \
                          the paradoxical response of an inhibition-stabilised network.",
            values: &[],
        },
        PresetSpec {
            name: "non_isn",
            description: "The same network with w_EE = 0.5 < 1: E is stable on its own. The same step raises r_I \
                          (4.5 → 4.7 Hz), as intuition expects.",
            values: &[("w_EE", 0.5)],
        },
        PresetSpec {
            name: "ssn_weak",
            description: "The stabilised supralinear network (f = 0.04 [V]₊², the two populations of Ahmadian et al. 2013 and \
                          Rubin et al. 2015) at a weak common input c = 5 mV: r_E ≈ 1.3 Hz, the effective E gain w_EE f′ ≈ 0.58 < 1, \
                          not an ISN. At 1 s the input to I rises by 1 mV and r_I rises, from 1.39 to 1.69 Hz.",
            values: &[
                ("k", 0.04),
                ("n", 2.0),
                ("w_EE", 1.25),
                ("w_EI", 0.65),
                ("w_IE", 1.2),
                ("w_II", 0.5),
                ("h_E", 0.0),
                ("h_I", 0.0),
                ("c", 5.0),
                ("step_amp", 1.0),
                ("step_t", 1000.0),
            ],
        },
        PresetSpec {
            name: "ssn_strong",
            description: "The same network at c = 15 mV: r_E ≈ 24 Hz, the effective E gain ≈ 2.5 > 1, an ISN. The same 1 mV \
                          step of input to I now lowers r_I, from 32.1 to 24.8 Hz.",
            values: &[
                ("k", 0.04),
                ("n", 2.0),
                ("w_EE", 1.25),
                ("w_EI", 0.65),
                ("w_IE", 1.2),
                ("w_II", 0.5),
                ("h_E", 0.0),
                ("h_I", 0.0),
                ("c", 15.0),
                ("step_amp", 1.0),
                ("step_t", 1000.0),
            ],
        },
    ],
    traces: &[
        TraceSpec::new("r_E", "rate of E", "Hz", 1e5),
        TraceSpec::new("r_I", "rate of I", "Hz", 1e5),
        TraceSpec::new("in_E", "external input to E, h_E + c", "mV", 1e3),
        TraceSpec::new("in_I", "external input to I, h_I + c (+ step)", "mV", 1e3),
    ],
    measures: &[
        MeasureSpec::new("r_E", "rate of E now", "Hz"),
        MeasureSpec::new("r_I", "rate of I now", "Hz"),
        MeasureSpec::new("r_E_pre", "rate of E just before the step (now, if the step has not come)", "Hz"),
        MeasureSpec::new("r_I_pre", "rate of I just before the step (now, if the step has not come)", "Hz"),
        MeasureSpec::new("dr_E", "change of r_E since the step began", "Hz"),
        MeasureSpec::new("dr_I", "change of r_I since the step began (< 0: paradoxical)", "Hz"),
        MeasureSpec::new("dr_I_theory", "change of the steady r_I caused by the step, from the fixed points", "Hz"),
        MeasureSpec::new("gain_EE", "effective E→E gain w_EE f′(V_E) now (> 1: an ISN)", ""),
        MeasureSpec::new("isn", "inhibition-stabilised now: 1 if w_EE f′(V_E) > 1, else 0", ""),
        MeasureSpec::new("i_to_e", "inhibitory over excitatory input to E, w_EI r_I / (w_EE r_E + h_E + c)", ""),
        MeasureSpec::new("r_E_star", "r_E at the fixed point nearest the state, at the present input", "Hz"),
        MeasureSpec::new("r_I_star", "r_I at the fixed point nearest the state, at the present input", "Hz"),
        MeasureSpec::new("lambda_max_per_ms", "largest real part of the Jacobian's eigenvalues there (< 0: stable)", "1/ms"),
    ],
    plots: &[
        PlotSpec {
            id: "rates",
            title: "Rates of E and I",
            kind: PlotKind::TimeSeries { traces: &["r_E", "r_I"], y_label: "rate (Hz)", y: Range::Auto },
        },
        PlotSpec {
            id: "inputs",
            title: "External inputs",
            kind: PlotKind::TimeSeries { traces: &["in_E", "in_I"], y_label: "input (mV)", y: Range::Auto },
        },
        PlotSpec {
            id: "phase",
            title: "Phase plane (r_E, r_I) with the nullclines",
            kind: PlotKind::PhasePlane { x: "r_E", y: "r_I", x_range: (-0.5, 12.0), y_range: (-0.5, 12.0) },
        },
        PlotSpec {
            id: "phase_ssn",
            title: "Phase plane (r_E, r_I) with the nullclines",
            kind: PlotKind::PhasePlane { x: "r_E", y: "r_I", x_range: (-1.0, 40.0), y_range: (-1.0, 60.0) },
        },
        PlotSpec {
            id: "paradox",
            title: "Change of r_I after the step against w_EE (line: from the fixed points)",
            kind: PlotKind::Sweep {
                param: "w_EE",
                measure: "dr_I",
                from: 0.0,
                to: 2.5,
                steps: 26,
                settle_ms: 0.0,
                duration_ms: 1000.0,
                overlays: &["dr_I_vs_w_EE"],
                seeds: 1,
                y: Range::Auto,
            },
        },
        PlotSpec {
            id: "steady_h_I",
            title: "Steady r_I against the input to I (line: the steady state)",
            kind: PlotKind::Sweep {
                param: "h_I",
                measure: "r_I_pre",
                from: 0.0,
                to: 20.0,
                steps: 41,
                settle_ms: 0.0,
                duration_ms: 995.0,
                overlays: &["r_I_vs_h_I"],
                seeds: 1,
                y: Range::Auto,
            },
        },
        PlotSpec {
            id: "steady_c",
            title: "Steady r_E against the common input c (lines: steady r_E and r_I)",
            kind: PlotKind::Sweep {
                param: "c",
                measure: "r_E_pre",
                from: 0.0,
                to: 50.0,
                steps: 26,
                settle_ms: 0.0,
                duration_ms: 995.0,
                overlays: &["r_E_vs_c", "r_I_vs_c"],
                seeds: 1,
                y: Range::Auto,
            },
        },
        PlotSpec {
            id: "gain_c",
            title: "Effective E gain w_EE f′(V_E) against c: an ISN above 1",
            kind: PlotKind::Sweep {
                param: "c",
                measure: "gain_EE",
                from: 0.0,
                to: 50.0,
                steps: 26,
                settle_ms: 0.0,
                duration_ms: 995.0,
                overlays: &["gain_EE_vs_c", "one"],
                seeds: 1,
                y: Range::Auto,
            },
        },
        PlotSpec {
            id: "ratio_c",
            title: "Inhibitory over excitatory input to E against c",
            kind: PlotKind::Sweep {
                param: "c",
                measure: "i_to_e",
                from: 1.0,
                to: 50.0,
                steps: 25,
                settle_ms: 0.0,
                duration_ms: 995.0,
                overlays: &["i_to_e_vs_c"],
                seeds: 1,
                y: Range::Auto,
            },
        },
    ],
    window_ms: 1500.0,
    sample_ms: 0.5,
    default_duration_ms: 2000.0,
    stochastic: false,
    clock: Clock::Time,
    offload: false,
};

pub static ENTRY: ModelEntry = ModelEntry { spec: &SPEC, build };

/// Points of the r_E grid that brackets the fixed points, and its upper end (Hz).
const SCAN: usize = 2000;
const R_MAX: f64 = 1000.0;

fn build(p: &Params, _seed: u64) -> Box<dyn Model> {
    Box::new(EiPowerLaw {
        t: 0.0,
        r_e: p.get("rE0"),
        r_i: p.get("rI0"),
        pre: None,
        c: Consts::from(p),
    })
}

/// The two populations' weights, transfer function and time constants.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Net {
    pub w_ee: f64,
    pub w_ei: f64,
    pub w_ie: f64,
    pub w_ii: f64,
    pub k: f64,
    pub n: f64,
    pub tau_e: f64,
    pub tau_i: f64,
}

impl Net {
    /// f(V) = k [V]₊ⁿ, Hz.
    #[inline]
    pub fn f(&self, v: f64) -> f64 {
        if v <= 0.0 {
            0.0
        } else if self.n == 1.0 {
            self.k * v
        } else {
            self.k * pow(v, self.n)
        }
    }

    /// f′(V) = n k V^{n−1} for V > 0, 0 below (Hz/mV).
    #[inline]
    pub fn df(&self, v: f64) -> f64 {
        if v <= 0.0 {
            0.0
        } else if self.n == 1.0 {
            self.k
        } else {
            self.n * self.k * pow(v, self.n - 1.0)
        }
    }

    /// Net inputs (V_E, V_I), mV.
    #[inline]
    pub fn v(&self, re: f64, ri: f64, he: f64, hi: f64) -> (f64, f64) {
        (
            self.w_ee * re - self.w_ei * ri + he,
            self.w_ie * re - self.w_ii * ri + hi,
        )
    }

    /// (dr_E/dt, dr_I/dt), Hz/ms.
    #[inline]
    pub fn rhs(&self, re: f64, ri: f64, he: f64, hi: f64) -> [f64; 2] {
        let (ve, vi) = self.v(re, ri, he, hi);
        [
            (-re + self.f(ve)) / self.tau_e,
            (-ri + self.f(vi)) / self.tau_i,
        ]
    }

    /// The one r_I on the I-nullcline at this r_E, by Newton's method (module doc).
    fn i_nullcline(&self, re: f64, hi: f64) -> f64 {
        let a = self.w_ie * re + hi;
        if self.f(a) <= 0.0 {
            return 0.0; // h(0) ≥ 0: I is silent
        }
        let mut x = self.f(a);
        for step in 0..100 {
            let v = a - self.w_ii * x;
            let next = (x - (x - self.f(v)) / (1.0 + self.w_ii * self.df(v))).max(0.0);
            // After the first step the iterates only rise: one that does not has converged.
            if step > 0 && next <= x {
                break;
            }
            x = next;
        }
        x
    }

    /// τ_E dr_E/dt along the I-nullcline: zero at the fixed points.
    fn g(&self, re: f64, he: f64, hi: f64) -> f64 {
        let ri = self.i_nullcline(re, hi);
        -re + self.f(self.w_ee * re - self.w_ei * ri + he)
    }

    /// All fixed points (r_E, r_I) at inputs (h_E, h_I), r_E ascending (module doc).
    pub fn fixed_points(&self, he: f64, hi: f64) -> Vec<(f64, f64)> {
        let mut out = Vec::new();
        self.scan_fixed_points(he, hi, |p| {
            out.push(p);
            true
        });
        out
    }

    /// Hands the fixed points to `found` in ascending r_E while it returns true (module doc).
    fn scan_fixed_points(&self, he: f64, hi: f64, mut found: impl FnMut((f64, f64)) -> bool) {
        let x = |j: usize| {
            let s = j as f64 / SCAN as f64;
            R_MAX * s * s
        };
        let mut found_at = |re: f64| found((re, self.i_nullcline(re, hi)));
        let (mut a, mut ga) = (x(0), self.g(x(0), he, hi));
        if ga == 0.0 && !found_at(a) {
            return;
        }
        for j in 1..=SCAN {
            let b = x(j);
            let gb = self.g(b, he, hi);
            if gb == 0.0 {
                if !found_at(b) {
                    return;
                }
            } else if ga != 0.0 && (ga > 0.0) != (gb > 0.0) {
                let (mut u, mut w, gu) = (a, b, ga);
                for _ in 0..100 {
                    let m = 0.5 * (u + w);
                    if m == u || m == w {
                        break;
                    }
                    if (self.g(m, he, hi) > 0.0) == (gu > 0.0) {
                        u = m;
                    } else {
                        w = m;
                    }
                }
                if !found_at(0.5 * (u + w)) {
                    return;
                }
            }
            (a, ga) = (b, gb);
        }
    }

    /// The Jacobian at (r_E, r_I), row-major, 1/ms (module doc).
    pub fn jacobian(&self, re: f64, ri: f64, he: f64, hi: f64) -> [[f64; 2]; 2] {
        let (ve, vi) = self.v(re, ri, he, hi);
        let (ge, gi) = (self.df(ve), self.df(vi));
        [
            [
                (-1.0 + self.w_ee * ge) / self.tau_e,
                -self.w_ei * ge / self.tau_e,
            ],
            [
                self.w_ie * gi / self.tau_i,
                (-1.0 - self.w_ii * gi) / self.tau_i,
            ],
        ]
    }

    /// The steady state reached from rest: the stable fixed point with the lowest r_E (`None` if
    /// none is stable, or none lies below R_MAX).
    pub fn steady(&self, he: f64, hi: f64) -> Option<(f64, f64)> {
        let mut stable = None;
        self.scan_fixed_points(he, hi, |(re, ri)| {
            if eig2(self.jacobian(re, ri, he, hi)).0 < 0.0 {
                stable = Some((re, ri));
            }
            stable.is_none()
        });
        stable
    }

    /// w_EE f′(V_E) at (r_E, r_I).
    pub fn gain_ee(&self, re: f64, ri: f64, he: f64, hi: f64) -> f64 {
        self.w_ee * self.df(self.v(re, ri, he, hi).0)
    }

    /// Inhibitory over excitatory input to E, w_EI r_I / (w_EE r_E + h_E) (`None` when E gets no
    /// excitation).
    pub fn i_to_e(&self, re: f64, ri: f64, he: f64) -> Option<f64> {
        let exc = self.w_ee * re + he;
        (exc > 0.0).then(|| self.w_ei * ri / exc)
    }
}

struct Consts {
    net: Net,
    h_e: f64,
    h_i: f64,
    c: f64,
    step_amp: f64,
    step_t: f64,
    dt: f64,
    method: Method,
    /// Fixed points before and after the step.
    fixed_pre: Vec<(f64, f64)>,
    fixed_post: Vec<(f64, f64)>,
}

impl Consts {
    fn from(p: &Params) -> Self {
        let net = Net {
            w_ee: p.get("w_EE"),
            w_ei: p.get("w_EI"),
            w_ie: p.get("w_IE"),
            w_ii: p.get("w_II"),
            k: p.get("k"),
            n: p.get("n"),
            tau_e: p.get("tau_E"),
            tau_i: p.get("tau_I"),
        };
        let (h_e, h_i, c, step_amp) = (p.get("h_E"), p.get("h_I"), p.get("c"), p.get("step_amp"));
        Consts {
            net,
            h_e,
            h_i,
            c,
            step_amp,
            step_t: p.get("step_t"),
            dt: p.get("dt"),
            method: Method::from_index(p.choice("method")),
            fixed_pre: net.fixed_points(h_e + c, h_i + c),
            fixed_post: net.fixed_points(h_e + c, h_i + c + step_amp),
        }
    }

    fn step_on(&self, t: f64) -> bool {
        t >= self.step_t - 1e-9
    }

    /// External inputs (to E, to I) at time t.
    fn input(&self, t: f64) -> (f64, f64) {
        let step = if self.step_on(t) { self.step_amp } else { 0.0 };
        (self.h_e + self.c, self.h_i + self.c + step)
    }
}

struct EiPowerLaw {
    t: f64,
    r_e: f64,
    r_i: f64,
    /// The state when the step began (`None` before).
    pre: Option<(f64, f64)>,
    c: Consts,
}

impl EiPowerLaw {
    fn fixed_now(&self) -> &[(f64, f64)] {
        if self.c.step_on(self.t) {
            &self.c.fixed_post
        } else {
            &self.c.fixed_pre
        }
    }

    /// The fixed point at the present input nearest the state.
    fn nearest(&self) -> Option<(f64, f64)> {
        let d = |&(e, i): &(f64, f64)| (e - self.r_e).powi(2) + (i - self.r_i).powi(2);
        self.fixed_now()
            .iter()
            .copied()
            .min_by(|a, b| d(a).total_cmp(&d(b)))
    }

    /// The steady state with the sweep's parameter `name` set to x, the others as now: inputs
    /// (h_E + c, h_I + c), before the step.
    fn steady_at(&self, name: &str, x: f64) -> Option<(f64, f64, Net, f64, f64)> {
        let c = &self.c;
        let mut net = c.net;
        let (mut he, mut hi) = (c.h_e + c.c, c.h_i + c.c);
        match name {
            "h_I" => hi = x + c.c,
            "c" => (he, hi) = (c.h_e + x, c.h_i + x),
            "w_EE" => net.w_ee = x,
            _ => return None,
        }
        net.steady(he, hi).map(|(re, ri)| (re, ri, net, he, hi))
    }
}

impl Model for EiPowerLaw {
    fn time_ms(&self) -> f64 {
        self.t
    }

    fn step(&mut self, _spikes: &mut Vec<Spike>) {
        let c = &self.c;
        if self.pre.is_none() && c.step_on(self.t) {
            self.pre = Some((self.r_e, self.r_i));
        }
        let (net, (he, hi)) = (c.net, c.input(self.t));
        let rhs = |_: f64, y: &[f64; 2]| net.rhs(y[0], y[1], he, hi);
        let mut y = [self.r_e, self.r_i];
        match c.method {
            Method::Euler => integrate::euler(self.t, &mut y, c.dt, rhs),
            _ => integrate::rk4(self.t, &mut y, c.dt, rhs),
        }
        self.r_e = y[0];
        self.r_i = y[1];
        self.t += c.dt;
    }

    fn sample(&self, out: &mut [f64]) {
        let (he, hi) = self.c.input(self.t);
        out[0] = self.r_e;
        out[1] = self.r_i;
        out[2] = he;
        out[3] = hi;
    }

    fn set_params(&mut self, p: &Params) {
        self.c = Consts::from(p);
    }

    fn measure(&self, name: &str, _rec: &Recording) -> Option<f64> {
        let c = &self.c;
        let (he, hi) = c.input(self.t);
        let pre = self.pre.unwrap_or((self.r_e, self.r_i));
        match name {
            "r_E" => Some(self.r_e),
            "r_I" => Some(self.r_i),
            "r_E_pre" => Some(pre.0),
            "r_I_pre" => Some(pre.1),
            "dr_E" => self.pre.map(|p| self.r_e - p.0),
            "dr_I" => self.pre.map(|p| self.r_i - p.1),
            "dr_I_theory" => {
                let (h0, h1) = (c.h_i + c.c, c.h_i + c.c + c.step_amp);
                let he = c.h_e + c.c;
                Some(c.net.steady(he, h1)?.1 - c.net.steady(he, h0)?.1)
            }
            "gain_EE" => Some(c.net.gain_ee(self.r_e, self.r_i, he, hi)),
            "isn" => Some(if c.net.gain_ee(self.r_e, self.r_i, he, hi) > 1.0 {
                1.0
            } else {
                0.0
            }),
            "i_to_e" => c.net.i_to_e(self.r_e, self.r_i, he),
            "r_E_star" => self.nearest().map(|f| f.0),
            "r_I_star" => self.nearest().map(|f| f.1),
            "lambda_max_per_ms" => self
                .nearest()
                .map(|(e, i)| eig2(c.net.jacobian(e, i, he, hi)).0),
            _ => None,
        }
    }

    fn overlay(&self, name: &str, x: f64) -> Option<f64> {
        match name {
            "r_I_vs_h_I" => self.steady_at("h_I", x).map(|s| s.1),
            "r_E_vs_c" => self.steady_at("c", x).map(|s| s.0),
            "r_I_vs_c" => self.steady_at("c", x).map(|s| s.1),
            "gain_EE_vs_c" => self
                .steady_at("c", x)
                .map(|(re, ri, net, he, hi)| net.gain_ee(re, ri, he, hi)),
            "i_to_e_vs_c" => self
                .steady_at("c", x)
                .and_then(|(re, ri, net, he, _)| net.i_to_e(re, ri, he)),
            "one" => Some(1.0),
            "dr_I_vs_w_EE" => {
                let c = &self.c;
                let mut net = c.net;
                net.w_ee = x;
                let he = c.h_e + c.c;
                let h0 = c.h_i + c.c;
                Some(net.steady(he, h0 + c.step_amp)?.1 - net.steady(he, h0)?.1)
            }
            _ => None,
        }
    }

    fn vector_field(&self, x: f64, y: f64) -> Option<(f64, f64)> {
        let (he, hi) = self.c.input(self.t);
        let d = self.c.net.rhs(x, y, he, hi);
        Some((d[0], d[1]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run::Simulation;
    use crate::testkit;

    fn params(preset: &str, set: &[(&str, f64)]) -> Params {
        testkit::params(&ENTRY, Some(preset), set)
    }

    fn run(p: Params, ms: f64) -> Simulation {
        testkit::run(&ENTRY, p, 0, ms)
    }

    fn m(sim: &Simulation, name: &str) -> f64 {
        sim.measure(name).unwrap()
    }

    /// The threshold-linear steady state retyped from the 2×2 linear system (module doc), gain k:
    /// (1 − k w_EE) r_E + k w_EI r_I = k h_E, −k w_IE r_E + (1 + k w_II) r_I = k h_I, by
    /// Cramer's rule.
    fn linear_steady(w: [f64; 4], k: f64, he: f64, hi: f64) -> (f64, f64) {
        let [ee, ei, ie, ii] = w;
        let d = (1.0 - k * ee) * (1.0 + k * ii) + k * k * ei * ie;
        (
            k * ((1.0 + k * ii) * he - k * ei * hi) / d,
            k * ((1.0 - k * ee) * hi + k * ie * he) / d,
        )
    }

    #[test]
    fn presets_carry_the_ssn_parameters() {
        // Ahmadian, Rubin & Miller (2013, Fig. 2: k = 0.04, n = 2); Rubin et al. (2015); the same
        // W and τ in Hennequin et al. (2018): W = [[1.25, 0.65], [1.2, 0.5]] mV·s, τ = 20, 10 ms.
        for preset in ["ssn_weak", "ssn_strong"] {
            let p = params(preset, &[]);
            for (name, v) in [
                ("k", 0.04),
                ("n", 2.0),
                ("w_EE", 1.25),
                ("w_EI", 0.65),
                ("w_IE", 1.2),
                ("w_II", 0.5),
                ("tau_E", 20.0),
                ("tau_I", 10.0),
                ("h_E", 0.0),
                ("h_I", 0.0),
            ] {
                assert_eq!(p.get(name), v, "{preset}: {name}");
            }
        }
    }

    #[test]
    fn threshold_linear_steady_states_are_the_closed_form() {
        // The 2×2 linear system against the model's root finder and against the simulation 2 s
        // after the start and 2 s after the step (slowest decay rate ≥ 0.011/ms here: e^{−22} of
        // ~100 Hz, so 1e-5 Hz), for ISN and non-ISN weights, gains 1 and 0.5, before and after the
        // step.
        let cases: [(&str, &[(&str, f64)]); 5] = [
            ("isn", &[]),
            ("non_isn", &[]),
            ("isn", &[("h_E", 20.0), ("h_I", 3.0), ("w_II", 0.3)]),
            ("isn", &[("k", 0.5), ("w_EE", 3.0), ("h_E", 30.0)]),
            ("non_isn", &[("c", 4.0), ("step_amp", -1.5)]),
        ];
        for (preset, set) in cases {
            let mut p = params(preset, set);
            p.set("step_t", 2000.0).unwrap();
            let w = [p.get("w_EE"), p.get("w_EI"), p.get("w_IE"), p.get("w_II")];
            let (k, he, hi) = (
                p.get("k"),
                p.get("h_E") + p.get("c"),
                p.get("h_I") + p.get("c"),
            );
            let (e0, i0) = linear_steady(w, k, he, hi);
            let (e1, i1) = linear_steady(w, k, he, hi + p.get("step_amp"));
            assert!(
                e0 > 0.0 && i0 > 0.0 && e1 > 0.0 && i1 > 0.0,
                "{preset} {set:?}: both active"
            );
            let c = Consts::from(&p);
            let (fe, fi) = c.net.steady(he, hi).unwrap();
            assert!(
                (fe - e0).abs() < 1e-9 && (fi - i0).abs() < 1e-9,
                "{preset} {set:?}"
            );
            let sim = run(p, 4000.0);
            for (name, want) in [("r_E_pre", e0), ("r_I_pre", i0), ("r_E", e1), ("r_I", i1)] {
                let got = m(&sim, name);
                assert!(
                    (got - want).abs() < 1e-5,
                    "{preset} {set:?}: {name} {got} vs {want}"
                );
            }
        }
    }

    #[test]
    fn paradoxical_response_flips_sign_exactly_at_k_w_ee_one() {
        // δr_I/δh_I = k (1 − k w_EE)/D (module doc), exact for a finite step while both rates stay
        // positive: the simulated change after the step must match it (1e-6 Hz), and the sweep's
        // overlay with it (1e-9); the sign changes where k w_EE = 1 (Tsodyks et al. 1997).
        for k in [1.0, 0.5] {
            let dr = |w_ee: f64| {
                let p = params(
                    "isn",
                    &[("w_EE", w_ee), ("k", k), ("h_E", 20.0), ("step_t", 2000.0)],
                );
                let (wei, wie, wii, dh) = (
                    p.get("w_EI"),
                    p.get("w_IE"),
                    p.get("w_II"),
                    p.get("step_amp"),
                );
                let d = (1.0 - k * w_ee) * (1.0 + k * wii) + k * k * wei * wie;
                let want = dh * k * (1.0 - k * w_ee) / d;
                let sim = run(p, 4000.0);
                let got = m(&sim, "dr_I");
                assert!(
                    (got - want).abs() < 1e-6,
                    "k = {k}, w_EE = {w_ee}: {got} vs {want}"
                );
                let overlay = sim.model().overlay("dr_I_vs_w_EE", w_ee).unwrap();
                assert!((overlay - want).abs() < 1e-9, "overlay {overlay} vs {want}");
                got
            };
            // k w_EE up to 1.5: stable for both gains (D > 0 needs k w_EE < 1 + 1/1.5 at k = 0.5).
            for w in [0.0, 0.5, 0.9, 1.1, 1.5] {
                dr(w / k);
            }
            // The simulated sign change, located by bisection on w_EE, sits at 1/k.
            let (mut a, mut b) = (0.5 / k, 1.5 / k);
            assert!(dr(a) > 0.0 && dr(b) < 0.0);
            for _ in 0..20 {
                let mid = 0.5 * (a + b);
                if dr(mid) > 0.0 {
                    a = mid
                } else {
                    b = mid
                }
            }
            assert!(
                (0.5 * (a + b) * k - 1.0).abs() < 1e-4,
                "k = {k}: flip at {a}"
            );
        }
    }

    /// The SSN's transition to an ISN, derived independently of the model: with n = 2 the E gain
    /// w_EE f′(V_E) = 2 k w_EE V_E is 1 at V_E* = 1/(2 k w_EE), r_E* = k V_E*² = 1/(4 k w_EE²).
    /// With h_E = h_I = c: c = V_E* − w_EE r_E* + w_EI r_I, and r_I solves
    /// r_I = k (w_IE r_E* − w_II r_I + c)², a quadratic once c is substituted: k a² + (2 k a b − 1) r_I
    /// + k b² r_I² = 0 with a = w_IE r_E* + V_E* − w_EE r_E*, b = w_EI − w_II; the smaller root.
    fn ssn_transition(k: f64, w: [f64; 4]) -> (f64, f64, f64) {
        let [ee, ei, ie, ii] = w;
        let ve = 1.0 / (2.0 * k * ee);
        let re = k * ve * ve;
        let (a, b) = (ie * re + ve - ee * re, ei - ii);
        let (qa, qb, qc) = (k * b * b, 2.0 * k * a * b - 1.0, k * a * a);
        let ri = (-qb - (qb * qb - 4.0 * qa * qc).sqrt()) / (2.0 * qa);
        (ve - ee * re + ei * ri, re, ri)
    }

    #[test]
    fn ssn_becomes_an_isn_where_r_e_reaches_one_over_4_k_w_ee_squared() {
        // Ahmadian et al. (2013), Rubin et al. (2015): the SSN is not an ISN at weak input and
        // becomes one as the input grows. The crossing, derived above: r_E = 4 Hz, c ≈ 7.84 mV for
        // these weights. The model's steady state there has gain 1 (1e-6), and the simulated
        // network's `isn` measure and the sign of its response to a small step of h_I (0.05 mV)
        // both switch between c* − 0.3 and c* + 0.3.
        let w = [1.25, 0.65, 1.2, 0.5];
        let (c_star, re, ri) = ssn_transition(0.04, w);
        assert!(
            (re - 4.0).abs() < 1e-12 && (c_star - 7.84).abs() < 0.01,
            "c* = {c_star}, r_E = {re}"
        );
        let p = params("ssn_weak", &[("c", c_star)]);
        let net = Consts::from(&p).net;
        let (fe, fi) = net.steady(c_star, c_star).unwrap();
        assert!(
            (fe - re).abs() < 1e-6 && (fi - ri).abs() < 1e-6,
            "({fe}, {fi}) vs ({re}, {ri})"
        );
        assert!((net.gain_ee(fe, fi, c_star, c_star) - 1.0).abs() < 1e-6);
        for (c, isn) in [(c_star - 0.3, 0.0), (c_star + 0.3, 1.0)] {
            let sim = run(params("ssn_weak", &[("c", c), ("step_amp", 0.05)]), 2000.0);
            assert_eq!(m(&sim, "isn"), isn, "c = {c}");
            let dr = m(&sim, "dr_I");
            assert_eq!(dr < 0.0, isn == 1.0, "c = {c}: dr_I = {dr}");
            assert!((dr - m(&sim, "dr_I_theory")).abs() < 1e-6, "c = {c}");
        }
    }

    #[test]
    fn ssn_sums_supralinearly_at_weak_input_and_sublinearly_at_strong() {
        // Ahmadian et al. (2013): at weak input the network is nearly feed-forward, r_E ≈ k c²,
        // the local exponent d ln r_E / d ln c → n = 2; at strong input inhibition dominates and
        // the growth is sublinear (exponent < 1), while the ratio of inhibitory to excitatory input
        // to E rises with c (Rubin et al. 2015). All from the simulated steady states.
        let r_e = |c: f64| {
            let sim = run(params("ssn_weak", &[("c", c)]), 990.0);
            (m(&sim, "r_E_pre"), m(&sim, "i_to_e"))
        };
        let (r1, _) = r_e(0.1);
        let (r2, _) = r_e(0.2);
        assert!(testkit::rel(r1, 0.04 * 0.01) < 0.01, "r_E(0.1) = {r1}");
        let low = (r2 / r1).ln() / 2f64.ln();
        assert!((low - 2.0).abs() < 0.02, "exponent at weak input {low}");
        let (r25, _) = r_e(25.0);
        let (r50, _) = r_e(50.0);
        let high = (r50 / r25).ln() / 2f64.ln();
        assert!(high < 1.0, "exponent at strong input {high}");
        let ratios: Vec<f64> = [2.0, 5.0, 10.0, 20.0, 40.0]
            .iter()
            .map(|&c| r_e(c).1)
            .collect();
        assert!(ratios.windows(2).all(|p| p[1] > p[0]), "{ratios:?}");
    }

    #[test]
    fn jacobian_stability_agrees_with_the_simulated_convergence() {
        // (a) Threshold-linear weights with real eigenvalues (w_EE = w_EI = w_IE = 0.5, w_II = 0):
        // J = [[−0.025, −0.025], [0.05, −0.1]] per ms, λ = −0.05 and −0.075. Late after the step the
        // deviation from the new steady state decays at the slower one: the slope of ln|r_E − r_E*|
        // over 200–400 ms after the step is λ_max within 1 %.
        let p = params(
            "non_isn",
            &[("w_EE", 0.5), ("w_EI", 0.5), ("w_IE", 0.5), ("w_II", 0.0)],
        );
        let sim = run(p, 1000.0);
        let lam = m(&sim, "lambda_max_per_ms");
        assert!((lam + 0.05).abs() < 1e-12, "λ_max = {lam}");
        let e_star = m(&sim, "r_E_star");
        let at = |t: f64| {
            let j = sim.rec.t.partition_point(|&s| s < t);
            (sim.rec.traces[0][j] - e_star).abs().ln()
        };
        let slope = (at(900.0) - at(700.0)) / 200.0;
        assert!(testkit::rel(slope, lam) < 0.01, "slope {slope} vs λ {lam}");

        // (b) An unstable focus: w_EE = 2.5 with slow inhibition (τ_I = 40 ms): D = 1 > 0 but
        // tr J = 1.5/20 − 2/40 > 0. λ_max > 0, and the simulation does not settle (its r_E still
        // swings by more than 1 Hz after 3 s), while with τ_I = 10 ms it settles to 1e-6.
        for (tau_i, stable) in [(40.0, false), (10.0, true)] {
            let p = params(
                "isn",
                &[
                    ("w_EE", 2.5),
                    ("tau_I", tau_i),
                    ("step_amp", 0.0),
                    ("rE0", 1.0),
                ],
            );
            let mut sim = Simulation::new(&ENTRY, p, 0, crate::record::Retention::All);
            let res = sim.run_for(2000.0);
            let lam = m(&sim, "lambda_max_per_ms");
            assert_eq!(lam < 0.0, stable, "τ_I = {tau_i}: λ_max = {lam}");
            if res.is_err() {
                assert!(!stable, "τ_I = {tau_i}: {res:?}");
                continue;
            }
            sim.rec.clear(sim.time_ms());
            let _ = sim.run_for(1000.0);
            let e = &sim.rec.traces[0];
            let span = e.iter().copied().fold(f64::MIN, f64::max)
                - e.iter().copied().fold(f64::MAX, f64::min);
            if stable {
                assert!(span < 1e-6, "τ_I = {tau_i}: span {span}");
            } else {
                assert!(span > 1.0, "τ_I = {tau_i}: span {span}");
            }
        }

        // (c) The SSN is stable at every common input of its sweep (0–50 mV): λ_max < 0 at the
        // steady state, and the simulation reaches it (1e-4 Hz after 1 s from rest).
        for c in [0.5, 5.0, 10.0, 15.0, 25.0, 50.0] {
            let sim = run(params("ssn_weak", &[("c", c), ("step_amp", 0.0)]), 1000.0);
            assert!(m(&sim, "lambda_max_per_ms") < 0.0, "c = {c}");
            for (a, b) in [("r_E", "r_E_star"), ("r_I", "r_I_star")] {
                assert!((m(&sim, a) - m(&sim, b)).abs() < 1e-4, "c = {c}: {a}");
            }
        }
    }
}
