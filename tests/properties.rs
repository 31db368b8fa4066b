//! Properties of the readers, extractors, highlighter and query parser on generated input: text
//! from every Unicode plane (combining marks, right-to-left text, emoji, NUL, BOM, zero-width and
//! no-break spaces, very long words) mixed with news-like pieces (datelines, capitalised names,
//! titles, currency, quotes, SGML tags, front matter) so the extractors' deep paths run.
//!
//! Beyond "no panic": extracted values are trimmed and non-empty, dates lie in a sane range, a
//! detected language is a two-letter code, highlight ranges are inside their passage, on char
//! boundaries, sorted and disjoint, and a query error's column points into the query.
//!
//! `cargo test` runs a bounded number of cases; set `PROPTEST_CASES=20000` to run many more.

use std::sync::OnceLock;

use chrono::Datelike;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

use newsdex::article::Article;
use newsdex::extract::{self, Taxonomy, date, dateline, language, orgs, people, places};
use newsdex::highlight::{HighlightTerms, Highlighter};
use newsdex::index::schema;
use newsdex::query::{FlagFilters, QueryBuilder};
use newsdex::read::{Format, read_bytes};

use crate::common::invariants::*;

/// Cases per property in `cargo test` (about 3 s in all) unless `PROPTEST_CASES` says otherwise.
const CASES: u32 = 256;

/// The seed of `cargo test`'s cases, so that CI runs the same cases every time; explore others with
/// `PROPTEST_RNG_SEED=<any number> PROPTEST_CASES=20000`.
const SEED: u64 = 1_987;

fn config() -> Config {
    let from_env = |name: &str| std::env::var(name).ok().and_then(|value| value.parse::<u64>().ok());
    let cases = from_env("PROPTEST_CASES").map_or(CASES, |cases| cases as u32);
    let seed = from_env("PROPTEST_RNG_SEED").unwrap_or(SEED);
    // No failure files in the source tree: a failing case is printed, and becomes a unit test.
    Config { cases, failure_persistence: None, rng_seed: RngSeed::Fixed(seed), ..Config::default() }
}

// ---------------------------------------------------------------------------------------------
// Inputs

/// Characters that break naive byte arithmetic or look like something they are not, and words
/// whose stem is one letter (`ued` → `u`).
const AWKWARD: &[&str] = &[
    "\0",
    "\r\n",
    "\r",
    "\n",
    "\n\n",
    "\t",
    "\u{a0}",
    "\u{200b}",
    "\u{feff}",
    "\u{200f}",
    "\u{202e}",
    "\u{2028}",
    "\u{85}",
    "\u{301}",
    "e\u{301}",
    "\u{308}",
    "İ",
    "ß",
    "ﬁ",
    "ı",
    "Σ",
    "ς",
    "ǅ",
    "£",
    "€",
    "¥",
    "₹",
    "—",
    "–",
    "…",
    "“",
    "”",
    "‘",
    "’",
    "«",
    "»",
    "😀",
    "🇬🇧",
    "👩\u{200d}💻",
    "שלום",
    "مرحبا",
    "日本",
    "한국",
    "𝔘",
    "\u{10ffff}",
    "\u{e000}",
    "\u{fffd}",
    "ued",
    "aed",
    "oing",
];

/// News-like pieces that lead the readers and extractors down their deeper paths.
const NEWS: &[&str] = &[
    "LONDON, March 3 (Reuters) - ",
    "NEW YORK, N.Y., Oct 31 - ",
    "SALVADOR, Feb 26 - ",
    "Kuala Lumpur | ",
    "WASHINGTON — ",
    "BEIJING, Oct. 31 (Xinhua) -- ",
    "Springfield, Ill. - ",
    "SÃO PAULO, Jan 2 - ",
    "KRAKÓW — ",
    "Mr ",
    "Mr. ",
    "Dr. ",
    "Mrs ",
    "Inc",
    " Inc.",
    " Corp",
    "van der ",
    "al-",
    "de la ",
    "O'Brien",
    "Angela Merkel",
    "John Smith",
    "Nguyễn Văn An",
    "Recep Tayyip Erdoğan",
    "Paris",
    "New York",
    "Rio de Janeiro",
    "Zürich",
    "Kraków",
    "United States",
    "U.S.",
    "Britain",
    "the World Bank",
    "OPEC",
    "International Monetary Fund",
    "Port Authority",
    "Reuters",
    "March",
    "Oct.",
    "October 31, 2025",
    "31 October 2025",
    "Feb 29",
    "on Friday, ",
    "1987",
    "2025",
    "29",
    "£1.3bn",
    "€2.5 million",
    "$4.2 bln",
    "3.5%",
    " said",
    " said on Tuesday.",
    " shares rose",
    " wheat and corn",
    " the central bank",
    " the talks",
    ". ",
    ", ",
    " - ",
    " | ",
    "\"",
    "'",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ":",
    "&amp;",
    "&#3;",
    "&#x1F600;",
    "&lt;",
    "<BODY>",
    "</BODY>",
    "<REUTERS>",
    "</REUTERS>",
    "<TITLE>",
    "<DATELINE>",
    "# ",
    "---\n",
    "Title: ",
    "Date: ",
    "Location: ",
    "Places: ",
];

fn awkward() -> impl Strategy<Value = String> {
    prop::sample::select(AWKWARD).prop_map(str::to_string)
}

fn news() -> impl Strategy<Value = String> {
    prop::sample::select(NEWS).prop_map(str::to_string)
}

/// A run of arbitrary characters, any plane.
fn noise() -> impl Strategy<Value = String> {
    prop::collection::vec(any::<char>(), 1..8).prop_map(|chars| chars.into_iter().collect())
}

/// A word: Latin letters, sometimes capitalised, sometimes very long.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => "[A-Z]?[a-z]{1,10}",
        1 => "[A-Z]{2,12}",
        1 => (1..400usize, prop::sample::select(&['a', 'é', '€', '😀'][..]))
            .prop_map(|(length, character)| std::iter::repeat_n(character, length).collect()),
    ]
}

/// One piece of a text: mostly news-like, often awkward.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => news(),
        6 => word(),
        3 => awkward(),
        2 => noise(),
        1 => (1..300usize).prop_map(|length| "x".repeat(length)),
        1 => (1..40usize).prop_map(|length| " ".repeat(length)),
    ]
}

/// What goes between two pieces: mostly a space, sometimes nothing, a line break or punctuation.
fn separator() -> impl Strategy<Value = &'static str> {
    prop::sample::select(&[" ", " ", " ", " ", " ", "", "", "\n", "\n\n", ". ", ", ", "\u{a0}", "\t"][..])
}

fn pieces(count: std::ops::Range<usize>) -> impl Strategy<Value = String> {
    prop::collection::vec((separator(), piece()), count)
        .prop_map(|pieces| pieces.into_iter().flat_map(|(separator, piece)| [separator.to_string(), piece]).collect())
}

/// A text of news-like and awkward pieces, often opening with a dateline.
fn text() -> impl Strategy<Value = String> {
    let opening = prop_oneof![
        2 => Just(String::new()),
        1 => prop::sample::select(&NEWS[..9]).prop_map(str::to_string),
    ];
    (opening, pieces(0..60)).prop_map(|(opening, rest)| opening + rest.trim_start_matches(' '))
}

/// A short text, for titles, header values and queries.
fn short_text() -> impl Strategy<Value = String> {
    pieces(0..8)
}

/// `text` as a JSON string literal.
fn json_string(text: &str) -> String {
    serde_json::to_string(text).expect("a string serializes")
}

/// A file of `format`: a well-formed skeleton with generated values, or generated text alone, maybe
/// with bytes that are not UTF-8 spliced in.
fn file() -> impl Strategy<Value = (Format, Vec<u8>)> {
    let format =
        prop::sample::select(&[Format::Text, Format::Markdown, Format::Json, Format::JsonLines, Format::Sgml][..]);
    let fields = (short_text(), text(), short_text(), short_text());
    let bad_bytes = prop::option::weighted(0.2, (any::<prop::sample::Index>(), prop::collection::vec(128u8.., 1..4)));
    let opening = prop::sample::select(&["", "", "", "\u{feff}", "\n", "\r\n"][..]);
    (format, any::<bool>(), opening, fields, bad_bytes).prop_map(
        |(format, skeleton, opening, (title, body, date, place), bad_bytes)| {
            let text = if skeleton { file_skeleton(format, &title, &body, &date, &place) } else { body };
            let mut bytes = format!("{opening}{text}").into_bytes();
            if let Some((at, bad)) = bad_bytes {
                let at = at.index(bytes.len() + 1);
                bytes.splice(at..at, bad);
            }
            (format, bytes)
        },
    )
}

fn file_skeleton(format: Format, title: &str, body: &str, date: &str, place: &str) -> String {
    match format {
        Format::Text => format!("Title: {title}\nDate: {date}\nPlaces: {place}, {title}\n\n{body}"),
        Format::Markdown => {
            format!("---\ntitle: {}\ndate: {date}\nplaces: [{place}]\n---\n\n# {title}\n\n{body}", json_string(title))
        }
        Format::Json => format!(
            r#"[{{"title": {}, "body": {}, "date": {}, "places": [{}], "language": {}}}, {{"text": {}}}]"#,
            json_string(title),
            json_string(body),
            json_string(date),
            json_string(place),
            json_string(date),
            json_string(title)
        ),
        Format::JsonLines => format!(
            "{{\"title\": {}, \"body\": {}}}\n{{\"headline\": {}, \"date\": {}}}\n{}\n",
            json_string(title),
            json_string(body),
            json_string(place),
            json_string(date),
            body.lines().next().unwrap_or_default()
        ),
        Format::Sgml => format!(
            "<REUTERS NEWID=\"7\"><DATE>{date}</DATE><PLACES><D>{place}</D></PLACES><TEXT><TITLE>{title}</TITLE>\
             <DATELINE>{place}</DATELINE><BODY>{body}</BODY></TEXT></REUTERS>\n<REUTERS NEWID=\"8\">{body}"
        ),
    }
}

// ---------------------------------------------------------------------------------------------
// Readers and extractors

proptest! {
    #![proptest_config(config())]

    #[test]
    fn read_then_extract_gives_clean_articles((format, bytes) in file()) {
        if let Ok(file_read) = read_bytes(format, &bytes) {
            prop_assert!(!file_read.articles.is_empty());
            for mut article in file_read.articles {
                if let Some(title) = &article.title {
                    assert_clean_value("title", title);
                }
                assert_position_in_file(&article, &bytes);
                extract::extract(&mut article, &context());
                assert_extracted_fields(&article);
            }
        }
    }

    #[test]
    fn extract_fills_clean_fields(title in prop::option::of(short_text()), body in text()) {
        let mut article = Article { title, body, ..Article::default() };
        extract::extract(&mut article, &context());
        assert_extracted_fields(&article);
    }

    #[test]
    fn each_extractor_gives_clean_values(title in prop::option::of(short_text()), body in text()) {
        if let Some(found) = dateline::dateline(&body) {
            assert_clean_value("dateline place", &found.place);
            prop_assert!(found.end <= body.len() && body.is_char_boundary(found.end));
            if let Some((month, day)) = found.date {
                prop_assert!((1..=12).contains(&month) && (1..=31).contains(&day));
            }
        }
        if let Some(found) = date::date_in_text(&body, context().reference_date) {
            prop_assert!(EXTRACTED_YEARS.contains(&found.year()), "date {}", found);
        }
        if let Some(code) = language::detect_language(&body) {
            assert_language_code(&code);
        }
        let location = dateline::dateline(&body).map(|found| found.place);
        for place in places::places(title.as_deref(), &body, location.as_deref(), context().reference_date) {
            assert_clean_value("place", &place);
        }
        people::people(&body).iter().for_each(|person| assert_clean_value("person", person));
        orgs::orgs(&body).iter().for_each(|org| assert_clean_value("org", org));
        for score in Taxonomy::bundled().score(title.as_deref(), &body) {
            assert_clean_value("topic", &score.topic);
            prop_assert!(score.score.is_finite());
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Highlighting

/// Query words (analyzed) drawn from the text itself, plus a few that may not be there.
fn highlight_case() -> impl Strategy<Value = (String, Vec<String>, Vec<Vec<String>>, usize, usize)> {
    // A one-letter word too, now and then: short stems (`ued` → `u`) once fooled the shortcut.
    let extra = (short_text(), prop::option::weighted(0.3, "[a-z]"));
    (text(), prop::collection::vec(any::<prop::sample::Index>(), 0..6), extra, 1..400usize, 1..6usize).prop_map(
        |(text, picks, (extra, letter), fragment_chars, max_passages)| {
            let mut analyzer = schema::text_analyzer();
            let words = schema::analyzed_words(&text, &mut analyzer);
            let mut terms: Vec<String> = schema::analyzed_words(&extra, &mut analyzer);
            terms.extend(letter);
            let mut phrases = Vec::new();
            if !words.is_empty() {
                for (number, pick) in picks.iter().enumerate() {
                    let start = pick.index(words.len());
                    if number % 2 == 0 {
                        terms.push(words[start].clone());
                    } else {
                        let end = (start + 1 + number).min(words.len());
                        phrases.push(words[start..end].to_vec());
                    }
                }
            }
            (text, terms, phrases, fragment_chars, max_passages)
        },
    )
}

/// `text` with each run of ASCII whitespace made one space, as passages show it.
fn collapse_ascii_whitespace(text: &str) -> String {
    let mut collapsed = String::with_capacity(text.len());
    for (index, run) in text.split(|c: char| c.is_ascii_whitespace()).enumerate() {
        if index > 0 && !collapsed.ends_with(' ') {
            collapsed.push(' ');
        }
        collapsed.push_str(run);
    }
    collapsed
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn highlights_lie_inside_their_passages((text, terms, phrases, fragment_chars, max_passages) in highlight_case()) {
        let query_words: Vec<String> = terms.iter().chain(phrases.iter().flatten()).cloned().collect();
        let highlighter = Highlighter::new(schema::text_analyzer(), HighlightTerms { terms, phrases })
            .with_fragment_chars(fragment_chars)
            .with_max_passages(max_passages);
        let passages = highlighter.passages(&text);
        prop_assert!(passages.len() <= max_passages);
        prop_assert!(text.trim().is_empty() || !passages.is_empty(), "no passage");
        let mut analyzer = schema::text_analyzer();
        let collapsed_text = collapse_ascii_whitespace(&text);
        for passage in &passages {
            assert_passage(passage);
            let shown = passage.text.trim_start_matches('…').trim_end_matches('…');
            prop_assert!(collapsed_text.contains(shown), "{:?} is not from the text", passage.text);
            prop_assert!(!passage.text.contains(['\n', '\r', '\t']) && !passage.text.contains("  "), "{:?}", passage.text);
            for range in &passage.highlights {
                let highlighted = schema::analyzed_words(&passage.text[range.clone()], &mut analyzer);
                prop_assert!(
                    !highlighted.is_empty() && highlighted.iter().all(|word| query_words.contains(word)),
                    "{highlighted:?} highlighted for {query_words:?}"
                );
            }
        }
        // Skipping words by their first two bytes must not change the passages.
        prop_assert_eq!(passages, highlighter.with_full_analysis().passages(&text));
    }
}

// ---------------------------------------------------------------------------------------------
// Queries

struct TinyIndex {
    /// Kept so the index folder lives as long as the tests.
    _dir: tempfile::TempDir,
    index: newsdex::index::reader::OpenIndex,
    builder: QueryBuilder,
}

/// Three articles (text, Markdown, JSON) indexed once for all query properties.
fn tiny_index() -> &'static TinyIndex {
    static INDEX: OnceLock<TinyIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temp dir");
        let articles = dir.path().join("articles");
        std::fs::create_dir(&articles).expect("an articles folder");
        let files = [
            ("antwerp.txt", "Quay extension approved\n\nANTWERP, May 2 (Reuters) - The port approved a quay extension.\n"),
            ("kyiv.md", "---\ntitle: Grain corridor\nplaces: [Ukraine]\n---\n\nKYIV — Ships carried wheat and corn.\n"),
            ("cairo.json", r#"{"title": "Nile dam talks", "body": "CAIRO, March 3 - Egypt and Ethiopia met.", "date": "1987-03-03"}"#),
        ];
        for (name, text) in files {
            std::fs::write(articles.join(name), text).expect("an article written");
        }
        let index_dir = dir.path().join("index");
        let options = newsdex::ingest::IndexOptions {
            roots: vec![articles],
            index_dir: index_dir.clone(),
            rebuild: false,
            threads: 1,
            memory_budget: 32 << 20,
            reference_date: None,
            taxonomy: None,
            entities: None,
            story_window_days: newsdex::stories::DEFAULT_WINDOW_DAYS,
        };
        let summary = newsdex::ingest::run(&options, |_event| {}).expect("the tiny index builds");
        assert_eq!(summary.articles_indexed, files.len());
        let index = newsdex::index::reader::open(&index_dir).expect("the tiny index opens");
        let builder = QueryBuilder::new(&index.index, index.fields);
        TinyIndex { _dir: dir, index, builder }
    })
}

/// Query-like text: words, operators, fields (known and not), ranges, quotes and awkward pieces.
fn query_text() -> impl Strategy<Value = String> {
    let query_piece = prop_oneof![
        4 => word().prop_map(|word| format!(" {word}")),
        3 => prop::sample::select(&[
            " AND ", " OR ", " NOT ", " -", " +", "\"", "(", ")", "[", "]", "{", "}", "*", "^2", "~1", ":", " TO ",
            "title:", "body:", "place:", "location:", "person:", "org:", "topic:", "lang:", "source:", "author:",
            "date:", "dates:", "Title:", "PLACE:", "date:[1987-03 TO 2024]", "date:[* TO 1987-03-03}",
            "date:{2025-02-30 TO *]", "date:4640", "date:[1000 TO 9999]", "date:[yesterday TO 1987]", "date:1987", "\\", "'", "“", "”",
        ][..]).prop_map(str::to_string),
        2 => awkward(),
        1 => noise(),
        1 => news(),
    ];
    prop::collection::vec(query_piece, 0..12).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn a_query_parses_or_points_into_itself(query in query_text(), any_word in any::<bool>()) {
        let tiny = tiny_index();
        let searcher = tiny.index.reader.searcher();
        match tiny.builder.parse(&query, any_word, &FlagFilters::default(), &searcher) {
            Ok(parsed) => {
                let words = parsed.highlight.terms.iter().chain(parsed.highlight.phrases.iter().flatten());
                for word in words {
                    prop_assert!(!word.is_empty() && !word.contains(char::is_whitespace), "highlight word {:?}", word);
                }
                let matching = parsed.query.count(&searcher).expect("a parsed query runs");
                prop_assert!(matching <= 3);
            }
            Err(error) => assert_query_error(&query, &error),
        }
    }
}

/// The articles of `tests/data/languages` (one per stemmed language, and English) indexed once, for
/// the multi-language query property.
fn languages_index() -> &'static (tempfile::TempDir, newsdex::search::Searcher) {
    static INDEX: OnceLock<(tempfile::TempDir, newsdex::search::Searcher)> = OnceLock::new();
    INDEX.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temp dir");
        let index_dir = dir.path().join("index");
        let options = newsdex::ingest::IndexOptions {
            roots: vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/languages")],
            index_dir: index_dir.clone(),
            rebuild: false,
            threads: 1,
            memory_budget: 32 << 20,
            reference_date: None,
            taxonomy: None,
            entities: None,
            story_window_days: newsdex::stories::DEFAULT_WINDOW_DAYS,
        };
        newsdex::ingest::run(&options, |_event| {}).expect("the languages index builds");
        let index = newsdex::index::reader::open(&index_dir).expect("the languages index opens");
        (dir, newsdex::search::Searcher::new(index))
    })
}

/// Query-like text with words in the stemmed languages' alphabets (umlauts, `ß`, `ı`/`İ`, `ș`,
/// Nordic letters, Cyrillic) among the pieces of [`query_text`].
fn multilingual_query_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => "[a-zäöüßéèêàçñõãåøæıİşğșțâî]{1,14}".prop_map(|word| format!(" {word}")),
        2 => "[А-Яа-яё]{1,14}".prop_map(|word| format!(" {word}")),
        1 => prop::sample::select(&[" \"", " OR ", " -", "title:", "body:", "lang:de ", "*", "~1"][..]).prop_map(str::to_string),
        2 => query_text(),
    ];
    prop::collection::vec(piece, 0..8).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(config())]

    /// A query over an index of many languages is analyzed once per language without panicking:
    /// it parses (or reports a column in itself), every language's highlight words are real words,
    /// and running it with passages gives highlights inside their passages.
    #[test]
    fn a_query_in_every_language_parses_runs_and_highlights(query in multilingual_query_text(), any_word in any::<bool>()) {
        let (_, searcher) = languages_index();
        let tantivy_searcher = searcher.index().reader.searcher();
        let builder = QueryBuilder::new(&searcher.index().index, searcher.index().fields);
        match builder.parse(&query, any_word, &FlagFilters::default(), &tantivy_searcher) {
            Ok(parsed) => {
                let languages = parsed.language_highlights.iter().map(|(_, terms)| terms);
                for terms in std::iter::once(&parsed.highlight).chain(languages) {
                    for word in terms.terms.iter().chain(terms.phrases.iter().flatten()) {
                        prop_assert!(!word.is_empty() && !word.contains(char::is_whitespace), "highlight word {:?}", word);
                    }
                }
                prop_assert!(parsed.query.count(&tantivy_searcher).expect("a parsed query runs") <= 15);
                let request = newsdex::search::SearchRequest { query: query.clone(), any: any_word, passages: 3, ..Default::default() };
                let results = searcher.search(&request).expect("a query that parses runs");
                for hit in &results.hits {
                    for passage in &hit.passages {
                        for range in &passage.highlights {
                            prop_assert!(passage.text.get(range.clone()).is_some(), "{:?} in {:?}", range, passage.text);
                        }
                    }
                }
            }
            Err(error) => assert_query_error(&query, &error),
        }
    }
}

proptest! {
    #![proptest_config(config())]

    /// Streaming a JSON Lines file a few lines at a time reads what reading it whole reads.
    #[test]
    fn streamed_json_lines_read_as_a_whole_file(
        (title, body, date, place) in (short_text(), text(), short_text(), short_text()),
        skeleton in any::<bool>(),
        batch_lines in 1..4usize,
    ) {
        // UTF-8 only: a line that is not is decoded on its own when streamed, with the whole file
        // when read at once (documented).
        let bytes = if skeleton { file_skeleton(Format::JsonLines, &title, &body, &date, &place) } else { body };
        let dir = tempfile::tempdir().expect("a temp dir");
        let path = dir.path().join("articles.jsonl");
        std::fs::write(&path, &bytes).expect("written");
        let whole = newsdex::read::read_path(&path);
        let mut streamed_articles = Vec::new();
        let streamed = newsdex::read::stream_json_lines(&path, batch_lines, |articles, _| {
            streamed_articles.extend(articles);
            std::ops::ControlFlow::Continue(())
        });
        match (whole, streamed) {
            (Ok(whole), Ok(streamed)) => {
                prop_assert_eq!(whole.articles, streamed_articles);
                prop_assert_eq!(whole.problems, streamed.problems);
            }
            (Err(whole), Err(streamed)) => prop_assert_eq!(whole, streamed),
            (whole, streamed) => prop_assert!(false, "whole {:?}, streamed {:?}", whole, streamed),
        }
    }
}
