//! Time formats of datetime and date members: presets, the service's named formats and
//! `time` format descriptions, each with the zone times are written in.

use super::*;

/// The time format of a datetime or date (or a list of them); rejects stray formats.
pub(super) fn time_of(
    cx: &mut Checker<'_>,
    ty: &TypeRef,
    format: Option<&At<String>>,
    offset: Option<&At<String>>,
    owner: &At<String>,
) -> Option<TimeFormat> {
    match element(ty) {
        TypeRef::DateTime | TypeRef::Date => {
            let date_only = *element(ty) == TypeRef::Date;
            let Some(format) = format else {
                cx.err(
                    owner,
                    format!(
                        "`{}` is a {} and needs a `format`",
                        owner.value,
                        if date_only { "date" } else { "datetime" }
                    ),
                );
                return None;
            };
            let offset_seconds = match (offset, date_only) {
                (Some(o), true) => {
                    cx.err(o, "a date has no time zone: remove `utc_offset`");
                    None
                }
                (Some(o), false) => Some(
                    values::utc_offset(&o.value)
                        .map_err(|m| cx.err(o, m))
                        .ok()?,
                ),
                (None, _) => None,
            };
            let (description, offset_seconds) =
                resolve_format(cx, format, offset, offset_seconds, date_only)?;
            values::time_format(&description, offset_seconds, date_only)
                .map_err(|m| {
                    if values::is_description(&format.value) {
                        cx.err(format, m)
                    } else {
                        cx.err(
                            format,
                            format!("the format `{}` is {description:?}, and {m}", format.value),
                        )
                    }
                })
                .ok()
        }
        _ => {
            for stray in format.into_iter().chain(offset) {
                cx.err(
                    stray,
                    "`format` and `utc_offset` are only for datetime and date types",
                );
            }
            None
        }
    }
}

/// A `format` as a `time` format description and the zone times are written in: a
/// description as written, a service's named format, or a preset; `utc_offset` as given
/// (`offset_seconds`) or fixed by the named format.
pub(super) fn resolve_format(
    cx: &mut Checker<'_>,
    format: &At<String>,
    offset: Option<&At<String>>,
    offset_seconds: Option<i32>,
    date_only: bool,
) -> Option<(String, Option<i32>)> {
    let name = format.value.as_str();
    let (description, fixed) = if values::is_description(name) {
        (name.to_string(), None)
    } else if let Some(named) = cx.formats.get(name) {
        // A broken named format is reported in service.yaml.
        let Some(named) = named else {
            cx.failed = true;
            return None;
        };
        (named.description.clone(), named.utc_offset_seconds)
    } else if let Some(preset) = values::preset(name) {
        if preset.date_only != date_only {
            cx.err(
                format,
                format!(
                    "`{name}` is a format of {} (like `{}`), but this is a {}",
                    if preset.date_only {
                        "dates"
                    } else {
                        "datetimes"
                    },
                    preset.example,
                    if date_only { "date" } else { "datetime" }
                ),
            );
            return None;
        }
        (preset.description.to_string(), preset.utc_offset_seconds)
    } else {
        let known: Vec<&str> = values::PRESETS
            .iter()
            .map(|p| p.name)
            .chain(cx.formats.keys().map(String::as_str))
            .collect();
        let service = if cx.formats.is_empty() {
            String::new()
        } else {
            let names: Vec<&str> = cx.formats.keys().map(String::as_str).collect();
            format!(", the service's {}", names.join(", "))
        };
        cx.err(
            format,
            format!(
                "unknown time format `{name}`{} (expected a preset: {}{service}; or a `time` format description such as `[year]-[month]-[day]`)",
                crate::suggest::did_you_mean(name, known.iter().copied()),
                values::PRESETS.iter().map(|p| p.name).collect::<Vec<_>>().join(", "),
            ),
        );
        return None;
    };
    let offset_seconds = match (offset_seconds, fixed) {
        (Some(given), Some(fixed)) if given != fixed => {
            if let Some(o) = offset {
                cx.err(
                    o,
                    format!(
                        "the format `{name}` writes times at {} already: remove `utc_offset`",
                        values::offset_text(fixed)
                    ),
                );
            }
            return None;
        }
        (Some(given), _) => Some(given),
        (None, fixed) => fixed,
    };
    if !date_only && offset_seconds.is_none() {
        cx.err(
            format,
            "a datetime needs a `utc_offset` (the zone the wire uses), e.g. `utc_offset: \"+08:00\"`",
        );
        return None;
    }
    Some((description, offset_seconds))
}
