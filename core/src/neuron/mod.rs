//! Single-neuron models (Lecture 3, and the Izhikevich model of Lecture 1).
pub mod passive;
