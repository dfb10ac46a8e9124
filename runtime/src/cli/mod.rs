//! What the generated command-line tool needs from each API (feature `cli`).
//!
//! Generated code describes each API with an [`ApiCli`] table (flags, help text from the
//! spec's docs and limits, the period a range query splits, where the rows of a response
//! are) and a builder that reads the typed request from [`Args`] through
//! [`cli_request!`](crate::cli_request). Everything else is generic: `erased` turns a
//! typed request into a [`AnyRequest`] whose responses are plain JSON, and the `cloudusage`
//! binary (crate `cloudusage-cli`) builds the command line, credentials and output from the
//! tables alone.

mod args;
mod erased;

pub use args::{ArgError, Args, CliTime};
pub use erased::{
    call_only, kind_of, with_pages, with_range, with_range_pages, AnyRequest, CallError, ErrorKind,
    RawResponse, WindowStream, WindowValues,
};

use crate::operation::ServiceInfo;

/// One service: its APIs and where its provider's own CLI keeps credentials.
#[derive(Debug)]
pub struct ServiceCli {
    /// Display name of the provider, e.g. `Tencent Cloud`.
    pub provider_name: &'static str,
    /// Display name of the service, e.g. `Video on Demand`.
    pub name: &'static str,
    pub info: &'static ServiceInfo,
    /// The profile files of the provider's own command-line tool, if it has one.
    pub profile: Option<ProfileFormat>,
    pub apis: &'static [&'static ApiCli],
}

/// A provider CLI's credential files, as declared by `credentials.profile_file` in the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProfileFormat {
    /// tccli: `~/.tccli/<profile>.credential` (JSON `secretId`, `secretKey`, `token`) and
    /// `~/.tccli/<profile>.configure` (`_sys_param.region`).
    Tccli,
    /// aliyun CLI: `~/.aliyun/config.json`, `profiles[]` with `name`, `access_key_id`,
    /// `access_key_secret`, `sts_token` and `region_id`; `current` names the default.
    Aliyun,
}

/// One API as the command line sees it.
pub struct ApiCli {
    pub action: &'static str,
    /// The subcommand: the action in kebab case (`describe-media-play-stat-details`).
    pub command: &'static str,
    pub title: &'static str,
    /// Long help: the description, the documented limits and the page's address.
    pub doc: &'static str,
    pub params: &'static [ParamCli],
    /// The start and end parameters a range query splits (`--since`, `--range`).
    pub period: Option<(&'static str, &'static str)>,
    /// Whether `--all-pages` applies.
    pub paginated: bool,
    /// The response field whose items are the rows of tables, CSV and JSON lines; a path
    /// through wrapping objects is written with dots (`StreamDetailData.StreamData`).
    pub rows: Option<&'static str>,
    /// Reads the typed request.
    pub build: fn(&mut Args) -> Result<Box<dyn AnyRequest>, ArgError>,
}

impl std::fmt::Debug for ApiCli {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiCli")
            .field("action", &self.action)
            .field("params", &self.params)
            .finish_non_exhaustive()
    }
}

/// One request parameter as a flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParamCli {
    /// Wire name, e.g. `StartTime`.
    pub name: &'static str,
    /// The flag without dashes, e.g. `start-time`.
    pub flag: &'static str,
    /// Help: the parameter's doc and its limits.
    pub help: &'static str,
    pub required: bool,
    pub list: bool,
    pub kind: ValueKind,
    /// Documented values of an enum.
    pub values: &'static [&'static str],
    /// Whether only `values` are accepted (a closed enum).
    pub closed: bool,
}

/// What a flag's value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    Text,
    Bool,
    Integer,
    Number,
    /// An instant, in the API's format or a friendlier one.
    DateTime,
    Date,
    Enum,
    /// An object, as JSON with wire names.
    Json,
}

/// A request's `FromArgs`: one `Args` reader per parameter, `field: reader(args..)`, each an
/// [`Args`] method called with the wire name (and a time format).
#[macro_export]
macro_rules! cli_request {
    ($name:ident { $($field:ident: $how:ident($($arg:expr),*),)* }) => {
        impl $crate::cli::FromArgs for $name {
            fn from_args(
                args: &mut $crate::cli::Args,
            ) -> ::std::result::Result<Self, $crate::cli::ArgError> {
                #[allow(unused_variables)]
                let a = args;
                ::std::result::Result::Ok($name {
                    $($field: a.$how($($arg),*)?,)*
                })
            }
        }
    };
}

/// A request read from the command line.
pub trait FromArgs: Sized {
    fn from_args(args: &mut Args) -> Result<Self, ArgError>;
}
