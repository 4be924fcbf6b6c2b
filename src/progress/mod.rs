//! The home page's progress panel. The store it reads (local storage) is `shared::progress`, which
//! the exercises write.

pub mod view;
