//! The plots of the generic simulation widget: one file per kind, each drawing from the model's
//! declaration and data alone. Axes, labels and line series go through plotters-canvas; dense
//! images go through `ImageData` (plotters costs ≈ 1 µs per element, see shared/README.md).

mod heatmap;
mod histogram;
mod phase_plane;
mod profile;
mod raster;
mod sweep;
mod timeseries;

pub use sweep::SweepState;

use neurolive_core::model::{PlotKind, PlotSpec};
use neurolive_core::Simulation;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

/// Okabe & Ito (2008) colour-blind-safe palette, most distinct first.
pub const PALETTE: [RGBColor; 8] = [
    RGBColor(0, 114, 178),   // blue
    RGBColor(213, 94, 0),    // vermillion
    RGBColor(0, 158, 115),   // bluish green
    RGBColor(204, 121, 167), // reddish purple
    RGBColor(230, 159, 0),   // orange
    RGBColor(86, 180, 233),  // sky blue
    RGBColor(0, 0, 0),       // black
    RGBColor(136, 136, 136), // grey (an eighth trace)
];

/// How to draw: size scale (device pixels per CSS pixel × presenter zoom) and theme.
#[derive(Clone, Copy, Debug)]
pub struct Look {
    pub scale: f64,
    pub dark: bool,
    /// Presenter mode: type and lines readable from the back of a lecture hall.
    pub presenter: bool,
}

impl Look {
    pub fn bg(&self) -> RGBColor {
        if self.dark { RGBColor(24, 26, 31) } else { RGBColor(255, 255, 255) }
    }
    pub fn fg(&self) -> RGBColor {
        if self.dark { RGBColor(225, 228, 234) } else { RGBColor(40, 40, 46) }
    }
    pub fn grid(&self) -> RGBColor {
        if self.dark { RGBColor(55, 58, 66) } else { RGBColor(230, 230, 235) }
    }
    pub fn color(&self, i: usize) -> RGBColor {
        let c = PALETTE[i % PALETTE.len()];
        if self.dark && c == RGBColor(0, 0, 0) { RGBColor(240, 240, 240) } else { c }
    }
    pub fn px(&self, css_px: f64) -> u32 {
        (css_px * self.scale).round().max(1.0) as u32
    }
    pub fn font(&self, css_px: f64) -> (&'static str, f64) {
        ("sans-serif", css_px * self.scale * if self.presenter { 1.45 } else { 1.0 })
    }
    pub fn stroke(&self, css_px: f64) -> u32 {
        self.px(css_px * if self.presenter { 2.2 } else { 1.0 })
    }
}

/// Everything a plot may read.
pub struct PlotData<'a> {
    pub sim: &'a Simulation,
    pub sweep: Option<&'a SweepState>,
}

pub type Area = DrawingArea<CanvasBackend, plotters::coord::Shift>;

/// Draws one declared plot on its canvas.
pub fn draw(canvas: &HtmlCanvasElement, plot: &PlotSpec, data: &PlotData, look: Look) -> Result<(), String> {
    let backend = CanvasBackend::with_canvas_object(canvas.clone()).ok_or("no 2D context")?;
    let root = backend.into_drawing_area();
    root.fill(&look.bg()).map_err(|e| e.to_string())?;
    let r = match plot.kind {
        PlotKind::TimeSeries { traces, y_label, y } => timeseries::draw(&root, plot, data.sim, traces, y_label, y, look),
        PlotKind::PhasePlane { x, y, x_range, y_range } => phase_plane::draw(&root, plot, data.sim, x, y, x_range, y_range, look),
        PlotKind::Raster { rows } => raster::draw(&root, canvas, plot, data.sim, rows, look),
        PlotKind::Sweep { .. } => sweep::draw(&root, plot, data, look),
        PlotKind::Profile { curves, x_label, y_label, y } => profile::draw(&root, plot, data.sim, curves, x_label, y_label, y, look),
        PlotKind::Scatter { points, x_label, y_label, x, y } => profile::scatter(&root, plot, data.sim, points, x_label, y_label, (x, y), look),
        PlotKind::IsiHistogram { bins, max_ms, poisson_overlay } => {
            histogram::draw(&root, plot, data.sim, bins, max_ms, poisson_overlay, look)
        }
        PlotKind::HeatMap { image, x_label, y_label, value_label } => {
            heatmap::draw(&root, canvas, plot, data.sim, image, x_label, y_label, value_label, look)
        }
    };
    root.present().map_err(|e| e.to_string())?;
    r
}

/// A plotters error as text.
pub fn err<E: std::fmt::Debug>(e: E) -> String {
    format!("{e:?}")
}

/// Range of finite values with a little padding; never empty.
pub fn padded_range(lo: f64, hi: f64) -> (f64, f64) {
    if !lo.is_finite() || !hi.is_finite() {
        return (0.0, 1.0);
    }
    // A nearly flat trace (a membrane at rest) must not fill the plot with rounding noise:
    // the span is at least 5 % of the values' magnitude (or 1e-9 around zero).
    let min_span = (0.05 * lo.abs().max(hi.abs())).max(1e-9);
    let (lo, hi) = if hi - lo < min_span {
        let mid = 0.5 * (lo + hi);
        (mid - 0.5 * min_span, mid + 0.5 * min_span)
    } else {
        (lo, hi)
    };
    let span = hi - lo;
    (lo - 0.06 * span, hi + 0.06 * span)
}

/// The time window shown by scrolling plots: the last `window_ms`, or [0, window] at the start.
pub fn time_window(sim: &Simulation) -> (f64, f64) {
    let w = sim.spec().window_ms;
    let t = sim.time_ms();
    if t < w { (0.0, w) } else { (t - w, t) }
}

/// Min/max per pixel column: at most 2 points per column, the shape of every spike kept.
pub fn decimate(t: &[f64], y: &[f64], t0: f64, t1: f64, columns: usize, out: &mut Vec<(f64, f64)>) {
    out.clear();
    let start = t.partition_point(|&x| x < t0);
    let n = t.len() - start;
    if n <= 2 * columns.max(1) {
        out.extend(t[start..].iter().copied().zip(y[start..].iter().copied()));
        return;
    }
    let width = (t1 - t0) / columns as f64;
    let mut i = start;
    while i < t.len() {
        let col = ((t[i] - t0) / width).floor();
        let (mut lo, mut hi) = ((t[i], y[i]), (t[i], y[i]));
        let mut j = i + 1;
        while j < t.len() && ((t[j] - t0) / width).floor() == col {
            if y[j] < lo.1 {
                lo = (t[j], y[j]);
            }
            if y[j] > hi.1 {
                hi = (t[j], y[j]);
            }
            j += 1;
        }
        if lo.0 <= hi.0 {
            out.push(lo);
            out.push(hi);
        } else {
            out.push(hi);
            out.push(lo);
        }
        i = j;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimation_keeps_extremes_and_bounds_the_count() {
        let t: Vec<f64> = (0..10_000).map(|i| i as f64 * 0.01).collect();
        let y: Vec<f64> = t.iter().map(|&x| if (x - 50.0).abs() < 0.005 { 100.0 } else { x.sin() }).collect();
        let mut out = Vec::new();
        decimate(&t, &y, 0.0, 100.0, 200, &mut out);
        assert!(out.len() <= 2 * 201);
        assert!(out.iter().any(|p| p.1 == 100.0), "the one-sample spike survives");
    }

    #[test]
    fn ticks_show_the_digits_the_span_needs() {
        assert_eq!(tick(150.0, 200.0), "150");
        assert_eq!(tick(0.5, 1.0), "0.50");
        assert_eq!(tick(-0.0, 1.0), "0.00");
        assert_eq!(tick(-64.9, 3.0), "-64.90");
    }

    #[test]
    fn padded_range_is_never_empty() {
        let (a, b) = padded_range(-65.0, -65.0);
        assert!(a < -65.0 && b > -65.0);
        let (a, b) = padded_range(-64.99638, -64.99637);
        assert!(b - a > 3.0, "a flat trace at -65 mV gets a span of a few mV, not 1e-5");
        assert_eq!(padded_range(f64::NAN, 1.0), (0.0, 1.0));
    }
}

pub type Chart<'a> = ChartContext<'a, CanvasBackend, Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>>;

/// Axes with labels, in the look's colours: the frame every x–y plot starts from.
pub fn chart<'a>(
    root: &'a Area,
    title: &str,
    x: (f64, f64),
    y: (f64, f64),
    x_desc: &str,
    y_desc: &str,
    look: Look,
) -> Result<Chart<'a>, String> {
    let fg = look.fg();
    // Long titles shrink to fit the canvas (≈ 0.55 em per character of a sans-serif font).
    let width_css = root.dim_in_pixel().0 as f64 / look.scale;
    let title_px = (width_css / (0.56 * title.chars().count().max(1) as f64)).clamp(9.0, 14.0);
    let mut c = ChartBuilder::on(root)
        .margin(look.px(8.0))
        .caption(title, look.font(title_px).into_font().color(&fg))
        .x_label_area_size(look.px(36.0))
        .y_label_area_size(look.px(54.0))
        .build_cartesian_2d(x.0..x.1, y.0..y.1)
        .map_err(err)?;
    c.configure_mesh()
        .x_desc(x_desc)
        .y_desc(y_desc)
        .label_style(look.font(11.0).into_font().color(&fg))
        .axis_desc_style(look.font(12.0).into_font().color(&fg))
        .bold_line_style(look.grid())
        .light_line_style(TRANSPARENT)
        .axis_style(fg)
        .x_labels(6)
        .y_labels(5)
        .x_label_formatter(&|v| tick(*v, x.1 - x.0))
        .y_label_formatter(&|v| tick(*v, y.1 - y.0))
        .draw()
        .map_err(err)?;
    Ok(c)
}

/// A tick label with as many decimals as the axis span needs, and no more.
pub fn tick(v: f64, span: f64) -> String {
    let decimals = if span <= 0.0 { 2 } else { (2.0 - span.log10().floor()).clamp(0.0, 8.0) as usize };
    let s = format!("{v:.decimals$}");
    if s.starts_with('-') && s.trim_start_matches(['-', '0', '.']).is_empty() { s[1..].to_string() } else { s }
}

/// Legend in the upper right, when a plot has more than one series.
pub fn legend(chart: &mut Chart, look: Look) -> Result<(), String> {
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .label_font(look.font(11.0).into_font().color(&look.fg()))
        .background_style(look.bg().mix(0.85))
        .border_style(look.grid())
        .draw()
        .map_err(err)
}
