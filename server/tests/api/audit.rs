//! The audit trail as staff and clients use it: what is recorded, by whom and from where; the
//! search, timeline, receipts, engagement and CSV export built on it.

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::json;
use server::config::Config;

#[tokio::test]
async fn audit_events_and_digests_cannot_be_changed_or_removed() {
    let app = spawn_app().await;
    let ana = app.signed_in(ANA).await;
    let id = app.id_of_invoice("INV-2026-0131").await;
    app.call(&ana, "invoice", &[("id", &id.to_string())]).await;
    app.flush_audit().await;
    server::audit::seal_pending(&app.db, &test_key()).await.unwrap();
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_events").fetch_one(&app.db.pool).await.unwrap();
    assert!(count >= 2);
    for table in ["audit_events", "audit_digests"] {
        let column = if table == "audit_events" { "action" } else { "signature" };
        let update = sqlx::query(&format!("UPDATE {table} SET {column} = 'nothing.happened'")).execute(&app.db.pool).await;
        assert!(update.unwrap_err().to_string().contains("append-only"), "{table}");
        let delete = sqlx::query(&format!("DELETE FROM {table}")).execute(&app.db.pool).await;
        assert!(delete.unwrap_err().to_string().contains("append-only"), "{table}");
    }
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
    app.flush_audit().await;
    let views: Vec<(String, String)> = sqlx::query_as("SELECT actor_kind, actor_email FROM audit_events WHERE action = 'invoice.viewed' AND target_id = $1 ORDER BY id")
        .bind(id.to_string())
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    let client_views = views.iter().filter(|(kind, _)| kind == "client").count();
    assert_eq!(client_views, 3, "every view, not only the first");
    assert_eq!(views.last().unwrap(), &("staff".to_string(), SAM.to_string()));
    let (ip, request_id): (String, String) = sqlx::query_as("SELECT source_ip, request_id FROM audit_events WHERE action = 'invoice.viewed' LIMIT 1")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(ip, "127.0.0.1");
    assert!(!request_id.is_empty());

    // The read receipt staff see counts Ana's three views, not Sam's preview.
    let page: serde_json::Value = app.call_json(&sam, "staff/invoices", serde_json::json!({ "filter": { "q": "0131" } })).await.json().await.unwrap();
    let receipt = &page["items"][0]["receipt"];
    assert_eq!(receipt["views"], 3);
    assert_eq!(receipt["last_by"], "Ana Reyes");
    let page: serde_json::Value = app.call_json(&sam, "staff/invoices", serde_json::json!({ "filter": { "q": "0158" } })).await.json().await.unwrap();
    assert_eq!(page["items"][0]["receipt"]["views"], 0, "never viewed");
    // Clients never see receipts.
    let mine = app.listed(&ana, serde_json::json!({})).await;
    assert!(mine["items"][0]["receipt"].is_null());
}

#[tokio::test]
async fn sign_ins_failures_and_sign_outs_are_recorded_without_passwords() {
    let app = spawn_app().await;
    let browser = browser();
    let wrong = "not-the-password-42";
    assert_eq!(app.login(&browser, ANA, wrong).await.status(), StatusCode::UNPROCESSABLE_ENTITY);
    app.login(&browser, "nobody@nowhere.example", wrong).await;
    assert_eq!(app.login(&browser, ANA, PASSWORD).await.status(), StatusCode::OK);
    assert_eq!(app.call(&browser, "logout", &[]).await.status(), StatusCode::OK);
    app.flush_audit().await;
    let rows: Vec<(String, String, String, Option<i64>, String)> = sqlx::query_as(
        "SELECT action, outcome, actor_email, client_id, details FROM audit_events WHERE action LIKE 'auth.%' ORDER BY id",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    let northwind = client_id(&app, "Northwind").await;
    let summary: Vec<(&str, &str, &str, Option<i64>)> = rows.iter().map(|r| (r.0.as_str(), r.1.as_str(), r.2.as_str(), r.3)).collect();
    assert_eq!(
        summary,
        vec![
            ("auth.login.failed", "failed", ANA, Some(northwind)),
            // An address nobody has is not kept (it may be a password typed in the wrong field).
            ("auth.login.failed", "failed", "(unknown address)", None),
            ("auth.login.succeeded", "success", ANA, Some(northwind)),
            ("auth.logout", "success", ANA, Some(northwind)),
        ]
    );
    let everything: Vec<String> = sqlx::query_scalar("SELECT details || target_label || actor_email || user_agent FROM audit_events").fetch_all(&app.db.pool).await.unwrap();
    assert!(everything.iter().all(|e| !e.contains(wrong) && !e.contains(PASSWORD)), "no password is ever recorded");
}

#[tokio::test]
async fn an_expired_session_is_recorded() {
    let mut config = Config::for_tests();
    config.session_idle = std::time::Duration::from_secs(1);
    let app = spawn_with(config).await;
    let ana = app.signed_in(ANA).await;
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    assert_eq!(app.call_json(&ana, "invoices", serde_json::json!({ "filter": {} })).await.status(), StatusCode::UNAUTHORIZED);
    let actions = app.actions_where("actor_email = $1 AND action LIKE 'auth.%'", ANA).await;
    assert_eq!(actions, vec!["auth.login.succeeded", "auth.session.expired"]);
}

#[tokio::test]
async fn forwarded_addresses_are_believed_only_from_trusted_proxies() {
    for (trusted, expected) in [("", "127.0.0.1"), ("127.0.0.1", "198.51.100.7")] {
        let mut config = Config::for_tests();
        config.trusted_proxies = server::config::parse_networks(trusted).unwrap();
        let app = spawn_with(config).await;
        let res = browser()
            .post(app.url("/api/login"))
            .header("x-forwarded-for", "198.51.100.7")
            .header("user-agent", "ProxyTest/1.0")
            .form(&[("email", ANA), ("password", PASSWORD)])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        app.flush_audit().await;
        let (ip, ua): (String, String) = sqlx::query_as("SELECT source_ip, user_agent FROM audit_events WHERE action = 'auth.login.succeeded'").fetch_one(&app.db.pool).await.unwrap();
        assert_eq!((ip.as_str(), ua.as_str()), (expected, "ProxyTest/1.0"), "trusted proxies: {trusted:?}");
    }
}

#[tokio::test]
async fn staff_search_the_trail_by_client_action_outcome_and_page_back_by_keyset() {
    let app = spawn_app().await;
    let northwind = client_id(&app, "Northwind").await;
    let ana = app.signed_in(ANA).await;
    let lina = app.signed_in(LINA).await;
    let id = app.id_of_invoice("INV-2026-0131").await;
    for _ in 0..60 {
        app.call(&ana, "invoice", &[("id", &id.to_string())]).await;
    }
    app.call(&lina, "invoice", &[("id", &id.to_string())]).await; // another client's: denied
    app.login(&browser(), ANA, "wrong password").await;
    let sam = app.signed_in(SAM).await;
    app.flush_audit().await;

    let search = |filter: serde_json::Value| {
        let (app, sam) = (&app, &sam);
        async move {
            let res = app.call_json(sam, "staff/activity", serde_json::json!({ "filter": filter })).await;
            assert_eq!(res.status(), StatusCode::OK);
            res.json::<serde_json::Value>().await.unwrap()
        }
    };
    let mut before = serde_json::Value::Null;
    let mut seen: Vec<i64> = Vec::new();
    loop {
        let page = search(serde_json::json!({ "client_id": northwind, "action": "invoice.", "before": before })).await;
        let items = page["items"].as_array().unwrap();
        assert!(items.len() <= 25, "one page at a time");
        assert!(items.iter().all(|e| e["client_id"] == northwind && e["action"].as_str().unwrap().starts_with("invoice.")));
        seen.extend(items.iter().map(|e| e["id"].as_i64().unwrap()));
        before = page["next_before"].clone();
        if before.is_null() {
            break;
        }
    }
    assert_eq!(seen.len(), 60, "every view, across pages, once");
    assert!(seen.windows(2).all(|w| w[0] > w[1]), "newest first, no overlap between pages");

    let denied = search(serde_json::json!({ "outcome": "denied" })).await;
    assert_eq!(denied["items"][0]["actor_email"], LINA);
    assert_eq!(denied["items"][0]["action"], "access.denied");
    let failed = search(serde_json::json!({ "actor": "ANA@north", "outcome": "failed" })).await;
    assert_eq!(failed["items"].as_array().unwrap().len(), 1, "actor search ignores case");
    let by_ip = search(serde_json::json!({ "ip": "127.0.", "from": "2000-01-01", "to": "2100-01-01" })).await;
    assert!(!by_ip["items"].as_array().unwrap().is_empty());
    let none = search(serde_json::json!({ "to": "2000-01-01" })).await;
    assert!(none["items"].as_array().unwrap().is_empty());

    // The trail is staff-only.
    let res = app.call_json(&ana, "staff/activity", serde_json::json!({ "filter": {} })).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_client_admin_sees_only_their_own_companys_people() {
    let app = spawn_app().await;
    let ana = app.signed_in(ANA).await; // the demo's Northwind admin
    app.login(&browser(), BEN, "not Ben's password").await;
    let ben = app.signed_in(BEN).await;
    let lina = app.signed_in(LINA).await;
    let sam = app.signed_in(SAM).await;
    let id = app.id_of_invoice("INV-2026-0131").await;
    app.call(&ben, "invoice", &[("id", &id.to_string())]).await;
    app.call(&sam, "staff/invoice", &[("id", &id.to_string())]).await;
    app.call(&lina, "invoices", &[]).await;
    app.flush_audit().await;
    let page: serde_json::Value = app.call_json(&ana, "activity", serde_json::json!({ "filter": { "client_id": 999 } })).await.json().await.unwrap();
    let items = page["items"].as_array().unwrap();
    assert!(items.iter().any(|e| e["actor_email"] == BEN && e["action"] == "invoice.viewed"), "Ben's view");
    assert!(items.iter().all(|e| [ANA, BEN].contains(&e["actor_email"].as_str().unwrap())), "no staff, no other client");
    assert!(items.iter().any(|e| e["action"] == "auth.login.failed" && e["actor_email"] == BEN), "failed sign-ins to their accounts");
    let res = app.call_json(&ben, "activity", serde_json::json!({ "filter": {} })).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "only the company's admin");
}

#[tokio::test]
async fn engagement_shows_last_seen_and_invoices_never_viewed() {
    let app = spawn_app().await;
    let ana = app.signed_in(ANA).await;
    let viewed = app.id_of_invoice("INV-2026-0131").await;
    app.call(&ana, "invoice", &[("id", &viewed.to_string())]).await;
    let sam = app.signed_in(SAM).await;
    let preview = app.id_of_invoice("INV-2026-0158").await;
    app.call(&sam, "staff/invoice", &[("id", &preview.to_string())]).await;
    app.flush_audit().await;
    let e: serde_json::Value = app.call_json(&sam, "staff/engagement", json!({ "pages": {} })).await.json().await.unwrap();
    let client = |name: &str| e["clients"].as_array().unwrap().iter().find(|c| c["name"].as_str().unwrap().starts_with(name)).cloned().unwrap();
    assert!(client("Northwind")["last_seen"].is_i64());
    assert!(client("Galil")["last_seen"].is_null(), "never seen");
    let never: Vec<&str> = e["never_viewed"].as_array().unwrap().iter().map(|i| i["number"].as_str().unwrap()).collect();
    assert!(!never.contains(&"INV-2026-0131"));
    assert!(never.contains(&"INV-2026-0158"), "a staff preview is not a client view");
    assert!(!never.contains(&"INV-2026-0180"), "drafts are not issued");
    let users: serde_json::Value = app.call(&sam, "staff/client-users", &[("client_id", &client("Northwind")["id"].to_string())]).await.json().await.unwrap();
    let ben = users.as_array().unwrap().iter().find(|u| u["detail"] == BEN).unwrap();
    assert!(ben["last_seen"].is_null());
    let people = e["users"].as_array().unwrap();
    let ana_row = people.iter().find(|u| u["name"].as_str().unwrap().starts_with("Ana")).unwrap();
    assert!(ana_row["last_seen"].is_i64());
    assert!(ana_row["detail"].as_str().unwrap().starts_with("Northwind"), "people show their company");
}

#[tokio::test]
async fn engagement_tables_page_through_every_client_person_and_invoice_once() {
    let app = spawn_app().await;
    // More clients and people than fit on a page, with names that tie.
    for n in 0..(2 * app::audit::model::ENGAGEMENT_PAGE_SIZE + 3) {
        let name = format!("Quiet Co {}", n % 4);
        let client = server::clients::create_client(&mut app.db.pool.acquire().await.unwrap(), &name, &format!("q{n}@quiet.example")).await.unwrap();
        sqlx::query("INSERT INTO users (email, name, password_hash, role, client_id, created_at) VALUES ($1, 'Pat', '', 'client', $2, 0)")
            .bind(format!("pat{n}@quiet.example"))
            .bind(client)
            .execute(&app.db.pool)
            .await
            .unwrap();
    }
    // More issued invoices nobody opened than fit on a page, on a few dates.
    let galil = client_id(&app, "Galil").await;
    for n in 0..(2 * app::audit::model::ENGAGEMENT_PAGE_SIZE) {
        sqlx::query(
            "INSERT INTO invoices (client_id, number, issue_date, due_date, currency, status, subtotal_minor, tax_minor, total_minor, created_at, updated_at) \
             VALUES ($1, $2, $3, '2026-12-31', 'USD', 'open', 100, 0, 100, 0, 0)",
        )
        .bind(galil)
        .bind(format!("UNSEEN-{n}"))
        .bind(format!("2026-0{}-01", 1 + n % 5))
        .execute(&app.db.pool)
        .await
        .unwrap();
    }
    let sam = app.signed_in(SAM).await;
    let clients: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM clients").fetch_one(&app.db.pool).await.unwrap();
    let people: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE role = 'client'").fetch_one(&app.db.pool).await.unwrap();
    let tables = [("clients", "clients", "clients_next", clients as usize), ("people", "users", "users_next", people as usize)];
    for (position, rows, next, all) in tables {
        let (mut seen, mut after, mut pages) = (Vec::new(), None::<i64>, 0);
        loop {
            let e: serde_json::Value = app.call_json(&sam, "staff/engagement", json!({ "pages": { position: after } })).await.json().await.unwrap();
            seen.extend(e[rows].as_array().unwrap().iter().map(|r| r["id"].as_i64().unwrap()));
            pages += 1;
            match e[next].as_i64() {
                Some(n) => after = Some(n),
                None => break,
            }
        }
        let distinct: std::collections::HashSet<i64> = seen.iter().copied().collect();
        assert_eq!((seen.len(), distinct.len()), (all, all), "{position}: every row once");
        assert!(pages >= 3, "{position}: {pages} pages");
    }
    // Invoices never viewed: newest first across pages.
    let (mut dates, mut numbers, mut after) = (Vec::new(), std::collections::HashSet::new(), None::<i64>);
    loop {
        let e: serde_json::Value = app.call_json(&sam, "staff/engagement", json!({ "pages": { "invoices": after } })).await.json().await.unwrap();
        for i in e["never_viewed"].as_array().unwrap() {
            dates.push(i["issue_date"].as_str().unwrap().to_string());
            assert!(numbers.insert(i["number"].as_str().unwrap().to_string()), "{} twice", i["number"]);
        }
        match e["never_viewed_next"].as_i64() {
            Some(n) => after = Some(n),
            None => break,
        }
    }
    assert!((0..2 * app::audit::model::ENGAGEMENT_PAGE_SIZE).all(|n| numbers.contains(&format!("UNSEEN-{n}"))), "none skipped");
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "newest first");
}

#[tokio::test]
async fn the_csv_export_streams_every_matching_event_and_is_itself_recorded() {
    let app = spawn_app().await;
    let northwind = client_id(&app, "Northwind").await;
    let rows: Vec<server::audit::event::EventRow> = (0..2500)
        .map(|i| server::audit::event::EventRow {
            id: 0,
            occurred_at: 1_700_000_000_000_000 + i,
            actor_id: None,
            actor_kind: "client".into(),
            actor_name: "Ana, \"the\" admin".into(),
            actor_email: ANA.into(),
            client_id: Some(if i % 5 == 0 { northwind + 1 } else { northwind }),
            action: "invoice.viewed".into(),
            target_type: "invoice".into(),
            target_id: i.to_string(),
            target_label: "=HYPERLINK(\"x\")".into(),
            outcome: "success".into(),
            source_ip: "203.0.113.5".into(),
            user_agent: "Bench".into(),
            request_id: String::new(),
            details: String::new(),
        })
        .collect();
    server::audit::event::insert_batch(&app.db, &rows).await.unwrap();
    let sam = app.signed_in(SAM).await;
    let res = app.get(&sam, &format!("/staff/audit/export.csv?client_id={northwind}&action=invoice.viewed")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-disposition"].to_str().unwrap().contains(".csv"));
    let body = res.text().await.unwrap();
    let lines: Vec<&str> = body.lines().collect();
    assert_eq!(lines[0], server::audit::export::HEADER.trim_end());
    assert_eq!(lines.len(), 1 + 2000, "every matching event across pages, nothing else");
    assert!(lines[1].contains("\"Ana, \"\"the\"\" admin\"") && lines[1].contains("\"'=HYPERLINK(\"\"x\"\")\""), "{}", lines[1]);
    let exported = app.actions_where("action = $1", "audit.exported").await;
    assert_eq!(exported.len(), 1);

    let ana = app.signed_in(ANA).await;
    assert_eq!(app.get(&ana, "/staff/audit/export.csv").await.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.get(&sam, "/staff/audit/export.csv?from=yesterday").await.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn profile_and_password_changes_are_recorded_with_old_and_new_values() {
    let app = spawn_app().await;
    let ben = app.signed_in(BEN).await;
    let res = app.call(&ben, "account/profile", &[("name", "Benjamin Okafor")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app.call(&ben, "account/profile", &[("name", "  ")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = app.call(&ben, "account/password", &[("current_password", "wrong password!"), ("new_password", "a new long password")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = app.call(&ben, "account/password", &[("current_password", PASSWORD), ("new_password", "short")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = app.call(&ben, "account/password", &[("current_password", PASSWORD), ("new_password", "a new long password")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(app.login(&browser(), BEN, "a new long password").await.status(), StatusCode::OK);
    assert_eq!(app.login(&browser(), BEN, PASSWORD).await.status(), StatusCode::UNPROCESSABLE_ENTITY);

    app.flush_audit().await;
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT action, outcome, actor_name, details FROM audit_events WHERE action IN ('profile.updated', 'auth.password.changed') ORDER BY id",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert_eq!((rows[0].0.as_str(), rows[0].1.as_str(), rows[0].2.as_str()), ("profile.updated", "success", "Ben Okafor"));
    let details: serde_json::Value = serde_json::from_str(&rows[0].3).unwrap();
    assert_eq!(details["name"], serde_json::json!({ "from": "Ben Okafor", "to": "Benjamin Okafor" }));
    assert_eq!((rows[1].0.as_str(), rows[1].1.as_str()), ("auth.password.changed", "failed"));
    assert_eq!((rows[2].0.as_str(), rows[2].1.as_str(), rows[2].2.as_str()), ("auth.password.changed", "success", "Benjamin Okafor"));
    let everything: Vec<String> = sqlx::query_scalar("SELECT details || target_label FROM audit_events").fetch_all(&app.db.pool).await.unwrap();
    assert!(everything.iter().all(|e| !e.contains("a new long password") && !e.contains("wrong password!")));
}

/// A text search reads the trail in windows of ids, newest first, widening until it has its
/// page: a person last seen 70,000 events ago is still found, and paging goes on in id order
/// across the windows.
#[tokio::test]
async fn a_text_search_finds_what_lies_far_back_and_pages_across_windows() {
    use app::audit::model::ActivityFilter;
    use server::audit::event::{insert_batch, EventRow};
    let app = spawn_app().await;
    let row = |i: usize, name: &str| EventRow { actor_name: name.into(), ..crate::audit_seal::sample_row(0, i) };
    insert_batch(&app.db, &[row(0, "Needle Oldest")]).await.unwrap();
    for chunk in (1..70_000).collect::<Vec<_>>().chunks(5_000) {
        let mut batch: Vec<EventRow> = chunk.iter().map(|i| row(*i, "Hay")).collect();
        if chunk[0] == 35_001 {
            batch[0] = row(35_001, "Needle Middle");
        }
        insert_batch(&app.db, &batch).await.unwrap();
    }
    insert_batch(&app.db, &[row(70_000, "Needle Newest")]).await.unwrap();
    let search = |before| {
        let filter = ActivityFilter { actor: Some("needle".into()), before, ..Default::default() };
        let activity = app.state.services.activity.clone();
        async move { activity.search(&filter, 2).await.unwrap() }
    };
    let first = search(None).await;
    let names: Vec<&str> = first.items.iter().map(|e| e.actor_name.as_str()).collect();
    assert_eq!(names, ["Needle Newest", "Needle Middle"]);
    let second = search(first.next_before).await;
    assert_eq!(second.items.iter().map(|e| e.actor_name.as_str()).collect::<Vec<_>>(), ["Needle Oldest"]);
    assert_eq!(second.next_before, None);
}
