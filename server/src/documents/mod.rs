//! Documents on the server: storage, uploads, downloads, the SQL, and the purge job.

pub mod download;
pub(crate) mod names;
pub mod repo;
mod sniff;
pub mod storage;
pub mod upload;

pub use repo::SqlDocuments;

use crate::db::{db_err, now_secs, Db};
use storage::Storage;

/// Removes documents deleted more than 30 days ago: bytes first, then the rows.
pub async fn purge(db: &Db, storage: &dyn Storage) -> Result<usize, String> {
    let cutoff = now_secs() - repo::RESTORE_DAYS * 86_400;
    let docs: Vec<i64> = sqlx::query_scalar("SELECT id FROM documents WHERE deleted_at IS NOT NULL AND deleted_at < $1")
        .bind(cutoff)
        .fetch_all(&db.pool)
        .await
        .map_err(|e| e.to_string())?;
    for id in &docs {
        let keys: Vec<String> = sqlx::query_scalar("SELECT storage_key FROM document_versions WHERE document_id = $1")
            .bind(id)
            .fetch_all(&db.pool)
            .await
            .map_err(|e| e.to_string())?;
        for key in keys {
            storage.delete(&key).await.map_err(|e| e.to_string())?;
        }
        for sql in [
            "DELETE FROM document_opens WHERE document_id = $1",
            "DELETE FROM document_versions WHERE document_id = $1",
            "DELETE FROM documents WHERE id = $1",
        ] {
            sqlx::query(sql).bind(id).execute(&db.pool).await.map_err(|e| {
                let _ = db_err(e);
                "purge failed".to_string()
            })?;
        }
    }
    Ok(docs.len())
}

/// What `portico storage check` found.
#[derive(Debug, Default)]
pub struct CheckReport {
    pub versions: usize,
    pub rows_without_bytes: Vec<String>,
    pub bytes_without_rows: Vec<String>,
    pub checksum_mismatches: Vec<String>,
}

impl CheckReport {
    pub fn is_clean(&self) -> bool {
        self.rows_without_bytes.is_empty() && self.bytes_without_rows.is_empty() && self.checksum_mismatches.is_empty()
    }
}

/// Compares every version row with the stored bytes (re-hashing each object).
pub async fn check(db: &Db, storage: &dyn Storage) -> Result<CheckReport, String> {
    let rows: Vec<(String, String, i64)> = sqlx::query_as("SELECT storage_key, sha256, size_bytes FROM document_versions")
        .fetch_all(&db.pool)
        .await
        .map_err(|e| e.to_string())?;
    let stored: std::collections::HashSet<String> = storage.keys().await.map_err(|e| e.to_string())?.into_iter().collect();
    let mut report = CheckReport { versions: rows.len(), ..Default::default() };
    let known: std::collections::HashSet<&String> = rows.iter().map(|r| &r.0).collect();
    for (key, sha, size) in &rows {
        if !stored.contains(key) {
            report.rows_without_bytes.push(key.clone());
            continue;
        }
        let (body, _) = storage.open(key).await.map_err(|e| e.to_string())?;
        let actual = storage::hash_stream(body).await.map_err(|e| e.to_string())?;
        if &actual.sha256 != sha || actual.size as i64 != *size {
            report.checksum_mismatches.push(key.clone());
        }
    }
    report.bytes_without_rows = stored.iter().filter(|k| !known.contains(k)).cloned().collect();
    Ok(report)
}
