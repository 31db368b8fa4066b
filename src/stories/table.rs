//! The story table: which story each article belongs to, for the articles in stories of two or
//! more (an article not listed is a story of its own, whose id is its own key). Written atomically
//! beside the index after each commit, stamped with the commit's opstamp so a reader can tell a
//! table that belongs to another commit (an `index` run killed between its commit and the table).

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// File in the index folder holding the [`StoryTable`].
pub const STORIES_FILE: &str = "newsdex-stories.bin";

/// Version of the file's layout; a table of another version is ignored (recomputed).
/// 2: the window the table was grouped with.
const FORMAT_VERSION: u32 = 2;

#[derive(Debug, Serialize, Deserialize)]
struct StoryFile {
    format: u32,
    opstamp: u64,
    window_days: Option<u32>,
    /// (article key, story id), sorted by key, only for stories of two or more.
    members: Vec<(u64, u64)>,
}

/// Story of each article key, and the size of each story.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoryTable {
    /// The commit the table was computed for.
    pub opstamp: u64,
    /// The window (`--story-window`, days) the table was grouped with, when known: a table
    /// recomputed for a later commit uses it again.
    pub window_days: Option<u32>,
    story_of: HashMap<u64, u64>,
    size_of: HashMap<u64, usize>,
}

impl StoryTable {
    /// A table from (article key, story id) pairs; pairs whose story is the article's own key
    /// and which no other article joins may be left out.
    pub fn from_members(opstamp: u64, members: impl IntoIterator<Item = (u64, u64)>) -> StoryTable {
        let mut table = StoryTable { opstamp, ..StoryTable::default() };
        for (key, story) in members {
            if table.story_of.insert(key, story).is_none() {
                *table.size_of.entry(story).or_default() += 1;
            }
        }
        // A story is listed with all its members, its own key's article included; a story of
        // one listed alone is dropped (it is the default).
        table.story_of.retain(|_, story| table.size_of.get(story).is_some_and(|size| *size > 1));
        table.size_of.retain(|_, size| *size > 1);
        table
    }

    /// The story of the article with `key`: its own key when it stands alone.
    pub fn story_of(&self, key: u64) -> u64 {
        self.story_of.get(&key).copied().unwrap_or(key)
    }

    /// How many articles the story holds (1 for an article standing alone).
    pub fn size_of(&self, story: u64) -> usize {
        self.size_of.get(&story).copied().unwrap_or(1)
    }

    /// Stories of two or more articles, by id, with their sizes.
    pub fn stories(&self) -> impl Iterator<Item = (u64, usize)> + '_ {
        self.size_of.iter().map(|(story, size)| (*story, *size))
    }

    /// (article key, story id) of every article in a story of two or more.
    pub fn members(&self) -> impl Iterator<Item = (u64, u64)> + '_ {
        self.story_of.iter().map(|(key, story)| (*key, *story))
    }

    /// Reads the table in `index_dir`; `None` when there is none or it cannot be read as one (it
    /// is derived data: the caller recomputes it).
    pub fn read(index_dir: &Path) -> Option<StoryTable> {
        let bytes = std::fs::read(index_dir.join(STORIES_FILE)).ok()?;
        let file: StoryFile = postcard::from_bytes(&bytes).ok()?;
        (file.format == FORMAT_VERSION).then(|| StoryTable {
            window_days: file.window_days,
            ..StoryTable::from_members(file.opstamp, file.members)
        })
    }

    /// Writes the table to `index_dir` atomically (a temporary file renamed over the old one).
    pub fn write(&self, index_dir: &Path) -> Result<()> {
        let mut members: Vec<(u64, u64)> = self.members().collect();
        members.sort_unstable();
        let file = StoryFile { format: FORMAT_VERSION, opstamp: self.opstamp, window_days: self.window_days, members };
        let bytes = postcard::to_allocvec(&file)
            .map_err(|error| Error::io("encode", index_dir.join(STORIES_FILE), std::io::Error::other(error)))?;
        let path = index_dir.join(STORIES_FILE);
        let temporary = index_dir.join(format!("{STORIES_FILE}.tmp"));
        std::fs::write(&temporary, bytes).map_err(|source| Error::io("write", &temporary, source))?;
        std::fs::rename(&temporary, &path).map_err(|source| Error::io("replace", &path, source))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles_alone_are_their_own_story_and_tables_round_trip() {
        let mut table = StoryTable::from_members(7, [(10, 3), (3, 3), (5, 5), (8, 3)]);
        table.window_days = Some(4);
        assert_eq!(table.story_of(10), 3);
        assert_eq!(table.size_of(3), 3);
        assert_eq!(table.story_of(5), 5, "a story of one");
        assert_eq!(table.size_of(5), 1);
        assert_eq!(table.story_of(99), 99, "not listed: alone");
        let dir = tempfile::tempdir().expect("a temp dir");
        table.write(dir.path()).expect("writes");
        assert_eq!(StoryTable::read(dir.path()), Some(table));
        std::fs::write(dir.path().join(STORIES_FILE), b"not a table").expect("write");
        assert_eq!(StoryTable::read(dir.path()), None);
    }
}
