//! The exponential (EIF) and adaptive exponential (AdEx) integrate-and-fire neurons.
//!
//! C dV/dt = −g_L (V − E_L) + g_L Δ_T exp((V − V_T)/Δ_T) − w + I(t)
//! τ_w dw/dt = a (V − E_L) − w
//! V ≥ V_peak  →  spike; V ← V_r, w ← w + b
//!
//! (Brette & Gerstner 2005, J. Neurophysiol. 94:3637, eqs. 1–2; Gerstner, Kistler, Naud &
//! Paninski 2014, *Neuronal Dynamics* §5.2 and §6.1.) With a = b = 0, w stays 0 and the model is
//! the exponential integrate-and-fire neuron of Fourcaud-Trocmé, Hansel, van Vreeswijk & Brunel
//! (2003, J. Neurosci. 23:11628). Units: V, E_L, V_T, Δ_T, V_r, V_peak in mV; C in pF; g_L and a
//! in nS; w, b and I in pA; τ_w in ms (so that pA/pF = mV/ms).
//!
//! The exponential is the sodium current's activation near threshold: instead of the LIF's sharp
//! threshold, the upstroke starts smoothly where the exponential overtakes the leak. Δ_T (the
//! slope factor) measures how sharp spike initiation is; Δ_T → 0 gives back the LIF with
//! threshold V_T. Badel et al. (2008, J. Neurophysiol. 99:656) measured Δ_T ≈ 1–3 mV in cortical
//! pyramidal cells and interneurons from the dynamic I–V curve. V_peak is a cut, not a threshold:
//! once V is a few Δ_T above V_T it diverges in finite time and the cut only ends the upstroke.
//!
//! Rheobase. With constant I the V-nullcline is w = −g_L (V − E_L) + g_L Δ_T e^{(V−V_T)/Δ_T} + I
//! and the w-nullcline w = a (V − E_L). Fixed points satisfy I = J(V) with
//! J(V) = (g_L + a)(V − E_L) − g_L Δ_T e^{(V−V_T)/Δ_T}, largest at e^{(V−V_T)/Δ_T} = 1 + a/g_L:
//!   I_SN = (g_L + a) (V_T − E_L − Δ_T + Δ_T ln(1 + a/g_L))   (saddle-node; needs a > −g_L);
//! for a = 0, I_rh = g_L (V_T − E_L − Δ_T), where the V-nullcline's minimum (at V_T) touches the
//! w = 0 axis (Fourcaud-Trocmé et al. 2003; *Neuronal Dynamics* §5.2). The Jacobian at a fixed
//! point with E = e^{(V−V_T)/Δ_T} has trace g_L (E − 1)/C − 1/τ_w and determinant
//! (a − g_L (E − 1))/(C τ_w); at the saddle-node E − 1 = a/g_L and the trace is a/C − 1/τ_w.
//! So if a/g_L < τ_m/τ_w (τ_m = C/g_L) rest disappears in the saddle-node; otherwise the trace
//! vanishes first, at E − 1 = τ_m/τ_w, an Andronov–Hopf bifurcation at the lower current
//! J(V_T + Δ_T ln(1 + τ_m/τ_w)) (Touboul 2008, SIAM J. Appl. Math. 68:1045; Touboul & Brette 2008,
//! Biol. Cybern. 99:319; Naud et al. 2008 §2). In one formula, rest is lost at
//!   I* = J(V_T + Δ_T ln(1 + min(a/g_L, τ_m/τ_w)))        (`rheobase_pa`).
//!
//! The EIF's period. With w frozen at a constant value, dt = C dV / F(V) with
//! F(V) = −g_L (V − E_L) + g_L Δ_T e^{(V−V_T)/Δ_T} + I − w, so the interval from V_r to V_peak is
//! T = ∫ C dV / F(V), and the time average of V over it (1/T) ∫ V C dV / F(V): computed by
//! adaptive Simpson quadrature (`eif_period`). For a = b = 0 this is exact: the `eif` overlay of
//! the f–I curve and `rate_theory_hz`.
//!
//! Slow adaptation. Averaging the w equation over a long run (spikes at rate f) gives exactly
//!   ⟨w⟩ = a (⟨V⟩ − E_L) + b τ_w f.
//! If τ_w is long against the interval, w hardly changes within one, and the neuron fires like an
//! EIF driven by I − ⟨w⟩: solving ⟨w⟩ = a (⟨V⟩(I − ⟨w⟩) − E_L) + b τ_w f(I − ⟨w⟩) for ⟨w⟩ gives the
//! adapted rate (Ermentrout 1998, Neural Comput. 10:1721; Benda & Herz 2003, Neural Comput.
//! 15:2523; *Neuronal Dynamics* §6.1): the `adapted` overlay and `rate_theory_hz` (exact when
//! a = b = 0, an approximation otherwise).
//!
//! Presets: the EIF and the AdEx with Brette & Gerstner's (2005) parameters (a pyramidal cell:
//! C = 281 pF, g_L = 30 nS, E_L = −70.6 mV, V_T = −50.4 mV, Δ_T = 2 mV, τ_w = 144 ms, a = 4 nS,
//! b = 80.5 pA, V_r = E_L, V_peak = 20 mV), and the firing patterns of Naud, Marcille, Clopath &
//! Gerstner (2008, Biol. Cybern. 99:335, Table 1 and Fig. 4) with their parameters and currents
//! (as reproduced in the Brian 2 example `Naud_et_al_2008_adex_firing_patterns`, cut at
//! V_peak = 0 mV). Transient spiking needs a current below the Hopf current (282 pA): that
//! example's 180 pA gives a single spike, the preset's 260 pA two.
//!
//! Integration. Between spikes classical RK4 on substeps of at most dt, shortened so that V moves
//! by at most Δ_T/4 per substep: near V_peak the exponential makes the system stiff (dV/dt grows
//! like e^{V/Δ_T}), and the shortened substeps follow the upstroke to the cut in ~(V_peak − V_T)
//! /(Δ_T/4) substeps whatever dt. The crossing of V_peak is timed by linear interpolation inside
//! the (then very short) substep; V and w are reset there and the rest of the step integrated from
//! the reset. Spike times are thus independent of dt to the tested tolerance (0.01 ms over 1 s).
//! The exponent is capped at 300 (e^300 ≈ 2·10^130, no overflow): it is reached only far above
//! V_T, where V is at the cut in a vanishing time anyway.

use crate::integrate;
use crate::measure;
use crate::model::*;
use crate::params::Params;
use crate::record::Recording;

const SAMPLE_MS: f64 = 0.1;
/// Largest exponent (V − V_T)/Δ_T evaluated (module comment).
const EXP_CAP: f64 = 300.0;
/// At most this many spikes in one step (a guard for V_r ≥ V_peak).
const MAX_SPIKES_PER_STEP: usize = 64;
/// At most this many substeps in one step (a guard; a spike needs ~4 (V_peak − V_T)/Δ_T).
const MAX_SUBSTEPS: usize = 100_000;

pub static SPEC: ModelSpec = ModelSpec {
    id: "aeif",
    title: "Exponential and adaptive exponential integrate-and-fire neurons",
    lecture: 3,
    summary: "An exponential spike initiation of slope Δ_T replaces the LIF's sharp threshold, and an adaptation \
              current w, driven below threshold (a) and by each spike (b), gives tonic, adapting, bursting and \
              delayed firing (Brette & Gerstner 2005; Naud et al. 2008).",
    params: &[
        ParamSpec::real("C", "C", "pF", 10.0, 1000.0, 281.0, 1.0).log().help("membrane capacitance"),
        ParamSpec::real("g_L", r"g_L", "nS", 1.0, 100.0, 30.0, 0.5).log().help("leak conductance (τ_m = C/g_L)"),
        ParamSpec::real("E_L", r"E_L", "mV", -90.0, -40.0, -70.6, 0.1).help("leak reversal potential"),
        ParamSpec::real("V_T", r"V_T", "mV", -70.0, -30.0, -50.4, 0.1)
            .help("threshold slope point: where the exponential term equals g_L Δ_T"),
        ParamSpec::real("Delta_T", r"\Delta_T", "mV", 0.1, 10.0, 2.0, 0.05)
            .log()
            .help("slope factor: the sharpness of spike initiation (Δ_T → 0: a LIF with threshold V_T)"),
        ParamSpec::real("a", "a", "nS", -20.0, 50.0, 4.0, 0.5)
            .help("subthreshold adaptation: how strongly w follows V (negative: a depolarising current)"),
        ParamSpec::real("tau_w", r"\tau_w", "ms", 1.0, 1000.0, 144.0, 1.0).log().help("adaptation time constant"),
        ParamSpec::real("b", "b", "pA", 0.0, 500.0, 80.5, 0.5).help("spike-triggered jump of w"),
        ParamSpec::real("V_r", r"V_r", "mV", -90.0, -30.0, -70.6, 0.1).help("reset potential after a spike"),
        ParamSpec::real("V_peak", r"V_{\mathrm{peak}}", "mV", -30.0, 40.0, 20.0, 0.5)
            .help("the cut that ends the upstroke (not a threshold)"),
        ParamSpec::real("I_ext", r"I_{\mathrm{ext}}", "pA", -500.0, 3000.0, 1000.0, 1.0)
            .help("injected current from t_on on"),
        ParamSpec::real("I_0", r"I_0", "pA", -500.0, 1000.0, 0.0, 1.0)
            .help("holding current before t_on; the run starts at rest for it (if rest exists)"),
        ParamSpec::real("t_on", r"t_{\mathrm{on}}", "ms", 0.0, 500.0, 20.0, 1.0).help("time of the current step"),
        ParamSpec::dt(0.001, 1.0, 0.05),
    ],
    presets: &[
        PresetSpec {
            name: "eif",
            description: "The exponential integrate-and-fire neuron (a = b = 0) with Brette & Gerstner's membrane: \
                          rheobase g_L (V_T − E_L − Δ_T) = 546 pA; at 700 pA it fires regularly at 41 Hz, on the \
                          quadrature curve, and the smooth upstroke replaces the LIF's sharp threshold.",
            values: &[("a", 0.0), ("b", 0.0), ("I_ext", 700.0)],
        },
        PresetSpec {
            name: "adex_default",
            description: "Brette & Gerstner's (2005) AdEx of a pyramidal cell at a 1 nA step: the first interval is \
                          short, then each spike adds b = 80.5 pA to w and the intervals lengthen to a steady \
                          adapted rate.",
            values: &[],
        },
        PresetSpec {
            name: "tonic",
            description: "Naud et al. 2008 Fig. 4a (tonic spiking): no spike-triggered adaptation (b = 0) and a fast \
                          w (τ_w = 30 ms): regular firing from the first interval on.",
            values: &[("C", 200.0), ("g_L", 10.0), ("E_L", -70.0), ("V_T", -50.0), ("Delta_T", 2.0), ("a", 2.0),
                      ("tau_w", 30.0), ("b", 0.0), ("V_r", -58.0), ("V_peak", 0.0), ("I_ext", 500.0)],
        },
        PresetSpec {
            name: "adapting",
            description: "Naud et al. 2008 Fig. 4b (adaptation): a slow w (τ_w = 300 ms) grows by b = 60 pA per \
                          spike, and the intervals lengthen smoothly to a steady value.",
            values: &[("C", 200.0), ("g_L", 12.0), ("E_L", -70.0), ("V_T", -50.0), ("Delta_T", 2.0), ("a", 2.0),
                      ("tau_w", 300.0), ("b", 60.0), ("V_r", -58.0), ("V_peak", 0.0), ("I_ext", 500.0)],
        },
        PresetSpec {
            name: "initial_burst",
            description: "Naud et al. 2008 Fig. 4c (initial burst): a high reset (V_r = V_T = −50 mV) lets the first \
                          spikes follow each other closely until w has grown; then regular single spikes.",
            values: &[("C", 130.0), ("g_L", 18.0), ("E_L", -58.0), ("V_T", -50.0), ("Delta_T", 2.0), ("a", 4.0),
                      ("tau_w", 150.0), ("b", 120.0), ("V_r", -50.0), ("V_peak", 0.0), ("I_ext", 400.0)],
        },
        PresetSpec {
            name: "regular_bursting",
            description: "Naud et al. 2008 Fig. 4d (regular bursting): the reset (−46 mV) lies above V_T, so after a \
                          spike V climbs straight back up; bursts end when w is high and resume when it has decayed.",
            values: &[("C", 200.0), ("g_L", 10.0), ("E_L", -58.0), ("V_T", -50.0), ("Delta_T", 2.0), ("a", 2.0),
                      ("tau_w", 120.0), ("b", 100.0), ("V_r", -46.0), ("V_peak", 0.0), ("I_ext", 210.0)],
        },
        PresetSpec {
            name: "delayed_accelerating",
            description: "Naud et al. 2008 Fig. 4e (delayed accelerating): a < 0, so w becomes a depolarising current \
                          as V rises; the first spike comes late and the intervals then shorten.",
            values: &[("C", 200.0), ("g_L", 12.0), ("E_L", -70.0), ("V_T", -50.0), ("Delta_T", 2.0), ("a", -10.0),
                      ("tau_w", 300.0), ("b", 0.0), ("V_r", -58.0), ("V_peak", 0.0), ("I_ext", 300.0)],
        },
        PresetSpec {
            name: "transient",
            description: "Naud et al. 2008 Fig. 4g (transient spiking): strong subthreshold adaptation (a = 10 nS). \
                          Rest stays stable up to the Hopf current 282 pA; at 260 pA the step gives two spikes, \
                          then w has caught up and V settles.",
            values: &[("C", 100.0), ("g_L", 10.0), ("E_L", -65.0), ("V_T", -50.0), ("Delta_T", 2.0), ("a", 10.0),
                      ("tau_w", 90.0), ("b", 100.0), ("V_r", -47.0), ("V_peak", 0.0), ("I_ext", 260.0)],
        },
    ],
    traces: &[
        TraceSpec::new("V", "membrane potential V", "mV", 1e4),
        TraceSpec::new("w", "adaptation current w", "pA", 1e6),
        TraceSpec::new("I", "injected current I", "pA", 1e4),
    ],
    measures: &[
        MeasureSpec::new("rate_hz", "firing rate", "Hz"),
        MeasureSpec::new("spike_count", "number of spikes", ""),
        MeasureSpec::new("first_isi_ms", "first interspike interval", "ms"),
        MeasureSpec::new("last_isi_ms", "last interspike interval", "ms"),
        MeasureSpec::new("adaptation_index", "last ISI / first ISI (> 1: the firing slows down)", ""),
        MeasureSpec::new("w_mean_pa", "mean adaptation current", "pA"),
        MeasureSpec::new("rheobase_pa", "current at which rest is lost (saddle-node or Hopf), closed form", "pA"),
        MeasureSpec::new("rate_theory_hz", "EIF quadrature rate, with slowly adapting w at its self-consistent mean", "Hz"),
    ],
    plots: &[
        PlotSpec {
            id: "voltage",
            title: "Membrane potential",
            kind: PlotKind::TimeSeries { traces: &["V"], y_label: "V (mV)", y: Range::Fixed(-80.0, 25.0) },
        },
        PlotSpec {
            id: "adaptation",
            title: "Adaptation current",
            kind: PlotKind::TimeSeries { traces: &["w"], y_label: "w (pA)", y: Range::Auto },
        },
        PlotSpec {
            id: "phase",
            title: "Phase plane (V, w)",
            kind: PlotKind::PhasePlane { x: "V", y: "w", x_range: (-80.0, -30.0), y_range: (-200.0, 800.0) },
        },
        PlotSpec {
            id: "f_i",
            title: "Steady firing rate against I_ext (f–I curve)",
            kind: PlotKind::Sweep {
                seeds: 1,
                y: Range::Auto,
                param: "I_ext",
                measure: "rate_hz",
                from: 0.0,
                to: 2000.0,
                steps: 41,
                settle_ms: 1000.0,
                duration_ms: 1000.0,
                overlays: &["eif", "adapted"],
            },
        },
    ],
    window_ms: 500.0,
    sample_ms: SAMPLE_MS,
    default_duration_ms: 1000.0,
    stochastic: false,
    clock: Clock::Time,
    offload: false,
};

pub static ENTRY: ModelEntry = ModelEntry { spec: &SPEC, build };

/// The parameters in the model's units (module comment).
#[derive(Clone, Copy, Debug)]
pub struct Cell {
    pub c: f64,
    pub g_l: f64,
    pub e_l: f64,
    pub v_t: f64,
    pub delta_t: f64,
    pub a: f64,
    pub tau_w: f64,
    pub b: f64,
    pub v_r: f64,
    pub v_peak: f64,
}

impl Cell {
    fn from(p: &Params) -> Self {
        Cell {
            c: p.get("C"),
            g_l: p.get("g_L"),
            e_l: p.get("E_L"),
            v_t: p.get("V_T"),
            delta_t: p.get("Delta_T"),
            a: p.get("a"),
            tau_w: p.get("tau_w"),
            b: p.get("b"),
            v_r: p.get("V_r"),
            v_peak: p.get("V_peak"),
        }
    }

    /// g_L Δ_T e^{(V−V_T)/Δ_T}, the exponent capped at `EXP_CAP`, pA.
    #[inline]
    fn spike_current(&self, v: f64) -> f64 {
        self.g_l * self.delta_t * crate::math::exp(((v - self.v_t) / self.delta_t).min(EXP_CAP))
    }

    /// (dV/dt in mV/ms, dw/dt in pA/ms) at (v, w) with current i (pA).
    #[inline]
    pub fn rhs(&self, v: f64, w: f64, i: f64) -> [f64; 2] {
        [
            (-self.g_l * (v - self.e_l) + self.spike_current(v) - w + i) / self.c,
            (self.a * (v - self.e_l) - w) / self.tau_w,
        ]
    }

    /// J(V) = (g_L + a)(V − E_L) − g_L Δ_T e^{(V−V_T)/Δ_T}: the current for which V is a fixed
    /// point (where both nullclines cross), pA.
    pub fn fixed_point_current(&self, v: f64) -> f64 {
        (self.g_l + self.a) * (v - self.e_l) - self.spike_current(v)
    }

    /// The current at which rest is lost (module comment): the saddle-node
    /// (g_L + a)(V_T − E_L − Δ_T + Δ_T ln(1 + a/g_L)) if a/g_L < τ_m/τ_w, else the Hopf
    /// bifurcation J(V_T + Δ_T ln(1 + τ_m/τ_w)). None for a ≤ −g_L (no such bifurcation).
    pub fn rheobase(&self) -> Option<f64> {
        if self.a <= -self.g_l {
            return None;
        }
        let tau_m = self.c / self.g_l;
        let x = (self.a / self.g_l).min(tau_m / self.tau_w);
        Some(self.fixed_point_current(self.v_t + self.delta_t * crate::math::log1p(x)))
    }

    /// True if a/g_L < τ_m/τ_w: rest disappears in a saddle-node (else a Hopf bifurcation).
    pub fn saddle_node(&self) -> bool {
        self.a / self.g_l < self.c / (self.g_l * self.tau_w)
    }

    /// The stable rest of the full (V, w) system at constant current i: the lower root of
    /// J(V) = i, if it exists and the trace there is negative. (V, w = a (V − E_L)).
    pub fn rest(&self, i: f64) -> Option<(f64, f64)> {
        let k = self.g_l + self.a;
        if k <= 0.0 {
            return None;
        }
        let v = lower_root(self, k, i)?;
        let e = self.spike_current(v) / (self.g_l * self.delta_t);
        let trace = self.g_l * (e - 1.0) / self.c - 1.0 / self.tau_w;
        (trace < 0.0).then(|| (v, self.a * (v - self.e_l)))
    }
}

/// The lower root V < V_c of −k (V − E_L) + g_L Δ_T e^{(V−V_T)/Δ_T} + i = 0, where
/// V_c = V_T + Δ_T ln(k/g_L) is the minimum of the left side; None if the minimum is ≥ 0.
/// The left side decreases on (−∞, V_c): bisection.
fn lower_root(cell: &Cell, k: f64, i: f64) -> Option<f64> {
    let g = |v: f64| -k * (v - cell.e_l) + cell.spike_current(v) + i;
    let mut hi = cell.v_t + cell.delta_t * crate::math::log(k / cell.g_l);
    if g(hi) >= 0.0 {
        return None;
    }
    // Below E_L + i/k the linear part alone is ≥ 0.
    let mut lo = cell.e_l.min(cell.e_l + i / k).min(hi) - 1.0;
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi {
            break;
        }
        if g(mid) > 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Some(0.5 * (lo + hi))
}

/// Adaptive Simpson quadrature of both components of `f` on [a, b], the error controlled on
/// component 0 to about `rel` of its integral. A first estimate on 32 panels sets the absolute
/// tolerance; each panel is then refined recursively, the tolerance halving with each split
/// but never below 1e-14 of the estimate (rounding level), so that the recursion always ends.
fn simpson(f: &impl Fn(f64) -> [f64; 2], a: f64, b: f64, rel: f64) -> [f64; 2] {
    fn rule(fa: [f64; 2], fm: [f64; 2], fb: [f64; 2], h: f64) -> [f64; 2] {
        [
            h / 6.0 * (fa[0] + 4.0 * fm[0] + fb[0]),
            h / 6.0 * (fa[1] + 4.0 * fm[1] + fb[1]),
        ]
    }
    struct Tol {
        floor: f64,
    }
    #[allow(clippy::too_many_arguments)]
    fn rec(
        f: &impl Fn(f64) -> [f64; 2],
        tol: &Tol,
        a: f64,
        b: f64,
        fa: [f64; 2],
        fm: [f64; 2],
        fb: [f64; 2],
        whole: [f64; 2],
        eps: f64,
        depth: u32,
    ) -> [f64; 2] {
        let m = 0.5 * (a + b);
        let (lm, rm) = (0.5 * (a + m), 0.5 * (m + b));
        let (flm, frm) = (f(lm), f(rm));
        let left = rule(fa, flm, fm, m - a);
        let right = rule(fm, frm, fb, b - m);
        let err = left[0] + right[0] - whole[0];
        if depth == 0 || err.abs() <= 15.0 * eps.max(tol.floor) {
            return [
                left[0] + right[0] + err / 15.0,
                left[1] + right[1] + (left[1] + right[1] - whole[1]) / 15.0,
            ];
        }
        let l = rec(f, tol, a, m, fa, flm, fm, left, 0.5 * eps, depth - 1);
        let r = rec(f, tol, m, b, fm, frm, fb, right, 0.5 * eps, depth - 1);
        [l[0] + r[0], l[1] + r[1]]
    }
    const PANELS: usize = 32;
    let h = (b - a) / PANELS as f64;
    let x = |k: usize| if k == PANELS { b } else { a + k as f64 * h };
    let mut coarse = Vec::with_capacity(PANELS);
    let mut estimate = 0.0;
    for k in 0..PANELS {
        let (lo, hi) = (x(k), x(k + 1));
        let (fa, fm, fb) = (f(lo), f(0.5 * (lo + hi)), f(hi));
        let whole = rule(fa, fm, fb, hi - lo);
        estimate += whole[0].abs();
        coarse.push((lo, hi, fa, fm, fb, whole));
    }
    let tol = Tol {
        floor: 1e-14 * estimate,
    };
    let eps = rel * estimate / PANELS as f64;
    let mut total = [0.0; 2];
    for (lo, hi, fa, fm, fb, whole) in coarse {
        let piece = rec(f, &tol, lo, hi, fa, fm, fb, whole, eps, 40);
        total[0] += piece[0];
        total[1] += piece[1];
    }
    total
}

/// The EIF driven by constant current i (pA) with w frozen at 0: (period from V_r to V_peak in
/// ms, time average of V over it in mV), from T = ∫ C dV/F(V) and ∫ V C dV/F(V). None if F ≤ 0
/// somewhere on [V_r, V_peak] (then V settles: no repetitive firing).
pub fn eif_period(cell: &Cell, i: f64) -> Option<(f64, f64)> {
    eif_period_to(cell, i, 1e-11)
}

/// `eif_period` to a relative tolerance `rel` of the quadrature.
fn eif_period_to(cell: &Cell, i: f64, rel: f64) -> Option<(f64, f64)> {
    let f = |v: f64| -cell.g_l * (v - cell.e_l) + cell.spike_current(v) + i;
    let (lo, hi) = (cell.v_r, cell.v_peak);
    if lo >= hi {
        return None;
    }
    // F is convex with its minimum at V_T: the integrand peaks there.
    let split = cell.v_t.clamp(lo, hi);
    if f(split) <= 0.0 {
        return None;
    }
    let g = |v: f64| {
        let y = cell.c / f(v);
        [y, v * y]
    };
    let mut total = [0.0; 2];
    for (a, b) in [(lo, split), (split, hi)] {
        if b > a {
            let piece = simpson(&g, a, b, rel);
            total[0] += piece[0];
            total[1] += piece[1];
        }
    }
    Some((total[0], total[1] / total[0]))
}

/// The EIF rate (Hz) at current i with w = 0: 1000/T, or 0 if it does not fire.
pub fn eif_rate_hz(cell: &Cell, i: f64) -> f64 {
    eif_period(cell, i).map_or(0.0, |(t, _)| 1000.0 / t)
}

/// Slow-adaptation mean field (module comment): the ⟨w⟩ solving
/// ⟨w⟩ = a (⟨V⟩ − E_L) + b τ_w f, with f and ⟨V⟩ those of the EIF at I − ⟨w⟩ (⟨V⟩ the EIF's rest
/// when it does not fire). Returns (rate Hz, ⟨w⟩ pA); None if no root is bracketed.
pub fn adapted(cell: &Cell, i: f64) -> Option<(f64, f64)> {
    if cell.a == 0.0 && cell.b == 0.0 {
        return Some((eif_rate_hz(cell, i), 0.0));
    }
    // The root is found by some 40 quadratures: 1e-8 keeps the rate to far better than the
    // estimate's own error (≈ 5 %) and an f–I overlay of a hundred points within a frame or two.
    let state = |w: f64| -> Option<(f64, f64)> {
        match eif_period_to(cell, i - w, 1e-8) {
            Some((t, v_mean)) => Some((1000.0 / t, v_mean)),
            None => {
                let v = lower_root(cell, cell.g_l, i - w)?;
                Some((0.0, v))
            }
        }
    };
    // G(w) = a (⟨V⟩ − E_L) + b τ_w f − w, positive for very negative w, negative for large w.
    let g = |w: f64| -> Option<f64> {
        let (f, v) = state(w)?;
        Some(cell.a * (v - cell.e_l) + cell.b * cell.tau_w * f * 1e-3 - w)
    };
    let (mut lo, mut hi) = (-1000.0, 1000.0);
    let mut k = 0;
    while g(lo)? <= 0.0 {
        lo *= 2.0;
        k += 1;
        if k > 40 {
            return None;
        }
    }
    while g(hi)? >= 0.0 {
        hi *= 2.0;
        k += 1;
        if k > 80 {
            return None;
        }
    }
    for _ in 0..100 {
        let mid = 0.5 * (lo + hi);
        if g(mid)? > 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
        if hi - lo < 1e-6 * (1.0 + mid.abs()) {
            break;
        }
    }
    let w = 0.5 * (lo + hi);
    Some((state(w)?.0, w))
}

struct Consts {
    cell: Cell,
    i_ext: f64,
    i_0: f64,
    t_on: f64,
    dt: f64,
    /// Steps between two samples, as the driver computes it (for the spike mark).
    sample_every: u64,
}

impl Consts {
    fn from(p: &Params) -> Self {
        let dt = p.get("dt");
        Consts {
            cell: Cell::from(p),
            i_ext: p.get("I_ext"),
            i_0: p.get("I_0"),
            t_on: p.get("t_on"),
            dt,
            sample_every: ((SAMPLE_MS / dt).round() as u64).max(1),
        }
    }
}

fn build(p: &Params, _seed: u64) -> Box<dyn Model> {
    let c = Consts::from(p);
    let (v, w) = c.cell.rest(c.i_0).unwrap_or((c.cell.e_l, 0.0));
    Box::new(Aeif {
        t: 0.0,
        v,
        w,
        p: c,
        steps_since_spike: u64::MAX,
    })
}

struct Aeif {
    t: f64,
    v: f64,
    w: f64,
    p: Consts,
    steps_since_spike: u64,
}

impl Aeif {
    fn current(&self, t: f64) -> f64 {
        // Tolerance so that a step on the time grid switches exactly there.
        if t >= self.p.t_on - 1e-9 {
            self.p.i_ext
        } else {
            self.p.i_0
        }
    }
}

impl Model for Aeif {
    fn time_ms(&self) -> f64 {
        self.t
    }

    fn step(&mut self, spikes: &mut Vec<Spike>) {
        let c = &self.p;
        let cell = c.cell;
        let i = self.current(self.t);
        let f = |_: f64, y: &[f64; 2]| cell.rhs(y[0], y[1], i);
        let dv_max = 0.25 * cell.delta_t;
        let mut y = [self.v, self.w];
        let (mut s, t1) = (self.t, self.t + c.dt);
        let (mut fired, mut substeps) = (0, 0);
        self.steps_since_spike = self.steps_since_spike.saturating_add(1);
        while s < t1 && substeps < MAX_SUBSTEPS {
            substeps += 1;
            let left = t1 - s;
            let slope = cell.rhs(y[0], y[1], i)[0].abs();
            let h = if slope * left > dv_max {
                dv_max / slope
            } else {
                left
            };
            let old = y;
            integrate::rk4(0.0, &mut y, h, f);
            if y[0] >= cell.v_peak || y[0].is_nan() {
                // Crossing at the fraction q of the substep (linear interpolation).
                let q = if y[0].is_finite() && y[0] > old[0] {
                    ((cell.v_peak - old[0]) / (y[0] - old[0])).clamp(0.0, 1.0)
                } else {
                    1.0
                };
                let w_cross = old[1] + q * (y[1] - old[1]);
                s += q * h;
                spikes.push(Spike { t_ms: s, neuron: 0 });
                y = [cell.v_r, w_cross + cell.b];
                self.steps_since_spike = 0;
                fired += 1;
                if fired >= MAX_SPIKES_PER_STEP {
                    break;
                }
            } else {
                s = if h == left { t1 } else { s + h };
            }
        }
        self.v = y[0];
        self.w = y[1];
        self.t = t1;
    }

    fn sample(&self, out: &mut [f64]) {
        // A spike is drawn at the cut at the first sample after it, so that every spike shows.
        out[0] = if self.steps_since_spike < self.p.sample_every {
            self.p.cell.v_peak
        } else {
            self.v
        };
        out[1] = self.w;
        out[2] = self.current(self.t);
    }

    fn set_params(&mut self, p: &Params) {
        self.p = Consts::from(p);
    }

    fn measure(&self, name: &str, rec: &Recording) -> Option<f64> {
        let times: Vec<f64> = measure::spike_times(&rec.spikes, 0).collect();
        let n = times.len();
        match name {
            "rate_hz" => measure::rate_hz(rec, 1, self.t),
            "spike_count" => Some(n as f64),
            "first_isi_ms" => (n >= 2).then(|| times[1] - times[0]),
            "last_isi_ms" => (n >= 2).then(|| times[n - 1] - times[n - 2]),
            "adaptation_index" => {
                (n >= 3).then(|| (times[n - 1] - times[n - 2]) / (times[1] - times[0]))
            }
            "w_mean_pa" => {
                let w = rec.trace(1);
                (!w.is_empty()).then(|| w.iter().sum::<f64>() / w.len() as f64)
            }
            "rheobase_pa" => self.p.cell.rheobase(),
            "rate_theory_hz" => adapted(&self.p.cell, self.current(self.t)).map(|r| r.0),
            _ => None,
        }
    }

    fn vector_field(&self, x: f64, y: f64) -> Option<(f64, f64)> {
        let d = self.p.cell.rhs(x, y, self.current(self.t));
        Some((d[0], d[1]))
    }

    fn overlay(&self, name: &str, x: f64) -> Option<f64> {
        match name {
            "eif" => Some(eif_rate_hz(&self.p.cell, x)),
            "adapted" => adapted(&self.p.cell, x).map(|r| r.0),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run::Simulation;
    use crate::testkit::{self, rel};

    fn params(preset: &str, set: &[(&str, f64)]) -> Params {
        testkit::params(&ENTRY, Some(preset), set)
    }

    fn run(preset: &str, set: &[(&str, f64)], ms: f64) -> Simulation {
        testkit::run(&ENTRY, params(preset, set), 0, ms)
    }

    fn times(sim: &Simulation) -> Vec<f64> {
        sim.rec.spikes.iter().map(|s| s.t_ms).collect()
    }

    fn isis(sim: &Simulation) -> Vec<f64> {
        times(sim).windows(2).map(|w| w[1] - w[0]).collect()
    }

    fn cell(preset: &str, set: &[(&str, f64)]) -> Cell {
        Cell::from(&params(preset, set))
    }

    #[test]
    fn eif_fires_just_above_its_rheobase_and_not_just_below() {
        // Fourcaud-Trocmé et al. 2003; Neuronal Dynamics §5.2: with w = 0 the V-nullcline
        // F(V) = −g_L (V − E_L) + g_L Δ_T e^{(V−V_T)/Δ_T} + I has its minimum at V = V_T, where
        // F = I − g_L (V_T − E_L − Δ_T): I_rh = 30 nS × (−50.4 + 70.6 − 2) mV = 546 pA.
        let i_rh = 30.0 * (-50.4 + 70.6 - 2.0);
        let c = cell("eif", &[]);
        assert!((c.rheobase().unwrap() - i_rh).abs() < 1e-9);
        // 1 pA above: no fixed point, a bottleneck passage of π C √(2Δ_T/(g_L ε)) ≈ 322 ms per
        // interval (the ghost of the saddle-node), so repetitive firing within 3 s. 1 pA below:
        // the 1-D system settles monotonically at its rest and never fires.
        let sim = run("eif", &[("I_ext", i_rh + 1.0)], 3000.0);
        let isi = isis(&sim);
        assert!(isi.len() >= 4, "{isi:?}");
        let bottleneck = std::f64::consts::PI * 281.0 * (2.0 * 2.0 / (30.0 * 1.0f64)).sqrt();
        let last = isi[isi.len() - 1];
        assert!(
            last > bottleneck && last < 1.3 * bottleneck,
            "ISI {last} ms vs bottleneck {bottleneck} ms"
        );
        let sim = run("eif", &[("I_ext", i_rh - 1.0)], 3000.0);
        assert!(sim.rec.spikes.is_empty());
        // There V sits at the lower root of F, below V_T.
        let v = *sim.rec.trace(0).last().unwrap();
        assert!(
            v < -50.4 && rel(v, lower_root(&c, 30.0, i_rh - 1.0).unwrap()) < 1e-6,
            "{v}"
        );
    }

    #[test]
    fn adex_loses_rest_at_the_saddle_node_or_hopf_current_of_its_nullclines() {
        // Fixed points: I = J(V) = (g_L + a)(V − E_L) − g_L Δ_T e^{(V−V_T)/Δ_T}, maximal at
        // e^{(V−V_T)/Δ_T} = 1 + a/g_L (module comment; Touboul 2008; Naud et al. 2008 §2).
        // Naud's tonic cell: a τ_w = 60 pF·... < C = 200 pF, so a/g_L = 0.2 < τ_m/τ_w = 0.667: a
        // saddle-node at I_SN = (g_L + a)(V_T − E_L − Δ_T + Δ_T ln(1 + a/g_L))
        // = 12 × (20 − 2 + 2 ln 1.2) = 220.376 pA.
        let c = cell("tonic", &[]);
        let i_sn = 12.0 * (20.0 - 2.0 + 2.0 * 1.2f64.ln());
        assert!(c.saddle_node() && (c.rheobase().unwrap() - i_sn).abs() < 1e-9);
        // Above (starting at rest of a current 2 pA below): repetitive firing, spikes in the last
        // second of three. Below (stepped from rest at 0): after any onset transient, rest.
        for (i, fires) in [(i_sn + 2.0, true), (i_sn - 2.0, false)] {
            let mut sim = run(
                "tonic",
                &[("I_0", i_sn - 2.0), ("I_ext", i), ("b", 40.0)],
                2000.0,
            );
            sim.rec.clear(sim.time_ms());
            sim.run_for(1000.0).unwrap();
            assert_eq!(!sim.rec.spikes.is_empty(), fires, "I = {i} pA");
            let mut sim = run("tonic", &[("I_ext", i)], 2000.0);
            sim.rec.clear(sim.time_ms());
            sim.run_for(1000.0).unwrap();
            assert_eq!(!sim.rec.spikes.is_empty(), fires, "step to I = {i} pA");
        }
        // The transient cell: a/g_L = 1 > τ_m/τ_w = 10/90, so the trace vanishes first, at
        // e^{(V−V_T)/Δ_T} = 1 + τ_m/τ_w: V_H = −50 + 2 ln(10/9) mV and I_H = J(V_H)
        // = 20 (V_H + 65) − 10 × 2 × 10/9 = 281.99 pA, below the saddle-node's 20 × (15 − 2 + 2 ln 2).
        let c = cell("transient", &[]);
        let v_h = -50.0 + 2.0 * (10.0f64 / 9.0).ln();
        let i_h = 20.0 * (v_h + 65.0) - 20.0 * 10.0 / 9.0;
        assert!(!c.saddle_node() && (c.rheobase().unwrap() - i_h).abs() < 1e-9);
        assert!(i_h < 20.0 * (13.0 + 2.0 * 2f64.ln()));
        // The trace of the Jacobian, by finite differences of the vector field at rest, changes
        // sign there: rest exists on both sides but is stable only below.
        let trace_at = |i: f64| {
            let (v, w) = lower_root(&c, 20.0, i)
                .map(|v| (v, 10.0 * (v + 65.0)))
                .unwrap();
            let h = 1e-5;
            let dv = (c.rhs(v + h, w, i)[0] - c.rhs(v - h, w, i)[0]) / (2.0 * h);
            let dw = (c.rhs(v, w + h, i)[1] - c.rhs(v, w - h, i)[1]) / (2.0 * h);
            dv + dw
        };
        assert!(trace_at(i_h - 0.5) < 0.0 && trace_at(i_h + 0.5) > 0.0);
        assert!(c.rest(i_h - 0.5).is_some() && c.rest(i_h + 0.5).is_none());
        // And the simulated cell (stepped from rest at 0): transient below, tonic above.
        for (i, fires) in [(i_h - 7.0, false), (i_h + 3.0, true)] {
            let mut sim = run("transient", &[("I_ext", i)], 1000.0);
            sim.rec.clear(sim.time_ms());
            sim.run_for(1000.0).unwrap();
            assert_eq!(!sim.rec.spikes.is_empty(), fires, "I = {i} pA");
        }
    }

    #[test]
    fn eif_intervals_match_the_quadrature_of_c_dv_over_f() {
        // dt = C dV / F(V): the EIF's interval from V_r to V_peak (Fourcaud-Trocmé et al. 2003).
        // Simulated steady ISIs (after 200 ms) against `eif_period`: within 1e-5 relative, from
        // near rheobase (560 pA, ISI ≈ 90 ms) to 3 nA.
        for i in [560.0, 700.0, 1000.0, 3000.0] {
            let mut sim = run("eif", &[("I_ext", i)], 300.0);
            sim.rec.clear(sim.time_ms());
            sim.run_for(500.0).unwrap();
            let isi = isis(&sim);
            let want = eif_period(&cell("eif", &[]), i).unwrap().0;
            let got = *isi.last().unwrap();
            assert!(
                rel(got, want) < 1e-5,
                "I = {i}: {got} ms vs quadrature {want} ms"
            );
        }
        // The quadrature itself, against the LIF limit: with Δ_T = 0.1 mV the upstroke is nearly a
        // sharp threshold at V_T, and T tends to τ_m ln((μ − V_r)/(μ − V_T)), μ = E_L + I/g_L
        // (Dayan & Abbott eq. 5.11). The EIF is slower: the LIF fires on reaching V_T, while the EIF
        // still has to climb the few Δ_T above V_T where the exponential only starts to win, an
        // extra time that vanishes with Δ_T (trapezoid sums with 2·10⁵ and 4·10⁵ points below and
        // above V_T give relative gaps −7.0 % at Δ_T = 0.2 mV, −4.0 % at 0.1 mV).
        let lif = |c: &Cell, i: f64| {
            let mu = c.e_l + i / c.g_l;
            c.c / c.g_l * ((mu - c.v_r) / (mu - c.v_t)).ln()
        };
        let gap = |d: f64| {
            let c = cell("eif", &[("Delta_T", d)]);
            eif_period(&c, 1000.0).unwrap().0 / lif(&c, 1000.0) - 1.0
        };
        let (g1, g2) = (gap(0.2), gap(0.1));
        assert!(
            (g1 - 0.0700).abs() < 1e-3 && (g2 - 0.0404).abs() < 1e-3,
            "gaps {g1}, {g2}"
        );
    }

    #[test]
    fn spike_times_do_not_depend_on_dt() {
        // Substeps that limit the change of V to Δ_T/4 follow the stiff upstroke whatever dt
        // (module comment): over 1 s of adex_default (30 spikes) and regular_bursting, spike
        // times at dt = 0.1 and 0.05 ms agree with dt = 0.005 ms within 0.01 ms.
        for preset in ["adex_default", "regular_bursting", "initial_burst"] {
            let reference = times(&run(preset, &[("dt", 0.005)], 1000.0));
            for dt in [0.1, 0.05] {
                let t = times(&run(preset, &[("dt", dt)], 1000.0));
                assert_eq!(t.len(), reference.len(), "{preset}, dt = {dt}");
                let err = t
                    .iter()
                    .zip(&reference)
                    .map(|(a, b)| (a - b).abs())
                    .fold(0.0, f64::max);
                assert!(
                    err < 0.01,
                    "{preset}, dt = {dt}: spike times off by {err} ms"
                );
            }
        }
    }

    #[test]
    fn mean_adaptation_current_obeys_the_averaged_w_equation() {
        // Averaging τ_w dw/dt = a (V − E_L) − w + τ_w b Σ δ(t − t_k) over a long steady run:
        // ⟨w⟩ = a (⟨V⟩ − E_L) + b τ_w f, exactly. adex_default over 2 s after 1.5 s (10 τ_w).
        // With a = 0 only the spikes count: ⟨w⟩ = b τ_w f. Tolerance 1 %: the averages come from
        // 0.1 ms samples over a whole number of intervals ± one.
        for a in [0.0, 4.0] {
            let mut sim = run("adex_default", &[("a", a)], 1500.0);
            sim.rec.clear(sim.time_ms());
            sim.run_for(2000.0).unwrap();
            let f = sim.measure("rate_hz").unwrap();
            let w = sim.measure("w_mean_pa").unwrap();
            // ⟨V⟩ from the samples, leaving out the marks drawn at V_peak (V is then just reset).
            let v: Vec<f64> = sim
                .rec
                .trace(0)
                .iter()
                .copied()
                .filter(|&v| v < 20.0)
                .collect();
            let v_mean = v.iter().sum::<f64>() / v.len() as f64;
            let want = a * (v_mean + 70.6) + 80.5 * 144.0 * f * 1e-3;
            assert!(
                rel(w, want) < 0.01,
                "a = {a}: ⟨w⟩ = {w} pA, predicted {want} pA"
            );
        }
    }

    #[test]
    fn slow_adaptation_mean_field_predicts_the_adapted_rate() {
        // Ermentrout 1998; Benda & Herz 2003: if w changes little within an interval, the
        // adapted neuron fires like an EIF driven by I − ⟨w⟩, ⟨w⟩ self-consistent. An
        // approximation whose error shrinks as τ_w grows against the ISI: within 5 % for
        // adex_default (τ_w = 144 ms, ISI 36 ms), within 1.5 % with τ_w = 1000 ms and b scaled so
        // that b τ_w (the mean adaptation per Hz) is unchanged.
        for (tau_w, b, tol) in [(144.0, 80.5, 0.05), (1000.0, 80.5 * 0.144, 0.015)] {
            let mut sim = run("adex_default", &[("tau_w", tau_w), ("b", b)], 6.0 * tau_w);
            sim.rec.clear(sim.time_ms());
            sim.run_for(1000.0).unwrap();
            let got = measure::rate_from_isi_hz(&sim.rec.spikes, 0).unwrap();
            let theory = sim.measure("rate_theory_hz").unwrap();
            assert!(
                rel(theory, got) < tol,
                "τ_w = {tau_w}: {got} Hz vs {theory} Hz"
            );
        }
        // Exact for the EIF (a = b = 0): the quadrature rate.
        let sim = run("eif", &[], 100.0);
        let c = cell("eif", &[]);
        assert_eq!(
            sim.measure("rate_theory_hz"),
            Some(1000.0 / eif_period(&c, 700.0).unwrap().0)
        );
        assert_eq!(
            sim.model().overlay("eif", 700.0),
            sim.measure("rate_theory_hz")
        );
        assert_eq!(sim.model().overlay("eif", 500.0), Some(0.0));
    }

    #[test]
    fn presets_fire_the_patterns_of_naud_2008_by_their_isi_sequences() {
        // Naud et al. 2008 §3 and Fig. 4 define the patterns by the ISIs after a current step:
        // tonic = equal from the start; adapting = lengthening gradually to a steady value;
        // initial burst = a few short ISIs then long regular ones; regular bursting = short and long
        // ISIs alternating for good; delayed accelerating = a latency, then shortening ISIs;
        // transient = a few spikes, then none. 1 s runs, the step at 20 ms.
        let ms = 1000.0;
        // Tonic: every ISI within 10 % of the last (measured 8.9 → 9.6 ms), ~100 Hz.
        let isi = isis(&run("tonic", &[], ms));
        let last = isi[isi.len() - 1];
        assert!(
            isi.iter().all(|&d| (d / last - 1.0).abs() < 0.1),
            "tonic {isi:?}"
        );
        // Adapting: non-decreasing ISIs, the steady one more than 3 times the first (11 → 76 ms).
        let isi = isis(&run("adapting", &[], ms));
        assert!(
            isi.windows(2).all(|w| w[1] >= w[0] - 1e-6),
            "adapting {isi:?}"
        );
        assert!(isi[isi.len() - 1] > 3.0 * isi[0]);
        // Initial burst: the first two ISIs under a fifth of the steady one, the rest within
        // 20 % of it (measured 3.4, 7.3, then 55–64 ms).
        let isi = isis(&run("initial_burst", &[], ms));
        let last = isi[isi.len() - 1];
        assert!(
            isi[0] < last / 5.0 && isi[1] < last / 5.0,
            "initial burst {isi:?}"
        );
        assert!(
            isi[2..].iter().all(|&d| (d / last - 1.0).abs() < 0.2),
            "{isi:?}"
        );
        // Regular bursting: from the third ISI on, ISIs under 10 ms and over 100 ms alternate,
        // with at least four pauses (measured doublets 5.4 ms apart, pauses 133 ms).
        let isi = isis(&run("regular_bursting", &[], ms));
        let kinds: Vec<bool> = isi[2..].iter().map(|&d| d > 100.0).collect();
        assert!(isi[2..].iter().all(|&d| d < 10.0 || d > 100.0), "{isi:?}");
        assert!(
            kinds.windows(2).all(|w| w[0] != w[1]),
            "alternating {isi:?}"
        );
        assert!(kinds.iter().filter(|&&k| k).count() >= 4);
        // Delayed accelerating: the latency after the step exceeds the first ISI, and the ISIs
        // shorten monotonically (20.6 → 9.6 ms).
        let sim = run("delayed_accelerating", &[], ms);
        let (t, isi) = (times(&sim), isis(&sim));
        assert!(t[0] - 20.0 > isi[0], "latency {} ms", t[0] - 20.0);
        assert!(isi.windows(2).all(|w| w[1] <= w[0] + 1e-6));
        assert!(sim.measure("adaptation_index").unwrap() < 0.6);
        // Transient: at least two spikes, all within 50 ms of the step, then nothing.
        let t = times(&run("transient", &[], ms));
        assert!(
            t.len() >= 2 && t.iter().all(|&s| s < 70.0),
            "transient {t:?}"
        );
    }

    #[test]
    fn measures_read_the_spike_train_and_the_field_vanishes_at_rest() {
        let sim = run("adex_default", &[], 1000.0);
        let t = times(&sim);
        let n = t.len();
        assert_eq!(sim.measure("spike_count"), Some(n as f64));
        assert_eq!(sim.measure("first_isi_ms"), Some(t[1] - t[0]));
        assert_eq!(sim.measure("last_isi_ms"), Some(t[n - 1] - t[n - 2]));
        let ai = sim.measure("adaptation_index").unwrap();
        assert!((ai - (t[n - 1] - t[n - 2]) / (t[1] - t[0])).abs() < 1e-12 && ai > 2.0);
        // One sample at V_peak per spike (the spike mark).
        let marks = sim.rec.trace(0).iter().filter(|&&v| v == 20.0).count();
        assert_eq!(marks, n);
        // Before the step the cell rests where both nullclines cross: the field vanishes.
        let sim = run("regular_bursting", &[], 10.0);
        let c = cell("regular_bursting", &[]);
        let (v, w) = c.rest(0.0).unwrap();
        let (fv, fw) = sim.model().vector_field(v, w).unwrap();
        assert!(fv.abs() < 1e-9 && fw.abs() < 1e-9);
        assert!(rel(*sim.rec.trace(0).last().unwrap(), v) < 1e-9);
    }
}
