//! The two servers `server/bench/run` measures Portico against, on the same database:
//!
//! - `baseline ADDR`: the ceiling of this stack. A bare axum + sqlx handler at
//!   `GET /invoices?client=ID` runs the client invoice list's query (first page, newest first)
//!   and writes the same table as HTML; no session, no audit event, no Leptos.
//! - `no-audit ADDR`: Portico itself, with every audit event dropped instead of recorded, so
//!   that the trail's cost is the ratio of the two.
//! - `answer-first ADDR`: Portico with the audit trail as it was before group commit: events
//!   are handed to the same writer but the request is answered without waiting for its event to
//!   be committed (the invoice list's p50/p99 before and after group commit, in one run).
//!
//! Flags and `PORTICO_*` variables are those of `portico serve`.
//!
//!     cargo run --release -p server --example bench_servers -- baseline --addr 127.0.0.1:3101

use app::services::{AuditEvent, AuditLog};
use async_trait::async_trait;
use axum::extract::{Query, State};
use axum::response::Html;
use axum::routing::get;
use server::config::{Config, DbArgs, ServeArgs, StorageArgs};
use server::db::Db;
use std::collections::HashMap;
use std::fmt::Write;
use std::sync::Arc;

struct NoAudit;

#[async_trait]
impl AuditLog for NoAudit {
    async fn record(&self, _: AuditEvent) {}
}

/// Answers before the event is committed: the event goes to the real writer from a task of
/// its own, as the trail worked before group commit.
struct AnswerFirst(Arc<dyn AuditLog>);

#[async_trait]
impl AuditLog for AnswerFirst {
    async fn record(&self, event: AuditEvent) {
        let log = self.0.clone();
        tokio::spawn(async move { log.record(event).await });
    }

    async fn flush(&self) {
        self.0.flush().await;
    }
}

/// The client invoice list's query, as `invoices::repo::reads::list` builds it without filters.
const LIST: &str = "SELECT i.id, i.number, i.client_id, c.name AS client_name, i.issue_date, i.due_date, \
     i.status, i.currency, i.total_minor, i.paid_minor FROM invoices i JOIN clients c ON c.id = i.client_id \
     WHERE i.client_id = $1 AND i.status <> 'draft' ORDER BY i.issue_date DESC, i.id DESC LIMIT 26";

type Row = (i64, String, i64, String, String, String, String, String, i64, i64);

async fn list(State(db): State<Db>, Query(q): Query<HashMap<String, i64>>) -> Html<String> {
    let client = q.get("client").copied().unwrap_or(0);
    let rows: Vec<Row> = sqlx::query_as(LIST).bind(client).fetch_all(&db.pool).await.unwrap_or_default();
    let mut html = String::from("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Invoices</title></head><body><main><h1>Invoices</h1><table><thead><tr><th>Number</th><th>Issued</th><th>Due</th><th>Status</th><th>Total</th><th>Amount due</th></tr></thead><tbody>");
    for (id, number, _, _, issued, due, status, currency, total, paid) in rows.iter().take(25) {
        let _ = write!(
            html,
            "<tr><td><a href=\"/invoices/{id}\">{}</a></td><td>{issued}</td><td>{due}</td><td>{status}</td><td>{currency} {}.{:02}</td><td>{currency} {}.{:02}</td></tr>",
            html_escape::encode_text(number),
            total / 100,
            total % 100,
            (total - paid) / 100,
            (total - paid) % 100
        );
    }
    html.push_str("</tbody></table></main></body></html>");
    Html(html)
}

/// The same flags and `PORTICO_*` variables as `portico serve`, after the mode.
#[derive(clap::Parser)]
struct Cli {
    /// `baseline`, `no-audit` or `answer-first`.
    mode: String,
    #[command(flatten)]
    db: DbArgs,
    #[command(flatten)]
    storage: StorageArgs,
    #[command(flatten)]
    serve: ServeArgs,
}

#[tokio::main]
async fn main() -> Result<(), String> {
    let cli = <Cli as clap::Parser>::parse();
    let db = Db::connect(&cli.db.url()).await.map_err(|e| e.to_string())?;
    let listener = tokio::net::TcpListener::bind(cli.serve.addr).await.map_err(|e| e.to_string())?;
    let router = match cli.mode.as_str() {
        "baseline" => axum::Router::new().route("/invoices", get(list)).with_state(db),
        "no-audit" | "answer-first" => {
            let config = Config::from_args(&cli.serve, &cli.db.data_dir)?;
            let storage = cli.storage.open(&cli.db.data_dir)?;
            let mut state = server::AppState::new(db, config, storage).await.map_err(|e| e.to_string())?;
            state.services.audit = if cli.mode == "no-audit" { Arc::new(NoAudit) } else { Arc::new(AnswerFirst(state.services.audit.clone())) };
            server::http::router(state)
        }
        other => return Err(format!("unknown mode {other}: baseline, no-audit or answer-first")),
    };
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    server::http::serve::serve(listener, router, std::time::Duration::from_secs(30), shutdown).await.map_err(|e| e.to_string())
}
