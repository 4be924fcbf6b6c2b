//! Single-neuron models (Lecture 3, and the Izhikevich model of Lecture 1).
pub mod aeif;
pub mod cable;
pub mod fhn;
pub mod hh;
pub mod izhikevich;
pub mod lif;
pub mod morris_lecar;
pub mod passive;
pub mod perfect_integrator;
pub mod prc;
pub mod theta;
