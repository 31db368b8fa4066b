//! Opens an index for search and hands out searchers; checks that it was built by this schema.

use std::path::{Path, PathBuf};

use tantivy::{Index, IndexReader, ReloadPolicy};

use super::schema::{self, Fields, SCHEMA_VERSION};
use super::writer::CommitPayload;
use crate::error::{Error, Result};

/// An index opened for search.
#[derive(Clone)]
pub struct OpenIndex {
    pub dir: PathBuf,
    pub index: Index,
    pub fields: Fields,
    pub reader: IndexReader,
}

/// Opens the index in `dir`: [`Error::IndexMissing`] when there is none, [`Error::IndexEmpty`] when
/// it holds no article, [`Error::SchemaMismatch`] when another newsdex version built it.
pub fn open(dir: &Path) -> Result<OpenIndex> {
    if !dir.join("meta.json").is_file() {
        return Err(Error::IndexMissing { path: dir.to_path_buf() });
    }
    let index = Index::open_in_dir(dir)
        .map_err(|source| Error::tantivy(format!("cannot open the index in {}", dir.display()), source))?;
    check_schema(&index, dir)?;
    schema::register_analyzers(&index);
    let fields = schema::fields_of(&index.schema()).ok_or(Error::SchemaMismatch {
        path: dir.to_path_buf(),
        found: 0,
        expected: SCHEMA_VERSION,
    })?;
    let reader = index
        .reader_builder()
        .reload_policy(ReloadPolicy::OnCommitWithDelay)
        .try_into()
        .map_err(|source| Error::tantivy(format!("cannot read the index in {}", dir.display()), source))?;
    if reader.searcher().num_docs() == 0 {
        return Err(Error::IndexEmpty { path: dir.to_path_buf() });
    }
    Ok(OpenIndex { dir: dir.to_path_buf(), index, fields, reader })
}

/// The schema version recorded by the last commit in `dir/meta.json`; 0 when none can be read.
pub fn recorded_version(dir: &Path) -> u32 {
    let meta = std::fs::read(dir.join("meta.json")).unwrap_or_default();
    let payload = serde_json::from_slice::<serde_json::Value>(&meta)
        .ok()
        .and_then(|meta| meta.get("payload").and_then(|payload| payload.as_str().map(str::to_string)));
    payload
        .and_then(|payload| serde_json::from_str::<CommitPayload>(&payload).ok())
        .map_or(0, |payload| payload.newsdex_schema)
}

/// Fails when the index's last commit was written with another schema version.
pub fn check_schema(index: &Index, dir: &Path) -> Result<()> {
    let metas = index
        .load_metas()
        .map_err(|source| Error::tantivy(format!("cannot read {}/meta.json", dir.display()), source))?;
    let Some(payload) = metas.payload else {
        // A new index, never committed: nothing to check.
        return Ok(());
    };
    let found = serde_json::from_str::<CommitPayload>(&payload).map(|payload| payload.newsdex_schema).unwrap_or(0);
    if found != SCHEMA_VERSION {
        return Err(Error::SchemaMismatch { path: dir.to_path_buf(), found, expected: SCHEMA_VERSION });
    }
    Ok(())
}
