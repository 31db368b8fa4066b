//! Search latency on the shared Reuters query log (1,000 queries in six kinds), with 3 passages a hit
//! and with none, through `Searcher::search` as `newsdex search` runs it.
//!
//! `cargo bench -p newsdex-benches --bench search`. Setup (untimed) indexes Reuters-21578 into a temp dir and computes
//! each query's hit count; every timed iteration runs all queries of a kind and asserts the counts
//! are unchanged. After each group, one summary line per kind gives p50/p99 from `bench::run`.

mod common;

use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use newsdex::bench::{self, BenchOptions, BenchQuery};
use newsdex::index::reader;
use newsdex::search::Searcher;

fn search_log(c: &mut Criterion) {
    let Some(corpus) = common::reuters_dir("search") else {
        return;
    };
    let log = common::shared_dir().join("queries").join("reuters-queries.jsonl");
    if !log.is_file() {
        println!("search: skipped, no query log at {}", log.display());
        return;
    }
    let index_dir = tempfile::tempdir().expect("a temp dir for the index");
    let summary = common::build_index(&corpus, index_dir.path()).expect("indexing Reuters-21578");
    if summary.articles_indexed == 0 {
        println!("search: skipped, no articles read from {} (no reader for its files yet?)", corpus.display());
        return;
    }
    let searcher = Searcher::new(reader::open(index_dir.path()).expect("opening the new index"));
    let queries = bench::load_queries(&log).expect("reading the query log");
    let mut kinds: Vec<String> = Vec::new();
    for query in &queries {
        let kind = query.kind.clone().unwrap_or_else(|| bench::UNLABELED_KIND.to_string());
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }

    for passages in [3, 0] {
        let label = if passages > 0 { format!("search/passages-{passages}") } else { "search/no-passages".to_string() };
        let options = BenchOptions { passages, ..BenchOptions::default() };
        let mut group = c.benchmark_group(&label);
        group.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(5));
        for kind in &kinds {
            let of_kind: Vec<BenchQuery> = queries
                .iter()
                .filter(|query| query.kind.as_deref().unwrap_or(bench::UNLABELED_KIND) == kind)
                .cloned()
                .collect();
            let expected = bench::hit_counts(&searcher, &of_kind, &options);
            let failed = expected.iter().filter(|count| count.is_none()).count();
            if failed > 0 {
                println!("{label}/{kind}: {failed} of {} queries fail to run; they stay failures", of_kind.len());
            }
            group.throughput(Throughput::Elements(of_kind.len() as u64));
            group.bench_function(kind, |bencher| {
                bencher.iter(|| {
                    assert_eq!(bench::hit_counts(&searcher, &of_kind, &options), expected, "hit counts changed")
                })
            });
        }
        group.finish();

        let report = bench::run(&searcher, &queries, &options);
        for (kind, stats) in
            report.kinds.iter().map(|(kind, stats)| (kind.as_str(), stats)).chain([("all", &report.all)])
        {
            println!(
                "{label}/{kind:<12} p50 {:>8.1} µs  p99 {:>8.1} µs  {:>7.0} queries/s  {:>7} hits  {} errors",
                stats.p50_us, stats.p99_us, stats.qps, stats.total_hits, stats.errors
            );
        }
    }
}

criterion_group!(benches, search_log);
criterion_main!(benches);
