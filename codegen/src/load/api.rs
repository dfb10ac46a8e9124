//! Semantic checks of one API file: every reference resolved, every limit consistent.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::diagnostics::Diagnostics;
use crate::model::*;
use crate::naming;
use crate::spec::decode::{At, DefaultSpec, Scalar};
use crate::spec::raw::{ApiFile, FieldSpec, ParamSpec, TypeSpec};

use super::{lint, values};

mod limits;
mod literals;
mod params;
mod times;
mod types;

use limits::*;
use literals::*;
use params::*;
use times::*;
use types::*;

/// Reports problems of one file; `None` once anything is wrong (an API is all or nothing).
pub(super) struct Checker<'a> {
    pub(super) file: &'a Path,
    pub(super) diags: &'a mut Diagnostics,
    pub(super) warnings: &'a mut Diagnostics,
    pub(super) failed: bool,
    /// Parameters and response fields declared but left out for a problem already reported
    /// (an unknown type): a limit naming one says nothing more.
    pub(super) broken: BTreeSet<String>,
    /// The service's named time formats.
    pub(super) formats: &'a super::NamedFormats,
}

impl Checker<'_> {
    /// A name that a limit refers to and that is not declared: an error with the closest
    /// declared name, unless it is declared but broken (reported already).
    pub(super) fn unknown<T>(&mut self, at: &At<T>, what: &str, name: &str, known: &[&str]) {
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

    pub(super) fn err<T>(&mut self, at: &At<T>, message: impl Into<String>) {
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

pub(super) fn location(cx: &mut Checker<'_>, at: &At<String>, header_ok: bool) -> Option<Location> {
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

pub(super) fn duration(cx: &mut Checker<'_>, at: &At<String>) -> Option<SpecDuration> {
    values::duration(&at.value).map_err(|m| cx.err(at, m)).ok()
}
