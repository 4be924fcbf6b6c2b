//! Decision making (Lecture 11): evidence accumulated to a bound. The drift–diffusion model,
//! Wald's sequential probability ratio test, the leaky competing accumulator, an attractor network
//! that decides (Wong & Wang), and hearing a change in a tone cloud. One file per model.

pub mod change_detection;
pub mod ddm;
pub mod lca;
pub mod sprt;
pub mod wong_wang;
