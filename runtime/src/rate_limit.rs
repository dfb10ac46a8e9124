//! Client-side rate limiting from each API's documented limit: at most `count` calls start
//! in any window of `per_seconds`. Shared by every clone of a client and every task using it.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::time::Instant;

use crate::operation::RateLimit;

/// Sliding-window limiters, one per action.
#[derive(Debug, Clone, Default)]
pub struct RateLimiters {
    windows: Arc<Mutex<HashMap<&'static str, VecDeque<Instant>>>>,
}

impl RateLimiters {
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
