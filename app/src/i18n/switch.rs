//! Choosing a language: the select on `/account` and `/staff/settings`, and the sign-in page's
//! links.

use super::{t, use_locale, Key, Locale};
use leptos::prelude::*;

/// A language select: each language named in itself (and marked with its `lang`), and, for a
/// person, "automatic" first.
#[component]
pub fn LanguageField(name: &'static str, chosen: Option<Locale>, automatic: Option<Key>) -> impl IntoView {
    let id = format!("{name}-select");
    view! {
        <div class="field">
            <label for=id.clone()>{t(Key::LanguageField)}</label>
            <select id=id name=name autocomplete="language">
                {automatic.map(|key| view! { <option value="" selected=chosen.is_none()>{t(key)}</option> })}
                {Locale::ALL.iter().map(|l| view! { <option value=l.tag() lang=l.tag() selected=chosen == Some(*l)>{l.name()}</option> }).collect_view()}
            </select>
        </div>
    }
}

/// The sign-in page's language switch: plain links (no script needed) that remember the choice
/// in a cookie and come back.
#[component]
pub fn LanguageSwitch(back: &'static str) -> impl IntoView {
    let current = use_locale();
    view! {
        <nav class="language-switch" aria-label=t(Key::LanguageSwitch)>
            <ul>
                {Locale::ALL.iter().map(|l| {
                    let href = format!("/language?lang={}&back={back}", l.tag());
                    let here = (*l == current).then_some("true");
                    view! { <li><a href=href lang=l.tag() hreflang=l.tag() aria-current=here>{l.name()}</a></li> }
                }).collect_view()}
            </ul>
        </nav>
    }
}
