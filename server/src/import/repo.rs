//! The kept reports of imports and checks.

use super::{Kind, Outcome};
use crate::db::{col, now_secs, Db, OrDb};
use app::error::AppError;
use app::import::ImportReport;
use async_trait::async_trait;
use sqlx::any::AnyRow;

const SELECT: &str = "SELECT i.id, i.kind, i.file_name, i.dry_run, i.applied, i.rows, i.created, i.updated, i.unchanged, i.errors, u.name AS imported_by, i.imported_at \
     FROM imports i LEFT JOIN users u ON u.id = i.imported_by";

fn report(row: &AnyRow) -> Result<ImportReport, AppError> {
    Ok(ImportReport {
        id: col(row, "id")?,
        kind: col(row, "kind")?,
        file_name: col(row, "file_name")?,
        dry_run: col::<i64>(row, "dry_run")? != 0,
        applied: col::<i64>(row, "applied")? != 0,
        rows: col(row, "rows")?,
        created: col(row, "created")?,
        updated: col(row, "updated")?,
        unchanged: col(row, "unchanged")?,
        errors: serde_json::from_str(&col::<String>(row, "errors")?).map_err(|_| AppError::Internal)?,
        imported_by: col(row, "imported_by")?,
        imported_at: col(row, "imported_at")?,
    })
}

pub async fn keep(db: &Db, kind: Kind, file_name: &str, dry_run: bool, o: &Outcome, by: Option<i64>) -> Result<ImportReport, AppError> {
    let file_name: String = file_name.chars().filter(|c| !c.is_control()).take(200).collect();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO imports (kind, file_name, dry_run, applied, rows, created, updated, unchanged, errors, imported_by, imported_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(kind.as_str())
    .bind(file_name)
    .bind(dry_run as i64)
    .bind(o.applied as i64)
    .bind(o.rows)
    .bind(o.created)
    .bind(o.updated)
    .bind(o.unchanged)
    .bind(serde_json::to_string(&o.errors).map_err(|_| AppError::Internal)?)
    .bind(by)
    .bind(now_secs())
    .fetch_one(&db.pool)
    .await
    .or_db()?;
    get(db, id).await
}

async fn get(db: &Db, id: i64) -> Result<ImportReport, AppError> {
    let row = sqlx::query(&format!("{SELECT} WHERE i.id = $1")).bind(id).fetch_optional(&db.pool).await.or_db()?;
    report(&row.ok_or(AppError::NotFound)?)
}

pub struct SqlImports {
    db: Db,
}

impl SqlImports {
    pub fn new(db: Db) -> Self {
        Self { db }
    }
}

#[async_trait]
impl app::services::ImportService for SqlImports {
    async fn reports(&self, limit: i64) -> Result<Vec<ImportReport>, AppError> {
        let rows = sqlx::query(&format!("{SELECT} ORDER BY i.id DESC LIMIT {}", limit.clamp(1, 100))).fetch_all(&self.db.pool).await.or_db()?;
        rows.iter().map(report).collect()
    }

    async fn report(&self, id: i64) -> Result<ImportReport, AppError> {
        get(&self.db, id).await
    }
}
