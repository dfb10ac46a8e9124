//! The command-line glue of each API, behind the generated crate's `cli` feature: a table
//! of its flags and help (`rt::cli::ApiCli`, data only) and the reader of its typed request
//! (a `cli_request!` invocation, one line per parameter). The `cloudusage` binary does the
//! rest generically, so an API costs the command line little more than its table.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::request::{limits_lines, literal_text, param_facts, time_static};
use super::{ident, ApiCx};
use crate::model::{Api, Provider, Service, TypeKind, TypeRef};
use crate::naming;

/// How a flag's value is read, by the parameter's (element) type.
enum Shape<'a> {
    Text(&'static str),
    Time(&'static str),
    Enum(&'a crate::model::EnumDef),
    Json,
}

fn shape<'a>(api: &'a Api, ty: &TypeRef) -> Shape<'a> {
    match ty {
        TypeRef::String => Shape::Text("Text"),
        TypeRef::Bool => Shape::Text("Bool"),
        TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64 => Shape::Text("Integer"),
        TypeRef::F64 => Shape::Text("Number"),
        TypeRef::DateTime => Shape::Time("DateTime"),
        TypeRef::Date => Shape::Time("Date"),
        TypeRef::List(inner) => shape(api, inner),
        TypeRef::Named(name) => match api.type_def(name).map(|t| &t.kind) {
            Some(TypeKind::Enum(e)) => Shape::Enum(e),
            _ => Shape::Json,
        },
    }
}

/// The response field whose items are the rows of a table: the pages' items, else the only
/// list of objects in the response, looked for through objects that wrap it
/// (`StreamDetailData.StreamData`).
fn rows_field(api: &Api) -> Option<String> {
    if let Some(p) = &api.pagination {
        return Some(p.items.clone());
    }
    rows_in(api, &api.response, 0)
}

fn rows_in(api: &Api, fields: &[crate::model::Field], depth: usize) -> Option<String> {
    let is_struct = |ty: &TypeRef| match ty {
        TypeRef::Named(n) => match api.type_def(n).map(|t| &t.kind) {
            Some(TypeKind::Struct(fields)) => Some(fields),
            _ => None,
        },
        _ => None,
    };
    let mut lists = fields.iter().filter(|f| match &f.ty {
        TypeRef::List(inner) => is_struct(inner).is_some(),
        _ => false,
    });
    if let (Some(only), None) = (lists.next(), lists.next()) {
        return Some(only.name.clone());
    }
    // A depth bound, as a struct may contain itself.
    if depth > 2 {
        return None;
    }
    let mut wrapped = fields
        .iter()
        .filter_map(|f| Some((f, rows_in(api, is_struct(&f.ty)?, depth + 1)?)));
    match (wrapped.next(), wrapped.next()) {
        (Some((f, inner)), None) => Some(format!("{}.{inner}", f.name)),
        _ => None,
    }
}

/// The help of the action: its description, limits and page.
fn long_help(api: &Api) -> String {
    let mut parts = vec![api.title.trim().to_string()];
    if let Some(doc) = api.doc.as_deref().filter(|d| !d.trim().is_empty()) {
        parts.push(doc.trim().to_string());
    }
    if let Some(d) = &api.deprecated {
        parts.push(format!("Deprecated: {}", d.note.trim()));
    }
    let limits = limits_lines(api);
    if !limits.is_empty() {
        parts.push(format!("Limits:\n{}", limits.join("\n")));
    }
    if let Some(url) = &api.docs_url {
        parts.push(format!("Documentation: {url}"));
    }
    parts.join("\n\n")
}

/// `#[cfg(feature = "cli")] pub static CLI` (items) and the `cli_request!` invocation (text).
pub(crate) fn emit_api_cli(cx: &ApiCx<'_>) -> (TokenStream, String) {
    let rt = &cx.rt;
    let api = cx.api;
    let request = cx.request_ident();
    let flags = naming::cli_flags(api.params.iter().map(|p| p.rust_name.as_str()));
    let params = api.params.iter().zip(&flags).map(|(p, flag)| {
        let name = p.name.as_str();
        let mut help = p.doc.as_deref().unwrap_or("").trim().to_string();
        let facts = param_facts(p);
        if !facts.is_empty() {
            help = if help.is_empty() {
                facts
            } else {
                format!("{help} {facts}")
            };
        }
        let (kind, values, closed) = match shape(api, &p.ty) {
            Shape::Text(k) | Shape::Time(k) => (k, Vec::new(), false),
            Shape::Json => ("Json", Vec::new(), false),
            Shape::Enum(e) => (
                "Enum",
                e.values.iter().map(|v| v.value.clone()).collect(),
                !e.open,
            ),
        };
        if !values.is_empty() && !closed {
            help.push_str(&format!(" Documented values: {}.", values.join(", ")));
        }
        if !p.one_of.is_empty() {
            let allowed: Vec<String> = p.one_of.iter().map(literal_text).collect();
            help.push_str(&format!(" Allowed: {}.", allowed.join(", ")));
        }
        let kind = format_ident!("{kind}");
        let (required, list) = (p.required, matches!(p.ty, TypeRef::List(_)));
        quote! {
            #rt::cli::ParamCli {
                name: #name,
                flag: #flag,
                help: #help,
                required: #required,
                list: #list,
                kind: #rt::cli::ValueKind::#kind,
                values: &[#(#values),*],
                closed: #closed,
            }
        }
    });
    let action = api.action.as_str();
    let command = naming::cli_command(action);
    let title = api.title.trim();
    let doc = long_help(api);
    let period = super::option_tokens(api.period().map(|(s, e)| {
        let (s, e) = (s.name.as_str(), e.name.as_str());
        quote!((#s, #e))
    }));
    let paginated = api.pagination.is_some();
    let rows = super::option_tokens(rows_field(api));
    let builder = match (api.period().is_some(), paginated) {
        (true, true) => quote!(with_range_pages),
        (true, false) => quote!(with_range),
        (false, true) => quote!(with_pages),
        (false, false) => quote!(call_only),
    };
    let items = quote! {
        /// The command line's table of this API: flags, help and how to build the request.
        #[cfg(feature = "cli")]
        pub static CLI: #rt::cli::ApiCli = #rt::cli::ApiCli {
            action: #action,
            command: #command,
            title: #title,
            doc: #doc,
            params: &[#(#params),*],
            period: #period,
            paginated: #paginated,
            rows: #rows,
            build: #rt::cli::#builder::<#request>,
        };
    };

    let rt_text = super::path_text(rt);
    let mut text =
        format!("#[cfg(feature = \"cli\")]\n{rt_text}::cli_request! {{\n    {request} {{\n");
    for p in &api.params {
        let wire = super::text::str_lit(&p.name);
        let prefix = match (&p.ty, p.required) {
            (TypeRef::List(_), _) => "list",
            (_, true) => "req",
            (_, false) => "opt",
        };
        let call = match shape(api, &p.ty) {
            Shape::Time(_) => format!("{prefix}_time({wire}, &{})", time_static(p)),
            Shape::Json => format!("{prefix}_json({wire})"),
            Shape::Text(_) | Shape::Enum(_) => format!("{prefix}({wire})"),
        };
        text.push_str(&format!("        {}: {call},\n", p.rust_name));
    }
    text.push_str("    }\n}\n");
    (items, text)
}

/// The service's table: its APIs' tables and its provider's credential files.
pub(crate) fn emit_service_cli(provider: &Provider, service: &Service) -> TokenStream {
    let rt = quote!(rt);
    let provider_name = provider.name.as_str();
    let name = service.name.as_str();
    let profile = super::option_tokens(provider.credentials.profile_file.map(|f| match f {
        crate::model::ProfileFile::Tccli => quote!(#rt::cli::ProfileFormat::Tccli),
        crate::model::ProfileFile::Aliyun => quote!(#rt::cli::ProfileFormat::Aliyun),
    }));
    let apis = service.apis.iter().map(|a| {
        let module = ident(&naming::module_name(&a.action));
        quote!(&#module::CLI)
    });
    quote! {
        /// The command line's table of this service.
        #[cfg(feature = "cli")]
        pub static CLI: #rt::cli::ServiceCli = #rt::cli::ServiceCli {
            provider_name: #provider_name,
            name: #name,
            info: &SERVICE,
            profile: #profile,
            apis: &[#(#apis),*],
        };
    }
}
