//! Time-range queries: a long period split into the windows the API's documented limits
//! allow, sent with bounded concurrency under the client's rate limiter and retries, every
//! page of each window fetched, and the results streamed per window in time order.
//!
//! Generated code implements [`RangeQuery`] for each request whose spec has a start/end
//! pair: it reads and writes the pair and evaluates the spec's limits for one request.
//! Everything else here is generic.

mod plan;

use std::fmt;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use futures_util::stream::{self, Stream, StreamExt};
use time::{Date, OffsetDateTime, UtcOffset};

pub use plan::{plan, Clip, OutOfReach, Plan, PlanError, RangeLimits, Window, LOOKBACK_MARGIN};

use crate::client::Client;
use crate::config::ValidationMode;
use crate::error::Error;
use crate::operation::{Operation, Paginated};
use crate::validate::ValidationErrors;

/// A request whose period can be split: implemented by generated code.
pub trait RangeQuery: Operation + Clone + Unpin + 'static {
    /// How to walk the pages of one window (`None`: one response per window).
    const PAGING: Option<Paging<Self>>;

    /// The period this request asks for: its start and end parameters.
    fn period(&self) -> Window;

    /// This request over `window`. Parameters whose documented default depends on the
    /// period are set to the value they have for the whole of this request's period, so
    /// every window is asked at the same granularity.
    fn over(&self, window: Window) -> Self;

    /// The documented limits on this request's period.
    fn range_limits(&self) -> RangeLimits;
}

/// The page walk of a paginated API, as plain functions (so a `const` can hold it).
pub struct Paging<O: Operation> {
    pub page_number: fn(&O) -> u64,
    pub with_page_number: fn(&O, u64) -> O,
    pub has_next_page: fn(&O, &O::Response) -> bool,
}

impl<O: Paginated> Paging<O> {
    pub const fn of() -> Self {
        Paging {
            page_number: O::page_number,
            with_page_number: O::with_page_number,
            has_next_page: O::has_next_page,
        }
    }
}

/// A date parameter as an instant: its midnight at `offset`.
pub fn date_instant(date: Date, offset: UtcOffset) -> OffsetDateTime {
    date.midnight().assume_offset(offset)
}

/// The date an instant falls on at `offset`.
pub fn instant_date(instant: OffsetDateTime, offset: UtcOffset) -> Date {
    instant.to_offset(offset).date()
}

/// The bucket `value` (a number as text, as numeric parameters and enums of numbers print)
/// times `unit_seconds` stands for; `None` when it is not a positive number.
pub fn scaled_bucket(value: &str, unit_seconds: i64) -> Option<time::Duration> {
    let n: i64 = value.parse().ok()?;
    (n > 0).then(|| time::Duration::seconds(n.saturating_mul(unit_seconds)))
}

/// Progress of a range query, reported after each window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Windows finished so far (in time order).
    pub done: usize,
    pub total: usize,
    /// The window just finished.
    pub window: Window,
}

type ProgressHook = Arc<dyn Fn(&Progress) + Send + Sync>;

/// How a range query runs.
#[derive(Clone)]
pub struct RangeOptions {
    concurrency: usize,
    out_of_reach: OutOfReach,
    windows: Option<Vec<Window>>,
    progress: Option<ProgressHook>,
}

impl Default for RangeOptions {
    fn default() -> Self {
        RangeOptions {
            concurrency: 2,
            out_of_reach: OutOfReach::Clip,
            windows: None,
            progress: None,
        }
    }
}

impl fmt::Debug for RangeOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RangeOptions")
            .field("concurrency", &self.concurrency)
            .field("out_of_reach", &self.out_of_reach)
            .field("windows", &self.windows)
            .field("progress", &self.progress.is_some())
            .finish()
    }
}

impl RangeOptions {
    /// How many windows may be in flight at once (default 2; at least 1). The client's rate
    /// limiter still paces every request.
    pub fn concurrency(mut self, windows: usize) -> Self {
        self.concurrency = windows.max(1);
        self
    }

    /// What to do with a part of the period the API cannot serve (default: clip it, with a
    /// warning).
    pub fn out_of_reach(mut self, what: OutOfReach) -> Self {
        self.out_of_reach = what;
        self
    }

    /// Called after each window, in time order (drive a progress bar from it).
    pub fn on_progress(mut self, hook: impl Fn(&Progress) + Send + Sync + 'static) -> Self {
        self.progress = Some(Arc::new(hook));
        self
    }

    /// Runs exactly these windows instead of planning: what [`WindowFailed::remaining`] gives
    /// back after a failure, to resume where it stopped.
    pub fn windows(mut self, windows: Vec<Window>) -> Self {
        self.windows = Some(windows);
        self
    }
}

/// The responses of one window: one per page (exactly one for an API without pages).
#[derive(Debug, Clone, PartialEq)]
pub struct WindowResponses<R> {
    /// Position of the window in the plan.
    pub index: usize,
    pub window: Window,
    pub responses: Vec<R>,
}

/// Why a range query cannot start; nothing was sent.
#[derive(Debug, thiserror::Error)]
pub enum RangeError {
    /// The period cannot be queried as asked.
    #[error("{0}")]
    Plan(#[from] PlanError),
    /// A window's request breaks a documented rule.
    #[error("window {window} is invalid: {errors}")]
    Invalid {
        window: Window,
        errors: ValidationErrors,
    },
}

/// A window that failed after the client's retries: the stream's last item. Windows before
/// it were delivered; [`remaining`](WindowFailed::remaining) resumes the query.
#[derive(Debug, thiserror::Error)]
#[error("window {index} ({window}) failed: {source}")]
pub struct WindowFailed<C: crate::operation::ErrorCode> {
    /// Position of the window in the plan.
    pub index: usize,
    pub window: Window,
    pub source: Error<C>,
    remaining: Vec<Window>,
}

impl<C: crate::operation::ErrorCode> WindowFailed<C> {
    /// The windows still to run, this one first: pass them to [`RangeOptions::windows`] to
    /// resume.
    pub fn remaining(&self) -> &[Window] {
        &self.remaining
    }
}

type WindowOutcome<O> = (
    usize,
    Window,
    Result<Vec<<O as Operation>::Response>, Error<<O as Operation>::ErrorCode>>,
);

/// The windows of a range query, in time order: each item is every response of one
/// window, and the stream ends after the last window or the first failure.
#[must_use = "a stream does nothing until it is polled"]
pub struct RangeStream<O: RangeQuery> {
    plan: Plan,
    inner: Pin<Box<dyn Stream<Item = WindowOutcome<O>> + Send>>,
    progress: Option<ProgressHook>,
    done: usize,
    finished: bool,
}

impl<O: RangeQuery> RangeStream<O> {
    /// The windows being run and how the period was clipped.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }
}

impl<O: RangeQuery> fmt::Debug for RangeStream<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RangeStream")
            .field("action", &O::INFO.action)
            .field("plan", &self.plan)
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl<O: RangeQuery> Stream for RangeStream<O> {
    type Item = Result<WindowResponses<O::Response>, WindowFailed<O::ErrorCode>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.finished {
            return Poll::Ready(None);
        }
        let Some((index, window, outcome)) = std::task::ready!(this.inner.as_mut().poll_next(cx))
        else {
            this.finished = true;
            return Poll::Ready(None);
        };
        match outcome {
            Ok(responses) => {
                this.done += 1;
                if let Some(hook) = &this.progress {
                    hook(&Progress {
                        done: this.done,
                        total: this.plan.windows.len(),
                        window,
                    });
                }
                Poll::Ready(Some(Ok(WindowResponses {
                    index,
                    window,
                    responses,
                })))
            }
            Err(source) => {
                this.finished = true;
                Poll::Ready(Some(Err(WindowFailed {
                    index,
                    window,
                    source,
                    remaining: this.plan.windows[index..].to_vec(),
                })))
            }
        }
    }
}

impl Client {
    /// Runs `request` over its whole period: planned into windows by its documented limits,
    /// every window validated before anything is sent, then sent and streamed in order.
    pub fn range<O: RangeQuery>(
        &self,
        request: O,
        options: RangeOptions,
    ) -> Result<RangeStream<O>, RangeError> {
        let ctx = self.validation_context();
        let plan = match options.windows {
            Some(windows) => Plan {
                windows,
                clipped: Vec::new(),
            },
            None => plan(
                request.period(),
                &request.range_limits(),
                ctx.now,
                options.out_of_reach,
            )?,
        };
        for clip in &plan.clipped {
            tracing::warn!(action = O::INFO.action, "{clip}");
        }
        let requests: Vec<(usize, Window, O)> = plan
            .windows
            .iter()
            .enumerate()
            .map(|(i, w)| (i, *w, request.over(*w)))
            .collect();
        if self.validation_mode() != ValidationMode::Off {
            for (_, window, r) in &requests {
                if let Err(errors) = r.validate(&ctx) {
                    return Err(RangeError::Invalid {
                        window: *window,
                        errors,
                    });
                }
            }
        }
        let client = self.clone();
        let inner = stream::iter(requests)
            .map(move |(index, window, request)| {
                let client = client.clone();
                async move { (index, window, fetch(&client, request).await) }
            })
            .buffered(options.concurrency);
        Ok(RangeStream {
            plan,
            inner: Box::pin(inner),
            progress: options.progress,
            done: 0,
            finished: false,
        })
    }
}

/// Every response of one window: each page in turn for a paginated API.
async fn fetch<O: RangeQuery>(
    client: &Client,
    request: O,
) -> Result<Vec<O::Response>, Error<O::ErrorCode>> {
    let Some(paging) = O::PAGING else {
        return Ok(vec![client.execute(request).await?]);
    };
    let mut responses = Vec::new();
    let mut next = request;
    loop {
        let page = (paging.page_number)(&next);
        let response = client.execute(next.clone()).await?;
        let more = (paging.has_next_page)(&next, &response);
        responses.push(response);
        if !more {
            return Ok(responses);
        }
        next = (paging.with_page_number)(&next, page.saturating_add(1));
    }
}
