//! `--json`: one object with the query, the totals (articles, and stories when collapsed), the time
//! taken and every hit with all its stored fields, passages (`highlights` are byte ranges into each
//! passage's `text`), its story and the story's other articles (`more`); and the largest stories.

use std::io::Write;

use crate::search::{Hit, SearchResults, StoriesResults};

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

/// Writes one hit as one line of JSON Lines (`search --all --jsonl`): the fields of a hit of
/// `--json`, without the text.
pub fn write_hit_line(out: &mut impl Write, hit: &Hit) -> std::io::Result<()> {
    // `From` keeps the kind of a write error (a closed pipe ends `… | head` quietly).
    serde_json::to_writer(&mut *out, hit).map_err(std::io::Error::from)?;
    writeln!(out)
}
