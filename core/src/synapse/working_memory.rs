//! The synaptic theory of working memory: items held by short-term facilitation and refreshed by
//! population spikes.
//!
//! Mongillo, Barak & Tsodyks (2008, Science 319:1543) proposed that an item is held in the
//! facilitation of the synapses within the group of neurons that code for it, not in persistent
//! firing: u decays slowly (τ_F ≈ 1.5 s) and brief, synchronous population spikes of the group
//! refresh it before it is gone. Mi, Katkov & Tsodyks (2017, Neuron 93:323, "Synaptic correlates
//! of working memory capacity") wrote the network as a rate model of P excitatory clusters (one
//! per item) and one inhibitory population:
//!   τ dh_i/dt   = −h_i + J_EE u_i x_i R_i − J_EI R_I + I_b + I_e,i(t)
//!   τ_I dh_I/dt = −h_I + J_IE Σ_j R_j
//!   R = α ln(1 + e^{h/α})                       (a smoothed threshold-linear rate, Hz)
//!   dx_i/dt = (1 − x_i)/τ_D − u_i x_i R_i        (depression: resources used at rate u x R)
//!   du_i/dt = (U − u_i)/τ_F + U (1 − u_i) R_i     (facilitation: u relaxes to U)
//! with their parameters P = 16, τ = τ_I = 8 ms, α = 1.5, J_EE = 8, J_EI = 1.1, J_IE = 1.75,
//! U = 0.3, τ_F = 1.5 s, τ_D = 0.3 s, I_b = 8, and items loaded by I_e = 225 for 30 ms, one item
//! every 100 ms. These values are those of the BrainPy reimplementation of the paper
//! (brainpy-examples, "Mi_2017_working_memory_capacity"); they could not be checked here against
//! the paper's own table. (Another public reimplementation, citing the paper's Supplemental eqs.
//! 12–15, defaults to J_EE = 7.5, J_IE = 2.2, P = 10 and a weak coupling 0.05 J_EE between
//! clusters, the other values as here: the published table may differ from these.) Here P = 16
//! clusters are simulated and the first 8 (the only ones that can be loaded) are shown.
//!
//! What happens. A loaded cluster has facilitated synapses (large u): its effective recurrent
//! strength J_EE u x lets it ignite in a brief population spike (the rate shoots to a few hundred
//! Hz and stays above 40 Hz for ~15 ms), which depletes x, so the spike ends, and re-facilitates
//! u, so the memory is refreshed.
//! With these parameters a single item is reactivated every 280 ms without any input (this model's
//! value, confirmed by an independent integration of the equations in the tests, not the paper's).
//! The inhibition shared by all clusters keeps two clusters from spiking together: with several
//! items the clusters take turns, one population spike every t_s ≈ 87 ms, so each item is
//! refreshed once per cycle of n_items × t_s. A cluster can only wait so long (T_max) before its u
//! has decayed too far to ignite again, so at most C ≈ T_max/t_s items are held: Mi et al. (2017)
//! show that this capacity scales with τ_D/τ, and estimate T_max ≈ τ_D ln[(τ_F/τ_D)/(1 − U)]
//! = 590 ms here, so C = ⌊590/87⌋ = 6 (formula as reported in secondary accounts of the paper).
//! Here C = 6 at the default parameters (4 at τ_D = 200 ms, 5 if eight items are loaded; 7 at
//! 450 ms): this model's values, within one item of that estimate. Loading one item more makes the network drop one; in these
//! simulations it is always an early one (item 2 at I_b = 8, item 1 at I_b = 7), never the newest.
//! At low background (I_b ≲ 2) there are no spontaneous population spikes: the item is held
//! silently in u, for about τ_F, and a nonspecific readout pulse to all clusters makes only the
//! loaded (facilitated) one fire (Mongillo et al. 2008).
//!
//! Integration: forward Euler with a 0.1 ms step, as in the BrainPy code (halving it twice
//! changes the one-item period by 0.3 %), ten steps per 1 ms sample. A population spike is
//! counted when a cluster's rate crosses R_SPIKE = 40 Hz upwards (between population spikes the
//! rates are a few Hz or less).

use crate::math::{exp, log1p};
use crate::model::*;
use crate::params::Params;
use crate::record::Recording;

/// Clusters simulated (Mi et al. 2017).
const P: usize = 16;
/// Clusters shown and loadable.
const SHOWN: usize = 8;
/// Euler steps per 1 ms sample.
const SUBSTEPS: usize = 10;
/// Fixed parameters of Mi et al. 2017.
const TAU: f64 = 8.0;
const ALPHA: f64 = 1.5;
const J_EI: f64 = 1.1;
const J_IE: f64 = 1.75;
/// Loading: item k gets I_e for LOAD_MS from LOAD_T0 + k LOAD_EVERY.
const LOAD_T0: f64 = 100.0;
const LOAD_EVERY: f64 = 100.0;
const LOAD_MS: f64 = 30.0;
/// A population spike: the rate crosses this upwards (Hz); re-armed below R_REARM.
const R_SPIKE: f64 = 40.0;
const R_REARM: f64 = 20.0;
/// An item is held if its cluster spiked within the last HOLD_WINDOW ms.
const HOLD_WINDOW: f64 = 2000.0;

pub static SPEC: ModelSpec = ModelSpec {
    id: "synaptic_wm",
    title: "Synaptic theory of working memory",
    lecture: 2,
    summary: "Items are held in the short-term facilitation of clusters of neurons and refreshed by brief population spikes; a handful fit (Mongillo, Barak & Tsodyks 2008; Mi, Katkov & Tsodyks 2017).",
    params: &[
        ParamSpec::int("n_items", r"n_{\mathrm{items}}", 0.0, 8.0, 1.0)
            .help("items loaded one after another, every 100 ms from t = 100 ms, into clusters 1, 2, …")
            .restart(),
        ParamSpec::real("I_b", r"I_b", "", 0.0, 12.0, 8.0, 0.01)
            .help("background input to every cluster: raise it to hold more items, lower it to hold them silently or erase them"),
        ParamSpec::real("tau_F", r"\tau_F", "ms", 100.0, 5000.0, 1500.0, 10.0).log().help("facilitation time constant"),
        ParamSpec::real("tau_D", r"\tau_D", "ms", 50.0, 1000.0, 300.0, 1.0).log().help("depression (recovery) time constant"),
        ParamSpec::real("U", "U", "", 0.05, 0.9, 0.3, 0.01).help("baseline utilisation, to which u relaxes"),
        ParamSpec::real("J_EE", r"J_{EE}", "", 4.0, 12.0, 8.0, 0.01).help("recurrent excitation within a cluster"),
        ParamSpec::real("I_e", r"I_e", "", 0.0, 500.0, 225.0, 1.0).help("strength of the 30 ms loading stimulus"),
        ParamSpec::real("I_readout", r"I_{\mathrm{read}}", "", 0.0, 50.0, 0.0, 0.1)
            .help("nonspecific readout: extra input to every cluster for 30 ms at t_readout (0 = none)"),
        ParamSpec::real("t_readout", r"t_{\mathrm{read}}", "ms", 200.0, 4000.0, 1500.0, 10.0).help("time of the readout pulse"),
    ],
    presets: &[
        PresetSpec {
            name: "one_item",
            description: "One item, no further input: cluster 1 fires a population spike every 280 ms, each one re-facilitating u before it decays; the other clusters stay quiet.",
            values: &[("n_items", 1.0)],
        },
        PresetSpec {
            name: "at_capacity",
            description: "Six items: the clusters take turns, one population spike every 87 ms, and each item is refreshed every 522 ms, just in time: all six are held.",
            values: &[("n_items", 6.0)],
        },
        PresetSpec {
            name: "overload",
            description: "Seven items, one more than the capacity: the cycle would be too long for u to survive, and an early item (2) drops out for good; six remain.",
            values: &[("n_items", 7.0)],
        },
        PresetSpec {
            name: "fast_recovery",
            description: "Faster recovery from depression, τ_D = 200 ms: only 4 of 5 items are held (6 at τ_D = 300 ms): the capacity grows with τ_D (Mi et al. 2017).",
            values: &[("n_items", 5.0), ("tau_D", 200.0)],
        },
        PresetSpec {
            name: "silent",
            description: "Low background (I_b = 2): after loading, cluster 1 falls silent but its u decays only slowly; a nonspecific readout pulse at 1.5 s makes only this cluster fire (Mongillo et al. 2008).",
            values: &[("n_items", 1.0), ("I_b", 2.0), ("I_readout", 5.0)],
        },
    ],
    traces: &[
        TraceSpec::new("R_1", "rate of cluster 1", "Hz", 1e5),
        TraceSpec::new("R_2", "rate of cluster 2", "Hz", 1e5),
        TraceSpec::new("R_3", "rate of cluster 3", "Hz", 1e5),
        TraceSpec::new("R_4", "rate of cluster 4", "Hz", 1e5),
        TraceSpec::new("R_5", "rate of cluster 5", "Hz", 1e5),
        TraceSpec::new("R_6", "rate of cluster 6", "Hz", 1e5),
        TraceSpec::new("R_7", "rate of cluster 7", "Hz", 1e5),
        TraceSpec::new("R_8", "rate of cluster 8", "Hz", 1e5),
        TraceSpec::new("u_1", "facilitation of cluster 1", "", 10.0),
        TraceSpec::new("u_2", "facilitation of cluster 2", "", 10.0),
        TraceSpec::new("u_3", "facilitation of cluster 3", "", 10.0),
        TraceSpec::new("u_4", "facilitation of cluster 4", "", 10.0),
        TraceSpec::new("u_5", "facilitation of cluster 5", "", 10.0),
        TraceSpec::new("u_6", "facilitation of cluster 6", "", 10.0),
        TraceSpec::new("u_7", "facilitation of cluster 7", "", 10.0),
        TraceSpec::new("u_8", "facilitation of cluster 8", "", 10.0),
        TraceSpec::new("x_1", "resources of cluster 1", "", 10.0),
        TraceSpec::new("x_2", "resources of cluster 2", "", 10.0),
        TraceSpec::new("x_3", "resources of cluster 3", "", 10.0),
        TraceSpec::new("x_4", "resources of cluster 4", "", 10.0),
        TraceSpec::new("x_5", "resources of cluster 5", "", 10.0),
        TraceSpec::new("x_6", "resources of cluster 6", "", 10.0),
        TraceSpec::new("x_7", "resources of cluster 7", "", 10.0),
        TraceSpec::new("x_8", "resources of cluster 8", "", 10.0),
        TraceSpec::new("R_I", "rate of the inhibitory population", "Hz", 1e5),
    ],
    measures: &[
        MeasureSpec::new("items_held", "loaded clusters with a population spike in the last 2 s", ""),
        MeasureSpec::new("reactivation_period_ms", "interval between a cluster's last two population spikes, mean over held items", "ms"),
        MeasureSpec::new("spike_interval_ms", "mean interval between successive population spikes of different held clusters", "ms"),
        MeasureSpec::new("u_loaded", "mean facilitation u of the loaded clusters (the memory trace, U at rest)", ""),
    ],
    plots: &[
        PlotSpec {
            id: "rates",
            title: "Cluster rates: population spikes",
            kind: PlotKind::TimeSeries {
                traces: &["R_1", "R_2", "R_3", "R_4", "R_5", "R_6", "R_7", "R_8"],
                y_label: "R (Hz)",
                y: Range::Auto,
            },
        },
        PlotSpec {
            id: "facilitation",
            title: "Facilitation u: the memory",
            kind: PlotKind::TimeSeries {
                traces: &["u_1", "u_2", "u_3", "u_4", "u_5", "u_6", "u_7", "u_8"],
                y_label: "u",
                y: Range::Fixed(0.0, 1.0),
            },
        },
        PlotSpec {
            id: "resources",
            title: "Resources x",
            kind: PlotKind::TimeSeries {
                traces: &["x_1", "x_2", "x_3", "x_4", "x_5", "x_6", "x_7", "x_8"],
                y_label: "x",
                y: Range::Fixed(0.0, 1.0),
            },
        },
        PlotSpec { id: "spikes", title: "Population spikes of clusters 1–8 (rows 0–7)", kind: PlotKind::Raster { rows: SHOWN } },
    ],
    window_ms: 4000.0,
    sample_ms: 1.0,
    default_duration_ms: 4000.0,
    stochastic: false,
    clock: Clock::Time,
    offload: false,
};

pub static ENTRY: ModelEntry = ModelEntry { spec: &SPEC, build };

struct Consts {
    n_items: usize,
    i_b: f64,
    tau_f: f64,
    tau_d: f64,
    u_base: f64,
    j_ee: f64,
    i_e: f64,
    i_read: f64,
    t_read: f64,
}

impl Consts {
    fn from(p: &Params) -> Self {
        Consts {
            n_items: p.get("n_items") as usize,
            i_b: p.get("I_b"),
            tau_f: p.get("tau_F"),
            tau_d: p.get("tau_D"),
            u_base: p.get("U"),
            j_ee: p.get("J_EE"),
            i_e: p.get("I_e"),
            i_read: p.get("I_readout"),
            t_read: p.get("t_readout"),
        }
    }
}

/// R = α ln(1 + e^{h/α}), written so that it neither overflows nor loses digits.
#[inline]
pub fn rate(h: f64) -> f64 {
    let z = h / ALPHA;
    ALPHA * (z.max(0.0) + log1p(exp(-z.abs())))
}

struct Wm {
    t: f64,
    h: [f64; P],
    u: [f64; P],
    x: [f64; P],
    h_i: f64,
    /// Whether each cluster may count a new population spike (its rate fell below R_REARM).
    armed: [bool; P],
    /// The last two population spike times of each cluster.
    last: [f64; P],
    prev: [f64; P],
    p: Consts,
}

fn build(p: &Params, _seed: u64) -> Box<dyn Model> {
    let c = Consts::from(p);
    Box::new(Wm {
        t: 0.0,
        h: [0.0; P],
        u: [c.u_base; P],
        x: [1.0; P],
        h_i: 0.0,
        armed: [true; P],
        last: [f64::NEG_INFINITY; P],
        prev: [f64::NEG_INFINITY; P],
        p: c,
    })
}

impl Wm {
    /// External input to cluster i at time t: its loading stimulus and the readout pulse.
    fn input(&self, i: usize, t: f64) -> f64 {
        let c = &self.p;
        let within = |on: f64| t >= on - 1e-9 && t < on + LOAD_MS - 1e-9;
        let mut ie = if within(c.t_read) { c.i_read } else { 0.0 };
        if i < c.n_items && within(LOAD_T0 + i as f64 * LOAD_EVERY) {
            ie += c.i_e;
        }
        ie
    }

    /// Loaded clusters holding their item at time t.
    fn held(&self) -> usize {
        (0..self.p.n_items)
            .filter(|&i| self.t - self.last[i] < HOLD_WINDOW)
            .count()
    }
}

impl Model for Wm {
    fn time_ms(&self) -> f64 {
        self.t
    }

    // Several arrays indexed by cluster: an index loop reads best.
    #[allow(clippy::needless_range_loop)]
    fn step(&mut self, spikes: &mut Vec<Spike>) {
        let h_step = 1.0 / SUBSTEPS as f64;
        let mut r = [0.0; P];
        for k in 0..SUBSTEPS {
            let t = self.t + k as f64 * h_step;
            // Rates at the start of the substep: for the dynamics and to detect population spikes.
            let mut sum_r = 0.0;
            for i in 0..P {
                r[i] = rate(self.h[i]);
                sum_r += r[i];
                if self.armed[i] && r[i] > R_SPIKE {
                    self.armed[i] = false;
                    self.prev[i] = self.last[i];
                    self.last[i] = t;
                    if i < SHOWN {
                        spikes.push(Spike {
                            t_ms: t,
                            neuron: i as u32,
                        });
                    }
                } else if !self.armed[i] && r[i] < R_REARM {
                    self.armed[i] = true;
                }
            }
            let r_i = rate(self.h_i);
            let c = &self.p;
            for i in 0..P {
                let uxr = self.u[i] * self.x[i] * r[i];
                let ie = self.input(i, t);
                let dh = (-self.h[i] + c.j_ee * uxr - J_EI * r_i + c.i_b + ie) / TAU;
                // Rates are in Hz, time in ms: R × 1e-3 per ms.
                let du =
                    (c.u_base - self.u[i]) / c.tau_f + c.u_base * (1.0 - self.u[i]) * r[i] * 1e-3;
                let dx = (1.0 - self.x[i]) / c.tau_d - uxr * 1e-3;
                self.h[i] += h_step * dh;
                self.u[i] += h_step * du;
                self.x[i] += h_step * dx;
            }
            self.h_i += h_step * (-self.h_i + J_IE * sum_r) / TAU;
        }
        self.t += 1.0;
    }

    fn sample(&self, out: &mut [f64]) {
        for i in 0..SHOWN {
            out[i] = rate(self.h[i]);
            out[SHOWN + i] = self.u[i];
            out[2 * SHOWN + i] = self.x[i];
        }
        out[3 * SHOWN] = rate(self.h_i);
    }

    fn set_params(&mut self, p: &Params) {
        self.p = Consts::from(p);
    }

    fn measure(&self, name: &str, _rec: &Recording) -> Option<f64> {
        match name {
            "items_held" => Some(self.held() as f64),
            "reactivation_period_ms" => {
                let periods: Vec<f64> = (0..self.p.n_items)
                    .filter(|&i| self.t - self.last[i] < HOLD_WINDOW && self.prev[i].is_finite())
                    .map(|i| self.last[i] - self.prev[i])
                    .collect();
                (!periods.is_empty()).then(|| periods.iter().sum::<f64>() / periods.len() as f64)
            }
            "spike_interval_ms" => {
                // The held clusters' latest spikes are spread over one cycle, one t_s apart.
                let held: Vec<f64> = (0..self.p.n_items)
                    .map(|i| self.last[i])
                    .filter(|&l| self.t - l < HOLD_WINDOW)
                    .collect();
                let lo = held.iter().copied().reduce(f64::min)?;
                let hi = held.iter().copied().reduce(f64::max)?;
                (held.len() >= 2).then(|| (hi - lo) / (held.len() - 1) as f64)
            }
            "u_loaded" => {
                let n = self.p.n_items;
                (n > 0).then(|| self.u[..n].iter().sum::<f64>() / n as f64)
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run::Simulation;
    use crate::testkit;

    fn run(set: &[(&str, f64)], ms: f64) -> Simulation {
        testkit::run(&ENTRY, testkit::params(&ENTRY, None, set), 0, ms)
    }

    fn spike_times(sim: &Simulation, cluster: u32) -> Vec<f64> {
        sim.rec
            .spikes
            .iter()
            .filter(|s| s.neuron == cluster)
            .map(|s| s.t_ms)
            .collect()
    }

    /// Population spike times (upward crossings of 40 Hz, re-armed below 20 Hz, interpolated
    /// linearly) of a loaded cluster, from the rate equations of Mi et al. (2017) retyped here
    /// with the reimplementation's parameters (module doc) and integrated independently of the
    /// model: classical RK4 with a 0.02 ms step instead of Euler with 0.1 ms. One item is loaded
    /// (I_e = 225 from 100 to 130 ms); the 15 unloaded clusters stay identical by symmetry, so
    /// one variable stands for all of them in the inhibitory sum.
    fn retyped_one_item_spikes(t_end: f64) -> Vec<f64> {
        const DT: f64 = 0.02;
        let r = |h: f64| 1.5 * (1.0 + (h / 1.5).exp()).ln();
        // State: [h, u, x] of the loaded cluster, [h, u, x] of an unloaded one, h_I.
        let f = |t: f64, y: &[f64; 7]| -> [f64; 7] {
            let (r1, r0, ri) = (r(y[0]), r(y[3]), r(y[6]));
            let ie = if (100.0..130.0).contains(&t) {
                225.0
            } else {
                0.0
            };
            let cluster = |h: f64, u: f64, x: f64, rate: f64, ie: f64| {
                [
                    (-h + 8.0 * u * x * rate - 1.1 * ri + 8.0 + ie) / 8.0,
                    (0.3 - u) / 1500.0 + 0.3 * (1.0 - u) * rate * 1e-3,
                    (1.0 - x) / 300.0 - u * x * rate * 1e-3,
                ]
            };
            let a = cluster(y[0], y[1], y[2], r1, ie);
            let b = cluster(y[3], y[4], y[5], r0, 0.0);
            [
                a[0],
                a[1],
                a[2],
                b[0],
                b[1],
                b[2],
                (-y[6] + 1.75 * (r1 + 15.0 * r0)) / 8.0,
            ]
        };
        let mut y = [0.0, 0.3, 1.0, 0.0, 0.3, 1.0, 0.0];
        let (mut spikes, mut armed) = (Vec::new(), true);
        let steps = (t_end / DT).round() as usize;
        for k in 0..steps {
            let t = k as f64 * DT;
            let add = |y: &[f64; 7], d: &[f64; 7], c: f64| {
                std::array::from_fn::<f64, 7, _>(|i| y[i] + c * d[i])
            };
            let k1 = f(t, &y);
            let k2 = f(t + DT / 2.0, &add(&y, &k1, DT / 2.0));
            let k3 = f(t + DT / 2.0, &add(&y, &k2, DT / 2.0));
            let k4 = f(t + DT, &add(&y, &k3, DT));
            let (r_old, y_new) = (
                r(y[0]),
                std::array::from_fn(|i| {
                    y[i] + DT / 6.0 * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i])
                }),
            );
            y = y_new;
            let r_new = r(y[0]);
            if armed && r_old <= 40.0 && r_new > 40.0 {
                spikes.push(t + DT * (40.0 - r_old) / (r_new - r_old));
                armed = false;
            } else if r_new < 20.0 {
                armed = true;
            }
        }
        spikes
    }

    #[test]
    fn one_item_is_reactivated_periodically_without_input() {
        // Mongillo et al. 2008 and Mi et al. 2017: a single item is refreshed by population
        // spikes a few hundred ms apart, with no stimulus after loading (100–130 ms). The first
        // cycles are shorter (261 ms) while u builds up over τ_F; from 4 s on the intervals are
        // those of a limit cycle.
        // The period quoted in the doc, the preset and the lesson, 280 ms, is this model's value
        // under the reimplementation's parameters: Mi et al.'s own value could not be found
        // (only their capacity estimate, below). It is pinned to an independent integration of
        // the same equations (`retyped_one_item_spikes`), run to 12 s, where the intervals have
        // converged to 280.2 ms (to < 0.05 %; they creep up from 277 ms at 4 s as u settles over
        // τ_F). The model's Euler step of 0.1 ms shifts the period by ~0.3 % (module doc), so
        // 1 % bounds the agreement.
        let reference = retyped_one_item_spikes(12_000.0);
        let ref_isi: Vec<f64> = reference.windows(2).map(|w| w[1] - w[0]).collect();
        let ref_period = ref_isi[ref_isi.len() - 1];
        assert!(
            (ref_isi[ref_isi.len() - 2] / ref_period - 1.0).abs() < 5e-4,
            "reference {ref_isi:?}"
        );
        assert!(
            (ref_period / 280.0 - 1.0).abs() < 0.01,
            "reference period {ref_period} ms, quoted 280 ms"
        );
        let sim = run(&[("n_items", 1.0)], 8000.0);
        let t = spike_times(&sim, 0);
        let late: Vec<f64> = t.iter().copied().filter(|&x| x > 4000.0).collect();
        let isi: Vec<f64> = late.windows(2).map(|w| w[1] - w[0]).collect();
        assert!(isi.len() >= 12, "{} intervals", isi.len());
        let mean = isi.iter().sum::<f64>() / isi.len() as f64;
        assert!(isi.iter().all(|x| (x / mean - 1.0).abs() < 0.01), "{isi:?}");
        // The intervals after 6 s within 1 % of the independent period, and of the quoted 280 ms.
        let settled: Vec<f64> = late
            .windows(2)
            .filter(|w| w[0] > 6000.0)
            .map(|w| w[1] - w[0])
            .collect();
        assert!(
            settled.len() >= 6 && settled.iter().all(|x| (x / ref_period - 1.0).abs() < 0.01),
            "{settled:?} vs {ref_period} ms"
        );
        assert!((mean / 280.0 - 1.0).abs() < 0.01, "period {mean} ms");
        assert!((sim.measure("reactivation_period_ms").unwrap() / ref_period - 1.0).abs() < 0.01);
        assert_eq!(sim.measure("items_held"), Some(1.0));
        // The other clusters never spike, and the facilitation of cluster 1 stays well above U.
        assert!(sim.rec.spikes.iter().all(|s| s.neuron == 0));
        assert!(sim.rec.trace(SHOWN).iter().skip(1000).all(|&u| u > 0.5));
    }

    #[test]
    fn capacity_is_within_one_item_of_the_mi_et_al_estimate() {
        // Mi, Katkov & Tsodyks (2017): the held clusters fire in turn, t_s apart, and a cluster
        // can wait at most T_max ≈ τ_D ln[(τ_F/τ_D)/(1 − U)] (the time for u x to climb back
        // from its minimum) before its item is lost, so n items are held while n t_s ≤ T_max:
        // C = ⌊T_max/t_s⌋. (Formula read in a secondary account of the paper, a public course
        // report on its eqs.; the paper itself was not available here.) T_max = 474, 590, 702 ms
        // at τ_D = 200, 300, 450 ms. t_s is measured in the held state; the estimate is
        // approximate (T_max neglects the spike's width and the decay of u during the wait), so
        // ±1 item. Loads of 8, 7 and 8 items exceed the capacity: the held number is the capacity
        // reached from an overload (5, 6 and 7 here; at τ_D = 200 ms five items loaded leave
        // only 4: the held number depends on the load history there).
        // Found: T_max/t_s = 6.4, 6.8, 6.3, so the estimate is 6 at all three: it reproduces the
        // capacity within one item, but not its growth with τ_D, because t_s here grows with
        // τ_D (74, 87, 112 ms) while the paper's estimate of t_s depends on τ and I_b only.
        for (tau_d, n) in [(200.0f64, 8.0), (300.0, 7.0), (450.0, 8.0)] {
            let sim = run(&[("n_items", n), ("tau_D", tau_d)], 6000.0);
            let held = sim.measure("items_held").unwrap();
            let ts = sim.measure("spike_interval_ms").unwrap();
            let t_max = tau_d * ((1500.0 / tau_d) / (1.0 - 0.3)).ln();
            let estimate = (t_max / ts).floor();
            assert!(held < n, "τ_D = {tau_d}: all {n} items held");
            assert!(
                (held - estimate).abs() <= 1.0,
                "τ_D = {tau_d}: {held} held, T_max {t_max:.0} ms / t_s {ts:.1} ms → {estimate}"
            );
        }
        // At the defaults the cycle at capacity brackets T_max: 6 t_s ≤ T_max < 7 t_s.
        let sim = run(&[("n_items", 7.0)], 6000.0);
        let ts = sim.measure("spike_interval_ms").unwrap();
        let t_max = 300.0 * (5.0f64 / 0.7).ln();
        assert!(
            6.0 * ts <= t_max && t_max < 7.0 * ts,
            "t_s {ts} ms, T_max {t_max} ms"
        );
    }

    #[test]
    fn loading_beyond_the_capacity_drops_an_early_item() {
        // At the default parameters six items are held; a seventh costs one of the first two,
        // and the newest is kept (module doc). 6 s = 10 cycles after loading.
        let sim = run(&[("n_items", 6.0)], 6000.0);
        assert_eq!(sim.measure("items_held"), Some(6.0));
        for c in 0..6 {
            assert!(
                spike_times(&sim, c).iter().any(|&t| t > 5000.0),
                "item {} lost",
                c + 1
            );
        }
        let sim = run(&[("n_items", 7.0)], 6000.0);
        assert_eq!(sim.measure("items_held"), Some(6.0));
        let lost: Vec<u32> = (0..7)
            .filter(|&c| spike_times(&sim, c).iter().all(|&t| t < 2000.0))
            .collect();
        assert_eq!(lost.len(), 1, "lost {lost:?}");
        assert!(lost[0] < 2, "lost item {}", lost[0] + 1);
    }

    #[test]
    fn capacity_grows_with_the_depression_time_constant() {
        // Mi et al. 2017: capacity grows with τ_D/τ. The numbers are this model's own (under the
        // reimplementation's parameters; the paper's figures could not be checked), kept as the
        // lesson quotes them: τ_D = 200 ms holds 4 items (a fifth is dropped), 300 ms holds 6,
        // 450 ms holds 7 of 7.
        for (tau_d, n, held) in [(200.0, 4.0, 4.0), (200.0, 5.0, 4.0), (450.0, 7.0, 7.0)] {
            let sim = run(&[("n_items", n), ("tau_D", tau_d)], 6000.0);
            assert_eq!(
                sim.measure("items_held"),
                Some(held),
                "τ_D = {tau_d}, {n} items"
            );
        }
    }

    #[test]
    fn the_cycle_is_n_items_population_spikes_long() {
        // The held clusters fire in turn, one t_s apart, so each is refreshed every n t_s:
        // the period grows with the load (280 ms for one item, 522 ms for six) and period/t_s = n
        // within 3 % for n = 3…6 (t_s ≈ 87–97 ms).
        let mut last = 0.0;
        for n in 3..=6 {
            let sim = run(&[("n_items", n as f64)], 6000.0);
            let period = sim.measure("reactivation_period_ms").unwrap();
            let ts = sim.measure("spike_interval_ms").unwrap();
            assert!(
                (period / ts / n as f64 - 1.0).abs() < 0.03,
                "{n} items: period {period} ms, t_s {ts} ms"
            );
            assert!(period > last);
            last = period;
        }
    }

    #[test]
    fn a_silent_memory_is_read_out_by_a_nonspecific_pulse() {
        // I_b = 2: no population spike between loading and the readout at 1.5 s, while u of the
        // loaded cluster stays above U = 0.3 (it decays with τ_F = 1.5 s); the readout then makes
        // cluster 1, and only it, fire (Mongillo et al. 2008). Without a loaded item the same
        // pulse makes no cluster fire.
        let sim = run(
            &[("n_items", 1.0), ("I_b", 2.0), ("I_readout", 5.0)],
            2500.0,
        );
        let t = spike_times(&sim, 0);
        assert!(
            t.iter()
                .all(|&x| x < 200.0 || (1500.0..1600.0).contains(&x)),
            "{t:?}"
        );
        assert!(t.iter().any(|&x| (1500.0..1600.0).contains(&x)));
        assert!(sim.rec.spikes.iter().all(|s| s.neuron == 0));
        let u = sim.rec.trace(SHOWN);
        assert!(u[1400] > 0.45, "u at 1.4 s: {}", u[1400]);
        let sim = run(
            &[("n_items", 0.0), ("I_b", 2.0), ("I_readout", 5.0)],
            2500.0,
        );
        assert!(sim.rec.spikes.is_empty());
    }
}
