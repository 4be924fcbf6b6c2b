//! A run computed elsewhere (the page's background worker) and mirrored here for drawing.
//!
//! The worker owns the real `Simulation` and sends, every few simulated milliseconds, a `Batch`:
//! the samples and spikes recorded since the last batch, the current value of every measure,
//! profile and heat-map image, and (when the parameters change) the sweep overlays. The page keeps a mirror
//! `Simulation` around a `MirrorModel`: `Batch::apply` appends the batch to its recording and
//! caches the rest in the model, so the plots read the mirror exactly as they read a local run.
//! Plain data, no DOM: the transfer itself is the app's job, and this module is tested natively.

use crate::model::{Arena, ArenaTool, Image, Model, ModelSpec, PlotKind, Spike};
use crate::overlay::OverlayCurves;
use crate::params::Params;
use crate::record::Recording;
use crate::run::Simulation;
use std::cell::RefCell;
use std::rc::Rc;

pub use crate::overlay::{overlay_grid, OVERLAY_POINTS};

/// What a worker sends after each slice of simulated time.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Batch {
    /// Which run this belongs to: a restart on either side starts a new epoch, and batches of an
    /// older one are dropped.
    pub epoch: u32,
    /// Simulated time at the end of the batch, ms.
    pub t_end: f64,
    /// Samples recorded in the batch, row-major: `t, trace 0, trace 1, …`.
    pub samples: Vec<f64>,
    pub spike_t: Vec<f64>,
    pub spike_n: Vec<u32>,
    /// Every declared measure, in declaration order (NaN: not defined yet). `None`: unchanged
    /// since the last batch that had them (a summary scans the whole recording, so the worker
    /// sends one a few times a second, not with every batch).
    pub measures: Option<Vec<f64>>,
    /// Every curve of every profile plot, in declaration order, as `x0, y0, x1, y1, …`; `None`
    /// as for `measures`.
    pub profiles: Option<Vec<Vec<f64>>>,
    /// Every image of every heat-map plot, in declaration order; `None` as for `measures`.
    pub images: Option<Vec<Image>>,
    /// Every arena of every arena plot, in declaration order; `None` as for `measures`.
    pub arenas: Option<Vec<Arena>>,
    /// Sweep overlays, `(name, values on overlay_grid)`, sent when the parameters change.
    pub overlays: Option<Vec<(String, Vec<f64>)>>,
    /// The run stopped: the message of its `SimError`.
    pub failed: Option<String>,
    /// The answer to a click on an arena (`BatchSource::edit`): whether the model made the change.
    pub edited: Option<bool>,
}

/// The names of all profile curves of a spec, in the order of `Batch::profiles`.
fn profile_curves(spec: &ModelSpec) -> Vec<&'static str> {
    spec.profile_names()
}

/// The names of all images of a spec, in the order of `Batch::images`.
fn image_names(spec: &ModelSpec) -> Vec<&'static str> {
    spec.image_names()
}

/// The worker's side: a real simulation, and what of its recording has been sent already.
pub struct BatchSource {
    pub sim: Simulation,
    pub epoch: u32,
    sent_t: f64,
    sent_spikes: u64,
    overlays_due: bool,
    profile: Vec<(f64, f64)>,
}

impl BatchSource {
    pub fn new(sim: Simulation, epoch: u32) -> Self {
        BatchSource {
            sim,
            epoch,
            sent_t: f64::NEG_INFINITY,
            sent_spikes: 0,
            overlays_due: true,
            profile: Vec::new(),
        }
    }

    /// Restarts the run (new parameters marked `restart`, a new seed, or reset) as a new epoch.
    pub fn restart(&mut self, params: Params, seed: u64, epoch: u32) {
        // A new world (a parameter that rebuilds the model) forgets the clicks on the old one.
        if self.sim.needs_restart(&params) {
            self.sim.arena_edits.clear();
        }
        self.sim.params = params;
        self.sim.seed = seed;
        self.sim.reset();
        self.epoch = epoch;
        self.sent_t = f64::NEG_INFINITY;
        self.sent_spikes = 0;
        self.overlays_due = true;
    }

    /// Applies parameters live (the caller restarts instead when `sim.needs_restart`).
    pub fn set_params(&mut self, params: Params) {
        self.sim.set_params(params);
        self.overlays_due = true;
    }

    /// A click on cell (x, y) of arena `arena` (with `tool`), applied to the running model; the
    /// batch that answers it carries a summary at once, so the mirror shows the edited world.
    pub fn edit(&mut self, arena: &str, x: usize, y: usize, tool: ArenaTool) -> Batch {
        let name = self
            .sim
            .spec()
            .arena_names()
            .into_iter()
            .find(|n| *n == arena);
        let ok = name.is_some_and(|n| self.sim.edit_arena(n, x, y, tool));
        let mut batch = self.next_with(0.0, true);
        batch.edited = Some(ok);
        batch
    }

    /// Advances by about `ms` (whole steps) and returns what the mirror needs, summary included.
    pub fn next(&mut self, ms: f64) -> Batch {
        self.next_with(ms, true)
    }

    /// As `next`; the measures and profiles only if `summary` (else the mirror keeps the last),
    /// and always with the batch on which the run stopped.
    pub fn next_with(&mut self, ms: f64, summary: bool) -> Batch {
        let failed = self.sim.run_for(ms).err().map(|e| e.to_string());
        let summary = summary || failed.is_some();
        let rec = &self.sim.rec;
        let n = rec.traces.len();
        let mut samples = Vec::new();
        let first = rec.t.partition_point(|&t| t <= self.sent_t);
        for i in first..rec.t.len() {
            samples.push(rec.t[i]);
            samples.extend(rec.traces.iter().map(|tr| tr[i]));
        }
        debug_assert_eq!(samples.len() % (n + 1), 0);
        if let Some(&t) = rec.t.last() {
            self.sent_t = t;
        }
        // The recording may have trimmed old spikes; the newest `new` ones are the unsent ones.
        let new = (rec.spike_total - self.sent_spikes).min(rec.spikes.len() as u64) as usize;
        let fresh = &rec.spikes[rec.spikes.len() - new..];
        let (spike_t, spike_n) = (
            fresh.iter().map(|s| s.t_ms).collect(),
            fresh.iter().map(|s| s.neuron).collect(),
        );
        self.sent_spikes = rec.spike_total;
        let (measures, profiles, images, arenas) = if summary {
            (
                Some(self.measures()),
                Some(self.profiles()),
                Some(self.images()),
                Some(self.arenas()),
            )
        } else {
            (None, None, None, None)
        };
        let overlays = std::mem::take(&mut self.overlays_due).then(|| self.overlays());
        Batch {
            epoch: self.epoch,
            t_end: self.sim.time_ms(),
            samples,
            spike_t,
            spike_n,
            measures,
            profiles,
            images,
            arenas,
            overlays,
            failed,
            edited: None,
        }
    }

    fn arenas(&self) -> Vec<Arena> {
        let names = self.sim.spec().arena_names();
        names
            .into_iter()
            .map(|name| {
                let mut a = Arena::default();
                self.sim.model().arena(name, &mut a);
                a
            })
            .collect()
    }

    fn images(&self) -> Vec<Image> {
        image_names(self.sim.spec())
            .into_iter()
            .map(|name| {
                let mut img = Image::default();
                self.sim.model().image(name, &mut img);
                img
            })
            .collect()
    }

    fn measures(&self) -> Vec<f64> {
        self.sim
            .spec()
            .measures
            .iter()
            .map(|m| self.sim.measure(m.name).unwrap_or(f64::NAN))
            .collect()
    }

    fn profiles(&mut self) -> Vec<Vec<f64>> {
        let mut profiles = Vec::new();
        for name in profile_curves(self.sim.spec()) {
            self.profile.clear();
            self.sim.model().profile(name, &mut self.profile);
            profiles.push(self.profile.iter().flat_map(|&(x, y)| [x, y]).collect());
        }
        profiles
    }

    fn overlays(&self) -> Vec<(String, Vec<f64>)> {
        OverlayCurves::all(self.sim.spec())
            .into_iter()
            .flat_map(|c| c.values_now(self.sim.model()))
            .map(|(name, ys)| (name.to_string(), ys))
            .collect()
    }
}

/// What the mirror knows of the worker's run, shared between the page's engine (which applies
/// batches) and the `MirrorModel` inside the mirror simulation (which the plots read).
#[derive(Debug, Default)]
pub struct MirrorState {
    t_ms: f64,
    last: Vec<f64>,
    measures: Vec<f64>,
    profiles: Vec<Vec<f64>>,
    images: Vec<Image>,
    arenas: Vec<Arena>,
    overlays: Vec<(String, Vec<f64>)>,
    /// Summaries (measures and profiles) applied so far: the page redraws its profile plots
    /// only when a new one came.
    summaries: u64,
    /// Clicks on an arena the worker has answered, and how many of them it refused.
    pub edits_answered: u64,
    pub edits_refused: u64,
}

impl MirrorState {
    pub fn summaries(&self) -> u64 {
        self.summaries
    }
}

/// The page's stand-in for a model that runs in a worker: it never steps; it answers from the
/// last batch.
pub struct MirrorModel {
    spec: &'static ModelSpec,
    state: Rc<RefCell<MirrorState>>,
}

impl MirrorModel {
    /// The model and the handle through which batches reach it.
    pub fn new(spec: &'static ModelSpec) -> (Self, Rc<RefCell<MirrorState>>) {
        let state = Rc::new(RefCell::new(MirrorState {
            t_ms: 0.0,
            last: vec![0.0; spec.traces.len()],
            measures: vec![f64::NAN; spec.measures.len()],
            profiles: vec![],
            images: vec![],
            arenas: vec![],
            overlays: vec![],
            summaries: 0,
            edits_answered: 0,
            edits_refused: 0,
        }));
        (
            MirrorModel {
                spec,
                state: state.clone(),
            },
            state,
        )
    }
}

impl Model for MirrorModel {
    fn time_ms(&self) -> f64 {
        self.state.borrow().t_ms
    }
    fn step(&mut self, _spikes: &mut Vec<Spike>) {}
    fn sample(&self, out: &mut [f64]) {
        out.copy_from_slice(&self.state.borrow().last);
    }
    fn set_params(&mut self, _params: &Params) {}
    fn measure(&self, name: &str, _rec: &Recording) -> Option<f64> {
        let i = self.spec.measures.iter().position(|m| m.name == name)?;
        self.state
            .borrow()
            .measures
            .get(i)
            .copied()
            .filter(|v| v.is_finite())
    }
    fn overlay(&self, name: &str, x: f64) -> Option<f64> {
        let st = self.state.borrow();
        let (_, ys) = st.overlays.iter().find(|(n, _)| n == name)?;
        // Same grid as the worker's (overlay_grid): the plot asks at exactly these points.
        let plot = self.spec.plots.iter().position(
            |p| matches!(p.kind, PlotKind::Sweep { overlays, .. } if overlays.contains(&name)),
        )?;
        let grid = overlay_grid(self.spec, plot);
        let i = grid
            .iter()
            .position(|&g| (g - x).abs() <= 1e-9 * g.abs().max(1.0))?;
        ys.get(i).copied().filter(|v| v.is_finite())
    }
    fn profile(&self, name: &str, out: &mut Vec<(f64, f64)>) {
        out.clear();
        if let Some(i) = profile_curves(self.spec).iter().position(|c| *c == name) {
            if let Some(xy) = self.state.borrow().profiles.get(i) {
                out.extend(xy.chunks_exact(2).map(|c| (c[0], c[1])));
            }
        }
    }
    fn image(&self, name: &str, out: &mut Image) {
        if let Some(i) = image_names(self.spec).iter().position(|n| *n == name) {
            if let Some(img) = self.state.borrow().images.get(i) {
                out.clone_from(img);
            }
        }
    }
    fn arena(&self, name: &str, out: &mut Arena) {
        if let Some(i) = self.spec.arena_names().iter().position(|n| *n == name) {
            if let Some(a) = self.state.borrow().arenas.get(i) {
                out.clone_from(a);
            }
        }
    }
}

impl Batch {
    /// Takes off the part of the batch up to `t_ms`: its samples and spikes at or before that
    /// time, and the overlays. The rest keeps what belongs to its end: the summary and a failure.
    pub fn split_to(&mut self, t_ms: f64, n_traces: usize) -> Batch {
        let rows = self
            .samples
            .chunks_exact(n_traces + 1)
            .take_while(|r| r[0] <= t_ms)
            .count();
        let samples = self.samples.drain(..rows * (n_traces + 1)).collect();
        let k = self.spike_t.partition_point(|&t| t <= t_ms);
        Batch {
            epoch: self.epoch,
            t_end: t_ms,
            samples,
            spike_t: self.spike_t.drain(..k).collect(),
            spike_n: self.spike_n.drain(..k).collect(),
            overlays: self.overlays.take(),
            ..Batch::default()
        }
    }

    /// Appends the batch to a mirror simulation (one built `with_model` around a `MirrorModel`
    /// whose state is `state`), and returns the simulated ms it covered.
    pub fn apply(self, mirror: &mut Simulation, state: &RefCell<MirrorState>) -> f64 {
        let n = mirror.spec().traces.len();
        let mut st = state.borrow_mut();
        let before = st.t_ms;
        let spikes: Vec<Spike> = self
            .spike_t
            .iter()
            .zip(&self.spike_n)
            .map(|(&t_ms, &neuron)| Spike { t_ms, neuron })
            .collect();
        mirror.rec.push_spikes(&spikes);
        for row in self.samples.chunks_exact(n + 1) {
            mirror.rec.push_sample(row[0], &row[1..]);
            st.last.copy_from_slice(&row[1..]);
        }
        st.t_ms = self.t_end;
        if let Some(m) = self.measures {
            st.measures = m;
            st.summaries += 1;
        }
        if let Some(p) = self.profiles {
            st.profiles = p;
        }
        if let Some(i) = self.images {
            st.images = i;
        }
        if let Some(a) = self.arenas {
            st.arenas = a;
        }
        if let Some(ok) = self.edited {
            st.edits_answered += 1;
            st.edits_refused += u64::from(!ok);
        }
        if let Some(o) = self.overlays {
            st.overlays = o;
        }
        drop(st);
        mirror.rec.trim(self.t_end);
        self.t_end - before
    }
}

/// A fresh mirror of a run of `entry` (empty recording at t = 0) and its state handle.
pub fn mirror_simulation(
    entry: &'static crate::model::ModelEntry,
    params: Params,
    seed: u64,
    retention: crate::record::Retention,
) -> (Simulation, Rc<RefCell<MirrorState>>) {
    let (model, state) = MirrorModel::new(entry.spec);
    let mut sim = Simulation::with_model(entry, params, seed, retention, Box::new(model));
    sim.rec.clear(0.0);
    (sim, state)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Retention;

    /// A run mirrored batch by batch holds exactly what a direct run records: the same samples,
    /// the same spikes, the same measures and profiles (the transfer loses nothing).
    #[test]
    fn a_mirrored_brunel_run_equals_the_direct_run() {
        let direct = mirrored_run_equals_the_direct_run("brunel", Some("AI"));
        assert!(direct.rec.spikes.len() > 100, "the network fired");
    }

    /// Every model declared `offload` is drawn from such a mirror.
    #[test]
    fn every_offloaded_model_mirrors_exactly() {
        let offloaded: Vec<_> = crate::registry::MODELS
            .iter()
            .filter(|m| m.spec.offload)
            .map(|m| m.spec.id)
            .collect();
        assert!(offloaded.len() >= 3, "{offloaded:?}");
        for id in offloaded {
            mirrored_run_equals_the_direct_run(id, None);
        }
    }

    /// Mirrors a 300 ms run of `id` batch by batch and checks it against the direct run; returns
    /// the direct run.
    fn mirrored_run_equals_the_direct_run(id: &str, preset: Option<&str>) -> Simulation {
        let entry = crate::registry::find(id).unwrap();
        let mut p = preset.map_or_else(
            || Params::defaults(entry.spec),
            |name| Params::preset(entry.spec, name).unwrap(),
        );
        // A small network keeps the test fast; the protocol does not depend on the size.
        let size = entry
            .spec
            .params
            .iter()
            .find(|s| s.name.starts_with('N') || s.name == "scale")
            .map(|s| s.name);
        if let Some(name) = size {
            let lo = entry.spec.param(name).unwrap().1.min;
            p.set(name, lo).unwrap();
        }
        let retention = Retention::Window(entry.spec.window_ms);
        let mut direct = Simulation::new(entry, p.clone(), 3, retention);
        direct.run_for(300.0).unwrap();

        let mut source = BatchSource::new(Simulation::new(entry, p.clone(), 3, retention), 1);
        let (mut mirror, state) = mirror_simulation(entry, p, 3, retention);
        let mut covered = 0.0;
        for k in 0..30 {
            // The summary only every seventh batch and with the last: the mirror keeps the last.
            let b = source.next_with(10.0, k % 7 == 0 || k == 29);
            assert_eq!(b.measures.is_some(), k % 7 == 0 || k == 29);
            let before = state.borrow().summaries();
            assert!(b.failed.is_none());
            assert_eq!(
                b.overlays.is_some(),
                covered == 0.0,
                "overlays come with the first batch only"
            );
            let had = b.measures.is_some();
            covered += b.apply(&mut mirror, &state);
            assert_eq!(
                state.borrow().summaries(),
                before + had as u64,
                "a summary is counted when it comes"
            );
        }
        assert!((covered - 300.0).abs() < 1e-6, "{covered}");
        assert_eq!(mirror.time_ms(), direct.time_ms());
        assert_eq!(mirror.rec.t, direct.rec.t);
        assert_eq!(mirror.rec.traces, direct.rec.traces);
        assert_eq!(mirror.rec.spikes, direct.rec.spikes);
        for m in entry.spec.measures {
            assert_eq!(mirror.measure(m.name), direct.measure(m.name), "{}", m.name);
        }
        for name in profile_curves(entry.spec) {
            let (mut a, mut b) = (vec![], vec![]);
            mirror.model().profile(name, &mut a);
            direct.model().profile(name, &mut b);
            // Bit for bit: NaN points (the separators of a plane's polylines) compare equal.
            let bits = |v: &[(f64, f64)]| {
                v.iter()
                    .map(|p| (p.0.to_bits(), p.1.to_bits()))
                    .collect::<Vec<_>>()
            };
            assert_eq!(bits(&a), bits(&b), "{name}");
        }
        for name in image_names(entry.spec) {
            let (mut a, mut b) = (Image::default(), Image::default());
            mirror.model().image(name, &mut a);
            direct.model().image(name, &mut b);
            // Bit for bit: a heat map's NaN pixels (empty cells) compare equal.
            let bits = |i: &Image| {
                let v = i.values.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                (
                    i.width,
                    i.height,
                    i.tiles,
                    v,
                    format!("{:?}", (i.x_range, i.y_range, i.value_range)),
                )
            };
            assert!(a.width > 0 && bits(&a) == bits(&b), "image {name}");
        }
        for name in entry.spec.arena_names() {
            let (mut a, mut b) = (Arena::default(), Arena::default());
            mirror.model().arena(name, &mut a);
            direct.model().arena(name, &mut b);
            let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert!(
                a.is_consistent() && bits(&a.values) == bits(&b.values),
                "arena {name}"
            );
            assert_eq!(
                (a.cells, a.policy, a.agent, a.path),
                (b.cells, b.policy, b.agent, b.path),
                "arena {name}"
            );
        }
        for (i, plot) in entry.spec.plots.iter().enumerate() {
            if let PlotKind::Sweep { overlays, .. } = plot.kind {
                for name in overlays {
                    for &x in overlay_grid(entry.spec, i).iter().step_by(37) {
                        assert_eq!(
                            mirror.model().overlay(name, x),
                            direct.model().overlay(name, x),
                            "{name} at {x}"
                        );
                    }
                }
            }
        }
        direct
    }

    /// A click on an arena in the worker: the answer batch carries the edited world to the
    /// mirror at once, a refused click is answered as such, and a reset keeps the edited world.
    #[test]
    fn a_click_on_a_worker_arena_reaches_the_mirror_and_survives_a_reset() {
        use crate::arena::Cell;
        use crate::model::ArenaTool;
        let entry = crate::registry::find("gridworld").unwrap();
        let p = Params::preset(entry.spec, "cliff").unwrap();
        let retention = Retention::Window(entry.spec.window_ms);
        let mut source = BatchSource::new(Simulation::new(entry, p.clone(), 1, retention), 1);
        let (mut mirror, state) = mirror_simulation(entry, p.clone(), 1, retention);
        source.next(20.0).apply(&mut mirror, &state);
        let name = entry.spec.arena_names()[0];
        let walls = |m: &Simulation| {
            let mut a = Arena::default();
            m.model().arena(name, &mut a);
            a.cells.iter().filter(|&&c| c == Cell::Wall).count()
        };
        let before = walls(&mirror);
        let answer = source.edit(name, 5, 0, ArenaTool::ToggleWall);
        assert_eq!(answer.edited, Some(true));
        answer.apply(&mut mirror, &state);
        assert_eq!(walls(&mirror), before + 1, "the mirror shows the new wall");
        // The start (bottom left of cliff walking) cannot become a wall.
        source
            .edit(name, 0, 3, ArenaTool::ToggleWall)
            .apply(&mut mirror, &state);
        assert_eq!(
            (state.borrow().edits_answered, state.borrow().edits_refused),
            (2, 1)
        );
        // A reset (same parameters, new seed) relearns in the edited world; a new world forgets it.
        source.restart(p.clone(), 2, 2);
        let (mut fresh, st2) = mirror_simulation(entry, p.clone(), 2, retention);
        source.next(1.0).apply(&mut fresh, &st2);
        assert_eq!(walls(&fresh), before + 1);
        let mut windy = p.clone();
        windy.set("world", 1.0).unwrap();
        source.restart(windy.clone(), 2, 3);
        assert!(
            source.sim.arena_edits.is_empty(),
            "another world forgets the clicks"
        );
    }

    /// A long batch taken in pieces (the page's clock behind a fast worker) gives the mirror the
    /// same run as the whole batch: nothing is lost or applied twice.
    #[test]
    fn a_batch_split_at_the_clock_mirrors_the_same_run() {
        // A ring (traces and an image) and a noisy LIF population (spikes).
        for (id, preset) in [("ring", "diffusing_bump"), ("lif", "noisy_suprathreshold")] {
            split_batches_mirror_the_same_run(id, preset);
        }
    }

    fn split_batches_mirror_the_same_run(id: &str, preset: &str) {
        let entry = crate::registry::find(id).unwrap();
        let p = Params::preset(entry.spec, preset).unwrap();
        let retention = Retention::Window(entry.spec.window_ms);
        let mut direct = Simulation::new(entry, p.clone(), 4, retention);
        direct.run_for(300.0).unwrap();
        let mut source = BatchSource::new(Simulation::new(entry, p.clone(), 4, retention), 1);
        let (mut mirror, state) = mirror_simulation(entry, p, 4, retention);
        let n = entry.spec.traces.len();
        let mut covered = 0.0;
        for _ in 0..3 {
            let mut b = source.next(100.0);
            for _ in 0..5 {
                let head = b.split_to(mirror.time_ms() + 16.7, n);
                assert!(head.measures.is_none() && head.failed.is_none());
                covered += head.apply(&mut mirror, &state);
            }
            covered += b.apply(&mut mirror, &state);
        }
        assert!((covered - 300.0).abs() < 1e-6, "{covered}");
        assert_eq!(
            (
                mirror.rec.t.clone(),
                mirror.rec.traces.clone(),
                mirror.rec.spikes.clone()
            ),
            (
                direct.rec.t.clone(),
                direct.rec.traces.clone(),
                direct.rec.spikes.clone()
            )
        );
        assert!(
            id != "lif" || direct.rec.spikes.len() > 10,
            "the population fired"
        );
        for m in entry.spec.measures {
            assert_eq!(
                mirror.measure(m.name),
                direct.measure(m.name),
                "{id}: {}",
                m.name
            );
        }
    }

    /// The batch on which a run stops carries its summary even when none was asked for, so the
    /// page shows the measures of the run as it stopped.
    #[test]
    fn the_batch_that_fails_carries_the_summary() {
        let entry = crate::registry::find("hh").unwrap();
        let p = Params::preset(entry.spec, "euler_unstable").unwrap();
        let mut source = BatchSource::new(Simulation::new(entry, p, 1, Retention::All), 1);
        let b = (0..1000)
            .map(|_| source.next_with(5.0, false))
            .find(|b| b.failed.is_some())
            .expect("euler_unstable stops");
        assert!(b.measures.is_some() && b.profiles.is_some());
    }

    #[test]
    fn a_restart_begins_a_new_epoch_and_resends_everything() {
        let entry = crate::registry::find("lif").unwrap();
        let p = Params::defaults(entry.spec);
        let mut source = BatchSource::new(
            Simulation::new(entry, p.clone(), 1, Retention::Window(500.0)),
            1,
        );
        let first = source.next(20.0);
        source.restart(p, 2, 2);
        let again = source.next(20.0);
        assert_eq!((first.epoch, again.epoch), (1, 2));
        assert_eq!(
            again.samples[0], 0.0,
            "the new epoch starts with the sample at t = 0"
        );
        assert!(again.overlays.is_some());
    }
}
