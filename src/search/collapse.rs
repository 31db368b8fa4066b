//! Collapsing results by story: which story each article belongs to at the searcher's commit
//! ([`Stories`], [`StoryIndex`]), counting the stories of all matches while the articles are
//! counted ([`StoryTally`], [`StoryCounter`]), folding ranked articles into ranked stories
//! ([`group`]) and finding a shown story's other articles ([`other_members`]).
//!
//! The story table is derived data ([`crate::stories`]): written beside the index after each
//! commit and stamped with its opstamp. A search reads it once per commit; when it is missing or
//! belongs to another commit, [`story_table`] makes one.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::{EnableScoring, Query};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocId, DocSet, Score, SegmentOrdinal, SegmentReader, TERMINATED, Term};

use super::filtered::Tally;
use super::segment_cache::{ALONE, SegmentCache, StoryOrdinals};
use crate::error::{Error, Result};
use crate::index::reader::OpenIndex;
use crate::stories::StoryTable;

/// Other articles shown beneath a story's hit, at most.
pub const MORE_SHOWN: usize = 5;

/// The story table of the commit `opstamp` of `index`: the one written beside the index when it
/// belongs to that commit, else made now.
///
/// The one place a search gets its stories from. A table that is missing or of another commit (an
/// `index` run killed between its commit and the table) is recomputed in memory
/// ([`crate::stories::current`]): never wrong, only slower once. If even that fails, every article
/// is a story of its own.
pub(crate) fn story_table(index: &OpenIndex, opstamp: u64) -> StoryTable {
    match StoryTable::read(&index.dir) {
        Some(table) if table.opstamp == opstamp => table,
        _ => {
            crate::stories::current(&index.index, &index.dir).unwrap_or_else(|_| StoryTable::from_members(opstamp, []))
        }
    }
}

/// A story table as searches use it: each multi-article story numbered (its ordinal, by story
/// id), with its members; articles alone are not listed.
pub(crate) struct StoryIndex {
    /// Distinguishes the tables one searcher has read, for the per-segment ordinals.
    pub serial: u64,
    /// Ordinal of the story of each article in a story of two or more.
    ordinal_of: HashMap<u64, u32>,
    /// By ordinal: the story's id and its members' keys, ascending.
    stories: Vec<(u64, Box<[u64]>)>,
}

impl StoryIndex {
    fn new(table: &StoryTable, serial: u64) -> StoryIndex {
        let mut by_story: HashMap<u64, Vec<u64>> = HashMap::new();
        for (key, story) in table.members() {
            by_story.entry(story).or_default().push(key);
        }
        let mut stories: Vec<(u64, Box<[u64]>)> = by_story
            .into_iter()
            .map(|(story, mut members)| {
                members.sort_unstable();
                (story, members.into_boxed_slice())
            })
            .collect();
        stories.sort_unstable_by_key(|(story, _)| *story);
        let mut ordinal_of = HashMap::with_capacity(stories.iter().map(|(_, members)| members.len()).sum());
        for (ordinal, (_, members)) in (0u32..).zip(&stories) {
            for key in members.iter() {
                ordinal_of.insert(*key, ordinal);
            }
        }
        StoryIndex { serial, ordinal_of, stories }
    }

    /// Stories of two or more articles.
    pub fn len(&self) -> usize {
        self.stories.len()
    }

    /// Id and members of the story numbered `ordinal` (not [`ALONE`]).
    pub fn story(&self, ordinal: u32) -> Option<(u64, &[u64])> {
        self.stories.get(ordinal as usize).map(|(story, members)| (*story, &members[..]))
    }

    /// The story ordinal of the article with `key`, [`ALONE`] when it stands alone.
    pub fn ordinal_of(&self, key: u64) -> u32 {
        self.ordinal_of.get(&key).copied().unwrap_or(ALONE)
    }

    /// The story id and size of the article with `key`.
    pub fn story_of(&self, key: u64) -> (u64, usize) {
        match self.story(self.ordinal_of(key)) {
            Some((story, members)) => (story, members.len()),
            None => (key, 1),
        }
    }

    /// The story of each document of `segment`, from `cache` or made now.
    pub fn ordinals(&self, cache: &SegmentCache, segment: &SegmentReader) -> tantivy::Result<Arc<StoryOrdinals>> {
        cache.story_ordinals(segment, self.serial, &self.ordinal_of)
    }
}

/// The story table of each commit a searcher sees, read once per searcher generation.
#[derive(Default)]
pub(crate) struct Stories {
    current: Mutex<Option<(u64, Arc<StoryIndex>)>>,
    serials: AtomicU64,
}

impl Stories {
    /// The stories of the commit `searcher` reads.
    pub fn of(&self, index: &OpenIndex, searcher: &tantivy::Searcher) -> Result<Arc<StoryIndex>> {
        let generation = searcher.generation().generation_id();
        let mut current = self.current.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((seen, stories)) = current.as_ref()
            && *seen == generation
        {
            return Ok(Arc::clone(stories));
        }
        let metas = index
            .index
            .load_metas()
            .map_err(|source| Error::tantivy(format!("cannot read {}/meta.json", index.dir.display()), source))?;
        let table = story_table(index, metas.opstamp);
        let stories = Arc::new(StoryIndex::new(&table, self.serials.fetch_add(1, Ordering::Relaxed)));
        *current = Some((generation, Arc::clone(&stories)));
        Ok(stories)
    }
}

/// Stories seen among the matching articles of one segment: a bit per multi-article story, and
/// how many matching articles were in one (the others are stories of their own).
pub(crate) struct StoryTally {
    ordinals: Arc<StoryOrdinals>,
    seen: Vec<u64>,
    /// The bit that articles alone (and documents that do not pass) set: one past the stories.
    alone_bit: u32,
    in_stories: u64,
}

impl StoryTally {
    /// A tally over `ordinals`, of a table with `stories` multi-article stories.
    pub fn new(ordinals: Arc<StoryOrdinals>, stories: usize) -> Self {
        let alone_bit = u32::try_from(stories).unwrap_or(u32::MAX - 1);
        StoryTally { ordinals, seen: vec![0; (alone_bit as usize + 1).div_ceil(64)], alone_bit, in_stories: 0 }
    }
}

impl Tally for StoryTally {
    /// No branch on `pass`, which is close to random: a document that does not pass sets the
    /// bit of articles alone, which is not counted.
    #[inline]
    fn add(&mut self, doc: DocId, pass: bool) {
        let ordinal = self.ordinals.of(doc);
        let bit = if pass { ordinal.min(self.alone_bit) } else { self.alone_bit };
        if let Some(word) = self.seen.get_mut((bit / 64) as usize) {
            *word |= 1 << (bit % 64);
        }
        self.in_stories += u64::from(bit != self.alone_bit);
    }
}

impl SegmentCollector for StoryTally {
    type Fruit = StoryTally;

    #[inline]
    fn collect(&mut self, doc: DocId, _: Score) {
        self.add(doc, true);
    }

    fn harvest(self) -> StoryTally {
        self
    }
}

/// The stories among `matching` articles, given the segments' tallies.
pub(crate) fn count_stories(matching: usize, tallies: &[StoryTally]) -> usize {
    let Some(first) = tallies.first() else { return matching };
    let mut seen = vec![0u64; first.seen.len()];
    let mut in_stories = 0u64;
    for tally in tallies {
        seen.iter_mut().zip(&tally.seen).for_each(|(word, other)| *word |= other);
        in_stories += tally.in_stories;
    }
    let alone_bit = first.alone_bit;
    if let Some(word) = seen.get_mut((alone_bit / 64) as usize) {
        *word &= !(1 << (alone_bit % 64));
    }
    let stories: usize = seen.iter().map(|word| word.count_ones() as usize).sum();
    let alone = (matching as u64).saturating_sub(in_stories);
    stories + usize::try_from(alone).unwrap_or(usize::MAX)
}

/// A collector of the stories of all matches (with `Count` and a top-hits collector).
pub(crate) struct StoryCounter<'a> {
    pub cache: &'a SegmentCache,
    pub stories: &'a StoryIndex,
}

impl Collector for StoryCounter<'_> {
    type Fruit = Vec<StoryTally>;
    type Child = StoryTally;

    fn for_segment(&self, _: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<StoryTally> {
        Ok(StoryTally::new(self.stories.ordinals(self.cache, reader)?, self.stories.len()))
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, tallies: Vec<StoryTally>) -> tantivy::Result<Vec<StoryTally>> {
        Ok(tallies)
    }
}

/// One story among ranked articles: its best article and the next best of its articles found.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Group {
    /// The story's best-ranked article.
    pub best: (Score, DocAddress),
    /// Its ordinal, [`ALONE`] for an article alone.
    pub ordinal: u32,
    /// Its other articles, best first, at most [`MORE_SHOWN`]; `true` for those that match.
    pub others: Vec<(DocAddress, bool)>,
}

/// The stories of `ranked` articles (best first), in the order of their best article; each with
/// up to [`MORE_SHOWN`] more of its articles among `ranked`.
pub(crate) fn group(ranked: &[(Score, DocAddress)], ordinal: impl Fn(DocAddress) -> u32) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    let mut group_of: HashMap<u32, usize> = HashMap::new();
    for &(score, address) in ranked {
        let story = ordinal(address);
        if story != ALONE
            && let Some(&at) = group_of.get(&story)
        {
            let others = &mut groups[at].others;
            if others.len() < MORE_SHOWN {
                others.push((address, true));
            }
            continue;
        }
        if story != ALONE {
            group_of.insert(story, groups.len());
        }
        groups.push(Group { best: (score, address), ordinal: story, others: Vec::new() });
    }
    groups
}

/// Where the articles with `keys` are (those still in the index), found by their `id` terms.
pub(crate) fn addresses_of(
    searcher: &tantivy::Searcher,
    id_field: tantivy::schema::Field,
    keys: &[u64],
) -> Result<Vec<(u64, DocAddress)>> {
    let mut found = Vec::with_capacity(keys.len());
    for (segment_ord, reader) in (0..).zip(searcher.segment_readers()) {
        let inverted =
            reader.inverted_index(id_field).map_err(|source| Error::tantivy("cannot read the article ids", source))?;
        for &key in keys {
            let term = Term::from_field_text(id_field, &format!("{key:016x}"));
            let Some(mut postings) = inverted
                .read_postings(&term, IndexRecordOption::Basic)
                .map_err(|source| Error::tantivy("cannot read the article ids", source.into()))?
            else {
                continue;
            };
            let mut doc = postings.doc();
            while doc != TERMINATED {
                if reader.alive_bitset().is_none_or(|alive| alive.is_alive(doc)) {
                    found.push((key, DocAddress::new(segment_ord, doc)));
                }
                doc = postings.advance();
            }
        }
    }
    Ok(found)
}

/// Which of `addresses` (ascending) `query` matches, with their scores (`None`: no match).
pub(crate) fn matching(
    searcher: &tantivy::Searcher,
    query: &dyn Query,
    addresses: &[DocAddress],
) -> Result<Vec<Option<Score>>> {
    debug_assert!(addresses.windows(2).all(|pair| pair[0] <= pair[1]), "addresses ascending");
    let failed = |source| Error::tantivy("cannot check a story's articles against the query", source);
    let weight = query.weight(EnableScoring::enabled_from_searcher(searcher)).map_err(failed)?;
    let mut scores = Vec::with_capacity(addresses.len());
    let mut current: Option<(SegmentOrdinal, Box<dyn tantivy::query::Scorer>)> = None;
    for address in addresses {
        if current.as_ref().is_none_or(|(segment, _)| *segment != address.segment_ord) {
            let reader = &searcher.segment_readers()[address.segment_ord as usize];
            current = Some((address.segment_ord, weight.scorer(reader, 1.0).map_err(failed)?));
        }
        let Some((_, scorer)) = current.as_mut() else { continue };
        let mut doc = scorer.doc();
        if doc < address.doc_id {
            doc = scorer.seek(address.doc_id);
        }
        scores.push((doc == address.doc_id).then(|| scorer.score()));
    }
    Ok(scores)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stories_are_numbered_by_id_and_articles_alone_are_their_own() {
        let table = StoryTable::from_members(3, [(10, 3), (3, 3), (8, 3), (20, 20), (21, 20)]);
        let stories = StoryIndex::new(&table, 0);
        assert_eq!(stories.len(), 2);
        assert_eq!(stories.story(0), Some((3, &[3, 8, 10][..])));
        assert_eq!(stories.story_of(8), (3, 3));
        assert_eq!(stories.story_of(21), (20, 2));
        assert_eq!(stories.story_of(99), (99, 1));
        assert_eq!(stories.ordinal_of(99), ALONE);
    }

    #[test]
    fn a_story_counts_once_and_articles_alone_each_once() {
        // Documents 0..6: 0 and 3 in story 0, 1 and 4 in story 1, the rest alone.
        let ordinals = Arc::new(StoryOrdinals::new(vec![0, 1, ALONE, 0, 1, ALONE].into_boxed_slice()));
        assert_eq!(ordinals.docs_of(0).collect::<Vec<_>>(), [0, 3], "a story's documents, ascending");
        assert_eq!(ordinals.docs_of(1).collect::<Vec<_>>(), [1, 4]);
        assert_eq!(ordinals.docs_of(2).count(), 0, "no document of this story in the segment");
        let mut tally = StoryTally::new(Arc::clone(&ordinals), 2);
        for doc in 0..6 {
            // Document 4 fails the filters: story 1 is seen through document 1 only.
            tally.add(doc, doc != 4);
        }
        assert_eq!(count_stories(5, &[tally]), 4, "stories 0 and 1, documents 2 and 5");
        let mut second = StoryTally::new(ordinals, 2);
        second.add(0, true);
        assert_eq!(count_stories(1, &[second]), 1);
        assert_eq!(count_stories(7, &[]), 7, "no tally: every article its own story");
    }

    #[test]
    fn ranked_articles_fold_into_ranked_stories() {
        let at = |doc: DocId| DocAddress::new(0, doc);
        let ordinal = |address: DocAddress| match address.doc_id {
            1 | 3 | 4 | 5 | 6 | 7 | 8 => 7,
            _ => ALONE,
        };
        let ranked: Vec<(Score, DocAddress)> = (0..10).map(|doc| (10.0 - doc as Score, at(doc))).collect();
        let groups = group(&ranked, ordinal);
        let bests: Vec<DocId> = groups.iter().map(|group| group.best.1.doc_id).collect();
        assert_eq!(bests, [0, 1, 2, 9]);
        let others: Vec<DocId> = groups[1].others.iter().map(|(address, _)| address.doc_id).collect();
        assert_eq!(others, [3, 4, 5, 6, 7], "at most five, best first");
    }
}
