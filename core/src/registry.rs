//! Every simulation of the course, in one list shared by the page, the CLI and the tests.
//! Adding a model = a file in its family's folder and one line here.

use crate::model::ModelEntry;
use crate::neuron;

pub static MODELS: &[&ModelEntry] = &[
    &neuron::passive::ENTRY,
    &neuron::hh::ENTRY,
    &neuron::fhn::ENTRY,
    &neuron::morris_lecar::ENTRY,
    &neuron::lif::ENTRY,
    &neuron::cable::ENTRY,
];

pub fn find(id: &str) -> Option<&'static ModelEntry> {
    MODELS.iter().copied().find(|m| m.spec.id == id)
}

/// The ids of all models, for error messages.
pub fn ids() -> Vec<&'static str> {
    MODELS.iter().map(|m| m.spec.id).collect()
}
