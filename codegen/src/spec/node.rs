//! A YAML document as a tree of nodes that remember where they were written.
//!
//! The loader decodes spec files from this tree rather than straight into structs with serde,
//! because serde stops at the first problem, while a spec author wants every problem of a file
//! at once, each with its line, column and key path.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use super::limits;

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

/// Why a file did not parse, with its position when the parser knows it.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    /// The whole message: `invalid YAML: ...`, or which limit the file exceeds.
    pub message: String,
    pub pos: Pos,
}

/// Parses one YAML document within the [`limits`] on depth, values and text
/// (aliases counted each time they are used). Never panics; an empty document is `null`.
pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    let mut options = serde_saphyr::Options::default();
    let mut budget = serde_saphyr::Budget::default();
    // The parser's own bounds: nesting (its recursion), events and alias replay. The
    // visitor below counts what it builds as well, since a replayed alias of a long string
    // costs its length each time while the parser counts it once.
    budget.max_depth = limits::MAX_DEPTH;
    budget.max_nodes = limits::MAX_VALUES;
    budget.max_events = 4 * limits::MAX_VALUES;
    budget.max_total_scalar_bytes = limits::MAX_TEXT_BYTES;
    options.budget = Some(budget);
    options.alias_limits.max_total_replayed_events = limits::MAX_VALUES;
    BUILT.with(|b| b.set(Built::default()));
    let result = serde_saphyr::from_str_with_options::<Spanned<Value>>(text, options);
    let breach = BUILT.with(|b| b.take().breach);
    match result {
        Ok(spanned) => Ok(Node {
            pos: Pos::of(&spanned.referenced),
            value: spanned.value,
        }),
        Err(err) => {
            let pos = err.location().map(|l| Pos::of(&l)).unwrap_or_default();
            if let Some(limit) = breach {
                return Err(SyntaxError {
                    message: limit.message(),
                    pos,
                });
            }
            // The rendered message repeats the location and a source snippet; the
            // diagnostic prints its own, so keep only the first line.
            let rendered = err.to_string();
            let first = rendered.lines().next().unwrap_or("invalid YAML").trim();
            let message = format!("invalid YAML: {}", plain(strip_location_prefix(first)));
            Err(SyntaxError { message, pos })
        }
    }
}

/// A bound the visitor stopped at.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Limit {
    Depth,
    Values,
    Text,
}

impl Limit {
    fn message(self) -> String {
        match self {
            Limit::Depth => format!(
                "the file nests mappings and lists more than {} deep (aliases included)",
                limits::MAX_DEPTH
            ),
            Limit::Values => format!(
                "the file holds more than {} values once its aliases are expanded",
                limits::MAX_VALUES
            ),
            Limit::Text => format!(
                "the file holds more than {} MiB of text once its aliases are expanded",
                limits::MAX_TEXT_BYTES >> 20
            ),
        }
    }
}

/// What the visitor has built so far in the current [`parse`] on this thread. Thread-local
/// because serde gives visitors no state of their own; `parse` resets it and nothing else
/// runs between.
#[derive(Debug, Clone, Copy, Default)]
struct Built {
    values: usize,
    text: usize,
    depth: usize,
    breach: Option<Limit>,
}

thread_local! {
    static BUILT: std::cell::Cell<Built> = const {
        std::cell::Cell::new(Built { values: 0, text: 0, depth: 0, breach: None })
    };
}

/// Counts one value of `text_len` bytes (and one level deeper when `enter`), failing once a
/// bound is passed.
fn count<E: de::Error>(text_len: usize, enter: bool) -> Result<(), E> {
    BUILT.with(|cell| {
        let mut b = cell.get();
        b.values += 1;
        b.text = b.text.saturating_add(text_len);
        if enter {
            b.depth += 1;
        }
        let breach = if b.depth > limits::MAX_DEPTH {
            Some(Limit::Depth)
        } else if b.values > limits::MAX_VALUES {
            Some(Limit::Values)
        } else if b.text > limits::MAX_TEXT_BYTES {
            Some(Limit::Text)
        } else {
            None
        };
        b.breach = b.breach.or(breach);
        cell.set(b);
        match breach {
            Some(limit) => Err(E::custom(limit.message())),
            None => Ok(()),
        }
    })
}

fn leave() {
    BUILT.with(|cell| {
        let mut b = cell.get();
        b.depth = b.depth.saturating_sub(1);
        cell.set(b);
    });
}

/// The parser's message without advice meant for the programs that use it (which options
/// to set).
fn plain(message: &str) -> String {
    if let Some(rest) = message.strip_prefix("duplicate mapping key: ") {
        let key = rest
            .split(", set DuplicateKeyPolicy")
            .next()
            .unwrap_or(rest);
        return format!("the key `{key}` is written twice in this mapping");
    }
    match message.split_once(", set ") {
        Some((head, advice)) if advice.contains("Options") => head.to_string(),
        _ => message.to_string(),
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
        count::<E>(0, false)?;
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        count::<E>(0, false)?;
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        count::<E>(0, false)?;
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        count::<E>(0, false)?;
        Ok(Value::Int(v.into()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        count::<E>(0, false)?;
        Ok(Value::Int(v.into()))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value, E> {
        count::<E>(0, false)?;
        Ok(Value::Int(v))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value, E> {
        count::<E>(0, false)?;
        // Larger than any limit a spec can mean; keep it as text so the decoder can say so.
        Ok(i128::try_from(v).map_or_else(|_| Value::Str(v.to_string()), Value::Int))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        count::<E>(0, false)?;
        Ok(Value::Float(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        count::<E>(v.len(), false)?;
        Ok(Value::Str(v.to_string()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        count::<E>(v.len(), false)?;
        Ok(Value::Str(v))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Value, E> {
        count::<E>(v.len(), false)?;
        Ok(Value::Str(String::from_utf8_lossy(v).into_owned()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        count::<A::Error>(0, true)?;
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Value>>()? {
            items.push(node(item));
        }
        leave();
        Ok(Value::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        count::<A::Error>(0, true)?;
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
        leave();
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

#[cfg(test)]
mod plain_messages {
    #[test]
    fn parser_messages_name_no_library_internals() {
        let err = super::parse("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(
            err.message,
            "invalid YAML: the key `a` is written twice in this mapping"
        );
        assert_eq!((err.pos.line, err.pos.column), (3, 1));
    }
}
