//! Headers for files sent to the browser.

use axum::http::HeaderValue;

/// A file the browser saves.
pub fn attachment(bytes: Vec<u8>, content_type: &'static str, filename: &str) -> axum::response::Response {
    use axum::http::header;
    use axum::response::IntoResponse;
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CONTENT_DISPOSITION, disposition("attachment", filename)),
            (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
            (header::CACHE_CONTROL, HeaderValue::from_static("private, no-store")),
        ],
        bytes,
    )
        .into_response()
}

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

/// Text that a spreadsheet would run as a formula, with an apostrophe in front (OWASP's advice
/// on CSV injection; the csv crate only quotes, so this small part is our own).
pub fn defuse(s: &str) -> std::borrow::Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}").into() } else { s.into() }
}

/// One CSV row (RFC 4180 quoting, CRLF line end), written by the csv crate.
pub fn csv_row<S: AsRef<[u8]>>(cells: impl IntoIterator<Item = S>) -> String {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    // Writing to memory cannot fail.
    let _ = w.write_record(cells);
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_rows_quote_what_needs_it_and_formulas_are_defused() {
        assert_eq!(csv_row(["a", "b,c", "say \"hi\"", ""]), "a,\"b,c\",\"say \"\"hi\"\"\",\r\n");
        assert_eq!(defuse("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(defuse("INV-1"), "INV-1");
    }

    #[test]
    fn non_ascii_names_use_the_rfc_6266_form() {
        let v = disposition("attachment", "Sutartis ą \"x\".pdf");
        assert_eq!(v.to_str().unwrap(), "attachment; filename=\"Sutartis _ _x_.pdf\"; filename*=UTF-8''Sutartis%20%C4%85%20%22x%22.pdf");
    }
}
