//! The branding panel of `/staff/settings`: name and colour, and the logo (a plain multipart
//! form to `POST /staff/settings/logo`).

use super::{RemoveLogo, SetBranding};
use crate::components::FormResult;
use crate::i18n::{t, Key};
use leptos::prelude::*;

#[component]
pub fn BrandingPanel(brand: super::Brand) -> impl IntoView {
    let save = ServerAction::<SetBranding>::new();
    let remove = ServerAction::<RemoveLogo>::new();
    let logo_error = leptos_router::hooks::use_query_map().read_untracked().get("logo_error");
    view! {
        <section class="panel" aria-labelledby="branding">
            <h2 id="branding">{t(Key::BrandingTitle)}</h2>
            <p class="muted">{t(Key::BrandingIntro)}</p>
            <ActionForm action=save attr:class="form">
                <div class="field">
                    <label for="brand-name">{t(Key::BrandName)}</label>
                    <input id="brand-name" name="name" type="text" required maxlength="100" value=brand.name.clone()/>
                </div>
                <div class="field">
                    <label for="brand-colour">{t(Key::BrandColour)}</label>
                    <input id="brand-colour" name="colour" type="text" placeholder="#1f4e79" pattern="#?[0-9a-fA-F]{6}" value=brand.colour.clone().unwrap_or_default() aria-describedby="brand-colour-hint"/>
                    <p id="brand-colour-hint" class="hint">{t(Key::BrandColourHint)}</p>
                </div>
                <FormResult name="branding" ok=Key::Saved error=save.value().get_untracked().and_then(Result::err)/>
                <button type="submit" class="button primary">{t(Key::SaveSettings)}</button>
            </ActionForm>
            <form class="form" method="post" action="/staff/settings/logo" enctype="multipart/form-data">
                <div class="field">
                    <label for="brand-logo">{t(Key::BrandLogo)}</label>
                    {brand.logo.clone().map(|src| view! { <img class="logo-preview" src=src alt=t(Key::BrandLogoNow)/> })}
                    <input id="brand-logo" name="logo" type="file" accept="image/png,image/jpeg" required aria-describedby="brand-logo-hint"/>
                    <p id="brand-logo-hint" class="hint">{t(Key::BrandLogoHint)}</p>
                </div>
                {logo_error.map(|_| view! { <div role="alert"><p class="form-error">{t(Key::BrandLogoRefused)}</p></div> })}
                <button type="submit" class="button">{t(Key::BrandLogoUpload)}</button>
            </form>
            {brand.logo.is_some().then(|| view! {
                <ActionForm action=remove>
                    <button type="submit" class="button secondary">{t(Key::BrandLogoRemove)}</button>
                </ActionForm>
            })}
        </section>
    }
}
