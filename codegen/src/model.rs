//! The checked model: what the loader produces once every semantic check has passed, and the
//! only thing the emitters read.
//!
//! Every reference in here has been resolved (type names exist, limits name parameters of the
//! right type, defaults fit their ranges), so emitters never have to re-validate and can
//! assume the model is consistent. Collections keep spec order, except providers, services
//! and APIs, which are sorted by id so that output does not depend on directory iteration
//! order.

use std::path::PathBuf;

/// All providers found under a specs directory.
#[derive(Debug, Clone, PartialEq)]
pub struct Catalog {
    /// Sorted by [`Provider::id`].
    pub providers: Vec<Provider>,
}

impl Catalog {
    /// How many APIs the catalog holds, over every provider and service.
    pub fn api_count(&self) -> usize {
        self.providers
            .iter()
            .flat_map(|p| &p.services)
            .map(|s| s.apis.len())
            .sum()
    }
}

/// Facts shared by every API of one cloud provider (`<provider>/provider.yaml`).
#[derive(Debug, Clone, PartialEq)]
pub struct Provider {
    /// Directory name, e.g. `tencent`; names the module and the cargo feature.
    pub id: String,
    pub name: String,
    pub signing: Signing,
    pub envelope: Envelope,
    pub credentials: CredentialEnv,
    /// The provider's common error codes.
    pub errors: Vec<ErrorCode>,
    /// Which codes (documented or not) mean throttling or an authentication failure.
    pub error_kinds: ErrorKinds,
    pub notes: Vec<String>,
    /// Sorted by [`Service::id`].
    pub services: Vec<Service>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Signing {
    pub default: SigningScheme,
    /// Other schemes a client may select; never contains `default`.
    pub also: Vec<SigningScheme>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SigningScheme {
    Tc3HmacSha256,
    VolcHmacSha256,
    Acs3HmacSha256,
    AcsRpcHmacSha1,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Envelope {
    Tencent,
    Volcengine,
    Alibaba,
}

/// Environment variables a client reads credentials from, each list tried in order.
#[derive(Debug, Clone, PartialEq)]
pub struct CredentialEnv {
    pub access_key_id: Vec<String>,
    pub access_key_secret: Vec<String>,
    pub session_token: Vec<String>,
    /// The credential files of the provider's own command-line tool, if it has one.
    pub profile_file: Option<ProfileFile>,
}

/// A provider CLI's credential file format (read by the generated command-line tool).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProfileFile {
    /// `~/.tccli/<profile>.credential`.
    Tccli,
    /// `~/.aliyun/config.json`.
    Aliyun,
}

/// Facts shared by every API of one service (`<provider>/<service>/service.yaml`).
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    /// Directory name, e.g. `vod`.
    pub id: String,
    pub name: String,
    pub version: String,
    /// Host name, e.g. `vod.tencentcloudapi.com`.
    pub endpoint: String,
    /// Service name in signature scopes (defaults to `id`).
    pub signing_name: String,
    pub default_region: Option<String>,
    pub notes: Vec<String>,
    /// Sorted by [`Api::action`].
    pub apis: Vec<Api>,
}

/// One API (`<provider>/<service>/<Action>.yaml`).
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    pub action: String,
    pub title: String,
    pub doc: Option<String>,
    pub docs_url: Option<String>,
    pub deprecated: Option<Deprecation>,
    pub method: HttpMethod,
    pub rate_limit: Option<RateLimit>,
    /// Who shares the rate limit's budget.
    pub rate_scope: RateScope,
    /// Region pin: when non-empty, the client's region must be one of these.
    pub regions: Vec<String>,
    pub params: Vec<Param>,
    pub response: Vec<Field>,
    pub types: Vec<TypeDef>,
    pub pagination: Option<Pagination>,
    pub spans: Vec<SpanLimit>,
    pub lookbacks: Vec<Lookback>,
    /// The length of one bucket of data, when documented.
    pub granularity: Option<Granularity>,
    /// How long after the fact data is complete, when documented.
    pub freshness: Option<SpecDuration>,
    /// The API's own error codes (the provider's common ones are in [`Provider::errors`]).
    pub errors: Vec<ErrorCode>,
    pub notes: Vec<String>,
    /// The spec file this API came from (for `cargo:rerun-if-changed` and messages).
    pub source: PathBuf,
}

impl Api {
    pub fn param(&self, name: &str) -> Option<&Param> {
        self.params.iter().find(|p| p.name == name)
    }

    pub fn type_def(&self, name: &str) -> Option<&TypeDef> {
        self.types.iter().find(|t| t.name == name)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Deprecation {
    pub note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpMethod {
    Get,
    Post,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    pub count: u32,
    pub per: RatePer,
}

/// Who shares a rate limit's budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RateScope {
    /// Each access key has its own budget for the API.
    #[default]
    AccessKey,
    /// Every access key of the account shares one budget for the API.
    Account,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RatePer {
    Second,
    Minute,
    Hour,
}

impl RatePer {
    pub fn seconds(self) -> u64 {
        match self {
            RatePer::Second => 1,
            RatePer::Minute => 60,
            RatePer::Hour => 3600,
        }
    }
}

/// A request parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Wire name, e.g. `StartTime`.
    pub name: String,
    /// The Rust field and setter name ([`crate::naming::member_name`]): `start_time`,
    /// `new_`; numbered when two wire names of the request would share it (`instance_id_2`),
    /// and with a trailing `_` when it is another parameter's
    /// [`effective_*`](crate::naming::effective_method) method (`effective_interval_`).
    pub rust_name: String,
    pub doc: Option<String>,
    pub ty: TypeRef,
    /// Wire format for `datetime`/`date` (and lists of them).
    pub time: Option<TimeFormat>,
    pub required: bool,
    pub location: Location,
    /// How a list is written in the query or a header (`None` for JSON bodies and scalars).
    pub list_encoding: Option<ListEncoding>,
    pub default: Option<DefaultValue>,
    pub range: Option<NumRange>,
    pub length: Option<LenRange>,
    pub items: Option<LenRange>,
    pub one_of: Vec<Literal>,
    pub deprecated: Option<Deprecation>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeRef {
    String,
    Bool,
    I32,
    I64,
    U32,
    U64,
    F64,
    DateTime,
    Date,
    List(Box<TypeRef>),
    /// A type declared in [`Api::types`].
    Named(String),
}

impl TypeRef {
    pub fn is_integer(&self) -> bool {
        matches!(
            self,
            TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64
        )
    }

    pub fn is_number(&self) -> bool {
        self.is_integer() || matches!(self, TypeRef::F64)
    }

    pub fn is_time(&self) -> bool {
        matches!(self, TypeRef::DateTime | TypeRef::Date)
    }
}

/// A wire time format: a `time` format description (version 1 syntax, checked by the loader)
/// plus the zone values are converted to before formatting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeFormat {
    pub format: String,
    /// Offset from UTC in seconds (`None` for dates).
    pub utc_offset_seconds: Option<i32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    Body,
    Query,
    Header,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListEncoding {
    Comma,
    Indexed0,
    Indexed1,
    Repeat,
}

#[derive(Debug, Clone, PartialEq)]
pub enum DefaultValue {
    Value(Literal),
    /// A list parameter's default: these items (in spec order), used when the list is empty.
    List(Vec<Literal>),
    BySpan(SpanDefault),
}

/// "The default depends on the period queried": the first rule whose `below` is greater than
/// the span wins; the last rule has no bound.
#[derive(Debug, Clone, PartialEq)]
pub struct SpanDefault {
    pub start: String,
    pub end: String,
    pub rules: Vec<SpanDefaultRule>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SpanDefaultRule {
    pub below: Option<SpecDuration>,
    pub value: Literal,
}

/// A scalar value written in a spec. For enum-typed parameters it is the wire value of a
/// variant (always `Str`).
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NumRange {
    pub min: Option<f64>,
    pub max: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LenRange {
    pub min: Option<u64>,
    pub max: Option<u64>,
}

/// A span of time as written in a spec (`7d`, `5m`, `1d12h`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecDuration {
    pub seconds: u64,
    /// The text as written, for messages and docs.
    pub text: String,
}

/// A response field or a field of a named struct.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Wire name, e.g. `InstanceId`.
    pub name: String,
    /// The Rust field (and setter) name: [`crate::naming::member_name`] of the wire name,
    /// numbered when two wire names of one struct would otherwise share it (`instance_id`,
    /// `instance_id_2`).
    pub rust_name: String,
    pub doc: Option<String>,
    pub ty: TypeRef,
    pub time: Option<TimeFormat>,
    pub required: bool,
    pub wire: WireQuirk,
    /// Response fields only: the field is present only when the request sets a parameter.
    pub present_when: Option<Presence>,
}

/// "Present only when the request sets `param` (to `equals`)".
#[derive(Debug, Clone, PartialEq)]
pub struct Presence {
    pub param: String,
    pub equals: Option<Literal>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WireQuirk {
    None,
    /// A number that may arrive as a JSON string.
    NumberOrString,
    /// An id that may be a word instead (`IdOrWord<T>`).
    IdOrWord,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    pub name: String,
    pub doc: Option<String>,
    pub kind: TypeKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Enum(EnumDef),
    Struct(Vec<Field>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumDef {
    pub open: bool,
    pub values: Vec<EnumValue>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    /// The wire value.
    pub value: String,
    /// Explicit Rust variant name; otherwise derived from `value`.
    pub rust_name: Option<String>,
    pub doc: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SpanLimit {
    pub start: String,
    pub end: String,
    pub min: Option<SpecDuration>,
    pub max: Option<SpecDuration>,
    /// Count the end as included (date ranges: `d..=d` is one day long).
    pub end_inclusive: bool,
    pub when: Option<Condition>,
    pub note: Option<String>,
}

/// Applies a limit only when a parameter's effective value equals `equals`.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    pub param: String,
    pub equals: Literal,
}

/// The length of one bucket of data (the granularity).
#[derive(Debug, Clone, PartialEq)]
pub enum Granularity {
    /// Always this long.
    Fixed(SpecDuration),
    /// Set by a parameter (its effective value): one length per documented value; other
    /// values (of an open enum) have no known length.
    ByValue {
        param: String,
        buckets: Vec<(Literal, SpecDuration)>,
    },
    /// A numeric parameter (or an enum of numbers) times `unit`: `Aggregation: 86400` with a
    /// unit of `1s` is a day.
    Scaled { param: String, unit: SpecDuration },
}

impl Api {
    /// The start and end parameters of the API's period, when its spans name one pair and
    /// both are required: what a range query splits.
    pub fn period(&self) -> Option<(&Param, &Param)> {
        let first = self.spans.first()?;
        if self
            .spans
            .iter()
            .any(|s| s.start != first.start || s.end != first.end)
        {
            return None;
        }
        let start = self.param(&first.start)?;
        let end = self.param(&first.end)?;
        (start.required && end.required).then_some((start, end))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Lookback {
    pub param: String,
    pub max: SpecDuration,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    pub page_number: String,
    pub page_size: String,
    pub items: String,
    pub total_pages: Option<String>,
    pub total_items: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ErrorKinds {
    /// A code is throttling when it is one of these or starts with one followed by `.`.
    pub throttling: Vec<String>,
    /// Likewise for authentication and authorisation failures.
    pub auth: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ErrorCode {
    pub code: String,
    pub description: String,
    pub http_status: Option<u16>,
    pub retryable: bool,
    pub messages: Vec<String>,
}
