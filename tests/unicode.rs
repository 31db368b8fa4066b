//! Real-archive Unicode in the sample corpus (the ✱ articles of `corpus/.catalog.md`): prices
//! right before a city or a name (`at £1.3bn London traders said`), curly quotes, dashes and
//! ellipses, no-break and zero-width spaces, a byte-order mark, accented and non-Latin names, and
//! whole articles in French and German.
//!
//! Each article's test asserts what extraction finds in it and should find. What extraction misses
//! or gets wrong in these articles is left out on purpose (those are bugs for their own issues, not
//! behaviour to pin down); a cut character or a symbol glued to a name would fail [`assert_clean`].

use std::collections::BTreeSet;
use std::sync::OnceLock;

use serde_json::Value;

use crate::common::{Env, corpus, corpus_index, highlighted, hits, run_json_lines, strings};

const LONDON: &str = "2025-11-18-london-exchange-takeover.txt";
const MUMBAI: &str = "2026-01-22-mumbai-container-berths.txt";
const ISTANBUL: &str = "2025-12-03-istanbul-electric-ferries.txt";
const ATHENS: &str = "2026-02-05-athens-metro-line-four.md";
const LYON: &str = "2025-10-14-lyon-tramway-venissieux.txt";
const LEIPZIG: &str = "2026-03-10-leipzig-flood-defences.json";
/// Osaka (line 1) and Sofia (line 2).
const OSAKA_SOFIA: &str = "plain-2025-transport-osaka-sofia.jsonl";
const GDANSK: &str = "2024-10-21-gdansk-shipyard-offshore-wind.txt";

const FILES: [&str; 8] = [LONDON, MUMBAI, ISTANBUL, ATHENS, LYON, LEIPZIG, OSAKA_SOFIA, GDANSK];

/// `newsdex extract FILE... --json` on the Unicode articles, once for all the tests here.
fn extracted() -> &'static [Value] {
    static ARTICLES: OnceLock<Vec<Value>> = OnceLock::new();
    ARTICLES.get_or_init(|| {
        let env = Env::new();
        let mut command = env.newsdex(["extract", "--json"]);
        command.args(FILES.iter().map(|file| corpus().join(file)));
        let (articles, stderr) = run_json_lines(&mut command);
        // Extraction reports a skipped file, a bad line, a decoding fallback or a caught panic on
        // stderr and goes on: none of them may happen here.
        assert!(stderr.is_empty(), "stderr: {stderr}");
        assert_eq!(articles.len(), FILES.len() + 1, "one article a file, two in {OSAKA_SOFIA}");
        articles
    })
}

/// The `ordinal`-th article of `file`.
fn article(file: &str, ordinal: u64) -> &'static Value {
    extracted()
        .iter()
        .find(|article| {
            article["path"].as_str().is_some_and(|path| path.ends_with(file)) && article["ordinal"] == ordinal
        })
        .unwrap_or_else(|| panic!("{file} #{ordinal} extracted"))
}

fn set(values: &[&str]) -> BTreeSet<String> {
    values.iter().map(|value| (*value).to_string()).collect()
}

/// Title, date (day), language and, when given, location.
#[track_caller]
fn assert_basics(article: &Value, title: &str, location: Option<&str>, day: Option<&str>, language: &str) {
    assert_eq!(article["title"], title, "title");
    if let Some(location) = location {
        assert_eq!(article["location"], location, "location of {title}");
    }
    if let Some(day) = day {
        assert!(article["date"].as_str().is_some_and(|date| date.starts_with(day)), "{day}: {}", article["date"]);
    }
    assert_eq!(article["language"], language, "language of {title}");
}

/// The dateline place and its country come first, each with its ISO code; `others` are listed too.
#[track_caller]
fn assert_places(article: &Value, first: &[(&str, &str)], others: &[&str]) {
    let places = strings(article, "places");
    for (index, (place, code)) in first.iter().enumerate() {
        assert_eq!(places.get(index).map(String::as_str), Some(*place), "{place} at {index} in {places:?}");
        assert_eq!(article["place_countries"][index], *code, "{place}'s country code");
    }
    for place in others {
        assert!(places.iter().any(|listed| listed == place), "{place} in {places:?}");
    }
}

/// People and places are whole names: no currency sign, quote, dash, ellipsis or invisible
/// character glued to them, none cut inside a character or a word.
#[track_caller]
fn assert_clean(article: &Value) {
    for field in ["people", "places"] {
        for name in strings(article, field) {
            let is_name_char = |c: char| c.is_alphabetic() || matches!(c, ' ' | '-' | '.' | '’' | '\'');
            assert!(
                name.chars().all(is_name_char)
                    && name.starts_with(char::is_uppercase)
                    && name.ends_with(|c: char| c.is_alphabetic() || c == '.'),
                "{field}: {name:?} ({:?})",
                name.chars().map(|c| format!("U+{:04X}", u32::from(c))).collect::<Vec<_>>()
            );
        }
    }
}

#[test]
fn prices_right_before_cities_and_people_in_london() {
    let london = article(LONDON, 0);
    assert_basics(
        london,
        "Amsterdam clearing group agrees £1.3bn takeover of London’s Thameside exchange",
        Some("London"),
        Some("2025-11-18"),
        "en",
    );
    // `€1.5bn Paris bankers` is Paris's mention in the lead (the other follows `“`), `a £2bn
    // Manchester waterfront scheme` and `¥21bn Tokyo filings` their cities' only mentions.
    assert_places(
        london,
        &[("London", "GB"), ("United Kingdom", "GB")],
        &["Amsterdam", "Netherlands", "Paris", "France", "Manchester", "Tokyo", "Japan"],
    );
    // `£450,000 Ayşe Yıldırım would receive` and `Yıldırım told`: one person, spelled exactly.
    assert_eq!(
        strings(london, "people").into_iter().collect::<BTreeSet<_>>(),
        set(&["Ayşe Yıldırım", "Siobhán O’Connor"])
    );
    let extracted = strings(london, "extracted");
    for field in ["date", "location", "places", "people"] {
        assert!(extracted.iter().any(|marked| marked == field), "{field} extracted: {extracted:?}");
    }
    assert_clean(london);
}

#[test]
fn no_break_and_zero_width_spaces_and_rupees_in_mumbai() {
    let mumbai = article(MUMBAI, 0);
    // The dateline day is `Jan<U+00A0>22`.
    assert_basics(
        mumbai,
        "Vietnamese operator wins ₹4,500 crore concession for new Mumbai container berths",
        Some("Mumbai"),
        Some("2026-01-22"),
        "en",
    );
    // `a ₹300<U+00A0>crore Pune logistics park` is Pune's only mention.
    assert_places(mumbai, &[("Mumbai", "IN"), ("India", "IN")], &["Vietnam", "Pune", "Chennai"]);
    // `Rohan<U+200B> Mehta`: zero-width spaces are dropped on reading, so he is one person.
    assert_eq!(
        strings(mumbai, "people").into_iter().collect::<BTreeSet<_>>(),
        set(&["Nguyễn Thị Lan", "Rohan Mehta", "Kavita Raghunathan"])
    );
    assert!(!mumbai["body"].as_str().unwrap_or_default().contains('\u{200B}'));
    assert_clean(mumbai);
}

#[test]
fn a_byte_order_mark_and_dotted_capital_i_in_istanbul() {
    let istanbul = article(ISTANBUL, 0);
    let title = "İstanbul orders 18 electric ferries in €240m Bosphorus overhaul";
    // `İSTANBUL` title-cased whole: `İ` kept, no stray combining dot (U+0307).
    assert_basics(istanbul, title, Some("İstanbul"), Some("2025-12-03"), "en");
    let read_title = istanbul["title"].as_str().expect("a title");
    assert!(read_title.starts_with('\u{130}') && !read_title.contains('\u{feff}'), "{read_title:?}");
    let body = istanbul["body"].as_str().expect("a body");
    assert!(body.starts_with("İSTANBUL, Dec 3 (Newsdex) - ") && !body.contains('\u{feff}'), "{body:.40}");
    assert_places(istanbul, &[("İstanbul", "TR"), ("Turkey", "TR")], &["Yalova"]);
    assert_eq!(
        strings(istanbul, "people").into_iter().collect::<BTreeSet<_>>(),
        set(&["Mehmet Öztürk", "Elif Şahin", "Çağatay Güneş"])
    );
    assert_clean(istanbul);
}

#[test]
fn greek_script_names_inside_english_text_in_athens() {
    let athens = article(ATHENS, 0);
    // The front matter gives the title and date; the location comes from `**ATHENS** —`.
    assert_basics(
        athens,
        "Athens approves €1.1bn metro extension to the southern suburbs",
        Some("Athens"),
        Some("2026-02-05"),
        "en",
    );
    assert!(strings(athens, "extracted").iter().any(|field| field == "location"));
    assert_places(athens, &[("Athens", "GR"), ("Greece", "GR")], &[]);
    // `Transport Minister Katerina Lamprou (Κατερίνα Λάμπρου) said`.
    let people = strings(athens, "people");
    assert!(people.iter().any(|person| person == "Katerina Lamprou"), "{people:?}");
    assert_clean(athens);
}

#[test]
fn a_french_article_is_french() {
    let lyon = article(LYON, 0);
    // The headline has a no-break space before its colon, French style.
    assert_basics(
        lyon,
        "Lyon\u{a0}: la ligne de tramway T10 prolongée jusqu’à Vénissieux d’ici 2028",
        None,
        None,
        "fr",
    );
    assert_places(lyon, &[], &["Lyon", "France"]);
    assert_clean(lyon);
}

#[test]
fn a_german_article_is_german() {
    let leipzig = article(LEIPZIG, 0);
    // `LEIPZIG (Newsdex) – Die Stadt …`: the dpa-style dateline gives the location.
    assert_basics(
        leipzig,
        "Leipzig baut den Hochwasserschutz an der Weißen Elster für 46 Millionen Euro aus",
        Some("Leipzig"),
        Some("2026-03-10"),
        "de",
    );
    assert_places(leipzig, &[("Leipzig", "DE"), ("Germany", "DE")], &[]);
    assert_clean(leipzig);
}

#[test]
fn macrons_and_kanji_in_osaka() {
    let osaka = article(OSAKA_SOFIA, 0);
    assert_basics(
        osaka,
        "Osaka commuter line gets ¥86bn driverless upgrade before 2030",
        Some("Osaka"),
        Some("2025-09-09"),
        "en",
    );
    // `have cost ¥1.2bn Tokyo operators` and `“Kyoto spent …`: each city's only mention.
    assert_places(osaka, &[("Osaka", "JP"), ("Japan", "JP")], &["Tokyo", "Kyoto", "Sakai"]);
    // `said president Ryōta Hayashi (林亮太), who …`.
    assert_eq!(strings(osaka, "people").into_iter().collect::<BTreeSet<_>>(), set(&["Ryōta Hayashi", "Yūko Ōhashi"]));
    assert_clean(osaka);
}

#[test]
fn cyrillic_names_inside_english_text_in_sofia() {
    let sofia = article(OSAKA_SOFIA, 1);
    assert_basics(
        sofia,
        "Sofia to replace its oldest trams as EU fund pays most of the bill",
        Some("Sofia"),
        Some("2025-06-30"),
        "en",
    );
    // `a local manufacturer—Plovdiv’s Trakia Rail Works—`: Plovdiv's only mention.
    assert_places(sofia, &[("Sofia", "BG"), ("Bulgaria", "BG")], &["Plovdiv"]);
    // `Deputy Mayor Mariya Petrova (Мария Петрова) said`.
    let people = strings(sofia, "people");
    assert!(people.iter().any(|person| person == "Mariya Petrova"), "{people:?}");
    assert_clean(sofia);
}

#[test]
fn polish_letters_in_gdansk() {
    let gdansk = article(GDANSK, 0);
    // `Gdańsk | …`; the day is `on 21 October`, the year the file name's.
    assert_basics(
        gdansk,
        "Gdańsk shipyard wins first offshore wind order in 30 years",
        Some("Gdańsk"),
        Some("2024-10-21"),
        "en",
    );
    assert_places(gdansk, &[], &["Poland", "Warsaw"]);
    assert_eq!(
        strings(gdansk, "people").into_iter().collect::<BTreeSet<_>>(),
        set(&["Tomasz Wałęsa", "Małgorzata Żółkiewska"])
    );
    assert_clean(gdansk);
}

/// The file name of a hit.
fn file_of(hit: &Value) -> &str {
    hit["path"].as_str().and_then(|path| path.rsplit('/').next()).unwrap_or_default()
}

/// The files of a search's hits, in rank order.
fn files_found(env: &Env, query: &str) -> Vec<String> {
    hits(&env.search(&[query, "--limit", "100"])).iter().map(|hit| file_of(hit).to_string()).collect()
}

#[test]
fn the_corpus_indexes_whole_and_unicode_names_are_found() {
    let (index, summary) = corpus_index();
    let env = Env::reading(index);
    assert_eq!(summary["skipped"].as_array().map(Vec::len), Some(0), "nothing skipped: {summary}");
    assert_eq!(summary["warnings"].as_array().map(Vec::len), Some(0), "no warning: {summary}");
    let everything = env.search(&["*", "--limit", "1000", "--no-collapse"]);
    assert_eq!(everything["total_hits"], summary["articles_indexed"]);
    for file in FILES {
        let articles = hits(&everything).iter().filter(|hit| file_of(hit) == file).count();
        assert_eq!(articles, if file == OSAKA_SOFIA { 2 } else { 1 }, "{file} indexed");
    }

    // Words in any script, any case; the title and body keep their accents, so an accented
    // word is found as written (`walesa` finds nothing there), while tag filters fold accents.
    assert_eq!(files_found(&env, "Wałęsa"), [GDANSK]);
    assert_eq!(files_found(&env, "WAŁĘSA"), [GDANSK]);
    assert_eq!(files_found(&env, "person:walesa"), [GDANSK]);
    assert_eq!(files_found(&env, "person:\"tomasz walesa\""), [GDANSK]);
    assert_eq!(files_found(&env, "person:ayse-yildirim"), [LONDON]);
    assert_eq!(files_found(&env, "person:\"nguyen thi lan\""), [MUMBAI]);
    assert_eq!(files_found(&env, "Λάμπρου"), [ATHENS]);
    assert_eq!(files_found(&env, "Петрова"), [OSAKA_SOFIA]);
    assert_eq!(files_found(&env, "林亮太"), [OSAKA_SOFIA]);
    // `ship-to-<U+200B>shore`: the zero-width space separates words like the hyphens.
    assert_eq!(files_found(&env, "\"ship to shore\""), [MUMBAI]);

    // Language tags.
    for (language, file) in [("fr", LYON), ("de", LEIPZIG)] {
        let results = env.search(&[&format!("lang:{language}"), "--limit", "100"]);
        assert!(hits(&results).iter().any(|hit| file_of(hit) == file), "lang:{language} finds {file}");
        assert!(hits(&results).iter().all(|hit| hit["language"] == language));
    }

    // A highlight right after a two-byte `£`: `worth £38m at the offer price`.
    let results = env.search(&["38m"]);
    let hit = &hits(&results)[0];
    assert_eq!(file_of(hit), LONDON);
    assert_eq!(highlighted(hit), ["38m"]);
    let after_pound = hit["passages"].as_array().into_iter().flatten().any(|passage| {
        let text = passage["text"].as_str().unwrap_or_default();
        passage["highlights"].as_array().into_iter().flatten().any(|range| {
            let start = range[0].as_u64().unwrap_or_default() as usize;
            text.get(..start).is_some_and(|before| before.ends_with("worth £"))
        })
    });
    assert!(after_pound, "the highlight starts right after `£`: {}", hit["passages"]);

    // Highlights around multi-byte letters cover the whole word.
    let results = env.search(&["Yıldırım"]);
    let hit = &hits(&results)[0];
    assert_eq!(file_of(hit), LONDON);
    let spans = highlighted(hit);
    assert!(!spans.is_empty() && spans.iter().all(|span| span == "Yıldırım"), "{spans:?}");

    // The file that starts with a byte-order mark: its title has none.
    let results = env.search(&["title:ferries"]);
    let hit = &hits(&results)[0];
    assert_eq!(file_of(hit), ISTANBUL);
    assert_eq!(hit["title"], "İstanbul orders 18 electric ferries in €240m Bosphorus overhaul");
}

#[test]
fn decomposed_accents_and_soft_hyphens_are_read_as_one_spelling() {
    // As files written on macOS (NFD) and web copy (soft hyphens inside long words) have them.
    let env = Env::new();
    env.write(
        "in/2026-02-01-nfd.txt",
        "Union talks\n\nLYON, Feb 1 (Newsdex) - Zoe\u{308} Lefe\u{300}vre said the Gewerk\u{AD}schaft would sign.\n",
    );
    env.write("in/2026-02-02-nfc.json", r#"{"title": "Zoë Lefèvre in Lyon", "body": "Zoë Lefèvre met the union."}"#);
    env.index(&env.path("in"));
    assert_eq!(env.search(&["Lefèvre"])["total_hits"], 2, "NFD and NFC spellings are one word");
    assert_eq!(env.search(&["gewerkschaft"])["total_hits"], 1, "a soft hyphen does not split a word");
    let found = env.search(&["person:\"zoë lefèvre\"", "--limit", "5"]);
    assert_eq!(found["total_hits"], 1, "the NFD article's extracted person is the NFC name: {found}");
    assert!(hits(&found).iter().all(|hit| strings(hit, "people").contains(&"Zoë Lefèvre".to_string())));
}
