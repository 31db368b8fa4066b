//! Text as an article's body (and its first line as the title), through `extract::extract` and
//! each extractor on its own.

#![no_main]

use libfuzzer_sys::fuzz_target;
use newsdex::article::Article;
use newsdex::extract::{self, date, dateline, language, orgs, people, places};
use newsdex_fuzz::{EXTRACTED_YEARS, assert_clean_value, assert_extracted_fields, assert_language_code};

fuzz_target!(|text: &str| {
    let context = newsdex_fuzz::context();
    let title = text.lines().next().filter(|line| !line.trim().is_empty());

    let mut article = Article { title: title.map(str::to_string), body: text.to_string(), ..Article::default() };
    extract::extract(&mut article, &context);
    assert_extracted_fields(&article);

    if let Some(found) = dateline::dateline(text) {
        assert_clean_value("dateline place", &found.place);
        assert!(found.end <= text.len() && text.is_char_boundary(found.end), "dateline end {}", found.end);
    }
    if let Some(found) = date::date_in_text(text, context.reference_date) {
        assert!(EXTRACTED_YEARS.contains(&chrono::Datelike::year(&found)), "date {found}");
    }
    if let Some(code) = language::detect_language(text) {
        assert_language_code(&code);
    }
    for place in places::places(title, text, article.location.as_deref(), article.date) {
        assert_clean_value("place", &place);
    }
    for person in people::people(text) {
        assert_clean_value("person", &person);
    }
    for org in orgs::orgs(text) {
        assert_clean_value("org", &org);
    }
    for score in extract::Taxonomy::bundled().score(title, text) {
        assert_clean_value("topic", &score.topic);
    }
});
