//! Headers for files sent to the browser.

use axum::http::HeaderValue;

/// `Content-Disposition` with a plain ASCII `filename` and the RFC 6266 `filename*` form, so
/// names like "Sutartis – ąčę.pdf" arrive intact.
pub fn disposition(kind: &str, filename: &str) -> HeaderValue {
    let ascii: String = filename.chars().map(|c| if c.is_ascii_alphanumeric() || "-_. ".contains(c) { c } else { '_' }).collect();
    let encoded: String = filename
        .bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect();
    HeaderValue::from_str(&format!("{kind}; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")).unwrap_or(HeaderValue::from_static("attachment"))
}

/// One CSV cell. Text that a spreadsheet would run as a formula is prefixed with an apostrophe.
pub fn csv_cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_string() };
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_ascii_names_use_the_rfc_6266_form() {
        let v = disposition("attachment", "Sutartis ą \"x\".pdf");
        assert_eq!(v.to_str().unwrap(), "attachment; filename=\"Sutartis _ _x_.pdf\"; filename*=UTF-8''Sutartis%20%C4%85%20%22x%22.pdf");
    }
}
