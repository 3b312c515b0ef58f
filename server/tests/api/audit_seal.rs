//! Tamper evidence: sealed digests, `portico audit verify`, and sealing from several instances.

use crate::helpers::*;
use server::audit::{seal_pending, verify, AuditWriter, VerifyError};
use std::process::Command;

/// A trail with a few dozen real events, all sealed (several digests).
async fn sealed_app() -> TestApp {
    let app = spawn_app().await;
    let ana = app.signed_in(ANA).await;
    let id = app.id_of_invoice("INV-2026-0131").await;
    for i in 0..30 {
        app.call(&ana, "invoice", &[("id", &id.to_string())]).await;
        if i % 10 == 9 {
            app.flush_audit().await;
            seal_pending(&app.db, &test_key()).await.unwrap();
        }
    }
    app
}

/// What a database administrator could do with the triggers switched off.
async fn tamper(app: &TestApp, sql: &[String]) {
    if is_postgres(app) {
        sqlx::query("ALTER TABLE audit_events DISABLE TRIGGER USER").execute(&app.db.pool).await.unwrap();
        sqlx::query("ALTER TABLE audit_digests DISABLE TRIGGER USER").execute(&app.db.pool).await.unwrap();
    } else {
        for t in ["audit_events_no_update", "audit_events_no_delete", "audit_digests_no_update", "audit_digests_no_delete"] {
            sqlx::query(&format!("DROP TRIGGER {t}")).execute(&app.db.pool).await.unwrap();
        }
    }
    for statement in sql {
        let done = sqlx::query(statement).execute(&app.db.pool).await.unwrap();
        assert_eq!(done.rows_affected(), 1, "{statement}");
    }
}

async fn middle_event(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT id FROM audit_events WHERE action = 'invoice.viewed' ORDER BY id LIMIT 1 OFFSET 12").fetch_one(&app.db.pool).await.unwrap()
}

pub async fn verify_error(app: &TestApp) -> String {
    match verify(&app.db, &test_key().verifying_key()).await {
        Err(VerifyError::Mismatch(m)) => m,
        other => panic!("tampering went unnoticed: {other:?}"),
    }
}

/// Runs the `portico` binary on the test database with the test's audit key.
pub fn portico(app: &TestApp, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_portico"))
        .env("PORTICO_DATABASE_URL", &app.url)
        .env("PORTICO_AUDIT_KEY", hex::encode(test_key().to_bytes()))
        .env("PORTICO_LOG", "warn")
        .args(args)
        .output()
        .unwrap()
}

#[tokio::test]
async fn an_untouched_trail_verifies_on_the_command_line() {
    let app = sealed_app().await;
    let report = verify(&app.db, &test_key().verifying_key()).await.unwrap();
    assert_eq!(report.unsealed, 0);
    assert!(report.digests >= 3 && report.events >= 31, "{report:?}");
    let out = portico(&app, &["audit", "verify"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), format!("{} events, {} digests verified", report.events, report.digests));

    // Another key (a forger's) does not verify the digests.
    let other = ed25519_dalek::SigningKey::from_bytes(&[9u8; 32]);
    let out = portico(&app, &["audit", "verify", "--public-key", &hex::encode(other.verifying_key().to_bytes())]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("signed by another key"));
}

#[tokio::test]
async fn verify_names_an_edited_event() {
    let app = sealed_app().await;
    let id = middle_event(&app).await;
    tamper(&app, &[format!("UPDATE audit_events SET source_ip = '10.9.9.9' WHERE id = {id}")]).await;
    assert!(verify_error(&app).await.starts_with(&format!("event {id} does not match digest")));
    let out = portico(&app, &["audit", "verify"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains(&format!("event {id} does not match")));
}

#[tokio::test]
async fn verify_names_a_deleted_event() {
    let app = sealed_app().await;
    let id = middle_event(&app).await;
    tamper(&app, &[format!("DELETE FROM audit_events WHERE id = {id}")]).await;
    assert!(verify_error(&app).await.starts_with(&format!("event {id} is missing")));
}

#[tokio::test]
async fn verify_names_reordered_events() {
    let app = sealed_app().await;
    let id = sqlx::query_scalar::<_, i64>("SELECT id FROM audit_events WHERE action = 'auth.login.succeeded' ORDER BY id LIMIT 1").fetch_one(&app.db.pool).await.unwrap();
    let next: i64 = sqlx::query_scalar("SELECT MIN(id) FROM audit_events WHERE id > $1").bind(id).fetch_one(&app.db.pool).await.unwrap();
    // Swap the two events' contents, keeping the ids: the order of what happened changes.
    let swap = |a: i64, b: i64| {
        format!(
            "UPDATE audit_events SET action = (SELECT action FROM audit_events WHERE id = {b}), \
             target_type = (SELECT target_type FROM audit_events WHERE id = {b}), target_id = (SELECT target_id FROM audit_events WHERE id = {b}), \
             target_label = (SELECT target_label FROM audit_events WHERE id = {b}) WHERE id = {a}"
        )
    };
    let (action_a, type_a, tid_a, label_a): (String, String, String, String) =
        sqlx::query_as("SELECT action, target_type, target_id, target_label FROM audit_events WHERE id = $1").bind(id).fetch_one(&app.db.pool).await.unwrap();
    tamper(
        &app,
        &[swap(id, next), format!("UPDATE audit_events SET action = '{action_a}', target_type = '{type_a}', target_id = '{tid_a}', target_label = '{label_a}' WHERE id = {next}")],
    )
    .await;
    assert!(verify_error(&app).await.starts_with(&format!("event {id} does not match digest")));
}

#[tokio::test]
async fn verify_names_an_altered_or_removed_digest() {
    let app = sealed_app().await;
    let (first, second): (i64, i64) = sqlx::query_as("SELECT MIN(id), MAX(id) FROM audit_digests").fetch_one(&app.db.pool).await.unwrap();
    tamper(&app, &[format!("UPDATE audit_digests SET created_at = created_at + 1 WHERE id = {first}")]).await;
    assert_eq!(verify_error(&app).await, format!("digest {first} has been altered: its hash or signature does not match"));

    let app = sealed_app().await;
    tamper(&app, &[format!("DELETE FROM audit_digests WHERE id = {first}")]).await;
    assert!(verify_error(&app).await.starts_with(&format!("digest {} does not follow", first + 1)), "second digest: {second}");
}

#[tokio::test]
async fn several_instances_write_and_seal_one_trail_and_each_event_is_sealed_once() {
    let app = spawn_app().await;
    let writers: Vec<AuditWriter> = (0..2).map(|_| AuditWriter::start(app.db.clone(), 64)).collect();
    let writers = std::sync::Arc::new(writers);
    let mut tasks = Vec::new();
    for w in 0..2 {
        let writers = writers.clone();
        tasks.push(tokio::spawn(async move {
            for i in 0..400 {
                writers[w].record_row(sample_row(w, i)).await;
            }
            writers[w].flush().await;
        }));
        // Each instance also seals while the other writes.
        let db = app.db.clone();
        tasks.push(tokio::spawn(async move {
            for _ in 0..20 {
                seal_pending(&db, &test_key()).await.unwrap();
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    seal_pending(&app.db, &test_key()).await.unwrap();
    let report = verify(&app.db, &test_key().verifying_key()).await.unwrap();
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_events").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!((report.events, report.unsealed), (total, 0));
    let sealed: i64 = sqlx::query_scalar("SELECT CAST(SUM(event_count) AS BIGINT) FROM audit_digests").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(sealed, total, "no event in two digests");
    assert!(total >= 800);
}

pub fn sample_row(writer: usize, i: usize) -> server::audit::event::EventRow {
    server::audit::event::EventRow {
        id: 0,
        occurred_at: 1_750_000_000_000_000 + i as i64,
        actor_id: None,
        actor_kind: "system".into(),
        actor_name: format!("instance {writer}"),
        actor_email: String::new(),
        client_id: None,
        action: "test.event".into(),
        target_type: "test".into(),
        target_id: i.to_string(),
        target_label: String::new(),
        outcome: "success".into(),
        source_ip: String::new(),
        user_agent: String::new(),
        request_id: String::new(),
        details: String::new(),
    }
}

#[tokio::test]
async fn a_wrong_or_missing_key_is_refused_instead_of_breaking_the_chain() {
    let app = sealed_app().await;
    let other = hex::encode([9u8; 32]);
    let out = Command::new(env!("CARGO_BIN_EXE_portico"))
        .env("PORTICO_DATABASE_URL", &app.url)
        .env("PORTICO_AUDIT_KEY", &other)
        .env("PORTICO_LOG", "warn")
        .args(["audit", "seal"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is signed with key"), "{}", String::from_utf8_lossy(&out.stderr));

    let empty_dir = std::env::temp_dir().join(format!("portico_nokey_{}", uuid::Uuid::new_v4().simple()));
    let out = Command::new(env!("CARGO_BIN_EXE_portico"))
        .env("PORTICO_DATABASE_URL", &app.url)
        .env("PORTICO_DATA_DIR", &empty_dir)
        .env_remove("PORTICO_AUDIT_KEY")
        .env("PORTICO_LOG", "warn")
        .args(["audit", "verify"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no audit signing key"));
    assert!(!empty_dir.join("audit-signing.key").exists(), "verify never makes a key up");
    assert!(verify(&app.db, &test_key().verifying_key()).await.is_ok(), "the trail is untouched");
}
