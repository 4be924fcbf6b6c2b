//! A measure against a parameter (f–I curves and the like): simulated points from a core
//! `Sweep` that runs a slice per animation frame, with the model's closed forms overlaid.

use super::*;
use neurolive_core::model::Scale;
use neurolive_core::overlay::overlay_grid;
use neurolive_core::run::param_sweep_values;
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
    /// Measured wall time of one step of this sweep's runs, ms (0 until measured): a sweep's
    /// points may cost far more per step than the live model (binary synapses at N = 10⁵).
    pub step_cost_ms: f64,
}

impl SweepState {
    /// Starts the sweep declared by plot `plot` with the current parameters; a declaration the
    /// core refuses is reported, not hidden.
    pub fn start(spec_plot: usize, sim: &Simulation) -> Result<SweepState, String> {
        let plot = sim.spec().plots.get(spec_plot).ok_or("no such plot")?;
        let PlotKind::Sweep {
            param,
            measure,
            from,
            to,
            steps,
            settle_ms,
            duration_ms,
            seeds,
            ..
        } = plot.kind
        else {
            return Err(format!("plot {} is not a sweep", plot.id));
        };
        let pspec = sim
            .spec()
            .param(param)
            .ok_or_else(|| format!("sweep over unknown parameter {param}"))?
            .1;
        let values = param_sweep_values(pspec, from, to, steps);
        let sweep = Sweep::new(
            sim.entry,
            &sim.params,
            sim.seed,
            param,
            values,
            measure,
            settle_ms,
            duration_ms,
        )
        .map_err(|e| format!("sweep {}: {e}", plot.id))?
        .with_seeds(seeds);
        Ok(SweepState {
            plot: spec_plot,
            sweep,
            stale: false,
            remote: None,
            remote_error: None,
            step_cost_ms: 0.0,
        })
    }

    /// Whether work remains; for a sweep in the worker, copies in the points that have arrived.
    pub fn pending(&mut self, worker: Option<&crate::remote::client::Remote>) -> bool {
        if let (Some(epoch), Some(r)) = (self.remote, worker) {
            if let Some(u) = r.poll_sweep(self.plot, epoch) {
                self.sweep.points = u.points;
                self.sweep.sems = u.sems;
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
    let PlotKind::Sweep {
        param,
        measure,
        from,
        to,
        overlays,
        seeds,
        y,
        ..
    } = plot.kind
    else {
        return Ok(());
    };
    let sim = data.sim;
    let spec = sim.spec();
    let pspec = spec.param(param).map(|p| p.1);
    let mspec = spec.measure(measure);
    let x_desc = match pspec {
        Some(p) if !p.unit.is_empty() => format!("{param} ({})", p.unit),
        _ => param.to_string(),
    };
    let mean = if seeds > 1 {
        format!(", mean ± SEM of {seeds} seeds")
    } else {
        String::new()
    };
    let y_desc = match mspec {
        Some(m) if !m.unit.is_empty() => format!("{measure} ({}){mean}", m.unit),
        _ => format!("{measure}{mean}"),
    };
    // (x, mean, standard error) of the points done.
    let points: Vec<(f64, f64, f64)> = data
        .sweep
        .map(|s| {
            s.sweep
                .points
                .iter()
                .zip(s.sweep.sems.iter().chain(std::iter::repeat(&0.0)))
                .filter_map(|(&(x, y), &e)| y.map(|y| (x, y, e)))
                .collect()
        })
        .unwrap_or_default();
    // Overlays: the model's closed forms at the current parameters, on a fine grid (computed
    // within the frame budget for a local model, read from the mirror for a remote one); a
    // sweep over a log parameter is drawn on a log axis.
    let log = pspec.is_some_and(|p| p.scale == Scale::Log) && from > 0.0 && to > 0.0;
    let curves = match data.overlays {
        Some(c) => c.curves(),
        None => {
            let at = sim.spec().plots.iter().position(|p| p.id == plot.id);
            let grid = at.map_or_else(Vec::new, |i| overlay_grid(sim.spec(), i));
            overlays
                .iter()
                .map(|name| {
                    let pts = grid
                        .iter()
                        .filter_map(|&x| {
                            let y = sim.model().overlay(name, x)?;
                            y.is_finite().then_some((x, y))
                        })
                        .collect();
                    (*name, pts)
                })
                .collect()
        }
    };
    let theory_pending = data.overlays.is_some_and(|c| !c.done());
    let ys = points
        .iter()
        .flat_map(|p| [p.1 - p.2, p.1 + p.2])
        .chain(curves.iter().flat_map(|c| c.1.iter().map(|p| p.1)));
    // A linear axis keeps zero in view (rates, probabilities); a log axis fits the decades.
    let ay = if y.is_log() {
        Axis::fit(y, value_extent(ys, true), false)
    } else {
        let (lo, hi) = value_extent(ys.chain([0.0]), false);
        match y.fixed() {
            Some(r) => Axis::linear(r),
            None => Axis::linear(padded_range(lo, hi.max(lo + 1e-9))),
        }
    };
    let ax = if log {
        Axis {
            range: (from.min(to).log10(), from.max(to).log10()),
            log: true,
        }
    } else {
        Axis::linear((from.min(to), from.max(to)))
    };
    let mut title = plot.title.to_string();
    if theory_pending {
        title = format!("{title} — computing the theory");
    }
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
    let at = |x: f64, y: f64| super::profile::mapped(ax, ay, x, y);
    let mut chart = chart_scaled(root, &title, ax, ay, &x_desc, &y_desc, look)?;
    let mut legend = Legend::default();
    for (k, (name, pts)) in curves.into_iter().enumerate() {
        let c = look.color(k + 1);
        chart
            .draw_series(LineSeries::new(
                pts.into_iter().filter_map(|(x, y)| at(x, y)),
                c.stroke_width(look.stroke(2.0)),
            ))
            .map_err(err)?;
        legend.line(name.replace('_', " "), c.stroke_width(3));
    }
    let c = look.color(0);
    let alpha = if data.sweep.is_some_and(|s| s.stale) {
        0.35
    } else {
        1.0
    };
    let centres: Vec<(f64, f64)> = points.iter().filter_map(|p| at(p.0, p.1)).collect();
    chart
        .draw_series(LineSeries::new(
            centres.iter().copied(),
            c.mix(alpha * 0.6).stroke_width(look.stroke(1.0)),
        ))
        .map_err(err)?;
    let whiskers = points
        .iter()
        .filter(|p| p.2 > 0.0)
        .filter_map(|&(x, y, e)| {
            let (px, lo, hi) = (
                ax.map(x),
                at(x, y - e).map(|p| p.1).unwrap_or(ay.range.0),
                at(x, y + e)?.1,
            );
            Some(PathElement::new(
                vec![(px, lo), (px, hi)],
                c.mix(alpha).stroke_width(look.stroke(1.4)),
            ))
        });
    chart.draw_series(whiskers).map_err(err)?;
    chart
        .draw_series(
            centres
                .iter()
                .map(|&p| Circle::new(p, look.px(3.5), c.mix(alpha).filled())),
        )
        .map_err(err)?;
    let label = if seeds > 1 {
        "simulated (mean ± SEM)"
    } else {
        "simulated"
    };
    legend.dot(label, c);
    legend.draw(&chart, look)
}
