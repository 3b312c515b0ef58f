//! Invoice PDFs and statements (page, PDF, CSV).

use crate::helpers::*;
use reqwest::StatusCode;

/// The text of a PDF, read back with poppler's `pdftotext`.
pub fn pdf_text(bytes: &[u8]) -> String {
    let dir = std::env::temp_dir().join(format!("portico_pdf_{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("doc.pdf");
    std::fs::write(&path, bytes).unwrap();
    let out = std::process::Command::new("pdftotext").args(["-layout", path.to_str().unwrap(), "-"]).output().expect("pdftotext (poppler-utils) is installed");
    let _ = std::fs::remove_dir_all(dir);
    assert!(out.status.success(), "pdftotext reads the file");
    String::from_utf8(out.stdout).unwrap()
}

#[tokio::test]
async fn an_invoice_downloads_as_a_real_pdf_with_its_number_total_and_mark() {
    let app = spawn_app().await;
    let ana = app.signed_in(ANA).await;
    let id = app.id_of_invoice("INV-2026-0131").await;
    let res = app.get(&ana, &format!("/invoices/{id}/pdf")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    let disposition = res.headers()["content-disposition"].to_str().unwrap().to_string();
    assert!(disposition.starts_with("attachment;") && disposition.contains("filename*=UTF-8''INV-2026-0131.pdf"), "{disposition}");
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    let bytes = res.bytes().await.unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let text = pdf_text(&bytes);
    for expected in ["INV-2026-0131", "Harbor & Pine Accounting", "Northwind Studio LLC", "$1,560.00", "$936.00", "OVERDUE", "W-2 preparation"] {
        assert!(text.contains(expected), "PDF shows {expected}:\n{text}");
    }
    app.flush_audit().await;
    let logged: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'invoice.pdf_downloaded' AND target_id = $1")
        .bind(id.to_string())
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(logged, 1);
}

#[tokio::test]
async fn a_paid_invoice_pdf_is_marked_paid_and_names_with_accents_survive() {
    let app = spawn_app().await;
    let lina = app.signed_in(LINA).await;
    let id = app.id_of_invoice("INV-2026-0120").await;
    let text = pdf_text(&app.get(&lina, &format!("/invoices/{id}/pdf")).await.bytes().await.unwrap());
    assert!(text.contains("PAID") && text.contains("Baltic Amber Imports UAB") && text.contains("€"), "{text}");
}

#[tokio::test]
async fn another_clients_pdf_is_not_found_like_a_missing_one() {
    let app = spawn_app().await;
    let ana = app.signed_in(ANA).await;
    let theirs = app.id_of_invoice("INV-2026-0120").await;
    let a = app.get(&ana, &format!("/invoices/{theirs}/pdf")).await;
    let b = app.get(&ana, "/invoices/99999/pdf").await;
    assert_eq!((a.status(), b.status()), (StatusCode::NOT_FOUND, StatusCode::NOT_FOUND));
    assert_eq!(a.text().await.unwrap(), b.text().await.unwrap());
    assert_eq!(app.get(&ana, "/invoices/abc/pdf").await.status(), StatusCode::NOT_FOUND);
    let draft = app.id_of_invoice("INV-2026-0180").await;
    assert_eq!(app.get(&ana, &format!("/invoices/{draft}/pdf")).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.get(&browser(), &format!("/invoices/{theirs}/pdf")).await.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_statement_reconciles_and_downloads_as_csv_and_pdf() {
    let app = spawn_app().await;
    let ana = app.signed_in(ANA).await;
    let today = time::OffsetDateTime::now_utc().date();
    let from = app::util::iso(today - time::Duration::days(100));
    let to = app::util::iso(today);
    let st: serde_json::Value = app.call(&ana, "statement", &[("from", &from), ("to", &to)]).await.json().await.unwrap();
    let acc = &st["accounts"][0];
    assert_eq!(acc["currency"], "USD");
    // Before the window: 0101 ($3,587.50) was issued 120 days ago and paid in full 110 days ago.
    assert_eq!(acc["opening"], 0);
    assert_eq!(acc["closing"], 93600 + 65000 + 97929, "what is owed today");
    let aging_total: i64 = ["current", "days_1_30", "days_31_60", "days_61_90", "days_over_90"].iter().map(|k| acc["aging"][k].as_i64().unwrap()).sum();
    assert_eq!(aging_total, acc["closing"].as_i64().unwrap());

    let csv = app.get(&ana, &format!("/statement/csv?from={from}&to={to}")).await;
    assert_eq!(csv.status(), StatusCode::OK);
    assert!(csv.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let csv = csv.text().await.unwrap();
    assert!(csv.starts_with("date,type,reference,debit,credit,balance,currency\r\n"));
    assert!(csv.contains(",invoice,INV-2026-0158,650.00,,") && csv.contains(",closing_balance,,,,2565.29,USD"), "{csv}");
    assert!(!csv.contains("INV-2026-0180"), "no drafts");

    let pdf = app.get(&ana, &format!("/statement/pdf?from={from}&to={to}")).await;
    let text = pdf_text(&pdf.bytes().await.unwrap());
    assert!(text.contains("Statement of account") && text.contains("Closing balance") && text.contains("$2,565.29"), "{text}");

    let (status, html) = app.page(&ana, &format!("/statement?from={from}&to={to}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Opening balance") && html.contains("$2,565.29"));
}

#[tokio::test]
async fn a_client_cannot_ask_for_another_clients_statement() {
    let app = spawn_app().await;
    let ana = app.signed_in(ANA).await;
    let baltic = client_id(&app, "Baltic").await;
    let csv = app.get(&ana, &format!("/statement/csv?client={baltic}")).await.text().await.unwrap();
    assert!(!csv.contains("EUR"), "the client parameter is ignored for clients: {csv}");
    let bad = app.get(&ana, "/statement/csv?from=2026-12-01&to=2026-01-01").await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.get(&ana, "/statement/csv?from=yesterday").await.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let sam = app.signed_in(SAM).await;
    let theirs = app.get(&sam, &format!("/statement/csv?client={baltic}")).await.text().await.unwrap();
    assert!(theirs.contains("EUR"), "staff choose the client");
    assert_eq!(app.get(&sam, "/statement/csv?client=99999").await.status(), StatusCode::NOT_FOUND);
}
