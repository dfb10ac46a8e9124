//! Reading and writing generated types as JSON, without serde's derives.
//!
//! `#[derive(Deserialize)]` costs most of a generated crate's compile time (measured on
//! Tencent VOD's 241 APIs: 30 of 34 s of a debug build; rusoto found the same). Responses
//! arrive as a `serde_json::Value` anyway (the envelope is opened first), so a generated type
//! reads itself from that value with one line per field through [`Fields`], and the generic
//! work (type checks, `null` handling, lenient numbers, times, error paths) is compiled once,
//! here. Writing is the same through [`Object`]. [`json_serde!`](crate::json_serde) adds
//! serde's traits on top, for users who want `serde_json::from_str` on a generated type.

use serde_json::{Map, Number, Value};
use time::{Date, OffsetDateTime};

use crate::de::{IdOrWord, WireNumber};
use crate::wire::{EncodeError, TimeFormat, TimeFormatError};

/// A JSON value.
pub type Json = Value;

/// Why a JSON value is not the type the spec declares. `path` leads from the payload's root
/// to the value (`PlayStatInfoSet[3].Time`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{message}", if path.is_empty() { String::new() } else { format!("{path}: ") })]
pub struct DecodeError {
    pub path: String,
    pub message: String,
}

impl DecodeError {
    pub fn new(message: impl Into<String>) -> Self {
        DecodeError {
            path: String::new(),
            message: message.into(),
        }
    }

    fn expected(what: &str, found: &Value) -> Self {
        let found = match found {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        };
        DecodeError::new(format!("expected {what}, found {found}"))
    }

    /// The same error, one level deeper: inside field `name`.
    fn in_field(mut self, name: &str) -> Self {
        self.path = if self.path.is_empty() {
            name.to_string()
        } else if self.path.starts_with('[') {
            format!("{name}{}", self.path)
        } else {
            format!("{name}.{}", self.path)
        };
        self
    }

    /// The same error, one level deeper: inside list item `index`.
    fn in_item(mut self, index: usize) -> Self {
        self.path = if self.path.is_empty() || self.path.starts_with('[') {
            format!("[{index}]{}", self.path)
        } else {
            format!("[{index}].{}", self.path)
        };
        self
    }
}

/// A type generated code reads from JSON.
pub trait FromJson: Sized {
    fn from_json(value: Value) -> Result<Self, DecodeError>;
}

/// A type generated code writes as JSON.
pub trait ToJson {
    fn to_json(&self) -> Result<Value, EncodeError>;
}

/// Reads `T` from JSON text.
pub fn from_str<T: FromJson>(text: &str) -> Result<T, DecodeError> {
    let value: Value = serde_json::from_str(text).map_err(|e| DecodeError::new(e.to_string()))?;
    T::from_json(value)
}

impl FromJson for Value {
    fn from_json(value: Value) -> Result<Self, DecodeError> {
        Ok(value)
    }
}

impl FromJson for String {
    fn from_json(value: Value) -> Result<Self, DecodeError> {
        match value {
            Value::String(s) => Ok(s),
            other => Err(DecodeError::expected("a string", &other)),
        }
    }
}

impl FromJson for bool {
    fn from_json(value: Value) -> Result<Self, DecodeError> {
        match value {
            Value::Bool(b) => Ok(b),
            other => Err(DecodeError::expected("a boolean", &other)),
        }
    }
}

/// A JSON number as `T`, exactly: out of range, or a fraction for an integer, is an error.
fn number<T: WireNumber>(n: &Number, type_name: &str) -> Result<T, DecodeError> {
    let value = if let Some(i) = n.as_i64() {
        T::from_i64(i)
    } else if let Some(u) = n.as_u64() {
        T::from_u64(u)
    } else {
        n.as_f64().and_then(T::from_f64)
    };
    value.ok_or_else(|| DecodeError::new(format!("{n} does not fit {type_name}")))
}

macro_rules! from_json_number {
    ($($t:ty),*) => {$(
        impl FromJson for $t {
            fn from_json(value: Value) -> Result<Self, DecodeError> {
                match value {
                    Value::Number(n) => number(&n, stringify!($t)),
                    other => Err(DecodeError::expected("a number", &other)),
                }
            }
        }

        impl ToJson for $t {
            fn to_json(&self) -> Result<Value, EncodeError> {
                Ok(Value::from(*self))
            }
        }
    )*};
}
from_json_number!(i32, i64, u32, u64);

impl FromJson for f64 {
    fn from_json(value: Value) -> Result<Self, DecodeError> {
        match value {
            Value::Number(n) => number(&n, "f64"),
            other => Err(DecodeError::expected("a number", &other)),
        }
    }
}

/// `null` where the field may be absent; `None` is written as `null` (callers skip it).
impl<T: FromJson> FromJson for Option<T> {
    fn from_json(value: Value) -> Result<Self, DecodeError> {
        match value {
            Value::Null => Ok(None),
            other => T::from_json(other).map(Some),
        }
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(value: Value) -> Result<Self, DecodeError> {
        match value {
            Value::Array(items) => items
                .into_iter()
                .enumerate()
                .map(|(i, item)| T::from_json(item).map_err(|e| e.in_item(i)))
                .collect(),
            other => Err(DecodeError::expected("an array", &other)),
        }
    }
}

impl<T: FromJson> FromJson for Box<T> {
    fn from_json(value: Value) -> Result<Self, DecodeError> {
        T::from_json(value).map(Box::new)
    }
}

/// An id (a number, or a string holding one) or a word such as `"total"`.
impl<T: WireNumber> FromJson for IdOrWord<T> {
    fn from_json(value: Value) -> Result<Self, DecodeError> {
        match value {
            Value::Number(n) => number(&n, "an id").map(IdOrWord::Id),
            Value::String(s) => Ok(match s.parse::<T>() {
                Ok(id) => IdOrWord::Id(id),
                Err(_) => IdOrWord::Word(s),
            }),
            other => Err(DecodeError::expected("an id or a word", &other)),
        }
    }
}

/// `wire: number_or_string`: a number, or a string holding one.
fn lenient<T: WireNumber>(value: Value) -> Result<T, DecodeError> {
    match value {
        Value::Number(n) => number(&n, "a number"),
        Value::String(s) => s
            .trim()
            .parse::<T>()
            .map_err(|_| DecodeError::new(format!("{s:?} is not a number"))),
        other => Err(DecodeError::expected(
            "a number or a string holding one",
            &other,
        )),
    }
}

/// An enum's wire text parsed as `T`; a bare number is read as its text (`3600` for
/// `"3600"`).
pub fn parse_text<T>(value: Value) -> Result<T, DecodeError>
where
    T: std::str::FromStr,
    T::Err: std::fmt::Display,
{
    let text = match value {
        Value::String(s) => s,
        Value::Number(n) => n.to_string(),
        other => return Err(DecodeError::expected("a string", &other)),
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

fn time<T: WireTimeRead>(format: &TimeFormat, value: Value) -> Result<T, DecodeError> {
    match value {
        Value::String(s) => T::read(format, &s).map_err(|e| DecodeError::new(e.to_string())),
        // A Unix timestamp is a number to most providers (and a string to a few).
        Value::Number(n) if format.is_unix_timestamp() => {
            T::read(format, &n.to_string()).map_err(|e| DecodeError::new(e.to_string()))
        }
        other if format.is_unix_timestamp() => Err(DecodeError::expected(
            "a Unix timestamp as a number or a string",
            &other,
        )),
        other => Err(DecodeError::expected("a time as a string", &other)),
    }
}

/// The fields of a JSON object, taken out one by one by a generated `from_json`. Fields the
/// spec does not list are ignored (a provider adding a field breaks nothing).
///
/// Readers of optional fields (`opt*`, `list*`) do not fail: they keep the first error and
/// stand in `None` or an empty list, and [`Fields::finish`] reports it. Generated code then
/// has no `?` per field, which is most of what a `from_json` costs to compile (each `?` is a
/// branch that drops every field read before it). Required readers (`req*`) still fail at
/// once, as there is no value to stand in for a missing one.
#[derive(Debug)]
pub struct Fields {
    map: Map<String, Value>,
    error: Option<DecodeError>,
}

impl Fields {
    pub fn new(value: Value) -> Result<Self, DecodeError> {
        match value {
            Value::Object(map) => Ok(Fields { map, error: None }),
            other => Err(DecodeError::expected("an object", &other)),
        }
    }

    /// `value`, the struct read from these fields, unless an optional field was malformed.
    pub fn finish<T>(self, value: T) -> Result<T, DecodeError> {
        match self.error {
            None => Ok(value),
            Some(e) => Err(e),
        }
    }

    fn take(&mut self, name: &str) -> Option<Value> {
        self.map.remove(name)
    }

    /// The value of `read`, or the stand-in with the first error kept for `finish`.
    fn keep<T: Default>(&mut self, read: Result<T, DecodeError>) -> T {
        read.unwrap_or_else(|e| {
            self.error.get_or_insert(e);
            T::default()
        })
    }

    /// A field the spec requires: absent is an error, `null` only where `T` allows it.
    pub fn req<T: FromJson>(&mut self, name: &str) -> Result<T, DecodeError> {
        match self.take(name) {
            Some(value) => T::from_json(value).map_err(|e| e.in_field(name)),
            None => Err(missing(name)),
        }
    }

    /// An optional field: absent or `null` is `None`.
    pub fn opt<T: FromJson>(&mut self, name: &str) -> Option<T> {
        let read = match self.take(name) {
            None | Some(Value::Null) => Ok(None),
            Some(value) => T::from_json(value).map(Some).map_err(|e| e.in_field(name)),
        };
        self.keep(read)
    }

    /// An optional list: absent or `null` is empty.
    pub fn list<T: FromJson>(&mut self, name: &str) -> Vec<T> {
        let read = match self.take(name) {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(value) => Vec::from_json(value).map_err(|e| e.in_field(name)),
        };
        self.keep(read)
    }

    /// A required number that may arrive as a string (`wire: number_or_string`).
    pub fn req_lenient<T: WireNumber>(&mut self, name: &str) -> Result<T, DecodeError> {
        match self.take(name) {
            Some(value) => lenient(value).map_err(|e| e.in_field(name)),
            None => Err(missing(name)),
        }
    }

    /// An optional number that may arrive as a string.
    pub fn opt_lenient<T: WireNumber>(&mut self, name: &str) -> Option<T> {
        let read = match self.take(name) {
            None | Some(Value::Null) => Ok(None),
            Some(value) => lenient(value).map(Some).map_err(|e| e.in_field(name)),
        };
        self.keep(read)
    }

    /// A list of numbers that may arrive as strings; absent or `null` is empty.
    pub fn list_lenient<T: WireNumber>(&mut self, name: &str) -> Vec<T> {
        let read = self.list_with(name, lenient);
        self.keep(read)
    }

    /// A required time in the API's format.
    pub fn req_time<T: WireTimeRead>(
        &mut self,
        name: &str,
        format: &TimeFormat,
    ) -> Result<T, DecodeError> {
        match self.take(name) {
            Some(value) => time(format, value).map_err(|e| e.in_field(name)),
            None => Err(missing(name)),
        }
    }

    /// An optional time; absent, `null` or `""` (providers send both for "no time") is `None`.
    pub fn opt_time<T: WireTimeRead>(&mut self, name: &str, format: &TimeFormat) -> Option<T> {
        let read = match self.take(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if s.is_empty() => Ok(None),
            Some(value) => time(format, value).map(Some).map_err(|e| e.in_field(name)),
        };
        self.keep(read)
    }

    /// A list of times; absent or `null` is empty.
    pub fn list_time<T: WireTimeRead>(&mut self, name: &str, format: &TimeFormat) -> Vec<T> {
        let read = self.list_with(name, |value| time(format, value));
        self.keep(read)
    }

    fn list_with<T>(
        &mut self,
        name: &str,
        item: impl Fn(Value) -> Result<T, DecodeError>,
    ) -> Result<Vec<T>, DecodeError> {
        match self.take(name) {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(Value::Array(items)) => items
                .into_iter()
                .enumerate()
                .map(|(i, value)| item(value).map_err(|e| e.in_item(i).in_field(name)))
                .collect(),
            Some(other) => Err(DecodeError::expected("an array", &other).in_field(name)),
        }
    }
}

fn missing(name: &str) -> DecodeError {
    DecodeError::new(format!("missing field `{name}`"))
}

impl ToJson for String {
    fn to_json(&self) -> Result<Value, EncodeError> {
        Ok(Value::String(self.clone()))
    }
}

impl ToJson for str {
    fn to_json(&self) -> Result<Value, EncodeError> {
        Ok(Value::String(self.to_string()))
    }
}

impl ToJson for bool {
    fn to_json(&self) -> Result<Value, EncodeError> {
        Ok(Value::Bool(*self))
    }
}

/// A non-finite float has no JSON form and is written as `null` (validation reports it first
/// wherever the spec gives the parameter a range).
impl ToJson for f64 {
    fn to_json(&self) -> Result<Value, EncodeError> {
        Ok(Number::from_f64(*self).map_or(Value::Null, Value::Number))
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn to_json(&self) -> Result<Value, EncodeError> {
        match self {
            Some(value) => value.to_json(),
            None => Ok(Value::Null),
        }
    }
}

impl<T: ToJson> ToJson for [T] {
    fn to_json(&self) -> Result<Value, EncodeError> {
        self.iter()
            .map(ToJson::to_json)
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array)
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn to_json(&self) -> Result<Value, EncodeError> {
        self.as_slice().to_json()
    }
}

impl<T: ToJson + ?Sized> ToJson for Box<T> {
    fn to_json(&self) -> Result<Value, EncodeError> {
        (**self).to_json()
    }
}

impl<T: ToJson> ToJson for IdOrWord<T> {
    fn to_json(&self) -> Result<Value, EncodeError> {
        match self {
            IdOrWord::Id(id) => id.to_json(),
            IdOrWord::Word(word) => Ok(Value::String(word.clone())),
        }
    }
}

/// A JSON object written field by field by a generated `to_json` (and by requests' bodies):
/// what is unset (`None`, an empty list) is left out.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Object {
    pub map: Map<String, Value>,
}

impl Object {
    pub fn into_value(self) -> Value {
        Value::Object(self.map)
    }

    pub fn put<T: ToJson + ?Sized>(&mut self, name: &str, value: &T) -> Result<(), EncodeError> {
        self.map.insert(name.to_string(), value.to_json()?);
        Ok(())
    }

    pub fn put_opt<T: ToJson>(&mut self, name: &str, value: &Option<T>) -> Result<(), EncodeError> {
        match value {
            Some(value) => self.put(name, value),
            None => Ok(()),
        }
    }

    pub fn put_list<T: ToJson>(&mut self, name: &str, values: &[T]) -> Result<(), EncodeError> {
        if values.is_empty() {
            return Ok(());
        }
        self.put(name, values)
    }

    pub fn put_time<T: crate::wire::WireTime>(
        &mut self,
        name: &str,
        format: &TimeFormat,
        value: &T,
    ) -> Result<(), EncodeError> {
        let text = value.write(format)?;
        self.map.insert(name.to_string(), format.json_value(text));
        Ok(())
    }

    pub fn put_time_opt<T: crate::wire::WireTime>(
        &mut self,
        name: &str,
        format: &TimeFormat,
        value: &Option<T>,
    ) -> Result<(), EncodeError> {
        match value {
            Some(value) => self.put_time(name, format, value),
            None => Ok(()),
        }
    }

    pub fn put_time_list<T: crate::wire::WireTime>(
        &mut self,
        name: &str,
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
        self.map.insert(name.to_string(), Value::Array(items));
        Ok(())
    }
}

/// serde's `Deserialize` (and, with `serialize`, `Serialize`) for a generated type, through
/// [`FromJson`] / [`ToJson`]: `serde_json::from_str::<SomeResponse>(..)` works, and costs
/// nothing to compile unless it is used.
#[macro_export]
macro_rules! json_serde {
    ($name:ident) => {
        impl<'de> $crate::reexports::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::reexports::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let value =
                    <$crate::json::Json as $crate::reexports::serde::Deserialize>::deserialize(
                        deserializer,
                    )?;
                <$name as $crate::json::FromJson>::from_json(value)
                    .map_err(<D::Error as $crate::reexports::serde::de::Error>::custom)
            }
        }
    };
    ($name:ident, serialize) => {
        $crate::json_serde!($name);

        impl $crate::reexports::serde::Serialize for $name {
            fn serialize<S: $crate::reexports::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                let value = <$name as $crate::json::ToJson>::to_json(self)
                    .map_err(<S::Error as $crate::reexports::serde::ser::Error>::custom)?;
                $crate::reexports::serde::Serialize::serialize(&value, serializer)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fields_report_where_a_value_is_wrong() {
        let mut f = Fields::new(json!({"A": "x", "B": [1, "two"], "C": null})).unwrap();
        assert_eq!(f.req::<String>("A").unwrap(), "x");
        let err = f.req::<Vec<i64>>("B").unwrap_err();
        assert_eq!(err.to_string(), "B[1]: expected a number, found a string");
        assert_eq!(f.opt::<i64>("C"), None);
        assert!(f.list::<i64>("Missing").is_empty());
        assert_eq!(
            f.req::<i64>("Missing").unwrap_err().to_string(),
            "missing field `Missing`"
        );
        assert!(f.finish(()).is_ok());
    }

    #[test]
    fn a_malformed_optional_field_fails_the_struct_with_the_first_error() {
        let mut f = Fields::new(json!({"A": "x", "B": [1, "two"], "C": true})).unwrap();
        assert_eq!(f.opt::<i64>("A"), None);
        assert!(f.list::<i64>("B").is_empty());
        assert_eq!(f.opt::<bool>("C"), Some(true));
        assert_eq!(
            f.finish(()).unwrap_err().to_string(),
            "A: expected a number, found a string"
        );
    }

    #[test]
    fn numbers_are_exact() {
        assert!(i32::from_json(json!(3_000_000_000u64)).is_err());
        assert!(i64::from_json(json!(1.5)).is_err());
        assert_eq!(
            u64::from_json(json!(18446744073709551615u64)).unwrap(),
            u64::MAX
        );
        let mut f = Fields::new(json!({"N": "42", "L": ["1.5", 2]})).unwrap();
        assert_eq!(f.req_lenient::<u64>("N").unwrap(), 42);
        assert_eq!(f.list_lenient::<f64>("L"), [1.5, 2.0]);
    }

    #[test]
    fn ids_or_words() {
        assert_eq!(
            IdOrWord::<u64>::from_json(json!("1400188366")).unwrap(),
            IdOrWord::Id(1400188366)
        );
        assert_eq!(
            IdOrWord::<u64>::from_json(json!("total")).unwrap(),
            IdOrWord::Word("total".into())
        );
    }

    #[test]
    fn objects_leave_out_what_is_unset() {
        let mut o = Object::default();
        o.put("A", "x").unwrap();
        o.put_opt::<i64>("B", &None).unwrap();
        o.put_list::<i64>("C", &[]).unwrap();
        o.put("D", &f64::NAN).unwrap();
        assert_eq!(o.into_value(), json!({"A": "x", "D": null}));
    }
}
