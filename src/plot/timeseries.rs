//! Scrolling time series of some traces over the model's window.

use super::*;
use neurolive_core::model::Range;

pub fn draw(
    root: &Area,
    plot: &PlotSpec,
    sim: &Simulation,
    traces: &[&str],
    y_label: &str,
    y: Range,
    look: Look,
) -> Result<(), String> {
    let spec = sim.spec();
    let (t0, t1) = time_window(sim);
    let rec = &sim.rec;
    let columns = root.dim_in_pixel().0 as usize;
    let mut series: Vec<(usize, Vec<(f64, f64)>)> = Vec::with_capacity(traces.len());
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for name in traces {
        let Some(i) = spec.trace_index(name) else {
            continue;
        };
        let mut pts = Vec::new();
        decimate(&rec.t, rec.trace(i), t0, t1, columns, &mut pts);
        for p in &pts {
            lo = lo.min(p.1);
            hi = hi.max(p.1);
        }
        series.push((i, pts));
    }
    let ay = if y.is_log() {
        let positive = series.iter().flat_map(|s| s.1.iter().map(|p| p.1));
        Axis::fit(y, value_extent(positive, true), false)
    } else {
        Axis::fit(y, (lo, hi), false)
    };
    for (_, pts) in &mut series {
        pts.retain_mut(|p| {
            p.1 = ay.map(p.1);
            p.1.is_finite()
        });
    }
    let mut chart = chart_scaled(
        root,
        plot.title,
        Axis::linear((t0, t1)),
        ay,
        spec.clock.axis_label(),
        y_label,
        look,
    )?;
    let mut legend = Legend::default();
    for (k, (i, pts)) in series.into_iter().enumerate() {
        let color = look.color(k);
        let trace = &spec.traces[i];
        let label = if trace.unit.is_empty() {
            trace.name.to_string()
        } else {
            format!("{} ({})", trace.name, trace.unit)
        };
        chart
            .draw_series(LineSeries::new(pts, color.stroke_width(look.stroke(1.6))))
            .map_err(err)?;
        legend.line(label, color.stroke_width(3));
    }
    if traces.len() > 1 {
        legend.draw(&chart, look)?;
    }
    Ok(())
}
