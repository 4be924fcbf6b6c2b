//! Linear stability of the asynchronous state of Brunel's network: the mean-field borders of
//! his phase diagram (Brunel 2000, J Comput Neurosci 8:183, §4 and Fig. 2A; Brunel & Hakim 1999,
//! Neural Comput 11:1621).
//!
//! The neuron. In the diffusion approximation a neuron of the network obeys
//!   τ dV/dt = −V + μ(t) + σ(t) √τ ξ(t),   V ≥ θ → spike, V held at V_r for τ_rp,
//! and a population of them is described by the density P(V, t) and its flux J(V, t):
//!   ∂P/∂t = −∂J/∂V + ν(t − τ_rp) δ(V − V_r),   J = ((μ − V)/τ) P − (σ²/2τ) ∂P/∂V,
//! with P(θ) = 0 and ν(t) = J(θ, t) the rate. Stationary: J₀ = ν₀ for V_r < V < θ, 0 below,
//! and ν₀ is Siegert's rate (`crate::neuron::lif::lif_rate_hz`).
//!
//! Linear response by threshold integration (Richardson 2007, Phys Rev E 76:021919, §III;
//! Richardson 2008, Biol Cybern 99:381). A weak modulation μ = μ₀ + μ₁e^{iωt} (or
//! σ² = σ₀² + s₁e^{iωt}) gives P = P₀ + P₁e^{iωt}, J = J₀ + J₁e^{iωt}, ν = ν₀ + ν₁e^{iωt}, where
//!   ∂J₁/∂V = −iω P₁ + ν₁ e^{−iωτ_rp} δ(V − V_r),
//!   ∂P₁/∂V = −G P₁ − H J₁ + (2μ₁/σ₀²) P₀ − (s₁/σ₀²) ∂P₀/∂V,   G = 2(V − μ₀)/σ₀², H = 2τ/σ₀²,
//! with P₁(θ) = 0, J₁(θ) = ν₁ and J₁ → 0 at V → −∞. The equations are linear, so they are
//! integrated backwards from θ three times, each from P₁(θ) = 0: once with J₁(θ) = 1 and no
//! modulation (the part (p_ν, j_ν) carried by ν₁), once with J₁(θ) = 0 and μ₁ = 1 (p_μ, j_μ), once
//! with J₁(θ) = 0 and s₁ = 1 (p_s, j_s); the condition at −∞ then fixes ν₁:
//!   A_μ(ω) = ν₁/μ₁ = −j_μ(V_lb)/j_ν(V_lb),   A_σ²(ω) = ν₁/s₁ = −j_s(V_lb)/j_ν(V_lb).
//! Each step of Δ from V_k down to V_{k−1} integrates P exactly for G, flux and source held at
//! their values in the middle of the step (Richardson's exponential scheme, made second order):
//! P_{k−1} = P_k e^{ΔG} + (H J − S)(e^{ΔG} − 1)/G, with S the source of the modulation, and
//! J_{k−1} = J_k + iω Δ (P_k + P_{k−1})/2, minus the reinjection when V_{k−1} = V_r. The
//! stationary pass is the same with ω = 0 and unit flux (the rate to ~1e-5 of Siegert's at 100
//! steps per σ₀):
//! ν₀ = 1/(τ_rp + ∫p₀ dV), and P₀ = ν₀ p₀.
//!
//! The network (Brunel 2000 eqs. 4, 5): μ = J τ (C_E(ν_ext + ν) − g C_I ν) and σ² = J² τ (C_E(ν_ext +
//! ν) + g² C_I ν), so a perturbation ν̂ of the population rate arriving after the delay D moves
//! μ by τ J C_E (1 − γg) ν̂ e^{−iωD} and σ² by τ J² C_E (1 + γg²) ν̂ e^{−iωD} (γ = C_I/C_E). The
//! stationary state ν₀ is stable when no root of 1 = G(λ),
//!   G(λ) = [∂μ/∂ν A_μ(λ) + ∂σ²/∂ν A_σ²(λ)] e^{−λD},
//! has Re λ > 0. G has no poles there (a single neuron's density relaxes), so the number of
//! unstable roots is the winding number of G(iω) around 1 as ω runs over the real line (the
//! Nyquist criterion): counting, for ω > 0, the crossings of the real axis to the right of 1,
//! +2 for each clockwise and −2 for each anticlockwise one (the roots come in conjugate pairs).
//! Where G(0) = dφ/dν < 1, as at the lowest fixed point `MeanField::rate_hz` takes, no real root
//! is unstable. At high frequency A_μ decays like 1/√ω (Brunel & Hakim 1999; Fourcaud & Brunel
//! 2002) while A_σ² tends to ν₀/σ₀² (the flux at threshold, −(σ²/2τ) ∂P₀/∂V, follows σ² at
//! once), so |G| tends to r = ν₀ ∂σ²/∂ν / σ₀² < 1 and the crossings end at a finite frequency: the
//! frequency grid runs until |G| has stayed below 1 over a band past the last crossing (or to
//! 5 kHz, beyond what the simulated network, stepped at 0.1 ms, can carry).
//!
//! Cost: a few thousand grid points per frequency and some hundreds of frequencies, a few ms
//! per point of the phase plane (0.43 s for the 56 cells of `brunel_phase`'s coarse grid,
//! natively), against half a second or more for one cell's network run.

use crate::math::{cos, exp, expm1, hypot, sin};
use nalgebra::Complex;

use super::brunel::{MeanField, TAU_MS, TAU_RP_MS, THETA_MV, V_R_MV};

type C = Complex<f64>;

/// e^{iφ}.
fn cis(phi: f64) -> C {
    C::new(cos(phi), sin(phi))
}

/// |z|.
pub fn abs(z: C) -> f64 {
    hypot(z.re, z.im)
}

/// A leaky integrate-and-fire neuron in the diffusion approximation (ms, mV).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Lif {
    pub tau: f64,
    pub tau_rp: f64,
    pub theta: f64,
    pub v_r: f64,
}

/// Brunel's neuron (Brunel 2000 §4): τ = 20 ms, τ_rp = 2 ms, θ = 20 mV, V_r = 10 mV.
pub const BRUNEL_LIF: Lif = Lif {
    tau: TAU_MS,
    tau_rp: TAU_RP_MS,
    theta: THETA_MV,
    v_r: V_R_MV,
};

/// Grid steps per σ₀ of the voltage grid, and its extent below min(μ₀, V_r) in units of σ₀.
const STEPS_PER_SIGMA: f64 = 100.0;
const BELOW_SIGMAS: f64 = 6.0;

/// The stationary density of a neuron driven by (μ₀, σ₀) on a voltage grid, with what each
/// backward step of the modulated equations needs precomputed.
#[derive(Clone, Debug)]
pub struct Stationary {
    pub lif: Lif,
    pub mu: f64,
    pub sigma: f64,
    /// Stationary rate, 1/ms.
    pub nu0: f64,
    /// Grid step, mV; V_k = θ − (n − k) Δ for k = 0..=n, V_r on the grid.
    pub dv: f64,
    /// Index of V_r.
    k_r: usize,
    /// Per grid point k: e^{ΔG_k}, (e^{ΔG_k} − 1)/G_k (G at the middle of the step below V_k), P₀
    /// (normalised) and ∂P₀/∂V.
    decay: Vec<f64>,
    gain: Vec<f64>,
    p0: Vec<f64>,
    dp0: Vec<f64>,
}

impl Stationary {
    /// Threshold integration of the stationary Fokker–Planck equation (Richardson 2007 §III A).
    pub fn new(lif: Lif, mu: f64, sigma: f64) -> Stationary {
        Stationary::with_steps(lif, mu, sigma, STEPS_PER_SIGMA)
    }

    /// The same on a grid of `steps_per_sigma` steps per σ₀ (the scheme's error is first order in
    /// the step).
    pub fn with_steps(lif: Lif, mu: f64, sigma: f64, steps_per_sigma: f64) -> Stationary {
        let dv_target = sigma / steps_per_sigma;
        // V_r on the grid: an integer number of steps between V_r and θ.
        let m = ((lif.theta - lif.v_r) / dv_target).ceil().max(1.0) as usize;
        let dv = (lif.theta - lif.v_r) / m as f64;
        let lb = mu.min(lif.v_r) - BELOW_SIGMAS * sigma;
        let n = m + ((lif.v_r - lb) / dv).ceil() as usize;
        let k_r = n - m;
        let s2 = sigma * sigma;
        let h = 2.0 * lif.tau / s2;
        let mut decay = vec![0.0; n + 1];
        let mut gain = vec![0.0; n + 1];
        let mut p0 = vec![0.0; n + 1];
        let mut j0 = vec![0.0; n + 1];
        let mut dp0 = vec![0.0; n + 1];
        for k in 0..=n {
            // G at the middle of the step from V_k down to V_{k−1}: second order in Δ.
            let v = lif.theta - ((n - k) as f64 + 0.5) * dv;
            let gk = 2.0 * (v - mu) / s2;
            let x = dv * gk;
            decay[k] = exp(x);
            gain[k] = if x.abs() < 1e-12 { dv } else { expm1(x) / gk };
        }
        // Unit flux: p(θ) = 0, j = 1 above V_r, 0 below.
        let (mut p, mut j) = (0.0, 1.0);
        let mut area = 0.0;
        for k in (0..=n).rev() {
            p0[k] = p;
            j0[k] = j;
            if k == 0 {
                break;
            }
            let next = p * decay[k] + h * j * gain[k];
            area += 0.5 * (p + next) * dv;
            p = next;
            if k - 1 == k_r {
                j -= 1.0;
            }
        }
        let nu0 = 1.0 / (lif.tau_rp + area);
        for k in 0..=n {
            p0[k] *= nu0;
            let v = lif.theta - (n - k) as f64 * dv;
            dp0[k] = -(2.0 * (v - mu) / s2) * p0[k] - h * nu0 * j0[k];
        }
        Stationary {
            lif,
            mu,
            sigma,
            nu0,
            dv,
            k_r,
            decay,
            gain,
            p0,
            dp0,
        }
    }

    /// Stationary rate, Hz.
    pub fn rate_hz(&self) -> f64 {
        1000.0 * self.nu0
    }

    /// (A_μ, A_σ²) at angular frequency ω (rad/ms): the rate's response to a modulation of μ
    /// (1/ms per mV) and of σ² (1/ms per mV²). ω must not be 0 (the limit ω → 0 is the slope
    /// of the stationary rate; take a small ω).
    pub fn response(&self, omega: f64) -> (C, C) {
        let s2 = self.sigma * self.sigma;
        let h = 2.0 * self.lif.tau / s2;
        let iw = C::new(0.0, omega * self.dv);
        let reinject = cis(-omega * self.lif.tau_rp);
        let zero = C::new(0.0, 0.0);
        let (mut pn, mut jn) = (zero, C::new(1.0, 0.0));
        let (mut pm, mut jm) = (zero, zero);
        let (mut ps, mut js) = (zero, zero);
        let half = iw * 0.5;
        for k in (1..self.decay.len()).rev() {
            let (e, f) = (self.decay[k], self.gain[k]);
            // Fluxes and sources at the middle of the step (second order): the sources averaged
            // over its ends, each flux advanced by half a step.
            let (p0, dp0) = (
                0.5 * (self.p0[k] + self.p0[k - 1]),
                0.5 * (self.dp0[k] + self.dp0[k - 1]),
            );
            let pn_next = pn * e + (jn + half * pn) * (h * f);
            let pm_next = pm * e + ((jm + half * pm) * h - C::new(2.0 * p0 / s2, 0.0)) * f;
            let ps_next = ps * e + ((js + half * ps) * h + C::new(dp0 / s2, 0.0)) * f;
            jn += iw * (pn + pn_next) * 0.5;
            jm += iw * (pm + pm_next) * 0.5;
            js += iw * (ps + ps_next) * 0.5;
            if k - 1 == self.k_r {
                jn -= reinject;
            }
            pn = pn_next;
            pm = pm_next;
            ps = ps_next;
        }
        (-jm / jn, -js / jn)
    }
}

/// The mean field's linear stability at one point of the phase plane.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stability {
    /// Stationary rate, Hz.
    pub rate_hz: f64,
    /// Roots of 1 = G(λ) with Re λ > 0 (0: the asynchronous state is stable).
    pub unstable_roots: i32,
    /// Frequency (Hz) of the crossing of G(iω) over (1, ∞) with the largest |G| (NaN if none):
    /// near the border, the frequency of the oscillation that grows.
    pub freq_hz: f64,
    /// |G| at the highest frequency examined, and that frequency (Hz).
    pub tail_gain: f64,
    pub f_max_hz: f64,
}

/// Which terms of the feedback to include: the σ² modulation can be switched off to see how much
/// it moves the borders.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Feedback {
    MeanAndVariance,
    MeanOnly,
}

/// The network's loop gain G(iω) at the stationary state `st` of `mf`, delay `d_ms`.
pub fn loop_gain(mf: &MeanField, st: &Stationary, d_ms: f64, omega: f64, feedback: Feedback) -> C {
    let (dmu, dvar) = slopes(mf);
    let (a_mu, a_var) = st.response(omega);
    let open = match feedback {
        Feedback::MeanAndVariance => a_mu * dmu + a_var * dvar,
        Feedback::MeanOnly => a_mu * dmu,
    };
    open * cis(-omega * d_ms)
}

/// ∂μ/∂ν (mV·ms) and ∂σ²/∂ν (mV²·ms), ν in 1/ms.
pub fn slopes(mf: &MeanField) -> (f64, f64) {
    let j = mf.j_mv;
    (
        j * TAU_MS * (mf.c_e - mf.g * mf.c_i),
        j * j * TAU_MS * (mf.c_e + mf.g * mf.g * mf.c_i),
    )
}

/// Stationary state of the network `mf` (ν₀ by `MeanField::rate_hz`) on the voltage grid.
pub fn stationary_of(mf: &MeanField) -> Stationary {
    let (mu, sigma) = mf.mu_sigma(mf.rate_hz());
    Stationary::new(BRUNEL_LIF, mu, sigma)
}

/// The Nyquist scan's frequencies (Hz): geometric from F_MIN_HZ with ratio 1 + DF_REL (A(ω) changes
/// on the scale of ω itself), but never in steps of more than 1/(40 D) (over which the delay turns
/// G by 2π/40); it stops when |G| has stayed below 1 over QUIET_BAND_HZ past the last frequency
/// where it was not, or at F_CEILING_HZ.
const F_MIN_HZ: f64 = 0.5;
const DF_REL: f64 = 0.03;
const QUIET_BAND_HZ: f64 = 1000.0;
/// The diffusion approximation's ceiling: the simulated network advances in steps of 0.1 ms, so it
/// has nothing above 5 kHz, and at such frequencies the boundary layer of the density at threshold
/// (width σ/√(2ωτ), 0.06 mV for σ = 4 mV) is already below the PSP size J = 0.1 mV.
const F_CEILING_HZ: f64 = 5_000.0;

/// Counts the unstable roots of the network `mf` with delay `d_ms` (see the module doc).
pub fn stability(mf: &MeanField, d_ms: f64, feedback: Feedback) -> Stability {
    let st = stationary_of(mf);
    let df_max = 1000.0 / (40.0 * d_ms);
    let omega = |f: f64| 2.0 * core::f64::consts::PI * f / 1000.0;
    let mut f = F_MIN_HZ;
    let mut prev = loop_gain(mf, &st, d_ms, omega(f), feedback);
    let (mut roots, mut best, mut freq) = (0, 0.0, f64::NAN);
    let mut last_loud = f;
    loop {
        let df = (DF_REL * f).min(df_max);
        let next = f + df;
        let g = loop_gain(mf, &st, d_ms, omega(next), feedback);
        if (prev.im > 0.0) != (g.im > 0.0) {
            // Crossing of the real axis: interpolate its abscissa.
            let t = prev.im / (prev.im - g.im);
            let re = prev.re + t * (g.re - prev.re);
            if re > 1.0 {
                roots += if prev.im > 0.0 { 2 } else { -2 };
                if re > best {
                    best = re;
                    freq = f + t * df;
                }
            }
        }
        if abs(g) >= 1.0 {
            last_loud = next;
        }
        f = next;
        prev = g;
        if f - last_loud > QUIET_BAND_HZ || f > F_CEILING_HZ {
            return Stability {
                rate_hz: st.rate_hz(),
                unstable_roots: roots,
                freq_hz: freq,
                tail_gain: abs(g),
                f_max_hz: f,
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::math::sqrt;
    use crate::neuron::lif::lif_rate_hz;
    use core::f64::consts::PI;

    fn mf(g: f64, ratio: f64) -> MeanField {
        MeanField {
            c_e: 1000.0,
            c_i: 250.0,
            j_mv: 0.1,
            g,
            nu_ext_hz: ratio * MeanField::nu_thr_hz(1000.0, 0.1),
        }
    }

    fn siegert_hz(mu: f64, sigma: f64) -> f64 {
        lif_rate_hz(TAU_MS, TAU_RP_MS, mu, sigma, THETA_MV, V_R_MV).unwrap()
    }

    fn w(f_hz: f64) -> f64 {
        2.0 * PI * f_hz / 1000.0
    }

    /// (μ, σ) of the stationary states of Brunel's presets AI, SR, SI fast, SI slow and AI_cortex,
    /// and a strongly suprathreshold and a strongly subthreshold neuron.
    fn inputs() -> Vec<(f64, f64)> {
        let mut v: Vec<(f64, f64)> = [(5.0, 2.0), (3.0, 2.0), (6.0, 4.0), (4.5, 0.9), (8.0, 1.5)]
            .iter()
            .map(|&(g, r)| {
                let m = mf(g, r);
                m.mu_sigma(m.rate_hz())
            })
            .collect();
        v.extend([(30.0, 2.0), (12.0, 3.0)]);
        v
    }

    #[test]
    fn threshold_integration_gives_siegerts_rate() {
        // Richardson 2007 §III A: the stationary rate of the threshold integration is the mean
        // first-passage rate (Siegert 1951; Brunel 2000 eq. 21), to the first-order error of the
        // grid: within 1e-3 at 100 steps per σ (in fact ~1e-5: G is taken mid-step and the integrals by the
        // trapezoid rule), and the error falls at least 2.5-fold when the step is quartered.
        for (mu, sigma) in inputs() {
            let want = siegert_hz(mu, sigma);
            let st = Stationary::new(BRUNEL_LIF, mu, sigma);
            let err = st.rate_hz() / want - 1.0;
            assert!(
                err.abs() < 1e-3,
                "μ {mu}, σ {sigma}: {} Hz vs Siegert {want} Hz",
                st.rate_hz()
            );
            let fine = Stationary::with_steps(BRUNEL_LIF, mu, sigma, 4.0 * STEPS_PER_SIGMA)
                .rate_hz()
                / want
                - 1.0;
            assert!(
                fine.abs() < 0.4 * err.abs() + 1e-9,
                "μ {mu}: error {err} at Δ, {fine} at Δ/4"
            );
        }
    }

    #[test]
    fn slow_modulation_response_is_the_slope_of_siegerts_rate() {
        // As ω → 0 the modulated neuron follows its stationary rate: A_μ(0) = ∂ν₀/∂μ and
        // A_σ²(0) = ∂ν₀/∂σ² (Brunel & Hakim 1999 §3; Richardson 2007 §III B), the slopes taken here
        // by central differences of the Siegert formula.
        for (mu, sigma) in inputs() {
            let st = Stationary::new(BRUNEL_LIF, mu, sigma);
            let (a_mu, a_var) = st.response(1e-5);
            let h = 1e-3;
            let d_mu = (siegert_hz(mu + h, sigma) - siegert_hz(mu - h, sigma)) / (2.0 * h) / 1000.0;
            let s2 = sigma * sigma;
            let d_var =
                (siegert_hz(mu, sqrt(s2 + h)) - siegert_hz(mu, sqrt(s2 - h))) / (2.0 * h) / 1000.0;
            assert!(
                (a_mu.re / d_mu - 1.0).abs() < 1e-2,
                "μ {mu}, σ {sigma}: A_μ(0) {a_mu} vs {d_mu}"
            );
            assert!(a_mu.im.abs() < 1e-3 * a_mu.re.abs());
            // ∂ν₀/∂σ² changes sign where noise stops helping (a suprathreshold neuron): compare
            // on the scale of the rate's sensitivity to σ² rather than relative to a value near 0.
            assert!(
                (a_var.re - d_var).abs() < 1e-2 * d_var.abs().max(st.nu0 / s2),
                "μ {mu}, σ {sigma}: A_σ²(0) {a_var} vs {d_var}"
            );
        }
    }

    #[test]
    fn high_frequency_response_decays_as_one_over_root_omega() {
        // White noise: A_μ(ω) ≈ √2 ν₀ / (σ √(iωτ)) at ωτ ≫ 1 (Brunel & Hakim 1999 §4; Fourcaud &
        // Brunel 2002, Neural Comput 14:2057, eq. for the white-noise limit): a log–log slope of
        // −1/2 and a phase lag of π/4. The response to σ² tends to a constant, ν₀/σ²: the flux
        // at threshold, −(σ²/2τ) ∂P₀/∂V, follows σ² without lag (Lindner & Schimansky-Geier 2001,
        // Phys Rev Lett 86:2934).
        // The presets' stationary states below 100 Hz (SR's, at 327 Hz and μ = 204 mV, is
        // driven far above threshold and reaches this regime only beyond 10 kHz).
        for (mu, sigma) in [0, 2, 3, 4].map(|i| inputs()[i]) {
            let st = Stationary::new(BRUNEL_LIF, mu, sigma);
            let (f1, f2) = (1000.0, 4000.0);
            let (a1, v1) = st.response(w(f1));
            let (a2, v2) = st.response(w(f2));
            let slope = (abs(a2) / abs(a1)).ln() / (f2 / f1).ln();
            assert!(
                (slope + 0.5).abs() < 0.05,
                "μ {mu}, σ {sigma}: slope {slope}"
            );
            let phase = a2.im.atan2(a2.re);
            assert!((phase + PI / 4.0).abs() < 0.1, "μ {mu}: phase {phase}");
            let asym = 2f64.sqrt() * st.nu0 / (sigma * sqrt(w(f2) * TAU_MS));
            assert!(
                (abs(a2) / asym - 1.0).abs() < 0.1,
                "μ {mu}: |A_μ| {} vs {asym}",
                abs(a2)
            );
            let lim = st.nu0 / (sigma * sigma);
            assert!(
                (v2.re / lim - 1.0).abs() < 0.1
                    && (v2.re / lim - 1.0).abs() < (v1.re / lim - 1.0).abs(),
                "μ {mu}: A_σ² {v1} at 1 kHz, {v2} at 4 kHz, limit {lim}"
            );
        }
    }

    #[test]
    fn brunels_four_states_are_where_the_asynchronous_state_is_stable_or_not() {
        // Brunel 2000 Fig. 2A (D = 1.5 ms) and the simulations of its Fig. 8: AI at g = 5, drive 2
        // is the stable stationary state; SR at g = 3, drive 2, SI fast at g = 6, drive 4 and SI
        // slow at g = 4.5, drive 0.9 are not. AI_cortex (g = 8, drive 1.5) is asynchronous too.
        let d = 1.5;
        let st = |g, r| stability(&mf(g, r), d, Feedback::MeanAndVariance);
        assert_eq!(st(5.0, 2.0).unstable_roots, 0, "AI: {:?}", st(5.0, 2.0));
        assert_eq!(
            st(8.0, 1.5).unstable_roots,
            0,
            "AI_cortex: {:?}",
            st(8.0, 1.5)
        );
        let sr = st(3.0, 2.0);
        assert!(sr.unstable_roots > 0, "SR: {sr:?}");
        // The growing mode is fast: a volley per firing period or so (the rate is 327 Hz).
        assert!(sr.freq_hz > 300.0, "SR: {sr:?}");
        // SI fast: Brunel's simulation oscillates at ~180 Hz (Fig. 8C); the instability grows at
        // a frequency within 10 % of it.
        let fast = st(6.0, 4.0);
        assert!(
            fast.unstable_roots > 0 && (fast.freq_hz / 180.0 - 1.0).abs() < 0.1,
            "SI fast: {fast:?}"
        );
        // SI slow: a slow mode (Brunel's simulation, Fig. 8D: ~20 Hz), below 50 Hz.
        let slow = st(4.5, 0.9);
        assert!(
            slow.unstable_roots > 0 && slow.freq_hz < 50.0,
            "SI slow: {slow:?}"
        );
    }

    #[test]
    fn the_variance_feedback_makes_the_slow_oscillation_and_slows_the_fast_one() {
        // Without the σ² modulation, the fast mode is Brunel & Hakim's high-frequency one:
        // A_μ ∝ e^{−iπ/4}/√ω, ∂μ/∂ν < 0 (a sign, π) and the delay (ωD) close the loop at phase
        // 2π when ωD + π/4 = π, i.e. f = 3/(8D) = 250 Hz at D = 1.5 ms (Brunel & Hakim 1999 §4.2;
        // Brunel 2000 §4.3). The slow oscillation needs the σ² feedback: inhibition adds to σ².
        let d = 1.5;
        let mean_only = stability(&mf(6.0, 4.0), d, Feedback::MeanOnly);
        assert!(
            (mean_only.freq_hz / (3.0 / (8.0 * d) * 1000.0) - 1.0).abs() < 0.05,
            "{mean_only:?}"
        );
        let full = stability(&mf(6.0, 4.0), d, Feedback::MeanAndVariance);
        assert!(
            full.freq_hz < 0.85 * mean_only.freq_hz,
            "{full:?} vs {mean_only:?}"
        );
        assert_eq!(
            stability(&mf(4.5, 0.9), d, Feedback::MeanOnly).unstable_roots,
            0
        );
    }

    /// The g (to 0.01) where the asynchronous state at drive `ratio` turns stable coming from
    /// g = 2 (the SR border).
    fn sr_border(ratio: f64) -> f64 {
        let unstable =
            |g| stability(&mf(g, ratio), 1.5, Feedback::MeanAndVariance).unstable_roots > 0;
        let (mut lo, mut hi) = (2.0, 4.5);
        assert!(unstable(lo) && !unstable(hi));
        while hi - lo > 0.01 {
            let mid = 0.5 * (lo + hi);
            if unstable(mid) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        0.5 * (lo + hi)
    }

    #[test]
    fn the_synchronous_regular_border_lies_just_below_g_4_at_strong_drive() {
        // Brunel 2000 §4.3, Fig. 2A: at drives above threshold the SR state gives way to the AI
        // state a little below g = 4, where excitation and inhibition balance in the mean
        // (∂μ/∂ν = 0 at g = C_E/C_I = 4). Here: g_c between 3 and 4, and nearly vertical (the
        // same to 0.2 at drives 2, 3 and 4).
        let b: Vec<f64> = [2.0, 3.0, 4.0].iter().map(|&r| sr_border(r)).collect();
        for &g in &b {
            assert!(g > 3.0 && g < 4.0, "SR border at {b:?}");
        }
        assert!(
            b.iter().cloned().fold(f64::MIN, f64::max) - b.iter().cloned().fold(f64::MAX, f64::min)
                < 0.2,
            "{b:?}"
        );
    }

    #[test]
    fn the_fast_oscillation_border_falls_with_inhibition() {
        // Brunel 2000 Fig. 2A: the AI/SI-fast border separates the AI preset (g = 5, drive 2)
        // from the SI fast one (g = 6, drive 4): along g = 6 it lies between drives 2 and 4.
        // Stronger inhibition means a stronger delayed negative feedback (∂μ/∂ν ∝ 1 − g/4), so
        // at g = 8 the fast oscillation sets in at a weaker drive, though above AI_cortex's 1.5.
        let border = |g: f64| {
            let unstable =
                |r| stability(&mf(g, r), 1.5, Feedback::MeanAndVariance).unstable_roots > 0;
            let (mut lo, mut hi) = (1.5, 5.0);
            assert!(!unstable(lo) && unstable(hi), "g {g}");
            while hi - lo > 0.01 {
                let mid = 0.5 * (lo + hi);
                if unstable(mid) {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            0.5 * (lo + hi)
        };
        let (b6, b8) = (border(6.0), border(8.0));
        assert!(
            b6 > 2.0 && b6 < 4.0 && b8 < b6,
            "fast border: drive {b6} at g = 6, {b8} at g = 8"
        );
    }
}
