//! Drawing the plots a frame at a time, within a draw budget, on canvases sized to the device.

use super::context::WidgetContext;
use super::engine::Engine;
use super::{clock, presenter};
use crate::plot::{self, Look, PlotData};
use leptos::html::Canvas;
use leptos::prelude::*;

/// Time a frame may spend drawing, ms. A widget whose plots cost more (a 12 500-neuron raster
/// and six other plots on a slow laptop) draws them over several frames, in turn, so that no
/// frame runs long and the page keeps answering.
const DRAW_BUDGET_MS: f64 = 8.0;

/// After drawing for `x` ms, a widget waits `DRAW_REST × x` ms before it draws again: drawing
/// takes at most a quarter of the main thread. On a two-core laptop the rest is what the
/// browser's compositor and a background worker's simulation need (Brunel's network in the
/// worker ran 0.45× real time with its seven plots redrawn every frame). Cheap plots are
/// unaffected: they are redrawn every frame all the same.
const DRAW_REST: f64 = 3.0;

/// A widget whose model runs in the background worker redraws at most 25 times a second. Its
/// data comes in 20 ms batches anyway, and each redrawn frame costs the browser a commit and a
/// composite on top of the drawing (about 12 ms a frame in headless Chromium's software
/// compositing, measured with a trace), CPU that the worker's simulation needs on a two-core
/// laptop: 25 frames a second took the main thread from 70 % to 55 % busy and the network
/// from 0.42–0.56× to 0.52–0.60× real time.
const REMOTE_FRAME_MS: f64 = 40.0;

pub fn device_scale() -> f64 {
    web_sys::window()
        .map(|w| w.device_pixel_ratio())
        .unwrap_or(1.0)
        .clamp(1.0, 3.0)
}

/// Sizes the canvas's pixel buffer to its CSS box times the device pixel ratio.
fn fit_canvas(c: &web_sys::HtmlCanvasElement, scale: f64) {
    let w = (c.client_width() as f64 * scale).round() as u32;
    let h = (c.client_height() as f64 * scale).round() as u32;
    if w > 0 && h > 0 && (c.width() != w || c.height() != h) {
        c.set_width(w);
        c.set_height(h);
    }
}

/// Draws pending plots, oldest first, until the draw budget is spent (at least one per frame).
pub fn draw_some(e: &mut Engine, canvases: &[NodeRef<Canvas>], ctx: &WidgetContext) {
    if clock::now_ms() < e.draw_rest_until {
        return;
    }
    e.queue_due_plots(canvases.len());
    let scale = device_scale();
    let dark = document()
        .body()
        .is_some_and(|b| b.class_list().contains("dark"));
    let look = Look {
        scale,
        dark,
        presenter: presenter::enabled(),
    };
    let t0 = clock::now_ms();
    while let Some(i) = e.draw_queue.pop_front() {
        let (Some(plot), Some(node)) = (e.sim.spec().plots.get(i), canvases.get(i)) else {
            continue;
        };
        let Some(canvas) = node.get_untracked() else {
            continue;
        };
        if canvas.client_width() == 0 {
            continue; // hidden (an embed's `plots=` filter) or not laid out yet
        }
        fit_canvas(&canvas, scale);
        let data = PlotData {
            sim: &e.sim,
            sweep: e.sweeps.iter().find(|s| s.plot == i),
            overlays: e.overlays.iter().find(|c| c.plot == i),
        };
        if let Err(msg) = plot::draw(&canvas, plot, &data, look) {
            ctx.plot_errors
                .set(Some(format!("plot {}: {msg}", plot.id)));
        }
        if clock::now_ms() - t0 >= DRAW_BUDGET_MS {
            break;
        }
    }
    let t1 = clock::now_ms();
    let rest = DRAW_REST * (t1 - t0);
    e.draw_rest_until = t1
        + if e.remote.is_some() {
            rest.max(REMOTE_FRAME_MS)
        } else {
            rest
        };
}
