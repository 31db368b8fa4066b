//! `--csv`: one row per hit for spreadsheets (`search --all --csv`, `batch --csv`), RFC 4180: fields with a
//! comma, a quote or a line break are quoted, quotes doubled; lines end with CRLF. Values of the
//! multi-valued columns (places, people, topics) are joined with `; `.

use std::io::Write;

use chrono::SecondsFormat;

use tantivy::Score;

use crate::highlight::render_with;
use crate::index::summary::Summary;
use crate::search::Hit;
use crate::search::batch::Answer;

/// The header row's columns, in order.
pub const COLUMNS: [&str; 11] =
    ["id", "date", "title", "location", "source", "path", "url", "score", "places", "people", "topics"];

/// Writes the header row.
pub fn write_header(out: &mut impl Write) -> std::io::Result<()> {
    write_row(out, &COLUMNS.map(str::to_string))
}

/// Writes one hit as a row of [`COLUMNS`].
pub fn write_hit(out: &mut impl Write, hit: &Hit) -> std::io::Result<()> {
    let fields = hit.summary.fields().map_err(std::io::Error::other)?;
    let tags = [fields.places.join("; "), fields.people.join("; "), fields.topics.join("; ")];
    write_row(out, &[&hit_columns(&fields, hit.score)[..], &tags[..]].concat())
}

/// The columns a hit has in both CSVs, from its summary record and score: id, date, title,
/// location, source, path, url, score.
fn hit_columns(fields: &Summary<'_>, score: Score) -> [String; 8] {
    let text = |value: Option<&str>| value.unwrap_or_default().to_string();
    [
        fields.id.to_string(),
        fields.date.map(|date| date.to_rfc3339_opts(SecondsFormat::Secs, true)).unwrap_or_default(),
        text(fields.title),
        text(fields.location),
        text(fields.source),
        fields.path.to_string(),
        text(fields.url),
        score.to_string(),
    ]
}

/// The columns of `batch --csv`: the query and its counts, then one hit (empty when the query
/// found nothing or failed; `error` says why it failed).
pub const BATCH_COLUMNS: [&str; 15] = [
    "line",
    "query",
    "total_hits",
    "total_stories",
    "rank",
    "id",
    "date",
    "title",
    "location",
    "source",
    "path",
    "url",
    "score",
    "passage",
    "error",
];

/// Writes the header row of `batch --csv`.
pub fn write_batch_header(out: &mut impl Write) -> std::io::Result<()> {
    write_row(out, &BATCH_COLUMNS.map(str::to_string))
}

/// Writes one query's rows of [`BATCH_COLUMNS`]: a row per hit, or one row with the counts (and
/// the error) when there is no hit to show.
pub fn write_batch_answer(out: &mut impl Write, answer: &Answer<'_>) -> std::io::Result<()> {
    let query = [answer.query.line.to_string(), answer.query.text.to_string()];
    let results = match &answer.outcome {
        Ok(results) => results,
        Err(error) => {
            let mut row = query.to_vec();
            row.extend(std::iter::repeat_n(String::new(), BATCH_COLUMNS.len() - 3));
            row.push(error.to_string());
            return write_row(out, &row);
        }
    };
    let counts =
        [results.total_hits.to_string(), results.total_stories.map(|stories| stories.to_string()).unwrap_or_default()];
    if results.hits.is_empty() {
        let mut row = [&query[..], &counts[..]].concat();
        row.extend(std::iter::repeat_n(String::new(), BATCH_COLUMNS.len() - 4));
        return write_row(out, &row);
    }
    for hit in &results.hits {
        let fields = hit.summary.fields().map_err(std::io::Error::other)?;
        let passage = hit.passages.first().map(|passage| render_with(passage, "", "").replace('\n', " "));
        let found = [passage.unwrap_or_default(), String::new()];
        let columns = hit_columns(&fields, hit.score);
        write_row(out, &[&query[..], &counts[..], &[hit.rank.to_string()], &columns[..], &found[..]].concat())?;
    }
    Ok(())
}

fn write_row(out: &mut impl Write, row: &[String]) -> std::io::Result<()> {
    for (at, value) in row.iter().enumerate() {
        if at > 0 {
            out.write_all(b",")?;
        }
        write_field(out, value)?;
    }
    out.write_all(b"\r\n")
}

/// One field, quoted when it holds a comma, a quote or a line break.
fn write_field(out: &mut impl Write, value: &str) -> std::io::Result<()> {
    if !value.contains([',', '"', '\n', '\r']) {
        return out.write_all(value.as_bytes());
    }
    out.write_all(b"\"")?;
    out.write_all(value.replace('"', "\"\"").as_bytes())?;
    out.write_all(b"\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_only_when_needed() {
        let mut out = Vec::new();
        write_row(&mut out, &["plain".into(), "a, b".into(), "say \"hi\"".into(), "two\nlines".into(), String::new()])
            .expect("write");
        assert_eq!(String::from_utf8(out).expect("UTF-8"), "plain,\"a, b\",\"say \"\"hi\"\"\",\"two\nlines\",\r\n");
    }
}
