//! The relevance order of a search: higher score first, equal scores newer first, then index order.
//!
//! The date only breaks ties, so collection looks at scores, the way tantivy's own
//! `TopDocs::order_by_score` does: candidates are appended to a buffer, and when it is full the
//! best half stays and its worst score becomes the bar later hits must reach (amortized O(1) a hit,
//! no heap). A date is read only where it decides: for the candidates that survive a segment, and
//! for those that tie on the score at the bar. `TopDocs::tweak_score` would instead read the date
//! of every matching article to build its sort key.

use std::cmp::Ordering;
use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

use super::segment_cache::{SegmentCache, SegmentColumns};

/// Collects the hits ranked `offset + 1 ..= offset + limit`: higher score first, then newer date,
/// then index order. Articles without a date come after dated ones of the same score.
pub(crate) struct TopByScoreThenDate<'a> {
    limit: usize,
    offset: usize,
    cache: &'a SegmentCache,
}

impl<'a> TopByScoreThenDate<'a> {
    pub fn new(limit: usize, offset: usize, cache: &'a SegmentCache) -> Self {
        TopByScoreThenDate { limit, offset, cache }
    }
}

/// The `seconds` of an article without a date: older than any date, so it ranks after dated
/// articles of the same score.
const UNDATED: i64 = i64::MIN;

/// One candidate hit; a better hit compares greater.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ranked {
    pub score: Score,
    /// The article's date in seconds since the epoch, or [`UNDATED`].
    seconds: i64,
    pub address: DocAddress,
}

impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> Ordering {
        self.score
            .total_cmp(&other.score)
            .then(self.seconds.cmp(&other.seconds))
            .then_with(|| other.address.cmp(&self.address))
    }
}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Ranked {}

impl Collector for TopByScoreThenDate<'_> {
    type Fruit = Vec<(Score, DocAddress)>;
    type Child = SegmentTop;

    fn for_segment(&self, segment_ord: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<SegmentTop> {
        let columns =
            self.cache.columns(reader).map_err(|error| tantivy::TantivyError::InternalError(error.to_string()))?;
        Ok(SegmentTop::new(self.limit + self.offset, segment_ord, columns))
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, segments: Vec<Vec<Ranked>>) -> tantivy::Result<Self::Fruit> {
        let best = best_of(segments, self.offset, self.limit);
        Ok(best.into_iter().map(|ranked| (ranked.score, ranked.address)).collect())
    }
}

/// The candidates of all segments ranked `offset + 1 ..= offset + limit`, best first.
pub(crate) fn best_of(segments: Vec<Vec<Ranked>>, offset: usize, limit: usize) -> Vec<Ranked> {
    let mut all: Vec<Ranked> = segments.concat();
    all.sort_unstable_by(|a, b| b.cmp(a));
    all.into_iter().skip(offset).take(limit).collect()
}

/// Where a segment's article dates come from: its date column, or a table in tests.
///
/// A type parameter rather than a trait object or an `Option`, so that collecting pays nothing
/// for it; it is only called where a date decides.
pub(crate) trait SegmentDates: 'static {
    /// The date of `doc` in seconds since the epoch, `i64::MIN` for an article without one.
    fn seconds(&self, doc: DocId) -> i64;
}

/// The segment's date column, absent when no article of the segment has a date.
impl SegmentDates for Arc<SegmentColumns> {
    fn seconds(&self, doc: DocId) -> i64 {
        let date = self.dates.as_ref().and_then(|column| column.first(doc));
        date.map_or(UNDATED, |date| date.into_timestamp_secs())
    }
}

/// A hit inside [`SegmentTop`], its date read only once it can change which hits stay.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    score: Score,
    doc: DocId,
    /// `None` until read.
    seconds: Option<i64>,
}

impl Candidate {
    fn read_date(&mut self, dates: &impl SegmentDates) {
        if self.seconds.is_none() {
            self.seconds = Some(dates.seconds(self.doc));
        }
    }

    /// The candidate in the relevance order. An unread date counts as undated: it is only compared
    /// between candidates that are all kept or all dropped, whatever their dates.
    fn ranked(self, segment_ord: SegmentOrdinal) -> Ranked {
        let seconds = self.seconds.unwrap_or(UNDATED);
        Ranked { score: self.score, seconds, address: DocAddress::new(segment_ord, self.doc) }
    }
}

/// The best `keep` hits of one segment (`keep` = limit + offset: any of them may be shown).
///
/// Hits arrive in index order. One scoring below `threshold` is dropped after one comparison; any
/// other is appended to `candidates`, usually without its date. When the buffer holds `2 * keep`,
/// `truncate` keeps the best `keep` and raises the threshold to the worst kept score, so a
/// truncation happens at most once every `keep` appends.
///
/// Unlike tantivy's `TopNComputer`, a hit scoring exactly the threshold is not dropped: it ties
/// the worst kept candidate, and a newer date ranks it higher. Such dates are read as soon as they
/// decide: a hit that ties the worst kept candidate, once that one's date is known, and the
/// candidates a truncation must choose between. Deferring them to the harvest would let the buffer
/// grow to every match when all matches score alike (filters alone, `*`).
pub(crate) struct SegmentTop<Dates = Arc<SegmentColumns>> {
    keep: usize,
    segment_ord: SegmentOrdinal,
    dates: Dates,
    candidates: Vec<Candidate>,
    /// The buffer length that makes room by truncating: `2 * keep`, at least 2 so a truncation
    /// always frees room.
    full_at: usize,
    /// The `keep`-th best score once the buffer has been truncated: a lower score cannot enter.
    threshold: Score,
    /// The date of the worst kept candidate, when the last truncation had to read it: a later hit
    /// scoring the threshold must then be newer to enter (with an equal date, index order puts it
    /// after). `None` when unknown: such hits are appended and the next truncation decides.
    threshold_seconds: Option<i64>,
}

impl<Dates: SegmentDates> SegmentTop<Dates> {
    /// Collects the best `keep` hits of segment `segment_ord`, reading dates from `dates`.
    pub fn new(keep: usize, segment_ord: SegmentOrdinal, dates: Dates) -> Self {
        let full_at = keep.max(1) * 2;
        SegmentTop {
            keep,
            segment_ord,
            dates,
            candidates: Vec::with_capacity(full_at),
            full_at,
            threshold: Score::NEG_INFINITY,
            threshold_seconds: None,
        }
    }

    /// The lowest score a hit can still enter with (ties are decided by date): negative infinity
    /// until the buffer first fills.
    #[inline]
    pub fn bar(&self) -> Score {
        self.threshold
    }

    /// Adds a hit that scores at least the threshold, first making room if the buffer is full.
    ///
    /// Out of line on purpose: inlined into `collect`, its calls (reading a date, truncating,
    /// growing the `Vec`) made every matching article pay for saving and restoring registers, not
    /// only the few that get here. Out of line, a hit below the threshold costs a load and a
    /// comparison.
    #[inline(never)]
    fn append(&mut self, doc: DocId, score: Score) {
        let mut seconds = None;
        if let Some(threshold_seconds) = self.threshold_seconds
            && score.total_cmp(&self.threshold).is_eq()
        {
            let date = self.dates.seconds(doc);
            if date <= threshold_seconds {
                return;
            }
            seconds = Some(date);
        }
        if self.candidates.len() == self.full_at {
            self.truncate();
        }
        self.candidates.push(Candidate { score, doc, seconds });
    }

    /// Keeps the best `keep` candidates and makes the worst kept score the threshold.
    ///
    /// Scores alone decide, unless a candidate that would be dropped has the same score as the
    /// worst kept one: only then are the dates of the candidates with that score read (each once),
    /// and the full order chooses among them.
    fn truncate(&mut self) {
        debug_assert!(self.candidates.len() > self.keep, "truncate only a buffer with too many candidates");
        let Some(last_kept) = self.keep.checked_sub(1) else {
            self.candidates.clear();
            return;
        };
        let (_, last, dropped) = self.candidates.select_nth_unstable_by(last_kept, |a, b| b.score.total_cmp(&a.score));
        let cut_off = last.score;
        let ties_the_cut_off = |candidate: &Candidate| candidate.score.total_cmp(&cut_off).is_eq();
        if dropped.iter().any(ties_the_cut_off) {
            for candidate in self.candidates.iter_mut().filter(|candidate| ties_the_cut_off(candidate)) {
                candidate.read_date(&self.dates);
            }
            let segment_ord = self.segment_ord;
            self.candidates.select_nth_unstable_by(last_kept, |a, b| b.ranked(segment_ord).cmp(&a.ranked(segment_ord)));
            self.threshold_seconds = self.candidates[last_kept].seconds;
        } else {
            self.threshold_seconds = None;
        }
        self.candidates.truncate(self.keep);
        self.threshold = cut_off;
    }
}

impl<Dates: SegmentDates> SegmentCollector for SegmentTop<Dates> {
    type Fruit = Vec<Ranked>;

    #[inline]
    fn collect(&mut self, doc: DocId, score: Score) {
        if score < self.threshold {
            return;
        }
        self.append(doc, score);
    }

    /// The segment's best `keep` candidates, in no particular order, each with its date.
    fn harvest(mut self) -> Vec<Ranked> {
        if self.candidates.len() > self.keep {
            self.truncate();
        }
        for candidate in &mut self.candidates {
            candidate.read_date(&self.dates);
        }
        self.candidates.iter().map(|candidate| candidate.ranked(self.segment_ord)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Dates from a closure: `None` for an undated article.
    impl<F: Fn(DocId) -> Option<i64> + 'static> SegmentDates for F {
        fn seconds(&self, doc: DocId) -> i64 {
            self(doc).unwrap_or(UNDATED)
        }
    }

    fn ranked(score: Score, seconds: i64, doc: DocId) -> Ranked {
        Ranked { score, seconds, address: DocAddress::new(0, doc) }
    }

    /// Collects `hits` (in index order) in segment `segment_ord`; the best `keep`, best first.
    fn collect_segment(
        keep: usize,
        segment_ord: SegmentOrdinal,
        hits: &[(Score, DocId)],
        dates: impl SegmentDates,
    ) -> Vec<Ranked> {
        let mut segment = SegmentTop::new(keep, segment_ord, dates);
        for (score, doc) in hits {
            segment.collect(*doc, *score);
        }
        let mut best = segment.harvest();
        best.sort_unstable_by(|a, b| b.cmp(a));
        best
    }

    /// Collects `hits` in one segment without a date column: every article is undated, so ties keep
    /// index order.
    fn collect(capacity: usize, hits: &[(Score, DocId)]) -> Vec<(Score, DocId)> {
        let best = collect_segment(capacity, 0, hits, |_| None);
        let cache = SegmentCache::default();
        let collector = TopByScoreThenDate::new(capacity, 0, &cache);
        let merged = collector.merge_fruits(vec![best]).expect("merge");
        merged.into_iter().map(|(score, address)| (score, address.doc_id)).collect()
    }

    #[test]
    fn higher_score_then_newer_then_index_order() {
        let mut hits = [ranked(1.0, 10, 3), ranked(2.0, 0, 9), ranked(1.0, 20, 5), ranked(1.0, 20, 4)];
        hits.sort_unstable_by(|a, b| b.cmp(a));
        let order: Vec<DocId> = hits.iter().map(|hit| hit.address.doc_id).collect();
        assert_eq!(order, [9, 4, 5, 3]);
    }

    #[test]
    fn keeps_the_best_and_skips_what_cannot_enter() {
        let hits = [(0.5, 0), (3.0, 1), (1.0, 2), (2.0, 3), (0.1, 4), (3.0, 5)];
        assert_eq!(collect(3, &hits), [(3.0, 1), (3.0, 5), (2.0, 3)]);
        assert_eq!(collect(0, &hits), []);
        assert_eq!(collect(10, &hits).len(), 6);
    }

    #[test]
    fn offset_pages_through_the_same_order() {
        let cache = SegmentCache::default();
        let collector = TopByScoreThenDate::new(2, 1, &cache);
        let fruits = vec![vec![ranked(1.0, 5, 0), ranked(4.0, 5, 1)], vec![ranked(2.0, 5, 0), ranked(3.0, 5, 1)]];
        let page = collector.merge_fruits(fruits).expect("merge");
        assert_eq!(page.iter().map(|(score, _)| *score).collect::<Vec<_>>(), [3.0, 2.0]);
    }

    #[test]
    fn the_newest_of_many_tied_at_the_cut_off_wins_though_it_comes_last() {
        // Two clear winners, then 60 articles with the score of third place, dated older to newer;
        // 10 of them undated. Keeping 4 (a buffer of 8), the buffer is truncated a dozen times
        // before the last, newest ones arrive; 40 has the newest date too and comes first.
        let mut hits = vec![(5.0, 0), (4.0, 1)];
        hits.extend((2..62).map(|doc| (1.0, doc)));
        let dates = |doc: DocId| match doc {
            20..30 => None,
            40 | 61 => Some(1_000_000),
            doc => Some(1_000 + i64::from(doc)),
        };
        let best = collect_segment(4, 0, &hits, dates);
        let order: Vec<(Score, DocId)> = best.iter().map(|hit| (hit.score, hit.address.doc_id)).collect();
        assert_eq!(order, [(5.0, 0), (4.0, 1), (1.0, 40), (1.0, 61)]);
        assert_eq!(best[3].seconds, 1_000_000, "the harvest reads the date of every survivor");

        // Tied and undated, except the last one, dated long ago: it still comes first, then the
        // undated ones in index order.
        let hits: Vec<(Score, DocId)> = (0..30).map(|doc| (1.0, doc)).collect();
        let dates = |doc: DocId| (doc == 29).then_some(-2_000_000_000);
        let best = collect_segment(3, 0, &hits, dates);
        let order: Vec<DocId> = best.iter().map(|hit| hit.address.doc_id).collect();
        assert_eq!(order, [29, 0, 1]);
    }

    /// Knuth's MMIX linear congruential generator: deterministic numbers without a dependency.
    struct Lcg(u64);

    impl Lcg {
        fn below(&mut self, bound: u64) -> u64 {
            self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (self.0 >> 33) % bound
        }
    }

    /// One segment's hits in index order (with gaps) and the dates of its articles, by doc id.
    fn random_segment(
        random: &mut Lcg,
        distinct_scores: u64,
        distinct_dates: u64,
    ) -> (Vec<(Score, DocId)>, Vec<Option<i64>>) {
        let count = random.below(200);
        let mut hits = Vec::new();
        let mut dates = Vec::new();
        for _ in 0..count {
            for _ in 0..random.below(3) {
                dates.push(None); // An article the query does not match.
            }
            let doc = DocId::try_from(dates.len()).expect("small segment");
            // Few distinct scores or dates: many ties.
            let score = random.below(distinct_scores) as Score * 0.37;
            let date = (random.below(4) != 0).then(|| random.below(distinct_dates) as i64 - 86_400);
            hits.push((score, doc));
            dates.push(date);
        }
        (hits, dates)
    }

    #[test]
    fn agrees_with_sorting_every_candidate() {
        let mut random = Lcg(2026);
        let cache = SegmentCache::default();
        for round in 0..1_000 {
            let distinct_scores = [1, 2, 3, 5, 1_000][round % 5];
            let distinct_dates = [1, 2, 6, 1_000_000][round / 5 % 4];
            let segments = [
                random_segment(&mut random, distinct_scores, distinct_dates),
                random_segment(&mut random, distinct_scores, distinct_dates),
            ];
            let mut everything: Vec<Ranked> = Vec::new();
            for (segment_ord, (hits, dates)) in (0..).zip(&segments) {
                everything.extend(hits.iter().map(|&(score, doc)| Ranked {
                    score,
                    seconds: dates[doc as usize].unwrap_or(UNDATED),
                    address: DocAddress::new(segment_ord, doc),
                }));
            }
            everything.sort_unstable_by(|a, b| b.cmp(a));
            for keep in [0, 1, 2, 3, 5, 10, 17, 64] {
                let mut fruits = Vec::new();
                for (segment_ord, (hits, dates)) in (0..).zip(&segments) {
                    let dates = dates.clone();
                    let best = collect_segment(keep, segment_ord, hits, move |doc| dates[doc as usize]);
                    let mut expected: Vec<Ranked> =
                        everything.iter().filter(|hit| hit.address.segment_ord == segment_ord).copied().collect();
                    expected.truncate(keep);
                    assert_eq!(best, expected, "round {round}, keep {keep}, segment {segment_ord}");
                    fruits.push(best);
                }
                let offset = keep / 3;
                let collector = TopByScoreThenDate::new(keep - offset, offset, &cache);
                let page = collector.merge_fruits(fruits).expect("merge");
                let expected: Vec<(Score, DocAddress)> =
                    everything.iter().skip(offset).take(keep - offset).map(|hit| (hit.score, hit.address)).collect();
                assert_eq!(page, expected, "round {round}, keep {keep}");
            }
        }
    }
}
