//! A file of queries run one after another (`newsdex batch`), each as `newsdex search` would run
//! it, answered with its counts and best hits: how journalists check a list of names against an
//! archive. A query that does not parse costs that query, never the run; a failure of the index
//! (it cannot be read) ends the run.

use std::time::Instant;

use serde::Serialize;

use super::{SearchRequest, SearchResults, Searcher};
use crate::error::{Error, ErrorKind, Result};

/// One query of a batch: where it is in its file and what it says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchQuery<'a> {
    /// Its line in the file, 1-based.
    pub line: usize,
    /// The query, in the search syntax (filters allowed).
    pub text: &'a str,
}

/// The answer to one query of a batch.
#[derive(Debug)]
pub struct Answer<'a> {
    /// The query.
    pub query: BatchQuery<'a>,
    /// Its results, or why it could not run (a bad query: [`ErrorKind::BadRequest`]).
    pub outcome: std::result::Result<SearchResults, Error>,
}

/// What a whole batch did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct BatchSummary {
    /// Queries run.
    pub queries: usize,
    /// Of them, those that found at least one article.
    pub with_hits: usize,
    /// Of them, those that could not run (bad queries), each reported with its line.
    pub failed: usize,
    /// The whole batch, µs.
    pub took_us: u64,
}

/// Runs each of `queries` as `template` says (its `query` replaced; filters, limit, sort and the
/// rest kept), handing each answer to `each` as soon as it is ready. Returns the summary; stops at
/// the first error that is not the query's own (or `each`'s error).
pub fn run<'a>(
    searcher: &Searcher,
    queries: impl IntoIterator<Item = BatchQuery<'a>>,
    template: &SearchRequest,
    mut each: impl FnMut(Answer<'a>) -> Result<()>,
) -> Result<BatchSummary> {
    let started = Instant::now();
    let mut summary = BatchSummary::default();
    for query in queries {
        let request = SearchRequest { query: query.text.to_string(), ..template.clone() };
        let outcome = match searcher.search(&request) {
            Ok(results) => Ok(results),
            Err(error) if error.kind() == ErrorKind::BadRequest => Err(error),
            Err(error) => return Err(error),
        };
        summary.queries += 1;
        match &outcome {
            Ok(results) if results.total_hits > 0 => summary.with_hits += 1,
            Ok(_) => {}
            Err(_) => summary.failed += 1,
        }
        each(Answer { query, outcome })?;
    }
    summary.took_us = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
    Ok(summary)
}
