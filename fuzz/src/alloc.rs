//! A counting global allocator: the bytes each thread has allocated and not yet freed, and
//! the peak of that since the last [`reset`]. The harness runs each case on a thread of its
//! own (see [`crate::run`]), so a thread's peak is the case's peak.
//!
//! Binaries and tests that want the figures install it:
//! `#[global_allocator] static ALLOC: cloudusage_fuzz::alloc::Counting = cloudusage_fuzz::alloc::Counting;`
//! Without it every figure reads 0.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

/// Refuse allocations beyond this many live bytes on one armed thread: a case that gets here
/// has long failed the 256 MiB limit, and the machine is shared, so the process stops (the
/// allocation error aborts) rather than swapping. Rerun the run with `--threads 1` to see
/// which case it was: cases are logged before they start when `CLOUDUSAGE_FUZZ_TRACE=1` is set.
const HARD_CAP: isize = 2 << 30;

thread_local! {
    // Const-initialised cells without destructors: reading them never allocates, so the
    // allocator may use them.
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
    static BASE: Cell<isize> = const { Cell::new(0) };
    static ARMED: Cell<bool> = const { Cell::new(false) };
}

/// The system allocator, counting per thread.
pub struct Counting;

fn add(delta: isize) -> bool {
    LIVE.try_with(|live| {
        let now = live.get() + delta;
        if delta > 0 && ARMED.try_with(Cell::get).unwrap_or(false) {
            let base = BASE.try_with(Cell::get).unwrap_or(0);
            if now - base > HARD_CAP {
                return false;
            }
        }
        live.set(now);
        let _ = PEAK.try_with(|peak| {
            if now > peak.get() {
                peak.set(now);
            }
        });
        true
    })
    .unwrap_or(true)
}

// SAFETY: every method forwards to `System` with the caller's layout unchanged; the counting
// only touches thread-local cells that never allocate.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if !add(layout.size() as isize) {
            return std::ptr::null_mut();
        }
        // SAFETY: forwarded as is.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if !add(layout.size() as isize) {
            return std::ptr::null_mut();
        }
        // SAFETY: forwarded as is.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        add(-(layout.size() as isize));
        // SAFETY: forwarded as is.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let delta = new_size as isize - layout.size() as isize;
        if !add(delta) {
            return std::ptr::null_mut();
        }
        // SAFETY: forwarded as is.
        let out = unsafe { System.realloc(ptr, layout, new_size) };
        if out.is_null() {
            add(-delta);
        }
        out
    }
}

/// Starts measuring on this thread: the peak is counted from what is live now.
pub fn reset() {
    let live = LIVE.with(Cell::get);
    BASE.with(|b| b.set(live));
    PEAK.with(|p| p.set(live));
    ARMED.with(|a| a.set(true));
}

/// Stops the hard cap on this thread and returns the peak bytes allocated since [`reset`].
pub fn peak() -> usize {
    ARMED.with(|a| a.set(false));
    let base = BASE.with(Cell::get);
    PEAK.with(Cell::get).saturating_sub(base).max(0) as usize
}
