use crate::helpers::*;
use reqwest::StatusCode;

#[tokio::test]
async fn a_client_sees_only_their_own_invoices_and_no_drafts() {
    let app = spawn_app().await;
    let ana = app.signed_in(ANA).await;
    let (status, html) = app.page(&ana, "/invoices").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("INV-2026-0158"), "overdue invoice listed");
    assert!(html.contains("Overdue"));
    assert!(!html.contains("INV-2026-0120"), "another client's invoice is not listed");
    assert!(!html.contains("INV-2026-0180"), "drafts are never shown to clients");

    let list = app.listed(&ana, serde_json::json!({})).await;
    let numbers: Vec<&str> = list["items"].as_array().unwrap().iter().map(|i| i["number"].as_str().unwrap()).collect();
    assert_eq!(numbers.len(), 5, "{numbers:?}");
    assert!(numbers.iter().all(|n| *n != "INV-2026-0180"));
}

#[tokio::test]
async fn invoice_detail_shows_lines_payments_and_balance() {
    let app = spawn_app().await;
    let ana = app.signed_in(ANA).await;
    let id = app.id_of_invoice("INV-2026-0131").await;
    let (status, html) = app.page(&ana, &format!("/invoices/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    for text in ["Invoice INV-2026-0131", "Payroll processing, 3 months", "W-2 preparation", "Overdue", "PMT-INV-2026-0131-1"] {
        assert!(html.contains(text), "page shows {text}");
    }
    // 3 × $450 + 14 × $15 = $1,560.00; 40 % paid = $624.00; balance $936.00.
    assert!(html.contains("$1,560.00") && html.contains("$624.00") && html.contains("$936.00"));
}

#[tokio::test]
async fn another_clients_invoice_answers_exactly_like_a_missing_one() {
    let app = spawn_app().await;
    let ana = app.signed_in(ANA).await;
    let theirs = app.id_of_invoice("INV-2026-0120").await; // Baltic Amber's
    let missing = 987_654;

    let a = app.call(&ana, "invoice", &[("id", &theirs.to_string())]).await;
    let b = app.call(&ana, "invoice", &[("id", &missing.to_string())]).await;
    assert_eq!(a.status(), StatusCode::NOT_FOUND);
    assert_eq!(b.status(), StatusCode::NOT_FOUND);
    assert_eq!(a.text().await.unwrap(), b.text().await.unwrap());

    let (sa, pa) = app.page(&ana, &format!("/invoices/{theirs}")).await;
    let (sb, pb) = app.page(&ana, &format!("/invoices/{missing}")).await;
    assert_eq!((sa, sb), (StatusCode::NOT_FOUND, StatusCode::NOT_FOUND));
    assert!(!pa.contains("INV-2026-0120") && !pa.contains("Baltic"), "nothing of the other client leaks");
    let strip = |s: &str| s.split("<main").nth(1).map(|m| m.split("</main>").next().unwrap_or("").to_string());
    assert_eq!(strip(&pa), strip(&pb), "the two pages are the same");
}

#[tokio::test]
async fn a_draft_is_not_found_for_the_client() {
    let app = spawn_app().await;
    let ana = app.signed_in(ANA).await;
    let draft = app.id_of_invoice("INV-2026-0180").await;
    assert_eq!(app.call(&ana, "invoice", &[("id", &draft.to_string())]).await.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn two_users_of_one_client_see_the_same_invoices() {
    let app = spawn_app().await;
    let ana = app.listed(&app.signed_in(ANA).await, serde_json::json!({})).await;
    let ben = app.listed(&app.signed_in(BEN).await, serde_json::json!({})).await;
    assert_eq!(ana, ben);
    let lina = app.listed(&app.signed_in(LINA).await, serde_json::json!({})).await;
    assert_ne!(ana, lina);
}

#[tokio::test]
async fn the_dashboard_adds_up_what_is_due_and_overdue() {
    let app = spawn_app().await;
    let ana = app.signed_in(ANA).await;
    let d: serde_json::Value = app.call(&ana, "dashboard", &[]).await.json().await.unwrap();
    // Unpaid: 0131 ($936.00 left), 0158 ($650.00, overdue), 0172 ($926.25 + $49.00 + 8.25 % tax).
    assert_eq!(d["overdue_count"], 2, "{d}");
    assert_eq!(d["overdue"][0]["minor"], 93600 + 65000);
    assert_eq!(d["last_payment"]["invoice_number"], "INV-2026-0131", "the most recent payment");
    assert_eq!(d["open_count"], 3);
    let due = &d["due"][0];
    assert_eq!(due["currency"], "USD");
    assert_eq!(due["minor"], 93600 + 65000 + 92625 + 4900 + 404);
}

#[tokio::test]
async fn client_users_cannot_use_the_staff_area() {
    let app = spawn_app().await;
    let ana = app.signed_in(ANA).await;
    assert_eq!(app.call(&ana, "staff/clients", &[]).await.status(), StatusCode::FORBIDDEN);
    let baltic: i64 = sqlx::query_scalar("SELECT id FROM clients WHERE name LIKE 'Baltic%'").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(app.call(&ana, "staff/client", &[("id", &baltic.to_string())]).await.status(), StatusCode::FORBIDDEN);
    let (status, html) = app.page(&ana, "/staff/clients").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(!html.contains("Baltic Amber"), "no staff data rendered");
}
