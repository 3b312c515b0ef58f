//! How the trail reads on the page: actions in words, browsers, times.

/// What an action means, in words (an unknown action is shown as it is stored).
pub fn action_label(action: &str) -> String {
    let label = match action {
        "auth." => "Sign-ins and sign-outs",
        "invoice." => "Invoices",
        "payment." => "Payments",
        "statement." => "Statements",
        "document" => "Documents and requests",
        "access.denied" => "Access denied",
        "audit." => "Audit trail",
        "client." => "Clients",
        "user." => "People",
        "settings." => "Settings",
        "auth.login.succeeded" => "Signed in",
        "auth.login.failed" => "Sign-in failed",
        "auth.logout" => "Signed out",
        "auth.session.expired" => "Session expired",
        "auth.password.changed" => "Changed password",
        "auth.2fa.enabled" => "Turned on two-step sign-in",
        "auth.2fa.disabled" => "Turned off two-step sign-in",
        "auth.2fa.reset" => "Reset two-step sign-in",
        "auth.recovery_code.used" => "Signed in with a recovery code",
        "auth.recovery_codes.renewed" => "Made new recovery codes",
        "auth.session.ended" => "Ended a session",
        "auth.throttled" => "Too many attempts: slowed down",
        "settings.updated" => "Changed settings",
        "profile.updated" => "Updated profile",
        "invoice.list_viewed" => "Viewed invoice list",
        "invoice.viewed" => "Viewed invoice",
        "invoice.pdf_downloaded" => "Downloaded invoice PDF",
        "invoice.created" => "Created invoice draft",
        "invoice.updated" => "Edited invoice draft",
        "invoice.issued" => "Issued invoice",
        "invoice.voided" => "Voided invoice",
        "payment.recorded" => "Recorded payment",
        "payment.refunded" => "Recorded refund",
        "statement.viewed" => "Viewed statement",
        "statement.downloaded" => "Downloaded statement",
        "document.list_viewed" => "Viewed document list",
        "document.viewed" => "Opened document",
        "document.previewed" => "Previewed document",
        "document.downloaded" => "Downloaded document",
        "document.uploaded" => "Uploaded document",
        "document.deleted" => "Deleted document",
        "document.restored" => "Restored document",
        "document_request.created" => "Requested documents",
        "document_request.fulfilled" => "Fulfilled document request",
        "client.created" => "Created client",
        "client.updated" => "Edited client",
        "user.created" => "Created user",
        "user.invited" => "Invited user",
        "user.invite_renewed" => "Made a new invite link",
        "user.invite_accepted" => "Accepted invite",
        "user.updated" => "Changed user",
        "user.disabled" => "Disabled user",
        "user.enabled" => "Enabled user again",
        "audit.exported" => "Exported audit trail",
        other => return other.to_string(),
    };
    label.to_string()
}

/// "Chrome 131 on Windows" from a user agent string (the full string stays in the trail).
pub fn browser_summary(ua: &str) -> String {
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
        Some(os) => format!("{browser} on {os}"),
        None => browser,
    }
}

/// Now, in microseconds (relative times are computed against it).
pub fn now_micros() -> i64 {
    (time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1000) as i64
}

/// "Not seen for" buckets: 30, 60, 90 days (or never).
pub fn days_unseen(last_seen: Option<i64>, now_micros: i64) -> Option<i64> {
    last_seen.map(|t| (now_micros - t).max(0) / 86_400_000_000)
}

/// "2 h ago", "3 days ago", "just now" (English only for now, through the i18n keys later).
pub fn ago(at: i64, now_micros: i64) -> String {
    let secs = ((now_micros - at) / 1_000_000).max(0);
    match secs {
        0..=59 => "just now".into(),
        60..=3599 => format!("{} min ago", secs / 60),
        3600..=86_399 => format!("{} h ago", secs / 3600),
        _ => match secs / 86_400 {
            1 => "1 day ago".into(),
            d => format!("{d} days ago"),
        },
    }
}

/// "2026-11-25 14:03:09 UTC".
pub fn utc(at: i64) -> String {
    match time::OffsetDateTime::from_unix_timestamp_nanos(at as i128 * 1000) {
        Ok(t) => format!(
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02} UTC",
            t.year(),
            t.month() as u8,
            t.day(),
            t.hour(),
            t.minute(),
            t.second()
        ),
        Err(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_read_naturally() {
        let now = 1_000_000_000_000_000;
        assert_eq!(ago(now - 5_000_000, now), "just now");
        assert_eq!(ago(now - 7_200_000_000, now), "2 h ago");
        assert_eq!(ago(now - 3 * 86_400_000_000, now), "3 days ago");
        assert_eq!(days_unseen(Some(now - 61 * 86_400_000_000), now), Some(61));
        assert_eq!(days_unseen(None, now), None);
        assert_eq!(utc(0), "1970-01-01 00:00:00 UTC");
    }

    #[test]
    fn user_agents_read_as_browser_and_system() {
        assert_eq!(browser_summary("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"), "Chrome 131 on Windows");
        assert_eq!(browser_summary("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15"), "Safari 18 on macOS");
        assert_eq!(browser_summary("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"), "Firefox 133 on Linux");
        assert_eq!(browser_summary("curl/8.5.0"), "curl/8.5.0");
        assert_eq!(browser_summary(""), "");
    }
}
