//! Curves and point clouds the model computes from its state (`Model::profile`): V along a
//! cable, a PSTH, tuning curves (lines); phases on a circle, estimates (dots).

use super::*;
use neurolive_core::model::Range;

fn extent(sets: &[Vec<(f64, f64)>]) -> ((f64, f64), (f64, f64)) {
    let mut x = (f64::INFINITY, f64::NEG_INFINITY);
    let mut y = (f64::INFINITY, f64::NEG_INFINITY);
    for p in sets.iter().flatten() {
        x = (x.0.min(p.0), x.1.max(p.0));
        y = (y.0.min(p.1), y.1.max(p.1));
    }
    (x, y)
}

fn fetch(sim: &Simulation, name: &str) -> Vec<(f64, f64)> {
    let mut pts = Vec::new();
    sim.model().profile(name, &mut pts);
    pts.retain(|p| p.0.is_finite() && p.1.is_finite());
    pts
}

fn axis(r: Range, data: (f64, f64), exact: bool) -> (f64, f64) {
    match r {
        Range::Fixed(a, b) => (a, b),
        Range::Auto if exact && data.0 < data.1 => data,
        Range::Auto => padded_range(data.0, data.1),
    }
}

#[allow(clippy::too_many_arguments)]
pub fn draw(root: &Area, plot: &PlotSpec, sim: &Simulation, curves: &[&str], x_label: &str, y_label: &str, y: Range, look: Look) -> Result<(), String> {
    let sets: Vec<Vec<(f64, f64)>> = curves.iter().map(|c| fetch(sim, c)).collect();
    let (xe, ye) = extent(&sets);
    let mut chart = chart(root, plot.title, axis(Range::Auto, xe, true), axis(y, ye, false), x_label, y_label, look)?;
    for (k, (name, pts)) in curves.iter().zip(sets).enumerate() {
        let c = look.color(k);
        chart
            .draw_series(LineSeries::new(pts, c.stroke_width(look.stroke(2.0))))
            .map_err(err)?
            .label(name.replace('_', " "))
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], c.stroke_width(3)));
    }
    if curves.len() > 1 {
        legend(&mut chart, look)?;
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
pub fn scatter(
    root: &Area,
    plot: &PlotSpec,
    sim: &Simulation,
    points: &str,
    x_label: &str,
    y_label: &str,
    ranges: (Range, Range),
    look: Look,
) -> Result<(), String> {
    let pts = fetch(sim, points);
    let (xe, ye) = extent(std::slice::from_ref(&pts));
    let mut chart = chart(root, plot.title, axis(ranges.0, xe, false), axis(ranges.1, ye, false), x_label, y_label, look)?;
    let c = look.color(0);
    let r = if pts.len() > 2000 { look.px(1.5) } else { look.px(3.0) };
    chart.draw_series(pts.into_iter().map(|p| Circle::new(p, r, c.mix(0.8).filled()))).map_err(err)?;
    Ok(())
}
