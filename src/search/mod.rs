//! The search execution layer: `SearchRequest` → `SearchResults`. Parses the request with
//! [`crate::query`], runs its filters as checks ([`filtered`]), collects the top hits with an exact
//! count ([`rank`]), reads their summaries ([`summary`]) and passages ([`crate::highlight`]), and
//! counts facets when asked. What searches keep of each index segment between them is in one
//! [`SegmentCache`]. No formatting.

pub mod article;
pub mod dates;
pub mod filtered;
pub mod rank;
pub(crate) mod segment_cache;
pub mod summary;

use std::time::Instant;

use serde::Serialize;
use tantivy::aggregation::agg_req::Aggregations;
use tantivy::aggregation::agg_result::{AggregationResult, AggregationResults, BucketResult};
use tantivy::aggregation::{AggContextParams, AggregationCollector, AggregationLimitsGuard, Key};
use tantivy::collector::{Collector, Count, TopDocs};
use tantivy::schema::{TantivyDocument, Value};
use tantivy::{DocAddress, Order, Score};

use self::filtered::FilteredQuery;
use self::rank::{SegmentTop, TopByScoreThenDate};
use self::segment_cache::SegmentCache;
use self::summary::SummaryReader;
use crate::error::{Error, Result};
use crate::highlight::{Highlighter, Passage};
use crate::index::people::PeopleNames;
use crate::index::reader::OpenIndex;
use crate::index::schema::{self, Fields};
use crate::index::summary::StoredSummary;
use crate::query::{FlagFilters, ParsedQuery, QueryBuilder};

/// How hits are ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// BM25 (title matches weigh more); equal scores: newer first.
    #[default]
    Relevance,
    /// Newest first.
    Date,
}

/// One search, as the CLI, the bench and the server ask for it.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchRequest {
    /// What the user typed, in the query syntax of [`crate::query`].
    pub query: String,
    /// Plain words are optional (at least one must match) instead of all required.
    pub any: bool,
    /// Filters given as flags, added to those in the query text.
    pub filters: FlagFilters,
    /// Hits to return, at most 10000 (0: count only).
    pub limit: usize,
    /// Hits to skip before the first one returned (for paging).
    pub offset: usize,
    /// How hits are ordered.
    pub sort: Sort,
    /// Passages per hit (0: none, and stored text is not read for them).
    pub passages: usize,
    /// Return each hit's full text (read from the document store; a results page does not need it).
    pub body: bool,
    /// Count the hits' topics, places, people and sources.
    pub facets: bool,
}

impl Default for SearchRequest {
    fn default() -> Self {
        SearchRequest {
            query: String::new(),
            any: false,
            filters: FlagFilters::default(),
            limit: 10,
            offset: 0,
            sort: Sort::Relevance,
            passages: 3,
            body: false,
            facets: false,
        }
    }
}

/// Where the time went, in microseconds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Timings {
    /// Parsing the query, µs.
    pub parse_us: u64,
    /// Finding, counting and ranking the hits (and counting facets when asked), µs.
    pub search_us: u64,
    /// Reading the hits' summaries, text and passages, µs.
    pub passages_us: u64,
    /// The whole search, µs.
    pub total_us: u64,
}

/// One facet value and how many hits have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FacetCount {
    /// The tag value, as indexed.
    pub value: String,
    /// Hits that have this value, articles.
    pub count: u64,
}

/// Facet counts over all hits (not just the page shown), most frequent first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Facets {
    /// The 10 most frequent topics.
    pub topics: Vec<FacetCount>,
    /// The 10 most frequent places.
    pub places: Vec<FacetCount>,
    /// The 10 most frequent people.
    pub people: Vec<FacetCount>,
    /// The 10 most frequent sources.
    pub sources: Vec<FacetCount>,
}

/// One hit: every field of the article, its text when asked for, and its passages.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// 1-based position among all hits (the offset included).
    pub rank: usize,
    /// BM25 score (0 when sorted by date).
    pub score: Score,
    /// The article's fields ([`StoredSummary::fields`]).
    #[serde(flatten)]
    pub summary: StoredSummary,
    /// The full text, when the request asked for it ([`SearchRequest::body`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// The best passages of the text (or of the title, for an article without text), words found highlighted.
    pub passages: Vec<Passage>,
}

/// The answer to a [`SearchRequest`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchResults {
    /// The query as the request gave it.
    pub query: String,
    /// Hits in all, not only those returned, articles.
    pub total_hits: usize,
    /// Hits skipped before the first one returned.
    pub offset: usize,
    /// The whole search, µs (same as `timings.total_us`).
    pub took_us: u64,
    /// Where the time went.
    pub timings: Timings,
    /// The hits returned, best first (newest first when sorted by date).
    pub hits: Vec<Hit>,
    /// Facet counts, when the request asked for them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facets: Option<Facets>,
}

/// Runs searches on one opened index. Build once; `search` takes `&self` and is thread-safe.
pub struct Searcher {
    index: OpenIndex,
    queries: QueryBuilder,
    fields: Fields,
    /// Columns and filter sets by segment, for every search of this searcher.
    cache: SegmentCache,
}

impl Searcher {
    /// A searcher of `index`, with an empty segment cache.
    pub fn new(index: OpenIndex) -> Self {
        let queries = QueryBuilder::new(&index.index, index.fields);
        let fields = index.fields;
        Searcher { index, queries, fields, cache: SegmentCache::default() }
    }

    /// The index this searcher reads.
    pub fn index(&self) -> &OpenIndex {
        &self.index
    }

    /// Parses the request's query (errors carry the column) against the searcher that will run it,
    /// its filters made checks on what the words find ([`filtered::lift`]).
    fn parse(&self, request: &SearchRequest, searcher: &tantivy::Searcher) -> Result<ParsedQuery> {
        let parsed = self.queries.parse(&request.query, request.any, &request.filters, searcher)?;
        Ok(ParsedQuery { query: filtered::lift(parsed.query, &self.cache), ..parsed })
    }

    /// Runs one search.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        let started = Instant::now();
        if request.limit > 10_000 {
            return Err(Error::InvalidRequest(format!("limit {} is over the maximum of 10000", request.limit)));
        }
        let searcher = self.index.reader.searcher();
        self.cache.forget_dead_segments(&searcher);
        let parsed = self.parse(request, &searcher)?;
        let parsed_at = Instant::now();
        let (total_hits, top) = match request.sort {
            Sort::Relevance => {
                let collector = TopByScoreThenDate::new(request.limit, request.offset, &self.cache);
                let searched = match parsed.query.downcast_ref::<FilteredQuery>() {
                    Some(filtered) => filtered
                        .count_and_collect(&searcher, |ord, reader| collector.for_segment(ord, reader), SegmentTop::bar)
                        .and_then(|(count, fruits)| Ok((count, collector.merge_fruits(fruits)?))),
                    None => searcher.search(&parsed.query, &(Count, collector)),
                };
                searched.map_err(|source| Error::tantivy("search failed", source))?
            }
            Sort::Date => {
                let collector = TopDocs::with_limit(request.limit.max(1))
                    .and_offset(request.offset)
                    .order_by_fast_field::<tantivy::DateTime>(schema::DATE, Order::Desc);
                let (count, hits) = searcher
                    .search(&parsed.query, &(Count, collector))
                    .map_err(|source| Error::tantivy("search failed", source))?;
                (count, hits.into_iter().map(|(_, address)| (0.0, address)).collect())
            }
        };
        let top: Vec<(Score, DocAddress)> = if request.limit == 0 { Vec::new() } else { top };
        let facets = if request.facets { Some(self.facets(&searcher, &parsed)?) } else { None };
        let searched_at = Instant::now();
        let highlighter = (request.passages > 0).then(|| {
            Highlighter::new(schema::text_analyzer(), parsed.highlight.clone()).with_max_passages(request.passages)
        });
        let mut summaries = SummaryReader::new(&searcher, &self.cache);
        let mut hits = Vec::with_capacity(top.len());
        for (position, (score, address)) in top.into_iter().enumerate() {
            let summary = summaries.get(address)?;
            let mut hit = Hit { rank: request.offset + position + 1, score, summary, body: None, passages: Vec::new() };
            if request.body || highlighter.is_some() {
                let body = self.body(&searcher, address)?;
                if let Some(highlighter) = &highlighter {
                    let text =
                        if body.trim().is_empty() { hit.summary.fields()?.title.unwrap_or_default() } else { &body };
                    hit.passages = highlighter.passages(text);
                }
                hit.body = request.body.then_some(body);
            }
            hits.push(hit);
        }
        let finished = Instant::now();
        let micros = |from: Instant, to: Instant| to.duration_since(from).as_micros() as u64;
        let timings = Timings {
            parse_us: micros(started, parsed_at),
            search_us: micros(parsed_at, searched_at),
            passages_us: micros(searched_at, finished),
            total_us: micros(started, finished),
        };
        Ok(SearchResults {
            query: request.query.clone(),
            total_hits,
            offset: request.offset,
            took_us: timings.total_us,
            timings,
            hits,
            facets,
        })
    }

    /// The stored text of the article at `address`.
    fn body(&self, searcher: &tantivy::Searcher, address: DocAddress) -> Result<String> {
        let document: TantivyDocument =
            searcher.doc(address).map_err(|source| Error::tantivy("cannot read a stored article", source))?;
        Ok(document.get_first(self.fields.body).and_then(|value| value.as_str()).unwrap_or_default().to_string())
    }

    fn facets(&self, searcher: &tantivy::Searcher, parsed: &ParsedQuery) -> Result<Facets> {
        const SIZE: u32 = 10;
        // People named by surname alone are added to their full name, so more are counted than shown.
        const PEOPLE_COUNTED: u32 = 4 * SIZE;
        let request = serde_json::json!({
            "topics": { "terms": { "field": schema::TOPICS, "size": SIZE } },
            "places": { "terms": { "field": schema::PLACES, "size": SIZE } },
            "people": { "terms": { "field": schema::PEOPLE, "size": PEOPLE_COUNTED } },
            "sources": { "terms": { "field": schema::SOURCE, "size": SIZE } },
        });
        let aggregations: Aggregations =
            serde_json::from_value(request).map_err(|error| Error::Aggregation { reason: error.to_string() })?;
        let context = AggContextParams::new(AggregationLimitsGuard::default(), self.index.index.tokenizers().clone());
        let collector = AggregationCollector::from_aggs(aggregations, context);
        let results: AggregationResults = searcher
            .search(&parsed.query, &collector)
            .map_err(|source| Error::tantivy("facet counts failed", source))?;
        let counts = |name: &str| -> Vec<FacetCount> {
            let Some(AggregationResult::BucketResult(BucketResult::Terms { buckets, .. })) = results.0.get(name) else {
                return Vec::new();
            };
            buckets
                .iter()
                .map(|bucket| {
                    let value = match &bucket.key {
                        Key::Str(text) => text.clone(),
                        other => format!("{other:?}"),
                    };
                    FacetCount { value, count: bucket.doc_count }
                })
                .collect()
        };
        let people = merge_people(counts("people"), &self.queries.people_names(searcher), SIZE as usize);
        Ok(Facets { topics: counts("topics"), places: counts("places"), people, sources: counts("sources") })
    }
}

/// One count per person: a surname-only value the index resolves to one full name ([`PeopleNames`])
/// is counted with that name (an article names a person one way, so no article counts twice); the
/// `keep` largest, ties by name.
fn merge_people(counts: Vec<FacetCount>, people: &PeopleNames, keep: usize) -> Vec<FacetCount> {
    let mut merged: Vec<FacetCount> = Vec::with_capacity(counts.len());
    for FacetCount { value, count } in counts {
        let value = people.full_name(&value).map_or(value, str::to_string);
        match merged.iter_mut().find(|known| known.value == value) {
            Some(known) => known.count += count,
            None => merged.push(FacetCount { value, count }),
        }
    }
    merged.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    merged.truncate(keep);
    merged
}
