//! One audit event as stored, its canonical form (what digests hash) and the batch insert.

use crate::db::{Backend, Db};
use app::model::Identity;
use app::services::AuditEvent;

/// The stored columns of `audit_events`, in table order.
pub const COLUMNS: &str = "id, occurred_at, actor_id, actor_kind, actor_name, actor_email, client_id, action, target_type, \
     target_id, target_label, outcome, source_ip, user_agent, request_id, details";

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct EventRow {
    pub id: i64,
    /// Microseconds since the Unix epoch, UTC.
    pub occurred_at: i64,
    pub actor_id: Option<i64>,
    pub actor_kind: String,
    pub actor_name: String,
    pub actor_email: String,
    pub client_id: Option<i64>,
    pub action: String,
    pub target_type: String,
    pub target_id: String,
    pub target_label: String,
    pub outcome: String,
    pub source_ip: String,
    pub user_agent: String,
    pub request_id: String,
    pub details: String,
}

impl EventRow {
    /// An event as the writer receives it: stamped now, id assigned by the database.
    pub fn from_event(e: &AuditEvent, occurred_at: i64) -> Self {
        let (actor_id, actor_kind, actor_name, actor_email) = match &e.actor {
            // An API token: named by itself, not by the admin it acts for.
            Some(Identity { token: Some(t), .. }) => (None, "api_token".to_string(), t.name.clone(), format!("api-token-{}", t.id)),
            Some(a) => (Some(a.user_id), a.role.as_str().to_string(), a.name.clone(), a.email.clone()),
            // Nobody signed in (a failed sign-in, the command line): the email tried, if any.
            None => {
                let email = e.entry.details.get("email").and_then(|v| v.as_str()).unwrap_or("").to_string();
                (None, e.entry.actor_kind.unwrap_or("anonymous").to_string(), String::new(), email)
            }
        };
        Self {
            id: 0,
            occurred_at,
            actor_id,
            actor_kind,
            actor_name,
            actor_email,
            client_id: e.entry.client_id,
            action: e.entry.action.code().to_string(),
            target_type: e.entry.target_type.to_string(),
            target_id: e.entry.target_id.clone(),
            target_label: e.entry.target_label.clone(),
            outcome: e.entry.outcome.code().to_string(),
            source_ip: e.source_ip.clone(),
            user_agent: e.user_agent.clone(),
            request_id: e.request_id.clone(),
            details: if e.entry.details.is_null() { String::new() } else { e.entry.details.to_string() },
        }
        .sanitized()
    }

    /// Text as the database can always store it: no NUL characters (PostgreSQL refuses them) and
    /// bounded length, so that no request can make an event the writer could never write.
    fn sanitized(mut self) -> Self {
        let clean = |s: &mut String, max: usize| {
            if s.contains('\0') || s.chars().count() > max {
                *s = s.replace('\0', "").chars().take(max).collect();
            }
        };
        for s in [&mut self.actor_kind, &mut self.actor_name, &mut self.actor_email, &mut self.action, &mut self.target_type] {
            clean(s, 256);
        }
        for s in [&mut self.target_id, &mut self.target_label, &mut self.source_ip, &mut self.user_agent, &mut self.request_id] {
            clean(s, 512);
        }
        clean(&mut self.details, 8192);
        self
    }

    /// The canonical form sealed into digests: every column, in table order, as one JSON array.
    pub fn canonical(&self) -> String {
        serde_json::json!([
            self.id,
            self.occurred_at,
            self.actor_id,
            self.actor_kind,
            self.actor_name,
            self.actor_email,
            self.client_id,
            self.action,
            self.target_type,
            self.target_id,
            self.target_label,
            self.outcome,
            self.source_ip,
            self.user_agent,
            self.request_id,
            self.details
        ])
        .to_string()
    }

    pub fn sha256(&self) -> String {
        crate::sha256_hex(&self.canonical())
    }
}

/// Takes the trail's lock on PostgreSQL until the transaction ends (the bulk loader of
/// `demo --scale` takes it too).
pub const LOCK_TRAIL: &str = "SELECT CAST(pg_advisory_xact_lock(7421001) AS TEXT)";

/// Creates the monthly partitions of the events from `$1` to `$2` (microseconds) that do not exist
/// yet, on PostgreSQL (migrations/postgres/0009_scale.sql); under the trail's lock.
pub const ENSURE_PARTITIONS: &str = "SELECT CAST(audit_ensure_partitions($1, $2) AS TEXT)";

/// A transaction holding the trail's write lock, for writing events or sealing them. On
/// PostgreSQL an advisory lock, so that event ids are committed in order across app instances
/// and the sealer never skips an id still being committed; on SQLite `begin_write` already
/// holds the only write lock there is.
pub async fn begin_trail(db: &Db) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    if db.backend == Backend::Postgres {
        sqlx::query(LOCK_TRAIL).execute(&mut *tx).await?;
    }
    Ok(tx)
}

/// Inserts events in one transaction, in order: all or none.
pub async fn insert_batch(db: &Db, events: &[EventRow]) -> Result<(), sqlx::Error> {
    const PER_ROW: usize = 15;
    let mut tx = db.begin_write().await?;
    if db.backend == Backend::Postgres {
        // One round trip: the trail's lock, then the partitions of the months these events fall
        // in (the lock's subquery runs first: a volatile function keeps it from being merged).
        let (from, to) = (events.iter().map(|e| e.occurred_at).min(), events.iter().map(|e| e.occurred_at).max());
        let sql = format!("{ENSURE_PARTITIONS} FROM ({LOCK_TRAIL}) AS locked");
        sqlx::query(&sql).bind(from.unwrap_or(0)).bind(to.unwrap_or(-1)).execute(&mut *tx).await?;
    }
    // Measured (audit_bench): SQLite is fastest with short multi-row statements it keeps
    // prepared (10 rows: 2.7× the events/s of 200); PostgreSQL with long ones (one round trip).
    // 200 rows × 15 values stays far below both databases' limits on bound parameters.
    let rows_per_statement = if db.backend == Backend::Sqlite { 10 } else { 200 };
    for chunk in events.chunks(rows_per_statement) {
        // Every column but the id, which the database assigns.
        let mut sql = format!("INSERT INTO audit_events ({}) VALUES ", COLUMNS.trim_start_matches("id, "));
        for i in 0..chunk.len() {
            let placeholders: Vec<String> = (1..=PER_ROW).map(|j| format!("${}", i * PER_ROW + j)).collect();
            sql.push_str(if i == 0 { "(" } else { ", (" });
            sql.push_str(&placeholders.join(", "));
            sql.push(')');
        }
        let mut q = sqlx::query(&sql);
        for e in chunk {
            q = q
                .bind(e.occurred_at)
                .bind(e.actor_id)
                .bind(&e.actor_kind)
                .bind(&e.actor_name)
                .bind(&e.actor_email)
                .bind(e.client_id)
                .bind(&e.action)
                .bind(&e.target_type)
                .bind(&e.target_id)
                .bind(&e.target_label)
                .bind(&e.outcome)
                .bind(&e.source_ip)
                .bind(&e.user_agent)
                .bind(&e.request_id)
                .bind(&e.details);
        }
        q.execute(&mut *tx).await?;
    }
    tx.commit().await
}
