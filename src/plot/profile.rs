//! Curves and point clouds the model computes from its state (`Model::profile`): V along a
//! cable, a PSTH, tuning curves, learning curves with their error bands (lines); phases on a
//! circle, estimates (dots). Either axis may be logarithmic.

use super::*;

/// Bounds of the finite points of some curves, per axis.
pub fn extent(sets: &[Vec<(f64, f64)>]) -> ((f64, f64), (f64, f64)) {
    let mut x = (f64::INFINITY, f64::NEG_INFINITY);
    let mut y = (f64::INFINITY, f64::NEG_INFINITY);
    for p in sets.iter().flatten() {
        x = (x.0.min(p.0), x.1.max(p.0));
        y = (y.0.min(p.1), y.1.max(p.1));
    }
    (x, y)
}

/// A profile of the model's current state, finite points only.
pub fn fetch(sim: &Simulation, name: &str) -> Vec<(f64, f64)> {
    let mut pts = Vec::new();
    if !name.is_empty() {
        sim.model().profile(name, &mut pts);
    }
    pts.retain(|p| p.0.is_finite() && p.1.is_finite());
    pts
}

/// A curve with its error: (x, y, e) where the error profile has a point at the same x.
pub fn with_errors(curve: &[(f64, f64)], errors: &[(f64, f64)]) -> Vec<(f64, f64, f64)> {
    curve
        .iter()
        .map(|&(x, y)| {
            let e = errors.iter().find(|p| p.0 == x).map_or(0.0, |p| p.1.abs());
            (x, y, e)
        })
        .collect()
}

/// The declared error curve of curve `k`, if any.
pub fn error_name<'a>(errors: &[&'a str], k: usize) -> &'a str {
    errors.get(k).copied().unwrap_or("")
}

/// A point in plotted coordinates, `None` where an axis cannot show it.
pub fn mapped(ax: Axis, ay: Axis, x: f64, y: f64) -> Option<(f64, f64)> {
    let p = (ax.map(x), ay.map(y));
    (p.0.is_finite() && p.1.is_finite()).then_some(p)
}

#[allow(clippy::too_many_arguments)]
pub fn draw(
    root: &Area,
    plot: &PlotSpec,
    sim: &Simulation,
    curves: &[&str],
    errors: &[&str],
    labels: (&str, &str),
    ranges: (Range, Range),
    look: Look,
) -> Result<(), String> {
    let sets: Vec<Vec<(f64, f64, f64)>> = curves
        .iter()
        .enumerate()
        .map(|(k, c)| with_errors(&fetch(sim, c), &fetch(sim, error_name(errors, k))))
        .collect();
    // The axes fit the bands, not only the curves.
    let spread: Vec<Vec<(f64, f64)>> = sets
        .iter()
        .map(|s| {
            s.iter()
                .flat_map(|&(x, y, e)| [(x, y - e), (x, y + e)])
                .collect()
        })
        .collect();
    let (xe, _) = extent(&spread);
    let ye = value_extent(spread.iter().flatten().map(|p| p.1), ranges.1.is_log());
    let xe = if ranges.0.is_log() {
        value_extent(spread.iter().flatten().map(|p| p.0), true)
    } else {
        xe
    };
    let (ax, ay) = (
        Axis::fit(ranges.0, xe, true),
        Axis::fit(ranges.1, ye, false),
    );
    let mut chart = chart_scaled(root, plot.title, ax, ay, labels.0, labels.1, look)?;
    let mut legend = Legend::default();
    for (k, (name, pts)) in curves.iter().zip(&sets).enumerate() {
        let c = look.color(k);
        if pts.iter().any(|p| p.2 > 0.0) {
            // The band: the upper edge left to right, the lower edge back.
            let upper = pts.iter().filter_map(|&(x, y, e)| mapped(ax, ay, x, y + e));
            let lower: Vec<(f64, f64)> = pts
                .iter()
                .filter_map(|&(x, y, e)| mapped(ax, ay, x, y - e))
                .collect();
            let outline: Vec<(f64, f64)> = upper.chain(lower.into_iter().rev()).collect();
            chart
                .draw_series(std::iter::once(Polygon::new(outline, c.mix(0.22).filled())))
                .map_err(err)?;
        }
        let line: Vec<(f64, f64)> = pts
            .iter()
            .filter_map(|&(x, y, _)| mapped(ax, ay, x, y))
            .collect();
        let label = if error_name(errors, k).is_empty() {
            name.replace('_', " ")
        } else {
            format!("{} ± SEM", name.replace('_', " "))
        };
        chart
            .draw_series(LineSeries::new(line, c.stroke_width(look.stroke(2.0))))
            .map_err(err)?;
        legend.line(label, c.stroke_width(3));
    }
    if curves.len() > 1 || !errors.iter().all(|e| e.is_empty()) {
        legend.draw(&chart, look)?;
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
    let xe = value_extent(pts.iter().map(|p| p.0), ranges.0.is_log());
    let ye = value_extent(pts.iter().map(|p| p.1), ranges.1.is_log());
    let (ax, ay) = (
        Axis::fit(ranges.0, xe, false),
        Axis::fit(ranges.1, ye, false),
    );
    let mut chart = chart_scaled(root, plot.title, ax, ay, x_label, y_label, look)?;
    let c = look.color(0);
    let r = if pts.len() > 2000 {
        look.px(1.5)
    } else {
        look.px(3.0)
    };
    chart
        .draw_series(
            pts.into_iter()
                .filter_map(|(x, y)| mapped(ax, ay, x, y))
                .map(|p| Circle::new(p, r, c.mix(0.8).filled())),
        )
        .map_err(err)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_matched_to_their_curve_by_x() {
        let curve = [(1.0, 10.0), (2.0, 20.0), (3.0, 30.0)];
        let errors = [(3.0, 0.3), (1.0, -0.1)];
        // A missing x has no error; a negative error is a magnitude.
        assert_eq!(
            with_errors(&curve, &errors),
            vec![(1.0, 10.0, 0.1), (2.0, 20.0, 0.0), (3.0, 30.0, 0.3)]
        );
    }
}
