//! Languages: their codes and names as users write them (`en`, `eng`, `English`, `Deutsch`), and
//! the function words that tell real text in a language from figures tables. Data in
//! `languages/names.txt` and `languages/function_words.txt`.

use std::sync::LazyLock;

use super::table::rows;

const NAMES: &str = include_str!("languages/names.txt");
const FUNCTION_WORDS: &str = include_str!("languages/function_words.txt");
const ENGLISH_STOP_WORDS: &str = include_str!("languages/english_stop_words.txt");

/// One language of `names.txt`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Language {
    iso_639_1: &'static str,
    /// whatlang's code.
    iso_639_3: &'static str,
    english: &'static str,
    /// 639-2/B codes and native names.
    others: Vec<&'static str>,
}

static LANGUAGES: LazyLock<Vec<Language>> = LazyLock::new(|| {
    rows(NAMES)
        .map(|row| Language {
            iso_639_1: row[0],
            iso_639_3: row[1],
            english: row[2],
            others: row.get(3).map_or_else(Vec::new, |others| {
                others.split(',').map(str::trim).filter(|other| !other.is_empty()).collect()
            }),
        })
        .collect()
});

/// A language as users write it (`en`, `eng`, `English`, `en-US`, `fr_CA`, `Deutsch`) → its ISO
/// 639-1 code (`en`, `fr`, `de`). An unknown two- or three-letter code is kept, lowercased; other
/// unknown values give `None`.
pub(crate) fn normalize_language(value: &str) -> Option<String> {
    let lowercase = value.trim().to_lowercase();
    let primary = lowercase.split(['-', '_']).next().unwrap_or_default();
    let known = LANGUAGES.iter().find(|language| {
        primary == language.iso_639_1
            || primary == language.iso_639_3
            || lowercase == language.english
            || language.others.contains(&lowercase.as_str())
            || language.others.contains(&primary)
    });
    if let Some(language) = known {
        return Some(language.iso_639_1.to_string());
    }
    let is_code = (2..=3).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_alphabetic());
    is_code.then(|| primary.to_string())
}

/// The ISO 639-1 code of a language by its ISO 639-3 code (whatlang's), if `names.txt` lists it.
pub(crate) fn iso_639_1_of(iso_639_3: &str) -> Option<&'static str> {
    LANGUAGES.iter().find(|language| language.iso_639_3 == iso_639_3).map(|language| language.iso_639_1)
}

/// The function words of a language by its ISO 639-1 code, if `function_words.txt` lists it.
pub(crate) fn function_words(iso_639_1: &str) -> Option<&'static [&'static str]> {
    static WORDS: LazyLock<Vec<(&'static str, Vec<&'static str>)>> =
        LazyLock::new(|| rows(FUNCTION_WORDS).map(|row| (row[0], row[1].split_whitespace().collect())).collect());
    WORDS.iter().find(|(code, _)| *code == iso_639_1).map(|(_, words)| words.as_slice())
}

/// Whether `word` (lowercased, accent-folded) is an English word that tells nothing of what an
/// article is about (`english_stop_words.txt`): function words, reporting verbs, time words.
pub(crate) fn is_english_stop_word(word: &str) -> bool {
    static WORDS: LazyLock<std::collections::HashSet<&'static str>> =
        LazyLock::new(|| super::table::words_of(ENGLISH_STOP_WORDS).collect());
    WORDS.contains(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn assert_normalized(value: &str, expected: Option<&str>) {
        assert_eq!(normalize_language(value).as_deref(), expected, "normalizing {value:?}");
    }

    #[test]
    fn normalize() {
        assert_normalized("en", Some("en"));
        assert_normalized("eng", Some("en"));
        assert_normalized("English", Some("en"));
        assert_normalized("en-US", Some("en"));
        assert_normalized(" EN_gb ", Some("en"));
        assert_normalized("fre", Some("fr"));
        assert_normalized("fra", Some("fr"));
        assert_normalized("fr-CA", Some("fr"));
        assert_normalized("Deutsch", Some("de"));
        assert_normalized("ger", Some("de"));
        assert_normalized("Español", Some("es"));
        assert_normalized("zh-Hans", Some("zh"));
        assert_normalized("cmn", Some("zh"));
        assert_normalized("no", Some("nb"));
        assert_normalized("ga", Some("ga"));
        assert_normalized("Klingonese", None);
        assert_normalized("", None);
    }

    #[test]
    fn every_language_resolves_by_each_of_its_names() {
        assert!(LANGUAGES.len() >= 60, "names.txt lists {} languages", LANGUAGES.len());
        for language in LANGUAGES.iter() {
            let names = [language.iso_639_1, language.iso_639_3, language.english].into_iter();
            for written in names.chain(language.others.iter().copied()) {
                assert_eq!(normalize_language(written).as_deref(), Some(language.iso_639_1), "{written}");
            }
            assert_eq!(iso_639_1_of(language.iso_639_3), Some(language.iso_639_1));
        }
    }

    #[test]
    fn english_stop_words() {
        assert!(is_english_stop_word("the") && is_english_stop_word("said") && is_english_stop_word("reuter"));
        assert!(!is_english_stop_word("earthquake") && !is_english_stop_word("The"), "lowercased words only");
    }

    #[test]
    fn function_word_lists() {
        assert!(function_words("de").is_some_and(|words| words.contains(&"und")));
        assert!(function_words("pt").is_some_and(|words| words.contains(&"não")));
        assert_eq!(function_words("en"), None);
    }
}
