//! `newsdex extract`: the seed articles extract as a reader would, and a custom taxonomy replaces the
//! bundled one.

use serde_json::Value;

use crate::common::{Env, shared, strings};

fn extract_json(env: &Env, args: &[&str]) -> Vec<Value> {
    let mut command = env.newsdex(["extract"]);
    command.args(args).arg("--json");
    let assert = command.assert().success();
    String::from_utf8_lossy(&assert.get_output().stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON object a line"))
        .collect()
}

fn by_file<'a>(articles: &'a [Value], name: &str) -> &'a Value {
    articles
        .iter()
        .find(|article| article["path"].as_str().unwrap_or_default().ends_with(name))
        .unwrap_or_else(|| panic!("{name} extracted"))
}

#[test]
fn seeds_extract_as_a_reader_would() {
    let env = Env::new();
    let seeds = shared().join("corpora/seeds");
    let articles = extract_json(&env, &[seeds.to_str().expect("utf-8 path")]);
    assert_eq!(articles.len(), 2);
    let first = by_file(&articles, "000_0a08bd7476022494.txt");
    let second = by_file(&articles, "004_dbf7c52e2ea52442.txt");
    assert_eq!(first["location"], "Kuala Lumpur");
    assert!(strings(first, "places").contains(&"Malaysia".to_string()), "the location's country: {first}");
    let kuala_lumpur = strings(first, "places").iter().position(|place| place == "Kuala Lumpur").expect("the city");
    assert_eq!(first["place_countries"][kuala_lumpur], "MY", "with its ISO country code");
    assert!(second["date"].as_str().unwrap_or_default().starts_with("2025-10-31"), "{}", second["date"]);
    for article in [first, second] {
        assert_eq!(strings(article, "people"), ["Rajnath Singh", "Pete Hegseth"], "only the two people");
        let places = strings(article, "places");
        for country in ["India", "United States", "Malaysia"] {
            assert!(places.contains(&country.to_string()), "{country} in {places:?}");
        }
        let topics = strings(article, "topics");
        assert!(
            topics.contains(&"politics".to_string()) && topics.contains(&"conflict-defence".to_string()),
            "{topics:?}"
        );
        let extracted = strings(article, "extracted");
        for field in ["places", "people", "topics"] {
            assert!(extracted.contains(&field.to_string()), "{field} is marked extracted: {extracted:?}");
        }
    }
}

#[test]
fn given_metadata_wins_and_a_custom_taxonomy_replaces_the_bundled_one() {
    let env = Env::new();
    env.write(
        "in/given.md",
        "---\ntitle: Harbour talks\npeople: [Ana Ferreira]\ntags: [ports]\n---\n\nLISBON, May 2 - Finance Minister Carlos Mendes said the harbour deal was close.\n",
    );
    env.write(
        "in/plain.txt",
        "Cocoa crop grows\n\nACCRA, May 2 - The cocoa crop grew. Cocoa farmers said cocoa prices rose.\n",
    );
    env.write(
        "tags.toml",
        "[settings]\nthreshold = 0.5\n\n[[topic]]\nname = \"cocoa-desk\"\n\n[topic.terms]\n\"cocoa\" = 2\n",
    );
    let articles = extract_json(&env, &["in", "--taxonomy", "tags.toml"]);
    let given = by_file(&articles, "given.md");
    assert_eq!(strings(given, "people"), ["Ana Ferreira"], "given people are kept as given");
    assert_eq!(strings(given, "topics"), ["ports"]);
    assert!(!strings(given, "extracted").contains(&"people".to_string()));
    let plain = by_file(&articles, "plain.txt");
    assert_eq!(strings(plain, "topics"), ["cocoa-desk"], "the custom taxonomy's tag");
    env.newsdex(["extract", "in", "--taxonomy", "missing.toml"]).assert().code(2);
}
