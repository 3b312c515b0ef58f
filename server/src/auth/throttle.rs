//! Failed-attempt counters in the database, so that every instance sees the same counts.
//!
//! An attempt is counted *before* the password (or code) is checked, inside one write
//! transaction per attempt, so that 200 guesses arriving together cannot all slip through
//! before the first failure is written. The first few attempts of an hour are free; after that
//! each one must wait longer than the one before (1 s, 2 s, 4 s, … up to a ceiling), and an
//! hourly cap stops the rest of the hour. Nothing locks for good: the count starts over when
//! the hour is up. Keys are stored as SHA-256, so an email field that held a password does not
//! end up here in clear.

use crate::db::{Backend, Db, OrDb};
use crate::sha256_hex;
use app::error::AppError;
use app::services::{ThrottleKey, ThrottleService, Throttled};
use async_trait::async_trait;

/// Times here are Unix milliseconds: a one-second wait must be a whole second.
const WINDOW: i64 = 3_600_000;

fn now_ms() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp_nanos().div_euclid(1_000_000) as i64
}

/// Whole seconds (rounded up) from `now` to `until`, for `Retry-After`.
fn seconds_until(until: i64, now: i64) -> u64 {
    ((until - now).max(0) as u64).div_ceil(1000)
}

/// A refusal is answered after this long (or the wait, when shorter): a script that retries at
/// once then makes one request a second per connection instead of spinning the server on
/// refusals, and pages stay fast meanwhile. The delay holds a connection, not a thread.
pub const REFUSAL_DELAY: std::time::Duration = std::time::Duration::from_secs(1);

async fn refuse(t: Throttled) -> Option<Throttled> {
    tokio::time::sleep(REFUSAL_DELAY.min(std::time::Duration::from_secs(t.retry_after))).await;
    Some(t)
}

/// How many attempts a key gets before it waits, the longest wait, and the hourly cap.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    pub free: i64,
    pub max_wait: i64,
    pub per_hour: i64,
}

pub fn policy(key: &ThrottleKey) -> Policy {
    match key {
        // ASVS 6.3.1: no more than 100 failed attempts per hour on one account.
        ThrottleKey::Account(_) => Policy { free: 5, max_wait: 30, per_hour: 100 },
        // An office of people shares one address: more room before it slows down.
        ThrottleKey::Address(_) => Policy { free: 20, max_wait: 30, per_hour: 1000 },
        // A handful of wrong codes, then a wait; a million possible codes stay out of reach.
        ThrottleKey::Code(_) => Policy { free: 5, max_wait: 300, per_hour: 30 },
        ThrottleKey::Invite(_) => Policy { free: 10, max_wait: 300, per_hour: 100 },
        ThrottleKey::Reauth(_) => Policy { free: 5, max_wait: 300, per_hour: 30 },
        // Reset links asked for one address: a few, then waits (each may send a mail).
        ThrottleKey::Reset(_) => Policy { free: 3, max_wait: 300, per_hour: 10 },
    }
}

/// When (ms) the key may try again after its `attempts`-th attempt of the window.
pub fn blocked_until(p: Policy, attempts: i64, window_start: i64, now: i64) -> i64 {
    if attempts >= p.per_hour {
        return window_start + WINDOW;
    }
    if attempts < p.free {
        return 0;
    }
    let wait = 1i64.checked_shl((attempts - p.free) as u32).unwrap_or(i64::MAX).min(p.max_wait);
    now + wait * 1000
}

fn stored(key: &ThrottleKey) -> (&'static str, String) {
    let raw = match key {
        ThrottleKey::Account(email) | ThrottleKey::Reset(email) => email.trim().to_lowercase(),
        ThrottleKey::Address(ip) | ThrottleKey::Invite(ip) => ip.clone(),
        ThrottleKey::Code(id) | ThrottleKey::Reauth(id) => id.to_string(),
    };
    (key.scope(), sha256_hex(&raw))
}

pub struct SqlThrottle {
    db: Db,
}

impl SqlThrottle {
    pub fn new(db: Db) -> Self {
        Self { db }
    }

    /// The refusal for these keys, if one must still wait (a plain read, no write lock).
    async fn waiting(&self, keys: &[(&'static str, String)], now: i64) -> Result<Option<(u64, Vec<(&'static str, String)>)>, AppError> {
        let mut longest = 0;
        let mut unreported = Vec::new();
        for (scope, key) in keys {
            let row: Option<(i64, Option<i64>)> = sqlx::query_as("SELECT blocked_until, reported_at FROM throttle WHERE scope = $1 AND key = $2")
                .bind(*scope)
                .bind(key)
                .fetch_optional(&self.db.pool)
                .await
                .or_db()?;
            if let Some((until, reported)) = row.filter(|(until, _)| *until > now) {
                longest = longest.max(seconds_until(until, now));
                if reported.is_none() {
                    unreported.push((*scope, key.clone()));
                }
            }
        }
        Ok((longest > 0).then_some((longest, unreported)))
    }

    /// Claims the audit report of a burst: true for exactly one request, whichever instance.
    async fn claim_report(&self, keys: &[(&'static str, String)], now: i64) -> Result<bool, AppError> {
        let mut claimed = false;
        for (scope, key) in keys {
            let res = sqlx::query("UPDATE throttle SET reported_at = $1 WHERE scope = $2 AND key = $3 AND reported_at IS NULL")
                .bind(now)
                .bind(*scope)
                .bind(key)
                .execute(&self.db.pool)
                .await
                .or_db()?;
            claimed |= res.rows_affected() == 1;
        }
        Ok(claimed)
    }

    /// Removes counters whose hour is over and that no longer hold anyone back.
    pub async fn delete_expired(&self) -> Result<u64, AppError> {
        let now = now_ms();
        let res = sqlx::query("DELETE FROM throttle WHERE window_start <= $1 AND blocked_until <= $2")
            .bind(now - WINDOW)
            .bind(now)
            .execute(&self.db.pool)
            .await
            .or_db()?;
        Ok(res.rows_affected())
    }
}

#[async_trait]
impl ThrottleService for SqlThrottle {
    async fn attempt(&self, keys: &[ThrottleKey]) -> Result<Option<Throttled>, AppError> {
        let now = now_ms();
        let stored_keys: Vec<_> = keys.iter().map(stored).collect();
        if let Some((retry_after, unreported)) = self.waiting(&stored_keys, now).await? {
            let report = self.claim_report(&unreported, now).await?;
            return Ok(refuse(Throttled { retry_after, report }).await);
        }
        // SQLite's write transaction takes the database's write lock; PostgreSQL locks the rows.
        let lock = if self.db.backend == Backend::Postgres { " FOR UPDATE" } else { "" };
        let mut tx = self.db.begin_write().await.or_db()?;
        let mut counted = Vec::new();
        for (key, (scope, hash)) in keys.iter().zip(&stored_keys) {
            sqlx::query("INSERT INTO throttle (scope, key, attempts, window_start) VALUES ($1, $2, 0, $3) ON CONFLICT (scope, key) DO NOTHING")
                .bind(*scope)
                .bind(hash)
                .bind(now)
                .execute(&mut *tx)
                .await
                .or_db()?;
            let (attempts, window_start, until): (i64, i64, i64) =
                sqlx::query_as(&format!("SELECT attempts, window_start, blocked_until FROM throttle WHERE scope = $1 AND key = $2{lock}"))
                    .bind(*scope)
                    .bind(hash)
                    .fetch_one(&mut *tx)
                    .await
                    .or_db()?;
            if until > now {
                // Another request got here first and made this key wait.
                tx.rollback().await.or_db()?;
                return Ok(refuse(Throttled { retry_after: seconds_until(until, now), report: false }).await);
            }
            counted.push((key, scope, hash, attempts, window_start));
        }
        for (key, scope, hash, attempts, window_start) in counted {
            let fresh = window_start + WINDOW <= now;
            let (attempts, window_start) = if fresh { (1, now) } else { (attempts + 1, window_start) };
            let until = blocked_until(policy(key), attempts, window_start, now);
            let reported = if fresh { "NULL" } else { "reported_at" };
            sqlx::query(&format!("UPDATE throttle SET attempts = $1, window_start = $2, blocked_until = $3, reported_at = {reported} WHERE scope = $4 AND key = $5"))
                .bind(attempts)
                .bind(window_start)
                .bind(until)
                .bind(*scope)
                .bind(hash)
                .execute(&mut *tx)
                .await
                .or_db()?;
        }
        tx.commit().await.or_db()?;
        Ok(None)
    }

    async fn reset(&self, key: &ThrottleKey) -> Result<(), AppError> {
        let (scope, hash) = stored(key);
        sqlx::query("DELETE FROM throttle WHERE scope = $1 AND key = $2").bind(scope).bind(hash).execute(&self.db.pool).await.or_db()?;
        Ok(())
    }

    async fn forget(&self, keys: &[ThrottleKey]) -> Result<(), AppError> {
        for (scope, hash) in keys.iter().map(stored) {
            sqlx::query("UPDATE throttle SET attempts = attempts - 1 WHERE scope = $1 AND key = $2 AND attempts > 0")
                .bind(scope)
                .bind(hash)
                .execute(&self.db.pool)
                .await
                .or_db()?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_grow_after_the_free_attempts_and_the_hour_has_a_cap() {
        let p = policy(&ThrottleKey::Account("a@example.com".into()));
        let waits: Vec<i64> = (1..=12).map(|n| (blocked_until(p, n, 1000, 1000) - 1000).max(0) / 1000).collect();
        assert_eq!(waits, [0, 0, 0, 0, 1, 2, 4, 8, 16, 30, 30, 30]);
        assert_eq!(blocked_until(p, 100, 1000, 2000), 1000 + WINDOW, "the 100th attempt of the hour waits for the hour's end");
        assert_eq!(blocked_until(p, 10_000, 1000, 2000), 1000 + WINDOW);
        assert_eq!(seconds_until(2001, 1000), 2, "Retry-After rounds up");
    }

    #[test]
    fn keys_are_stored_hashed() {
        let (scope, key) = stored(&ThrottleKey::Account(" Ana@Example.com ".into()));
        assert_eq!(scope, "account");
        assert_eq!(key, sha256_hex("ana@example.com"));
    }
}
