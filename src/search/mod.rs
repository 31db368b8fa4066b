//! The search execution layer: `SearchRequest` → `SearchResults`. Parses the request with
//! [`crate::query`], runs its filters as checks ([`filtered`]), collects the top hits with an exact
//! count ([`rank`]), reads their summaries ([`summary`]) and passages ([`crate::highlight`]), and
//! counts facets when asked. Results are collapsed by story ([`collapse`]) unless asked not to.
//! What searches keep of each index segment between them is in one [`SegmentCache`]. Also the
//! articles most like one ([`Searcher::similar`]) and the largest stories of a period
//! ([`Searcher::stories`]). No formatting.

pub mod article;
pub mod batch;
pub(crate) mod collapse;
pub mod dates;
pub(crate) mod export;
pub mod filtered;
pub mod proximity;
pub mod rank;
pub mod recent;
pub(crate) mod segment_cache;
pub mod suggest;
pub mod summary;

use std::collections::{HashMap, HashSet};
use std::time::Instant;

use chrono::{DateTime, Utc};
use serde::Serialize;
use tantivy::aggregation::agg_req::Aggregations;
use tantivy::aggregation::agg_result::{AggregationResult, AggregationResults, BucketResult};
use tantivy::aggregation::{AggContextParams, AggregationCollector, AggregationLimitsGuard, Key};
use tantivy::collector::{Collector, Count, SegmentCollector, TopDocs};
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, TantivyDocument, Value};
use tantivy::{DocAddress, DocId, Order, Score, SegmentOrdinal, SegmentReader, Term};

use self::collapse::{Group, MORE_SHOWN, Stories, StoryCounter, StoryIndex, StoryTally, count_stories};

use self::filtered::FilteredQuery;
use self::rank::{SegmentTop, TopByScoreThenDate};
use self::recent::{Recency, TopRecent};
use self::segment_cache::{ALONE, SegmentCache, StoryOrdinals};
use self::summary::SummaryReader;
use crate::error::{Error, Result};
use crate::highlight::{HighlightTerms, Highlighter, Passage};
use crate::index::people::PeopleNames;
use crate::index::reader::OpenIndex;
use crate::index::schema::{self, Fields};
use crate::index::summary::StoredSummary;
use crate::query::bm25::Bm25;
use crate::query::{FlagFilters, ParsedQuery, QueryBuilder, QueryTerm};

/// How hits are ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// BM25 (title matches weigh more); equal scores: newer first.
    #[default]
    Relevance,
    /// Newest first.
    Date,
    /// BM25 fading with age ([`recent`]): relevance × 0.5^(age / half-life).
    Recent(Recency),
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
    /// One hit per story (its best-ranked article), `limit` and `offset` counting stories; else
    /// every article is a hit.
    pub collapse: bool,
    /// Suggest corrections when fewer than [`suggest::SUGGEST_BELOW`] articles match.
    pub suggest: bool,
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
            collapse: true,
            suggest: true,
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
    /// Looking for corrections (only when few articles match), µs.
    pub suggest_us: u64,
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
    /// The 10 most frequent organizations, companies included.
    pub orgs: Vec<FacetCount>,
    /// The 10 most frequent companies.
    pub companies: Vec<FacetCount>,
    /// The 10 most frequent sources.
    pub sources: Vec<FacetCount>,
}

/// One hit: every field of the article, its text when asked for, and its passages.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// 1-based position among all hits (the offset included).
    pub rank: usize,
    /// BM25 score (0 when sorted by date; faded by age when sorted by recency).
    pub score: Score,
    /// The article's fields ([`StoredSummary::fields`]).
    #[serde(flatten)]
    pub summary: StoredSummary,
    /// The full text, when the request asked for it ([`SearchRequest::body`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// The best passages of the text (or of the title, for an article without text), words found highlighted.
    pub passages: Vec<Passage>,
    /// The article's story: the smallest article key among its articles, 16 hex digits (its own
    /// id when it stands alone).
    pub story: String,
    /// Articles in the story, this one included.
    pub story_size: usize,
    /// When collapsed: up to 5 other articles of the story, its other best matches first (in the
    /// order of the hits), then, if fewer match, its other articles, newest first.
    pub more: Vec<StoryArticle>,
}

/// Another article of a hit's story, as shown beneath it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoryArticle {
    /// The article's id.
    pub id: String,
    /// Its headline (or first words, for an article without one).
    pub title: Option<String>,
    /// Its publication date.
    pub date: Option<DateTime<Utc>>,
    /// The publication or wire it comes from.
    pub source: Option<String>,
    /// Whether it matches the query too.
    pub matches: bool,
}

/// The answer to a [`SearchRequest`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchResults {
    /// The query as the request gave it.
    pub query: String,
    /// Hits in all, not only those returned, articles.
    pub total_hits: usize,
    /// Stories the matching articles belong to, when collapsed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_stories: Option<usize>,
    /// Whether hits are stories (one per story) rather than articles.
    pub collapsed: bool,
    /// Hits skipped before the first one returned (stories when collapsed).
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
    /// Corrected queries that find more, best first, when fewer than [`suggest::SUGGEST_BELOW`]
    /// articles match (else empty).
    pub suggestions: Vec<Suggestion>,
    /// The query's words as typed and as searched (stemmed, or exact for `=word`): why hits match.
    pub query_terms: Vec<QueryTerm>,
}

/// A corrected query ("did you mean").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    /// The query with its misspelt words replaced; its syntax and filters as typed.
    pub query: String,
    /// Articles it finds.
    pub total_hits: usize,
}

/// Suggestions returned at most.
const SUGGESTIONS_SHOWN: usize = 3;
/// A suggestion after the first must find at least 1/this of the articles the first finds.
const ALTERNATIVE_SHARE: usize = 20;

/// Matching articles, their stories (when counted), and what was collected.
type Counted<T> = (usize, Option<usize>, T);

/// How relevance is scored: BM25's `k1` and `b`, the title's weight and how much proximity
/// re-ranks. The defaults are what `newsdex eval ranking` measured best (see the README's
/// "Ranking"); it tries others.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ranking {
    /// Weight of a title match relative to a body match.
    pub title_boost: Score,
    /// BM25's `k1` and `b` for the words (not phrases); other than tantivy's 1.2 and 0.75 they are
    /// scored with [`Bm25TermQuery`](crate::query::bm25::Bm25TermQuery), without tantivy's
    /// block-max pruning. tantivy's are the defaults: no `k1`/`b` tried beat them by a real margin
    /// on the judged set (see the README's "Ranking").
    pub bm25: Bm25,
    /// Proximity weight ([`proximity::rerank`]); 0 turns it off.
    pub proximity: Score,
    /// Weight of the words found as typed, not only by their stem ([`proximity::rerank`]); 0
    /// turns it off.
    pub exact: Score,
}

impl Default for Ranking {
    fn default() -> Self {
        Ranking {
            title_boost: crate::query::TITLE_BOOST,
            bm25: Bm25::default(),
            proximity: proximity::DEFAULT_WEIGHT,
            exact: proximity::DEFAULT_EXACT_WEIGHT,
        }
    }
}

/// Runs searches on one opened index. Build once; `search` takes `&self` and is thread-safe.
pub struct Searcher {
    index: OpenIndex,
    ranking: Ranking,
    queries: QueryBuilder,
    fields: Fields,
    /// Columns and filter sets by segment, for every search of this searcher.
    cache: SegmentCache,
    /// The story table of the commit searched.
    stories: Stories,
}

impl Searcher {
    /// A searcher of `index`, with an empty segment cache.
    pub fn new(index: OpenIndex) -> Self {
        let queries = QueryBuilder::new(&index.index, index.fields);
        let fields = index.fields;
        let ranking = Ranking::default();
        Searcher { index, ranking, queries, fields, cache: SegmentCache::default(), stories: Stories::default() }
    }

    /// This searcher with other ranking settings.
    pub fn with_ranking(mut self, ranking: Ranking) -> Self {
        self.queries = QueryBuilder::with_scoring(&self.index.index, self.fields, ranking.title_boost, ranking.bm25);
        self.ranking = ranking;
        self
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
        let mut results = self.run(&searcher, &parsed, request, None, started)?;
        if request.suggest && results.total_hits < suggest::SUGGEST_BELOW {
            let suggesting = Instant::now();
            results.suggestions = self.suggestions(&searcher, request, results.total_hits)?;
            let finished = Instant::now();
            results.timings.suggest_us = finished.duration_since(suggesting).as_micros() as u64;
            results.timings.total_us = finished.duration_since(started).as_micros() as u64;
            results.took_us = results.timings.total_us;
        }
        Ok(results)
    }

    /// Every article `request` finds, in its order (`limit`, `offset` and `collapse` do not
    /// apply: every matching article is a hit), each handed to `each` as soon as it is read, with
    /// passages when asked for; returns how many. Memory stays at 8 bytes a hit ([`export`]).
    pub fn export(&self, request: &SearchRequest, mut each: impl FnMut(&Hit) -> Result<()>) -> Result<usize> {
        let searcher = self.index.reader.searcher();
        self.cache.forget_dead_segments(&searcher);
        let parsed = self.parse(request, &searcher)?;
        let collector = export::EveryHit { scoring: request.sort != Sort::Date };
        let collected =
            searcher.search(&parsed.query, &collector).map_err(|source| Error::tantivy("search failed", source))?;
        let as_of = match request.sort {
            Sort::Recent(recency) => self.as_of(&searcher, recency)?,
            _ => 0,
        };
        let mut hits = export::Merged::new(collected, searcher.segment_readers(), &self.cache, request.sort, as_of)?;
        let total = hits.len();
        // The best RERANK_DEPTH re-ranked as a search re-ranks them, so the export begins as the
        // search does; re-ranking only raises scores, so the rest still follows in order.
        let features = proximity::Features::of(&parsed, self.ranking, &self.fields);
        let mut reranked: Vec<(Score, DocAddress)> = Vec::new();
        if request.sort != Sort::Date && features.apply() {
            reranked = hits.by_ref().take(proximity::RERANK_DEPTH).map(|hit| (hit.shown, hit.address)).collect();
            features.rerank(&searcher, &mut reranked).map_err(|source| Error::tantivy("search failed", source))?;
        }
        let hits = reranked.into_iter().chain(hits.map(|hit| (hit.shown, hit.address)));
        let stories = self.stories.of(&self.index, &searcher)?;
        let mut highlighters = (request.passages > 0).then(|| Highlighters::new(&parsed, request.passages));
        let mut summaries = SummaryReader::new(&searcher, &self.cache);
        for (position, (shown, address)) in hits.enumerate() {
            let summary = summaries.get(address)?;
            let (story, story_size) = stories.story_of(summaries.story_key(address)?);
            let mut hit = Hit {
                rank: position + 1,
                score: shown,
                summary,
                body: None,
                passages: Vec::new(),
                story: format!("{story:016x}"),
                story_size,
                more: Vec::new(),
            };
            if let Some(highlighters) = &mut highlighters {
                let (body, language) = self.body(&searcher, address)?;
                let text = if body.trim().is_empty() { hit.summary.fields()?.title.unwrap_or_default() } else { &body };
                hit.passages = highlighters.of(language).passages(text);
            }
            each(&hit)?;
        }
        Ok(total)
    }

    /// Corrections of `request`'s query that find more than the `found` articles it finds, best
    /// first ([`suggest`]): its words corrected in place, its filters and flags kept.
    fn suggestions(
        &self,
        searcher: &tantivy::Searcher,
        request: &SearchRequest,
        found: usize,
    ) -> Result<Vec<Suggestion>> {
        let mut speller = suggest::Speller::new(searcher, &self.cache, self.fields);
        let mut corrected = Vec::new();
        let mut clauses_that_match: HashMap<std::ops::Range<usize>, bool> = HashMap::new();
        for word in suggest::query_words(&request.query) {
            if let Some(clause) = &word.clause {
                // A tag filter that finds articles alone (an alias, a known name) is not misspelt.
                let matches = match clauses_that_match.get(clause) {
                    Some(matches) => *matches,
                    None => {
                        let alone = request.query.get(clause.clone()).unwrap_or_default();
                        let matches = self.count(searcher, alone, false, &FlagFilters::default()).is_none_or(|n| n > 0);
                        clauses_that_match.insert(clause.clone(), matches);
                        matches
                    }
                };
                if matches {
                    continue;
                }
            }
            let typed = request.query.get(word.range.clone()).unwrap_or_default();
            corrected.push((word.range.clone(), speller.candidates(typed, word.words_of)?));
        }
        let mut suggestions = Vec::new();
        for query in suggest::whole_queries(&request.query, &corrected) {
            let Some(total_hits) = self.count(searcher, &query, request.any, &request.filters) else { continue };
            // Another suggestion must find a fair share of what the first finds: an index holds
            // misspellings too (`bundesbnak`), and those are no answer.
            let fair_share = suggestions.first().map_or(0, |first: &Suggestion| first.total_hits / ALTERNATIVE_SHARE);
            if total_hits > found && total_hits >= fair_share {
                suggestions.push(Suggestion { query, total_hits });
            }
            if suggestions.len() == SUGGESTIONS_SHOWN {
                break;
            }
        }
        Ok(suggestions)
    }

    /// The articles `query` finds with `filters`; `None` when it does not parse or fails.
    fn count(&self, searcher: &tantivy::Searcher, query: &str, any: bool, filters: &FlagFilters) -> Option<usize> {
        let parsed = self.queries.parse(query, any, filters, searcher).ok()?;
        let query = filtered::lift(parsed.query, &self.cache);
        searcher.search(&query, &Count).ok()
    }

    /// Runs `parsed` as `request` asks (its query text is only reported): the hits, collapsed
    /// by story or not, their summaries, stories and passages, and the facets. The article at
    /// `hidden` is never shown, not even beneath a hit.
    fn run(
        &self,
        searcher: &tantivy::Searcher,
        parsed: &ParsedQuery,
        request: &SearchRequest,
        hidden: Option<DocAddress>,
        started: Instant,
    ) -> Result<SearchResults> {
        let parsed_at = Instant::now();
        let stories = self.stories.of(&self.index, searcher)?;
        let (total_hits, total_stories, groups) = if request.collapse {
            self.collapsed(searcher, parsed, request, &stories, hidden)?
        } else {
            let (total_hits, _, top) = self.top(searcher, parsed, request.sort, request.limit, request.offset, None)?;
            let top = if request.limit == 0 { Vec::new() } else { top };
            let groups = top.into_iter().map(|best| Group { best, ordinal: ALONE, others: Vec::new() }).collect();
            (total_hits, None, groups)
        };
        let facets = if request.facets { Some(self.facets(searcher, parsed)?) } else { None };
        let searched_at = Instant::now();
        let mut highlighters = (request.passages > 0).then(|| Highlighters::new(parsed, request.passages));
        let mut summaries = SummaryReader::new(searcher, &self.cache);
        let mut hits = Vec::with_capacity(groups.len());
        for (position, group) in groups.into_iter().enumerate() {
            let (score, address) = group.best;
            let summary = summaries.get(address)?;
            let (story, story_size) = stories.story_of(summaries.story_key(address)?);
            let mut more = Vec::with_capacity(group.others.len());
            for (other, matches) in group.others {
                more.push(story_article(&summaries.get(other)?, matches)?);
            }
            let mut hit = Hit {
                rank: request.offset + position + 1,
                score,
                summary,
                body: None,
                passages: Vec::new(),
                story: format!("{story:016x}"),
                story_size,
                more,
            };
            if request.body || highlighters.is_some() {
                let (body, language) = self.body(searcher, address)?;
                if let Some(highlighters) = &mut highlighters {
                    let text =
                        if body.trim().is_empty() { hit.summary.fields()?.title.unwrap_or_default() } else { &body };
                    hit.passages = highlighters.of(language).passages(text);
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
            suggest_us: 0,
            total_us: micros(started, finished),
        };
        Ok(SearchResults {
            query: request.query.clone(),
            total_hits,
            total_stories,
            collapsed: request.collapse,
            offset: request.offset,
            took_us: timings.total_us,
            timings,
            hits,
            facets,
            suggestions: Vec::new(),
            query_terms: parsed.terms.clone(),
        })
    }

    /// The count of matching articles, of their stories when `stories` is given, and the articles
    /// ranked `offset + 1 ..= offset + limit` in the `sort` order.
    fn top(
        &self,
        searcher: &tantivy::Searcher,
        parsed: &ParsedQuery,
        sort: Sort,
        limit: usize,
        offset: usize,
        stories: Option<&StoryIndex>,
    ) -> Result<Counted<Vec<(Score, DocAddress)>>> {
        let failed = |source| Error::tantivy("search failed", source);
        let counter = stories.map(|stories| StoryCounter { cache: &self.cache, stories });
        let features = proximity::Features::of(parsed, self.ranking, &self.fields);
        if sort != Sort::Date && limit > 0 && features.apply() {
            // The best RERANK_DEPTH in the order asked for (BM25, or BM25 faded by age), re-ranked
            // by proximity and exact words, then the page. Re-ranking only raises scores, so an
            // article below the depth never belongs above one re-ranked.
            let fetch = offset.saturating_add(limit).max(proximity::RERANK_DEPTH);
            let (count, stories_count, mut top) = self.top_unranked(searcher, parsed, sort, fetch, 0, counter)?;
            features.rerank(searcher, &mut top).map_err(failed)?;
            let page = top.into_iter().skip(offset).take(limit).collect();
            return Ok((count, stories.and(stories_count), page));
        }
        self.top_unranked(searcher, parsed, sort, limit, offset, counter)
    }

    /// [`Searcher::top`] without re-ranking.
    fn top_unranked(
        &self,
        searcher: &tantivy::Searcher,
        parsed: &ParsedQuery,
        sort: Sort,
        limit: usize,
        offset: usize,
        counter: Option<StoryCounter<'_>>,
    ) -> Result<Counted<Vec<(Score, DocAddress)>>> {
        let failed = |source| Error::tantivy("search failed", source);
        match sort {
            Sort::Relevance => self.top_by_score(searcher, parsed, limit, offset, counter),
            Sort::Recent(recency) => {
                let as_of = self.as_of(searcher, recency)?;
                let collector = TopRecent { limit, offset, cache: &self.cache, recency, as_of };
                if let Some(counter) = counter {
                    let (count, tallies, top) =
                        searcher.search(&parsed.query, &(Count, counter, collector)).map_err(failed)?;
                    Ok((count, Some(count_stories(count, &tallies)), top))
                } else {
                    let (count, top) = searcher.search(&parsed.query, &(Count, collector)).map_err(failed)?;
                    Ok((count, None, top))
                }
            }
            Sort::Date => {
                let collector = TopDocs::with_limit(limit.max(1))
                    .and_offset(offset)
                    .order_by_fast_field::<tantivy::DateTime>(schema::DATE, Order::Desc);
                let by_date = |hits: Vec<(Option<tantivy::DateTime>, DocAddress)>| {
                    hits.into_iter().map(|(_, address)| (0.0, address)).collect::<Vec<_>>()
                };
                if let Some(counter) = counter {
                    let (count, tallies, hits) =
                        searcher.search(&parsed.query, &(Count, counter, collector)).map_err(failed)?;
                    Ok((count, Some(count_stories(count, &tallies)), by_date(hits)))
                } else {
                    let (count, hits) = searcher.search(&parsed.query, &(Count, collector)).map_err(failed)?;
                    Ok((count, None, by_date(hits)))
                }
            }
        }
    }

    /// The moment `recency` measures ages from: its own, else the newest article's date (0 when
    /// no article has a date: then every article is undated and ages do not matter).
    fn as_of(&self, searcher: &tantivy::Searcher, recency: Recency) -> Result<i64> {
        match recency.as_of {
            Some(as_of) => Ok(as_of),
            None => Ok(recent::newest(searcher, &self.cache)?.unwrap_or(0)),
        }
    }

    /// The count, the stories' count when `counter` is given, and the articles ranked
    /// `offset + 1 ..= offset + limit` by score (ties newer first).
    fn top_by_score(
        &self,
        searcher: &tantivy::Searcher,
        parsed: &ParsedQuery,
        limit: usize,
        offset: usize,
        counter: Option<StoryCounter<'_>>,
    ) -> Result<Counted<Vec<(Score, DocAddress)>>> {
        let failed = |source| Error::tantivy("search failed", source);
        let collector = TopByScoreThenDate::new(limit, offset, &self.cache);
        if let Some(filtered) = parsed.query.downcast_ref::<FilteredQuery>() {
            let tally_for = |reader: &SegmentReader| -> tantivy::Result<Option<StoryTally>> {
                counter.as_ref().map(|counter| counter.for_segment(0, reader)).transpose()
            };
            let (count, fruits, tallies) = filtered
                .count_and_collect(
                    searcher,
                    |ord, reader| collector.for_segment(ord, reader),
                    SegmentTop::bar,
                    tally_for,
                )
                .map_err(failed)?;
            let top = collector.merge_fruits(fruits).map_err(failed)?;
            let tallies: Vec<StoryTally> = tallies.into_iter().flatten().collect();
            Ok((count, counter.map(|_| count_stories(count, &tallies)), top))
        } else if let Some(counter) = counter {
            let (count, tallies, top) = searcher.search(&parsed.query, &(Count, counter, collector)).map_err(failed)?;
            Ok((count, Some(count_stories(count, &tallies)), top))
        } else {
            let (count, top) = searcher.search(&parsed.query, &(Count, collector)).map_err(failed)?;
            Ok((count, None, top))
        }
    }

    /// The counts, and the stories ranked `offset + 1 ..= offset + limit` by their best article.
    ///
    /// Exact: the best K articles are collected and folded into stories; a story whose best
    /// article is not among them ranks after every story that is. When fewer than
    /// `offset + limit` stories come out while more articles match, K grows and the search runs
    /// again.
    fn collapsed(
        &self,
        searcher: &tantivy::Searcher,
        parsed: &ParsedQuery,
        request: &SearchRequest,
        stories: &StoryIndex,
        hidden: Option<DocAddress>,
    ) -> Result<Counted<Vec<Group>>> {
        let wanted = request.offset.saturating_add(request.limit);
        // A little room for stories with several matches among the best: collecting more costs
        // every search (a larger buffer truncated less often), growing costs only the searches
        // whose best articles are mostly of a few stories.
        let mut keep = wanted.saturating_add(wanted / 2).saturating_add(4);
        let (total_hits, total_stories, mut top) = self.top(searcher, parsed, request.sort, keep, 0, Some(stories))?;
        if request.limit == 0 {
            return Ok((total_hits, total_stories, Vec::new()));
        }
        let ordinals = searcher
            .segment_readers()
            .iter()
            .map(|reader| stories.ordinals(&self.cache, reader))
            .collect::<tantivy::Result<Vec<_>>>()
            .map_err(|source| Error::tantivy("cannot read the articles' stories", source))?;
        let ordinal = |address: DocAddress| {
            ordinals.get(address.segment_ord as usize).map_or(ALONE, |ordinals| ordinals.of(address.doc_id))
        };
        loop {
            let groups = collapse::group(&top, ordinal);
            if groups.len() >= wanted || top.len() < keep || top.len() >= total_hits {
                let mut page: Vec<Group> = groups.into_iter().skip(request.offset).take(request.limit).collect();
                self.complete_more(searcher, parsed, request.sort, (stories, &ordinals), &mut page, hidden)?;
                return Ok((total_hits, total_stories, page));
            }
            keep = keep.saturating_mul(4);
            top = self.top(searcher, parsed, request.sort, keep, 0, None)?.2;
        }
    }

    /// Fills each shown story's others up to [`MORE_SHOWN`] (or its size): after its other best
    /// matches among the collected articles come its other matching articles, in the same order
    /// (all rank below those collected), then its articles that do not match, newest first; never
    /// the article at `hidden`.
    fn complete_more(
        &self,
        searcher: &tantivy::Searcher,
        parsed: &ParsedQuery,
        sort: Sort,
        (stories, ordinals): (&StoryIndex, &[std::sync::Arc<StoryOrdinals>]),
        page: &mut [Group],
        hidden: Option<DocAddress>,
    ) -> Result<()> {
        let hidden_story = hidden.map(|address| {
            ordinals.get(address.segment_ord as usize).map_or(ALONE, |ordinals| ordinals.of(address.doc_id))
        });
        // Others a story can show: up to MORE_SHOWN, without the hidden article.
        let more_wanted = |group: &Group, size: usize| {
            MORE_SHOWN.min(size.saturating_sub(1 + usize::from(hidden_story == Some(group.ordinal))))
        };
        let mut candidates: Vec<(DocAddress, usize)> = Vec::new();
        for (at, group) in page.iter().enumerate() {
            let Some((_, members)) = stories.story(group.ordinal) else { continue };
            if group.others.len() >= more_wanted(group, members.len()) {
                continue;
            }
            let known: HashSet<DocAddress> =
                group.others.iter().map(|(address, _)| *address).chain([group.best.1]).chain(hidden).collect();
            for ((segment_ord, segment), reader) in (0..).zip(ordinals).zip(searcher.segment_readers()) {
                for doc in segment.docs_of(group.ordinal) {
                    let address = DocAddress::new(segment_ord, doc);
                    if reader.alive_bitset().is_none_or(|alive| alive.is_alive(doc)) && !known.contains(&address) {
                        candidates.push((address, at));
                    }
                }
            }
        }
        if candidates.is_empty() {
            return Ok(());
        }
        candidates.sort_unstable();
        let addresses: Vec<DocAddress> = candidates.iter().map(|(address, _)| *address).collect();
        let scores = collapse::matching(searcher, parsed.query.as_ref(), &addresses)?;
        let mut columns = Vec::new();
        for reader in searcher.segment_readers() {
            columns.push(self.cache.columns(reader)?);
        }
        let seconds = |address: DocAddress| -> i64 {
            let dates = columns.get(address.segment_ord as usize).and_then(|columns| columns.dates.as_ref());
            dates.and_then(|dates| dates.first(address.doc_id)).map_or(i64::MIN, |date| date.into_timestamp_secs())
        };
        for (at, group) in page.iter_mut().enumerate() {
            let Some((_, members)) = stories.story(group.ordinal) else { continue };
            let wanted = more_wanted(group, members.len());
            // (score, seconds, address) of those that match, (seconds, address) of the others.
            let mut matched: Vec<(Score, i64, DocAddress)> = Vec::new();
            let mut unmatched: Vec<(i64, DocAddress)> = Vec::new();
            for ((address, of), score) in candidates.iter().zip(&scores) {
                if *of != at {
                    continue;
                }
                match score {
                    Some(score) => matched.push((*score, seconds(*address), *address)),
                    None => unmatched.push((seconds(*address), *address)),
                }
            }
            match sort {
                Sort::Relevance => {
                    matched.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)).then_with(|| a.2.cmp(&b.2)))
                }
                Sort::Date => matched.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.2.cmp(&b.2))),
                Sort::Recent(recency) => {
                    let as_of = self.as_of(searcher, recency)?;
                    let key = |(score, seconds, _): &(Score, i64, DocAddress)| {
                        recency.key(*score, (*seconds != i64::MIN).then_some(*seconds), as_of)
                    };
                    matched.sort_unstable_by(|a, b| {
                        key(b).total_cmp(&key(a)).then(b.1.cmp(&a.1)).then_with(|| a.2.cmp(&b.2))
                    })
                }
            }
            unmatched.sort_unstable_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
            let more = matched
                .into_iter()
                .map(|(_, _, address)| (address, true))
                .chain(unmatched.into_iter().map(|(_, address)| (address, false)));
            let room = wanted.saturating_sub(group.others.len());
            group.others.extend(more.take(room));
        }
        Ok(())
    }

    /// The articles most like the one with id `request.id` (a more-like-this query over title
    /// and body, [`similar_terms`]), as a search: collapsed by story unless asked not to, with passages, the
    /// article's own story left out unless `request.same_story` (the article itself always is).
    pub fn similar(&self, request: &SimilarRequest) -> Result<SearchResults> {
        let started = Instant::now();
        if request.limit > 10_000 {
            return Err(Error::InvalidRequest(format!("limit {} is over the maximum of 10000", request.limit)));
        }
        let searcher = self.index.reader.searcher();
        self.cache.forget_dead_segments(&searcher);
        let unknown = || Error::UnknownArticle { id: request.id.clone() };
        let key = u64::from_str_radix(request.id.trim(), 16).map_err(|_| unknown())?;
        let (_, address) =
            collapse::addresses_of(&searcher, self.fields.id, &[key])?.first().copied().ok_or_else(unknown)?;
        let stories = self.stories.of(&self.index, &searcher)?;
        let excluded: Vec<u64> = match stories.story(stories.ordinal_of(key)) {
            Some((_, members)) if !request.same_story => members.to_vec(),
            _ => vec![key],
        };
        let mut summaries = SummaryReader::new(&searcher, &self.cache);
        let summary = summaries.get(address)?;
        let title = summary.fields()?.title.unwrap_or_default().to_string();
        let (body, language) = self.body(&searcher, address)?;
        // An article is compared in its own language's fields, by that language's stems.
        let (title_field, body_field, mut analyzer) = match language {
            Some(slot) => (
                self.fields.languages[slot].title,
                self.fields.languages[slot].body,
                schema::language_text_analyzer(slot),
            ),
            None => (self.fields.title, self.fields.body, schema::text_analyzer()),
        };
        let compared = similar_terms(&searcher, &mut analyzer, &[(title_field, &title), (body_field, &body)])?;
        let like = similar_query(&compared);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, Box::new(like))];
        for key in excluded {
            let term = Term::from_field_text(self.fields.id, &format!("{key:016x}"));
            clauses.push((Occur::MustNot, Box::new(TermQuery::new(term, IndexRecordOption::Basic))));
        }
        let mut words: Vec<String> =
            compared.iter().map(|(term, _)| term.value().as_str().unwrap_or_default().to_string()).collect();
        words.sort_unstable();
        words.dedup();
        let terms = HighlightTerms { terms: words, phrases: Vec::new() };
        let (highlight, language_highlights) = match language {
            Some(slot) => (HighlightTerms::default(), vec![(slot, terms)]),
            None => (terms, Vec::new()),
        };
        let parsed = ParsedQuery {
            query: Box::new(BooleanQuery::new(clauses)),
            highlight,
            language_highlights,
            terms: Vec::new(),
        };
        let search = SearchRequest {
            query: format!("similar to {}", request.id.trim()),
            limit: request.limit,
            offset: request.offset,
            passages: request.passages,
            body: request.body,
            collapse: request.collapse,
            ..SearchRequest::default()
        };
        self.run(&searcher, &parsed, &search, Some(address), started)
    }

    /// The largest stories among the articles that pass `request`'s filters: stories of two or
    /// more of those articles, most articles first (then the latest, then by id).
    pub fn stories(&self, request: &StoriesRequest) -> Result<StoriesResults> {
        let started = Instant::now();
        let searcher = self.index.reader.searcher();
        self.cache.forget_dead_segments(&searcher);
        let parsed = self.queries.parse("*", false, &request.filters, &searcher)?;
        let stories = self.stories.of(&self.index, &searcher)?;
        let collector = StoryMembers { cache: &self.cache, stories: &stories };
        let members =
            searcher.search(&parsed.query, &collector).map_err(|source| Error::tantivy("search failed", source))?;
        let mut by_story: HashMap<u32, Vec<DocAddress>> = HashMap::new();
        for (ordinal, address) in members {
            by_story.entry(ordinal).or_default().push(address);
        }
        let total_stories = by_story.values().filter(|articles| articles.len() > 1).count();
        let mut summaries = SummaryReader::new(&searcher, &self.cache);
        let mut reports = Vec::new();
        for (ordinal, addresses) in by_story.into_iter().filter(|(_, articles)| articles.len() > 1) {
            let Some((story, members)) = stories.story(ordinal) else { continue };
            let mut articles = Vec::with_capacity(addresses.len());
            let mut people: HashMap<String, u64> = HashMap::new();
            let mut places: HashMap<String, u64> = HashMap::new();
            for address in addresses {
                let stored = summaries.get(address)?;
                let fields = stored.fields()?;
                for person in &fields.people {
                    *people.entry(person.to_string()).or_default() += 1;
                }
                for place in &fields.places {
                    *places.entry(place.to_string()).or_default() += 1;
                }
                articles.push(story_article(&stored, true)?);
            }
            // Oldest first, undated last.
            articles.sort_by(|a, b| {
                (a.date.is_none(), a.date, &a.title, &a.id).cmp(&(b.date.is_none(), b.date, &b.title, &b.id))
            });
            let first = articles.iter().filter_map(|article| article.date).min();
            let last = articles.iter().filter_map(|article| article.date).max();
            reports.push(StoryReport {
                story: format!("{story:016x}"),
                story_size: members.len(),
                articles: articles.len(),
                first,
                last,
                people: most_frequent(people, STORY_TAGS_SHOWN),
                places: most_frequent(places, STORY_TAGS_SHOWN),
                titles: articles,
            });
        }
        reports.sort_by(|a, b| {
            b.articles.cmp(&a.articles).then_with(|| b.last.cmp(&a.last)).then_with(|| a.story.cmp(&b.story))
        });
        reports.truncate(request.limit);
        Ok(StoriesResults { total_stories, took_us: started.elapsed().as_micros() as u64, stories: reports })
    }

    /// The stored text of the article at `address`, and its stemmed language (its place in
    /// [`schema::STEMMED_LANGUAGES`]; `None` for English and every other language): the body is
    /// stored in the body field of its language, and which field holds it tells the language.
    fn body(&self, searcher: &tantivy::Searcher, address: DocAddress) -> Result<(String, Option<usize>)> {
        let document: TantivyDocument =
            searcher.doc(address).map_err(|source| Error::tantivy("cannot read a stored article", source))?;
        let text_of = |field| document.get_first(field).and_then(|value| value.as_str()).map(str::to_string);
        if let Some(body) = text_of(self.fields.body) {
            return Ok((body, None));
        }
        for (slot, language) in self.fields.languages.iter().enumerate() {
            if let Some(body) = text_of(language.body) {
                return Ok((body, Some(slot)));
            }
        }
        Ok((String::new(), None))
    }

    fn facets(&self, searcher: &tantivy::Searcher, parsed: &ParsedQuery) -> Result<Facets> {
        const SIZE: u32 = 10;
        // People named by surname alone are added to their full name, so more are counted than shown.
        const PEOPLE_COUNTED: u32 = 4 * SIZE;
        let request = serde_json::json!({
            "topics": { "terms": { "field": schema::TOPICS, "size": SIZE } },
            "places": { "terms": { "field": schema::PLACES, "size": SIZE } },
            "people": { "terms": { "field": schema::PEOPLE, "size": PEOPLE_COUNTED } },
            "orgs": { "terms": { "field": schema::ORGS, "size": SIZE } },
            "companies": { "terms": { "field": schema::COMPANIES, "size": SIZE } },
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
        Ok(Facets {
            topics: counts("topics"),
            places: counts("places"),
            people,
            orgs: counts("orgs"),
            companies: counts("companies"),
            sources: counts("sources"),
        })
    }
}

/// A request for the articles most like one ([`Searcher::similar`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimilarRequest {
    /// The article's id (16 hex digits, the `id` of its hit).
    pub id: String,
    /// Hits to return, at most 10000.
    pub limit: usize,
    /// Hits to skip before the first one returned.
    pub offset: usize,
    /// Include the article's own story (the article itself is never a hit).
    pub same_story: bool,
    /// Passages per hit.
    pub passages: usize,
    /// Return each hit's full text.
    pub body: bool,
    /// One hit per story, as [`SearchRequest::collapse`].
    pub collapse: bool,
}

impl SimilarRequest {
    /// The articles most like the one with `id`, with the defaults of a search.
    pub fn new(id: impl Into<String>) -> Self {
        let search = SearchRequest::default();
        SimilarRequest {
            id: id.into(),
            limit: search.limit,
            offset: 0,
            same_story: false,
            passages: search.passages,
            body: false,
            collapse: true,
        }
    }
}

/// The highlighter of each language a page's hits are in: English (and every language not
/// stemmed on its own) built at once, each stemmed language's on its first hit, with that
/// language's analyzer and highlight terms.
struct Highlighters<'a> {
    parsed: &'a ParsedQuery,
    passages: usize,
    english: Highlighter,
    /// By place in [`schema::STEMMED_LANGUAGES`].
    languages: Vec<(usize, Highlighter)>,
}

impl<'a> Highlighters<'a> {
    fn new(parsed: &'a ParsedQuery, passages: usize) -> Self {
        let english = Highlighter::new(schema::text_analyzer(), parsed.highlight.clone()).with_max_passages(passages);
        Highlighters { parsed, passages, english, languages: Vec::new() }
    }

    /// The highlighter of articles in the stemmed language at `language`, or in English for `None`.
    fn of(&mut self, language: Option<usize>) -> &Highlighter {
        let Some(slot) = language else { return &self.english };
        let index = match self.languages.iter().position(|(known, _)| *known == slot) {
            Some(index) => index,
            None => {
                self.languages.push((slot, language_highlighter(self.parsed, slot).with_max_passages(self.passages)));
                self.languages.len() - 1
            }
        };
        &self.languages[index].1
    }
}

/// The highlighter of `parsed` for articles in the stemmed language at `slot`. Every word goes
/// through the analyzer: the shortcut of [`Highlighter::new`] (skipping words whose first two
/// letters no query word has) holds for English stems, and is not checked for the others.
pub(crate) fn language_highlighter(parsed: &ParsedQuery, slot: usize) -> Highlighter {
    Highlighter::new(schema::language_text_analyzer(slot), parsed.highlight_of(Some(slot))).with_full_analysis()
}

/// A word must be this long (in bytes, stemmed) to make an article like another.
const SIMILAR_MIN_WORD_LENGTH: usize = 3;
/// A word must be in this many articles (the one asked about included) to make it like another.
const SIMILAR_MIN_DOC_FREQUENCY: u64 = 2;
/// The words (by field) an article is compared by: those with the highest tf-idf.
const SIMILAR_TERMS: usize = 25;

/// Words in more articles than this say nothing of what an article is about (`the`, `said`):
/// a fifth of the index, at least 3 (a tiny index has few words of each).
fn similar_max_doc_frequency(searcher: &tantivy::Searcher) -> u64 {
    (searcher.num_docs() / 5).max(3)
}

/// The words an article is compared by: its title and body analyzed, each word kept as its
/// field's term when within the bounds above, the [`SIMILAR_TERMS`] best by tf × idf (the rule of
/// tantivy's `MoreLikeThisQuery` and Lucene's, with BM25's idf), best first. Ties go by term, so
/// the same article is always compared by the same words (tantivy's own keeps whichever a hash
/// map gives first, and answered differently from one call to the next).
fn similar_terms(
    searcher: &tantivy::Searcher,
    analyzer: &mut tantivy::tokenizer::TextAnalyzer,
    texts: &[(tantivy::schema::Field, &str)],
) -> Result<Vec<(Term, Score)>> {
    let mut frequencies: HashMap<Term, usize> = HashMap::new();
    for (field, text) in texts {
        for word in schema::analyzed_words(text, analyzer) {
            if word.len() >= SIMILAR_MIN_WORD_LENGTH {
                *frequencies.entry(Term::from_field_text(*field, &word)).or_default() += 1;
            }
        }
    }
    let articles = searcher.num_docs() as f32;
    let max_frequency = similar_max_doc_frequency(searcher);
    let mut scored: Vec<(Term, Score)> = Vec::new();
    for (term, frequency) in frequencies {
        let in_articles =
            searcher.doc_freq(&term).map_err(|source| Error::tantivy("cannot count an article's words", source))?;
        if !(SIMILAR_MIN_DOC_FREQUENCY..=max_frequency).contains(&in_articles) {
            continue;
        }
        let in_articles = in_articles as f32;
        let idf = (1.0 + (articles - in_articles + 0.5) / (in_articles + 0.5)).ln();
        scored.push((term, frequency as f32 * idf));
    }
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    scored.truncate(SIMILAR_TERMS);
    Ok(scored)
}

/// Of the compared words, the share (rounded down) a similar article must have: one or two common
/// words make no likeness, and a small index would otherwise offer its unrelated articles.
/// Elasticsearch's `more_like_this` asks 30% by default; title and body words are counted apart
/// here (a word in both is two of the 25), so a fifth asks about as much, and 30% lost the
/// articles that share the one name a story is about (`Volcker` and little else).
const SIMILAR_MIN_SHARE: f32 = 0.2;

/// At least [`SIMILAR_MIN_SHARE`] of the compared words, each weighted by its tf × idf over the
/// best one's, as `MoreLikeThisQuery` builds it.
fn similar_query(compared: &[(Term, Score)]) -> BooleanQuery {
    let best = compared.first().map_or(1.0, |(_, score)| *score);
    let clauses: Vec<(Occur, Box<dyn Query>)> = compared
        .iter()
        .map(|(term, score)| {
            let query: Box<dyn Query> = Box::new(TermQuery::new(term.clone(), IndexRecordOption::Basic));
            (Occur::Should, Box::new(BoostQuery::new(query, score / best)) as Box<dyn Query>)
        })
        .collect();
    let minimum = ((compared.len() as f32 * SIMILAR_MIN_SHARE) as usize).max(1);
    BooleanQuery::with_minimum_required_clauses(clauses, minimum)
}

/// A request for the largest stories of a period ([`Searcher::stories`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoriesRequest {
    /// Which articles count: dates, topics, places.
    pub filters: FlagFilters,
    /// Stories to return.
    pub limit: usize,
}

/// The largest stories of a period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoriesResults {
    /// Stories with two or more articles that pass the filters.
    pub total_stories: usize,
    /// The whole request, µs.
    pub took_us: u64,
    /// The largest, most articles first.
    pub stories: Vec<StoryReport>,
}

/// One story of [`StoriesResults`]: counts and dates are of its articles that pass the filters.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoryReport {
    /// The story's id, 16 hex digits.
    pub story: String,
    /// Articles in the story in all.
    pub story_size: usize,
    /// Its articles that pass the filters.
    pub articles: usize,
    /// The earliest date among them.
    pub first: Option<DateTime<Utc>>,
    /// The latest date among them.
    pub last: Option<DateTime<Utc>>,
    /// The people they name most, with how many of them name each.
    pub people: Vec<FacetCount>,
    /// The places they are about most, with how many of them are about each.
    pub places: Vec<FacetCount>,
    /// The articles, oldest first (undated last).
    pub titles: Vec<StoryArticle>,
}

/// People and places shown per story.
const STORY_TAGS_SHOWN: usize = 5;

/// The `keep` most frequent values, ties by value.
fn most_frequent(counts: HashMap<String, u64>, keep: usize) -> Vec<FacetCount> {
    let mut counts: Vec<FacetCount> = counts.into_iter().map(|(value, count)| FacetCount { value, count }).collect();
    counts.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    counts.truncate(keep);
    counts
}

/// An article as shown in a story: id, title, date, source.
fn story_article(summary: &StoredSummary, matches: bool) -> Result<StoryArticle> {
    let fields = summary.fields()?;
    let title = fields.title.filter(|title| !title.trim().is_empty()).or(fields.lead);
    Ok(StoryArticle {
        id: fields.id.to_string(),
        title: title.map(str::to_string),
        date: fields.date,
        source: fields.source.map(str::to_string),
        matches,
    })
}

/// Collects (story ordinal, address) of the matching articles in stories of two or more.
struct StoryMembers<'a> {
    cache: &'a SegmentCache,
    stories: &'a StoryIndex,
}

/// [`StoryMembers`] in one segment.
struct SegmentMembers {
    ordinals: std::sync::Arc<StoryOrdinals>,
    segment_ord: SegmentOrdinal,
    found: Vec<(u32, DocAddress)>,
}

impl Collector for StoryMembers<'_> {
    type Fruit = Vec<(u32, DocAddress)>;
    type Child = SegmentMembers;

    fn for_segment(&self, segment_ord: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<SegmentMembers> {
        Ok(SegmentMembers { ordinals: self.stories.ordinals(self.cache, reader)?, segment_ord, found: Vec::new() })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segments: Vec<Vec<(u32, DocAddress)>>) -> tantivy::Result<Self::Fruit> {
        Ok(segments.concat())
    }
}

impl SegmentCollector for SegmentMembers {
    type Fruit = Vec<(u32, DocAddress)>;

    fn collect(&mut self, doc: DocId, _: Score) {
        let ordinal = self.ordinals.of(doc);
        if ordinal != ALONE {
            self.found.push((ordinal, DocAddress::new(self.segment_ord, doc)));
        }
    }

    fn harvest(self) -> Self::Fruit {
        self.found
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
