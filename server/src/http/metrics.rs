//! `GET /metrics` in Prometheus text format, through the `metrics` facade and
//! metrics-exporter-prometheus: requests and their latency by route, the database pool, the
//! audit queue and the outbox. It answers only a scraper that sends the configured bearer token
//! (`--metrics-token`); while none is set the route is a 404, as if it did not exist.

use crate::AppState;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::sync::OnceLock;
use std::time::Duration;

const REQUESTS: &str = "portico_http_requests_total";
const LATENCY: &str = "portico_http_request_duration_seconds";
/// From a page served from memory to a slow PDF, in seconds.
const LATENCY_BUCKETS: &[f64] = &[0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

/// The process's recorder, installed when the first router is built (tests build many in one
/// process, and the `metrics` facade has one global recorder).
pub fn handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Full(LATENCY.into()), LATENCY_BUCKETS)
            .expect("the bucket list is not empty")
            .build_recorder();
        let handle = recorder.handle();
        if metrics::set_global_recorder(recorder).is_err() {
            tracing::warn!("another metrics recorder is installed; /metrics shows only the gauges");
        }
        handle
    })
}

/// Counts one answered request. `route` is the router's pattern (`/invoices/{id}`), never the
/// path itself, so that ids do not multiply the series.
pub fn observe(method: &str, route: String, status: StatusCode, elapsed: Duration) {
    let method = method.to_string();
    metrics::counter!(REQUESTS, "method" => method.clone(), "route" => route.clone(), "status" => status.as_str().to_string()).increment(1);
    metrics::histogram!(LATENCY, "method" => method, "route" => route).record(elapsed.as_secs_f64());
}

pub async fn metrics(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(token) = state.config.metrics_token.as_deref() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let given = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer ")).unwrap_or("");
    // Compared as hashes, so the time taken says nothing about how much of the token matched.
    if crate::sha256_hex(given) != crate::sha256_hex(token) {
        return (StatusCode::UNAUTHORIZED, [(header::WWW_AUTHENTICATE, "Bearer")]).into_response();
    }
    let handle = handle();
    let (size, idle) = (state.db.pool.size() as f64, state.db.pool.num_idle() as f64);
    metrics::gauge!("portico_db_pool_connections", "state" => "idle").set(idle);
    metrics::gauge!("portico_db_pool_connections", "state" => "busy").set(size - idle);
    metrics::gauge!("portico_audit_queue_depth").set(state.audit.queued() as f64);
    match crate::mail::outbox::pending(&state.db).await {
        Ok(pending) => metrics::gauge!("portico_outbox_depth").set(pending as f64),
        Err(e) => tracing::warn!(error = %e, "outbox depth not read"),
    }
    handle.run_upkeep();
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], handle.render()).into_response()
}
