//! The lexicon: the one home of the names, aliases and word lists that extraction, filters,
//! highlighting and display share — place names and their aliases, demonyms, former states,
//! language names, given names, titles and roles, word classes, organizations, abbreviations — so
//! that every stage reads a name the same way (`Holland` is the Netherlands for extraction and for
//! `place:holland` alike; `Inc.` ends no sentence for extraction, passages or `gen`).
//!
//! Knowledge lives in data files beside the code (`places/*.txt`, `languages/*.txt`, `names/*.txt`,
//! `abbreviations.txt`), bundled with `include_str!` and parsed once, on first use; data built into
//! crates (the `keshvar` countries, the `cities` gazetteer) is joined to it here.
//!
//! A low layer: it uses only std, crates and [`crate::text`]; `extract`, `tags`, `query`,
//! `highlight`, `gen` and `index` use it, never the reverse.

pub mod abbreviations;
pub(crate) mod languages;
pub mod names;
pub mod places;
mod table;
