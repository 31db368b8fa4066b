//! Stories in search, through the binary: hits collapsed by story with a story table written by
//! the test (grouping articles by the letter their file id starts with), exact paging over
//! stories, `--no-collapse`, `similar` and `stories`.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use crate::common::{Env, hits, run_json};

/// Articles of a fixture: (file id, title, body, date, source, places, people). Ids starting
/// with `a`, `b` or `f` are the stories A, B and F; `s` ones stand alone.
fn fixture_lines() -> Vec<String> {
    let mut articles: Vec<Value> = vec![
        article(
            "a1",
            "Rotterdam dockers strike over crane automation",
            "Dockers at the port of Rotterdam walked out on Monday over plans to automate cranes at the \
             Maasvlakte terminal, union leader Jan de Vries said. The strike halted container traffic.",
            "2025-03-01",
            "Harbour Wire",
            &["Netherlands"],
            &["Jan de Vries"],
        ),
        article(
            "a2",
            "Rotterdam port strike halts container traffic",
            "Container traffic at Rotterdam stopped for a second day as dockers continued their strike \
             against crane automation at the Maasvlakte terminal.",
            "2025-03-02",
            "Euro Daily",
            &["Netherlands"],
            &[],
        ),
        article(
            "a3",
            "Rotterdam strike ends as union and port agree on automation",
            "The dockers union and the port of Rotterdam reached a deal on crane automation, ending the \
             strike at the Maasvlakte terminal, Jan de Vries said.",
            "2025-03-03",
            "Harbour Wire",
            &["Netherlands"],
            &["Jan de Vries"],
        ),
        article(
            "b1",
            "Cholera vaccine trial begins in Nairobi",
            "A cholera vaccine trial began in Nairobi with 2,000 volunteers, the health ministry said.",
            "2025-04-10",
            "Health Desk",
            &["Kenya"],
            &[],
        ),
        article(
            "b2",
            "Nairobi cholera vaccine campaign expands",
            "The cholera vaccine campaign in Nairobi reached three more districts, the health ministry said.",
            "2025-04-12",
            "Africa Today",
            &["Kenya"],
            &[],
        ),
        article(
            "s1",
            "Antwerp dockers threaten strike",
            "Dockers in Antwerp threatened a strike over crane automation plans at the container terminal, \
             after the walkout in Rotterdam.",
            "2025-03-20",
            "Harbour Wire",
            &["Belgium"],
            &[],
        ),
        article(
            "s2",
            "Bus drivers strike in Lisbon",
            "Bus drivers in Lisbon went on strike for better pay.",
            "2025-05-02",
            "Euro Daily",
            &["Portugal"],
            &[],
        ),
    ];
    // Story F: 30 garden columns, the newest articles, more than a first collection holds.
    for day in 0..30 {
        let date = chrono::NaiveDate::from_ymd_opt(2025, 6, 1).expect("a date") + chrono::Days::new(day);
        articles.push(article(
            &format!("f{day:02}"),
            &format!("Garden column {day}: balcony tomatoes"),
            &format!("Our gardening columnist explains how to grow tomatoes on a small balcony, week {day}."),
            &date.to_string(),
            "Garden Weekly",
            &["Ireland"],
            &[],
        ));
    }
    articles.iter().map(Value::to_string).collect()
}

fn article(id: &str, title: &str, body: &str, date: &str, source: &str, places: &[&str], people: &[&str]) -> Value {
    serde_json::json!({
        "id": id, "title": title, "body": body, "date": date, "source": source,
        "places": places, "people": people,
    })
}

/// An indexed fixture and its articles' ids by file id.
struct Fixture {
    env: Env,
    ids: HashMap<String, String>,
}

impl Fixture {
    /// The fixture indexed, its stories written as the table of the index's commit
    /// (`opstamp_shift` 0), or of another commit.
    fn new(opstamp_shift: u64) -> Fixture {
        let env = Env::new();
        env.write("news/stories.jsonl", fixture_lines().join("\n"));
        env.index(&env.path("news"));
        let all = env.search(&["*", "--no-collapse", "--limit", "1000"]);
        let ids: HashMap<String, String> = hits(&all)
            .iter()
            .map(|hit| (hit["external_id"].as_str().expect("file id").to_string(), id_of(hit)))
            .collect();
        assert_eq!(ids.len(), 37);
        write_table(env.index_dir(), &ids, opstamp_shift);
        Fixture { env, ids }
    }

    fn id(&self, file_id: &str) -> &str {
        &self.ids[file_id]
    }

    /// The file ids of `ids`.
    fn file_ids<'a>(&self, ids: impl IntoIterator<Item = &'a str>) -> Vec<String> {
        let by_id: HashMap<&str, &str> = self.ids.iter().map(|(file, id)| (id.as_str(), file.as_str())).collect();
        ids.into_iter().map(|id| by_id[id].to_string()).collect()
    }

    /// The file ids of a `--json` result's hits, in order.
    fn hit_files(&self, results: &Value) -> Vec<String> {
        let ids: Vec<String> = hits(results).iter().map(id_of).collect();
        self.file_ids(ids.iter().map(String::as_str))
    }

    /// `newsdex ARGS --index index --json`, which must succeed.
    fn run(&self, args: &[&str]) -> Value {
        let mut command = self.env.newsdex(args);
        command.arg("--index").arg(self.env.index_dir()).arg("--json");
        run_json(&mut command)
    }
}

fn id_of(hit: &Value) -> String {
    hit["id"].as_str().expect("an id").to_string()
}

/// Groups the articles by the first letter of their file id (`s`: alone) and writes the table,
/// stamped with the index's opstamp plus `opstamp_shift`.
fn write_table(index: &std::path::Path, ids: &HashMap<String, String>, opstamp_shift: u64) {
    let meta: Value =
        serde_json::from_slice(&std::fs::read(index.join("meta.json")).expect("meta.json")).expect("meta.json is JSON");
    let opstamp = meta["opstamp"].as_u64().expect("an opstamp");
    let mut stories: BTreeMap<char, Vec<u64>> = BTreeMap::new();
    for (file_id, id) in ids {
        let letter = file_id.chars().next().expect("a file id");
        if letter != 's' {
            stories.entry(letter).or_default().push(u64::from_str_radix(id, 16).expect("hex id"));
        }
    }
    let members = stories.values().flat_map(|keys| {
        let story = keys.iter().copied().min().expect("a member");
        keys.iter().map(move |key| (*key, story))
    });
    newsdex::stories::StoryTable::from_members(opstamp + opstamp_shift, members).write(index).expect("table");
}

/// Each hit's (file id, story size, file ids beneath it).
fn shown(fixture: &Fixture, results: &Value) -> Vec<(String, u64, Vec<String>)> {
    hits(results)
        .iter()
        .map(|hit| {
            let more: Vec<String> = hit["more"]
                .as_array()
                .expect("more")
                .iter()
                .map(|other| other["id"].as_str().expect("id").into())
                .collect();
            let file = fixture.file_ids([hit["id"].as_str().expect("id")]).remove(0);
            (file, hit["story_size"].as_u64().expect("story_size"), fixture.file_ids(more.iter().map(String::as_str)))
        })
        .collect()
}

#[test]
fn one_hit_per_story_with_its_other_articles_beneath() {
    let fixture = Fixture::new(0);
    let results = fixture.env.search(&["strike"]);
    assert_eq!(results["total_hits"], 5, "articles: a1-a3, s1, s2");
    assert_eq!(results["total_stories"], 3, "story A, s1, s2");
    let shown = shown(&fixture, &results);
    assert_eq!(shown.len(), 3);
    let story_a = shown.iter().find(|(file, _, _)| file.starts_with('a')).expect("story A is a hit");
    assert_eq!(story_a.1, 3);
    let mut beneath = story_a.2.clone();
    beneath.sort();
    let mut others: Vec<String> =
        ["a1", "a2", "a3"].iter().filter(|file| **file != story_a.0).map(|f| f.to_string()).collect();
    others.sort();
    assert_eq!(beneath, others, "the story's other articles, each once");
    let hit_a = hits(&results).iter().find(|hit| hit["story_size"] == 3).expect("story A");
    assert!(hit_a["more"].as_array().expect("more").iter().all(|other| other["matches"] == true));
    let smallest = ["a1", "a2", "a3"].iter().map(|file| fixture.id(file)).min().expect("ids");
    assert_eq!(hit_a["story"], smallest, "a story's id is its smallest article key");
    for hit in hits(&results).iter().filter(|hit| hit["story_size"] == 1) {
        assert_eq!(hit["story"], hit["id"], "an article alone is its own story");
        assert_eq!(hit["more"], serde_json::json!([]));
    }
    // The terminal says so too.
    let text = fixture.env.newsdex(["search", "strike", "--index", "index", "--color", "never"]).assert().success();
    let text = String::from_utf8_lossy(&text.get_output().stdout).into_owned();
    assert!(text.starts_with("5 articles in 3 stories match \"strike\""), "{text}");
    assert!(text.contains("+ 2 more articles in this story:"), "{text}");
}

#[test]
fn a_story_shows_its_articles_that_do_not_match_after_those_that_do() {
    let fixture = Fixture::new(0);
    let results = fixture.env.search(&["trial"]);
    assert_eq!(shown(&fixture, &results), [("b1".to_string(), 2, vec!["b2".to_string()])]);
    assert_eq!(hits(&results)[0]["more"][0]["matches"], false, "b2 does not say `trial`");
    assert_eq!(hits(&results)[0]["more"][0]["source"], "Africa Today");
    // The garden story: 5 of its 29 others beneath its best match, every one of them matching.
    let results = fixture.env.search(&["balcony", "tomatoes"]);
    let shown = shown(&fixture, &results);
    assert_eq!((shown.len(), shown[0].1, shown[0].2.len()), (1, 30, 5));
    assert_eq!(results["total_hits"], 30);
}

#[test]
fn paging_over_stories_is_exact_across_story_boundaries_in_both_orders() {
    let fixture = Fixture::new(0);
    for sort in ["relevance", "date"] {
        let whole = fixture.env.search(&["*", "--sort", sort, "--limit", "100"]);
        assert_eq!(whole["total_hits"], 37);
        assert_eq!(whole["total_stories"], 5, "F, A, B, s1, s2");
        let all = fixture.hit_files(&whole);
        assert_eq!(all.len(), 5);
        // Newest first: the garden story (June), s2 (May), B (April), s1, A (March).
        let letters: Vec<char> = all.iter().map(|file| file.chars().next().expect("id")).collect();
        assert_eq!(letters, ['f', 's', 'b', 's', 'a'], "{sort}: {all:?}");
        for limit in [1, 2, 3] {
            let mut paged = Vec::new();
            for offset in (0..6).step_by(limit) {
                let page = fixture.env.search(&[
                    "*",
                    "--sort",
                    sort,
                    "--limit",
                    &limit.to_string(),
                    "--offset",
                    &offset.to_string(),
                ]);
                let ranks: Vec<u64> = hits(&page).iter().map(|hit| hit["rank"].as_u64().expect("rank")).collect();
                assert_eq!(ranks, (offset as u64 + 1..).take(ranks.len()).collect::<Vec<_>>());
                paged.extend(fixture.hit_files(&page));
            }
            assert_eq!(paged, all, "{sort}, pages of {limit}");
        }
    }
    // By date, a story's articles beneath it are its newest other matches.
    let results = fixture.env.search(&["strike", "--sort", "date"]);
    let story_a = shown(&fixture, &results).into_iter().find(|(file, _, _)| file.starts_with('a')).expect("A");
    assert_eq!(story_a, ("a3".to_string(), 3, vec!["a2".to_string(), "a1".to_string()]));
}

#[test]
fn no_collapse_lists_every_article_with_its_story_and_facets_count_articles() {
    let fixture = Fixture::new(0);
    let results = fixture.env.search(&["strike", "--no-collapse", "--facets"]);
    assert_eq!(hits(&results).len(), 5);
    assert_eq!(results["collapsed"], false);
    assert!(results.get("total_stories").is_none());
    for hit in hits(&results) {
        let file = fixture.file_ids([hit["id"].as_str().expect("id")]).remove(0);
        let expected = if file.starts_with('a') { 3 } else { 1 };
        assert_eq!(hit["story_size"], expected, "{file}");
        assert_eq!(hit["more"], serde_json::json!([]));
    }
    let collapsed = fixture.env.search(&["strike", "--facets"]);
    assert_eq!(collapsed["facets"], results["facets"], "facets count articles either way");
    let harbour =
        collapsed["facets"]["sources"].as_array().expect("sources").iter().find(|c| c["value"] == "Harbour Wire");
    assert_eq!(harbour.expect("a source count")["count"], 3, "a1, a3, s1");
}

/// A table stamped with another commit (an `index` run killed between its commit and the table)
/// is not used: the stories are recomputed from the index, as if there were no table at all.
#[test]
fn a_table_of_another_commit_is_not_used() {
    let fixture = Fixture::new(1);
    let stale = fixture.env.search(&["strike", "--no-collapse", "--limit", "50"]);
    std::fs::remove_file(fixture.env.index_dir().join("newsdex-stories.bin")).expect("the stale table");
    let recomputed = fixture.env.search(&["strike", "--no-collapse", "--limit", "50"]);
    let stories = |results: &serde_json::Value| -> Vec<(String, String)> {
        hits(results)
            .iter()
            .map(|hit| (hit["id"].as_str().unwrap_or("").to_string(), hit["story"].as_str().unwrap_or("").to_string()))
            .collect()
    };
    assert_eq!(stories(&stale), stories(&recomputed));
    let fake_story_of_a = hits(&stale).iter().filter(|hit| hit["story_size"] == 3).count();
    assert_eq!(fake_story_of_a, 0, "the stale table's three-article story is not used: {stale}");
}

#[test]
fn similar_leaves_out_the_articles_own_story_unless_asked() {
    let fixture = Fixture::new(0);
    let results = fixture.run(&["similar", fixture.id("a1"), "--no-collapse"]);
    let files = fixture.hit_files(&results);
    assert_eq!(files.first().map(String::as_str), Some("s1"), "the Antwerp dockers: {files:?}");
    assert!(!files.iter().any(|file| file.starts_with('a')), "{files:?}");
    assert!(hits(&results)[0]["passages"][0]["highlights"].as_array().is_some_and(|spans| !spans.is_empty()));
    let results = fixture.run(&["similar", fixture.id("a1"), "--same-story", "--no-collapse"]);
    let files = fixture.hit_files(&results);
    assert!(files.contains(&"a2".to_string()) && files.contains(&"a3".to_string()), "{files:?}");
    assert!(!files.contains(&"a1".to_string()), "never the article itself: {files:?}");
    // Collapsed (the default), a2 and a3 are one hit.
    let results = fixture.run(&["similar", fixture.id("a1"), "--same-story"]);
    let story_a: Vec<&Value> = hits(&results).iter().filter(|hit| hit["story_size"] == 3).collect();
    assert_eq!(story_a.len(), 1);
    assert_eq!(story_a[0]["more"].as_array().map(Vec::len), Some(1), "the third is the article itself");
    for unknown in ["0123456789abcdef", "not-an-id"] {
        let failed = fixture.env.newsdex(["similar", unknown, "--index", "index"]).assert().code(2);
        let stderr = String::from_utf8_lossy(&failed.get_output().stderr).into_owned();
        assert!(stderr.contains(&format!("no article has the id `{unknown}`")), "{stderr}");
    }
}

#[test]
fn stories_lists_the_largest_of_a_period_first() {
    let fixture = Fixture::new(0);
    let results = fixture.run(&["stories"]);
    let sizes: Vec<u64> =
        results["stories"].as_array().expect("stories").iter().map(|s| s["articles"].as_u64().expect("n")).collect();
    assert_eq!(sizes, [30, 3, 2], "stories of two or more, largest first");
    assert_eq!(results["total_stories"], 3);
    let story_a = &results["stories"][1];
    assert_eq!(story_a["first"], "2025-03-01T00:00:00Z");
    assert_eq!(story_a["last"], "2025-03-03T00:00:00Z");
    assert_eq!(story_a["people"][0], serde_json::json!({"value": "Jan de Vries", "count": 2}));
    assert_eq!(story_a["places"][0]["value"], "Netherlands");
    let titles: Vec<&str> =
        story_a["titles"].as_array().expect("titles").iter().map(|t| t["title"].as_str().expect("t")).collect();
    assert_eq!(titles[0], "Rotterdam dockers strike over crane automation", "oldest first");
    // A period: before June leaves the garden story out; a place keeps Kenya's story only.
    let spring = fixture.run(&["stories", "--until", "2025-05-31"]);
    let sizes: Vec<u64> =
        spring["stories"].as_array().expect("stories").iter().map(|s| s["articles"].as_u64().expect("n")).collect();
    assert_eq!(sizes, [3, 2]);
    let kenya = fixture.run(&["stories", "--place", "kenya", "--limit", "5"]);
    assert_eq!(kenya["stories"].as_array().map(Vec::len), Some(1));
    assert_eq!(kenya["stories"][0]["story_size"], 2);
    // A story cut by the period counts its articles within it, and says its whole size.
    let early = fixture.run(&["stories", "--until", "2025-03-02"]);
    assert_eq!(
        (early["stories"][0]["articles"].as_u64(), early["stories"][0]["story_size"].as_u64()),
        (Some(2), Some(3))
    );
    let limited = fixture.run(&["stories", "--limit", "1"]);
    assert_eq!(limited["stories"].as_array().map(Vec::len), Some(1));
    let text = fixture.env.newsdex(["stories", "--index", "index"]).assert().success();
    let text = String::from_utf8_lossy(&text.get_output().stdout).into_owned();
    assert!(text.contains("story ") && text.contains("3 articles, 2025-03-01 to 2025-03-03"), "{text}");
}
