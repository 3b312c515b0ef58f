//! No audit event is lost: not during a database outage (requests wait for their events), not on
//! a clean shutdown (SIGTERM waits until every event is stored and sealed), and not for an
//! answered request when the server is killed (requests wait for their commit).

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
async fn a_30_second_database_outage_loses_no_event_and_requests_wait_for_their_events() {
    let app = spawn_app().await;
    // More than the queue plus the one batch the writer holds while it retries (500): some
    // requests wait for room in the queue, the others for their commit.
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
    assert_eq!(finished, 0, "no request goes on while its event cannot be stored");
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

/// The `portico` binary serving the test's database on a free port, as in production.
struct Server {
    process: std::process::Child,
    base: String,
    data_dir: std::path::PathBuf,
}

impl Server {
    async fn start(app: &TestApp) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let data_dir = std::env::temp_dir().join(format!("portico_process_{}", uuid::Uuid::new_v4().simple()));
        let process = std::process::Command::new(env!("CARGO_BIN_EXE_portico"))
            .env("PORTICO_DATABASE_URL", &app.url)
            .env("PORTICO_DATA_DIR", &data_dir)
            .env("PORTICO_AUDIT_KEY", hex::encode(test_key().to_bytes()))
            .env("PORTICO_LOG", "warn")
            .args(["serve", "--addr", &format!("127.0.0.1:{port}"), "--audit-seal-seconds", "3600"])
            .spawn()
            .unwrap();
        let base = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(30);
        while browser().get(format!("{base}/healthz")).send().await.is_err() {
            assert!(Instant::now() < deadline, "server did not start");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Self { process, base, data_dir }
    }

    async fn signed_in(&self, email: &str) -> reqwest::Client {
        let http = browser();
        let login = http.post(format!("{}/api/login", self.base)).form(&[("email", email), ("password", PASSWORD)]).send().await.unwrap();
        assert_eq!(login.status(), reqwest::StatusCode::OK);
        http
    }

    fn signal(&self, signal: &str) {
        assert!(std::process::Command::new("kill").args([signal, &self.process.id().to_string()]).status().unwrap().success());
    }

    async fn exit_status(&mut self, within: Duration) -> std::process::ExitStatus {
        let deadline = Instant::now() + within;
        loop {
            if let Some(status) = self.process.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "server did not stop");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
        let _ = std::fs::remove_dir_all(&self.data_dir);
    }
}

async fn views_by(app: &TestApp, action: &str, email: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_events WHERE action = $1 AND actor_email = $2")
        .bind(action)
        .bind(email)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn sigterm_answers_the_requests_waiting_for_their_events_then_stores_and_seals_them() {
    let app = spawn_app().await;
    let mut server = Server::start(&app).await;
    let http = server.signed_in(ANA).await;

    // Events can only wait in the server's memory now, and so do the requests that made them.
    let lock = WriteLock::take(&app.db).await;
    let id = app.id_of_invoice("INV-2026-0131").await.to_string();
    let views: Vec<_> = (0..50)
        .map(|_| {
            let request = http.post(format!("{}/api/invoice", server.base)).header("accept", "application/json").form(&[("id", id.as_str())]);
            tokio::spawn(async move { request.send().await.map(|r| r.status()) })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(views.iter().all(|v| !v.is_finished()), "no view is answered before its event is stored");
    server.signal("-TERM");
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(server.process.try_wait().unwrap().is_none(), "the server waits for its audit events");
    lock.release().await;
    for view in views {
        assert_eq!(view.await.unwrap().unwrap(), reqwest::StatusCode::OK, "a request in progress is answered before the server exits");
    }
    assert!(server.exit_status(Duration::from_secs(60)).await.success());
    assert_eq!(views_by(&app, "invoice.viewed", ANA).await, 50, "every view stored");
    let report = server::audit::verify(&app.db, &test_key().verifying_key()).await.unwrap();
    assert_eq!(report.unsealed, 0, "and sealed before exit");
}

/// A request that records an event is answered only once its event is committed (group
/// commit), so a crash can lose a request's answer but never the record of an answered one.
#[tokio::test]
async fn sigkill_under_load_leaves_an_event_for_every_answered_page() {
    let app = spawn_app().await;
    let server = Server::start(&app).await;
    let http = server.signed_in(ANA).await;
    let answered = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let loads: Vec<_> = (0..16)
        .map(|_| {
            let (http, answered, url) = (http.clone(), answered.clone(), format!("{}/invoices", server.base));
            tokio::spawn(async move {
                while let Ok(res) = http.get(&url).send().await {
                    let ok = res.status() == reqwest::StatusCode::OK;
                    match res.text().await {
                        // The list itself is in the page: the client saw its invoices.
                        Ok(page) if ok && page.contains("INV-2026-0131") => answered.fetch_add(1, std::sync::atomic::Ordering::SeqCst),
                        Ok(page) => panic!("the invoice list did not load: {}", &page[..page.len().min(500)]),
                        Err(_) => break,
                    };
                }
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_secs(3)).await;
    server.signal("-KILL");
    for load in loads {
        load.await.unwrap();
    }
    let answered = answered.load(std::sync::atomic::Ordering::SeqCst) as i64;
    let stored = views_by(&app, "invoice.list_viewed", ANA).await;
    eprintln!("SIGKILL after 3 s of 16 connections: {answered} invoice lists answered, {stored} list views stored");
    assert!(answered > 50, "the load ran ({answered} pages)");
    assert!(stored >= answered, "every answered page has its event: {answered} answered, {stored} stored");
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
