//! The upload form: a plain multipart post that works without wasm, with a progress bar once
//! the small bundle is there, and the refusal the server sends back in the URL.

use super::model::{folder_label, FOLDERS};
use crate::i18n::{t, use_locale, Key};
use leptos::prelude::*;
use crate::util::query_param;

/// An upload error sent back in the URL by a plain form post.
#[component]
pub fn UploadNotice() -> impl IntoView {
    let error = query_param("upload_error");
    let locale = use_locale();
    move || {
        error().map(|code| {
            let text = match code.as_str() {
                "too_large" => locale.text(Key::ErrTooLarge),
                "unsupported_type" => locale.text(Key::ErrFileType),
                c => locale.error_code(c),
            };
            view! { <p class="form-error" role="alert">{text}</p> }
        })
    }
}

/// A plain multipart form: works before the page is interactive and streams large files; once
/// the wasm is there, it shows how much has been sent.
#[component]
pub fn UploadForm(
    return_to: String,
    #[prop(optional)] client_id: Option<i64>,
    #[prop(optional)] request_id: Option<i64>,
    #[prop(optional)] document_id: Option<i64>,
    #[prop(optional)] folders: bool,
    #[prop(into)] label: String,
    id: &'static str,
) -> impl IntoView {
    view! {
        <UploadProgress>
        <form method="post" action="/documents/upload" enctype="multipart/form-data" class="form upload-form">
            <input type="hidden" name="return_to" value=return_to/>
            {client_id.map(|c| view! { <input type="hidden" name="client_id" value=c.to_string()/> })}
            {request_id.map(|r| view! { <input type="hidden" name="request_id" value=r.to_string()/> })}
            {document_id.map(|d| view! { <input type="hidden" name="document_id" value=d.to_string()/> })}
            {folders.then(|| view! {
                <div class="field">
                    <label for=format!("{id}-folder")>{t(Key::Folder)}</label>
                    <select id=format!("{id}-folder") name="folder">
                        {FOLDERS.iter().map(|f| view! { <option value=*f>{folder_label(f)}</option> }).collect_view()}
                    </select>
                </div>
            })}
            {document_id.is_none().then(|| view! {
                <div class="field">
                    <label for=format!("{id}-title")>{t(Key::DocTitle)}</label>
                    <input id=format!("{id}-title") name="title" placeholder=t(Key::DocTitleHint)/>
                </div>
            })}
            <div class="field">
                <label for=format!("{id}-file")>{label}</label>
                <input id=format!("{id}-file") name="file" type="file" required multiple=document_id.is_none()/>
            </div>
            <div><button type="submit" class="button primary">{t(Key::Upload)}</button></div>
        </form>
        </UploadProgress>
    }
}

/// Sends the upload form inside it with XMLHttpRequest, which reports how much has gone, and
/// then opens the page the server answered with (the same page, with the new file or why it was
/// refused). Without wasm the form is posted as it is.
#[island]
fn UploadProgress(children: Children) -> impl IntoView {
    let sent = RwSignal::new(None::<u32>);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        send_with_progress(ev, sent);
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, sent);
    };
    let locale = use_locale();
    view! {
        <div class="upload-progress" on:submit=on_submit>
            {children()}
            {move || sent.get().map(|p| view! {
                <p role="status">
                    <progress max="100" value=p.to_string() aria-label=t(Key::Uploading)></progress>
                    " "{locale.format(Key::UploadedPercent, &[("percent", &p.to_string())])}
                </p>
            })}
        </div>
    }
}

#[cfg(feature = "hydrate")]
fn send_with_progress(ev: leptos::ev::SubmitEvent, sent: RwSignal<Option<u32>>) {
    use leptos::wasm_bindgen::{closure::Closure, JsCast};
    use web_sys::{FormData, HtmlFormElement, ProgressEvent, XmlHttpRequest};
    let Some(form) = ev.target().and_then(|t| t.dyn_into::<HtmlFormElement>().ok()) else { return };
    let (Ok(data), Ok(xhr)) = (FormData::new_with_form(&form), XmlHttpRequest::new()) else { return };
    // As a browser's own form post, so the server answers with the page to go back to.
    if xhr.open("POST", &form.action()).is_err() || xhr.set_request_header("Accept", "text/html").is_err() {
        return;
    }
    ev.prevent_default();
    sent.set(Some(0));
    let progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |e: ProgressEvent| {
        if e.length_computable() && e.total() > 0.0 {
            sent.set(Some((100.0 * e.loaded() / e.total()) as u32));
        }
    });
    if let Ok(upload) = xhr.upload() {
        upload.set_onprogress(Some(progress.as_ref().unchecked_ref()));
    }
    progress.forget();
    let done = xhr.clone();
    let load = Closure::<dyn FnMut()>::new(move || {
        let _ = window().location().set_href(&done.response_url());
    });
    xhr.set_onloadend(Some(load.as_ref().unchecked_ref()));
    load.forget();
    if xhr.send_with_opt_form_data(Some(&data)).is_err() {
        sent.set(None);
    }
}
