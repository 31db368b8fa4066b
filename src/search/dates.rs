//! When the hits were published: how many a day over the whole result set (not only the page
//! shown), and a histogram whose buckets (day, week, month or year) are sized to the span, for a
//! timeline of the results.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use super::segment_cache::SegmentCache;
use super::{SearchRequest, Searcher};
use crate::error::{Error, Result};

/// Hits by day of publication (UTC), and those without a date.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DayCounts {
    /// Days with at least one hit, in order, and their hits.
    pub days: Vec<(NaiveDate, u64)>,
    /// Hits without a date.
    pub undated: u64,
}

/// The size of a histogram's buckets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Interval {
    /// One day.
    Day,
    /// Monday to Sunday.
    Week,
    /// A calendar month.
    Month,
    /// A calendar year.
    Year,
}

/// One bar of a [`DateHistogram`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DateBucket {
    /// First day of the bucket.
    pub start: NaiveDate,
    /// Last day of the bucket, inclusive.
    pub end: NaiveDate,
    /// Hits published in the bucket.
    pub count: u64,
}

/// Hits over time: consecutive buckets from the first hit's date to the last's, empty ones
/// included, so that bars stand where their dates are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DateHistogram {
    /// The size of every bucket.
    pub interval: Interval,
    /// Buckets in date order (none when no hit has a date).
    pub buckets: Vec<DateBucket>,
    /// Hits without a date, in no bucket.
    pub undated: u64,
}

/// Buckets a histogram aims to stay under: the smallest interval that gives at most this many wins.
pub const MAX_BUCKETS: i64 = 60;

impl Interval {
    /// The smallest interval that cuts `first..=last` into at most [`MAX_BUCKETS`] buckets (years
    /// when none does).
    pub fn for_span(first: NaiveDate, last: NaiveDate) -> Interval {
        [Interval::Day, Interval::Week, Interval::Month]
            .into_iter()
            .find(|interval| interval.buckets_between(first, last) <= MAX_BUCKETS)
            .unwrap_or(Interval::Year)
    }

    /// Buckets from the one holding `first` to the one holding `last`, both included.
    fn buckets_between(self, first: NaiveDate, last: NaiveDate) -> i64 {
        let (from, to) = (self.bucket_start(first), self.bucket_start(last));
        match self {
            Interval::Day => (to - from).num_days() + 1,
            Interval::Week => (to - from).num_days() / 7 + 1,
            Interval::Month => {
                i64::from(to.year() - from.year()) * 12 + i64::from(to.month()) - i64::from(from.month()) + 1
            }
            Interval::Year => i64::from(to.year() - from.year()) + 1,
        }
    }

    /// First day of the bucket that holds `day`.
    pub fn bucket_start(self, day: NaiveDate) -> NaiveDate {
        match self {
            Interval::Day => day,
            Interval::Week => day - Days::new(u64::from(day.weekday().num_days_from_monday())),
            Interval::Month => day.with_day(1).unwrap_or(day),
            Interval::Year => day.with_ordinal(1).unwrap_or(day),
        }
    }

    /// First day of the bucket after the one starting on `start`; `None` past the last date chrono
    /// holds.
    fn next_start(self, start: NaiveDate) -> Option<NaiveDate> {
        match self {
            Interval::Day => start.checked_add_days(Days::new(1)),
            Interval::Week => start.checked_add_days(Days::new(7)),
            Interval::Month => start.checked_add_months(Months::new(1)),
            Interval::Year => start.checked_add_months(Months::new(12)),
        }
    }
}

impl DayCounts {
    /// The histogram of these counts, its interval chosen from their span ([`Interval::for_span`]).
    pub fn histogram(&self) -> DateHistogram {
        let (Some(&(first, _)), Some(&(last, _))) = (self.days.first(), self.days.last()) else {
            return DateHistogram { interval: Interval::Day, buckets: Vec::new(), undated: self.undated };
        };
        let interval = Interval::for_span(first, last);
        let mut buckets: Vec<DateBucket> = Vec::new();
        let mut start = interval.bucket_start(first);
        let mut days = self.days.iter().peekable();
        loop {
            let next = interval.next_start(start);
            let end = next.and_then(|next| next.pred_opt()).unwrap_or(NaiveDate::MAX);
            let mut count = 0;
            while let Some(&&(day, hits)) = days.peek()
                && day <= end
            {
                count += hits;
                days.next();
            }
            buckets.push(DateBucket { start, end, count });
            match next {
                Some(next) if next <= last => start = next,
                _ => break,
            }
        }
        debug_assert_eq!(buckets.iter().map(|bucket| bucket.count).sum::<u64>(), self.total_dated());
        DateHistogram { interval, buckets, undated: self.undated }
    }

    /// Hits with a date.
    pub fn total_dated(&self) -> u64 {
        self.days.iter().map(|(_, count)| count).sum()
    }
}

impl Searcher {
    /// How many of all the request's hits were published each day (its `limit`, `offset`, sort and
    /// passages do not matter): the data of a timeline beside a results page.
    pub fn day_counts(&self, request: &SearchRequest) -> Result<DayCounts> {
        let searcher = self.index.reader.searcher();
        self.cache.forget_dead_segments(&searcher);
        let parsed = self.parse(request, &searcher)?;
        let collector = DayCollector { cache: &self.cache };
        let by_day = searcher
            .search(&parsed.query, &collector)
            .map_err(|source| Error::tantivy("counting hits by day failed", source))?;
        let mut days: BTreeMap<NaiveDate, u64> = BTreeMap::new();
        for (day_number, count) in by_day.days {
            if let Some(day) = date_of_day_number(day_number) {
                *days.entry(day).or_default() += count;
            }
        }
        Ok(DayCounts { days: days.into_iter().collect(), undated: by_day.undated })
    }
}

/// Days since 1970-01-01 → the date.
fn date_of_day_number(day_number: i64) -> Option<NaiveDate> {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1)?;
    match u64::try_from(day_number) {
        Ok(after) => epoch.checked_add_days(Days::new(after)),
        Err(_) => epoch.checked_sub_days(Days::new(day_number.unsigned_abs())),
    }
}

const SECONDS_A_DAY: i64 = 86_400;

/// Counts hits by day number, reading each segment's date column through the searcher's cache.
struct DayCollector<'a> {
    cache: &'a SegmentCache,
}

#[derive(Default)]
struct ByDay {
    days: HashMap<i64, u64>,
    undated: u64,
}

struct SegmentDays {
    dates: Option<Column<tantivy::DateTime>>,
    counted: ByDay,
}

impl Collector for DayCollector<'_> {
    type Fruit = ByDay;
    type Child = SegmentDays;

    fn for_segment(&self, _ordinal: SegmentOrdinal, segment: &SegmentReader) -> tantivy::Result<SegmentDays> {
        let columns =
            self.cache.columns(segment).map_err(|error| tantivy::TantivyError::InternalError(error.to_string()))?;
        Ok(SegmentDays { dates: columns.dates.clone(), counted: ByDay::default() })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<ByDay>) -> tantivy::Result<ByDay> {
        let mut merged = ByDay::default();
        for fruit in fruits {
            merged.undated += fruit.undated;
            for (day, count) in fruit.days {
                *merged.days.entry(day).or_default() += count;
            }
        }
        Ok(merged)
    }
}

impl SegmentCollector for SegmentDays {
    type Fruit = ByDay;

    fn collect(&mut self, doc: DocId, _score: Score) {
        match self.dates.as_ref().and_then(|dates| dates.first(doc)) {
            Some(date) => {
                let day = date.into_timestamp_secs().div_euclid(SECONDS_A_DAY);
                *self.counted.days.entry(day).or_default() += 1;
            }
            None => self.counted.undated += 1,
        }
    }

    fn harvest(self) -> ByDay {
        self.counted
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a date")
    }

    fn counts(days: &[(&str, u64)]) -> DayCounts {
        DayCounts { days: days.iter().map(|&(text, count)| (day(text), count)).collect(), undated: 0 }
    }

    #[test]
    fn the_interval_is_the_smallest_that_keeps_under_the_maximum() {
        assert_eq!(Interval::for_span(day("1987-03-01"), day("1987-03-01")), Interval::Day);
        assert_eq!(Interval::for_span(day("1987-03-01"), day("1987-04-29")), Interval::Day);
        // Reuters-21578: February 26 to October 20, 1987.
        assert_eq!(Interval::for_span(day("1987-02-26"), day("1987-10-20")), Interval::Week);
        assert_eq!(Interval::for_span(day("1987-01-01"), day("1990-12-31")), Interval::Month);
        assert_eq!(Interval::for_span(day("1900-01-01"), day("2025-10-31")), Interval::Year);
    }

    #[test]
    fn weeks_start_on_monday_and_empty_buckets_are_kept() {
        // 1987-03-02 was a Monday.
        let histogram = counts(&[("1987-03-04", 2), ("1987-03-08", 1), ("1987-05-20", 4)]).histogram();
        assert_eq!(histogram.interval, Interval::Week);
        let first = &histogram.buckets[0];
        assert_eq!((first.start, first.end, first.count), (day("1987-03-02"), day("1987-03-08"), 3));
        let last = histogram.buckets.last().expect("a bucket");
        assert_eq!((last.start, last.end, last.count), (day("1987-05-18"), day("1987-05-24"), 4));
        assert_eq!(histogram.buckets.len(), 12);
        assert!(histogram.buckets.windows(2).all(|pair| pair[0].end.succ_opt() == Some(pair[1].start)));
        assert_eq!(histogram.buckets.iter().map(|bucket| bucket.count).sum::<u64>(), 7);
    }

    #[test]
    fn months_and_years_are_calendar_ones() {
        let months = counts(&[("2020-01-31", 1), ("2021-02-01", 1), ("2022-12-31", 5)]).histogram();
        assert_eq!(months.interval, Interval::Month);
        assert_eq!(months.buckets.len(), 36);
        assert_eq!((months.buckets[0].start, months.buckets[0].end), (day("2020-01-01"), day("2020-01-31")));
        assert_eq!((months.buckets[1].start, months.buckets[1].end), (day("2020-02-01"), day("2020-02-29")));
        assert_eq!(months.buckets[35].count, 5);
        let years = counts(&[("1950-06-01", 1), ("2025-01-01", 2)]).histogram();
        assert_eq!((years.interval, years.buckets.len()), (Interval::Year, 76));
        assert_eq!((years.buckets[75].start, years.buckets[75].count), (day("2025-01-01"), 2));
    }

    #[test]
    fn no_dates_no_buckets() {
        let histogram = DayCounts { days: Vec::new(), undated: 4 }.histogram();
        assert!(histogram.buckets.is_empty());
        assert_eq!(histogram.undated, 4);
    }

    #[test]
    fn day_numbers_before_and_after_the_epoch() {
        assert_eq!(date_of_day_number(0), Some(day("1970-01-01")));
        assert_eq!(date_of_day_number(-1), Some(day("1969-12-31")));
        assert_eq!(date_of_day_number(6_265), Some(day("1987-02-26")));
        assert_eq!(date_of_day_number(i64::MIN), None);
    }
}
