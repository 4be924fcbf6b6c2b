//! Every simulation of the course, in one list shared by the page, the CLI and the tests.
//! Adding a model = a file in its family's folder and one line here.

use crate::model::ModelEntry;
use crate::neuron;
use crate::synapse;
use crate::{coding, network};

pub static MODELS: &[&ModelEntry] = &[
    &coding::poisson::ENTRY,
    &neuron::izhikevich::ENTRY,
    &network::kuramoto::ENTRY,
    &network::brunel::ENTRY,
    &network::brunel_phase::ENTRY,
    &network::rate_unit::ENTRY,
    &network::wilson_cowan::ENTRY,
    &network::ei_power_law::ENTRY,
    &network::linear_rnn::ENTRY,
    &network::random_rnn::ENTRY,
    &network::low_rank::ENTRY,
    &network::ring::ENTRY,
    &coding::tuning::ENTRY,
    &coding::neurometric::ENTRY,
    &neuron::passive::ENTRY,
    &neuron::hh::ENTRY,
    &neuron::fhn::ENTRY,
    &neuron::morris_lecar::ENTRY,
    &neuron::lif::ENTRY,
    &neuron::aeif::ENTRY,
    &neuron::perfect_integrator::ENTRY,
    &neuron::theta::ENTRY,
    &neuron::prc::ENTRY,
    &neuron::cable::ENTRY,
    &synapse::kinetics::ENTRY,
    &synapse::stp::ENTRY,
    &synapse::working_memory::ENTRY,
    &synapse::stdp::ENTRY,
    &crate::learning::hebb::ENTRY,
    &crate::memory::hopfield::ENTRY,
    &crate::memory::binary_synapses::ENTRY,
    &crate::learning::infomax::ENTRY,
    &crate::learning::bcm::ENTRY,
    &crate::memory::sequence_attractors::ENTRY,
    &crate::learning::ica::ENTRY,
    &coding::population_code::ENTRY,
    &crate::learning::perceptron::ENTRY,
    &crate::learning::mlp::ENTRY,
    &crate::learning::som::ENTRY,
    &crate::learning::sparse_coding::ENTRY,
    &crate::behaviour::rescorla_wagner::ENTRY,
    &crate::behaviour::td::ENTRY,
    &crate::behaviour::bandit::ENTRY,
    &crate::behaviour::gridworld::ENTRY,
    &crate::behaviour::two_step::ENTRY,
    &crate::behaviour::meta_exploration::ENTRY,
    &crate::decision::ddm::ENTRY,
    &crate::decision::sprt::ENTRY,
    &crate::decision::lca::ENTRY,
    &crate::decision::wong_wang::ENTRY,
    &crate::decision::change_detection::ENTRY,
];

pub fn find(id: &str) -> Option<&'static ModelEntry> {
    MODELS.iter().copied().find(|m| m.spec.id == id)
}

/// The ids of all models, for error messages.
pub fn ids() -> Vec<&'static str> {
    MODELS.iter().map(|m| m.spec.id).collect()
}
