//! Creating and disabling users (command line, demo data, staff inviting a client's people).

use super::password::{self, Password};
use crate::db::{db_err, now_secs, Db, OrDb};
use sqlx::AnyConnection;
use app::error::AppError;
use app::model::Role;

pub struct NewUser {
    pub email: String,
    pub name: String,
    pub role: Role,
    pub client_id: Option<i64>,
    /// `None` for someone invited to set their own (the stored hash is then '', which never
    /// verifies).
    pub password: Option<Password>,
}

/// A display name: trimmed, 1 to 100 characters, no control characters.
pub fn check_name(field: &str, name: &str) -> Result<String, AppError> {
    let name = name.trim();
    if name.is_empty() || name.chars().any(char::is_control) {
        return Err(AppError::invalid(field, "required"));
    }
    if name.chars().count() > 100 {
        return Err(AppError::invalid(field, "too_long"));
    }
    Ok(name.to_string())
}

/// An email address, trimmed and lower-cased; refused when it cannot be one.
pub fn check_email(field: &str, email: &str) -> Result<String, AppError> {
    let email = email.trim().to_lowercase();
    let valid = email.split_once('@').is_some_and(|(local, domain)| !local.is_empty() && !domain.is_empty());
    if !valid || email.len() > 254 || email.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(AppError::invalid(field, "invalid_email"));
    }
    Ok(email)
}

/// Works on any connection, so that callers can make it part of a larger transaction.
pub async fn create_user(conn: &mut AnyConnection, user: NewUser) -> Result<i64, AppError> {
    let email = check_email("email", &user.email)?;
    let name = check_name("name", &user.name)?;
    match (user.role, user.client_id) {
        (Role::Client, None) => return Err(AppError::invalid("client", "required")),
        (Role::Staff | Role::Admin, Some(_)) => return Err(AppError::invalid("client", "staff_have_no_client")),
        _ => {}
    }
    if let Some(client_id) = user.client_id {
        let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM clients WHERE id = $1")
            .bind(client_id)
            .fetch_optional(&mut *conn)
            .await
            .or_db()?;
        exists.ok_or_else(|| AppError::invalid("client", "unknown_client"))?;
    }
    let hash = match user.password {
        Some(p) => password::hash(p).await?,
        None => String::new(),
    };
    sqlx::query_scalar(
        "INSERT INTO users (email, name, password_hash, role, client_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(&email)
    .bind(name)
    .bind(hash)
    .bind(user.role.as_str())
    .bind(user.client_id)
    .bind(now_secs())
    .fetch_one(&mut *conn)
    .await
    .map_err(|e| match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => AppError::Conflict(format!("a user with email {email} already exists")),
        _ => db_err(e),
    })
}

/// Disables (ending every session of the user at once) or enables a user.
pub async fn set_disabled(db: &Db, user_id: i64, disabled: bool) -> Result<(), AppError> {
    let mut tx = db.begin_write().await.or_db()?;
    let res = sqlx::query("UPDATE users SET disabled_at = $1 WHERE id = $2")
        .bind(disabled.then(now_secs))
        .bind(user_id)
        .execute(&mut *tx)
        .await
        .or_db()?;
    if res.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    if disabled {
        super::store::end_all(&mut *tx, user_id).await?;
    }
    tx.commit().await.or_db()
}
