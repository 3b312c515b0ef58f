use reqwest::{redirect, Client, Response, StatusCode};
use server::config::Config;
use server::db::Db;
use server::{demo, http, AppState};
use server::documents::storage::{LocalStorage, S3Config, S3Storage, Storage};
use std::path::PathBuf;
use std::sync::Arc;

pub const PASSWORD: &str = demo::DEMO_PASSWORD;
pub const ANA: &str = "ana@northwind.example";
pub const BEN: &str = "ben@northwind.example";
pub const LINA: &str = "lina@balticamber.example";
pub const SAM: &str = "sam@harborpine.example";
pub const ADMIN: &str = "admin@harborpine.example";
pub const NOA: &str = "noa@galil.example";

pub struct TestApp {
    pub base: String,
    pub db: Db,
    pub storage: Arc<dyn Storage>,
    pub state: AppState,
    /// The test database's URL (for the `portico` binary).
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    Sqlite(PathBuf),
    Postgres { admin_url: String, name: String },
    /// A database the test did not make (`attach`): left as it is.
    Keep,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::Sqlite(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Cleanup::Postgres { admin_url, name } => {
                let (admin_url, name) = (admin_url.clone(), name.clone());
                // Drop runs inside the test's runtime: use a thread with its own.
                let _ = std::thread::spawn(move || {
                    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
                    rt.block_on(async {
                        if let Ok(admin) = Db::connect(&admin_url).await {
                            let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&admin.pool).await;
                        }
                    })
                })
                .join();
            }
            Cleanup::Keep => {}
        }
    }
}

/// Replaces the database name in a PostgreSQL URL.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let slash = base.rfind('/').expect("a postgres URL has a path");
    let mut out = format!("{}/{name}", &base[..slash]);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

pub async fn spawn_app() -> TestApp {
    spawn_with(Config::for_tests()).await
}

/// The real router on port 0 with demo data in a fresh database.
pub async fn spawn_with(config: Config) -> TestApp {
    let name = format!("portico_test_{}", uuid::Uuid::new_v4().simple());
    let (url, cleanup) = match std::env::var("PORTICO_TEST_DATABASE_URL") {
        Ok(admin_url) if !admin_url.is_empty() => {
            let admin = Db::connect(&admin_url).await.expect("PostgreSQL for tests");
            sqlx::query(&format!("CREATE DATABASE {name}")).execute(&admin.pool).await.expect("create test database");
            admin.pool.close().await;
            (with_database(&admin_url, &name), Cleanup::Postgres { admin_url, name: name.clone() })
        }
        _ => {
            let dir = std::env::temp_dir().join(&name);
            (format!("sqlite://{}?mode=rwc", dir.join("portico.db").display()), Cleanup::Sqlite(dir))
        }
    };
    let db = Db::connect(&url).await.expect("connect");
    let db_url = url.clone();
    db.migrate().await.expect("migrate");
    let storage = test_storage(&name).await;
    demo::load(&db, storage.as_ref()).await.expect("demo data");
    serve(db, config, storage, db_url, cleanup).await
}

/// The real router on port 0 over a database and data directory that already hold a data set
/// (`make bench` loads `portico demo --scale large`); nothing is created, loaded or dropped.
pub async fn attach(url: &str, data_dir: &std::path::Path) -> TestApp {
    let db = Db::connect(url).await.expect("connect");
    db.migrate().await.expect("migrate");
    let storage: Arc<dyn Storage> = Arc::new(LocalStorage::new(&data_dir.join("documents")).expect("local storage"));
    serve(db, Config::for_tests(), storage, url.into(), Cleanup::Keep).await
}

async fn serve(db: Db, config: Config, storage: Arc<dyn Storage>, url: String, cleanup: Cleanup) -> TestApp {
    let state = AppState::new(db.clone(), config, storage.clone()).await.expect("state");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let router = http::router(state.clone());
    tokio::spawn(async move { axum::serve(listener, router.into_make_service_with_connect_info::<std::net::SocketAddr>()).await.expect("serve") });
    TestApp { base: format!("http://{addr}"), db, storage, state, url, cleanup }
}

/// Local disk by default; a real S3-compatible server when `PORTICO_TEST_S3_ENDPOINT` is set
/// (`.ci/run` starts s3s-fs). Each test gets its own directory or bucket.
pub async fn test_storage(name: &str) -> Arc<dyn Storage> {
    match std::env::var("PORTICO_TEST_S3_ENDPOINT") {
        Ok(endpoint) if !endpoint.is_empty() => {
            let config = S3Config {
                endpoint: Some(endpoint),
                region: "us-east-1".into(),
                bucket: name.replace('_', "-"),
                access_key: std::env::var("PORTICO_TEST_S3_ACCESS_KEY").unwrap_or_else(|_| "portico".into()),
                secret_key: std::env::var("PORTICO_TEST_S3_SECRET_KEY").unwrap_or_else(|_| "portico-secret".into()),
                path_style: true,
            };
            let storage = S3Storage::new(&config);
            storage.create_bucket().await.expect("test bucket");
            Arc::new(storage)
        }
        _ => Arc::new(LocalStorage::new(&std::env::temp_dir().join(name).join("documents")).expect("local storage")),
    }
}

/// A browser-like client on the portal's own pages: keeps cookies, says where its requests come
/// from (`Sec-Fetch-Site: same-origin`, as a browser does), does not follow redirects (tests
/// look at them).
pub fn browser() -> Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("sec-fetch-site", reqwest::header::HeaderValue::from_static("same-origin"));
    // A request that hangs fails the test instead of hanging the suite.
    Client::builder().cookie_store(true).default_headers(headers).redirect(redirect::Policy::none()).timeout(std::time::Duration::from_secs(60)).build().expect("client")
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Calls a server function the way the app's browser code does (form-encoded, JSON back).
    pub async fn call(&self, client: &Client, endpoint: &str, form: &[(&str, &str)]) -> Response {
        client
            .post(self.url(&format!("/api/{endpoint}")))
            .header("accept", "application/json")
            .form(form)
            .send()
            .await
            .expect("request")
    }

    /// Calls a server function that takes JSON (the list functions with filters).
    pub async fn call_json(&self, client: &Client, endpoint: &str, body: serde_json::Value) -> Response {
        client
            .post(self.url(&format!("/api/{endpoint}")))
            .header("accept", "application/json")
            .json(&body)
            .send()
            .await
            .expect("request")
    }

    /// The invoice numbers a client's list shows (first page, default order).
    pub async fn listed(&self, client: &Client, filter: serde_json::Value) -> serde_json::Value {
        let res = self.call_json(client, "invoices", serde_json::json!({ "filter": filter })).await;
        assert_eq!(res.status(), StatusCode::OK);
        res.json().await.expect("json")
    }

    pub async fn login(&self, client: &Client, email: &str, password: &str) -> Response {
        self.call(client, "login", &[("email", email), ("password", password)]).await
    }

    pub async fn signed_in(&self, email: &str) -> Client {
        let client = browser();
        let res = self.login(&client, email, PASSWORD).await;
        assert_eq!(res.status(), StatusCode::OK, "demo user {email} signs in");
        client
    }

    pub async fn get(&self, client: &Client, path: &str) -> Response {
        client.get(self.url(path)).send().await.expect("request")
    }

    pub async fn page(&self, client: &Client, path: &str) -> (StatusCode, String) {
        let res = self.get(client, path).await;
        (res.status(), res.text().await.expect("body"))
    }

    /// Another instance of the portal on the same database, as behind a load balancer; returns
    /// its base URL.
    pub async fn second_instance(&self) -> String {
        let db = Db::connect(&self.url).await.expect("connect");
        let state = AppState::new(db, (*self.state.config).clone(), self.storage.clone()).await.expect("state");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let router = http::router(state);
        tokio::spawn(async move { axum::serve(listener, router.into_make_service_with_connect_info::<std::net::SocketAddr>()).await.expect("serve") });
        format!("http://{addr}")
    }

    /// The newest event with this action: (actor kind, actor email, client id, target label,
    /// outcome, details).
    pub async fn last_event(&self, action: &str) -> Option<(String, String, Option<i64>, String, String, serde_json::Value)> {
        self.flush_audit().await;
        let row: Option<(String, String, Option<i64>, String, String, String)> = sqlx::query_as(
            "SELECT actor_kind, actor_email, client_id, target_label, outcome, details FROM audit_events WHERE action = $1 ORDER BY id DESC LIMIT 1",
        )
        .bind(action)
        .fetch_optional(&self.db.pool)
        .await
        .expect("events");
        row.map(|(k, e, c, l, o, d)| (k, e, c, l, o, serde_json::from_str(&d).unwrap_or_default()))
    }

    pub async fn user_id(&self, email: &str) -> i64 {
        sqlx::query_scalar("SELECT id FROM users WHERE email = $1").bind(email).fetch_one(&self.db.pool).await.expect("user")
    }

    /// Waits until the audit writer has stored every event recorded so far.
    pub async fn flush_audit(&self) {
        self.state.services.audit.flush().await;
    }

    /// The actions recorded so far, oldest first, that match a WHERE clause.
    pub async fn actions_where(&self, clause: &str, bind: &str) -> Vec<String> {
        self.flush_audit().await;
        sqlx::query_scalar(&format!("SELECT action FROM audit_events WHERE {clause} ORDER BY id")).bind(bind).fetch_all(&self.db.pool).await.expect("events")
    }

    pub async fn id_of_invoice(&self, number: &str) -> i64 {
        sqlx::query_scalar("SELECT id FROM invoices WHERE number = $1").bind(number).fetch_one(&self.db.pool).await.expect("invoice")
    }
}

pub async fn client_id(app: &TestApp, name_prefix: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM clients WHERE name LIKE $1").bind(format!("{name_prefix}%")).fetch_one(&app.db.pool).await.expect("client")
}

pub fn location(res: &Response) -> Option<&str> {
    res.headers().get("location").and_then(|v| v.to_str().ok())
}

pub fn session_cookie(res: &Response) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("portico_session=") || c.starts_with("__Host-portico_session="))
        .map(str::to_owned)
}

/// A fixed signing key for tests that seal the trail.
pub fn test_key() -> ed25519_dalek::SigningKey {
    ed25519_dalek::SigningKey::from_bytes(&[7u8; 32])
}

pub fn is_postgres(app: &TestApp) -> bool {
    app.db.backend == server::db::Backend::Postgres
}
