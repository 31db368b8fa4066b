//! Abbreviations whose final `.` does not end a sentence (`abbreviations.txt`); the one list
//! behind [`crate::sentences`].

use std::collections::HashSet;
use std::sync::LazyLock;

use super::table::words_of;

/// The list as written; source in the file.
const ABBREVIATIONS_TEXT: &str = include_str!("abbreviations.txt");

static ABBREVIATIONS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| words_of(ABBREVIATIONS_TEXT).collect());

/// `word` (as written, without its final `.`) is a listed abbreviation: `Mr`, `Corp`, `Oct`.
/// Case matters: `No.` is one, `no.` ends a sentence.
pub(crate) fn is_listed(word: &str) -> bool {
    ABBREVIATIONS.contains(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_loads_without_duplicates() {
        let words: Vec<&str> = words_of(ABBREVIATIONS_TEXT).collect();
        assert!(words.len() > 40, "{} abbreviations", words.len());
        assert_eq!(ABBREVIATIONS.len(), words.len(), "a word is listed twice");
        assert!(words.iter().all(|word| !word.ends_with('.')), "entries are written without their dot");
        assert!(is_listed("Mr") && is_listed("Oct") && is_listed("vs"));
        assert!(!is_listed("mr") && !is_listed("said"));
    }
}
