//! Plain-text articles (`.txt`): an optional `Key: value` header block, a short first line as the
//! title, the rest as the body. A dateline stays at the start of the body for `extract` to find.

use crate::article::Article;
use crate::read::ReadError;
use crate::read::date::parse_date;
use crate::read::json::looks_like_url;
use crate::read::keys::{Field, header_fields};
use crate::read::markup::tidy_paragraphs;

/// The longest first line taken as a title.
const MAX_TITLE_CHARS: usize = 120;

/// The header key named `name` is one newsdex knows ([`crate::read::keys`], case ignored).
fn is_known_header(name: &str) -> bool {
    header_fields(name).next().is_some()
}

/// `Key: value` → (`Key`, `value`) when the key looks like a header name (a few words, no
/// punctuation), whether or not newsdex knows it.
fn split_header_line(line: &str) -> Option<(&str, &str)> {
    let (name, value) = line.split_once(':')?;
    let looks_like_name = !name.is_empty()
        && name.len() <= 30
        && name.starts_with(|c: char| c.is_alphabetic())
        && name.chars().all(|c| c.is_alphanumeric() || c == ' ' || c == '-' || c == '_');
    looks_like_name.then_some((name, value.trim()))
}

/// A list value: split on `,` or `;`, trimmed, empty items dropped.
fn split_list(value: &str) -> Vec<String> {
    value.split([',', ';']).map(str::trim).filter(|item| !item.is_empty()).map(str::to_string).collect()
}

/// Fills `article`'s `field` from a header line; a later line for the same field wins, but an
/// identifier (`Uri:`) never replaces a URL.
fn apply_header(article: &mut Article, field: Field, value: &str) {
    if value.is_empty() {
        return;
    }
    let text = Some(value.to_string());
    match field {
        Field::Title => article.title = text,
        Field::Date => article.date = parse_date(value),
        Field::Location => article.location = text,
        Field::Places => article.places = split_list(value),
        Field::People => article.people = split_list(value),
        Field::Orgs => article.orgs = split_list(value),
        Field::Companies => article.companies = split_list(value),
        Field::Topics => article.topics = split_list(value),
        Field::Source => article.source = text,
        Field::Url => article.url = text,
        Field::UrlIfHttp => {
            if article.url.is_none() && looks_like_url(value) {
                article.url = text;
            }
        }
        Field::Authors => article.authors = split_list(value),
        Field::Language => article.language = text,
        Field::Id => article.external_id = text,
        // The body is the text after the header.
        Field::Body | Field::HtmlBody | Field::Summary => {}
    }
}

/// Parses one plain-text article. Never more than one result; an `Err` when there is neither a title
/// nor a body.
pub fn parse(text: &str) -> Vec<Result<Article, ReadError>> {
    let normalized = text.replace("\r\n", "\n");
    let lines: Vec<&str> = normalized.split('\n').collect();
    let mut article = Article::default();
    let mut next_line = 0;

    let first_is_known_header =
        lines.first().and_then(|line| split_header_line(line)).is_some_and(|(name, _)| is_known_header(name));
    if first_is_known_header {
        while let Some(line) = lines.get(next_line) {
            let Some((name, value)) = split_header_line(line) else {
                break;
            };
            for field in header_fields(name) {
                apply_header(&mut article, field, value);
            }
            next_line += 1;
        }
    }
    while lines.get(next_line).is_some_and(|line| line.trim().is_empty()) {
        next_line += 1;
    }

    if article.title.is_none()
        && let Some(title) = title_line(&lines[next_line.min(lines.len())..])
    {
        article.title = Some(title.to_string());
        next_line += 1;
    }
    let rest = lines.get(next_line..).unwrap_or_default().join("\n");
    article.body = tidy_paragraphs(&rest);

    if article.title.is_none() && article.body.is_empty() {
        return vec![Err(ReadError::new(None, "no title or body (only a header)"))];
    }
    vec![Ok(article)]
}

/// The first of `lines` when it reads as a title: short, not ending a sentence with a period, and
/// followed by a blank line or by text that starts like a new sentence (not a hard-wrapped
/// continuation).
fn title_line<'a>(lines: &[&'a str]) -> Option<&'a str> {
    let (first, rest) = lines.split_first()?;
    let title = first.trim();
    let has_text_after = rest.iter().any(|line| !line.trim().is_empty());
    if title.is_empty()
        || !has_text_after
        || title.chars().count() > MAX_TITLE_CHARS
        || title.ends_with('.')
        || !title.chars().any(char::is_alphabetic)
    {
        return None;
    }
    let next = rest.first().map(|line| line.trim()).unwrap_or_default();
    if next.is_empty() {
        return Some(title);
    }
    let continues_sentence = title.ends_with([',', ';', ':', '-'])
        || next.starts_with(|c: char| c.is_lowercase())
        || next.starts_with(|c: char| !c.is_alphanumeric() && !matches!(c, '"' | '\'' | '“' | '‘' | '('));
    (!continues_sentence).then_some(title)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn parse_one(text: &str) -> Article {
        let mut results = parse(text);
        assert_eq!(results.len(), 1);
        results.remove(0).expect("parses")
    }

    #[test]
    fn title_then_body() {
        let article =
            parse_one("Cocoa rains in Bahia\n\nShowers continued throughout the week.\n\nSecond paragraph.\n");
        assert_eq!(article.title.as_deref(), Some("Cocoa rains in Bahia"));
        assert_eq!(article.body, "Showers continued throughout the week.\n\nSecond paragraph.");
    }

    #[test]
    fn title_directly_followed_by_text() {
        let article = parse_one("BAHIA COCOA REVIEW\nShowers continued throughout the week.");
        assert_eq!(article.title.as_deref(), Some("BAHIA COCOA REVIEW"));
        assert_eq!(article.body, "Showers continued throughout the week.");
    }

    #[test]
    fn hard_wrapped_first_line_is_not_a_title() {
        let article = parse_one("Showers continued throughout the week in\nthe Bahia cocoa zone.");
        assert_eq!(article.title, None);
        assert_eq!(article.body, "Showers continued throughout the week in\nthe Bahia cocoa zone.");
    }

    #[test]
    fn sentence_first_line_is_not_a_title() {
        let article = parse_one("The minister resigned.\n\nMore later.");
        assert_eq!(article.title, None);
        assert_eq!(article.body, "The minister resigned.\n\nMore later.");
    }

    #[test]
    fn long_first_line_with_dateline_stays_in_body() {
        let text = std::fs::read_to_string("../shared/corpora/seeds/000_0a08bd7476022494.txt").unwrap_or_else(|_| {
            format!("Kuala Lumpur | In a major boost {}, India and the US signed.\nMore.", "x".repeat(120))
        });
        let article = parse_one(&text);
        assert_eq!(article.title, None);
        assert!(article.body.starts_with("Kuala Lumpur | In a major boost"));
    }

    #[test]
    fn single_line_is_body() {
        let article = parse_one("Just one short line");
        assert_eq!(article.title, None);
        assert_eq!(article.body, "Just one short line");
    }

    #[test]
    fn header_block() {
        let text = "Title: Defence pact signed\r\nDATE: 2025-10-31\r\nlocation: Kuala Lumpur\r\nPlaces: India, United States; Malaysia\r\nPeople: Rajnath Singh, Pete Hegseth\r\nTopics: defence\r\nSource: Example Times\r\nURL: https://example.com/a\r\nAuthor: A. Writer\r\nLanguage: en\r\nX-Unknown: ignored\r\n\r\nKuala Lumpur | India and the US signed.   \r\n";
        let article = parse_one(text);
        assert_eq!(article.title.as_deref(), Some("Defence pact signed"));
        assert_eq!(article.date, parse_date("2025-10-31"));
        assert_eq!(article.location.as_deref(), Some("Kuala Lumpur"));
        assert_eq!(article.places, ["India", "United States", "Malaysia"]);
        assert_eq!(article.people, ["Rajnath Singh", "Pete Hegseth"]);
        assert_eq!(article.topics, ["defence"]);
        assert_eq!(article.source.as_deref(), Some("Example Times"));
        assert_eq!(article.url.as_deref(), Some("https://example.com/a"));
        assert_eq!(article.authors, ["A. Writer"]);
        assert_eq!(article.language.as_deref(), Some("en"));
        assert_eq!(article.body, "Kuala Lumpur | India and the US signed.");
    }

    #[test]
    fn header_without_title_takes_first_line() {
        let article = parse_one("Date: 2025-10-31\n\nHeadline here\n\nBody.");
        assert_eq!(article.title.as_deref(), Some("Headline here"));
        assert_eq!(article.body, "Body.");
    }

    #[test]
    fn unknown_first_key_is_not_a_header() {
        let article = parse_one("Note: this is text\n\nBody.");
        assert_eq!(article.title.as_deref(), Some("Note: this is text"));
        assert_eq!(article.body, "Body.");
    }

    #[test]
    fn header_ending_at_non_header_line() {
        let article = parse_one("Title: T\nThe body starts here.");
        assert_eq!(article.title.as_deref(), Some("T"));
        assert_eq!(article.body, "The body starts here.");
    }

    #[test]
    fn bad_header_date_is_ignored() {
        let article = parse_one("Date: sometime\n\nBody text.");
        assert_eq!(article.date, None);
        assert_eq!(article.body, "Body text.");
    }

    #[test]
    fn header_only_is_an_error() {
        let results = parse("Date: 2025-10-31\nTopics: a\n");
        assert!(matches!(&results[..], [Err(error)] if error.reason.contains("no title or body")));
    }
}
