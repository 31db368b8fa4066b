//! `search --all`: every matching article out, as JSON Lines or CSV, in the order asked for.

use std::collections::HashSet;

use serde_json::Value;

use crate::common::{Env, reuters_index, search_json};

/// Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF line ends) into rows; written
/// here, apart from the writer, so that a quoting mistake of one shows as a failure of the other.
pub(crate) fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut characters = text.chars().peekable();
    let mut quoted = false;
    while let Some(character) = characters.next() {
        match (quoted, character) {
            (true, '"') if characters.peek() == Some(&'"') => {
                characters.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, other) => field.push(other),
            (false, '"') => {
                assert!(field.is_empty(), "a quote inside an unquoted field: {field}");
                quoted = true;
            }
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => assert_eq!(characters.peek(), Some(&'\n'), "CR without LF"),
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, other) => field.push(other),
        }
    }
    assert!(!quoted && field.is_empty() && row.is_empty(), "the last row ends with a line break");
    rows
}

fn stdout_of(env: &Env, args: &[&str]) -> String {
    let (index, _) = reuters_index();
    let output = env.newsdex(["search"]).args(args).arg("--index").arg(index).assert().success().get_output().clone();
    String::from_utf8(output.stdout).expect("UTF-8")
}

fn lines_of(env: &Env, args: &[&str]) -> Vec<Value> {
    stdout_of(env, args).lines().map(|line| serde_json::from_str(line).expect("one JSON object a line")).collect()
}

#[test]
fn every_hit_of_a_broad_query_comes_out_once_best_first() {
    let (index, _) = reuters_index();
    let env = Env::reading(index);
    let total = search_json(&env, index, &["oil OR prices", "--limit", "0"])["total_hits"].as_u64().expect("count");
    assert!(total > 10_000 / 4, "a broad query: {total}");
    let lines = lines_of(&env, &["oil OR prices", "--all", "--jsonl", "--passages", "0"]);
    assert_eq!(lines.len() as u64, total);
    let ids: HashSet<&str> = lines.iter().map(|hit| hit["id"].as_str().expect("id")).collect();
    assert_eq!(ids.len(), lines.len(), "each article once");
    let scores: Vec<f64> = lines.iter().map(|hit| hit["score"].as_f64().expect("score")).collect();
    assert!(scores.windows(2).all(|pair| pair[0] >= pair[1]), "best first");
    assert!(lines.iter().enumerate().all(|(at, hit)| hit["rank"].as_u64() == Some(at as u64 + 1)));
    // The top of the export is the top of a search, in the same order.
    let top = search_json(&env, index, &["oil OR prices", "--no-collapse", "--limit", "50", "--passages", "0"]);
    let top_ids: Vec<&str> =
        top["hits"].as_array().expect("hits").iter().map(|hit| hit["id"].as_str().unwrap()).collect();
    let exported: Vec<&str> = lines.iter().take(50).map(|hit| hit["id"].as_str().unwrap()).collect();
    assert_eq!(exported, top_ids);
}

#[test]
fn all_of_reuters_as_csv_parses_back() {
    let (index, summary) = reuters_index();
    let env = Env::reading(index);
    let articles = summary["articles"].as_u64().or(summary["indexed"].as_u64()).unwrap_or(21_578);
    let rows = parse_csv(&stdout_of(&env, &["*", "--all", "--csv"]));
    assert_eq!(
        rows[0],
        ["id", "date", "title", "location", "source", "path", "url", "score", "places", "people", "topics"]
    );
    assert_eq!(rows.len() as u64 - 1, articles);
    assert!(rows.iter().all(|row| row.len() == 11), "11 columns a row");
    let ids: HashSet<&str> = rows[1..].iter().map(|row| row[0].as_str()).collect();
    assert_eq!(ids.len(), rows.len() - 1);
    // Fields that need quoting come back as they went in: compare with JSON Lines.
    let lines = lines_of(&env, &["title:says", "--all", "--jsonl", "--passages", "0"]);
    let by_id: std::collections::HashMap<&str, &Vec<String>> =
        rows[1..].iter().map(|row| (row[0].as_str(), row)).collect();
    let mut quoted = 0;
    for hit in &lines {
        let row = by_id[hit["id"].as_str().expect("id")];
        let title = hit["title"].as_str().unwrap_or_default();
        assert_eq!(row[2], title);
        quoted += usize::from(title.contains([',', '"']));
        let places: Vec<&str> = hit["places"].as_array().expect("places").iter().map(|v| v.as_str().unwrap()).collect();
        assert_eq!(row[8], places.join("; "));
    }
    assert!(quoted > 0, "some titles hold commas or quotes");
}

#[test]
fn filters_and_date_order_apply_to_every_hit() {
    let (index, _) = reuters_index();
    let env = Env::reading(index);
    let args = ["oil", "--place", "usa", "--since", "1987-04", "--sort", "date"];
    let total =
        search_json(&env, index, &[&args[..], &["--limit", "0"]].concat())["total_hits"].as_u64().expect("count");
    let rows = parse_csv(&stdout_of(&env, &[&args[..], &["--all", "--csv"]].concat()));
    assert_eq!(rows.len() as u64 - 1, total);
    let dates: Vec<&str> = rows[1..].iter().map(|row| row[1].as_str()).collect();
    assert!(dates.iter().all(|date| *date >= "1987-04"), "the filter holds");
    assert!(dates.windows(2).all(|pair| pair[0] >= pair[1]), "newest first");
    assert!(rows[1..].iter().all(|row| row[8].split("; ").any(|place| place == "United States")));
}

#[test]
fn all_needs_a_format() {
    let (index, _) = reuters_index();
    let env = Env::reading(index);
    let refused = env.newsdex(["search", "oil", "--all", "--index"]).arg(index).assert().code(2);
    let stderr = String::from_utf8_lossy(&refused.get_output().stderr).into_owned();
    assert!(stderr.contains("--jsonl or --csv"), "{stderr}");
    env.newsdex(["search", "oil", "--csv", "--index"]).arg(index).assert().code(2);
    env.newsdex(["search", "oil", "--all", "--csv", "--json", "--index"]).arg(index).assert().code(2);
}
