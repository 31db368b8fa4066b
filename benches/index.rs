//! Indexing throughput on Reuters-21578 (22 SGML files, 21,578 articles): read → extract → write →
//! commit into a fresh temp dir through `ingest::run`, as `newsdex index --rebuild` does.
//!
//! `cargo bench -p newsdex-benches --bench index`. Every timed run must index as many articles (and skip as many) as the
//! untimed setup run, so a fast run that dropped articles fails instead of looking good.

mod common;

use std::time::{Duration, Instant};

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};

fn index_reuters(c: &mut Criterion) {
    let Some(corpus) = common::reuters_dir("index") else {
        return;
    };
    let setup_dir = tempfile::tempdir().expect("a temp dir for the setup index");
    let expected = common::build_index(&corpus, setup_dir.path()).expect("indexing Reuters-21578");
    if expected.articles_indexed == 0 {
        println!("index: skipped, no articles read from {} (no reader for its files yet?)", corpus.display());
        return;
    }
    let answer = |summary: &newsdex::ingest::Summary| {
        (
            summary.articles_indexed,
            summary.total_articles,
            summary.files_read,
            summary.skipped.len(),
            summary.bytes_read,
        )
    };
    let expected_answer = answer(&expected);

    let mut group = c.benchmark_group("index");
    // One run takes seconds: ten runs of one iteration each, not criterion's 1+2+…+10 iterations.
    group.sampling_mode(SamplingMode::Flat).sample_size(10);
    group.warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(60));
    group.throughput(Throughput::Bytes(expected.bytes_read));
    let mut timed_total = Duration::ZERO;
    let mut timed_runs = 0u64;
    group.bench_function("reuters21578", |bencher| {
        bencher.iter_custom(|iterations| {
            let mut elapsed = Duration::ZERO;
            for _ in 0..iterations {
                // A new folder each run, created and removed outside the timed part.
                let index_dir = tempfile::tempdir().expect("a temp dir for the index");
                let started = Instant::now();
                let summary = common::build_index(&corpus, index_dir.path()).expect("indexing Reuters-21578");
                elapsed += started.elapsed();
                assert_eq!(answer(&summary), expected_answer, "a timed run indexed something else than setup");
            }
            timed_total += elapsed;
            timed_runs += iterations;
            elapsed
        })
    });
    group.finish();

    let seconds = timed_total.as_secs_f64();
    if seconds > 0.0 {
        let articles = expected.articles_indexed as f64 * timed_runs as f64;
        let megabytes = expected.bytes_read as f64 * timed_runs as f64 / 1e6;
        println!(
            "index/reuters21578: {} articles, {:.1} MB a run; {:.0} articles/s, {:.1} MB/s (mean of {timed_runs} runs, {:.2} s each)",
            expected.articles_indexed,
            expected.bytes_read as f64 / 1e6,
            articles / seconds,
            megabytes / seconds,
            seconds / timed_runs as f64,
        );
    }
}

criterion_group!(benches, index_reuters);
criterion_main!(benches);
