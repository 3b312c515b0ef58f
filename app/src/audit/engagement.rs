//! `/staff/engagement`: who uses the portal, who has gone quiet, and invoices nobody opened.
//! Each table pages on its own (`clients_after`, `people_after`, `invoices_after`).

use super::api::engagement_report;
use super::model::EngagementPages;
use crate::components::{loaded, Layout, Pager};
use crate::i18n::{ago, t, use_locale, Key};
use crate::util::{days_unseen, now_micros, utc};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

/// The first-page and next-page links of one table: `at` picks that table's position.
fn pager(pages: EngagementPages, next: Option<i64>, at: fn(&mut EngagementPages) -> &mut Option<i64>) -> impl IntoView {
    let with = |position: Option<i64>| {
        let mut p = pages;
        *at(&mut p) = position;
        p.href()
    };
    let mut current = pages;
    let first = at(&mut current).is_some().then(|| with(None));
    let next = next.map(|n| with(Some(n)));
    view! { <Pager first next/> }
}

#[component]
pub fn EngagementPage() -> impl IntoView {
    let query = use_query_map();
    let pages = Memo::new(move |_| EngagementPages::from_query(|k| query.read().get(k).map(|v| v.to_string())));
    let data = Resource::new(move || pages.get(), engagement_report);
    let locale = use_locale();
    let body = loaded(data, move |e| {
        let pages = pages.get_untracked();
        let now = now_micros();
        let seen = move |at: Option<i64>| match at {
            Some(at) => view! { <span title=utc(at)>{ago(use_locale(), at, now)}</span> }.into_any(),
            None => view! { <span class="muted">{t(Key::NeverSignedIn)}</span> }.into_any(),
        };
        let bucket = move |at: Option<i64>| match days_unseen(at, now) {
            None => t(Key::NeverSignedIn).to_string(),
            Some(d) if d >= 90 => locale.format(Key::NotSeenFor, &[("days", "90")]),
            Some(d) if d >= 60 => locale.format(Key::NotSeenFor, &[("days", "60")]),
            Some(d) if d >= 30 => locale.format(Key::NotSeenFor, &[("days", "30")]),
            Some(_) => t(Key::ActiveRecently).to_string(),
        };
        let clients = e
            .clients
            .into_iter()
            .map(|c| {
                let attention = days_unseen(c.last_seen, now).is_none_or(|d| d >= 30);
                view! {
                    <tr class:row-overdue=attention>
                        <th scope="row"><A href=format!("/staff/clients/{}", c.id)>{c.name}</A></th>
                        <td>{seen(c.last_seen)}</td>
                        <td>{bucket(c.last_seen)}</td>
                    </tr>
                }
            })
            .collect_view();
        let users = e
            .users
            .into_iter()
            .map(|u| view! { <tr><th scope="row">{u.name}</th><td>{u.detail}</td><td>{seen(u.last_seen)}</td></tr> })
            .collect_view();
        let unviewed = if e.never_viewed.is_empty() {
            view! { <p class="empty">{t(Key::AllInvoicesViewed)}</p> }.into_any()
        } else {
            let rows = e
                .never_viewed
                .into_iter()
                .map(|i| {
                    view! {
                        <tr>
                            <th scope="row"><A href=format!("/staff/invoices/{}", i.id)>{i.number}</A></th>
                            <td>{i.client_name}</td>
                            <td>{locale.date(i.issue_date)}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <div class="table-wrap"><table class="table" data-testid="never-viewed">
                    <thead><tr><th scope="col">{t(Key::Number)}</th><th scope="col">{t(Key::Client)}</th><th scope="col">{t(Key::IssueDate)}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table></div>
            }
            .into_any()
        };
        view! {
            <h2>{t(Key::ClientsQuiet)}</h2>
            <div class="table-wrap"><table class="table" data-testid="engagement-clients">
                <thead><tr><th scope="col">{t(Key::Client)}</th><th scope="col">{t(Key::LastSeen)}</th><th scope="col">{t(Key::Status)}</th></tr></thead>
                <tbody>{clients}</tbody>
            </table></div>
            {pager(pages, e.clients_next, |p| &mut p.clients)}
            <h2>{t(Key::InvoicesNeverViewed)}</h2>
            {unviewed}
            {pager(pages, e.never_viewed_next, |p| &mut p.invoices)}
            <h2>{t(Key::People)}</h2>
            <div class="table-wrap"><table class="table" data-testid="engagement-people">
                <thead><tr><th scope="col">{t(Key::Who)}</th><th scope="col">{t(Key::Client)}</th><th scope="col">{t(Key::LastSeen)}</th></tr></thead>
                <tbody>{users}</tbody>
            </table></div>
            {pager(pages, e.users_next, |p| &mut p.people)}
        }
        .into_any()
    });
    view! {
        <Title text=t(Key::EngagementTitle)/>
        <Layout>
            <h1>{t(Key::EngagementTitle)}</h1>
            <p class="muted">{t(Key::EngagementIntro)}</p>
            {body}
        </Layout>
    }
}
