//! The tantivy index: its schema, how articles are written to it and how it is opened for search.

pub mod lock;
pub mod people;
pub mod reader;
pub mod schema;
pub mod stats;
pub mod stemmer;
pub mod summary;
pub mod writer;

use std::path::Path;

/// File in the index folder where `index` records which files it has read (see [`crate::manifest`]).
pub const MANIFEST_FILE: &str = "newsdex-manifest.json";

/// Total size in bytes of the files directly inside the index folder.
pub(crate) fn size_on_disk(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    entries
        .flatten()
        .filter_map(|entry| entry.metadata().ok())
        .filter(|meta| meta.is_file())
        .map(|meta| meta.len())
        .sum()
}
