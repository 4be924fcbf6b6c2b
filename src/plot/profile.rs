//! A curve the model computes from its current state, e.g. V along a cable.

use super::*;
use neurolive_core::model::Range;

#[allow(clippy::too_many_arguments)]
pub fn draw(root: &Area, plot: &PlotSpec, sim: &Simulation, curve: &str, x_label: &str, y_label: &str, y: Range, look: Look) -> Result<(), String> {
    let mut pts = Vec::new();
    sim.model().profile(curve, &mut pts);
    pts.retain(|p| p.0.is_finite() && p.1.is_finite());
    let (x0, x1) = pts.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |a, p| (a.0.min(p.0), a.1.max(p.0)));
    let (y0, y1) = pts.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |a, p| (a.0.min(p.1), a.1.max(p.1)));
    let xr = if x0 < x1 { (x0, x1) } else { padded_range(x0, x1) };
    let yr = match y {
        Range::Fixed(a, b) => (a, b),
        Range::Auto => padded_range(y0, y1),
    };
    let mut chart = chart(root, plot.title, xr, yr, x_label, y_label, look)?;
    chart.draw_series(LineSeries::new(pts, look.color(0).stroke_width(look.stroke(2.0)))).map_err(err)?;
    Ok(())
}
