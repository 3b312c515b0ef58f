use super::api::{get_document, list_document_requests, list_documents, staff_list_documents, CreateDocumentRequest, SetDocumentDeleted};
use super::model::{human_size, previewable, DocSort, DocumentDetail, DocumentFilter, DocumentRequest, DocumentSummary, FOLDERS, folder_label};
use crate::components::{loaded, Layout};
use crate::error::AppError;
use crate::i18n::{t, use_locale, Key};
use crate::util::id_param;
use crate::audit::pages::ReceiptBadge;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Form, A};
use leptos_router::hooks::use_query_map;
use super::upload::{UploadForm, UploadNotice};


#[component]
fn DocumentTable(docs: Vec<DocumentSummary>, staff: bool) -> impl IntoView {
    if docs.is_empty() {
        return view! { <p class="empty">{t(Key::NoDocuments)}</p> }.into_any();
    }
    let locale = use_locale();
    let delete = ServerAction::<SetDocumentDeleted>::new();
    let rows = docs
        .into_iter()
        .map(|d| {
            let href = if staff { format!("/staff/documents/{}", d.id) } else { format!("/documents/{}", d.id) };
            let deleted = d.deleted_until.is_some();
            let (title, link_title, download_title) = (d.title.clone(), d.title.clone(), d.title.clone());
            let download = format!("/documents/{}/download", d.id);
            let id = d.id.to_string();
            view! {
                <tr class:row-muted=deleted>
                    <th scope="row">
                        <A href=href>{link_title}</A>
                        {d.is_new.then(|| view! { " " <span class="badge badge-open">{t(Key::NewMark)}</span> })}
                        {d.deleted_until.map(|until| view! { " " <span class="badge badge-void">{locale.format(Key::DeletedUntil, &[("date", &locale.date(until))])}</span> })}
                    </th>
                    <td data-label=t(Key::Folder)>{folder_label(&d.folder)}</td>
                    <td data-label=t(Key::FileName)>{d.file_name.clone()}</td>
                    <td data-label=t(Key::Size) class="num"><bdi>{human_size(d.size_bytes)}</bdi></td>
                    <td data-label=t(Key::Updated)>{locale.date(d.updated_on)}</td>
                    {staff.then(|| view! { <td data-label=t(Key::SeenByClient)>{d.receipt.clone().map(|r| view! { <ReceiptBadge receipt=r/> })}</td> })}
                    <td data-label=t(Key::Actions)>
                        <a href=download rel="external" download>{t(Key::Download)}<span class="visually-hidden">" "{download_title}</span></a>
                        {staff.then(move || view! {
                            <ActionForm action=delete attr:class="inline-form">
                                <input type="hidden" name="id" value=id/>
                                <input type="hidden" name="deleted" value=(!deleted).to_string()/>
                                <button type="submit" class="link-button">{t(if deleted { Key::Restore } else { Key::Delete })}<span class="visually-hidden">" "{title}</span></button>
                            </ActionForm>
                        })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="table stack" data-testid="document-table">
                <thead><tr>
                    <th scope="col">{t(Key::DocTitle)}</th>
                    <th scope="col">{t(Key::Folder)}</th>
                    <th scope="col">{t(Key::FileName)}</th>
                    <th scope="col" class="num">{t(Key::Size)}</th>
                    <th scope="col">{t(Key::Updated)}</th>
                    {staff.then(|| view! { <th scope="col">{t(Key::SeenByClient)}</th> })}
                    <th scope="col">{t(Key::Actions)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn RequestList(requests: Vec<DocumentRequest>, #[prop(optional)] uploads: bool) -> impl IntoView {
    let locale = use_locale();
    if requests.is_empty() {
        return view! { <p class="muted">{t(Key::NoRequests)}</p> }.into_any();
    }
    view! {
        <ul class="requests" data-testid="requests">
            {requests.into_iter().map(|r| {
                let status = if r.fulfilled { (Key::Fulfilled, "badge badge-paid") } else if r.overdue { (Key::Overdue, "badge badge-overdue") } else { (Key::Requested, "badge badge-open") };
                view! {
                    <li class="panel">
                        <div class="invoice-head"><h3>{r.title.clone()}</h3><span class=status.1>{t(status.0)}</span></div>
                        {(!r.description.is_empty()).then(|| view! { <p class="user-text">{r.description.clone()}</p> })}
                        {r.due_date.map(|d| view! { <p class="muted">{t(Key::DueDate)}" "{locale.date(d)}</p> })}
                        {(uploads && !r.fulfilled).then(|| view! {
                            <UploadForm return_to="/documents".to_string() request_id=r.id label=t(Key::ChooseFile) id="req"/>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
pub fn DocumentListPage() -> impl IntoView {
    let q = use_query_map();
    let filter = Memo::new(move |_| {
        let q = q.read();
        DocumentFilter {
            folder: q.get("folder").map(|v| v.to_string()).filter(|v| FOLDERS.contains(&v.as_str())),
            q: q.get("q").map(|v| v.to_string()).unwrap_or_default(),
            sort: match q.get("sort").as_deref() {
                Some("name") => DocSort::Name,
                Some("size") => DocSort::Size,
                _ => DocSort::Date,
            },
            after: q.get("after").and_then(|v| v.parse().ok()),
        }
    });
    let docs = Resource::new(move || filter.get(), list_documents);
    let requests_after = Memo::new(move |_| q.read().get("requests_after").and_then(|v| v.parse::<i64>().ok()));
    let requests = Resource::new(move || requests_after.get(), list_document_requests);
    let body = loaded(docs, move |page| {
        let f = filter.get_untracked();
        let next = page.next.map(|n| format!("/documents{}", f.to_query(Some(n))));
        let first = f.after.is_some().then(|| format!("/documents{}", f.to_query(None)));
        view! { <DocumentTable docs=page.items staff=false/><crate::components::Pager first next/> }.into_any()
    });
    let open_requests = loaded(requests, move |page| {
        let next = page.next.map(|n| format!("/documents?requests_after={n}#requests-h"));
        let first = requests_after.get_untracked().is_some().then(|| "/documents#requests-h".to_string());
        view! { <RequestList requests=page.items uploads=true/><crate::components::Pager first next/> }
    });
    let filters = move || {
        let f = filter.get();
        view! {
            <Form method="GET" action="/documents" attr:class="filters" attr:role="search">
                <div class="field">
                    <label for="d-folder">{t(Key::Folder)}</label>
                    <select id="d-folder" name="folder">
                        <option value="" selected=f.folder.is_none()>{t(Key::AllFolders)}</option>
                        {FOLDERS.iter().map(|x| view! { <option value=*x selected=f.folder.as_deref() == Some(*x)>{folder_label(x)}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="d-q">{t(Key::SearchDocuments)}</label>
                    <input id="d-q" name="q" type="search" value=f.q.clone()/>
                </div>
                <div class="field">
                    <label for="d-sort">{t(Key::SortBy)}</label>
                    <select id="d-sort" name="sort">
                        <option value="date" selected=f.sort == DocSort::Date>{t(Key::SortIssued)}</option>
                        <option value="name" selected=f.sort == DocSort::Name>{t(Key::SortName)}</option>
                        <option value="size" selected=f.sort == DocSort::Size>{t(Key::SortSize)}</option>
                    </select>
                </div>
                <crate::components::FilterActions href="/documents"/>
            </Form>
        }
    };
    view! {
        <Title text=t(Key::DocumentsTitle)/>
        <Layout>
            <h1>{t(Key::DocumentsTitle)}</h1>
            <p class="muted">{t(Key::DocumentsIntro)}</p>
            <UploadNotice/>
            {filters}
            {body}
            <h2 id="requests-h">{t(Key::Requests)}</h2>
            {open_requests}
            <section class="panel" aria-labelledby="send-h">
                <h2 id="send-h">{t(Key::SendDocuments)}</h2>
                <UploadForm return_to="/documents".to_string() label=t(Key::ChooseFiles) id="send"/>
            </section>
        </Layout>
    }
}

/// A document with its versions, a preview for PDFs and images, and downloads.
#[component]
pub fn DocumentView(doc: DocumentDetail, staff: bool) -> impl IntoView {
    let locale = use_locale();
    let s = doc.summary;
    let preview = previewable(&s.content_type).then(|| {
        let src = format!("/documents/{}/preview", s.id);
        if s.content_type == "application/pdf" {
            view! { <iframe class="preview" src=src title=s.title.clone()></iframe> }.into_any()
        } else {
            view! { <img class="preview" src=src alt=s.title.clone()/> }.into_any()
        }
    });
    let versions = doc
        .versions
        .into_iter()
        .map(|v| {
            view! {
                <tr>
                    <td>{v.version}</td>
                    <td>{v.file_name.clone()}</td>
                    <td class="num"><bdi>{human_size(v.size_bytes)}</bdi></td>
                    <td>{locale.date(v.uploaded_on)}</td>
                    <td><a href=format!("/documents/{}/download?version={}", s.id, v.version) rel="external" download>{t(Key::Download)}<span class="visually-hidden">" "{t(Key::Version)}" "{v.version}</span></a></td>
                </tr>
            }
        })
        .collect_view();
    let back = if staff { format!("/staff/clients/{}", s.client_id) } else { "/documents".to_string() };
    view! {
        <Title text=s.title.clone()/>
        <p class="breadcrumb"><A href=back>"← "{t(Key::BackToDocuments)}</A></p>
        <h1>{s.title.clone()}</h1>
        <dl class="facts">
            <div><dt>{t(Key::Folder)}</dt><dd>{folder_label(&s.folder)}</dd></div>
            <div><dt>{t(Key::FileName)}</dt><dd>{s.file_name.clone()}</dd></div>
            <div><dt>{t(Key::Size)}</dt><dd><bdi>{human_size(s.size_bytes)}</bdi></dd></div>
            <div><dt>{t(Key::Updated)}</dt><dd>{locale.date(s.updated_on)}</dd></div>
        </dl>
        <p class="actions">
            <a class="button primary" href=format!("/documents/{}/download", s.id) rel="external" download>{t(Key::Download)}</a>
            {preview.is_some().then(|| view! { <a class="button secondary" href=format!("/documents/{}/preview", s.id) rel="external" target="_blank">{t(Key::OpenPreview)}</a> })}
            {(!staff).then(|| view! { <A href=format!("/messages/new?document={}", s.id) attr:class="button secondary">{t(Key::AskAboutDocument)}</A> })}
        </p>
        {preview}
        <h2>{t(Key::Versions)}</h2>
        <div class="table-wrap">
            <table class="table" data-testid="versions">
                <thead><tr>
                    <th scope="col">{t(Key::Version)}</th>
                    <th scope="col">{t(Key::FileName)}</th>
                    <th scope="col" class="num">{t(Key::Size)}</th>
                    <th scope="col">{t(Key::Updated)}</th>
                    <th scope="col">{t(Key::Actions)}</th>
                </tr></thead>
                <tbody>{versions}</tbody>
            </table>
        </div>
        {staff.then(|| view! {
            <section class="panel" aria-labelledby="ver-h">
                <h2 id="ver-h">{t(Key::NewVersion)}</h2>
                <UploadForm return_to=format!("/staff/documents/{}", s.id) client_id=s.client_id document_id=s.id label=t(Key::ChooseFile) id="ver"/>
            </section>
        })}
    }
}

#[component]
pub fn DocumentPage() -> impl IntoView {
    let id = id_param("id");
    let data = Resource::new(id, |id| async move {
        match id {
            Some(id) => get_document(id).await,
            None => Err(AppError::NotFound),
        }
    });
    let body = loaded(data, move |doc| view! { <DocumentView doc=doc staff=false/> }.into_any());
    view! { <Layout>{body}</Layout> }
}

#[component]
pub fn StaffDocumentPage() -> impl IntoView {
    let id = id_param("id");
    let data = Resource::new(id, |id| async move {
        match id {
            Some(id) => super::api::staff_get_document(id).await,
            None => Err(AppError::NotFound),
        }
    });
    let body = loaded(data, move |doc| view! { <UploadNotice/><DocumentView doc=doc staff=true/> }.into_any());
    view! { <Layout>{body}</Layout> }
}

/// The documents part of a staff client page: upload, list with delete/restore, requests.
#[component]
pub fn ClientDocuments(client_id: i64) -> impl IntoView {
    // Plain forms: the server sends the browser back to this page (with the failure, if any).
    let request = ServerAction::<CreateDocumentRequest>::new();
    let failed = request.value().get_untracked().and_then(Result::err);
    // The page of documents starts after `documents_after` (keyset, newest first).
    let query = use_query_map();
    let after = Memo::new(move |_| query.read().get("documents_after").and_then(|v| v.parse::<i64>().ok()));
    let requests_after = Memo::new(move |_| query.read().get("requests_after").and_then(|v| v.parse::<i64>().ok()));
    let data = Resource::new(move || (after.get(), requests_after.get()), move |(after, requests_after)| staff_list_documents(client_id, after, requests_after));
    let body = loaded(data, move |(page, requests)| {
        let base = format!("/staff/clients/{client_id}");
        let next = page.next.map(|n| format!("{base}?documents_after={n}"));
        let first = after.get_untracked().is_some().then(|| base.clone());
        let requests_next = requests.next.map(|n| format!("{base}?requests_after={n}"));
        let requests_first = requests_after.get_untracked().is_some().then(|| base.clone());
        view! {
            <DocumentTable docs=page.items staff=true/>
            <crate::components::Pager first next/>
            <h3>{t(Key::Requests)}</h3>
            <RequestList requests=requests.items/>
            <crate::components::Pager first=requests_first next=requests_next/>
        }
        .into_any()
    });
    view! {
        <h2>{t(Key::DocumentsTitle)}</h2>
        <UploadNotice/>
        <div class="staff-actions">
            <section class="panel" aria-labelledby="up-h">
                <h3 id="up-h">{t(Key::UploadForClient)}</h3>
                <UploadForm return_to=format!("/staff/clients/{client_id}") client_id=client_id folders=true label=t(Key::ChooseFiles) id="up"/>
            </section>
            <section class="panel" aria-labelledby="rq-h">
                <h3 id="rq-h">{t(Key::RequestDocument)}</h3>
                <ActionForm action=request attr:class="form">
                    <input type="hidden" name="client_id" value=client_id.to_string()/>
                    <div class="field"><label for="rq-title">{t(Key::DocTitle)}</label><input id="rq-title" name="title" required/></div>
                    <div class="field"><label for="rq-desc">{t(Key::Description)}</label><input id="rq-desc" name="description"/></div>
                    <div class="field"><label for="rq-due">{t(Key::DueDate)}</label><input id="rq-due" name="due_date" type="date"/></div>
                    <div><button type="submit" class="button primary">{t(Key::RequestDocument)}</button></div>
                </ActionForm>
                <crate::components::ActionErrors error=Signal::stored(failed)/>
            </section>
        </div>
        {body}
    }
}
