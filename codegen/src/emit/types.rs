//! Rust types for spec types, and the named enums and structs of an API or a service.

use proc_macro2::TokenStream;
use quote::quote;

use super::text::{macro_block, str_lit, Entry};
use super::{ident, path_text, spec_text};
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
                let (struct_items, struct_text) = emit_struct(scope, t, fields, sent(&t.name));
                items.extend(struct_items);
                text.push_str(&struct_text);
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
) -> (TokenStream, String) {
    let rt = path_text(scope.rt);
    let name = naming::type_name(&def.name);
    let entries: Vec<Entry> = fields
        .iter()
        .map(|f| Entry {
            doc: f.doc.as_deref().map(spec_text).unwrap_or_default(),
            line: format!(
                "{}: {} = {}",
                f.rust_name,
                field_type_text(f, &rt, scope.needs_box(&def.name, &f.ty)),
                reader(f)
            ),
        })
        .collect();
    let doc = def.doc.as_deref().map(spec_text).unwrap_or_default();
    let mut text = struct_block(&rt, &doc, &name, &entries, serialize);
    if !serialize {
        return (TokenStream::new(), text);
    }
    // A struct a request sends is built by the user: `#[non_exhaustive]` forbids struct
    // literals outside this crate, so it gets `new()` and setters like a request does.
    let spec = |required: bool| -> Vec<SetterSpec<'_>> {
        fields
            .iter()
            .filter(|f| f.required == required)
            .map(|f| SetterSpec {
                rust_name: f.rust_name.clone(),
                ty: &f.ty,
                id_or_word: f.wire == WireQuirk::IdOrWord,
                boxed: scope.needs_box(&def.name, &f.ty),
                deprecated: None,
            })
            .collect()
    };
    let (required, optional) = (spec(true), spec(false));
    text.push_str(&builder_text(&rt, &name, &required, &optional));
    (TokenStream::new(), text)
}

/// `json_struct! { docs pub struct Name { fields } [serialize] }`. A struct that is sent is
/// built by the user, so it is `#[must_use]` (a builder that is not used is a mistake).
fn struct_block(rt: &str, doc: &str, name: &str, entries: &[Entry], serialize: bool) -> String {
    let mut out = String::new();
    out.push_str(&format!("{rt}::json_struct! {{\n"));
    if !doc.trim().is_empty() {
        super::text::doc_lines(&mut out, 4, doc);
    }
    if serialize {
        out.push_str("    #[must_use]\n");
    }
    out.push_str(&format!("    pub struct {name} {{\n"));
    for e in entries {
        if !e.doc.trim().is_empty() {
            super::text::doc_lines(&mut out, 8, &e.doc);
        }
        out.push_str(&format!("        {},\n", e.line));
    }
    out.push_str("    }\n");
    if serialize {
        out.push_str("    serialize\n");
    }
    out.push_str("}\n");
    out
}

/// A struct that is only read (a response): its `json_struct!` text.
pub(crate) fn read_only_struct_text(rt: &str, doc: &str, name: &str, fields: &[Field]) -> String {
    let entries: Vec<Entry> = fields
        .iter()
        .map(|f| Entry {
            doc: field_doc(f),
            line: format!(
                "{}: {} = {}",
                f.rust_name,
                field_type_text(f, rt, false),
                reader(f)
            ),
        })
        .collect();
    struct_block(rt, doc, name, &entries, false)
}

/// A field's doc text, and when it is present only for some requests, which.
fn field_doc(f: &Field) -> String {
    let doc = f.doc.as_deref().map(spec_text).unwrap_or_default();
    let Some(p) = &f.present_when else {
        return doc;
    };
    let when = match &p.equals {
        Some(v) => format!(
            "Present only when the request sets `{}` to `{}`.",
            p.param,
            super::request::literal_text(v)
        ),
        None => format!("Present only when the request sets `{}`.", p.param),
    };
    // The parameter's name and value are spec text too (backticks keep them literal).
    let when = spec_text(&when);
    if doc.is_empty() {
        when
    } else {
        format!("{doc}\n\n{when}")
    }
}

/// The `static` holding a time format in generated code.
pub(crate) fn time_static_ident(fmt: &crate::model::TimeFormat) -> proc_macro2::Ident {
    quote::format_ident!("TIME_{}", time_format_key(fmt).to_uppercase())
}

/// How a field is read: the `Fields` reader and its arguments.
fn reader(f: &Field) -> String {
    let is_list = matches!(f.ty, TypeRef::List(_));
    let shape = match (is_list, f.required) {
        (true, false) => "list",
        (_, true) => "req",
        (false, false) => "opt",
    };
    // Lists of times and of lenient numbers read `null` as empty, required or not.
    let quirk_shape = if is_list { "list" } else { shape };
    let wire = str_lit(&f.name);
    if let Some(t) = &f.time {
        return format!("{quirk_shape}_time({wire}, &{})", time_static_ident(t));
    }
    match f.wire {
        WireQuirk::NumberOrString => format!("{quirk_shape}_lenient({wire})"),
        _ => format!("{shape}({wire})"),
    }
}

/// A spec type as Rust source text.
pub(crate) fn type_text(ty: &TypeRef, rt: &str) -> String {
    match ty {
        TypeRef::String => "::std::string::String".to_string(),
        TypeRef::Bool => "bool".to_string(),
        TypeRef::I32 => "i32".to_string(),
        TypeRef::I64 => "i64".to_string(),
        TypeRef::U32 => "u32".to_string(),
        TypeRef::U64 => "u64".to_string(),
        TypeRef::F64 => "f64".to_string(),
        TypeRef::DateTime => format!("{rt}::reexports::time::OffsetDateTime"),
        TypeRef::Date => format!("{rt}::reexports::time::Date"),
        TypeRef::List(inner) => format!("::std::vec::Vec<{}>", type_text(inner, rt)),
        TypeRef::Named(name) => naming::type_name(name),
    }
}

/// The Rust type of a struct field as text, with its wire quirk (`boxed` for recursion).
fn field_type_text(f: &Field, rt: &str, boxed: bool) -> String {
    let base = match (&f.ty, f.wire) {
        (ty, _) if boxed => format!("::std::boxed::Box<{}>", type_text(ty, rt)),
        (TypeRef::List(inner), WireQuirk::IdOrWord) => {
            format!("::std::vec::Vec<{rt}::IdOrWord<{}>>", type_text(inner, rt))
        }
        (ty, WireQuirk::IdOrWord) => format!("{rt}::IdOrWord<{}>", type_text(ty, rt)),
        (ty, _) => type_text(ty, rt),
    };
    if f.required || matches!(f.ty, TypeRef::List(_)) {
        base
    } else {
        format!("::std::option::Option<{base}>")
    }
}

/// What a setter sets: a request parameter or a field of a struct a request sends.
pub(crate) struct SetterSpec<'a> {
    /// The Rust field it sets.
    pub rust_name: String,
    pub ty: &'a TypeRef,
    pub id_or_word: bool,
    pub boxed: bool,
    pub deprecated: Option<&'a str>,
}

/// `builder! { Name { new(required..); optional.. } }`: `new()` taking the required fields
/// and a setter per optional one, a line each.
pub(crate) fn builder_text(
    rt: &str,
    name: &str,
    required: &[SetterSpec<'_>],
    optional: &[SetterSpec<'_>],
) -> String {
    let kind = |s: &SetterSpec<'_>, arg: bool| {
        let wrap = |t: String| {
            if s.id_or_word {
                format!("{rt}::IdOrWord<{t}>")
            } else {
                t
            }
        };
        match s.ty {
            _ if s.boxed => format!(
                "{}({})",
                if arg { "boxed" } else { "opt_box" },
                type_text(s.ty, rt)
            ),
            TypeRef::List(inner) if **inner == TypeRef::String || s.id_or_word => {
                format!("list_into({})", wrap(type_text(inner, rt)))
            }
            TypeRef::List(inner) => format!("list({})", type_text(inner, rt)),
            TypeRef::String => format!(
                "{}({})",
                if arg { "into" } else { "opt_into" },
                wrap(type_text(s.ty, rt))
            ),
            ty if s.id_or_word => format!(
                "{}({})",
                if arg { "into" } else { "opt_into" },
                wrap(type_text(ty, rt))
            ),
            ty => format!(
                "{}({})",
                if arg { "plain" } else { "opt" },
                type_text(ty, rt)
            ),
        }
    };
    let args: Vec<String> = required
        .iter()
        .map(|s| format!("{}: {}", s.rust_name, kind(s, true)))
        .collect();
    let mut out = format!(
        "{rt}::builder! {{\n    {name} {{\n        new({});\n",
        args.join(", ")
    );
    for s in optional {
        if let Some(note) = s.deprecated {
            out.push_str(&format!(
                "        #[deprecated(note = {})]\n",
                str_lit(note)
            ));
        }
        out.push_str(&format!("        {}: {},\n", s.rust_name, kind(s, false)));
    }
    out.push_str("    }\n}\n");
    out
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
