//! Request parameters: type, location, list encoding, bounds and defaults.

use super::*;

pub(super) fn check_params(
    cx: &mut Checker<'_>,
    raw: &[ParamSpec],
    types: &[TypeDef],
    params_in: Location,
    method: Option<HttpMethod>,
) -> Vec<Param> {
    let mut out: Vec<Param> = Vec::new();
    let mut rust_names: BTreeMap<String, String> = BTreeMap::new();
    for p in raw {
        let name = p.name.value.clone();
        if name.is_empty() {
            cx.err(&p.name, "a parameter name must not be empty");
            continue;
        }
        if out.iter().any(|o| o.name == name) {
            cx.err(&p.name, format!("parameter `{name}` is declared twice"));
            continue;
        }
        // As for struct fields: the later of two names that differ only in case is numbered.
        let rust = naming::unique(&naming::member_name(&name), |n| rust_names.contains_key(n));
        rust_names.insert(rust.clone(), name.clone());
        let Some(ty) = type_ref(cx, &p.ty, p.items.as_ref(), types) else {
            cx.broken.insert(name);
            continue;
        };
        let time = time_of(cx, &ty, p.format.as_ref(), p.utc_offset.as_ref(), &p.name);
        let location = match &p.location {
            Some(l) => location(cx, l, true).unwrap_or(params_in),
            None => params_in,
        };
        if location == Location::Body && method == Some(HttpMethod::Get) {
            cx.err(
                &p.name,
                "a GET request has no body: put this parameter in the query",
            );
        }
        let is_list = matches!(ty, TypeRef::List(_));
        let list_encoding = match (&p.list_encoding, is_list, location) {
            (Some(e), true, Location::Query | Location::Header) => match e.value.as_str() {
                "comma" => Some(ListEncoding::Comma),
                "indexed0" => Some(ListEncoding::Indexed0),
                "indexed1" => Some(ListEncoding::Indexed1),
                "repeat" if location == Location::Query => Some(ListEncoding::Repeat),
                other => {
                    cx.err(e, format!("unknown list encoding `{other}` (expected comma, indexed0, indexed1{})", if location == Location::Query { " or repeat" } else { "" }));
                    None
                }
            },
            (Some(e), _, _) => {
                cx.err(e, "`list_encoding` is only for lists sent in the query or a header (a JSON body always carries an array)");
                None
            }
            (None, true, Location::Query | Location::Header) => {
                cx.err(
                    &p.name,
                    format!("list `{name}` is sent outside the body: say how with `list_encoding`"),
                );
                None
            }
            (None, _, _) => None,
        };
        // A comma-joined list cannot carry a listed value that holds a comma.
        if let (Some(ListEncoding::Comma), TypeRef::List(inner)) = (list_encoding, &ty) {
            if let TypeRef::Named(n) = inner.as_ref() {
                if let Some(TypeKind::Enum(e)) =
                    types.iter().find(|t| &t.name == n).map(|t| &t.kind)
                {
                    for v in e.values.iter().filter(|v| v.value.contains(',')) {
                        cx.err(
                            &p.ty,
                            format!(
                                "`{name}` is comma-joined on the wire, but `{n}` lists the value `{}`, which contains a comma",
                                v.value
                            ),
                        );
                    }
                }
            }
        }
        if is_list && location != Location::Body {
            if let TypeRef::List(inner) = &ty {
                if matches!(**inner, TypeRef::Named(ref n) if matches!(types.iter().find(|t| &t.name == n).map(|t| &t.kind), Some(TypeKind::Struct(_))))
                {
                    cx.err(&p.ty, "a list of structs can only be sent in a JSON body");
                }
            }
        } else if let TypeRef::Named(n) = &ty {
            if location != Location::Body
                && matches!(
                    types.iter().find(|t| &t.name == n).map(|t| &t.kind),
                    Some(TypeKind::Struct(_))
                )
            {
                cx.err(&p.ty, "a struct can only be sent in a JSON body");
            }
        }

        let range = p.range.as_ref().and_then(|r| {
            let at = &r.at;
            if !element(&ty).is_number() {
                cx.err(at, "`range` is only for numbers");
                return None;
            }
            if let (Some(min), Some(max)) = (r.min, r.max) {
                if min > max {
                    cx.err(at, format!("range min {min} is above max {max}"));
                    return None;
                }
            }
            Some(NumRange {
                min: r.min,
                max: r.max,
            })
        });
        let length = p.length.as_ref().and_then(|l| {
            if *element(&ty) != TypeRef::String {
                cx.err(&l.at, "`length` is only for strings");
                return None;
            }
            len_range(cx, &l.at, l.min, l.max)
        });
        let item_bounds = if p.min_items.is_some() || p.max_items.is_some() {
            if !is_list {
                let at = p
                    .min_items
                    .as_ref()
                    .or(p.max_items.as_ref())
                    .map(|a| a.map_unit());
                if let Some(at) = at {
                    cx.err(&at, "`min_items` / `max_items` are only for lists");
                }
                None
            } else {
                let at = p
                    .max_items
                    .as_ref()
                    .or(p.min_items.as_ref())
                    .map(|a| a.map_unit())
                    .unwrap_or_else(|| p.at.clone());
                len_range(
                    cx,
                    &at,
                    p.min_items.as_ref().map(|m| m.value),
                    p.max_items.as_ref().map(|m| m.value),
                )
            }
        } else {
            None
        };
        let mut one_of = Vec::new();
        for v in p.one_of.iter().flatten() {
            if let Some(lit) = literal(cx, v, &ty, types) {
                if one_of.contains(&lit) {
                    cx.err(v, "value listed twice in `one_of`");
                } else {
                    one_of.push(lit);
                }
            }
        }
        if p.one_of.as_ref().is_some_and(|o| o.is_empty()) {
            cx.err(&p.name, "`one_of` must list at least one value");
        }
        let required = p.required.unwrap_or(false);
        let default = match (&p.default, &p.default_by_span) {
            (Some(d), None) => {
                let bounds = Bounds {
                    range: range.as_ref(),
                    length: length.as_ref(),
                    items: item_bounds.as_ref(),
                    one_of: &one_of,
                };
                default_value(cx, &name, d, &ty, types, &bounds)
            }
            (None, Some(by)) if is_list => {
                cx.err(
                    &by.at,
                    format!("`default_by_span` is for a single value, but `{name}` is a list: give a list `default` instead"),
                );
                None
            }
            (None, Some(by)) => {
                let rules: Vec<SpanDefaultRule> = by
                    .rules
                    .iter()
                    .filter_map(|r| {
                        let below = match &r.below {
                            Some(b) => Some(duration(cx, b)?),
                            None => None,
                        };
                        let value = literal(cx, &r.value, &ty, types)?;
                        check_within(
                            cx,
                            &r.value,
                            &value,
                            range.as_ref(),
                            length.as_ref(),
                            &one_of,
                        );
                        Some(SpanDefaultRule { below, value })
                    })
                    .collect();
                check_span_rules(cx, &by.at, &rules);
                Some(DefaultValue::BySpan(SpanDefault {
                    start: by.start.value.clone(),
                    end: by.end.value.clone(),
                    rules,
                }))
            }
            (Some(d), Some(_)) => {
                cx.err(d, "give either `default` or `default_by_span`, not both");
                None
            }
            (None, None) => None,
        };
        if required {
            if let Some(d) = &p.default {
                cx.err(d, format!("`{name}` is required, so a default can never apply: remove `default` or `required`"));
            }
            if let Some(d) = &p.default_by_span {
                cx.err(&d.at, format!("`{name}` is required, so a default can never apply: remove `default_by_span` or `required`"));
            }
        }
        out.push(Param {
            rust_name: rust,
            name,
            doc: p.doc.clone(),
            ty,
            time,
            required,
            location,
            list_encoding,
            default,
            range,
            length,
            items: item_bounds,
            one_of,
            deprecated: p.deprecated.as_ref().map(|d| Deprecation {
                note: d.note.clone(),
            }),
        });
    }
    // A parameter with a default has an `effective_<name>()` method: a parameter whose own
    // setter would have that name (`EffectiveInterval` beside `Interval`) gets a `_`.
    let effective: BTreeSet<String> = out
        .iter()
        .filter(|p| p.default.is_some())
        .map(|p| naming::effective_method(&p.rust_name))
        .collect();
    for i in 0..out.len() {
        if effective.contains(&out[i].rust_name) {
            let base = format!("{}_", out[i].rust_name);
            let renamed = naming::unique(&base, |n| {
                effective.contains(n) || out.iter().any(|p| p.rust_name == n)
            });
            out[i].rust_name = renamed;
        }
    }
    // `default_by_span` refers to other parameters: check once all are known.
    for by in raw.iter().filter_map(|r| r.default_by_span.as_ref()) {
        let start = time_param(cx, &by.start, &out);
        let end = time_param(cx, &by.end, &out);
        if let (Some(s), Some(e)) = (start, end) {
            same_time_type(cx, &by.end, &out, s, e);
        }
    }
    out
}

impl<T> At<T> {
    fn map_unit(&self) -> At<()> {
        At {
            value: (),
            pos: self.pos,
            path: self.path.clone(),
        }
    }
}

pub(super) fn len_range(
    cx: &mut Checker<'_>,
    at: &At<()>,
    min: Option<u64>,
    max: Option<u64>,
) -> Option<LenRange> {
    if let (Some(min), Some(max)) = (min, max) {
        if min > max {
            cx.err(at, format!("min {min} is above max {max}"));
            return None;
        }
    }
    Some(LenRange { min, max })
}

pub(super) fn check_span_rules(cx: &mut Checker<'_>, at: &At<()>, rules: &[SpanDefaultRule]) {
    let Some((last, init)) = rules.split_last() else {
        cx.err(at, "`rules` must not be empty");
        return;
    };
    if last.below.is_some() {
        cx.err(
            at,
            "the last rule must have no `below` (it applies to every longer span)",
        );
    }
    let mut previous = 0;
    for rule in init {
        match &rule.below {
            None => cx.err(at, "only the last rule may leave out `below`"),
            Some(b) if b.seconds <= previous => cx.err(
                at,
                format!("`below: {}` must be longer than the rule before it", b.text),
            ),
            Some(b) => previous = b.seconds,
        }
    }
}
