//! Passages: a stored text and the analyzed query terms in, sentence-aware fragments with the byte
//! ranges to highlight out.
//!
//! tantivy's `SnippetGenerator` gives one fragment per document and highlights a phrase word by
//! word; here a phrase is one highlight, and up to `max_passages` sentences are picked so that
//! together they show as many distinct query terms as possible. Output is plain data: no HTML, no
//! ANSI; [`render_with`] wraps the ranges with whatever markers the caller wants.
//!
//! One pass over the whole text finds the matches; sentences are split on bytes afterwards, so
//! nothing is tokenized twice. Stemming every word would cost most of the time, so words are split
//! as `SimpleTokenizer` splits them and only a word that can analyze to a query word (same first two
//! lowercase bytes, see [`Prefixes`]) goes through the analyzer; its answer is cached per highlighter.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Mutex;

use serde::{Serialize, Serializer};
use tantivy::tokenizer::{TextAnalyzer, TokenStream};

use crate::sentences;

/// Marks a cut inside a sentence; 3 bytes in UTF-8.
const ELLIPSIS: &str = "…";

/// What to highlight, as analyzed tokens (lowercased and stemmed by the field's analyzer).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HighlightTerms {
    /// Single terms, highlighted wherever a token analyzes to one of them.
    pub terms: Vec<String>,
    /// Phrases, highlighted as one range where their tokens sit at consecutive positions.
    pub phrases: Vec<Vec<String>>,
}

impl HighlightTerms {
    /// True when there is nothing to highlight.
    pub fn is_empty(&self) -> bool {
        self.terms.iter().all(String::is_empty) && self.phrases.iter().all(|phrase| phrase.iter().all(String::is_empty))
    }
}

/// A fragment of a text with the byte ranges (into `text`) to highlight.
///
/// Ranges are sorted, disjoint and on char boundaries; `text` may start or end with `…` where a
/// sentence was cut, and runs of whitespace (line breaks included) are collapsed to one space.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Passage {
    /// The fragment's text.
    pub text: String,
    /// Serialized as `[[start, end], ...]`.
    #[serde(serialize_with = "serialize_ranges")]
    pub highlights: Vec<Range<usize>>,
}

/// Byte ranges as `[[start, end], ...]`, the way [`Passage::highlights`] is written; for other
/// views of highlights.
pub fn serialize_ranges<S: Serializer>(ranges: &[Range<usize>], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(ranges.iter().map(|range| [range.start, range.end]))
}

/// Wraps every highlighted range of `passage` in `open` and `close`, e.g. `<mark>`/`</mark>` or
/// ANSI bold; the rest of the text is copied as is (escaping is the caller's business).
pub fn render_with(passage: &Passage, open: &str, close: &str) -> String {
    let extra = passage.highlights.len() * (open.len() + close.len());
    let mut rendered = String::with_capacity(passage.text.len() + extra);
    let mut copied_up_to = 0;
    for range in &passage.highlights {
        rendered.push_str(&passage.text[copied_up_to..range.start]);
        rendered.push_str(open);
        rendered.push_str(&passage.text[range.clone()]);
        rendered.push_str(close);
        copied_up_to = range.end;
    }
    rendered.push_str(&passage.text[copied_up_to..]);
    rendered
}

/// Index of a query item: a distinct term or a phrase. Coverage is tracked in a `u64`, so items past
/// the 64th share the last bit (they are still highlighted, only counted together).
type ItemId = usize;

/// A phrase counts as much as two terms when scoring sentences.
const PHRASE_WEIGHT: f32 = 2.0;
const TERM_WEIGHT: f32 = 1.0;
/// Above this many distinct words a hash map beats comparing each token with every word.
const LINEAR_LOOKUP_MAX_WORDS: usize = 8;

/// Picks and cuts passages; build once per query, call [`Highlighter::passages`] per hit.
#[derive(Clone)]
pub struct Highlighter {
    analyzer: TextAnalyzer,
    /// Every distinct word of the terms and phrases.
    words: Vec<String>,
    /// `words` by text, only when there are many of them.
    word_ids: Option<HashMap<String, usize>>,
    /// For each word, the item it is as a single term, if it is one.
    term_item_of_word: Vec<Option<ItemId>>,
    /// Each phrase as word ids, with its item.
    phrases: Vec<(Vec<usize>, ItemId)>,
    item_weights: Vec<f32>,
    max_passages: usize,
    fragment_chars: usize,
    /// The first bytes of every word, to skip analyzing words that cannot match; `None` when every
    /// token must go through the analyzer (see [`Highlighter::with_full_analysis`]).
    prefixes: Option<Prefixes>,
    /// Word as written → the query word it analyzes to; filled as texts are highlighted.
    analyzed: AnalyzedCache,
}

/// Which query words a word may analyze to, judged on its first (up to) two bytes, ASCII-lowercased
/// and with `y` read as `i`.
///
/// English Snowball stems keep the first two characters of the word but for `y` ↔ `i` (`vying` →
/// `vie`, `skies` → `sky`), and lowercasing ASCII keeps lengths, so an ASCII word whose key is not a
/// query word's key cannot analyze to it (checked on 2000 Reuters bodies by a test). A stem of one
/// character keeps only the first (`ued` → `u`), so a one-byte query word takes every key with its
/// first byte. Words with other characters are always analyzed.
#[derive(Clone)]
struct Prefixes {
    /// One bit per two-byte key.
    bits: Box<[u64; 1024]>,
}

impl Prefixes {
    /// A word's first (up to) two bytes, lowercased, with `y` read as `i`.
    fn key(bytes: &[u8]) -> usize {
        let fold = |byte: u8| match byte.to_ascii_lowercase() {
            b'y' => b'i',
            lower => lower,
        };
        match bytes {
            [] => 0,
            [first] => usize::from(fold(*first)) << 8,
            [first, second, ..] => (usize::from(fold(*first)) << 8) | usize::from(fold(*second)),
        }
    }

    fn new<'a>(words: impl IntoIterator<Item = &'a str>) -> Self {
        let mut bits = Box::new([0u64; 1024]);
        for word in words {
            let key = Self::key(word.as_bytes());
            let keys = if word.len() < 2 { key..key + 256 } else { key..key + 1 };
            for key in keys {
                bits[key / 64] |= 1 << (key % 64);
            }
        }
        Prefixes { bits }
    }

    /// False only when the ASCII word `word` cannot analyze to any of the words.
    fn may_match(&self, word: &str) -> bool {
        let key = Self::key(word.as_bytes());
        self.bits[key / 64] & (1 << (key % 64)) != 0
    }
}

/// A cache that starts empty in every clone; a mutex keeps the highlighter `Sync`.
#[derive(Default)]
struct AnalyzedCache(Mutex<HashMap<String, Option<usize>>>);

impl Clone for AnalyzedCache {
    fn clone(&self) -> Self {
        AnalyzedCache::default()
    }
}

/// The cache is dropped when it grows past this many words (one query's hits stay far below).
const ANALYZED_CACHE_MAX: usize = 50_000;

/// Calls `found(position, byte range, is ASCII)` for each word as tantivy's `SimpleTokenizer` cuts
/// it: maximal runs of alphanumeric characters, positions counted from 0.
fn for_each_word(text: &str, mut found: impl FnMut(usize, Range<usize>, bool)) {
    let mut position = 0;
    let mut start: Option<usize> = None;
    let mut ascii = true;
    for (offset, character) in text.char_indices() {
        if character.is_alphanumeric() {
            if start.is_none() {
                start = Some(offset);
                ascii = true;
            }
            ascii &= character.is_ascii();
        } else if let Some(word_start) = start.take() {
            found(position, word_start..offset, ascii);
            position += 1;
        }
    }
    if let Some(word_start) = start {
        found(position, word_start..text.len(), ascii);
    }
}

impl Highlighter {
    /// A highlighter for `terms` (analyzed by `analyzer`), giving at most 3 passages of ~200 chars.
    pub fn new(analyzer: TextAnalyzer, terms: HighlightTerms) -> Self {
        let mut highlighter = Highlighter {
            analyzer,
            words: Vec::new(),
            word_ids: None,
            term_item_of_word: Vec::new(),
            phrases: Vec::new(),
            item_weights: Vec::new(),
            max_passages: 3,
            fragment_chars: 200,
            prefixes: None,
            analyzed: AnalyzedCache::default(),
        };
        // Word ids while building: for many words a map, so that a query of thousands of words is
        // not quadratic; for the few words people type, a scan of `words`.
        let most_words = terms.terms.len() + terms.phrases.iter().map(Vec::len).sum::<usize>();
        let mut ids = (most_words > LINEAR_LOOKUP_MAX_WORDS).then(HashMap::new);
        for term in terms.terms.iter().filter(|term| !term.is_empty()) {
            highlighter.add_term(term, &mut ids);
        }
        for phrase in &terms.phrases {
            let words: Vec<&String> = phrase.iter().filter(|word| !word.is_empty()).collect();
            match words.as_slice() {
                [] => {}
                [word] => highlighter.add_term(word, &mut ids),
                _ => highlighter.add_phrase(&words, &mut ids),
            }
        }
        if highlighter.words.len() > LINEAR_LOOKUP_MAX_WORDS {
            let ids = ids
                .unwrap_or_else(|| highlighter.words.iter().enumerate().map(|(id, word)| (word.clone(), id)).collect());
            highlighter.word_ids = Some(ids);
        }
        highlighter.prefixes = Some(Prefixes::new(highlighter.words.iter().map(String::as_str)));
        highlighter
    }

    /// Runs the analyzer over every word of the text instead of only over the words that may match.
    /// Needed when the analyzer does not split words like `SimpleTokenizer`, gives several tokens
    /// for one word, or changes a word's first two characters (other than ASCII lowercasing).
    pub fn with_full_analysis(mut self) -> Self {
        self.prefixes = None;
        self
    }

    /// At most `max_passages` passages per text (at least 1).
    pub fn with_max_passages(mut self, max_passages: usize) -> Self {
        self.max_passages = max_passages.max(1);
        self
    }

    /// Passages of about `fragment_chars` characters (at least 1).
    pub fn with_fragment_chars(mut self, fragment_chars: usize) -> Self {
        self.fragment_chars = fragment_chars.max(1);
        self
    }

    fn word_id_or_insert(&mut self, word: &str, ids: &mut Option<HashMap<String, usize>>) -> usize {
        let known = match ids {
            Some(ids) => ids.get(word).copied(),
            None => self.words.iter().position(|known| known == word),
        };
        if let Some(id) = known {
            return id;
        }
        self.words.push(word.to_string());
        self.term_item_of_word.push(None);
        let id = self.words.len() - 1;
        if let Some(ids) = ids {
            ids.insert(word.to_string(), id);
        }
        id
    }

    fn add_term(&mut self, term: &str, ids: &mut Option<HashMap<String, usize>>) {
        let word_id = self.word_id_or_insert(term, ids);
        if self.term_item_of_word[word_id].is_none() {
            self.term_item_of_word[word_id] = Some(self.item_weights.len());
            self.item_weights.push(TERM_WEIGHT);
        }
    }

    fn add_phrase(&mut self, phrase: &[&String], ids: &mut Option<HashMap<String, usize>>) {
        let word_ids: Vec<usize> = phrase.iter().map(|word| self.word_id_or_insert(word, ids)).collect();
        if self.phrases.iter().any(|(known, _)| *known == word_ids) {
            return;
        }
        self.phrases.push((word_ids, self.item_weights.len()));
        self.item_weights.push(PHRASE_WEIGHT);
    }

    fn word_id(&self, token_text: &str) -> Option<usize> {
        match &self.word_ids {
            Some(word_ids) => word_ids.get(token_text).copied(),
            None => self.words.iter().position(|word| word == token_text),
        }
    }

    /// Every occurrence of a query term or phrase in the whole of `text`, as sorted, disjoint byte
    /// ranges on char boundaries (overlapping occurrences, such as a phrase and one of its words,
    /// are joined): what a reader of the full article sees marked.
    pub fn highlights(&self, text: &str) -> Vec<Range<usize>> {
        let mut joined: Vec<Range<usize>> = Vec::new();
        for hit in self.find_hits(text) {
            match joined.last_mut() {
                Some(last) if hit.range.start <= last.end => last.end = last.end.max(hit.range.end),
                _ => joined.push(hit.range),
            }
        }
        debug_assert!(joined.windows(2).all(|pair| pair[0].end < pair[1].start), "highlights sorted, disjoint");
        joined
    }

    /// The best passages of `text` in document order; one leading passage without highlights when
    /// nothing matches; none for an empty text.
    pub fn passages(&self, text: &str) -> Vec<Passage> {
        let hits = self.find_hits(text);
        let sentences = split_sentences(text, &hits);
        if sentences.is_empty() {
            return Vec::new();
        }
        let hits_of_sentence = hits_per_sentence(&sentences, &hits);
        let mut picker = Picker {
            text,
            hits: &hits,
            sentences: &sentences,
            hits_of_sentence: &hits_of_sentence,
            item_weights: &self.item_weights,
            fragment_chars: self.fragment_chars,
            used: vec![false; sentences.len()],
            covered: 0,
        };
        let mut windows = Vec::with_capacity(self.max_passages);
        while windows.len() < self.max_passages {
            let Some(sentence) = picker.best_sentence() else {
                break;
            };
            windows.push(picker.take_window(sentence));
        }
        if windows.is_empty() {
            windows.push(picker.take_window(0));
        }
        windows.sort_by_key(|window| window.range.start);
        debug_assert!(windows.windows(2).all(|pair| pair[0].range.end <= pair[1].range.start), "passages overlap");
        windows.iter().map(|window| build_passage(text, window, &hits)).collect()
    }

    /// The query word that one word of a text (as `SimpleTokenizer` cuts it) analyzes to.
    fn analyze_word(&self, analyzer: &mut TextAnalyzer, written: &str) -> Option<usize> {
        let mut stream = analyzer.token_stream(written);
        if !stream.advance() {
            return None;
        }
        let word = self.word_id(&stream.token().text);
        debug_assert!(!stream.advance(), "the analyzer split the word {written:?}");
        word
    }

    /// Every term and phrase occurrence, sorted by start (longest first on ties).
    fn find_hits(&self, text: &str) -> Vec<Hit> {
        let mut hits = Vec::new();
        if self.words.is_empty() || text.is_empty() {
            return hits;
        }
        let mut matched_tokens: Vec<MatchedToken> = Vec::new();
        let mut matched = |word: usize, position: usize, range: Range<usize>| {
            if let Some(item) = self.term_item_of_word[word] {
                hits.push(Hit { range: range.clone(), item });
            }
            matched_tokens.push(MatchedToken { word, position, range });
        };
        // Cloning is one small allocation; it keeps `passages(&self)` usable from many threads.
        let mut analyzer = self.analyzer.clone();
        match &self.prefixes {
            Some(prefixes) => {
                let mut cache = self.analyzed.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
                if cache.len() > ANALYZED_CACHE_MAX {
                    cache.clear();
                }
                for_each_word(text, |position, range, ascii| {
                    let written = &text[range.clone()];
                    if ascii && !prefixes.may_match(written) {
                        return;
                    }
                    let word = match cache.get(written) {
                        Some(word) => *word,
                        None => {
                            let word = self.analyze_word(&mut analyzer, written);
                            cache.insert(written.to_string(), word);
                            word
                        }
                    };
                    if let Some(word) = word {
                        matched(word, position, range);
                    }
                });
            }
            None => {
                let mut stream = analyzer.token_stream(text);
                while stream.advance() {
                    let token = stream.token();
                    let Some(word) = self.word_id(&token.text) else {
                        continue;
                    };
                    debug_assert!(text.is_char_boundary(token.offset_from) && text.is_char_boundary(token.offset_to));
                    matched(word, token.position, token.offset_from..token.offset_to);
                }
            }
        }
        if self.phrases.is_empty() {
            return hits;
        }
        // Only query words were kept, so a phrase's tokens are neighbours in `matched_tokens`.
        for (phrase, item) in &self.phrases {
            for window in matched_tokens.windows(phrase.len()) {
                let first = &window[0];
                let is_phrase =
                    window.iter().zip(phrase).enumerate().all(|(offset, (token, word))| {
                        token.word == *word && token.position == first.position + offset
                    });
                if is_phrase {
                    let last = &window[window.len() - 1];
                    hits.push(Hit { range: first.range.start..last.range.end, item: *item });
                }
            }
        }
        hits.sort_unstable_by_key(|hit| (hit.range.start, std::cmp::Reverse(hit.range.end)));
        hits
    }
}

struct MatchedToken {
    word: usize,
    position: usize,
    range: Range<usize>,
}

/// One occurrence of a query item in the source text.
#[derive(Debug, Clone)]
struct Hit {
    range: Range<usize>,
    item: ItemId,
}

fn item_bit(item: ItemId) -> u64 {
    1 << item.min(63)
}

/// A span of the source text that becomes a passage, and whether it cuts a sentence at either end.
#[derive(Debug, Clone, PartialEq)]
struct Window {
    range: Range<usize>,
    cut_start: bool,
    cut_end: bool,
}

/// The greedy choice of passages: the sentence that adds the most uncovered query items wins.
struct Picker<'a> {
    text: &'a str,
    hits: &'a [Hit],
    sentences: &'a [Range<usize>],
    hits_of_sentence: &'a [Range<usize>],
    item_weights: &'a [f32],
    fragment_chars: usize,
    /// Sentences already shown (in part or whole) by a chosen window.
    used: Vec<bool>,
    /// Items shown by the chosen windows.
    covered: u64,
}

impl Picker<'_> {
    fn items_weight(&self, items: u64) -> f32 {
        let mut weight = 0.0;
        let mut remaining = items;
        while remaining != 0 {
            weight += self.item_weights[remaining.trailing_zeros() as usize];
            remaining &= remaining - 1;
        }
        weight
    }

    fn items_of(hits: &[Hit]) -> u64 {
        hits.iter().fold(0, |items, hit| items | item_bit(hit.item))
    }

    /// Score of a group of hits: new items count most, then distinct items, then all matches.
    fn hits_score(&self, hits: &[Hit]) -> f32 {
        let items = Self::items_of(hits);
        let new_weight = self.items_weight(items & !self.covered);
        let total_bonus = 0.1 * hits.len().min(10) as f32;
        10.0 * new_weight + self.items_weight(items) + total_bonus
    }

    fn best_sentence(&self) -> Option<usize> {
        let mut best: Option<(usize, f32)> = None;
        for (sentence, hit_indices) in self.hits_of_sentence.iter().enumerate() {
            if self.used[sentence] || hit_indices.is_empty() {
                continue;
            }
            let early_bonus = 0.5 / (1 + sentence) as f32;
            let score = self.hits_score(&self.hits[hit_indices.clone()]) + early_bonus;
            if best.is_none_or(|(_, best_score)| score > best_score) {
                best = Some((sentence, score));
            }
        }
        best.map(|(sentence, _)| sentence)
    }

    fn chars(&self, range: Range<usize>) -> usize {
        self.text[range].chars().count()
    }

    /// The window shown for `sentence`: the sentence with whole neighbours while they fit, or a cut
    /// of it around its best matches when it is too long. Marks what it shows as used and covered.
    fn take_window(&mut self, sentence: usize) -> Window {
        let budget = self.fragment_chars;
        let sentence_range = self.sentences[sentence].clone();
        let window = if self.chars(sentence_range.clone()) > budget {
            self.used[sentence] = true;
            self.cut_long_sentence(sentence)
        } else {
            self.extend_with_neighbours(sentence)
        };
        let shown_hits =
            self.hits.iter().filter(|hit| window.range.start <= hit.range.start && hit.range.end <= window.range.end);
        self.covered |= shown_hits.fold(0, |items, hit| items | item_bit(hit.item));
        window
    }

    fn extend_with_neighbours(&mut self, sentence: usize) -> Window {
        let budget = self.fragment_chars;
        let (mut first, mut last) = (sentence, sentence);
        loop {
            let mut extended = false;
            let next = last + 1;
            if next < self.sentences.len()
                && !self.used[next]
                && self.chars(self.sentences[first].start..self.sentences[next].end) <= budget
            {
                last = next;
                extended = true;
            }
            if first > 0
                && !self.used[first - 1]
                && self.chars(self.sentences[first - 1].start..self.sentences[last].end) <= budget
            {
                first -= 1;
                extended = true;
            }
            if !extended {
                break;
            }
        }
        self.used[first..=last].fill(true);
        let mut window =
            Window { range: self.sentences[first].start..self.sentences[last].end, cut_start: false, cut_end: false };
        // A short passage borrows the start of the next sentence, unless that sentence has matches
        // of its own and may still become a passage.
        let shown = self.chars(window.range.clone());
        let next = last + 1;
        let room = budget.saturating_sub(shown);
        if shown < budget / 2
            && room >= 30
            && next < self.sentences.len()
            && !self.used[next]
            && self.hits_of_sentence[next].is_empty()
        {
            let next_range = self.sentences[next].clone();
            let cut = cut_around(self.text, next_range.clone(), next_range.start..next_range.start, room);
            if cut.range.end > next_range.start && !cut.cut_start {
                self.used[next] = true;
                window.range.end = cut.range.end;
                window.cut_end = cut.cut_end;
            }
        }
        window
    }

    /// A window inside a sentence longer than the budget, around its densest group of matches.
    fn cut_long_sentence(&self, sentence: usize) -> Window {
        let sentence_range = self.sentences[sentence].clone();
        let hits = &self.hits[self.hits_of_sentence[sentence].clone()];
        let mut core = sentence_range.start..sentence_range.start;
        let mut best_score = f32::MIN;
        for first in 0..hits.len() {
            let mut end = hits[first].range.end;
            let mut last = first;
            while last + 1 < hits.len()
                && hits[last + 1].range.end.max(end) - hits[first].range.start <= self.fragment_chars
            {
                last += 1;
                end = end.max(hits[last].range.end);
            }
            let score = self.hits_score(&hits[first..=last]);
            if score > best_score {
                best_score = score;
                core = hits[first].range.start..end;
            }
        }
        cut_around(self.text, sentence_range, core, self.fragment_chars)
    }
}

/// A window of about `budget` chars inside `bounds`, containing `core`, cut at word boundaries.
fn cut_around(text: &str, bounds: Range<usize>, core: Range<usize>, budget: usize) -> Window {
    let room = budget.saturating_sub(text[core.clone()].chars().count());
    let mut start = retreat_chars(text, core.start, room / 2, bounds.start);
    let before = text[start..core.start].chars().count();
    let end = advance_chars(text, core.end, room - before, bounds.end);
    let after = text[core.end..end].chars().count();
    let leftover = room - before - after;
    if leftover > 0 {
        start = retreat_chars(text, start, leftover, bounds.start);
    }
    let start = snap_start(text, start, bounds.start, core.start);
    let mut end = snap_end(text, end, bounds.end, core.end.max(start));
    if end <= start {
        // Only punctuation before the first space: show up to that space rather than nothing.
        end = text[start..bounds.end]
            .find(char::is_whitespace)
            .filter(|&space| space > 0)
            .map_or(bounds.end, |space| start + space);
    }
    Window { range: start..end, cut_start: start > bounds.start, cut_end: end < bounds.end }
}

/// The byte index `count` chars before `from`, not before `floor`.
fn retreat_chars(text: &str, from: usize, count: usize, floor: usize) -> usize {
    if count == 0 {
        return from;
    }
    text[floor..from].char_indices().rev().take(count).last().map_or(from, |(index, _)| floor + index)
}

/// The byte index `count` chars after `from`, not after `ceiling`.
fn advance_chars(text: &str, from: usize, count: usize, ceiling: usize) -> usize {
    text[from..ceiling].char_indices().nth(count).map_or(ceiling, |(index, _)| from + index)
}

/// Punctuation that reads badly right next to a `…`.
fn is_dangling(c: char) -> bool {
    c.is_whitespace() || matches!(c, ',' | ';' | ':' | '-' | '–' | '—' | '(' | ')' | '“' | '”' | '‘' | '’' | '"' | '/')
}

/// Moves a cut start to a word start: forward if that stays before `limit`, else backward.
fn snap_start(text: &str, start: usize, floor: usize, limit: usize) -> usize {
    if start <= floor {
        return floor;
    }
    let at_word_start = text[..start].chars().next_back().is_some_and(char::is_whitespace);
    let mut snapped = if at_word_start {
        start
    } else if let Some(space) = text[start..limit].find(char::is_whitespace) {
        start + space
    } else {
        text[floor..start].rfind(char::is_whitespace).map_or(floor, |space| floor + space)
    };
    while snapped < limit
        && let Some(c) = text[snapped..].chars().next()
        && is_dangling(c)
    {
        snapped += c.len_utf8();
    }
    snapped
}

/// Moves a cut end to a word end: backward if that stays after `limit`, else forward.
fn snap_end(text: &str, end: usize, ceiling: usize, limit: usize) -> usize {
    if end >= ceiling {
        return ceiling;
    }
    let at_word_end = text[end..].chars().next().is_some_and(char::is_whitespace);
    let mut snapped = if at_word_end {
        end
    } else if let Some(space) = text[limit..end].rfind(char::is_whitespace).filter(|&space| space > 0) {
        limit + space
    } else {
        text[end..ceiling].find(char::is_whitespace).map_or(ceiling, |space| end + space)
    };
    while snapped > limit
        && let Some(c) = text[..snapped].chars().next_back()
        && is_dangling(c)
    {
        snapped -= c.len_utf8();
    }
    snapped
}

/// Sentences as trimmed byte ranges, in order. A boundary inside a hit (a phrase running over a
/// full stop) is not a boundary, so every hit lies inside one sentence.
fn split_sentences(text: &str, hits: &[Hit]) -> Vec<Range<usize>> {
    let mut hits_before = 0;
    let mut hits_reach = 0;
    sentences::split_where(text, |end| {
        while hits_before < hits.len() && hits[hits_before].range.start < end {
            hits_reach = hits_reach.max(hits[hits_before].range.end);
            hits_before += 1;
        }
        hits_reach <= end
    })
}

/// For each sentence, the indices of the hits that start in it.
fn hits_per_sentence(sentences: &[Range<usize>], hits: &[Hit]) -> Vec<Range<usize>> {
    let mut next_hit = 0;
    sentences
        .iter()
        .map(|sentence| {
            while next_hit < hits.len() && hits[next_hit].range.start < sentence.start {
                next_hit += 1;
            }
            let first = next_hit;
            while next_hit < hits.len() && hits[next_hit].range.start < sentence.end {
                next_hit += 1;
            }
            first..next_hit
        })
        .collect()
}

/// The passage for `window`: its text with whitespace runs collapsed and `…` at cut ends, and the
/// hits inside it merged and moved to the new offsets.
fn build_passage(text: &str, window: &Window, hits: &[Hit]) -> Passage {
    let mut source_ranges: Vec<Range<usize>> = Vec::new();
    for hit in hits.iter().filter(|hit| window.range.start <= hit.range.start && hit.range.end <= window.range.end) {
        match source_ranges.last_mut() {
            Some(last) if hit.range.start < last.end => last.end = last.end.max(hit.range.end),
            _ => source_ranges.push(hit.range.clone()),
        }
    }
    let shown = &text[window.range.clone()];
    let mut passage_text = String::with_capacity(shown.len() + 2 * ELLIPSIS.len());
    if window.cut_start {
        passage_text.push_str(ELLIPSIS);
    }
    let prefix = passage_text.len();
    // (source offset, bytes removed before it): whitespace runs become one space.
    let mut removals: Vec<(usize, usize)> = Vec::new();
    let mut removed = 0;
    let mut copied_up_to = 0;
    let bytes = shown.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        if !bytes[index].is_ascii_whitespace() {
            index += 1;
            continue;
        }
        let run_start = index;
        while index < bytes.len() && bytes[index].is_ascii_whitespace() {
            index += 1;
        }
        if index - run_start > 1 || bytes[run_start] != b' ' {
            passage_text.push_str(&shown[copied_up_to..run_start]);
            passage_text.push(' ');
            copied_up_to = index;
            removed += index - run_start - 1;
            removals.push((window.range.start + index, removed));
        }
    }
    passage_text.push_str(&shown[copied_up_to..]);
    if window.cut_end {
        passage_text.push_str(ELLIPSIS);
    }
    let removed_before = |offset: usize| {
        let later = removals.partition_point(|&(position, _)| position <= offset);
        if later == 0 { 0 } else { removals[later - 1].1 }
    };
    let to_passage = |offset: usize| prefix + offset - window.range.start - removed_before(offset);
    let highlights: Vec<Range<usize>> =
        source_ranges.iter().map(|range| to_passage(range.start)..to_passage(range.end)).collect();
    debug_assert!(highlights.windows(2).all(|pair| pair[0].end <= pair[1].start), "highlights sorted, disjoint");
    debug_assert!(
        highlights
            .iter()
            .all(|range| passage_text.is_char_boundary(range.start) && passage_text.is_char_boundary(range.end))
    );
    Passage { text: passage_text, highlights }
}

#[cfg(test)]
mod tests {
    use tantivy::tokenizer::{Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer};

    use super::*;

    fn en_stem() -> TextAnalyzer {
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(Stemmer::new(Language::English))
            .build()
    }

    fn terms(terms: &[&str], phrases: &[&[&str]]) -> HighlightTerms {
        HighlightTerms {
            terms: terms.iter().map(|term| term.to_string()).collect(),
            phrases: phrases.iter().map(|phrase| phrase.iter().map(|word| word.to_string()).collect()).collect(),
        }
    }

    fn highlighter(term_list: &[&str], phrases: &[&[&str]]) -> Highlighter {
        Highlighter::new(en_stem(), terms(term_list, phrases))
    }

    #[test]
    fn highlights_mark_every_occurrence_in_the_whole_text_joining_overlaps() {
        let text = "Money supply rose. The supply of money fell. Später: money supply, again. ".repeat(20);
        let found = highlighter(&["suppli"], &[&["money", "suppli"]]).highlights(&text);
        let marked: Vec<&str> = found.iter().map(|range| &text[range.clone()]).collect();
        // Per repetition: the phrase twice (its word `supply` inside it joined to it), `supply` once.
        assert_eq!(marked.len(), 60, "{marked:?}");
        assert_eq!(&marked[..3], ["Money supply", "supply", "money supply"]);
        assert!(found.windows(2).all(|pair| pair[0].end < pair[1].start));
        assert!(highlighter(&["absent"], &[]).highlights(&text).is_empty());
    }

    /// The highlighted strings of all passages, in order.
    fn highlighted(passages: &[Passage]) -> Vec<&str> {
        passages
            .iter()
            .flat_map(|passage| passage.highlights.iter().map(|range| &passage.text[range.clone()]))
            .collect()
    }

    #[track_caller]
    fn assert_highlights(highlighter: &Highlighter, text: &str, expected: &[&str]) {
        let passages = highlighter.passages(text);
        assert_valid(&passages);
        assert_eq!(highlighted(&passages), expected, "passages: {passages:#?}");
    }

    /// Every range on char boundaries, inside its passage, sorted and disjoint; passages non-empty.
    #[track_caller]
    fn assert_valid(passages: &[Passage]) {
        for passage in passages {
            assert!(!passage.text.is_empty(), "empty passage");
            for range in &passage.highlights {
                assert!(range.start < range.end && range.end <= passage.text.len(), "{range:?} out of {passage:?}");
                assert!(
                    passage.text.is_char_boundary(range.start) && passage.text.is_char_boundary(range.end),
                    "{range:?} in {passage:?}"
                );
            }
            assert!(passage.highlights.windows(2).all(|pair| pair[0].end <= pair[1].start), "{passage:?}");
        }
    }

    #[test]
    fn term_offsets_after_non_ascii() {
        let text = "In Zürich the café — “bank” rates rose; the bank’s rates fell 😀 bank.";
        assert_highlights(&highlighter(&["bank"], &[]), text, &["bank", "bank", "bank"]);
        assert_highlights(&highlighter(&["zürich", "café"], &[]), text, &["Zürich", "café"]);
    }

    #[test]
    fn stemmed_term_matches_inflections() {
        let text = "Defence ministers met. They discussed the defences of the region.";
        assert_highlights(&highlighter(&["defenc"], &[]), text, &["Defence", "defences"]);
    }

    #[test]
    fn phrase_is_one_highlight_and_lone_words_are_not() {
        let text = "The defence budget grew. A new Defence Framework was signed. The framework is long.";
        assert_highlights(&highlighter(&[], &[&["defenc", "framework"]]), text, &["Defence Framework"]);
    }

    #[test]
    fn phrase_word_also_a_term_is_highlighted_alone_too() {
        let text = "The defence budget grew. A new Defence Framework was signed.";
        assert_highlights(
            &highlighter(&["budget"], &[&["defenc", "framework"]]),
            text,
            &["budget", "Defence Framework"],
        );
        let overlapping = highlighter(&["framework"], &[&["defenc", "framework"]]);
        assert_highlights(&overlapping, "A new Defence Framework was signed.", &["Defence Framework"]);
    }

    #[test]
    fn phrase_across_sentence_boundary() {
        let text = "Spending on defence. Framework talks begin next week in Brussels.";
        let passages = highlighter(&[], &[&["defenc", "framework"]]).passages(text);
        assert_valid(&passages);
        assert_eq!(highlighted(&passages), ["defence. Framework"]);
    }

    #[test]
    fn phrase_across_line_break_collapses_whitespace() {
        let text = "They signed a Defence\n   Framework in Kuala Lumpur.";
        assert_highlights(&highlighter(&[], &[&["defenc", "framework"]]), text, &["Defence Framework"]);
    }

    #[test]
    fn one_word_phrase_is_a_term() {
        assert_highlights(&highlighter(&[], &[&["cocoa"]]), "Cocoa prices rose.", &["Cocoa"]);
    }

    #[test]
    fn three_passages_cover_distinct_terms() {
        let filler = "Nothing of interest happens in this sentence at all, it only pads the text out. ";
        let text = format!(
            "Cocoa cocoa cocoa prices rose. {filler}{filler}Cocoa again. {filler}{filler}Coffee output fell. \
             {filler}{filler}Cocoa once more. {filler}{filler}Sugar quotas were cut. {filler}"
        );
        let passages = highlighter(&["cocoa", "coffe", "sugar"], &[]).with_fragment_chars(60).passages(&text);
        assert_valid(&passages);
        assert_eq!(passages.len(), 3);
        let mut words: Vec<String> = highlighted(&passages).iter().map(|word| word.to_lowercase()).collect();
        words.dedup();
        assert_eq!(words, ["cocoa", "coffee", "sugar"], "{passages:#?}");
        let starts: Vec<usize> =
            passages.iter().map(|passage| text.find(passage.text.trim_matches('…')).unwrap()).collect();
        assert!(starts.windows(2).all(|pair| pair[0] < pair[1]), "document order: {starts:?}");
    }

    #[test]
    fn passages_do_not_overlap() {
        let text = "Cocoa rose. Cocoa fell. Cocoa rose again. Cocoa was flat. Cocoa ended the week higher.";
        let passages = highlighter(&["cocoa"], &[]).with_fragment_chars(30).with_max_passages(5).passages(text);
        assert_valid(&passages);
        let mut last_end = 0;
        for passage in &passages {
            let start =
                text[last_end..].find(passage.text.trim_matches('…')).expect("passage is source text") + last_end;
            last_end = start + passage.text.trim_matches('…').len();
        }
        assert_eq!(highlighted(&passages).len(), 5);
    }

    #[test]
    fn long_sentence_is_cut_around_match_at_word_boundaries() {
        let words: Vec<String> = (0..80).map(|index| format!("wörd{index}")).collect();
        let mut text = words.join(" ");
        text.insert_str(text.find("wörd40").unwrap(), "target ");
        text.push('.');
        let passages = highlighter(&["target"], &[]).passages(&text);
        assert_valid(&passages);
        let [passage] = passages.as_slice() else { panic!("one passage: {passages:?}") };
        assert!(passage.text.starts_with('…') && passage.text.ends_with('…'), "{passage:?}");
        assert_eq!(&passage.text[passage.highlights[0].clone()], "target");
        let inner = passage.text.trim_matches('…');
        assert!(text.contains(inner), "cut at word boundaries: {inner}");
        assert!(inner.starts_with("wörd") && inner.ends_with(|c: char| c.is_ascii_digit()), "{inner}");
        let chars = passage.text.chars().count();
        assert!((170..=230).contains(&chars), "~200 chars, got {chars}");
        assert!(passage.highlights[0].start >= ELLIPSIS.len());
    }

    #[test]
    fn short_sentence_extended_with_neighbours() {
        let text = "Markets were calm. Cocoa rose. Traders cited the weather. Prices of many other goods did not move at all during a week in which nothing else happened either and this goes on.";
        let passages = highlighter(&["cocoa"], &[]).with_fragment_chars(80).passages(text);
        assert_valid(&passages);
        assert_eq!(passages.len(), 1);
        assert!(
            passages[0].text.starts_with("Markets were calm. Cocoa rose. Traders cited the weather."),
            "{passages:?}"
        );
    }

    #[test]
    fn no_match_gives_leading_text() {
        let text = "Showers continued throughout the week in the Bahia cocoa zone, alleviating the drought since early January and improving prospects for the coming temporao, although normal humidity levels have not been restored, Comissaria Smith said in its weekly review. The dry period means the temporao will be late this year.";
        for highlighter in [highlighter(&["coffe"], &[]), highlighter(&[], &[])] {
            let passages = highlighter.passages(text);
            let [passage] = passages.as_slice() else { panic!("one passage: {passages:?}") };
            assert!(passage.highlights.is_empty());
            assert!(passage.text.starts_with("Showers continued") && passage.text.ends_with("…"), "{passage:?}");
            assert!(text.starts_with(passage.text.trim_end_matches('…')));
            assert!((150..=205).contains(&passage.text.chars().count()), "{passage:?}");
        }
        let short = highlighter(&["coffe"], &[]).passages("Cocoa rose. Sugar fell.");
        assert_eq!(short, [Passage { text: "Cocoa rose. Sugar fell.".into(), highlights: vec![] }]);
    }

    #[test]
    fn empty_text_gives_no_passage() {
        assert!(highlighter(&["cocoa"], &[]).passages("").is_empty());
        assert!(highlighter(&["cocoa"], &[]).passages(" \n\n ").is_empty());
    }

    #[test]
    fn sentences_skip_abbreviations_and_decimals() {
        let text = "Mr. Smith of Acme Corp. met Dr. J. Doe in the U.S. on Jan. 5 at 5.93 mln. \"Fine,\" he said! Next? Yes… Then\n\nA new paragraph";
        let sentences: Vec<&str> = split_sentences(text, &[]).into_iter().map(|range| &text[range]).collect();
        assert_eq!(
            sentences,
            [
                "Mr. Smith of Acme Corp. met Dr. J. Doe in the U.S. on Jan. 5 at 5.93 mln.",
                "\"Fine,\" he said!",
                "Next?",
                "Yes…",
                "Then",
                "A new paragraph"
            ]
        );
    }

    #[test]
    fn render_wraps_ranges() {
        let passage = Passage { text: "…the café rose".into(), highlights: vec![Range { start: 7, end: 12 }] };
        assert_eq!(render_with(&passage, "<b>", "</b>"), "…the <b>café</b> rose");
        assert_eq!(serde_json::to_string(&passage).unwrap(), r#"{"text":"…the café rose","highlights":[[7,12]]}"#);
    }

    #[test]
    fn seed_article_phrase() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpora/seeds/000_0a08bd7476022494.txt");
        let text = std::fs::read_to_string(path).expect("seed article");
        let passages = highlighter(&[], &[&["defenc", "framework"]]).passages(&text);
        assert_valid(&passages);
        assert!(!passages.is_empty());
        let words = highlighted(&passages);
        assert!(words.contains(&"Defence Framework"), "{passages:#?}");
        assert!(words.iter().all(|word| *word == "Defence Framework"), "{words:?}");
        let mixed = highlighter(&["hegseth", "asean"], &[&["defenc", "framework"]]).passages(&text);
        assert_valid(&mixed);
        let mixed_words: Vec<String> = highlighted(&mixed).iter().map(|word| word.to_lowercase()).collect();
        for expected in ["defence framework", "hegseth", "asean"] {
            assert!(mixed_words.iter().any(|word| word == expected), "{expected} in {mixed:#?}");
        }
    }

    #[test]
    fn random_inputs_keep_ranges_on_char_boundaries() {
        let pieces = [
            "Zürich", "café", "—", "’s", "😀", "cocoa", "Cocoa", "rose", ".", ". ", "! ", "? ", "… ", "\n\n", "\n",
            " ", "  ", "Mr.", "U.S.", "\"", "“", "”", "sugar", "coffee", "naïve", "5.93", "a", "B", ",", "(", ")",
        ];
        let phrases: &[&[&str]] = &[&["cocoa", "rose"], &["sugar", "coffe"]];
        let highlighters = [
            highlighter(&["cocoa", "zürich", "café"], phrases),
            highlighter(&["s", "a"], phrases).with_fragment_chars(15).with_max_passages(4),
            highlighter(&[], phrases).with_fragment_chars(1),
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..400 {
            let mut text = String::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let length = (seed % 120) as usize;
            for _ in 0..length {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(pieces[(seed % pieces.len() as u64) as usize]);
                if seed.is_multiple_of(3) {
                    text.push(' ');
                }
            }
            for highlighter in &highlighters {
                let passages = highlighter.passages(&text);
                assert_valid(&passages);
                assert!(passages.len() <= highlighter.max_passages);
                assert_eq!(passages.is_empty(), text.trim().is_empty(), "{text:?}");
                for word in highlighted(&passages) {
                    let first = word.split(|c: char| !c.is_alphanumeric()).next().unwrap().to_lowercase();
                    assert!(
                        ["cocoa", "zürich", "café", "s", "a", "sugar"].contains(&first.as_str()),
                        "{word:?} in {text:?}"
                    );
                }
            }
        }
    }

    /// Bodies of the first `count` Reuters articles that have one.
    fn reuters_bodies(count: usize) -> Vec<String> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpora/reuters21578");
        let mut bodies = Vec::new();
        for number in 0..22 {
            let sgml = std::fs::read(format!("{dir}/reut2-{number:03}.sgm")).expect("reuters file");
            let sgml = String::from_utf8_lossy(&sgml);
            for piece in sgml.split("<BODY>").skip(1) {
                bodies.push(piece[..piece.find("</BODY>").unwrap_or(piece.len())].to_string());
                if bodies.len() == count {
                    return bodies;
                }
            }
        }
        bodies
    }

    fn analyzed(text: &str) -> Vec<String> {
        let mut analyzer = en_stem();
        let mut stream = analyzer.token_stream(text);
        let mut tokens = Vec::new();
        while stream.advance() {
            tokens.push(stream.token().text.clone());
        }
        tokens
    }

    #[test]
    fn prefixes_never_drop_a_word_that_analyzes_to_a_query_word() {
        let mut checked = 0;
        for body in reuters_bodies(2000) {
            let mut analyzer = en_stem();
            let mut stream = analyzer.token_stream(&body);
            while stream.advance() {
                let token = stream.token();
                let written = &body[token.offset_from..token.offset_to];
                if written.is_ascii() {
                    assert!(Prefixes::new([token.text.as_str()]).may_match(written), "{written:?} → {:?}", token.text);
                    checked += 1;
                }
            }
        }
        assert!(checked > 100_000, "{checked} words");
    }

    #[test]
    fn regression_one_letter_stem_of_a_longer_word() {
        // `ued` stems to `u`: its key `ue` is not the key of `u`, so the shortcut skipped it.
        for (written, stem) in [("ued", "u"), ("aed", "a"), ("oing", "o")] {
            assert_eq!(analyzed(written), [stem]);
            assert!(Prefixes::new([stem]).may_match(written), "{written:?} → {stem:?}");
            let text = format!("KRAKÓW — {written} was said.");
            let highlighter = highlighter(&[stem], &[]);
            assert_eq!(highlighter.passages(&text), highlighter.clone().with_full_analysis().passages(&text));
            assert_highlights(&highlighter, &text, &[written]);
        }
    }

    #[test]
    fn prefiltered_passages_equal_fully_analyzed_ones_on_reuters() {
        let bodies = reuters_bodies(400);
        for (number, body) in bodies.iter().enumerate() {
            // Query words from this body and from another one, single and as phrases.
            let own = analyzed(body);
            let other = analyzed(&bodies[(number * 7 + 3) % bodies.len()]);
            let pick = |tokens: &[String], at: usize| tokens.get(at % tokens.len().max(1)).cloned().unwrap_or_default();
            let term_list = [pick(&own, number), pick(&own, number * 3 + 1), pick(&other, number), "s".to_string()];
            let phrase: Vec<String> = own.iter().skip(number % own.len().max(1)).take(2).cloned().collect();
            let query = HighlightTerms { terms: term_list.to_vec(), phrases: vec![phrase] };
            let fast = Highlighter::new(en_stem(), query.clone());
            let full = Highlighter::new(en_stem(), query.clone()).with_full_analysis();
            assert_eq!(fast.passages(body), full.passages(body), "{query:?}");
            // Twice: the second call answers from the cache.
            assert_eq!(fast.passages(body), full.passages(body), "{query:?}");
        }
    }

    #[test]
    fn highlighter_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Highlighter>();
    }

    /// `cargo test --release --lib highlight::tests::bench_reuters_body -- --ignored --nocapture`
    #[test]
    #[ignore = "timing; run in release"]
    fn bench_reuters_body() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpora/reuters21578/reut2-000.sgm");
        let sgml = std::fs::read(path).expect("reuters file");
        let sgml = String::from_utf8_lossy(&sgml);
        let body_start = sgml.find("<BODY>").unwrap() + "<BODY>".len();
        let body = &sgml[body_start..body_start + sgml[body_start..].find("</BODY>").unwrap()];
        let cut = (0..=1024.min(body.len())).rev().find(|&index| body.is_char_boundary(index)).unwrap();
        let text = &body[..cut];
        let highlighter = highlighter(&["cocoa", "bahia"], &[]);
        let expected = highlighter.passages(text);
        assert!(!highlighted(&expected).is_empty());
        let rounds = 20_000;
        let started = std::time::Instant::now();
        for _ in 0..rounds {
            assert_eq!(std::hint::black_box(highlighter.passages(std::hint::black_box(text))).len(), expected.len());
        }
        let per_document = started.elapsed() / rounds;
        // Where the time goes: the analyzer alone, and everything but stemming.
        let time_tokens = |analyzer: TextAnalyzer| {
            let started = std::time::Instant::now();
            let mut count = 0;
            for _ in 0..rounds {
                let mut analyzer_copy = analyzer.clone();
                let mut stream = analyzer_copy.token_stream(std::hint::black_box(text));
                while stream.advance() {
                    count += stream.token().text.len();
                }
            }
            assert!(count > 0);
            started.elapsed() / rounds
        };
        println!("en_stem tokens only: {:?}", time_tokens(en_stem()));
        let lower = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .build();
        println!("lowercased tokens only: {:?}", time_tokens(lower.clone()));
        let unstemmed = Highlighter::new(lower, terms(&["cocoa", "bahia"], &[]));
        let started = std::time::Instant::now();
        for _ in 0..rounds {
            assert_eq!(std::hint::black_box(unstemmed.passages(std::hint::black_box(text))).len(), expected.len());
        }
        println!("passages with lowercased tokens: {:?}", started.elapsed() / rounds);
        println!("{} bytes, {} passages: {per_document:?} per document", text.len(), expected.len());
        for passage in &expected {
            println!("  {}", render_with(passage, "[", "]"));
        }
    }
}
