//! Where sentences end: the one rule name extraction, date extraction, passages and `gen` share.
//!
//! A `.`, `!`, `?` or `…` ends a sentence when closing quotes or brackets may follow it, then
//! whitespace, then something that can start a sentence (a capital, a digit, an opening quote or
//! bracket); a `.` right after an abbreviation does not ([`is_abbreviation`]: an initial, dotted
//! initials such as `U.S`, or a word of `lexicon/abbreviations.txt`). A blank line ends a sentence too.
//!
//! Every offset returned lies on a character boundary.

use std::ops::Range;

use crate::lexicon::abbreviations;

/// True when a `.` right after `word` (as written, without the dot) belongs to the word rather
/// than ending a sentence: an initial (`J`), dotted initials (`U.S`, `e.g`) or a listed
/// abbreviation (`Mr`, `Corp`, `Oct`).
pub(crate) fn is_abbreviation(word: &str) -> bool {
    let mut characters = word.chars();
    let is_initial = matches!((characters.next(), characters.next()), (Some(letter), None) if letter.is_uppercase());
    let is_dotted = word.contains('.') && word.chars().all(|character| character.is_alphabetic() || character == '.');
    is_initial || is_dotted || abbreviations::is_listed(word)
}

/// True when `token`, a whitespace-separated token with its final punctuation (`rose.`, `U.S.`),
/// ends a sentence when nothing after it is known: it ends with `.`, `!` or `?` and what comes
/// before is no abbreviation.
pub(crate) fn token_ends_sentence(token: &str) -> bool {
    if !token.ends_with(['.', '!', '?']) {
        return false;
    }
    !is_abbreviation(token.trim_end_matches(['.', '!', '?']))
}

/// If a sentence ends at byte `index` of `text` (a `.`, `!`, `?`, `…` or the line break of a
/// blank line): where it ends (closing quotes included, trailing whitespace not) and where the
/// next one starts. `index` may be any byte offset; only ASCII bytes and the start of `…` match.
pub(crate) fn boundary_at(text: &str, index: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    match bytes[index] {
        b'.' | b'!' | b'?' => sentence_end_after(text, index, index + 1),
        0xE2 if bytes[index + 1..].starts_with(&[0x80, 0xA6]) => sentence_end_after(text, index, index + 3),
        b'\n' => paragraph_break_at(text, index),
        _ => None,
    }
}

/// The sentences of `text` as byte ranges without surrounding whitespace, in order.
pub fn split(text: &str) -> Vec<Range<usize>> {
    split_where(text, |_| true)
}

/// Like [`split`], but a sentence end is taken only when `accept(end)` says so (passages keep a
/// phrase that runs over a full stop in one sentence); `accept` sees the ends in order.
pub(crate) fn split_where(text: &str, mut accept: impl FnMut(usize) -> bool) -> Vec<Range<usize>> {
    let mut sentences = Vec::new();
    let mut start = skip_whitespace(text, 0);
    let mut index = start;
    let bytes = text.as_bytes();
    while index < text.len() {
        // Jump to the next byte that can end a sentence: a passage's text is scanned for every
        // hit shown, and most bytes are letters.
        match bytes[index..].iter().position(|&byte| matches!(byte, b'.' | b'!' | b'?' | b'\n' | 0xE2)) {
            Some(offset) => index += offset,
            None => break,
        }
        let Some((end, next_start)) = boundary_at(text, index) else {
            index += 1;
            continue;
        };
        if !accept(end) {
            index += 1;
            continue;
        }
        if end > start {
            sentences.push(start..end);
        }
        start = next_start;
        index = next_start;
    }
    let end = trim_end_whitespace(text, text.len());
    if end > start {
        sentences.push(start..end);
    }
    sentences
}

/// The `.` at byte `dot` follows an abbreviation: the letters and dots before it, standing alone
/// (no letter or digit right before them), are one by [`is_abbreviation`].
fn is_abbreviation_before(text: &str, dot: usize) -> bool {
    let bytes = text.as_bytes();
    let mut word_start = dot;
    while word_start > 0 && (bytes[word_start - 1].is_ascii_alphabetic() || bytes[word_start - 1] == b'.') {
        word_start -= 1;
    }
    let word = &text[word_start..dot];
    if word.is_empty()
        || (word_start > 0 && (bytes[word_start - 1].is_ascii_alphanumeric() || bytes[word_start - 1] >= 0x80))
    {
        return false;
    }
    is_abbreviation(word)
}

fn skip_whitespace(text: &str, from: usize) -> usize {
    text[from..].find(|c: char| !c.is_whitespace()).map_or(text.len(), |offset| from + offset)
}

fn trim_end_whitespace(text: &str, end: usize) -> usize {
    text[..end].trim_end().len()
}

/// If a sentence ends with the terminator at `terminator..after`: where it ends (closing quotes
/// included) and where the next one starts.
fn sentence_end_after(text: &str, terminator: usize, after: usize) -> Option<(usize, usize)> {
    if text.as_bytes()[terminator] == b'.' && is_abbreviation_before(text, terminator) {
        return None;
    }
    let closers =
        text[after..].find(|c: char| !matches!(c, '.' | '!' | '?' | '…' | '"' | '\'' | ')' | ']' | '’' | '”' | '»'));
    let end = closers.map_or(text.len(), |offset| after + offset);
    let next_start = skip_whitespace(text, end);
    if next_start == end || next_start == text.len() {
        return None;
    }
    let next = text[next_start..].chars().next()?;
    let starts_sentence =
        next.is_uppercase() || next.is_ascii_digit() || matches!(next, '"' | '\'' | '“' | '‘' | '(' | '[' | '«');
    starts_sentence.then_some((end, next_start))
}

/// A blank line at `newline`: where the paragraph ends and the next starts.
fn paragraph_break_at(text: &str, newline: usize) -> Option<(usize, usize)> {
    let rest = &text.as_bytes()[newline + 1..];
    let blanks = rest.iter().take_while(|&&byte| matches!(byte, b' ' | b'\t' | b'\r')).count();
    (rest.get(blanks) == Some(&b'\n'))
        .then(|| (trim_end_whitespace(text, newline), skip_whitespace(text, newline + 1 + blanks)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        split(text).into_iter().map(|range| &text[range]).collect()
    }

    #[test]
    fn abbreviations_initials_and_dotted_words_keep_their_dot() {
        for word in ["Mr", "Corp", "Oct", "J", "É", "U.S", "e.g", "U.S.A"] {
            assert!(is_abbreviation(word), "{word}");
        }
        for word in ["rose", "3.5", "U.S.-Japan", "mr", "", "said"] {
            assert!(!is_abbreviation(word), "{word}");
        }
        assert!(token_ends_sentence("rose.") && token_ends_sentence("now?") && token_ends_sentence("3.5."));
        assert!(!token_ends_sentence("Mr.") && !token_ends_sentence("U.S.") && !token_ends_sentence("rose"));
    }

    #[test]
    fn splits_at_stops_followed_by_a_sentence_start() {
        assert_eq!(
            sentences("Mr. Volcker met U.S. officials on Oct. 31. Rates rose! \"Why?\" he asked.\n\nNew paragraph"),
            ["Mr. Volcker met U.S. officials on Oct. 31.", "Rates rose!", "\"Why?\" he asked.", "New paragraph"]
        );
        assert_eq!(sentences("It rose 3.5 pct. 4 mln shares traded"), ["It rose 3.5 pct.", "4 mln shares traded"]);
        assert_eq!(sentences("Acme Corp. said so. the end"), ["Acme Corp. said so. the end"]);
        assert_eq!(sentences("  Zoë said… “Ça va.” Fin  "), ["Zoë said…", "“Ça va.”", "Fin"]);
        assert!(sentences(" \n ").is_empty());
    }
}
