//! NeuroLive's simulation core: the models of the course and the machinery to run them.
//! No web dependency: it builds natively (tests, benchmarks, the `neurolive` CLI) and to wasm32
//! (the page), and a seeded run gives the same numbers on both.

pub mod answer;
pub mod arena;
pub mod behaviour;
pub mod coding;
pub mod decision;
pub mod engine_script;
pub mod export;
pub mod integrate;
pub mod learning;
pub mod math;
pub mod measure;
pub mod memory;
pub mod mirror;
pub mod model;
pub mod network;
pub mod neuron;
pub mod overlay;
pub mod params;
pub mod phase;
pub mod record;
pub mod registry;
pub mod rng;
pub mod run;
pub mod sweep;
pub mod synapse;
#[cfg(test)]
pub(crate) mod testkit;
pub mod vecops;

pub use model::{Model, ModelEntry, ModelSpec};
pub use params::{ParamError, Params};
pub use record::{Recording, Retention};
pub use run::{SimError, Simulation};
