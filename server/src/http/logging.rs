//! One log line per request: method, path, status, latency and request id. Never the query
//! string, headers or cookies, which may carry tokens.

use app::services::ClientIp;
use axum::extract::{ConnectInfo, Request};
use std::net::SocketAddr;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use std::time::Instant;

pub const REQUEST_ID: &str = "x-request-id";

/// The caller's request id when it looks like one (from a proxy), else a new one.
fn request_id(req: &Request) -> String {
    req.headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty() && v.len() <= 64 && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        .map(str::to_owned)
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string())
}

pub async fn log_request(mut req: Request, next: Next) -> Response {
    let start = Instant::now();
    let id = request_id(&req);
    let header = HeaderValue::from_str(&id).expect("request ids are ASCII");
    req.headers_mut().insert(REQUEST_ID, header.clone());
    if let Some(ConnectInfo(addr)) = req.extensions().get::<ConnectInfo<SocketAddr>>() {
        let ip = ClientIp(addr.ip().to_string());
        req.extensions_mut().insert(ip);
    }
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let mut res = next.run(req).await;
    res.headers_mut().insert(REQUEST_ID, header);
    tracing::info!(
        method = %method,
        path = %path,
        status = res.status().as_u16(),
        latency_ms = format_args!("{:.1}", start.elapsed().as_secs_f64() * 1000.0),
        request_id = %id,
        "request"
    );
    res
}
