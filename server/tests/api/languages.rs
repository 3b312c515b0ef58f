//! Languages: which one a request gets (the person's choice, the sign-in page's switch, the
//! browser's, the firm's), the texts islands fetch, and invoices and statements as PDFs and
//! mails in each language.

use crate::helpers::*;
use crate::mail::{deliver, mail_app, SmtpSink};
use app::i18n::{Key, Locale};
use reqwest::StatusCode;

/// `<html lang dir>` of a page.
fn lang_dir(html: &str) -> (String, String) {
    let tag = &html[html.find("<html").expect("an html element")..];
    let attr = |name: &str| tag.split(&format!(" {name}=\"")).nth(1).and_then(|s| s.split('"').next()).unwrap_or("").to_string();
    (attr("lang"), attr("dir"))
}

async fn page_as(app: &TestApp, client: &reqwest::Client, path: &str, accept_language: &str) -> String {
    client.get(app.url(path)).header("accept-language", accept_language).send().await.unwrap().text().await.unwrap()
}

/// Fluent isolates filled-in values in Hebrew; the page holds them as they are.
fn plain(s: &str) -> String {
    s.replace(['\u{2068}', '\u{2069}'], "")
}

#[tokio::test]
async fn the_browser_language_applies_until_the_person_chooses_one_which_then_wins() {
    let app = spawn_app().await;
    let page = page_as(&app, &browser(), "/login", "he-IL,he;q=0.9,en;q=0.5").await;
    assert_eq!(lang_dir(&page), ("he".into(), "rtl".into()));
    assert!(page.contains(Locale::He.text(Key::SignInIntro)), "the sign-in page is in Hebrew");

    let ana = app.signed_in(ANA).await;
    let page = page_as(&app, &ana, "/invoices", "el-GR,el;q=0.9").await;
    assert_eq!(lang_dir(&page), ("el".into(), "ltr".into()));
    assert!(page.contains(Locale::El.text(Key::InvoicesIntro)));

    let res = app.call(&ana, "account/profile", &[("name", "Ana Reyes"), ("language", "lt")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = page_as(&app, &ana, "/invoices", "el-GR,el;q=0.9").await;
    assert_eq!(lang_dir(&page).0, "lt", "the saved choice beats the browser");
    assert!(page.contains(Locale::Lt.text(Key::InvoicesTitle)));
    let (_, _, _, _, _, details) = app.last_event("profile.updated").await.expect("the change is in the trail");
    assert_eq!(details["language"], serde_json::json!({ "from": null, "to": "lt" }));

    let res = app.call(&ana, "account/profile", &[("name", "Ana Reyes"), ("language", "klingon")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "an unknown language is refused");
    app.call(&ana, "account/profile", &[("name", "Ana Reyes"), ("language", "")]).await;
    assert_eq!(lang_dir(&page_as(&app, &ana, "/invoices", "el").await).0, "el", "automatic again");
}

#[tokio::test]
async fn the_sign_in_switch_remembers_the_language_and_the_firm_default_covers_the_rest() {
    let app = spawn_app().await;
    let anon = browser();
    assert_eq!(lang_dir(&page_as(&app, &anon, "/login", "de-DE").await).0, "en", "no language we have: English");

    let admin = app.signed_in(ADMIN).await;
    assert_eq!(app.call(&admin, "staff/settings/language", &[("language", "tl")]).await.status(), StatusCode::OK);
    assert_eq!(lang_dir(&page_as(&app, &anon, "/login", "de-DE").await).0, "tl", "the firm's default");
    let (_, _, _, _, _, details) = app.last_event("settings.updated").await.unwrap();
    assert_eq!(details["default_language"], serde_json::json!({ "from": "en", "to": "tl" }));

    let res = app.get(&anon, "/language?lang=el&back=/login").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), Some("/login"));
    assert_eq!(lang_dir(&page_as(&app, &anon, "/login", "he").await).0, "el", "the switch beats the browser");
    let res = app.get(&anon, "/language?lang=el&back=https://evil.example/").await;
    assert_eq!(location(&res), Some("/login"), "only a path of the portal");
}

#[tokio::test]
async fn islands_fetch_only_their_locales_texts_from_a_cached_address() {
    let app = spawn_app().await;
    let (joined, hash) = app::i18n::browser_texts(Locale::He);
    let res = app.get(&browser(), &format!("/i18n/he.{hash}.txt")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["cache-control"], "public, max-age=31536000, immutable");
    let body = res.text().await.unwrap();
    assert_eq!(body, joined);
    let table: Vec<&str> = body.split('\u{1F}').collect();
    assert_eq!(table.len(), Key::ALL.len(), "one text per key: no text holds the separator");
    assert_eq!(table[Key::SignIn as usize], Locale::He.text(Key::SignIn));
    assert_eq!(app.get(&browser(), "/i18n/he.0000000000000000.txt").await.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.get(&browser(), &format!("/i18n/xx.{hash}.txt")).await.status(), StatusCode::NOT_FOUND);
}

/// The text of a PDF, read back with poppler's `pdftotext`.
fn pdf_text(bytes: &[u8]) -> String {
    let dir = std::env::temp_dir().join(format!("portico_pdf_{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("doc.pdf");
    std::fs::write(&path, bytes).unwrap();
    let out = std::process::Command::new("pdftotext").args([path.to_str().unwrap(), "-"]).output().expect("pdftotext (poppler-utils) is installed");
    let _ = std::fs::remove_dir_all(dir);
    String::from_utf8(out.stdout).unwrap()
}

/// Whether `text` (read back from a PDF) holds every word of `expected`, each spelled in reading
/// order. pdftotext gives right-to-left words back in logical order, marked with embedding
/// controls, and keeps a line's words in the order they are drawn (visual), so Hebrew is
/// compared word by word: a word drawn unreversed would read backwards here.
fn reads(text: &str, expected: &str) -> bool {
    let clean = |s: &str| s.chars().filter(|c| !matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')).collect::<String>();
    let text = clean(text);
    text.contains(&clean(expected)) || clean(expected).split_whitespace().all(|word| text.split_whitespace().any(|w| w == word))
}

#[tokio::test]
async fn invoice_and_statement_pdfs_come_in_each_language() {
    let app = spawn_app().await;
    let ana = app.signed_in(ANA).await;
    let id = app.id_of_invoice("INV-2026-0131").await;
    for locale in Locale::ALL {
        app.call(&ana, "account/profile", &[("name", "Ana Reyes"), ("language", locale.tag())]).await;
        let invoice = pdf_text(&app.get(&ana, &format!("/invoices/{id}/pdf")).await.bytes().await.unwrap());
        let title = locale.format(Key::InvoiceTitle, &[("number", "INV-2026-0131")]);
        let description = locale.text(Key::Description);
        for expected in [title.as_str(), description, "INV-2026-0131", "Northwind Studio LLC", "W-2 preparation"] {
            assert!(reads(&invoice, expected), "{}: the invoice PDF reads {expected:?}:\n{invoice}", locale.tag());
        }
        let statement = pdf_text(&app.get(&ana, "/statement/pdf").await.bytes().await.unwrap());
        assert!(reads(&statement, locale.text(Key::StatementTitle)), "{}: {statement}", locale.tag());
    }
}

#[tokio::test]
async fn mails_are_written_in_each_recipients_language() {
    let sink = SmtpSink::start();
    let app = mail_app(sink.port).await;
    let ana = app.signed_in(ANA).await;
    app.call(&ana, "account/profile", &[("name", "Ana Reyes"), ("language", "el")]).await;
    let admin = app.signed_in(ADMIN).await;
    app.call(&admin, "staff/settings/language", &[("language", "lt")]).await;
    let sam = app.signed_in(SAM).await;
    let northwind: i64 = sqlx::query_scalar("SELECT id FROM clients WHERE name LIKE 'Northwind%'").fetch_one(&app.db.pool).await.unwrap();
    let res = app.call(&sam, "staff/document-request", &[("client_id", &northwind.to_string()), ("title", "2026 W-2"), ("due_date", "2027-01-31")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    deliver(&app).await;
    let mail = sink.to(ANA).into_iter().find(|m| m.subject.contains("2026 W-2")).expect("Ana is asked");
    let subject = app::i18n::message(Locale::El, "email-request-subject", &[("firm", "Harbor & Pine Accounting"), ("title", "2026 W-2")]);
    assert_eq!(mail.subject, subject);
    let greek = plain(&app::i18n::message(Locale::El, "email-upload-action", &[]));
    assert!(mail.text.contains(&greek), "Ana chose Greek:\n{}", mail.text);
    let due = Locale::El.date(time::macros::date!(2027 - 01 - 31));
    assert!(mail.text.contains(&due), "the date as Greek writes it ({due}):\n{}", mail.text);
}
