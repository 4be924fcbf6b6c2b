//! A sweep plot's closed-form overlays (`Model::overlay`), evaluated on the plot's grid a few
//! points at a time. Some closed forms need a root-finder per point (the steady states of the SSN,
//! an adapted f–I curve), and a whole grid of them can cost hundreds of milliseconds in wasm: the
//! page computes them within its frame budget and draws the curves once they are complete,
//! instead of recomputing the grid at every redraw.

use crate::model::{Model, ModelSpec, PlotKind, Scale};
use crate::run::sweep_values;

/// Number of points of a sweep plot's overlay curves (the page draws them on this grid).
pub const OVERLAY_POINTS: usize = 240;

/// The grid on which a sweep plot draws its closed-form overlays (empty for any other plot).
pub fn overlay_grid(spec: &ModelSpec, plot: usize) -> Vec<f64> {
    let Some(PlotKind::Sweep {
        param, from, to, ..
    }) = spec.plots.get(plot).map(|p| &p.kind)
    else {
        return vec![];
    };
    let log = spec
        .param(param)
        .is_some_and(|(_, p)| p.scale == Scale::Log);
    sweep_values(
        *from,
        *to,
        OVERLAY_POINTS,
        if log { Scale::Log } else { Scale::Linear },
    )
}

/// The overlays of one sweep plot, filled in point by point (`work`).
#[derive(Clone, Debug)]
pub struct OverlayCurves {
    pub plot: usize,
    names: &'static [&'static str],
    grid: Vec<f64>,
    /// One row per overlay, NaN where the model has no value (or not computed yet).
    ys: Vec<Vec<f64>>,
    /// Points computed, counted over the rows in turn.
    next: usize,
}

impl OverlayCurves {
    /// The overlays of sweep plot `plot`; `None` for a plot without any.
    pub fn new(spec: &ModelSpec, plot: usize) -> Option<OverlayCurves> {
        let PlotKind::Sweep { overlays, .. } = spec.plots.get(plot)?.kind else {
            return None;
        };
        if overlays.is_empty() {
            return None;
        }
        let grid = overlay_grid(spec, plot);
        Some(OverlayCurves {
            plot,
            names: overlays,
            ys: vec![vec![f64::NAN; grid.len()]; overlays.len()],
            grid,
            next: 0,
        })
    }

    /// Every sweep plot's overlays, in declaration order.
    pub fn all(spec: &ModelSpec) -> Vec<OverlayCurves> {
        (0..spec.plots.len())
            .filter_map(|i| OverlayCurves::new(spec, i))
            .collect()
    }

    fn total(&self) -> usize {
        self.names.len() * self.grid.len()
    }

    pub fn done(&self) -> bool {
        self.next >= self.total()
    }

    /// Forgets the values (the parameters changed): they are computed again from the start.
    pub fn restart(&mut self) {
        self.ys.iter_mut().for_each(|row| row.fill(f64::NAN));
        self.next = 0;
    }

    /// Computes points until `more()` says stop (asked after each point, so at least one point
    /// is computed per call while any remains); returns whether all are done.
    pub fn work(&mut self, model: &dyn Model, mut more: impl FnMut() -> bool) -> bool {
        let n = self.grid.len();
        while !self.done() {
            let (row, i) = (self.next / n, self.next % n);
            self.ys[row][i] = model
                .overlay(self.names[row], self.grid[i])
                .filter(|y| y.is_finite())
                .unwrap_or(f64::NAN);
            self.next += 1;
            if !more() {
                break;
            }
        }
        self.done()
    }

    /// Each overlay's name and its finite points (x, y) computed so far.
    pub fn curves(&self) -> Vec<(&'static str, Vec<(f64, f64)>)> {
        self.names
            .iter()
            .zip(&self.ys)
            .map(|(&name, row)| {
                let pts = self
                    .grid
                    .iter()
                    .zip(row)
                    .filter(|(_, y)| y.is_finite())
                    .map(|(&x, &y)| (x, y))
                    .collect();
                (name, pts)
            })
            .collect()
    }

    /// Each overlay's values on the whole grid (NaN where undefined), computed at once: what
    /// the worker sends to the page's mirror.
    pub fn values_now(mut self, model: &dyn Model) -> Vec<(&'static str, Vec<f64>)> {
        self.work(model, || true);
        self.names.iter().copied().zip(self.ys).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::Params;
    use crate::registry::MODELS;

    /// Work done a point at a time gives exactly what `Model::overlay` gives on the grid, for
    /// every overlay of every model, and a restart computes it again.
    #[test]
    fn curves_in_slices_equal_the_model_s_overlays_on_the_grid() {
        let mut plots = 0;
        for entry in MODELS {
            let spec = entry.spec;
            let model = (entry.build)(&Params::defaults(spec), 1);
            for mut c in OverlayCurves::all(spec) {
                plots += 1;
                let total = c.total();
                let mut calls = 0;
                // Three points per call (the `more` closure stops after the third).
                while !c.done() {
                    let mut k = 0;
                    c.work(model.as_ref(), || {
                        k += 1;
                        k < 3
                    });
                    calls += 1;
                    assert!(calls <= total.div_ceil(3), "{}: no progress", spec.id);
                }
                let grid = overlay_grid(spec, c.plot);
                let got = c.curves();
                for (name, pts) in &got {
                    let want: Vec<(f64, f64)> = grid
                        .iter()
                        .filter_map(|&x| {
                            model
                                .overlay(name, x)
                                .filter(|y| y.is_finite())
                                .map(|y| (x, y))
                        })
                        .collect();
                    assert_eq!(pts, &want, "{}/{name}", spec.id);
                }
                c.restart();
                assert!(!c.done());
                assert!(c.curves().iter().all(|(_, p)| p.is_empty()));
            }
        }
        assert!(plots >= 10, "only {plots} sweep plots with overlays");
    }

    #[test]
    fn a_plot_without_overlays_has_no_curves() {
        for entry in MODELS {
            for (i, p) in entry.spec.plots.iter().enumerate() {
                let has =
                    matches!(p.kind, PlotKind::Sweep { overlays, .. } if !overlays.is_empty());
                assert_eq!(OverlayCurves::new(entry.spec, i).is_some(), has);
            }
        }
    }
}
