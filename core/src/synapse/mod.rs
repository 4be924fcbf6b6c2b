//! Synapses: kinetics, short-term and spike-timing-dependent plasticity (Lecture 2).
