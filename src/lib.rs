//! newsdex: full-text search for folders of news articles.
//!
//! The pipeline: [`walk`] finds files, [`read`] turns their bytes into [`article::Article`]s,
//! [`extract`] fills what a file did not give (dateline place and date, language, people, orgs,
//! topics), [`index`] writes them to a tantivy index; [`query`] parses what the user typed into a
//! query; [`search`] runs it (filters as checks on what the words find, hits ranked by score then
//! date, their summaries read through one cache of what it keeps per index segment) and
//! [`highlight`] picks the passages to show; [`bench`] times searches over a query log; [`serve`]
//! answers searches over HTTP (a JSON API and a search page).
//!
//! ```
//! use newsdex::index::reader;
//! use newsdex::ingest::{self, IndexOptions};
//! use newsdex::search::{SearchRequest, Searcher};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let articles = tempfile::tempdir()?;
//! std::fs::write(
//!     articles.path().join("quay.txt"),
//!     "Quay extension approved\n\nANTWERP, May 2 (Newsdex) - The port approved a quay extension.\n",
//! )?;
//! let index_dir = tempfile::tempdir()?;
//! let options = IndexOptions {
//!     roots: vec![articles.path().to_path_buf()],
//!     index_dir: index_dir.path().to_path_buf(),
//!     rebuild: false,
//!     threads: 1,
//!     memory_budget: 64 << 20,
//!     reference_date: None,
//!     taxonomy: None,
//!     entities: None,
//!     story_window_days: newsdex::stories::DEFAULT_WINDOW_DAYS,
//! };
//! let summary = ingest::run(&options, |_event| {})?;
//! assert_eq!(summary.articles_indexed, 1);
//!
//! let searcher = Searcher::new(reader::open(index_dir.path())?);
//! let request = SearchRequest { query: "quay location:antwerp".into(), ..SearchRequest::default() };
//! let results = searcher.search(&request)?;
//! assert_eq!(results.total_hits, 1);
//! let passage = &results.hits[0].passages[0];
//! let highlighted: Vec<&str> = passage.highlights.iter().map(|range| &passage.text[range.clone()]).collect();
//! assert_eq!(highlighted, ["quay"]);
//! # Ok(())
//! # }
//! ```

#![warn(missing_docs)]

pub mod article;
pub mod bench;
pub(crate) mod calendar;
pub mod error;
pub mod eval;
pub mod extract;
pub mod r#gen;
pub mod guard;
pub mod highlight;
pub mod index;
pub mod ingest;
pub(crate) mod lexicon;
pub mod manifest;
pub mod query;
pub mod read;
pub mod render;
pub mod search;
pub(crate) mod sentences;
pub mod serve;
pub mod stories;
pub mod tags;
pub(crate) mod text;
pub mod walk;

pub use error::{Error, Result};
