//! Invoice PDFs and statements (PDF, CSV) as plain downloads, scoped by who is asking.

use app::audit::action::Action;
use crate::audit::RequestMeta;
use crate::http::error::{require_identity, HttpError};
use crate::AppState;
use app::error::AppError;
use app::i18n::Locale;
use app::model::{Capability, Identity};
use app::services::{today, AuditEntry, Scope};
use crate::http::files::attachment;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::Extension;
use serde::Deserialize;


/// At most `permits` jobs at once; a caller that waits longer than `wait` for a turn is told the
/// server is busy (503) instead of piling up blocking threads.
pub struct Bounded {
    permits: tokio::sync::Semaphore,
    wait: std::time::Duration,
}

impl Bounded {
    pub fn new(permits: usize, wait: std::time::Duration) -> Self {
        Self { permits: tokio::sync::Semaphore::new(permits), wait }
    }

    pub async fn run_blocking<T: Send + 'static>(&self, f: impl FnOnce() -> T + Send + 'static) -> Result<T, AppError> {
        let _turn = tokio::time::timeout(self.wait, self.permits.acquire()).await.map_err(|_| AppError::Busy)?.map_err(|_| AppError::Internal)?;
        tokio::task::spawn_blocking(f).await.map_err(|_| AppError::Internal)
    }
}

/// PDF rendering: one per core at a time, five seconds' wait at most.
async fn render<F>(f: F) -> Result<Vec<u8>, HttpError>
where
    F: FnOnce() -> Result<Vec<u8>, printpdf::Error> + Send + 'static,
{
    static RENDERERS: std::sync::OnceLock<Bounded> = std::sync::OnceLock::new();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    RENDERERS.get_or_init(|| Bounded::new(cores, std::time::Duration::from_secs(5))).run_blocking(f).await?.map_err(|e| {
        tracing::error!(error = %e, "PDF rendering failed");
        HttpError(AppError::Internal)
    })
}

pub async fn invoice_pdf(
    State(state): State<AppState>,
    identity: Option<Extension<Identity>>,
    meta: RequestMeta,
    Extension(l): Extension<Locale>,
    Path(id): Path<String>,
) -> Result<Response, HttpError> {
    let who = require_identity(identity)?;
    let found = match (id.parse::<i64>(), Scope::of(&who, Capability::Billing)) {
        (Ok(id), Some(scope)) => state.services.invoices.get(scope, id, today()).await,
        _ => Err(AppError::NotFound),
    };
    // Another client's invoice, one that is missing and one the person may not see all answer
    // 404, and are recorded as refused.
    let invoice = match found {
        Err(AppError::NotFound) => {
            state.services.audit.record(meta.event(Some(&who), AuditEntry::denied(who.client_id, "invoice", id.chars().take(40).collect()))).await;
            return Err(HttpError(AppError::NotFound));
        }
        other => other?,
    };
    let id = invoice.summary.id;
    crate::audit::record(&state, &who, meta, Action::InvoicePdfDownloaded, Some(invoice.summary.client_id), ("invoice", id.to_string(), invoice.summary.number.clone())).await;
    let head = letterhead(&state).await?;
    let name = format!("{}.pdf", invoice.summary.number);
    let billed = state.services.clients.details(invoice.summary.client_id).await?;
    let bytes = render(move || crate::pdf::invoice_pdf(&head, &invoice, &billed, l)).await?;
    Ok(attachment(bytes, "application/pdf", &name))
}

/// The firm's name, colour and logo as they are now.
async fn letterhead(state: &AppState) -> Result<crate::pdf::Letterhead, AppError> {
    let brand = state.services.brand.current();
    let logo = match brand.logo {
        Some(_) => state.services.brand.logo().await?.map(|(_, bytes)| bytes),
        None => None,
    };
    Ok(crate::pdf::Letterhead { name: brand.name, colour: brand.colour, logo })
}

#[derive(Deserialize)]
pub struct Period {
    from: Option<String>,
    to: Option<String>,
    /// Staff only: whose statement.
    client: Option<i64>,
}

async fn load_statement(state: &AppState, who: &Identity, p: &Period) -> Result<app::invoices::statement::Statement, HttpError> {
    let client_id = match Scope::of(who, Capability::Billing) {
        Some(Scope::Client(id)) => id,
        Some(Scope::Staff) => p.client.ok_or(HttpError(AppError::invalid("client", "unknown_client")))?,
        None => return Err(HttpError(AppError::Forbidden)),
    };
    let (from, to) = app::invoices::api::statement_period(p.from.as_deref().unwrap_or(""), p.to.as_deref().unwrap_or(""))?;
    Ok(state.services.invoices.statement(client_id, from, to).await?)
}

fn statement_name(st: &app::invoices::statement::Statement, ext: &str) -> String {
    format!("statement-{}-{}.{ext}", app::util::iso(st.from), app::util::iso(st.to))
}

pub async fn statement_pdf(
    State(state): State<AppState>,
    identity: Option<Extension<Identity>>,
    meta: RequestMeta,
    Extension(l): Extension<Locale>,
    Query(p): Query<Period>,
) -> Result<Response, HttpError> {
    let who = require_identity(identity)?;
    let st = load_statement(&state, &who, &p).await?;
    let client_id = Some(st.client_id);
    crate::audit::record(&state, &who, meta, Action::StatementDownloaded, client_id, ("statement", "pdf".into(), statement_name(&st, "pdf"))).await;
    let head = letterhead(&state).await?;
    let name = statement_name(&st, "pdf");
    let billed = state.services.clients.details(st.client_id).await?;
    let bytes = render(move || crate::pdf::statement_pdf(&head, &st, &billed, l)).await?;
    Ok(attachment(bytes, "application/pdf", &name))
}

pub async fn statement_csv(
    State(state): State<AppState>,
    identity: Option<Extension<Identity>>,
    meta: RequestMeta,
    Query(p): Query<Period>,
) -> Result<Response, HttpError> {
    let who = require_identity(identity)?;
    let st = load_statement(&state, &who, &p).await?;
    let client_id = Some(st.client_id);
    crate::audit::record(&state, &who, meta, Action::StatementDownloaded, client_id, ("statement", "csv".into(), statement_name(&st, "csv"))).await;
    let csv = super::statement::statement_csv(&st);
    Ok(attachment(csv.into_bytes(), "text/csv; charset=utf-8", &statement_name(&st, "csv")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    use std::time::Duration;

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn renderings_are_bounded_and_a_long_wait_is_told_it_is_busy() {
        let limit = Arc::new(Bounded::new(2, Duration::from_millis(200)));
        let running = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let jobs: Vec<_> = (0..8)
            .map(|_| {
                let (running, most, limit) = (running.clone(), most.clone(), limit.clone());
                tokio::spawn(async move {
                    limit
                        .run_blocking(move || {
                            most.fetch_max(running.fetch_add(1, Ordering::SeqCst) + 1, Ordering::SeqCst);
                            std::thread::sleep(Duration::from_millis(150));
                            running.fetch_sub(1, Ordering::SeqCst);
                        })
                        .await
                })
            })
            .collect();
        let mut busy = 0;
        for j in jobs {
            if j.await.unwrap() == Err(AppError::Busy) {
                busy += 1;
            }
        }
        assert_eq!(most.load(Ordering::SeqCst), 2, "never more than two at once");
        assert!(busy >= 2, "those that would wait too long are told the server is busy: {busy}");
    }
}
