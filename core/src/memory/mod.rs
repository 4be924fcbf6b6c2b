//! Associative memory (Lecture 7): attractor networks that store patterns in their couplings.
//! One file per model.

pub mod binary_synapses;
pub mod hopfield;
pub mod sequence_attractors;
