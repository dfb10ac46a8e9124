//! Lower-case hex through a 256-entry table: two output bytes per input byte, no branches
//! and no formatting machinery (hex was a fifth of a TC3 signature when written a character
//! at a time).

static TABLE: [[u8; 2]; 256] = table();

const fn table() -> [[u8; 2]; 256] {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = [[0u8; 2]; 256];
    let mut i = 0;
    while i < 256 {
        out[i] = [DIGITS[i >> 4], DIGITS[i & 0xf]];
        i += 1;
    }
    out
}

/// Appends the hex of `bytes` to `out`.
pub(crate) fn push(out: &mut Vec<u8>, bytes: &[u8]) {
    out.reserve(bytes.len() * 2);
    for &b in bytes {
        out.extend_from_slice(&TABLE[usize::from(b)]);
    }
}

/// The hex of a 32-byte digest, on the stack.
pub(crate) fn of32(bytes: &[u8]) -> [u8; 64] {
    let mut out = [0u8; 64];
    for (pair, &b) in out.chunks_exact_mut(2).zip(bytes) {
        pair.copy_from_slice(&TABLE[usize::from(b)]);
    }
    out
}

/// The hex of `bytes` as a `String` (inspection only).
pub(crate) fn string(bytes: &[u8]) -> String {
    let mut out = Vec::with_capacity(bytes.len() * 2);
    push(&mut out, bytes);
    super::text(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn matches_the_hex_crate() {
        let bytes: Vec<u8> = (0..=255).collect();
        assert_eq!(super::string(&bytes), hex::encode(&bytes));
        let digest = [0xabu8; 32];
        assert_eq!(&super::of32(&digest)[..], hex::encode(digest).as_bytes());
    }
}
