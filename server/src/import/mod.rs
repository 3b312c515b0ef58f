//! CSV import of clients, people and invoices (`portico import`, and `POST /staff/import` from
//! the staff page). The whole file goes in one transaction, each row in a savepoint: a refused
//! row is rolled back alone and reported with its line and why, and then nothing is committed
//! (a check never commits). `external_id` makes a second import of the same file find what the
//! first made: clients and people are brought up to date, invoices are left as they are (an
//! issued invoice does not change).

mod repo;
pub mod route;

use crate::clients::{check_client, details, set_details};
use crate::db::{Db, OrDb};
use crate::mail::Mailer;
use app::clients::model::ClientInput;
use app::error::AppError;
use app::import::{ImportReport, RowError};
use app::invoices::model::{DraftLine, InvoiceDraft, InvoiceStatus};
use app::model::Permissions;
use sqlx::AnyConnection;
use std::collections::HashMap;

pub use repo::SqlImports;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Clients,
    People,
    Invoices,
}

impl Kind {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "clients" => Some(Self::Clients),
            "people" => Some(Self::People),
            "invoices" => Some(Self::Invoices),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Clients => "clients",
            Self::People => "people",
            Self::Invoices => "invoices",
        }
    }

    /// The columns a file may have; those marked required must be there.
    fn columns(self) -> (&'static [&'static str], &'static [&'static str]) {
        match self {
            Self::Clients => (&["external_id", "name", "email", "address", "tax_id", "phone"], &["external_id", "name"]),
            Self::People => (&["external_id", "client", "name", "email", "billing", "documents", "client_admin"], &["external_id", "client", "name", "email"]),
            Self::Invoices => (
                &["external_id", "client", "number", "issue_date", "due_date", "currency", "status", "notes", "description", "quantity", "unit_price", "tax_rate"],
                &["external_id", "client", "number", "issue_date", "due_date", "currency", "description", "quantity", "unit_price"],
            ),
        }
    }
}

/// The largest file taken (the staff page reads it whole).
pub const MAX_BYTES: usize = 20 * 1024 * 1024;

/// What a file did, or would do.
#[derive(Debug, Default)]
pub struct Outcome {
    pub rows: i64,
    pub created: i64,
    pub updated: i64,
    pub unchanged: i64,
    pub errors: Vec<RowError>,
    pub applied: bool,
}

enum Done {
    Created,
    Updated,
    Unchanged,
}

/// One row: its line in the file and its fields by column name.
struct Row {
    line: u64,
    fields: HashMap<String, String>,
}

impl Row {
    fn get(&self, column: &str) -> &str {
        self.fields.get(column).map_or("", |v| v.as_str())
    }
}

/// An error as a person reads it in a report: the field and what is wrong with it.
fn reason(e: &AppError) -> String {
    match e {
        AppError::Validation(fields) => fields.iter().map(|f| format!("{}: {}", f.field, f.code.replace('_', " "))).collect::<Vec<_>>().join("; "),
        AppError::Conflict(m) | AppError::BadRequest(m) => m.clone(),
        AppError::NotFound => "not found".into(),
        other => other.to_string(),
    }
}

fn yes_no(row: &Row, column: &str, default: bool) -> Result<bool, AppError> {
    match row.get(column).trim().to_ascii_lowercase().as_str() {
        "" => Ok(default),
        "yes" | "y" | "true" | "1" => Ok(true),
        "no" | "n" | "false" | "0" => Ok(false),
        _ => Err(AppError::invalid(column, "yes_or_no")),
    }
}

fn external_id(row: &Row) -> Result<String, AppError> {
    let id = row.get("external_id").trim();
    if id.is_empty() || id.chars().count() > 100 || id.chars().any(char::is_control) {
        return Err(AppError::invalid("external_id", "required"));
    }
    Ok(id.to_string())
}

/// The client a row names by its external id.
async fn client_of(conn: &mut AnyConnection, row: &Row) -> Result<i64, AppError> {
    let id: Option<i64> = sqlx::query_scalar("SELECT id FROM clients WHERE external_id = $1").bind(row.get("client").trim()).fetch_optional(conn).await.or_db()?;
    id.ok_or_else(|| AppError::invalid("client", "unknown_client"))
}

async fn client_row(conn: &mut AnyConnection, row: &Row) -> Result<Done, AppError> {
    let ext = external_id(row)?;
    let input = check_client(&ClientInput {
        name: row.get("name").into(),
        email: row.get("email").into(),
        address: row.get("address").into(),
        tax_id: row.get("tax_id").into(),
        phone: row.get("phone").into(),
    })?;
    let existing: Option<i64> = sqlx::query_scalar("SELECT id FROM clients WHERE external_id = $1").bind(&ext).fetch_optional(&mut *conn).await.or_db()?;
    match existing {
        Some(id) if details(conn, id).await? == input => Ok(Done::Unchanged),
        Some(id) => {
            set_details(conn, id, &input).await?;
            Ok(Done::Updated)
        }
        None => {
            let id = crate::clients::create_client(&mut *conn, &input.name, &input.email).await?;
            set_details(&mut *conn, id, &input).await?;
            sqlx::query("UPDATE clients SET external_id = $1 WHERE id = $2").bind(&ext).bind(id).execute(&mut *conn).await.or_db()?;
            Ok(Done::Created)
        }
    }
}

async fn person_row(conn: &mut AnyConnection, mail: &Mailer, row: &Row, by: Option<i64>) -> Result<Done, AppError> {
    let ext = external_id(row)?;
    let client_id = client_of(conn, row).await?;
    let permissions = Permissions { billing: yes_no(row, "billing", true)?, documents: yes_no(row, "documents", true)?, client_admin: yes_no(row, "client_admin", false)? };
    let name = crate::auth::users::check_name("name", row.get("name"))?;
    let existing: Option<(i64, i64, String, i64, i64, i64)> =
        sqlx::query_as("SELECT id, client_id, name, can_billing, can_documents, client_admin FROM users WHERE external_id = $1").bind(&ext).fetch_optional(&mut *conn).await.or_db()?;
    match existing {
        Some((_, other, ..)) if other != client_id => Err(AppError::invalid("client", "person_of_another_client")),
        Some((id, _, old_name, b, d, a)) => {
            let old = Permissions { billing: b != 0, documents: d != 0, client_admin: a != 0 };
            if old_name == name && old == permissions {
                return Ok(Done::Unchanged);
            }
            sqlx::query("UPDATE users SET name = $1, can_billing = $2, can_documents = $3, client_admin = $4 WHERE id = $5")
                .bind(&name)
                .bind(permissions.billing as i64)
                .bind(permissions.documents as i64)
                .bind(permissions.client_admin as i64)
                .bind(id)
                .execute(&mut *conn)
                .await
                .or_db()?;
            Ok(Done::Updated)
        }
        None => {
            let invite = crate::clients::people::invite_on(&mut *conn, mail, client_id, &name, row.get("email"), permissions, by).await?;
            sqlx::query("UPDATE users SET external_id = $1 WHERE id = $2").bind(&ext).bind(invite.user_id).execute(&mut *conn).await.or_db()?;
            Ok(Done::Created)
        }
    }
}

/// An invoice is the rows that share an external id (its lines), in file order.
async fn invoice_rows(conn: &mut AnyConnection, rows: &[&Row]) -> Result<Done, AppError> {
    let first = rows[0];
    let ext = external_id(first)?;
    let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM invoices WHERE external_id = $1").bind(&ext).fetch_optional(&mut *conn).await.or_db()?;
    if exists.is_some() {
        return Ok(Done::Unchanged);
    }
    let status = match first.get("status").trim() {
        "" | "open" => InvoiceStatus::Open,
        "draft" => InvoiceStatus::Draft,
        _ => return Err(AppError::invalid("status", "draft_or_open")),
    };
    let draft = InvoiceDraft {
        client_id: client_of(conn, first).await?,
        number: first.get("number").into(),
        issue_date: first.get("issue_date").into(),
        due_date: first.get("due_date").into(),
        currency: first.get("currency").into(),
        notes: first.get("notes").into(),
        lines: rows.iter().map(|r| DraftLine { description: r.get("description").into(), quantity: r.get("quantity").into(), unit_price: r.get("unit_price").into(), tax_rate: r.get("tax_rate").into() }).collect(),
    };
    let mut new = crate::invoices::repo::drafts::validate_draft(&draft)?;
    new.status = status;
    let id = crate::invoices::repo::drafts::create_invoice(&mut *conn, new).await?;
    sqlx::query("UPDATE invoices SET external_id = $1 WHERE id = $2").bind(&ext).bind(id).execute(&mut *conn).await.or_db()?;
    Ok(Done::Created)
}

/// Reads the file into rows, and the rows that cannot be read; a file whose first line is not
/// the right columns is one error on line 1.
fn read(kind: Kind, data: &[u8]) -> Result<(Vec<Row>, Vec<RowError>), RowError> {
    let refuse = |line: u64, reason: String| RowError { line, reason };
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(data);
    let headers: Vec<String> = reader.headers().map_err(|e| refuse(1, format!("the file cannot be read as CSV: {e}")))?.iter().map(|h| h.trim_start_matches('\u{feff}').to_ascii_lowercase()).collect();
    let (known, required) = kind.columns();
    if let Some(unknown) = headers.iter().find(|h| !known.contains(&h.as_str())) {
        return Err(refuse(1, format!("unknown column {unknown:?}; the columns are {}", known.join(", "))));
    }
    if let Some(missing) = required.iter().find(|r| !headers.iter().any(|h| h == *r)) {
        return Err(refuse(1, format!("the column {missing:?} is missing")));
    }
    let (mut rows, mut unreadable) = (Vec::new(), Vec::new());
    for record in reader.records() {
        match record {
            Ok(record) => {
                let line = record.position().map_or(0, |p| p.line());
                rows.push(Row { line, fields: headers.iter().cloned().zip(record.iter().map(str::to_string)).collect() });
            }
            Err(e) => unreadable.push(refuse(e.position().map_or(0, |p| p.line()), format!("this row cannot be read: {e}"))),
        }
    }
    Ok((rows, unreadable))
}

/// Imports (or, `dry_run`, only checks) a file in one transaction; `progress` is told how many
/// rows are done. Refused rows leave nothing behind.
pub async fn run(db: &Db, mail: &Mailer, kind: Kind, data: &[u8], dry_run: bool, by: Option<i64>, progress: &(dyn Fn(u64, u64) + Sync)) -> Result<Outcome, AppError> {
    let (rows, unreadable) = match read(kind, data) {
        Ok(read) => read,
        Err(e) => return Ok(Outcome { errors: vec![e], ..Default::default() }),
    };
    // Invoices: the rows of one invoice together, in the order each first appears.
    let groups: Vec<Vec<&Row>> = if kind == Kind::Invoices {
        let mut order: Vec<String> = Vec::new();
        let mut by_id: HashMap<String, Vec<&Row>> = HashMap::new();
        for r in &rows {
            let id = r.get("external_id").trim().to_string();
            if !by_id.contains_key(&id) {
                order.push(id.clone());
            }
            by_id.entry(id).or_default().push(r);
        }
        order.into_iter().map(|id| by_id.remove(&id).unwrap_or_default()).collect()
    } else {
        rows.iter().map(|r| vec![r]).collect()
    };
    let mut out = Outcome { rows: (rows.len() + unreadable.len()) as i64, errors: unreadable, ..Default::default() };
    let total = rows.len() as u64;
    let mut done_rows = 0u64;
    let mut tx = db.begin_write().await.or_db()?;
    for group in &groups {
        let mut savepoint = crate::db::begin_write(&mut tx).await.or_db()?;
        let result = match kind {
            Kind::Clients => client_row(&mut savepoint, group[0]).await,
            Kind::People => person_row(&mut savepoint, mail, group[0], by).await,
            Kind::Invoices => invoice_rows(&mut savepoint, group).await,
        };
        match result {
            Ok(done) => {
                savepoint.commit().await.or_db()?;
                match done {
                    Done::Created => out.created += 1,
                    Done::Updated => out.updated += 1,
                    Done::Unchanged => out.unchanged += 1,
                }
            }
            Err(e) => {
                savepoint.rollback().await.or_db()?;
                out.errors.push(RowError { line: group[0].line, reason: reason(&e) });
            }
        }
        done_rows += group.len() as u64;
        progress(done_rows, total);
    }
    out.errors.sort_by_key(|e| e.line);
    if dry_run || !out.errors.is_empty() {
        tx.rollback().await.or_db()?;
    } else {
        tx.commit().await.or_db()?;
        out.applied = true;
    }
    Ok(out)
}

/// Imports or checks a file and keeps its report (the staff page shows it); audited by the
/// caller.
pub async fn run_and_keep(db: &Db, mail: &Mailer, kind: Kind, file_name: &str, data: &[u8], dry_run: bool, by: Option<i64>, progress: &(dyn Fn(u64, u64) + Sync)) -> Result<ImportReport, AppError> {
    let outcome = run(db, mail, kind, data, dry_run, by, progress).await?;
    repo::keep(db, kind, file_name, dry_run, &outcome, by).await
}
