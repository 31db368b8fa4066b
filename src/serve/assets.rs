//! The search page and the API's description, compiled into the binary: a fixed table of paths,
//! so a request can name nothing else (no file on disk is ever opened to answer one).

use std::sync::Arc;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

/// The page's files: path, content type, contents.
pub const PAGE_FILES: &[(&str, &str, &str)] = &[
    ("/", "text/html; charset=utf-8", include_str!("assets/index.html")),
    ("/assets/app.js", "text/javascript; charset=utf-8", include_str!("assets/app.js")),
    ("/assets/style.css", "text/css; charset=utf-8", include_str!("assets/style.css")),
];

/// The OpenAPI 3 description of the API, served at `/api/openapi.json`.
pub const OPENAPI: &str = include_str!("assets/openapi.json");

/// What the page may load and run: its own files and API, nothing inline, nothing from elsewhere.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// A route for each of [`PAGE_FILES`].
pub(crate) fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    PAGE_FILES.iter().fold(Router::new(), |router, &(path, content_type, contents)| {
        let answer = Arc::new((content_type, contents));
        router.route(
            path,
            get(move || {
                let answer = Arc::clone(&answer);
                async move { page_file(answer.0, answer.1) }
            }),
        )
    })
}

fn page_file(content_type: &'static str, contents: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CONTENT_SECURITY_POLICY)),
            (header::REFERRER_POLICY, HeaderValue::from_static("no-referrer")),
            // The files change with the binary: always ask whether they did.
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        contents,
    )
        .into_response()
}

/// `GET /api/openapi.json`.
pub(crate) async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], OPENAPI).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_openapi_file_is_json_and_lists_every_route() {
        let description: serde_json::Value = serde_json::from_str(OPENAPI).expect("valid JSON");
        assert!(description["openapi"].as_str().is_some_and(|version| version.starts_with("3.")));
        for path in ["/api/search", "/api/articles/{id}", "/api/stats", "/healthz", "/api/openapi.json"] {
            assert!(description["paths"][path]["get"].is_object(), "{path} is not described");
        }
    }

    #[test]
    fn the_page_loads_only_its_own_files() {
        let (_, _, html) = PAGE_FILES[0];
        for (path, _, _) in &PAGE_FILES[1..] {
            assert!(html.contains(&format!("\"{path}\"")), "the page does not load {path}");
        }
        assert!(!html.contains("http://") && !html.contains("https://"), "the page loads nothing from elsewhere");
        assert!(
            !html.contains("<script>") && !html.contains(" style="),
            "no inline script or style (the CSP forbids them)"
        );
    }
}
