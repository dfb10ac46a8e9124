//! One call of an API, with options of its own: what generated client methods return.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use futures_util::Stream;

use crate::client::Client;
use crate::config::ValidationMode;
use crate::error::Error;
use crate::operation::Operation;
use crate::retry::RetryPolicy;

/// Options of one call, each replacing the client's own when set. A call with options is
/// made by the same client: same connection pool, credentials and rate limits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CallOptions {
    /// Limit of one attempt, from sending to the last byte of the answer.
    pub timeout: Option<Duration>,
    /// How failed attempts are retried.
    pub retry: Option<RetryPolicy>,
    /// Whether the request is validated before it is sent.
    pub validation: Option<ValidationMode>,
}

impl CallOptions {
    /// No option set: the client's configuration applies.
    pub fn new() -> Self {
        CallOptions::default()
    }

    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = Some(retry);
        self
    }

    pub fn validation(mut self, mode: ValidationMode) -> Self {
        self.validation = Some(mode);
        self
    }
}

/// What a call to `O` resolves to.
pub type CallResult<O> = Result<<O as Operation>::Response, Error<<O as Operation>::ErrorCode>>;

type Running<'a, O> = Pin<
    Box<
        dyn Future<Output = Result<<O as Operation>::Response, Error<<O as Operation>::ErrorCode>>>
            + Send
            + 'a,
    >,
>;

/// A call of an API not yet made: set per-call options, then `.await` it for the typed
/// response.
///
/// ```no_run
/// # async fn run(client: &cloudusage_runtime::Client, request: impl cloudusage_runtime::Operation + Unpin + 'static) {
/// use std::time::Duration;
/// use cloudusage_runtime::{Call, RetryPolicy, ValidationMode};
///
/// let response = Call::new(client, request)
///     .timeout(Duration::from_secs(2))
///     .retry(RetryPolicy::none())
///     .validation(ValidationMode::Warn)
///     .await;
/// # }
/// ```
///
/// Generated client methods return one: `client.describe_x(request).timeout(d).await`.
/// A named type rather than `impl Future`: with `impl Future + Send` per API, rustc proved
/// the whole call future `Send` again for every API (about 5 ms of compile time each, a
/// sixth of a large service's build); boxing it here makes that proof once, generically.
/// Nothing is sent until it is polled; dropping it before then does nothing, and dropping
/// it while it waits for the rate limiter takes nothing from the limit.
#[must_use = "a call does nothing until it is awaited"]
pub struct Call<'a, O: Operation> {
    client: &'a Client,
    state: State<'a, O>,
}

enum State<'a, O: Operation> {
    Ready(O, CallOptions),
    Running(Running<'a, O>),
    Done,
}

impl<'a, O: Operation> Call<'a, O> {
    /// A call of `operation` by `client`, with the client's options.
    pub fn new(client: &'a Client, operation: O) -> Self {
        Call {
            client,
            state: State::Ready(operation, CallOptions::default()),
        }
    }

    /// The request this call will send, until it is first polled.
    pub fn request(&self) -> Option<&O> {
        match &self.state {
            State::Ready(operation, _) => Some(operation),
            _ => None,
        }
    }

    fn set(mut self, f: impl FnOnce(&mut CallOptions)) -> Self {
        // Options only mean something before the call starts, which is before it is first
        // polled: builder methods take the call by value, so that is always the case.
        if let State::Ready(_, options) = &mut self.state {
            f(options);
        }
        self
    }

    /// This call's attempt timeout, instead of the client's.
    pub fn timeout(self, timeout: Duration) -> Self {
        self.set(|o| o.timeout = Some(timeout))
    }

    /// This call's retry policy, instead of the client's.
    pub fn retry(self, retry: RetryPolicy) -> Self {
        self.set(|o| o.retry = Some(retry))
    }

    /// This call's validation mode, instead of the client's.
    pub fn validation(self, mode: ValidationMode) -> Self {
        self.set(|o| o.validation = Some(mode))
    }

    /// Every option set in `options` replaces this call's.
    pub fn options(self, options: CallOptions) -> Self {
        self.set(|o| {
            o.timeout = options.timeout.or(o.timeout);
            o.retry = options.retry.or(o.retry);
            o.validation = options.validation.or(o.validation);
        })
    }
}

impl<O: Operation> std::fmt::Debug for Call<'_, O> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = match &self.state {
            State::Ready(_, options) => format!("ready {options:?}"),
            State::Running(_) => "running".to_string(),
            State::Done => "done".to_string(),
        };
        f.debug_struct("Call")
            .field("action", &O::INFO.action)
            .field("state", &state)
            .finish()
    }
}

impl<'a, O: Operation + Unpin + 'a> Future for Call<'a, O> {
    type Output = Result<O::Response, Error<O::ErrorCode>>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        if let State::Ready(..) = this.state {
            if let State::Ready(operation, options) =
                std::mem::replace(&mut this.state, State::Done)
            {
                // One allocation per call, so that the call can be a named type with
                // options; the network exchange dwarfs it.
                this.state = State::Running(Box::pin(this.client.execute_with(operation, options)));
            }
        }
        match &mut this.state {
            State::Running(future) => {
                let output = std::task::ready!(future.as_mut().poll(cx));
                this.state = State::Done;
                Poll::Ready(output)
            }
            // Polled again after it finished: a caller bug, but not one worth a panic.
            State::Ready(..) | State::Done => Poll::Pending,
        }
    }
}

/// Every page of a paginated API, in order: a `Stream` of typed responses that ends after
/// the last page or the first error. A named type for the same reason as [`Call`].
#[must_use = "a stream does nothing until it is polled"]
pub struct Pages<O: Operation> {
    inner: Pin<Box<dyn Stream<Item = CallResult<O>> + Send>>,
}

impl<O: Operation> Pages<O> {
    pub(crate) fn new(inner: impl Stream<Item = CallResult<O>> + Send + 'static) -> Self {
        Pages {
            inner: Box::pin(inner),
        }
    }
}

impl<O: Operation> Stream for Pages<O> {
    type Item = CallResult<O>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().inner.as_mut().poll_next(cx)
    }
}

impl<O: Operation> fmt::Debug for Pages<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages")
            .field("action", &O::INFO.action)
            .finish_non_exhaustive()
    }
}
