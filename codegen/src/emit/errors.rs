//! The typed error code of an API: its own codes, then its provider's common ones that it
//! does not redefine, then `Unknown`.

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, ident, spec_text, ApiCx};
use crate::model::ErrorCode;
use crate::naming;

pub(crate) fn emit_errors(cx: &ApiCx<'_>) -> TokenStream {
    let rt = &cx.rt;
    let name = cx.error_code_ident();
    let alias = cx.error_ident();
    let own = cx.api.errors.iter();
    let common = cx
        .provider
        .errors
        .iter()
        .filter(|c| !cx.api.errors.iter().any(|o| o.code == c.code));
    let codes: Vec<&ErrorCode> = own.chain(common).collect();
    let variants: Vec<_> = codes
        .iter()
        .map(|c| ident(&naming::error_variant_name(&c.code)))
        .collect();
    let wire: Vec<&str> = codes.iter().map(|c| c.code.as_str()).collect();
    let descriptions: Vec<&str> = codes.iter().map(|c| c.description.as_str()).collect();
    let variant_docs = codes.iter().map(|c| {
        let mut text = format!("`{}`: {}", c.code, spec_text(&c.description));
        if let Some(s) = c.http_status {
            text.push_str(&format!(" (HTTP {s})"));
        }
        if c.retryable {
            text.push_str(" Retryable.");
        }
        for m in &c.messages {
            text.push_str(&format!("\n\nMessage: \"{}\"", spec_text(m)));
        }
        docs(&[Some(&text)])
    });
    let status_arms = codes.iter().zip(&variants).filter_map(|(c, v)| {
        c.http_status
            .map(|s| quote!(#name::#v => ::std::option::Option::Some(#s),))
    });
    let retry_arms = codes
        .iter()
        .zip(&variants)
        .filter(|(c, _)| c.retryable)
        .map(|(_, v)| quote!(#name::#v));
    let retry_match = {
        let arms: Vec<_> = retry_arms.collect();
        if arms.is_empty() {
            quote!(false)
        } else {
            quote!(matches!(self, #(#arms)|*))
        }
    };
    let doc_text = format!(
        "Error codes of `{}`: its own documented codes and {}'s common codes.",
        cx.api.action, cx.provider.name
    );
    let doc = docs(&[Some(&doc_text)]);
    let alias_doc = super::doc_attrs(&format!("The error of a `{}` call.", cx.api.action));
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variant_docs #variants,)*
            /// A code the spec does not document; the server's message is in the error.
            Unknown(::std::string::String),
        }

        impl #rt::ErrorCode for #name {
            fn from_code(code: &str) -> Self {
                match code {
                    #(#wire => #name::#variants,)*
                    other => #name::Unknown(other.to_string()),
                }
            }

            fn code(&self) -> &str {
                match self {
                    #(#name::#variants => #wire,)*
                    #name::Unknown(code) => code.as_str(),
                }
            }

            #[allow(clippy::match_single_binding)]
            fn http_status(&self) -> ::std::option::Option<u16> {
                match self {
                    #(#status_arms)*
                    _ => ::std::option::Option::None,
                }
            }

            fn retryable(&self) -> bool {
                #retry_match
            }

            fn description(&self) -> &'static str {
                match self {
                    #(#name::#variants => #descriptions,)*
                    #name::Unknown(_) => "",
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(#rt::ErrorCode::code(self))
            }
        }

        #alias_doc
        pub type #alias = #rt::Error<#name>;
    }
}
