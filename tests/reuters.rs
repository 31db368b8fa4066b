//! All of Reuters-21578 (../shared/corpora/reuters21578), indexed once per run.

use newsdex::index::reader;
use newsdex::search::{SearchRequest, Searcher};

use crate::common::{Env, hits, reuters_index, search_json, shared, strings, text_of};

#[test]
fn every_article_is_indexed_and_the_bad_byte_is_decoded() {
    let (_, summary) = reuters_index();
    assert_eq!(summary["articles_indexed"], 21_578, "{summary}");
    assert_eq!(summary["total_articles"], 21_578);
    assert_eq!(summary["files_read"], 22);
    assert_eq!(summary["skipped"].as_array().map(Vec::len), Some(0), "{summary}");
    let warnings = summary["warnings"].as_array().expect("warnings");
    assert!(
        warnings.iter().any(|w| w["path"].as_str().unwrap_or_default().ends_with("reut2-017.sgm")),
        "reut2-017.sgm is decoded with a warning: {warnings:?}"
    );
}

#[test]
fn money_supply_in_the_usa_has_the_phrase_and_the_tag() {
    let (index, _) = reuters_index();
    let env = Env::new();
    let results = search_json(&env, index, &["\"money supply\" place:usa", "--limit", "200"]);
    let found = hits(&results);
    assert!(found.len() >= 20, "a common phrase in US news: {}", found.len());
    for hit in found {
        assert!(strings(hit, "places").contains(&"United States".to_string()), "tagged usa: {}", hit["places"]);
        assert!(text_of(hit).contains("money supply"), "has the phrase: {}", hit["title"]);
    }
    // place:usa, place:"united states" and place:us are one place.
    let total = results["total_hits"].clone();
    for alias in ["place:\"united states\"", "place:us", "place:USA"] {
        let other = search_json(&env, index, &[&format!("\"money supply\" {alias}"), "--limit", "1"]);
        assert_eq!(other["total_hits"], total, "{alias}");
    }
    let flag = search_json(&env, index, &["\"money supply\"", "--place", "united-states", "--limit", "1"]);
    assert_eq!(flag["total_hits"], total, "--place flag");
}

/// `place:holland`, `place:scotland` and `place:kampuchea` once found nothing: extraction read the
/// words as the Netherlands, the United Kingdom and Cambodia, the filters as places of their own.
#[test]
fn regression_place_aliases_find_the_country_extraction_tagged() {
    let (index, _) = reuters_index();
    let env = Env::new();
    for (alias, country) in [("holland", "Netherlands"), ("scotland", "United Kingdom"), ("kampuchea", "Cambodia")] {
        let by_alias = search_json(&env, index, &[&format!("place:{alias}"), "--limit", "100", "--passages", "0"]);
        let by_name = search_json(&env, index, &[&format!("place:\"{country}\""), "--limit", "1", "--passages", "0"]);
        assert!(by_alias["total_hits"].as_u64() > Some(0), "place:{alias} finds articles");
        assert_eq!(by_alias["total_hits"], by_name["total_hits"], "place:{alias} is place:\"{country}\"");
        for hit in hits(&by_alias) {
            assert!(strings(hit, "places").contains(&country.to_string()), "place:{alias}: {}", hit["places"]);
        }
    }
    // Articles that say "Holland" are among them, whether tagged by Reuters or by extraction.
    let said = search_json(&env, index, &["holland place:holland", "--limit", "100", "--passages", "0"]);
    assert!(!hits(&said).is_empty(), "no article saying Holland is tagged Netherlands");
    for hit in hits(&said) {
        assert!(text_of(hit).contains("holland"), "says Holland: {}", hit["title"]);
    }
}

#[test]
fn a_week_of_march_1987_returns_only_that_week() {
    let (index, _) = reuters_index();
    let env = Env::new();
    let results = search_json(&env, index, &["date:[1987-03-01 TO 1987-03-07]", "--limit", "500", "--passages", "0"]);
    let total = results["total_hits"].as_u64().expect("total");
    assert!(total > 500, "a busy week: {total}");
    for hit in hits(&results) {
        let date = hit["date"].as_str().expect("every Reuters article has a date");
        assert!(("1987-03-01".."1987-03-08").contains(&&date[..10]), "{date}");
    }
    let open_end = search_json(&env, index, &["date:[1987-10-01 TO *]", "--limit", "50", "--passages", "0"]);
    for hit in hits(&open_end) {
        assert!(hit["date"].as_str().unwrap_or_default() >= "1987-10-01");
    }
    let month = search_json(&env, index, &["date:1987-03", "--limit", "1", "--passages", "0"]);
    assert!(month["total_hits"].as_u64() > Some(total), "the month holds the week");
}

#[test]
fn people_filters_match_names_and_codes() {
    let (index, _) = reuters_index();
    let env = Env::new();
    let volcker = search_json(&env, index, &["person:volcker", "--limit", "100", "--passages", "0"]);
    assert!(volcker["total_hits"].as_u64() > Some(10));
    assert!(
        hits(&volcker).iter().all(|hit| strings(hit, "people").iter().any(|p| p.to_lowercase().contains("volcker")))
    );
    let coded = search_json(&env, index, &["person:james-baker", "--limit", "1", "--passages", "0"]);
    let spaced = search_json(&env, index, &["person:\"james baker\"", "--limit", "1", "--passages", "0"]);
    assert!(coded["total_hits"].as_u64() > Some(10));
    assert_eq!(coded["total_hits"], spaced["total_hits"]);
    assert_eq!(strings(&hits(&spaced)[0], "people").iter().filter(|p| *p == "James Baker").count(), 1);
    let germany = search_json(&env, index, &["place:west-germany", "--limit", "1", "--passages", "0"]);
    assert!(germany["total_hits"].as_u64() > Some(100));
}

#[test]
fn every_query_of_the_shared_log_parses_and_runs() {
    let (index, _) = reuters_index();
    let searcher = Searcher::new(reader::open(index).expect("open the Reuters index"));
    let log = std::fs::read_to_string(shared("queries/reuters-queries.txt")).expect("query log");
    let mut with_hits = 0;
    for (number, line) in log.lines().enumerate().filter(|(_, line)| !line.trim().is_empty()) {
        let request = SearchRequest { query: line.to_string(), ..SearchRequest::default() };
        let results =
            searcher.search(&request).unwrap_or_else(|error| panic!("query {} `{line}` failed: {error}", number + 1));
        if results.total_hits > 0 {
            with_hits += 1;
        }
    }
    assert!(with_hits > 850, "most logged queries find something: {with_hits} of 1000");
}
