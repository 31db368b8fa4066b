//! `newsdex bench --queries FILE`: args → `BenchOptions` → `bench::run` → aligned table or JSON.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use clap::builder::RangedU64ValueParser;

use newsdex::bench::{self, BenchOptions, BenchReport, LatencyStats};
use newsdex::index::reader;
use newsdex::search::Searcher;

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Query log: one query a line (`#` comments), or .jsonl with `q` and `kind` fields
    #[arg(long)]
    pub queries: PathBuf,
    /// Index folder
    #[arg(long, default_value = "index")]
    pub index: PathBuf,
    /// Timed passes over the log
    #[arg(long, default_value_t = 3, value_parser = RangedU64ValueParser::<usize>::new().range(1..))]
    pub runs: usize,
    /// Untimed passes first
    #[arg(long, default_value_t = 1)]
    pub warmup: usize,
    /// Searches at once (each thread takes the next query)
    #[arg(long, default_value_t = 1, value_parser = RangedU64ValueParser::<usize>::new().range(1..))]
    pub threads: usize,
    /// Hits per search
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// Build no passages (as `newsdex search --passages 0`)
    #[arg(long)]
    pub no_passages: bool,
    /// List every matching article, as `newsdex search --no-collapse` (default: one hit per story)
    #[arg(long)]
    pub no_collapse: bool,
    /// No "did you mean" for searches with few hits (to see what suggestions cost)
    #[arg(long)]
    pub no_suggest: bool,
    /// Print one JSON object (latencies in microseconds)
    #[arg(long)]
    pub json: bool,
}

impl From<&BenchArgs> for BenchOptions {
    fn from(args: &BenchArgs) -> Self {
        let defaults = BenchOptions::default();
        BenchOptions {
            runs: args.runs,
            warmup: args.warmup,
            threads: args.threads,
            limit: args.limit,
            passages: if args.no_passages { 0 } else { defaults.passages },
            collapse: !args.no_collapse,
            suggest: !args.no_suggest,
        }
    }
}

pub fn run(args: &BenchArgs) -> anyhow::Result<()> {
    if !args.queries.exists() {
        return Err(super::usage(format!(
            "the query log {} does not exist; give a file of one query a line (.txt) or one JSON object a line (.jsonl)",
            args.queries.display()
        )));
    }
    let queries = bench::load_queries(&args.queries).context("cannot load the benchmark queries")?;
    if queries.is_empty() {
        return Err(super::usage(format!("{} holds no queries; write one query a line", args.queries.display())));
    }
    let index = reader::open(&args.index)?;
    let searcher = Searcher::new(index);
    let report = bench::run(&searcher, &queries, &BenchOptions::from(args));
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
    } else {
        write_table(&mut out, &report)?;
    }
    out.flush()?;
    if report.all.errors == report.all.queries {
        let first = report.errors.first().map(|failure| failure.message.as_str()).unwrap_or("unknown error");
        // The log's queries are at fault (an index that cannot be searched fails at `open`).
        return Err(super::usage(format!("every query failed; the first error: {first}")));
    }
    Ok(())
}

/// The readable report: configuration, one row per kind and `all`, the slowest queries, the errors.
pub fn write_table(out: &mut impl Write, report: &BenchReport) -> std::io::Result<()> {
    let config = &report.config;
    let passages =
        if config.passages == 0 { "no passages".to_string() } else { format!("{} passages", config.passages) };
    writeln!(
        out,
        "{} queries × {} runs (warmup {}), {} thread{}, limit {}, {}, {}, {}; index {} ({} articles); {:.2} s",
        config.queries,
        config.runs,
        config.warmup,
        config.threads,
        if config.threads == 1 { "" } else { "s" },
        config.limit,
        passages,
        if config.collapse { "collapsed by story" } else { "not collapsed" },
        if config.suggest { "suggestions" } else { "no suggestions" },
        config.index.display(),
        config.articles,
        report.wall_seconds,
    )?;
    writeln!(out)?;
    let kind_width = report.kinds.keys().map(String::len).chain([4]).max().unwrap_or(4);
    writeln!(
        out,
        "{:<kind_width$} {:>7} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>8}  {:>5} {:>6} {:>9} {:>7} {:>9} {:>5} {:>6}",
        "kind",
        "queries",
        "p50 µs",
        "p90 µs",
        "p99 µs",
        "p99.9 µs",
        "max µs",
        "mean µs",
        "qps",
        "parse",
        "search",
        "fetch+psg",
        "suggest",
        "hits",
        "zero",
        "errors",
    )?;
    for (kind, stats) in &report.kinds {
        write_row(out, kind, stats, kind_width)?;
    }
    write_row(out, "all", &report.all, kind_width)?;
    writeln!(
        out,
        "(parse, search, fetch+psg, suggest: shares of the time parsing, finding and counting hits, reading \
         the shown hits and building their passages, looking for corrections of searches with fewer than {} \
         hits)",
        newsdex::search::suggest::SUGGEST_BELOW
    )?;
    writeln!(
        out,
        "CPU time of the searching thread, all: p50 {:.1} µs, p99 {:.1} µs (latency less any wait for a core; \
         compare these on a busy machine)",
        report.all.cpu_p50_us, report.all.cpu_p99_us
    )?;
    if !report.slowest.is_empty() {
        writeln!(out)?;
        writeln!(out, "slowest (median of runs):")?;
        for slow in &report.slowest {
            let kind = slow.kind.as_deref().unwrap_or("-");
            writeln!(
                out,
                "  {:>9.1} µs  {:<kind_width$}  {:>6} hits  {}",
                slow.median_us, kind, slow.total_hits, slow.query
            )?;
        }
    }
    if report.all.errors > 0 {
        writeln!(out)?;
        writeln!(out, "errors: {} queries failed; the first {}:", report.all.errors, report.errors.len())?;
        for failure in &report.errors {
            writeln!(out, "  {}  → {}", failure.query, failure.message)?;
        }
    }
    Ok(())
}

fn write_row(out: &mut impl Write, name: &str, stats: &LatencyStats, kind_width: usize) -> std::io::Result<()> {
    let percent = |share: f64| format!("{:.0}%", share * 100.0);
    writeln!(
        out,
        "{:<kind_width$} {:>7} {:>9.1} {:>9.1} {:>9.1} {:>9.1} {:>9.1} {:>9.1} {:>8.0}  {:>5} {:>6} {:>9} {:>7} {:>9} {:>5} {:>6}",
        name,
        stats.queries,
        stats.p50_us,
        stats.p90_us,
        stats.p99_us,
        stats.p999_us,
        stats.max_us,
        stats.mean_us,
        stats.qps,
        percent(stats.parse_share),
        percent(stats.search_share),
        percent(stats.passages_share),
        percent(stats.suggest_share),
        stats.total_hits,
        stats.zero_hit_queries,
        stats.errors,
    )
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use newsdex::bench::{BenchConfig, QueryFailure, SlowQuery};

    use super::*;

    fn stats(p50_us: f64) -> LatencyStats {
        LatencyStats { queries: 2, searches: 6, p50_us, qps: 1000.0, search_share: 0.5, ..LatencyStats::default() }
    }

    #[test]
    fn table_has_a_row_per_kind_and_all() {
        let report = BenchReport {
            config: BenchConfig {
                runs: 3,
                warmup: 1,
                threads: 1,
                limit: 10,
                passages: 3,
                collapse: true,
                suggest: true,
                index: PathBuf::from("index"),
                articles: 21_578,
                queries: 4,
            },
            all: LatencyStats { errors: 1, ..stats(20.0) },
            kinds: BTreeMap::from([("intersection".to_string(), stats(30.0)), ("term".to_string(), stats(10.0))]),
            slowest: vec![SlowQuery {
                query: "oil OR gold".into(),
                kind: Some("union".into()),
                median_us: 99.0,
                max_us: 120.0,
                total_hits: 7,
            }],
            errors: vec![QueryFailure {
                query: "date:[x".into(),
                kind: None,
                message: "syntax error at column 6".into(),
            }],
            wall_seconds: 0.5,
        };
        let mut out = Vec::new();
        write_table(&mut out, &report).expect("write to memory");
        let text = String::from_utf8(out).expect("utf-8");
        let rows: Vec<&str> = text.lines().filter(|line| line.contains("50%")).collect();
        assert_eq!(rows.len(), 3, "{text}");
        assert!(rows[0].starts_with("intersection ") && rows[2].starts_with("all "), "{text}");
        // Aligned: every row as wide as the header.
        let header = text.lines().find(|line| line.starts_with("kind")).expect("header");
        assert!(rows.iter().all(|row| row.chars().count() == header.chars().count()), "{text}");
        assert!(text.contains("oil OR gold"), "{text}");
        assert!(text.contains("21578 articles"), "{text}");
        assert!(text.contains("date:[x"), "{text}");
    }
}
