//! Keyed MAC states, cached per (scheme, secret, day, region, service).
//!
//! TC3 and Volcengine derive their signing key with a chain of 3-4 HMACs over the date,
//! region and service; every scheme then keys an HMAC with it (ACS3 and RPC V1 with the
//! secret itself). Both depend only on the credentials and the UTC day, so the keyed state
//! (HMAC's inner and outer pads, already hashed) is kept and cloned for each signature:
//! signing costs the hashing of the message alone.
//!
//! The cache is process-wide (every client and thread shares it, behind a mutex held only to
//! look up or insert) and bounded: at most [`CAPACITY`] entries, the oldest dropped first.
//! Each thread keeps its last few keys in front of it ([`keyed`]), so that a signature
//! usually takes no lock. It holds secrets, so its `Debug` shows only how many entries it
//! has.

use std::cell::RefCell;
use std::fmt;
use std::sync::{Mutex, MutexGuard};

use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;
use sha2::Sha256;

/// More than the distinct keys a process signs with in one day (each client has one; a day
/// boundary adds a second) in any use we know of; past it, the oldest keys are derived again.
const CAPACITY: usize = 64;

/// Which derivation a key comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Tc3,
    Volc,
    Acs3,
    RpcV1,
}

/// A keyed MAC ready to take the message.
#[derive(Clone)]
pub(crate) enum KeyedMac {
    Sha256(Hmac<Sha256>),
    Sha1(Hmac<Sha1>),
}

/// What a key is derived from. `day`, `region` and `service` are empty/zero for schemes whose
/// key does not depend on them.
#[derive(Clone, Copy)]
pub(crate) struct KeyId<'a> {
    pub kind: Kind,
    pub secret: &'a str,
    pub day: i64,
    pub region: &'a str,
    pub service: &'a str,
}

struct Entry {
    kind: Kind,
    secret: Box<str>,
    day: i64,
    region: Box<str>,
    service: Box<str>,
    mac: KeyedMac,
}

/// Whether `a` and `b` are the same bytes, looking at every byte whatever the first
/// difference (so the time taken says nothing about a secret), as one vectorisable
/// reduction rather than a library call: these are short strings, compared on every
/// signature.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

impl Entry {
    fn new(id: &KeyId<'_>, mac: KeyedMac) -> Entry {
        Entry {
            kind: id.kind,
            secret: id.secret.into(),
            day: id.day,
            region: id.region.into(),
            service: id.service.into(),
            mac,
        }
    }

    fn is(&self, id: &KeyId<'_>) -> bool {
        self.kind == id.kind
            && self.day == id.day
            && same(&self.secret, id.secret)
            && same(&self.region, id.region)
            && same(&self.service, id.service)
    }
}

/// The process-wide cache.
pub(crate) struct KeyCache {
    entries: Mutex<Vec<Entry>>,
}

impl fmt::Debug for KeyCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyCache")
            .field("entries", &self.lock().len())
            .finish_non_exhaustive()
    }
}

pub(crate) static CACHE: KeyCache = KeyCache {
    entries: Mutex::new(Vec::new()),
};

/// Keys this thread used last, in front of [`CACHE`]: a thread nearly always signs with
/// the same few keys, and taking the shared cache's lock (two atomic operations) was half
/// the cost of a lookup. Only keys already in the shared cache are copied here.
const RECENT: usize = 4;

thread_local! {
    static RECENT_KEYS: RefCell<Vec<Entry>> = const { RefCell::new(Vec::new()) };
}

/// The keyed MAC for `id`: from this thread's recent keys, else from [`CACHE`] (derived
/// there on first use, then remembered here too).
pub(crate) fn keyed(id: &KeyId<'_>) -> KeyedMac {
    let recent = RECENT_KEYS
        .try_with(|recent| {
            let recent = recent.try_borrow().ok()?;
            recent.iter().find(|e| e.is(id)).map(|e| e.mac.clone())
        })
        .ok()
        .flatten();
    if let Some(mac) = recent {
        return mac;
    }
    let mac = CACHE.get(id);
    let _ = RECENT_KEYS.try_with(|recent| {
        if let Ok(mut recent) = recent.try_borrow_mut() {
            if recent.len() >= RECENT {
                recent.remove(0);
            }
            recent.push(Entry::new(id, mac.clone()));
        }
    });
    mac
}

impl KeyCache {
    fn lock(&self) -> MutexGuard<'_, Vec<Entry>> {
        // A panic elsewhere while the lock was held cannot leave an entry half written (a
        // push or a remove is the only mutation), so a poisoned cache is still valid.
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The keyed MAC for `id`, derived on the first use.
    pub fn get(&self, id: &KeyId<'_>) -> KeyedMac {
        if let Some(entry) = self.lock().iter().find(|e| e.is(id)) {
            return entry.mac.clone();
        }
        // Derived outside the lock: another thread may insert the same key meanwhile, which
        // costs one duplicate entry, never a wrong one.
        let mac = derive(id);
        let mut entries = self.lock();
        if entries.len() >= CAPACITY {
            entries.remove(0);
        }
        entries.push(Entry::new(id, mac.clone()));
        mac
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.lock().len()
    }
}

fn keyed256(key: &[u8]) -> Hmac<Sha256> {
    // HMAC takes keys of any length (long ones are hashed, short ones padded).
    match Hmac::<Sha256>::new_from_slice(key) {
        Ok(mac) => mac,
        Err(_) => Hmac::<Sha256>::new(&Default::default()),
    }
}

/// HMAC-SHA256 of `message` under `key`.
pub(crate) fn hmac256(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut mac = keyed256(key);
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// TC3's signing key: `HMAC(HMAC(HMAC("TC3" + secret, date), service), "tc3_request")`.
pub(crate) fn tc3_key(secret: &str, date: &[u8], service: &str) -> [u8; 32] {
    let mut key = Vec::with_capacity(3 + secret.len());
    key.extend_from_slice(b"TC3");
    key.extend_from_slice(secret.as_bytes());
    let k_date = hmac256(&key, date);
    let k_service = hmac256(&k_date, service.as_bytes());
    hmac256(&k_service, b"tc3_request")
}

/// Volcengine's signing key: the HMAC chain over date, region, service and `request`.
pub(crate) fn volc_key(secret: &str, date: &[u8], region: &str, service: &str) -> [u8; 32] {
    let k_date = hmac256(secret.as_bytes(), date);
    let k_region = hmac256(&k_date, region.as_bytes());
    let k_service = hmac256(&k_region, service.as_bytes());
    hmac256(&k_service, b"request")
}

/// The date text a key of `day` (days since the epoch) is derived from.
fn date_of(day: i64, dashed: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(10);
    if let Ok(t) = super::clock::Utc::of(day.saturating_mul(86_400)) {
        if dashed {
            t.push_date_dashed(&mut out);
        } else {
            t.push_date_compact(&mut out);
        }
    }
    out
}

fn derive(id: &KeyId<'_>) -> KeyedMac {
    match id.kind {
        Kind::Tc3 => KeyedMac::Sha256(keyed256(&tc3_key(
            id.secret,
            &date_of(id.day, true),
            id.service,
        ))),
        Kind::Volc => KeyedMac::Sha256(keyed256(&volc_key(
            id.secret,
            &date_of(id.day, false),
            id.region,
            id.service,
        ))),
        Kind::Acs3 => KeyedMac::Sha256(keyed256(id.secret.as_bytes())),
        Kind::RpcV1 => {
            // RPC V1 keys HMAC-SHA1 with `secret + "&"`.
            let mut key = Vec::with_capacity(id.secret.len() + 1);
            key.extend_from_slice(id.secret.as_bytes());
            key.push(b'&');
            KeyedMac::Sha1(
                Hmac::<Sha1>::new_from_slice(&key)
                    .unwrap_or_else(|_| Hmac::<Sha1>::new(&Default::default())),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(secret: &str, day: i64) -> KeyId<'_> {
        KeyId {
            kind: Kind::Tc3,
            secret,
            day,
            region: "",
            service: "vod",
        }
    }

    fn sign(mac: KeyedMac) -> Vec<u8> {
        match mac {
            KeyedMac::Sha256(mut m) => {
                m.update(b"m");
                m.finalize().into_bytes().to_vec()
            }
            KeyedMac::Sha1(mut m) => {
                m.update(b"m");
                m.finalize().into_bytes().to_vec()
            }
        }
    }

    #[test]
    fn a_cached_key_is_the_derived_one_and_the_cache_is_bounded() {
        let cache = KeyCache {
            entries: Mutex::new(Vec::new()),
        };
        let first = sign(cache.get(&id("s", 19675)));
        assert_eq!(first, hmac256(&tc3_key("s", b"2023-11-14", "vod"), b"m"));
        assert_eq!(sign(cache.get(&id("s", 19675))), first);
        assert_eq!(cache.len(), 1);
        assert_ne!(sign(cache.get(&id("t", 19675))), first);
        assert_ne!(sign(cache.get(&id("s", 19676))), first);
        for day in 0..200 {
            cache.get(&id("s", day));
        }
        assert_eq!(cache.len(), CAPACITY);
    }

    #[test]
    fn a_recent_key_is_the_shared_one() {
        for (secret, day) in [("a", 1), ("b", 1), ("a", 2), ("a", 1), ("c", 3), ("d", 4)] {
            let id = id(secret, day);
            let expected = sign(derive(&id));
            assert_eq!(sign(keyed(&id)), expected, "{secret} {day}");
            assert_eq!(sign(keyed(&id)), expected, "{secret} {day}, again");
        }
        let other = KeyId {
            kind: Kind::Volc,
            ..id("a", 1)
        };
        assert_eq!(sign(keyed(&other)), sign(derive(&other)));
        RECENT_KEYS.with(|recent| assert!(recent.borrow().len() <= RECENT));
    }

    #[test]
    fn debug_shows_no_secret() {
        let cache = KeyCache {
            entries: Mutex::new(Vec::new()),
        };
        cache.get(&id("very-secret-value", 1));
        let shown = format!("{cache:?}");
        assert!(!shown.contains("very-secret"), "{shown}");
    }
}
