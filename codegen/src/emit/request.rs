//! The request type: required parameters through `new()`, optional ones through setters,
//! effective values (set, else documented default) and the wire encoding.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::types::{builder_text, literal_expr, rust_type, time_format_key, SetterSpec};
use super::{docs, ident, spec_text, Access, ApiCx};
use crate::model::{DefaultValue, ListEncoding, Location, Param, SpanDefault, TypeRef};

/// The request struct and its `effective_*()` methods (items); its `new()`, setters and
/// `to_wire()` (text: `builder!` and `to_wire!` invocations).
pub(crate) fn emit_request(cx: &ApiCx<'_>) -> (TokenStream, String) {
    let rt = &cx.rt;
    let api = cx.api;
    let name = cx.request_ident();
    let deprecated = api.deprecated.as_ref().map(|d| {
        let note = d.note.as_str();
        quote!(#[deprecated(note = #note)])
    });
    let limits = limits_doc(cx);
    let doc = docs(&[
        Some(&spec_text(&api.title)),
        api.doc.as_deref().map(spec_text).as_deref(),
        limits.as_deref(),
        api.docs_url
            .as_deref()
            .map(|u| format!("Documentation: <{u}>"))
            .as_deref(),
    ]);

    let fields = api.params.iter().map(|p| {
        let member = ident(&p.rust_name);
        let ty = rust_type(&p.ty, rt);
        let ty = if p.required || matches!(p.ty, TypeRef::List(_)) {
            ty
        } else {
            quote!(::std::option::Option<#ty>)
        };
        let doc = param_doc(p);
        quote!(#doc pub #member: #ty,)
    });

    let effective: Vec<TokenStream> = api
        .params
        .iter()
        .filter(|p| p.default.is_some())
        .map(|p| effective_fn(cx, p))
        .collect();
    let effective = (!effective.is_empty()).then(|| quote!(impl #name { #(#effective)* }));

    let spec = |required: bool| -> Vec<SetterSpec<'_>> {
        api.params
            .iter()
            .filter(|p| p.required == required)
            .map(|p| SetterSpec {
                rust_name: p.rust_name.clone(),
                ty: &p.ty,
                id_or_word: false,
                boxed: false,
                deprecated: p.deprecated.as_ref().map(|d| d.note.as_str()),
            })
            .collect()
    };
    let rt_text = super::path_text(rt);
    let name_text = name.to_string();
    let mut text = builder_text(&rt_text, &name_text, &spec(true), &spec(false));
    text.push_str(&to_wire_text(cx, &rt_text, &name_text));

    let items = quote! {
        #doc
        #deprecated
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        #[must_use]
        pub struct #name {
            #(#fields)*
        }

        #effective
    };
    (items, text)
}

fn param_doc(p: &Param) -> TokenStream {
    let facts = param_facts(p);
    // The facts continue the description's last paragraph (a line, not a paragraph, each).
    let text = match p.doc.as_deref().map(spec_text) {
        Some(doc) if !doc.trim().is_empty() && !facts.is_empty() => {
            format!("{}\n{facts}", doc.trim_end())
        }
        Some(doc) if !doc.trim().is_empty() => doc,
        _ => facts,
    };
    super::doc_attrs(&text)
}

/// What the spec says of a parameter besides its description: required, range, list
/// length, default, wire format (one sentence each).
pub(crate) fn param_facts(p: &Param) -> String {
    let mut facts = Vec::new();
    if p.required {
        facts.push("Required.".to_string());
    }
    if let Some(r) = &p.range {
        facts.push(format!(
            "Range: {}..={}.",
            r.min.map(|v| v.to_string()).unwrap_or_default(),
            r.max.map(|v| v.to_string()).unwrap_or_default()
        ));
    }
    if let Some(l) = &p.items {
        if let Some(max) = l.max {
            facts.push(format!("At most {max} items."));
        }
        if let Some(min) = l.min {
            facts.push(format!("At least {min} items."));
        }
    }
    match &p.default {
        Some(DefaultValue::Value(v)) => facts.push(format!(
            "Default (applied by the server): `{}`.",
            literal_text(v)
        )),
        Some(DefaultValue::List(items)) => facts.push(format!(
            "Default (applied by the server): `[{}]`.",
            items
                .iter()
                .map(literal_text)
                .collect::<Vec<_>>()
                .join(", ")
        )),
        Some(DefaultValue::BySpan(s)) => {
            let rules: Vec<String> = s
                .rules
                .iter()
                .map(|r| match &r.below {
                    Some(b) => format!(
                        "`{}` when {}..{} is shorter than {}",
                        literal_text(&r.value),
                        s.start,
                        s.end,
                        b.text
                    ),
                    None => format!("`{}` otherwise", literal_text(&r.value)),
                })
                .collect();
            facts.push(format!(
                "Default (applied by the server): {}.",
                rules.join(", ")
            ));
        }
        None => {}
    }
    if let Some(t) = &p.time {
        facts.push(format!(
            "Wire format: `{}`{}.",
            t.format,
            t.utc_offset_seconds
                .map(|s| format!(" at UTC{}", offset_text(s)))
                .unwrap_or_default()
        ));
    }
    facts.join(" ")
}

pub(crate) fn offset_text(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.unsigned_abs();
    format!("{sign}{:02}:{:02}", s / 3600, s % 3600 / 60)
}

pub(crate) fn literal_text(l: &crate::model::Literal) -> String {
    match l {
        crate::model::Literal::Str(s) => s.clone(),
        crate::model::Literal::Int(i) => i.to_string(),
        crate::model::Literal::Float(f) => f.to_string(),
        crate::model::Literal::Bool(b) => b.to_string(),
    }
}

/// The documented limits, as a paragraph of the request's doc comment.
fn limits_doc(cx: &ApiCx<'_>) -> Option<String> {
    let lines = limits_lines(cx.api);
    (!lines.is_empty()).then(|| format!("# Limits\n\n{}", lines.join("\n")))
}

/// The documented limits, one `- ...` line each.
pub(crate) fn limits_lines(api: &crate::model::Api) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(r) = &api.rate_limit {
        let unit = match r.per {
            crate::model::RatePer::Second => "second",
            crate::model::RatePer::Minute => "minute",
            crate::model::RatePer::Hour => "hour",
        };
        lines.push(format!("- Rate limit: {} requests per {unit}.", r.count));
    }
    if !api.regions.is_empty() {
        lines.push(format!("- Regions: only {}.", api.regions.join(", ")));
    }
    for s in &api.spans {
        let mut text = format!("- {}..{}:", s.start, s.end);
        if let Some(min) = &s.min {
            text.push_str(&format!(" at least {}", min.text));
        }
        if let Some(max) = &s.max {
            text.push_str(&format!(" at most {}", max.text));
        }
        if s.min.is_none() && s.max.is_none() {
            text.push_str(&format!(" {} must not be before {}", s.end, s.start));
        }
        if s.end_inclusive {
            text.push_str(" (end date included)");
        }
        if let Some(w) = &s.when {
            text.push_str(&format!(
                " when {} is `{}`",
                w.param,
                literal_text(&w.equals)
            ));
        }
        text.push('.');
        lines.push(text);
    }
    for l in &api.lookbacks {
        lines.push(format!(
            "- {}: at most {} in the past.",
            l.param, l.max.text
        ));
    }
    lines
}

/// `effective_<param>()`: the value set, else the documented default.
fn effective_fn(cx: &ApiCx<'_>, p: &Param) -> TokenStream {
    let rt = &cx.rt;
    let member = ident(&p.rust_name);
    let fn_name = format_ident!("effective_{}", p.rust_name.trim_end_matches('_'));
    let ty = rust_type(&p.ty, rt);
    let doc = format!(
        "The value of `{}` the server will use: the one set, else the documented default.",
        p.name
    );
    match &p.default {
        Some(DefaultValue::Value(v)) => {
            let doc_attrs = super::doc_attrs(&doc);
            let value = literal_expr(v, &p.ty, cx.api);
            let body = if super::types::is_copy(&p.ty, cx.api) {
                quote!(self.#member.unwrap_or(#value))
            } else {
                quote! {
                    match &self.#member {
                        ::std::option::Option::Some(value) => value.clone(),
                        ::std::option::Option::None => #value,
                    }
                }
            };
            quote! {
                #doc_attrs
                #[inline]
                pub fn #fn_name(&self) -> #ty {
                    #body
                }
            }
        }
        Some(DefaultValue::List(items)) => {
            // An empty list is an unset one (it is not sent): the documented items apply.
            let doc_attrs = super::doc_attrs(&doc);
            let values = items.iter().map(|v| literal_expr(v, &p.ty, cx.api));
            quote! {
                #doc_attrs
                #[inline]
                pub fn #fn_name(&self) -> #ty {
                    if self.#member.is_empty() {
                        ::std::vec![#(#values),*]
                    } else {
                        self.#member.clone()
                    }
                }
            }
        }
        Some(DefaultValue::BySpan(s)) => {
            let total = span_default_is_total(cx, s);
            let wrap = |value: TokenStream| {
                if total {
                    value
                } else {
                    quote!(::std::option::Option::Some(#value))
                }
            };
            let start = instant_expr(cx, &s.start, false).bind_or_return(&format_ident!("start"));
            let end = instant_expr(cx, &s.end, false).bind_or_return(&format_ident!("end"));
            let mut branches = TokenStream::new();
            let mut fallback = TokenStream::new();
            for rule in &s.rules {
                let value = wrap(literal_expr(&rule.value, &p.ty, cx.api));
                match &rule.below {
                    Some(b) => {
                        let secs = b.seconds as i64;
                        branches.extend(quote! {
                            if span < #rt::reexports::time::Duration::seconds(#secs) {
                                return #value;
                            }
                        });
                    }
                    None => fallback = value,
                }
            }
            // With only a fallback rule no branch reads the span, but the bounds must still
            // be set (else the default is `None`).
            let span = if branches.is_empty() {
                quote!(let _ = (start, end);)
            } else {
                quote!(let span = end - start;)
            };
            let set_value = if super::types::is_copy(&p.ty, cx.api) {
                quote!(self.#member)
            } else {
                quote!(self.#member.clone())
            };
            let (doc, ret) = if total {
                (
                    format!(
                        "{doc} The default depends on the period `{}`..`{}`.",
                        s.start, s.end
                    ),
                    ty,
                )
            } else {
                (
                    format!(
                        "{doc} The default depends on the period `{}`..`{}`; `None` only when a bound is unset.",
                        s.start, s.end
                    ),
                    quote!(::std::option::Option<#ty>),
                )
            };
            let set = wrap(quote!(value));
            let doc_attrs = super::doc_attrs(&doc);
            quote! {
                #doc_attrs
                #[inline]
                pub fn #fn_name(&self) -> #ret {
                    if let ::std::option::Option::Some(value) = #set_value {
                        return #set;
                    }
                    #start
                    #end
                    #span
                    #branches
                    #fallback
                }
            }
        }
        None => TokenStream::new(),
    }
}

/// A time parameter as an `OffsetDateTime` (dates measured from their start; with
/// `end_inclusive`, from the start of the next day).
pub(crate) fn instant_expr(cx: &ApiCx<'_>, name: &str, end_inclusive: bool) -> Access {
    let rt = &cx.rt;
    let Some(p) = cx.api.param(name) else {
        // The loader rejects a limit naming an unknown parameter; this is never reached.
        return Access::Maybe(
            quote!(::std::option::Option::<#rt::reexports::time::OffsetDateTime>::None),
        );
    };
    let member = ident(&p.rust_name);
    let convert = match (&p.ty, end_inclusive) {
        (TypeRef::Date, false) => Some(quote!(#rt::validate::date_start)),
        (TypeRef::Date, true) => Some(quote!(#rt::validate::date_end_inclusive)),
        _ => None,
    };
    match (p.required, convert) {
        (true, Some(f)) => Access::Always(quote!(#f(self.#member))),
        (true, None) => Access::Always(quote!(self.#member)),
        (false, Some(f)) => Access::Maybe(quote!(self.#member.map(#f))),
        (false, None) => Access::Maybe(quote!(self.#member)),
    }
}

/// Whether `effective_<param>()` of a span default always has a value: both bounds required.
pub(crate) fn span_default_is_total(cx: &ApiCx<'_>, s: &SpanDefault) -> bool {
    let required = |name: &str| cx.api.param(name).is_some_and(|p| p.required);
    required(&s.start) && required(&s.end)
}

/// `to_wire! { Request { field: writer(args), .. } }`: one writer per parameter (the
/// runtime's `WireParams` writers skip what is unset and know each location's encoding).
fn to_wire_text(cx: &ApiCx<'_>, rt: &str, name: &str) -> String {
    let mut out = format!("{rt}::to_wire! {{\n    {name} {{\n");
    for p in &cx.api.params {
        let wire = super::text::str_lit(&p.name);
        let shape = match (&p.ty, p.required) {
            (TypeRef::List(_), _) => "_list",
            (_, true) => "",
            (_, false) => "_opt",
        };
        let time = p.time.as_ref().map(|_| format!("&{}", time_static(p)));
        let call = match p.location {
            Location::Body => match &time {
                Some(t) => format!("body_time{shape}({wire}, {t})"),
                None => format!("body{shape}({wire})"),
            },
            Location::Query | Location::Header => {
                let at = if p.location == Location::Query {
                    format!("{rt}::wire::Place::Query")
                } else {
                    format!("{rt}::wire::Place::Header")
                };
                let encoding = matches!(p.ty, TypeRef::List(_)).then(|| {
                    let e = match p.list_encoding.unwrap_or(ListEncoding::Comma) {
                        ListEncoding::Comma => "Comma",
                        ListEncoding::Indexed0 => "Indexed0",
                        ListEncoding::Indexed1 => "Indexed1",
                        ListEncoding::Repeat => "Repeat",
                    };
                    format!(", {rt}::wire::ListEncoding::{e}")
                });
                let encoding = encoding.unwrap_or_default();
                match &time {
                    Some(t) => format!("text_time{shape}({at}, {wire}, {t}{encoding})"),
                    None => format!("text{shape}({at}, {wire}{encoding})"),
                }
            }
        };
        out.push_str(&format!("        {}: {call},\n", p.rust_name));
    }
    out.push_str("    }\n}\n");
    out
}

pub(crate) fn time_static(p: &Param) -> proc_macro2::Ident {
    let key = p.time.as_ref().map(time_format_key).unwrap_or_default();
    format_ident!("TIME_{}", key.to_uppercase())
}
