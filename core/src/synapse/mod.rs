//! Synapses: kinetics, short-term and spike-timing-dependent plasticity (Lecture 2).
pub mod kinetics;
pub mod stdp;
pub mod stp;
pub mod working_memory;
