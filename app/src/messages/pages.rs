//! `/messages` and `/staff/messages`: the conversation list, one conversation, a new one.
//! Sending is a plain multipart form to `POST /messages/send` (files stream like uploads); the
//! server sends the browser back to the conversation, or with `upload_error=…`.

use super::api::{get_conversation, list_assignees, list_conversations, AssignConversation, CloseConversation};
use super::model::{About, Conversation, ConversationFilter, ConversationPage, ConversationStatus, ConversationSummary, MAX_BODY, MAX_SUBJECT};
use crate::components::{loaded, when, FilterActions, Layout, Pager};
use crate::documents::upload::UploadNotice;
use crate::i18n::{t, Key};
use crate::util::id_param;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Form, A};
use leptos_router::hooks::use_query_map;

fn status_badge(s: ConversationStatus) -> impl IntoView {
    let (key, class) = match s {
        ConversationStatus::Open => (Key::ConvOpen, "badge badge-open"),
        ConversationStatus::Waiting => (Key::ConvWaiting, "badge badge-partial"),
        ConversationStatus::Closed => (Key::ConvClosed, "badge badge-void"),
    };
    view! { <span class=class>{t(key)}</span> }
}

fn about_link(about: &Option<About>, staff: bool) -> impl IntoView {
    about.clone().map(|a| match a {
        About::Invoice { id, label } => {
            let href = if staff { format!("/staff/invoices/{id}") } else { format!("/invoices/{id}") };
            view! { <A href=href>{label}</A> }.into_any()
        }
        About::Document { id, label } => {
            let href = if staff { format!("/staff/documents/{id}") } else { format!("/documents/{id}") };
            view! { <A href=href>{label}</A> }.into_any()
        }
    })
}

#[component]
fn ConversationTable(page: ConversationPage, filter: ConversationFilter, staff: bool) -> impl IntoView {
    let base = if staff { "/staff/messages" } else { "/messages" };
    if page.items.is_empty() {
        let key = if filter == ConversationFilter::default() { Key::NoConversations } else { Key::NoMatches };
        return view! { <p class="empty">{t(key)}</p> }.into_any();
    }
    let rows = page
        .items
        .into_iter()
        .map(|c: ConversationSummary| {
            let href = format!("{base}/{}", c.id);
            view! {
                <tr class:row-unread=c.unread>
                    <th scope="row">
                        <A href=href>{c.subject.clone()}</A>
                        {c.unread.then(|| view! { " " <span class="badge badge-open">{t(Key::Unread)}</span> })}
                    </th>
                    {staff.then(|| view! { <td data-label=t(Key::Client)>{c.client_name.clone()}</td> })}
                    <td data-label=t(Key::About)>{about_link(&c.about, staff)}</td>
                    <td data-label=t(Key::Status)>{status_badge(c.status)}</td>
                    {staff.then(|| view! { <td data-label=t(Key::Assignee)>{c.assignee_name.clone().unwrap_or_else(|| "—".into())}</td> })}
                    <td data-label=t(Key::LastMessage)>{when(c.last_message_at)}</td>
                </tr>
            }
        })
        .collect_view();
    let next = page.next.map(|n| format!("{base}{}", filter.to_query(Some(n))));
    let first = filter.after.is_some().then(|| format!("{base}{}", filter.to_query(None)));
    view! {
        <div class="table-wrap">
            <table class="table stack" data-testid="conversations">
                <thead><tr>
                    <th scope="col">{t(Key::Subject)}</th>
                    {staff.then(|| view! { <th scope="col">{t(Key::Client)}</th> })}
                    <th scope="col">{t(Key::About)}</th>
                    <th scope="col">{t(Key::Status)}</th>
                    {staff.then(|| view! { <th scope="col">{t(Key::Assignee)}</th> })}
                    <th scope="col">{t(Key::LastMessage)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <Pager first next/>
    }
    .into_any()
}

/// The conversation list, for a client person (`/messages`) or staff (`/staff/messages`).
#[component]
pub fn MessagesPage(staff: bool) -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| ConversationFilter::from_query(|k| query.read().get(k).map(|v| v.to_string())));
    let data = Resource::new(move || filter.get(), list_conversations);
    let assignees = Resource::new(|| (), move |_| async move { if staff { list_assignees().await } else { Ok(Vec::new()) } });
    let clients = Resource::new(move || filter.get().client_id, move |selected| async move {
        if staff { crate::clients::api::client_choices(selected).await } else { Ok(Vec::new()) }
    });
    let body = loaded(data, move |page| view! { <ConversationTable page filter=filter.get_untracked() staff/> }.into_any());
    let action = if staff { "/staff/messages" } else { "/messages" };
    let filters = move || {
        let f = filter.get();
        let status = f.status;
        let staff_fields = staff.then(|| {
            let (q, client, assignee) = (f.q.clone(), f.client_id, f.assignee);
            let client_select = loaded(clients, move |list| view! {
                <div class="field">
                    <label for="m-client">{t(Key::Client)}</label>
                    <select id="m-client" name="client">
                        <option value="" selected=client.is_none()>{t(Key::AllClients)}</option>
                        {list.into_iter().map(|c| view! { <option value=c.id.to_string() selected=client == Some(c.id)>{c.name}</option> }).collect_view()}
                    </select>
                </div>
            }.into_any());
            let assignee_select = loaded(assignees, move |list| view! {
                <div class="field">
                    <label for="m-assignee">{t(Key::Assignee)}</label>
                    <select id="m-assignee" name="assignee">
                        <option value="" selected=assignee.is_none()>{t(Key::Anyone)}</option>
                        <option value="0" selected=assignee == Some(0)>{t(Key::Nobody)}</option>
                        {list.into_iter().map(|(id, name)| view! { <option value=id.to_string() selected=assignee == Some(id)>{name}</option> }).collect_view()}
                    </select>
                </div>
            }.into_any());
            view! {
                {client_select}
                {assignee_select}
                <div class="field">
                    <label for="m-q">{t(Key::SearchMessages)}</label>
                    <input id="m-q" name="q" type="search" value=q/>
                </div>
            }
        });
        view! {
            <Form method="GET" action=action attr:class="filters" attr:role="search">
                <div class="field">
                    <label for="m-status">{t(Key::Status)}</label>
                    <select id="m-status" name="status">
                        <option value="" selected=status.is_none()>{t(Key::AllStatuses)}</option>
                        {ConversationStatus::ALL.into_iter().map(|s| {
                            let key = match s { ConversationStatus::Open => Key::ConvOpen, ConversationStatus::Waiting => Key::ConvWaiting, ConversationStatus::Closed => Key::ConvClosed };
                            view! { <option value=s.as_str() selected=status == Some(s)>{t(key)}</option> }
                        }).collect_view()}
                    </select>
                </div>
                {staff_fields}
                <FilterActions href=action/>
            </Form>
        }
    };
    view! {
        <Title text=t(Key::MessagesTitle)/>
        <Layout>
            <div class="page-head">
                <h1>{t(Key::MessagesTitle)}</h1>
                {(!staff).then(|| view! { <A href="/messages/new" attr:class="button primary">{t(Key::NewMessage)}</A> })}
            </div>
            <p class="muted">{t(if staff { Key::StaffMessagesIntro } else { Key::MessagesIntro })}</p>
            {filters}
            {body}
        </Layout>
    }
}

/// The text and files of a message, posted to the send route.
#[component]
fn MessageFields(files: bool) -> impl IntoView {
    view! {
        <div class="field">
            <label for="m-body">{t(Key::YourMessage)}</label>
            <textarea id="m-body" name="body" rows="6" required maxlength=MAX_BODY.to_string()></textarea>
        </div>
        {files.then(|| view! {
            <div class="field">
                <label for="m-files">{t(Key::AttachFiles)}</label>
                <input id="m-files" name="file" type="file" multiple/>
            </div>
        })}
    }
}

/// `/messages/new`: a client person writes to the firm, about `?invoice=` or `?document=` if given.
#[component]
pub fn NewConversationPage() -> impl IntoView {
    let query = use_query_map();
    let about = move |k: &str| query.read().get(k).and_then(|v| v.parse::<i64>().ok());
    let info = expect_context::<crate::components::PortalInfoResource>();
    let files = Resource::new(|| (), move |_| async move {
        info.await.ok().and_then(|i| i.user).is_some_and(|u| u.can(crate::model::Capability::Documents))
    });
    let form = move || {
        let (invoice, document) = (about("invoice"), about("document"));
        // Refused, the browser comes back here with what it was about and why.
        let back = match (invoice, document) {
            (Some(i), _) => format!("/messages/new?invoice={i}"),
            (_, Some(d)) => format!("/messages/new?document={d}"),
            _ => "/messages/new".to_string(),
        };
        Suspend::new(async move {
            let files = files.await;
            view! {
                <form method="post" action="/messages/send" enctype="multipart/form-data" class="form panel">
                    <input type="hidden" name="return_to" value=back/>
                    {invoice.map(|i| view! { <input type="hidden" name="invoice_id" value=i.to_string()/> })}
                    {document.map(|d| view! { <input type="hidden" name="document_id" value=d.to_string()/> })}
                    <div class="field">
                        <label for="m-subject">{t(Key::Subject)}</label>
                        <input id="m-subject" name="subject" required maxlength=MAX_SUBJECT.to_string()/>
                    </div>
                    <MessageFields files/>
                    <div><button type="submit" class="button primary">{t(Key::Send)}</button></div>
                </form>
            }
        })
    };
    view! {
        <Title text=t(Key::NewMessage)/>
        <Layout>
            <p class="breadcrumb"><A href="/messages">"← "{t(Key::MessagesTitle)}</A></p>
            <h1>{t(Key::NewMessage)}</h1>
            <p class="muted">{t(Key::NewMessageIntro)}</p>
            <UploadNotice/>
            <Suspense fallback=|| ()>{form}</Suspense>
        </Layout>
    }
}

/// Staff: who has the conversation, and closing or reopening it.
#[component]
fn StaffControls(summary: ConversationSummary) -> impl IntoView {
    let assign = ServerAction::<AssignConversation>::new();
    let close = ServerAction::<CloseConversation>::new();
    let assignees = Resource::new(|| (), |_| list_assignees());
    let (id, current, closed) = (summary.id, summary.assignee_id, summary.status == ConversationStatus::Closed);
    let options = loaded(assignees, move |list| {
        view! {
            <option value="0" selected=current.is_none()>{t(Key::Nobody)}</option>
            {list.into_iter().map(|(uid, name)| view! { <option value=uid.to_string() selected=current == Some(uid)>{name}</option> }).collect_view()}
        }
        .into_any()
    });
    view! {
        <div class="staff-actions">
            <ActionForm action=assign attr:class="inline-form">
                <input type="hidden" name="id" value=id.to_string()/>
                <label for="c-assignee">{t(Key::Assignee)}</label>
                " "<select id="c-assignee" name="assignee">{options}</select>
                " "<button type="submit" class="button secondary">{t(Key::Assign)}</button>
            </ActionForm>
            <ActionForm action=close attr:class="inline-form">
                <input type="hidden" name="id" value=id.to_string()/>
                <input type="hidden" name="closed" value=(!closed).to_string()/>
                <button type="submit" class="button secondary">{t(if closed { Key::Reopen } else { Key::CloseConversation })}</button>
            </ActionForm>
        </div>
    }
}

#[component]
fn Thread(conversation: Conversation, staff: bool, files: bool) -> impl IntoView {
    let s = conversation.summary;
    let base = if staff { "/staff/messages" } else { "/messages" };
    let messages = conversation
        .messages
        .into_iter()
        .map(|m| {
            let side = if m.from_staff { "message from-staff" } else { "message from-client" };
            let attachments = (!m.attachments.is_empty()).then(|| {
                let items = m
                    .attachments
                    .into_iter()
                    .map(|a| {
                        let href = if staff { format!("/staff/documents/{}", a.document_id) } else { format!("/documents/{}", a.document_id) };
                        view! { <li><A href=href>{a.title}</A></li> }
                    })
                    .collect_view();
                view! { <ul class="attachments" aria-label=t(Key::Attachments)>{items}</ul> }
            });
            view! {
                <li class=side id=format!("m{}", m.id)>
                    <p class="message-head"><strong>{m.author_name}</strong>" · "{when(m.created_at)}</p>
                    <p class="user-text">{m.body}</p>
                    {attachments}
                </li>
            }
        })
        .collect_view();
    let return_to = format!("{base}/{}", s.id);
    let controls = staff.then(|| view! { <StaffControls summary=s.clone()/> });
    let (client_href, client_name) = (format!("/staff/clients/{}", s.client_id), s.client_name.clone());
    let client = staff.then(|| view! { <div><dt>{t(Key::Client)}</dt><dd><A href=client_href>{client_name}</A></dd></div> });
    let about = s.about.is_some().then(|| view! { <div><dt>{t(Key::About)}</dt><dd>{about_link(&s.about, staff)}</dd></div> });
    let assignee_name = s.assignee_name.clone().unwrap_or_else(|| "—".into());
    let assignee = staff.then(|| view! { <div><dt>{t(Key::Assignee)}</dt><dd>{assignee_name}</dd></div> });
    view! {
        <Title text=s.subject.clone()/>
        <p class="breadcrumb"><A href=base>"← "{t(Key::MessagesTitle)}</A></p>
        <h1>{s.subject.clone()}</h1>
        <dl class="facts">
            {client}
            {about}
            <div><dt>{t(Key::Status)}</dt><dd>{status_badge(s.status)}</dd></div>
            {assignee}
        </dl>
        {controls}
        <ol class="thread" data-testid="thread">{messages}</ol>
        <UploadNotice/>
        <section class="panel" aria-labelledby="reply-h">
            <h2 id="reply-h">{t(Key::Reply)}</h2>
            <form method="post" action="/messages/send" enctype="multipart/form-data" class="form">
                <input type="hidden" name="conversation_id" value=s.id.to_string()/>
                <input type="hidden" name="return_to" value=return_to/>
                <MessageFields files/>
                <div><button type="submit" class="button primary">{t(Key::Send)}</button></div>
            </form>
        </section>
    }
}

/// One conversation (`/messages/:id`, `/staff/messages/:id`).
#[component]
pub fn ConversationPage(staff: bool) -> impl IntoView {
    let id = id_param("id");
    let info = expect_context::<crate::components::PortalInfoResource>();
    let data = Resource::new(id, move |id| async move {
        let files = staff || info.await.ok().and_then(|i| i.user).is_some_and(|u| u.can(crate::model::Capability::Documents));
        match id {
            Some(id) => get_conversation(id).await.map(|c| (c, files)),
            None => Err(crate::error::AppError::NotFound),
        }
    });
    let body = loaded(data, move |(c, files)| view! { <Thread conversation=c staff files/> }.into_any());
    view! { <Layout>{body}</Layout> }
}
