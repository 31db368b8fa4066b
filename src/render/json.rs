//! `--json`: one object with the query, the totals (articles, and stories when collapsed), the time
//! taken and every hit with all its stored fields, passages (`highlights` are byte ranges into each
//! passage's `text`), its story and the story's other articles (`more`); and the largest stories.

use std::io::Write;

use crate::search::{SearchResults, StoriesResults};

/// Writes `results` as one JSON object and a newline.
pub fn write(out: &mut impl Write, results: &SearchResults) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, results).map_err(std::io::Error::other)?;
    writeln!(out)
}

/// Writes the largest stories of a period as one JSON object and a newline.
pub fn write_stories(out: &mut impl Write, results: &StoriesResults) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, results).map_err(std::io::Error::other)?;
    writeln!(out)
}
