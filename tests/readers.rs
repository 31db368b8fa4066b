//! Every reader on fixtures, broken ones included: bad files are skipped with their reason and
//! nothing else is lost.

use crate::common::{Env, highlighted, hits, strings};

#[test]
fn every_format_is_read_and_broken_files_are_reported_not_fatal() {
    let env = Env::new();
    env.write(
        "in/plain.txt",
        "Harbour cranes idle\n\nROTTERDAM, March 3 (Newsdex) - Dock workers walked out on Monday over automation.\n",
    );
    env.write(
        "in/header.txt",
        "Title: Vineyard frost\nDate: 2025-04-02\nLocation: Bordeaux\nPeople: Marie Lefort\nTopics: agriculture, weather\n\nA late frost damaged vineyards near Bordeaux overnight.\n",
    );
    env.write(
        "in/front.md",
        "---\ntitle: Tram line opens\ndate: 2025-06-01\nplaces: [Poland]\ntags: [transport]\n---\n\n## Opening\n\nThe **new tram** line in Kraków opened with [fanfare](https://example.org).\n",
    );
    env.write(
        "in/toml.md",
        "+++\ntitle = \"Ferry strike ends\"\ndate = 2025-05-04T09:00:00Z\ntags = [\"labour\"]\n+++\n\nFerry crews returned to work in Helsinki.\n",
    );
    env.write("in/one.json", r#"{"title": "Glacier retreat measured", "body": "Scientists measured glacier retreat in Greenland.", "date": "2024-09-01", "tags": ["science"]}"#);
    env.write(
        "in/ninjs.json",
        r#"[{"uri": "urn:1", "headline": "Quay extension approved", "body_text": "The port of Antwerp approved a quay extension.", "versioncreated": "2025-02-02T10:00:00Z", "located": "Antwerp", "subject": [{"name": "economy"}]}]"#,
    );
    env.write(
        "in/lines.jsonl",
        concat!(
            r#"{"@type": "NewsArticle", "headline": "Solar farm connected", "articleBody": "A solar farm near Seville was connected to the grid.", "datePublished": "2025-03-01T08:00:00Z", "keywords": "energy, environment"}"#,
            "\n",
            r#"{"headline": "broken line", "articleBody": "#,
            "\n",
            r#"{"headline": "Wind auction held", "articleBody": "Denmark held an offshore wind auction.", "datePublished": "2025-03-02T08:00:00Z"}"#,
            "\n"
        ),
    );
    env.write(
        "in/reuters.sgm",
        concat!(
            "<REUTERS TOPICS=\"YES\" NEWID=\"1\">\n<DATE>26-FEB-1987 15:01:01.79</DATE>\n<TOPICS><D>cocoa</D></TOPICS>\n<PLACES><D>el-salvador</D><D>usa</D></PLACES>\n<PEOPLE></PEOPLE>\n<ORGS></ORGS>\n",
            "<TEXT>&#2;\n<TITLE>BAHIA COCOA REVIEW</TITLE>\n<DATELINE>    SALVADOR, Feb 26 - </DATELINE><BODY>Showers continued throughout the week in the Bahia cocoa zone &lt;and&gt; more.\n Reuter\n&#3;</BODY></TEXT>\n</REUTERS>\n",
        ),
    );
    // Broken inputs.
    env.write("in/truncated.json", r#"{"title": "cut off", "body": "the file ends in the mid"#);
    env.write("in/badfront.md", "---\ntitle: [unclosed\ndate: : :\n---\n\nBody text.\n");
    env.write("in/binary.txt", b"\x00\x01\x02\x03binary\x00stuff");
    env.write("in/empty.txt", b"");
    env.write(
        "in/cp1252.txt",
        b"Caf\xe9 owners in Z\xfcrich\n\nZ\xfcrich caf\xe9 owners protested new rules \x96 and won.\n",
    );
    env.write("in/notes.csv", "ignored,file\n");
    #[cfg(unix)]
    {
        let fifo = env.path("in/pipe.txt");
        let status = std::process::Command::new("mkfifo").arg(&fifo).status().expect("run mkfifo");
        assert!(status.success(), "mkfifo failed");
        std::os::unix::fs::symlink(env.path("in"), env.path("in/loop")).expect("symlink loop");
    }

    let summary = env.index(&env.path("in"));
    let skipped = summary["skipped"].as_array().expect("skipped list");
    let reason_for = |name: &str| -> String {
        skipped
            .iter()
            .filter(|entry| entry["path"].as_str().unwrap_or_default().ends_with(name))
            .map(|entry| entry["reason"].as_str().unwrap_or_default().to_lowercase())
            .collect::<Vec<_>>()
            .join(" | ")
    };
    let line_of = |name: &str| {
        skipped
            .iter()
            .find(|entry| entry["path"].as_str().unwrap_or_default().ends_with(name))
            .map(|entry| entry["line"].clone())
    };
    assert!(reason_for("truncated.json").contains("json"), "truncated JSON reported: {skipped:?}");
    assert_eq!(line_of("truncated.json"), Some(serde_json::json!(1)), "with its line");
    assert!(!reason_for("badfront.md").is_empty(), "bad front matter reported: {skipped:?}");
    assert!(reason_for("binary.txt").contains("binary"), "binary file reported: {skipped:?}");
    assert!(reason_for("empty.txt").contains("empty"), "empty file reported: {skipped:?}");
    assert!(reason_for("lines.jsonl").contains("json"), "the bad JSONL line reported: {skipped:?}");
    assert_eq!(line_of("lines.jsonl"), Some(serde_json::json!(2)), "the bad line is line 2");
    #[cfg(unix)]
    {
        assert!(reason_for("pipe.txt").contains("fifo"), "FIFO reported, not opened: {skipped:?}");
        assert!(reason_for("loop").contains("loop"), "symlink loop reported: {skipped:?}");
    }
    let warnings = summary["warnings"].as_array().expect("warnings");
    assert!(
        warnings.iter().any(|w| w["path"].as_str().unwrap_or_default().ends_with("cp1252.txt")
            && w["message"].as_str().unwrap_or_default().contains("Windows-1252")),
        "Windows-1252 file decoded with a warning: {warnings:?}"
    );
    // plain, header, front, toml, one, ninjs, two of the three JSONL lines, reuters, cp1252
    assert_eq!(summary["articles_indexed"], 10, "every good article indexed: {summary}");
    assert_eq!(summary["files_ignored"], 1, "the CSV file is ignored");

    let cp1252 = env.search(&["zürich", "café"]);
    assert_eq!(cp1252["total_hits"], 1);
    let hit = &hits(&cp1252)[0];
    assert!(hit["body"].as_str().unwrap_or_default().contains("Zürich café owners protested new rules – and won"));

    let reuters = env.search(&["cocoa"]);
    let hit = &hits(&reuters)[0];
    assert_eq!(hit["title"], "BAHIA COCOA REVIEW");
    assert_eq!(hit["location"], "Salvador");
    assert!(hit["date"].as_str().unwrap_or_default().starts_with("1987-02-26T15:01:01"));
    assert_eq!(strings(hit, "places"), vec!["El Salvador", "United States"]);
    assert!(hit["body"].as_str().unwrap_or_default().contains("zone <and> more"), "entities decoded");

    let markdown = env.search(&["tram"]);
    let hit = &hits(&markdown)[0];
    assert_eq!(hit["title"], "Tram line opens");
    let body = hit["body"].as_str().unwrap_or_default();
    assert!(
        body.contains("new tram") && !body.contains("**") && !body.contains("](") && !body.contains("##"),
        "{body}"
    );

    let dateline = env.search(&["dock", "workers"]);
    let hit = &hits(&dateline)[0];
    assert_eq!(hit["title"], "Harbour cranes idle");
    assert_eq!(hit["location"], "Rotterdam");
    assert!(strings(hit, "extracted").contains(&"location".to_string()));

    let ninjs = env.search(&["quay"]);
    assert_eq!(hits(&ninjs)[0]["location"], "Antwerp");
    assert_eq!(strings(&hits(&ninjs)[0], "topics"), vec!["economy"]);
    let schema_org = env.search(&["solar"]);
    assert_eq!(strings(&hits(&schema_org)[0], "topics"), vec!["energy", "environment"]);
}

#[test]
fn highlight_offsets_are_byte_offsets_after_non_ascii_text() {
    let env = Env::new();
    env.write(
        "in/zurich.txt",
        "Zürich café talks — a first\n\nZürich — Owners of every café in Zürich’s old town met on Tuesday; the café owners’ association said rents had doubled. Café prices followed.\n",
    );
    env.index(&env.path("in"));
    let results = env.search(&["café", "rents"]);
    let hit = &hits(&results)[0];
    let spans = highlighted(hit);
    assert!(!spans.is_empty(), "passages have highlights: {hit}");
    for span in &spans {
        let lower = span.to_lowercase();
        assert!(lower == "café" || lower == "rents", "highlight {span:?} is a query word");
    }
    assert!(spans.iter().any(|span| span == "rents"));
}

/// A JSON Lines file of several batches (read on one thread while another indexes) loses no good
/// line, reports the bad one at its line, and numbers every article as its place in the file.
#[test]
fn multi_batch_json_lines_keep_every_good_line_in_file_order() {
    const LINES: usize = 2_600;
    const BAD_LINE: usize = 1_500;
    const BLANK_LINE: usize = 1_001;
    const CP1252_LINE: usize = 2_222;
    let mut bytes = Vec::new();
    // (external id, ordinal, line) of every good article.
    let mut expected = Vec::new();
    let mut ordinal = 0;
    for line in 1..=LINES {
        match line {
            BLANK_LINE => bytes.extend_from_slice(b"   "),
            BAD_LINE => bytes.extend_from_slice(br#"{"id": "broken", "title": "cut off"#),
            CP1252_LINE => bytes.extend_from_slice(
                format!(r#"{{"id": "n{line}", "title": "Quay report {line}", "body": "Harbour caf"#).as_bytes(),
            ),
            _ => bytes.extend_from_slice(
                format!(r#"{{"id": "n{line}", "title": "Quay report {line}", "body": "Harbour cranes moved {line} containers."}}"#)
                    .as_bytes(),
            ),
        }
        if line == CP1252_LINE {
            bytes.extend_from_slice(b"\xe9 reopened.\"}");
        }
        if line != BLANK_LINE && line != BAD_LINE {
            expected.push((format!("n{line}"), ordinal, line));
        }
        if line != BLANK_LINE {
            ordinal += 1;
        }
        bytes.push(b'\n');
    }
    let env = Env::new();
    let path = env.write("in/feed.jsonl", &bytes);

    let summary = env.index(&env.path("in"));
    assert_eq!(summary["articles_indexed"], expected.len(), "every good line indexed: {summary}");
    assert_eq!(summary["files_read"], 1);
    let skipped = summary["skipped"].as_array().expect("skipped list");
    assert_eq!(skipped.len(), 1, "only the bad line is skipped: {skipped:?}");
    assert_eq!(skipped[0]["path"], path.to_string_lossy().as_ref());
    assert_eq!(skipped[0]["line"], BAD_LINE);
    assert!(skipped[0]["reason"].as_str().unwrap_or_default().contains("JSON"), "{skipped:?}");
    let warnings = summary["warnings"].as_array().expect("warnings");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let warning = warnings[0]["message"].as_str().unwrap_or_default();
    assert!(warning.starts_with(&format!("line {CP1252_LINE} ")) && warning.contains("Windows-1252"), "{warning}");

    let results = env.search(&["harbour", "--limit", "10000", "--passages", "0"]);
    let mut seen: Vec<(String, u64, u64)> = hits(&results)
        .iter()
        .map(|hit| {
            let id = hit["external_id"].as_str().expect("external id").to_string();
            (id, hit["ordinal"].as_u64().expect("ordinal"), hit["line"].as_u64().expect("line"))
        })
        .collect();
    seen.sort_by_key(|(_, _, line)| *line);
    let expected: Vec<(String, u64, u64)> =
        expected.into_iter().map(|(id, ordinal, line)| (id, ordinal, line as u64)).collect();
    assert_eq!(seen.len(), expected.len(), "each good article once");
    let first_wrong = seen.iter().zip(&expected).find(|(got, want)| got != want);
    assert_eq!(first_wrong, None, "(external id, ordinal, line) as in the file");

    let decoded = env.search(&["café", "reopened"]);
    assert_eq!(decoded["total_hits"], 1);
    assert_eq!(hits(&decoded)[0]["line"], CP1252_LINE);
}

/// Tag filters fold accents before lowercasing: `İ` lowercased is `i` plus a combining dot, so
/// `place:istanbul` once found nothing for a place written `İstanbul`.
#[test]
fn regression_place_filters_find_dotted_capital_i_and_accented_names() {
    let env = Env::new();
    env.write(
        "in/istanbul.json",
        r#"{"title": "Ferry strike", "places": ["İstanbul", "Zürich", "Kraków"], "body": "Ferry crews stopped work on Monday."}"#,
    );
    env.index(&env.path("in"));
    for filter in ["place:istanbul", "place:İstanbul", "place:zurich", "place:krakow", "place:KRAKÓW"] {
        assert_eq!(env.search(&[filter])["total_hits"], 1, "{filter}");
    }
}
