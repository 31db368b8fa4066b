//! One `newsdex index` at a time per index folder: the writer holds an exclusive lock on a file in
//! the folder for the whole run, and writes into it who holds it, so that a second run can say which
//! one is running. The lock is the operating system's (`flock`), released when the process ends
//! however it ends: a run that was killed leaves no lock behind, only the file.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::Path;

use crate::error::{Error, Result};

/// The lock file, inside the index folder.
pub const LOCK_FILE: &str = ".newsdex-index.lock";

/// Held for as long as a run writes to the index; dropping it (or the process ending) releases it.
#[derive(Debug)]
pub struct IndexLock {
    file: File,
    /// Who holds the lock, as written in the file.
    holder: String,
}

impl IndexLock {
    /// Takes the lock of the index in `dir` (creating the folder), or fails at once with
    /// [`Error::IndexBusy`] naming the run that holds it.
    pub fn acquire(dir: &Path) -> Result<IndexLock> {
        std::fs::create_dir_all(dir).map_err(|source| Error::io("create the index folder", dir, source))?;
        let path = dir.join(LOCK_FILE);
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|source| Error::io("open the index lock", &path, source))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut holder = String::new();
                let _ = file.read_to_string(&mut holder);
                let holder = holder.trim();
                let holder = if holder.is_empty() { "a process that is starting" } else { holder };
                return Err(Error::IndexBusy { path: dir.to_path_buf(), holder: holder.to_string() });
            }
            Err(TryLockError::Error(source)) => return Err(Error::io("lock the index", &path, source)),
        }
        let started = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ");
        let holder = format!("pid {}, started {started}", std::process::id());
        let mut lock = IndexLock { file, holder };
        lock.write(&lock.holder.clone()).map_err(|source| Error::io("write the index lock", &path, source))?;
        Ok(lock)
    }

    /// Tells waiting runs what this one is doing now (`committing`); best effort, as it is only
    /// information.
    pub(crate) fn note_phase(&mut self, phase: &str) {
        let _ = self.write(&format!("{}, {phase}", self.holder));
    }

    fn write(&mut self, text: &str) -> std::io::Result<()> {
        self.file.set_len(0)?;
        self.file.rewind()?;
        self.file.write_all(text.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_holder_is_refused_with_the_first_named_and_a_dropped_lock_is_free() {
        let dir = tempfile::tempdir().expect("temp dir");
        let first = IndexLock::acquire(dir.path()).expect("free lock");
        let refused = IndexLock::acquire(dir.path()).expect_err("held");
        let message = refused.to_string();
        assert!(message.contains(&format!("pid {}", std::process::id())), "{message}");
        assert!(matches!(refused, Error::IndexBusy { .. }));
        let mut first = first;
        first.note_phase("committing");
        let refused = IndexLock::acquire(dir.path()).expect_err("held").to_string();
        assert!(refused.contains(&format!("pid {}, started", std::process::id())), "{refused}");
        assert!(refused.contains(", committing)"), "{refused}");
        drop(first);
        IndexLock::acquire(dir.path()).expect("free again once dropped");
    }
}
