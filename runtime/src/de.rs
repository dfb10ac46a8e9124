//! Reading responses that do not quite match their documentation.
//!
//! Each helper here implements one wire quirk a spec can declare (`wire: number_or_string`,
//! `wire: id_or_word`) or a tolerance every generated response has (a list that is `null` or
//! missing reads as empty). Generated code refers to them from `#[serde(deserialize_with)]`.

use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use serde::de::{self, Deserialize, Deserializer, Visitor};

/// A number as JSON sends it, or as a string holding one.
struct NumberOrStringVisitor<T>(PhantomData<T>);

impl<'de, T> Visitor<'de> for NumberOrStringVisitor<T>
where
    T: WireNumber,
{
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number, or a string holding a number")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        T::from_i64(v)
            .map(Some)
            .ok_or_else(|| E::custom(format!("{v} is out of range")))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        T::from_u64(v)
            .map(Some)
            .ok_or_else(|| E::custom(format!("{v} is out of range")))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        T::from_f64(v)
            .map(Some)
            .ok_or_else(|| E::custom(format!("{v} is not a whole number")))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        v.trim()
            .parse()
            .map(Some)
            .map_err(|_| E::custom(format!("{v:?} is not a number")))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

/// A number type a `number_or_string` field can hold: built from any JSON number (exactly;
/// a fraction does not become an integer) or from a string.
pub trait WireNumber: FromStr + Sized {
    fn from_i64(v: i64) -> Option<Self>;
    fn from_u64(v: u64) -> Option<Self>;
    fn from_f64(v: f64) -> Option<Self>;
}

macro_rules! wire_number_int {
    ($($t:ty),*) => {$(
        impl WireNumber for $t {
            fn from_i64(v: i64) -> Option<Self> {
                <$t>::try_from(v).ok()
            }
            fn from_u64(v: u64) -> Option<Self> {
                <$t>::try_from(v).ok()
            }
            fn from_f64(v: f64) -> Option<Self> {
                let whole = v.fract() == 0.0 && v >= <$t>::MIN as f64 && v <= <$t>::MAX as f64;
                whole.then_some(v as $t)
            }
        }
    )*};
}
wire_number_int!(i32, i64, u32, u64);

impl WireNumber for f64 {
    fn from_i64(v: i64) -> Option<Self> {
        Some(v as f64)
    }
    fn from_u64(v: u64) -> Option<Self> {
        Some(v as f64)
    }
    fn from_f64(v: f64) -> Option<Self> {
        Some(v)
    }
}

/// `wire: number_or_string` on an optional field.
pub fn option_number_or_string<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: WireNumber,
{
    d.deserialize_option(NumberOrStringVisitor(PhantomData))
}

/// `wire: number_or_string` on a required field.
pub fn number_or_string<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: WireNumber,
{
    option_number_or_string(d)?.ok_or_else(|| de::Error::custom("expected a number, found null"))
}

/// `wire: number_or_string` on a list: each element a number or a string holding one; a list
/// that is `null` reads as empty.
pub fn list_number_or_string<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: WireNumber,
{
    struct Element<T>(T);
    impl<'de, T: WireNumber> Deserialize<'de> for Element<T> {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            number_or_string(d).map(Element)
        }
    }
    Ok(Option::<Vec<Element<T>>>::deserialize(d)?
        .unwrap_or_default()
        .into_iter()
        .map(|Element(value)| value)
        .collect())
}

/// A list that may be `null`: reads as empty.
pub fn null_as_empty<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

/// `wire: id_or_word`: an id that is usually a number (possibly sent as a string) but may be
/// a word instead, e.g. TRTC's `SdkAppId`, which is `"total"` for the sum over all apps.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum IdOrWord<T> {
    Id(T),
    Word(String),
}

impl<T> IdOrWord<T> {
    /// The id, if this is one.
    pub fn id(&self) -> Option<&T> {
        match self {
            IdOrWord::Id(id) => Some(id),
            IdOrWord::Word(_) => None,
        }
    }

    /// The word, if this is one.
    pub fn word(&self) -> Option<&str> {
        match self {
            IdOrWord::Id(_) => None,
            IdOrWord::Word(word) => Some(word),
        }
    }
}

impl<T: fmt::Display> fmt::Display for IdOrWord<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdOrWord::Id(id) => id.fmt(f),
            IdOrWord::Word(word) => f.write_str(word),
        }
    }
}

impl<T> From<T> for IdOrWord<T> {
    fn from(id: T) -> Self {
        IdOrWord::Id(id)
    }
}

/// Written back as it came: the id as a number, the word as a string.
impl<T: serde::Serialize> serde::Serialize for IdOrWord<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            IdOrWord::Id(id) => id.serialize(s),
            IdOrWord::Word(word) => s.serialize_str(word),
        }
    }
}

impl<'de, T> Deserialize<'de> for IdOrWord<T>
where
    T: WireNumber,
{
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct IdOrWordVisitor<T>(PhantomData<T>);

        impl<'de, T> Visitor<'de> for IdOrWordVisitor<T>
        where
            T: WireNumber,
        {
            type Value = IdOrWord<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an id (number or numeric string) or a word")
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                NumberOrStringVisitor::<T>(PhantomData)
                    .visit_i64(v)
                    .map(|id| id.map_or_else(|| IdOrWord::Word(v.to_string()), IdOrWord::Id))
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                NumberOrStringVisitor::<T>(PhantomData)
                    .visit_u64(v)
                    .map(|id| id.map_or_else(|| IdOrWord::Word(v.to_string()), IdOrWord::Id))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(match v.trim().parse() {
                    Ok(id) => IdOrWord::Id(id),
                    Err(_) => IdOrWord::Word(v.to_string()),
                })
            }
        }

        d.deserialize_any(IdOrWordVisitor(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Sample {
        #[serde(default, deserialize_with = "option_number_or_string")]
        duration: Option<i64>,
        #[serde(default, deserialize_with = "null_as_empty")]
        list: Vec<u32>,
        id: Option<IdOrWord<u64>>,
    }

    fn parse(json: &str) -> Sample {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn numbers_may_arrive_as_strings() {
        assert_eq!(
            parse(r#"{"duration": "423304182"}"#).duration,
            Some(423_304_182)
        );
        assert_eq!(parse(r#"{"duration": 30}"#).duration, Some(30));
        assert_eq!(parse(r#"{"duration": null}"#).duration, None);
        assert_eq!(parse(r#"{}"#).duration, None);
        assert!(serde_json::from_str::<Sample>(r#"{"duration": "many"}"#).is_err());
    }

    #[test]
    fn null_lists_read_as_empty() {
        assert!(parse(r#"{"list": null}"#).list.is_empty());
        assert_eq!(parse(r#"{"list": [1, 2]}"#).list, [1, 2]);
    }

    #[test]
    fn ids_may_be_words() {
        assert_eq!(
            parse(r#"{"id": "1400243510"}"#).id,
            Some(IdOrWord::Id(1_400_243_510))
        );
        assert_eq!(parse(r#"{"id": 7}"#).id, Some(IdOrWord::Id(7)));
        assert_eq!(
            parse(r#"{"id": "total"}"#).id,
            Some(IdOrWord::Word("total".into()))
        );
        assert_eq!(IdOrWord::<u64>::Word("total".into()).to_string(), "total");
    }

    #[test]
    fn ids_and_words_are_written_back_as_they_came() {
        assert_eq!(
            serde_json::to_string(&[IdOrWord::<u64>::Id(7), IdOrWord::Word("total".into())])
                .unwrap(),
            r#"[7,"total"]"#
        );
    }

    #[test]
    fn list_elements_may_arrive_as_strings() {
        #[derive(Debug, Deserialize)]
        struct Lists {
            #[serde(default, deserialize_with = "list_number_or_string")]
            values: Vec<f64>,
        }
        let read = |json: &str| serde_json::from_str::<Lists>(json).map(|l| l.values);
        assert_eq!(
            read(r#"{"values": ["1.5", 2, "3"]}"#).unwrap(),
            [1.5, 2.0, 3.0]
        );
        assert!(read(r#"{"values": null}"#).unwrap().is_empty());
        assert!(read(r#"{}"#).unwrap().is_empty());
        assert!(read(r#"{"values": ["x"]}"#).is_err());
    }
}

/// A closed enum received a value its spec does not list.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{value:?} is not a documented value of {type_name}")]
pub struct UnknownEnumValue {
    pub type_name: &'static str,
    pub value: String,
}

impl UnknownEnumValue {
    pub fn new(type_name: &'static str, value: &str) -> Self {
        UnknownEnumValue {
            type_name,
            value: value.to_string(),
        }
    }
}

/// A value parsed from its wire text (a string or a bare number), as generated enums read
/// themselves.
pub fn parse_text<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: FromStr,
    T::Err: std::fmt::Display,
{
    text_or_number(d)?.parse().map_err(de::Error::custom)
}

/// An enum's wire text, accepting a bare number too (`3600` for `"3600"`).
pub fn text_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    struct TextVisitor;
    impl de::Visitor<'_> for TextVisitor {
        type Value = String;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a string or a number")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
            Ok(v)
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
            Ok(v.to_string())
        }
    }
    d.deserialize_any(TextVisitor)
}
