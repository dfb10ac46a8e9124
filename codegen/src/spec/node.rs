//! A YAML document as a tree of nodes that remember where they were written.
//!
//! The loader decodes spec files from this tree rather than straight into structs with serde,
//! because serde stops at the first problem, while a spec author wants every problem of a file
//! at once, each with its line, column and key path.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

/// A position in a source file (1-based). `line == 0` means unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, PartialOrd, Ord)]
pub struct Pos {
    pub line: u64,
    pub column: u64,
}

impl Pos {
    fn of(location: &serde_saphyr::Location) -> Pos {
        Pos {
            line: location.line(),
            column: location.column(),
        }
    }

    pub fn is_known(self) -> bool {
        self.line > 0
    }
}

/// One YAML value with its position.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    /// Entries in document order.
    Map(Vec<(Key, Node)>),
}

/// A mapping key with its position.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub name: String,
    pub pos: Pos,
}

impl Value {
    /// What a spec author would call this kind of value, for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Int(_) => "an integer",
            Value::Float(_) => "a number",
            Value::Str(_) => "a string",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }
}

/// A YAML syntax error, with its position when the parser knows it.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub message: String,
    pub pos: Pos,
}

/// Parses one YAML document. Never panics; an empty document is `null`.
pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    match serde_saphyr::from_str::<Spanned<Value>>(text) {
        Ok(spanned) => Ok(Node {
            pos: Pos::of(&spanned.referenced),
            value: spanned.value,
        }),
        Err(err) => {
            let pos = err.location().map(|l| Pos::of(&l)).unwrap_or_default();
            // The rendered message repeats the location and a source snippet; the
            // diagnostic prints its own, so keep only the first line.
            let rendered = err.to_string();
            let first = rendered.lines().next().unwrap_or("invalid YAML").trim();
            let message = strip_location_prefix(first).to_string();
            Err(SyntaxError { message, pos })
        }
    }
}

/// Drops a leading `error: line N column M:` that the parser puts in its message.
fn strip_location_prefix(message: &str) -> &str {
    let rest = message
        .strip_prefix("error:")
        .unwrap_or(message)
        .trim_start();
    match rest.strip_prefix("line ") {
        Some(after) => after
            .split_once(": ")
            .map(|(_, text)| text)
            .unwrap_or(message),
        None => rest,
    }
}

fn node(spanned: Spanned<Value>) -> Node {
    Node {
        pos: Pos::of(&spanned.referenced),
        value: spanned.value,
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v.into()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Int(v.into()))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value, E> {
        Ok(Value::Int(v))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value, E> {
        // Larger than any limit a spec can mean; keep it as text so the decoder can say so.
        Ok(i128::try_from(v).map_or_else(|_| Value::Str(v.to_string()), Value::Int))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(v.to_string()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Value, E> {
        Ok(Value::Str(String::from_utf8_lossy(v).into_owned()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Value>>()? {
            items.push(node(item));
        }
        Ok(Value::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<KeyText>>()? {
            let value = map.next_value::<Spanned<Value>>()?;
            entries.push((
                Key {
                    name: key.value.0,
                    pos: Pos::of(&key.referenced),
                },
                node(value),
            ));
        }
        Ok(Value::Map(entries))
    }
}

/// A mapping key: specs only use scalar keys, but a number or boolean key is accepted as its
/// text so that the decoder, not the parser, reports it as an unknown key.
struct KeyText(String);

impl<'de> Deserialize<'de> for KeyText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        Ok(KeyText(match value {
            Value::Str(s) => s,
            Value::Int(i) => i.to_string(),
            Value::Float(f) => f.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Null => "null".to_string(),
            Value::Seq(_) | Value::Map(_) => "<complex key>".to_string(),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_positions_of_keys_and_values() {
        let doc = parse("a: 1\nb:\n  - x\n  - { c: true }\n").unwrap();
        let Value::Map(entries) = &doc.value else {
            panic!("not a map: {doc:?}")
        };
        assert_eq!(entries[0].0.name, "a");
        assert_eq!(entries[0].0.pos, Pos { line: 1, column: 1 });
        assert_eq!(entries[0].1.value, Value::Int(1));
        assert_eq!(entries[0].1.pos.line, 1);
        let Value::Seq(items) = &entries[1].1.value else {
            panic!("not a seq")
        };
        assert_eq!(items[0].pos.line, 3);
        assert_eq!(items[1].pos.line, 4);
    }

    #[test]
    fn syntax_errors_have_a_position() {
        let err = parse("a: [1, 2\nb: 3\n").unwrap_err();
        assert!(err.pos.is_known(), "{err:?}");
    }

    #[test]
    fn empty_document_is_null() {
        assert_eq!(parse("").map(|n| n.value), Ok(Value::Null));
    }
}
