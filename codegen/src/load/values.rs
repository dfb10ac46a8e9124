//! Parsing the small value languages of the spec format: durations, rate limits, UTC offsets
//! and time format descriptions. Each returns a message fit for a diagnostic on failure.

use crate::model::{RateLimit, RatePer, SpecDuration, TimeFormat};

/// The longest duration a spec may write: a century, longer than any documented limit.
pub const MAX_DURATION_SECONDS: u64 = 36_500 * 86_400;

/// `7d`, `5m`, `1d12h`: one or more `<number><unit>` with units `d`, `h`, `m`, `s` each at most
/// once and in that order.
pub fn duration(text: &str) -> Result<SpecDuration, String> {
    let bad = || {
        format!(
            "malformed duration {text:?}: expected e.g. `30s`, `5m`, `1h`, `7d` or `1d12h` \
             (units d, h, m, s, largest first)"
        )
    };
    let mut seconds: u64 = 0;
    let mut digits = String::new();
    let mut last_rank = usize::MAX;
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let (rank, unit) = match c {
            'd' => (3, 86_400),
            'h' => (2, 3_600),
            'm' => (1, 60),
            's' => (0, 1),
            _ => return Err(bad()),
        };
        if digits.is_empty() || rank >= last_rank {
            return Err(bad());
        }
        let n: u64 = digits.parse().map_err(|_| bad())?;
        seconds = n
            .checked_mul(unit)
            .and_then(|s| seconds.checked_add(s))
            .ok_or_else(bad)?;
        digits.clear();
        last_rank = rank;
    }
    if !digits.is_empty() || last_rank == usize::MAX {
        return Err(bad());
    }
    if seconds == 0 {
        return Err(format!("duration {text:?} is zero"));
    }
    // Generated code does time arithmetic with it (`now - lookback`, window seams): beyond
    // this it could leave `time`'s date range or wrap as a signed number of seconds.
    if seconds > MAX_DURATION_SECONDS {
        return Err(format!(
            "duration {text:?} is longer than {}d",
            MAX_DURATION_SECONDS / 86_400
        ));
    }
    Ok(SpecDuration {
        seconds,
        text: text.to_string(),
    })
}

/// `20/s`, `100/min`, `1000/h`.
pub fn rate(text: &str) -> Result<RateLimit, String> {
    let bad = || {
        format!("malformed rate limit {text:?}: expected `<count>/s`, `<count>/min` or `<count>/h`")
    };
    let (count, unit) = text.split_once('/').ok_or_else(bad)?;
    let count: u32 = count.trim().parse().map_err(|_| bad())?;
    let per = match unit.trim() {
        "s" => RatePer::Second,
        "min" => RatePer::Minute,
        "h" => RatePer::Hour,
        _ => return Err(bad()),
    };
    if count == 0 {
        return Err(format!("rate limit {text:?} allows no calls"));
    }
    Ok(RateLimit { count, per })
}

/// `+08:00`, `-05:30`, `+00:00` -> seconds east of UTC.
pub fn utc_offset(text: &str) -> Result<i32, String> {
    let bad = || format!("malformed UTC offset {text:?}: expected `+HH:MM` or `-HH:MM`");
    let bytes = text.as_bytes();
    if bytes.len() != 6 || bytes[3] != b':' {
        return Err(bad());
    }
    let sign = match bytes[0] {
        b'+' => 1,
        b'-' => -1,
        _ => return Err(bad()),
    };
    let hours: i32 = text[1..3].parse().map_err(|_| bad())?;
    let minutes: i32 = text[4..6].parse().map_err(|_| bad())?;
    if hours > 23 || minutes > 59 || !text[1..3].bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    Ok(sign * (hours * 3600 + minutes * 60))
}

/// A built-in named time format: what transcribers call the formats the providers use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preset {
    pub name: &'static str,
    /// The `time` format description (version 1).
    pub description: &'static str,
    /// The zone the format itself fixes (`Z`), if any.
    pub utc_offset_seconds: Option<i32>,
    /// A format of dates (`type: date`) rather than datetimes.
    pub date_only: bool,
    /// What a value looks like, for messages and docs.
    pub example: &'static str,
}

/// The built-in named time formats (`format: rfc3339`).
pub const PRESETS: &[Preset] = &[
    Preset {
        name: "rfc3339",
        description: "[year]-[month]-[day]T[hour]:[minute]:[second][offset_hour sign:mandatory]:[offset_minute]",
        utc_offset_seconds: None,
        date_only: false,
        example: "2021-01-01T00:00:00+08:00",
    },
    Preset {
        name: "iso8601-utc",
        description: "[year]-[month]-[day]T[hour]:[minute]:[second]Z",
        utc_offset_seconds: Some(0),
        date_only: false,
        example: "2022-10-10T20:00:00Z",
    },
    Preset {
        name: "yyyy-MM-dd HH:mm:ss",
        description: "[year]-[month]-[day] [hour]:[minute]:[second]",
        utc_offset_seconds: None,
        date_only: false,
        example: "2019-03-01 00:00:00",
    },
    Preset {
        name: "unix-seconds",
        description: "[unix_timestamp precision:second]",
        utc_offset_seconds: Some(0),
        date_only: false,
        example: "1700000000",
    },
    Preset {
        name: "date",
        description: "[year]-[month]-[day]",
        utc_offset_seconds: None,
        date_only: true,
        example: "2020-09-07",
    },
];

/// The preset named `name`.
pub fn preset(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.name == name)
}

/// Whether a `format` value is a `time` format description rather than a name.
pub fn is_description(format: &str) -> bool {
    format.contains('[')
}

/// Seconds east of UTC as `+HH:MM`.
pub fn offset_text(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.unsigned_abs();
    format!("{sign}{:02}:{:02}", s / 3600, s % 3600 / 60)
}

/// Checks a `time` format description (version 1) for a datetime (`date_only == false`) or a
/// date: it must parse, and a value written with it must read back as the same instant or
/// day, so that responses using it decode too.
pub fn time_format(
    description: &str,
    utc_offset_seconds: Option<i32>,
    date_only: bool,
) -> Result<TimeFormat, String> {
    use time::macros::datetime;
    let items = time::format_description::parse_owned::<1>(description)
        .map_err(|e| format!("invalid time format description {description:?}: {e}"))?;
    let round_trip = |reason: String| {
        format!(
            "time format {description:?} cannot be read back ({}); it needs every date{} component",
            plain_reason(&reason),
            if date_only { "" } else { " and time" }
        )
    };
    if date_only {
        let sample = datetime!(2021-03-04 00:00 UTC).date();
        let text = sample
            .format(&items)
            .map_err(|e| round_trip(e.to_string()))?;
        let back = time::Date::parse(&text, &items).map_err(|e| round_trip(e.to_string()))?;
        if back != sample {
            return Err(round_trip(format!("{text:?} reads as {back}")));
        }
    } else {
        let offset = time::UtcOffset::from_whole_seconds(utc_offset_seconds.unwrap_or(0))
            .map_err(|e| e.to_string())?;
        let sample = datetime!(2021-03-04 05:06:07 UTC).to_offset(offset);
        let text = sample
            .format(&items)
            .map_err(|e| round_trip(e.to_string()))?;
        let back = time::OffsetDateTime::parse(&text, &items)
            .or_else(|_| {
                time::PrimitiveDateTime::parse(&text, &items).map(|p| p.assume_offset(offset))
            })
            .map_err(|e| round_trip(e.to_string()))?;
        if back != sample {
            return Err(round_trip(format!("{text:?} reads as {back}")));
        }
    }
    Ok(TimeFormat {
        format: description.to_string(),
        utc_offset_seconds,
    })
}

/// The time crate's reason why a value does not read back, without its internals (the
/// `Parsed` struct it fills in): "insufficient information" is a missing component.
fn plain_reason(reason: &str) -> String {
    if reason.contains("Parsed") || reason.contains("insufficient information") {
        return "a component is missing".to_string();
    }
    reason.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(duration("7d").unwrap().seconds, 7 * 86_400);
        assert_eq!(duration("1d12h").unwrap().seconds, 36 * 3_600);
        assert_eq!(duration("5m").unwrap().seconds, 300);
        assert!(duration("36500d").is_ok());
        assert!(duration("36501d").is_err());
        assert!(duration("18446744073709551615s").is_err());
        for bad in [
            "",
            "7",
            "d",
            "7x",
            "1h1d",
            "7d7d",
            "0s",
            "-1d",
            "99999999999999999999d",
        ] {
            assert!(duration(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn rates() {
        assert_eq!(
            rate("20/s").unwrap(),
            RateLimit {
                count: 20,
                per: RatePer::Second
            }
        );
        assert_eq!(rate("100/min").unwrap().per, RatePer::Minute);
        for bad in ["20", "20/sec", "0/s", "x/s", "/s"] {
            assert!(rate(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn offsets() {
        assert_eq!(utc_offset("+08:00"), Ok(8 * 3600));
        assert_eq!(utc_offset("-05:30"), Ok(-(5 * 3600 + 1800)));
        for bad in ["08:00", "+8:00", "+24:00", "+08:60", "+0800", "+-8:00"] {
            assert!(utc_offset(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn time_formats() {
        let iso = "[year]-[month]-[day]T[hour]:[minute]:[second][offset_hour sign:mandatory]:[offset_minute]";
        assert!(time_format(iso, Some(8 * 3600), false).is_ok());
        assert!(time_format(
            "[year]-[month]-[day] [hour]:[minute]:[second]",
            Some(8 * 3600),
            false
        )
        .is_ok());
        assert!(time_format("[year]-[month]-[day]", None, true).is_ok());
        assert!(time_format("[year]-[month]", None, true).is_err());
        assert!(time_format("[year]-[month]-[day] [hour]", Some(0), false).is_err());
        assert!(time_format("[yaer]", None, true).is_err());
        // The time crate's reason names its `Parsed` struct; the message does not.
        let err =
            time_format("[month]-[day] [hour]:[minute]:[second]", Some(0), false).unwrap_err();
        assert!(err.contains("a component is missing"), "{err}");
        assert!(!err.contains("Parsed"), "{err}");
        assert_eq!(preset("rfc3339").map(|p| p.date_only), Some(false));
        assert!(PRESETS.iter().all(|p| time_format(
            p.description,
            Some(p.utc_offset_seconds.unwrap_or(8 * 3600)),
            p.date_only
        )
        .is_ok()));
    }
}
