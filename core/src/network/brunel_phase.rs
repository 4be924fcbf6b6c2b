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

/// The stationary mean-field rate of a cell, Hz (C_I = C_E/4 as in `brunel`).
pub fn theory_hz(p: &Params, g: f64, nu_ratio: f64) -> f64 {
    let c_e = (p.get("epsilon") * p.get("N_E")).round();
    let j = p.get("J");
    MeanField {
        c_e,
        c_i: (0.25 * c_e).round(),
        j_mv: j,
        g,
        nu_ext_hz: nu_ratio * MeanField::nu_thr_hz(c_e, j),
    }
    .rate_hz()
}

fn build(p: &Params, seed: u64) -> Box<dyn Model> {
    let grid = Grid::of(p.get("grid") as usize);
    let n = grid.cells();
    let theory = (0..n).map(|k| {
        let (g, nu) = grid.at(k);
        theory_hz(p, g, nu)
    });
    Box::new(BrunelPhase {
        params: p.clone(),
        seed,
        theory: theory.collect(),
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
            _ => {}
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
}
