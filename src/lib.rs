//! newsdex: full-text search for folders of news articles.
//!
//! The pipeline: `walk` finds files, `read` turns their bytes into [`article::Article`]s, `extract`
//! fills what the file did not give (dateline, language), `index` writes them to a tantivy index;
//! `query` parses what the user typed, `search` runs it and `highlight` picks passages.

pub mod article;
pub mod extract;
pub mod highlight;
pub mod read;
