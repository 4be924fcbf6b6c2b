//! Phase plane: the vector field as arrows, both nullclines, and the recent trajectory.

use super::*;
use neurolive_core::phase::nullclines;

#[allow(clippy::too_many_arguments)]
pub fn draw(
    root: &Area,
    plot: &PlotSpec,
    sim: &Simulation,
    x: &str,
    y: &str,
    x_range: (f64, f64),
    y_range: (f64, f64),
    look: Look,
) -> Result<(), String> {
    let spec = sim.spec();
    let model = sim.model();
    let xl = label(spec, x);
    let yl = label(spec, y);
    let mut chart = chart(root, plot.title, x_range, y_range, &xl, &yl, look)?;
    let mut legend = Legend::default();

    // Arrows on a 17×13 grid, their length normalised (direction matters, speed is shown by
    // the trajectory's spacing), faint so the nullclines and trajectory stand out.
    let (nx, ny) = (17, 13);
    let (dx, dy) = (
        (x_range.1 - x_range.0) / nx as f64,
        (y_range.1 - y_range.0) / ny as f64,
    );
    let arrow_color = if look.dark {
        RGBColor(110, 114, 124)
    } else {
        RGBColor(170, 172, 180)
    };
    let mut arrows = Vec::new();
    for i in 0..nx {
        for j in 0..ny {
            let px = x_range.0 + (i as f64 + 0.5) * dx;
            let py = y_range.0 + (j as f64 + 0.5) * dy;
            let Some((fx, fy)) = model.vector_field(px, py) else {
                continue;
            };
            // Normalise in screen proportions: each axis by its cell size.
            let (ux, uy) = (fx / dx, fy / dy);
            let n = (ux * ux + uy * uy).sqrt();
            if !n.is_finite() || n == 0.0 {
                continue;
            }
            let (ex, ey) = (px + 0.4 * dx * ux / n, py + 0.4 * dy * uy / n);
            arrows.push(((px, py), (ex, ey)));
        }
    }
    chart
        .draw_series(arrows.iter().map(|&(a, b)| {
            PathElement::new(vec![a, b], arrow_color.stroke_width(look.stroke(1.0)))
        }))
        .map_err(err)?;
    chart
        .draw_series(
            arrows
                .iter()
                .map(|&(_, b)| Circle::new(b, look.px(1.6), arrow_color.filled())),
        )
        .map_err(err)?;

    let (ncx, ncy) = nullclines(|a, b| model.vector_field(a, b), x_range, y_range, 80);
    let (cx, cy) = (look.color(1), look.color(2));
    chart
        .draw_series(
            ncx.iter()
                .map(|&(a, b)| PathElement::new(vec![a, b], cx.stroke_width(look.stroke(2.0)))),
        )
        .map_err(err)?;
    legend.line(format!("d{x}/dt = 0"), cx.stroke_width(3));
    chart
        .draw_series(
            ncy.iter()
                .map(|&(a, b)| PathElement::new(vec![a, b], cy.stroke_width(look.stroke(2.0)))),
        )
        .map_err(err)?;
    legend.line(format!("d{y}/dt = 0"), cy.stroke_width(3));

    // Trajectory over the time window, and the current state as a dot.
    if let (Some(ix), Some(iy)) = (spec.trace_index(x), spec.trace_index(y)) {
        let (t0, _) = time_window(sim);
        let rec = &sim.rec;
        let start = rec.t.partition_point(|&t| t < t0);
        let step = ((rec.t.len() - start) / 4000).max(1);
        let pts: Vec<(f64, f64)> = (start..rec.t.len())
            .step_by(step)
            .map(|k| (rec.traces[ix][k], rec.traces[iy][k]))
            .collect();
        let c = look.color(0);
        chart
            .draw_series(LineSeries::new(
                pts.iter().copied(),
                c.stroke_width(look.stroke(1.8)),
            ))
            .map_err(err)?;
        if let (Some(&vx), Some(&vy)) = (rec.traces[ix].last(), rec.traces[iy].last()) {
            chart
                .draw_series(std::iter::once(Circle::new(
                    (vx, vy),
                    look.px(4.5),
                    c.filled(),
                )))
                .map_err(err)?;
        }
    }
    legend.draw(&chart, look)
}

fn label(spec: &neurolive_core::ModelSpec, trace: &str) -> String {
    match spec.traces.iter().find(|t| t.name == trace) {
        Some(t) if !t.unit.is_empty() => format!("{} ({})", t.name, t.unit),
        _ => trace.to_string(),
    }
}
