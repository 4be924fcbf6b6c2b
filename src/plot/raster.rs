//! Spike raster over the time window. Ticks are drawn straight into an `ImageData` layer (one
//! pass over the spikes, no per-spike canvas call), so thousands of spikes cost ≈ 1 ms.

use super::*;
use wasm_bindgen::{Clamped, JsCast};

pub fn draw(
    root: &Area,
    canvas: &HtmlCanvasElement,
    plot: &PlotSpec,
    sim: &Simulation,
    rows: usize,
    look: Look,
) -> Result<(), String> {
    let (t0, t1) = time_window(sim);
    let rows = rows.max(1);
    let chart = chart(
        root,
        plot.title,
        (t0, t1),
        (-0.5, rows as f64 - 0.5),
        "t (ms)",
        "neuron",
        look,
    )?;
    let (xr, yr) = chart.plotting_area().get_pixel_range();
    let (w, h) = (
        (xr.end - xr.start).max(1) as u32,
        (yr.end - yr.start).max(1) as u32,
    );
    let mut px = vec![0u8; (w * h * 4) as usize];
    let c = look.color(0);
    let tick = (h as f64 / rows as f64 * 0.8).clamp(1.0, 12.0 * look.scale) as i64;
    for s in &sim.rec.spikes {
        if s.t_ms < t0 || s.t_ms > t1 || s.neuron as usize >= rows {
            continue;
        }
        let x = ((s.t_ms - t0) / (t1 - t0) * (w - 1) as f64).round() as i64;
        // Row 0 at the bottom, as on the axis.
        let yc = ((rows - 1 - s.neuron as usize) as f64 + 0.5) / rows as f64 * h as f64;
        for dy in 0..tick {
            let y = (yc - tick as f64 / 2.0) as i64 + dy;
            if y < 0 || y >= h as i64 {
                continue;
            }
            for dx in 0..look.px(1.5) as i64 {
                let xx = x + dx;
                if xx >= 0 && xx < w as i64 {
                    let k = ((y as u32 * w + xx as u32) * 4) as usize;
                    px[k..k + 4].copy_from_slice(&[c.0, c.1, c.2, 255]);
                }
            }
        }
    }
    blit(canvas, &px, w, h, xr.start as f64, yr.start as f64)
}

/// Draws RGBA pixels onto the canvas at (x, y), letting transparent pixels show the axes beneath.
pub fn blit(
    canvas: &HtmlCanvasElement,
    px: &[u8],
    w: u32,
    h: u32,
    x: f64,
    y: f64,
) -> Result<(), String> {
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let layer: HtmlCanvasElement = doc.create_element("canvas").map_err(err)?.unchecked_into();
    layer.set_width(w);
    layer.set_height(h);
    let lctx: web_sys::CanvasRenderingContext2d = layer
        .get_context("2d")
        .map_err(err)?
        .ok_or("no 2D context")?
        .unchecked_into();
    let img =
        web_sys::ImageData::new_with_u8_clamped_array_and_sh(Clamped(px), w, h).map_err(err)?;
    lctx.put_image_data(&img, 0.0, 0.0).map_err(err)?;
    let ctx: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .map_err(err)?
        .ok_or("no 2D context")?
        .unchecked_into();
    ctx.draw_image_with_html_canvas_element(&layer, x, y)
        .map_err(err)
}
