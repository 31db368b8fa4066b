//! Markdown articles (`.md`, `.markdown`): YAML (`---`) or TOML (`+++`) front matter for metadata,
//! the Markdown body turned into plain text, a leading `# Heading` as the title when the front
//! matter gives none.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde_json::{Map, Value};

use crate::article::Article;
use crate::read::ReadError;
use crate::read::json::fill_metadata;
use crate::read::markup::tidy_paragraphs;

/// Parses one Markdown article. Invalid front matter is an `Err` with the line and the parser's
/// reason (the file is then skipped); so is a file with neither a title nor a body.
pub fn parse(text: &str) -> Vec<Result<Article, ReadError>> {
    vec![parse_article(text)]
}

fn parse_article(text: &str) -> Result<Article, ReadError> {
    let normalized = text.replace("\r\n", "\n");
    let (front_matter, markdown) = split_front_matter(&normalized)?;
    let mut article = Article::default();
    if let Some(front_matter) = front_matter {
        fill_metadata(&mut article, &parse_front_matter(&front_matter)?);
    }
    let plain = markdown_to_text(markdown, article.title.is_none());
    if article.title.is_none() {
        article.title = plain.heading;
    }
    article.body = plain.body;
    if article.title.is_none() && article.body.is_empty() {
        return Err(ReadError::new(None, "no title or body"));
    }
    Ok(article)
}

/// Which syntax the front matter is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Syntax {
    Yaml,
    Toml,
}

/// Front matter found at the top of a file: its syntax, its text and the 1-based line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
struct FrontMatter<'a> {
    syntax: Syntax,
    text: &'a str,
    first_line: usize,
}

/// Splits off the front matter (if the file opens with `---` or `+++`) from the Markdown after it.
fn split_front_matter(text: &str) -> Result<(Option<FrontMatter<'_>>, &str), ReadError> {
    let first_line_end = text.find('\n').unwrap_or(text.len());
    let (syntax, closers): (Syntax, &[&str]) = match text[..first_line_end].trim_end() {
        "---" => (Syntax::Yaml, &["---", "..."]),
        "+++" => (Syntax::Toml, &["+++"]),
        _ => return Ok((None, text)),
    };
    let content_start = (first_line_end + 1).min(text.len());
    let mut line_start = content_start;
    while line_start < text.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |offset| line_start + offset);
        if closers.contains(&text[line_start..line_end].trim_end()) {
            let front_matter = FrontMatter {
                syntax,
                text: &text[content_start..line_start],
                first_line: 2,
            };
            let rest = text.get(line_end + 1..).unwrap_or_default();
            return Ok((Some(front_matter), rest));
        }
        line_start = line_end + 1;
    }
    let opener = if syntax == Syntax::Yaml { "---" } else { "+++" };
    Err(ReadError::new(
        Some(1),
        format!("front matter opened with `{opener}` is never closed"),
    ))
}

/// The front matter as a JSON object, so the JSON reader's field names apply.
fn parse_front_matter(front_matter: &FrontMatter<'_>) -> Result<Map<String, Value>, ReadError> {
    let value = match front_matter.syntax {
        Syntax::Yaml => serde_norway::from_str::<Value>(front_matter.text)
            .map_err(|error| yaml_error(&error, front_matter))?,
        Syntax::Toml => {
            let table = toml::from_str::<toml::Table>(front_matter.text)
                .map_err(|error| toml_error(&error, front_matter))?;
            toml_to_json(toml::Value::Table(table))
        }
    };
    match value {
        Value::Object(object) => Ok(object),
        Value::Null => Ok(Map::new()),
        _ => Err(ReadError::new(
            Some(front_matter.first_line),
            "invalid front matter: expected `key: value` pairs",
        )),
    }
}

fn yaml_error(error: &serde_norway::Error, front_matter: &FrontMatter<'_>) -> ReadError {
    let message = error.to_string();
    match error.location() {
        Some(location) => {
            let suffix = format!(" at line {} column {}", location.line(), location.column());
            let reason = message.strip_suffix(&suffix).unwrap_or(&message);
            let line = front_matter.first_line + location.line().saturating_sub(1);
            ReadError::new(Some(line), format!("invalid YAML front matter: {reason}"))
        }
        None => ReadError::new(
            Some(front_matter.first_line),
            format!("invalid YAML front matter: {message}"),
        ),
    }
}

fn toml_error(error: &toml::de::Error, front_matter: &FrontMatter<'_>) -> ReadError {
    let line_in_front_matter = error.span().map_or(0, |span| {
        front_matter
            .text
            .get(..span.start)
            .unwrap_or_default()
            .matches('\n')
            .count()
    });
    let reason = error.message().trim_end();
    ReadError::new(
        Some(front_matter.first_line + line_in_front_matter),
        format!("invalid TOML front matter: {reason}"),
    )
}

/// A TOML value as JSON; datetimes become their RFC 3339 text.
fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(text) => Value::String(text),
        toml::Value::Integer(number) => Value::from(number),
        toml::Value::Float(number) => Value::from(number),
        toml::Value::Boolean(flag) => Value::Bool(flag),
        toml::Value::Datetime(datetime) => Value::String(datetime.to_string()),
        toml::Value::Array(elements) => {
            Value::Array(elements.into_iter().map(toml_to_json).collect())
        }
        toml::Value::Table(table) => Value::Object(
            table
                .into_iter()
                .map(|(key, value)| (key, toml_to_json(value)))
                .collect(),
        ),
    }
}

/// Markdown rendered as plain text, and the leading level-1 heading when it was taken out.
#[derive(Debug, Default, PartialEq)]
struct PlainText {
    heading: Option<String>,
    body: String,
}

/// Markdown → plain text: each block (heading, paragraph, list item, quote, code block, table row)
/// becomes a paragraph; text and inline code are kept, links keep their text, images and raw HTML
/// are dropped. With `take_heading`, a level-1 heading that is the first block becomes the title.
fn markdown_to_text(markdown: &str, take_heading: bool) -> PlainText {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES;
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut heading = None;
    let mut in_title_heading = false;
    let mut image_depth = 0_usize;
    let mut seen_block = false;

    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(Tag::Image { .. }) => image_depth += 1,
            Event::End(TagEnd::Image) => image_depth = image_depth.saturating_sub(1),
            _ if image_depth > 0 => {}
            Event::Start(Tag::Heading { level, .. }) => {
                flush(&mut current, &mut paragraphs);
                in_title_heading = take_heading && !seen_block && level == HeadingLevel::H1;
                seen_block = true;
            }
            Event::End(TagEnd::Heading(_)) => {
                if in_title_heading {
                    let title = current.split_whitespace().collect::<Vec<_>>().join(" ");
                    heading = (!title.is_empty()).then_some(title);
                    current.clear();
                    in_title_heading = false;
                } else {
                    flush(&mut current, &mut paragraphs);
                }
            }
            Event::Start(
                Tag::Paragraph
                | Tag::Item
                | Tag::BlockQuote(_)
                | Tag::CodeBlock(_)
                | Tag::TableRow
                | Tag::TableHead
                | Tag::FootnoteDefinition(_),
            )
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::TableRow
                | TagEnd::TableHead
                | TagEnd::FootnoteDefinition,
            )
            | Event::Rule => {
                flush(&mut current, &mut paragraphs);
                seen_block = true;
            }
            Event::End(TagEnd::TableCell) => current.push_str("  "),
            Event::Text(text) | Event::Code(text) => current.push_str(&text),
            Event::SoftBreak => current.push(' '),
            Event::HardBreak => current.push('\n'),
            _ => {}
        }
    }
    flush(&mut current, &mut paragraphs);
    PlainText {
        heading,
        body: tidy_paragraphs(&paragraphs.join("\n\n")),
    }
}

/// Ends the current paragraph, keeping it when it holds text.
fn flush(current: &mut String, paragraphs: &mut Vec<String>) {
    let trimmed = current.trim();
    if !trimmed.is_empty() {
        paragraphs.push(trimmed.to_string());
    }
    current.clear();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::date::parse_date;

    #[track_caller]
    fn parse_one(text: &str) -> Article {
        let mut results = parse(text);
        assert_eq!(results.len(), 1);
        results.remove(0).expect("parses")
    }

    #[track_caller]
    fn parse_error(text: &str) -> ReadError {
        parse(text).remove(0).expect_err("fails")
    }

    #[test]
    fn yaml_front_matter() {
        let article = parse_one(
            "---\ntitle: Defence pact\ndate: 2025-10-31\nlocation: Kuala Lumpur\nplaces: [India, United States]\npeople: Rajnath Singh, Pete Hegseth\ntags:\n  - defence\nauthors: [Jane Doe]\nsource: Example Times\nurl: https://example.com/a\nlanguage: en\n---\n\nKuala Lumpur | The *pact* was signed.\n",
        );
        assert_eq!(article.title.as_deref(), Some("Defence pact"));
        assert_eq!(article.date, parse_date("2025-10-31"));
        assert_eq!(article.location.as_deref(), Some("Kuala Lumpur"));
        assert_eq!(article.places, ["India", "United States"]);
        assert_eq!(article.people, ["Rajnath Singh", "Pete Hegseth"]);
        assert_eq!(article.topics, ["defence"]);
        assert_eq!(article.authors, ["Jane Doe"]);
        assert_eq!(article.source.as_deref(), Some("Example Times"));
        assert_eq!(article.url.as_deref(), Some("https://example.com/a"));
        assert_eq!(article.language.as_deref(), Some("en"));
        assert_eq!(article.body, "Kuala Lumpur | The pact was signed.");
    }

    #[test]
    fn toml_front_matter_with_datetime() {
        let article = parse_one(
            "+++\r\ntitle = \"Pact\"\r\ndate = 2025-10-31T10:00:00Z\r\ntopics = \"defence, diplomacy\"\r\nauthor = \"Jane Doe\"\r\n+++\r\nBody.\r\n",
        );
        assert_eq!(article.title.as_deref(), Some("Pact"));
        assert_eq!(article.date, parse_date("2025-10-31T10:00:00Z"));
        assert_eq!(article.topics, ["defence", "diplomacy"]);
        assert_eq!(article.authors, ["Jane Doe"]);
        assert_eq!(article.body, "Body.");
    }

    #[test]
    fn toml_local_date() {
        let article = parse_one("+++\ndate = 2025-10-31\n+++\nBody.");
        assert_eq!(article.date, parse_date("2025-10-31"));
    }

    #[test]
    fn heading_becomes_title() {
        let article = parse_one(
            "# The *big* `news`\n\nFirst para with a [link](https://x.y) and ![a cat](cat.png).\n\n## Sub heading\n\n- item one\n- item _two_\n\n> quoted\n\n```\ncode block\n```\n",
        );
        assert_eq!(article.title.as_deref(), Some("The big news"));
        assert_eq!(
            article.body,
            "First para with a link and .\n\nSub heading\n\nitem one\n\nitem two\n\nquoted\n\ncode block"
        );
    }

    #[test]
    fn front_matter_title_wins_over_heading() {
        let article = parse_one("---\ntitle: Given\n---\n# Heading\n\nBody.");
        assert_eq!(article.title.as_deref(), Some("Given"));
        assert_eq!(article.body, "Heading\n\nBody.");
    }

    #[test]
    fn heading_after_text_is_not_the_title() {
        let article = parse_one("Intro.\n\n# Later heading\n");
        assert_eq!(article.title, None);
        assert_eq!(article.body, "Intro.\n\nLater heading");
    }

    #[test]
    fn no_front_matter() {
        let article = parse_one("Just **text**\nwrapped.");
        assert_eq!(article.title, None);
        assert_eq!(article.body, "Just text wrapped.");
    }

    #[test]
    fn empty_front_matter() {
        assert_eq!(parse_one("---\n---\nBody.").body, "Body.");
    }

    #[test]
    fn bad_yaml_front_matter() {
        let error = parse_error("---\ntitle: ok\ntags: [unclosed\n---\nBody.");
        assert!(
            error.line.is_some_and(|line| (2..=5).contains(&line)),
            "{error:?}"
        );
        assert!(
            error.reason.starts_with("invalid YAML front matter: "),
            "{}",
            error.reason
        );
        let error = parse_error("---\ntitle: a\n  bad: indentation\n---\n");
        assert!(
            error.reason.starts_with("invalid YAML front matter: "),
            "{}",
            error.reason
        );
    }

    #[test]
    fn yaml_that_is_not_a_mapping() {
        let error = parse_error("---\n- a\n- b\n---\nBody.");
        assert_eq!(
            error,
            ReadError::new(Some(2), "invalid front matter: expected `key: value` pairs")
        );
    }

    #[test]
    fn bad_toml_front_matter() {
        let error = parse_error("+++\ntitle = \"ok\"\ndate = = 3\n+++\nBody.");
        assert_eq!(error.line, Some(3), "{error:?}");
        assert!(
            error.reason.starts_with("invalid TOML front matter: "),
            "{}",
            error.reason
        );
    }

    #[test]
    fn unclosed_front_matter() {
        assert_eq!(
            parse_error("---\ntitle: x\nBody."),
            ReadError::new(Some(1), "front matter opened with `---` is never closed")
        );
    }

    #[test]
    fn nothing_but_front_matter() {
        assert_eq!(
            parse_error("---\ndate: 2025-10-31\n---\n").reason,
            "no title or body"
        );
    }
}
