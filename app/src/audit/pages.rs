//! Activity pages: `/staff/audit` (search and CSV export), the timeline on a client's page,
//! `/staff/engagement`, and `/activity` for a client's admin. Filters live in the URL (GET
//! forms), so they work before the page is interactive and can be bookmarked.

use super::api::{client_users, company_activity, company_users, staff_activity};
use super::action::{action_text, Outcome, ACTION_GROUPS};
use crate::util::{browser_summary, now_micros, utc};
use super::model::{ActivityEvent, ActivityFilter, ActivityPage, LastSeen, Receipt};
use crate::clients::select::ClientSelect;
use crate::components::{loaded, email, DateRange, Layout};
use crate::error::AppError;
use crate::i18n::{ago, t, use_locale, Key};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Form, A};
use leptos_router::hooks::use_query_map;

fn use_activity_filter() -> Memo<ActivityFilter> {
    let query = use_query_map();
    Memo::new(move |_| ActivityFilter::from_query(|k| query.read().get(k).map(|v| v.to_string())))
}

/// "viewed 3× · last 2 h ago by Ana Reyes", or "never viewed".
#[component]
pub fn ReceiptBadge(receipt: Receipt) -> impl IntoView {
    match receipt.last_at {
        None => view! { <span class="receipt never">{t(Key::NeverViewed)}</span> }.into_any(),
        Some(at) => {
            let text = use_locale().format(Key::ViewedTimes, &[("n", &receipt.views.to_string()), ("ago", &ago(use_locale(), at, now_micros())), ("name", &receipt.last_by)]);
            view! { <span class="receipt seen" title=utc(at)>{text}</span> }.into_any()
        }
    }
}


/// One page of events, newest first.
#[component]
pub fn ActivityTable(items: Vec<ActivityEvent>, show_client: bool) -> impl IntoView {
    let (now, locale) = (now_micros(), use_locale());
    let rows = items
        .into_iter()
        .map(|e| {
            let who = if e.actor_name.is_empty() { email(&e.actor_email) } else { e.actor_name.clone().into_any() };
            let kind = match e.actor_kind.as_str() {
                "client" => t(Key::KindClient),
                "staff" | "admin" => t(Key::KindStaff),
                "system" => t(Key::KindSystem),
                _ => t(Key::KindAnonymous),
            };
            let target = if e.target_label.is_empty() { e.target_id.clone() } else { e.target_label.clone() };
            let client = show_client.then(|| view! { <td class="wrap">{e.client_name.clone().unwrap_or_default()}</td> });
            view! {
                <tr data-action=e.action.clone()>
                    // To the minute on the page ("Time (UTC)"), to the second in the tooltip.
                    <td><time datetime=utc(e.at) title=utc(e.at)>{utc(e.at).chars().take(16).collect::<String>()}</time><br/><span class="muted small">{ago(use_locale(), e.at, now)}</span></td>
                    <td class="wrap who">
                        <span class="actor">{who}</span>
                        {(!e.actor_email.is_empty() && !e.actor_name.is_empty()).then(|| view! { <br/><span class="small">{email(&e.actor_email)}</span> })}
                        <br/><span class="muted small">{kind}</span>
                    </td>
                    {client}
                    <td>{action_text(locale, &e.action)}</td>
                    <td class="wrap">{target}</td>
                    <td><span class=format!("outcome outcome-{}", e.outcome.code())>{t(e.outcome.label())}</span></td>
                    <td class="wrap small">
                        <span data-testid="event-ip">{e.source_ip.clone()}</span>
                        <br/><span class="muted" data-testid="event-ua" title=e.user_agent.clone()>{browser_summary(use_locale(), &e.user_agent)}</span>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        // Wide: the wrapper scrolls sideways on small screens, so it takes keyboard focus.
        <div class="table-wrap" tabindex="0" role="region" aria-label=t(Key::ActivityTitle)>
            <table class="table activity" data-testid="activity-table">
                <thead><tr>
                    <th scope="col">{t(Key::Time)}</th>
                    <th scope="col">{t(Key::Who)}</th>
                    {show_client.then(|| view! { <th scope="col">{t(Key::Client)}</th> })}
                    <th scope="col">{t(Key::Action)}</th>
                    <th scope="col">{t(Key::Item)}</th>
                    <th scope="col">{t(Key::Outcome)}</th>
                    <th scope="col">{t(Key::Source)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// The table and the "older events" link for one page.
#[component]
fn ActivityResults(page: ActivityPage, filter: ActivityFilter, base: String, show_client: bool) -> impl IntoView {
    if page.items.is_empty() {
        return view! { <p class="empty">{t(Key::NoActivity)}</p> }.into_any();
    }
    let query = filter.to_query();
    let sep = if query.is_empty() { "" } else { "&" };
    let older = page.next_before.map(|b| format!("{base}?{query}{sep}before={b}"));
    let newest = filter.before.is_some().then(|| if query.is_empty() { base.clone() } else { format!("{base}?{query}") });
    view! {
        <ActivityTable items=page.items show_client=show_client/>
        <nav class="pager" aria-label="Pages">
            {newest.map(|href| view! { <A href=href>{t(Key::NewestEvents)}</A> })}
            {older.map(|href| view! { <A href=href attr:rel="next">{t(Key::OlderEvents)}" "<span class="arrow" aria-hidden="true">"→"</span></A> })}
        </nav>
    }
    .into_any()
}

fn action_options(selected: Option<String>) -> impl IntoView {
    ACTION_GROUPS
        .iter()
        .map(|(prefix, label)| view! { <option value=*prefix selected=selected.as_deref() == Some(*prefix)>{t(*label)}</option> })
        .collect_view()
}

fn outcome_options(selected: Option<Outcome>) -> impl IntoView {
    Outcome::ALL
        .into_iter()
        .map(|o| view! { <option value=o.code() selected=selected == Some(o)>{t(o.label())}</option> })
        .collect_view()
}

/// The "User" select: one of the client's people.
fn user_filter(users: Resource<Result<Vec<LastSeen>, AppError>>, selected: Option<i64>) -> AnyView {
    let options = move || {
        Suspend::new(async move {
            let users = users.await.unwrap_or_default();
            users.into_iter().map(|u| view! { <option value=u.id.to_string() selected=selected == Some(u.id)>{u.name}</option> }).collect_view()
        })
    };
    view! {
        <div class="field">
            <label for="a-user">{t(Key::UserFilter)}</label>
            <select id="a-user" name="actor_id">
                <option value="" selected=selected.is_none()>{t(Key::AnyOption)}</option>
                <Suspense fallback=|| ()>{options}</Suspense>
            </select>
        </div>
    }
    .into_any()
}

/// Filters shared by every activity page; `extra` adds the page's own fields.
#[component]
fn ActivityFilters(filter: ActivityFilter, action: String, #[prop(optional)] extra: Option<AnyView>, #[prop(optional)] after: Option<AnyView>) -> impl IntoView {
    let f = filter;
    view! {
        <Form method="GET" action=action.clone() attr:class="filters" attr:role="search">
            {extra}
            <div class="field">
                <label for="a-action">{t(Key::Action)}</label>
                <select id="a-action" name="action">
                    <option value="" selected=f.action.is_none()>{t(Key::AnyOption)}</option>
                    {action_options(f.action.clone())}
                </select>
            </div>
            <div class="field">
                <label for="a-outcome">{t(Key::Outcome)}</label>
                <select id="a-outcome" name="outcome">
                    <option value="" selected=f.outcome.is_none()>{t(Key::AnyOption)}</option>
                    {outcome_options(f.outcome)}
                </select>
            </div>
            <DateRange prefix="a" from=f.from to=f.to/>
            {after}
            <crate::components::FilterActions href=action/>
        </Form>
    }
}

/// `/staff/audit`: the whole trail, by client, person, action, IP, dates and outcome.
#[component]
pub fn AuditPage() -> impl IntoView {
    let filter = use_activity_filter();
    let data = Resource::new(move || filter.get(), staff_activity);
    let clients = Resource::new(move || filter.get().client_id, crate::clients::api::client_choices);
    let body = loaded(data, move |page| view! { <ActivityResults page=page filter=filter.get_untracked() base="/staff/audit".into() show_client=true/> }.into_any());
    let filters = move || {
        let f = filter.get();
        let extra = view! {
            <ClientSelect id="a-client" name="client_id" clients=clients selected=f.client_id/>
            <div class="field">
                <label for="a-actor">{t(Key::ActorFilter)}</label>
                <input id="a-actor" name="actor" type="search" autocomplete="off" value=f.actor.clone().unwrap_or_default()/>
            </div>
        }
        .into_any();
        let after = view! {
            <div class="field">
                <label for="a-ip">{t(Key::IpFilter)}</label>
                <input id="a-ip" name="ip" type="search" autocomplete="off" inputmode="decimal" value=f.ip.clone().unwrap_or_default()/>
            </div>
        }
        .into_any();
        view! { <ActivityFilters filter=f action="/staff/audit".into() extra=extra after=after/> }
    };
    let export = move || {
        let q = ActivityFilter { before: None, ..filter.get() }.to_query();
        format!("/staff/audit/export.csv{}{q}", if q.is_empty() { "" } else { "?" })
    };
    view! {
        <Title text=t(Key::AuditTitle)/>
        <Layout>
            <h1>{t(Key::AuditTitle)}</h1>
            <p class="muted">{t(Key::AuditIntro)}</p>
            {filters}
            <p class="actions"><a class="button secondary" href=export rel="external" download>{t(Key::ExportCsv)}</a></p>
            {body}
        </Layout>
    }
}

/// The activity timeline on a client's page, with a filter for one of the client's users.
#[component]
pub fn ClientTimeline(client_id: i64) -> impl IntoView {
    let url = use_activity_filter();
    let filter = Memo::new(move |_| ActivityFilter { client_id: Some(client_id), ..url.get() });
    let data = Resource::new(move || filter.get(), staff_activity);
    let users = Resource::new(move || client_id, client_users);
    let base = format!("/staff/clients/{client_id}");
    let body = {
        let base = base.clone();
        loaded(data, move |page| {
            let f = ActivityFilter { client_id: None, ..filter.get_untracked() };
            view! { <ActivityResults page=page filter=f base=base.clone() show_client=false/> }
        })
    };
    let filters = move || {
        let f = filter.get();
        let selected = f.actor_id;
        let extra = user_filter(users, selected);
        view! { <ActivityFilters filter=f action=base.clone() extra=extra/> }
    };
    view! {
        <section aria-labelledby="client-activity" class="activity-section">
            <h2 id="client-activity">{t(Key::ClientActivity)}</h2>
            {filters}
            {body}
        </section>
    }
}

/// `/activity`: a client admin sees what the people of their own company did in the portal.
#[component]
pub fn CompanyActivityPage() -> impl IntoView {
    let filter = use_activity_filter();
    let data = Resource::new(move || filter.get(), company_activity);
    let users = Resource::new(|| (), |_| company_users());
    let body = loaded(data, move |page| view! { <ActivityResults page=page filter=filter.get_untracked() base="/activity".into() show_client=false/> }.into_any());
    let filters = move || {
        let f = filter.get();
        let selected = f.actor_id;
        let extra = user_filter(users, selected);
        view! { <ActivityFilters filter=f action="/activity".into() extra=extra/> }
    };
    view! {
        <Title text=t(Key::ActivityTitle)/>
        <Layout>
            <h1>{t(Key::ActivityTitle)}</h1>
            <p class="muted">{t(Key::CompanyActivityIntro)}</p>
            {filters}
            {body}
        </Layout>
    }
}
