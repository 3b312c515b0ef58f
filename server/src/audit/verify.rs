//! `portico audit verify`: recomputes every digest and every sealed event's hash, and names the
//! first event or digest that does not match. Events of a retired month may be missing, as many
//! per digest as the signed retirement records say, and no more.

use super::event::{EventRow, COLUMNS};
use super::retire::RetiredRow;
use super::seal::{DigestRow, DIGEST_COLUMNS, GENESIS};
use std::collections::{BTreeMap, HashMap};
use crate::sha256_hex;
use crate::db::Db;
use ed25519_dalek::{Signature, Verifier, VerifyingKey};
use futures_util::TryStreamExt;

#[derive(Debug, PartialEq, Eq)]
pub struct Report {
    /// Events sealed in the digests, retired ones included.
    pub events: i64,
    pub digests: i64,
    /// Events newer than the last digest (sealed at the next interval).
    pub unsealed: i64,
    /// Months removed by `portico audit retire` ("2021-03"), with how many events each held:
    /// their digests still verify, their events are gone.
    pub retired: Vec<(String, i64)>,
}

#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error("{0}")]
    Mismatch(String),
    #[error("cannot read the audit trail: {0}")]
    Db(#[from] sqlx::Error),
}

fn mismatch<T>(message: String) -> Result<T, VerifyError> {
    Err(VerifyError::Mismatch(message))
}

/// Checks the whole trail against `key` (the server's public key): the digests in order, and
/// beside them the events in id order (one pass over each).
pub async fn verify(db: &Db, key: &VerifyingKey) -> Result<Report, VerifyError> {
    let expected_key = super::seal::public_key_hex(key);
    let (retired, months) = retirements(db, key).await?;
    let mut previous_hash = GENESIS.to_string();
    let mut previous_last = 0i64;
    let mut report = Report { events: 0, digests: 0, unsealed: 0, retired: months.into_iter().collect() };
    let sql = format!("SELECT {DIGEST_COLUMNS} FROM audit_digests ORDER BY id");
    let mut digests = sqlx::query_as::<_, DigestRow>(&sql).fetch(&db.pool);
    let sql = format!("SELECT {COLUMNS} FROM audit_events ORDER BY id");
    let mut events = sqlx::query_as::<_, EventRow>(&sql).fetch(&db.pool);
    let mut event = events.try_next().await?;
    while let Some(d) = digests.try_next().await? {
        check_digest(&d, &expected_key, key, &previous_hash)?;
        let mut missing = (0i64, None);
        for line in d.event_hashes.lines() {
            let (id, hash) = line.split_once(' ').unwrap_or((line, ""));
            let id = id.parse::<i64>().unwrap_or(-1);
            if let Some(e) = event.as_ref().filter(|e| e.id < id) {
                return mismatch(format!("event {} is not in digest {}: it was added after sealing", e.id, d.id));
            }
            match &event {
                Some(e) if e.id == id => {
                    if e.sha256() != hash {
                        return mismatch(format!("event {id} does not match digest {}: it was changed after sealing", d.id));
                    }
                    event = events.try_next().await?;
                }
                _ => missing = (missing.0 + 1, missing.1.or(Some(id))),
            }
        }
        if let Some(e) = event.as_ref().filter(|e| e.id <= d.last_event_id) {
            return mismatch(format!("event {} is not in digest {}: it was added after sealing", e.id, d.id));
        }
        if let (n, Some(id)) = missing {
            match retired.get(&d.id).copied().unwrap_or(0) {
                r if r == n => {}
                0 => return mismatch(format!("event {id} is missing: it was sealed in digest {} and has been deleted", d.id)),
                r => return mismatch(format!("{n} events of digest {} are missing but {r} were retired: events were deleted (the first missing is event {id})", d.id)),
            }
        }
        report.digests += 1;
        report.events += d.event_count;
        previous_hash = d.digest_sha256;
        previous_last = d.last_event_id;
    }
    drop(events);
    report.unsealed = sqlx::query_scalar("SELECT COUNT(*) FROM audit_events WHERE id > $1").bind(previous_last).fetch_one(&db.pool).await?;
    Ok(report)
}

/// From the retirement records whose signatures hold: how many of each digest's events were
/// retired, and how many events each month held.
async fn retirements(db: &Db, key: &VerifyingKey) -> Result<(HashMap<i64, i64>, BTreeMap<String, i64>), VerifyError> {
    let rows: Vec<RetiredRow> = sqlx::query_as("SELECT id, month, digest_id, events, retired_at, signature FROM audit_retired").fetch_all(&db.pool).await?;
    let (mut per_digest, mut per_month) = (HashMap::new(), BTreeMap::new());
    for r in rows {
        let signature = hex::decode(&r.signature).ok().and_then(|b| Signature::from_slice(&b).ok());
        if signature.is_none_or(|s| key.verify(r.canonical().as_bytes(), &s).is_err()) {
            return mismatch(format!("retirement record {} (digest {}, {}) is not signed by this server's key", r.id, r.digest_id, r.month));
        }
        *per_digest.entry(r.digest_id).or_insert(0) += r.events;
        *per_month.entry(r.month).or_insert(0) += r.events;
    }
    Ok((per_digest, per_month))
}

fn check_digest(d: &DigestRow, expected_key: &str, key: &VerifyingKey, previous_hash: &str) -> Result<(), VerifyError> {
    if d.public_key != expected_key {
        return mismatch(format!("digest {} is signed by another key ({}), not this server's ({expected_key})", d.id, d.public_key));
    }
    if d.previous_sha256 != previous_hash {
        return mismatch(format!("digest {} does not follow the digest before it: a digest was removed, added or changed", d.id));
    }
    let canonical = d.canonical();
    let signature = hex::decode(&d.signature).ok().and_then(|b| Signature::from_slice(&b).ok());
    if sha256_hex(&canonical) != d.digest_sha256 || signature.is_none_or(|s| key.verify(canonical.as_bytes(), &s).is_err()) {
        return mismatch(format!("digest {} has been altered: its hash or signature does not match", d.id));
    }
    if sha256_hex(&d.event_hashes) != d.events_sha256 || d.event_hashes.lines().count() as i64 != d.event_count {
        return mismatch(format!("digest {} has been altered: its list of events does not match its hash", d.id));
    }
    Ok(())
}
