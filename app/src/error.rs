//! The one error type of the portal: returned by every server function and every service.

use serde::{Deserialize, Serialize};

/// A field that failed validation, with a message code the UI translates (see `i18n`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub code: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// No valid session: the user must sign in (401).
    #[error("not signed in")]
    Unauthenticated,
    /// Signed in, but the role does not allow this (403).
    #[error("forbidden")]
    Forbidden,
    /// Missing, or belonging to another client: the two are indistinguishable by design (404).
    #[error("not found")]
    NotFound,
    /// Input that parsed but is not acceptable (422).
    #[error("invalid input: {0:?}")]
    Validation(Vec<FieldError>),
    /// Input that could not be read at all: malformed body, wrong types (400).
    #[error("bad request: {0}")]
    BadRequest(String),
    /// An upload over the size limit (413).
    #[error("the file is too large")]
    TooLarge,
    /// A file of a kind the portal does not accept (415).
    #[error("this kind of file is not accepted")]
    UnsupportedType,
    /// The change clashes with existing data (409).
    #[error("conflict: {0}")]
    Conflict(String),
    /// A dependency (the database) is down; try again later (503).
    #[error("service unavailable")]
    Unavailable,
    /// Too much work at once (every password worker is busy); try again in a moment (503 with
    /// `Retry-After`).
    #[error("busy")]
    Busy,
    /// Too many failed attempts: nothing is checked before `retry_after` seconds have passed
    /// (429 with `Retry-After`).
    #[error("too many attempts; retry after {retry_after} s")]
    Throttled { retry_after: u64 },
    /// A bug or an unexpected failure; the details are in the server log only (500).
    #[error("internal error")]
    Internal,
}

impl AppError {
    /// A validation error on one field.
    pub fn invalid(field: &str, code: &str) -> Self {
        Self::Validation(vec![FieldError { field: field.into(), code: code.into() }])
    }

    /// Seconds to send in `Retry-After`, for answers that say "come back later".
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            Self::Throttled { retry_after } => Some((*retry_after).max(1)),
            Self::Busy => Some(2),
            Self::Unavailable => Some(5),
            _ => None,
        }
    }

    pub fn status(&self) -> u16 {
        match self {
            Self::Unauthenticated => 401,
            Self::Forbidden => 403,
            Self::NotFound => 404,
            Self::Validation(_) => 422,
            Self::BadRequest(_) => 400,
            Self::Conflict(_) => 409,
            Self::TooLarge => 413,
            Self::UnsupportedType => 415,
            Self::Unavailable | Self::Busy => 503,
            Self::Throttled { .. } => 429,
            Self::Internal => 500,
        }
    }
}

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(m) | ServerFnErrorErr::MissingArg(m) => Self::BadRequest(m),
            // On the server this is a request body that could not be read (e.g. malformed JSON).
            #[cfg(feature = "ssr")]
            ServerFnErrorErr::Deserialization(m) => Self::BadRequest(m),
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => Self::Unavailable,
            other => {
                #[cfg(feature = "ssr")]
                tracing::error!(error = %other, "server function failed");
                let _ = other;
                Self::Internal
            }
        }
    }

    /// Called on the server to write the error response: the HTTP status follows the variant,
    /// so malformed arguments are a 400 and another client's id a 404, never a 500. A form the
    /// browser posted itself (no wasm) is sent back to its page instead, with the error in the
    /// URL (Leptos's redirect, which a 4xx status would spoil).
    fn ser(&self) -> leptos::server_fn::Bytes {
        #[cfg(feature = "ssr")]
        if let Some(opts) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            let plain_form = leptos::prelude::use_context::<http::request::Parts>()
                .and_then(|p| p.headers.get(http::header::ACCEPT)?.to_str().ok().map(|a| a.contains("text/html")))
                .unwrap_or(false);
            if !plain_form {
                opts.set_status(http::StatusCode::from_u16(self.status()).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR));
            }
            if let Some(secs) = self.retry_after() {
                opts.insert_header(http::header::RETRY_AFTER, http::HeaderValue::from(secs));
            }
        }
        serde_json::to_vec(self).unwrap_or_default().into()
    }

    fn de(data: leptos::server_fn::Bytes) -> Self {
        serde_json::from_slice(&data).unwrap_or(Self::Internal)
    }
}
