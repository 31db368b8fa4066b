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
    assert!(reason_for("truncated.json").contains("line"), "truncated JSON reported with a line: {skipped:?}");
    assert!(!reason_for("badfront.md").is_empty(), "bad front matter reported: {skipped:?}");
    assert!(reason_for("binary.txt").contains("binary"), "binary file reported: {skipped:?}");
    assert!(reason_for("empty.txt").contains("empty"), "empty file reported: {skipped:?}");
    assert!(reason_for("lines.jsonl").contains("line"), "the bad JSONL line reported: {skipped:?}");
    let jsonl_entry = skipped
        .iter()
        .find(|entry| entry["path"].as_str().unwrap_or_default().ends_with("lines.jsonl"))
        .expect("jsonl entry");
    assert_eq!(jsonl_entry["line"], 2, "the bad line is line 2");
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
