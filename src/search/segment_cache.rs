//! What searches keep of each index segment between them: its fast-field columns (hit summaries,
//! dates, story keys), the sets of documents its filters match, its dates as an array and the
//! story of each of its documents as an array. One cache, by segment, shared by every search of
//! one [`super::Searcher`].
//!
//! Segments never change once written, so what is kept of a segment stays right as long as the
//! segment is part of the index; [`SegmentCache::forget_dead_segments`] drops the segments a new
//! searcher no longer has (merged away or deleted). Deleted documents are left to the collector,
//! as for any query. What the cache builds in memory (filter bitsets, date arrays) counts against
//! one memory budget, and the least recently used goes first when it is full. The columns are
//! handles on the memory-mapped segment files, a few hundred bytes each, and are kept as long as
//! their segment lives: opening a column parses its header and dictionary index, and done per
//! query and segment it cost about a tenth of a whole search on Reuters-21578.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

use tantivy::columnar::Column;
use tantivy::index::SegmentId;
use tantivy::query::Weight;
use tantivy::{DocId, SegmentReader};

use crate::error::{Error, Result};
use crate::index::schema;

/// Memory the cached filter bitsets (and date arrays) may take by default: a filter over 1M
/// articles is 125 KB, their dates 8 MB.
pub(crate) const DEFAULT_CACHE_BYTES: usize = 64 << 20;

/// The fast-field columns of one segment.
pub(crate) struct SegmentColumns {
    /// The words of each article's summary record (see [`crate::index::summary`]).
    pub summaries: Column<u64>,
    /// Absent in a segment where no article has a date.
    pub dates: Option<Column<tantivy::DateTime>>,
    /// Each article's key in the story table ([`crate::stories`]); absent only in an index
    /// without articles.
    pub story_keys: Option<Column<u64>>,
}

impl SegmentColumns {
    fn open(segment: &SegmentReader) -> Result<SegmentColumns> {
        let fast_fields = segment.fast_fields();
        let summaries = fast_fields
            .column_opt::<u64>(schema::SUMMARY)
            .map_err(|source| Error::tantivy("cannot open the hit summaries", source))?
            .ok_or_else(|| {
                Error::Damaged(format!("segment {} has no hit summaries", segment.segment_id().short_uuid_string()))
            })?;
        let dates = fast_fields.date(schema::DATE).ok();
        let story_keys = fast_fields.u64(schema::STORY_KEY).ok();
        Ok(SegmentColumns { summaries, dates, story_keys })
    }
}

/// Columns, filter sets and date arrays by segment, shared by every search of one index (clones
/// share one cache). Built entries keep within a memory budget, the least recently used going
/// first.
#[derive(Clone)]
pub(crate) struct SegmentCache {
    shared: Arc<Shared>,
}

struct Shared {
    state: RwLock<CacheState>,
    /// Bytes the built entries may take.
    budget: usize,
    /// The searcher generation the segments were last checked against.
    generation: AtomicU64,
}

#[derive(Default)]
struct CacheState {
    segments: Vec<SegmentEntry>,
    /// Bytes of the built entries of every segment.
    bytes: usize,
    clock: AtomicU64,
}

/// What is kept of one segment.
struct SegmentEntry {
    id: SegmentId,
    /// Opened on first use.
    columns: Option<Arc<SegmentColumns>>,
    /// Built entries by key: a filter's (see [`crate::query::filters::FilterCheck::Set`]),
    /// [`DATES_KEY`] for the dates, [`DATES_KEY`] and its bounds for a date range,
    /// [`STORIES_KEY`] and a story table's serial for the story ordinals.
    built: HashMap<String, Cached>,
}

/// The key of the date arrays: no filter's key starts with a space.
const DATES_KEY: &str = " dates";
/// The key of the story ordinals, followed by the serial of the table they were made from.
const STORIES_KEY: &str = " stories";

struct Cached {
    entry: Entry,
    last_used: AtomicU64,
}

#[derive(Clone)]
enum Entry {
    Set(Arc<DocBits>),
    Dates(Arc<DateArray>),
    Stories(Arc<StoryOrdinals>),
}

impl Entry {
    fn bytes(&self) -> usize {
        match self {
            Entry::Set(set) => set.words.len() * 8,
            Entry::Dates(dates) => dates.seconds.len() * 8,
            Entry::Stories(stories) => stories.ordinals.len() * 4 + stories.members.len() * 8,
        }
    }
}

impl CacheState {
    fn segment(&self, id: SegmentId) -> Option<&SegmentEntry> {
        self.segments.iter().find(|segment| segment.id == id)
    }

    /// The entry of segment `id`, made empty when there is none.
    fn segment_mut(&mut self, id: SegmentId) -> &mut SegmentEntry {
        let at = match self.segments.iter().position(|segment| segment.id == id) {
            Some(at) => at,
            None => {
                self.segments.push(SegmentEntry { id, columns: None, built: HashMap::new() });
                self.segments.len() - 1
            }
        };
        &mut self.segments[at]
    }

    fn tick(&self) -> u64 {
        self.clock.fetch_add(1, Ordering::Relaxed)
    }

    /// Drops the least recently used built entry; false when there is none.
    fn evict_oldest(&mut self) -> bool {
        let oldest = self
            .segments
            .iter()
            .enumerate()
            .flat_map(|(at, segment)| segment.built.iter().map(move |(key, cached)| (at, key, cached)))
            .min_by_key(|(_, _, cached)| cached.last_used.load(Ordering::Relaxed))
            .map(|(at, key, _)| (at, key.clone()));
        let Some((at, key)) = oldest else { return false };
        if let Some(cached) = self.segments[at].built.remove(&key) {
            self.bytes -= cached.entry.bytes();
        }
        true
    }
}

impl Default for SegmentCache {
    fn default() -> Self {
        SegmentCache::with_budget(DEFAULT_CACHE_BYTES)
    }
}

impl SegmentCache {
    /// A cache whose built entries hold at most `budget` bytes (0: build them anew for each search).
    pub(crate) fn with_budget(budget: usize) -> Self {
        let shared = Shared { state: RwLock::default(), budget, generation: AtomicU64::new(u64::MAX) };
        SegmentCache { shared: Arc::new(shared) }
    }

    /// Bytes the built entries hold now.
    #[cfg(test)]
    pub(crate) fn bytes(&self) -> usize {
        self.read().bytes
    }

    /// Forgets the segments that `searcher` no longer has, once per searcher generation (a new
    /// generation comes with each reload after a commit).
    pub(crate) fn forget_dead_segments(&self, searcher: &tantivy::Searcher) {
        let generation = searcher.generation().generation_id();
        if self.shared.generation.swap(generation, Ordering::Relaxed) != generation {
            let live: Vec<SegmentId> = searcher.segment_readers().iter().map(SegmentReader::segment_id).collect();
            self.retain(&live);
        }
    }

    /// Forgets everything kept of segments that are not in `live` (merged away or deleted).
    pub fn retain(&self, live: &[SegmentId]) {
        let mut state = self.write();
        state.segments.retain(|segment| live.contains(&segment.id));
        state.bytes = state.segments.iter().flat_map(|segment| segment.built.values()).map(|c| c.entry.bytes()).sum();
    }

    /// The columns of `segment`, opened on first use.
    pub fn columns(&self, segment: &SegmentReader) -> Result<Arc<SegmentColumns>> {
        let id = segment.segment_id();
        if let Some(columns) = self.read().segment(id).and_then(|entry| entry.columns.clone()) {
            return Ok(columns);
        }
        let opened = Arc::new(SegmentColumns::open(segment)?);
        let mut state = self.write();
        // Another search may have opened the same segment meanwhile: keep one.
        Ok(Arc::clone(state.segment_mut(id).columns.get_or_insert(opened)))
    }

    /// The documents of `segment` that the filter `key` matches, from the cache or made now by
    /// `build` (so that a hit pays nothing to make what it would need on a miss).
    pub(super) fn filter_set(
        &self,
        segment: &SegmentReader,
        key: &str,
        build: impl FnOnce() -> tantivy::Result<DocBits>,
    ) -> tantivy::Result<Arc<DocBits>> {
        match self.entry(segment, key, || Ok(Entry::Set(Arc::new(build()?))))? {
            Entry::Set(set) => Ok(set),
            Entry::Dates(_) | Entry::Stories(_) => {
                Err(tantivy::TantivyError::InternalError(format!("segment cache: `{key}` is not a set")))
            }
        }
    }

    /// The documents of `segment` dated within `[from, until)`, made from the segment's dates on a
    /// miss (`from` is above [`NO_DATE`]).
    pub(super) fn date_range_set(
        &self,
        segment: &SegmentReader,
        from: i64,
        until: i64,
    ) -> tantivy::Result<Arc<DocBits>> {
        let key = format!("{DATES_KEY} {from} {until}");
        self.filter_set(segment, &key, || Ok(DocBits::dated(self.dates(segment)?.as_ref(), from, until)))
    }

    /// The dates of `segment`.
    fn dates(&self, segment: &SegmentReader) -> tantivy::Result<Arc<DateArray>> {
        let entry = self.entry(segment, DATES_KEY, || Ok(Entry::Dates(Arc::new(DateArray::read(segment)?))))?;
        match entry {
            Entry::Dates(dates) => Ok(dates),
            Entry::Set(_) | Entry::Stories(_) => {
                Err(tantivy::TantivyError::InternalError("segment cache: dates are not a set".into()))
            }
        }
    }

    /// The story ordinal of each document of `segment` under the story table numbered `serial`
    /// (see [`StoryOrdinals`]), made on a miss from the segment's `story_key` column:
    /// `ordinal_of` gives the ordinal of each article key in a story of two or more.
    pub(super) fn story_ordinals(
        &self,
        segment: &SegmentReader,
        serial: u64,
        ordinal_of: &HashMap<u64, u32>,
    ) -> tantivy::Result<Arc<StoryOrdinals>> {
        let key = format!("{STORIES_KEY} {serial}");
        let build = || -> tantivy::Result<Entry> {
            let columns =
                self.columns(segment).map_err(|error| tantivy::TantivyError::InternalError(error.to_string()))?;
            Ok(Entry::Stories(Arc::new(StoryOrdinals::read(segment, columns.story_keys.as_ref(), ordinal_of))))
        };
        match self.entry(segment, &key, build)? {
            Entry::Stories(stories) => Ok(stories),
            Entry::Set(_) | Entry::Dates(_) => {
                Err(tantivy::TantivyError::InternalError("segment cache: story ordinals are not a set".into()))
            }
        }
    }

    /// The built entry `key` of `segment`, from the cache or built now by `build`.
    fn entry(
        &self,
        segment: &SegmentReader,
        key: &str,
        build: impl FnOnce() -> tantivy::Result<Entry>,
    ) -> tantivy::Result<Entry> {
        let id = segment.segment_id();
        if let Some(entry) = self.get(id, key) {
            return Ok(entry);
        }
        let entry = build()?;
        if self.shared.budget > 0 {
            self.insert(id, key, entry.clone());
        }
        Ok(entry)
    }

    fn get(&self, id: SegmentId, key: &str) -> Option<Entry> {
        let state = self.read();
        let cached = state.segment(id)?.built.get(key)?;
        cached.last_used.store(state.tick(), Ordering::Relaxed);
        Some(cached.entry.clone())
    }

    fn insert(&self, id: SegmentId, key: &str, entry: Entry) {
        let size = entry.bytes();
        if size > self.shared.budget {
            return;
        }
        let mut state = self.write();
        if state.segment(id).is_some_and(|segment| segment.built.contains_key(key)) {
            return; // Another search built it meanwhile.
        }
        while state.bytes + size > self.shared.budget && state.evict_oldest() {}
        let cached = Cached { entry, last_used: AtomicU64::new(state.tick()) };
        state.segment_mut(id).built.insert(key.to_string(), cached);
        state.bytes += size;
    }

    fn read(&self) -> RwLockReadGuard<'_, CacheState> {
        self.shared.state.read().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn write(&self) -> RwLockWriteGuard<'_, CacheState> {
        self.shared.state.write().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// A set of a segment's documents, one bit each.
pub(super) struct DocBits {
    words: Box<[u64]>,
    len: u32,
}

impl DocBits {
    /// The documents of `segment` that `weight` matches.
    pub(super) fn matching(weight: &dyn Weight, segment: &SegmentReader) -> tantivy::Result<DocBits> {
        let mut words = vec![0u64; (segment.max_doc() as usize).div_ceil(64)].into_boxed_slice();
        let mut len = 0u32;
        weight.for_each_no_score(segment, &mut |docs| {
            for &doc in docs {
                if let Some(word) = words.get_mut((doc / 64) as usize) {
                    *word |= 1 << (doc % 64);
                    len += 1;
                }
            }
        })?;
        Ok(DocBits { words, len })
    }

    /// The documents whose date is within `[from, until)` (`from` is above [`NO_DATE`]).
    fn dated(dates: &DateArray, from: i64, until: i64) -> DocBits {
        let words: Box<[u64]> = dates
            .seconds
            .chunks(64)
            .map(|chunk| {
                let within = |(bit, &seconds): (usize, &i64)| u64::from((from <= seconds) & (seconds < until)) << bit;
                chunk.iter().enumerate().map(within).fold(0, |word, bit| word | bit)
            })
            .collect();
        let len = words.iter().map(|word| word.count_ones()).sum();
        DocBits { words, len }
    }

    /// The set as words of 64 documents each, for [`has_bit`].
    #[inline]
    pub(super) fn words(&self) -> &[u64] {
        &self.words
    }

    /// Whether the set has no document.
    pub(super) fn is_empty(&self) -> bool {
        self.len == 0
    }

    #[inline]
    pub(super) fn contains(&self, doc: DocId) -> bool {
        has_bit(&self.words, doc)
    }

    /// The documents in both sets.
    pub(super) fn and(&self, other: &DocBits) -> DocBits {
        let words: Box<[u64]> = self.words.iter().zip(other.words.iter()).map(|(a, b)| a & b).collect();
        let len = words.iter().map(|word| word.count_ones()).sum();
        DocBits { words, len }
    }
}

/// Whether bit `doc` of `words` is set.
#[inline]
pub(super) fn has_bit(words: &[u64], doc: DocId) -> bool {
    words.get((doc / 64) as usize).is_some_and(|word| word >> (doc % 64) & 1 == 1)
}

/// Each document's date in Unix seconds, [`NO_DATE`] for none.
struct DateArray {
    seconds: Box<[i64]>,
}

/// The date of a document without one in a [`DateArray`]; no range includes it.
pub(super) const NO_DATE: i64 = i64::MIN;

impl DateArray {
    fn read(segment: &SegmentReader) -> tantivy::Result<DateArray> {
        let mut seconds = vec![NO_DATE; segment.max_doc() as usize].into_boxed_slice();
        if let Some(column) = segment.fast_fields().column_opt::<tantivy::DateTime>(schema::DATE)? {
            // A block at a time: the column decodes blocks faster than single documents.
            const BLOCK: usize = 1024;
            let mut docs: Vec<DocId> = Vec::with_capacity(BLOCK);
            let mut dates = vec![None; BLOCK];
            for (block, slots) in (0..).zip(seconds.chunks_mut(BLOCK)) {
                docs.clear();
                docs.extend((0..slots.len() as DocId).map(|at| block * BLOCK as DocId + at));
                dates.iter_mut().for_each(|date| *date = None);
                column.first_vals(&docs, &mut dates[..slots.len()]);
                for (slot, date) in slots.iter_mut().zip(&dates) {
                    if let Some(date) = date {
                        *slot = date.into_timestamp_secs();
                    }
                }
            }
        }
        Ok(DateArray { seconds })
    }
}

/// The story of each document of a segment, as an ordinal of the story table it was made from:
/// `ordinals[doc]` is the ordinal of the document's story when that story has two or more
/// articles, [`ALONE`] when the article is a story of its own. Collapsing reads one entry a
/// matching document.
pub(crate) struct StoryOrdinals {
    pub ordinals: Box<[u32]>,
    /// The documents in a story of two or more, by (ordinal, doc): a story's documents in this
    /// segment are one run, found by binary search instead of a term look-up per member id.
    members: Box<[(u32, DocId)]>,
}

/// The ordinal of an article that is a story of its own in [`StoryOrdinals`].
pub(crate) const ALONE: u32 = u32::MAX;

impl StoryOrdinals {
    fn read(segment: &SegmentReader, keys: Option<&Column<u64>>, ordinal_of: &HashMap<u64, u32>) -> StoryOrdinals {
        let mut ordinals = vec![ALONE; segment.max_doc() as usize].into_boxed_slice();
        let Some(keys) = keys.filter(|_| !ordinal_of.is_empty()) else {
            return StoryOrdinals::new(ordinals);
        };
        // A block at a time, as for the dates.
        const BLOCK: usize = 1024;
        let mut docs: Vec<DocId> = Vec::with_capacity(BLOCK);
        let mut values = vec![None; BLOCK];
        for (block, slots) in (0..).zip(ordinals.chunks_mut(BLOCK)) {
            docs.clear();
            docs.extend((0..slots.len() as DocId).map(|at| block * BLOCK as DocId + at));
            values.iter_mut().for_each(|value| *value = None);
            keys.first_vals(&docs, &mut values[..slots.len()]);
            for (slot, key) in slots.iter_mut().zip(&values) {
                if let Some(ordinal) = key.and_then(|key| ordinal_of.get(&key)) {
                    *slot = *ordinal;
                }
            }
        }
        StoryOrdinals::new(ordinals)
    }

    /// The ordinals of a segment's documents, by document.
    pub fn new(ordinals: Box<[u32]>) -> StoryOrdinals {
        let mut members: Vec<(u32, DocId)> = (0..)
            .zip(ordinals.iter())
            .filter(|(_, ordinal)| **ordinal != ALONE)
            .map(|(doc, ordinal)| (*ordinal, doc))
            .collect();
        members.sort_unstable();
        StoryOrdinals { ordinals, members: members.into_boxed_slice() }
    }

    /// The documents of this segment (deleted ones included) in the story numbered `ordinal`,
    /// ascending.
    pub fn docs_of(&self, ordinal: u32) -> impl Iterator<Item = DocId> + '_ {
        let start = self.members.partition_point(|(of, _)| *of < ordinal);
        self.members[start..].iter().take_while(move |(of, _)| *of == ordinal).map(|(_, doc)| *doc)
    }

    /// The ordinal of `doc`'s story, [`ALONE`] for an article alone (or a document out of range).
    #[inline]
    pub fn of(&self, doc: DocId) -> u32 {
        self.ordinals.get(doc as usize).copied().unwrap_or(ALONE)
    }
}

#[cfg(test)]
mod tests {
    use tantivy::query::{AllQuery, EnableScoring, Query};
    use tantivy::{Index, IndexWriter};

    use super::*;
    use crate::article::Article;
    use crate::index::writer::to_document;

    /// An index of the project's schema with two segments of 100 articles, every third undated.
    fn two_segments() -> Index {
        let (schema, fields) = schema::build();
        let index = Index::create_in_ram(schema);
        schema::register_writing_analyzers(&index);
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).expect("writer");
        for segment in 0..2 {
            for ordinal in 0..100 {
                let date = (ordinal % 3 != 0).then(|| chrono::DateTime::from_timestamp(500_000_000 + ordinal * 60, 0));
                let article = Article {
                    path: format!("segment-{segment}.txt").into(),
                    ordinal: ordinal as u32,
                    body: format!("article {ordinal}"),
                    date: date.flatten(),
                    ..Article::default()
                };
                writer.add_document(to_document(&article, &fields)).expect("add");
            }
            writer.commit().expect("commit");
        }
        index
    }

    #[test]
    fn one_budget_for_what_is_built_and_columns_kept_while_their_segment_lives() {
        let index = two_segments();
        let searcher = index.reader().expect("reader").searcher();
        let [first, second] = searcher.segment_readers() else { panic!("two segments") };
        let every = |segment: &SegmentReader| {
            let weight = AllQuery.weight(EnableScoring::disabled_from_schema(segment.schema()))?;
            DocBits::matching(weight.as_ref(), segment)
        };
        // A set of 100 documents is 2 words (16 bytes); the budget holds two of them.
        let cache = SegmentCache::with_budget(32);
        let columns = cache.columns(first).expect("columns");
        assert!(Arc::ptr_eq(&columns, &cache.columns(first).expect("columns")), "opened once");
        assert_eq!(cache.filter_set(first, "all", || every(first)).expect("set").words().len(), 2);
        cache.filter_set(second, "all", || every(second)).expect("set");
        assert_eq!(cache.bytes(), 32);
        // A third set makes room by dropping the least recently used; the columns stay.
        cache.filter_set(first, "all", || every(first)).expect("a hit");
        cache.filter_set(first, "other", || every(first)).expect("set");
        assert_eq!(cache.bytes(), 32);
        let rebuilt = std::cell::Cell::new(false);
        cache
            .filter_set(second, "all", || {
                rebuilt.set(true);
                every(second)
            })
            .expect("set");
        assert!(rebuilt.get(), "the second segment's set was the oldest");
        assert!(Arc::ptr_eq(&columns, &cache.columns(first).expect("columns")), "columns are not evicted");
        // Dates: an array of 100 (800 bytes) does not fit, so each range is made anew, and right.
        let range = cache.date_range_set(first, 500_000_000, 500_000_000 + 10 * 60).expect("range");
        assert_eq!((0..100).filter(|&doc| range.contains(doc)).collect::<Vec<_>>(), [1, 2, 4, 5, 7, 8]);
        // A segment gone from the index takes everything kept of it along.
        cache.retain(&[second.segment_id()]);
        assert_eq!(cache.bytes(), 16);
        assert!(!Arc::ptr_eq(&columns, &cache.columns(first).expect("columns")), "reopened");
    }
}
