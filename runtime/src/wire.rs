//! Putting values on the wire in each API's own format.
//!
//! Time formats come from the specs as `time` format descriptions; they are parsed once, on
//! first use, and cached in the generated `static` that holds them. The loader has already
//! checked each description, so a parse failure here can only come from a hand-edited
//! generated file; it is reported as an error, never a panic.

use std::sync::OnceLock;

use time::format_description::OwnedFormatItem;
use time::{Date, OffsetDateTime, PrimitiveDateTime, UtcOffset};

use crate::fast_time::{self, Layout, Piece};
use crate::operation::WireParams;

/// A wire time format: a `time` format description (version 1 syntax) and the UTC offset
/// values are converted to before they are written (`None` for dates).
#[derive(Debug)]
pub struct TimeFormat {
    description: &'static str,
    utc_offset_seconds: Option<i32>,
    parsed: OnceLock<Result<OwnedFormatItem, String>>,
    /// The description as fixed-width pieces and the text they lay out, when it is made
    /// only of those.
    fast: OnceLock<Option<(Vec<Piece>, Layout)>>,
}

/// Why a time could not be written or read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("time {value:?} does not fit the wire format {format:?}: {reason}")]
pub struct TimeFormatError {
    pub format: &'static str,
    pub value: String,
    pub reason: String,
}

/// Why a request parameter could not be put on the wire.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EncodeError {
    /// A time outside what its wire format can hold.
    #[error(transparent)]
    Time(#[from] TimeFormatError),
    /// A nested object that does not serialise to JSON (in practice: a time inside it that
    /// its wire format cannot hold). Never sent as `null`: the request is not made.
    #[error("parameter {param} cannot be encoded: {reason}")]
    Object { param: &'static str, reason: String },
}

/// A nested request object as JSON, for the body or a query parameter.
pub fn object_value<T: serde::Serialize>(
    param: &'static str,
    value: &T,
) -> Result<serde_json::Value, EncodeError> {
    serde_json::to_value(value).map_err(|e| EncodeError::Object {
        param,
        reason: e.to_string(),
    })
}

impl TimeFormat {
    pub const fn new(description: &'static str, utc_offset_seconds: Option<i32>) -> Self {
        TimeFormat {
            description,
            utc_offset_seconds,
            parsed: OnceLock::new(),
            fast: OnceLock::new(),
        }
    }

    fn fast(&self) -> Option<&(Vec<Piece>, Layout)> {
        self.fast
            .get_or_init(|| {
                let pieces = fast_time::compile(self.description)?;
                let layout = Layout::of(&pieces)?;
                Some((pieces, layout))
            })
            .as_ref()
    }

    fn pieces(&self) -> Option<&[Piece]> {
        self.fast().map(|(pieces, _)| pieces.as_slice())
    }

    fn layout(&self) -> Option<&Layout> {
        self.fast().map(|(_, layout)| layout)
    }

    /// The format description as written in the spec.
    pub fn description(&self) -> &'static str {
        self.description
    }

    /// Whether the format is a Unix timestamp and nothing else (`[unix_timestamp]`, with any
    /// modifiers): such a value is a number to the provider, so a JSON body carries it as a
    /// JSON number and a response may send one; a query or header carries its digits.
    pub fn is_unix_timestamp(&self) -> bool {
        let d = self.description.trim();
        d.starts_with("[unix_timestamp") && d.ends_with(']') && d.matches('[').count() == 1
    }

    /// The JSON form of `text`, a value written in this format: a number for a Unix
    /// timestamp, else a string.
    pub(crate) fn json_value(&self, text: String) -> serde_json::Value {
        // A description of fixed-width pieces is never a Unix timestamp: no need to look.
        if self.pieces().is_none() && self.is_unix_timestamp() {
            if let Ok(number) = text.parse::<i64>() {
                return serde_json::Value::from(number);
            }
        }
        serde_json::Value::String(text)
    }

    /// The zone values are written in (`None` for dates).
    pub fn utc_offset(&self) -> Option<UtcOffset> {
        self.utc_offset_seconds
            .and_then(|seconds| UtcOffset::from_whole_seconds(seconds).ok())
    }

    fn items(&self, value: &dyn std::fmt::Display) -> Result<&OwnedFormatItem, TimeFormatError> {
        self.parsed
            .get_or_init(|| {
                time::format_description::parse_owned::<1>(self.description)
                    .map_err(|e| e.to_string())
            })
            .as_ref()
            .map_err(|reason| self.error(value, reason.clone()))
    }

    fn error(&self, value: &dyn std::fmt::Display, reason: String) -> TimeFormatError {
        TimeFormatError {
            format: self.description,
            value: value.to_string(),
            reason,
        }
    }

    fn offset(&self) -> UtcOffset {
        self.utc_offset_seconds
            .and_then(|seconds| UtcOffset::from_whole_seconds(seconds).ok())
            .unwrap_or(UtcOffset::UTC)
    }

    /// Writes an instant in the API's zone and format.
    pub fn format_datetime(&self, value: OffsetDateTime) -> Result<String, TimeFormatError> {
        let local = value
            .checked_to_offset(self.offset())
            .ok_or_else(|| self.error(&value, "out of range in the API's time zone".into()))?;
        if let Some(text) = self.layout().and_then(|layout| {
            fast_time::write(
                layout,
                local.date(),
                Some(local.time()),
                Some(local.offset()),
            )
        }) {
            return Ok(text);
        }
        let items = self.items(&value)?;
        local
            .format(items)
            .map_err(|e| self.error(&value, e.to_string()))
    }

    /// Whether `value` can be written in the API's zone and format, without writing it:
    /// validation reports what encoding would fail on, and the time is formatted once per
    /// call, by encoding. (Formatting an instant fails only when it leaves the range of
    /// dates in the API's zone, or when the description is broken.)
    pub fn check_datetime(&self, value: OffsetDateTime) -> Result<(), TimeFormatError> {
        self.items(&value)?;
        value
            .checked_to_offset(self.offset())
            .map(|_| ())
            .ok_or_else(|| self.error(&value, "out of range in the API's time zone".into()))
    }

    /// Whether `value` can be written in the API's format (a date always can, with a
    /// well-formed description), without writing it.
    pub fn check_date(&self, value: Date) -> Result<(), TimeFormatError> {
        self.items(&value).map(|_| ())
    }

    /// An instant as a person reading a message about it wants it: in the API's wire format
    /// and zone (a date format shows its date), or as `time` writes it if the format cannot
    /// hold it.
    pub fn show(&self, value: OffsetDateTime) -> String {
        self.format_datetime(value)
            .unwrap_or_else(|_| value.to_string())
    }

    /// Writes a date in the API's format.
    pub fn format_date(&self, value: Date) -> Result<String, TimeFormatError> {
        if let Some(text) = self
            .layout()
            .and_then(|layout| fast_time::write(layout, value, None, None))
        {
            return Ok(text);
        }
        let items = self.items(&value)?;
        value
            .format(items)
            .map_err(|e| self.error(&value, e.to_string()))
    }

    /// Reads an instant; a format without an offset is read in the API's zone.
    pub fn parse_datetime(&self, text: &str) -> Result<OffsetDateTime, TimeFormatError> {
        if let Some(value) = self
            .pieces()
            .and_then(|pieces| fast_time::read_datetime(pieces, text, self.offset()))
        {
            return Ok(value);
        }
        let items = self.items(&text)?;
        OffsetDateTime::parse(text, items)
            .or_else(|_| {
                PrimitiveDateTime::parse(text, items).map(|t| t.assume_offset(self.offset()))
            })
            .map_err(|e| self.error(&text, e.to_string()))
    }

    /// Reads a date.
    pub fn parse_date(&self, text: &str) -> Result<Date, TimeFormatError> {
        if let Some(value) = self
            .pieces()
            .and_then(|pieces| fast_time::read_date(pieces, text))
        {
            return Ok(value);
        }
        let items = self.items(&text)?;
        Date::parse(text, items).map_err(|e| self.error(&text, e.to_string()))
    }
}

/// A time type with a wire form: instants (`OffsetDateTime`) and dates (`Date`).
pub trait WireTime: Copy {
    /// The value in `format`.
    fn write(self, format: &TimeFormat) -> Result<String, TimeFormatError>;
}

impl WireTime for OffsetDateTime {
    fn write(self, format: &TimeFormat) -> Result<String, TimeFormatError> {
        format.format_datetime(self)
    }
}

impl WireTime for Date {
    fn write(self, format: &TimeFormat) -> Result<String, TimeFormatError> {
        format.format_date(self)
    }
}

/// The writers generated `to_wire()` methods call, one per parameter: what is unset (`None`,
/// an empty list) is not sent, JSON values go to the body, text to the query or headers.
impl WireParams {
    /// A JSON body member (numbers, strings, enums, nested objects; a non-finite float is
    /// `null`). A nested object that cannot be written is an error naming the parameter.
    pub fn body<T: crate::json::ToJson + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), EncodeError> {
        let value = value.to_json().map_err(|e| EncodeError::Object {
            param: name,
            reason: e.to_string(),
        })?;
        self.body.insert(name, value);
        Ok(())
    }

    /// An optional body member.
    pub fn body_opt<T: crate::json::ToJson>(
        &mut self,
        name: &'static str,
        value: &Option<T>,
    ) -> Result<(), EncodeError> {
        match value {
            Some(value) => self.body(name, value),
            None => Ok(()),
        }
    }

    /// A list body member; an empty list is not sent.
    pub fn body_list<T: crate::json::ToJson>(
        &mut self,
        name: &'static str,
        values: &[T],
    ) -> Result<(), EncodeError> {
        if values.is_empty() {
            return Ok(());
        }
        self.body(name, values)
    }

    /// A time body member, in the API's format.
    pub fn body_time<T: WireTime>(
        &mut self,
        name: &'static str,
        format: &TimeFormat,
        value: &T,
    ) -> Result<(), EncodeError> {
        let text = value.write(format)?;
        self.body.insert(name, format.json_value(text));
        Ok(())
    }

    /// An optional time body member.
    pub fn body_time_opt<T: WireTime>(
        &mut self,
        name: &'static str,
        format: &TimeFormat,
        value: &Option<T>,
    ) -> Result<(), EncodeError> {
        match value {
            Some(value) => self.body_time(name, format, value),
            None => Ok(()),
        }
    }

    /// A list of times as a body member; an empty list is not sent.
    pub fn body_time_list<T: WireTime>(
        &mut self,
        name: &'static str,
        format: &TimeFormat,
        values: &[T],
    ) -> Result<(), EncodeError> {
        if values.is_empty() {
            return Ok(());
        }
        let items = values
            .iter()
            .map(|v| v.write(format).map(|text| format.json_value(text)))
            .collect::<Result<Vec<_>, _>>()?;
        self.body.insert(name, serde_json::Value::Array(items));
        Ok(())
    }

    /// A query parameter or header holding the value's text. (Every writer returns a
    /// `Result` and takes the value last, so that generated code calls them all alike.)
    pub fn text<T: std::fmt::Display + ?Sized>(
        &mut self,
        at: Place,
        name: &'static str,
        value: &T,
    ) -> Result<(), EncodeError> {
        self.place(at).push((name.to_string(), value.to_string()));
        Ok(())
    }

    /// An optional query parameter or header.
    pub fn text_opt<T: std::fmt::Display>(
        &mut self,
        at: Place,
        name: &'static str,
        value: &Option<T>,
    ) -> Result<(), EncodeError> {
        match value {
            Some(value) => self.text(at, name, value),
            None => Ok(()),
        }
    }

    /// A list as query parameters or a header, written as the spec says.
    pub fn text_list<T: std::fmt::Display>(
        &mut self,
        at: Place,
        name: &'static str,
        encoding: ListEncoding,
        values: &[T],
    ) -> Result<(), EncodeError> {
        if encoding == ListEncoding::Comma {
            // Written straight into the one value (what `encode_list` joins).
            if values.is_empty() {
                return Ok(());
            }
            let mut joined = String::new();
            for (i, value) in values.iter().enumerate() {
                if i > 0 {
                    joined.push(',');
                }
                // Writing into a `String` cannot fail.
                let _ = std::fmt::Write::write_fmt(&mut joined, format_args!("{value}"));
            }
            self.place(at).push((name.to_string(), joined));
            return Ok(());
        }
        let items: Vec<String> = values.iter().map(ToString::to_string).collect();
        let pairs = encode_list(name, &items, encoding);
        self.place(at).extend(pairs);
        Ok(())
    }

    /// A time as a query parameter or header, in the API's format.
    pub fn text_time<T: WireTime>(
        &mut self,
        at: Place,
        name: &'static str,
        format: &TimeFormat,
        value: &T,
    ) -> Result<(), EncodeError> {
        let text = value.write(format)?;
        self.place(at).push((name.to_string(), text));
        Ok(())
    }

    /// An optional time as a query parameter or header.
    pub fn text_time_opt<T: WireTime>(
        &mut self,
        at: Place,
        name: &'static str,
        format: &TimeFormat,
        value: &Option<T>,
    ) -> Result<(), EncodeError> {
        match value {
            Some(value) => self.text_time(at, name, format, value),
            None => Ok(()),
        }
    }

    /// A list of times as query parameters or a header.
    pub fn text_time_list<T: WireTime>(
        &mut self,
        at: Place,
        name: &'static str,
        format: &TimeFormat,
        encoding: ListEncoding,
        values: &[T],
    ) -> Result<(), EncodeError> {
        let items = values
            .iter()
            .map(|v| v.write(format))
            .collect::<Result<Vec<_>, _>>()?;
        let pairs = encode_list(name, &items, encoding);
        self.place(at).extend(pairs);
        Ok(())
    }

    fn place(&mut self, at: Place) -> &mut Vec<(String, String)> {
        match at {
            Place::Query => &mut self.query,
            Place::Header => &mut self.headers,
        }
    }
}

/// Where a text parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Query,
    Header,
}

/// How a list is written in a query string or header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListEncoding {
    /// One parameter, values joined with `,`.
    Comma,
    /// `Name.0`, `Name.1`, ...
    Indexed0,
    /// `Name.1`, `Name.2`, ...
    Indexed1,
    /// `Name` repeated once per value.
    Repeat,
}

/// Expands a list parameter into `(name, value)` pairs. An empty list writes nothing.
pub fn encode_list(name: &str, values: &[String], encoding: ListEncoding) -> Vec<(String, String)> {
    if values.is_empty() {
        return Vec::new();
    }
    match encoding {
        ListEncoding::Comma => vec![(name.to_string(), values.join(","))],
        ListEncoding::Indexed0 | ListEncoding::Indexed1 => {
            let first = usize::from(encoding == ListEncoding::Indexed1);
            values
                .iter()
                .enumerate()
                .map(|(i, v)| (format!("{name}.{}", i + first), v.clone()))
                .collect()
        }
        ListEncoding::Repeat => values
            .iter()
            .map(|v| (name.to_string(), v.clone()))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    static ISO: TimeFormat = TimeFormat::new(
        "[year]-[month]-[day]T[hour]:[minute]:[second][offset_hour sign:mandatory]:[offset_minute]",
        Some(8 * 3600),
    );
    static BEIJING: TimeFormat = TimeFormat::new(
        "[year]-[month]-[day] [hour]:[minute]:[second]",
        Some(8 * 3600),
    );
    static DAY: TimeFormat = TimeFormat::new("[year]-[month]-[day]", None);

    #[test]
    fn datetimes_are_written_in_the_api_zone() {
        let t = datetime!(2020-12-31 16:00 UTC);
        assert_eq!(ISO.format_datetime(t).unwrap(), "2021-01-01T00:00:00+08:00");
        assert_eq!(BEIJING.format_datetime(t).unwrap(), "2021-01-01 00:00:00");
        assert_eq!(BEIJING.parse_datetime("2021-01-01 00:00:00").unwrap(), t);
        assert_eq!(ISO.parse_datetime("2021-01-01T00:00:00+08:00").unwrap(), t);
        assert_eq!(
            DAY.format_date(date!(2020 - 09 - 07)).unwrap(),
            "2020-09-07"
        );
        assert!(DAY.parse_date("2020-13-01").is_err());
    }

    #[test]
    fn lists_of_times_read_null_as_empty_and_write_each_element() {
        let mut de = serde_json::Deserializer::from_str(r#"["2021-01-01T00:00:00+08:00"]"#);
        assert_eq!(
            de_datetime_list(&ISO, &mut de).unwrap(),
            [datetime!(2020-12-31 16:00 UTC)]
        );
        let mut de = serde_json::Deserializer::from_str("null");
        assert!(de_date_list(&DAY, &mut de).unwrap().is_empty());
        let mut de = serde_json::Deserializer::from_str(r#"["2020-13-01"]"#);
        assert!(de_date_list(&DAY, &mut de).is_err());

        let mut out = Vec::new();
        let days = [date!(2020 - 09 - 07), date!(2020 - 09 - 08)];
        ser_date_list(&DAY, &days, &mut serde_json::Serializer::new(&mut out)).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"["2020-09-07","2020-09-08"]"#
        );
    }

    #[test]
    fn an_object_that_cannot_be_written_is_an_error_naming_the_parameter() {
        struct Unwritable;
        impl serde::Serialize for Unwritable {
            fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
                Err(serde::ser::Error::custom("year 10000 does not fit"))
            }
        }
        let err = object_value("Window", &Unwritable).unwrap_err();
        assert_eq!(
            err.to_string(),
            "parameter Window cannot be encoded: year 10000 does not fit"
        );
    }

    #[test]
    fn a_broken_description_is_an_error_not_a_panic() {
        static BROKEN: TimeFormat = TimeFormat::new("[year", None);
        assert!(BROKEN.format_date(date!(2020 - 01 - 01)).is_err());
        assert!(BROKEN.check_date(date!(2020 - 01 - 01)).is_err());
    }

    /// The fixed-width path writes and reads exactly what `time` does, for every shape of
    /// description it takes, across years, zones and the edges of days.
    #[test]
    fn the_fast_path_is_time_exactly() {
        use time::format_description::parse_owned;
        let descriptions = [
            "[year]-[month]-[day]T[hour]:[minute]:[second][offset_hour sign:mandatory]:[offset_minute]",
            "[year]-[month]-[day] [hour]:[minute]:[second]",
            "[year]-[month]-[day]T[hour]:[minute]:[second]Z",
            "[year][month][day][hour]",
            "[year]-[month]-[day]",
        ];
        for description in descriptions {
            assert!(
                crate::fast_time::compile(description).is_some(),
                "{description}"
            );
            let items = parse_owned::<1>(description).unwrap();
            // Offsets with seconds and the largest ones `time` takes too: the fast path
            // splits them as `UtcOffset` does.
            for offset in [
                0,
                8 * 3600,
                -5 * 3600 - 1800,
                3600 + 1800,
                -30,
                -3630,
                93_599,
            ] {
                let format = TimeFormat::new(description, Some(offset));
                let zone = UtcOffset::from_whole_seconds(offset).unwrap();
                for t in (-2_000_000_000i64..4_000_000_000).step_by(86_399 * 37 + 3) {
                    let value = OffsetDateTime::from_unix_timestamp(t).unwrap();
                    let local = value.to_offset(zone);
                    let expected = local.format(&items);
                    let fast = format.format_datetime(value);
                    assert_eq!(
                        fast.as_ref().ok(),
                        expected.as_ref().ok(),
                        "{description} {t}"
                    );
                    let text = fast.unwrap();
                    let slow = OffsetDateTime::parse(&text, &items).or_else(|_| {
                        PrimitiveDateTime::parse(&text, &items).map(|p| p.assume_offset(zone))
                    });
                    if let Ok(slow) = slow {
                        assert_eq!(format.parse_datetime(&text).ok(), Some(slow), "{text}");
                    }
                    let day = local.date();
                    assert_eq!(
                        format.format_date(day).ok(),
                        day.format(&items).ok(),
                        "{day}"
                    );
                    if let Ok(day_text) = day.format(&items) {
                        assert_eq!(
                            format.parse_date(&day_text).ok(),
                            Date::parse(&day_text, &items).ok()
                        );
                    }
                }
            }
        }
        // An offset `time` does not take is UTC, on either path.
        let outside = TimeFormat::new(descriptions[0], Some(100_000));
        let value = OffsetDateTime::from_unix_timestamp(1_700_000_000).unwrap();
        let items = parse_owned::<1>(descriptions[0]).unwrap();
        assert_eq!(
            outside.format_datetime(value).ok(),
            value.format(&items).ok()
        );
        for odd in ["[year repr:last_two]", "[year", "\\[x]", "[weekday]"] {
            assert!(crate::fast_time::compile(odd).is_none(), "{odd}");
        }
        assert!(ISO.parse_datetime("2021-01-01T00:00:00+08:0").is_err());
        assert!(ISO.parse_datetime("2021-02-30T00:00:00+08:00").is_err());
    }

    /// Checking agrees with formatting, at the edges of the range too.
    #[test]
    fn checking_is_formatting_without_the_text() {
        for t in [
            datetime!(2020-12-31 16:00 UTC),
            datetime!(9999-12-31 15:59:59 UTC),
            datetime!(9999-12-31 16:00 UTC),
            datetime!(-9999-01-01 0:00 UTC),
        ] {
            assert_eq!(
                ISO.check_datetime(t).is_ok(),
                ISO.format_datetime(t).is_ok(),
                "{t}"
            );
        }
        assert!(ISO.check_datetime(datetime!(9999-12-31 16:00 UTC)).is_err());
        assert!(DAY.check_date(date!(2020 - 09 - 07)).is_ok());
    }

    #[test]
    fn lists_are_encoded_as_declared() {
        let v = vec!["a".to_string(), "b".to_string()];
        assert_eq!(
            encode_list("A", &v, ListEncoding::Comma),
            [("A".into(), "a,b".into())]
        );
        assert_eq!(
            encode_list("P", &v, ListEncoding::Indexed0),
            [("P.0".into(), "a".into()), ("P.1".into(), "b".into())]
        );
        assert_eq!(encode_list("P", &v, ListEncoding::Indexed1)[1].0, "P.2");
        assert_eq!(encode_list("P", &v, ListEncoding::Repeat).len(), 2);
        assert!(encode_list("P", &[], ListEncoding::Comma).is_empty());
    }
}

/// Serde helpers for time fields, called by generated per-format functions.
macro_rules! time_serde {
    (
        $de:ident, $de_opt:ident, $de_list:ident,
        $ser:ident, $ser_opt:ident, $ser_list:ident,
        $ty:ty, $parse:ident, $format:ident
    ) => {
        pub fn $de<'de, D: serde::Deserializer<'de>>(
            format: &TimeFormat,
            d: D,
        ) -> Result<$ty, D::Error> {
            let text = <String as serde::Deserialize>::deserialize(d)?;
            format.$parse(&text).map_err(serde::de::Error::custom)
        }

        pub fn $de_opt<'de, D: serde::Deserializer<'de>>(
            format: &TimeFormat,
            d: D,
        ) -> Result<Option<$ty>, D::Error> {
            match <Option<String> as serde::Deserialize>::deserialize(d)? {
                // Providers send "" for "no time" as often as null.
                Some(text) if !text.is_empty() => format
                    .$parse(&text)
                    .map(Some)
                    .map_err(serde::de::Error::custom),
                _ => Ok(None),
            }
        }

        /// A list of times; `null` reads as an empty list.
        pub fn $de_list<'de, D: serde::Deserializer<'de>>(
            format: &TimeFormat,
            d: D,
        ) -> Result<Vec<$ty>, D::Error> {
            <Option<Vec<String>> as serde::Deserialize>::deserialize(d)?
                .unwrap_or_default()
                .iter()
                .map(|text| format.$parse(text).map_err(serde::de::Error::custom))
                .collect()
        }

        pub fn $ser<S: serde::Serializer>(
            format: &TimeFormat,
            value: &$ty,
            s: S,
        ) -> Result<S::Ok, S::Error> {
            let text = format.$format(*value).map_err(serde::ser::Error::custom)?;
            s.serialize_str(&text)
        }

        pub fn $ser_opt<S: serde::Serializer>(
            format: &TimeFormat,
            value: &Option<$ty>,
            s: S,
        ) -> Result<S::Ok, S::Error> {
            match value {
                Some(v) => $ser(format, v, s),
                None => s.serialize_none(),
            }
        }

        pub fn $ser_list<S: serde::Serializer>(
            format: &TimeFormat,
            values: &[$ty],
            s: S,
        ) -> Result<S::Ok, S::Error> {
            use serde::ser::SerializeSeq;
            let mut seq = s.serialize_seq(Some(values.len()))?;
            for value in values {
                let text = format.$format(*value).map_err(serde::ser::Error::custom)?;
                seq.serialize_element(&text)?;
            }
            seq.end()
        }
    };
}

time_serde!(
    de_datetime,
    de_datetime_opt,
    de_datetime_list,
    ser_datetime,
    ser_datetime_opt,
    ser_datetime_list,
    OffsetDateTime,
    parse_datetime,
    format_datetime
);
time_serde!(
    de_date,
    de_date_opt,
    de_date_list,
    ser_date,
    ser_date_opt,
    ser_date_list,
    Date,
    parse_date,
    format_date
);
