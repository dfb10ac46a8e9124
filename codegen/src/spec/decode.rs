//! Decoding the positioned node tree into raw spec structs, collecting every problem.
//!
//! Each raw struct is declared once with `spec_object!`, which derives both its JSON Schema
//! (for editors) and its decoder, so the keys the loader accepts and the keys the schema
//! documents cannot drift apart.

#[cfg(feature = "cli")]
use std::borrow::Cow;

#[cfg(feature = "cli")]
use schemars::{JsonSchema, Schema, SchemaGenerator};

use super::node::{Node, Pos, Value};

/// A structural problem: a missing or unknown key, or a value of the wrong kind.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub pos: Pos,
    /// Key path as the file is written, e.g. `request.StartTime.format`.
    pub path: String,
    pub message: String,
}

/// Collects problems while decoding one file.
#[derive(Debug, Default)]
pub struct Decoder {
    pub problems: Vec<Problem>,
}

impl Decoder {
    pub fn report(&mut self, pos: Pos, path: &str, message: impl Into<String>) {
        self.problems.push(Problem {
            pos,
            path: path.to_string(),
            message: message.into(),
        });
    }

    /// Whether enough problems are known that more need not be worked out (see
    /// [`limits::MAX_PROBLEMS`](super::limits::MAX_PROBLEMS)); the loader says how many
    /// were left out.
    fn full(&self) -> bool {
        self.problems.len() > super::limits::MAX_PROBLEMS
    }

    fn wrong_kind(&mut self, node: &Node, path: &str, expected: &str) {
        // Every text key with one of these names holds a duration (`min` and `max` of a
        // `range` or `length` are numbers, never text).
        const DURATIONS: &[&str] = &[
            "min",
            "max",
            "below",
            "length",
            "every",
            "unit",
            "freshness",
        ];
        let key = path.rsplit('.').next().unwrap_or(path);
        if expected == "a string" && DURATIONS.contains(&key) {
            let message = match &node.value {
                Value::Int(n) => format!(
                    "expected a duration like `31d`, found the number {n} without a unit (units: s, m, h, d)"
                ),
                other => format!("expected a duration like `31d`, found {}", other.kind()),
            };
            self.report(node.pos, path, message);
            return;
        }
        self.report(
            node.pos,
            path,
            format!("expected {expected}, found {}", node.value.kind()),
        );
    }

    /// Decodes the entries of a mapping: reports unknown keys (all of them) and returns the
    /// entries by key, or `None` when `node` is not a mapping.
    pub fn entries<'n>(
        &mut self,
        node: &'n Node,
        path: &str,
        known: &[&str],
    ) -> Option<Vec<(&'n str, &'n Node)>> {
        let Value::Map(entries) = &node.value else {
            self.wrong_kind(node, path, "a mapping");
            return None;
        };
        if entries.len() > super::limits::MAX_ITEMS {
            self.report(
                node.pos,
                path,
                format!(
                    "{} keys is more than the {} a mapping may hold",
                    entries.len(),
                    super::limits::MAX_ITEMS
                ),
            );
            return None;
        }
        let mut out = Vec::with_capacity(entries.len());
        for (key, value) in entries {
            if known.contains(&key.name.as_str()) {
                out.push((key.name.as_str(), value));
            } else if self.full() {
                return None;
            } else {
                let hint = match crate::suggest::closest(&key.name, known.iter().copied()) {
                    Some(best) => format!("did you mean `{best}`? "),
                    None => String::new(),
                };
                self.report(
                    key.pos,
                    &join(path, &key.name),
                    format!(
                        "unknown key `{}` ({hint}expected one of: {})",
                        key.name,
                        known.join(", ")
                    ),
                );
            }
        }
        Some(out)
    }

    /// Decodes the value under `key`, or reports it missing when the type requires it.
    pub fn field<T: Decode>(
        &mut self,
        entries: &[(&str, &Node)],
        parent: &Node,
        path: &str,
        key: &str,
    ) -> Option<T> {
        let child_path = join(path, key);
        match entries.iter().find(|(k, _)| *k == key) {
            Some((_, node)) => T::decode(node, &child_path, self),
            None => {
                let missing = T::when_missing();
                if missing.is_none() {
                    self.report(
                        parent.pos,
                        &child_path,
                        format!("missing required key `{key}`"),
                    );
                }
                missing
            }
        }
    }
}

/// Appends a key to a key path. A key too long to read is shortened to its ends, as in
/// diagnostics: each value of a long list keeps its own path.
pub fn join(path: &str, key: &str) -> String {
    let shortened;
    let key = if key.len() > crate::diagnostics::LONGEST_WORD {
        shortened = crate::diagnostics::shorten(key);
        shortened.as_str()
    } else {
        key
    };
    if path.is_empty() {
        key.to_string()
    } else if key.starts_with('[') {
        format!("{path}{key}")
    } else {
        format!("{path}.{key}")
    }
}

/// A value decodable from a node.
pub trait Decode: Sized {
    /// Decodes `node`; on failure reports to `d` and returns `None`.
    fn decode(node: &Node, path: &str, d: &mut Decoder) -> Option<Self>;

    /// The value when the key is absent: `None` means the key is required.
    fn when_missing() -> Option<Self> {
        None
    }
}

impl<T: Decode> Decode for Option<T> {
    fn decode(node: &Node, path: &str, d: &mut Decoder) -> Option<Self> {
        match node.value {
            Value::Null => Some(None),
            _ => T::decode(node, path, d).map(Some),
        }
    }

    fn when_missing() -> Option<Self> {
        Some(None)
    }
}

impl<T: Decode> Decode for Vec<T> {
    fn decode(node: &Node, path: &str, d: &mut Decoder) -> Option<Self> {
        let Value::Seq(items) = &node.value else {
            d.wrong_kind(node, path, "a list");
            return None;
        };
        if items.len() > super::limits::MAX_ITEMS {
            d.report(
                node.pos,
                path,
                format!(
                    "{} items is more than the {} a list may hold",
                    items.len(),
                    super::limits::MAX_ITEMS
                ),
            );
            return None;
        }
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for (index, item) in items.iter().enumerate() {
            if d.full() {
                return None;
            }
            match T::decode(item, &join(path, &item_label(item, index)), d) {
                Some(value) => out.push(value),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }
}

/// Names a list item in key paths by its `name` (or `code`, `value`, `param`) when it has
/// one, so paths read `request.StartTime.format` rather than `request[3].format`.
fn item_label(item: &Node, index: usize) -> String {
    if let Value::Map(entries) = &item.value {
        for label in ["name", "code", "value", "param"] {
            if let Some((_, node)) = entries.iter().find(|(k, _)| k.name == label) {
                match &node.value {
                    Value::Str(s) if !s.is_empty() => return s.clone(),
                    Value::Int(i) => return i.to_string(),
                    _ => {}
                }
            }
        }
    }
    format!("[{index}]")
}

impl Decode for String {
    fn decode(node: &Node, path: &str, d: &mut Decoder) -> Option<Self> {
        match &node.value {
            Value::Str(s) => Some(s.clone()),
            _ => {
                d.wrong_kind(node, path, "a string");
                None
            }
        }
    }
}

impl Decode for bool {
    fn decode(node: &Node, path: &str, d: &mut Decoder) -> Option<Self> {
        match node.value {
            Value::Bool(b) => Some(b),
            _ => {
                d.wrong_kind(node, path, "`true` or `false`");
                None
            }
        }
    }
}

macro_rules! decode_unsigned {
    ($($ty:ty),*) => {$(
        impl Decode for $ty {
            fn decode(node: &Node, path: &str, d: &mut Decoder) -> Option<Self> {
                match node.value {
                    Value::Int(i) => match <$ty>::try_from(i) {
                        Ok(v) => Some(v),
                        Err(_) => {
                            d.report(
                                node.pos,
                                path,
                                format!("{i} is out of range for {}", stringify!($ty)),
                            );
                            None
                        }
                    },
                    _ => {
                        d.wrong_kind(node, path, "a non-negative integer");
                        None
                    }
                }
            }
        }
    )*};
}
decode_unsigned!(u16, u64);

impl Decode for f64 {
    fn decode(node: &Node, path: &str, d: &mut Decoder) -> Option<Self> {
        match node.value {
            // Spec numbers are small; the conversion is exact for every documented limit.
            Value::Int(i) => Some(i as f64),
            Value::Float(f) if f.is_finite() => Some(f),
            _ => {
                d.wrong_kind(node, path, "a finite number");
                None
            }
        }
    }
}

/// A scalar of any kind: defaults, `one_of` values, conditions.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    Str(String),
    Int(i128),
    Float(f64),
    Bool(bool),
}

impl Decode for Scalar {
    fn decode(node: &Node, path: &str, d: &mut Decoder) -> Option<Self> {
        match &node.value {
            Value::Str(s) => Some(Scalar::Str(s.clone())),
            Value::Int(i) => Some(Scalar::Int(*i)),
            Value::Float(f) if f.is_finite() => Some(Scalar::Float(*f)),
            Value::Bool(b) => Some(Scalar::Bool(*b)),
            _ => {
                d.wrong_kind(node, path, "a string, number or boolean");
                None
            }
        }
    }
}

#[cfg(feature = "cli")]
impl JsonSchema for Scalar {
    fn schema_name() -> Cow<'static, str> {
        "Scalar".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        schemars::json_schema!({
            "description": "A string, number or boolean",
            "type": ["string", "number", "boolean"]
        })
    }
}

/// A documented default: a scalar, or a list of scalars for a list parameter
/// (`default: [Third]`).
#[derive(Debug, Clone, PartialEq)]
pub enum DefaultSpec {
    One(Scalar),
    List(Vec<At<Scalar>>),
}

impl Decode for DefaultSpec {
    fn decode(node: &Node, path: &str, d: &mut Decoder) -> Option<Self> {
        match &node.value {
            Value::Seq(_) => Vec::<At<Scalar>>::decode(node, path, d).map(DefaultSpec::List),
            _ => Scalar::decode(node, path, d).map(DefaultSpec::One),
        }
    }
}

#[cfg(feature = "cli")]
impl JsonSchema for DefaultSpec {
    fn schema_name() -> Cow<'static, str> {
        "Default".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        schemars::json_schema!({
            "description": "A string, number or boolean; for a list parameter a list of them",
            "type": ["string", "number", "boolean", "array"],
            "items": { "type": ["string", "number", "boolean"] }
        })
    }
}

/// Text that may be written as a number: enum wire values such as `"3600"`.
#[derive(Debug, Clone, PartialEq)]
pub struct Text(pub String);

impl Decode for Text {
    fn decode(node: &Node, path: &str, d: &mut Decoder) -> Option<Self> {
        match &node.value {
            Value::Str(s) => Some(Text(s.clone())),
            Value::Int(i) => Some(Text(i.to_string())),
            _ => {
                d.wrong_kind(node, path, "a string");
                None
            }
        }
    }
}

#[cfg(feature = "cli")]
impl JsonSchema for Text {
    fn schema_name() -> Cow<'static, str> {
        "Text".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        schemars::json_schema!({ "type": ["string", "integer"] })
    }
}

/// A decoded value with where it was written, so semantic checks can point at it.
#[derive(Debug, Clone, PartialEq)]
pub struct At<T> {
    pub value: T,
    pub pos: Pos,
    pub path: String,
}

impl<T: Decode> Decode for At<T> {
    fn decode(node: &Node, path: &str, d: &mut Decoder) -> Option<Self> {
        T::decode(node, path, d).map(|value| At {
            value,
            pos: node.pos,
            path: path.to_string(),
        })
    }
}

#[cfg(feature = "cli")]
impl<T: JsonSchema> JsonSchema for At<T> {
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }

    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

/// Declares a raw spec struct: the struct (with its JSON Schema) and its decoder. A field
/// of type `Option<_>` is optional; every other field is required. `field as "key"` gives
/// the YAML key where it differs from the field name.
macro_rules! spec_object {
    (
        $(#[$meta:meta])*
        $name:ident {
            $(
                $(#[$field_meta:meta])*
                $field:ident $(as $key:literal)? : $ty:ty
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq)]
        #[cfg_attr(feature = "cli", derive(schemars::JsonSchema), serde(deny_unknown_fields))]
        pub struct $name {
            /// Where the mapping starts, and its key path.
            #[cfg_attr(feature = "cli", schemars(skip))]
            pub at: $crate::spec::decode::At<()>,
            $(
                $(#[$field_meta])*
                $(#[cfg_attr(feature = "cli", serde(rename = $key))])?
                pub $field: $ty,
            )*
        }

        impl $crate::spec::decode::Decode for $name {
            fn decode(
                node: &$crate::spec::node::Node,
                path: &str,
                d: &mut $crate::spec::decode::Decoder,
            ) -> Option<Self> {
                const KEYS: &[&str] = &[$(spec_object!(@key $field $($key)?)),*];
                let entries = d.entries(node, path, KEYS)?;
                $(
                    let $field: Option<$ty> =
                        d.field(&entries, node, path, spec_object!(@key $field $($key)?));
                )*
                Some($name {
                    at: $crate::spec::decode::At { value: (), pos: node.pos, path: path.to_string() },
                    $($field: $field?,)*
                })
            }
        }
    };
    (@key $field:ident $key:literal) => { $key };
    (@key $field:ident) => { stringify!($field) };
}

pub(crate) use spec_object;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::node::parse;

    spec_object! {
        Sample {
            name: At<String>,
            kind as "type": Option<String>,
            items: Option<Vec<Inner>>,
        }
    }

    spec_object! {
        Inner {
            name: String,
            count: Option<u64>,
        }
    }

    fn decode(text: &str) -> (Option<Sample>, Vec<Problem>) {
        let node = parse(text).unwrap();
        let mut d = Decoder::default();
        let value = Sample::decode(&node, "root", &mut d);
        (value, d.problems)
    }

    #[test]
    fn decodes_and_keeps_positions() {
        let (value, problems) = decode("name: a\ntype: b\nitems:\n  - name: x\n    count: 2\n");
        assert!(problems.is_empty(), "{problems:?}");
        let value = value.unwrap();
        assert_eq!(value.name.value, "a");
        assert_eq!(value.name.pos.line, 1);
        assert_eq!(value.kind.as_deref(), Some("b"));
        assert_eq!(value.items.unwrap()[0].count, Some(2));
    }

    #[test]
    fn reports_every_problem_with_its_path() {
        let (value, problems) =
            decode("typo: 1\nitems:\n  - name: x\n    count: -1\n  - count: 1\n    extra: 2\n");
        assert!(value.is_none());
        let summary: Vec<(u64, &str)> = problems
            .iter()
            .map(|p| (p.pos.line, p.path.as_str()))
            .collect();
        assert_eq!(
            summary,
            vec![
                (1, "root.typo"),
                (1, "root.name"),
                (4, "root.items.x.count"),
                (6, "root.items[1].extra"),
                (5, "root.items[1].name"),
            ]
        );
    }
}
