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

use super::reader::Object;
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

fn missing(name: &str) -> DecodeError {
    DecodeError::new(format!("missing field `{name}`"))
}

/// The fields of a JSON object, read one by one by a generated `read` (see
/// [`json_struct!`](crate::json_struct)), in the struct's order. A value is read in place
/// when it is the next one in the text, as it nearly always is, and otherwise from where an
/// earlier pass noted it (see the reader's `Object`); keys the spec does not list are
/// ignored (a provider adding a field breaks nothing).
///
/// Readers of optional fields (`opt*`, `list*`) do not fail: they keep the first error and
/// stand in `None` or an empty list, and [`Fields::finish`] reports it. Generated code then
/// has no `?` per field, which is most of what a `read` costs to compile (each `?` is a
/// branch that drops every field read before it). Required readers (`req*`) still fail at
/// once, as there is no value to stand in for a missing one.
///
/// Fields are asked for by name, one call each, rather than dispatched on each key as it
/// comes: a `match` on the key compiled a comparison and a slot per field into every
/// struct, a fifth more compile time for a large service.
#[derive(Debug)]
pub struct Fields<'r, 'a> {
    reader: &'r mut Reader<'a>,
    object: Object,
    error: Option<DecodeError>,
}

impl<'r, 'a> Fields<'r, 'a> {
    /// The fields of the object that comes next.
    pub fn new(reader: &'r mut Reader<'a>) -> Result<Self, DecodeError> {
        let object = reader.object()?;
        Ok(Fields {
            reader,
            object,
            error: None,
        })
    }

    /// `value`, the struct read from these fields, unless an optional field was malformed
    /// or the object is (the rest of it is checked here, and the reader left after it).
    pub fn finish<T>(mut self, value: T) -> Result<T, DecodeError> {
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        self.reader.end_struct(&mut self.object)?;
        Ok(value)
    }

    /// `read` run on the value of field `name`: `Ok(None)` if the object has no such key.
    fn with_value<T>(
        &mut self,
        name: &str,
        read: impl FnOnce(&mut Reader<'a>) -> Result<T, DecodeError>,
    ) -> Result<Option<T>, DecodeError> {
        let found = match self.reader.value_of(&mut self.object, name) {
            Ok(Some(found)) => found,
            Ok(None) => return Ok(None),
            Err(e) => return Err(e),
        };
        let value = read(self.reader).map_err(|e| e.in_field(name));
        self.reader
            .value_done(&mut self.object, found, value.is_ok());
        value.map(Some)
    }

    /// The value of `read`, or the stand-in with the first error kept for `finish`.
    fn keep<T: Default>(&mut self, read: Result<T, DecodeError>) -> T {
        read.unwrap_or_else(|e| {
            self.error.get_or_insert(e);
            T::default()
        })
    }

    /// A required field read by `read`: absent is an error.
    fn required<T>(
        &mut self,
        name: &str,
        read: impl FnOnce(&mut Reader<'a>) -> Result<T, DecodeError>,
    ) -> Result<T, DecodeError> {
        self.with_value(name, read)?.ok_or_else(|| missing(name))
    }

    /// An optional field read by `read`: absent or `null` is `T`'s empty value.
    fn optional<T: Default>(
        &mut self,
        name: &str,
        read: impl FnOnce(&mut Reader<'a>) -> Result<T, DecodeError>,
    ) -> T {
        let value = self.with_value(name, |r| if r.null()? { Ok(T::default()) } else { read(r) });
        self.keep(value.map(Option::unwrap_or_default))
    }

    /// A field the spec requires: absent is an error, `null` only where `T` allows it.
    pub fn req<T: FromJson>(&mut self, name: &str) -> Result<T, DecodeError> {
        self.required(name, T::read)
    }

    /// An optional field: absent or `null` is `None`.
    pub fn opt<T: FromJson>(&mut self, name: &str) -> Option<T> {
        self.optional(name, |r| T::read(r).map(Some))
    }

    /// An optional list: absent or `null` is empty.
    pub fn list<T: FromJson>(&mut self, name: &str) -> Vec<T> {
        self.optional(name, |r| items(r, T::read))
    }

    /// A required number that may arrive as a string (`wire: number_or_string`).
    pub fn req_lenient<T: WireNumber>(&mut self, name: &str) -> Result<T, DecodeError> {
        self.required(name, lenient)
    }

    /// An optional number that may arrive as a string.
    pub fn opt_lenient<T: WireNumber>(&mut self, name: &str) -> Option<T> {
        self.optional(name, |r| lenient(r).map(Some))
    }

    /// A list of numbers that may arrive as strings; absent or `null` is empty.
    pub fn list_lenient<T: WireNumber>(&mut self, name: &str) -> Vec<T> {
        self.optional(name, |r| items(r, lenient))
    }

    /// A required time in the API's format.
    pub fn req_time<T: WireTimeRead>(
        &mut self,
        name: &str,
        format: &TimeFormat,
    ) -> Result<T, DecodeError> {
        self.required(name, |r| time(r, format))
    }

    /// An optional time; absent, `null` or `""` (providers send both for "no time") is `None`.
    pub fn opt_time<T: WireTimeRead>(&mut self, name: &str, format: &TimeFormat) -> Option<T> {
        self.optional(name, |r| {
            if r.empty_str()? {
                return Ok(None);
            }
            time(r, format).map(Some)
        })
    }

    /// A list of times; absent or `null` is empty.
    pub fn list_time<T: WireTimeRead>(&mut self, name: &str, format: &TimeFormat) -> Vec<T> {
        self.optional(name, |r| items(r, |r| time(r, format)))
    }
}

/// The object's keys are forgotten however its reading ended (a failed struct leaves the
/// reader where it failed; its caller stops, or passes the value by again).
impl Drop for Fields<'_, '_> {
    fn drop(&mut self) {
        self.reader.forget(&self.object);
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
        // A field that comes twice is an error (which to keep is anyone's guess); an
        // unknown key may repeat.
        let err = from_str::<Sample>(r#"{"X": [], "A": "x", "N": 1, "A": "again"}"#).unwrap_err();
        assert_eq!(err.to_string(), "duplicate field `A`");
        let ok: Sample = from_str(r#"{"X": [], "A": "x", "N": 1, "X": {}}"#).unwrap();
        assert_eq!(ok.a, "x");
    }

    crate::json_struct! {
        /// Structs inside structs.
        pub struct Outer {
            first: String = req("First"),
            items: Vec<Sample> = list("Items"),
            one: Option<Sample> = opt("One"),
            last: i64 = req("Last"),
        }
    }

    #[test]
    fn nested_structs_read_in_their_own_order_and_the_reader_goes_on_after_each() {
        let text = r#"{"Last": 9, "X": {"Items": []}, "One": {"N": 2, "A": "o", "Z": [{}]},
            "Items": [{"A": "i0", "N": "1"}, {"Extra": {"A": 1}, "N": 3, "A": "i1"}],
            "First": "f"}"#;
        let outer: Outer = from_str(text).unwrap();
        assert_eq!((outer.first.as_str(), outer.last), ("f", 9));
        let names: Vec<&str> = outer.items.iter().map(|s| s.a.as_str()).collect();
        assert_eq!(names, ["i0", "i1"]);
        assert_eq!(outer.one.map(|s| (s.a, s.n)), Some(("o".to_string(), 2)));
        let list: Vec<Outer> = from_str(&format!("[{text}, {text}]")).unwrap();
        assert_eq!(list.len(), 2);
        let err = from_str::<Outer>(r#"{"First": "f", "One": {"A": "o"}, "Last": 1}"#).unwrap_err();
        assert_eq!(err.to_string(), "One: missing field `N`");
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// A member of a `Sample` object: a declared field (`A`, `N`, `C`) or an unknown key.
        #[derive(Debug, Clone)]
        enum Member {
            A(String),
            N(u64),
            C(Vec<i64>),
            Unknown(String, Value),
        }

        fn junk() -> impl Strategy<Value = Value> {
            let leaf = prop_oneof![
                Just(Value::Null),
                any::<i64>().prop_map(Value::from),
                "[a-z\\\\\"]{0,6}".prop_map(Value::from),
            ];
            leaf.prop_recursive(3, 12, 3, |inner| {
                prop_oneof![
                    prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
                    prop::collection::btree_map("[A-Z]{1,2}", inner, 0..3)
                        .prop_map(|m| Value::Object(m.into_iter().collect())),
                ]
            })
        }

        fn sample() -> impl Strategy<Value = Vec<Member>> {
            (
                ".{0,5}",
                any::<u64>(),
                prop::option::of(prop::collection::vec(any::<i64>(), 0..3)),
                prop::collection::vec(("[A-Z]{1,3}", junk()), 0..4),
            )
                .prop_flat_map(|(a, n, c, unknown)| {
                    let mut members = vec![Member::A(a), Member::N(n)];
                    members.extend(c.map(Member::C));
                    members.extend(
                        unknown
                            .into_iter()
                            .filter(|(k, _)| !matches!(k.as_str(), "A" | "N" | "C" | "B" | "L"))
                            .map(|(k, v)| Member::Unknown(k, v)),
                    );
                    Just(members).prop_shuffle()
                })
        }

        fn text(members: &[Member]) -> String {
            let parts: Vec<String> = members
                .iter()
                .map(|m| {
                    let (k, v) = match m {
                        Member::A(a) => ("A".to_string(), Value::from(a.clone())),
                        Member::N(n) => ("N".to_string(), Value::from(*n)),
                        Member::C(c) => ("C".to_string(), Value::from(c.clone())),
                        Member::Unknown(k, v) => (k.clone(), v.clone()),
                    };
                    format!("{}: {v}", Value::from(k))
                })
                .collect();
            format!("{{{}}}", parts.join(", "))
        }

        proptest! {
            /// Whatever the order of the keys and whatever unknown keys come between them,
            /// in a struct, a list of structs or a struct inside one, every field is read.
            #[test]
            fn fields_are_read_in_any_order_among_unknown_keys(
                rows in prop::collection::vec(sample(), 1..4),
                one in sample(),
            ) {
                let list = format!("[{}]", rows.iter().map(|r| text(r)).collect::<Vec<_>>().join(","));
                let outer = format!(r#"{{"Items": {list}, "One": {}, "First": "f", "Last": 1}}"#, text(&one));
                for (members, read) in rows.iter().zip(from_str::<Vec<Sample>>(&list).unwrap()) {
                    check(members, &read)?;
                }
                let outer: Outer = from_str(&outer).unwrap();
                prop_assert_eq!(outer.items.len(), rows.len());
                check(&one, outer.one.as_ref().unwrap())?;
            }
        }

        fn check(members: &[Member], read: &Sample) -> Result<(), TestCaseError> {
            let mut c = Vec::new();
            for m in members {
                match m {
                    Member::A(a) => prop_assert_eq!(&read.a, a),
                    Member::N(n) => prop_assert_eq!(read.n, *n),
                    Member::C(list) => c = list.clone(),
                    Member::Unknown(..) => {}
                }
            }
            prop_assert_eq!(&read.c, &c);
            Ok(())
        }
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
