//! `--sort recent`: relevance that fades with age, as news sites rank.
//!
//! An article's score is its relevance (BM25) times `0.5^(age / half_life)`: an article one
//! half-life old needs twice the relevance of one published at the reference moment to rank beside
//! it. The age is measured from [`Recency::as_of`], or from the newest article of the index when
//! none is given (so an archive ranks the same whenever it is searched); an article dated after that
//! moment has age 0. A product rather than a sum because BM25 has no fixed scale: its scores grow
//! with query length and rarity, so an added date bonus would weigh differently for every query,
//! while a factor keeps the order of equally old articles exactly that of relevance and makes the
//! half-life mean the same thing for every query.
//!
//! Ranking compares `ln(score) − ln 2 · age / half_life`, the logarithm of the product, so that old
//! articles far beyond many half-lives (which underflow to 0 as a product) still rank by relevance
//! among themselves. Undated articles come after every dated one, by relevance among themselves,
//! with score 0; equal keys: newer first, then index order.

use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

use super::segment_cache::{SegmentCache, SegmentColumns};

/// The default half-life: 30 days.
pub const DEFAULT_HALF_LIFE_SECONDS: u64 = 30 * DAY;
const DAY: u64 = 86_400;
/// What being undated costs, in the logarithm of the score: more than any age can.
const UNDATED_PENALTY: f64 = 1e12;

/// How `--sort recent` weighs age.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Recency {
    /// The age at which relevance counts half, in seconds (at least 1).
    pub half_life_seconds: u64,
    /// The moment ages are measured from, in seconds since the epoch; `None`: the newest article
    /// of the index.
    pub as_of: Option<i64>,
}

impl Default for Recency {
    fn default() -> Self {
        Recency { half_life_seconds: DEFAULT_HALF_LIFE_SECONDS, as_of: None }
    }
}

impl Recency {
    /// The ranking key of an article of relevance `score` dated `seconds` (`None`: undated),
    /// with ages measured from `as_of`: higher ranks first.
    pub(crate) fn key(&self, score: Score, seconds: Option<i64>, as_of: i64) -> f64 {
        let relevance = f64::from(score).ln();
        match seconds {
            Some(seconds) => relevance - std::f64::consts::LN_2 * self.halvings(seconds, as_of),
            None => relevance - UNDATED_PENALTY,
        }
    }

    /// The score shown: relevance times `0.5^(age / half_life)`; 0 for an undated article.
    pub(crate) fn score(&self, score: Score, seconds: Option<i64>, as_of: i64) -> Score {
        match seconds {
            Some(seconds) => (f64::from(score) * 0.5f64.powf(self.halvings(seconds, as_of))) as Score,
            None => 0.0,
        }
    }

    /// Half-lives between `seconds` and `as_of` (0 for a date after it).
    fn halvings(&self, seconds: i64, as_of: i64) -> f64 {
        let age = as_of.saturating_sub(seconds).max(0) as f64;
        age / self.half_life_seconds.max(1) as f64
    }
}

/// Reads a half-life: a number and a unit, `h` (hours), `d` (days), `w` (weeks) or `y` (365 days);
/// a bare number is days. `30d`, `12h`, `2w`.
pub fn parse_half_life(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let unit_seconds = match unit.trim() {
        "h" => 3_600,
        "" | "d" => DAY,
        "w" => 7 * DAY,
        "y" => 365 * DAY,
        other => return Err(format!("unknown unit {other:?} in half-life {text:?}; use h, d, w or y (30d)")),
    };
    let number: f64 = number.parse().map_err(|_| format!("half-life {text:?} is not a number and a unit (30d)"))?;
    let seconds = number * unit_seconds as f64;
    if !(1.0..=1e15).contains(&seconds) {
        return Err(format!("half-life {text:?} is out of range (from 1 hour to millions of years)"));
    }
    Ok(seconds as u64)
}

/// Reads `--as-of`: a day, `1987-03-01`, meaning the end of that day (UTC), or an RFC 3339 moment.
pub fn parse_as_of(text: &str) -> Result<i64, String> {
    let text = text.trim();
    if let Ok(moment) = DateTime::parse_from_rfc3339(text) {
        return Ok(moment.with_timezone(&Utc).timestamp());
    }
    let day = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("as-of {text:?} is not a day (1987-03-01) or an RFC 3339 time"))?;
    let end = day.and_hms_opt(23, 59, 59).map(|moment| moment.and_utc().timestamp());
    end.ok_or_else(|| format!("as-of {text:?} is not a day"))
}

/// The newest article date of the index `searcher` reads, in seconds; `None` when nothing is dated.
pub(crate) fn newest(searcher: &tantivy::Searcher, cache: &SegmentCache) -> crate::error::Result<Option<i64>> {
    let mut newest: Option<i64> = None;
    for reader in searcher.segment_readers() {
        let columns = cache.columns(reader)?;
        let Some(dates) = &columns.dates else { continue };
        if dates.values.num_vals() == 0 {
            continue;
        }
        let latest = dates.max_value().into_timestamp_secs();
        newest = Some(newest.map_or(latest, |known| known.max(latest)));
    }
    Ok(newest)
}

/// The date of `doc` in seconds, if it has one.
fn seconds_of(columns: &SegmentColumns, doc: DocId) -> Option<i64> {
    columns.dates.as_ref().and_then(|dates| dates.first(doc)).map(|date| date.into_timestamp_secs())
}

/// One collected hit; a better hit compares greater.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Keyed {
    key: f64,
    seconds: i64,
    score: Score,
    address: DocAddress,
}

impl Ord for Keyed {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key
            .total_cmp(&other.key)
            .then(self.seconds.cmp(&other.seconds))
            .then_with(|| other.address.cmp(&self.address))
    }
}

impl PartialOrd for Keyed {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Keyed {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Keyed {}

/// Collects the hits ranked `offset + 1 ..= offset + limit` by [`Recency::key`], each with its
/// shown score ([`Recency::score`]).
pub(crate) struct TopRecent<'a> {
    pub limit: usize,
    pub offset: usize,
    pub cache: &'a SegmentCache,
    pub recency: Recency,
    /// The moment ages are measured from, resolved.
    pub as_of: i64,
}

/// [`TopRecent`] in one segment: the best `keep` in a min-heap (the worst on top).
pub(crate) struct SegmentRecent {
    keep: usize,
    segment_ord: SegmentOrdinal,
    columns: Arc<SegmentColumns>,
    recency: Recency,
    as_of: i64,
    heap: BinaryHeap<std::cmp::Reverse<Keyed>>,
}

impl Collector for TopRecent<'_> {
    type Fruit = Vec<(Score, DocAddress)>;
    type Child = SegmentRecent;

    fn for_segment(&self, segment_ord: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<SegmentRecent> {
        let columns =
            self.cache.columns(reader).map_err(|error| tantivy::TantivyError::InternalError(error.to_string()))?;
        let keep = self.limit.saturating_add(self.offset);
        Ok(SegmentRecent {
            keep,
            segment_ord,
            columns,
            recency: self.recency,
            as_of: self.as_of,
            heap: BinaryHeap::with_capacity(keep.min(4_096) + 1),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, segments: Vec<Vec<Keyed>>) -> tantivy::Result<Self::Fruit> {
        let mut all: Vec<Keyed> = segments.concat();
        all.sort_unstable_by(|a, b| b.cmp(a));
        Ok(all.into_iter().skip(self.offset).take(self.limit).map(|hit| (hit.score, hit.address)).collect())
    }
}

impl SegmentCollector for SegmentRecent {
    type Fruit = Vec<Keyed>;

    fn collect(&mut self, doc: DocId, score: Score) {
        if self.keep == 0 {
            return;
        }
        let seconds = seconds_of(&self.columns, doc);
        let hit = Keyed {
            key: self.recency.key(score, seconds, self.as_of),
            seconds: seconds.unwrap_or(i64::MIN),
            score: self.recency.score(score, seconds, self.as_of),
            address: DocAddress::new(self.segment_ord, doc),
        };
        if self.heap.len() < self.keep {
            self.heap.push(std::cmp::Reverse(hit));
        } else if let Some(mut worst) = self.heap.peek_mut()
            && hit > worst.0
        {
            *worst = std::cmp::Reverse(hit);
        }
    }

    fn harvest(self) -> Vec<Keyed> {
        self.heap.into_iter().map(|std::cmp::Reverse(hit)| hit).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relevance_halves_every_half_life() {
        let recency = Recency { half_life_seconds: 30 * DAY, as_of: None };
        let now = 1_000_000_000;
        let month_ago = now - 30 * DAY as i64;
        assert!((recency.score(8.0, Some(month_ago), now) - 4.0).abs() < 1e-5);
        assert_eq!(recency.score(8.0, Some(now + 5), now), 8.0, "no bonus for a date after as-of");
        assert_eq!(recency.score(8.0, None, now), 0.0);
        // Twice as relevant and one half-life older: a tie, broken by the date.
        let old = recency.key(8.0, Some(month_ago), now);
        let new = recency.key(4.0, Some(now), now);
        assert!((old - new).abs() < 1e-9);
        // Centuries of half-lives: the product underflows, the key still orders by relevance.
        let ancient = now - 40 * 365 * DAY as i64;
        assert!(recency.key(9.0, Some(ancient), now) > recency.key(3.0, Some(ancient), now));
        assert!(recency.key(0.01, Some(ancient), now) > recency.key(100.0, None, now), "undated last");
        assert!(recency.key(9.0, None, now) > recency.key(3.0, None, now));
    }

    #[test]
    fn half_lives_and_days_are_read() {
        assert_eq!(parse_half_life("30d"), Ok(30 * DAY));
        assert_eq!(parse_half_life("12h"), Ok(12 * 3_600));
        assert_eq!(parse_half_life("2w"), Ok(14 * DAY));
        assert_eq!(parse_half_life("7"), Ok(7 * DAY));
        assert_eq!(parse_half_life("0.5d"), Ok(DAY / 2));
        assert!(parse_half_life("0d").is_err() && parse_half_life("30 days").is_err() && parse_half_life("d").is_err());
        assert_eq!(parse_as_of("1987-03-01"), Ok(541_641_599));
        assert_eq!(parse_as_of("1987-03-01T00:00:00Z"), Ok(541_555_200));
        assert!(parse_as_of("March 1987").is_err());
    }
}
