//! The app's one error type as a plain HTTP response (for routes that are not server functions).

use app::error::AppError;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

pub struct HttpError(pub AppError);

/// The signed-in user of a plain (non-server-function) route, or 401 (403 for someone who must
/// set up two-step sign-in first).
pub fn require_identity(identity: Option<axum::Extension<app::model::Identity>>) -> Result<app::model::Identity, HttpError> {
    match identity.map(|axum::Extension(i)| i) {
        None => Err(HttpError(AppError::Unauthenticated)),
        Some(who) if who.must_set_up_two_factor => Err(HttpError(AppError::Forbidden)),
        Some(who) => Ok(who),
    }
}

impl From<AppError> for HttpError {
    fn from(e: AppError) -> Self {
        Self(e)
    }
}

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.0.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut res = (status, axum::Json(&self.0)).into_response();
        if let Some(secs) = self.0.retry_after() {
            res.headers_mut().insert(axum::http::header::RETRY_AFTER, axum::http::HeaderValue::from(secs));
        }
        res
    }
}
