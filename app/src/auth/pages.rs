use super::account::{my_sessions, ChangePassword, DisableTwoFactor, EnableTwoFactor, EndSession, RenewRecoveryCodes, StartTwoFactor, UpdateProfile};
use super::api::Login;
use super::model::{RecoveryCodes, SessionInfo};
use crate::util::{browser_summary, now_micros, utc};
use crate::components::{failure_text, FormResult};
use crate::error::AppError;
use crate::i18n::switch::{LanguageField, LanguageSwitch};
use crate::i18n::{ago, t, use_locale, Key};
use crate::PortalInfoResource;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn LoginPage() -> impl IntoView {
    let info = expect_context::<PortalInfoResource>();
    view! {
        <Title text=t(Key::SignInTitle)/>
        <main id="main" class="login">
            <div class="login-card">
                <p class="brand brand-large">
                    <Suspense fallback=|| t(Key::AppName)>
                        {move || Suspend::new(async move { info.await.map(|i| i.firm_name).unwrap_or_default() })}
                    </Suspense>
                </p>
                <h1>{t(Key::SignInTitle)}</h1>
                <p class="muted">{t(Key::SignInIntro)}</p>
                <LoginForm/>
                <p><a href="/forgot">{t(Key::ForgotLink)}</a></p>
                <LanguageSwitch back="/login"/>
            </div>
        </main>
    }
}

/// Email and password, then the one-time code alone when two-step sign-in is on. Plain forms:
/// the server opens the home page, or sends the browser back here with why it failed (the
/// password step's `code_required` leads to the code step).
#[component]
fn LoginForm() -> impl IntoView {
    let login = ServerAction::<Login>::new();
    let locale = use_locale();
    let failed = login.value().get_untracked().and_then(Result::err);
    let code_step =
        matches!(&failed, Some(AppError::Validation(f)) if f.iter().any(|f| f.field == "code"));
    let error = failed.filter(|e| !matches!(e, AppError::Validation(f) if f.iter().any(|f| f.code == "code_required"))).map(|e| failure_text(locale, &e));
    let fields = if code_step {
        view! {
            <p>{t(Key::CodeStepIntro)}</p>
            <div class="field">
                <label for="code">{t(Key::CodeOrRecoveryField)}</label>
                <input id="code" name="code" type="text" autocomplete="one-time-code" spellcheck="false" autofocus
                    maxlength="24" required aria-describedby="login-error code-hint"/>
                <p id="code-hint" class="hint">{t(Key::CodeOrRecoveryHint)}</p>
            </div>
        }
        .into_any()
    } else {
        view! {
            <div class="field">
                <label for="email">{t(Key::Email)}</label>
                <input id="email" name="email" type="email" autocomplete="username" required aria-describedby="login-error"/>
            </div>
            <div class="field">
                <label for="password">{t(Key::Password)}</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required aria-describedby="login-error"/>
            </div>
        }
        .into_any()
    };
    view! {
        <ActionForm action=login attr:class="form" attr:novalidate=false>
            {fields}
            <p id="login-error" class="form-error" role="alert">{error}</p>
            <button type="submit" class="button primary">{t(Key::SignIn)}</button>
        </ActionForm>
        {code_step.then(|| view! { <p><a href="/login">{t(Key::StartAgain)}</a></p> })}
    }
}

/// `/account`: name, two-step sign-in, password and the person's signed-in sessions. Every
/// change goes into the audit trail.
#[component]
pub fn AccountPage() -> impl IntoView {
    // Plain forms: the server sends the browser back here with a notice or the failure.
    let profile = ServerAction::<UpdateProfile>::new();
    let password = ServerAction::<ChangePassword>::new();
    let user = crate::current_user();
    let name = user.as_ref().map(|u| u.name.clone()).unwrap_or_default();
    let language = user.as_ref().and_then(|u| u.locale);
    let phone = user.as_ref().map(|u| u.phone.clone()).unwrap_or_default();
    view! {
        <Title text=t(Key::AccountTitle)/>
        <crate::components::Layout>
            <h1>{t(Key::AccountTitle)}</h1>
            <p class="muted">{t(Key::AccountIntro)}</p>
            <section class="panel" aria-labelledby="profile-heading">
                <h2 id="profile-heading">{t(Key::Profile)}</h2>
                <ActionForm action=profile attr:class="form">
                    <div class="field">
                        <label for="name">{t(Key::NameField)}</label>
                        <input id="name" name="name" type="text" autocomplete="name" required maxlength="100" value=name/>
                    </div>
                    <div class="field">
                        <label for="phone">{t(Key::Phone)}</label>
                        <input id="phone" name="phone" type="tel" autocomplete="tel" maxlength="40" value=phone/>
                    </div>
                    <LanguageField name="language" chosen=language automatic=Some(Key::LanguageAutomatic)/>
                    <FormResult name="profile" ok=Key::ProfileSaved error=profile.value().get_untracked().and_then(Result::err)/>
                    <button type="submit" class="button primary">{t(Key::SaveProfile)}</button>
                </ActionForm>
            </section>
            <crate::mail::pages::MailPreferencesPanel/>
            <TwoFactorPanel enabled=user.as_ref().is_some_and(|u| u.two_factor) required=false/>
            <section class="panel" aria-labelledby="password-heading">
                <h2 id="password-heading">{t(Key::ChangePassword)}</h2>
                <ActionForm action=password attr:class="form">
                    <div class="field">
                        <label for="current_password">{t(Key::CurrentPassword)}</label>
                        <input id="current_password" name="current_password" type="password" autocomplete="current-password" required/>
                    </div>
                    <div class="field">
                        <label for="new_password">{t(Key::NewPassword)}</label>
                        <input id="new_password" name="new_password" type="password" autocomplete="new-password" required minlength="10"/>
                    </div>
                    <FormResult name="password" ok=Key::PasswordChanged error=password.value().get_untracked().and_then(Result::err)/>
                    <button type="submit" class="button primary">{t(Key::ChangePassword)}</button>
                </ActionForm>
            </section>
            <SessionsPanel/>
        </crate::components::Layout>
    }
}

/// `/two-step`: the firm requires two-step sign-in and this person has not set it up yet.
#[component]
pub fn TwoStepPage() -> impl IntoView {
    let user = crate::current_user();
    view! {
        <Title text=t(Key::TwoFactorTitle)/>
        <crate::components::Layout>
            <h1>{t(Key::TwoFactorRequiredTitle)}</h1>
            <p class="muted">{t(Key::TwoFactorRequiredIntro)}</p>
            <TwoFactorPanel enabled=user.as_ref().is_some_and(|u| u.two_factor) required=user.as_ref().is_some_and(|u| u.must_set_up_two_factor)/>
        </crate::components::Layout>
    }
}

/// The recovery codes, shown once, with what they are for.
#[component]
fn RecoveryCodeList(codes: RecoveryCodes) -> impl IntoView {
    view! {
        <div class="panel recovery-codes" role="status">
            <p>{t(Key::RecoveryCodesHint)}</p>
            <ul class="code-list" data-testid="recovery-codes">
                {codes.0.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}
            </ul>
        </div>
    }
}

/// Two-step sign-in: set up with an authenticator app (after the password), see the recovery
/// codes once, make new ones, or turn it off with the password. An island: the secret and the
/// recovery codes are shown once, in the page, and never sent again.
#[crate::full_island]
fn TwoFactorPanel(enabled: bool, required: bool) -> impl IntoView {
    let setup = ServerAction::<StartTwoFactor>::new();
    let enable = ServerAction::<EnableTwoFactor>::new();
    let disable = ServerAction::<DisableTwoFactor>::new();
    let renew = ServerAction::<RenewRecoveryCodes>::new();
    let locale = use_locale();
    let failure = move |e: Option<AppError>| e.map(|e| failure_text(locale, &e));
    let codes = move || enable.value().get().and_then(Result::ok).or_else(|| renew.value().get().and_then(Result::ok));
    let on = move || (enabled || matches!(enable.value().get(), Some(Ok(_)))) && !matches!(disable.value().get(), Some(Ok(())));
    let body = view! {
                <p role="status">{move || t(if on() { Key::TwoFactorOn } else { Key::TwoFactorOff })}</p>
                {move || codes().map(|c| view! {
                    <RecoveryCodeList codes=c/>
                    {required.then(|| view! { <p><a class="button primary" href="/">{t(Key::Continue)}</a></p> })}
                })}
                {move || on().then(|| view! {
                    <div class="split">
                        <ActionForm action=renew attr:class="form">
                            <h3>{t(Key::NewRecoveryCodes)}</h3>
                            <div class="field">
                                <label for="rc-password">{t(Key::Password)}</label>
                                <input id="rc-password" name="password" type="password" autocomplete="current-password" required/>
                            </div>
                            <p class="form-error" role="alert">{move || failure(renew.value().get().and_then(Result::err))}</p>
                            <button type="submit" class="button secondary">{t(Key::MakeNewCodes)}</button>
                        </ActionForm>
                        <ActionForm action=disable attr:class="form">
                            <h3>{t(Key::TurnOff)}</h3>
                            <div class="field">
                                <label for="tf-password">{t(Key::Password)}</label>
                                <input id="tf-password" name="password" type="password" autocomplete="current-password" required/>
                            </div>
                            <p class="form-error" role="alert">{move || failure(disable.value().get().and_then(Result::err))}</p>
                            <button type="submit" class="button secondary">{t(Key::TurnOff)}</button>
                        </ActionForm>
                    </div>
                })}
                {move || (!on()).then(|| match setup.value().get() {
                    Some(Ok(s)) => view! {
                        <p>{t(Key::TwoFactorSecretHint)}</p>
                        <p>{t(Key::SecretKey)}": "<code data-testid="totp-secret">{s.secret.clone()}</code>" · "<a href=s.uri.clone()>{t(Key::OpenInApp)}</a></p>
                        <ActionForm action=enable attr:class="form">
                            <div class="field">
                                <label for="tf-code">{t(Key::CodeField)}</label>
                                <input id="tf-code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required maxlength="8"/>
                            </div>
                            <p class="form-error" role="alert">{move || failure(enable.value().get().and_then(Result::err))}</p>
                            <button type="submit" class="button primary">{t(Key::TurnOn)}</button>
                        </ActionForm>
                    }.into_any(),
                    other => view! {
                        <ActionForm action=setup attr:class="form">
                            <p>{t(Key::TwoFactorStartHint)}</p>
                            <div class="field">
                                <label for="tf-start-password">{t(Key::Password)}</label>
                                <input id="tf-start-password" name="password" type="password" autocomplete="current-password" required/>
                            </div>
                            <p class="form-error" role="alert">{failure(other.and_then(Result::err))}</p>
                            <button type="submit" class="button primary">{t(Key::SetUpTwoFactor)}</button>
                        </ActionForm>
                    }.into_any(),
                })}
    };
    view! {
        <section class="panel" aria-labelledby="tf-heading">
            <h2 id="tf-heading">{t(Key::TwoFactorTitle)}</h2>
            {body}
        </section>
    }
}

/// Where the person is signed in, and a way to end any of it.
#[component]
fn SessionsPanel() -> impl IntoView {
    // A plain form: the server sends the browser back here, or to sign-in after ending this one.
    let end = ServerAction::<EndSession>::new();
    let sessions = Resource::new(|| (), |_| my_sessions());
    let body = crate::components::loaded(sessions, move |list| view! { <SessionTable sessions=list end=end/> });
    view! {
        <section class="panel" aria-labelledby="sessions-heading">
            <h2 id="sessions-heading">{t(Key::SessionsTitle)}</h2>
            <p class="muted">{t(Key::SessionsIntro)}</p>
            {body}
        </section>
    }
}

#[component]
fn SessionTable(sessions: Vec<SessionInfo>, end: ServerAction<EndSession>) -> impl IntoView {
    let locale = use_locale();
    let now = now_micros();
    let rows = sessions
        .into_iter()
        .map(|s| {
            let browser = browser_summary(use_locale(), &s.user_agent);
            let browser = if browser.is_empty() { t(Key::UnknownBrowser).to_string() } else { browser };
            let label = locale.format(if s.current { Key::EndThisSessionNamed } else { Key::EndSessionNamed }, &[("browser", &browser)]);
            let (signed_in, seen) = (s.signed_in_at * 1_000_000, s.last_seen_at * 1_000_000);
            view! {
                <tr data-current=s.current.to_string()>
                    <th scope="row">{browser}{s.current.then(|| view! { " " <span class="badge badge-open">{t(Key::ThisBrowser)}</span> })}</th>
                    <td>{s.address.clone()}</td>
                    <td><span title=utc(signed_in)>{ago(use_locale(), signed_in, now)}</span></td>
                    <td><span title=utc(seen)>{ago(use_locale(), seen, now)}</span></td>
                    <td class="row-actions">
                        <ActionForm action=end>
                            <input type="hidden" name="handle" value=s.handle.clone()/>
                            <button type="submit" class="button secondary small" aria-label=label>{t(if s.current { Key::SignOut } else { Key::EndSession })}</button>
                        </ActionForm>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="table" data-testid="sessions-table">
                <thead><tr>
                    <th scope="col">{t(Key::Browser)}</th>
                    <th scope="col">{t(Key::IpAddress)}</th>
                    <th scope="col">{t(Key::SignedInAt)}</th>
                    <th scope="col">{t(Key::LastSeen)}</th>
                    <th scope="col">{t(Key::Actions)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
