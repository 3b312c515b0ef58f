use crate::helpers::*;
use reqwest::StatusCode;

#[tokio::test]
async fn staff_see_every_client_with_what_they_owe() {
    let app = spawn_app().await;
    let sam = app.signed_in(SAM).await;
    let (status, html) = app.page(&sam, "/staff/clients").await;
    assert_eq!(status, StatusCode::OK);
    for name in ["Northwind Studio LLC", "Baltic Amber Imports UAB", "Galil Engineering Ltd"] {
        assert!(html.contains(name), "{name} listed");
    }
    let clients: serde_json::Value = app.call(&sam, "staff/clients", &[]).await.json().await.unwrap();
    let galil = clients.as_array().unwrap().iter().find(|c| c["name"] == "Galil Engineering Ltd").unwrap();
    assert_eq!(galil["outstanding"], serde_json::json!([{ "minor": 150000, "currency": "EUR" }]));
    assert_eq!(galil["user_count"], 1);
}

#[tokio::test]
async fn staff_open_a_client_and_see_its_invoices_including_drafts() {
    let app = spawn_app().await;
    let sam = app.signed_in(SAM).await;
    let northwind: i64 = sqlx::query_scalar("SELECT id FROM clients WHERE name = 'Northwind Studio LLC'").fetch_one(&app.db.pool).await.unwrap();
    let (status, html) = app.page(&sam, &format!("/staff/clients/{northwind}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("INV-2026-0180") && html.contains("Draft"), "staff see drafts");
    assert!(html.contains("INV-2026-0099") && html.contains("Void"));

    let draft = app.id_of_invoice("INV-2026-0180").await;
    let (status, html) = app.page(&sam, &format!("/staff/invoices/{draft}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Year-end planning meeting"));
}

#[tokio::test]
async fn missing_clients_and_invoices_are_not_found_for_staff_too() {
    let app = spawn_app().await;
    let sam = app.signed_in(SAM).await;
    assert_eq!(app.call(&sam, "staff/invoice", &[("id", "99999")]).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.call(&sam, "staff/client", &[("id", "99999")]).await.status(), StatusCode::NOT_FOUND);
}
