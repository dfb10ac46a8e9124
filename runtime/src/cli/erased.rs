//! Typed requests behind one object-safe interface whose answers are JSON.
//!
//! The command line handles every API alike: it needs each API's validation, signing, pages
//! and range queries, but its output goes through JSON anyway. A request is wrapped in
//! [`Raw`], the same operation with the payload kept as JSON (exactly as the server sent it;
//! it is still decoded into the typed response once, so a malformed answer fails as in the
//! library), and erased into a [`AnyRequest`].

use std::future::Future;
use std::pin::Pin;

use futures_util::{Stream, StreamExt};
use serde_json::Value;

use super::{ArgError, Args, FromArgs};
use crate::client::{Client, PreparedRequest};
use crate::config::ConfigError;
use crate::error::Error;
use crate::json::{self, DecodeError, FromJson, Reader};
use crate::operation::{
    ErrorCode, Operation, OperationInfo, Paginated, ResponseMeta, ServiceInfo, TypedResponse,
    WireParams,
};
use crate::range::{self, OutOfReach, Plan, RangeError, RangeLimits, RangeOptions, RangeQuery};
use crate::validate::{ValidationContext, ValidationErrors};
use crate::wire::EncodeError;

/// What kind of failure an error is: the command line's exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The request breaks a documented limit (or a time cannot be written); nothing sent.
    Validation,
    /// No credentials, or the server rejected them.
    Auth,
    /// The server is throttling the caller.
    Throttling,
    /// Any other error the server answered with, or an answer that cannot be read.
    Server,
    /// No answer: connecting, sending or receiving failed, or timed out.
    Transport,
    /// The client cannot be built (endpoint, signing scheme).
    Config,
}

/// A failed call, whatever the API: its kind and what to tell the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct CallError {
    pub kind: ErrorKind,
    pub message: String,
    pub request_id: Option<String>,
}

impl CallError {
    fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        CallError {
            kind,
            message: message.into(),
            request_id: None,
        }
    }
}

const UNAUTHORIZED: u16 = 401;
const FORBIDDEN: u16 = 403;
const TOO_MANY_REQUESTS: u16 = 429;

fn status_kind(status: u16) -> ErrorKind {
    match status {
        TOO_MANY_REQUESTS => ErrorKind::Throttling,
        UNAUTHORIZED | FORBIDDEN => ErrorKind::Auth,
        _ => ErrorKind::Server,
    }
}

/// The kind of a typed error: throttling and authentication as the provider's spec lists
/// them (`error_kinds`), else by HTTP status.
pub fn kind_of<C: ErrorCode>(error: &Error<C>) -> ErrorKind {
    if error.is_throttling() {
        return ErrorKind::Throttling;
    }
    if error.is_auth() {
        return ErrorKind::Auth;
    }
    match error {
        Error::Validation(_) | Error::Encode(_) => ErrorKind::Validation,
        Error::Api(e) => status_kind(e.http_status),
        Error::Http { status, .. } => status_kind(*status),
        Error::Decode { .. } => ErrorKind::Server,
        Error::Transport(_) | Error::Timeout(_) => ErrorKind::Transport,
        Error::Config(ConfigError::Credentials(_) | ConfigError::NoCredentials) => ErrorKind::Auth,
        // A request that cannot be signed (a clock outside the signable years) is the
        // configuration's fault, not the server's.
        Error::Config(_) | Error::Sign(_) => ErrorKind::Config,
    }
}

impl<C: ErrorCode> From<Error<C>> for CallError {
    fn from(error: Error<C>) -> Self {
        let kind = kind_of(&error);
        let request_id = error.request_id().map(str::to_string);
        let mut message = error.to_string();
        if let Some(code) = error.code() {
            let description = code.description();
            if !description.is_empty() {
                message = format!("{message}: {description}");
            }
        }
        CallError {
            kind,
            message,
            request_id,
        }
    }
}

impl From<ConfigError> for CallError {
    fn from(error: ConfigError) -> Self {
        let kind = match error {
            ConfigError::Credentials(_) | ConfigError::NoCredentials => ErrorKind::Auth,
            _ => ErrorKind::Config,
        };
        CallError::new(kind, error.to_string())
    }
}

impl From<RangeError> for CallError {
    fn from(error: RangeError) -> Self {
        CallError::new(ErrorKind::Validation, error.to_string())
    }
}

impl From<ValidationErrors> for CallError {
    fn from(error: ValidationErrors) -> Self {
        CallError::new(ErrorKind::Validation, error.to_string())
    }
}

/// A response payload kept as JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct RawResponse {
    pub value: Value,
    meta: ResponseMeta,
}

impl FromJson for RawResponse {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok(RawResponse {
            value: r.value()?,
            meta: ResponseMeta::default(),
        })
    }
}

impl TypedResponse for RawResponse {
    fn meta_mut(&mut self) -> &mut ResponseMeta {
        &mut self.meta
    }
}

/// `O` with its payload kept as JSON.
#[derive(Debug, Clone)]
struct Raw<O>(O);

impl<O: Operation> Operation for Raw<O> {
    type Response = RawResponse;
    type ErrorCode = O::ErrorCode;

    const SERVICE: &'static ServiceInfo = O::SERVICE;
    const INFO: OperationInfo = O::INFO;

    fn validate(&self, ctx: &ValidationContext) -> Result<(), ValidationErrors> {
        self.0.validate(ctx)
    }

    fn to_wire(&self) -> Result<WireParams, EncodeError> {
        self.0.to_wire()
    }
}

/// The payload, once it has been read as the typed response (so the command line fails on
/// a malformed answer exactly where the library would).
fn checked<O: Operation>(payload: RawResponse) -> Result<Value, CallError> {
    match json::from_value::<O::Response>(&payload.value) {
        Ok(_) => Ok(payload.value),
        Err(e) => Err(CallError::new(
            ErrorKind::Server,
            format!("cannot decode the {} response: {e}", O::INFO.action),
        )),
    }
}

impl<O: Paginated> Paginated for Raw<O> {
    fn page_number(&self) -> u64 {
        self.0.page_number()
    }

    fn with_page_number(&self, page: u64) -> Self {
        Raw(self.0.with_page_number(page))
    }

    fn has_next_page(&self, response: &RawResponse) -> bool {
        json::from_value::<O::Response>(&response.value).is_ok_and(|r| self.0.has_next_page(&r))
    }
}

fn raw_page_number<O: RangeQuery>(raw: &Raw<O>) -> u64 {
    O::PAGING.map_or(1, |p| (p.page_number)(&raw.0))
}

fn raw_with_page_number<O: RangeQuery>(raw: &Raw<O>, page: u64) -> Raw<O> {
    match O::PAGING {
        Some(p) => Raw((p.with_page_number)(&raw.0, page)),
        None => raw.clone(),
    }
}

fn raw_has_next_page<O: RangeQuery>(raw: &Raw<O>, response: &RawResponse) -> bool {
    let Some(p) = O::PAGING else {
        return false;
    };
    json::from_value::<O::Response>(&response.value).is_ok_and(|r| (p.has_next_page)(&raw.0, &r))
}

impl<O: RangeQuery> RangeQuery for Raw<O> {
    const PAGING: Option<range::Paging<Self>> = if O::PAGING.is_some() {
        Some(range::Paging {
            page_number: raw_page_number::<O>,
            with_page_number: raw_with_page_number::<O>,
            has_next_page: raw_has_next_page::<O>,
        })
    } else {
        None
    };

    fn period(&self) -> range::Window {
        self.0.period()
    }

    fn over(&self, window: range::Window) -> Self {
        Raw(self.0.over(window))
    }

    fn range_limits(&self) -> RangeLimits {
        self.0.range_limits()
    }
}

/// A future of one JSON payload.
pub type ValueFuture<'a> = Pin<Box<dyn Future<Output = Result<Value, CallError>> + Send + 'a>>;
/// Payloads, one per page.
pub type ValueStream = Pin<Box<dyn Stream<Item = Result<Value, CallError>> + Send>>;

/// The payloads of one window of a range query.
#[derive(Debug, Clone, PartialEq)]
pub struct WindowValues {
    pub index: usize,
    pub window: range::Window,
    pub responses: Vec<Value>,
}

/// The windows of a range query, in time order; ends after the first failure.
pub type WindowStream = Pin<Box<dyn Stream<Item = Result<WindowValues, CallError>> + Send>>;

/// A typed request of any API, as the command line uses it.
pub trait AnyRequest: Send + Sync {
    /// Validated and signed, not sent (`--dry-run`).
    fn prepare(&self, client: &Client) -> Result<PreparedRequest, CallError>;
    /// One call.
    fn call<'a>(&self, client: &'a Client) -> ValueFuture<'a>;
    /// Every page, from the request's (`None`: the API has no pages).
    fn pages(&self, client: &Client) -> Option<ValueStream>;
    /// A range query over the request's period (`None`: the API has no period to split).
    fn range(
        &self,
        client: &Client,
        options: RangeOptions,
    ) -> Option<Result<(Plan, WindowStream), CallError>>;
    /// The request of each window a range query would send, planned now (`--dry-run`).
    fn windows(&self, client: &Client) -> Option<Result<Vec<Box<dyn AnyRequest>>, CallError>>;
}

type PagesFn<O> = fn(&Client, O) -> ValueStream;
type RangeFn<O> = fn(&Client, O, RangeOptions) -> Result<(Plan, WindowStream), CallError>;
type WindowsFn<O> = fn(&Client, &O) -> Result<Vec<O>, CallError>;

/// A typed request with what its API supports.
struct Erased<O> {
    op: O,
    pages: Option<PagesFn<O>>,
    range: Option<RangeFn<O>>,
    windows: Option<WindowsFn<O>>,
}

impl<O: Operation + Clone + Unpin + 'static> AnyRequest for Erased<O> {
    fn prepare(&self, client: &Client) -> Result<PreparedRequest, CallError> {
        Ok(client.prepare(&self.op)?)
    }

    fn call<'a>(&self, client: &'a Client) -> ValueFuture<'a> {
        let op = Raw(self.op.clone());
        Box::pin(async move { checked::<O>(client.execute(op).await?) })
    }

    fn pages(&self, client: &Client) -> Option<ValueStream> {
        self.pages.map(|f| f(client, self.op.clone()))
    }

    fn range(
        &self,
        client: &Client,
        options: RangeOptions,
    ) -> Option<Result<(Plan, WindowStream), CallError>> {
        self.range.map(|f| f(client, self.op.clone(), options))
    }

    fn windows(&self, client: &Client) -> Option<Result<Vec<Box<dyn AnyRequest>>, CallError>> {
        let f = self.windows?;
        Some(f(client, &self.op).map(|ops| {
            ops.into_iter()
                .map(|op| {
                    Box::new(Erased {
                        op,
                        pages: self.pages,
                        range: self.range,
                        windows: self.windows,
                    }) as Box<dyn AnyRequest>
                })
                .collect()
        }))
    }
}

fn pages_of<O: Paginated + Unpin + 'static>(client: &Client, op: O) -> ValueStream {
    Box::pin(
        client
            .paginate(Raw(op))
            .map(|page| checked::<O>(page.map_err(CallError::from)?)),
    )
}

fn range_of<O: RangeQuery>(
    client: &Client,
    op: O,
    options: RangeOptions,
) -> Result<(Plan, WindowStream), CallError> {
    let stream = client.range(Raw(op), options)?;
    let plan = stream.plan().clone();
    let windows = stream.map(|item| match item {
        Ok(w) => Ok(WindowValues {
            index: w.index,
            window: w.window,
            responses: w
                .responses
                .into_iter()
                .map(checked::<O>)
                .collect::<Result<_, _>>()?,
        }),
        Err(failed) => {
            let (index, window, left) = (failed.index, failed.window, failed.remaining().len());
            let mut error = CallError::from(failed.source);
            error.message = format!(
                "window {index} ({window}) failed: {}; {left} window(s) not done",
                error.message
            );
            Err(error)
        }
    });
    Ok((plan, Box::pin(windows)))
}

fn windows_of<O: RangeQuery>(client: &Client, op: &O) -> Result<Vec<O>, CallError> {
    let now = client.validation_context().now;
    let plan = range::plan(op.period(), &op.range_limits(), now, OutOfReach::Clip)
        .map_err(RangeError::from)?;
    Ok(plan.windows.iter().map(|w| op.over(*w)).collect())
}

fn erase<O: Operation + Clone + Unpin + 'static>(
    op: O,
    pages: Option<PagesFn<O>>,
    range: Option<RangeFn<O>>,
    windows: Option<WindowsFn<O>>,
) -> Box<dyn AnyRequest> {
    Box::new(Erased {
        op,
        pages,
        range,
        windows,
    })
}

/// The builder of an API with neither pages nor a period.
pub fn call_only<O>(args: &mut Args) -> Result<Box<dyn AnyRequest>, ArgError>
where
    O: FromArgs + Operation + Clone + Unpin + 'static,
{
    Ok(erase(O::from_args(args)?, None, None, None))
}

/// The builder of a paginated API.
pub fn with_pages<O>(args: &mut Args) -> Result<Box<dyn AnyRequest>, ArgError>
where
    O: FromArgs + Paginated + Unpin + 'static,
{
    Ok(erase(O::from_args(args)?, Some(pages_of::<O>), None, None))
}

/// The builder of an API with a period to split.
pub fn with_range<O>(args: &mut Args) -> Result<Box<dyn AnyRequest>, ArgError>
where
    O: FromArgs + RangeQuery,
{
    Ok(erase(
        O::from_args(args)?,
        None,
        Some(range_of::<O>),
        Some(windows_of::<O>),
    ))
}

/// The builder of a paginated API with a period to split.
pub fn with_range_pages<O>(args: &mut Args) -> Result<Box<dyn AnyRequest>, ArgError>
where
    O: FromArgs + RangeQuery + Paginated,
{
    Ok(erase(
        O::from_args(args)?,
        Some(pages_of::<O>),
        Some(range_of::<O>),
        Some(windows_of::<O>),
    ))
}
