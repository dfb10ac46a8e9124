//! Semantic checks of one API file: every reference resolved, every limit consistent.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::diagnostics::Diagnostics;
use crate::model::*;
use crate::naming;
use crate::spec::decode::{At, DefaultSpec, Scalar};
use crate::spec::raw::{ApiFile, FieldSpec, ParamSpec, TypeSpec};

use super::{lint, values};

/// Reports problems of one file; `None` once anything is wrong (an API is all or nothing).
pub(super) struct Checker<'a> {
    file: &'a Path,
    diags: &'a mut Diagnostics,
    warnings: &'a mut Diagnostics,
    failed: bool,
    /// Parameters and response fields declared but left out for a problem already reported
    /// (an unknown type): a limit naming one says nothing more.
    broken: BTreeSet<String>,
    /// The service's named time formats.
    formats: &'a super::NamedFormats,
}

impl Checker<'_> {
    /// A name that a limit refers to and that is not declared: an error with the closest
    /// declared name, unless it is declared but broken (reported already).
    fn unknown<T>(&mut self, at: &At<T>, what: &str, name: &str, known: &[&str]) {
        if self.broken.contains(name) {
            self.failed = true;
        } else {
            self.err(
                at,
                format!(
                    "no {what} named `{name}`{}",
                    crate::suggest::did_you_mean(name, known.iter().copied())
                ),
            );
        }
    }

    fn err<T>(&mut self, at: &At<T>, message: impl Into<String>) {
        self.failed = true;
        self.diags.push(self.file, at.pos, &at.path, message);
    }

    /// Something probably missing from the spec that does not stop it from loading.
    pub(super) fn warn<T>(&mut self, at: &At<T>, message: impl Into<String>) {
        self.warnings.push(self.file, at.pos, &at.path, message);
    }
}

/// The names the API files of one service generate (all in the service module), worked out
/// once per service from the file names, so each file is checked against its siblings'.
#[derive(Default)]
pub(super) struct ServiceNames<'a> {
    /// Module name (and file) -> the actions that become it.
    modules: BTreeMap<String, Vec<(&'a str, &'a Path)>>,
    /// Client method -> the actions that become it.
    methods: BTreeMap<String, Vec<(&'a str, &'a Path)>>,
    /// Generated item (`<Action>Request`, ...) -> the actions that generate it.
    items: BTreeMap<String, Vec<&'a str>>,
}

impl<'a> ServiceNames<'a> {
    pub fn add(&mut self, action: &'a str, file: &'a Path) {
        self.modules
            .entry(naming::module_name(action))
            .or_default()
            .push((action, file));
        self.methods
            .entry(naming::client_method(action))
            .or_default()
            .push((action, file));
        for item in naming::api_items(action) {
            self.items.entry(item).or_default().push(action);
        }
    }
}

/// Where an API file sits: its service and the names the service's API files generate.
pub(super) struct Scope<'a> {
    pub service: &'a str,
    pub names: &'a ServiceNames<'a>,
    /// The service's named time formats.
    pub formats: &'a super::NamedFormats,
    /// The service's default region, if it has one.
    pub default_region: Option<&'a str>,
}

impl Scope<'_> {
    /// Another action (and its file) that becomes the module `module`.
    fn module_of_other(&self, module: &str, action: &str) -> Option<(&str, &Path)> {
        let found = self.names.modules.get(module)?;
        found.iter().find(|(a, _)| *a != action).copied()
    }

    /// Another action (and its file) whose client method is `method`.
    fn method_of_other(&self, method: &str, action: &str) -> Option<(&str, &Path)> {
        let found = self.names.methods.get(method)?;
        found.iter().find(|(a, _)| *a != action).copied()
    }

    /// Another action that generates the item `item`.
    fn item_of_other(&self, item: &str, action: &str) -> Option<String> {
        let found = self.names.items.get(item)?;
        found.iter().find(|a| **a != action).map(|a| a.to_string())
    }
}

pub(super) fn check(
    stem: &str,
    scope: &Scope<'_>,
    raw: ApiFile,
    file: &Path,
    diags: &mut Diagnostics,
    warnings: &mut Diagnostics,
) -> Option<Api> {
    let mut c = Checker {
        file,
        diags,
        warnings,
        failed: false,
        broken: BTreeSet::new(),
        formats: scope.formats,
    };
    let cx = &mut c;

    let action = raw.action.value.clone();
    if action != stem {
        cx.err(
            &raw.action,
            format!("action `{action}` must match the file name `{stem}.yaml`"),
        );
    }
    if !is_camel_identifier(&action) {
        cx.err(
            &raw.action,
            format!("action `{action}` must be an UpperCamelCase identifier"),
        );
    } else {
        check_action_names(cx, &raw.action, scope);
    }
    if raw.title.value.trim().is_empty() {
        cx.err(&raw.title, "the title must not be empty");
    }
    let method = match raw.http.method.value.as_str() {
        "GET" => Some(HttpMethod::Get),
        "POST" => Some(HttpMethod::Post),
        other => {
            cx.err(
                &raw.http.method,
                format!("unknown HTTP method `{other}` (expected GET or POST)"),
            );
            None
        }
    };
    let params_in = location(cx, &raw.http.params_in, false);
    if method == Some(HttpMethod::Get) && params_in == Some(Location::Body) {
        cx.err(
            &raw.http.params_in,
            "a GET request has no body: use `params_in: query`",
        );
    }

    let types = check_types(cx, &action, scope, raw.types.as_deref().unwrap_or_default());
    let params = check_params(
        cx,
        &raw.request,
        &types,
        params_in.unwrap_or(Location::Body),
        method,
    );
    let response = check_fields(cx, &raw.response, &types, Some(&params));

    let limits = raw.limits.as_ref();
    let rate = limits.and_then(|l| l.rate.as_ref());
    let rate_limit = rate.and_then(|r| match values::rate(&r.limit().value) {
        Ok(rate) => Some(rate),
        Err(m) => {
            cx.err(r.limit(), m);
            None
        }
    });
    let rate_scope = match rate.and_then(|r| r.scope()) {
        None => RateScope::AccessKey,
        Some(at) => match at.value.as_str() {
            "access_key" => RateScope::AccessKey,
            "account" => RateScope::Account,
            other => {
                cx.err(
                    at,
                    format!(
                        "unknown rate limit scope `{other}` (expected access_key or account){}",
                        crate::suggest::did_you_mean(other, ["access_key", "account"])
                    ),
                );
                RateScope::AccessKey
            }
        },
    };
    let mut regions = Vec::new();
    for r in limits
        .and_then(|l| l.regions.as_ref())
        .into_iter()
        .flatten()
    {
        if r.value.trim().is_empty() || r.value.contains(char::is_whitespace) {
            cx.err(r, "a region must be a non-empty word");
        } else if regions.contains(&r.value) {
            cx.err(r, format!("region `{}` is listed twice", r.value));
        } else {
            regions.push(r.value.clone());
        }
    }
    let checked_spans: Vec<(&crate::spec::raw::SpanSpec, SpanLimit)> = limits
        .and_then(|l| l.spans.as_ref())
        .into_iter()
        .flatten()
        .filter_map(|s| Some((s, check_span(cx, s, &params, &types)?)))
        .collect();
    let spans: Vec<SpanLimit> = checked_spans.iter().map(|(_, s)| s.clone()).collect();
    lint::unordered_periods(cx, &raw.request, &params, &spans);
    lint::spans(cx, &checked_spans, &params);
    if let Some(first) = limits
        .and_then(|l| l.regions.as_ref())
        .and_then(|r| r.first())
    {
        lint::region_pin(cx, first, &regions, scope.default_region);
    }
    let lookbacks = limits
        .and_then(|l| l.lookback.as_ref())
        .into_iter()
        .flatten()
        .filter_map(|l| {
            let param = time_param(cx, &l.param, &params)?;
            let max = duration(cx, &l.max)?;
            Some(Lookback {
                param: param.to_string(),
                max,
                note: l.note.clone(),
            })
        })
        .collect();
    let granularity = limits
        .and_then(|l| l.granularity.as_ref())
        .and_then(|g| check_granularity(cx, g, &params, &types));
    let freshness = limits
        .and_then(|l| l.freshness.as_ref())
        .and_then(|d| duration(cx, d));
    let pagination = raw
        .pagination
        .as_ref()
        .and_then(|p| check_pagination(cx, p, &params, &response));
    if let Some(p) = &raw.pagination {
        // The page stream is a client method of its own, `<action>_pages`.
        let pages = naming::pages_method(&action);
        if let Some((other, other_file)) = scope.method_of_other(&pages, &action) {
            cx.err(
                &p.at,
                format!(
                    "the client method streaming the pages of `{action}` is `{pages}`, which is also the method of the action `{other}` ({})",
                    other_file.display()
                ),
            );
        }
    }
    let errors = super::error_codes(raw.errors.clone().unwrap_or_default(), file, cx.diags);
    if let Some(first) = limits
        .and_then(|l| l.spans.as_ref())
        .and_then(|s| s.first())
    {
        // A period gets a client method of its own, `<action>_range`.
        let range = naming::range_method(&action);
        if let Some((other, other_file)) = scope.method_of_other(&range, &action) {
            cx.err(
                &first.at,
                format!(
                    "the client method running `{action}` over a period is `{range}`, which is also the method of the action `{other}` ({})",
                    other_file.display()
                ),
            );
        }
    }

    if c.failed {
        return None;
    }
    Some(Api {
        action,
        title: raw.title.value.trim().to_string(),
        doc: raw.doc,
        docs_url: raw.docs_url,
        deprecated: raw.deprecated.map(|d| Deprecation { note: d.note }),
        method: method?,
        rate_limit,
        rate_scope,
        regions,
        params,
        response,
        types,
        pagination,
        spans,
        lookbacks,
        granularity,
        freshness,
        errors,
        notes: raw.notes.unwrap_or_default(),
        source: file.to_path_buf(),
    })
}

/// The names an action generates, against the names generated code reserves and the
/// names its sibling actions generate (all in one service module).
fn check_action_names(cx: &mut Checker<'_>, at: &At<String>, scope: &Scope<'_>) {
    let action = at.value.as_str();
    let module = naming::module_name(action);
    if let Some((other, other_file)) = scope.module_of_other(&module, action) {
        // Both files report it, each naming the other.
        cx.err(
            at,
            format!(
                "actions `{action}` and `{other}` ({}) both become the module `{module}` (and file `{module}.rs`)",
                other_file.display()
            ),
        );
    }
    let method = naming::client_method(action);
    if naming::CLIENT_METHODS.contains(&method.as_str()) {
        cx.err(
            at,
            format!(
                "action `{action}` would be the client method `{method}`, which every generated client already has"
            ),
        );
    }
    for item in naming::api_items(action) {
        if item == naming::COMMON_ERROR_CODE || item == naming::client_name(scope.service) {
            cx.err(
                at,
                format!(
                    "action `{action}` would generate `{item}`, a name the service module already uses"
                ),
            );
        }
    }
}

/// A type name: Rust names it in UpperCamelCase ([`naming::type_name`]), so `Topic_Info`
/// (as in Tencent's metadata) is allowed and becomes `TopicInfo`.
fn is_type_name(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_uppercase())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn is_camel_identifier(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_uppercase()) && s.chars().all(|c| c.is_ascii_alphanumeric())
}

fn location(cx: &mut Checker<'_>, at: &At<String>, header_ok: bool) -> Option<Location> {
    match at.value.as_str() {
        "body" => Some(Location::Body),
        "query" => Some(Location::Query),
        "header" if header_ok => Some(Location::Header),
        other => {
            let expected = if header_ok {
                "body, query or header"
            } else {
                "body or query"
            };
            cx.err(
                at,
                format!("unknown location `{other}` (expected {expected})"),
            );
            None
        }
    }
}

fn duration(cx: &mut Checker<'_>, at: &At<String>) -> Option<SpecDuration> {
    values::duration(&at.value).map_err(|m| cx.err(at, m)).ok()
}

/// Resolves a type name (`items` for lists) against the built-in types and the API's types.
fn type_ref(
    cx: &mut Checker<'_>,
    ty: &At<String>,
    items: Option<&At<String>>,
    types: &[TypeDef],
) -> Option<TypeRef> {
    let scalar = |name: &str| -> Option<TypeRef> {
        Some(match name {
            "string" => TypeRef::String,
            "bool" => TypeRef::Bool,
            "i32" => TypeRef::I32,
            "i64" => TypeRef::I64,
            "u32" => TypeRef::U32,
            "u64" => TypeRef::U64,
            "f64" => TypeRef::F64,
            "datetime" => TypeRef::DateTime,
            "date" => TypeRef::Date,
            other if types.iter().any(|t| t.name == other) => TypeRef::Named(other.to_string()),
            _ => return None,
        })
    };
    let unknown = |cx: &mut Checker<'_>, at: &At<String>| {
        const BUILT_IN: &[&str] = &[
            "string", "bool", "i32", "i64", "u32", "u64", "f64", "datetime", "date", "list",
        ];
        let known = BUILT_IN
            .iter()
            .copied()
            .chain(types.iter().map(|t| t.name.as_str()));
        cx.err(at, format!("unknown type `{}`{} (expected string, bool, i32, i64, u32, u64, f64, datetime, date, list, or a name declared in `types`)", at.value, crate::suggest::did_you_mean(&at.value, known)));
    };
    if ty.value == "list" {
        let Some(items) = items else {
            cx.err(ty, "a list needs `items: <type>`");
            return None;
        };
        if items.value == "list" {
            cx.err(
                items,
                "lists of lists are not supported: declare a struct for the inner list",
            );
            return None;
        }
        match scalar(&items.value) {
            Some(inner) => Some(TypeRef::List(Box::new(inner))),
            None => {
                unknown(cx, items);
                None
            }
        }
    } else {
        if let Some(items) = items {
            cx.err(items, "`items` is only for `type: list`");
        }
        let t = scalar(&ty.value);
        if t.is_none() {
            unknown(cx, ty);
        }
        t
    }
}

fn element(ty: &TypeRef) -> &TypeRef {
    match ty {
        TypeRef::List(inner) => inner,
        other => other,
    }
}

/// The time format of a datetime or date (or a list of them); rejects stray formats.
fn time_of(
    cx: &mut Checker<'_>,
    ty: &TypeRef,
    format: Option<&At<String>>,
    offset: Option<&At<String>>,
    owner: &At<String>,
) -> Option<TimeFormat> {
    match element(ty) {
        TypeRef::DateTime | TypeRef::Date => {
            let date_only = *element(ty) == TypeRef::Date;
            let Some(format) = format else {
                cx.err(
                    owner,
                    format!(
                        "`{}` is a {} and needs a `format`",
                        owner.value,
                        if date_only { "date" } else { "datetime" }
                    ),
                );
                return None;
            };
            let offset_seconds = match (offset, date_only) {
                (Some(o), true) => {
                    cx.err(o, "a date has no time zone: remove `utc_offset`");
                    None
                }
                (Some(o), false) => Some(
                    values::utc_offset(&o.value)
                        .map_err(|m| cx.err(o, m))
                        .ok()?,
                ),
                (None, _) => None,
            };
            let (description, offset_seconds) =
                resolve_format(cx, format, offset, offset_seconds, date_only)?;
            values::time_format(&description, offset_seconds, date_only)
                .map_err(|m| {
                    if values::is_description(&format.value) {
                        cx.err(format, m)
                    } else {
                        cx.err(
                            format,
                            format!("the format `{}` is {description:?}, and {m}", format.value),
                        )
                    }
                })
                .ok()
        }
        _ => {
            for stray in format.into_iter().chain(offset) {
                cx.err(
                    stray,
                    "`format` and `utc_offset` are only for datetime and date types",
                );
            }
            None
        }
    }
}

/// A `format` as a `time` format description and the zone times are written in: a
/// description as written, a service's named format, or a preset; `utc_offset` as given
/// (`offset_seconds`) or fixed by the named format.
fn resolve_format(
    cx: &mut Checker<'_>,
    format: &At<String>,
    offset: Option<&At<String>>,
    offset_seconds: Option<i32>,
    date_only: bool,
) -> Option<(String, Option<i32>)> {
    let name = format.value.as_str();
    let (description, fixed) = if values::is_description(name) {
        (name.to_string(), None)
    } else if let Some(named) = cx.formats.get(name) {
        // A broken named format is reported in service.yaml.
        let Some(named) = named else {
            cx.failed = true;
            return None;
        };
        (named.description.clone(), named.utc_offset_seconds)
    } else if let Some(preset) = values::preset(name) {
        if preset.date_only != date_only {
            cx.err(
                format,
                format!(
                    "`{name}` is a format of {} (like `{}`), but this is a {}",
                    if preset.date_only {
                        "dates"
                    } else {
                        "datetimes"
                    },
                    preset.example,
                    if date_only { "date" } else { "datetime" }
                ),
            );
            return None;
        }
        (preset.description.to_string(), preset.utc_offset_seconds)
    } else {
        let known: Vec<&str> = values::PRESETS
            .iter()
            .map(|p| p.name)
            .chain(cx.formats.keys().map(String::as_str))
            .collect();
        let service = if cx.formats.is_empty() {
            String::new()
        } else {
            let names: Vec<&str> = cx.formats.keys().map(String::as_str).collect();
            format!(", the service's {}", names.join(", "))
        };
        cx.err(
            format,
            format!(
                "unknown time format `{name}`{} (expected a preset: {}{service}; or a `time` format description such as `[year]-[month]-[day]`)",
                crate::suggest::did_you_mean(name, known.iter().copied()),
                values::PRESETS.iter().map(|p| p.name).collect::<Vec<_>>().join(", "),
            ),
        );
        return None;
    };
    let offset_seconds = match (offset_seconds, fixed) {
        (Some(given), Some(fixed)) if given != fixed => {
            if let Some(o) = offset {
                cx.err(
                    o,
                    format!(
                        "the format `{name}` writes times at {} already: remove `utc_offset`",
                        values::offset_text(fixed)
                    ),
                );
            }
            return None;
        }
        (Some(given), _) => Some(given),
        (None, fixed) => fixed,
    };
    if !date_only && offset_seconds.is_none() {
        cx.err(
            format,
            "a datetime needs a `utc_offset` (the zone the wire uses), e.g. `utc_offset: \"+08:00\"`",
        );
        return None;
    }
    Some((description, offset_seconds))
}

fn check_types(
    cx: &mut Checker<'_>,
    action: &str,
    scope: &Scope<'_>,
    raw: &[TypeSpec],
) -> Vec<TypeDef> {
    // Names first, so that struct fields may refer to any type of the file.
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    let mut shells = Vec::new();
    for t in raw {
        let name = &t.name.value;
        if !is_type_name(name) {
            cx.err(
                &t.name,
                format!("type name `{name}` must be an identifier starting with an upper-case letter (`[A-Z][A-Za-z0-9_]*`)"),
            );
            continue;
        }
        // The API's module holds its request, response, error and error-code items; the
        // service module those of every API, the client and the common error codes.
        let rust = naming::type_name(name);
        if let Some(reason) = naming::reserved_type(&rust, action, scope.service, &|item| {
            scope.item_of_other(item, action)
        }) {
            cx.err(
                &t.name,
                if rust == *name {
                    format!("type name `{name}` is reserved for {reason}")
                } else {
                    format!("type name `{name}` (Rust `{rust}`) is reserved for {reason}")
                },
            );
            continue;
        }
        if let Some(other) = seen.insert(rust.clone(), name.clone()) {
            if other == *name {
                cx.err(&t.name, format!("type `{name}` is declared twice"));
            } else {
                cx.err(
                    &t.name,
                    format!("types `{other}` and `{name}` both become the Rust type `{rust}`"),
                );
            }
            continue;
        }
        shells.push(TypeDef {
            name: name.clone(),
            doc: t.doc.clone(),
            kind: TypeKind::Struct(Vec::new()),
        });
    }
    let mut out = Vec::new();
    for t in raw {
        let Some(shell) = shells.iter().find(|s| s.name == t.name.value) else {
            continue;
        };
        if out.iter().any(|o: &TypeDef| o.name == shell.name) {
            continue;
        }
        let kind = match (&t.fields, &t.enumeration) {
            // An empty struct is an object with no documented members (`{}`).
            (Some(fields), None) => TypeKind::Struct(check_fields(cx, fields, &shells, None)),
            (None, Some(e)) => {
                let mut values: Vec<EnumValue> = Vec::new();
                let mut variants: BTreeMap<String, String> = BTreeMap::new();
                for v in &e.values {
                    let wire = v.value.value.0.clone();
                    if values.iter().any(|o| o.value == wire) {
                        cx.err(&v.value, format!("enum value `{wire}` is listed twice"));
                        continue;
                    }
                    let variant = match &v.rust_name {
                        Some(r) => match naming::invalid_rust_name(&r.value) {
                            None => r.value.clone(),
                            Some(why) => {
                                cx.err(r, format!("rust_name `{}` {why}", r.value));
                                continue;
                            }
                        },
                        None => naming::variant_name(&wire),
                    };
                    if variant == "Unknown" {
                        cx.err(&v.value, "`Unknown` is the variant of unlisted values; give this value another `rust_name`");
                        continue;
                    }
                    if let Some(other) = variants.insert(variant.clone(), wire.clone()) {
                        cx.err(&v.value, format!("values `{other}` and `{wire}` both become the variant `{variant}`: set `rust_name`"));
                        continue;
                    }
                    values.push(EnumValue {
                        value: wire,
                        rust_name: v.rust_name.as_ref().map(|r| r.value.clone()),
                        doc: v.doc.clone(),
                    });
                }
                if e.values.is_empty() {
                    cx.err(&t.name, format!("enum `{}` lists no values", t.name.value));
                }
                TypeKind::Enum(EnumDef {
                    open: e.open.unwrap_or(false),
                    values,
                })
            }
            _ => {
                cx.err(
                    &t.name,
                    format!(
                        "type `{}` needs exactly one of `fields` (a struct) or `enum`",
                        t.name.value
                    ),
                );
                continue;
            }
        };
        out.push(TypeDef {
            kind,
            ..shell.clone()
        });
    }
    out
}

/// Fields of the response (`params`: the request's, which `present_when` may name) or of a
/// struct (`params: None`).
fn check_fields(
    cx: &mut Checker<'_>,
    raw: &[FieldSpec],
    types: &[TypeDef],
    params: Option<&[Param]>,
) -> Vec<Field> {
    let mut out: Vec<Field> = Vec::new();
    let mut rust_names: BTreeMap<String, String> = BTreeMap::new();
    for f in raw {
        let name = f.name.value.clone();
        if name.is_empty() {
            cx.err(&f.name, "a field name must not be empty");
            continue;
        }
        if out.iter().any(|o| o.name == name) {
            cx.err(&f.name, format!("field `{name}` is declared twice"));
            continue;
        }
        // Wire names that differ only in case (`InstanceId`, `InstanceID`, both in Tencent's
        // metadata) are both kept: the later one's Rust field gets a number.
        let rust_name = naming::unique(&naming::member_name(&name), |n| rust_names.contains_key(n));
        rust_names.insert(rust_name.clone(), name.clone());
        let Some(ty) = type_ref(cx, &f.ty, f.items.as_ref(), types) else {
            cx.broken.insert(name);
            continue;
        };
        let time = time_of(cx, &ty, f.format.as_ref(), f.utc_offset.as_ref(), &f.name);
        let wire = match f.wire.as_ref().map(|w| (w, w.value.as_str())) {
            None => WireQuirk::None,
            Some((w, "number_or_string")) => {
                if !element(&ty).is_number() {
                    cx.err(
                        w,
                        format!(
                            "`number_or_string` needs a numeric type, not `{}`",
                            f.ty.value
                        ),
                    );
                }
                WireQuirk::NumberOrString
            }
            Some((w, "id_or_word")) => {
                if !element(&ty).is_integer() {
                    cx.err(
                        w,
                        format!("`id_or_word` needs an integer type, not `{}`", f.ty.value),
                    );
                }
                WireQuirk::IdOrWord
            }
            Some((w, other)) => {
                cx.err(
                    w,
                    format!(
                        "unknown wire quirk `{other}` (expected number_or_string or id_or_word)"
                    ),
                );
                continue;
            }
        };
        let required = f.required.unwrap_or(false);
        let present_when = f
            .present_when
            .as_ref()
            .and_then(|p| presence(cx, p, &name, required, params, types));
        out.push(Field {
            name,
            rust_name,
            doc: f.doc.clone(),
            ty,
            time,
            required,
            wire,
            present_when,
        });
    }
    out
}

/// `present_when` of a response field: a request parameter (and a value of it) whose
/// setting the field's presence depends on. Such a field cannot be required.
fn presence(
    cx: &mut Checker<'_>,
    p: &crate::spec::raw::PresenceSpec,
    field: &str,
    required: bool,
    params: Option<&[Param]>,
    types: &[TypeDef],
) -> Option<Presence> {
    let Some(params) = params else {
        cx.err(
            &p.at,
            "`present_when` is for fields of the response, which a request can ask for",
        );
        return None;
    };
    if required {
        cx.err(
            &p.at,
            format!("`{field}` is present only sometimes, so it cannot be `required: true`"),
        );
    }
    let param = find_param(cx, &p.param, params)?;
    let equals = match &p.equals {
        Some(at) => {
            if matches!(
                param.ty,
                TypeRef::List(_) | TypeRef::DateTime | TypeRef::Date
            ) {
                cx.err(
                    at,
                    format!(
                        "`equals` compares a scalar, but `{}` is a {}",
                        param.name,
                        type_label(&param.ty)
                    ),
                );
                return None;
            }
            Some(literal(cx, at, &param.ty, types)?)
        }
        None => None,
    };
    Some(Presence {
        param: param.name.clone(),
        equals,
    })
}

fn check_params(
    cx: &mut Checker<'_>,
    raw: &[ParamSpec],
    types: &[TypeDef],
    params_in: Location,
    method: Option<HttpMethod>,
) -> Vec<Param> {
    let mut out: Vec<Param> = Vec::new();
    let mut rust_names: BTreeMap<String, String> = BTreeMap::new();
    for p in raw {
        let name = p.name.value.clone();
        if name.is_empty() {
            cx.err(&p.name, "a parameter name must not be empty");
            continue;
        }
        if out.iter().any(|o| o.name == name) {
            cx.err(&p.name, format!("parameter `{name}` is declared twice"));
            continue;
        }
        // As for struct fields: the later of two names that differ only in case is numbered.
        let rust = naming::unique(&naming::member_name(&name), |n| rust_names.contains_key(n));
        rust_names.insert(rust.clone(), name.clone());
        let Some(ty) = type_ref(cx, &p.ty, p.items.as_ref(), types) else {
            cx.broken.insert(name);
            continue;
        };
        let time = time_of(cx, &ty, p.format.as_ref(), p.utc_offset.as_ref(), &p.name);
        let location = match &p.location {
            Some(l) => location(cx, l, true).unwrap_or(params_in),
            None => params_in,
        };
        if location == Location::Body && method == Some(HttpMethod::Get) {
            cx.err(
                &p.name,
                "a GET request has no body: put this parameter in the query",
            );
        }
        let is_list = matches!(ty, TypeRef::List(_));
        let list_encoding = match (&p.list_encoding, is_list, location) {
            (Some(e), true, Location::Query | Location::Header) => match e.value.as_str() {
                "comma" => Some(ListEncoding::Comma),
                "indexed0" => Some(ListEncoding::Indexed0),
                "indexed1" => Some(ListEncoding::Indexed1),
                "repeat" if location == Location::Query => Some(ListEncoding::Repeat),
                other => {
                    cx.err(e, format!("unknown list encoding `{other}` (expected comma, indexed0, indexed1{})", if location == Location::Query { " or repeat" } else { "" }));
                    None
                }
            },
            (Some(e), _, _) => {
                cx.err(e, "`list_encoding` is only for lists sent in the query or a header (a JSON body always carries an array)");
                None
            }
            (None, true, Location::Query | Location::Header) => {
                cx.err(
                    &p.name,
                    format!("list `{name}` is sent outside the body: say how with `list_encoding`"),
                );
                None
            }
            (None, _, _) => None,
        };
        // A comma-joined list cannot carry a listed value that holds a comma.
        if let (Some(ListEncoding::Comma), TypeRef::List(inner)) = (list_encoding, &ty) {
            if let TypeRef::Named(n) = inner.as_ref() {
                if let Some(TypeKind::Enum(e)) =
                    types.iter().find(|t| &t.name == n).map(|t| &t.kind)
                {
                    for v in e.values.iter().filter(|v| v.value.contains(',')) {
                        cx.err(
                            &p.ty,
                            format!(
                                "`{name}` is comma-joined on the wire, but `{n}` lists the value `{}`, which contains a comma",
                                v.value
                            ),
                        );
                    }
                }
            }
        }
        if is_list && location != Location::Body {
            if let TypeRef::List(inner) = &ty {
                if matches!(**inner, TypeRef::Named(ref n) if matches!(types.iter().find(|t| &t.name == n).map(|t| &t.kind), Some(TypeKind::Struct(_))))
                {
                    cx.err(&p.ty, "a list of structs can only be sent in a JSON body");
                }
            }
        } else if let TypeRef::Named(n) = &ty {
            if location != Location::Body
                && matches!(
                    types.iter().find(|t| &t.name == n).map(|t| &t.kind),
                    Some(TypeKind::Struct(_))
                )
            {
                cx.err(&p.ty, "a struct can only be sent in a JSON body");
            }
        }

        let range = p.range.as_ref().and_then(|r| {
            let at = &r.at;
            if !element(&ty).is_number() {
                cx.err(at, "`range` is only for numbers");
                return None;
            }
            if let (Some(min), Some(max)) = (r.min, r.max) {
                if min > max {
                    cx.err(at, format!("range min {min} is above max {max}"));
                    return None;
                }
            }
            Some(NumRange {
                min: r.min,
                max: r.max,
            })
        });
        let length = p.length.as_ref().and_then(|l| {
            if *element(&ty) != TypeRef::String {
                cx.err(&l.at, "`length` is only for strings");
                return None;
            }
            len_range(cx, &l.at, l.min, l.max)
        });
        let item_bounds = if p.min_items.is_some() || p.max_items.is_some() {
            if !is_list {
                let at = p
                    .min_items
                    .as_ref()
                    .or(p.max_items.as_ref())
                    .map(|a| a.map_unit());
                if let Some(at) = at {
                    cx.err(&at, "`min_items` / `max_items` are only for lists");
                }
                None
            } else {
                let at = p
                    .max_items
                    .as_ref()
                    .or(p.min_items.as_ref())
                    .map(|a| a.map_unit())
                    .unwrap_or_else(|| p.at.clone());
                len_range(
                    cx,
                    &at,
                    p.min_items.as_ref().map(|m| m.value),
                    p.max_items.as_ref().map(|m| m.value),
                )
            }
        } else {
            None
        };
        let mut one_of = Vec::new();
        for v in p.one_of.iter().flatten() {
            if let Some(lit) = literal(cx, v, &ty, types) {
                if one_of.contains(&lit) {
                    cx.err(v, "value listed twice in `one_of`");
                } else {
                    one_of.push(lit);
                }
            }
        }
        if p.one_of.as_ref().is_some_and(|o| o.is_empty()) {
            cx.err(&p.name, "`one_of` must list at least one value");
        }
        let required = p.required.unwrap_or(false);
        let default = match (&p.default, &p.default_by_span) {
            (Some(d), None) => {
                let bounds = Bounds {
                    range: range.as_ref(),
                    length: length.as_ref(),
                    items: item_bounds.as_ref(),
                    one_of: &one_of,
                };
                default_value(cx, &name, d, &ty, types, &bounds)
            }
            (None, Some(by)) if is_list => {
                cx.err(
                    &by.at,
                    format!("`default_by_span` is for a single value, but `{name}` is a list: give a list `default` instead"),
                );
                None
            }
            (None, Some(by)) => {
                let rules: Vec<SpanDefaultRule> = by
                    .rules
                    .iter()
                    .filter_map(|r| {
                        let below = match &r.below {
                            Some(b) => Some(duration(cx, b)?),
                            None => None,
                        };
                        let value = literal(cx, &r.value, &ty, types)?;
                        check_within(
                            cx,
                            &r.value,
                            &value,
                            range.as_ref(),
                            length.as_ref(),
                            &one_of,
                        );
                        Some(SpanDefaultRule { below, value })
                    })
                    .collect();
                check_span_rules(cx, &by.at, &rules);
                Some(DefaultValue::BySpan(SpanDefault {
                    start: by.start.value.clone(),
                    end: by.end.value.clone(),
                    rules,
                }))
            }
            (Some(d), Some(_)) => {
                cx.err(d, "give either `default` or `default_by_span`, not both");
                None
            }
            (None, None) => None,
        };
        if required {
            if let Some(d) = &p.default {
                cx.err(d, format!("`{name}` is required, so a default can never apply: remove `default` or `required`"));
            }
            if let Some(d) = &p.default_by_span {
                cx.err(&d.at, format!("`{name}` is required, so a default can never apply: remove `default_by_span` or `required`"));
            }
        }
        out.push(Param {
            rust_name: rust,
            name,
            doc: p.doc.clone(),
            ty,
            time,
            required,
            location,
            list_encoding,
            default,
            range,
            length,
            items: item_bounds,
            one_of,
            deprecated: p.deprecated.as_ref().map(|d| Deprecation {
                note: d.note.clone(),
            }),
        });
    }
    // A parameter with a default has an `effective_<name>()` method: a parameter whose own
    // setter would have that name (`EffectiveInterval` beside `Interval`) gets a `_`.
    let effective: BTreeSet<String> = out
        .iter()
        .filter(|p| p.default.is_some())
        .map(|p| naming::effective_method(&p.rust_name))
        .collect();
    for i in 0..out.len() {
        if effective.contains(&out[i].rust_name) {
            let base = format!("{}_", out[i].rust_name);
            let renamed = naming::unique(&base, |n| {
                effective.contains(n) || out.iter().any(|p| p.rust_name == n)
            });
            out[i].rust_name = renamed;
        }
    }
    // `default_by_span` refers to other parameters: check once all are known.
    for by in raw.iter().filter_map(|r| r.default_by_span.as_ref()) {
        let start = time_param(cx, &by.start, &out);
        let end = time_param(cx, &by.end, &out);
        if let (Some(s), Some(e)) = (start, end) {
            same_time_type(cx, &by.end, &out, s, e);
        }
    }
    out
}

impl<T> At<T> {
    fn map_unit(&self) -> At<()> {
        At {
            value: (),
            pos: self.pos,
            path: self.path.clone(),
        }
    }
}

fn len_range(
    cx: &mut Checker<'_>,
    at: &At<()>,
    min: Option<u64>,
    max: Option<u64>,
) -> Option<LenRange> {
    if let (Some(min), Some(max)) = (min, max) {
        if min > max {
            cx.err(at, format!("min {min} is above max {max}"));
            return None;
        }
    }
    Some(LenRange { min, max })
}

fn check_span_rules(cx: &mut Checker<'_>, at: &At<()>, rules: &[SpanDefaultRule]) {
    let Some((last, init)) = rules.split_last() else {
        cx.err(at, "`rules` must not be empty");
        return;
    };
    if last.below.is_some() {
        cx.err(
            at,
            "the last rule must have no `below` (it applies to every longer span)",
        );
    }
    let mut previous = 0;
    for rule in init {
        match &rule.below {
            None => cx.err(at, "only the last rule may leave out `below`"),
            Some(b) if b.seconds <= previous => cx.err(
                at,
                format!("`below: {}` must be longer than the rule before it", b.text),
            ),
            Some(b) => previous = b.seconds,
        }
    }
}

/// A scalar written for a parameter of type `ty`: a member of its enum, or a number that fits.
fn literal(
    cx: &mut Checker<'_>,
    at: &At<Scalar>,
    ty: &TypeRef,
    types: &[TypeDef],
) -> Option<Literal> {
    let ty = element(ty);
    let text = |s: &Scalar| match s {
        Scalar::Str(s) => s.clone(),
        Scalar::Int(i) => i.to_string(),
        Scalar::Float(f) => f.to_string(),
        Scalar::Bool(b) => b.to_string(),
    };
    let lit = match (ty, &at.value) {
        (TypeRef::Named(name), value) => {
            match types.iter().find(|t| &t.name == name).map(|t| &t.kind) {
                Some(TypeKind::Enum(e)) => {
                    let v = text(value);
                    if !e.values.iter().any(|ev| ev.value == v) {
                        let listed: Vec<&str> = e.values.iter().map(|v| v.value.as_str()).collect();
                        cx.err(
                            at,
                            format!(
                                "`{v}` is not a value of enum `{name}` ({})",
                                listed.join(", ")
                            ),
                        );
                        return None;
                    }
                    Literal::Str(v)
                }
                _ => {
                    cx.err(at, format!("struct `{name}` cannot have a scalar value"));
                    return None;
                }
            }
        }
        (TypeRef::String, Scalar::Str(s)) => Literal::Str(s.clone()),
        (TypeRef::Bool, Scalar::Bool(b)) => Literal::Bool(*b),
        (TypeRef::F64, Scalar::Float(f)) => Literal::Float(*f),
        (TypeRef::F64, Scalar::Int(i)) => Literal::Float(*i as f64),
        (t, Scalar::Int(i)) if t.is_integer() => {
            let fits = match t {
                TypeRef::I32 => i32::try_from(*i).is_ok(),
                TypeRef::U32 => u32::try_from(*i).is_ok(),
                TypeRef::U64 => u64::try_from(*i).is_ok(),
                _ => i64::try_from(*i).is_ok(),
            };
            if !fits {
                cx.err(at, format!("{i} does not fit the parameter's type"));
                return None;
            }
            // Fits i64 for every width but u64 above i64::MAX, which no documented limit uses.
            match i64::try_from(*i) {
                Ok(v) => Literal::Int(v),
                Err(_) => {
                    cx.err(at, format!("{i} is too large"));
                    return None;
                }
            }
        }
        (t, Scalar::Str(s))
            if (t.is_number() && s.trim().parse::<f64>().is_ok())
                || (*t == TypeRef::Bool && matches!(s.as_str(), "true" | "false")) =>
        {
            cx.err(
                at,
                format!(
                    "`\"{s}\"` is quoted, so YAML reads it as text, but this is a {}: write {s} without quotes",
                    type_label(t)
                ),
            );
            return None;
        }
        (t, v) => {
            cx.err(
                at,
                format!("`{}` is not a valid {} value", text(v), type_label(t)),
            );
            return None;
        }
    };
    Some(lit)
}

fn type_label(t: &TypeRef) -> String {
    match t {
        TypeRef::String => "string".into(),
        TypeRef::Bool => "bool".into(),
        TypeRef::I32 => "i32".into(),
        TypeRef::I64 => "i64".into(),
        TypeRef::U32 => "u32".into(),
        TypeRef::U64 => "u64".into(),
        TypeRef::F64 => "f64".into(),
        TypeRef::DateTime => "datetime".into(),
        TypeRef::Date => "date".into(),
        TypeRef::List(inner) => format!("list of {}", type_label(inner)),
        TypeRef::Named(n) => n.clone(),
    }
}

/// The limits a default must satisfy.
struct Bounds<'a> {
    range: Option<&'a NumRange>,
    length: Option<&'a LenRange>,
    items: Option<&'a LenRange>,
    one_of: &'a [Literal],
}

/// A `default`: one value for a scalar parameter, a list of values for a list parameter,
/// each within the parameter's limits.
fn default_value(
    cx: &mut Checker<'_>,
    name: &str,
    d: &At<DefaultSpec>,
    ty: &TypeRef,
    types: &[TypeDef],
    bounds: &Bounds<'_>,
) -> Option<DefaultValue> {
    let is_list = matches!(ty, TypeRef::List(_));
    match (&d.value, is_list) {
        (DefaultSpec::One(value), false) => {
            let at = At {
                value: value.clone(),
                pos: d.pos,
                path: d.path.clone(),
            };
            let lit = literal(cx, &at, ty, types)?;
            check_within(cx, &at, &lit, bounds.range, bounds.length, bounds.one_of);
            Some(DefaultValue::Value(lit))
        }
        (DefaultSpec::One(value), true) => {
            cx.err(
                d,
                format!(
                    "`{name}` is a list, so its default is a list too: write `default: [{}]`",
                    scalar_text(value)
                ),
            );
            None
        }
        (DefaultSpec::List(values), false) => {
            let hint = match values.as_slice() {
                [one] => format!(": write `default: {}`", scalar_text(&one.value)),
                _ => String::new(),
            };
            cx.err(
                d,
                format!(
                    "`{name}` has type {}, not a list, so its default is a single value{hint}",
                    type_label(ty)
                ),
            );
            None
        }
        (DefaultSpec::List(values), true) => {
            if values.is_empty() {
                cx.err(
                    d,
                    "an empty list is what an unset list parameter sends already: remove `default`",
                );
                return None;
            }
            let count = values.len() as u64;
            if let Some(l) = bounds.items {
                if l.min.is_some_and(|min| count < min) || l.max.is_some_and(|max| count > max) {
                    cx.err(
                        d,
                        format!(
                            "the default has {count} item{}, outside the parameter's `min_items`/`max_items` ({}..={})",
                            if count == 1 { "" } else { "s" },
                            l.min.map(|v| v.to_string()).unwrap_or_default(),
                            l.max.map(|v| v.to_string()).unwrap_or_default()
                        ),
                    );
                }
            }
            let mut out = Vec::with_capacity(values.len());
            for v in values {
                let lit = literal(cx, v, ty, types)?;
                check_within(cx, v, &lit, bounds.range, bounds.length, bounds.one_of);
                out.push(lit);
            }
            Some(DefaultValue::List(out))
        }
    }
}

/// A scalar as the spec would write it.
fn scalar_text(s: &Scalar) -> String {
    match s {
        Scalar::Str(s) => s.clone(),
        Scalar::Int(i) => i.to_string(),
        Scalar::Float(f) => f.to_string(),
        Scalar::Bool(b) => b.to_string(),
    }
}

/// A default must itself satisfy the parameter's limits.
fn check_within(
    cx: &mut Checker<'_>,
    at: &At<Scalar>,
    lit: &Literal,
    range: Option<&NumRange>,
    length: Option<&LenRange>,
    one_of: &[Literal],
) {
    let number = match lit {
        Literal::Int(i) => Some(*i as f64),
        Literal::Float(f) => Some(*f),
        _ => None,
    };
    if let (Some(n), Some(r)) = (number, range) {
        if r.min.is_some_and(|min| n < min) || r.max.is_some_and(|max| n > max) {
            cx.err(
                at,
                format!(
                    "default {n} is outside the parameter's range {}..={}",
                    fmt_bound(r.min),
                    fmt_bound(r.max)
                ),
            );
        }
    }
    if let (Literal::Str(s), Some(l)) = (lit, length) {
        let n = s.chars().count() as u64;
        if l.min.is_some_and(|min| n < min) || l.max.is_some_and(|max| n > max) {
            cx.err(
                at,
                format!("default {s:?} has {n} characters, outside the parameter's length limits"),
            );
        }
    }
    if !one_of.is_empty() && !one_of.contains(lit) {
        let listed: Vec<String> = one_of.iter().map(literal_label).collect();
        cx.err(
            at,
            format!(
                "the default {} is not one of the values `one_of` allows: {}",
                literal_label(lit),
                listed.join(", ")
            ),
        );
    }
}

/// A literal as the spec writes it, in backticks.
fn literal_label(l: &Literal) -> String {
    match l {
        Literal::Str(s) => format!("`{s}`"),
        Literal::Int(i) => format!("`{i}`"),
        Literal::Float(f) => format!("`{f}`"),
        Literal::Bool(b) => format!("`{b}`"),
    }
}

fn fmt_bound(b: Option<f64>) -> String {
    b.map(|v| v.to_string()).unwrap_or_default()
}

/// A parameter that a limit names: it must exist and be a datetime or date.
fn time_param<'p>(cx: &mut Checker<'_>, at: &At<String>, params: &'p [Param]) -> Option<&'p str> {
    match params.iter().find(|p| p.name == at.value) {
        Some(p) if p.ty.is_time() => Some(p.name.as_str()),
        Some(p) => {
            cx.err(
                at,
                format!(
                    "`{}` has type {}, but this limit needs a datetime or date parameter",
                    at.value,
                    type_label(&p.ty)
                ),
            );
            None
        }
        None => {
            cx.unknown(at, "request parameter", &at.value, &names(params));
            None
        }
    }
}

/// The wire names of the parameters, for suggestions.
fn names(params: &[Param]) -> Vec<&str> {
    params.iter().map(|p| p.name.as_str()).collect()
}

/// The parameter a key names, or an error (with the closest name) when there is none.
fn find_param<'p>(cx: &mut Checker<'_>, at: &At<String>, params: &'p [Param]) -> Option<&'p Param> {
    let found = params.iter().find(|p| p.name == at.value);
    if found.is_none() {
        cx.unknown(at, "request parameter", &at.value, &names(params));
    }
    found
}

fn same_time_type(cx: &mut Checker<'_>, at: &At<String>, params: &[Param], start: &str, end: &str) {
    let ty = |n: &str| params.iter().find(|p| p.name == n).map(|p| p.ty.clone());
    if ty(start) != ty(end) {
        cx.err(at, format!("`{start}` and `{end}` must have the same type"));
    }
}

fn check_span(
    cx: &mut Checker<'_>,
    s: &crate::spec::raw::SpanSpec,
    params: &[Param],
    types: &[TypeDef],
) -> Option<SpanLimit> {
    let start = time_param(cx, &s.start, params);
    let end = time_param(cx, &s.end, params);
    if let (Some(a), Some(b)) = (start, end) {
        if a == b {
            cx.err(&s.end, "a span needs two different parameters");
        }
        same_time_type(cx, &s.end, params, a, b);
    }
    let min = s.min.as_ref().and_then(|d| duration(cx, d));
    let max = s.max.as_ref().and_then(|d| duration(cx, d));
    // Without `min` and `max` a span is the order rule alone (end not before start), which
    // holds whatever any condition says.
    if s.min.is_none() && s.max.is_none() {
        if let Some(w) = &s.when {
            cx.err(
                &w.param,
                "a span without `min` or `max` is an order rule, which always applies: remove `when`",
            );
        }
    }
    if let (Some(a), Some(b)) = (&min, &max) {
        if a.seconds > b.seconds {
            cx.err(
                &s.at,
                format!("min {} is longer than max {}", a.text, b.text),
            );
        }
    }
    let when = match &s.when {
        Some(w) => Some(check_condition(cx, w, params, types)?),
        None => None,
    };
    Some(SpanLimit {
        start: start?.to_string(),
        end: end?.to_string(),
        min,
        max,
        end_inclusive: s.end_inclusive.unwrap_or(false),
        when,
        note: s.note.clone(),
    })
}

fn check_granularity(
    cx: &mut Checker<'_>,
    g: &crate::spec::raw::GranularitySpec,
    params: &[Param],
    types: &[TypeDef],
) -> Option<Granularity> {
    match (&g.every, &g.param, &g.buckets, &g.unit) {
        (Some(every), None, None, None) => Some(Granularity::Fixed(duration(cx, every)?)),
        (None, Some(name), Some(buckets), None) => {
            let param = granularity_param(cx, name, params)?;
            let mut out = Vec::new();
            for b in buckets {
                let value = literal(cx, &b.value, &param.ty, types);
                let length = duration(cx, &b.length);
                if let (Some(value), Some(length)) = (value, length) {
                    if out.iter().any(|(v, _)| *v == value) {
                        cx.err(&b.value, "this value has a bucket length already");
                    } else {
                        out.push((value, length));
                    }
                }
            }
            Some(Granularity::ByValue {
                param: param.name.clone(),
                buckets: out,
            })
        }
        (None, Some(name), None, Some(unit)) => {
            let param = granularity_param(cx, name, params)?;
            let numeric_enum = match &param.ty {
                TypeRef::Named(n) => matches!(
                    types.iter().find(|t| &t.name == n).map(|t| &t.kind),
                    Some(TypeKind::Enum(e)) if e.values.iter().all(|v| v.value.parse::<u64>().is_ok())
                ),
                _ => false,
            };
            if !param.ty.is_integer() && !numeric_enum {
                cx.err(
                    name,
                    format!(
                        "`unit` scales a number, but `{}` is a {} (use `buckets` to give each value a length)",
                        param.name,
                        type_label(&param.ty)
                    ),
                );
                return None;
            }
            Some(Granularity::Scaled {
                param: param.name.clone(),
                unit: duration(cx, unit)?,
            })
        }
        _ => {
            cx.err(
                &g.at,
                "a granularity is `every: <duration>`, or `param` with either `buckets` or `unit`",
            );
            None
        }
    }
}

fn granularity_param<'p>(
    cx: &mut Checker<'_>,
    name: &At<String>,
    params: &'p [Param],
) -> Option<&'p Param> {
    match params.iter().find(|p| p.name == name.value) {
        Some(p) if !matches!(p.ty, TypeRef::List(_) | TypeRef::DateTime | TypeRef::Date) => Some(p),
        Some(p) => {
            cx.err(
                name,
                format!(
                    "a granularity parameter is a scalar, but `{}` is a {}",
                    p.name,
                    type_label(&p.ty)
                ),
            );
            None
        }
        None => {
            cx.unknown(name, "request parameter", &name.value, &names(params));
            None
        }
    }
}

fn check_condition(
    cx: &mut Checker<'_>,
    w: &crate::spec::raw::ConditionSpec,
    params: &[Param],
    types: &[TypeDef],
) -> Option<Condition> {
    let param = find_param(cx, &w.param, params)?;
    if matches!(
        param.ty,
        TypeRef::List(_) | TypeRef::DateTime | TypeRef::Date
    ) {
        cx.err(
            &w.param,
            format!(
                "a condition compares a scalar, but `{}` is a {}",
                param.name,
                type_label(&param.ty)
            ),
        );
        return None;
    }
    let equals = literal(cx, &w.equals, &param.ty, types)?;
    Some(Condition {
        param: param.name.clone(),
        equals,
    })
}

fn check_pagination(
    cx: &mut Checker<'_>,
    p: &crate::spec::raw::PaginationSpec,
    params: &[Param],
    response: &[Field],
) -> Option<Pagination> {
    let mut int_param = |at: &At<String>| match params.iter().find(|q| q.name == at.value) {
        Some(q) if q.ty.is_integer() => Some(q.name.clone()),
        Some(q) => {
            cx.err(
                at,
                format!(
                    "`{}` has type {}, but a page parameter must be an integer",
                    q.name,
                    type_label(&q.ty)
                ),
            );
            None
        }
        None => {
            cx.unknown(at, "request parameter", &at.value, &names(params));
            None
        }
    };
    let page_number = int_param(&p.page_number);
    let page_size = int_param(&p.page_size);
    let items = match response.iter().find(|f| f.name == p.items.value) {
        Some(f) if matches!(f.ty, TypeRef::List(_)) => Some(f.name.clone()),
        Some(_) => {
            cx.err(
                &p.items,
                format!("`{}` must be a list field of the response", p.items.value),
            );
            None
        }
        None => {
            let known: Vec<&str> = response.iter().map(|f| f.name.as_str()).collect();
            cx.unknown(&p.items, "response field", &p.items.value, &known);
            None
        }
    };
    let mut int_field = |at: &Option<At<String>>| -> Result<Option<String>, ()> {
        let Some(at) = at else { return Ok(None) };
        match response.iter().find(|f| f.name == at.value) {
            Some(f) if f.ty.is_integer() => Ok(Some(f.name.clone())),
            Some(_) => {
                cx.err(
                    at,
                    format!("`{}` must be an integer field of the response", at.value),
                );
                Err(())
            }
            None => {
                let known: Vec<&str> = response.iter().map(|f| f.name.as_str()).collect();
                cx.unknown(at, "response field", &at.value, &known);
                Err(())
            }
        }
    };
    let total_pages = int_field(&p.total_pages).ok()?;
    let total_items = int_field(&p.total_items).ok()?;
    Some(Pagination {
        page_number: page_number?,
        page_size: page_size?,
        items: items?,
        total_pages,
        total_items,
    })
}
