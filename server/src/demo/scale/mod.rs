//! `portico demo --scale small|medium|large`: a realistic data set on top of the demo, quickly.
//!
//! | scale  | clients | people | invoices  | audit events | documents | big document |
//! |--------|---------|--------|-----------|--------------|-----------|--------------|
//! | small  | 100     | 300    | 10,000    | 100,000      | 200       | 10 MiB       |
//! | medium | 1,000   | 3,000  | 100,000   | 1,000,000    | 2,000     | 100 MiB      |
//! | large  | 10,000  | 30,000 | 1,000,000 | 10,000,000   | 20,000    | 1 GiB        |
//!
//! Phases, each one transaction: clients and people, invoices (lines, payments, reminders sent), documents
//! (bytes through the configured store, then rows), audit events (five years, the demo's own
//! history merged in), then sealing. Rows go in with `COPY` on PostgreSQL and multi-row
//! `INSERT`s on SQLite ([`bulk`]), with ids reserved up front so nothing is read back.
//!
//! Measured on 2 cores (release build): large on PostgreSQL 15 in 5½–6½ minutes (the audit
//! events 3–4 of them, sealing 1½), medium on SQLite in under a minute.
//!
//! The data is the same on every run (a fixed seed). One client is the benchmark's:
//! [`BENCH_EMAIL`] signs in to [`BENCH_CLIENT`], which has exactly [`BENCH_INVOICES`] invoices
//! and the big document.

mod audit;
mod bulk;
mod clients;
mod documents;
mod invoices;
mod model;
mod progress;
mod rng;
mod words;

pub use clients::{BENCH_CLIENT, BENCH_EMAIL, BENCH_INVOICES};

use crate::auth::password::Password;
use crate::db::{Backend, Db};
use crate::documents::storage::Storage;
use bulk::{Target, Tx};
use ed25519_dalek::SigningKey;
use model::{Calendar, Model, Staff};
use progress::{bytes, count, seconds, Phase};
use rng::Rng;
use std::time::Duration;

/// How much to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Scale {
    /// A hundredth of large (seconds).
    Small,
    /// A tenth of large.
    Medium,
    /// 10,000 clients, 1,000,000 invoices, 10,000,000 audit events.
    Large,
}

/// What a scale generates, besides the demo's own data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sizes {
    pub clients: u64,
    /// Client people (about three per client).
    pub people: u64,
    pub invoices: u64,
    pub events: u64,
    /// Documents of mixed sizes, besides the big one.
    pub documents: u64,
    /// The big document's size in bytes (for the download benchmark).
    pub big_document: u64,
}

impl Scale {
    pub fn name(self) -> &'static str {
        match self {
            Scale::Small => "small",
            Scale::Medium => "medium",
            Scale::Large => "large",
        }
    }

    pub fn sizes(self) -> Sizes {
        let (divisor, big_document) = match self {
            Scale::Small => (100, 10 << 20),
            Scale::Medium => (10, 100 << 20),
            Scale::Large => (1, 1 << 30),
        };
        Sizes {
            clients: 10_000 / divisor,
            people: 30_000 / divisor,
            invoices: 1_000_000 / divisor,
            events: 10_000_000 / divisor,
            documents: 20_000 / divisor,
            big_document,
        }
    }
}

/// What a run wrote, and how long each phase took.
#[derive(Debug, Clone)]
pub struct Summary {
    pub scale: Scale,
    pub clients: u64,
    pub people: u64,
    pub invoices: u64,
    pub lines: u64,
    pub payments: u64,
    pub documents: u64,
    pub document_versions: u64,
    pub document_bytes: u64,
    /// Generated events plus the demo's own history merged into them.
    pub events: u64,
    pub history_events: u64,
    pub digests: u64,
}

/// Every run uses this seed: the same data each time.
const SEED: u64 = 0x5CA1_E000_2026_0014;
/// The setting that records a run: `started <scale>` while it runs, then the scale.
const SETTING: &str = "demo_scale";

/// Adds the `scale` data set to a database that has the demo loaded (`demo::load`) and an empty
/// audit trail; `key` seals the events. Refuses a database that has scale data already.
pub async fn run(db: &Db, storage: &dyn Storage, key: &SigningKey, scale: Scale) -> Result<Summary, String> {
    let sizes = scale.sizes();
    claim(db, scale).await?;
    let failed = |what: &str| {
        let what = what.to_string();
        move |e: sqlx::Error| format!("{what} failed: {e}")
    };
    // The demo firm's 90 days of activity, drawn before the generated people exist, go into
    // the same time-ordered stream as the generated events.
    let history = if crate::demo::history::claim(db).await.map_err(|e| e.to_string())? {
        crate::demo::history::events(db).await.map_err(|e| e.to_string())?
    } else {
        Vec::new()
    };
    let history_events = history.len() as u64;
    let target = Target::open(db).await?;
    let rng = Rng::new(SEED);
    let cal = Calendar::new(app::services::today(), app::util::now_micros(), 5);
    let mut model = Model { staff: staff(db).await?, ..Default::default() };
    // Hashed once and shared by every generated person: argon2 at the portal's parameters
    // takes ~50 ms a hash, half an hour for 30,000 people. The password is public anyway.
    let password_hash = crate::auth::password::hash(Password::new(crate::demo::DEMO_PASSWORD)).await.map_err(|e| format!("hashing the demo password failed: {e}"))?;

    let phase = Phase::start("clients", sizes.clients + sizes.people, false);
    let mut tx = Tx::begin(&target).await.map_err(failed("writing clients"))?;
    let rows = clients::write(&mut tx, &rng, &cal, &sizes, &password_hash, &mut model, &|n| phase.inc(n)).await.map_err(failed("writing clients"))?;
    tx.commit().await.map_err(failed("writing clients"))?;
    phase.finish(rows, format!("{} clients, {} people", count(model.clients.len() as u64), count(model.people.len() as u64)));

    let steps = crate::mail::schedule::load(db).await.map_err(|e| format!("reading the reminder schedule failed: {e}"))?.invoice;
    let phase = Phase::start("invoices", 4 * sizes.invoices, false);
    let mut tx = Tx::begin(&target).await.map_err(failed("writing invoices"))?;
    let inv = invoices::write(&mut tx, &rng, &cal, &sizes, &steps, &mut model, &|n| phase.inc(n)).await.map_err(failed("writing invoices"))?;
    tx.commit().await.map_err(failed("writing invoices"))?;
    let what = format!("{} invoices, {} lines, {} payments, {} reminders", count(inv.invoices), count(inv.lines), count(inv.payments), count(inv.reminders));
    phase.finish(inv.invoices + inv.lines + inv.payments + inv.reminders, what);

    let planned = documents::plan(&rng, &cal, &sizes, &model);
    let phase = Phase::start("documents", documents::planned_bytes(&planned), true);
    let docs = documents::write(&target, storage, &rng, &cal, &planned, &mut model, &|n| phase.inc(n)).await?;
    let per_second = docs.bytes as f64 / phase_seconds(&phase);
    let what = format!("{} documents, {} versions, {} stored ({}/s)", count(docs.documents), count(docs.versions), bytes(docs.bytes), bytes(per_second as u64));
    phase.finish(docs.documents + docs.versions, what);

    let phase = Phase::start("audit", sizes.events + history_events, false);
    let mut tx = Tx::begin(&target).await.map_err(failed("writing audit events"))?;
    let events = audit::write(&mut tx, &rng, &cal, sizes.events, &model, history, &|n| phase.inc(n)).await.map_err(failed("writing audit events"))?;
    tx.commit().await.map_err(failed("writing audit events"))?;
    sqlx::query(crate::audit::queries::SET_LAST_SEEN).execute(&db.pool).await.map_err(failed("noting when each person was last seen"))?;
    phase.finish(events, format!("{} events", count(events)));

    let phase = Phase::start("seal", events, false);
    let digests = crate::audit::seal::seal_pending_with(db, key, &|n| phase.inc(n)).await.map_err(failed("sealing the audit events"))? as u64;
    phase.finish(events, format!("{} events in {} digests", count(events), count(digests)));

    sqlx::query("UPDATE settings SET value = $1 WHERE key = $2")
        .bind(scale.name())
        .bind(SETTING)
        .execute(&db.pool)
        .await
        .map_err(failed("recording the scale run"))?;
    // Planner statistics for the new rows now, not whenever autovacuum gets to them: without
    // them PostgreSQL guessed a client's payments at a few rows and scanned them all (the
    // dashboard took 6.5 s at large scale until it was analysed).
    sqlx::query("ANALYZE").execute(&db.pool).await.map_err(failed("updating the planner's statistics"))?;
    Ok(Summary {
        scale,
        clients: model.clients.len() as u64,
        people: model.people.len() as u64,
        invoices: inv.invoices,
        lines: inv.lines,
        payments: inv.payments,
        documents: docs.documents,
        document_versions: docs.versions,
        document_bytes: docs.bytes,
        events,
        history_events,
        digests,
    })
}

fn phase_seconds(phase: &Phase) -> f64 {
    phase.elapsed().as_secs_f64().max(1e-6)
}

/// Claims the database for one run, or says why not: it has scale data (or a run that did not
/// finish), or its audit trail has events that five years of history would have to precede.
async fn claim(db: &Db, scale: Scale) -> Result<(), String> {
    let read = |e: crate::db::DbError| e.to_string();
    if let Some(value) = db.setting(SETTING).await.map_err(read)? {
        return Err(refusal(&value));
    }
    let events: i64 = sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM audit_events").fetch_one(&db.pool).await.map_err(|e| e.to_string())?;
    if events > 0 {
        return Err(format!(
            "the audit trail already has {events} events: --scale writes five years of events, which must come before them \
             (event ids follow time). Run it on a new database; it loads the demo itself"
        ));
    }
    let claimed = sqlx::query("INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING")
        .bind(SETTING)
        .bind(format!("started {}", scale.name()))
        .execute(&db.pool)
        .await
        .map_err(|e| e.to_string())?;
    if claimed.rows_affected() == 0 {
        let value = db.setting(SETTING).await.map_err(read)?.unwrap_or_default();
        return Err(refusal(&value));
    }
    Ok(())
}

fn refusal(value: &str) -> String {
    if value.starts_with("started") {
        format!("an earlier `demo --scale` on this database did not finish ({value}): start again with a new database")
    } else {
        format!("this database already has the {value} scale data set: a second run would double it. Use a new database for another")
    }
}

/// The demo firm's staff, who issue the invoices and record the payments.
async fn staff(db: &Db) -> Result<Vec<Staff>, String> {
    let rows: Vec<(i64, String, String, String)> = sqlx::query_as("SELECT id, name, email, role FROM users WHERE role IN ('staff', 'admin') ORDER BY id")
        .fetch_all(&db.pool)
        .await
        .map_err(|e| format!("reading the staff failed: {e}"))?;
    Ok(rows.into_iter().map(|(id, name, email, role)| Staff { id, name, email, role }).collect())
}

/// The closing note: what was written, how long it took (`elapsed`, the demo's load
/// included), and the benchmark's sign-in.
pub fn print_summary(s: &Summary, backend: Backend, elapsed: Duration) {
    let database = backend.name();
    println!(
        "\nScale {} loaded into {database} in {}: {} clients, {} people, {} invoices ({} lines, {} payments), {} documents ({}), \
         {} audit events sealed in {} digests.",
        s.scale.name(),
        seconds(elapsed),
        count(s.clients),
        count(s.people),
        count(s.invoices),
        count(s.lines),
        count(s.payments),
        count(s.documents),
        bytes(s.document_bytes),
        count(s.events),
        count(s.digests),
    );
    println!(
        "Benchmark sign-in: {BENCH_EMAIL} (password {}): {BENCH_CLIENT}, {BENCH_INVOICES} invoices and the big document ({}).",
        crate::demo::DEMO_PASSWORD,
        bytes(s.scale.sizes().big_document)
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_and_medium_are_a_hundredth_and_a_tenth_of_large() {
        let (s, m, l) = (Scale::Small.sizes(), Scale::Medium.sizes(), Scale::Large.sizes());
        assert_eq!((l.clients, l.people, l.invoices, l.events, l.documents), (10_000, 30_000, 1_000_000, 10_000_000, 20_000));
        assert_eq!((m.clients * 10, m.people * 10, m.invoices * 10, m.events * 10, m.documents * 10), (l.clients, l.people, l.invoices, l.events, l.documents));
        assert_eq!((s.clients * 100, s.people * 100, s.invoices * 100, s.events * 100, s.documents * 100), (l.clients, l.people, l.invoices, l.events, l.documents));
    }
}
