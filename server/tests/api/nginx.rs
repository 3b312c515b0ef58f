//! Portico behind a real nginx (Debian's): downloads are handed to nginx with
//! `X-Accel-Redirect` after Portico has checked access and recorded the event.

use crate::documents::{staff_upload, PDF};
use crate::helpers::*;
use reqwest::StatusCode;
use server::config::Config;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const PREFIX: &str = "/_portico_documents/";

/// nginx on a free loopback port, in front of `upstream`, with the internal location that
/// serves the documents directory.
struct Nginx {
    child: Child,
    dir: std::path::PathBuf,
    base: String,
}

impl Nginx {
    fn start(upstream: &str, objects: &std::path::Path) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let dir = std::env::temp_dir().join(format!("portico_nginx_{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        // Portico's files are readable by its own user only: nginx's workers run as that user.
        // SAFETY: geteuid only reads the process's effective user id.
        let user = if unsafe { libc::geteuid() } == 0 { "user root;" } else { "" };
        let d = dir.display();
        let conf = format!(
            "{user}\nworker_processes 1;\npid {d}/nginx.pid;\nerror_log {d}/error.log;\nevents {{ worker_connections 256; }}\n\
             http {{\n access_log off;\n client_body_temp_path {d}; proxy_temp_path {d}; fastcgi_temp_path {d}; uwsgi_temp_path {d}; scgi_temp_path {d};\n\
             server {{\n  listen 127.0.0.1:{port};\n\
               location {PREFIX} {{ internal; alias {}/; }}\n\
               location / {{ proxy_pass http://{upstream}; proxy_set_header Host $host; proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for; }}\n }}\n}}\n",
            objects.display()
        );
        std::fs::write(dir.join("nginx.conf"), conf).unwrap();
        let nginx = if std::path::Path::new("/usr/sbin/nginx").exists() { "/usr/sbin/nginx" } else { "nginx" };
        let child = Command::new(nginx)
            .args(["-p", &d.to_string(), "-c", &format!("{d}/nginx.conf"), "-g", "daemon off;"])
            .stderr(Stdio::null())
            .spawn()
            .expect("nginx (Debian's; make test installs it)");
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "nginx did not start: {}", std::fs::read_to_string(dir.join("error.log")).unwrap_or_default());
            std::thread::sleep(Duration::from_millis(50));
        }
        Self { child, dir, base: format!("http://127.0.0.1:{port}") }
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[tokio::test]
async fn behind_nginx_a_download_is_handed_over_only_after_the_access_check_and_the_audit_event() {
    let config = Config { accel_redirect: Some(PREFIX.into()), trusted_proxies: server::config::parse_networks("127.0.0.1").unwrap(), ..Config::for_tests() };
    let app = spawn_with(config).await;
    let Some(objects) = app.storage.local_path("x").and_then(|p| p.parent().map(|p| p.to_path_buf())) else {
        return; // S3: downloads are presigned redirects to the store, not files nginx can read.
    };
    let bytes: Vec<u8> = PDF.iter().copied().chain((0..300_000u32).map(|i| (i % 253) as u8)).collect();
    let id = staff_upload(&app, client_id(&app, "Northwind").await, "Reports", "annual report.pdf", bytes.clone()).await;
    let nginx = Nginx::start(app.base.trim_start_matches("http://"), &objects);
    let path = format!("/documents/{id}/download");

    let ana = browser();
    let login = ana.post(format!("{}/api/login", nginx.base)).header("accept", "application/json").form(&[("email", ANA), ("password", PASSWORD)]).send().await.unwrap();
    assert_eq!(login.status(), StatusCode::OK);
    let res = ana.get(format!("{}{path}", nginx.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers().get("x-accel-redirect").is_none(), "nginx keeps its hand-off to itself");
    assert!(res.headers()["content-disposition"].to_str().unwrap().contains("annual%20report.pdf"), "Portico's headers reach the browser");
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert_eq!(res.bytes().await.unwrap().to_vec(), bytes, "byte-identical");
    let part = ana.get(format!("{}{path}", nginx.base)).header("range", "bytes=100-199").send().await.unwrap();
    assert_eq!(part.status(), StatusCode::PARTIAL_CONTENT, "nginx answers ranges");
    assert_eq!(part.bytes().await.unwrap().to_vec(), bytes[100..200].to_vec());

    // Portico itself sent no bytes, only the hand-off, and only to someone allowed.
    let direct = app.signed_in(ANA).await;
    let res = app.get(&direct, &path).await;
    let key: String = sqlx::query_scalar("SELECT storage_key FROM document_versions WHERE document_id = $1").bind(id).fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(res.headers()["x-accel-redirect"].to_str().unwrap(), format!("{PREFIX}{key}"));
    assert!(res.bytes().await.unwrap().is_empty());
    let lina = app.signed_in(LINA).await;
    let refused = lina.get(format!("{}{path}", nginx.base)).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::NOT_FOUND, "another client's document");
    assert!(refused.headers().get("x-accel-redirect").is_none());
    assert_eq!(browser().get(format!("{}{PREFIX}{key}", nginx.base)).send().await.unwrap().status(), StatusCode::NOT_FOUND, "the files are not reachable around Portico");

    app.flush_audit().await;
    let downloads: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'document.downloaded' AND target_id = $1").bind(id.to_string()).fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(downloads, 2, "the download through nginx and the direct one; the resumed range is the same open");
}
