//! What each field type is read as: [`FromJson`] for the value types, and the field readers
//! a generated struct calls, one per field (`req`, `opt`, `list`, their `_lenient` forms for
//! numbers sent as strings and `_time` forms for times in an API's format).
//!
//! A field reader returns `None` when it failed (keeping the error, with the field's name
//! in its path, in the reader); for optional fields a read value is `Some(None)` or
//! `Some(vec![])` when the field is `null`.

use std::borrow::Cow;

use serde_json::Value;
use time::{Date, OffsetDateTime};

use super::{DecodeError, FromJson, Kind, NumberText, Reader};
use crate::de::{IdOrWord, WireNumber};
use crate::wire::{TimeFormat, TimeFormatError};

impl FromJson for Value {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        r.value()
    }
}

impl FromJson for String {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        r.str().map(Cow::into_owned)
    }
}

impl FromJson for bool {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        r.bool()
    }
}

/// A JSON number as `T`, exactly: out of range, or a fraction for an integer, is an error.
fn number<T: WireNumber>(r: &mut Reader<'_>, type_name: &str) -> Result<T, DecodeError> {
    let n = r.number()?;
    let value = match n {
        NumberText::Int(i) => T::from_i64(i),
        NumberText::Uint(u) => T::from_u64(u),
        NumberText::Float(f, _) => T::from_f64(f),
    };
    value.ok_or_else(|| DecodeError::new(format!("{} does not fit {type_name}", n.to_number())))
}

macro_rules! from_json_number {
    ($($t:ty),*) => {$(
        impl FromJson for $t {
            fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
                number(r, stringify!($t))
            }
        }
    )*};
}
from_json_number!(i32, i64, u32, u64, f64);

/// `null` where the field may be absent; `None` is written as `null` (callers skip it).
impl<T: FromJson> FromJson for Option<T> {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        if r.null()? {
            return Ok(None);
        }
        T::read(r).map(Some)
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        items(r, T::read)
    }
}

impl<T: FromJson> FromJson for Box<T> {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        T::read(r).map(Box::new)
    }
}

/// An array, each item read by `item`.
fn items<'a, T>(
    r: &mut Reader<'a>,
    item: impl Fn(&mut Reader<'a>) -> Result<T, DecodeError>,
) -> Result<Vec<T>, DecodeError> {
    r.begin_array()?;
    let mut items = Vec::new();
    while r.next_item()? {
        match item(r) {
            Ok(value) => items.push(value),
            Err(e) => return Err(e.in_item(items.len())),
        }
    }
    Ok(items)
}

/// An id (a number, or a string holding one) or a word such as `"total"`.
impl<T: WireNumber> FromJson for IdOrWord<T> {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        match r.kind()? {
            Kind::Number => number(r, "an id").map(IdOrWord::Id),
            Kind::String => {
                let s = r.str()?;
                Ok(match s.parse::<T>() {
                    Ok(id) => IdOrWord::Id(id),
                    Err(_) => IdOrWord::Word(s.into_owned()),
                })
            }
            _ => Err(r.expected("an id or a word")),
        }
    }
}

/// `wire: number_or_string`: a number, or a string holding one.
fn lenient<T: WireNumber>(r: &mut Reader<'_>) -> Result<T, DecodeError> {
    match r.kind()? {
        Kind::Number => number(r, "a number"),
        Kind::String => {
            let s = r.str()?;
            s.trim()
                .parse::<T>()
                .map_err(|_| DecodeError::new(format!("{s:?} is not a number")))
        }
        _ => Err(r.expected("a number or a string holding one")),
    }
}

/// An enum's wire text parsed as `T`; a bare number is read as its text (`3600` for
/// `"3600"`).
pub fn parse_text<T>(r: &mut Reader<'_>) -> Result<T, DecodeError>
where
    T: std::str::FromStr,
    T::Err: std::fmt::Display,
{
    let text = match r.kind()? {
        Kind::String => r.str()?,
        Kind::Number => Cow::Owned(r.number()?.to_number().to_string()),
        _ => return Err(r.expected("a string")),
    };
    text.parse()
        .map_err(|e: T::Err| DecodeError::new(e.to_string()))
}

/// A time type read from its wire text.
pub trait WireTimeRead: Sized {
    fn read(format: &TimeFormat, text: &str) -> Result<Self, TimeFormatError>;
}

impl WireTimeRead for OffsetDateTime {
    fn read(format: &TimeFormat, text: &str) -> Result<Self, TimeFormatError> {
        format.parse_datetime(text)
    }
}

impl WireTimeRead for Date {
    fn read(format: &TimeFormat, text: &str) -> Result<Self, TimeFormatError> {
        format.parse_date(text)
    }
}

fn time<T: WireTimeRead>(r: &mut Reader<'_>, format: &TimeFormat) -> Result<T, DecodeError> {
    let text = match r.kind()? {
        Kind::String => r.str()?,
        // A Unix timestamp is a number to most providers (and a string to a few).
        Kind::Number if format.is_unix_timestamp() => match r.number()? {
            NumberText::Int(i) => Cow::Owned(i.to_string()),
            other => Cow::Owned(other.to_number().to_string()),
        },
        _ if format.is_unix_timestamp() => {
            return Err(r.expected("a Unix timestamp as a number or a string"))
        }
        _ => return Err(r.expected("a time as a string")),
    };
    T::read(format, &text).map_err(|e| DecodeError::new(e.to_string()))
}

/// The value of required field `name` once its object has been read (every error of the
/// object has been returned by then): absent if its key never came.
pub fn required<T>(value: Option<T>, name: &str) -> Result<T, DecodeError> {
    value.ok_or_else(|| DecodeError::new(format!("missing field `{name}`")))
}

/// The field readers of [`json_struct!`](crate::json_struct), each called with the reader
/// just past the field's key.
impl<'a> Reader<'a> {
    /// `read`'s value, or `None` with its error kept (inside field `name`).
    fn field<T>(
        &mut self,
        name: &str,
        read: impl FnOnce(&mut Self) -> Result<T, DecodeError>,
    ) -> Option<T> {
        match read(self) {
            Ok(value) => Some(value),
            Err(e) => {
                self.keep(e.in_field(name));
                None
            }
        }
    }

    /// An optional field's value: `null` is `empty`, else what `read` reads.
    fn nullable<T>(
        &mut self,
        name: &str,
        empty: T,
        read: impl FnOnce(&mut Self) -> Result<T, DecodeError>,
    ) -> Option<T> {
        self.field(name, |r| if r.null()? { Ok(empty) } else { read(r) })
    }

    /// A field the spec requires (`null` only where `T` allows it).
    pub fn req<T: FromJson>(&mut self, name: &str) -> Option<T> {
        self.field(name, T::read)
    }

    /// An optional field: `null` is `None`.
    pub fn opt<T: FromJson>(&mut self, name: &str) -> Option<Option<T>> {
        self.nullable(name, None, |r| T::read(r).map(Some))
    }

    /// An optional list: `null` is empty.
    pub fn list<T: FromJson>(&mut self, name: &str) -> Option<Vec<T>> {
        self.nullable(name, Vec::new(), |r| items(r, T::read))
    }

    /// A required number that may arrive as a string (`wire: number_or_string`).
    pub fn req_lenient<T: WireNumber>(&mut self, name: &str) -> Option<T> {
        self.field(name, lenient)
    }

    /// An optional number that may arrive as a string.
    pub fn opt_lenient<T: WireNumber>(&mut self, name: &str) -> Option<Option<T>> {
        self.nullable(name, None, |r| lenient(r).map(Some))
    }

    /// A list of numbers that may arrive as strings; `null` is empty.
    pub fn list_lenient<T: WireNumber>(&mut self, name: &str) -> Option<Vec<T>> {
        self.nullable(name, Vec::new(), |r| items(r, lenient))
    }

    /// A required time in the API's format.
    pub fn req_time<T: WireTimeRead>(&mut self, name: &str, format: &TimeFormat) -> Option<T> {
        self.field(name, |r| time(r, format))
    }

    /// An optional time; `null` or `""` (providers send both for "no time") is `None`.
    pub fn opt_time<T: WireTimeRead>(
        &mut self,
        name: &str,
        format: &TimeFormat,
    ) -> Option<Option<T>> {
        self.nullable(name, None, |r| {
            if r.empty_str()? {
                return Ok(None);
            }
            time(r, format).map(Some)
        })
    }

    /// A list of times; `null` is empty.
    pub fn list_time<T: WireTimeRead>(
        &mut self,
        name: &str,
        format: &TimeFormat,
    ) -> Option<Vec<T>> {
        self.nullable(name, Vec::new(), |r| items(r, |r| time(r, format)))
    }

    /// The end of a struct's object: the first error kept while reading it.
    pub fn finish_struct(&mut self) -> Result<(), DecodeError> {
        match self.take_kept() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::from_str;
    use super::*;

    crate::json_struct! {
        /// Every reader once.
        pub struct Sample {
            a: String = req("A"),
            b: Option<i64> = opt("B"),
            c: Vec<i64> = list("C"),
            n: u64 = req_lenient("N"),
            l: Vec<f64> = list_lenient("L"),
        }
    }

    #[test]
    fn fields_report_where_a_value_is_wrong() {
        let ok: Sample = from_str(r#"{"A": "x", "B": null, "N": "42", "L": ["1.5", 2]}"#).unwrap();
        assert_eq!(
            (ok.a.as_str(), ok.b, ok.c.len(), ok.n, ok.l),
            ("x", None, 0, 42, vec![1.5, 2.0])
        );
        let err = from_str::<Sample>(r#"{"A": "x", "C": [1, "two"], "N": 1}"#).unwrap_err();
        assert_eq!(err.to_string(), "C[1]: expected a number, found a string");
        let err = from_str::<Sample>(r#"{"A": "x"}"#).unwrap_err();
        assert_eq!(err.to_string(), "missing field `N`");
        let err = from_str::<Vec<Sample>>(r#"[{"A": "x", "N": 1}, {"A": 1, "N": 1}]"#).unwrap_err();
        assert_eq!(err.to_string(), "[1].A: expected a string, found a number");
    }

    #[test]
    fn the_first_error_wins_and_unknown_keys_are_skipped() {
        let err = from_str::<Sample>(
            r#"{"X": {"deep": [1, {"y": null}]}, "B": "no", "C": "neither", "N": 1, "A": "x"}"#,
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "B: expected a number, found a string");
        let ok: Sample = from_str(r#"{"X": [], "A": "x", "N": 1, "A": "last"}"#).unwrap();
        assert_eq!(ok.a, "last");
    }

    #[test]
    fn numbers_are_exact() {
        assert!(from_str::<i32>("3000000000").is_err());
        assert!(from_str::<i64>("1.5").is_err());
        assert_eq!(from_str::<i64>("2.0").unwrap(), 2);
        assert_eq!(from_str::<u64>("18446744073709551615").unwrap(), u64::MAX);
        assert_eq!(
            from_str::<u32>("-1").unwrap_err().to_string(),
            "-1 does not fit u32"
        );
        assert!(from_str::<f64>("-0").unwrap().is_sign_negative());
    }

    #[test]
    fn ids_or_words() {
        assert_eq!(
            from_str::<IdOrWord<u64>>("\"1400188366\"").unwrap(),
            IdOrWord::Id(1400188366)
        );
        assert_eq!(
            from_str::<IdOrWord<u64>>("\"total\"").unwrap(),
            IdOrWord::Word("total".into())
        );
        assert_eq!(from_str::<IdOrWord<u64>>("7").unwrap(), IdOrWord::Id(7));
    }

    #[test]
    fn text_after_the_value_is_an_error() {
        assert!(from_str::<Sample>(r#"{"A": "x", "N": 1} x"#).is_err());
        assert!(from_str::<Sample>(r#"{"A": "x", "N": 1"#).is_err());
    }
}
