//! Reuters-21578 SGML (`.sgm`): many `<REUTERS>` articles a file, each with its date, its topic,
//! place, people and organisation codes, and a `<TEXT>` of title, dateline and body.
//!
//! Scanned with `str::find`, not a general SGML parser: the collection's markup is regular, and a
//! 1.3 MB file parses in milliseconds.

use crate::article::Article;
use crate::calendar::month_number;
use crate::read::ReadError;
use crate::read::date::parse_date;
use crate::read::markup::{decode_entities, tidy_paragraphs};

/// Parses every `<REUTERS>` element of a Reuters-21578 SGML file, in order.
pub fn parse(text: &str) -> Vec<Result<Article, ReadError>> {
    let mut results = Vec::new();
    let mut search_from = 0;
    let mut line = 1_usize;
    let mut line_counted_to = 0;
    let mut ordinal: u32 = 0;
    while let Some(found) = find_markup(&text[search_from..], "<REUTERS") {
        let start = search_from + found;
        line += count_newlines(&text[line_counted_to..start]);
        line_counted_to = start;
        let Some(open_tag_len) = text[start..].find('>') else {
            results.push(Err(ReadError::new(Some(line), "unclosed <REUTERS tag")));
            break;
        };
        let attributes = &text[start + "<REUTERS".len()..start + open_tag_len];
        let content_start = start + open_tag_len + 1;
        let (content, next) = match find_markup(&text[content_start..], "</REUTERS>") {
            Some(length) => (&text[content_start..content_start + length], content_start + length + "</REUTERS>".len()),
            None => (&text[content_start..], text.len()),
        };
        let mut result = parse_element(attributes, content).map_err(|reason| ReadError::new(Some(line), reason));
        if let Ok(article) = &mut result {
            article.ordinal = ordinal;
            article.line = u32::try_from(line).ok();
            article.byte_offset = u64::try_from(start).ok();
        }
        results.push(result);
        ordinal = ordinal.saturating_add(1);
        search_from = next;
    }
    results
}

/// Where `tag` (which starts with `<`) first occurs in `text`. Faster than `str::find` here: it
/// jumps from `<` to `<` with memchr, and Reuters text escapes its own `<` as `&lt;`.
fn find_markup(text: &str, tag: &str) -> Option<usize> {
    debug_assert!(tag.starts_with('<'), "tags start with <");
    let mut search_from = 0;
    while let Some(offset) = text[search_from..].find('<') {
        let at = search_from + offset;
        if text[at..].starts_with(tag) {
            return Some(at);
        }
        search_from = at + 1;
    }
    None
}

fn count_newlines(text: &str) -> usize {
    text.bytes().filter(|byte| *byte == b'\n').count()
}

/// One article from the attributes and the content of a `<REUTERS>` element.
fn parse_element(attributes: &str, content: &str) -> Result<Article, String> {
    let mut article = Article {
        external_id: attribute(attributes, "NEWID").map(str::to_string),
        date: element(content, DATE).and_then(|date| parse_date(&decode_entities(date))),
        topics: codes(content, TOPICS),
        places: codes(content, PLACES),
        people: codes(content, PEOPLE),
        orgs: codes(content, ORGS),
        ..Article::default()
    };
    let Some((text_attributes, text)) = element_with_attributes(content, TEXT) else {
        return Err("no <TEXT> element".to_string());
    };
    article.title =
        element(text, TITLE).map(|title| single_line(&decode_entities(title))).filter(|title| !title.is_empty());
    article.location = element(text, DATELINE).and_then(|dateline| dateline_place(&decode_entities(dateline)));
    let text_type = attribute(text_attributes, "TYPE");
    article.body = match element(text, BODY) {
        Some(body) => reuters_paragraphs(&decode_entities(body)),
        None if text_type == Some("BRIEF") => String::new(),
        None => tidy_paragraphs(&decode_entities(&without_elements(text, &[TITLE, DATELINE]))),
    };
    // An empty TEXT (a few UNPROC items) is kept: it is one of the collection's 21,578 documents,
    // with its id, date and codes.
    Ok(article)
}

/// The value of `NAME="value"` among a tag's attributes.
fn attribute<'a>(attributes: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = attributes;
    loop {
        let at = rest.find(name)?;
        let preceded_by_space = at == 0 || rest[..at].ends_with(char::is_whitespace);
        let after = &rest[at + name.len()..];
        if preceded_by_space && let Some(quoted) = after.trim_start().strip_prefix('=').map(str::trim_start) {
            let value = quoted.strip_prefix('"')?;
            return value.find('"').map(|end| &value[..end]);
        }
        rest = after;
    }
}

/// An SGML element name with its tags spelled out once (no allocation per lookup).
#[derive(Debug, Clone, Copy)]
struct Element {
    /// `<NAME` (attributes may follow)
    open: &'static str,
    /// `</NAME>`
    close: &'static str,
}

macro_rules! element {
    ($name:literal) => {
        Element { open: concat!("<", $name), close: concat!("</", $name, ">") }
    };
}

const DATE: Element = element!("DATE");
const TOPICS: Element = element!("TOPICS");
const PLACES: Element = element!("PLACES");
const PEOPLE: Element = element!("PEOPLE");
const ORGS: Element = element!("ORGS");
const TEXT: Element = element!("TEXT");
const TITLE: Element = element!("TITLE");
const DATELINE: Element = element!("DATELINE");
const BODY: Element = element!("BODY");

/// The raw content of the first `<NAME>…</NAME>` in `content`.
fn element(content: &str, name: Element) -> Option<&str> {
    element_with_attributes(content, name).map(|(_, inner)| inner)
}

/// The attributes and raw content of the first `<NAME …>…</NAME>` in `content`; an unclosed element
/// runs to the end of `content`.
fn element_with_attributes(content: &str, name: Element) -> Option<(&str, &str)> {
    let mut search_from = 0;
    let tag_start = loop {
        let at = search_from + find_markup(&content[search_from..], name.open)?;
        let next_char = content[at + name.open.len()..].chars().next();
        if matches!(next_char, Some('>' | ' ' | '\t' | '\n')) {
            break at;
        }
        search_from = at + name.open.len();
    };
    let tag_end = tag_start + content[tag_start..].find('>')?;
    let attributes = &content[tag_start + name.open.len()..tag_end];
    let inner_start = tag_end + 1;
    let inner_end =
        find_markup(&content[inner_start..], name.close).map_or(content.len(), |length| inner_start + length);
    Some((attributes, &content[inner_start..inner_end]))
}

/// The `<D>` codes of a list element such as `<PLACES><D>usa</D><D>uruguay</D></PLACES>`.
fn codes(content: &str, name: Element) -> Vec<String> {
    let Some(list) = element(content, name) else {
        return Vec::new();
    };
    list.split("<D>")
        .skip(1)
        .filter_map(|item| {
            let code = decode_entities(item.split("</D>").next().unwrap_or(item));
            let code = code.trim();
            (!code.is_empty()).then(|| code.to_string())
        })
        .collect()
}

/// `text` with the named elements (tags and content) cut out.
fn without_elements(text: &str, names: &[Element]) -> String {
    let mut remaining = text.to_string();
    for name in names {
        if let Some(start) = remaining.find(name.open) {
            let end =
                remaining[start..].find(name.close).map_or(remaining.len(), |length| start + length + name.close.len());
            remaining.replace_range(start..end, "\n");
        }
    }
    remaining
}

/// Whitespace (line breaks included) collapsed to single spaces.
fn single_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A Reuters body as paragraphs: an indented line starts a new paragraph (Reuters indents each
/// paragraph by four spaces); lines are otherwise kept as written.
fn reuters_paragraphs(body: &str) -> String {
    let mut text = String::with_capacity(body.len());
    for line in body.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        if !text.is_empty() {
            text.push_str(if line.starts_with(char::is_whitespace) { "\n\n" } else { "\n" });
        }
        text.push_str(trimmed);
    }
    text
}

/// The place of a Reuters dateline, as written: `    SALVADOR, Feb 26 - ` → `SALVADOR`;
/// `VIENNA, Va., April 13 -` → `VIENNA`; `JOHANNESBURG March 13 -` → `JOHANNESBURG`. `None` for
/// the few datelines that hold table debris instead of a place.
fn dateline_place(dateline: &str) -> Option<String> {
    let trimmed = dateline.trim().trim_end_matches(['-', ' ']).trim();
    let head = trimmed.split(',').next().unwrap_or(trimmed).trim();
    let words: Vec<&str> = head.split_whitespace().collect();
    let place_words = match words.as_slice() {
        [place @ .., month, day]
            if !place.is_empty() && month_number(month).is_some() && day.chars().all(|c| c.is_ascii_digit()) =>
        {
            place
        }
        all => all,
    };
    let place = place_words.join(" ");
    let plausible = place.starts_with(|c: char| c.is_uppercase())
        && !place.chars().any(|c| c.is_ascii_digit())
        && place.chars().filter(|c| c.is_alphabetic()).count() >= 2;
    plausible.then_some(place)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO_ARTICLES: &str = r#"<!DOCTYPE lewis SYSTEM "lewis.dtd">
<REUTERS TOPICS="YES" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="5544" NEWID="1">
<DATE>26-FEB-1987 15:01:01.79</DATE>
<TOPICS><D>cocoa</D></TOPICS>
<PLACES><D>el-salvador</D><D>usa</D><D>uruguay</D></PLACES>
<PEOPLE><D>james-baker</D></PEOPLE>
<ORGS></ORGS>
<EXCHANGES></EXCHANGES>
<COMPANIES></COMPANIES>
<UNKNOWN> 
&#5;&#5;&#5;C T
&#22;&#22;&#1;f0704&#31;reute
u f BC-BAHIA-COCOA-REVIEW   02-26 0105</UNKNOWN>
<TEXT>&#2;
<TITLE>BAHIA COCOA &lt;REVIEW&gt;</TITLE>
<DATELINE>    SALVADOR, Feb 26 - </DATELINE><BODY>Showers continued throughout the week in
the Bahia cocoa zone &amp; beyond.
    The dry period means the temporao will be late this year.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
<REUTERS TOPICS="NO" NEWID="2">
<DATE>26-FEB-1987 15:02:20.00</DATE>
<TOPICS></TOPICS>
<TEXT TYPE="BRIEF">&#2;
******<TITLE>ASSETS OF MONEY MARKET MUTUAL FUNDS ROSE 720.4 MLN DLRS IN LATEST WEEK
</TITLE>Blah blah blah.
&#3;

</TEXT>
</REUTERS>
"#;

    #[test]
    fn full_article() {
        let results = parse(TWO_ARTICLES);
        assert_eq!(results.len(), 2);
        let article = results[0].as_ref().unwrap();
        assert_eq!(article.external_id.as_deref(), Some("1"));
        assert_eq!(article.date, parse_date("1987-02-26T15:01:01.79Z"));
        assert_eq!(article.topics, ["cocoa"]);
        assert_eq!(article.places, ["el-salvador", "usa", "uruguay"]);
        assert_eq!(article.people, ["james-baker"]);
        assert!(article.orgs.is_empty());
        assert_eq!(article.title.as_deref(), Some("BAHIA COCOA <REVIEW>"));
        assert_eq!(article.location.as_deref(), Some("SALVADOR"));
        assert_eq!(
            article.body,
            "Showers continued throughout the week in\nthe Bahia cocoa zone & beyond.\n\nThe dry period means the temporao will be late this year.\n\nReuter"
        );
        assert_eq!((article.ordinal, article.line, article.byte_offset), (0, Some(2), Some(36)));
    }

    #[test]
    fn brief_article_keeps_title_only() {
        let results = parse(TWO_ARTICLES);
        let article = results[1].as_ref().unwrap();
        assert_eq!(article.external_id.as_deref(), Some("2"));
        assert_eq!(
            article.title.as_deref(),
            Some("ASSETS OF MONEY MARKET MUTUAL FUNDS ROSE 720.4 MLN DLRS IN LATEST WEEK")
        );
        assert_eq!(article.body, "");
        assert_eq!(article.location, None);
        assert_eq!((article.ordinal, article.line), (1, Some(22)));
        let byte_offset = TWO_ARTICLES.find("<REUTERS TOPICS=\"NO\"").map(|offset| offset as u64);
        assert_eq!(article.byte_offset, byte_offset);
    }

    #[test]
    fn unprocessed_text_is_the_body() {
        let text = "<REUTERS NEWID=\"7\"><DATE>26-FEB-1987 15:09:00.00</DATE>\n<TEXT TYPE=\"UNPROC\">&#2;\nFEDERAL RESERVE WEEKLY REPORT 1 - FEB 26\n    Two weeks ended Feb 25      daily avgs-mlns\n Net free reserves.............644 vs.....1,337\n&#3;</TEXT></REUTERS>";
        let results = parse(text);
        let article = results[0].as_ref().unwrap();
        assert_eq!(article.title, None);
        assert_eq!(
            article.body,
            "FEDERAL RESERVE WEEKLY REPORT 1 - FEB 26\n    Two weeks ended Feb 25      daily avgs-mlns\n Net free reserves.............644 vs.....1,337"
        );
    }

    #[test]
    fn broken_elements_never_panic() {
        for text in [
            "<REUTERS",
            "<REUTERS NEWID=\"1\">",
            "<REUTERS NEWID=\"1\"><TEXT><TITLE>Cut off",
            "<REUTERS NEWID=\"1><TEXT>x</TEXT></REUTERS>",
            "<REUTERS><TEXT TYPE=\"BRIEF\"></TEXT></REUTERS>",
            "<REUTERS><DATE>&#</DATE><TEXT TYPE=\"UNPROC\">&#2;\n&#3;\n</TEXT></REUTERS>",
            "<REUTERS><DATE>&#</DATE><TEXT><BODY>&#x;&#99999999999;</BODY></TEXT></REUTERS>",
        ] {
            let _ = parse(text);
        }
        assert!(parse("no articles here").is_empty());
        assert_eq!(parse("<REUTERS NEWID=\"1\"></REUTERS>")[0], Err(ReadError::new(Some(1), "no <TEXT> element")));
        assert_eq!(
            parse("<REUTERS NEWID=\"1\"><TEXT><TITLE>Cut off")[0].as_ref().unwrap().title.as_deref(),
            Some("Cut off")
        );
    }

    #[test]
    fn attributes() {
        assert_eq!(attribute(r#" TOPICS="YES" OLDID="5544" NEWID="1""#, "NEWID"), Some("1"));
        assert_eq!(attribute(r#" OLDNEWID="9" NEWID = "2""#, "NEWID"), Some("2"));
        assert_eq!(attribute(r#" TOPICS="YES""#, "NEWID"), None);
    }

    #[track_caller]
    fn assert_place(dateline: &str, expected: Option<&str>) {
        assert_eq!(dateline_place(dateline).as_deref(), expected, "dateline {dateline:?}");
    }

    #[test]
    fn dateline_places() {
        assert_place("    SALVADOR, Feb 26 - ", Some("SALVADOR"));
        assert_place("    NEW YORK, June 18 -", Some("NEW YORK"));
        assert_place("    VIENNA, Va., April 13 - ", Some("VIENNA"));
        assert_place("    RIO DE JANEIRO, March 30 - ", Some("RIO DE JANEIRO"));
        assert_place("    JOHANNESBURG March 13 -", Some("JOHANNESBURG"));
        assert_place("    TOKYO - ", Some("TOKYO"));
        assert_place("    Chicago, April 1 - ", Some("Chicago"));
        assert_place(" us        7.8015 - ", None);
        assert_place("H  6.12  -  5.87 2  MTH  6.50  -  6.25 3  MTH  6.62  -  ", None);
        assert_place("", None);
    }

    /// Reads the whole Reuters-21578 collection: `cargo test --lib reuters_collection -- --ignored --nocapture`.
    #[test]
    #[ignore = "reads ../shared/corpora/reuters21578 (28 MB)"]
    fn reuters_collection() {
        let directory = std::path::Path::new("../shared/corpora/reuters21578");
        let mut paths: Vec<_> = std::fs::read_dir(directory).unwrap().map(|entry| entry.unwrap().path()).collect();
        paths.sort();
        assert_eq!(paths.len(), 22);
        let (mut articles, mut with_body, mut with_location, mut with_date, mut parse_time) =
            (0, 0, 0, 0, std::time::Duration::ZERO);
        for path in &paths {
            let bytes = std::fs::read(path).unwrap();
            let (text, warning) = crate::read::decode(&bytes);
            if let Some(warning) = warning {
                println!("{}: {warning}", path.display());
            }
            // The best of three runs: the machine may be busy with other work.
            let mut fastest = std::time::Duration::MAX;
            let mut results = Vec::new();
            for _ in 0..3 {
                let started = std::time::Instant::now();
                results = parse(&text);
                fastest = fastest.min(started.elapsed());
            }
            parse_time += fastest;
            for result in &results {
                let article = result.as_ref().unwrap_or_else(|error| panic!("{}: {error}", path.display()));
                articles += 1;
                with_body += usize::from(!article.body.is_empty());
                with_location += usize::from(article.location.is_some());
                with_date += usize::from(article.date.is_some());
            }
            let via_read_bytes = crate::read::read_bytes(crate::read::Format::Sgml, &bytes).unwrap();
            assert_eq!(via_read_bytes.articles.len(), results.len());
        }
        println!(
            "{articles} articles, {with_body} with a body, {with_location} with a location, {with_date} with a date; parse time {parse_time:?}"
        );
        assert_eq!(articles, 21_578);
        assert_eq!(with_date, 21_578);
    }
}
