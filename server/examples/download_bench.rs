//! Document download throughput: a 1 GiB document served by the real router from local storage,
//! read by an HTTP client on loopback, against reading the same file straight from disk (what
//! `cat file > /dev/null` does) in the same run. Prints MiB/s, the ratio, and the peak RSS.
//!
//!     cargo run --release -p server --example download_bench [-- MiB]

use futures_util::StreamExt;
use server::config::Config;
use server::db::Db;
use server::documents::storage::{LocalStorage, Storage};
use server::{demo, http, AppState};
use std::sync::Arc;
use std::time::Instant;
use tokio::io::AsyncReadExt;

fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0) / 1024.0
}

#[tokio::main]
async fn main() {
    let mib: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(1024);
    let size = mib * 1024 * 1024;
    let dir = std::env::temp_dir().join(format!("portico_dl_bench_{}", std::process::id()));
    let db = Db::connect(&format!("sqlite://{}?mode=rwc", dir.join("bench.db").display())).await.expect("db");
    db.migrate().await.expect("migrate");
    let storage: Arc<dyn Storage> = Arc::new(LocalStorage::new(&dir.join("documents")).expect("storage"));
    demo::load(&db, storage.as_ref()).await.expect("demo");

    // Store the file through the storage interface, in 1 MiB chunks.
    let chunks = futures_util::stream::iter((0..mib).map(|i| Ok::<_, std::io::Error>(bytes::Bytes::from(vec![(i % 251) as u8; 1024 * 1024]))));
    let stored = storage.put("bench-object", Box::pin(chunks), size as u64).await.expect("put");
    let id: i64 = sqlx::query_scalar("INSERT INTO documents (client_id, folder, title, created_at, updated_at) VALUES (1, 'Reports', 'Bench', 0, 0) RETURNING id")
        .fetch_one(&db.pool)
        .await
        .expect("document");
    sqlx::query("INSERT INTO document_versions (document_id, version, storage_key, file_name, content_type, size_bytes, sha256, created_at) VALUES ($1, 1, 'bench-object', 'bench.pdf', 'application/pdf', $2, $3, 0)")
        .bind(id)
        .bind(stored.size as i64)
        .bind(&stored.sha256)
        .execute(&db.pool)
        .await
        .expect("version");

    let state = AppState::new(db.clone(), Config::for_tests(), storage.clone()).await.expect("state");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, http::router(state).into_make_service_with_connect_info::<std::net::SocketAddr>()).await });
    let mut same_origin = reqwest::header::HeaderMap::new();
    same_origin.insert("sec-fetch-site", reqwest::header::HeaderValue::from_static("same-origin"));
    let client = reqwest::Client::builder().cookie_store(true).default_headers(same_origin).build().expect("client");
    let res = client
        .post(format!("http://{addr}/api/login"))
        .form(&[("email", "ana@northwind.example"), ("password", demo::DEMO_PASSWORD)])
        .send()
        .await
        .expect("login");
    assert!(res.status().is_success(), "sign-in");

    let path = storage.local_path("bench-object").expect("local file");
    // Baseline first (warms the page cache for both), then again, then the portal.
    for _ in 0..2 {
        let mut f = tokio::fs::File::open(&path).await.expect("open");
        let mut buf = vec![0u8; 128 * 1024];
        while f.read(&mut buf).await.expect("read") > 0 {}
    }
    let start = Instant::now();
    let mut f = tokio::fs::File::open(&path).await.expect("open");
    let mut buf = vec![0u8; 128 * 1024];
    let mut read = 0;
    loop {
        let n = f.read(&mut buf).await.expect("read");
        if n == 0 {
            break;
        }
        read += n;
    }
    let disk = start.elapsed().as_secs_f64();
    assert_eq!(read, size);

    let rss_before = peak_rss_mib();
    let start = Instant::now();
    let res = client.get(format!("http://{addr}/documents/{id}/download")).send().await.expect("download");
    assert!(res.status().is_success());
    let mut body = res.bytes_stream();
    let mut got = 0;
    while let Some(chunk) = body.next().await {
        got += chunk.expect("chunk").len();
    }
    let http = start.elapsed().as_secs_f64();
    assert_eq!(got, size);
    let mibf = mib as f64;
    println!("file size                      {mib} MiB");
    println!("read from disk (cat baseline)  {:>8.0} MiB/s", mibf / disk);
    println!("download through the portal    {:>8.0} MiB/s   portal/disk = {:.2}", mibf / http, disk / http);
    println!("peak RSS {:.0} MiB (before the download {:.0} MiB; client and server share this process)", peak_rss_mib(), rss_before);
    let _ = std::fs::remove_dir_all(dir);
}
