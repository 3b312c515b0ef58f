//! Which browser a user agent string names.

use crate::i18n::{Key, Locale};

/// "Chrome 131 on Windows" from a user agent string (the full string stays in the trail).
pub fn browser_summary(locale: Locale, ua: &str) -> String {
    let version = |marker: &str| {
        ua.split(marker).nth(1).map(|rest| rest.split(['.', ' ', ';', ')']).next().unwrap_or("").to_string()).filter(|v| !v.is_empty())
    };
    let browser = if let Some(v) = version("Edg/") {
        format!("Edge {v}")
    } else if let Some(v) = version("Firefox/") {
        format!("Firefox {v}")
    } else if let Some(v) = version("Chrome/") {
        format!("Chrome {v}")
    } else if ua.contains("Safari/") || ua.contains("AppleWebKit/") {
        version("Version/").map_or("Safari".to_string(), |v| format!("Safari {v}"))
    } else {
        return ua.split_whitespace().next().unwrap_or("").chars().take(40).collect();
    };
    let os = [("iPhone", "iPhone"), ("iPad", "iPad"), ("Android", "Android"), ("Windows", "Windows"), ("Mac OS X", "macOS"), ("Linux", "Linux")]
        .into_iter()
        .find(|(marker, _)| ua.contains(marker))
        .map(|(_, name)| name);
    match os {
        Some(os) => locale.format(Key::BrowserOnSystem, &[("browser", &browser), ("system", os)]),
        None => browser,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "ssr")]
    #[test]
    fn user_agents_read_as_browser_and_system() {
        assert_eq!(browser_summary(Locale::En, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"), "Chrome 131 on Windows");
        assert_eq!(browser_summary(Locale::En, "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15"), "Safari 18 on macOS");
        assert_eq!(browser_summary(Locale::En, "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"), "Firefox 133 on Linux");
        assert_eq!(browser_summary(Locale::En, "curl/8.5.0"), "curl/8.5.0");
        assert_eq!(browser_summary(Locale::En, ""), "");
    }
}
