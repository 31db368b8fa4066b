//! "Did you mean": corrections of a query that finds little, made from the index's own words.
//!
//! A query is looked at word by word, in place, so that its syntax and filters stay as typed: the
//! words of text clauses (`inflaton`, `title:inflaton`, `"kaula lumpur"`) are looked up in title
//! and body, the words of tag filters (`person:volker`) in that tag's field; excluded words, field
//! names, operators, date ranges and words with digits are left alone. A word that no article has,
//! or one so rare that a close word is [`MORE_FREQUENT`] times as common, gets candidates:
//!
//! - **From the term dictionary.** Each index segment's term dictionary is intersected with a
//!   Levenshtein automaton of the word (tantivy's `FuzzyTermQuery::automaton`, transpositions
//!   costing one edit; at most [`max_edits`] edits), the way tantivy's own fuzzy query streams it.
//! - **Stems become words.** Title and body hold stems (`inflation` is `inflat`), and a stem is
//!   shorter than the word it comes from, so the word typed is also matched by its prefixes (up to
//!   [`PREFIX_CUT`] characters shorter): `inflaion` reaches `inflat` through `inflai`. The
//!   prefixes' automata run in step over one walk of the body's dictionary (a title's words are
//!   nearly always in its body, so titles are not walked). A stem is shown as a word read from the
//!   stored text of a few articles that have it (the spelling there closest to what was typed:
//!   `company` rather than `companies` for `compnay`). Tag fields hold whole lowercased words
//!   already.
//! - **Ranked** by `ln(articles) − EDIT_COST × edits − FIRST_LETTER_COST` (when the first letter
//!   differs), edits counted between the word typed and the word shown (optimal string alignment:
//!   insertions, deletions, substitutions and swaps of neighbours).
//!
//! The query with each misspelt word replaced by its best candidate is the first suggestion; the
//! next ones take one word's second-best candidate. [`super::Searcher`] keeps those that find more
//! articles than the query did.

use std::collections::HashMap;
use std::ops::Range;

use tantivy::query::{DfaWrapper, FuzzyTermQuery};
use tantivy::schema::{Field, IndexRecordOption, TantivyDocument, Value};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocAddress, DocSet, TERMINATED, Term};
use tantivy_fst::Automaton;

use super::segment_cache::SegmentCache;
use super::summary::SummaryReader;
use crate::error::{Error, Result};
use crate::index::schema::{self, Fields};
use crate::query::{KEYWORDS, WordsOf, words_of};

/// A search with fewer hits than this gets suggestions.
pub const SUGGEST_BELOW: usize = 3;
/// A word that some articles have is still corrected when a candidate is in this many times as many.
pub(crate) const MORE_FREQUENT: u64 = 20;
/// A word in this many articles is taken as meant, not looked at: a search of such words that finds
/// little is too narrow (often by its filters), not misspelt, and looking costs a few milliseconds.
const COMMON: u64 = 10;
/// What one edit costs in the ranking, against the natural log of a candidate's article count: a
/// word one edit further away must be in e^2.5 ≈ 12 times as many articles to rank first.
const EDIT_COST: f64 = 2.5;
/// What a different first letter costs: people rarely mistype the first letter.
const FIRST_LETTER_COST: f64 = 1.5;
/// How many characters shorter than the word typed a prefix matched against stems may be.
const PREFIX_CUT: usize = 3;
/// Candidate stems shown as words (each costs reading a few stored articles).
const STEMS_SURFACED: usize = 8;
/// Articles read to find the words a stem stands for.
const ARTICLES_READ: usize = 5;
/// Candidates kept per word, best first.
const CANDIDATES_KEPT: usize = 3;
/// Whole-query suggestions built (before [`super::Searcher`] checks that they find articles).
pub(crate) const QUERIES_BUILT: usize = 4;

/// The most edits a correction of a word of `chars` characters may make: none below 3, one up
/// to 5, else two (as common spellers allow).
pub(crate) fn max_edits(chars: usize) -> usize {
    match chars {
        0..=2 => 0,
        3..=5 => 1,
        _ => 2,
    }
}

/// One word of a query that may be corrected: where it stands and where it is looked up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct QueryWord {
    /// Byte range in the query (char boundaries: found by `char_indices`).
    pub range: Range<usize>,
    /// Where its words are.
    pub words_of: WordsOf,
    /// The whole `field:value` clause it belongs to, for a tag filter (checked alone before its
    /// words are corrected: `place:usa` is an alias, not a misspelling).
    pub clause: Option<Range<usize>>,
}

/// The words of `query` that may be corrected, in order: words of text clauses and of tag filters;
/// not field names, operators (`AND`, `OR`, `NOT`), excluded words (`-word`, `-"a phrase"`),
/// date ranges, words with digits or words too short to correct.
pub(crate) fn query_words(query: &str) -> Vec<QueryWord> {
    let characters: Vec<(usize, char)> = query.char_indices().collect();
    let byte_at = |index: usize| characters.get(index).map_or(query.len(), |(byte, _)| *byte);
    let mut words = Vec::new();
    let mut at = 0;
    // Inside quotes: where the words go, and whether the quote is excluded.
    let mut quoted: Option<(WordsOf, bool, Option<Range<usize>>)> = None;
    // After `field:` until the next space (or the end of its quote).
    let mut field_value: Option<(WordsOf, Option<Range<usize>>)> = None;
    // An item starting with `-`: excluded until the next space (or its quote's end).
    let mut excluded = false;
    while at < characters.len() {
        let (_, character) = characters[at];
        if character == '"' {
            match quoted.take() {
                Some(_) => {
                    field_value = None;
                    excluded = false;
                }
                None => {
                    let (words_of, clause) = field_value.clone().unwrap_or((WordsOf::Text, None));
                    quoted = Some((words_of, excluded, clause));
                }
            }
            at += 1;
            continue;
        }
        if quoted.is_none() {
            if character.is_whitespace() || character == '(' || character == ')' {
                field_value = None;
                excluded = false;
                at += 1;
                continue;
            }
            if character == '-' && field_value.is_none() && starts_item(&characters, at) {
                excluded = true;
                at += 1;
                continue;
            }
            if character == '[' || character == '{' {
                // A range: skip to its end.
                while at < characters.len() && !matches!(characters[at].1, ']' | '}') {
                    at += 1;
                }
                at += 1;
                continue;
            }
        }
        if !character.is_alphanumeric() {
            at += 1;
            continue;
        }
        let start = at;
        while at < characters.len() && characters[at].1.is_alphanumeric() {
            at += 1;
        }
        let range = byte_at(start)..byte_at(at);
        let word = &query[range.clone()];
        let is_field_name = quoted.is_none() && field_value.is_none() && characters.get(at).is_some_and(|c| c.1 == ':');
        if is_field_name {
            at += 1;
            let words_of = words_of(word);
            let clause_end = clause_end(&characters, at);
            let clause = matches!(words_of, WordsOf::Tag(_)).then(|| byte_at(start)..byte_at(clause_end));
            field_value = Some((words_of, clause));
            continue;
        }
        let (words_of, item_excluded, clause) = match (&quoted, &field_value) {
            (Some((words_of, excluded, clause)), _) => (*words_of, *excluded, clause.clone()),
            (None, Some((words_of, clause))) => (*words_of, excluded, clause.clone()),
            (None, None) => (WordsOf::Text, excluded, None),
        };
        let is_operator = quoted.is_none() && (KEYWORDS.contains(&word) || word == "TO");
        let correctable = !item_excluded
            && !is_operator
            && words_of != WordsOf::Nothing
            && !word.chars().any(|c| c.is_numeric())
            && max_edits(word.chars().count()) > 0;
        if correctable {
            words.push(QueryWord { range, words_of, clause });
        }
    }
    words
}

/// Whether the character at `at` begins an item: the query's start, or after a space or `(`.
fn starts_item(characters: &[(usize, char)], at: usize) -> bool {
    at == 0 || characters.get(at - 1).is_some_and(|(_, c)| c.is_whitespace() || *c == '(')
}

/// Where a `field:` value starting at `at` ends: after its closing quote, or at the next space.
fn clause_end(characters: &[(usize, char)], at: usize) -> usize {
    let mut end = at;
    if characters.get(at).is_some_and(|c| c.1 == '"') {
        end += 1;
        while end < characters.len() && characters[end].1 != '"' {
            end += 1;
        }
        return (end + 1).min(characters.len());
    }
    while end < characters.len() && !characters[end].1.is_whitespace() && characters[end].1 != ')' {
        end += 1;
    }
    end
}

/// A correction of one word.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Candidate {
    /// The word to show, lowercased (the case typed is put back when the query is rebuilt).
    pub word: String,
    /// Articles that have it (in their body, for a word of text).
    pub articles: u64,
    /// Edits between it and the word typed.
    pub edits: usize,
    /// Its ranking score (higher is better).
    pub score: f64,
}

/// Finds corrections of words from one index.
pub(crate) struct Speller<'a> {
    searcher: &'a tantivy::Searcher,
    cache: &'a SegmentCache,
    fields: Fields,
    text_analyzer: TextAnalyzer,
    tag_analyzer: TextAnalyzer,
    /// The words of [`schema::text_analyzer`] before stemming, for the articles read.
    words_analyzer: TextAnalyzer,
    /// Its stemmer, run on the words of an article that may have the stem looked for.
    stemmer: frostem::Stemmer,
    /// The text of the articles read for [`Self::word_of_stem`], by article and field: read once
    /// however many stems need it (a frequent stem's first articles are every frequent stem's).
    articles_read: HashMap<(DocAddress, Field), String>,
}

impl<'a> Speller<'a> {
    /// A speller of the index `searcher` reads.
    pub fn new(searcher: &'a tantivy::Searcher, cache: &'a SegmentCache, fields: Fields) -> Self {
        Speller {
            searcher,
            cache,
            fields,
            text_analyzer: schema::text_analyzer(),
            tag_analyzer: schema::tag_analyzer(),
            words_analyzer: schema::words_analyzer(),
            stemmer: crate::index::stemmer::english(),
            articles_read: HashMap::new(),
        }
    }

    /// The best corrections of `word` (as typed) looked up in `words_of`, best first; empty when
    /// the word is common enough or nothing close is.
    pub fn candidates(&mut self, word: &str, words_of: WordsOf) -> Result<Vec<Candidate>> {
        let typed = word.to_lowercase();
        let allowed = max_edits(typed.chars().count());
        if allowed == 0 {
            return Ok(Vec::new());
        }
        let mut candidates = match words_of {
            WordsOf::Nothing => return Ok(Vec::new()),
            WordsOf::Text => self.text_candidates(&typed, allowed)?,
            WordsOf::Tag(field_name) => {
                let Some(field) = self.tag_field(field_name) else { return Ok(Vec::new()) };
                self.tag_candidates(&typed, field, allowed)?
            }
        };
        candidates.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.word.cmp(&b.word)));
        candidates.truncate(CANDIDATES_KEPT);
        Ok(candidates)
    }

    fn tag_field(&self, name: &str) -> Option<Field> {
        let fields = self.fields;
        [
            (schema::PLACES, fields.places),
            (schema::PEOPLE, fields.people),
            (schema::ORGS, fields.orgs),
            (schema::COMPANIES, fields.companies),
            (schema::TOPICS, fields.topics),
            (schema::LOCATION, fields.location),
            (schema::SOURCE, fields.source),
            (schema::AUTHORS, fields.authors),
        ]
        .into_iter()
        .find(|(known, _)| *known == name)
        .map(|(_, field)| field)
    }

    /// Candidates for a word of a tag filter: the field's terms are whole words already.
    fn tag_candidates(&mut self, typed: &str, field: Field, allowed: usize) -> Result<Vec<Candidate>> {
        let analyzed = schema::analyzed_words(typed, &mut self.tag_analyzer);
        let [folded] = analyzed.as_slice() else { return Ok(Vec::new()) };
        let own = self.articles_with(field, folded)?;
        if own >= COMMON {
            return Ok(Vec::new());
        }
        let terms = self.fuzzy_terms(field, &[(folded.clone(), allowed)])?;
        let mut candidates = Vec::new();
        for (term, articles) in terms {
            if term == *folded || articles < MORE_FREQUENT.saturating_mul(own).max(1) {
                continue;
            }
            let edits = edit_distance(folded, &term);
            if edits <= allowed {
                candidates.push(candidate(folded, term, articles, edits));
            }
        }
        Ok(candidates)
    }

    /// Candidates for a word of text: stems near the word or its prefixes, shown as words.
    ///
    /// A stem found through a prefix is guessed to stand for itself followed by the rest of what
    /// was typed (`inflat` through `inflai` of `inflaion`: `inflaton`); a guess the stemmer turns
    /// back into the stem (`modest` for `modset`, `trade` + `s` for `traes`) is a likely word, and
    /// such stems are looked at first: a short prefix alone is near many frequent stems. Only
    /// words read in articles are suggested; guesses only choose which stems to read.
    fn text_candidates(&mut self, typed: &str, allowed: usize) -> Result<Vec<Candidate>> {
        let analyzed = schema::analyzed_words(typed, &mut self.text_analyzer);
        let [stem] = analyzed.as_slice() else { return Ok(Vec::new()) };
        let own = self.articles_with(self.fields.body, stem)?.max(self.articles_with(self.fields.title, stem)?);
        if own >= COMMON {
            return Ok(Vec::new());
        }
        let characters: Vec<char> = typed.chars().collect();
        // stem → (articles with it in their body, the best guess of the word it stands for)
        let mut stems: HashMap<String, (u64, Guess)> = HashMap::new();
        let shortest = characters.len().saturating_sub(PREFIX_CUT).max(3);
        // Longest first, each with its edits, matched in one walk of the body's term dictionary
        // (a title's words are nearly always in its body: walking titles too found next to nothing).
        let prefixes: Vec<(String, usize)> = (shortest..=characters.len())
            .rev()
            .map(|length| (characters[..length].iter().collect(), allowed.min(max_edits(length))))
            .collect();
        for (term, articles) in self.fuzzy_terms(self.fields.body, &prefixes)? {
            for (prefix, prefix_edits) in &prefixes {
                if edit_distance(prefix, &term) > *prefix_edits {
                    continue;
                }
                let rest: String = characters[prefix.chars().count()..].iter().collect();
                let word = format!("{term}{rest}");
                let stems_back = schema::analyzed_words(&word, &mut self.text_analyzer) == [term.as_str()];
                let guess = Guess { stems_back, edits: edit_distance(typed, &word), word };
                let entry = stems.entry(term.clone()).or_insert((0, guess.clone()));
                entry.0 = entry.0.max(articles);
                if guess.better_than(&entry.1) {
                    entry.1 = guess;
                }
            }
        }
        stems.remove(stem);
        let threshold = MORE_FREQUENT.saturating_mul(own).max(1);
        let mut ranked: Vec<(String, u64, Guess)> = stems
            .into_iter()
            .filter(|(_, (articles, guess))| *articles >= threshold && guess.edits <= allowed)
            .map(|(term, (articles, guess))| (term, articles, guess))
            .collect();
        ranked.sort_by(|a, b| {
            let score =
                |(_, articles, guess): &(String, u64, Guess)| rank_score(typed, &guess.word, *articles, guess.edits);
            b.2.stems_back.cmp(&a.2.stems_back).then(score(b).total_cmp(&score(a))).then_with(|| a.0.cmp(&b.0))
        });
        ranked.truncate(STEMS_SURFACED);
        let mut candidates: Vec<Candidate> = Vec::new();
        for (term, articles, _) in ranked {
            let Some(word) = self.word_of_stem(&term, typed)? else { continue };
            let edits = edit_distance(typed, &word);
            if edits == 0 || edits > allowed || candidates.iter().any(|known| known.word == word) {
                continue;
            }
            candidates.push(candidate(typed, word, articles, edits));
        }
        Ok(candidates)
    }

    /// Articles that have `text` in `field` (deleted ones included until segments merge).
    fn articles_with(&self, field: Field, text: &str) -> Result<u64> {
        self.searcher
            .doc_freq(&Term::from_field_text(field, text))
            .map_err(|source| Error::tantivy("cannot count a word's articles", source))
    }

    /// The terms of `field` within some `(word, allowed edits)` of `words` (at most
    /// [`PREFIX_CUT`]` + 1`), with the articles that have each, over all segments: one walk of each
    /// segment's term dictionary with the words' automata in step, each built once.
    fn fuzzy_terms(&self, field: Field, words: &[(String, usize)]) -> Result<HashMap<String, u64>> {
        let failed = |source| Error::tantivy("cannot read the term dictionary", source);
        let automata = words
            .iter()
            .map(|(word, allowed)| {
                let distance = u8::try_from(*allowed).unwrap_or(2).min(2);
                FuzzyTermQuery::new(Term::from_field_text(field, word), distance, true).automaton().map_err(failed)
            })
            .collect::<Result<Vec<DfaWrapper>>>()?;
        let any_of = AnyOf::new(automata);
        let mut found: HashMap<String, u64> = HashMap::new();
        for segment in self.searcher.segment_readers() {
            let inverted = segment.inverted_index(field).map_err(failed)?;
            let mut stream = inverted
                .terms()
                .search(&any_of)
                .into_stream()
                .map_err(|source| failed(tantivy::TantivyError::from(source)))?;
            while stream.advance() {
                let Ok(term) = std::str::from_utf8(stream.key()) else { continue };
                *found.entry(term.to_string()).or_default() += u64::from(stream.value().doc_freq);
            }
        }
        Ok(found)
    }

    /// The word `stem` stands for, read from the stored text of a few articles that have it: of the
    /// words there with that stem, the one closest to `typed`, then the most frequent.
    fn word_of_stem(&mut self, stem: &str, typed: &str) -> Result<Option<String>> {
        let failed = |source| Error::tantivy("cannot read an article's words", source);
        let mut words: HashMap<String, usize> = HashMap::new();
        for field in [self.fields.body, self.fields.title] {
            let term = Term::from_field_text(field, stem);
            let mut addresses = Vec::new();
            for (segment_ord, segment) in (0..).zip(self.searcher.segment_readers()) {
                let inverted = segment.inverted_index(field).map_err(failed)?;
                let Some(mut postings) =
                    inverted.read_postings(&term, IndexRecordOption::Basic).map_err(|source| failed(source.into()))?
                else {
                    continue;
                };
                while postings.doc() != TERMINATED && addresses.len() < ARTICLES_READ {
                    addresses.push(DocAddress::new(segment_ord, postings.doc()));
                    postings.advance();
                }
                if addresses.len() >= ARTICLES_READ {
                    break;
                }
            }
            let mut summaries = SummaryReader::new(self.searcher, self.cache);
            // A word's stem begins with its first letter (tested below), so only words that do
            // are stemmed: stemming every word of the articles read was most of this function.
            let first = stem.chars().next();
            for address in addresses {
                let key = (address, field);
                if !self.articles_read.contains_key(&key) {
                    let text = if field == self.fields.body {
                        let document: TantivyDocument = self.searcher.doc(address).map_err(failed)?;
                        document
                            .get_first(self.fields.body)
                            .and_then(|value| value.as_str())
                            .unwrap_or_default()
                            .to_string()
                    } else {
                        summaries.get(address)?.fields()?.title.unwrap_or_default().to_string()
                    };
                    self.articles_read.insert(key, text);
                }
                let text = self.articles_read.get(&key).map_or("", String::as_str);
                let mut stream = self.words_analyzer.token_stream(text);
                while let Some(token) = stream.next() {
                    if token.text.chars().next() == first
                        && self.stemmer.stem(&token.text) == stem
                        && let Some(surface) = text.get(token.offset_from..token.offset_to)
                    {
                        *words.entry(surface.to_lowercase()).or_default() += 1;
                    }
                }
            }
            if !words.is_empty() {
                break;
            }
        }
        let best = words.into_iter().min_by(|a, b| {
            let edits = |word: &str| edit_distance(typed, word);
            edits(&a.0).cmp(&edits(&b.0)).then(b.1.cmp(&a.1)).then_with(|| a.0.cmp(&b.0))
        });
        Ok(best.map(|(word, _)| word))
    }
}

/// Levenshtein automata run in step: a term matches when one of them matches it, so one walk of a
/// term dictionary finds what a walk per automaton would, visiting the nodes they share once.
struct AnyOf {
    automata: Vec<DfaWrapper>,
}

/// The most automata an [`AnyOf`] runs: one per prefix of a word.
const AUTOMATA: usize = PREFIX_CUT + 1;

impl AnyOf {
    fn new(mut automata: Vec<DfaWrapper>) -> Self {
        debug_assert!(automata.len() <= AUTOMATA, "{} automata", automata.len());
        automata.truncate(AUTOMATA);
        AnyOf { automata }
    }
}

impl Automaton for AnyOf {
    /// The state of each automaton (those past `automata.len()` unused).
    type State = [u32; AUTOMATA];

    fn start(&self) -> Self::State {
        let mut state = [0; AUTOMATA];
        for (slot, automaton) in state.iter_mut().zip(&self.automata) {
            *slot = automaton.start();
        }
        state
    }

    fn is_match(&self, state: &Self::State) -> bool {
        self.automata.iter().zip(state).any(|(automaton, state)| automaton.is_match(state))
    }

    fn can_match(&self, state: &Self::State) -> bool {
        self.automata.iter().zip(state).any(|(automaton, state)| automaton.can_match(state))
    }

    fn accept(&self, state: &Self::State, byte: u8) -> Self::State {
        let mut next = *state;
        for (slot, automaton) in next.iter_mut().zip(&self.automata) {
            *slot = automaton.accept(slot, byte);
        }
        next
    }
}

/// A guess at the word a stem found through a prefix stands for.
#[derive(Debug, Clone)]
struct Guess {
    /// The stem and the rest of what was typed.
    word: String,
    /// Whether the stemmer turns `word` back into the stem.
    stems_back: bool,
    /// Edits between `word` and what was typed.
    edits: usize,
}

impl Guess {
    fn better_than(&self, other: &Guess) -> bool {
        (self.stems_back, std::cmp::Reverse(self.edits)) > (other.stems_back, std::cmp::Reverse(other.edits))
    }
}

/// A candidate with its ranking score.
fn candidate(typed: &str, word: String, articles: u64, edits: usize) -> Candidate {
    let score = rank_score(typed, &word, articles, edits);
    Candidate { word, articles, edits, score }
}

/// `ln(articles) − EDIT_COST × edits − FIRST_LETTER_COST` when the first letters differ.
fn rank_score(typed: &str, word: &str, articles: u64, edits: usize) -> f64 {
    let first_letter_differs = typed.chars().next() != word.chars().next();
    (articles.max(1) as f64).ln()
        - EDIT_COST * edits as f64
        - if first_letter_differs { FIRST_LETTER_COST } else { 0.0 }
}

/// Edits between `a` and `b` in characters: insertions, deletions, substitutions and swaps of two
/// neighbours (optimal string alignment), as the automaton counts them.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    // Three rows: two back (for swaps), the previous and the current.
    let mut before: Vec<usize> = vec![0; width];
    let mut previous: Vec<usize> = (0..width).collect();
    let mut current: Vec<usize> = vec![0; width];
    for i in 1..=a.len() {
        current[0] = i;
        for j in 1..=b.len() {
            let substitution = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (previous[j] + 1).min(current[j - 1] + 1).min(previous[j - 1] + substitution);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(before[j - 2] + 1);
            }
            current[j] = best;
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// `word` in the case of `typed`: all capitals, a capital first letter, or lowercase.
pub(crate) fn in_case_of(typed: &str, word: &str) -> String {
    let letters: Vec<char> = typed.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
        return word.to_uppercase();
    }
    if typed.chars().next().is_some_and(char::is_uppercase) {
        let mut characters = word.chars();
        return characters.next().map(|first| first.to_uppercase().chain(characters).collect()).unwrap_or_default();
    }
    word.to_string()
}

/// The query with the words at `replacements` (sorted, disjoint byte ranges) replaced.
pub(crate) fn rewrite(query: &str, replacements: &[(Range<usize>, String)]) -> String {
    let mut rewritten = String::with_capacity(query.len() + 8);
    let mut at = 0;
    for (range, word) in replacements {
        debug_assert!(range.start >= at, "replacements sorted and disjoint");
        rewritten.push_str(query.get(at..range.start).unwrap_or_default());
        rewritten.push_str(word);
        at = range.end;
    }
    rewritten.push_str(query.get(at..).unwrap_or_default());
    rewritten
}

/// Whole-query corrections: the best candidate of every corrected word, then each word in turn
/// with its next candidates; at most [`QUERIES_BUILT`], without repeats.
pub(crate) fn whole_queries(query: &str, corrected: &[(Range<usize>, Vec<Candidate>)]) -> Vec<String> {
    let corrected: Vec<&(Range<usize>, Vec<Candidate>)> =
        corrected.iter().filter(|(_, candidates)| !candidates.is_empty()).collect();
    if corrected.is_empty() {
        return Vec::new();
    }
    let with_choice = |choices: &[usize]| -> String {
        let replacements: Vec<(Range<usize>, String)> = corrected
            .iter()
            .zip(choices)
            .map(|((range, candidates), choice)| {
                let typed = query.get(range.clone()).unwrap_or_default();
                (range.clone(), in_case_of(typed, &candidates[*choice].word))
            })
            .collect();
        rewrite(query, &replacements)
    };
    let best = vec![0; corrected.len()];
    let mut queries = vec![with_choice(&best)];
    for (at, (_, candidates)) in corrected.iter().enumerate() {
        for choice in 1..candidates.len() {
            let mut choices = best.clone();
            choices[at] = choice;
            let built = with_choice(&choices);
            if !queries.contains(&built) {
                queries.push(built);
            }
        }
    }
    queries.truncate(QUERIES_BUILT);
    queries
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn words(query: &str) -> Vec<(&str, WordsOf)> {
        query_words(query).into_iter().map(|word| (&query[word.range], word.words_of)).collect()
    }

    /// What [`Speller::word_of_stem`] relies on to stem few words: on every word of the bundled
    /// corpus, the stem of the text analyzer begins with the word's first character.
    #[test]
    fn a_stem_begins_with_its_words_first_letter() {
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let (mut words, mut stems) = (schema::words_analyzer(), schema::text_analyzer());
        let mut checked = 0;
        for entry in walkdir::WalkDir::new(&corpus).into_iter().flatten().filter(|entry| entry.file_type().is_file()) {
            let Ok(text) = std::fs::read_to_string(entry.path()) else { continue };
            let (word_list, stem_list) =
                (schema::analyzed_words(&text, &mut words), schema::analyzed_words(&text, &mut stems));
            assert_eq!(word_list.len(), stem_list.len(), "{}", entry.path().display());
            for (word, stem) in word_list.iter().zip(&stem_list) {
                assert_eq!(word.chars().next(), stem.chars().next(), "{word} → {stem}");
                checked += 1;
            }
        }
        for (word, stem) in [("dying", "die"), ("skies", "sky"), ("ugly", "ugli"), ("yelling", "yell")] {
            assert_eq!(schema::analyzed_words(word, &mut stems), [stem]);
        }
        assert!(checked > 10_000, "the corpus gave only {checked} words");
    }

    #[test]
    fn edits_count_swaps_as_one() {
        assert_eq!(edit_distance("volker", "volcker"), 1);
        assert_eq!(edit_distance("kaula", "kuala"), 1);
        assert_eq!(edit_distance("inflaion", "inflation"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("zürich", "zurich"), 1);
        assert_eq!(edit_distance("abc", "abc"), 0);
        assert_eq!(edit_distance("ca", "abc"), 3, "optimal string alignment, not full Damerau");
    }

    #[test]
    fn words_of_text_and_tag_filters_are_corrected_not_syntax() {
        assert_eq!(
            words(r#"volker "kaula lumpur""#),
            [("volker", WordsOf::Text), ("kaula", WordsOf::Text), ("lumpur", WordsOf::Text)]
        );
        assert_eq!(
            words("person:volker title:inflaton"),
            [("volker", WordsOf::Tag(schema::PEOPLE)), ("inflaton", WordsOf::Text)]
        );
        assert_eq!(
            words(r#"place:"kaula lumpur" -brazl oil"#),
            [("kaula", WordsOf::Tag(schema::PLACES)), ("lumpur", WordsOf::Tag(schema::PLACES)), ("oil", WordsOf::Text)]
        );
        assert_eq!(
            words("coffee OR cocoa date:[1987-03 TO 1987-04] lang:en -\"big deal\" g7 at"),
            [("coffee", WordsOf::Text), ("cocoa", WordsOf::Text)]
        );
        assert_eq!(
            words("(cofee OR cocoa) +prics"),
            [("cofee", WordsOf::Text), ("cocoa", WordsOf::Text), ("prics", WordsOf::Text)]
        );
        let clause = query_words(r#"oil place:"kaula lumpur""#)[1].clause.clone().expect("a tag clause");
        assert_eq!(&r#"oil place:"kaula lumpur""#[clause], r#"place:"kaula lumpur""#);
        assert!(query_words("é\"").is_empty() && query_words("\"").is_empty() && query_words("[").is_empty());
    }

    #[test]
    fn corrections_keep_the_query_and_its_case() {
        let query = r#"Volker place:"kaula lumpur" -brazil"#;
        let words = query_words(query);
        let found = |word: &str| vec![Candidate { word: word.to_string(), articles: 9, edits: 1, score: 1.0 }];
        let corrected = vec![(words[0].range.clone(), found("volcker")), (words[1].range.clone(), found("kuala"))];
        assert_eq!(whole_queries(query, &corrected), [r#"Volcker place:"kuala lumpur" -brazil"#]);
        assert_eq!(in_case_of("OPEC", "opec"), "OPEC");
        assert_eq!(in_case_of("x", "ÿes"), "ÿes");
        assert_eq!(in_case_of("Élan", "élan"), "Élan");
    }

    #[test]
    fn second_choices_make_more_suggestions() {
        let query = "cofee prics";
        let words = query_words(query);
        let two = |first: &str, second: &str| {
            [first, second].map(|word| Candidate { word: word.into(), articles: 1, edits: 1, score: 0.0 }).to_vec()
        };
        let corrected =
            vec![(words[0].range.clone(), two("coffee", "cofe")), (words[1].range.clone(), two("prices", "pricks"))];
        assert_eq!(whole_queries(query, &corrected), ["coffee prices", "cofe prices", "coffee pricks"]);
        assert!(whole_queries(query, &[]).is_empty());
    }
}
