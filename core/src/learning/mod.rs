//! Learning rules of Lectures 5 and 7: unsupervised (Hebb, Oja, BCM, maps, infomax, ICA, sparse
//! coding) and supervised (perceptron, multilayer networks). One file per model.

pub mod bcm;
pub mod hebb;
pub mod ica;
pub mod infomax;
pub mod mlp;
pub mod natural_images;
pub mod perceptron;
pub mod som;
pub mod sparse_coding;
