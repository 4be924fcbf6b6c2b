//! Natural-like images for the sparse-coding model: a dead-leaves model, its spectrum, and the
//! whitening filter of Olshausen & Field.
//!
//! Dead leaves (Matheron 1968; Lee, Mumford & Huang 2001, IJCV 41:35). Opaque disks of random
//! grey level g ~ U(0, 1), centres uniform, fall on the picture and occlude each other. Their
//! radii have the power-law density p(r) ∝ r⁻³ on [r_min, r_max]; r⁻³ is the scale-invariant
//! choice (the number of disks per area per log-radius is the same at every scale), and Lee,
//! Mumford & Huang show that it reproduces the statistics of natural images, in particular the
//! power spectrum ∝ 1/f² (amplitude ∝ 1/f; Field 1987, JOSA A 4:2379; van der Schaaf & van
//! Hateren 1996, Vision Res. 36:2759) between the frequencies set by r_max and r_min. Unlike
//! Gaussian 1/f noise these images have edges and occlusions: structure beyond their spectrum,
//! which is what sparse coding can find.
//!
//! Drawing: the leaves are dropped front to back — a new disk only paints pixels no earlier disk
//! covers — until every pixel is covered (the same image as dropping back to front until the
//! picture is covered, at a fraction of the cost). The picture is a torus (disks wrap around its
//! edges), so the discrete Fourier transform sees no artificial border.
//!
//! Whitening (Olshausen & Field 1997, Vision Res. 37:3311, §4): the spectrum is multiplied by the
//! zero-phase filter R(f) = f exp(−(f/f₀)⁴), f in cycles/picture, which flattens the 1/f
//! amplitude spectrum and rolls off before the highest frequencies (where sampling and noise
//! dominate). O&F used f₀ = 200 cycles/picture on 512-pixel images (0.39 N); `sparse_coding`
//! uses f₀ = 0.25 N (32 cycles/picture on N = 128), a stronger low-pass, so that on 8 × 8
//! patches the elements span several pixels instead of one or two (with 0.4 N they came out as
//! pixel-sized blobs and edges). The whitened image is then scaled to unit pixel variance.

use crate::math::{cos, exp, log, sin, sqrt, PI};
use crate::rng::{self, Rng};

/// Smallest and largest disk radius, pixels (r_max: a quarter of the picture).
pub const R_MIN: f64 = 1.0;
/// Cap on the number of disks (a picture is normally covered after a few thousand).
const MAX_DISKS: usize = 200_000;

/// A dead-leaves image of `size` × `size` pixels (row-major), grey levels in [0, 1].
pub fn dead_leaves(size: usize, rng: &mut Rng) -> Vec<f64> {
    let n = size;
    let mut img = vec![0.0; n * n];
    let mut covered = vec![false; n * n];
    let mut left = n * n;
    let r_max = n as f64 / 4.0;
    // Inverse CDF of p(r) ∝ r⁻³ on [r_min, r_max]: r = (r_min⁻² − u (r_min⁻² − r_max⁻²))^(−1/2).
    let (a, b) = (R_MIN.powi(-2), r_max.powi(-2));
    for _ in 0..MAX_DISKS {
        if left == 0 {
            break;
        }
        let r = 1.0 / sqrt(a - rng::uniform(rng) * (a - b));
        let (cx, cy) = (rng::uniform(rng) * n as f64, rng::uniform(rng) * n as f64);
        let g = rng::uniform(rng);
        let reach = r.ceil() as i64;
        for dy in -reach..=reach {
            for dx in -reach..=reach {
                // Pixel centres (px + 0.5, py + 0.5) within r of the centre, wrapped.
                let px = (cx.floor() as i64 + dx).rem_euclid(n as i64) as usize;
                let py = (cy.floor() as i64 + dy).rem_euclid(n as i64) as usize;
                let ex = cx.floor() + dx as f64 + 0.5 - cx;
                let ey = cy.floor() + dy as f64 + 0.5 - cy;
                let k = py * n + px;
                if ex * ex + ey * ey <= r * r && !covered[k] {
                    covered[k] = true;
                    img[k] = g;
                    left -= 1;
                }
            }
        }
    }
    img
}

/// In-place radix-2 FFT of a complex sequence (length a power of two); `inverse` conjugates the
/// twiddles and divides by the length.
pub fn fft(re: &mut [f64], im: &mut [f64], inverse: bool) {
    let n = re.len();
    debug_assert!(n.is_power_of_two() && im.len() == n);
    let mut j = 0;
    for i in 1..n {
        let mut bit = n >> 1;
        while j & bit != 0 {
            j ^= bit;
            bit >>= 1;
        }
        j |= bit;
        if i < j {
            re.swap(i, j);
            im.swap(i, j);
        }
    }
    let sign = if inverse { 1.0 } else { -1.0 };
    let mut len = 2;
    while len <= n {
        let ang = sign * 2.0 * PI / len as f64;
        for start in (0..n).step_by(len) {
            for k in 0..len / 2 {
                let (wr, wi) = (cos(ang * k as f64), sin(ang * k as f64));
                let (i, j) = (start + k, start + k + len / 2);
                let (tr, ti) = (re[j] * wr - im[j] * wi, re[j] * wi + im[j] * wr);
                re[j] = re[i] - tr;
                im[j] = im[i] - ti;
                re[i] += tr;
                im[i] += ti;
            }
        }
        len <<= 1;
    }
    if inverse {
        for v in re.iter_mut().chain(im.iter_mut()) {
            *v /= n as f64;
        }
    }
}

/// 2-D FFT of an n × n row-major complex image, rows then columns.
pub fn fft2(re: &mut [f64], im: &mut [f64], n: usize, inverse: bool) {
    for r in 0..n {
        fft(
            &mut re[r * n..(r + 1) * n],
            &mut im[r * n..(r + 1) * n],
            inverse,
        );
    }
    let (mut cr, mut ci) = (vec![0.0; n], vec![0.0; n]);
    for c in 0..n {
        for r in 0..n {
            cr[r] = re[r * n + c];
            ci[r] = im[r * n + c];
        }
        fft(&mut cr, &mut ci, inverse);
        for r in 0..n {
            re[r * n + c] = cr[r];
            im[r * n + c] = ci[r];
        }
    }
}

/// Signed frequency of DFT index k of n, cycles/picture.
fn freq(k: usize, n: usize) -> f64 {
    if k <= n / 2 {
        k as f64
    } else {
        k as f64 - n as f64
    }
}

/// Radially averaged amplitude spectrum |F(f)| of an n × n image (mean removed), for the integer
/// rings f = 1 … n/2 cycles/picture: points (f, mean amplitude in the ring [f − ½, f + ½)).
pub fn radial_amplitude(img: &[f64], n: usize) -> Vec<(f64, f64)> {
    let mean = img.iter().sum::<f64>() / img.len() as f64;
    let mut re: Vec<f64> = img.iter().map(|v| v - mean).collect();
    let mut im = vec![0.0; n * n];
    fft2(&mut re, &mut im, n, false);
    let rings = n / 2;
    let (mut sum, mut count) = (vec![0.0; rings + 1], vec![0usize; rings + 1]);
    for ky in 0..n {
        for kx in 0..n {
            let f = sqrt(freq(kx, n).powi(2) + freq(ky, n).powi(2));
            let ring = (f + 0.5) as usize;
            if (1..=rings).contains(&ring) {
                let k = ky * n + kx;
                sum[ring] += sqrt(re[k] * re[k] + im[k] * im[k]);
                count[ring] += 1;
            }
        }
    }
    (1..=rings)
        .map(|f| (f as f64, sum[f] / count[f] as f64))
        .collect()
}

/// Least-squares slope of log amplitude against log frequency over f_lo ≤ f ≤ f_hi: −α for a
/// spectrum ∝ f^−α.
pub fn log_log_slope(spectrum: &[(f64, f64)], f_lo: f64, f_hi: f64) -> f64 {
    let pts: Vec<(f64, f64)> = spectrum
        .iter()
        .filter(|(f, a)| *f >= f_lo && *f <= f_hi && *a > 0.0)
        .map(|&(f, a)| (log(f), log(a)))
        .collect();
    let m = pts.len() as f64;
    let (sx, sy) = pts
        .iter()
        .fold((0.0, 0.0), |(sx, sy), (x, y)| (sx + x, sy + y));
    let (mx, my) = (sx / m, sy / m);
    let (sxy, sxx) = pts.iter().fold((0.0, 0.0), |(a, b), (x, y)| {
        (a + (x - mx) * (y - my), b + (x - mx) * (x - mx))
    });
    sxy / sxx
}

/// Olshausen & Field's whitening: the spectrum times R(f) = f exp(−(f/f₀)⁴), f₀ = `f0_frac`·n
/// cycles/picture (zero phase, so the image stays real), then scaled to zero mean, unit variance.
pub fn whiten(img: &[f64], n: usize, f0_frac: f64) -> Vec<f64> {
    let mut re = img.to_vec();
    let mut im = vec![0.0; n * n];
    fft2(&mut re, &mut im, n, false);
    let f0 = f0_frac * n as f64;
    for ky in 0..n {
        for kx in 0..n {
            let f = sqrt(freq(kx, n).powi(2) + freq(ky, n).powi(2));
            let g = f * exp(-(f / f0).powi(4));
            re[ky * n + kx] *= g;
            im[ky * n + kx] *= g;
        }
    }
    fft2(&mut re, &mut im, n, true);
    let mean = re.iter().sum::<f64>() / re.len() as f64;
    let var = re.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / re.len() as f64;
    let s = if var > 0.0 { 1.0 / sqrt(var) } else { 0.0 };
    re.iter().map(|v| (v - mean) * s).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fft_inverts_and_finds_a_cosine() {
        // A cosine of 3 cycles over 16 samples: amplitude n/2 = 8 at k = 3 and 13, zero elsewhere.
        let n = 16;
        let x: Vec<f64> = (0..n)
            .map(|i| cos(2.0 * PI * 3.0 * i as f64 / n as f64))
            .collect();
        let (mut re, mut im) = (x.clone(), vec![0.0; n]);
        fft(&mut re, &mut im, false);
        for k in 0..n {
            let a = sqrt(re[k] * re[k] + im[k] * im[k]);
            let want = if k == 3 || k == 13 { 8.0 } else { 0.0 };
            assert!((a - want).abs() < 1e-9, "k = {k}: {a}");
        }
        fft(&mut re, &mut im, true);
        assert!(re.iter().zip(&x).all(|(a, b)| (a - b).abs() < 1e-12));
    }

    #[test]
    fn dead_leaves_have_a_one_over_f_amplitude_spectrum() {
        // Natural images: amplitude ∝ f^−α with α ≈ 1 (Field 1987, JOSA A 4:2379; van der Schaaf
        // & van Hateren 1996 report α = 0.94 ± 0.11 over 276 images, as 1.88 ± 0.43 for power).
        // Dead leaves with r⁻³ radii reproduce it (Lee, Mumford & Huang 2001). The slope of the
        // radially averaged amplitude over the mid frequencies 4–32 cycles/picture (between the
        // largest disks, r_max = 32 px, and the pixel scale), averaged over 4 images, within
        // α = 1 ± 0.2; and each image alone within ± 0.3.
        let n = 128;
        let mut rng = rng::seeded(3);
        let mut mean_alpha = 0.0;
        for _ in 0..4 {
            let img = dead_leaves(n, &mut rng);
            let alpha = -log_log_slope(&radial_amplitude(&img, n), 4.0, 32.0);
            assert!((alpha - 1.0).abs() < 0.3, "one image: α = {alpha}");
            mean_alpha += alpha / 4.0;
        }
        assert!((mean_alpha - 1.0).abs() < 0.2, "α = {mean_alpha}");
    }

    #[test]
    fn a_picture_is_fully_covered_with_edges() {
        // Every pixel is painted by some leaf (no pixel keeps the initial 0 with probability 1),
        // and the image is piecewise constant: most neighbouring pixels are equal (inside a leaf),
        // some differ (edges) — unlike Gaussian noise, where no two neighbours are equal.
        let n = 64;
        let img = dead_leaves(n, &mut rng::seeded(1));
        assert!(img.iter().all(|&v| v > 0.0 && v < 1.0));
        let equal = (0..n * n)
            .filter(|&k| img[k] == img[(k / n) * n + (k + 1) % n])
            .count() as f64
            / (n * n) as f64;
        assert!(equal > 0.5 && equal < 0.98, "equal neighbours: {equal}");
    }

    #[test]
    fn whitening_flattens_the_spectrum() {
        // After R(f) = f exp(−(f/f₀)⁴) the amplitude of a 1/f image is flat below the roll-off:
        // the slope over 4–32 cycles/picture (f₀ = 51) is within ±0.3 of 0 (the filter's own
        // roll-off gives −4 (f/f₀)⁴, at most −0.6 at 32, averaging ≈ −0.15 over the fit range);
        // the whitened image has unit variance.
        let n = 128;
        let img = dead_leaves(n, &mut rng::seeded(2));
        let w = whiten(&img, n, 0.4);
        let s = log_log_slope(&radial_amplitude(&w, n), 4.0, 32.0);
        assert!(s.abs() < 0.3, "slope {s}");
        let var = w.iter().map(|v| v * v).sum::<f64>() / w.len() as f64;
        assert!((var - 1.0).abs() < 1e-9);
    }
}
