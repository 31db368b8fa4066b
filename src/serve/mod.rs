//! `newsdex serve`: an index as an HTTP service, a JSON API under `/api/` and a search page at `/`.
//!
//! Owns the wire, nothing else: query strings become [`SearchRequest`]s, results are the
//! [`crate::search`] types serialized as `newsdex search --json` writes them, and every failure
//! reaches the client as JSON `{error, detail}` with its status through one function
//! ([`api::ApiError::from`]). The router only knows fixed paths: the page's few files are compiled
//! into the binary ([`assets`]), so no request can name a file on disk.
//!
//! Kept up under abuse: the length of a query, `limit`, `offset` and passages are bounded, a
//! request is answered within a timeout, and at most [`Limits::max_searches`] searches run at once
//! (searching is CPU work, run on the blocking pool; others wait up to [`Limits::queue_wait`], then
//! get a 503). The index is opened on first use and reopened after a failure, so the server starts
//! before an index exists (503 until then), and tantivy's reader picks up each new commit of a
//! concurrent `newsdex index` on its own. Library code never prints: each request is reported to
//! the caller's `on_request` ([`AccessRecord`]), which the CLI writes as the access log.
//!
//! [`SearchRequest`]: crate::search::SearchRequest

pub mod api;
pub mod assets;
mod state;

use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use self::api::ApiError;
use self::state::ServerState;
use crate::error::{Error, Result};

/// What the server refuses or cuts short, so that one client cannot take it down.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Characters of `q` at most.
    pub max_query_chars: usize,
    /// Hits a search may return at most (`limit`).
    pub max_limit: usize,
    /// Hits a search may skip at most (`offset`): deep paging costs as much as returning them.
    pub max_offset: usize,
    /// Passages per hit at most.
    pub max_passages: usize,
    /// Bytes of a whole query string at most.
    pub max_query_string_bytes: usize,
    /// A request not answered by then gets a 503.
    pub request_timeout: Duration,
    /// Searches (and article look-ups) running at once at most.
    pub max_searches: usize,
    /// How long a search waits for its turn before it gets a 503.
    pub queue_wait: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        Limits {
            max_query_chars: 1_000,
            max_limit: 100,
            max_offset: 10_000,
            max_passages: 10,
            max_query_string_bytes: 16 * 1024,
            request_timeout: Duration::from_secs(10),
            max_searches: 2 * cores,
            queue_wait: Duration::from_secs(2),
        }
    }
}

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The index folder; it need not exist yet.
    pub index_dir: PathBuf,
    /// The one origin allowed to call the API from a browser (`*` for any); `None`: no CORS headers.
    pub cors_origin: Option<String>,
    /// Bounds on what a request may ask.
    pub limits: Limits,
}

/// One answered request, for the access log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessRecord {
    /// `GET`, `HEAD`, …
    pub method: String,
    /// The path asked for, without the query string (which may hold what a reader searched for).
    pub path: String,
    /// The status sent.
    pub status: u16,
    /// Time from receiving the request to the response's head, µs.
    pub micros: u64,
}

/// Called once per answered request.
pub type OnRequest = Arc<dyn Fn(&AccessRecord) + Send + Sync>;

/// The service: every route, the limits, the access log and CORS. `serve` runs it; tests may call
/// it in process.
pub fn router(options: &ServeOptions, on_request: OnRequest) -> Result<Router> {
    let cors_origin = match &options.cors_origin {
        Some(origin) => Some(HeaderValue::from_str(origin).map_err(|_| {
            Error::InvalidRequest(format!("--cors {origin:?} is not an origin (e.g. https://newsroom.example)"))
        })?),
        None => None,
    };
    let state = Arc::new(ServerState::new(options.index_dir.clone(), options.limits.clone()));
    let timeout = options.limits.request_timeout;
    let api = Router::new()
        .route("/api/search", get(api::search))
        .route("/api/articles/{id}", get(api::article))
        .route("/api/articles/{id}/similar", get(api::similar))
        .route("/api/stats", get(api::stats))
        .route("/api/openapi.json", get(assets::openapi))
        .route("/healthz", get(api::health))
        .layer(middleware::from_fn_with_state(cors_origin, cors))
        .with_state(state);
    let router = api
        .merge(assets::routes())
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(timeout, limit_time))
        .layer(middleware::from_fn(common_headers))
        .layer(middleware::from_fn_with_state(on_request, access_log));
    Ok(router)
}

/// Serves `app` (from [`router`]) on `listener` until `shutdown` completes, then finishes the
/// requests under way.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<()> {
    let address = listener.local_addr().ok();
    axum::serve(listener, app).with_graceful_shutdown(shutdown).await.map_err(|source| Error::Io {
        action: "serve on",
        path: PathBuf::from(address.map_or_else(|| "the address".to_string(), |address| address.to_string())),
        source,
    })
}

/// 404 for every path that is not a route: JSON, like every answer of the API.
async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such page or endpoint".to_string())
}

/// Reports each request to `on_request` once its response head is ready.
async fn access_log(State(on_request): State<OnRequest>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().to_string();
    let path = request.uri().path().to_string();
    let response = next.run(request).await;
    let micros = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
    on_request(&AccessRecord { method, path, status: response.status().as_u16(), micros });
    response
}

/// A request not answered within the timeout gets a 503 (a search already running finishes on its
/// thread, holding its turn, so a flood of slow queries still cannot run more than the maximum).
async fn limit_time(State(timeout): State<Duration>, request: Request, next: Next) -> Response {
    match tokio::time::timeout(timeout, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "timeout",
            format!("the request took longer than {} s", timeout.as_secs_f32()),
        )
        .into_response(),
    }
}

/// Headers every response carries: the browser must not guess content types.
async fn common_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    response.headers_mut().insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}

/// CORS for the API, only when an origin was given: that origin on every answer, and preflight
/// requests answered. Without one, browsers keep other sites' pages from reading the API.
async fn cors(State(origin): State<Option<HeaderValue>>, request: Request, next: Next) -> Response {
    let Some(origin) = origin else {
        return next.run(request).await;
    };
    let mut response = if request.method() == Method::OPTIONS {
        let mut preflight = StatusCode::NO_CONTENT.into_response();
        let headers = preflight.headers_mut();
        headers.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static("GET, HEAD"));
        headers.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, HeaderValue::from_static("content-type"));
        headers.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
        preflight
    } else {
        next.run(request).await
    };
    let headers = response.headers_mut();
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    headers.insert(header::VARY, HeaderValue::from_static("origin"));
    response
}
