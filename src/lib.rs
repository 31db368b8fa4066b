//! newsdex: full-text search for folders of news articles.
//!
//! The pipeline: [`walk`] finds files, [`read`] turns their bytes into [`article::Article`]s,
//! [`extract`] fills what a file did not give (dateline place and date, language), [`index`] writes
//! them to a tantivy index; [`query`] parses what the user typed, [`search`] runs it and
//! [`highlight`] picks the passages to show.

pub mod article;
pub mod error;
pub mod eval;
pub mod extract;
pub mod r#gen;
pub mod highlight;
pub mod index;
pub mod ingest;
pub mod manifest;
pub mod query;
pub mod read;
pub mod render;
pub mod search;
pub mod tags;
pub mod walk;

pub use error::{Error, Result};
