//! Server-only: the services a server function may call, and who is asking.
//! The `server` crate implements the traits with sqlx and provides [`Services`] through Leptos
//! context; server functions stay thin: identity → permission → service call.

use crate::error::AppError;
use crate::model::{ClientDetail, ClientSummary, Dashboard, Identity, InvoiceDetail, InvoiceSummary};
use async_trait::async_trait;
use leptos::prelude::*;
use std::sync::Arc;
use time::Date;

#[async_trait]
pub trait AuthService: Send + Sync {
    /// Checks an email and password. Unknown email, wrong password and a disabled account all
    /// give the same `invalid_credentials` validation error.
    async fn authenticate(&self, email: &str, password: &str) -> Result<Identity, AppError>;
    /// The identity of an active user, or `None` when the user is gone or disabled.
    async fn identity(&self, user_id: i64) -> Result<Option<Identity>, AppError>;
}

#[async_trait]
pub trait InvoiceService: Send + Sync {
    async fn dashboard(&self, client_id: i64, today: Date) -> Result<Dashboard, AppError>;
    /// A client's invoices, newest first; drafts only when `include_drafts` (staff).
    async fn list(&self, client_id: i64, include_drafts: bool, today: Date) -> Result<Vec<InvoiceSummary>, AppError>;
    /// One invoice of this client. Another client's invoice is `NotFound`, like a missing one.
    async fn get(&self, client_id: i64, invoice_id: i64, include_drafts: bool, today: Date) -> Result<InvoiceDetail, AppError>;
}

#[async_trait]
pub trait ClientService: Send + Sync {
    async fn list(&self, today: Date) -> Result<Vec<ClientSummary>, AppError>;
    async fn get(&self, client_id: i64, today: Date) -> Result<ClientSummary, AppError>;
}

/// Every service, behind one cheap-to-clone handle.
#[derive(Clone)]
pub struct Services {
    /// The firm's display name, shown in every page header.
    pub firm_name: Arc<str>,
    pub auth: Arc<dyn AuthService>,
    pub invoices: Arc<dyn InvoiceService>,
    pub clients: Arc<dyn ClientService>,
}

pub fn services() -> Result<Services, AppError> {
    use_context::<Services>().ok_or(AppError::Internal)
}

/// The signed-in user of this request, put in the request extensions by the server's session
/// middleware (which has already checked the idle and absolute timeouts).
pub fn identity() -> Option<Identity> {
    use_context::<http::request::Parts>()?.extensions.get::<Identity>().cloned()
}

pub fn require_user() -> Result<Identity, AppError> {
    identity().ok_or(AppError::Unauthenticated)
}

/// A client user and the one client they belong to.
pub fn require_client() -> Result<(Identity, i64), AppError> {
    let who = require_user()?;
    match (who.role, who.client_id) {
        (crate::model::Role::Client, Some(client_id)) => Ok((who, client_id)),
        _ => Err(AppError::Forbidden),
    }
}

pub fn require_staff() -> Result<Identity, AppError> {
    let who = require_user()?;
    if who.role.is_staff() {
        Ok(who)
    } else {
        Err(AppError::Forbidden)
    }
}

/// Today's date in UTC: overdue and aging are computed against it.
pub fn today() -> Date {
    time::OffsetDateTime::now_utc().date()
}

/// Combines a client summary with its invoices for the staff client page.
pub async fn client_detail(s: &Services, client_id: i64) -> Result<ClientDetail, AppError> {
    let client = s.clients.get(client_id, today()).await?;
    let invoices = s.invoices.list(client_id, true, today()).await?;
    Ok(ClientDetail { client, invoices })
}
