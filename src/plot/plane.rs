//! A plane with equal units on both axes: point clouds, polylines (a SOM chain, a decision
//! boundary) and arrows (a weight vector, a principal axis) over an optional image (a decision
//! surface). Equal units make angles and lengths true: the weight vector is seen to align with
//! the principal axis, a circle stays round.

use super::heatmap::{paint, pixels};
use super::profile::{extent, fetch};
use super::*;
use neurolive_core::model::Image;

pub struct Layers<'a> {
    pub points: &'a [&'a str],
    pub lines: &'a [&'a str],
    pub vectors: &'a [&'a str],
    pub background: &'a str,
}

#[allow(clippy::too_many_arguments)]
pub fn draw(
    root: &Area,
    canvas: &HtmlCanvasElement,
    plot: &PlotSpec,
    sim: &Simulation,
    layers: Layers,
    labels: (&str, &str),
    ranges: (Range, Range),
    look: Look,
) -> Result<(), String> {
    let fetch_all =
        |names: &[&str]| -> Vec<Vec<(f64, f64)>> { names.iter().map(|n| fetch(sim, n)).collect() };
    let (points, vectors) = (fetch_all(layers.points), fetch_all(layers.vectors));
    // Lines keep their NaN points: a NaN separates two lines of one profile (a sheet's rows).
    let lines: Vec<Vec<Vec<(f64, f64)>>> = layers
        .lines
        .iter()
        .map(|n| {
            let mut raw = Vec::new();
            sim.model().profile(n, &mut raw);
            split_at_gaps(raw)
        })
        .collect();
    let mut img = Image::default();
    if !layers.background.is_empty() {
        sim.model().image(layers.background, &mut img);
    }
    let has_img = img.width > 0 && img.height > 0 && img.values.len() >= img.width * img.height;
    // Fit to everything drawn, then widen one axis so a unit is as long on both.
    let mut all: Vec<Vec<(f64, f64)>> = points
        .iter()
        .chain(lines.iter().flatten())
        .chain(&vectors)
        .cloned()
        .collect();
    if has_img {
        all.push(vec![
            (img.x_range.0, img.y_range.0),
            (img.x_range.1, img.y_range.1),
        ]);
    }
    let (xe, ye) = extent(&all);
    let fit = |r: Range, e: (f64, f64)| r.fixed().unwrap_or_else(|| padded_range(e.0, e.1));
    let (x, y) = (fit(ranges.0, xe), fit(ranges.1, ye));
    // A background image's colour scale, at the right as a heat map shows it, named after it.
    let (root, bar) = if has_img {
        let width = root
            .dim_in_pixel()
            .0
            .saturating_sub(look.px(super::heatmap::BAR_PX));
        let (main, bar) = root.split_horizontally(width);
        (main, Some(bar))
    } else {
        (root.clone(), None)
    };
    let root = &root;
    let probe = chart(root, plot.title, x, y, labels.0, labels.1, look)?;
    let (px, py) = probe.plotting_area().get_pixel_range();
    drop(probe);
    let (x, y) = equal_units(
        x,
        y,
        ((px.end - px.start) as f64, (py.end - py.start) as f64),
    );
    root.fill(&look.bg()).map_err(err)?;
    if let Some(bar) = &bar {
        let name = layers.background.replace('_', " ");
        super::heatmap::colour_bar(bar, img.value_range, &name, look)?;
    }
    let mut chart = chart(root, plot.title, x, y, labels.0, labels.1, look)?;
    let mut legend = Legend::default();
    if has_img {
        let px = pixels(
            &img.values[..img.width * img.height],
            img.width,
            img.height,
            img.value_range,
        );
        let (a, b) = (
            chart.backend_coord(&(img.x_range.0, img.y_range.1)),
            chart.backend_coord(&(img.x_range.1, img.y_range.0)),
        );
        let rect = (
            a.0 as f64,
            a.1 as f64,
            (b.0 - a.0) as f64,
            (b.1 - a.1) as f64,
        );
        paint(canvas, &px, img.width as u32, img.height as u32, rect)?;
        // The image may overflow the axes it was fitted into: redraw the frame over it.
        chart
            .configure_mesh()
            .disable_mesh()
            .axis_style(look.fg())
            .x_labels(0)
            .y_labels(0)
            .draw()
            .map_err(err)?;
    }
    let mut colour = 0;
    let mut next = || {
        colour += 1;
        look.color(colour - 1)
    };
    for (name, pts) in layers.points.iter().zip(points) {
        let c = next();
        let r = if pts.len() > 1500 {
            look.px(1.3)
        } else {
            look.px(2.6)
        };
        chart
            .draw_series(
                pts.into_iter()
                    .map(|p| Circle::new(p, r, c.mix(0.55).filled())),
            )
            .map_err(err)?;
        legend.dot(name.replace('_', " "), c);
    }
    for (name, segments) in layers.lines.iter().zip(lines) {
        let c = next();
        let mut first = true;
        for seg in segments {
            chart
                .draw_series(LineSeries::new(seg, c.stroke_width(look.stroke(2.0))))
                .map_err(err)?;
            if std::mem::take(&mut first) {
                legend.line(name.replace('_', " "), c.stroke_width(3));
            }
        }
    }
    let head = 0.045 * (x.1 - x.0);
    for (name, pts) in layers.vectors.iter().zip(vectors) {
        let c = next();
        let style = c.stroke_width(look.stroke(2.6));
        let arrows: Vec<Vec<(f64, f64)>> = pts
            .chunks_exact(2)
            .flat_map(|p| arrow(p[0], p[1], head))
            .collect();
        let mut first = true;
        for a in arrows {
            chart.draw_series(LineSeries::new(a, style)).map_err(err)?;
            if std::mem::take(&mut first) {
                legend.line(name.replace('_', " "), style);
            }
        }
    }
    if layers.points.len() + layers.lines.len() + layers.vectors.len() > 1 {
        legend.draw(&chart, look)?;
    }
    Ok(())
}

/// Widens the range whose units are shorter, about its centre, so that one unit spans as many
/// pixels on x as on y in an area of `size` pixels.
pub fn equal_units(x: (f64, f64), y: (f64, f64), size: (f64, f64)) -> ((f64, f64), (f64, f64)) {
    let (sx, sy) = ((x.1 - x.0) / size.0.max(1.0), (y.1 - y.0) / size.1.max(1.0));
    let widen = |r: (f64, f64), per_px: f64, px: f64| {
        let (mid, half) = (0.5 * (r.0 + r.1), 0.5 * per_px * px);
        (mid - half, mid + half)
    };
    if sx > sy {
        (x, widen(y, sx, size.1))
    } else {
        (widen(x, sy, size.0), y)
    }
}

/// A profile's polylines: a point that is not finite (NaN, by convention) ends one line, so a
/// model draws several (a sheet's rows and columns) through one declared name.
pub fn split_at_gaps(pts: Vec<(f64, f64)>) -> Vec<Vec<(f64, f64)>> {
    let mut out = vec![Vec::new()];
    for p in pts {
        if p.0.is_finite() && p.1.is_finite() {
            out.last_mut().unwrap().push(p);
        } else {
            out.push(Vec::new());
        }
    }
    out.retain(|s| s.len() > 1);
    out
}

/// An arrow from `tail` to `head`: the shaft, and the two strokes of its head.
fn arrow(tail: (f64, f64), tip: (f64, f64), size: f64) -> Vec<Vec<(f64, f64)>> {
    let (dx, dy) = (tip.0 - tail.0, tip.1 - tail.1);
    let len = (dx * dx + dy * dy).sqrt();
    if len == 0.0 || !len.is_finite() {
        return vec![];
    }
    let s = size.min(0.4 * len);
    let (ux, uy) = (dx / len, dy / len);
    // Strokes at ±25° from the reversed direction.
    let (c, n) = (0.906, 0.423);
    let left = (
        tip.0 + s * (-ux * c - uy * n),
        tip.1 + s * (ux * n - uy * c),
    );
    let right = (
        tip.0 + s * (-ux * c + uy * n),
        tip.1 + s * (-ux * n - uy * c),
    );
    vec![vec![tail, tip], vec![left, tip, right]]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_units_widen_the_shorter_axis_only() {
        // 2 units over 200 px on x (0.01/px) and 1 unit over 100 px on y (0.01/px): unchanged.
        assert_eq!(
            equal_units((0.0, 2.0), (0.0, 1.0), (200.0, 100.0)),
            ((0.0, 2.0), (0.0, 1.0))
        );
        // A square range in a wide area: x widens about its centre to 2 units.
        let (x, y) = equal_units((-0.5, 0.5), (0.0, 1.0), (200.0, 100.0));
        assert_eq!((x, y), ((-1.0, 1.0), (0.0, 1.0)));
    }

    #[test]
    fn arrows_point_at_their_head() {
        let a = arrow((0.0, 0.0), (1.0, 0.0), 0.1);
        assert_eq!(a[0], vec![(0.0, 0.0), (1.0, 0.0)]);
        let (l, r) = (a[1][0], a[1][2]);
        assert!(
            l.0 < 1.0 && r.0 < 1.0 && l.1 > 0.0 && r.1 < 0.0,
            "{l:?} {r:?}"
        );
        assert!(arrow((1.0, 1.0), (1.0, 1.0), 0.1).is_empty());
    }

    #[test]
    fn a_nan_point_ends_a_line() {
        let pts = vec![
            (0.0, 0.0),
            (1.0, 0.0),
            (f64::NAN, f64::NAN),
            (0.0, 1.0),
            (1.0, 1.0),
            (f64::NAN, 0.0),
            (5.0, 5.0),
        ];
        assert_eq!(
            split_at_gaps(pts),
            vec![vec![(0.0, 0.0), (1.0, 0.0)], vec![(0.0, 1.0), (1.0, 1.0)]]
        );
    }
}
