//! Articles in other languages (`tests/data/languages/`, short news items written for the project,
//! one per language, two in German): each is detected (or, for Norwegian, given) as its language and stemmed with
//! that language's stemmer, a query is analyzed for every language the index holds, and English is
//! stemmed as before.
//!
//! Each stemmed match below is one the English stemmer misses (checked for some in
//! `index::schema`'s unit tests) and names a word the article does not contain as typed, so only
//! the language's stems can find it.

use std::path::PathBuf;
use std::sync::OnceLock;

use serde_json::Value;

use crate::common::{Env, highlighted, hits, index_into, search_json};

/// The folder of the articles.
fn articles() -> PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/languages")
}

/// An index of [`articles`], built once for the tests here.
fn index() -> &'static PathBuf {
    static INDEX: OnceLock<PathBuf> = OnceLock::new();
    INDEX.get_or_init(|| {
        let env = Env::new();
        let index = env.path("languages-index");
        let summary = index_into(&env, &articles(), &index);
        assert_eq!(summary["articles_indexed"], 15, "{summary}");
        let _kept = env.dir.keep();
        index
    })
}

/// `newsdex search ARGS --json --no-collapse` on [`index`].
fn search(args: &[&str]) -> Value {
    let env = Env::reading(index());
    let mut all = args.to_vec();
    all.push("--no-collapse");
    search_json(&env, index(), &all)
}

/// The file name of a hit.
fn file_of(hit: &Value) -> String {
    let path = hit["path"].as_str().expect("a path");
    path.rsplit(['/', '\\']).next().unwrap_or(path).to_string()
}

/// The files `args` finds.
fn files(args: &[&str]) -> Vec<String> {
    hits(&search(args)).iter().map(file_of).collect()
}

/// `query` finds the article of `language` (its file starts with the code), and only in that
/// language; the article does not contain `query` as typed, and its passages mark `written`.
#[track_caller]
fn assert_stemmed_match(language: &str, query: &str, written: &str) {
    let results = search(&[query]);
    let found: Vec<&Value> = hits(&results).iter().filter(|hit| hit["language"] == language).collect();
    assert_eq!(found.len(), 1, "{query:?} finds the {language} article: {results}");
    let hit = found[0];
    assert!(file_of(hit).starts_with(&format!("{language}-")), "{}", file_of(hit));
    let text = format!("{} {}", hit["title"].as_str().unwrap_or_default(), hit["body"].as_str().unwrap_or_default());
    let words: Vec<String> = text.split(|c: char| !c.is_alphanumeric()).map(str::to_lowercase).collect();
    assert!(!words.contains(&query.to_lowercase()), "{query:?} is in the {language} article as typed");
    assert!(words.contains(&written.to_lowercase()), "{written:?} is in the {language} article");
    let marked = highlighted(hit);
    assert!(marked.iter().any(|span| span == written), "{query:?} marks {written:?} in {language}: {marked:?}");
}

#[test]
fn every_article_is_in_its_language() {
    let results = search(&["*", "--limit", "100"]);
    assert_eq!(hits(&results).len(), 15);
    for hit in hits(&results) {
        let file = file_of(hit);
        let code = file.split('-').next().expect("a code");
        assert_eq!(hit["language"], code, "{file}");
    }
}

#[test]
fn german_plurals_and_french_adjectives_are_found_by_their_stems() {
    assert_stemmed_match("de", "Gewerkschaft", "Gewerkschaften");
    assert_stemmed_match("de", "Regierung", "Regierungen");
    assert_stemmed_match("fr", "nationale", "nationaux");
}

#[test]
fn each_language_is_stemmed_with_its_own_stemmer() {
    for (language, query, written) in [
        ("es", "elección", "elecciones"),
        ("it", "ministra", "ministri"),
        ("it", "sciopero", "scioperi"),
        ("pt", "trabalhadora", "trabalhadores"),
        ("nl", "staking", "stakingen"),
        ("sv", "regering", "Regeringen"),
        ("nb", "regjering", "Regjeringen"),
        ("da", "regering", "Regeringen"),
        ("fi", "lakko", "lakon"),
        ("ro", "guvern", "Guvernul"),
        ("ru", "правительство", "правительства"),
        ("ru", "забастовка", "забастовки"),
        ("tr", "hükümet", "hükümetin"),
    ] {
        assert_stemmed_match(language, query, written);
    }
}

#[test]
fn english_is_stemmed_as_before() {
    assert_eq!(files(&["strike"]), ["en-dockworkers-strikes.txt"]);
    let results = search(&["strike"]);
    assert!(highlighted(&hits(&results)[0]).contains(&"strikes".to_string()));
    // An English word stemmed by another language's rules finds nothing new in English.
    assert_eq!(files(&["dockworker"]), ["en-dockworkers-strikes.txt"]);
}

#[test]
fn lang_filters_as_before() {
    // `grev` is a stem of French, Romanian, Portuguese and Turkish words.
    let all = files(&["grev"]);
    assert!(all.len() >= 3, "{all:?}");
    assert_eq!(files(&["grev", "lang:tr"]), ["tr-isciler-grev.txt"]);
    assert_eq!(files(&["grev lang:turkish"]), ["tr-isciler-grev.txt"]);
    let mut german = files(&["lang:de"]);
    german.sort();
    assert_eq!(german, ["de-flughafen-warnstreik.txt", "de-gewerkschaften-streik.txt"]);
    assert_eq!(files(&["regering -lang:sv"]), ["da-regeringen-strejke.txt"]);
    assert!(files(&["Gewerkschaft", "lang:fr"]).is_empty());
}

#[test]
fn phrases_and_fields_use_the_language_stems() {
    // Both words stemmed in French: the phrase matches `syndicats nationaux`.
    assert_eq!(files(&["\"syndicat nationale\""]), ["fr-syndicats-nationaux.txt"]);
    assert!(files(&["\"nationale syndicat\""]).is_empty(), "a phrase keeps its order");
    assert_eq!(files(&["title:regierung"]), ["de-gewerkschaften-streik.txt"]);
    assert!(files(&["title:haushalt"]).is_empty(), "only in the German body");
    assert_eq!(files(&["body:haushalt"]), ["de-gewerkschaften-streik.txt"]);
    assert_eq!(files(&["Gewerkschaft Regierung"]), ["de-gewerkschaften-streik.txt"]);
    assert!(files(&["Gewerkschaft -Regierung"]).is_empty());
    let any = files(&["Gewerkschaft OR strike"]);
    assert_eq!(any.len(), 2, "{any:?}");
}

#[test]
fn similar_and_the_article_view_work_in_other_languages() {
    let results = search(&["Gewerkschaft"]);
    let id = hits(&results)[0]["id"].as_str().expect("an id").to_string();
    // The other German article shares its strike words (`Warnstreiks`, `Beschäftigten`, `Löhne`).
    let env = Env::reading(index());
    let mut command = env.newsdex(["similar", &id, "--json", "--index"]);
    command.arg(index());
    let similar = crate::common::run_json(&mut command);
    let similar_files: Vec<String> = hits(&similar).iter().map(file_of).collect();
    assert_eq!(similar_files, ["de-flughafen-warnstreik.txt"], "{similar}");
    let marked = highlighted(&hits(&similar)[0]);
    assert!(marked.iter().any(|span| span == "Warnstreiks" || span == "Beschäftigten"), "{marked:?}");

    // The article view (what `serve` shows) marks the German stem's forms.
    let searcher = newsdex::search::Searcher::new(newsdex::index::reader::open(index()).expect("opens"));
    let request = newsdex::search::SearchRequest { query: "Regierung".into(), ..Default::default() };
    let article = searcher.article(&id, Some(&request)).expect("reads").expect("the article");
    let marked: Vec<&str> = article.body_highlights.iter().map(|range| &article.body[range.clone()]).collect();
    assert_eq!(marked, ["Regierungen"]);
    let title = article.summary.fields().expect("fields").title.unwrap_or_default().to_string();
    let title_marked: Vec<&str> = article.title_highlights.iter().map(|range| &title[range.clone()]).collect();
    assert_eq!(title_marked, ["Regierungen"]);
}
