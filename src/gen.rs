//! Synthetic news articles and query logs drawn from the statistics of a real corpus, for measuring
//! newsdex at sizes no free corpus has (100k, 1M articles).
//!
//! A [`ModelBuilder`] learns from [`Article`]s: a unigram + bigram model of body and title words,
//! the distributions of sentence length, sentences per paragraph and per article, and the tags
//! (topics; places given the first topic; people given the first place; the dateline location given
//! the first place), which keeps their co-occurrence. [`generate`] then samples articles from the
//! [`Model`] word by word, never emitting a sentence of the corpus verbatim, with dates spread over
//! ten years. Output is deterministic for a seed: article `i` draws from its own generator seeded
//! with the seed and `i`. Nothing here does I/O: callers feed articles in and take articles out.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};

use chrono::{DateTime, Duration, TimeZone, Utc};
use serde::Serialize;

use crate::article::Article;
use crate::sentences;

/// First instant of the generated dates.
pub(crate) const FIRST_DATE: (i32, u32, u32) = (2016, 1, 1);
/// Generated dates span this many years from [`FIRST_DATE`].
pub(crate) const YEARS: u32 = 10;
/// The `source` of every generated article.
pub(crate) const SOURCE: &str = "newsdex-gen";
/// How many queries [`generate_queries`] writes, by kind, as in the shared Reuters log.
pub(crate) const QUERY_KINDS: [(&str, usize); 6] =
    [("term", 200), ("intersection", 200), ("union", 150), ("phrase", 150), ("name", 100), ("filtered", 200)];

/// Probability that the next word follows the bigram model rather than the unigram one; the rest
/// keeps long runs of the corpus from coming back.
const BIGRAM_WEIGHT: f64 = 0.85;
/// Attempts at a sentence that is not in the corpus before one of its words is replaced.
const SENTENCE_ATTEMPTS: usize = 8;
/// Sentences above this length (in tokens) are split when learning: lists and tables, not prose.
const MAX_SENTENCE_TOKENS: usize = 80;
/// Words never used as query terms: they match most articles and no log asks for them alone.
const STOPWORDS: &[&str] = &[
    "the", "and", "for", "that", "with", "from", "this", "was", "are", "has", "have", "had", "will", "its", "not",
    "but", "said", "they", "were", "been", "would", "which", "their", "also", "into", "than", "said", "after", "over",
    "says", "about", "more", "its", "year", "who", "may", "one", "two", "out", "any", "all", "our", "his", "her",
    "she", "him", "can", "there", "other", "some", "new", "per",
];

/// A small deterministic generator (SplitMix64): fast, good enough for sampling, no dependency.
#[derive(Debug, Clone)]
pub(crate) struct Rng(u64);

impl Rng {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// A generator for item `index` of a run seeded with `seed`, independent of the other items.
    pub(crate) fn for_item(seed: u64, index: u64) -> Self {
        let mut mixer = Rng(seed ^ index.wrapping_mul(0xA24B_AED4_963E_E407));
        Rng(mixer.next_u64())
    }

    /// The next 64 random bits.
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut value = self.0;
        value = (value ^ (value >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        value = (value ^ (value >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        value ^ (value >> 31)
    }

    /// A number in `0..bound` (0 when `bound` is 0).
    pub fn below(&mut self, bound: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(bound)) >> 64) as u64
    }

    /// True with probability `probability`.
    pub(crate) fn chance(&mut self, probability: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= probability
    }

    /// A uniformly chosen element, `None` when `items` is empty.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len() as u64) as usize)
    }
}

/// A discrete distribution over token ids, sampled in constant time with Walker's alias method:
/// one random slot, one coin. (Binary search on cumulative counts spent most of the time waiting
/// for memory.)
#[derive(Debug, Clone, Default)]
struct Distribution {
    values: Vec<u32>,
    /// Slot `i` keeps `values[i]` when the coin is below `threshold[i]`, else takes `alias[i]`.
    threshold: Vec<u32>,
    alias: Vec<u32>,
}

impl Distribution {
    fn from_counts(counts: impl IntoIterator<Item = (u32, u64)>) -> Self {
        let (values, weights): (Vec<u32>, Vec<u64>) = counts.into_iter().unzip();
        let mut distribution = Distribution { values, ..Distribution::default() };
        push_alias_row(&weights, &mut distribution.threshold, &mut distribution.alias);
        distribution
    }

    fn sample(&self, rng: &mut Rng) -> Option<u32> {
        sample_alias_row(&self.values, &self.threshold, &self.alias, rng)
    }
}

/// Always keeps the slot's own value.
const KEEP: u32 = u32::MAX;

/// Appends the alias table of one row of weights (Vose's method, integer arithmetic); aliases are
/// indices inside the row.
fn push_alias_row(weights: &[u64], threshold: &mut Vec<u32>, alias: &mut Vec<u32>) {
    let count = weights.len() as u128;
    let total: u128 = weights.iter().map(|&weight| u128::from(weight)).sum();
    let base = threshold.len();
    threshold.extend(std::iter::repeat_n(KEEP, weights.len()));
    alias.extend(0..weights.len() as u32);
    if total == 0 {
        return;
    }
    // Each slot holds `total` units of probability mass; weight w brings w * count units.
    let mut scaled: Vec<u128> = weights.iter().map(|&weight| u128::from(weight) * count).collect();
    let (mut small, mut large): (Vec<usize>, Vec<usize>) = (0..weights.len()).partition(|&slot| scaled[slot] < total);
    while let (Some(&low), Some(&high)) = (small.last(), large.last()) {
        small.pop();
        threshold[base + low] = ((scaled[low] << 32) / total).min(u128::from(KEEP - 1)) as u32;
        alias[base + low] = high as u32;
        scaled[high] = scaled[high] + scaled[low] - total;
        if scaled[high] < total {
            large.pop();
            small.push(high);
        }
    }
}

fn sample_alias_row(values: &[u32], threshold: &[u32], alias: &[u32], rng: &mut Rng) -> Option<u32> {
    if values.is_empty() {
        return None;
    }
    let random = rng.next_u64();
    let slot = (((random & 0xFFFF_FFFF) * values.len() as u64) >> 32) as usize;
    let coin = (random >> 32) as u32;
    let keep = threshold.get(slot).is_none_or(|&limit| limit == KEEP || coin < limit);
    let chosen = if keep { slot } else { alias.get(slot).map_or(slot, |&other| other as usize) };
    values.get(chosen).copied()
}

/// Word statistics of one kind of text (titles or bodies).
#[derive(Debug, Clone, Default)]
struct Chain {
    /// First words of sentences.
    starts: Distribution,
    unigram: Distribution,
    /// Successors of word `w` are `next[offsets[w]..offsets[w + 1]]`, with their alias tables.
    offsets: Vec<u32>,
    next: Vec<u32>,
    threshold: Vec<u32>,
    alias: Vec<u32>,
    /// Observed sentence lengths in tokens, one entry per sentence (sampling one samples the law).
    lengths: Vec<u16>,
}

impl Chain {
    fn successor(&self, word: u32, rng: &mut Rng) -> Option<u32> {
        let start = *self.offsets.get(word as usize)? as usize;
        let end = *self.offsets.get(word as usize + 1)? as usize;
        sample_alias_row(self.next.get(start..end)?, self.threshold.get(start..end)?, self.alias.get(start..end)?, rng)
    }
}

/// What [`ModelBuilder`] counts for one chain.
#[derive(Debug, Default)]
struct ChainCounts {
    starts: HashMap<u32, u64>,
    unigram: HashMap<u32, u64>,
    bigram: HashMap<(u32, u32), u32>,
    lengths: Vec<u16>,
}

impl ChainCounts {
    fn add_sentence(&mut self, sentence: &[u32]) {
        let Some(&first) = sentence.first() else {
            return;
        };
        *self.starts.entry(first).or_default() += 1;
        for &word in sentence {
            *self.unigram.entry(word).or_default() += 1;
        }
        for pair in sentence.windows(2) {
            *self.bigram.entry((pair[0], pair[1])).or_default() += 1;
        }
        self.lengths.push(sentence.len().min(usize::from(u16::MAX)) as u16);
    }

    fn build(self, vocabulary_size: usize) -> Chain {
        let sorted = |counts: HashMap<u32, u64>| {
            let mut pairs: Vec<(u32, u64)> = counts.into_iter().collect();
            pairs.sort_unstable();
            pairs
        };
        let mut bigrams: Vec<((u32, u32), u32)> = self.bigram.into_iter().collect();
        bigrams.sort_unstable();
        let mut chain = Chain {
            starts: Distribution::from_counts(sorted(self.starts)),
            unigram: Distribution::from_counts(sorted(self.unigram)),
            offsets: Vec::with_capacity(vocabulary_size + 1),
            next: Vec::with_capacity(bigrams.len()),
            threshold: Vec::with_capacity(bigrams.len()),
            alias: Vec::with_capacity(bigrams.len()),
            lengths: Vec::new(),
        };
        let mut pairs = bigrams.iter().peekable();
        let mut row_weights = Vec::new();
        for word in 0..vocabulary_size as u32 {
            chain.offsets.push(chain.next.len() as u32);
            row_weights.clear();
            while let Some(((_, successor), count)) = pairs.next_if(|((first, _), _)| *first == word) {
                chain.next.push(*successor);
                row_weights.push(u64::from(*count));
            }
            push_alias_row(&row_weights, &mut chain.threshold, &mut chain.alias);
        }
        chain.offsets.push(chain.next.len() as u32);
        Chain { lengths: self.lengths, ..chain }
    }
}

/// Learns a [`Model`] from articles, one at a time.
#[derive(Debug, Default)]
pub struct ModelBuilder {
    words: HashMap<String, u32>,
    vocabulary: Vec<String>,
    body: ChainCounts,
    title: ChainCounts,
    sentences_per_article: Vec<u16>,
    sentences_per_paragraph: Vec<u16>,
    bodies: u64,
    bodies_with_trailer: u64,
    seen_sentences: HashSet<u64>,
    tag_sets: HashMap<Vec<String>, u32>,
    tags: TagModel,
}

/// Tag statistics: each list holds one entry per learned article, so sampling one samples the
/// empirical law; places depend on the first topic, people and location on the first place.
#[derive(Debug, Clone, Default)]
struct TagModel {
    /// Interned tag lists; the ids below point here.
    sets: Vec<Vec<String>>,
    topics: Vec<u32>,
    places_by_topic: HashMap<String, Vec<u32>>,
    people_by_place: HashMap<String, Vec<u32>>,
    locations_by_place: HashMap<String, Vec<u32>>,
}

impl ModelBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        ModelBuilder::default()
    }

    /// Learns from one article: its title, body and tags.
    pub fn add(&mut self, article: &Article) {
        if let Some(title) = article.title.as_deref().filter(|title| !title.trim().is_empty()) {
            for sentence in self.sentences_of(title) {
                self.seen_sentences.insert(sentence_hash(&sentence));
                self.title.add_sentence(&sentence);
            }
        }
        let (body, has_trailer) = strip_trailer(&article.body);
        let mut sentences_in_article = 0usize;
        for paragraph in body.split("\n\n").filter(|paragraph| !paragraph.trim().is_empty()) {
            let sentences = self.sentences_of(paragraph);
            if sentences.is_empty() {
                continue;
            }
            self.sentences_per_paragraph.push(sentences.len().min(usize::from(u16::MAX)) as u16);
            sentences_in_article += sentences.len();
            for sentence in &sentences {
                self.seen_sentences.insert(sentence_hash(sentence));
                self.body.add_sentence(sentence);
            }
        }
        self.sentences_per_article.push(sentences_in_article.min(usize::from(u16::MAX)) as u16);
        if sentences_in_article > 0 {
            self.bodies += 1;
            self.bodies_with_trailer += u64::from(has_trailer);
        }
        self.add_tags(article);
    }

    fn add_tags(&mut self, article: &Article) {
        let topics = self.intern_set(&article.topics);
        let places = self.intern_set(&article.places);
        let people = self.intern_set(&article.people);
        let first_topic = article.topics.first().cloned().unwrap_or_default();
        let first_place = article.places.first().cloned().unwrap_or_default();
        self.tags.topics.push(topics);
        self.tags.places_by_topic.entry(first_topic).or_default().push(places);
        self.tags.people_by_place.entry(first_place.clone()).or_default().push(people);
        if let Some(location) = article.location.as_deref().map(str::trim).filter(|location| !location.is_empty()) {
            let location = self.intern_set(&[location.to_string()]);
            self.tags.locations_by_place.entry(first_place).or_default().push(location);
        }
    }

    fn intern_set(&mut self, values: &[String]) -> u32 {
        if let Some(&id) = self.tag_sets.get(values) {
            return id;
        }
        let id = self.tags.sets.len() as u32;
        self.tags.sets.push(values.to_vec());
        self.tag_sets.insert(values.to_vec(), id);
        id
    }

    fn word_id(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.words.get(word) {
            return id;
        }
        let id = self.vocabulary.len() as u32;
        self.vocabulary.push(word.to_string());
        self.words.insert(word.to_string(), id);
        id
    }

    /// The text's sentences as word ids; trailing `,`, `;` and `:` are words of their own, quotes
    /// and brackets are dropped, very long runs (tables) are cut.
    fn sentences_of(&mut self, text: &str) -> Vec<Vec<u32>> {
        let mut sentences = Vec::new();
        let mut current = Vec::new();
        for raw in text.split_whitespace() {
            let word = raw.trim_matches(|c: char| matches!(c, '"' | '(' | ')' | '[' | ']' | '{' | '}' | '<' | '>'));
            let (word, trailing) = match word.char_indices().last() {
                Some((at, ',' | ';' | ':')) => (&word[..at], Some(&word[at..])),
                _ => (word, None),
            };
            let sentence_ends = sentences::token_ends_sentence(word);
            let word = if sentence_ends { word.trim_end_matches(['.', '!', '?']) } else { word };
            if !word.is_empty() {
                current.push(self.word_id(word));
            }
            if let Some(punctuation) = trailing {
                current.push(self.word_id(punctuation));
            }
            if (sentence_ends || current.len() >= MAX_SENTENCE_TOKENS) && !current.is_empty() {
                sentences.push(std::mem::take(&mut current));
            }
        }
        if !current.is_empty() {
            sentences.push(current);
        }
        sentences
    }

    /// The model learned so far.
    pub fn build(self) -> Model {
        let size = self.vocabulary.len();
        let punctuation = self.vocabulary.iter().map(|word| is_punctuation(word)).collect();
        let mut query_terms: Vec<(u32, u64)> = self
            .title
            .unigram
            .iter()
            .filter(|&(&word, _)| is_query_term(&self.vocabulary[word as usize]))
            .map(|(&word, &count)| (word, count))
            .collect();
        query_terms.sort_unstable();
        let query_terms = Distribution::from_counts(query_terms);
        let title = self.title.build(size);
        Model {
            vocabulary: self.vocabulary,
            punctuation,
            body: self.body.build(size),
            title,
            query_terms,
            sentences_per_article: self.sentences_per_article,
            sentences_per_paragraph: self.sentences_per_paragraph,
            trailer_probability: if self.bodies == 0 {
                0.0
            } else {
                self.bodies_with_trailer as f64 / self.bodies as f64
            },
            seen_sentences: self.seen_sentences,
            tags: self.tags,
        }
    }
}

fn is_punctuation(word: &str) -> bool {
    matches!(word, "," | ";" | ":")
}

/// A word worth a query: lowercase letters only, three or more, not a stopword.
fn is_query_term(word: &str) -> bool {
    word.len() >= 3
        && word.chars().all(|c| c.is_ascii_alphabetic())
        && !STOPWORDS.contains(&word.to_ascii_lowercase().as_str())
}

/// The body without its `Reuter` sign-off, and whether it had one.
fn strip_trailer(body: &str) -> (&str, bool) {
    let trimmed = body.trim_end();
    for trailer in ["Reuter", "REUTER"] {
        if let Some(rest) = trimmed.strip_suffix(trailer)
            && (rest.is_empty() || rest.ends_with(char::is_whitespace))
        {
            return (rest, true);
        }
    }
    (body, false)
}

fn sentence_hash(sentence: &[u32]) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    sentence.hash(&mut hasher);
    hasher.finish()
}

/// What was learned from a corpus; build it with [`ModelBuilder`]. An empty model is valid and
/// yields articles with empty text and no tags.
#[derive(Debug, Clone, Default)]
pub struct Model {
    vocabulary: Vec<String>,
    punctuation: Vec<bool>,
    body: Chain,
    title: Chain,
    /// Title words fit for queries, weighted by how often titles use them.
    query_terms: Distribution,
    sentences_per_article: Vec<u16>,
    sentences_per_paragraph: Vec<u16>,
    trailer_probability: f64,
    seen_sentences: HashSet<u64>,
    tags: TagModel,
}

impl Model {
    /// Number of distinct words learned.
    pub fn vocabulary_size(&self) -> usize {
        self.vocabulary.len()
    }

    /// Number of articles learned.
    pub fn articles_learned(&self) -> usize {
        self.sentences_per_article.len()
    }

    fn word(&self, id: u32) -> &str {
        self.vocabulary.get(id as usize).map(String::as_str).unwrap_or_default()
    }

    fn is_punctuation(&self, id: u32) -> bool {
        self.punctuation.get(id as usize).copied().unwrap_or(false)
    }

    /// One sentence of `length` tokens from `chain`, not one the corpus has; ids into `words`.
    fn sentence(&self, chain: &Chain, rng: &mut Rng, words: &mut Vec<u32>) {
        let Some(&length) = rng.pick(&chain.lengths) else {
            return;
        };
        let length = usize::from(length.max(1));
        for _ in 0..SENTENCE_ATTEMPTS {
            words.clear();
            let Some(first) = chain.starts.sample(rng) else {
                return;
            };
            words.push(first);
            while words.len() < length {
                let previous = words[words.len() - 1];
                let follows = if rng.chance(BIGRAM_WEIGHT) { chain.successor(previous, rng) } else { None };
                let Some(word) = follows.or_else(|| chain.unigram.sample(rng)) else {
                    break;
                };
                let doubled_punctuation = self.is_punctuation(word) && self.is_punctuation(previous);
                if !doubled_punctuation {
                    words.push(word);
                }
            }
            while words.len() > 1 && words.last().is_some_and(|&word| self.is_punctuation(word)) {
                words.pop();
            }
            if !self.seen_sentences.contains(&sentence_hash(words)) {
                return;
            }
        }
        // Every attempt was a corpus sentence (short ones are common): change one word.
        let position = rng.below(words.len() as u64) as usize;
        if let Some(word) = chain.unigram.sample(rng).filter(|&word| !self.is_punctuation(word))
            && let Some(slot) = words.get_mut(position)
        {
            *slot = word;
        }
    }

    /// Appends the words, punctuation attached to the word before it.
    fn write_words(&self, words: &[u32], out: &mut String) {
        for (position, &id) in words.iter().enumerate() {
            if position > 0 && !self.is_punctuation(id) {
                out.push(' ');
            }
            out.push_str(self.word(id));
        }
    }

    fn title(&self, rng: &mut Rng, words: &mut Vec<u32>, out: &mut String) {
        self.sentence(&self.title, rng, words);
        self.write_words(words, out);
    }

    fn body(&self, rng: &mut Rng, words: &mut Vec<u32>, out: &mut String) {
        let sentences = rng.pick(&self.sentences_per_article).copied().unwrap_or(0);
        let mut left = usize::from(sentences);
        while left > 0 {
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            let in_paragraph =
                usize::from(rng.pick(&self.sentences_per_paragraph).copied().unwrap_or(1).max(1)).min(left);
            for index in 0..in_paragraph {
                if index > 0 {
                    out.push(' ');
                }
                self.sentence(&self.body, rng, words);
                let start = out.len();
                self.write_words(words, out);
                capitalize_at(out, start);
                out.push('.');
            }
            left -= in_paragraph;
        }
        if !out.is_empty() && rng.chance(self.trailer_probability) {
            out.push_str("\n\nReuter");
        }
    }

    fn tags(&self, rng: &mut Rng, article: &mut GeneratedArticle) {
        let tags = &self.tags;
        let set =
            |id: Option<&u32>| id.and_then(|&id| tags.sets.get(id as usize)).map(Vec::as_slice).unwrap_or_default();
        let topics = set(rng.pick(&tags.topics));
        let first_topic = topics.first().map(String::as_str).unwrap_or_default();
        let places = set(tags.places_by_topic.get(first_topic).and_then(|ids| rng.pick(ids)));
        let first_place = places.first().map(String::as_str).unwrap_or_default();
        let people = set(tags.people_by_place.get(first_place).and_then(|ids| rng.pick(ids)));
        let location = set(tags.locations_by_place.get(first_place).and_then(|ids| rng.pick(ids))).first();
        article.topics.extend(topics.iter().cloned());
        article.places.extend(places.iter().cloned());
        article.people.extend(people.iter().cloned());
        article.location = location.cloned();
    }
}

/// Uppercases the first letter from byte `start` on (sentences drawn mid-chain may start lowercase).
fn capitalize_at(text: &mut String, start: usize) {
    let Some(first) = text.get(start..).and_then(|rest| rest.chars().next()) else {
        return;
    };
    if first.is_lowercase() {
        let upper: String = first.to_uppercase().collect();
        text.replace_range(start..start + first.len_utf8(), &upper);
    }
}

/// One generated article, in the JSON shape newsdex's JSON reader takes.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct GeneratedArticle {
    /// The headline.
    pub title: String,
    /// Paragraphs separated by a blank line.
    pub body: String,
    /// Publication date, inside the generated range.
    pub date: DateTime<Utc>,
    /// The dateline place, `None` when the model knows none for the article's first place.
    pub location: Option<String>,
    /// Places the article is about.
    pub places: Vec<String>,
    /// People the article names.
    pub people: Vec<String>,
    /// Subject topics.
    pub topics: Vec<String>,
    /// The publication, always `newsdex-gen`.
    pub source: String,
}

impl GeneratedArticle {
    fn clear(&mut self) {
        self.title.clear();
        self.body.clear();
        self.location = None;
        self.places.clear();
        self.people.clear();
        self.topics.clear();
    }
}

/// The first instant of generated dates.
pub(crate) fn first_date() -> DateTime<Utc> {
    let (year, month, day) = FIRST_DATE;
    Utc.with_ymd_and_hms(year, month, day, 0, 0, 0).single().unwrap_or_default()
}

/// The instant after the last generated date.
pub(crate) fn end_date() -> DateTime<Utc> {
    let (year, month, day) = FIRST_DATE;
    Utc.with_ymd_and_hms(year + YEARS as i32, month, day, 0, 0, 0).single().unwrap_or_default()
}

/// Generates `count` articles for `seed`, handing each to `write` in turn. Memory does not grow with
/// `count`: one article is built at a time, in reused buffers.
pub fn generate(model: &Model, count: u64, seed: u64, mut write: impl FnMut(&GeneratedArticle)) {
    let start = first_date();
    let span_seconds = (end_date() - start).num_seconds().max(1) as u64;
    let mut article = GeneratedArticle { source: SOURCE.to_string(), ..GeneratedArticle::default() };
    let mut words = Vec::new();
    for index in 0..count {
        let mut rng = Rng::for_item(seed, index);
        article.clear();
        article.date = start + Duration::seconds(rng.below(span_seconds) as i64);
        model.title(&mut rng, &mut words, &mut article.title);
        model.body(&mut rng, &mut words, &mut article.body);
        model.tags(&mut rng, &mut article);
        write(&article);
    }
}

/// One query of a generated log, in the shape of the shared Reuters log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GeneratedQuery {
    /// 1-based.
    pub id: usize,
    /// The query's kind (`term`, `intersection`, `union`, `phrase`, `name`, `filtered`).
    pub kind: &'static str,
    /// The query, in the search syntax.
    pub q: String,
}

/// Generates the query log: [`QUERY_KINDS`] in order, from the model's title words and tags, dates
/// inside the generated range; deterministic for `seed`. Empty when the model has no words.
pub fn generate_queries(model: &Model, seed: u64, mut write: impl FnMut(&GeneratedQuery)) {
    if model.query_terms.values.is_empty() {
        return;
    }
    let mut rng = Rng::new(seed ^ 0x5155_4552_5921);
    let mut id = 0;
    for (kind, count) in QUERY_KINDS {
        for _ in 0..count {
            id += 1;
            let q = match kind {
                "term" => model.query_term(&mut rng),
                "intersection" => format!("+{} +{}", model.query_term(&mut rng), model.query_term(&mut rng)),
                "union" => format!("{} OR {}", model.query_term(&mut rng), model.query_term(&mut rng)),
                "phrase" => format!("\"{}\"", model.query_phrase(&mut rng)),
                "name" => model.query_name(&mut rng),
                _ => format!("{} {}", model.query_term(&mut rng), model.query_filter(&mut rng)),
            };
            write(&GeneratedQuery { id, kind, q });
        }
    }
}

impl Model {
    fn query_term(&self, rng: &mut Rng) -> String {
        self.query_terms.sample(rng).map(|id| self.word(id).to_ascii_lowercase()).unwrap_or_default()
    }

    /// Two words that follow each other in titles, both fit for queries; a term when none is found.
    fn query_phrase(&self, rng: &mut Rng) -> String {
        for _ in 0..50 {
            let Some(first) = self.query_terms.sample(rng) else {
                break;
            };
            let Some(second) = self.title.successor(first, rng) else {
                continue;
            };
            if is_query_term(self.word(second)) {
                return format!("{} {}", self.word(first), self.word(second)).to_ascii_lowercase();
            }
        }
        self.query_term(rng)
    }

    /// A person's last name or a place code, as people search for names.
    fn query_name(&self, rng: &mut Rng) -> String {
        let use_person = rng.chance(0.6);
        let value = if use_person { self.tag_value(rng, Tag::Person) } else { self.tag_value(rng, Tag::Place) };
        match value {
            Some(value) if use_person => value.rsplit(['-', ' ']).next().unwrap_or_default().to_ascii_lowercase(),
            Some(value) => quote_if_spaced(&value.replace('-', " ").to_ascii_lowercase()),
            None => self.query_term(rng),
        }
    }

    /// `topic:`, `place:`, `person:` or a one-week `date:` range, in the shared log's proportions.
    fn query_filter(&self, rng: &mut Rng) -> String {
        let roll = rng.below(200);
        let tag = match roll {
            0..57 => Some(("topic", Tag::Topic)),
            57..113 => Some(("place", Tag::Place)),
            113..149 => Some(("person", Tag::Person)),
            _ => None,
        };
        if let Some((field, tag)) = tag
            && let Some(value) = self.tag_value(rng, tag)
        {
            return format!("{field}:{}", quote_if_spaced(&value.replace('-', " ").to_ascii_lowercase()));
        }
        let start = first_date();
        let days = (end_date() - start).num_days().max(8) as u64;
        let from = start + Duration::days(rng.below(days - 7) as i64);
        let to = from + Duration::days(7);
        format!("date:[{} TO {}]", from.format("%Y-%m-%d"), to.format("%Y-%m-%d"))
    }

    /// One value of a tag, drawn as articles carry it (popular values more often).
    fn tag_value(&self, rng: &mut Rng, tag: Tag) -> Option<String> {
        let tags = &self.tags;
        for _ in 0..50 {
            let id = match tag {
                Tag::Topic => rng.pick(&tags.topics),
                Tag::Place => rng.pick(&tags.topics).and_then(|&topics| {
                    let first = tags.sets.get(topics as usize)?.first().map(String::as_str).unwrap_or_default();
                    rng.pick(tags.places_by_topic.get(first)?)
                }),
                Tag::Person => {
                    let places: Vec<&Vec<u32>> = tags.people_by_place.values().collect();
                    rng.pick(&places).and_then(|ids| rng.pick(ids))
                }
            };
            let values = id.and_then(|&id| tags.sets.get(id as usize));
            if let Some(value) = values.and_then(|values| rng.pick(values)) {
                return Some(value.clone());
            }
        }
        None
    }
}

#[derive(Debug, Clone, Copy)]
enum Tag {
    Topic,
    Place,
    Person,
}

fn quote_if_spaced(value: &str) -> String {
    if value.contains(' ') { format!("\"{value}\"") } else { value.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(title: &str, body: &str, topics: &[&str], places: &[&str], people: &[&str], location: &str) -> Article {
        let strings = |values: &[&str]| values.iter().map(|value| value.to_string()).collect();
        Article {
            title: Some(title.to_string()),
            body: body.to_string(),
            topics: strings(topics),
            places: strings(places),
            people: strings(people),
            location: Some(location.to_string()),
            ..Article::default()
        }
    }

    fn model() -> Model {
        let mut builder = ModelBuilder::new();
        builder.add(&article(
            "BANK OF JAPAN INTERVENES IN MARKET",
            "The Bank of Japan bought dollars in Tokyo, dealers said. The dollar rose to 150 yen.\n\nDealers said the U.S. currency was firm.\n Reuter",
            &["money-fx"],
            &["japan"],
            &[],
            "TOKYO",
        ));
        builder.add(&article(
            "VOLCKER SAYS FED WILL HOLD RATES",
            "Federal Reserve chairman Paul Volcker said the Fed would hold rates. He spoke in Washington.\n\nMarkets rose on the news, traders said.",
            &["interest"],
            &["usa"],
            &["volcker"],
            "WASHINGTON",
        ));
        builder.add(&article(
            "WHEAT EXPORTS RISE",
            "Wheat exports rose 10 pct in March, the ministry said.",
            &["grain", "wheat"],
            &["usa", "ussr"],
            &[],
            "CHICAGO",
        ));
        builder.build()
    }

    fn collect(model: &Model, count: u64, seed: u64) -> Vec<GeneratedArticle> {
        let mut articles = Vec::new();
        generate(model, count, seed, |article| articles.push(article.clone()));
        articles
    }

    #[test]
    fn same_seed_same_articles() {
        let model = model();
        assert_eq!(collect(&model, 50, 7), collect(&model, 50, 7));
        assert_ne!(collect(&model, 50, 7), collect(&model, 50, 8));
    }

    #[test]
    fn articles_have_text_tags_and_dates_in_range() {
        let model = model();
        let articles = collect(&model, 200, 1);
        assert_eq!(articles.len(), 200);
        for article in &articles {
            assert!(!article.title.is_empty(), "{article:?}");
            assert!(!article.body.is_empty(), "{article:?}");
            assert!(!article.topics.is_empty() && !article.places.is_empty(), "{article:?}");
            assert!(article.location.is_some(), "{article:?}");
            assert!(first_date() <= article.date && article.date < end_date(), "{}", article.date);
            assert_eq!(article.source, SOURCE);
        }
        let years: HashSet<i32> = articles.iter().map(|article| chrono::Datelike::year(&article.date)).collect();
        assert!(years.len() >= 8, "dates spread over ten years: {years:?}");
    }

    #[test]
    fn json_has_every_field() {
        let articles = collect(&model(), 1, 3);
        let json = serde_json::to_value(&articles[0]).expect("serializes");
        for field in ["title", "body", "date", "location", "places", "people", "topics", "source"] {
            assert!(json.get(field).is_some(), "{field} missing from {json}");
        }
        let date = json["date"].as_str().expect("date is a string");
        assert!(DateTime::parse_from_rfc3339(date).is_ok(), "{date} is RFC 3339");
    }

    #[test]
    fn tags_keep_their_co_occurrence() {
        let model = model();
        for article in collect(&model, 300, 5) {
            if article.topics.contains(&"money-fx".to_string()) {
                assert_eq!(article.places, ["japan"]);
                assert_eq!(article.location.as_deref(), Some("TOKYO"));
            }
            if !article.people.is_empty() {
                assert_eq!(article.places.first().map(String::as_str), Some("usa"));
            }
        }
    }

    #[test]
    fn empty_model_does_not_panic() {
        let model = ModelBuilder::new().build();
        let articles = collect(&model, 10, 1);
        assert_eq!(articles.len(), 10);
        assert!(articles.iter().all(|article| article.title.is_empty() && article.body.is_empty()));
        let mut queries = Vec::new();
        generate_queries(&model, 1, |query| queries.push(query.clone()));
        assert!(queries.is_empty());
    }

    #[test]
    fn sentences_split_on_periods_not_abbreviations() {
        let mut builder = ModelBuilder::new();
        let sentences = builder.sentences_of("The U.S. dollar rose, dealers said. Mr. Baker left.");
        let words: Vec<Vec<&str>> = sentences
            .iter()
            .map(|sentence| sentence.iter().map(|&id| builder.vocabulary[id as usize].as_str()).collect())
            .collect();
        assert_eq!(
            words,
            [vec!["The", "U.S.", "dollar", "rose", ",", "dealers", "said"], vec!["Mr.", "Baker", "left"]]
        );
    }

    #[test]
    fn query_log_has_the_shared_kinds_and_counts() {
        let model = model();
        let mut queries = Vec::new();
        generate_queries(&model, 9, |query| queries.push(query.clone()));
        assert_eq!(queries.len(), 1000);
        for (kind, count) in QUERY_KINDS {
            assert_eq!(queries.iter().filter(|query| query.kind == kind).count(), count, "{kind}");
        }
        assert!(queries.iter().all(|query| !query.q.trim().is_empty()));
        assert!(queries.iter().filter(|query| query.kind == "intersection").all(|query| query.q.starts_with('+')));
        assert!(queries.iter().filter(|query| query.kind == "phrase").all(|query| query.q.starts_with('"')));
        assert!(queries.iter().any(|query| query.q.contains("date:[")));
        let mut again = Vec::new();
        generate_queries(&model, 9, |query| again.push(query.clone()));
        assert_eq!(queries, again);
    }
}
