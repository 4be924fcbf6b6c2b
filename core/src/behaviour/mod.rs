//! Behavioural learning of Lecture 8: reinforcement learning in grid worlds, the two-step task
//! (model-based and model-free control) and meta-learning of exploration. One file per model.

pub mod gridworld;
pub mod meta_exploration;
pub mod two_step;
