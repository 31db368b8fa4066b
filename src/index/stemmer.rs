//! The English stemmer of tantivy's [`Stemmer`](tantivy::tokenizer::Stemmer) filter, remembering
//! its answers while an index is written.
//!
//! Stemming was ~16% of the CPU time of indexing Reuters-21578 (the Snowball English algorithm
//! runs on every word of every title and body), yet news text repeats its words: a few tens of
//! thousands of distinct words make up almost all of it. [`MemoStemmer`] gives the same tokens as
//! tantivy's filter (same `frostem` algorithm, tested below on every word of the bundled corpus)
//! and looks a word up before stemming it. Each writer thread's analyzer has its own memo, empty
//! when the analyzer is cloned (tantivy clones one per field and segment), bounded by
//! [`MAX_WORDS`]. Search keeps tantivy's filter: a query stems a handful of words, and filling a
//! memo would cost it allocations.

use std::collections::HashMap;

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// The stemmer of the English text analyzer ([`super::schema::text_analyzer`]): Snowball English,
/// the algorithm of tantivy's `Stemmer::new(Language::English)`, for code that stems words one by
/// one (this memo, story features, "did you mean").
pub(crate) fn english() -> frostem::Stemmer {
    frostem::Stemmer::new(frostem::Algorithm::English)
}

/// Words remembered by one analyzer; past this, new words are stemmed without being remembered.
/// At most ~4 MB a memo (words are at most 40 bytes, see the text analyzer).
pub(crate) const MAX_WORDS: usize = 50_000;

/// Token filter: Snowball English stemming, as tantivy's `Stemmer::new(Language::English)`.
#[derive(Clone, Copy)]
pub(crate) struct MemoStemmer;

impl TokenFilter for MemoStemmer {
    type Tokenizer<T: Tokenizer> = MemoStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> MemoStemmerFilter<T> {
        MemoStemmerFilter { inner: tokenizer, memo: Memo::default() }
    }
}

/// Stems remembered by word.
#[derive(Default)]
struct Memo {
    stems: HashMap<Box<str>, Box<str>>,
}

impl Clone for Memo {
    /// A clone starts empty: memos are per thread, and copying one would cost more than it saves.
    fn clone(&self) -> Self {
        Memo::default()
    }
}

#[derive(Clone)]
pub(crate) struct MemoStemmerFilter<T> {
    inner: T,
    memo: Memo,
}

impl<T: Tokenizer> Tokenizer for MemoStemmerFilter<T> {
    type TokenStream<'a> = MemoStemmerTokenStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        MemoStemmerTokenStream { tail: self.inner.token_stream(text), stemmer: english(), memo: &mut self.memo }
    }
}

pub(crate) struct MemoStemmerTokenStream<'a, T> {
    tail: T,
    stemmer: frostem::Stemmer,
    memo: &'a mut Memo,
}

impl<T: TokenStream> TokenStream for MemoStemmerTokenStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if let Some(stem) = self.memo.stems.get(token.text.as_str()) {
            if **stem != *token.text {
                token.text.clear();
                token.text.push_str(stem);
            }
            return true;
        }
        let stem = self.stemmer.stem(&token.text).into_owned();
        if self.memo.stems.len() < MAX_WORDS {
            self.memo.stems.insert(token.text.as_str().into(), stem.as_str().into());
        }
        token.text = stem;
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use tantivy::tokenizer::{SimpleTokenizer, TextAnalyzer};

    use super::*;
    use crate::index::schema::{text_analyzer, writing_text_analyzer};

    fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<Token> {
        let mut stream = analyzer.token_stream(text);
        let mut tokens = Vec::new();
        while stream.advance() {
            tokens.push(stream.token().clone());
        }
        tokens
    }

    /// Every file of the bundled corpus, twice through the same analyzers (the second time from the
    /// memo): the same tokens, positions and offsets as tantivy's stemmer.
    #[test]
    fn same_tokens_as_tantivys_stemmer_on_the_corpus() {
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let mut plain = text_analyzer();
        let mut memo = writing_text_analyzer();
        let mut words = 0;
        for entry in walkdir::WalkDir::new(&corpus).into_iter().flatten().filter(|entry| entry.file_type().is_file()) {
            let Ok(text) = std::fs::read_to_string(entry.path()) else { continue };
            for _ in 0..2 {
                let expected = tokens(&mut plain, &text);
                assert_eq!(tokens(&mut memo, &text), expected, "{}", entry.path().display());
                words += expected.len();
            }
        }
        assert!(words > 10_000, "the corpus gave only {words} words");
    }

    #[test]
    fn a_full_memo_still_stems() {
        let mut filter = MemoStemmer.transform(SimpleTokenizer::default());
        let mut plain = text_analyzer();
        let text: String = (0..MAX_WORDS + 100).map(|n| format!("walk{n}ing ")).collect();
        let mut stems = Vec::new();
        let mut stream = filter.token_stream(&text);
        while stream.advance() {
            stems.push(stream.token().text.clone());
        }
        let expected: Vec<String> = tokens(&mut plain, &text).into_iter().map(|token| token.text).collect();
        assert_eq!(stems, expected);
        assert_eq!(filter.memo.stems.len(), MAX_WORDS);
        assert_eq!(stems[MAX_WORDS + 50], format!("walk{}", MAX_WORDS + 50), "stemmed past the memo's end");
    }
}
