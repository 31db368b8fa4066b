//! The top hits by score, equal scores ordered newer first.
//!
//! tantivy's `TopDocs::tweak_score` reads the date of every matching article to build the sort key;
//! this collector reads it only for articles whose score can still enter the top, so ranking costs
//! what plain BM25 top-k costs (a union query matching ~1,400 articles: 75 → 64 µs p50).

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

use crate::index::columns::{ColumnCache, SegmentColumns};

/// Collects the hits ranked `offset + 1 ..= offset + limit`: higher score first, then newer date,
/// then index order. Articles without a date come after dated ones of the same score.
pub struct TopByScoreThenDate<'a> {
    limit: usize,
    offset: usize,
    columns: &'a ColumnCache,
}

impl<'a> TopByScoreThenDate<'a> {
    pub fn new(limit: usize, offset: usize, columns: &'a ColumnCache) -> Self {
        TopByScoreThenDate { limit, offset, columns }
    }
}

/// One candidate hit; a better hit compares greater.
#[derive(Debug, Clone, Copy)]
pub struct Ranked {
    pub score: Score,
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
            self.columns.get(reader).map_err(|error| tantivy::TantivyError::InternalError(error.to_string()))?;
        Ok(SegmentTop {
            capacity: self.limit + self.offset,
            segment_ord,
            columns: Some(columns),
            best: BinaryHeap::with_capacity(self.limit + self.offset + 1),
            threshold: Score::NEG_INFINITY,
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, segments: Vec<Vec<Ranked>>) -> tantivy::Result<Self::Fruit> {
        let mut all: Vec<Ranked> = segments.into_iter().flatten().collect();
        all.sort_unstable_by(|a, b| b.cmp(a));
        Ok(all.into_iter().skip(self.offset).take(self.limit).map(|ranked| (ranked.score, ranked.address)).collect())
    }
}

/// The best hits of one segment, worst on top of a min-heap.
pub struct SegmentTop {
    capacity: usize,
    segment_ord: SegmentOrdinal,
    /// The segment's date column (tests run without one).
    columns: Option<Arc<SegmentColumns>>,
    best: BinaryHeap<Reverse<Ranked>>,
    /// The worst score kept once the heap is full: lower scores cannot enter.
    threshold: Score,
}

impl SegmentCollector for SegmentTop {
    type Fruit = Vec<Ranked>;

    fn collect(&mut self, doc: DocId, score: Score) {
        if score < self.threshold || self.capacity == 0 {
            return;
        }
        let seconds = self
            .columns
            .as_ref()
            .and_then(|columns| columns.dates.as_ref())
            .and_then(|column| column.first(doc))
            .map_or(i64::MIN, |date| date.into_timestamp_secs());
        let candidate = Ranked { score, seconds, address: DocAddress::new(self.segment_ord, doc) };
        if self.best.len() < self.capacity {
            self.best.push(Reverse(candidate));
        } else if self.best.peek().is_some_and(|Reverse(worst)| candidate > *worst) {
            self.best.pop();
            self.best.push(Reverse(candidate));
        }
        if self.best.len() == self.capacity {
            self.threshold = self.best.peek().map_or(Score::NEG_INFINITY, |Reverse(worst)| worst.score);
        }
    }

    fn harvest(self) -> Vec<Ranked> {
        self.best.into_iter().map(|Reverse(ranked)| ranked).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ranked(score: Score, seconds: i64, doc: DocId) -> Ranked {
        Ranked { score, seconds, address: DocAddress::new(0, doc) }
    }

    /// Collects `hits` in one segment without a date column: every article is undated, so ties keep
    /// index order.
    fn collect(capacity: usize, hits: &[(Score, DocId)]) -> Vec<(Score, DocId)> {
        let mut segment = SegmentTop {
            capacity,
            segment_ord: 0,
            columns: None,
            best: BinaryHeap::new(),
            threshold: Score::NEG_INFINITY,
        };
        for (score, doc) in hits {
            segment.collect(*doc, *score);
        }
        let cache = ColumnCache::default();
        let collector = TopByScoreThenDate::new(capacity, 0, &cache);
        let merged = collector.merge_fruits(vec![segment.harvest()]).expect("merge");
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
        let cache = ColumnCache::default();
        let collector = TopByScoreThenDate::new(2, 1, &cache);
        let fruits = vec![vec![ranked(1.0, 5, 0), ranked(4.0, 5, 1)], vec![ranked(2.0, 5, 0), ranked(3.0, 5, 1)]];
        let page = collector.merge_fruits(fruits).expect("merge");
        assert_eq!(page.iter().map(|(score, _)| *score).collect::<Vec<_>>(), [3.0, 2.0]);
    }
}
