//! The drift–diffusion model of two-choice decisions.
//!
//! A decision variable x starts at x₀ and follows
//!   dx = A dt + c dW
//! until it reaches +z (the correct choice when A > 0) or −z (an error) (Ratcliff 1978; Bogacz,
//! Brown, Moehlis, Holmes & Cohen 2006, Psychol. Rev. 113:700, eq. 1). Units: t in s, so A is in
//! 1/s, c in 1/√s, z and x without unit; the time step `dt` and decision times are in ms. One step of
//! the clock is one whole trial, integrated by Euler–Maruyama, which is exact at the grid points
//! for a Brownian motion with constant drift: x_{n+1} = x_n + A h + c √h ξ_n.
//!
//! Closed forms (Bogacz et al. 2006, appendix, eqs. A28–A29 for x₀ = 0 and A47–A48 for any x₀),
//! with a = Az/c² and the error rate the probability of hitting −z:
//!   ER = 1/(1 + e^{2a}) − (1 − e^{−2Ax₀/c²})/(e^{2a} − e^{−2a}),
//!   DT = (z/A) tanh(a) + 2z(1 − e^{−2Ax₀/c²})/(A(e^{2a} − e^{−2a})) − x₀/A
//!      = (z(1 − 2 ER) − x₀)/A            (Wald's identity: E[x_T] − x₀ = A E[T]),
//! and for A = 0: ER = (z − x₀)/(2z), DT = (z² − x₀²)/c².
//! The first-passage time densities at each bound are the series of Navarro & Fuss (2009,
//! J. Math. Psychol. 53:222, eqs. 1, 5 and 6): the large-time series for t/a² ≥ 1, the small-time
//! series below, each summed far past its rounding error.
//!
//! **The discrete-time bias.** Watching x only at the grid points misses the excursions beyond a
//! bound between two points, and the first point found beyond it has overshot it: the walk stops
//! late. For small h this acts like a bound moved out by β c √h, β = −ζ(1/2)/√(2π) ≈ 0.5826
//! (Siegmund 1979, Adv. Appl. Probab. 11:701; Broadie, Glasserman & Kou 1997, Math. Finance 7:325),
//! so that with `crossing = naive` the decision times are too long (and errors too rare) as if
//! z were z + 0.5826 c √h. With `crossing = bridge` (the default) each step also asks whether the
//! path crossed a bound between its two grid points: given x_n and x_{n+1} both inside, the
//! Brownian bridge crossed +z with probability exp(−2(z − x_n)(z − x_{n+1})/(c²h)) (and −z
//! likewise), whatever the drift. A crossing, found either way, is dated at the middle of its
//! step, so what is left is an error of at most h/2 on each decision time, with a mean near 0.
//! A trial still undecided after `MAX_STEPS` steps is dropped (it cannot happen within 10⁻⁹ for the
//! parameter ranges declared).

use crate::math::{exp, sin, sqrt, tanh, PI};
use crate::model::*;
use crate::params::Params;
use crate::record::Recording;
use crate::rng::{self, Rng};

/// Trial outcomes kept for the measures and histograms (the page keeps a window of trials).
pub(crate) const MEMORY: usize = 20_000;
/// Sample paths kept for the plot.
const PATHS: usize = 5;
/// Points kept per path (a long trial is thinned in place, no allocation).
pub(crate) const PATH_POINTS: usize = 1024;
const MAX_STEPS: u64 = 4_000_000;
/// Siegmund's constant β = −ζ(1/2)/√(2π).
pub const SIEGMUND_BETA: f64 = 0.582_597_157_939_010_7;

pub static SPEC: ModelSpec = ModelSpec {
    id: "ddm",
    title: "The drift–diffusion model",
    lecture: 11,
    summary: "A decision variable drifts towards the correct bound and diffuses with noise until it hits one of \
              two bounds: error rates, decision-time distributions, psychometric and chronometric curves against \
              their closed forms, and the bias of watching a path only at discrete times.",
    params: &[
        ParamSpec::real("A", "A", "1/s", 0.0, 10.0, 1.0, 0.05).help("drift rate: the strength of the evidence per second"),
        ParamSpec::real("c", "c", "1/√s", 0.3, 3.0, 1.0, 0.05).help("noise amplitude: the standard deviation of x grows as c√t"),
        ParamSpec::real("z", "z", "", 0.1, 3.0, 1.0, 0.05).help("bound: the decision is made when x reaches +z (correct) or −z (error)"),
        ParamSpec::real("x0", "x_0/z", "", -0.9, 0.9, 0.0, 0.05).help("start point as a fraction of the bound: x(0) = x₀·z (a bias towards one choice)"),
        ParamSpec::dt(0.05, 50.0, 1.0),
        ParamSpec::choice("crossing", "crossing", &["bridge", "naive"], 0)
            .help("bridge: also detect crossings between grid points (Brownian bridge); naive: only at grid points"),
    ],
    presets: &[
        PresetSpec {
            name: "hard",
            description: "Weak evidence (drift 0.3/s): errors are frequent and decisions slow.",
            values: &[("A", 0.3)],
        },
        PresetSpec {
            name: "speed",
            description: "Low bounds: fast decisions, many errors.",
            values: &[("z", 0.5)],
        },
        PresetSpec {
            name: "accuracy",
            description: "High bounds: few errors, slow decisions.",
            values: &[("z", 1.5)],
        },
        PresetSpec {
            name: "biased",
            description: "The start point is moved towards the correct bound: fewer errors, and errors are now slower than correct choices.",
            values: &[("x0", 0.3)],
        },
        PresetSpec {
            name: "coarse_naive",
            description: "A 20 ms time step, crossings looked for only at the grid points: decisions come late and errors are too rare.",
            values: &[("dt", 20.0), ("crossing", 1.0)],
        },
        PresetSpec {
            name: "coarse_bridge",
            description: "The same 20 ms step, with the Brownian-bridge test between grid points: the closed forms are recovered.",
            values: &[("dt", 20.0)],
        },
    ],
    traces: &[
        TraceSpec::new("rt_ms", "decision time of the last trial", "ms", 1e9),
        TraceSpec::new("choice", "last choice (+1 correct, −1 error)", "", 2.0),
        TraceSpec::new("error_rate", "error rate so far", "", 2.0),
        TraceSpec::new("error_rate_theory", "error rate, closed form", "", 2.0),
    ],
    measures: &[
        MeasureSpec::new("error_rate", "fraction of trials ending at −z", ""),
        MeasureSpec::new("accuracy", "fraction of trials ending at +z", ""),
        MeasureSpec::new("decision_time_ms", "mean decision time", "ms"),
        MeasureSpec::new("error_rate_theory", "error rate, closed form (Bogacz et al. 2006)", ""),
        MeasureSpec::new("decision_time_theory_ms", "mean decision time, closed form (Bogacz et al. 2006)", "ms"),
    ],
    plots: &[
        PlotSpec {
            id: "paths",
            title: "The last sample paths and the bounds",
            kind: PlotKind::Profile {
                curves: &["path_1", "path_2", "path_3", "path_4", "path_5", "upper_bound", "lower_bound"],
                errors: &[],
                x_label: "t (ms)",
                y_label: "x",
                x: Range::Auto,
                y: Range::Auto,
            },
        },
        PlotSpec {
            id: "rt_correct",
            title: "Decision times of correct choices, and the closed-form density",
            kind: PlotKind::Histogram { values: "rt_correct", bins: 40, x: Range::Auto, x_label: "decision time (ms)", density: true, overlay: "density_correct" },
        },
        PlotSpec {
            id: "rt_error",
            title: "Decision times of errors, and the closed-form density",
            kind: PlotKind::Histogram { values: "rt_error", bins: 30, x: Range::Auto, x_label: "decision time (ms)", density: true, overlay: "density_error" },
        },
        PlotSpec {
            id: "psychometric",
            title: "Psychometric curve: accuracy against drift (closed form as a line)",
            kind: PlotKind::Sweep {
                param: "A",
                measure: "accuracy",
                from: 0.0,
                to: 3.0,
                steps: 13,
                settle_ms: 0.0,
                duration_ms: 200.0,
                overlays: &["accuracy_vs_A"],
                seeds: 4,
                y: Range::Fixed(0.4, 1.02),
            },
        },
        PlotSpec {
            id: "chronometric",
            title: "Chronometric curve: mean decision time against drift (closed form as a line)",
            kind: PlotKind::Sweep {
                param: "A",
                measure: "decision_time_ms",
                from: 0.0,
                to: 3.0,
                steps: 13,
                settle_ms: 0.0,
                duration_ms: 200.0,
                overlays: &["decision_time_vs_A"],
                seeds: 4,
                y: Range::Auto,
            },
        },
        PlotSpec {
            id: "sat_errors",
            title: "Speed–accuracy trade-off: error rate against the bound",
            kind: PlotKind::Sweep {
                param: "z",
                measure: "error_rate",
                from: 0.2,
                to: 2.0,
                steps: 10,
                settle_ms: 0.0,
                duration_ms: 200.0,
                overlays: &["error_rate_vs_z"],
                seeds: 4,
                y: Range::Auto,
            },
        },
        PlotSpec {
            id: "sat_times",
            title: "Speed–accuracy trade-off: mean decision time against the bound",
            kind: PlotKind::Sweep {
                param: "z",
                measure: "decision_time_ms",
                from: 0.2,
                to: 2.0,
                steps: 10,
                settle_ms: 0.0,
                duration_ms: 200.0,
                overlays: &["decision_time_vs_z"],
                seeds: 4,
                y: Range::Auto,
            },
        },
        PlotSpec {
            id: "running",
            title: "Error rate so far, and the closed form",
            kind: PlotKind::TimeSeries { traces: &["error_rate", "error_rate_theory"], y_label: "error rate", y: Range::Fixed(0.0, 0.6) },
        },
    ],
    window_ms: 500.0,
    sample_ms: 1.0,
    default_duration_ms: 1000.0,
    stochastic: true,
    clock: Clock::Trials,
    offload: true,
};

pub static ENTRY: ModelEntry = ModelEntry { spec: &SPEC, build };

/// The error rate (probability of reaching −z first) of dx = A dt + c dW from x0 ∈ (−z, z).
pub fn error_rate(a: f64, c: f64, z: f64, x0: f64) -> f64 {
    let k = 2.0 * a / (c * c);
    if (k * z).abs() < 1e-9 {
        return (z - x0) / (2.0 * z);
    }
    // (e^{−k x0} − e^{−k z})/(e^{k z} − e^{−k z}), written to stay finite for large k z.
    (exp(-k * (x0 + z)) - exp(-2.0 * k * z)) / (1.0 - exp(-2.0 * k * z))
}

/// The mean decision time, s, of the same process.
pub fn decision_time(a: f64, c: f64, z: f64, x0: f64) -> f64 {
    if (2.0 * a * z / (c * c)).abs() < 1e-6 {
        return (z * z - x0 * x0) / (c * c);
    }
    (z * (1.0 - 2.0 * error_rate(a, c, z, x0)) - x0) / a
}

/// Mean decision time for x0 = 0 in Bogacz et al.'s form, (z/A) tanh(Az/c²), s.
pub fn decision_time_centred(a: f64, c: f64, z: f64) -> f64 {
    if a == 0.0 {
        z * z / (c * c)
    } else {
        z / a * tanh(a * z / (c * c))
    }
}

/// First-passage time density at the lower bound of a Wiener process with drift v and unit
/// variance between 0 and `sep`, started at w·sep (Navarro & Fuss 2009, eqs. 1, 5, 6).
pub fn fpt_density_lower(t: f64, v: f64, sep: f64, w: f64) -> f64 {
    if t <= 0.0 {
        return 0.0;
    }
    let u = t / (sep * sep);
    let g = if u < 1.0 {
        // Small-time series: (2π u³)^{−1/2} Σ_k (w + 2k) exp(−(w + 2k)²/(2u)).
        let mut s = 0.0;
        for k in -8i32..=8 {
            let r = w + 2.0 * k as f64;
            s += r * exp(-r * r / (2.0 * u));
        }
        s / sqrt(2.0 * PI * u * u * u)
    } else {
        // Large-time series: π Σ_{k≥1} k exp(−k²π²u/2) sin(kπw).
        let mut s = 0.0;
        for k in 1..=30 {
            let kf = k as f64;
            s += kf * exp(-kf * kf * PI * PI * u / 2.0) * sin(kf * PI * w);
        }
        PI * s
    };
    g * exp(-v * sep * w - v * v * t / 2.0) / (sep * sep)
}

/// The densities (per s) of reaching +z and −z at time t (s) for the DDM (A, c, z, x0).
pub fn ddm_densities(t: f64, a: f64, c: f64, z: f64, x0: f64) -> (f64, f64) {
    let (v, sep, w) = (a / c, 2.0 * z / c, (x0 + z) / (2.0 * z));
    (
        fpt_density_lower(t, -v, sep, 1.0 - w),
        fpt_density_lower(t, v, sep, w),
    )
}

/// Outcomes of the last `MEMORY` trials: the choice (+1, −1) and the decision time.
pub(crate) struct Outcomes {
    choice: Vec<i8>,
    time_ms: Vec<f64>,
    /// Trials recorded so far (the ring's write position is `count % MEMORY`).
    pub count: usize,
}

impl Outcomes {
    pub fn new() -> Self {
        Outcomes {
            choice: vec![0; MEMORY],
            time_ms: vec![0.0; MEMORY],
            count: 0,
        }
    }
    pub fn push(&mut self, choice: i8, time_ms: f64) {
        self.choice[self.count % MEMORY] = choice;
        self.time_ms[self.count % MEMORY] = time_ms;
        self.count += 1;
    }
    /// The indices of the trials at or after trial `t_begin` that are still in memory.
    fn range(&self, t_begin: f64) -> std::ops::Range<usize> {
        let first = (t_begin.max(0.0).round() as usize).max(self.count.saturating_sub(MEMORY));
        first.min(self.count)..self.count
    }
    /// The fraction of those trials whose choice is `choice`.
    pub fn fraction(&self, t_begin: f64, choice: i8) -> Option<f64> {
        let r = self.range(t_begin);
        let n = r.len();
        (n > 0).then(|| r.filter(|&k| self.choice[k % MEMORY] == choice).count() as f64 / n as f64)
    }
    /// The mean decision time of those trials.
    pub fn mean_time(&self, t_begin: f64) -> Option<f64> {
        let r = self.range(t_begin);
        let n = r.len();
        (n > 0).then(|| r.map(|k| self.time_ms[k % MEMORY]).sum::<f64>() / n as f64)
    }
    /// The decision times of the remembered trials with this choice, as (index, time) points.
    pub fn times(&self, choice: i8, out: &mut Vec<(f64, f64)>) {
        out.clear();
        for k in self.range(0.0) {
            if self.choice[k % MEMORY] == choice {
                out.push((k as f64, self.time_ms[k % MEMORY]));
            }
        }
    }
    /// The longest remembered decision time.
    pub fn max_time(&self) -> f64 {
        self.range(0.0)
            .map(|k| self.time_ms[k % MEMORY])
            .fold(0.0, f64::max)
    }
}

/// One sample path, thinned in place to at most `PATH_POINTS` points.
pub(crate) struct Path {
    pub pts: Vec<(f64, f64)>,
    stride: u64,
    seen: u64,
}

impl Path {
    pub fn new() -> Self {
        Path {
            pts: Vec::with_capacity(PATH_POINTS + 1),
            stride: 1,
            seen: 0,
        }
    }
    pub fn start(&mut self, t: f64, x: f64) {
        self.pts.clear();
        self.stride = 1;
        self.seen = 0;
        self.pts.push((t, x));
    }
    /// Offers one more point; keeps every `stride`-th, halving the points when full.
    pub fn offer(&mut self, t: f64, x: f64) {
        self.seen += 1;
        if self.seen % self.stride != 0 {
            return;
        }
        if self.pts.len() >= PATH_POINTS {
            let half = self.pts.len().div_ceil(2);
            for i in 0..half {
                self.pts[i] = self.pts[2 * i];
            }
            self.pts.truncate(half);
            self.stride *= 2;
            if self.seen % self.stride != 0 {
                return;
            }
        }
        self.pts.push((t, x));
    }
    /// The last point, always kept (the decision).
    pub fn finish(&mut self, t: f64, x: f64) {
        if self.pts.len() > PATH_POINTS {
            self.pts.pop();
        }
        self.pts.push((t, x));
    }
}

struct Consts {
    a: f64,
    c: f64,
    z: f64,
    x0: f64,
    h: f64,
    bridge: bool,
}

impl Consts {
    fn from(p: &Params) -> Self {
        let z = p.get("z");
        Consts {
            a: p.get("A"),
            c: p.get("c"),
            z,
            x0: p.get("x0") * z,
            h: p.get("dt") / 1000.0,
            bridge: p.choice("crossing") == 0,
        }
    }
}

struct Ddm {
    c: Consts,
    rng: Rng,
    trials: f64,
    out: Outcomes,
    paths: Vec<Path>,
    last_rt: f64,
    last_choice: f64,
    errors: usize,
}

fn build(p: &Params, seed: u64) -> Box<dyn Model> {
    Box::new(Ddm::new(p, seed))
}

impl Ddm {
    fn new(p: &Params, seed: u64) -> Self {
        Ddm {
            c: Consts::from(p),
            rng: rng::seeded(seed),
            trials: 0.0,
            out: Outcomes::new(),
            paths: (0..PATHS).map(|_| Path::new()).collect(),
            last_rt: 0.0,
            last_choice: 0.0,
            errors: 0,
        }
    }

    /// Whether the bridge between x and xn (both inside) crossed +z, or −z: ±1, else 0.
    fn bridge_crossing(&mut self, x: f64, xn: f64) -> i8 {
        let (z, var) = (self.c.z, self.c.c * self.c.c * self.c.h);
        for (side, d0, d1) in [(1i8, z - x, z - xn), (-1i8, x + z, xn + z)] {
            let e = 2.0 * d0 * d1 / var;
            // Below e^{−40} the crossing probability is not worth a random number.
            if e < 40.0 && rng::uniform(&mut self.rng) < exp(-e) {
                return side;
            }
        }
        0
    }

    /// One trial: Euler–Maruyama until a bound is reached; returns (choice, decision time in s).
    fn trial(&mut self) -> Option<(i8, f64)> {
        let (z, h) = (self.c.z, self.c.h);
        let (mean, sd) = (self.c.a * h, self.c.c * sqrt(h));
        let slot = self.out.count % PATHS;
        let mut x = self.c.x0;
        self.paths[slot].start(0.0, x);
        for n in 1..=MAX_STEPS {
            let xn = x + mean + sd * rng::normal(&mut self.rng);
            let side = if xn >= z {
                1
            } else if xn <= -z {
                -1
            } else if self.c.bridge {
                self.bridge_crossing(x, xn)
            } else {
                0
            };
            if side != 0 {
                // Naive: the first grid point found beyond; bridge: the middle of the step.
                let t = if self.c.bridge {
                    (n as f64 - 0.5) * h
                } else {
                    n as f64 * h
                };
                self.paths[slot].finish(t * 1000.0, f64::from(side) * z);
                return Some((side, t));
            }
            x = xn;
            self.paths[slot].offer(n as f64 * h * 1000.0, x);
        }
        None
    }

    fn theory_er(&self) -> f64 {
        error_rate(self.c.a, self.c.c, self.c.z, self.c.x0)
    }

    /// A closed-form overlay with A or z replaced by the swept value (x0 stays a fraction of z).
    fn theory_at(&self, a: f64, z: f64) -> (f64, f64) {
        let x0 = self.c.x0 / self.c.z * z;
        (
            error_rate(a, self.c.c, z, x0),
            decision_time(a, self.c.c, z, x0) * 1000.0,
        )
    }
}

impl Model for Ddm {
    fn time_ms(&self) -> f64 {
        self.trials
    }

    fn step(&mut self, _spikes: &mut Vec<Spike>) {
        if let Some((choice, t)) = self.trial() {
            self.out.push(choice, t * 1000.0);
            self.last_rt = t * 1000.0;
            self.last_choice = f64::from(choice);
            self.errors += usize::from(choice < 0);
        }
        self.trials += 1.0;
    }

    fn sample(&self, out: &mut [f64]) {
        out[0] = self.last_rt;
        out[1] = self.last_choice;
        out[2] = if self.out.count > 0 {
            self.errors as f64 / self.out.count as f64
        } else {
            0.0
        };
        out[3] = self.theory_er();
    }

    fn set_params(&mut self, p: &Params) {
        self.c = Consts::from(p);
    }

    fn measure(&self, name: &str, rec: &Recording) -> Option<f64> {
        match name {
            "error_rate" => self.out.fraction(rec.t_begin, -1),
            "accuracy" => self.out.fraction(rec.t_begin, 1),
            "decision_time_ms" => self.out.mean_time(rec.t_begin),
            "error_rate_theory" => Some(self.theory_er()),
            "decision_time_theory_ms" => {
                Some(decision_time(self.c.a, self.c.c, self.c.z, self.c.x0) * 1000.0)
            }
            _ => None,
        }
    }

    fn overlay(&self, name: &str, x: f64) -> Option<f64> {
        match name {
            "accuracy_vs_A" => Some(1.0 - self.theory_at(x, self.c.z).0),
            "decision_time_vs_A" => Some(self.theory_at(x, self.c.z).1),
            "error_rate_vs_z" => Some(self.theory_at(self.c.a, x).0),
            "decision_time_vs_z" => Some(self.theory_at(self.c.a, x).1),
            _ => None,
        }
    }

    fn profile(&self, name: &str, out: &mut Vec<(f64, f64)>) {
        out.clear();
        let c = &self.c;
        match name {
            "rt_correct" => self.out.times(1, out),
            "rt_error" => self.out.times(-1, out),
            "density_correct" | "density_error" => {
                // Densities per ms, conditional on the choice, as the histogram is normalised.
                let er = self.theory_er();
                let upper = name == "density_correct";
                let p = if upper { 1.0 - er } else { er };
                let t_max = self
                    .out
                    .max_time()
                    .max(4.0 * decision_time(c.a, c.c, c.z, c.x0) * 1000.0);
                if p < 1e-12 {
                    return;
                }
                for i in 1..=200 {
                    let t_ms = t_max * i as f64 / 200.0;
                    let (fu, fl) = ddm_densities(t_ms / 1000.0, c.a, c.c, c.z, c.x0);
                    out.push((t_ms, if upper { fu } else { fl } / p / 1000.0));
                }
            }
            "upper_bound" | "lower_bound" => {
                let t_end = self
                    .paths
                    .iter()
                    .filter_map(|p| p.pts.last())
                    .map(|q| q.0)
                    .fold(1.0, f64::max);
                let y = if name == "upper_bound" { c.z } else { -c.z };
                out.extend([(0.0, y), (t_end, y)]);
            }
            _ => {
                // path_1 is the latest trial, path_5 the oldest kept.
                let Some(k) = name
                    .strip_prefix("path_")
                    .and_then(|s| s.parse::<usize>().ok())
                else {
                    return;
                };
                if k == 0 || k > PATHS || k > self.out.count {
                    return;
                }
                let slot = (self.out.count - k) % PATHS;
                out.extend_from_slice(&self.paths[slot].pts);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{params, run};

    /// Runs `trials` trials and returns (error rate, mean DT ms, sd of DT ms).
    fn simulate(set: &[(&str, f64)], seed: u64, trials: usize) -> (f64, f64, f64) {
        let mut m = Ddm::new(&params(&ENTRY, None, set), seed);
        let (mut err, mut s1, mut s2) = (0usize, 0.0, 0.0);
        for _ in 0..trials {
            let (ch, t) = m.trial().unwrap();
            err += usize::from(ch < 0);
            s1 += t * 1000.0;
            s2 += t * t * 1e6;
        }
        let n = trials as f64;
        let mean = s1 / n;
        (err as f64 / n, mean, sqrt((s2 / n - mean * mean).max(0.0)))
    }

    /// Within 3 standard errors: |er − ER| ≤ 3√(ER(1−ER)/n), |dt − DT| ≤ 3 sd/√n (+ `slack` ms).
    fn assert_matches(
        set: &[(&str, f64)],
        seed: u64,
        n: usize,
        er_th: f64,
        dt_th_ms: f64,
        slack_ms: f64,
    ) {
        let (er, dt, sd) = simulate(set, seed, n);
        let er_band = 3.0 * sqrt(er_th * (1.0 - er_th) / n as f64);
        let dt_band = 3.0 * sd / sqrt(n as f64) + slack_ms;
        assert!(
            (er - er_th).abs() < er_band,
            "{set:?}: ER {er} vs {er_th} ± {er_band}"
        );
        assert!(
            (dt - dt_th_ms).abs() < dt_band,
            "{set:?}: DT {dt} vs {dt_th_ms} ± {dt_band}"
        );
    }

    #[test]
    fn the_general_formulas_reduce_to_bogacz_for_a_centred_start() {
        // Bogacz et al. 2006, eqs. A28–A29: ER = 1/(1 + e^{2Az/c²}), DT = (z/A) tanh(Az/c²).
        for (a, c, z) in [
            (1.0, 1.0, 1.0),
            (0.3, 0.7, 2.0),
            (5.0, 2.0, 0.4),
            (10.0, 0.3, 3.0),
        ] {
            let er = 1.0 / (1.0 + exp(2.0 * a * z / (c * c)));
            assert!(
                (error_rate(a, c, z, 0.0) - er).abs() < 1e-14 * er.max(1e-300) + 1e-300,
                "{a} {c} {z}"
            );
            assert!(
                (decision_time(a, c, z, 0.0) / decision_time_centred(a, c, z) - 1.0).abs() < 1e-12
            );
        }
        // A → 0: ER → (z − x0)/(2z), DT → (z² − x0²)/c² (gambler's ruin), continuous across the branch.
        assert!((error_rate(1e-7, 1.0, 1.0, 0.4) - 0.3).abs() < 1e-6);
        assert!((decision_time(1e-5, 1.0, 1.0, 0.4) - 0.84).abs() < 1e-4);
    }

    #[test]
    fn the_densities_integrate_to_the_choice_probabilities() {
        // ∫ f₋ = ER and ∫ f₊ = 1 − ER (Navarro & Fuss 2009), Simpson's rule to 30 s, 1e-6.
        for (a, c, z, x0) in [
            (1.0, 1.0, 1.0, 0.0),
            (0.3, 1.0, 1.0, 0.0),
            (2.0, 1.5, 0.8, 0.3),
            (1.0, 1.0, 1.5, -0.5),
        ] {
            let m = 60_000;
            let (t1, hh) = (30.0, 30.0 / m as f64);
            let (mut su, mut sl) = (0.0, 0.0);
            for i in 1..m {
                let (fu, fl) = ddm_densities(i as f64 * hh, a, c, z, x0);
                let wgt = if i % 2 == 1 { 4.0 } else { 2.0 };
                su += wgt * fu;
                sl += wgt * fl;
            }
            let (fu, fl) = ddm_densities(t1, a, c, z, x0);
            let (pu, pl) = ((su + fu) * hh / 3.0, (sl + fl) * hh / 3.0);
            let er = error_rate(a, c, z, x0);
            assert!(
                (pl - er).abs() < 1e-6 && (pu - (1.0 - er)).abs() < 1e-6,
                "{a} {c} {z} {x0}: {pu} {pl} vs ER {er}"
            );
        }
    }

    #[test]
    fn the_two_series_of_the_density_agree_where_both_converge() {
        // Navarro & Fuss: the small- and large-time series are two forms of one function.
        for u in [0.3, 0.7, 1.0, 1.5, 3.0] {
            for w in [0.2, 0.5, 0.9] {
                let small: f64 = (-8i32..=8)
                    .map(|k| {
                        let r = w + 2.0 * k as f64;
                        r * (-r * r / (2.0 * u)).exp()
                    })
                    .sum::<f64>()
                    / (2.0 * PI * u * u * u).sqrt();
                let large: f64 = PI
                    * (1..=60)
                        .map(|k| {
                            let kf = k as f64;
                            kf * (-kf * kf * PI * PI * u / 2.0).exp() * (kf * PI * w).sin()
                        })
                        .sum::<f64>();
                assert!(
                    (small / large - 1.0).abs() < 1e-9,
                    "u {u} w {w}: {small} {large}"
                );
                assert!((fpt_density_lower(u, 0.0, 1.0, w) / large - 1.0).abs() < 1e-9);
            }
        }
    }

    #[test]
    fn simulated_error_rate_and_decision_time_match_the_closed_forms() {
        // Bogacz et al. 2006 eqs. A28–A29 (A47–A48 with a start point), 3 SE of n = 4000 trials;
        // the bridge test dates a crossing at the middle of its step: ≤ h/2 = 0.5 ms more.
        for (set, seed) in [
            (vec![], 1),
            (vec![("A", 0.3)], 2),
            (vec![("A", 2.0), ("c", 1.5), ("z", 0.8)], 3),
            (vec![("x0", 0.4), ("z", 1.2)], 4),
        ] {
            let p = params(&ENTRY, None, &set);
            let (a, c, z, x0) = (p.get("A"), p.get("c"), p.get("z"), p.get("x0") * p.get("z"));
            assert_matches(
                &set,
                seed,
                4000,
                error_rate(a, c, z, x0),
                decision_time(a, c, z, x0) * 1000.0,
                0.5,
            );
        }
    }

    #[test]
    fn watching_only_the_grid_points_biases_decisions_as_siegmund_says() {
        // h = 20 ms: naive detection gives decision times far beyond the closed form (more than 6
        // SE) and matches instead the closed form with bounds moved out by β c √h (Siegmund 1979;
        // Broadie, Glasserman & Kou 1997), within 3 SE + h/2 (the exit is at a grid point).
        let (n, h) = (4000, 0.02);
        let (er, dt, sd) = simulate(&[("dt", 20.0), ("crossing", 1.0)], 5, n);
        let se = sd / sqrt(n as f64);
        let exact = decision_time(1.0, 1.0, 1.0, 0.0) * 1000.0;
        assert!(
            dt - exact > 6.0 * se,
            "naive DT {dt} vs exact {exact} (SE {se})"
        );
        let zs = 1.0 + SIEGMUND_BETA * sqrt(h);
        let shifted = decision_time(1.0, 1.0, zs, 0.0) * 1000.0;
        assert!(
            (dt - shifted).abs() < 3.0 * se + 10.0,
            "naive DT {dt} vs shifted-bound {shifted}"
        );
        let er_s = error_rate(1.0, 1.0, zs, 0.0);
        assert!(
            (er - er_s).abs() < 3.0 * sqrt(er_s * (1.0 - er_s) / n as f64),
            "naive ER {er} vs {er_s}"
        );
        // The bridge test at the same coarse step recovers the exact closed forms.
        assert_matches(
            &[("dt", 20.0)],
            5,
            n,
            error_rate(1.0, 1.0, 1.0, 0.0),
            exact,
            10.0,
        );
    }

    #[test]
    fn the_measures_read_the_recorded_trials() {
        // The CLI path: measures over a run of 3000 trials agree with the theory within 3 SE.
        let sim = run(&ENTRY, params(&ENTRY, Some("speed"), &[]), 7, 3000.0);
        let er_th = sim.measure("error_rate_theory").unwrap();
        assert!((er_th - 1.0 / (1.0 + exp(1.0))).abs() < 1e-12);
        let er = sim.measure("error_rate").unwrap();
        assert!(
            (er - er_th).abs() < 3.0 * sqrt(er_th * (1.0 - er_th) / 3000.0),
            "{er} vs {er_th}"
        );
        assert!((er + sim.measure("accuracy").unwrap() - 1.0).abs() < 1e-12);
        let dt_th = sim.measure("decision_time_theory_ms").unwrap();
        assert!((dt_th - 500.0 * tanh(0.5)).abs() < 1e-9);
    }
}
