use super::api::Login;
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
                    <p id="login-error" class="form-error" role="alert">{error}</p>
                    <button type="submit" class="button primary" disabled=move || login.pending().get()>
                        {move || locale.text(if login.pending().get() { Key::SigningIn } else { Key::SignIn })}
                    </button>
                </ActionForm>
            </div>
        </main>
    }
}
