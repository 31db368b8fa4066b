//! newsdex beside its peers, in one process, on the same articles and queries: raw tantivy (minimal
//! schema, same English analyzer) and SQLite FTS5 (porter unicode61, bm25).
//!
//! Articles: Reuters-21578 (`../shared/corpora/reuters21578`) read with newsdex's own reader, title +
//! body. Queries: the 1000 of `../shared/queries/reuters-queries.jsonl`. Each engine indexes the
//! articles (timed), then runs every query once to warm up and [`RUNS`] (ten) times timed,
//! single-threaded, the engines taking turns pass by pass; the table gives p50 and p99 per query
//! kind and the ratios newsdex / peer, and a line gives the ratio of the p99 over queries of each
//! query's median, which a slow spell of the machine does not move.
//!
//! Run: `cargo bench -p newsdex-benches --bench peers`. Prints a message and exits 0 when `../shared`
//! is absent.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use newsdex::article::Article;
use newsdex::bench::{BenchQuery, load_queries, percentile};
use newsdex::index::schema;
use newsdex::ingest::{self, IndexOptions};
use newsdex::search::{SearchRequest, Searcher};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::QueryParser;
use tantivy::schema::{IndexRecordOption, Schema, TantivyDocument, TextFieldIndexing, TextOptions, Value};

/// Query kinds in the order of the shared log.
const KINDS: [&str; 6] = ["term", "intersection", "union", "phrase", "name", "filtered"];
/// Timed runs over the whole log, after one warm-up run: ten give each kind 2,000 samples, so that
/// its p99 is the 20th slowest. With five (p99 the 10th slowest), a few samples that met a noisy
/// moment of the machine moved a p99 ratio by up to 0.3 from one run to the next.
const RUNS: usize = 10;
/// Hits shown per query, as a search page does.
const LIMIT: usize = 10;
/// Memory for each engine's indexing, where it has a knob.
const WRITER_MEMORY: usize = 256 << 20;
/// Queries whose counts NOTES.md gives (stemmed): `+deal +signs` 119, `"coupon bond"` 20.
const KNOWN_COUNTS: [(&str, usize); 2] = [("+deal +signs", 119), ("\"coupon bond\"", 20)];

/// Runs one query on one engine and returns its total hit count.
type QueryRunner<'a> = Box<dyn Fn(&str) -> Result<usize> + 'a>;

fn main() -> Result<()> {
    check_translations();
    // This crate is the project's `benches/`: `../shared` beside the project is two levels up.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared");
    let corpus = root.join("corpora/reuters21578");
    let queries_path = root.join("queries/reuters-queries.jsonl");
    if !corpus.is_dir() || !queries_path.is_file() {
        println!("peers: {} or {} is absent; nothing to compare", corpus.display(), queries_path.display());
        return Ok(());
    }
    let queries = load_queries(&queries_path)?;
    if queries.iter().any(|query| query.kind.is_none()) {
        anyhow::bail!("{}: every query needs a `kind` for the per-kind table", queries_path.display());
    }
    let read_started = Instant::now();
    let articles = read_corpus(&corpus)?;
    let read_time = read_started.elapsed();
    if articles.is_empty() {
        println!("peers: newsdex read no article from {}; nothing to compare", corpus.display());
        return Ok(());
    }
    println!(
        "{} articles ({} read by newsdex's reader in {:.2} s, not counted for the peers), {} queries, {RUNS} timed runs after 1 warm-up, one thread\n",
        articles.len(),
        corpus.display(),
        read_time.as_secs_f64(),
        queries.len()
    );
    let temp = tempfile::tempdir().context("cannot create a temporary folder")?;

    let newsdex = Newsdex::build(&corpus, &temp.path().join("newsdex"))?;
    let tantivy = RawTantivy::build(&articles, &temp.path().join("tantivy"))?;
    let fts5 = Fts5::build(&articles, &temp.path().join("fts5.sqlite"))?;
    drop(articles);

    let engines: Vec<(&str, QueryRunner<'_>)> = vec![
        ("newsdex search alone", Box::new(|q: &str| newsdex.search(q, 0))),
        ("newsdex + 3 passages", Box::new(|q: &str| newsdex.search(q, 3))),
        ("raw tantivy", Box::new(|q: &str| tantivy.search(&strip_filters(q), false))),
        ("raw tantivy + 10 docs", Box::new(|q: &str| tantivy.search(&strip_filters(q), true))),
        ("FTS5", Box::new(|q: &str| fts5.search(&to_fts5(q), false))),
        ("FTS5 + snippets", Box::new(|q: &str| fts5.search(&to_fts5(q), true))),
    ];
    let measured = measure(&engines, &queries);

    let index_times = [
        ("newsdex (read + extract + write + commit)", newsdex.index_time, newsdex.articles),
        ("raw tantivy (write + commit)", tantivy.index_time, tantivy.articles),
        ("FTS5 (insert + commit)", fts5.index_time, fts5.articles),
    ];
    print_indexing(&index_times, read_time);
    print_latency(&measured);
    print_ratios(&measured, &index_times);
    print_counts(&queries, &measured);
    Ok(())
}

/// Every article under `dir`, read with newsdex's readers, files in name order.
fn read_corpus(dir: &Path) -> Result<Vec<Article>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot list {}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| newsdex::read::format_of(path).is_some())
        .collect();
    paths.sort();
    let mut articles = Vec::new();
    for path in &paths {
        let file_read = newsdex::read::read_path(path)
            .map_err(|skipped| anyhow::anyhow!("{}: {}", skipped.path.display(), skipped.reason))?;
        articles.extend(file_read.articles);
    }
    Ok(articles)
}

struct Newsdex {
    searcher: Searcher,
    index_time: Duration,
    articles: usize,
}

impl Newsdex {
    fn build(corpus: &Path, dir: &Path) -> Result<Self> {
        let options = IndexOptions {
            roots: vec![corpus.to_path_buf()],
            index_dir: dir.to_path_buf(),
            rebuild: true,
            threads: 1,
            memory_budget: WRITER_MEMORY,
            reference_date: None,
            taxonomy: None,
            entities: None,
            story_window_days: newsdex::stories::DEFAULT_WINDOW_DAYS,
        };
        let started = Instant::now();
        let summary = ingest::run(&options, |_| {})?;
        let index_time = started.elapsed();
        let searcher = Searcher::new(newsdex::index::reader::open(dir)?);
        Ok(Newsdex { searcher, index_time, articles: summary.articles_indexed })
    }

    fn search(&self, query: &str, passages: usize) -> Result<usize> {
        let request = SearchRequest { query: query.to_string(), passages, limit: LIMIT, ..SearchRequest::default() };
        let results = self.searcher.search(&request)?;
        debug_assert!(passages == 0 || results.hits.iter().all(|hit| hit.passages.len() <= passages));
        Ok(results.total_hits)
    }
}

/// tantivy with the least a search engine needs: title and body, newsdex's English analyzer.
struct RawTantivy {
    reader: tantivy::IndexReader,
    parser: QueryParser,
    index_time: Duration,
    articles: usize,
}

impl RawTantivy {
    fn build(articles: &[Article], dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(dir)?;
        let mut builder = Schema::builder();
        let text = TextOptions::default().set_stored().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(schema::TEXT_ANALYZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        let title = builder.add_text_field("title", text.clone());
        let body = builder.add_text_field("body", text);
        let index = tantivy::Index::create_in_dir(dir, builder.build())?;
        index.tokenizers().register(schema::TEXT_ANALYZER, schema::text_analyzer());
        let started = Instant::now();
        let mut writer: tantivy::IndexWriter = index.writer_with_num_threads(1, WRITER_MEMORY)?;
        for article in articles {
            let mut document = TantivyDocument::default();
            document.add_text(title, article.title.as_deref().unwrap_or_default());
            document.add_text(body, &article.body);
            writer.add_document(document)?;
        }
        writer.commit()?;
        writer.wait_merging_threads()?;
        let index_time = started.elapsed();
        let reader = index.reader()?;
        let mut parser = QueryParser::for_index(&index, vec![title, body]);
        parser.set_conjunction_by_default();
        Ok(RawTantivy { reader, parser, index_time, articles: articles.len() })
    }

    fn search(&self, query: &str, fetch: bool) -> Result<usize> {
        let parsed = self.parser.parse_query(query)?;
        let searcher = self.reader.searcher();
        let (count, top) = searcher.search(&parsed, &(Count, TopDocs::with_limit(LIMIT).order_by_score()))?;
        if fetch {
            for (_, address) in top {
                let document: TantivyDocument = searcher.doc(address)?;
                debug_assert!(document.field_values().next().is_some_and(|(_, value)| value.as_str().is_some()));
            }
        }
        Ok(count)
    }
}

/// SQLite FTS5 with the porter stemmer, ranked by bm25.
struct Fts5 {
    connection: rusqlite::Connection,
    index_time: Duration,
    articles: usize,
}

impl Fts5 {
    fn build(articles: &[Article], path: &Path) -> Result<Self> {
        let mut connection = rusqlite::Connection::open(path)?;
        let started = Instant::now();
        connection.execute_batch("CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize='porter unicode61')")?;
        let transaction = connection.transaction()?;
        {
            let mut insert = transaction.prepare("INSERT INTO docs(title, body) VALUES (?1, ?2)")?;
            for article in articles {
                insert.execute((article.title.as_deref().unwrap_or_default(), &article.body))?;
            }
        }
        transaction.commit()?;
        let index_time = started.elapsed();
        Ok(Fts5 { connection, index_time, articles: articles.len() })
    }

    fn search(&self, expression: &str, snippets: bool) -> Result<usize> {
        let top_sql = if snippets {
            "SELECT rowid, bm25(docs), snippet(docs, 1, '[', ']', '…', 30) FROM docs WHERE docs MATCH ?1 ORDER BY bm25(docs) LIMIT 10"
        } else {
            "SELECT rowid, bm25(docs) FROM docs WHERE docs MATCH ?1 ORDER BY bm25(docs) LIMIT 10"
        };
        let mut top = self.connection.prepare_cached(top_sql)?;
        let mut rows = top.query([expression])?;
        while let Some(row) = rows.next()? {
            let _rowid: i64 = row.get(0)?;
            if snippets {
                let _snippet: String = row.get(2)?;
            }
        }
        let mut count = self.connection.prepare_cached("SELECT count(*) FROM docs WHERE docs MATCH ?1")?;
        let total: i64 = count.query_row([expression], |row| row.get(0))?;
        Ok(usize::try_from(total).unwrap_or(0))
    }
}

/// A newsdex query without its filter clauses (`topic:earn`, `date:[A TO B]`), for engines that have
/// no tags or dates.
fn strip_filters(query: &str) -> String {
    clauses(query)
        .into_iter()
        .filter(|clause| !clause.is_filter())
        .map(|clause| clause.text)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A newsdex query as an FTS5 expression: every term quoted (so `and`, `or`, `not`, `near` are
/// words), `+a +b` and plain words joined by AND, `OR` kept, `-a` as NOT, filters dropped.
fn to_fts5(query: &str) -> String {
    let mut expression = String::new();
    let mut pending_or = false;
    for clause in clauses(query).into_iter().filter(|clause| !clause.is_filter()) {
        if clause.text == "OR" {
            pending_or = true;
            continue;
        }
        let excluded = clause.text.starts_with('-');
        let words = clause.text.trim_start_matches(['+', '-']).trim_matches('"');
        let quoted = format!("\"{}\"", words.replace('"', "\"\""));
        if !expression.is_empty() {
            expression.push_str(match (pending_or, excluded) {
                (_, true) => " NOT ",
                (true, false) => " OR ",
                (false, false) => " AND ",
            });
        }
        expression.push_str(&quoted);
        pending_or = false;
    }
    expression
}

/// One whitespace-separated clause of a query, quoted phrases and `[A TO B]` ranges kept whole.
struct Clause {
    text: String,
}

impl Clause {
    fn is_filter(&self) -> bool {
        let head = self.text.trim_start_matches(['+', '-']);
        head.find(':').is_some_and(|colon| !head[..colon].contains('"') && !matches!(&head[..colon], "title" | "body"))
    }
}

fn clauses(query: &str) -> Vec<Clause> {
    let mut clauses = Vec::new();
    let mut current = String::new();
    let mut in_quotes = false;
    let mut in_range = false;
    for character in query.chars() {
        match character {
            '"' => in_quotes = !in_quotes,
            '[' | '{' => in_range = true,
            ']' | '}' => in_range = false,
            _ => {}
        }
        if character.is_whitespace() && !in_quotes && !in_range {
            if !current.is_empty() {
                clauses.push(Clause { text: std::mem::take(&mut current) });
            }
        } else {
            current.push(character);
        }
    }
    if !current.is_empty() {
        clauses.push(Clause { text: current });
    }
    clauses
}

/// One engine's latencies and hit counts over the log.
struct Measured {
    name: String,
    /// Samples per kind in nanoseconds, sorted.
    latencies: BTreeMap<String, Vec<u64>>,
    /// Each query's median over the timed passes, per kind, sorted (nanoseconds).
    medians: BTreeMap<String, Vec<u64>>,
    /// Hit count per query (from the warm-up pass), `None` on error.
    counts: Vec<Option<usize>>,
    errors: Vec<String>,
}

impl Measured {
    /// The p99 over queries of each query's median: a slow spell of the machine moves one sample
    /// of a query, not its median.
    fn p99_of_medians(&self, kind: &str) -> Duration {
        let nanos = self.medians.get(kind).and_then(|medians| percentile(medians, 99.0));
        Duration::from_nanos(nanos.unwrap_or(0))
    }

    fn p(&self, kind: &str, fraction: f64) -> Duration {
        let nanos = self.latencies.get(kind).and_then(|samples| percentile(samples, fraction * 100.0));
        Duration::from_nanos(nanos.unwrap_or(0))
    }
}

/// Runs the log on every engine: one warm-up pass, then `RUNS` timed passes, each pass going
/// through the engines in turn, so that a slow spell of the machine falls on all of them rather
/// than on whichever engine was running (engine by engine, one noisy second moved a ratio by 0.4).
fn measure(engines: &[(&str, QueryRunner<'_>)], queries: &[BenchQuery]) -> Vec<Measured> {
    let mut measured: Vec<Measured> = engines
        .iter()
        .map(|(name, _)| Measured {
            name: name.to_string(),
            latencies: BTreeMap::new(),
            medians: BTreeMap::new(),
            counts: vec![None; queries.len()],
            errors: Vec::new(),
        })
        .collect();
    // Per engine, per query: its timed samples.
    let mut per_query = vec![vec![Vec::with_capacity(RUNS); queries.len()]; engines.len()];
    for run in 0..=RUNS {
        for (((name, search), measured), per_query) in engines.iter().zip(&mut measured).zip(&mut per_query) {
            let started = Instant::now();
            for (position, query) in queries.iter().enumerate() {
                let started = Instant::now();
                let outcome = search(&query.text);
                let elapsed = started.elapsed();
                if run == 0 {
                    match outcome {
                        Ok(count) => measured.counts[position] = Some(count),
                        Err(error) => measured.errors.push(format!("{}: {error:#}", query.text)),
                    }
                    continue;
                }
                let kind = query.kind.clone().unwrap_or_default();
                let nanos = u64::try_from(elapsed.as_nanos()).unwrap_or(u64::MAX);
                measured.latencies.entry(kind).or_default().push(nanos);
                per_query[position].push(nanos);
            }
            let pass = if run == 0 { "warm-up".to_string() } else { format!("run {run}") };
            eprintln!("{pass}, {name}: {:.1} s", started.elapsed().as_secs_f64());
        }
    }
    for (measured, per_query) in measured.iter_mut().zip(per_query) {
        measured.latencies.values_mut().for_each(|samples| samples.sort_unstable());
        for (query, mut samples) in queries.iter().zip(per_query) {
            samples.sort_unstable();
            let median = samples.get(samples.len() / 2).copied().unwrap_or(0);
            measured.medians.entry(query.kind.clone().unwrap_or_default()).or_default().push(median);
        }
        measured.medians.values_mut().for_each(|medians| medians.sort_unstable());
    }
    measured
}

fn micros(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e6
}

fn print_indexing(times: &[(&str, Duration, usize)], read_time: Duration) {
    println!("## Indexing (one thread)\n");
    println!("| engine | articles | seconds | articles/s |");
    println!("|---|---:|---:|---:|");
    for (name, time, articles) in times {
        let seconds = time.as_secs_f64();
        println!("| {name} | {articles} | {seconds:.2} | {:.0} |", *articles as f64 / seconds.max(1e-9));
    }
    println!(
        "(reading the SGML alone took {:.2} s of newsdex's time; the peers were given read articles)\n",
        read_time.as_secs_f64()
    );
}

fn print_latency(measured: &[Measured]) {
    println!("## Latency per query, µs (p50 / p99), top {LIMIT} + exact count\n");
    let header: Vec<&str> = measured.iter().map(|engine| engine.name.as_str()).collect();
    println!("| kind | {} |", header.join(" | "));
    println!("|---|{}|", vec!["---:"; header.len()].join("|"));
    for kind in KINDS {
        let cells: Vec<String> = measured
            .iter()
            .map(|engine| format!("{:.0} / {:.0}", micros(engine.p(kind, 0.5)), micros(engine.p(kind, 0.99))))
            .collect();
        println!("| {kind} | {} |", cells.join(" | "));
    }
    println!("\n`filtered`: raw tantivy and FTS5 run the text part only (no tags or dates), newsdex the whole query.");
    for engine in measured.iter().filter(|engine| !engine.errors.is_empty()) {
        println!("{}: {} queries failed, e.g. {}", engine.name, engine.errors.len(), engine.errors[0]);
    }
    println!();
}

fn print_ratios(measured: &[Measured], times: &[(&str, Duration, usize)]) {
    let by_name = |name: &str| measured.iter().find(|engine| engine.name == name);
    let ratio = |a: Duration, b: Duration| {
        if b.is_zero() { f64::NAN } else { a.as_secs_f64() / b.as_secs_f64() }
    };
    println!("## Ratios (newsdex / peer; below 1 means newsdex is faster)\n");
    println!(
        "indexing time: newsdex / raw tantivy {:.2}, newsdex / FTS5 {:.2}\n",
        ratio(times[0].1, times[1].1),
        ratio(times[0].1, times[2].1)
    );
    let pairs = [
        ("search alone / raw tantivy", "newsdex search alone", "raw tantivy"),
        ("search alone / raw tantivy + 10 docs", "newsdex search alone", "raw tantivy + 10 docs"),
        ("3 passages / FTS5 + snippets", "newsdex + 3 passages", "FTS5 + snippets"),
    ];
    println!(
        "| kind | {} |",
        pairs.iter().map(|(label, _, _)| format!("{label} p50 | p99")).collect::<Vec<_>>().join(" | ")
    );
    println!("|---|{}|", vec!["---:"; pairs.len() * 2].join("|"));
    for kind in KINDS {
        let mut cells = Vec::new();
        for (_, ours, theirs) in pairs {
            let (Some(ours), Some(theirs)) = (by_name(ours), by_name(theirs)) else {
                continue;
            };
            cells.push(format!("{:.2}", ratio(ours.p(kind, 0.5), theirs.p(kind, 0.5))));
            cells.push(format!("{:.2}", ratio(ours.p(kind, 0.99), theirs.p(kind, 0.99))));
        }
        println!("| {kind} | {} |", cells.join(" | "));
    }
    println!();
    if let (Some(ours), Some(theirs)) = (by_name("newsdex search alone"), by_name("raw tantivy")) {
        println!("search alone / raw tantivy, p99 over queries of each query's median of {RUNS} passes:");
        let cells: Vec<String> = KINDS
            .iter()
            .map(|kind| format!("{kind} {:.2}", ratio(ours.p99_of_medians(kind), theirs.p99_of_medians(kind))))
            .collect();
        println!("{}\n", cells.join(", "));
    }
}

fn print_counts(queries: &[BenchQuery], measured: &[Measured]) {
    // One column per engine family: the passages variants count the same hits.
    let columns: Vec<&Measured> = measured
        .iter()
        .filter(|engine| matches!(engine.name.as_str(), "newsdex search alone" | "raw tantivy" | "FTS5"))
        .collect();
    println!("## Hit counts (first 3 queries of each kind, then NOTES.md's checks)\n");
    println!(
        "| kind | query | {} | FTS5 expression |",
        columns.iter().map(|engine| engine.name.as_str()).collect::<Vec<_>>().join(" | ")
    );
    println!("|---|---|{}---|", "---:|".repeat(columns.len()));
    let show = |count: Option<usize>| count.map(|count| count.to_string()).unwrap_or_else(|| "error".into());
    for kind in KINDS {
        for (position, query) in
            queries.iter().enumerate().filter(|(_, query)| query.kind.as_deref() == Some(kind)).take(3)
        {
            let cells: Vec<String> = columns.iter().map(|engine| show(engine.counts[position])).collect();
            println!("| {kind} | `{}` | {} | `{}` |", query.text, cells.join(" | "), to_fts5(&query.text));
        }
    }
    for (text, expected) in KNOWN_COUNTS {
        let position = queries.iter().position(|query| query.text == text);
        let cells: Vec<String> =
            columns.iter().map(|engine| position.map_or("-".into(), |at| show(engine.counts[at]))).collect();
        println!("| check ({expected} expected) | `{text}` | {} | `{}` |", cells.join(" | "), to_fts5(text));
    }
    println!();
    for (first, second) in [(0, 1), (1, 2)] {
        let (Some(a), Some(b)) = (columns.get(first), columns.get(second)) else {
            continue;
        };
        let compared: Vec<usize> =
            (0..queries.len()).filter(|&at| queries[at].kind.as_deref() != Some("filtered")).collect();
        let differ = compared.iter().filter(|&&at| a.counts[at] != b.counts[at]).count();
        println!("{} vs {}: hit counts differ on {differ} of {} unfiltered queries", a.name, b.name, compared.len());
    }
}

/// The translations the table relies on; checked before anything is timed.
fn check_translations() {
    assert_eq!(to_fts5("+deal +signs"), "\"deal\" AND \"signs\"");
    assert_eq!(to_fts5("losses OR winter"), "\"losses\" OR \"winter\"");
    assert_eq!(to_fts5("\"coupon bond\""), "\"coupon bond\"");
    assert_eq!(to_fts5("toll date:[1987-03-13 TO 1987-03-20]"), "\"toll\"");
    assert_eq!(to_fts5("and not near"), "\"and\" AND \"not\" AND \"near\"");
    assert_eq!(to_fts5("a -b"), "\"a\" NOT \"b\"");
    assert_eq!(strip_filters("mfs person:reagan"), "mfs");
    assert_eq!(strip_filters("x place:\"west germany\""), "x");
    assert_eq!(strip_filters("\"coupon bond\""), "\"coupon bond\"");
}
