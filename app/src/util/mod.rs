//! Small helpers every part of the app uses: ISO dates, URL encoding, and ids and values in
//! the page URL.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use time::Date;

/// `2026-12-03`.
pub fn iso(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month() as u8, d.day())
}

/// What may stay as it is in a URL query value (RFC 3986's unreserved characters).
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// A value for a URL query (`"0131 &x"` → `0131%20%26x`).
pub fn urlencode(s: &str) -> String {
    utf8_percent_encode(s, UNRESERVED).to_string()
}

/// The id in the URL; anything that is not a positive number is simply not found.
pub fn id_param(name: &'static str) -> impl Fn() -> Option<i64> + Copy + Send + Sync {
    let params = use_params_map();
    move || params.read().get(name).and_then(|s| s.parse::<i64>().ok()).filter(|id| *id > 0)
}

/// A value in the page's URL query, if it is there and not empty.
pub fn query_param(name: &'static str) -> impl Fn() -> Option<String> + Copy + Send + Sync {
    let query = use_query_map();
    move || query.read().get(name).map(|v| v.to_string()).filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    #[test]
    fn query_values_are_percent_encoded_except_unreserved_characters() {
        assert_eq!(super::urlencode("0131 &x"), "0131%20%26x");
        assert_eq!(super::urlencode("a-b_c.d~é"), "a-b_c.d~%C3%A9");
    }
}

pub mod browser;
pub mod clock;
pub use browser::browser_summary;
pub use clock::{days_unseen, now_micros, utc};
