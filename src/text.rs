//! Cutting text safely: every helper here returns byte offsets that lie on character boundaries, so
//! slicing with them cannot panic whatever the text holds (`£`, `—`, `é`, emoji, combining marks).
//!
//! Code that cuts a `&str` at a computed offset goes through these instead of `at + 1` after a
//! `rfind` or `[..n]` with a byte count: `at + 1` is only right when the character found is ASCII.

/// Invisible characters that carry nothing in news text but split words for every later stage:
/// zero-width space, word joiner, a byte-order mark inside text (zero-width no-break space) and the
/// soft hyphen web copy puts inside long words. Zero-width (non-)joiners stay: they shape Persian,
/// Indic scripts and emoji.
const INVISIBLE: [char; 4] = ['\u{200B}', '\u{2060}', '\u{FEFF}', '\u{00AD}'];

/// Text as newsdex keeps it: Unicode NFC (`e` + U+0301 becomes `é`, as files written on macOS
/// need) without [`INVISIBLE`] characters. `None` when `text` is already so, which is the case for
/// all ASCII text and is checked without copying.
pub(crate) fn normalized(text: &str) -> Option<String> {
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
    if text.is_ascii() {
        return None;
    }
    let has_invisible = text.contains(INVISIBLE);
    if !has_invisible && is_nfc_quick(text.chars()) == IsNormalized::Yes {
        return None;
    }
    Some(text.chars().filter(|character| !INVISIBLE.contains(character)).nfc().collect())
}

/// The trailing run of characters of `text` for which `is_word_char` holds (`"at £1.3bn London"`
/// with alphanumerics → `"London"`); empty when `text` ends with another character.
pub(crate) fn last_word(text: &str, is_word_char: impl Fn(char) -> bool) -> &str {
    let start = text
        .char_indices()
        .rev()
        .find(|&(_, character)| !is_word_char(character))
        .map_or(0, |(at, character)| at + character.len_utf8());
    &text[start..]
}

/// Latin letters with their marks dropped (`Kraków` → `Krakow`, `Gdańsk` → `Gdansk`, `Øresund` →
/// `Oresund`, `Straße` → `Strasse`), for matching names that lists write plainly. Other characters
/// stay as they are; all-ASCII text is returned without copying.
pub(crate) fn fold_latin(text: &str) -> std::borrow::Cow<'_, str> {
    if text.is_ascii() {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut folded = String::with_capacity(text.len());
    for character in text.chars() {
        if character.is_ascii() {
            folded.push(character);
            continue;
        }
        let special = match character {
            'ø' => "o",
            'Ø' => "O",
            'ł' => "l",
            'Ł' => "L",
            'đ' => "d",
            'Đ' => "D",
            'ß' => "ss",
            'æ' => "ae",
            'Æ' => "Ae",
            'œ' => "oe",
            'Œ' => "Oe",
            'ı' => "i",
            'þ' => "th",
            'Þ' => "Th",
            'ð' => "d",
            'Ð' => "D",
            _ => "",
        };
        if !special.is_empty() {
            folded.push_str(special);
            continue;
        }
        if ('\u{300}'..='\u{36F}').contains(&character) {
            continue;
        }
        let mut base = None;
        let mut plain = true;
        unicode_normalization::char::decompose_canonical(character, |part| {
            if part.is_ascii() {
                base.get_or_insert(part);
            } else if !('\u{300}'..='\u{36F}').contains(&part) {
                plain = false;
            }
        });
        match base {
            Some(base) if plain => folded.push(base),
            _ => folded.push(character),
        }
    }
    std::borrow::Cow::Owned(folded)
}

/// The leading run of characters of `text` for which `is_word_char` holds (`"Ltd, said"` with
/// alphanumerics → `"Ltd"`); empty when `text` starts with another character.
pub(crate) fn first_word(text: &str, is_word_char: impl Fn(char) -> bool) -> &str {
    let end = text.char_indices().find(|&(_, character)| !is_word_char(character)).map_or(text.len(), |(at, _)| at);
    &text[..end]
}

/// The longest prefix of `text` of at most `max_bytes` bytes that ends on a character boundary.
pub(crate) fn prefix_within(text: &str, max_bytes: usize) -> &str {
    &text[..text.floor_char_boundary(max_bytes.min(text.len()))]
}

/// Where `needle` first occurs in `text` at or after byte `from`, ignoring case: the byte range of
/// `text` it covers, on character boundaries.
///
/// Searching `text.to_lowercase()` instead gives offsets into the lowercased copy, which are not
/// offsets into `text` once a character changes length when lowercased (`İ` is two bytes, `i̇`
/// three; `ẞ` three, `ß` two).
pub(crate) fn find_ignoring_case(text: &str, needle: &str, from: usize) -> Option<std::ops::Range<usize>> {
    let needle: Vec<char> = needle.chars().flat_map(char::to_lowercase).collect();
    let start = text.ceil_char_boundary(from.min(text.len()));
    let mut candidates =
        text[start..].char_indices().map(|(offset, _)| start + offset).chain(std::iter::once(text.len()));
    candidates.find_map(|at| {
        let mut wanted = needle.iter().peekable();
        let mut end = at;
        for character in text[at..].chars() {
            if wanted.peek().is_none() {
                break;
            }
            for lowered in character.to_lowercase() {
                wanted.next_if_eq(&&lowered)?;
            }
            end += character.len_utf8();
        }
        wanted.peek().is_none().then_some(at..end)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_letters_lose_their_marks_and_other_scripts_stay() {
        assert_eq!(
            fold_latin("Gdańsk, Kraków, Malmö, Reykjavík, Montréal"),
            "Gdansk, Krakow, Malmo, Reykjavik, Montreal"
        );
        assert_eq!(fold_latin("İstanbul Łódź Øresund Straße Hải Phòng"), "Istanbul Lodz Oresund Strasse Hai Phong");
        assert_eq!(fold_latin("Zoe\u{308} — £5 Москва 東京"), "Zoe — £5 Москва 東京");
        assert!(matches!(fold_latin("plain"), std::borrow::Cow::Borrowed("plain")));
    }

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
    fn normalized_is_nfc_without_invisible_characters() {
        assert_eq!(normalized("plain ASCII text"), None);
        assert_eq!(normalized("Zoë Lefèvre, İstanbul"), None, "already NFC");
        assert_eq!(normalized("Zoe\u{308} Lefe\u{300}vre").as_deref(), Some("Zoë Lefèvre"));
        assert_eq!(normalized("Rohan\u{200B} Mehta").as_deref(), Some("Rohan Mehta"));
        assert_eq!(normalized("Gewerk\u{AD}schaft\u{FEFF}").as_deref(), Some("Gewerkschaft"));
        assert_eq!(normalized("\u{200B}").as_deref(), Some(""));
        assert_eq!(normalized("क्\u{200D}ष"), None, "joiners shape scripts and stay");
    }

    #[test]
    fn cuts_never_split_a_character() {
        let text = "a£€😀é";
        for max in 0..=text.len() + 2 {
            let prefix = prefix_within(text, max);
            assert!(prefix.len() <= max && text.starts_with(prefix));
        }
        assert_eq!(prefix_within(text, 2), "a");
        assert_eq!(prefix_within(text, 3), "a£");
    }

    #[test]
    fn finds_ignoring_case_in_the_original_offsets() {
        assert_eq!(find_ignoring_case("İİ foo:bar", "FOO:", 0), Some(5..9));
        assert_eq!(find_ignoring_case("ẞ Date:x date:y", "date:", 0), Some(4..9));
        assert_eq!(find_ignoring_case("ẞ Date:x date:y", "date:", 5), Some(11..16));
        assert_eq!(find_ignoring_case("£x", "x", 1), Some(2..3), "a start inside `£` moves to the next character");
        assert_eq!(find_ignoring_case("İstanbul", "i̇s", 0), Some(0..3), "`İ` lowercases to two characters");
        assert_eq!(find_ignoring_case("abc", "", 1), Some(1..1));
        assert_eq!(find_ignoring_case("abc", "abcd", 0), None);
        assert_eq!(find_ignoring_case("", "a", 0), None);
    }
}
