//! Filters: tag values (`place:usa`, `person:"james baker"`) and date ranges (`date:[2025-10 TO *]`)
//! as tantivy queries that restrict without scoring. Each is a [`FilterQuery`], which also says how
//! a search can check it on one document ([`FilterCheck`]).

use std::collections::HashMap;
use std::ops::Bound;
use std::sync::{Arc, RwLock};

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use tantivy::index::SegmentId;
use tantivy::query::{
    BooleanQuery, ConstScoreQuery, EmptyQuery, EnableScoring, ExistsQuery, Occur, PhraseQuery, Query, RangeQuery,
    TermQuery, Weight,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DateTime as TantivyDateTime, Term};

use crate::index::people::PeopleNames;
use crate::index::schema;
use crate::tags;

/// The tag kinds a filter can name; each maps to one index field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum TagKind {
    Topic,
    Place,
    Location,
    Person,
    Org,
    Company,
    Source,
    Author,
    Language,
}

impl TagKind {
    /// The index field of this kind's values.
    pub(crate) fn field_name(self) -> &'static str {
        match self {
            TagKind::Topic => schema::TOPICS,
            TagKind::Place => schema::PLACES,
            TagKind::Location => schema::LOCATION,
            TagKind::Person => schema::PEOPLE,
            TagKind::Org => schema::ORGS,
            TagKind::Company => schema::COMPANIES,
            TagKind::Source => schema::SOURCE,
            TagKind::Author => schema::AUTHORS,
            TagKind::Language => schema::LANGUAGE,
        }
    }
}

/// The `exact_tags` field of an index and a searcher that tells which whole values it holds.
pub(crate) struct ExactTags<'a> {
    pub field: Field,
    pub searcher: &'a tantivy::Searcher,
}

impl ExactTags<'_> {
    /// The term of the whole value `words` of `kind` when some article has exactly that value.
    fn indexed_term(&self, kind: TagKind, words: &[String]) -> Option<Term> {
        let term = Term::from_field_text(self.field, &schema::exact_tag_text(kind.field_name(), words));
        (self.searcher.doc_freq(&term).unwrap_or(0) > 0).then_some(term)
    }
}

/// Builds the query for `kind:value`: the value is made canonical (`usa` → "United States"),
/// analyzed like the field (words, lowercase, accents folded) and matched as a term, as a whole
/// tag value when some article has exactly that value (one term lookup), else as a phrase inside
/// longer values (`person:"james baker"` also finds "James Baker III" when no article is tagged
/// just "James Baker"). A person's full name also finds the articles that name them by surname
/// alone when the index holds no other full name with that surname ([`PeopleNames`]).
pub(crate) fn tag_query(
    field: Field,
    kind: TagKind,
    value: &str,
    analyzer: &mut TextAnalyzer,
    exact: &ExactTags<'_>,
    people: Option<&PeopleNames>,
) -> Box<dyn Query> {
    let names = match kind {
        TagKind::Place => tags::place_filter_names(value),
        TagKind::Language => vec![crate::tags::normalize(value)],
        _ => vec![value.to_string()],
    };
    let mut alternatives: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for name in names {
        if let Some(query) = words_query(field, kind, &name, analyzer, exact) {
            alternatives.push((Occur::Should, query));
        }
        if let Some(surname) = people.and_then(|people| people.surname_for(&schema::analyzed_words(&name, analyzer))) {
            let term =
                Term::from_field_text(exact.field, &schema::exact_tag_text(kind.field_name(), &[surname.into()]));
            alternatives.push((Occur::Should, Box::new(TermQuery::new(term, IndexRecordOption::Basic))));
        }
    }
    let query: Box<dyn Query> = match alternatives.len() {
        0 => Box::new(EmptyQuery),
        1 => alternatives.pop().map(|(_, query)| query).unwrap_or_else(|| Box::new(EmptyQuery)),
        _ => Box::new(BooleanQuery::new(alternatives)),
    };
    Box::new(FilterQuery::matching(query))
}

/// One word: a term of the tag field. Several: the whole value's term, or a phrase.
fn words_query(
    field: Field,
    kind: TagKind,
    value: &str,
    analyzer: &mut TextAnalyzer,
    exact: &ExactTags<'_>,
) -> Option<Box<dyn Query>> {
    let words = schema::analyzed_words(value, analyzer);
    let term_query = |term: Term| Box::new(TermQuery::new(term, IndexRecordOption::Basic)) as Box<dyn Query>;
    match words.as_slice() {
        [] => None,
        [word] => Some(term_query(Term::from_field_text(field, word))),
        _ => Some(match exact.indexed_term(kind, &words) {
            Some(term) => term_query(term),
            None => Box::new(PhraseQuery::new(words.iter().map(|word| Term::from_field_text(field, word)).collect())),
        }),
    }
}

/// Tag filters already built, by kind and value as typed, for the index segments they were built
/// against: the same filter comes back in many queries (`place:usa`), and building it (the
/// canonical name, its analysis, the look-up of the whole tag) took over half of parsing a query
/// with one word and one filter, ~15,000 instructions, against ~700 for a copy. Shared by the
/// clones of a [`super::QueryBuilder`]; emptied when the segments change (a whole tag may have
/// appeared) and when it holds [`TagFilters::MAX_ENTRIES`].
#[derive(Clone, Default)]
pub(crate) struct TagFilters {
    state: Arc<RwLock<TagFiltersState>>,
}

#[derive(Default)]
struct TagFiltersState {
    segments: Vec<SegmentId>,
    queries: HashMap<TagKind, HashMap<String, Box<dyn Query>>>,
    /// Surname-only people and their full names, read once per set of segments.
    people: Option<Arc<PeopleNames>>,
    /// Which stemmed languages the segments hold (see [`present_languages_of`]).
    languages: Option<u32>,
}

impl TagFilters {
    /// Filters kept at most (a few hundred bytes each).
    pub(crate) const MAX_ENTRIES: usize = 4096;

    /// The filter for `kind:value` over `exact.searcher`'s segments, from the cache or `build`.
    pub(crate) fn get_or_build(
        &self,
        kind: TagKind,
        value: &str,
        exact: &ExactTags<'_>,
        build: impl FnOnce() -> Box<dyn Query>,
    ) -> Box<dyn Query> {
        let segments = exact.searcher.generation().segments();
        {
            let state = self.state.read().unwrap_or_else(|poisoned| poisoned.into_inner());
            if state.segments.iter().eq(segments.keys())
                && let Some(query) = state.queries.get(&kind).and_then(|values| values.get(value))
            {
                return query.box_clone();
            }
        }
        let query = build();
        let mut state = self.state.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        let held: usize = state.queries.values().map(HashMap::len).sum();
        if !state.segments.iter().eq(segments.keys()) {
            *state = TagFiltersState { segments: segments.keys().copied().collect(), ..TagFiltersState::default() };
        } else if held >= Self::MAX_ENTRIES {
            state.queries.clear();
        }
        state.queries.entry(kind).or_default().insert(value.to_string(), query.box_clone());
        query
    }
}

impl TagFilters {
    /// Which languages of [`schema::STEMMED_LANGUAGES`] the searcher's segments hold articles in, as
    /// bits (bit `slot` for `STEMMED_LANGUAGES[slot]`), read once per set of segments.
    pub(crate) fn present_languages(&self, searcher: &tantivy::Searcher, language: Field) -> u32 {
        let segments = searcher.generation().segments();
        {
            let state = self.state.read().unwrap_or_else(|poisoned| poisoned.into_inner());
            if state.segments.iter().eq(segments.keys())
                && let Some(languages) = state.languages
            {
                return languages;
            }
        }
        let languages = present_languages_of(searcher, language);
        let mut state = self.state.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        if !state.segments.iter().eq(segments.keys()) {
            *state = TagFiltersState { segments: segments.keys().copied().collect(), ..TagFiltersState::default() };
        }
        state.languages = Some(languages);
        languages
    }

    /// The index's surname-only people and their full names ([`PeopleNames`]), read once per set
    /// of segments. An index whose people cannot be read gives an empty table: filters and facets
    /// then take names as written.
    pub(crate) fn people_names(&self, searcher: &tantivy::Searcher) -> Arc<PeopleNames> {
        let segments = searcher.generation().segments();
        {
            let state = self.state.read().unwrap_or_else(|poisoned| poisoned.into_inner());
            if state.segments.iter().eq(segments.keys())
                && let Some(people) = &state.people
            {
                return Arc::clone(people);
            }
        }
        let people = Arc::new(PeopleNames::read(searcher).unwrap_or_default());
        let mut state = self.state.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        if !state.segments.iter().eq(segments.keys()) {
            *state = TagFiltersState { segments: segments.keys().copied().collect(), ..TagFiltersState::default() };
        }
        state.people = Some(Arc::clone(&people));
        people
    }
}

/// The language filter matches the stored code exactly (`en`), after normalizing `English`, `eng`.
pub(crate) fn language_query(field: Field, value: &str) -> Box<dyn Query> {
    let code = crate::lexicon::languages::normalize_language(value).unwrap_or_else(|| value.to_lowercase());
    Box::new(FilterQuery::matching(Box::new(TermQuery::new(
        Term::from_field_text(field, &code),
        IndexRecordOption::Basic,
    ))))
}

/// Which languages of [`schema::STEMMED_LANGUAGES`] have a term in the `language` field of any of
/// `searcher`'s segments, as bits: a dozen lookups in a dictionary of a few codes. Deleted
/// articles may still count one; their language's fields then add clauses that find nothing.
fn present_languages_of(searcher: &tantivy::Searcher, language: Field) -> u32 {
    let mut languages = 0;
    for segment in searcher.segment_readers() {
        let Ok(inverted_index) = segment.inverted_index(language) else { continue };
        for (slot, (code, _)) in schema::STEMMED_LANGUAGES.iter().enumerate() {
            let term = Term::from_field_text(language, code);
            if inverted_index.doc_freq(&term).is_ok_and(|articles| articles > 0) {
                languages |= 1 << slot;
            }
        }
    }
    languages
}

/// Which end of a range a date bound is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum End {
    Lower,
    Upper,
}

/// A date as users write it: a day, a month, a year, or an RFC 3339 instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Period {
    pub start: DateTime<Utc>,
    /// Exclusive.
    pub end: DateTime<Utc>,
}

/// Parses `2025-10-31`, `2025-10`, `2025`, `2025-10-31T08:00:00Z` (and `/` or `.` as separators).
pub(crate) fn parse_period(value: &str) -> Result<Period, String> {
    let value = value.trim();
    // Only an instant has a time (`T`); trying the instant formats on every day costs more than
    // reading the day.
    let instant = value.contains(['T', 't']);
    if instant && let Ok(instant) = DateTime::parse_from_rfc3339(value) {
        let start = instant.with_timezone(&Utc);
        return Ok(Period { start, end: start + chrono::Duration::seconds(1) });
    }
    if instant && let Ok(naive) = NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M:%S") {
        let start = Utc.from_utc_datetime(&naive);
        return Ok(Period { start, end: start + chrono::Duration::seconds(1) });
    }
    let parts: Vec<&str> = value.split(['-', '/', '.']).collect();
    let number = |text: &str| text.parse::<u32>().map_err(|_| format!("`{text}` is not a number"));
    let day_start = |date: NaiveDate| Utc.from_utc_datetime(&date.and_hms_opt(0, 0, 0).unwrap_or_default());
    match parts.as_slice() {
        [year] if year.len() == 4 => {
            let year = number(year)? as i32;
            let start = NaiveDate::from_ymd_opt(year, 1, 1).ok_or("no such year")?;
            let end = NaiveDate::from_ymd_opt(year + 1, 1, 1).ok_or("no such year")?;
            Ok(Period { start: day_start(start), end: day_start(end) })
        }
        [year, month] if year.len() == 4 => {
            let (year, month) = (number(year)? as i32, number(month)?);
            let start = NaiveDate::from_ymd_opt(year, month, 1).ok_or_else(|| format!("no month {month}"))?;
            let end = if month == 12 {
                NaiveDate::from_ymd_opt(year + 1, 1, 1)
            } else {
                NaiveDate::from_ymd_opt(year, month + 1, 1)
            }
            .ok_or("no such month")?;
            Ok(Period { start: day_start(start), end: day_start(end) })
        }
        [year, month, day] if year.len() == 4 => {
            let (year, month, day) = (number(year)? as i32, number(month)?, number(day)?);
            let date = NaiveDate::from_ymd_opt(year, month, day)
                .ok_or_else(|| format!("no day {year}-{month:02}-{day:02}"))?;
            let next = date.succ_opt().ok_or("date out of range")?;
            Ok(Period { start: day_start(date), end: day_start(next) })
        }
        _ => Err("write dates as 2025-10-31, 2025-10 or 2025".to_string()),
    }
}

/// Where a range on `date` starts or stops, from the user's bound: an inclusive lower bound starts
/// at the period's start, an exclusive one after its end; an inclusive upper bound stops after the
/// period's end (`2025-10-31]` covers the whole day), an exclusive one before its start.
pub(crate) fn date_bound(value: Option<&str>, inclusive: bool, end: End) -> Result<Bound<DateTime<Utc>>, String> {
    let Some(value) = value else { return Ok(Bound::Unbounded) };
    let period = parse_period(value)?;
    Ok(match (end, inclusive) {
        (End::Lower, true) => Bound::Included(period.start),
        (End::Lower, false) => Bound::Included(period.end),
        (End::Upper, true) => Bound::Excluded(period.end),
        (End::Upper, false) => Bound::Excluded(period.start),
    })
}

/// A range query on the date field that restricts without scoring. Bounds past the dates tantivy
/// holds are moved to its first or last date: `date:4640` overflowed into another date.
pub(crate) fn date_query(field: Field, lower: Bound<DateTime<Utc>>, upper: Bound<DateTime<Utc>>) -> Box<dyn Query> {
    let lower = lower.map(schema::date_seconds);
    let upper = upper.map(schema::date_seconds);
    let term = |seconds: i64| Term::from_field_date(field, TantivyDateTime::from_timestamp_secs(seconds));
    // `[* TO *]`: every dated article (tantivy's range query needs a bound).
    let range: Box<dyn Query> = if matches!((lower, upper), (Bound::Unbounded, Bound::Unbounded)) {
        Box::new(ExistsQuery::new(schema::DATE.to_string(), false))
    } else {
        Box::new(RangeQuery::new(lower.map(term), upper.map(term)))
    };
    Box::new(FilterQuery::dates(range, lower, upper))
}

/// A filter leaf (`place:usa`, `date:[A TO B]`): matches like `ConstScoreQuery(inner, 0)`, and
/// tells how it can be checked on one document ([`FilterQuery::check`]), so that a search can run
/// it as a check on what the words find rather than as a list to intersect.
#[derive(Debug)]
pub(crate) struct FilterQuery {
    inner: ConstScoreQuery,
    check: FilterCheck,
}

/// How a filter is checked on one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FilterCheck {
    /// Membership in the set of documents the filter's query matches, which `key` names: equal
    /// keys, equal sets. No key starts with a space.
    Set { key: String },
    /// The article's date is within the bounds (seconds, as the index stores dates).
    Dates { lower: Bound<i64>, upper: Bound<i64> },
}

impl Clone for FilterQuery {
    fn clone(&self) -> Self {
        FilterQuery { inner: self.inner.clone(), check: self.check.clone() }
    }
}

impl FilterQuery {
    /// A filter matching what `query` matches (tags, languages, sets of values).
    pub fn matching(query: Box<dyn Query>) -> Self {
        // The key names the documents: a term's field and bytes, else the whole query's text
        // (`Debug` shows every term and how they combine; formatting it costs ~1 µs).
        let key = match query.downcast_ref::<TermQuery>() {
            Some(term_query) => {
                let term = term_query.term();
                let value = String::from_utf8_lossy(term.serialized_value_bytes());
                let mut key = String::with_capacity(value.len() + 16);
                key.push_str("term ");
                key.push_str(&term.field().field_id().to_string());
                key.push(' ');
                key.push_str(&value);
                key
            }
            None => format!("{query:?}"),
        };
        FilterQuery { inner: ConstScoreQuery::new(query, 0.0), check: FilterCheck::Set { key } }
    }

    /// A filter on the date field: `query` is the range query, `lower`/`upper` its bounds in
    /// seconds as the index stores them.
    pub fn dates(query: Box<dyn Query>, lower: Bound<i64>, upper: Bound<i64>) -> Self {
        FilterQuery { inner: ConstScoreQuery::new(query, 0.0), check: FilterCheck::Dates { lower, upper } }
    }

    /// How the filter can be checked on one document.
    pub fn check(&self) -> &FilterCheck {
        &self.check
    }
}

impl Query for FilterQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        self.inner.weight(enable_scoring)
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.inner.query_terms(visitor);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).map(|d| d.with_timezone(&Utc)).expect("test date")
    }

    #[test]
    fn regression_dates_past_what_tantivy_holds() {
        // Year 4640 in nanoseconds overflows an i64: building its range term panicked (debug) or
        // wrapped round to another date (release).
        let (_, fields) = schema::build();
        for year in ["4640", "9999", "1000"] {
            let period = parse_period(year).expect("a year");
            date_query(fields.date, Bound::Included(period.start), Bound::Excluded(period.end));
            date_query(fields.date, Bound::Unbounded, Bound::Excluded(period.end));
        }
    }

    #[test]
    fn periods() {
        let day = parse_period("1987-03-07").expect("day");
        assert_eq!((day.start, day.end), (utc("1987-03-07T00:00:00Z"), utc("1987-03-08T00:00:00Z")));
        let month = parse_period("2025-12").expect("month");
        assert_eq!((month.start, month.end), (utc("2025-12-01T00:00:00Z"), utc("2026-01-01T00:00:00Z")));
        let year = parse_period("2025").expect("year");
        assert_eq!(year.end, utc("2026-01-01T00:00:00Z"));
        assert!(parse_period("2025-02-30").is_err());
        assert!(parse_period("yesterday").is_err());
        assert!(parse_period("2025-13").is_err());
        let instant = parse_period("1987-03-07T08:30:00Z").expect("instant");
        assert_eq!((instant.start, instant.end), (utc("1987-03-07T08:30:00Z"), utc("1987-03-07T08:30:01Z")));
        assert_eq!(parse_period("1987-03-07T08:30:00").expect("local instant").start, instant.start);
        assert_eq!(parse_period("1987-03-07t08:30:00z").expect("lowercase").start, instant.start);
    }

    #[test]
    fn bounds_cover_whole_periods() {
        assert_eq!(date_bound(Some("1987-03-07"), true, End::Upper), Ok(Bound::Excluded(utc("1987-03-08T00:00:00Z"))));
        assert_eq!(date_bound(Some("1987-03"), false, End::Lower), Ok(Bound::Included(utc("1987-04-01T00:00:00Z"))));
        assert_eq!(date_bound(None, true, End::Lower), Ok(Bound::Unbounded));
    }
}
