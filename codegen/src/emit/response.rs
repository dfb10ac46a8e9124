//! The response payload type (inside the provider's envelope).

use super::types::read_only_struct_text;
use super::{path_text, ApiCx};

/// The response struct, as a `json_struct!` invocation.
pub(crate) fn emit_response(cx: &ApiCx<'_>) -> String {
    let doc = format!(
        "The response of `{}`. Unknown extra fields are ignored.",
        cx.api.action
    );
    let text = read_only_struct_text(
        &path_text(&cx.rt),
        &doc,
        &cx.response_ident().to_string(),
        &cx.api.response,
    );
    // `response`: the struct also keeps the envelope's request id (`request_id()`).
    match text.strip_suffix("    }\n}\n") {
        Some(head) => format!("{head}    }}\n    response\n}}\n"),
        None => text,
    }
}
