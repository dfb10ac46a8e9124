//! Reading and writing generated types as JSON, without serde's derives.
//!
//! `#[derive(Deserialize)]` costs most of a generated crate's compile time (measured on
//! Tencent VOD's 241 APIs: 30 of 34 s of a debug build; rusoto found the same). A generated
//! type instead reads itself from a [`Reader`], a pull reader over the response's bytes,
//! with one line per field through [`Fields`] (see [`json_struct!`](crate::json_struct));
//! the generic work (the JSON grammar, type checks, `null` handling, lenient numbers, times,
//! error paths) is compiled once, here. Writing is the same through [`Object`].
//! [`json_serde!`](crate::json_serde) adds serde's traits on top, for users who want
//! `serde_json::from_str` on a generated type.

mod read;
mod reader;

use serde_json::{Map, Number, Value};

use crate::de::IdOrWord;
use crate::wire::{EncodeError, TimeFormat};

pub use read::{parse_text, Fields, WireTimeRead};

/// A JSON value.
pub type Json = Value;
pub use reader::{Kind, NumberText, Reader};
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

/// A type generated code reads from JSON: from a [`Reader`] at the start of its value,
/// which it leaves just after it. A generated struct reads its object through [`Fields`].
pub trait FromJson: Sized {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError>;
}

/// A type generated code writes as JSON.
pub trait ToJson {
    fn to_json(&self) -> Result<Value, EncodeError>;
}

/// Reads `T` from JSON text.
pub fn from_str<T: FromJson>(text: &str) -> Result<T, DecodeError> {
    read_whole(Reader::new(text))
}

/// Reads `T` from JSON bytes.
pub fn from_slice<T: FromJson>(bytes: &[u8]) -> Result<T, DecodeError> {
    read_whole(Reader::from_slice(bytes)?)
}

/// Reads `T` from a parsed JSON value (by writing it out again: for values that arrive
/// parsed, such as serde's, off the hot path).
pub fn from_value<T: FromJson>(value: &Value) -> Result<T, DecodeError> {
    from_str(&value.to_string())
}

fn read_whole<T: FromJson>(mut r: Reader<'_>) -> Result<T, DecodeError> {
    let value = T::read(&mut r)?;
    if let Some(e) = r.take_kept() {
        return Err(e);
    }
    r.end()?;
    Ok(value)
}

macro_rules! to_json_number {
    ($($t:ty),*) => {$(
        impl ToJson for $t {
            fn to_json(&self) -> Result<Value, EncodeError> {
                Ok(Value::from(*self))
            }
        }
    )*};
}
to_json_number!(i32, i64, u32, u64);

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
                $crate::json::from_value::<$name>(&value)
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
    fn objects_leave_out_what_is_unset() {
        let mut o = Object::default();
        o.put("A", "x").unwrap();
        o.put_opt::<i64>("B", &None).unwrap();
        o.put_list::<i64>("C", &[]).unwrap();
        o.put("D", &f64::NAN).unwrap();
        assert_eq!(o.into_value(), json!({"A": "x", "D": null}));
    }
}
