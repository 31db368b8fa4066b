//! `Article` → tantivy document; deletes the articles of changed or removed files; commits once.
//! No parsing, no printing.

use std::path::Path;

use tantivy::schema::TantivyDocument;
use tantivy::{DateTime as TantivyDateTime, Index, IndexWriter, Term};

use super::schema::{self, Fields, SCHEMA_VERSION};
use super::summary::{LEAD_CHARS, Summary, first_words};
use crate::article::Article;
use crate::error::{Error, Result};
use crate::stories::features;
use crate::tags;

/// The smallest memory budget tantivy accepts per indexing thread.
const MIN_BUDGET_PER_THREAD: usize = 15 << 20;

/// Up to this many articles, a commit that leaves several segments merges them into one: a search
/// then visits one segment instead of one per indexing thread (Reuters-21578: p50 61 → 53 µs
/// without passages, for ~0.3 s more indexing). Larger indexes keep tantivy's log merge policy,
/// so that adding a file does not rewrite them.
const ONE_SEGMENT_ARTICLES: u64 = 100_000;

/// Writes articles to an index. `add` takes `&self`, so many threads can add at once.
pub(crate) struct ArticleWriter {
    writer: IndexWriter,
    fields: Fields,
}

/// Opens the index in `dir` for writing, creating it (and the folder) when there is none.
pub(crate) fn open_or_create(dir: &Path) -> Result<Index> {
    std::fs::create_dir_all(dir).map_err(|source| Error::io("create the index folder", dir, source))?;
    let (schema, _) = schema::build();
    let directory = tantivy::directory::MmapDirectory::open(dir)
        .map_err(|source| Error::tantivy(format!("cannot open the index folder {}", dir.display()), source.into()))?;
    let index = Index::builder().schema(schema).settings(schema::index_settings()).open_or_create(directory).map_err(
        |source| match source {
            // An index with other fields: another version's (or a development build's).
            tantivy::TantivyError::SchemaError(_) => Error::SchemaMismatch {
                path: dir.to_path_buf(),
                found: schema::recorded_version(dir),
                expected: SCHEMA_VERSION,
            },
            other => Error::tantivy(format!("cannot open the index in {}", dir.display()), other),
        },
    )?;
    schema::check_schema(&index, dir)?;
    schema::register_writing_analyzers(&index);
    Ok(index)
}

impl ArticleWriter {
    /// A writer using `threads` indexing threads and at most `memory_budget` bytes in all.
    pub fn new(index: &Index, threads: usize, memory_budget: usize) -> Result<Self> {
        let fields = schema::fields_of(&index.schema()).ok_or(Error::ForeignIndex)?;
        let threads = threads.clamp(1, 8).min((memory_budget / MIN_BUDGET_PER_THREAD).max(1));
        let budget = memory_budget.max(threads * MIN_BUDGET_PER_THREAD);
        let writer = index.writer_with_num_threads(threads, budget).map_err(|source| {
            Error::tantivy("cannot open an index writer (is another `newsdex index` running?)", source)
        })?;
        Ok(ArticleWriter { writer, fields })
    }

    /// Queues one article for indexing.
    pub fn add(&self, article: &Article) -> Result<()> {
        self.writer
            .add_document(to_document(article, &self.fields))
            .map(|_| ())
            .map_err(|source| Error::tantivy(format!("cannot index an article of {}", article.path.display()), source))
    }

    /// Removes every article read from `path` (queued; takes effect at commit).
    pub(crate) fn delete_path(&self, path: &str) {
        self.writer.delete_term(Term::from_field_text(self.fields.path, path));
    }

    /// Removes every article (queued; takes effect at commit).
    pub(crate) fn delete_all(&self) -> Result<()> {
        self.writer
            .delete_all_documents()
            .map(|_| ())
            .map_err(|source| Error::tantivy("cannot clear the index", source))
    }

    /// Makes everything queued visible at once. Until this returns, readers see the previous commit.
    pub fn commit(mut self) -> Result<u64> {
        let payload = schema::commit_payload();
        let mut prepared =
            self.writer.prepare_commit().map_err(|source| Error::tantivy("cannot prepare the commit", source))?;
        prepared.set_payload(&payload);
        // Segments are written by now, meta.json not yet: the test point for a failed commit.
        crate::guard::inject_fault(crate::guard::Stage::Commit, "");
        let opstamp = prepared.commit().map_err(|source| Error::tantivy("cannot commit the index", source))?;
        let segments = self.writer.index().searchable_segment_metas().unwrap_or_default();
        let articles: u64 = segments.iter().map(|segment| u64::from(segment.num_docs())).sum();
        let ids: Vec<_> = segments.iter().map(|segment| segment.id()).collect();
        // Held segment metas count as live files for the garbage collector.
        drop(segments);
        if ids.len() > 1 && articles <= ONE_SEGMENT_ARTICLES {
            // Merging keeps the commit (and its payload); a failed merge leaves the segments as they
            // are, which is still a complete index.
            if self.writer.merge(&ids).wait().is_ok() {
                let _ = self.writer.garbage_collect_files().wait();
            }
        }
        self.writer
            .wait_merging_threads()
            .map_err(|source| Error::tantivy("cannot finish merging segments", source))?;
        Ok(opstamp)
    }
}

/// The number an article's id is the hex of (FNV-1a of its file path and its ordinal in the file),
/// also its key in the story table ([`crate::stories`]).
pub(crate) fn article_key(path: &str, ordinal: u32) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in path.bytes().chain(*b"#").chain(ordinal.to_string().bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// The country of each place for story grouping: as displayed, and for a place written as a path
/// (`Santos, São Paulo, Brazil`) whose whole is not in the gazetteer, the country of its last part.
fn grouping_countries(places: &[String], countries: &[Option<&'static str>]) -> Vec<Option<&'static str>> {
    places
        .iter()
        .zip(countries)
        .map(|(place, country)| {
            country.or_else(|| {
                let (_, last) = place.rsplit_once(',')?;
                tags::place_country_codes(&[last.trim().to_string()]).first().copied().flatten()
            })
        })
        .collect()
}

/// Turns a written tag value into its canonical form.
type Canonicalize = fn(&str) -> String;

/// The document for one article; tag values are made canonical (`usa` → "United States"). Every
/// field but the body also goes into the [`Summary`] that hits are shown from.
pub(crate) fn to_document(article: &Article, fields: &Fields) -> TantivyDocument {
    let mut document = TantivyDocument::default();
    let path = article.path.to_string_lossy().into_owned();
    let key = article_key(&path, article.ordinal);
    let id = format!("{key:016x}"); // the article's stable id
    document.add_text(fields.id, &id);
    document.add_u64(fields.story_key, key);
    document.add_text(fields.path, &path);
    if let Some(external_id) = &article.external_id {
        document.add_text(fields.external_id, external_id);
    }
    // Text in a language of `schema::STEMMED_LANGUAGES` goes to that language's fields, the rest to
    // `title` and `body` (English stems).
    let (title_field, body_field) = fields.text_fields_of(article.language.as_deref());
    if let Some(title) = &article.title {
        document.add_text(title_field, title);
    }
    document.add_text(body_field, &article.body);
    // The same words unstemmed, in every language, for exact words (`=strikes`) and the exact-word bonus.
    if let Some(title) = &article.title {
        document.add_text(fields.words, title);
    }
    document.add_text(fields.words, &article.body);
    if let Some(date) = article.date {
        document.add_date(fields.date, TantivyDateTime::from_timestamp_secs(schema::date_seconds(date)));
    }
    // As written (in title case when all caps): a dateline city is not a country (`SALVADOR`).
    let location = article.location.as_deref().map(tags::display_case);
    if let Some(location) = &location {
        document.add_text(fields.location, location);
    }
    let mut analyzer = schema::tag_analyzer();
    let mut add_exact = |document: &mut TantivyDocument, field_name: &str, value: &str| {
        let words = schema::analyzed_words(value, &mut analyzer);
        if !words.is_empty() {
            document.add_text(fields.exact_tags, schema::exact_tag_text(field_name, &words));
        }
    };
    if let Some(location) = &location {
        add_exact(&mut document, schema::LOCATION, location);
    }
    let canonical = |values: &[String], canonicalize: Canonicalize| {
        let mut names: Vec<String> = Vec::with_capacity(values.len());
        for value in values {
            let name = canonicalize(value);
            if !name.is_empty() && !names.contains(&name) {
                names.push(name);
            }
        }
        names
    };
    let places = canonical(&article.places, tags::canonical_place);
    let people = canonical(&article.people, tags::canonical_person);
    let companies = canonical(&article.companies, tags::canonical_org);
    // Companies are organizations: `org:boeing` finds a company a file gave only as a company.
    let orgs = canonical(&[article.orgs.as_slice(), article.companies.as_slice()].concat(), tags::canonical_org);
    let topics = canonical(&article.topics, tags::canonical_topic);
    let authors = canonical(&article.authors, tags::display_case);
    for (field, name, values) in [
        (fields.places, schema::PLACES, &places),
        (fields.people, schema::PEOPLE, &people),
        (fields.orgs, schema::ORGS, &orgs),
        (fields.companies, schema::COMPANIES, &companies),
        (fields.topics, schema::TOPICS, &topics),
        (fields.authors, schema::AUTHORS, &authors),
    ] {
        for value in values {
            document.add_text(field, value);
            add_exact(&mut document, name, value);
        }
    }
    if let Some(source) = &article.source {
        document.add_text(fields.source, source);
        add_exact(&mut document, schema::SOURCE, source);
    }
    for (field, value) in [(fields.url, &article.url), (fields.language, &article.language)] {
        if let Some(value) = value {
            document.add_text(field, value);
        }
    }
    // Grouping features, from this article alone (see `stories::features`).
    if let Some(simhash) = features::simhash(article.title.as_deref(), &article.body) {
        document.add_u64(fields.simhash, simhash);
    }
    let countries = tags::place_country_codes(&places);
    let grouping_countries = grouping_countries(&places, &countries);
    let entities = features::Entities { people: &people, orgs: &orgs, places: &places, countries: &grouping_countries };
    for term in features::salient_terms(article.title.as_deref(), &article.body, entities) {
        document.add_u64(fields.salient, term.encode());
    }
    let has_title = article.title.as_deref().is_some_and(|title| !title.trim().is_empty());
    let lead = (!has_title).then(|| first_words(&article.body, LEAD_CHARS)).filter(|lead| !lead.is_empty());
    let summary = Summary {
        id: &id,
        path: &path,
        ordinal: u64::from(article.ordinal),
        line: article.line.map(u64::from),
        byte_offset: article.byte_offset,
        external_id: article.external_id.as_deref(),
        title: article.title.as_deref(),
        lead: lead.as_deref(),
        date: article.date,
        location: location.as_deref(),
        places: places.iter().map(String::as_str).collect(),
        place_countries: countries.into_iter().collect(),
        people: people.iter().map(String::as_str).collect(),
        orgs: orgs.iter().map(String::as_str).collect(),
        companies: companies.iter().map(String::as_str).collect(),
        topics: topics.iter().map(String::as_str).collect(),
        authors: authors.iter().map(String::as_str).collect(),
        source: article.source.as_deref(),
        url: article.url.as_deref(),
        language: article.language.as_deref(),
        extracted: article.extracted.iter().map(|field| field.name()).collect(),
    };
    for word in summary.to_words() {
        document.add_u64(fields.summary, word);
    }
    document
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_and_distinct() {
        assert_eq!(article_key("/a/b.sgm", 3), article_key("/a/b.sgm", 3));
        assert_ne!(article_key("/a/b.sgm", 3), article_key("/a/b.sgm", 4));
        assert_eq!(format!("{:016x}", article_key("/a/b.sgm", 3)).len(), 16);
    }

    #[test]
    fn text_goes_to_the_fields_of_its_language() {
        let (_, fields) = schema::build();
        let german_slot = schema::stemmed_language("de").expect("German is stemmed");
        for (language, title_field, body_field) in [
            (None, fields.title, fields.body),
            (Some("en"), fields.title, fields.body),
            (Some("ja"), fields.title, fields.body),
            (Some("de"), fields.languages[german_slot].title, fields.languages[german_slot].body),
        ] {
            let article = Article {
                title: Some("Titel".into()),
                body: "Text".into(),
                language: language.map(str::to_string),
                ..Article::default()
            };
            let document = to_document(&article, &fields);
            let text_fields: Vec<_> = document
                .field_values()
                .filter(|(field, _)| {
                    *field == fields.title
                        || *field == fields.body
                        || fields.languages.iter().any(|l| l.title == *field || l.body == *field)
                })
                .map(|(field, _)| field)
                .collect();
            assert_eq!(text_fields, vec![title_field, body_field], "{language:?}");
        }
    }

    #[test]
    fn regression_dates_past_what_tantivy_holds_are_clamped_not_overflowed() {
        let (_, fields) = schema::build();
        for (year, expected) in [(3000, "2262-04-11"), (1200, "1677-09-21"), (1987, "1987-03-02")] {
            let date = chrono::NaiveDate::from_ymd_opt(year, 3, 2).and_then(|day| day.and_hms_opt(0, 0, 0));
            let article = Article { body: "text".into(), date: date.map(|d| d.and_utc()), ..Article::default() };
            let document = to_document(&article, &fields);
            let stored = document.get_first(fields.date).and_then(|value| {
                use tantivy::schema::Value;
                value.as_datetime()
            });
            let seconds = stored.expect("a date").into_timestamp_secs();
            let day = chrono::DateTime::from_timestamp(seconds, 0).expect("in range").date_naive().to_string();
            assert_eq!(day, expected, "{year}");
        }
    }
}
