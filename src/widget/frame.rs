//! The animation frame: advance within the budget, run the export and the sweeps, draw, and
//! update the panels (at most 5 times a second while playing).

use super::context::WidgetContext;
use super::draw::draw_some;
use super::engine::Engine;
use super::{clock, download};
use leptos::html::Canvas;
use leptos::prelude::*;
use std::sync::atomic::{AtomicBool, Ordering};

/// One frame at time `now`; returns whether another is wanted.
pub fn frame(
    ctx: &WidgetContext,
    canvases: &[NodeRef<Canvas>],
    visible: &AtomicBool,
    now: f64,
) -> bool {
    ctx.with_engine(|e| {
        let wall = e.pace.frame_gap(now);
        // Off screen, nothing runs (the clock is woken when the widget comes back).
        if !visible.load(Ordering::Relaxed) {
            e.pace.last_frame = None;
            return false;
        }
        let deadline = clock::frame_deadline(now);
        let playing = ctx.running.get_untracked() && e.sim.failed.is_none();
        if playing {
            advance(ctx, e, wall, deadline);
        } else if let Err(msg) = e.catch_up() {
            ctx.failure.set(Some(msg));
            e.catch_up_to = None;
        }
        edit_answer(ctx, e);
        let catching_up = e.catch_up_to.is_some();
        export(ctx, e, deadline);
        let overlaying = e.work_overlays(deadline);
        let sweeping = e.work_sweeps(deadline) || overlaying;
        draw_some(e, canvases, ctx);
        update_panels(ctx, e, now, !playing);
        let go_on = e.busy(ctx.running.get_untracked(), sweeping) || catching_up;
        if !go_on {
            e.pace.last_frame = None;
        }
        go_on
    })
}

/// Advances the run by the frame's wall time × the speed asked; a failure stops it.
fn advance(ctx: &WidgetContext, e: &mut Engine, wall: f64, deadline: f64) {
    match e.advance(wall * ctx.speed.get_untracked(), deadline) {
        Ok(done) => e.pace.meter.add(done, wall),
        Err(msg) => {
            ctx.running.set(false);
            ctx.failure.set(Some(msg));
            e.dirty.all = true;
        }
    }
}

/// The worker's answer to a click on an arena, when it comes.
fn edit_answer(ctx: &WidgetContext, e: &mut Engine) {
    match e.edit_answer() {
        Some(Ok(outcome)) => {
            if let Some(click) = e.last_edit {
                ctx.show_edit(outcome, click);
            }
        }
        Some(Err(msg)) => ctx.failure.set(Some(msg)),
        None => {}
    }
}

/// Works on the export; downloads the file once its run is done.
fn export(ctx: &WidgetContext, e: &mut Engine, deadline: f64) {
    if let Some((file, text)) = e.work_export(deadline) {
        if let Err(err) = download::download_text(
            &format!("{}-{}", ctx.spec.id, file.name()),
            file.mime(),
            &text,
        ) {
            ctx.notice.set(Some(format!("export failed: {err}")));
        }
    }
    let status = e.export_status();
    if ctx.exporting.get_untracked() != status {
        ctx.exporting.set(status);
    }
}

/// The status line, the measures and the sweeps' progress (forced while paused).
fn update_panels(ctx: &WidgetContext, e: &mut Engine, now: f64, force: bool) {
    if !e.pace.ui_due(now, force) {
        return;
    }
    ctx.status
        .set(e.status(ctx.running.get_untracked(), ctx.speed.get_untracked()));
    ctx.measures.set(e.measures());
    let progress = e.sweep_progress();
    if ctx.sweep_progress.with_untracked(|p| *p != progress) {
        ctx.sweep_progress.set(progress);
    }
}
