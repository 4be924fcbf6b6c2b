//! Decision making (Lecture 11): an attractor network that decides, and hearing a change.
//! One file per model.

pub mod change_detection;
pub mod wong_wang;
