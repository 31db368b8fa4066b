//! Test environment: a temp folder per test, the `newsdex` binary run inside it, and paths to the
//! shared corpora beside the project.

pub mod invariants;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

/// One temp folder; commands run with it as the working directory.
pub struct Env {
    pub dir: TempDir,
}

impl Env {
    pub fn new() -> Env {
        Env { dir: tempfile::tempdir().expect("create a temp dir") }
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    /// Writes `bytes` to `relative`, creating folders.
    pub fn write(&self, relative: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(relative);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("create folders");
        std::fs::write(&path, bytes).expect("write fixture");
        path
    }

    /// The binary, run in this folder.
    pub fn newsdex<I, S>(&self, args: I) -> Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        let mut command = Command::cargo_bin("newsdex").expect("the newsdex binary");
        command.current_dir(self.dir.path()).args(args);
        command
    }

    /// `newsdex index DIR --index index --json`, which must succeed; returns the summary.
    pub fn index(&self, dir: &Path) -> Value {
        index_into(self, dir, &self.path("index"))
    }

    /// `newsdex search ARGS --json` on this folder's index, which must succeed.
    pub fn search(&self, args: &[&str]) -> Value {
        search_json(self, &self.path("index"), args)
    }
}

/// Runs `newsdex index DIR --index INDEX --json --allow-skips` and returns the summary, which lists
/// any skips (their exit code is tested in `errors`).
pub fn index_into(env: &Env, dir: &Path, index: &Path) -> Value {
    let mut command = env.newsdex(["index"]);
    command.arg(dir).arg("--index").arg(index).arg("--json").arg("--allow-skips");
    let assert = command.assert().success();
    serde_json::from_slice(&assert.get_output().stdout).expect("index --json prints JSON")
}

/// Runs `newsdex search ARGS --index INDEX --json` and returns the results.
pub fn search_json(env: &Env, index: &Path, args: &[&str]) -> Value {
    let mut command = env.newsdex(["search"]);
    command.args(args).arg("--index").arg(index).arg("--json");
    let assert = command.assert().success();
    serde_json::from_slice(&assert.get_output().stdout).expect("search --json prints JSON")
}

/// `../shared` beside the project; the tests that read it fail loudly without it.
pub fn shared() -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    assert!(path.is_dir(), "../shared (corpora and query log) must sit beside the project: {}", path.display());
    path
}

pub fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// The index of all of Reuters-21578, built once per test run by the binary, with its summary.
pub fn reuters_index() -> &'static (PathBuf, Value) {
    static INDEX: OnceLock<(PathBuf, Value)> = OnceLock::new();
    INDEX.get_or_init(|| {
        let env = Env::new();
        let index = env.path("reuters-index");
        let summary = {
            let mut command = env.newsdex(["index"]);
            command.arg(shared().join("corpora/reuters21578")).arg("--index").arg(&index).arg("--json");
            let assert = command.assert().success();
            serde_json::from_slice::<Value>(&assert.get_output().stdout).expect("summary JSON")
        };
        // Keep the folder for the whole run: the index lives in it.
        let _kept = env.dir.keep();
        (index, summary)
    })
}

/// The hits of a `--json` search.
pub fn hits(results: &Value) -> &Vec<Value> {
    results["hits"].as_array().expect("hits array")
}

/// A string list field of a hit.
pub fn strings(hit: &Value, field: &str) -> Vec<String> {
    hit[field]
        .as_array()
        .map(|values| values.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
        .unwrap_or_default()
}

/// Title and body of a hit, lowercased, whitespace folded.
pub fn text_of(hit: &Value) -> String {
    let title = hit["title"].as_str().unwrap_or_default();
    let body = hit["body"].as_str().unwrap_or_default();
    format!("{title} {body}").split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// Every highlighted span of every passage of a hit, as text.
pub fn highlighted(hit: &Value) -> Vec<String> {
    let mut spans = Vec::new();
    for passage in hit["passages"].as_array().into_iter().flatten() {
        let text = passage["text"].as_str().expect("passage text");
        for range in passage["highlights"].as_array().into_iter().flatten() {
            let start = range[0].as_u64().expect("start") as usize;
            let end = range[1].as_u64().expect("end") as usize;
            let span = text
                .get(start..end)
                .unwrap_or_else(|| panic!("highlight {start}..{end} is not a char range of {text:?}"));
            spans.push(span.to_string());
        }
    }
    spans
}
