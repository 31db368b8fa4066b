//! Test environment: a temp folder per test, the `newsdex` binary run inside it, and paths to the
//! shared corpora beside the project.

pub mod invariants;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

/// One temp folder; commands run with it as the working directory. Its index is its own
/// `index` folder, or, for tests that only search, an index built once per test binary.
pub struct Env {
    pub dir: TempDir,
    index: PathBuf,
    reads_shared_index: bool,
}

impl Env {
    pub fn new() -> Env {
        let dir = tempfile::tempdir().expect("create a temp dir");
        let index = dir.path().join("index");
        Env { dir, index, reads_shared_index: false }
    }

    /// A temp folder whose searches read `index`, an index built once per test binary
    /// ([`corpus_index`], [`reuters_index`]); the test must not write to it.
    pub fn reading(index: &Path) -> Env {
        Env { index: index.to_path_buf(), reads_shared_index: true, ..Env::new() }
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    /// The index [`Env::search`] reads and [`Env::index`] writes.
    pub fn index_dir(&self) -> &Path {
        &self.index
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
        assert!(!self.reads_shared_index, "this test reads an index shared by other tests; index into Env::new()");
        index_into(self, dir, &self.index)
    }

    /// `newsdex search ARGS --json` on this folder's index, which must succeed.
    pub fn search(&self, args: &[&str]) -> Value {
        search_json(self, &self.index, args)
    }
}

/// Runs `command` (given `--json`), which must succeed, and parses its stdout as one JSON value.
#[track_caller]
pub fn run_json(command: &mut Command) -> Value {
    let stdout = command.assert().success().get_output().stdout.clone();
    serde_json::from_slice(&stdout)
        .unwrap_or_else(|error| panic!("--json prints JSON ({error}): {}", String::from_utf8_lossy(&stdout)))
}

/// Runs `command` (given `--json`), which must succeed, and parses its stdout as JSON Lines, one
/// value a line; with it what the command printed on stderr.
#[track_caller]
pub fn run_json_lines(command: &mut Command) -> (Vec<Value>, String) {
    let output = command.assert().success().get_output().clone();
    let stdout = String::from_utf8(output.stdout).expect("UTF-8 output");
    let values = stdout
        .lines()
        .map(|line| {
            serde_json::from_str(line).unwrap_or_else(|error| panic!("one JSON object a line ({error}): {line}"))
        })
        .collect();
    (values, String::from_utf8_lossy(&output.stderr).into_owned())
}

/// Runs `newsdex index DIR --index INDEX --json --allow-skips` and returns the summary, which lists
/// any skips (their exit code is tested in `errors`).
pub fn index_into(env: &Env, dir: &Path, index: &Path) -> Value {
    let mut command = env.newsdex(["index"]);
    command.arg(dir).arg("--index").arg(index).arg("--json").arg("--allow-skips");
    run_json(&mut command)
}

/// Runs `newsdex search ARGS --index INDEX --json` and returns the results.
pub fn search_json(env: &Env, index: &Path, args: &[&str]) -> Value {
    let mut command = env.newsdex(["search"]);
    command.args(args).arg("--index").arg(index).arg("--json");
    run_json(&mut command)
}

/// `relative` inside `../shared` beside the project (the corpora and query logs, never copied
/// in). Missing, it fails the test, saying what is missing and where the data must go: no test
/// passes by skipping what it was meant to check.
#[track_caller]
pub fn shared(relative: &str) -> PathBuf {
    let project = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = project.join("../shared");
    let path = shared.join(relative);
    if path.exists() {
        return path;
    }
    let missing = if shared.is_dir() {
        format!("../shared/{relative} is missing ({} has no {relative})", shared.display())
    } else {
        format!("../shared is missing (no folder at {})", shared.display())
    };
    panic!(
        "{missing}. The tests read the shared data (corpora/reuters21578, corpora/seeds, queries/) from a \
         folder `shared` beside the project folder: place it (or a link to it) at {} and run the tests again.",
        shared.display()
    );
}

/// The sample corpus bundled with the project.
pub fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// An index of `dir`, built by the binary on first use and kept for the whole test binary, with
/// its summary.
fn index_once(cell: &'static OnceLock<(PathBuf, Value)>, dir: PathBuf) -> &'static (PathBuf, Value) {
    cell.get_or_init(|| {
        let env = Env::new();
        let index = env.path("shared-index");
        let summary = index_into(&env, &dir, &index);
        // Keep the folder for the whole run: the index lives in it.
        let _kept = env.dir.keep();
        (index, summary)
    })
}

/// The index of the sample corpus (`corpus/`), built once per test run, with its summary; for
/// tests that only search it ([`Env::reading`]).
pub fn corpus_index() -> &'static (PathBuf, Value) {
    static INDEX: OnceLock<(PathBuf, Value)> = OnceLock::new();
    index_once(&INDEX, corpus())
}

/// The index of all of Reuters-21578, built once per test run, with its summary.
pub fn reuters_index() -> &'static (PathBuf, Value) {
    static INDEX: OnceLock<(PathBuf, Value)> = OnceLock::new();
    index_once(&INDEX, shared("corpora/reuters21578"))
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
