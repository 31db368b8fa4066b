//! `newsdex extract`: the seed articles extract as a reader would, and a custom taxonomy replaces the
//! bundled one.

use std::path::Path;
use std::process::{Command as StdCommand, Stdio};

use serde_json::Value;

use crate::common::{Env, run_json_lines, shared, strings};

fn extract_json(env: &Env, args: &[&str]) -> Vec<Value> {
    let mut command = env.newsdex(["extract"]);
    command.args(args).arg("--json");
    let (articles, _stderr) = run_json_lines(&mut command);
    articles
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
    let seeds = shared("corpora/seeds");
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

/// Instructions `newsdex extract FILE --json` executes, as valgrind counts them (cachegrind
/// without its cache simulation): the same count on every machine and under any load, so growth
/// can be compared where wall time could not.
fn instructions_to_extract(env: &Env, file: &Path) -> u64 {
    let output = StdCommand::new("valgrind")
        .args(["--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"])
        .arg(assert_cmd::cargo::cargo_bin("newsdex"))
        .arg("extract")
        .arg(file)
        .arg("--json")
        .current_dir(env.dir.path())
        .stdout(Stdio::null())
        .output()
        .unwrap_or_else(|error| {
            panic!("valgrind counts the instructions of this test ({error}); install it (Debian package `valgrind`)")
        });
    let report = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "newsdex extract under valgrind failed: {report}");
    let refs = report
        .lines()
        .find_map(|line| line.split_once("I   refs:").or_else(|| line.split_once("I    refs:")))
        .map(|(_, count)| count.trim().replace(',', ""))
        .unwrap_or_else(|| panic!("no instruction count in valgrind's report: {report}"));
    refs.parse().unwrap_or_else(|_| panic!("instruction count {refs:?}"))
}

/// Extraction's work grows in proportion to the text: a long article full of candidate names (each
/// checked against facts about the whole text) costs twice as much when it is twice as long, not
/// four times. Start-up (tables, gazetteer) is the same at every length and cancels out in the
/// differences between lengths.
#[test]
fn extraction_work_grows_linearly_with_the_text() {
    let env = Env::new();
    let paragraph = "Officials said. Hecla said it grew. Hecla Mining rose. Mikulic said so. ";
    let lengths = [500, 1_000, 2_000];
    let counts: Vec<u64> = lengths
        .iter()
        .map(|&repeats| {
            let file =
                env.write(&format!("long-{repeats}.txt"), format!("Mining report\n\n{}\n", paragraph.repeat(repeats)));
            instructions_to_extract(&env, &file)
        })
        .collect();
    // The candidates are checked, not just counted: a company that `said it`, a company word, a
    // common word at a sentence start; only Mikulic is a person.
    let longest = env.path(&format!("long-{}.txt", lengths[2]));
    let articles = extract_json(&env, &[longest.to_str().expect("a UTF-8 temp path")]);
    assert_eq!(strings(&articles[0], "people"), ["Mikulic"]);
    let first_step = counts[1].saturating_sub(counts[0]);
    let second_step = counts[2].saturating_sub(counts[1]);
    println!("instructions for {lengths:?} paragraphs: {counts:?}");
    assert!(first_step > 0, "a longer text costs more: {counts:?}");
    // Linear work doubles from one step to the next (500 more paragraphs, then 1,000 more);
    // quadratic work would quadruple.
    let growth = second_step as f64 / first_step as f64;
    assert!(growth < 2.5, "extraction grows faster than the text: step ratio {growth:.2} ({counts:?})");
}
