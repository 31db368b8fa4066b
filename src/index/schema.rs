//! Every field name and option of the index, once. [`Fields`] holds the tantivy handles.
//!
//! What a hit shows lives in two places: the `summary` fast field holds every field but the body as
//! one compact record in 64-bit words (see [`super::summary`]), so a results page reads a few hundred
//! bytes per hit at a known place;
//! the document store holds only the `body`, read when passages or the full text are asked for.
//!
//! Text (`title`, `body`) is analyzed with English stems ([`TEXT_ANALYZER`]) and keeps positions for
//! phrases and highlighting. An article in one of the [`STEMMED_LANGUAGES`] has its title and body in
//! that language's own fields instead (`title_de`, `body_de`, analyzed by `newsdex_de` with the
//! German stemmer): tantivy binds one analyzer to a field, and one field per language keeps each
//! language's terms, statistics and stems apart. English articles, and those of any other or no
//! language, keep `title` and `body` exactly as before. Tag fields (`places`, `people`, `orgs`, `companies`, `topics`, `location`, `source`, `authors`)
//! are analyzed with [`TAG_ANALYZER`] (words, lowercased, accents folded, positions) so that
//! `person:volcker` finds "Paul Volcker" and `person:"james baker"` is a phrase; their fast columns
//! keep each value whole (tokenizer `raw`) for facet counts.
//!
//! Each commit records [`SCHEMA_VERSION`] in its payload ([`CommitPayload`]); the writer and the
//! reader both refuse an index of another version ([`check_schema`]).

use std::path::Path;

use tantivy::Index;
use tantivy::schema::{
    DateOptions, DateTimePrecision, FAST, Field, IndexRecordOption, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer,
    TextAnalyzerBuilder, Tokenizer,
};

use super::stemmer::MemoStemmer;
use crate::error::{Error, Result};

/// Bumped whenever a field, an analyzer or the index settings change; an index of another version
/// must be rebuilt. 2: stored articles in 2 KB LZ4 blocks (see [`index_settings`]). 3: hits read
/// from the `summary` fast field; only the body is stored; fast-field dictionaries uncompressed.
/// 4: the summary record in 64-bit words instead of a bytes column (no dictionary block to scan).
/// 5: tag values folded before lowercasing (`İstanbul` is `istanbul`, not `i̇stanbul`).
/// 6: a `companies` tag field, and companies in the summary record; a `story_key` fast field.
/// 7: the grouping features `simhash` and `salient` (see [`crate::stories`]).
/// 8: a title and a body field per language of [`STEMMED_LANGUAGES`], stemmed in that language.
/// 9: `words`, title and body unstemmed, for exact words (`=strikes`, and the exact-word bonus).
pub(crate) const SCHEMA_VERSION: u32 = 9;

/// What the commit payload records: the schema version this index was built with.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub(crate) struct CommitPayload {
    pub newsdex_schema: u32,
}

/// The payload of a commit written now: this build's [`SCHEMA_VERSION`].
pub(crate) fn commit_payload() -> String {
    serde_json::to_string(&CommitPayload { newsdex_schema: SCHEMA_VERSION }).unwrap_or_default()
}

/// The schema version recorded by the last commit in `dir/meta.json`; 0 when none can be read.
pub(crate) fn recorded_version(dir: &Path) -> u32 {
    let meta = std::fs::read(dir.join("meta.json")).unwrap_or_default();
    let payload = serde_json::from_slice::<serde_json::Value>(&meta)
        .ok()
        .and_then(|meta| meta.get("payload").and_then(|payload| payload.as_str().map(str::to_string)));
    payload
        .and_then(|payload| serde_json::from_str::<CommitPayload>(&payload).ok())
        .map_or(0, |payload| payload.newsdex_schema)
}

/// Fails when the index's last commit was written with another schema version.
pub(crate) fn check_schema(index: &Index, dir: &Path) -> Result<()> {
    let metas = index
        .load_metas()
        .map_err(|source| Error::tantivy(format!("cannot read {}/meta.json", dir.display()), source))?;
    let Some(payload) = metas.payload else {
        // A new index, never committed: nothing to check.
        return Ok(());
    };
    let found = serde_json::from_str::<CommitPayload>(&payload).map(|payload| payload.newsdex_schema).unwrap_or(0);
    if found != SCHEMA_VERSION {
        return Err(Error::SchemaMismatch { path: dir.to_path_buf(), found, expected: SCHEMA_VERSION });
    }
    Ok(())
}

/// Stored bodies are read a whole block at a time: tantivy's 16 KB default makes every passage
/// lookup decompress ~16 KB. 2 KB LZ4 blocks cut fetching 10 hits by about a third for an index
/// ~10% larger (Reuters: 22.8 → 25.3 MB).
pub(crate) const DOCSTORE_BLOCKSIZE: usize = 2048;

/// Settings of a new index.
pub(crate) fn index_settings() -> tantivy::IndexSettings {
    tantivy::IndexSettings {
        docstore_compression: tantivy::store::Compressor::Lz4,
        docstore_blocksize: DOCSTORE_BLOCKSIZE,
        ..Default::default()
    }
}

/// Analyzer of `title` and `body`.
pub const TEXT_ANALYZER: &str = "newsdex_en";

/// The languages whose articles are stemmed in their own language: ISO 639-1 code (as
/// [`crate::extract`] detects and [`crate::lexicon::languages`] normalizes it) → tantivy's Snowball
/// stemmer. The one table of them: each gives the fields `title_<code>` and `body_<code>`, the
/// analyzer `newsdex_<code>`, and a place in [`Fields::languages`]; the query analyzes each text
/// clause once per language the index holds. Adding a language is a row here (and a schema version).
pub const STEMMED_LANGUAGES: [(&str, Language); 13] = [
    ("fr", Language::French),
    ("de", Language::German),
    ("es", Language::Spanish),
    ("it", Language::Italian),
    ("pt", Language::Portuguese),
    ("nl", Language::Dutch),
    ("sv", Language::Swedish),
    ("nb", Language::Norwegian),
    ("da", Language::Danish),
    ("fi", Language::Finnish),
    ("ro", Language::Romanian),
    ("ru", Language::Russian),
    ("tr", Language::Turkish),
];

/// The place in [`STEMMED_LANGUAGES`] (and [`Fields::languages`]) of the language whose ISO 639-1
/// code is `code`; `None` for English and every language stemmed as English.
pub fn stemmed_language(code: &str) -> Option<usize> {
    STEMMED_LANGUAGES.iter().position(|(known, _)| *known == code)
}

/// The name of the title field of the stemmed language at `slot` (`title_de`).
pub fn language_title_field(slot: usize) -> String {
    format!("{TITLE}_{}", STEMMED_LANGUAGES[slot].0)
}

/// The name of the body field of the stemmed language at `slot` (`body_de`).
pub fn language_body_field(slot: usize) -> String {
    format!("{BODY}_{}", STEMMED_LANGUAGES[slot].0)
}

/// The name of the analyzer of the stemmed language at `slot` (`newsdex_de`).
pub fn language_analyzer_name(slot: usize) -> String {
    format!("newsdex_{}", STEMMED_LANGUAGES[slot].0)
}
/// Analyzer of `words`: title and body lowercased, not stemmed.
pub const WORDS_ANALYZER: &str = "newsdex_words";
/// Analyzer of the tag fields.
pub(crate) const TAG_ANALYZER: &str = "newsdex_tag";

pub(crate) const ID: &str = "id";
/// Name of the field of the article's canonical file path.
pub const PATH: &str = "path";
pub(crate) const EXTERNAL_ID: &str = "external_id";
/// Name of the field of the headline (full text, stemmed).
pub const TITLE: &str = "title";
/// Name of the field of the article's text (full text, stemmed, stored).
pub const BODY: &str = "body";
/// Name of the field of title and body words as written (lowercased, not stemmed, no positions).
pub const WORDS: &str = "words";
/// Name of the date field (fast, whole seconds, UTC).
pub const DATE: &str = "date";
pub(crate) const LOCATION: &str = "location";
/// Name of the tag field of places.
pub const PLACES: &str = "places";
/// Name of the fast field of each article's key in the story table.
pub const STORY_KEY: &str = "story_key";
/// Name of the fast field of each article's SimHash ([`crate::stories::features::simhash`]).
pub const SIMHASH: &str = "simhash";
/// Name of the multi-valued fast field of each article's salient terms
/// ([`crate::stories::features::SalientTerm`], one `u64` each).
pub const SALIENT: &str = "salient";
/// Name of the tag field of people.
pub const PEOPLE: &str = "people";
/// Name of the tag field of organisations.
pub const ORGS: &str = "orgs";
/// Name of the tag field of companies (each also in [`ORGS`]).
pub const COMPANIES: &str = "companies";
/// Name of the tag field of topics.
pub const TOPICS: &str = "topics";
pub(crate) const AUTHORS: &str = "authors";
pub(crate) const SOURCE: &str = "source";
pub(crate) const URL: &str = "url";
pub(crate) const LANGUAGE: &str = "language";
pub(crate) const SUMMARY: &str = "summary";
/// Every whole tag value of an article as one term (see [`exact_tag_text`]), for fast filters.
pub(crate) const EXACT_TAGS: &str = "exact_tags";

/// The tantivy handle of every field.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Stable article id (hash of path and ordinal), one term.
    pub id: Field,
    /// Canonical file path, one term.
    pub path: Field,
    /// Identifier the file gives, one term.
    pub external_id: Field,
    /// Headline, full text.
    pub title: Field,
    /// Article text, full text, stored.
    pub body: Field,
    /// Publication date, fast, whole seconds.
    pub date: Field,
    /// Dateline place, tag.
    pub location: Field,
    /// Places, tag.
    pub places: Field,
    /// People, tag.
    pub people: Field,
    /// Organisations, companies included, tag.
    pub orgs: Field,
    /// Companies, tag.
    pub companies: Field,
    /// Topics, tag.
    pub topics: Field,
    /// Authors, tag (no facet counts).
    pub authors: Field,
    /// Source publication, tag.
    pub source: Field,
    /// Web address, one term.
    pub url: Field,
    /// Language code, one term, fast.
    pub language: Field,
    /// The article's summary record ([`super::summary::Summary`]), fast, as 64-bit words.
    pub summary: Field,
    /// Every whole tag value as one term, for fast filters.
    pub exact_tags: Field,
    /// The article's key in the story table (the number its id is the hex of), fast.
    pub story_key: Field,
    /// SimHash of the body's word shingles, fast; absent for a body without words.
    pub simhash: Field,
    /// Salient terms, fast, one `u64` each.
    pub salient: Field,
    /// Title and body words as written (lowercased, not stemmed), with frequencies, no positions.
    pub words: Field,
    /// The title and body fields of each language of [`STEMMED_LANGUAGES`], in its order.
    pub languages: [LanguageFields; STEMMED_LANGUAGES.len()],
}

/// The text fields of one stemmed language: like `title` and `body`, with its own analyzer.
#[derive(Debug, Clone, Copy)]
pub struct LanguageFields {
    /// Headline of the language's articles, full text.
    pub title: Field,
    /// Text of the language's articles, full text, stored.
    pub body: Field,
}

impl Fields {
    /// The title and body fields an article in `language` (an ISO 639-1 code, or none) is written to.
    pub fn text_fields_of(&self, language: Option<&str>) -> (Field, Field) {
        match language.and_then(stemmed_language) {
            Some(slot) => (self.languages[slot].title, self.languages[slot].body),
            None => (self.title, self.body),
        }
    }
}

/// Builds the schema and its field handles.
pub fn build() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let text_indexing = |analyzer: &str| {
        TextFieldIndexing::default().set_tokenizer(analyzer).set_index_option(IndexRecordOption::WithFreqsAndPositions)
    };
    let title = TextOptions::default().set_indexing_options(text_indexing(TEXT_ANALYZER));
    let body = TextOptions::default().set_stored().set_indexing_options(text_indexing(TEXT_ANALYZER));
    let tag_indexing = TextFieldIndexing::default()
        .set_tokenizer(TAG_ANALYZER)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let tag = TextOptions::default().set_indexing_options(tag_indexing.clone()).set_fast("raw");
    let tag_without_facets = TextOptions::default().set_indexing_options(tag_indexing);
    let date = DateOptions::default().set_indexed().set_fast().set_precision(DateTimePrecision::Seconds);
    let fields = Fields {
        id: builder.add_text_field(ID, STRING),
        path: builder.add_text_field(PATH, STRING),
        external_id: builder.add_text_field(EXTERNAL_ID, STRING),
        title: builder.add_text_field(TITLE, title),
        body: builder.add_text_field(BODY, body),
        date: builder.add_date_field(DATE, date),
        location: builder.add_text_field(LOCATION, tag.clone()),
        places: builder.add_text_field(PLACES, tag.clone()),
        people: builder.add_text_field(PEOPLE, tag.clone()),
        orgs: builder.add_text_field(ORGS, tag.clone()),
        companies: builder.add_text_field(COMPANIES, tag.clone()),
        topics: builder.add_text_field(TOPICS, tag.clone()),
        authors: builder.add_text_field(AUTHORS, tag_without_facets.clone()),
        source: builder.add_text_field(SOURCE, tag),
        url: builder.add_text_field(URL, STRING),
        language: builder.add_text_field(LANGUAGE, STRING | FAST),
        summary: builder.add_u64_field(SUMMARY, FAST),
        exact_tags: builder.add_text_field(
            EXACT_TAGS,
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default().set_tokenizer("raw").set_index_option(IndexRecordOption::Basic),
            ),
        ),
        story_key: builder.add_u64_field(STORY_KEY, FAST),
        simhash: builder.add_u64_field(SIMHASH, FAST),
        salient: builder.add_u64_field(SALIENT, FAST),
        words: builder.add_text_field(
            WORDS,
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(WORDS_ANALYZER)
                    .set_index_option(IndexRecordOption::WithFreqs),
            ),
        ),
        // Added last, so that the fields above keep their numbers.
        languages: std::array::from_fn(|slot| {
            let analyzer = language_analyzer_name(slot);
            LanguageFields {
                title: builder.add_text_field(
                    &language_title_field(slot),
                    TextOptions::default().set_indexing_options(text_indexing(&analyzer)),
                ),
                body: builder.add_text_field(
                    &language_body_field(slot),
                    TextOptions::default().set_stored().set_indexing_options(text_indexing(&analyzer)),
                ),
            }
        }),
    };
    (builder.build(), fields)
}

/// The analyzer of `title` and `body`: words, long tokens dropped, lowercased, English stems.
pub fn text_analyzer() -> TextAnalyzer {
    text_words().filter(Stemmer::new(Language::English)).build()
}

/// The analyzer of `words`: the words of [`text_analyzer`] before stemming.
pub fn words_analyzer() -> TextAnalyzer {
    text_words().build()
}

/// The analyzer of the title and body fields of the stemmed language at `slot` of
/// [`STEMMED_LANGUAGES`]: the words of [`text_analyzer`], stemmed in that language.
pub fn language_text_analyzer(slot: usize) -> TextAnalyzer {
    text_words().filter(Stemmer::new(STEMMED_LANGUAGES[slot].1)).build()
}

/// The analyzer of the text of an article in `language` (an ISO 639-1 code, or none): its
/// language's, else English ([`text_analyzer`]).
pub fn text_analyzer_of_language(language: Option<&str>) -> TextAnalyzer {
    language.and_then(stemmed_language).map_or_else(text_analyzer, language_text_analyzer)
}

/// [`text_analyzer`] for writing an index: the same tokens, with a memo of stems (see
/// [`super::stemmer`]).
pub(crate) fn writing_text_analyzer() -> TextAnalyzer {
    text_words().filter(MemoStemmer).build()
}

/// The words of `title` and `body` before stemming: split, long ones dropped, lowercased.
fn text_words() -> TextAnalyzerBuilder<impl Tokenizer> {
    TextAnalyzer::builder(SimpleTokenizer::default()).filter(RemoveLongFilter::limit(40)).filter(LowerCaser)
}

/// The analyzer of tag fields: words, accents folded, lowercased (`zurich` finds `Zürich`). Folding
/// comes first: lowercasing `İ` gives `i` and a combining dot, which folding leaves, so
/// `istanbul` would not find `İstanbul`.
pub(crate) fn tag_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(80))
        .filter(AsciiFoldingFilter)
        .filter(LowerCaser)
        .build()
}

/// The `exact_tags` term of a whole tag value: the tag field's name, `:`, and the value's words as
/// [`tag_analyzer`] makes them, joined by one space (`places:united states`). A filter whose words
/// are a whole tag becomes one term lookup instead of a phrase match over positions.
pub(crate) fn exact_tag_text(field_name: &str, words: &[String]) -> String {
    format!("{field_name}:{}", words.join(" "))
}

/// The words `analyzer` makes of `text`, in order (a tag value with [`tag_analyzer`]).
pub fn analyzed_words(text: &str, analyzer: &mut TextAnalyzer) -> Vec<String> {
    let mut words = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while let Some(token) = stream.next() {
        words.push(token.text.clone());
    }
    words
}

/// Registers newsdex's analyzers on an index; needed after every open (tantivy does not store them).
pub(crate) fn register_analyzers(index: &Index) {
    register(index, text_analyzer());
}

/// [`register_analyzers`] for an index being written: the text analyzer remembers its stems.
pub(crate) fn register_writing_analyzers(index: &Index) {
    register(index, writing_text_analyzer());
}

fn register(index: &Index, text: TextAnalyzer) {
    index.tokenizers().register(TEXT_ANALYZER, text);
    index.tokenizers().register(TAG_ANALYZER, tag_analyzer());
    for slot in 0..STEMMED_LANGUAGES.len() {
        index.tokenizers().register(&language_analyzer_name(slot), language_text_analyzer(slot));
    }
    index.tokenizers().register(WORDS_ANALYZER, words_analyzer());
}

/// Fields of an opened index, looked up by name; `None` when the index has another schema.
pub(crate) fn fields_of(schema: &Schema) -> Option<Fields> {
    let field = |name: &str| schema.get_field(name).ok();
    Some(Fields {
        id: field(ID)?,
        path: field(PATH)?,
        external_id: field(EXTERNAL_ID)?,
        title: field(TITLE)?,
        body: field(BODY)?,
        date: field(DATE)?,
        location: field(LOCATION)?,
        places: field(PLACES)?,
        people: field(PEOPLE)?,
        orgs: field(ORGS)?,
        companies: field(COMPANIES)?,
        topics: field(TOPICS)?,
        authors: field(AUTHORS)?,
        source: field(SOURCE)?,
        url: field(URL)?,
        language: field(LANGUAGE)?,
        summary: field(SUMMARY)?,
        exact_tags: field(EXACT_TAGS)?,
        story_key: field(STORY_KEY)?,
        simhash: field(SIMHASH)?,
        salient: field(SALIENT)?,
        words: field(WORDS)?,
        languages: language_fields(schema)?,
    })
}

/// The fields of every stemmed language in `schema`, in [`STEMMED_LANGUAGES`]' order.
fn language_fields(schema: &Schema) -> Option<[LanguageFields; STEMMED_LANGUAGES.len()]> {
    let mut fields = Vec::with_capacity(STEMMED_LANGUAGES.len());
    for slot in 0..STEMMED_LANGUAGES.len() {
        let title = schema.get_field(&language_title_field(slot)).ok()?;
        let body = schema.get_field(&language_body_field(slot)).ok()?;
        fields.push(LanguageFields { title, body });
    }
    fields.try_into().ok()
}

/// The seconds a tantivy date holds: it keeps nanoseconds in an `i64`, 1677-09-21 to 2262-04-11.
const TANTIVY_SECONDS: std::ops::RangeInclusive<i64> = i64::MIN / 1_000_000_000..=i64::MAX / 1_000_000_000;

/// `date` in seconds, moved to the first or last date tantivy holds when it lies beyond them: a
/// date past 2262 would overflow (a panic in debug builds, another date in release).
pub(crate) fn date_seconds(date: chrono::DateTime<chrono::Utc>) -> i64 {
    date.timestamp().clamp(*TANTIVY_SECONDS.start(), *TANTIVY_SECONDS.end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stemmed_language_is_a_code_languages_normalize_to() {
        for (code, _) in STEMMED_LANGUAGES {
            assert_eq!(crate::lexicon::languages::normalize_language(code).as_deref(), Some(code));
        }
        assert_eq!(stemmed_language("en"), None, "English keeps `title` and `body`");
    }

    /// Words the English stemmer keeps apart and their language's stemmer joins.
    #[test]
    fn each_language_stems_its_own_words() {
        let pairs = [
            ("de", "Gewerkschaft", "Gewerkschaften"),
            ("de", "Regierung", "Regierungen"),
            ("fr", "nationale", "nationaux"),
            ("ru", "правительство", "правительства"),
            ("tr", "hükümet", "hükümeti"),
            ("sv", "regering", "regeringen"),
        ];
        let mut english = text_analyzer();
        for (code, query, written) in pairs {
            let slot = stemmed_language(code).expect("a stemmed language");
            let mut analyzer = language_text_analyzer(slot);
            assert_eq!(analyzed_words(query, &mut analyzer), analyzed_words(written, &mut analyzer), "{code}");
            assert_ne!(analyzed_words(query, &mut english), analyzed_words(written, &mut english), "{code}");
        }
    }
}
