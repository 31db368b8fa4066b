//! The error contract on real runs: a bad query or bad arguments exit 2 and point at the problem; a
//! run that fails (missing index, index of another version) exits 1 and says what to do; an `index`
//! or `extract` run that skipped files exits 3 (0 with `--allow-skips`) with every skip on stderr.

use predicates::prelude::*;
use serde_json::Value;

use crate::common::{Env, corpus};

fn indexed() -> Env {
    let env = Env::new();
    env.index(&corpus());
    env
}

/// Two good articles, an empty file and a truncated JSON file.
fn write_corpus_with_bad_files(env: &Env) {
    env.write("in/harbour.txt", "Harbour\n\nOSLO, May 2 (Newsdex) - The harbour council met.\n");
    env.write("in/forestry.txt", "Forestry\n\nOSLO, May 2 (Newsdex) - The forestry council met.\n");
    env.write("in/empty.txt", "");
    env.write("in/truncated.json", "{\"title\": \"Quay\", \"body\": \"The quay");
}

fn stdout_of(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stdout).into_owned()
}

fn stderr_of(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}

#[test]
fn bad_queries_exit_2_with_the_column() {
    let env = indexed();
    let cases: [(&str, &str); 4] = [
        ("\"money supply", "column"),
        ("colour:red", "unknown field `colour` at column 1"),
        ("rain date:[2025-13-01 TO 2025-12-31]", "bad date"),
        ("rain date:yesterday", "column 6"),
    ];
    for (query, message) in cases {
        env.newsdex(["search", query, "--index", "index"])
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(message).and(predicate::str::contains("bad query")));
    }
    // The query is shown with a caret under the column.
    let caret = env.newsdex(["search", "rain date:yesterday", "--index", "index"]).assert().code(2);
    assert!(stderr_of(&caret).contains("\n  rain date:yesterday\n       ^"), "{}", stderr_of(&caret));
    env.newsdex(["search", "rain", "--index", "index", "--since", "someday"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--since"));
    env.newsdex(["search", "rain", "--index", "index", "--limit", "20000"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("limit 20000 is over the maximum"));
}

#[test]
fn bad_arguments_exit_2() {
    let env = Env::new();
    env.newsdex(["index", "no-such-folder", "--index", "index"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no-such-folder does not exist"));
    env.newsdex(["extract", "no-such-file.txt"]).assert().code(2).stderr(predicate::str::contains("does not exist"));
    env.newsdex(["index", "--no-such-option"]).assert().code(2);
    env.write("bad.toml", "this is not = [a taxonomy");
    env.write("in/a.txt", "Harbour\n\nOSLO, May 2 (Newsdex) - The harbour council met.\n");
    env.newsdex(["index", "in", "--index", "index", "--taxonomy", "bad.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.toml").and(predicate::str::contains("leave out --taxonomy")));
}

#[test]
fn missing_index_exits_1_and_says_how_to_build_one() {
    let env = Env::new();
    env.newsdex(["search", "rain", "--index", "nowhere"]).assert().code(1).stdout("").stderr(
        predicate::str::contains("no index at nowhere")
            .and(predicate::str::contains("build one with `newsdex index DIR --index nowhere`")),
    );
    env.newsdex(["bench", "--queries", "log.txt", "--index", "nowhere"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("log.txt does not exist"));
    env.write("log.txt", "rain\n");
    env.newsdex(["bench", "--queries", "log.txt", "--index", "nowhere"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no index at nowhere").and(predicate::str::contains("newsdex index DIR")));
}

#[test]
fn an_index_of_another_version_exits_1_and_is_rebuilt_on_request() {
    let env = Env::new();
    env.write("in/a.txt", "Quay\n\nANTWERP, May 2 (Newsdex) - The port approved a quay extension.\n");
    env.index(&env.path("in"));
    // Pretend an older newsdex wrote it: the version is recorded in the commit payload.
    let meta_path = env.path("index/meta.json");
    let mut meta: serde_json::Value = serde_json::from_slice(&std::fs::read(&meta_path).expect("meta")).expect("JSON");
    meta["payload"] = serde_json::Value::String(r#"{"newsdex_schema":2}"#.into());
    std::fs::write(&meta_path, serde_json::to_vec(&meta).expect("JSON")).expect("write meta");

    let rebuild = "`newsdex index DIR --index index --rebuild`";
    let search = env.newsdex(["search", "quay", "--index", "index"]).assert().code(1);
    let message = stderr_of(&search);
    assert!(message.contains("version 2") && message.contains(rebuild), "{message}");
    let index = env.newsdex(["index", "--index", "index"]).arg(env.path("in")).assert().code(1);
    let message = stderr_of(&index);
    assert!(message.contains("version 2") && message.contains(rebuild), "{message}");
    assert!(message.contains("the previous index (if any) is unchanged"), "{message}");

    env.newsdex(["index", "--index", "index", "--rebuild"]).arg(env.path("in")).assert().success();
    assert_eq!(env.search(&["quay"])["total_hits"], 1);
}

#[test]
fn index_with_skipped_files_exits_3_listing_them_on_stderr() {
    let env = Env::new();
    write_corpus_with_bad_files(&env);
    let run = env.newsdex(["index", "in", "--index", "index"]).assert().code(3);
    let (stdout, stderr) = (stdout_of(&run), stderr_of(&run));
    assert!(stdout.contains("indexed 2 articles") && stdout.contains("skipped: 2"), "the summary: {stdout}");
    assert!(!stdout.contains("empty.txt") && !stdout.contains("truncated.json"), "no skip on stdout: {stdout}");
    let skip_lines: Vec<&str> = stderr.lines().filter(|line| line.starts_with("skipped ")).collect();
    assert_eq!(skip_lines.len(), 2, "{stderr}");
    assert!(skip_lines.iter().any(|line| line.contains("empty.txt: empty file")), "{stderr}");
    assert!(skip_lines.iter().any(|line| line.contains("truncated.json")), "{stderr}");
    assert!(stderr.contains("--allow-skips"), "says how to accept skips: {stderr}");
    // The good files are indexed and committed all the same.
    assert_eq!(env.search(&["council"])["total_hits"], 2);
}

#[test]
fn index_json_lists_the_skips_and_allow_skips_exits_0() {
    let env = Env::new();
    write_corpus_with_bad_files(&env);
    let run = env.newsdex(["index", "in", "--index", "index", "--json"]).assert().code(3);
    let summary: Value = serde_json::from_str(&stdout_of(&run)).expect("stdout is one JSON summary");
    assert_eq!(summary["skipped"].as_array().map(Vec::len), Some(2), "{summary}");
    assert_eq!(stderr_of(&run).lines().filter(|line| line.starts_with("skipped ")).count(), 2);

    // The same folder, accepted with its bad files, in a fresh index.
    let allowed = env.newsdex(["index", "in", "--index", "other", "--json", "--allow-skips"]).assert().code(0);
    let summary: Value = serde_json::from_str(&stdout_of(&allowed)).expect("stdout is one JSON summary");
    assert_eq!((summary["articles_indexed"].as_u64(), summary["skipped"].as_array().map(Vec::len)), (Some(2), Some(2)));
    assert!(!stderr_of(&allowed).contains("--allow-skips"), "no exit note when skips are allowed");
    // A re-run reads nothing new and skips again the files that failed: still 3.
    env.newsdex(["index", "in", "--index", "other"]).assert().code(3);
}

#[test]
fn extract_with_skipped_files_exits_3_and_prints_the_others() {
    let env = Env::new();
    write_corpus_with_bad_files(&env);
    let run = env.newsdex(["extract", "in", "--json"]).assert().code(3);
    let articles: Vec<Value> =
        stdout_of(&run).lines().map(|line| serde_json::from_str(line).expect("one JSON object a line")).collect();
    assert_eq!(articles.len(), 2, "the good files are printed");
    let stderr = stderr_of(&run);
    assert!(stderr.contains("empty.txt: empty file") && stderr.contains("truncated.json"), "{stderr}");
    env.newsdex(["extract", "in", "--json", "--allow-skips"]).assert().code(0);
    env.newsdex(["extract", "in/harbour.txt"]).assert().code(0).stderr("");
}

#[test]
fn index_help_states_the_exit_codes() {
    let env = Env::new();
    env.newsdex(["index", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("--allow-skips").and(predicate::str::contains("3 when files or articles")));
}
