//! `--sort recent`: relevance × 0.5^(age / half-life), checked against relevance scores and dates.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::common::{Env, hits, reuters_index, search_json};

fn date_of(hit: &Value) -> DateTime<Utc> {
    hit["date"].as_str().expect("a date").parse().expect("RFC 3339")
}

/// Relevance scores and ranks of every article `query` finds, by id.
fn relevance(env: &Env, index: &std::path::Path, query: &str) -> HashMap<String, (f64, u64)> {
    let results = search_json(env, index, &[query, "--no-collapse", "--limit", "5000", "--passages", "0"]);
    hits(&results)
        .iter()
        .map(|hit| {
            let id = hit["id"].as_str().unwrap().to_string();
            (id, (hit["score"].as_f64().unwrap(), hit["rank"].as_u64().unwrap()))
        })
        .collect()
}

/// How far re-ranking (proximity 0.5, exact words 0.1) can raise a BM25 score, and how deep.
const RERANK_MOST: f64 = 1.6;
const RERANK_DEPTH: u64 = 100;

#[track_caller]
fn assert_faded(
    env: &Env,
    index: &std::path::Path,
    query: &str,
    extra: &[&str],
    half_life_days: f64,
    as_of: DateTime<Utc>,
) {
    let scores = relevance(env, index, query);
    let args = [&[query, "--sort", "recent", "--no-collapse", "--limit", "20", "--passages", "0"][..], extra].concat();
    let results = search_json(env, index, &args);
    let found = hits(&results);
    assert_eq!(found.len(), 20);
    let mut previous = f64::INFINITY;
    for hit in found {
        let age_days = ((as_of - date_of(hit)).num_seconds().max(0)) as f64 / 86_400.0;
        let (relevance, rank) = scores[hit["id"].as_str().unwrap()];
        let expected = relevance * 0.5f64.powf(age_days / half_life_days);
        let score = hit["score"].as_f64().unwrap();
        let tolerance = 1e-4 * expected.max(1.0);
        if rank <= RERANK_DEPTH {
            // Re-ranked in both orders, by the same features.
            assert!((score - expected).abs() <= tolerance, "{query}: {score} vs {expected}");
        } else {
            // Re-ranked among the best by recency, not among the best by relevance.
            assert!(
                expected - tolerance <= score && score <= expected * RERANK_MOST + tolerance,
                "{query}: {score} vs {expected} (relevance rank {rank})"
            );
        }
        assert!(score <= previous + 1e-6, "best first");
        previous = score;
    }
}

#[test]
fn relevance_fades_with_age_from_the_newest_article() {
    let (index, _) = reuters_index();
    let env = Env::reading(index);
    let newest = date_of(&hits(&search_json(&env, index, &["*", "--sort", "date", "--limit", "1"]))[0]);
    assert_faded(&env, index, "oil prices", &[], 30.0, newest);
    assert_faded(&env, index, "bank rates", &["--half-life", "2w"], 14.0, newest);
    let as_of: DateTime<Utc> = "1987-03-31T23:59:59Z".parse().unwrap();
    assert_faded(&env, index, "coffee", &["--half-life", "5d", "--as-of", "1987-03-31"], 5.0, as_of);
}

#[test]
fn half_lives_move_between_relevance_and_date_order() {
    let (index, _) = reuters_index();
    let env = Env::reading(index);
    let ids = |args: &[&str]| -> Vec<String> {
        let results =
            search_json(&env, index, &[&["oil prices", "--no-collapse", "--passages", "0"][..], args].concat());
        hits(&results).iter().map(|hit| hit["id"].as_str().unwrap().to_string()).collect()
    };
    let by_relevance = ids(&[]);
    assert_eq!(ids(&["--sort", "recent", "--half-life", "100000y"]), by_relevance, "age hardly counts");
    assert_ne!(ids(&["--sort", "recent"]), by_relevance, "30 days: newer articles move up");
    // An hour's half-life: a day's age costs 2^-24, so the newest matching day comes first.
    let recent = search_json(&env, index, &["oil prices", "--no-collapse", "--sort", "recent", "--half-life", "1h"]);
    let newest = search_json(&env, index, &["oil prices", "--no-collapse", "--sort", "date", "--limit", "1"]);
    assert_eq!(date_of(&hits(&recent)[0]).date_naive(), date_of(&hits(&newest)[0]).date_naive());
    // Stories collapse in the recent order too.
    let collapsed = search_json(&env, index, &["oil prices", "--sort", "recent"]);
    let scores: Vec<f64> = hits(&collapsed).iter().map(|hit| hit["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|pair| pair[0] >= pair[1]), "{scores:?}");
}
