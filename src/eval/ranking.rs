//! Ranking quality, measured two ways and beside peers (`newsdex eval ranking`):
//!
//! - **known-item search** on Reuters-21578: a fixed, seeded sample of articles with a title; for
//!   each, a query of 3–5 content words of its title (a second run: of its first sentence) and the
//!   rank of that article among the hits: MRR@10 and success@10;
//! - **a judged set** written for the project (`tests/data/ranking/judged.toml`): information
//!   needs over Reuters-21578 and MEANTIME, each with a query as a person types it and the
//!   articles judged relevant by reading them (grade 2: about it; 1: partly): nDCG@10 and
//!   MAP@100, over all needs and over each split (`tune`, tuned on; `check`, held out).
//!
//! Every engine answers the same plain-word queries with all words required and is scored the
//! same way: newsdex (hits not collapsed by story, so each article is judged on its own), raw
//! tantivy BM25 (default tokenizer over title and body, no stemming, no boosts) and, built with
//! `--features peers`, SQLite FTS5's bm25 with the `porter` and `unicode61` tokenizers.
//!
//! Articles are named by a key both collections give: `reuters:NEWID` and `meantime:NNNN` (the
//! file name of `meantime/full/NNNN.txt`).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tantivy::collector::TopDocs;
use tantivy::query::QueryParser;
use tantivy::schema::{STORED, STRING, Schema, TEXT, TantivyDocument, Value};

use crate::article::Article;
use crate::error::{Error, Result};
use crate::r#gen::Rng;
use crate::index::reader;
use crate::lexicon::languages::is_english_stop_word;
use crate::search::{SearchRequest, Searcher};
use crate::{read, sentences};

/// Hits a known-item query looks at: the measures are @10.
pub const KNOWN_ITEM_DEPTH: usize = 10;
/// Hits a judged query looks at: nDCG@10, MAP@100.
pub const JUDGED_DEPTH: usize = 100;
/// Known-item articles sampled by default.
pub const DEFAULT_SAMPLE: usize = 1000;
/// Seed of the default sample.
pub const DEFAULT_SEED: u64 = 16;

/// An engine under test: the keys of its best `limit` articles for a query of plain words, all
/// of them required, best first.
pub trait Engine {
    /// The engine's name in reports.
    fn name(&self) -> String;
    /// The keys of the best `limit` articles for `words`.
    fn top(&self, words: &[String], limit: usize) -> Result<Vec<String>>;
}

/// The key of an article (`reuters:NEWID`, `meantime:NNNN`; else its path and ordinal).
pub fn article_key(path: &str, external_id: Option<&str>, ordinal: u64) -> String {
    let file = Path::new(path);
    let is_sgml = file.extension().is_some_and(|extension| extension.eq_ignore_ascii_case("sgm"));
    if is_sgml && let Some(newid) = external_id {
        return format!("reuters:{newid}");
    }
    let in_meantime = file.components().any(|part| part.as_os_str().to_string_lossy().contains("meantime"));
    if in_meantime && let Some(stem) = file.file_stem() {
        return format!("meantime:{}", stem.to_string_lossy());
    }
    format!("{path}#{ordinal}")
}

/// The key of an article read by [`crate::read`].
fn key_of(article: &Article) -> String {
    article_key(&article.path.to_string_lossy(), article.external_id.as_deref(), u64::from(article.ordinal))
}

/// The words of `text` a person would type to find it: lowercased, letters only, three letters
/// or more, no stop word, each once, in order.
pub fn content_words(text: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for word in text.split(|character: char| !character.is_alphanumeric()) {
        let lower = word.to_lowercase();
        if lower.chars().count() < 3 || !lower.chars().all(char::is_alphabetic) || is_english_stop_word(&lower) {
            continue;
        }
        if !words.contains(&lower) {
            words.push(lower);
        }
    }
    words
}

/// One known item: the article, and the queries made from its title and its first sentence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KnownItem {
    /// The article's key.
    pub key: String,
    /// 3–5 content words of the title, in order.
    pub title_query: Vec<String>,
    /// 3–5 content words of the first sentence, in order.
    pub sentence_query: Vec<String>,
}

/// `count` words of `words` chosen by `rng`, in their order (all of them when there are fewer).
fn some_words(words: &[String], count: usize, rng: &mut Rng) -> Vec<String> {
    let mut chosen: Vec<usize> = (0..words.len()).collect();
    while chosen.len() > count {
        let drop = rng.below(chosen.len() as u64) as usize;
        chosen.remove(drop);
    }
    chosen.into_iter().map(|index| words[index].clone()).collect()
}

/// A seeded sample of `sample` Reuters articles with a title and a body whose title and first
/// sentence each give three content words or more; for each, 3–5 of them (the count and the
/// words drawn from the seed) as its two queries.
pub fn known_items(articles: &[Article], sample: usize, seed: u64) -> Vec<KnownItem> {
    let mut eligible: Vec<KnownItem> = Vec::new();
    for article in articles {
        let is_reuters = article.path.extension().is_some_and(|extension| extension == "sgm");
        let Some(title) = article.title.as_deref().filter(|_| is_reuters) else { continue };
        let Some(first) = sentences::split(&article.body).into_iter().next() else { continue };
        let sentence = article.body.get(first).unwrap_or_default();
        let (title_words, sentence_words) = (content_words(title), content_words(sentence));
        if title_words.len() < 3 || sentence_words.len() < 3 {
            continue;
        }
        eligible.push(KnownItem { key: key_of(article), title_query: title_words, sentence_query: sentence_words });
    }
    let mut rng = Rng::new(seed);
    // A partial Fisher–Yates shuffle: the first `sample` places are the sample.
    let taken = sample.min(eligible.len());
    for place in 0..taken {
        let other = place + rng.below((eligible.len() - place) as u64) as usize;
        eligible.swap(place, other);
    }
    eligible.truncate(taken);
    for item in &mut eligible {
        let title_count = 3 + rng.below(3) as usize;
        item.title_query = some_words(&item.title_query, title_count, &mut rng);
        let sentence_count = 3 + rng.below(3) as usize;
        item.sentence_query = some_words(&item.sentence_query, sentence_count, &mut rng);
    }
    eligible
}

/// One information need of the judged set.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct Need {
    /// Short id (`r01`, `m03`).
    pub id: String,
    /// What the person wants, in a sentence: what relevance was judged against.
    pub need: String,
    /// The query as a person would type it: plain words.
    pub query: String,
    /// `tune` (ranking was tuned on it) or `check` (held out).
    pub split: String,
    /// Relevant article keys and their grade (2: about the need; 1: partly about it).
    pub relevant: BTreeMap<String, u8>,
}

#[derive(Debug, Deserialize)]
struct JudgedFile {
    need: Vec<Need>,
}

/// The needs of a judged-set file (TOML, `[[need]]` tables).
pub fn load_needs(path: &Path) -> Result<Vec<Need>> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::io("read", path, source))?;
    parse_needs(&text).map_err(|reason| Error::InvalidRequest(format!("{}: {reason}", path.display())))
}

/// The needs of a judged-set file's text.
pub fn parse_needs(text: &str) -> std::result::Result<Vec<Need>, String> {
    let file: JudgedFile = toml::from_str(text).map_err(|error| error.to_string())?;
    for need in &file.need {
        if need.relevant.is_empty() {
            return Err(format!("need {} has no relevant article", need.id));
        }
        if !matches!(need.split.as_str(), "tune" | "check") {
            return Err(format!("need {}: split is `tune` or `check`, not `{}`", need.id, need.split));
        }
    }
    Ok(file.need)
}

/// Known-item measures of one run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct KnownItemScores {
    /// Mean reciprocal rank of the item, 0 when it is not in the top 10.
    pub mrr_at_10: f64,
    /// Share of queries whose item is in the top 10.
    pub success_at_10: f64,
    /// Queries run.
    pub queries: usize,
}

/// Judged-set measures over some needs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct JudgedScores {
    /// Mean nDCG@10 (gain 2^grade − 1).
    pub ndcg_at_10: f64,
    /// Mean average precision over the top 100 (relevant articles not found count 0).
    pub map: f64,
    /// Needs scored.
    pub needs: usize,
}

/// One engine's figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EngineScores {
    /// The engine.
    pub engine: String,
    /// Known items found from title words.
    pub title: KnownItemScores,
    /// Known items found from first-sentence words.
    pub sentence: KnownItemScores,
    /// The judged set, every need.
    pub judged: JudgedScores,
    /// The needs ranking was tuned on.
    pub judged_tune: JudgedScores,
    /// The held-out needs.
    pub judged_check: JudgedScores,
}

/// What `newsdex eval ranking` reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RankingReport {
    /// Known items sampled.
    pub known_items: usize,
    /// Seed of the sample.
    pub seed: u64,
    /// Needs in the judged set.
    pub needs: usize,
    /// Each engine's figures, newsdex first.
    pub engines: Vec<EngineScores>,
}

/// The reciprocal rank of `key` among `keys` (0 when absent).
fn reciprocal_rank(keys: &[String], key: &str) -> f64 {
    keys.iter().position(|found| found == key).map_or(0.0, |index| 1.0 / (index + 1) as f64)
}

/// nDCG@10 of a ranked list against graded judgements.
pub fn ndcg_at_10(keys: &[String], relevant: &BTreeMap<String, u8>) -> f64 {
    let gain = |grade: u8| f64::from((1_u32 << grade) - 1);
    let discount = |index: usize| (index as f64 + 2.0).log2();
    let dcg: f64 = keys
        .iter()
        .take(10)
        .enumerate()
        .map(|(index, key)| relevant.get(key).map_or(0.0, |&grade| gain(grade) / discount(index)))
        .sum();
    let mut grades: Vec<u8> = relevant.values().copied().collect();
    grades.sort_unstable_by(|a, b| b.cmp(a));
    let ideal: f64 = grades.iter().take(10).enumerate().map(|(index, &grade)| gain(grade) / discount(index)).sum();
    if ideal > 0.0 { dcg / ideal } else { 0.0 }
}

/// Average precision of a ranked list (any grade counts as relevant), over all relevant articles.
pub fn average_precision(keys: &[String], relevant: &BTreeMap<String, u8>) -> f64 {
    let mut found = 0;
    let mut sum = 0.0;
    for (index, key) in keys.iter().enumerate() {
        if relevant.get(key).is_some_and(|&grade| grade > 0) {
            found += 1;
            sum += f64::from(found) / (index + 1) as f64;
        }
    }
    let total = relevant.values().filter(|&&grade| grade > 0).count();
    if total == 0 { 0.0 } else { sum / total as f64 }
}

/// Known-item figures of `engine` over `items`, from their title or sentence queries.
pub fn score_known_items(engine: &dyn Engine, items: &[KnownItem], from_title: bool) -> Result<KnownItemScores> {
    let (mut reciprocal, mut successes) = (0.0, 0);
    for item in items {
        let words = if from_title { &item.title_query } else { &item.sentence_query };
        let rank = reciprocal_rank(&engine.top(words, KNOWN_ITEM_DEPTH)?, &item.key);
        reciprocal += rank;
        successes += usize::from(rank > 0.0);
    }
    let queries = items.len().max(1) as f64;
    Ok(KnownItemScores {
        mrr_at_10: reciprocal / queries,
        success_at_10: successes as f64 / queries,
        queries: items.len(),
    })
}

/// Judged-set figures of `engine` over the needs `keep` selects.
pub fn score_needs(engine: &dyn Engine, needs: &[Need], keep: impl Fn(&Need) -> bool) -> Result<JudgedScores> {
    let (mut ndcg, mut map, mut count) = (0.0, 0.0, 0);
    for need in needs.iter().filter(|need| keep(need)) {
        let keys = engine.top(&query_words(&need.query), JUDGED_DEPTH)?;
        ndcg += ndcg_at_10(&keys, &need.relevant);
        map += average_precision(&keys, &need.relevant);
        count += 1;
    }
    let divisor = count.max(1) as f64;
    Ok(JudgedScores { ndcg_at_10: ndcg / divisor, map: map / divisor, needs: count })
}

/// The words of a judged query as every engine gets them: lowercased, split on what is not a
/// letter or digit.
pub fn query_words(query: &str) -> Vec<String> {
    query
        .split(|character: char| !character.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Every figure of one engine.
pub fn score_engine(engine: &dyn Engine, items: &[KnownItem], needs: &[Need]) -> Result<EngineScores> {
    Ok(EngineScores {
        engine: engine.name(),
        title: score_known_items(engine, items, true)?,
        sentence: score_known_items(engine, items, false)?,
        judged: score_needs(engine, needs, |_| true)?,
        judged_tune: score_needs(engine, needs, |need| need.split == "tune")?,
        judged_check: score_needs(engine, needs, |need| need.split == "check")?,
    })
}

/// newsdex as it searches: words required, hits not collapsed, no passages.
pub struct NewsdexEngine {
    searcher: Searcher,
    name: String,
}

impl NewsdexEngine {
    /// newsdex over the index in `dir`.
    pub fn open(dir: &Path) -> Result<Self> {
        Ok(NewsdexEngine { searcher: Searcher::new(reader::open(dir)?), name: "newsdex".into() })
    }

    /// newsdex with `searcher` (its ranking settings included), named `name` in reports.
    pub fn with_searcher(searcher: Searcher, name: impl Into<String>) -> Self {
        NewsdexEngine { searcher, name: name.into() }
    }
}

impl Engine for NewsdexEngine {
    fn name(&self) -> String {
        self.name.clone()
    }

    fn top(&self, words: &[String], limit: usize) -> Result<Vec<String>> {
        let request =
            SearchRequest { query: words.join(" "), limit, passages: 0, collapse: false, ..SearchRequest::default() };
        let results = self.searcher.search(&request)?;
        results
            .hits
            .iter()
            .map(|hit| {
                let fields = hit.summary.fields()?;
                Ok(article_key(fields.path, fields.external_id, fields.ordinal))
            })
            .collect()
    }
}

/// Raw tantivy: title and body with the default tokenizer (words, lowercased, no stemming), BM25,
/// no boosts, words required.
pub struct RawTantivy {
    reader: tantivy::IndexReader,
    parser: QueryParser,
    key: tantivy::schema::Field,
}

impl RawTantivy {
    /// Indexes `articles` in memory.
    pub fn build(articles: &[Article]) -> Result<Self> {
        let failed = |source| Error::tantivy("raw tantivy index", source);
        let mut builder = Schema::builder();
        let key = builder.add_text_field("key", STRING | STORED);
        let title = builder.add_text_field("title", TEXT);
        let body = builder.add_text_field("body", TEXT);
        let index = tantivy::Index::create_in_ram(builder.build());
        let mut writer: tantivy::IndexWriter = index.writer_with_num_threads(1, 100 << 20).map_err(failed)?;
        for article in articles {
            let mut document = TantivyDocument::default();
            document.add_text(key, key_of(article));
            document.add_text(title, article.title.as_deref().unwrap_or_default());
            document.add_text(body, &article.body);
            writer.add_document(document).map_err(failed)?;
        }
        writer.commit().map_err(failed)?;
        let reader = index.reader().map_err(failed)?;
        let mut parser = QueryParser::for_index(&index, vec![title, body]);
        parser.set_conjunction_by_default();
        Ok(RawTantivy { reader, parser, key })
    }
}

impl Engine for RawTantivy {
    fn name(&self) -> String {
        "tantivy BM25 (raw)".into()
    }

    fn top(&self, words: &[String], limit: usize) -> Result<Vec<String>> {
        let failed = |source| Error::tantivy("raw tantivy search", source);
        let query = self
            .parser
            .parse_query(&words.join(" "))
            .map_err(|error| Error::InvalidRequest(format!("raw tantivy query: {error}")))?;
        let searcher = self.reader.searcher();
        let top = searcher.search(&query, &TopDocs::with_limit(limit).order_by_score()).map_err(failed)?;
        let mut keys = Vec::with_capacity(top.len());
        for (_, address) in top {
            let document: TantivyDocument = searcher.doc(address).map_err(failed)?;
            let key = document.get_first(self.key).and_then(|value| value.as_str()).unwrap_or_default();
            keys.push(key.to_string());
        }
        Ok(keys)
    }
}

/// SQLite FTS5 ranked by `bm25()` (title and body weighted alike), with one tokenizer.
#[cfg(feature = "peers")]
pub struct Fts5 {
    connection: rusqlite::Connection,
    tokenizer: &'static str,
    keys: Vec<String>,
}

#[cfg(feature = "peers")]
impl Fts5 {
    /// Indexes `articles` in an in-memory database with `tokenizer` (`porter unicode61`,
    /// `unicode61`).
    pub fn build(articles: &[Article], tokenizer: &'static str) -> Result<Self> {
        let failed = |error: rusqlite::Error| Error::InvalidRequest(format!("SQLite FTS5: {error}"));
        let mut connection = rusqlite::Connection::open_in_memory().map_err(failed)?;
        connection
            .execute_batch(&format!("CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize='{tokenizer}')"))
            .map_err(failed)?;
        let transaction = connection.transaction().map_err(failed)?;
        {
            let mut insert =
                transaction.prepare("INSERT INTO docs(rowid, title, body) VALUES (?1, ?2, ?3)").map_err(failed)?;
            for (row, article) in articles.iter().enumerate() {
                insert
                    .execute((row as i64, article.title.as_deref().unwrap_or_default(), &article.body))
                    .map_err(failed)?;
            }
        }
        transaction.commit().map_err(failed)?;
        Ok(Fts5 { connection, tokenizer, keys: articles.iter().map(key_of).collect() })
    }
}

#[cfg(feature = "peers")]
impl Engine for Fts5 {
    fn name(&self) -> String {
        format!("SQLite FTS5 bm25 ({})", self.tokenizer)
    }

    fn top(&self, words: &[String], limit: usize) -> Result<Vec<String>> {
        let failed = |error: rusqlite::Error| Error::InvalidRequest(format!("SQLite FTS5: {error}"));
        // Each word quoted, so `and`, `or`, `not`, `near` are words; juxtaposed: all required.
        let expression: Vec<String> = words.iter().map(|word| format!("\"{}\"", word.replace('"', ""))).collect();
        let mut statement = self
            .connection
            .prepare_cached("SELECT rowid FROM docs WHERE docs MATCH ?1 ORDER BY bm25(docs) LIMIT ?2")
            .map_err(failed)?;
        let rows =
            statement.query_map((expression.join(" "), limit as i64), |row| row.get::<_, i64>(0)).map_err(failed)?;
        let mut keys = Vec::new();
        for row in rows {
            let row = usize::try_from(row.map_err(failed)?).unwrap_or(usize::MAX);
            keys.extend(self.keys.get(row).cloned());
        }
        Ok(keys)
    }
}

/// Every article of the files under `roots` that newsdex reads, in path order.
pub fn read_articles(roots: &[PathBuf]) -> Result<Vec<Article>> {
    let mut paths = Vec::new();
    for root in roots {
        for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
            let entry =
                entry.map_err(|error| Error::InvalidRequest(format!("cannot list {}: {error}", root.display())))?;
            if entry.file_type().is_file() && read::format_of(entry.path()).is_some() {
                paths.push(entry.into_path());
            }
        }
    }
    let mut articles = Vec::new();
    for path in &paths {
        match read::read_path(path) {
            Ok(file) => articles.extend(file.articles),
            Err(skipped) => {
                return Err(Error::InvalidRequest(format!("{}: {}", skipped.path.display(), skipped.reason)));
            }
        }
    }
    Ok(articles)
}

/// Counts of judged articles by collection, to check that a judged file names articles that exist.
pub fn unknown_keys(needs: &[Need], articles: &[Article]) -> Vec<String> {
    let known: HashMap<String, ()> = articles.iter().map(|article| (key_of(article), ())).collect();
    let mut unknown: Vec<String> =
        needs.iter().flat_map(|need| need.relevant.keys()).filter(|key| !known.contains_key(*key)).cloned().collect();
    unknown.sort();
    unknown.dedup();
    unknown
}

/// What [`evaluate`] measures, and on what.
#[derive(Debug, Clone)]
pub struct RankingOptions {
    /// The Reuters-21578 folder.
    pub reuters: PathBuf,
    /// The MEANTIME articles (`meantime/full`).
    pub meantime_full: PathBuf,
    /// The judged set (TOML).
    pub judged: PathBuf,
    /// An index of both collections to search; `None` builds one in a temporary folder.
    pub index: Option<PathBuf>,
    /// Known items sampled.
    pub sample: usize,
    /// Seed of the sample.
    pub seed: u64,
    /// Score the peers too (raw tantivy always; SQLite FTS5 when built with `--features peers`).
    pub peers: bool,
}

/// Whether this build can score SQLite FTS5 (`--features peers`).
pub const HAS_FTS5: bool = cfg!(feature = "peers");

/// Reads both collections, indexes them with newsdex (unless an index is given), and scores
/// newsdex with `configure` applied to its searcher, then the peers.
pub fn evaluate(options: &RankingOptions, configure: impl Fn(Searcher) -> Searcher) -> Result<RankingReport> {
    let roots = vec![options.reuters.clone(), options.meantime_full.clone()];
    let articles = read_articles(&roots)?;
    let needs = load_needs(&options.judged)?;
    let unknown = unknown_keys(&needs, &articles);
    if !unknown.is_empty() {
        return Err(Error::InvalidRequest(format!(
            "{} names articles the collections do not have: {}",
            options.judged.display(),
            unknown.join(", ")
        )));
    }
    let items = known_items(&articles, options.sample, options.seed);
    let temporary = std::env::temp_dir().join(format!("newsdex-eval-ranking-{}", std::process::id()));
    let index_dir = match &options.index {
        Some(dir) => dir.clone(),
        None => {
            let index_options = crate::ingest::IndexOptions {
                roots: roots.clone(),
                index_dir: temporary.clone(),
                rebuild: true,
                threads: 0,
                memory_budget: 256 << 20,
                reference_date: None,
                taxonomy: None,
                entities: None,
                story_window_days: crate::stories::DEFAULT_WINDOW_DAYS,
            };
            crate::ingest::run(&index_options, |_| {})?;
            temporary.clone()
        }
    };
    let scored = (|| -> Result<Vec<EngineScores>> {
        let newsdex = NewsdexEngine::with_searcher(configure(Searcher::new(reader::open(&index_dir)?)), "newsdex");
        let mut engines = vec![score_engine(&newsdex, &items, &needs)?];
        if options.peers {
            engines.push(score_engine(&RawTantivy::build(&articles)?, &items, &needs)?);
            #[cfg(feature = "peers")]
            for tokenizer in ["porter unicode61", "unicode61"] {
                engines.push(score_engine(&Fts5::build(&articles, tokenizer)?, &items, &needs)?);
            }
        }
        Ok(engines)
    })();
    if options.index.is_none() {
        // A failure to clean up leaves a folder in the temporary directory, nothing worse.
        let _ = std::fs::remove_dir_all(&temporary);
    }
    Ok(RankingReport { known_items: items.len(), seed: options.seed, needs: needs.len(), engines: scored? })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(list: &[&str]) -> Vec<String> {
        list.iter().map(|key| key.to_string()).collect()
    }

    fn grades(list: &[(&str, u8)]) -> BTreeMap<String, u8> {
        list.iter().map(|(key, grade)| (key.to_string(), *grade)).collect()
    }

    #[test]
    fn content_words_drop_stop_words_numbers_and_repeats() {
        assert_eq!(
            content_words("BAHIA COCOA REVIEW: the cocoa 1987 crop, U.S."),
            ["bahia", "cocoa", "review", "crop"]
        );
    }

    #[test]
    fn ndcg_is_one_for_the_ideal_order_and_less_otherwise() {
        let relevant = grades(&[("a", 2), ("b", 1)]);
        assert!((ndcg_at_10(&keys(&["a", "b", "c"]), &relevant) - 1.0).abs() < 1e-9);
        let swapped = ndcg_at_10(&keys(&["b", "a"]), &relevant);
        assert!(swapped < 1.0 && swapped > 0.5, "{swapped}");
        assert_eq!(ndcg_at_10(&keys(&["c"]), &relevant), 0.0);
    }

    #[test]
    fn average_precision_counts_relevant_articles_not_found() {
        let relevant = grades(&[("a", 1), ("b", 2)]);
        // a at 1 (1/1), b missing: (1 + 0) / 2.
        assert!((average_precision(&keys(&["a", "x"]), &relevant) - 0.5).abs() < 1e-9);
        // x, a, b: (1/2 + 2/3) / 2.
        assert!((average_precision(&keys(&["x", "a", "b"]), &relevant) - (0.5 + 2.0 / 3.0) / 2.0).abs() < 1e-9);
    }

    #[test]
    fn keys_name_reuters_and_meantime_articles() {
        assert_eq!(article_key("/c/reuters21578/reut2-000.sgm", Some("17"), 16), "reuters:17");
        assert_eq!(article_key("/c/meantime/full/0042.txt", None, 0), "meantime:0042");
        assert_eq!(article_key("/c/other/a.txt", None, 0), "/c/other/a.txt#0");
    }

    #[test]
    fn judged_files_need_judgements_and_a_split() {
        let good =
            "[[need]]\nid = \"r1\"\nneed = \"n\"\nquery = \"q\"\nsplit = \"tune\"\nrelevant = { \"reuters:1\" = 2 }\n";
        assert_eq!(parse_needs(good).map(|needs| needs.len()), Ok(1));
        assert!(parse_needs(&good.replace("tune", "train")).is_err());
        assert!(parse_needs(&good.replace("{ \"reuters:1\" = 2 }", "{}")).is_err());
    }

    #[test]
    fn known_items_are_the_same_for_a_seed() {
        let article = |n: u32, title: &str, body: &str| Article {
            path: PathBuf::from("/r/reut2-000.sgm"),
            ordinal: n,
            external_id: Some(n.to_string()),
            title: Some(title.into()),
            body: body.into(),
            ..Article::default()
        };
        let articles: Vec<Article> = (0..50)
            .map(|n| {
                article(n, "Cocoa exports rise sharply Bahia", "Brazilian cocoa growers expect record harvests soon.")
            })
            .collect();
        let first = known_items(&articles, 10, 3);
        assert_eq!(first.len(), 10);
        assert_eq!(first, known_items(&articles, 10, 3));
        assert_ne!(first, known_items(&articles, 10, 4));
        for item in &first {
            assert!((3..=5).contains(&item.title_query.len()), "{item:?}");
            assert!(
                item.title_query.iter().all(|word| content_words("Cocoa exports rise sharply Bahia").contains(word))
            );
        }
    }
}
