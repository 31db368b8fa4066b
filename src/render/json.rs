//! `--json`: one object with the query, the totals (articles, and stories when collapsed), the time
//! taken and every hit with all its stored fields, passages (`highlights` are byte ranges into each
//! passage's `text`), its story and the story's other articles (`more`); and the largest stories.

use std::io::Write;

use serde::Serialize;

use crate::search::batch::Answer;
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

/// One query of `batch --jsonl`: its line and text, then its counts and hits (as `search --json`
/// gives them, without the text), or the error that stopped it.
#[derive(Serialize)]
struct BatchLine<'a> {
    line: usize,
    query: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    total_hits: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    total_stories: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hits: Option<&'a [Hit]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// Writes one query's answer of `batch --jsonl` as one line.
pub fn write_batch_line(out: &mut impl Write, answer: &Answer<'_>) -> std::io::Result<()> {
    let mut line = BatchLine {
        line: answer.query.line,
        query: answer.query.text,
        total_hits: None,
        total_stories: None,
        hits: None,
        error: None,
    };
    match &answer.outcome {
        Ok(results) => {
            line.total_hits = Some(results.total_hits);
            line.total_stories = results.total_stories;
            line.hits = Some(&results.hits);
        }
        Err(error) => line.error = Some(error.to_string()),
    }
    serde_json::to_writer(&mut *out, &line).map_err(std::io::Error::from)?;
    writeln!(out)
}
