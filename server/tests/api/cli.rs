//! The `portico` binary itself: configuration errors and user creation.

use std::io::Write;
use std::process::{Command, Stdio};

fn portico(data_dir: &std::path::Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_portico"));
    cmd.env_remove("PORTICO_DATABASE_URL").env("PORTICO_DATA_DIR", data_dir).env("PORTICO_LOG", "warn");
    cmd
}

fn temp_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("portico_cli_{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn unreachable_postgres_is_one_clear_line_without_the_password() {
    let dir = temp_dir();
    let out = portico(&dir)
        .args(["--database-url", "postgres://portico:s3cret-pw@127.0.0.1:1/portico_prod", "migrate"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.starts_with("error: ") && err.contains("127.0.0.1:1") && err.contains("portico_prod"), "{err}");
    assert!(!err.contains("s3cret-pw"), "{err}");
}

#[test]
fn a_bad_database_url_is_refused() {
    let out = portico(&temp_dir()).args(["--database-url", "mysql://x/y", "migrate"]).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8(out.stderr).unwrap().contains("unsupported database URL"));
}

#[test]
fn users_are_created_with_the_password_from_stdin() {
    let dir = temp_dir();
    let out = portico(&dir).args(["client", "create", "--name", "Acme Ltd", "--email", "ap@acme.example"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let client_id = String::from_utf8(out.stdout).unwrap().trim().to_string();

    let mut child = portico(&dir)
        .args(["user", "create", "--email", "pat@acme.example", "--name", "Pat", "--role", "client", "--client", &client_id])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"a long enough password\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let mut child = portico(&dir)
        .args(["user", "create", "--email", "pat@acme.example", "--name", "Pat", "--role", "staff"])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"another long password").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(!out.status.success(), "the email is taken");
    assert!(String::from_utf8(out.stderr).unwrap().contains("already exists"));

    let out = portico(&dir).args(["user", "disable", "--email", "pat@acme.example"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // Operators' actions are in the trail too, as the system's.
    let out = portico(&dir).args(["audit", "export", "--client", &client_id]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let csv = String::from_utf8(out.stdout).unwrap();
    let actions: Vec<&str> = csv.lines().skip(1).map(|l| l.split(',').nth(7).unwrap()).collect();
    assert_eq!(actions, vec!["user.disabled", "user.created", "client.created"], "{csv}");
    assert!(csv.lines().skip(1).all(|l| l.split(',').nth(2) == Some("system")));
    let out = portico(&dir).args(["audit", "export", "--action", "audit."]).output().unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 2, "the first export is recorded");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn demo_data_loads_once() {
    let dir = temp_dir();
    let first = portico(&dir).arg("demo").output().unwrap();
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    assert!(String::from_utf8(first.stdout).unwrap().contains("demo data loaded"));
    let second = portico(&dir).arg("demo").output().unwrap();
    assert!(second.status.success());
    assert!(String::from_utf8(second.stdout).unwrap().contains("already present"));
    // The demo's 90 days of portal activity are sealed and verify.
    let verify = portico(&dir).args(["audit", "verify"]).output().unwrap();
    assert!(verify.status.success(), "{}", String::from_utf8_lossy(&verify.stderr));
    let report = String::from_utf8(verify.stdout).unwrap();
    let events: i64 = report.split(' ').next().unwrap().parse().unwrap();
    assert!(events > 300 && report.trim_end().ends_with("digests verified"), "{report}");
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn request_logs_never_contain_passwords_or_session_ids() {
    let dir = temp_dir();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let log = dir.join("stderr.log");
    let mut child = portico(&dir)
        .env_remove("PORTICO_LOG")
        .args(["serve", "--demo", "--addr", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let client = crate::helpers::browser();
    let mut ready = false;
    for _ in 0..100 {
        if client.get(format!("{base}/readyz")).send().await.is_ok_and(|r| r.status().is_success()) {
            ready = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(ready, "server came up");
    let wrong = "Wrong-Secret-Password-1";
    let res = client.post(format!("{base}/api/login")).form(&[("email", crate::helpers::ANA), ("password", wrong)]).send().await.unwrap();
    assert_eq!(res.status(), 422);
    let res = client
        .post(format!("{base}/api/login"))
        .form(&[("email", crate::helpers::ANA), ("password", crate::helpers::PASSWORD)])
        .send()
        .await
        .unwrap();
    let cookie = crate::helpers::session_cookie(&res).unwrap();
    let pair = cookie.split(';').next().unwrap().to_string();
    let session_id = pair.split('=').nth(1).unwrap().to_string();
    let res = client.get(format!("{base}/invoices?token=abc123secret")).header("cookie", &pair).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let _ = Command::new("kill").arg(child.id().to_string()).status();
    assert!(child.wait().unwrap().success(), "SIGTERM shuts down cleanly");

    let logs = std::fs::read_to_string(&log).unwrap();
    assert!(logs.contains("/api/login") && logs.contains("status=422") && logs.contains("/invoices"), "{logs}");
    for secret in [crate::helpers::PASSWORD, wrong, session_id.as_str(), "abc123secret"] {
        assert!(!logs.contains(secret), "the log contains {secret:?}:\n{logs}");
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn an_sqlite_url_for_a_file_that_does_not_exist_yet_creates_it() {
    let dir = temp_dir();
    let db = dir.join("new").join("portico.db");
    let out = portico(&dir).args(["--database-url", &format!("sqlite://{}", db.display()), "migrate"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(db.exists());
}

#[cfg(unix)]
#[test]
fn the_database_key_and_documents_are_readable_by_portico_alone() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp_dir().join("data");
    let out = portico(&dir).args(["demo"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&dir), 0o700, "the data directory");
    assert_eq!(mode(&dir.join("portico.db")), 0o600, "the database");
    assert_eq!(mode(&dir.join("audit-signing.key")), 0o600, "the audit key");
    let documents: Vec<_> = walk(&dir.join("documents"));
    assert!(!documents.is_empty());
    for f in documents {
        assert_eq!(mode(&f), 0o600, "{}", f.display());
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() { files.extend(walk(&path)) } else { files.push(path) }
    }
    files
}
