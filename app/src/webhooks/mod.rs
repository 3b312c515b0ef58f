//! Outgoing webhooks: an admin registers the firm's HTTPS addresses at `/staff/settings` and
//! chooses what each is told (the server's `webhooks` delivers, signs and retries).

pub mod pages;

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What an endpoint can be told, as the `type` of each delivery.
pub const EVENTS: [&str; 6] = ["invoice.viewed", "document.downloaded", "document.uploaded", "payment.recorded", "message.received", "document_request.fulfilled"];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Endpoint {
    pub id: i64,
    pub url: String,
    pub events: Vec<String>,
    /// Unix seconds.
    pub created_at: i64,
    pub disabled_at: Option<i64>,
}

/// An endpoint as registered: the secret that signs its deliveries, shown this once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewEndpoint {
    pub endpoint: Endpoint,
    pub secret: String,
}

/// One event sent (or being sent) to one endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivery {
    pub id: i64,
    pub url: String,
    pub event_type: String,
    /// The audit event it tells of.
    pub event_id: i64,
    /// Unix seconds.
    pub created_at: i64,
    pub attempts: i64,
    pub delivered_at: Option<i64>,
    /// Given up after the last retry.
    pub failed_at: Option<i64>,
    pub next_attempt_at: Option<i64>,
    /// The endpoint's HTTP status at the last attempt, if it answered.
    pub last_status: Option<i64>,
    pub last_error: String,
}

#[cfg(feature = "ssr")]
pub mod service {
    use super::{Delivery, Endpoint, NewEndpoint};
    use crate::error::AppError;

    #[async_trait::async_trait]
    pub trait WebhookService: Send + Sync {
        async fn endpoints(&self) -> Result<Vec<Endpoint>, AppError>;
        /// Checks the address (https, or http on this machine) and the events.
        async fn register(&self, url: &str, events: &[String], by: i64) -> Result<NewEndpoint, AppError>;
        /// Stops deliveries to an endpoint (those still waiting are given up).
        async fn disable(&self, id: i64) -> Result<Endpoint, AppError>;
        /// The latest deliveries, newest first.
        async fn deliveries(&self, limit: i64) -> Result<Vec<Delivery>, AppError>;
    }
}

#[server(endpoint = "staff/webhooks")]
pub async fn webhooks() -> Result<(Vec<Endpoint>, Vec<Delivery>), AppError> {
    use crate::services::*;
    require_admin()?;
    let s = services()?;
    Ok((s.webhooks.endpoints().await?, s.webhooks.deliveries(30).await?))
}

/// Registers an address for the events ticked (each a checkbox named after its event, dots
/// as underscores); recorded as the admin's.
#[server(endpoint = "staff/webhooks/register")]
pub async fn register_webhook(
    url: String,
    #[server(default)] invoice_viewed: Option<String>,
    #[server(default)] document_downloaded: Option<String>,
    #[server(default)] document_uploaded: Option<String>,
    #[server(default)] payment_recorded: Option<String>,
    #[server(default)] message_received: Option<String>,
    #[server(default)] document_request_fulfilled: Option<String>,
) -> Result<NewEndpoint, AppError> {
    use crate::services::*;
    let who = require_admin()?;
    let ticked = [invoice_viewed, document_downloaded, document_uploaded, payment_recorded, message_received, document_request_fulfilled];
    let events: Vec<String> = EVENTS.iter().zip(ticked).filter(|(_, on)| on.is_some()).map(|(e, _)| e.to_string()).collect();
    let made = services()?.webhooks.register(&url, &events, who.user_id).await?;
    let details = serde_json::json!({ "url": made.endpoint.url, "events": made.endpoint.events });
    audit(AuditEntry::success(Action::SettingsUpdated, None, ("webhook_endpoint", made.endpoint.id.to_string(), made.endpoint.url.clone()), details)).await;
    show_once(pages::NEW_SECRET, "/staff/settings", &made.secret);
    back_with_notice("webhook");
    Ok(made)
}

#[server(endpoint = "staff/webhooks/disable")]
pub async fn disable_webhook(id: i64) -> Result<(), AppError> {
    use crate::services::*;
    require_admin()?;
    let endpoint = services()?.webhooks.disable(id).await?;
    let details = serde_json::json!({ "url": endpoint.url, "disabled": true });
    audit(AuditEntry::success(Action::SettingsUpdated, None, ("webhook_endpoint", id.to_string(), endpoint.url), details)).await;
    back_with_notice("webhook_stopped");
    Ok(())
}
