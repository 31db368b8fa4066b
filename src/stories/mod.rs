//! Stories: articles that tell the same story (reprints, updates, other outlets' write-ups of one
//! event) grouped under one story id. Story ids are derived data, a function of what the index
//! holds: after each commit the grouping is recomputed from features every article carries in the
//! index, and written beside it as a [`StoryTable`] stamped with the commit's opstamp.
//!
//! `story_key` (a fast field) is the article's identity here: the 64-bit FNV-1a hash its id is the
//! hex of ([`crate::index::writer`]). A story's id is the smallest key among its articles.

mod table;

pub use table::{STORIES_FILE, StoryTable};
