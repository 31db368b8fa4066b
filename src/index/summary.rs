//! What a hit shows without its text: every field of an article but the body, as one compact
//! record (postcard) in the `summary` bytes fast field.
//!
//! A results page reads one summary per hit: a lookup in an uncompressed ~4 KB dictionary block,
//! where the document store would decompress and parse the whole stored article. The body stays in
//! the document store and is read only for passages or when the full text is asked for.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tantivy::{DocAddress, Searcher};

use super::columns::{ColumnCache, SegmentColumns};
use crate::error::{Error, Result};

/// Characters of the body kept as the `lead` of an article without a title.
pub const LEAD_CHARS: usize = 80;

/// Everything newsdex shows of an article but its text, as stored and as hits print it in JSON
/// (every key present, `null` where there is no value: postcard is not self-describing, so no field
/// may be skipped). Tag values are canonical, as indexed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub id: String,
    pub path: String,
    /// Article number inside its file.
    pub ordinal: u64,
    pub line: Option<u64>,
    pub byte_offset: Option<u64>,
    pub external_id: Option<String>,
    pub title: Option<String>,
    /// The first words of the body, for an article without a title.
    pub lead: Option<String>,
    #[serde(with = "compact_date")]
    pub date: Option<DateTime<Utc>>,
    pub location: Option<String>,
    pub places: Vec<String>,
    /// ISO 3166 alpha-2 code of each place's country, parallel to `places`.
    pub place_countries: Vec<Option<String>>,
    pub people: Vec<String>,
    pub orgs: Vec<String>,
    pub topics: Vec<String>,
    pub authors: Vec<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub language: Option<String>,
    /// Fields newsdex extracted from the text rather than read from the file.
    pub extracted: Vec<String>,
}

/// A date as RFC 3339 text where people read it (JSON), as whole seconds in the index.
mod compact_date {
    use chrono::{DateTime, Utc};
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(date: &Option<DateTime<Utc>>, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            date.serialize(serializer)
        } else {
            date.map(|date| date.timestamp()).serialize(serializer)
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<DateTime<Utc>>, D::Error> {
        if deserializer.is_human_readable() {
            return Option::<DateTime<Utc>>::deserialize(deserializer);
        }
        let seconds = Option::<i64>::deserialize(deserializer)?;
        seconds
            .map(|seconds| {
                DateTime::from_timestamp(seconds, 0)
                    .ok_or_else(|| D::Error::custom(format!("date {seconds} out of range")))
            })
            .transpose()
    }
}

impl Summary {
    /// The bytes stored in the index.
    pub fn encode(&self) -> Vec<u8> {
        // Strings, integers, options and lists always serialize; postcard fails only on types it
        // does not support (maps of unknown length) or a full fixed buffer, neither used here.
        postcard::to_allocvec(self).unwrap_or_default()
    }

    /// Reads bytes written by [`Summary::encode`].
    pub fn decode(bytes: &[u8]) -> std::result::Result<Summary, postcard::Error> {
        postcard::from_bytes(bytes)
    }
}

/// The first words of `text`, at most `max_chars` characters, cut at a word boundary (`…` when cut).
pub fn first_words(text: &str, max_chars: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max_chars {
        return flat;
    }
    let cut: String = flat.chars().take(max_chars).collect();
    let at_word = cut.rfind(' ').map(|at| &cut[..at]).unwrap_or(&cut);
    format!("{at_word}…")
}

/// Reads summaries from one searcher's segments.
pub struct SummaryReader<'a> {
    searcher: &'a Searcher,
    cache: &'a ColumnCache,
    columns: Vec<Option<Arc<SegmentColumns>>>,
    bytes: Vec<u8>,
}

impl<'a> SummaryReader<'a> {
    pub fn new(searcher: &'a Searcher, cache: &'a ColumnCache) -> Self {
        SummaryReader { searcher, cache, columns: vec![None; searcher.segment_readers().len()], bytes: Vec::new() }
    }

    /// The summary of the article at `address`.
    pub fn get(&mut self, address: DocAddress) -> Result<Summary> {
        let segment = address.segment_ord as usize;
        let damaged = |reason: String| {
            Error::Damaged(format!(
                "no readable summary for article {} of segment {segment} ({reason})",
                address.doc_id
            ))
        };
        let columns = match self.columns.get_mut(segment) {
            Some(Some(columns)) => columns,
            Some(slot) => slot.insert(self.cache.get(&self.searcher.segment_readers()[segment])?),
            None => return Err(damaged("no such segment".into())),
        };
        let column = &columns.summaries;
        let ord = column.term_ords(address.doc_id).next().ok_or_else(|| damaged("none stored".into()))?;
        self.bytes.clear();
        let found = column.ord_to_bytes(ord, &mut self.bytes).map_err(|error| damaged(error.to_string()))?;
        if !found {
            return Err(damaged(format!("dictionary entry {ord} is missing")));
        }
        Summary::decode(&self.bytes).map_err(|error| damaged(error.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let summary = Summary {
            id: "00ab".into(),
            path: "/news/a.jsonl".into(),
            ordinal: 7,
            line: Some(8),
            title: Some("Quay extension approved".into()),
            date: DateTime::from_timestamp(1_700_000_000, 0),
            places: vec!["Antwerp".into(), "Belgium".into()],
            place_countries: vec![Some("BE".into()), Some("BE".into())],
            extracted: vec!["location".into()],
            ..Summary::default()
        };
        assert_eq!(Summary::decode(&summary.encode()).expect("decodes"), summary);
        let json = serde_json::to_value(&summary).expect("JSON");
        assert_eq!(json["date"], "2023-11-14T22:13:20Z", "people read dates as text");
        let undated = Summary { date: None, ..summary.clone() };
        let date_bytes = summary.encode().len() - undated.encode().len();
        assert!(date_bytes <= 6, "the index stores a date as seconds, not text: {date_bytes} bytes");
        assert!(Summary::decode(&summary.encode()[..5]).is_err(), "a cut record is an error, not a panic");
    }

    #[test]
    fn first_words_cut_at_a_word() {
        assert_eq!(first_words("Kuala Lumpur | In a major boost", 20), "Kuala Lumpur | In a…");
        assert_eq!(first_words("  short\n text ", 20), "short text");
    }
}
