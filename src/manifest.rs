//! The manifest: which files the index holds and the size and modification time they had, so that
//! `index` re-reads only new or changed files. It lives next to the index and is written after the
//! commit; it names the commit it belongs to, and a manifest that does not match the index is ignored
//! (everything is re-read, which is always correct).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// What identifies one version of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileStamp {
    /// Size of the file, bytes.
    pub size: u64,
    /// Modification time, ns since the Unix epoch (0 when unknown).
    pub modified_ns: u64,
}

/// The files of one index.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Manifest {
    /// The opstamp of the commit this manifest describes.
    pub opstamp: u64,
    pub files: BTreeMap<PathBuf, FileStamp>,
}

impl Manifest {
    /// Loads the manifest at `path`; a missing file is an empty manifest.
    pub fn load(path: &Path) -> Result<Manifest> {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Manifest::default()),
            Err(source) => return Err(Error::io("read the manifest", path, source)),
        };
        serde_json::from_slice(&bytes).map_err(|error| Error::Manifest {
            path: path.to_path_buf(),
            reason: format!("{error}; delete it or run with --rebuild"),
        })
    }

    /// Writes the manifest atomically (a temporary file renamed over the old one).
    pub(crate) fn save(&self, path: &Path) -> Result<()> {
        let temporary = path.with_extension("json.tmp");
        let json = serde_json::to_vec(self)
            .map_err(|error| Error::Manifest { path: path.to_path_buf(), reason: error.to_string() })?;
        std::fs::write(&temporary, json).map_err(|source| Error::io("write the manifest", &temporary, source))?;
        std::fs::rename(&temporary, path).map_err(|source| Error::io("replace the manifest", path, source))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_missing_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("m.json");
        assert_eq!(Manifest::load(&path).expect("missing is empty"), Manifest::default());
        let mut manifest = Manifest { opstamp: 7, ..Manifest::default() };
        manifest.files.insert(PathBuf::from("/x/a.txt"), FileStamp { size: 3, modified_ns: 9 });
        manifest.save(&path).expect("save");
        assert_eq!(Manifest::load(&path).expect("load"), manifest);
        std::fs::write(&path, b"{not json").expect("write");
        assert!(Manifest::load(&path).is_err());
    }
}
