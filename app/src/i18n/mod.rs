//! The one way UI text reaches the page. Pages ask for a [`Key`]; the texts live in Fluent files
//! (`app/locales/{tag}.ftl`) that translators edit, with CLDR plural rules. On the server every
//! locale is loaded (`catalog`); a page's islands get only their own locale's texts, fetched
//! once and cached (`browser`). Numbers, money and dates use CLDR data too: ICU4X on the server,
//! the browser's own `Intl` in islands.

mod keys;
pub mod switch;
#[cfg(feature = "ssr")]
mod catalog;
#[cfg(feature = "ssr")]
mod format;
#[cfg(not(feature = "ssr"))]
mod browser;

pub use keys::Key;
#[cfg(feature = "ssr")]
pub use catalog::{browser_texts, message, message_ids};
#[cfg(not(feature = "ssr"))]
pub use browser::install;

#[cfg(feature = "ssr")]
use catalog as backend;
#[cfg(not(feature = "ssr"))]
use browser as backend;

use crate::money::Money;
use leptos::prelude::*;
use time::Date;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Locale {
    En,
    Tl,
    Lt,
    El,
    He,
}

impl Locale {
    pub const ALL: &'static [Locale] = &[Locale::En, Locale::Tl, Locale::Lt, Locale::El, Locale::He];

    /// BCP 47 tag for `<html lang>`, the `.ftl` file name and the stored preference.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Tl => "tl",
            Locale::Lt => "lt",
            Locale::El => "el",
            Locale::He => "he",
        }
    }

    /// The language's name in itself, for the language switch.
    pub fn name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::Tl => "Filipino",
            Locale::Lt => "Lietuvių",
            Locale::El => "Ελληνικά",
            Locale::He => "עברית",
        }
    }

    /// Writing direction for `<html dir>`.
    pub fn dir(self) -> &'static str {
        match self {
            Locale::He => "rtl",
            _ => "ltr",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Locale> {
        let tag = tag.trim().to_ascii_lowercase();
        // `fil` is the ISO 639-2 code browsers send for Filipino; `iw` is Hebrew's old code.
        let tag = match tag.split('-').next().unwrap_or("") {
            "fil" => "tl",
            "iw" => "he",
            base => base,
        };
        Locale::ALL.iter().copied().find(|l| l.tag() == tag)
    }

    /// The best supported locale of an `Accept-Language` header, by its q-values (a few lines of
    /// RFC 9110 that need no crate: the tags are matched by language only).
    pub fn negotiate(header: &str) -> Option<Locale> {
        let mut wanted: Vec<(f32, Locale)> = header
            .split(',')
            .filter_map(|part| {
                let mut it = part.split(';');
                let locale = Locale::from_tag(it.next()?)?;
                let q = it.find_map(|p| p.trim().strip_prefix("q=")?.parse::<f32>().ok()).unwrap_or(1.0);
                (q > 0.0).then_some((q, locale))
            })
            .collect();
        wanted.sort_by(|a, b| b.0.total_cmp(&a.0));
        wanted.first().map(|(_, l)| *l)
    }

    pub fn text(self, key: Key) -> &'static str {
        backend::text(self, key)
    }

    /// Text with its `{ $name }` placeholders filled in (plural variants chosen by CLDR rules
    /// when a value is a number).
    pub fn format(self, key: Key, args: &[(&str, &str)]) -> String {
        backend::format(self, key, args)
    }

    /// A money amount as people of this locale write it, with the currency's symbol and minor units.
    pub fn money(self, m: &Money) -> String {
        backend::money(self, m)
    }

    /// An integer holding `scale` decimals (quantity in thousandths, tax in basis points),
    /// written in this locale without trailing zeros: (1500, 3) → "1.5" (en), "1,5" (lt).
    pub fn scaled(self, value: i64, scale: u32) -> String {
        let unit = 10i64.pow(scale);
        let (int, frac) = (value / unit, (value % unit).abs());
        let sign = if value < 0 && int == 0 { "-" } else { "" };
        let frac = format!("{frac:0width$}", width = scale as usize);
        let decimal = match frac.trim_end_matches('0') {
            "" => format!("{sign}{int}"),
            frac => format!("{sign}{int}.{frac}"),
        };
        backend::number(self, &decimal)
    }

    /// A number as a person of this locale types it ("1.250,5" in Greek, "1 250,5" in
    /// Lithuanian) in the portal's own form ("1250.5"), which `money::parse_scaled` reads.
    pub fn typed_number(self, input: &str) -> String {
        match self {
            // Greek groups with "." and writes decimals with ",".
            Locale::El => input.replace('.', "").replace(',', "."),
            // Lithuanian groups with a (no-break) space and writes decimals with "," (a "." is
            // read as a decimal point too: it is never a Lithuanian group separator).
            Locale::Lt => input.chars().filter(|c| !c.is_whitespace()).collect::<String>().replace(',', "."),
            Locale::En | Locale::Tl | Locale::He => input.to_string(),
        }
    }

    /// A calendar date in the locale's medium form ("Nov 5, 2026", "2026-11-05" in lt).
    pub fn date(self, d: Date) -> String {
        backend::date(self, d)
    }

    /// Translates a validation code sent by the server (see `AppError::Validation`).
    pub fn error_code(self, code: &str) -> &'static str {
        self.text(match code {
            "invalid_credentials" => Key::LoginInvalid,
            "required" => Key::FieldRequired,
            "exceeds_balance" => Key::ErrExceedsBalance,
            "must_be_positive" => Key::ErrPositive,
            "invalid_amount" => Key::ErrAmount,
            "invalid_date" => Key::ErrDate,
            "low_contrast" => Key::ErrLowContrast,
            "invalid_colour" => Key::ErrColour,
            "before_issue_date" => Key::ErrDueBeforeIssue,
            "taken" => Key::ErrTaken,
            "not_editable" => Key::ErrNotEditable,
            "no_lines" => Key::ErrNoLines,
            "unknown_currency" => Key::ErrCurrency,
            "exceeds_paid" => Key::ErrRefundTooLarge,
            "has_payments" => Key::ErrHasPayments,
            "before_from" | "range_too_long" => Key::ErrRange,
            "wrong_password" => Key::ErrWrongPassword,
            "code_required" => Key::CodeRequired,
            "wrong_code" => Key::ErrWrongCode,
            "setup_expired" => Key::ErrSetupExpired,
            "already_on" => Key::TwoFactorOn,
            "too_short" => Key::ErrTooShort,
            "too_long" => Key::ErrTooLong,
            "unknown_client" => Key::ErrClient,
            "invalid_email" => Key::ErrEmail,
            "passwords_differ" => Key::ErrPasswordsDiffer,
            "already_accepted" => Key::ErrAlreadyAccepted,
            "user_disabled" => Key::ErrUserDisabled,
            "two_factor_required" => Key::ErrTwoFactorRequired,
            "two_factor_off" => Key::ErrTwoFactorOff,
            "not_yourself" => Key::ErrNotYourself,
            "too_large" => Key::ErrTooLargeNumber,
            "too_many_lines" => Key::ErrTooManyLines,
            "total_too_large" => Key::ErrTotalTooLarge,
            "unknown_reference" => Key::ErrUnknownReference,
            "not_allowed" => Key::ErrNotAllowed,
            "invalid_steps" => Key::ErrInvalidSteps,
            "invalid_phone" => Key::ErrPhone,
            "nothing_changed" => Key::ErrNothingChanged,
            "already_decided" => Key::ErrAlreadyDecided,
            "invalid" => Key::ErrInvalidText,
            "invalid_score" => Key::ErrInvalidScore,
            "already_answered" => Key::ErrAlreadyAnswered,
            "invalid_days" => Key::ErrInvalidDays,
            _ => Key::ErrorGeneric,
        })
    }
}

/// The locale of the current page, provided by the `App` component.
pub fn use_locale() -> Locale {
    // Islands run without the `App` around them: there the page's `<html lang>` tells.
    use_context::<Locale>().unwrap_or_else(crate::request_locale)
}

/// Shorthand for pages: `t(Key::SignIn)`.
pub fn t(key: Key) -> &'static str {
    use_locale().text(key)
}

/// "just now", "2 h ago", "3 days ago" for a moment `at` (microseconds) seen from `now`.
pub fn ago(locale: Locale, at: i64, now_micros: i64) -> String {
    let secs = ((now_micros - at) / 1_000_000).max(0);
    let (key, n) = match secs {
        0..=59 => return locale.text(Key::AgoJustNow).to_string(),
        60..=3599 => (Key::AgoMinutes, secs / 60),
        3600..=86_399 => (Key::AgoHours, secs / 3600),
        _ => (Key::AgoDays, secs / 86_400),
    };
    locale.format(key, &[("n", &n.to_string())])
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_best_supported_locale() {
        assert_eq!(Locale::negotiate("en-GB,en;q=0.8"), Some(Locale::En));
        assert_eq!(Locale::negotiate("he-IL,he;q=0.9"), Some(Locale::He));
        assert_eq!(Locale::negotiate("de-DE,lt;q=0.5,el;q=0.7"), Some(Locale::El));
        assert_eq!(Locale::negotiate("fil-PH"), Some(Locale::Tl));
        assert_eq!(Locale::negotiate("fr;q=1, el;q=0"), None);
        assert_eq!(Locale::negotiate(""), None);
    }

    #[test]
    fn scaled_numbers_drop_trailing_zeros_and_use_the_locale_separator() {
        assert_eq!(Locale::En.scaled(1500, 3), "1.5");
        assert_eq!(Locale::En.scaled(2000, 3), "2");
        assert_eq!(Locale::En.scaled(825, 2), "8.25");
        assert_eq!(Locale::En.scaled(-50, 2), "-0.5");
        assert_eq!(Locale::Lt.scaled(1500, 3), "1,5");
        assert_eq!(Locale::El.scaled(825, 2), "8,25");
    }

    #[test]
    fn numbers_are_read_as_each_locale_types_them() {
        assert_eq!(crate::money::parse_scaled(&Locale::El.typed_number("1.250,5"), 2), Some(125050));
        assert_eq!(crate::money::parse_scaled(&Locale::Lt.typed_number("1\u{a0}250,5"), 2), Some(125050));
        assert_eq!(crate::money::parse_scaled(&Locale::Lt.typed_number("1250.5"), 2), Some(125050));
        assert_eq!(crate::money::parse_scaled(&Locale::En.typed_number("1,250.5"), 2), Some(125050));
        assert_eq!(crate::money::parse_scaled(&Locale::El.typed_number("1,5"), 3), Some(1500));
    }

    #[test]
    fn placeholders_are_filled_and_plurals_follow_cldr() {
        assert_eq!(Locale::En.format(Key::Welcome, &[("name", "Ana")]), "Welcome, Ana");
        assert_eq!(Locale::En.format(Key::NotSeenFor, &[("days", "1")]), "Not seen for 1+ day");
        assert_eq!(Locale::En.format(Key::NotSeenFor, &[("days", "30")]), "Not seen for 30+ days");
        // Lithuanian: one (1, 21), few (2–9), other (10–20, 30…) take different words.
        let lt = |n: &str| Locale::Lt.format(Key::AgoDays, &[("n", n)]);
        assert_ne!(lt("1"), lt("2").replace('2', "1"));
        assert_ne!(lt("2"), lt("10").replace("10", "2"));
        assert_eq!(lt("21").replace("21", "1"), lt("1"));
        // Hebrew has a dual: two days is its own word.
        assert!(!Locale::He.format(Key::AgoDays, &[("n", "2")]).contains('2'));
    }

    #[test]
    fn relative_times_read_naturally() {
        let now = 1_000_000_000_000_000;
        assert_eq!(ago(Locale::En, now - 5_000_000, now), "just now");
        assert_eq!(ago(Locale::En, now - 7_200_000_000, now), "2 h ago");
        assert_eq!(ago(Locale::En, now - 86_400_000_000, now), "1 day ago");
        assert_eq!(ago(Locale::En, now - 3 * 86_400_000_000, now), "3 days ago");
    }
}
