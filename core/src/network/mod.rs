//! Network models: oscillators (Lecture 1), spiking and rate networks (Lectures 4 and 6).
pub mod kuramoto;
