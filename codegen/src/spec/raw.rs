//! The spec files as written: one struct per YAML mapping, before any semantic check.
//! `specs/README.md` documents every key; the doc comments here become the JSON Schema's
//! descriptions that editors show.

use super::decode::{spec_object, At, Decode, Decoder, DefaultSpec, Scalar, Text};
use super::node::{Node, Value};

spec_object! {
    /// `<provider>/provider.yaml`: facts shared by every API of a provider.
    ProviderFile {
        /// Display name, e.g. `Tencent Cloud`.
        name: String,
        signing: SigningSpec,
        /// Response envelope: `tencent`, `volcengine` or `alibaba`.
        envelope: At<String>,
        credentials: CredentialsSpec,
        /// The provider's common error codes.
        errors: Option<Vec<ErrorSpec>>,
        /// Which codes mean throttling and which an authentication failure.
        error_kinds: Option<ErrorKindsSpec>,
        notes: Option<Vec<String>>,
    }
}

spec_object! {
    /// Codes of a kind: a code is of the kind when it is one of these or starts with one of
    /// them followed by `.` (`RequestLimitExceeded` covers `RequestLimitExceeded.UinLimitExceeded`).
    ErrorKindsSpec {
        /// The provider is throttling the caller (retried after a backoff).
        throttling: Option<Vec<At<String>>>,
        /// Authentication or authorisation failed (bad key, signature, token, permission).
        auth: Option<Vec<At<String>>>,
    }
}

spec_object! {
    /// Signature schemes: `tc3-hmac-sha256`, `volc-hmac-sha256`, `acs3-hmac-sha256`, `acs-rpc-hmac-sha1`.
    SigningSpec {
        /// The scheme used by default.
        default: At<String>,
        /// Other schemes a client may select.
        also: Option<Vec<At<String>>>,
    }
}

spec_object! {
    /// Environment variables credentials are read from, each list tried in order.
    CredentialsSpec {
        access_key_id: At<Vec<String>>,
        access_key_secret: At<Vec<String>>,
        session_token: Option<Vec<String>>,
        /// The credential files of the provider's own command-line tool, read by the
        /// generated `cloudusage` command: `tccli` or `aliyun`.
        profile_file: Option<At<String>>,
    }
}

spec_object! {
    /// `<provider>/<service>/service.yaml`: facts shared by every API of a service.
    ServiceFile {
        /// Display name, e.g. `Video on Demand`.
        name: String,
        /// API version sent with every call (quote it: `"2018-07-17"`).
        version: At<String>,
        /// Host name, without scheme or path.
        endpoint: At<String>,
        /// Service name in signature scopes (default: the directory name).
        signing_name: Option<At<String>>,
        /// Region used when the client sets none.
        default_region: Option<At<String>>,
        /// Time formats the service's APIs name in `format` (`format: beijing`).
        time_formats: Option<Vec<NamedTimeFormatSpec>>,
        notes: Option<Vec<String>>,
    }
}

spec_object! {
    /// A time format the service's APIs refer to by name.
    NamedTimeFormatSpec {
        /// The name, e.g. `beijing`.
        name: At<String>,
        /// A preset (`rfc3339`, `iso8601-utc`, `yyyy-MM-dd HH:mm:ss`, `date`) or a `time`
        /// format description.
        format: At<String>,
        /// The zone times are written in, e.g. `+08:00` (datetimes only).
        utc_offset: Option<At<String>>,
        doc: Option<String>,
    }
}

spec_object! {
    /// `<provider>/<service>/<Action>.yaml`: one API.
    ApiFile {
        /// The action name; must match the file name.
        action: At<String>,
        /// One-line summary.
        title: At<String>,
        doc: Option<String>,
        docs_url: Option<String>,
        deprecated: Option<DeprecationSpec>,
        http: HttpSpec,
        limits: Option<LimitsSpec>,
        /// Request parameters (may be empty).
        request: Vec<ParamSpec>,
        /// Fields of the response payload inside the provider envelope.
        response: Vec<FieldSpec>,
        /// Named enums and structs used by the request or response.
        types: Option<Vec<TypeSpec>>,
        pagination: Option<PaginationSpec>,
        /// The API's own error codes.
        errors: Option<Vec<ErrorSpec>>,
        notes: Option<Vec<String>>,
    }
}

spec_object! {
    DeprecationSpec {
        note: String,
    }
}

spec_object! {
    HttpSpec {
        /// `GET` or `POST`.
        method: At<String>,
        /// Default location of parameters: `body` (JSON) or `query`.
        params_in: At<String>,
    }
}

spec_object! {
    LimitsSpec {
        /// Documented rate limit: `20/s`, `100/min`, `1000/h`, or
        /// `{ limit: 20/s, scope: account }`.
        rate: Option<RateSpec>,
        /// Region pin: the client's region must be one of these.
        regions: Option<Vec<At<String>>>,
        spans: Option<Vec<SpanSpec>>,
        lookback: Option<Vec<LookbackSpec>>,
        /// The time bucket of the data (granularity): range queries put window seams on
        /// bucket boundaries so no bucket is split or counted twice.
        granularity: Option<GranularitySpec>,
        /// How long after the fact data is complete (the documented delay), e.g. `20m`.
        freshness: Option<At<String>>,
    }
}

spec_object! {
    /// The length of one bucket of data: `every` (fixed), or set by a parameter, either
    /// through `buckets` (one length per value) or `unit` (the value times this length).
    GranularitySpec {
        /// A fixed bucket length, e.g. `1d`.
        every: Option<At<String>>,
        /// The request parameter that selects the bucket.
        param: Option<At<String>>,
        /// The bucket length of each value of `param`.
        buckets: Option<Vec<BucketSpec>>,
        /// The length one unit of a numeric `param` stands for, e.g. `1s`.
        unit: Option<At<String>>,
    }
}

spec_object! {
    /// One value of a granularity parameter and its bucket length.
    BucketSpec {
        value: At<Scalar>,
        /// Duration such as `1h`.
        length: At<String>,
    }
}

/// A rate limit: `20/s`, or with who shares it, `{ limit: 20/s, scope: account }`.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "cli", derive(schemars::JsonSchema), serde(untagged))]
pub enum RateSpec {
    Short(At<String>),
    Scoped(ScopedRateSpec),
}

impl Decode for RateSpec {
    fn decode(node: &Node, path: &str, d: &mut Decoder) -> Option<Self> {
        match &node.value {
            Value::Map(_) => ScopedRateSpec::decode(node, path, d).map(RateSpec::Scoped),
            _ => At::<String>::decode(node, path, d).map(RateSpec::Short),
        }
    }
}

impl RateSpec {
    /// The `<count>/<unit>` text.
    pub fn limit(&self) -> &At<String> {
        match self {
            RateSpec::Short(limit) => limit,
            RateSpec::Scoped(s) => &s.limit,
        }
    }

    /// The scope, when written.
    pub fn scope(&self) -> Option<&At<String>> {
        match self {
            RateSpec::Short(_) => None,
            RateSpec::Scoped(s) => s.scope.as_ref(),
        }
    }
}

spec_object! {
    ScopedRateSpec {
        /// `20/s`, `100/min`, `1000/h`.
        limit: At<String>,
        /// Who shares the budget: `access_key` (each access key has its own, the default)
        /// or `account` (every access key of the account together).
        scope: Option<At<String>>,
    }
}

spec_object! {
    /// Minimum / maximum period between two time parameters.
    SpanSpec {
        start: At<String>,
        end: At<String>,
        /// Duration such as `5m`.
        min: Option<At<String>>,
        /// Duration such as `7d`.
        max: Option<At<String>>,
        /// Count the end as included (date ranges).
        end_inclusive: Option<bool>,
        when: Option<ConditionSpec>,
        note: Option<String>,
    }
}

spec_object! {
    /// Applies a limit only when a parameter's effective value equals `equals`.
    ConditionSpec {
        param: At<String>,
        equals: At<Scalar>,
    }
}

spec_object! {
    /// How far back data can be queried, against the current time.
    LookbackSpec {
        param: At<String>,
        /// Duration such as `365d`.
        max: At<String>,
        note: Option<String>,
    }
}

spec_object! {
    /// A request parameter.
    ParamSpec {
        /// Wire name, e.g. `StartTime`.
        name: At<String>,
        /// `string`, `bool`, `i32`, `i64`, `u32`, `u64`, `f64`, `datetime`, `date`, `list` or a name from `types`.
        ty as "type": At<String>,
        /// Element type of a list.
        items: Option<At<String>>,
        /// `time` format description (version 1) of a datetime or date.
        format: Option<At<String>>,
        /// Zone a datetime is converted to before it is written, e.g. `+08:00`.
        utc_offset: Option<At<String>>,
        required: Option<bool>,
        /// `body`, `query` or `header` (default: `http.params_in`).
        location as "in": Option<At<String>>,
        /// `comma`, `indexed0`, `indexed1` or `repeat`: how a list is written in a query or header.
        list_encoding: Option<At<String>>,
        doc: Option<String>,
        /// The documented default (not sent; used by conditional limits). A list
        /// parameter's default is a list: `[Third]`.
        default: Option<At<DefaultSpec>>,
        default_by_span: Option<SpanDefaultSpec>,
        /// Inclusive numeric range.
        range: Option<RangeSpec>,
        /// String length bounds in characters.
        length: Option<LengthSpec>,
        min_items: Option<At<u64>>,
        max_items: Option<At<u64>>,
        /// The only values a scalar may take.
        one_of: Option<Vec<At<Scalar>>>,
        deprecated: Option<DeprecationSpec>,
    }
}

spec_object! {
    RangeSpec {
        min: Option<f64>,
        max: Option<f64>,
    }
}

spec_object! {
    LengthSpec {
        min: Option<u64>,
        max: Option<u64>,
    }
}

spec_object! {
    /// A default that depends on the time span: the first rule whose `below` exceeds the span wins.
    SpanDefaultSpec {
        start: At<String>,
        end: At<String>,
        rules: Vec<SpanRuleSpec>,
    }
}

spec_object! {
    SpanRuleSpec {
        /// Duration; left out on the last rule.
        below: Option<At<String>>,
        value: At<Scalar>,
    }
}

spec_object! {
    /// A response field or a field of a named struct.
    FieldSpec {
        name: At<String>,
        ty as "type": At<String>,
        items: Option<At<String>>,
        format: Option<At<String>>,
        utc_offset: Option<At<String>>,
        /// A field that is not required is optional in Rust (lists: empty when absent).
        required: Option<bool>,
        /// Declared wire quirk: `number_or_string` or `id_or_word`.
        wire: Option<At<String>>,
        /// Response fields only: the field is present only when the request sets this
        /// parameter (to `equals`, when given).
        present_when: Option<PresenceSpec>,
        doc: Option<String>,
    }
}

spec_object! {
    /// The request parameter a response field's presence depends on.
    PresenceSpec {
        param: At<String>,
        equals: Option<At<Scalar>>,
    }
}

spec_object! {
    /// A named type: an enum (`enum`) or a struct (`fields`).
    TypeSpec {
        name: At<String>,
        doc: Option<String>,
        fields: Option<Vec<FieldSpec>>,
        enumeration as "enum": Option<EnumSpec>,
    }
}

spec_object! {
    EnumSpec {
        /// Open enums accept values the spec does not list (`Unknown(String)`).
        open: Option<bool>,
        values: Vec<EnumValueSpec>,
    }
}

spec_object! {
    EnumValueSpec {
        /// The wire value.
        value: At<Text>,
        /// Rust variant name for values that are not identifiers.
        rust_name: Option<At<String>>,
        doc: Option<String>,
    }
}

spec_object! {
    PaginationSpec {
        /// Request parameter holding the 1-based page number.
        page_number: At<String>,
        /// Request parameter holding the page size.
        page_size: At<String>,
        /// Response list field holding the page's items.
        items: At<String>,
        /// Response field: number of pages.
        total_pages: Option<At<String>>,
        /// Response field: number of items.
        total_items: Option<At<String>>,
    }
}

spec_object! {
    /// A documented error code.
    ErrorSpec {
        /// The code as the server sends it.
        code: At<String>,
        description: String,
        http_status: Option<At<u16>>,
        /// Whether retrying the same request can help.
        retryable: Option<bool>,
        /// Documented message texts.
        messages: Option<Vec<String>>,
    }
}

/// Any spec file, for the JSON Schema editors use.
#[cfg(feature = "cli")]
#[derive(schemars::JsonSchema)]
#[serde(untagged)]
#[allow(dead_code, clippy::large_enum_variant)]
pub enum AnySpecFile {
    Api(ApiFile),
    Service(ServiceFile),
    Provider(ProviderFile),
}

/// The JSON Schema of spec files.
#[cfg(feature = "cli")]
pub fn json_schema() -> schemars::Schema {
    schemars::schema_for!(AnySpecFile)
}
