//! Seeded random numbers, identical on x86_64 and wasm32.

use crate::math::{log, sqrt};
use rand::{RngExt, SeedableRng};

/// PCG-64 (MCG variant): small state, fast, and a fixed algorithm, so a seed means the same
/// stream everywhere (rand's `StdRng` may change algorithm between releases).
pub type Rng = rand_pcg::Pcg64Mcg;

pub fn seeded(seed: u64) -> Rng {
    Rng::seed_from_u64(seed)
}

/// Uniform on [0, 1).
#[inline]
pub fn uniform(rng: &mut Rng) -> f64 {
    rng.random::<f64>()
}

/// Standard normal deviate by the Marsaglia polar method, written here (rather than taken from
/// rand_distr) so that it only uses `crate::math` functions and stays bit-identical across targets.
#[inline]
pub fn normal(rng: &mut Rng) -> f64 {
    loop {
        let u = 2.0 * uniform(rng) - 1.0;
        let v = 2.0 * uniform(rng) - 1.0;
        let s = u * u + v * v;
        if s > 0.0 && s < 1.0 {
            return u * sqrt(-2.0 * log(s) / s);
        }
    }
}

/// Exponential deviate with mean `mean`.
#[inline]
pub fn exponential(rng: &mut Rng, mean: f64) -> f64 {
    -mean * log(1.0 - uniform(rng))
}

/// Uniform integer in 0..n.
#[inline]
pub fn below(rng: &mut Rng, n: u32) -> u32 {
    rng.random_range(0..n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream_other_seed_other_stream() {
        let a: Vec<f64> = {
            let mut r = seeded(7);
            (0..5).map(|_| normal(&mut r)).collect()
        };
        let b: Vec<f64> = {
            let mut r = seeded(7);
            (0..5).map(|_| normal(&mut r)).collect()
        };
        let c: Vec<f64> = {
            let mut r = seeded(8);
            (0..5).map(|_| normal(&mut r)).collect()
        };
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn normal_has_unit_variance() {
        // Sample mean and variance of 2e5 draws: standard errors 0.0022 and 0.0032.
        let mut r = seeded(1);
        let n = 200_000;
        let xs: Vec<f64> = (0..n).map(|_| normal(&mut r)).collect();
        let m = xs.iter().sum::<f64>() / n as f64;
        let v = xs.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / n as f64;
        assert!(m.abs() < 0.01, "mean {m}");
        assert!((v - 1.0).abs() < 0.015, "variance {v}");
    }
}
