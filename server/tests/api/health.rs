use crate::helpers::*;
use reqwest::StatusCode;

#[tokio::test]
async fn health_is_up_and_ready_follows_the_database() {
    let app = spawn_app().await;
    let client = browser();
    let res = app.get(&client, "/healthz").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers().contains_key("x-request-id"), "every response carries a request id");
    assert_eq!(app.get(&client, "/readyz").await.status(), StatusCode::OK);

    app.db.pool.close().await;
    assert_eq!(app.get(&client, "/healthz").await.status(), StatusCode::OK, "still alive");
    assert_eq!(app.get(&client, "/readyz").await.status(), StatusCode::SERVICE_UNAVAILABLE);
}

async fn scrape(app: &TestApp, token: Option<&str>) -> (StatusCode, String) {
    let mut req = browser().get(app.url("/metrics"));
    if let Some(token) = token {
        req = req.bearer_auth(token);
    }
    let res = req.send().await.expect("request");
    (res.status(), res.text().await.expect("body"))
}

#[tokio::test]
async fn metrics_answer_only_the_scrapers_token_and_count_requests_by_route() {
    let app = spawn_app().await;
    let ana = app.signed_in(ANA).await;
    let id = app.id_of_invoice("INV-2026-0131").await;
    for _ in 0..3 {
        assert_eq!(app.get(&ana, &format!("/invoices/{id}")).await.status(), StatusCode::OK);
    }
    assert_eq!(scrape(&app, None).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(scrape(&app, Some("test-metrics-tokeN")).await.0, StatusCode::UNAUTHORIZED);

    let (status, text) = scrape(&app, Some("test-metrics-token")).await;
    assert_eq!(status, StatusCode::OK);
    // By the route's pattern (never the id), with the status; other tests in this process add
    // to the same counters, so the figure is at least ours.
    let line = text
        .lines()
        .find(|l| l.starts_with("portico_http_requests_total{") && l.contains(r#"route="/invoices/{id}""#) && l.contains(r#"status="200""#))
        .unwrap_or_else(|| panic!("no counter for the invoice page in:\n{text}"));
    let count: f64 = line.rsplit(' ').next().unwrap().parse().unwrap();
    assert!(count >= 3.0, "{line}");
    assert!(!text.contains(&format!("/invoices/{id}\"")), "no series per id");
    assert!(text.contains(r#"portico_http_request_duration_seconds_bucket{method="GET",route="/invoices/{id}",le="0.005"}"#), "a latency histogram:\n{text}");
    for gauge in ["portico_db_pool_connections{state=\"idle\"}", "portico_audit_queue_depth", "portico_outbox_depth"] {
        assert!(text.contains(gauge), "{gauge} in:\n{text}");
    }
}

#[tokio::test]
async fn metrics_are_not_there_unless_a_token_is_configured() {
    let app = spawn_with(server::config::Config { metrics_token: None, ..server::config::Config::for_tests() }).await;
    assert_eq!(scrape(&app, None).await.0, StatusCode::NOT_FOUND);
    assert_eq!(scrape(&app, Some("")).await.0, StatusCode::NOT_FOUND);
}
