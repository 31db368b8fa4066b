//! The bundled sample corpus: every format indexes, filters and sorting behave. The tests only
//! search, so they share one index of the corpus.

use crate::common::{Env, corpus_index, hits, strings, text_of};

fn corpus_env() -> Env {
    let (index, summary) = corpus_index();
    assert!(summary["articles_indexed"].as_u64().unwrap_or(0) >= 30, "at least 30 sample articles: {summary}");
    assert_eq!(summary["skipped"].as_array().map(Vec::len), Some(0), "no sample file is skipped: {summary}");
    Env::reading(index)
}

#[test]
fn filters_restrict_and_combine() {
    let env = corpus_env();
    let all = env.search(&["*", "--limit", "100"]);
    let total = all["total_hits"].as_u64().expect("total");
    assert!(total >= 30);

    // A topic filter alone is a valid query, and every hit has the topic.
    let topics: Vec<String> = hits(&all).iter().flat_map(|hit| strings(hit, "topics")).collect();
    let common_topic = topics.iter().max_by_key(|topic| topics.iter().filter(|t| t == topic).count()).expect("a topic");
    // Tag filters match whole words of a tag: `topic:economy` also finds "economy, business and finance".
    let filtered = env.search(&[&format!("topic:{common_topic}"), "--limit", "100"]);
    let has_word = |hit: &serde_json::Value| {
        strings(hit, "topics")
            .iter()
            .any(|topic| topic.to_lowercase().split(|c: char| !c.is_alphanumeric()).any(|w| w == common_topic))
    };
    let expected = hits(&all).iter().filter(|hit| has_word(hit)).count();
    assert_eq!(filtered["total_hits"].as_u64(), Some(expected as u64), "topic:{common_topic}");
    assert!(hits(&filtered).iter().all(has_word));
    assert!(expected >= 2);

    // Dates: a month range returns only that month, sorted newest first with --sort date.
    let by_date = env.search(&["*", "--sort", "date", "--limit", "100"]);
    let dates: Vec<&str> = hits(&by_date).iter().filter_map(|hit| hit["date"].as_str()).collect();
    assert!(dates.windows(2).all(|pair| pair[0] >= pair[1]), "newest first: {dates:?}");
    let month = &dates[dates.len() / 2][..7];
    let in_month = env.search(&[&format!("date:{month}"), "--limit", "100"]);
    let month_hits = hits(&in_month);
    assert!(!month_hits.is_empty());
    assert!(month_hits.iter().all(|hit| hit["date"].as_str().unwrap_or_default().starts_with(month)));
    assert_eq!(month_hits.len(), dates.iter().filter(|date| date.starts_with(month)).count());

    // Flags are the same filters.
    let since = env.search(&["*", "--since", "2026", "--limit", "100"]);
    assert!(hits(&since).iter().all(|hit| hit["date"].as_str().unwrap_or_default() >= "2026"));
    assert_eq!(hits(&since).len(), dates.iter().filter(|date| **date >= "2026").count());
}

#[test]
fn all_words_by_default_any_with_flag_and_exclusion() {
    let env = corpus_env();
    let both = env.search(&["central", "bank", "--limit", "100"]);
    for hit in hits(&both) {
        let text = text_of(hit);
        assert!(text.contains("central") && text.contains("bank"), "{}", hit["title"]);
    }
    let any = env.search(&["lithium", "desalination", "--any", "--limit", "100"]);
    let all = env.search(&["lithium", "desalination", "--limit", "100"]);
    assert!(any["total_hits"].as_u64() >= Some(2), "either word: {}", any["total_hits"]);
    assert_eq!(all["total_hits"], 0, "no article has both");
    let excluded = env.search(&["lithium -desalination", "--any", "--limit", "100"]);
    assert!(hits(&excluded).iter().all(|hit| !text_of(hit).contains("desalination")));
    let or = env.search(&["lithium OR desalination", "--limit", "100"]);
    assert_eq!(or["total_hits"], any["total_hits"]);
}

/// The paths of a search's hits, sorted.
fn paths_found(env: &Env, args: &[&str]) -> Vec<String> {
    let results = env.search(&[args, &["--limit", "100", "--passages", "0", "--no-collapse"]].concat());
    let mut paths: Vec<String> =
        hits(&results).iter().filter_map(|hit| hit["path"].as_str().map(str::to_string)).collect();
    assert_eq!(results["total_hits"].as_u64(), Some(paths.len() as u64), "{args:?}: every hit listed");
    paths.sort();
    paths
}

#[test]
fn place_aliases_are_one_place() {
    let env = corpus_env();
    // Countries of the sample articles, each with other ways of writing it: ISO codes, common
    // abbreviations, Reuters-style codes, other names.
    let aliases: [(&str, &[&str]); 3] = [
        (
            "United States",
            &["usa", "USA", "us", "\"u.s.\"", "america", "united-states", "\"united states of america\""],
        ),
        ("United Kingdom", &["uk", "gb", "gbr", "britain", "\"great britain\"", "united-kingdom"]),
        ("Netherlands", &["nl", "nld", "\"the netherlands\""]),
    ];
    let every_article = env.search(&["*", "--limit", "100", "--passages", "0", "--no-collapse"]);
    for (country, written_forms) in aliases {
        let tagged: Vec<String> = {
            let mut paths: Vec<String> = hits(&every_article)
                .iter()
                .filter(|hit| strings(hit, "places").iter().any(|place| place == country))
                .filter_map(|hit| hit["path"].as_str().map(str::to_string))
                .collect();
            paths.sort();
            paths
        };
        assert!(!tagged.is_empty(), "some sample article is tagged {country}");
        assert_eq!(paths_found(&env, &[&format!("place:\"{country}\"")]), tagged, "place:\"{country}\"");
        for written in written_forms {
            assert_eq!(paths_found(&env, &[&format!("place:{written}")]), tagged, "place:{written} is {country}");
            let flag = written.trim_matches('"');
            assert_eq!(paths_found(&env, &["*", "--place", flag]), tagged, "--place {flag} is {country}");
        }
    }
}

#[test]
fn same_event_pairs_are_both_found() {
    let env = corpus_env();
    let quake = env.search(&["earthquake", "arequipa", "--limit", "10"]);
    assert!(quake["total_hits"].as_u64() >= Some(2), "both reports of the Peru earthquake");
    let strike = env.search(&["strike", "santos", "--limit", "10"]);
    assert!(strike["total_hits"].as_u64() >= Some(2), "both reports of the Santos strike");
}

#[test]
fn text_output_shows_title_date_and_passages() {
    let env = corpus_env();
    let mut colored = env.newsdex(["search", "desalination", "--color", "always", "--index"]);
    let assert = colored.arg(env.index_dir()).assert().success();
    let out = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    assert!(
        out.starts_with("1 article in 1 story matches \"desalination\""),
        "one article, and the verb agrees: {out}"
    );
    assert!(out.contains("\x1b[1m") && out.to_lowercase().contains("desalination\x1b[0m"), "bold matches: {out}");
    let plain = env.newsdex(["search", "desalination", "--index"]).arg(env.index_dir()).assert().success();
    let plain_out = String::from_utf8_lossy(&plain.get_output().stdout).to_string();
    assert!(!plain_out.contains('\x1b'), "no escapes when not a terminal: {plain_out}");
    assert!(plain_out.contains("2024-02-13"), "date shown: {plain_out}");
}
