//! Bars at the x of each point of some profiles (side by side when several), with error bars:
//! responses to each pattern, a decoder's variance per population size.

use super::profile::{error_name, fetch, with_errors};
use super::*;

#[allow(clippy::too_many_arguments)]
pub fn draw(
    root: &Area,
    plot: &PlotSpec,
    sim: &Simulation,
    bars: &[&str],
    errors: &[&str],
    labels: (&str, &str),
    y: Range,
    look: Look,
) -> Result<(), String> {
    let sets: Vec<Vec<(f64, f64, f64)>> = bars
        .iter()
        .enumerate()
        .map(|(k, b)| with_errors(&fetch(sim, b), &fetch(sim, error_name(errors, k))))
        .collect();
    let (slot, offsets) = layout(&sets);
    let xs = value_extent(sets.iter().flatten().map(|p| p.0), false);
    let x = if xs.0 <= xs.1 {
        (xs.0 - slot / 2.0, xs.1 + slot / 2.0)
    } else {
        (0.0, 1.0)
    };
    // Bars start at zero: the axis always includes it (on a log axis, the lowest decade).
    let tops = sets
        .iter()
        .flatten()
        .flat_map(|&(_, v, e)| [v + e, v - e, 0.0]);
    let ay = Axis::fit(y, value_extent(tops, y.is_log()), false);
    let base = if ay.log { ay.range.0 } else { 0.0 };
    let mut chart = chart_scaled(
        root,
        plot.title,
        Axis::linear(x),
        ay,
        labels.0,
        labels.1,
        look,
    )?;
    let mut legend = Legend::default();
    let width = slot / bars.len().max(1) as f64;
    for (k, (name, pts)) in bars.iter().zip(&sets).enumerate() {
        let c = look.color(k);
        let left = |px: f64| px - slot / 2.0 + offsets[k] * width + 0.1 * width;
        chart
            .draw_series(
                pts.iter()
                    .filter(|p| ay.map(p.1).is_finite())
                    .map(|&(px, v, _)| {
                        Rectangle::new(
                            [(left(px), base), (left(px) + 0.8 * width, ay.map(v))],
                            c.mix(0.8).filled(),
                        )
                    }),
            )
            .map_err(err)?;
        legend.block(name.replace('_', " "), c);
        let fg = look.fg();
        // Each error bar: the whisker and its two caps.
        let whiskers = pts.iter().filter(|p| p.2 > 0.0).filter_map(|&(px, v, e)| {
            let (lo, hi) = (ay.map(v - e), ay.map(v + e));
            let (mid, cap) = (left(px) + 0.4 * width, 0.12 * width);
            let lo = if lo.is_finite() { lo } else { base };
            hi.is_finite().then(|| {
                vec![
                    (mid - cap, lo),
                    (mid + cap, lo),
                    (mid, lo),
                    (mid, hi),
                    (mid - cap, hi),
                    (mid + cap, hi),
                ]
            })
        });
        chart
            .draw_series(whiskers.map(|w| PathElement::new(w, fg.stroke_width(look.stroke(1.2)))))
            .map_err(err)?;
    }
    if bars.len() > 1 {
        legend.draw(&chart, look)?;
    }
    Ok(())
}

/// The width of one x position's slot (the smallest spacing of the x values) and each set's
/// place in it.
fn layout(sets: &[Vec<(f64, f64, f64)>]) -> (f64, Vec<f64>) {
    let mut xs: Vec<f64> = sets.iter().flatten().map(|p| p.0).collect();
    xs.sort_by(f64::total_cmp);
    xs.dedup();
    let slot = xs
        .windows(2)
        .map(|w| w[1] - w[0])
        .fold(f64::INFINITY, f64::min);
    let slot = if slot.is_finite() && slot > 0.0 {
        slot
    } else {
        1.0
    };
    (slot, (0..sets.len()).map(|k| k as f64).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_slot_is_the_smallest_spacing() {
        let sets = vec![
            vec![(1.0, 0.0, 0.0), (3.0, 0.0, 0.0)],
            vec![(2.0, 0.0, 0.0)],
        ];
        assert_eq!(layout(&sets).0, 1.0);
        assert_eq!(
            layout(&[vec![(5.0, 1.0, 0.0)]]).0,
            1.0,
            "one bar: a unit slot"
        );
    }
}
