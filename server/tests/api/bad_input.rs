use crate::helpers::*;
use reqwest::StatusCode;

#[tokio::test]
async fn a_malformed_id_is_a_400_with_a_message() {
    let app = spawn_app().await;
    let ana = app.signed_in(ANA).await;
    let res = app.call(&ana, "invoice", &[("id", "abc")]).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(res.text().await.unwrap().contains("BadRequest"));
    let res = app.call(&ana, "invoice", &[]).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST, "a missing argument too");
}

#[tokio::test]
async fn a_malformed_id_in_a_page_url_is_not_found() {
    let app = spawn_app().await;
    let ana = app.signed_in(ANA).await;
    for path in ["/invoices/abc", "/invoices/-3", "/invoices/99999999999999999999999"] {
        let (status, html) = app.page(&ana, path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(html.contains("Page not found"));
    }
}

#[tokio::test]
async fn an_oversized_body_is_refused_with_413() {
    let app = spawn_app().await;
    let huge = "x".repeat(server::http::MAX_BODY_BYTES + 1);
    let res = app.login(&browser(), &huge, "whatever").await;
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn a_wrong_content_type_is_a_4xx_not_a_500() {
    let app = spawn_app().await;
    let res = browser()
        .post(app.url("/api/login"))
        .header("content-type", "application/xml")
        .header("accept", "application/json")
        .body("<login><email>a</email></login>")
        .send()
        .await
        .unwrap();
    assert!(res.status().is_client_error(), "got {}", res.status());
}

#[tokio::test]
async fn unknown_pages_are_a_friendly_404() {
    let app = spawn_app().await;
    let (status, html) = app.page(&browser(), "/no/such/page").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("Page not found"));
}
