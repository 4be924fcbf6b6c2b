//! Decision making (Lecture 11): evidence accumulated to a bound. The drift–diffusion model,
//! Wald's sequential probability ratio test and the leaky competing accumulator. One file per model.

pub mod ddm;
pub mod lca;
pub mod sprt;
