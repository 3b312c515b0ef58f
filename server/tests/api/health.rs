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
