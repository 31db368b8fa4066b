//! Views of search results: for a terminal (`text`) and for programs (`json`).

pub mod csv;
pub mod json;
pub mod text;
