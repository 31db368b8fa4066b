//! Slow checks, `#[ignore]`d: run them with
//! `cargo test --release --test tests -- --ignored --nocapture limits::` (prints peak RSS per case).
//!
//! Each limit is either answered with a clear error or completed in bounded memory: huge queries,
//! deep nesting, one enormous article, one enormous line, very many small files.

use std::path::Path;
use std::process::Command as StdCommand;

use crate::common::{Env, corpus_index};

/// What one run of the binary under `/usr/bin/time` gave.
struct Measured {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    peak_rss_kb: u64,
    seconds: f64,
}

/// Runs the binary with `args` under `/usr/bin/time`, in `env`'s folder.
fn measure(env: &Env, args: &[&str]) -> Measured {
    let marker = "newsdex-peak-rss-kb=";
    let output = StdCommand::new("/usr/bin/time")
        .arg("-f")
        .arg(format!("{marker}%M %e"))
        .arg(assert_cmd::cargo::cargo_bin("newsdex"))
        .args(args)
        .current_dir(env.dir.path())
        .output()
        .expect("run newsdex under /usr/bin/time (Debian package `time`)");
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    let figures = stderr.lines().rev().find_map(|line| line.strip_prefix(marker)).expect("time's figures");
    let (rss, seconds) = figures.split_once(' ').expect("rss and seconds");
    let (peak_rss_kb, seconds) = (rss.parse().expect("rss"), seconds.parse().expect("seconds"));
    Measured {
        // `time` exits with the command's code; a signal shows as "Command terminated by signal".
        code: if stderr.contains("terminated by signal") { None } else { output.status.code() },
        stdout: String::from_utf8_lossy(&output.stdout).to_string(),
        stderr,
        peak_rss_kb,
        seconds,
    }
}

/// Splits `query` into arguments of at most 100 KB at spaces (Linux takes at most 128 KB in one
/// argument); `search` joins its arguments with spaces again.
fn as_arguments(query: &str) -> Vec<String> {
    let mut arguments = vec![String::new()];
    for word in query.split(' ') {
        let last = arguments.last_mut().expect("one argument");
        if !last.is_empty() && last.len() + word.len() > 100_000 {
            arguments.push(String::new());
        }
        let last = arguments.last_mut().expect("one argument");
        if !last.is_empty() {
            last.push(' ');
        }
        last.push_str(word);
    }
    arguments
}

#[test]
#[ignore = "slow; run with --ignored (see the module docs)"]
fn huge_and_deep_queries_are_answered_or_refused_clearly() {
    let (index, _) = corpus_index();
    let env = Env::reading(index);
    let index = index.to_str().expect("a UTF-8 temp path");
    let words = |count: usize| (0..count).map(|n| format!("w{n:08}")).collect::<Vec<_>>().join(" ");
    let nested = |depth: usize| format!("{} bank {}", "(".repeat(depth), ")".repeat(depth));
    let cases: Vec<(&str, String)> = vec![
        ("1 MB of words", words(100_000)),
        ("10,000 words", words(10_000)),
        ("10,000 words, one of them found", format!("{} OR bank", words(9_999).replace(' ', " OR "))),
        ("1,000 nested parentheses", nested(1_000)),
        ("100,000 nested parentheses", nested(100_000)),
        ("1,000 nested negations", format!("{}bank", "-(".repeat(1_000)) + &")".repeat(1_000)),
        // Linux takes at most 128 KB in one argument: the longest word a command line can carry.
        ("one 100 KB word", "x".repeat(100_000)),
        ("100,000 quotes", "\"".repeat(100_000)),
    ];
    for (name, query) in cases {
        let arguments = as_arguments(&query);
        // `--` so that a query starting with `-` is not taken for a flag.
        let mut args: Vec<&str> = vec!["search", "--index", index, "--json", "--limit", "3", "--"];
        args.extend(arguments.iter().map(String::as_str));
        let measured = measure(&env, &args);
        let first_error_line = measured.stderr.lines().next().unwrap_or_default().to_string();
        println!(
            "{name}: exit {:?}, {:.2} s, peak RSS {} KB{}",
            measured.code,
            measured.seconds,
            measured.peak_rss_kb,
            if measured.code == Some(0) { String::new() } else { format!(", {first_error_line}") }
        );
        match measured.code {
            Some(0) => {
                let results: serde_json::Value = serde_json::from_str(&measured.stdout).expect("JSON results");
                assert!(results["total_hits"].is_u64(), "{name}");
            }
            Some(2) => {
                assert!(measured.stderr.starts_with("newsdex: "), "{name}: a one-line error: {first_error_line}")
            }
            other => panic!("{name}: crashed or failed oddly ({other:?}): {}", measured.stderr),
        }
        if name == "1 MB of words" {
            // More words than a query may have: refused before anything is built.
            assert!(measured.stderr.contains("more than 10000 words"), "{name}: {first_error_line}");
        }
        assert!(measured.peak_rss_kb < 1_024 * 1_024, "{name}: bounded memory");
    }
}

/// Indexes `dir` under `/usr/bin/time` and returns the summary and the measurement.
fn index_measured(env: &Env, dir: &Path) -> (serde_json::Value, Measured) {
    let dir = dir.to_string_lossy().to_string();
    let measured = measure(env, &["index", &dir, "--index", "index", "--json", "--rebuild"]);
    assert_eq!(measured.code, Some(0), "index failed: {}", measured.stderr);
    let summary = serde_json::from_str(&measured.stdout).expect("summary JSON");
    (summary, measured)
}

#[test]
#[ignore = "slow and writes ~300 MB; run with --ignored (see the module docs)"]
fn huge_files_and_many_files_index_in_bounded_memory() {
    let env = Env::new();

    // One 200 MB article: words and sentences, as a huge text file would have.
    let sentence = "The harbour council met on Tuesday in Oslo to discuss the budget and the new quay. ";
    let big = sentence.repeat(200_000_000 / sentence.len());
    env.write("big/huge-article.txt", format!("A very long article\n\n{big}"));
    let (summary, measured) = index_measured(&env, &env.path("big"));
    println!(
        "one 200 MB article: {} articles, {} skipped, {:.1} s, peak RSS {} KB",
        summary["articles_indexed"],
        summary["skipped"].as_array().map_or(0, Vec::len),
        measured.seconds,
        measured.peak_rss_kb
    );
    assert_eq!(summary["articles_indexed"], 1, "{summary}");
    let found = env.search(&["quay", "--limit", "1"]);
    assert_eq!(found["total_hits"], 1);
    std::fs::remove_dir_all(env.path("big")).expect("remove");

    // A 100 MB line without a newline, in a text file and in a JSON Lines file.
    let line: String = "tramway ".repeat(100_000_000 / 8);
    env.write("line/one-line.txt", &line);
    env.write("line/one-line.jsonl", format!("{{\"title\":\"Tramway\",\"body\":\"{line}\"}}"));
    let (summary, measured) = index_measured(&env, &env.path("line"));
    println!(
        "100 MB lines without a newline (txt + jsonl): {} articles, {} skipped, {:.1} s, peak RSS {} KB",
        summary["articles_indexed"],
        summary["skipped"].as_array().map_or(0, Vec::len),
        measured.seconds,
        measured.peak_rss_kb
    );
    assert_eq!(summary["articles_indexed"], 2, "{summary}");
    std::fs::remove_dir_all(env.path("line")).expect("remove");

    // 100,000 one-line files.
    for number in 0..100_000 {
        env.write(&format!("many/{:03}/{number}.txt", number % 1000), format!("Item {number} about the harbour.\n"));
    }
    let (summary, measured) = index_measured(&env, &env.path("many"));
    println!(
        "100,000 one-line files: {} articles, {:.1} s, peak RSS {} KB",
        summary["articles_indexed"], measured.seconds, measured.peak_rss_kb
    );
    assert_eq!(summary["articles_indexed"], 100_000, "{summary}");
    assert_eq!(env.search(&["harbour", "--limit", "1"])["total_hits"], 100_000);
}
