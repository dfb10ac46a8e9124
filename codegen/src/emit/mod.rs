//! Emitters: the checked model in, token streams out. Nothing here reads files or formats
//! text; [`crate::generate`] turns the module tree into files.

mod client;
mod errors;
mod request;
mod response;
mod types;
mod validate;

use std::collections::BTreeSet;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::model::{Api, Catalog, Provider, Service, TypeKind, TypeRef};
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
    let doc = doc_attrs(&format!("{} APIs.", spec_text(&provider.name)));
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
        spec_text(&provider.name),
        spec_text(&service.name),
        service.endpoint,
        service.version
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
        sent_types: sent_types(api),
    };
    let types = types::emit_types(&cx);
    let request = request::emit_request(&cx);
    let validate = validate::emit_validate(&cx);
    let response = response::emit_response(&cx);
    let errors = errors::emit_errors(&cx);
    let operation = client::emit_operation(&cx);
    let title = doc_attrs(&spec_text(&api.title));
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
    /// Named structs a request sends, directly or nested: they are serialised as well as read.
    pub sent_types: BTreeSet<String>,
}

/// The structs reachable from the request parameters.
fn sent_types(api: &Api) -> BTreeSet<String> {
    fn visit(api: &Api, ty: &TypeRef, out: &mut BTreeSet<String>) {
        match ty {
            TypeRef::List(inner) => visit(api, inner, out),
            TypeRef::Named(name) => {
                if let Some(TypeKind::Struct(fields)) = api.type_def(name).map(|t| &t.kind) {
                    if out.insert(name.clone()) {
                        for f in fields {
                            visit(api, &f.ty, out);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    for p in &api.params {
        visit(api, &p.ty, &mut out);
    }
    out
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

/// How generated code reads a value of the request: always there (a required parameter, or
/// an effective value with a plain default) or maybe there (an `Option` expression).
pub(crate) enum Access {
    Always(TokenStream),
    Maybe(TokenStream),
}

impl Access {
    /// `body` with each value bound to its name, run only when every one is there. Values
    /// that are always there are plain `let`s, so no `Option` is built just to be unwrapped.
    pub fn bind_all(bindings: Vec<(Ident, Access)>, body: TokenStream) -> TokenStream {
        let inner = bindings
            .into_iter()
            .rev()
            .fold(body, |inner, (name, access)| match access {
                Access::Always(e) => quote! { let #name = #e; #inner },
                Access::Maybe(e) => {
                    quote! { if let ::std::option::Option::Some(#name) = #e { #inner } }
                }
            });
        quote!({ #inner })
    }

    /// `let name = value;` inside a function returning `Option`, leaving it early with
    /// `None` when the value is not there.
    pub fn bind_or_return(self, name: &Ident) -> TokenStream {
        match self {
            Access::Always(e) => quote!(let #name = #e;),
            Access::Maybe(e) => quote!(let #name = #e?;),
        }
    }

    /// A test that the value is `value` (never true when it is not there).
    pub fn equals(&self, value: &TokenStream) -> TokenStream {
        match self {
            Access::Always(e) => quote!(#e == #value),
            Access::Maybe(e) => quote!(#e == ::std::option::Option::Some(#value)),
        }
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

/// Spec text as rustdoc Markdown: `code spans` stay code; outside them the characters rustdoc
/// would read as links, HTML or emphasis (`[1,1000]`, `<none>`, `*`) are escaped, so the page's
/// words are shown as written and never break the docs build.
pub(crate) fn spec_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_code = false;
    for c in text.chars() {
        match c {
            '`' => in_code = !in_code,
            '\\' | '[' | ']' | '<' | '>' | '*' if !in_code => out.push('\\'),
            _ => {}
        }
        out.push(c);
    }
    out
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

#[cfg(test)]
mod tests {
    use super::spec_text;

    #[test]
    fn spec_text_escapes_markdown_outside_code_spans() {
        assert_eq!(
            spec_text("Value range [1,1000], <none> or *all*."),
            r"Value range \[1,1000\], \<none\> or \*all\*."
        );
        assert_eq!(
            spec_text("Written `{\"A\": [1]}` on the wire, [x]"),
            r#"Written `{"A": [1]}` on the wire, \[x\]"#
        );
        assert_eq!(spec_text(r"a\b"), r"a\\b");
    }
}
