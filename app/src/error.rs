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
    /// A bug or an unexpected failure; the details are in the server log only (500).
    #[error("internal error")]
    Internal,
}

impl AppError {
    /// A validation error on one field.
    pub fn invalid(field: &str, code: &str) -> Self {
        Self::Validation(vec![FieldError { field: field.into(), code: code.into() }])
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
            Self::Unavailable => 503,
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
    /// so malformed arguments are a 400 and another client's id a 404, never a 500.
    fn ser(&self) -> leptos::server_fn::Bytes {
        #[cfg(feature = "ssr")]
        if let Some(opts) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            opts.set_status(http::StatusCode::from_u16(self.status()).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR));
        }
        serde_json::to_vec(self).unwrap_or_default().into()
    }

    fn de(data: leptos::server_fn::Bytes) -> Self {
        serde_json::from_slice(&data).unwrap_or(Self::Internal)
    }
}
