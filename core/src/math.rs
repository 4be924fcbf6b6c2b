//! The transcendental functions the models use, from one portable implementation (`libm`).
//!
//! `f64::exp` calls the platform's libm natively (glibc) but Rust's own port on wasm32; the two
//! can differ in the last bit, and a chaotic or stochastic run then diverges. Models call these
//! instead, so a seed gives the same numbers natively and in the browser.

pub use libm::{atan2, cos, erf, erfc, exp, expm1, hypot, log, log1p, log2, pow, sin, sqrt, tanh};

pub const PI: f64 = std::f64::consts::PI;
