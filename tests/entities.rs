//! One name per person, through the binary: a given surname becomes the full name the text gives,
//! surname-only people count with the one full name the index holds, and the user's entities file
//! renames and excludes.

use serde_json::Value;

use crate::common::{Env, hits, reuters_index, search_json, strings};

fn facet<'a>(results: &'a Value, kind: &str) -> Vec<(&'a str, u64)> {
    results["facets"][kind]
        .as_array()
        .expect("facets asked for")
        .iter()
        .map(|count| (count["value"].as_str().expect("a value"), count["count"].as_u64().expect("a count")))
        .collect()
}

/// Three articles about one central banker: tagged by surname with the full name in the text,
/// tagged by surname with the surname alone in the text, and found by extraction in full; and two
/// different Smiths, so `Smith` alone stays apart.
fn write_articles(env: &Env) -> std::path::PathBuf {
    let dir = env.path("articles");
    env.write(
        "articles/a.json",
        r#"{"title": "Fed holds rates", "people": ["volcker"], "body": "Federal Reserve Chairman Paul Volcker said rates would hold. Volcker spoke in Washington."}"#,
    );
    env.write(
        "articles/b.json",
        r#"{"title": "Fed chairman testifies", "people": ["volcker"], "body": "Volcker told the Senate banking committee the dollar had fallen far enough."}"#,
    );
    env.write(
        "articles/c.txt",
        "Dollar steadies\n\nFed Chairman Paul Volcker said on Tuesday the dollar had steadied.\n",
    );
    env.write(
        "articles/d.txt",
        "Budget talks\n\nTreasury Secretary John Smith met Senator Mary Smith on Monday. Smith said talks went well.\n",
    );
    env.write(
        "articles/e.json",
        r#"{"title": "Smith on budget", "people": ["smith"], "body": "Smith said the budget would pass."}"#,
    );
    dir
}

#[test]
fn one_person_counts_once_under_the_full_name() {
    let env = Env::new();
    env.index(&write_articles(&env));
    let all = env.search(&["dollar OR rates OR committee", "--facets", "--limit", "10"]);
    assert_eq!(all["total_hits"], 3);
    assert_eq!(facet(&all, "people"), [("Paul Volcker", 3)], "Volcker alone is Paul Volcker");
    let by_full_name = env.search(&["person:\"paul volcker\"", "--limit", "10"]);
    assert_eq!(by_full_name["total_hits"], 3, "the full name finds the article that names him by surname only");
    let a = env.search(&["title:\"holds rates\""]);
    assert_eq!(strings(&hits(&a)[0], "people"), ["Paul Volcker"], "the given surname became the text's full name");
    let smiths = env.search(&["budget", "--facets"]);
    let people = facet(&smiths, "people");
    assert!(people.contains(&("Smith", 1)), "two full Smiths: Smith stays apart: {people:?}");
    let john = env.search(&["person:\"john smith\""]);
    assert_eq!(john["total_hits"], 1, "John Smith is not the Smith of e.json");
}

#[test]
fn the_entities_file_renames_and_excludes_at_index_time() {
    let env = Env::new();
    env.write(
        "articles/a.txt",
        "Bank merger\n\nMorgan Stanley said on Monday it would buy the bank. Paul A. Volcker, an adviser, said the deal was sound. Shares rose in the US.\n",
    );
    env.write(
        "entities.toml",
        "not_person = [\"Morgan Stanley\"]\n[aliases]\n\"Paul A. Volcker\" = \"Paul Volcker\"\n",
    );
    let without = env.newsdex(["extract", "articles", "--json"]).assert().success().get_output().stdout.clone();
    let without: Value = serde_json::from_slice(&without).expect("JSON");
    let with = env
        .newsdex(["extract", "articles", "--json", "--entities", "entities.toml"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let with: Value = serde_json::from_slice(&with).expect("JSON");
    let people = |article: &Value| strings(article, "people");
    assert!(people(&without).iter().any(|p| p == "Paul A. Volcker"), "{without}");
    assert_eq!(people(&with), ["Paul Volcker"]);
    let mut command = env.newsdex(["index", "articles", "--index", "index", "--json", "--entities", "entities.toml"]);
    command.assert().success();
    let renamed = env.search(&["person:\"paul volcker\""]);
    assert_eq!(renamed["total_hits"], 1);
    assert_eq!(env.search(&["person:\"morgan stanley\""])["total_hits"], 0);
}

#[test]
fn a_bad_entities_file_is_a_usage_error_that_says_where() {
    let env = Env::new();
    env.write("articles/a.txt", "Title\n\nBody text.\n");
    env.write("entities.toml", "not_person = \"Morgan Stanley\"\n");
    let output =
        env.newsdex(["index", "articles", "--entities", "entities.toml"]).assert().code(2).get_output().clone();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("entities.toml") && stderr.contains("line 1"), "{stderr}");
    let missing =
        env.newsdex(["index", "articles", "--entities", "nowhere.toml"]).assert().code(2).get_output().clone();
    assert!(String::from_utf8_lossy(&missing.stderr).contains("nowhere.toml does not exist"));
}

/// On Reuters-21578, `Dauster` (given tags) and `Jorio Dauster` (extracted) were two people in the
/// coffee facets; `volcker` was counted apart from `Paul Volcker`.
#[test]
fn reuters_people_facets_count_each_person_once() {
    let (index, _) = reuters_index();
    let env = Env::new();
    let coffee = search_json(&env, index, &["coffee", "--facets", "--limit", "1", "--passages", "0"]);
    let people = facet(&coffee, "people");
    assert!(people.iter().any(|(name, _)| *name == "Jorio Dauster"), "{people:?}");
    assert!(!people.iter().any(|(name, _)| *name == "Dauster"), "{people:?}");
    let volcker = search_json(&env, index, &["person:volcker", "--facets", "--limit", "1", "--passages", "0"]);
    let full = search_json(&env, index, &["person:\"paul volcker\"", "--limit", "1", "--passages", "0"]);
    assert_eq!(volcker["total_hits"], full["total_hits"], "the full name finds the surname-only articles");
    let people = facet(&volcker, "people");
    assert_eq!(people[0], ("Paul Volcker", volcker["total_hits"].as_u64().expect("a count")), "{people:?}");
}

/// The fixture articles written for the entity traps (`tests/data/entities/all_fields.tsv`): each
/// gives exactly the people, companies and places a reader finds in it, except the known misses
/// and errors the file marks, which are printed.
#[test]
fn trap_articles_give_exactly_the_expected_people_companies_and_places() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/entities");
    let table = std::fs::read_to_string(root.join("all_fields.tsv")).expect("all_fields.tsv");
    let env = Env::new();
    let mut known = Vec::new();
    let mut wrong = Vec::new();
    let mut articles = 0;
    for line in table.lines().filter(|line| !line.starts_with('#') && !line.trim().is_empty()) {
        let columns: Vec<&str> = line.split('\t').collect();
        assert_eq!(columns.len(), 4, "file, people, companies, places: {line:?}");
        let mut command = env.newsdex(["extract", "--json"]);
        command.arg(root.join(columns[0]));
        let (found, _) = crate::common::run_json_lines(&mut command);
        assert_eq!(found.len(), 1, "{}", columns[0]);
        articles += 1;
        for (field, expected) in ["people", "companies", "places"].iter().zip(&columns[1..]) {
            let mut expected_found: Vec<String> = Vec::new();
            for name in expected.split("; ").map(str::trim).filter(|name| !name.is_empty()) {
                match name.strip_prefix('-') {
                    Some(missed) => known.push(format!("{} {field}: misses {missed}", columns[0])),
                    None => {
                        if let Some(extra) = name.strip_prefix('+') {
                            known.push(format!("{} {field}: lists {extra}", columns[0]));
                        }
                        expected_found.push(name.trim_start_matches('+').to_string());
                    }
                }
            }
            let mut got = strings(&found[0], field);
            got.sort();
            expected_found.sort();
            if got != expected_found {
                wrong.push(format!("{} {field}: expected {expected_found:?}, got {got:?}", columns[0]));
            }
        }
    }
    println!("{articles} trap articles; known misses and errors:\n  {}", known.join("\n  "));
    assert!(articles >= 40, "both tuning sets are listed");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
