//! Learning rules of Lectures 5 and 7: unsupervised (Hebb, Oja, BCM, maps, infomax, ICA, sparse
//! coding) and supervised (perceptron, multilayer networks). One file per model.

pub mod hebb;
pub mod infomax;
pub mod bcm;
pub mod ica;
pub mod perceptron;
pub mod mlp;
