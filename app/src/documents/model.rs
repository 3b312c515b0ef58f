use serde::{Deserialize, Serialize};
use time::Date;

/// Folders a document can be filed in. "From client" holds what clients upload.
pub const FOLDERS: [&str; 5] = ["Contracts", "Tax forms", "Reports", "Correspondence", FROM_CLIENT];
pub const FROM_CLIENT: &str = "From client";

/// A folder's name in the reader's language (the stored name is the English one).
pub fn folder_label(folder: &str) -> String {
    use crate::i18n::{t, Key};
    let key = match folder {
        "Contracts" => Key::FolderContracts,
        "Tax forms" => Key::FolderTaxForms,
        "Reports" => Key::FolderReports,
        "Correspondence" => Key::FolderCorrespondence,
        FROM_CLIENT => Key::FolderFromClient,
        other => return other.to_string(),
    };
    t(key).to_string()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentSummary {
    pub id: i64,
    pub client_id: i64,
    pub folder: String,
    pub title: String,
    /// The latest version's file name, as the uploader named it.
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub version: i64,
    pub updated_on: Date,
    /// Unix seconds of the latest version (for sorting).
    pub updated_at: i64,
    /// The asking user has never opened it.
    pub is_new: bool,
    pub from_client: bool,
    /// Deleted, restorable until this date (staff only).
    pub deleted_until: Option<Date>,
    /// Staff lists only: how often the client's users opened it.
    #[serde(default)]
    pub receipt: Option<crate::audit::model::Receipt>,
}

impl DocumentSummary {
    /// PDFs and images can be shown inline; everything else is only downloaded.
    pub fn previewable(&self) -> bool {
        previewable(&self.content_type)
    }
}

pub fn previewable(content_type: &str) -> bool {
    matches!(content_type, "application/pdf" | "image/png" | "image/jpeg" | "image/gif" | "image/webp")
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentVersion {
    pub version: i64,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub uploaded_on: Date,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentDetail {
    pub summary: DocumentSummary,
    pub versions: Vec<DocumentVersion>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocSort {
    #[default]
    Date,
    Name,
    Size,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DocumentFilter {
    pub folder: Option<String>,
    pub q: String,
    pub sort: DocSort,
    /// Keyset: the page starts after this document in the chosen order.
    pub after: Option<i64>,
}

impl DocumentFilter {
    /// The page URL's query, starting after `after` (the first page when `None`).
    pub fn to_query(&self, after: Option<i64>) -> String {
        let mut parts = Vec::new();
        if let Some(folder) = &self.folder {
            parts.push(format!("folder={}", crate::util::urlencode(folder)));
        }
        if !self.q.is_empty() {
            parts.push(format!("q={}", crate::util::urlencode(&self.q)));
        }
        match self.sort {
            DocSort::Date => {}
            DocSort::Name => parts.push("sort=name".into()),
            DocSort::Size => parts.push("sort=size".into()),
        }
        if let Some(a) = after {
            parts.push(format!("after={a}"));
        }
        if parts.is_empty() { String::new() } else { format!("?{}", parts.join("&")) }
    }
}

/// Documents (and document requests) per page.
pub const DOC_PAGE_SIZE: usize = 50;

/// A page of a client's document requests, open ones first, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestPage {
    pub items: Vec<DocumentRequest>,
    /// The `after` of the next page, if there is one.
    pub next: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentPage {
    pub items: Vec<DocumentSummary>,
    /// The `after` of the next page, if there is one.
    pub next: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentRequest {
    pub id: i64,
    pub client_id: i64,
    pub title: String,
    pub description: String,
    pub due_date: Option<Date>,
    pub fulfilled: bool,
    pub overdue: bool,
}

/// Human size: "12.4 KB", "3.1 MB".
pub fn human_size(bytes: i64) -> String {
    const UNITS: [&str; 4] = ["B", "KB", "MB", "GB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 { format!("{bytes} B") } else { format!("{value:.1} {}", UNITS[unit]) }
}
