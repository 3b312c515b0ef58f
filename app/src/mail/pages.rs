//! `/forgot` and `/reset`, the mail panel of `/account`, and the staff views of undelivered
//! mail, reminders sent and the reminder schedule.

use super::api::{get_invoice_reminders, get_mail_preferences, get_reminder_schedule, get_reset, get_undelivered, CompleteReset, RequestPasswordReset, SetMailPreferences, SetReminderSchedule};
use super::model::ReminderSent;
use crate::util::utc;
use crate::components::{loaded, failure_text, ErrorPanel, FormResult, NewPasswordFields};
use crate::error::AppError;
use crate::i18n::{t, use_locale, Key, Locale};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

#[component]
pub fn ForgotPage() -> impl IntoView {
    // A plain form: the server sends the browser back here with `?done=sent`.
    let request = ServerAction::<RequestPasswordReset>::new();
    let locale = use_locale();
    let sent = crate::components::done("sent");
    let error = StoredValue::new(request.value().get_untracked().and_then(Result::err).map(|e| failure_text(locale, &e)));
    view! {
        <Title text=t(Key::ForgotTitle)/>
        <main id="main" class="login">
            <div class="login-card">
                <h1>{t(Key::ForgotTitle)}</h1>
                <Show when=move || sent fallback=move || view! {
                    <p class="muted">{t(Key::ForgotIntro)}</p>
                    <ActionForm action=request attr:class="form">
                        <div class="field">
                            <label for="f-email">{t(Key::Email)}</label>
                            <input id="f-email" name="email" type="email" autocomplete="username" required aria-describedby="f-error"/>
                        </div>
                        <p id="f-error" class="form-error" role="alert">{error.get_value()}</p>
                        <button type="submit" class="button primary">{t(Key::SendResetLink)}</button>
                    </ActionForm>
                }>
                    <p class="notice-ok" role="status">{t(Key::ResetLinkSent)}</p>
                </Show>
                <p><a href="/login">{t(Key::BackToSignIn)}</a></p>
            </div>
        </main>
    }
}

#[component]
pub fn ResetPage() -> impl IntoView {
    let query = use_query_map();
    let token = Memo::new(move |_| query.read().get("token").unwrap_or_default());
    let data = Resource::new(move || token.get(), get_reset);
    let locale = use_locale();
    let body = move || {
        Suspend::new(async move {
            match data.await {
                Err(AppError::NotFound) => view! {
                    <h1>{t(Key::ResetInvalidTitle)}</h1>
                    <p>{t(Key::ResetInvalidHint)}</p>
                    <p><a class="button primary" href="/forgot">{t(Key::AskNewLink)}</a></p>
                    <p><a href="/login">{t(Key::BackToSignIn)}</a></p>
                }
                .into_any(),
                Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                Ok(email) => view! {
                    <h1>{t(Key::ResetTitle)}</h1>
                    <p class="muted">{locale.format(Key::ResetIntro, &[("email", &email)])}</p>
                    <ResetForm token=token.get_untracked() email=email/>
                }
                .into_any(),
            }
        })
    };
    view! {
        <Title text=t(Key::ResetTitle)/>
        // The page's address holds the token: never send it on as a referrer.
        <Meta name="referrer" content="no-referrer"/>
        <main id="main" class="login">
            <div class="login-card">
                <Suspense fallback=|| ()>{body}</Suspense>
            </div>
        </main>
    }
}

/// The new password, sent with the token. An island: the page's address holds the token and
/// sends no referrer, so a failure is shown here rather than on a page the server sends back.
#[crate::full_island]
fn ResetForm(token: String, email: String) -> impl IntoView {
    let complete = ServerAction::<CompleteReset>::new();
    let locale = use_locale();
    let error = move || match complete.value().get() {
        Some(Err(AppError::NotFound)) => Some(locale.text(Key::ResetInvalidTitle).to_string()),
        Some(Err(e)) => Some(failure_text(locale, &e)),
        _ => None,
    };
    view! {
        <ActionForm action=complete attr:class="form">
            <input type="hidden" name="token" value=token/>
            <input type="email" autocomplete="username" value=email hidden readonly/>
            <NewPasswordFields prefix="r" error=Signal::derive(error) pending=complete.pending().into()/>
        </ActionForm>
    }
}

/// What the mails of a kind are called (the account page; the unsubscribe page says the same).
pub fn kind_label(kind: &str) -> Key {
    match kind {
        "invoice_issued" => Key::MailInvoiceIssued,
        "payment_received" => Key::MailPaymentReceived,
        "invoice_reminder" => Key::MailInvoiceReminder,
        "document_shared" => Key::MailDocumentShared,
        "document_requested" => Key::MailDocumentRequested,
        "request_reminder" => Key::MailRequestReminder,
        "message_received" => Key::MailMessageReceived,
        "survey_requested" => Key::MailSurveyRequested,
        _ => Key::MailStaffDigest,
    }
}

/// The mail panel of `/account`: a box per kind of mail the person may get.
#[component]
pub fn MailPreferencesPanel() -> impl IntoView {
    let save = ServerAction::<SetMailPreferences>::new();
    let prefs = Resource::new(|| (), |_| get_mail_preferences());
    let body = loaded(prefs, move |list| view! {
                    <ActionForm action=save attr:class="form">
                        <fieldset class="checkbox-group">
                            <legend class="visually-hidden">{t(Key::MailPrefsTitle)}</legend>
                            {list.into_iter().map(|p| {
                                let id = format!("mail-{}", p.kind);
                                view! {
                                    <div class="field checkbox">
                                        <input id=id.clone() name=p.kind.clone() type="checkbox" value="on" checked=p.on/>
                                        <label for=id>{t(kind_label(&p.kind))}</label>
                                    </div>
                                }
                            }).collect_view()}
                        </fieldset>
                        <FormResult name="mail" ok=Key::MailPrefsSaved error=save.value().get_untracked().and_then(Result::err)/>
                        <button type="submit" class="button primary">{t(Key::SaveMailPrefs)}</button>
                    </ActionForm>
                }
                .into_any());
    view! {
        <section class="panel" id="mail" aria-labelledby="mail-heading">
            <h2 id="mail-heading">{t(Key::MailPrefsTitle)}</h2>
            <p class="muted">{t(Key::MailPrefsIntro)}</p>
            {body}
        </section>
    }
}

/// Staff, on a client's page: mails that did not reach the client's people. Shows nothing when
/// every mail went.
#[component]
pub fn UndeliveredMails(client_id: i64) -> impl IntoView {
    let mails = Resource::new(move || client_id, get_undelivered);
    let locale = use_locale();
    let body = move || {
        Suspend::new(async move {
            let list = mails.await.unwrap_or_default();
            (!list.is_empty()).then(|| view! {
                <section class="panel panel-warn" aria-labelledby="undelivered-heading">
                    <h2 id="undelivered-heading">{t(Key::UndeliveredTitle)}</h2>
                    <p class="muted">{t(Key::UndeliveredIntro)}</p>
                    <div class="table-wrap" tabindex="0" role="region" aria-labelledby="undelivered-heading">
                        <table class="table">
                            <thead><tr>
                                <th scope="col">{t(Key::MailTo)}</th>
                                <th scope="col">{t(Key::MailSubject)}</th>
                                <th scope="col">{t(Key::Status)}</th>
                                <th scope="col">{t(Key::MailProblem)}</th>
                            </tr></thead>
                            <tbody>
                                {list.into_iter().map(|m| {
                                    let status = if m.status == "failed" { locale.text(Key::MailRefused).to_string() } else { locale.format(Key::MailRetrying, &[("n", &m.attempts.to_string())]) };
                                    view! {
                                        <tr>
                                            <td>{m.to_address}</td>
                                            <td>{m.subject}<br/><span class="muted">{utc(m.queued_at)}</span></td>
                                            <td>{status}</td>
                                            <td>{m.error}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                </section>
            })
        })
    };
    view! { <Suspense fallback=|| ()>{body}</Suspense> }
}

/// "7 days after due", in the reader's language.
pub fn step_text(locale: Locale, step: i64) -> String {
    match step {
        0 => locale.text(Key::StepOnDue).to_string(),
        -1 => locale.text(Key::StepBeforeOne).to_string(),
        1 => locale.text(Key::StepAfterOne).to_string(),
        s if s < 0 => locale.format(Key::StepBefore, &[("days", &(-s).to_string())]),
        s => locale.format(Key::StepAfter, &[("days", &s.to_string())]),
    }
}

fn reminder_line(locale: Locale, r: &ReminderSent) -> String {
    let day = time::OffsetDateTime::from_unix_timestamp(r.sent_at).map(|t| locale.date(t.date())).unwrap_or_default();
    locale.format(Key::ReminderSentLine, &[("when", &step_text(locale, r.step)), ("date", &day)])
}

/// Staff, on an invoice: the reminders that went out for it.
#[component]
pub fn InvoiceReminders(invoice_id: i64) -> impl IntoView {
    let reminders = Resource::new(move || invoice_id, get_invoice_reminders);
    let locale = use_locale();
    let body = crate::components::loaded(reminders, move |list| match list.is_empty() {
        true => view! { <p class="muted">{t(Key::RemindersNone)}</p> }.into_any(),
        false => view! { <ul class="plain-list">{list.iter().map(|r| view! { <li>{reminder_line(locale, r)}</li> }).collect_view()}</ul> }.into_any(),
    });
    view! {
        <section class="panel" aria-labelledby="reminders-heading">
            <h2 id="reminders-heading">{t(Key::RemindersTitle)}</h2>
            {body}
        </section>
    }
}

/// Admins, on `/staff/settings`: the days on which reminders go.
#[component]
pub fn ReminderSchedulePanel() -> impl IntoView {
    let save = ServerAction::<SetReminderSchedule>::new();
    let schedule = Resource::new(|| (), |_| get_reminder_schedule());
    let body = loaded(schedule, move |s| view! {
                    <ActionForm action=save attr:class="form">
                        <div class="field">
                            <label for="rem-invoice">{t(Key::ReminderInvoiceField)}</label>
                            <input id="rem-invoice" name="invoice" type="text" inputmode="text" spellcheck="false" value=s.invoice aria-describedby="rem-hint"/>
                        </div>
                        <div class="field">
                            <label for="rem-request">{t(Key::ReminderRequestField)}</label>
                            <input id="rem-request" name="request" type="text" inputmode="text" spellcheck="false" value=s.request aria-describedby="rem-hint"/>
                        </div>
                        <FormResult name="schedule" ok=Key::ScheduleSaved error=save.value().get_untracked().and_then(Result::err)/>
                        <button type="submit" class="button primary">{t(Key::SaveSchedule)}</button>
                    </ActionForm>
                }
                .into_any());
    view! {
        <section class="panel" aria-labelledby="rem-heading">
            <h2 id="rem-heading">{t(Key::RemindersTitle)}</h2>
            <p id="rem-hint" class="muted">{t(Key::ReminderScheduleIntro)}</p>
            {body}
        </section>
    }
}
