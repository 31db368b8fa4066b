//! "Did you mean": corrections made from the index's own words, through the binary on Reuters and
//! measured on misspellings of the shared query log's words.

use std::collections::BTreeSet;

use newsdex::index::reader;
use newsdex::search::{SearchRequest, Searcher};

use crate::common::{Env, reuters_index, search_json, shared};

/// The suggested queries of a `--json` search.
fn suggested(results: &serde_json::Value) -> Vec<(String, u64)> {
    results["suggestions"]
        .as_array()
        .expect("suggestions array")
        .iter()
        .map(|s| (s["query"].as_str().expect("query").to_string(), s["total_hits"].as_u64().expect("total_hits")))
        .collect()
}

#[test]
fn names_and_words_are_corrected_from_the_index() {
    let (index, _) = reuters_index();
    let env = Env::reading(index);
    for (typed, meant) in [
        ("volker", "volcker"),
        ("kaula lumpur", "kuala lumpur"),
        ("inflaion rate", "inflation rate"),
        ("compnay earnigs", "company earnings"),
        ("person:volker", "person:volcker"),
        (r#"place:"kaula lumpur""#, r#"place:"kuala lumpur""#),
        ("Bundesbnk -dollar", "Bundesbank -dollar"),
    ] {
        let results = search_json(&env, index, &[typed, "--no-collapse"]);
        let suggestions = suggested(&results);
        assert!(results["total_hits"].as_u64().expect("count") < 3, "{typed}");
        let Some((first, total_hits)) = suggestions.first() else { panic!("no suggestion for {typed}") };
        assert_eq!(first, meant, "{typed}: {suggestions:?}");
        // The suggestion finds what it says it finds.
        let corrected = search_json(&env, index, &[first.as_str(), "--no-collapse", "--limit", "0"]);
        assert_eq!(corrected["total_hits"].as_u64(), Some(*total_hits), "{first}");
        assert!(*total_hits >= 3, "{first} finds {total_hits}");
    }
}

#[test]
fn flags_stay_and_queries_that_find_enough_get_no_suggestion() {
    let (index, _) = reuters_index();
    let env = Env::reading(index);
    assert!(suggested(&search_json(&env, index, &["volcker"])).is_empty());
    assert!(suggested(&search_json(&env, index, &["opec oil", "--place", "saudi arabia"])).is_empty());
    // A filter that finds articles alone (an alias) is not corrected; the words are, and the flag
    // counts in the suggestion's hits.
    let with_flag = search_json(&env, index, &["volker place:usa", "--since", "1987-04", "--no-collapse"]);
    let suggestions = suggested(&with_flag);
    assert_eq!(suggestions.first().map(|s| s.0.as_str()), Some("volcker place:usa"), "{suggestions:?}");
    let corrected = search_json(&env, index, &["volcker place:usa", "--since", "1987-04", "--no-collapse"]);
    assert_eq!(corrected["total_hits"].as_u64(), Some(suggestions[0].1));
    // Nothing close: no suggestion, no failure.
    assert!(suggested(&search_json(&env, index, &["zqxjkvw"])).is_empty());

    let out = env
        .newsdex(["search", "kaula lumpur", "--color", "never", "--index"])
        .arg(index)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).expect("UTF-8");
    assert!(text.lines().any(|line| line.starts_with("Did you mean: kuala lumpur (")), "{text}");
}

/// Knuth's MMIX linear congruential generator: the same misspellings on every run.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, bound: usize) -> usize {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % bound as u64) as usize
    }
}

/// Words of the query log's text (not field names, filter values or operators), 5 letters or more.
fn log_words() -> Vec<String> {
    let log = std::fs::read_to_string(shared("queries/reuters-queries.jsonl")).expect("the query log");
    let mut words = BTreeSet::new();
    for line in log.lines() {
        let query: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        let text = query["q"].as_str().expect("q");
        for item in text.split_whitespace() {
            if item.contains(':') || item.contains('[') || item.contains(']') || item == "OR" {
                continue;
            }
            let word: String = item.chars().filter(|c| c.is_ascii_alphabetic()).collect::<String>().to_lowercase();
            if word.len() >= 5 && word.len() == item.trim_matches(|c: char| "+-\"()".contains(c)).len() {
                words.insert(word);
            }
        }
    }
    words.into_iter().collect()
}

/// One random edit of `word`: a letter dropped, added, changed, or two neighbours swapped.
fn misspell(word: &str, random: &mut Lcg) -> String {
    let mut letters: Vec<char> = word.chars().collect();
    let letter = (b'a' + random.below(26) as u8) as char;
    match random.below(4) {
        0 => {
            letters.remove(random.below(letters.len()));
        }
        1 => letters.insert(random.below(letters.len() + 1), letter),
        2 => {
            let at = random.below(letters.len());
            letters[at] = letter;
        }
        _ => {
            let at = random.below(letters.len() - 1);
            letters.swap(at, at + 1);
        }
    }
    letters.into_iter().collect()
}

/// (misspellings tried, right word first, right word among the suggestions) for 200 misspellings
/// made with `seed`. A misspelling that is a word the index has often enough (3 articles or more:
/// no suggestion is asked for) is replaced by another.
fn score_misspellings(searcher: &Searcher, words: &[String], seed: u64) -> (usize, usize, usize) {
    let mut random = Lcg(seed);
    let (mut tried, mut first, mut listed) = (0, 0, 0);
    while tried < 200 {
        let word = &words[random.below(words.len())];
        let typed = misspell(word, &mut random);
        if typed == *word {
            continue;
        }
        let request =
            SearchRequest { query: typed.clone(), limit: 0, passages: 0, collapse: false, ..SearchRequest::default() };
        let results = searcher.search(&request).expect("search");
        if results.total_hits >= 3 {
            continue;
        }
        tried += 1;
        first += usize::from(results.suggestions.first().is_some_and(|s| s.query == *word));
        listed += usize::from(results.suggestions.iter().any(|s| s.query == *word));
    }
    (tried, first, listed)
}

#[test]
fn the_right_word_comes_first_for_most_misspellings_of_the_log() {
    let (index, _) = reuters_index();
    let searcher = Searcher::new(reader::open(index).expect("open the index"));
    let words = log_words();
    assert!(words.len() > 300, "{} words", words.len());
    // Seed 1 is the set the ranking constants were tuned on; seed 2 was not looked at while tuning.
    let (tried, tuned_first, tuned_listed) = score_misspellings(&searcher, &words, 1);
    let (_, held_out_first, held_out_listed) = score_misspellings(&searcher, &words, 2);
    println!(
        "did you mean, {tried} misspellings each: right word first {tuned_first} (listed {tuned_listed}) on the \
         tuning set, {held_out_first} (listed {held_out_listed}) held out"
    );
    // Measured over three runs: 146–153 and 153–163 of 200 first (155–163 and 163–172 listed).
    // The figures move between runs because the index is built afresh and its article order
    // (which articles a stem's words are read from) depends on the indexing threads. Suggestions
    // are words read in articles, so a stem's rarer forms can be missed (`opposls` → opposed).
    assert!(tuned_first >= 140 && held_out_first >= 140, "{tuned_first} {held_out_first}");
}
