//! Re-ranking by proximity and exact words: for a query of two words or more, the best [`RERANK_DEPTH`] hits by BM25
//! are scored again with how close the query's words stand in each article, read from the
//! positions the index keeps. Words next to each other, in the order typed, count most; words more
//! than [`WINDOW`] positions apart not at all.
//!
//! The feature of one article is the mean, over each pair of consecutive query words, of
//! `1 / distance` (in title or body, whichever is closer; a pair out of the typed order is two
//! positions farther), and its score becomes `bm25 × (1 + weight × feature)`: a multiple, so
//! that it means the same for queries of rare and of common words. Only the order among the
//! re-ranked hits changes; what matches and the count do not.
//!
//! Exact words: the words as typed are looked up in `words` (title and body unstemmed), and an
//! article gets `exact × (share of them it has)` more: `strikes` ranks an article that says
//! "strikes" above one that only says "strike" (both match through the stem).

use tantivy::postings::Postings;

use super::Ranking;
use crate::index::schema::Fields;
use crate::query::ParsedQuery;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, DocId, DocSet, Score, Term};

/// Hits re-ranked by proximity (more are shown only by paging past them).
pub const RERANK_DEPTH: usize = 100;

/// Words farther apart than this many positions are not close.
pub const WINDOW: u32 = 8;

/// Queries of more words than this are not re-ranked (lists of terms, `similar`).
pub const MAX_WORDS: usize = 6;

/// How much proximity moves a score: at most `1 + weight` times its BM25 score.
pub const DEFAULT_WEIGHT: Score = 0.5;

/// How much having every typed word as written (not only its stem) moves a score.
pub const DEFAULT_EXACT_WEIGHT: Score = 0.1;

/// The closest distance between an occurrence of the first word and one of the second, in
/// positions; a pair in the other order counts two farther. `None` when either is absent.
pub(crate) fn closest(first: &[u32], second: &[u32]) -> Option<u32> {
    let (mut i, mut j) = (0, 0);
    let mut best: Option<u32> = None;
    while i < first.len() && j < second.len() {
        let (a, b) = (first[i], second[j]);
        let distance = if b > a { b - a } else { a - b + 2 };
        best = Some(best.map_or(distance, |best: u32| best.min(distance)));
        if a < b { i += 1 } else { j += 1 }
    }
    best
}

/// The proximity feature of one article, from the positions of each query word (in query order)
/// in one field: the mean over consecutive pairs of `1 / distance` within [`WINDOW`].
pub(crate) fn feature(positions: &[Vec<u32>]) -> Score {
    if positions.len() < 2 {
        return 0.0;
    }
    let pairs = positions.len() - 1;
    let sum: Score = positions
        .windows(2)
        .map(|pair| match closest(&pair[0], &pair[1]) {
            Some(distance) if distance <= WINDOW && distance > 0 => 1.0 / distance as Score,
            _ => 0.0,
        })
        .sum();
    sum / pairs as Score
}

/// What re-ranking needs of one query: its stems in query order with the title and body fields
/// they are searched in, English and each stemmed language the query was analyzed for
/// (proximity), its words as typed (the exact-word bonus), and the weights.
pub(crate) struct Features<'a> {
    stems: &'a [String],
    texts: Vec<([Field; 2], &'a [String])>,
    written: Vec<&'a str>,
    words_field: Field,
    proximity: Score,
    exact: Score,
}

impl<'a> Features<'a> {
    /// The features of `parsed` under `ranking`, in an index whose fields are `fields`.
    pub(crate) fn of(parsed: &'a ParsedQuery, ranking: Ranking, fields: &Fields) -> Self {
        let written = parsed.terms.iter().filter(|term| !term.exact).map(|term| term.word.as_str()).collect();
        let mut texts = vec![([fields.title, fields.body], parsed.highlight.terms.as_slice())];
        for (slot, terms) in &parsed.language_highlights {
            let language = fields.languages[*slot];
            texts.push(([language.title, language.body], terms.terms.as_slice()));
        }
        Features {
            stems: &parsed.highlight.terms,
            texts,
            written,
            words_field: fields.words,
            proximity: ranking.proximity,
            exact: ranking.exact,
        }
    }

    fn proximity_applies(&self) -> bool {
        self.proximity > 0.0 && (2..=MAX_WORDS).contains(&self.stems.len())
    }

    fn exact_applies(&self) -> bool {
        self.exact > 0.0 && (1..=MAX_WORDS).contains(&self.written.len())
    }

    /// Whether re-ranking changes anything for this query.
    pub(crate) fn apply(&self) -> bool {
        self.proximity_applies() || self.exact_applies()
    }

    /// Re-scores `hits` (best first, any segments) and sorts them again, best first; ties keep
    /// their order. A hit's score becomes `bm25 × (1 + proximity × closeness + exact × share of
    /// the typed words it has as written)`.
    pub(crate) fn rerank(&self, searcher: &tantivy::Searcher, hits: &mut [(Score, DocAddress)]) -> tantivy::Result<()> {
        if hits.len() < 2 || !self.apply() {
            return Ok(());
        }
        // By segment, then doc: postings are read forward once per word and field.
        let mut order: Vec<usize> = (0..hits.len()).collect();
        order.sort_by_key(|&index| hits[index].1);
        let mut boosts: Vec<Score> = vec![0.0; hits.len()];
        let mut start = 0;
        while start < order.len() {
            let segment = hits[order[start]].1.segment_ord;
            let end = start + order[start..].iter().take_while(|&&index| hits[index].1.segment_ord == segment).count();
            let reader = searcher.segment_reader(segment);
            let slots = &order[start..end];
            let docs: Vec<DocId> = slots.iter().map(|&index| hits[index].1.doc_id).collect();
            if self.proximity_applies() {
                let mut closeness: Vec<Score> = vec![0.0; docs.len()];
                // An article's text is in one language's fields; the others hold nothing of it.
                for (field, stems) in
                    self.texts.iter().flat_map(|(fields, stems)| fields.iter().map(move |field| (*field, *stems)))
                {
                    let inverted = reader.inverted_index(field)?;
                    let mut positions: Vec<Vec<Vec<u32>>> = Vec::with_capacity(stems.len());
                    for stem in stems {
                        positions.push(positions_by_doc(&inverted, &Term::from_field_text(field, stem), &docs)?);
                    }
                    for (slot, best) in closeness.iter_mut().enumerate() {
                        let per_word: Vec<Vec<u32>> =
                            positions.iter_mut().map(|by_doc| std::mem::take(&mut by_doc[slot])).collect();
                        *best = best.max(feature(&per_word));
                    }
                }
                for (slot, &index) in slots.iter().enumerate() {
                    boosts[index] += self.proximity * closeness[slot];
                }
            }
            if self.exact_applies() {
                let inverted = reader.inverted_index(self.words_field)?;
                let share = 1.0 / self.written.len() as Score;
                for word in &self.written {
                    let term = Term::from_field_text(self.words_field, word);
                    let Some(mut postings) = inverted.read_postings(&term, IndexRecordOption::Basic)? else { continue };
                    for (slot, &doc) in docs.iter().enumerate() {
                        if postings.doc() < doc {
                            postings.seek(doc);
                        }
                        if postings.doc() == doc {
                            boosts[slots[slot]] += self.exact * share;
                        }
                    }
                }
            }
            start = end;
        }
        let mut rescored: Vec<(Score, usize)> =
            hits.iter().zip(&boosts).enumerate().map(|(index, (hit, boost))| (hit.0 * (1.0 + boost), index)).collect();
        rescored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let before: Vec<(Score, DocAddress)> = hits.to_vec();
        for (place, (score, index)) in rescored.into_iter().enumerate() {
            hits[place] = (score, before[index].1);
        }
        Ok(())
    }
}

/// The positions of `term` in each of `docs` (ascending), empty where it is absent.
fn positions_by_doc(
    inverted: &tantivy::InvertedIndexReader,
    term: &Term,
    docs: &[DocId],
) -> tantivy::Result<Vec<Vec<u32>>> {
    let mut by_doc = vec![Vec::new(); docs.len()];
    if let Some(mut postings) = inverted.read_postings(term, IndexRecordOption::WithFreqsAndPositions)? {
        for (slot, &doc) in docs.iter().enumerate() {
            if postings.doc() < doc {
                postings.seek(doc);
            }
            if postings.doc() == doc {
                postings.positions(&mut by_doc[slot]);
            }
        }
    }
    Ok(by_doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adjacent_words_in_order_are_closest() {
        assert_eq!(closest(&[3], &[4]), Some(1));
        assert_eq!(closest(&[4], &[3]), Some(3), "out of order: two farther");
        assert_eq!(closest(&[1, 20], &[9, 22]), Some(2));
        assert_eq!(closest(&[], &[1]), None);
    }

    #[test]
    fn the_feature_is_one_for_a_phrase_and_zero_for_scattered_words() {
        assert_eq!(feature(&[vec![5], vec![6], vec![7]]), 1.0);
        assert_eq!(feature(&[vec![5], vec![50]]), 0.0);
        assert_eq!(feature(&[vec![5]]), 0.0, "one word has no pairs");
        let half = feature(&[vec![5], vec![6], vec![60]]);
        assert!((half - 0.5).abs() < 1e-6, "{half}");
    }
}
