//! Phase-plane geometry for any 2-D vector field: nullclines as zero contours (marching squares)
//! and a sampled arrow field. Models only provide `vector_field`; nothing here knows a model.

pub type Segment = ((f64, f64), (f64, f64));

/// The zero contour of `g` on an `n × n` grid over the given ranges, as line segments.
pub fn zero_contour(
    g: impl Fn(f64, f64) -> f64,
    x: (f64, f64),
    y: (f64, f64),
    n: usize,
) -> Vec<Segment> {
    let n = n.max(2);
    let xs = |i: usize| x.0 + (x.1 - x.0) * i as f64 / n as f64;
    let ys = |j: usize| y.0 + (y.1 - y.0) * j as f64 / n as f64;
    let mut vals = vec![0.0; (n + 1) * (n + 1)];
    for j in 0..=n {
        for i in 0..=n {
            vals[j * (n + 1) + i] = g(xs(i), ys(j));
        }
    }
    let v = |i: usize, j: usize| vals[j * (n + 1) + i];
    let mut segs = Vec::new();
    for j in 0..n {
        for i in 0..n {
            // Corners counter-clockwise from bottom-left, and the points where g crosses 0 on
            // each edge (linear interpolation).
            let c = [(i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1)];
            let mut cross = Vec::with_capacity(4);
            for k in 0..4 {
                let (a, b) = (c[k], c[(k + 1) % 4]);
                let (va, vb) = (v(a.0, a.1), v(b.0, b.1));
                if !(va.is_finite() && vb.is_finite()) {
                    continue;
                }
                if (va < 0.0) != (vb < 0.0) {
                    let s = va / (va - vb);
                    let px = xs(a.0) + s * (xs(b.0) - xs(a.0));
                    let py = ys(a.1) + s * (ys(b.1) - ys(a.1));
                    cross.push((px, py));
                }
            }
            match cross.len() {
                2 => segs.push((cross[0], cross[1])),
                // Saddle cell: pair the crossings in order (ambiguous at grid scale, invisible).
                4 => {
                    segs.push((cross[0], cross[1]));
                    segs.push((cross[2], cross[3]));
                }
                _ => {}
            }
        }
    }
    segs
}

/// Both nullclines of a field: (dx/dt = 0, dy/dt = 0).
pub fn nullclines(
    field: impl Fn(f64, f64) -> Option<(f64, f64)>,
    x: (f64, f64),
    y: (f64, f64),
    n: usize,
) -> (Vec<Segment>, Vec<Segment>) {
    let fx = zero_contour(|a, b| field(a, b).map_or(f64::NAN, |v| v.0), x, y, n);
    let fy = zero_contour(|a, b| field(a, b).map_or(f64::NAN, |v| v.1), x, y, n);
    (fx, fy)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contour_of_a_circle_lies_on_the_circle() {
        let segs = zero_contour(|x, y| x * x + y * y - 1.0, (-2.0, 2.0), (-2.0, 2.0), 40);
        assert!(segs.len() > 20);
        for (a, b) in segs {
            for p in [a, b] {
                let r = (p.0 * p.0 + p.1 * p.1).sqrt();
                // Linear interpolation on a 0.1 grid: error O(h²) ≈ 0.01.
                assert!((r - 1.0).abs() < 0.01, "point at radius {r}");
            }
        }
    }
}
