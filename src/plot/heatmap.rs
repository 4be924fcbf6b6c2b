//! A matrix as an image (space–time maps, weights, arenas): pixels through `ImageData`, scaled
//! onto the plotting area with smoothing off; the axes come from plotters.

use super::*;
use neurolive_core::model::Image;
use wasm_bindgen::JsCast;

#[allow(clippy::too_many_arguments)]
pub fn draw(
    root: &Area,
    canvas: &HtmlCanvasElement,
    plot: &PlotSpec,
    sim: &Simulation,
    image: &str,
    x_label: &str,
    y_label: &str,
    value_label: &str,
    look: Look,
) -> Result<(), String> {
    let mut img = Image::default();
    sim.model().image(image, &mut img);
    let (lo, hi) = img.value_range;
    let title = format!("{} — colour: {value_label} from {} to {}", plot.title, short(lo), short(hi));
    let x = if img.x_range.0 < img.x_range.1 { img.x_range } else { (0.0, 1.0) };
    let y = if img.y_range.0 < img.y_range.1 { img.y_range } else { (0.0, 1.0) };
    let chart = chart(root, &title, x, y, x_label, y_label, look)?;
    if img.width == 0 || img.height == 0 || img.values.len() < img.width * img.height {
        return Ok(());
    }
    let (w, h) = (img.width as u32, img.height as u32);
    let mut px = vec![0u8; (w * h * 4) as usize];
    let span = if hi > lo { hi - lo } else { 1.0 };
    for row in 0..img.height {
        // Row 0 is the bottom of the plot, the top of an image.
        let out_row = img.height - 1 - row;
        for col in 0..img.width {
            let v = img.values[row * img.width + col];
            let k = (out_row * img.width + col) * 4;
            if v.is_finite() {
                let c = colorous::VIRIDIS.eval_continuous(((v - lo) / span).clamp(0.0, 1.0));
                px[k..k + 4].copy_from_slice(&[c.r, c.g, c.b, 255]);
            }
        }
    }
    let (xr, yr) = chart.plotting_area().get_pixel_range();
    let doc = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let layer: HtmlCanvasElement = doc.create_element("canvas").map_err(err)?.unchecked_into();
    layer.set_width(w);
    layer.set_height(h);
    let lctx: web_sys::CanvasRenderingContext2d = layer.get_context("2d").map_err(err)?.ok_or("no 2D context")?.unchecked_into();
    let data = web_sys::ImageData::new_with_u8_clamped_array_and_sh(wasm_bindgen::Clamped(&px), w, h).map_err(err)?;
    lctx.put_image_data(&data, 0.0, 0.0).map_err(err)?;
    let ctx: web_sys::CanvasRenderingContext2d = canvas.get_context("2d").map_err(err)?.ok_or("no 2D context")?.unchecked_into();
    ctx.set_image_smoothing_enabled(false);
    ctx.draw_image_with_html_canvas_element_and_dw_and_dh(
        &layer,
        xr.start as f64,
        yr.start as f64,
        (xr.end - xr.start) as f64,
        (yr.end - yr.start) as f64,
    )
    .map_err(err)
}

fn short(v: f64) -> String {
    if v.abs() >= 100.0 || v == 0.0 { format!("{v:.0}") } else { format!("{v:.3}") }
}
