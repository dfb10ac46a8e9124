//! Client-side rate limiting from each API's documented limit: at most `count` calls start
//! in any window of `per_seconds`.
//!
//! Providers count calls per account and API, not per client object, so limiters are shared
//! process-wide by every client of the same endpoint and access key: clones, clients built
//! separately (`from_env()` in two places), and every task using them.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, OnceLock, Weak};
use std::time::Duration;

use tokio::time::Instant;

use crate::operation::RateLimit;

type Windows = Mutex<HashMap<&'static str, VecDeque<Instant>>>;

/// Sliding-window limiters, one per action.
#[derive(Debug, Clone, Default)]
pub struct RateLimiters {
    windows: Arc<Windows>,
}

/// The limiters in use, by `endpoint|access key id`. Weak, so a key whose clients are all
/// dropped is forgotten.
fn registry() -> &'static Mutex<HashMap<String, Weak<Windows>>> {
    static REGISTRY: OnceLock<Mutex<HashMap<String, Weak<Windows>>>> = OnceLock::new();
    REGISTRY.get_or_init(Default::default)
}

impl RateLimiters {
    /// The limiters every client of `endpoint` signing with `access_key_id` shares.
    pub fn shared(endpoint: &str, access_key_id: &str) -> Self {
        let key = format!("{endpoint}|{access_key_id}");
        // Poisoning only means a panic elsewhere mid-insert; the map itself is sound.
        let mut registry = registry().lock().unwrap_or_else(|e| e.into_inner());
        if let Some(windows) = registry.get(&key).and_then(Weak::upgrade) {
            return RateLimiters { windows };
        }
        registry.retain(|_, windows| windows.strong_count() > 0);
        let limiters = RateLimiters::default();
        registry.insert(key, Arc::downgrade(&limiters.windows));
        limiters
    }

    /// Waits until a call of `action` may start under `limit`, then records it.
    pub async fn acquire(&self, action: &'static str, limit: RateLimit) {
        let window = Duration::from_secs(limit.per_seconds);
        let capacity = usize::try_from(limit.count).unwrap_or(usize::MAX).max(1);
        loop {
            let wait = {
                // A poisoned lock only means another task panicked mid-update; the window
                // data is still a list of instants, so keep using it.
                let mut windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
                let starts = windows.entry(action).or_default();
                let now = Instant::now();
                while starts
                    .front()
                    .is_some_and(|t| now.duration_since(*t) >= window)
                {
                    starts.pop_front();
                }
                if starts.len() < capacity {
                    starts.push_back(now);
                    None
                } else {
                    starts
                        .front()
                        .map(|oldest| (*oldest + window).saturating_duration_since(now))
                }
            };
            match wait {
                None => return,
                Some(wait) => tokio::time::sleep(wait.max(Duration::from_millis(1))).await,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limiters_are_shared_per_endpoint_and_access_key() {
        let a = RateLimiters::shared("https://a.test", "AK1");
        let again = RateLimiters::shared("https://a.test", "AK1");
        assert!(Arc::ptr_eq(&a.windows, &again.windows));
        let other_key = RateLimiters::shared("https://a.test", "AK2");
        let other_endpoint = RateLimiters::shared("https://b.test", "AK1");
        assert!(!Arc::ptr_eq(&a.windows, &other_key.windows));
        assert!(!Arc::ptr_eq(&a.windows, &other_endpoint.windows));
    }

    #[test]
    fn a_key_whose_clients_are_gone_is_forgotten() {
        let first = RateLimiters::shared("https://gone.test", "AK");
        let weak = Arc::downgrade(&first.windows);
        drop(first);
        assert!(weak.upgrade().is_none());
        // A new client starts from an empty window rather than a dead one.
        let fresh = RateLimiters::shared("https://gone.test", "AK");
        assert!(fresh.windows.lock().unwrap().is_empty());
    }

    #[tokio::test(start_paused = true)]
    async fn the_window_holds_count_calls_per_period() {
        let limiters = RateLimiters::default();
        let limit = RateLimit {
            count: 2,
            per_seconds: 60,
        };
        let start = Instant::now();
        for _ in 0..3 {
            limiters.acquire("A", limit).await;
        }
        // The third call waits for the first to leave the one-minute window.
        assert!(start.elapsed() >= Duration::from_secs(60));
        // Another action has its own window.
        let before = Instant::now();
        limiters.acquire("B", limit).await;
        assert_eq!(before.elapsed(), Duration::ZERO);
    }
}
