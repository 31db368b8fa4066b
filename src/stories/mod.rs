//! Stories: articles that tell the same story (reprints, updates, other outlets' write-ups of one
//! event) grouped under one story id. Story ids are derived data, a function of what the index
//! holds: after each commit the grouping is recomputed from features every article carries in the
//! index, and written beside it as a [`StoryTable`] stamped with the commit's opstamp.
//!
//! `story_key` (a fast field) is the article's identity here: the 64-bit FNV-1a hash its id is the
//! hex of ([`crate::index::writer`]). A story's id is the smallest key among its articles.
//!
//! [`features`] computes what the writer stores per article (SimHash, salient terms); [`regroup`]
//! reads them back for every article and forms the stories; [`current`] gives search the table of
//! the index's last commit, recomputing it when the one on disk belongs to another commit.

pub mod features;
mod regroup;
mod table;

pub use regroup::{
    DATED_THRESHOLD, DEFAULT_WINDOW_DAYS, EdgeKind, Grouping, GroupingOptions, MAX_SPAN_WINDOWS, NEAR_DUPLICATE_BITS,
    Pair, UNDATED_THRESHOLD, analyze, current, regroup, regroup_index, term_cap,
};
pub use table::{STORIES_FILE, StoryTable};
