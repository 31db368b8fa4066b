//! Re-running `index` reads only what changed and follows additions, edits and deletions.

use std::time::{Duration, Instant, SystemTime};

use crate::common::{Env, run_json};

#[test]
fn touch_add_and_delete_are_followed() {
    let env = Env::new();
    let article = |title: &str, word: &str| {
        format!("{title}\n\nOSLO, May 2 (Newsdex) - The {word} council met to discuss the budget.\n")
    };
    env.write("in/a.txt", article("First", "harbour"));
    env.write("in/b.txt", article("Second", "forestry"));
    let first = env.index(&env.path("in"));
    assert_eq!(first["articles_indexed"], 2);
    assert_eq!(first["total_articles"], 2);

    let again = env.index(&env.path("in"));
    assert_eq!(again["files_read"], 0, "nothing changed: {again}");
    assert_eq!(again["files_unchanged"], 2);
    assert_eq!(again["committed"], false);

    // Edit a.txt (new content, later mtime), add c.txt, delete b.txt.
    env.write("in/a.txt", article("First, revised", "fisheries"));
    let later = SystemTime::now() + Duration::from_secs(5);
    std::fs::File::options()
        .write(true)
        .open(env.path("in/a.txt"))
        .and_then(|file| file.set_modified(later))
        .expect("set mtime");
    env.write("in/c.txt", article("Third", "railway"));
    std::fs::remove_file(env.path("in/b.txt")).expect("delete b");
    let third = env.index(&env.path("in"));
    assert_eq!(third["files_read"], 2, "a (changed) and c (new): {third}");
    assert_eq!(third["files_removed"], 1);
    assert_eq!(third["total_articles"], 2);
    assert_eq!(env.search(&["fisheries"])["total_hits"], 1);
    assert_eq!(env.search(&["harbour"])["total_hits"], 0, "the old version of a.txt is gone");
    assert_eq!(env.search(&["forestry"])["total_hits"], 0, "deleted b.txt is gone");
    assert_eq!(env.search(&["railway"])["total_hits"], 1);

    // Touch without changing content: re-read, still one copy.
    let touched = SystemTime::now() + Duration::from_secs(10);
    std::fs::File::options()
        .write(true)
        .open(env.path("in/c.txt"))
        .and_then(|file| file.set_modified(touched))
        .expect("touch");
    let fourth = env.index(&env.path("in"));
    assert_eq!(fourth["files_read"], 1);
    assert_eq!(env.search(&["railway"])["total_hits"], 1, "no duplicate after touch");

    // --rebuild reads everything again.
    let mut command = env.newsdex(["index"]);
    command.arg(env.path("in")).args(["--index", "index", "--rebuild", "--json"]);
    let rebuilt = run_json(&mut command);
    assert_eq!(rebuilt["files_read"], 2);
    assert_eq!(rebuilt["total_articles"], 2);
}

#[test]
fn a_killed_run_leaves_the_previous_index_searchable() {
    let env = Env::new();
    env.write("in/a.txt", "Kept\n\nOSLO, May 2 (Newsdex) - The harbour council met.\n");
    env.index(&env.path("in"));
    // A large second folder, and a run killed once it has taken the index's lock, long before
    // it can commit.
    for number in 0..400 {
        env.write(&format!("in/bulk/{number}.txt"), format!("Bulk {number}\n\n{}\n", "word ".repeat(2000)));
    }
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("newsdex"))
        .current_dir(env.dir.path())
        .args(["index", "in", "--index", "index"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start index");
    let lock = env.path(&format!("index/{}", newsdex::index::lock::LOCK_FILE));
    let holder = format!("pid {},", child.id());
    let started = Instant::now();
    while !std::fs::read_to_string(&lock).is_ok_and(|text| text.contains(&holder)) {
        assert!(child.try_wait().expect("poll index").is_none(), "the run ended before it took its lock");
        assert!(started.elapsed() < Duration::from_secs(30), "the run never took its lock");
        std::thread::sleep(Duration::from_millis(2));
    }
    assert!(child.try_wait().expect("poll index").is_none(), "the run is still going when it is killed");
    child.kill().expect("SIGKILL the run");
    let _ = child.wait();
    let results = env.search(&["harbour"]);
    assert_eq!(results["total_hits"], 1, "the last committed index is intact");
    let bulk = env.search(&["bulk", "--limit", "1"]);
    assert_eq!(bulk["total_hits"], 0, "no article of the killed run is visible");
    assert_eq!(env.search(&["*", "--limit", "1"])["total_hits"], 1, "the old commit, whole and alone");
}

/// The segments listed in the index's `meta.json`.
fn segment_count(env: &Env) -> usize {
    let meta: serde_json::Value =
        serde_json::from_slice(&std::fs::read(env.path("index/meta.json")).expect("meta.json")).expect("JSON");
    meta["segments"].as_array().map_or(0, Vec::len)
}

#[test]
fn a_small_index_is_one_segment_after_each_run() {
    let env = Env::new();
    // Two indexing threads write two segments; the commit merges them for faster searches.
    env.newsdex(["index", "--index", "index", "--threads", "2"]).arg(crate::common::corpus()).assert().success();
    assert_eq!(segment_count(&env), 1);
    let files_on_disk = std::fs::read_dir(env.path("index")).expect("index folder").count();

    env.write("more/extra.txt", "Extra\n\nOSLO, May 2 (Newsdex) - The harbour council met again.\n");
    env.newsdex(["index", "--index", "index"]).arg(crate::common::corpus()).arg(env.path("more")).assert().success();
    assert_eq!(segment_count(&env), 1, "the added article's segment is merged too");
    let now_on_disk = std::fs::read_dir(env.path("index")).expect("index folder").count();
    assert_eq!(now_on_disk, files_on_disk, "merged-away segment files are deleted");
    assert_eq!(env.search(&["harbour council", "--limit", "50"])["total_hits"].as_u64().map(|n| n >= 1), Some(true));
}
