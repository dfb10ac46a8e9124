//! Rust types for spec types, and the named enums and structs of an API or a service.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::text::{macro_block, str_lit, Entry};
use super::{docs, ident, spec_text};
use crate::model::{Api, EnumDef, Field, Literal, Param, TypeDef, TypeKind, TypeRef, WireQuirk};
use crate::naming;

/// The named types visible where types are emitted: an API's own, or a service's shared ones.
pub(crate) struct TypeScope<'a> {
    pub rt: &'a TokenStream,
    pub defs: Vec<&'a TypeDef>,
}

impl TypeScope<'_> {
    fn get(&self, name: &str) -> Option<&TypeDef> {
        self.defs.iter().copied().find(|t| t.name == name)
    }

    /// Whether a field of struct `owner` holding `ty` must be boxed: `ty` is a struct that
    /// contains `owner` again without a list in between (a `Vec` already adds indirection).
    pub fn needs_box(&self, owner: &str, ty: &TypeRef) -> bool {
        let TypeRef::Named(start) = ty else {
            return false;
        };
        let mut stack = vec![start.as_str()];
        let mut seen = std::collections::BTreeSet::new();
        while let Some(name) = stack.pop() {
            if name == owner {
                return true;
            }
            if !seen.insert(name) {
                continue;
            }
            if let Some(TypeKind::Struct(fields)) = self.get(name).map(|t| &t.kind) {
                for f in fields {
                    if let TypeRef::Named(next) = &f.ty {
                        stack.push(next);
                    }
                }
            }
        }
        false
    }
}

/// The Rust type of a spec type (without `Option`).
pub(crate) fn rust_type(ty: &TypeRef, rt: &TokenStream) -> TokenStream {
    match ty {
        TypeRef::String => quote!(::std::string::String),
        TypeRef::Bool => quote!(bool),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::U32 => quote!(u32),
        TypeRef::U64 => quote!(u64),
        TypeRef::F64 => quote!(f64),
        TypeRef::DateTime => quote!(#rt::reexports::time::OffsetDateTime),
        TypeRef::Date => quote!(#rt::reexports::time::Date),
        TypeRef::List(inner) => {
            let inner = rust_type(inner, rt);
            quote!(::std::vec::Vec<#inner>)
        }
        TypeRef::Named(name) => {
            let name = ident(&naming::type_name(name));
            quote!(#name)
        }
    }
}

/// The Rust type of a response field, with its wire quirk (`boxed` for a recursive field).
pub(crate) fn field_type(field: &Field, rt: &TokenStream, boxed: bool) -> TokenStream {
    let base = match (&field.ty, field.wire) {
        (ty, _) if boxed => {
            let inner = rust_type(ty, rt);
            quote!(::std::boxed::Box<#inner>)
        }
        (TypeRef::List(inner), WireQuirk::IdOrWord) => {
            let inner = rust_type(inner, rt);
            quote!(::std::vec::Vec<#rt::IdOrWord<#inner>>)
        }
        (ty, WireQuirk::IdOrWord) => {
            let inner = rust_type(ty, rt);
            quote!(#rt::IdOrWord<#inner>)
        }
        (ty, _) => rust_type(ty, rt),
    };
    if field.required || matches!(field.ty, TypeRef::List(_)) {
        base
    } else {
        quote!(::std::option::Option<#base>)
    }
}

/// Whether the Rust type of `ty` is `Copy` (numbers, times, closed enums).
pub(crate) fn is_copy(ty: &TypeRef, api: &Api) -> bool {
    match ty {
        TypeRef::String | TypeRef::List(_) => false,
        TypeRef::Named(name) => matches!(
            api.type_def(name).map(|t| &t.kind),
            Some(TypeKind::Enum(e)) if !e.open
        ),
        _ => true,
    }
}

/// The Rust variant name of an enum value.
pub(crate) fn variant_ident(value: &crate::model::EnumValue) -> proc_macro2::Ident {
    ident(
        &value
            .rust_name
            .clone()
            .unwrap_or_else(|| naming::variant_name(&value.value)),
    )
}

/// A literal as a Rust expression of the parameter's type.
pub(crate) fn literal_expr(lit: &Literal, ty: &TypeRef, api: &Api) -> TokenStream {
    let ty = match ty {
        TypeRef::List(inner) => inner.as_ref(),
        other => other,
    };
    match (lit, ty) {
        (Literal::Str(s), TypeRef::Named(name)) => {
            let ty_ident = ident(&naming::type_name(name));
            let variant = api
                .type_def(name)
                .and_then(|t| match &t.kind {
                    TypeKind::Enum(e) => e.values.iter().find(|v| &v.value == s),
                    TypeKind::Struct(_) => None,
                })
                .map(variant_ident);
            match variant {
                Some(v) => quote!(#ty_ident::#v),
                None => quote!(#ty_ident::from(#s)),
            }
        }
        (Literal::Str(s), _) => quote!(::std::string::String::from(#s)),
        (Literal::Int(i), t) => {
            let lit = match t {
                TypeRef::I32 => proc_macro2::Literal::i32_suffixed(*i as i32),
                TypeRef::U32 => proc_macro2::Literal::u32_suffixed(*i as u32),
                TypeRef::U64 => proc_macro2::Literal::u64_suffixed(*i as u64),
                _ => proc_macro2::Literal::i64_suffixed(*i),
            };
            quote!(#lit)
        }
        (Literal::Float(f), _) => {
            let lit = proc_macro2::Literal::f64_suffixed(*f);
            quote!(#lit)
        }
        (Literal::Bool(b), _) => quote!(#b),
    }
}

/// The named types among `defs`: enums as `wire_enum!` text, structs as items; `sent` names
/// the structs a request serialises.
pub(crate) fn emit_types(
    scope: &TypeScope<'_>,
    defs: &[&TypeDef],
    sent: &dyn Fn(&str) -> bool,
) -> (TokenStream, String) {
    let mut items = TokenStream::new();
    let mut text = String::new();
    for t in defs {
        match &t.kind {
            TypeKind::Enum(e) => text.push_str(&emit_enum(scope.rt, t, e)),
            TypeKind::Struct(fields) => {
                let is_sent = sent(&t.name);
                items.extend(emit_struct(scope, t, fields, is_sent));
                text.push_str(&json_serde(scope.rt, &naming::type_name(&t.name), is_sent));
            }
        }
    }
    (items, text)
}

/// A `wire_enum!` invocation: the variants and their wire values; the runtime's macro writes
/// the impls every enum shares.
fn emit_enum(rt: &TokenStream, def: &TypeDef, e: &EnumDef) -> String {
    let name = naming::type_name(&def.name);
    let open_note = if e.open {
        "Open: the documented list may be incomplete, so any other value is kept in `Unknown`."
    } else {
        "Closed: the documented list is complete."
    };
    let doc = [
        def.doc.as_deref().map(spec_text),
        Some(open_note.to_string()),
    ]
    .into_iter()
    .flatten()
    .filter(|d| !d.trim().is_empty())
    .collect::<Vec<_>>()
    .join("\n\n");
    let entries: Vec<Entry> = e
        .values
        .iter()
        .map(|v| Entry {
            doc: match &v.doc {
                Some(d) => format!("`{}`: {}", v.value, spec_text(d)),
                None => format!("`{}`.", v.value),
            },
            line: format!("{} = {}", variant_ident(v), str_lit(&v.value)),
        })
        .collect();
    let kind = if e.open { "open" } else { "closed" };
    macro_block(
        &format!("{}::wire_enum", super::path_text(rt)),
        &doc,
        &format!("{kind} {name}"),
        &entries,
    )
}

fn emit_struct(
    scope: &TypeScope<'_>,
    def: &TypeDef,
    fields: &[Field],
    serialize: bool,
) -> TokenStream {
    let rt = scope.rt;
    let name = ident(&naming::type_name(&def.name));
    let doc = docs(&[def.doc.as_deref().map(spec_text).as_deref()]);
    let members = fields
        .iter()
        .map(|f| field_member(rt, f, scope.needs_box(&def.name, &f.ty)));
    let from_json = from_json_impl(rt, &name, fields);
    let to_json = serialize.then(|| to_json_impl(rt, &name, fields));
    // A struct a request sends is built by the user: `#[non_exhaustive]` forbids struct
    // literals outside this crate, so it gets `new()` and setters like a request does.
    let builder = serialize.then(|| emit_struct_builder(scope, def, &name, fields));
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#members)*
        }

        #from_json
        #to_json
        #builder
    }
}

/// `json_serde!`: serde's traits through the JSON ones, one line per type.
pub(crate) fn json_serde(rt: &TokenStream, name: &str, serialize: bool) -> String {
    let rt = super::path_text(rt);
    if serialize {
        format!("{rt}::json_serde!({name}, serialize);\n")
    } else {
        format!("{rt}::json_serde!({name});\n")
    }
}

/// `impl FromJson`: one line per field, the runtime's `Fields` doing the work.
pub(crate) fn from_json_impl(
    rt: &TokenStream,
    name: &proc_macro2::Ident,
    fields: &[Field],
) -> TokenStream {
    let inits = fields.iter().map(|f| {
        let member = ident(&naming::field_name(&f.name));
        let wire = f.name.as_str();
        let shape = match (&f.ty, f.required) {
            (TypeRef::List(_), false) => "list",
            (_, true) => "req",
            (_, false) => "opt",
        };
        // Lists of times and of lenient numbers read `null` as empty, required or not.
        let quirk_shape = if matches!(f.ty, TypeRef::List(_)) {
            "list"
        } else {
            shape
        };
        if let Some(t) = &f.time {
            let stat = time_static_ident(t);
            let read = format_ident!("{quirk_shape}_time");
            return quote!(#member: o.#read(#wire, &#stat)?,);
        }
        let read = match f.wire {
            WireQuirk::NumberOrString => format_ident!("{quirk_shape}_lenient"),
            _ => format_ident!("{shape}"),
        };
        quote!(#member: o.#read(#wire)?,)
    });
    let binding = if fields.is_empty() {
        quote!(#rt::json::Fields::new(value)?;)
    } else {
        quote!(let mut o = #rt::json::Fields::new(value)?;)
    };
    quote! {
        impl #rt::FromJson for #name {
            fn from_json(value: #rt::json::Json) -> ::std::result::Result<Self, #rt::json::DecodeError> {
                #binding
                ::std::result::Result::Ok(#name { #(#inits)* })
            }
        }
    }
}

/// `impl ToJson` for a struct a request sends: one line per field; unset fields are left out.
fn to_json_impl(rt: &TokenStream, name: &proc_macro2::Ident, fields: &[Field]) -> TokenStream {
    let puts = fields.iter().map(|f| {
        let member = ident(&naming::field_name(&f.name));
        let wire = f.name.as_str();
        // A required list is written even when empty, as the spec asks for it.
        let shape = match (&f.ty, f.required) {
            (TypeRef::List(_), false) => "_list",
            (_, true) => "",
            (_, false) => "_opt",
        };
        match &f.time {
            Some(t) => {
                let stat = time_static_ident(t);
                let put = format_ident!("put_time{shape}");
                quote!(o.#put(#wire, &#stat, &self.#member)?;)
            }
            None => {
                let put = format_ident!("put{shape}");
                quote!(o.#put(#wire, &self.#member)?;)
            }
        }
    });
    let binding = if fields.is_empty() {
        quote!(let o)
    } else {
        quote!(let mut o)
    };
    quote! {
        impl #rt::ToJson for #name {
            fn to_json(&self) -> ::std::result::Result<#rt::json::Json, #rt::wire::EncodeError> {
                #binding = #rt::json::Object::default();
                #(#puts)*
                ::std::result::Result::Ok(o.into_value())
            }
        }
    }
}

/// The `static` holding a time format in generated code.
pub(crate) fn time_static_ident(fmt: &crate::model::TimeFormat) -> proc_macro2::Ident {
    format_ident!("TIME_{}", time_format_key(fmt).to_uppercase())
}

/// `new()` with the required fields, and a setter per optional field.
fn emit_struct_builder(
    scope: &TypeScope<'_>,
    def: &TypeDef,
    name: &proc_macro2::Ident,
    fields: &[Field],
) -> TokenStream {
    let rt = scope.rt;
    let arg = |f: &Field, value: TokenStream| {
        if scope.needs_box(&def.name, &f.ty) {
            let inner = rust_type(&f.ty, rt);
            return (
                quote!(impl ::std::convert::Into<::std::boxed::Box<#inner>>),
                quote!(#value.into()),
            );
        }
        if f.wire != WireQuirk::IdOrWord {
            return (
                super::request::arg_type(&f.ty, rt),
                super::request::arg_into(&f.ty, value),
            );
        }
        match &f.ty {
            TypeRef::List(inner) => {
                let inner = rust_type(inner, rt);
                (
                    quote!(impl ::std::iter::IntoIterator<Item = impl ::std::convert::Into<#rt::IdOrWord<#inner>>>),
                    quote!(#value.into_iter().map(::std::convert::Into::into).collect()),
                )
            }
            ty => {
                let ty = rust_type(ty, rt);
                (
                    quote!(impl ::std::convert::Into<#rt::IdOrWord<#ty>>),
                    quote!(#value.into()),
                )
            }
        }
    };
    let required: Vec<&Field> = fields.iter().filter(|f| f.required).collect();
    let args = required.iter().map(|f| {
        let member = ident(&naming::field_name(&f.name));
        let (ty, _) = arg(f, quote!(#member));
        quote!(#member: #ty)
    });
    let init = fields.iter().map(|f| {
        let member = ident(&naming::field_name(&f.name));
        if f.required {
            // Strings, lists, ids and boxes are converted from what the caller passed.
            let converted = f.wire == WireQuirk::IdOrWord
                || matches!(f.ty, TypeRef::String | TypeRef::List(_))
                || scope.needs_box(&def.name, &f.ty);
            if converted {
                let (_, value) = arg(f, quote!(#member));
                quote!(#member: #value,)
            } else {
                quote!(#member,)
            }
        } else {
            quote!(#member: ::std::default::Default::default(),)
        }
    });
    let setters = fields.iter().filter(|f| !f.required).map(|f| {
        let member = ident(&naming::field_name(&f.name));
        let doc = super::doc_attrs(&format!("Sets [`{member}`](Self::{member})."));
        let (ty, value) = arg(f, quote!(value));
        let assign = if matches!(f.ty, TypeRef::List(_)) {
            quote!(self.#member = #value;)
        } else {
            quote!(self.#member = ::std::option::Option::Some(#value);)
        };
        quote! {
            #doc
            #[must_use]
            pub fn #member(mut self, value: #ty) -> Self {
                #assign
                self
            }
        }
    });
    let new_doc = if required.is_empty() {
        "A value with every optional field unset.".to_string()
    } else {
        let names: Vec<String> = required.iter().map(|f| format!("`{}`", f.name)).collect();
        format!(
            "A value with its required fields ({}); set optional ones with the setters.",
            names.join(", ")
        )
    };
    let new_doc = super::doc_attrs(&new_doc);
    let too_many = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        impl #name {
            #new_doc
            #too_many
            pub fn new(#(#args),*) -> Self {
                #name { #(#init)* }
            }

            #(#setters)*
        }
    }
}

/// One field of a response or named struct.
pub(crate) fn field_member(rt: &TokenStream, f: &Field, boxed: bool) -> TokenStream {
    let member = ident(&naming::field_name(&f.name));
    let ty = field_type(f, rt, boxed);
    let doc = docs(&[f.doc.as_deref().map(spec_text).as_deref()]);
    quote! {
        #doc
        pub #member: #ty,
    }
}

/// A stable short key per distinct time format of an API.
pub(crate) fn time_format_key(fmt: &crate::model::TimeFormat) -> String {
    // FNV-1a: stable across runs and platforms, unlike std's hasher.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let text = format!("{}|{:?}", fmt.format, fmt.utc_offset_seconds);
    for b in text.bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:08x}", hash as u32)
}

/// The `static` holding each time format a module's parameters and fields use.
pub(crate) fn emit_time_statics(
    rt: &TokenStream,
    params: &[Param],
    fields: &[(&Field, bool)],
) -> TokenStream {
    let mut seen = std::collections::BTreeSet::new();
    let mut out = TokenStream::new();
    let formats = params
        .iter()
        .filter_map(|p| p.time.as_ref())
        .chain(fields.iter().filter_map(|(f, _)| f.time.as_ref()));
    for fmt in formats {
        if seen.insert(time_format_key(fmt)) {
            let name = time_static_ident(fmt);
            let desc = fmt.format.as_str();
            let offset = match fmt.utc_offset_seconds {
                Some(s) => quote!(::std::option::Option::Some(#s)),
                None => quote!(::std::option::Option::None),
            };
            out.extend(quote! {
                static #name: #rt::wire::TimeFormat = #rt::wire::TimeFormat::new(#desc, #offset);
            });
        }
    }
    out
}

/// Every field of `defs` (structs only), paired with whether its struct is serialised.
pub(crate) fn struct_fields<'a>(
    defs: &[&'a TypeDef],
    sent: &dyn Fn(&str) -> bool,
) -> Vec<(&'a Field, bool)> {
    defs.iter()
        .flat_map(|t| {
            let is_sent = sent(&t.name);
            let fields = match &t.kind {
                TypeKind::Struct(fields) => fields.as_slice(),
                TypeKind::Enum(_) => &[],
            };
            fields.iter().map(move |f| (f, is_sent))
        })
        .collect()
}
