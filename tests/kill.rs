//! Crash safety, `#[ignore]`d (a few minutes): `newsdex index` is SIGKILLed at 20 points spread
//! over a run, the commit included, and each time the index must hold exactly one whole commit:
//! the old articles and none of the killed run's, or the old ones and all of the killed run's,
//! each once.
//! Run with `cargo test --release --test tests -- --ignored --nocapture kill::`.

use std::path::Path;
use std::process::{Command as StdCommand, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::{Env, hits};
use crate::reliability::write_bulk;

/// Copies the files of an index folder (it has no subfolders).
fn copy_index(from: &Path, to: &Path) {
    let _ = std::fs::remove_dir_all(to);
    std::fs::create_dir_all(to).expect("index copy folder");
    for entry in std::fs::read_dir(from).expect("index folder").flatten() {
        std::fs::copy(entry.path(), to.join(entry.file_name())).expect("copy an index file");
    }
}

fn spawn_index(env: &Env) -> std::process::Child {
    StdCommand::new(assert_cmd::cargo::cargo_bin("newsdex"))
        .current_dir(env.dir.path())
        .args(["index", "in", "--index", "index"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start index")
}

/// Phases of an uninterrupted run, in seconds from its start: when the commit starts (the run
/// notes it in its lock file), when the new `meta.json` is in place, and when the process ends.
struct Phases {
    commit_starts: f64,
    committed: f64,
    ends: f64,
}

fn time_phases(env: &Env, base: &Path) -> Phases {
    let index = env.path("index");
    copy_index(base, &index);
    let lock = index.join(newsdex::index::lock::LOCK_FILE);
    let old_meta = std::fs::read(index.join("meta.json")).expect("meta.json");
    let started = Instant::now();
    let mut child = spawn_index(env);
    let running = format!("pid {},", child.id());
    let (mut commit_starts, mut committed) = (None, None);
    while child.try_wait().expect("poll").is_none() {
        let now = started.elapsed().as_secs_f64();
        if commit_starts.is_none()
            && std::fs::read_to_string(&lock)
                .is_ok_and(|holder| holder.starts_with(&running) && holder.ends_with("committing"))
        {
            commit_starts = Some(now);
        }
        if committed.is_none() && std::fs::read(index.join("meta.json")).is_ok_and(|meta| meta != old_meta) {
            committed = Some(now);
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let ends = started.elapsed().as_secs_f64();
    let committed = committed.unwrap_or(ends);
    Phases { commit_starts: commit_starts.unwrap_or(committed), committed, ends }
}

/// The paths of every article a search sees, sorted; an article indexed twice is there twice.
/// Pages of 10,000 (the most a search returns), in the order of the ranking, which is total.
fn visible_paths(env: &Env) -> Vec<String> {
    const PAGE: usize = 10_000;
    let mut paths = Vec::new();
    loop {
        let offset = paths.len().to_string();
        let page =
            env.search(&["*", "--limit", &PAGE.to_string(), "--offset", &offset, "--passages", "0", "--no-collapse"]);
        let found = hits(&page);
        paths.extend(found.iter().map(|hit| hit["path"].as_str().expect("a hit's path").to_string()));
        if found.len() < PAGE {
            assert_eq!(page["total_hits"].as_u64(), Some(paths.len() as u64), "every hit listed");
            break;
        }
    }
    paths.sort();
    paths
}

/// The article count of the index, which must hold one whole commit: exactly the articles of the
/// old commit (`old`: none of the killed run is visible) or exactly those of the new one (`new`:
/// all of it), each once.
fn check_whole_commit(env: &Env, old: &[String], new: &[String]) -> usize {
    let visible = visible_paths(env);
    if visible != old && visible != new {
        let from_killed_run = visible.iter().filter(|path| !old.contains(path)).count();
        let old_missing = old.iter().filter(|path| !visible.contains(path)).count();
        panic!(
            "not a whole commit: {} articles visible, {from_killed_run} of them from the killed run (0 or {} \
             expected), {old_missing} of the old {} missing",
            visible.len(),
            new.len() - old.len(),
            old.len()
        );
    }
    // The marker word agrees with the paths: the killed run's articles are searchable as a whole.
    let from_new = env.search(&["newbatchmarker", "--limit", "1"])["total_hits"].as_u64().expect("total");
    assert_eq!(from_new as usize, visible.len() - old.len(), "articles of the killed run are all there or none");
    visible.len()
}

#[test]
#[ignore = "slow: kills `newsdex index` 20 times; run with --ignored (see the module docs)"]
fn killed_at_twenty_points_the_index_holds_one_whole_commit() {
    let env = Env::new();
    write_bulk(&env.path("in/old"), 200, 200);
    env.index(&env.path("in"));
    let base = env.path("base-index");
    copy_index(&env.path("index"), &base);
    let old = 200;
    // The run that gets killed adds 15,000 articles, each with a word the old ones lack.
    write_bulk(&env.path("in/new"), 15_000, 300);
    for number in 0..15_000 {
        let path = env.path(&format!("in/new/{number}.txt"));
        let text = std::fs::read_to_string(&path).expect("bulk article");
        std::fs::write(&path, text.replace("bulkmarker", "bulkmarker newbatchmarker")).expect("rewrite");
    }
    let new = old + 15_000;
    let phases = time_phases(&env, &base);
    // What a search sees of each whole commit: before the run, and after the uninterrupted one.
    let new_paths = visible_paths(&env);
    copy_index(&base, &env.path("index"));
    let old_paths = visible_paths(&env);
    assert_eq!((old_paths.len(), new_paths.len()), (old as usize, new as usize), "the two commits");
    assert!(old_paths.iter().all(|path| new_paths.binary_search(path).is_ok()), "the new commit keeps the old");
    println!(
        "uninterrupted run: commit writes from {:.2} s, committed at {:.2} s, ends at {:.2} s",
        phases.commit_starts, phases.committed, phases.ends
    );
    // 14 points before the commit, 4 while it writes, 2 after (merge, manifest).
    let mut points: Vec<f64> = (1..=14).map(|n| phases.commit_starts * f64::from(n) / 15.0).collect();
    let commit_span = (phases.committed - phases.commit_starts).max(0.0);
    points.extend((1..=4).map(|n| phases.commit_starts + commit_span * f64::from(n) / 5.0));
    let after = (phases.ends - phases.committed).max(0.0);
    points.extend((1..=2).map(|n| phases.committed + after * f64::from(n) / 3.0));

    let (mut saw_old, mut saw_new, mut in_commit) = (0, 0, 0);
    for (number, planned) in points.iter().enumerate() {
        // Runs vary: a point the run has already passed is tried again a little earlier.
        let mut at = *planned;
        loop {
            copy_index(&base, &env.path("index"));
            let mut child = spawn_index(&env);
            std::thread::sleep(Duration::from_secs_f64(at));
            let finished_first = child.try_wait().expect("poll").is_some();
            child.kill().ok(); // SIGKILL
            let _ = child.wait();
            if !finished_first {
                break;
            }
            assert!(at > phases.committed * 0.5, "point {number}: the run ends too early to be killed");
            at *= 0.97;
        }
        let total = check_whole_commit(&env, &old_paths, &new_paths) as u64;
        in_commit += usize::from(at >= phases.commit_starts && at < phases.committed);
        if total == old {
            saw_old += 1
        } else {
            saw_new += 1
        }
        // A plain re-run completes, and the manifest and the index agree: no article lost or twice.
        let rerun = env.index(&env.path("in"));
        assert_eq!(rerun["total_articles"], new, "point {number}: {rerun}");
        let manifest: Value = serde_json::from_slice(
            &std::fs::read(env.path(&format!("index/{}", newsdex::index::MANIFEST_FILE))).expect("manifest"),
        )
        .expect("manifest JSON");
        assert_eq!(manifest["files"].as_object().map(|files| files.len() as u64), Some(new), "point {number}");
        assert_eq!(env.search(&["newbatchmarker", "--limit", "1"])["total_hits"], new - old, "point {number}");
        println!(
            "kill {:2} at {at:.2} s: index held {total} articles ({}), re-run gave {}",
            number + 1,
            if total == old { "old commit" } else { "new commit" },
            rerun["total_articles"],
        );
    }
    println!(
        "20 kills, {in_commit} of them while committing: {saw_old} left the old commit, {saw_new} the new one; all whole"
    );
    assert!(saw_old > 0);
}
