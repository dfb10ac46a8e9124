//! Typed error codes: the provider's common codes once, as `CommonErrorCode` in the provider's
//! module, and per API only its own codes, falling back to the common type. An API without
//! codes of its own uses the common type directly.

use proc_macro2::TokenStream;
use quote::quote;

use super::text::{macro_block, str_lit, Entry};
use super::{path_text, spec_text, ApiCx};
use crate::model::{ErrorCode, Provider};
use crate::naming;

/// The name of a provider's common error-code type.
pub(crate) const COMMON: &str = "CommonErrorCode";

fn entries(codes: &[&ErrorCode]) -> Vec<Entry> {
    codes
        .iter()
        .map(|c| {
            let mut doc = format!("`{}`: {}", c.code, spec_text(&c.description));
            if let Some(s) = c.http_status {
                doc.push_str(&format!(" (HTTP {s})"));
            }
            if c.retryable {
                doc.push_str(" Retryable.");
            }
            for m in &c.messages {
                doc.push_str(&format!("\n\nMessage: \"{}\"", spec_text(m)));
            }
            let status = match c.http_status {
                Some(s) => format!("Some({s})"),
                None => "None".to_string(),
            };
            Entry {
                doc,
                line: format!(
                    "{} = {} ({status}, {}, {})",
                    naming::error_variant_name(&c.code),
                    str_lit(&c.code),
                    c.retryable,
                    str_lit(&c.description)
                ),
            }
        })
        .collect()
}

/// `CommonErrorCode` of a provider (an `error_codes!` invocation, as text).
pub(crate) fn emit_common_errors(provider: &Provider, rt: &TokenStream) -> String {
    let codes: Vec<&ErrorCode> = provider.errors.iter().collect();
    macro_block(
        &format!("{}::error_codes", path_text(rt)),
        &format!(
            "{}'s common error codes, which every API of the provider can return.",
            spec_text(&provider.name)
        ),
        COMMON,
        &entries(&codes),
    )
}

/// An API's error code (text) and its error alias (items).
pub(crate) fn emit_errors(cx: &ApiCx<'_>) -> (TokenStream, String) {
    let rt = &cx.rt;
    let name = cx.error_code_ident();
    let alias = cx.error_ident();
    let common = quote::format_ident!("{COMMON}");
    let own: Vec<&ErrorCode> = cx.api.errors.iter().collect();
    let alias_doc = super::doc_attrs(&format!("The error of a `{}` call.", cx.api.action));
    if own.is_empty() {
        let doc = super::doc_attrs(&format!(
            "Error codes of `{}`: the spec documents none of its own, so these are {}'s common codes.",
            cx.api.action,
            spec_text(&cx.provider.name)
        ));
        let items = quote! {
            #doc
            pub type #name = super::#common;
            #alias_doc
            pub type #alias = #rt::Error<#name>;
        };
        return (items, String::new());
    }
    let text = macro_block(
        &format!("{}::error_codes", path_text(rt)),
        &format!(
            "Error codes of `{}`: its own documented codes; any other code is read as {}'s common codes (`Common`).",
            cx.api.action,
            spec_text(&cx.provider.name)
        ),
        &format!("{name}: common super::{COMMON}"),
        &entries(&own),
    );
    let items = quote! {
        #alias_doc
        pub type #alias = #rt::Error<#name>;
    };
    (items, text)
}
