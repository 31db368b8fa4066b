//! JSON articles: `.json` (one object or an array of objects) and `.jsonl`/`.ndjson` (one object a
//! line). The keys are those of [`crate::read::keys`]; the first usable key of each field wins.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use crate::article::Article;
use crate::read::ReadError;
use crate::read::date::parse_date;
use crate::read::keys::Field;
use crate::read::markup::{looks_like_html, strip_html, tidy_paragraphs};

/// Parses a `.json` file: one article object, or an array of them (one result per element).
pub fn parse(text: &str) -> Vec<Result<Article, ReadError>> {
    let value: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(error) => return vec![Err(json_error(&error, 0))],
    };
    match value {
        Value::Object(object) => {
            vec![article_from_object(&object).map_err(|reason| ReadError::new(None, reason))]
        }
        Value::Array(elements) => elements
            .iter()
            .enumerate()
            .map(|(index, element)| {
                let Value::Object(object) = element else {
                    return Err(ReadError::new(
                        None,
                        format!("element {index} is {}, not an object", kind_of(element)),
                    ));
                };
                let mut article = article_from_object(object)
                    .map_err(|reason| ReadError::new(None, format!("element {index}: {reason}")))?;
                article.ordinal = u32::try_from(index).unwrap_or(u32::MAX);
                Ok(article)
            })
            .collect(),
        other => vec![Err(ReadError::new(
            None,
            format!("expected an object or an array of objects, found {}", kind_of(&other)),
        ))],
    }
}

/// Parses a JSON Lines file: one article object a line, blank lines ignored. A bad line is an `Err`
/// with its line number; the other lines still give articles.
pub(crate) fn parse_lines(text: &str) -> Vec<Result<Article, ReadError>> {
    let mut results = Vec::new();
    let mut ordinal: u32 = 0;
    for (index, line) in text.split('\n').enumerate() {
        let Some(mut result) = parse_line(line, index + 1) else {
            continue;
        };
        if let Ok(article) = &mut result {
            article.ordinal = ordinal;
        }
        results.push(result);
        ordinal = ordinal.saturating_add(1);
    }
    results
}

/// Parses one line of a JSON Lines file, `line_number` 1-based: `None` when it is blank (blank
/// lines are skipped and take no ordinal), else the article (with [`Article::line`] set and
/// ordinal 0, for the caller to number) or why the line was not one.
pub(crate) fn parse_line(line: &str, line_number: usize) -> Option<Result<Article, ReadError>> {
    let line = line.trim();
    if line.is_empty() {
        return None;
    }
    let result = match serde_json::from_str::<Value>(line) {
        Err(error) => Err(json_error(&error, line_number - 1)),
        Ok(Value::Object(object)) => article_from_object(&object)
            .map(|mut article| {
                article.line = u32::try_from(line_number).ok();
                article
            })
            .map_err(|reason| ReadError::new(Some(line_number), reason)),
        Ok(other) => Err(ReadError::new(Some(line_number), format!("expected an object, found {}", kind_of(&other)))),
    };
    Some(result)
}

/// A serde_json error as a `ReadError` at its line (shifted by `line_offset`) and column.
fn json_error(error: &serde_json::Error, line_offset: usize) -> ReadError {
    let location = format!(" at line {} column {}", error.line(), error.column());
    let message = error.to_string();
    let message = message.strip_suffix(&location).unwrap_or(&message);
    ReadError::new(Some(error.line() + line_offset), format!("invalid JSON at column {}: {message}", error.column()))
}

/// What a JSON value is, for messages.
fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// One article from a JSON object; `Err(reason)` when it has neither a title nor a body.
fn article_from_object(object: &Map<String, Value>) -> Result<Article, String> {
    let mut article = Article::default();
    fill_metadata(&mut article, object);
    article.body = body_of(object).unwrap_or_default();
    if article.title.is_none() && article.body.is_empty() {
        let looked_for: Vec<&str> =
            [Field::Title.keys(), Field::Body.keys(), Field::HtmlBody.keys(), Field::Summary.keys()]
                .into_iter()
                .flatten()
                .copied()
                .collect();
        return Err(format!("no title or body field (looked for {})", looked_for.join(", ")));
    }
    Ok(article)
}

/// The body: plain-text fields first (HTML in them is stripped), then `body_html`, then a summary.
fn body_of(object: &Map<String, Value>) -> Option<String> {
    let plain = || {
        Field::Body.keys().iter().find_map(|key| {
            let text = text_of(object.get(*key)?)?;
            Some(if looks_like_html(&text) { strip_html(&text) } else { tidy_paragraphs(&text) })
        })
    };
    let html =
        || Field::HtmlBody.keys().iter().find_map(|key| text_of(object.get(*key)?).map(|html| strip_html(&html)));
    let summary =
        || Field::Summary.keys().iter().find_map(|key| text_of(object.get(*key)?).map(|text| tidy_paragraphs(&text)));
    plain().or_else(html).or_else(summary).filter(|body| !body.is_empty())
}

/// Fills every metadata field `object` gives (everything but the body). Shared with Markdown front
/// matter, which uses the same field names.
pub(crate) fn fill_metadata(article: &mut Article, object: &Map<String, Value>) {
    article.title = first_text(object, Field::Title.keys());
    article.date = Field::Date.keys().iter().find_map(|key| date_of(object.get(*key)?));
    article.location = first_text(object, Field::Location.keys());
    article.places = first_list(object, Field::Places.keys());
    article.people = first_list(object, Field::People.keys());
    if article.people.is_empty() {
        article.people = mentioned_people(object);
    }
    article.orgs = first_list(object, Field::Orgs.keys());
    article.companies = first_list(object, Field::Companies.keys());
    article.topics = first_list(object, Field::Topics.keys());
    article.authors = first_list(object, Field::Authors.keys())
        .into_iter()
        .map(|author| strip_by(&author).to_string())
        .filter(|author| !author.is_empty())
        .collect();
    article.source = first_text(object, Field::Source.keys());
    article.url = first_text(object, Field::Url.keys()).or_else(|| {
        Field::UrlIfHttp.keys().iter().find_map(|key| text_of(object.get(*key)?).filter(|value| looks_like_url(value)))
    });
    article.language = first_text(object, Field::Language.keys());
    article.external_id = first_text(object, Field::Id.keys());
}

/// The first of `keys` that gives a non-empty text.
fn first_text(object: &Map<String, Value>, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|key| text_of(object.get(*key)?))
}

/// The first of `keys` that gives a non-empty list.
fn first_list(object: &Map<String, Value>, keys: &[&str]) -> Vec<String> {
    keys.iter()
        .map(|key| object.get(*key).map(list_of).unwrap_or_default())
        .find(|list| !list.is_empty())
        .unwrap_or_default()
}

/// A value as one text: a string, a number, or an object's `name` (then `code`, `@value`);
/// trimmed, `None` when empty. An array gives its first text.
fn text_of(value: &Value) -> Option<String> {
    let text = match value {
        Value::String(text) => text.trim().to_string(),
        Value::Number(number) => number.to_string(),
        Value::Object(object) => {
            ["name", "code", "@value", "rendered", "value"].iter().find_map(|key| text_of(object.get(*key)?))?
        }
        Value::Array(elements) => elements.iter().find_map(text_of)?,
        Value::Null | Value::Bool(_) => return None,
    };
    (!text.is_empty()).then_some(text)
}

/// A value as a list: an array of texts or named objects, or a string split on `,`/`;`.
fn list_of(value: &Value) -> Vec<String> {
    let mut items: Vec<String> = match value {
        Value::Array(elements) => elements.iter().filter_map(text_of).collect(),
        Value::String(text) => text.split([',', ';']).map(|item| item.trim().to_string()).collect(),
        other => text_of(other).into_iter().collect(),
    };
    items.retain(|item| !item.is_empty());
    items
}

/// schema.org `mentions` entries whose `@type` is `Person`.
fn mentioned_people(object: &Map<String, Value>) -> Vec<String> {
    let Some(Value::Array(mentions)) = object.get("mentions") else {
        return Vec::new();
    };
    mentions
        .iter()
        .filter(|mention| mention.get("@type").and_then(Value::as_str) == Some("Person"))
        .filter_map(|mention| text_of(mention.get("name")?))
        .collect()
}

/// A date from a string (see [`parse_date`]) or a Unix timestamp in seconds or milliseconds.
fn date_of(value: &Value) -> Option<DateTime<Utc>> {
    match value {
        Value::Number(number) => {
            let timestamp = number.as_i64()?;
            // Above 10^11 seconds is the year 5138: such a number is milliseconds.
            if timestamp.abs() > 100_000_000_000 {
                DateTime::from_timestamp_millis(timestamp)
            } else {
                DateTime::from_timestamp(timestamp, 0)
            }
        }
        other => parse_date(&text_of(other)?),
    }
}

/// `By Jane Doe` → `Jane Doe`.
fn strip_by(author: &str) -> &str {
    let trimmed = author.trim();
    match trimmed.get(..3) {
        Some(prefix) if prefix.eq_ignore_ascii_case("by ") => trimmed[3..].trim_start(),
        _ => trimmed,
    }
}

/// An `http://` or `https://` address (an identifier such as `uri` may be one).
pub(crate) fn looks_like_url(value: &str) -> bool {
    value.starts_with("http://") || value.starts_with("https://")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn parse_one(text: &str) -> Article {
        let mut results = parse(text);
        assert_eq!(results.len(), 1, "{results:?}");
        results.remove(0).expect("parses")
    }

    #[track_caller]
    fn parse_error(text: &str) -> ReadError {
        let mut results = parse(text);
        assert_eq!(results.len(), 1, "{results:?}");
        results.remove(0).expect_err("fails")
    }

    #[test]
    fn plain_object() {
        let article = parse_one(
            r#"{"id": 42, "title": " Pact signed ", "body": "Line one\r\n\r\n\r\nLine two", "date": "2025-10-31",
                "location": "Kuala Lumpur", "places": ["India", "USA"], "people": "Rajnath Singh; Pete Hegseth",
                "orgs": ["ASEAN"], "tags": "defence, diplomacy", "author": "By Jane Doe", "source": {"name": "Wire"},
                "url": "https://example.com/x", "lang": "en"}"#,
        );
        assert_eq!(article.external_id.as_deref(), Some("42"));
        assert_eq!(article.title.as_deref(), Some("Pact signed"));
        assert_eq!(article.body, "Line one\n\nLine two");
        assert_eq!(article.date, parse_date("2025-10-31"));
        assert_eq!(article.location.as_deref(), Some("Kuala Lumpur"));
        assert_eq!(article.places, ["India", "USA"]);
        assert_eq!(article.people, ["Rajnath Singh", "Pete Hegseth"]);
        assert_eq!(article.orgs, ["ASEAN"]);
        assert_eq!(article.topics, ["defence", "diplomacy"]);
        assert_eq!(article.authors, ["Jane Doe"]);
        assert_eq!(article.source.as_deref(), Some("Wire"));
        assert_eq!(article.url.as_deref(), Some("https://example.com/x"));
        assert_eq!(article.language.as_deref(), Some("en"));
        assert_eq!(article.ordinal, 0);
    }

    #[test]
    fn ninjs_object() {
        let article = parse_one(
            r#"{"uri": "urn:newsml:example.com:20251031:abc", "headline": "Pact", "body_html": "<p>First &amp; foremost</p><p>Second</p>",
                "versioncreated": "2025-10-31T10:00:00Z", "located": "Kuala Lumpur",
                "subject": [{"name": "defence", "code": "11001000"}, {"code": "04000000"}],
                "places": [{"name": "Malaysia"}], "byline": "Staff", "language": "en-GB"}"#,
        );
        assert_eq!(article.external_id.as_deref(), Some("urn:newsml:example.com:20251031:abc"));
        assert_eq!(article.url, None, "a URN is not a URL");
        assert_eq!(article.title.as_deref(), Some("Pact"));
        assert_eq!(article.body, "First & foremost\n\nSecond");
        assert_eq!(article.date, parse_date("2025-10-31T10:00:00Z"));
        assert_eq!(article.location.as_deref(), Some("Kuala Lumpur"));
        assert_eq!(article.topics, ["defence", "04000000"]);
        assert_eq!(article.places, ["Malaysia"]);
        assert_eq!(article.authors, ["Staff"]);
        assert_eq!(article.language.as_deref(), Some("en-GB"));
    }

    #[test]
    fn schema_org_news_article() {
        let article = parse_one(
            r#"{"@context": "https://schema.org", "@type": "NewsArticle", "@id": "https://example.com/a#article",
                "headline": "Pact", "articleBody": "Text.", "datePublished": "2025-10-31T10:00:00+01:00",
                "author": [{"@type": "Person", "name": "Jane Doe"}, {"@type": "Person", "name": "John Roe"}],
                "publisher": {"@type": "Organization", "name": "Example Times"},
                "contentLocation": {"@type": "Place", "name": "Kuala Lumpur"},
                "mentions": [{"@type": "Person", "name": "Rajnath Singh"}, {"@type": "Place", "name": "Malaysia"}],
                "keywords": ["defence"], "articleSection": "World", "inLanguage": "en"}"#,
        );
        assert_eq!(article.url.as_deref(), Some("https://example.com/a#article"));
        assert_eq!(article.external_id.as_deref(), Some("https://example.com/a#article"));
        assert_eq!(article.body, "Text.");
        assert_eq!(article.date, parse_date("2025-10-31T09:00:00Z"));
        assert_eq!(article.authors, ["Jane Doe", "John Roe"]);
        assert_eq!(article.source.as_deref(), Some("Example Times"));
        assert_eq!(article.places, ["Kuala Lumpur"]);
        assert_eq!(article.people, ["Rajnath Singh"]);
        assert_eq!(article.topics, ["defence"]);
        assert_eq!(article.language.as_deref(), Some("en"));
    }

    #[test]
    fn first_usable_field_wins() {
        let article = parse_one(
            r#"{"title": "", "headline": "H", "text": "T", "content": "C", "summary": "S", "date": "soon", "published": 0}"#,
        );
        assert_eq!(article.title.as_deref(), Some("H"));
        assert_eq!(article.body, "T");
        assert_eq!(article.date, DateTime::from_timestamp(0, 0));
    }

    #[test]
    fn summary_is_the_last_resort_body() {
        assert_eq!(parse_one(r#"{"description": "Only a summary."}"#).body, "Only a summary.");
        assert_eq!(parse_one(r#"{"content": "<p>Para</p>"}"#).body, "Para");
    }

    #[test]
    fn unix_timestamps() {
        assert_eq!(parse_one(r#"{"title": "x", "date": 1761904800}"#).date, parse_date("2025-10-31T10:00:00Z"));
        assert_eq!(parse_one(r#"{"title": "x", "date": 1761904800000}"#).date, parse_date("2025-10-31T10:00:00Z"));
    }

    #[test]
    fn array_of_objects() {
        let results = parse(r#"[{"title": "A"}, 7, {"body": "B"}, {"other": 1}]"#);
        assert_eq!(results.len(), 4);
        assert_eq!(results[0].as_ref().unwrap().ordinal, 0);
        assert_eq!(results[1].as_ref().unwrap_err().reason, "element 1 is a number, not an object");
        assert_eq!(results[2].as_ref().unwrap().ordinal, 2);
        let reason = &results[3].as_ref().unwrap_err().reason;
        assert!(reason.starts_with("element 3: no title or body field (looked for title, headline"), "{reason}");
    }

    #[test]
    fn no_title_or_body() {
        let error = parse_error(r#"{"id": 1}"#);
        assert!(error.reason.starts_with("no title or body field (looked for title,"), "{}", error.reason);
    }

    #[test]
    fn truncated_json() {
        let error = parse_error("{\n  \"title\": \"A\",\n  \"body\": \"unfinished");
        assert_eq!(error.line, Some(3));
        assert!(error.reason.starts_with("invalid JSON at column"), "{}", error.reason);
        assert!(error.reason.contains("EOF while parsing"), "{}", error.reason);
        assert!(!error.reason.contains(" at line "), "{}", error.reason);
    }

    #[test]
    fn not_an_object() {
        assert_eq!(parse_error("\"text\"").reason, "expected an object or an array of objects, found a string");
    }

    #[test]
    fn json_lines_with_a_bad_line() {
        let text = "{\"title\": \"One\"}\r\n\n{\"title\": \"Two\", oops}\n[1, 2]\n{\"body\": \"Four\"}\n";
        let results = parse_lines(text);
        assert_eq!(results.len(), 4);
        let first = results[0].as_ref().unwrap();
        assert_eq!((first.ordinal, first.line), (0, Some(1)));
        let bad = results[1].as_ref().unwrap_err();
        assert_eq!(bad.line, Some(3));
        assert!(bad.reason.starts_with("invalid JSON at column 18: key must be a string"), "{}", bad.reason);
        assert_eq!(results[2].as_ref().unwrap_err(), &ReadError::new(Some(4), "expected an object, found an array"));
        let last = results[3].as_ref().unwrap();
        assert_eq!((last.ordinal, last.line, last.body.as_str()), (3, Some(5), "Four"));
    }
}
