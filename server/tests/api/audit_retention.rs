//! Retention on PostgreSQL: whole months of sealed events are dropped, the digests stay, and
//! `audit verify` still passes and names the months retired; a month dropped by hand, or a
//! retirement record the server did not sign, fails it.

use crate::audit_seal::{portico, sample_row, verify_error};
use crate::helpers::*;
use server::audit::event::{insert_batch, EventRow};
use server::audit::{retire, seal_pending, verify};

const JAN_2021: i64 = 1_609_459_200_000_000;
const FEB_2021: i64 = 1_612_137_600_000_000;
const DAY: i64 = 86_400_000_000;

fn events(n: usize, start: i64, step: i64) -> Vec<EventRow> {
    (0..n).map(|i| EventRow { occurred_at: start + i as i64 * step, ..sample_row(0, i) }).collect()
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM audit_events WHERE {sql}")).fetch_one(&app.db.pool).await.unwrap()
}

#[tokio::test]
async fn retiring_old_months_keeps_the_trail_verifiable_and_says_what_went() {
    let app = spawn_app().await;
    let key = test_key();
    if !is_postgres(&app) {
        let err = retire(&app.db, &key, "2021-02").await.unwrap_err();
        assert!(err.contains("only PostgreSQL"), "{err}");
        return;
    }
    // 40 events in January 2021 and 30 in February, among today's demo events.
    insert_batch(&app.db, &events(40, JAN_2021, DAY / 2)).await.unwrap();
    insert_batch(&app.db, &events(30, FEB_2021, DAY / 2)).await.unwrap();
    let partitions: Vec<String> = sqlx::query_scalar("SELECT CAST(relname AS TEXT) FROM pg_class WHERE relkind = 'r' AND relname LIKE 'audit_events_2021%' ORDER BY 1").fetch_all(&app.db.pool).await.unwrap();
    assert_eq!(partitions, ["audit_events_2021_01", "audit_events_2021_02"], "a partition per month, made as events arrive");
    let err = retire(&app.db, &key, "2021-02").await.unwrap_err();
    assert!(err.contains("not sealed"), "unsealed events are never retired: {err}");
    app.flush_audit().await;
    seal_pending(&app.db, &key).await.unwrap();
    let sealed = verify(&app.db, &key.verifying_key()).await.unwrap();

    let out = portico(&app, &["audit", "retire", "--before", "2021-02"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "retired 2021-01: 40 events\n");
    assert_eq!((count(&app, &format!("occurred_at < {FEB_2021}")).await, count(&app, &format!("occurred_at >= {FEB_2021} AND occurred_at < {}", FEB_2021 + 28 * DAY)).await), (0, 30));
    let report = verify(&app.db, &key.verifying_key()).await.expect("the chain still verifies");
    assert_eq!(report.retired, [("2021-01".to_string(), 40)]);
    assert_eq!((report.events, report.digests), (sealed.events, sealed.digests), "the digests stay");
    let out = portico(&app, &["audit", "verify"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("retired (sealed, then removed; their digests verify): 2021-01 (40 events)"));
    assert_eq!(app.actions_where("action = $1", "audit.retired").await, ["audit.retired"], "retiring is itself recorded");
    assert!(retire(&app.db, &key, "2021-02").await.unwrap().is_empty(), "nothing left to retire");
    assert!(retire(&app.db, &key, "2999-01").await.unwrap_err().contains("current month"));

    // February dropped by hand, past the triggers: its events are missing, not retired.
    sqlx::query("DROP TABLE audit_events_2021_02").execute(&app.db.pool).await.unwrap();
    let message = verify_error(&app).await;
    assert!(message.contains("missing") && message.contains("deleted"), "{message}");
    // Nor does a retirement record that the server's key did not sign cover it.
    let digest: i64 = sqlx::query_scalar("SELECT MIN(digest_id) FROM audit_retired").fetch_one(&app.db.pool).await.unwrap();
    sqlx::query("INSERT INTO audit_retired (month, digest_id, events, retired_at, signature) VALUES ('2021-02', $1, 30, 0, 'forged')")
        .bind(digest)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let message = verify_error(&app).await;
    assert!(message.contains("not signed by this server's key"), "{message}");
}
