//! Times as the trail and the pages show them: now, UTC timestamps, "2 h ago".

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
}
