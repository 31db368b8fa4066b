//! Story grouping at index time: the fixture corpus of `tests/data/stories/` (written for these
//! tests: exact copies, reprints, a second outlet's write-up a day later, an undated copy, and
//! same-place, same-people articles that are other events), the seeds and `corpus/` pairs; the
//! grouping does not depend on threads, file order or layout, incremental runs give a rebuild's
//! stories, and a table left by another commit is detected and recomputed.
//!
//! Stories are read through `newsdex eval stories --json` (the grouping as the binary writes it),
//! as sets of file names.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use newsdex::stories::{self, GroupingOptions, STORIES_FILE, StoryTable};

use crate::common::{Env, corpus, run_json, shared};

/// The tuning fixtures (thresholds were chosen with them in view).
fn tuning() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/stories/tuning")
}

/// The held-out fixtures (written after the thresholds were fixed, never tuned on).
fn heldout() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/stories/heldout")
}

type Stories = BTreeSet<BTreeSet<String>>;

/// The stories of two or more articles of `index`, each as the set of its articles' file names.
fn stories_of(env: &Env, index: &Path) -> Stories {
    let mut command = env.newsdex(["eval", "stories", "--json", "--index"]);
    command.arg(index);
    let report = run_json(&mut command);
    report["shown"]
        .as_array()
        .expect("stories")
        .iter()
        .map(|story| {
            story["articles"]
                .as_array()
                .expect("articles")
                .iter()
                .map(|article| {
                    let source = article["source"].as_str().unwrap_or_default();
                    source.split(' ').next().unwrap_or_default().to_string()
                })
                .collect()
        })
        .collect()
}

fn story(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|name| name.to_string()).collect()
}

/// Copies the files of `from` into `to`, each in a folder of its own named after its position in
/// reverse name order: another layout, other paths, another walk order.
fn copy_in_another_layout(from: &Path, to: &Path) {
    let mut names: Vec<_> =
        std::fs::read_dir(from).expect("fixtures").flatten().map(|entry| entry.file_name()).collect();
    names.sort();
    names.reverse();
    for (at, name) in names.iter().enumerate() {
        let folder = to.join(format!("z{at:02}"));
        std::fs::create_dir_all(&folder).expect("a folder");
        std::fs::copy(from.join(name), folder.join(name)).expect("copy a fixture");
    }
}

#[test]
fn the_fixture_corpus_groups_copies_reprints_and_a_second_write_up_and_nothing_else() {
    let env = Env::new();
    let summary = env.index(&tuning());
    assert_eq!(summary["stories"], 1, "{summary}");
    assert_eq!(summary["articles_in_stories"], 6, "{summary}");
    let expected: Stories = [story(&[
        // The original, an exact copy under a wire name, a reprint under another headline, an
        // update with a sentence added, an undated copy, and another outlet's write-up a day
        // later in other words with the same people and place.
        "2025-04-02-rotterdam-crane-collapse.txt",
        "wire-copy-4471.txt",
        "reprint-maasvlakte-crane.txt",
        "update-rotterdam-crane.txt",
        "undated-crane-copy.txt",
        "2025-04-03-maasvlakte-crane-inquiry.md",
    ])]
    .into_iter()
    .collect();
    // Left alone, as they must be: the same day, place and spokesman but another event (bike
    // lanes); one minister's two visits a month apart; one company's two quarterly results; the
    // unrelated articles.
    assert_eq!(stories_of(&env, env.index_dir()), expected);
}

#[test]
fn held_out_fixtures_group_a_reprint_and_merge_no_other_event() {
    let env = Env::new();
    env.index(&heldout());
    let found = stories_of(&env, env.index_dir());
    let story_with = |name: &str| found.iter().find(|story| story.contains(name)).cloned().unwrap_or_default();
    let fire = story_with("2025-02-03-valparaiso-fire-evacuation.txt");
    assert!(fire.contains("andes-wire-2231.txt"), "a reprint with a new headline and a sentence: {found:?}");
    for other_event in [
        "2025-02-04-valparaiso-port-strike.txt",
        "2025-03-05-valparaiso-second-fire.txt",
        "2025-02-03-santiago-orchestra-tour.txt",
    ] {
        assert!(!fire.contains(other_event), "{other_event} is another event: {found:?}");
        assert!(story_with(other_event).is_empty(), "{other_event} stands alone: {found:?}");
    }
}

#[test]
fn the_seeds_are_one_story_and_the_corpus_pairs_are_two() {
    let env = Env::new();
    env.index(&shared("corpora/seeds"));
    let expected: Stories = [story(&["000_0a08bd7476022494.txt", "004_dbf7c52e2ea52442.txt"])].into_iter().collect();
    assert_eq!(stories_of(&env, env.index_dir()), expected, "one signing, two outlets, one undated");

    let corpus_env = Env::new();
    corpus_env.index(&corpus());
    let expected: Stories = [
        story(&["2025-08-14-arequipa-earthquake.txt", "2025-08-14-peru-quake-colca-valley.md"]),
        story(&["schemaorg-newsarticles.jsonl", "reuters-style-2025.sgm"]),
    ]
    .into_iter()
    .collect();
    assert_eq!(stories_of(&corpus_env, corpus_env.index_dir()), expected, "the pairs of corpus/.catalog.md");
}

#[test]
fn grouping_does_not_depend_on_threads_order_or_layout() {
    let env = Env::new();
    let mut one_thread = env.newsdex(["index", "--threads", "1", "--json", "--index", "one"]);
    one_thread.arg(tuning());
    run_json(&mut one_thread);
    let mut two_threads = env.newsdex(["index", "--threads", "2", "--memory-mb", "32", "--json", "--index", "two"]);
    two_threads.arg(tuning());
    run_json(&mut two_threads);
    let moved = env.path("moved");
    copy_in_another_layout(&tuning(), &moved);
    let mut other_layout = env.newsdex(["index", "--threads", "2", "--json", "--index", "moved-index"]);
    other_layout.arg(&moved);
    run_json(&mut other_layout);

    let expected = stories_of(&env, &env.path("one"));
    assert_eq!(expected.len(), 1, "{expected:?}");
    assert_eq!(stories_of(&env, &env.path("two")), expected);
    assert_eq!(stories_of(&env, &env.path("moved-index")), expected);
    // The same paths give the same keys, so the same story ids.
    let one = StoryTable::read(&env.path("one")).expect("a table");
    let two = StoryTable::read(&env.path("two")).expect("a table");
    let ids = |table: &StoryTable| table.stories().collect::<BTreeSet<_>>();
    assert_eq!(ids(&one), ids(&two));
}

#[test]
fn incremental_runs_give_the_stories_of_a_rebuild() {
    let env = Env::new();
    let folder = env.path("articles");
    std::fs::create_dir_all(&folder).expect("a folder");
    let mut names: Vec<_> =
        std::fs::read_dir(tuning()).expect("fixtures").flatten().map(|entry| entry.file_name()).collect();
    names.sort();
    // Half the files first (the original crane report among them, its copies after).
    for name in names.iter().step_by(2) {
        std::fs::copy(tuning().join(name), folder.join(name)).expect("copy");
    }
    env.index(&folder);
    for name in names.iter().skip(1).step_by(2) {
        std::fs::copy(tuning().join(name), folder.join(name)).expect("copy");
    }
    let summary = env.index(&folder);
    assert!(summary["files_unchanged"].as_u64().unwrap_or_default() > 0, "an incremental run: {summary}");
    let incremental = stories_of(&env, env.index_dir());

    let rebuilt = Env::new();
    let mut command = rebuilt.newsdex(["index", "--rebuild", "--json", "--index", "index"]);
    command.arg(&folder);
    run_json(&mut command);
    assert_eq!(incremental, stories_of(&rebuilt, rebuilt.index_dir()));
    assert_eq!(incremental.iter().map(BTreeSet::len).collect::<Vec<_>>(), [6]);

    // A run that only removes files regroups too: the copy's article leaves its story.
    std::fs::remove_file(folder.join("wire-copy-4471.txt")).expect("remove");
    let summary = env.index(&folder);
    assert_eq!(summary["files_removed"], 1, "{summary}");
    assert_eq!(summary["articles_in_stories"], 5, "{summary}");
    let after = stories_of(&env, env.index_dir());
    assert!(after.iter().all(|story| !story.contains("wire-copy-4471.txt")), "{after:?}");
    let table = StoryTable::read(env.index_dir()).expect("a table");
    let index = tantivy::Index::open_in_dir(env.index_dir()).expect("the index");
    assert_eq!(table.opstamp, index.load_metas().expect("metas").opstamp, "the table of the last commit");
}

#[test]
fn a_table_of_another_commit_is_detected_and_recomputed() {
    let env = Env::new();
    env.index(&tuning());
    let dir = env.index_dir();
    let written = StoryTable::read(dir).expect("a table");
    let index = tantivy::Index::open_in_dir(dir).expect("the index");
    let opstamp = index.load_metas().expect("metas").opstamp;
    assert_eq!(written.opstamp, opstamp);
    assert_eq!(stories::current(&index, dir).expect("current"), written, "a fresh table is used as it is");

    // A run killed between its commit and the table: the table on disk is the previous commit's.
    let stale = StoryTable::from_members(opstamp - 1, [(1, 1), (2, 1)]);
    stale.write(dir).expect("write");
    let read = StoryTable::read(dir).expect("a table");
    assert_ne!(read.opstamp, opstamp, "stale: another commit's opstamp");
    let current = stories::current(&index, dir).expect("recomputed");
    assert_eq!(current.opstamp, opstamp);
    assert_eq!(current.members().collect::<BTreeSet<_>>(), written.members().collect::<BTreeSet<_>>());

    // No table at all (grouping failed): recomputed the same way.
    std::fs::remove_file(dir.join(STORIES_FILE)).expect("remove");
    let recomputed = stories::current(&index, dir).expect("recomputed");
    assert_eq!(recomputed.members().collect::<BTreeSet<_>>(), written.members().collect::<BTreeSet<_>>());

    // The next `index` run, with nothing to read, notices the stale table and writes a fresh one.
    stale.write(dir).expect("write");
    let summary = env.index(&tuning());
    assert_eq!(summary["committed"], false, "{summary}");
    assert_eq!(StoryTable::read(dir).map(|table| table.opstamp), Some(opstamp));
    assert_eq!(summary["stories"], 1, "{summary}");
}

#[test]
fn a_failed_grouping_is_a_warning_and_the_commit_stands() {
    let env = Env::new();
    let mut command = env.newsdex(["index", "--json", "--index", "index"]);
    command.arg(tuning()).env("NEWSDEX_INJECT_PANIC", "grouping:");
    let output = command.assert().success().get_output().clone();
    let summary: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(summary["committed"], true, "{summary}");
    assert_eq!(summary["total_articles"], 14, "{summary}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("stories were not grouped"), "{stderr}");
    assert_eq!(StoryTable::read(env.index_dir()), None, "no table written");
    let index = tantivy::Index::open_in_dir(env.index_dir()).expect("the index");
    let table = stories::current(&index, env.index_dir()).expect("search recomputes");
    assert_eq!(table.stories().map(|(_, size)| size).collect::<Vec<_>>(), [6]);
}

#[test]
fn a_wider_window_is_a_regrouping_without_reading_again() {
    let env = Env::new();
    env.index(&tuning());
    let mut command = env.newsdex(["index", "--story-window", "0", "--json", "--index", "index"]);
    command.arg(tuning());
    let summary = run_json(&mut command);
    assert_eq!(summary["committed"], false, "nothing read again: {summary}");
    let table = StoryTable::read(env.index_dir()).expect("a table");
    assert_eq!(table.window_days, Some(0));
    // With no days of window, only articles of the same instant join as one event: the next
    // day's write-up and the update filed hours later (a sentence added moved its SimHash more
    // than 3 bits) stand alone; the copies of the same date, and the undated copy, still join.
    assert_eq!(summary["articles_in_stories"], 4, "{summary}");
    let index = tantivy::Index::open_in_dir(env.index_dir()).expect("the index");
    let default = stories::regroup_index(&index, GroupingOptions::default()).expect("regroup");
    assert_eq!(default.stories().map(|(_, size)| size).collect::<Vec<_>>(), [6]);
}
