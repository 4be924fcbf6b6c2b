//! Histogram of inter-spike intervals, with the exponential density of a Poisson process of the
//! same mean rate overlaid (Dayan & Abbott §1.4: p(τ) = r e^{−rτ}).

use super::*;
use neurolive_core::measure;

#[allow(clippy::too_many_arguments)]
pub fn draw(root: &Area, plot: &PlotSpec, sim: &Simulation, bins: usize, max_ms: f64, poisson: bool, look: Look) -> Result<(), String> {
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
    let top = dens.iter().copied().fold(0.0, f64::max).max(if mean > 0.0 { 1.0 / mean } else { 0.0 });
    let title = format!("{} ({} intervals)", plot.title, isis.len());
    let mut chart = chart(root, &title, (0.0, max_ms), (0.0, (top * 1.1).max(1e-3)), "ISI (ms)", "density (1/ms)", look)?;
    let c = look.color(0);
    chart
        .draw_series(dens.iter().enumerate().map(|(i, &d)| {
            Rectangle::new([(i as f64 * width, 0.0), ((i + 1) as f64 * width, d)], c.mix(0.75).filled())
        }))
        .map_err(err)?
        .label("simulated")
        .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 14, y + 5)], c.filled()));
    if poisson && isis.len() >= 2 && mean > 0.0 {
        let r = 1.0 / mean;
        let oc = look.color(1);
        let pts = (0..=200).map(|k| {
            let t = max_ms * k as f64 / 200.0;
            (t, r * (-r * t).exp())
        });
        chart
            .draw_series(LineSeries::new(pts, oc.stroke_width(look.stroke(2.0))))
            .map_err(err)?
            .label("Poisson, same rate")
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], oc.stroke_width(3)));
    }
    legend(&mut chart, look)
}
