//! Two-step sign-in: the pending secret while it is set up, the secret once on, the one-time
//! codes (each step accepted once) and ten recovery codes (each works once; only their SHA-256
//! is stored).

use super::totp;
use crate::db::{now_secs, Db, OrDb};
use crate::sha256_hex;
use app::auth::model::RECOVERY_CODES;
use app::error::AppError;
use app::services::SecondFactor;
use sqlx::AnyConnection;

pub async fn start(db: &Db, user_id: i64, account: &str) -> Result<(String, String), AppError> {
    let secret = totp::new_secret().map_err(|_| AppError::Internal)?;
    // Replacing the secret while it is on would need no second factor: it must be off first.
    let res = sqlx::query("UPDATE users SET totp_pending = $1 WHERE id = $2 AND totp_secret IS NULL")
        .bind(&secret)
        .bind(user_id)
        .execute(&db.pool)
        .await
        .or_db()?;
    if res.rows_affected() == 0 {
        return Err(AppError::invalid("code", "already_on"));
    }
    let uri = totp::uri("Portico", account, &secret);
    Ok((secret, uri))
}

pub async fn enable(db: &Db, user_id: i64, code: &str) -> Result<Vec<String>, AppError> {
    let mut tx = db.begin_write().await.or_db()?;
    let (pending, on): (Option<String>, Option<String>) =
        sqlx::query_as("SELECT totp_pending, totp_secret FROM users WHERE id = $1").bind(user_id).fetch_one(&mut *tx).await.or_db()?;
    if on.is_some() {
        return Err(AppError::invalid("code", "already_on"));
    }
    let pending = pending.ok_or_else(|| AppError::invalid("code", "setup_expired"))?;
    let step = totp::matching_step(&pending, code, now_secs() as u64).ok_or_else(|| AppError::invalid("code", "wrong_code"))?;
    // The step of the code that turned it on is spent: that code cannot also sign in.
    sqlx::query("UPDATE users SET totp_secret = totp_pending, totp_pending = NULL, totp_last_step = $1 WHERE id = $2")
        .bind(step as i64)
        .bind(user_id)
        .execute(&mut *tx)
        .await
        .or_db()?;
    let codes = replace_recovery_codes(&mut tx, user_id).await?;
    tx.commit().await.or_db()?;
    Ok(codes)
}

/// Turns two-step sign-in off (on any connection: staff resetting it do so in a transaction).
pub async fn disable(conn: &mut AnyConnection, user_id: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE users SET totp_secret = NULL, totp_pending = NULL, totp_last_step = NULL WHERE id = $1").bind(user_id).execute(&mut *conn).await.or_db()?;
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1").bind(user_id).execute(&mut *conn).await.or_db()?;
    Ok(())
}

/// A recovery code as typed: letters and digits only, lower case ("ab3d-…" and "AB3D…" agree).
fn normalize(code: &str) -> String {
    code.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

pub async fn check(db: &Db, user_id: i64, code: &str) -> Result<SecondFactor, AppError> {
    let typed = normalize(code);
    if typed.len() == 6 && typed.bytes().all(|b| b.is_ascii_digit()) {
        let secret: Option<String> = sqlx::query_scalar("SELECT totp_secret FROM users WHERE id = $1").bind(user_id).fetch_one(&db.pool).await.or_db()?;
        let Some(step) = secret.and_then(|s| totp::matching_step(&s, &typed, now_secs() as u64)) else { return Ok(SecondFactor::Wrong) };
        // Taking the step is atomic: the same code (or an older one) never works twice.
        let taken = sqlx::query("UPDATE users SET totp_last_step = $1 WHERE id = $2 AND (totp_last_step IS NULL OR totp_last_step < $1)")
            .bind(step as i64)
            .bind(user_id)
            .execute(&db.pool)
            .await
            .or_db()?;
        return Ok(if taken.rows_affected() == 1 { SecondFactor::Code } else { SecondFactor::Wrong });
    }
    if typed.len() != 16 {
        return Ok(SecondFactor::Wrong);
    }
    let used = sqlx::query("UPDATE recovery_codes SET used_at = $1 WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL")
        .bind(now_secs())
        .bind(user_id)
        .bind(sha256_hex(&typed))
        .execute(&db.pool)
        .await
        .or_db()?;
    if used.rows_affected() != 1 {
        return Ok(SecondFactor::Wrong);
    }
    let remaining: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL").bind(user_id).fetch_one(&db.pool).await.or_db()?;
    Ok(SecondFactor::Recovery { remaining })
}

/// Ten new recovery codes of 80 random bits each, written as four groups of four
/// ("k7q2-m4xa-…"); the old ones stop working.
pub async fn replace_recovery_codes(conn: &mut AnyConnection, user_id: i64) -> Result<Vec<String>, AppError> {
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1").bind(user_id).execute(&mut *conn).await.or_db()?;
    let mut codes = Vec::with_capacity(RECOVERY_CODES);
    for _ in 0..RECOVERY_CODES {
        let mut bytes = [0u8; 10];
        getrandom::getrandom(&mut bytes).map_err(|_| AppError::Internal)?;
        let raw = totp::base32(&bytes).to_ascii_lowercase();
        sqlx::query("INSERT INTO recovery_codes (user_id, code_hash, created_at) VALUES ($1, $2, $3)")
            .bind(user_id)
            .bind(sha256_hex(&raw))
            .bind(now_secs())
            .execute(&mut *conn)
            .await
            .or_db()?;
        let groups: Vec<&str> = (0..4).map(|i| &raw[i * 4..i * 4 + 4]).collect();
        codes.push(groups.join("-"));
    }
    Ok(codes)
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn recovery_codes_match_however_they_are_typed() {
        assert_eq!(normalize(" K7Q2-m4xa-b2c3 d4e5 "), "k7q2m4xab2c3d4e5");
    }
}
