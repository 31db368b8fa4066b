//! The fast-field columns a search reads (hit summaries, dates), opened once per segment and kept
//! while the segment is live.
//!
//! Opening a column parses its header and dictionary index; done per query and segment it cost
//! about a tenth of a whole search on Reuters-21578. Segments never change once written, so a
//! column stays valid as long as its segment is part of the index.

use std::sync::{Arc, RwLock};

use tantivy::SegmentReader;
use tantivy::columnar::Column;
use tantivy::index::SegmentId;

use crate::index::schema;
use crate::error::{Error, Result};

/// The columns of one segment.
pub struct SegmentColumns {
    /// The words of each article's summary record (see [`crate::index::summary`]).
    pub summaries: Column<u64>,
    /// Absent in a segment where no article has a date.
    pub dates: Option<Column<tantivy::DateTime>>,
}

/// Columns by segment, shared by every search of one [`super::Searcher`].
#[derive(Default)]
pub struct ColumnCache {
    segments: RwLock<Vec<(SegmentId, Arc<SegmentColumns>)>>,
}

impl ColumnCache {
    /// The columns of `segment`, opened on first use.
    pub fn get(&self, segment: &SegmentReader) -> Result<Arc<SegmentColumns>> {
        let id = segment.segment_id();
        if let Some(columns) = self.find(id) {
            return Ok(columns);
        }
        let fast_fields = segment.fast_fields();
        let summaries = fast_fields
            .column_opt::<u64>(schema::SUMMARY)
            .map_err(|source| Error::tantivy("cannot open the hit summaries", source))?
            .ok_or_else(|| Error::Damaged(format!("segment {} has no hit summaries", id.short_uuid_string())))?;
        let dates = fast_fields.date(schema::DATE).ok();
        let opened = Arc::new(SegmentColumns { summaries, dates });
        let mut segments = self.segments.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        // Another search may have opened the same segment meanwhile: keep one entry.
        if let Some((_, columns)) = segments.iter().find(|(known, _)| *known == id) {
            return Ok(Arc::clone(columns));
        }
        segments.push((id, Arc::clone(&opened)));
        Ok(opened)
    }

    /// Forgets the columns of segments that are no longer in `live` (merged away or deleted).
    pub fn retain(&self, live: &[SegmentId]) {
        let mut segments = self.segments.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        segments.retain(|(id, _)| live.contains(id));
    }

    fn find(&self, id: SegmentId) -> Option<Arc<SegmentColumns>> {
        let segments = self.segments.read().unwrap_or_else(|poisoned| poisoned.into_inner());
        segments.iter().find(|(known, _)| *known == id).map(|(_, columns)| Arc::clone(columns))
    }
}
