//! The app's one error type as a plain HTTP response (for routes that are not server functions).

use app::error::AppError;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

pub struct HttpError(pub AppError);

/// The signed-in user of a plain (non-server-function) route, or 401.
pub fn require_identity(identity: Option<axum::Extension<app::model::Identity>>) -> Result<app::model::Identity, HttpError> {
    identity.map(|axum::Extension(i)| i).ok_or(HttpError(AppError::Unauthenticated))
}

impl From<AppError> for HttpError {
    fn from(e: AppError) -> Self {
        Self(e)
    }
}

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.0.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, axum::Json(self.0)).into_response()
    }
}
