//! Network models: oscillators (Lecture 1), spiking and rate networks (Lectures 4 and 6).
pub mod kuramoto;
pub mod brunel;
pub mod rate_unit;
pub mod wilson_cowan;
pub mod linear_rnn;
pub mod random_rnn;
pub mod low_rank;
pub mod ring;
