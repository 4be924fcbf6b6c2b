//! Izhikevich's simple model of spiking neurons.
//!
//! dv/dt = 0.04 v² + 5 v + 140 − u + I(t)
//! du/dt = a (b v − u)
//! v ≥ 30 mV  →  spike; v ← c, u ← u + d
//!
//! (Izhikevich 2003, IEEE Trans. Neural Netw. 14:1569, eqs. 1–3 and Fig. 2; Izhikevich 2004,
//! IEEE Trans. Neural Netw. 15:1063, Fig. 1; Izhikevich 2007, *Dynamical Systems in
//! Neuroscience* ch. 8.) v is the membrane potential in mV, u a recovery variable in the same
//! units as the current I (the model's currents are dimensionless, as in the paper, with time in
//! ms). The quadratic term makes v blow up in finite time once past threshold: 30 mV is the cut
//! where the upstroke is stopped, not a threshold. Four parameters set the firing pattern:
//! a the speed of recovery, b how strongly u follows v below threshold, c the reset of v (the
//! after-spike hyperpolarisation), d the jump of u at each spike (slow after-spike currents).
//!
//! Presets: the cortical and thalamic classes of Izhikevich 2003 Fig. 2 with its (a, b, c, d):
//! RS (0.02, 0.2, −65, 8), IB (0.02, 0.2, −55, 4), CH (0.02, 0.2, −50, 2), FS (0.1, 0.2, −65, 2),
//! LTS (0.02, 0.25, −65, 2), TC (0.02, 0.25, −65, 0.05), RZ (0.1, 0.26, −65, 2). The currents are
//! ours, chosen so that each pattern shows plainly: a step to I = 10 for the cortical cells;
//! TC released from I_0 = −15 to 0 (rebound burst) or stepped from 0 to 1 (tonic); RZ released
//! from I_0 = −10 to 0 (rebound spike and ringing).
//!
//! Rest. Where I is constant the v-nullcline u = 0.04 v² + 5 v + 140 + I meets the u-nullcline
//! u = b v at 0.04 v² + (5 − b) v + 140 + I = 0. With D = (5 − b)² − 0.16 (140 + I) the lower
//! root is v* = (−(5 − b) − √D)/0.08 (for b = 0.2, I = 0: v = −70 mV, u = −14); there
//! 0.08 v* + 5 = b − √D, so the Jacobian [[b − √D, −1], [a b, −a]] has det = a √D > 0 and
//! tr = b − √D − a: rest is stable while √D > b − a, and a focus (damped subthreshold oscillations,
//! a resonator) when tr² < 4 det (Izhikevich 2007 chs. 7–8). The run starts at rest for the
//! holding current I_0 (at (c, b c) if there is no stable rest); I jumps to I_ext at t_on.
//!
//! Integration: forward Euler (the paper's scheme is Euler with v updated in two half steps of
//! 0.5 ms) or classical RK4 at a small dt (default 0.05 ms). A spike is timed by linear
//! interpolation of the crossing of 30 mV inside the step; the state is reset there and the rest
//! of the step is integrated from the reset, which keeps RK4 spike times within 0.02 ms of the
//! converged ones at the default dt (tests). The sampled trace shows V = 30 mV at the first sample
//! after each spike (the cut, as in Izhikevich's figures), so that every spike is visible whatever
//! dt and the sampling interval.
//!
//! Measures recognise the patterns from the spike train alone: `adaptation_index` = last ISI /
//! first ISI (RS 2.6, LTS 4.6, IB 15, FS 1.9: its intervals settle within three spikes);
//! `spikes_per_burst` and `burst_fraction` from a scale-free burst criterion (see `bursts`: CH
//! ≈ 5 spikes per burst, every spike in a burst; IB one initial burst; tonic cells none);
//! `subthreshold_freq_hz`, Im λ/2π at rest (24.4 Hz for RZ, 0 for the RS integrator).

use crate::integrate::{self, Method};
use crate::math::sqrt;
use crate::measure;
use crate::model::*;
use crate::params::Params;
use crate::record::Recording;

/// The spike cut-off, mV (Izhikevich 2003 eq. 3).
pub const V_PEAK: f64 = 30.0;
const SAMPLE_MS: f64 = 0.1;

pub static SPEC: ModelSpec = ModelSpec {
    id: "izhikevich",
    title: "Izhikevich neuron",
    lecture: 1,
    summary: "Two variables and four parameters (a, b, c, d) reproduce the firing patterns of cortical and \
              thalamic neurons: regular spiking, bursting, chattering, fast spiking, rebound bursts.",
    params: &[
        ParamSpec::real("a", "a", "1/ms", 0.001, 0.2, 0.02, 0.001)
            .help("rate of the recovery variable u: small a = slow recovery"),
        ParamSpec::real("b", "b", "", -0.5, 0.5, 0.2, 0.01)
            .help("sensitivity of u to subthreshold v: larger b couples them more (low threshold, resonance)"),
        ParamSpec::real("c", "c", "mV", -80.0, -40.0, -65.0, 0.5).help("after-spike reset of v"),
        ParamSpec::real("d", "d", "", -5.0, 10.0, 8.0, 0.01).help("after-spike jump of u (slow adapting currents)"),
        ParamSpec::real("I_ext", r"I_{\mathrm{ext}}", "", -20.0, 40.0, 10.0, 0.1)
            .help("injected current from t_on on (dimensionless, as in the paper)"),
        ParamSpec::real("I_0", r"I_0", "", -20.0, 20.0, 0.0, 0.1)
            .help("holding current before t_on; the run starts at rest for this current"),
        ParamSpec::real("t_on", r"t_{\mathrm{on}}", "ms", 0.0, 500.0, 20.0, 1.0).help("time of the current step"),
        ParamSpec::dt(0.001, 1.0, 0.05),
        ParamSpec::choice("method", "method", &["euler", "rk4"], 1)
            .help("forward Euler (as in the paper, first order) or classical Runge–Kutta"),
    ],
    presets: &[
        PresetSpec {
            name: "regular_spiking",
            description: "RS, the excitatory cortical cell (Izhikevich 2003 Fig. 2): two quick spikes, then u has \
                          jumped by d = 8 per spike and the intervals settle 2.6 times longer — spike-frequency adaptation.",
            values: &[("a", 0.02), ("b", 0.2), ("c", -65.0), ("d", 8.0), ("I_ext", 10.0)],
        },
        PresetSpec {
            name: "intrinsically_bursting",
            description: "IB: the higher reset c = −55 mV gives an initial burst of three spikes 2–3 ms apart, then \
                          single spikes every 31 ms: the burst does not come back.",
            values: &[("a", 0.02), ("b", 0.2), ("c", -55.0), ("d", 4.0), ("I_ext", 10.0)],
        },
        PresetSpec {
            name: "chattering",
            description: "CH: reset at −50 mV with a small d: bursts of about five spikes 2–5 ms apart, separated \
                          by 48 ms pauses — watch the trajectory loop in the phase plane during each burst.",
            values: &[("a", 0.02), ("b", 0.2), ("c", -50.0), ("d", 2.0), ("I_ext", 10.0)],
        },
        PresetSpec {
            name: "fast_spiking",
            description: "FS, the inhibitory interneuron: fast recovery (a = 0.1) and small d: the same current as RS \
                          gives 135 Hz, and the intervals are constant after the third spike.",
            values: &[("a", 0.1), ("b", 0.2), ("c", -65.0), ("d", 2.0), ("I_ext", 10.0)],
        },
        PresetSpec {
            name: "low_threshold_spiking",
            description: "LTS (inhibitory): b = 0.25 lowers the threshold; a high-frequency onset that slows over \
                          six spikes to 75 Hz — strong adaptation (index ≈ 4.6), unlike FS.",
            values: &[("a", 0.02), ("b", 0.25), ("c", -65.0), ("d", 2.0), ("I_ext", 10.0)],
        },
        PresetSpec {
            name: "thalamocortical",
            description: "TC: held at −79 mV (I_0 = −15), then released to I = 0 at t_on: u has fallen during the \
                          hyperpolarisation, and the cell answers with a rebound burst of five spikes, then rests.",
            values: &[("a", 0.02), ("b", 0.25), ("c", -65.0), ("d", 0.05), ("I_0", -15.0), ("I_ext", 0.0), ("t_on", 100.0)],
        },
        PresetSpec {
            name: "thalamocortical_tonic",
            description: "TC from rest with a small depolarising step: tonic single spikes at 20 Hz — the same cell \
                          bursts or relays single spikes depending on where it starts.",
            values: &[("a", 0.02), ("b", 0.25), ("c", -65.0), ("d", 0.05), ("I_0", 0.0), ("I_ext", 1.0)],
        },
        PresetSpec {
            name: "resonator",
            description: "RZ: with b = 0.26 rest is a focus. Released from hyperpolarisation it fires one rebound \
                          spike, then rings at its own frequency, 24 Hz (Im λ/2π at rest), while the oscillation dies out.",
            values: &[("a", 0.1), ("b", 0.26), ("c", -65.0), ("d", 2.0), ("I_0", -10.0), ("I_ext", 0.0), ("t_on", 50.0)],
        },
    ],
    traces: &[
        TraceSpec::new("V", "membrane potential v", "mV", 1e4),
        TraceSpec::new("u", "recovery variable u", "", 1e4),
        TraceSpec::new("I", "injected current I", "", 1e3),
    ],
    measures: &[
        MeasureSpec::new("rate_hz", "firing rate", "Hz"),
        MeasureSpec::new("cv_isi", "coefficient of variation of the ISIs", ""),
        MeasureSpec::new("adaptation_index", "last ISI / first ISI (> 1: the firing slows down)", ""),
        MeasureSpec::new("spikes_per_burst", "mean spikes per burst, a single spike counting as 1", ""),
        MeasureSpec::new("burst_fraction", "fraction of the spikes that lie in bursts", ""),
        MeasureSpec::new("v_rest_mv", "stable resting potential at the present current (none: no stable rest)", "mV"),
        MeasureSpec::new("subthreshold_freq_hz", "damped oscillation at rest, Im λ/2π (0: an integrator)", "Hz"),
    ],
    plots: &[
        PlotSpec {
            id: "voltage",
            title: "Membrane potential",
            kind: PlotKind::TimeSeries { traces: &["V"], y_label: "v (mV)", y: Range::Fixed(-90.0, 40.0) },
        },
        PlotSpec {
            id: "recovery",
            title: "Recovery variable",
            kind: PlotKind::TimeSeries { traces: &["u"], y_label: "u", y: Range::Auto },
        },
        PlotSpec {
            id: "phase",
            title: "Phase plane (v, u)",
            kind: PlotKind::PhasePlane { x: "V", y: "u", x_range: (-90.0, 40.0), y_range: (-25.0, 15.0) },
        },
        PlotSpec {
            id: "current",
            title: "Injected current",
            kind: PlotKind::TimeSeries { traces: &["I"], y_label: "I", y: Range::Auto },
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
                to: 20.0,
                steps: 41,
                settle_ms: 300.0,
                duration_ms: 2000.0,
                overlays: &[],
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

fn build(p: &Params, _seed: u64) -> Box<dyn Model> {
    let c = Consts::from(p);
    let (v, u) = match rest(c.a, c.b, c.i_0) {
        Some(v) => (v, c.b * v),
        None => (c.c, c.b * c.c),
    };
    Box::new(Izhikevich {
        t: 0.0,
        v,
        u,
        p: c,
        steps_since_spike: u64::MAX,
    })
}

struct Consts {
    a: f64,
    b: f64,
    c: f64,
    d: f64,
    i_ext: f64,
    i_0: f64,
    t_on: f64,
    dt: f64,
    method: Method,
    /// Steps between two samples, as the driver computes it (for the 30 mV mark).
    sample_every: u64,
}

impl Consts {
    fn from(p: &Params) -> Self {
        let dt = p.get("dt");
        Consts {
            a: p.get("a"),
            b: p.get("b"),
            c: p.get("c"),
            d: p.get("d"),
            i_ext: p.get("I_ext"),
            i_0: p.get("I_0"),
            t_on: p.get("t_on"),
            dt,
            method: if p.choice("method") == 0 {
                Method::Euler
            } else {
                Method::Rk4
            },
            sample_every: ((SAMPLE_MS / dt).round() as u64).max(1),
        }
    }
}

/// The resting potential for a constant current i: the lower root of
/// 0.04 v² + (5 − b) v + 140 + i = 0 (module comment), if it is stable. With D the discriminant,
/// 0.08 v* + 5 = b − √D, so the Jacobian [[b − √D, −1], [a b, −a]] has det = a √D > 0 and
/// tr = b − √D − a: rest is stable when √D > b − a. None past the saddle-node (D < 0, the
/// rheobase I = (5 − b)²/0.16 − 140) or when the fixed point is unstable.
pub fn rest(a: f64, b: f64, i: f64) -> Option<f64> {
    let disc = (5.0 - b) * (5.0 - b) - 0.16 * (140.0 + i);
    (disc >= 0.0 && sqrt(disc) > b - a).then(|| (-(5.0 - b) - sqrt(disc)) / 0.08)
}

#[inline]
fn rhs(y: &[f64; 2], i: f64, a: f64, b: f64) -> [f64; 2] {
    let (v, u) = (y[0], y[1]);
    [0.04 * v * v + 5.0 * v + 140.0 - u + i, a * (b * v - u)]
}

struct Izhikevich {
    t: f64,
    v: f64,
    u: f64,
    p: Consts,
    steps_since_spike: u64,
}

impl Izhikevich {
    fn current(&self, t: f64) -> f64 {
        // Tolerance so that a step on the time grid switches exactly there.
        if t >= self.p.t_on - 1e-9 {
            self.p.i_ext
        } else {
            self.p.i_0
        }
    }
}

/// Bursts in a spike train `times` recorded until `t_now`: (number of bursts, spikes in bursts).
///
/// A burst is a run of at least two spikes whose intervals are short compared with the pauses
/// between runs. With S the shortest ISI and L the longest pause (the longest ISI, or the silence
/// since the last spike), a train with L < 4 S is tonic: no bursts. Otherwise an interval is
/// "within a burst" when shorter than the geometric midpoint √(S L). This scale-free rule needs
/// no fixed threshold, so a fast-spiking cell at 135 Hz (intervals 7.4 ms) is not called
/// bursting while a chattering cell (2 ms within, 48 ms between bursts) is; the silence after a
/// rebound burst counts as its pause.
fn bursts(times: &[f64], t_now: f64) -> (usize, usize) {
    let n = times.len();
    if n < 2 {
        return (0, 0);
    }
    let isi = |k: usize| times[k] - times[k - 1];
    let s = (1..n).map(isi).fold(f64::INFINITY, f64::min);
    let l = (1..n).map(isi).fold(t_now - times[n - 1], f64::max);
    if l < 4.0 * s {
        return (0, 0);
    }
    let theta = sqrt(s * l);
    let (mut groups, mut in_bursts, mut run) = (0, 0, 1);
    for k in 1..=n {
        if k < n && isi(k) < theta {
            run += 1;
        } else {
            if run >= 2 {
                groups += 1;
                in_bursts += run;
            }
            run = 1;
        }
    }
    (groups, in_bursts)
}

/// Frequency of the damped oscillation around rest, Hz: the Jacobian at (v*, b v*) is
/// [[0.08 v* + 5, −1], [a b, −a]]; with complex eigenvalues λ = tr/2 ± iω the rest is a focus
/// (a resonator) and ω/2π (per ms → ×1000 for Hz) is its preferred frequency; 0 for a node (an
/// integrator). None when there is no stable rest (Izhikevich 2007 ch. 7, integrators and resonators).
pub fn subthreshold_freq_hz(a: f64, b: f64, i: f64) -> Option<f64> {
    let v = rest(a, b, i)?;
    let j11 = 0.08 * v + 5.0;
    let (tr, det) = (j11 - a, -a * j11 + a * b);
    let disc = det - tr * tr / 4.0;
    Some(if disc > 0.0 {
        1000.0 * sqrt(disc) / (2.0 * crate::math::PI)
    } else {
        0.0
    })
}

impl Model for Izhikevich {
    fn time_ms(&self) -> f64 {
        self.t
    }

    fn step(&mut self, spikes: &mut Vec<Spike>) {
        let c = &self.p;
        let i = self.current(self.t);
        let (a, b) = (c.a, c.b);
        let advance = |y: &mut [f64; 2], h: f64| match c.method {
            Method::Euler => integrate::euler(0.0, y, h, |_, y| rhs(y, i, a, b)),
            _ => integrate::rk4(0.0, y, h, |_, y| rhs(y, i, a, b)),
        };
        let old = [self.v, self.u];
        let mut y = old;
        advance(&mut y, c.dt);
        self.steps_since_spike = self.steps_since_spike.saturating_add(1);
        if y[0] >= V_PEAK || y[0].is_nan() {
            // The cut is crossed at the fraction s of the step (linear interpolation; a
            // non-finite v, where the blow-up overtook a huge step, counts as the step's end).
            let s = if y[0].is_finite() && y[0] > old[0] {
                ((V_PEAK - old[0]) / (y[0] - old[0])).clamp(0.0, 1.0)
            } else {
                1.0
            };
            spikes.push(Spike {
                t_ms: self.t + s * c.dt,
                neuron: 0,
            });
            // Reset there, and integrate the rest of the step from the reset state.
            let u_cross = old[1] + s * (y[1] - old[1]);
            y = [c.c, u_cross + c.d];
            if s < 1.0 {
                advance(&mut y, (1.0 - s) * c.dt);
            }
            self.steps_since_spike = 0;
        }
        self.v = y[0];
        self.u = y[1];
        self.t += c.dt;
    }

    fn sample(&self, out: &mut [f64]) {
        // The spike is drawn at the cut at the first sample after it (module comment).
        out[0] = if self.steps_since_spike < self.p.sample_every {
            V_PEAK
        } else {
            self.v
        };
        out[1] = self.u;
        out[2] = self.current(self.t);
    }

    fn set_params(&mut self, p: &Params) {
        self.p = Consts::from(p);
    }

    fn measure(&self, name: &str, rec: &Recording) -> Option<f64> {
        let times: Vec<f64> = rec.spikes.iter().map(|s| s.t_ms).collect();
        let n = times.len();
        match name {
            "rate_hz" => measure::rate_hz(rec, 1, self.t),
            "cv_isi" => measure::cv_isi(&rec.spikes, 0),
            "adaptation_index" => {
                (n >= 3).then(|| (times[n - 1] - times[n - 2]) / (times[1] - times[0]))
            }
            "spikes_per_burst" => {
                let (groups, in_bursts) = bursts(&times, self.t);
                // Every spike outside a burst counts as an event of one spike.
                let events = groups + (n - in_bursts);
                (events > 0).then(|| n as f64 / events as f64)
            }
            "burst_fraction" => (n > 0).then(|| bursts(&times, self.t).1 as f64 / n as f64),
            "v_rest_mv" => rest(self.p.a, self.p.b, self.current(self.t)),
            "subthreshold_freq_hz" => {
                subthreshold_freq_hz(self.p.a, self.p.b, self.current(self.t))
            }
            _ => None,
        }
    }

    fn vector_field(&self, x: f64, y: f64) -> Option<(f64, f64)> {
        let d = rhs(&[x, y], self.current(self.t), self.p.a, self.p.b);
        Some((d[0], d[1]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run::Simulation;
    use crate::testkit;

    fn run(preset: &str, set: &[(&str, f64)], ms: f64) -> Simulation {
        testkit::run(&ENTRY, testkit::params(&ENTRY, Some(preset), set), 0, ms)
    }

    fn isis(sim: &Simulation) -> Vec<f64> {
        let mut out = Vec::new();
        measure::isis(&sim.rec.spikes, &mut out);
        out
    }

    fn m(sim: &Simulation, name: &str) -> f64 {
        sim.measure(name)
            .unwrap_or_else(|| panic!("{name} undefined"))
    }

    /// The reference spike train of a preset over `ms` (module `reference`, retyped from Izhikevich
    /// 2003 eqs. 1–3 with the preset's published (a, b, c, d)): RK4 at dt = 1e-3 and 5e-4 ms,
    /// Richardson-extrapolated spike by spike (2 t(h/2) − t(h)), since its reset at the end of the
    /// step is first order in dt. Checked once: extrapolating from (5e-4, 2.5e-4) instead moves
    /// the spike times of every preset by at most 0.034 ms over 1 s.
    fn reference_train(preset: &str, ms: f64) -> Vec<f64> {
        let p = testkit::params(&ENTRY, Some(preset), &[]);
        let cell = reference::Cell {
            a: p.get("a"),
            b: p.get("b"),
            c: p.get("c"),
            d: p.get("d"),
            i_0: p.get("I_0"),
            i_ext: p.get("I_ext"),
            t_on: p.get("t_on"),
        };
        let (coarse, fine) = (
            reference::spikes(&cell, 1e-3, ms),
            reference::spikes(&cell, 5e-4, ms),
        );
        assert_eq!(
            coarse.len(),
            fine.len(),
            "{preset}: the reference is not converged"
        );
        coarse.iter().zip(&fine).map(|(c, f)| 2.0 * f - c).collect()
    }

    fn diffs(t: &[f64]) -> Vec<f64> {
        t.windows(2).map(|w| w[1] - w[0]).collect()
    }

    /// Tolerance on an ISI of the model (RK4, dt = 0.05 ms) against the reference: 0.1 ms. Measured
    /// differences are at most 0.044 ms (the TC rebound burst), most below 0.006 ms; the reference's
    /// own uncertainty (≤ 0.034 ms per spike time) and the model's step error (at dt = 0.005 ms its
    /// spike times match the reference to 0.04 ms, i.e. the difference converges away) both fit.
    const ISI_TOL_MS: f64 = 0.1;

    /// Relative tolerance of a ratio of two ISIs, each within `ISI_TOL_MS`.
    fn ratio_tol(num: f64, den: f64) -> f64 {
        ISI_TOL_MS / num + ISI_TOL_MS / den
    }

    #[test]
    fn presets_match_an_independent_integration_of_izhikevich_2003() {
        // Izhikevich 2003 publishes the (a, b, c, d) of each class (Fig. 2) but no rates; the
        // expected trains are therefore the retyped equations integrated independently. Over 1 s
        // (TC tonic: 1.3 s) the model must fire the same number of spikes (so the same rate: the
        // last spikes lie > 1 ms from the end, no rounding case) and every ISI within ISI_TOL_MS.
        for p in SPEC.presets {
            let ms = if p.name == "thalamocortical_tonic" {
                1300.0
            } else {
                1000.0
            };
            let reference = reference_train(p.name, ms);
            let model: Vec<f64> = run(p.name, &[], ms)
                .rec
                .spikes
                .iter()
                .map(|s| s.t_ms)
                .collect();
            assert_eq!(model.len(), reference.len(), "{}", p.name);
            if let Some(&last) = reference.last() {
                assert!(ms - last > 1.0, "{}: a spike at the end of the run", p.name);
            }
            for (k, (m, r)) in diffs(&model).iter().zip(&diffs(&reference)).enumerate() {
                assert!(
                    (m - r).abs() < ISI_TOL_MS,
                    "{} ISI {k}: {m} vs {r} ms",
                    p.name
                );
            }
        }
    }

    #[test]
    fn each_preset_fires_its_pattern_of_izhikevich_2003_fig_2() {
        // The classes of Izhikevich 2003 Fig. 2 (and its text), each recognised by the measures over
        // 1 s from the step. Expected numbers come from the reference trains (`reference_train`;
        // their values in brackets), with tolerances from ISI_TOL_MS.
        // RS: "fire a few spikes with short interspike period and then the period increases"
        // (reference ISIs 17.1 ms, then 44.8 ms).
        let sim = run("regular_spiking", &[], 1000.0);
        let r = diffs(&reference_train("regular_spiking", 1000.0));
        let (first, last) = (r[0], r[r.len() - 1]);
        let ai = m(&sim, "adaptation_index");
        assert!(
            testkit::rel(ai, last / first) < ratio_tol(first, last),
            "RS adaptation index {ai} [{}]",
            last / first
        );
        assert!(last / first > 2.5, "RS adapts [2.62]");
        assert_eq!(m(&sim, "burst_fraction"), 0.0);
        assert_eq!(
            m(&sim, "rate_hz").round(),
            (r.len() + 1) as f64,
            "RS rate [23 Hz]"
        );

        // IB: "a stereotypical burst of spikes followed by repetitive single spikes" (reference
        // ISIs 2.1, 3.4, then 37.3 and a regular 31.2 ms).
        let sim = run("intrinsically_bursting", &[], 1000.0);
        let (isi, r) = (
            isis(&sim),
            diffs(&reference_train("intrinsically_bursting", 1000.0)),
        );
        assert!(
            r[0] < 5.0
                && r[1] < 5.0
                && r[2] > 25.0
                && r[3..].iter().all(|&d| (d - r[4]).abs() < 0.1),
            "{r:?}"
        );
        assert!(
            isi[0] < 5.0 && isi[1] < 5.0 && isi[2] > 25.0,
            "IB opens with a burst of three: {:?}",
            &isi[..4]
        );
        assert!(
            isi[3..].iter().all(|&d| (d - isi[4]).abs() < 0.5),
            "then regular single spikes"
        );
        // One burst of three spikes among all: burst fraction 3/33.
        let bf = m(&sim, "burst_fraction");
        assert!(
            (bf - 3.0 / (r.len() + 1) as f64).abs() < 1e-12,
            "IB burst fraction {bf} [0.091]"
        );
        let ai = m(&sim, "adaptation_index");
        let (first, last) = (r[0], r[r.len() - 1]);
        assert!(
            testkit::rel(ai, last / first) < ratio_tol(first, last),
            "IB adaptation index {ai} [{}]",
            last / first
        );

        // CH: "stereotypical bursts of closely spaced spikes", the bursts repeating: in the reference
        // every pause (≥ 47.9 ms) is more than nine times the longest intra-burst ISI (5.0 ms).
        let sim = run("chattering", &[], 1000.0);
        let r = diffs(&reference_train("chattering", 1000.0));
        let (intra, pauses): (Vec<f64>, Vec<f64>) = r.iter().partition(|&&d| d < 10.0);
        let max_intra = intra.iter().copied().fold(0.0, f64::max);
        let min_pause = pauses.iter().copied().fold(f64::INFINITY, f64::min);
        assert!(
            9.0 * max_intra < min_pause,
            "intra-burst ≤ {max_intra} ms, pauses ≥ {min_pause} ms"
        );
        assert!(m(&sim, "burst_fraction") > 0.95);
        // Spikes per burst: all spikes over the number of bursts (pauses + 1) [88/17 = 5.18].
        let spb = m(&sim, "spikes_per_burst");
        let spb_ref = (r.len() + 1) as f64 / (pauses.len() + 1) as f64;
        assert!(
            (spb - spb_ref).abs() < 1e-12,
            "CH spikes per burst {spb} [{spb_ref}]"
        );
        assert!(m(&sim, "cv_isi") > 1.0, "bimodal intervals: CV > 1 [1.58]");
        let long: Vec<f64> = isis(&sim).into_iter().filter(|&d| d > 10.0).collect();
        assert_eq!(long.len(), pauses.len());
        for (a, b) in long.iter().zip(&pauses) {
            assert!((a - b).abs() < ISI_TOL_MS, "pause {a} vs {b} ms [48 ms]");
        }

        // FS: "periodic trains of action potentials with extremely high frequency practically
        // without any adaptation". At this step the reference accelerates-to-steady within four ISIs
        // (3.9, 5.4, 6.8, 7.3 ms, then 7.34 ms to 0.01 ms: index 1.87, below RS's 2.62) and then
        // never changes: 134 Hz.
        let sim = run("fast_spiking", &[], 1000.0);
        let r = diffs(&reference_train("fast_spiking", 1000.0));
        assert!(
            r[4..].iter().all(|&d| (d - r[4]).abs() < 0.01),
            "reference FS steady after four ISIs"
        );
        assert_eq!(
            m(&sim, "rate_hz").round(),
            (r.len() + 1) as f64,
            "FS rate [134 Hz]"
        );
        assert_eq!(m(&sim, "burst_fraction"), 0.0);
        let ai = m(&sim, "adaptation_index");
        let (first, last) = (r[0], r[r.len() - 1]);
        assert!(
            testkit::rel(ai, last / first) < ratio_tol(first, last),
            "FS adaptation index {ai} [{}]",
            last / first
        );
        let isi = isis(&sim);
        assert!(
            isi[4..].iter().all(|&d| (d - isi[4]).abs() < ISI_TOL_MS),
            "constant after the fourth ISI"
        );

        // LTS: "high-frequency trains of spikes ... with a noticeable spike frequency adaptation"
        // (reference: 2.9 ms rising over six ISIs to 13.4 ms, index 4.61; 77 Hz).
        let sim = run("low_threshold_spiking", &[], 1000.0);
        let r = diffs(&reference_train("low_threshold_spiking", 1000.0));
        let (first, last) = (r[0], r[r.len() - 1]);
        let ai = m(&sim, "adaptation_index");
        assert!(
            testkit::rel(ai, last / first) < ratio_tol(first, last),
            "LTS adaptation index {ai} [{}]",
            last / first
        );
        assert_eq!(
            m(&sim, "rate_hz").round(),
            (r.len() + 1) as f64,
            "LTS rate [77 Hz]"
        );

        // TC: a rebound burst on release from hyperpolarisation, then rest (no tonic firing): the
        // reference fires 5 spikes between 100 and 160 ms, none after.
        let sim = run("thalamocortical", &[], 1000.0);
        let t: Vec<f64> = sim.rec.spikes.iter().map(|s| s.t_ms).collect();
        let r = reference_train("thalamocortical", 1000.0);
        assert!(
            r.len() == 5 && r[0] > 100.0 && r[4] < 160.0,
            "reference rebound {r:?}"
        );
        assert!(
            t.len() == 5 && t[0] > 100.0 && t[4] < 160.0,
            "rebound burst {t:?}"
        );
        assert_eq!(m(&sim, "burst_fraction"), 1.0);
        assert_eq!(m(&sim, "spikes_per_burst"), 5.0);
        // ... and tonic firing when depolarised from rest: the reference's spikes in [300, 1300) ms
        // (a steady 48.19 ms ISI: 20.75 Hz; 21 spikes in that second).
        let mut sim = run("thalamocortical_tonic", &[], 300.0);
        sim.rec.clear(sim.time_ms());
        sim.run_for(1000.0).unwrap();
        let r = reference_train("thalamocortical_tonic", 1300.0);
        let late: Vec<f64> = r.into_iter().filter(|&t| t >= 300.0).collect();
        assert!(m(&sim, "cv_isi") < 0.01 && m(&sim, "burst_fraction") == 0.0);
        assert_eq!(sim.rec.spikes.len(), late.len(), "TC tonic count [21]");
        assert!(
            (m(&sim, "rate_hz") - late.len() as f64).abs() < 1e-6,
            "TC tonic rate"
        );

        // RZ: one rebound spike, then subthreshold ringing (tested in detail below).
        let sim = run("resonator", &[], 1000.0);
        assert_eq!(sim.rec.spikes.len(), 1);
        assert_eq!(reference_train("resonator", 1000.0).len(), 1);
    }

    #[test]
    fn rest_and_its_loss_follow_from_the_quadratic() {
        // RS (a = 0.02, b = 0.2) at I = 0: 0.04 v² + 4.8 v + 140 = 0 → v = −70 mV (the other root,
        // −50 mV, is the threshold saddle), u = b v = −14. The saddle-node where the two merge is at
        // I = (5 − b)²/0.16 − 140 = 4; but rest is stable only while √D > b − a (see `rest`): it
        // loses stability earlier, at I* = ((5 − b)² − (b − a)²)/0.16 − 140 = 3.7975.
        assert!((rest(0.02, 0.2, 0.0).unwrap() + 70.0).abs() < 1e-12);
        let i_star = (4.8f64 * 4.8 - 0.18 * 0.18) / 0.16 - 140.0;
        assert!(
            rest(0.02, 0.2, i_star - 1e-9).is_some() && rest(0.02, 0.2, i_star + 1e-9).is_none()
        );
        let sim = run("regular_spiking", &[("I_ext", 0.0)], 500.0);
        assert!(sim.rec.spikes.is_empty());
        for (k, v) in sim.rec.traces[0].iter().enumerate() {
            assert!((v + 70.0).abs() < 1e-9 && (sim.rec.traces[1][k] + 14.0).abs() < 1e-9);
        }
        // Below I* the step only fires an onset spike before the cell settles; above it, firing
        // goes on (spikes counted after 1 s).
        for (i, fires) in [(3.75, false), (3.85, true)] {
            let mut sim = run("regular_spiking", &[("I_ext", i)], 1000.0);
            sim.rec.clear(sim.time_ms());
            sim.run_for(2000.0).unwrap();
            assert_eq!(!sim.rec.spikes.is_empty(), fires, "I = {i}");
        }
        // TC at I = 1: the lower fixed point (−60 mV) exists but √D = 0.05 < b − a = 0.23: unstable.
        assert_eq!(rest(0.02, 0.25, 1.0), None);
    }

    #[test]
    fn resonator_rings_at_the_frequency_of_its_linearisation() {
        // RZ at I = 0: v* = −62.5 mV exactly (D = 0.26²), Jacobian [[0, −1], [0.026, −0.1]]:
        // λ = −0.05 ± i √(0.026 − 0.0025) per ms, a focus: period 2π/0.15330 = 40.99 ms (24.40 Hz),
        // and each period the amplitude shrinks by e^{−0.05 · 40.99} = 0.129. The maxima of v from
        // 100 ms on (after the rebound spike and the first, nonlinear swing of 5 mV) must follow:
        // period within 0.5 %, decay within 3 % (measured 40.9–41.0 ms and 0.129–0.130).
        let sim = run("resonator", &[], 400.0);
        let f = m(&sim, "subthreshold_freq_hz");
        assert!((f - 24.398).abs() < 0.01, "{f} Hz");
        let (t, v) = (&sim.rec.t, &sim.rec.traces[0]);
        let v_star = -62.5;
        let peaks: Vec<(f64, f64)> = (1..v.len() - 1)
            .filter(|&k| t[k] > 100.0 && v[k] > v[k - 1] && v[k] >= v[k + 1])
            .map(|k| (t[k], v[k] - v_star))
            .collect();
        assert!(peaks.len() >= 4, "{peaks:?}");
        let period_pred = 2.0 * crate::math::PI / (0.026f64 - 0.0025).sqrt();
        for w in peaks[..4].windows(2) {
            let period = w[1].0 - w[0].0;
            assert!(
                (period / period_pred - 1.0).abs() < 0.005,
                "period {period} ms vs {period_pred}"
            );
            let decay = w[1].1 / w[0].1;
            let pred = (-0.05 * period_pred).exp();
            assert!((decay / pred - 1.0).abs() < 0.03, "decay {decay} vs {pred}");
        }
        // RS at rest is a node (an integrator): no preferred frequency.
        let sim = run("regular_spiking", &[("I_ext", 0.0)], 10.0);
        assert_eq!(sim.measure("subthreshold_freq_hz"), Some(0.0));
    }

    #[test]
    fn default_step_is_converged_and_the_paper_euler_step_is_not() {
        // Spike times of RS over 300 ms against RK4 at dt = 0.001 ms: the reset at the interpolated
        // crossing keeps RK4 at dt = 0.05 within 0.02 ms (measured 0.013); Euler at the paper's
        // 0.5 ms step lags by several ms after a few spikes (measured 6.6 ms at the 8th).
        let times = |dt: f64, method: f64| -> Vec<f64> {
            let sim = run("regular_spiking", &[("dt", dt), ("method", method)], 320.0);
            sim.rec.spikes.iter().map(|s| s.t_ms).collect()
        };
        let reference = times(0.001, 1.0);
        let default = times(0.05, 1.0);
        assert_eq!(reference.len(), default.len());
        let err = reference
            .iter()
            .zip(&default)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        assert!(err < 0.02, "max spike-time error {err} ms");
        let euler = times(0.5, 0.0);
        assert!((euler[7] - reference[7]).abs() > 3.0);
    }

    #[test]
    fn every_spike_shows_at_the_cut_and_the_field_vanishes_at_rest() {
        // One sample at 30 mV per spike, whether dt is below or above the sampling interval.
        for dt in [0.01, 0.05, 0.3] {
            let sim = run("chattering", &[("dt", dt)], 500.0);
            let peaks = sim.rec.traces[0].iter().filter(|&&v| v == V_PEAK).count();
            assert_eq!(peaks, sim.rec.spikes.len(), "dt = {dt}");
        }
        let sim = run("regular_spiking", &[("I_ext", 0.0)], 1.0);
        let (fv, fu) = sim.model().vector_field(-70.0, -14.0).unwrap();
        assert!(fv.abs() < 1e-12 && fu.abs() < 1e-12);
    }
}

#[cfg(test)]
mod reference {
    //! Izhikevich (2003) eqs. 1–3 retyped: v' = 0.04 v² + 5 v + 140 − u + I, u' = a (b v − u); when
    //! v ≥ 30 mV: v ← c, u ← u + d. Integrated by a classical RK4 loop of its own at a fine step,
    //! the spike timed by linear interpolation of the 30 mV crossing and the reset applied at the end
    //! of that step (an O(dt) timing error, 1e-3 ms at dt = 1e-3 ms). Shares no code with the model.

    #[derive(Clone, Copy)]
    pub struct Cell {
        pub a: f64,
        pub b: f64,
        pub c: f64,
        pub d: f64,
        /// Holding current until `t_on`, then `i_ext`.
        pub i_0: f64,
        pub i_ext: f64,
        pub t_on: f64,
    }

    /// Spike times over `ms` from rest at I_0 (the lower root of 0.04 v² + (5 − b) v + 140 + I_0 = 0,
    /// u = b v: where both right-hand sides vanish).
    pub fn spikes(c: &Cell, dt: f64, ms: f64) -> Vec<f64> {
        let disc = (5.0 - c.b).powi(2) - 0.16 * (140.0 + c.i_0);
        assert!(disc > 0.0, "no rest at I_0");
        let v0 = (-(5.0 - c.b) - disc.sqrt()) / 0.08;
        let (mut v, mut u) = (v0, c.b * v0);
        let f =
            |v: f64, u: f64, i: f64| (0.04 * v * v + 5.0 * v + 140.0 - u + i, c.a * (c.b * v - u));
        let mut out = Vec::new();
        let steps = (ms / dt).round() as usize;
        for s in 0..steps {
            let t = s as f64 * dt;
            let i = if t >= c.t_on - 1e-9 { c.i_ext } else { c.i_0 };
            let (k1v, k1u) = f(v, u, i);
            let (k2v, k2u) = f(v + 0.5 * dt * k1v, u + 0.5 * dt * k1u, i);
            let (k3v, k3u) = f(v + 0.5 * dt * k2v, u + 0.5 * dt * k2u, i);
            let (k4v, k4u) = f(v + dt * k3v, u + dt * k3u, i);
            let v_old = v;
            v += dt / 6.0 * (k1v + 2.0 * k2v + 2.0 * k3v + k4v);
            u += dt / 6.0 * (k1u + 2.0 * k2u + 2.0 * k3u + k4u);
            if v >= 30.0 {
                out.push(t + dt * (30.0 - v_old) / (v - v_old));
                v = c.c;
                u += c.d;
            }
        }
        out
    }
}
