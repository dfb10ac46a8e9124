//! The shapes every generated enum, error-code type and operation share, as `macro_rules!`.
//!
//! Generated code is mostly data: a generated enum lists its variants and wire values, a
//! generated error type its codes, descriptions, statuses and retry flags; the impls that
//! are the same for every such type (`as_str`, `FromStr`, `Display`, serde, `ErrorCode`,
//! `Operation`) are expanded from here. Like `#[derive(prost::Message)]` for prost, this keeps
//! the generated files small and the generator simple, and a fix here reaches every type.
//!
//! Every path inside the expansions is absolute (`::std::...`, `$crate::...`), so a spec type
//! named `Option`, `Result` or `String` cannot change what the expansion means.

/// A string enum of documented wire values.
///
/// `closed` enums list every value the API accepts (`Copy`, with `ALL`); reading a value
/// outside the list is an error. `open` enums keep any other value in `Unknown(String)`, so a
/// value added by the provider never breaks parsing.
///
/// ```
/// cloudusage_runtime::wire_enum! {
///     /// Statistics granularity.
///     closed Interval {
///         /// Hourly.
///         Hour = "Hour",
///         Day = "Day",
///     }
/// }
/// assert_eq!(Interval::Hour.as_str(), "Hour");
/// assert_eq!("Day".parse::<Interval>().unwrap(), Interval::Day);
/// assert!("Week".parse::<Interval>().is_err());
/// ```
#[macro_export]
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        closed $name:ident {
            $($(#[$vmeta:meta])* $variant:ident = $wire:literal,)+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl $name {
            /// Every documented value.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The value as written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $wire,)+
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::de::UnknownEnumValue;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                match value {
                    $($wire => ::std::result::Result::Ok($name::$variant),)+
                    other => ::std::result::Result::Err(
                        $crate::de::UnknownEnumValue::new(::std::stringify!($name), other),
                    ),
                }
            }
        }

        $crate::__wire_enum_text!($name);
    };
    (
        $(#[$meta:meta])*
        open $name:ident {
            $($(#[$vmeta:meta])* $variant:ident = $wire:literal,)+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A value this version of the spec does not list.
            Unknown(::std::string::String),
        }

        impl $name {
            /// The value as written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $wire,)+
                    $name::Unknown(value) => value.as_str(),
                }
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($wire => $name::$variant,)+
                    other => $name::Unknown(::std::string::ToString::to_string(other)),
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(<$name as ::std::convert::From<&str>>::from(value))
            }
        }

        $crate::__wire_enum_text!($name);
    };
}

/// `Display` and serde for a [`wire_enum!`] type: written as its wire text, read from text or
/// a bare number (`3600` for `"3600"`).
#[doc(hidden)]
#[macro_export]
macro_rules! __wire_enum_text {
    ($name:ident) => {
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::reexports::serde::Serialize for $name {
            fn serialize<S: $crate::reexports::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::reexports::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::reexports::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::de::parse_text(deserializer)
            }
        }

        impl $crate::json::FromJson for $name {
            fn read(
                r: &mut $crate::json::Reader<'_>,
            ) -> ::std::result::Result<Self, $crate::json::DecodeError> {
                $crate::json::parse_text(r)
            }
        }

        impl $crate::json::ToJson for $name {
            fn to_json(
                &self,
            ) -> ::std::result::Result<$crate::json::Json, $crate::wire::EncodeError> {
                ::std::result::Result::Ok($crate::json::Json::String(
                    ::std::string::ToString::to_string(self.as_str()),
                ))
            }
        }
    };
}

/// A typed error code.
///
/// Each code is written `Variant = "Wire.Code" (status, retryable, "description")`, status
/// being `None` or `Some(400)`. The form with `common Path` is an API's own codes: any other
/// code is read as the provider's common type `Path` (which keeps codes nobody documents in
/// its `Unknown`). The form without is the provider's common type itself; it may end with
/// `kinds { throttling: [..], auth: [..] }`, the provider's codes (or prefixes: `"Throttling"`
/// covers `"Throttling.User"`) of each kind, which classify every code of the provider,
/// documented or not, the API's own included.
///
/// Every such type has inherent `from_code()`, `code()`, `is_throttling()`, `is_auth()`, `is_retryable()`,
/// `http_status()` and `description()`, so none needs the [`ErrorCode`](crate::ErrorCode)
/// trait in scope.
///
/// ```
/// cloudusage_runtime::error_codes! {
///     /// Common codes.
///     CommonCode {
///         InternalError = "InternalError" (None, true, "Internal error."),
///         Throttling = "Throttling" (Some(503), true, "Slow down."),
///     }
///     kinds {
///         throttling: ["Throttling"],
///         auth: ["InvalidAccessKeyId"],
///     }
/// }
/// cloudusage_runtime::error_codes! {
///     /// Codes of one API.
///     ApiCode: common CommonCode {
///         InvalidFileId = "InvalidParameterValue.FileId" (Some(400), false, "No such file."),
///     }
/// }
/// assert_eq!(ApiCode::from_code("InternalError"), ApiCode::Common(CommonCode::InternalError));
/// assert!(ApiCode::from_code("InternalError").is_retryable());
/// assert_eq!(ApiCode::from_code("InvalidParameterValue.FileId").http_status(), Some(400));
/// assert_eq!(ApiCode::from_code("Nope").code(), "Nope");
/// // Undocumented codes are classified by the provider's kinds too.
/// assert!(ApiCode::from_code("Throttling.User").is_throttling());
/// assert!(ApiCode::from_code("Throttling.User").is_retryable());
/// assert!(CommonCode::from_code("InvalidAccessKeyId.NotFound").is_auth());
/// ```
#[macro_export]
macro_rules! error_codes {
    (
        $(#[$meta:meta])*
        $name:ident {
            $($(#[$vmeta:meta])* $variant:ident = $code:literal ($status:expr, $retry:expr, $desc:literal),)*
        }
        $(kinds {
            throttling: [$($throttling:literal),* $(,)?],
            auth: [$($auth:literal),* $(,)?] $(,)?
        })?
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vmeta])* $variant,)*
            /// A code the spec does not document; the server's message is in the error.
            Unknown(::std::string::String),
        }

        impl $name {
            /// Codes (or prefixes of codes) that mean the provider is throttling the caller.
            pub const THROTTLING_CODES: &'static [&'static str] = &[$($($throttling),*)?];
            /// Codes (or prefixes of codes) that mean authentication or authorisation failed.
            pub const AUTH_CODES: &'static [&'static str] = &[$($($auth),*)?];

            /// Whether `code`, any code of this provider, means throttling.
            pub fn is_throttling_code(code: &str) -> bool {
                $crate::error::code_of_kind(code, Self::THROTTLING_CODES)
            }

            /// Whether `code`, any code of this provider, means an authentication failure.
            pub fn is_auth_code(code: &str) -> bool {
                $crate::error::code_of_kind(code, Self::AUTH_CODES)
            }
        }

        impl $crate::ErrorCode for $name {
            fn from_code(code: &str) -> Self {
                match code {
                    $($code => $name::$variant,)*
                    other => $name::Unknown(::std::string::ToString::to_string(other)),
                }
            }

            fn code(&self) -> &str {
                match self {
                    $($name::$variant => $code,)*
                    $name::Unknown(code) => code.as_str(),
                }
            }

            fn http_status(&self) -> ::std::option::Option<u16> {
                match self {
                    $($name::$variant => $status,)*
                    $name::Unknown(_) => ::std::option::Option::None,
                }
            }

            fn retryable(&self) -> bool {
                match self {
                    $($name::$variant => $retry,)*
                    $name::Unknown(_) => false,
                }
            }

            fn description(&self) -> &'static str {
                match self {
                    $($name::$variant => $desc,)*
                    $name::Unknown(_) => "",
                }
            }

            fn is_documented(&self) -> bool {
                !::std::matches!(self, $name::Unknown(_))
            }

            fn is_throttling(&self) -> bool {
                Self::is_throttling_code($crate::ErrorCode::code(self))
            }

            fn is_auth(&self) -> bool {
                Self::is_auth_code($crate::ErrorCode::code(self))
            }
        }

        $crate::__error_code_inherent!($name);
    };
    (
        $(#[$meta:meta])*
        $name:ident: common $common:path {
            $($(#[$vmeta:meta])* $variant:ident = $code:literal ($status:expr, $retry:expr, $desc:literal),)+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// One of the provider's common codes, or a code nobody documents.
            Common($common),
        }

        impl $crate::ErrorCode for $name {
            fn from_code(code: &str) -> Self {
                match code {
                    $($code => $name::$variant,)+
                    other => $name::Common(<$common as $crate::ErrorCode>::from_code(other)),
                }
            }

            fn code(&self) -> &str {
                match self {
                    $($name::$variant => $code,)+
                    $name::Common(common) => $crate::ErrorCode::code(common),
                }
            }

            fn http_status(&self) -> ::std::option::Option<u16> {
                match self {
                    $($name::$variant => $status,)+
                    $name::Common(common) => $crate::ErrorCode::http_status(common),
                }
            }

            fn retryable(&self) -> bool {
                match self {
                    $($name::$variant => $retry,)+
                    $name::Common(common) => $crate::ErrorCode::retryable(common),
                }
            }

            fn description(&self) -> &'static str {
                match self {
                    $($name::$variant => $desc,)+
                    $name::Common(common) => $crate::ErrorCode::description(common),
                }
            }

            fn is_documented(&self) -> bool {
                match self {
                    $name::Common(common) => $crate::ErrorCode::is_documented(common),
                    _ => true,
                }
            }

            // The provider's kinds classify the API's own codes too: the lists are the
            // provider's, not the API's.
            fn is_throttling(&self) -> bool {
                <$common>::is_throttling_code($crate::ErrorCode::code(self))
            }

            fn is_auth(&self) -> bool {
                <$common>::is_auth_code($crate::ErrorCode::code(self))
            }
        }

        impl ::std::convert::From<$common> for $name {
            fn from(common: $common) -> Self {
                $name::Common(common)
            }
        }

        $crate::__error_code_inherent!($name);
    };
}

/// The inherent methods of an [`error_codes!`] type (the trait's, callable without it in
/// scope) and `Display`.
#[doc(hidden)]
#[macro_export]
macro_rules! __error_code_inherent {
    ($name:ident) => {
        impl $name {
            /// Reads a code sent by the server; never fails (undocumented codes are kept).
            #[inline]
            pub fn from_code(code: &str) -> Self {
                <$name as $crate::ErrorCode>::from_code(code)
            }

            /// The code as the server sends it.
            #[inline]
            pub fn code(&self) -> &str {
                $crate::ErrorCode::code(self)
            }

            /// Whether the code means the provider is throttling the caller.
            #[inline]
            pub fn is_throttling(&self) -> bool {
                $crate::ErrorCode::is_throttling(self)
            }

            /// Whether the code means authentication or authorisation failed.
            #[inline]
            pub fn is_auth(&self) -> bool {
                $crate::ErrorCode::is_auth(self)
            }

            /// Whether retrying the same request can help: the spec says so, or the code
            /// is throttling.
            #[inline]
            pub fn is_retryable(&self) -> bool {
                $crate::ErrorCode::retryable(self) || $crate::ErrorCode::is_throttling(self)
            }

            /// The documented HTTP status, where the page gives one.
            #[inline]
            pub fn http_status(&self) -> ::std::option::Option<u16> {
                $crate::ErrorCode::http_status(self)
            }

            /// The documented description (empty for undocumented codes).
            #[inline]
            pub fn description(&self) -> &'static str {
                $crate::ErrorCode::description(self)
            }
        }

        $crate::__error_code_display!($name);
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __error_code_display {
    ($name:ident) => {
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str($crate::ErrorCode::code(self))
            }
        }
    };
}

/// `impl Operation` for a generated request: its response and error-code types, its service
/// and facts, and the inherent `validate` / `to_wire` it already has.
#[macro_export]
macro_rules! operation {
    ($request:ident => $response:ty, $code:ty, $service:expr, $info:expr) => {
        impl $crate::Operation for $request {
            type Response = $response;
            type ErrorCode = $code;

            const SERVICE: &'static $crate::ServiceInfo = $service;
            const INFO: $crate::OperationInfo = $info;

            #[inline]
            fn validate(
                &self,
                ctx: &$crate::ValidationContext,
            ) -> ::std::result::Result<(), $crate::ValidationErrors> {
                $request::validate(self, ctx)
            }

            #[inline]
            fn to_wire(
                &self,
            ) -> ::std::result::Result<$crate::WireParams, $crate::wire::EncodeError> {
                $request::to_wire(self)
            }
        }
    };
    // An API whose spec documents no limits: its `validate` has nothing to check.
    ($request:ident => $response:ty, $code:ty, $service:expr, $info:expr, no_limits) => {
        impl $request {
            /// Checks every documented limit: the spec documents none for this API.
            #[inline]
            pub fn validate(
                &self,
                _ctx: &$crate::ValidationContext,
            ) -> ::std::result::Result<(), $crate::ValidationErrors> {
                ::std::result::Result::Ok(())
            }
        }

        $crate::operation!($request => $response, $code, $service, $info);
    };
}

/// A struct read from (and, with `serialize`, written as) JSON: its fields, each with its
/// Rust type and how it is read, `name: Type = how("WireName"[, &TIME_FORMAT])`, where `how`
/// is a [`Fields`](crate::json::Fields) reader: `req`, `opt`, `list`, their `_lenient`
/// (numbers sent as strings) and `_time` (a time in the given format) forms. The expansion
/// is the struct and `FromJson` (read from the response's bytes), and with `serialize` also
/// `ToJson` (unset fields left out).
/// With `response` instead, the struct is an API's response: it also keeps the answer's
/// request id, `request_id()`, and implements [`TypedResponse`](crate::TypedResponse).
/// serde's traits are one [`json_serde!`](crate::json_serde) away; they are not expanded
/// for every type, as each costs compile time whether it is used or not.
///
/// ```
/// cloudusage_runtime::json_struct! {
///     /// A point.
///     pub struct Point {
///         /// When.
///         time: String = req("Time"),
///         value: Option<f64> = opt("Value"),
///         tags: Vec<String> = list("Tags"),
///     }
///     serialize
/// }
/// let p: Point = cloudusage_runtime::json::from_str(r#"{"Time": "t", "Tags": null}"#).unwrap();
/// assert_eq!(p.time, "t");
/// assert!(p.value.is_none() && p.tags.is_empty());
/// use cloudusage_runtime::ToJson;
/// assert_eq!(p.to_json().unwrap().to_string(), r#"{"Time":"t"}"#);
/// ```
#[macro_export]
macro_rules! json_struct {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $($(#[$fmeta:meta])* $field:ident: $ty:ty = $how:ident($($arg:tt)*),)*
        }
        serialize
    ) => {
        $crate::json_struct! {
            $(#[$meta])*
            pub struct $name {
                $($(#[$fmeta])* $field: $ty = $how($($arg)*),)*
            }
        }
        $crate::__json_struct_write!($name { $($field = $how($($arg)*),)* });
    };
    // A response payload: it also keeps what the envelope says about the answer (its
    // request id), whichever provider sent it and wherever the envelope puts it.
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $($(#[$fmeta:meta])* $field:ident: $ty:ty = $how:ident($($arg:tt)*),)*
        }
        response
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub struct $name {
            $($(#[$fmeta])* pub $field: $ty,)*
            // No spec field has this name: Rust names of fields never start with `_`.
            __meta: $crate::ResponseMeta,
        }

        impl $name {
            /// The request id the provider gave this answer (every provider sends one; it is
            /// read from the envelope, wherever the provider puts it).
            #[inline]
            pub fn request_id(&self) -> ::std::option::Option<&str> {
                self.__meta.request_id.as_deref()
            }
        }

        impl $crate::json::FromJson for $name {
            #[inline]
            fn read(
                r: &mut $crate::json::Reader<'_>,
            ) -> ::std::result::Result<Self, $crate::json::DecodeError> {
                #[allow(unused_mut, unused_variables)]
                let mut o = $crate::json::Fields::new(r)?;
                let value = $name {
                    $($field: $crate::__json_read!(o.$how($($arg)*)),)*
                    __meta: ::std::default::Default::default(),
                };
                o.finish(value)
            }
        }

        impl $crate::TypedResponse for $name {
            #[inline]
            fn meta_mut(&mut self) -> &mut $crate::ResponseMeta {
                &mut self.__meta
            }
        }
    };
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $($(#[$fmeta:meta])* $field:ident: $ty:ty = $how:ident($($arg:tt)*),)*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub struct $name {
            $($(#[$fmeta])* pub $field: $ty,)*
        }

        impl $crate::json::FromJson for $name {
            #[inline]
            fn read(
                r: &mut $crate::json::Reader<'_>,
            ) -> ::std::result::Result<Self, $crate::json::DecodeError> {
                #[allow(unused_mut, unused_variables)]
                let mut o = $crate::json::Fields::new(r)?;
                let value = $name {
                    $($field: $crate::__json_read!(o.$how($($arg)*)),)*
                };
                o.finish(value)
            }
        }
    };
}

/// One field of a `from_json`: required readers fail at once, optional ones keep their error
/// for `Fields::finish`.
#[doc(hidden)]
#[macro_export]
macro_rules! __json_read {
    ($o:ident.req($($arg:tt)*)) => { $o.req($($arg)*)? };
    ($o:ident.req_lenient($($arg:tt)*)) => { $o.req_lenient($($arg)*)? };
    ($o:ident.req_time($($arg:tt)*)) => { $o.req_time($($arg)*)? };
    ($o:ident.$how:ident($($arg:tt)*)) => { $o.$how($($arg)*) };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __json_struct_write {
    ($name:ident { $($field:ident = $how:ident($($arg:tt)*),)* }) => {
        impl $crate::json::ToJson for $name {
            #[inline]
            fn to_json(
                &self,
            ) -> ::std::result::Result<$crate::json::Json, $crate::wire::EncodeError> {
                #[allow(unused_mut)]
                let mut o = $crate::json::Object::default();
                $($crate::__json_put!(o, self.$field, $how($($arg)*));)*
                ::std::result::Result::Ok(o.into_value())
            }
        }
    };
}

/// The writer matching each reader of [`json_struct!`]: a required value is always written,
/// an optional one when set, a list when not empty.
#[doc(hidden)]
#[macro_export]
macro_rules! __json_put {
    ($o:ident, $v:expr, req($name:literal)) => {
        $o.put($name, &$v)?
    };
    ($o:ident, $v:expr, opt($name:literal)) => {
        $o.put_opt($name, &$v)?
    };
    ($o:ident, $v:expr, list($name:literal)) => {
        $o.put_list($name, &$v)?
    };
    ($o:ident, $v:expr, req_lenient($name:literal)) => {
        $o.put($name, &$v)?
    };
    ($o:ident, $v:expr, opt_lenient($name:literal)) => {
        $o.put_opt($name, &$v)?
    };
    ($o:ident, $v:expr, list_lenient($name:literal)) => {
        $o.put_list($name, &$v)?
    };
    ($o:ident, $v:expr, req_time($name:literal, $format:expr)) => {
        $o.put_time($name, $format, &$v)?
    };
    ($o:ident, $v:expr, opt_time($name:literal, $format:expr)) => {
        $o.put_time_opt($name, $format, &$v)?
    };
    ($o:ident, $v:expr, list_time($name:literal, $format:expr)) => {
        $o.put_time_list($name, $format, &$v)?
    };
}

/// Builder setters, one line each: `field: kind(Type)`, where `kind` is `opt` (takes the
/// value), `opt_into` (anything `Into` it), `opt_box` (boxed), `list` (any iterator of it) or
/// `list_into` (any iterator of things `Into` it). Attributes before a setter (such as
/// `#[deprecated]`) are kept.
///
/// ```
/// #[derive(Default)]
/// pub struct Query { pub name: Option<String>, pub tags: Vec<String> }
/// cloudusage_runtime::setters! {
///     Query {
///         name: opt_into(String),
///         tags: list_into(String),
///     }
/// }
/// let q = Query::default().name("a").tags(["x", "y"]);
/// assert_eq!(q.tags.len(), 2);
/// ```
#[macro_export]
macro_rules! setters {
    ($name:ident { $($(#[$meta:meta])* $field:ident: $kind:ident($ty:ty),)* }) => {
        impl $name {
            $($crate::__setter!($(#[$meta])* $field, $kind, $ty);)*
        }
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __setter {
    ($(#[$meta:meta])* $field:ident, opt, $ty:ty) => {
        #[doc = ::std::concat!("Sets [`", ::std::stringify!($field), "`](Self::", ::std::stringify!($field), ").")]
        $(#[$meta])*
        #[inline]
        pub fn $field(mut self, value: $ty) -> Self {
            self.$field = ::std::option::Option::Some(value);
            self
        }
    };
    ($(#[$meta:meta])* $field:ident, opt_into, $ty:ty) => {
        #[doc = ::std::concat!("Sets [`", ::std::stringify!($field), "`](Self::", ::std::stringify!($field), ").")]
        $(#[$meta])*
        #[inline]
        pub fn $field(mut self, value: impl ::std::convert::Into<$ty>) -> Self {
            self.$field = ::std::option::Option::Some(value.into());
            self
        }
    };
    ($(#[$meta:meta])* $field:ident, opt_box, $ty:ty) => {
        #[doc = ::std::concat!("Sets [`", ::std::stringify!($field), "`](Self::", ::std::stringify!($field), ").")]
        $(#[$meta])*
        #[inline]
        pub fn $field(mut self, value: impl ::std::convert::Into<::std::boxed::Box<$ty>>) -> Self {
            self.$field = ::std::option::Option::Some(value.into());
            self
        }
    };
    ($(#[$meta:meta])* $field:ident, list, $ty:ty) => {
        #[doc = ::std::concat!("Sets [`", ::std::stringify!($field), "`](Self::", ::std::stringify!($field), ").")]
        $(#[$meta])*
        #[inline]
        pub fn $field(mut self, value: impl ::std::iter::IntoIterator<Item = $ty>) -> Self {
            self.$field = value.into_iter().collect();
            self
        }
    };
    ($(#[$meta:meta])* $field:ident, list_into, $ty:ty) => {
        #[doc = ::std::concat!("Sets [`", ::std::stringify!($field), "`](Self::", ::std::stringify!($field), ").")]
        $(#[$meta])*
        #[inline]
        pub fn $field(
            mut self,
            value: impl ::std::iter::IntoIterator<Item = impl ::std::convert::Into<$ty>>,
        ) -> Self {
            self.$field = value.into_iter().map(::std::convert::Into::into).collect();
            self
        }
    };
}

/// A service client's methods, one per API: `call name(Request) -> Response, Error;` sends
/// one request, `pages name(Request) -> Response, Error;` streams every page. The client
/// type must have `fn runtime(&self) -> &cloudusage_runtime::Client`.
#[macro_export]
macro_rules! client_methods {
    ($client:ident { $($(#[$meta:meta])* $kind:ident $method:ident($request:ty) -> $response:ty, $error:ty;)* }) => {
        impl $client {
            $($crate::__client_method!($(#[$meta])* $kind $method($request) -> $response, $error);)*
        }
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __client_method {
    ($(#[$meta:meta])* call $method:ident($request:ty) -> $response:ty, $error:ty) => {
        $(#[$meta])*
        #[doc = ::std::concat!(
            "\n\nAwait the returned `Call` for `Result<",
            ::std::stringify!($response), ", ", ::std::stringify!($error),
            ">`; `.timeout(..)`, `.retry(..)` or `.validation(..)` on it first set this call's options."
        )]
        #[inline]
        pub fn $method(&self, request: $request) -> $crate::Call<'_, $request> {
            // A named future built by generic runtime code: an `impl Future` here would make
            // rustc prove the whole call future `Send` again for every API.
            $crate::Call::new(self.runtime(), request)
        }
    };
    ($(#[$meta:meta])* range $method:ident($request:ty) -> $response:ty, $error:ty) => {
        $(#[$meta])*
        #[inline]
        pub fn $method(
            &self,
            request: $request,
            options: $crate::RangeOptions,
        ) -> ::std::result::Result<$crate::RangeStream<$request>, $crate::RangeError> {
            self.runtime().range(request, options)
        }
    };
    ($(#[$meta:meta])* pages $method:ident($request:ty) -> $response:ty, $error:ty) => {
        $(#[$meta])*
        #[inline]
        pub fn $method(&self, request: $request) -> $crate::Pages<$request> {
            self.runtime().paginate(request)
        }
    };
}

/// A request's `to_wire()`: one writer per parameter, `field: writer(args..)`, each a
/// [`WireParams`](crate::WireParams) method called with `args` and then the field's value.
///
/// ```
/// use cloudusage_runtime::wire::{ListEncoding, Place};
/// pub struct Query { pub name: String, pub tags: Vec<String> }
/// cloudusage_runtime::to_wire! {
///     Query {
///         name: body("Name"),
///         tags: text_list(Place::Query, "Tags", ListEncoding::Comma),
///     }
/// }
/// let wire = Query { name: "a".into(), tags: vec!["x".into(), "y".into()] }.to_wire().unwrap();
/// assert_eq!(wire.query, [("Tags".to_string(), "x,y".to_string())]);
/// ```
#[macro_export]
macro_rules! to_wire {
    ($name:ident { $($field:ident: $writer:ident($($arg:expr),*),)* }) => {
        impl $name {
            /// The parameters in their wire form, placed where the API expects them.
            #[inline]
            pub fn to_wire(
                &self,
            ) -> ::std::result::Result<$crate::WireParams, $crate::wire::EncodeError> {
                #[allow(unused_mut)]
                let mut w = $crate::WireParams::default();
                $(w.$writer($($arg,)* &self.$field)?;)*
                ::std::result::Result::Ok(w)
            }
        }
    };
}

/// `new()` and setters: `new(arg: kind(Type), ..);` lists the required fields, then one
/// `field: kind(Type),` per optional one (see [`setters!`](crate::setters) for the kinds;
/// arguments of `new` are `plain`, `into`, `boxed`, `list` or `list_into`).
///
/// ```
/// pub struct Query { pub id: String, pub limit: Option<u32>, pub tags: Vec<String> }
/// cloudusage_runtime::builder! {
///     Query {
///         new(id: into(String));
///         limit: opt(u32),
///         tags: list_into(String),
///     }
/// }
/// let q = Query::new("a").limit(5).tags(["x"]);
/// assert_eq!((q.id.as_str(), q.limit, q.tags.len()), ("a", Some(5), 1));
/// ```
#[macro_export]
macro_rules! builder {
    ($name:ident {
        new($($arg:ident: $akind:ident($aty:ty)),* $(,)?);
        $($(#[$meta:meta])* $field:ident: $kind:ident($ty:ty),)*
    }) => {
        impl $name {
            /// A value with its required fields (the arguments); set optional ones with the
            /// setters.
            #[inline]
            #[allow(clippy::too_many_arguments)]
            pub fn new($($arg: $crate::__arg_type!($akind($aty))),*) -> Self {
                $name {
                    $($arg: $crate::__arg_value!($akind, $arg),)*
                    $($field: ::std::default::Default::default(),)*
                }
            }

            $($crate::__setter!($(#[$meta])* $field, $kind, $ty);)*
        }
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __arg_type {
    (plain($ty:ty)) => { $ty };
    (into($ty:ty)) => { impl ::std::convert::Into<$ty> };
    (boxed($ty:ty)) => { impl ::std::convert::Into<::std::boxed::Box<$ty>> };
    (list($ty:ty)) => { impl ::std::iter::IntoIterator<Item = $ty> };
    (list_into($ty:ty)) => { impl ::std::iter::IntoIterator<Item = impl ::std::convert::Into<$ty>> };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __arg_value {
    (plain, $v:ident) => {
        $v
    };
    (into, $v:ident) => {
        $v.into()
    };
    (boxed, $v:ident) => {
        $v.into()
    };
    (list, $v:ident) => {
        $v.into_iter().collect()
    };
    (list_into, $v:ident) => {
        $v.into_iter().map(::std::convert::Into::into).collect()
    };
}
