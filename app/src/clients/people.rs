//! The people who sign in for a client (invite, new link, what each may use, disable, enable,
//! reset two-step sign-in), for staff on the client's page and for a client admin at `/team`.

use super::api::{client_people, InvitePerson, RenewInvite, ResetPersonTwoFactor, SetPersonDisabled, SetPersonPermissions};
use super::model::{Invite, Person, PersonStatus};
use crate::util::{now_micros, utc};
use crate::components::{loaded, email, ActionErrors};
use crate::i18n::{ago, t, use_locale, Key};
use crate::model::Permissions;
use leptos::prelude::*;

/// The people who sign in for a client, and what can be done about each: on a client's page for
/// staff (`client_id` given), and at `/team` for a client admin (their own company, `me` being
/// the admin). An island: a new invite link is shown once, where it was made, to be copied.
/// The list is a page by name starting after person `after`; `base` is this page's address.
#[crate::full_island]
pub fn ClientPeople(client_id: Option<i64>, staff: bool, me: Option<i64>, after: Option<i64>, base: String) -> impl IntoView {
    let invite = ServerAction::<InvitePerson>::new();
    let renew = ServerAction::<RenewInvite>::new();
    let disable = ServerAction::<SetPersonDisabled>::new();
    let perms = ServerAction::<SetPersonPermissions>::new();
    let reset = ServerAction::<ResetPersonTwoFactor>::new();
    let people = Resource::new(
        move || (client_id, after, invite.version().get(), renew.version().get(), disable.version().get(), perms.version().get(), reset.version().get()),
        |(id, after, ..)| client_people(id, after),
    );
    // The newest invite link, whichever form made it: shown this once.
    let link = RwSignal::new(None::<Invite>);
    let invite_form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if let Some(Ok(i)) = invite.value().get() {
            link.set(Some(i));
            // Emptied, so that the next person is not invited twice by mistake.
            if let Some(form) = invite_form.get() {
                form.reset();
            }
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(i)) = renew.value().get() {
            link.set(Some(i));
        }
    });
    let actions = PeopleActions { client_id, staff, renew, disable, perms, reset };
    // A client admin does not act on their own row (they would lock themselves out).
    let body = loaded(people, move |page| {
        // Plain links: an island has no router to hand them to.
        let link = |at: Option<i64>| match at {
            Some(n) => format!("{base}?people_after={n}#people-h"),
            None => format!("{base}#people-h"),
        };
        let pager = view! {
            <nav class="pager" aria-label="Pages">
                {after.is_some().then(|| view! { <a href=link(None)>{t(Key::FirstPage)}</a> })}
                {page.next.map(|n| view! { <a href=link(Some(n)) rel="next">{t(Key::NextPage)}" "<span class="arrow" aria-hidden="true">"→"</span></a> })}
            </nav>
        };
        match page.items.is_empty() {
            true => view! { <p class="empty">{t(Key::NoPeople)}</p>{pager} }.into_any(),
            false => view! { <PeopleTable people=page.items actions=actions me=me/>{pager} }.into_any(),
        }
    });
    let row_error = Signal::derive(move || {
        renew.value().get().and_then(Result::err)
            .or_else(|| disable.value().get().and_then(Result::err))
            .or_else(|| perms.value().get().and_then(Result::err))
            .or_else(|| reset.value().get().and_then(Result::err))
    });
    view! {
        <section aria-labelledby="people-h" class="people-section">
            <h2 id="people-h">{t(Key::People)}</h2>
            <p class="muted">{t(if staff { Key::PeopleIntro } else { Key::TeamIntro })}</p>
            {body}
            <ActionErrors error=row_error/>
            {move || link.get().map(|i| view! { <InviteLink invite=i/> })}
            <details class="panel disclosure">
                <summary>{t(Key::InvitePerson)}</summary>
                <ActionForm action=invite node_ref=invite_form attr:class="form grid-form">
                    <ClientIdField client_id=client_id/>
                    <div class="field">
                        <label for="ip-name">{t(Key::NameField)}</label>
                        <input id="ip-name" name="name" required maxlength="100" autocomplete="off"/>
                    </div>
                    <div class="field">
                        <label for="ip-email">{t(Key::Email)}</label>
                        <input id="ip-email" name="email" type="email" required maxlength="254" autocomplete="off"/>
                    </div>
                    <PermissionBoxes prefix="ip".to_string() current=Permissions { billing: true, documents: true, client_admin: false }/>
                    <div class="filter-actions">
                        <button type="submit" class="button primary">{t(Key::CreateInviteLink)}</button>
                    </div>
                </ActionForm>
                <ActionErrors error=Signal::derive(move || invite.value().get().and_then(Result::err))/>
            </details>
        </section>
    }
}

/// The row actions of the people table, shared by every row.
#[derive(Clone, Copy)]
struct PeopleActions {
    client_id: Option<i64>,
    staff: bool,
    renew: ServerAction<RenewInvite>,
    disable: ServerAction<SetPersonDisabled>,
    perms: ServerAction<SetPersonPermissions>,
    reset: ServerAction<ResetPersonTwoFactor>,
}

/// Staff name the client; a client admin's forms leave it out (the server knows their company).
#[component]
fn ClientIdField(client_id: Option<i64>) -> impl IntoView {
    client_id.map(|id| view! { <input type="hidden" name="client_id" value=id.to_string()/> })
}

/// The three permissions as checkboxes, with ids `{prefix}-billing` and so on.
#[component]
fn PermissionBoxes(prefix: String, current: Permissions) -> impl IntoView {
    [("billing", Key::PermBilling, current.billing), ("documents", Key::PermDocuments, current.documents), ("client_admin", Key::PermClientAdmin, current.client_admin)]
        .into_iter()
        .map(|(name, key, on)| {
            let id = format!("{prefix}-{name}");
            view! {
                <div class="field checkbox">
                    <input id=id.clone() name=name type="checkbox" value="on" checked=on/>
                    <label for=id>{t(key)}</label>
                </div>
            }
        })
        .collect_view()
}

/// "Billing · Documents", or "No access".
fn access_summary(p: Permissions) -> String {
    let parts: Vec<&str> = [(p.billing, Key::PermBilling), (p.documents, Key::PermDocuments), (p.client_admin, Key::PermClientAdmin)]
        .into_iter()
        .filter(|(on, _)| *on)
        .map(|(_, k)| t(k))
        .collect();
    if parts.is_empty() { t(Key::NoAccess).to_string() } else { parts.join(" · ") }
}

#[component]
fn PeopleTable(people: Vec<Person>, actions: PeopleActions, me: Option<i64>) -> impl IntoView {
    let locale = use_locale();
    let now = now_micros();
    let PeopleActions { client_id, staff, renew, disable, perms, reset } = actions;
    let rows = people
        .into_iter()
        .map(|p| {
            let label = |key| locale.format(key, &[("name", p.name.as_str())]);
            let (badge, status) = match p.status {
                PersonStatus::Active => ("badge badge-paid", Key::PersonActive),
                PersonStatus::Invited => ("badge badge-open", Key::PersonInvited),
                PersonStatus::Disabled => ("badge badge-void", Key::PersonDisabled),
            };
            let seen = match p.last_seen {
                Some(at) => view! { <span title=utc(at)>{ago(use_locale(), at, now)}</span> }.into_any(),
                None => view! { <span class="muted">{t(Key::NeverSignedIn)}</span> }.into_any(),
            };
            let disabled = p.status == PersonStatus::Disabled;
            let (access_key, access_label) = if disabled { (Key::EnablePerson, label(Key::EnablePersonNamed)) } else { (Key::DisablePerson, label(Key::DisablePersonNamed)) };
            let renew_label = label(Key::NewInviteLinkNamed);
            let change_label = label(Key::ChangeAccessNamed);
            let reset_label = label(Key::ResetTwoFactorNamed);
            let renew_form = (p.status == PersonStatus::Invited).then(move || {
                view! {
                    <ActionForm action=renew>
                        <ClientIdField client_id=client_id/>
                        <input type="hidden" name="user_id" value=p.id.to_string()/>
                        <button type="submit" class="button secondary small" aria-label=renew_label>{t(Key::NewInviteLink)}</button>
                    </ActionForm>
                }
            });
            let reset_form = (staff && p.two_factor).then(move || {
                view! {
                    <ActionForm action=reset>
                        <ClientIdField client_id=client_id/>
                        <input type="hidden" name="user_id" value=p.id.to_string()/>
                        <button type="submit" class="button secondary small" aria-label=reset_label>{t(Key::ResetTwoFactor)}</button>
                    </ActionForm>
                }
            });
            view! {
                <tr data-person=p.email.clone()>
                    <th scope="row">{p.name.clone()}</th>
                    <td class="who">{email(&p.email)}</td>
                    <td><span class=badge>{t(status)}</span></td>
                    <td class="wrap" data-testid="access">{access_summary(p.permissions)}</td>
                    <td>{t(if p.two_factor { Key::Yes } else { Key::No })}</td>
                    <td>{seen}</td>
                    {if Some(p.id) == me { view! { <td class="muted">{t(Key::ThisIsYou)}</td> }.into_any() } else { view! {
                    <td class="row-actions">
                        {renew_form}
                        <details class="disclosure inline-disclosure">
                            <summary aria-label=change_label>{t(Key::ChangeAccess)}</summary>
                            <ActionForm action=perms attr:class="form">
                                <ClientIdField client_id=client_id/>
                                <input type="hidden" name="user_id" value=p.id.to_string()/>
                                <PermissionBoxes prefix=format!("pp-{}", p.id) current=p.permissions/>
                                <button type="submit" class="button primary small">{t(Key::SaveAccess)}</button>
                            </ActionForm>
                        </details>
                        {reset_form}
                        <ActionForm action=disable>
                            <ClientIdField client_id=client_id/>
                            <input type="hidden" name="user_id" value=p.id.to_string()/>
                            <input type="hidden" name="disabled" value=(!disabled).to_string()/>
                            <button type="submit" class="button secondary small" aria-label=access_label>{t(access_key)}</button>
                        </ActionForm>
                    </td>
                    }.into_any() }}
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="table" data-testid="people-table">
                <thead><tr>
                    <th scope="col">{t(Key::NameField)}</th>
                    <th scope="col">{t(Key::Email)}</th>
                    <th scope="col">{t(Key::Status)}</th>
                    <th scope="col">{t(Key::Access)}</th>
                    <th scope="col">{t(Key::TwoFactorTitle)}</th>
                    <th scope="col">{t(Key::LastSeen)}</th>
                    <th scope="col">{t(Key::Actions)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// Where the people list starts (`?people_after=`), on `/team` and on a staff client page.
pub fn people_after() -> Option<i64> {
    leptos_router::hooks::use_query_map().get_untracked().get("people_after").and_then(|v| v.parse().ok())
}

/// `/team`: a client admin invites and manages the people of their own company.
#[component]
pub fn TeamPage() -> impl IntoView {
    view! {
        <leptos_meta::Title text=t(Key::TeamTitle)/>
        <crate::components::Layout>
            <h1>{t(Key::TeamTitle)}</h1>
            <ClientPeople client_id=None staff=false me=crate::current_user().map(|u| u.user_id) after=people_after() base="/team".to_string()/>
        </crate::components::Layout>
    }
}

/// The one-time link for an invitee, to copy and send them; it is never shown again.
#[component]
fn InviteLink(invite: Invite) -> impl IntoView {
    let locale = use_locale();
    let until = utc(invite.expires_at * 1_000_000);
    let text = locale.format(Key::InviteReady, &[("name", &invite.name), ("email", &invite.email), ("until", &until)]);
    let url = format!("{}{}", origin(), invite.path());
    view! {
        <div class="panel invite-link" role="status">
            <p>{text}</p>
            <label for="invite-url">{t(Key::InviteLinkLabel)}</label>
            <input id="invite-url" type="text" readonly value=url data-testid="invite-url"
                on:focus=move |ev| { event_target::<leptos::web_sys::HtmlInputElement>(&ev).select(); }/>
        </div>
    }
}

/// This page's origin ("https://portal.example"), for links staff copy.
fn origin() -> String {
    #[cfg(feature = "hydrate")]
    {
        window().location().origin().unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    String::new()
}
