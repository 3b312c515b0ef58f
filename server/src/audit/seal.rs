//! Sealing, after AWS CloudTrail's log-file validation: events are sealed in id order into
//! digests. A digest lists every event's SHA-256, hashes that list, links to the previous
//! digest's hash and is signed with the server's Ed25519 key. Changing, removing, adding or
//! reordering a sealed event, or a digest, breaks a hash or a signature (see `verify`).

use super::event::{begin_trail, EventRow, COLUMNS};
use crate::db::Db;
use ed25519_dalek::{Signer, SigningKey, VerifyingKey};
use crate::sha256_hex;
use std::path::Path;

/// Events sealed per digest at most (keeps a digest row under ~80 KB).
pub const MAX_EVENTS_PER_DIGEST: i64 = 1000;
/// The `previous_sha256` of the first digest.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DigestRow {
    pub id: i64,
    pub first_event_id: i64,
    pub last_event_id: i64,
    pub event_count: i64,
    pub event_hashes: String,
    pub events_sha256: String,
    pub previous_sha256: String,
    pub created_at: i64,
    pub public_key: String,
    pub digest_sha256: String,
    pub signature: String,
}

pub const DIGEST_COLUMNS: &str = "id, first_event_id, last_event_id, event_count, event_hashes, events_sha256, previous_sha256, \
     created_at, public_key, digest_sha256, signature";

impl DigestRow {
    /// What is hashed and signed: every field but the id, the hash and the signature.
    pub fn canonical(&self) -> String {
        format!(
            "portico-audit-digest/1\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n",
            self.first_event_id, self.last_event_id, self.event_count, self.events_sha256, self.previous_sha256, self.created_at, self.public_key
        )
    }
}

/// The list of "id sha256" lines a digest keeps for its events.
pub fn event_hashes(events: &[EventRow]) -> String {
    events.iter().map(|e| format!("{} {}\n", e.id, e.sha256())).collect()
}

/// The server's signing key: given as 64 hex characters (`PORTICO_AUDIT_KEY`; every instance
/// of a multi-instance setup needs the same one), or kept in `<data dir>/audit-signing.key`,
/// created (owner-only) when `create` is set: by `serve` and `demo`, never by `audit verify`.
pub fn signing_key(configured: Option<&str>, data_dir: &Path, create: bool) -> Result<SigningKey, String> {
    if let Some(hex_key) = configured.filter(|k| !k.is_empty()) {
        return parse_key(hex_key.trim()).map_err(|e| format!("PORTICO_AUDIT_KEY: {e}"));
    }
    let path = data_dir.join("audit-signing.key");
    match std::fs::read_to_string(&path) {
        Ok(text) => parse_key(text.trim()).map_err(|e| format!("{}: {e}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !create => Err(format!(
            "no audit signing key at {}: give the server's data dir (--data-dir) or its PORTICO_AUDIT_KEY",
            path.display()
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let mut seed = [0u8; 32];
            getrandom::getrandom(&mut seed).map_err(|e| format!("no randomness for a new audit key: {e}"))?;
            std::fs::create_dir_all(data_dir).map_err(|e| format!("cannot create {}: {e}", data_dir.display()))?;
            write_private(&path, &hex::encode(seed)).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            tracing::info!(path = %path.display(), "created the audit signing key");
            Ok(SigningKey::from_bytes(&seed))
        }
        Err(e) => Err(format!("cannot read {}: {e}", path.display())),
    }
}

fn parse_key(hex_key: &str) -> Result<SigningKey, String> {
    let bytes: [u8; 32] = hex::decode(hex_key)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or("expected 64 hexadecimal characters (an Ed25519 seed)")?;
    Ok(SigningKey::from_bytes(&bytes))
}

fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)?;
    f.write_all(text.as_bytes())?;
    f.sync_all()
}

pub fn public_key_hex(key: &VerifyingKey) -> String {
    hex::encode(key.as_bytes())
}

/// Refuses a key other than the one that signed the newest digest: sealing with it would break
/// the chain for good (a lost key file, a wrong data dir, instances without a shared key).
pub async fn check_key(db: &Db, key: &SigningKey) -> Result<(), String> {
    let newest: Option<String> = sqlx::query_scalar("SELECT public_key FROM audit_digests ORDER BY id DESC LIMIT 1")
        .fetch_optional(&db.pool)
        .await
        .map_err(|e| format!("cannot read the audit trail: {e}"))?;
    let ours = public_key_hex(&key.verifying_key());
    match newest {
        Some(theirs) if theirs != ours => Err(format!(
            "the audit trail is signed with key {theirs}, not this server's {ours}: start with the key that signed it \
             (PORTICO_AUDIT_KEY, or the data dir holding its audit-signing.key)"
        )),
        _ => Ok(()),
    }
}

/// Digests written per transaction at most. Catching up on many events (a bulk load, a long
/// outage) reads them with one query per transaction instead of one per digest; a normal
/// interval's few events still make one digest in one short transaction. Digests are the same
/// either way: each seals the next [`MAX_EVENTS_PER_DIGEST`] events in id order.
/// 20,000 events: one read stays well under a second (sqlx warns about slower statements).
const DIGESTS_PER_TRANSACTION: i64 = 20;

/// Seals every event not yet in a digest; returns how many digests it wrote. Runs under the
/// trail's lock, so several instances can call it at once and each event is sealed once.
pub async fn seal_pending(db: &Db, key: &SigningKey) -> Result<usize, sqlx::Error> {
    seal_pending_with(db, key, &|_| {}).await
}

/// [`seal_pending`], telling `progress` how many events each transaction sealed.
pub async fn seal_pending_with(db: &Db, key: &SigningKey, progress: &(dyn Fn(u64) + Sync)) -> Result<usize, sqlx::Error> {
    let mut written = 0;
    loop {
        let (digests, events) = seal_batch(db, key).await?;
        if digests == 0 {
            return Ok(written);
        }
        written += digests;
        progress(events);
    }
}

/// Seals up to [`DIGESTS_PER_TRANSACTION`] digests' worth of events in one transaction;
/// returns the digests and events sealed.
async fn seal_batch(db: &Db, key: &SigningKey) -> Result<(usize, u64), sqlx::Error> {
    let mut tx = begin_trail(db).await?;
    let last: Option<(i64, String)> = sqlx::query_as("SELECT last_event_id, digest_sha256 FROM audit_digests ORDER BY id DESC LIMIT 1")
        .fetch_optional(&mut *tx)
        .await?;
    let (after, mut previous) = last.unwrap_or((0, GENESIS.to_string()));
    let events: Vec<EventRow> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM audit_events WHERE id > $1 ORDER BY id LIMIT $2"))
        .bind(after)
        .bind(MAX_EVENTS_PER_DIGEST * DIGESTS_PER_TRANSACTION)
        .fetch_all(&mut *tx)
        .await?;
    if events.is_empty() {
        tx.rollback().await?;
        return Ok((0, 0));
    }
    let chunks = hash_chunks(events).await;
    let (digests, mut sealed) = (chunks.len(), 0);
    for (first, last, count, hashes) in chunks {
        let digest = digest(first, last, count, hashes, previous, key);
        insert_digest(&mut tx, &digest).await?;
        previous = digest.digest_sha256;
        sealed += count as u64;
    }
    tx.commit().await?;
    Ok((digests, sealed))
}

/// `(first id, last id, count, event_hashes)` of each digest's events. Each digest's hashing
/// runs on the blocking pool, so a catch-up of many digests uses every core and a normal
/// interval's one digest costs one task.
async fn hash_chunks(events: Vec<EventRow>) -> Vec<(i64, i64, i64, String)> {
    let mut events = events.into_iter().peekable();
    let mut tasks = Vec::new();
    while events.peek().is_some() {
        let chunk: Vec<EventRow> = events.by_ref().take(MAX_EVENTS_PER_DIGEST as usize).collect();
        tasks.push(tokio::task::spawn_blocking(move || (chunk[0].id, chunk[chunk.len() - 1].id, chunk.len() as i64, event_hashes(&chunk))));
    }
    let mut hashed = Vec::with_capacity(tasks.len());
    for task in tasks {
        // Hashing cannot fail short of a bug: let that show as the panic it is.
        hashed.push(task.await.unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic())));
    }
    hashed
}

/// A signed digest of events `first..=last` whose hash list is `hashes`, following `previous`.
fn digest(first: i64, last: i64, count: i64, hashes: String, previous: String, key: &SigningKey) -> DigestRow {
    let mut digest = DigestRow {
        id: 0,
        first_event_id: first,
        last_event_id: last,
        event_count: count,
        events_sha256: sha256_hex(&hashes),
        event_hashes: hashes,
        previous_sha256: previous,
        created_at: app::util::now_micros(),
        public_key: public_key_hex(&key.verifying_key()),
        digest_sha256: String::new(),
        signature: String::new(),
    };
    let canonical = digest.canonical();
    digest.digest_sha256 = sha256_hex(&canonical);
    digest.signature = hex::encode(key.sign(canonical.as_bytes()).to_bytes());
    digest
}

async fn insert_digest(tx: &mut sqlx::Transaction<'static, sqlx::Any>, digest: &DigestRow) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_digests (first_event_id, last_event_id, event_count, event_hashes, events_sha256, previous_sha256, \
         created_at, public_key, digest_sha256, signature) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(digest.first_event_id)
    .bind(digest.last_event_id)
    .bind(digest.event_count)
    .bind(&digest.event_hashes)
    .bind(&digest.events_sha256)
    .bind(&digest.previous_sha256)
    .bind(digest.created_at)
    .bind(&digest.public_key)
    .bind(&digest.digest_sha256)
    .bind(&digest.signature)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
