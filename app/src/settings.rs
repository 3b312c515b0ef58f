//! `/staff/settings` (admins): whether the firm requires two-step sign-in of staff and, separately,
//! of client users (those without it are taken to set it up right after their password), and
//! the portal's default language.

use crate::components::{loaded, FormResult, Layout};
use crate::error::AppError;
use crate::i18n::switch::LanguageField;
use crate::i18n::{t, Key, Locale};
use crate::auth::model::TwoFactorPolicy;
use leptos::prelude::*;
use leptos_meta::Title;

#[server(endpoint = "staff/settings")]
pub async fn get_settings() -> Result<(TwoFactorPolicy, Locale, crate::branding::Brand), AppError> {
    use crate::services::*;
    require_admin()?;
    let s = services()?;
    Ok((s.auth.two_factor_policy().await?, s.auth.default_locale().await?, s.brand.current()))
}

/// The language for people who chose none and whose browser asks for none we have; recorded
/// old → new.
#[server(endpoint = "staff/settings/language")]
pub async fn set_default_language(language: String) -> Result<(), AppError> {
    use crate::services::*;
    require_admin()?;
    let new = Locale::from_tag(&language).ok_or_else(|| AppError::invalid("language", "invalid_language"))?;
    let auth = &services()?.auth;
    let old = auth.default_locale().await?;
    if old != new {
        auth.set_default_locale(new).await?;
        let details = serde_json::json!({ "default_language": { "from": old.tag(), "to": new.tag() } });
        audit(AuditEntry::success(Action::SettingsUpdated, None, ("settings", String::new(), "Default language".into()), details)).await;
    }
    back_with_notice("language");
    Ok(())
}

/// Sets the two-step policy (checkboxes `staff` and `clients`); recorded old → new. Answers
/// whether the admin must now set up their own second factor (the page then takes them there).
#[server(endpoint = "staff/settings/two-factor")]
pub async fn set_two_factor_policy(#[server(default)] staff: Option<String>, #[server(default)] clients: Option<String>) -> Result<bool, AppError> {
    use crate::services::*;
    let who = require_admin()?;
    let s = services()?;
    let old = s.auth.two_factor_policy().await?;
    let new = TwoFactorPolicy { staff: staff.is_some(), clients: clients.is_some() };
    let own_setup_due = new.staff && !who.two_factor;
    // Requiring it of staff applies to this admin too: set it up now.
    let done = || if own_setup_due { leptos_axum::redirect("/two-step") } else { back_with_notice("settings") };
    if old == new {
        done();
        return Ok(own_setup_due);
    }
    s.auth.set_two_factor_policy(new).await?;
    let mut details = serde_json::Map::new();
    for (name, from, to) in [("require_two_factor_staff", old.staff, new.staff), ("require_two_factor_clients", old.clients, new.clients)] {
        if from != to {
            details.insert(name.into(), serde_json::json!({ "from": from, "to": to }));
        }
    }
    audit(AuditEntry::success(Action::SettingsUpdated, None, ("settings", String::new(), "Two-step sign-in".into()), details.into())).await;
    done();
    Ok(own_setup_due)
}

#[component]
pub fn SettingsPage() -> impl IntoView {
    let save = ServerAction::<SetTwoFactorPolicy>::new();
    let language = ServerAction::<SetDefaultLanguage>::new();
    let settings = Resource::new(|| (), |_| get_settings());
    let body = loaded(settings, move |(policy, default_locale, brand)| {
        view! {
            <crate::branding::pages::BrandingPanel brand=brand/>
            <section class="panel" aria-labelledby="tf-policy">
                <h2 id="tf-policy">{t(Key::TwoFactorTitle)}</h2>
                <p class="muted">{t(Key::TwoFactorPolicyIntro)}</p>
                <ActionForm action=save attr:class="form">
                    <div class="field checkbox">
                        <input id="req-staff" name="staff" type="checkbox" value="on" checked=policy.staff/>
                        <label for="req-staff">{t(Key::RequireForStaff)}</label>
                    </div>
                    <div class="field checkbox">
                        <input id="req-clients" name="clients" type="checkbox" value="on" checked=policy.clients/>
                        <label for="req-clients">{t(Key::RequireForClients)}</label>
                    </div>
                    <FormResult name="settings" ok=Key::Saved error=save.value().get_untracked().and_then(Result::err)/>
                    <button type="submit" class="button primary">{t(Key::SaveSettings)}</button>
                </ActionForm>
            </section>
            <section class="panel" aria-labelledby="default-language">
                <h2 id="default-language">{t(Key::DefaultLanguageTitle)}</h2>
                <p class="muted">{t(Key::DefaultLanguageIntro)}</p>
                <ActionForm action=language attr:class="form">
                    <LanguageField name="language" chosen=Some(default_locale) automatic=None/>
                    <FormResult name="language" ok=Key::Saved error=language.value().get_untracked().and_then(Result::err)/>
                    <button type="submit" class="button primary">{t(Key::SaveSettings)}</button>
                </ActionForm>
            </section>
        }
        .into_any()
    });
    view! {
        <Title text=t(Key::SettingsTitle)/>
        <Layout>
            <h1>{t(Key::SettingsTitle)}</h1>
            {body}
            <crate::mail::pages::ReminderSchedulePanel/>
            <crate::surveys::pages::SurveySchedulePanel/>
            <crate::tokens::pages::ApiTokensPanel/>
            <crate::webhooks::pages::WebhooksPanel/>
        </Layout>
    }
}
