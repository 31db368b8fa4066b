//! Opens an index for search and hands out searchers; checks that it was built by this schema.

use std::path::{Path, PathBuf};

use tantivy::{Index, IndexReader, ReloadPolicy};

use super::schema::{self, Fields, SCHEMA_VERSION};
use crate::error::{Error, Result};

/// An index opened for search.
#[derive(Clone)]
pub struct OpenIndex {
    /// The index folder.
    pub dir: PathBuf,
    /// The tantivy index.
    pub index: Index,
    /// Handles of the schema's fields in this index.
    pub fields: Fields,
    /// Reader that hands out searchers, reloaded shortly after each commit.
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
    schema::check_schema(&index, dir)?;
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
