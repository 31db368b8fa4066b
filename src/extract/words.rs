//! Words of a text with what separates them, for the name extractors (people, orgs): one pass over
//! the bytes, no allocation per word. Whether a `.` after a word is part of it is
//! [`crate::sentences::is_abbreviation`].

use crate::sentences;

/// What lies between a word and the word before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gap {
    /// The first word of the text.
    Start,
    /// Only spaces (or a single line break: wrapped lines).
    Space,
    /// A comma (and spaces).
    Comma,
    /// The end of a sentence or paragraph: `.`, `?`, `!`, a blank line.
    Stop,
    /// Anything else: quotes, brackets, colons, dashes.
    Other,
}

/// One word: letters and digits, with inner `.`, `'`, `’`, `-`, `&` (`U.S.`, `O'Neill`, `AT&T`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Word<'a> {
    /// The word as written, without a possessive `'s` (`Singh's` → `Singh`).
    pub text: &'a str,
    /// Byte offsets of the word (possessive included) in the text.
    pub start: usize,
    pub end: usize,
    pub gap: Gap,
    /// The word ended in `'s` or `’s`.
    pub possessive: bool,
}

impl Word<'_> {
    /// Starts with an uppercase letter.
    pub(crate) fn is_capitalized(&self) -> bool {
        match self.text.as_bytes().first() {
            Some(byte) if byte.is_ascii() => byte.is_ascii_uppercase(),
            _ => self.text.chars().next().is_some_and(char::is_uppercase),
        }
    }

    /// Two or more letters, none lowercase (`OPEC`, `U.S.`, `ADMM-Plus` is not).
    pub(crate) fn is_all_caps(&self) -> bool {
        let mut letters = 0;
        for character in self.text.chars() {
            if character.is_lowercase() {
                return false;
            }
            if character.is_alphabetic() {
                letters += 1;
            }
        }
        letters >= 2
    }
}

/// Splits `text` into words. Pushes into `out` (cleared first) so callers can reuse the buffer.
pub fn split<'a>(text: &'a str, out: &mut Vec<Word<'a>>) {
    out.clear();
    let bytes = text.as_bytes();
    let mut position = 0;
    let mut gap_start = 0;
    while position < bytes.len() {
        let (character, width) = char_at(text, position);
        if !character.is_alphanumeric() {
            position += width;
            continue;
        }
        let start = position;
        let mut end = position;
        // Extend over letters, digits and inner joiners followed by a letter or digit.
        let mut cursor = position;
        while cursor < bytes.len() {
            let (next, next_width) = char_at(text, cursor);
            if next.is_alphanumeric() {
                cursor += next_width;
                end = cursor;
            } else if matches!(next, '.' | '\'' | '’' | '-' | '&') {
                let after = cursor + next_width;
                if after < bytes.len() && char_at(text, after).0.is_alphanumeric() {
                    cursor = after;
                } else {
                    break;
                }
            } else {
                break;
            }
        }
        let mut word_end = end;
        let mut text_end = end;
        // A final `.` belongs to initials (`J.`), dotted abbreviations (`U.S.`) and titles (`Mr.`).
        if bytes.get(end) == Some(&b'.') && sentences::is_abbreviation(&text[start..end]) {
            word_end = end + 1;
            text_end = end + 1;
        }
        let mut possessive = false;
        let core = &text[start..text_end];
        for suffix in ["'s", "’s"] {
            if let Some(stripped) = core.strip_suffix(suffix)
                && !stripped.is_empty()
            {
                text_end = start + stripped.len();
                possessive = true;
                break;
            }
        }
        let gap = if out.is_empty() { Gap::Start } else { classify_gap(&text[gap_start..start]) };
        out.push(Word { text: &text[start..text_end], start, end: word_end, gap, possessive });
        position = word_end;
        gap_start = word_end;
    }
}

/// The character at byte `position` (a char boundary) and its width; ASCII without decoding.
#[inline]
fn char_at(text: &str, position: usize) -> (char, usize) {
    let byte = text.as_bytes()[position];
    if byte < 0x80 {
        return (char::from(byte), 1);
    }
    let character = text[position..].chars().next().unwrap_or(char::REPLACEMENT_CHARACTER);
    (character, character.len_utf8())
}

/// What the characters between two words amount to.
pub(crate) fn classify_gap(between: &str) -> Gap {
    let mut gap = Gap::Space;
    let mut line_breaks = 0;
    for character in between.chars() {
        match character {
            '.' | '?' | '!' | ';' => return Gap::Stop,
            '\n' => {
                line_breaks += 1;
                if line_breaks > 1 {
                    return Gap::Stop;
                }
            }
            ',' if gap == Gap::Space => gap = Gap::Comma,
            c if c.is_whitespace() => {}
            ',' => {}
            _ => gap = Gap::Other,
        }
    }
    gap
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<(String, Gap, bool)> {
        let mut out = Vec::new();
        split(text, &mut out);
        out.iter().map(|word| (word.text.to_string(), word.gap, word.possessive)).collect()
    }

    #[test]
    fn splits_with_gaps() {
        let found = words("Mr. Volcker said, U.S. rates rose. India's O'Neill (AT&T)");
        let texts: Vec<&str> = found.iter().map(|(text, _, _)| text.as_str()).collect();
        assert_eq!(texts, ["Mr.", "Volcker", "said", "U.S.", "rates", "rose", "India", "O'Neill", "AT&T"]);
        let gaps: Vec<Gap> = found.iter().map(|(_, gap, _)| *gap).collect();
        use Gap::*;
        assert_eq!(gaps, [Start, Space, Space, Comma, Space, Space, Stop, Space, Other]);
        assert!(found[6].2, "India's is possessive");
    }

    #[test]
    fn wrapped_lines_are_spaces_blank_lines_stop() {
        let found = words("Paul\nVolcker\n\nThe");
        assert_eq!(found[1].1, Gap::Space);
        assert_eq!(found[2].1, Gap::Stop);
    }

    #[test]
    fn multibyte_text() {
        let found = words("Rūta Paulauskienė’s — “quoted”");
        assert_eq!(found[1].0, "Paulauskienė");
        assert!(found[1].2);
        assert_eq!(found[2].1, Gap::Other);
    }
}
