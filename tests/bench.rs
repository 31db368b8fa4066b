//! `newsdex bench`: a query log in, latency figures out, through the same search as `newsdex search`;
//! a bad query is counted and reported, never fatal unless every query fails.

use predicates::prelude::*;
use serde_json::Value;

use crate::common::{Env, reuters_index, run_json, search_json};

fn bench_json(env: &Env, args: &[&str]) -> Value {
    let (index, _) = reuters_index();
    let mut command = env.newsdex(["bench"]);
    command.args(args).arg("--index").arg(index).arg("--json");
    run_json(&mut command)
}

#[test]
fn bench_reports_kinds_hits_and_errors() {
    let env = Env::new();
    env.write(
        "log.jsonl",
        concat!(
            "{\"id\": 1, \"kind\": \"term\", \"q\": \"oil\"}\n",
            "{\"id\": 2, \"kind\": \"intersection\", \"q\": \"+deal +signs\"}\n",
            "{\"id\": 3, \"kind\": \"filtered\", \"q\": \"colour:red\"}\n",
        ),
    );
    let report = bench_json(&env, &["--queries", "log.jsonl", "--runs", "2", "--warmup", "0"]);
    let all = &report["all"];
    assert_eq!(
        (all["queries"].as_u64(), all["searches"].as_u64(), all["errors"].as_u64()),
        (Some(3), Some(4), Some(1)),
        "{all}"
    );
    assert_eq!(report["config"]["articles"], 21_578);
    assert_eq!(report["config"]["passages"], 3);
    for kind in ["term", "intersection", "filtered"] {
        assert!(report["kinds"][kind].is_object(), "kind {kind}: {report}");
    }
    assert_eq!(report["kinds"]["filtered"]["errors"], 1);
    assert!(report["errors"][0]["message"].as_str().unwrap_or_default().contains("unknown field `colour`"), "{report}");
    let latencies: Vec<f64> =
        ["p50_us", "p90_us", "p99_us", "p999_us", "max_us"].iter().map(|key| all[key].as_f64().expect(key)).collect();
    assert!(latencies[0] > 0.0 && latencies.windows(2).all(|pair| pair[0] <= pair[1]), "{all}");
    assert!(all["qps"].as_f64().unwrap_or_default() > 0.0, "{all}");
    // The searching thread's CPU time: some, and no more than the latency it is part of (give or
    // take reading the clocks).
    let (cpu_p50, cpu_p99) =
        (all["cpu_p50_us"].as_f64().expect("cpu_p50_us"), all["cpu_p99_us"].as_f64().expect("cpu_p99_us"));
    assert!(0.0 < cpu_p50 && cpu_p50 <= cpu_p99 && cpu_p99 <= latencies[4] * 1.01 + 50.0, "{all}");
    assert_eq!(report["slowest"].as_array().map(Vec::len), Some(2));
    // The hits are those `newsdex search` finds.
    let (index, _) = reuters_index();
    let expected: u64 = ["oil", "+deal +signs"]
        .iter()
        .map(|query| search_json(&env, index, &[query, "--limit", "1"])["total_hits"].as_u64().expect("total_hits"))
        .sum();
    assert_eq!(all["total_hits"].as_u64(), Some(expected));
}

#[test]
fn bench_table_with_threads_and_no_passages() {
    let env = Env::new();
    env.write("log.txt", "# money and trade\n\n\"money supply\"\ntrade OR tariff\n");
    let (index, _) = reuters_index();
    let mut command = env.newsdex(["bench", "--queries", "log.txt", "--runs", "1", "--threads", "2", "--no-passages"]);
    command.arg("--index").arg(index);
    command.assert().success().stdout(
        predicate::str::contains("2 queries × 1 runs")
            .and(predicate::str::contains("2 threads"))
            .and(predicate::str::contains("no passages"))
            .and(predicate::str::is_match("(?m)^all +2 ").expect("regex")),
    );
}

#[test]
fn bench_fails_on_a_missing_log_or_when_every_query_fails() {
    let env = Env::new();
    env.newsdex(["bench", "--queries", "no-such-log.txt", "--index", "index"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no-such-log.txt"));
    env.write("bad.txt", "colour:red\n\"unclosed\n");
    let (index, _) = reuters_index();
    let mut command = env.newsdex(["bench", "--queries", "bad.txt", "--runs", "1", "--warmup", "0"]);
    command.arg("--index").arg(index);
    command.assert().code(2).stderr(predicate::str::contains("every query failed"));
}

#[test]
fn bench_shows_what_suggestions_cost_and_can_leave_them_out() {
    let env = Env::new();
    // A misspelling finds nothing, so its searches look for corrections.
    env.write("log.txt", "inflaion\nkaula lumpur\noil\n");
    let with = bench_json(&env, &["--queries", "log.txt", "--runs", "1", "--warmup", "0"]);
    assert_eq!(with["config"]["suggest"], true);
    assert!(with["all"]["suggest_share"].as_f64().expect("suggest_share") > 0.0, "{with}");
    let without = bench_json(&env, &["--queries", "log.txt", "--runs", "1", "--warmup", "0", "--no-suggest"]);
    assert_eq!(without["config"]["suggest"], false);
    assert_eq!(without["all"]["suggest_share"], 0.0, "{without}");
    assert_eq!(with["all"]["total_hits"], without["all"]["total_hits"]);

    let (index, _) = reuters_index();
    let mut command = env.newsdex(["bench", "--queries", "log.txt", "--runs", "1", "--no-suggest", "--index"]);
    command.arg(index);
    command
        .assert()
        .success()
        .stdout(predicate::str::contains("no suggestions").and(predicate::str::contains("suggest")));
}
