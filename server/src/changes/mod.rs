//! Change requests on the server: stored with the details they change (JSON, as asked) and
//! decided in one transaction with the change itself.

use crate::clients::{check_client, details, set_details};
use crate::db::query::{Arg, Query};
use crate::db::{col, keyset_page, now_secs, Db, OrDb};
use app::changes::model::{ChangePage, ChangeRequest, ChangeStatus, CHANGE_PAGE_SIZE};
use app::changes::service::{ChangeScope, ChangeService};
use app::clients::model::{ClientInput, FieldChange};
use app::error::AppError;
use async_trait::async_trait;
use sqlx::any::AnyRow;
use sqlx::AnyConnection;

pub struct SqlChanges {
    db: Db,
}

impl SqlChanges {
    pub fn new(db: Db) -> Self {
        Self { db }
    }
}

const SELECT: &str = "SELECT r.id, r.client_id, c.name AS client_name, u.name AS requested_by, r.requested_at, r.changes, r.status, \
     d.name AS decided_by, r.decided_at, r.note FROM change_requests r JOIN clients c ON c.id = r.client_id \
     JOIN users u ON u.id = r.requested_by LEFT JOIN users d ON d.id = r.decided_by";

fn request(row: &AnyRow) -> Result<ChangeRequest, AppError> {
    let changes: String = col(row, "changes")?;
    Ok(ChangeRequest {
        id: col(row, "id")?,
        client_id: col(row, "client_id")?,
        client_name: col(row, "client_name")?,
        requested_by: col(row, "requested_by")?,
        requested_at: col(row, "requested_at")?,
        changes: serde_json::from_str(&changes).map_err(|_| AppError::Internal)?,
        status: ChangeStatus::parse(&col::<String>(row, "status")?).ok_or(AppError::Internal)?,
        decided_by: col(row, "decided_by")?,
        decided_at: col(row, "decided_at")?,
        note: col(row, "note")?,
    })
}

async fn one(conn: &mut AnyConnection, id: i64) -> Result<ChangeRequest, AppError> {
    let row = sqlx::query(&format!("{SELECT} WHERE r.id = $1")).bind(id).fetch_optional(conn).await.or_db()?;
    request(&row.ok_or(AppError::NotFound)?)
}

fn to_json(changes: &[FieldChange]) -> Result<String, AppError> {
    serde_json::to_string(changes).map_err(|_| AppError::Internal)
}

/// The firm's note: up to 1,000 characters; line breaks and tabs are its only control characters.
fn check_note(note: &str) -> Result<String, AppError> {
    let note = note.trim();
    if note.chars().any(|c| c.is_control() && !"\n\r\t".contains(c)) {
        return Err(AppError::invalid("note", "invalid"));
    }
    if note.chars().count() > 1000 {
        return Err(AppError::invalid("note", "too_long"));
    }
    Ok(note.replace("\r\n", "\n"))
}

#[async_trait]
impl ChangeService for SqlChanges {
    async fn propose(&self, client_id: i64, by: i64, proposed: &ClientInput) -> Result<ChangeRequest, AppError> {
        let proposed = check_client(proposed)?;
        let mut tx = self.db.begin_write().await.or_db()?;
        let changes = details(&mut tx, client_id).await?.changes_to(&proposed);
        if changes.is_empty() {
            return Err(AppError::invalid("name", "nothing_changed"));
        }
        let id: i64 = sqlx::query_scalar("INSERT INTO change_requests (client_id, requested_by, requested_at, changes) VALUES ($1, $2, $3, $4) RETURNING id")
            .bind(client_id)
            .bind(by)
            .bind(now_secs())
            .bind(to_json(&changes)?)
            .fetch_one(&mut *tx)
            .await
            .or_db()?;
        let request = one(&mut tx, id).await?;
        tx.commit().await.or_db()?;
        Ok(request)
    }

    async fn list(&self, scope: ChangeScope, after: Option<i64>) -> Result<ChangePage, AppError> {
        let mut q = Query::new(SELECT);
        match scope {
            ChangeScope::Client(client_id) => {
                let p = q.arg(Arg::Int(client_id));
                q.and(&format!("r.client_id = {p}"));
            }
            ChangeScope::Pending => q.and("r.status = 'pending'"),
        }
        if let Some(after) = after {
            let p = q.arg(Arg::Int(after));
            q.and(&format!("r.id < {p}"));
        }
        q.push(&format!(" ORDER BY r.id DESC LIMIT {}", CHANGE_PAGE_SIZE + 1));
        let items = q.fetch_all(&self.db).await?.iter().map(request).collect::<Result<Vec<_>, _>>()?;
        let (items, next) = keyset_page(items, CHANGE_PAGE_SIZE, |r| r.id);
        Ok(ChangePage { items, next })
    }

    async fn decide(&self, id: i64, by: i64, approve: bool, note: &str) -> Result<ChangeRequest, AppError> {
        let note = check_note(note)?;
        let status = if approve { ChangeStatus::Approved } else { ChangeStatus::Rejected };
        let mut tx = self.db.begin_write().await.or_db()?;
        let asked = one(&mut tx, id).await?;
        // Only a pending request changes; the update also holds its row against a second
        // decision until this one commits.
        let decided = sqlx::query("UPDATE change_requests SET status = $1, decided_by = $2, decided_at = $3, note = $4 WHERE id = $5 AND status = 'pending'")
            .bind(status.as_str())
            .bind(by)
            .bind(now_secs())
            .bind(&note)
            .bind(id)
            .execute(&mut *tx)
            .await
            .or_db()?;
        if decided.rows_affected() == 0 {
            return Err(AppError::invalid("decision", "already_decided"));
        }
        if approve {
            let before = details(&mut tx, asked.client_id).await?;
            let mut after = before.clone();
            for c in asked.changes {
                after.set(c.field, c.to);
            }
            let after = check_client(&after)?;
            set_details(&mut tx, asked.client_id, &after).await?;
            // What the approval changed, from the details as they were at that moment.
            sqlx::query("UPDATE change_requests SET changes = $1 WHERE id = $2").bind(to_json(&before.changes_to(&after))?).bind(id).execute(&mut *tx).await.or_db()?;
        }
        let request = one(&mut tx, id).await?;
        tx.commit().await.or_db()?;
        Ok(request)
    }
}
