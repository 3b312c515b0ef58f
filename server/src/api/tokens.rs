//! API tokens: an admin makes one for another program (at `/staff/settings` or with `portico
//! api-token create`); it is shown once and only its SHA-256 is stored. Each token has scopes (read
//! or write per area), may be limited to one client, acts for the admin who made it, and can be
//! revoked; its last use is kept (to the minute).

use crate::db::{col, now_secs, Db, OrDb};
use crate::sha256_hex;
use app::error::AppError;
use app::tokens::{ApiToken, NewToken};
use async_trait::async_trait;
use sqlx::any::AnyRow;

pub use app::tokens::Access;

/// Every scope there is: the audit trail can only be read.
pub const SCOPES: [&str; 7] = ["clients:read", "clients:write", "invoices:read", "invoices:write", "documents:read", "documents:write", "audit:read"];

/// Tokens start with this, so that secret scanners and people recognise them.
const PREFIX: &str = "ptk_";
/// Last use is written again once it is a minute old.
const TOUCH_EVERY_SECS: i64 = 60;

const SELECT: &str = "SELECT t.id, t.name, t.prefix, t.scopes, t.client_id, c.name AS client_name, t.acting_user, t.created_at, t.last_used_at, t.revoked_at \
     FROM api_tokens t LEFT JOIN clients c ON c.id = t.client_id";

fn token(row: &AnyRow) -> Result<ApiToken, AppError> {
    Ok(ApiToken {
        id: col(row, "id")?,
        name: col(row, "name")?,
        prefix: col(row, "prefix")?,
        scopes: col::<String>(row, "scopes")?.split_whitespace().map(str::to_string).collect(),
        client_id: col(row, "client_id")?,
        client_name: col(row, "client_name")?,
        acting_user: col(row, "acting_user")?,
        created_at: col(row, "created_at")?,
        last_used_at: col(row, "last_used_at")?,
        revoked_at: col(row, "revoked_at")?,
    })
}

/// Checks a token's name and scopes: a name of 1 to 100 characters, at least one scope, each one
/// of [`SCOPES`]; the scopes come back sorted, without repeats.
pub fn check(name: &str, scopes: &[String]) -> Result<(String, Vec<String>), AppError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
        return Err(AppError::invalid("name", "required"));
    }
    let mut scopes: Vec<String> = scopes.iter().flat_map(|s| s.split([' ', ','])).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect();
    if scopes.is_empty() || scopes.iter().any(|s| !SCOPES.contains(&s.as_str())) {
        return Err(AppError::invalid("scopes", "unknown_scope"));
    }
    scopes.sort();
    scopes.dedup();
    Ok((name.to_string(), scopes))
}

/// Makes a token: its row and the secret, which is never stored and never shown again.
pub async fn create(db: &Db, name: &str, scopes: &[String], client_id: Option<i64>, acting_user: i64) -> Result<(ApiToken, String), AppError> {
    let (name, scopes) = check(name, scopes)?;
    if let Some(id) = client_id {
        let known: Option<i64> = sqlx::query_scalar("SELECT id FROM clients WHERE id = $1").bind(id).fetch_optional(&db.pool).await.or_db()?;
        known.ok_or_else(|| AppError::invalid("client_id", "unknown_client"))?;
    }
    let secret = format!("{PREFIX}{}", crate::random_hex(32)?);
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO api_tokens (name, token_hash, prefix, scopes, client_id, acting_user, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(&name)
    .bind(sha256_hex(&secret))
    .bind(&secret[..PREFIX.len() + 6])
    .bind(scopes.join(" "))
    .bind(client_id)
    .bind(acting_user)
    .bind(now_secs())
    .fetch_one(&db.pool)
    .await
    .or_db()?;
    Ok((get(db, id).await?, secret))
}

pub async fn get(db: &Db, id: i64) -> Result<ApiToken, AppError> {
    let row = sqlx::query(&format!("{SELECT} WHERE t.id = $1")).bind(id).fetch_optional(&db.pool).await.or_db()?;
    token(&row.ok_or(AppError::NotFound)?)
}

/// Every token, newest first (revoked ones too: their history stays readable).
pub async fn list(db: &Db) -> Result<Vec<ApiToken>, AppError> {
    sqlx::query(&format!("{SELECT} ORDER BY t.id DESC")).fetch_all(&db.pool).await.or_db()?.iter().map(token).collect()
}

/// Revokes a token for good; revoking it again changes nothing.
pub async fn revoke(db: &Db, id: i64) -> Result<ApiToken, AppError> {
    sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL").bind(now_secs()).bind(id).execute(&db.pool).await.or_db()?;
    get(db, id).await
}

/// The live token with this secret, if any, with its last use noted.
pub async fn authenticate(db: &Db, secret: &str) -> Result<Option<ApiToken>, AppError> {
    if !secret.starts_with(PREFIX) || secret.len() > 100 {
        return Ok(None);
    }
    let row = sqlx::query(&format!("{SELECT} WHERE t.token_hash = $1 AND t.revoked_at IS NULL")).bind(sha256_hex(secret)).fetch_optional(&db.pool).await.or_db()?;
    let Some(found) = row.as_ref().map(token).transpose()? else { return Ok(None) };
    let now = now_secs();
    if found.last_used_at.is_none_or(|at| now - at >= TOUCH_EVERY_SECS) {
        sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2").bind(now).bind(found.id).execute(&db.pool).await.or_db()?;
    }
    Ok(Some(found))
}

/// The admin pages' side of tokens (`app::tokens`).
pub struct SqlTokens {
    db: Db,
}

impl SqlTokens {
    pub fn new(db: Db) -> Self {
        Self { db }
    }
}

#[async_trait]
impl app::services::TokenService for SqlTokens {
    async fn list(&self) -> Result<Vec<ApiToken>, AppError> {
        list(&self.db).await
    }

    async fn create(&self, name: &str, scopes: &[String], client_id: Option<i64>, acting_user: i64) -> Result<NewToken, AppError> {
        let (token, secret) = create(&self.db, name, scopes, client_id, acting_user).await?;
        Ok(NewToken { token, secret })
    }

    async fn revoke(&self, id: i64) -> Result<ApiToken, AppError> {
        revoke(&self.db, id).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(scopes: &[&str]) -> ApiToken {
        ApiToken { id: 1, name: "t".into(), prefix: String::new(), scopes: scopes.iter().map(|s| s.to_string()).collect(), client_id: None, client_name: None, acting_user: 1, created_at: 0, last_used_at: None, revoked_at: None }
    }

    #[test]
    fn write_includes_read_in_its_own_area_only() {
        let t = with(&["invoices:write", "audit:read"]);
        assert!(t.allows("invoices", Access::Read) && t.allows("invoices", Access::Write));
        assert!(t.allows("audit", Access::Read) && !t.allows("audit", Access::Write));
        assert!(!t.allows("clients", Access::Read) && !t.allows("documents", Access::Read));
    }

    #[test]
    fn scopes_are_checked_and_tidied() {
        let (_, scopes) = check(" Books ", &["invoices:read,clients:read".into(), "invoices:read".into()]).unwrap();
        assert_eq!(scopes, ["clients:read", "invoices:read"]);
        assert!(check("x", &["audit:write".into()]).is_err());
        assert!(check("x", &[]).is_err());
        assert!(check("", &["audit:read".into()]).is_err());
    }
}
