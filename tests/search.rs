//! What a search returns on generated fixtures: whole tag values match exactly, other values by
//! their words; hits are shown from their summaries, the body only where it is asked for.

use crate::common::{Env, hits, strings};

/// Four articles whose people and places differ in ways filters must tell apart.
fn tagged_env() -> Env {
    let env = Env::new();
    let lines = [
        r#"{"id": "a", "title": "Treasury talks", "body": "Treasury officials met.", "date": "1987-03-02", "people": ["James Baker"], "places": ["USA"]}"#,
        r#"{"id": "b", "title": "Law firm expands", "body": "The firm opened an office.", "date": "1987-03-03", "people": ["James Baker III"], "places": ["United States Virgin Islands"]}"#,
        r#"{"id": "c", "title": "Bakery opens", "body": "A new bakery opened.", "date": "1987-03-04", "people": ["Susan Baker"], "places": ["Canada"]}"#,
        r#"{"id": "d", "body": "Wheat prices rose sharply on Tuesday as dealers covered short positions before the holiday weekend in Chicago.", "date": "1987-03-05", "places": ["USA"]}"#,
    ];
    env.write("news/tagged.jsonl", lines.join("\n"));
    env.index(&env.path("news"));
    env
}

fn external_ids(results: &serde_json::Value) -> Vec<String> {
    let mut ids: Vec<String> =
        hits(results).iter().filter_map(|hit| hit["external_id"].as_str().map(str::to_string)).collect();
    ids.sort();
    ids
}

#[test]
fn whole_tag_values_match_exactly_and_other_values_by_words() {
    let env = tagged_env();
    // "james baker" is a whole value of article a: exactly that person, not "James Baker III".
    for query in ["person:\"james baker\"", "person:james-baker", "person:JAMES-BAKER"] {
        assert_eq!(external_ids(&env.search(&[query])), ["a"], "{query}");
    }
    // No article has just "baker iii": the words in order, inside a longer name.
    assert_eq!(external_ids(&env.search(&["person:\"baker iii\""])), ["b"]);
    // One word matches every value holding it.
    assert_eq!(external_ids(&env.search(&["person:baker"])), ["a", "b", "c"]);
    // A country is that country, not a territory whose name contains it.
    assert_eq!(external_ids(&env.search(&["place:usa"])), ["a", "d"]);
    assert_eq!(external_ids(&env.search(&["place:\"virgin islands\""])), ["b"]);
    for hit in hits(&env.search(&["place:usa"])) {
        assert_eq!(strings(hit, "places"), ["United States"]);
        assert_eq!(hit["place_countries"][0], "US");
    }
}

#[test]
fn hits_show_a_lead_without_a_title_and_the_body_only_when_asked() {
    let env = tagged_env();
    let results = env.search(&["wheat"]);
    let hit = &hits(&results)[0];
    assert!(hit["title"].is_null());
    let lead = hit["lead"].as_str().expect("a lead for an article without a title");
    assert!(
        lead.starts_with("Wheat prices rose sharply") && lead.ends_with('…') && lead.chars().count() <= 81,
        "{lead}"
    );
    assert!(hit["body"].as_str().is_some_and(|body| body.ends_with("weekend in Chicago.")), "--json has the body");
    assert!(hits(&env.search(&["treasury"]))[0]["lead"].is_null(), "no lead when there is a title");

    // The terminal view shows the lead as the title, with passages or without.
    for passages in ["3", "0"] {
        let output = env
            .newsdex(["search", "wheat", "--index", "index", "--color", "never", "--passages", passages])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let text = String::from_utf8(output).expect("UTF-8");
        let first_hit = text.lines().find(|line| line.trim_start().starts_with("1.")).expect("a numbered hit");
        assert!(first_hit.contains("Wheat prices rose sharply"), "{text}");
        let passage_lines = text.lines().filter(|line| line.contains("Wheat prices") && !line.contains("1.")).count();
        assert_eq!(passage_lines, if passages == "0" { 0 } else { 1 }, "{text}");
    }
}

#[test]
fn filters_beside_words_restrict_them_and_open_date_ranges_work() {
    let env = tagged_env();
    assert_eq!(external_ids(&env.search(&["opened"])), ["b", "c"]);
    // Tag and date filters beside words are checks on the words' articles.
    assert_eq!(external_ids(&env.search(&["opened place:canada"])), ["c"]);
    assert_eq!(external_ids(&env.search(&["opened date:[1987-03-04 TO *]"])), ["c"]);
    assert_eq!(external_ids(&env.search(&["opened date:[* TO 1987-03-03]"])), ["b"]);
    assert_eq!(external_ids(&env.search(&["opened", "--since", "1987-03-04"])), ["c"]);
    assert_eq!(external_ids(&env.search(&["opened place:canada date:[* TO 1987-03-03]"])), Vec::<String>::new());
    assert_eq!(external_ids(&env.search(&["opened -place:canada"])), ["b"]);
    // Both ends open: every dated article (this used to crash in tantivy's range query).
    assert_eq!(external_ids(&env.search(&["opened date:[* TO *]"])), ["b", "c"]);
    assert_eq!(external_ids(&env.search(&["date:[* TO *]"])), ["a", "b", "c", "d"]);
}
