//! The plots: one figure per declared plot (canvas, screen-reader summary, PNG and Recompute
//! buttons), the plot errors, and the button that shows a lesson's hidden plots.

use super::context::WidgetContext;
use super::download;
use super::measures::measures_text;
use super::summary::{kind_class, plot_summary, sweep_count, sweep_text};
use crate::plot;
use leptos::html::Canvas;
use leptos::prelude::*;
use neurolive_core::model::{ArenaEdit, ArenaTool, PlotKind};

#[component]
pub fn Plots(
    ctx: WidgetContext,
    canvases: Vec<NodeRef<Canvas>>,
    more_plots: usize,
) -> impl IntoView {
    let (spec, all_plots, plot_errors) = (ctx.spec, ctx.all_plots, ctx.plot_errors);
    let shown_plots = move || {
        all_plots.track();
        spec.plots
            .iter()
            .filter(|p| ctx.plot_shown(p.id))
            .count()
            .to_string()
    };
    view! {
        <div class="sim-plots" data-count=shown_plots>
            {spec.plots.iter().enumerate().map(|(i, _)| view! { <Figure ctx index=i canvas=canvases[i] /> }).collect_view()}
            {move || plot_errors.get().map(|m| view! { <div class="sim-notice">{m}</div> })}
            {(more_plots > 0).then(|| view! {
                <button class="small more-plots" aria-expanded=move || all_plots.get().to_string()
                    on:click=move |_| ctx.show_all_plots(!all_plots.get_untracked())>
                    {move || if all_plots.get() { "Fewer plots".to_string() } else { format!("All plots ({more_plots} more)") }}
                </button>
            })}
        </div>
    }
}

/// Plot `index`: its canvas, a text summary for screen readers (what is plotted, then the
/// current measures, updated with the measures panel at most 5 times a second), its tools.
#[component]
fn Figure(ctx: WidgetContext, index: usize, canvas: NodeRef<Canvas>) -> impl IntoView {
    let (spec, all_plots, sweep_progress, measures) =
        (ctx.spec, ctx.all_plots, ctx.sweep_progress, ctx.measures);
    let i = index;
    let p = &spec.plots[i];
    let is_sweep = matches!(p.kind, PlotKind::Sweep { .. });
    let file = format!("{}-{}.png", spec.id, p.id);
    let summary_id = format!("{}-{}-summary", ctx.anchor.get_value(), p.id);
    let what = plot_summary(spec, p);
    let editable = match p.kind {
        PlotKind::Arena { arena, edit, .. } if edit != ArenaEdit::None => Some((arena, edit)),
        _ => None,
    };
    let tool = RwSignal::new(ArenaTool::ToggleWall);
    let arena_name = match p.kind {
        PlotKind::Arena { arena, .. } => Some(arena),
        _ => None,
    };
    let click = move |ev: web_sys::MouseEvent| {
        let (Some((arena, _)), Some(c)) = (editable, canvas.get_untracked()) else {
            return;
        };
        if let Some((x, y)) = arena_cell(&ctx, &c, arena, &ev) {
            ctx.edit_arena(arena, x, y, tool.get_untracked());
        }
    };
    view! {
        <figure class=format!("plot plot-{}", kind_class(&p.kind)) data-plot=p.id hidden=move || { all_plots.track(); !ctx.plot_shown(p.id) }
            data-sweep=move || is_sweep.then(|| sweep_progress.with(|sp| sweep_count(sp, i)))>
            <canvas node_ref=canvas role="img" aria-label=p.title aria-describedby=summary_id.clone()
                class:editable=editable.is_some() on:click=click></canvas>
            <p class="visually-hidden plot-summary" id=summary_id>{what}
                {move || is_sweep.then(|| sweep_progress.with(|sp| sweep_text(sp, i, spec)))}
                {move || arena_name.map(|n| { measures.track(); ctx.with_engine(|e| plot::arena::describe(&plot::arena::read(&e.sim, n))) })}
                {move || measures.with(|m| measures_text(m))}</p>
            <figcaption class="plot-tools">
                {editable.map(|(_, edit)| view! { <ArenaTools edit tool /> })}
                {is_sweep.then(|| view! {
                    <button class="small" on:click=move |_| ctx.start_sweep(i)
                        title="Run the sweep again with the current parameters">"Recompute"</button>
                })}
                <button class="small" title="Download this plot as PNG" on:click=move |_| {
                    if let Some(c) = canvas.get_untracked() {
                        let _ = download::download_canvas_png(&file, &c);
                    }
                }>"PNG"</button>
            </figcaption>
        </figure>
    }
}

/// What a click on an editable arena does: toggle a wall, or (where the model allows) move the goal.
#[component]
fn ArenaTools(edit: ArenaEdit, tool: RwSignal<ArenaTool>) -> impl IntoView {
    let pick = move |t: ArenaTool, label: &'static str| {
        view! {
            <button class="small arena-tool" aria-pressed=move || (tool.get() == t).to_string()
                on:click=move |_| tool.set(t)>{label}</button>
        }
    };
    view! {
        <span class="arena-tools">"Click a cell: "
            {pick(ArenaTool::ToggleWall, "wall")}
            {(edit == ArenaEdit::WallsAndGoal).then(|| pick(ArenaTool::MoveGoal, "goal"))}
        </span>
    }
}

/// The arena cell under a click, mapped through the geometry the plot was drawn with.
fn arena_cell(
    ctx: &WidgetContext,
    c: &web_sys::HtmlCanvasElement,
    arena: &str,
    ev: &web_sys::MouseEvent,
) -> Option<(usize, usize)> {
    let rect = c.get_bounding_client_rect();
    if rect.width() <= 0.0 {
        return None;
    }
    let scale = c.width() as f64 / rect.width();
    let (px, py) = (
        (ev.client_x() as f64 - rect.left()) * scale,
        (ev.client_y() as f64 - rect.top()) * scale,
    );
    let a = ctx.with_engine(|e| plot::arena::read(&e.sim, arena));
    plot::arena::Geometry::fit(
        (c.width() as f64, c.height() as f64),
        scale,
        a.width,
        a.height,
    )
    .cell_at(px, py)
}
