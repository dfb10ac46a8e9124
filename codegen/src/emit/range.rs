//! `impl RangeQuery`: how a range query reads and writes an API's period, and the limits
//! its spec puts on one request's period. The splitting itself is generic runtime code.

use proc_macro2::TokenStream;
use quote::quote;

use super::types::literal_expr;
use super::validate::effective_access;
use super::{ident, option_tokens, Access, ApiCx};
use crate::model::{DefaultValue, Granularity, SpecDuration, TypeRef};

/// The impl, or `None` when the API has no period to split (no span pair of two required
/// time parameters).
pub(crate) fn emit_range(cx: &ApiCx<'_>) -> Option<TokenStream> {
    let rt = &cx.rt;
    let api = cx.api;
    let (start, end) = api.period()?;
    let name = cx.request_ident();
    let date_only = start.ty == TypeRef::Date;
    let offset = start
        .time
        .as_ref()
        .and_then(|t| t.utc_offset_seconds)
        .unwrap_or(0);
    let offset_expr = quote! {
        match #rt::reexports::time::UtcOffset::from_whole_seconds(#offset) {
            ::std::result::Result::Ok(offset) => offset,
            ::std::result::Result::Err(_) => #rt::reexports::time::UtcOffset::UTC,
        }
    };
    let (start_member, end_member) = (ident(&start.rust_name), ident(&end.rust_name));
    let (period, set_start, set_end) = if date_only {
        (
            quote! {
                #rt::range::Window {
                    start: #rt::range::date_instant(self.#start_member, #rt::reexports::time::UtcOffset::UTC),
                    end: #rt::range::date_instant(self.#end_member, #rt::reexports::time::UtcOffset::UTC),
                }
            },
            quote!(#rt::range::instant_date(window.start, #rt::reexports::time::UtcOffset::UTC)),
            quote!(#rt::range::instant_date(window.end, #rt::reexports::time::UtcOffset::UTC)),
        )
    } else {
        (
            quote!(#rt::range::Window { start: self.#start_member, end: self.#end_member }),
            quote!(window.start),
            quote!(window.end),
        )
    };

    // Defaults that depend on the period are fixed at their value for the whole period, so
    // every window is asked at the same granularity.
    let pins = api.params.iter().filter_map(|p| {
        let Some(DefaultValue::BySpan(_)) = &p.default else {
            return None;
        };
        let member = ident(&p.rust_name);
        Some(match effective_access(cx, p) {
            Access::Always(e) => quote!(request.#member = ::std::option::Option::Some(#e);),
            Access::Maybe(e) => quote!(request.#member = #e;),
        })
    });

    let secs = |d: &SpecDuration| {
        let s = d.seconds as i64;
        quote!(#rt::reexports::time::Duration::seconds(#s))
    };
    let dur = |d: &Option<SpecDuration>| option_tokens(d.as_ref().map(secs));
    let mut limits = TokenStream::new();
    let end_inclusive = api.spans.iter().any(|s| s.end_inclusive);
    for s in &api.spans {
        let (min, max) = (dur(&s.min), dur(&s.max));
        let apply = quote!(limits.span(#min, #max););
        limits.extend(match &s.when {
            None => apply,
            Some(w) => {
                let Some(param) = api.param(&w.param) else {
                    continue;
                };
                let value = literal_expr(&w.equals, &param.ty, api);
                let guard = effective_access(cx, param).equals(&value);
                quote!(if #guard { #apply })
            }
        });
    }
    for l in &api.lookbacks {
        let max = secs(&l.max);
        let method = if l.param == start.name {
            quote!(start_within)
        } else if l.param == end.name {
            quote!(end_within)
        } else {
            continue;
        };
        limits.extend(quote!(limits.#method(#max);));
    }
    if let Some(f) = &api.freshness {
        let f = secs(f);
        limits.extend(quote!(limits.freshness = ::std::option::Option::Some(#f);));
    }
    match &api.granularity {
        None => {}
        Some(Granularity::Fixed(d)) => {
            let d = secs(d);
            limits.extend(quote!(limits.bucket = ::std::option::Option::Some(#d);));
        }
        Some(Granularity::ByValue { param, buckets }) => {
            if let Some(p) = api.param(param) {
                let access = effective_access(cx, p);
                for (value, length) in buckets {
                    let value = literal_expr(value, &p.ty, api);
                    let guard = access.equals(&value);
                    let length = secs(length);
                    limits.extend(quote! {
                        if #guard {
                            limits.bucket = ::std::option::Option::Some(#length);
                        }
                    });
                }
            }
        }
        Some(Granularity::Scaled { param, unit }) => {
            if let Some(p) = api.param(param) {
                let unit = unit.seconds as i64;
                let set =
                    quote!(limits.bucket = #rt::range::scaled_bucket(&value.to_string(), #unit););
                // Without a default the value is the field itself, behind `&self`: borrowed,
                // since an enum or string parameter is not `Copy` (an effective getter
                // returns an owned value).
                let access = match (effective_access(cx, p), &p.default) {
                    (Access::Always(e), None) => Access::Always(quote!(&#e)),
                    (Access::Maybe(e), None) => Access::Maybe(quote!(#e.as_ref())),
                    (access, _) => access,
                };
                limits.extend(Access::bind_all(
                    vec![(quote::format_ident!("value"), access)],
                    set,
                ));
            }
        }
    }
    let paging = if api.pagination.is_some() {
        quote!(::std::option::Option::Some(#rt::range::Paging::of()))
    } else {
        quote!(::std::option::Option::None)
    };
    Some(quote! {
        impl #rt::range::RangeQuery for #name {
            const PAGING: ::std::option::Option<#rt::range::Paging<Self>> = #paging;

            #[inline]
            fn period(&self) -> #rt::range::Window {
                #period
            }

            #[inline]
            fn over(&self, window: #rt::range::Window) -> Self {
                let mut request = self.clone();
                #(#pins)*
                request.#start_member = #set_start;
                request.#end_member = #set_end;
                request
            }

            #[inline]
            fn range_limits(&self) -> #rt::range::RangeLimits {
                let mut limits = #rt::range::RangeLimits::new(#date_only);
                limits.end_inclusive = #end_inclusive;
                limits.offset = #offset_expr;
                #limits
                limits
            }
        }
    })
}
