//! The promises about bad luck: a bug in one file's processing costs that file, a failed commit
//! leaves the last one intact, one `index` at a time, searches during a commit see a whole commit.
//! Faults are injected through the debug-build hook `NEWSDEX_INJECT_PANIC=STAGE:MARKER`
//! (`newsdex::guard::inject_fault`), not by leaving a bug in.

use std::path::Path;
use std::process::{Command as StdCommand, Stdio};
use std::time::{Duration, Instant};

use predicates::prelude::*;
use serde_json::Value;

use crate::common::{Env, hits};

const MARKER: &str = "FAULTMARKER";

/// Three plain articles, one of which (`bad.txt`) carries the marker, and a JSON Lines file whose
/// second line carries it.
fn write_articles(env: &Env) {
    let article = |title: &str, word: &str, extra: &str| {
        format!("{title}\n\nOSLO, May 2 (Newsdex) - The {word} council met to discuss the budget. {extra}\n")
    };
    env.write("in/harbour.txt", article("Harbour", "harbour", ""));
    env.write("in/forestry.txt", article("Forestry", "forestry", ""));
    env.write(&format!("in/bad-{MARKER}.txt"), article("Railway", "railway", MARKER));
    env.write(
        "in/lines.jsonl",
        format!(
            "{{\"title\":\"Fisheries\",\"body\":\"The fisheries council met.\"}}\n\
             {{\"title\":\"Tramway\",\"body\":\"The tramway council met. {MARKER}\"}}\n"
        ),
    );
}

fn index_with_fault(env: &Env, fault: &str) -> assert_cmd::assert::Assert {
    env.newsdex(["index", "in", "--index", "index", "--json"]).env("NEWSDEX_INJECT_PANIC", fault).assert()
}

#[test]
fn a_panic_in_one_file_costs_that_file_and_the_run_goes_on() {
    // Reading fails for the whole file (the marker is in its name); extraction and writing fail per
    // article, so the JSON Lines file keeps its good line.
    for (stage, lost) in [
        ("reading", vec!["railway"]),
        ("extraction", vec!["railway", "tramway"]),
        ("writing", vec!["railway", "tramway"]),
    ] {
        let env = Env::new();
        write_articles(&env);
        // Skips make the run exit 3; the summary lists them and so does stderr.
        let output = index_with_fault(&env, &format!("{stage}:{MARKER}")).code(3);
        let summary: Value = serde_json::from_slice(&output.get_output().stdout).expect("summary JSON");
        let skipped = summary["skipped"].as_array().expect("skipped list");
        assert_eq!(skipped.len(), lost.len(), "{stage}: {summary}");
        for entry in skipped {
            let reason = entry["reason"].as_str().unwrap_or_default();
            assert!(reason.starts_with(&format!("internal error in {stage}: injected fault")), "{stage}: {reason}");
            assert!(reason.ends_with("(a bug: please report it with this file)"), "{reason}");
        }
        if stage != "reading" {
            let line = skipped.iter().find(|entry| entry["path"].as_str().is_some_and(|p| p.ends_with("lines.jsonl")));
            assert_eq!(
                line.map(|entry| entry["line"].clone()),
                Some(Value::from(2)),
                "the bad line is named: {summary}"
            );
        }
        assert_eq!(summary["total_articles"], 5 - lost.len(), "{stage}: {summary}");
        for word in ["harbour", "forestry", "fisheries"] {
            assert_eq!(env.search(&[word])["total_hits"], 1, "{stage}: {word} is indexed");
        }
        for word in lost {
            assert_eq!(env.search(&[word])["total_hits"], 0, "{stage}: {word} was skipped");
        }
        // Caught panics are reported once, as skips, not also printed by the panic hook.
        let stderr = String::from_utf8_lossy(&output.get_output().stderr);
        assert!(!stderr.contains("panicked at"), "{stage}: {stderr}");
        let skip_lines = stderr.lines().filter(|line| line.starts_with("skipped ")).count();
        assert_eq!(skip_lines, skipped.len(), "{stage}: each skip on stderr: {stderr}");
    }
}

#[test]
fn a_file_whose_every_article_fails_keeps_its_previous_articles() {
    let env = Env::new();
    env.write("in/story.txt", "Story\n\nOSLO, May 2 (Newsdex) - The harbour council met.\n");
    env.index(&env.path("in"));
    // The file changes, and its new version's one article hits a bug: the old version stays.
    env.write("in/story.txt", format!("Story\n\nOSLO, May 3 (Newsdex) - The harbour council met again. {MARKER}\n"));
    std::fs::File::options()
        .write(true)
        .open(env.path("in/story.txt"))
        .and_then(|file| file.set_modified(std::time::SystemTime::now() + Duration::from_secs(5)))
        .expect("set mtime");
    index_with_fault(&env, &format!("extraction:{MARKER}")).code(3);
    assert_eq!(env.search(&["harbour"])["total_hits"], 1, "the earlier version is still there");
    // Without the fault, the next run reads it again (its old stamp was kept).
    let again = env.index(&env.path("in"));
    assert_eq!(again["files_read"], 1, "{again}");
    assert_eq!(env.search(&["again"])["total_hits"], 1);
}

#[test]
fn a_panic_at_commit_leaves_the_last_commit_intact() {
    let env = Env::new();
    env.write("in/harbour.txt", "Harbour\n\nOSLO, May 2 (Newsdex) - The harbour council met.\n");
    env.index(&env.path("in"));
    for number in 0..20 {
        env.write(&format!("in/more/{number}.txt"), format!("Railway {number}\n\nThe railway council met.\n"));
    }
    index_with_fault(&env, "commit:")
        .code(1)
        .stderr(predicate::str::contains("internal error in commit").and(predicate::str::contains("unchanged")));
    assert_eq!(env.search(&["harbour"])["total_hits"], 1, "the old commit is searchable");
    assert_eq!(env.search(&["railway"])["total_hits"], 0, "nothing of the failed run is visible");
    let recovered = env.index(&env.path("in"));
    assert_eq!(recovered["total_articles"], 21, "a plain re-run completes: {recovered}");
    assert_eq!(env.search(&["railway", "--limit", "50"])["total_hits"], 20);
}

#[test]
fn extract_reports_a_panicking_file_and_prints_the_others() {
    let env = Env::new();
    write_articles(&env);
    env.newsdex(["extract", "in", "--json"])
        .env("NEWSDEX_INJECT_PANIC", format!("extraction:{MARKER}"))
        .assert()
        .code(3)
        .stderr(
            predicate::str::contains(format!("bad-{MARKER}.txt: internal error in extraction"))
                .and(predicate::str::contains("lines.jsonl:2: internal error in extraction"))
                .and(predicate::str::contains("panicked at").not()),
        )
        .stdout(
            predicate::function(|out: &str| out.lines().count() == 3)
                .and(predicate::str::contains("Harbour"))
                .and(predicate::str::contains("Fisheries")),
        );
}

/// A folder of `files` articles of `words` distinct words each, slow enough to index that a test
/// can act while `index` runs.
pub fn write_bulk(dir: &Path, files: usize, words: usize) {
    std::fs::create_dir_all(dir).expect("bulk folder");
    for number in 0..files {
        let body: String = (0..words).map(|word| format!("bulkword{} ", (number * 7 + word) % 5000)).collect();
        std::fs::write(dir.join(format!("{number}.txt")), format!("Bulk {number}\n\nbulkmarker {body}\n"))
            .expect("write bulk article");
    }
}

/// Starts `newsdex index DIR --index INDEX` in the background.
fn spawn_index(env: &Env, dir: &str) -> std::process::Child {
    StdCommand::new(assert_cmd::cargo::cargo_bin("newsdex"))
        .current_dir(env.dir.path())
        .args(["index", dir, "--index", "index"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start index")
}

/// Waits until the running index has taken its lock (its pid is in the lock file).
fn wait_for_lock(env: &Env, pid: u32) {
    let lock = env.path(&format!("index/{}", newsdex::index::lock::LOCK_FILE));
    let started = Instant::now();
    while !std::fs::read_to_string(&lock).is_ok_and(|holder| holder.contains(&format!("pid {pid},"))) {
        assert!(started.elapsed() < Duration::from_secs(30), "index never took its lock");
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn a_second_index_is_refused_at_once_naming_the_running_one() {
    let env = Env::new();
    env.write("in/a.txt", "Harbour\n\nOSLO, May 2 (Newsdex) - The harbour council met.\n");
    env.index(&env.path("in"));
    // This test process holds the lock, as a running `newsdex index` would.
    let held = newsdex::index::lock::IndexLock::acquire(&env.path("index")).expect("take the lock");
    let started = Instant::now();
    env.newsdex(["index", "in", "--index", "index"]).assert().code(1).stderr(
        predicate::str::contains(format!("another `newsdex index` is writing to index (pid {},", std::process::id()))
            .and(predicate::str::contains("wait for it to finish")),
    );
    assert!(started.elapsed() < Duration::from_secs(10), "refused at once, not after waiting");
    // Searching is not writing: it goes on while the lock is held.
    assert_eq!(env.search(&["harbour"])["total_hits"], 1);
    drop(held);
    env.index(&env.path("in"));
}

#[test]
fn a_lock_left_by_a_killed_run_does_not_block_the_next() {
    let env = Env::new();
    write_bulk(&env.path("in"), 300, 400);
    let mut child = spawn_index(&env, "in");
    wait_for_lock(&env, child.id());
    child.kill().expect("SIGKILL the run");
    let _ = child.wait();
    assert!(env.path(&format!("index/{}", newsdex::index::lock::LOCK_FILE)).exists(), "the lock file stays behind");
    let summary = env.index(&env.path("in"));
    assert_eq!(summary["total_articles"], 300, "{summary}");
}

/// Total hits of `*` in a fresh process-like open of the index (what a new `search` sees).
fn total_in_fresh_open(index: &Path) -> Result<usize, String> {
    let open = newsdex::index::reader::open(index).map_err(|error| error.to_string())?;
    let searcher = newsdex::search::Searcher::new(open);
    let request = newsdex::search::SearchRequest { query: "*".into(), ..Default::default() };
    searcher.search(&request).map(|results| results.total_hits).map_err(|error| error.to_string())
}

#[test]
fn searches_during_a_commit_see_the_old_or_the_new_commit() {
    let env = Env::new();
    write_bulk(&env.path("in/old"), 50, 50);
    env.index(&env.path("in"));
    write_bulk(&env.path("in/new"), 400, 300);
    let index = env.path("index");
    let long_lived = newsdex::search::Searcher::new(newsdex::index::reader::open(&index).expect("open"));
    let mut child = spawn_index(&env, "in");
    let (mut fresh_opens, mut saw_new) = (0, false);
    let check = |fresh_opens: &mut usize| {
        let total = total_in_fresh_open(&index).expect("a search during indexing never fails");
        assert!(total == 50 || total == 450, "a whole commit, old or new: {total}");
        *fresh_opens += 1;
        let request = newsdex::search::SearchRequest { query: "bulkmarker".into(), ..Default::default() };
        let reloaded = long_lived.search(&request).expect("the long-lived reader keeps working").total_hits;
        assert!(reloaded == 50 || reloaded == 450, "a whole commit, old or new: {reloaded}");
        total == 450
    };
    while child.try_wait().expect("poll index").is_none() {
        saw_new |= check(&mut fresh_opens);
    }
    assert!(child.wait().expect("index ends").success());
    saw_new |= check(&mut fresh_opens);
    assert!(saw_new && fresh_opens > 10, "searched {fresh_opens} times while indexing");
    let cli = env.search(&["bulkmarker", "--limit", "1"]);
    assert_eq!(cli["total_hits"], 450);
    assert_eq!(hits(&cli).len(), 1);
}
