//! In the browser: islands use the texts of the page's locale only, which the islands script
//! fetches (`/i18n/{tag}.{hash}.txt`, cached for good) beside the wasm and hands to
//! [`install`], so no locale's file is compiled into the bundle. Numbers, money and dates use
//! the browser's own CLDR data (`Intl`), the same rules ICU4X applies on the server.
//!
//! Placeholders are filled by name here; the server left plural messages in their `other`
//! form, and islands only show texts whose numbers the server has not already written.

use super::{Key, Locale};
use crate::money::Money;
use std::cell::RefCell;
use time::Date;

thread_local! {
    static TEXTS: RefCell<Vec<&'static str>> = const { RefCell::new(Vec::new()) };
}

/// Takes the table the server made (`browser_texts`: the texts in `Key` order, split by the
/// unit separator U+001F); called once, before hydration.
pub fn install(table: &str) {
    let table: &'static str = table.to_string().leak();
    TEXTS.with(|t| *t.borrow_mut() = table.split('\u{1F}').collect());
}

pub fn text(_locale: Locale, key: Key) -> &'static str {
    TEXTS.with(|t| t.borrow().get(key as usize).copied().unwrap_or(""))
}

pub fn format(locale: Locale, key: Key, args: &[(&str, &str)]) -> String {
    let mut s = text(locale, key).to_string();
    for (name, value) in args {
        s = s.replace(&format!("{{{name}}}"), value);
    }
    s
}

#[cfg(feature = "hydrate")]
fn intl_options(pairs: &[(&str, &str)]) -> js_sys::Object {
    let options = js_sys::Object::new();
    for (k, v) in pairs {
        let _ = js_sys::Reflect::set(&options, &(*k).into(), &(*v).into());
    }
    options
}

#[cfg(feature = "hydrate")]
fn locales(locale: Locale) -> js_sys::Array {
    js_sys::Array::of1(&locale.tag().into())
}

/// `Intl.NumberFormat` reads a decimal string exactly, so no amount goes through a float.
#[cfg(feature = "hydrate")]
fn intl_number(locale: Locale, decimal: &str, options: &[(&str, &str)]) -> Option<String> {
    let f = js_sys::Intl::NumberFormat::new(&locales(locale), &intl_options(options));
    f.format().call1(&wasm_bindgen::JsValue::NULL, &decimal.into()).ok()?.as_string()
}

#[cfg(not(feature = "hydrate"))]
fn intl_number(_: Locale, _: &str, _: &[(&str, &str)]) -> Option<String> {
    None
}

pub fn money(locale: Locale, m: &Money) -> String {
    let decimal = m.decimal();
    intl_number(locale, &decimal, &[("style", "currency"), ("currency", m.currency.code())])
        .unwrap_or_else(|| format!("{} {decimal}", m.currency.code()))
}

pub fn number(locale: Locale, decimal: &str) -> String {
    intl_number(locale, decimal, &[("maximumFractionDigits", "20")]).unwrap_or_else(|| decimal.to_string())
}

pub fn date(locale: Locale, d: Date) -> String {
    #[cfg(feature = "hydrate")]
    {
        let options = intl_options(&[("year", "numeric"), ("month", "short"), ("day", "numeric"), ("timeZone", "UTC")]);
        let f = js_sys::Intl::DateTimeFormat::new(&locales(locale), &options);
        let when = js_sys::Date::new(&(js_sys::Date::utc(d.year() as f64, d.month() as u8 as f64 - 1.0) + (d.day() as f64 - 1.0) * 86_400_000.0).into());
        if let Some(s) = f.format().call1(&wasm_bindgen::JsValue::NULL, &when).ok().and_then(|v| v.as_string()) {
            return s;
        }
    }
    let _ = locale;
    d.to_string()
}
