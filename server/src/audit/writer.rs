//! The asynchronous audit writer. A request hands its event to a bounded queue and goes on; one
//! task writes the queue in batches, in order. When the database is down the task retries the
//! same batch until it succeeds; the queue fills, and further requests wait for room instead of
//! an event being dropped. `flush` returns once everything queued before it is stored: the server
//! calls it after the last request on shutdown.

use super::event::{insert_batch, EventRow};
use app::util::now_micros;
use crate::db::Db;
use app::services::{Action, AuditEvent, AuditLog, Outcome};
use async_trait::async_trait;
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};

/// Events written per transaction at most.
const BATCH: usize = 500;

// Nearly every message is an event: boxing it would only add an allocation per event.
#[allow(clippy::large_enum_variant)]
enum Msg {
    Event(EventRow),
    Flush(oneshot::Sender<()>),
}

pub struct AuditWriter {
    tx: mpsc::Sender<Msg>,
}

impl AuditWriter {
    /// Starts the writer task; `capacity` events may wait in memory before requests wait.
    pub fn start(db: Db, capacity: usize) -> Self {
        let (tx, rx) = mpsc::channel(capacity.max(1));
        tokio::spawn(run(db, rx));
        Self { tx }
    }

    /// Waits until every event recorded before this call is in the database.
    pub async fn flush(&self) {
        let (done, wait) = oneshot::channel();
        if self.tx.send(Msg::Flush(done)).await.is_ok() {
            let _ = wait.await;
        }
    }

    /// Queues an event row as it is (tests and benchmarks write rows of their own).
    pub async fn record_row(&self, row: EventRow) {
        if self.tx.send(Msg::Event(row)).await.is_err() {
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

/// How long the writer waits for more events before writing a batch: under load, one
/// transaction per few hundred events instead of one per event. Requests never wait for it.
const LINGER: Duration = Duration::from_millis(5);

async fn run(db: Db, mut rx: mpsc::Receiver<Msg>) {
    let mut batch = Vec::with_capacity(BATCH);
    let mut waiters = Vec::new();
    while let Some(first) = rx.recv().await {
        let take = |msg, batch: &mut Vec<EventRow>, waiters: &mut Vec<oneshot::Sender<()>>| match msg {
            Msg::Event(row) => batch.push(row),
            Msg::Flush(done) => waiters.push(done),
        };
        take(first, &mut batch, &mut waiters);
        let deadline = tokio::time::Instant::now() + LINGER;
        // A flush is answered at once; everything queued before it is already in the batch.
        while batch.len() < BATCH && waiters.is_empty() {
            match tokio::time::timeout_at(deadline, rx.recv()).await {
                Ok(Some(msg)) => take(msg, &mut batch, &mut waiters),
                _ => break,
            }
        }
        write_until_stored(&db, &batch).await;
        batch.clear();
        for done in waiters.drain(..) {
            let _ = done.send(());
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
