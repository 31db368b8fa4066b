//! The JSON API's handlers: query string → [`SearchRequest`] → [`Searcher`] on the blocking pool →
//! JSON; and [`ApiError`], the one way a failure reaches a client.
//!
//! A search answers with [`SearchResults`] as `newsdex search --json` writes it (the same hits,
//! passages and byte-offset highlights; facets always counted) and one more key, `histogram`
//! ([`DateHistogram`]) over all hits.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::Limits;
use super::state::{Busy, ServerState};
use crate::error::{Error, ErrorKind};
use crate::query::{FlagFilters, QueryError};
use crate::search::dates::DateHistogram;
use crate::search::recent::{self, Recency};
use crate::search::{SearchRequest, SearchResults, Searcher, SimilarRequest, Sort};

/// A failed request: its status and the JSON body `{error, detail}` (and `column`, 1-based in
/// characters, for a query that does not parse).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// A short code a program can match: `bad_query`, `bad_request`, `not_found`, `no_index`,
    /// `busy`, `timeout`, `internal`.
    pub error: &'static str,
    /// What went wrong, for people.
    pub detail: String,
    /// Where in `q` a bad query went wrong.
    pub column: Option<usize>,
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: &'a str,
    detail: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<usize>,
}

impl ApiError {
    /// An error without a column.
    pub fn new(status: StatusCode, error: &'static str, detail: String) -> ApiError {
        ApiError { status, error, detail, column: None }
    }

    fn bad_request(detail: String) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "bad_request", detail)
    }
}

impl From<Error> for ApiError {
    fn from(error: Error) -> ApiError {
        let detail = match error.hint() {
            Some(hint) => format!("{error}; {hint}"),
            None => error.to_string(),
        };
        match &error {
            Error::Query(query) => {
                let column = match query {
                    QueryError::Syntax { column, .. }
                    | QueryError::UnknownField { column, .. }
                    | QueryError::BadDate { column, .. }
                    | QueryError::Unsupported { column, .. } => Some(*column).filter(|&column| column > 0),
                    QueryError::Empty => None,
                };
                ApiError { column, ..ApiError::new(StatusCode::BAD_REQUEST, "bad_query", detail) }
            }
            Error::UnknownArticle { .. } => ApiError::new(StatusCode::NOT_FOUND, "not_found", detail),
            Error::IndexMissing { .. } | Error::IndexEmpty { .. } | Error::SchemaMismatch { .. } => {
                ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "no_index", detail)
            }
            _ => match error.kind() {
                ErrorKind::BadRequest => ApiError::bad_request(detail),
                ErrorKind::Busy => ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "busy", detail),
                ErrorKind::Failed | ErrorKind::Internal => {
                    ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", detail)
                }
            },
        }
    }
}

impl From<Busy> for ApiError {
    fn from(busy: Busy) -> ApiError {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "busy",
            format!("{} searches are running, the most at once; try again in a moment", busy.max),
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody { error: self.error, detail: &self.detail, column: self.column };
        let mut response = (self.status, Json(body)).into_response();
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        response
    }
}

/// A JSON body already written.
fn json_bytes(bytes: Vec<u8>) -> Response {
    ([(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], bytes).into_response()
}

/// The query string as name–value pairs, decoded; refused when longer than the limit.
fn parameters(raw: Option<&str>, limits: &Limits) -> Result<Vec<(String, String)>, ApiError> {
    let raw = raw.unwrap_or_default();
    if raw.len() > limits.max_query_string_bytes {
        return Err(ApiError::bad_request(format!(
            "the query string is {} bytes, over the maximum of {}",
            raw.len(),
            limits.max_query_string_bytes
        )));
    }
    Ok(form_urlencoded::parse(raw.as_bytes()).map(|(name, value)| (name.into_owned(), value.into_owned())).collect())
}

/// The parameters of `/api/search`, as a [`SearchRequest`] within `limits`.
pub fn search_request(raw_query: Option<&str>, limits: &Limits) -> Result<SearchRequest, ApiError> {
    let mut request = SearchRequest { facets: true, ..SearchRequest::default() };
    let mut filters = FlagFilters::default();
    let mut recency = Recency::default();
    let mut seen: Vec<String> = Vec::new();
    for (name, value) in parameters(raw_query, limits)? {
        let repeatable = matches!(name.as_str(), "topic" | "place" | "person");
        if !repeatable {
            if seen.contains(&name) {
                return Err(ApiError::bad_request(format!("`{name}` is given twice")));
            }
            seen.push(name.clone());
        }
        match name.as_str() {
            "q" => {
                let characters = value.chars().count();
                if characters > limits.max_query_chars {
                    return Err(ApiError::bad_request(format!(
                        "`q` is {characters} characters, over the maximum of {}",
                        limits.max_query_chars
                    )));
                }
                request.query = value;
            }
            "topic" => filters.topics.push(value),
            "place" => filters.places.push(value),
            "person" => filters.people.push(value),
            "since" => filters.since = Some(value).filter(|value| !value.is_empty()),
            "until" => filters.until = Some(value).filter(|value| !value.is_empty()),
            "sort" => {
                request.sort = match value.as_str() {
                    "relevance" => Sort::Relevance,
                    "date" => Sort::Date,
                    "recent" => Sort::Recent(Recency::default()),
                    _ => {
                        return Err(ApiError::bad_request(format!(
                            "`sort` is `relevance`, `date` or `recent`, not {value:?}"
                        )));
                    }
                }
            }
            "half_life" => {
                recency.half_life_seconds = recent::parse_half_life(&value).map_err(ApiError::bad_request)?
            }
            "as_of" => recency.as_of = Some(recent::parse_as_of(&value).map_err(ApiError::bad_request)?),
            "limit" => request.limit = bounded_number(&name, &value, limits.max_limit)?,
            "offset" => request.offset = bounded_number(&name, &value, limits.max_offset)?,
            "passages" => request.passages = bounded_number(&name, &value, limits.max_passages)?,
            "any" => request.any = boolean(&name, &value)?,
            "body" => request.body = boolean(&name, &value)?,
            "collapse" => request.collapse = boolean(&name, &value)?,
            _ => {
                return Err(ApiError::bad_request(format!(
                    "unknown parameter `{name}`; known: q, topic, place, person, since, until, sort, half_life, \
                     as_of, limit, offset, passages, any, body, collapse"
                )));
            }
        }
    }
    request.filters = filters;
    match &mut request.sort {
        Sort::Recent(chosen) => *chosen = recency,
        _ if recency != Recency::default() => {
            return Err(ApiError::bad_request("`half_life` and `as_of` go with `sort=recent`".to_string()));
        }
        _ => {}
    }
    Ok(request)
}

fn bounded_number(name: &str, value: &str, max: usize) -> Result<usize, ApiError> {
    match value.parse::<usize>() {
        Ok(number) if number <= max => Ok(number),
        Ok(number) => Err(ApiError::bad_request(format!("`{name}` is {number}, over the maximum of {max}"))),
        Err(_) => Err(ApiError::bad_request(format!("`{name}` is a whole number from 0 to {max}, not {value:?}"))),
    }
}

fn boolean(name: &str, value: &str) -> Result<bool, ApiError> {
    match value {
        "true" | "1" | "" => Ok(true),
        "false" | "0" => Ok(false),
        _ => Err(ApiError::bad_request(format!("`{name}` is true or false, not {value:?}"))),
    }
}

/// The parameters of `/api/articles/{id}/similar`, as a [`SimilarRequest`] within `limits`.
pub fn similar_request(id: String, raw_query: Option<&str>, limits: &Limits) -> Result<SimilarRequest, ApiError> {
    let mut request = SimilarRequest::new(id);
    let mut seen: Vec<String> = Vec::new();
    for (name, value) in parameters(raw_query, limits)? {
        if seen.contains(&name) {
            return Err(ApiError::bad_request(format!("`{name}` is given twice")));
        }
        seen.push(name.clone());
        match name.as_str() {
            "limit" => request.limit = bounded_number(&name, &value, limits.max_limit)?,
            "offset" => request.offset = bounded_number(&name, &value, limits.max_offset)?,
            "passages" => request.passages = bounded_number(&name, &value, limits.max_passages)?,
            "same_story" => request.same_story = boolean(&name, &value)?,
            "collapse" => request.collapse = boolean(&name, &value)?,
            "body" => request.body = boolean(&name, &value)?,
            _ => {
                return Err(ApiError::bad_request(format!(
                    "unknown parameter `{name}`; known: limit, offset, passages, same_story, collapse, body"
                )));
            }
        }
    }
    Ok(request)
}

/// The answer of `/api/search`: the results as `newsdex search --json` writes them, and the dates
/// of all hits.
#[derive(Serialize)]
struct SearchAnswer<'a> {
    #[serde(flatten)]
    results: &'a SearchResults,
    histogram: DateHistogram,
}

/// Runs `work` with a searcher on the blocking pool, once a search turn is free.
async fn with_searcher<T: Send + 'static>(
    state: &Arc<ServerState>,
    work: impl FnOnce(&Searcher) -> Result<T, Error> + Send + 'static,
) -> Result<T, ApiError> {
    let turn = state.turns.take().await?;
    let state = Arc::clone(state);
    let ran = tokio::task::spawn_blocking(move || {
        // The turn is held until the work is done, even if the request has timed out meanwhile.
        let _turn = turn;
        let searcher = state.index.searcher()?;
        let result = work(&searcher);
        if let Err(error) = &result {
            state.index.failed(&searcher, error);
        }
        result
    })
    .await;
    match ran {
        Ok(result) => result.map_err(ApiError::from),
        Err(join_error) => Err(ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            format!("the search stopped: {join_error}; this is a bug in newsdex"),
        )),
    }
}

/// `GET /api/search`.
pub(crate) async fn search(State(state): State<Arc<ServerState>>, RawQuery(raw): RawQuery) -> Response {
    let request = match search_request(raw.as_deref(), &state.limits) {
        Ok(request) => request,
        Err(error) => return error.into_response(),
    };
    let answered = with_searcher(&state, move |searcher| {
        let results = searcher.search(&request)?;
        let histogram = searcher.day_counts(&request)?.histogram();
        serde_json::to_vec(&SearchAnswer { results: &results, histogram })
            .map_err(|error| Error::Damaged(format!("a hit cannot be written as JSON: {error}")))
    })
    .await;
    match answered {
        Ok(bytes) => json_bytes(bytes),
        Err(error) => error.into_response(),
    }
}

/// `GET /api/articles/{id}/similar`: the articles most like it, as `newsdex similar --json`.
pub(crate) async fn similar(
    State(state): State<Arc<ServerState>>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    if id.is_empty() || id.len() > 64 {
        return ApiError::new(StatusCode::NOT_FOUND, "not_found", format!("no article with id {id:?}")).into_response();
    }
    let request = match similar_request(id, raw.as_deref(), &state.limits) {
        Ok(request) => request,
        Err(error) => return error.into_response(),
    };
    let answered = with_searcher(&state, move |searcher| {
        let results = searcher.similar(&request)?;
        serde_json::to_vec(&results)
            .map_err(|error| Error::Damaged(format!("a hit cannot be written as JSON: {error}")))
    })
    .await;
    match answered {
        Ok(bytes) => json_bytes(bytes),
        Err(error) => error.into_response(),
    }
}

/// `GET /api/articles/{id}?q=…`: the article with the matches of `q` (and its filters, which only
/// need to parse) marked.
pub(crate) async fn article(
    State(state): State<Arc<ServerState>>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let highlight = match article_highlight(raw.as_deref(), &state.limits) {
        Ok(highlight) => highlight,
        Err(error) => return error.into_response(),
    };
    if id.is_empty() || id.len() > 64 {
        return ApiError::new(StatusCode::NOT_FOUND, "not_found", format!("no article with id {id:?}")).into_response();
    }
    let shown_id = id.clone();
    let answered = with_searcher(&state, move |searcher| {
        let Some(article) = searcher.article(&id, highlight.as_ref())? else { return Ok(None) };
        serde_json::to_vec(&article)
            .map(Some)
            .map_err(|error| Error::Damaged(format!("an article cannot be written as JSON: {error}")))
    })
    .await;
    match answered {
        Ok(Some(bytes)) => json_bytes(bytes),
        Ok(None) => ApiError::new(StatusCode::NOT_FOUND, "not_found", format!("no article with id {shown_id:?}"))
            .into_response(),
        Err(error) => error.into_response(),
    }
}

/// The query whose matches an article shows: `q` alone (the search's other parameters may come
/// along from a results page; they are checked and do not matter).
fn article_highlight(raw: Option<&str>, limits: &Limits) -> Result<Option<SearchRequest>, ApiError> {
    let request = search_request(raw, limits)?;
    Ok((!request.query.trim().is_empty()).then_some(SearchRequest { filters: FlagFilters::default(), ..request }))
}

/// `GET /api/stats`.
pub(crate) async fn stats(State(state): State<Arc<ServerState>>) -> Response {
    match with_searcher(&state, |searcher| Ok(searcher.index().stats())).await {
        Ok(stats) => Json(stats).into_response(),
        Err(error) => error.into_response(),
    }
}

/// `GET /healthz`: 200 `{"status":"ok"}` while the index can be searched, else the 503 a search
/// would get.
pub(crate) async fn health(State(state): State<Arc<ServerState>>) -> Response {
    let checked = tokio::task::spawn_blocking(move || state.index.searcher().map(|_| ())).await;
    match checked {
        Ok(Ok(())) => Json(serde_json::json!({ "status": "ok" })).into_response(),
        Ok(Err(error)) => ApiError::from(error).into_response(),
        Err(join_error) => {
            ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", join_error.to_string()).into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn parsed(query: &str) -> SearchRequest {
        search_request(Some(query), &Limits::default()).expect("valid parameters")
    }

    #[track_caller]
    fn refused(query: &str) -> String {
        let error = search_request(Some(query), &Limits::default()).expect_err("refused");
        assert_eq!((error.status, error.error), (StatusCode::BAD_REQUEST, "bad_request"), "{query}");
        error.detail
    }

    #[test]
    fn parameters_become_a_request_with_facets() {
        let request = parsed(
            "q=%22money+supply%22&place=usa&place=uk&topic=trade&since=1987-03&sort=date&limit=5&offset=20&passages=1&any=true",
        );
        assert_eq!(request.query, "\"money supply\"");
        assert_eq!(request.filters.places, ["usa", "uk"]);
        assert_eq!(request.filters.topics, ["trade"]);
        assert_eq!(request.filters.since.as_deref(), Some("1987-03"));
        assert_eq!(request.filters.until, None);
        assert_eq!((request.sort, request.limit, request.offset, request.passages), (Sort::Date, 5, 20, 1));
        assert!(request.any && request.facets && !request.body);
        assert_eq!(parsed(""), SearchRequest { facets: true, ..SearchRequest::default() });
    }

    #[test]
    fn recent_takes_a_half_life_and_a_day() {
        let request = parsed("q=oil&sort=recent&half_life=7d&as_of=1987-03-01");
        let recency = Recency { half_life_seconds: 7 * 86_400, as_of: recent::parse_as_of("1987-03-01").ok() };
        assert_eq!(request.sort, Sort::Recent(recency));
        assert_eq!(parsed("sort=recent").sort, Sort::Recent(Recency::default()));
        assert!(refused("sort=date&half_life=7d").contains("sort=recent"));
        assert!(refused("sort=recent&half_life=soon").contains("half-life"));
        assert!(refused("sort=recent&as_of=yesterday").contains("as-of"));
    }

    #[test]
    fn limits_and_unknown_or_repeated_parameters_are_refused() {
        assert!(refused("limit=101").contains("maximum of 100"));
        assert!(refused("offset=10001").contains("maximum of 10000"));
        assert!(refused("limit=-1").contains("whole number"));
        assert!(refused("sort=random").contains("relevance"));
        assert!(refused("q=a&q=b").contains("twice"));
        assert!(refused("color=red").contains("unknown parameter `color`"));
        assert!(refused(&format!("q={}", "é".repeat(1001))).contains("1001 characters"));
        assert!(refused(&format!("q={}", "a".repeat(20_000))).contains("query string"));
        assert_eq!(parsed(&format!("q={}", "é".repeat(1000))).query.chars().count(), 1000);
        assert!(parsed("q=a").collapse && !parsed("q=a&collapse=false").collapse);
        assert!(refused("collapse=maybe").contains("true or false"));
    }

    #[test]
    fn similar_parameters_are_bounded_like_a_search() {
        let limits = Limits::default();
        let request = similar_request("ab".into(), Some("limit=3&same_story=true&collapse=0"), &limits).expect("valid");
        assert_eq!((request.id.as_str(), request.limit, request.same_story, request.collapse), ("ab", 3, true, false));
        let error = similar_request("ab".into(), Some("limit=1000"), &limits).expect_err("over the limit");
        assert!(error.detail.contains("maximum of 100"), "{}", error.detail);
        let error = similar_request("ab".into(), Some("q=x"), &limits).expect_err("no query here");
        assert!(error.detail.contains("unknown parameter `q`"), "{}", error.detail);
    }

    #[test]
    fn library_errors_get_their_status() {
        let bad = ApiError::from(Error::Query(QueryError::Syntax { column: 7, message: "expected )".into() }));
        assert_eq!((bad.status, bad.error, bad.column), (StatusCode::BAD_REQUEST, "bad_query", Some(7)));
        let empty = ApiError::from(Error::Query(QueryError::Empty));
        assert_eq!((empty.status, empty.column), (StatusCode::BAD_REQUEST, None));
        let missing = ApiError::from(Error::IndexMissing { path: "idx".into() });
        assert_eq!((missing.status, missing.error), (StatusCode::SERVICE_UNAVAILABLE, "no_index"));
        assert!(missing.detail.contains("newsdex index"), "{}", missing.detail);
        let unknown = ApiError::from(Error::UnknownArticle { id: "00".into() });
        assert_eq!((unknown.status, unknown.error), (StatusCode::NOT_FOUND, "not_found"));
        let damaged = ApiError::from(Error::Damaged("no summaries".into()));
        assert_eq!(damaged.status, StatusCode::INTERNAL_SERVER_ERROR);
    }
}
