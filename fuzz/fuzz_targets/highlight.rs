//! Query terms and a text: the input up to the first NUL is the terms (words split on whitespace,
//! phrases on `|`), the rest is the text to highlight.

#![no_main]

use libfuzzer_sys::fuzz_target;
use newsdex::highlight::{HighlightTerms, Highlighter};
use newsdex::index::schema;

fuzz_target!(|input: &str| {
    let (terms_part, text) = input.split_once('\0').unwrap_or(("", input));
    let mut analyzer = schema::text_analyzer();
    let mut terms = HighlightTerms::default();
    for (index, part) in terms_part.split('|').enumerate() {
        let words = schema::analyzed_words(part, &mut analyzer);
        if index % 2 == 0 {
            terms.terms.extend(words);
        } else {
            terms.phrases.push(words);
        }
    }
    // A raw word too, as a query's terms may hold what the analyzer would not give.
    if let Some(raw) = terms_part.split_whitespace().next() {
        terms.terms.push(raw.to_string());
    }
    let fragment_chars = usize::from(terms_part.len() as u8 % 64) * 8 + 1;
    let highlighter = Highlighter::new(schema::text_analyzer(), terms).with_fragment_chars(fragment_chars);
    let passages = highlighter.passages(text);
    assert!(text.trim().is_empty() || !passages.is_empty(), "no passage of {text:?}");
    for passage in &passages {
        newsdex_fuzz::assert_passage(passage);
        let _ = newsdex::highlight::render_with(passage, "<b>", "</b>");
    }
    // Skipping words by their first two bytes must not change what is highlighted.
    let fully_analyzed = highlighter.with_full_analysis().passages(text);
    assert_eq!(passages, fully_analyzed, "the prefix shortcut changed the passages of {text:?}");
});
