//! What newsdex knows about words, as data loaded once: names, word classes and abbreviations.

pub mod abbreviations;
pub mod names;
