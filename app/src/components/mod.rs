//! Pieces shared by the pages: the page frame, badges, amounts, errors.

mod layout;
pub use layout::{Layout, PortalInfoResource};

use crate::error::{AppError, FieldError};
use crate::i18n::{t, use_locale, Key, Locale};
use crate::money::Money;
use leptos::prelude::*;

/// A full page load, from an island (pages are rendered on the server; there is no client-side
/// router): the invoice editor opens the saved invoice with it.
pub fn go_to(path: &str) {
    #[cfg(feature = "hydrate")]
    {
        let _ = window().location().set_href(path);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = path;
}

/// What a failed form shows: the first field's message, or the kind of failure in words.
pub fn failure_text(locale: Locale, e: &AppError) -> String {
    match e {
        AppError::Validation(f) => f.first().map_or(locale.text(Key::ErrorGeneric), |f| locale.error_code(&f.code)).to_string(),
        AppError::Throttled { retry_after } => locale.format(Key::ErrThrottled, &[("seconds", &retry_after.to_string())]),
        AppError::Busy | AppError::Unavailable => locale.text(Key::ErrorUnavailable).to_string(),
        _ => locale.text(Key::ErrorGeneric).to_string(),
    }
}

/// A plain form's outcome: its notice once the server sent the browser back with `?done=NAME`,
/// or why it failed (Leptos sends the failure back in the URL and the page's `ServerAction`
/// starts with it).
#[component]
pub fn FormResult(name: &'static str, ok: Key, error: Option<AppError>) -> impl IntoView {
    let locale = use_locale();
    match error {
        Some(e) => view! { <div role="status"><p class="form-error">{failure_text(locale, &e)}</p></div> }.into_any(),
        None => view! { <Notice name=name text=ok/> }.into_any(),
    }
}

/// What a form posted without wasm did, once the server sent the browser back with
/// `?done=NAME` (see `services::back_with_notice`): shown where `name` matches.
/// Whether the server sent the browser back with `?done=NAME` (a plain form succeeded).
pub fn done(name: &str) -> bool {
    leptos_router::hooks::use_query_map().read_untracked().get("done").is_some_and(|d| d == name)
}

/// Seconds since the epoch as the "3 hours ago" the lists show, with the exact time on hover.
pub fn when(secs: i64) -> impl IntoView {
    let at = secs * 1_000_000;
    view! { <span title=crate::util::utc(at)>{crate::i18n::ago(use_locale(), at, crate::util::now_micros())}</span> }
}

#[component]
pub fn Notice(name: &'static str, text: Key) -> impl IntoView {
    let shown = done(name);
    view! { <div role="status">{shown.then(|| view! { <p class="notice-ok">{t(text)}</p> })}</div> }
}

#[component]
pub fn Amount(money: Money) -> impl IntoView {
    let text = use_locale().money(&money);
    view! { <span class="amount">{text}</span> }
}

/// Several currencies side by side; an empty list reads as zero.
#[component]
pub fn Amounts(amounts: Vec<Money>, #[prop(into)] empty: String) -> impl IntoView {
    if amounts.is_empty() {
        return view! { <span class="amount muted">{empty}</span> }.into_any();
    }
    view! {
        <span class="amounts">
            {amounts.into_iter().map(|m| view! { <Amount money=m/> }).collect_view()}
        </span>
    }
    .into_any()
}

/// The buttons that end every filter form: apply, and clear (back to `href` without a query).
#[component]
pub fn FilterActions(#[prop(into)] href: String) -> impl IntoView {
    view! {
        <div class="filter-actions">
            <button type="submit" class="button primary">{t(Key::ApplyFilters)}</button>
            <a class="button secondary" href=href>{t(Key::ClearFilters)}</a>
        </div>
    }
}

/// Under a keyset-paged list: back to the first page (when not on it) and on to the next.
#[component]
pub fn Pager(first: Option<String>, next: Option<String>) -> impl IntoView {
    use leptos_router::components::A;
    view! {
        <nav class="pager" aria-label="Pages">
            {first.map(|href| view! { <A href=href>{t(Key::FirstPage)}</A> })}
            {next.map(|href| view! { <A href=href attr:rel="next">{t(Key::NextPage)}" "<span class="arrow" aria-hidden="true">"→"</span></A> })}
        </nav>
    }
}

/// The "From" and "To" fields of a filter form, with ids `{prefix}-from` and `{prefix}-to`.
#[component]
pub fn DateRange(prefix: &'static str, from: Option<time::Date>, to: Option<time::Date>) -> impl IntoView {
    let value = |d: Option<time::Date>| d.map(crate::util::iso).unwrap_or_default();
    view! {
        <div class="field">
            <label for=format!("{prefix}-from")>{t(Key::From)}</label>
            <input id=format!("{prefix}-from") name="from" type="date" value=value(from)/>
        </div>
        <div class="field">
            <label for=format!("{prefix}-to")>{t(Key::To)}</label>
            <input id=format!("{prefix}-to") name="to" type="date" value=value(to)/>
        </div>
    }
}

/// What the user sees when loading failed. On the server it also sets the page's HTTP status,
/// so a missing invoice is a real 404.
#[component]
pub fn ErrorPanel(error: AppError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(opts) = use_context::<leptos_axum::ResponseOptions>() {
        opts.set_status(http::StatusCode::from_u16(error.status()).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR));
    }
    let (title, body) = match &error {
        AppError::NotFound => (Key::NotFoundTitle, Key::NotFoundBody),
        AppError::Unauthenticated => {
            Effect::new(|_| go_to("/login"));
            (Key::SignInTitle, Key::SessionEnded)
        }
        AppError::Forbidden => (Key::ErrorForbidden, Key::ErrorForbiddenBody),
        AppError::Unavailable | AppError::Busy | AppError::Throttled { .. } => (Key::ErrorUnavailable, Key::BackHome),
        _ => (Key::ErrorGeneric, Key::BackHome),
    };
    view! {
        <section class="panel error-panel" role="alert">
            <h1>{t(title)}</h1>
            <p>{t(body)}</p>
            <p><a href="/">{t(Key::BackHome)}</a></p>
        </section>
    }
}

/// A page's data: "loading" until it is there, then `show(value)`, or what went wrong
/// ([`ErrorPanel`], which also sets the HTTP status, so a missing item is a real 404). Every
/// page's loading / error / not found / show arms live here.
pub fn loaded<T, V>(data: Resource<Result<T, AppError>>, show: impl Fn(T) -> V + Clone + Send + Sync + 'static) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    V: IntoView + 'static,
{
    let body = move || {
        let show = show.clone();
        Suspend::new(async move {
            match data.await {
                Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                Ok(value) => show(value).into_any(),
            }
        })
    };
    view! { <Suspense fallback=|| view! { <Loading/> }>{body}</Suspense> }
}

#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="loading" aria-live="polite">{t(Key::Loading)}</p> }
}

/// Field errors of a failed action, as a list the screen reader announces.
#[component]
pub fn ActionErrors(error: Signal<Option<AppError>>) -> impl IntoView {
    let locale = use_locale();
    move || {
        error.get().map(|e| {
            let messages: Vec<String> = match e {
                AppError::Validation(fields) => fields.iter().map(|f: &FieldError| format!("{} — {}", f.field, locale.error_code(&f.code))).collect(),
                AppError::Conflict(m) => vec![m],
                _ => vec![locale.text(Key::ErrorGeneric).to_string()],
            };
            view! { <ul class="form-error" role="alert">{messages.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul> }
        })
    }
}

/// An email address that may wrap after its `@` (not in the middle of a word).
pub fn email(address: &str) -> AnyView {
    match address.split_once('@') {
        Some((local, domain)) => view! { <bdi class="email">{format!("{local}@")}<wbr/>{domain.to_string()}</bdi> }.into_any(),
        None => view! { <bdi class="email">{address.to_string()}</bdi> }.into_any(),
    }
}

/// A new password typed twice, the form's error line and the button that sets it and signs in:
/// the end of the invite and password-reset forms.
#[component]
pub fn NewPasswordFields(prefix: &'static str, error: Signal<Option<String>>, pending: Signal<bool>) -> impl IntoView {
    let (password, confirm, err) = (format!("{prefix}-password"), format!("{prefix}-confirm"), format!("{prefix}-error"));
    view! {
        <div class="field">
            <label for=password.clone()>{t(Key::NewPassword)}</label>
            <input id=password name="password" type="password" autocomplete="new-password" required minlength="10" aria-describedby=err.clone()/>
        </div>
        <div class="field">
            <label for=confirm.clone()>{t(Key::ConfirmPassword)}</label>
            <input id=confirm name="confirm" type="password" autocomplete="new-password" required minlength="10" aria-describedby=err.clone()/>
        </div>
        <p id=err class="form-error" role="alert">{move || error.get()}</p>
        <button type="submit" class="button primary" disabled=move || pending.get()>{t(Key::SetPasswordAndSignIn)}</button>
    }
}
