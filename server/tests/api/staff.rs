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
    let galil = clients["items"].as_array().unwrap().iter().find(|c| c["name"] == "Galil Engineering Ltd").unwrap();
    assert_eq!(galil["outstanding"], serde_json::json!([{ "minor": 150000, "currency": "EUR" }]));
    assert_eq!(galil["user_count"], 1);
}

/// At a firm's size the list pages by name (50 a page) and searches name and email; the
/// filters' select holds at most 500 clients, and always the selected one.
#[tokio::test]
async fn the_client_list_pages_through_many_clients_and_finds_one_by_name_or_email() {
    let app = spawn_app().await;
    let sam = app.signed_in(SAM).await;
    for i in 0..620 {
        sqlx::query("INSERT INTO clients (name, email, created_at) VALUES ($1, $2, 0)")
            .bind(format!("Client {:03}", (i * 7) % 620))
            .bind(format!("office{i}@firm{}.example", i % 10))
            .execute(&app.db.pool)
            .await
            .unwrap();
    }
    let page = |q: &'static str, after: Option<i64>| {
        let (app, sam) = (&app, &sam);
        async move {
            let after = after.map(|a| a.to_string()).unwrap_or_default();
            let res = app.call(sam, "staff/clients", &[("q", q), ("after", &after)]).await;
            assert_eq!(res.status(), StatusCode::OK);
            res.json::<serde_json::Value>().await.unwrap()
        }
    };
    let (mut names, mut after, mut pages) = (Vec::new(), None, 0);
    loop {
        let p = page("", after).await;
        let items = p["items"].as_array().unwrap();
        assert!(items.len() <= 50);
        names.extend(items.iter().map(|c| c["name"].as_str().unwrap().to_string()));
        pages += 1;
        match p["next"].as_i64() {
            Some(n) => after = Some(n),
            None => break,
        }
    }
    assert_eq!((names.len(), pages), (623, 13), "every client once, 50 a page");
    assert!(names.windows(2).all(|w| w[0] <= w[1]), "in name order");

    let found = page("CLIENT 04", None).await;
    let found: Vec<_> = found["items"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(found, (40..50).map(|i| format!("Client 0{i}")).collect::<Vec<_>>(), "case-insensitive, by name");
    let by_email = page("@firm3.", None).await;
    assert_eq!(by_email["items"].as_array().unwrap().len(), 50, "62 match the email, a page of them");
    assert!(by_email["next"].is_i64());
    let (_, html) = app.page(&sam, "/staff/clients?q=client%20047").await;
    assert!(html.contains("Client 047") && !html.contains("Client 048"), "the page searches too");
    assert_eq!(page("no such client", None).await["items"], serde_json::json!([]));

    // The select: the first 500 by name, and a selected client past them.
    let last: i64 = sqlx::query_scalar("SELECT id FROM clients WHERE name = 'Northwind Studio LLC'").fetch_one(&app.db.pool).await.unwrap();
    let choices: serde_json::Value = app.call(&sam, "staff/client-choices", &[("selected", &last.to_string())]).await.json().await.unwrap();
    let choices = choices.as_array().unwrap();
    assert_eq!(choices.len(), 501);
    assert_eq!(choices.last().unwrap()["id"], last);
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
