//! The search page in a real browser: headless Chromium driven through chromedriver (Debian's
//! `chromium` and `chromium-driver`, which `.ci/run` installs) by a WebDriver client, against
//! `newsdex serve` on the bundled corpus. One browser session walks through a search, a facet,
//! the back button, the date histogram and an article, and leaves screenshots of the results at
//! desktop and phone width in `target/screenshots/`.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

use crate::common::corpus_index;
use crate::serve::Server;

/// chromedriver on a free port, stopped when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Driver {
    fn start() -> Driver {
        let program = ["chromedriver", "/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
            .into_iter()
            .find(|program| Command::new(program).arg("--version").output().is_ok_and(|out| out.status.success()))
            .unwrap_or_else(|| {
                panic!(
                    "chromedriver is not installed: the browser tests need Debian's `chromium` and \
                     `chromium-driver` packages (`.ci/run` installs them; or `apt-get install chromium chromium-driver`)"
                )
            });
        let port = TcpListener::bind("127.0.0.1:0").and_then(|free| free.local_addr()).expect("a free port").port();
        let child = Command::new(program)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not listen on {port}");
            std::thread::sleep(Duration::from_millis(50));
        }
        Driver { child, url }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn screenshots() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&dir).expect("create target/screenshots");
    dir
}

async fn browser(driver: &Driver) -> Client {
    let mut capabilities = serde_json::Map::new();
    let mut options = json!({
        "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--window-size=1280,900", "--hide-scrollbars", "--lang=en-US"],
    });
    if Path::new("/usr/bin/chromium").exists() {
        options["binary"] = Value::from("/usr/bin/chromium");
    }
    capabilities.insert("goog:chromeOptions".to_string(), options);
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector)
        .capabilities(capabilities)
        .connect(&driver.url)
        .await
        .unwrap_or_else(|error| panic!("cannot start headless Chromium through chromedriver: {error}"))
}

/// Runs `script` (a JavaScript function body returning a value) in the page.
async fn run(client: &Client, script: &str) -> Value {
    client.execute(script, Vec::new()).await.unwrap_or_else(|error| panic!("{script}: {error}"))
}

/// Waits until `script` returns something truthy (not false, null, 0 or ""), for 15 s at most.
async fn wait_for(client: &Client, what: &str, script: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let value = run(client, script).await;
        let truthy = match &value {
            Value::Null => false,
            Value::Bool(yes) => *yes,
            Value::Number(number) => number.as_f64() != Some(0.0),
            Value::String(text) => !text.is_empty(),
            _ => true,
        };
        if truthy {
            return value;
        }
        assert!(Instant::now() < deadline, "{what}: not within 15 s (last: {value})");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits for the first element matching `css` to be on the page, then clicks it: the page
/// draws results after its fetch answers, so an element may not exist yet right after `goto`.
async fn click_when_shown(client: &Client, what: &str, css: &str) {
    let script =
        format!("return document.querySelector({}) !== null", serde_json::to_string(css).expect("a CSS string"));
    wait_for(client, what, &script).await;
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|error| panic!("{what} ({css}): {error}"))
        .click()
        .await
        .unwrap_or_else(|error| panic!("click {what} ({css}): {error}"));
}

async fn location(client: &Client) -> String {
    client.current_url().await.expect("the page's URL").to_string()
}

async fn save_screenshot(client: &Client, name: &str) {
    let png = client.screenshot().await.expect("a screenshot");
    assert!(png.starts_with(b"\x89PNG"), "a PNG");
    std::fs::write(screenshots().join(name), png).expect("save the screenshot");
}

/// The count line (`1–5 of 5 articles · 0.4 ms`) without the time.
const COUNT: &str = "const p = document.querySelector('#status .count'); \
                     return p ? p.textContent.split(' · ')[0] : '';";

#[test]
fn the_page_searches_filters_goes_back_and_opens_an_article_in_chromium() {
    let (index, _) = corpus_index();
    let server = Server::start(index, &[]);
    let driver = Driver::start();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    runtime.block_on(async {
        let client = browser(&driver).await;
        client.goto(&format!("{}/", server.base)).await.expect("open the page");
        wait_for(&client, "the home page shows the index", "return document.querySelector('#status .lede')?.textContent").await;

        // `/` focuses the search box; typing a query and Enter searches.
        run(&client, "document.activeElement.blur(); return true;").await;
        let slash = KeyActions::new("keys".to_string())
            .then(KeyAction::Down { value: '/' })
            .then(KeyAction::Up { value: '/' });
        client.perform_actions(slash).await.expect("press /");
        assert_eq!(run(&client, "return document.activeElement.id").await, "q", "`/` focuses the search box");
        let search_box = client.find(Locator::Id("q")).await.expect("the search box");
        search_box.send_keys("rain OR flood\u{e007}").await.expect("type a query and Enter");
        wait_for(&client, "highlighted results", "return document.querySelectorAll('.hit mark').length").await;
        assert!(location(&client).await.contains("q=rain+OR+flood"), "{}", location(&client).await);
        let marked = run(&client, "return [...document.querySelectorAll('.hit mark')].map(m => m.textContent.toLowerCase())").await;
        let marked: Vec<&str> = marked.as_array().expect("marks").iter().filter_map(Value::as_str).collect();
        assert!(!marked.is_empty() && marked.iter().all(|word| word.starts_with("rain") || word.starts_with("flood")), "{marked:?}");
        let first_count = wait_for(&client, "the count", COUNT).await;
        let first_titles = run(&client, "return [...document.querySelectorAll('.hit h2')].map(h => h.textContent)").await;
        save_screenshot(&client, "results-desktop.png").await;

        // A place facet filters: the results and the URL change, every hit is about the place.
        let place = run(&client, "return document.querySelector('.facet-value[data-param=place]').dataset.value").await;
        let place = place.as_str().expect("a place facet").to_string();
        click_when_shown(&client, "a place facet", ".facet-value[data-param=place]").await;
        wait_for(&client, "the URL holds the place", "return location.search.includes('place=')").await;
        let filtered_count = wait_for(&client, "the filtered count", &format!(
            "const c = (() => {{ {COUNT} }})(); return c !== {first_count} ? c : '';"
        ))
        .await;
        assert_ne!(filtered_count, first_count);
        let places_of_hits = run(&client, "return [...document.querySelectorAll('.hit')].map(h => [...h.querySelectorAll('.chip.place')].map(c => c.textContent))").await;
        for places in places_of_hits.as_array().expect("hits") {
            assert!(places.as_array().is_some_and(|found| found.iter().any(|found| found == place.as_str())), "{place}: {places}");
        }
        assert_eq!(
            run(&client, "return document.querySelector('.facet-value.on')?.dataset.value").await,
            place.as_str(),
            "the facet shows as chosen"
        );

        // Back: the previous results, from the URL alone.
        client.back().await.expect("go back");
        wait_for(&client, "the previous results", &format!("const c = (() => {{ {COUNT} }})(); return c === {first_count};")).await;
        assert!(!location(&client).await.contains("place="));
        assert_eq!(run(&client, "return [...document.querySelectorAll('.hit h2')].map(h => h.textContent)").await, first_titles);

        // A bar of the date histogram filters to its dates.
        click_when_shown(&client, "a bar with hits", ".bar .fill:not(.h0)").await;
        wait_for(&client, "the URL holds the dates", "return location.search.includes('since=') && location.search.includes('until=')").await;
        wait_for(&client, "a date filter chip", "return [...document.querySelectorAll('.chip.active')].some(c => c.textContent.startsWith('date:'))").await;
        client.back().await.expect("go back");
        wait_for(&client, "the results again", &format!("const c = (() => {{ {COUNT} }})(); return c === {first_count};")).await;

        // A title opens the whole article, every match marked.
        click_when_shown(&client, "a title", ".hit h2 a").await;
        wait_for(&client, "the article", "return document.querySelector('#reader:not([hidden]) h1')?.textContent").await;
        assert!(location(&client).await.contains("article="));
        let article_marks = wait_for(&client, "matches in the text", "return document.querySelectorAll('#reader .body mark').length").await;
        let counted = run(&client, "return document.querySelector('#reader .matches').textContent").await;
        assert_eq!(counted, format!("{} match{}", article_marks, if article_marks == 1 { "" } else { "es" }).as_str());
        client.back().await.expect("go back");
        wait_for(&client, "the results after the article", "return !document.querySelector('#results').hidden && document.querySelectorAll('.hit').length > 0").await;

        // Phone width: the same results in one column.
        client.set_window_size(390, 844).await.expect("a phone-sized window");
        wait_for(&client, "one column", "return document.querySelector('.sidebar').getBoundingClientRect().width > 300").await;
        let overflow = run(&client, "return document.documentElement.scrollWidth - window.innerWidth").await;
        assert!(overflow.as_i64().is_some_and(|pixels| pixels <= 0), "nothing wider than the phone: {overflow}");
        save_screenshot(&client, "results-phone.png").await;

        // The corpus's two write-ups of the Peru quake are one hit, the other folded
        // beneath it; one of them opens, and an open article lists similar ones from other stories.
        client.goto(&format!("{}/?q=arequipa", server.base)).await.expect("search for Arequipa");
        wait_for(&client, "a story of several articles", "return document.querySelectorAll('.hit details.more').length").await;
        let counted = run(&client, "return document.querySelector('#status .count').textContent").await;
        assert!(counted.as_str().is_some_and(|text| text.contains("stor") && text.contains("articles)")), "stories and articles counted: {counted}");
        let folded = run(&client, "const d = document.querySelector('.hit details.more'); d.open = true; \
                                   return new URL(d.querySelector('a').href).searchParams.get('article')").await;
        let folded = folded.as_str().expect("the folded article's id").to_string();
        save_screenshot(&client, "story-phone.png").await;
        let hit_ids = run(&client, "return [...document.querySelectorAll('.hit h2 a')].map(a => new URL(a.href).searchParams.get('article'))").await;
        assert!(!hit_ids.as_array().expect("ids").iter().any(|id| id == folded.as_str()), "{folded} is folded, not a hit");
        click_when_shown(&client, "a folded article", ".hit details.more a").await;
        wait_for(&client, "the folded article", "return document.querySelector('#reader:not([hidden]) h1')?.textContent").await;
        assert!(location(&client).await.contains(&format!("article={folded}")), "{}", location(&client).await);

        // An article with others like it lists them under it (the sports items of the corpus).
        client.goto(&format!("{}/?q=chebet", server.base)).await.expect("search for Chebet");
        click_when_shown(&client, "a title", ".hit h2 a").await;
        let similar = wait_for(&client, "similar articles", "return document.querySelectorAll('#similar li a').length").await;
        assert!(similar.as_u64().is_some_and(|count| (1..=5).contains(&count)), "{similar}");
        let listed = run(&client, "return [...document.querySelectorAll('#similar li a')].map(a => new URL(a.href).searchParams.get('article'))").await;
        let open = run(&client, "return new URLSearchParams(location.search).get('article')").await;
        assert!(!listed.as_array().expect("ids").contains(&open), "the open article is not similar to itself: {listed}");
        run(&client, "document.getElementById('similar').scrollIntoView(); return true;").await;
        save_screenshot(&client, "article-similar-phone.png").await;
        client.close().await.expect("close the browser");
    });
}

/// How long the page takes to show a search on the Reuters-21578 index: 200 queries of the
/// shared log typed into the box, each timed by the page itself from the request to the drawn
/// results (`#status[data-ms]`). A measurement, so run by hand with a release build (see the
/// README): `cargo build --release && NEWSDEX_BIN=target/release/newsdex cargo test --test tests
/// browser::render -- --ignored --nocapture`.
#[test]
#[ignore = "a measurement: a minute, and meant for a release build (NEWSDEX_BIN); see the README"]
fn render_times_of_log_searches_on_reuters() {
    const SEARCHES: usize = 200;
    let binary = crate::serve::load_binary();
    let env = crate::common::Env::new();
    let index = env.index_dir().to_path_buf();
    let mut indexing = Command::new(&binary);
    indexing.arg("index").arg(crate::common::shared("corpora/reuters21578")).arg("--index").arg(&index);
    assert!(indexing.stdout(Stdio::null()).stderr(Stdio::null()).status().expect("index Reuters").success());
    let log = std::fs::read_to_string(crate::common::shared("queries/reuters-queries.jsonl")).expect("the query log");
    let queries: Vec<String> = log
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter_map(|entry| entry["q"].as_str().map(str::to_string))
        .take(SEARCHES)
        .collect();
    let server = Server::start_with(&binary, &index, &[]);
    let driver = Driver::start();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    let mut times: Vec<f64> = runtime.block_on(async {
        let client = browser(&driver).await;
        client.goto(&format!("{}/", server.base)).await.expect("open the page");
        wait_for(&client, "the home page", "return document.querySelector('#status .lede')?.textContent").await;
        let mut times = Vec::with_capacity(queries.len());
        for query in &queries {
            // Type the query and press Enter, as a reader does; the page times itself.
            let script = "delete document.getElementById('status').dataset.ms; \
                          const box = document.getElementById('q'); box.value = arguments[0]; \
                          document.getElementById('search-form').requestSubmit(); return true;";
            client.execute(script, vec![Value::from(query.as_str())]).await.expect("search");
            let shown = wait_for(
                &client,
                &format!("the results of {query}"),
                "return document.getElementById('status').dataset.ms || document.querySelector('#status.error')?.textContent",
            )
            .await;
            if let Some(ms) = shown.as_str().and_then(|text| text.parse::<f64>().ok()) {
                times.push(ms);
            }
        }
        client.close().await.expect("close the browser");
        times
    });
    assert!(times.len() >= SEARCHES * 9 / 10, "most log queries give results: {} of {SEARCHES}", times.len());
    times.sort_by(f64::total_cmp);
    let at = |p: f64| times[((times.len() as f64 * p).ceil() as usize).clamp(1, times.len()) - 1];
    println!(
        "page render on Reuters-21578, {} searches typed into the box: p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        times.len(),
        at(0.5),
        at(0.9),
        at(0.99),
        times[times.len() - 1]
    );
}
