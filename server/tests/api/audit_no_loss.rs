//! No audit event is lost: not during a database outage (requests wait when the queue is full),
//! and not on a clean shutdown (SIGTERM waits until every event is stored and sealed).

use crate::audit_seal::sample_row;
use crate::helpers::*;
use server::audit::AuditWriter;
use server::db::Db;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

/// Keeps audit inserts from happening while reads go on: an exclusive write lock on SQLite, a
/// table lock on PostgreSQL. Dropping the connection's transaction lifts it.
struct WriteLock(sqlx::pool::PoolConnection<sqlx::Any>);

impl WriteLock {
    async fn take(db: &Db) -> Self {
        let mut conn = db.pool.acquire().await.unwrap();
        let sql: &[&str] = match db.backend {
            server::db::Backend::Sqlite => &["BEGIN EXCLUSIVE"],
            server::db::Backend::Postgres => &["BEGIN", "LOCK TABLE audit_events IN EXCLUSIVE MODE"],
        };
        for s in sql {
            sqlx::query(s).execute(&mut *conn).await.unwrap();
        }
        Self(conn)
    }

    async fn release(mut self) {
        sqlx::query("COMMIT").execute(&mut *self.0).await.unwrap();
    }
}

/// A TCP proxy in front of PostgreSQL that can play dead: while down it cuts every open
/// connection and refuses new ones, as a crashed or restarting database server would.
struct Proxy {
    down: watch::Sender<bool>,
    url: String,
}

impl Proxy {
    async fn start(url: &str) -> Self {
        let at = url.rfind('@').unwrap();
        let slash = at + url[at..].find('/').unwrap();
        let upstream = url[at + 1..slash].to_string();
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (down, _) = watch::channel(false);
        let state = down.clone();
        tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                let mut down = state.subscribe();
                if *down.borrow() {
                    continue; // dropped: connection refused, as it were
                }
                let upstream = upstream.clone();
                tokio::spawn(async move {
                    let Ok(mut outbound) = TcpStream::connect(&upstream).await else { return };
                    tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound) => {}
                        _ = down.wait_for(|d| *d) => {}
                    }
                });
            }
        });
        Self { down, url: format!("{}{addr}{}", &url[..at + 1], &url[slash..]) }
    }
}

async fn count_test_events(db: &Db) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'test.event'").fetch_one(&db.pool).await.unwrap()
}

#[tokio::test]
async fn a_30_second_database_outage_loses_no_event_and_requests_wait_when_the_queue_is_full() {
    let app = spawn_app().await;
    // More than the queue plus the one batch the writer holds while it retries (500).
    const EVENTS: usize = 1500;
    const QUEUE: usize = 50;
    let start = Instant::now();
    // PostgreSQL: the writer's connections go through a proxy that goes down. SQLite: the file
    // is locked against writes (the closest an embedded database comes to an outage).
    let (writer_db, proxy, lock) = if is_postgres(&app) {
        let proxy = Proxy::start(&app.url).await;
        let db = Db::connect(&proxy.url).await.unwrap();
        sqlx::query("SELECT 1").execute(&db.pool).await.unwrap();
        proxy.down.send_replace(true);
        (db, Some(proxy), None)
    } else {
        (app.db.clone(), None, Some(WriteLock::take(&app.db).await))
    };
    let writer = Arc::new(AuditWriter::start(writer_db, QUEUE));
    let requests: Vec<_> = (0..EVENTS)
        .map(|i| {
            let writer = writer.clone();
            tokio::spawn(async move { writer.record_row(sample_row(0, i)).await })
        })
        .collect();
    tokio::time::sleep(Duration::from_secs(3)).await;
    let finished = requests.iter().filter(|r| r.is_finished()).count();
    assert!(finished < EVENTS, "with the database down and the queue full, requests wait ({finished} finished)");
    assert!(finished >= QUEUE, "the queue takes events while the database is down ({finished} finished)");
    tokio::time::sleep(Duration::from_secs(30).saturating_sub(start.elapsed())).await;
    assert_eq!(count_test_events(&app.db).await, 0, "nothing could be written during the outage");
    match (proxy, lock) {
        (Some(proxy), _) => {
            proxy.down.send_replace(false);
        }
        (_, Some(lock)) => lock.release().await,
        _ => unreachable!(),
    }
    for r in requests {
        tokio::time::timeout(Duration::from_secs(60), r).await.expect("requests continue once the database is back").unwrap();
    }
    writer.flush().await;
    assert_eq!(count_test_events(&app.db).await, EVENTS as i64, "every event stored");
    let ids: Vec<String> = sqlx::query_scalar("SELECT target_id FROM audit_events WHERE action = 'test.event'").fetch_all(&app.db.pool).await.unwrap();
    let unique: std::collections::HashSet<_> = ids.iter().collect();
    assert_eq!(unique.len(), EVENTS, "each event once");
}

#[tokio::test]
async fn sigterm_stores_and_seals_every_event_before_the_server_exits() {
    let app = spawn_app().await;
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let data_dir = std::env::temp_dir().join(format!("portico_sigterm_{}", uuid::Uuid::new_v4().simple()));
    let mut server = std::process::Command::new(env!("CARGO_BIN_EXE_portico"))
        .env("PORTICO_DATABASE_URL", &app.url)
        .env("PORTICO_DATA_DIR", &data_dir)
        .env("PORTICO_AUDIT_KEY", hex::encode(test_key().to_bytes()))
        .env("PORTICO_LOG", "warn")
        .args(["serve", "--addr", &format!("127.0.0.1:{port}"), "--audit-seal-seconds", "3600"])
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let http = browser();
    let deadline = Instant::now() + Duration::from_secs(30);
    while http.get(format!("{base}/healthz")).send().await.is_err() {
        assert!(Instant::now() < deadline, "server did not start");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let login = http.post(format!("{base}/api/login")).form(&[("email", ANA), ("password", PASSWORD)]).send().await.unwrap();
    assert_eq!(login.status(), reqwest::StatusCode::OK);

    // Events can only wait in the server's memory now.
    let lock = WriteLock::take(&app.db).await;
    let id = app.id_of_invoice("INV-2026-0131").await.to_string();
    for _ in 0..50 {
        let res = http.post(format!("{base}/api/invoice")).header("accept", "application/json").form(&[("id", id.as_str())]).send().await.unwrap();
        assert_eq!(res.status(), reqwest::StatusCode::OK);
    }
    assert!(std::process::Command::new("kill").args(["-TERM", &server.id().to_string()]).status().unwrap().success());
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(server.try_wait().unwrap().is_none(), "the server waits for its audit events");
    lock.release().await;
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = server.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "server did not stop");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(status.success());
    let views: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'invoice.viewed' AND actor_email = $1")
        .bind(ANA)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(views, 50, "every view stored");
    let report = server::audit::verify(&app.db, &test_key().verifying_key()).await.unwrap();
    assert_eq!(report.unsealed, 0, "and sealed before exit");
    let _ = std::fs::remove_dir_all(&data_dir);
}

#[tokio::test]
async fn an_event_the_database_refuses_does_not_hold_up_the_others() {
    let app = spawn_app().await;
    let writer = AuditWriter::start(app.db.clone(), 16);
    writer.record_row(sample_row(0, 1)).await;
    writer.record_row(server::audit::event::EventRow { outcome: "bogus".into(), ..sample_row(0, 2) }).await;
    writer.record_row(sample_row(0, 3)).await;
    tokio::time::timeout(Duration::from_secs(30), writer.flush()).await.expect("nothing is stuck behind the refused event");
    let stored: Vec<String> = sqlx::query_scalar("SELECT target_id FROM audit_events WHERE action = 'test.event' ORDER BY id").fetch_all(&app.db.pool).await.unwrap();
    assert_eq!(stored, vec!["1", "3"]);
    let note: String = sqlx::query_scalar("SELECT details FROM audit_events WHERE action = 'audit.event_rejected'").fetch_one(&app.db.pool).await.unwrap();
    assert!(note.contains("test.event"));

    // Text PostgreSQL cannot store (a NUL) never reaches the database: a sign-in attempt with
    // one is recorded like any other.
    app.login(&browser(), "ana\u{0}@northwind.example", "whatever it is").await;
    app.flush_audit().await;
    let emails: Vec<String> = sqlx::query_scalar("SELECT actor_email FROM audit_events WHERE action = 'auth.login.failed'").fetch_all(&app.db.pool).await.unwrap();
    assert_eq!(emails, vec!["ana@northwind.example"]);
}
