//! CSV import of clients, people and invoices from the firm's other system: staff upload a file
//! at `/staff/import` (or run `portico import`), check it (every bad row with its line and why),
//! then import it, all or nothing. Each record's `external_id` makes a second import of the same
//! file find what the first made.

pub mod pages;

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What can be imported, and the columns of each file (`*`: required).
pub const KINDS: [(&str, &str); 3] = [
    ("clients", "external_id*, name*, email, address, tax_id, phone"),
    ("people", "external_id*, client*, name*, email*, billing, documents, client_admin"),
    ("invoices", "external_id*, client*, number*, issue_date*, due_date*, currency*, status, notes, description*, quantity*, unit_price*, tax_rate"),
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    /// The line of the file (the header is line 1).
    pub line: u64,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    pub id: i64,
    pub kind: String,
    pub file_name: String,
    /// Only checked: nothing was written.
    pub dry_run: bool,
    /// The rows were written (never when a row was refused).
    pub applied: bool,
    pub rows: i64,
    pub created: i64,
    pub updated: i64,
    pub unchanged: i64,
    pub errors: Vec<RowError>,
    pub imported_by: Option<String>,
    /// Unix seconds.
    pub imported_at: i64,
}

#[cfg(feature = "ssr")]
pub mod service {
    use super::ImportReport;
    use crate::error::AppError;

    #[async_trait::async_trait]
    pub trait ImportService: Send + Sync {
        /// The latest imports and checks, newest first.
        async fn reports(&self, limit: i64) -> Result<Vec<ImportReport>, AppError>;
        async fn report(&self, id: i64) -> Result<ImportReport, AppError>;
    }
}

#[server(endpoint = "staff/imports")]
pub async fn import_reports(#[server(default)] shown: Option<i64>) -> Result<(Option<ImportReport>, Vec<ImportReport>), AppError> {
    use crate::services::*;
    require_staff()?;
    let s = services()?;
    let shown = match shown {
        Some(id) => Some(s.imports.report(id).await?),
        None => None,
    };
    Ok((shown, s.imports.reports(20).await?))
}
