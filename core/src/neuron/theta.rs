//! The θ-neuron: the normal form of a saddle-node on an invariant circle (SNIC).
//!
//! τ dθ/dt = (1 − cos θ) + (1 + cos θ) I,   a spike when θ crosses π
//! (Ermentrout & Kopell 1986, SIAM J. Appl. Math. 46:233; Ermentrout 1996, Neural Comput.
//! 8:979; Izhikevich 2007, *Dynamical Systems in Neuroscience* ch. 3 and 8; Ermentrout &
//! Terman 2010, *Mathematical Foundations of Neuroscience* ch. 8).
//!
//! θ is an angle on the circle (rad, kept in (−π, π]), I the drive (dimensionless: a distance to
//! the bifurcation in the units of the normal form) and τ the time unit of the normal form, a
//! membrane time constant (ms; default 10 ms, so the rate comes out in Hz). The change of
//! variables V = tan(θ/2) turns it into the quadratic integrate-and-fire neuron (QIF)
//!
//!   τ dV/dt = V² + I,   V → +∞: spike, V reset to −∞,
//!
//! because dV/dθ = ½ sec²(θ/2) = ½ (1 + V²), and 1 − cos θ = 2V²/(1 + V²), 1 + cos θ = 2/(1 + V²).
//! Any neuron whose rest state disappears in a saddle-node on the invariant circle (the type I
//! Morris–Lecar neuron, the Wang–Buzsáki interneuron, the Connor–Stevens model) reduces near the
//! bifurcation to this form, V being the coordinate along the centre manifold.
//!
//! - I < 0: two fixed points, V = ∓√(−I) (θ = ∓2 arctan √(−I)): the stable rest state and the
//!   unstable threshold (the saddle of a planar model). A kick that carries V past +√(−I) fires
//!   one spike, then θ comes back round the circle to rest: the neuron is excitable.
//! - I = 0: they merge at θ = 0 (the saddle-node).
//! - I > 0: no fixed point; θ turns for ever. The time from V = −∞ to +∞ is
//!   T = τ ∫ dV/(V² + I) = (τ/√I) [arctan(V/√I)]_{−∞}^{+∞} = π τ/√I, so the rate
//!   f = √I/(π τ) rises from zero as the square root of the distance to the bifurcation.
//!   Most of the period is spent near θ = 0, where dθ/dt is smallest (2I/τ): the ghost of the
//!   vanished fixed points. At I = 1 θ turns uniformly.
//!
//! Integration: RK4 on θ (smooth and bounded on the circle, unlike V, which blows up in finite
//! time); the spike time is the linear interpolation of the crossing of π inside the step (θ is
//! nearly linear there: d²θ/dt² ∝ sin θ vanishes at π). A kick `pulse_dv` at `pulse_t` jumps
//! V by ΔV (θ → 2 arctan(tan(θ/2) + ΔV)) at the first step starting at or after `pulse_t`.
//! The run starts at rest for I < 0, else at θ = −π (just after a spike).

use crate::integrate;
use crate::math::{atan2, cos, sin, sqrt, PI};
use crate::measure;
use crate::model::*;
use crate::params::Params;
use crate::record::Recording;

/// |V| = |tan(θ/2)| is drawn clipped to this value (V reaches ±∞ at each spike).
pub const V_CLIP: f64 = 5.0;
/// Points of the circle drawn in the plane.
const CIRCLE_POINTS: usize = 121;

pub static SPEC: ModelSpec = ModelSpec {
    id: "theta",
    title: "The θ-neuron (quadratic integrate-and-fire)",
    lecture: 3,
    summary: "The normal form of a saddle-node on an invariant circle: a phase θ turns round a circle and \
              fires at θ = π. Below the bifurcation a rest state and a threshold sit on the circle; above \
              it they are gone and the neuron fires at f = √I/(πτ), from arbitrarily low rates.",
    params: &[
        ParamSpec::real("I", "I", "", -1.0, 4.0, 0.1, 0.001)
            .help("drive, the distance to the saddle-node (dimensionless, units of the normal form)"),
        ParamSpec::real("tau", r"\tau", "ms", 1.0, 50.0, 10.0, 0.5)
            .help("time unit of the normal form (a membrane time constant)"),
        ParamSpec::real("pulse_t", r"t_{\mathrm{kick}}", "ms", 0.0, 5000.0, 50.0, 1.0)
            .help("time of the kick"),
        ParamSpec::real("pulse_dv", r"\Delta V", "", -5.0, 5.0, 0.0, 0.01)
            .help("size of the kick: V = tan(θ/2) jumps by ΔV (0 = no kick)"),
        ParamSpec::dt(0.001, 1.0, 0.05),
    ],
    presets: &[
        PresetSpec {
            name: "regular",
            description: "I = 1, τ = 10 ms: θ turns round the circle at the constant speed 2/τ and the neuron \
                          fires at √I/(πτ) = 31.8 Hz, a period of πτ = 31.4 ms.",
            values: &[("I", 1.0)],
        },
        PresetSpec {
            name: "near_onset",
            description: "I = 0.01, just above the saddle-node: a period of 314 ms (3.18 Hz), nearly all of it \
                          spent crawling past θ = 0, the ghost of the vanished rest state.",
            values: &[("I", 0.01)],
        },
        PresetSpec {
            name: "excitable",
            description: "I = −0.04: rest at V = −0.2, threshold at V = +0.2. A kick of ΔV = 0.5 at 50 ms carries V \
                          past threshold: one spike, and θ goes round the circle back to rest.",
            values: &[("I", -0.04), ("pulse_dv", 0.5)],
        },
        PresetSpec {
            name: "subthreshold",
            description: "The same rest state with a kick of ΔV = 0.3: V = 0.1 stays below the threshold at 0.2 and \
                          slides back to rest without a spike.",
            values: &[("I", -0.04), ("pulse_dv", 0.3)],
        },
    ],
    traces: &[
        TraceSpec::new("theta", "phase θ on the circle (spike at ±π)", "rad", 10.0),
        TraceSpec::new("V", "QIF voltage V = tan(θ/2), clipped to ±5", "", 10.0),
    ],
    measures: &[
        MeasureSpec::new("rate_hz", "firing rate (1 / mean ISI; count / time below 2 spikes)", "Hz"),
        MeasureSpec::new("rate_theory_hz", "closed form √I/(πτ) (0 for I ≤ 0)", "Hz"),
        MeasureSpec::new("period_ms", "mean interspike interval", "ms"),
        MeasureSpec::new("period_theory_ms", "closed form πτ/√I (I > 0)", "ms"),
        MeasureSpec::new("spike_count", "spikes (crossings of θ = π) in the recording", ""),
    ],
    plots: &[
        PlotSpec {
            id: "phase",
            title: "Phase θ (a spike at each crossing of π)",
            kind: PlotKind::TimeSeries { traces: &["theta"], y_label: "θ (rad)", y: Range::Fixed(-3.2, 3.2) },
        },
        PlotSpec {
            id: "voltage",
            title: "The same neuron as a QIF: V = tan(θ/2)",
            kind: PlotKind::TimeSeries { traces: &["V"], y_label: "V", y: Range::Fixed(-5.0, 5.0) },
        },
        PlotSpec {
            id: "circle",
            title: "The state on the circle (cos θ, sin θ): spike at the left, rest and threshold below the bifurcation",
            kind: PlotKind::Plane {
                points: &["state", "fixed_points", "spike"],
                lines: &["circle"],
                vectors: &[],
                background: "",
                x_label: "cos θ",
                y_label: "sin θ",
                x: Range::Fixed(-1.2, 1.2),
                y: Range::Fixed(-1.2, 1.2),
            },
        },
        PlotSpec {
            id: "f_i",
            title: "f–I curve: the rate rises from zero as √I/(πτ) (line)",
            kind: PlotKind::Sweep {
                param: "I",
                measure: "rate_hz",
                from: -0.2,
                to: 2.0,
                steps: 23,
                settle_ms: 0.0,
                duration_ms: 2000.0,
                overlays: &["rate_theory"],
                seeds: 1,
                y: Range::Auto,
            },
        },
    ],
    window_ms: 500.0,
    sample_ms: 0.5,
    default_duration_ms: 2000.0,
    stochastic: false,
    clock: Clock::Time,
    offload: false,
};

pub static ENTRY: ModelEntry = ModelEntry { spec: &SPEC, build };

/// dθ/dt in units of 1/τ: (1 − cos θ) + (1 + cos θ) I.
#[inline]
pub fn dtheta(theta: f64, i: f64) -> f64 {
    let c = cos(theta);
    (1.0 - c) + (1.0 + c) * i
}

/// Period πτ/√I in units of τ (`None` for I ≤ 0: no oscillation).
pub fn period(i: f64) -> Option<f64> {
    (i > 0.0).then(|| PI / sqrt(i))
}

/// Rate √I/(πτ) in Hz for τ in ms (0 for I ≤ 0).
pub fn rate_hz(i: f64, tau_ms: f64) -> f64 {
    if i > 0.0 {
        1000.0 * sqrt(i) / (PI * tau_ms)
    } else {
        0.0
    }
}

/// The phase θ after V = tan(θ/2) jumps by `dv`: 2 arctan(tan(θ/2) + dv), in (−π, π).
/// At θ = ±π (V = ±∞) a finite kick changes nothing.
pub fn kick(theta: f64, dv: f64) -> f64 {
    let (s, c) = (sin(0.5 * theta), cos(0.5 * theta));
    if c.abs() < 1e-300 {
        return theta;
    }
    // tan(θ/2) + dv = (s + dv c)/c; with c ≥ 0 on (−π, π], atan2 keeps the branch.
    2.0 * atan2(s + dv * c, c)
}

/// The fixed points (rest, threshold) in θ for I < 0, ∓2 arctan √(−I); both 0 at I = 0.
pub fn fixed_points(i: f64) -> Option<(f64, f64)> {
    (i <= 0.0).then(|| {
        let a = 2.0 * atan2(sqrt(-i), 1.0);
        (-a, a)
    })
}

/// θ on its circle (−π, π].
#[inline]
fn wrap(theta: f64) -> f64 {
    let mut t = theta;
    while t > PI {
        t -= 2.0 * PI;
    }
    while t <= -PI {
        t += 2.0 * PI;
    }
    t
}

fn build(p: &Params, _seed: u64) -> Box<dyn Model> {
    let c = Consts::from(p);
    let theta = match fixed_points(c.i) {
        Some((rest, _)) => rest,
        None => -PI,
    };
    Box::new(Theta {
        t: 0.0,
        theta,
        kicked: false,
        p: c,
    })
}

struct Consts {
    i: f64,
    tau: f64,
    pulse_t: f64,
    pulse_dv: f64,
    dt: f64,
}

impl Consts {
    fn from(p: &Params) -> Self {
        Consts {
            i: p.get("I"),
            tau: p.get("tau"),
            pulse_t: p.get("pulse_t"),
            pulse_dv: p.get("pulse_dv"),
            dt: p.get("dt"),
        }
    }
}

struct Theta {
    t: f64,
    /// θ, rad, in (−π, π] between steps.
    theta: f64,
    /// Whether the kick has been given.
    kicked: bool,
    p: Consts,
}

impl Model for Theta {
    fn time_ms(&self) -> f64 {
        self.t
    }

    fn step(&mut self, spikes: &mut Vec<Spike>) {
        let c = &self.p;
        if !self.kicked && self.t >= c.pulse_t {
            self.kicked = true;
            if c.pulse_dv != 0.0 {
                self.theta = kick(self.theta, c.pulse_dv);
            }
        }
        let (i, tau, dt) = (c.i, c.tau, c.dt);
        let mut y = [self.theta];
        integrate::rk4(self.t, &mut y, dt, |_, y| [dtheta(y[0], i) / tau]);
        let (old, new) = (self.theta, y[0]);
        // dθ/dt ≥ 0 wherever I ≥ 0, and at θ = π it is 2/τ > 0: θ crosses π only upwards.
        if old < PI && new >= PI {
            let s = (PI - old) / (new - old);
            spikes.push(Spike {
                t_ms: self.t + s * dt,
                neuron: 0,
            });
        }
        self.theta = wrap(new);
        self.t += dt;
    }

    fn sample(&self, out: &mut [f64]) {
        out[0] = self.theta;
        let v = sin(0.5 * self.theta) / cos(0.5 * self.theta);
        out[1] = if v.is_finite() {
            v.clamp(-V_CLIP, V_CLIP)
        } else {
            V_CLIP
        };
    }

    fn set_params(&mut self, p: &Params) {
        self.p = Consts::from(p);
        // A kick moved later than now is given again at its new time.
        if self.p.pulse_t > self.t {
            self.kicked = false;
        }
    }

    fn measure(&self, name: &str, rec: &Recording) -> Option<f64> {
        let c = &self.p;
        match name {
            "rate_hz" => {
                let n = measure::spike_times(&rec.spikes, 0).count();
                if n >= 2 {
                    measure::rate_from_isi_hz(&rec.spikes, 0)
                } else {
                    let d = rec.duration_ms(self.t);
                    (d > 0.0).then(|| n as f64 / (d * 1e-3))
                }
            }
            "rate_theory_hz" => Some(rate_hz(c.i, c.tau)),
            "period_ms" => measure::rate_from_isi_hz(&rec.spikes, 0).map(|r| 1000.0 / r),
            "period_theory_ms" => period(c.i).map(|t| t * c.tau),
            "spike_count" => Some(measure::spike_times(&rec.spikes, 0).count() as f64),
            _ => None,
        }
    }

    fn overlay(&self, name: &str, x: f64) -> Option<f64> {
        match name {
            "rate_theory" => Some(rate_hz(x, self.p.tau)),
            _ => None,
        }
    }

    fn profile(&self, name: &str, out: &mut Vec<(f64, f64)>) {
        out.clear();
        match name {
            "state" => out.push((cos(self.theta), sin(self.theta))),
            "spike" => out.push((-1.0, 0.0)),
            "fixed_points" => {
                if let Some((rest, threshold)) = fixed_points(self.p.i) {
                    out.push((cos(rest), sin(rest)));
                    out.push((cos(threshold), sin(threshold)));
                }
            }
            "circle" => out.extend((0..CIRCLE_POINTS).map(|k| {
                let a = 2.0 * PI * k as f64 / (CIRCLE_POINTS - 1) as f64;
                (cos(a), sin(a))
            })),
            _ => {}
        }
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

    fn spikes(sim: &Simulation) -> Vec<f64> {
        measure::spike_times(&sim.rec.spikes, 0).collect()
    }

    #[test]
    fn period_is_pi_over_sqrt_i() {
        // T = πτ/√I (Ermentrout & Kopell 1986; Ermentrout & Terman 2010 ch. 8): the integral
        // τ∫dV/(V² + I) over the real line. Every interval, and the first spike from θ = −π,
        // within 1e-3 (relative) at the default step, from near onset to I = 4.
        for i in [0.01, 0.1, 0.5, 1.0, 4.0] {
            let tau = 10.0;
            let want = PI * tau / sqrt(i);
            let sim = testkit::run(&ENTRY, params(None, &[("I", i)]), 0, 3.5 * want);
            let t = spikes(&sim);
            assert!(t.len() >= 3, "I = {i}: {} spikes", t.len());
            assert!(
                rel(t[0], want) < 1e-3,
                "I = {i}: first spike {} vs {want}",
                t[0]
            );
            for w in t.windows(2) {
                assert!(
                    rel(w[1] - w[0], want) < 1e-3,
                    "I = {i}: ISI {} vs {want}",
                    w[1] - w[0]
                );
            }
            let rate = sim.measure("rate_hz").unwrap();
            assert!(rel(rate, rate_hz(i, tau)) < 1e-3, "I = {i}: {rate} Hz");
            assert!(rel(sim.measure("period_theory_ms").unwrap(), want) < 1e-12);
        }
    }

    #[test]
    fn the_theta_equation_is_the_qif_in_disguise() {
        // With V = tan(θ/2): dV/dt = ½(1 + V²) dθ/dt = V² + I (Ermentrout & Kopell 1986).
        for i in [-0.3, 0.0, 0.7] {
            for k in 0..50 {
                let th = -3.0 + 6.0 * k as f64 / 49.0;
                let v = (0.5 * th).tan();
                let dv = 0.5 * (1.0 + v * v) * dtheta(th, i);
                assert!(
                    (dv - (v * v + i)).abs() < 1e-12 * (1.0 + v * v),
                    "θ = {th}, I = {i}"
                );
            }
        }
        // The kick adds to V exactly.
        let th = kick(0.4, 0.25);
        assert!(((0.5 * th).tan() - ((0.2f64).tan() + 0.25)).abs() < 1e-14);
    }

    #[test]
    fn below_the_saddle_node_a_kick_past_the_threshold_fires_once() {
        // I = −0.04: rest V = −0.2, threshold V = +0.2. From rest, ΔV = 0.5 (to V = 0.3) fires one
        // spike and returns to rest; ΔV = 0.3 (to V = 0.1) and ΔV = 0.39 (0.19) do not fire;
        // 0.41 (0.21) does, late, after lingering near the threshold.
        let count = |dv: f64| {
            let sim = testkit::run(
                &ENTRY,
                params(Some("excitable"), &[("pulse_dv", dv)]),
                0,
                3000.0,
            );
            let theta = *sim.rec.traces[0].last().unwrap();
            (spikes(&sim).len(), theta)
        };
        let rest = -2.0 * (0.2f64).atan();
        for (dv, n) in [(0.3, 0), (0.39, 0), (0.41, 1), (0.5, 1), (2.0, 1)] {
            let (got, theta) = count(dv);
            assert_eq!(got, n, "ΔV = {dv}");
            assert!(
                (theta - rest).abs() < 1e-3,
                "ΔV = {dv}: θ ends at {theta}, rest {rest}"
            );
        }
        // The rest state is θ = −2 arctan √(−I) and stays put without a kick.
        let sim = testkit::run(
            &ENTRY,
            params(Some("excitable"), &[("pulse_dv", 0.0)]),
            0,
            500.0,
        );
        assert!(sim.rec.traces[0]
            .iter()
            .all(|&th| (th - rest).abs() < 1e-12));
        assert!(sim.measure("period_theory_ms").is_none());
        assert_eq!(sim.measure("rate_theory_hz"), Some(0.0));
    }

    #[test]
    fn rate_rises_as_the_square_root_of_the_drive() {
        // f = √I/(πτ): quadrupling I doubles the rate (the SNIC scaling; Izhikevich 2007 ch. 7).
        let rate = |i: f64| {
            testkit::run(&ENTRY, params(None, &[("I", i)]), 0, 2000.0)
                .measure("rate_hz")
                .unwrap()
        };
        let (a, b) = (rate(0.05), rate(0.2));
        assert!(rel(b / a, 2.0) < 2e-3, "{a} Hz, {b} Hz");
        // Exactly at the bifurcation θ creeps towards 0 and never fires.
        let sim = testkit::run(&ENTRY, params(None, &[("I", 0.0)]), 0, 2000.0);
        assert_eq!(sim.measure("spike_count"), Some(0.0));
    }

    #[test]
    fn plots_show_the_circle_and_the_fixed_points() {
        let sim = testkit::run(&ENTRY, params(Some("excitable"), &[]), 0, 10.0);
        let mut out = Vec::new();
        sim.model().profile("fixed_points", &mut out);
        assert_eq!(out.len(), 2);
        // Rest below the x axis, threshold above, symmetric (θ = ∓2 arctan 0.2).
        assert!(out[0].1 < 0.0 && out[1].1 > 0.0 && (out[0].0 - out[1].0).abs() < 1e-12);
        sim.model().profile("circle", &mut out);
        assert!(out.iter().all(|(x, y)| (x * x + y * y - 1.0).abs() < 1e-12));
        assert_eq!(
            sim.model().overlay("rate_theory", 1.0),
            Some(rate_hz(1.0, 10.0))
        );
    }
}
