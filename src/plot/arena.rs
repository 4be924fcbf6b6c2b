//! A grid world (`PlotKind::Arena`): each cell coloured by its value (viridis, with a colour bar),
//! walls dark, cliffs red, S and G marking start and goal, the greedy policy as arrows,
//! the agent's recent path as a line ending in a dot. The same `Geometry` maps a click back to a
//! cell, so an editable arena edits the cell under the pointer.

use super::heatmap::{colour_bar, short};
use super::*;
use neurolive_core::arena::{Arena, Cell, Move};

/// Width of the colour bar strip, and height of the title and of the column notes, CSS px.
const BAR_PX: f64 = 62.0;
const TITLE_PX: f64 = 24.0;
const NOTES_PX: f64 = 18.0;

/// Where the cells are on the canvas, in canvas pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Geometry {
    pub x0: f64,
    pub y0: f64,
    pub cell: f64,
    pub cols: usize,
    pub rows: usize,
}

impl Geometry {
    /// The largest square cells that fit a canvas of `size` pixels beside the colour bar, under
    /// the title and above the column notes, centred.
    pub fn fit(size: (f64, f64), scale: f64, cols: usize, rows: usize) -> Geometry {
        let (w, h) = (
            size.0 - BAR_PX * scale,
            size.1 - (TITLE_PX + NOTES_PX) * scale,
        );
        let cell = (w / cols.max(1) as f64)
            .min(h / rows.max(1) as f64)
            .max(1.0);
        let x0 = (w - cell * cols as f64).max(0.0) / 2.0;
        let y0 = TITLE_PX * scale + (h - cell * rows as f64).max(0.0) / 2.0;
        Geometry {
            x0,
            y0,
            cell,
            cols,
            rows,
        }
    }
    /// The cell under canvas pixel (px, py), if any.
    pub fn cell_at(&self, px: f64, py: f64) -> Option<(usize, usize)> {
        let (fx, fy) = ((px - self.x0) / self.cell, (py - self.y0) / self.cell);
        (fx >= 0.0 && fy >= 0.0 && (fx as usize) < self.cols && (fy as usize) < self.rows)
            .then_some((fx as usize, fy as usize))
    }
    /// The centre of cell (x, y), canvas pixels.
    pub fn centre(&self, x: usize, y: usize) -> (i32, i32) {
        (
            (self.x0 + (x as f64 + 0.5) * self.cell) as i32,
            (self.y0 + (y as f64 + 0.5) * self.cell) as i32,
        )
    }
    fn corners(&self, x: usize, y: usize) -> [(i32, i32); 2] {
        let (a, b) = (
            self.x0 + x as f64 * self.cell,
            self.y0 + y as f64 * self.cell,
        );
        [
            (a as i32, b as i32),
            ((a + self.cell) as i32, (b + self.cell) as i32),
        ]
    }
}

/// The arena `name` of the model, as it would be drawn.
pub fn read(sim: &Simulation, name: &str) -> Arena {
    let mut a = Arena::default();
    sim.model().arena(name, &mut a);
    a
}

/// The range the colour layer spans: the declared one, or the finite values' extent.
pub fn value_range(a: &Arena) -> (f64, f64) {
    if a.value_range.0 < a.value_range.1 {
        return a.value_range;
    }
    let (lo, hi) = value_extent(a.values.iter().copied(), false);
    if lo < hi {
        (lo, hi)
    } else if lo.is_finite() {
        (lo - 1.0, lo + 1.0)
    } else {
        (0.0, 1.0)
    }
}

pub fn draw(
    root: &Area,
    plot: &PlotSpec,
    sim: &Simulation,
    name: &str,
    value_label: &str,
    look: Look,
) -> Result<(), String> {
    let a = read(sim, name);
    let fg = look.fg();
    let (w, h) = root.dim_in_pixel();
    root.draw(&Text::new(
        plot.title.to_string(),
        (look.px(8.0) as i32, look.px(5.0) as i32),
        look.font(13.0).into_font().color(&fg),
    ))
    .map_err(err)?;
    if !a.is_consistent() {
        return Ok(());
    }
    let range = value_range(&a);
    // The colour bar under the title's line, so that its label never runs into a long title.
    let (_, below_title) = root.split_vertically(look.px(TITLE_PX));
    let (_, bar) = below_title.split_horizontally(w.saturating_sub(look.px(BAR_PX)));
    colour_bar(&bar, range, value_label, look)?;
    let g = Geometry::fit((w as f64, h as f64), look.scale, a.width, a.height);
    cells(root, &a, &g, range, look)?;
    arrows(root, &a, &g, look)?;
    path(root, &a, &g, look)?;
    notes(root, &a, &g, look)
}

/// Each cell's fill, then its marks (S, G), then the grid lines.
fn cells(
    root: &Area,
    a: &Arena,
    g: &Geometry,
    range: (f64, f64),
    look: Look,
) -> Result<(), String> {
    let span = if range.1 > range.0 {
        range.1 - range.0
    } else {
        1.0
    };
    let font = look
        .font((g.cell / look.scale * 0.5).clamp(8.0, 16.0))
        .into_font();
    for y in 0..a.height {
        for x in 0..a.width {
            let i = a.index(x, y);
            let [p, q] = g.corners(x, y);
            let fill = match a.cells[i] {
                Cell::Wall => {
                    if look.dark {
                        RGBColor(110, 112, 120)
                    } else {
                        RGBColor(60, 60, 66)
                    }
                }
                Cell::Cliff => RGBColor(200, 70, 60),
                _ if a.values[i].is_finite() => {
                    let c = colorous::VIRIDIS
                        .eval_continuous(((a.values[i] - range.0) / span).clamp(0.0, 1.0));
                    RGBColor(c.r, c.g, c.b)
                }
                _ => look.bg(),
            };
            root.draw(&Rectangle::new([p, q], fill.filled()))
                .map_err(err)?;
            let mark = match a.cells[i] {
                Cell::Start => "S",
                Cell::Goal => "G",
                _ => "",
            };
            if !mark.is_empty() {
                let (cx, cy) = g.centre(x, y);
                let style = font
                    .clone()
                    .color(&WHITE)
                    .pos(plotters::style::text_anchor::Pos::new(
                        plotters::style::text_anchor::HPos::Center,
                        plotters::style::text_anchor::VPos::Center,
                    ));
                root.draw(&Rectangle::new(
                    [p, q],
                    RGBColor(0, 0, 0).mix(0.35).filled(),
                ))
                .map_err(err)?;
                root.draw(&Text::new(mark, (cx, cy), style)).map_err(err)?;
            }
            root.draw(&Rectangle::new([p, q], look.grid().stroke_width(1)))
                .map_err(err)?;
        }
    }
    Ok(())
}

/// The greedy action of each cell as a short arrow from its centre.
fn arrows(root: &Area, a: &Arena, g: &Geometry, look: Look) -> Result<(), String> {
    let colour = RGBColor(255, 255, 255).mix(0.9);
    let len = 0.32 * g.cell;
    let head = 0.14 * g.cell;
    for y in 0..a.height {
        for x in 0..a.width {
            let Some(m) = a.policy[a.index(x, y)] else {
                continue;
            };
            let (cx, cy) = g.centre(x, y);
            let (dx, dy) = Move::delta(m);
            let tip = (cx + (dx as f64 * len) as i32, cy + (dy as f64 * len) as i32);
            let tail = (
                cx - (dx as f64 * len * 0.6) as i32,
                cy - (dy as f64 * len * 0.6) as i32,
            );
            root.draw(&PathElement::new(
                vec![tail, tip],
                colour.stroke_width(look.stroke(1.5)),
            ))
            .map_err(err)?;
            // The head: two short strokes back from the tip, at ±45° to the shaft.
            let (px, py) = (-dy as f64, dx as f64);
            for side in [-1.0, 1.0] {
                let end = (
                    tip.0 - ((dx as f64 - side * px) * head) as i32,
                    tip.1 - ((dy as f64 - side * py) * head) as i32,
                );
                root.draw(&PathElement::new(
                    vec![tip, end],
                    colour.stroke_width(look.stroke(1.5)),
                ))
                .map_err(err)?;
            }
        }
    }
    Ok(())
}

/// The agent's recent path (older steps fainter) and the agent itself.
fn path(root: &Area, a: &Arena, g: &Geometry, look: Look) -> Result<(), String> {
    let colour = look.color(4);
    let points: Vec<(i32, i32)> = a.path.iter().map(|&(x, y)| g.centre(x, y)).collect();
    if points.len() >= 2 {
        root.draw(&PathElement::new(
            points,
            colour.mix(0.85).stroke_width(look.stroke(2.5)),
        ))
        .map_err(err)?;
    }
    if let Some((x, y)) = a.agent {
        let r = (0.28 * g.cell) as i32;
        root.draw(&Circle::new(g.centre(x, y), r.max(3), colour.filled()))
            .map_err(err)?;
        root.draw(&Circle::new(
            g.centre(x, y),
            r.max(3),
            BLACK.stroke_width(look.px(1.0)),
        ))
        .map_err(err)?;
    }
    Ok(())
}

/// A note under each column (the windy gridworld's wind).
fn notes(root: &Area, a: &Arena, g: &Geometry, look: Look) -> Result<(), String> {
    let font =
        look.font(10.0)
            .into_font()
            .color(&look.fg())
            .pos(plotters::style::text_anchor::Pos::new(
                plotters::style::text_anchor::HPos::Center,
                plotters::style::text_anchor::VPos::Top,
            ));
    let y = (g.y0 + g.cell * a.height as f64) as i32 + look.px(3.0) as i32;
    for (x, note) in a.column_notes.iter().enumerate() {
        root.draw(&Text::new(
            note.clone(),
            (g.centre(x, 0).0, y),
            font.clone(),
        ))
        .map_err(err)?;
    }
    Ok(())
}

/// The arena in words, for its screen-reader summary: size, where agent and goal are, the values.
pub fn describe(a: &Arena) -> String {
    if !a.is_consistent() {
        return String::new();
    }
    let find = |c: Cell| {
        a.cells
            .iter()
            .position(|&k| k == c)
            .map(|i| (i % a.width, i / a.width))
    };
    let at = |p: Option<(usize, usize)>| {
        p.map_or("—".to_string(), |(x, y)| {
            format!("column {}, row {}", x + 1, y + 1)
        })
    };
    let (lo, hi) = value_extent(a.values.iter().copied(), false);
    let walls = a.cells.iter().filter(|&&c| c == Cell::Wall).count();
    let arrows = a.policy.iter().filter(|m| m.is_some()).count();
    let values = if lo <= hi {
        format!(" Values from {} to {}.", short(lo), short(hi))
    } else {
        String::new()
    };
    format!(
        " {}×{} cells, {walls} walls; agent at {}, goal at {}; path of {} cells; greedy policy in {arrows} cells.{values}",
        a.width,
        a.height,
        at(a.agent),
        at(find(Cell::Goal)),
        a.path.len()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_click_finds_the_cell_it_was_drawn_in() {
        let g = Geometry::fit((600.0, 300.0), 1.0, 12, 4);
        for (x, y) in [(0, 0), (11, 3), (5, 2)] {
            let (cx, cy) = g.centre(x, y);
            assert_eq!(g.cell_at(cx as f64, cy as f64), Some((x, y)));
        }
        assert_eq!(g.cell_at(g.x0 - 1.0, g.y0 + 1.0), None, "left of the grid");
        assert_eq!(
            g.cell_at(g.x0 + 1.0, g.y0 + 4.0 * g.cell + 1.0),
            None,
            "below the grid"
        );
        assert!(
            g.x0 + 12.0 * g.cell <= 600.0 - BAR_PX,
            "the grid leaves room for the colour bar"
        );
    }

    #[test]
    fn the_colour_layer_spans_the_values_unless_declared() {
        let mut a = Arena::new(2, 1);
        a.values = vec![-3.0, f64::NAN];
        assert_eq!(value_range(&a), (-4.0, -2.0), "one value: a span around it");
        a.values = vec![-3.0, 1.0];
        assert_eq!(value_range(&a), (-3.0, 1.0));
        a.value_range = (-10.0, 0.0);
        assert_eq!(value_range(&a), (-10.0, 0.0));
    }
}
