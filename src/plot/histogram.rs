//! Histogram of inter-spike intervals, with the exponential density of a Poisson process of the
//! same mean rate overlaid (Dayan & Abbott §1.4: p(τ) = r e^{−rτ}).

use super::*;
use neurolive_core::measure;

#[allow(clippy::too_many_arguments)]
pub fn draw(
    root: &Area,
    plot: &PlotSpec,
    sim: &Simulation,
    bins: usize,
    max_ms: f64,
    poisson: bool,
    look: Look,
) -> Result<(), String> {
    let mut isis = Vec::new();
    measure::isis(&sim.rec.spikes, &mut isis);
    let bins = bins.max(1);
    let width = max_ms / bins as f64;
    let mut counts = vec![0usize; bins];
    for &d in &isis {
        let b = (d / width) as usize;
        if b < bins {
            counts[b] += 1;
        }
    }
    let n = isis.len().max(1) as f64;
    // Density per ms, so the overlay and the bars share a scale whatever the bin width.
    let dens: Vec<f64> = counts.iter().map(|&c| c as f64 / n / width).collect();
    let mean = isis.iter().sum::<f64>() / n;
    let top =
        dens.iter()
            .copied()
            .fold(0.0, f64::max)
            .max(if mean > 0.0 { 1.0 / mean } else { 0.0 });
    let title = format!("{} ({} intervals)", plot.title, isis.len());
    let mut chart = chart(
        root,
        &title,
        (0.0, max_ms),
        (0.0, (top * 1.1).max(1e-3)),
        "ISI (ms)",
        "density (1/ms)",
        look,
    )?;
    let mut legend = Legend::default();
    let c = look.color(0);
    chart
        .draw_series(dens.iter().enumerate().map(|(i, &d)| {
            Rectangle::new(
                [(i as f64 * width, 0.0), ((i + 1) as f64 * width, d)],
                c.mix(0.75).filled(),
            )
        }))
        .map_err(err)?;
    legend.block("simulated", c);
    if poisson && isis.len() >= 2 && mean > 0.0 {
        let r = 1.0 / mean;
        let oc = look.color(1);
        let pts = (0..=200).map(|k| {
            let t = max_ms * k as f64 / 200.0;
            (t, r * (-r * t).exp())
        });
        chart
            .draw_series(LineSeries::new(pts, oc.stroke_width(look.stroke(2.0))))
            .map_err(err)?;
        legend.line("Poisson, same rate", oc.stroke_width(3));
    }
    legend.draw(&chart, look)
}

/// A histogram of any quantity: the recorded values of a trace over the window, or the y of a
/// profile (a set of samples), as counts or a density, with an optional profile drawn over it.
#[allow(clippy::too_many_arguments)]
pub fn values(
    root: &Area,
    plot: &PlotSpec,
    sim: &Simulation,
    source: &str,
    bins: usize,
    x: neurolive_core::model::Range,
    x_label: &str,
    density: bool,
    overlay: &str,
    look: Look,
) -> Result<(), String> {
    let data: Vec<f64> = match sim.spec().trace_index(source) {
        Some(i) => {
            let (t0, _) = time_window(sim);
            let start = sim.rec.t.partition_point(|&t| t < t0);
            sim.rec.trace(i)[start..].to_vec()
        }
        None => super::profile::fetch(sim, source)
            .into_iter()
            .map(|p| p.1)
            .collect(),
    };
    let range = x.fixed().unwrap_or_else(|| {
        let (lo, hi) = value_extent(data.iter().copied(), false);
        if lo < hi {
            (lo, hi)
        } else if lo.is_finite() {
            (lo - 0.5, lo + 0.5)
        } else {
            (0.0, 1.0)
        }
    });
    let (heights, width) = bin(&data, range, bins.max(1), density);
    let curve = super::profile::fetch(sim, overlay);
    let top = heights
        .iter()
        .copied()
        .chain(curve.iter().map(|p| p.1))
        .fold(0.0, f64::max);
    let title = format!("{} ({} values)", plot.title, data.len());
    let y_desc = if density { "density" } else { "count" };
    let mut chart = chart(
        root,
        &title,
        range,
        (0.0, (top * 1.1).max(1e-9)),
        x_label,
        y_desc,
        look,
    )?;
    let mut legend = Legend::default();
    let c = look.color(0);
    chart
        .draw_series(heights.iter().enumerate().map(|(i, &h)| {
            let x0 = range.0 + i as f64 * width;
            Rectangle::new([(x0, 0.0), (x0 + width, h)], c.mix(0.75).filled())
        }))
        .map_err(err)?;
    legend.block(source.replace('_', " "), c);
    if !curve.is_empty() {
        let oc = look.color(1);
        chart
            .draw_series(LineSeries::new(curve, oc.stroke_width(look.stroke(2.0))))
            .map_err(err)?;
        legend.line(overlay.replace('_', " "), oc.stroke_width(3));
        legend.draw(&chart, look)?;
    }
    Ok(())
}

/// Bin heights over `range` (values outside are left out): counts, or a density whose area over
/// the range is the fraction of the values inside it; and the bin width.
pub fn bin(data: &[f64], range: (f64, f64), bins: usize, density: bool) -> (Vec<f64>, f64) {
    let width = (range.1 - range.0) / bins as f64;
    let mut counts = vec![0.0; bins];
    for &v in data {
        if v.is_finite() && v >= range.0 && v <= range.1 {
            let b = (((v - range.0) / width) as usize).min(bins - 1);
            counts[b] += 1.0;
        }
    }
    if density && !data.is_empty() {
        let n = data.len() as f64;
        for c in &mut counts {
            *c /= n * width;
        }
    }
    (counts, width)
}

#[cfg(test)]
mod tests {
    use super::bin;

    #[test]
    fn a_density_integrates_to_the_fraction_inside() {
        let data = [0.1, 0.2, 0.6, 0.99, 1.0, 5.0];
        let (counts, w) = bin(&data, (0.0, 1.0), 2, false);
        assert_eq!(
            (counts, w),
            (vec![2.0, 3.0], 0.5),
            "the top edge belongs to the last bin"
        );
        let (dens, w) = bin(&data, (0.0, 1.0), 2, true);
        let area: f64 = dens.iter().map(|d| d * w).sum();
        assert!(
            (area - 5.0 / 6.0).abs() < 1e-12,
            "one value of six is outside the range"
        );
    }
}
