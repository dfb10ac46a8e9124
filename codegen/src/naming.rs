//! Rust names for spec names. The loader uses these to reject specs whose names would
//! collide once converted; the emitters use them to name items. One place, so both agree.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words that cannot be used as plain identifiers.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Whether `name` is a Rust keyword (and so needs `r#` or a suffix).
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// A struct field or function name: `StartTime` -> `start_time`, `type` -> `r#type`-safe `type_`.
pub fn field_name(wire: &str) -> String {
    let snake = wire.replace(['.', '-', ' '], "_").to_snake_case();
    let snake = if snake.starts_with(|c: char| c.is_ascii_digit()) || snake.is_empty() {
        format!("v_{snake}")
    } else {
        snake
    };
    if is_keyword(&snake) {
        format!("{snake}_")
    } else {
        snake
    }
}

/// Names a service's generated module uses besides its APIs' modules: the shared `types`
/// module and the runtime alias `rt`.
pub const RESERVED_MODULES: &[&str] = &["types", "rt"];

/// Methods every generated request or sent struct has, which a field's setter must not
/// shadow: a field named so gets a trailing `_` (Tencent has parameters named `New` and
/// `Validate`).
const GENERATED_METHODS: &[&str] = &["new", "validate", "to_wire"];

/// The Rust name of a request parameter or struct field: [`field_name`], escaped where it
/// would be a generated method's name.
pub fn member_name(wire: &str) -> String {
    let name = field_name(wire);
    if GENERATED_METHODS.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    }
}

/// A type name: `PlayStatInfo` stays, `play_stat` -> `PlayStat`.
pub fn type_name(name: &str) -> String {
    let camel = name.replace(['.', '-', ' '], "_").to_upper_camel_case();
    if camel.starts_with(|c: char| c.is_ascii_digit()) || camel.is_empty() {
        format!("V{camel}")
    } else {
        camel
    }
}

/// An enum variant for a wire value: `Hour` -> `Hour`, `Normal_H264` -> `NormalH264`,
/// `720P` -> `V720p`, `0` -> `V0`.
pub fn variant_name(value: &str) -> String {
    let camel = value
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect::<String>()
        .to_upper_camel_case();
    if camel.is_empty() || camel.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{camel}")
    } else if camel == "Self" {
        "Self_".to_string()
    } else {
        camel
    }
}

/// A module name for a provider, service or action: `DescribeMediaPlayStatDetails` ->
/// `describe_media_play_stat_details`.
pub fn module_name(name: &str) -> String {
    field_name(name)
}

/// The variant name of an error code: `InvalidParameterValue.StartTime` ->
/// `InvalidParameterValueStartTime`, `FailedOperation.DBError` -> `FailedOperationDbError`.
pub fn error_variant_name(code: &str) -> String {
    variant_name(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(field_name("StartTime"), "start_time");
        assert_eq!(field_name("PlayDomains"), "play_domains");
        assert_eq!(field_name("SdkAppId"), "sdk_app_id");
        assert_eq!(field_name("Type"), "type_");
        assert_eq!(member_name("New"), "new_");
        assert_eq!(member_name("Validate"), "validate_");
        assert_eq!(member_name("ToWire"), "to_wire_");
        assert_eq!(member_name("NewName"), "new_name");
        assert_eq!(type_name("PlayStatInfo"), "PlayStatInfo");
        assert_eq!(variant_name("Normal_H264"), "NormalH264");
        assert_eq!(variant_name("720P"), "V720p");
        assert_eq!(variant_name("0"), "V0");
        assert_eq!(
            error_variant_name("FailedOperation.DBError"),
            "FailedOperationDbError"
        );
        assert_eq!(
            error_variant_name("InvalidParameterValue.StartTime"),
            "InvalidParameterValueStartTime"
        );
        assert_eq!(
            module_name("DescribeMediaPlayStatDetails"),
            "describe_media_play_stat_details"
        );
    }
}
