//! The API's request parts, refused as problems (`application/problem+json`) instead of axum's
//! plain-text rejections, and the shapes every area shares (money, pages).

use super::problem::ApiError;
use app::error::AppError;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use serde::Serialize;
use utoipa::ToSchema;

/// A JSON request body.
pub struct Body<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Body<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(Body(v)),
            Err(e) => Err(ApiError(AppError::BadRequest(e.body_text()))),
        }
    }
}

/// A `multipart/form-data` body (the upload).
pub struct Form(pub axum::extract::Multipart);

impl<S: Send + Sync> FromRequest<S> for Form {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Multipart::from_request(req, state).await {
            Ok(m) => Ok(Form(m)),
            Err(e) => Err(ApiError(AppError::BadRequest(e.body_text()))),
        }
    }
}

/// Query parameters.
pub struct Params<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Params<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(v)) => Ok(Params(v)),
            Err(e) => Err(ApiError(AppError::BadRequest(e.body_text()))),
        }
    }
}

/// The ids in the path: one that is not a positive number names nothing (404, like a missing one).
pub struct Ids<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for Ids<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(Ids(v)),
            Err(_) => Err(ApiError(AppError::NotFound)),
        }
    }
}

/// An amount of money: minor units (cents) and an ISO 4217 currency.
#[derive(Debug, Serialize, ToSchema)]
pub struct Money {
    /// In the currency's minor units: 12345 is 123.45 USD, 12345 JPY is 12,345 yen.
    pub minor: i64,
    #[schema(example = "USD")]
    pub currency: String,
    /// The same amount as a decimal string, e.g. "123.45".
    pub decimal: String,
}

impl From<app::money::Money> for Money {
    fn from(m: app::money::Money) -> Self {
        Self { minor: m.minor, currency: m.currency.code().to_string(), decimal: m.decimal() }
    }
}

pub fn money(list: Vec<app::money::Money>) -> Vec<Money> {
    list.into_iter().map(Money::from).collect()
}

/// One page of a list. Pass `next_cursor` back as `cursor` for the next page; it is `null` on
/// the last one.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T: ToSchema> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

impl<T: ToSchema> Page<T> {
    pub fn new<U>(items: Vec<U>, next: Option<impl ToString>, f: impl FnMut(U) -> T) -> Self {
        Self { items: items.into_iter().map(f).collect(), next_cursor: next.map(|n| n.to_string()) }
    }
}

/// Where a list continues, as every list's `cursor` parameter.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Cursor {
    /// `next_cursor` of the page before; absent for the first page.
    pub cursor: Option<String>,
}

impl Cursor {
    /// A numeric cursor; anything else is a 400.
    pub fn id(&self) -> Result<Option<i64>, AppError> {
        self.cursor.as_deref().filter(|c| !c.is_empty()).map(|c| c.parse::<i64>().map_err(|_| AppError::BadRequest("cursor: not one this API gave".into()))).transpose()
    }
}

/// Dates are ISO 8601 (`2026-12-03`).
pub fn iso(d: time::Date) -> String {
    app::util::iso(d)
}
