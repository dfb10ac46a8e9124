//! Emitters: the checked model in, token streams out. Nothing here reads files or formats
//! text; [`crate::generate`] turns the module tree into files.

mod cli;
mod client;
mod errors;
mod range;
mod request;
mod response;
mod shared;
mod text;
mod types;
mod validate;

use std::collections::BTreeSet;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::model::{Api, Catalog, Provider, Service, TypeDef, TypeKind, TypeRef};
use crate::naming;
use shared::SharedTypes;
use types::TypeScope;

/// Choices that differ between the committed crate and a `build.rs` user.
#[derive(Debug, Clone)]
pub struct EmitOptions {
    /// Path of the runtime crate in generated code, e.g. `::cloudusage_runtime`. Each
    /// generated module imports it once as `rt`.
    pub runtime: TokenStream,
    /// Gate each provider and service behind a cargo feature (`tencent`, `tencent-vod`).
    pub features: bool,
    /// Emit the command-line glue of each API and service, behind the feature `cli`.
    pub cli: bool,
}

impl Default for EmitOptions {
    fn default() -> Self {
        EmitOptions {
            runtime: quote!(::cloudusage_runtime),
            features: false,
            cli: false,
        }
    }
}

/// A generated module: its items and its child modules.
#[derive(Debug, Clone)]
pub struct Module {
    pub name: String,
    /// Attributes placed on the `mod` item in the parent (docs, cfg).
    pub outer: TokenStream,
    /// Inner attributes and items, formatted by prettyplease.
    pub items: TokenStream,
    /// Macro invocations already laid out as text, appended after the formatted items.
    pub text: String,
    pub children: Vec<Module>,
}

/// The cargo feature of a service.
pub fn service_feature(provider: &Provider, service: &Service) -> String {
    format!("{}-{}", provider.id, service.id)
}

/// The whole generated tree: one module per provider, per service and per API (for output
/// as one file; [`crate::generate`] emits the files of a crate one by one, in parallel).
pub fn emit_catalog(catalog: &Catalog, options: &EmitOptions) -> Module {
    let children = catalog
        .providers
        .iter()
        .map(|p| {
            let mut module = emit_provider(p, options);
            module.children = p
                .services
                .iter()
                .map(|s| {
                    let plan = ServicePlan::new(p, s);
                    let mut module = emit_service(&plan, options, &quote!(super::CommonErrorCode));
                    module.children = emit_types_module(&plan, options)
                        .into_iter()
                        .chain(s.apis.iter().map(|a| emit_api(&plan, a, options)))
                        .collect();
                    module
                })
                .collect();
            module
        })
        .collect();
    Module {
        name: String::new(),
        outer: TokenStream::new(),
        items: TokenStream::new(),
        text: String::new(),
        children,
    }
}

/// A module declared but not emitted here: its name and the attributes of its `mod` item.
fn stub(name: String, outer: TokenStream) -> Module {
    Module {
        name,
        outer,
        items: TokenStream::new(),
        text: String::new(),
        children: Vec::new(),
    }
}

/// A provider's module: its docs, feature gate and common error codes. Its children are
/// stubs naming the service modules.
pub fn emit_provider(provider: &Provider, options: &EmitOptions) -> Module {
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
    let runtime = &options.runtime;
    Module {
        name: naming::module_name(&provider.id),
        outer: quote!(#doc #cfg),
        items: quote!(use #runtime as rt;),
        text: errors::emit_common_errors(provider, &quote!(rt)),
        children: provider
            .services
            .iter()
            .map(|s| {
                stub(
                    naming::module_name(&s.id),
                    service_outer(provider, s, options),
                )
            })
            .collect(),
    }
}

/// A service with its shared types worked out: every file of the service is emitted from it.
#[derive(Debug)]
pub struct ServicePlan<'a> {
    pub provider: &'a Provider,
    pub service: &'a Service,
    shared: SharedTypes,
}

impl<'a> ServicePlan<'a> {
    pub fn new(provider: &'a Provider, service: &'a Service) -> Self {
        ServicePlan {
            provider,
            service,
            shared: shared::shared_types(service, sent_types),
        }
    }

    /// Whether the service has a `types` module.
    pub fn has_shared_types(&self) -> bool {
        !self.shared.types.is_empty()
    }
}

fn service_outer(provider: &Provider, service: &Service, options: &EmitOptions) -> TokenStream {
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
    quote!(#doc #cfg)
}

const TYPES_DOC: &str = "Named types that several APIs of this service share.";

/// A service's module: its description and client, and stubs for its `types` module and one
/// module per API. `common` is the path of the provider's `CommonErrorCode` from there.
pub fn emit_service(plan: &ServicePlan<'_>, options: &EmitOptions, common: &TokenStream) -> Module {
    let (provider, service) = (plan.provider, plan.service);
    let runtime = &options.runtime;
    let (client, methods) = client::emit_service_items(provider, service, options);
    let cli = options
        .cli
        .then(|| cli::emit_service_cli(provider, service));
    let mut children = Vec::new();
    if plan.has_shared_types() {
        children.push(stub("types".to_string(), doc_attrs(TYPES_DOC)));
    }
    children.extend(service.apis.iter().map(|a| {
        stub(
            naming::module_name(&a.action),
            doc_attrs(&spec_text(&a.title)),
        )
    }));
    Module {
        name: naming::module_name(&service.id),
        outer: service_outer(provider, service, options),
        items: quote! {
            use #runtime as rt;
            pub use #common;
            #client
            #cli
        },
        text: methods,
        children,
    }
}

/// The service's `types` module, when several of its APIs share named types.
pub fn emit_types_module(plan: &ServicePlan<'_>, options: &EmitOptions) -> Option<Module> {
    let shared = &plan.shared;
    if shared.types.is_empty() {
        return None;
    }
    let runtime = &options.runtime;
    let rt = quote!(rt);
    let defs: Vec<&TypeDef> = shared.types.values().map(|(d, _)| d).collect();
    let scope = TypeScope {
        rt: &rt,
        defs: defs.clone(),
    };
    let sent = |name: &str| {
        shared
            .types
            .get(&naming::type_name(name))
            .is_some_and(|(_, s)| *s)
    };
    let (items, text) = types::emit_types(&scope, &defs, &sent);
    let fields = types::struct_fields(&defs, &sent);
    let helpers = types::emit_time_statics(&rt, &[], &fields);
    Some(Module {
        name: "types".to_string(),
        outer: doc_attrs(TYPES_DOC),
        items: quote! {
            use #runtime as rt;
            #helpers
            #items
        },
        text,
        children: Vec::new(),
    })
}

/// One API's module: its types, request, validation, response, errors and operation.
pub fn emit_api(plan: &ServicePlan<'_>, api: &Api, options: &EmitOptions) -> Module {
    let shared = &plan.shared;
    let cx = ApiCx {
        provider: plan.provider,
        api,
        rt: quote!(rt),
        sent_types: sent_types(api),
    };
    let runtime = &options.runtime;
    let own: Vec<&TypeDef> = api
        .types
        .iter()
        .filter(|t| !shared.contains(&t.name))
        .collect();
    let from_shared: Vec<Ident> = api
        .types
        .iter()
        .filter(|t| shared.contains(&t.name))
        .map(|t| ident(&naming::type_name(&t.name)))
        .collect();
    let import_shared =
        (!from_shared.is_empty()).then(|| quote!(pub use super::types::{#(#from_shared),*};));
    let scope = TypeScope {
        rt: &cx.rt,
        defs: api.types.iter().collect(),
    };
    let sent = |name: &str| cx.sent_types.contains(name);
    let (type_items, type_text) = types::emit_types(&scope, &own, &sent);
    let mut fields: Vec<(&crate::model::Field, bool)> =
        api.response.iter().map(|f| (f, false)).collect();
    fields.extend(types::struct_fields(&own, &sent));
    let helpers = types::emit_time_statics(&cx.rt, &api.params, &fields);
    let (request, request_text) = request::emit_request(&cx);
    let validate = validate::emit_validate(&cx);
    let range = range::emit_range(&cx);
    let response_text = response::emit_response(&cx);
    let error_text = errors::emit_errors(&cx);
    let (paginated, operation_text) = client::emit_operation(&cx, validate.is_some());
    let (cli, cli_text) = if options.cli {
        cli::emit_api_cli(&cx)
    } else {
        (TokenStream::new(), String::new())
    };
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
            use #runtime as rt;
            #import_shared
            #helpers
            #type_items
            #request
            #validate
            #paginated
            #range
            #cli
        },
        text: format!(
            "{type_text}{request_text}{response_text}{error_text}{operation_text}{cli_text}"
        ),
        children: Vec::new(),
    }
}

/// Everything an API's emitters need.
pub(crate) struct ApiCx<'a> {
    pub provider: &'a Provider,
    pub api: &'a Api,
    /// The runtime as generated code names it (`rt`, imported at the top of each module).
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

/// `#[doc = "..."]` per line, with the leading space rustdoc expects (lines as
/// [`text::doc_text_lines`] makes them writable).
pub(crate) fn doc_attrs(text: &str) -> TokenStream {
    // Nothing to say is no doc at all, not an empty `///` (clippy: empty_docs).
    if text.trim().is_empty() {
        return TokenStream::new();
    }
    let lines = text::doc_text_lines(text).into_iter().map(|l| {
        let line = if l.is_empty() { l } else { format!(" {l}") };
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
