//! Every hit out ([`super::Searcher::export`]): all matching articles, in the order asked for, one
//! at a time, for `search --all --jsonl|--csv`.
//!
//! Memory: a search keeps 8 bytes per matching article (its score and its id within its segment,
//! in one `Vec` per segment), sorts each segment's list in place (dates read from the date column
//! as the sort compares them, not stored), and merges the segments' lists with a heap of one entry
//! per segment. Each hit is then read (its summary record, and its text only when passages are
//! asked for), handed to the caller and dropped, so what the caller writes never accumulates: a
//! million hits cost 8 MB, and there is no cap on their number. Articles, not stories: `--all`
//! lists every matching article, each with its story id and size.

use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

use super::Sort;
use super::segment_cache::{SegmentCache, SegmentColumns};

/// Collects every matching article: `(score, doc)` per segment.
pub(crate) struct EveryHit {
    /// Whether scores are needed (not for `--sort date`).
    pub scoring: bool,
}

/// [`EveryHit`] in one segment.
pub(crate) struct SegmentHits {
    segment_ord: SegmentOrdinal,
    hits: Vec<(Score, DocId)>,
}

impl Collector for EveryHit {
    type Fruit = Vec<(SegmentOrdinal, Vec<(Score, DocId)>)>;
    type Child = SegmentHits;

    fn for_segment(&self, segment_ord: SegmentOrdinal, _: &SegmentReader) -> tantivy::Result<SegmentHits> {
        Ok(SegmentHits { segment_ord, hits: Vec::new() })
    }

    fn requires_scoring(&self) -> bool {
        self.scoring
    }

    fn merge_fruits(&self, segments: Vec<(SegmentOrdinal, Vec<(Score, DocId)>)>) -> tantivy::Result<Self::Fruit> {
        Ok(segments)
    }
}

impl SegmentCollector for SegmentHits {
    type Fruit = (SegmentOrdinal, Vec<(Score, DocId)>);

    fn collect(&mut self, doc: DocId, score: Score) {
        self.hits.push((score, doc));
    }

    fn harvest(self) -> Self::Fruit {
        (self.segment_ord, self.hits)
    }
}

/// How hits compare in one order: what `sort` needs of a hit, computed from its score and date.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ordered {
    /// The main key, higher first: the score (relevance), the recency key (recent), 0 (date).
    key: f64,
    /// The date in seconds (`i64::MIN` when undated): newer first on equal keys.
    seconds: i64,
    /// The score shown.
    pub shown: Score,
    /// Where the article is; index order last.
    pub address: DocAddress,
}

impl Ordered {
    fn new(sort: Sort, as_of: i64, score: Score, seconds: Option<i64>, address: DocAddress) -> Self {
        let (key, shown) = match sort {
            Sort::Relevance => (f64::from(score), score),
            Sort::Date => (0.0, 0.0),
            Sort::Recent(recency) => (recency.key(score, seconds, as_of), recency.score(score, seconds, as_of)),
        };
        Ordered { key, seconds: seconds.unwrap_or(i64::MIN), shown, address }
    }
}

impl Ord for Ordered {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key
            .total_cmp(&other.key)
            .then(self.seconds.cmp(&other.seconds))
            .then_with(|| other.address.cmp(&self.address))
    }
}

impl PartialOrd for Ordered {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Ordered {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Ordered {}

/// One segment's hits, sorted best first, and how to read their order.
struct SortedSegment {
    segment_ord: SegmentOrdinal,
    hits: Vec<(Score, DocId)>,
    columns: Arc<SegmentColumns>,
}

impl SortedSegment {
    fn ordered(&self, at: usize, sort: Sort, as_of: i64) -> Option<Ordered> {
        let (score, doc) = *self.hits.get(at)?;
        Some(Ordered::new(sort, as_of, score, seconds_of(&self.columns, doc), DocAddress::new(self.segment_ord, doc)))
    }
}

fn seconds_of(columns: &SegmentColumns, doc: DocId) -> Option<i64> {
    columns.dates.as_ref().and_then(|dates| dates.first(doc)).map(|date| date.into_timestamp_secs())
}

/// Every hit in `sort`'s order, best first, lazily: each segment sorted in place, then merged.
pub(crate) struct Merged {
    segments: Vec<SortedSegment>,
    /// The next hit of each segment not yet given, by segment index, best on top.
    heads: BinaryHeap<(Ordered, usize, usize)>,
    sort: Sort,
    as_of: i64,
}

impl Merged {
    /// Sorts the collected `segments` (readers by ordinal in `readers`) in `sort`'s order.
    pub fn new(
        collected: Vec<(SegmentOrdinal, Vec<(Score, DocId)>)>,
        readers: &[SegmentReader],
        cache: &SegmentCache,
        sort: Sort,
        as_of: i64,
    ) -> crate::error::Result<Self> {
        let mut segments = Vec::with_capacity(collected.len());
        for (segment_ord, mut hits) in collected {
            let Some(reader) = readers.get(segment_ord as usize) else { continue };
            let columns = cache.columns(reader)?;
            hits.sort_unstable_by(|a, b| {
                let ordered = |(score, doc): &(Score, DocId)| {
                    Ordered::new(sort, as_of, *score, seconds_of(&columns, *doc), DocAddress::new(segment_ord, *doc))
                };
                ordered(b).cmp(&ordered(a))
            });
            segments.push(SortedSegment { segment_ord, hits, columns });
        }
        let mut heads = BinaryHeap::with_capacity(segments.len());
        for (index, segment) in segments.iter().enumerate() {
            if let Some(first) = segment.ordered(0, sort, as_of) {
                heads.push((first, index, 0));
            }
        }
        Ok(Merged { segments, heads, sort, as_of })
    }

    /// Hits in all.
    pub fn len(&self) -> usize {
        self.segments.iter().map(|segment| segment.hits.len()).sum()
    }
}

impl Iterator for Merged {
    type Item = Ordered;

    fn next(&mut self) -> Option<Ordered> {
        let (best, index, at) = self.heads.pop()?;
        if let Some(next) = self.segments[index].ordered(at + 1, self.sort, self.as_of) {
            self.heads.push((next, index, at + 1));
        }
        Some(best)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relevance_then_newer_then_index_order() {
        let at = |doc| DocAddress::new(0, doc);
        let mut hits = [
            Ordered::new(Sort::Relevance, 0, 1.0, Some(10), at(3)),
            Ordered::new(Sort::Relevance, 0, 2.0, None, at(9)),
            Ordered::new(Sort::Relevance, 0, 1.0, Some(20), at(5)),
            Ordered::new(Sort::Relevance, 0, 1.0, Some(20), at(4)),
            Ordered::new(Sort::Relevance, 0, 1.0, None, at(1)),
        ];
        hits.sort_unstable_by(|a, b| b.cmp(a));
        let order: Vec<DocId> = hits.iter().map(|hit| hit.address.doc_id).collect();
        assert_eq!(order, [9, 4, 5, 3, 1]);
        let by_date =
            [Ordered::new(Sort::Date, 0, 5.0, Some(1), at(0)), Ordered::new(Sort::Date, 0, 1.0, Some(2), at(1))];
        assert!(by_date[1] > by_date[0] && by_date[0].shown == 0.0);
    }
}
