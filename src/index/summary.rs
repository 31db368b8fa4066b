//! What a hit shows without its text: every field of an article but the body, as one compact
//! record (postcard), stored in the `summary` fast field as 64-bit words.
//!
//! A results page reads one record per hit: a few dozen words at a known place in an uncompressed
//! column (no dictionary block to scan, nothing to decompress), copied into one buffer. Fields are
//! read from that buffer without copying: [`Summary`] borrows its strings from the record, so showing
//! a hit allocates once, not once per string and list (a decode of the owned form was ~1 µs a hit,
//! most of it allocating and freeing). The body stays in the document store and is read only for
//! passages or when the full text is asked for.
//!
//! The index writes the records ([`Summary::to_words`]); a search reads them for its hits through
//! its segment cache, and decodes them here ([`StoredSummary::from_words`]).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize, Serializer};
use smallvec::SmallVec;
use tantivy::DocAddress;

use crate::error::{Error, Result};

/// Characters of the body kept as the `lead` of an article without a title.
pub(crate) const LEAD_CHARS: usize = 80;

/// Tag values of one kind, borrowed from a record; up to four without allocating.
pub(crate) type Values<'a> = SmallVec<[&'a str; 4]>;

/// Everything newsdex shows of an article but its text, as stored and as hits print it in JSON
/// (every key present, `null` where there is no value: postcard is not self-describing, so no field
/// may be skipped). Tag values are canonical, as indexed. Strings borrow from the record they were
/// read from ([`StoredSummary::fields`]) or, when indexing, from the article.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Summary<'a> {
    /// Stable article id (hash of path and ordinal), hex.
    pub id: &'a str,
    /// Canonical path of the article's file.
    pub path: &'a str,
    /// Article number inside its file.
    pub ordinal: u64,
    /// 1-based line where the article starts inside its file (JSON Lines, SGML).
    pub line: Option<u64>,
    /// Byte offset where the article starts inside its file (SGML).
    pub byte_offset: Option<u64>,
    /// Identifier the file gives (Reuters `NEWID`, JSON `id`).
    #[serde(borrow)]
    pub external_id: Option<&'a str>,
    /// The headline.
    #[serde(borrow)]
    pub title: Option<&'a str>,
    /// The first words of the body, for an article without a title.
    #[serde(borrow)]
    pub lead: Option<&'a str>,
    /// Publication date, whole seconds, UTC.
    #[serde(with = "compact_date")]
    pub date: Option<DateTime<Utc>>,
    /// Where the story was filed from (the dateline place).
    #[serde(borrow)]
    pub location: Option<&'a str>,
    /// Places the article is about.
    #[serde(borrow)]
    pub places: Values<'a>,
    /// ISO 3166 alpha-2 code of each place's country, parallel to `places`.
    #[serde(borrow)]
    pub place_countries: SmallVec<[Option<&'a str>; 4]>,
    /// People the article names.
    #[serde(borrow)]
    pub people: Values<'a>,
    /// Organisations the article names, companies included.
    #[serde(borrow)]
    pub orgs: Values<'a>,
    /// Companies the article names.
    #[serde(borrow)]
    pub companies: Values<'a>,
    /// Subject topics.
    #[serde(borrow)]
    pub topics: Values<'a>,
    /// Writers of the article.
    #[serde(borrow)]
    pub authors: Values<'a>,
    /// The publication or wire the article comes from.
    #[serde(borrow)]
    pub source: Option<&'a str>,
    /// Web address of the article.
    #[serde(borrow)]
    pub url: Option<&'a str>,
    /// Language code (ISO 639-1 where one exists).
    #[serde(borrow)]
    pub language: Option<&'a str>,
    /// Fields newsdex extracted from the text rather than read from the file.
    #[serde(borrow)]
    pub extracted: Values<'a>,
}

/// A date as RFC 3339 text where people read it (JSON), as whole seconds in the index.
mod compact_date {
    use chrono::{DateTime, Utc};
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub(crate) fn serialize<S: Serializer>(date: &Option<DateTime<Utc>>, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            date.serialize(serializer)
        } else {
            date.map(|date| date.timestamp()).serialize(serializer)
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<DateTime<Utc>>, D::Error> {
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

impl Summary<'_> {
    /// The record stored in the index.
    pub(crate) fn encode(&self) -> Vec<u8> {
        // Strings, integers, options and lists always serialize; postcard fails only on types it
        // does not support (maps of unknown length) or a full fixed buffer, neither used here.
        postcard::to_allocvec(self).unwrap_or_default()
    }

    /// The record as the words of the `summary` column: its length in bytes, then its bytes, eight
    /// to a word (little-endian, the last word padded with zeros).
    pub(crate) fn to_words(&self) -> Vec<u64> {
        let record = self.encode();
        let mut words = Vec::with_capacity(1 + record.len().div_ceil(8));
        words.push(record.len() as u64);
        words.extend(record.chunks(8).map(|chunk| {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            u64::from_le_bytes(word)
        }));
        words
    }
}

/// One article's summary record, as read from the index. Its fields are decoded when read
/// ([`Self::fields`]), borrowing from the record: a results page pays for the fields it shows, and a
/// search pays only for copying each hit's record out of the column.
#[derive(Clone, PartialEq, Eq)]
pub struct StoredSummary {
    record: Box<[u8]>,
    /// Where the record was read from, for errors.
    address: DocAddress,
}

impl StoredSummary {
    /// The record of the article at `address` from the words of its `summary` column
    /// ([`Summary::to_words`]); an error says why the words are not a record.
    pub(crate) fn from_words(words: &[u64], address: DocAddress) -> std::result::Result<StoredSummary, String> {
        let (&length, data) = words.split_first().ok_or("no words")?;
        let length = usize::try_from(length).unwrap_or(usize::MAX);
        if length > data.len() * 8 || length + 8 <= data.len() * 8 {
            return Err(format!("{length} bytes recorded in {} words", data.len()));
        }
        let mut record = Vec::with_capacity(data.len() * 8);
        data.iter().for_each(|word| record.extend_from_slice(&word.to_le_bytes()));
        record.truncate(length);
        Ok(StoredSummary { record: record.into_boxed_slice(), address })
    }

    /// The fields, borrowed from the record.
    pub fn fields(&self) -> Result<Summary<'_>> {
        postcard::from_bytes(&self.record).map_err(|error| {
            Error::Damaged(format!(
                "the summary record of article {} of segment {} does not decode ({error})",
                self.address.doc_id, self.address.segment_ord
            ))
        })
    }
}

impl Serialize for StoredSummary {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        self.fields().map_err(serde::ser::Error::custom)?.serialize(serializer)
    }
}

impl std::fmt::Debug for StoredSummary {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.fields() {
            Ok(fields) => fields.fmt(formatter),
            Err(error) => write!(formatter, "StoredSummary({error})"),
        }
    }
}

/// The first words of `text`, at most `max_chars` characters, cut at a word boundary (`…` when cut).
pub(crate) fn first_words(text: &str, max_chars: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max_chars {
        return flat;
    }
    let cut: String = flat.chars().take(max_chars).collect();
    let at_word = cut.rfind(' ').map(|at| &cut[..at]).unwrap_or(&cut);
    format!("{at_word}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    const HERE: DocAddress = DocAddress { segment_ord: 1, doc_id: 3 };

    fn sample<'a>() -> Summary<'a> {
        Summary {
            id: "00ab",
            path: "/news/a.jsonl",
            ordinal: 7,
            line: Some(8),
            title: Some("Quay extension approved"),
            date: DateTime::from_timestamp(1_700_000_000, 0),
            places: ["Antwerp", "Belgium", "Benelux", "Europe", "Earth"].into_iter().collect(),
            place_countries: smallvec::smallvec![Some("BE"), Some("BE"), None, None, None],
            extracted: smallvec::smallvec!["location"],
            ..Summary::default()
        }
    }

    #[test]
    fn round_trips_through_words() {
        let summary = sample();
        for cut in [0, 1, 7, 8, 9, 15, 16] {
            // Every padding: records of each length modulo 8 come back whole.
            let title = "x".repeat(cut);
            let summary = Summary { title: Some(&title), ..sample() };
            let stored = StoredSummary::from_words(&summary.to_words(), HERE).expect("whole words");
            // (Summary is invariant in its lifetime: compare the records, not two lifetimes.)
            assert_eq!(stored.fields().expect("decodes").encode(), summary.encode());
            assert_eq!(stored.fields().expect("decodes").title, Some(title.as_str()));
        }
        let json =
            serde_json::to_value(StoredSummary::from_words(&summary.to_words(), HERE).expect("words")).expect("JSON");
        assert_eq!(json["date"], "2023-11-14T22:13:20Z", "people read dates as text");
        assert_eq!(json["places"][4], "Earth", "more values than fit inline");
        assert_eq!(json["source"], serde_json::Value::Null);
        let undated = Summary { date: None, ..summary.clone() };
        let date_bytes = summary.encode().len() - undated.encode().len();
        assert!(date_bytes <= 6, "the index stores a date as seconds, not text: {date_bytes} bytes");
    }

    #[test]
    fn damaged_records_are_errors_not_panics() {
        let words = sample().to_words();
        assert!(StoredSummary::from_words(&[], HERE).is_err());
        assert!(StoredSummary::from_words(&words[..words.len() - 1], HERE).is_err(), "a word short");
        let mut longer = words.clone();
        longer.push(0);
        assert!(StoredSummary::from_words(&longer, HERE).is_err(), "a word too many");
        let mut lying = words.clone();
        lying[0] = u64::MAX;
        assert!(StoredSummary::from_words(&lying, HERE).is_err(), "a length past the end");
        let mut cut = words;
        cut[0] = 5;
        cut.truncate(2);
        let stored = StoredSummary::from_words(&cut, HERE).expect("whole words");
        let error = stored.fields().expect_err("a record cut short").to_string();
        assert!(error.contains("article 3 of segment 1") && error.contains("--rebuild"), "{error}");
        assert!(serde_json::to_string(&stored).is_err(), "JSON output stops with the error");
    }

    #[test]
    fn first_words_cut_at_a_word() {
        assert_eq!(first_words("Kuala Lumpur | In a major boost", 20), "Kuala Lumpur | In a…");
        assert_eq!(first_words("  short\n text ", 20), "short text");
    }
}
