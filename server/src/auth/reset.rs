//! "Forgot your password?": a one-time link by mail (32 random bytes; only the SHA-256 is
//! stored), valid for 30 minutes. Setting the new password spends the link and ends every
//! session of the person.

use super::password::{self, Password};
use crate::db::{now_secs, Db, OrDb};
use crate::mail::{Mailer, Recipient, RECIPIENT_LOCALE};
use crate::sha256_hex;
use app::error::AppError;
use std::sync::Arc;

pub const RESET_MINUTES: i64 = 30;

/// Queues the link for an active person with a password (an invited person without one
/// uses their invite; a disabled person gets nothing). Returns at once: the lookup and the mail
/// happen in the background, so the answer takes the same time for every address.
pub fn request(db: &Db, mailer: &Arc<Mailer>, email: &str) {
    let (db, mailer, email) = (db.clone(), mailer.clone(), email.trim().to_lowercase());
    tokio::spawn(async move {
        if let Err(e) = queue_link(&db, &mailer, &email).await {
            tracing::warn!(error = %e, "password reset link not queued");
        }
    });
}

async fn queue_link(db: &Db, mailer: &Mailer, email: &str) -> Result<(), AppError> {
    let mut tx = db.begin_write().await.or_db()?;
    let user: Option<(i64, String, String, Option<i64>, String)> =
        sqlx::query_as(&format!("SELECT u.id, u.name, u.email, u.client_id, {RECIPIENT_LOCALE} FROM users u WHERE u.email = $1 AND u.disabled_at IS NULL AND u.password_hash <> ''"))
            .bind(email)
            .fetch_optional(&mut *tx)
            .await
            .or_db()?;
    let Some((user_id, name, email, client_id, locale)) = user else { return Ok(()) };
    let token = crate::random_hex(32)?;
    let now = now_secs();
    // Only the newest link works.
    sqlx::query("DELETE FROM password_resets WHERE user_id = $1 AND used_at IS NULL").bind(user_id).execute(&mut *tx).await.or_db()?;
    sqlx::query("INSERT INTO password_resets (user_id, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(user_id)
        .bind(sha256_hex(&token))
        .bind(now)
        .bind(now + RESET_MINUTES * 60)
        .execute(&mut *tx)
        .await
        .or_db()?;
    crate::mail::queue::password_reset(&mut tx, mailer, &Recipient::new(user_id, name, email, &locale), client_id, &token).await?;
    tx.commit().await.or_db()
}

/// The working link's row: (reset id, user id, email).
async fn usable(db: &Db, token: &str) -> Result<(i64, i64, String), AppError> {
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(AppError::NotFound);
    }
    sqlx::query_as(
        "SELECT r.id, r.user_id, u.email FROM password_resets r JOIN users u ON u.id = r.user_id \
         WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > $2 AND u.disabled_at IS NULL",
    )
    .bind(sha256_hex(&token.to_ascii_lowercase()))
    .bind(now_secs())
    .fetch_optional(&db.pool)
    .await
    .or_db()?
    .ok_or(AppError::NotFound)
}

pub async fn target(db: &Db, token: &str) -> Result<String, AppError> {
    usable(db, token).await.map(|(_, _, email)| email)
}

pub async fn complete(db: &Db, token: &str, new_password: &str) -> Result<i64, AppError> {
    let (reset_id, user_id, _) = usable(db, token).await?;
    let hash = password::hash(Password::new(new_password)).await?;
    let mut tx = db.begin_write().await.or_db()?;
    // Spending the link is atomic: of two tabs, one wins.
    let spent = sqlx::query("UPDATE password_resets SET used_at = $1 WHERE id = $2 AND used_at IS NULL").bind(now_secs()).bind(reset_id).execute(&mut *tx).await.or_db()?;
    if spent.rows_affected() != 1 {
        return Err(AppError::NotFound);
    }
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2").bind(hash).bind(user_id).execute(&mut *tx).await.or_db()?;
    super::store::end_all(&mut *tx, user_id).await?;
    tx.commit().await.or_db()?;
    Ok(user_id)
}

/// Housekeeping: links used or expired more than a day ago.
pub async fn delete_old(db: &Db) -> Result<u64, sqlx::Error> {
    let r = sqlx::query("DELETE FROM password_resets WHERE expires_at < $1").bind(now_secs() - 86_400).execute(&db.pool).await?;
    Ok(r.rows_affected())
}
