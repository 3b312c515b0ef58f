//! CSV import: a check reports every bad row with its line and why and writes nothing; an import
//! writes all rows or none; external ids make a second import find what the first made; the
//! staff page takes the file and shows the report.

use crate::helpers::*;
use reqwest::multipart::{Form, Part};
use reqwest::StatusCode;
use server::import::{run, Kind};

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&app.db.pool).await.unwrap()
}

const CLIENTS: &str = "external_id,name,email,address,tax_id,phone\n\
C-1,Aurora Bakery,books@aurora.example,\"1 Main St\nSpringfield\",12-345,+1 555 0100\n\
C-2,Boreal Legal,office@boreal.example,,,\n";

#[tokio::test]
async fn a_malformed_file_is_reported_row_by_row_and_nothing_is_half_imported() {
    let app = spawn_app().await;
    let mail = &app.state.mailer;
    let clients_before = count(&app, "SELECT COUNT(*) FROM clients").await;
    let bad = "external_id,name,email\nC-1,Aurora Bakery,books@aurora.example\nC-2,,x@example.com\nC-3,Cedar,not-an-email\n\"C-4,Unclosed\n";
    let out = run(&app.db, mail, Kind::Clients, bad.as_bytes(), false, None, &|_, _| {}).await.unwrap();
    let lines: Vec<(u64, String)> = out.errors.iter().map(|e| (e.line, e.reason.clone())).collect();
    assert!(lines.contains(&(3, "name: required".into())), "{lines:?}");
    assert!(lines.contains(&(4, "email: invalid email".into())), "{lines:?}");
    assert!(!out.applied);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM clients").await, clients_before, "the good row was not kept either");

    let unknown = run(&app.db, mail, Kind::Clients, b"external_id,name,colour\nC-1,A,red\n", false, None, &|_, _| {}).await.unwrap();
    assert_eq!(unknown.errors[0].line, 1);
    assert!(unknown.errors[0].reason.contains("unknown column \"colour\""), "{:?}", unknown.errors);
    let missing = run(&app.db, mail, Kind::Invoices, b"external_id,client\nI-1,C-1\n", false, None, &|_, _| {}).await.unwrap();
    assert!(missing.errors[0].reason.contains("is missing"));
    let binary = run(&app.db, mail, Kind::Clients, &[0xff, 0xfe, 0x00, 0x01, b'\n', 0x80], false, None, &|_, _| {}).await.unwrap();
    assert!(!binary.errors.is_empty() && !binary.applied);
}

#[tokio::test]
async fn a_check_writes_nothing_and_a_second_import_finds_what_the_first_made() {
    let app = spawn_app().await;
    let mail = &app.state.mailer;
    let before = count(&app, "SELECT COUNT(*) FROM clients").await;
    let seen = std::sync::Mutex::new(Vec::new());
    let checked = run(&app.db, mail, Kind::Clients, CLIENTS.as_bytes(), true, None, &|done, total| seen.lock().unwrap().push((done, total))).await.unwrap();
    assert_eq!((checked.created, checked.applied, checked.errors.len()), (2, false, 0));
    assert_eq!(*seen.lock().unwrap(), vec![(1, 2), (2, 2)], "progress is reported row by row");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM clients").await, before);

    let first = run(&app.db, mail, Kind::Clients, CLIENTS.as_bytes(), false, None, &|_, _| {}).await.unwrap();
    assert_eq!((first.created, first.applied), (2, true));
    let again = run(&app.db, mail, Kind::Clients, CLIENTS.as_bytes(), false, None, &|_, _| {}).await.unwrap();
    assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 2));
    let changed = CLIENTS.replace("office@boreal.example", "desk@boreal.example");
    let third = run(&app.db, mail, Kind::Clients, changed.as_bytes(), false, None, &|_, _| {}).await.unwrap();
    assert_eq!((third.created, third.updated, third.unchanged), (0, 1, 1));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM clients").await, before + 2);
    let address: String = sqlx::query_scalar("SELECT address FROM clients WHERE external_id = 'C-1'").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(address, "1 Main St\nSpringfield");

    // People are invited (their mails wait in the outbox) only when the import is written.
    let people = "external_id,client,name,email,billing,documents,client_admin\nP-1,C-1,Ada Baker,ada@aurora.example,yes,no,yes\nP-2,C-2,Bo Reyes,bo@boreal.example,,,\n";
    let mails = count(&app, "SELECT COUNT(*) FROM outbox WHERE kind = 'invitation'").await;
    run(&app.db, mail, Kind::People, people.as_bytes(), true, None, &|_, _| {}).await.unwrap();
    assert_eq!(count(&app, "SELECT COUNT(*) FROM outbox WHERE kind = 'invitation'").await, mails);
    let p = run(&app.db, mail, Kind::People, people.as_bytes(), false, None, &|_, _| {}).await.unwrap();
    assert_eq!((p.created, p.applied), (2, true));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM outbox WHERE kind = 'invitation'").await, mails + 2);
    let (b, d, a): (i64, i64, i64) = sqlx::query_as("SELECT can_billing, can_documents, client_admin FROM users WHERE external_id = 'P-1'").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!((b, d, a), (1, 0, 1));

    // Invoices: rows with one external id are one invoice's lines; issued or draft.
    let invoices = "external_id,client,number,issue_date,due_date,currency,status,description,quantity,unit_price,tax_rate\n\
I-1,C-1,AUR-001,2026-11-01,2026-12-01,USD,open,Bookkeeping,2,150.00,0\n\
I-1,C-1,AUR-001,2026-11-01,2026-12-01,USD,open,Payroll,1,80.00,10\n\
I-2,C-2,BOR-001,2026-11-05,2026-12-05,EUR,draft,Advice,3,200,21\n";
    let i = run(&app.db, mail, Kind::Invoices, invoices.as_bytes(), false, None, &|_, _| {}).await.unwrap();
    assert_eq!((i.rows, i.created, i.applied), (3, 2, true));
    let (total, status): (i64, String) = sqlx::query_as("SELECT total_minor, status FROM invoices WHERE external_id = 'I-1'").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!((total, status.as_str()), (38_800, "open"));
    let again = run(&app.db, mail, Kind::Invoices, invoices.as_bytes(), false, None, &|_, _| {}).await.unwrap();
    assert_eq!((again.created, again.unchanged), (0, 2));
    // An invoice of an unknown client is refused with its line.
    let orphan = "external_id,client,number,issue_date,due_date,currency,description,quantity,unit_price\nI-9,C-404,X-1,2026-11-01,2026-12-01,USD,A,1,1\n";
    let o = run(&app.db, mail, Kind::Invoices, orphan.as_bytes(), false, None, &|_, _| {}).await.unwrap();
    assert_eq!((o.errors[0].line, o.errors[0].reason.as_str()), (2, "client: unknown client"));
}

#[tokio::test]
async fn staff_upload_a_file_on_the_import_page_and_read_the_report() {
    let app = spawn_app().await;
    let sam = app.signed_in(SAM).await;
    let form = |mode: &str, body: &str| Form::new().text("kind", "clients").text("mode", mode.to_string()).part("file", Part::bytes(body.as_bytes().to_vec()).file_name("clients.csv"));
    let res = sam.post(app.url("/staff/import")).header("origin", "http://127.0.0.1").multipart(form("check", CLIENTS)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let report = location(&res).unwrap().to_string();
    assert!(report.starts_with("/staff/import?report="));
    let (status, page) = app.page(&sam, &report).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("The file is fine: nothing was written yet.") && page.contains("clients.csv"), "{page}");

    let bad = "external_id,name\nC-1,\n";
    let res = sam.post(app.url("/staff/import")).header("origin", "http://127.0.0.1").multipart(form("import", bad)).send().await.unwrap();
    let (_, page) = app.page(&sam, location(&res).unwrap()).await;
    assert!(page.contains("Nothing was imported") && page.contains("name: required"), "{page}");

    let res = sam.post(app.url("/staff/import")).header("origin", "http://127.0.0.1").multipart(form("import", CLIENTS)).send().await.unwrap();
    let (_, page) = app.page(&sam, location(&res).unwrap()).await;
    assert!(page.contains("Imported."));
    let (kind, email, _, label, _, details) = app.last_event("data.imported").await.unwrap();
    assert_eq!((kind.as_str(), email.as_str(), label.as_str(), details["created"].as_i64()), ("staff", SAM, "clients.csv", Some(2)));

    let ana = app.signed_in(ANA).await;
    let res = ana.post(app.url("/staff/import")).header("origin", "http://127.0.0.1").multipart(form("import", CLIENTS)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}
