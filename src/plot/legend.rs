//! A plot's legend, drawn by us rather than by plotters: its own legend sizes each label with
//! the font's DOM measure (a `<span>` in the page, read back: a forced layout of the whole
//! lecture, about 0.5 ms a label, two or three times per label per redraw), while here the text
//! is measured by the canvas (`backend::Canvas2d`). Same layout as plotters' upper-right legend.

use super::{err, Chart, Look};
use plotters::prelude::*;

/// How a series shows in the legend.
pub enum Mark {
    /// A line segment in the series' style.
    Line(ShapeStyle),
    /// A dot (scatter points, simulated sweep points).
    Dot(RGBAColor),
    /// A filled block (histogram bars).
    Block(RGBAColor),
}

/// The labelled series of a plot, in the order they were drawn.
#[derive(Default)]
pub struct Legend {
    entries: Vec<(String, Mark)>,
}

/// Space for the mark left of the text, and the box's inner margin, px (plotters' defaults).
const MARK_AREA: i32 = 30;
const MARGIN: i32 = 10;
/// Line spacing of the labels and the height of a label's box, in font sizes (plotters' line
/// spacing, and the line box its DOM measure reported: the page's line height).
const LINE_SPACING: f64 = 1.25;
const LINE_BOX: f64 = 1.6;

impl Legend {
    pub fn add(&mut self, label: impl Into<String>, mark: Mark) {
        self.entries.push((label.into(), mark));
    }

    pub fn line(&mut self, label: impl Into<String>, style: impl Into<ShapeStyle>) {
        self.add(label, Mark::Line(style.into()));
    }

    pub fn dot(&mut self, label: impl Into<String>, color: impl Color) {
        self.add(label, Mark::Dot(color.to_rgba()));
    }

    pub fn block(&mut self, label: impl Into<String>, color: impl Color) {
        self.add(label, Mark::Block(color.to_rgba()));
    }

    /// Draws the box in the upper right of the chart's plotting area (nothing without entries).
    pub fn draw(&self, chart: &Chart, look: Look) -> Result<(), String> {
        if self.entries.is_empty() {
            return Ok(());
        }
        let area = chart.plotting_area().strip_coord_spec();
        let font = look.font(11.0).into_font().color(&look.fg());
        let size = look.font(11.0).1;
        let mut text_w = 0;
        for (label, _) in &self.entries {
            text_w = text_w.max(area.estimate_text_size(label, &font).map_err(err)?.0 as i32);
        }
        let n = self.entries.len() as f64;
        let text_h = ((n - 1.0) * LINE_SPACING * size + LINE_BOX * size).round() as i32;
        let (w, h) = (text_w + MARK_AREA + 2 * MARGIN, text_h + 2 * MARGIN);
        let (x0, y0) = (area.dim_in_pixel().0 as i32 - w - 5, 5);
        let frame = [(x0, y0), (x0 + w, y0 + h)];
        area.draw(&Rectangle::new(frame, look.bg().mix(0.85).filled()))
            .map_err(err)?;
        area.draw(&Rectangle::new(frame, look.grid()))
            .map_err(err)?;
        for (i, (label, mark)) in self.entries.iter().enumerate() {
            let top = y0 + MARGIN + (i as f64 * LINE_SPACING * size).round() as i32;
            let (x, y) = (x0 + MARGIN, top + (LINE_BOX * size / 2.0).round() as i32);
            match mark {
                Mark::Line(style) => {
                    area.draw(&PathElement::new(vec![(x, y), (x + 16, y)], *style))
                }
                Mark::Dot(c) => area.draw(&Circle::new((x + 8, y), 4, c.filled())),
                Mark::Block(c) => {
                    area.draw(&Rectangle::new([(x, y - 5), (x + 14, y + 5)], c.filled()))
                }
            }
            .map_err(err)?;
            let at = (x0 + MARGIN + MARK_AREA, top);
            area.draw(&Text::new(label.as_str(), at, font.clone()))
                .map_err(err)?;
        }
        Ok(())
    }
}
