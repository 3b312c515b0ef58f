//! The audit writer, with group commit. A request hands its event to a bounded queue and waits
//! until the event is committed, so no answered request can lose its record to a crash. One
//! task writes: it takes every event that queued while the previous batch was committing (no
//! fixed linger), stores them in order in one transaction and wakes their requests. Under load
//! a commit carries many events; alone, an event waits for exactly one commit.
//!
//! When the database is down the task retries the same batch until it succeeds; the requests
//! behind it wait, and once the queue is full so do new ones, instead of an event being
//! dropped. `flush` returns once everything queued before it is stored: the server calls it
//! after the last request on shutdown.
//!
//! The writer also keeps `users.last_seen_at` (when each person last did something that
//! succeeded), so that pages read one column instead of probing every month of the trail; it
//! writes it at most once a minute per person, before the batch's requests are answered.

use super::event::{insert_batch, EventRow};
use app::util::now_micros;
use crate::db::Db;
use app::services::{Action, AuditEvent, AuditLog, Outcome};
use async_trait::async_trait;
use std::collections::{BTreeMap, HashMap};
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};

/// Events written per transaction at most.
const BATCH: usize = 500;

/// An event to store (none for a flush), and the request waiting until it is stored.
struct Msg {
    row: Option<EventRow>,
    stored: oneshot::Sender<()>,
}

pub struct AuditWriter {
    tx: mpsc::Sender<Msg>,
}

impl AuditWriter {
    /// Starts the writer task; `capacity` events may wait in memory before requests wait for
    /// room (besides the batch being written).
    pub fn start(db: Db, capacity: usize) -> Self {
        let (tx, rx) = mpsc::channel(capacity.max(1));
        tokio::spawn(run(db, rx));
        Self { tx }
    }

    /// Waits until every event recorded before this call is in the database.
    pub async fn flush(&self) {
        self.send(None).await;
    }

    /// Stores an event row as it is (tests and benchmarks write rows of their own); returns
    /// once it is committed.
    pub async fn record_row(&self, row: EventRow) {
        self.send(Some(row)).await;
    }

    /// Events and flushes waiting in the queue (not counting the batch being written).
    pub fn queued(&self) -> usize {
        self.tx.max_capacity() - self.tx.capacity()
    }

    async fn send(&self, row: Option<EventRow>) {
        let is_event = row.is_some();
        let (stored, wait) = oneshot::channel();
        let sent = self.tx.send(Msg { row, stored }).await.is_ok();
        if !(sent && wait.await.is_ok()) && is_event {
            tracing::error!("audit writer has stopped; event not recorded");
        }
    }
}

#[async_trait]
impl AuditLog for AuditWriter {
    async fn record(&self, event: AuditEvent) {
        self.record_row(EventRow::from_event(&event, now_micros())).await;
    }

    async fn flush(&self) {
        AuditWriter::flush(self).await;
    }
}

async fn run(db: Db, mut rx: mpsc::Receiver<Msg>) {
    let mut msgs = Vec::with_capacity(BATCH);
    let mut seen = SeenWrites::default();
    // `recv_many` waits for the first message, then takes whatever else is queued: the group.
    while rx.recv_many(&mut msgs, BATCH).await > 0 {
        let rows: Vec<EventRow> = msgs.iter_mut().filter_map(|m| m.row.take()).collect();
        write_until_stored(&db, &rows).await;
        seen.write(&db, &rows).await;
        for msg in msgs.drain(..) {
            let _ = msg.stored.send(());
        }
    }
}

/// `users.last_seen_at` as last written, per person: it is written again once a person's newer
/// successful event is a minute later.
#[derive(Default)]
struct SeenWrites(HashMap<i64, i64>);

impl SeenWrites {
    const EVERY_MICROS: i64 = 60_000_000;

    async fn write(&mut self, db: &Db, rows: &[EventRow]) {
        let mut due: BTreeMap<i64, i64> = BTreeMap::new();
        for r in rows.iter().filter(|r| r.outcome == Outcome::Success.code()) {
            let Some(id) = r.actor_id else { continue };
            if self.0.get(&id).is_none_or(|at| r.occurred_at - at >= Self::EVERY_MICROS) {
                let at = due.entry(id).or_insert(r.occurred_at);
                *at = (*at).max(r.occurred_at);
            }
        }
        for (id, at) in due {
            let written = sqlx::query("UPDATE users SET last_seen_at = $1 WHERE id = $2 AND (last_seen_at IS NULL OR last_seen_at < $1)")
                .bind(at)
                .bind(id)
                .execute(&db.pool)
                .await;
            match written {
                Ok(_) => {
                    self.0.insert(id, at);
                }
                // Only a page's "last seen" is behind; the next event tries again.
                Err(e) => tracing::warn!(error = %e, "could not note when someone was last seen"),
            }
        }
    }
}

/// Stores the batch. Should the database refuse an event itself (it should not: events are
/// sanitized), the others are stored one by one and a note takes the refused one's place, so
/// one bad event can never hold up the trail.
async fn write_until_stored(db: &Db, batch: &[EventRow]) {
    if batch.is_empty() || store(db, batch).await {
        return;
    }
    for row in batch {
        if !store(db, std::slice::from_ref(row)).await {
            tracing::error!(action = %row.action, "the database refused an audit event; a note takes its place");
            let note = EventRow {
                actor_kind: "system".into(),
                actor_name: String::new(),
                actor_email: String::new(),
                action: Action::AuditEventRejected.code().into(),
                target_type: String::new(),
                target_id: String::new(),
                target_label: String::new(),
                outcome: Outcome::Failed.code().into(),
                source_ip: String::new(),
                user_agent: String::new(),
                details: serde_json::json!({ "action": row.action }).to_string(),
                ..row.clone()
            };
            store(db, &[note]).await;
        }
    }
}

/// Writes the rows, retrying with a growing pause (up to 2 s) for as long as the database is
/// unavailable. False when the database refuses the data itself.
async fn store(db: &Db, rows: &[EventRow]) -> bool {
    let mut pause = Duration::from_millis(50);
    let mut failures = 0u32;
    loop {
        match insert_batch(db, rows).await {
            Ok(()) => {
                if failures > 0 {
                    tracing::info!(events = rows.len(), failures, "audit events written after the database came back");
                }
                return true;
            }
            Err(e) if refused(&e) => return false,
            Err(e) => {
                failures += 1;
                if failures == 1 || failures.is_multiple_of(20) {
                    tracing::warn!(error = %e, events = rows.len(), "audit events not yet written; retrying");
                }
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(Duration::from_secs(2));
            }
        }
    }
}

/// The data itself is wrong (a constraint, an invalid value): retrying cannot help.
fn refused(e: &sqlx::Error) -> bool {
    use sqlx::error::ErrorKind;
    match e {
        sqlx::Error::Encode(_) => true,
        sqlx::Error::Database(d) => {
            matches!(d.kind(), ErrorKind::CheckViolation | ErrorKind::NotNullViolation | ErrorKind::UniqueViolation)
                || d.code().is_some_and(|c| c.starts_with("22"))
        }
        _ => false,
    }
}
