//! Views of search results: for a terminal (`text`) and for programs (`json`).

pub mod json;
pub mod text;
