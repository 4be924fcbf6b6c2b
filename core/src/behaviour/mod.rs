//! Behavioural learning of Lecture 8: conditioning (Rescorla–Wagner), temporal-difference
//! prediction errors, and exploration in bandits and grid worlds. One file per model.

pub mod bandit;
pub mod rescorla_wagner;
pub mod td;
