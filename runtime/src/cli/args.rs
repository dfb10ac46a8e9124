//! The values of one command line (or `--input` file) by wire name, read into a typed request
//! by generated code: `Args::req`, `opt`, `list` and their `_time` / `_json` forms, one call
//! per parameter.

use std::collections::BTreeMap;
use std::str::FromStr;

use serde_json::Value;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime, PrimitiveDateTime, UtcOffset};

use super::ApiCli;
use crate::json::{self, FromJson};
use crate::wire::TimeFormat;

/// A value the command line cannot give to a parameter, or a parameter it does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{flag}: {message}")]
pub struct ArgError {
    /// The flag as typed (`--start-time`), or the `--input` member.
    pub flag: String,
    pub message: String,
}

/// The raw values of a request's parameters, keyed by wire name, in the order given.
#[derive(Debug, Clone)]
pub struct Args {
    api: &'static ApiCli,
    values: BTreeMap<String, Vec<String>>,
    /// When "now" is, for times written as `now`.
    now: OffsetDateTime,
}

impl Args {
    pub fn new(api: &'static ApiCli, now: OffsetDateTime) -> Self {
        Args {
            api,
            values: BTreeMap::new(),
            now,
        }
    }

    /// Adds a value of parameter `name` (a wire name). A list parameter's value may hold
    /// several items separated by commas (`--app-id a,b` is `--app-id a --app-id b`).
    pub fn push(&mut self, name: &str, value: &str) {
        let list = self
            .api
            .params
            .iter()
            .any(|p| p.name == name && p.list && p.kind != super::ValueKind::Json);
        let entry = self.values.entry(name.to_string()).or_default();
        if list {
            entry.extend(
                value
                    .split(',')
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
                    .map(str::to_string),
            );
        } else {
            entry.push(value.to_string());
        }
    }

    /// Whether `name` has a value.
    pub fn has(&self, name: &str) -> bool {
        self.values.contains_key(name)
    }

    /// Adds every member of a JSON request (`--input`): wire names as keys; scalars as their
    /// text, arrays item by item, objects as JSON text. Command-line flags given as well are
    /// kept and come first.
    pub fn push_json(&mut self, request: &Value) -> Result<(), ArgError> {
        let Value::Object(members) = request else {
            return Err(ArgError {
                flag: "--input".into(),
                message: "expected a JSON object of parameters by wire name".into(),
            });
        };
        for (name, value) in members {
            let Some(param) = self.api.params.iter().find(|p| p.name == *name) else {
                return Err(ArgError {
                    flag: "--input".into(),
                    message: format!(
                        "{} has no parameter {name:?} (parameters: {})",
                        self.api.action,
                        self.api
                            .params
                            .iter()
                            .map(|p| p.name)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                });
            };
            if self.has(name) {
                continue;
            }
            let entry = self.values.entry(name.clone()).or_default();
            match value {
                Value::Null => {}
                Value::Array(items) if param.list => entry.extend(items.iter().map(text)),
                other => entry.push(text(other)),
            }
        }
        Ok(())
    }

    fn flag(&self, name: &str) -> String {
        self.api
            .params
            .iter()
            .find(|p| p.name == name)
            .map_or_else(|| name.to_string(), |p| format!("--{}", p.flag))
    }

    fn error(&self, name: &str, message: impl Into<String>) -> ArgError {
        ArgError {
            flag: self.flag(name),
            message: message.into(),
        }
    }

    fn take(&mut self, name: &str) -> Vec<String> {
        self.values.remove(name).unwrap_or_default()
    }

    /// The single value of `name`, if given; more than one is an error.
    fn one(&mut self, name: &str) -> Result<Option<String>, ArgError> {
        let mut values = self.take(name);
        match values.len() {
            0 => Ok(None),
            1 => Ok(values.pop()),
            n => Err(self.error(name, format!("given {n} times; it takes one value"))),
        }
    }

    fn required<T>(&self, name: &str, value: Option<T>) -> Result<T, ArgError> {
        value.ok_or_else(|| self.error(name, "required"))
    }

    fn parse<T>(&self, name: &str, text: &str) -> Result<T, ArgError>
    where
        T: FromStr,
        T::Err: std::fmt::Display,
    {
        text.parse()
            .map_err(|e: T::Err| self.error(name, format!("cannot read {text:?}: {e}")))
    }

    /// A required value read from its text (strings, numbers, booleans, enums).
    pub fn req<T>(&mut self, name: &str) -> Result<T, ArgError>
    where
        T: FromStr,
        T::Err: std::fmt::Display,
    {
        let value = self.one(name)?;
        let text = self.required(name, value)?;
        self.parse(name, &text)
    }

    /// An optional value read from its text.
    pub fn opt<T>(&mut self, name: &str) -> Result<Option<T>, ArgError>
    where
        T: FromStr,
        T::Err: std::fmt::Display,
    {
        self.one(name)?.map(|t| self.parse(name, &t)).transpose()
    }

    /// A list, each item read from its text.
    pub fn list<T>(&mut self, name: &str) -> Result<Vec<T>, ArgError>
    where
        T: FromStr,
        T::Err: std::fmt::Display,
    {
        self.take(name)
            .iter()
            .map(|t| self.parse(name, t))
            .collect()
    }

    fn time<T: CliTime>(&self, name: &str, format: &TimeFormat, text: &str) -> Result<T, ArgError> {
        T::read(text, format, self.now).map_err(|e| self.error(name, e))
    }

    /// A required time, in the API's wire format or a friendlier one (see [`CliTime`]).
    pub fn req_time<T: CliTime>(&mut self, name: &str, format: &TimeFormat) -> Result<T, ArgError> {
        let value = self.one(name)?;
        let text = self.required(name, value)?;
        self.time(name, format, &text)
    }

    /// An optional time.
    pub fn opt_time<T: CliTime>(
        &mut self,
        name: &str,
        format: &TimeFormat,
    ) -> Result<Option<T>, ArgError> {
        self.one(name)?
            .map(|t| self.time(name, format, &t))
            .transpose()
    }

    /// A list of times.
    pub fn list_time<T: CliTime>(
        &mut self,
        name: &str,
        format: &TimeFormat,
    ) -> Result<Vec<T>, ArgError> {
        self.take(name)
            .iter()
            .map(|t| self.time(name, format, t))
            .collect()
    }

    fn json<T: FromJson>(&self, name: &str, text: &str) -> Result<T, ArgError> {
        serde_json::from_str::<serde::de::IgnoredAny>(text)
            .map_err(|e| self.error(name, format!("expected a JSON object: {e}")))?;
        json::from_str(text).map_err(|e| self.error(name, e.to_string()))
    }

    /// A required object, written as JSON with wire names.
    pub fn req_json<T: FromJson>(&mut self, name: &str) -> Result<T, ArgError> {
        let value = self.one(name)?;
        let text = self.required(name, value)?;
        self.json(name, &text)
    }

    /// An optional object, as JSON.
    pub fn opt_json<T: FromJson>(&mut self, name: &str) -> Result<Option<T>, ArgError> {
        self.one(name)?.map(|t| self.json(name, &t)).transpose()
    }

    /// A list of objects, each as JSON.
    pub fn list_json<T: FromJson>(&mut self, name: &str) -> Result<Vec<T>, ArgError> {
        self.take(name).iter().map(|t| self.json(name, t)).collect()
    }
}

/// A JSON value as the text a flag would hold.
fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A time parameter's type, read from what a person types.
pub trait CliTime: Sized {
    /// Reads `text`: the API's wire format, RFC 3339 (`2025-01-01T00:00:00Z`), a date
    /// (`2025-01-01`, midnight in the API's time zone), a date and time without a zone
    /// (`2025-01-01 08:00[:00]`, in the API's time zone) or `now`.
    fn read(text: &str, format: &TimeFormat, now: OffsetDateTime) -> Result<Self, String>;
}

const EXPECTED: &str =
    "expected the API's format, RFC 3339, YYYY-MM-DD, YYYY-MM-DD HH:MM[:SS] or `now`";

impl CliTime for OffsetDateTime {
    fn read(text: &str, format: &TimeFormat, now: OffsetDateTime) -> Result<Self, String> {
        let text = text.trim();
        let zone = format.utc_offset().unwrap_or(UtcOffset::UTC);
        if text == "now" {
            return Ok(now.to_offset(zone));
        }
        if let Ok(t) = format.parse_datetime(text) {
            return Ok(t);
        }
        if let Ok(t) = OffsetDateTime::parse(text, &Rfc3339) {
            return Ok(t);
        }
        let local = text.replace('T', " ");
        let with_seconds = format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
        let minutes = format_description!("[year]-[month]-[day] [hour]:[minute]");
        if let Ok(t) = PrimitiveDateTime::parse(&local, with_seconds)
            .or_else(|_| PrimitiveDateTime::parse(&local, minutes))
        {
            return Ok(t.assume_offset(zone));
        }
        if let Ok(d) = Date::parse(text, format_description!("[year]-[month]-[day]")) {
            return Ok(d.midnight().assume_offset(zone));
        }
        Err(format!("cannot read {text:?} as a time: {EXPECTED}"))
    }
}

impl CliTime for Date {
    fn read(text: &str, format: &TimeFormat, now: OffsetDateTime) -> Result<Self, String> {
        let text = text.trim();
        if text == "now" {
            return Ok(now.date());
        }
        format
            .parse_date(text)
            .or_else(|_| Date::parse(text, format_description!("[year]-[month]-[day]")))
            .or_else(|_| OffsetDateTime::parse(text, &Rfc3339).map(OffsetDateTime::date))
            .map_err(|_| format!("cannot read {text:?} as a date: expected YYYY-MM-DD"))
    }
}
