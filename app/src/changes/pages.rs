//! `/company`: a client admin's company details, a form to ask for changes, and what became of
//! earlier requests. `/staff/changes`: the requests waiting for the firm. A client's page for
//! staff lists that client's requests with the same component.

use super::api::{change_requests, company_details, DecideChange, ProposeChange};
use super::model::{ChangeRequest, ChangeStatus};
use crate::clients::pages::{shown, DetailFacts, DetailFields};
use crate::components::{loaded, when, ActionErrors, FormResult, Layout, Notice, Pager};
use crate::i18n::{t, use_locale, Key};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn CompanyPage() -> impl IntoView {
    // A plain form: the server sends the browser back here with a notice or the failure.
    let propose = ServerAction::<ProposeChange>::new();
    let failed = propose.value().get_untracked().and_then(Result::err);
    let details = Resource::new(|| (), |_| company_details());
    let body = loaded(details, move |d| {
        let failed = failed.clone();
        view! {
            <DetailFacts details=d.clone()/>
            <section class="panel" aria-labelledby="propose-heading">
                <h2 id="propose-heading">{t(Key::ProposeChange)}</h2>
                <p class="muted">{t(Key::ProposeChangeIntro)}</p>
                <ActionForm action=propose attr:class="form">
                    <DetailFields prefix="cp" details=d/>
                    <FormResult name="change" ok=Key::ChangeSent error=failed/>
                    <button type="submit" class="button primary">{t(Key::SendForApproval)}</button>
                </ActionForm>
            </section>
        }
    });
    view! {
        <Title text=t(Key::CompanyTitle)/>
        <Layout>
            <h1>{t(Key::CompanyTitle)}</h1>
            <p class="muted">{t(Key::CompanyIntro)}</p>
            {body}
            <ChangeRequests client_id=None staff=false base="/company".into()/>
        </Layout>
    }
}

#[component]
pub fn StaffChangesPage() -> impl IntoView {
    view! {
        <Title text=t(Key::StaffChangesTitle)/>
        <Layout>
            <h1>{t(Key::StaffChangesTitle)}</h1>
            <p class="muted">{t(Key::StaffChangesIntro)}</p>
            <ChangeRequests client_id=None staff=true base="/staff/changes".into()/>
        </Layout>
    }
}

/// Change requests, newest first, 20 to a page (`?changes_after=` on `base`): of the client
/// admin's own company, of one client for staff, or, for staff without a client, every
/// client's that wait. Staff decide waiting ones here.
#[component]
pub fn ChangeRequests(client_id: Option<i64>, staff: bool, base: String) -> impl IntoView {
    let query = use_query_map();
    let after = Memo::new(move |_| query.read().get("changes_after").and_then(|v| v.parse::<i64>().ok()));
    let data = Resource::new(move || after.get(), move |after| change_requests(client_id, after));
    let waiting_only = staff && client_id.is_none();
    // A decision that failed (decided by someone else meanwhile) comes back to this page.
    let failed = ServerAction::<DecideChange>::new().value().get_untracked().and_then(Result::err);
    let body = loaded(data, move |page| {
        if page.items.is_empty() {
            return view! { <p class="empty">{t(if waiting_only { Key::NoWaitingChanges } else { Key::NoChangeRequests })}</p> }.into_any();
        }
        let items = page.items.into_iter().map(|r| view! { <ChangeCard request=r staff=staff show_client=waiting_only/> }).collect_view();
        let next = page.next.map(|n| format!("{base}?changes_after={n}"));
        let first = after.get_untracked().is_some().then(|| base.clone());
        view! { <ol class="changes">{items}</ol><Pager first next/> }.into_any()
    });
    view! {
        <section aria-labelledby="changes-heading">
            <h2 id="changes-heading">{t(Key::ChangeRequests)}</h2>
            <Notice name="decided" text=Key::Saved/>
            <ActionErrors error=Signal::stored(failed)/>
            {body}
        </section>
    }
}

#[component]
fn ChangeCard(request: ChangeRequest, staff: bool, show_client: bool) -> impl IntoView {
    let r = request;
    let status = match r.status {
        ChangeStatus::Pending => Key::ChangePending,
        ChangeStatus::Approved => Key::ChangeApproved,
        ChangeStatus::Rejected => Key::ChangeRejected,
    };
    let rows = r
        .changes
        .iter()
        .map(|c| {
            view! {
                <tr>
                    <th scope="row">{t(c.field.label())}</th>
                    <td class="keep-lines">{shown(&c.from)}</td>
                    <td class="keep-lines">{shown(&c.to)}</td>
                </tr>
            }
        })
        .collect_view();
    let asked = use_locale().format(Key::AskedBy, &[("name", &r.requested_by)]);
    let decided = r.decided_by.clone().map(|by| {
        let note = (!r.note.is_empty()).then(|| view! { <blockquote class="note">{r.note.clone()}</blockquote> });
        view! { <p>{t(status)}" · "{by}" · "{when(r.decided_at.unwrap_or_default())}</p>{note} }
    });
    let decide = (staff && r.status == ChangeStatus::Pending).then(|| view! { <DecideForm id=r.id/> });
    view! {
        <li class="panel change" data-testid="change-request">
            <p class="change-head">
                {show_client.then(|| view! { <A href=format!("/staff/clients/{}", r.client_id)>{r.client_name.clone()}</A>" · " })}
                <span class=format!("badge badge-{}", r.status.as_str())>{t(status)}</span>" "
                {asked}", "{when(r.requested_at)}
            </p>
            <div class="table-wrap">
                <table class="table">
                    <thead><tr>
                        <th scope="col">{t(Key::Detail)}</th>
                        <th scope="col">{t(Key::Before)}</th>
                        <th scope="col">{t(Key::Proposed)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            {decided}
            {decide}
        </li>
    }
}

/// Approve or reject, with a note the client sees.
#[component]
fn DecideForm(id: i64) -> impl IntoView {
    let decide = ServerAction::<DecideChange>::new();
    let note_id = format!("note-{id}");
    view! {
        <ActionForm action=decide attr:class="form decide">
            <input type="hidden" name="id" value=id.to_string()/>
            <div class="field">
                <label for=note_id.clone()>{t(Key::NoteToClient)}</label>
                <textarea id=note_id name="note" rows="2" maxlength="1000"></textarea>
            </div>
            <div class="filter-actions">
                <button type="submit" name="decision" value="approve" class="button primary">{t(Key::Approve)}</button>
                <button type="submit" name="decision" value="reject" class="button secondary">{t(Key::Reject)}</button>
            </div>
        </ActionForm>
    }
}
