//! Facing the open internet: sign-in throttling and its cost, requests from other sites, the
//! browser's security headers, and the smaller holes a review found.

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::json;
use server::auth::password::hashes_computed;
use server::config::Config;

/// A client that says nothing about where its requests come from (curl, a script).
fn bare() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

fn retry_after(res: &reqwest::Response) -> u64 {
    res.headers().get("retry-after").and_then(|v| v.to_str().ok()).and_then(|v| v.parse().ok()).expect("a Retry-After header")
}

#[tokio::test]
async fn wrong_passwords_for_one_account_slow_down_then_wait_and_the_hash_is_never_reached() {
    let app = spawn_app().await;
    let mut answers = Vec::new();
    for _ in 0..12 {
        let res = app.login(&browser(), ANA, "not the password").await;
        let wait = res.headers().get("retry-after").and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
        answers.push((res.status().as_u16(), wait));
    }
    // Five are checked at once; from then on each must wait longer than the one before
    // (a refusal itself is answered after up to a second).
    assert!(answers[..5].iter().all(|a| a.0 == 422) && answers[5] == (429, Some(1)), "{answers:?}");
    let checked = answers.iter().filter(|a| a.0 == 422).count();
    assert!(checked <= 8, "12 quick guesses, at most 8 checked: {answers:?}");
    assert!(answers.iter().filter_map(|a| a.1).max() >= Some(4), "the waits grow: {answers:?}");
    let res = app.login(&browser(), ANA, PASSWORD).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS, "even the right password waits: nothing is checked");
    assert!(retry_after(&res) >= 1);
    assert_eq!(res.json::<serde_json::Value>().await.unwrap()["Throttled"]["retry_after"].as_u64().map(|s| s >= 1), Some(true));
    let own = app.actions_where("action = 'auth.login.failed' AND actor_email = $1", ANA).await.len();
    assert_eq!(own, checked, "refused attempts are not checked, so not recorded as failed");

    // One `auth.throttled` event for the whole burst, not one per refusal.
    for _ in 0..3 {
        app.login(&browser(), ANA, "not the password").await;
    }
    assert_eq!(app.actions_where("action = $1", "auth.throttled").await.len(), 1);
    let (_, _, _, _, outcome, details) = app.last_event("auth.throttled").await.unwrap();
    assert_eq!(outcome, "failed");
    assert_eq!(details["limits"], json!(["account", "address"]));

    // It is a wait, never a lock: once it is over the right password works, and the count starts over.
    sqlx::query("UPDATE throttle SET blocked_until = 0").execute(&app.db.pool).await.unwrap();
    assert_eq!(app.login(&browser(), ANA, PASSWORD).await.status(), StatusCode::OK);
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM throttle WHERE scope = 'account'").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(left, 0, "the account's count starts over after a good sign-in");
}

#[tokio::test]
async fn a_hundred_failures_an_hour_at_most_and_every_instance_sees_the_same_count() {
    let app = spawn_app().await;
    let other = app.second_instance().await;
    // Pretend the account already failed 99 times this hour (waits spent).
    let key = server::sha256_hex(BEN);
    let now_ms = server::db::now_secs() * 1000;
    sqlx::query("INSERT INTO throttle (scope, key, attempts, window_start, blocked_until) VALUES ('account', $1, 99, $2, 0)")
        .bind(&key)
        .bind(now_ms - 60_000)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let res = browser().post(format!("{other}/api/login")).form(&[("email", BEN), ("password", "a wrong one")]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "the 100th is still checked, on the other instance");
    let res = app.login(&browser(), BEN, PASSWORD).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS, "this instance knows: the hour's cap is reached");
    let wait = retry_after(&res);
    assert!((3500..=3600).contains(&wait), "until the hour is over, not for ever: {wait}");
}

#[tokio::test]
async fn failures_from_one_address_are_counted_across_accounts() {
    let app = spawn_app().await;
    let mut statuses = Vec::new();
    for n in 0..22 {
        statuses.push(app.login(&browser(), &format!("guess{n}@example.com"), "some password").await.status().as_u16());
    }
    assert!(statuses[..20].iter().all(|s| *s == 422), "{statuses:?}");
    assert_eq!(statuses[20], 429, "credential stuffing from one address slows down: {statuses:?}");
}

#[tokio::test]
async fn unknown_disabled_invited_and_wrong_all_get_the_same_answer_after_the_same_work() {
    let app = spawn_app().await;
    let sam = app.signed_in(SAM).await;
    let northwind = client_id(&app, "Northwind").await.to_string();
    let res = app.call(&sam, "people/invite", &[("client_id", &northwind), ("name", "New Person"), ("email", "new@northwind.example")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    server::auth::users::set_disabled(&app.db, app.user_id(LINA).await, true).await.unwrap();
    let mut answers = Vec::new();
    for (email, password) in [("nobody@example.com", PASSWORD), (LINA, PASSWORD), ("new@northwind.example", "any password at all"), (ANA, "not the password")] {
        let before = hashes_computed();
        let res = app.login(&browser(), email, password).await;
        let work = hashes_computed() - before;
        answers.push((res.status(), res.text().await.unwrap()));
        // Tests in parallel hash too: at least one hash, each time, whatever the case.
        assert!(work >= 1, "{email}: a full password hash is computed");
    }
    assert!(answers.windows(2).all(|w| w[0] == w[1]), "{answers:?}");
    assert_eq!(answers[0].0, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_failed_sign_in_keeps_the_typed_email_only_when_it_is_a_known_persons() {
    let app = spawn_app().await;
    app.login(&browser(), "correct horse battery staple", "x").await;
    let (_, actor, _, _, _, details) = app.last_event("auth.login.failed").await.unwrap();
    assert_eq!((actor.as_str(), details["email"].as_str()), ("(unknown address)", Some("(unknown address)")));
    app.login(&browser(), "nobody@example.com", "x").await;
    assert_eq!(app.last_event("auth.login.failed").await.unwrap().1, "(unknown address)");
    app.login(&browser(), "Ben@Northwind.example", "x").await;
    assert_eq!(app.last_event("auth.login.failed").await.unwrap().1, BEN);
    let stored: Vec<String> = sqlx::query_scalar("SELECT details FROM audit_events").fetch_all(&app.db.pool).await.unwrap();
    assert!(stored.iter().all(|d| !d.contains("horse")), "a password typed as an email is never stored");
}

#[tokio::test]
async fn wrong_one_time_codes_wait_after_a_handful() {
    let app = spawn_app().await;
    let ben = app.signed_in(BEN).await;
    crate::auth::turn_on_two_step(&app, &ben).await;
    let mut statuses = Vec::new();
    for _ in 0..7 {
        statuses.push(app.call(&browser(), "login", &[("email", BEN), ("password", PASSWORD), ("code", "000000")]).await.status().as_u16());
    }
    assert_eq!(statuses[..6], [422, 422, 422, 422, 422, 429], "{statuses:?}");
}

#[tokio::test]
async fn wrong_invite_links_and_wrong_current_passwords_wait_too() {
    let app = spawn_app().await;
    let visitor = browser();
    let mut statuses = Vec::new();
    for n in 0..12 {
        let token = format!("{n:064x}");
        statuses.push(app.call(&visitor, "welcome/accept", &[("token", &token), ("password", "a long new password"), ("confirm", "a long new password")]).await.status().as_u16());
    }
    assert!(statuses[..10].iter().all(|s| *s == 404) && statuses[10] == 429, "{statuses:?}");

    let ana = app.signed_in(ANA).await;
    let mut statuses = Vec::new();
    for _ in 0..7 {
        let res = app.call(&ana, "account/password", &[("current_password", "not it at all"), ("new_password", "a brand new password")]).await;
        statuses.push(res.status().as_u16());
    }
    assert_eq!(statuses[..6], [422, 422, 422, 422, 422, 429], "{statuses:?}");
    let failed = app.actions_where("action = $1 AND outcome = 'failed'", "auth.password.changed").await.len();
    assert_eq!(failed, statuses.iter().filter(|s| **s == 422).count(), "each checked one is recorded, no refused one");
}

#[tokio::test]
async fn a_request_from_another_site_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let evil = [("origin", "http://evil.example"), ("sec-fetch-site", "cross-site")];
    let mut req = bare().post(app.url("/api/login")).form(&[("email", ANA), ("password", PASSWORD)]);
    for (k, v) in evil {
        req = req.header(k, v);
    }
    let res = req.send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "login CSRF");
    assert!(session_cookie(&res).is_none());

    // A signed-in person's browser, tricked by another site, changes nothing either.
    let ana = app.signed_in(ANA).await;
    let res = ana.post(app.url("/api/account/profile")).header("sec-fetch-site", "cross-site").form(&[("name", "Hacked")]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let name: String = sqlx::query_scalar("SELECT name FROM users WHERE email = $1").bind(ANA).fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(name, "Ana Reyes");
    // Neither header (a script): refused. Same-site but not same-origin: refused.
    assert_eq!(bare().post(app.url("/api/login")).form(&[("email", ANA), ("password", PASSWORD)]).send().await.unwrap().status(), StatusCode::FORBIDDEN);
    let res = bare().post(app.url("/api/login")).header("sec-fetch-site", "same-site").form(&[("email", ANA), ("password", PASSWORD)]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // Uploads are state changes too.
    let form = reqwest::multipart::Form::new().part("file", reqwest::multipart::Part::bytes(b"%PDF-1.4 x".to_vec()).file_name("a.pdf"));
    let res = ana.post(app.url("/documents/upload")).header("sec-fetch-site", "cross-site").multipart(form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.actions_where("action = $1", "document.uploaded").await.len(), 0);
    assert_eq!(app.actions_where("action = $1", "profile.updated").await.len(), 0);
}

#[tokio::test]
async fn an_older_browser_is_recognised_by_an_origin_equal_to_the_public_url() {
    let app = spawn_with(Config { public_url: "https://portal.example".into(), ..Config::for_tests() }).await;
    let res = bare().post(app.url("/api/login")).header("origin", "https://portal.example").form(&[("email", ANA), ("password", PASSWORD)]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let res = bare().post(app.url("/api/login")).header("origin", "https://portal.example.evil.example").form(&[("email", ANA), ("password", PASSWORD)]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_signed_payment_webhook_needs_no_browser_headers() {
    let app = spawn_app().await;
    let res = bare().post(app.url("/webhooks/payments")).body("{}").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST, "checked by its signature, not refused as cross-site");
}

#[tokio::test]
async fn pages_carry_a_nonce_policy_and_every_answer_the_security_headers() {
    let app = spawn_app().await;
    let ana = app.signed_in(ANA).await;
    let res = app.get(&ana, "/invoices").await;
    let h = res.headers().clone();
    let header = |name: &str| h.get(name).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let csp = header("content-security-policy");
    let html = res.text().await.unwrap();
    let nonce = csp.split("'nonce-").nth(1).and_then(|r| r.split('\'').next()).expect("a nonce in the policy").to_string();
    assert!(nonce.len() >= 16);
    assert!(html.contains(&format!("nonce=\"{nonce}\"")), "the hydration scripts carry the same nonce");
    for part in ["frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "'wasm-unsafe-eval'"] {
        assert!(csp.contains(part), "{part} in {csp}");
    }
    assert!(!csp.contains("unsafe-inline"));
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert_eq!(header("referrer-policy"), "same-origin");
    assert_eq!(header("cache-control"), "no-store");
    assert_eq!(header("x-frame-options"), "DENY");
    assert!(header("permissions-policy").contains("camera=()"));
    assert_eq!(header("strict-transport-security"), "", "no HSTS over plain http");
    // A fresh nonce for every response.
    let again = app.get(&ana, "/invoices").await.headers().get("content-security-policy").unwrap().to_str().unwrap().to_string();
    assert_ne!(again, csp);

    // Server functions and downloads are never cached; a page with a token in its URL sends no referrer.
    let api = app.call_json(&ana, "invoices", json!({ "filter": {} })).await;
    assert_eq!(api.headers()["cache-control"], "no-store");
    assert_eq!(api.headers()["x-content-type-options"], "nosniff");
    let csv = app.get(&ana, "/statement/csv").await;
    assert_eq!(csv.headers()["cache-control"], "no-store");
    let welcome = app.get(&browser(), &format!("/welcome?token={}", "0".repeat(64))).await;
    assert_eq!(welcome.headers()["referrer-policy"], "no-referrer");
    // The sign-in page too, and the 404 page, have a policy.
    for path in ["/login", "/no-such-page"] {
        let res = app.get(&browser(), path).await;
        assert!(res.headers().get("content-security-policy").is_some(), "{path}");
    }
}

#[tokio::test]
async fn over_https_the_portal_sends_hsts_and_a_host_only_cookie() {
    let app = spawn_with(Config { public_url: "https://portal.example".into(), ..Config::for_tests() }).await;
    let res = app.get(&browser(), "/login").await;
    assert_eq!(res.headers()["strict-transport-security"], "max-age=63072000; includeSubDomains");
    let res = app.login(&browser(), ANA, PASSWORD).await;
    let cookie = res.headers().get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()).find(|c| c.contains("portico_session")).unwrap().to_string();
    assert!(cookie.starts_with("__Host-portico_session=") && cookie.contains("Secure") && cookie.contains("Path=/") && !cookie.contains("Domain"), "{cookie}");
}

#[test]
fn serve_refuses_plain_http_on_an_address_others_can_reach() {
    use clap::Parser;
    #[derive(Parser)]
    struct Args {
        #[command(flatten)]
        serve: server::config::ServeArgs,
    }
    let config = |args: &[&str]| Config::from_args(&Args::parse_from([&["serve"], args].concat()).serve, std::path::Path::new("data"));
    let refused = config(&["--addr", "0.0.0.0:3000"]).unwrap_err();
    assert!(refused.contains("--insecure-http"), "{refused}");
    assert!(config(&["--addr", "0.0.0.0:3000", "--public-url", "https://portal.example"]).is_ok(), "behind a TLS proxy");
    assert!(config(&["--addr", "0.0.0.0:3000", "--insecure-http"]).is_ok());
    assert!(config(&["--addr", "127.0.0.1:3000"]).is_ok());
}

#[tokio::test]
async fn return_to_on_uploads_is_only_ever_a_path_of_this_site() {
    let app = spawn_app().await;
    let ana = app.signed_in(ANA).await;
    for target in ["/\\evil.com", "//evil.com", "https://evil.com/"] {
        let form = reqwest::multipart::Form::new()
            .text("return_to", target.to_string())
            .part("file", reqwest::multipart::Part::bytes(b"%PDF-1.4 test".to_vec()).file_name("a.pdf"));
        let res = ana.post(app.url("/documents/upload")).header("accept", "text/html").multipart(form).send().await.unwrap();
        assert_ne!(res.status(), StatusCode::SEE_OTHER, "{target}: no redirect off the site");
        assert!(res.headers().get("location").is_none(), "{target}");
    }
}

#[tokio::test]
async fn absurd_amounts_are_refused_with_a_clear_error_never_a_wrong_total() {
    let app = spawn_app().await;
    let sam = app.signed_in(SAM).await;
    let northwind = client_id(&app, "Northwind").await;
    let draft = |quantity: &str, price: &str, lines: usize| {
        let line = json!({ "description": "Work", "quantity": quantity, "unit_price": price, "tax_rate": "" });
        json!({ "draft": { "client_id": northwind, "number": "INV-HUGE-1", "issue_date": "2026-11-01", "due_date": "2026-11-30", "currency": "USD", "notes": "", "lines": vec![line; lines] } })
    };
    for (quantity, price, lines, code) in [
        ("1000001", "1", 1, "too_large"),
        ("1", "10000000001", 1, "too_large"),
        ("99999999999999999999", "1", 1, "must_be_positive"),
        ("1000000", "9999999999.99", 150, "total_too_large"),
        ("1", "1", 201, "too_many_lines"),
    ] {
        let res = app.call_json(&sam, "staff/invoice/create", draft(quantity, price, lines)).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{quantity} × {price} × {lines}");
        assert!(res.text().await.unwrap().contains(code), "{code}");
    }
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM invoices WHERE number = 'INV-HUGE-1'").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(count, 0);
}

#[tokio::test]
async fn a_client_asking_for_another_clients_invoice_pdf_is_recorded_as_refused() {
    let app = spawn_app().await;
    let ana = app.signed_in(ANA).await;
    let theirs = app.id_of_invoice("INV-2026-0120").await;
    assert_eq!(app.get(&ana, &format!("/invoices/{theirs}/pdf")).await.status(), StatusCode::NOT_FOUND);
    let (kind, actor, _, _, outcome, _) = app.last_event("access.denied").await.expect("recorded");
    assert_eq!((kind.as_str(), actor.as_str(), outcome.as_str()), ("client", ANA, "denied"));
}

#[tokio::test]
async fn the_two_step_secret_being_set_up_is_never_in_session_data() {
    let app = spawn_app().await;
    let ben = app.signed_in(BEN).await;
    let setup: serde_json::Value = app.call(&ben, "account/2fa/start", &[("password", PASSWORD)]).await.json().await.unwrap();
    let secret = setup["secret"].as_str().unwrap();
    let sessions: Vec<String> = sqlx::query_scalar("SELECT data FROM sessions").fetch_all(&app.db.pool).await.unwrap();
    assert!(!sessions.is_empty() && sessions.iter().all(|d| !d.contains(secret)));
}

#[tokio::test]
async fn a_slow_client_cannot_hold_a_connection_by_trickling_its_headers() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = spawn_app().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = server::http::router(app.state.clone());
    tokio::spawn(server::http::serve::serve(listener, router, std::time::Duration::from_secs(1), std::future::pending()));
    let mut conn = tokio::net::TcpStream::connect(addr).await.unwrap();
    conn.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n").await.unwrap();
    let started = std::time::Instant::now();
    let mut buf = Vec::new();
    // The headers never end: the server closes the connection after its limit.
    let read = tokio::time::timeout(std::time::Duration::from_secs(10), conn.read_to_end(&mut buf)).await;
    assert!(read.is_ok(), "the connection was closed");
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    // A complete request on a new connection is answered.
    let mut ok = tokio::net::TcpStream::connect(addr).await.unwrap();
    ok.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").await.unwrap();
    let mut answer = String::new();
    ok.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

/// Walks a keyset-paged document list from the first page to the last: the ids in order.
async fn walk_documents(page: impl Fn(Option<i64>) -> reqwest::RequestBuilder) -> Vec<serde_json::Value> {
    let (mut seen, mut after) = (Vec::new(), None);
    loop {
        let res = page(after).header("accept", "application/json").send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let v: serde_json::Value = res.json().await.unwrap();
        // The staff call answers (page, requests).
        let page = if v.is_array() { v[0].clone() } else { v };
        let items = page["items"].as_array().unwrap();
        assert!(items.len() <= app::documents::model::DOC_PAGE_SIZE, "a page holds at most one page size");
        seen.extend(items.iter().cloned());
        match page["next"].as_i64() {
            Some(next) => after = Some(next),
            None => return seen,
        }
    }
}

#[tokio::test]
async fn long_document_lists_come_in_pages_that_skip_and_repeat_nothing() {
    let app = spawn_app().await;
    let northwind = client_id(&app, "Northwind").await;
    // Many ties in every sort key (title, size, date), which only the id breaks.
    for n in 0..(2 * app::documents::model::DOC_PAGE_SIZE + 5) {
        let id: i64 = sqlx::query_scalar("INSERT INTO documents (client_id, folder, title, created_at, updated_at) VALUES ($1, 'Reports', $2, 0, $3) RETURNING id")
            .bind(northwind)
            .bind(format!("Report {}", n % 10))
            .bind((n % 3) as i64)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        sqlx::query("INSERT INTO document_versions (document_id, version, storage_key, file_name, content_type, size_bytes, sha256, created_at) VALUES ($1, 1, $2, 'r.pdf', 'application/pdf', $3, '', 0)")
            .bind(id)
            .bind(format!("no-such-object-{n}"))
            .bind((n % 7) as i64)
            .execute(&app.db.pool)
            .await
            .unwrap();
    }
    let all: Vec<i64> = sqlx::query_scalar("SELECT id FROM documents WHERE client_id = $1 AND deleted_at IS NULL ORDER BY id").bind(northwind).fetch_all(&app.db.pool).await.unwrap();
    let ids = |docs: &[serde_json::Value]| {
        let mut ids: Vec<i64> = docs.iter().map(|d| d["id"].as_i64().unwrap()).collect();
        ids.sort();
        ids
    };
    let ana = app.signed_in(ANA).await;
    for sort in ["date", "name", "size"] {
        let docs = walk_documents(|after| ana.post(app.url("/api/documents")).json(&json!({ "filter": { "sort": sort, "after": after } }))).await;
        assert_eq!(ids(&docs), all, "sorted by {sort}: every document once");
        let keys: Vec<(String, i64)> = docs.iter().map(|d| (d["title"].as_str().unwrap().to_uppercase(), d["size_bytes"].as_i64().unwrap())).collect();
        match sort {
            "name" => assert!(keys.windows(2).all(|w| w[0].0 <= w[1].0), "in name order"),
            "size" => assert!(keys.windows(2).all(|w| w[0].1 >= w[1].1), "largest first"),
            _ => {}
        }
    }
    // Staff page through the same documents.
    let sam = app.signed_in(SAM).await;
    let docs = walk_documents(|after| {
        let mut form = vec![("client_id", northwind.to_string())];
        form.extend(after.map(|a| ("after", a.to_string())));
        sam.post(app.url("/api/staff/documents")).form(&form)
    })
    .await;
    assert_eq!(ids(&docs), all);
    // Another client's document as the position: an empty page, as for one that does not exist.
    let theirs: i64 = sqlx::query_scalar("SELECT id FROM documents WHERE client_id <> $1 ORDER BY id LIMIT 1").bind(northwind).fetch_one(&app.db.pool).await.unwrap();
    for after in [theirs, i64::MAX] {
        let page: serde_json::Value = app.call_json(&ana, "documents", json!({ "filter": { "after": after } })).await.json().await.unwrap();
        assert_eq!(page, json!({ "items": [], "next": null }), "after {after}");
    }
}

#[tokio::test]
async fn a_change_the_schema_refuses_is_a_clear_422_not_a_500() {
    use app::error::AppError;
    use server::db::db_err;
    let app = spawn_app().await;
    let invoice = app.id_of_invoice("INV-2026-0131").await;
    // A CHECK: a payment of nothing.
    let check = sqlx::query("INSERT INTO payments (invoice_id, kind, paid_on, amount_minor, method, created_at) VALUES ($1, 'payment', '2026-01-01', 0, 'x', 0)")
        .bind(invoice)
        .execute(&app.db.pool)
        .await
        .unwrap_err();
    assert_eq!(db_err(check), AppError::invalid("form", "not_allowed"));
    // A foreign key: a document of a client that does not exist.
    let fk = sqlx::query("INSERT INTO documents (client_id, folder, title, created_at, updated_at) VALUES (999999, 'Reports', 'x', 0, 0)").execute(&app.db.pool).await.unwrap_err();
    assert_eq!(db_err(fk), AppError::invalid("form", "unknown_reference"));
    assert_eq!(AppError::invalid("form", "unknown_reference").status(), 422);
    // A duplicate: 409.
    let dup = sqlx::query("INSERT INTO settings (key, value) VALUES ('firm_name', 'x')").execute(&app.db.pool).await.unwrap_err();
    assert!(matches!(db_err(dup), AppError::Conflict(_)));
}
