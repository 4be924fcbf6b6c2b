//! Poisson spike trains: homogeneous, rate-modulated, and with an absolute refractory period.
//!
//! A spike train is a point process. The homogeneous Poisson process of rate r has independent
//! exponential inter-spike intervals, p(τ) = r e^{−rτ}: the ISI coefficient of variation is
//! CV = 1 and the spike count in any window of length T is Poisson, so its Fano factor
//! F = Var N / ⟨N⟩ = 1 (Dayan & Abbott §1.4; Gerstner et al. 2014 ch. 7).
//!
//! Rate profile r(t) (`profile`): constant r(t) = r; `step`, a square wave that holds r(1 − m)
//! for the first half of each period P and r(1 + m) for the second; `sine`,
//! r(t) = r (1 + m sin(2π t/P)). Both modulated profiles average to r over a period.
//!
//! Refractoriness: after each spike the train is silent for t_ref (a dead time); outside it the
//! hazard is r(t). `rate` is thus the rate r of the underlying process, not the observed rate.
//! For constant r the ISI is t_ref plus an exponential interval of mean 1/r (Cox 1962,
//! *Renewal Theory*; Gerstner et al. 2014 ch. 7, the Poisson neuron with absolute refractoriness), so
//!   mean ISI 1/ν = t_ref + 1/r      → observed rate ν = r/(1 + r t_ref),
//!   ISI sd 1/r                      → CV = (1/r)/(t_ref + 1/r) = 1/(1 + r t_ref) = 1 − ν t_ref.
//! The train is a renewal process, so for long counting windows F → CV² (Cox 1962 ch. 4; Gerstner
//! et al. 2014 ch. 7): refractoriness makes counts more regular than Poisson. The `cv_theory` and
//! `rate_theory_hz` measures and the sweep overlay give these closed forms.
//!
//! Generation is exact, with no time discretisation of the spike times: each trial keeps the time
//! of its next spike, drawn by thinning (Lewis & Shedler 1979, Nav. Res. Logist. Q. 26:403;
//! Ogata 1981, IEEE Trans. Inf. Theory 27:23): candidates from a homogeneous process of rate r_max = max r(t), starting at the end
//! of the dead time, each accepted with probability r(s)/r_max. For a constant rate every candidate
//! is accepted and the intervals are exactly t_ref + exponential. A time step (0.5 ms) only sets
//! when spikes are handed over and the rate trace is sampled. Candidates are memoryless, so a
//! parameter change redraws each trial's next spike from the present moment (or the end of its
//! dead time) and the process stays exact.
//!
//! Measures. `rate_hz`: spikes per trial per second over the recording. `cv_isi`: the CV of all
//! ISIs of all trials pooled (with a modulated rate this exceeds 1: a mixture of exponentials).
//! `fano`: the recording is cut into consecutive windows of T_count; for each window the spike
//! counts of the n_trials trials give a mean and an (unbiased) variance across trials, and
//! F = Σ_windows variance / Σ_windows mean, the across-trial Fano factor of experiments, which a
//! time-varying rate does not inflate. With a single trial the variance is taken across windows
//! instead (valid for a constant rate).
//!
//! The PSTH (Dayan & Abbott §1.2) is accumulated over all trials and all periods of the
//! modulation since the last parameter change: spikes are binned by their phase in the cycle and
//! divided by the time each bin was observed, so it converges to the observed rate as trials
//! accumulate; the true r(t) is drawn with it.

use crate::math::{sin, sqrt, PI};
use crate::measure;
use crate::model::*;
use crate::params::Params;
use crate::record::Recording;
use crate::rng::{self, Rng};

const STEP_MS: f64 = 0.5;
/// Profile options, in `profile` order.
const PROFILES: &[&str] = &["constant", "step", "sine"];
/// Upper bound on PSTH bins (the period over the smallest bin).
const MAX_BINS: usize = 2000;

pub static SPEC: ModelSpec = ModelSpec {
    id: "poisson",
    title: "Poisson spike trains",
    lecture: 1,
    summary: "Spikes as random events: exponential intervals, CV and Fano factor of 1, a time-varying rate \
              read out by the PSTH, and a refractory period that makes trains more regular.",
    params: &[
        ParamSpec::real("rate", "r", "Hz", 0.0, 500.0, 20.0, 0.1)
            .help("rate of the underlying Poisson process (its mean over a period when modulated); with a refractory period the observed rate is lower"),
        ParamSpec::choice("profile", "r(t)", PROFILES, 0)
            .help("constant rate, a square-wave step between r(1 − m) and r(1 + m), or a sinusoid r(1 + m sin 2πt/P)"),
        ParamSpec::real("m", "m", "", 0.0, 1.0, 0.8, 0.01).help("modulation depth of the rate profile"),
        ParamSpec::real("period_ms", "P", "ms", 10.0, 2000.0, 500.0, 1.0)
            .help("period of the rate modulation; the PSTH is folded on it"),
        ParamSpec::real("t_ref", r"t_{\mathrm{ref}}", "ms", 0.0, 50.0, 0.0, 0.1)
            .help("absolute refractory period (dead time) after each spike"),
        ParamSpec::int("n_trials", r"n_{\mathrm{trials}}", 1.0, 500.0, 20.0)
            .help("independent trials with the same rate profile (raster rows)")
            .restart(),
        ParamSpec::real("T_count", r"T_{\mathrm{count}}", "ms", 5.0, 2000.0, 100.0, 1.0)
            .help("counting window of the Fano factor"),
        ParamSpec::real("bin_ms", r"\Delta t_{\mathrm{bin}}", "ms", 1.0, 100.0, 10.0, 1.0).help("PSTH bin width"),
    ],
    presets: &[
        PresetSpec {
            name: "homogeneous",
            description: "A constant 20 Hz: irregular trains, exponential ISIs (the histogram follows the Poisson \
                          curve), CV ≈ 1 and Fano factor ≈ 1; the PSTH is flat up to noise that shrinks with trials.",
            values: &[],
        },
        PresetSpec {
            name: "refractory",
            description: "r = 100 Hz with a 5 ms dead time: the observed rate drops to r/(1 + r t_ref) = 67 Hz, no ISI \
                          is shorter than 5 ms, CV = 1/(1 + r t_ref) = 0.67 and in long windows F → CV² = 0.44.",
            values: &[("rate", 100.0), ("t_ref", 5.0), ("T_count", 500.0)],
        },
        PresetSpec {
            name: "sine",
            description: "r(t) = 20 Hz (1 + 0.9 sin 2πt/200 ms): the raster thickens and thins together across trials, \
                          the PSTH traces r(t); the pooled ISI CV exceeds 1 but the across-trial Fano factor stays ≈ 1.",
            values: &[("profile", 2.0), ("m", 0.9), ("period_ms", 200.0), ("n_trials", 50.0)],
        },
        PresetSpec {
            name: "step",
            description: "The rate jumps between 4 and 36 Hz every 250 ms: the PSTH recovers the step, sharpening as \
                          trials accumulate; a narrower bin resolves the edge but is noisier.",
            values: &[("profile", 1.0), ("m", 0.8), ("period_ms", 500.0), ("n_trials", 50.0)],
        },
    ],
    traces: &[TraceSpec::new("r", "rate of the underlying process r(t)", "Hz", 1e4)],
    measures: &[
        MeasureSpec::new("rate_hz", "observed rate, mean over trials", "Hz"),
        MeasureSpec::new("cv_isi", "coefficient of variation of all ISIs (trials pooled)", ""),
        MeasureSpec::new("fano", "Fano factor of counts in windows of T_count, across trials", ""),
        MeasureSpec::new("rate_theory_hz", "predicted observed rate: r/(1 + r t_ref) (constant rate), r̄ (no dead time)", "Hz"),
        MeasureSpec::new("cv_theory", "predicted CV for a constant rate: 1/(1 + r t_ref) = 1 − ν t_ref", ""),
    ],
    plots: &[
        PlotSpec { id: "raster", title: "Spike trains of the trials", kind: PlotKind::Raster { rows: 20 } },
        PlotSpec {
            id: "psth",
            title: "PSTH over the modulation cycle, all trials so far",
            kind: PlotKind::Profile { errors: &[], x: Range::Auto,
                curves: &["psth", "true_rate"],
                x_label: "time in the cycle (ms)",
                y_label: "rate (Hz)",
                y: Range::Auto,
            },
        },
        PlotSpec {
            id: "isi",
            title: "Inter-spike intervals",
            kind: PlotKind::IsiHistogram { bins: 50, max_ms: 200.0, poisson_overlay: true },
        },
        PlotSpec {
            id: "rate",
            title: "Rate r(t)",
            kind: PlotKind::TimeSeries { traces: &["r"], y_label: "r (Hz)", y: Range::Auto },
        },
        PlotSpec {
            id: "cv_t_ref",
            title: "ISI CV against the refractory period",
            kind: PlotKind::Sweep {
                seeds: 1,
                y: Range::Auto,
                param: "t_ref",
                measure: "cv_isi",
                from: 0.0,
                to: 20.0,
                steps: 21,
                settle_ms: 0.0,
                duration_ms: 20_000.0,
                overlays: &["dead_time"],
            },
        },
    ],
    window_ms: 1000.0,
    sample_ms: STEP_MS,
    default_duration_ms: 2000.0,
    stochastic: true,
    clock: Clock::Time,
    offload: false,
};

pub static ENTRY: ModelEntry = ModelEntry { spec: &SPEC, build };

fn build(p: &Params, seed: u64) -> Box<dyn Model> {
    let c = Consts::from(p);
    let n = c.n;
    let mut m = Poisson {
        t: 0.0,
        next: vec![f64::INFINITY; n],
        last: vec![f64::NEG_INFINITY; n],
        rng: rng::seeded(seed),
        psth: vec![0.0; MAX_BINS],
        psth_t0: 0.0,
        p: c,
    };
    m.redraw_all();
    Box::new(m)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Profile {
    Constant,
    Step,
    Sine,
}

struct Consts {
    /// Rate of the underlying process, per ms.
    r: f64,
    profile: Profile,
    m: f64,
    period: f64,
    t_ref: f64,
    n: usize,
    t_count: f64,
    /// PSTH bins per period and their width, ms.
    bins: usize,
    bin_w: f64,
}

impl Consts {
    fn from(p: &Params) -> Self {
        let period = p.get("period_ms");
        let bins = ((period / p.get("bin_ms")).round() as usize).clamp(1, MAX_BINS);
        Consts {
            r: p.get("rate") / 1000.0,
            profile: match p.choice("profile") {
                0 => Profile::Constant,
                1 => Profile::Step,
                _ => Profile::Sine,
            },
            m: p.get("m"),
            period,
            t_ref: p.get("t_ref"),
            n: p.get("n_trials") as usize,
            t_count: p.get("T_count"),
            bins,
            bin_w: period / bins as f64,
        }
    }

    /// r(t), per ms.
    fn rate_at(&self, t: f64) -> f64 {
        match self.profile {
            Profile::Constant => self.r,
            Profile::Step => {
                let phase = t.rem_euclid(self.period);
                if phase < 0.5 * self.period {
                    self.r * (1.0 - self.m)
                } else {
                    self.r * (1.0 + self.m)
                }
            }
            Profile::Sine => self.r * (1.0 + self.m * sin(2.0 * PI * t / self.period)),
        }
    }

    /// The bound r_max of the thinning, per ms.
    fn r_max(&self) -> f64 {
        match self.profile {
            Profile::Constant => self.r,
            _ => self.r * (1.0 + self.m),
        }
    }

    /// Mean of r(t) over the bin [a, b) of the cycle, per ms (closed-form integrals).
    #[cfg(test)]
    fn bin_mean_rate(&self, a: f64, b: f64) -> f64 {
        match self.profile {
            Profile::Constant => self.r,
            Profile::Step => {
                let h = 0.5 * self.period;
                let low = (b.min(h) - a.min(h)).max(0.0);
                let high = (b - a) - low;
                self.r * ((1.0 - self.m) * low + (1.0 + self.m) * high) / (b - a)
            }
            Profile::Sine => {
                let w = 2.0 * PI / self.period;
                self.r
                    * (1.0
                        + self.m * (crate::math::cos(w * a) - crate::math::cos(w * b))
                            / (w * (b - a)))
            }
        }
    }

    /// Observed rate (Hz) and CV in closed form where they exist (module comment).
    fn rate_theory_hz(&self) -> Option<f64> {
        match self.profile {
            Profile::Constant => Some(1000.0 * self.r / (1.0 + self.r * self.t_ref)),
            _ if self.t_ref == 0.0 => Some(1000.0 * self.r),
            _ => None,
        }
    }
}

/// CV of the dead-time Poisson process: 1/(1 + r t_ref), r per ms and t_ref in ms.
pub fn dead_time_cv(r_per_ms: f64, t_ref: f64) -> f64 {
    1.0 / (1.0 + r_per_ms * t_ref)
}

struct Poisson {
    t: f64,
    /// Time of each trial's next spike, ms (∞: none coming).
    next: Vec<f64>,
    /// Time of each trial's last spike, ms.
    last: Vec<f64>,
    rng: Rng,
    /// Spike counts per PSTH bin since `psth_t0`.
    psth: Vec<f64>,
    psth_t0: f64,
    p: Consts,
}

impl Poisson {
    /// The first spike after `from` (the dead time already accounted for), by thinning.
    fn draw_next(rng: &mut Rng, c: &Consts, from: f64) -> f64 {
        let r_max = c.r_max();
        if r_max <= 0.0 {
            return f64::INFINITY;
        }
        let mut s = from;
        loop {
            s += rng::exponential(rng, 1.0 / r_max);
            if c.profile == Profile::Constant || rng::uniform(rng) * r_max < c.rate_at(s) {
                return s;
            }
        }
    }

    fn redraw_all(&mut self) {
        for k in 0..self.p.n {
            let from = self.t.max(self.last[k] + self.p.t_ref);
            self.next[k] = Self::draw_next(&mut self.rng, &self.p, from);
        }
    }

    /// Time each PSTH bin has been observed since `psth_t0`, per trial, ms.
    fn bin_exposure(&self, b: usize) -> f64 {
        let c = &self.p;
        let elapsed = self.t - self.psth_t0;
        let cycles = (elapsed / c.period).floor();
        let (lo, hi) = (b as f64 * c.bin_w, (b + 1) as f64 * c.bin_w);
        // The incomplete last cycle covers phases [φ0, φ0 + rem), possibly wrapping around.
        let phi0 = self.psth_t0.rem_euclid(c.period);
        let rem = elapsed - cycles * c.period;
        let overlap = |a: f64, z: f64| (z.min(hi) - a.max(lo)).max(0.0);
        let partial = if phi0 + rem <= c.period {
            overlap(phi0, phi0 + rem)
        } else {
            overlap(phi0, c.period) + overlap(0.0, phi0 + rem - c.period)
        };
        cycles * c.bin_w + partial
    }
}

impl Model for Poisson {
    fn time_ms(&self) -> f64 {
        self.t
    }

    fn step(&mut self, spikes: &mut Vec<Spike>) {
        let t1 = self.t + STEP_MS;
        let first = spikes.len();
        for k in 0..self.p.n {
            while self.next[k] < t1 {
                let s = self.next[k];
                spikes.push(Spike {
                    t_ms: s,
                    neuron: k as u32,
                });
                let b =
                    ((s.rem_euclid(self.p.period) / self.p.bin_w) as usize).min(self.p.bins - 1);
                self.psth[b] += 1.0;
                self.last[k] = s;
                self.next[k] = Self::draw_next(&mut self.rng, &self.p, s + self.p.t_ref);
            }
        }
        // Spikes of different trials in this step, in time order (in place: no allocation).
        spikes[first..].sort_unstable_by(|a, b| a.t_ms.total_cmp(&b.t_ms));
        self.t = t1;
    }

    fn sample(&self, out: &mut [f64]) {
        out[0] = 1000.0 * self.p.rate_at(self.t);
    }

    fn set_params(&mut self, p: &Params) {
        self.p = Consts::from(p);
        self.redraw_all();
        // The PSTH starts again for the new rate profile.
        self.psth.iter_mut().for_each(|x| *x = 0.0);
        self.psth_t0 = self.t;
    }

    fn measure(&self, name: &str, rec: &Recording) -> Option<f64> {
        let c = &self.p;
        match name {
            "rate_hz" => measure::rate_hz(rec, c.n, self.t),
            "cv_isi" => {
                let mut isi = Vec::new();
                measure::isis(&rec.spikes, &mut isi);
                cv(&isi)
            }
            "fano" => fano(&rec.spikes, c.n, rec.t_begin, self.t, c.t_count),
            "rate_theory_hz" => c.rate_theory_hz(),
            "cv_theory" => (c.profile == Profile::Constant).then(|| dead_time_cv(c.r, c.t_ref)),
            _ => None,
        }
    }

    fn overlay(&self, name: &str, x: f64) -> Option<f64> {
        match name {
            "dead_time" => Some(dead_time_cv(self.p.r, x)),
            _ => None,
        }
    }

    fn profile(&self, name: &str, out: &mut Vec<(f64, f64)>) {
        out.clear();
        let c = &self.p;
        match name {
            "psth" => {
                for b in 0..c.bins {
                    let exposure = self.bin_exposure(b) * c.n as f64;
                    if exposure > 0.0 {
                        out.push(((b as f64 + 0.5) * c.bin_w, 1000.0 * self.psth[b] / exposure));
                    }
                }
            }
            "true_rate" => {
                let n = 400;
                for i in 0..=n {
                    let t = c.period * i as f64 / n as f64;
                    // Just inside the cycle at both ends, so the step's edges are drawn vertical.
                    let t_eval = t.clamp(1e-9, c.period - 1e-9);
                    out.push((t, 1000.0 * c.rate_at(t_eval)));
                }
            }
            _ => {}
        }
    }
}

/// Coefficient of variation of a sample (population standard deviation over the mean).
fn cv(x: &[f64]) -> Option<f64> {
    if x.len() < 2 {
        return None;
    }
    let n = x.len() as f64;
    let m = x.iter().sum::<f64>() / n;
    let var = x.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / n;
    (m > 0.0).then(|| sqrt(var) / m)
}

/// Fano factor of spike counts in consecutive windows of `t_count` from `t_begin` (module comment):
/// across trials within each window, pooled over windows; across windows for a single trial.
fn fano(spikes: &[Spike], n_trials: usize, t_begin: f64, t_now: f64, t_count: f64) -> Option<f64> {
    let windows = ((t_now - t_begin) / t_count + 1e-9).floor() as usize;
    if windows == 0 || n_trials == 0 {
        return None;
    }
    let mut counts = vec![0.0; windows * n_trials];
    for s in spikes {
        let w = ((s.t_ms - t_begin) / t_count).floor();
        if w >= 0.0 && (w as usize) < windows && (s.neuron as usize) < n_trials {
            counts[w as usize * n_trials + s.neuron as usize] += 1.0;
        }
    }
    let moments = |xs: &[f64]| {
        let n = xs.len() as f64;
        let m = xs.iter().sum::<f64>() / n;
        (
            m,
            xs.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (n - 1.0),
        )
    };
    let (mean_sum, var_sum) = if n_trials >= 2 {
        counts
            .chunks(n_trials)
            .map(moments)
            .fold((0.0, 0.0), |acc, (m, v)| (acc.0 + m, acc.1 + v))
    } else if windows >= 2 {
        moments(&counts)
    } else {
        return None;
    };
    (mean_sum > 0.0).then(|| var_sum / mean_sum)
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

    fn run(p: Params, seed: u64, ms: f64) -> Simulation {
        testkit::run(&ENTRY, p, seed, ms)
    }

    fn m(sim: &Simulation, name: &str) -> f64 {
        sim.measure(name)
            .unwrap_or_else(|| panic!("{name} undefined"))
    }

    #[test]
    fn homogeneous_train_has_exponential_isis_and_cv_one() {
        // 10⁴ spikes of one 50 Hz train (200 s). For exponential ISIs the sample CV has standard
        // error 1/√N = 1 % (delta method: Var s ≈ 2σ²/N, Var m = σ²/N, Cov(s, m) ≈ σ²/N), so 3 %
        // is 3 SE. The rate has SE 1 %. For exponential ISIs (Dayan & Abbott §1.4)
        // P(ISI > 1/r) = e^{−1} = 0.368, here with binomial SE 0.005.
        let sim = run(
            params("homogeneous", &[("rate", 50.0), ("n_trials", 1.0)]),
            11,
            200_000.0,
        );
        let n = sim.rec.spikes.len();
        assert!((9_600..10_400).contains(&n), "{n} spikes");
        let cv = m(&sim, "cv_isi");
        assert!((cv - 1.0).abs() < 0.03, "CV {cv}");
        assert!(rel(m(&sim, "rate_hz"), 50.0) < 0.03);
        let mut isi = Vec::new();
        measure::isis(&sim.rec.spikes, &mut isi);
        let tail = isi.iter().filter(|&&d| d > 20.0).count() as f64 / isi.len() as f64;
        assert!(
            (tail - (-1.0f64).exp()).abs() < 0.015,
            "P(ISI > 1/r) = {tail}"
        );
        assert_eq!(sim.measure("cv_theory"), Some(1.0));
    }

    #[test]
    fn homogeneous_counts_have_fano_factor_one() {
        // Poisson counts: F = 1 in any window (Dayan & Abbott §1.4). For M independent Poisson
        // counts the estimate s²/x̄ has standard error √(2/M) whatever the mean (delta method with
        // the Poisson moments). 50 trials × 200 s at 25 Hz = 2.5·10⁵ spikes in 200 ms windows
        // (5 spikes each): M = 50 000 → SE 0.6 %; the tolerance 3 % is 5 SE. The same check at
        // 10⁴ spikes would have SE 4.5 % (M = 2000), too loose to test anything.
        let sim = run(
            params(
                "homogeneous",
                &[("rate", 25.0), ("n_trials", 50.0), ("T_count", 200.0)],
            ),
            12,
            200_000.0,
        );
        let f = m(&sim, "fano");
        assert!((f - 1.0).abs() < 0.03, "F = {f}");
        // One trial: the variance is taken across its 1000 windows (SE 4.5 %).
        let sim = run(
            params(
                "homogeneous",
                &[("rate", 25.0), ("n_trials", 1.0), ("T_count", 200.0)],
            ),
            13,
            200_000.0,
        );
        let f = m(&sim, "fano");
        assert!((f - 1.0).abs() < 0.15, "single-trial F = {f}");
    }

    #[test]
    fn dead_time_gives_the_closed_form_rate_and_cv() {
        // ISI = t_ref + Exp(1/r) (module comment): with r = 100 Hz and t_ref = 5 ms the observed
        // rate is ν = r/(1 + r t_ref) = 66.67 Hz and CV = 1/(1 + r t_ref) = 1 − ν t_ref = 2/3.
        // 20 trials × 100 s ≈ 1.3·10⁵ ISIs: SE of the rate 0.3 %, of the CV < 0.5 %; tolerance 2 %.
        let sim = run(params("refractory", &[]), 14, 100_000.0);
        let (nu, cv) = (m(&sim, "rate_hz"), m(&sim, "cv_isi"));
        assert!(rel(nu, 200.0 / 3.0) < 0.02, "ν = {nu} Hz");
        assert!(rel(cv, 2.0 / 3.0) < 0.02, "CV = {cv}");
        assert!(rel(cv, 1.0 - nu * 5e-3) < 0.02, "CV = 1 − ν t_ref");
        assert!((m(&sim, "rate_theory_hz") - 200.0 / 3.0).abs() < 1e-9);
        assert!((m(&sim, "cv_theory") - 2.0 / 3.0).abs() < 1e-12);
        // No interval is shorter than the dead time; beyond it the intervals are exponential:
        // P(ISI > t_ref + 1/r) = e^{−1}.
        let mut isi = Vec::new();
        measure::isis(&sim.rec.spikes, &mut isi);
        let min = isi.iter().copied().fold(f64::INFINITY, f64::min);
        assert!(min >= 5.0 - 1e-9, "shortest ISI {min}");
        let tail = isi.iter().filter(|&&d| d > 15.0).count() as f64 / isi.len() as f64;
        assert!((tail - (-1.0f64).exp()).abs() < 0.01, "{tail}");
    }

    #[test]
    fn dead_time_fano_factor_tends_to_cv_squared_in_long_windows() {
        // A stationary renewal process has Var N(T) = (σ²/μ³) T + c₀ + o(1), μ, σ², μ₃ the ISI mean,
        // variance and third central moment, c₀ = 1/6 + σ⁴/(2μ⁴) − μ₃/(3μ³) (renewal theory, Cox
        // 1962 ch. 4; c₀ = 0 for Poisson, and 1/6 on average for a periodic train), and ⟨N⟩ = T/μ,
        // so F(T) = CV² + c₀ μ/T → CV² (Cox 1962; Gerstner et al. 2014 ch. 7). We also checked the
        // formula against 100 × 200 s simulations at T = 20–1000 ms (5 seeds): within 1 %, the
        // sampling error. Here μ = 15, σ = 10, μ₃ = 2000 ms³: CV² = 4/9 = 0.4444 and
        // F(1000 ms) = 0.4454. 100 trials × 200 s: M = 20 000 windows, SE of F ≈ √(2/M) = 1 %;
        // tolerance 3 %. The first second (not yet stationary) is discarded.
        let mut sim = Simulation::new(
            &ENTRY,
            params("refractory", &[("n_trials", 100.0), ("T_count", 1000.0)]),
            15,
            Retention::All,
        );
        sim.run_for(1000.0).unwrap();
        sim.rec.clear(sim.time_ms());
        sim.run_for(200_000.0).unwrap();
        let f = m(&sim, "fano");
        let (mu, s, mu3): (f64, f64, f64) = (15.0, 10.0, 2000.0);
        let c0 = 1.0 / 6.0 + s.powi(4) / (2.0 * mu.powi(4)) - mu3 / (3.0 * mu.powi(3));
        let want = (s / mu).powi(2) + c0 * mu / 1000.0;
        assert!((want - 0.4454).abs() < 1e-4);
        assert!(rel(f, want) < 0.03, "F = {f}, renewal theory {want}");
        // The finite-window term is visible at T = 50 ms: F = 0.4648, 4.6 % above CV²; with
        // M = 400 000 windows the SE is ≈ 0.2 %, tolerance 1.5 % (measured 0.4639–0.4666, 5 seeds).
        let f50 = fano(&sim.rec.spikes, 100, sim.rec.t_begin, sim.time_ms(), 50.0).unwrap();
        let want50 = (s / mu).powi(2) + c0 * mu / 50.0;
        assert!(
            rel(f50, want50) < 0.015 && f50 > 1.02 * (s / mu).powi(2),
            "F(50 ms) = {f50}, theory {want50}"
        );
        // In short windows the train looks Poisson again (a window holds at most one spike, so
        // Var N ≈ ⟨N⟩): F(5 ms) lies well above CV².
        let f5 = fano(&sim.rec.spikes, 100, sim.rec.t_begin, sim.time_ms(), 5.0).unwrap();
        assert!(f5 > 0.6 && f5 < 0.75, "F(5 ms) = {f5}");
    }

    #[test]
    fn psth_converges_to_the_modulated_rate() {
        // Sinusoidal r(t) by thinning (Lewis & Shedler 1979): the PSTH in each 10 ms bin must match
        // the bin average of r(t) (closed form) within Poisson error: the normalised squared
        // deviations (χ² with 20 bins) average ≈ 1; accepted in [0.4, 1.8] (χ²₂₀/20 has sd 0.32),
        // and no bin beyond 4 SE.
        let sim = run(params("sine", &[("n_trials", 100.0)]), 16, 20_000.0);
        let mut out = Vec::new();
        sim.model().profile("psth", &mut out);
        assert_eq!(out.len(), 20);
        let c = Consts::from(&sim.params);
        let exposure_s = 100.0 * 20_000.0 / 20.0 / 1000.0; // trial-seconds per bin (whole cycles)
        let mut chi2 = 0.0;
        for (k, (x, y)) in out.iter().enumerate() {
            assert!((x - (k as f64 + 0.5) * 10.0).abs() < 1e-9);
            let want = 1000.0 * c.bin_mean_rate(k as f64 * 10.0, (k + 1) as f64 * 10.0);
            let se = (want / exposure_s).sqrt();
            let z = (y - want) / se;
            assert!(z.abs() < 4.0, "bin {k}: {y} Hz vs {want} Hz");
            chi2 += z * z / 20.0;
        }
        assert!((0.4..1.8).contains(&chi2), "χ²/dof = {chi2}");
        // The across-trial Fano factor stays ≈ 1 for an inhomogeneous Poisson process (SE ≈ 1 %
        // with 100 windows × 100 trials), whereas the pooled ISIs mix fast and slow epochs: CV > 1.
        // The pooled ISI survival function is S(τ) = ⟨r(t) e^{−Λ(t, t+τ)}⟩_t / r̄ (the interval
        // after a spike, spikes weighted by r(t): the Palm distribution; Cox & Lewis 1966),
        // Λ the integrated rate; ⟨τ⟩ = ∫S = 1/r̄ and ⟨τ²⟩ = 2∫τS, by quadrature here: CV = 1.117.
        // ~4·10⁴ ISIs: SE < 1 %, tolerance 3 %.
        let f = m(&sim, "fano");
        assert!((f - 1.0).abs() < 0.05, "F = {f}");
        let (rbar, depth, period) = (0.02, 0.9, 200.0);
        let w = 2.0 * PI / period;
        let (nt, dtau) = (200, 0.05);
        let (mut m1, mut m2) = (0.0, 0.0);
        for i in 0..nt {
            let t = period * i as f64 / nt as f64;
            let r_t = rbar * (1.0 + depth * (w * t).sin());
            let mut tau = 0.5 * dtau;
            while tau < 3000.0 {
                let lam = rbar * tau + rbar * depth * ((w * t).cos() - (w * (t + tau)).cos()) / w;
                let s = r_t * (-lam).exp() / rbar / nt as f64;
                m1 += s * dtau;
                m2 += 2.0 * tau * s * dtau;
                tau += dtau;
            }
        }
        assert!(rel(m1, 1.0 / rbar) < 1e-4, "⟨τ⟩ = {m1}");
        let cv_pred = (m2 - m1 * m1).sqrt() / m1;
        assert!((cv_pred - 1.117).abs() < 0.001, "predicted CV {cv_pred}");
        let cv = m(&sim, "cv_isi");
        assert!(rel(cv, cv_pred) < 0.03, "pooled CV {cv} vs {cv_pred}");
        // The mean rate over whole cycles is r; the theory measure says so.
        assert!(rel(m(&sim, "rate_hz"), 20.0) < 0.02);
        assert_eq!(sim.measure("rate_theory_hz"), Some(20.0));
    }

    #[test]
    fn step_profile_and_dead_time_combine() {
        // Square wave 4 ↔ 36 Hz with a 10 ms dead time: the hazard is r(t) outside the dead time.
        // In each half of the cycle, far from the edges, the observed rate is r/(1 + r t_ref):
        // 3.85 Hz and 26.5 Hz (quasi-stationary: the dead time is short against the 250 ms half).
        let sim = run(
            params("step", &[("t_ref", 10.0), ("n_trials", 200.0)]),
            17,
            20_000.0,
        );
        let mut out = Vec::new();
        sim.model().profile("psth", &mut out);
        let mean = |lo: f64, hi: f64| {
            let v: Vec<f64> = out
                .iter()
                .filter(|p| p.0 > lo && p.0 < hi)
                .map(|p| p.1)
                .collect();
            v.iter().sum::<f64>() / v.len() as f64
        };
        let (low, high) = (mean(50.0, 240.0), mean(300.0, 490.0));
        let want = |r: f64| r / (1.0 + r * 0.01);
        assert!(rel(low, want(4.0)) < 0.05, "low half {low} Hz");
        assert!(rel(high, want(36.0)) < 0.02, "high half {high} Hz");
        assert_eq!(sim.measure("rate_theory_hz"), None);
    }

    #[test]
    fn rate_change_applies_live_and_overlay_is_the_closed_form() {
        let mut sim = run(params("homogeneous", &[("n_trials", 100.0)]), 18, 2000.0);
        let mut p = sim.params.clone();
        p.set("rate", 80.0).unwrap();
        assert!(!sim.set_params(p));
        sim.rec.clear(sim.time_ms());
        sim.run_for(5000.0).unwrap();
        // 40 000 spikes expected: SE 0.5 %.
        assert!(rel(m(&sim, "rate_hz"), 80.0) < 0.02);
        let model = sim.model();
        assert_eq!(model.overlay("dead_time", 5.0), Some(1.0 / 1.4));
        assert_eq!(model.overlay("nonsense", 5.0), None);
        // The sweep's first point (t_ref = 0) is at CV = 1 exactly in theory.
        assert_eq!(model.overlay("dead_time", 0.0), Some(1.0));
    }
}
