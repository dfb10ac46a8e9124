//! Splitting a period into the fewest windows one request each may ask for.
//!
//! Pure: no clock, no I/O. The limits come from the spec, evaluated for one request by
//! generated code ([`RangeLimits`]); the planner only knows time.
//!
//! Internally every window is a half-open interval of instants `[a, b)`. A window's
//! parameters are `start = a` and `end = b - unit` when the API counts its end as included
//! (a date range `d1..=d2`, or the last bucket of a datetime range), else `end = b`. Seams are
//! grid points (multiples of the bucket length from midnight in the API's time zone), so no
//! bucket is split between two windows or counted by both.

use std::fmt;

use time::{Duration, OffsetDateTime, UtcOffset};

/// The documented limits that shape one request's period, evaluated for that request
/// (conditional spans and granularity resolved against its effective parameters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RangeLimits {
    /// Shortest period one request may ask for (as `validate()` measures it).
    pub min_span: Option<Duration>,
    /// Longest period one request may ask for (as `validate()` measures it).
    pub max_span: Option<Duration>,
    /// Whether the end parameter is included in the period.
    pub end_inclusive: bool,
    /// Whether the parameters are dates (whole days) rather than datetimes (seconds).
    pub date_only: bool,
    /// Length of one bucket of data (the granularity), when the spec gives it.
    pub bucket: Option<Duration>,
    /// The time zone whose midnight buckets are counted from (the parameters' UTC offset).
    pub offset: UtcOffset,
    /// How far back the start may lie, against the current time.
    pub start_lookback: Option<Duration>,
    /// How far back the end may lie, against the current time.
    pub end_lookback: Option<Duration>,
    /// How long after the fact data is complete (the documented delay).
    pub freshness: Option<Duration>,
}

impl RangeLimits {
    /// No limit yet: seconds precision, exclusive end, UTC.
    pub const fn new(date_only: bool) -> Self {
        RangeLimits {
            min_span: None,
            max_span: None,
            end_inclusive: false,
            date_only,
            bucket: None,
            offset: UtcOffset::UTC,
            start_lookback: None,
            end_lookback: None,
            freshness: None,
        }
    }

    /// Adds a span limit: the tightest of all applicable limits wins.
    pub fn span(&mut self, min: Option<Duration>, max: Option<Duration>) {
        if let Some(min) = min {
            self.min_span = Some(self.min_span.map_or(min, |m| m.max(min)));
        }
        if let Some(max) = max {
            self.max_span = Some(self.max_span.map_or(max, |m| m.min(max)));
        }
    }

    /// Adds a lookback limit on the start: the tightest wins.
    pub fn start_within(&mut self, max: Duration) {
        self.start_lookback = Some(self.start_lookback.map_or(max, |m| m.min(max)));
    }

    /// Adds a lookback limit on the end: the tightest wins.
    pub fn end_within(&mut self, max: Duration) {
        self.end_lookback = Some(self.end_lookback.map_or(max, |m| m.min(max)));
    }

    /// The smallest step of the parameters' wire format.
    fn precision(&self) -> Duration {
        if self.date_only {
            Duration::DAY
        } else {
            Duration::SECOND
        }
    }

    /// The grid seams fall on: the bucket, else the wire precision.
    fn grid(&self) -> Duration {
        match self.bucket {
            Some(b) if b >= self.precision() => b,
            _ => self.precision(),
        }
    }

    /// What an inclusive end adds to reach the next window's start.
    fn end_unit(&self) -> Duration {
        if !self.end_inclusive {
            Duration::ZERO
        } else if self.date_only {
            Duration::DAY
        } else {
            self.grid()
        }
    }

    /// `validate()` measures a date span from the start of the first day to the end of the
    /// last (so `b - a`), and a datetime span between the two parameters (`b - a - unit`).
    fn measured_slack(&self) -> Duration {
        if self.date_only {
            Duration::ZERO
        } else {
            self.end_unit()
        }
    }
}

/// One request's period: the values its start and end parameters take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Window {
    pub start: OffsetDateTime,
    pub end: OffsetDateTime,
}

impl fmt::Display for Window {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} .. {}", self.start, self.end)
    }
}

/// What to do with a part of the period the API cannot serve (before the lookback window,
/// or newer than its data).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OutOfReach {
    /// Leave that part out, with a warning (`tracing` and [`Plan::clipped`]).
    #[default]
    Clip,
    /// Fail before anything is sent.
    Fail,
}

/// How the period was changed to fit the API, said once per plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clip {
    /// The start moved forward to the earliest time the API still serves.
    Lookback {
        requested: OffsetDateTime,
        start: OffsetDateTime,
    },
    /// The end moved back to the newest time whose data is complete.
    Freshness {
        requested: OffsetDateTime,
        end: OffsetDateTime,
    },
}

impl fmt::Display for Clip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Clip::Lookback { requested, start } => write!(
                f,
                "start {requested} is beyond the API's lookback window; starting at {start}"
            ),
            Clip::Freshness { requested, end } => write!(
                f,
                "data after {end} is not complete yet; ending there instead of at {requested}"
            ),
        }
    }
}

/// The windows a period is split into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub windows: Vec<Window>,
    /// How the period was clipped to fit the API (empty when it fitted).
    pub clipped: Vec<Clip>,
}

/// A period that cannot be queried as asked; nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("the period ends ({end}) before it starts ({start})")]
    EndBeforeStart {
        start: OffsetDateTime,
        end: OffsetDateTime,
    },
    #[error("the period {start} .. {end} is shorter than the API's minimum span of {min}")]
    TooShort {
        start: OffsetDateTime,
        end: OffsetDateTime,
        min: Duration,
    },
    #[error("{param} {value} is beyond the API's lookback window (earliest: {earliest})")]
    BeyondLookback {
        param: &'static str,
        value: OffsetDateTime,
        earliest: OffsetDateTime,
    },
    #[error("the period ends ({end}) after the newest complete data ({settled})")]
    NotSettled {
        end: OffsetDateTime,
        settled: OffsetDateTime,
    },
}

/// How far inside the lookback window a clipped start is put: the windows are sent over
/// the following seconds or minutes, while the server's window keeps moving.
pub const LOOKBACK_MARGIN: Duration = Duration::minutes(5);

/// Splits `period` (the start and end parameters as the caller set them) into the fewest
/// windows that satisfy `limits` at time `now`.
pub fn plan(
    period: Window,
    limits: &RangeLimits,
    now: OffsetDateTime,
    out_of_reach: OutOfReach,
) -> Result<Plan, PlanError> {
    let unit = limits.end_unit();
    let mut a = floor(period.start, limits.precision(), limits.offset);
    let end_param = floor(period.end, limits.precision(), limits.offset);
    if end_param < a {
        return Err(PlanError::EndBeforeStart {
            start: period.start,
            end: period.end,
        });
    }
    let mut b = end_param + unit;
    let mut clipped = Vec::new();

    if let Some(max) = limits.end_lookback {
        let earliest = now - max;
        if end_param < earliest {
            return Err(PlanError::BeyondLookback {
                param: "end",
                value: end_param,
                earliest,
            });
        }
    }
    if let Some(max) = limits.start_lookback {
        let earliest = now - max;
        if a < earliest {
            let start = ceil(earliest + LOOKBACK_MARGIN, limits.grid(), limits.offset);
            // With an inclusive end, the end parameter is the last bucket asked for: a start
            // moved past it leaves nothing to ask.
            if out_of_reach == OutOfReach::Fail || start >= b || start > b - unit {
                return Err(PlanError::BeyondLookback {
                    param: "start",
                    value: a,
                    earliest,
                });
            }
            clipped.push(Clip::Lookback {
                requested: a,
                start,
            });
            a = start;
        }
    }
    if let Some(delay) = limits.freshness {
        let settled = floor(now - delay, limits.precision(), limits.offset);
        if end_param > settled {
            if out_of_reach == OutOfReach::Fail || settled < a {
                return Err(PlanError::NotSettled {
                    end: end_param,
                    settled,
                });
            }
            clipped.push(Clip::Freshness {
                requested: end_param,
                end: settled,
            });
            b = settled + unit;
        }
    }

    let bounds = split(a, b, limits).ok_or(PlanError::TooShort {
        start: a,
        end: b - unit,
        min: limits.min_span.unwrap_or(Duration::ZERO),
    })?;
    let windows = bounds
        .into_iter()
        .map(|(a, b)| Window {
            start: a,
            end: b - unit,
        })
        .collect();
    Ok(Plan { windows, clipped })
}

/// The half-open windows covering `[a, b)`: greedy from the start, each as long as the
/// maximum allows and ending on a grid point (the fewest windows such seams allow), then the
/// last seam moved back if the last window is shorter than the minimum.
fn split(
    a: OffsetDateTime,
    b: OffsetDateTime,
    limits: &RangeLimits,
) -> Option<Vec<(OffsetDateTime, OffsetDateTime)>> {
    let slack = limits.measured_slack();
    let grid = limits.grid();
    let max = limits.max_span.map(|m| m + slack);
    let min = limits.min_span.map(|m| m + slack);
    let mut windows = Vec::new();
    let mut from = a;
    loop {
        match max {
            Some(max) if b - from > max => {
                let limit = from + max;
                let mut seam = floor(limit, grid, limits.offset);
                // With an inclusive end the last window must still hold the bucket its end
                // parameter names: no seam after it.
                let last_bucket = floor(b - limits.end_unit(), grid, limits.offset);
                if seam > last_bucket && last_bucket > from {
                    seam = last_bucket;
                }
                if seam <= from {
                    // A bucket longer than the maximum span: no aligned seam fits.
                    seam = limit;
                }
                windows.push((from, seam));
                from = seam;
            }
            _ => {
                windows.push((from, b));
                break;
            }
        }
    }
    if let Some(min) = min {
        let n = windows.len();
        if windows[n - 1].1 - windows[n - 1].0 < min {
            if n == 1 {
                return None;
            }
            let previous_start = windows[n - 2].0;
            let mut seam = floor(b - min, grid, limits.offset);
            if seam - previous_start < min {
                seam = b - min;
            }
            if seam - previous_start < min || max.is_some_and(|max| b - seam > max) {
                return None;
            }
            windows[n - 2].1 = seam;
            windows[n - 1].0 = seam;
        }
    }
    Some(windows)
}

/// The latest grid point at or before `t`: multiples of `step` from midnight at `offset`.
fn floor(t: OffsetDateTime, step: Duration, offset: UtcOffset) -> OffsetDateTime {
    let step_ns = step.whole_nanoseconds().max(1);
    let origin = i128::from(offset.whole_seconds()) * 1_000_000_000;
    let local = t.unix_timestamp_nanos() + origin;
    let floored = local - local.rem_euclid(step_ns) - origin;
    OffsetDateTime::from_unix_timestamp_nanos(floored)
        .map(|u| u.to_offset(t.offset()))
        .unwrap_or(t)
}

/// The earliest grid point at or after `t`.
fn ceil(t: OffsetDateTime, step: Duration, offset: UtcOffset) -> OffsetDateTime {
    let f = floor(t, step, offset);
    if f == t {
        t
    } else {
        f + step
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{datetime, offset};

    fn hourly(max_days: i64) -> RangeLimits {
        let mut l = RangeLimits::new(false);
        l.span(None, Some(Duration::days(max_days)));
        l.bucket = Some(Duration::HOUR);
        l.offset = offset!(+8);
        l
    }

    #[test]
    fn a_period_within_the_maximum_is_one_window() {
        let w = Window {
            start: datetime!(2024-01-01 0:00 +8),
            end: datetime!(2024-01-03 0:00 +8),
        };
        let p = plan(
            w,
            &hourly(7),
            datetime!(2024-02-01 0:00 UTC),
            OutOfReach::Clip,
        )
        .unwrap();
        assert_eq!(p.windows, [w]);
        assert!(p.clipped.is_empty());
    }

    #[test]
    fn seams_fall_on_buckets_in_the_apis_time_zone() {
        let w = Window {
            start: datetime!(2024-01-01 0:30 +8),
            end: datetime!(2024-01-20 0:00 +8),
        };
        let p = plan(
            w,
            &hourly(7),
            datetime!(2024-02-01 0:00 UTC),
            OutOfReach::Clip,
        )
        .unwrap();
        assert_eq!(p.windows.len(), 3);
        assert_eq!(p.windows[0].start, w.start);
        assert_eq!(p.windows[0].end, datetime!(2024-01-08 0:00 +8));
        assert_eq!(p.windows[1].start, datetime!(2024-01-08 0:00 +8));
        assert_eq!(p.windows[2].end, w.end);
    }

    #[test]
    fn inclusive_dates_do_not_repeat_the_seam_day() {
        let mut l = RangeLimits::new(true);
        l.span(None, Some(Duration::days(31)));
        l.end_inclusive = true;
        let w = Window {
            start: datetime!(2024-01-01 0:00 UTC),
            end: datetime!(2024-03-01 0:00 UTC),
        };
        let p = plan(w, &l, datetime!(2024-06-01 0:00 UTC), OutOfReach::Clip).unwrap();
        assert_eq!(
            p.windows,
            [
                Window {
                    start: datetime!(2024-01-01 0:00 UTC),
                    end: datetime!(2024-01-31 0:00 UTC)
                },
                Window {
                    start: datetime!(2024-02-01 0:00 UTC),
                    end: datetime!(2024-03-01 0:00 UTC)
                },
            ]
        );
    }

    #[test]
    fn a_short_last_window_borrows_from_the_one_before() {
        let mut l = RangeLimits::new(false);
        l.span(Some(Duration::minutes(5)), Some(Duration::days(31)));
        let w = Window {
            start: datetime!(2024-01-01 0:00 UTC),
            end: datetime!(2024-02-01 0:02 UTC),
        };
        let p = plan(w, &l, datetime!(2024-03-01 0:00 UTC), OutOfReach::Clip).unwrap();
        assert_eq!(p.windows.len(), 2);
        assert_eq!(p.windows[1].end - p.windows[1].start, Duration::minutes(5));
        assert_eq!(p.windows[0].end, p.windows[1].start);
    }

    #[test]
    fn lookback_clips_or_fails() {
        let mut l = hourly(90);
        l.start_lookback = Some(Duration::days(365));
        let now = datetime!(2025-06-01 0:00 UTC);
        let w = Window {
            start: datetime!(2024-01-01 0:00 +8),
            end: datetime!(2025-01-01 0:00 +8),
        };
        let p = plan(w, &l, now, OutOfReach::Clip).unwrap();
        let earliest = now - Duration::days(365);
        assert!(p.windows[0].start >= earliest + LOOKBACK_MARGIN);
        assert!(matches!(p.clipped[..], [Clip::Lookback { .. }]));
        assert!(matches!(
            plan(w, &l, now, OutOfReach::Fail),
            Err(PlanError::BeyondLookback { param: "start", .. })
        ));
    }

    #[test]
    fn freshness_clips_the_end() {
        let mut l = RangeLimits::new(false);
        l.freshness = Some(Duration::minutes(20));
        let now = datetime!(2024-01-02 0:00 UTC);
        let w = Window {
            start: datetime!(2024-01-01 0:00 UTC),
            end: now,
        };
        let p = plan(w, &l, now, OutOfReach::Clip).unwrap();
        assert_eq!(p.windows[0].end, now - Duration::minutes(20));
    }

    #[test]
    fn impossible_periods_are_refused() {
        let mut l = RangeLimits::new(false);
        l.span(Some(Duration::minutes(5)), None);
        let now = datetime!(2024-03-01 0:00 UTC);
        let start = datetime!(2024-01-01 0:00 UTC);
        let short = Window {
            start,
            end: start + Duration::minutes(2),
        };
        assert!(matches!(
            plan(short, &l, now, OutOfReach::Clip),
            Err(PlanError::TooShort { .. })
        ));
        let reversed = Window {
            start,
            end: start - Duration::HOUR,
        };
        assert!(matches!(
            plan(reversed, &l, now, OutOfReach::Clip),
            Err(PlanError::EndBeforeStart { .. })
        ));
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;
    use time::macros::datetime;

    fn limits() -> impl Strategy<Value = RangeLimits> {
        (
            any::<bool>(),
            prop::option::of(1i64..=100),
            prop::option::of(0i64..=30 * 24 * 60),
            any::<bool>(),
            prop::option::of(prop::sample::select(vec![60i64, 300, 3600, 86400])),
            -12i32..=14,
            prop::option::of(1i64..=400),
            prop::option::of(0i64..=120),
        )
            .prop_map(
                |(
                    date_only,
                    max_days,
                    min_minutes,
                    inclusive,
                    bucket,
                    offset_hours,
                    lookback,
                    fresh,
                )| {
                    let mut l = RangeLimits::new(date_only);
                    let max = max_days.map(Duration::days);
                    // A minimum is only documented below the maximum.
                    let min = min_minutes
                        .map(Duration::minutes)
                        .filter(|m| max.is_none_or(|max| *m * 2 <= max));
                    l.span(min, max);
                    l.end_inclusive = inclusive;
                    l.bucket = bucket.map(Duration::seconds);
                    if !date_only {
                        l.offset =
                            UtcOffset::from_hms(offset_hours as i8, 0, 0).unwrap_or(UtcOffset::UTC);
                    }
                    l.start_lookback = lookback.map(Duration::days);
                    l.freshness = fresh.map(Duration::minutes);
                    l
                },
            )
    }

    proptest! {
        /// The windows cover the (clipped) period exactly, in order, without overlap; each
        /// obeys every limit as `validate()` measures it; seams are on the grid; and there are
        /// no more windows than the grid forces.
        #[test]
        fn windows_cover_the_period_exactly_and_obey_every_limit(
            l in limits(),
            start_offset in 0i64..=800 * 86400,
            length in 0i64..=800 * 86400,
        ) {
            let now = datetime!(2026-01-01 0:00 UTC);
            let mut start = now - Duration::seconds(start_offset);
            let mut end = start + Duration::seconds(length);
            if l.date_only {
                start = start.replace_time(time::Time::MIDNIGHT);
                end = end.replace_time(time::Time::MIDNIGHT);
            }
            let Ok(p) = plan(Window { start, end }, &l, now, OutOfReach::Clip) else {
                return Ok(());
            };
            let unit = l.end_unit();
            let first = p.windows.first().unwrap();
            let last = p.windows.last().unwrap();
            let expected_start = match p.clipped.iter().find_map(|c| match c { Clip::Lookback { start, .. } => Some(*start), _ => None }) {
                Some(s) => s,
                None => start,
            };
            let expected_end = match p.clipped.iter().find_map(|c| match c { Clip::Freshness { end, .. } => Some(*end), _ => None }) {
                Some(e) => e,
                None => end,
            };
            prop_assert_eq!(first.start, expected_start);
            prop_assert_eq!(last.end, expected_end);
            for pair in p.windows.windows(2) {
                prop_assert_eq!(pair[0].end + unit, pair[1].start, "gap or overlap");
                let seam = pair[1].start;
                if l.max_span.is_none_or(|m| m + l.measured_slack() >= l.grid()) {
                    prop_assert_eq!(floor(seam, l.grid(), l.offset), seam, "seam off the grid");
                }
            }
            for w in &p.windows {
                prop_assert!(w.end >= w.start);
                let measured = if l.date_only && l.end_inclusive { w.end + Duration::DAY - w.start } else { w.end - w.start };
                if let Some(max) = l.max_span { prop_assert!(measured <= max, "{} over {}", measured, max); }
                if let Some(min) = l.min_span { prop_assert!(measured >= min, "{} under {}", measured, min); }
                if let Some(back) = l.start_lookback { prop_assert!(w.start >= now - back); }
                if let Some(delay) = l.freshness { prop_assert!(w.end <= now - delay); }
            }
            if let Some(max) = l.max_span {
                let total = (last.end + unit) - first.start;
                let step = l.grid();
                let aligned = (max + l.measured_slack()).whole_seconds() / step.whole_seconds() * step.whole_seconds();
                if aligned > 0 {
                    let bound = (total.whole_seconds() + aligned - 1) / aligned + 1;
                    prop_assert!(p.windows.len() as i64 <= bound, "{} windows, at most {} needed", p.windows.len(), bound);
                }
            }
        }
    }
}

#[cfg(test)]
mod regressions {
    use super::*;
    use time::macros::{datetime, offset};

    /// Found by the property test: a lookback clip rounded up to a day bucket moved the start
    /// past an inclusive end inside that bucket, and the window ended before it started.
    #[test]
    fn a_clip_past_an_inclusive_end_is_refused() {
        let mut l = RangeLimits::new(false);
        l.span(None, Some(Duration::days(2)));
        l.end_inclusive = true;
        l.bucket = Some(Duration::DAY);
        l.offset = offset!(-1);
        l.start_lookback = Some(Duration::days(1));
        let now = datetime!(2026-01-01 0:00 UTC);
        let end = now - Duration::hours(20);
        let w = Window {
            start: end - Duration::days(3),
            end,
        };
        match plan(w, &l, now, OutOfReach::Clip) {
            Ok(p) => assert!(p.windows.iter().all(|w| w.end >= w.start), "{p:?}"),
            Err(e) => assert!(matches!(e, PlanError::BeyondLookback { .. }), "{e}"),
        }
    }
}
