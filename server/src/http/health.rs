use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;

/// Liveness: 200 while the process is up.
pub async fn healthz() -> &'static str {
    "ok"
}

/// Readiness: 200 only when the database answers.
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    if state.db.ping().await {
        (StatusCode::OK, "ready")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
    }
}
