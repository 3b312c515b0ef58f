//! The audit events written so far (the audit issue builds the trail on top of them).

use crate::helpers::*;

#[tokio::test]
async fn audit_events_cannot_be_changed_or_removed() {
    let app = spawn_app().await;
    let ana = app.signed_in(ANA).await;
    let id = app.id_of_invoice("INV-2026-0131").await;
    app.call(&ana, "invoice", &[("id", &id.to_string())]).await;
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_events").fetch_one(&app.db.pool).await.unwrap();
    assert!(count >= 1);
    let update = sqlx::query("UPDATE audit_events SET action = 'nothing.happened'").execute(&app.db.pool).await;
    assert!(update.unwrap_err().to_string().contains("append-only"));
    let delete = sqlx::query("DELETE FROM audit_events").execute(&app.db.pool).await;
    assert!(delete.unwrap_err().to_string().contains("append-only"));
    let after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_events").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(after, count);
}

#[tokio::test]
async fn every_view_is_recorded_not_only_the_first_and_staff_previews_count_as_staff() {
    let app = spawn_app().await;
    let ana = app.signed_in(ANA).await;
    let sam = app.signed_in(SAM).await;
    let id = app.id_of_invoice("INV-2026-0131").await;
    for _ in 0..3 {
        app.call(&ana, "invoice", &[("id", &id.to_string())]).await;
    }
    app.call(&sam, "staff/invoice", &[("id", &id.to_string())]).await;
    let views: Vec<(String, String)> = sqlx::query_as("SELECT actor_kind, actor_email FROM audit_events WHERE action = 'invoice.viewed' AND target_id = $1 ORDER BY id")
        .bind(id.to_string())
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    let client_views = views.iter().filter(|(kind, _)| kind == "client").count();
    assert_eq!(client_views, 3, "every view, not only the first");
    assert_eq!(views.last().unwrap(), &("staff".to_string(), SAM.to_string()));
    let (ip, ua, request_id): (String, String, String) = sqlx::query_as("SELECT source_ip, user_agent, request_id FROM audit_events WHERE action = 'invoice.viewed' LIMIT 1")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(ip, "127.0.0.1");
    assert!(!request_id.is_empty());
    let _ = ua;
}
