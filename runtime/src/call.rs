//! The futures and streams generated client methods return, as named types.
//!
//! A generated method could return `impl Future + Send`, but then rustc proves `Send` for the
//! whole call future (transport, retries, rate limiting) once per API, in the generated crate:
//! about 5 ms of compile time per API, a sixth of a large service's build. These types box
//! the future inside generic runtime code instead, where the proof is made once, and the
//! generated method only builds a small struct. The cost at run time is one allocation per
//! call.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_util::Stream;

use crate::client::Client;
use crate::error::Error;
use crate::operation::Operation;

/// What a call to `O` resolves to.
pub type CallResult<O> = Result<<O as Operation>::Response, Error<<O as Operation>::ErrorCode>>;

type BoxedCall<'a, O> = Pin<Box<dyn Future<Output = CallResult<O>> + Send + 'a>>;

/// One call to an API: `.await` it for the typed response or the typed error.
///
/// Nothing is validated, signed or sent until it is first polled.
#[must_use = "a call does nothing until it is awaited"]
pub struct Call<'a, O: Operation> {
    state: State<'a, O>,
}

enum State<'a, O: Operation> {
    /// Not polled yet.
    Ready(&'a Client, O),
    Running(BoxedCall<'a, O>),
    /// Resolved; polling again stays pending rather than panicking.
    Done,
}

impl<'a, O: Operation + 'a> Call<'a, O> {
    pub(crate) fn new(client: &'a Client, operation: O) -> Self {
        Call {
            state: State::Ready(client, operation),
        }
    }

    /// The request this call will send, until it is first polled.
    pub fn request(&self) -> Option<&O> {
        match &self.state {
            State::Ready(_, operation) => Some(operation),
            _ => None,
        }
    }
}

impl<'a, O: Operation + Unpin + 'a> Future for Call<'a, O> {
    type Output = CallResult<O>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        if let State::Ready(..) = this.state {
            if let State::Ready(client, operation) = std::mem::replace(&mut this.state, State::Done)
            {
                this.state = State::Running(Box::pin(client.execute(operation)));
            }
        }
        let State::Running(future) = &mut this.state else {
            return Poll::Pending;
        };
        let output = std::task::ready!(future.as_mut().poll(cx));
        this.state = State::Done;
        Poll::Ready(output)
    }
}

impl<O: Operation> fmt::Debug for Call<'_, O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = match self.state {
            State::Ready(..) => "ready",
            State::Running(_) => "running",
            State::Done => "done",
        };
        f.debug_struct("Call")
            .field("action", &O::INFO.action)
            .field("state", &state)
            .finish()
    }
}

/// Every page of a paginated API, in order: a `Stream` of typed responses that ends after
/// the last page or the first error.
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
