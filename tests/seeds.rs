//! The two seed articles about the US–India defence framework (../shared/corpora/seeds).

use crate::common::{Env, highlighted, hits, shared};

fn seeds_env() -> Env {
    let env = Env::new();
    env.index(&shared("corpora/seeds"));
    env
}

fn path_ends(hit: &serde_json::Value, suffix: &str) -> bool {
    hit["path"].as_str().unwrap_or_default().ends_with(suffix)
}

#[test]
fn first_seed_is_located_in_kuala_lumpur() {
    let env = seeds_env();
    // The seeds are one story; every article is listed so that the first can be looked at.
    let results = env.search(&["*", "--limit", "5", "--no-collapse"]);
    assert_eq!(results["total_hits"], 2);
    let first = hits(&results).iter().find(|hit| path_ends(hit, "000_0a08bd7476022494.txt")).expect("first seed");
    assert_eq!(first["location"], "Kuala Lumpur", "{first}");
    let body = first["body"].as_str().unwrap_or_default();
    assert!(body.starts_with("Kuala Lumpur | In a major boost"), "the body keeps its dateline: {body:.60}");
}

#[test]
fn words_find_both_seeds_and_the_phrase_only_the_first() {
    let env = seeds_env();
    let words = env.search(&["defence", "framework"]);
    assert_eq!(words["total_hits"], 2, "both articles have both words");

    let phrase = env.search(&["\"defence framework\""]);
    assert_eq!(phrase["total_hits"], 1, "only the first has the phrase");
    let hit = &hits(&phrase)[0];
    assert!(path_ends(hit, "000_0a08bd7476022494.txt"));
    let spans = highlighted(hit);
    assert!(
        spans.iter().any(|span| span.eq_ignore_ascii_case("defence framework")),
        "the phrase is highlighted as one unit: {spans:?}"
    );
    assert!(
        spans.iter().all(|span| span.to_lowercase() == "defence framework"),
        "lone words of the phrase are not highlighted: {spans:?}"
    );
}
