//! The response payload type (inside the provider's envelope).

use proc_macro2::TokenStream;
use quote::quote;

use super::types::field_member;
use super::{docs, ApiCx};

pub(crate) fn emit_response(cx: &ApiCx<'_>) -> TokenStream {
    let rt = &cx.rt;
    let name = cx.response_ident();
    let doc_text = format!(
        "The response of `{}`. Unknown extra fields are ignored.",
        cx.api.action
    );
    let doc = docs(&[Some(&doc_text)]);
    let members = cx
        .api
        .response
        .iter()
        .map(|f| field_member(rt, f, false, false));
    let serde_path = super::path_text(&quote!(#rt::reexports::serde));
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #rt::reexports::serde::Deserialize)]
        #[serde(crate = #serde_path, rename_all = "PascalCase")]
        #[non_exhaustive]
        pub struct #name {
            #(#members)*
        }
    }
}
