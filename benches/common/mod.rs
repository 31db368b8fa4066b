//! What the benches need: where the shared corpora are, and a Reuters index built into a temp dir.

use std::path::PathBuf;

use newsdex::ingest::{self, IndexOptions, Summary};

/// `../shared` beside the project (this crate is the project's `benches/`), where the corpora and
/// query logs live (never copied in).
pub fn shared_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..").join("..").join("shared")
}

/// The Reuters-21578 corpus, or `None` (with a message saying why the bench does nothing) when it is
/// not there.
pub fn reuters_dir(bench: &str) -> Option<PathBuf> {
    let dir = shared_dir().join("corpora").join("reuters21578");
    if dir.is_dir() {
        return Some(dir);
    }
    println!(
        "{bench}: skipped, no corpus at {} (the benches read ../shared/corpora beside the project)",
        dir.display()
    );
    None
}

/// Indexes `corpus` into `index_dir` from scratch, as `newsdex index --rebuild` does.
pub fn build_index(corpus: &std::path::Path, index_dir: &std::path::Path) -> newsdex::Result<Summary> {
    let options = IndexOptions {
        roots: vec![corpus.to_path_buf()],
        index_dir: index_dir.to_path_buf(),
        rebuild: true,
        threads: 0,
        memory_budget: 256 << 20,
        reference_date: None,
        taxonomy: None,
        entities: None,
        story_window_days: newsdex::stories::DEFAULT_WINDOW_DAYS,
    };
    ingest::run(&options, |_| {})
}
