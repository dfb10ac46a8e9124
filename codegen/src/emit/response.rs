//! The response payload type (inside the provider's envelope).

use proc_macro2::TokenStream;
use quote::quote;

use super::types::{field_member, from_json_impl, json_serde};
use super::{docs, ApiCx};

/// The response struct and its `FromJson` (items), and its serde bridge (text).
pub(crate) fn emit_response(cx: &ApiCx<'_>) -> (TokenStream, String) {
    let rt = &cx.rt;
    let name = cx.response_ident();
    let doc_text = format!(
        "The response of `{}`. Unknown extra fields are ignored.",
        cx.api.action
    );
    let doc = docs(&[Some(&doc_text)]);
    let members = cx.api.response.iter().map(|f| field_member(rt, f, false));
    let from_json = from_json_impl(rt, &name, &cx.api.response);
    let items = quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#members)*
        }

        #from_json
    };
    (items, json_serde(rt, &name.to_string(), false))
}
