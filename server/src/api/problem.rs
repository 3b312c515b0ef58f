//! Errors of the REST API as RFC 9457 problem details (`application/problem+json`): the app's one
//! error type, with its status, a title a person can read and, for invalid input, every field
//! that was refused and why.

use app::error::{AppError, FieldError};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

/// A refused request, as RFC 9457 describes it.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// Always `about:blank`: the status and title say what happened.
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub title: &'static str,
    pub status: u16,
    /// What was wrong, in more words, when there is more to say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Invalid input (422): each refused field and a code for why.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ProblemField>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProblemField {
    pub field: String,
    pub code: String,
}

pub const CONTENT_TYPE: &str = "application/problem+json";

/// The app's error, answered as a problem.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        Self(e)
    }
}

impl Problem {
    pub fn of(e: &AppError) -> Self {
        let (title, detail, errors) = match e {
            AppError::Unauthenticated => ("Unauthorized", Some("send a valid API token: Authorization: Bearer ptk_…".to_string()), vec![]),
            AppError::Forbidden => ("Forbidden", Some("this token's scopes do not allow this".to_string()), vec![]),
            AppError::NotFound => ("Not Found", None, vec![]),
            AppError::Validation(fields) => ("Unprocessable Content", None, fields.iter().map(|FieldError { field, code }| ProblemField { field: field.clone(), code: code.clone() }).collect()),
            AppError::BadRequest(m) => ("Bad Request", Some(m.clone()), vec![]),
            AppError::TooLarge => ("Content Too Large", None, vec![]),
            AppError::UnsupportedType => ("Unsupported Media Type", Some("this kind of file is not accepted".to_string()), vec![]),
            AppError::Conflict(m) => ("Conflict", Some(m.clone()), vec![]),
            AppError::Throttled { .. } => ("Too Many Requests", Some("this token made too many requests; see Retry-After".to_string()), vec![]),
            AppError::Unavailable | AppError::Busy => ("Service Unavailable", None, vec![]),
            AppError::Internal => ("Internal Server Error", None, vec![]),
        };
        Self { kind: "about:blank", title, status: e.status(), detail, errors }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.0.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&Problem::of(&self.0)).unwrap_or_default();
        let mut res = (status, body).into_response();
        let h = res.headers_mut();
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE));
        if let Some(secs) = self.0.retry_after() {
            h.insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        if matches!(self.0, AppError::Unauthenticated) {
            h.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        res
    }
}

/// What a handler returns.
pub type ApiResult<T> = Result<T, ApiError>;
