//! Finding your way through the course: a search over all lessons, a glossary of the equations'
//! symbols, and the references of every lecture. All of it is computed in the browser from the
//! lessons embedded in the app, so it works offline.

//! The glossary's data and the lesson files it reads live in `shared` (the lessons draw the
//! symbol line under each equation from it); this module holds the pages and the index.

pub mod references;
pub mod search;
pub mod view;
