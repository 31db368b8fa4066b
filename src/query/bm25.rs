//! A term query scored by BM25 with `k1` and `b` of our choosing.
//!
//! tantivy 0.27 fixes them (`K1 = 1.2`, `B = 0.75` in its `query/bm25.rs`), so its `TermQuery`
//! cannot try others. [`Bm25TermQuery`] is the same query with both as parameters: the same idf
//! (`ln(1 + (N − n + 0.5) / (n + 0.5))`, `N` the documents of every segment, `n` those holding the
//! term), the same average field length (the field's tokens in every segment over `N`, both from
//! the searcher's statistics), the same table of `k1 · (1 − b + b · length / average)` for each of
//! the 256 field-norm ids, and the same arithmetic in the same order, so that with tantivy's `k1`
//! and `b` it gives exactly tantivy's scores (a test below asserts it).
//!
//! What it lacks is tantivy's block-max pruning: tantivy recognizes its own `TermScorer` inside a
//! union and skips blocks of postings that cannot reach the top hits (block-WAND); a scorer of our
//! own is unioned document by document. So [`QueryBuilder`](super::QueryBuilder) keeps tantivy's
//! `TermQuery` for tantivy's `k1` and `b` (see [`Bm25::is_tantivys`]) and uses this one only for
//! others. Phrases keep tantivy's scoring (and its `k1` and `b`).

use std::sync::Arc;

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{EmptyScorer, EnableScoring, Explanation, Query, Scorer, TermQuery, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Score, SegmentReader, TantivyError, Term};

/// tantivy's `k1` (term frequency saturation).
pub const TANTIVY_K1: Score = 1.2;
/// tantivy's `b` (length normalization).
pub const TANTIVY_B: Score = 0.75;

/// BM25's two parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bm25 {
    /// Term frequency saturation: how much a second, third, … occurrence adds (0: nothing).
    pub k1: Score,
    /// Length normalization: 0 ignores the field's length, 1 divides by it fully.
    pub b: Score,
}

impl Default for Bm25 {
    /// tantivy's.
    fn default() -> Self {
        Bm25 { k1: TANTIVY_K1, b: TANTIVY_B }
    }
}

impl Bm25 {
    /// Whether these are tantivy's own `k1` and `b`, which its `TermQuery` scores with.
    pub fn is_tantivys(&self) -> bool {
        *self == Bm25::default()
    }

    /// A scoring query of `term` (read with frequencies): tantivy's `TermQuery` for tantivy's
    /// parameters, keeping its block-max pruning, else a [`Bm25TermQuery`].
    pub fn term_query(&self, term: Term) -> Box<dyn Query> {
        if self.is_tantivys() {
            Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))
        } else {
            Box::new(Bm25TermQuery::new(term, *self))
        }
    }
}

/// The documents holding a term, scored by BM25 with the given `k1` and `b` (see the module
/// documentation). Postings are read with frequencies.
#[derive(Debug, Clone)]
pub struct Bm25TermQuery {
    term: Term,
    bm25: Bm25,
}

impl Bm25TermQuery {
    /// The query of `term` scored with `bm25`.
    pub fn new(term: Term, bm25: Bm25) -> Self {
        Bm25TermQuery { term, bm25 }
    }
}

impl Query for Bm25TermQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let statistics = match enable_scoring {
            EnableScoring::Enabled { statistics_provider, .. } => statistics_provider,
            // Without scores it is tantivy's query: the same documents, and its fast paths.
            EnableScoring::Disabled { .. } => {
                return TermQuery::new(self.term.clone(), IndexRecordOption::WithFreqs).weight(enable_scoring);
            }
        };
        let field = self.term.field();
        let entry = enable_scoring.schema().get_field_entry(field);
        if !entry.is_indexed() {
            return Err(TantivyError::SchemaError(format!("Field {:?} is not indexed.", entry.name())));
        }
        // As tantivy's `Bm25Weight::for_terms` for one term.
        let total_num_tokens = statistics.total_num_tokens(field)?;
        let total_num_docs = statistics.total_num_docs()?;
        let average_fieldnorm = total_num_tokens as Score / total_num_docs as Score;
        let doc_freq = statistics.doc_freq(&self.term)?;
        let idf = idf(doc_freq, total_num_docs);
        Ok(Box::new(Bm25TermWeight {
            term: self.term.clone(),
            bm25: self.bm25,
            weight: idf * (1.0 + self.bm25.k1),
            cache: tf_cache(self.bm25, average_fieldnorm),
            idf,
            doc_freq,
            total_num_docs,
            average_fieldnorm,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        visitor(&self.term, false);
    }
}

/// tantivy's idf: `ln(1 + (N − n + 0.5) / (n + 0.5))`.
fn idf(doc_freq: u64, doc_count: u64) -> Score {
    let x = (doc_count.saturating_sub(doc_freq) as Score + 0.5) / (doc_freq as Score + 0.5);
    (1.0 + x).ln()
}

/// `k1 · (1 − b + b · length / average)` for each field-norm id, as tantivy's `compute_tf_cache`.
fn tf_cache(bm25: Bm25, average_fieldnorm: Score) -> Arc<[Score; 256]> {
    let mut cache = [0.0; 256];
    for (id, norm) in cache.iter_mut().enumerate() {
        let fieldnorm = FieldNormReader::id_to_fieldnorm(id as u8);
        *norm = bm25.k1 * (1.0 - bm25.b + bm25.b * fieldnorm as Score / average_fieldnorm);
    }
    Arc::new(cache)
}

/// A [`Bm25TermQuery`] with the statistics of a searcher.
struct Bm25TermWeight {
    term: Term,
    bm25: Bm25,
    /// `idf · (k1 + 1)`.
    weight: Score,
    cache: Arc<[Score; 256]>,
    idf: Score,
    doc_freq: u64,
    total_num_docs: u64,
    average_fieldnorm: Score,
}

impl Bm25TermWeight {
    fn term_scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Option<Bm25TermScorer>> {
        let field = self.term.field();
        let inverted_index = reader.inverted_index(field)?;
        let Some(term_info) = inverted_index.get_term_info(&self.term)? else { return Ok(None) };
        let postings = inverted_index.read_postings_from_terminfo(&term_info, IndexRecordOption::WithFreqs)?;
        let fieldnorms = match reader.fieldnorms_readers().get_field(field)? {
            Some(fieldnorms) => fieldnorms,
            None => FieldNormReader::constant(reader.max_doc(), 1),
        };
        Ok(Some(Bm25TermScorer { postings, fieldnorms, weight: self.weight * boost, cache: Arc::clone(&self.cache) }))
    }
}

impl Weight for Bm25TermWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(match self.term_scorer(reader, boost)? {
            Some(scorer) => Box::new(scorer),
            None => Box::new(EmptyScorer),
        })
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let not_matching = || TantivyError::InvalidArgument(format!("Document #({doc}) does not match"));
        let mut scorer = self.term_scorer(reader, 1.0)?.ok_or_else(not_matching)?;
        if scorer.doc() > doc || scorer.seek(doc) != doc {
            return Err(not_matching());
        }
        let fieldnorm_id = scorer.fieldnorms.fieldnorm_id(doc);
        let term_freq = scorer.postings.term_freq();
        let mut idf = Explanation::new("idf, computed as log(1 + (N - n + 0.5) / (n + 0.5))", self.idf);
        idf.add_const("n, number of docs containing this term", self.doc_freq as Score);
        idf.add_const("N, total number of docs", self.total_num_docs as Score);
        let mut tf = Explanation::new(
            "freq / (freq + k1 * (1 - b + b * dl / avgdl))",
            term_freq as Score / (term_freq as Score + self.cache[usize::from(fieldnorm_id)]),
        );
        tf.add_const("freq, occurrences of term within document", term_freq as Score);
        tf.add_const("k1, term saturation parameter", self.bm25.k1);
        tf.add_const("b, length normalization parameter", self.bm25.b);
        tf.add_const("dl, length of field", FieldNormReader::id_to_fieldnorm(fieldnorm_id) as Score);
        tf.add_const("avgdl, average length of field", self.average_fieldnorm);
        let mut explanation = Explanation::new("Bm25TermQuery, product of...", scorer.score());
        explanation.add_detail(Explanation::new("(K1+1)", self.bm25.k1 + 1.0));
        explanation.add_detail(idf);
        explanation.add_detail(tf);
        explanation.add_context(format!("Term={:?}", self.term));
        Ok(explanation)
    }

    fn count(&self, reader: &SegmentReader) -> tantivy::Result<u32> {
        if let Some(alive) = reader.alive_bitset() {
            return Ok(self.scorer(reader, 1.0)?.count(alive));
        }
        let inverted_index = reader.inverted_index(self.term.field())?;
        Ok(inverted_index.get_term_info(&self.term)?.map_or(0, |info| info.doc_freq))
    }
}

/// The postings of a term in one segment, scored.
struct Bm25TermScorer {
    postings: SegmentPostings,
    fieldnorms: FieldNormReader,
    /// `idf · (k1 + 1) · boost`.
    weight: Score,
    cache: Arc<[Score; 256]>,
}

impl DocSet for Bm25TermScorer {
    #[inline]
    fn advance(&mut self) -> DocId {
        self.postings.advance()
    }

    #[inline]
    fn seek(&mut self, target: DocId) -> DocId {
        self.postings.seek(target)
    }

    #[inline]
    fn doc(&self) -> DocId {
        self.postings.doc()
    }

    fn size_hint(&self) -> u32 {
        self.postings.size_hint()
    }
}

impl Scorer for Bm25TermScorer {
    #[inline]
    fn score(&mut self) -> Score {
        // As tantivy's `Bm25Weight::score`, operation for operation.
        let fieldnorm_id = self.fieldnorms.fieldnorm_id(self.postings.doc());
        let term_freq = self.postings.term_freq() as Score;
        let norm = self.cache[usize::from(fieldnorm_id)];
        self.weight * (term_freq / (term_freq + norm))
    }
}

#[cfg(test)]
mod tests {
    use tantivy::collector::TopDocs;
    use tantivy::query::{BooleanQuery, BoostQuery, Occur};
    use tantivy::schema::{Schema, TEXT};
    use tantivy::{DocAddress, Index, IndexWriter, TantivyDocument};

    use super::*;

    /// An index of a few bodies over two segments, and its `body` field.
    fn index() -> (Index, tantivy::schema::Field) {
        let mut schema = Schema::builder();
        let body = schema.add_text_field("body", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).expect("a writer");
        let segments: [&[&str]; 2] = [
            &[
                "oil prices rose",
                "oil oil oil and more oil in a long text about many other things than oil",
                "wheat exports fell as oil prices rose and growers said corn was steady",
                "nothing here",
            ],
            &["oil", "crude oil output of the cartel", "wheat wheat", "prices of wheat and oil and gold"],
        ];
        for bodies in segments {
            for text in bodies {
                let mut doc = TantivyDocument::default();
                doc.add_text(body, text);
                writer.add_document(doc).expect("add a document");
            }
            writer.commit().expect("commit");
        }
        (index, body)
    }

    fn scores(index: &Index, query: &dyn Query) -> Vec<(DocAddress, Score)> {
        let searcher = index.reader().expect("a reader").searcher();
        let mut hits: Vec<(DocAddress, Score)> = searcher
            .search(query, &TopDocs::with_limit(100).order_by_score())
            .expect("search")
            .into_iter()
            .map(|(score, address)| (address, score))
            .collect();
        hits.sort_by_key(|(address, _)| *address);
        hits
    }

    #[test]
    fn with_tantivys_k1_and_b_the_scores_are_tantivys() {
        let (index, body) = index();
        assert_eq!(index.reader().expect("a reader").searcher().segment_readers().len(), 2);
        let term = |word: &str| Term::from_field_text(body, word);
        for word in ["oil", "wheat", "prices", "gold", "absent"] {
            let ours = scores(&index, &Bm25TermQuery::new(term(word), Bm25::default()));
            let theirs = scores(&index, &TermQuery::new(term(word), IndexRecordOption::WithFreqs));
            assert_eq!(ours, theirs, "{word}: the same documents with bit-identical scores");
        }
        // Boosted, and in a union and a conjunction with each other.
        let boosted = |query: Box<dyn Query>| Box::new(BoostQuery::new(query, 2.0)) as Box<dyn Query>;
        let ours = |word: &str| Box::new(Bm25TermQuery::new(term(word), Bm25::default())) as Box<dyn Query>;
        let theirs = |word: &str| Box::new(TermQuery::new(term(word), IndexRecordOption::WithFreqs)) as Box<dyn Query>;
        assert_eq!(scores(&index, &*boosted(ours("oil"))), scores(&index, &*boosted(theirs("oil"))));
        for occur in [Occur::Should, Occur::Must] {
            let of = |make: &dyn Fn(&str) -> Box<dyn Query>| {
                BooleanQuery::new(vec![(occur, boosted(make("oil"))), (occur, make("prices"))])
            };
            let (ours, theirs) = (scores(&index, &of(&ours)), scores(&index, &of(&theirs)));
            assert_eq!(ours.len(), theirs.len());
            for ((our_doc, our_score), (their_doc, their_score)) in ours.iter().zip(&theirs) {
                assert_eq!(our_doc, their_doc);
                // A sum, maybe added in another order by tantivy's own union of its term scorers.
                assert!((our_score - their_score).abs() <= 1e-6 * their_score, "{our_score} vs {their_score}");
            }
        }
    }

    #[test]
    fn k1_and_b_change_the_scores_as_bm25_says() {
        let (index, body) = index();
        let oil = Term::from_field_text(body, "oil");
        let searcher = index.reader().expect("a reader").searcher();
        // b = 0: the field's length does not count: `oil` alone and `oil prices rose` tie.
        let unnormalized = scores(&index, &Bm25TermQuery::new(oil.clone(), Bm25 { k1: 1.2, b: 0.0 }));
        let score_of = |hits: &[(DocAddress, Score)], segment: u32, doc: u32| {
            hits.iter().find(|(address, _)| *address == DocAddress::new(segment, doc)).map(|(_, score)| *score)
        };
        assert_eq!(score_of(&unnormalized, 0, 0), score_of(&unnormalized, 1, 0));
        // k1 = 0: occurrences after the first add nothing: every document scores the idf.
        let saturated = scores(&index, &Bm25TermQuery::new(oil.clone(), Bm25 { k1: 0.0, b: 0.75 }));
        let idf = idf(searcher.doc_freq(&oil).expect("doc freq"), 8);
        assert_eq!(saturated.len(), 6);
        assert!(saturated.iter().all(|(_, score)| (score - idf).abs() < 1e-6), "{saturated:?}");
        // The explanation gives the score.
        let query = Bm25TermQuery::new(oil, Bm25 { k1: 2.0, b: 0.3 });
        let explained = query.explain(&searcher, DocAddress::new(0, 1)).expect("explain");
        let ours = scores(&index, &query);
        assert_eq!(Some(explained.value()), score_of(&ours, 0, 1));
        // (Segments are in no set order: a document without the term is found, not named.)
        let without = (0..2)
            .flat_map(|segment| (0..4).map(move |doc| DocAddress::new(segment, doc)))
            .find(|address| ours.iter().all(|(hit, _)| hit != address))
            .expect("a document without `oil`");
        assert!(query.explain(&searcher, without).is_err(), "a document without the term");
    }
}
