//! Documents: uploads, downloads, versions, requests, deletion and storage checks. The same
//! tests run on local disk and, with `PORTICO_TEST_S3_ENDPOINT`, on a real S3-compatible server.

use crate::helpers::*;
use futures_util::StreamExt;
use reqwest::multipart::{Form, Part};
use reqwest::StatusCode;
use server::config::Config;
use sha2::{Digest, Sha256};

pub const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

fn s3() -> bool {
    std::env::var("PORTICO_TEST_S3_ENDPOINT").is_ok_and(|e| !e.is_empty())
}

pub async fn upload(app: &TestApp, who: &reqwest::Client, fields: &[(&str, String)], files: Vec<(&str, Vec<u8>)>) -> reqwest::Response {
    let mut form = Form::new();
    for (k, v) in fields {
        form = form.text(k.to_string(), v.clone());
    }
    for (name, bytes) in files {
        form = form.part("file", Part::bytes(bytes).file_name(name.to_string()));
    }
    who.post(app.url("/documents/upload")).header("accept", "application/json").multipart(form).send().await.unwrap()
}

pub async fn staff_upload(app: &TestApp, client: i64, folder: &str, name: &str, bytes: Vec<u8>) -> i64 {
    let sam = app.signed_in(SAM).await;
    let res = upload(app, &sam, &[("client_id", client.to_string()), ("folder", folder.into())], vec![(name, bytes)]).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    let docs: serde_json::Value = res.json().await.unwrap();
    docs[0]["id"].as_i64().unwrap()
}

/// Follows a presigned redirect (S3) or reads the body (local).
async fn fetch(app: &TestApp, who: &reqwest::Client, path: &str) -> (StatusCode, reqwest::header::HeaderMap, Vec<u8>) {
    let res = app.get(who, path).await;
    if res.status().is_redirection() {
        let url = location(&res).unwrap().to_string();
        let res = reqwest::get(url).await.unwrap();
        let headers = res.headers().clone();
        return (res.status(), headers, res.bytes().await.unwrap().to_vec());
    }
    let headers = res.headers().clone();
    (res.status(), headers, res.bytes().await.unwrap().to_vec())
}

async fn version_count(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM document_versions").fetch_one(&app.db.pool).await.unwrap()
}

async fn storage_keys(app: &TestApp) -> Vec<String> {
    app.storage.keys().await.unwrap()
}

#[tokio::test]
async fn an_uploaded_document_downloads_byte_identical_and_loses_its_new_mark() {
    let app = spawn_app().await;
    let northwind = client_id(&app, "Northwind").await;
    let bytes: Vec<u8> = PDF.iter().copied().chain((0..200_000u32).map(|i| (i % 251) as u8)).collect();
    let id = staff_upload(&app, northwind, "Tax forms", "W-2 2026 final.pdf", bytes.clone()).await;
    let sha: String = sqlx::query_scalar("SELECT sha256 FROM document_versions WHERE document_id = $1").bind(id).fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(sha, hex_of(&bytes));

    let ana = app.signed_in(ANA).await;
    let mine = serde_json::json!({ "filter": { "q": "final" } });
    let list: serde_json::Value = app.call_json(&ana, "documents", mine.clone()).await.json().await.unwrap();
    assert_eq!(list["items"].as_array().unwrap().len(), 1, "search by name");
    assert_eq!(list["items"][0]["title"], "W-2 2026 final.pdf");
    assert_eq!(list["items"][0]["is_new"], true);
    let (status, headers, body) = fetch(&app, &ana, &format!("/documents/{id}/download")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, bytes, "byte-identical");
    assert_eq!(headers["content-type"], "application/pdf");
    assert!(headers["content-disposition"].to_str().unwrap().contains("filename*=UTF-8''W-2%202026%20final.pdf"));
    let list: serde_json::Value = app.call_json(&ana, "documents", mine.clone()).await.json().await.unwrap();
    assert_eq!(list["items"][0]["is_new"], false, "opened now");
    // Ben has billing only in the demo: give him documents for this.
    sqlx::query("UPDATE users SET can_documents = 1 WHERE email = $1").bind(BEN).execute(&app.db.pool).await.unwrap();
    let ben = app.signed_in(BEN).await;
    let list: serde_json::Value = app.call_json(&ben, "documents", mine).await.json().await.unwrap();
    assert_eq!(list["items"][0]["is_new"], true, "still new for the other user");
    app.flush_audit().await;
    let actions: Vec<String> = sqlx::query_scalar("SELECT action FROM audit_events WHERE target_type = 'document' AND target_id = $1 ORDER BY id")
        .bind(id.to_string())
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(actions, vec!["document.uploaded", "document.downloaded"]);
}

fn hex_of(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

#[tokio::test]
async fn a_range_request_resumes_a_local_download() {
    let app = spawn_app().await;
    if s3() {
        return; // S3 downloads are presigned redirects; the store itself answers ranges.
    }
    let bytes: Vec<u8> = PDF.iter().copied().chain((0..10_000u32).map(|i| (i % 256) as u8)).collect();
    let id = staff_upload(&app, client_id(&app, "Northwind").await, "Reports", "big.pdf", bytes.clone()).await;
    let ana = app.signed_in(ANA).await;
    let res = ana.get(app.url(&format!("/documents/{id}/download"))).header("range", "bytes=100-199").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(res.headers()["content-range"], format!("bytes 100-199/{}", bytes.len()).as_str());
    assert_eq!(res.bytes().await.unwrap().to_vec(), bytes[100..200].to_vec());
}

#[tokio::test]
async fn an_oversized_upload_is_refused_with_413_and_nothing_is_stored() {
    let app = spawn_with(Config { max_upload_bytes: 64 * 1024, ..Config::for_tests() }).await;
    let sam = app.signed_in(SAM).await;
    let (rows_before, keys_before) = (version_count(&app).await, storage_keys(&app).await.len());
    let big: Vec<u8> = PDF.iter().copied().chain(std::iter::repeat_n(7u8, 200 * 1024)).collect();
    let res = upload(&app, &sam, &[("client_id", client_id(&app, "Galil").await.to_string()), ("folder", "Reports".into())], vec![("huge.pdf", big)]).await;
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(version_count(&app).await, rows_before);
    assert_eq!(storage_keys(&app).await.len(), keys_before, "nothing stored");
}

#[tokio::test]
async fn a_disguised_executable_is_refused_and_a_traversal_name_is_neutralised() {
    let app = spawn_app().await;
    let sam = app.signed_in(SAM).await;
    let galil = client_id(&app, "Galil").await.to_string();
    let keys_before = storage_keys(&app).await.len();
    let exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00this program cannot be run in DOS mode".to_vec();
    let res = upload(&app, &sam, &[("client_id", galil.clone()), ("folder", "Reports".into())], vec![("invoice.pdf", exe)]).await;
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let html = b"<html><script>alert(document.cookie)</script></html>".to_vec();
    let res = upload(&app, &sam, &[("client_id", galil.clone()), ("folder", "Reports".into())], vec![("notes.txt", html)]).await;
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(storage_keys(&app).await.len(), keys_before);

    let res = upload(&app, &sam, &[("client_id", galil), ("folder", "Reports".into())], vec![("../../etc/passwd.pdf", PDF.to_vec())]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let id = res.json::<serde_json::Value>().await.unwrap()[0]["id"].as_i64().unwrap();
    let name: String = sqlx::query_scalar("SELECT file_name FROM document_versions WHERE document_id = $1").bind(id).fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(name, "passwd.pdf");
}

#[tokio::test]
async fn another_clients_document_answers_like_a_missing_one() {
    let app = spawn_app().await;
    let id = staff_upload(&app, client_id(&app, "Baltic").await, "Contracts", "NDA.pdf", PDF.to_vec()).await;
    let ana = app.signed_in(ANA).await;
    for path in [format!("/documents/{id}/download"), format!("/documents/{id}/preview"), "/documents/999999/download".into()] {
        let res = app.get(&ana, &path).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
    }
    assert_eq!(app.call(&ana, "document", &[("id", &id.to_string())]).await.status(), StatusCode::NOT_FOUND);
    app.flush_audit().await;
    let denied: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'access.denied' AND outcome = 'denied'").fetch_one(&app.db.pool).await.unwrap();
    assert!(denied >= 3);
    assert_eq!(app.get(&browser(), &format!("/documents/{id}/download")).await.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn previews_are_inline_and_sandboxed_and_only_for_pdfs_and_images() {
    let app = spawn_app().await;
    let northwind = client_id(&app, "Northwind").await;
    let pdf = staff_upload(&app, northwind, "Reports", "report.pdf", PDF.to_vec()).await;
    let csv = staff_upload(&app, northwind, "Reports", "ledger.csv", b"date,amount\n2026-01-01,5\n".to_vec()).await;
    let ana = app.signed_in(ANA).await;
    let res = app.get(&ana, &format!("/documents/{pdf}/preview")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-disposition"].to_str().unwrap().starts_with("inline;"));
    assert!(res.headers()["content-security-policy"].to_str().unwrap().starts_with("sandbox"));
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    assert_eq!(app.get(&ana, &format!("/documents/{csv}/preview")).await.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[tokio::test]
async fn a_new_upload_becomes_a_version_and_history_stays_downloadable() {
    let app = spawn_app().await;
    let northwind = client_id(&app, "Northwind").await;
    let id = staff_upload(&app, northwind, "Contracts", "Engagement letter.pdf", PDF.to_vec()).await;
    let sam = app.signed_in(SAM).await;
    let v2: Vec<u8> = [PDF, b"% second version\n"].concat();
    let res = upload(&app, &sam, &[("client_id", northwind.to_string()), ("folder", "Contracts".into()), ("document_id", id.to_string())], vec![("Engagement letter v2.pdf", v2.clone())]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let ana = app.signed_in(ANA).await;
    let doc: serde_json::Value = app.call(&ana, "document", &[("id", &id.to_string())]).await.json().await.unwrap();
    assert_eq!(doc["summary"]["version"], 2);
    assert_eq!(doc["versions"].as_array().unwrap().len(), 2);
    assert_eq!(fetch(&app, &ana, &format!("/documents/{id}/download")).await.2, v2);
    assert_eq!(fetch(&app, &ana, &format!("/documents/{id}/download?version=1")).await.2, PDF.to_vec());
}

#[tokio::test]
async fn a_client_fulfils_a_request_by_uploading_and_staff_download_it() {
    let app = spawn_app().await;
    let sam = app.signed_in(SAM).await;
    let northwind = client_id(&app, "Northwind").await;
    let res = app.call(&sam, "staff/document-request", &[("client_id", &northwind.to_string()), ("title", "Signed NDA"), ("due_date", "2026-12-31")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let request_id: i64 = res.json().await.unwrap();

    let ana = app.signed_in(ANA).await;
    let signed_nda = |requests: &serde_json::Value| requests["items"].as_array().unwrap().iter().find(|r| r["title"] == "Signed NDA").cloned().unwrap();
    let requests: serde_json::Value = app.call(&ana, "document-requests", &[]).await.json().await.unwrap();
    assert_eq!(signed_nda(&requests)["fulfilled"], false);
    let res = upload(&app, &ana, &[("request_id", request_id.to_string()), ("folder", "Contracts".into())], vec![("nda-signed.pdf", PDF.to_vec())]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let id = res.json::<serde_json::Value>().await.unwrap()[0]["id"].as_i64().unwrap();
    let folder: String = sqlx::query_scalar("SELECT folder FROM documents WHERE id = $1").bind(id).fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(folder, "From client", "clients always upload into From client");
    let requests: serde_json::Value = app.call(&ana, "document-requests", &[]).await.json().await.unwrap();
    assert_eq!(signed_nda(&requests)["fulfilled"], true);
    assert_eq!(fetch(&app, &sam, &format!("/documents/{id}/download")).await.2, PDF.to_vec());
    let trail = app.actions_where("target_type = 'document_request' AND target_id = $1", &request_id.to_string()).await;
    assert_eq!(trail, vec!["document_request.created", "document_request.fulfilled"]);

    let lina = app.signed_in(LINA).await;
    let res = upload(&app, &lina, &[("request_id", request_id.to_string())], vec![("x.pdf", PDF.to_vec())]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND, "another client's request");
}

#[tokio::test]
async fn deleted_documents_vanish_for_clients_restore_and_are_purged_after_30_days() {
    let app = spawn_app().await;
    let northwind = client_id(&app, "Northwind").await;
    let id = staff_upload(&app, northwind, "Reports", "old.pdf", PDF.to_vec()).await;
    let sam = app.signed_in(SAM).await;
    let ana = app.signed_in(ANA).await;
    assert_eq!(app.call(&sam, "staff/document/delete", &[("id", &id.to_string()), ("deleted", "true")]).await.status(), StatusCode::OK);
    assert_eq!(app.get(&ana, &format!("/documents/{id}/download")).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.call(&sam, "staff/document/delete", &[("id", &id.to_string()), ("deleted", "false")]).await.status(), StatusCode::OK);
    assert_eq!(fetch(&app, &ana, &format!("/documents/{id}/download")).await.0, StatusCode::OK);

    app.call(&sam, "staff/document/delete", &[("id", &id.to_string()), ("deleted", "true")]).await;
    let key: String = sqlx::query_scalar("SELECT storage_key FROM document_versions WHERE document_id = $1").bind(id).fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(server::documents::purge(&app.db, app.storage.as_ref()).await.unwrap(), 0, "not yet 30 days");
    sqlx::query("UPDATE documents SET deleted_at = deleted_at - 31 * 86400").execute(&app.db.pool).await.unwrap();
    assert_eq!(server::documents::purge(&app.db, app.storage.as_ref()).await.unwrap(), 1);
    assert!(!storage_keys(&app).await.contains(&key), "bytes removed");
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM documents WHERE id = $1").bind(id).fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(rows, 0);
}

#[tokio::test]
async fn storage_check_reports_missing_stray_and_corrupt_bytes() {
    let app = spawn_app().await;
    let northwind = client_id(&app, "Northwind").await;
    let a = staff_upload(&app, northwind, "Reports", "a.pdf", PDF.to_vec()).await;
    let b = staff_upload(&app, northwind, "Reports", "b.pdf", [PDF, b"b"].concat()).await;
    let report = server::documents::check(&app.db, app.storage.as_ref()).await.unwrap();
    assert!(report.is_clean(), "{report:?}");

    let key_a: String = sqlx::query_scalar("SELECT storage_key FROM document_versions WHERE document_id = $1").bind(a).fetch_one(&app.db.pool).await.unwrap();
    app.storage.delete(&key_a).await.unwrap();
    let stray = futures_util::stream::once(async { Ok::<_, std::io::Error>(bytes::Bytes::from_static(b"stray")) });
    app.storage.put("stray-object", Box::pin(stray), 1024).await.unwrap();
    sqlx::query("UPDATE document_versions SET sha256 = 'feed' WHERE document_id = $1").bind(b).execute(&app.db.pool).await.unwrap();
    let report = server::documents::check(&app.db, app.storage.as_ref()).await.unwrap();
    assert_eq!(report.rows_without_bytes, vec![key_a]);
    assert_eq!(report.bytes_without_rows, vec!["stray-object".to_string()]);
    assert_eq!(report.checksum_mismatches.len(), 1);
}

#[tokio::test]
async fn an_interrupted_upload_leaves_no_row_and_no_bytes() {
    let app = spawn_app().await;
    let sam = app.signed_in(SAM).await;
    let (rows_before, keys_before) = (version_count(&app).await, storage_keys(&app).await.len());
    let chunks = futures_util::stream::iter(0..40)
        .then(|i| async move {
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
            if i == 30 {
                Err::<bytes::Bytes, std::io::Error>(std::io::Error::other("connection dropped"))
            } else if i == 0 {
                Ok(bytes::Bytes::from_static(PDF))
            } else {
                Ok(bytes::Bytes::from(vec![1u8; 256 * 1024]))
            }
        })
        .boxed();
    let form = Form::new()
        .text("client_id", client_id(&app, "Galil").await.to_string())
        .text("folder", "Reports")
        .part("file", Part::stream(reqwest::Body::wrap_stream(chunks)).file_name("scan.pdf"));
    let result = sam.post(app.url("/documents/upload")).multipart(form).send().await;
    assert!(result.is_err() || !result.unwrap().status().is_success());
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(version_count(&app).await, rows_before);
    assert_eq!(storage_keys(&app).await.len(), keys_before, "no stray bytes");
}

#[tokio::test]
async fn an_expired_presigned_url_is_refused_by_the_store() {
    if !s3() {
        return; // Local storage serves bytes itself; there is no URL to expire.
    }
    // Three seconds: the signature's time is cut to the second, so a one-second link may be
    // nearly spent before anyone could use it on a busy machine.
    let app = spawn_with(Config { presign_ttl: std::time::Duration::from_secs(3), ..Config::for_tests() }).await;
    let id = staff_upload(&app, client_id(&app, "Northwind").await, "Reports", "r.pdf", PDF.to_vec()).await;
    let ana = app.signed_in(ANA).await;
    let res = app.get(&ana, &format!("/documents/{id}/download")).await;
    assert!(res.status().is_redirection());
    let url = location(&res).unwrap().to_string();
    assert_eq!(reqwest::get(&url).await.unwrap().status(), StatusCode::OK, "valid at first");
    tokio::time::sleep(std::time::Duration::from_millis(4500)).await;
    assert_eq!(reqwest::get(&url).await.unwrap().status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn document_requests_come_in_pages_open_ones_first() {
    let app = spawn_app().await;
    let northwind = client_id(&app, "Northwind").await;
    for n in 0..(2 * app::documents::model::DOC_PAGE_SIZE + 3) {
        sqlx::query("INSERT INTO document_requests (client_id, title, status, created_at) VALUES ($1, $2, $3, 0)")
            .bind(northwind)
            .bind(format!("Form {n}"))
            .bind(if n % 3 == 0 { "fulfilled" } else { "open" })
            .execute(&app.db.pool)
            .await
            .unwrap();
    }
    let all: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM document_requests WHERE client_id = $1").bind(northwind).fetch_one(&app.db.pool).await.unwrap();
    let ana = app.signed_in(ANA).await;
    let (mut seen, mut fulfilled, mut after) = (std::collections::HashSet::new(), Vec::new(), None::<i64>);
    loop {
        let a = after.map(|a| a.to_string());
        let form: Vec<(&str, &str)> = a.iter().map(|a| ("after", a.as_str())).collect();
        let page: serde_json::Value = app.call(&ana, "document-requests", &form).await.json().await.unwrap();
        for r in page["items"].as_array().unwrap() {
            assert!(seen.insert(r["id"].as_i64().unwrap()), "{} twice", r["title"]);
            fulfilled.push(r["fulfilled"].as_bool().unwrap());
        }
        match page["next"].as_i64() {
            Some(n) => after = Some(n),
            None => break,
        }
    }
    assert_eq!(seen.len() as i64, all, "every request once");
    assert!(fulfilled.windows(2).all(|w| w[0] <= w[1]), "open ones first");
    // Another company's request as the position: an empty page.
    let theirs: i64 = sqlx::query_scalar("INSERT INTO document_requests (client_id, title, status, created_at) VALUES ($1, 'Theirs', 'open', 0) RETURNING id")
        .bind(client_id(&app, "Baltic").await)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let page: serde_json::Value = app.call(&ana, "document-requests", &[("after", &theirs.to_string())]).await.json().await.unwrap();
    assert_eq!(page, serde_json::json!({ "items": [], "next": null }));
}
