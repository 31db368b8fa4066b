//! `newsdex serve`: the real binary on a free loopback port, asked over HTTP. Every endpoint and its
//! errors, answers checked against the search CLI and against the OpenAPI description the server
//! publishes, path-traversal attempts, CORS, and an index built and committed while serving.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::{Env, corpus, corpus_index, hits, index_into, search_json};

/// A `newsdex serve` process on a free port, killed when dropped; what it wrote on stderr is kept.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`, no trailing slash.
    pub base: String,
    /// `127.0.0.1:PORT`.
    pub address: String,
    stderr: Arc<Mutex<String>>,
    agent: ureq::Agent,
}

/// One answer: status, content type, other headers asked for, body.
pub struct Answer {
    pub status: u16,
    pub headers: ureq::http::HeaderMap,
    pub body: String,
}

impl Answer {
    #[track_caller]
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|error| panic!("not JSON ({error}): {}", self.body))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }
}

impl Server {
    /// Starts `newsdex serve --index INDEX --addr 127.0.0.1:0 EXTRA…` and waits for its address.
    pub fn start(index: &Path, extra: &[&str]) -> Server {
        Server::start_with(&assert_cmd::cargo::cargo_bin("newsdex"), index, extra)
    }

    /// [`Server::start`] with another build of `newsdex`.
    pub fn start_with(binary: &Path, index: &Path, extra: &[&str]) -> Server {
        let mut child = Command::new(binary)
            .arg("serve")
            .arg("--index")
            .arg(index)
            .args(["--addr", "127.0.0.1:0"])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start newsdex serve");
        let stdout = child.stdout.take().expect("stdout piped");
        let mut first_line = String::new();
        BufReader::new(stdout).read_line(&mut first_line).expect("read the address line");
        let base = first_line
            .split_whitespace()
            .find(|word| word.starts_with("http://"))
            .unwrap_or_else(|| panic!("no address in {first_line:?}"))
            .trim_end_matches('/')
            .to_string();
        let address = base.trim_start_matches("http://").to_string();
        // Drain stderr (the access log) so the server never blocks on a full pipe.
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut pipe = child.stderr.take().expect("stderr piped");
        let kept = Arc::clone(&stderr);
        std::thread::spawn(move || {
            let mut buffer = [0u8; 4096];
            while let Ok(read) = pipe.read(&mut buffer) {
                if read == 0 {
                    break;
                }
                kept.lock().expect("stderr buffer").push_str(&String::from_utf8_lossy(&buffer[..read]));
            }
        });
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into();
        Server { child, base, address, stderr, agent }
    }

    /// `GET path` (with its query string, already encoded).
    #[track_caller]
    pub fn get(&self, path_and_query: &str) -> Answer {
        self.request("GET", path_and_query, &[])
    }

    #[track_caller]
    pub fn request(&self, method: &str, path_and_query: &str, headers: &[(&str, &str)]) -> Answer {
        let url = format!("{}{path_and_query}", self.base);
        let mut builder = ureq::http::Request::builder().method(method).uri(&url);
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        let request = builder.body(()).expect("a request");
        let mut response = self.agent.run(request).unwrap_or_else(|error| panic!("{method} {url}: {error}"));
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.body_mut().read_to_string().unwrap_or_default();
        Answer { status, headers, body }
    }

    /// `GET /api/search?QUERY`, which must answer 200.
    #[track_caller]
    pub fn search(&self, query: &str) -> Value {
        let answer = self.get(&format!("/api/search?{query}"));
        assert_eq!(answer.status, 200, "{query}: {}", answer.body);
        answer.json()
    }

    /// What the server wrote on stderr so far.
    pub fn stderr(&self) -> String {
        self.stderr.lock().expect("stderr buffer").clone()
    }

    /// Polls `check` every 100 ms until it holds, for at most `seconds`.
    #[track_caller]
    pub fn wait_until(&self, seconds: u64, what: &str, mut check: impl FnMut(&Server) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(seconds);
        while !check(self) {
            assert!(Instant::now() < deadline, "{what}: not within {seconds} s; stderr:\n{}", self.stderr());
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Sends `target` as it is (no client normalizes it) and returns the status and body.
fn raw_get(address: &str, target: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(address).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(30))).expect("a timeout");
    write!(stream, "GET {target} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n").expect("send");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).expect("read the answer");
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let status = answer.split_whitespace().nth(1).and_then(|code| code.parse().ok()).unwrap_or(0);
    (status, answer)
}

fn ids(results: &Value) -> Vec<String> {
    hits(results).iter().map(|hit| hit["id"].as_str().expect("an id").to_string()).collect()
}

/// The OpenAPI description, as served.
fn openapi(server: &Server) -> Value {
    let answer = server.get("/api/openapi.json");
    assert_eq!(answer.status, 200);
    assert_eq!(answer.header("content-type"), Some("application/json"));
    answer.json()
}

/// Checks `value` against `schema` (the JSON Schema subset the description uses: `$ref`, `type`
/// with `null`, `properties`, `required`, `additionalProperties: false`, `items`, `enum`,
/// `minimum`, `maximum`, `minItems`, `maxItems`, `maxLength`); returns what does not match.
fn schema_errors(document: &Value, schema: &Value, value: &Value, at: &str) -> Vec<String> {
    if let Some(reference) = schema["$ref"].as_str() {
        let name = reference.trim_start_matches("#/components/schemas/");
        let target = &document["components"]["schemas"][name];
        assert!(target.is_object(), "{reference} is not in the description");
        return schema_errors(document, target, value, at);
    }
    let mut errors = Vec::new();
    if let Some(types) = schema.get("type") {
        let types: Vec<&str> = match types {
            Value::String(one) => vec![one.as_str()],
            Value::Array(many) => many.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        let fits = types.iter().any(|kind| match *kind {
            "null" => value.is_null(),
            "string" => value.is_string(),
            "integer" => value.is_u64() || value.is_i64(),
            "number" => value.is_number(),
            "boolean" => value.is_boolean(),
            "array" => value.is_array(),
            "object" => value.is_object(),
            other => panic!("type {other} is not checked here"),
        });
        if !fits {
            errors.push(format!("{at}: {value} is not {types:?}"));
            return errors;
        }
    }
    if let Some(allowed) = schema["enum"].as_array()
        && !allowed.contains(value)
    {
        errors.push(format!("{at}: {value} is not one of {allowed:?}"));
    }
    if let (Some(minimum), Some(number)) = (schema["minimum"].as_f64(), value.as_f64())
        && number < minimum
    {
        errors.push(format!("{at}: {number} < {minimum}"));
    }
    if let (Some(maximum), Some(number)) = (schema["maximum"].as_f64(), value.as_f64())
        && number > maximum
    {
        errors.push(format!("{at}: {number} > {maximum}"));
    }
    if let (Some(most), Some(text)) = (schema["maxLength"].as_u64(), value.as_str())
        && text.chars().count() as u64 > most
    {
        errors.push(format!("{at}: longer than {most}"));
    }
    if let Some(object) = value.as_object() {
        for required in schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str) {
            if !object.contains_key(required) {
                errors.push(format!("{at}: `{required}` is missing"));
            }
        }
        for (key, field) in object {
            match schema["properties"].get(key) {
                Some(property) => errors.extend(schema_errors(document, property, field, &format!("{at}.{key}"))),
                None if schema["additionalProperties"] == Value::Bool(false) => {
                    errors.push(format!("{at}: `{key}` is not in the description"));
                }
                None => {}
            }
        }
    }
    if let Some(items) = value.as_array() {
        if let Some(least) = schema["minItems"].as_u64()
            && (items.len() as u64) < least
        {
            errors.push(format!("{at}: fewer than {least} items"));
        }
        if let Some(most) = schema["maxItems"].as_u64()
            && items.len() as u64 > most
        {
            errors.push(format!("{at}: more than {most} items"));
        }
        if let Some(item_schema) = schema.get("items") {
            for (position, item) in items.iter().enumerate() {
                errors.extend(schema_errors(document, item_schema, item, &format!("{at}[{position}]")));
            }
        }
    }
    errors
}

/// Asserts that `answer` is what the description says `path` answers with its status.
#[track_caller]
fn assert_described(document: &Value, path: &str, answer: &Answer) {
    let response = &document["paths"][path]["get"]["responses"][answer.status.to_string()];
    assert!(response.is_object(), "{path} answering {} is not described: {}", answer.status, answer.body);
    let schema = &response["content"]["application/json"]["schema"];
    assert!(answer.header("content-type").is_some_and(|kind| kind.starts_with("application/json")));
    let errors = schema_errors(document, schema, &answer.json(), path);
    assert!(
        errors.is_empty(),
        "{path} {}: the answer differs from the description:\n{}",
        answer.status,
        errors.join("\n")
    );
}

#[test]
fn search_answers_the_hits_of_search_json_with_facets_and_a_histogram_of_all_hits() {
    let (index, _) = corpus_index();
    let env = Env::reading(index);
    let server = Server::start(index, &[]);
    for (api, cli) in [
        ("q=rain", vec!["rain"]),
        ("q=%22oral+cholera%22+OR+flood&limit=3", vec!["\"oral cholera\" OR flood", "--limit", "3"]),
        ("q=*&sort=date&limit=5&offset=2", vec!["*", "--sort", "date", "--limit", "5", "--offset", "2"]),
        ("q=*&collapse=false&limit=60", vec!["*", "--no-collapse", "--limit", "60"]),
    ] {
        let served = server.search(api);
        let mut cli_args = cli.clone();
        cli_args.push("--facets");
        let printed = search_json(&env, index, &cli_args);
        assert_eq!(ids(&served), ids(&printed), "{api}");
        assert_eq!(served["total_hits"], printed["total_hits"], "{api}");
        assert_eq!(served["total_stories"], printed["total_stories"], "{api}");
        assert_eq!(served["collapsed"], printed["collapsed"], "{api}");
        assert_eq!(served["facets"], printed["facets"], "{api}");
        for (served_hit, printed_hit) in hits(&served).iter().zip(hits(&printed)) {
            let mut printed_hit = printed_hit.clone();
            let body = printed_hit.as_object_mut().expect("a hit").remove("body");
            assert!(body.is_some(), "search --json gives the text; the API only with body=true");
            assert_eq!(served_hit, &printed_hit, "{api}");
        }
        // The histogram counts every hit, not the page: dated ones in buckets, the rest undated.
        let histogram = &served["histogram"];
        let buckets = histogram["buckets"].as_array().expect("buckets");
        let in_buckets: u64 = buckets.iter().map(|bucket| bucket["count"].as_u64().expect("a count")).sum();
        assert_eq!(
            in_buckets + histogram["undated"].as_u64().expect("undated"),
            served["total_hits"].as_u64().unwrap()
        );
        assert!(buckets.len() <= 60, "{api}: {} buckets", buckets.len());
        for pair in buckets.windows(2) {
            let end = pair[0]["end"].as_str().expect("an end");
            let next = pair[1]["start"].as_str().expect("a start");
            assert!(end < next, "{api}: buckets in order, disjoint: {end} then {next}");
        }
    }
    // The bundled corpus runs from 2024 to 2026: month buckets, 2024-02 first.
    let all = server.search("q=*&limit=0");
    assert_eq!(all["histogram"]["interval"], "month");
    assert_eq!(all["histogram"]["buckets"][0]["start"], "2024-02-01");
    assert!(hits(&all).is_empty());
    let with_body = server.search("q=rain&limit=1&body=true");
    assert!(with_body["hits"][0]["body"].as_str().is_some_and(|body| body.to_lowercase().contains("rain")));
    let filtered = server.search("q=*&place=Kenya&topic=health");
    assert!(!hits(&filtered).is_empty());
    for hit in hits(&filtered) {
        assert!(hit["places"].as_array().expect("places").contains(&Value::from("Kenya")), "{hit}");
        assert!(hit["topics"].as_array().expect("topics").contains(&Value::from("health")), "{hit}");
    }
}

#[test]
fn every_answer_is_as_the_openapi_description_says() {
    let (index, _) = corpus_index();
    let server = Server::start(index, &[]);
    let document = openapi(&server);
    assert!(document["openapi"].as_str().is_some_and(|version| version.starts_with("3.")));
    let found = server.search("q=rain&limit=2&body=true");
    let id = found["hits"][0]["id"].as_str().expect("an id").to_string();
    let answers = [
        ("/api/search", server.get("/api/search?q=rain+OR+flood&limit=20")),
        ("/api/search", server.get("/api/search?q=*&sort=date&passages=0&body=1")),
        ("/api/search", server.get("/api/search?q=nothingmatchesthis")),
        ("/api/search", server.get("/api/search?q=rain+date:yesterday")),
        ("/api/search", server.get("/api/search?q=rain&limit=1000")),
        ("/api/search", server.get("/api/search?q=rian+OR+flod&sort=recent&half_life=7d&as_of=2025-11-01")),
        ("/api/articles/{id}", server.get(&format!("/api/articles/{id}?q=rain"))),
        ("/api/articles/{id}", server.get(&format!("/api/articles/{id}"))),
        ("/api/articles/{id}", server.get("/api/articles/0000000000000000")),
        ("/api/articles/{id}", server.get(&format!("/api/articles/{id}?q=%28rain"))),
        ("/api/search", server.get("/api/search?q=*&collapse=false&limit=3")),
        ("/api/articles/{id}/similar", server.get(&format!("/api/articles/{id}/similar?limit=3&same_story=1"))),
        ("/api/articles/{id}/similar", server.get("/api/articles/0000000000000000/similar")),
        ("/api/articles/{id}/similar", server.get(&format!("/api/articles/{id}/similar?limit=500"))),
        ("/api/stats", server.get("/api/stats")),
        ("/healthz", server.get("/healthz")),
    ];
    let statuses: Vec<u16> = answers.iter().map(|(_, answer)| answer.status).collect();
    assert_eq!(statuses, [200, 200, 200, 400, 400, 200, 200, 200, 404, 400, 200, 200, 404, 400, 200, 200]);
    let misspelt = answers[5].1.json();
    let suggested = misspelt["suggestions"][0]["query"].as_str().unwrap_or_default();
    assert!(suggested.starts_with("rain OR "), "{}", misspelt["suggestions"]);
    for (path, answer) in &answers {
        assert_described(&document, path, answer);
    }
    // Unknown paths answer in the API's error shape too.
    let unknown = server.get("/api/nothing");
    assert_eq!(unknown.status, 404);
    assert_eq!(unknown.json()["error"], "not_found");
}

#[test]
fn stories_fold_by_default_and_similar_answers_as_the_command_does() {
    let (index, _) = corpus_index();
    let env = Env::reading(index);
    let server = Server::start(index, &[]);
    // The sample corpus holds write-ups of one event: folded, they are one hit with the others in
    // `more`; with collapse=false each is its own hit.
    let folded = server.search("q=*&limit=100&passages=0");
    let every = server.search("q=*&limit=100&passages=0&collapse=false");
    assert_eq!(folded["collapsed"], true);
    assert_eq!(every["collapsed"], false);
    assert_eq!(folded["total_hits"], every["total_hits"], "total_hits counts articles either way");
    let stories = folded["total_stories"].as_u64().expect("total_stories");
    assert_eq!(hits(&folded).len() as u64, stories);
    assert!(stories < every["total_hits"].as_u64().unwrap(), "some articles share a story: {stories}");
    let grouped =
        hits(&folded).iter().find(|hit| hit["story_size"].as_u64() > Some(1)).expect("a story of two or more articles");
    let others: Vec<&str> =
        grouped["more"].as_array().expect("more").iter().map(|other| other["id"].as_str().expect("an id")).collect();
    assert!(!others.is_empty(), "{grouped}");
    for other in &others {
        assert!(!ids(&folded).iter().any(|id| id == other), "{other} is folded under its story, not a hit of its own");
        assert!(ids(&every).iter().any(|id| id == other), "{other} is a hit of its own with collapse=false");
    }

    // similar: the same hits as `newsdex similar --json`; the article's own story only when asked.
    let id = grouped["id"].as_str().expect("an id");
    for (api, cli) in [
        (format!("/api/articles/{id}/similar?limit=5"), vec!["--limit", "5"]),
        (format!("/api/articles/{id}/similar?limit=5&same_story=true"), vec!["--limit", "5", "--same-story"]),
        (format!("/api/articles/{id}/similar?collapse=false&passages=1"), vec!["--no-collapse", "--passages", "1"]),
    ] {
        let answer = server.get(&api);
        assert_eq!(answer.status, 200, "{api}: {}", answer.body);
        let served = answer.json();
        let mut command = env.newsdex(["similar", id, "--json"]);
        command.args(&cli).arg("--index").arg(index);
        let printed = crate::common::run_json(&mut command);
        assert_eq!(ids(&served), ids(&printed), "{api}");
        assert_eq!(served["total_hits"], printed["total_hits"], "{api}");
        assert!(!ids(&served).iter().any(|hit| hit == id), "{api}: never the article itself");
    }
    let apart = server.get(&format!("/api/articles/{id}/similar?collapse=false&limit=100")).json();
    for _ in 0..3 {
        let again = server.get(&format!("/api/articles/{id}/similar?collapse=false&limit=100")).json();
        assert_eq!(ids(&again), ids(&apart), "the same article is always compared by the same words");
    }
    let with_story = server.get(&format!("/api/articles/{id}/similar?collapse=false&limit=100&same_story=1")).json();
    for other in &others {
        assert!(!ids(&apart).iter().any(|hit| hit == other), "{other}: its own story is left out by default");
        assert!(ids(&with_story).iter().any(|hit| hit == other), "{other}: same_story brings it back");
    }
    let missing = server.get("/api/articles/ffffffffffffffff/similar");
    assert_eq!((missing.status, missing.json()["error"].clone()), (404, Value::from("not_found")));
    let bad = server.get(&format!("/api/articles/{id}/similar?same_story=perhaps"));
    assert_eq!(bad.status, 400, "{}", bad.body);
}

#[test]
fn an_article_comes_whole_with_every_match_marked() {
    let (index, _) = corpus_index();
    let server = Server::start(index, &[]);
    let found = server.search("q=rains+vaccination&limit=1");
    let id = found["hits"][0]["id"].as_str().expect("an id");
    let article = server.get(&format!("/api/articles/{id}?q=rains+vaccination&place=Kenya")).json();
    assert_eq!(article["id"], id);
    let body = article["body"].as_str().expect("a body");
    let marked: Vec<String> = article["body_highlights"]
        .as_array()
        .expect("highlights")
        .iter()
        .map(|range| {
            let (start, end) = (range[0].as_u64().unwrap() as usize, range[1].as_u64().unwrap() as usize);
            body.get(start..end).unwrap_or_else(|| panic!("{start}..{end} is not a char range")).to_lowercase()
        })
        .collect();
    // Every occurrence in the whole text, more than the passages show, stems included: `rains`
    // finds rain and rains, `vaccination` finds vaccine (both stem to `vaccin`).
    let forms = ["rain", "rains", "vaccine", "vaccines", "vaccination", "vaccinations"];
    let occurrences =
        body.split(|c: char| !c.is_alphanumeric()).filter(|word| forms.contains(&word.to_lowercase().as_str())).count();
    assert!(occurrences > 3, "the article says rain and vaccination several times");
    assert_eq!(marked.len(), occurrences, "{marked:?}");
    assert!(marked.iter().all(|word| forms.contains(&word.as_str())), "{marked:?}");
    let plain = server.get(&format!("/api/articles/{id}")).json();
    assert_eq!(plain["body"], article["body"]);
    assert_eq!(plain["body_highlights"], Value::Array(Vec::new()));
    let missing = server.get("/api/articles/ffffffffffffffff");
    assert_eq!((missing.status, missing.json()["error"].clone()), (404, Value::from("not_found")));
    let bad = server.get(&format!("/api/articles/{id}?q=rain+date:yesterday"));
    assert_eq!(bad.status, 400, "{}", bad.body);
}

#[test]
fn bad_parameters_get_400_with_what_is_wrong() {
    let (index, _) = corpus_index();
    let server = Server::start(index, &[]);
    let cases = [
        ("q=rain+date:yesterday", "bad_query", "yesterday"),
        ("q=%28rain", "bad_query", "column"),
        ("q=", "bad_query", "empty"),
        ("q=rain&limit=101", "bad_request", "maximum of 100"),
        ("q=rain&limit=ten", "bad_request", "whole number"),
        ("q=rain&offset=10001", "bad_request", "maximum of 10000"),
        ("q=rain&passages=11", "bad_request", "maximum of 10"),
        ("q=rain&sort=random", "bad_request", "relevance"),
        ("q=rain&q=flood", "bad_request", "twice"),
        ("q=rain&colour=red", "bad_request", "unknown parameter"),
        ("q=rain&since=last+week", "bad_query", "last week"),
    ];
    for (query, error, detail) in cases {
        let answer = server.get(&format!("/api/search?{query}"));
        assert_eq!(answer.status, 400, "{query}: {}", answer.body);
        let json = answer.json();
        assert_eq!(json["error"], error, "{query}: {json}");
        assert!(json["detail"].as_str().is_some_and(|text| text.contains(detail)), "{query}: {json}");
    }
    let column = server.get("/api/search?q=rain+date:yesterday").json();
    assert_eq!(column["column"], 6, "the column of `date:`: {column}");
    let long = server.get(&format!("/api/search?q={}", "a".repeat(1001)));
    assert_eq!(long.status, 400);
    assert!(long.json()["detail"].as_str().is_some_and(|text| text.contains("1001 characters")));
}

#[test]
fn no_path_reaches_a_file_outside_the_embedded_page() {
    let (index, _) = corpus_index();
    let env = Env::reading(index);
    env.write("secret.txt", "the secret");
    let server = Server::start(index, &[]);
    let targets = [
        "/../Cargo.toml",
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/assets/../Cargo.toml",
        "/assets/%2e%2e/%2e%2e/Cargo.toml",
        "/assets/..%2F..%2FCargo.toml",
        "/assets/app.js/../../Cargo.toml",
        "/assets/%252e%252e/Cargo.toml",
        "//etc/passwd",
        "/src/serve/assets/app.js",
        "/Cargo.toml",
        "/secret.txt",
        "/api/articles/..%2F..%2F..%2Fetc%2Fpasswd",
        "/api/articles/../../Cargo.toml",
        "/api/..%2fstats",
        "/assets/style.css%00.txt",
    ];
    for target in targets {
        let (status, answer) = raw_get(&server.address, target);
        assert!(status == 404 || status == 400, "{target}: {status}\n{answer}");
        for secret in ["[package]", "root:", "the secret", "include_str"] {
            assert!(!answer.contains(secret), "{target} gave away {secret:?}:\n{answer}");
        }
    }
    // The page's own files are served, with their types and a policy that keeps the page to them.
    for (path, kind) in [("/", "text/html"), ("/assets/app.js", "text/javascript"), ("/assets/style.css", "text/css")] {
        let answer = server.get(path);
        assert_eq!(answer.status, 200, "{path}");
        assert!(answer.header("content-type").is_some_and(|found| found.starts_with(kind)), "{path}");
        assert!(answer.header("content-security-policy").is_some_and(|policy| policy.contains("default-src 'none'")));
        assert_eq!(answer.header("x-content-type-options"), Some("nosniff"));
    }
    // The page keeps its state in the query string.
    assert_eq!(server.get("/?q=rain&place=Kenya").status, 200);
}

#[test]
fn cors_is_off_unless_an_origin_is_given() {
    let (index, _) = corpus_index();
    let closed = Server::start(index, &[]);
    let answer = closed.request("GET", "/api/search?q=rain", &[("Origin", "https://elsewhere.example")]);
    assert_eq!(answer.status, 200);
    assert_eq!(answer.header("access-control-allow-origin"), None);
    let preflight = closed.request("OPTIONS", "/api/search", &[("Origin", "https://elsewhere.example")]);
    assert_eq!(preflight.header("access-control-allow-origin"), None);
    assert_ne!(preflight.status, 204);

    let open = Server::start(index, &["--cors", "https://desk.example"]);
    let answer = open.request("GET", "/api/search?q=rain", &[("Origin", "https://desk.example")]);
    assert_eq!(answer.header("access-control-allow-origin"), Some("https://desk.example"));
    let preflight = open.request(
        "OPTIONS",
        "/api/search",
        &[("Origin", "https://desk.example"), ("Access-Control-Request-Method", "GET")],
    );
    assert_eq!(preflight.status, 204);
    assert_eq!(preflight.header("access-control-allow-origin"), Some("https://desk.example"));
    assert!(preflight.header("access-control-allow-methods").is_some_and(|methods| methods.contains("GET")));
}

#[test]
fn serves_before_the_index_exists_then_picks_up_each_new_commit() {
    let env = Env::new();
    let articles = env.path("articles");
    std::fs::create_dir_all(&articles).expect("a folder");
    for entry in std::fs::read_dir(corpus()).expect("the corpus").flatten().take(5) {
        std::fs::copy(entry.path(), articles.join(entry.file_name())).expect("copy an article");
    }
    let server = Server::start(env.index_dir(), &[]);
    let document = openapi(&server);
    for (path, target) in
        [("/healthz", "/healthz"), ("/api/search", "/api/search?q=rain"), ("/api/stats", "/api/stats")]
    {
        let answer = server.get(target);
        assert_eq!(answer.status, 503, "{path}: {}", answer.body);
        assert_eq!(answer.json()["error"], "no_index");
        assert_eq!(answer.header("retry-after"), Some("1"));
        assert_described(&document, path, &answer);
    }
    assert!(server.get("/api/search?q=rain").json()["detail"].as_str().unwrap().contains("newsdex index"));

    index_into(&env, &articles, env.index_dir());
    server.wait_until(10, "the new index is served", |server| server.get("/healthz").status == 200);
    let before = server.get("/api/stats").json()["articles"].as_u64().expect("articles");
    assert!(before >= 5, "five files, one article or more each: {before}");
    assert_eq!(server.search("q=zanzibarquokka")["total_hits"], 0);

    // A commit while serving: an article with a word no other has.
    env.write(
        "articles/quokka.md",
        "---\ntitle: Quokka census\ndate: 2025-06-01\n---\n\nRangers on Rottnest counted the zanzibarquokka again.\n",
    );
    index_into(&env, &articles, env.index_dir());
    server.wait_until(10, "the new commit is searched", |server| server.search("q=zanzibarquokka")["total_hits"] == 1);
    assert_eq!(server.get("/api/stats").json()["articles"], before + 1);
    let log = server.stderr();
    assert!(
        log.lines().any(|line| line.starts_with("GET /api/search 200 ") && line.ends_with("µs")),
        "one access-log line per request (method, path, status, µs):\n{log}"
    );
    assert!(log.lines().any(|line| line.starts_with("GET /healthz 503 ")), "{log}");
}

#[test]
fn a_bad_cors_origin_is_refused_before_listening() {
    let (index, _) = corpus_index();
    let output = Command::new(assert_cmd::cargo::cargo_bin("newsdex"))
        .args(["serve", "--addr", "127.0.0.1:0", "--cors", "https://a.example\nX-Evil: 1", "--index"])
        .arg(index)
        .output()
        .expect("run newsdex serve");
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty(), "nothing listened: {}", String::from_utf8_lossy(&output.stdout));
    assert!(String::from_utf8_lossy(&output.stderr).contains("is not an origin"));
}

#[test]
fn the_address_must_be_free() {
    let (index, _) = corpus_index();
    let server = Server::start(index, &[]);
    let output = Command::new(assert_cmd::cargo::cargo_bin("newsdex"))
        .args(["serve", "--addr", &server.address, "--index"])
        .arg(index)
        .output()
        .expect("run newsdex serve");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(&format!("cannot listen on {}", server.address)), "{stderr}");
}

/// The `newsdex` binary the load test serves and indexes with: `NEWSDEX_BIN` (a release build, for
/// figures worth reading) or this test build's.
pub fn load_binary() -> PathBuf {
    std::env::var_os("NEWSDEX_BIN").map_or_else(|| assert_cmd::cargo::cargo_bin("newsdex"), PathBuf::from)
}

/// Sends `total` searches of `queries` (in turn) from `clients` threads; returns each latency and
/// the failures (status and body).
fn hammer(server: &Server, queries: &[String], total: usize, clients: usize) -> (Vec<Duration>, Vec<String>, f64) {
    let next = AtomicUsize::new(0);
    let latencies = Mutex::new(Vec::with_capacity(total));
    let failures = Mutex::new(Vec::new());
    let started = Instant::now();
    std::thread::scope(|scope| {
        for _ in 0..clients {
            scope.spawn(|| {
                let agent: ureq::Agent = ureq::Agent::config_builder()
                    .http_status_as_error(false)
                    .timeout_global(Some(Duration::from_secs(60)))
                    .build()
                    .into();
                loop {
                    let at = next.fetch_add(1, Ordering::Relaxed);
                    if at >= total {
                        break;
                    }
                    let query = &queries[at % queries.len()];
                    let url = format!("{}/api/search?q={}", server.base, percent_encode(query));
                    let sent = Instant::now();
                    match agent.get(&url).call() {
                        Ok(mut response) => {
                            let status = response.status().as_u16();
                            let body = response.body_mut().read_to_string().unwrap_or_default();
                            latencies.lock().expect("latencies").push(sent.elapsed());
                            if status != 200 {
                                failures.lock().expect("failures").push(format!("{query}: {status} {body}"));
                            }
                        }
                        Err(error) => failures.lock().expect("failures").push(format!("{query}: {error}")),
                    }
                }
            });
        }
    });
    let seconds = started.elapsed().as_secs_f64();
    (latencies.into_inner().expect("latencies"), failures.into_inner().expect("failures"), seconds)
}

fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (byte as char).to_string(),
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

/// p50, p99 (ms) and requests/s of one run, printed.
fn report(label: &str, latencies: &mut [Duration], seconds: f64) {
    latencies.sort();
    let percentile = |p: f64| {
        let at = ((latencies.len() as f64 * p).ceil() as usize).clamp(1, latencies.len()) - 1;
        latencies[at].as_secs_f64() * 1000.0
    };
    println!(
        "{label}: {} searches in {seconds:.2} s: p50 {:.2} ms, p99 {:.2} ms, {:.0} requests/s",
        latencies.len(),
        percentile(0.50),
        percentile(0.99),
        latencies.len() as f64 / seconds
    );
}

/// 2,000 searches of the shared query log from 32 clients against a Reuters-21578 index, with no
/// error; then the same (in rounds of 2,000 until three commits have landed) while `newsdex index`
/// commits new articles into it. Prints p50/p99 and
/// requests/s. Slow and a measurement, so run by hand (see the README):
/// `cargo build --release && NEWSDEX_BIN=target/release/newsdex cargo test --test tests
/// serve::load -- --ignored --nocapture`.
#[test]
#[ignore = "a load test: minutes, and meant for a release build (NEWSDEX_BIN); see the README"]
fn load_2000_searches_from_32_clients_without_an_error() {
    const SEARCHES: usize = 2_000;
    const CLIENTS: usize = 32;
    let binary = load_binary();
    let env = Env::new();
    let reuters = crate::common::shared("corpora/reuters21578");
    let added = env.path("added");
    std::fs::create_dir_all(&added).expect("a folder for new articles");
    let index = env.index_dir().to_path_buf();
    let index_run = |quiet: bool| {
        let output = Command::new(&binary)
            .arg("index")
            .arg(&reuters)
            .arg(&added)
            .arg("--index")
            .arg(&index)
            .arg("--allow-skips")
            .output()
            .expect("run newsdex index");
        assert!(output.status.success(), "newsdex index: {}", String::from_utf8_lossy(&output.stderr));
        if !quiet {
            println!("indexed Reuters-21578 with {}", binary.display());
        }
    };
    index_run(false);
    let queries: Vec<String> = std::fs::read_to_string(crate::common::shared("queries/reuters-queries.jsonl"))
        .expect("the query log")
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| serde_json::from_str::<Value>(line).expect("a JSON line")["q"].as_str().expect("q").to_string())
        .collect();
    let server = Server::start_with(&binary, &index, &[]);
    // Warm up: the first searches open columns and build filter sets.
    let _ = hammer(&server, &queries, queries.len(), 4);

    let (mut latencies, failures, seconds) = hammer(&server, &queries, SEARCHES, CLIENTS);
    assert!(failures.is_empty(), "{} failed, e.g. {:?}", failures.len(), &failures[..failures.len().min(5)]);
    assert_eq!(latencies.len(), SEARCHES);
    report("idle index", &mut latencies, seconds);

    // Again while `newsdex index` adds an article and commits, over and over.
    let stop = AtomicBool::new(false);
    let commits = AtomicUsize::new(0);
    let (mut latencies, failures, seconds) = std::thread::scope(|scope| {
        scope.spawn(|| {
            let mut number = 0;
            while !stop.load(Ordering::Relaxed) {
                number += 1;
                let article = format!(
                    "---\ntitle: Load test commit {number}\ndate: 1987-10-{:02}\n---\n\nWheat and oil futures, \
                     note {number}, as markets in Chicago closed.\n",
                    1 + number % 28
                );
                std::fs::write(added.join(format!("commit-{number}.md")), article).expect("write an article");
                index_run(true);
                commits.fetch_add(1, Ordering::Relaxed);
            }
        });
        // Rounds of 2,000 until three commits have landed while searching.
        let (mut latencies, mut failures, mut seconds) = (Vec::new(), Vec::new(), 0.0);
        while commits.load(Ordering::Relaxed) < 3 {
            let (round_latencies, round_failures, round_seconds) = hammer(&server, &queries, SEARCHES, CLIENTS);
            latencies.extend(round_latencies);
            failures.extend(round_failures);
            seconds += round_seconds;
        }
        stop.store(true, Ordering::Relaxed);
        (latencies, failures, seconds)
    });
    assert!(failures.is_empty(), "{} failed, e.g. {:?}", failures.len(), &failures[..failures.len().min(5)]);
    let committed = commits.load(Ordering::Relaxed);
    report(&format!("while `newsdex index` committed {committed} times"), &mut latencies, seconds);
    assert!(committed > 0, "no commit landed during the searches");
    server.wait_until(10, "the last commit is searched", |server| {
        server.search("q=%22load+test+commit%22&limit=0")["total_hits"].as_u64() >= Some(committed as u64)
    });
}
