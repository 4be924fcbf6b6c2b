//! The lesson page: a parsed lesson's segments (`shared::course`) rendered as HTML, live
//! simulations, exercises and predictions.

mod exercise;
mod predict;
pub mod view;
