//! `--since 90d` and `--range START..END`: the period a range query splits, written into the
//! API's start and end parameters as text (read like any time flag).

use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

use crate::CliError;

/// A duration written like the specs' (`90d`, `12h`, `1d12h`; units `s`, `m`, `h`, `d`, `w`).
pub fn parse_duration(text: &str) -> Option<Duration> {
    let mut total: i64 = 0;
    let mut number = String::new();
    for c in text.trim().chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let n: i64 = number.parse().ok()?;
        number.clear();
        let unit = match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            'w' => 604_800,
            _ => return None,
        };
        total = total.checked_add(n.checked_mul(unit)?)?;
    }
    (number.is_empty() && total > 0).then(|| Duration::seconds(total))
}

/// The start and end texts of `--since` or `--range`.
pub fn period(
    since: Option<&str>,
    range: Option<&str>,
    now: OffsetDateTime,
) -> Result<Option<(String, String)>, CliError> {
    if let Some(since) = since {
        let d = parse_duration(since).ok_or_else(|| {
            CliError::Usage(format!(
                "--since {since:?}: expected a duration such as 90d, 12h or 1d12h"
            ))
        })?;
        let start = now
            .checked_sub(d)
            .and_then(|t| t.format(&Rfc3339).ok())
            .ok_or_else(|| CliError::Usage(format!("--since {since:?} is too far back")))?;
        return Ok(Some((start, "now".to_string())));
    }
    if let Some(range) = range {
        let (start, end) = range
            .split_once("..")
            .filter(|(s, e)| !s.trim().is_empty() && !e.trim().is_empty())
            .ok_or_else(|| {
                CliError::Usage(format!(
                    "--range {range:?}: expected START..END, e.g. 2025-01-01..2025-04-01"
                ))
            })?;
        return Ok(Some((start.trim().to_string(), end.trim().to_string())));
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("90d"), Some(Duration::days(90)));
        assert_eq!(parse_duration("1d12h"), Some(Duration::hours(36)));
        assert_eq!(parse_duration("2w"), Some(Duration::weeks(2)));
        for bad in ["", "d", "90", "5y", "0d", "99999999999999999999d"] {
            assert_eq!(parse_duration(bad), None, "{bad}");
        }
    }

    #[test]
    fn ranges() {
        let now = OffsetDateTime::UNIX_EPOCH;
        assert_eq!(
            period(None, Some("2025-01-01..2025-04-01"), now).unwrap(),
            Some(("2025-01-01".into(), "2025-04-01".into()))
        );
        assert!(period(None, Some("2025-01-01"), now).is_err());
        assert!(period(None, Some("..x"), now).is_err());
    }
}
