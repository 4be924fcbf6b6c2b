//! Spike-timing-dependent plasticity: the learning window, and competition between the inputs of
//! a neuron (Song, Miller & Abbott 2000).
//!
//! Pair-based additive STDP (Song, Miller & Abbott 2000, Nat. Neurosci. 3:919; Bi & Poo 1998):
//! a presynaptic spike at t_pre and a postsynaptic one at t_post = t_pre + Δt change the peak
//! conductance g_a of the synapse by
//!   Δg = g_max A₊ e^{−Δt/τ₊}    for Δt > 0 (pre before post: potentiation),
//!   Δg = −g_max A₋ e^{Δt/τ₋}    for Δt < 0 (post before pre: depression),
//! summed over all pairs, with hard bounds 0 ≤ g_a ≤ g_max. The window's integral
//! ∫Δg dΔt / g_max = A₊τ₊ − A₋τ₋ is negative when A₋τ₋ > A₊τ₊: uncorrelated pre and post spikes
//! then depress on average, which is what keeps the rule stable (Song et al. 2000; Kempter,
//! Gerstner & van Hemmen 1999).
//!
//! Online implementation with traces (Song et al. 2000 Methods, "P_a" and "M"; Morrison,
//! Diesmann & Gerstner 2008, Biol. Cybern. 98:459, all-to-all pairing): each input keeps a trace
//! a_j that jumps by 1 at its spikes and decays with τ₊; the neuron keeps one trace m, jumping
//! by 1 at its spikes and decaying with τ₋. A presynaptic spike of input j depresses it by
//! g_max A₋ m; a postsynaptic spike potentiates every input by g_max A₊ a_j. The traces a_j are
//! decayed lazily (stored with the time of their last update), so an input spike costs O(1) and a
//! postsynaptic spike O(N), and nothing else scales with N.
//!
//! The neuron (Song et al. 2000 Methods): conductance-based integrate-and-fire,
//!   τ_m dV/dt = V_rest − V + g_ex (E_ex − V) + g_in (E_in − V),
//! τ_m = 20 ms, V_rest = −70 mV, E_ex = 0 mV, E_in = −70 mV, threshold −54 mV, reset −60 mV,
//! conductances in units of the leak conductance, decaying with τ_ex = τ_in = 5 ms; an excitatory
//! spike of input a adds g_a to g_ex, an inhibitory one adds ḡ_in = 0.05 to g_in. N = 1000
//! excitatory Poisson inputs at `rate` (10–40 Hz in the paper), 200 inhibitory ones at 10 Hz with
//! fixed weights, g_max = 0.015, A₊ = 0.005, A₋/A₊ = 1.05, τ₊ = τ₋ = 20 ms. No refractory period.
//! Initial weights are drawn uniformly in [0, g_max], as in the Brian simulator's version of this
//! model (an assumption: the paper's initial condition is not reproduced).
//!
//! Time scale. Learning takes simulated minutes: its speed scales with A₊ ν_pre ν_post. Scaling
//! A₊ and A₋ up is not a free speed-up: for an additive rule the drift of a weight is ∝ A and its
//! diffusion ∝ A², so the peaks of the stationary distribution at 0 and g_max have widths ∝ A
//! (van Rossum, Bi & Turrigiano 2000; Rubin, Lee & Sompolinsky 2001). Measured here at 40 Hz: the
//! fraction of weights within 10 % of a bound settles near 0.86 with the paper's A₊ = 0.005, 0.75
//! with 0.0075, 0.69 with 0.01, 0.5 with 0.02. So the default keeps the paper's A₊ and uses its
//! highest input rate, 40 Hz, where the split takes ~6 simulated minutes (35 s of wall time at the
//! page's 10× speed); the `fast_learning` preset shows the cost of 4× larger steps.
//!
//! Correlated inputs: the first `n_corr` inputs are driven by a multiple-interaction process
//! (Kuhn, Aertsen & Rotter 2003, Neural Comput. 15:67): a common "mother" Poisson train at
//! rate/c whose every spike is copied to each input of the group with probability c. Each input
//! is then Poisson at `rate`, and any two of them share a fraction c of their spikes (spike-count
//! correlation coefficient c for small bins). Song et al. (2000) correlated a group of inputs
//! differently (the exact scheme is not reproduced here); the effect is the same: correlated
//! inputs fire the neuron together, win the competition and end near g_max.
//!
//! Integration: steps of 0.1 ms (ten per 1 ms sample); inputs arrive on the grid; the membrane is
//! stepped exactly for the conductances frozen at their mid-step value; a spike is emitted at the
//! end of the step in which V reaches threshold.

use crate::math::{exp, log};
use crate::measure;
use crate::model::*;
use crate::params::Params;
use crate::record::Recording;
use crate::rng::{self, Rng};

const H: f64 = 0.1;
const SUBSTEPS: usize = 10;
const TAU_M: f64 = 20.0;
const V_REST: f64 = -70.0;
const E_EX: f64 = 0.0;
const E_IN: f64 = -70.0;
const V_TH: f64 = -54.0;
const V_RESET: f64 = -60.0;
const TAU_EX: f64 = 5.0;
const TAU_IN: f64 = 5.0;
const N_IN: usize = 200;
const RATE_IN: f64 = 10.0;
const G_IN: f64 = 0.05;
/// Inputs shown in the raster (rows 1..=RASTER_INPUTS; row 0 is the neuron).
const RASTER_INPUTS: usize = 48;
/// Bins of the weight histograms, and columns of the histogram-over-time image.
const BINS: usize = 40;
const COLS: usize = 200;
/// First snapshot interval of the image, ms (doubles whenever the image is full).
const SNAP0: f64 = 1000.0;
/// Time constant of the filtered postsynaptic rate, ms.
const TAU_RATE: f64 = 2000.0;

pub static SPEC: ModelSpec = ModelSpec {
    id: "stdp",
    title: "Spike-timing-dependent plasticity and synaptic competition",
    lecture: 2,
    summary: "Additive STDP on the 1000 inputs of an integrate-and-fire neuron: the weights compete and split into strong and silent ones, and correlated inputs win (Song, Miller & Abbott 2000).",
    params: &[
        ParamSpec::real("A_plus", r"A_+", "", 0.0005, 0.1, 0.005, 0.0001)
            .log()
            .help("potentiation per pairing, in units of g_max (Song et al.: 0.005)"),
        ParamSpec::real("A_minus", r"A_-", "", 0.0005, 0.1, 0.00525, 0.00001)
            .log()
            .help("depression per pairing, in units of g_max (Song et al.: A₋ = 1.05 A₊)"),
        ParamSpec::real("tau_plus", r"\tau_+", "ms", 1.0, 100.0, 20.0, 0.5).help("decay of the potentiation side of the window"),
        ParamSpec::real("tau_minus", r"\tau_-", "ms", 1.0, 100.0, 20.0, 0.5).help("decay of the depression side of the window"),
        ParamSpec::real("rate", r"\nu_{\mathrm{in}}", "Hz", 1.0, 50.0, 40.0, 0.5).help("rate of every excitatory Poisson input (10–40 Hz in Song et al.)"),
        ParamSpec::real("g_max", r"g_{\max}", "", 0.001, 0.05, 0.015, 0.0005)
            .help("upper bound of each excitatory peak conductance, in units of the leak conductance"),
        ParamSpec::int("N", "N", 100.0, 2000.0, 1000.0).help("number of excitatory inputs").restart(),
        ParamSpec::int("n_corr", r"N_c", 0.0, 2000.0, 0.0)
            .help("inputs 1…N_c form a correlated group (capped at N)")
            .restart(),
        ParamSpec::real("c", "c", "", 0.0, 1.0, 0.0, 0.01)
            .help("correlation within the group: the fraction of spikes any two of its inputs share"),
    ],
    presets: &[
        PresetSpec {
            name: "song2000",
            description: "Song, Miller & Abbott's neuron with 40 Hz inputs: as the weights split the output falls from hundreds of Hz to ~10 Hz, irregular; after ~6 simulated minutes over 80 % sit near 0 or g_max.",
            values: &[],
        },
        PresetSpec {
            name: "inputs_10hz",
            description: "The same at 10 Hz: learning is slower (it scales with the pre and post rates), and more synapses end at g_max (40 %) so that the output keeps firing.",
            values: &[("rate", 10.0)],
        },
        PresetSpec {
            name: "correlated",
            description: "Inputs 1–500 share a fraction c = 0.05 of their spikes: they fire the neuron together, so they win (mean weight → g_max within ~100 s) and the independent half is pushed to 0.",
            values: &[("rate", 10.0), ("n_corr", 500.0), ("c", 0.05)],
        },
        PresetSpec {
            name: "fast_learning",
            description: "Steps 4× larger (A₊ = 0.02, A₋ = 1.05 A₊): the split appears 4× sooner, but the peaks are 4× wider (drift ∝ A, diffusion ∝ A²), so far fewer weights end near the bounds.",
            values: &[("A_plus", 0.02), ("A_minus", 0.021)],
        },
        PresetSpec {
            name: "potentiation_wins",
            description: "A₋ = 0.9 A₊: the window's integral is positive, so random pairings potentiate; after ~2 simulated minutes the weights run away to g_max and the output to ~185 Hz: no competition.",
            values: &[("rate", 10.0), ("A_minus", 0.0045)],
        },
    ],
    traces: &[
        TraceSpec::new("V", "membrane potential", "mV", 1e4),
        TraceSpec::new("rate_post", "output rate, filtered over 2 s", "Hz", 1e5),
        TraceSpec::new("w_mean", "mean weight / g_max, all inputs", "", 10.0),
        TraceSpec::new("w_corr", "mean weight / g_max, correlated group", "", 10.0),
        TraceSpec::new("w_uncorr", "mean weight / g_max, other inputs", "", 10.0),
    ],
    measures: &[
        MeasureSpec::new("post_rate_hz", "output rate over the recording", "Hz"),
        MeasureSpec::new("cv_isi", "coefficient of variation of the output ISIs", ""),
        MeasureSpec::new("w_mean", "mean weight / g_max", ""),
        MeasureSpec::new("w_corr", "mean weight / g_max of the correlated group", ""),
        MeasureSpec::new("w_uncorr", "mean weight / g_max of the other inputs", ""),
        MeasureSpec::new("frac_near_bounds", "fraction of weights within 10 % of 0 or of g_max", ""),
        MeasureSpec::new("window_integral_ms", "∫Δw dΔt / g_max = A₊τ₊ − A₋τ₋", "ms"),
    ],
    plots: &[
        PlotSpec {
            id: "window",
            title: "STDP window: Δw/g_max against Δt = t_post − t_pre",
            kind: PlotKind::Profile { errors: &[], x: Range::Auto, curves: &["window"], x_label: "Δt (ms)", y_label: "Δw / g_max", y: Range::Auto },
        },
        PlotSpec {
            id: "histogram",
            title: "Weight distribution now",
            kind: PlotKind::Profile { errors: &[], x: Range::Auto,
                curves: &["uncorrelated", "correlated"],
                x_label: "w / g_max",
                y_label: "fraction of synapses",
                y: Range::Auto,
            },
        },
        PlotSpec {
            id: "histogram_time",
            title: "Weight distribution since the start",
            kind: PlotKind::HeatMap { image: "w_hist_t", x_label: "t (s)", y_label: "w / g_max", value_label: "fraction of synapses per bin (saturating)" },
        },
        PlotSpec {
            id: "weights",
            title: "Mean weights",
            kind: PlotKind::TimeSeries { traces: &["w_mean", "w_corr", "w_uncorr"], y_label: "w / g_max", y: Range::Fixed(0.0, 1.0) },
        },
        PlotSpec {
            id: "rate",
            title: "Output rate",
            kind: PlotKind::TimeSeries { traces: &["rate_post"], y_label: "rate (Hz)", y: Range::Auto },
        },
        PlotSpec { id: "raster", title: "Output (row 0) and 48 of the inputs", kind: PlotKind::Raster { rows: RASTER_INPUTS + 1 } },
    ],
    window_ms: 20_000.0,
    sample_ms: 1.0,
    default_duration_ms: 100_000.0,
    stochastic: true,
    clock: Clock::Time,
    offload: false,
};

pub static ENTRY: ModelEntry = ModelEntry { spec: &SPEC, build };

struct Consts {
    a_plus: f64,
    a_minus: f64,
    tau_plus: f64,
    tau_minus: f64,
    g_max: f64,
    n: usize,
    /// Size of the correlated group (the first inputs), and its correlation.
    n_corr: usize,
    c: f64,
    /// Poisson means per step: independent excitatory spikes, mother spikes, inhibitory spikes,
    /// with e^{−λ} for the sampler.
    lam_u: f64,
    exp_lam_u: f64,
    lam_m: f64,
    exp_lam_m: f64,
    lam_in: f64,
    exp_lam_in: f64,
    /// ln(1 − c), for the geometric skips of the copy process.
    log1mc: f64,
    decay_m: f64,
    decay_ex: f64,
    decay_in: f64,
    mid_ex: f64,
    mid_in: f64,
}

impl Consts {
    fn from(p: &Params) -> Self {
        let n = p.get("N") as usize;
        let n_corr = (p.get("n_corr") as usize).min(n);
        let c = p.get("c");
        let rate = p.get("rate");
        // The group is generated by the copy process only when c > 0; otherwise it is Poisson
        // like the others.
        let n_indep = if c > 0.0 { n - n_corr } else { n };
        let lam_u = n_indep as f64 * rate * H * 1e-3;
        let lam_m = if c > 0.0 && n_corr > 0 {
            rate / c * H * 1e-3
        } else {
            0.0
        };
        let lam_in = N_IN as f64 * RATE_IN * H * 1e-3;
        let (tau_plus, tau_minus) = (p.get("tau_plus"), p.get("tau_minus"));
        Consts {
            a_plus: p.get("A_plus"),
            a_minus: p.get("A_minus"),
            tau_plus,
            tau_minus,
            g_max: p.get("g_max"),
            n,
            n_corr,
            c,
            lam_u,
            exp_lam_u: exp(-lam_u),
            lam_m,
            exp_lam_m: exp(-lam_m),
            lam_in,
            exp_lam_in: exp(-lam_in),
            log1mc: if c < 1.0 {
                log(1.0 - c)
            } else {
                f64::NEG_INFINITY
            },
            decay_m: exp(-H / tau_minus),
            decay_ex: exp(-H / TAU_EX),
            decay_in: exp(-H / TAU_IN),
            mid_ex: exp(-0.5 * H / TAU_EX),
            mid_in: exp(-0.5 * H / TAU_IN),
        }
    }

    /// First input of the independent Poisson pool.
    fn indep_from(&self) -> usize {
        if self.c > 0.0 {
            self.n_corr
        } else {
            0
        }
    }
}

/// Δw/g_max of one pairing at Δt = t_post − t_pre (ms): the closed-form window.
pub fn window(a_plus: f64, a_minus: f64, tau_plus: f64, tau_minus: f64, dt: f64) -> f64 {
    if dt > 0.0 {
        a_plus * exp(-dt / tau_plus)
    } else if dt < 0.0 {
        -a_minus * exp(dt / tau_minus)
    } else {
        0.0
    }
}

/// Poisson deviate of mean `lam` by inversion (λ is at most ~10 here), e^{−λ} given.
#[inline]
fn poisson(rng: &mut Rng, lam: f64, exp_neg: f64) -> usize {
    if lam <= 0.0 {
        return 0;
    }
    let u = rng::uniform(rng);
    let (mut k, mut p) = (0usize, exp_neg);
    let mut s = p;
    while u > s && k < 1000 {
        k += 1;
        p *= lam / k as f64;
        s += p;
    }
    k
}

/// The plasticity state of N synapses: weights in units of g_max, presynaptic traces (stored
/// with the time of their last update), the postsynaptic trace.
struct Plasticity {
    w: Vec<f64>,
    a: Vec<f64>,
    a_t: Vec<f64>,
    m: f64,
}

impl Plasticity {
    /// Presynaptic spike of input j at t: depression by A₋ m, then the trace jumps.
    #[inline]
    fn on_pre(&mut self, j: usize, t: f64, a_minus: f64, tau_plus: f64) -> f64 {
        let old = self.w[j];
        let new = (old - a_minus * self.m).max(0.0);
        self.w[j] = new;
        self.a[j] = self.a[j] * exp(-(t - self.a_t[j]) / tau_plus) + 1.0;
        self.a_t[j] = t;
        new - old
    }

    /// Postsynaptic spike at t: every input is potentiated by A₊ a_j(t), then the trace jumps.
    fn on_post(&mut self, t: f64, a_plus: f64, tau_plus: f64) {
        for j in 0..self.w.len() {
            let a = self.a[j] * exp(-(t - self.a_t[j]) / tau_plus);
            self.w[j] = (self.w[j] + a_plus * a).min(1.0);
        }
        self.m += 1.0;
    }
}

struct Stdp {
    t: f64,
    v: f64,
    g_ex: f64,
    g_in: f64,
    pl: Plasticity,
    /// Raster row of each input (0: not shown).
    row: Vec<u32>,
    /// Sums of the weights of the correlated group and of the others, kept up to date so that a
    /// sample costs O(1) (recomputed exactly at every postsynaptic spike).
    sum_group: f64,
    sum_others: f64,
    rate_f: f64,
    /// Histogram-over-time image: COLS columns of BINS values, `cols` filled, one every `snap`.
    img: Vec<f64>,
    cols: usize,
    snap: f64,
    next_snap: f64,
    rng: Rng,
    p: Consts,
}

fn build(p: &Params, seed: u64) -> Box<dyn Model> {
    let c = Consts::from(p);
    let n = c.n;
    let mut rng = rng::seeded(seed);
    let w: Vec<f64> = (0..n).map(|_| rng::uniform(&mut rng)).collect();
    let mut row = vec![0u32; n];
    for r in 0..RASTER_INPUTS.min(n) {
        row[r * n / RASTER_INPUTS.min(n)] = r as u32 + 1;
    }
    let mut m = Stdp {
        t: 0.0,
        v: V_REST,
        g_ex: 0.0,
        g_in: 0.0,
        pl: Plasticity {
            w,
            a: vec![0.0; n],
            a_t: vec![0.0; n],
            m: 0.0,
        },
        row,
        sum_group: 0.0,
        sum_others: 0.0,
        rate_f: 0.0,
        img: vec![0.0; COLS * BINS],
        cols: 0,
        snap: SNAP0,
        next_snap: 0.0,
        rng,
        p: c,
    };
    m.resum();
    m.snapshot();
    Box::new(m)
}

impl Stdp {
    fn group(&self) -> std::ops::Range<usize> {
        0..self.p.n_corr
    }

    fn others(&self) -> std::ops::Range<usize> {
        self.p.n_corr..self.p.n
    }

    fn resum(&mut self) {
        let k = self.p.n_corr;
        self.sum_group = self.pl.w[..k].iter().sum();
        self.sum_others = self.pl.w[k..].iter().sum();
    }

    /// Mean weights of the correlated group and of the others (the overall mean when a group is
    /// empty), from the running sums.
    fn fast_means(&self) -> (f64, f64, f64) {
        let (k, n) = (self.p.n_corr, self.p.n);
        let all = (self.sum_group + self.sum_others) / n as f64;
        let group = if k > 0 {
            self.sum_group / k as f64
        } else {
            all
        };
        let others = if k < n {
            self.sum_others / (n - k) as f64
        } else {
            all
        };
        (all, group, others)
    }

    fn mean(&self, r: std::ops::Range<usize>) -> Option<f64> {
        let n = r.len();
        (n > 0).then(|| self.pl.w[r].iter().sum::<f64>() / n as f64)
    }

    fn hist(&self, r: std::ops::Range<usize>, out: &mut [f64; BINS]) {
        *out = [0.0; BINS];
        let n = r.len().max(1) as f64;
        for &w in &self.pl.w[r] {
            out[((w * BINS as f64) as usize).min(BINS - 1)] += 1.0 / n;
        }
    }

    /// Stores the histogram of all weights as the next image column (at t = 0, snap, 2 snap…);
    /// a full image keeps every other column and snapshots half as often.
    fn snapshot(&mut self) {
        while self.t >= self.next_snap - 1e-9 {
            if self.cols == COLS {
                for i in 0..COLS / 2 {
                    let (src, dst) = (2 * i * BINS, i * BINS);
                    self.img.copy_within(src..src + BINS, dst);
                }
                self.cols = COLS / 2;
                self.snap *= 2.0;
                self.next_snap = self.cols as f64 * self.snap;
                continue;
            }
            let mut h = [0.0; BINS];
            self.hist(0..self.p.n, &mut h);
            self.img[self.cols * BINS..(self.cols + 1) * BINS].copy_from_slice(&h);
            self.cols += 1;
            self.next_snap += self.snap;
        }
    }

    #[inline]
    fn input_spike(&mut self, j: usize, t: f64, spikes: &mut Vec<Spike>) {
        self.g_ex += self.p.g_max * self.pl.w[j];
        let dw = self.pl.on_pre(j, t, self.p.a_minus, self.p.tau_plus);
        if j < self.p.n_corr {
            self.sum_group += dw;
        } else {
            self.sum_others += dw;
        }
        let r = self.row[j];
        if r > 0 {
            spikes.push(Spike { t_ms: t, neuron: r });
        }
    }
}

impl Model for Stdp {
    fn time_ms(&self) -> f64 {
        self.t
    }

    fn step(&mut self, spikes: &mut Vec<Spike>) {
        let first = spikes.len();
        for k in 0..SUBSTEPS {
            let t = self.t + k as f64 * H;
            // Independent excitatory inputs: the superposition of N Poisson trains is one train
            // of rate N ν whose spikes belong to uniformly chosen inputs.
            let (from, n) = (self.p.indep_from(), self.p.n);
            let count = poisson(&mut self.rng, self.p.lam_u, self.p.exp_lam_u);
            for _ in 0..count {
                let j = from + rng::below(&mut self.rng, (n - from) as u32) as usize;
                self.input_spike(j, t, spikes);
            }
            // The correlated group: each mother spike reaches each member with probability c
            // (geometric skips between the members it reaches).
            let mothers = poisson(&mut self.rng, self.p.lam_m, self.p.exp_lam_m);
            for _ in 0..mothers {
                let mut j = 0usize;
                loop {
                    if self.p.c < 1.0 {
                        let u = 1.0 - rng::uniform(&mut self.rng);
                        j += (log(u) / self.p.log1mc) as usize;
                    }
                    if j >= self.p.n_corr {
                        break;
                    }
                    self.input_spike(j, t, spikes);
                    j += 1;
                }
            }
            self.g_in += G_IN * poisson(&mut self.rng, self.p.lam_in, self.p.exp_lam_in) as f64;

            // Membrane over the step, conductances at their mid-step value.
            let (ge, gi) = (self.g_ex * self.p.mid_ex, self.g_in * self.p.mid_in);
            let g = 1.0 + ge + gi;
            let v_inf = (V_REST + ge * E_EX + gi * E_IN) / g;
            self.v = v_inf + (self.v - v_inf) * exp(-H * g / TAU_M);
            self.g_ex *= self.p.decay_ex;
            self.g_in *= self.p.decay_in;
            self.pl.m *= self.p.decay_m;
            self.rate_f *= exp(-H / TAU_RATE);
            if self.v >= V_TH {
                let t1 = t + H;
                self.v = V_RESET;
                self.pl.on_post(t1, self.p.a_plus, self.p.tau_plus);
                self.resum();
                self.rate_f += 1000.0 / TAU_RATE;
                spikes.push(Spike {
                    t_ms: t1,
                    neuron: 0,
                });
            }
        }
        spikes[first..].sort_unstable_by(|a, b| a.t_ms.total_cmp(&b.t_ms));
        self.t += SUBSTEPS as f64 * H;
        self.snapshot();
    }

    fn sample(&self, out: &mut [f64]) {
        let (all, group, others) = self.fast_means();
        out[0] = self.v;
        out[1] = self.rate_f;
        out[2] = all;
        out[3] = group;
        out[4] = others;
    }

    fn set_params(&mut self, p: &Params) {
        self.p = Consts::from(p);
    }

    fn measure(&self, name: &str, rec: &Recording) -> Option<f64> {
        let c = &self.p;
        match name {
            "post_rate_hz" => {
                let d = rec.duration_ms(self.t);
                (d > 0.0).then(|| {
                    rec.spikes.iter().filter(|s| s.neuron == 0).count() as f64 / (d * 1e-3)
                })
            }
            "cv_isi" => measure::cv_isi(&rec.spikes, 0),
            "w_mean" => self.mean(0..c.n),
            "w_corr" => self.mean(self.group()),
            "w_uncorr" => self.mean(self.others()),
            "frac_near_bounds" => {
                let k = self
                    .pl
                    .w
                    .iter()
                    .filter(|&&w| !(0.1..=0.9).contains(&w))
                    .count();
                Some(k as f64 / c.n as f64)
            }
            "window_integral_ms" => Some(c.a_plus * c.tau_plus - c.a_minus * c.tau_minus),
            _ => None,
        }
    }

    fn profile(&self, name: &str, out: &mut Vec<(f64, f64)>) {
        out.clear();
        let c = &self.p;
        let centre = |b: usize| (b as f64 + 0.5) / BINS as f64;
        match name {
            "window" => {
                let f = |dt: f64| window(c.a_plus, c.a_minus, c.tau_plus, c.tau_minus, dt);
                out.extend(
                    (0..200)
                        .map(|i| -100.0 + 0.5 * i as f64)
                        .map(|dt| (dt, f(dt))),
                );
                // The jump at Δt = 0, from −A₋ to A₊.
                out.push((0.0, -c.a_minus));
                out.push((0.0, c.a_plus));
                out.extend((1..=200).map(|i| 0.5 * i as f64).map(|dt| (dt, f(dt))));
            }
            "uncorrelated" | "correlated" => {
                let r = if name == "correlated" {
                    self.group()
                } else {
                    self.others()
                };
                if r.is_empty() {
                    return;
                }
                let mut h = [0.0; BINS];
                self.hist(r, &mut h);
                out.extend(h.iter().enumerate().map(|(b, &f)| (centre(b), f)));
            }
            _ => {}
        }
    }

    fn image(&self, name: &str, out: &mut Image) {
        if name != "w_hist_t" {
            return;
        }
        let w = self.cols;
        out.width = w;
        out.height = BINS;
        out.values.clear();
        out.values.resize(w * BINS, 0.0);
        for i in 0..w {
            for b in 0..BINS {
                out.values[b * w + i] = self.img[i * BINS + b];
            }
        }
        // Column i is the histogram at t = i · snap.
        out.x_range = (0.0, (w.max(2) - 1) as f64 * self.snap * 1e-3);
        out.y_range = (0.0, 1.0);
        // The colour saturates at 10 % of the synapses per bin (4 × the uniform start, 1/40), so
        // that the small group near g_max stays visible next to the large one near 0.
        out.value_range = (0.0, 0.1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Retention;
    use crate::run::Simulation;
    use crate::testkit;

    fn params(preset: &str, set: &[(&str, f64)]) -> Params {
        testkit::params(&ENTRY, Some(preset), set)
    }

    #[test]
    fn a_pairing_changes_the_weight_by_the_closed_form_window() {
        // Δw/g_max = A₊ e^{−Δt/τ₊} (Δt > 0), −A₋ e^{Δt/τ₋} (Δt < 0) (Song et al. 2000),
        // obtained here from the trace implementation, with unequal parameters to tell the
        // sides apart; to rounding (1e-15).
        let (ap, am, tp, tm) = (0.005, 0.007, 17.0, 34.0);
        let pair = |dt: f64| {
            let mut pl = Plasticity {
                w: vec![0.5],
                a: vec![0.0],
                a_t: vec![0.0],
                m: 0.0,
            };
            let (t_pre, t_post) = if dt > 0.0 {
                (100.0, 100.0 + dt)
            } else {
                (100.0 - dt, 100.0)
            };
            let mut m_time = 0.0;
            let mut events = [(t_pre, true), (t_post, false)];
            events.sort_by(|a, b| a.0.total_cmp(&b.0));
            for (t, is_pre) in events {
                pl.m *= (-(t - m_time) / tm).exp();
                m_time = t;
                if is_pre {
                    pl.on_pre(0, t, am, tp);
                } else {
                    pl.on_post(t, ap, tp);
                }
            }
            pl.w[0] - 0.5
        };
        for dt in [-80.0, -20.0, -1.0, -0.1, 0.1, 1.0, 17.0, 60.0] {
            let want = window(ap, am, tp, tm, dt);
            assert!(
                (pair(dt) - want).abs() < 1e-15,
                "Δt = {dt}: {} vs {want}",
                pair(dt)
            );
        }
        assert!((window(ap, am, tp, tm, 17.0) - ap / std::f64::consts::E).abs() < 1e-15);
        // All-to-all: two presynaptic spikes 5 and 12 ms before a postsynaptic one add up.
        let mut pl = Plasticity {
            w: vec![0.5],
            a: vec![0.0],
            a_t: vec![0.0],
            m: 0.0,
        };
        pl.on_pre(0, 88.0, am, tp);
        pl.on_pre(0, 95.0, am, tp);
        pl.on_post(100.0, ap, tp);
        let want = ap * ((-12.0 / tp).exp() + (-5.0 / tp).exp());
        assert!((pl.w[0] - 0.5 - want).abs() < 1e-15);
    }

    #[test]
    fn the_window_integral_has_the_sign_of_a_plus_tau_plus_minus_a_minus_tau_minus() {
        // ∫Δw dΔt / g_max = A₊τ₊ − A₋τ₋: Song et al.'s A₋/A₊ = 1.05 with τ₊ = τ₋ gives
        // −0.05 A₊ τ = −0.005 ms (depression wins for uncorrelated spikes); A₋ = 0.9 A₊ gives +0.01.
        // The plotted window, integrated by the trapezoid rule over ±100 ms (the tails beyond hold
        // e^{−5} of the area), agrees to 1 %.
        for (preset, want) in [("song2000", -0.005), ("potentiation_wins", 0.01)] {
            let sim = Simulation::new(&ENTRY, params(preset, &[]), 1, Retention::All);
            let got = sim.measure("window_integral_ms").unwrap();
            assert!((got - want).abs() < 1e-12, "{preset}: {got}");
            let mut pts = Vec::new();
            sim.model().profile("window", &mut pts);
            let area: f64 = pts
                .windows(2)
                .map(|w| 0.5 * (w[1].0 - w[0].0) * (w[0].1 + w[1].1))
                .sum();
            let p = &sim.params;
            let tails = p.get("A_plus") * p.get("tau_plus") * (-5.0f64).exp()
                - p.get("A_minus") * p.get("tau_minus") * (-5.0f64).exp();
            assert!(
                ((area + tails) - want).abs() < 0.01 * want.abs(),
                "{preset}: area {area}"
            );
            for &(dt, y) in &pts {
                if dt != 0.0 {
                    assert_eq!(
                        y,
                        window(
                            p.get("A_plus"),
                            p.get("A_minus"),
                            p.get("tau_plus"),
                            p.get("tau_minus"),
                            dt
                        )
                    );
                }
            }
        }
    }

    #[test]
    fn weights_become_bimodal_and_the_output_rate_is_normalised() {
        // Song et al. 2000: with A₋τ₋ > A₊τ₊ the weights split into a group near 0 and
        // a group near g_max, and the output rate ends far below what the initial weights gave.
        // 40 Hz inputs, the paper's A₊ = 0.005: the fraction within 10 % of a bound is 0.834–0.861
        // after 600 s over seeds 1–6 (0.86 after 1000 s), against 0.2 for the uniform start.
        let mut sim = Simulation::new(
            &ENTRY,
            params("song2000", &[]),
            3,
            Retention::Window(5000.0),
        );
        sim.run_for(2000.0).unwrap();
        let start_rate = sim.measure("post_rate_hz").unwrap();
        let start_near = sim.measure("frac_near_bounds").unwrap();
        sim.run_for(598_000.0).unwrap();
        let near = sim.measure("frac_near_bounds").unwrap();
        let mut h = Vec::new();
        sim.model().profile("uncorrelated", &mut h);
        let low: f64 = h[..BINS / 10].iter().map(|p| p.1).sum();
        let high: f64 = h[BINS - BINS / 10..].iter().map(|p| p.1).sum();
        assert!(
            start_near < 0.3,
            "initial fraction near the bounds {start_near}"
        );
        assert!(near > 0.8, "fraction near the bounds {near}");
        assert!(low > 0.5 && high > 0.04, "low {low}, high {high}");
        // Rate normalisation: ~400 Hz with the initial weights, ~10 Hz once learned (over 5 s).
        let end_rate = sim.measure("post_rate_hz").unwrap();
        assert!(
            start_rate > 100.0 && end_rate < 25.0,
            "output {start_rate} Hz → {end_rate} Hz"
        );
    }

    /// Output rate (Hz), its standard error r·CV/√n (a renewal train: the count's variance is
    /// ≈ n CV²), and the number of spikes, over the recording.
    fn rate_and_error(sim: &Simulation) -> (f64, f64, f64) {
        let r = sim.measure("post_rate_hz").unwrap();
        let n = sim.rec.spikes.iter().filter(|s| s.neuron == 0).count() as f64;
        let cv = sim.measure("cv_isi").unwrap();
        (r, r * cv / n.sqrt(), n)
    }

    #[test]
    fn learning_normalises_the_output_rate_across_input_rates() {
        // Song, Miller & Abbott (2000): with A₋τ₋ > A₊τ₊ the output rate after learning depends
        // little on the input rate (10–40 Hz in the paper), while with fixed weights it would
        // climb steeply; the weights adjust instead, smaller at higher input rates. The numbers
        // of their figure could not be found in the references available here, so the criteria
        // are derived, at 20 and 40 Hz (a 2× step of the input):
        // (1) fixed (initial, uniform) weights, measured 50–250 ms after the start before they
        //     have changed by more than ~0.02 g_max: the mean conductance g_max N ν ⟨w⟩ τ_ex
        //     doubles with ν and the neuron is driven far above threshold, so the output at
        //     least doubles: a log–log slope ln(r₄₀/r₂₀)/ln 2 above 1;
        // (2) after learning the slope is within ±0.5: the output varies far less than the input;
        // (3) the mean weight falls, about as 1/ν: if the output rate, hence the mean drive, is
        //     unchanged, so is the mean conductance ∝ ν ⟨w⟩ (first order; the conductance's
        //     fluctuations ∝ ν ⟨w²⟩ are neglected): ν⟨w⟩ equal within 10 %.
        // Learning settles (rate ∝ ν_pre ν_post) in ~60 s at 40 Hz and ~150 s at 20 Hz: settle
        // 100 s and 200 s, then count the output spikes over 60 s. Seed 7: fixed weights
        // 180 ± 4 and 520 ± 4 Hz (36 and 104 spikes, CV ≈ 0.15; slope 1.5); learned 9.8 ± 0.3 and
        // 11.3 ± 0.4 Hz (590 and 676 spikes, CV ≈ 0.85), standard errors r CV/√n. Beyond this
        // counting error the learned rate wanders by ~±15 % over minutes as the weights diffuse
        // (9–13 Hz in successive 20 s windows at 40 Hz), so the slope is uncertain by ~±0.25
        // (−0.28 to 0.20 over seeds 1, 2, 3 and 7): the ±0.5 band allows for it and still
        // excludes the fixed-weight slope. ⟨w⟩ wanders by ~±0.002 (1.5 %) once settled.
        let mut before = Vec::new();
        let mut after = Vec::new();
        for (rate, settle) in [(20.0, 200_000.0), (40.0, 100_000.0)] {
            let mut sim = Simulation::new(
                &ENTRY,
                params("song2000", &[("rate", rate)]),
                7,
                Retention::All,
            );
            sim.run_for(50.0).unwrap();
            sim.rec.clear(sim.time_ms());
            sim.run_for(200.0).unwrap();
            before.push(rate_and_error(&sim));
            sim.run_for(settle).unwrap();
            sim.rec.clear(sim.time_ms());
            sim.run_for(60_000.0).unwrap();
            let (r, se, n) = rate_and_error(&sim);
            after.push((r, se, n, sim.measure("w_mean").unwrap()));
        }
        let slope = |a: f64, b: f64| (b / a).ln() / 2f64.ln();
        let s0 = slope(before[0].0, before[1].0);
        let s1 = slope(after[0].0, after[1].0);
        assert!(s0 > 1.0, "fixed weights: {before:?}, slope {s0}");
        assert!(s1.abs() < 0.5, "after learning: {after:?}, slope {s1}");
        let (w20, w40) = (after[0].3, after[1].3);
        assert!(w40 < w20, "mean weights {w20} at 20 Hz, {w40} at 40 Hz");
        assert!(
            ((40.0 * w40) / (20.0 * w20) - 1.0).abs() < 0.1,
            "ν⟨w⟩: {} vs {}",
            20.0 * w20,
            40.0 * w40
        );
    }

    #[test]
    fn correlated_inputs_win_the_competition() {
        // Half of the inputs share 5 % of their spikes: pre-before-post pairings are more frequent
        // for them, so they are potentiated to g_max while the others decay (Song et al. 2000). After 200 s: group mean 0.99 against 0.16 in our runs.
        let mut sim = Simulation::new(
            &ENTRY,
            params("correlated", &[]),
            2,
            Retention::Window(5000.0),
        );
        sim.run_for(200_000.0).unwrap();
        let (corr, other) = (
            sim.measure("w_corr").unwrap(),
            sim.measure("w_uncorr").unwrap(),
        );
        assert!(
            corr > 0.9 && other < 0.4,
            "correlated {corr}, others {other}"
        );
        // Without correlation the same two halves end alike.
        let mut sim = Simulation::new(
            &ENTRY,
            params("correlated", &[("c", 0.0)]),
            2,
            Retention::Window(5000.0),
        );
        sim.run_for(200_000.0).unwrap();
        let (corr, other) = (
            sim.measure("w_corr").unwrap(),
            sim.measure("w_uncorr").unwrap(),
        );
        assert!((corr - other).abs() < 0.05, "c = 0: {corr} vs {other}");
    }

    #[test]
    fn inputs_are_poisson_at_the_set_rate() {
        // The superposition and copy constructions give every input its rate ν: the raster rows
        // (48 inputs) over 50 s, 10 Hz, carry 48 × 500 = 24 000 spikes ± 0.6 % (Poisson), also in
        // the correlated group, where the copy process has mother rate ν/c.
        for (n_corr, c) in [(0.0, 0.0), (1000.0, 0.05)] {
            let p = params(
                "inputs_10hz",
                &[
                    ("n_corr", n_corr),
                    ("c", c),
                    ("A_plus", 0.0005),
                    ("A_minus", 0.0005),
                ],
            );
            let mut sim = Simulation::new(&ENTRY, p, 4, Retention::All);
            sim.run_for(50_000.0).unwrap();
            let n = sim.rec.spikes.iter().filter(|s| s.neuron > 0).count() as f64;
            assert!(
                (n / 24_000.0 - 1.0).abs() < 0.025,
                "c = {c}: {n} input spikes"
            );
        }
    }

    #[test]
    fn running_sums_match_the_weights() {
        // The O(1) trace values equal the means recomputed from all weights.
        let mut sim = Simulation::new(&ENTRY, params("correlated", &[]), 5, Retention::All);
        sim.run_for(3000.0).unwrap();
        let (w, wc, wu) = (
            *sim.rec.traces[2].last().unwrap(),
            *sim.rec.traces[3].last().unwrap(),
            *sim.rec.traces[4].last().unwrap(),
        );
        assert!((w - sim.measure("w_mean").unwrap()).abs() < 1e-12);
        assert!((wc - sim.measure("w_corr").unwrap()).abs() < 1e-12);
        assert!((wu - sim.measure("w_uncorr").unwrap()).abs() < 1e-12);
    }

    #[test]
    fn histogram_image_covers_the_run() {
        let mut sim = Simulation::new(
            &ENTRY,
            params("song2000", &[("N", 200.0)]),
            1,
            Retention::Window(1000.0),
        );
        sim.run_for(250_500.0).unwrap();
        let mut img = Image::default();
        sim.model().image("w_hist_t", &mut img);
        // 251 snapshots at 1 s overflow the 200 columns: every other is kept, then every 2 s.
        assert_eq!(img.height, BINS);
        assert_eq!(img.width, 100 + 26);
        assert!((img.x_range.1 - 250.0).abs() < 1e-9, "{:?}", img.x_range);
        for col in 0..img.width {
            let total: f64 = (0..BINS).map(|b| img.values[b * img.width + col]).sum();
            assert!((total - 1.0).abs() < 1e-9);
        }
    }
}
