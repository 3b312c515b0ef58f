//! The HTML document around every page: head, stylesheet, the islands script and the
//! Content-Security-Policy of the response.

#[cfg(feature = "ssr")]
mod assets;

use leptos::prelude::*;
use leptos_meta::MetaTags;

/// A page's Content-Security-Policy: scripts only from the portal and with this response's
/// nonce (on the islands script), wasm may be compiled, nothing else inline, never framed.
pub fn page_csp(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; \
         font-src 'self'; connect-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'none'"
    )
}

/// The HTML document; rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let (Some(nonce), Some(res)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) {
        if let Ok(csp) = http::HeaderValue::from_str(&page_csp(&nonce)) {
            res.insert_header(http::header::CONTENT_SECURITY_POLICY, csp);
        }
    }
    let locale = crate::request_locale();
    view! {
        <!DOCTYPE html>
        <html lang=locale.tag() dir=locale.dir() data-access=crate::request_access()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <link rel="stylesheet" href=asset(&options, "portico.css")/>
                {brand_css().map(|href| view! { <link rel="stylesheet" href=href/> })}
                <IslandsScript options/>
                <MetaTags/>
            </head>
            <body>
                <crate::App/>
            </body>
        </html>
    }
}

/// The firm's colour as a small stylesheet after the portal's own (`/brand/colours.<hash>.css`),
/// when an admin has set one.
fn brand_css() -> Option<String> {
    #[cfg(feature = "ssr")]
    return use_context::<crate::services::Services>().and_then(|s| s.brand.current().colour).map(|c| crate::branding::css_path(&c));
    #[cfg(not(feature = "ssr"))]
    None
}

/// The site file's name as served: with its content hash once the build has hashed it.
/// A site file's address under its hashed name (`portico.css` → `/pkg/portico.1f2e….css`).
pub fn asset(options: &LeptosOptions, name: &str) -> String {
    #[cfg(feature = "ssr")]
    return format!(
        "/{}/{}",
        options.site_pkg_dir,
        assets::hashed(&options.site_root, &options.site_pkg_dir, name)
    );
    #[cfg(not(feature = "ssr"))]
    format!("/{}/{name}", options.site_pkg_dir)
}

/// Where islands fetch the texts of a locale: `/i18n/he.1f2e….txt`, cached for good.
pub fn texts_url(locale: crate::i18n::Locale) -> String {
    #[cfg(feature = "ssr")]
    return format!("/i18n/{}.{}.txt", locale.tag(), crate::i18n::browser_texts(locale).1);
    #[cfg(not(feature = "ssr"))]
    format!("/i18n/{}.txt", locale.tag())
}

/// The islands in the small bundle (`#[island]` rather than `#[crate::full_island]`).
const LITE_ISLANDS: [&str; 1] = ["UploadProgress"];

#[component]
fn IslandsScript(options: LeptosOptions) -> impl IntoView {
    // Outside islands nothing is hydrated, so nothing outside them is serialised for the browser.
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    #[cfg(feature = "ssr")]
    let nonce = leptos::nonce::use_nonce();
    #[cfg(not(feature = "ssr"))]
    let nonce = None::<String>;
    let bundle = |name: &str| {
        [
            asset(&options, &format!("{name}.js")),
            asset(&options, &format!("{name}_bg.wasm")),
        ]
    };
    let script = format!(
        "{}({:?}, {:?}, {:?}, {:?});",
        include_str!("islands.js"),
        bundle("portico"),
        bundle("portico-lite"),
        LITE_ISLANDS,
        texts_url(crate::request_locale())
    );
    view! { <script type="module" nonce=nonce>{script}</script> }
}
