//! What the lesson page, the widget, the search and the progress panel all read, and none of them
//! owns: the course's lesson files and their parsed segments, LaTeX → MathML, the glossary of
//! symbols, the `sim` block type, the hash routes and the progress store. Nothing here imports
//! a feature module (`lesson`, `widget`, `find`, `progress`, `plot`): the arrows run from those
//! to here, never back (tests/arrows.rs checks it).

pub mod course;
pub mod math;
pub mod progress;
pub mod route;
pub mod sim_block;
pub mod symbols;
pub mod tex;
pub mod text;
