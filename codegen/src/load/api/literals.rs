//! Values written in a spec (defaults, `one_of`, conditions, buckets): each must fit its
//! parameter's type and limits.

use super::*;

/// A scalar written for a parameter of type `ty`: a member of its enum, or a number that fits.
pub(super) fn literal(
    cx: &mut Checker<'_>,
    at: &At<Scalar>,
    ty: &TypeRef,
    types: &[TypeDef],
) -> Option<Literal> {
    let ty = element(ty);
    let text = |s: &Scalar| match s {
        Scalar::Str(s) => s.clone(),
        Scalar::Int(i) => i.to_string(),
        Scalar::Float(f) => f.to_string(),
        Scalar::Bool(b) => b.to_string(),
    };
    let lit = match (ty, &at.value) {
        (TypeRef::Named(name), value) => {
            match types.iter().find(|t| &t.name == name).map(|t| &t.kind) {
                Some(TypeKind::Enum(e)) => {
                    let v = text(value);
                    if !e.values.iter().any(|ev| ev.value == v) {
                        let listed: Vec<&str> = e.values.iter().map(|v| v.value.as_str()).collect();
                        cx.err(
                            at,
                            format!(
                                "`{v}` is not a value of enum `{name}` ({})",
                                listed.join(", ")
                            ),
                        );
                        return None;
                    }
                    Literal::Str(v)
                }
                _ => {
                    cx.err(at, format!("struct `{name}` cannot have a scalar value"));
                    return None;
                }
            }
        }
        (TypeRef::String, Scalar::Str(s)) => Literal::Str(s.clone()),
        (TypeRef::Bool, Scalar::Bool(b)) => Literal::Bool(*b),
        (TypeRef::F64, Scalar::Float(f)) => Literal::Float(*f),
        (TypeRef::F64, Scalar::Int(i)) => Literal::Float(*i as f64),
        (t, Scalar::Int(i)) if t.is_integer() => {
            let fits = match t {
                TypeRef::I32 => i32::try_from(*i).is_ok(),
                TypeRef::U32 => u32::try_from(*i).is_ok(),
                TypeRef::U64 => u64::try_from(*i).is_ok(),
                _ => i64::try_from(*i).is_ok(),
            };
            if !fits {
                cx.err(at, format!("{i} does not fit the parameter's type"));
                return None;
            }
            // Fits i64 for every width but u64 above i64::MAX, which no documented limit uses.
            match i64::try_from(*i) {
                Ok(v) => Literal::Int(v),
                Err(_) => {
                    cx.err(at, format!("{i} is too large"));
                    return None;
                }
            }
        }
        (t, Scalar::Str(s))
            if (t.is_number() && s.trim().parse::<f64>().is_ok())
                || (*t == TypeRef::Bool && matches!(s.as_str(), "true" | "false")) =>
        {
            cx.err(
                at,
                format!(
                    "`\"{s}\"` is quoted, so YAML reads it as text, but this is a {}: write {s} without quotes",
                    type_label(t)
                ),
            );
            return None;
        }
        (t, v) => {
            cx.err(
                at,
                format!("`{}` is not a valid {} value", text(v), type_label(t)),
            );
            return None;
        }
    };
    Some(lit)
}

pub(super) fn type_label(t: &TypeRef) -> String {
    match t {
        TypeRef::String => "string".into(),
        TypeRef::Bool => "bool".into(),
        TypeRef::I32 => "i32".into(),
        TypeRef::I64 => "i64".into(),
        TypeRef::U32 => "u32".into(),
        TypeRef::U64 => "u64".into(),
        TypeRef::F64 => "f64".into(),
        TypeRef::DateTime => "datetime".into(),
        TypeRef::Date => "date".into(),
        TypeRef::List(inner) => format!("list of {}", type_label(inner)),
        TypeRef::Named(n) => n.clone(),
    }
}

/// The limits a default must satisfy.
pub(super) struct Bounds<'a> {
    pub(super) range: Option<&'a NumRange>,
    pub(super) length: Option<&'a LenRange>,
    pub(super) items: Option<&'a LenRange>,
    pub(super) one_of: &'a [Literal],
}

/// A `default`: one value for a scalar parameter, a list of values for a list parameter,
/// each within the parameter's limits.
pub(super) fn default_value(
    cx: &mut Checker<'_>,
    name: &str,
    d: &At<DefaultSpec>,
    ty: &TypeRef,
    types: &[TypeDef],
    bounds: &Bounds<'_>,
) -> Option<DefaultValue> {
    let is_list = matches!(ty, TypeRef::List(_));
    match (&d.value, is_list) {
        (DefaultSpec::One(value), false) => {
            let at = At {
                value: value.clone(),
                pos: d.pos,
                path: d.path.clone(),
            };
            let lit = literal(cx, &at, ty, types)?;
            check_within(cx, &at, &lit, bounds.range, bounds.length, bounds.one_of);
            Some(DefaultValue::Value(lit))
        }
        (DefaultSpec::One(value), true) => {
            cx.err(
                d,
                format!(
                    "`{name}` is a list, so its default is a list too: write `default: [{}]`",
                    scalar_text(value)
                ),
            );
            None
        }
        (DefaultSpec::List(values), false) => {
            let hint = match values.as_slice() {
                [one] => format!(": write `default: {}`", scalar_text(&one.value)),
                _ => String::new(),
            };
            cx.err(
                d,
                format!(
                    "`{name}` has type {}, not a list, so its default is a single value{hint}",
                    type_label(ty)
                ),
            );
            None
        }
        (DefaultSpec::List(values), true) => {
            if values.is_empty() {
                cx.err(
                    d,
                    "an empty list is what an unset list parameter sends already: remove `default`",
                );
                return None;
            }
            let count = values.len() as u64;
            if let Some(l) = bounds.items {
                if l.min.is_some_and(|min| count < min) || l.max.is_some_and(|max| count > max) {
                    cx.err(
                        d,
                        format!(
                            "the default has {count} item{}, outside the parameter's `min_items`/`max_items` ({}..={})",
                            if count == 1 { "" } else { "s" },
                            l.min.map(|v| v.to_string()).unwrap_or_default(),
                            l.max.map(|v| v.to_string()).unwrap_or_default()
                        ),
                    );
                }
            }
            let mut out = Vec::with_capacity(values.len());
            for v in values {
                let lit = literal(cx, v, ty, types)?;
                check_within(cx, v, &lit, bounds.range, bounds.length, bounds.one_of);
                out.push(lit);
            }
            Some(DefaultValue::List(out))
        }
    }
}

/// A scalar as the spec would write it.
pub(super) fn scalar_text(s: &Scalar) -> String {
    match s {
        Scalar::Str(s) => s.clone(),
        Scalar::Int(i) => i.to_string(),
        Scalar::Float(f) => f.to_string(),
        Scalar::Bool(b) => b.to_string(),
    }
}

/// A default must itself satisfy the parameter's limits.
pub(super) fn check_within(
    cx: &mut Checker<'_>,
    at: &At<Scalar>,
    lit: &Literal,
    range: Option<&NumRange>,
    length: Option<&LenRange>,
    one_of: &[Literal],
) {
    let number = match lit {
        Literal::Int(i) => Some(*i as f64),
        Literal::Float(f) => Some(*f),
        _ => None,
    };
    if let (Some(n), Some(r)) = (number, range) {
        if r.min.is_some_and(|min| n < min) || r.max.is_some_and(|max| n > max) {
            cx.err(
                at,
                format!(
                    "default {n} is outside the parameter's range {}..={}",
                    fmt_bound(r.min),
                    fmt_bound(r.max)
                ),
            );
        }
    }
    if let (Literal::Str(s), Some(l)) = (lit, length) {
        let n = s.chars().count() as u64;
        if l.min.is_some_and(|min| n < min) || l.max.is_some_and(|max| n > max) {
            cx.err(
                at,
                format!("default {s:?} has {n} characters, outside the parameter's length limits"),
            );
        }
    }
    if !one_of.is_empty() && !one_of.contains(lit) {
        let listed: Vec<String> = one_of.iter().map(literal_label).collect();
        cx.err(
            at,
            format!(
                "the default {} is not one of the values `one_of` allows: {}",
                literal_label(lit),
                listed.join(", ")
            ),
        );
    }
}

/// A literal as the spec writes it, in backticks.
pub(super) fn literal_label(l: &Literal) -> String {
    match l {
        Literal::Str(s) => format!("`{s}`"),
        Literal::Int(i) => format!("`{i}`"),
        Literal::Float(f) => format!("`{f}`"),
        Literal::Bool(b) => format!("`{b}`"),
    }
}

pub(super) fn fmt_bound(b: Option<f64>) -> String {
    b.map(|v| v.to_string()).unwrap_or_default()
}
