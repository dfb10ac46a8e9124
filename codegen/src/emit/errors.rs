//! Typed error codes: the provider's common codes once, as `CommonErrorCode` in the provider's
//! module, and per API only its own codes, falling back to the common type. An API without
//! codes of its own uses the common type directly.

use proc_macro2::TokenStream;

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
    let block = macro_block(
        &format!("{}::error_codes", path_text(rt)),
        &format!(
            "{}'s common error codes, which every API of the provider can return.",
            spec_text(&provider.name)
        ),
        COMMON,
        &entries(&codes),
    );
    // The provider's kinds of codes follow the codes: `kinds { throttling: [..], auth: [..] }`.
    let list = |codes: &[String]| {
        codes
            .iter()
            .map(|c| str_lit(c))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let kinds = format!(
        "    kinds {{\n        throttling: [{}],\n        auth: [{}],\n    }}\n}}\n",
        list(&provider.error_kinds.throttling),
        list(&provider.error_kinds.auth)
    );
    match block.strip_suffix("}\n") {
        Some(head) => format!("{head}{kinds}"),
        None => block,
    }
}

/// An API's error code and its error alias, as text.
pub(crate) fn emit_errors(cx: &ApiCx<'_>) -> String {
    let rt = path_text(&cx.rt);
    let name = cx.error_code_ident();
    let own: Vec<&ErrorCode> = cx.api.errors.iter().collect();
    let alias = format!(
        "/// The error of a `{}` call.\npub type {} = {rt}::Error<{name}>;\n",
        cx.api.action,
        cx.error_ident()
    );
    if own.is_empty() {
        return format!(
            "/// Error codes of `{}`: the spec documents none of its own, so these are {}'s common codes.\npub type {name} = super::{COMMON};\n{alias}",
            cx.api.action,
            spec_text(&cx.provider.name)
        );
    }
    let codes = macro_block(
        &format!("{rt}::error_codes"),
        &format!(
            "Error codes of `{}`: its own documented codes; any other code is read as {}'s common codes (`Common`).",
            cx.api.action,
            spec_text(&cx.provider.name)
        ),
        &format!("{name}: common super::{COMMON}"),
        &entries(&own),
    );
    format!("{codes}{alias}")
}
