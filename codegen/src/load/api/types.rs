//! Types of an API file: type references, named types (enums and structs) and fields.

use super::*;

/// Resolves a type name (`items` for lists) against the built-in types and the API's types.
pub(super) fn type_ref(
    cx: &mut Checker<'_>,
    ty: &At<String>,
    items: Option<&At<String>>,
    types: &[TypeDef],
) -> Option<TypeRef> {
    let scalar = |name: &str| -> Option<TypeRef> {
        Some(match name {
            "string" => TypeRef::String,
            "bool" => TypeRef::Bool,
            "i32" => TypeRef::I32,
            "i64" => TypeRef::I64,
            "u32" => TypeRef::U32,
            "u64" => TypeRef::U64,
            "f64" => TypeRef::F64,
            "datetime" => TypeRef::DateTime,
            "date" => TypeRef::Date,
            other if types.iter().any(|t| t.name == other) => TypeRef::Named(other.to_string()),
            _ => return None,
        })
    };
    let unknown = |cx: &mut Checker<'_>, at: &At<String>| {
        const BUILT_IN: &[&str] = &[
            "string", "bool", "i32", "i64", "u32", "u64", "f64", "datetime", "date", "list",
        ];
        let known = BUILT_IN
            .iter()
            .copied()
            .chain(types.iter().map(|t| t.name.as_str()));
        cx.err(at, format!("unknown type `{}`{} (expected string, bool, i32, i64, u32, u64, f64, datetime, date, list, or a name declared in `types`)", at.value, crate::suggest::did_you_mean(&at.value, known)));
    };
    if ty.value == "list" {
        let Some(items) = items else {
            cx.err(ty, "a list needs `items: <type>`");
            return None;
        };
        if items.value == "list" {
            cx.err(
                items,
                "lists of lists are not supported: declare a struct for the inner list",
            );
            return None;
        }
        match scalar(&items.value) {
            Some(inner) => Some(TypeRef::List(Box::new(inner))),
            None => {
                unknown(cx, items);
                None
            }
        }
    } else {
        if let Some(items) = items {
            cx.err(items, "`items` is only for `type: list`");
        }
        let t = scalar(&ty.value);
        if t.is_none() {
            unknown(cx, ty);
        }
        t
    }
}

pub(super) fn element(ty: &TypeRef) -> &TypeRef {
    match ty {
        TypeRef::List(inner) => inner,
        other => other,
    }
}

pub(super) fn check_types(
    cx: &mut Checker<'_>,
    action: &str,
    scope: &Scope<'_>,
    raw: &[TypeSpec],
) -> Vec<TypeDef> {
    // Names first, so that struct fields may refer to any type of the file.
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    let mut shells = Vec::new();
    for t in raw {
        let name = &t.name.value;
        if !is_type_name(name) {
            cx.err(
                &t.name,
                format!("type name `{name}` must be an identifier starting with an upper-case letter (`[A-Z][A-Za-z0-9_]*`)"),
            );
            continue;
        }
        // The API's module holds its request, response, error and error-code items; the
        // service module those of every API, the client and the common error codes.
        let rust = naming::type_name(name);
        if let Some(reason) = naming::reserved_type(&rust, action, scope.service, &|item| {
            scope.item_of_other(item, action)
        }) {
            cx.err(
                &t.name,
                if rust == *name {
                    format!("type name `{name}` is reserved for {reason}")
                } else {
                    format!("type name `{name}` (Rust `{rust}`) is reserved for {reason}")
                },
            );
            continue;
        }
        if let Some(other) = seen.insert(rust.clone(), name.clone()) {
            if other == *name {
                cx.err(&t.name, format!("type `{name}` is declared twice"));
            } else {
                cx.err(
                    &t.name,
                    format!("types `{other}` and `{name}` both become the Rust type `{rust}`"),
                );
            }
            continue;
        }
        shells.push(TypeDef {
            name: name.clone(),
            doc: t.doc.clone(),
            kind: TypeKind::Struct(Vec::new()),
        });
    }
    let mut out = Vec::new();
    for t in raw {
        let Some(shell) = shells.iter().find(|s| s.name == t.name.value) else {
            continue;
        };
        if out.iter().any(|o: &TypeDef| o.name == shell.name) {
            continue;
        }
        let kind = match (&t.fields, &t.enumeration) {
            // An empty struct is an object with no documented members (`{}`).
            (Some(fields), None) => TypeKind::Struct(check_fields(cx, fields, &shells, None)),
            (None, Some(e)) => {
                let mut values: Vec<EnumValue> = Vec::new();
                let mut variants: BTreeMap<String, String> = BTreeMap::new();
                for v in &e.values {
                    let wire = v.value.value.0.clone();
                    if values.iter().any(|o| o.value == wire) {
                        cx.err(&v.value, format!("enum value `{wire}` is listed twice"));
                        continue;
                    }
                    let variant = match &v.rust_name {
                        Some(r) => match naming::invalid_rust_name(&r.value) {
                            None => r.value.clone(),
                            Some(why) => {
                                cx.err(r, format!("rust_name `{}` {why}", r.value));
                                continue;
                            }
                        },
                        None => naming::variant_name(&wire),
                    };
                    if variant == "Unknown" {
                        cx.err(&v.value, "`Unknown` is the variant of unlisted values; give this value another `rust_name`");
                        continue;
                    }
                    if let Some(other) = variants.insert(variant.clone(), wire.clone()) {
                        cx.err(&v.value, format!("values `{other}` and `{wire}` both become the variant `{variant}`: set `rust_name`"));
                        continue;
                    }
                    values.push(EnumValue {
                        value: wire,
                        rust_name: v.rust_name.as_ref().map(|r| r.value.clone()),
                        doc: v.doc.clone(),
                    });
                }
                if e.values.is_empty() {
                    cx.err(&t.name, format!("enum `{}` lists no values", t.name.value));
                }
                TypeKind::Enum(EnumDef {
                    open: e.open.unwrap_or(false),
                    values,
                })
            }
            _ => {
                cx.err(
                    &t.name,
                    format!(
                        "type `{}` needs exactly one of `fields` (a struct) or `enum`",
                        t.name.value
                    ),
                );
                continue;
            }
        };
        out.push(TypeDef {
            kind,
            ..shell.clone()
        });
    }
    out
}

/// Fields of the response (`params`: the request's, which `present_when` may name) or of a
/// struct (`params: None`).
pub(super) fn check_fields(
    cx: &mut Checker<'_>,
    raw: &[FieldSpec],
    types: &[TypeDef],
    params: Option<&[Param]>,
) -> Vec<Field> {
    let mut out: Vec<Field> = Vec::new();
    let mut rust_names: BTreeMap<String, String> = BTreeMap::new();
    for f in raw {
        let name = f.name.value.clone();
        if name.is_empty() {
            cx.err(&f.name, "a field name must not be empty");
            continue;
        }
        if out.iter().any(|o| o.name == name) {
            cx.err(&f.name, format!("field `{name}` is declared twice"));
            continue;
        }
        // Wire names that differ only in case (`InstanceId`, `InstanceID`, both in Tencent's
        // metadata) are both kept: the later one's Rust field gets a number.
        let rust_name = naming::unique(&naming::member_name(&name), |n| rust_names.contains_key(n));
        rust_names.insert(rust_name.clone(), name.clone());
        let Some(ty) = type_ref(cx, &f.ty, f.items.as_ref(), types) else {
            cx.broken.insert(name);
            continue;
        };
        let time = time_of(cx, &ty, f.format.as_ref(), f.utc_offset.as_ref(), &f.name);
        let wire = match f.wire.as_ref().map(|w| (w, w.value.as_str())) {
            None => WireQuirk::None,
            Some((w, "number_or_string")) => {
                if !element(&ty).is_number() {
                    cx.err(
                        w,
                        format!(
                            "`number_or_string` needs a numeric type, not `{}`",
                            f.ty.value
                        ),
                    );
                }
                WireQuirk::NumberOrString
            }
            Some((w, "id_or_word")) => {
                if !element(&ty).is_integer() {
                    cx.err(
                        w,
                        format!("`id_or_word` needs an integer type, not `{}`", f.ty.value),
                    );
                }
                WireQuirk::IdOrWord
            }
            Some((w, other)) => {
                cx.err(
                    w,
                    format!(
                        "unknown wire quirk `{other}` (expected number_or_string or id_or_word)"
                    ),
                );
                continue;
            }
        };
        let required = f.required.unwrap_or(false);
        let present_when = f
            .present_when
            .as_ref()
            .and_then(|p| presence(cx, p, &name, required, params, types));
        out.push(Field {
            name,
            rust_name,
            doc: f.doc.clone(),
            ty,
            time,
            required,
            wire,
            present_when,
        });
    }
    out
}

/// `present_when` of a response field: a request parameter (and a value of it) whose
/// setting the field's presence depends on. Such a field cannot be required.
pub(super) fn presence(
    cx: &mut Checker<'_>,
    p: &crate::spec::raw::PresenceSpec,
    field: &str,
    required: bool,
    params: Option<&[Param]>,
    types: &[TypeDef],
) -> Option<Presence> {
    let Some(params) = params else {
        cx.err(
            &p.at,
            "`present_when` is for fields of the response, which a request can ask for",
        );
        return None;
    };
    if required {
        cx.err(
            &p.at,
            format!("`{field}` is present only sometimes, so it cannot be `required: true`"),
        );
    }
    let param = find_param(cx, &p.param, params)?;
    let equals = match &p.equals {
        Some(at) => {
            if matches!(
                param.ty,
                TypeRef::List(_) | TypeRef::DateTime | TypeRef::Date
            ) {
                cx.err(
                    at,
                    format!(
                        "`equals` compares a scalar, but `{}` is a {}",
                        param.name,
                        type_label(&param.ty)
                    ),
                );
                return None;
            }
            Some(literal(cx, at, &param.ty, types)?)
        }
        None => None,
    };
    Some(Presence {
        param: param.name.clone(),
        equals,
    })
}
