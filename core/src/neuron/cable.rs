//! Passive cable: a dendrite as a chain of compartments, charged by a current at one end.
//!
//! The cable equation (Rall 1959; Dayan & Abbott eq. 6.12; Koch 1999 eq. 2.7), with V − E_L = u:
//!   c_m ∂u/∂t = (a/(2 r_L)) ∂²u/∂x² − u/r_m + i_e,
//! for a cylinder of radius a, specific membrane resistance r_m (here `R_m`), capacitance c_m
//! (`C_m`) and intracellular resistivity r_L (`R_i`). Its two scales are the length constant and
//! the membrane time constant
//!   λ = √(a r_m / (2 r_L)),   τ_m = r_m c_m.
//! The current I_ext enters at x = 0 (from t_on on); both ends are sealed (no axial current).
//! In the steady state u'' = u/λ² with −(π a²/r_L) u′(0) = I and u′(L) = 0, whence
//! (Dayan & Abbott eqs. 6.18–6.21; Koch 1999 §2.3; Johnston & Wu 1995 §4.5)
//!   u(x) = I R_∞ cosh((L − x)/λ) / sinh(L/λ),    R_∞ = r_L λ / (π a²),
//! so u(x)/u(0) = cosh((L − x)/λ)/cosh(L/λ), the input resistance is R_∞ coth(L/λ), and the far
//! end is attenuated by 1/cosh(L/λ). A long cable (L ≫ λ) decays as e^{−x/λ} from u(0) = I R_∞
//! (R_∞ is the input resistance of a semi-infinite cable); a short one (L ≪ λ) is nearly
//! isopotential.
//!
//! Discretisation (Dayan & Abbott §6.3; Mascagni & Sherman 1998 in Koch & Segev, *Methods in
//! Neuronal Modeling*, ch. 13): `n_comp` nodes at x_j = j Δx, Δx = L/(n_comp − 1); each node is a
//! compartment of length Δx, the two end nodes of length Δx/2 (which makes the sealed ends exact
//! to second order). Compartment j has capacitance C_j = c_m π d ℓ_j and leak g_j = π d ℓ_j / r_m,
//! neighbours are coupled by g_a = π a² / (r_L Δx). The linear system C du/dt = −G u + b is
//! stepped by the θ-method, (C/dt + θ G) u⁺ = (C/dt − (1 − θ) G) u + b: backward Euler (θ = 1,
//! L-stable: any dt, first order) or Crank–Nicolson (θ = ½, second order, but its stiffest modes
//! ring with alternating sign at large dt). The tridiagonal matrix is factorised once per
//! parameter change (Thomas algorithm), so a step costs O(n_comp) and allocates nothing. b is the
//! current averaged over the step, so an onset between grid points is handled consistently.
//!
//! The discrete steady state is exactly u_j ∝ cosh(κ(n_comp − 1 − j)) with cosh κ = 1 + Δx²/(2λ²):
//! the fitted length constant Δx/κ exceeds λ by Δx²/(24 λ²) relative, an O(Δx²) error.

use crate::math::{exp, log, sqrt, PI};
use crate::model::*;
use crate::params::Params;
use crate::record::Recording;

pub static SPEC: ModelSpec = ModelSpec {
    id: "cable",
    title: "Passive cable (dendrite)",
    lecture: 3,
    summary: "Current injected at one end of a passive dendrite spreads and decays over the length constant λ, and charges it with the time constant τ_m.",
    params: &[
        ParamSpec::real("L", "L", "µm", 10.0, 10000.0, 2000.0, 1.0).log().help("length of the cable"),
        ParamSpec::real("diam", "d", "µm", 0.1, 20.0, 4.0, 0.01).log().help("diameter (2a): λ grows as √d"),
        ParamSpec::real("R_m", r"R_m", "kΩ·cm²", 1.0, 100.0, 10.0, 0.1)
            .log()
            .help("specific membrane resistance (r_m): λ ∝ √R_m, τ_m = R_m C_m"),
        ParamSpec::real("R_i", r"R_i", "Ω·cm", 30.0, 1000.0, 100.0, 1.0)
            .log()
            .help("intracellular (axial) resistivity (r_L): λ ∝ 1/√R_i"),
        ParamSpec::real("C_m", r"C_m", "µF/cm²", 0.5, 3.0, 1.0, 0.05).help("specific membrane capacitance"),
        ParamSpec::real("I_ext", r"I_{\mathrm{ext}}", "nA", -1.0, 1.0, 0.1, 0.001).help("current injected at x = 0"),
        ParamSpec::real("t_on", r"t_{\mathrm{on}}", "ms", 0.0, 100.0, 10.0, 1.0).help("the current is switched on at t_on"),
        ParamSpec::real("E_L", r"E_L", "mV", -90.0, -40.0, -70.0, 0.5).help("leak reversal (resting) potential"),
        ParamSpec::int("n_comp", r"N", 2.0, 1000.0, 101.0)
            .help("number of compartments (nodes from x = 0 to x = L; the end ones are half-length)")
            .restart(),
        ParamSpec::dt(0.001, 10.0, 0.1),
        ParamSpec::choice("method", "method", &["backward_euler", "crank_nicolson"], 0)
            .help("backward Euler is stable and smooth at any dt; Crank–Nicolson is more accurate but rings at large dt"),
    ],
    presets: &[
        PresetSpec {
            name: "long_dendrite",
            description: "L = 5 λ: the potential decays as exp(−x/λ), to 37 % at x = λ = 1 mm, and the far end barely moves (1.3 %).",
            values: &[("L", 5000.0)],
        },
        PresetSpec {
            name: "short_cable",
            description: "L = 0.2 λ: the whole cable is nearly isopotential (the far end gets 98 %) and charges like one RC compartment.",
            values: &[("L", 200.0), ("I_ext", 0.02)],
        },
        PresetSpec {
            name: "thin_dendrite",
            description: "d = 0.5 µm: λ shrinks to 354 µm (λ ∝ √d) and the input resistance soars, so 10 pA already depolarise x = 0 by 18 mV.",
            values: &[("diam", 0.5), ("I_ext", 0.01)],
        },
        PresetSpec {
            name: "thick_dendrite",
            description: "d = 10 µm: λ = 1.6 mm, so half of the potential at x = 0 still reaches the far end 2 mm away.",
            values: &[("diam", 10.0), ("I_ext", 0.5)],
        },
    ],
    traces: &[
        TraceSpec::new("V_0", "V at x = 0", "mV", 1e4),
        TraceSpec::new("V_mid", "V at x = L/2", "mV", 1e4),
        TraceSpec::new("V_end", "V at x = L", "mV", 1e4),
    ],
    measures: &[
        MeasureSpec::new("lambda_um", "length constant √(a R_m / 2R_i)", "µm"),
        MeasureSpec::new("lambda_fit_um", "length constant fitted to the profile, L / acosh(u(0)/u(L))", "µm"),
        MeasureSpec::new("attenuation", "(V(L) − E_L)/(V(0) − E_L)", ""),
        MeasureSpec::new("attenuation_theory", "1/cosh(L/λ)", ""),
        MeasureSpec::new("tau_m_ms", "membrane time constant R_m C_m", "ms"),
        MeasureSpec::new("r_in_mohm", "input resistance (V(0) − E_L)/I", "MΩ"),
        MeasureSpec::new("r_in_theory_mohm", "R_∞ coth(L/λ), R_∞ = R_i λ/(π a²)", "MΩ"),
    ],
    plots: &[
        PlotSpec {
            id: "profile",
            title: "Potential along the cable",
            kind: PlotKind::Profile { errors: &[], x: Range::Auto, curves: &["V_x"], x_label: "x (µm)", y_label: "V (mV)", y: Range::Auto },
        },
        PlotSpec {
            id: "space_time",
            title: "Potential over space and time",
            kind: PlotKind::HeatMap { image: "V_xt", x_label: "t (ms)", y_label: "x (µm)", value_label: "V (mV)" },
        },
        PlotSpec {
            id: "voltage",
            title: "Potential at three points",
            kind: PlotKind::TimeSeries { traces: &["V_0", "V_mid", "V_end"], y_label: "V (mV)", y: Range::Auto },
        },
    ],
    window_ms: 200.0,
    sample_ms: 0.2,
    default_duration_ms: 200.0,
    stochastic: false,
    clock: Clock::Time,
    offload: false,
};

pub static ENTRY: ModelEntry = ModelEntry { spec: &SPEC, build };

/// Columns of the space–time image: one profile every window_ms / RING_COLS.
const RING_COLS: usize = 200;

fn build(p: &Params, _seed: u64) -> Box<dyn Model> {
    let n = p.get("n_comp") as usize;
    let mut m = Cable {
        t: 0.0,
        u: vec![0.0; n],
        diag: vec![0.0; n],
        g_leak: vec![0.0; n],
        cap: vec![0.0; n],
        g_ax: 0.0,
        c_prime: vec![0.0; n],
        inv_denom: vec![0.0; n],
        work: vec![0.0; n],
        ring: vec![0.0; RING_COLS * n],
        ring_t: vec![0.0; RING_COLS],
        ring_next: 0,
        ring_len: 0,
        next_snap: 0.0,
        p: Consts::from(p),
    };
    m.factorise();
    m.snapshot();
    Box::new(m)
}

struct Consts {
    /// Length and diameter, cm.
    l_cm: f64,
    d_cm: f64,
    /// kΩ·cm², Ω·cm, µF/cm².
    r_m: f64,
    r_i: f64,
    c_m: f64,
    i_ext: f64,
    t_on: f64,
    e_l: f64,
    n: usize,
    dt: f64,
    /// θ of the θ-method: 1 backward Euler, ½ Crank–Nicolson.
    theta: f64,
}

impl Consts {
    fn from(p: &Params) -> Self {
        Consts {
            l_cm: p.get("L") * 1e-4,
            d_cm: p.get("diam") * 1e-4,
            r_m: p.get("R_m"),
            r_i: p.get("R_i"),
            c_m: p.get("C_m"),
            i_ext: p.get("I_ext"),
            t_on: p.get("t_on"),
            e_l: p.get("E_L"),
            n: p.get("n_comp") as usize,
            dt: p.get("dt"),
            theta: if p.choice("method") == 0 { 1.0 } else { 0.5 },
        }
    }

    fn dx_cm(&self) -> f64 {
        self.l_cm / (self.n - 1) as f64
    }

    /// λ = √(a r_m / (2 r_L)) in cm (r_m converted to Ω·cm²).
    fn lambda_cm(&self) -> f64 {
        sqrt(0.5 * self.d_cm * self.r_m * 1e3 / (2.0 * self.r_i))
    }

    fn tau_m_ms(&self) -> f64 {
        // kΩ·cm² × µF/cm² = ms.
        self.r_m * self.c_m
    }

    /// R_∞ = r_L λ / (π a²), the input resistance of a semi-infinite cable, MΩ.
    fn r_inf_mohm(&self) -> f64 {
        let a = 0.5 * self.d_cm;
        self.r_i * self.lambda_cm() / (PI * a * a) * 1e-6
    }

    /// Input resistance of the finite sealed cable, R_∞ coth(L/λ), MΩ.
    fn r_in_mohm(&self) -> f64 {
        let e = exp(-2.0 * self.l_cm / self.lambda_cm());
        self.r_inf_mohm() * (1.0 + e) / (1.0 - e)
    }

    /// Current (nA) averaged over [t0, t0 + dt]: a step at t_on.
    fn mean_current(&self, t0: f64) -> f64 {
        let on = ((t0 + self.dt - self.t_on) / self.dt).clamp(0.0, 1.0);
        // Grid-aligned onsets are exact despite rounding in t.
        let on = if on > 1.0 - 1e-9 {
            1.0
        } else if on < 1e-9 {
            0.0
        } else {
            on
        };
        self.i_ext * on
    }
}

struct Cable {
    t: f64,
    /// u = V − E_L at each node, mV.
    u: Vec<f64>,
    /// Diagonal of G (leak + axial), mS; the off-diagonal is −g_ax.
    diag: Vec<f64>,
    g_leak: Vec<f64>,
    /// Node capacitance, µF.
    cap: Vec<f64>,
    g_ax: f64,
    /// Thomas factorisation of (C/dt + θG): upper coefficients and inverse pivots.
    c_prime: Vec<f64>,
    inv_denom: Vec<f64>,
    work: Vec<f64>,
    /// Recent profiles (u), RING_COLS columns of n values, and their times.
    ring: Vec<f64>,
    ring_t: Vec<f64>,
    ring_next: usize,
    ring_len: usize,
    next_snap: f64,
    p: Consts,
}

impl Cable {
    /// Recomputes the compartments' conductances and the factorisation (no allocation).
    fn factorise(&mut self) {
        let c = &self.p;
        let n = c.n;
        let dx = c.dx_cm();
        let a = 0.5 * c.d_cm;
        // mS: cm² / (kΩ·cm²); and 1e3 × cm² / (Ω·cm · cm).
        self.g_ax = PI * a * a / (c.r_i * dx) * 1e3;
        for j in 0..n {
            let len = if j == 0 || j == n - 1 { 0.5 * dx } else { dx };
            let area = PI * c.d_cm * len;
            self.g_leak[j] = area / c.r_m;
            self.cap[j] = c.c_m * area;
            let neighbours = if j == 0 || j == n - 1 { 1.0 } else { 2.0 };
            self.diag[j] = self.g_leak[j] + neighbours * self.g_ax;
        }
        let off = -c.theta * self.g_ax;
        let mut prev_c = 0.0;
        for j in 0..n {
            let a_j = self.cap[j] / c.dt + c.theta * self.diag[j];
            let denom = if j == 0 { a_j } else { a_j - off * prev_c };
            self.inv_denom[j] = 1.0 / denom;
            prev_c = off / denom;
            self.c_prime[j] = prev_c;
        }
    }

    /// Stores the current profile in the ring, once per window_ms / RING_COLS.
    fn snapshot(&mut self) {
        let n = self.p.n;
        let every = SPEC.window_ms / RING_COLS as f64;
        while self.next_snap <= self.t + 1e-9 {
            let k = self.ring_next;
            self.ring[k * n..(k + 1) * n].copy_from_slice(&self.u);
            self.ring_t[k] = self.next_snap;
            self.ring_next = (k + 1) % RING_COLS;
            self.ring_len = (self.ring_len + 1).min(RING_COLS);
            self.next_snap += every;
        }
    }

    /// u at position x (cm), linear between nodes.
    fn u_at(&self, x: f64) -> f64 {
        let n = self.p.n;
        let f = (x / self.p.dx_cm()).clamp(0.0, (n - 1) as f64);
        let j = (f.floor() as usize).min(n - 2);
        let s = f - j as f64;
        self.u[j] * (1.0 - s) + self.u[j + 1] * s
    }

    fn u0_if_defined(&self) -> Option<f64> {
        let u0 = self.u[0];
        (u0.abs() > 1e-12).then_some(u0)
    }
}

impl Model for Cable {
    fn time_ms(&self) -> f64 {
        self.t
    }

    fn step(&mut self, _spikes: &mut Vec<Spike>) {
        let c = &self.p;
        let n = c.n;
        let (theta, dt, g) = (c.theta, c.dt, self.g_ax);
        // Right-hand side (C/dt − (1 − θ)G) u + b, b = the step's mean current in µA at node 0.
        for j in 0..n {
            let mut gu = self.diag[j] * self.u[j];
            if j > 0 {
                gu -= g * self.u[j - 1];
            }
            if j + 1 < n {
                gu -= g * self.u[j + 1];
            }
            self.work[j] = self.cap[j] / dt * self.u[j] - (1.0 - theta) * gu;
        }
        self.work[0] += c.mean_current(self.t) * 1e-3;
        // Thomas: forward elimination, then back substitution.
        let off = -theta * g;
        self.work[0] *= self.inv_denom[0];
        for j in 1..n {
            self.work[j] = (self.work[j] - off * self.work[j - 1]) * self.inv_denom[j];
        }
        self.u[n - 1] = self.work[n - 1];
        for j in (0..n - 1).rev() {
            self.u[j] = self.work[j] - self.c_prime[j] * self.u[j + 1];
        }
        self.t += dt;
        self.snapshot();
    }

    fn sample(&self, out: &mut [f64]) {
        let c = &self.p;
        out[0] = c.e_l + self.u[0];
        out[1] = c.e_l + self.u_at(0.5 * c.l_cm);
        out[2] = c.e_l + self.u[c.n - 1];
    }

    fn set_params(&mut self, p: &Params) {
        self.p = Consts::from(p);
        self.factorise();
    }

    fn measure(&self, name: &str, _rec: &Recording) -> Option<f64> {
        let c = &self.p;
        let u_end = self.u[c.n - 1];
        match name {
            "lambda_um" => Some(c.lambda_cm() * 1e4),
            "lambda_fit_um" => {
                // Sealed end: u(0)/u(L) = cosh(L/λ). Defined once the profile has that shape.
                let ratio = self.u0_if_defined()? / u_end;
                (ratio.is_finite() && ratio > 1.0)
                    .then(|| c.l_cm * 1e4 / log(ratio + sqrt(ratio * ratio - 1.0)))
            }
            "attenuation" => Some(u_end / self.u0_if_defined()?),
            "attenuation_theory" => {
                let e = exp(-c.l_cm / c.lambda_cm());
                Some(2.0 * e / (1.0 + e * e))
            }
            "tau_m_ms" => Some(c.tau_m_ms()),
            "r_in_mohm" => {
                // mV / nA = MΩ, while the current is on.
                let on = self.t >= c.t_on - 1e-9 && c.i_ext != 0.0;
                on.then(|| self.u[0] / c.i_ext)
            }
            "r_in_theory_mohm" => Some(c.r_in_mohm()),
            _ => None,
        }
    }

    fn profile(&self, name: &str, out: &mut Vec<(f64, f64)>) {
        out.clear();
        if name != "V_x" {
            return;
        }
        let c = &self.p;
        let dx_um = c.dx_cm() * 1e4;
        out.extend(
            self.u
                .iter()
                .enumerate()
                .map(|(j, u)| (j as f64 * dx_um, c.e_l + u)),
        );
    }

    fn image(&self, name: &str, out: &mut Image) {
        if name != "V_xt" {
            return;
        }
        let c = &self.p;
        let (n, w) = (c.n, self.ring_len);
        out.width = w;
        out.height = n;
        out.values.clear();
        out.values.resize(w * n, 0.0);
        // Column i is the i-th oldest stored profile; row j is node j (x = 0 at the bottom).
        let oldest = (self.ring_next + RING_COLS - w) % RING_COLS;
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for i in 0..w {
            let k = (oldest + i) % RING_COLS;
            for j in 0..n {
                let v = c.e_l + self.ring[k * n + j];
                out.values[j * w + i] = v;
                lo = lo.min(v);
                hi = hi.max(v);
            }
        }
        let newest = (oldest + w.max(1) - 1) % RING_COLS;
        out.x_range = (
            self.ring_t[oldest],
            self.ring_t[newest].max(self.ring_t[oldest] + 1e-9),
        );
        out.y_range = (0.0, c.l_cm * 1e4);
        out.value_range = if hi - lo > 1e-9 {
            (lo, hi)
        } else {
            (lo - 1.0, lo + 1.0)
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run::Simulation;
    use crate::testkit::{self, rel};

    fn params(preset: Option<&str>, set: &[(&str, f64)]) -> Params {
        testkit::params(&ENTRY, preset, set)
    }

    fn run(p: Params, ms: f64) -> Simulation {
        testkit::run(&ENTRY, p, 0, ms)
    }

    /// The steady state, reached with backward Euler at dt = τ_m = 10 ms: the slowest mode
    /// decays by 1/(1 + dt/τ_m) = ½ per step, so 60 steps leave 1e-18 of the transient.
    fn steady(preset: Option<&str>, set: &[(&str, f64)]) -> Simulation {
        let mut p = params(preset, set);
        p.set("dt", 10.0).unwrap();
        p.set("method", 0.0).unwrap();
        p.set("t_on", 0.0).unwrap();
        run(p, 600.0)
    }

    fn nodes(sim: &Simulation) -> Vec<(f64, f64)> {
        let mut out = Vec::new();
        sim.model().profile("V_x", &mut out);
        out
    }

    // The default cable is Dayan & Abbott's (§6.3): a = 2 µm, r_m = 1 MΩ·mm² = 10 kΩ·cm²,
    // r_L = 1 kΩ·mm = 100 Ω·cm, c_m = 10 nF/mm² = 1 µF/cm², so λ = 1 mm and τ_m = 10 ms;
    // R_∞ = r_L λ/(π a²) = 100 Ω·cm × 0.1 cm / (π (2e-4 cm)²) = 79.577 MΩ.
    const R_INF_MOHM: f64 = 79.577_471_545_947_67;

    #[test]
    fn closed_forms_of_the_default_cable() {
        let sim = run(params(None, &[]), 0.0);
        assert!(rel(sim.measure("lambda_um").unwrap(), 1000.0) < 1e-12);
        assert!(rel(sim.measure("tau_m_ms").unwrap(), 10.0) < 1e-12);
        // R_in = R_∞ coth(L/λ) = 79.577 × coth 2 MΩ; far end 1/cosh 2 = 0.26580.
        let coth2 = 1.0 / 2f64.tanh();
        assert!(rel(sim.measure("r_in_theory_mohm").unwrap(), R_INF_MOHM * coth2) < 1e-12);
        assert!(
            rel(
                sim.measure("attenuation_theory").unwrap(),
                1.0 / 2f64.cosh()
            ) < 1e-12
        );
        // Not defined before the current is on.
        assert_eq!(sim.measure("lambda_fit_um"), None);
        assert_eq!(sim.measure("r_in_mohm"), None);
    }

    #[test]
    fn steady_profile_of_a_sealed_cable_is_a_cosh() {
        // u(x) = I R_∞ cosh((L − x)/λ)/sinh(L/λ) (Dayan & Abbott eqs. 6.18–6.21 with a sealed end,
        // Koch 1999 §2.3). With Δx = λ/100 the discrete profile is within ~1e-5 of it (the
        // O(Δx²/λ²) error of the module doc), far inside the 1 % asked.
        let sim = steady(None, &[("n_comp", 201.0)]);
        let v = nodes(&sim);
        let (l, lambda, e_l) = (2000.0, 1000.0, -70.0);
        let u0 = v[0].1 - e_l;
        for &(x, vx) in &v {
            let want = ((l - x) / lambda).cosh() / (l / lambda).cosh();
            let got = (vx - e_l) / u0;
            assert!(
                rel(got, want) < 1e-3,
                "x = {x} µm: u/u0 = {got}, cosh form {want}"
            );
        }
        // u(0) = I R_∞ coth(L/λ) = 0.1 nA × 79.577 MΩ × 1.0373 = 8.2545 mV.
        let want = 0.1 * R_INF_MOHM / 2f64.tanh();
        assert!(rel(u0, want) < 1e-3, "u(0) = {u0} mV, expected {want} mV");
        assert!(
            rel(
                sim.measure("r_in_mohm").unwrap(),
                sim.measure("r_in_theory_mohm").unwrap()
            ) < 1e-3
        );
        assert!(rel(sim.measure("attenuation").unwrap(), 1.0 / 2f64.cosh()) < 1e-3);
    }

    #[test]
    fn long_cable_input_resistance_is_r_infinity_and_decays_by_e_per_lambda() {
        // L = 5λ: coth 5 = 1 + 9e-5, so V(0) − E_L = I R_∞ (semi-infinite cable, Rall 1959;
        // Dayan & Abbott eq. 6.20 with all current flowing one way), and V − E_L falls by 1/e at
        // x = λ = 1000 µm (node 20 of 101).
        let sim = steady(Some("long_dendrite"), &[]);
        let r_in = sim.measure("r_in_mohm").unwrap();
        assert!(
            rel(r_in, R_INF_MOHM) < 0.005,
            "R_in = {r_in} MΩ, R_∞ = {R_INF_MOHM} MΩ"
        );
        let v = nodes(&sim);
        assert_eq!(v[20].0, 1000.0);
        let ratio = (v[20].1 + 70.0) / (v[0].1 + 70.0);
        assert!(rel(ratio, (-1.0f64).exp()) < 0.005, "u(λ)/u(0) = {ratio}");
    }

    #[test]
    fn fitted_length_constant_matches_lambda_for_every_preset() {
        // λ = √(a R_m/(2 R_i)): 1000 µm × √(d / 4 µm). The fit inverts u(0)/u(L) = cosh(L/λ); on
        // the grid it gives exactly Δx / acosh(1 + Δx²/(2λ²)) (module doc), within 2 % of λ.
        for preset in [
            None,
            Some("long_dendrite"),
            Some("short_cable"),
            Some("thin_dendrite"),
            Some("thick_dendrite"),
        ] {
            let sim = steady(preset, &[]);
            let p = &sim.params;
            let lambda = 1000.0 * (p.get("diam") / 4.0).sqrt();
            assert!(rel(sim.measure("lambda_um").unwrap(), lambda) < 1e-12);
            let fit = sim.measure("lambda_fit_um").unwrap();
            assert!(
                rel(fit, lambda) < 0.02,
                "{preset:?}: λ_fit = {fit} µm, λ = {lambda} µm"
            );
            let dx = p.get("L") / (p.get("n_comp") - 1.0);
            let discrete = dx / (1.0 + dx * dx / (2.0 * lambda * lambda)).acosh();
            assert!(
                rel(fit, discrete) < 1e-7,
                "{preset:?}: λ_fit = {fit} µm, discrete {discrete} µm"
            );
        }
    }

    #[test]
    fn discretisation_error_shrinks_as_the_square_of_the_compartment_length() {
        // Relative error of λ_fit ≈ Δx²/(24λ²): halving Δx divides it by 4. Same for the largest
        // error of the profile against the cosh form.
        let mut errs = Vec::new();
        for n in [5.0, 9.0, 17.0, 33.0, 65.0] {
            let sim = steady(None, &[("n_comp", n)]);
            let fit = sim.measure("lambda_fit_um").unwrap();
            let v = nodes(&sim);
            let u0 = v[0].1 + 70.0;
            let profile_err = v
                .iter()
                .map(|&(x, vx)| {
                    rel(
                        (vx + 70.0) / u0,
                        ((2000.0 - x) / 1000.0).cosh() / 2f64.cosh(),
                    )
                })
                .fold(0.0, f64::max);
            errs.push((rel(fit, 1000.0), profile_err));
        }
        assert!(errs[0].0 > 0.004, "coarsest grid error {}", errs[0].0);
        for w in errs.windows(2) {
            let (r_fit, r_prof) = (w[0].0 / w[1].0, w[0].1 / w[1].1);
            assert!((3.8..4.2).contains(&r_fit), "λ_fit error ratio {r_fit}");
            assert!((3.5..4.5).contains(&r_prof), "profile error ratio {r_prof}");
        }
        assert!(errs[4].0 < 1e-4);
    }

    /// Membrane-area-weighted mean of V − E_L (half weights at the half-length end nodes).
    fn mean_u(sim: &Simulation) -> f64 {
        let v = nodes(sim);
        let n = v.len();
        let w = |j: usize| if j == 0 || j == n - 1 { 0.5 } else { 1.0 };
        (0..n).map(|j| w(j) * (v[j].1 + 70.0)).sum::<f64>() / (n - 1) as f64
    }

    #[test]
    fn the_mean_potential_charges_like_one_rc_compartment() {
        // Summed over the compartments the axial currents cancel, and C_j/g_j = τ_m for every
        // compartment, so the area-weighted mean ū obeys τ_m dū/dt = −ū + I R_m/(π d L) exactly:
        // the zeroth mode of Rall's (1969) expansion, whose time constant is τ_m for sealed ends,
        // the others being faster "equalising" modes. For the default cable
        // R_m/(π d L) = 10⁴ Ω·cm² / (π × 4e-4 cm × 0.2 cm) = 39.789 MΩ, so ū → 3.9789 mV.
        // The θ-method steps it as ū⁺(1 + θ dt/τ) = ū(1 − (1 − θ) dt/τ) + (dt/τ) ū_∞: checked to
        // 1e-10 (charge conservation of the solver), and against 1 − e^{−t/τ_m} at first order
        // (backward Euler) or second order (Crank–Nicolson) in dt.
        let u_inf = 0.1 * 1e4 / (PI * 4e-4 * 0.2) * 1e-6;
        let t_end = 20.0; // 10 ms after the onset at 10 ms
        let exact = u_inf * (1.0 - (-1.0f64).exp());
        for (method, theta, order) in [(0.0, 1.0, 1.0), (1.0, 0.5, 2.0)] {
            let mut errs = Vec::new();
            for dt in [0.5, 0.25] {
                let sim = run(params(None, &[("method", method), ("dt", dt)]), t_end);
                let steps = (10.0 / dt) as i32;
                let a = dt / 10.0;
                let mut u = 0.0;
                for _ in 0..steps {
                    u = (u * (1.0 - (1.0 - theta) * a) + a * u_inf) / (1.0 + theta * a);
                }
                let got = mean_u(&sim);
                assert!(
                    (got - u).abs() < 1e-10 * u_inf,
                    "θ = {theta}, dt = {dt}: ū = {got}, recursion {u}"
                );
                errs.push((got - exact).abs());
            }
            let observed = (errs[0] / errs[1]).log2();
            assert!(
                (observed - order).abs() < 0.1,
                "θ = {theta}: observed order {observed}"
            );
        }
    }

    #[test]
    fn backward_euler_is_monotone_at_any_dt_crank_nicolson_rings() {
        // Backward Euler: (C/dt + G)⁻¹ is a nonnegative matrix (G is an M-matrix), so after a
        // positive current step every node rises monotonically, whatever dt. Crank–Nicolson's
        // stiffest modes are multiplied by ≈ −1 per step when dt ≫ the compartments' own time
        // constant: at dt = 10 ms with 500 fine compartments V(0) zigzags.
        let zigzags = |method: f64| {
            let sim = run(
                params(
                    None,
                    &[
                        ("method", method),
                        ("dt", 10.0),
                        ("n_comp", 500.0),
                        ("t_on", 0.0),
                    ],
                ),
                200.0,
            );
            let v = sim.rec.trace(0);
            v.windows(3)
                .filter(|w| (w[1] - w[0]) * (w[2] - w[1]) < 0.0)
                .count()
        };
        assert_eq!(zigzags(0.0), 0);
        assert!(zigzags(1.0) > 5);
        // Both reach the same discrete steady state.
        let be = steady(None, &[]);
        let cn = run(
            params(None, &[("method", 1.0), ("dt", 0.05), ("t_on", 0.0)]),
            300.0,
        );
        assert!(rel(nodes(&cn)[0].1 + 70.0, nodes(&be)[0].1 + 70.0) < 1e-9);
    }

    #[test]
    fn short_cable_is_nearly_isopotential() {
        // L = 0.2 λ: far end at 1/cosh 0.2 = 0.9803 of x = 0.
        let sim = steady(Some("short_cable"), &[]);
        assert!(rel(sim.measure("attenuation").unwrap(), 1.0 / 0.2f64.cosh()) < 1e-4);
    }

    #[test]
    fn profile_and_space_time_image_cover_the_cable_and_the_window() {
        let sim = run(params(None, &[]), 300.0);
        let v = nodes(&sim);
        assert_eq!(v.len(), 101);
        assert_eq!((v[0].0, v[100].0), (0.0, 2000.0));
        let mut img = Image::default();
        sim.model().image("V_xt", &mut img);
        assert_eq!((img.width, img.height), (RING_COLS, 101));
        assert_eq!(img.values.len(), RING_COLS * 101);
        // One column per ms: the last 200 ms, newest on the right.
        assert!(
            (img.x_range.0 - 101.0).abs() < 1e-6 && (img.x_range.1 - 300.0).abs() < 1e-6,
            "{:?}",
            img.x_range
        );
        assert_eq!(img.y_range, (0.0, 2000.0));
        // Newest column: row 0 (x = 0) is the profile's V(0), the top row V(L).
        let last = RING_COLS - 1;
        assert!((img.values[last] - v[0].1).abs() < 1e-9);
        assert!((img.values[100 * RING_COLS + last] - v[100].1).abs() < 1e-9);
        // Early in a run the image holds only what has been simulated, and starts at rest.
        let sim = run(params(None, &[]), 5.0);
        sim.model().image("V_xt", &mut img);
        assert_eq!(img.width, 6);
        assert!(img.values.iter().all(|&x| x == -70.0));
    }
}
