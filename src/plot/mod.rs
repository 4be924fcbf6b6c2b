//! The plots of the generic simulation widget: one file per kind, each drawing from the model's
//! declaration and data alone. Axes, labels and line series go through plotters-canvas; dense
//! images go through `ImageData` (plotters costs ≈ 1 µs per element, see shared/README.md).

pub mod arena;
mod backend;
mod bars;
mod grid;
mod heatmap;
mod histogram;
mod legend;
mod phase_plane;
mod plane;
mod profile;
mod raster;
mod sweep;
mod timeseries;

pub use sweep::SweepState;

use backend::Canvas2d;
use legend::Legend;
use neurolive_core::model::{PlotKind, PlotSpec, Range};
use neurolive_core::overlay::OverlayCurves;
use neurolive_core::Simulation;
use plotters::prelude::*;
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
        if self.dark {
            RGBColor(24, 26, 31)
        } else {
            RGBColor(255, 255, 255)
        }
    }
    pub fn fg(&self) -> RGBColor {
        if self.dark {
            RGBColor(225, 228, 234)
        } else {
            RGBColor(40, 40, 46)
        }
    }
    pub fn grid(&self) -> RGBColor {
        if self.dark {
            RGBColor(55, 58, 66)
        } else {
            RGBColor(230, 230, 235)
        }
    }
    pub fn color(&self, i: usize) -> RGBColor {
        let c = PALETTE[i % PALETTE.len()];
        if self.dark && c == RGBColor(0, 0, 0) {
            RGBColor(240, 240, 240)
        } else {
            c
        }
    }
    pub fn px(&self, css_px: f64) -> u32 {
        (css_px * self.scale).round().max(1.0) as u32
    }
    pub fn font(&self, css_px: f64) -> (&'static str, f64) {
        (
            "sans-serif",
            css_px * self.scale * if self.presenter { 1.45 } else { 1.0 },
        )
    }
    pub fn stroke(&self, css_px: f64) -> u32 {
        self.px(css_px * if self.presenter { 2.2 } else { 1.0 })
    }
}

/// Everything a plot may read.
pub struct PlotData<'a> {
    pub sim: &'a Simulation,
    pub sweep: Option<&'a SweepState>,
    /// A local model's overlays for this plot, as computed so far (`None`: read from the model,
    /// as for a remote run's mirror, whose overlays are a lookup).
    pub overlays: Option<&'a OverlayCurves>,
}

pub type Area = DrawingArea<Canvas2d, plotters::coord::Shift>;

/// Draws one declared plot on its canvas.
pub fn draw(
    canvas: &HtmlCanvasElement,
    plot: &PlotSpec,
    data: &PlotData,
    look: Look,
) -> Result<(), String> {
    let backend = Canvas2d::new(canvas).ok_or("no 2D context")?;
    let root = backend.into_drawing_area();
    root.fill(&look.bg()).map_err(|e| e.to_string())?;
    let r = match plot.kind {
        PlotKind::TimeSeries { traces, y_label, y } => {
            timeseries::draw(&root, plot, data.sim, traces, y_label, y, look)
        }
        PlotKind::PhasePlane {
            x,
            y,
            x_range,
            y_range,
        } => phase_plane::draw(&root, plot, data.sim, x, y, x_range, y_range, look),
        PlotKind::Raster { rows } => raster::draw(&root, canvas, plot, data.sim, rows, look),
        PlotKind::Sweep { .. } => sweep::draw(&root, plot, data, look),
        PlotKind::Profile {
            curves,
            errors,
            x_label,
            y_label,
            x,
            y,
        } => profile::draw(
            &root,
            plot,
            data.sim,
            curves,
            errors,
            (x_label, y_label),
            (x, y),
            look,
        ),
        PlotKind::Bars {
            bars,
            errors,
            x_label,
            y_label,
            y,
        } => bars::draw(
            &root,
            plot,
            data.sim,
            bars,
            errors,
            (x_label, y_label),
            y,
            look,
        ),
        PlotKind::Histogram {
            values,
            bins,
            x,
            x_label,
            density,
            overlay,
        } => histogram::values(
            &root, plot, data.sim, values, bins, x, x_label, density, overlay, look,
        ),
        PlotKind::Plane {
            points,
            lines,
            vectors,
            background,
            x_label,
            y_label,
            x,
            y,
        } => {
            let layers = plane::Layers {
                points,
                lines,
                vectors,
                background,
            };
            plane::draw(
                &root,
                canvas,
                plot,
                data.sim,
                layers,
                (x_label, y_label),
                (x, y),
                look,
            )
        }
        PlotKind::ImageGrid { image, value_label } => {
            grid::draw(&root, canvas, plot, data.sim, image, value_label, look)
        }
        PlotKind::Scatter {
            points,
            x_label,
            y_label,
            x,
            y,
        } => profile::scatter(
            &root,
            plot,
            data.sim,
            points,
            x_label,
            y_label,
            (x, y),
            look,
        ),
        PlotKind::IsiHistogram {
            bins,
            max_ms,
            poisson_overlay,
        } => histogram::draw(&root, plot, data.sim, bins, max_ms, poisson_overlay, look),
        PlotKind::HeatMap {
            image,
            x_label,
            y_label,
            value_label,
        } => heatmap::draw(
            &root,
            canvas,
            plot,
            data.sim,
            image,
            x_label,
            y_label,
            value_label,
            look,
        ),
        PlotKind::Arena {
            arena, value_label, ..
        } => arena::draw(&root, plot, data.sim, arena, value_label, look),
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
    if t < w {
        (0.0, w)
    } else {
        (t - w, t)
    }
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
        let y: Vec<f64> = t
            .iter()
            .map(|&x| {
                if (x - 50.0).abs() < 0.005 {
                    100.0
                } else {
                    x.sin()
                }
            })
            .collect();
        let mut out = Vec::new();
        decimate(&t, &y, 0.0, 100.0, 200, &mut out);
        assert!(out.len() <= 2 * 201);
        assert!(
            out.iter().any(|p| p.1 == 100.0),
            "the one-sample spike survives"
        );
    }

    #[test]
    fn ticks_show_the_digits_the_span_needs() {
        assert_eq!(tick(150.0, 200.0), "150");
        assert_eq!(tick(0.5, 1.0), "0.50");
        assert_eq!(tick(-0.0, 1.0), "0.00");
        assert_eq!(tick(-64.9, 3.0), "-64.90");
    }

    #[test]
    fn log_axes_span_whole_decades_and_label_values() {
        let a = Axis::fit(Range::Log, (0.03, 250.0), false);
        assert_eq!((a.range, a.log), ((-2.0, 3.0), true));
        assert_eq!(a.map(100.0), 2.0);
        assert!(
            a.map(0.0).is_nan() && a.map(-1.0).is_nan(),
            "a log axis cannot show zero or less"
        );
        assert_eq!(
            Axis::fit(Range::LogFixed(1.0, 1000.0), (5.0, 6.0), false).range,
            (0.0, 3.0)
        );
        // No positive data: one decade, not a NaN range.
        assert_eq!(
            Axis::fit(Range::Log, (f64::INFINITY, f64::NEG_INFINITY), false).range,
            (0.0, 1.0)
        );
        assert_eq!(
            (log_tick(0.0), log_tick(2.0), log_tick(-2.0), log_tick(0.5)),
            ("1".into(), "100".into(), "0.01".into(), "3.16".into())
        );
        assert_eq!(log_tick(6.0), "1e6");
        assert_eq!(
            Axis::fit(Range::Fixed(1.0, 2.0), (0.0, 9.0), false),
            Axis::linear((1.0, 2.0))
        );
    }

    #[test]
    fn padded_range_is_never_empty() {
        let (a, b) = padded_range(-65.0, -65.0);
        assert!(a < -65.0 && b > -65.0);
        let (a, b) = padded_range(-64.99638, -64.99637);
        assert!(
            b - a > 3.0,
            "a flat trace at -65 mV gets a span of a few mV, not 1e-5"
        );
        assert_eq!(padded_range(f64::NAN, 1.0), (0.0, 1.0));
    }
}

pub type Chart<'a> = ChartContext<
    'a,
    Canvas2d,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

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
    chart_scaled(
        root,
        title,
        Axis::linear(x),
        Axis::linear(y),
        x_desc,
        y_desc,
        look,
    )
}

/// One axis of a chart: its range in plotted coordinates, and whether those are log10 of the
/// values (a log axis is drawn as a linear one over log10 v, its ticks labelled with v).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Axis {
    pub range: (f64, f64),
    pub log: bool,
}

impl Axis {
    pub fn linear(range: (f64, f64)) -> Axis {
        Axis { range, log: false }
    }
    /// The axis a declared range asks for, fitted to data spanning `data` (values, not log10):
    /// `exact` fits a linear auto range without padding (a profile's x).
    pub fn fit(r: Range, data: (f64, f64), exact: bool) -> Axis {
        match r {
            Range::Fixed(a, b) => Axis::linear((a, b)),
            Range::Auto if exact && data.0 < data.1 => Axis::linear(data),
            Range::Auto => Axis::linear(padded_range(data.0, data.1)),
            Range::LogFixed(a, b) => Axis {
                range: (log10(a), log10(b)),
                log: true,
            },
            Range::Log => {
                // Whole decades around the positive data; one decade when there is none.
                let (lo, hi) = (log10(data.0.max(f64::MIN_POSITIVE)), log10(data.1));
                let (lo, hi) = if lo.is_finite() && hi.is_finite() && lo <= hi {
                    (lo.floor(), hi.ceil())
                } else {
                    (0.0, 1.0)
                };
                Axis {
                    range: (lo, if hi > lo { hi } else { lo + 1.0 }),
                    log: true,
                }
            }
        }
    }
    /// A value in plotted coordinates (NaN where a log axis cannot show it).
    pub fn map(self, v: f64) -> f64 {
        if !self.log {
            v
        } else if v > 0.0 {
            log10(v)
        } else {
            f64::NAN
        }
    }
}

fn log10(v: f64) -> f64 {
    if v > 0.0 {
        v.log10()
    } else {
        f64::NAN
    }
}

/// The range of the positive values of `values` (for fitting a log axis) or of all finite ones.
pub fn value_extent(values: impl Iterator<Item = f64>, positive_only: bool) -> (f64, f64) {
    values
        .filter(|v| v.is_finite() && (!positive_only || *v > 0.0))
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        })
}

/// A chart whose axes may be logarithmic: see `Axis`.
pub fn chart_scaled<'a>(
    root: &'a Area,
    title: &str,
    x_axis: Axis,
    y_axis: Axis,
    x_desc: &str,
    y_desc: &str,
    look: Look,
) -> Result<Chart<'a>, String> {
    let (x, y) = (x_axis.range, y_axis.range);
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
        .x_labels(if x_axis.log { decades(x) } else { 6 })
        .y_labels(if y_axis.log { decades(y) } else { 5 })
        .x_label_formatter(&|v| {
            if x_axis.log {
                log_tick(*v)
            } else {
                tick(*v, x.1 - x.0)
            }
        })
        .y_label_formatter(&|v| {
            if y_axis.log {
                log_tick(*v)
            } else {
                tick(*v, y.1 - y.0)
            }
        })
        .draw()
        .map_err(err)?;
    Ok(c)
}

/// Tick count for a log axis: one per decade (so ticks fall on powers of ten), at least 3.
fn decades(r: (f64, f64)) -> usize {
    ((r.1 - r.0).round() as usize + 1).clamp(3, 8)
}

/// The label of a tick at log10 value `e`: the value itself, 3 significant digits (1, 10, 0.01,
/// 3.16, 1e+06).
pub fn log_tick(e: f64) -> String {
    let v = 10f64.powf(e);
    if !(1e-3..1e5).contains(&v) {
        format!("{v:.0e}")
    } else {
        let digits = (2.0 - v.log10().floor()).clamp(0.0, 5.0) as usize;
        let s = format!("{v:.digits$}");
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    }
}

/// A tick label with as many decimals as the axis span needs, and no more.
pub fn tick(v: f64, span: f64) -> String {
    let decimals = if span <= 0.0 {
        2
    } else {
        (2.0 - span.log10().floor()).clamp(0.0, 8.0) as usize
    };
    let s = format!("{v:.decimals$}");
    if s.starts_with('-') && s.trim_start_matches(['-', '0', '.']).is_empty() {
        s[1..].to_string()
    } else {
        s
    }
}
