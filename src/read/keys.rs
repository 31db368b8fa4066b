//! The metadata-key vocabulary of every reader: which key names an [`Article`](crate::article::Article)
//! field, for JSON objects, Markdown front matter and the `Key: value` header of `.txt` files.
//!
//! Field names come from plain feeds, IPTC ninjs and schema.org `NewsArticle`. JSON and front
//! matter match a key exactly and take the first key of a field's list that gives a value; a
//! `.txt` header matches a key ignoring ASCII case.

/// What a key fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    Title,
    /// The body as text.
    Body,
    /// The body as HTML, made text.
    HtmlBody,
    /// A summary: the body when there is no other.
    Summary,
    Date,
    Location,
    Places,
    People,
    Orgs,
    Companies,
    Topics,
    Authors,
    Source,
    Url,
    /// The URL when the value looks like one (`uri`, `@id` are identifiers too).
    UrlIfHttp,
    Language,
    /// The article's own identifier.
    Id,
}

impl Field {
    /// The key names of this field, most preferred first.
    pub(crate) fn keys(self) -> &'static [&'static str] {
        KEYS.iter().find(|(field, _)| *field == self).map_or(&[], |(_, keys)| keys)
    }

    /// A metadata field, which a `.txt` header can give too; the body fields come from the text itself.
    pub(crate) fn is_metadata(self) -> bool {
        !matches!(self, Field::Body | Field::HtmlBody | Field::Summary)
    }
}

/// Every field with its key names, most preferred first.
pub(crate) const KEYS: &[(Field, &[&str])] = &[
    (Field::Title, &["title", "headline", "name"]),
    (Field::Body, &["body", "text", "content", "body_text", "articleBody"]),
    (Field::HtmlBody, &["body_html"]),
    (Field::Summary, &["description", "summary"]),
    (
        Field::Date,
        &[
            "date",
            "published",
            "published_at",
            "pubDate",
            "versioncreated",
            "firstcreated",
            "datePublished",
            "dateCreated",
        ],
    ),
    (Field::Location, &["location", "dateline", "located"]),
    (Field::Places, &["places", "place", "contentLocation", "locationCreated"]),
    (Field::People, &["people", "persons"]),
    (Field::Orgs, &["orgs", "organizations", "organisations"]),
    (Field::Companies, &["companies", "company"]),
    (Field::Topics, &["topics", "tags", "keywords", "subject", "categories", "section", "articleSection"]),
    (Field::Authors, &["author", "authors", "byline"]),
    (Field::Source, &["source", "publisher", "provider"]),
    (Field::Url, &["url", "link"]),
    (Field::UrlIfHttp, &["uri", "@id"]),
    (Field::Language, &["language", "lang", "inLanguage"]),
    (Field::Id, &["id", "guid", "uri", "@id"]),
];

/// The metadata fields a `.txt` header named `name` fills (ASCII case ignored): none for an
/// unknown name, two for `uri` (an identifier that may be the URL).
pub(crate) fn header_fields(name: &str) -> impl Iterator<Item = Field> + '_ {
    let name = name.trim();
    KEYS.iter()
        .filter(move |(field, keys)| field.is_metadata() && keys.iter().any(|key| key.eq_ignore_ascii_case(name)))
        .map(|(field, _)| *field)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Article;
    use crate::read::{ReadError, json, markdown, text};

    #[test]
    fn every_field_has_keys_and_no_key_is_ambiguous() {
        for (field, keys) in KEYS {
            assert!(!keys.is_empty(), "{field:?} has no key");
            assert_eq!(field.keys(), *keys);
        }
        // A key names one field, but for the identifiers that may be a URL.
        for (field, keys) in KEYS {
            for key in *keys {
                let owners: Vec<Field> =
                    KEYS.iter().filter(|(_, keys)| keys.contains(key)).map(|(owner, _)| *owner).collect();
                let url_and_id = owners == [Field::UrlIfHttp, Field::Id];
                assert!(owners == [*field] || url_and_id, "{key:?} names {owners:?}");
            }
        }
    }

    /// A value `field` accepts, as written in a file.
    fn sample_value(field: Field) -> &'static str {
        match field {
            Field::Date => "2024-02-13",
            Field::Url | Field::UrlIfHttp => "https://example.com/story",
            _ => "Perth",
        }
    }

    /// What `article` holds in `field`, if anything.
    fn value_in(article: &Article, field: Field) -> Option<String> {
        let first = |list: &[String]| list.first().cloned();
        match field {
            Field::Title => article.title.clone(),
            Field::Date => article.date.map(|date| date.format("%Y-%m-%d").to_string()),
            Field::Location => article.location.clone(),
            Field::Places => first(&article.places),
            Field::People => first(&article.people),
            Field::Orgs => first(&article.orgs),
            Field::Companies => first(&article.companies),
            Field::Topics => first(&article.topics),
            Field::Authors => first(&article.authors),
            Field::Source => article.source.clone(),
            Field::Url | Field::UrlIfHttp => article.url.clone(),
            Field::Language => article.language.clone(),
            Field::Id => article.external_id.clone(),
            Field::Body | Field::HtmlBody | Field::Summary => Some(article.body.clone()),
        }
    }

    #[track_caller]
    fn assert_filled(format: &str, key: &str, field: Field, results: Vec<Result<Article, ReadError>>) {
        let article = results.into_iter().next().expect("one article").expect("parses");
        assert_eq!(value_in(&article, field).as_deref(), Some(sample_value(field)), "{format} key {key:?} → {field:?}");
    }

    #[test]
    fn every_metadata_key_is_taken_by_every_reader() {
        let body = "The plant opened on Tuesday, officials said.";
        for (field, keys) in KEYS.iter().filter(|(field, _)| field.is_metadata()) {
            let value = sample_value(*field);
            for key in *keys {
                let object = serde_json::json!({ "body": body, *key: value });
                assert_filled("JSON", key, *field, json::parse(&object.to_string()));
                let front_matter = format!("---\n\"{key}\": \"{value}\"\n---\n\n{body}\n");
                assert_filled("front matter", key, *field, markdown::parse(&front_matter));
                // A header name starts with a letter (`@id` is JSON-LD only).
                if key.starts_with(char::is_alphabetic) {
                    for name in [key.to_string(), key.to_uppercase()] {
                        let header = format!("{name}: {value}\n\n{body}\n");
                        assert_filled("`.txt` header", &name, *field, text::parse(&header));
                    }
                }
            }
        }
    }

    #[test]
    fn header_names_ignore_case() {
        assert_eq!(header_fields("Subject").collect::<Vec<_>>(), [Field::Topics]);
        assert_eq!(header_fields("INLANGUAGE").collect::<Vec<_>>(), [Field::Language]);
        assert_eq!(header_fields("uri").collect::<Vec<_>>(), [Field::UrlIfHttp, Field::Id]);
        assert_eq!(header_fields("body").count(), 0, "the body is the text after the header");
        assert_eq!(header_fields("Weather").count(), 0);
    }
}
