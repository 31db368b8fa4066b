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

/// Precision and recall of the people found over a fixture set, and the articles not exactly right.
fn score(set: &str) -> (f64, f64, Vec<String>) {
    let results = found_and_expected(set);
    let (mut right, mut found_total, mut expected_total) = (0, 0, 0);
    let mut wrong = Vec::new();
    for (file, found, expected) in &results {
        right += found.iter().filter(|name| expected.contains(name)).count();
        found_total += found.len();
        expected_total += expected.len();
        if found != expected {
            wrong.push(format!("{file}: found {found:?}, expected {expected:?}"));
        }
    }
    let ratio = |part: usize, whole: usize| if whole == 0 { 1.0 } else { part as f64 / whole as f64 };
    (ratio(right, found_total), ratio(right, expected_total), wrong)
}

/// The held-out set was written after tuning ended and was not tuned on; it is held to a floor,
/// not to exactness, and its misses are printed (`cargo test --test tests held_out --
/// --nocapture`). When written it scored precision 0.842 (16/19), recall 0.762 (16/21): a
/// capitalised role opening a sentence (`Investigator Aisling Byrne`), `said on Sunday it`, `X,
/// speaking to reporters, said`, `named X as chief executive` and a company as `the ship's owner,
/// X,` are what the rules miss. Articles 11–15, people introduced by a country or a nationality,
/// were added once that rule was written. The floors below keep it from getting worse.
#[test]
fn held_out_set_people_precision_and_recall() {
    let (precision, recall, wrong) = score("held_out");
    println!("held-out people: precision {precision:.3}, recall {recall:.3}\n{}", wrong.join("\n"));
    assert!(cases("held_out").len() >= 10);
    assert!(precision >= 0.80 && recall >= 0.75, "precision {precision:.3}, recall {recall:.3}:\n{}", wrong.join("\n"));
}

/// What each people rule buys on the fixture sets (the README's table): names each finding rule
/// yields (right, wrong) and names each dropping rule drops (right ones lost, wrong ones removed).
/// `cargo test --test tests people_rules_on_fixtures -- --ignored --nocapture`.
#[test]
#[ignore = "prints a measurement"]
fn people_rules_on_fixtures() {
    use std::collections::BTreeMap;

    use newsdex::extract::people::{drop_non_people, judge};

    for set in ["tuning", "held_out"] {
        let mut counts: BTreeMap<String, (usize, usize)> = BTreeMap::new();
        for case in cases(set) {
            let mut article = case.article.clone();
            extract::extract(&mut article, &ExtractContext::default());
            let text = format!("{}\n\n{}", article.title.as_deref().unwrap_or_default(), article.body);
            let judged = judge(&text);
            let last_word = |name: &str| name.rsplit(' ').next().unwrap_or(name).to_lowercase();
            let kept: Vec<String> =
                judged.iter().filter(|name| !name.thing).map(|name| last_word(&name.name)).collect();
            for name in &judged {
                let mut alone = vec![name.name.clone()];
                drop_non_people(&mut alone, &article.orgs, &article.places);
                let rule = if name.thing {
                    if kept.contains(&last_word(&name.name)) {
                        continue;
                    }
                    "drops: written as a company, product or vehicle".to_string()
                } else if alone.is_empty() {
                    "drops: one of the article's orgs or places".to_string()
                } else {
                    format!("finds: {:?}", name.evidence)
                };
                let right = case.expected.iter().any(|expected| {
                    expected.eq_ignore_ascii_case(&name.name) || last_word(expected) == last_word(&name.name)
                });
                let count = counts.entry(rule).or_default();
                if right {
                    count.0 += 1;
                } else {
                    count.1 += 1;
                }
            }
        }
        println!("{:<52} {:>6} {:>6}", format!("rule ({set})"), "right", "wrong");
        for (rule, (right, wrong)) in &counts {
            println!("{rule:<52} {right:>6} {wrong:>6}");
        }
    }
}
