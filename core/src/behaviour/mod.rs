//! Behavioural learning of Lecture 8: conditioning (Rescorla–Wagner), temporal-difference
//! prediction errors, exploration in bandits, reinforcement learning in grid worlds, the two-step
//! task (model-based and model-free control) and meta-learning of exploration. One file per model.

pub mod bandit;
pub mod gridworld;
pub mod meta_exploration;
pub mod rescorla_wagner;
pub mod td;
pub mod two_step;
