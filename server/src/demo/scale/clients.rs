//! Clients and their people. The first client is the benchmark's: exactly
//! [`BENCH_INVOICES`] invoices, signed in to as [`BENCH_EMAIL`].

use super::bulk::{Tx, Val};
use super::model::{Calendar, Client, Model, Person};
use super::rng::{apportion, Rng};
use super::words::*;
use super::Sizes;
use std::collections::HashSet;

/// The benchmark's sign-in (password: the demo password): a client admin with billing and
/// documents, of a client with exactly [`BENCH_INVOICES`] invoices and the big document.
pub const BENCH_EMAIL: &str = "bench@scale.example";
pub const BENCH_CLIENT: &str = "Scale Bench Co.";
pub const BENCH_INVOICES: u64 = 200;
const BENCH_PEOPLE: u64 = 3;

const CLIENT_COLUMNS: &[&str] = &["id", "name", "email", "created_at"];
const USER_COLUMNS: &[&str] = &["id", "email", "name", "password_hash", "role", "client_id", "created_at", "client_admin", "can_billing", "can_documents", "locale"];

/// Generates the clients and people into `model` and writes them. `password_hash` is the one
/// hash every generated person shares (see `super::run`). Returns the rows written.
pub async fn write(tx: &mut Tx, rng: &Rng, cal: &Calendar, sizes: &Sizes, password_hash: &str, model: &mut Model, progress: &dyn Fn(u64)) -> Result<u64, sqlx::Error> {
    tx.lock(&["clients", "users"]).await?;
    let first_client = tx.next_id("clients").await?;
    let first_user = tx.next_id("users").await?;
    plan(rng, cal, sizes, first_client, first_user, model);

    let mut w = tx.table("clients", CLIENT_COLUMNS).await?;
    for (i, c) in model.clients.iter().enumerate() {
        let email = if i == 0 { "accounts@scale.example".to_string() } else { format!("accounts@{}", domain(&c.name, i)) };
        w.row(&[c.id.into(), (&c.name).into(), (&email).into(), (cal.secs(c.since) + 9 * 3600).into()]).await?;
        progress(1);
    }
    let mut rows = w.finish().await?;
    let mut w = tx.table("users", USER_COLUMNS).await?;
    let mut locale_rng = rng.fork(0x10CA1E);
    for p in &model.people {
        let c = &model.clients[p.client as usize];
        let locale = match c.currency {
            "PHP" if locale_rng.chance(40) => Some("tl"),
            "EUR" if locale_rng.chance(10) => Some(*locale_rng.pick(&["lt", "el"])),
            _ if locale_rng.chance(5) => Some("en"),
            _ => None,
        };
        let created = cal.secs(c.since) + 10 * 3600 + locale_rng.range(0, 3600);
        w.row(&[
            p.id.into(),
            (&p.email).into(),
            (&p.name).into(),
            password_hash.into(),
            "client".into(),
            c.id.into(),
            created.into(),
            (p.admin as i64).into(),
            (p.billing as i64).into(),
            (p.documents as i64).into(),
            locale.map_or(Val::Null, Val::Text),
        ])
        .await?;
        progress(1);
    }
    rows += w.finish().await?;
    tx.sync_ids("clients").await?;
    tx.sync_ids("users").await?;
    Ok(rows)
}

/// `cedar-ridge-417.example`: unique by the client's number.
fn domain(name: &str, index: usize) -> String {
    let words: Vec<&str> = name.split(' ').take(2).collect();
    format!("{}-{}.example", slug(&words.join(" ")), index)
}

fn plan(rng: &Rng, cal: &Calendar, sizes: &Sizes, first_client: i64, first_user: i64, model: &mut Model) {
    let mut r = rng.fork(0xC11E);
    for i in 0..sizes.clients as usize {
        let bench = i == 0;
        let name = if bench {
            BENCH_CLIENT.to_string()
        } else {
            format!("{} {} {}", r.pick(COMPANY_FIRST), r.pick(COMPANY_SECOND), r.pick(COMPANY_SUFFIX))
        };
        let currency = if bench { "USD" } else { ["USD", "EUR", "GBP", "PHP"][r.weighted(&[80, 10, 6, 4])] };
        // Half the clients were with the firm when the data begins; the rest joined since.
        let since = if bench || r.chance(50) { 0 } else { r.range(0, cal.today.saturating_sub(30) as i64) as u32 };
        // Capped: one client never holds more than a few percent of all invoices.
        let weight = if bench { 1.0 } else { r.heavy_tail(0.7).min(1000.0) };
        model.clients.push(Client { id: first_client + i as i64, name, currency, since, weight });
    }
    let weights: Vec<f64> = model.clients.iter().skip(1).map(|c| c.weight.powf(0.35)).collect();
    let mut per_client = vec![BENCH_PEOPLE.min(sizes.people)];
    per_client.extend(apportion(sizes.people.saturating_sub(per_client[0]), &weights, 1));
    for (ci, n) in per_client.into_iter().enumerate() {
        let domain = if ci == 0 { "scale.example".to_string() } else { domain(&model.clients[ci].name, ci) };
        let mut taken = HashSet::new();
        for k in 0..n {
            let (first, last) = (*r.pick(FIRST_NAMES), *r.pick(LAST_NAMES));
            let bench = ci == 0 && k == 0;
            let email = if bench {
                BENCH_EMAIL.to_string()
            } else {
                let base = format!("{}.{}", first.to_lowercase(), slug(last));
                let mut email = format!("{base}@{domain}");
                let mut n = 2;
                while !taken.insert(email.clone()) {
                    email = format!("{base}{n}@{domain}");
                    n += 1;
                }
                email
            };
            // The first person runs the company's account; the others have what their job needs.
            let (billing, documents) = if k == 0 { (true, true) } else { [(true, true), (true, false), (false, true)][r.weighted(&[60, 25, 15])] };
            let admin = k == 0 || r.chance(5);
            let activity = (r.heavy_tail(0.5).min(50.0) * 10.0) as u64 * if admin { 2 } else { 1 };
            let ip = format!("{}.{}", r.pick(NETWORKS), r.range(1, 254));
            model.people.push(Person {
                id: first_user + model.people.len() as i64,
                client: ci as u32,
                name: if bench { "Bianca Bench".to_string() } else { format!("{first} {last}") },
                email,
                billing,
                documents,
                admin,
                activity,
                ip,
                user_agent: r.below(USER_AGENTS.len() as u64) as u8,
            });
        }
    }
}
