//! How filters run: as a check on each document the words find, not as a second list to intersect.
//!
//! tantivy runs `greenspan place:usa` as the intersection of two posting lists, and a list as long
//! as `place:usa` (62% of Reuters-21578) costs most of the search: each document the words find
//! makes the union of their title and body lists seek, which is several times the cost of reading
//! the document in the first place (`marketing place:usa`: 92 µs, against 29 µs for `marketing`).
//! A search engine runs a filter as a set of documents it can test in a few nanoseconds instead,
//! and keeps the sets of filters that come back (Lucene's query cache, Elasticsearch's filter
//! context). So here:
//! - a tag filter (anything but a date range) becomes a bitset per segment, built once from its
//!   posting list and kept in the [`SegmentCache`] with a memory budget;
//! - a date range becomes such a bitset too, made from an array of the segment's dates (itself
//!   kept in the cache) the first time the range is used: testing a document's date in the array
//!   costs a cache miss a document once the array (8 bytes an article) is out of the processor's
//!   cache, and `loans date:[1987-04-12 TO 1987-04-19]` took 46 µs of search that way against 23
//!   for raw tantivy's `loans`;
//! - [`lift`] takes the filters (each a [`FilterQuery`], built by the query layer) that every hit must pass out of a query's top-level conjunction
//!   into a [`FilteredQuery`]: the rest is searched as before, with tantivy's own fast paths, and
//!   a document it finds goes to the collector only when it is in the filters' set (their
//!   intersection, for several).
//!
//! Even a rare filter (`pan person:lawson`) is a check rather than the lead of an intersection:
//! the words' title-and-body union pays ~16 KB of clearing for each far seek, so visiting the
//! filter's documents costs more than checking the words' (the `person:` queries of the shared
//! log: 209k instructions a query led by the filter, 158k checked, 119k for the words alone).
//! So a filtered search costs about what its words cost alone. The documents and scores are the
//! same as the intersection's (a filter scores 0).

use std::ops::Bound;
use std::sync::Arc;

use tantivy::collector::SegmentCollector;
use tantivy::query::{BooleanQuery, EmptyScorer, EnableScoring, Explanation, Occur, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentOrdinal, SegmentReader, TERMINATED, Term};

use super::segment_cache::{DocBits, NO_DATE, SegmentCache, has_bit};
use crate::query::filters::{FilterCheck, FilterQuery};

/// A query whose top-level filters run as checks (see the module documentation).
pub(crate) struct FilteredQuery {
    scored: Box<dyn Query>,
    filters: Vec<FilterQuery>,
    cache: SegmentCache,
}

impl Clone for FilteredQuery {
    fn clone(&self) -> Self {
        FilteredQuery { scored: self.scored.box_clone(), filters: self.filters.clone(), cache: self.cache.clone() }
    }
}

impl std::fmt::Debug for FilteredQuery {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.debug_struct("FilteredQuery").field("scored", &self.scored).field("filters", &self.filters).finish()
    }
}

impl FilteredQuery {
    /// Counts the articles of `searcher` that match and collects them, segment by segment, with
    /// the collector `for_segment` makes; returns the count and each segment's fruit.
    ///
    /// What `searcher.search(query, &(Count, collector))` does, in one place: an article the words
    /// find is checked and counted where tantivy hands it over, and goes on to the collector only
    /// when it passes and scores at least `bar(collector)`, the lowest score it can still take.
    /// Once the collector is full that is rare, so the branch is well predicted, and the articles
    /// that pass no longer cross a second dynamic call (batched, through [`Weight::for_each`])
    /// only to be turned away by the score (`marketing place:usa`: 3,909 articles checked, 2,161
    /// passing, ~10 of them kept).
    ///
    /// `tally_for_segment` makes, for each segment, what sees every article the words find and
    /// whether it passes (collapsing counts stories there, see [`super::collapse`]); `()` sees
    /// nothing. The tallies are returned with the fruits.
    pub(crate) fn count_and_collect<C: SegmentCollector, T: Tally>(
        &self,
        searcher: &tantivy::Searcher,
        mut for_segment: impl FnMut(SegmentOrdinal, &SegmentReader) -> tantivy::Result<C>,
        bar: impl Fn(&C) -> Score,
        mut tally_for_segment: impl FnMut(&SegmentReader) -> tantivy::Result<T>,
    ) -> tantivy::Result<(usize, Vec<C::Fruit>, Vec<T>)> {
        // The words' weight alone: the filters are read from `self`, not copied into a weight.
        let scored = self.scored.weight(EnableScoring::enabled_from_searcher(searcher))?;
        let mut count = 0u64;
        let mut fruits = Vec::with_capacity(searcher.segment_readers().len());
        let mut tallies = Vec::with_capacity(searcher.segment_readers().len());
        for (segment_ord, reader) in (0..).zip(searcher.segment_readers()) {
            let Some(passing) = passing(&self.filters, &self.cache, reader)? else { continue };
            let mut collector = for_segment(segment_ord, reader)?;
            let mut tally = tally_for_segment(reader)?;
            let words = passing.words();
            count += match reader.alive_bitset() {
                None => {
                    count_passing(scored.as_ref(), reader, &mut collector, &mut tally, &bar, |doc| has_bit(words, doc))?
                }
                Some(alive) => count_passing(scored.as_ref(), reader, &mut collector, &mut tally, &bar, |doc| {
                    has_bit(words, doc) & alive.is_alive(doc)
                })?,
            };
            fruits.push(collector.harvest());
            tallies.push(tally);
        }
        Ok((usize::try_from(count).unwrap_or(usize::MAX), fruits, tallies))
    }
}

/// Bits that make any `f32` they are or-ed into a NaN (all exponent bits and the quiet bit).
const NAN_BITS: u32 = 0xFFC0_0000;

/// What sees each document the words find, besides the count: its pass or not (see
/// [`FilteredQuery::count_and_collect`]).
pub(crate) trait Tally {
    /// Sees `doc`, which passes the filters when `pass`.
    fn add(&mut self, doc: DocId, pass: bool);
}

/// Sees nothing.
impl Tally for () {
    #[inline]
    fn add(&mut self, _: DocId, _: bool) {}
}

/// A tally or none (the same for every document: the branch is always predicted).
impl<T: Tally> Tally for Option<T> {
    #[inline]
    fn add(&mut self, doc: DocId, pass: bool) {
        if let Some(tally) = self {
            tally.add(doc, pass);
        }
    }
}

/// Counts the documents of `scored` that `passes`, shows each to the tally, and gives the
/// collector those that also score at least `bar(collector)` (see
/// [`FilteredQuery::count_and_collect`]).
fn count_passing<C: SegmentCollector, T: Tally>(
    scored: &dyn Weight,
    reader: &SegmentReader,
    collector: &mut C,
    tally: &mut T,
    bar: &impl Fn(&C) -> Score,
    passes: impl Fn(DocId) -> bool,
) -> tantivy::Result<u64> {
    let mut count = 0u64;
    scored.for_each(reader, &mut |doc, score| {
        let pass = passes(doc);
        count += u64::from(pass);
        tally.add(doc, pass);
        // One branch, on the rare case: an article that fails scores NaN here, which is below
        // any bar (`pass && score >= bar` compiles to a branch on the random check first).
        let nan_unless_passing = u32::from(!pass) * NAN_BITS;
        if f32::from_bits(score.to_bits() | nan_unless_passing) >= bar(collector) {
            collector.collect(doc, score);
        }
    })?;
    Ok(count)
}

impl Query for FilteredQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let scored = self.scored.weight(enable_scoring)?;
        Ok(Box::new(FilteredWeight { scored, filters: self.filters.clone(), cache: self.cache.clone() }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.scored.query_terms(visitor);
        for filter in &self.filters {
            filter.query_terms(visitor);
        }
    }
}

struct FilteredWeight {
    scored: Box<dyn Weight>,
    filters: Vec<FilterQuery>,
    cache: SegmentCache,
}

impl FilteredWeight {
    /// The documents of `reader`'s segment that pass every filter, or `None` when none does.
    fn checks(&self, reader: &SegmentReader) -> tantivy::Result<Option<Arc<DocBits>>> {
        passing(&self.filters, &self.cache, reader)
    }
}

/// The documents of `reader`'s segment that pass every one of `filters` (sets from `cache`), or
/// `None` when none does.
fn passing(
    filters: &[FilterQuery],
    cache: &SegmentCache,
    reader: &SegmentReader,
) -> tantivy::Result<Option<Arc<DocBits>>> {
    let mut passing: Option<Arc<DocBits>> = None;
    let mut both = |set: Arc<DocBits>| {
        passing = Some(match passing.take() {
            None => set,
            Some(other) => Arc::new(other.and(&set)),
        });
    };
    let mut range: Option<(i64, i64)> = None;
    for filter in filters {
        match filter.check() {
            FilterCheck::Set { key } => both(cache.filter_set(reader, key, || {
                // Made only on a miss: making the weight looks its terms up.
                let weight = filter.weight(EnableScoring::disabled_from_schema(reader.schema()))?;
                DocBits::matching(weight.as_ref(), reader)
            })?),
            FilterCheck::Dates { lower, upper } => {
                let (from, until) = seconds_within(*lower, *upper);
                range = Some(range.map_or((from, until), |(a, b)| (a.max(from), b.min(until))));
            }
        }
    }
    if let Some((from, until)) = range {
        if from >= until {
            return Ok(None);
        }
        both(cache.date_range_set(reader, from, until)?);
    }
    Ok(passing.filter(|set| !set.is_empty()))
}

/// The seconds `[from, until)` a date must be within to pass the bounds; `from` is above
/// [`NO_DATE`], so an article without a date passes no range.
fn seconds_within(lower: Bound<i64>, upper: Bound<i64>) -> (i64, i64) {
    let from = match lower {
        Bound::Included(from) => from,
        Bound::Excluded(from) => from.saturating_add(1),
        Bound::Unbounded => NO_DATE + 1,
    };
    let until = match upper {
        Bound::Included(until) => until.saturating_add(1),
        Bound::Excluded(until) => until,
        Bound::Unbounded => i64::MAX,
    };
    (from, until)
}

impl Weight for FilteredWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let Some(passing) = self.checks(reader)? else { return Ok(Box::new(EmptyScorer)) };
        Ok(Box::new(CheckedScorer::new(self.scored.scorer(reader, boost)?, passing)))
    }

    /// The words' own `for_each` keeps tantivy's fast paths (a union of terms is scored a block at
    /// a time); the check sits between it and the collector.
    fn for_each(&self, reader: &SegmentReader, callback: &mut dyn FnMut(DocId, Score)) -> tantivy::Result<()> {
        let Some(passing) = self.checks(reader)? else { return Ok(()) };
        let words = passing.words();
        for_each_passing(self.scored.as_ref(), reader, callback, move |doc| has_bit(words, doc))
    }

    fn for_each_no_score(&self, reader: &SegmentReader, callback: &mut dyn FnMut(&[DocId])) -> tantivy::Result<()> {
        let Some(passing) = self.checks(reader)? else { return Ok(()) };
        let mut kept = Vec::new();
        self.scored.for_each_no_score(reader, &mut |docs| {
            kept.clear();
            kept.extend(docs.iter().copied().filter(|&doc| passing.contains(doc)));
            if !kept.is_empty() {
                callback(&kept);
            }
        })
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        if !self.checks(reader)?.is_some_and(|passing| passing.contains(doc)) {
            return Err(tantivy::TantivyError::InvalidArgument(format!("document {doc} does not pass the filters")));
        }
        self.scored.explain(reader, doc)
    }
}

/// Documents that pass, handed to the collector at a time.
const BATCH: usize = 64;

/// Gives `callback` the documents of `scored` that `passes`, in order, with their scores.
///
/// Whether a document passes is close to random (`place:usa` keeps 55% of what `marketing`
/// finds), so a branch on it is mispredicted about as often as not. Instead each document is
/// written to a batch and kept by advancing its length by `passes` (0 or 1); the batch goes to
/// the collector when full. With the checks reading plain slices rather than going through the
/// cached sets' pointers, this took `marketing place:usa` (3,909 documents checked) from 54 to
/// 43 µs of search, against 38 µs for `marketing` alone, in a run of the whole shared log.
fn for_each_passing(
    scored: &dyn Weight,
    reader: &SegmentReader,
    callback: &mut dyn FnMut(DocId, Score),
    passes: impl Fn(DocId) -> bool,
) -> tantivy::Result<()> {
    let mut batch = [(0, 0.0); BATCH];
    let mut len = 0;
    {
        // Moved in, so that the closure holds the slices and references themselves, not
        // references to them: fewer loads for each document.
        let (batch, len, callback) = (&mut batch, &mut len, &mut *callback);
        scored.for_each(reader, &mut move |doc, score| {
            batch[*len] = (doc, score);
            *len += usize::from(passes(doc));
            if *len == BATCH {
                for &(doc, score) in batch.iter() {
                    callback(doc, score);
                }
                *len = 0;
            }
        })?;
    }
    for &(doc, score) in &batch[..len] {
        callback(doc, score);
    }
    Ok(())
}

/// The documents of `inner` in `passing`, with `inner`'s scores.
struct CheckedScorer {
    inner: Box<dyn Scorer>,
    passing: Arc<DocBits>,
}

impl CheckedScorer {
    fn new(inner: Box<dyn Scorer>, passing: Arc<DocBits>) -> Self {
        let mut scorer = CheckedScorer { inner, passing };
        let doc = scorer.inner.doc();
        scorer.settle(doc);
        scorer
    }

    /// `doc` if it passes, else the next document of `inner` that does.
    #[inline]
    fn settle(&mut self, mut doc: DocId) -> DocId {
        while doc != TERMINATED && !self.passing.contains(doc) {
            doc = self.inner.advance();
        }
        doc
    }
}

impl DocSet for CheckedScorer {
    fn advance(&mut self) -> DocId {
        let doc = self.inner.advance();
        self.settle(doc)
    }

    fn seek(&mut self, target: DocId) -> DocId {
        let doc = self.inner.seek(target);
        self.settle(doc)
    }

    fn doc(&self) -> DocId {
        self.inner.doc()
    }

    fn size_hint(&self) -> u32 {
        self.inner.size_hint()
    }

    fn cost(&self) -> u64 {
        self.inner.cost()
    }
}

impl Scorer for CheckedScorer {
    fn score(&mut self) -> Score {
        self.inner.score()
    }
}

/// `query` with the filters of its top-level conjunction run as checks, or `query` itself when
/// there is nothing to lift: no filter at the top, or nothing but filters (and exclusions).
///
/// A top-level conjunction is a `BooleanQuery` of `Must` and `MustNot` clauses, or such a query
/// nested as a `Must` clause of another; its `Must` [`FilterQuery`] clauses are lifted.
pub(crate) fn lift(query: Box<dyn Query>, cache: &SegmentCache) -> Box<dyn Query> {
    if !has_filter(query.as_ref()) {
        return query;
    }
    let mut filters = Vec::new();
    let Some(scored) = without_filters(query.as_ref(), &mut filters) else { return query };
    if filters.is_empty() {
        return query;
    }
    Box::new(FilteredQuery { scored, filters, cache: cache.clone() })
}

/// Whether `query` has a filter that [`without_filters`] could pull out: a quick look, so that
/// queries without one (most of them) are not copied.
fn has_filter(query: &dyn Query) -> bool {
    let Some(boolean) = query.downcast_ref::<BooleanQuery>() else { return false };
    !boolean.clauses().iter().any(|(occur, _)| *occur == Occur::Should)
        && boolean.clauses().iter().any(|(occur, clause)| {
            *occur == Occur::Must && (clause.downcast_ref::<FilterQuery>().is_some() || has_filter(clause.as_ref()))
        })
}

/// `query` without its top-level filters (collected into `filters`); `None` when nothing would be
/// left to score, or when it is not a conjunction.
fn without_filters(query: &dyn Query, filters: &mut Vec<FilterQuery>) -> Option<Box<dyn Query>> {
    let boolean = query.downcast_ref::<BooleanQuery>()?;
    if boolean.clauses().iter().any(|(occur, _)| *occur == Occur::Should) {
        return None;
    }
    let mut kept: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for (occur, clause) in boolean.clauses() {
        if *occur == Occur::Must {
            if let Some(filter) = clause.downcast_ref::<FilterQuery>() {
                filters.push(filter.clone());
                continue;
            }
            let found = filters.len();
            if let Some(rest) = without_filters(clause.as_ref(), filters) {
                kept.push((Occur::Must, rest));
                continue;
            }
            filters.truncate(found);
        }
        kept.push((*occur, clause.box_clone()));
    }
    if !kept.iter().any(|(occur, _)| *occur == Occur::Must) {
        return None;
    }
    if kept.len() == 1 {
        return kept.pop().map(|(_, query)| query);
    }
    Some(Box::new(BooleanQuery::new(kept)))
}

#[cfg(test)]
mod tests {
    use tantivy::collector::{Collector, Count, DocSetCollector, TopDocs};
    use tantivy::index::SegmentId;
    use tantivy::query::{ExistsQuery, RangeQuery, TermQuery};
    use tantivy::schema::{FAST, INDEXED, IndexRecordOption, STRING, Schema, TEXT};
    use tantivy::{DateTime, DocAddress, Index, IndexWriter, TantivyDocument};

    use super::*;
    use crate::index::schema;
    use crate::search::rank::{Ranked, SegmentDates, SegmentTop, best_of};

    struct Fixture {
        index: Index,
        text: tantivy::schema::Field,
        tag: tantivy::schema::Field,
        date: tantivy::schema::Field,
    }

    /// A small random generator (xorshift), so that the test needs no crate and repeats.
    struct Random(u64);

    impl Random {
        fn below(&mut self, bound: u64) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0 % bound
        }
    }

    const WORDS: [&str; 6] = ["oil", "gas", "bank", "rate", "gold", "grain"];
    const TAGS: [&str; 4] = ["usa", "uk", "japan", "rare"];

    /// Three segments of articles with random words, tags and dates (some without), and a few
    /// deletions, so that every path (sets, dates, several segments, deleted documents) is used.
    fn fixture() -> Fixture {
        let mut builder = Schema::builder();
        let text = builder.add_text_field("text", TEXT);
        let tag = builder.add_text_field("tag", STRING);
        let date = builder.add_date_field(schema::DATE, INDEXED | FAST);
        let index = Index::create_in_ram(builder.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).expect("writer");
        let mut random = Random(0x9e37_79b9_7f4a_7c15);
        for segment in 0..3 {
            for _ in 0..700 {
                let mut document = TantivyDocument::default();
                let words: Vec<&str> = (0..1 + random.below(6)).map(|_| WORDS[random.below(6) as usize]).collect();
                document.add_text(text, words.join(" "));
                for _ in 0..random.below(3) {
                    // `rare` on about one article in 40.
                    let at = random.below(40) as usize;
                    document.add_text(
                        tag,
                        TAGS[if at < 3 {
                            at
                        } else if at == 3 {
                            3
                        } else {
                            at % 3
                        }],
                    );
                }
                if random.below(10) > 0 {
                    document
                        .add_date(date, DateTime::from_timestamp_secs(500_000_000 + random.below(1000) as i64 * 3600));
                }
                writer.add_document(document).expect("add");
            }
            if segment == 1 {
                writer.delete_term(Term::from_field_text(text, "grain"));
            }
            writer.commit().expect("commit");
        }
        Fixture { index, text, tag, date }
    }

    impl Fixture {
        fn tag_filter(&self, value: &str) -> Box<dyn Query> {
            let term = Term::from_field_text(self.tag, value);
            Box::new(FilterQuery::matching(Box::new(TermQuery::new(term, IndexRecordOption::Basic))))
        }

        fn date_filter(&self, from: Bound<i64>, until: Bound<i64>) -> Box<dyn Query> {
            let term = |seconds: i64| Term::from_field_date(self.date, DateTime::from_timestamp_secs(seconds));
            let range: Box<dyn Query> = match (from, until) {
                (Bound::Unbounded, Bound::Unbounded) => Box::new(ExistsQuery::new(schema::DATE.into(), false)),
                _ => Box::new(RangeQuery::new(from.map(term), until.map(term))),
            };
            Box::new(FilterQuery::dates(range, from, until))
        }

        fn words(&self, words: &[&str]) -> Box<dyn Query> {
            let clauses = words
                .iter()
                .map(|word| {
                    let term = Term::from_field_text(self.text, word);
                    (Occur::Should, Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)) as Box<dyn Query>)
                })
                .collect();
            Box::new(BooleanQuery::new(clauses))
        }
    }

    /// Everything a search can ask of a query: the count, the ranked hits with scores, the set of
    /// matching documents (`for_each_no_score`), and an explanation per hit.
    fn answers(index: &Index, query: &dyn Query) -> (usize, Vec<(Score, DocAddress)>, Vec<DocAddress>) {
        let searcher = index.reader().expect("reader").searcher();
        let (count, top) =
            searcher.search(query, &(Count, TopDocs::with_limit(5000).order_by_score())).expect("search");
        let mut all: Vec<DocAddress> = searcher.search(query, &DocSetCollector).expect("docs").into_iter().collect();
        all.sort();
        for (_, address) in top.iter().take(20) {
            query.explain(&searcher, *address).expect("a hit explains");
        }
        (count, top, all)
    }

    /// Dates for ranking in tests: a few distinct values, so that equal scores are ordered by date
    /// and index order both.
    struct FewDates;

    impl SegmentDates for FewDates {
        fn seconds(&self, doc: DocId) -> i64 {
            i64::from(doc % 5)
        }
    }

    /// The relevance order of newsdex's searches over [`FewDates`].
    struct Top(usize);

    impl Collector for Top {
        type Fruit = Vec<Ranked>;
        type Child = SegmentTop<FewDates>;

        fn for_segment(&self, segment_ord: SegmentOrdinal, _: &SegmentReader) -> tantivy::Result<Self::Child> {
            Ok(SegmentTop::new(self.0, segment_ord, FewDates))
        }

        fn requires_scoring(&self) -> bool {
            true
        }

        fn merge_fruits(&self, segments: Vec<Vec<Ranked>>) -> tantivy::Result<Vec<Ranked>> {
            Ok(best_of(segments, 0, self.0))
        }
    }

    /// The count and best `keep` hits of `query` as tantivy runs it, and as
    /// [`FilteredQuery::count_and_collect`] does with the collector's bar.
    fn counted_both_ways(index: &Index, query: &FilteredQuery, keep: usize) -> [(usize, Vec<(Score, DocAddress)>); 2] {
        let searcher = index.reader().expect("reader").searcher();
        let top = Top(keep);
        let shown = |hits: Vec<Ranked>| hits.into_iter().map(|hit| (hit.score, hit.address)).collect::<Vec<_>>();
        let (count, hits) = searcher.search(query, &(Count, Top(keep))).expect("search");
        let (fused_count, fruits, _) = query
            .count_and_collect(&searcher, |ord, reader| top.for_segment(ord, reader), SegmentTop::bar, |_| Ok(()))
            .expect("count and collect");
        [(count, shown(hits)), (fused_count, shown(top.merge_fruits(fruits).expect("merge")))]
    }

    #[test]
    fn lifted_filters_find_the_same_documents_with_the_same_scores() {
        let fixture = fixture();
        let cache = SegmentCache::with_budget(16 << 10);
        let mut random = Random(7);
        let hour = 3600;
        let mut lifted_queries = 0;
        for _ in 0..300 {
            let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            let words: Vec<&str> = (0..1 + random.below(3)).map(|_| WORDS[random.below(6) as usize]).collect();
            clauses.push((Occur::Must, fixture.words(&words)));
            for _ in 0..random.below(3) {
                clauses.push((Occur::Must, fixture.tag_filter(TAGS[random.below(4) as usize])));
            }
            for _ in 0..random.below(2) {
                let from = 500_000_000 + random.below(1000) as i64 * hour;
                let until = from + random.below(400) as i64 * hour;
                let bound = |seconds: i64, open: u64| match open {
                    0 => Bound::Unbounded,
                    1 => Bound::Excluded(seconds),
                    _ => Bound::Included(seconds),
                };
                clauses.push((
                    Occur::Must,
                    fixture.date_filter(bound(from, random.below(3)), bound(until, random.below(3))),
                ));
            }
            if random.below(4) == 0 {
                let excluded = Term::from_field_text(fixture.text, WORDS[random.below(6) as usize]);
                clauses.push((Occur::MustNot, Box::new(TermQuery::new(excluded, IndexRecordOption::Basic))));
            }
            let query = BooleanQuery::new(clauses);
            let lifted = lift(Box::new(query.clone()), &cache);
            let expected = answers(&fixture.index, &query);
            if let Some(filtered) = lifted.downcast_ref::<FilteredQuery>() {
                lifted_queries += 1;
                for keep in [1, 10, 5000] {
                    let [searched, fused] = counted_both_ways(&fixture.index, filtered, keep);
                    assert_eq!(searched, fused, "top {keep} of {query:?}");
                    assert_eq!(fused.0, expected.0, "{query:?}");
                }
            }
            assert_eq!(expected, answers(&fixture.index, lifted.as_ref()), "{query:?}");
            assert!(cache.bytes() <= 16 << 10, "the cache keeps to its budget: {}", cache.bytes());
        }
        assert!(lifted_queries > 150, "most random queries have filters to lift: {lifted_queries}");
    }

    #[test]
    fn only_filters_every_hit_must_pass_are_lifted() {
        let fixture = fixture();
        let cache = SegmentCache::default();
        let lifted = |clauses: Vec<(Occur, Box<dyn Query>)>| {
            lift(Box::new(BooleanQuery::new(clauses)), &cache).downcast_ref::<FilteredQuery>().map(|q| q.filters.len())
        };
        let oil = || fixture.words(&["oil"]);
        let usa = || fixture.tag_filter("usa");
        assert_eq!(lifted(vec![(Occur::Must, oil()), (Occur::Must, usa())]), Some(1));
        // Nested conjunctions are searched through; the words stay.
        let nested: Box<dyn Query> = Box::new(BooleanQuery::new(vec![(Occur::Must, usa()), (Occur::Must, oil())]));
        assert_eq!(lifted(vec![(Occur::Must, nested), (Occur::Must, fixture.tag_filter("uk"))]), Some(2));
        // Nothing left to score: filters alone, or with exclusions only.
        assert_eq!(lifted(vec![(Occur::Must, usa()), (Occur::Must, fixture.tag_filter("uk"))]), None);
        assert_eq!(lifted(vec![(Occur::Must, usa()), (Occur::MustNot, oil())]), None);
        // An optional filter or an excluded one is not a check every hit must pass.
        assert_eq!(lifted(vec![(Occur::Should, oil()), (Occur::Should, usa())]), None);
        assert_eq!(lifted(vec![(Occur::Must, oil()), (Occur::MustNot, usa())]), None);
    }

    #[test]
    fn the_cache_keeps_to_its_budget_and_forgets_dead_segments() {
        let fixture = fixture();
        let searcher = fixture.index.reader().expect("reader").searcher();
        let query = |tag: &str| {
            let clauses = vec![(Occur::Must, fixture.words(&["oil", "gas"])), (Occur::Must, fixture.tag_filter(tag))];
            Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>
        };
        // Each set is 700 documents (88 bytes, 11 words); three segments a filter.
        let cache = SegmentCache::with_budget(3 * 88);
        for tag in TAGS {
            searcher.search(lift(query(tag), &cache).as_ref(), &Count).expect("search");
            assert!(cache.bytes() <= 3 * 88, "{}", cache.bytes());
        }
        assert_eq!(cache.bytes(), 3 * 88, "the last filter's sets stay");
        let live: Vec<SegmentId> = searcher.segment_readers().iter().map(SegmentReader::segment_id).collect();
        cache.retain(&live[..1]);
        assert_eq!(cache.bytes(), 88);
        cache.retain(&[]);
        assert_eq!(cache.bytes(), 0);
        // A date range is a set of its own, made from the segment's dates (8 bytes a document,
        // 700 a segment): the dates are read once, each new range adds its sets.
        let week = |from: i64| {
            let filter = fixture.date_filter(Bound::Included(from), Bound::Excluded(from + 7 * 86_400));
            let clauses = vec![(Occur::Must, fixture.words(&["oil", "gas"])), (Occur::Must, filter)];
            Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>
        };
        let dated = SegmentCache::with_budget(1 << 20);
        let (first, second) = (500_000_000, 500_000_000 + 86_400);
        for (from, bytes) in
            [(first, 3 * (700 * 8 + 88)), (first, 3 * (700 * 8 + 88)), (second, 3 * (700 * 8 + 2 * 88))]
        {
            let lifted = lift(week(from), &dated);
            assert_eq!(answers(&fixture.index, lifted.as_ref()), answers(&fixture.index, week(from).as_ref()));
            assert_eq!(dated.bytes(), bytes, "range from {from}");
        }
        let uncached = SegmentCache::with_budget(0);
        let (lifted, plain) = (lift(query("usa"), &uncached), query("usa"));
        assert_eq!(answers(&fixture.index, lifted.as_ref()), answers(&fixture.index, plain.as_ref()));
        assert_eq!(uncached.bytes(), 0);
    }
}
