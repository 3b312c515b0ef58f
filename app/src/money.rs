//! Money: integer minor units plus an ISO 4217 currency. Never floats.

use serde::{Deserialize, Serialize};
use std::fmt;

/// An ISO 4217 code that the portal knows the exponent of (how many minor units make a major one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Currency([u8; 3]);

/// Currencies with their exponent. Extend here; everything else follows.
const KNOWN: &[(&str, u32)] = &[
    ("USD", 2), ("EUR", 2), ("GBP", 2), ("CAD", 2), ("AUD", 2), ("CHF", 2), ("PHP", 2),
    ("ILS", 2), ("SEK", 2), ("NOK", 2), ("DKK", 2), ("PLN", 2), ("JPY", 0), ("KRW", 0),
    ("KWD", 3), ("BHD", 3),
];

impl Currency {
    pub fn parse(code: &str) -> Result<Self, String> {
        let up = code.trim().to_ascii_uppercase();
        KNOWN
            .iter()
            .find(|(c, _)| *c == up)
            .map(|(c, _)| Currency(c.as_bytes().try_into().expect("three letters")))
            .ok_or_else(|| format!("unknown currency code {code:?}"))
    }

    pub fn code(&self) -> &str {
        std::str::from_utf8(&self.0).expect("ASCII")
    }

    /// Digits after the decimal point (EUR 2, JPY 0, KWD 3).
    pub fn exponent(&self) -> u32 {
        KNOWN.iter().find(|(c, _)| *c == self.code()).map(|(_, e)| *e).unwrap_or(2)
    }
}

impl TryFrom<String> for Currency {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        Self::parse(&s)
    }
}

impl From<Currency> for String {
    fn from(c: Currency) -> String {
        c.code().to_string()
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Money {
    /// Amount in minor units (cents for USD, yen for JPY).
    pub minor: i64,
    pub currency: Currency,
}

impl Money {
    pub fn new(minor: i64, currency: Currency) -> Self {
        Self { minor, currency }
    }

    /// The amount as a plain decimal string without grouping, e.g. `-1234.50`.
    pub fn decimal(&self) -> String {
        let exp = self.currency.exponent();
        let sign = if self.minor < 0 { "-" } else { "" };
        let abs = self.minor.unsigned_abs();
        if exp == 0 {
            return format!("{sign}{abs}");
        }
        let unit = 10u64.pow(exp);
        format!("{sign}{}.{:0width$}", abs / unit, abs % unit, width = exp as usize)
    }
}

/// Parses a decimal written by a person ("1,234.5", "-3", "0.125") into an integer with `scale`
/// decimals. Thousands separators (`,` or spaces) are ignored; more decimals than `scale` is an error.
pub fn parse_scaled(input: &str, scale: u32) -> Option<i64> {
    let cleaned: String = input.trim().chars().filter(|c| *c != ',' && !c.is_whitespace()).collect();
    let (negative, digits) = match cleaned.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, cleaned.as_str()),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    if int.is_empty() && frac.is_empty() || frac.len() > scale as usize {
        return None;
    }
    if !int.chars().chain(frac.chars()).all(|c| c.is_ascii_digit()) {
        return None;
    }
    let int: i64 = if int.is_empty() { 0 } else { int.parse().ok()? };
    let frac: i64 = if frac.is_empty() { 0 } else { format!("{frac:0<width$}", width = scale as usize).parse().ok()? };
    let value = int.checked_mul(10i64.pow(scale))?.checked_add(frac)?;
    Some(if negative { -value } else { value })
}

impl Money {
    /// Parses an amount in this currency ("1,234.56" USD → 123456 minor units).
    pub fn parse(input: &str, currency: Currency) -> Option<Money> {
        parse_scaled(input, currency.exponent()).map(|minor| Money::new(minor, currency))
    }
}

/// `num / den` rounded to the nearest integer, halves away from zero.
fn div_round(num: i128, den: i128) -> i128 {
    let q = num / den;
    let r = num % den;
    if 2 * r.abs() >= den { q + num.signum() } else { q }
}

/// The rounding rule of the portal: each line's net amount is quantity × unit price rounded to the
/// minor unit (halves away from zero), its tax is net × rate rounded the same way, and an
/// invoice's totals are the sums of its rounded lines. Returns `(net, tax)` in minor units.
pub fn line_amounts(quantity_milli: i64, unit_price_minor: i64, tax_rate_bp: i64) -> (i64, i64) {
    let net = div_round(quantity_milli as i128 * unit_price_minor as i128, 1000);
    let tax = div_round(net * tax_rate_bp as i128, 10_000);
    (net as i64, tax as i64)
}

/// The largest quantity of a line, in thousandths (a million units).
pub const MAX_QUANTITY_MILLI: i64 = 1_000_000_000;
/// The largest unit price of a line, in minor units either way (ten billion dollars).
pub const MAX_UNIT_PRICE_MINOR: i64 = 1_000_000_000_000;
/// The largest invoice total, in minor units (far beyond any real invoice, far below overflow).
pub const MAX_TOTAL_MINOR: i64 = 1_000_000_000_000_000;

/// `(subtotal, tax, total)` of an invoice from its lines `(quantity_milli, unit_price, tax_bp)`,
/// or `None` when a line is out of bounds or a sum leaves [`MAX_TOTAL_MINOR`] (checked all the
/// way: an absurd number is refused, never wrapped into a wrong total).
pub fn invoice_totals(lines: &[(i64, i64, i64)]) -> Option<(i64, i64, i64)> {
    let (mut net, mut tax) = (0i64, 0i64);
    for &(q, p, t) in lines {
        if q.abs() > MAX_QUANTITY_MILLI || p.abs() > MAX_UNIT_PRICE_MINOR || !(0..=10_000).contains(&t) {
            return None;
        }
        let (n, x) = line_amounts(q, p, t);
        net = net.checked_add(n)?;
        tax = tax.checked_add(x)?;
    }
    let total = net.checked_add(tax)?;
    [net, tax, total].iter().all(|v| v.abs() <= MAX_TOTAL_MINOR).then_some((net, tax, total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_typed_by_people_parse_exactly() {
        let usd = Currency::parse("USD").unwrap();
        assert_eq!(Money::parse("1,234.56", usd).unwrap().minor, 123456);
        assert_eq!(Money::parse("12.5", usd).unwrap().minor, 1250);
        assert_eq!(Money::parse("-0.05", usd).unwrap().minor, -5);
        assert!(Money::parse("1.234", usd).is_none(), "too many decimals for USD");
        assert!(Money::parse("12a", usd).is_none());
        assert!(Money::parse("", usd).is_none());
        assert_eq!(Money::parse("1500", Currency::parse("JPY").unwrap()).unwrap().minor, 1500);
        assert_eq!(parse_scaled("1.5", 3), Some(1500));
        assert_eq!(parse_scaled("99999999999999999999", 2), None, "overflow is an error, not a panic");
    }

    proptest::proptest! {
        /// Totals equal the sum of the lines, for any lines: net and tax are each rounded once
        /// per line, and rounding never drifts more than half a minor unit from the exact value.
        #[test]
        fn totals_equal_the_sum_of_rounded_lines(
            lines in proptest::collection::vec((-1_000_000i64..1_000_000, -10_000_000i64..10_000_000, 0i64..10_000), 0..40)
        ) {
            let amounts: Vec<(i64, i64)> = lines.iter().map(|(q, p, t)| line_amounts(*q, *p, *t)).collect();
            for ((q, p, t), (net, tax)) in lines.iter().zip(&amounts) {
                let exact = *q as i128 * *p as i128;
                proptest::prop_assert!((*net as i128 * 1000 - exact).abs() * 2 <= 1000);
                let exact_tax = *net as i128 * *t as i128;
                proptest::prop_assert!((*tax as i128 * 10_000 - exact_tax).abs() * 2 <= 10_000);
            }
            let subtotal: i64 = amounts.iter().map(|a| a.0).sum();
            let tax: i64 = amounts.iter().map(|a| a.1).sum();
            let total = crate::money::invoice_totals(&lines);
            proptest::prop_assert_eq!(total, Some((subtotal, tax, subtotal + tax)));
        }
    }

    #[test]
    fn absurd_numbers_give_no_total_instead_of_a_wrong_one() {
        assert_eq!(invoice_totals(&[(MAX_QUANTITY_MILLI + 1, 1, 0)]), None);
        assert_eq!(invoice_totals(&[(1000, MAX_UNIT_PRICE_MINOR + 1, 0)]), None);
        assert_eq!(invoice_totals(&[(1000, 1, 10_001)]), None, "a tax rate above 100 %");
        // Each line is in bounds; together they pass the largest total.
        let big = (MAX_QUANTITY_MILLI, MAX_UNIT_PRICE_MINOR, 0);
        assert_eq!(invoice_totals(&[big; 2]), None);
        assert_eq!(invoice_totals(&[(2000, 12500, 2000)]), Some((25000, 5000, 30000)));
    }

    #[test]
    fn lines_round_half_away_from_zero() {
        assert_eq!(line_amounts(1500, 333, 0), (500, 0)); // 499.5 → 500
        assert_eq!(line_amounts(1000, 1005, 1000), (1005, 101)); // 100.5 → 101
        assert_eq!(line_amounts(-1500, 333, 0), (-500, 0));
        assert_eq!(line_amounts(2000, 12500, 2000), (25000, 5000));
    }

    #[test]
    fn decimal_follows_the_currency_exponent() {
        let m = |minor, c| Money::new(minor, Currency::parse(c).unwrap()).decimal();
        assert_eq!(m(123456, "USD"), "1234.56");
        assert_eq!(m(-5, "EUR"), "-0.05");
        assert_eq!(m(1500, "JPY"), "1500");
        assert_eq!(m(1234567, "KWD"), "1234.567");
    }

    #[test]
    fn unknown_currency_is_rejected() {
        assert!(Currency::parse("XXX").is_err());
        assert_eq!(Currency::parse("eur").unwrap().code(), "EUR");
    }
}

/// Sums amounts per currency, in a stable (alphabetical) currency order.
pub fn totals_by_currency(amounts: impl IntoIterator<Item = Money>) -> Vec<Money> {
    let mut map = std::collections::BTreeMap::<Currency, i64>::new();
    for m in amounts {
        *map.entry(m.currency).or_default() += m.minor;
    }
    map.into_iter().map(|(c, minor)| Money::new(minor, c)).collect()
}
