//! Server side: every locale's Fluent file, parsed once, with CLDR plural rules (fluent-bundle).
//! Hebrew wraps each filled-in value in Unicode isolates (FSI…PDI), so an invoice number, an
//! email address or an amount keeps its own direction inside right-to-left text.

use super::{format as icu, Key, Locale};
use crate::money::Money;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_syntax::ast;
use std::collections::{BTreeSet, HashMap};
use std::sync::LazyLock;
use time::Date;

fn source(locale: Locale) -> &'static str {
    match locale {
        Locale::En => include_str!("../../locales/en.ftl"),
        Locale::Tl => include_str!("../../locales/tl.ftl"),
        Locale::Lt => include_str!("../../locales/lt.ftl"),
        Locale::El => include_str!("../../locales/el.ftl"),
        Locale::He => include_str!("../../locales/he.ftl"),
    }
}

struct Catalog {
    bundle: FluentBundle<FluentResource>,
    /// Each key's text without arguments, by `Key as usize`.
    plain: Vec<&'static str>,
    /// What islands need (see [`browser_texts`]) and its hash.
    browser: (String, String),
    /// The variables each message uses, by message id (every id of the file is here).
    variables: HashMap<String, BTreeSet<String>>,
}

static CATALOGS: LazyLock<Vec<Catalog>> = LazyLock::new(|| Locale::ALL.iter().map(|l| load(*l)).collect());

fn catalog(locale: Locale) -> &'static Catalog {
    &CATALOGS[locale as usize]
}

fn load(locale: Locale) -> Catalog {
    // The files are part of the build and checked by the tests below, so a broken one is a bug.
    let resource = FluentResource::try_new(source(locale).to_string()).expect("the .ftl file parses");
    let variables = variables(resource.entries());
    let lang = locale.tag().parse().expect("a valid language tag");
    let mut bundle = FluentBundle::new_concurrent(vec![lang]);
    bundle.set_use_isolating(locale.dir() == "rtl");
    bundle.add_resource(resource).expect("message ids are unique");
    let resolve = |key: Key, args: Option<&FluentArgs>| -> String {
        match bundle.get_message(key.id()).and_then(|m| m.value()) {
            Some(pattern) => bundle.format_pattern(pattern, args, &mut Vec::new()).into_owned(),
            None => key.id().to_string(),
        }
    };
    let plain = Key::ALL.iter().map(|k| &*resolve(*k, None).leak()).collect();
    // Islands fill placeholders by name in the browser, so they get each text with `{name}`
    // left in place (a plural message gets its `other` form).
    let browser_table: Vec<String> = Key::ALL
        .iter()
        .map(|k| {
            let mut args = FluentArgs::new();
            for name in variables.get(k.id()).into_iter().flatten() {
                args.set(name.clone(), format!("{{{name}}}"));
            }
            resolve(*k, Some(&args))
        })
        .collect();
    let table = browser_table.join(&SEPARATOR.to_string());
    // FNV-1a: a cache key for the texts' address, not a secret.
    let hash = table.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ b as u64).wrapping_mul(0x100_0000_01b3));
    Catalog { bundle, plain, browser: (table, format!("{hash:016x}")), variables }
}

pub fn text(locale: Locale, key: Key) -> &'static str {
    catalog(locale).plain[key as usize]
}

pub fn format(locale: Locale, key: Key, args: &[(&str, &str)]) -> String {
    message(locale, key.id(), args)
}

/// Any message by its id (mails use `email-…` ids that never reach the browser).
pub fn message(locale: Locale, id: &str, args: &[(&str, &str)]) -> String {
    let bundle = &catalog(locale).bundle;
    let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
        return id.to_string();
    };
    let mut fargs = FluentArgs::new();
    for (name, value) in args {
        fargs.set(*name, arg(value));
    }
    bundle.format_pattern(pattern, Some(&fargs), &mut Vec::new()).into_owned()
}

/// A value that reads as a whole number is passed as a number, so that plural variants are
/// chosen by it; "0042" or "INV-7" stay text.
fn arg(value: &str) -> FluentValue<'_> {
    match value.parse::<i64>() {
        Ok(n) if n.to_string() == value => FluentValue::from(n),
        _ => FluentValue::from(value),
    }
}

/// Between two texts of [`browser_texts`]: the Unicode unit separator, which no text holds
/// (a test checks), so the browser splits the table without a JSON parser in its bundle.
pub const SEPARATOR: char = '\u{1F}';

/// The texts of one locale for the islands of a page, in `Key` order, joined by [`SEPARATOR`],
/// and a short hash of them for a cacheable address (both made once, when the file is loaded).
pub fn browser_texts(locale: Locale) -> (&'static str, &'static str) {
    let (table, hash) = &catalog(locale).browser;
    (table, hash)
}

pub fn money(locale: Locale, m: &Money) -> String {
    icu::money(locale, m)
}

pub fn number(locale: Locale, decimal: &str) -> String {
    icu::number(locale, decimal)
}

pub fn date(locale: Locale, d: Date) -> String {
    icu::date(locale, d)
}

/// Every message id of a locale's file (the mail texts' test checks its `email-…` ones).
pub fn message_ids(locale: Locale) -> Vec<String> {
    catalog(locale).variables.keys().cloned().collect()
}

/// The variables each message uses, in any of its variants, by message id.
fn variables<'a>(entries: impl Iterator<Item = &'a ast::Entry<&'a str>>) -> HashMap<String, BTreeSet<String>> {
    let mut all = HashMap::new();
    for entry in entries {
        if let ast::Entry::Message(m) = entry {
            let mut names = BTreeSet::new();
            if let Some(p) = &m.value {
                pattern_vars(p, &mut names);
            }
            all.insert(m.id.name.to_string(), names);
        }
    }
    all
}

fn pattern_vars(p: &ast::Pattern<&str>, names: &mut BTreeSet<String>) {
    for element in &p.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_vars(expression, names);
        }
    }
}

fn expression_vars(e: &ast::Expression<&str>, names: &mut BTreeSet<String>) {
    match e {
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, names);
            for v in variants {
                pattern_vars(&v.value, names);
            }
        }
        ast::Expression::Inline(inline) => inline_vars(inline, names),
    }
}

fn inline_vars(e: &ast::InlineExpression<&str>, names: &mut BTreeSet<String>) {
    match e {
        ast::InlineExpression::VariableReference { id } => {
            names.insert(id.name.to_string());
        }
        ast::InlineExpression::Placeable { expression } => expression_vars(expression, names),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(locale: Locale) -> BTreeSet<String> {
        assert!(fluent_syntax::parser::parse(source(locale)).is_ok(), "{}.ftl has syntax errors", locale.tag());
        message_ids(locale).into_iter().collect()
    }

    /// Mail texts are not `Key`s; they live in the same files under `email-…`.
    fn ui_ids(locale: Locale) -> BTreeSet<String> {
        ids(locale).into_iter().filter(|id| !id.starts_with("email-")).collect()
    }

    #[test]
    fn every_key_has_an_english_text_and_every_english_text_a_key() {
        let keys: BTreeSet<String> = Key::ALL.iter().map(|k| k.id().to_string()).collect();
        assert_eq!(keys.len(), Key::ALL.len(), "two keys share an id");
        let english = ui_ids(Locale::En);
        assert!(keys.difference(&english).next().is_none(), "keys without text: {:?}", keys.difference(&english).collect::<Vec<_>>());
        assert!(english.difference(&keys).next().is_none(), "unused texts: {:?}", english.difference(&keys).collect::<Vec<_>>());
    }

    #[test]
    fn every_locale_has_every_message_with_the_english_placeholders() {
        let english = ids(Locale::En);
        let english_vars = &catalog(Locale::En).variables;
        for locale in &Locale::ALL[1..] {
            let theirs = ids(*locale);
            let missing: Vec<_> = english.difference(&theirs).collect();
            let unknown: Vec<_> = theirs.difference(&english).collect();
            assert!(missing.is_empty() && unknown.is_empty(), "{}: missing {missing:?}, unknown {unknown:?}", locale.tag());
            let their_vars = &catalog(*locale).variables;
            for id in &english {
                assert_eq!(their_vars[id], english_vars[id], "{}: `{id}` has other placeholders than English", locale.tag());
            }
        }
    }

    #[test]
    fn translations_are_not_english_copies() {
        for locale in &Locale::ALL[1..] {
            let same = Key::ALL.iter().filter(|k| text(*locale, **k) == text(Locale::En, **k)).count();
            // Brand names, "PDF", "CSV", "Email" and the like may stay as they are.
            assert!(same * 10 < Key::ALL.len(), "{}: {same} of {} texts are the English ones", locale.tag(), Key::ALL.len());
        }
    }

    #[test]
    fn hebrew_isolates_filled_in_values() {
        let text = Locale::He.format(Key::InvoiceTitle, &[("number", "INV-0042")]);
        assert!(text.contains("\u{2068}INV-0042\u{2069}"), "{text:?}");
        assert_eq!(Locale::En.format(Key::InvoiceTitle, &[("number", "INV-0042")]), "Invoice INV-0042");
    }

    #[test]
    fn islands_get_their_texts_with_named_placeholders() {
        let (joined, hash) = browser_texts(Locale::Lt);
        let table: Vec<&str> = joined.split(SEPARATOR).collect();
        assert_eq!(table.len(), Key::ALL.len());
        assert_eq!(table[Key::SignIn as usize], text(Locale::Lt, Key::SignIn));
        assert!(table[Key::LineN as usize].contains("{n}"), "{}", table[Key::LineN as usize]);
        assert_ne!(hash, browser_texts(Locale::El).1);
    }
}
