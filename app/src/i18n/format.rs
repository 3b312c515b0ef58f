//! Server side: numbers, money and dates with CLDR data (ICU4X). The formatters are built per
//! call: ICU4X's compiled data is static, so that costs no allocation worth caching.

use super::Locale;
use crate::money::Money;
use fixed_decimal::Decimal;
use icu_calendar::{Date as IcuDate, Gregorian};
use icu_datetime::{fieldsets, FixedCalendarDateTimeFormatter};
use icu_decimal::DecimalFormatter;
use icu_experimental::dimension::currency::formatter::CurrencyFormatter;
use icu_experimental::dimension::currency::CurrencyType;
use icu_locale_core::Locale as IcuLocale;
use time::Date;

/// CLDR keeps Filipino's data under `fil` (`tl` is only an alias it does not resolve here).
fn icu_locale(locale: Locale) -> IcuLocale {
    let tag = match locale {
        Locale::Tl => "fil",
        l => l.tag(),
    };
    tag.parse().unwrap_or(icu_locale_core::locale!("und"))
}

/// A decimal such as "1234.5" as the locale writes it ("1,234.5", "1 234,5").
pub fn number(locale: Locale, decimal: &str) -> String {
    match (decimal.parse::<Decimal>(), DecimalFormatter::try_new(icu_locale(locale).into(), Default::default())) {
        (Ok(d), Ok(f)) => f.format(&d).to_string(),
        _ => decimal.to_string(),
    }
}

/// An amount with its currency as the locale writes it: "$1,234.50", "1 234,50 €", "‏1,234.50 ₪".
pub fn money(locale: Locale, m: &Money) -> String {
    let decimal = m.decimal();
    let formatter = CurrencyType::try_from_str(&m.currency.code().to_ascii_lowercase())
        .ok()
        .and_then(|code| CurrencyFormatter::try_new_symbol(icu_locale(locale).into(), code, Default::default()).ok());
    match (formatter, decimal.parse::<Decimal>()) {
        (Some(f), Ok(d)) => f.format_fixed_decimal(&d).to_string(),
        _ => format!("{} {}", m.currency.code(), number(locale, &decimal)),
    }
}

/// A date in the locale's medium form: "Nov 5, 2026" (en), "2026-11-05" (lt), "5 Νοε 2026" (el).
pub fn date(locale: Locale, d: Date) -> String {
    let formatter = FixedCalendarDateTimeFormatter::<Gregorian, _>::try_new(icu_locale(locale).into(), fieldsets::YMD::medium());
    match (formatter, IcuDate::try_new_gregorian(d.year(), d.month() as u8, d.day())) {
        (Ok(f), Ok(date)) => f.format(&date).to_string(),
        _ => d.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;

    fn amount(locale: Locale, minor: i64, currency: &str) -> String {
        money(locale, &Money::new(minor, Currency::parse(currency).unwrap()))
    }

    #[test]
    fn money_follows_the_locale_and_keeps_the_currency_minor_units() {
        assert_eq!(amount(Locale::En, 123456789, "USD"), "$1,234,567.89");
        assert_eq!(amount(Locale::En, -50, "EUR"), "-€0.50");
        assert_eq!(amount(Locale::En, 1500, "JPY"), "¥1,500");
        assert!(amount(Locale::En, 1234567, "KWD").contains("1,234.567"), "{}", amount(Locale::En, 1234567, "KWD"));
        // Lithuanian and Greek write the symbol after the number, with a decimal comma.
        let lt = amount(Locale::Lt, 123456, "EUR");
        assert!(lt.starts_with("1") && lt.contains("234,56") && lt.ends_with('€'), "{lt}");
        let el = amount(Locale::El, 123456, "EUR");
        assert!(el.contains("1.234,56") && el.ends_with('€'), "{el}");
        assert!(amount(Locale::Tl, 123456, "PHP").contains("₱1,234.56"), "{}", amount(Locale::Tl, 123456, "PHP"));
        assert!(amount(Locale::He, 123456, "ILS").contains("1,234.56") && amount(Locale::He, 123456, "ILS").contains('₪'));
        assert_ne!(date(Locale::Tl, time::macros::date!(2026 - 11 - 05)), "2026 M11 5", "Filipino has its own data");
    }

    #[test]
    fn dates_follow_the_locale() {
        let d = time::macros::date!(2026 - 11 - 05);
        assert_eq!(date(Locale::En, d), "Nov 5, 2026");
        assert_ne!(date(Locale::El, d), date(Locale::En, d));
        assert!(date(Locale::Lt, d).contains("2026"));
        assert!(date(Locale::He, d).contains("2026"));
    }

    #[test]
    fn numbers_use_the_locale_separators() {
        assert_eq!(number(Locale::En, "1234.5"), "1,234.5");
        assert_eq!(number(Locale::El, "1234.5"), "1.234,5");
    }
}
