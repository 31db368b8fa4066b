//! `Error`: one variant per failure a caller can act on. Library code never prints.

use std::path::PathBuf;

/// Everything that can go wrong in newsdex's library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Another `newsdex index` is writing to the same index.
    #[error("another `newsdex index` is writing to {} ({holder}); wait for it to finish or stop it, then run again", path.display())]
    IndexBusy { path: PathBuf, holder: String },
    #[error("no index at {}", path.display())]
    IndexMissing { path: PathBuf },
    #[error("the index at {} holds no articles", path.display())]
    IndexEmpty { path: PathBuf },
    #[error("the index at {} was built with another schema (version {found}, this newsdex writes {expected})", path.display())]
    SchemaMismatch { path: PathBuf, found: u32, expected: u32 },
    #[error("the manifest {} is not valid: {reason}", path.display())]
    Manifest { path: PathBuf, reason: String },
    #[error("{what}: {source}")]
    Tantivy {
        what: String,
        #[source]
        source: tantivy::TantivyError,
    },
    #[error(transparent)]
    Query(#[from] crate::query::QueryError),
    /// A panic caught in a stage that cannot skip its input (the commit).
    #[error(transparent)]
    Internal(#[from] crate::guard::InternalError),
    #[error("{0}")]
    InvalidRequest(String),
    /// The index holds something newsdex cannot read back.
    #[error("the index is damaged: {0}; rebuild it with `newsdex index DIR --rebuild`")]
    Damaged(String),
    /// A line of a benchmark query log that is not a query object.
    #[error("{}:{line}: not a query object with a `q` field: {reason}", path.display())]
    QueryLog { path: PathBuf, line: usize, reason: String },
}

impl Error {
    /// Wraps a tantivy error with what newsdex was doing when it happened.
    pub fn tantivy(what: impl Into<String>, source: tantivy::TantivyError) -> Self {
        Error::Tantivy { what: what.into(), source }
    }

    /// Wraps an I/O error with the action and the path.
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io { action, path: path.into(), source }
    }

    /// True for errors caused by what the user typed (exit code 2 with a pointer to the problem).
    pub fn is_user_error(&self) -> bool {
        matches!(self, Error::Query(_) | Error::InvalidRequest(_))
    }
}

/// newsdex's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
