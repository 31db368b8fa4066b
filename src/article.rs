//! `Article`: the one shape every reader yields and every later stage (extract, index, render) takes.
//!
//! Each field that a file did not give but newsdex worked out from the text is named in
//! [`Article::extracted`], so users and tests can tell given metadata from extracted metadata.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A field whose value can be given by the file or extracted from the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MetaField {
    /// The headline.
    Title,
    /// When the article was published or filed.
    Date,
    /// Where the story was filed from (the dateline place).
    Location,
    /// Places the article is about.
    Places,
    /// People the article names.
    People,
    /// Organisations the article names.
    Orgs,
    /// Companies the article names (also among its organisations).
    Companies,
    /// Subject topics of the taxonomy.
    Topics,
    /// The language the article is written in.
    Language,
}

impl MetaField {
    /// The name used in JSON and in hit summaries (`location`, `places`), as serde writes it.
    pub fn name(self) -> &'static str {
        match self {
            MetaField::Title => "title",
            MetaField::Date => "date",
            MetaField::Location => "location",
            MetaField::Places => "places",
            MetaField::People => "people",
            MetaField::Orgs => "orgs",
            MetaField::Companies => "companies",
            MetaField::Topics => "topics",
            MetaField::Language => "language",
        }
    }
}

/// One news article as read from a file, before it is indexed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// The file the article came from (set by `read::read_path`; readers leave it empty).
    pub path: PathBuf,
    /// Position of the article inside its file: 0 for single-article files, 0.. for SGML, JSON arrays
    /// and JSON Lines.
    pub ordinal: u32,
    /// 1-based line where the article starts inside its file, where the format has lines that matter
    /// (JSON Lines, SGML).
    pub line: Option<u32>,
    /// Byte offset where the article starts inside its file (SGML).
    pub byte_offset: Option<u64>,
    /// An identifier the file gives (Reuters `NEWID`, JSON `id`/`guid`/`uri`).
    pub external_id: Option<String>,
    /// The headline, when the file gives one or it can be worked out.
    pub title: Option<String>,
    /// Plain text, paragraphs separated by a blank line; no markup.
    pub body: String,
    /// When the article was published or filed, UTC.
    pub date: Option<DateTime<Utc>>,
    /// Where the story was filed from (the dateline place), as written: `Kuala Lumpur`, `SALVADOR`.
    pub location: Option<String>,
    /// Places the article is about (countries, cities), as written.
    pub places: Vec<String>,
    /// People the article names, as written.
    pub people: Vec<String>,
    /// Organisations the article names (companies, agencies, bodies), as written.
    pub orgs: Vec<String>,
    /// Companies the article names, as written without a legal suffix (`Boeing`, not `Boeing Co`);
    /// extraction puts them in `orgs` too.
    pub companies: Vec<String>,
    /// Subject topics (given as topics, tags, keywords or sections, or matched from the taxonomy).
    pub topics: Vec<String>,
    /// Writers of the article (the byline), as the file gives them.
    pub authors: Vec<String>,
    /// The publication or wire the article comes from, as the file gives it.
    pub source: Option<String>,
    /// Web address of the article, as the file gives it.
    pub url: Option<String>,
    /// ISO 639-1 code where one exists (`en`), else ISO 639-3.
    pub language: Option<String>,
    /// Fields filled by `extract` rather than given by the file, sorted, without repeats.
    pub extracted: Vec<MetaField>,
}

impl Article {
    /// Brings every text field to the form newsdex keeps ([`crate::text::normalized`]: NFC,
    /// without zero-width spaces or soft hyphens), so that a name written two ways is one.
    /// A value that changes is trimmed again (a zero-width space at its end hid the space before
    /// it), and dropped when nothing is left.
    pub(crate) fn normalize_text(&mut self) {
        use crate::text::normalized;
        for field in [&mut self.title, &mut self.location, &mut self.source] {
            if let Some(normal) = field.as_deref().and_then(normalized) {
                let trimmed = normal.trim();
                *field = (!trimmed.is_empty()).then(|| trimmed.to_string());
            }
        }
        if let Some(normal) = normalized(&self.body) {
            self.body = normal.trim().to_string();
        }
        for list in [
            &mut self.places,
            &mut self.people,
            &mut self.orgs,
            &mut self.companies,
            &mut self.topics,
            &mut self.authors,
        ] {
            list.retain_mut(|value| {
                if let Some(normal) = normalized(value) {
                    *value = normal.trim().to_string();
                }
                !value.is_empty()
            });
        }
    }

    /// Records that `field` was extracted from the text (idempotent; keeps the list sorted).
    pub(crate) fn mark_extracted(&mut self, field: MetaField) {
        if let Err(position) = self.extracted.binary_search(&field) {
            self.extracted.insert(position, field);
        }
    }

    /// True when `field` was extracted rather than given.
    pub fn is_extracted(&self, field: MetaField) -> bool {
        self.extracted.binary_search(&field).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regression_normalized_values_stay_trimmed_and_non_empty() {
        let mut article = Article {
            title: Some(", \u{200B}".into()),
            location: Some("\u{200B}".into()),
            body: "Text \u{AD}".into(),
            people: vec!["Rohan\u{200B} Mehta".into(), "\u{FEFF}".into(), "Zoe\u{308}\u{200B} ".into()],
            ..Article::default()
        };
        article.normalize_text();
        assert_eq!(article.title.as_deref(), Some(","));
        assert_eq!(article.location, None);
        assert_eq!(article.body, "Text");
        assert_eq!(article.people, ["Rohan Mehta", "Zoë"]);
    }

    #[test]
    fn names_match_json() {
        for field in [
            MetaField::Title,
            MetaField::Date,
            MetaField::Location,
            MetaField::Places,
            MetaField::People,
            MetaField::Orgs,
            MetaField::Companies,
            MetaField::Topics,
            MetaField::Language,
        ] {
            assert_eq!(serde_json::to_value(field).expect("serializes"), field.name());
        }
    }

    #[test]
    fn mark_extracted_keeps_sorted_unique() {
        let mut article = Article::default();
        article.mark_extracted(MetaField::Location);
        article.mark_extracted(MetaField::Date);
        article.mark_extracted(MetaField::Location);
        assert_eq!(article.extracted, vec![MetaField::Date, MetaField::Location]);
        assert!(article.is_extracted(MetaField::Date));
        assert!(!article.is_extracted(MetaField::People));
    }
}
