//! Two layers every response passes through: state changes must come from the portal's own
//! pages (CSRF), and every answer carries the browser's security headers. The pages' own
//! Content-Security-Policy, with a fresh nonce per response, is set where the page is rendered
//! (`app::shell`).

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// What both layers need to know of the configuration.
#[derive(Debug, Clone)]
pub struct Site {
    /// `scheme://host[:port]` of the public URL, as browsers send it in `Origin`.
    pub origin: String,
    pub https: bool,
}

impl Site {
    pub fn new(public_url: &str) -> Arc<Self> {
        let after_scheme = public_url.find("://").map_or(0, |i| i + 3);
        let end = public_url[after_scheme..].find('/').map_or(public_url.len(), |i| after_scheme + i);
        Arc::new(Self { origin: public_url[..end].to_ascii_lowercase(), https: public_url.starts_with("https://") })
    }
}

/// Signed instead of coming from the portal's pages: the payment provider's webhook, and the
/// one-click unsubscribe that mail programs post (RFC 8058), which carries its own HMAC; and
/// the REST API, which takes a bearer token and no cookie (a browser never sends one by itself).
fn exempt(path: &str) -> bool {
    path == "/webhooks/payments" || path == "/unsubscribe" || path.starts_with("/api/v1/")
}

/// Whether a state-changing request comes from the portal's own pages: the browser says
/// `Sec-Fetch-Site: same-origin` (or `none`, typed by the person), or, from a browser too old to
/// send it, an `Origin` equal to the public URL's.
pub fn same_origin(headers: &HeaderMap, site: &Site) -> bool {
    let get = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    match get("sec-fetch-site") {
        Some(s) => matches!(s, "same-origin" | "none"),
        None => get("origin").is_some_and(|o| o.eq_ignore_ascii_case(&site.origin)),
    }
}

/// Refuses (403, nothing changed) a POST, PUT, PATCH or DELETE from another site.
pub async fn require_same_origin(State(site): State<Arc<Site>>, req: Request, next: Next) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if safe || exempt(req.uri().path()) || same_origin(req.headers(), &site) {
        return next.run(req).await;
    }
    tracing::warn!(method = %req.method(), path = req.uri().path(), "refused a cross-site request");
    (StatusCode::FORBIDDEN, "This request did not come from the portal's own pages, so nothing was changed.").into_response()
}

/// For HTML that did not set its own policy (no script runs on it at all).
const FALLBACK_CSP: &str =
    "default-src 'none'; style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
const PERMISSIONS_POLICY: &str =
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), browsing-topics=()";

/// Pages whose URL carries a secret token: their address must not travel in `Referer`.
fn token_in_url(path: &str) -> bool {
    path == "/welcome"
}

/// A path on this site to send the browser back to (after an upload, a language switch): starts with one `/`, and holds no
/// backslash (browsers read `/\evil.com` as another site), control character or scheme.
pub fn same_site_path(p: &str) -> bool {
    p.starts_with('/') && !p.starts_with("//") && !p.contains(['\\', ':']) && !p.chars().any(char::is_control) && p.len() <= 512
}

/// How long a browser may keep an answer: a site file whose name carries its content hash
/// (`portico.1f2e3d4c5b6a7980.wasm`) for a year, other site files after asking again
/// (`no-cache` revalidates), and everything else not at all (pages hold private data).
fn cache_control(path: &str, ok: bool) -> &'static str {
    let site_file = path.starts_with("/pkg/") || path.starts_with("/i18n/") || path.starts_with("/brand/") || path == "/favicon.svg";
    let name = path.rsplit('/').next().unwrap_or("");
    let hashed = name.split('.').any(|part| part.len() == 16 && part.bytes().all(|b| b.is_ascii_hexdigit()));
    match (site_file && ok, hashed) {
        (true, true) => "public, max-age=31536000, immutable",
        (true, false) => "no-cache",
        (false, _) => "no-store",
    }
}

pub async fn security_headers(State(site): State<Arc<Site>>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    let html = h.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("text/html"));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static(if token_in_url(&path) { "no-referrer" } else { "same-origin" }));
    h.insert("permissions-policy", HeaderValue::from_static(PERMISSIONS_POLICY));
    if site.https {
        h.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=63072000; includeSubDomains"));
    }
    if html {
        h.entry(header::CONTENT_SECURITY_POLICY).or_insert(HeaderValue::from_static(FALLBACK_CSP));
        h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    let ok = res.status().is_success() || res.status() == StatusCode::NOT_MODIFIED;
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(cache_control(&path, ok)));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_same_site_paths_are_returned_to() {
        assert!(same_site_path("/documents?folder=Tax"));
        for bad in ["//evil.com", "/\\evil.com", "/\\/evil.com", "https://evil.com", "evil.com", "/x\ny", "/a:b"] {
            assert!(!same_site_path(bad), "{bad}");
        }
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs.iter().map(|(k, v)| (header::HeaderName::from_static(k), HeaderValue::from_static(v))).collect()
    }

    #[test]
    fn hashed_site_files_are_kept_for_a_year_and_pages_never() {
        assert_eq!(cache_control("/pkg/portico.1f2e3d4c5b6a7980.wasm", true), "public, max-age=31536000, immutable");
        assert_eq!(cache_control("/pkg/portico.1f2e3d4c5b6a7980.wasm", false), "no-store");
        assert_eq!(cache_control("/pkg/portico.css", true), "no-cache");
        assert_eq!(cache_control("/favicon.svg", true), "no-cache");
        assert_eq!(cache_control("/invoices/1f2e3d4c5b6a7980.pdf", true), "no-store");
        assert_eq!(cache_control("/invoices", true), "no-store");
    }

    #[test]
    fn only_the_portals_own_pages_may_change_things() {
        let site = Site::new("https://portal.example.com/");
        assert_eq!(site.origin, "https://portal.example.com");
        assert!(same_origin(&headers(&[("sec-fetch-site", "same-origin")]), &site));
        assert!(same_origin(&headers(&[("sec-fetch-site", "none")]), &site));
        assert!(!same_origin(&headers(&[("sec-fetch-site", "cross-site"), ("origin", "http://evil.example")]), &site));
        assert!(!same_origin(&headers(&[("sec-fetch-site", "same-site")]), &site));
        // An old browser: only the Origin tells.
        assert!(same_origin(&headers(&[("origin", "https://portal.example.com")]), &site));
        assert!(!same_origin(&headers(&[("origin", "https://portal.example.com.evil.example")]), &site));
        assert!(!same_origin(&headers(&[("origin", "null")]), &site));
        assert!(!same_origin(&headers(&[]), &site), "neither header: refused");
    }
}
