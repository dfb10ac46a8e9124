//! Emitters: the checked model in, token streams out. Nothing here reads files or formats
//! text; [`crate::generate`] turns the module tree into files.

mod client;
mod errors;
mod request;
mod response;
mod types;
mod validate;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::model::{Api, Catalog, Provider, Service};
use crate::naming;

/// Choices that differ between the committed crate and a `build.rs` user.
#[derive(Debug, Clone)]
pub struct EmitOptions {
    /// Path of the runtime crate in generated code, e.g. `::cloudusage_runtime`.
    pub runtime: TokenStream,
    /// Gate each provider and service behind a cargo feature (`tencent`, `tencent-vod`).
    pub features: bool,
}

impl Default for EmitOptions {
    fn default() -> Self {
        EmitOptions {
            runtime: quote!(::cloudusage_runtime),
            features: false,
        }
    }
}

/// A generated module: its items and its child modules.
#[derive(Debug, Clone)]
pub struct Module {
    pub name: String,
    /// Attributes placed on the `mod` item in the parent (docs, cfg).
    pub outer: TokenStream,
    /// Inner attributes and items.
    pub items: TokenStream,
    pub children: Vec<Module>,
}

/// The cargo feature of a service.
pub fn service_feature(provider: &Provider, service: &Service) -> String {
    format!("{}-{}", provider.id, service.id)
}

/// The whole generated tree: one module per provider, per service and per API.
pub fn emit_catalog(catalog: &Catalog, options: &EmitOptions) -> Module {
    let children = catalog
        .providers
        .iter()
        .map(|p| emit_provider(p, options))
        .collect();
    Module {
        name: String::new(),
        outer: TokenStream::new(),
        items: TokenStream::new(),
        children,
    }
}

fn emit_provider(provider: &Provider, options: &EmitOptions) -> Module {
    let doc = doc_attrs(&format!("{} APIs.", provider.name));
    let cfg = if options.features {
        let features: Vec<String> = provider
            .services
            .iter()
            .map(|s| service_feature(provider, s))
            .collect();
        match features.as_slice() {
            [one] => quote!(#[cfg(feature = #one)]),
            many => quote!(#[cfg(any(#(feature = #many),*))]),
        }
    } else {
        TokenStream::new()
    };
    Module {
        name: provider.id.clone(),
        outer: quote!(#doc #cfg),
        items: TokenStream::new(),
        children: provider
            .services
            .iter()
            .map(|s| emit_service(provider, s, options))
            .collect(),
    }
}

fn emit_service(provider: &Provider, service: &Service, options: &EmitOptions) -> Module {
    let doc = doc_attrs(&format!(
        "{} {} (`{}`, version `{}`).",
        provider.name, service.name, service.endpoint, service.version
    ));
    let cfg = if options.features {
        let feature = service_feature(provider, service);
        quote!(#[cfg(feature = #feature)])
    } else {
        TokenStream::new()
    };
    let items = client::emit_service_items(provider, service, options);
    Module {
        name: service.id.clone(),
        outer: quote!(#doc #cfg),
        items,
        children: service
            .apis
            .iter()
            .map(|a| emit_api(provider, a, options))
            .collect(),
    }
}

fn emit_api(provider: &Provider, api: &Api, options: &EmitOptions) -> Module {
    let cx = ApiCx {
        provider,
        api,
        rt: options.runtime.clone(),
    };
    let types = types::emit_types(&cx);
    let request = request::emit_request(&cx);
    let validate = validate::emit_validate(&cx);
    let response = response::emit_response(&cx);
    let errors = errors::emit_errors(&cx);
    let operation = client::emit_operation(&cx);
    let title = doc_attrs(&api.title);
    let allow_deprecated = api
        .deprecated
        .as_ref()
        .map(|_| quote!(#![allow(deprecated)]));
    Module {
        name: naming::module_name(&api.action),
        outer: quote!(#title),
        items: quote! {
            #allow_deprecated
            #types
            #request
            #validate
            #response
            #errors
            #operation
        },
        children: Vec::new(),
    }
}

/// Everything an API's emitters need.
pub(crate) struct ApiCx<'a> {
    pub provider: &'a Provider,
    pub api: &'a Api,
    pub rt: TokenStream,
}

impl ApiCx<'_> {
    pub fn request_ident(&self) -> Ident {
        format_ident!("{}Request", self.api.action)
    }

    pub fn response_ident(&self) -> Ident {
        format_ident!("{}Response", self.api.action)
    }

    pub fn error_code_ident(&self) -> Ident {
        format_ident!("{}ErrorCode", self.api.action)
    }

    pub fn error_ident(&self) -> Ident {
        format_ident!("{}Error", self.api.action)
    }
}

/// `Some(value)` / `None` as tokens.
pub(crate) fn option_tokens<T: quote::ToTokens>(value: Option<T>) -> TokenStream {
    match value {
        Some(v) => quote!(::std::option::Option::Some(#v)),
        None => quote!(::std::option::Option::None),
    }
}

/// The runtime crate's path as text, for serde's string-valued attributes.
pub(crate) fn path_text(path: &TokenStream) -> String {
    path.to_string().replace(' ', "")
}

/// An identifier for a Rust name produced by [`naming`] (already keyword-safe).
pub(crate) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// `#[doc = "..."]` per line, with the leading space rustdoc expects.
pub(crate) fn doc_attrs(text: &str) -> TokenStream {
    let lines = text.trim_end().lines().map(|l| {
        let line = if l.is_empty() {
            String::new()
        } else {
            format!(" {}", l.trim_end())
        };
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

/// Doc attributes from an optional text, followed by more paragraphs.
pub(crate) fn docs(parts: &[Option<&str>]) -> TokenStream {
    let text = parts
        .iter()
        .flatten()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    doc_attrs(&text)
}
