//! Network models: oscillators (Lecture 1), spiking and rate networks (Lectures 4 and 6).
pub mod brunel;
pub mod brunel_phase;
pub mod brunel_stability;
pub mod ei_power_law;
pub mod kuramoto;
pub mod linear_rnn;
pub mod low_rank;
pub mod random_rnn;
pub mod rate_unit;
pub mod ring;
pub mod spectrum;
pub mod wilson_cowan;
