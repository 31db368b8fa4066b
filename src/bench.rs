//! Latency over a query log: p50/p90/p99/p99.9, max, mean and queries per second, per query kind and
//! overall, with where the time went (parse, search, passages). Shared by `newsdex bench` and the
//! criterion benches in `benches/`; it runs [`Searcher::search`], the code path of `newsdex search`.
//!
//! Useful for: comparing builds and settings on one machine, finding slow queries.
//! Not useful for: cold-cache numbers (every query is warmed first) or comparing machines.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::search::{SearchRequest, Searcher, Timings};

/// How many of the slowest queries a report lists.
pub(crate) const SLOWEST_SHOWN: usize = 5;
/// How many error messages a report keeps (all failures are counted).
pub(crate) const ERRORS_SHOWN: usize = 5;
/// The group name of queries without a kind, in a log where other queries have one.
pub const UNLABELED_KIND: &str = "unlabeled";

// `run` shares one `Searcher` between threads; this fails to compile if it stops being `Sync`.
const _: fn() = || {
    fn assert_sync<T: Sync>() {}
    assert_sync::<Searcher>();
};

/// One query of a log: the text in the search syntax, and its kind (`term`, `phrase`, …) if the log
/// says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BenchQuery {
    /// The query, in the search syntax.
    pub text: String,
    /// The query's kind (`term`, `phrase`, …), when the log gives one.
    pub kind: Option<String>,
    /// The line of the file it is on, 1-based (0 for a query not read from a file).
    #[serde(skip)]
    pub line: usize,
}

/// How to run a benchmark.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BenchOptions {
    /// Timed passes over the whole log.
    pub runs: usize,
    /// Untimed passes before the timed ones (fill caches, fault in the index files).
    pub warmup: usize,
    /// Searches running at once, each thread taking the next query from a shared counter.
    pub threads: usize,
    /// Hits per search, as `newsdex search --limit`.
    pub limit: usize,
    /// Passages per hit, as `newsdex search --passages` (0: none, stored text not highlighted).
    pub passages: usize,
    /// One hit per story, as `newsdex search` does unless `--no-collapse`.
    pub collapse: bool,
    /// "Did you mean" for searches with few hits, as `newsdex search` does; off, such a search
    /// ends when its hits are read.
    pub suggest: bool,
}

impl Default for BenchOptions {
    /// The defaults of `newsdex bench`, which match those of `newsdex search`.
    fn default() -> Self {
        let search = SearchRequest::default();
        BenchOptions {
            runs: 3,
            warmup: 1,
            threads: 1,
            limit: search.limit,
            passages: search.passages,
            collapse: search.collapse,
            suggest: search.suggest,
        }
    }
}

/// What a benchmark was run with.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BenchConfig {
    /// Timed passes over the whole log.
    pub runs: usize,
    /// Untimed passes before the timed ones.
    pub warmup: usize,
    /// Searches running at once.
    pub threads: usize,
    /// Hits per search.
    pub limit: usize,
    /// Passages per hit.
    pub passages: usize,
    /// Whether hits were collapsed by story.
    pub collapse: bool,
    /// Whether searches with few hits looked for corrections ("did you mean").
    pub suggest: bool,
    /// The index searched.
    pub index: PathBuf,
    /// Articles in the index when the run started.
    pub articles: u64,
    /// Queries in the log.
    pub queries: usize,
}

/// Latency and hit figures for a group of queries (one kind, or the whole log). Times in microseconds.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct LatencyStats {
    /// Queries of the log in this group.
    pub queries: usize,
    /// Timed searches that succeeded (queries × runs, less failures).
    pub searches: usize,
    /// Queries that failed (to parse, or otherwise); they count in no latency figure.
    pub errors: usize,
    /// Median latency, µs.
    pub p50_us: f64,
    /// 90th percentile latency, µs.
    pub p90_us: f64,
    /// 99th percentile latency, µs.
    pub p99_us: f64,
    /// 99.9th percentile latency, µs.
    pub p999_us: f64,
    /// Slowest search, µs.
    pub max_us: f64,
    /// Mean latency, µs.
    pub mean_us: f64,
    /// Median CPU time of the searching thread, µs: the latency less the time spent waiting for a
    /// core, so it holds still on a machine busy with other work (0 where the platform does not
    /// tell a thread's CPU time).
    pub cpu_p50_us: f64,
    /// 99th percentile of the searching thread's CPU time, µs.
    pub cpu_p99_us: f64,
    /// Searches per second. For the whole log: searches over the wall-clock time of the timed passes.
    /// For a kind: searches over its summed latency, times the threads (its rate under the same load).
    pub qps: f64,
    /// Shares of [`Timings::total_us`] spent parsing, searching (top docs and count), building
    /// hits (reading stored articles and picking passages) and suggesting corrections; they add
    /// up to about 1.
    pub parse_share: f64,
    /// Share of [`Timings::total_us`] spent finding, counting and ranking hits.
    pub search_share: f64,
    /// Share of [`Timings::total_us`] spent building hits (stored articles and passages).
    pub passages_share: f64,
    /// Share of [`Timings::total_us`] spent looking for corrections of searches with few hits.
    pub suggest_share: f64,
    /// Sum of `total_hits` over the group's queries (each query counted once, not once per run).
    pub total_hits: u64,
    /// Queries that matched no article.
    pub zero_hit_queries: usize,
}

/// One of the slowest queries.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SlowQuery {
    /// The query, in the search syntax.
    pub query: String,
    /// The query's kind, when the log gives one.
    pub kind: Option<String>,
    /// Median over the timed runs (what the ranking uses, so one unlucky run does not rank a query).
    pub median_us: f64,
    /// Slowest of its timed runs, µs.
    pub max_us: f64,
    /// Articles the query matched.
    pub total_hits: usize,
}

/// A query that failed, with the error's message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QueryFailure {
    /// The query, in the search syntax.
    pub query: String,
    /// The query's kind, when the log gives one.
    pub kind: Option<String>,
    /// The error's message.
    pub message: String,
}

/// The outcome of [`run`]: plain data, printed by the CLI as a table or JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BenchReport {
    /// The options and index the benchmark ran with.
    pub config: BenchConfig,
    /// The whole log.
    pub all: LatencyStats,
    /// One entry per query kind (empty when the log gives no kinds).
    pub kinds: BTreeMap<String, LatencyStats>,
    /// The slowest queries by median latency, slowest first.
    pub slowest: Vec<SlowQuery>,
    /// The first few failures (`all.errors` counts them all).
    pub errors: Vec<QueryFailure>,
    /// Wall-clock time of the timed passes, in seconds.
    pub wall_seconds: f64,
}

/// Reads a query log: a `.jsonl`/`.ndjson` file of objects with a `q` (and optional `kind`) field, or
/// else plain text with one query a line, where blank lines and lines starting with `#` are skipped.
pub fn load_queries(path: &Path) -> Result<Vec<BenchQuery>> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::io("read the query file", path, source))?;
    let is_jsonl = path.extension().is_some_and(|extension| extension == "jsonl" || extension == "ndjson");
    if is_jsonl { queries_from_jsonl(&text, path) } else { Ok(queries_from_lines(&text)) }
}

/// Plain-text log: one query a line; blank lines and `#` comments are skipped.
pub(crate) fn queries_from_lines(text: &str) -> Vec<BenchQuery> {
    text.lines()
        .enumerate()
        .map(|(index, line)| (index + 1, line.trim()))
        .filter(|(_, line)| !line.is_empty() && !line.starts_with('#'))
        .map(|(number, line)| BenchQuery { text: line.to_string(), kind: None, line: number })
        .collect()
}

/// One line of a JSON-lines log; other fields (such as `id`) are ignored.
#[derive(Deserialize)]
struct JsonQuery {
    q: String,
    #[serde(default)]
    kind: Option<String>,
}

/// JSON-lines log: one object a line with `q` and optionally `kind`; blank lines are skipped.
/// `source` only names the file in errors.
pub(crate) fn queries_from_jsonl(text: &str, source: &Path) -> Result<Vec<BenchQuery>> {
    let mut queries = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let parsed: JsonQuery = serde_json::from_str(line).map_err(|error| Error::QueryLog {
            path: source.to_path_buf(),
            line: index + 1,
            reason: error.to_string(),
        })?;
        queries.push(BenchQuery { text: parsed.q, kind: parsed.kind, line: index + 1 });
    }
    Ok(queries)
}

/// The request `newsdex search` would build for this query with these options' limit and passages,
/// every other setting at the CLI's default.
pub fn request(query: &BenchQuery, options: &BenchOptions) -> SearchRequest {
    SearchRequest {
        query: query.text.clone(),
        limit: options.limit,
        passages: options.passages,
        collapse: options.collapse,
        suggest: options.suggest,
        ..SearchRequest::default()
    }
}

/// Each query's `total_hits`, or `None` where it failed: the answer benches check.
pub fn hit_counts(searcher: &Searcher, queries: &[BenchQuery], options: &BenchOptions) -> Vec<Option<usize>> {
    queries
        .iter()
        .map(|query| searcher.search(&request(query, options)).ok().map(|results| results.total_hits))
        .collect()
}

/// The nearest-rank percentile `p` (0–100) of ascending `sorted` values: the smallest value with at
/// least `p`% of the values at or below it. `None` when there are no values.
pub fn percentile(sorted: &[u64], p: f64) -> Option<u64> {
    debug_assert!(sorted.windows(2).all(|pair| pair[0] <= pair[1]), "values sorted ascending");
    if sorted.is_empty() {
        return None;
    }
    let count = sorted.len();
    // The epsilon keeps float noise (0.999 × 1000 = 999.0000001) from moving the rank up by one.
    let rank = (p.clamp(0.0, 100.0) / 100.0 * count as f64 - 1e-9).ceil() as usize;
    Some(sorted[rank.clamp(1, count) - 1])
}

/// One timed search.
struct Sample {
    query: usize,
    elapsed_ns: u64,
    /// CPU time of the searching thread, when the platform tells it.
    cpu_ns: Option<u64>,
    outcome: std::result::Result<(usize, Timings), String>,
}

/// Runs the log `options.warmup` times untimed, then `options.runs` times timed, with
/// `options.threads` searches at once. Failing queries are counted and reported, never fatal.
pub fn run(searcher: &Searcher, queries: &[BenchQuery], options: &BenchOptions) -> BenchReport {
    let requests: Vec<SearchRequest> = queries.iter().map(|query| request(query, options)).collect();
    let threads = options.threads.max(1);
    let config = BenchConfig {
        runs: options.runs,
        warmup: options.warmup,
        threads,
        limit: options.limit,
        passages: options.passages,
        collapse: options.collapse,
        suggest: options.suggest,
        index: searcher.index().dir.clone(),
        articles: searcher.index().reader.searcher().num_docs(),
        queries: queries.len(),
    };
    if options.warmup > 0 {
        run_passes(searcher, &requests, options.warmup, threads);
    }
    let (samples, wall) = run_passes(searcher, &requests, options.runs, threads);
    summarize(queries, &samples, wall, config)
}

/// Runs every request `passes` times on `threads` threads; returns the samples and the wall time.
fn run_passes(
    searcher: &Searcher,
    requests: &[SearchRequest],
    passes: usize,
    threads: usize,
) -> (Vec<Sample>, Duration) {
    let jobs = requests.len() * passes;
    let next_job = AtomicUsize::new(0);
    let worker = || {
        let mut samples = Vec::new();
        loop {
            let job = next_job.fetch_add(1, Ordering::Relaxed);
            if job >= jobs {
                return samples;
            }
            // Pass-major order: every query once before any query twice, as a replayed log would.
            let query = job % requests.len();
            let cpu_started = cpu_time::ThreadTime::try_now().ok();
            let started = Instant::now();
            let result = searcher.search(&requests[query]);
            let elapsed_ns = u64::try_from(started.elapsed().as_nanos()).unwrap_or(u64::MAX);
            let cpu_ns = cpu_started.map(|cpu| u64::try_from(cpu.elapsed().as_nanos()).unwrap_or(u64::MAX));
            let outcome =
                result.map(|results| (results.total_hits, results.timings)).map_err(|error| error.to_string());
            samples.push(Sample { query, elapsed_ns, cpu_ns, outcome });
        }
    };
    let started = Instant::now();
    let samples = if threads == 1 {
        worker()
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads).map(|_| scope.spawn(worker)).collect();
            let mut samples = Vec::with_capacity(jobs);
            for handle in handles {
                match handle.join() {
                    Ok(thread_samples) => samples.extend(thread_samples),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
            samples
        })
    };
    (samples, started.elapsed())
}

/// What the samples say about one query.
#[derive(Default)]
struct PerQuery {
    latencies_ns: Vec<u64>,
    total_hits: Option<usize>,
    error: Option<String>,
}

fn summarize(queries: &[BenchQuery], samples: &[Sample], wall: Duration, config: BenchConfig) -> BenchReport {
    let mut per_query: Vec<PerQuery> = queries.iter().map(|_| PerQuery::default()).collect();
    for sample in samples {
        let entry = &mut per_query[sample.query];
        match &sample.outcome {
            Ok((total_hits, _)) => {
                entry.latencies_ns.push(sample.elapsed_ns);
                entry.total_hits = Some(*total_hits);
            }
            Err(message) => {
                entry.error.get_or_insert_with(|| message.clone());
            }
        }
    }
    let threads = config.threads;
    let everything = |_: &BenchQuery| true;
    let mut all = group_stats(queries, samples, &per_query, everything, threads);
    let wall_seconds = wall.as_secs_f64();
    all.qps = if wall_seconds > 0.0 { rounded(all.searches as f64 / wall_seconds, 10.0) } else { 0.0 };

    let mut kinds = BTreeMap::new();
    if queries.iter().any(|query| query.kind.is_some()) {
        let kind_of = |query: &BenchQuery| query.kind.clone().unwrap_or_else(|| UNLABELED_KIND.to_string());
        for query in queries {
            let kind = kind_of(query);
            if kinds.contains_key(&kind) {
                continue;
            }
            let stats = group_stats(queries, samples, &per_query, |candidate| kind_of(candidate) == kind, threads);
            kinds.insert(kind, stats);
        }
    }

    let mut ranked: Vec<(usize, u64)> = per_query
        .iter()
        .enumerate()
        .filter(|(_, entry)| !entry.latencies_ns.is_empty())
        .map(|(index, entry)| {
            let mut latencies = entry.latencies_ns.clone();
            latencies.sort_unstable();
            (index, percentile(&latencies, 50.0).unwrap_or(0))
        })
        .collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let slowest = ranked
        .iter()
        .take(SLOWEST_SHOWN)
        .map(|&(index, median_ns)| SlowQuery {
            query: queries[index].text.clone(),
            kind: queries[index].kind.clone(),
            median_us: micros(median_ns),
            max_us: micros(per_query[index].latencies_ns.iter().copied().max().unwrap_or(0)),
            total_hits: per_query[index].total_hits.unwrap_or(0),
        })
        .collect();

    let errors = per_query
        .iter()
        .enumerate()
        .filter_map(|(index, entry)| {
            entry.error.as_ref().map(|message| QueryFailure {
                query: queries[index].text.clone(),
                kind: queries[index].kind.clone(),
                message: message.clone(),
            })
        })
        .take(ERRORS_SHOWN)
        .collect();

    BenchReport { config, all, kinds, slowest, errors, wall_seconds }
}

/// Statistics over the queries `in_group` selects.
fn group_stats(
    queries: &[BenchQuery],
    samples: &[Sample],
    per_query: &[PerQuery],
    in_group: impl Fn(&BenchQuery) -> bool,
    threads: usize,
) -> LatencyStats {
    let members: Vec<bool> = queries.iter().map(&in_group).collect();
    let mut latencies: Vec<u64> = Vec::new();
    let mut cpu: Vec<u64> = Vec::new();
    let (mut parse_us, mut search_us, mut passages_us, mut suggest_us, mut total_us) = (0u64, 0u64, 0u64, 0u64, 0u64);
    for sample in samples.iter().filter(|sample| members[sample.query]) {
        if let Ok((_, timings)) = &sample.outcome {
            latencies.push(sample.elapsed_ns);
            cpu.extend(sample.cpu_ns);
            parse_us += timings.parse_us;
            search_us += timings.search_us;
            passages_us += timings.passages_us;
            suggest_us += timings.suggest_us;
            total_us += timings.total_us;
        }
    }
    latencies.sort_unstable();
    cpu.sort_unstable();
    let member_queries = || per_query.iter().zip(&members).filter(|(_, member)| **member).map(|(entry, _)| entry);
    let summed_ns: u64 = latencies.iter().sum();
    let share = |part: u64| {
        if total_us > 0 { rounded(part as f64 / total_us as f64, 1000.0) } else { 0.0 }
    };
    let at = |p: f64| micros(percentile(&latencies, p).unwrap_or(0));
    LatencyStats {
        queries: members.iter().filter(|member| **member).count(),
        searches: latencies.len(),
        errors: member_queries().filter(|entry| entry.error.is_some()).count(),
        p50_us: at(50.0),
        p90_us: at(90.0),
        p99_us: at(99.0),
        p999_us: at(99.9),
        max_us: micros(latencies.last().copied().unwrap_or(0)),
        mean_us: if latencies.is_empty() { 0.0 } else { micros(summed_ns / latencies.len() as u64) },
        cpu_p50_us: micros(percentile(&cpu, 50.0).unwrap_or(0)),
        cpu_p99_us: micros(percentile(&cpu, 99.0).unwrap_or(0)),
        qps: if summed_ns > 0 {
            rounded(latencies.len() as f64 * threads as f64 / (summed_ns as f64 / 1e9), 10.0)
        } else {
            0.0
        },
        parse_share: share(parse_us),
        search_share: share(search_us),
        passages_share: share(passages_us),
        suggest_share: share(suggest_us),
        total_hits: member_queries().filter_map(|entry| entry.total_hits).map(|hits| hits as u64).sum(),
        zero_hit_queries: member_queries().filter(|entry| entry.total_hits == Some(0)).count(),
    }
}

/// Nanoseconds → microseconds, to 0.1 µs.
fn micros(nanos: u64) -> f64 {
    rounded(nanos as f64 / 1000.0, 10.0)
}

/// `value` to `1 / per_unit` (10.0: one decimal), so reports carry no float noise.
fn rounded(value: f64, per_unit: f64) -> f64 {
    (value * per_unit).round() / per_unit
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentile_nearest_rank_on_known_values() {
        // The textbook example: 15, 20, 35, 40, 50.
        let values = [15, 20, 35, 40, 50];
        assert_eq!(percentile(&values, 5.0), Some(15));
        assert_eq!(percentile(&values, 30.0), Some(20));
        assert_eq!(percentile(&values, 40.0), Some(20));
        assert_eq!(percentile(&values, 50.0), Some(35));
        assert_eq!(percentile(&values, 100.0), Some(50));
        assert_eq!(percentile(&values, 0.0), Some(15));
    }

    #[test]
    fn percentile_of_one_to_a_thousand() {
        let values: Vec<u64> = (1..=1000).collect();
        assert_eq!(percentile(&values, 50.0), Some(500));
        assert_eq!(percentile(&values, 90.0), Some(900));
        assert_eq!(percentile(&values, 99.0), Some(990));
        assert_eq!(percentile(&values, 99.9), Some(999));
        assert_eq!(percentile(&values, 100.0), Some(1000));
    }

    #[test]
    fn percentile_of_small_and_empty_inputs() {
        assert_eq!(percentile(&[], 50.0), None);
        assert_eq!(percentile(&[7], 99.9), Some(7));
        assert_eq!(percentile(&[1, 2], 50.0), Some(1));
        assert_eq!(percentile(&[1, 2], 50.1), Some(2));
    }

    #[test]
    fn text_log_skips_comments_and_blank_lines() {
        let queries = queries_from_lines("# a comment\n\nmoney supply\n  \"coupon bond\"  \n#another\nplace:usa oil\n");
        let texts: Vec<&str> = queries.iter().map(|query| query.text.as_str()).collect();
        assert_eq!(texts, ["money supply", "\"coupon bond\"", "place:usa oil"]);
        assert!(queries.iter().all(|query| query.kind.is_none()));
        let lines: Vec<usize> = queries.iter().map(|query| query.line).collect();
        assert_eq!(lines, [3, 4, 6], "the lines of the file they are on");
    }

    #[test]
    fn jsonl_log_reads_text_and_kind() {
        let text = "{\"id\": 1, \"kind\": \"term\", \"q\": \"aapl\"}\n\n{\"id\": 2, \"q\": \"+deal +signs\"}\n";
        let queries = queries_from_jsonl(text, Path::new("log.jsonl")).expect("valid log");
        assert_eq!(
            queries,
            [
                BenchQuery { text: "aapl".into(), kind: Some("term".into()), line: 1 },
                BenchQuery { text: "+deal +signs".into(), kind: None, line: 3 },
            ]
        );
    }

    #[test]
    fn bad_jsonl_line_is_an_error_naming_the_line() {
        let text = "{\"kind\": \"term\", \"q\": \"aapl\"}\n{\"kind\": \"term\", \"query\": \"oil\"}\n";
        let error = queries_from_jsonl(text, Path::new("log.jsonl")).expect_err("second line has no q");
        assert!(matches!(error, Error::QueryLog { line: 2, .. }), "{error:?}");
        assert!(error.to_string().starts_with("log.jsonl:2: "), "{error}");
    }

    #[test]
    fn load_queries_picks_the_format_by_extension() {
        let dir = tempfile::tempdir().expect("temp dir");
        let jsonl = dir.path().join("log.jsonl");
        std::fs::write(&jsonl, "{\"kind\": \"phrase\", \"q\": \"\\\"coupon bond\\\"\"}\n").expect("write");
        let text = dir.path().join("log.txt");
        std::fs::write(&text, "# header\n\"coupon bond\"\n").expect("write");
        let from_jsonl = load_queries(&jsonl).expect("jsonl");
        let from_text = load_queries(&text).expect("txt");
        assert_eq!(from_jsonl[0].text, from_text[0].text);
        assert_eq!(from_jsonl[0].kind.as_deref(), Some("phrase"));
        assert_eq!(from_text[0].kind, None);
    }

    #[test]
    fn missing_query_file_names_its_path() {
        let error = load_queries(Path::new("/no/such/queries.txt")).expect_err("missing");
        assert!(error.to_string().contains("/no/such/queries.txt"), "{error}");
    }

    #[test]
    fn summary_counts_errors_hits_and_ranks_the_slowest() {
        let queries = vec![
            BenchQuery { text: "oil".into(), kind: Some("term".into()), line: 0 },
            BenchQuery { text: "gold".into(), kind: Some("term".into()), line: 0 },
            BenchQuery { text: "bad:(".into(), kind: Some("filtered".into()), line: 0 },
        ];
        let timings = Timings { parse_us: 1, search_us: 2, passages_us: 1, suggest_us: 0, total_us: 4 };
        // No hits to read: the time goes to suggestions instead.
        let suggesting = Timings { passages_us: 0, suggest_us: 1, ..timings };
        let samples = vec![
            Sample { query: 0, elapsed_ns: 4_000, cpu_ns: Some(4_000 / 2), outcome: Ok((12, timings)) },
            Sample { query: 1, elapsed_ns: 9_000, cpu_ns: Some(9_000 / 2), outcome: Ok((0, suggesting)) },
            Sample {
                query: 2,
                elapsed_ns: 1_000,
                cpu_ns: Some(1_000 / 2),
                outcome: Err("syntax error at column 5: boom".into()),
            },
            Sample { query: 0, elapsed_ns: 6_000, cpu_ns: Some(6_000 / 2), outcome: Ok((12, timings)) },
            Sample { query: 1, elapsed_ns: 8_000, cpu_ns: Some(8_000 / 2), outcome: Ok((0, suggesting)) },
            Sample {
                query: 2,
                elapsed_ns: 1_000,
                cpu_ns: Some(1_000 / 2),
                outcome: Err("syntax error at column 5: boom".into()),
            },
        ];
        let config = BenchConfig {
            runs: 2,
            warmup: 0,
            threads: 1,
            limit: 10,
            passages: 3,
            collapse: true,
            suggest: true,
            index: PathBuf::from("index"),
            articles: 3,
            queries: 3,
        };
        let report = summarize(&queries, &samples, Duration::from_micros(29), config);
        assert_eq!(report.all.queries, 3);
        assert_eq!(report.all.searches, 4);
        assert_eq!(report.all.errors, 1);
        assert_eq!(report.all.total_hits, 12);
        assert_eq!(report.all.zero_hit_queries, 1);
        assert_eq!((report.all.p50_us, report.all.max_us, report.all.mean_us), (6.0, 9.0, 6.8));
        assert_eq!(report.all.search_share, 0.5);
        assert_eq!((report.all.passages_share, report.all.suggest_share), (0.125, 0.125));
        // CPU time of successful searches only: 2, 2.5, 3, 4.5 µs.
        assert_eq!((report.all.cpu_p50_us, report.all.cpu_p99_us), (3.0, 4.5));
        assert_eq!(report.kinds["term"].errors, 0);
        assert_eq!(report.kinds["filtered"].errors, 1);
        assert_eq!(report.kinds["filtered"].searches, 0);
        assert_eq!(report.slowest.iter().map(|slow| slow.query.as_str()).collect::<Vec<_>>(), ["gold", "oil"]);
        assert_eq!(report.slowest[0].median_us, 8.0);
        assert_eq!(report.errors.len(), 1);
        assert_eq!(report.errors[0].query, "bad:(");
    }
}
