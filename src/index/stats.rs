//! What an opened index holds, at a glance: articles, bytes on disk, the span of its dates and
//! when it was last committed.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::reader::OpenIndex;
use super::schema;

/// An index at a glance, as of the reader's last reload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndexStats {
    /// Articles searchable now (deleted ones not counted).
    pub articles: u64,
    /// Segments the articles are in.
    pub segments: usize,
    /// Bytes of the files in the index folder.
    pub size_bytes: u64,
    /// The earliest publication date (`null` when no article has one). Read from the segments'
    /// date columns, so an article deleted but not yet merged away still counts.
    pub first_date: Option<DateTime<Utc>>,
    /// The latest publication date, read like `first_date`.
    pub last_date: Option<DateTime<Utc>>,
    /// When the last commit was written (the modification time of `meta.json`).
    pub last_commit: Option<DateTime<Utc>>,
}

impl OpenIndex {
    /// The index at a glance, as the reader sees it now.
    pub fn stats(&self) -> IndexStats {
        let searcher = self.reader.searcher();
        let mut first: Option<i64> = None;
        let mut last: Option<i64> = None;
        for segment in searcher.segment_readers() {
            let Ok(dates) = segment.fast_fields().date(schema::DATE) else { continue };
            if dates.num_docs() == 0 || dates.values.num_vals() == 0 {
                continue;
            }
            let (low, high) = (dates.min_value().into_timestamp_secs(), dates.max_value().into_timestamp_secs());
            first = Some(first.map_or(low, |known| known.min(low)));
            last = Some(last.map_or(high, |known| known.max(high)));
        }
        let date = |seconds: Option<i64>| seconds.and_then(|seconds| DateTime::from_timestamp(seconds, 0));
        let last_commit = std::fs::metadata(self.dir.join("meta.json"))
            .and_then(|meta| meta.modified())
            .ok()
            .map(DateTime::<Utc>::from);
        IndexStats {
            articles: searcher.num_docs(),
            segments: searcher.segment_readers().len(),
            size_bytes: super::size_on_disk(&self.dir),
            first_date: date(first),
            last_date: date(last),
            last_commit,
        }
    }
}
