//! People extraction on short articles written for the tests, one trap each (companies, flights
//! and products named like people, given names that are also words or places, particles,
//! names without a known given name): the people found must be exactly the expected ones.
//!
//! `tuning/` is the set the rules were tuned on; `held_out/` was written after tuning ended and
//! is scored as it comes. Each folder's `expected.txt` lists, per file, the people it names.

use std::path::{Path, PathBuf};

use newsdex::article::Article;
use newsdex::extract::{self, ExtractContext};

/// One article of a fixture set and the people it names.
struct Case {
    file: String,
    article: Article,
    expected: Vec<String>,
}

fn fixtures(set: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/entities/people").join(set)
}

/// Reads `expected.txt` (`file | person | person …`) and each article: a headline, a blank line,
/// the body.
fn cases(set: &str) -> Vec<Case> {
    let folder = fixtures(set);
    let expected = std::fs::read_to_string(folder.join("expected.txt")).expect("expected.txt in the fixture set");
    expected
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| {
            let mut columns = line.split('|').map(str::trim);
            let file = columns.next().unwrap_or_default().to_string();
            let text = std::fs::read_to_string(folder.join(&file)).unwrap_or_else(|_| panic!("{set}/{file} exists"));
            let (title, body) = text.split_once("\n\n").unwrap_or(("", text.as_str()));
            let article =
                Article { title: Some(title.trim().to_string()), body: body.trim().to_string(), ..Article::default() };
            let expected = columns.filter(|name| !name.is_empty()).map(str::to_string).collect();
            Case { file, article, expected }
        })
        .collect()
}

/// The people extraction finds in each case, sorted, beside the expected ones, sorted.
fn found_and_expected(set: &str) -> Vec<(String, Vec<String>, Vec<String>)> {
    cases(set)
        .into_iter()
        .map(|mut case| {
            extract::extract(&mut case.article, &ExtractContext::default());
            let mut found = case.article.people;
            found.sort();
            let mut expected = case.expected;
            expected.sort();
            (case.file, found, expected)
        })
        .collect()
}

#[test]
fn tuning_set_people_are_exactly_the_expected_ones() {
    let results = found_and_expected("tuning");
    assert!(results.len() >= 20, "{} tuning articles", results.len());
    let wrong: Vec<String> = results
        .iter()
        .filter(|(_, found, expected)| found != expected)
        .map(|(file, found, expected)| format!("{file}: found {found:?}, expected {expected:?}"))
        .collect();
    assert!(wrong.is_empty(), "{} of {} articles wrong:\n{}", wrong.len(), results.len(), wrong.join("\n"));
}
