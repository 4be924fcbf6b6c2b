//! Learning rules of Lectures 5 and 7: unsupervised (Hebb, Oja, BCM, maps, infomax, ICA, sparse
//! coding) and supervised (perceptron, multilayer networks). One file per model.

pub mod natural_images;
pub mod sparse_coding;
