//! Short-term synaptic plasticity: the Tsodyks–Markram model of depression and facilitation.
//!
//! A synapse holds a fraction x of its resources ready for release; a spike releases the fraction
//! u of them. Between spikes (Markram, Wang & Tsodyks 1998, PNAS 95:5323; Tsodyks, Pawelzik &
//! Markram 1998, Neural Comput. 10:821)
//!   dx/dt = (1 − x)/τ_D          (resources recover with the depression time constant τ_D)
//!   du/dt = −u/τ_F               (facilitation decays with τ_F; u ≡ 0 when τ_F = 0)
//! and at each presynaptic spike, in this order:
//!   u⁺ = u⁻ + U (1 − u⁻)          (the spike first raises the utilisation...)
//!   PSC = A u⁺ x⁻                 (...releases the fraction u⁺ of the resources x⁻ it finds...)
//!   x⁺ = x⁻ − u⁺ x⁻               (...and depletes them).
//! The first spike of a train from rest (x = 1, u = 0) evokes A U. This is the order of Markram,
//! Wang & Tsodyks 1998 (EPSC_n = A R_n u_n with u_{n+1} = u_n e^{−Δ/τ_F} + U(1 − u_n e^{−Δ/τ_F}),
//! R_{n+1} = R_n (1 − u_n) e^{−Δ/τ_D} + 1 − e^{−Δ/τ_D}) and of NEST's `tsodyks_synapse`. A
//! purely depressing synapse is τ_F = 0: every spike then uses u⁺ = U. (Mongillo, Barak & Tsodyks
//! 2008 let u relax to U instead of 0, so that an isolated spike uses U + U(1 − U): a slightly
//! different model, the one of the `synaptic_wm` simulation.) The postsynaptic current is a sum of
//! exponentials,
//! I(t) = Σ_n PSC_n e^{−(t − t_n)/τ_in} (the τ_in of Tsodyks, Pawelzik & Markram 1998; their
//! three-state model passes released resources through an active state, decaying with τ_in,
//! before they start to recover: a delay neglected here for τ_in ≪ τ_D, as in Markram et al. 1998).
//!
//! Steady state of a regular train (interval Δ = 1/rate; derived from the map above, as in
//! Markram, Wang & Tsodyks 1998 and Tsodyks, Pawelzik & Markram 1998): with
//! d = e^{−Δ/τ_D} and f = e^{−Δ/τ_F},
//!   u* = U / (1 − (1 − U) f)                   (fixed point of u⁺ ↦ u⁺ f + U (1 − u⁺ f))
//!   x* = (1 − d) / (1 − (1 − u*) d)            (fixed point of x⁻ ↦ 1 − (1 − x⁻(1 − u*)) d)
//!   PSC_ss = A u* x*.
//! For a depressing synapse at high rates (Δ ≪ U τ_D) PSC_ss ≈ A Δ/τ_D: the PSC falls as 1/rate,
//! so rate × PSC saturates at A/τ_D and the synapse signals changes of rate rather than the rate
//! itself (Tsodyks & Markram 1997, PNAS 94:719; Abbott, Varela, Sen & Nelson 1997).
//!
//! Integration is exact: every variable is propagated in closed form between events, and each
//! spike is applied at its exact time inside the step, so the time step only sets how finely the
//! traces are sampled.

use crate::math::exp;
use crate::model::*;
use crate::params::Params;
use crate::record::Recording;

pub static SPEC: ModelSpec = ModelSpec {
    id: "stp",
    title: "Short-term depression and facilitation (Tsodyks–Markram)",
    lecture: 2,
    summary: "A regular presynaptic train depletes the synapse's resources x and raises its release probability u: PSCs shrink at depressing synapses and grow at facilitating ones.",
    params: &[
        ParamSpec::real("U", "U", "", 0.01, 1.0, 0.5, 0.01)
            .help("utilisation increment: the fraction of the resources the first spike of a train releases"),
        ParamSpec::real("tau_D", r"\tau_D", "ms", 10.0, 3000.0, 800.0, 1.0)
            .log()
            .help("recovery (depression) time constant of the resources x"),
        ParamSpec::real("tau_F", r"\tau_F", "ms", 0.0, 3000.0, 0.0, 1.0)
            .help("facilitation time constant of u; 0 = no facilitation (every spike uses U)"),
        ParamSpec::real("rate", r"\nu", "Hz", 0.5, 200.0, 20.0, 0.1)
            .log()
            .help("rate of the regular presynaptic train; a change starts a new train from rest")
            .restart(),
        ParamSpec::real("A", "A", "pA", 10.0, 5000.0, 250.0, 1.0)
            .log()
            .help("absolute synaptic efficacy: the PSC if all resources were released at once"),
        ParamSpec::real("tau_in", r"\tau_{\mathrm{in}}", "ms", 0.5, 20.0, 3.0, 0.1)
            .help("decay time constant of each postsynaptic current"),
    ],
    presets: &[
        PresetSpec {
            name: "depressing",
            description: "Pyramid-to-pyramid synapse (U = 0.5, τ_D = 800 ms, no facilitation; Tsodyks, Pawelzik & Markram 1998 fig. 1A): at 20 Hz the PSCs fall to 11 % of the first within a few spikes.",
            values: &[("U", 0.5), ("tau_D", 800.0), ("tau_F", 0.0), ("rate", 20.0), ("A", 250.0), ("tau_in", 3.0)],
        },
        PresetSpec {
            name: "facilitating",
            description: "Pyramid-to-interneuron synapse (U = 0.03, τ_D = 130 ms, τ_F = 530 ms; Tsodyks, Pawelzik & Markram 1998 fig. 1B): u builds up over ~20 spikes and the PSCs grow 5.5-fold until depletion balances facilitation; the rate sweep peaks near 20 Hz.",
            values: &[("U", 0.03), ("tau_D", 130.0), ("tau_F", 530.0), ("rate", 20.0), ("A", 1540.0), ("tau_in", 1.5)],
        },
        PresetSpec {
            name: "working_memory",
            description: "The slow facilitation of Mongillo, Barak & Tsodyks 2008 (U = 0.2, τ_F = 1.5 s, τ_D = 200 ms, in this model's convention): u⁺ climbs from 0.2 to 0.88 and would take seconds to decay, a memory trace held in the synapse.",
            values: &[("U", 0.2), ("tau_D", 200.0), ("tau_F", 1500.0), ("rate", 20.0), ("A", 250.0), ("tau_in", 3.0)],
        },
        PresetSpec {
            name: "gain_control",
            description: "The depressing synapse at 80 Hz: PSCs 3.7 times smaller than at 20 Hz, so rate × PSC only grows from 286 to 305 pA/s (limit A/τ_D = 312): the synapse signals changes of rate, not the rate.",
            values: &[("U", 0.5), ("tau_D", 800.0), ("tau_F", 0.0), ("rate", 80.0), ("A", 250.0), ("tau_in", 3.0)],
        },
    ],
    traces: &[
        TraceSpec::new("I_syn", "postsynaptic current", "pA", 1e7),
        TraceSpec::new("psc", "amplitude of the latest PSC, A u⁺ x⁻", "pA", 1e7),
        TraceSpec::new("x", "available resources x", "", 10.0),
        TraceSpec::new("u", "release probability u⁺ = u + U(1 − u) a spike arriving now would use", "", 10.0),
    ],
    measures: &[
        MeasureSpec::new("psc_first_pa", "first PSC of the train, A U", "pA"),
        MeasureSpec::new("psc_ss_pa", "latest PSC (the steady state once the train has settled)", "pA"),
        MeasureSpec::new("psc_ss_theory_pa", "steady-state PSC in closed form, A u* x*", "pA"),
        MeasureSpec::new("psc_ratio_ss", "latest PSC over the first", ""),
        MeasureSpec::new("psc_ratio_theory", "steady-state PSC over the first, u* x* / U", ""),
        MeasureSpec::new("n_spikes", "presynaptic spikes since the train started", ""),
    ],
    plots: &[
        PlotSpec {
            id: "current",
            title: "Postsynaptic current and PSC amplitudes",
            kind: PlotKind::TimeSeries { traces: &["I_syn", "psc"], y_label: "I (pA)", y: Range::Auto },
        },
        PlotSpec {
            id: "resources",
            title: "Resources x and release probability u⁺",
            kind: PlotKind::TimeSeries { traces: &["x", "u"], y_label: "fraction", y: Range::Fixed(0.0, 1.0) },
        },
        PlotSpec {
            id: "amplitudes",
            title: "PSC amplitude against spike number",
            kind: PlotKind::Profile { errors: &[], x: Range::Auto,
                curves: &["simulated", "steady_state_closed_form"],
                x_label: "spike number",
                y_label: "PSC (pA)",
                y: Range::Auto,
            },
        },
        PlotSpec {
            id: "rate_sweep",
            title: "Steady-state PSC against presynaptic rate",
            kind: PlotKind::Sweep {
                seeds: 1,
                y: Range::Auto,
                param: "rate",
                measure: "psc_ss_pa",
                from: 1.0,
                to: 100.0,
                steps: 25,
                settle_ms: 10_000.0,
                duration_ms: 1500.0,
                overlays: &["closed_form"],
            },
        },
    ],
    window_ms: 2000.0,
    sample_ms: 0.2,
    default_duration_ms: 2000.0,
    stochastic: false,
    clock: Clock::Time,
    offload: false,
};

pub static ENTRY: ModelEntry = ModelEntry { spec: &SPEC, build };

/// The train starts at this time, ms.
const T_ON: f64 = 50.0;
/// Amplitudes kept for the amplitude-against-spike-number plot.
const MAX_KEPT: usize = 60;

fn build(p: &Params, _seed: u64) -> Box<dyn Model> {
    let c = Consts::from(p);
    Box::new(Stp {
        t: 0.0,
        x: 1.0,
        u: 0.0,
        i_syn: 0.0,
        last_psc: 0.0,
        next_spike: T_ON,
        n_spikes: 0,
        kept: [0.0; MAX_KEPT],
        p: c,
    })
}

struct Consts {
    u_inc: f64,
    tau_d: f64,
    tau_f: f64,
    rate: f64,
    a: f64,
    tau_in: f64,
    dt: f64,
}

impl Consts {
    fn from(p: &Params) -> Self {
        Consts {
            u_inc: p.get("U"),
            tau_d: p.get("tau_D"),
            tau_f: p.get("tau_F"),
            rate: p.get("rate"),
            a: p.get("A"),
            tau_in: p.get("tau_in"),
            dt: SPEC.sample_ms,
        }
    }
}

/// Closed-form steady state of a regular train at `rate` Hz: (u*, x*), see the module doc.
pub fn steady_state(u_inc: f64, tau_d: f64, tau_f: f64, rate: f64) -> (f64, f64) {
    let delta = 1000.0 / rate;
    let d = exp(-delta / tau_d);
    let f = if tau_f > 0.0 {
        exp(-delta / tau_f)
    } else {
        0.0
    };
    let u = u_inc / (1.0 - (1.0 - u_inc) * f);
    let x = (1.0 - d) / (1.0 - (1.0 - u) * d);
    (u, x)
}

struct Stp {
    t: f64,
    x: f64,
    /// Facilitation variable between spikes (relaxes to 0).
    u: f64,
    i_syn: f64,
    last_psc: f64,
    next_spike: f64,
    n_spikes: usize,
    kept: [f64; MAX_KEPT],
    p: Consts,
}

impl Stp {
    /// Exact propagation of x, u and I over `h` ms with no spike.
    fn relax(&mut self, h: f64) {
        if h <= 0.0 {
            return;
        }
        let c = &self.p;
        self.x = 1.0 - (1.0 - self.x) * exp(-h / c.tau_d);
        self.u = if c.tau_f > 0.0 {
            self.u * exp(-h / c.tau_f)
        } else {
            0.0
        };
        self.i_syn *= exp(-h / c.tau_in);
    }

    fn spike(&mut self) {
        let c = &self.p;
        self.u += c.u_inc * (1.0 - self.u);
        let psc = c.a * self.u * self.x;
        self.x -= self.u * self.x;
        self.i_syn += psc;
        self.last_psc = psc;
        if self.n_spikes < MAX_KEPT {
            self.kept[self.n_spikes] = psc;
        }
        self.n_spikes += 1;
    }

    fn theory(&self) -> f64 {
        let c = &self.p;
        let (u, x) = steady_state(c.u_inc, c.tau_d, c.tau_f, c.rate);
        c.a * u * x
    }
}

impl Model for Stp {
    fn time_ms(&self) -> f64 {
        self.t
    }

    fn step(&mut self, spikes: &mut Vec<Spike>) {
        let t1 = self.t + self.p.dt;
        let mut s = self.t;
        // Spikes due within the step (tolerance: a grid-aligned spike belongs to this step).
        while self.next_spike <= t1 + 1e-9 {
            let ts = self.next_spike.max(s);
            self.relax(ts - s);
            self.spike();
            spikes.push(Spike {
                t_ms: ts,
                neuron: 0,
            });
            s = ts;
            self.next_spike += 1000.0 / self.p.rate;
        }
        self.relax(t1 - s);
        self.t = t1;
    }

    fn sample(&self, out: &mut [f64]) {
        out[0] = self.i_syn;
        out[1] = self.last_psc;
        out[2] = self.x;
        out[3] = self.u + self.p.u_inc * (1.0 - self.u);
    }

    fn set_params(&mut self, p: &Params) {
        self.p = Consts::from(p);
    }

    fn measure(&self, name: &str, _rec: &Recording) -> Option<f64> {
        let c = &self.p;
        let first = c.a * c.u_inc;
        match name {
            "psc_first_pa" => Some(first),
            "psc_ss_pa" => (self.n_spikes > 0).then_some(self.last_psc),
            "psc_ss_theory_pa" => Some(self.theory()),
            "psc_ratio_ss" => (self.n_spikes > 0).then(|| self.last_psc / first),
            "psc_ratio_theory" => Some(self.theory() / first),
            "n_spikes" => Some(self.n_spikes as f64),
            _ => None,
        }
    }

    fn overlay(&self, name: &str, x: f64) -> Option<f64> {
        let c = &self.p;
        match name {
            "closed_form" => {
                let (u, xs) = steady_state(c.u_inc, c.tau_d, c.tau_f, x);
                Some(c.a * u * xs)
            }
            _ => None,
        }
    }

    fn profile(&self, name: &str, out: &mut Vec<(f64, f64)>) {
        out.clear();
        let n = self.n_spikes.min(MAX_KEPT);
        match name {
            "simulated" => out.extend((0..n).map(|k| ((k + 1) as f64, self.kept[k]))),
            "steady_state_closed_form" => {
                let ss = self.theory();
                out.push((1.0, ss));
                out.push((MAX_KEPT as f64, ss));
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Retention;
    use crate::run::Simulation;
    use crate::testkit::{self, rel};

    fn params(preset: &str, set: &[(&str, f64)]) -> Params {
        testkit::params(&ENTRY, Some(preset), set)
    }

    fn run(p: Params, ms: f64) -> Simulation {
        let mut sim = Simulation::new(&ENTRY, p, 0, Retention::Window(100.0));
        sim.run_for(ms).unwrap();
        sim
    }

    #[test]
    fn amplitudes_follow_the_markram_wang_tsodyks_iteration() {
        // Markram, Wang & Tsodyks 1998 (PNAS 95:5323), written independently here:
        // EPSC_n = A R_n u_n, u_1 = U, R_1 = 1,
        // u_{n+1} = u_n e^{−Δ/τ_F} + U (1 − u_n e^{−Δ/τ_F}),
        // R_{n+1} = R_n (1 − u_n) e^{−Δ/τ_D} + 1 − e^{−Δ/τ_D}.
        // The simulation propagates the same model exactly, so they agree to rounding (1e-12).
        for preset in ["depressing", "facilitating", "working_memory"] {
            for rate in [7.3, 20.0, 63.0] {
                let p = params(preset, &[("rate", rate)]);
                let (a, u_inc, tau_d, tau_f) =
                    (p.get("A"), p.get("U"), p.get("tau_D"), p.get("tau_F"));
                let sim = run(p, T_ON + 40.0 * 1000.0 / rate - 1.0);
                let mut got = Vec::new();
                sim.model().profile("simulated", &mut got);
                assert_eq!(got.len(), 40, "{preset} at {rate} Hz");
                let delta = 1000.0 / rate;
                let f = if tau_f > 0.0 {
                    (-delta / tau_f).exp()
                } else {
                    0.0
                };
                let d = (-delta / tau_d).exp();
                let (mut u, mut r) = (u_inc, 1.0);
                for (n, &(k, psc)) in got.iter().enumerate() {
                    assert_eq!(k, (n + 1) as f64);
                    let want = a * r * u;
                    assert!(
                        (psc - want).abs() < 1e-12 * a,
                        "{preset}, {rate} Hz, spike {}: {psc} vs {want}",
                        n + 1
                    );
                    r = r * (1.0 - u) * d + 1.0 - d;
                    u = u * f + u_inc * (1.0 - u * f);
                }
            }
        }
    }

    #[test]
    fn steady_state_matches_the_closed_form() {
        // PSC_ss = A u* x*, u* = U/(1 − (1 − U)f), x* = (1 − d)/(1 − (1 − u*)d) (module doc). The
        // slowest transient shrinks per spike by max((1 − U)f, (1 − u*)d) ≤ 0.95 for these
        // settings, so 20 s (≥ 40 spikes at 2 Hz, 2000 at 100 Hz) leaves < 1e-6 of it; the brief
        // asks 2 %, the exact propagation gives much better.
        for preset in ["depressing", "facilitating", "working_memory"] {
            for rate in [2.0, 5.0, 10.0, 20.0, 50.0, 100.0] {
                let sim = run(params(preset, &[("rate", rate)]), 20_000.0);
                let got = sim.measure("psc_ss_pa").unwrap();
                let want = sim.measure("psc_ss_theory_pa").unwrap();
                assert!(
                    rel(got, want) < 1e-6,
                    "{preset} at {rate} Hz: {got} pA vs closed form {want} pA"
                );
                assert_eq!(sim.model().overlay("closed_form", rate), Some(want));
            }
        }
    }

    #[test]
    fn depression_and_facilitation_at_20_hz() {
        // Closed forms at Δ = 50 ms. Depressing (U = 0.5, τ_D = 800 ms): u* = U, d = e^{−1/16},
        // x* = (1 − d)/(1 − d/2) = 0.1143: the steady PSC is 11.4 % of the first.
        // Facilitating (U = 0.03, τ_D = 130, τ_F = 530 ms): u* = 0.03/(1 − 0.97 e^{−50/530}) = 0.2557,
        // x* = (1 − e^{−50/130})/(1 − (1 − u*) e^{−50/130}) = 0.6471, ratio u* x*/U = 5.516.
        let sim = run(params("depressing", &[]), 5000.0);
        let r = sim.measure("psc_ratio_ss").unwrap();
        let d = (-50.0f64 / 800.0).exp();
        assert!(
            rel(r, (1.0 - d) / (1.0 - 0.5 * d)) < 1e-9,
            "depressing ratio {r}"
        );
        assert!((r - 0.1143).abs() < 1e-4);
        let sim = run(params("facilitating", &[]), 5000.0);
        let r = sim.measure("psc_ratio_ss").unwrap();
        assert!((r - 5.516).abs() < 2e-3, "facilitating ratio {r}");
        // The facilitating PSCs grow spike after spike towards the steady state (u builds up
        // faster than x is depleted at this rate): the 60th is within 1 % of it.
        let mut amps = Vec::new();
        sim.model().profile("simulated", &mut amps);
        assert!(amps.windows(2).all(|w| w[1].1 > w[0].1), "not monotonic");
        let ss = sim.measure("psc_ss_theory_pa").unwrap();
        assert!(rel(amps[59].1, ss) < 0.01 && amps[0].1 < 0.25 * ss);
    }

    #[test]
    fn a_depressing_synapse_transmits_at_most_a_over_tau_d() {
        // At high rates PSC_ss ≈ A Δ/τ_D (Tsodyks & Markram 1997): rate × PSC → A/τ_D = 250 pA /
        // 0.8 s = 312.5 pA/s. Closed form at 100 Hz (Δ = 10 ms): 306.74 pA/s (2 % below the
        // limit); at 50 Hz 301.19: doubling the rate changes rate × PSC by under 2 %.
        let product = |rate: f64| {
            run(params("depressing", &[("rate", rate)]), 10_000.0)
                .measure("psc_ss_pa")
                .unwrap()
                * rate
        };
        let (p50, p100) = (product(50.0), product(100.0));
        assert!((p100 - 306.74).abs() < 0.01, "100 Hz: {p100} pA/s");
        assert!((p50 - 301.19).abs() < 0.01, "50 Hz: {p50} pA/s");
        assert!(p100 < 312.5 && rel(p100, p50) < 0.02);
    }

    #[test]
    fn rate_sweep_points_lie_on_the_overlay() {
        // The declared sweep (10 s settling per point) against its overlay, within 1e-6.
        use crate::run::sweep_values;
        use crate::sweep::Sweep;
        let p = params("facilitating", &[]);
        let values = sweep_values(1.0, 100.0, 6, Scale::Log);
        let mut sw =
            Sweep::new(&ENTRY, &p, 0, "rate", values, "psc_ss_pa", 10_000.0, 1500.0).unwrap();
        sw.run().unwrap();
        let sim = Simulation::new(&ENTRY, p, 0, Retention::All);
        for (x, y) in sw.points {
            let want = sim.model().overlay("closed_form", x).unwrap();
            assert!(rel(y.unwrap(), want) < 1e-6, "{x} Hz: {y:?} vs {want}");
        }
    }
}
