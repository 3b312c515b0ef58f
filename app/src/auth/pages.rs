use super::api::{start_two_factor, ChangePassword, DisableTwoFactor, EnableTwoFactor, Login, UpdateProfile};
use crate::components::go_to;
use crate::error::AppError;
use crate::i18n::{t, use_locale, Key};
use crate::PortalInfoResource;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn LoginPage() -> impl IntoView {
    let login = ServerAction::<Login>::new();
    let locale = use_locale();
    let info = expect_context::<PortalInfoResource>();
    // A full page load after signing in, so every part of the page renders for the new user.
    Effect::new(move |_| {
        if let Some(Ok(home)) = login.value().get() {
            go_to(&home);
        }
    });
    // The password was right and two-step sign-in is on: ask for the one-time code too.
    let needs_code = move || {
        matches!(login.value().get(), Some(Err(AppError::Validation(f))) if f.iter().any(|f| f.field == "code"))
    };
    let error = move || match login.value().get() {
        Some(Err(AppError::Validation(fields))) => {
            Some(fields.first().map(|f| locale.error_code(&f.code)).unwrap_or(locale.text(Key::LoginInvalid)))
        }
        Some(Err(AppError::Unavailable)) => Some(locale.text(Key::ErrorUnavailable)),
        Some(Err(_)) => Some(locale.text(Key::ErrorGeneric)),
        _ => None,
    };
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
                <ActionForm action=login attr:class="form" attr:novalidate=false>
                    <div class="field">
                        <label for="email">{t(Key::Email)}</label>
                        <input id="email" name="email" type="email" autocomplete="username" required
                            aria-describedby="login-error"/>
                    </div>
                    <div class="field">
                        <label for="password">{t(Key::Password)}</label>
                        <input id="password" name="password" type="password"
                            autocomplete="current-password" required aria-describedby="login-error"/>
                    </div>
                    {move || needs_code().then(|| view! {
                        <div class="field">
                            <label for="code">{t(Key::CodeField)}</label>
                            <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code"
                                pattern="[0-9 ]*" maxlength="8" required aria-describedby="login-error"/>
                        </div>
                    })}
                    <p id="login-error" class="form-error" role="alert">{error}</p>
                    <button type="submit" class="button primary" disabled=move || login.pending().get()>
                        {move || locale.text(if login.pending().get() { Key::SigningIn } else { Key::SignIn })}
                    </button>
                </ActionForm>
            </div>
        </main>
    }
}

/// `/account`: change your name and your password. Both changes go into the audit trail.
#[component]
pub fn AccountPage() -> impl IntoView {
    let profile = ServerAction::<UpdateProfile>::new();
    let password = ServerAction::<ChangePassword>::new();
    let info = expect_context::<PortalInfoResource>();
    let locale = use_locale();
    let message = move |result: Option<Result<(), AppError>>, ok: Key| match result {
        Some(Ok(())) => Some((false, locale.text(ok))),
        Some(Err(AppError::Validation(f))) => Some((true, f.first().map(|f| locale.error_code(&f.code)).unwrap_or(locale.text(Key::ErrorGeneric)))),
        Some(Err(_)) => Some((true, locale.text(Key::ErrorGeneric))),
        None => None,
    };
    let status = move |m: Option<(bool, &'static str)>| m.map(|(error, text)| view! { <p class=if error { "form-error" } else { "notice-ok" }>{text}</p> });
    let name_form = move || {
        Suspend::new(async move {
            let name = info.await.ok().and_then(|i| i.user).map(|u| u.name).unwrap_or_default();
            view! {
                <div class="field">
                    <label for="name">{t(Key::NameField)}</label>
                    <input id="name" name="name" type="text" autocomplete="name" required maxlength="100" value=name/>
                </div>
            }
        })
    };
    view! {
        <Title text=t(Key::AccountTitle)/>
        <crate::components::Layout>
            <h1>{t(Key::AccountTitle)}</h1>
            <p class="muted">{t(Key::AccountIntro)}</p>
            <section class="panel" aria-labelledby="profile-heading">
                <h2 id="profile-heading">{t(Key::Profile)}</h2>
                <ActionForm action=profile attr:class="form">
                    <Suspense fallback=|| ()>{name_form}</Suspense>
                    <div role="status">{move || status(message(profile.value().get(), Key::ProfileSaved))}</div>
                    <button type="submit" class="button primary">{t(Key::SaveProfile)}</button>
                </ActionForm>
            </section>
            <TwoFactorPanel/>
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
                    <div role="status">{move || status(message(password.value().get(), Key::PasswordChanged))}</div>
                    <button type="submit" class="button primary">{t(Key::ChangePassword)}</button>
                </ActionForm>
            </section>
        </crate::components::Layout>
    }
}

/// Two-step sign-in: set up with an authenticator app, or turn off with the password.
#[component]
fn TwoFactorPanel() -> impl IntoView {
    let info = expect_context::<PortalInfoResource>();
    let setup = Action::new(|_: &()| start_two_factor());
    let enable = ServerAction::<EnableTwoFactor>::new();
    let disable = ServerAction::<DisableTwoFactor>::new();
    let locale = use_locale();
    let failure = move |r: Option<Result<(), AppError>>| match r {
        Some(Err(AppError::Validation(f))) => f.first().map(|f| locale.error_code(&f.code)),
        Some(Err(_)) => Some(locale.text(Key::ErrorGeneric)),
        _ => None,
    };
    let body = move || {
        Suspend::new(async move {
            let enabled = info.await.ok().and_then(|i| i.user).is_some_and(|u| u.two_factor);
            let on = move || (enabled || matches!(enable.value().get(), Some(Ok(())))) && !matches!(disable.value().get(), Some(Ok(())));
            view! {
                <p role="status">{move || t(if on() { Key::TwoFactorOn } else { Key::TwoFactorOff })}</p>
                {move || on().then(|| view! {
                    <ActionForm action=disable attr:class="form">
                        <div class="field">
                            <label for="tf-password">{t(Key::Password)}</label>
                            <input id="tf-password" name="password" type="password" autocomplete="current-password" required/>
                        </div>
                        <p class="form-error" role="alert">{move || failure(disable.value().get())}</p>
                        <button type="submit" class="button secondary">{t(Key::TurnOff)}</button>
                    </ActionForm>
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
                            <p class="form-error" role="alert">{move || failure(enable.value().get())}</p>
                            <button type="submit" class="button primary">{t(Key::TurnOn)}</button>
                        </ActionForm>
                    }.into_any(),
                    _ => view! {
                        <button type="button" class="button primary" on:click=move |_| { setup.dispatch(()); }>{t(Key::SetUpTwoFactor)}</button>
                    }.into_any(),
                })}
            }
        })
    };
    view! {
        <section class="panel" aria-labelledby="tf-heading">
            <h2 id="tf-heading">{t(Key::TwoFactorTitle)}</h2>
            <Suspense fallback=|| ()>{body}</Suspense>
        </section>
    }
}
