//! Companies through the binary: `company:` finds companies alone, `org:` finds them among the
//! organizations, `--facets` counts both, and `newsdex extract` finds the companies of the
//! fixture articles in `tests/data/entities/companies/` (a tuning set, asserted exactly, and a
//! held-out set, asserted with a floor and reported).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

use crate::common::{Env, hits, run_json_lines, strings};

fn facet<'a>(results: &'a Value, kind: &str) -> Vec<(&'a str, u64)> {
    results["facets"][kind]
        .as_array()
        .expect("facets asked for")
        .iter()
        .map(|count| (count["value"].as_str().expect("a value"), count["count"].as_u64().expect("a count")))
        .collect()
}

fn titles(results: &Value) -> BTreeSet<String> {
    hits(results).iter().map(|hit| hit["title"].as_str().unwrap_or_default().to_string()).collect()
}

/// Two articles naming Boeing (one as `Boeing Co`), one naming the IMF and no company, and one
/// whose file gives its company.
fn company_env() -> Env {
    let env = Env::new();
    env.write(
        "news/tanker.txt",
        "Tanker deal\n\nBoeing Co said on Tuesday it would appeal the tanker award. Shares of Boeing fell 2 percent.\n",
    );
    env.write(
        "news/jets.txt",
        "Jet orders\n\nBudget airline Ryanair ordered 50 jets from Boeing. Ryanair's chief executive said fares would fall.\n",
    );
    env.write(
        "news/imf.txt",
        "Fund talks\n\nThe International Monetary Fund said on Monday that growth would slow in Europe.\n",
    );
    env.write(
        "news/given.json",
        r#"{"title": "Widget results", "body": "Profits rose at the widget maker.", "companies": ["Acme Widgets"]}"#,
    );
    env.index(&env.path("news"));
    env
}

#[test]
fn company_and_org_filters_find_companies_and_facets_count_them() {
    let env = company_env();
    let boeing = env.search(&["company:boeing", "--facets"]);
    assert_eq!(titles(&boeing), BTreeSet::from(["Tanker deal".to_string(), "Jet orders".to_string()]));
    for hit in hits(&boeing) {
        assert!(strings(hit, "companies").contains(&"Boeing".to_string()), "a hit shows its companies: {hit}");
        assert!(strings(hit, "orgs").contains(&"Boeing".to_string()), "companies are organizations: {hit}");
    }
    assert_eq!(facet(&boeing, "companies"), [("Boeing", 2), ("Ryanair", 1)]);
    assert_eq!(facet(&boeing, "orgs"), [("Boeing", 2), ("Ryanair", 1)]);

    assert_eq!(titles(&env.search(&["org:boeing"])), titles(&boeing), "org: finds companies too");
    assert_eq!(titles(&env.search(&["org:imf"])), BTreeSet::from(["Fund talks".to_string()]));
    assert!(hits(&env.search(&["company:imf"])).is_empty(), "the IMF is an organization, not a company");

    let given = env.search(&["company:\"acme widgets\""]);
    assert_eq!(titles(&given), BTreeSet::from(["Widget results".to_string()]));
    assert_eq!(titles(&env.search(&["org:\"acme widgets\""])), titles(&given), "a given company is an org too");

    let everything = env.search(&["*", "--facets"]);
    let companies = facet(&everything, "companies");
    assert_eq!(companies, [("Boeing", 2), ("Acme Widgets", 1), ("Ryanair", 1)]);
    let orgs = facet(&everything, "orgs");
    assert!(orgs.contains(&("IMF", 1)) && orgs.contains(&("Boeing", 2)), "{orgs:?}");
}

/// Each article's expected companies, from the folder's `expected.tsv` (`file<TAB>A; B`).
fn expected(folder: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let table = std::fs::read_to_string(folder.join("expected.tsv")).expect("expected.tsv beside the articles");
    table
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let (file, names) = line.split_once('\t').unwrap_or((line, ""));
            let names = names.split("; ").filter(|name| !name.is_empty()).map(str::to_string).collect();
            (file.to_string(), names)
        })
        .collect()
}

/// Each article's extracted companies, by file name.
fn extracted(env: &Env, folder: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut command = env.newsdex(["extract"]);
    command.arg(folder).arg("--json");
    let (articles, _) = run_json_lines(&mut command);
    articles
        .iter()
        .map(|article| {
            let path = article["path"].as_str().expect("a path");
            let file = Path::new(path).file_name().expect("a file name").to_string_lossy().into_owned();
            (file, strings(article, "companies").into_iter().collect())
        })
        .collect()
}

/// (true positives, extracted, expected) over a folder.
fn score(env: &Env, folder: &Path) -> (usize, usize, usize, Vec<String>) {
    let expected = expected(folder);
    let extracted = extracted(env, folder);
    assert_eq!(extracted.keys().collect::<Vec<_>>(), expected.keys().collect::<Vec<_>>(), "every article listed");
    let (mut right, mut found, mut wanted, mut differences) = (0, 0, 0, Vec::new());
    for (file, want) in &expected {
        let got = &extracted[file];
        right += got.intersection(want).count();
        found += got.len();
        wanted += want.len();
        if got != want {
            differences.push(format!("{file}: extracted {got:?}, expected {want:?}"));
        }
    }
    (right, found, wanted, differences)
}

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/entities/companies");

#[test]
fn the_tuning_articles_give_exactly_their_companies() {
    let env = Env::new();
    let (_, _, wanted, differences) = score(&env, &Path::new(FIXTURES).join("tune"));
    assert!(wanted > 25, "the tuning set holds {wanted} companies");
    assert!(differences.is_empty(), "companies differ:\n{}", differences.join("\n"));
}

#[test]
fn the_held_out_articles_keep_a_floor() {
    let env = Env::new();
    let (right, found, wanted, differences) = score(&env, &Path::new(FIXTURES).join("heldout"));
    let precision = right as f64 / found.max(1) as f64;
    let recall = right as f64 / wanted.max(1) as f64;
    eprintln!("held-out companies: precision {precision:.2}, recall {recall:.2}\n{}", differences.join("\n"));
    assert!(
        precision >= 0.8 && recall >= 0.6,
        "precision {precision:.2}, recall {recall:.2}:\n{}",
        differences.join("\n")
    );
}
