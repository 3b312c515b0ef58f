//! `portico api-token …`: make, list and revoke the REST API's tokens.

use super::{open, record_system};
use crate::api::tokens;
use crate::config::DbArgs;
use app::audit::action::Action;
use app::services::AuditEntry;
use clap::Subcommand;

#[derive(Subcommand)]
pub enum ApiTokenCommand {
    /// Make a token and print it (once: only its hash is kept).
    Create {
        /// What it is for, e.g. "Books sync".
        #[arg(long)]
        name: String,
        /// What it may do, one or more of: clients:read clients:write invoices:read
        /// invoices:write documents:read documents:write audit:read (write includes read).
        #[arg(long = "scope", required = true, num_args = 1..)]
        scopes: Vec<String>,
        /// Limit it to this one client's data.
        #[arg(long)]
        client: Option<i64>,
        /// The admin it acts for (payments and invites are recorded as theirs); the first admin
        /// when absent. It stops working when that admin is disabled.
        #[arg(long)]
        admin: Option<String>,
    },
    /// List the tokens (never the tokens themselves).
    List,
    /// Revoke a token for good.
    Revoke { id: i64 },
}

fn shown(t: &app::tokens::ApiToken) -> String {
    let when = |s: Option<i64>| s.and_then(|s| time::OffsetDateTime::from_unix_timestamp(s).ok()).map(|t| t.date().to_string()).unwrap_or_else(|| "never".into());
    let client = t.client_id.map(|c| format!(" client {c}")).unwrap_or_default();
    let state = if t.revoked_at.is_some() { " revoked" } else { "" };
    format!("{}\t{}\t{}…\t{}{client}\tlast used {}{state}", t.id, t.name, t.prefix, t.scopes.join(" "), when(t.last_used_at))
}

pub async fn api_token_command(db_args: &DbArgs, command: ApiTokenCommand) -> Result<(), String> {
    let db = open(db_args).await?;
    let failed = |e: app::error::AppError| match e {
        app::error::AppError::Validation(f) => f.iter().map(|f| format!("{}: {}", f.field, f.code.replace('_', " "))).collect::<Vec<_>>().join("; "),
        e => e.to_string(),
    };
    match command {
        ApiTokenCommand::Create { name, scopes, client, admin } => {
            let admin: Option<i64> = match admin {
                Some(email) => sqlx::query_scalar("SELECT id FROM users WHERE email = $1 AND role = 'admin' AND disabled_at IS NULL").bind(email.trim().to_lowercase()).fetch_optional(&db.pool).await,
                None => sqlx::query_scalar("SELECT MIN(id) FROM users WHERE role = 'admin' AND disabled_at IS NULL").fetch_one(&db.pool).await,
            }
            .map_err(|e| e.to_string())?;
            let admin = admin.ok_or("no such admin: create one first (portico user create --role admin)")?;
            let (token, secret) = tokens::create(&db, &name, &scopes, client, admin).await.map_err(failed)?;
            let details = serde_json::json!({ "scopes": token.scopes, "client_id": token.client_id });
            record_system(&db, AuditEntry::success(Action::ApiTokenCreated, token.client_id, ("api_token", token.id.to_string(), token.name.clone()), details)).await;
            eprintln!("API token {} made; it is shown this once:", token.id);
            println!("{secret}");
        }
        ApiTokenCommand::List => {
            for t in tokens::list(&db).await.map_err(failed)? {
                println!("{}", shown(&t));
            }
        }
        ApiTokenCommand::Revoke { id } => {
            let token = tokens::revoke(&db, id).await.map_err(failed)?;
            record_system(&db, AuditEntry::success(Action::ApiTokenRevoked, token.client_id, ("api_token", id.to_string(), token.name.clone()), serde_json::Value::Null)).await;
            println!("revoked: {}", shown(&token));
        }
    }
    Ok(())
}
