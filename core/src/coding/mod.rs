//! Spike trains and population codes (Lecture 1).
pub mod neurometric;
pub mod poisson;
pub mod population_code;
pub mod tuning;
