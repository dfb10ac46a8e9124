//! Warnings: what looks wrong in an API file without stopping it from loading (`check`
//! prints them; `check --deny-warnings` fails on them).

use crate::model::{Literal, Param, SpanLimit};
use crate::spec::decode::At;
use crate::spec::raw::{ParamSpec, SpanSpec};

use super::api::Checker;

/// The other end of a period a time parameter starts: `StartTime` -> `EndTime`,
/// `BeginDate` -> `EndDate`.
fn period_end(start: &str) -> Option<String> {
    ["Start", "Begin"]
        .iter()
        .find_map(|prefix| start.strip_prefix(prefix))
        .map(|rest| format!("End{rest}"))
}

/// Warns about a pair of time parameters that look like a period (`StartTime`, `EndTime`)
/// but that no span names: nothing would reject an end before its start.
pub(super) fn unordered_periods(
    cx: &mut Checker<'_>,
    raw: &[ParamSpec],
    params: &[Param],
    spans: &[SpanLimit],
) {
    let is_time = |name: &str| params.iter().any(|p| p.name == name && p.ty.is_time());
    for start in params.iter().filter(|p| p.ty.is_time()) {
        let Some(end) = period_end(&start.name).filter(|end| is_time(end)) else {
            continue;
        };
        let ordered = spans.iter().any(|s| s.start == start.name && s.end == end);
        let Some(at) = raw.iter().find(|r| r.name.value == end).map(|r| &r.name) else {
            continue;
        };
        if !ordered {
            cx.warn(
                at,
                format!(
                    "`{}` and `{end}` look like a period, but no span names them, so nothing rejects an end before the start: add `limits.spans: [{{ start: {}, end: {end} }}]` (with `min`/`max` if the page gives them)",
                    start.name, start.name
                ),
            );
        }
    }
}

/// Spans that can never apply or never bind: a condition on a value the parameter's
/// `one_of` excludes, two unconditional spans of one pair that both set `max` (or `min`), an
/// unconditional `min` longer than another span's `max`, and a conditional `max` no shorter
/// than the unconditional one.
pub(super) fn spans(cx: &mut Checker<'_>, spans: &[(&SpanSpec, SpanLimit)], params: &[Param]) {
    for (i, (raw, span)) in spans.iter().enumerate() {
        if let (Some(w), Some(raw_when)) = (&span.when, &raw.when) {
            let one_of = params
                .iter()
                .find(|p| p.name == w.param)
                .map(|p| p.one_of.as_slice())
                .unwrap_or_default();
            if !one_of.is_empty() && !one_of.contains(&w.equals) {
                cx.warn(
                    &raw_when.equals,
                    format!(
                        "this span never applies: `{}` is only ever {} (its `one_of`), never `{}`",
                        w.param,
                        listed(one_of),
                        text(&w.equals)
                    ),
                );
            }
        }
        let same_pair = |other: &SpanLimit| other.start == span.start && other.end == span.end;
        let earlier = spans[..i]
            .iter()
            .filter(|(_, other)| same_pair(other))
            .map(|(_, other)| other);
        for other in earlier {
            let both_unconditional = span.when.is_none() && other.when.is_none();
            for (mine, theirs, key, keeps) in [
                (&span.max, &other.max, "max", "the shorter"),
                (&span.min, &other.min, "min", "the longer"),
            ] {
                if let (true, Some(a), Some(b)) = (both_unconditional, mine, theirs) {
                    cx.warn(
                        &raw.at,
                        format!(
                            "redundant: another span of `{}`..`{}` sets `{key}` ({}) without a condition too, so only {keeps} of {} and {} applies; keep one",
                            span.start, span.end, b.text, a.text, b.text
                        ),
                    );
                }
            }
            for (low, high, low_when, high_when) in [
                (&span.min, &other.max, &span.when, &other.when),
                (&other.min, &span.max, &other.when, &span.when),
            ] {
                if let (None, None, Some(min), Some(max)) = (low_when, high_when, low, high) {
                    if min.seconds > max.seconds {
                        cx.warn(
                            &raw.at,
                            format!(
                                "contradictory: `{}`..`{}` must span at least {} and at most {}, which no request can do",
                                span.start, span.end, min.text, max.text
                            ),
                        );
                    }
                }
            }
            // A conditional maximum no shorter than the unconditional one never binds.
            for (cond, plain, at) in [(span, other, &raw.at), (other, span, &raw.at)] {
                if let (Some(w), None, Some(a), Some(b)) =
                    (&cond.when, &plain.when, &cond.max, &plain.max)
                {
                    if a.seconds >= b.seconds {
                        cx.warn(
                            at,
                            format!(
                                "redundant: the `max` of {} when `{}` is `{}` is no shorter than the `max` of {} that always applies",
                                a.text,
                                w.param,
                                text(&w.equals),
                                b.text
                            ),
                        );
                    }
                }
            }
        }
    }
}

/// A region pin that leaves out the service's default region: a client built without a
/// region would have every call of this API refused before it is sent.
pub(super) fn region_pin(
    cx: &mut Checker<'_>,
    first: &At<String>,
    regions: &[String],
    default_region: Option<&str>,
) {
    let Some(default) = default_region else {
        return;
    };
    if regions.is_empty() || regions.iter().any(|r| r == default) {
        return;
    }
    let at = At {
        value: (),
        pos: first.pos,
        path: first
            .path
            .rsplit_once('[')
            .map_or(first.path.as_str(), |(list, _)| list)
            .to_string(),
    };
    cx.warn(
        &at,
        format!(
            "the service's default region `{default}` is not among these, so every call made without setting a region fails: add it, or say in `notes` why the service default does not apply"
        ),
    );
}

fn text(l: &Literal) -> String {
    match l {
        Literal::Str(s) => s.clone(),
        Literal::Int(i) => i.to_string(),
        Literal::Float(f) => f.to_string(),
        Literal::Bool(b) => b.to_string(),
    }
}

fn listed(values: &[Literal]) -> String {
    values
        .iter()
        .map(|v| format!("`{}`", text(v)))
        .collect::<Vec<_>>()
        .join(", ")
}
