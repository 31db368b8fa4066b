//! Cutting text safely: every helper here returns byte offsets that lie on character boundaries, so
//! slicing with them cannot panic whatever the text holds (`£`, `—`, `é`, emoji, combining marks).
//!
//! Code that cuts a `&str` at a computed offset goes through these instead of `at + 1` after a
//! `rfind` or `[..n]` with a byte count: `at + 1` is only right when the character found is ASCII.

/// The trailing run of characters of `text` for which `is_word_char` holds (`"at £1.3bn London"`
/// with alphanumerics → `"London"`); empty when `text` ends with another character.
pub fn last_word(text: &str, is_word_char: impl Fn(char) -> bool) -> &str {
    let start = text
        .char_indices()
        .rev()
        .find(|&(_, character)| !is_word_char(character))
        .map_or(0, |(at, character)| at + character.len_utf8());
    &text[start..]
}

/// The longest prefix of `text` of at most `max_bytes` bytes that ends on a character boundary.
pub fn prefix_within(text: &str, max_bytes: usize) -> &str {
    &text[..text.floor_char_boundary(max_bytes.min(text.len()))]
}

/// The longest suffix of `text` of at most `max_bytes` bytes that starts on a character boundary.
pub fn suffix_within(text: &str, max_bytes: usize) -> &str {
    &text[text.ceil_char_boundary(text.len().saturating_sub(max_bytes))..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_word_after_multibyte_characters() {
        let alphanumeric = |c: char| c.is_alphanumeric();
        assert_eq!(last_word("raised to £1.5bn London", alphanumeric), "London");
        assert_eq!(last_word("values it at £", alphanumeric), "");
        assert_eq!(last_word("£", alphanumeric), "");
        assert_eq!(last_word("—Kraków", alphanumeric), "Kraków");
        assert_eq!(last_word("Erdoğan", alphanumeric), "Erdoğan");
        assert_eq!(last_word("“Mr.", |c| c.is_alphanumeric() || c == '.'), "Mr.");
        assert_eq!(last_word("", alphanumeric), "");
    }

    #[test]
    fn cuts_never_split_a_character() {
        let text = "a£€😀é";
        for max in 0..=text.len() + 2 {
            let prefix = prefix_within(text, max);
            let suffix = suffix_within(text, max);
            assert!(prefix.len() <= max && suffix.len() <= max);
            assert!(text.starts_with(prefix) && text.ends_with(suffix));
        }
        assert_eq!(prefix_within(text, 2), "a");
        assert_eq!(prefix_within(text, 3), "a£");
        assert_eq!(suffix_within(text, 3), "é");
    }
}
