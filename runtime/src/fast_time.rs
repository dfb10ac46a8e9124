//! A fixed-width writer and reader for the time format descriptions made only of numeric
//! components with their default modifiers (`[year]`, `[month]`, `[day]`, `[hour]`,
//! `[minute]`, `[second]`, `[offset_hour sign:mandatory]`, `[offset_minute]`) and plain
//! literals: what every spec uses so far. It gives exactly what the `time` crate gives for
//! them (a test checks both on many values) at a fraction of the cost, which was a seventh
//! of a whole request; any other description, and any value it does not cover (a year
//! outside 0..=9999), goes to `time` as before.

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece {
    Literal(Box<str>),
    Year,
    Month,
    Day,
    Hour,
    Minute,
    Second,
    OffsetHour,
    OffsetMinute,
}

/// The pieces of `description`, or `None` when it uses anything else.
pub(crate) fn compile(description: &str) -> Option<Vec<Piece>> {
    let mut pieces = Vec::new();
    let mut rest = description;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('[') {
            let end = after.find(']')?;
            let piece = match &after[..end] {
                "year" => Piece::Year,
                "month" => Piece::Month,
                "day" => Piece::Day,
                "hour" => Piece::Hour,
                "minute" => Piece::Minute,
                "second" => Piece::Second,
                "offset_hour sign:mandatory" => Piece::OffsetHour,
                "offset_minute" => Piece::OffsetMinute,
                _ => return None,
            };
            pieces.push(piece);
            rest = &after[end + 1..];
        } else {
            let end = rest.find(['[', '\\', ']']).unwrap_or(rest.len());
            if end == 0 {
                // An escape or a stray bracket: leave it to `time`.
                return None;
            }
            pieces.push(Piece::Literal(rest[..end].into()));
            rest = &rest[end..];
        }
    }
    Some(pieces)
}

/// Year, month (1-12) and day of `date`, from its day number with Hinnant's
/// `civil_from_days` (a few multiplications; `Date::to_calendar_date` searches the months).
fn civil(date: Date) -> (i32, u8, u8) {
    // Days since 0000-03-01 in the proleptic Gregorian calendar, in 400-year eras.
    let z = i64::from(date.to_julian_day()) - 1_721_120;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (i32::try_from(year).unwrap_or(i32::MAX), month, day)
}

/// The two digits of `v` (below 100).
fn two(v: u8) -> [u8; 2] {
    [b'0' + v / 10 % 10, b'0' + v % 10]
}

/// Where each field's digits go in `Digits::of`'s array.
const YEAR: u8 = 0;
const MONTH: u8 = 4;
const DAY: u8 = 6;
const HOUR: u8 = 8;
const MINUTE: u8 = 10;
const SECOND: u8 = 12;
const OFFSET_SIGN: u8 = 14;
const OFFSET_HOUR: u8 = 15;
const OFFSET_MINUTE: u8 = 17;
/// How many bytes every field together takes.
const FIELDS: usize = 19;

/// A description laid out as the text it writes: its literals in place, the fields' places
/// blank, and for each blank which digit of the value goes there. Writing a value is then a
/// copy of the text and one store per digit, with no branch on the kind of piece (a `match`
/// per piece was an indirect jump each, mispredicted often enough to be most of the cost
/// of writing a time).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Layout {
    text: Box<[u8]>,
    /// (place in `text`, index into the value's digits).
    slots: Box<[(u16, u8)]>,
    /// Whether a piece needs the time of day, resp. the offset (dates have neither).
    time: bool,
    offset: bool,
}

impl Layout {
    /// The layout of `pieces`; `None` for a text too long to index (no spec comes near).
    pub(crate) fn of(pieces: &[Piece]) -> Option<Layout> {
        let mut text = Vec::new();
        let mut slots = Vec::new();
        let (mut time, mut offset) = (false, false);
        for piece in pieces {
            let (first, width) = match piece {
                Piece::Literal(literal) => {
                    text.extend_from_slice(literal.as_bytes());
                    continue;
                }
                Piece::Year => (YEAR, 4),
                Piece::Month => (MONTH, 2),
                Piece::Day => (DAY, 2),
                Piece::Hour => (HOUR, 2),
                Piece::Minute => (MINUTE, 2),
                Piece::Second => (SECOND, 2),
                Piece::OffsetHour => (OFFSET_SIGN, 3),
                Piece::OffsetMinute => (OFFSET_MINUTE, 2),
            };
            time |= matches!(piece, Piece::Hour | Piece::Minute | Piece::Second);
            offset |= matches!(piece, Piece::OffsetHour | Piece::OffsetMinute);
            for digit in first..first + width {
                slots.push((u16::try_from(text.len()).ok()?, digit));
                text.push(b'0');
            }
        }
        Some(Layout {
            text: text.into(),
            slots: slots.into(),
            time,
            offset,
        })
    }
}

/// `local` written with `layout`; `None` when the year is not four digits or the layout
/// needs a time or an offset the value does not have (dates).
pub(crate) fn write(
    layout: &Layout,
    date: Date,
    time: Option<Time>,
    offset: Option<UtcOffset>,
) -> Option<String> {
    if (layout.time && time.is_none()) || (layout.offset && offset.is_none()) {
        return None;
    }
    // Every field computed once (a `Date` keeps its day of the year, so month and day are
    // a calendar computation each), in one array the slots index.
    let (year, month, day) = civil(date);
    let year = u16::try_from(year).ok().filter(|y| *y <= 9999)?;
    let mut digits = [b'0'; FIELDS];
    let mut put = |at: u8, pair: [u8; 2]| {
        if let Some(slot) = digits.get_mut(usize::from(at)..usize::from(at) + 2) {
            slot.copy_from_slice(&pair);
        }
    };
    put(YEAR, two((year / 100) as u8));
    put(YEAR + 2, two((year % 100) as u8));
    put(MONTH, two(month));
    put(DAY, two(day));
    if let Some(t) = time {
        let (h, m, s) = t.as_hms();
        put(HOUR, two(h));
        put(MINUTE, two(m));
        put(SECOND, two(s));
    }
    if let Some(o) = offset {
        put(OFFSET_HOUR, two(o.whole_hours().unsigned_abs()));
        put(OFFSET_MINUTE, two(o.minutes_past_hour().unsigned_abs()));
    }
    let sign = if offset.is_some_and(UtcOffset::is_negative) {
        b'-'
    } else {
        b'+'
    };
    if let Some(slot) = digits.get_mut(usize::from(OFFSET_SIGN)) {
        *slot = sign;
    }
    let mut out = layout.text.to_vec();
    for &(at, digit) in &layout.slots {
        if let (Some(slot), Some(&d)) =
            (out.get_mut(usize::from(at)), digits.get(usize::from(digit)))
        {
            *slot = d;
        }
    }
    String::from_utf8(out).ok()
}

#[derive(Debug, Default)]
struct Fields {
    year: Option<i32>,
    month: Option<u8>,
    day: Option<u8>,
    hour: Option<u8>,
    minute: Option<u8>,
    second: Option<u8>,
    offset_sign: i8,
    offset_hour: Option<u8>,
    offset_minute: Option<u8>,
}

fn digits(text: &mut &[u8], n: usize) -> Option<u32> {
    let (head, tail) = (text.get(..n)?, text.get(n..)?);
    let mut value = 0u32;
    for &b in head {
        if !b.is_ascii_digit() {
            return None;
        }
        value = value * 10 + u32::from(b - b'0');
    }
    *text = tail;
    Some(value)
}

fn read(pieces: &[Piece], text: &str) -> Option<Fields> {
    let mut rest = text.as_bytes();
    let mut f = Fields {
        offset_sign: 1,
        ..Fields::default()
    };
    for piece in pieces {
        match piece {
            Piece::Literal(lit) => rest = rest.strip_prefix(lit.as_bytes())?,
            Piece::Year => f.year = Some(i32::try_from(digits(&mut rest, 4)?).ok()?),
            Piece::Month => f.month = Some(digits(&mut rest, 2)? as u8),
            Piece::Day => f.day = Some(digits(&mut rest, 2)? as u8),
            Piece::Hour => f.hour = Some(digits(&mut rest, 2)? as u8),
            Piece::Minute => f.minute = Some(digits(&mut rest, 2)? as u8),
            Piece::Second => f.second = Some(digits(&mut rest, 2)? as u8),
            Piece::OffsetHour => {
                let (&sign, tail) = rest.split_first()?;
                f.offset_sign = match sign {
                    b'+' => 1,
                    b'-' => -1,
                    _ => return None,
                };
                rest = tail;
                f.offset_hour = Some(digits(&mut rest, 2)? as u8);
            }
            Piece::OffsetMinute => f.offset_minute = Some(digits(&mut rest, 2)? as u8),
        }
    }
    rest.is_empty().then_some(f)
}

fn date_of(f: &Fields) -> Option<Date> {
    let month = Month::try_from(f.month?).ok()?;
    Date::from_calendar_date(f.year?, month, f.day?).ok()
}

/// Reads an instant; without an offset in the text it is read at `zone`. `None`: not this
/// shape (the caller asks `time`, which also reports the error).
pub(crate) fn read_datetime(
    pieces: &[Piece],
    text: &str,
    zone: UtcOffset,
) -> Option<OffsetDateTime> {
    let f = read(pieces, text)?;
    let time = Time::from_hms(f.hour?, f.minute?, f.second?).ok()?;
    let local = PrimitiveDateTime::new(date_of(&f)?, time);
    let offset = match (f.offset_hour, f.offset_minute) {
        (None, None) => zone,
        (Some(h), m) => {
            let sign = f.offset_sign;
            UtcOffset::from_hms(sign * h as i8, sign * m.unwrap_or(0) as i8, 0).ok()?
        }
        (None, Some(_)) => return None,
    };
    Some(local.assume_offset(offset))
}

/// Reads a date (a description with time pieces is not a date's).
pub(crate) fn read_date(pieces: &[Piece], text: &str) -> Option<Date> {
    let f = read(pieces, text)?;
    if f.hour.is_some() || f.minute.is_some() || f.second.is_some() || f.offset_hour.is_some() {
        return None;
    }
    date_of(&f)
}

#[cfg(test)]
mod tests {
    use time::{Date, Duration, Month};

    #[test]
    fn civil_dates_are_the_calendar_ones() {
        let mut date = Date::from_calendar_date(-1, Month::January, 1).unwrap();
        let end = Date::from_calendar_date(2500, Month::December, 31).unwrap();
        while date <= end {
            let (y, m, d) = date.to_calendar_date();
            assert_eq!(super::civil(date), (y, u8::from(m), d), "{date}");
            date += Duration::days(1);
        }
    }
}
