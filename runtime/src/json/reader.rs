//! A pull reader of JSON text: what generated types read themselves from, straight from a
//! response's bytes.
//!
//! Parsing a body into a `serde_json::Value` first (a tree of maps and strings) and then
//! taking the typed response out of it cost a call twice the allocations and time of the
//! typed read alone. The reader walks the text once, hands out keys and strings borrowed
//! from it (copied only when they hold escapes), and lets each type take the values it
//! declares and skip the rest.
//!
//! It accepts exactly the JSON that `serde_json::from_slice` accepts, numbers included (the
//! property tests compare the two on random and broken documents), and it never panics:
//! every malformed input is a [`DecodeError`] naming where the text went wrong.

use std::borrow::Cow;

use serde_json::{Map, Number, Value};

use super::DecodeError;

/// How deeply arrays and objects may nest: serde_json's own limit, so that both accept the
/// same documents, and deep enough for any real response while keeping the recursion of a
/// hostile document far from the end of the stack.
const MAX_DEPTH: u32 = 128;

/// Where a pull reader is in a JSON text, and what it has seen that a caller asked it to
/// remember.
#[derive(Debug)]
pub struct Reader<'a> {
    text: &'a str,
    pos: usize,
    /// How many arrays and objects the reader is inside.
    depth: u32,
    /// An array or object was just opened: its first member needs no comma.
    fresh: bool,
    /// An error noted on the way that ends every object early: the envelope's `Error`,
    /// seen among the payload's keys (see [`EnvelopeWatch`]).
    kept: Option<DecodeError>,
    envelope: EnvelopeWatch<'a>,
    /// The keys met so far in the objects being read as structs: a stack, each struct's
    /// keys above its parent's (see [`Object`]).
    keys: Vec<Key<'a>>,
}

/// A key of an object being read as a struct.
#[derive(Debug)]
struct Key<'a> {
    name: Cow<'a, str>,
    /// Where its value starts.
    at: usize,
    /// Whether the struct has read its value.
    read: bool,
}

/// An object being read as a struct, field by field in the struct's order.
///
/// Providers send fields in their documented order, which is the struct's, so the value a
/// struct asks for is nearly always the next one in the text, and is read in place: the
/// text is read once. A key that comes before it is noted with where its value starts, and
/// the value skipped; a later field is read from there. Once the struct has all its fields,
/// the rest of the object is passed by, and a field that came twice is an error (as with
/// serde's derive; which of the two to keep is anyone's guess).
#[derive(Debug)]
pub(super) struct Object {
    /// This object's keys are `keys[start..]` of the reader.
    start: usize,
    /// The depth of its values.
    depth: u32,
    /// Where the text not yet passed by goes on (before a comma or the closing brace).
    next: usize,
    /// No member passed by yet.
    first: bool,
    /// The closing brace has been passed.
    done: bool,
}

/// Where the value of a field is, for [`Reader::value_of`].
#[derive(Debug, Clone, Copy)]
pub(super) struct Found {
    at: usize,
    /// The value is the text's next one, read in place (rather than noted before).
    in_place: bool,
}

/// The envelope keys a provider mixes into the payload object (Tencent's `Response` holds
/// `RequestId` and `Error` beside the payload's fields; Alibaba's whole body does), noted
/// while the payload is read so that the body is read once.
#[derive(Debug, Default)]
struct EnvelopeWatch<'a> {
    /// The depth inside the payload object whose keys are watched (0: none).
    depth: u32,
    /// Whether an `Error` key is the answer's error (Tencent) or only a field (Alibaba).
    errors: bool,
    request_id: Option<Cow<'a, str>>,
    error: bool,
}

/// What kind of value comes next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Null,
    Bool,
    Number,
    String,
    Array,
    Object,
}

impl Kind {
    /// The kind as an error message names it.
    pub fn described(self) -> &'static str {
        match self {
            Kind::Null => "null",
            Kind::Bool => "a boolean",
            Kind::Number => "a number",
            Kind::String => "a string",
            Kind::Array => "an array",
            Kind::Object => "an object",
        }
    }
}

/// What a number's text looks like.
#[derive(Debug, Clone, Copy)]
struct NumberShape {
    negative: bool,
    /// No fraction and no exponent.
    integer: bool,
    exponent: bool,
}

/// A number's text, checked against JSON's grammar, and what it holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum NumberText<'a> {
    /// An integer that fits `i64` (any sign) or `u64`.
    Int(i64),
    Uint(u64),
    /// Anything else, as serde_json reads it: a fraction, an exponent, an integer too
    /// large for 64 bits, or `-0`.
    Float(f64, &'a str),
}

impl NumberText<'_> {
    /// The number as serde_json holds it (for messages and free-form values).
    pub fn to_number(self) -> Number {
        match self {
            NumberText::Int(i) => Number::from(i),
            NumberText::Uint(u) => Number::from(u),
            // Finite: `number` rejects the rest, as serde_json does.
            NumberText::Float(f, _) => Number::from_f64(f).unwrap_or_else(|| Number::from(0)),
        }
    }
}

/// A syntax error at byte `at` of `bytes`, with its line and column.
fn syntax_error(bytes: &[u8], at: usize, what: &str) -> DecodeError {
    let before = bytes.get(..at).unwrap_or(bytes);
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = before.len()
        - before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1)
        + 1;
    DecodeError::new(format!("{what} at line {line} column {column}"))
}

/// The index of the first byte from `from` on that ends a run of plain string text: a
/// quote, a backslash or a control character (`bytes.len()` if none). Eight bytes at a
/// time, as most of a response is string text: a byte-by-byte loop was a fifth of reading
/// one.
fn string_stop(bytes: &[u8], from: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // The high bit of each byte of `x` that is below `n` (exact for the lowest such byte,
    // which is all `trailing_zeros` looks at).
    let below = |x: u64, n: u8| x.wrapping_sub(ONES * u64::from(n)) & !x & HIGHS;
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let Ok(chunk) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let v = u64::from_le_bytes(chunk);
        let stops = below(v ^ (ONES * u64::from(b'"')), 1)
            | below(v ^ (ONES * u64::from(b'\\')), 1)
            | below(v, 0x20);
        if stops != 0 {
            return i + (stops.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while let Some(&b) = bytes.get(i) {
        if b == b'"' || b == b'\\' || b < 0x20 {
            break;
        }
        i += 1;
    }
    i
}

impl<'a> Reader<'a> {
    /// A reader at the start of `text`.
    pub fn new(text: &'a str) -> Self {
        Reader {
            text,
            pos: 0,
            depth: 0,
            fresh: false,
            kept: None,
            envelope: EnvelopeWatch::default(),
            keys: Vec::new(),
        }
    }

    /// A reader of `bytes`, which must be UTF-8 (as JSON is).
    pub fn from_slice(bytes: &'a [u8]) -> Result<Self, DecodeError> {
        match std::str::from_utf8(bytes) {
            Ok(text) => Ok(Reader::new(text)),
            Err(e) => Err(syntax_error(
                bytes,
                e.valid_up_to(),
                "invalid UTF-8 in the JSON text",
            )),
        }
    }

    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    /// A syntax error at the reader's position.
    pub fn syntax(&self, what: &str) -> DecodeError {
        syntax_error(self.bytes(), self.pos, what)
    }

    fn skip_whitespace(&mut self) {
        let bytes = self.bytes();
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    /// The next byte that is not whitespace, not consumed.
    fn peek(&mut self) -> Option<u8> {
        self.skip_whitespace();
        self.bytes().get(self.pos).copied()
    }

    /// The kind of the next value, or a syntax error if none starts here.
    pub fn kind(&mut self) -> Result<Kind, DecodeError> {
        match self.peek() {
            Some(b'n') => Ok(Kind::Null),
            Some(b't' | b'f') => Ok(Kind::Bool),
            Some(b'-' | b'0'..=b'9') => Ok(Kind::Number),
            Some(b'"') => Ok(Kind::String),
            Some(b'[') => Ok(Kind::Array),
            Some(b'{') => Ok(Kind::Object),
            Some(_) => Err(self.syntax("expected a value")),
            None => Err(self.syntax("EOF while parsing a value")),
        }
    }

    /// "expected `what`, found ..." for the next value (or the syntax error there).
    pub fn expected(&mut self, what: &str) -> DecodeError {
        match self.kind() {
            Ok(kind) => DecodeError::new(format!("expected {what}, found {}", kind.described())),
            Err(e) => e,
        }
    }

    fn literal(&mut self, word: &str) -> Result<(), DecodeError> {
        match self.bytes().get(self.pos..self.pos + word.len()) {
            Some(found) if found == word.as_bytes() => {
                self.pos += word.len();
                Ok(())
            }
            _ => Err(self.syntax("expected a value")),
        }
    }

    /// `null`, consumed, if it comes next.
    pub fn null(&mut self) -> Result<bool, DecodeError> {
        if self.peek() == Some(b'n') {
            self.literal("null")?;
            return Ok(true);
        }
        Ok(false)
    }

    /// A boolean.
    pub fn bool(&mut self) -> Result<bool, DecodeError> {
        match self.peek() {
            Some(b't') => self.literal("true").map(|()| true),
            Some(b'f') => self.literal("false").map(|()| false),
            _ => Err(self.expected("a boolean")),
        }
    }

    /// `""`, consumed, if it comes next.
    pub fn empty_str(&mut self) -> Result<bool, DecodeError> {
        if self.peek() == Some(b'"') && self.bytes().get(self.pos + 1) == Some(&b'"') {
            self.pos += 2;
            return Ok(true);
        }
        Ok(false)
    }

    /// A string, borrowed from the text unless it holds escapes.
    pub fn str(&mut self) -> Result<Cow<'a, str>, DecodeError> {
        if self.peek() != Some(b'"') {
            return Err(self.expected("a string"));
        }
        self.string_body()
    }

    /// The rest of a string whose opening quote is at `pos`.
    fn string_body(&mut self) -> Result<Cow<'a, str>, DecodeError> {
        let bytes = self.bytes();
        let start = self.pos + 1;
        let i = string_stop(bytes, start);
        // The common case, a string without escapes, is a slice of the text.
        match bytes.get(i) {
            Some(b'"') => {
                self.pos = i + 1;
                return self.slice(start, i).map(Cow::Borrowed);
            }
            Some(b'\\') => {}
            Some(_) => {
                self.pos = i;
                return Err(self.syntax("control character found while parsing a string"));
            }
            None => {
                self.pos = i;
                return Err(self.syntax("EOF while parsing a string"));
            }
        }
        let mut owned = String::with_capacity(i - start + 8);
        owned.push_str(self.slice(start, i)?);
        self.pos = i;
        loop {
            let run = self.pos;
            self.pos = string_stop(bytes, run);
            owned.push_str(self.slice(run, self.pos)?);
            match bytes.get(self.pos) {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(Cow::Owned(owned));
                }
                Some(b'\\') => {
                    self.pos += 1;
                    self.escape(&mut owned)?;
                }
                Some(_) => {
                    return Err(self.syntax("control character found while parsing a string"))
                }
                None => return Err(self.syntax("EOF while parsing a string")),
            }
        }
    }

    /// `text[start..end]`; both ends are at ASCII bytes the scan stopped at, so always on
    /// character boundaries of the (valid UTF-8) text.
    fn slice(&self, start: usize, end: usize) -> Result<&'a str, DecodeError> {
        self.text
            .get(start..end)
            .ok_or_else(|| self.syntax("invalid string"))
    }

    /// One escape after its backslash, appended to `out`.
    fn escape(&mut self, out: &mut String) -> Result<(), DecodeError> {
        let Some(&b) = self.bytes().get(self.pos) else {
            return Err(self.syntax("EOF while parsing a string"));
        };
        self.pos += 1;
        let c = match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => self.unicode_escape()?,
            _ => return Err(self.syntax("invalid escape")),
        };
        out.push(c);
        Ok(())
    }

    /// The character of a `\u` escape (its `u` consumed), joining a surrogate pair.
    fn unicode_escape(&mut self) -> Result<char, DecodeError> {
        let first = self.hex4()?;
        let code = match first {
            0xD800..=0xDBFF => {
                if self.bytes().get(self.pos..self.pos + 2) != Some(b"\\u") {
                    return Err(self.syntax("lone leading surrogate in hex escape"));
                }
                self.pos += 2;
                let second = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err(self.syntax("lone leading surrogate in hex escape"));
                }
                0x10000 + ((u32::from(first) - 0xD800) << 10) + (u32::from(second) - 0xDC00)
            }
            0xDC00..=0xDFFF => return Err(self.syntax("lone trailing surrogate in hex escape")),
            other => u32::from(other),
        };
        char::from_u32(code).ok_or_else(|| self.syntax("invalid unicode code point"))
    }

    fn hex4(&mut self) -> Result<u16, DecodeError> {
        let mut value = 0u16;
        for _ in 0..4 {
            let digit = match self.bytes().get(self.pos) {
                Some(&b @ b'0'..=b'9') => b - b'0',
                Some(&b @ b'a'..=b'f') => b - b'a' + 10,
                Some(&b @ b'A'..=b'F') => b - b'A' + 10,
                Some(_) => return Err(self.syntax("invalid escape")),
                None => return Err(self.syntax("EOF while parsing a string")),
            };
            value = value * 16 + u16::from(digit);
            self.pos += 1;
        }
        Ok(value)
    }

    /// A number, checked against JSON's grammar.
    pub fn number(&mut self) -> Result<NumberText<'a>, DecodeError> {
        let (start, shape) = self.number_span()?;
        let text = self.slice(start, self.pos)?;
        if shape.integer {
            // serde_json reads `-0` as the float -0.0, and so must this, for `f64` fields.
            if shape.negative && text != "-0" {
                if let Ok(i) = text.parse::<i64>() {
                    return Ok(NumberText::Int(i));
                }
            } else if !shape.negative {
                if let Ok(u) = text.parse::<u64>() {
                    return Ok(match i64::try_from(u) {
                        Ok(i) => NumberText::Int(i),
                        Err(_) => NumberText::Uint(u),
                    });
                }
            }
        }
        // Rust's float parsing rounds correctly, as serde_json's `float_roundtrip` does.
        match text.parse::<f64>() {
            Ok(f) if f.is_finite() => Ok(NumberText::Float(f, text)),
            _ => {
                self.pos = start;
                Err(self.syntax("number out of range"))
            }
        }
    }

    /// Passes a number by: its grammar checked, its value worked out only where it could
    /// be out of range (an exponent, or more digits than any finite `f64` has).
    fn skip_number(&mut self) -> Result<(), DecodeError> {
        let (start, shape) = self.number_span()?;
        if shape.exponent || self.pos - start > 300 {
            self.pos = start;
            self.number()?;
        }
        Ok(())
    }

    /// Moves past a number, checking its grammar; where it started, and its shape.
    fn number_span(&mut self) -> Result<(usize, NumberShape), DecodeError> {
        if !matches!(self.peek(), Some(b'-' | b'0'..=b'9')) {
            return Err(self.expected("a number"));
        }
        let bytes = self.bytes();
        let start = self.pos;
        let mut i = start;
        let negative = bytes.get(i) == Some(&b'-');
        if negative {
            i += 1;
        }
        let digits = |i: &mut usize| {
            let from = *i;
            while let Some(b'0'..=b'9') = bytes.get(*i) {
                *i += 1;
            }
            *i - from
        };
        match bytes.get(i) {
            // No leading zeros: a `0` is the whole integer part.
            Some(b'0') => i += 1,
            Some(b'1'..=b'9') => {
                digits(&mut i);
            }
            _ => {
                self.pos = i;
                return Err(self.syntax("invalid number"));
            }
        }
        let mut shape = NumberShape {
            negative,
            integer: true,
            exponent: false,
        };
        if bytes.get(i) == Some(&b'.') {
            i += 1;
            shape.integer = false;
            if digits(&mut i) == 0 {
                self.pos = i;
                return Err(self.syntax("invalid number"));
            }
        }
        if let Some(b'e' | b'E') = bytes.get(i) {
            i += 1;
            shape.integer = false;
            shape.exponent = true;
            if let Some(b'+' | b'-') = bytes.get(i) {
                i += 1;
            }
            if digits(&mut i) == 0 {
                self.pos = i;
                return Err(self.syntax("invalid number"));
            }
        }
        self.pos = i;
        Ok((start, shape))
    }

    /// Opens an object, so that its keys can be read with [`next_key`](Self::next_key).
    pub fn begin_object(&mut self) -> Result<(), DecodeError> {
        if self.peek() != Some(b'{') {
            return Err(self.expected("an object"));
        }
        self.open()
    }

    /// Opens an array, so that its items can be read after [`next_item`](Self::next_item).
    pub fn begin_array(&mut self) -> Result<(), DecodeError> {
        if self.peek() != Some(b'[') {
            return Err(self.expected("an array"));
        }
        self.open()
    }

    fn open(&mut self) -> Result<(), DecodeError> {
        // serde_json fails at its 128th level.
        if self.depth + 1 >= MAX_DEPTH {
            return Err(self.syntax("recursion limit exceeded"));
        }
        self.depth += 1;
        self.pos += 1;
        self.fresh = true;
        Ok(())
    }

    /// After the opening bracket or a member: `true` if another member follows (its comma
    /// consumed), `false` at the closing bracket (consumed).
    fn next_member(&mut self, close: u8) -> Result<bool, DecodeError> {
        let fresh = std::mem::replace(&mut self.fresh, false);
        match self.peek() {
            Some(b) if b == close => {
                self.pos += 1;
                self.depth -= 1;
                Ok(false)
            }
            _ if fresh => Ok(true),
            Some(b',') => {
                self.pos += 1;
                Ok(true)
            }
            Some(_) if close == b'}' => Err(self.syntax("expected `,` or `}`")),
            Some(_) => Err(self.syntax("expected `,` or `]`")),
            None if close == b'}' => Err(self.syntax("EOF while parsing an object")),
            None => Err(self.syntax("EOF while parsing a list")),
        }
    }

    /// The next key of the open object, its colon consumed, or `None` after its last
    /// member (or once an error has been kept: the struct being read stops there).
    pub fn next_key(&mut self) -> Result<Option<Cow<'a, str>>, DecodeError> {
        if self.kept.is_some() {
            return Ok(None);
        }
        let key = self.next_key_unwatched()?;
        if let Some(key) = &key {
            if self.envelope.depth == self.depth {
                self.watch(key)?;
            }
        }
        Ok(key)
    }

    /// Whether the open array has another item (then read it), or has ended.
    pub fn next_item(&mut self) -> Result<bool, DecodeError> {
        if self.kept.is_some() {
            return Ok(false);
        }
        self.next_member(b']')
    }

    /// Skips the next value, checking its syntax.
    pub fn skip(&mut self) -> Result<(), DecodeError> {
        match self.kind()? {
            Kind::Null => self.literal("null"),
            Kind::Bool => self.bool().map(drop),
            Kind::Number => self.skip_number(),
            Kind::String => self.string_body().map(drop),
            Kind::Array => {
                self.begin_array()?;
                while self.next_member(b']')? {
                    self.skip()?;
                }
                Ok(())
            }
            Kind::Object => {
                self.begin_object()?;
                while let Some(_key) = self.next_key_unwatched()? {
                    self.skip()?;
                }
                Ok(())
            }
        }
    }

    /// [`next_key`](Self::next_key) for a reader that only passes by (skipping a value, or
    /// building a free-form one): no kept error stops it.
    fn next_key_unwatched(&mut self) -> Result<Option<Cow<'a, str>>, DecodeError> {
        if !self.next_member(b'}')? {
            return Ok(None);
        }
        if self.peek() != Some(b'"') {
            return Err(self.syntax("key must be a string"));
        }
        let key = self.string_body()?;
        if self.peek() != Some(b':') {
            return Err(self.syntax("expected `:`"));
        }
        self.pos += 1;
        Ok(Some(key))
    }

    /// The next value as a free-form JSON value.
    pub fn value(&mut self) -> Result<Value, DecodeError> {
        Ok(match self.kind()? {
            Kind::Null => self.literal("null").map(|()| Value::Null)?,
            Kind::Bool => Value::Bool(self.bool()?),
            Kind::Number => Value::Number(self.number()?.to_number()),
            Kind::String => Value::String(self.string_body()?.into_owned()),
            Kind::Array => {
                self.begin_array()?;
                let mut items = Vec::new();
                while self.next_member(b']')? {
                    items.push(self.value()?);
                }
                Value::Array(items)
            }
            Kind::Object => {
                self.begin_object()?;
                let mut map = Map::new();
                while let Some(key) = self.next_key_unwatched()? {
                    // A free-form payload is read whole; the envelope's keys are still seen.
                    if self.envelope.depth == self.depth {
                        self.watch(&key)?;
                    }
                    let value = self.value()?;
                    map.insert(key.into_owned(), value);
                }
                Value::Object(map)
            }
        })
    }

    /// The end of the text: only whitespace may follow the value read.
    pub fn end(&mut self) -> Result<(), DecodeError> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(self.syntax("trailing characters")),
        }
    }

    /// Opens the object that comes next, to be read as a struct (see [`Object`]).
    pub(super) fn object(&mut self) -> Result<Object, DecodeError> {
        self.begin_object()?;
        Ok(Object {
            start: self.keys.len(),
            depth: self.depth,
            next: self.pos,
            first: true,
            done: false,
        })
    }

    /// Passes by the object's next member's key, noting it; `None` at its end (or once an
    /// error has been noted).
    fn next_member_key(&mut self, object: &mut Object) -> Result<Option<usize>, DecodeError> {
        if object.done {
            return Ok(None);
        }
        self.pos = object.next;
        self.depth = object.depth;
        self.fresh = std::mem::replace(&mut object.first, false);
        match self.next_key()? {
            Some(name) => {
                self.keys.push(Key {
                    name,
                    at: self.pos,
                    read: false,
                });
                Ok(Some(self.keys.len() - 1))
            }
            None => {
                object.done = true;
                object.next = self.pos;
                Ok(None)
            }
        }
    }

    /// Moves to the value of field `name`: one whose key was passed by before, else the
    /// next in the text, passing by (and noting) the keys before it. `None` if the object
    /// has no such key.
    pub(super) fn value_of(
        &mut self,
        object: &mut Object,
        name: &str,
    ) -> Result<Option<Found>, DecodeError> {
        let start = object.start.min(self.keys.len());
        if let Some(key) = self.keys[start..]
            .iter_mut()
            .find(|key| !key.read && key.name == name)
        {
            key.read = true;
            self.pos = key.at;
            self.depth = object.depth;
            return Ok(Some(Found {
                at: key.at,
                in_place: false,
            }));
        }
        while let Some(index) = self.next_member_key(object)? {
            if let Some(key) = self.keys.get_mut(index) {
                if key.name == name {
                    key.read = true;
                    return Ok(Some(Found {
                        at: key.at,
                        in_place: true,
                    }));
                }
            }
            self.skip()?;
            object.next = self.pos;
        }
        Ok(None)
    }

    /// After the value at `found` was read (`read_ok`) or failed: the text goes on after
    /// it. A value that failed part way is passed by again from its start.
    pub(super) fn value_done(&mut self, object: &mut Object, found: Found, read_ok: bool) {
        if !found.in_place {
            return;
        }
        if !read_ok {
            self.pos = found.at;
            self.depth = object.depth;
            if self.skip().is_err() {
                // Broken text: nothing after it can be read; the error kept is reported.
                object.done = true;
                return;
            }
        }
        object.next = self.pos;
    }

    /// The struct has read its fields: passes by the rest of the object, checks that no
    /// field came twice, and leaves the reader just after the object.
    pub(super) fn end_struct(&mut self, object: &mut Object) -> Result<(), DecodeError> {
        while self.next_member_key(object)?.is_some() {
            self.skip()?;
            object.next = self.pos;
        }
        if let Some(e) = self.take_kept() {
            return Err(e);
        }
        let keys = self.keys.get(object.start..).unwrap_or_default();
        for (i, key) in keys.iter().enumerate() {
            let twice = |(j, other): (usize, &Key<'_>)| j != i && other.name == key.name;
            if key.read && keys.iter().enumerate().any(twice) {
                return Err(DecodeError::new(format!("duplicate field `{}`", key.name)));
            }
        }
        self.pos = object.next;
        self.depth = object.depth.saturating_sub(1);
        Ok(())
    }

    /// Forgets the keys of `object` (read or abandoned).
    pub(super) fn forget(&mut self, object: &Object) {
        self.keys.truncate(object.start);
    }

    /// Notes `error` (the first one noted stays), ending every object early.
    pub fn keep(&mut self, error: DecodeError) {
        self.kept.get_or_insert(error);
    }

    /// The error noted, taken.
    pub fn take_kept(&mut self) -> Option<DecodeError> {
        self.kept.take()
    }

    /// Watches the keys of the object about to be read for the envelope's `RequestId`
    /// and, with `errors`, its `Error` (see [`EnvelopeWatch`]).
    pub(crate) fn watch_next_object(&mut self, errors: bool) {
        self.envelope.depth = self.depth + 1;
        self.envelope.errors = errors;
    }

    /// Stops watching, and tells what was seen: the request id, and whether the object
    /// held an error.
    pub(crate) fn end_watch(&mut self) -> (Option<Cow<'a, str>>, bool) {
        self.envelope.depth = 0;
        (
            self.envelope.request_id.take(),
            std::mem::take(&mut self.envelope.error),
        )
    }

    /// One key of the watched object, the reader just past its colon. The value is read
    /// ahead and the position put back, so the payload still gets it if it declares it.
    fn watch(&mut self, key: &str) -> Result<(), DecodeError> {
        match key {
            "RequestId" => {
                let at = self.pos;
                self.envelope.request_id = self.text_value()?;
                self.pos = at;
            }
            "Error" if self.envelope.errors => {
                self.envelope.error = true;
                // The answer is an error, not the payload: stop reading it (the caller
                // reads the error from the whole envelope).
                self.keep(DecodeError::new("the answer carries an `Error`"));
            }
            _ => {}
        }
        Ok(())
    }

    /// A string, or a number as its text; `None` for any other value (skipped).
    pub fn text_value(&mut self) -> Result<Option<Cow<'a, str>>, DecodeError> {
        match self.kind()? {
            Kind::String => self.string_body().map(Some),
            Kind::Number => Ok(Some(Cow::Owned(self.number()?.to_number().to_string()))),
            _ => self.skip().map(|()| None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(text: &str) -> Result<Value, DecodeError> {
        let mut r = Reader::new(text);
        let v = r.value()?;
        r.end()?;
        Ok(v)
    }

    #[test]
    fn strings_borrow_unless_escaped() {
        let mut r = Reader::new(r#" "plain" "a\"b\u00e9\ud83d\ude00" "#);
        assert!(matches!(r.str().unwrap(), Cow::Borrowed("plain")));
        assert_eq!(r.str().unwrap(), "a\"bé😀");
        r.end().unwrap();
    }

    #[test]
    fn numbers_are_read_as_serde_json_reads_them() {
        for text in [
            "0",
            "-0",
            "-1",
            "9223372036854775807",
            "9223372036854775808",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775809",
            "1.5",
            "1e3",
            "2.5E-3",
            "1.7976931348623157e308",
        ] {
            let ours = value(text).unwrap();
            let theirs: Value = serde_json::from_str(text).unwrap();
            assert_eq!(ours, theirs, "{text}");
            assert_eq!(ours.to_string(), theirs.to_string(), "{text}");
        }
        for text in ["01", "1.", ".5", "-", "1e", "+1", "1e400", "--1", "0x10"] {
            assert!(value(text).is_err(), "{text}");
            assert!(serde_json::from_str::<Value>(text).is_err(), "{text}");
        }
    }

    #[test]
    fn syntax_errors_say_where() {
        let e = value("{\"a\": 1,\n \"b\" 2}").unwrap_err();
        assert_eq!(e.to_string(), "expected `:` at line 2 column 6");
        let e = value("[1, 2").unwrap_err();
        assert_eq!(e.to_string(), "EOF while parsing a list at line 1 column 6");
        assert!(Reader::from_slice(b"\"\xff\"").is_err());
    }

    #[test]
    fn nesting_is_limited_where_serde_json_limits_it() {
        for n in 120..135 {
            let text = format!("{}{}", "[".repeat(n), "]".repeat(n));
            assert_eq!(
                value(&text).is_ok(),
                serde_json::from_str::<Value>(&text).is_ok(),
                "{n}"
            );
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = "[".repeat(100_000);
        assert!(value(&deep).is_err());
        let mut r = Reader::new(&deep);
        assert!(r.skip().is_err());
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn json() -> impl Strategy<Value = Value> {
            let leaf = prop_oneof![
                Just(Value::Null),
                any::<bool>().prop_map(Value::Bool),
                any::<i64>().prop_map(Value::from),
                any::<u64>().prop_map(Value::from),
                any::<f64>()
                    .prop_filter("finite", |f| f.is_finite())
                    .prop_map(Value::from),
                any::<String>().prop_map(Value::String),
            ];
            leaf.prop_recursive(4, 40, 6, |inner| {
                prop_oneof![
                    prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                    prop::collection::btree_map(any::<String>(), inner, 0..5)
                        .prop_map(|m| Value::Object(m.into_iter().collect())),
                ]
            })
        }

        /// Bytes that often make JSON, often nearly: pieces of JSON syntax and a few others.
        fn jsonish() -> impl Strategy<Value = Vec<u8>> {
            let piece = prop::sample::select(vec![
                "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "\\ud83d", "\\ude00", "0", "-",
                "1", "9", ".", "e", "E", "+", "null", "true", "fals", " ", "\n", "\"k\"", "é",
                "\u{1}", "\\n", "abc",
            ]);
            prop::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat().into_bytes())
        }

        fn compare(bytes: &[u8]) -> Result<(), TestCaseError> {
            let ours = Reader::from_slice(bytes).and_then(|mut r| {
                let v = r.value()?;
                r.end()?;
                Ok(v)
            });
            let theirs: Result<Value, _> = serde_json::from_slice(bytes);
            match (ours, theirs) {
                (Ok(a), Ok(b)) => {
                    prop_assert_eq!(&a, &b);
                    prop_assert_eq!(a.to_string(), b.to_string());
                }
                (Err(_), Err(_)) => {}
                (a, b) => prop_assert!(false, "{:?}: ours {a:?}, serde_json {b:?}", bytes),
            }
            // Skipping accepts exactly what reading does.
            let skipped = Reader::from_slice(bytes).and_then(|mut r| {
                r.skip()?;
                r.end()
            });
            prop_assert_eq!(
                skipped.is_ok(),
                serde_json::from_slice::<Value>(bytes).is_ok()
            );
            Ok(())
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(2000))]

            #[test]
            fn string_runs_stop_where_a_byte_by_byte_scan_stops(
                bytes in prop::collection::vec(prop_oneof![Just(b'"'), Just(b'\\'), 0u8..0x20, any::<u8>(), 0x20u8..0x7f], 0..40),
                from in any::<prop::sample::Index>(),
            ) {
                let from = from.index(bytes.len() + 1);
                let naive = bytes[from..]
                    .iter()
                    .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
                    .map_or(bytes.len(), |i| from + i);
                prop_assert_eq!(string_stop(&bytes, from), naive);
            }

            #[test]
            fn reads_what_serde_json_reads(value in json(), pretty in any::<bool>()) {
                let text = if pretty {
                    serde_json::to_string_pretty(&value).unwrap()
                } else {
                    value.to_string()
                };
                compare(text.as_bytes())?;
            }

            #[test]
            fn rejects_what_serde_json_rejects(value in json(), cut in any::<prop::sample::Index>(), flip in any::<(prop::sample::Index, u8)>()) {
                let text = value.to_string().into_bytes();
                compare(&text[..cut.index(text.len() + 1)])?;
                let mut flipped = text.clone();
                if !flipped.is_empty() {
                    let i = flip.0.index(flipped.len());
                    flipped[i] = flip.1;
                }
                compare(&flipped)?;
            }

            #[test]
            fn agrees_on_jsonish_bytes(bytes in jsonish()) {
                compare(&bytes)?;
            }
        }
    }
}
