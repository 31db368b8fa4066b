//! Fills the fields a file did not give, from its text; given metadata always wins. No I/O.
//!
//! Each extractor fills only empty fields and marks what it filled with
//! [`Article::mark_extracted`]. Given values are only normalised (an all-caps location is
//! title-cased, a language becomes its ISO 639-1 code); that is not extraction and is not marked.

pub mod date;
pub mod dateline;
pub mod entities;
pub mod language;
pub mod orgs;
pub mod people;
pub mod places;
pub mod topics;
mod words;

use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::article::{Article, MetaField};

pub use entities::Entities;
pub use topics::Taxonomy;

/// What the extractors may know besides the article itself.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExtractContext {
    /// When the article was written, roughly: the file's modification time or a date the file gives.
    /// Gives a year to dateline dates that have none (`Feb 26`).
    pub reference_date: Option<DateTime<Utc>>,
    /// The topic taxonomy (`--taxonomy FILE`); `None` is the bundled one. Shared, so cloning a
    /// context per file is cheap.
    pub taxonomy: Option<Arc<Taxonomy>>,
    /// The user's aliases and exclusions (`--entities FILE`), applied to given and extracted
    /// people, organizations and places.
    pub entities: Option<Arc<Entities>>,
}

/// Runs the extractors in order: dateline (location, date), date from the opening sentences,
/// language, places (the dateline place's country included), orgs and companies (before people, so
/// that people can leave out names the article uses as companies), people, topics; then one name
/// per person and the user's entities file ([`entities`]).
pub fn extract(article: &mut Article, context: &ExtractContext) {
    extract_dateline(article, context);
    date::extract_date(article, context.reference_date);
    language::extract_language(article);
    places::extract_places(article, context.reference_date);
    orgs::extract_orgs(article);
    people::extract_people(article);
    places::drop_person_names(article);
    places::drop_organization_names(article);
    topics::extract_topics(article, context.taxonomy.as_deref().unwrap_or_else(|| Taxonomy::bundled()));
    entities::resolve(article, context.entities.as_deref());
    // Each extractor fills only empty fields and marks them; later ones go here.
}

/// Location and date from a dateline at the start of the body, when the file gave none; a given
/// all-caps location (Reuters `SALVADOR`) is title-cased.
fn extract_dateline(article: &mut Article, context: &ExtractContext) {
    if let Some(location) = &article.location {
        article.location = Some(dateline::title_case_place(location));
    }
    let wants_location = article.location.is_none();
    let wants_date = article.date.is_none() && context.reference_date.is_some();
    if !wants_location && !wants_date {
        return;
    }
    let Some(found) = dateline::dateline(&article.body) else {
        return;
    };
    if wants_location {
        article.location = Some(found.place);
        article.mark_extracted(MetaField::Location);
    }
    if wants_date
        && let (Some((month, day)), Some(reference)) = (found.date, context.reference_date)
        && let Some(date) = dateline::resolve_date(month, day, reference)
    {
        article.date = Some(date);
        article.mark_extracted(MetaField::Date);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference(value: &str) -> ExtractContext {
        let date = DateTime::parse_from_rfc3339(value).expect("valid reference").with_timezone(&Utc);
        ExtractContext { reference_date: Some(date), ..ExtractContext::default() }
    }

    fn article_with_body(body: &str) -> Article {
        Article { body: body.to_string(), ..Article::default() }
    }

    #[test]
    fn dateline_fills_location_and_date() {
        let mut article =
            article_with_body("SALVADOR, Feb 26 - Showers continued throughout the week in the Bahia cocoa zone.");
        extract(&mut article, &reference("1987-03-02T10:00:00Z"));
        assert_eq!(article.location.as_deref(), Some("Salvador"));
        assert_eq!(
            article.date,
            DateTime::parse_from_rfc3339("1987-02-26T00:00:00Z").ok().map(|d| d.with_timezone(&Utc))
        );
        assert_eq!(article.language.as_deref(), Some("en"));
        assert_eq!(article.topics, ["weather"], "one sentence with a clear topic word is enough");
        assert_eq!(
            article.extracted,
            vec![MetaField::Date, MetaField::Location, MetaField::Places, MetaField::Topics, MetaField::Language]
        );
        assert_eq!(article.places, vec!["Salvador", "Brazil", "Bahia"]);
        assert!(article.body.starts_with("SALVADOR, Feb 26 - "), "the body keeps its dateline");
    }

    #[test]
    fn a_bland_sentence_gets_no_topic() {
        let mut article = article_with_body("SALVADOR, Feb 26 - The office said it would issue a statement next week.");
        extract(&mut article, &reference("1987-03-02T10:00:00Z"));
        assert!(article.topics.is_empty(), "{:?}", article.topics);
        assert!(!article.is_extracted(MetaField::Topics));
    }

    #[test]
    fn no_reference_no_date() {
        let mut article = article_with_body("SALVADOR, Feb 26 - Showers continued.");
        extract(&mut article, &ExtractContext::default());
        assert_eq!(article.location.as_deref(), Some("Salvador"));
        assert_eq!(article.date, None);
        assert!(!article.is_extracted(MetaField::Date));
    }

    #[test]
    fn given_values_win() {
        let given_date = DateTime::parse_from_rfc3339("1987-02-26T15:01:01Z").ok().map(|d| d.with_timezone(&Utc));
        let mut article = Article {
            location: Some("RIO DE JANEIRO".to_string()),
            date: given_date,
            language: Some("eng".to_string()),
            places: vec!["Brazil".to_string()],
            people: vec!["james-baker".to_string()],
            orgs: vec!["imf".to_string()],
            topics: vec!["cocoa".to_string()],
            body: "SALVADOR, Feb 20 - Showers in Ghana. Fed Chairman Paul Volcker said OPEC and the World Bank met."
                .to_string(),
            ..Article::default()
        };
        extract(&mut article, &reference("1987-03-02T10:00:00Z"));
        assert_eq!(article.location.as_deref(), Some("Rio de Janeiro"));
        assert_eq!(article.date, given_date);
        assert_eq!(article.language.as_deref(), Some("en"));
        assert_eq!(
            (article.people, article.orgs, article.topics),
            (vec!["james-baker".to_string()], vec!["imf".to_string()], vec!["cocoa".to_string()])
        );
        assert_eq!(article.places, vec!["Brazil"]);
        assert!(article.extracted.is_empty());
    }

    #[test]
    fn seed_article() {
        let text = std::fs::read_to_string("../shared/corpora/seeds/000_0a08bd7476022494.txt")
            .unwrap_or_else(|_| "Kuala Lumpur | In a major boost to strategic cooperation, India and the United States on Friday signed a landmark 10-year Defence Framework Agreement.".to_string());
        let mut article = article_with_body(&text);
        extract(&mut article, &reference("2025-11-01T08:00:00Z"));
        assert_eq!(article.location.as_deref(), Some("Kuala Lumpur"));
        assert_eq!(article.date, None, "the dateline gives no day and the opening sentences no date");
        assert_eq!(article.language.as_deref(), Some("en"));
        assert_eq!(
            article.extracted,
            vec![
                MetaField::Location,
                MetaField::Places,
                MetaField::People,
                MetaField::Orgs,
                MetaField::Topics,
                MetaField::Language
            ]
        );
        assert_eq!(article.places[..2], ["Kuala Lumpur", "Malaysia"], "the dateline place and its country first");
        for country in ["India", "United States"] {
            assert!(article.places.iter().any(|place| place == country), "{country} in {:?}", article.places);
        }
        assert_eq!(article.people, ["Rajnath Singh", "Pete Hegseth"]);
        assert!(article.topics.iter().any(|topic| topic == "politics"), "{:?}", article.topics);
        assert!(article.topics.iter().any(|topic| topic == "conflict-defence"), "{:?}", article.topics);
    }

    #[test]
    fn the_context_taxonomy_replaces_the_bundled_one() {
        let taxonomy = Taxonomy::from_toml(
            "[settings]\nthreshold = 0.5\n[[topic]]\nname = \"cocoa\"\n[topic.terms]\n\"cocoa\" = 2\n",
        )
        .expect("valid taxonomy");
        let context = ExtractContext { taxonomy: Some(Arc::new(taxonomy)), ..ExtractContext::default() };
        let mut article =
            article_with_body("Cocoa prices rose. Growers in Bahia said the cocoa crop and cocoa stocks grew.");
        extract(&mut article, &context);
        assert_eq!(article.topics, ["cocoa"]);
        assert!(article.is_extracted(MetaField::Topics));
    }

    /// `Jordan` and `Georgia` begin people's names here, not places; `Sydney` is both.
    #[test]
    fn a_place_named_only_inside_a_persons_name_is_dropped() {
        let mut article = article_with_body(
            "Coach Jordan Ellis named Will Carter and Georgia Whitfield for the tour of Sydney. Ellis said so.",
        );
        extract(&mut article, &ExtractContext::default());
        assert_eq!(article.places, ["Sydney", "Australia"]);
        let mut both = article_with_body("Coach Jordan Ellis flew to Jordan on Monday. Jordan and Israel met.");
        extract(&mut both, &ExtractContext::default());
        assert!(both.places.iter().any(|place| place == "Jordan"), "{:?}", both.places);
    }

    /// `Welsh` and `English` name the United Kingdom, and are surnames here.
    #[test]
    fn a_country_named_only_by_a_demonym_inside_a_persons_name_is_dropped() {
        let mut article = article_with_body("Coach Jack Welsh said the team was ready, and Bill English agreed.");
        extract(&mut article, &ExtractContext::default());
        assert_eq!(article.people, ["Jack Welsh", "Bill English"]);
        assert!(article.places.is_empty(), "{:?}", article.places);
        let mut both = article_with_body("Coach Jack Welsh said the English team was ready.");
        extract(&mut both, &ExtractContext::default());
        assert_eq!(both.places, ["United Kingdom"]);
    }

    /// Toyota is a city in Japan and a carmaker: named as the company it is no place, unless it is
    /// the dateline's.
    #[test]
    fn a_city_named_as_a_company_is_no_place_unless_it_is_the_datelines() {
        let mut article = article_with_body("Toyota Motor raised its forecast on Tuesday, and Honda said sales rose.");
        extract(&mut article, &ExtractContext::default());
        assert!(article.orgs.iter().any(|org| org == "Toyota"), "{:?}", article.orgs);
        assert!(!article.places.iter().any(|place| place == "Toyota"), "{:?}", article.places);
        let mut dateline = article_with_body("TOYOTA, Japan, May 3 - Toyota Motor said its plant here would close.");
        extract(&mut dateline, &ExtractContext::default());
        assert_eq!(dateline.location.as_deref(), Some("Toyota"));
        assert!(dateline.places.iter().any(|place| place == "Toyota"), "{:?}", dateline.places);
    }

    #[test]
    fn no_dateline_nothing_filled() {
        let mut article = article_with_body("The minister said - the talks failed.");
        extract(&mut article, &reference("2025-11-01T08:00:00Z"));
        assert_eq!(article.location, None);
        assert_eq!(article.date, None);
    }
}
