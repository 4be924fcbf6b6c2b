//! Several small images of one size side by side (stored patterns, network states, learned
//! receptive fields), laid out to be as large as the canvas allows, one colour scale for all.

use super::heatmap::{colour_bar, paint, pixels};
use super::*;
use neurolive_core::model::Image;

#[allow(clippy::too_many_arguments)]
pub fn draw(
    root: &Area,
    canvas: &HtmlCanvasElement,
    plot: &PlotSpec,
    sim: &Simulation,
    image: &str,
    value_label: &str,
    look: Look,
) -> Result<(), String> {
    let mut img = Image::default();
    sim.model().image(image, &mut img);
    let tiles = img.tiles.max(1);
    let title = format!("{} ({tiles} × {}×{})", plot.title, img.width, img.height);
    let fg = look.fg();
    let root = root
        .titled(&title, look.font(13.0).into_font().color(&fg))
        .map_err(err)?;
    let (w, h) = root.dim_in_pixel();
    let (main, bar) = root.split_horizontally(w.saturating_sub(look.px(62.0)));
    colour_bar(&bar, img.value_range, value_label, look)?;
    let size = img.width * img.height;
    if size == 0 || img.values.len() < size * tiles {
        return Ok(());
    }
    let (mw, _) = main.dim_in_pixel();
    let (cols, rows, cell) = layout(tiles, (img.width, img.height), (mw as f64, h as f64));
    // One picture of the whole grid, a transparent pixel between tiles.
    let (gw, gh) = (cols * (img.width + 1) - 1, rows * (img.height + 1) - 1);
    let mut px = vec![0u8; gw * gh * 4];
    for t in 0..tiles {
        let tile = pixels(
            &img.values[t * size..(t + 1) * size],
            img.width,
            img.height,
            img.value_range,
        );
        let (c0, r0) = ((t % cols) * (img.width + 1), (t / cols) * (img.height + 1));
        for r in 0..img.height {
            let from = r * img.width * 4;
            let to = ((r0 + r) * gw + c0) * 4;
            px[to..to + img.width * 4].copy_from_slice(&tile[from..from + img.width * 4]);
        }
    }
    let (ox, oy) = main.get_base_pixel();
    let rect = (ox as f64, oy as f64, gw as f64 * cell, gh as f64 * cell);
    paint(canvas, &px, gw as u32, gh as u32, rect)
}

/// Columns, rows and the size of one image pixel (in canvas pixels) that show `n` tiles of
/// `tile` pixels each (plus one between tiles) as large as the area allows, pixels square.
pub fn layout(n: usize, tile: (usize, usize), area: (f64, f64)) -> (usize, usize, f64) {
    let mut best = (n.max(1), 1, 0.0);
    for cols in 1..=n.max(1) {
        let rows = n.max(1).div_ceil(cols);
        let gw = (cols * (tile.0 + 1) - 1) as f64;
        let gh = (rows * (tile.1 + 1) - 1) as f64;
        let cell = (area.0 / gw).min(area.1 / gh);
        if cell > best.2 {
            best = (cols, rows, cell);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::layout;

    #[test]
    fn tiles_fill_the_area_as_large_as_they_can() {
        // Four 10×10 tiles in a square area: 2 × 2 beats 4 × 1.
        let (c, r, cell) = layout(4, (10, 10), (210.0, 210.0));
        assert_eq!((c, r), (2, 2));
        assert!(
            (cell - 10.0).abs() < 1e-12,
            "21 pixels per side, 10 canvas px each"
        );
        // In a wide strip they go in one row.
        assert_eq!(layout(4, (10, 10), (1000.0, 60.0)).0, 4);
        assert_eq!(layout(1, (3, 5), (30.0, 50.0)), (1, 1, 10.0));
    }
}
