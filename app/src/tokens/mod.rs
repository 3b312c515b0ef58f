//! API tokens for the REST API (`/api/v1`): an admin makes, lists and revokes them at
//! `/staff/settings`. A new token is shown once; only its hash is stored (the server's
//! `api::tokens`).

pub mod pages;

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The areas a token may be given, each read or write (write includes read); the audit trail
/// can only be read.
pub const AREAS: [&str; 4] = ["clients", "invoices", "documents", "audit"];

/// What a scope lets a token do in its area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Read,
    Write,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiToken {
    pub id: i64,
    pub name: String,
    /// The token's first characters, to tell tokens apart (never enough to use one).
    pub prefix: String,
    /// e.g. `invoices:write`, `audit:read`.
    pub scopes: Vec<String>,
    /// Set: the token reaches this one client's data and nothing else.
    pub client_id: Option<i64>,
    pub client_name: Option<String>,
    pub acting_user: i64,
    /// Unix seconds.
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

impl ApiToken {
    /// Whether the token's scopes allow `access` in `area` (write includes read).
    pub fn allows(&self, area: &str, access: Access) -> bool {
        self.scopes.iter().any(|s| match s.split_once(':') {
            Some((a, "write")) => a == area,
            Some((a, "read")) => a == area && access == Access::Read,
            _ => false,
        })
    }
}

/// A token as made: its row, and the secret, shown this once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewToken {
    pub token: ApiToken,
    pub secret: String,
}

#[cfg(feature = "ssr")]
pub mod service {
    use super::{ApiToken, NewToken};
    use crate::error::AppError;

    #[async_trait::async_trait]
    pub trait TokenService: Send + Sync {
        async fn list(&self) -> Result<Vec<ApiToken>, AppError>;
        /// Checks the name and scopes (each of the server's scopes), and the client.
        async fn create(&self, name: &str, scopes: &[String], client_id: Option<i64>, acting_user: i64) -> Result<NewToken, AppError>;
        /// Revokes a token for good; revoking it again changes nothing.
        async fn revoke(&self, id: i64) -> Result<ApiToken, AppError>;
    }
}

#[server(endpoint = "staff/api-tokens")]
pub async fn api_tokens() -> Result<Vec<ApiToken>, AppError> {
    use crate::services::*;
    require_admin()?;
    services()?.tokens.list().await
}

/// Makes a token with the access chosen per area (`""`, `read` or `write`; the trail's field is
/// `audit_log`), for every client or one; recorded as the admin's.
#[server(endpoint = "staff/api-tokens/create")]
pub async fn create_api_token(
    name: String,
    #[server(default)] clients: String,
    #[server(default)] invoices: String,
    #[server(default)] documents: String,
    #[server(default)] audit_log: String,
    #[server(default)] client_id: Option<String>,
) -> Result<NewToken, AppError> {
    use crate::services::*;
    let who = require_admin()?;
    let chosen = [("clients", clients), ("invoices", invoices), ("documents", documents), ("audit", audit_log)];
    let scopes: Vec<String> = chosen.iter().filter(|(_, a)| !a.is_empty()).map(|(area, access)| format!("{area}:{access}")).collect();
    let client_id = match client_id.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) => Some(c.parse::<i64>().map_err(|_| AppError::invalid("client_id", "unknown_client"))?),
        None => None,
    };
    let made = services()?.tokens.create(&name, &scopes, client_id, who.user_id).await?;
    let details = serde_json::json!({ "scopes": made.token.scopes, "client_id": made.token.client_id, "prefix": made.token.prefix });
    audit(AuditEntry::success(Action::ApiTokenCreated, made.token.client_id, ("api_token", made.token.id.to_string(), made.token.name.clone()), details)).await;
    show_once(pages::NEW_TOKEN, "/staff/settings", &made.secret);
    back_with_notice("token");
    Ok(made)
}

#[server(endpoint = "staff/api-tokens/revoke")]
pub async fn revoke_api_token(id: i64) -> Result<(), AppError> {
    use crate::services::*;
    require_admin()?;
    let token = services()?.tokens.revoke(id).await?;
    audit(AuditEntry::success(Action::ApiTokenRevoked, token.client_id, ("api_token", id.to_string(), token.name), serde_json::Value::Null)).await;
    back_with_notice("token_revoked");
    Ok(())
}
