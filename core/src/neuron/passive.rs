//! Passive membrane: an RC circuit charged by a current step.
//!
//! τ_m dV/dt = −(V − E_L) + R I(t)            (Dayan & Abbott eq. 5.8; Gerstner et al. eq. 1.5)
//!
//! For a step of amplitude I from rest, V(t) = E_L + R I (1 − e^{−t/τ_m}): V covers 1 − 1/e ≈ 63 %
//! of the way to its steady state E_L + R I after one time constant. The current is a periodic
//! pulse (on for `pulse_ms` every `period_ms`), so the charging repeats while the student watches.

use crate::integrate::{self, Method, METHOD_NAMES};
use crate::math::exp;
use crate::model::*;
use crate::params::Params;
use crate::record::Recording;

pub static SPEC: ModelSpec = ModelSpec {
    id: "passive",
    title: "Passive membrane (RC circuit)",
    lecture: 3,
    summary: "A patch of membrane charged by a current step: the time constant and the steady state.",
    params: &[
        ParamSpec::real("tau_m", r"\tau_m", "ms", 1.0, 100.0, 10.0, 0.1).log().help("membrane time constant R C"),
        ParamSpec::real("R", "R", "MΩ", 1.0, 1000.0, 100.0, 1.0).log().help("input resistance"),
        ParamSpec::real("I_ext", r"I_{\mathrm{ext}}", "nA", -1.0, 1.0, 0.1, 0.01).help("amplitude of the current step"),
        ParamSpec::real("E_L", r"E_L", "mV", -90.0, -40.0, -70.0, 0.5).help("leak reversal (resting) potential"),
        ParamSpec::real("t_on", r"t_{\mathrm{on}}", "ms", 0.0, 100.0, 20.0, 1.0).help("onset of the first pulse"),
        ParamSpec::real("pulse_ms", r"T_{\mathrm{pulse}}", "ms", 1.0, 500.0, 100.0, 1.0).help("pulse duration"),
        ParamSpec::real("period_ms", r"T", "ms", 2.0, 1000.0, 200.0, 1.0).help("pulses repeat with this period"),
        ParamSpec::dt(0.001, 30.0, 0.01),
        ParamSpec::choice("method", "method", METHOD_NAMES, 2)
            .help("euler and rk4 approximate; exponential Euler is exact for this linear equation"),
    ],
    presets: &[
        PresetSpec { name: "step", description: "A 0.1 nA step into 100 MΩ: V rises by 10 mV with τ_m = 10 ms.", values: &[] },
        PresetSpec {
            name: "slow",
            description: "A large time constant: the membrane low-pass filters the pulses and never reaches steady state.",
            values: &[("tau_m", 80.0), ("pulse_ms", 50.0), ("period_ms", 100.0)],
        },
        PresetSpec {
            name: "euler_unstable",
            description: "Forward Euler with dt > 2 τ_m: each step overshoots more, and the run is stopped.",
            values: &[("dt", 28.0), ("method", 0.0)],
        },
    ],
    traces: &[
        TraceSpec::new("V", "membrane potential", "mV", 1e3),
        TraceSpec::new("I", "injected current", "nA", 1e4),
    ],
    measures: &[
        MeasureSpec::new("t63_ms", "time to 63 % of the step (≈ τ_m)", "ms"),
        MeasureSpec::new("v_inf_mv", "steady state E_L + R I", "mV"),
        MeasureSpec::new("v_max_mv", "highest V in the window", "mV"),
    ],
    plots: &[
        PlotSpec {
            id: "voltage",
            title: "Membrane potential",
            kind: PlotKind::TimeSeries { traces: &["V"], y_label: "V (mV)", y: Range::Auto },
        },
        PlotSpec {
            id: "current",
            title: "Injected current",
            kind: PlotKind::TimeSeries { traces: &["I"], y_label: "I (nA)", y: Range::Auto },
        },
    ],
    window_ms: 400.0,
    sample_ms: 0.1,
    default_duration_ms: 400.0,
    stochastic: false,
    clock: Clock::Time,
    offload: false,
};

pub static ENTRY: ModelEntry = ModelEntry { spec: &SPEC, build };

fn build(p: &Params, _seed: u64) -> Box<dyn Model> {
    let mut m = Passive {
        t: 0.0,
        v: p.get("E_L"),
        i_now: 0.0,
        p: Consts::from(p),
        rise: Rise::Idle,
        t63: None,
    };
    m.i_now = m.current(0.0);
    Box::new(m)
}

struct Consts {
    tau_m: f64,
    r: f64,
    i_ext: f64,
    e_l: f64,
    t_on: f64,
    pulse: f64,
    period: f64,
    dt: f64,
    method: Method,
}

impl Consts {
    fn from(p: &Params) -> Self {
        Consts {
            tau_m: p.get("tau_m"),
            r: p.get("R"),
            i_ext: p.get("I_ext"),
            e_l: p.get("E_L"),
            t_on: p.get("t_on"),
            pulse: p.get("pulse_ms"),
            period: p.get("period_ms"),
            dt: p.get("dt"),
            method: Method::from_index(p.choice("method")),
        }
    }
}

/// Tracks the current pulse's rise to measure the time to 1 − 1/e of the step.
enum Rise {
    Idle,
    Rising { t0: f64, target: f64, up: bool },
}

struct Passive {
    t: f64,
    v: f64,
    i_now: f64,
    p: Consts,
    rise: Rise,
    t63: Option<f64>,
}

impl Passive {
    fn current(&self, t: f64) -> f64 {
        let c = &self.p;
        if t < c.t_on - 1e-9 {
            return 0.0;
        }
        // Phase within the period, with a tolerance so that grid-aligned edges are exact.
        let phase = (t - c.t_on + 1e-9).rem_euclid(c.period);
        if phase < c.pulse {
            c.i_ext
        } else {
            0.0
        }
    }
}

impl Model for Passive {
    fn time_ms(&self) -> f64 {
        self.t
    }

    fn step(&mut self, _spikes: &mut Vec<Spike>) {
        let c = &self.p;
        let i = self.current(self.t);
        if i != 0.0 && self.i_now == 0.0 {
            // A pulse starts: V heads from v0 to E_L + R I.
            let v_inf = c.e_l + c.r * i;
            let target = self.v + (1.0 - exp(-1.0)) * (v_inf - self.v);
            self.rise = Rise::Rising {
                t0: self.t,
                target,
                up: v_inf > self.v,
            };
        }
        self.i_now = i;
        let v_old = self.v;
        let (tau, e_l, ri) = (c.tau_m, c.e_l, c.r * i);
        let mut y = [self.v];
        match c.method {
            Method::Euler => {
                integrate::euler(self.t, &mut y, c.dt, |_, y| [(-(y[0] - e_l) + ri) / tau])
            }
            Method::Rk4 => {
                integrate::rk4(self.t, &mut y, c.dt, |_, y| [(-(y[0] - e_l) + ri) / tau])
            }
            Method::ExpEuler => {
                integrate::exp_euler(self.t, &mut y, c.dt, |_, _| [(e_l + ri, tau)])
            }
        }
        self.v = y[0];
        self.t += c.dt;
        if let Rise::Rising { t0, target, up } = self.rise {
            let crossed = if up {
                self.v >= target
            } else {
                self.v <= target
            };
            if crossed {
                // Linear interpolation inside the step.
                let s = (target - v_old) / (self.v - v_old);
                self.t63 = Some(self.t - c.dt + s * c.dt - t0);
                self.rise = Rise::Idle;
            }
        }
    }

    fn sample(&self, out: &mut [f64]) {
        out[0] = self.v;
        out[1] = self.current(self.t);
    }

    fn set_params(&mut self, p: &Params) {
        self.p = Consts::from(p);
        // A changed pulse invalidates the rise being timed.
        self.rise = Rise::Idle;
    }

    fn measure(&self, name: &str, rec: &Recording) -> Option<f64> {
        match name {
            "t63_ms" => self.t63,
            "v_inf_mv" => Some(self.p.e_l + self.p.r * self.p.i_ext),
            "v_max_mv" => rec.traces[0].iter().copied().reduce(f64::max),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Retention;
    use crate::run::Simulation;
    use crate::testkit;

    fn run(p: Params, ms: f64) -> Simulation {
        testkit::run(&ENTRY, p, 0, ms)
    }

    #[test]
    fn reaches_one_minus_one_over_e_after_one_time_constant() {
        // Closed form V(t) = E_L + R I (1 − e^{−t/τ}) (Dayan & Abbott eq. 5.8): 63 % at t = τ.
        for tau in [5.0, 10.0, 40.0] {
            let mut p = Params::defaults(&SPEC);
            p.set("tau_m", tau).unwrap();
            let sim = run(p, 20.0 + 5.0 * tau);
            let t63 = sim.measure("t63_ms").unwrap();
            assert!((t63 - tau).abs() < 0.01 * tau, "τ = {tau}: t63 = {t63}");
        }
    }

    #[test]
    fn settles_at_e_l_plus_r_i() {
        // Steady state E_L + R I: −70 mV + 100 MΩ · 0.1 nA = −60 mV, reached to 1e-4 after 10 τ.
        let mut p = Params::defaults(&SPEC);
        p.set("pulse_ms", 500.0).unwrap();
        p.set("period_ms", 1000.0).unwrap();
        let sim = run(p, 20.0 + 100.0);
        let v = *sim.rec.traces[0].last().unwrap();
        assert!((v - (-60.0)).abs() < 1e-3, "V = {v}");
    }

    #[test]
    fn euler_error_shrinks_linearly_with_dt() {
        // Euler is first order: halving dt halves the error against the exact solution.
        let err = |dt: f64| {
            let mut p = Params::defaults(&SPEC);
            p.set("method", 0.0).unwrap();
            p.set("dt", dt).unwrap();
            let sim = run(p, 30.0);
            let exact = -70.0 + 10.0 * (1.0 - (-1.0f64).exp());
            (sim.rec.traces[0].last().unwrap() - exact).abs()
        };
        let ratio = err(0.1) / err(0.05);
        assert!((ratio - 2.0).abs() < 0.1, "ratio {ratio}");
    }

    #[test]
    fn euler_beyond_its_stability_limit_is_stopped_with_a_message() {
        let p = Params::preset(&SPEC, "euler_unstable").unwrap();
        let mut sim = Simulation::new(&ENTRY, p, 0, Retention::All);
        let e = sim.run_for(5000.0).unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("unstable") && msg.contains("dt"), "{msg}");
    }
}
