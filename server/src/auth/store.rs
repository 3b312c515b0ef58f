//! The tower-sessions store, in the portal's own database so any instance can serve any request.
//! Session ids are bearer tokens: only their SHA-256 is stored.

use crate::db::Db;
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
            let res = sqlx::query("INSERT INTO sessions (id_hash, data, expires_at) VALUES ($1, $2, $3) ON CONFLICT (id_hash) DO NOTHING")
                .bind(id_hash(&record.id))
                .bind(data)
                .bind(record.expiry_date.unix_timestamp())
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
        let data = serde_json::to_string(&record.data).map_err(backend)?;
        sqlx::query(
            "INSERT INTO sessions (id_hash, data, expires_at) VALUES ($1, $2, $3) \
             ON CONFLICT (id_hash) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at",
        )
        .bind(id_hash(&record.id))
        .bind(data)
        .bind(record.expiry_date.unix_timestamp())
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
