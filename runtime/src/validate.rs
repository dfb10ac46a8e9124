//! Validation of requests against their documented limits.
//!
//! Generated `validate()` methods call the small checks of [`Validator`], one per limit in
//! the spec, and report every failure together. Each failure ([`Violation`]) names the
//! parameter, the rule and the offending value, so a user can fix a request without reading
//! the provider's page. The checks are generic; which ones apply, and with which bounds, is
//! decided by the spec alone.

use std::borrow::Cow;
use std::fmt;

use time::{Date, Duration, OffsetDateTime, Time};

use crate::wire::TimeFormat;

/// What a request is validated against besides its own values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationContext {
    /// The current time, for "how far back can data be queried" limits. Injectable so tests
    /// are exact.
    pub now: OffsetDateTime,
    /// The region the client will call, for region pins. Borrowed when it is a service's
    /// default (a `'static` name), so that making a context for each call allocates nothing.
    pub region: Option<Cow<'static, str>>,
}

impl ValidationContext {
    /// A context at the current system time.
    pub fn now(region: Option<String>) -> Self {
        ValidationContext {
            now: OffsetDateTime::now_utc(),
            region: region.map(Cow::Owned),
        }
    }

    /// A context at a fixed time.
    pub fn at(now: OffsetDateTime, region: Option<String>) -> Self {
        ValidationContext {
            now,
            region: region.map(Cow::Owned),
        }
    }
}

/// The rule a parameter broke.
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    /// A number outside `[min, max]` (bounds rendered as written in the spec).
    Range {
        min: Option<String>,
        max: Option<String>,
    },
    /// A string whose length in characters is outside the bounds.
    Length { min: Option<u64>, max: Option<u64> },
    /// A list whose number of items is outside the bounds.
    Items { min: Option<u64>, max: Option<u64> },
    /// A value that is not one of the allowed ones.
    OneOf { allowed: Vec<String> },
    /// The end of a period lies before its start.
    Order {
        start: &'static str,
        end: &'static str,
    },
    /// A period longer than allowed.
    MaxSpan {
        start: &'static str,
        end: &'static str,
        max: Duration,
        /// The condition under which this maximum applies, e.g. `Interval = Hour`.
        condition: Option<&'static str>,
    },
    /// A period shorter than allowed.
    MinSpan {
        start: &'static str,
        end: &'static str,
        min: Duration,
    },
    /// A time further back than data is kept.
    Lookback {
        max: Duration,
        earliest: OffsetDateTime,
        /// `earliest` in the parameter's wire format.
        earliest_shown: String,
    },
    /// The API only serves some regions.
    Region { allowed: &'static [&'static str] },
    /// A value that cannot be written in the API's wire format (e.g. a year past 9999).
    Format { format: &'static str },
    /// An item of a list joined with `separator` on the wire contains the separator, so the
    /// server would read it as several items.
    Separator { separator: char },
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn bounds<T: fmt::Display>(
            f: &mut fmt::Formatter<'_>,
            what: &str,
            min: &Option<T>,
            max: &Option<T>,
        ) -> fmt::Result {
            match (min, max) {
                (Some(lo), Some(hi)) => write!(f, "{what} must be in [{lo}, {hi}]"),
                (Some(lo), None) => write!(f, "{what} must be at least {lo}"),
                (None, Some(hi)) => write!(f, "{what} must be at most {hi}"),
                (None, None) => write!(f, "{what} is unbounded"),
            }
        }
        match self {
            Rule::Range { min, max } => bounds(f, "value", min, max),
            Rule::Length { min, max } => bounds(f, "length", min, max),
            Rule::Items { min, max } => bounds(f, "number of items", min, max),
            Rule::OneOf { allowed } => write!(f, "must be one of {}", allowed.join(", ")),
            Rule::Order { start, end } => write!(f, "{end} must not be before {start}"),
            Rule::MaxSpan {
                start,
                end,
                max,
                condition,
            } => {
                write!(f, "{start}..{end} must span at most {}", human(*max))?;
                if let Some(condition) = condition {
                    write!(f, " when {condition}")?;
                }
                Ok(())
            }
            Rule::MinSpan { start, end, min } => {
                write!(f, "{start}..{end} must span at least {}", human(*min))
            }
            Rule::Lookback {
                max,
                earliest_shown,
                ..
            } => write!(
                f,
                "must be within the last {} (not before {earliest_shown})",
                human(*max)
            ),
            Rule::Region { allowed } => {
                write!(f, "this API only serves region(s) {}", allowed.join(", "))
            }
            Rule::Format { format } => write!(f, "cannot be written as {format}"),
            Rule::Separator { separator } => write!(
                f,
                "an item must not contain {separator:?}: the list is joined with it on the wire"
            ),
        }
    }
}

/// Renders a duration as the largest whole units that represent it exactly (`7d`, `90m`).
pub fn human(duration: Duration) -> String {
    let seconds = duration.whole_seconds();
    let (value, unit) = if seconds != 0 && seconds % 86_400 == 0 {
        (seconds / 86_400, "d")
    } else if seconds != 0 && seconds % 3_600 == 0 {
        (seconds / 3_600, "h")
    } else if seconds != 0 && seconds % 60 == 0 {
        (seconds / 60, "m")
    } else {
        (seconds, "s")
    };
    format!("{value}{unit}")
}

/// One failed check.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// The wire name of the parameter, e.g. `EndTime`.
    pub param: &'static str,
    pub rule: Rule,
    /// The offending value, rendered for people.
    pub value: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} = {}: {}", self.param, self.value, self.rule)
    }
}

/// Every failed check of one request.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub struct ValidationErrors {
    pub action: &'static str,
    pub violations: Vec<Violation>,
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid {} request ({} problem{})",
            self.action,
            self.violations.len(),
            if self.violations.len() == 1 { "" } else { "s" }
        )?;
        for violation in &self.violations {
            write!(f, "; {violation}")?;
        }
        Ok(())
    }
}

impl ValidationErrors {
    /// Whether some violation concerns `param`.
    pub fn concerns(&self, param: &str) -> bool {
        self.violations.iter().any(|v| v.param == param)
    }
}

/// Collects violations; generated `validate()` methods run every check, then call
/// [`Validator::finish`].
#[derive(Debug)]
pub struct Validator {
    action: &'static str,
    violations: Vec<Violation>,
}

impl Validator {
    pub fn new(action: &'static str) -> Self {
        Validator {
            action,
            violations: Vec::new(),
        }
    }

    fn push(&mut self, param: &'static str, rule: Rule, value: String) {
        // Several limits on one pair of times (e.g. one per granularity) each check the
        // order; report a broken order once.
        // A backwards period is reported once, by the first check that finds it.
        if let Rule::Order { start, end } = &rule {
            let reported = self.violations.iter().any(
                |v| matches!(&v.rule, Rule::Order { start: s, end: e } if s == start && e == end),
            );
            if reported {
                return;
            }
        }
        let violation = Violation { param, rule, value };
        if !self.violations.contains(&violation) {
            self.violations.push(violation);
        }
    }

    /// Inclusive numeric range for integers.
    pub fn range_int(
        &mut self,
        param: &'static str,
        value: i128,
        min: Option<i128>,
        max: Option<i128>,
    ) {
        if min.is_some_and(|lo| value < lo) || max.is_some_and(|hi| value > hi) {
            let rule = Rule::Range {
                min: min.map(|v| v.to_string()),
                max: max.map(|v| v.to_string()),
            };
            self.push(param, rule, value.to_string());
        }
    }

    /// Inclusive numeric range for floats; NaN is always out of range.
    pub fn range_float(
        &mut self,
        param: &'static str,
        value: f64,
        min: Option<f64>,
        max: Option<f64>,
    ) {
        let below = min.is_some_and(|lo| value < lo);
        let above = max.is_some_and(|hi| value > hi);
        if below || above || value.is_nan() {
            let rule = Rule::Range {
                min: min.map(|v| v.to_string()),
                max: max.map(|v| v.to_string()),
            };
            self.push(param, rule, value.to_string());
        }
    }

    /// String length in characters.
    pub fn length(&mut self, param: &'static str, value: &str, min: Option<u64>, max: Option<u64>) {
        let len = value.chars().count() as u64;
        if min.is_some_and(|lo| len < lo) || max.is_some_and(|hi| len > hi) {
            self.push(
                param,
                Rule::Length { min, max },
                format!("{value:?} ({len} characters)"),
            );
        }
    }

    /// Number of items of a list.
    pub fn items(&mut self, param: &'static str, len: usize, min: Option<u64>, max: Option<u64>) {
        let len = len as u64;
        if min.is_some_and(|lo| len < lo) || max.is_some_and(|hi| len > hi) {
            self.push(param, Rule::Items { min, max }, format!("{len} items"));
        }
    }

    /// Membership in a fixed set of values, compared by their wire form.
    pub fn one_of(&mut self, param: &'static str, value: &str, allowed: &[&str]) {
        if !allowed.contains(&value) {
            let rule = Rule::OneOf {
                allowed: allowed.iter().map(|s| s.to_string()).collect(),
            };
            self.push(param, rule, value.to_string());
        }
    }

    /// Order and maximum/minimum span between two instants, each with the wire format it is
    /// shown in. `condition` describes when the maximum applies (for messages); the caller
    /// only invokes this when it does. With `end_inclusive` (date ranges) the end counts in
    /// full: the period is measured to the day after it.
    #[allow(clippy::too_many_arguments)]
    pub fn span(
        &mut self,
        (start_param, start, start_format): (&'static str, OffsetDateTime, &TimeFormat),
        (end_param, end, end_format): (&'static str, OffsetDateTime, &TimeFormat),
        min: Option<Duration>,
        max: Option<Duration>,
        condition: Option<&'static str>,
        end_inclusive: bool,
    ) {
        // Shown only in a message: a request within its limits formats no time here.
        let shown = || (start_format.show(start), end_format.show(end));
        if end < start {
            let (start_shown, end_shown) = shown();
            let rule = Rule::Order {
                start: start_param,
                end: end_param,
            };
            self.push(
                end_param,
                rule,
                format!("{end_shown} (start {start_shown})"),
            );
            return;
        }
        let span = if end_inclusive {
            end + Duration::DAY - start
        } else {
            end - start
        };
        if let Some(max) = max.filter(|max| span > *max) {
            let (start, end) = shown();
            let rule = Rule::MaxSpan {
                start: start_param,
                end: end_param,
                max,
                condition,
            };
            self.push(
                end_param,
                rule,
                format!("{start} .. {end} ({})", human(span)),
            );
        }
        if let Some(min) = min.filter(|min| span < *min) {
            let (start, end) = shown();
            let rule = Rule::MinSpan {
                start: start_param,
                end: end_param,
                min,
            };
            self.push(
                end_param,
                rule,
                format!("{start} .. {end} ({})", human(span)),
            );
        }
    }

    /// Only the order of two instants (when every span limit on them is conditional and
    /// none applies, the end must still not precede the start).
    pub fn order(
        &mut self,
        (start_param, start, start_format): (&'static str, OffsetDateTime, &TimeFormat),
        (end_param, end, end_format): (&'static str, OffsetDateTime, &TimeFormat),
    ) {
        if end < start {
            let rule = Rule::Order {
                start: start_param,
                end: end_param,
            };
            let value = format!(
                "{} (start {})",
                end_format.show(end),
                start_format.show(start)
            );
            self.push(end_param, rule, value);
        }
    }

    /// How far back a time may lie, relative to `now`.
    pub fn lookback(
        &mut self,
        (param, value, format): (&'static str, OffsetDateTime, &TimeFormat),
        now: OffsetDateTime,
        max: Duration,
    ) {
        let earliest = now - max;
        if value < earliest {
            let rule = Rule::Lookback {
                max,
                earliest,
                earliest_shown: format.show(earliest),
            };
            self.push(param, rule, format.show(value));
        }
    }

    /// Region pin.
    pub fn region(&mut self, region: Option<&str>, allowed: &'static [&'static str]) {
        match region {
            Some(region) if allowed.contains(&region) => {}
            other => self.push(
                "Region",
                Rule::Region { allowed },
                other.unwrap_or("(none)").to_string(),
            ),
        }
    }

    /// An item of a list joined with `separator` on the wire must not contain it.
    pub fn no_separator(&mut self, param: &'static str, item: &str, separator: char) {
        if item.contains(separator) {
            self.push(param, Rule::Separator { separator }, format!("{item:?}"));
        }
    }

    /// Records a value that cannot be written in its wire format.
    pub fn unrepresentable(&mut self, param: &'static str, format: &'static str, value: String) {
        self.push(param, Rule::Format { format }, value);
    }

    pub fn finish(self) -> Result<(), ValidationErrors> {
        if self.violations.is_empty() {
            Ok(())
        } else {
            Err(ValidationErrors {
                action: self.action,
                violations: self.violations,
            })
        }
    }
}

/// The instant a date starts, in UTC, so date ranges can be measured like time ranges.
pub fn date_start(date: Date) -> OffsetDateTime {
    date.with_time(Time::MIDNIGHT).assume_utc()
}

/// The instant after a date ends, in UTC: the end of an inclusive date range.
pub fn date_end_inclusive(date: Date) -> OffsetDateTime {
    date_start(date) + Duration::DAY
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    static F: TimeFormat =
        TimeFormat::new("[year]-[month]-[day]T[hour]:[minute]:[second]Z", Some(0));

    #[test]
    fn span_reports_order_max_and_min() {
        let start = datetime!(2024-01-01 0:00 UTC);
        let mut v = Validator::new("X");
        v.span(
            ("S", start, &F),
            ("E", start - Duration::SECOND, &F),
            None,
            None,
            None,
            false,
        );
        v.span(
            ("S", start, &F),
            ("E", start + Duration::days(8), &F),
            None,
            Some(Duration::days(7)),
            Some("Interval = Hour"),
            false,
        );
        v.span(
            ("S", start, &F),
            ("E", start + Duration::minutes(4), &F),
            Some(Duration::minutes(5)),
            None,
            None,
            false,
        );
        v.span(
            ("S", start, &F),
            ("E", start + Duration::days(7), &F),
            Some(Duration::minutes(5)),
            Some(Duration::days(7)),
            None,
            false,
        );
        let errors = v.finish().unwrap_err();
        let rules: Vec<_> = errors
            .violations
            .iter()
            .map(|v| v.rule.to_string())
            .collect();
        assert_eq!(
            rules,
            [
                "E must not be before S",
                "S..E must span at most 7d when Interval = Hour",
                "S..E must span at least 5m",
            ]
        );
    }

    #[test]
    fn ranges_are_inclusive() {
        let mut v = Validator::new("X");
        v.range_int("P", 1, Some(1), Some(1000));
        v.range_int("P", 1000, Some(1), Some(1000));
        assert!(v.finish().is_ok());
        let mut v = Validator::new("X");
        v.range_int("P", 0, Some(1), Some(1000));
        v.range_int("P", 1001, Some(1), Some(1000));
        v.range_float("F", f64::NAN, Some(0.0), None);
        assert_eq!(v.finish().unwrap_err().violations.len(), 3);
    }

    #[test]
    fn lookback_is_measured_from_now() {
        let now = datetime!(2024-06-01 0:00 UTC);
        let mut v = Validator::new("X");
        v.lookback(("S", now - Duration::days(90), &F), now, Duration::days(90));
        assert!(v.finish().is_ok());
        let mut v = Validator::new("X");
        v.lookback(
            ("S", now - Duration::days(90) - Duration::SECOND, &F),
            now,
            Duration::days(90),
        );
        let err = v.finish().unwrap_err();
        assert!(err.to_string().contains("within the last 90d"), "{err}");
        // Times are shown in the parameter's wire format, not as `time` debug-prints them.
        assert_eq!(
            err.violations[0].to_string(),
            "S = 2024-03-02T23:59:59Z: must be within the last 90d (not before 2024-03-03T00:00:00Z)"
        );
    }

    #[test]
    fn region_pin_names_the_allowed_regions() {
        let mut v = Validator::new("X");
        v.region(Some("ap-guangzhou"), &["ap-guangzhou"]);
        assert!(v.finish().is_ok());
        let mut v = Validator::new("X");
        v.region(Some("ap-beijing"), &["ap-guangzhou"]);
        v.region(None, &["ap-guangzhou"]);
        let err = v.finish().unwrap_err();
        assert_eq!(err.violations.len(), 2);
        assert_eq!(
            err.violations[0].to_string(),
            "Region = ap-beijing: this API only serves region(s) ap-guangzhou"
        );
    }
}
