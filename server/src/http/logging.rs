//! One log line per request: method, path, status, latency and request id. Never the query
//! string, headers or cookies, which may carry tokens.

use app::services::ClientIp;
use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use ipnet::IpNet;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
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

/// The client's address: the connecting peer, unless the peer is a trusted proxy; then the
/// `X-Forwarded-For` hops are walked from the right, past trusted proxies, to the first other one.
pub fn client_ip(peer: IpAddr, forwarded_for: &[&str], trusted: &[IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|n| n.contains(ip));
    let mut ip = peer;
    if !is_trusted(&peer) {
        return ip;
    }
    for hop in forwarded_for.iter().rev().flat_map(|h| h.rsplit(',')) {
        match hop.trim().parse::<IpAddr>() {
            Ok(addr) if is_trusted(&addr) => ip = addr,
            Ok(addr) => return addr,
            // A hop that is not an address: stop at the last one we can vouch for.
            Err(_) => return ip,
        }
    }
    ip
}

pub async fn log_request(State(trusted): State<Arc<Vec<IpNet>>>, mut req: Request, next: Next) -> Response {
    let start = Instant::now();
    let id = request_id(&req);
    let header = HeaderValue::from_str(&id).expect("request ids are ASCII");
    req.headers_mut().insert(REQUEST_ID, header.clone());
    if let Some(ConnectInfo(addr)) = req.extensions().get::<ConnectInfo<SocketAddr>>() {
        let hops: Vec<&str> = req.headers().get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).collect();
        let ip = ClientIp(client_ip(addr.ip(), &hops, &trusted).to_string());
        req.extensions_mut().insert(ip);
    }
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    // Routes added with `Router::layer` see the pattern that matched; anything else (the 404
    // fallback) counts under one name.
    let route = req.extensions().get::<MatchedPath>().map_or("unmatched", MatchedPath::as_str).to_owned();
    let mut res = next.run(req).await;
    res.headers_mut().insert(REQUEST_ID, header);
    super::metrics::observe(method.as_str(), route, res.status(), start.elapsed());
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

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn forwarded_for_is_believed_only_from_trusted_proxies() {
        let trusted = crate::config::parse_networks("10.0.0.0/8, 127.0.0.1").unwrap();
        // Straight from the internet: the header is whatever the client typed.
        assert_eq!(client_ip(ip("203.0.113.9"), &["1.2.3.4"], &trusted), ip("203.0.113.9"));
        // Through our proxy: the address it saw.
        assert_eq!(client_ip(ip("127.0.0.1"), &["198.51.100.7"], &trusted), ip("198.51.100.7"));
        // A client that sends its own header through the proxy cannot choose its address.
        assert_eq!(client_ip(ip("10.0.0.2"), &["1.2.3.4, 198.51.100.7, 10.0.0.5"], &trusted), ip("198.51.100.7"));
        assert_eq!(client_ip(ip("10.0.0.2"), &["1.2.3.4", "198.51.100.7"], &trusted), ip("198.51.100.7"));
        assert_eq!(client_ip(ip("10.0.0.2"), &["junk, 10.0.0.3"], &trusted), ip("10.0.0.3"));
        assert_eq!(client_ip(ip("10.0.0.2"), &[], &trusted), ip("10.0.0.2"));
        assert_eq!(client_ip(ip("127.0.0.1"), &["198.51.100.7"], &[]), ip("127.0.0.1"));
    }
}
