//! Eigenvalue spectra of random connectivity, shared by the random network (`random_rnn`) and the
//! low-rank network (`low_rank`).
//!
//! The bulk. A matrix χ with independent entries of mean 0 and variance 1/N has, as N → ∞, its
//! eigenvalues uniform in the unit disc (the circular law: Girko 1985, Theory Probab. Appl.
//! 29:694; Rajan & Abbott 2006, Phys. Rev. Lett. 97:188104). They are computed with nalgebra's
//! Schur decomposition, O(N³): exactly for N ≤ N_EXACT; for larger N, to keep a restart fast in
//! the browser, those of the leading N_EXACT × N_EXACT block rescaled by √(N/N_EXACT), a sample of
//! the same ensemble (same circular law), not the matrix's own eigenvalues.
//!
//! An outlier. Adding a rank-one matrix u wᵀ/N to gχ leaves the bulk where it was and, if
//! wᵀu/N lies outside the disc of radius g, adds one eigenvalue near wᵀu/N (Tao 2013, Probab.
//! Theory Relat. Fields 155:231). Exactly: λ outside the spectrum of gχ is an eigenvalue of
//! gχ + u wᵀ/N iff det(λ − gχ − u wᵀ/N) = det(λ − gχ) (1 − wᵀ(λ − gχ)⁻¹u/N) = 0 (the matrix
//! determinant lemma), i.e. iff
//!   1 = wᵀ(λ − gχ)⁻¹u/N = Σ_{k≥0} g^k c_k / λ^{k+1},   c_k = wᵀχ^k u/N,
//! the Neumann series converging for |λ| beyond the spectral radius of gχ. The moments c_k
//! (K = MOMENTS of them, K matrix–vector products of the full χ, whatever N) are computed once
//! per network; then the outlier at any g is found in O(K) per evaluation, so a slider on g or
//! on the overlap moves it at once. To leading order λ = c_0 = wᵀu/N; the next term,
//! λ ≈ c_0 + g c_1/c_0, with c_1 of standard deviation ‖u‖‖w‖/(N√N), is the finite-N shift.

use crate::math::{cos, hypot, pow, sin, sqrt};

/// Largest matrix whose spectrum is computed exactly (see the module doc).
pub const N_EXACT: usize = 500;
/// Number of moments c_k kept for the outlier.
pub const MOMENTS: usize = 400;
/// A root counts as an outlier only beyond (1 + EDGE_MARGIN) times the bulk radius, where the
/// truncated series has converged (ratio ≤ 1/1.05: 1.05^-400 ≈ 3e-9).
const EDGE_MARGIN: f64 = 0.05;

/// Eigenvalues (re, im) of the n × n row-major matrix `a` with i.i.d. entries of variance ∝ 1/n:
/// all of them for n ≤ N_EXACT, else a rescaled sample (module doc).
pub fn random_matrix_eigenvalues(a: &[f64], n: usize) -> Vec<(f64, f64)> {
    let m = n.min(N_EXACT);
    let scale = sqrt(n as f64 / m as f64);
    let mat = nalgebra::DMatrix::from_fn(m, m, |i, j| a[i * n + j] * scale);
    mat.complex_eigenvalues()
        .iter()
        .map(|z| (z.re, z.im))
        .collect()
}

/// Largest modulus among the eigenvalues.
pub fn spectral_radius(eigs: &[(f64, f64)]) -> f64 {
    eigs.iter()
        .map(|&(a, b)| sqrt(a * a + b * b))
        .fold(0.0, f64::max)
}

/// The circle of radius r about 0 as a closed polyline of `points` + 1 points, appended to `out`.
pub fn circle(r: f64, points: usize, out: &mut Vec<(f64, f64)>) {
    let step = 2.0 * crate::math::PI / points as f64;
    out.extend((0..=points).map(|k| (r * cos(k as f64 * step), r * sin(k as f64 * step))));
}

/// Moments wᵀχ^k u/N, k = 0..MOMENTS, for each w of `ws` (χ n × n row-major, `u` and each w of
/// length n): one product χ v per k, O(MOMENTS n²) in all.
pub fn krylov_moments(chi: &[f64], n: usize, u: &[f64], ws: &[&[f64]]) -> Vec<Vec<f64>> {
    let mut out = vec![Vec::with_capacity(MOMENTS); ws.len()];
    let mut v = u.to_vec();
    let mut next = vec![0.0; n];
    for k in 0..MOMENTS {
        for (o, w) in out.iter_mut().zip(ws) {
            o.push(crate::vecops::dot(w, &v) / n as f64);
        }
        if k + 1 < MOMENTS {
            for (i, x) in next.iter_mut().enumerate() {
                *x = crate::vecops::dot(&chi[i * n..(i + 1) * n], &v);
            }
            std::mem::swap(&mut v, &mut next);
        }
    }
    out
}

/// Σ_k g^k c_k / λ^{k+1} (Horner in g/λ) and the size of its last term.
fn secular(c: &[f64], g: f64, lambda: f64) -> (f64, f64) {
    let x = g / lambda;
    let s = c.iter().rev().fold(0.0, |s, &ck| s * x + ck);
    let last = c.len().saturating_sub(1);
    let tail = c[last].abs() * x.abs().powi(last as i32);
    (s / lambda, tail / lambda.abs())
}

/// The outliers of gχ + u wᵀ/N from the moments c_k = wᵀχ^k u/N (module doc): the roots of
/// 1 = Σ g^k c_k/λ^{k+1} with (1 + EDGE_MARGIN)·`bulk_radius` < |λ| ≤ `reach`, where `reach`
/// bounds the norm of the matrix, as (re, im), complex ones with their conjugates. Usually one
/// real root near wᵀu/N; near the edge of the disc the rank-one part may instead push out a
/// complex pair. Empty when the rank-one eigenvalue is hidden in the disc.
///
/// In w = 1/λ the equation is a polynomial, P(w) = Σ g^k c_k w^{k+1} − 1 = 0 with |w| < 1/lo:
/// real roots by a scan and bisection on λ, complex ones by Newton's method on P from a grid of
/// starts over the upper half of the annulus; a root is kept when P vanishes there to 1e-10 and
/// the last term of the truncated series is below 1e-9.
pub fn rank_one_outliers(c: &[f64], g: f64, bulk_radius: f64, reach: f64) -> Vec<(f64, f64)> {
    use nalgebra::Complex;
    let abs = |z: Complex<f64>| hypot(z.re, z.im);
    let mut out: Vec<(f64, f64)> = Vec::new();
    let lo = (1.0 + EDGE_MARGIN) * bulk_radius.max(1e-9);
    if reach <= lo {
        return out;
    }
    let h = |l: f64| secular(c, g, l).0 - 1.0;
    let converged = |l: f64| secular(c, g, l).1 < 1e-9;
    // Real roots: scan from the outside in (f − 1 < 0 far out on either side), bisect each
    // sign change.
    const SCAN: usize = 400;
    for sign in [1.0, -1.0] {
        let at = |k: usize| sign * (reach - (reach - lo) * k as f64 / SCAN as f64);
        let (mut prev, mut hp) = (at(0), h(at(0)));
        for k in 1..=SCAN {
            let l = at(k);
            let hl = h(l);
            if (hl > 0.0) != (hp > 0.0) {
                let (mut a, mut b, mut ha) = (prev, l, hp);
                for _ in 0..80 {
                    let mid = 0.5 * (a + b);
                    let hm = h(mid);
                    if (hm > 0.0) == (ha > 0.0) {
                        a = mid;
                        ha = hm;
                    } else {
                        b = mid;
                    }
                }
                let r = 0.5 * (a + b);
                if converged(r) {
                    out.push((r, 0.0));
                }
            }
            prev = l;
            hp = hl;
        }
    }
    // Complex roots: Newton on P(w) and P′(w) (Horner), from 8 radii × 12 angles.
    let p_dp = |w: Complex<f64>| {
        let (mut p, mut dp) = (Complex::new(0.0, 0.0), Complex::new(0.0, 0.0));
        for (k, &ck) in c.iter().enumerate().rev() {
            let a = ck * g.powi(k as i32);
            dp = dp * w + a * (k + 1) as f64;
            p = p * w + a;
        }
        (p * w - 1.0, dp)
    };
    let mut complex: Vec<(f64, f64)> = Vec::new();
    for i in 0..8 {
        let r = lo * pow(reach / lo, (i as f64 + 0.5) / 8.0);
        for j in 0..12 {
            let th = crate::math::PI * (j as f64 + 0.5) / 12.0;
            let mut w = Complex::new(cos(th), -sin(th)) / r;
            for _ in 0..60 {
                let (p, dp) = p_dp(w);
                if abs(dp) == 0.0 {
                    break;
                }
                let step = p / dp;
                w -= step;
                if !(abs(w) < 1.0 / lo) || abs(step) < 1e-15 * abs(w) {
                    break;
                }
            }
            if !(abs(w) < 1.0 / lo) || abs(p_dp(w).0) > 1e-10 {
                continue;
            }
            let l = w.inv();
            if l.im.abs() < 1e-7 || !converged(abs(l)) {
                continue;
            }
            let (re, im) = (l.re, l.im.abs());
            if !complex.iter().any(|&(a, b)| hypot(a - re, b - im) < 1e-6) {
                complex.push((re, im));
            }
        }
    }
    for (re, im) in complex {
        out.extend([(re, im), (re, -im)]);
    }
    out
}

/// The outlier of largest real part, if any (its real part).
pub fn rightmost(outliers: &[(f64, f64)]) -> Option<f64> {
    outliers.iter().map(|o| o.0).reduce(f64::max)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng;

    fn ginibre(n: usize, seed: u64) -> Vec<f64> {
        let mut r = rng::seeded(seed);
        let sd = 1.0 / (n as f64).sqrt();
        (0..n * n).map(|_| sd * rng::normal(&mut r)).collect()
    }

    #[test]
    fn the_outlier_from_the_moments_is_an_exact_eigenvalue_of_the_perturbed_matrix() {
        // gχ + u wᵀ/N with w = ρ u + z (z independent of u), N = 200, g = 0.6: the root of the
        // secular equation must be an eigenvalue of the full matrix (nalgebra's Schur form) to
        // 1e-8, for overlaps of both signs; and with the overlap inside the disc there is none.
        let n = 200;
        let chi = ginibre(n, 7);
        let mut r = rng::seeded(8);
        let u: Vec<f64> = (0..n).map(|_| rng::normal(&mut r)).collect();
        let z: Vec<f64> = (0..n).map(|_| rng::normal(&mut r)).collect();
        let g = 0.6;
        let eigs = random_matrix_eigenvalues(&chi, n);
        let radius = g * spectral_radius(&eigs);
        for rho in [1.5, -1.2, 0.9] {
            let w: Vec<f64> = u.iter().zip(&z).map(|(a, b)| rho * a + b).collect();
            let c = &krylov_moments(&chi, n, &u, &[&w])[0];
            let outliers = rank_one_outliers(c, g, radius, 10.0);
            assert_eq!(outliers.len(), 1, "ρ = {rho}: {outliers:?}");
            let lambda = outliers[0].0;
            let full = nalgebra::DMatrix::from_fn(n, n, |i, j| {
                g * chi[i * n + j] + u[i] * w[j] / n as f64
            });
            let nearest = full
                .complex_eigenvalues()
                .iter()
                .map(|e| ((e.re - lambda).powi(2) + e.im * e.im).sqrt())
                .fold(f64::MAX, f64::min);
            assert!(
                nearest < 1e-8,
                "ρ = {rho}: λ = {lambda}, nearest eigenvalue {nearest} away"
            );
        }
        let w: Vec<f64> = u.iter().zip(&z).map(|(a, b)| 0.2 * a + b).collect();
        let c = &krylov_moments(&chi, n, &u, &[&w])[0];
        assert_eq!(rank_one_outliers(c, g, radius, 10.0), vec![]);
    }

    #[test]
    fn circle_is_closed_and_round() {
        let mut pts = Vec::new();
        circle(2.0, 64, &mut pts);
        assert_eq!(pts.len(), 65);
        assert!(pts
            .iter()
            .all(|(x, y)| ((x * x + y * y).sqrt() - 2.0).abs() < 1e-12));
        assert!((pts[0].0 - pts[64].0).abs() < 1e-12 && (pts[0].1 - pts[64].1).abs() < 1e-12);
    }
}
