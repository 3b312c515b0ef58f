//! What a file really is, from its first bytes (never from its name or the browser's word), and
//! whether the portal accepts it.

/// The content type of an upload, or `None` when it is not on the allowlist (executables,
/// HTML, SVG, scripts, anything unknown).
pub fn detect(head: &[u8], file_name: &str) -> Option<&'static str> {
    let ext = file_name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    if let Some(kind) = infer::get(head) {
        return match kind.mime_type() {
            "application/pdf" => Some("application/pdf"),
            "image/png" => Some("image/png"),
            "image/jpeg" => Some("image/jpeg"),
            "image/gif" => Some("image/gif"),
            "image/webp" => Some("image/webp"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation" => Some("application/vnd.openxmlformats-officedocument.presentationml.presentation"),
            "application/vnd.oasis.opendocument.text" => Some("application/vnd.oasis.opendocument.text"),
            "application/vnd.oasis.opendocument.spreadsheet" => Some("application/vnd.oasis.opendocument.spreadsheet"),
            "application/msword" => Some("application/msword"),
            "application/vnd.ms-excel" => Some("application/vnd.ms-excel"),
            "application/zip" => Some("application/zip"),
            _ => None,
        };
    }
    // No magic number: plain text is accepted when it really is text and not markup.
    let text = std::str::from_utf8(head).is_ok() || std::str::from_utf8(&head[..head.len().saturating_sub(3)]).is_ok();
    let lower = String::from_utf8_lossy(&head[..head.len().min(512)]).to_ascii_lowercase();
    let markup = ["<html", "<!doctype", "<script", "<svg", "<?xml"].iter().any(|m| lower.trim_start().starts_with(m) || lower.contains("<script"));
    if !text || head.contains(&0) || markup {
        return None;
    }
    match ext.as_str() {
        "csv" => Some("text/csv"),
        "txt" | "text" | "md" | "log" => Some("text/plain"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_files_are_recognised_by_their_bytes() {
        assert_eq!(detect(b"%PDF-1.7\n%...", "w2.pdf"), Some("application/pdf"));
        assert_eq!(detect(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "scan.PNG"), Some("image/png"));
        assert_eq!(detect(b"date,amount\n2026-01-01,10\n", "ledger.csv"), Some("text/csv"));
    }

    #[test]
    fn disguised_executables_and_markup_are_refused() {
        assert_eq!(detect(b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff", "invoice.pdf"), None);
        assert_eq!(detect(b"\x7fELF\x02\x01\x01\0", "report.pdf"), None);
        assert_eq!(detect(b"<html><script>alert(1)</script>", "notes.txt"), None);
        assert_eq!(detect(b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>", "logo.txt"), None);
        assert_eq!(detect(b"just text", "run.sh"), None, "text only with a text extension");
    }
}
