//! `portico audit verify`: recomputes every digest and every sealed event's hash, and names the
//! first event or digest that does not match.

use super::event::{EventRow, COLUMNS};
use super::seal::{DigestRow, DIGEST_COLUMNS, GENESIS};
use crate::sha256_hex;
use crate::db::Db;
use ed25519_dalek::{Signature, Verifier, VerifyingKey};
use futures_util::TryStreamExt;

#[derive(Debug, PartialEq, Eq)]
pub struct Report {
    pub events: i64,
    pub digests: i64,
    /// Events newer than the last digest (sealed at the next interval).
    pub unsealed: i64,
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

/// Checks the whole trail against `key` (the server's public key).
pub async fn verify(db: &Db, key: &VerifyingKey) -> Result<Report, VerifyError> {
    let expected_key = super::seal::public_key_hex(key);
    let mut previous_hash = GENESIS.to_string();
    let mut previous_last = 0i64;
    let mut report = Report { events: 0, digests: 0, unsealed: 0 };
    let sql = format!("SELECT {DIGEST_COLUMNS} FROM audit_digests ORDER BY id");
    let mut digests = sqlx::query_as::<_, DigestRow>(&sql).fetch(&db.pool);
    while let Some(d) = digests.try_next().await? {
        check_digest(&d, &expected_key, key, &previous_hash)?;
        check_events(db, &d, previous_last).await?;
        report.digests += 1;
        report.events += d.event_count;
        previous_hash = d.digest_sha256;
        previous_last = d.last_event_id;
    }
    report.unsealed = sqlx::query_scalar("SELECT COUNT(*) FROM audit_events WHERE id > $1").bind(previous_last).fetch_one(&db.pool).await?;
    Ok(report)
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

/// Walks the events in the digest's range next to the digest's list of (id, hash).
async fn check_events(db: &Db, d: &DigestRow, after: i64) -> Result<(), VerifyError> {
    let mut sealed = d.event_hashes.lines().map(|line| {
        let (id, hash) = line.split_once(' ').unwrap_or((line, ""));
        (id.parse::<i64>().unwrap_or(-1), hash)
    });
    let sql = format!("SELECT {COLUMNS} FROM audit_events WHERE id > $1 AND id <= $2 ORDER BY id");
    let mut rows = sqlx::query_as::<_, EventRow>(&sql)
        .bind(after)
        .bind(d.last_event_id)
        .fetch(&db.pool);
    let mut expected = sealed.next();
    while let Some(event) = rows.try_next().await? {
        match expected {
            Some((id, _)) if id < event.id => return mismatch(format!("event {id} is missing: it was sealed in digest {} and has been deleted", d.id)),
            Some((id, hash)) if id == event.id => {
                if event.sha256() != hash {
                    return mismatch(format!("event {id} does not match digest {}: it was changed after sealing", d.id));
                }
            }
            _ => return mismatch(format!("event {} is not in digest {}: it was added after sealing", event.id, d.id)),
        }
        expected = sealed.next();
    }
    if let Some((id, _)) = expected {
        return mismatch(format!("event {id} is missing: it was sealed in digest {} and has been deleted", d.id));
    }
    Ok(())
}
