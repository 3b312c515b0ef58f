//! Every hot query finds its rows through an index. The pages a firm uses all day, and the
//! background jobs that run meanwhile, go through a fresh instance, and the table statistics must
//! show no sequential scan of a big table: at 1 M invoices and 10 M events it would read them all.
//!
//! Two data sets:
//! - the large one, when `PORTICO_PLANS_DATABASE_URL` (and `PORTICO_PLANS_DATA_DIR`) name the
//!   database and data directory `portico demo --scale large` filled (`make bench` loads them and
//!   runs this test on them first): the planner's own choices at the size the plans are for;
//! - otherwise the demo, in the test run (`PORTICO_TEST_DATABASE_URL`), with sequential scans
//!   priced above anything else (`enable_seqscan = off`): a query that still scans a big table
//!   has no index it could use.
//!
//! PostgreSQL only: SQLite has no such statistics, and production at that size is PostgreSQL.

use crate::helpers::*;
use reqwest::StatusCode;
use server::db::Db;
use server::{http, AppState};
use sqlx::PgPool;
use std::collections::BTreeMap;

/// The tables that grow with a firm's history.
const BIG: &[&str] = &["audit_events", "invoices", "invoice_lines", "payments", "documents", "document_versions", "users", "outbox", "conversations", "messages"];

/// Sequential scans so far per big table (the audit trail's summed over its monthly partitions),
/// counting only relations of at least `min_rows` rows: at the large scale an empty table or
/// this month's young partition is rightly read whole.
async fn seq_scans(db: &PgPool, min_rows: i64) -> BTreeMap<String, i64> {
    let list = BIG.iter().map(|t| format!("'{t}'")).collect::<Vec<_>>().join(", ");
    let table = "CASE WHEN relname LIKE 'audit\\_events\\_%' THEN 'audit_events' ELSE CAST(relname AS TEXT) END";
    sqlx::query_as::<_, (String, i64)>(&format!(
        "SELECT {table}, CAST(SUM(seq_scan) AS BIGINT) FROM pg_stat_user_tables WHERE {table} IN ({list}) AND n_live_tup >= {min_rows} GROUP BY 1"
    ))
        .fetch_all(db)
        .await
        .unwrap()
        .into_iter()
        .collect()
}

/// Waits until no connection but `db`'s own is open on the database: a backend's statistics
/// are written when it ends.
async fn others_gone(db: &sqlx::PgPool) {
    let others = "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()";
    for i in 0..300 {
        let open: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) {others}")).fetch_one(db).await.unwrap();
        if open == 0 {
            return;
        }
        // A connection of a closed pool has been seen to linger idle for good under the whole
        // suite's load: after 10 s, idle ones are ended (which writes their statistics).
        if i == 100 {
            sqlx::query(&format!("SELECT pg_terminate_backend(pid) {others} AND state = 'idle'")).execute(db).await.unwrap();
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let open: Vec<String> = sqlx::query_scalar(&format!("SELECT state || ': ' || left(query, 100) {others}")).fetch_all(db).await.unwrap_or_default();
    panic!("connections to the test database stay open: {open:?}");
}

#[tokio::test]
async fn the_hot_pages_and_jobs_scan_no_big_table() {
    let env = |name| std::env::var(name).ok().filter(|v: &String| !v.is_empty());
    let large = env("PORTICO_PLANS_DATABASE_URL");
    let mut app = match (&large, env("PORTICO_PLANS_DATA_DIR")) {
        (Some(url), Some(dir)) => attach(url, std::path::Path::new(&dir)).await,
        (Some(_), None) => panic!("PORTICO_PLANS_DATA_DIR: the data set's data directory"),
        _ if env("PORTICO_TEST_DATABASE_URL").is_none() => {
            eprintln!("query plans: PostgreSQL only (set PORTICO_TEST_DATABASE_URL)");
            return;
        }
        _ => spawn_app().await,
    };
    // The loading instance lets go of the database; one connection stays to read statistics.
    app.db.pool.close().await;
    let probe = sqlx::postgres::PgPoolOptions::new().max_connections(1).connect(&app.url).await.unwrap();
    let name: String = sqlx::query_scalar("SELECT current_database()::text").fetch_one(&probe).await.unwrap();
    if large.is_none() {
        sqlx::query(&format!("ALTER DATABASE {name} SET enable_seqscan = off")).execute(&probe).await.unwrap();
    }
    others_gone(&probe).await;
    // On the demo every table counts (and scans are priced out); at scale, those of 10,000 rows.
    let min_rows = if large.is_some() { 10_000 } else { 0 };
    let before = seq_scans(&probe, min_rows).await;

    // A fresh instance (on the demo, its connections start with sequential scans priced out).
    let db = Db::connect(&app.url).await.unwrap();
    let state = AppState::new(db.clone(), (*app.state.config).clone(), app.storage.clone()).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    app.base = format!("http://{}", listener.local_addr().unwrap());
    let router = http::router(state.clone());
    let server = tokio::spawn(async move { axum::serve(listener, router.into_make_service_with_connect_info::<std::net::SocketAddr>()).await });
    (app.db, app.state) = (db.clone(), state);

    let ana = app.signed_in(ANA).await;
    let invoice = app.id_of_invoice("INV-2026-0158").await;
    let document: i64 = sqlx::query_scalar("SELECT d.id FROM documents d JOIN clients c ON c.id = d.client_id WHERE c.name = 'Northwind Studio LLC' ORDER BY d.id LIMIT 1")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let ana_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = $1").bind(ANA).fetch_one(&db.pool).await.unwrap();
    let request: i64 = sqlx::query_scalar("SELECT r.id FROM document_requests r JOIN clients c ON c.id = r.client_id WHERE c.name = 'Northwind Studio LLC' ORDER BY r.id LIMIT 1")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let client_pages = [
        "/".to_string(),
        "/invoices".into(),
        "/invoices?status=unpaid&sort=due".into(),
        format!("/invoices/{invoice}"),
        format!("/invoices/{invoice}/pdf"),
        "/statement".into(),
        "/documents".into(),
        format!("/documents?after={document}"),
        format!("/documents?sort=name&after={document}"),
        format!("/documents?sort=size&after={document}"),
        format!("/documents?requests_after={request}"),
        format!("/team?people_after={ana_id}"),
        format!("/documents/{document}/download"),
        "/activity".into(),
        "/messages".into(),
        "/company".into(),
    ];
    for path in &client_pages {
        // A download on S3 is a redirect to the store.
        let status = app.get(&ana, path).await.status();
        assert!(status == StatusCode::OK || (path.ends_with("/download") && status == StatusCode::SEE_OTHER), "{path}: {status}");
    }
    let sam = app.signed_in(SAM).await;
    let northwind: i64 = sqlx::query_scalar("SELECT id FROM clients WHERE name = 'Northwind Studio LLC'").fetch_one(&db.pool).await.unwrap();
    let staff_pages = [
        "/staff/clients".to_string(),
        "/staff/clients?q=north".into(),
        format!("/staff/clients/{northwind}"),
        format!("/staff/clients/{northwind}?documents_after={document}&requests_after={request}&people_after={ana_id}"),
        "/staff/invoices".into(),
        format!("/staff/invoices?client={northwind}"),
        "/staff/audit".into(),
        format!("/staff/audit?client_id={northwind}"),
        "/staff/audit?actor=ana".into(),
        format!("/staff/invoices/{invoice}"),
        "/staff/engagement".into(),
        "/staff/messages".into(),
        "/staff/changes".into(),
        "/staff/messages?q=invoice".into(),
        format!("/staff/engagement?clients_after={northwind}&people_after={ana_id}&invoices_after={invoice}"),
    ];
    for path in &staff_pages {
        assert_eq!(app.get(&sam, path).await.status(), StatusCode::OK, "{path}");
    }
    app.flush_audit().await;
    // The jobs (sealing, mail, reminders) have had their turn meanwhile; then the instance stops.
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    server.abort();
    db.pool.close().await;
    others_gone(&probe).await;

    let after = seq_scans(&probe, min_rows).await;
    // A table with no statistics yet (never touched) counts as never scanned.
    let scans = |m: &BTreeMap<String, i64>, t: &str| m.get(t).copied().unwrap_or(0);
    let scanned: Vec<String> = BIG.iter().map(|t| (t, scans(&after, t) - scans(&before, t))).filter(|(_, n)| *n > 0).map(|(t, n)| format!("{t}: {n}")).collect();
    if large.is_none() {
        sqlx::query(&format!("ALTER DATABASE {name} RESET enable_seqscan")).execute(&probe).await.unwrap();
    }
    assert!(scanned.is_empty(), "sequential scans of big tables: {scanned:?}");
}
