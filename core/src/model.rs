//! The `Model` trait and the declaration types a model publishes about itself.
//!
//! A model is data (a `ModelSpec`: parameters, presets, traces, measures, plots) plus code
//! (`Model`: `step`, `sample`, `measure`). The web widget, the CLI and the tests read the same
//! declaration, so adding a model never means writing UI code.

pub use crate::arena::{Arena, ArenaEdit, ArenaTool};
use crate::params::Params;
use crate::record::Recording;
use serde::Serialize;

/// How a slider maps its position to a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scale {
    Linear,
    Log,
}

/// What kind of value a parameter holds. Every value is stored as an `f64`; a choice stores the
/// index of the option, so URLs and CSV stay numeric while the CLI also accepts the option name.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamKind {
    Real,
    Integer,
    Choice(&'static [&'static str]),
}

/// One parameter of a model, as the literature names it.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct ParamSpec {
    /// ASCII name used in URLs, the CLI and CSV headers (`I_ext`, `tau_m`, `g_Na`).
    pub name: &'static str,
    /// LaTeX symbol for display (`\tau_m`, `g_{\mathrm{Na}}`).
    pub symbol: &'static str,
    pub unit: &'static str,
    pub min: f64,
    pub max: f64,
    pub default: f64,
    pub scale: Scale,
    /// Slider / field increment (for log sliders, the precision of the typed value).
    pub step: f64,
    pub kind: ParamKind,
    pub help: &'static str,
    /// Changing this parameter rebuilds the model from t = 0 (a network's size, a seed-dependent
    /// connectivity); the others apply live, keeping the state.
    pub restart: bool,
}

impl ParamSpec {
    /// A real-valued parameter on a linear slider.
    pub const fn real(
        name: &'static str,
        symbol: &'static str,
        unit: &'static str,
        min: f64,
        max: f64,
        default: f64,
        step: f64,
    ) -> Self {
        ParamSpec {
            name,
            symbol,
            unit,
            min,
            max,
            default,
            scale: Scale::Linear,
            step,
            kind: ParamKind::Real,
            help: "",
            restart: false,
        }
    }
    /// An integer parameter (counts, sizes).
    pub const fn int(
        name: &'static str,
        symbol: &'static str,
        min: f64,
        max: f64,
        default: f64,
    ) -> Self {
        ParamSpec {
            kind: ParamKind::Integer,
            ..Self::real(name, symbol, "", min, max, default, 1.0)
        }
    }
    /// A choice among named options (integrator, kinetics...). The value is the option's index.
    pub const fn choice(
        name: &'static str,
        symbol: &'static str,
        options: &'static [&'static str],
        default: usize,
    ) -> Self {
        ParamSpec {
            kind: ParamKind::Choice(options),
            ..Self::real(
                name,
                symbol,
                "",
                0.0,
                (options.len() - 1) as f64,
                default as f64,
                1.0,
            )
        }
    }
    /// The time step of the integration, in ms, on a log slider.
    pub const fn dt(min: f64, max: f64, default: f64) -> Self {
        Self::real("dt", r"\Delta t", "ms", min, max, default, 0.001)
            .log()
            .help("integration time step: watch the error and the instability grow with it")
    }
    pub const fn log(self) -> Self {
        ParamSpec {
            scale: Scale::Log,
            ..self
        }
    }
    pub const fn help(self, help: &'static str) -> Self {
        ParamSpec { help, ..self }
    }
    pub const fn restart(self) -> Self {
        ParamSpec {
            restart: true,
            ..self
        }
    }
}

/// A named parameter set: the model's defaults with these values changed.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct PresetSpec {
    pub name: &'static str,
    /// One line shown as a caption: what the preset shows and what to notice.
    pub description: &'static str,
    pub values: &'static [(&'static str, f64)],
}

/// A recorded trace (one column of `traces.csv`).
#[derive(Clone, Copy, Debug, Serialize)]
pub struct TraceSpec {
    pub name: &'static str,
    pub label: &'static str,
    pub unit: &'static str,
    /// |value| above this means the integration ran away: the run stops and says so.
    pub limit: f64,
}

impl TraceSpec {
    pub const fn new(
        name: &'static str,
        label: &'static str,
        unit: &'static str,
        limit: f64,
    ) -> Self {
        TraceSpec {
            name,
            label,
            unit,
            limit,
        }
    }
}

/// A derived number (rate, CV, time constant...). Names are snake_case with the unit as suffix.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct MeasureSpec {
    pub name: &'static str,
    pub label: &'static str,
    pub unit: &'static str,
}

impl MeasureSpec {
    pub const fn new(name: &'static str, label: &'static str, unit: &'static str) -> Self {
        MeasureSpec { name, label, unit }
    }
}

/// An axis range: fixed, or fitted to the data shown; on a linear or a logarithmic scale (a
/// log axis shows only positive values; fitted, it spans whole decades around the data).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Range {
    Auto,
    Fixed(f64, f64),
    Log,
    LogFixed(f64, f64),
}

impl Range {
    pub fn is_log(self) -> bool {
        matches!(self, Range::Log | Range::LogFixed(..))
    }
    /// The declared bounds, if fixed.
    pub fn fixed(self) -> Option<(f64, f64)> {
        match self {
            Range::Fixed(a, b) | Range::LogFixed(a, b) => Some((a, b)),
            Range::Auto | Range::Log => None,
        }
    }
}

/// What a model's clock counts. Most models integrate time in ms; a learner counts trials,
/// epochs, samples or episodes. The status line, axes, speed control, CSV and CLI follow it.
///
/// For a counting clock every quantity the framework names in ms (`Model::time_ms`,
/// `ModelSpec::window_ms`, `sample_ms`, `default_duration_ms`, a sweep's `settle_ms` and
/// `duration_ms`, a `RunSpec`'s durations) is a number of the model's units instead, and one
/// `step` advances the clock by exactly one unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Clock {
    /// Simulated time, ms.
    Time,
    Trials,
    Epochs,
    Samples,
    Episodes,
    /// Updates of a network's whole state (a Hopfield network's asynchronous sweeps).
    Iterations,
    /// Independent repetitions of a whole experiment whose curves are averaged over them (a
    /// bandit testbed: each unit is one more run of all its steps).
    Runs,
}

impl Clock {
    /// One unit: "trial"; for time, "ms".
    pub fn singular(self) -> &'static str {
        match self {
            Clock::Time => "ms",
            Clock::Trials => "trial",
            Clock::Epochs => "epoch",
            Clock::Samples => "sample",
            Clock::Episodes => "episode",
            Clock::Iterations => "iteration",
            Clock::Runs => "run",
        }
    }
    /// Several units: "trials"; for time, "ms".
    pub fn plural(self) -> &'static str {
        match self {
            Clock::Time => "ms",
            Clock::Trials => "trials",
            Clock::Epochs => "epochs",
            Clock::Samples => "samples",
            Clock::Episodes => "episodes",
            Clock::Iterations => "iterations",
            Clock::Runs => "runs",
        }
    }
    pub fn counts(self) -> bool {
        self != Clock::Time
    }
    /// The label of a time axis: "t (ms)", or "trial".
    pub fn axis_label(self) -> &'static str {
        if self.counts() {
            self.singular()
        } else {
            "t (ms)"
        }
    }
    /// The first column of a traces CSV: "t_ms", or "trial".
    pub fn csv_column(self) -> &'static str {
        if self.counts() {
            self.singular()
        } else {
            "t_ms"
        }
    }
    /// The CLI flag that sets a run's length: `--duration-ms`, or `--trials` (which takes any
    /// counting unit; `--epochs`, `--samples`, `--episodes` and `--iterations` are its aliases).
    pub fn duration_flag(self) -> &'static str {
        if self.counts() {
            "--trials"
        } else {
            "--duration-ms"
        }
    }
    /// A clock reading for people: "t = 12.50 ms" or "trial 120".
    pub fn reading(self, t: f64) -> String {
        if self.counts() {
            format!("{} {}", self.singular(), t.round() as i64)
        } else {
            format!("t = {t:.2} ms")
        }
    }
    /// An amount of clock: "250 ms" or "40 trials".
    pub fn amount(self, t: f64) -> String {
        if self.counts() {
            let n = t.round() as i64;
            format!(
                "{n} {}",
                if n == 1 {
                    self.singular()
                } else {
                    self.plural()
                }
            )
        } else {
            format!("{t} ms")
        }
    }
}

/// How points with an error are drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorStyle {
    /// A shaded band around the curve (dense x: learning curves).
    Band,
    /// A bar at each point (few x: a sweep's points, bars).
    Bars,
}

/// What a plot shows. The widget draws every kind from the model's data alone.
#[derive(Clone, Copy, Debug, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PlotKind {
    /// Scrolling time series of some traces over the model's window.
    TimeSeries {
        traces: &'static [&'static str],
        y_label: &'static str,
        y: Range,
    },
    /// Phase plane of two traces: the model's vector field, both nullclines and the trajectory.
    PhasePlane {
        x: &'static str,
        y: &'static str,
        x_range: (f64, f64),
        y_range: (f64, f64),
    },
    /// Spike raster of the recorded spikes over the window, neurons 0..rows shown as rows.
    Raster { rows: usize },
    /// A measure against a parameter, each point a fresh run; `overlays` are closed forms the
    /// model computes (`Model::overlay`) drawn as lines over the simulated points. With
    /// `seeds` > 1 each point is the mean over that many seeds (seed, seed + 1, …), drawn with
    /// its standard error. The x axis is logarithmic when the parameter's slider is.
    Sweep {
        param: &'static str,
        measure: &'static str,
        from: f64,
        to: f64,
        steps: usize,
        settle_ms: f64,
        duration_ms: f64,
        overlays: &'static [&'static str],
        seeds: usize,
        y: Range,
    },
    /// Curves the model computes from its current state (`Model::profile`), e.g. V along a
    /// cable, a PSTH, tuning curves; several curves share the axes and get a legend. `errors`
    /// is empty, or names for each curve (in order; "" for none) a profile of the same x whose
    /// y is the curve's error (a standard error), drawn as a band.
    Profile {
        curves: &'static [&'static str],
        errors: &'static [&'static str],
        x_label: &'static str,
        y_label: &'static str,
        x: Range,
        y: Range,
    },
    /// Bars at the x of each point of the profiles `bars` (side by side when several), with
    /// error bars from `errors` as for `Profile`.
    Bars {
        bars: &'static [&'static str],
        errors: &'static [&'static str],
        x_label: &'static str,
        y_label: &'static str,
        y: Range,
    },
    /// A histogram of any quantity: the recorded values of the trace named `values` (over the
    /// window), or else the y of the model's profile `values` (a set of samples). Normalised to
    /// a density when `density`; `overlay` ("" for none) is a profile drawn over it (the density
    /// a theory predicts). `x` fixes the binned range, or fits it to the data.
    Histogram {
        values: &'static str,
        bins: usize,
        x: Range,
        x_label: &'static str,
        density: bool,
        overlay: &'static str,
    },
    /// A plane with equal units on both axes: point clouds (`points`, each a profile drawn in its
    /// own colour), polylines (`lines`: a SOM chain, a decision boundary; a NaN point ends one
    /// line and starts the next, so one profile can draw a sheet's rows and columns), arrows (`vectors`:
    /// a profile whose points pair up as tail, head, tail, head, …) over an optional image
    /// (`background`, "" for none: a decision surface, with its colour bar at the right, named
    /// after the image). Ranges as declared or fitted.
    Plane {
        points: &'static [&'static str],
        lines: &'static [&'static str],
        vectors: &'static [&'static str],
        background: &'static str,
        x_label: &'static str,
        y_label: &'static str,
        x: Range,
        y: Range,
    },
    /// Several small images of one size side by side (stored patterns, network states, learned
    /// receptive fields): `Model::image` fills an `Image` with `tiles` of them, whose number and
    /// size the model sets at run time; one colour scale for all, shown by a colour bar.
    ImageGrid {
        image: &'static str,
        value_label: &'static str,
    },
    /// Points the model computes (`Model::profile`) drawn as dots: oscillator phases on a
    /// circle, a population's responses, estimates against truth.
    Scatter {
        points: &'static str,
        x_label: &'static str,
        y_label: &'static str,
        x: Range,
        y: Range,
    },
    /// Histogram of the inter-spike intervals of the recorded spikes, in ms, with the exponential
    /// density of a Poisson process of the same rate overlaid when `poisson_overlay`.
    IsiHistogram {
        bins: usize,
        max_ms: f64,
        poisson_overlay: bool,
    },
    /// A matrix drawn as an image (`Model::image`): space–time maps, weight matrices, arenas.
    HeatMap {
        image: &'static str,
        x_label: &'static str,
        y_label: &'static str,
        value_label: &'static str,
    },
    /// A grid world (`Model::arena`): walls, cliffs, start and goal, the value of each cell as a
    /// colour layer with a colour bar (`value_label`), the greedy policy as arrows, the agent and
    /// its recent path. `edit` says what a click on a cell may change (`Model::edit_arena`).
    Arena {
        arena: &'static str,
        value_label: &'static str,
        edit: ArenaEdit,
    },
}

#[derive(Clone, Copy, Debug, Serialize)]
pub struct PlotSpec {
    pub id: &'static str,
    pub title: &'static str,
    pub kind: PlotKind,
}

/// Everything a model says about itself.
#[derive(Debug, Serialize)]
pub struct ModelSpec {
    pub id: &'static str,
    pub title: &'static str,
    /// The lecture it belongs to (1–12).
    pub lecture: u8,
    pub summary: &'static str,
    pub params: &'static [ParamSpec],
    pub presets: &'static [PresetSpec],
    pub traces: &'static [TraceSpec],
    pub measures: &'static [MeasureSpec],
    pub plots: &'static [PlotSpec],
    /// Width of the scrolling time window, ms.
    pub window_ms: f64,
    /// Trace sampling interval, ms (at least one step).
    pub sample_ms: f64,
    /// Duration of a CLI run when none is given, ms.
    pub default_duration_ms: f64,
    /// Whether the seed changes the numbers.
    pub stochastic: bool,
    /// What the model's clock counts (time in ms unless it learns over trials, epochs…).
    pub clock: Clock,
    /// Whether the page runs it in a background worker (`core::mirror`): a network whose step
    /// costs more than the main thread's frame budget can give while staying responsive. Its
    /// plots may then use time series, rasters, profiles, scatters, histograms, heat maps and
    /// sweeps, not phase planes (whose vector field reads the live model).
    pub offload: bool,
}

impl ModelSpec {
    pub fn param(&self, name: &str) -> Option<(usize, &'static ParamSpec)> {
        self.params.iter().enumerate().find(|(_, p)| p.name == name)
    }
    pub fn preset(&self, name: &str) -> Option<&'static PresetSpec> {
        self.presets.iter().find(|p| p.name == name)
    }
    pub fn trace_index(&self, name: &str) -> Option<usize> {
        self.traces.iter().position(|t| t.name == name)
    }
    pub fn measure(&self, name: &str) -> Option<&'static MeasureSpec> {
        self.measures.iter().find(|m| m.name == name)
    }
    /// Every name the plots read through `Model::profile`, in declaration order, each once.
    pub fn profile_names(&self) -> Vec<&'static str> {
        let mut names: Vec<&'static str> = Vec::new();
        for n in self.plots.iter().flat_map(|p| p.kind.profiles(self)) {
            if !names.contains(&n) {
                names.push(n);
            }
        }
        names
    }
    /// Every name the plots read through `Model::arena`, in declaration order, each once.
    pub fn arena_names(&self) -> Vec<&'static str> {
        let mut names: Vec<&'static str> = Vec::new();
        for p in self.plots {
            if let PlotKind::Arena { arena, .. } = p.kind {
                if !names.contains(&arena) {
                    names.push(arena);
                }
            }
        }
        names
    }
    /// Every name the plots read through `Model::image`, in declaration order, each once.
    pub fn image_names(&self) -> Vec<&'static str> {
        let mut names: Vec<&'static str> = Vec::new();
        for n in self.plots.iter().filter_map(|p| p.kind.image()) {
            if !names.contains(&n) {
                names.push(n);
            }
        }
        names
    }
}

impl PlotKind {
    /// The names this plot reads through `Model::profile` (a histogram of a trace reads none).
    pub fn profiles(&self, spec: &ModelSpec) -> Vec<&'static str> {
        let listed: Vec<&'static str> = match *self {
            PlotKind::Profile { curves, errors, .. } => {
                curves.iter().chain(errors).copied().collect()
            }
            PlotKind::Bars { bars, errors, .. } => bars.iter().chain(errors).copied().collect(),
            PlotKind::Scatter { points, .. } => vec![points],
            PlotKind::Histogram {
                values, overlay, ..
            } => {
                let own = if spec.trace_index(values).is_some() {
                    None
                } else {
                    Some(values)
                };
                own.into_iter().chain([overlay]).collect()
            }
            PlotKind::Plane {
                points,
                lines,
                vectors,
                ..
            } => points.iter().chain(lines).chain(vectors).copied().collect(),
            _ => vec![],
        };
        listed.into_iter().filter(|n| !n.is_empty()).collect()
    }
    /// The name this plot reads through `Model::image`, if any.
    pub fn image(&self) -> Option<&'static str> {
        match *self {
            PlotKind::HeatMap { image, .. } | PlotKind::ImageGrid { image, .. } => Some(image),
            PlotKind::Plane { background, .. } if !background.is_empty() => Some(background),
            _ => None,
        }
    }
}

/// A spike: time in ms and the index of the neuron that fired.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spike {
    pub t_ms: f64,
    pub neuron: u32,
}

/// An image for `PlotKind::HeatMap`: row-major values, row 0 at the bottom, with axis extents.
/// For `PlotKind::ImageGrid`, `tiles` images of `width` × `height` one after the other in
/// `values` (0 is read as 1: a plain image).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Image {
    pub width: usize,
    pub height: usize,
    pub tiles: usize,
    pub values: Vec<f64>,
    pub x_range: (f64, f64),
    pub y_range: (f64, f64),
    pub value_range: (f64, f64),
}

/// A running simulation. `step` is the hot path: it must not allocate.
pub trait Model {
    /// Current simulated time, ms.
    fn time_ms(&self) -> f64;
    /// Advances the state by one time step; spikes emitted in the step are pushed to `spikes`.
    fn step(&mut self, spikes: &mut Vec<Spike>);
    /// Writes the current value of every declared trace, in declaration order.
    fn sample(&self, out: &mut [f64]);
    /// Applies new, already validated parameter values and keeps the state (for parameters not
    /// marked `restart`).
    fn set_params(&mut self, params: &Params);
    /// A declared measure, computed from the model and what was recorded; `None` while it is not
    /// defined yet (a CV needs three spikes).
    fn measure(&self, name: &str, rec: &Recording) -> Option<f64>;

    /// The vector field (dx/dt, dy/dt) at a point of the declared phase plane, other state
    /// variables held at their current values.
    fn vector_field(&self, _x: f64, _y: f64) -> Option<(f64, f64)> {
        None
    }
    /// A closed-form prediction for a sweep overlay, at parameter value `x`, the other
    /// parameters as currently set.
    fn overlay(&self, _name: &str, _x: f64) -> Option<f64> {
        None
    }
    /// A curve of the current state (`PlotKind::Profile`), written into `out`.
    fn profile(&self, _name: &str, _out: &mut Vec<(f64, f64)>) {}
    /// An image of the current state (`PlotKind::HeatMap`), written into `out`.
    fn image(&self, _name: &str, _out: &mut Image) {}
    /// A grid world's current state (`PlotKind::Arena`), written into `out`.
    fn arena(&self, _name: &str, _out: &mut Arena) {}
    /// A click on cell (x, y) of an editable arena; returns whether the model made the change
    /// (it refuses, e.g., a wall on the start or the agent).
    fn edit_arena(&mut self, _name: &str, _x: usize, _y: usize, _tool: ArenaTool) -> bool {
        false
    }
}

/// A model in the registry: its declaration and how to build it.
pub struct ModelEntry {
    pub spec: &'static ModelSpec,
    pub build: fn(&Params, u64) -> Box<dyn Model>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    // A test-only declaration with one parameter of each kind, so each test says what it checks.
    const METHODS: &[&str] = &["euler", "rk4"];
    static SPEC: ModelSpec = ModelSpec {
        id: "toy",
        title: "Toy model",
        lecture: 1,
        summary: "test-only declaration",
        params: &[
            ParamSpec::dt(0.001, 0.5, 0.1),
            ParamSpec::real("I_ext", "I_{\\mathrm{ext}}", "nA", -2.0, 5.0, 1.5, 0.1)
                .help("injected current"),
            ParamSpec::int("N", "N", 1.0, 100.0, 10.0).restart(),
            ParamSpec::choice("method", "\\mathrm{method}", METHODS, 1),
        ],
        presets: &[PresetSpec {
            name: "strong",
            description: "a strong input",
            values: &[("I_ext", 4.0)],
        }],
        traces: &[
            TraceSpec::new("V", "V", "mV", 1e3),
            TraceSpec::new("w", "w", "", 50.0),
        ],
        measures: &[MeasureSpec::new("rate_hz", "rate", "Hz")],
        plots: &[PlotSpec {
            id: "v",
            title: "Voltage",
            kind: PlotKind::TimeSeries {
                traces: &["V"],
                y_label: "V (mV)",
                y: Range::Fixed(-80.0, 40.0),
            },
        }],
        window_ms: 100.0,
        sample_ms: 0.5,
        default_duration_ms: 1000.0,
        stochastic: false,
        clock: Clock::Time,
        offload: false,
    };

    /// The declaration as JSON minus one field, to check that a modifier changes nothing else.
    fn without(p: &ParamSpec, field: &str) -> Value {
        let mut v = serde_json::to_value(p).unwrap();
        v.as_object_mut()
            .unwrap()
            .remove(field)
            .expect("field exists");
        v
    }

    #[test]
    fn real_sets_its_arguments_and_plain_defaults() {
        let p = ParamSpec::real("tau_m", "\\tau_m", "ms", 0.5, 100.0, 10.0, 0.1);
        assert_eq!((p.name, p.symbol, p.unit), ("tau_m", "\\tau_m", "ms"));
        assert_eq!((p.min, p.max, p.default, p.step), (0.5, 100.0, 10.0, 0.1));
        assert_eq!(p.scale, Scale::Linear);
        assert_eq!(p.kind, ParamKind::Real);
        assert_eq!(p.help, "");
        assert!(!p.restart);
    }

    #[test]
    fn int_is_a_unitless_integer_with_unit_step() {
        let p = ParamSpec::int("N", "N", 1.0, 100.0, 10.0);
        assert_eq!((p.name, p.symbol, p.unit), ("N", "N", ""));
        assert_eq!((p.min, p.max, p.default, p.step), (1.0, 100.0, 10.0, 1.0));
        assert_eq!(p.kind, ParamKind::Integer);
        assert_eq!(p.scale, Scale::Linear);
        assert!(!p.restart);
    }

    #[test]
    fn choice_ranges_over_the_option_indices() {
        let opts: &'static [&'static str] = &["a", "b", "c"];
        let p = ParamSpec::choice("rule", "r", opts, 2);
        // Three options: indices 0..=2, the default is the index given, steps of one.
        assert_eq!((p.min, p.max, p.default, p.step), (0.0, 2.0, 2.0, 1.0));
        assert_eq!(p.kind, ParamKind::Choice(opts));
        assert_eq!((p.name, p.symbol, p.unit), ("rule", "r", ""));
        // One option: a choice fixed at index 0.
        let one = ParamSpec::choice("only", "o", &["x"], 0);
        assert_eq!((one.min, one.max, one.default), (0.0, 0.0, 0.0));
    }

    #[test]
    fn dt_is_a_log_slider_in_ms_named_dt_with_help() {
        let p = ParamSpec::dt(0.001, 0.5, 0.05);
        assert_eq!((p.name, p.unit), ("dt", "ms"));
        assert_eq!((p.min, p.max, p.default), (0.001, 0.5, 0.05));
        assert_eq!(p.scale, Scale::Log);
        assert_eq!(p.kind, ParamKind::Real);
        assert!(!p.help.is_empty());
        assert!(!p.restart);
    }

    #[test]
    fn modifiers_change_their_field_only_and_commute() {
        let base = ParamSpec::real("g", "g", "nS", 0.0, 10.0, 1.0, 0.1);
        let log = base.log();
        assert_eq!(log.scale, Scale::Log);
        assert_eq!(without(&log, "scale"), without(&base, "scale"));
        let help = base.help("a conductance");
        assert_eq!(help.help, "a conductance");
        assert_eq!(without(&help, "help"), without(&base, "help"));
        let restart = base.restart();
        assert!(restart.restart);
        assert_eq!(without(&restart, "restart"), without(&base, "restart"));
        let a = serde_json::to_value(base.log().restart().help("h")).unwrap();
        let b = serde_json::to_value(base.help("h").restart().log()).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn lookups_find_declared_names_only() {
        let (i, p) = SPEC.param("N").unwrap();
        assert_eq!(i, 2);
        assert!(std::ptr::eq(p, &SPEC.params[2]));
        assert_eq!(SPEC.param("dt").unwrap().0, 0);
        assert_eq!(SPEC.param("method").unwrap().0, 3);
        // A prefix of a name, or a name of another kind of item, is not a parameter.
        for unknown in ["I", "I_ext2", "", "V", "strong"] {
            assert!(SPEC.param(unknown).is_none(), "{unknown}");
        }
        assert_eq!(SPEC.preset("strong").unwrap().values, &[("I_ext", 4.0)]);
        assert!(SPEC.preset("weak").is_none());
        assert!(SPEC.preset("I_ext").is_none());
        assert_eq!(SPEC.trace_index("V"), Some(0));
        assert_eq!(SPEC.trace_index("w"), Some(1));
        assert_eq!(SPEC.trace_index("x"), None);
        assert_eq!(SPEC.measure("rate_hz").unwrap().unit, "Hz");
        assert!(SPEC.measure("rate").is_none());
        assert!(SPEC.measure("V").is_none());
    }

    #[test]
    fn describe_json_uses_the_declared_field_names() {
        // `neurolive describe` prints serde_json of the ModelSpec: these keys are its interface.
        let v = serde_json::to_value(&SPEC).unwrap();
        let mut keys: Vec<&str> = v.as_object().unwrap().keys().map(|k| k.as_str()).collect();
        keys.sort_unstable();
        let mut want = [
            "id",
            "title",
            "lecture",
            "summary",
            "params",
            "presets",
            "traces",
            "measures",
            "plots",
            "window_ms",
            "sample_ms",
            "default_duration_ms",
            "stochastic",
            "offload",
            "clock",
        ];
        want.sort_unstable();
        assert_eq!(keys, want);
        assert_eq!(
            (&v["id"], &v["lecture"], &v["sample_ms"]),
            (&json!("toy"), &json!(1), &json!(0.5))
        );

        let p = &v["params"];
        assert_eq!(p.as_array().unwrap().len(), 4);
        assert_eq!(
            p[1],
            json!({"name": "I_ext", "symbol": "I_{\\mathrm{ext}}", "unit": "nA", "min": -2.0, "max": 5.0,
                   "default": 1.5, "scale": "linear", "step": 0.1, "kind": "real", "help": "injected current",
                   "restart": false})
        );
        assert_eq!(
            (p[0]["name"].clone(), p[0]["scale"].clone()),
            (json!("dt"), json!("log"))
        );
        assert_eq!(
            (p[2]["kind"].clone(), p[2]["restart"].clone()),
            (json!("integer"), json!(true))
        );
        // A choice lists its options, so a script can map indices to names.
        assert_eq!(p[3]["kind"], json!({"choice": ["euler", "rk4"]}));

        assert_eq!(
            v["presets"],
            json!([{"name": "strong", "description": "a strong input", "values": [["I_ext", 4.0]]}])
        );
        assert_eq!(
            v["traces"][1],
            json!({"name": "w", "label": "w", "unit": "", "limit": 50.0})
        );
        assert_eq!(
            v["measures"][0],
            json!({"name": "rate_hz", "label": "rate", "unit": "Hz"})
        );
        assert_eq!(
            v["plots"][0],
            json!({"id": "v", "title": "Voltage",
                   "kind": {"time_series": {"traces": ["V"], "y_label": "V (mV)", "y": {"fixed": [-80.0, 40.0]}}}})
        );
        assert_eq!(serde_json::to_value(Range::Auto).unwrap(), json!("auto"));
        assert_eq!(
            serde_json::to_value(Range::LogFixed(1.0, 10.0)).unwrap(),
            json!({"log_fixed": [1.0, 10.0]})
        );
        assert_eq!(v["clock"], json!("time"));
        assert_eq!(
            serde_json::to_value(Clock::Trials).unwrap(),
            json!("trials")
        );
    }

    #[test]
    fn a_counting_clock_names_its_unit_everywhere() {
        let c = Clock::Epochs;
        assert_eq!(
            (c.singular(), c.plural(), c.axis_label(), c.csv_column()),
            ("epoch", "epochs", "epoch", "epoch")
        );
        assert_eq!(
            (c.reading(12.0), c.amount(1.0), c.amount(40.0)),
            ("epoch 12".into(), "1 epoch".into(), "40 epochs".into())
        );
        assert_eq!(c.duration_flag(), "--trials");
        let t = Clock::Time;
        assert!(!t.counts() && Clock::Trials.counts());
        assert_eq!(
            (t.axis_label(), t.csv_column(), t.duration_flag()),
            ("t (ms)", "t_ms", "--duration-ms")
        );
        assert_eq!(t.reading(12.5), "t = 12.50 ms");
    }

    #[test]
    fn plots_list_the_profiles_and_images_they_read() {
        static PLOTS: &[PlotSpec] = &[
            PlotSpec {
                id: "h",
                title: "",
                kind: PlotKind::Histogram {
                    values: "V",
                    bins: 10,
                    x: Range::Auto,
                    x_label: "",
                    density: true,
                    overlay: "pdf",
                },
            },
            PlotSpec {
                id: "s",
                title: "",
                kind: PlotKind::Histogram {
                    values: "samples",
                    bins: 10,
                    x: Range::Auto,
                    x_label: "",
                    density: true,
                    overlay: "",
                },
            },
            PlotSpec {
                id: "p",
                title: "",
                kind: PlotKind::Plane {
                    points: &["cloud"],
                    lines: &["chain"],
                    vectors: &["w", "pc1"],
                    background: "surface",
                    x_label: "",
                    y_label: "",
                    x: Range::Auto,
                    y: Range::Auto,
                },
            },
            PlotSpec {
                id: "b",
                title: "",
                kind: PlotKind::Bars {
                    bars: &["r"],
                    errors: &["r_sem"],
                    x_label: "",
                    y_label: "",
                    y: Range::Auto,
                },
            },
            PlotSpec {
                id: "g",
                title: "",
                kind: PlotKind::ImageGrid {
                    image: "patterns",
                    value_label: "",
                },
            },
            PlotSpec {
                id: "c",
                title: "",
                kind: PlotKind::Profile {
                    curves: &["r", "m"],
                    errors: &["r_sem", ""],
                    x_label: "",
                    y_label: "",
                    x: Range::Log,
                    y: Range::Auto,
                },
            },
        ];
        let spec = ModelSpec {
            plots: PLOTS,
            ..SPEC
        };
        // A histogram of the trace V reads no profile; its overlay does. Names come once, in order.
        assert_eq!(
            spec.profile_names(),
            ["pdf", "samples", "cloud", "chain", "w", "pc1", "r", "r_sem", "m"]
        );
        assert_eq!(spec.image_names(), ["surface", "patterns"]);
    }
}
