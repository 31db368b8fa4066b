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
