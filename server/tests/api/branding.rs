//! The firm's branding: an admin sets the name, colour (refused below WCAG AA) and logo; every
//! page, mail and PDF shows them, and another instance follows within seconds.

use crate::downloads::pdf_text;
use crate::helpers::*;
use reqwest::multipart::{Form, Part};
use reqwest::StatusCode;

/// A small PNG logo: a dark square on a transparent ground.
fn png() -> Vec<u8> {
    use printpdf::image_crate::{DynamicImage, ImageOutputFormat, Rgba, RgbaImage};
    let img = RgbaImage::from_fn(60, 30, |x, _| if x < 30 { Rgba([31, 78, 121, 255]) } else { Rgba([0, 0, 0, 0]) });
    let mut out = std::io::Cursor::new(Vec::new());
    DynamicImage::ImageRgba8(img).write_to(&mut out, ImageOutputFormat::Png).unwrap();
    out.into_inner()
}

/// How many images a PDF holds, as poppler's `pdfimages -list` counts them.
fn pdf_images(bytes: &[u8]) -> usize {
    let path = std::env::temp_dir().join(format!("portico_img_{}.pdf", uuid::Uuid::new_v4().simple()));
    std::fs::write(&path, bytes).unwrap();
    let out = std::process::Command::new("pdfimages").args(["-list", path.to_str().unwrap()]).output().expect("pdfimages (poppler-utils) is installed");
    let _ = std::fs::remove_file(path);
    String::from_utf8_lossy(&out.stdout).lines().skip(2).filter(|l| !l.trim().is_empty()).count()
}

async fn upload_logo(app: &TestApp, who: &reqwest::Client, bytes: Vec<u8>, name: &str) -> reqwest::Response {
    who.post(app.url("/staff/settings/logo")).multipart(Form::new().part("logo", Part::bytes(bytes).file_name(name.to_string()))).send().await.unwrap()
}

#[tokio::test]
async fn an_admins_name_colour_and_logo_reach_every_page_mail_and_pdf() {
    let app = spawn_app().await;
    let admin = app.signed_in(ADMIN).await;
    // Too light for white text: refused, nothing changes.
    let res = app.call(&admin, "staff/branding", &[("name", "Aurora Partners"), ("colour", "#f5c518")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.unwrap();
    assert!(body.contains("low_contrast"), "{body}");
    let res = app.call(&admin, "staff/branding", &[("name", "Aurora Partners"), ("colour", "#0B5D3B")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let (_, _, _, label, _, details) = app.last_event("settings.updated").await.unwrap();
    assert_eq!((label.as_str(), details["colour"]["to"].as_str()), ("Branding", Some("#0b5d3b")));

    // The logo: a PNG is taken; anything else is refused with a message.
    let res = upload_logo(&app, &admin, b"GIF89a not really".to_vec(), "logo.gif").await;
    assert_eq!(location(&res), Some("/staff/settings?logo_error=1#branding"));
    let res = upload_logo(&app, &admin, png(), "logo.png").await;
    assert_eq!(location(&res), Some("/staff/settings?done=branding#branding"));

    // Every page: the name, the logo and the colour's stylesheet.
    let ana = app.signed_in(ANA).await;
    let (_, page) = app.page(&ana, "/invoices").await;
    assert!(page.contains("Aurora Partners"));
    let css = page.split("href=\"/brand/colours.").nth(1).and_then(|s| s.split('"').next()).expect("the colour's stylesheet");
    let res = app.get(&ana, &format!("/brand/colours.{css}")).await;
    assert!(res.headers()["cache-control"].to_str().unwrap().contains("immutable"));
    assert!(res.text().await.unwrap().contains("--brand: #0b5d3b"));
    let logo = page.split("src=\"/brand/logo.").nth(1).and_then(|s| s.split('"').next()).expect("the logo in the header");
    let res = app.get(&ana, &format!("/brand/logo.{logo}")).await;
    assert_eq!(res.headers()["content-type"], "image/png");
    assert_eq!(res.bytes().await.unwrap().to_vec(), png());
    let (_, login) = app.page(&browser(), "/login").await;
    assert!(login.contains("Aurora Partners") && login.contains("/brand/colours."), "the sign-in page too");

    // Mail: a new invitation speaks in the firm's new name.
    let northwind = client_id(&app, "Northwind").await;
    let res = app.call(&admin, "people/invite", &[("client_id", &northwind.to_string()), ("name", "Dana"), ("email", "dana@northwind.example"), ("billing", "on")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let message: String = sqlx::query_scalar("SELECT message FROM outbox WHERE to_address = 'dana@northwind.example'").fetch_one(&app.db.pool).await.unwrap();
    assert!(message.contains("Aurora Partners"), "{message}");
    // Its HTML part (quoted-printable: soft line breaks undone) in the firm's colour, with the logo.
    let html = message.replace("=\r\n", "").replace("=3D", "=");
    assert!(html.contains("background:#0b5d3b") && html.contains("/brand/logo."), "{html}");

    // PDF: the name and the logo.
    let id = app.id_of_invoice("INV-2026-0131").await;
    let pdf = app.get(&ana, &format!("/invoices/{id}/pdf")).await.bytes().await.unwrap();
    assert!(pdf_text(&pdf).contains("Aurora Partners"));
    assert_eq!(pdf_images(&pdf), 1, "the logo is drawn on the invoice");
    let statement = app.get(&ana, "/statement/pdf").await.bytes().await.unwrap();
    assert_eq!(pdf_images(&statement), 1);

    // Removing the logo takes it off the PDF.
    assert_eq!(app.call(&admin, "staff/branding/remove-logo", &[]).await.status(), StatusCode::OK);
    let pdf = app.get(&ana, &format!("/invoices/{id}/pdf")).await.bytes().await.unwrap();
    assert_eq!(pdf_images(&pdf), 0);

    // Staff who are not admins cannot change it.
    let sam = app.signed_in(SAM).await;
    assert_eq!(app.call(&sam, "staff/branding", &[("name", "Mine")]).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(upload_logo(&app, &sam, png(), "logo.png").await.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn another_instance_follows_a_change_within_seconds() {
    let app = spawn_app().await;
    let other = app.second_instance().await;
    let admin = app.signed_in(ADMIN).await;
    assert_eq!(app.call(&admin, "staff/branding", &[("name", "Borealis Tax")]).await.status(), StatusCode::OK);
    let started = std::time::Instant::now();
    loop {
        let page = browser().get(format!("{other}/login")).send().await.unwrap().text().await.unwrap();
        if page.contains("Borealis Tax") {
            break;
        }
        assert!(started.elapsed().as_secs() < 15, "the other instance never showed the new name");
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
}
