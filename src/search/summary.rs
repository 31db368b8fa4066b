//! Hits' summary records ([`crate::index::summary`]), read from the columns of the segment cache.

use std::sync::Arc;

use tantivy::{DocAddress, Searcher};

use super::segment_cache::{SegmentCache, SegmentColumns};
use crate::error::{Error, Result};
use crate::index::summary::StoredSummary;

/// Reads summaries from one searcher's segments.
pub(crate) struct SummaryReader<'a> {
    searcher: &'a Searcher,
    cache: &'a SegmentCache,
    columns: Vec<Option<Arc<SegmentColumns>>>,
    words: Vec<u64>,
}

impl<'a> SummaryReader<'a> {
    pub fn new(searcher: &'a Searcher, cache: &'a SegmentCache) -> Self {
        SummaryReader { searcher, cache, columns: vec![None; searcher.segment_readers().len()], words: Vec::new() }
    }

    /// The columns of `address`'s segment, opened once per reader.
    fn columns(&mut self, address: DocAddress) -> Result<&Arc<SegmentColumns>> {
        let segment = address.segment_ord as usize;
        match self.columns.get_mut(segment) {
            Some(Some(columns)) => Ok(columns),
            Some(slot) => Ok(slot.insert(self.cache.columns(&self.searcher.segment_readers()[segment])?)),
            None => Err(Error::Damaged(format!("no segment {segment} for article {}", address.doc_id))),
        }
    }

    /// The story key of the article at `address` ([`crate::stories`]).
    pub fn story_key(&mut self, address: DocAddress) -> Result<u64> {
        let columns = self.columns(address)?;
        let key = columns.story_keys.as_ref().and_then(|keys| keys.first(address.doc_id));
        key.ok_or_else(|| {
            Error::Damaged(format!("no story key for article {} of segment {}", address.doc_id, address.segment_ord))
        })
    }

    /// The summary of the article at `address`.
    pub fn get(&mut self, address: DocAddress) -> Result<StoredSummary> {
        let segment = address.segment_ord as usize;
        let damaged = |reason: String| {
            Error::Damaged(format!(
                "no readable summary for article {} of segment {segment} ({reason})",
                address.doc_id
            ))
        };
        let columns = match self.columns.get_mut(segment) {
            Some(Some(columns)) => columns,
            Some(slot) => slot.insert(self.cache.columns(&self.searcher.segment_readers()[segment])?),
            None => return Err(damaged("no such segment".into())),
        };
        let column = &columns.summaries;
        let rows = column.index.value_row_ids(address.doc_id);
        self.words.clear();
        self.words.resize(rows.len(), 0);
        column.values.get_range(u64::from(rows.start), &mut self.words);
        StoredSummary::from_words(&self.words, address).map_err(damaged)
    }
}
