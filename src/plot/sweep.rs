//! A measure against a parameter (f–I curves and the like): simulated points from a core
//! `Sweep` that runs a slice per animation frame, with the model's closed forms overlaid.

use super::*;
use neurolive_core::run::{param_sweep_values, sweep_values};
use neurolive_core::sweep::Sweep;

/// A sweep plot's state in the widget: the running or finished sweep, and whether the
/// parameters have changed since it started.
pub struct SweepState {
    pub plot: usize,
    pub sweep: Sweep,
    pub stale: bool,
    /// Computed in the background worker of a model declared `offload`: the number the worker
    /// knows it by, while it runs (`sweep` only holds the points it sent).
    pub remote: Option<u32>,
    /// The sweep's failure in the worker, shown instead of the points.
    pub remote_error: Option<String>,
}

impl SweepState {
    /// Starts the sweep declared by plot `plot` with the current parameters; a declaration the
    /// core refuses is reported, not hidden.
    pub fn start(spec_plot: usize, sim: &Simulation) -> Result<SweepState, String> {
        let plot = sim.spec().plots.get(spec_plot).ok_or("no such plot")?;
        let PlotKind::Sweep { param, measure, from, to, steps, settle_ms, duration_ms, .. } = plot.kind else {
            return Err(format!("plot {} is not a sweep", plot.id));
        };
        let pspec = sim.spec().param(param).ok_or_else(|| format!("sweep over unknown parameter {param}"))?.1;
        let values = param_sweep_values(pspec, from, to, steps);
        let sweep = Sweep::new(sim.entry, &sim.params, sim.seed, param, values, measure, settle_ms, duration_ms)
            .map_err(|e| format!("sweep {}: {e}", plot.id))?;
        Ok(SweepState { plot: spec_plot, sweep, stale: false, remote: None, remote_error: None })
    }

    /// Whether work remains; for a sweep in the worker, copies in the points that have arrived.
    pub fn pending(&mut self, worker: Option<&crate::remote::client::Remote>) -> bool {
        if let (Some(epoch), Some(r)) = (self.remote, worker) {
            if let Some(u) = r.poll_sweep(self.plot, epoch) {
                self.sweep.points = u.points;
                self.remote_error = u.error;
            }
            if self.remote_error.is_some() || self.sweep.done() {
                self.remote = None;
            }
            return self.remote.is_some();
        }
        !self.sweep.done()
    }
}

pub fn draw(root: &Area, plot: &PlotSpec, data: &PlotData, look: Look) -> Result<(), String> {
    let PlotKind::Sweep { param, measure, from, to, overlays, .. } = plot.kind else { return Ok(()) };
    let sim = data.sim;
    let spec = sim.spec();
    let pspec = spec.param(param).map(|p| p.1);
    let mspec = spec.measure(measure);
    let x_desc = match pspec {
        Some(p) if !p.unit.is_empty() => format!("{param} ({})", p.unit),
        _ => param.to_string(),
    };
    let y_desc = match mspec {
        Some(m) if !m.unit.is_empty() => format!("{measure} ({})", m.unit),
        _ => measure.to_string(),
    };
    let points: Vec<(f64, f64)> = data
        .sweep
        .map(|s| s.sweep.points.iter().filter_map(|&(x, y)| y.map(|y| (x, y))).collect())
        .unwrap_or_default();
    // Overlays: the model's closed forms at the current parameters, on a fine grid.
    let log = pspec.is_some_and(|p| p.scale == neurolive_core::model::Scale::Log);
    let grid = sweep_values(from, to, 240, if log { neurolive_core::model::Scale::Log } else { neurolive_core::model::Scale::Linear });
    let curves: Vec<(&str, Vec<(f64, f64)>)> = overlays
        .iter()
        .map(|name| (*name, grid.iter().filter_map(|&x| sim.model().overlay(name, x).filter(|y| y.is_finite()).map(|y| (x, y))).collect()))
        .collect();
    let hi = points.iter().map(|p| p.1).chain(curves.iter().flat_map(|c| c.1.iter().map(|p| p.1))).fold(0.0, f64::max);
    let lo = points.iter().map(|p| p.1).chain(curves.iter().flat_map(|c| c.1.iter().map(|p| p.1))).fold(0.0, f64::min);
    let (y0, y1) = padded_range(lo, hi.max(lo + 1e-9));
    let mut title = plot.title.to_string();
    if let Some(s) = data.sweep {
        if let Some(e) = &s.remote_error {
            title = format!("{title} — stopped: {e}");
        } else if !s.sweep.done() {
            title = format!("{title} — computing {:.0} %", 100.0 * s.sweep.progress());
        } else if let Some(e) = &s.sweep.error {
            title = format!("{title} — stopped: {e}");
        } else if s.stale {
            title = format!("{title} — points for earlier parameters");
        }
    }
    let mut chart = chart(root, &title, (from.min(to), from.max(to)), (y0.min(0.0), y1), &x_desc, &y_desc, look)?;
    for (k, (name, pts)) in curves.into_iter().enumerate() {
        let c = look.color(k + 1);
        chart
            .draw_series(LineSeries::new(pts, c.stroke_width(look.stroke(2.0))))
            .map_err(err)?
            .label(name.replace('_', " "))
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], c.stroke_width(3)));
    }
    let c = look.color(0);
    let alpha = if data.sweep.is_some_and(|s| s.stale) { 0.35 } else { 1.0 };
    chart
        .draw_series(LineSeries::new(points.iter().copied(), c.mix(alpha * 0.6).stroke_width(look.stroke(1.0))))
        .map_err(err)?;
    chart
        .draw_series(points.iter().map(|&p| Circle::new(p, look.px(3.5), c.mix(alpha).filled())))
        .map_err(err)?
        .label("simulated")
        .legend(move |(x, y)| Circle::new((x + 8, y), 4, c.filled()));
    legend(&mut chart, look)
}
