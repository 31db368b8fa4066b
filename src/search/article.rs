//! One article by its id, with its full text, and every match of a query in its title and text
//! marked: what a reader opens from a hit.

use std::ops::Range;

use serde::Serialize;
use tantivy::DocAddress;
use tantivy::collector::DocSetCollector;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;

use super::summary::SummaryReader;
use super::{SearchRequest, Searcher};
use crate::error::{Error, Result};
use crate::highlight::{Highlighter, serialize_ranges};
use crate::index::schema;
use crate::index::summary::StoredSummary;

/// A stored article: every field a hit has, its full text, and the matches of a query.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FullArticle {
    /// The article's fields, as a hit has them.
    #[serde(flatten)]
    pub summary: StoredSummary,
    /// The full text, as stored.
    pub body: String,
    /// Matches of the query in the title, byte ranges into it (`[[start, end], ...]`).
    #[serde(serialize_with = "serialize_ranges")]
    pub title_highlights: Vec<Range<usize>>,
    /// Matches of the query in `body`, byte ranges into it (`[[start, end], ...]`).
    #[serde(serialize_with = "serialize_ranges")]
    pub body_highlights: Vec<Range<usize>>,
}

impl Searcher {
    /// The article whose id is `id` (`None` when the index has none), with the words and phrases
    /// of `highlight`'s query marked wherever they occur (nothing marked without one, or for a
    /// query of filters only). A query that does not parse is an error, as in a search.
    pub fn article(&self, id: &str, highlight: Option<&SearchRequest>) -> Result<Option<FullArticle>> {
        let searcher = self.index.reader.searcher();
        self.cache.forget_dead_segments(&searcher);
        let term = tantivy::Term::from_field_text(self.fields.id, id);
        let found = searcher
            .search(&TermQuery::new(term, IndexRecordOption::Basic), &DocSetCollector)
            .map_err(|source| Error::tantivy("looking up an article failed", source))?;
        // Ids are unique among live articles; should two share one, the first by address is shown.
        let Some(address) = found.into_iter().min_by_key(|address: &DocAddress| (address.segment_ord, address.doc_id))
        else {
            return Ok(None);
        };
        let summary = SummaryReader::new(&searcher, &self.cache).get(address)?;
        let (body, language) = self.body(&searcher, address)?;
        let highlighter = match highlight {
            Some(request) if !request.query.trim().is_empty() => {
                let parsed = self.parse(request, &searcher)?;
                Some(match language {
                    Some(slot) => super::language_highlighter(&parsed, slot),
                    None => Highlighter::new(schema::text_analyzer(), parsed.highlight),
                })
            }
            _ => None,
        };
        let (title_highlights, body_highlights) = match &highlighter {
            Some(highlighter) => {
                let title = summary.fields()?.title.map(|title| highlighter.highlights(title)).unwrap_or_default();
                (title, highlighter.highlights(&body))
            }
            None => (Vec::new(), Vec::new()),
        };
        Ok(Some(FullArticle { summary, body, title_highlights, body_highlights }))
    }
}
