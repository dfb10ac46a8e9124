//! Rust types for spec types, and the API's named enums and structs.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{docs, ident, ApiCx};
use crate::model::{Api, EnumDef, Field, Literal, TypeDef, TypeKind, TypeRef, WireQuirk};
use crate::naming;

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

/// The Rust type of a response field, with its wire quirk.
pub(crate) fn field_type(field: &Field, rt: &TokenStream) -> TokenStream {
    let base = match (&field.ty, field.wire) {
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

pub(crate) fn emit_types(cx: &ApiCx<'_>) -> TokenStream {
    let used_in_request = |name: &str| {
        cx.api.params.iter().any(|p| match &p.ty {
            TypeRef::Named(n) => n == name,
            TypeRef::List(inner) => matches!(inner.as_ref(), TypeRef::Named(n) if n == name),
            _ => false,
        })
    };
    let items = cx.api.types.iter().map(|t| match &t.kind {
        TypeKind::Enum(e) => emit_enum(cx, t, e),
        TypeKind::Struct(fields) => emit_struct(cx, t, fields, used_in_request(&t.name)),
    });
    quote!(#(#items)*)
}

fn emit_enum(cx: &ApiCx<'_>, def: &TypeDef, e: &EnumDef) -> TokenStream {
    let rt = &cx.rt;
    let name = ident(&naming::type_name(&def.name));
    let name_text = def.name.as_str();
    let open_note = if e.open {
        "Open: the documented list may be incomplete, so any other value is kept in `Unknown`."
    } else {
        "Closed: the documented list is complete."
    };
    let doc = docs(&[def.doc.as_deref(), Some(open_note)]);
    let variants: Vec<_> = e.values.iter().map(variant_ident).collect();
    let wires: Vec<&str> = e.values.iter().map(|v| v.value.as_str()).collect();
    let variant_docs = e.values.iter().map(|v| {
        let text = match &v.doc {
            Some(d) => format!("`{}`: {}", v.value, d),
            None => format!("`{}`.", v.value),
        };
        docs(&[Some(&text)])
    });
    let unknown_variant = e.open.then(|| {
        quote! {
            /// A value this version of the spec does not list.
            Unknown(::std::string::String),
        }
    });
    let derive_copy = (!e.open).then(|| quote!(Copy,));
    let as_str_unknown = e
        .open
        .then(|| quote!(#name::Unknown(value) => value.as_str(),));
    let from_text = if e.open {
        quote! {
            impl ::std::convert::From<&str> for #name {
                fn from(value: &str) -> Self {
                    match value {
                        #(#wires => #name::#variants,)*
                        other => #name::Unknown(other.to_string()),
                    }
                }
            }

            impl ::std::str::FromStr for #name {
                type Err = ::std::convert::Infallible;

                fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                    Ok(#name::from(value))
                }
            }
        }
    } else {
        quote! {
            impl ::std::str::FromStr for #name {
                type Err = #rt::de::UnknownEnumValue;

                fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                    match value {
                        #(#wires => Ok(#name::#variants),)*
                        other => Err(#rt::de::UnknownEnumValue::new(#name_text, other)),
                    }
                }
            }
        }
    };
    let all = (!e.open).then(|| {
        quote! {
            /// Every documented value.
            pub const ALL: &'static [#name] = &[#(#name::#variants),*];
        }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, #derive_copy PartialEq, Eq, Hash)]
        pub enum #name {
            #(#variant_docs #variants,)*
            #unknown_variant
        }

        impl #name {
            #all

            /// The value as written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#name::#variants => #wires,)*
                    #as_str_unknown
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #from_text

        impl #rt::reexports::serde::Serialize for #name {
            fn serialize<S: #rt::reexports::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> #rt::reexports::serde::Deserialize<'de> for #name {
            fn deserialize<D: #rt::reexports::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let text = #rt::de::text_or_number(deserializer)?;
                text.parse().map_err(<D::Error as #rt::reexports::serde::de::Error>::custom)
            }
        }
    }
}

fn emit_struct(cx: &ApiCx<'_>, def: &TypeDef, fields: &[Field], serialize: bool) -> TokenStream {
    let rt = &cx.rt;
    let name = ident(&naming::type_name(&def.name));
    let doc = docs(&[def.doc.as_deref()]);
    let members = fields.iter().map(|f| field_member(cx, f, serialize));
    let serde_path = super::path_text(&quote!(#rt::reexports::serde));
    let derive_ser = serialize.then(|| quote!(#rt::reexports::serde::Serialize,));
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #derive_ser #rt::reexports::serde::Deserialize)]
        #[serde(crate = #serde_path)]
        #[non_exhaustive]
        pub struct #name {
            #(#members)*
        }
    }
}

/// One field of a response or named struct, with its serde attributes.
pub(crate) fn field_member(cx: &ApiCx<'_>, f: &Field, serialize: bool) -> TokenStream {
    let rt = &cx.rt;
    let member = ident(&naming::field_name(&f.name));
    let wire = f.name.as_str();
    let ty = field_type(f, rt);
    let doc = docs(&[f.doc.as_deref()]);
    let is_list = matches!(f.ty, TypeRef::List(_));
    let mut attrs = vec![quote!(rename = #wire)];
    let rt_text = super::path_text(rt);
    match (&f.ty, f.wire) {
        (TypeRef::DateTime, _) | (TypeRef::Date, _) => {
            let kind = if f.ty == TypeRef::DateTime {
                "datetime"
            } else {
                "date"
            };
            if let Some(fmt) = &f.time {
                let de = time_fn_name(kind, fmt, f.required);
                let de_fn = format!("{de}_de");
                attrs.push(quote!(deserialize_with = #de_fn));
                if serialize {
                    let ser_fn = format!("{de}_ser");
                    attrs.push(quote!(serialize_with = #ser_fn));
                }
            }
        }
        (_, WireQuirk::NumberOrString) if !is_list => {
            let helper = if f.required {
                "number_or_string"
            } else {
                "option_number_or_string"
            };
            let p = format!("{rt_text}::de::{helper}");
            attrs.push(quote!(deserialize_with = #p));
        }
        _ if is_list && !f.required => {
            let p = format!("{rt_text}::de::null_as_empty");
            attrs.push(quote!(deserialize_with = #p));
        }
        _ => {}
    }
    if !f.required {
        attrs.push(quote!(default));
        if serialize && !is_list {
            attrs.push(quote!(skip_serializing_if = "Option::is_none"));
        }
    }
    quote! {
        #doc
        #[serde(#(#attrs),*)]
        pub #member: #ty,
    }
}

/// Name of the generated (de)serialisation helpers for a time format (`_de` / `_ser` suffix).
pub(crate) fn time_fn_name(kind: &str, fmt: &crate::model::TimeFormat, required: bool) -> String {
    format!(
        "{}_{}{}",
        kind,
        time_format_key(fmt),
        if required { "" } else { "_opt" }
    )
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

/// The `static` holding a time format, and the serde helpers of its response fields.
pub(crate) fn emit_time_helpers(cx: &ApiCx<'_>) -> TokenStream {
    let rt = &cx.rt;
    let mut seen = std::collections::BTreeSet::new();
    let mut out = TokenStream::new();
    let all_fields =
        cx.api
            .response
            .iter()
            .chain(cx.api.types.iter().flat_map(|t| match &t.kind {
                TypeKind::Struct(fields) => fields.as_slice(),
                TypeKind::Enum(_) => &[],
            }));
    let params = cx.api.params.iter().filter_map(|p| p.time.as_ref());
    for fmt in params.chain(all_fields.clone().filter_map(|f| f.time.as_ref())) {
        let key = time_format_key(fmt);
        if seen.insert(key.clone()) {
            let name = format_ident!("TIME_{}", key.to_uppercase());
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
    let mut fns = std::collections::BTreeSet::new();
    for f in all_fields {
        let Some(fmt) = &f.time else { continue };
        let kind = if f.ty == TypeRef::DateTime {
            "datetime"
        } else {
            "date"
        };
        let base = time_fn_name(kind, fmt, f.required);
        if !fns.insert(base.clone()) {
            continue;
        }
        let stat = format_ident!("TIME_{}", time_format_key(fmt).to_uppercase());
        let ty = rust_type(&f.ty, rt);
        let de = format_ident!("{}_de", base);
        let ser = format_ident!("{}_ser", base);
        let (de_fn, ser_fn) = match (kind, f.required) {
            ("datetime", true) => (quote!(de_datetime), quote!(ser_datetime)),
            ("datetime", false) => (quote!(de_datetime_opt), quote!(ser_datetime_opt)),
            (_, true) => (quote!(de_date), quote!(ser_date)),
            (_, false) => (quote!(de_date_opt), quote!(ser_date_opt)),
        };
        let value_ty = if f.required {
            ty.clone()
        } else {
            quote!(::std::option::Option<#ty>)
        };
        out.extend(quote! {
            #[allow(dead_code)]
            fn #de<'de, D: #rt::reexports::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<#value_ty, D::Error> {
                #rt::wire::#de_fn(&#stat, deserializer)
            }

            #[allow(dead_code)]
            fn #ser<S: #rt::reexports::serde::Serializer>(value: &#value_ty, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                #rt::wire::#ser_fn(&#stat, value, serializer)
            }
        });
    }
    out
}
