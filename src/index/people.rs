//! One name per person across the index: some articles name a person by surname alone (a given
//! tag `volcker`, or text that says only `Volcker said`), others in full (`Paul Volcker`). When the
//! index holds exactly one full name ending with that surname, the surname-only value is that
//! person: facet counts add it to the full name and `person:"paul volcker"` finds it. Two full names
//! with one surname (`John Smith`, `Mary Smith`) leave `Smith` alone.
//!
//! Read from the `people` fast column's dictionaries (display values), so it costs one pass over
//! the index's distinct people, done once per set of segments by the caller's cache.

use std::collections::{HashMap, HashSet};

use tantivy::tokenizer::TextAnalyzer;

use super::schema;

/// Surname-only people values and the full name each stands for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeopleNames {
    /// Display value of a surname alone (`Volcker`) → display value of the full name (`Paul Volcker`).
    full_name_of: HashMap<String, String>,
    /// Analyzed full name (`paul volcker`) → analyzed surname that stands for it (`volcker`).
    surname_of: HashMap<String, String>,
}

impl PeopleNames {
    /// Reads the distinct people values of every segment of `searcher`.
    pub fn read(searcher: &tantivy::Searcher) -> tantivy::Result<PeopleNames> {
        let mut displays: HashSet<String> = HashSet::new();
        for segment in searcher.segment_readers() {
            let Some(column) = segment.fast_fields().str(schema::PEOPLE)? else { continue };
            let mut stream = column.dictionary().stream()?;
            while stream.advance() {
                if let Ok(value) = std::str::from_utf8(stream.key()) {
                    displays.insert(value.to_string());
                }
            }
        }
        let mut displays: Vec<String> = displays.into_iter().collect();
        displays.sort_unstable();
        Ok(PeopleNames::from_values(&displays, &mut schema::tag_analyzer()))
    }

    /// Builds the table from display values, analyzed as the people field analyzes them.
    pub(crate) fn from_values(values: &[String], analyzer: &mut TextAnalyzer) -> PeopleNames {
        let analyzed: Vec<Vec<String>> = values.iter().map(|value| schema::analyzed_words(value, analyzer)).collect();
        // Last word → the distinct full names (analyzed) ending with it, and a display of each.
        let mut full_names: HashMap<&str, Vec<(String, &str)>> = HashMap::new();
        for (words, display) in analyzed.iter().zip(values) {
            if let [.., last] = words.as_slice()
                && words.len() > 1
            {
                let key = words.join(" ");
                let names = full_names.entry(last.as_str()).or_default();
                if !names.iter().any(|(known, _)| *known == key) {
                    names.push((key, display));
                }
            }
        }
        let mut names = PeopleNames::default();
        for (words, display) in analyzed.iter().zip(values) {
            if let [surname] = words.as_slice()
                && let Some([(key, full)]) = full_names.get(surname.as_str()).map(Vec::as_slice)
            {
                names.full_name_of.insert(display.clone(), (*full).to_string());
                names.surname_of.insert(key.clone(), surname.clone());
            }
        }
        names
    }

    /// The full name a surname-only display value stands for (`Volcker` → `Paul Volcker`).
    pub fn full_name(&self, value: &str) -> Option<&str> {
        self.full_name_of.get(value).map(String::as_str)
    }

    /// The analyzed surname-only value that stands for the analyzed full name `words`.
    pub fn surname_for(&self, words: &[String]) -> Option<&str> {
        self.surname_of.get(&words.join(" ")).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_surname_stands_for_the_one_full_name_that_ends_with_it() {
        let values = ["Paul Volcker", "Volcker", "John Smith", "Mary Smith", "Smith", "Lawson", "Jacques de Larosière"]
            .map(String::from);
        let mut values = values.to_vec();
        values.push("Larosiere".to_string());
        let names = PeopleNames::from_values(&values, &mut schema::tag_analyzer());
        assert_eq!(names.full_name("Volcker"), Some("Paul Volcker"));
        assert_eq!(names.full_name("Smith"), None, "two Smiths");
        assert_eq!(names.full_name("Lawson"), None, "no full name");
        assert_eq!(names.full_name("Larosiere"), Some("Jacques de Larosière"), "accents folded");
        assert_eq!(names.surname_for(&["paul".into(), "volcker".into()]), Some("volcker"));
        assert_eq!(names.surname_for(&["john".into(), "smith".into()]), None);
    }
}
