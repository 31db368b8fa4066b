//! `Error`: one variant per failure a caller can act on, its [`ErrorKind`] (who must act) and its
//! [`Error::hint`] (what to do). Library code never prints.
//!
//! A message says what failed and where (the file, the line, the query column); the hint says what
//! to do about it, so a front end shows both: `newsdex: {error}; {hint}`.

use std::path::PathBuf;

/// What kind of failure an [`Error`] is: who must act. The binary turns it into an exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// What the caller asked for is wrong (a query that does not parse, a limit over the maximum, a
    /// query log that is not one): the same request fails again until it is fixed.
    BadRequest,
    /// Another process is writing to the index: the same request succeeds once it is done.
    Busy,
    /// The request is fine but could not be carried out: a file that cannot be read or written, an
    /// index that is missing, empty, of another version or damaged.
    Failed,
    /// A bug in newsdex.
    Internal,
}

/// Everything that can go wrong in newsdex's library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read, written, created or removed.
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        /// What newsdex was doing (`read`, `create`, `write`, …), as a verb.
        action: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
    /// Another `newsdex index` is writing to the same index.
    #[error("another `newsdex index` is writing to {} ({holder})", path.display())]
    IndexBusy {
        /// The index folder.
        path: PathBuf,
        /// Who holds it, as its lock file says (`pid N, started T`).
        holder: String,
    },
    /// No index at the path a search or `bench` was given.
    #[error("no index at {}", path.display())]
    IndexMissing {
        /// The index folder asked for.
        path: PathBuf,
    },
    /// An index with no articles committed yet.
    #[error("the index at {} holds no articles", path.display())]
    IndexEmpty {
        /// The index folder.
        path: PathBuf,
    },
    /// An index written by a newsdex with another schema version; it must be rebuilt.
    #[error("the index at {} was built with another schema (version {found}, this newsdex writes {expected})", path.display())]
    SchemaMismatch {
        /// The index folder.
        path: PathBuf,
        /// The version the index's last commit recorded (0 when it recorded none).
        found: u32,
        /// The version this newsdex writes and reads.
        expected: u32,
    },
    /// An index handed to the writer whose schema lacks newsdex's fields.
    #[error("the index lacks newsdex's fields: another program (or a newsdex of another schema) built it")]
    ForeignIndex,
    /// The manifest beside the index (which files it holds) cannot be parsed.
    #[error("the manifest {} is not valid: {reason}", path.display())]
    Manifest {
        /// The manifest file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// The thread pool that reads and indexes files could not start.
    #[error("cannot start {threads} reading threads: {source}")]
    ThreadPool {
        /// The threads asked for.
        threads: usize,
        /// Why the pool could not start.
        #[source]
        source: rayon::ThreadPoolBuildError,
    },
    /// tantivy failed (opening, writing, committing or searching the index).
    #[error("{what}: {source}")]
    Tantivy {
        /// What newsdex asked tantivy to do.
        what: String,
        /// tantivy's error.
        #[source]
        source: tantivy::TantivyError,
    },
    /// The query does not parse or names an unknown field; it carries the column.
    #[error(transparent)]
    Query(#[from] crate::query::QueryError),
    /// A search request out of bounds (the query itself parsed).
    #[error("{0}")]
    InvalidRequest(String),
    /// No article of the index has the id asked about.
    #[error("no article has the id `{id}`")]
    UnknownArticle {
        /// The id as given.
        id: String,
    },
    /// tantivy refused the facet-count aggregation newsdex builds: a bug, not the request.
    #[error("the facet counts request was refused: {reason}")]
    Aggregation {
        /// tantivy's reason.
        reason: String,
    },
    /// A panic caught in a stage that cannot skip its input (the commit).
    #[error(transparent)]
    Internal(#[from] crate::guard::InternalError),
    /// The index holds something newsdex cannot read back. The message says what to do itself:
    /// it also travels as text only (through serde while rendering JSON).
    #[error("the index is damaged: {0}; rebuild it with `newsdex index DIR --rebuild`")]
    Damaged(String),
    /// A line of a benchmark query log that is not a query object.
    #[error("{}:{line}: not a query object with a `q` field: {reason}", path.display())]
    QueryLog {
        /// The query log file.
        path: PathBuf,
        /// Its line, from 1.
        line: usize,
        /// What is wrong with the line.
        reason: String,
    },
    /// A file of an evaluation collection that cannot be read as the collection's format.
    #[error("{}: {reason}", path.display())]
    Eval {
        /// The file.
        path: PathBuf,
        /// What is wrong with it, with the line where there is one.
        reason: String,
    },
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

    /// Who must act: the caller (a bad request), nobody but time (busy), or whoever runs newsdex.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Query(_)
            | Error::InvalidRequest(_)
            | Error::UnknownArticle { .. }
            | Error::QueryLog { .. }
            | Error::Eval { .. } => ErrorKind::BadRequest,
            Error::IndexBusy { .. } => ErrorKind::Busy,
            Error::Internal(_) | Error::Aggregation { .. } => ErrorKind::Internal,
            Error::Io { .. }
            | Error::IndexMissing { .. }
            | Error::IndexEmpty { .. }
            | Error::SchemaMismatch { .. }
            | Error::ForeignIndex
            | Error::Manifest { .. }
            | Error::ThreadPool { .. }
            | Error::Tantivy { .. }
            | Error::Damaged(_) => ErrorKind::Failed,
        }
    }

    /// What to do about it, in the command line's terms; `None` when the message says it all
    /// (a query error points at its column; an internal error says to report it; a damaged index
    /// says to rebuild it).
    pub fn hint(&self) -> Option<String> {
        let rebuild = |path: &std::path::Path| {
            format!("rebuild it from the article files with `newsdex index DIR --index {} --rebuild`", path.display())
        };
        match self {
            Error::Io { path, source, .. } => match source.kind() {
                std::io::ErrorKind::PermissionDenied => {
                    Some(format!("check the permissions of {} and of the folders above it", path.display()))
                }
                std::io::ErrorKind::StorageFull => Some("free some disk space, then run again".into()),
                _ => None,
            },
            Error::IndexBusy { .. } => Some("wait for it to finish or stop it, then run again".into()),
            Error::IndexMissing { path } => Some(format!(
                "build one with `newsdex index DIR --index {}` (e.g. `newsdex index corpus`)",
                path.display()
            )),
            Error::IndexEmpty { path } => {
                Some(format!("index articles into it with `newsdex index DIR --index {}`", path.display()))
            }
            Error::SchemaMismatch { path, .. } => Some(rebuild(path)),
            Error::ForeignIndex => Some("rebuild it from the article files with `newsdex index DIR --rebuild`".into()),
            Error::Manifest { path, .. } => {
                Some(format!("remove {}; the next `newsdex index` then reads every file again", path.display()))
            }
            Error::ThreadPool { .. } => Some("ask for fewer with `--threads N`".into()),
            Error::Tantivy { source, .. } => match source {
                tantivy::TantivyError::DataCorruption(_) | tantivy::TantivyError::IncompatibleIndex(_) => {
                    Some("rebuild the index from the article files with `newsdex index DIR --rebuild`".into())
                }
                _ => None,
            },
            Error::Aggregation { .. } => Some("a bug: please report it with the query".into()),
            Error::QueryLog { .. } => {
                Some(r#"write one JSON object a line, e.g. {"q": "oil prices", "kind": "phrase"}"#.into())
            }
            Error::Eval { .. } => {
                Some("give the collection's folder as it is distributed (see ../shared/corpora/README.md)".into())
            }
            Error::UnknownArticle { .. } => {
                Some("an article's id is the `id` of its hit in `newsdex search --json` (16 hex digits)".into())
            }
            Error::Query(_) | Error::InvalidRequest(_) | Error::Internal(_) | Error::Damaged(_) => None,
        }
    }
}

/// newsdex's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn index_errors_name_the_index_in_their_hint() {
        let missing = Error::IndexMissing { path: Path::new("news-index").to_path_buf() };
        assert_eq!(missing.kind(), ErrorKind::Failed);
        let hint = missing.hint().expect("a hint");
        assert!(hint.contains("newsdex index DIR --index news-index"), "{hint}");
        let mismatch = Error::SchemaMismatch { path: Path::new("news-index").to_path_buf(), found: 2, expected: 3 };
        assert!(mismatch.hint().is_some_and(|hint| hint.contains("--index news-index --rebuild")));
    }

    #[test]
    fn the_message_says_what_and_the_hint_what_to_do() {
        let busy = Error::IndexBusy { path: Path::new("index").to_path_buf(), holder: "pid 7".into() };
        assert_eq!(busy.kind(), ErrorKind::Busy);
        assert!(!busy.to_string().contains("wait"), "{busy}");
        assert!(busy.hint().is_some_and(|hint| hint.starts_with("wait for it")));
        let mismatch = Error::SchemaMismatch { path: "index".into(), found: 2, expected: 3 };
        assert!(!mismatch.to_string().contains("rebuild"), "{mismatch}");
    }

    #[test]
    fn what_the_caller_typed_is_a_bad_request() {
        let query = Error::Query(crate::query::QueryError::Empty);
        assert_eq!(query.kind(), ErrorKind::BadRequest);
        assert_eq!(query.hint(), None, "the message points at the problem");
        let log = Error::QueryLog { path: "log.jsonl".into(), line: 2, reason: "expected value".into() };
        assert_eq!(log.kind(), ErrorKind::BadRequest);
        assert!(log.to_string().starts_with("log.jsonl:2: "), "{log}");
    }
}
