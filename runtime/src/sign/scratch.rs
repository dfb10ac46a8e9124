//! The buffers one signature is written into, reused from call to call.
//!
//! A signer writes the canonical request, string to sign and the values of the headers it
//! adds into these buffers; production takes the headers and query out of them, inspection
//! ([`inspect`](super::inspect)) also copies the intermediates. Each thread keeps one set, so
//! after warm-up the only allocations of a signature are the ones its result needs.

use std::cell::RefCell;
use std::ops::Range;

use reqwest::header::{HeaderName, AUTHORIZATION};

#[derive(Debug, Default)]
pub(crate) struct Scratch {
    /// Whether intermediates only inspection needs (the wire pairs) are recorded.
    pub inspect: bool,
    /// Values of the added headers, back to back.
    pub values: Vec<u8>,
    /// Added headers: name, value range in `values`, whether it is a secret (token).
    pub headers: Vec<(HeaderName, Range<usize>, bool)>,
    /// The percent-encoded query to send.
    pub query: Vec<u8>,
    pub canonical_query: Vec<u8>,
    pub canonical_request: Vec<u8>,
    pub signed_headers: Vec<u8>,
    pub scope: Vec<u8>,
    pub string_to_sign: Vec<u8>,
    pub payload_hash: Option<[u8; 64]>,
    pub signature: Vec<u8>,
    /// The `Authorization` value's range in `values`.
    pub authorization: Option<Range<usize>>,
    /// Sort order of the query (indices).
    pub order: Vec<usize>,
    /// Sort order of the caller's headers (indices).
    pub header_order: Vec<usize>,
    /// Where each name in `signed_headers` ends (Volcengine).
    pub name_ends: Vec<usize>,
    /// Inspection only: the query parameters sent, in wire order.
    pub wire_pairs: Vec<(String, String)>,
}

impl Scratch {
    fn reset(&mut self, inspect: bool) {
        self.inspect = inspect;
        self.values.clear();
        self.headers.clear();
        self.query.clear();
        self.canonical_query.clear();
        self.canonical_request.clear();
        self.signed_headers.clear();
        self.scope.clear();
        self.string_to_sign.clear();
        self.payload_hash = None;
        self.signature.clear();
        self.authorization = None;
        self.order.clear();
        self.header_order.clear();
        self.name_ends.clear();
        self.wire_pairs.clear();
    }

    /// Adds a header whose value is `value`.
    pub fn header(&mut self, name: HeaderName, value: &[u8]) {
        let start = self.values.len();
        self.values.extend_from_slice(value);
        self.end_header(name, start, false);
    }

    /// Adds a header whose value was written to `values` from `start` on.
    pub fn end_header(&mut self, name: HeaderName, start: usize, secret: bool) {
        let end = self.values.len();
        self.headers.push((name, start..end, secret));
    }

    /// Adds the `Authorization` header, written to `values` from `start` on, and remembers
    /// where it is (the signers' last step).
    pub fn end_authorization(&mut self, start: usize) {
        // The range is kept from before the push, not read back from the list (a read of
        // what was just written, at another width, stalls the store buffer).
        let range = start..self.values.len();
        self.headers.push((AUTHORIZATION, range.clone(), false));
        self.authorization = Some(range);
    }

    /// The value of an added header.
    pub fn value(&self, range: &Range<usize>) -> &[u8] {
        self.values.get(range.clone()).unwrap_or_default()
    }

    /// The query parameters sent, for inspection, in the sorted order (`order`) the
    /// signature used.
    pub fn record_sorted_query(&mut self, query: &[(&str, &str)]) {
        if self.inspect {
            let pairs = self.order.iter().filter_map(|&i| query.get(i));
            self.wire_pairs
                .extend(pairs.map(|&(k, v)| (k.to_string(), v.to_string())));
        }
    }

    /// The query parameters sent, for inspection.
    pub fn record_pairs<'a>(&mut self, pairs: impl Iterator<Item = (&'a str, &'a str)>) {
        if self.inspect {
            self.wire_pairs
                .extend(pairs.map(|(k, v)| (k.to_string(), v.to_string())));
        }
    }
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::default();
}

/// Runs `f` on this thread's buffers, cleared (fresh ones when they are in use, which only
/// a signer calling itself could cause, or when the thread is being torn down).
pub(crate) fn with<T>(inspect: bool, mut f: impl FnMut(&mut Scratch) -> T) -> T {
    let reused = SCRATCH
        .try_with(|cell| {
            let mut s = cell.try_borrow_mut().ok()?;
            s.reset(inspect);
            Some(f(&mut s))
        })
        .ok()
        .flatten();
    match reused {
        Some(out) => out,
        None => {
            let mut s = Scratch::default();
            s.reset(inspect);
            f(&mut s)
        }
    }
}
