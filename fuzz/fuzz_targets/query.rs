//! Query text against a tiny index built once: the first byte picks `any` and whether flag
//! filters are set, the rest is the query. A query that parses is also searched, its passages
//! checked and its results rendered.

#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use newsdex::ingest::{self, IndexOptions};
use newsdex::query::{FlagFilters, QueryBuilder};
use newsdex::search::{SearchRequest, Searcher};

struct TinyIndex {
    /// Kept so the folder lives as long as the process.
    _dir: tempfile::TempDir,
    searcher: Searcher,
    builder: QueryBuilder,
}

const ARTICLES: &[(&str, &str)] = &[
    (
        "antwerp.txt",
        "Quay extension approved\n\nANTWERP, May 2 (Reuters) - The port approved a quay extension, Mr. Jan \
         van der Berg of Port Authority Inc said. Shares rose 3% to €1.3bn.\n",
    ),
    (
        "kyiv.md",
        "---\ntitle: Grain corridor reopens\ndate: 2024-03-03\nplaces: [Ukraine, Turkey]\n---\n\nKYIV — \
         Ships carried wheat and corn through the Black Sea corridor on Sunday, officials said.\n",
    ),
    (
        "cairo.json",
        r#"{"title": "Nile dam talks", "body": "CAIRO, March 3 - Egypt and Ethiopia resumed talks on the dam. Dr. Ahmed al-Sisi met ministers in Addis Ababa.", "date": "1987-03-03", "topics": ["politics"], "language": "en"}"#,
    ),
];

fn tiny_index() -> &'static TinyIndex {
    static INDEX: OnceLock<TinyIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temp dir");
        let articles = dir.path().join("articles");
        std::fs::create_dir(&articles).expect("an articles folder");
        for (name, text) in ARTICLES {
            std::fs::write(articles.join(name), text).expect("an article written");
        }
        let index_dir = dir.path().join("index");
        let options = IndexOptions {
            roots: vec![articles],
            index_dir: index_dir.clone(),
            rebuild: false,
            threads: 1,
            memory_budget: 32 << 20,
            reference_date: None,
            taxonomy: None,
        };
        let summary = ingest::run(&options, |_event| {}).expect("the tiny index builds");
        assert_eq!(summary.articles_indexed, ARTICLES.len());
        let open = newsdex::index::reader::open(&index_dir).expect("the tiny index opens");
        let builder = QueryBuilder::new(&open.index, open.fields);
        TinyIndex { _dir: dir, searcher: Searcher::new(open), builder }
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    let Ok(query) = std::str::from_utf8(rest) else { return };
    let tiny = tiny_index();
    let any = selector & 1 == 1;
    let filters = if selector & 2 == 2 {
        FlagFilters {
            places: vec![query.chars().take(12).collect()],
            since: Some("1987-03".to_string()),
            ..FlagFilters::default()
        }
    } else {
        FlagFilters::default()
    };
    let searcher = tiny.searcher.index().reader.searcher();
    match tiny.builder.parse(query, any, &filters, &searcher) {
        Err(error) => newsdex_fuzz::assert_query_error(query, &error),
        Ok(_) => {
            let request = SearchRequest { query: query.to_string(), any, filters, ..SearchRequest::default() };
            let results = tiny.searcher.search(&request).expect("a query that parses runs");
            for hit in &results.hits {
                for passage in &hit.passages {
                    newsdex_fuzz::assert_passage(passage);
                }
            }
            let mut rendered = Vec::new();
            newsdex::render::text::write(&mut rendered, &results, selector & 4 == 4).expect("renders as text");
            newsdex::render::json::write(&mut rendered, &results).expect("renders as JSON");
        }
    }
});
