//! Small vector kernels shared by the rate networks (the RK4 stages and J·φ products).
//! The dot product sums in a fixed order, so a seeded run rounds the same way natively and in wasm.

/// out = x + a k, elementwise.
#[inline]
pub fn axpy(out: &mut [f64], x: &[f64], a: f64, k: &[f64]) {
    for ((o, &xi), &ki) in out.iter_mut().zip(x).zip(k) {
        *o = xi + a * ki;
    }
}

/// Σ_j a_j b_j with four partial sums in a fixed order (the same rounding on every target).
#[inline]
pub fn dot(a: &[f64], b: &[f64]) -> f64 {
    let mut s = [0.0; 4];
    let (ca, cb) = (a.chunks_exact(4), b.chunks_exact(4));
    let (ra, rb) = (ca.remainder(), cb.remainder());
    for (x, y) in ca.zip(cb) {
        s[0] += x[0] * y[0];
        s[1] += x[1] * y[1];
        s[2] += x[2] * y[2];
        s[3] += x[3] * y[3];
    }
    let mut t = (s[0] + s[1]) + (s[2] + s[3]);
    for (x, y) in ra.iter().zip(rb) {
        t += x * y;
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kernels_match_their_definitions() {
        let a: Vec<f64> = (0..11).map(|i| i as f64 * 0.5).collect();
        let b: Vec<f64> = (0..11).map(|i| 1.0 - i as f64).collect();
        // Σ 0.5 i (1 − i) for i = 0..10 = 0.5 (55 − 385) = −165.
        assert_eq!(dot(&a, &b), -165.0);
        let mut out = vec![0.0; 11];
        axpy(&mut out, &a, 2.0, &b);
        assert!(out
            .iter()
            .enumerate()
            .all(|(i, &o)| o == 0.5 * i as f64 + 2.0 * (1.0 - i as f64)));
    }
}
