//! The tower-sessions store, in the portal's own database so any instance can serve any request.
//! Session ids are bearer tokens: only their SHA-256 is stored. Each row names its user, so that
//! a person's sessions can be listed and ended; a row deleted meanwhile (signed out elsewhere,
//! ended from `/account`, the person disabled) is never written back by a request still running.

use crate::db::{Db, OrDb};
use app::auth::model::SessionInfo;
use app::auth::session::{SignedIn, KEY};
use app::error::AppError;
use app::services::SessionService;
use async_trait::async_trait;
use time::OffsetDateTime;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{Error, Result, SessionStore};

#[derive(Clone)]
pub struct SqlSessionStore {
    db: Db,
}

impl std::fmt::Debug for SqlSessionStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SqlSessionStore")
    }
}

fn id_hash(id: &Id) -> String {
    crate::sha256_hex(&id.to_string())
}

/// The signed-in user of a record, if it has one.
fn user_of(record: &Record) -> Option<i64> {
    record.data.get(KEY).and_then(|v| serde_json::from_value::<SignedIn>(v.clone()).ok()).map(|s| s.user_id)
}

fn backend(e: impl std::fmt::Display) -> Error {
    Error::Backend(e.to_string())
}

impl SqlSessionStore {
    pub fn new(db: Db) -> Self {
        Self { db }
    }

    /// Removes expired records; run periodically.
    pub async fn delete_expired(&self) -> Result<u64> {
        let now = OffsetDateTime::now_utc().unix_timestamp();
        let res = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1").bind(now).execute(&self.db.pool).await.map_err(backend)?;
        Ok(res.rows_affected())
    }
}

#[async_trait]
impl SessionStore for SqlSessionStore {
    async fn create(&self, record: &mut Record) -> Result<()> {
        // A fresh random id colliding is next to impossible; if it does, draw another.
        loop {
            let data = serde_json::to_string(&record.data).map_err(backend)?;
            let res = sqlx::query("INSERT INTO sessions (id_hash, data, expires_at, user_id) VALUES ($1, $2, $3, $4) ON CONFLICT (id_hash) DO NOTHING")
                .bind(id_hash(&record.id))
                .bind(data)
                .bind(record.expiry_date.unix_timestamp())
                .bind(user_of(record))
                .execute(&self.db.pool)
                .await
                .map_err(backend)?;
            if res.rows_affected() == 1 {
                return Ok(());
            }
            record.id = Id::default();
        }
    }

    async fn save(&self, record: &Record) -> Result<()> {
        // An update only: a session deleted since this request loaded it stays deleted.
        let data = serde_json::to_string(&record.data).map_err(backend)?;
        sqlx::query("UPDATE sessions SET data = $1, expires_at = $2, user_id = $3 WHERE id_hash = $4")
        .bind(data)
        .bind(record.expiry_date.unix_timestamp())
        .bind(user_of(record))
        .bind(id_hash(&record.id))
        .execute(&self.db.pool)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn load(&self, id: &Id) -> Result<Option<Record>> {
        let now = OffsetDateTime::now_utc().unix_timestamp();
        let row: Option<(String, i64)> = sqlx::query_as("SELECT data, expires_at FROM sessions WHERE id_hash = $1 AND expires_at > $2")
            .bind(id_hash(id))
            .bind(now)
            .fetch_optional(&self.db.pool)
            .await
            .map_err(backend)?;
        let Some((data, expires_at)) = row else { return Ok(None) };
        Ok(Some(Record {
            id: *id,
            data: serde_json::from_str(&data).map_err(backend)?,
            expiry_date: OffsetDateTime::from_unix_timestamp(expires_at).map_err(backend)?,
        }))
    }

    async fn delete(&self, id: &Id) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE id_hash = $1").bind(id_hash(id)).execute(&self.db.pool).await.map_err(backend)?;
        Ok(())
    }
}

#[async_trait]
impl SessionService for SqlSessionStore {
    async fn list(&self, user_id: i64, current: Option<Id>) -> std::result::Result<Vec<SessionInfo>, AppError> {
        let now = OffsetDateTime::now_utc().unix_timestamp();
        let rows: Vec<(String, String)> = sqlx::query_as("SELECT id_hash, data FROM sessions WHERE user_id = $1 AND expires_at > $2")
            .bind(user_id)
            .bind(now)
            .fetch_all(&self.db.pool)
            .await
            .or_db()?;
        let current = current.as_ref().map(id_hash);
        let mut list: Vec<SessionInfo> = rows
            .into_iter()
            .filter_map(|(handle, data)| {
                let data: std::collections::HashMap<String, serde_json::Value> = serde_json::from_str(&data).ok()?;
                let s: SignedIn = serde_json::from_value(data.get(KEY)?.clone()).ok()?;
                Some(SessionInfo { current: current.as_deref() == Some(handle.as_str()), handle, signed_in_at: s.auth_at, last_seen_at: s.seen_at, address: s.address, user_agent: s.user_agent })
            })
            .collect();
        list.sort_by(|a, b| b.current.cmp(&a.current).then(b.last_seen_at.cmp(&a.last_seen_at)));
        Ok(list)
    }

    async fn end(&self, user_id: i64, handle: &str) -> std::result::Result<(), AppError> {
        let res = sqlx::query("DELETE FROM sessions WHERE id_hash = $1 AND user_id = $2").bind(handle).bind(user_id).execute(&self.db.pool).await.or_db()?;
        if res.rows_affected() == 0 {
            return Err(AppError::NotFound);
        }
        Ok(())
    }

    async fn end_all(&self, user_id: i64) -> std::result::Result<u64, AppError> {
        end_all(&self.db.pool, user_id).await
    }
}

/// Deletes every session of a person (on any connection, so that disabling someone can do it in
/// the same transaction).
pub async fn end_all<'c, E: sqlx::Executor<'c, Database = sqlx::Any>>(conn: E, user_id: i64) -> std::result::Result<u64, AppError> {
    let res = sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(conn).await.or_db()?;
    Ok(res.rows_affected())
}
