//! `newsdex batch`: a file of queries, each answered as `newsdex search` answers it, in text, CSV
//! or JSON Lines; a bad line costs that line.

use serde_json::Value;

use crate::common::{Env, hits, reuters_index, search_json, shared};
use crate::export::parse_csv;

/// Names and filters as a journalist's list would have them, a bad line and a comment.
const LIST: &str =
    "# people to check\nVolcker\n\"Jorio Dauster\"\ncoffee place:brazil\n\nbad:(\nyeutter --nothing\nzzzqqqxx\n";

fn batch(env: &Env, args: &[&str]) -> std::process::Output {
    let (index, _) = reuters_index();
    env.newsdex(["batch"]).args(args).arg("--index").arg(index).output().expect("run newsdex batch")
}

/// The ids `newsdex search` shows for `query` (stories, best first) and its totals.
fn searched(env: &Env, query: &str, limit: &str) -> (Vec<String>, u64, u64) {
    let (index, _) = reuters_index();
    let results = search_json(env, index, &[query, "--limit", limit, "--passages", "0"]);
    let ids = hits(&results).iter().map(|hit| hit["id"].as_str().unwrap().to_string()).collect();
    (ids, results["total_hits"].as_u64().unwrap(), results["total_stories"].as_u64().unwrap())
}

#[test]
fn each_line_is_answered_as_search_answers_it() {
    let (index, _) = reuters_index();
    let env = Env::reading(index);
    env.write("list.txt", LIST);
    let list = env.path("list.txt");
    let output = batch(&env, &[list.to_str().unwrap(), "--jsonl", "--limit", "3"]);
    assert_eq!(output.status.code(), Some(3), "a line could not run");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("list.txt:6: bad query \"bad:(\""), "{stderr}");
    assert!(stderr.contains("6 queries") && stderr.contains("1 failed"), "{stderr}");
    let answers: Vec<Value> =
        String::from_utf8(output.stdout).unwrap().lines().map(|line| serde_json::from_str(line).unwrap()).collect();
    let lines: Vec<u64> = answers.iter().map(|answer| answer["line"].as_u64().unwrap()).collect();
    assert_eq!(lines, [2, 3, 4, 6, 7, 8], "every query, by its line in the file");
    for answer in &answers {
        let query = answer["query"].as_str().unwrap();
        if answer["line"] == 6 {
            assert!(answer["error"].as_str().unwrap().contains("column"), "{answer}");
            continue;
        }
        let (ids, total_hits, total_stories) = searched(&env, query, "3");
        let got: Vec<&str> = hits(answer).iter().map(|hit| hit["id"].as_str().unwrap()).collect();
        assert_eq!(got, ids, "{query}");
        assert_eq!(answer["total_hits"].as_u64(), Some(total_hits), "{query}");
        assert_eq!(answer["total_stories"].as_u64(), Some(total_stories), "{query}");
    }
    assert!(answers[0]["total_hits"].as_u64().unwrap() > 10, "Volcker is in the news of 1987");
    assert_eq!(answers[5]["total_hits"], 0);
}

#[test]
fn csv_has_a_row_per_hit_and_one_for_a_query_without() {
    let (index, _) = reuters_index();
    let env = Env::reading(index);
    env.write("list.txt", LIST);
    let list = env.path("list.txt");
    let out = env.path("answers.csv");
    let output = batch(&env, &[list.to_str().unwrap(), "--csv", out.to_str().unwrap(), "--limit", "2"]);
    assert_eq!(output.status.code(), Some(3));
    let rows = parse_csv(&std::fs::read_to_string(&out).expect("the CSV file"));
    assert_eq!(rows[0][..5], ["line", "query", "total_hits", "total_stories", "rank"]);
    assert!(rows.iter().all(|row| row.len() == rows[0].len()), "every row has every column");
    let of_line = |line: &str| rows[1..].iter().filter(|row| row[0] == line).collect::<Vec<_>>();
    let (ids, total, _) = searched(&env, "\"Jorio Dauster\"", "2");
    let dauster = of_line("3");
    assert_eq!(dauster.len(), ids.len().max(1));
    assert_eq!(dauster[0][1], "\"Jorio Dauster\"", "quotes come back");
    assert_eq!(dauster[0][2], total.to_string());
    assert_eq!(dauster.iter().map(|row| row[5].clone()).collect::<Vec<_>>(), ids);
    assert!(dauster.iter().all(|row| row[13].to_lowercase().contains("dauster")), "the passage shows the name");
    let nothing = of_line("8");
    assert_eq!((nothing.len(), nothing[0][2].as_str(), nothing[0][4].as_str()), (1, "0", ""));
    let bad = of_line("6");
    assert_eq!(bad.len(), 1);
    assert!(bad[0][14].contains("column"), "{:?}", bad[0]);
    // Flags apply to every query, as in `search`.
    let output = batch(&env, &[list.to_str().unwrap(), "--csv", "-", "--limit", "0", "--since", "1987-04"]);
    let rows = parse_csv(&String::from_utf8(output.stdout).unwrap());
    let volcker = rows.iter().find(|row| row[0] == "2").expect("line 2");
    let expected = search_json(&env, index, &["Volcker", "--since", "1987-04", "--limit", "0"])["total_hits"].clone();
    assert_eq!(volcker[2], expected.to_string());
    assert_eq!(volcker[4], "", "--limit 0: counts only");
}

#[test]
fn the_shared_query_log_runs_whole() {
    let (index, _) = reuters_index();
    let env = Env::reading(index);
    let log = shared("queries/reuters-queries.jsonl");
    let output = batch(&env, &[log.to_str().unwrap(), "--jsonl", "--limit", "1", "--passages", "0"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let answers: Vec<Value> =
        String::from_utf8(output.stdout).unwrap().lines().map(|line| serde_json::from_str(line).unwrap()).collect();
    assert_eq!(answers.len(), 1000, "{stderr}");
    let failed = answers.iter().filter(|answer| answer.get("error").is_some()).count();
    assert_eq!(output.status.code(), Some(if failed > 0 { 3 } else { 0 }), "{stderr}");
    assert!(stderr.contains(&format!("{failed} failed")), "{stderr}");
    // Lines of a JSON Lines log are its lines.
    assert_eq!(answers[999]["line"], 1000);
}

#[test]
fn a_missing_query_file_is_a_usage_error() {
    let (index, _) = reuters_index();
    let env = Env::reading(index);
    let output = batch(&env, &["no-such-list.txt"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no-such-list.txt"));
}
