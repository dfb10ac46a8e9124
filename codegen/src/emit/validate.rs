//! `validate()`: one runtime check per documented limit, every failure reported together.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::request::{instant_expr, literal_text, span_default_is_total};
use super::types::literal_expr;
use super::{ident, option_tokens, Access, ApiCx};
use crate::model::{Api, DefaultValue, ListEncoding, Location, Param, TypeKind, TypeRef};

/// `validate()`, or `None` when the spec documents no limit to check (the `operation!`
/// invocation then writes a `validate()` that accepts everything).
pub(crate) fn emit_validate(cx: &ApiCx<'_>) -> Option<TokenStream> {
    let rt = &cx.rt;
    let api = cx.api;
    let name = cx.request_ident();
    let action = api.action.as_str();
    let mut checks = TokenStream::new();

    if !api.regions.is_empty() {
        let regions = &api.regions;
        checks.extend(quote! {
            v.region(ctx.region.as_deref(), &[#(#regions),*]);
        });
    }
    for p in &api.params {
        checks.extend(param_checks(p, api));
    }
    // Every pair of times a span names must be in order, even when its limits are conditional.
    let mut ordered: Vec<(&str, &str)> = Vec::new();
    // Ends are passed as the instant the end date starts; the validator adds the included
    // day, so messages show the dates as written.
    let bounds = |start_name: &str, end_name: &str| {
        vec![
            (format_ident!("start"), instant_expr(cx, start_name, false)),
            (format_ident!("end"), instant_expr(cx, end_name, false)),
        ]
    };
    // The static holding a time parameter's wire format, for messages.
    let format_of = |name: &str| {
        let t = api.param(name).and_then(|p| p.time.as_ref());
        match t {
            Some(t) => {
                let stat = super::types::time_static_ident(t);
                quote!(&#stat)
            }
            // The loader only lets limits name time parameters, which have a format.
            None => quote!(&#rt::wire::TimeFormat::new("", ::std::option::Option::None)),
        }
    };
    for s in &api.spans {
        let start_name = s.start.as_str();
        let end_name = s.end.as_str();
        let dur = |d: &Option<crate::model::SpecDuration>| {
            option_tokens(d.as_ref().map(|d| {
                let secs = d.seconds as i64;
                quote!(#rt::reexports::time::Duration::seconds(#secs))
            }))
        };
        let (min, max) = (dur(&s.min), dur(&s.max));
        let (sf, ef) = (format_of(start_name), format_of(end_name));
        let inclusive = s.end_inclusive;
        let check = match &s.when {
            Some(w) => {
                let Some(param) = api.param(&w.param) else {
                    continue;
                };
                let value = literal_expr(&w.equals, &param.ty, api);
                let guard = effective_access(cx, param).equals(&value);
                let text = format!("{} = {}", w.param, literal_text(&w.equals));
                quote! {
                    if #guard {
                        v.span((#start_name, start, #sf), (#end_name, end, #ef), #min, #max, ::std::option::Option::Some(#text), #inclusive);
                    }
                }
            }
            None => {
                ordered.push((start_name, end_name));
                quote! {
                    v.span((#start_name, start, #sf), (#end_name, end, #ef), #min, #max, ::std::option::Option::None, #inclusive);
                }
            }
        };
        checks.extend(Access::bind_all(bounds(start_name, end_name), check));
    }
    // The order of a pair whose spans are all conditional is checked on its own.
    let mut order_pairs: Vec<(&str, &str)> = Vec::new();
    for s in &api.spans {
        if s.when.is_some()
            && !ordered.contains(&(s.start.as_str(), s.end.as_str()))
            && !order_pairs
                .iter()
                .any(|(a, b)| *a == s.start && *b == s.end)
        {
            order_pairs.push((&s.start, &s.end));
        }
    }
    for (start_name, end_name) in order_pairs {
        let (sf, ef) = (format_of(start_name), format_of(end_name));
        checks.extend(Access::bind_all(
            bounds(start_name, end_name),
            quote!(v.order((#start_name, start, #sf), (#end_name, end, #ef));),
        ));
    }
    for l in &api.lookbacks {
        let param = l.param.as_str();
        let secs = l.max.seconds as i64;
        let f = format_of(param);
        checks.extend(Access::bind_all(
            vec![(format_ident!("value"), instant_expr(cx, param, false))],
            quote!(v.lookback((#param, value, #f), ctx.now, #rt::reexports::time::Duration::seconds(#secs));),
        ));
    }

    // Only region pins and lookbacks read the context.
    let ctx_unused =
        (api.regions.is_empty() && api.lookbacks.is_empty()).then(|| quote!(let _ = ctx;));
    if checks.is_empty() {
        return None;
    }
    Some(quote! {
        impl #name {
            /// Checks every documented limit against `ctx` (current time and region); all
            /// failures are reported together, each naming the parameter, rule and value.
            #[inline]
            pub fn validate(&self, ctx: &#rt::ValidationContext) -> ::std::result::Result<(), #rt::ValidationErrors> {
                let mut v = #rt::validate::Validator::new(#action);
                #ctx_unused
                #checks
                v.finish()
            }
        }
    })
}

/// The value of a parameter the server will use: `self.effective_x()` where it has a
/// documented default, else the field itself.
pub(crate) fn effective_access(cx: &ApiCx<'_>, p: &Param) -> Access {
    let member = ident(&p.rust_name);
    let getter = format_ident!("effective_{}", p.rust_name.trim_end_matches('_'));
    match &p.default {
        Some(DefaultValue::Value(_) | DefaultValue::List(_)) => {
            Access::Always(quote!(self.#getter()))
        }
        Some(DefaultValue::BySpan(s)) if span_default_is_total(cx, s) => {
            Access::Always(quote!(self.#getter()))
        }
        Some(DefaultValue::BySpan(_)) => Access::Maybe(quote!(self.#getter())),
        None if p.required => Access::Always(quote!(self.#member)),
        None => Access::Maybe(quote!(self.#member)),
    }
}

/// Range, length, list size, `one_of` and time-format checks of one parameter.
fn param_checks(p: &Param, api: &Api) -> TokenStream {
    let member = ident(&p.rust_name);
    let wire = p.name.as_str();
    let is_list = matches!(p.ty, TypeRef::List(_));
    let elem = match &p.ty {
        TypeRef::List(inner) => inner.as_ref().clone(),
        other => other.clone(),
    };
    let mut per_value = TokenStream::new();
    if let Some(r) = &p.range {
        if elem == TypeRef::F64 {
            let (min, max) = (option_tokens(r.min), option_tokens(r.max));
            per_value.extend(quote!(v.range_float(#wire, *value, #min, #max);));
        } else {
            // Integer bounds: the tightest integers inside the written range.
            let min = option_tokens(r.min.map(|b| b.ceil() as i128));
            let max = option_tokens(r.max.map(|b| b.floor() as i128));
            per_value.extend(quote!(v.range_int(#wire, i128::from(*value), #min, #max);));
        }
    }
    if let Some(l) = &p.length {
        let (min, max) = (option_tokens(l.min), option_tokens(l.max));
        per_value.extend(quote!(v.length(#wire, value, #min, #max);));
    }
    if !p.one_of.is_empty() {
        let allowed: Vec<String> = p.one_of.iter().map(literal_text).collect();
        per_value.extend(quote!(v.one_of(#wire, &value.to_string(), &[#(#allowed),*]);));
    }
    if let Some(t) = &p.time {
        let stat = quote::format_ident!("TIME_{}", super::types::time_format_key(t).to_uppercase());
        // Checked, not formatted: encoding formats each time once per call.
        let format_fn = if elem == TypeRef::Date {
            quote!(check_date)
        } else {
            quote!(check_datetime)
        };
        per_value.extend(quote! {
            if let ::std::result::Result::Err(e) = #stat.#format_fn(*value) {
                v.unrepresentable(#wire, #stat.description(), e.value);
            }
        });
    }
    // A comma-joined list cannot carry an item with a comma: the server would split it.
    let comma_joined = is_list
        && matches!(p.location, Location::Query | Location::Header)
        && p.list_encoding.unwrap_or(ListEncoding::Comma) == ListEncoding::Comma;
    if comma_joined {
        match &elem {
            TypeRef::String => per_value.extend(quote!(v.no_separator(#wire, value, ',');)),
            // Only an open enum's unknown value can hold one; the loader checks listed values.
            TypeRef::Named(name) if matches!(api.type_def(name).map(|t| &t.kind), Some(TypeKind::Enum(e)) if e.open) => {
                per_value.extend(quote!(v.no_separator(#wire, value.as_str(), ',');))
            }
            _ => {}
        }
    }
    let mut out = TokenStream::new();
    if let Some(items) = &p.items {
        let (min, max) = (option_tokens(items.min), option_tokens(items.max));
        // An empty list is not sent at all, so only a list that is set is counted.
        out.extend(quote! {
            if !self.#member.is_empty() {
                v.items(#wire, self.#member.len(), #min, #max);
            }
        });
    }
    if !per_value.is_empty() {
        out.extend(if is_list {
            quote! { for value in &self.#member { #per_value } }
        } else if p.required {
            quote! { { let value = &self.#member; #per_value } }
        } else {
            quote! { if let ::std::option::Option::Some(value) = &self.#member { #per_value } }
        });
    }
    out
}
