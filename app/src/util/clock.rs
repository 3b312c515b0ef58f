//! Times as the trail and the pages show them: now, UTC timestamps, days unseen (relative
//! times are words, so they are in `i18n::ago`).

/// Now, in microseconds (relative times are computed against it).
pub fn now_micros() -> i64 {
    (time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1000) as i64
}

/// "Not seen for" buckets: 30, 60, 90 days (or never).
pub fn days_unseen(last_seen: Option<i64>, now_micros: i64) -> Option<i64> {
    last_seen.map(|t| (now_micros - t).max(0) / 86_400_000_000)
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
    fn unseen_days_and_utc_times() {
        let now = 1_000_000_000_000_000;
        assert_eq!(days_unseen(Some(now - 61 * 86_400_000_000), now), Some(61));
        assert_eq!(days_unseen(None, now), None);
        assert_eq!(utc(0), "1970-01-01 00:00:00 UTC");
    }
}
