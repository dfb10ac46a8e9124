//! Limits and pagination: the parameters and fields they name, spans, granularity and
//! conditions.

use super::*;

/// A parameter that a limit names: it must exist and be a datetime or date.
pub(super) fn time_param<'p>(
    cx: &mut Checker<'_>,
    at: &At<String>,
    params: &'p [Param],
) -> Option<&'p str> {
    match params.iter().find(|p| p.name == at.value) {
        Some(p) if p.ty.is_time() => Some(p.name.as_str()),
        Some(p) => {
            cx.err(
                at,
                format!(
                    "`{}` has type {}, but this limit needs a datetime or date parameter",
                    at.value,
                    type_label(&p.ty)
                ),
            );
            None
        }
        None => {
            cx.unknown(at, "request parameter", &at.value, &names(params));
            None
        }
    }
}

/// The wire names of the parameters, for suggestions.
pub(super) fn names(params: &[Param]) -> Vec<&str> {
    params.iter().map(|p| p.name.as_str()).collect()
}

/// The parameter a key names, or an error (with the closest name) when there is none.
pub(super) fn find_param<'p>(
    cx: &mut Checker<'_>,
    at: &At<String>,
    params: &'p [Param],
) -> Option<&'p Param> {
    let found = params.iter().find(|p| p.name == at.value);
    if found.is_none() {
        cx.unknown(at, "request parameter", &at.value, &names(params));
    }
    found
}

pub(super) fn same_time_type(
    cx: &mut Checker<'_>,
    at: &At<String>,
    params: &[Param],
    start: &str,
    end: &str,
) {
    let ty = |n: &str| params.iter().find(|p| p.name == n).map(|p| p.ty.clone());
    if ty(start) != ty(end) {
        cx.err(at, format!("`{start}` and `{end}` must have the same type"));
    }
}

pub(super) fn check_span(
    cx: &mut Checker<'_>,
    s: &crate::spec::raw::SpanSpec,
    params: &[Param],
    types: &[TypeDef],
) -> Option<SpanLimit> {
    let start = time_param(cx, &s.start, params);
    let end = time_param(cx, &s.end, params);
    if let (Some(a), Some(b)) = (start, end) {
        if a == b {
            cx.err(&s.end, "a span needs two different parameters");
        }
        same_time_type(cx, &s.end, params, a, b);
    }
    let min = s.min.as_ref().and_then(|d| duration(cx, d));
    let max = s.max.as_ref().and_then(|d| duration(cx, d));
    // Without `min` and `max` a span is the order rule alone (end not before start), which
    // holds whatever any condition says.
    if s.min.is_none() && s.max.is_none() {
        if let Some(w) = &s.when {
            cx.err(
                &w.param,
                "a span without `min` or `max` is an order rule, which always applies: remove `when`",
            );
        }
    }
    if let (Some(a), Some(b)) = (&min, &max) {
        if a.seconds > b.seconds {
            cx.err(
                &s.at,
                format!("min {} is longer than max {}", a.text, b.text),
            );
        }
    }
    let when = match &s.when {
        Some(w) => Some(check_condition(cx, w, params, types)?),
        None => None,
    };
    Some(SpanLimit {
        start: start?.to_string(),
        end: end?.to_string(),
        min,
        max,
        end_inclusive: s.end_inclusive.unwrap_or(false),
        when,
        note: s.note.clone(),
    })
}

pub(super) fn check_granularity(
    cx: &mut Checker<'_>,
    g: &crate::spec::raw::GranularitySpec,
    params: &[Param],
    types: &[TypeDef],
) -> Option<Granularity> {
    match (&g.every, &g.param, &g.buckets, &g.unit) {
        (Some(every), None, None, None) => Some(Granularity::Fixed(duration(cx, every)?)),
        (None, Some(name), Some(buckets), None) => {
            let param = granularity_param(cx, name, params)?;
            let mut out = Vec::new();
            for b in buckets {
                let value = literal(cx, &b.value, &param.ty, types);
                let length = duration(cx, &b.length);
                if let (Some(value), Some(length)) = (value, length) {
                    if out.iter().any(|(v, _)| *v == value) {
                        cx.err(&b.value, "this value has a bucket length already");
                    } else {
                        out.push((value, length));
                    }
                }
            }
            Some(Granularity::ByValue {
                param: param.name.clone(),
                buckets: out,
            })
        }
        (None, Some(name), None, Some(unit)) => {
            let param = granularity_param(cx, name, params)?;
            let numeric_enum = match &param.ty {
                TypeRef::Named(n) => matches!(
                    types.iter().find(|t| &t.name == n).map(|t| &t.kind),
                    Some(TypeKind::Enum(e)) if e.values.iter().all(|v| v.value.parse::<u64>().is_ok())
                ),
                _ => false,
            };
            if !param.ty.is_integer() && !numeric_enum {
                cx.err(
                    name,
                    format!(
                        "`unit` scales a number, but `{}` is a {} (use `buckets` to give each value a length)",
                        param.name,
                        type_label(&param.ty)
                    ),
                );
                return None;
            }
            Some(Granularity::Scaled {
                param: param.name.clone(),
                unit: duration(cx, unit)?,
            })
        }
        _ => {
            cx.err(
                &g.at,
                "a granularity is `every: <duration>`, or `param` with either `buckets` or `unit`",
            );
            None
        }
    }
}

pub(super) fn granularity_param<'p>(
    cx: &mut Checker<'_>,
    name: &At<String>,
    params: &'p [Param],
) -> Option<&'p Param> {
    match params.iter().find(|p| p.name == name.value) {
        Some(p) if !matches!(p.ty, TypeRef::List(_) | TypeRef::DateTime | TypeRef::Date) => Some(p),
        Some(p) => {
            cx.err(
                name,
                format!(
                    "a granularity parameter is a scalar, but `{}` is a {}",
                    p.name,
                    type_label(&p.ty)
                ),
            );
            None
        }
        None => {
            cx.unknown(name, "request parameter", &name.value, &names(params));
            None
        }
    }
}

pub(super) fn check_condition(
    cx: &mut Checker<'_>,
    w: &crate::spec::raw::ConditionSpec,
    params: &[Param],
    types: &[TypeDef],
) -> Option<Condition> {
    let param = find_param(cx, &w.param, params)?;
    if matches!(
        param.ty,
        TypeRef::List(_) | TypeRef::DateTime | TypeRef::Date
    ) {
        cx.err(
            &w.param,
            format!(
                "a condition compares a scalar, but `{}` is a {}",
                param.name,
                type_label(&param.ty)
            ),
        );
        return None;
    }
    let equals = literal(cx, &w.equals, &param.ty, types)?;
    Some(Condition {
        param: param.name.clone(),
        equals,
    })
}

pub(super) fn check_pagination(
    cx: &mut Checker<'_>,
    p: &crate::spec::raw::PaginationSpec,
    params: &[Param],
    response: &[Field],
) -> Option<Pagination> {
    let mut int_param = |at: &At<String>| match params.iter().find(|q| q.name == at.value) {
        Some(q) if q.ty.is_integer() => Some(q.name.clone()),
        Some(q) => {
            cx.err(
                at,
                format!(
                    "`{}` has type {}, but a page parameter must be an integer",
                    q.name,
                    type_label(&q.ty)
                ),
            );
            None
        }
        None => {
            cx.unknown(at, "request parameter", &at.value, &names(params));
            None
        }
    };
    let page_number = int_param(&p.page_number);
    let page_size = int_param(&p.page_size);
    let items = match response.iter().find(|f| f.name == p.items.value) {
        Some(f) if matches!(f.ty, TypeRef::List(_)) => Some(f.name.clone()),
        Some(_) => {
            cx.err(
                &p.items,
                format!("`{}` must be a list field of the response", p.items.value),
            );
            None
        }
        None => {
            let known: Vec<&str> = response.iter().map(|f| f.name.as_str()).collect();
            cx.unknown(&p.items, "response field", &p.items.value, &known);
            None
        }
    };
    let mut int_field = |at: &Option<At<String>>| -> Result<Option<String>, ()> {
        let Some(at) = at else { return Ok(None) };
        match response.iter().find(|f| f.name == at.value) {
            Some(f) if f.ty.is_integer() => Ok(Some(f.name.clone())),
            Some(_) => {
                cx.err(
                    at,
                    format!("`{}` must be an integer field of the response", at.value),
                );
                Err(())
            }
            None => {
                let known: Vec<&str> = response.iter().map(|f| f.name.as_str()).collect();
                cx.unknown(at, "response field", &at.value, &known);
                Err(())
            }
        }
    };
    let total_pages = int_field(&p.total_pages).ok()?;
    let total_items = int_field(&p.total_items).ok()?;
    Some(Pagination {
        page_number: page_number?,
        page_size: page_size?,
        items: items?,
        total_pages,
        total_items,
    })
}
