//! Regrouping: every article's grouping features read back from the index's fast fields (all
//! segments, deleted articles left out), edges between articles that tell one story, and the
//! stories as the connected components of those edges.
//!
//! Two articles are joined by an edge when
//! 1. their SimHashes differ in at most [`NEAR_DUPLICATE_BITS`] bits (near-duplicates: a reprint,
//!    an update), whatever their dates; candidates from 4 LSH tables of 16-bit blocks (two hashes
//!    within 3 bits agree on at least one of 4 blocks: pigeonhole);
//! 2. both are dated, at most `window` days apart, the cosine of their idf-weighted salient terms
//!    is at least [`DATED_THRESHOLD`], and they share a person, organization or place (same event,
//!    other words); candidates from an inverted list of salient terms, sweeping each term's articles
//!    in date order within the window, terms held by more than [`term_cap`] articles skipped;
//! 3. one is undated: as 2 without the date test, with [`UNDATED_THRESHOLD`].
//!
//! Near-duplicate edges join unconditionally; event edges are then taken strongest first, and one
//! that would make a story span more than [`MAX_SPAN_WINDOWS`] windows between its first and last
//! dated article is refused (a chain of daily reports is not one story).
//!
//! Everything is sorted before it is used: articles by (date, SimHash, key), edges by (similarity,
//! articles), so the stories depend only on what the index holds, not on the order articles were
//! written in, how many threads wrote them, or how the segments are cut. Similarities are summed in
//! a fixed order (terms by hash) so their floating-point values are the same every run.

use std::ops::Range;

use rayon::prelude::*;
use tantivy::{DocId, Index, Searcher};

use super::features::{SalientTerm, hamming};
use super::table::StoryTable;
use crate::error::{Error, Result};
use crate::index::schema;

/// Days two dated write-ups of one event may lie apart, unless `--story-window` says otherwise.
pub const DEFAULT_WINDOW_DAYS: u32 = 3;
/// SimHashes at most this many bits apart are near-duplicates (Manku, Jain, Das Sarma 2007).
pub const NEAR_DUPLICATE_BITS: u32 = 3;
/// Weighted salient-term cosine from which two dated articles in the window tell one event.
pub const DATED_THRESHOLD: f64 = 0.55;
/// The same for a pair with an undated article: content alone must say more.
pub const UNDATED_THRESHOLD: f64 = 0.6;
/// A story joined by event edges spans at most this many windows (first to last dated article).
pub const MAX_SPAN_WINDOWS: i64 = 1;
/// An article with fewer salient words than this (a table of figures, a headline alone) joins a
/// story only as a near-duplicate: its few words say too little about which event it tells.
pub const MIN_WORDS: usize = 8;
/// Two articles joined as one event share at least this many salient words (not entities).
pub const MIN_SHARED_WORDS: usize = 3;
/// Two stories are joined by an event edge only when their first articles are at least this
/// similar too: a chain A~B~C~… of pairwise-close articles drifts off its first event.
pub const COHESION_THRESHOLD: f64 = 0.4;
/// Event edges do not make a story larger than this: past it, wire copy is a series of routine
/// reports (a market's prices through the day, a fund family's payouts), not one event. Near
/// duplicates still join.
pub const MAX_EVENT_STORY: u32 = 6;
/// How much less similar two articles naming the same person may be.
pub const SHARED_PERSON_ALLOWANCE: f64 = 0.2;
/// How much more similar two dated articles must be for each day between them.
pub const THRESHOLD_PER_DAY: f64 = 0.2;
/// The same for two articles naming the same person: people carry an event over days (a
/// follow-up quotes the same people), while a report naming nobody the next day in the same words
/// is the next day's report.
pub const THRESHOLD_PER_DAY_WITH_PEOPLE: f64 = 0.05;
/// Two articles that name no person in common and each give at least this many figures must
/// share half of them to tell one event.
pub const MIN_FIGURES: usize = 3;
/// Weight of an entity term relative to a word seen once.
const ENTITY_WEIGHT: f64 = 1.5;
/// The idf of an index of fewer articles is taken as that of one of this many.
const IDF_FLOOR_ARTICLES: usize = 1000;
/// Seconds in a day.
const DAY: i64 = 86_400;

/// How articles are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GroupingOptions {
    /// Days two dated write-ups of one event may lie apart.
    pub window_days: u32,
}

impl Default for GroupingOptions {
    fn default() -> Self {
        GroupingOptions { window_days: DEFAULT_WINDOW_DAYS }
    }
}

/// Salient terms held by more articles than this do not make candidates (boilerplate: `bank`,
/// `oil`, `United States`); they still count in the similarity of a candidate pair.
pub fn term_cap(articles: usize) -> usize {
    (articles / 200).max(200)
}

/// Why two articles were joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EdgeKind {
    /// SimHashes within [`NEAR_DUPLICATE_BITS`].
    NearDuplicate,
    /// Same event: similar salient terms, a shared entity, dates in the window (or undated).
    Event,
}

/// A pair of articles considered for grouping, by their keys.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pair {
    /// One article's key.
    pub a: u64,
    /// The other's.
    pub b: u64,
    /// Near-duplicate or event.
    pub kind: EdgeKind,
    /// Weighted salient-term cosine (1 for near-duplicates found by SimHash alone).
    pub similarity: f64,
    /// Whether the edge joined two stories, was redundant (already one story) or was refused by
    /// the span guard (`false`).
    pub accepted: bool,
}

/// The stories of an index and how they were formed, for evaluation.
#[derive(Debug, Clone)]
pub struct Grouping {
    /// The story table.
    pub table: StoryTable,
    /// Every edge found, in the order taken.
    pub edges: Vec<Pair>,
    /// Pairs that passed every test of an event edge but the similarity, within 0.15 of it.
    pub near_misses: Vec<Pair>,
}

/// One article's features, as read from the index.
struct Node {
    key: u64,
    simhash: Option<u64>,
    /// Seconds, or `i64::MAX` when undated (sorts last).
    date: i64,
    /// Range of its terms in the flat term arrays.
    terms: Range<u32>,
}

impl Node {
    fn is_dated(&self) -> bool {
        self.date != i64::MAX
    }
}

/// The features of every live article, sorted by (date, SimHash, key), and their terms flat.
struct Features {
    nodes: Vec<Node>,
    /// Terms of each node, sorted by hash within a node.
    terms: Vec<SalientTerm>,
}

/// Reads every live article's features from the fast fields.
fn read_features(searcher: &Searcher) -> Result<Features> {
    let fail = |source| Error::tantivy("cannot read the grouping features", source);
    let mut unsorted: Vec<(u64, Option<u64>, i64, Vec<SalientTerm>)> = Vec::new();
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let keys = fast.u64(schema::STORY_KEY).map_err(fail)?;
        let simhashes = fast.u64(schema::SIMHASH).map_err(fail)?;
        let salient = fast.u64(schema::SALIENT).map_err(fail)?;
        let dates = fast.date(schema::DATE).ok();
        let alive = segment.alive_bitset();
        for doc in 0..segment.max_doc() as DocId {
            if alive.is_some_and(|alive| !alive.is_alive(doc)) {
                continue;
            }
            let Some(key) = keys.first(doc) else { continue };
            let date =
                dates.as_ref().and_then(|dates| dates.first(doc)).map_or(i64::MAX, |date| date.into_timestamp_secs());
            let mut terms: Vec<SalientTerm> = salient.values_for_doc(doc).map(SalientTerm::decode).collect();
            terms.sort_unstable();
            terms.dedup_by_key(|term| term.hash);
            unsorted.push((key, simhashes.first(doc), date, terms));
        }
    }
    unsorted.sort_unstable_by_key(|node| (node.2, node.1, node.0));
    let mut nodes = Vec::with_capacity(unsorted.len());
    let mut terms = Vec::with_capacity(unsorted.iter().map(|node| node.3.len()).sum());
    for (key, simhash, date, node_terms) in unsorted {
        let start = terms.len() as u32;
        terms.extend(node_terms);
        nodes.push(Node { key, simhash, date, terms: start..terms.len() as u32 });
    }
    Ok(Features { nodes, terms })
}

/// Union-find over node positions, with each set's first and last date.
struct Stories {
    parent: Vec<u32>,
    size: Vec<u32>,
    first: Vec<i64>,
    last: Vec<i64>,
}

impl Stories {
    fn new(nodes: &[Node]) -> Stories {
        Stories {
            parent: (0..nodes.len() as u32).collect(),
            size: vec![1; nodes.len()],
            first: nodes.iter().map(|node| node.date).collect(),
            last: nodes.iter().map(|node| if node.is_dated() { node.date } else { i64::MIN }).collect(),
        }
    }

    fn find(&mut self, mut node: u32) -> u32 {
        while self.parent[node as usize] != node {
            let grandparent = self.parent[self.parent[node as usize] as usize];
            self.parent[node as usize] = grandparent;
            node = grandparent;
        }
        node
    }

    /// Days between the first and last dated article of the story `a` and `b` would make
    /// together (0 when it would hold no dated article).
    fn span_if_joined(&mut self, a: u32, b: u32) -> f64 {
        let (root_a, root_b) = (self.find(a), self.find(b));
        let first = self.first[root_a as usize].min(self.first[root_b as usize]);
        let last = self.last[root_a as usize].max(self.last[root_b as usize]);
        if first == i64::MAX { 0.0 } else { (last - first) as f64 / DAY as f64 }
    }

    /// Joins the stories of `a` and `b`.
    fn join(&mut self, a: u32, b: u32) {
        let (root_a, root_b) = (self.find(a), self.find(b));
        if root_a == root_b {
            return;
        }
        let first = self.first[root_a as usize].min(self.first[root_b as usize]);
        let last = self.last[root_a as usize].max(self.last[root_b as usize]);
        // The smaller position is the root: a fixed choice, whatever the order of joins.
        let (root, child) = if root_a < root_b { (root_a, root_b) } else { (root_b, root_a) };
        self.parent[child as usize] = root;
        self.size[root as usize] += self.size[child as usize];
        self.first[root as usize] = first;
        self.last[root as usize] = last;
    }
}

/// Computes the stories of every article `searcher` sees; `opstamp` is the commit it reads.
pub fn regroup(searcher: &Searcher, opstamp: u64, options: GroupingOptions) -> Result<StoryTable> {
    Ok(analyze(searcher, opstamp, options)?.table)
}

/// [`regroup`] on the last commit of `index`.
pub fn regroup_index(index: &Index, options: GroupingOptions) -> Result<StoryTable> {
    let opstamp =
        index.load_metas().map_err(|source| Error::tantivy("cannot read the index's commit", source))?.opstamp;
    let reader = index
        .reader_builder()
        .reload_policy(tantivy::ReloadPolicy::Manual)
        .try_into()
        .map_err(|source| Error::tantivy("cannot open the index to group stories", source))?;
    regroup(&reader.searcher(), opstamp, options)
}

/// The story table of `index` (whose folder is `dir`): the one written beside it when it belongs
/// to the index's last commit, else computed now (an `index` run killed between its commit and the
/// table), with the window the stale table was made with, if any.
pub fn current(index: &Index, dir: &std::path::Path) -> Result<StoryTable> {
    let opstamp =
        index.load_metas().map_err(|source| Error::tantivy("cannot read the index's commit", source))?.opstamp;
    let written = StoryTable::read(dir);
    if let Some(table) = &written
        && table.opstamp == opstamp
    {
        return Ok(table.clone());
    }
    let window_days = written.and_then(|table| table.window_days).unwrap_or(DEFAULT_WINDOW_DAYS);
    regroup_index(index, GroupingOptions { window_days })
}

/// [`regroup`] with every edge and near miss, for evaluation.
pub fn analyze(searcher: &Searcher, opstamp: u64, options: GroupingOptions) -> Result<Grouping> {
    let features = read_features(searcher)?;
    let nodes = &features.nodes;
    let mut stories = Stories::new(nodes);
    let mut edges = Vec::new();
    for (a, b) in near_duplicates(nodes) {
        stories.join(a, b);
        let (a, b) = (&nodes[a as usize], &nodes[b as usize]);
        edges.push(Pair { a: a.key, b: b.key, kind: EdgeKind::NearDuplicate, similarity: 1.0, accepted: true });
    }
    let weights = Weights::new(&features);
    let window = i64::from(options.window_days) * DAY;
    let (mut event_edges, mut near_misses) = event_pairs(&features, &weights, window);
    // Strongest first; ties by position, which is a function of the articles' features.
    event_edges.sort_unstable_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    let max_span_days = (MAX_SPAN_WINDOWS * window) as f64 / DAY as f64;
    for (similarity, a, b) in event_edges {
        let (first_a, first_b) = (stories.find(a), stories.find(b));
        let span_days = stories.span_if_joined(a, b);
        let both_dated = nodes[a as usize].is_dated() && nodes[b as usize].is_dated();
        let shared_people = self::similarity(&features, &weights, a as usize, b as usize).shared_people;
        let needed = threshold(both_dated, shared_people, span_days);
        // The root of a story is its first article (the smallest position).
        let joined_size = stories.size[first_a as usize] + stories.size[first_b as usize];
        let accepted = first_a == first_b
            || (similarity >= needed
                && joined_size as f64 <= f64::from(MAX_EVENT_STORY)
                && span_days <= max_span_days
                && ((first_a == a && first_b == b)
                    || self::similarity(&features, &weights, first_a as usize, first_b as usize).cosine
                        >= COHESION_THRESHOLD));
        if accepted {
            stories.join(a, b);
        }
        let (a, b) = (&nodes[a as usize], &nodes[b as usize]);
        edges.push(Pair { a: a.key, b: b.key, kind: EdgeKind::Event, similarity, accepted });
    }
    near_misses.sort_unstable_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    let near_misses = near_misses
        .into_iter()
        .map(|(similarity, a, b)| Pair {
            a: nodes[a as usize].key,
            b: nodes[b as usize].key,
            kind: EdgeKind::Event,
            similarity,
            accepted: false,
        })
        .collect();
    // Story id: the smallest key of the story.
    let roots: Vec<u32> = (0..nodes.len() as u32).map(|node| stories.find(node)).collect();
    let mut smallest_key = vec![u64::MAX; nodes.len()];
    let mut size = vec![0u32; nodes.len()];
    for (node, root) in nodes.iter().zip(&roots) {
        smallest_key[*root as usize] = smallest_key[*root as usize].min(node.key);
        size[*root as usize] += 1;
    }
    let members = nodes
        .iter()
        .zip(&roots)
        .filter(|(_, root)| size[**root as usize] > 1)
        .map(|(node, root)| (node.key, smallest_key[*root as usize]));
    let mut table = StoryTable::from_members(opstamp, members);
    table.window_days = Some(options.window_days);
    Ok(Grouping { table, edges, near_misses })
}

/// The similarity from which a pair tells one event when the story they would make spans
/// `days`: lower when they name the same person (a routine report names none; two outlets'
/// write-ups of one event quote the same people in different words), higher the longer the span.
fn threshold(both_dated: bool, shared_people: usize, days: f64) -> f64 {
    let base = if both_dated { DATED_THRESHOLD } else { UNDATED_THRESHOLD };
    if shared_people > 0 {
        base - SHARED_PERSON_ALLOWANCE + THRESHOLD_PER_DAY_WITH_PEOPLE * days
    } else {
        base + THRESHOLD_PER_DAY * days
    }
}

/// Pairs of positions whose SimHashes are within [`NEAR_DUPLICATE_BITS`], each pair once, sorted.
fn near_duplicates(nodes: &[Node]) -> Vec<(u32, u32)> {
    let hashed: Vec<(u64, u32)> =
        nodes.iter().enumerate().filter_map(|(at, node)| node.simhash.map(|hash| (hash, at as u32))).collect();
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    let mut table: Vec<(u16, u64, u32)> = Vec::with_capacity(hashed.len());
    for block in 0..4 {
        table.clear();
        table.extend(hashed.iter().map(|&(hash, at)| ((hash >> (16 * block)) as u16, hash, at)));
        table.sort_unstable();
        for bucket in table.chunk_by(|x, y| x.0 == y.0) {
            for (offset, &(_, hash, at)) in bucket.iter().enumerate() {
                for &(_, other_hash, other) in &bucket[offset + 1..] {
                    if hamming(hash, other_hash) <= NEAR_DUPLICATE_BITS {
                        pairs.push((at.min(other), at.max(other)));
                    }
                }
            }
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// Each term's weight in each article (idf × frequency weight) and each article's vector length,
/// with the inverted lists of the terms that make candidates.
struct Weights {
    /// Weight of each term of [`Features::terms`].
    weight: Vec<f32>,
    /// Length of each node's weight vector.
    norm: Vec<f64>,
    /// How many salient words (not entities) each node has.
    words: Vec<u16>,
    /// Distinct term hashes, sorted, with their postings' range in `postings` (empty when the
    /// term is held by one article or more than the cap).
    vocabulary: Vec<(u32, Range<u32>)>,
    /// Node positions holding each term, in position order (so in date order).
    postings: Vec<u32>,
}

impl Weights {
    fn new(features: &Features) -> Weights {
        let articles = features.nodes.len();
        // (hash, node) of every term, sorted: the inverted lists, and each term's document frequency.
        let mut occurrences: Vec<(u32, u32)> = Vec::with_capacity(features.terms.len());
        for (at, node) in features.nodes.iter().enumerate() {
            for term in &features.terms[node.terms.start as usize..node.terms.end as usize] {
                if !term.figure {
                    occurrences.push((term.hash, at as u32));
                }
            }
        }
        occurrences.sort_unstable();
        let cap = term_cap(articles);
        let mut vocabulary = Vec::new();
        let mut postings = Vec::new();
        let mut frequencies = Vec::new();
        for group in occurrences.chunk_by(|x, y| x.0 == y.0) {
            let start = postings.len() as u32;
            if group.len() > 1 && group.len() <= cap {
                postings.extend(group.iter().map(|&(_, at)| at));
            }
            vocabulary.push((group[0].0, start..postings.len() as u32));
            frequencies.push(group.len() as f64);
        }
        drop(occurrences);
        // A small index says little about which terms are common: its idf is that of an index of
        // at least IDF_FLOOR_ARTICLES, so two articles of a two-article index can still share
        // "specific" terms.
        let total = articles.max(IDF_FLOOR_ARTICLES) as f64;
        let mut weight = Vec::with_capacity(features.terms.len());
        let mut norm = Vec::with_capacity(articles);
        let mut words = Vec::with_capacity(articles);
        for node in &features.nodes {
            let node_terms = &features.terms[node.terms.start as usize..node.terms.end as usize];
            words.push(node_terms.iter().filter(|term| !term.entity && !term.figure).count() as u16);
            let mut squares = 0.0;
            for term in node_terms {
                if term.figure {
                    weight.push(0.0);
                    continue;
                }
                let at = vocabulary.binary_search_by_key(&term.hash, |(hash, _)| *hash).unwrap_or(0);
                let idf = (1.0 + total / frequencies[at]).ln();
                let emphasis = if term.entity { ENTITY_WEIGHT } else { 1.0 + f64::from(term.frequency.max(1)).ln() };
                let value = (idf * emphasis) as f32;
                squares += f64::from(value) * f64::from(value);
                weight.push(value);
            }
            norm.push(squares.sqrt());
        }
        Weights { weight, norm, words, vocabulary, postings }
    }

    fn postings_of(&self, hash: u32) -> &[u32] {
        match self.vocabulary.binary_search_by_key(&hash, |(hash, _)| *hash) {
            Ok(at) => {
                let range = &self.vocabulary[at].1;
                &self.postings[range.start as usize..range.end as usize]
            }
            Err(_) => &[],
        }
    }
}

/// Weighted cosine of two articles' salient terms, and whether they share an entity.
fn similarity(features: &Features, weights: &Weights, a: usize, b: usize) -> Similarity {
    let (range_a, range_b) = (&features.nodes[a].terms, &features.nodes[b].terms);
    let (mut i, mut j) = (range_a.start as usize, range_b.start as usize);
    let (mut dot, mut shared_entity, mut shared_words, mut shared_people) = (0.0f64, false, 0, 0);
    let (mut places_a, mut places_b, mut shared_places) = (0, 0, 0);
    let mut shared_figures = 0;
    while i < range_a.end as usize && j < range_b.end as usize {
        let (x, y) = (&features.terms[i], &features.terms[j]);
        match x.hash.cmp(&y.hash) {
            std::cmp::Ordering::Less => {
                places_a += usize::from(x.place);
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                places_b += usize::from(y.place);
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                places_a += usize::from(x.place);
                places_b += usize::from(y.place);
                shared_places += usize::from(x.place && y.place);
                dot += f64::from(weights.weight[i]) * f64::from(weights.weight[j]);
                shared_entity |= x.entity && y.entity;
                shared_words += usize::from(!x.entity && !x.figure && !y.entity && !y.figure);
                shared_figures += usize::from(x.figure && y.figure);
                shared_people += usize::from(x.person && y.person);
                i += 1;
                j += 1;
            }
        }
    }
    places_a += features.terms[i..range_a.end as usize].iter().filter(|term| term.place).count();
    places_b += features.terms[j..range_b.end as usize].iter().filter(|term| term.place).count();
    let figures_of = |range: &Range<u32>| {
        features.terms[range.start as usize..range.end as usize].iter().filter(|term| term.figure).count()
    };
    let fewer_figures = figures_of(range_a).min(figures_of(range_b));
    let norms = weights.norm[a] * weights.norm[b];
    Similarity {
        cosine: if norms > 0.0 { dot / norms } else { 0.0 },
        shared_entity,
        shared_words,
        shared_people,
        places_conflict: places_a > 0 && places_b > 0 && shared_places == 0,
        figures_conflict: fewer_figures >= MIN_FIGURES && 2 * shared_figures < fewer_figures,
    }
}

/// How alike two articles' salient terms are.
struct Similarity {
    /// Cosine of the idf-weighted vectors.
    cosine: f64,
    /// Whether they share a person, organization or place.
    shared_entity: bool,
    /// How many salient words (not entities) they share.
    shared_words: usize,
    /// How many people they both name.
    shared_people: usize,
    /// Both name places, none the same: another city's, state's or country's report.
    places_conflict: bool,
    /// Both give figures, most of them different: the same report of another day, fund or
    /// market (a reprint or update repeats its figures).
    figures_conflict: bool,
}

/// Event edges (similarity, a, b) with a < b, and near misses, over candidates from the inverted
/// lists: for a dated article, the articles after it within the window; for an undated one, every
/// dated article and the undated ones after it.
type Scored = Vec<(f64, u32, u32)>;
fn event_pairs(features: &Features, weights: &Weights, window: i64) -> (Scored, Scored) {
    let nodes = &features.nodes;
    let per_node: Vec<(Scored, Scored)> = (0..nodes.len())
        .into_par_iter()
        .map_init(Vec::new, |candidates: &mut Vec<u32>, a| {
            candidates.clear();
            let node = &nodes[a];
            if weights.words[a] < MIN_WORDS as u16 {
                return (Vec::new(), Vec::new());
            }
            for term in &features.terms[node.terms.start as usize..node.terms.end as usize] {
                let postings = weights.postings_of(term.hash);
                if node.is_dated() {
                    let from = postings.partition_point(|&other| other as usize <= a);
                    for &other in &postings[from..] {
                        let other_node = &nodes[other as usize];
                        if !other_node.is_dated() || other_node.date - node.date > window {
                            break;
                        }
                        candidates.push(other);
                    }
                } else {
                    candidates.extend(postings.iter().copied().filter(|&other| {
                        other as usize != a && (nodes[other as usize].is_dated() || other as usize > a)
                    }));
                }
            }
            candidates.sort_unstable();
            candidates.dedup();
            let mut edges = Vec::new();
            let mut misses = Vec::new();
            for &b in candidates.iter() {
                let both_dated = node.is_dated() && nodes[b as usize].is_dated();
                let days =
                    if both_dated { (nodes[b as usize].date - node.date).abs() as f64 / DAY as f64 } else { 0.0 };
                let found = similarity(features, weights, a, b as usize);
                let threshold = threshold(both_dated, found.shared_people, days);
                // Figures tell routine reports apart; people carry an event whatever the figures.
                let figures_conflict = found.figures_conflict && found.shared_people == 0;
                if !found.shared_entity
                    || found.places_conflict
                    || figures_conflict
                    || found.shared_words < MIN_SHARED_WORDS
                    || weights.words[b as usize] < MIN_WORDS as u16
                {
                    continue;
                }
                let score = found.cosine;
                let pair = (score, (a as u32).min(b), (a as u32).max(b));
                if score >= threshold {
                    edges.push(pair);
                } else if score >= threshold - 0.15 {
                    misses.push(pair);
                }
            }
            (edges, misses)
        })
        .collect();
    let mut edges = Vec::new();
    let mut misses = Vec::new();
    for (node_edges, node_misses) in per_node {
        edges.extend(node_edges);
        misses.extend(node_misses);
    }
    (edges, misses)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(simhash: u64) -> Node {
        Node { key: simhash, simhash: Some(simhash), date: 0, terms: 0..0 }
    }

    #[test]
    fn lsh_finds_every_pair_within_three_bits_and_no_other() {
        let mut rng = crate::r#gen::Rng::new(7);
        let mut hashes: Vec<u64> = (0..300).map(|_| rng.next_u64()).collect();
        // Near copies of the first 100: 0 to 5 bits flipped.
        for at in 0..100 {
            let mut hash = hashes[at];
            for _ in 0..(at % 6) {
                hash ^= 1 << rng.below(64);
            }
            hashes.push(hash);
        }
        let nodes: Vec<Node> = hashes.iter().map(|&hash| node(hash)).collect();
        let mut expected = Vec::new();
        for a in 0..nodes.len() {
            for b in a + 1..nodes.len() {
                if hamming(hashes[a], hashes[b]) <= NEAR_DUPLICATE_BITS {
                    expected.push((a as u32, b as u32));
                }
            }
        }
        assert!(expected.len() >= 60, "the near copies are found: {}", expected.len());
        assert_eq!(near_duplicates(&nodes), expected);
    }

    #[test]
    fn thresholds_rise_with_time_and_fall_with_shared_people() {
        assert_eq!(threshold(true, 0, 0.0), DATED_THRESHOLD);
        assert!(threshold(false, 0, 0.0) > threshold(true, 0, 0.0), "undated is stricter");
        assert!(threshold(true, 1, 0.0) < threshold(true, 0, 0.0), "a shared person lowers it");
        assert!(threshold(true, 0, 1.0) > threshold(true, 0, 0.0), "a day later, more is needed");
        assert!(threshold(true, 1, 1.0) - threshold(true, 1, 0.0) < threshold(true, 0, 1.0) - threshold(true, 0, 0.0));
    }

    #[test]
    fn a_story_joins_at_its_first_article_and_tracks_its_span() {
        let nodes: Vec<Node> = [0, DAY, 3 * DAY, i64::MAX]
            .into_iter()
            .enumerate()
            .map(|(at, date)| Node { key: at as u64, simhash: None, date, terms: 0..0 })
            .collect();
        let mut stories = Stories::new(&nodes);
        assert_eq!(stories.span_if_joined(0, 3), 0.0, "an undated article adds no span");
        stories.join(2, 1);
        assert_eq!(stories.find(2), 1, "the earlier article is the root");
        assert_eq!(stories.span_if_joined(0, 2), 3.0);
        stories.join(3, 0);
        assert_eq!(stories.find(3), 0);
    }
}
