//! Which files to read: walks folders (following links, reporting loops), skips hidden entries and
//! the index folder, and compares what it finds with the manifest. No parsing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use walkdir::WalkDir;

use crate::manifest::{FileStamp, Manifest};
use crate::read::{self, Skipped};

/// A file newsdex can read, with what identifies its version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Absolute, canonical path: the key of the manifest and of the index's `path` field.
    pub path: PathBuf,
    /// Size and modification time the file had when walked.
    pub stamp: FileStamp,
}

/// What a walk found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Walk {
    /// Readable files found, in walk order (roots in order, names sorted), each once.
    pub files: Vec<Candidate>,
    /// Entries that could not be walked or are not regular files (FIFOs, sockets, link loops).
    pub skipped: Vec<Skipped>,
    /// Regular files of a type newsdex does not read.
    pub ignored: usize,
}

/// Walks `roots`, never entering `index_dir`. A root that is a file is taken as it is.
pub fn walk(roots: &[PathBuf], index_dir: &Path) -> Walk {
    let index_dir = index_dir.canonicalize().unwrap_or_else(|_| index_dir.to_path_buf());
    let mut found = Walk::default();
    let mut seen = std::collections::HashSet::new();
    for root in roots {
        let entries = WalkDir::new(root).follow_links(true).sort_by_file_name().into_iter().filter_entry(|entry| {
            let hidden = entry.depth() > 0 && entry.file_name().to_string_lossy().starts_with('.');
            let is_index =
                entry.file_type().is_dir() && entry.path().canonicalize().is_ok_and(|path| path == index_dir);
            !hidden && !is_index
        });
        for entry in entries {
            let entry = match entry {
                Ok(entry) => entry,
                Err(error) => {
                    let path = error.path().map(Path::to_path_buf).unwrap_or_else(|| root.clone());
                    let reason = match error.loop_ancestor() {
                        Some(ancestor) => format!("symbolic link loop back to {}", ancestor.display()),
                        None => error.io_error().map(|io| io.to_string()).unwrap_or_else(|| error.to_string()),
                    };
                    found.skipped.push(Skipped { path, line: None, reason });
                    continue;
                }
            };
            let file_type = entry.file_type();
            if file_type.is_dir() {
                continue;
            }
            let path = entry.path();
            if read::format_of(path).is_none() {
                found.ignored += 1;
                continue;
            }
            if !file_type.is_file() {
                found.skipped.push(Skipped {
                    path: path.to_path_buf(),
                    line: None,
                    reason: describe_special(&file_type),
                });
                continue;
            }
            let metadata = match entry.metadata() {
                Ok(metadata) => metadata,
                Err(error) => {
                    found.skipped.push(Skipped { path: path.to_path_buf(), line: None, reason: error.to_string() });
                    continue;
                }
            };
            let canonical = path.canonicalize().unwrap_or_else(|_| absolute(path));
            if !seen.insert(canonical.clone()) {
                continue;
            }
            let modified_ns = metadata
                .modified()
                .ok()
                .and_then(|time| time.duration_since(UNIX_EPOCH).ok())
                .map(|age| age.as_nanos() as u64)
                .unwrap_or(0);
            found.files.push(Candidate { path: canonical, stamp: FileStamp { size: metadata.len(), modified_ns } });
        }
    }
    found
}

#[cfg(unix)]
fn describe_special(file_type: &std::fs::FileType) -> String {
    use std::os::unix::fs::FileTypeExt;
    let kind = if file_type.is_fifo() {
        "a FIFO (named pipe)"
    } else if file_type.is_socket() {
        "a socket"
    } else if file_type.is_block_device() || file_type.is_char_device() {
        "a device"
    } else {
        "not a regular file"
    };
    format!("{kind}, not a regular file; not read")
}

#[cfg(not(unix))]
fn describe_special(_file_type: &std::fs::FileType) -> String {
    "not a regular file; not read".to_string()
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The work a walk implies against the manifest of the last run.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Plan {
    /// New or changed since the last run (everything when rebuilding).
    pub to_read: Vec<Candidate>,
    pub unchanged: Vec<Candidate>,
    /// In the manifest under one of the roots, but gone from disk.
    pub gone: Vec<PathBuf>,
}

/// Compares the walk with the manifest. Only manifest entries under `roots` can be gone, so indexing
/// one folder never removes the articles of another.
pub(crate) fn plan(walk: &Walk, roots: &[PathBuf], manifest: &Manifest, rebuild: bool) -> Plan {
    let mut plan = Plan::default();
    let mut present: BTreeMap<&Path, ()> = BTreeMap::new();
    for candidate in &walk.files {
        present.insert(&candidate.path, ());
        let unchanged = !rebuild && manifest.files.get(&candidate.path) == Some(&candidate.stamp);
        if unchanged {
            plan.unchanged.push(candidate.clone());
        } else {
            plan.to_read.push(candidate.clone());
        }
    }
    let canonical_roots: Vec<PathBuf> =
        roots.iter().map(|root| root.canonicalize().unwrap_or_else(|_| absolute(root))).collect();
    for path in manifest.files.keys() {
        let under_a_root = canonical_roots.iter().any(|root| path.starts_with(root));
        if under_a_root && !present.contains_key(path.as_path()) {
            plan.gone.push(path.clone());
        }
    }
    plan
}
