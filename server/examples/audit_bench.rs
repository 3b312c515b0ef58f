//! Audit trail costs, measured in one run:
//! 1. events/s the writer sustains (200,000 events from 500 concurrent tasks, each waiting
//!    for its commit), then sealing
//!    and verifying them, on SQLite and, when `PORTICO_TEST_DATABASE_URL` is set, PostgreSQL;
//! 2. request throughput of a client opening invoices (each request records one event) with the
//!    trail on against the same router with recording switched off — the ratio is the cost.
//!
//!     cargo run --release -p server --example audit_bench

use app::services::{AuditEvent, AuditLog};
use async_trait::async_trait;
use server::audit::event::EventRow;
use server::audit::{seal_pending, verify, AuditWriter};
use server::config::Config;
use server::db::Db;
use server::documents::storage::{LocalStorage, Storage};
use server::{demo, http, AppState};
use std::sync::Arc;
use std::time::Instant;

const EVENTS: usize = 200_000;
// Each recording waits for its commit (group commit): many concurrent requests fill a batch.
const TASKS: usize = 500;
const REQUESTS: usize = 4000;
const CONCURRENCY: usize = 8;

/// Recording switched off: the baseline.
struct NoAudit;

#[async_trait]
impl AuditLog for NoAudit {
    async fn record(&self, _: AuditEvent) {}
}

fn row(i: usize) -> EventRow {
    EventRow {
        id: 0,
        occurred_at: 1_750_000_000_000_000 + i as i64,
        actor_id: Some(3),
        actor_kind: "client".into(),
        actor_name: "Ana Reyes".into(),
        actor_email: "ana@northwind.example".into(),
        client_id: Some(1),
        action: "invoice.viewed".into(),
        target_type: "invoice".into(),
        target_id: (i % 500).to_string(),
        target_label: format!("INV-2026-{:04}", i % 500),
        outcome: "success".into(),
        source_ip: "203.0.113.24".into(),
        user_agent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15".into(),
        request_id: uuid::Uuid::new_v4().to_string(),
        details: String::new(),
    }
}

async fn fresh_db(name: &str) -> (Db, Option<(String, String)>) {
    match std::env::var("PORTICO_TEST_DATABASE_URL").ok().filter(|u| !u.is_empty() && name == "postgres") {
        Some(admin_url) => {
            let db_name = format!("portico_bench_{}", std::process::id());
            let admin = Db::connect(&admin_url).await.expect("postgres");
            sqlx::query(&format!("CREATE DATABASE {db_name}")).execute(&admin.pool).await.expect("create");
            let url = format!("{}/{db_name}", &admin_url[..admin_url.rfind('/').expect("path")]);
            let db = Db::connect(&url).await.expect("connect");
            db.migrate().await.expect("migrate");
            (db, Some((admin_url, db_name)))
        }
        None => {
            let dir = std::env::temp_dir().join(format!("portico_audit_bench_{name}_{}", std::process::id()));
            let db = Db::connect(&format!("sqlite://{}?mode=rwc", dir.join("bench.db").display())).await.expect("db");
            db.migrate().await.expect("migrate");
            (db, None)
        }
    }
}

async fn writer_throughput(name: &str) {
    let (db, cleanup) = fresh_db(name).await;
    let writer = Arc::new(AuditWriter::start(db.clone(), 10_000));
    let start = Instant::now();
    let tasks: Vec<_> = (0..TASKS)
        .map(|t| {
            let writer = writer.clone();
            tokio::spawn(async move {
                for i in (t..EVENTS).step_by(TASKS) {
                    writer.record_row(row(i)).await;
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.expect("task");
    }
    writer.flush().await;
    let secs = start.elapsed().as_secs_f64();
    let key = ed25519_dalek::SigningKey::from_bytes(&[1u8; 32]);
    let seal_start = Instant::now();
    let digests = seal_pending(&db, &key).await.expect("seal");
    let seal_secs = seal_start.elapsed().as_secs_f64();
    let verify_start = Instant::now();
    let report = verify(&db, &key.verifying_key()).await.expect("verify");
    let verify_secs = verify_start.elapsed().as_secs_f64();
    assert_eq!(report.events as usize, EVENTS);
    println!(
        "{name:>10}: writer {:>8.0} events/s ({EVENTS} events in {secs:.2} s); sealing {:>8.0} events/s ({digests} digests); verify {:>8.0} events/s",
        EVENTS as f64 / secs,
        EVENTS as f64 / seal_secs,
        EVENTS as f64 / verify_secs
    );
    db.pool.close().await;
    if let Some((admin_url, db_name)) = cleanup {
        let admin = Db::connect(&admin_url).await.expect("postgres");
        let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {db_name} WITH (FORCE)")).execute(&admin.pool).await;
    }
}

/// Requests per second for a client opening invoices, with the given audit log.
async fn request_throughput(db: &Db, storage: Arc<dyn Storage>, audit: Option<Arc<dyn AuditLog>>) -> f64 {
    let mut state = AppState::new(db.clone(), Config::for_tests(), storage).await.expect("state");
    if let Some(audit) = audit {
        state.services.audit = audit;
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let router = http::router(state.clone());
    tokio::spawn(async move { axum::serve(listener, router.into_make_service_with_connect_info::<std::net::SocketAddr>()).await });
    let mut same_origin = reqwest::header::HeaderMap::new();
    same_origin.insert("sec-fetch-site", reqwest::header::HeaderValue::from_static("same-origin"));
    let client = reqwest::Client::builder().cookie_store(true).default_headers(same_origin).build().expect("client");
    let res = client
        .post(format!("http://{addr}/api/login"))
        .form(&[("email", "ana@northwind.example"), ("password", demo::DEMO_PASSWORD)])
        .send()
        .await
        .expect("login");
    assert!(res.status().is_success());
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM invoices WHERE client_id = 1 AND status <> 'draft'").fetch_all(&db.pool).await.expect("ids");
    let ids = Arc::new(ids);
    let view = move |i: usize| {
        let (client, ids) = (client.clone(), ids.clone());
        async move {
            let id = ids[i % ids.len()].to_string();
            let res = client.post(format!("http://{addr}/api/invoice")).header("accept", "application/json").form(&[("id", id.as_str())]).send().await.expect("request");
            assert!(res.status().is_success());
            res.bytes().await.expect("body");
        }
    };
    for i in 0..200 {
        view(i).await; // warm up
    }
    let start = Instant::now();
    let tasks: Vec<_> = (0..CONCURRENCY)
        .map(|c| {
            let view = view.clone();
            tokio::spawn(async move {
                for i in (c..REQUESTS).step_by(CONCURRENCY) {
                    view(i).await;
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.expect("task");
    }
    state.services.audit.flush().await;
    REQUESTS as f64 / start.elapsed().as_secs_f64()
}

#[tokio::main]
async fn main() {
    println!("Audit writer, {EVENTS} events from {TASKS} tasks:");
    writer_throughput("sqlite").await;
    if std::env::var("PORTICO_TEST_DATABASE_URL").is_ok_and(|u| !u.is_empty()) {
        writer_throughput("postgres").await;
    } else {
        println!("  postgres: skipped (set PORTICO_TEST_DATABASE_URL)");
    }

    let dir = std::env::temp_dir().join(format!("portico_audit_bench_http_{}", std::process::id()));
    let db = Db::connect(&format!("sqlite://{}?mode=rwc", dir.join("bench.db").display())).await.expect("db");
    db.migrate().await.expect("migrate");
    let storage: Arc<dyn Storage> = Arc::new(LocalStorage::new(&dir.join("documents")).expect("storage"));
    demo::load(&db, storage.as_ref()).await.expect("demo");
    println!("\nInvoice views over HTTP (SQLite, {REQUESTS} requests, {CONCURRENCY} at a time), best of 3:");
    let (mut off, mut on) = (0f64, 0f64);
    for _ in 0..3 {
        off = off.max(request_throughput(&db, storage.clone(), Some(Arc::new(NoAudit))).await);
        on = on.max(request_throughput(&db, storage.clone(), None).await);
    }
    println!("  trail off: {off:>7.0} requests/s");
    println!("  trail on:  {on:>7.0} requests/s");
    println!("  on/off ratio: {:.3}", on / off);
    let _ = std::fs::remove_dir_all(&dir);
}
