//! `/staff/settings` (admins): whether the firm requires two-step sign-in of staff and, separately,
//! of client users. Those without it are taken to set it up right after their password.

use crate::components::{loaded, FormResult, Layout};
use crate::error::AppError;
use crate::i18n::{t, Key};
use crate::auth::model::TwoFactorPolicy;
use leptos::prelude::*;
use leptos_meta::Title;

#[server(endpoint = "staff/settings")]
pub async fn get_settings() -> Result<TwoFactorPolicy, AppError> {
    use crate::services::*;
    require_admin()?;
    services()?.auth.two_factor_policy().await
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
    let settings = Resource::new(|| (), |_| get_settings());
    let body = loaded(settings, move |policy| {
        view! {
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
        }
        .into_any()
    });
    view! {
        <Title text=t(Key::SettingsTitle)/>
        <Layout>
            <h1>{t(Key::SettingsTitle)}</h1>
            {body}
            <crate::mail::pages::ReminderSchedulePanel/>
        </Layout>
    }
}
