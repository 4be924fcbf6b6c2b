//! A matrix as an image (space–time maps, weights, arenas): pixels through `ImageData`, scaled
//! onto the plotting area with smoothing off; the axes come from plotters, the colour scale is
//! shown by a colour bar at the right.

use super::*;
use neurolive_core::model::Image;
use wasm_bindgen::JsCast;

/// Width of the colour bar's strip and of its labels, CSS px.
pub const BAR_PX: f64 = 62.0;

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
    let (main, bar) =
        root.split_horizontally(root.dim_in_pixel().0.saturating_sub(look.px(BAR_PX)));
    let x = if img.x_range.0 < img.x_range.1 {
        img.x_range
    } else {
        (0.0, 1.0)
    };
    let y = if img.y_range.0 < img.y_range.1 {
        img.y_range
    } else {
        (0.0, 1.0)
    };
    let chart = chart(&main, plot.title, x, y, x_label, y_label, look)?;
    colour_bar(&bar, img.value_range, value_label, look)?;
    if img.width == 0 || img.height == 0 || img.values.len() < img.width * img.height {
        return Ok(());
    }
    let px = pixels(
        &img.values[..img.width * img.height],
        img.width,
        img.height,
        img.value_range,
    );
    let (xr, yr) = chart.plotting_area().get_pixel_range();
    let rect = (
        xr.start as f64,
        yr.start as f64,
        (xr.end - xr.start) as f64,
        (yr.end - yr.start) as f64,
    );
    paint(canvas, &px, img.width as u32, img.height as u32, rect)
}

/// RGBA pixels of a row-major image whose row 0 is the bottom (so the top row of the pixels),
/// coloured by viridis over `range`; NaN stays transparent.
pub fn pixels(values: &[f64], width: usize, height: usize, range: (f64, f64)) -> Vec<u8> {
    let mut px = vec![0u8; width * height * 4];
    let (lo, hi) = range;
    let span = if hi > lo { hi - lo } else { 1.0 };
    for row in 0..height {
        let out_row = height - 1 - row;
        for col in 0..width {
            let v = values[row * width + col];
            let k = (out_row * width + col) * 4;
            if v.is_finite() {
                let c = colorous::VIRIDIS.eval_continuous(((v - lo) / span).clamp(0.0, 1.0));
                px[k..k + 4].copy_from_slice(&[c.r, c.g, c.b, 255]);
            }
        }
    }
    px
}

/// Draws RGBA pixels of size `w`×`h` scaled onto `rect` (x, y, width, height in canvas pixels),
/// without smoothing, so each value stays a crisp block.
pub fn paint(
    canvas: &HtmlCanvasElement,
    px: &[u8],
    w: u32,
    h: u32,
    rect: (f64, f64, f64, f64),
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
    let data =
        web_sys::ImageData::new_with_u8_clamped_array_and_sh(wasm_bindgen::Clamped(px), w, h)
            .map_err(err)?;
    lctx.put_image_data(&data, 0.0, 0.0).map_err(err)?;
    let ctx: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .map_err(err)?
        .ok_or("no 2D context")?
        .unchecked_into();
    ctx.set_image_smoothing_enabled(false);
    ctx.draw_image_with_html_canvas_element_and_dw_and_dh(&layer, rect.0, rect.1, rect.2, rect.3)
        .map_err(err)
}

/// A vertical colour bar: the viridis scale from `range.0` (bottom) to `range.1` (top), its ends
/// and middle labelled, the quantity's name above.
pub fn colour_bar(area: &Area, range: (f64, f64), label: &str, look: Look) -> Result<(), String> {
    let (w, h) = area.dim_in_pixel();
    let (top, bottom) = (look.px(34.0) as i32, h as i32 - look.px(40.0) as i32);
    let (x0, x1) = (look.px(6.0) as i32, look.px(20.0) as i32);
    if bottom <= top || w < look.px(30.0) {
        return Ok(());
    }
    let steps = 48;
    for k in 0..steps {
        let f = (k as f64 + 0.5) / steps as f64;
        let c = colorous::VIRIDIS.eval_continuous(f);
        let y1 = bottom - ((bottom - top) as f64 * k as f64 / steps as f64) as i32;
        let y0 = bottom - ((bottom - top) as f64 * (k + 1) as f64 / steps as f64) as i32;
        area.draw(&Rectangle::new(
            [(x0, y0), (x1, y1)],
            RGBColor(c.r, c.g, c.b).filled(),
        ))
        .map_err(err)?;
    }
    area.draw(&Rectangle::new(
        [(x0, top), (x1, bottom)],
        look.fg().stroke_width(1),
    ))
    .map_err(err)?;
    let font = look.font(10.0).into_font().color(&look.fg());
    let (lo, hi) = range;
    for (v, y) in [
        (hi, top),
        (0.5 * (lo + hi), (top + bottom) / 2),
        (lo, bottom),
    ] {
        area.draw(&Text::new(
            short(v),
            (x1 + look.px(3.0) as i32, y - look.px(5.0) as i32),
            font.clone(),
        ))
        .map_err(err)?;
    }
    let name: String = label.chars().take(14).collect();
    area.draw(&Text::new(name, (0, top - look.px(16.0) as i32), font))
        .map_err(err)?;
    Ok(())
}

pub fn short(v: f64) -> String {
    if v.abs() >= 100.0 || v == 0.0 {
        format!("{v:.0}")
    } else if v.abs() < 0.01 {
        format!("{v:.1e}")
    } else {
        format!("{v:.3}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bottom_row_of_an_image_is_the_last_row_of_pixels() {
        // Two rows: the bottom one at the range's low end (dark), the top one at its high end.
        let px = pixels(&[0.0, 0.0, 1.0, f64::NAN], 2, 2, (0.0, 1.0));
        let lo = colorous::VIRIDIS.eval_continuous(0.0);
        let hi = colorous::VIRIDIS.eval_continuous(1.0);
        assert_eq!(
            &px[8..12],
            &[lo.r, lo.g, lo.b, 255],
            "bottom-left value drawn in the last row"
        );
        assert_eq!(&px[0..4], &[hi.r, hi.g, hi.b, 255]);
        assert_eq!(px[7], 0, "NaN stays transparent");
    }
}
