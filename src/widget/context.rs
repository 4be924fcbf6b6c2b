//! What the widget's components share: the model's declaration, the engine, the animation
//! clock, and the signals the panels show. Everything in it is `Copy` (arena handles), so each
//! component takes it as its `ctx` prop and its closures capture it. Passed explicitly, not
//! through `provide_context`: Leptos components make no owner of their own, so two widgets in
//! one lesson would shadow each other's context.

use super::block::Options;
use super::clock::Clock;
use super::engine::{Engine, ExportStatus, MeasureRow, RunStatus, SweepProgress};
use super::share::Start;
use super::transport::default_speed;
use leptos::prelude::*;
use neurolive_core::model::ModelSpec;
use neurolive_core::ModelEntry;
use std::cell::RefCell;
use std::rc::Rc;

/// The share box's three texts.
#[derive(Clone, Debug, PartialEq)]
pub struct ShareLinks {
    /// The lecture page (or the embed) with these values.
    pub link: String,
    /// The widget alone, with the controls and plots the teacher kept.
    pub embed_url: String,
    /// An `<iframe>` of `embed_url` for slides.
    pub iframe: String,
}

#[derive(Clone, Copy)]
pub struct WidgetContext {
    pub entry: &'static ModelEntry,
    pub spec: &'static ModelSpec,
    /// The block's anchor: the widget's id in the page, and the prefix of its element ids.
    pub anchor: StoredValue<String>,
    /// The lecture the widget is in (for share links); `None` in an embed.
    pub lecture: Option<u8>,
    pub embed: bool,
    /// The model runs in the background worker.
    pub offloaded: bool,
    pub engine: StoredValue<Rc<RefCell<Engine>>, LocalStorage>,
    pub clock: StoredValue<Clock, LocalStorage>,

    /// The parameters' values as the controls show them, in declaration order.
    pub values: RwSignal<Vec<f64>>,
    /// The message of the last refused value of each parameter (cleared by an accepted one).
    pub field_errors: RwSignal<Vec<Option<String>>>,
    pub preset: RwSignal<Option<String>>,
    pub seed: RwSignal<u64>,
    pub running: RwSignal<bool>,
    /// Simulated per wall time asked for (ms per ms, or units per ms for a counting clock).
    pub speed: RwSignal<f64>,
    pub status: RwSignal<RunStatus>,
    /// How many times Reset was pressed (`data-resets`, for the browser tests).
    pub resets: RwSignal<u32>,
    pub measures: RwSignal<Vec<MeasureRow>>,
    pub exporting: RwSignal<Option<ExportStatus>>,
    pub sweep_progress: RwSignal<Vec<SweepProgress>>,
    pub share: RwSignal<Option<ShareLinks>>,
    /// The embed's choice of controls and plots (all by default).
    pub embed_controls: RwSignal<Vec<String>>,
    pub embed_plots: RwSignal<Vec<String>>,
    /// A message for the student (refused link values, a worker that did not start).
    pub notice: RwSignal<Option<String>>,
    /// Why the run stopped.
    pub failure: RwSignal<Option<String>>,
    pub plot_errors: RwSignal<Option<String>>,
    /// The lesson's hidden plots are shown.
    pub all_plots: RwSignal<bool>,
    /// The plots a lesson or an embed keeps (`None`: all).
    pub plot_filter: StoredValue<Option<Vec<String>>>,
    /// Set once the widget has first been shown and has decided whether to play.
    pub first_shown: RwSignal<bool>,
}

/// What `SimWidget` has made before the context: the engine, the clock, the first notice.
pub struct Handles {
    pub anchor: String,
    pub lecture: Option<u8>,
    pub embed: bool,
    pub engine: Rc<RefCell<Engine>>,
    pub clock: Clock,
    pub notice: RwSignal<Option<String>>,
}

impl WidgetContext {
    /// The widget's state at its start: the link's (or the block's) values, nothing run yet.
    pub fn new(
        entry: &'static ModelEntry,
        start: &Start,
        options: &Options,
        h: Handles,
    ) -> WidgetContext {
        let spec = entry.spec;
        let offloaded = h.engine.borrow().remote.is_some();
        WidgetContext {
            entry,
            spec,
            anchor: StoredValue::new(h.anchor),
            lecture: h.lecture,
            embed: h.embed,
            offloaded,
            engine: StoredValue::new_local(h.engine),
            clock: StoredValue::new_local(h.clock),
            values: RwSignal::new(start.params.values().to_vec()),
            field_errors: RwSignal::new(vec![None; spec.params.len()]),
            preset: RwSignal::new(start.preset.map(str::to_string)),
            seed: RwSignal::new(start.seed),
            running: RwSignal::new(false),
            speed: RwSignal::new(options.speed.unwrap_or_else(|| default_speed(spec))),
            status: RwSignal::new(RunStatus::default()),
            resets: RwSignal::new(0),
            measures: RwSignal::new(Vec::new()),
            exporting: RwSignal::new(None),
            sweep_progress: RwSignal::new(Vec::new()),
            share: RwSignal::new(None),
            embed_controls: RwSignal::new(spec.params.iter().map(|p| p.name.to_string()).collect()),
            embed_plots: RwSignal::new(spec.plots.iter().map(|p| p.id.to_string()).collect()),
            notice: h.notice,
            failure: RwSignal::new(None),
            plot_errors: RwSignal::new(None),
            all_plots: RwSignal::new(false),
            plot_filter: StoredValue::new(options.plot_filter.clone()),
            first_shown: RwSignal::new(false),
        }
    }

    /// Runs `f` on the engine.
    pub fn with_engine<R>(&self, f: impl FnOnce(&mut Engine) -> R) -> R {
        self.engine.with_value(|e| f(&mut e.borrow_mut()))
    }

    /// The widget came on screen or left it (see `Engine::set_shown`). `try_`: the observer may
    /// report a widget leaving the screen after it has gone (a page left for another).
    pub fn set_shown(&self, shown: bool) {
        let _ = self
            .engine
            .try_with_value(|e| e.borrow_mut().set_shown(shown));
    }

    /// Makes sure an animation frame is coming.
    pub fn wake(&self) {
        // `try_`: a worker's message may still arrive after the widget has gone.
        self.clock.try_with_value(|c| c.wake());
    }

    /// Whether plot `id` is shown (untracked: the caller decides what reacts to `all_plots`).
    pub fn plot_shown(&self, id: &str) -> bool {
        self.all_plots.get_untracked()
            || self
                .plot_filter
                .with_value(|f| f.as_ref().is_none_or(|f| f.iter().any(|x| x == id)))
    }
}
