//! The plots in words, for screen readers: what each shows, and a sweep's points so far.

use super::engine::{format_value, SweepProgress};
use neurolive_core::model::{ArenaEdit, ModelSpec, PlotKind, PlotSpec};

/// "7/11": points computed of sweep plot `plot`.
pub fn sweep_count(progress: &[SweepProgress], plot: usize) -> String {
    progress
        .iter()
        .find(|p| p.plot == plot)
        .map_or("0/0".to_string(), |p| {
            format!("{}/{}", p.points.len(), p.total)
        })
}

/// The sweep's points in words: " 2 of 11 points computed: g = 3 → 335.0 Hz; g = 3.5 → 227.1 Hz."
pub fn sweep_text(progress: &[SweepProgress], plot: usize, spec: &ModelSpec) -> String {
    let Some(p) = progress.iter().find(|p| p.plot == plot) else {
        return " Not computed.".to_string();
    };
    let PlotKind::Sweep { param, measure, .. } = spec.plots[plot].kind else {
        return String::new();
    };
    let unit = spec.measure(measure).map_or("", |m| m.unit);
    let list: Vec<String> = p
        .points
        .iter()
        .map(|&(x, y)| {
            format!("{param} = {x} → {} {unit}", format_value(y))
                .trim_end()
                .to_string()
        })
        .collect();
    format!(
        " {} of {} points computed{}{}.",
        p.points.len(),
        p.total,
        if list.is_empty() { "" } else { ": " },
        list.join("; ")
    )
}

/// What a plot shows, in words (its screen-reader summary): the kind, the axes and the series.
pub fn plot_summary(spec: &ModelSpec, p: &PlotSpec) -> String {
    let trace = |n: &str| {
        spec.traces
            .iter()
            .find(|t| t.name == n)
            .map_or(n.to_string(), |t| {
                if t.unit.is_empty() {
                    t.label.to_string()
                } else {
                    format!("{} ({})", t.label, t.unit)
                }
            })
    };
    let what = match p.kind {
        PlotKind::TimeSeries { traces, y_label, .. } => format!(
            "{y_label} against {} over the last {}; traces: {}.",
            if spec.clock.counts() { spec.clock.plural() } else { "time" },
            spec.clock.amount(spec.window_ms),
            traces.iter().map(|t| trace(t)).collect::<Vec<_>>().join(", ")
        ),
        PlotKind::PhasePlane { x, y, .. } => {
            format!("Phase plane of {} against {}: vector field, nullclines and trajectory.", trace(y), trace(x))
        }
        PlotKind::Raster { rows } => format!("Spike raster of up to {rows} neurons, one row each, over the last {} ms.", spec.window_ms),
        PlotKind::Sweep { param, measure, from, to, steps, .. } => {
            let unit = spec.params.iter().find(|q| q.name == param).map_or("", |q| q.unit);
            let m = spec.measures.iter().find(|m| m.name == measure).map_or(measure, |m| m.label);
            format!("{m} against {param} from {from} to {to} {unit}, {steps} runs.")
        }
        PlotKind::Profile { curves, x_label, y_label, .. } => format!("{y_label} against {x_label}; curves: {}.", curves.join(", ")),
        PlotKind::Scatter { x_label, y_label, .. } => format!("Points: {y_label} against {x_label}."),
        PlotKind::IsiHistogram { max_ms, poisson_overlay, .. } => format!(
            "Histogram of the inter-spike intervals up to {max_ms} ms{}.",
            if poisson_overlay { ", with the exponential density of a Poisson process of the same rate" } else { "" }
        ),
        PlotKind::HeatMap { x_label, y_label, value_label, .. } => format!("Image of {value_label}, {y_label} against {x_label}."),
        PlotKind::Bars { bars, x_label, y_label, .. } => format!("Bars: {y_label} against {x_label}; {}.", bars.join(", ")),
        PlotKind::Histogram { values, x_label, .. } => format!("Histogram of {} ({x_label}).", trace(values)),
        PlotKind::Plane { points, lines, vectors, x_label, y_label, .. } => format!(
            "Plane of {y_label} against {x_label}, equal units: {}.",
            points.iter().chain(lines).chain(vectors).map(|n| n.replace('_', " ")).collect::<Vec<_>>().join(", ")
        ),
        PlotKind::ImageGrid { value_label, .. } => format!("Grid of small images of {value_label}, one colour scale."),
        PlotKind::Arena { value_label, edit, .. } => format!(
            "Grid world: walls, start and goal, {value_label} of each cell as colour, the greedy policy as arrows, the agent and its path{}.",
            if edit == ArenaEdit::None { "" } else { "; a click on a cell edits the world" }
        ),
    };
    format!("{}: {what}", p.title)
}

/// The CSS class suffix of a plot kind (`plot-timeseries`).
pub fn kind_class(kind: &PlotKind) -> &'static str {
    match kind {
        PlotKind::TimeSeries { .. } => "timeseries",
        PlotKind::PhasePlane { .. } => "phase",
        PlotKind::Raster { .. } => "raster",
        PlotKind::Sweep { .. } => "sweep",
        PlotKind::Profile { .. } => "profile",
        PlotKind::Scatter { .. } => "scatter",
        PlotKind::IsiHistogram { .. } => "histogram",
        PlotKind::HeatMap { .. } => "heatmap",
        PlotKind::Bars { .. } => "bars",
        PlotKind::Histogram { .. } => "histogram",
        PlotKind::Plane { .. } => "plane",
        PlotKind::ImageGrid { .. } => "grid",
        PlotKind::Arena { .. } => "arena",
    }
}
