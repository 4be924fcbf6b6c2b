//! Brunel's sparse network over its phase plane, one whole network per cell: the phase diagram
//! of Brunel 2000 (J Comput Neurosci 8:183, Fig. 2A) filled in by simulation, next to the
//! rate the stationary mean field predicts for each cell.
//!
//! Each cell of a grid over the relative inhibition g (columns) and the external drive
//! ν_ext/ν_thr (rows) is one run of the `brunel` model (model A: N_E excitatory and N_E/4
//! inhibitory LIF neurons, C_E = ε N_E excitatory and C_I = C_E/4 inhibitory inputs each,
//! synapses of J and −g J, delay D; see `brunel.rs`). The run settles for `settle_ms`, then
//! measures for `measure_ms` what the `brunel` widget measures over its window: the population
//! rate, the mean CV of the recorded neurons' ISIs and the synchrony index (the SD of the
//! population activity relative to a binomial's, 0 for independent neurons, 1 for lock-step).
//! Brunel's four states sit in the plane as in his Fig. 2A:
//! - SR (synchronous regular) at g < 4, where excitation dominates: high rates, CV ≈ 0,
//!   synchrony high;
//! - AI (asynchronous irregular) at g > 4 and a drive above threshold: low synchrony, CV of
//!   0.5–1;
//! - SI fast at g > 4 and strong drive, and SI slow at g > 4 and a drive near or below
//!   threshold: irregular neurons, but an oscillating population.
//!
//! The mean-field map is the self-consistent stationary rate ν0 = φ(ν0) of each cell (Brunel
//! 2000 eqs. 4, 5, 21; `brunel::MeanField`), which exists everywhere but is stable only in the AI
//! region: where the two maps differ the stationary state has lost its stability (Brunel 2000
//! §4). It is computed for all cells at the start (a root find per cell).
//!
//! Where the stationary state is stable is the mean field's other half, its linear stability
//! (Brunel 2000 §4.2; `brunel_stability`): the rate response of the LIF neuron to modulations of
//! μ and σ², fed back through the network with the delay D, gives a loop gain G(iω), and the
//! asynchronous state is stable where G winds around 1 no times (the Nyquist count of the roots of
//! 1 = G(λ) with Re λ > 0). The `stable` map shows it per cell (1 stable, 0 not), and the borders
//! between stable and unstable cells are drawn over the network's synchrony map: where the
//! theory loses the stationary state, the simulated network should synchronise. Its cost, a few
//! milliseconds per cell, is nothing beside a cell's network run (half a second or more).
//!
//! One step of the clock (`Clock::Runs`) is one cell, a complete network run; the cells fill
//! row by row from the weakest drive. A cell allocates its network (tens of MB at N_E = 10⁴):
//! this is once per run of seconds of network time, never inside a network's own step.
//! After the last cell, further steps add nothing.

use crate::math::log;
use crate::model::*;
use crate::params::Params;
use crate::record::{Recording, Retention};
use crate::run::{seed_of_run, Simulation};

use super::brunel::{self, MeanField};
use super::brunel_stability::{self, Feedback, Stability};

pub static SPEC: ModelSpec = ModelSpec {
    id: "brunel_phase",
    title: "Brunel's network: the phase diagram, one network per cell",
    lecture: 4,
    summary: "The full sparse network run at every point of a grid over g and ν_ext/ν_thr: rate, irregularity and \
              synchrony as maps, beside the rate the stationary mean field predicts (Brunel 2000, Fig. 2A).",
    params: &[
        ParamSpec::choice("grid", r"\mathrm{grid}", &["coarse", "fine"], 0)
            .help("coarse: g = 2…8 in steps of 1, ν_ext/ν_thr = 0.5…4 in steps of 0.5 (56 cells); fine: half the steps (195 cells)")
            .restart(),
        ParamSpec::real("J", "J", "mV", 0.05, 0.5, 0.1, 0.01)
            .help("amplitude of an excitatory PSP, as in the brunel widget")
            .restart(),
        ParamSpec::real("D", "D", "ms", 0.1, 5.0, 1.5, 0.1).help("transmission delay").restart(),
        ParamSpec::int("N_E", r"N_E", 400.0, 10000.0, 10000.0)
            .help("excitatory neurons of each cell's network (N_I = N_E/4)")
            .restart(),
        ParamSpec::real("epsilon", r"\varepsilon", "", 0.02, 0.2, 0.1, 0.01)
            .help("connection probability: C_E = ε N_E")
            .restart(),
        ParamSpec::real("settle_ms", r"T_{\mathrm{settle}}", "ms", 20.0, 1000.0, 100.0, 10.0)
            .help("each cell's network runs this long before it is measured")
            .restart(),
        ParamSpec::real("measure_ms", r"T_{\mathrm{measure}}", "ms", 50.0, 2000.0, 200.0, 10.0)
            .help("then this long while rate, CV and synchrony are measured")
            .restart(),
    ],
    presets: &[
        PresetSpec {
            name: "brunel_fig2",
            description: "Brunel's model A (N_E = 10 000, ε = 0.1, J = 0.1 mV, D = 1.5 ms) on a coarse grid: \
                          each cell is a 300 ms run of the full network.",
            values: &[],
        },
        PresetSpec {
            name: "half_size",
            description: "Half the neurons, twice the connection probability (N_E = 5000, ε = 0.2): the same C_E = 1000 \
                          inputs per neuron, hence the same mean field, at half the cost; neurons now share more of \
                          their inputs.",
            values: &[("N_E", 5000.0), ("epsilon", 0.2)],
        },
    ],
    traces: &[
        TraceSpec::new("rate_hz", "population rate of the last cell", "Hz", 1e4),
        TraceSpec::new("cv_isi", "mean CV of the ISIs in the last cell", "", 1e3),
        TraceSpec::new("synchrony", "synchrony index of the last cell", "", 1e3),
        TraceSpec::new("stable_theory", "1 if the mean field's asynchronous state of the last cell is stable, else 0", "", 1e3),
    ],
    measures: &[
        MeasureSpec::new("cells_done", "cells simulated so far", ""),
        MeasureSpec::new("cells", "cells of the grid", ""),
        MeasureSpec::new("g", "g of the last cell", ""),
        MeasureSpec::new("nu_ext_ratio", "ν_ext/ν_thr of the last cell", ""),
        MeasureSpec::new("rate_hz", "population rate of the last cell", "Hz"),
        MeasureSpec::new("rate_theory_hz", "stationary mean-field rate of the last cell", "Hz"),
        MeasureSpec::new("cv_isi", "mean CV of the ISIs of the last cell", ""),
        MeasureSpec::new("synchrony", "synchrony index of the last cell", ""),
        MeasureSpec::new("stable_theory", "1 if the mean field's asynchronous state of the last cell is linearly stable, else 0", ""),
        MeasureSpec::new("mode_theory_hz", "frequency of the mean field's growing oscillation at the last cell (none if stable)", "Hz"),
        MeasureSpec::new("stable_cells", "cells of the grid where the mean field's asynchronous state is stable", ""),
    ],
    plots: &[
        PlotSpec {
            id: "rate_map",
            title: "Population rate of the network (log₁₀ Hz)",
            kind: PlotKind::HeatMap { image: "rate", x_label: "g", y_label: "ν_ext/ν_thr", value_label: "log₁₀ rate (Hz)" },
        },
        PlotSpec {
            id: "theory_map",
            title: "Stationary mean-field rate (log₁₀ Hz): right only where the asynchronous state is stable",
            kind: PlotKind::HeatMap { image: "theory", x_label: "g", y_label: "ν_ext/ν_thr", value_label: "log₁₀ rate (Hz)" },
        },
        PlotSpec {
            id: "stable_map",
            title: "Mean field: is the asynchronous state linearly stable? (1 yes, 0 no)",
            kind: PlotKind::HeatMap { image: "stable", x_label: "g", y_label: "ν_ext/ν_thr", value_label: "stable" },
        },
        PlotSpec {
            id: "synchrony_borders",
            title: "Synchrony of the network, with the mean field's borders of stability",
            kind: PlotKind::Plane {
                points: &[],
                lines: &["border"],
                vectors: &[],
                background: "synchrony",
                x_label: "g",
                y_label: "ν_ext/ν_thr",
                x: Range::Auto,
                y: Range::Auto,
            },
        },
        PlotSpec {
            id: "cv_map",
            title: "Irregularity: mean CV of the ISIs",
            kind: PlotKind::HeatMap { image: "cv", x_label: "g", y_label: "ν_ext/ν_thr", value_label: "CV" },
        },
        PlotSpec {
            id: "synchrony_map",
            title: "Synchrony of the population activity",
            kind: PlotKind::HeatMap { image: "synchrony", x_label: "g", y_label: "ν_ext/ν_thr", value_label: "synchrony" },
        },
        PlotSpec {
            id: "last_cell",
            title: "The cells so far: rate of each (in the order run)",
            kind: PlotKind::TimeSeries { traces: &["rate_hz"], y_label: "rate (Hz)", y: Range::Auto },
        },
    ],
    window_ms: 56.0,
    sample_ms: 1.0,
    default_duration_ms: 56.0,
    stochastic: true,
    clock: Clock::Runs,
    offload: true,
};

pub static ENTRY: ModelEntry = ModelEntry { spec: &SPEC, build };

/// Colour range of the rate maps, log₁₀ Hz: 0.1 Hz to the refractory ceiling, 500 Hz.
const LOG_RATE_RANGE: (f64, f64) = (-1.0, 2.7);

/// The grid: cell centres along g (columns) and ν_ext/ν_thr (rows).
#[derive(Clone, Debug, PartialEq)]
pub struct Grid {
    pub g: Vec<f64>,
    pub nu: Vec<f64>,
}

impl Grid {
    pub fn of(choice: usize) -> Grid {
        let (dg, dnu) = if choice == 0 { (1.0, 0.5) } else { (0.5, 0.25) };
        let g = (0..)
            .map(|k| 2.0 + k as f64 * dg)
            .take_while(|&g| g <= 8.0 + 1e-9)
            .collect();
        let nu = (0..)
            .map(|k| 0.5 + k as f64 * dnu)
            .take_while(|&n| n <= 4.0 + 1e-9)
            .collect();
        Grid { g, nu }
    }

    pub fn cells(&self) -> usize {
        self.g.len() * self.nu.len()
    }

    /// (g, ν_ext/ν_thr) of cell k, filled row by row from the weakest drive.
    pub fn at(&self, k: usize) -> (f64, f64) {
        (self.g[k % self.g.len()], self.nu[k / self.g.len()])
    }

    /// The image's extent: cell edges, half a step beyond the first and last centres.
    fn ranges(&self) -> ((f64, f64), (f64, f64)) {
        let edge = |v: &[f64]| {
            let h = if v.len() > 1 {
                0.5 * (v[1] - v[0])
            } else {
                0.5
            };
            (v[0] - h, v[v.len() - 1] + h)
        };
        (edge(&self.g), edge(&self.nu))
    }
}

/// What one cell's network did.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cell {
    pub rate_hz: f64,
    pub cv_isi: f64,
    pub synchrony: f64,
}

/// The `brunel` parameters of one cell.
pub fn cell_params(p: &Params, g: f64, nu_ratio: f64) -> Params {
    let mut q = Params::defaults(brunel::ENTRY.spec);
    for (name, v) in [
        ("g", g),
        ("nu_ext_ratio", nu_ratio),
        ("J", p.get("J")),
        ("D", p.get("D")),
        ("N_E", p.get("N_E")),
        ("epsilon", p.get("epsilon")),
    ] {
        q.set(name, v)
            .expect("the phase grid and brunel share ranges");
    }
    q
}

/// Runs one cell's network: settle, forget, measure (as a sweep point does). A measure that is
/// undefined (a silent network has no CV) is NaN, drawn as an empty cell.
pub fn run_cell(
    p: &Params,
    g: f64,
    nu_ratio: f64,
    seed: u64,
) -> Result<Cell, crate::run::SimError> {
    let mut sim = Simulation::new(
        &brunel::ENTRY,
        cell_params(p, g, nu_ratio),
        seed,
        Retention::All,
    );
    sim.run_for(p.get("settle_ms"))?;
    let t = sim.time_ms();
    sim.rec.clear(t);
    sim.run_for(p.get("measure_ms"))?;
    let m = |name| sim.measure(name).unwrap_or(f64::NAN);
    Ok(Cell {
        rate_hz: m("rate_hz"),
        cv_isi: m("cv_isi"),
        synchrony: m("synchrony"),
    })
}

/// The mean field of a cell (C_I = C_E/4 as in `brunel`).
pub fn mean_field(p: &Params, g: f64, nu_ratio: f64) -> MeanField {
    let c_e = (p.get("epsilon") * p.get("N_E")).round();
    let j = p.get("J");
    MeanField {
        c_e,
        c_i: (0.25 * c_e).round(),
        j_mv: j,
        g,
        nu_ext_hz: nu_ratio * MeanField::nu_thr_hz(c_e, j),
    }
}

/// The stationary mean-field rate of a cell, Hz.
pub fn theory_hz(p: &Params, g: f64, nu_ratio: f64) -> f64 {
    mean_field(p, g, nu_ratio).rate_hz()
}

/// The linear stability of a cell's stationary mean-field state, with the σ² feedback.
pub fn theory_stability(p: &Params, g: f64, nu_ratio: f64) -> Stability {
    brunel_stability::stability(
        &mean_field(p, g, nu_ratio),
        p.get("D"),
        Feedback::MeanAndVariance,
    )
}

fn build(p: &Params, seed: u64) -> Box<dyn Model> {
    let grid = Grid::of(p.get("grid") as usize);
    let n = grid.cells();
    let theory = (0..n).map(|k| {
        let (g, nu) = grid.at(k);
        theory_hz(p, g, nu)
    });
    let stability = (0..n).map(|k| {
        let (g, nu) = grid.at(k);
        theory_stability(p, g, nu)
    });
    Box::new(BrunelPhase {
        params: p.clone(),
        seed,
        theory: theory.collect(),
        stability: stability.collect(),
        cells: Vec::with_capacity(n),
        grid,
        clock: 0,
    })
}

pub struct BrunelPhase {
    params: Params,
    seed: u64,
    grid: Grid,
    /// Mean-field rate of every cell, Hz.
    theory: Vec<f64>,
    /// Linear stability of every cell's mean-field state.
    stability: Vec<Stability>,
    /// The cells run so far, in grid order.
    cells: Vec<Cell>,
    clock: usize,
}

impl BrunelPhase {
    pub fn cells(&self) -> &[Cell] {
        &self.cells
    }

    pub fn grid(&self) -> &Grid {
        &self.grid
    }

    fn last(&self) -> Option<&Cell> {
        self.cells.last()
    }

    fn stable(&self, k: usize) -> bool {
        self.stability[k].unstable_roots == 0
    }

    /// The borders between stable and unstable cells, along the cell edges: a segment between each
    /// two neighbours that differ, each segment ended by a NaN point.
    fn borders(&self, out: &mut Vec<(f64, f64)>) {
        let (gs, nus) = (&self.grid.g, &self.grid.nu);
        // Half a step of the (uniform) grid along each axis.
        let half = |v: &[f64]| {
            if v.len() > 1 {
                0.5 * (v[1] - v[0])
            } else {
                0.5
            }
        };
        let (hg, hn) = (half(gs), half(nus));
        let gap = (f64::NAN, f64::NAN);
        for (r, &nu) in nus.iter().enumerate() {
            for c in 0..gs.len() {
                let k = r * gs.len() + c;
                if c + 1 < gs.len() && self.stable(k) != self.stable(k + 1) {
                    let x = 0.5 * (gs[c] + gs[c + 1]);
                    out.extend([(x, nu - hn), (x, nu + hn), gap]);
                }
                if r + 1 < nus.len() && self.stable(k) != self.stable(k + gs.len()) {
                    let y = 0.5 * (nu + nus[r + 1]);
                    out.extend([(gs[c] - hg, y), (gs[c] + hg, y), gap]);
                }
            }
        }
    }

    fn fill(&self, out: &mut Image, range: (f64, f64), value: impl Fn(usize) -> Option<f64>) {
        let (x, y) = self.grid.ranges();
        out.width = self.grid.g.len();
        out.height = self.grid.nu.len();
        out.tiles = 1;
        out.values.clear();
        out.values
            .extend((0..self.grid.cells()).map(|k| value(k).unwrap_or(f64::NAN)));
        out.x_range = x;
        out.y_range = y;
        out.value_range = range;
    }
}

fn log_rate(hz: f64) -> f64 {
    log(hz.max(0.1)) / core::f64::consts::LN_10
}

impl Model for BrunelPhase {
    fn time_ms(&self) -> f64 {
        self.clock as f64
    }

    fn step(&mut self, _spikes: &mut Vec<Spike>) {
        let k = self.cells.len();
        if k < self.grid.cells() {
            let (g, nu) = self.grid.at(k);
            // An LIF network cannot blow up; were a cell's run to fail, it stays an empty cell.
            let cell = run_cell(&self.params, g, nu, seed_of_run(self.seed, k)).unwrap_or(Cell {
                rate_hz: f64::NAN,
                cv_isi: f64::NAN,
                synchrony: f64::NAN,
            });
            self.cells.push(cell);
        }
        self.clock += 1;
    }

    fn sample(&self, out: &mut [f64]) {
        let c = self.last().copied().unwrap_or(Cell {
            rate_hz: 0.0,
            cv_isi: 0.0,
            synchrony: 0.0,
        });
        out[0] = c.rate_hz;
        out[1] = c.cv_isi;
        out[2] = c.synchrony;
        out[3] = match self.cells.len().checked_sub(1) {
            Some(k) if self.stable(k) => 1.0,
            _ => 0.0,
        };
        // An undefined CV or synchrony (a silent cell) is recorded as 0, not NaN: a NaN sample
        // would read as a run that blew up.
        for v in out.iter_mut() {
            if !v.is_finite() {
                *v = 0.0;
            }
        }
    }

    fn set_params(&mut self, _p: &Params) {}

    fn measure(&self, name: &str, _rec: &Recording) -> Option<f64> {
        let k = self.cells.len().checked_sub(1);
        let finite = |v: f64| v.is_finite().then_some(v);
        match name {
            "cells_done" => Some(self.cells.len() as f64),
            "cells" => Some(self.grid.cells() as f64),
            "g" => k.map(|k| self.grid.at(k).0),
            "nu_ext_ratio" => k.map(|k| self.grid.at(k).1),
            "rate_hz" => self.last().and_then(|c| finite(c.rate_hz)),
            "rate_theory_hz" => k.map(|k| self.theory[k]),
            "cv_isi" => self.last().and_then(|c| finite(c.cv_isi)),
            "synchrony" => self.last().and_then(|c| finite(c.synchrony)),
            "stable_theory" => k.map(|k| if self.stable(k) { 1.0 } else { 0.0 }),
            "mode_theory_hz" => k.and_then(|k| finite(self.stability[k].freq_hz)),
            "stable_cells" => {
                Some((0..self.grid.cells()).filter(|&k| self.stable(k)).count() as f64)
            }
            _ => None,
        }
    }

    fn image(&self, name: &str, out: &mut Image) {
        let cell = |k: usize| self.cells.get(k);
        match name {
            "rate" => self.fill(out, LOG_RATE_RANGE, |k| {
                cell(k).map(|c| log_rate(c.rate_hz))
            }),
            "theory" => self.fill(out, LOG_RATE_RANGE, |k| Some(log_rate(self.theory[k]))),
            "cv" => self.fill(out, (0.0, 1.2), |k| cell(k).map(|c| c.cv_isi)),
            "synchrony" => self.fill(out, (0.0, 1.0), |k| cell(k).map(|c| c.synchrony)),
            "stable" => self.fill(out, (0.0, 1.0), |k| {
                Some(if self.stable(k) { 1.0 } else { 0.0 })
            }),
            _ => {}
        }
    }

    fn profile(&self, name: &str, out: &mut Vec<(f64, f64)>) {
        out.clear();
        if name == "border" {
            self.borders(out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit;

    fn params(preset: &str, set: &[(&str, f64)]) -> Params {
        testkit::params(&ENTRY, Some(preset), set)
    }

    #[test]
    fn the_grids_cover_brunels_figure_row_by_row() {
        let coarse = Grid::of(0);
        assert_eq!(
            (coarse.g.len(), coarse.nu.len(), coarse.cells()),
            (7, 8, 56)
        );
        assert_eq!(coarse.at(0), (2.0, 0.5));
        assert_eq!(coarse.at(7), (2.0, 1.0));
        assert_eq!(coarse.at(55), (8.0, 4.0));
        let fine = Grid::of(1);
        assert_eq!((fine.g.len(), fine.nu.len()), (13, 15));
        assert_eq!(fine.ranges(), ((1.75, 8.25), (0.375, 4.125)));
        // The default run length is exactly one pass over the coarse grid.
        assert_eq!(SPEC.default_duration_ms, coarse.cells() as f64);
    }

    #[test]
    fn the_mean_field_map_is_brunels_stationary_rate() {
        // The map's cell (g = 5, ν_ext/ν_thr = 2) is the `AI` preset of the brunel widget: the
        // same self-consistent rate, computed independently there from a built network.
        let p = params("brunel_fig2", &[]);
        let sim = testkit::run(
            &brunel::ENTRY,
            testkit::params(&brunel::ENTRY, Some("AI"), &[]),
            1,
            1.0,
        );
        let want = sim.measure("rate_theory_hz").unwrap();
        assert!(
            (theory_hz(&p, 5.0, 2.0) / want - 1.0).abs() < 1e-9,
            "{} vs {want}",
            theory_hz(&p, 5.0, 2.0)
        );
        // Half the neurons at twice the connection probability: the same C_E, the same theory.
        let half = params("half_size", &[]);
        assert!((theory_hz(&half, 5.0, 2.0) / want - 1.0).abs() < 1e-9);
        // Stronger inhibition, lower rate; more drive, higher rate (Brunel 2000 Fig. 2B).
        assert!(theory_hz(&p, 6.0, 2.0) < want && theory_hz(&p, 5.0, 3.0) > want);
    }

    #[test]
    fn cells_show_the_synchronous_regular_and_asynchronous_irregular_states() {
        // Brunel 2000 Fig. 2A and §3: at g = 3 (excitation dominates) the network fires near
        // saturation, regularly and in synchrony (state SR); at g = 5 with ν_ext = 2 ν_thr it is
        // asynchronous and irregular (AI), at the rate of the stationary mean field (within the
        // 10 % the brunel tests allow), while the mean field's stationary rate at g = 3 is far
        // from what the synchronous network does.
        let p = params("half_size", &[]);
        let sr = run_cell(&p, 3.0, 2.0, 7).unwrap();
        assert!(
            sr.rate_hz > 150.0 && sr.cv_isi < 0.2 && sr.synchrony > 0.4,
            "SR cell: {sr:?}"
        );
        let ai = run_cell(&p, 5.0, 2.0, 7).unwrap();
        let theory = theory_hz(&p, 5.0, 2.0);
        assert!(
            (ai.rate_hz / theory - 1.0).abs() < 0.1,
            "AI cell: {ai:?}, theory {theory}"
        );
        assert!(
            ai.cv_isi > 0.3 && ai.synchrony < sr.synchrony / 2.0,
            "AI cell: {ai:?}"
        );
    }

    #[test]
    fn each_step_fills_the_next_cell_with_that_cells_own_run() {
        // Small networks keep this quick: the model's maps hold exactly what run_cell gives for
        // each cell's (g, ν) and seed, in grid order, and nothing where no network has run yet.
        let p = params(
            "brunel_fig2",
            &[("N_E", 1000.0), ("settle_ms", 20.0), ("measure_ms", 50.0)],
        );
        let mut m = build(&p, 3);
        let mut spikes = Vec::new();
        m.step(&mut spikes);
        m.step(&mut spikes);
        let mut img = Image::default();
        m.image("rate", &mut img);
        assert_eq!((img.width, img.height, img.values.len()), (7, 8, 56));
        for k in 0..2 {
            let (g, nu) = Grid::of(0).at(k);
            let c = run_cell(&p, g, nu, seed_of_run(3, k)).unwrap();
            assert_eq!(
                img.values[k].to_bits(),
                log_rate(c.rate_hz).to_bits(),
                "cell {k}"
            );
        }
        assert!(img.values[2..].iter().all(|v| v.is_nan()));
        m.image("theory", &mut img);
        assert!(img.values.iter().all(|v| v.is_finite()));
        let rec = Recording::new(SPEC.traces.len(), Retention::All);
        assert_eq!(m.measure("cells_done", &rec), Some(2.0));
        assert_eq!(m.measure("g", &rec), Some(3.0));
        assert_eq!(m.time_ms(), 2.0);
    }

    #[test]
    fn the_stability_map_puts_brunels_states_on_the_right_side_of_its_borders() {
        // Brunel 2000 Fig. 2A, D = 1.5 ms: the AI preset's cell (g = 5, drive 2) and AI_cortex's
        // neighbourhood (g = 8, drive 1.5) are stable; SR (g = 3, drive 2) and SI fast (g = 6,
        // drive 4) are not. Every cell of the map is `theory_stability` of that cell.
        let p = params("brunel_fig2", &[]);
        let m = build(&p, 1);
        let mut img = Image::default();
        m.image("stable", &mut img);
        let grid = Grid::of(0);
        let at = |g: f64, nu: f64| {
            let k = (0..grid.cells()).find(|&k| grid.at(k) == (g, nu)).unwrap();
            img.values[k]
        };
        assert_eq!(
            (at(5.0, 2.0), at(8.0, 1.5), at(3.0, 2.0), at(6.0, 4.0)),
            (1.0, 1.0, 0.0, 0.0)
        );
        for k in 0..grid.cells() {
            let (g, nu) = grid.at(k);
            let want = if theory_stability(&p, g, nu).unstable_roots == 0 {
                1.0
            } else {
                0.0
            };
            assert_eq!(img.values[k], want, "cell {k}");
        }
        // The SR border lies between g = 3 and 4 at every drive from 1 up (Brunel 2000 Fig. 2A:
        // just below g = 4, where ∂μ/∂ν changes sign).
        for &nu in &grid.nu[1..] {
            assert_eq!((at(3.0, nu), at(4.0, nu)), (0.0, 1.0), "drive {nu}");
        }
        let rec = Recording::new(SPEC.traces.len(), Retention::All);
        let stable = img.values.iter().filter(|&&v| v == 1.0).count() as f64;
        assert_eq!(m.measure("stable_cells", &rec), Some(stable));
    }

    #[test]
    fn the_borders_run_between_cells_that_differ() {
        // Each border segment is a cell edge, one step long, with a stable cell on one side and an
        // unstable one on the other; and every such pair of neighbours has its segment.
        let p = params("brunel_fig2", &[]);
        let m = build(&p, 1);
        let mut img = Image::default();
        m.image("stable", &mut img);
        let grid = Grid::of(0);
        let value = |g: f64, nu: f64| {
            let c = grid.g.iter().position(|&x| (x - g).abs() < 1e-9)?;
            let r = grid.nu.iter().position(|&x| (x - nu).abs() < 1e-9)?;
            Some(img.values[r * grid.g.len() + c])
        };
        let mut line = Vec::new();
        m.profile("border", &mut line);
        assert_eq!(line.len() % 3, 0);
        let segments: Vec<_> = line.chunks(3).collect();
        for s in &segments {
            assert!(s[2].0.is_nan() && s[2].1.is_nan());
            let (a, b) = (s[0], s[1]);
            let mid = (0.5 * (a.0 + b.0), 0.5 * (a.1 + b.1));
            let sides = if a.0 == b.0 {
                assert!((b.1 - a.1 - 0.5).abs() < 1e-9, "{s:?}");
                (value(mid.0 - 0.5, mid.1), value(mid.0 + 0.5, mid.1))
            } else {
                assert!(a.1 == b.1 && (b.0 - a.0 - 1.0).abs() < 1e-9, "{s:?}");
                (value(mid.0, mid.1 - 0.25), value(mid.0, mid.1 + 0.25))
            };
            let (l, r) = (sides.0.unwrap(), sides.1.unwrap());
            assert_ne!(l, r, "{s:?}");
        }
        let (w, h) = (grid.g.len(), grid.nu.len());
        let differing = (0..w * h)
            .map(|k| {
                let right = k % w + 1 < w && img.values[k] != img.values[k + 1];
                let up = k / w + 1 < h && img.values[k] != img.values[k + w];
                right as usize + up as usize
            })
            .sum::<usize>();
        assert_eq!(segments.len(), differing);
        assert!(differing > 0);
    }
}
