//! The CPU time of the current thread, which the per-case time limit is measured in: wall
//! time grows with whatever else the machine runs (the batch compiler, other users), CPU time
//! of the one thread running a case does not.

use std::time::Duration;

/// CPU time this thread has used so far (zero where the clock is not available).
pub fn thread_time() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; the call only writes it.
    let ok = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) } == 0;
    if ok {
        Duration::new(
            ts.tv_sec.max(0) as u64,
            ts.tv_nsec.clamp(0, 999_999_999) as u32,
        )
    } else {
        Duration::ZERO
    }
}
