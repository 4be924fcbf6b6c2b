//! The one generic simulation widget. Everything it shows comes from the model's declaration:
//! controls from `params`, the preset menu from `presets`, canvases from `plots`, the measures
//! panel from `measures`. Adding a model never touches this folder.
//!
//! `SimWidget` (here) builds the engine and the shared `WidgetContext`, starts the animation
//! clock when the widget is first seen, and lays out the components: `plots`, `transport`,
//! `parameters`, `measures`, `export`. The engine (`engine/`) owns the run and has no DOM
//! access; `actions` is what the controls do; `frame` and `draw` are the animation frame.

mod actions;
mod bench;
pub mod block;
pub mod clock;
pub mod context;
pub mod controls;
pub mod download;
mod draw;
pub mod engine;
mod export;
mod frame;
mod measures;
mod parameters;
mod plots;
pub mod presenter;
pub mod share;
mod summary;
mod transport;

use crate::remote::client::Remote;
use crate::shared::sim_block::SimBlock;
use block::Options;
use clock::Clock;
use context::{Handles, WidgetContext};
use engine::Engine;
use leptos::html::Canvas;
use leptos::prelude::*;
use neurolive_core::{registry, ModelEntry, Params, Retention, Simulation};
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

fn prefers_reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| {
            w.match_media("(prefers-reduced-motion: reduce)")
                .ok()
                .flatten()
        })
        .is_some_and(|m| m.matches())
}

/// The engine for a model: in the background worker for a model declared `offload`; if the
/// worker cannot start (an old browser, a missing file), here, slower, with a notice saying so.
fn start_engine(
    entry: &'static ModelEntry,
    params: Params,
    seed: u64,
    notice: RwSignal<Option<String>>,
) -> Engine {
    if entry.spec.offload {
        match Remote::start(entry, params.clone(), seed) {
            Ok((r, mirror)) => return Engine::new(mirror, Some(r), clock::now_ms),
            Err(e) => notice.set(Some(format!("{e}; running on the page instead (slower)."))),
        }
    }
    Engine::new(
        Simulation::new(entry, params, seed, Retention::Window(entry.spec.window_ms)),
        None,
        clock::now_ms,
    )
}

/// A live simulation: controls, plots, measures, export and share.
#[component]
pub fn SimWidget(
    block: SimBlock,
    /// The URL's query, when the link points at this widget.
    #[prop(optional)]
    query: Vec<(String, String)>,
    /// The lecture the widget is in (for share links); `None` in an embed.
    #[prop(optional)]
    lecture: Option<u8>,
    /// Embedded in a slide: no lesson around it, controls limited to `show`.
    #[prop(optional)]
    embed: bool,
) -> impl IntoView {
    let Some(entry) = registry::find(&block.id) else {
        return view! {
            <div class="sim sim-missing" role="alert">{format!("Unknown simulation '{}'. Known: {}", block.id, registry::ids().join(", "))}</div>
        }
        .into_any();
    };
    let spec = entry.spec;
    let start = share::start(spec, block.preset.as_deref(), &block.set, &query);
    let options = Options::read(spec, &block, &query);
    let notice = RwSignal::new((!start.errors.is_empty()).then(|| {
        format!(
            "Some values in the link were refused: {}",
            start.errors.join("; ")
        )
    }));
    let engine = start_engine(entry, start.params.clone(), start.seed, notice);
    let engine = Rc::new(RefCell::new(engine));
    let canvases: Vec<NodeRef<Canvas>> = spec.plots.iter().map(|_| NodeRef::new()).collect();
    // Off screen, nothing runs: the frame stops the clock, the observer wakes it.
    let visible = Arc::new(AtomicBool::new(false));
    // The clock needs the context and the context holds the clock: the frame finds the
    // context through this cell, set just below.
    let ctx_cell: Rc<RefCell<Option<WidgetContext>>> = Rc::new(RefCell::new(None));
    let clock = {
        let (ctx_cell, canvases, visible) = (ctx_cell.clone(), canvases.clone(), visible.clone());
        Clock::new(move |now| {
            ctx_cell
                .borrow()
                .as_ref()
                .is_some_and(|ctx| frame::frame(ctx, &canvases, &visible, now))
        })
    };
    let raf = clock.cancel_handle();
    let ctx = WidgetContext::new(
        entry,
        &start,
        &options,
        Handles {
            anchor: block.anchor.clone(),
            lecture,
            embed,
            engine,
            clock,
            notice,
        },
    );
    *ctx_cell.borrow_mut() = Some(ctx);
    let alive_flag = visible.clone();
    on_cleanup(move || {
        alive_flag.store(false, Ordering::Relaxed);
        clock::cancel_frame(&raf);
    });
    ctx.with_engine(|e| {
        if let Some(r) = &e.remote {
            r.on_batch(Rc::new(move || ctx.wake()));
        }
    });
    // Presenter mode changes fonts and line widths: redraw once the layout has settled.
    Effect::new(move |prev: Option<bool>| {
        let on = presenter::signal().get();
        if prev.is_some_and(|p| p != on) {
            ctx.redraw();
        }
        on
    });
    // A run that has failed is stopped, whichever path found the failure (a step, a preview, the
    // worker's message), so the play button never claims a run that is not going on.
    Effect::new(move |_| {
        if ctx.failure.with(Option::is_some) {
            ctx.running.set(false);
        }
    });
    if options.presenter {
        presenter::set(true);
    }
    let root = NodeRef::<leptos::html::Section>::new();
    let autoplay = options.autoplay && !prefers_reduced_motion();
    observe_first_show(root, ctx, visible, autoplay);
    view! { <Shell ctx block options start canvases root /> }.into_any()
}

/// Nothing runs until the widget is first scrolled into view (a lesson holds many): then a
/// preview of one window, its sweeps, and autoplay (never with prefers-reduced-motion). Each
/// time it comes back into view, the plots are redrawn and the clock woken; while it is away, a
/// run in the worker is held.
fn observe_first_show(
    root: NodeRef<leptos::html::Section>,
    ctx: WidgetContext,
    visible: Arc<AtomicBool>,
    autoplay: bool,
) {
    Effect::new(move |_| {
        let Some(el) = root.get() else { return };
        let visible = visible.clone();
        let started = Rc::new(std::cell::Cell::new(false));
        let cb = wasm_bindgen::closure::Closure::<dyn FnMut(js_sys::Array)>::new(
            move |entries: js_sys::Array| {
                let Some(entry) = entries
                    .get(0)
                    .dyn_into::<web_sys::IntersectionObserverEntry>()
                    .ok()
                else {
                    return;
                };
                let is = entry.is_intersecting();
                visible.store(is, Ordering::Relaxed);
                ctx.set_shown(is);
                if is {
                    if !started.get() {
                        started.set(true);
                        ctx.first_show(autoplay);
                    }
                    ctx.redraw();
                }
            },
        );
        use wasm_bindgen::JsCast;
        if let Ok(obs) = web_sys::IntersectionObserver::new(cb.as_ref().unchecked_ref()) {
            obs.observe(&el);
        }
        cb.forget();
    });
}

/// The widget's layout: title and caption, notices, the plots, and the side panel.
#[component]
fn Shell(
    ctx: WidgetContext,
    block: SimBlock,
    options: Options,
    /// The starting values (for the benchmark, `bench=`).
    start: share::Start,
    canvases: Vec<NodeRef<Canvas>>,
    root: NodeRef<leptos::html::Section>,
) -> impl IntoView {
    let spec = ctx.spec;
    let (preset, notice, failure) = (ctx.preset, ctx.notice, ctx.failure);
    let caption = {
        let fallback = block.caption.clone();
        move || {
            preset
                .get()
                .and_then(|p| spec.preset(&p))
                .map(|p| p.description.to_string())
                .or_else(|| fallback.clone())
        }
    };
    let show_controls = !ctx.embed || options.show.as_ref().is_none_or(|s| !s.is_empty());
    let hide_presets = ctx.embed && options.show.is_some();
    let (params, seed) = (start.params, start.seed);
    view! {
        <section class="sim" class:embed=ctx.embed id=block.anchor.clone() node_ref=root tabindex="0"
            role="group" aria-label=format!("Simulation: {}", spec.title) data-sim=spec.id data-started=move || ctx.first_shown.get().then_some("true")
            data-resets=move || ctx.resets.get().to_string() on:keydown=move |ev| ctx.on_key(ev)>
            <header class="sim-head">
                <h3 class="sim-title">{spec.title}</h3>
                <p class="sim-caption" aria-live="polite">{caption}</p>
            </header>
            {move || notice.get().map(|n| view! { <div class="sim-notice" role="alert">{n}</div> })}
            {options.bench_ms.map(|ms| view! { <bench::BenchReport entry=ctx.entry params=params.clone() seed=seed sim_ms=ms /> })}
            {move || failure.get().map(|f| view! {
                <div class="sim-failure" role="alert"><strong>"Simulation stopped. "</strong>{f}</div>
            })}
            <div class="sim-body">
                <plots::Plots ctx canvases more_plots=options.more_plots />
                <div class="sim-side">
                    <transport::Transport ctx />
                    <transport::Status ctx />
                    <parameters::Presets ctx hidden=hide_presets />
                    {show_controls.then(|| view! { <parameters::Parameters ctx options=options.clone() /> })}
                    <parameters::Seed ctx />
                    <measures::Measures ctx />
                    {(!ctx.embed).then(|| view! { <export::ExportShare ctx /> })}
                </div>
            </div>
        </section>
    }
}
