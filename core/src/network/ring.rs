//! A ring attractor: a bump of activity that remembers an angle.
//!
//!   τ dm_i/dt = −m_i + [ h_0 + c_i(t) + (1/N) Σ_j (J_0 + J_2 cos(θ_i − θ_j)) m_j ]_+ + noise
//!
//! (Ben-Yishai, Bar-Or & Sompolinsky 1995, PNAS 92:3844, "BYBS", in the rate version with a
//! threshold-linear transfer [x]_+ = max(x, 0); Dayan & Abbott §7.4; Amari 1977; Compte et al.
//! 2000 for the spiking version.) N units have preferred angles θ_i = 2π i/N around the ring;
//! J_0 < 0 is uniform inhibition, J_2 > 0 the tuned excitation between units of similar angle.
//! BYBS write the kernel as −J_0 + J_2 cos 2θ over orientations θ ∈ [−π/2, π/2); with φ = 2θ
//! this is the form here (their J_0 is our −J_0). h_0 is the uniform input minus the threshold.
//! The cue c_i(t) = c cos(θ_i − θ_cue) is on from cue_t for cue_ms.
//!
//! Homogeneous state and its instability. With all units above threshold the state
//! m_i = m_0 = h_0/(1 − J_0) is a fixed point (for J_0 < 1). A perturbation a cos(θ − ψ) feels
//! (1/2π)∫ J_2 cos(θ − θ′) a cos(θ′ − ψ) dθ′ = (J_2/2) a cos(θ − ψ), so it evolves as
//!   τ da/dt = (J_2/2 − 1) a:
//! it decays for J_2 < 2 (no bump without a cue; a cued bump fades with the time constant
//! τ/(1 − J_2/2)) and grows for J_2 > 2 (the "marginal phase" of BYBS: the homogeneous state is
//! unstable and a bump forms, at any position).
//!
//! The bump (BYBS's marginal phase). Try m(θ) = A [cos(θ − ψ) − cos θ_c]_+. Its cosine component
//! (1/2π)∫ m cos = A (θ_c − sin θ_c cos θ_c)/(2π) must reproduce A through J_2, so
//!   J_2 (θ_c − sin θ_c cos θ_c) = 2π,
//! which fixes the half-width θ_c from J_2 alone, and the uniform part gives the amplitude,
//!   A = h_0 / (J_0 (θ_c cos θ_c − sin θ_c)/π − cos θ_c),
//! a bump when the denominator is positive. With the defaults (J_2 = 10, J_0 = −6, h_0 = 10 Hz):
//! θ_c = 60.5°, full width at half maximum 2 arccos((1 + cos θ_c)/2) = 83.6°, peak
//! A (1 − cos θ_c) = 28.6 Hz. Every position ψ is a solution: the bump is marginally stable
//! along the ring, so once the cue is gone it stays where it was put, and noise moves it in a
//! random walk.
//!
//! Diffusion. The noise is additive on each unit, τ dm_i = (…) dt + σ √(2τ) dW_i (a silent unit
//! then fluctuates around 0 with standard deviation σ). Projecting it on the bump's zero mode
//! (right eigenvector m′ on the active units, left eigenvector the derivative of the input field,
//! −A sin(θ − ψ) on all units) gives a random walk of ψ with ⟨Δψ²⟩ = 2 D t,
//!   D = σ² J_2² / (2 τ A² N)   (rad²/ms),
//! derived here for this model (the same projection as in Burak & Fiete 2012, PNAS 109:17645).
//!
//! Decoding: the population vector, ψ = arg Σ_j m_j e^{iθ_j}, tracked continuously (unwrapped)
//! for the drift. Integration: Euler–Maruyama with step dt; the recurrent input needs only the
//! three sums Σ m_j, Σ m_j cos θ_j, Σ m_j sin θ_j, so a step costs O(N). The initial state is the
//! homogeneous state plus a small seeded random perturbation (0.1 Hz), so that above J_2 = 2 the
//! symmetry is broken as in any real network.

use crate::math::{atan2, cos, sin, sqrt, PI};
use crate::model::*;
use crate::params::Params;
use crate::record::Recording;
use crate::rng;

pub static SPEC: ModelSpec = ModelSpec {
    id: "ring",
    title: "Ring attractor: a bump that remembers an angle",
    lecture: 6,
    summary: "Units on a ring with cosine connectivity (Ben-Yishai, Bar-Or & Sompolinsky 1995): a brief cue leaves a bump of \
              activity that persists, can sit anywhere on the ring, and drifts in a random walk under noise.",
    params: &[
        ParamSpec::real("J0", "J_0", "", -20.0, 0.5, -6.0, 0.1).help("uniform coupling (negative: global inhibition)"),
        ParamSpec::real("J2", "J_2", "", 0.0, 20.0, 10.0, 0.1)
            .help("tuned coupling: above 2 the uniform state is unstable and a bump persists"),
        ParamSpec::real("h0", "h_0", "Hz", 0.0, 50.0, 10.0, 0.1).help("uniform input above threshold"),
        ParamSpec::real("cue_amp", "c", "Hz", 0.0, 50.0, 10.0, 0.1).help("strength of the cue c cos(θ − θ_cue)"),
        ParamSpec::real("cue_deg", r"\theta_{\mathrm{cue}}", "°", 0.0, 360.0, 90.0, 1.0).help("position of the cue"),
        ParamSpec::real("cue_t", r"t_{\mathrm{cue}}", "ms", 0.0, 5000.0, 0.0, 1.0).help("onset of the cue"),
        ParamSpec::real("cue_ms", r"T_{\mathrm{cue}}", "ms", 0.0, 2000.0, 250.0, 1.0).help("duration of the cue"),
        ParamSpec::real("sigma", r"\sigma", "Hz", 0.0, 10.0, 0.0, 0.01)
            .help("noise: standard deviation it gives a silent unit's rate"),
        ParamSpec::int("N", "N", 16.0, 512.0, 128.0).help("number of units on the ring").restart(),
        ParamSpec::real("tau", r"\tau", "ms", 1.0, 100.0, 10.0, 0.1).log().help("time constant of the units"),
        ParamSpec::dt(0.01, 1.0, 0.1),
    ],
    presets: &[
        PresetSpec {
            name: "persistent_bump",
            description: "J2 = 10 > 2: the cue at 90 degrees (0 to 250 ms) starts a bump there, and the bump stays after \
                          the cue is gone: a memory of the angle, 84 degrees wide at half height, 28.5 Hz at its peak.",
            values: &[],
        },
        PresetSpec {
            name: "diffusing_bump",
            description: "The same ring with noise (sigma = 2 Hz): after the cue the bump wanders in a random walk, its \
                          squared displacement growing linearly with time: about 18 degrees RMS after one second.",
            values: &[("sigma", 2.0)],
        },
        PresetSpec {
            name: "no_bump",
            description: "J2 = 1.5 < 2: the cue raises a weak hill of activity, which fades within about 40 ms \
                          (time constant tau/(1 - J2/2)) once the cue is gone: no memory.",
            values: &[("J2", 1.5), ("J0", -2.0)],
        },
        PresetSpec {
            name: "spontaneous",
            description: "No cue: the uniform state is unstable for J2 > 2 and a bump grows out of tiny differences \
                          between units, at a position set by chance (change the seed).",
            values: &[("cue_amp", 0.0)],
        },
    ],
    traces: &[
        TraceSpec::new("position_deg", "decoded bump position", "°", 1e4),
        TraceSpec::new("amplitude_hz", "bump amplitude 2|Σ m e^{iθ}|/N", "Hz", 1e5),
        TraceSpec::new("mean_rate_hz", "mean rate", "Hz", 1e5),
        TraceSpec::new("cue_hz", "cue strength", "Hz", 1e4),
    ],
    measures: &[
        MeasureSpec::new("bump_position_deg", "decoded position (population vector)", "°"),
        MeasureSpec::new("bump_width_deg", "full width at half maximum of the bump (none below 1 Hz of modulation)", "°"),
        MeasureSpec::new("drift_deg", "displacement since the cue ended", "°"),
        MeasureSpec::new("peak_rate_hz", "highest rate on the ring", "Hz"),
        MeasureSpec::new("width_theory_deg", "BYBS width 2 arccos((1 + cos θ_c)/2)", "°"),
        MeasureSpec::new("peak_theory_hz", "BYBS peak A (1 − cos θ_c)", "Hz"),
        MeasureSpec::new("diffusion_theory_deg2_per_s", "random-walk coefficient D = σ² J₂²/(2τA²N), in deg²/s", "deg²/s"),
    ],
    plots: &[
        PlotSpec {
            id: "activity",
            title: "Activity around the ring over time",
            kind: PlotKind::HeatMap { image: "activity", x_label: "t (ms)", y_label: "preferred angle (°)", value_label: "rate (Hz)" },
        },
        PlotSpec {
            id: "bump",
            title: "The bump now, and BYBS's closed form at the decoded position",
            kind: PlotKind::Profile { errors: &[], x: Range::Auto, curves: &["rate", "theory"], x_label: "preferred angle (°)", y_label: "rate (Hz)", y: Range::Auto },
        },
        PlotSpec {
            id: "position",
            title: "Decoded position",
            kind: PlotKind::TimeSeries { traces: &["position_deg"], y_label: "position (°)", y: Range::Fixed(0.0, 360.0) },
        },
        PlotSpec {
            id: "amplitude",
            title: "Bump amplitude and cue",
            kind: PlotKind::TimeSeries { traces: &["amplitude_hz", "cue_hz"], y_label: "Hz", y: Range::Auto },
        },
    ],
    window_ms: 2000.0,
    sample_ms: 1.0,
    default_duration_ms: 2000.0,
    stochastic: true,
    clock: Clock::Time,
    offload: true,
};

pub static ENTRY: ModelEntry = ModelEntry { spec: &SPEC, build };

/// Columns of the space–time image.
const RING_COLS: usize = 200;
/// Size of the initial random perturbation, Hz.
const PERTURBATION_HZ: f64 = 0.1;

fn build(p: &Params, seed: u64) -> Box<dyn Model> {
    let n = p.get("N") as usize;
    let c = Consts::from(p);
    let mut rng = rng::seeded(seed);
    let th: Vec<f64> = (0..n).map(|i| 2.0 * PI * i as f64 / n as f64).collect();
    let m0 = if c.j0 < 1.0 {
        (c.h0 / (1.0 - c.j0)).max(0.0)
    } else {
        0.0
    };
    let m: Vec<f64> = (0..n)
        .map(|_| m0 + PERTURBATION_HZ * rng::normal(&mut rng))
        .collect();
    let mut model = Ring {
        t: 0.0,
        n,
        cs: th.iter().map(|&t| cos(t)).collect(),
        sn: th.iter().map(|&t| sin(t)).collect(),
        m,
        u: vec![0.0; n],
        rng,
        psi: 0.0,
        psi_unwrapped: 0.0,
        psi_at_cue_end: None,
        ring: vec![0.0; RING_COLS * n],
        ring_t: vec![0.0; RING_COLS],
        ring_next: 0,
        ring_len: 0,
        next_snap: 0.0,
        c,
    };
    model.psi = model.decode().0;
    model.psi_unwrapped = model.psi;
    model.snapshot();
    Box::new(model)
}

/// BYBS's bump (module doc): (θ_c, A) if J_2 > 2 and the amplitude is positive.
fn bump_theory(j0: f64, j2: f64, h0: f64) -> Option<(f64, f64)> {
    if j2 <= 2.0 {
        return None;
    }
    // θ − sin θ cos θ increases from 0 to π on [0, π]: bisection for the value 2π/J_2.
    let target = 2.0 * PI / j2;
    let (mut lo, mut hi) = (0.0, PI);
    for _ in 0..100 {
        let mid = 0.5 * (lo + hi);
        if mid - sin(mid) * cos(mid) < target {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let tc = 0.5 * (lo + hi);
    let den = j0 * (tc * cos(tc) - sin(tc)) / PI - cos(tc);
    (den > 0.0 && h0 > 0.0).then(|| (tc, h0 / den))
}

struct Consts {
    j0: f64,
    j2: f64,
    h0: f64,
    cue: f64,
    cue_cos: f64,
    cue_sin: f64,
    cue_t: f64,
    cue_ms: f64,
    sigma: f64,
    tau: f64,
    dt: f64,
    theory: Option<(f64, f64)>,
}

impl Consts {
    fn from(p: &Params) -> Self {
        let a = p.get("cue_deg").to_radians();
        let (j0, j2, h0) = (p.get("J0"), p.get("J2"), p.get("h0"));
        Consts {
            j0,
            j2,
            h0,
            cue: p.get("cue_amp"),
            cue_cos: cos(a),
            cue_sin: sin(a),
            cue_t: p.get("cue_t"),
            cue_ms: p.get("cue_ms"),
            sigma: p.get("sigma"),
            tau: p.get("tau"),
            dt: p.get("dt"),
            theory: bump_theory(j0, j2, h0),
        }
    }

    fn cue_on(&self, t: f64) -> bool {
        self.cue > 0.0 && t >= self.cue_t - 1e-9 && t < self.cue_t + self.cue_ms - 1e-9
    }
}

struct Ring {
    t: f64,
    n: usize,
    cs: Vec<f64>,
    sn: Vec<f64>,
    /// Rates, Hz.
    m: Vec<f64>,
    /// Work buffer: the input of each unit.
    u: Vec<f64>,
    rng: rng::Rng,
    /// Decoded position (rad, in [0, 2π)), its continuous version, and the latter at cue end.
    psi: f64,
    psi_unwrapped: f64,
    psi_at_cue_end: Option<f64>,
    ring: Vec<f64>,
    ring_t: Vec<f64>,
    ring_next: usize,
    ring_len: usize,
    next_snap: f64,
    c: Consts,
}

impl Ring {
    /// (position in [0, 2π), amplitude 2|Z|, mean rate), Z = (1/N) Σ m_j e^{iθ_j}.
    fn decode(&self) -> (f64, f64, f64) {
        let n = self.n as f64;
        let (mut c, mut s, mut m0) = (0.0, 0.0, 0.0);
        for j in 0..self.n {
            c += self.m[j] * self.cs[j];
            s += self.m[j] * self.sn[j];
            m0 += self.m[j];
        }
        let (c, s) = (c / n, s / n);
        let mut psi = atan2(s, c);
        if psi < 0.0 {
            psi += 2.0 * PI;
        }
        (psi, 2.0 * sqrt(c * c + s * s), m0 / n)
    }

    fn snapshot(&mut self) {
        let n = self.n;
        let every = SPEC.window_ms / RING_COLS as f64;
        while self.next_snap <= self.t + 1e-6 {
            let k = self.ring_next;
            self.ring[k * n..(k + 1) * n].copy_from_slice(&self.m);
            self.ring_t[k] = self.next_snap;
            self.ring_next = (k + 1) % RING_COLS;
            self.ring_len = (self.ring_len + 1).min(RING_COLS);
            self.next_snap += every;
        }
    }

    /// Full width at half maximum of the current profile, in degrees: from the peak unit out to
    /// where the rate crosses half the peak (above the baseline 0), interpolated linearly.
    fn fwhm_deg(&self) -> Option<f64> {
        let n = self.n;
        let (k, &peak) = self
            .m
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(b.1))?;
        let floor = self
            .m
            .iter()
            .copied()
            .fold(f64::INFINITY, f64::min)
            .max(0.0);
        // No bump: less than 1 Hz of modulation.
        if peak - floor < 1.0 {
            return None;
        }
        let half = floor + 0.5 * (peak - floor);
        let side = |dir: isize| -> Option<f64> {
            let mut prev = peak;
            for step in 1..n {
                let j = (k as isize + dir * step as isize).rem_euclid(n as isize) as usize;
                let v = self.m[j];
                if v < half {
                    return Some((step - 1) as f64 + (prev - half) / (prev - v));
                }
                prev = v;
            }
            None
        };
        let w = side(1)? + side(-1)?;
        Some(w * 360.0 / n as f64)
    }
}

impl Model for Ring {
    fn time_ms(&self) -> f64 {
        self.t
    }

    fn step(&mut self, _spikes: &mut Vec<Spike>) {
        let c = &self.c;
        let n = self.n;
        let nf = n as f64;
        let (mut sc, mut ss, mut s0) = (0.0, 0.0, 0.0);
        for j in 0..n {
            sc += self.m[j] * self.cs[j];
            ss += self.m[j] * self.sn[j];
            s0 += self.m[j];
        }
        let (a, b) = if c.cue_on(self.t) {
            (c.cue * c.cue_cos, c.cue * c.cue_sin)
        } else {
            (0.0, 0.0)
        };
        let (kc, ks) = (c.j2 * sc / nf + a, c.j2 * ss / nf + b);
        let base = c.h0 + c.j0 * s0 / nf;
        for i in 0..n {
            self.u[i] = base + kc * self.cs[i] + ks * self.sn[i];
        }
        let h = c.dt / c.tau;
        let noise = c.sigma * sqrt(2.0 * h);
        for i in 0..n {
            let drive = self.u[i].max(0.0);
            self.m[i] += h * (drive - self.m[i]);
            if noise > 0.0 {
                self.m[i] += noise * rng::normal(&mut self.rng);
            }
        }
        let was_on = c.cue_on(self.t);
        self.t += c.dt;
        let (psi, _, _) = self.decode();
        let mut d = psi - self.psi;
        if d > PI {
            d -= 2.0 * PI;
        } else if d < -PI {
            d += 2.0 * PI;
        }
        self.psi = psi;
        self.psi_unwrapped += d;
        if was_on && !self.c.cue_on(self.t) {
            self.psi_at_cue_end = Some(self.psi_unwrapped);
        }
        self.snapshot();
    }

    fn sample(&self, out: &mut [f64]) {
        let (psi, amp, mean) = self.decode();
        out[0] = psi.to_degrees();
        out[1] = amp;
        out[2] = mean;
        out[3] = if self.c.cue_on(self.t) {
            self.c.cue
        } else {
            0.0
        };
    }

    fn set_params(&mut self, p: &Params) {
        self.c = Consts::from(p);
    }

    fn measure(&self, name: &str, _rec: &Recording) -> Option<f64> {
        let c = &self.c;
        match name {
            "bump_position_deg" => Some(self.psi.to_degrees()),
            "bump_width_deg" => self.fwhm_deg(),
            "drift_deg" => self
                .psi_at_cue_end
                .map(|p0| (self.psi_unwrapped - p0).to_degrees()),
            "peak_rate_hz" => self.m.iter().copied().reduce(f64::max),
            "width_theory_deg" => c
                .theory
                .map(|(tc, _)| (2.0 * libm::acos((1.0 + cos(tc)) / 2.0)).to_degrees()),
            "peak_theory_hz" => c.theory.map(|(tc, a)| a * (1.0 - cos(tc))),
            "diffusion_theory_deg2_per_s" => c.theory.map(|(_, a)| {
                let d = c.sigma * c.sigma * c.j2 * c.j2 / (2.0 * c.tau * a * a * self.n as f64);
                d * (180.0 / PI) * (180.0 / PI) * 1000.0
            }),
            _ => None,
        }
    }

    fn profile(&self, name: &str, out: &mut Vec<(f64, f64)>) {
        out.clear();
        let n = self.n;
        let deg = |i: usize| 360.0 * i as f64 / n as f64;
        match name {
            "rate" => out.extend(self.m.iter().enumerate().map(|(i, &m)| (deg(i), m))),
            "theory" => {
                if let Some((tc, a)) = self.c.theory {
                    let ct = cos(tc);
                    out.extend((0..n).map(|i| {
                        (
                            deg(i),
                            (a * (cos(2.0 * PI * i as f64 / n as f64 - self.psi) - ct)).max(0.0),
                        )
                    }));
                }
            }
            _ => {}
        }
    }

    fn image(&self, name: &str, out: &mut Image) {
        if name != "activity" {
            return;
        }
        let (n, w) = (self.n, self.ring_len);
        out.width = w;
        out.height = n;
        out.values.clear();
        out.values.resize(w * n, 0.0);
        let oldest = (self.ring_next + RING_COLS - w) % RING_COLS;
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for i in 0..w {
            let k = (oldest + i) % RING_COLS;
            for j in 0..n {
                let v = self.ring[k * n + j];
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
        out.y_range = (0.0, 360.0);
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
    use crate::testkit;

    fn params(preset: &str, set: &[(&str, f64)]) -> Params {
        testkit::params(&ENTRY, Some(preset), set)
    }

    fn run(p: Params, seed: u64, ms: f64) -> Simulation {
        testkit::run(&ENTRY, p, seed, ms)
    }

    #[test]
    fn bump_has_the_width_and_height_of_the_closed_form() {
        // BYBS marginal phase (module doc): J₂ (θ_c − sin θ_c cos θ_c) = 2π. For J₂ = 10,
        // θ_c = 1.0558 rad (60.5°); FWHM 2 arccos((1 + cos θ_c)/2) = 83.52°; with J₀ = −6,
        // h₀ = 10 Hz the peak is A (1 − cos θ_c) = 28.47 Hz. And for J₂ = 6, J₀ = −3: θ_c = 74.7°.
        // The simulated bump of 128 units, 1 s after the cue, matches both within 0.5 % (the sum
        // over units replaces the integral; the width is interpolated between units 2.8° apart).
        let (tc, _) = bump_theory(-6.0, 10.0, 10.0).unwrap();
        assert!((tc - 1.0558).abs() < 1e-3, "θ_c = {tc}");
        assert!((10.0 * (tc - tc.sin() * tc.cos()) - 2.0 * PI).abs() < 1e-9);
        let (tc6, _) = bump_theory(-3.0, 6.0, 10.0).unwrap();
        assert!(
            (tc6.to_degrees() - 74.7).abs() < 0.1,
            "θ_c = {}",
            tc6.to_degrees()
        );
        for (j0, j2) in [(-6.0, 10.0), (-3.0, 6.0)] {
            let sim = run(
                params("persistent_bump", &[("J0", j0), ("J2", j2)]),
                1,
                1250.0,
            );
            let (w, wt) = (
                sim.measure("bump_width_deg").unwrap(),
                sim.measure("width_theory_deg").unwrap(),
            );
            let (pk, pt) = (
                sim.measure("peak_rate_hz").unwrap(),
                sim.measure("peak_theory_hz").unwrap(),
            );
            assert!(
                (w / wt - 1.0).abs() < 0.005,
                "J₂ = {j2}: width {w}° vs {wt}°"
            );
            assert!(
                (pk / pt - 1.0).abs() < 0.005,
                "J₂ = {j2}: peak {pk} Hz vs {pt} Hz"
            );
            if j2 == 10.0 {
                assert!(
                    (wt - 83.52).abs() < 0.01 && (pt - 28.47).abs() < 0.01,
                    "{wt} {pt}"
                );
            }
        }
        // The profile is the closed-form bump, unit by unit, within 1 % of the peak.
        let sim = run(params("persistent_bump", &[]), 1, 1250.0);
        let (mut rate, mut theory) = (Vec::new(), Vec::new());
        sim.model().profile("rate", &mut rate);
        sim.model().profile("theory", &mut theory);
        for (a, b) in rate.iter().zip(&theory) {
            assert!(
                (a.1 - b.1).abs() < 0.01 * 28.47,
                "at {}°: {} vs {}",
                a.0,
                a.1,
                b.1
            );
        }
    }

    #[test]
    fn without_noise_the_bump_stays_where_the_cue_put_it() {
        // After the cue (0–250 ms) the bump must be at the cue and move less than 1° over the next
        // 2 s: the ring is (up to the discreteness of 128 units) a continuum of fixed points. Cue
        // positions on a unit (90°), between units (181.4°) and anywhere (333.3°), seeds 1–2.
        for cue in [90.0, 181.4, 333.3] {
            for seed in [1, 2] {
                let mut sim = run(params("persistent_bump", &[("cue_deg", cue)]), seed, 300.0);
                let p0 = sim.measure("bump_position_deg").unwrap();
                assert!(
                    (p0 - cue).abs() < 1.0,
                    "cue {cue}°, seed {seed}: bump at {p0}°"
                );
                sim.run_for(2000.0).unwrap();
                let d = sim.measure("drift_deg").unwrap();
                assert!(d.abs() < 1.0, "cue {cue}°, seed {seed}: drift {d}°");
                assert!(sim.measure("bump_width_deg").is_some());
            }
        }
    }

    #[test]
    fn with_noise_the_bump_diffuses_as_the_projection_predicts() {
        // σ = 2 Hz: the mean squared displacement of the unwrapped position grows linearly with
        // the lag, 2 D s, with D = σ² J₂²/(2 τ A² N) (module doc; 163.4 deg²/s here). Eight seeds,
        // 10 s each after the cue, dt = 0.2 ms, MSD over all (overlapping) windows of each lag.
        // Errors, from the spread of one run over seeds 1–32 (divided by √8 for the eight): the
        // ratio MSD(100 ms)/MSD(25 ms) has SEM 0.13 and the D fitted at 25 ms 2.1 %, both close
        // to the Brownian-motion value of Qian, Sheetz & Elson 1991 (Biophys. J. 60:910) for
        // overlapping windows, ((2/3) s/T)^½. Bands of 3 SEM: the ratio within 4 ± 0.39 (4 for a
        // random walk) and D within 6.2 % of the projection (first order in σ; over 32 seeds the
        // fit is 2.1 ± 1.0 % above it). Long lags test that the walk does not stop (a pinned bump
        // would saturate), but are noisier: MSD(800)/MSD(200) has SEM 0.36, so 4 ± 1.08.
        let lags = [25usize, 100, 200, 800];
        let mut msd = [0.0; 4];
        let mut count = [0.0; 4];
        let mut d_theory = 0.0;
        for seed in 1..=8 {
            let mut sim = run(params("diffusing_bump", &[("dt", 0.2)]), seed, 300.0);
            d_theory = sim.measure("diffusion_theory_deg2_per_s").unwrap() / 1000.0;
            sim.rec.clear(sim.time_ms());
            sim.run_for(10_000.0).unwrap();
            let raw = &sim.rec.traces[0];
            let mut pos = Vec::with_capacity(raw.len());
            let mut acc = raw[0];
            pos.push(acc);
            for w in raw.windows(2) {
                let mut d = w[1] - w[0];
                if d > 180.0 {
                    d -= 360.0
                } else if d < -180.0 {
                    d += 360.0
                }
                acc += d;
                pos.push(acc);
            }
            for (k, &lag) in lags.iter().enumerate() {
                for t in 0..pos.len() - lag {
                    let d = pos[t + lag] - pos[t];
                    msd[k] += d * d;
                    count[k] += 1.0;
                }
            }
        }
        // The closed form, retyped: θ_c from J₂ (θ_c − sin θ_c cos θ_c) = 2π, then A, then D.
        let (j0, j2, h0, sigma, tau, n) = (-6.0f64, 10.0f64, 10.0f64, 2.0f64, 10.0f64, 128.0f64);
        let (mut lo, mut hi) = (0.0f64, PI);
        for _ in 0..100 {
            let m = 0.5 * (lo + hi);
            if m - m.sin() * m.cos() < 2.0 * PI / j2 {
                lo = m
            } else {
                hi = m
            }
        }
        let tc = 0.5 * (lo + hi);
        let a = h0 / (j0 * (tc * tc.cos() - tc.sin()) / PI - tc.cos());
        let d_closed = sigma * sigma * j2 * j2 / (2.0 * tau * a * a * n) * (180.0 / PI).powi(2);
        assert!(
            (d_theory / d_closed - 1.0).abs() < 1e-9,
            "model's D {d_theory}, closed form {d_closed} deg²/ms"
        );
        let msd: Vec<f64> = msd.iter().zip(&count).map(|(s, c)| s / c).collect();
        let ratio = msd[1] / msd[0];
        assert!(
            (ratio - 4.0).abs() < 0.39,
            "MSD(100)/MSD(25) = {ratio}, {msd:?}"
        );
        let ratio_long = msd[3] / msd[2];
        assert!(
            (ratio_long - 4.0).abs() < 1.08,
            "MSD(800)/MSD(200) = {ratio_long}, {msd:?}"
        );
        let d_fit = msd[0] / (2.0 * 25.0);
        assert!(
            (d_fit / d_closed - 1.0).abs() < 0.062,
            "D = {d_fit} deg²/ms, theory {d_closed} deg²/ms"
        );
    }

    /// Bump amplitude 2|Z| over time, from the trace.
    fn amplitude(sim: &Simulation, t: f64) -> f64 {
        let k = sim.rec.t.partition_point(|&s| s < t - 1e-9);
        sim.rec.traces[1][k]
    }

    #[test]
    fn below_j2_of_two_no_bump_forms_and_above_it_one_grows() {
        // Linear stability of the uniform state (module doc): the cos mode evolves as
        // τ da/dt = (J₂/2 − 1) a while every unit is above threshold (m₀ = h₀/(1 − J₀) = 3.33 Hz
        // ≫ the 0.1 Hz perturbation). Forward Euler multiplies it by 1 + (dt/τ)(J₂/2 − 1) per
        // step. No cue: for J₂ = 1.5 the amplitude decays at that rate (fit 100–300 ms, 0.5 %),
        // for J₂ = 2.5 it grows at it (20–100 ms, while still small), and for J₂ = 1.9 after 2 s
        // there is no bump (amplitude < 1e-3 Hz, no width).
        for (j2, t0, t1) in [(1.5, 100.0, 300.0), (2.5, 20.0, 100.0)] {
            let sim = run(
                params("spontaneous", &[("J2", j2), ("J0", -2.0)]),
                1,
                t1 + 1.0,
            );
            let (a0, a1) = (amplitude(&sim, t0), amplitude(&sim, t1));
            let rate = (a1 / a0).ln() / (t1 - t0);
            let want = (1.0 + 0.01 * (j2 / 2.0 - 1.0)).ln() / 0.1;
            assert!(
                (rate / want - 1.0).abs() < 0.005,
                "J₂ = {j2}: rate {rate}/ms, theory {want}/ms"
            );
            assert!(a1 < 0.5, "still linear: amplitude {a1}");
        }
        let sim = run(
            params("spontaneous", &[("J2", 1.9), ("J0", -2.0)]),
            1,
            2000.0,
        );
        assert!(*sim.rec.traces[1].last().unwrap() < 1e-3);
        assert_eq!(sim.measure("bump_width_deg"), None);
        assert_eq!(sim.measure("width_theory_deg"), None);
        // Above threshold the same network forms a full bump on its own.
        let sim = run(
            params("spontaneous", &[("J2", 2.5), ("J0", -2.0)]),
            1,
            2000.0,
        );
        assert!(sim.measure("bump_width_deg").is_some());
    }

    #[test]
    fn the_no_bump_preset_forgets_the_cue() {
        // J₂ = 1.5: during the cue a hill forms; after it the modulation decays with
        // τ/(1 − J₂/2) = 40 ms: 200 ms later (5 time constants) less than 1 % of it is left.
        let mut sim = run(params("no_bump", &[]), 1, 250.0);
        let a0 = *sim.rec.traces[1].last().unwrap();
        assert!(a0 > 5.0, "hill during the cue: {a0} Hz");
        sim.run_for(200.0).unwrap();
        let a1 = *sim.rec.traces[1].last().unwrap();
        assert!(a1 < 0.01 * a0, "after the cue: {a1} Hz");
    }

    #[test]
    fn heat_map_holds_the_recent_profiles() {
        // One column every 10 ms over the 2 s window, one row per unit; the newest column is the
        // current profile.
        let sim = run(params("persistent_bump", &[]), 1, 2500.0);
        let mut img = Image::default();
        sim.model().image("activity", &mut img);
        assert_eq!((img.width, img.height), (RING_COLS, 128));
        assert!(
            (img.x_range.0 - 510.0).abs() < 1e-6 && (img.x_range.1 - 2500.0).abs() < 1e-6,
            "{:?}",
            img.x_range
        );
        let mut rate = Vec::new();
        sim.model().profile("rate", &mut rate);
        for (j, r) in rate.iter().enumerate() {
            assert!((img.values[j * RING_COLS + RING_COLS - 1] - r.1).abs() < 1e-9);
        }
    }
}
