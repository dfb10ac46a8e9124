//! `validate()`: one runtime check per documented limit, every failure reported together.

use proc_macro2::TokenStream;
use quote::quote;

use super::request::{instant_expr, literal_text};
use super::types::literal_expr;
use super::{ident, option_tokens, ApiCx};
use crate::model::{DefaultValue, Param, TypeRef};
use crate::naming;

pub(crate) fn emit_validate(cx: &ApiCx<'_>) -> TokenStream {
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
        checks.extend(param_checks(p));
    }
    // Every pair of times a span names must be in order, even when its limits are conditional.
    let mut ordered: Vec<(&str, &str)> = Vec::new();
    for s in &api.spans {
        let start = instant_expr(cx, &s.start, false);
        let end = instant_expr(cx, &s.end, s.end_inclusive);
        let start_name = s.start.as_str();
        let end_name = s.end.as_str();
        let dur = |d: &Option<crate::model::SpecDuration>| {
            option_tokens(d.as_ref().map(|d| {
                let secs = d.seconds as i64;
                quote!(#rt::reexports::time::Duration::seconds(#secs))
            }))
        };
        let (min, max) = (dur(&s.min), dur(&s.max));
        let (guard, condition) = match &s.when {
            Some(w) => {
                let param = api
                    .param(&w.param)
                    .map(|p| effective_expr(p, api))
                    .unwrap_or_default();
                let value = literal_expr(
                    &w.equals,
                    &api.param(&w.param)
                        .map(|p| p.ty.clone())
                        .unwrap_or(TypeRef::String),
                    api,
                );
                let text = format!("{} = {}", w.param, literal_text(&w.equals));
                (
                    quote!(#param == ::std::option::Option::Some(#value)),
                    quote!(::std::option::Option::Some(#text)),
                )
            }
            None => {
                ordered.push((start_name, end_name));
                (quote!(true), quote!(::std::option::Option::None))
            }
        };
        checks.extend(quote! {
            if let (::std::option::Option::Some(start), ::std::option::Option::Some(end)) = (#start, #end) {
                if #guard {
                    v.span((#start_name, start), (#end_name, end), #min, #max, #condition);
                }
            }
        });
    }
    let mut order_pairs: Vec<(&str, &str, bool)> = Vec::new();
    for s in &api.spans {
        if s.when.is_some()
            && !ordered.contains(&(s.start.as_str(), s.end.as_str()))
            && !order_pairs
                .iter()
                .any(|(a, b, _)| *a == s.start && *b == s.end)
        {
            order_pairs.push((&s.start, &s.end, s.end_inclusive));
        }
    }
    for (start_name, end_name, inclusive) in order_pairs {
        let start = instant_expr(cx, start_name, false);
        let end = instant_expr(cx, end_name, inclusive);
        checks.extend(quote! {
            if let (::std::option::Option::Some(start), ::std::option::Option::Some(end)) = (#start, #end) {
                v.order((#start_name, start), (#end_name, end));
            }
        });
    }
    for l in &api.lookbacks {
        let value = instant_expr(cx, &l.param, false);
        let param = l.param.as_str();
        let secs = l.max.seconds as i64;
        checks.extend(quote! {
            if let ::std::option::Option::Some(value) = #value {
                v.lookback(#param, value, ctx.now, #rt::reexports::time::Duration::seconds(#secs));
            }
        });
    }

    // Only region pins and lookbacks read the context.
    let ctx_unused =
        (api.regions.is_empty() && api.lookbacks.is_empty()).then(|| quote!(let _ = ctx;));
    quote! {
        impl #name {
            /// Checks every documented limit against `ctx` (current time and region); all
            /// failures are reported together, each naming the parameter, rule and value.
            pub fn validate(&self, ctx: &#rt::ValidationContext) -> ::std::result::Result<(), #rt::ValidationErrors> {
                #[allow(unused_mut)]
                let mut v = #rt::validate::Validator::new(#action);
                #ctx_unused
                #checks
                v.finish()
            }
        }
    }
}

/// `self.effective_x()` or the plain value, as an `Option<T>` expression.
fn effective_expr(p: &Param, api: &crate::model::Api) -> TokenStream {
    let copy = super::types::is_copy(&p.ty, api);
    let member = ident(&naming::field_name(&p.name));
    let getter = quote::format_ident!(
        "effective_{}",
        naming::field_name(&p.name).trim_end_matches('_')
    );
    match &p.default {
        Some(DefaultValue::Value(_)) => quote!(::std::option::Option::Some(self.#getter())),
        Some(DefaultValue::BySpan(_)) => quote!(self.#getter()),
        None if p.required && copy => quote!(::std::option::Option::Some(self.#member)),
        None if p.required => quote!(::std::option::Option::Some(self.#member.clone())),
        None if copy => quote!(self.#member),
        None => quote!(self.#member.clone()),
    }
}

/// Range, length, list size, `one_of` and time-format checks of one parameter.
fn param_checks(p: &Param) -> TokenStream {
    let member = ident(&naming::field_name(&p.name));
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
        let format_fn = if elem == TypeRef::Date {
            quote!(format_date)
        } else {
            quote!(format_datetime)
        };
        per_value.extend(quote! {
            if let ::std::result::Result::Err(e) = #stat.#format_fn(*value) {
                v.unrepresentable(#wire, #stat.description(), e.value);
            }
        });
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
