//! Retention, on PostgreSQL: `portico audit retire --before 2022-01` drops the trail's monthly
//! partitions before that month, once every event in them is sealed. The digests stay, so the
//! chain still verifies; a record per month and digest, signed with the server's key, says how
//! many of the digest's events went, so `audit verify` tells a retired month from a deletion
//! and names the months retired.

use super::event::begin_trail;
use crate::db::{now_secs, Backend, Db};
use ed25519_dalek::{Signer, SigningKey};
use std::collections::BTreeMap;

#[derive(Debug, sqlx::FromRow)]
pub struct RetiredRow {
    pub id: i64,
    pub month: String,
    pub digest_id: i64,
    pub events: i64,
    pub retired_at: i64,
    pub signature: String,
}

impl RetiredRow {
    /// What is signed: every field but the id and the signature.
    pub fn canonical(&self) -> String {
        format!("portico-audit-retired/1\n{}\n{}\n{}\n{}\n", self.month, self.digest_id, self.events, self.retired_at)
    }
}

/// "2022-01", checked.
fn parse_month(s: &str) -> Option<String> {
    let (y, m) = s.trim().split_once('-')?;
    let (y, m): (u32, u32) = (y.parse().ok()?, m.parse().ok()?);
    ((1970..=9999).contains(&y) && (1..=12).contains(&m)).then(|| format!("{y:04}-{m:02}"))
}

/// Drops every month before `before` ("2022-01"); returns the months dropped, oldest first,
/// with how many events each held. All or nothing: one transaction under the trail's lock.
pub async fn retire(db: &Db, key: &SigningKey, before: &str) -> Result<Vec<(String, i64)>, String> {
    if db.backend != Backend::Postgres {
        return Err("retention drops monthly partitions of the audit trail, which only PostgreSQL has".into());
    }
    let before = parse_month(before).ok_or_else(|| format!("--before {before:?}: expected a month like 2022-01"))?;
    let this_month = time::OffsetDateTime::now_utc().date();
    if before > format!("{:04}-{:02}", this_month.year(), this_month.month() as u8) {
        return Err(format!("--before {before}: the current month is never retired"));
    }
    let failed = |e: sqlx::Error| format!("retiring failed: {e}");
    let mut tx = begin_trail(db).await.map_err(failed)?;
    let partitions: Vec<String> = sqlx::query_scalar(
        "SELECT CAST(c.relname AS TEXT) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid \
         WHERE i.inhparent = CAST('audit_events' AS regclass) ORDER BY 1",
    )
    .fetch_all(&mut *tx)
    .await
    .map_err(failed)?;
    let digests: Vec<(i64, i64)> = sqlx::query_as("SELECT id, last_event_id FROM audit_digests ORDER BY id").fetch_all(&mut *tx).await.map_err(failed)?;
    let sealed_up_to = digests.last().map_or(0, |d| d.1);
    let retired_at = now_secs();
    let mut done = Vec::new();
    for table in partitions {
        let Some(month) = table.strip_prefix("audit_events_").map(|m| m.replace('_', "-")).filter(|m| *m < before) else { continue };
        let ids: Vec<i64> = sqlx::query_scalar(&format!("SELECT id FROM \"{table}\" ORDER BY id")).fetch_all(&mut *tx).await.map_err(failed)?;
        if ids.last().is_some_and(|last| *last > sealed_up_to) {
            return Err(format!("{month} holds events that are not sealed yet: run `portico audit seal` first"));
        }
        // A digest seals the ids after the previous digest's last, up to its own last.
        let mut per_digest: BTreeMap<i64, i64> = BTreeMap::new();
        for id in &ids {
            *per_digest.entry(digests[digests.partition_point(|d| d.1 < *id)].0).or_default() += 1;
        }
        let rows: Vec<RetiredRow> = per_digest
            .into_iter()
            .map(|(digest_id, events)| {
                let mut r = RetiredRow { id: 0, month: month.clone(), digest_id, events, retired_at, signature: String::new() };
                r.signature = hex::encode(key.sign(r.canonical().as_bytes()).to_bytes());
                r
            })
            .collect();
        for chunk in rows.chunks(500) {
            let values: Vec<String> = (0..chunk.len()).map(|i| format!("(${}, ${}, ${}, ${}, ${})", i * 5 + 1, i * 5 + 2, i * 5 + 3, i * 5 + 4, i * 5 + 5)).collect();
            let sql = format!("INSERT INTO audit_retired (month, digest_id, events, retired_at, signature) VALUES {}", values.join(", "));
            let mut q = sqlx::query(&sql);
            for r in chunk {
                q = q.bind(&r.month).bind(r.digest_id).bind(r.events).bind(r.retired_at).bind(&r.signature);
            }
            q.execute(&mut *tx).await.map_err(failed)?;
        }
        sqlx::query(&format!("DROP TABLE \"{table}\"")).execute(&mut *tx).await.map_err(failed)?;
        done.push((month, ids.len() as i64));
    }
    tx.commit().await.map_err(failed)?;
    Ok(done)
}

#[cfg(test)]
mod tests {
    #[test]
    fn months_are_checked() {
        assert_eq!(super::parse_month("2022-1").as_deref(), Some("2022-01"));
        for bad in ["2022", "2022-13", "22-01-01", "x-01", ""] {
            assert_eq!(super::parse_month(bad), None, "{bad}");
        }
    }
}
