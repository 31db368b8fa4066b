//! Bad queries exit with code 2 and point at the problem; a missing index says how to build one.

use predicates::prelude::*;

use crate::common::{Env, corpus};

fn indexed() -> Env {
    let env = Env::new();
    env.index(&corpus());
    env
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
            .stderr(predicate::str::contains(message).and(predicate::str::contains("bad query")));
    }
    env.newsdex(["search", "rain", "--index", "index", "--since", "someday"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--since"));
}

#[test]
fn missing_index_says_how_to_build_one() {
    let env = Env::new();
    env.newsdex(["search", "rain", "--index", "nowhere"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no index at nowhere").and(predicate::str::contains("newsdex index")));
    env.newsdex(["index", "no-such-folder", "--index", "index"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("does not exist"));
}

#[test]
fn an_index_of_another_version_is_named_and_rebuilt_on_request() {
    let env = Env::new();
    env.write("in/a.txt", "Quay\n\nANTWERP, May 2 (Newsdex) - The port approved a quay extension.\n");
    env.index(&env.path("in"));
    // Pretend an older newsdex wrote it: the version is recorded in the commit payload.
    let meta_path = env.path("index/meta.json");
    let mut meta: serde_json::Value = serde_json::from_slice(&std::fs::read(&meta_path).expect("meta")).expect("JSON");
    meta["payload"] = serde_json::Value::String(r#"{"newsdex_schema":2}"#.into());
    std::fs::write(&meta_path, serde_json::to_vec(&meta).expect("JSON")).expect("write meta");

    let search = env.newsdex(["search", "quay", "--index", "index"]).assert().failure().code(2);
    let message = String::from_utf8_lossy(&search.get_output().stderr).into_owned();
    assert!(message.contains("version 2") && message.contains("--rebuild"), "{message}");
    let index = env.newsdex(["index", "--index", "index"]).arg(env.path("in")).assert().failure();
    let message = String::from_utf8_lossy(&index.get_output().stderr).into_owned();
    assert!(message.contains("version 2") && message.contains("add --rebuild"), "{message}");

    env.newsdex(["index", "--index", "index", "--rebuild"]).arg(env.path("in")).assert().success();
    assert_eq!(env.search(&["quay"])["total_hits"], 1);
}
