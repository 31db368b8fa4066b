//! `SearchRequest` → `SearchResults`: parse, collect the top hits with an exact count, optional facet
//! counts, and passages from the stored text. No formatting.

use std::time::Instant;

use chrono::{DateTime, Utc};
use serde::Serialize;
use tantivy::aggregation::agg_req::Aggregations;
use tantivy::aggregation::agg_result::{AggregationResult, AggregationResults, BucketResult};
use tantivy::aggregation::{AggContextParams, AggregationCollector, AggregationLimitsGuard, Key};
use tantivy::collector::{Count, TopDocs};
use tantivy::schema::{Field, TantivyDocument, Value};
use tantivy::{DocAddress, Order, Score, SegmentReader};

use crate::error::{Error, Result};
use crate::highlight::{Highlighter, Passage};
use crate::index::reader::OpenIndex;
use crate::index::schema::{self, Fields};
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
    pub query: String,
    /// Plain words are optional (at least one must match) instead of all required.
    pub any: bool,
    pub filters: FlagFilters,
    pub limit: usize,
    pub offset: usize,
    pub sort: Sort,
    /// Passages per hit (0: none, and stored text is not read for them).
    pub passages: usize,
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
            facets: false,
        }
    }
}

/// Where the time went, in microseconds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Timings {
    pub parse_us: u64,
    pub search_us: u64,
    pub passages_us: u64,
    pub total_us: u64,
}

/// One facet value and how many hits have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FacetCount {
    pub value: String,
    pub count: u64,
}

/// Facet counts over all hits (not just the page shown), most frequent first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Facets {
    pub topics: Vec<FacetCount>,
    pub places: Vec<FacetCount>,
    pub people: Vec<FacetCount>,
    pub sources: Vec<FacetCount>,
}

/// One hit with every stored field.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    pub rank: usize,
    pub score: Score,
    pub id: String,
    pub path: String,
    /// Article number inside its file.
    pub ordinal: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub byte_offset: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    pub title: Option<String>,
    pub date: Option<DateTime<Utc>>,
    pub location: Option<String>,
    pub places: Vec<String>,
    /// ISO 3166 alpha-2 code of each place's country, parallel to `places` (`null` when unknown).
    pub place_countries: Vec<Option<&'static str>>,
    pub people: Vec<String>,
    pub orgs: Vec<String>,
    pub topics: Vec<String>,
    pub authors: Vec<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub language: Option<String>,
    /// Fields newsdex extracted from the text rather than read from the file.
    pub extracted: Vec<String>,
    pub body: String,
    pub passages: Vec<Passage>,
}

/// The answer to a [`SearchRequest`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchResults {
    pub query: String,
    pub total_hits: usize,
    pub offset: usize,
    pub took_us: u64,
    pub timings: Timings,
    pub hits: Vec<Hit>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facets: Option<Facets>,
}

/// Runs searches on one opened index. Build once; `search` takes `&self` and is thread-safe.
pub struct Searcher {
    index: OpenIndex,
    queries: QueryBuilder,
    fields: Fields,
}

impl Searcher {
    pub fn new(index: OpenIndex) -> Self {
        let queries = QueryBuilder::new(&index.index, index.fields);
        let fields = index.fields;
        Searcher { index, queries, fields }
    }

    /// The index this searcher reads.
    pub fn index(&self) -> &OpenIndex {
        &self.index
    }

    /// Parses the request's query (errors carry the column).
    pub fn parse(&self, request: &SearchRequest) -> Result<ParsedQuery> {
        Ok(self.queries.parse(&request.query, request.any, &request.filters)?)
    }

    /// Runs one search.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        let started = Instant::now();
        if request.limit > 10_000 {
            return Err(Error::InvalidRequest(format!("limit {} is over the maximum of 10000", request.limit)));
        }
        let parsed = self.parse(request)?;
        let parsed_at = Instant::now();
        let searcher = self.index.reader.searcher();
        let window = TopDocs::with_limit(request.limit.max(1)).and_offset(request.offset);
        let (total_hits, top) = match request.sort {
            Sort::Relevance => {
                let collector = window.tweak_score(move |segment: &SegmentReader| {
                    let dates = segment.fast_fields().date(schema::DATE).ok();
                    move |doc, score: Score| {
                        let seconds =
                            dates.as_ref().and_then(|column| column.first(doc)).map(|date| date.into_timestamp_secs());
                        (score, seconds.unwrap_or(i64::MIN))
                    }
                });
                let (count, hits) = searcher
                    .search(&parsed.query, &(Count, collector))
                    .map_err(|source| Error::tantivy("search failed", source))?;
                (count, hits.into_iter().map(|((score, _), address)| (score, address)).collect::<Vec<_>>())
            }
            Sort::Date => {
                let collector = window.order_by_fast_field::<tantivy::DateTime>(schema::DATE, Order::Desc);
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
        let mut hits = Vec::with_capacity(top.len());
        for (position, (score, address)) in top.into_iter().enumerate() {
            let document: TantivyDocument =
                searcher.doc(address).map_err(|source| Error::tantivy("cannot read a stored article", source))?;
            let mut hit = self.hit(&document, score, request.offset + position + 1);
            if let Some(highlighter) = &highlighter {
                let text =
                    if hit.body.trim().is_empty() { hit.title.as_deref().unwrap_or_default() } else { &hit.body };
                hit.passages = highlighter.passages(text);
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

    fn hit(&self, document: &TantivyDocument, score: Score, rank: usize) -> Hit {
        let fields = &self.fields;
        let text = |field: Field| document.get_first(field).and_then(|value| value.as_str().map(str::to_string));
        let texts = |field: Field| {
            document.get_all(field).filter_map(|value| value.as_str().map(str::to_string)).collect::<Vec<_>>()
        };
        let number = |field: Field| document.get_first(field).and_then(|value| value.as_u64());
        let date = document
            .get_first(fields.date)
            .and_then(|value| value.as_datetime())
            .and_then(|date| DateTime::<Utc>::from_timestamp(date.into_timestamp_secs(), 0));
        let places = texts(fields.places);
        Hit {
            rank,
            score,
            id: text(fields.id).unwrap_or_default(),
            path: text(fields.path).unwrap_or_default(),
            ordinal: number(fields.ordinal).unwrap_or(0),
            line: number(fields.line),
            byte_offset: number(fields.byte_offset),
            external_id: text(fields.external_id),
            title: text(fields.title),
            date,
            location: text(fields.location),
            place_countries: crate::tags::place_country_codes(&places),
            places,
            people: texts(fields.people),
            orgs: texts(fields.orgs),
            topics: texts(fields.topics),
            authors: texts(fields.authors),
            source: text(fields.source),
            url: text(fields.url),
            language: text(fields.language),
            extracted: texts(fields.extracted),
            body: text(fields.body).unwrap_or_default(),
            passages: Vec::new(),
        }
    }

    fn facets(&self, searcher: &tantivy::Searcher, parsed: &ParsedQuery) -> Result<Facets> {
        const SIZE: u32 = 10;
        let request = serde_json::json!({
            "topics": { "terms": { "field": schema::TOPICS, "size": SIZE } },
            "places": { "terms": { "field": schema::PLACES, "size": SIZE } },
            "people": { "terms": { "field": schema::PEOPLE, "size": SIZE } },
            "sources": { "terms": { "field": schema::SOURCE, "size": SIZE } },
        });
        let aggregations: Aggregations = serde_json::from_value(request)
            .map_err(|error| Error::InvalidRequest(format!("facet request: {error}")))?;
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
        Ok(Facets {
            topics: counts("topics"),
            places: counts("places"),
            people: counts("people"),
            sources: counts("sources"),
        })
    }
}
