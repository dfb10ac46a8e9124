//! Client-side rate limiting from each API's documented limit, built to hold where the
//! provider counts: at the server.
//!
//! # Scope
//!
//! Providers count calls per API and account. The limiter keeps one state per provider,
//! service, action and access key id, in one process-wide registry: every client in the
//! process shares it, however it was built (clones, `from_env()` in two places, a new client
//! per call) and whichever task calls. A state is kept while anyone waits on it and for at
//! least one window (plus the margin) after its last call, so dropping every client and
//! building a new one does not reset it. Two access keys of one account are counted apart
//! (the runtime cannot know they share an account), and so are two processes, unless the
//! spec says the limit is the account's (`scope: account`): then every access key of the
//! process shares one state per API.
//!
//! # Pacing and margin
//!
//! A limit of `count` calls per `window` is enforced as an even pace (GCRA with a burst of
//! one, from the `governor` crate): one call per `(window + margin) / count`, where the margin
//! is 10% of the window, at most one second. A burst would let `count` calls start together
//! and the next batch exactly one window later; calls on new connections (handshakes) then
//! reach the server later than calls on pooled ones, and the two batches land in one window.
//! With an even pace, any `count + 1` consecutive calls start at least `window + margin`
//! apart, so no window at the server holds more than `count` of them unless their network
//! delays differ by more than the margin (100 ms for a per-second limit, 1 s for per-minute
//! and longer).
//!
//! Waiting is cancellation-safe: a call is counted only when it is let through, so a future
//! dropped while it waits takes nothing from the budget. Waiting calls are let through in
//! the order they arrived.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultDirectRateLimiter, Quota};

use crate::operation::RateLimit;

/// The share of a window added to it before it is divided among its calls.
const MARGIN_FRACTION: u32 = 10;
/// The largest margin: network delays vary by far less than a second.
const MAX_MARGIN: Duration = Duration::from_secs(1);

/// The margin added to a window of `window` (10% of it, at most one second).
pub fn margin(window: Duration) -> Duration {
    (window / MARGIN_FRACTION).min(MAX_MARGIN)
}

/// The time between two calls under `limit`: `(window + margin) / count`.
pub fn interval(limit: RateLimit) -> Duration {
    let window = Duration::from_secs(limit.per_seconds);
    (window + margin(window)) / limit.count.max(1)
}

/// Whose budget a call takes: provider, service and access key id, then the action.
type Key = (Arc<str>, &'static str);

/// The pace of one API for one access key.
struct Slot {
    limit: RateLimit,
    gcra: DefaultDirectRateLimiter,
    /// Waiting calls queue here (tokio's mutex is first come, first served), so one task
    /// at a time asks the GCRA and the rest sleep instead of all waking at each slot.
    queue: tokio::sync::Mutex<()>,
    /// When a call was last let through (`None`: never), to know when the state may go.
    last: Mutex<Option<Instant>>,
}

impl Slot {
    fn new(limit: RateLimit) -> Slot {
        let quota = Quota::with_period(interval(limit))
            .unwrap_or_else(|| Quota::per_second(NonZeroU32::MAX))
            .allow_burst(NonZeroU32::MIN);
        Slot {
            limit,
            gcra: DefaultDirectRateLimiter::direct(quota),
            queue: tokio::sync::Mutex::new(()),
            last: Mutex::new(None),
        }
    }

    /// Whether forgetting this state now could let a call through too early: it was used
    /// within the last window and margin.
    fn recently_used(&self, now: Instant) -> bool {
        let window = Duration::from_secs(self.limit.per_seconds);
        let keep = window + margin(window);
        let last = *self.last.lock().unwrap_or_else(|e| e.into_inner());
        last.is_some_and(|t| now.duration_since(t) < keep)
    }
}

#[derive(Default)]
struct Registry {
    slots: HashMap<Key, Arc<Slot>>,
    /// Size of `slots` after the last sweep; the next sweep runs when it has doubled.
    swept_at: usize,
}

/// Every pace in the process. A poisoned lock only means a panic elsewhere mid-update; the
/// map is still sound.
fn registry() -> &'static Mutex<Registry> {
    static REGISTRY: OnceLock<Mutex<Registry>> = OnceLock::new();
    REGISTRY.get_or_init(Default::default)
}

/// The rate limits of one client: its provider, service and access key. Cheap to clone;
/// every handle with the same scope shares the same state (see the [module docs](self)).
#[derive(Debug, Clone)]
pub struct RateLimiters {
    scope: Arc<str>,
    /// The scope of limits counted per account: the service, whichever access key calls.
    account: Arc<str>,
}

impl RateLimiters {
    /// The limiters of `provider`'s `service` called with `access_key_id`.
    pub fn shared(provider: &str, service: &str, access_key_id: &str) -> Self {
        RateLimiters {
            scope: format!("{provider}/{service}|{access_key_id}").into(),
            account: format!("{provider}/{service}|*").into(),
        }
    }

    fn slot(&self, scope: &Arc<str>, action: &'static str, limit: RateLimit) -> Arc<Slot> {
        let mut registry = registry().lock().unwrap_or_else(|e| e.into_inner());
        let key = (scope.clone(), action);
        if let Some(slot) = registry.slots.get(&key).filter(|s| s.limit == limit) {
            return slot.clone();
        }
        let slot = Arc::new(Slot::new(limit));
        registry.slots.insert(key, slot.clone());
        if registry.slots.len() >= 2 * registry.swept_at.max(32) {
            // Forget states nobody waits on (only the map holds them) that have been idle
            // for a whole window: the next call would be let through at once either way.
            let now = Instant::now();
            registry
                .slots
                .retain(|_, s| Arc::strong_count(s) > 1 || s.recently_used(now));
            registry.swept_at = registry.slots.len();
        }
        slot
    }

    /// Waits until a call of `action` may start under `limit`, and counts it (per access
    /// key).
    pub async fn acquire(&self, action: &'static str, limit: RateLimit) {
        self.acquire_scoped(action, limit, false).await
    }

    /// [`acquire`](Self::acquire), counted per account when `per_account` (every access key
    /// of the process together: the runtime cannot tell which keys share an account).
    pub async fn acquire_scoped(&self, action: &'static str, limit: RateLimit, per_account: bool) {
        let scope = if per_account {
            &self.account
        } else {
            &self.scope
        };
        let slot = self.slot(scope, action, limit);
        let _turn = slot.queue.lock().await;
        let clock = DefaultClock::default();
        loop {
            match slot.gcra.check() {
                Ok(()) => break,
                Err(not_until) => {
                    tokio::time::sleep(not_until.wait_time_from(clock.now())).await;
                }
            }
        }
        *slot.last.lock().unwrap_or_else(|e| e.into_inner()) = Some(Instant::now());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limit(count: u32, per_seconds: u64) -> RateLimit {
        RateLimit { count, per_seconds }
    }

    #[test]
    fn the_margin_is_a_tenth_of_the_window_at_most_a_second() {
        assert_eq!(margin(Duration::from_secs(1)), Duration::from_millis(100));
        assert_eq!(margin(Duration::from_secs(60)), Duration::from_secs(1));
        assert_eq!(interval(limit(20, 1)), Duration::from_millis(55));
        assert_eq!(interval(limit(100, 60)), Duration::from_millis(610));
        assert_eq!(interval(limit(0, 1)), Duration::from_millis(1100));
    }

    #[test]
    fn state_is_shared_per_provider_service_action_and_access_key() {
        let l = limit(5, 1);
        let a = RateLimiters::shared("p", "s", "AK1");
        let again = RateLimiters::shared("p", "s", "AK1");
        assert!(Arc::ptr_eq(
            &a.slot(&a.scope, "A", l),
            &again.slot(&again.scope, "A", l)
        ));
        assert!(!Arc::ptr_eq(
            &a.slot(&a.scope, "A", l),
            &a.slot(&a.scope, "B", l)
        ));
        let other_key = RateLimiters::shared("p", "s", "AK2");
        let other_service = RateLimiters::shared("p", "t", "AK1");
        assert!(!Arc::ptr_eq(
            &a.slot(&a.scope, "A", l),
            &other_key.slot(&other_key.scope, "A", l)
        ));
        assert!(!Arc::ptr_eq(
            &a.slot(&a.scope, "A", l),
            &other_service.slot(&other_service.scope, "A", l)
        ));
    }

    #[test]
    fn a_limit_per_account_is_shared_by_every_access_key() {
        let l = limit(5, 1);
        let a = RateLimiters::shared("p", "acct", "AK1");
        let b = RateLimiters::shared("p", "acct", "AK2");
        assert!(Arc::ptr_eq(
            &a.slot(&a.account, "A", l),
            &b.slot(&b.account, "A", l)
        ));
        assert!(!Arc::ptr_eq(
            &a.slot(&a.account, "A", l),
            &a.slot(&a.scope, "A", l)
        ));
        let other_service = RateLimiters::shared("p", "other", "AK1");
        assert!(!Arc::ptr_eq(
            &a.slot(&a.account, "A", l),
            &other_service.slot(&other_service.account, "A", l)
        ));
    }

    #[tokio::test]
    async fn the_state_outlives_every_handle() {
        let l = limit(10, 1);
        let start = Instant::now();
        RateLimiters::shared("p", "outlives", "AK")
            .acquire("A", l)
            .await;
        // A new handle, the first one gone: the second call still waits its turn.
        RateLimiters::shared("p", "outlives", "AK")
            .acquire("A", l)
            .await;
        assert!(start.elapsed() >= interval(l));
    }

    #[tokio::test]
    async fn calls_are_paced_evenly() {
        let l = limit(20, 1);
        let limiters = RateLimiters::shared("p", "paced", "AK");
        let mut starts = Vec::new();
        for _ in 0..5 {
            limiters.acquire("A", l).await;
            starts.push(Instant::now());
        }
        for pair in starts.windows(2) {
            assert!(pair[1] - pair[0] >= interval(l) - Duration::from_millis(1));
        }
    }

    #[tokio::test]
    async fn a_cancelled_wait_takes_nothing() {
        let l = limit(2, 1); // one call per 550 ms
        let limiters = RateLimiters::shared("p", "cancel", "AK");
        limiters.acquire("A", l).await;
        let started = Instant::now();
        // Give up waiting for the second call long before its turn...
        let gave_up =
            tokio::time::timeout(Duration::from_millis(50), limiters.acquire("A", l)).await;
        assert!(gave_up.is_err());
        // ...and the next call still starts on the first one's pace, not a slot later.
        limiters.acquire("A", l).await;
        let waited = started.elapsed();
        assert!(waited < interval(l) * 3 / 2, "{waited:?}");
    }
}
