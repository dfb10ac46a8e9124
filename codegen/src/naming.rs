//! Rust names for spec names, and the names generated code reserves. The loader uses these to
//! reject specs whose names would collide once converted; the emitters use them to name items.
//! One place, so both agree.
//!
//! Every function here returns a plain ASCII identifier (`[A-Za-z_][A-Za-z0-9_]*`, never a
//! keyword, never `_`), whatever it is given, so `proc_macro2::Ident::new` cannot panic on
//! it and no `non_ascii_idents` / confusable-identifier lint can fire in generated code.
//!
//! Escapes, all stable (the same spec name always gives the same Rust name):
//! - a Rust keyword gets a trailing `_` (`type` -> `type_`, `Self` -> `Self_`), never `r#`
//!   (`self`, `Self`, `super` and `crate` cannot be raw identifiers);
//! - a name starting with a digit gets a `v_` / `V` prefix (`720P` -> `V720p`);
//! - a non-ASCII letter or digit becomes its code point (`名称` -> `u540d_u79f0`); any other
//!   character separates words (`a-b.c d` -> `a_b_c_d`);
//! - a member (field and setter) named like a generated method gets a trailing `_` (`new_`);
//! - a module named like a module generated code declares gets a trailing `_` (`types_`);
//! - an error-code variant named like the variant generated code adds gets a trailing `_`
//!   (`Unknown_`).

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words that cannot be used as plain identifiers (strict and reserved keywords of every
/// edition up to 2024).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Whether `name` is a Rust keyword (and so needs a suffix).
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// `name` with every character that cannot be part of an ASCII identifier replaced: a
/// non-ASCII letter or digit by its code point as a word of its own (`_u540d_`), anything
/// else by `_` (a word boundary for heck).
fn ascii_words(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if c.is_alphanumeric() {
            out.push_str(&format!("_u{:04x}_", u32::from(c)));
        } else {
            out.push('_');
        }
    }
    out
}

/// A struct field or function name: `StartTime` -> `start_time`, `type` -> `type_`,
/// `9Lives` -> `v_9lives`, `名称` -> `u540d_u79f0`.
pub fn field_name(wire: &str) -> String {
    let snake = ascii_words(wire).to_snake_case();
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

/// Methods every generated request or sent struct has (or gets from a trait generated code
/// and users call by method syntax), which a field's setter must not shadow: a member named
/// so gets a trailing `_` (Tencent has parameters named `New` and `Validate`).
pub const GENERATED_METHODS: &[&str] = &["new", "validate", "to_wire", "clone", "to_json"];

/// The Rust name of a request parameter or struct field (and of its setter): [`field_name`],
/// escaped where it would be a generated method's name. The loader numbers it where two
/// members of one struct would share it ([`numbered`]) and escapes it again where it would
/// be another parameter's [`effective_method`].
pub fn member_name(wire: &str) -> String {
    let name = field_name(wire);
    if GENERATED_METHODS.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    }
}

/// The `n`th name of a member whose name an earlier member of the struct has:
/// `instance_id` -> `instance_id_2`, `new_` -> `new_2` (never `new__2`, which is not snake
/// case).
pub fn numbered(base: &str, n: usize) -> String {
    format!("{}_{n}", base.trim_end_matches('_'))
}

/// `base` if `taken` does not hold it, else the first free [`numbered`] form.
pub fn unique(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_string();
    }
    (2..)
        .map(|n| numbered(base, n))
        .find(|candidate| !taken(candidate))
        .expect("some number is free")
}

/// The request method returning a parameter's effective value (the value set, else its
/// documented default), from the parameter's Rust name: `interval` -> `effective_interval`,
/// `type_` -> `effective_type`. A parameter whose own name is another's effective method
/// (`EffectiveInterval` beside a defaulted `Interval`) is renamed by the loader
/// (`effective_interval_`).
pub fn effective_method(member: &str) -> String {
    format!("effective_{}", member.trim_end_matches('_'))
}

/// A type name: `PlayStatInfo` stays, `play_stat` -> `PlayStat`, `Topic_Info` -> `TopicInfo`,
/// `Self` -> `Self_`. Names of prelude and std items (`Option`, `Result`, `String`) are kept:
/// generated code names std items by full path.
pub fn type_name(name: &str) -> String {
    let camel = ascii_words(name).to_upper_camel_case();
    if camel.starts_with(|c: char| c.is_ascii_digit()) || camel.is_empty() {
        format!("V{camel}")
    } else if is_keyword(&camel) {
        format!("{camel}_")
    } else {
        camel
    }
}

/// The names generated code gives an API's own items: its request, response, error and
/// error-code types. Actions are UpperCamelCase ASCII identifiers (the loader checks), so
/// these are the action followed by a suffix.
pub fn api_items(action: &str) -> [String; 4] {
    [
        request_name(action),
        response_name(action),
        error_name(action),
        error_code_name(action),
    ]
}

/// `<Action>Request`.
pub fn request_name(action: &str) -> String {
    format!("{action}Request")
}

/// `<Action>Response`.
pub fn response_name(action: &str) -> String {
    format!("{action}Response")
}

/// `<Action>Error`.
pub fn error_name(action: &str) -> String {
    format!("{action}Error")
}

/// `<Action>ErrorCode`.
pub fn error_code_name(action: &str) -> String {
    format!("{action}ErrorCode")
}

/// The provider's common error-code type, in the provider's module and re-exported by each
/// service's.
pub const COMMON_ERROR_CODE: &str = "CommonErrorCode";

/// A service's client type: `vod` -> `VodClient`, `vod_v20180717` -> `VodV20180717Client`.
pub fn client_name(service: &str) -> String {
    format!("{}Client", ascii_words(service).to_upper_camel_case())
}

/// Why a spec type of `action` (in `service`) cannot have the Rust name `rust`, if it
/// cannot: it is one of the items generated code declares beside it or re-exports into the
/// service module (the API's own request, response and errors, the provider's common
/// codes, the service client, and the generated items of the service's other actions:
/// `sibling_item` gives the other action whose [`api_items`] include a name). (`SERVICE`
/// and the `TIME_*` statics are SCREAMING_CASE, which [`type_name`] never gives.)
pub fn reserved_type(
    rust: &str,
    action: &str,
    service: &str,
    sibling_item: &dyn Fn(&str) -> Option<String>,
) -> Option<String> {
    if api_items(action).iter().any(|i| i == rust) {
        return Some(format!("the generated items of `{action}`"));
    }
    if rust == COMMON_ERROR_CODE {
        return Some("the provider's common error codes".to_string());
    }
    if rust == client_name(service) {
        return Some(format!("the client of the service `{service}`"));
    }
    sibling_item(rust)
        .map(|s| format!("the generated items of `{s}`, which the service module re-exports"))
}

/// Associated items of generated enums that share the variants' namespace: the closed
/// enum's `ALL` (every value) and `FromStr::Err`, which the impl names as `Self::Err` (a
/// variant `Err` would make that ambiguous).
pub const ENUM_ASSOCIATED_ITEMS: &[&str] = &["ALL", "Err"];

/// An enum variant for a wire value: `Hour` -> `Hour`, `Normal_H264` -> `NormalH264`,
/// `720P` -> `V720p`, `0` -> `V0`, `Self` -> `Self_`, `Err` -> `Err_`, `小时` -> `U5c0fU65f6`.
pub fn variant_name(value: &str) -> String {
    let camel = ascii_words(value).to_upper_camel_case();
    if camel.is_empty() || camel.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{camel}")
    } else if is_keyword(&camel) || ENUM_ASSOCIATED_ITEMS.contains(&camel.as_str()) {
        format!("{camel}_")
    } else {
        camel
    }
}

/// The variant every open enum has for values the spec does not list.
pub const UNKNOWN_VARIANT: &str = "Unknown";

/// Why a `rust_name` given for an enum value cannot be used, if it cannot: it is not an
/// UpperCamelCase ASCII identifier, is a keyword, or is a name the generated enum already
/// has (`Unknown`, the variant of unlisted values; [`ENUM_ASSOCIATED_ITEMS`]).
pub fn invalid_rust_name(name: &str) -> Option<String> {
    let camel = name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric());
    if !camel {
        Some("must be an UpperCamelCase identifier".to_string())
    } else if is_keyword(name) {
        Some("is a Rust keyword".to_string())
    } else if name == UNKNOWN_VARIANT {
        Some("is the variant of unlisted values".to_string())
    } else if name == "ALL" {
        Some("is the constant listing every value".to_string())
    } else if ENUM_ASSOCIATED_ITEMS.contains(&name) {
        Some("is an associated item of the generated enum".to_string())
    } else {
        None
    }
}

/// Variants generated error-code enums add to the documented codes: `Unknown(code)` for an
/// undocumented code, `Common(CommonErrorCode)` for the provider's codes.
pub const ERROR_CODE_VARIANTS: &[&str] = &[UNKNOWN_VARIANT, "Common"];

/// The variant name of an error code: `InvalidParameterValue.StartTime` ->
/// `InvalidParameterValueStartTime`, `FailedOperation.DBError` -> `FailedOperationDbError`,
/// `Unknown` -> `Unknown_` (see [`ERROR_CODE_VARIANTS`]).
pub fn error_variant_name(code: &str) -> String {
    let name = variant_name(code);
    if ERROR_CODE_VARIANTS.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    }
}

/// Names generated code gives modules and module-level aliases beside the modules named
/// after providers, services and actions: the service's shared `types` module and the
/// runtime alias `rt` in every module. A provider, service or action named so gets a
/// trailing `_`. (The crate root's `runtime` re-export needs no escape: no provider may be
/// named `runtime`, see [`reserved_provider`].)
pub const RESERVED_MODULES: &[&str] = &["types", "rt"];

/// A module name for a provider, service or action: `DescribeMediaPlayStatDetails` ->
/// `describe_media_play_stat_details`, `as` -> `as_`, `Types` -> `types_`.
pub fn module_name(name: &str) -> String {
    let name = field_name(name);
    if RESERVED_MODULES.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    }
}

/// Methods every generated service client has besides one per action (`Clone::clone` is
/// derived). An action whose method would be one of these is rejected by the loader.
pub const CLIENT_METHODS: &[&str] = &["new", "from_env", "runtime", "clone"];

/// The client method calling an action: `DescribeMediaPlayStatDetails` ->
/// `describe_media_play_stat_details`.
pub fn client_method(action: &str) -> String {
    field_name(action)
}

/// The client method running an action over a period of any length: `describe_x_range`.
pub fn range_method(action: &str) -> String {
    format!("{}_range", client_method(action).trim_end_matches('_'))
}

/// The client method streaming every page of a paginated action: `describe_x_pages`.
pub fn pages_method(action: &str) -> String {
    format!("{}_pages", client_method(action).trim_end_matches('_'))
}

/// Why a provider directory cannot have the name `id`, if it cannot: the provider names a
/// cargo feature (`default` is cargo's own) and, in the workspace layout, the crate
/// `cloudusage-<provider>` (`cloudusage-runtime` is the runtime's).
pub fn reserved_provider(id: &str) -> Option<&'static str> {
    match id {
        "default" => Some("the provider names a cargo feature, and `default` is cargo's own"),
        "runtime" => Some(
            "in the workspace layout the provider's crate would be `cloudusage-runtime`, the runtime crate's name",
        ),
        "cli" => Some("the generated crate's cargo feature `cli` turns the command-line glue on"),
        "completions" => Some("`cloudusage completions` is the command printing shell completions"),
        _ => None,
    }
}

/// Flags the `cloudusage` command has for every API (crate `cloudusage-cli` checks that it
/// declares exactly these): a parameter whose flag would be one of them is `--param-<name>`.
pub const CLI_GLOBAL_FLAGS: &[&str] = &[
    "all-pages",
    "concurrency",
    "dry-run",
    "endpoint",
    "help",
    "input",
    "output",
    "profile",
    "range",
    "region",
    "since",
    "version",
];

/// The subcommand of an action: its module name in kebab case (`describe-x`).
pub fn cli_command(action: &str) -> String {
    module_name(action).trim_end_matches('_').replace('_', "-")
}

/// The flag of each parameter (given by their Rust member names, in order), without dashes:
/// the member name in kebab case (`start-time`, `type` for `type_`), `param-<flag>` for one
/// of [`CLI_GLOBAL_FLAGS`], numbered if still taken.
pub fn cli_flags<'a>(members: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut taken: Vec<String> = CLI_GLOBAL_FLAGS.iter().map(|f| f.to_string()).collect();
    let mut out = Vec::new();
    for member in members {
        let base = member.trim_end_matches('_').replace('_', "-");
        // A parameter named like a global flag gets a prefix; any other clash a number.
        let base = if CLI_GLOBAL_FLAGS.contains(&base.as_str()) {
            format!("param-{base}")
        } else {
            base
        };
        let is_taken = |f: &str| taken.iter().any(|t| t == f);
        let flag = if is_taken(&base) {
            (2..)
                .map(|n| format!("{base}-{n}"))
                .find(|f| !is_taken(f))
                .unwrap_or(base)
        } else {
            base
        };
        taken.push(flag.clone());
        out.push(flag);
    }
    out
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
        assert_eq!(field_name("a-b.c d"), "a_b_c_d");
        assert_eq!(field_name("9Lives"), "v_9lives");
        assert_eq!(field_name("名称"), "u540d_u79f0");
        assert_eq!(field_name("X²"), "x_u00b2");
        assert_eq!(member_name("New"), "new_");
        assert_eq!(member_name("Validate"), "validate_");
        assert_eq!(member_name("ToWire"), "to_wire_");
        assert_eq!(member_name("Clone"), "clone_");
        assert_eq!(member_name("NewName"), "new_name");
        assert_eq!(member_name("From"), "from");
        assert_eq!(numbered("instance_id", 2), "instance_id_2");
        assert_eq!(numbered("new_", 2), "new_2");
        assert_eq!(unique("a", |n| n == "a" || n == "a_2"), "a_3");
        assert_eq!(effective_method("type_"), "effective_type");
        assert_eq!(type_name("PlayStatInfo"), "PlayStatInfo");
        assert_eq!(type_name("Topic_Info"), "TopicInfo");
        assert_eq!(type_name("Self"), "Self_");
        assert_eq!(type_name("Option"), "Option");
        assert_eq!(variant_name("Normal_H264"), "NormalH264");
        assert_eq!(variant_name("720P"), "V720p");
        assert_eq!(variant_name("0"), "V0");
        assert_eq!(variant_name("Self"), "Self_");
        assert_eq!(variant_name("Err"), "Err_");
        assert_eq!(variant_name("Ok"), "Ok");
        assert_eq!(variant_name("小时"), "U5c0fU65f6");
        assert_eq!(
            error_variant_name("FailedOperation.DBError"),
            "FailedOperationDbError"
        );
        assert_eq!(
            error_variant_name("InvalidParameterValue.StartTime"),
            "InvalidParameterValueStartTime"
        );
        assert_eq!(error_variant_name("Unknown"), "Unknown_");
        assert_eq!(error_variant_name("Common"), "Common_");
        assert_eq!(
            module_name("DescribeMediaPlayStatDetails"),
            "describe_media_play_stat_details"
        );
        assert_eq!(module_name("as"), "as_");
        assert_eq!(module_name("Types"), "types_");
        assert_eq!(module_name("rt"), "rt_");
        assert_eq!(module_name("runtime"), "runtime");
        assert!(reserved_provider("runtime").is_some());
        assert!(reserved_provider("cli").is_some());
        assert_eq!(
            cli_command("DescribeMediaPlayStatDetails"),
            "describe-media-play-stat-details"
        );
        assert_eq!(cli_command("Types"), "types");
        assert_eq!(
            cli_flags([
                "start_time",
                "type_",
                "region",
                "param_region",
                "instance_id_2"
            ]),
            [
                "start-time",
                "type",
                "param-region",
                "param-region-2",
                "instance-id-2"
            ]
        );
        assert!(reserved_provider("tencent").is_none());
        assert_eq!(client_name("vod"), "VodClient");
        assert_eq!(client_name("vod_v20180717"), "VodV20180717Client");
        assert_eq!(pages_method("DescribeX"), "describe_x_pages");
        assert_eq!(pages_method("Self"), "self_pages");
        assert_eq!(invalid_rust_name("R480p"), None);
        assert!(invalid_rust_name("Self").is_some());
        assert!(invalid_rust_name("ALL").is_some());
        assert!(invalid_rust_name("Err").is_some());
        assert!(invalid_rust_name("lower").is_some());
    }

    #[test]
    fn reserved_types() {
        let sibling = |rust: &str| {
            api_items("DescribeY")
                .contains(&rust.to_string())
                .then(|| "DescribeY".to_string())
        };
        let reserved = |rust: &str| reserved_type(rust, "DescribeX", "vod", &sibling);
        assert!(reserved("DescribeXRequest").is_some());
        assert!(reserved("DescribeXErrorCode").is_some());
        assert!(reserved("DescribeYResponse").is_some());
        assert!(reserved("CommonErrorCode").is_some());
        assert!(reserved("VodClient").is_some());
        assert_eq!(reserved("LiveClient"), None);
        assert_eq!(reserved("Option"), None);
        assert_eq!(reserved("DescribeZRequest"), None);
    }
}
