//! `--json`: one object with the query, the total, the time taken and every hit with all its stored
//! fields and passages (`highlights` are byte ranges into each passage's `text`).

use std::io::Write;

use crate::search::SearchResults;

/// Writes `results` as one JSON object and a newline.
pub fn write(out: &mut impl Write, results: &SearchResults) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, results).map_err(std::io::Error::other)?;
    writeln!(out)
}
