//! The service description, the `Operation` impl of each request, and the service client.

use heck::ToUpperCamelCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{ident, spec_text, text, ApiCx, EmitOptions};
use crate::model::{DefaultValue, Envelope, HttpMethod, Provider, Service, SigningScheme};
use crate::naming;

fn scheme_tokens(s: SigningScheme, rt: &TokenStream) -> TokenStream {
    match s {
        SigningScheme::Tc3HmacSha256 => quote!(#rt::sign::SigningScheme::Tc3HmacSha256),
        SigningScheme::VolcHmacSha256 => quote!(#rt::sign::SigningScheme::VolcHmacSha256),
        SigningScheme::Acs3HmacSha256 => quote!(#rt::sign::SigningScheme::Acs3HmacSha256),
        SigningScheme::AcsRpcHmacSha1 => quote!(#rt::sign::SigningScheme::AcsRpcHmacSha1),
    }
}

fn client_ident(service: &Service) -> proc_macro2::Ident {
    format_ident!("{}Client", service.id.to_upper_camel_case())
}

/// `SERVICE`, the client, and re-exports of each API's request, response and error.
/// The service's items, and its client methods as `client_methods!` text.
pub(crate) fn emit_service_items(
    provider: &Provider,
    service: &Service,
    options: &EmitOptions,
) -> (TokenStream, String) {
    let _ = options;
    let rt = &quote!(rt);
    let (p_id, s_id) = (provider.id.as_str(), service.id.as_str());
    let (endpoint, version, signing_name) = (
        service.endpoint.as_str(),
        service.version.as_str(),
        service.signing_name.as_str(),
    );
    let region = match &service.default_region {
        Some(r) => quote!(::std::option::Option::Some(#r)),
        None => quote!(::std::option::Option::None),
    };
    let default_signing = scheme_tokens(provider.signing.default, rt);
    let other_signing = provider.signing.also.iter().map(|s| scheme_tokens(*s, rt));
    let envelope = match provider.envelope {
        Envelope::Tencent => quote!(Tencent),
        Envelope::Volcengine => quote!(Volcengine),
        Envelope::Alibaba => quote!(Alibaba),
    };
    let (ak, sk, token) = (
        &provider.credentials.access_key_id,
        &provider.credentials.access_key_secret,
        &provider.credentials.session_token,
    );
    let client = client_ident(service);
    let client_doc = super::doc_attrs(&format!(
        "Client of {} {}: validates, signs ({}), sends, and decodes every call.\n\nCheap to clone; clones share the connection pool. The documented rate limits are enforced per API and access key across the process, however many clients there are, with calls paced evenly (see `cloudusage_runtime::rate_limit`).",
        spec_text(&provider.name),
        spec_text(&service.name),
        match provider.signing.default {
            SigningScheme::Tc3HmacSha256 => "TC3-HMAC-SHA256",
            SigningScheme::VolcHmacSha256 => "Volcengine HMAC-SHA256",
            SigningScheme::Acs3HmacSha256 => "ACS3-HMAC-SHA256 by default, RPC V1 HMAC-SHA1 selectable",
            SigningScheme::AcsRpcHmacSha1 => "RPC V1 HMAC-SHA1",
        }
    ));
    let env_doc = super::doc_attrs(&format!(
        "A client with credentials from the environment ({}).",
        ak.iter()
            .chain(sk)
            .map(|s| format!("`{s}`"))
            .collect::<Vec<_>>()
            .join(", ")
    ));

    let mut reexports = String::new();
    let mut entries = Vec::new();
    for api in &service.apis {
        let module = ident(&naming::module_name(&api.action));
        let request = format_ident!("{}Request", api.action);
        let response = format_ident!("{}Response", api.action);
        let error = format_ident!("{}Error", api.action);
        let code = format_ident!("{}ErrorCode", api.action);
        let method = naming::field_name(&api.action);
        let (deprecated, allow) = match &api.deprecated {
            Some(d) => (
                format!(
                    "#[deprecated(note = {})] #[allow(deprecated)] ",
                    text::str_lit(&d.note)
                ),
                "#[allow(deprecated)]\n",
            ),
            None => (String::new(), ""),
        };
        reexports.push_str(&format!(
            "{allow}pub use {module}::{{{request}, {response}, {error}, {code}}};\n"
        ));
        let signature = format!("({request}) -> {response}, {error};");
        entries.push(text::Entry {
            doc: format!(
                "{}\nSee [`{request}`] for the parameters and limits.",
                spec_text(&api.title)
            ),
            line: format!("{deprecated}call {method}{signature}"),
        });
        if api.period().is_some() {
            entries.push(text::Entry {
                doc: format!(
                    "`{}` over a period of any length: split into the fewest windows its documented limits allow, sent under the rate limiter with `options.concurrency` windows at a time{}, streamed per window in time order.\nStops after the last window or the first window that fails after retries; the error keeps the windows still to run.",
                    api.action,
                    if api.pagination.is_some() { ", every page of each window fetched" } else { "" }
                ),
                line: format!("{deprecated}range {}{signature}", naming::range_method(&api.action)),
            });
        }
        if api.pagination.is_some() {
            entries.push(text::Entry {
                doc: format!(
                    "Every page of `{}`, starting at the request's page, as a stream of responses.\nStops after the last page or the first error.",
                    api.action
                ),
                line: format!("{deprecated}pages {method}_pages{signature}"),
            });
        }
    }
    let methods = text::methods_block(&super::path_text(rt), &client.to_string(), &entries);

    let items = quote! {
        /// Facts shared by every API of this service.
        pub static SERVICE: #rt::ServiceInfo = #rt::ServiceInfo {
            provider: #p_id,
            service: #s_id,
            endpoint: #endpoint,
            version: #version,
            signing_name: #signing_name,
            default_region: #region,
            default_signing: #default_signing,
            other_signing: &[#(#other_signing),*],
            envelope: #rt::Envelope::#envelope,
            credentials: #rt::CredentialEnv {
                access_key_id: &[#(#ak),*],
                access_key_secret: &[#(#sk),*],
                session_token: &[#(#token),*],
            },
        };

        #client_doc
        #[derive(Debug, Clone)]
        pub struct #client {
            inner: #rt::Client,
        }

        impl #client {
            /// A client with explicit configuration (credentials, region, endpoint, timeouts, retries).
            pub fn new(config: #rt::ClientConfig) -> ::std::result::Result<Self, #rt::ConfigError> {
                ::std::result::Result::Ok(#client { inner: #rt::Client::new(&SERVICE, config)? })
            }

            #env_doc
            pub fn from_env() -> ::std::result::Result<Self, #rt::ConfigError> {
                Self::new(#rt::ClientConfig::from_env(&SERVICE)?)
            }

            /// The underlying runtime client.
            pub fn runtime(&self) -> &#rt::Client {
                &self.inner
            }
        }
    };
    (items, format!("{reexports}{methods}"))
}

/// `impl Operation` for an API's request (an `operation!` invocation, as text) and
/// `impl Paginated` (items) where the API pages.
pub(crate) fn emit_operation(cx: &ApiCx<'_>, has_limits: bool) -> (TokenStream, String) {
    let rt = &cx.rt;
    let rt_text = super::path_text(rt);
    let api = cx.api;
    let method = match api.method {
        HttpMethod::Get => "Get",
        HttpMethod::Post => "Post",
    };
    let mut info = format!(
        "{rt_text}::OperationInfo::new({}, {rt_text}::HttpMethod::{method})",
        super::text::str_lit(&api.action)
    );
    if let Some(r) = &api.rate_limit {
        info.push_str(&format!(".rate({}, {})", r.count, r.per.seconds()));
        if api.rate_scope == crate::model::RateScope::Account {
            info.push_str(".per_account()");
        }
    }
    if !api.regions.is_empty() {
        let regions: Vec<String> = api
            .regions
            .iter()
            .map(|r| super::text::str_lit(r))
            .collect();
        info.push_str(&format!(".regions(&[{}])", regions.join(", ")));
    }
    if api.deprecated.is_some() {
        info.push_str(".deprecated()");
    }
    let no_limits = if has_limits { "" } else { ", no_limits" };
    let text = format!(
        "{rt_text}::operation!({} => {}, {}, &super::SERVICE, {info}{no_limits});\n",
        cx.request_ident(),
        cx.response_ident(),
        cx.error_code_ident(),
    );
    let paginated = api
        .pagination
        .as_ref()
        .map(|p| emit_paginated(cx, p))
        .unwrap_or_default();
    (paginated, text)
}

/// `impl Paginated`: which page a request asks for, and whether another follows.
fn emit_paginated(cx: &ApiCx<'_>, p: &crate::model::Pagination) -> TokenStream {
    let rt = &cx.rt;
    let (request, response) = (cx.request_ident(), cx.response_ident());
    // `effective_x()` when the spec documents a default, else the value set.
    let param_member = |name: &str| {
        cx.api
            .param(name)
            .map_or_else(|| naming::member_name(name), |p| p.rust_name.clone())
    };
    let effective = |name: &str| -> TokenStream {
        let rust = param_member(name);
        let member = ident(&rust);
        match cx.api.param(name).map(|p| &p.default) {
            Some(Some(DefaultValue::Value(_))) => {
                let getter = format_ident!("effective_{}", rust.trim_end_matches('_'));
                quote!(::std::option::Option::Some(self.#getter()))
            }
            _ => quote!(self.#member),
        }
    };
    let page_member = ident(&param_member(&p.page_number));
    let page = effective(&p.page_number);
    let ty = cx
        .api
        .param(&p.page_number)
        .map(|p| super::types::rust_type(&p.ty, rt))
        .unwrap_or_else(|| quote!(i64));
    // A response field's Rust name (numbered when wire names clash).
    let response_member = |name: &str| {
        let rust = cx.api.response.iter().find(|f| f.name == name);
        ident(&rust.map_or_else(|| naming::field_name(name), |f| f.rust_name.clone()))
    };
    let items = response_member(&p.items);
    let response_value = |name: &str| {
        let m = response_member(name);
        match cx.api.response.iter().find(|f| f.name == name) {
            Some(f) if f.required => quote!(::std::option::Option::Some(response.#m)),
            _ => quote!(response.#m),
        }
    };
    // Without a total, a page is followed by another as long as it is not empty.
    let next = if let Some(total_pages) = &p.total_pages {
        let total = response_value(total_pages);
        quote! {
            match #total.and_then(|total| u64::try_from(total).ok()) {
                ::std::option::Option::Some(total) => self.page_number() < total,
                ::std::option::Option::None => !response.#items.is_empty(),
            }
        }
    } else if let Some(total_items) = &p.total_items {
        let total = response_value(total_items);
        let size = effective(&p.page_size);
        quote! {
            let size = #size
                .and_then(|size| u64::try_from(size).ok())
                .unwrap_or(response.#items.len() as u64);
            match #total.and_then(|total| u64::try_from(total).ok()) {
                ::std::option::Option::Some(total) => !response.#items.is_empty()
                    && self.page_number().saturating_mul(size) < total,
                ::std::option::Option::None => !response.#items.is_empty(),
            }
        }
    } else {
        quote!(!response.#items.is_empty())
    };
    quote! {
        impl #rt::Paginated for #request {
            fn page_number(&self) -> u64 {
                #page.and_then(|page| u64::try_from(page).ok()).unwrap_or(1)
            }

            fn with_page_number(&self, page: u64) -> Self {
                let mut next = self.clone();
                next.#page_member = ::std::option::Option::Some(<#ty>::try_from(page).unwrap_or(<#ty>::MAX));
                next
            }

            fn has_next_page(&self, response: &#response) -> bool {
                #next
            }
        }
    }
}
