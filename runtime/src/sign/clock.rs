//! The UTC calendar fields signatures carry, written digit by digit (no `format!`).

use super::SignError;

/// The last second every scheme's date formats can write: 9999-12-31T23:59:59Z (four-digit
/// years). Before 1970 no provider accepts a request either, so signing refuses both
/// instead of writing a scope the server can only reject.
const LAST: i64 = 253_402_300_799;

/// A signing time: the unix timestamp and its UTC calendar fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Utc {
    pub timestamp: i64,
    /// Days since 1970-01-01: what a derived key depends on.
    pub day: i64,
    year: u16,
    month: u8,
    date: u8,
    hour: u8,
    minute: u8,
    second: u8,
}

impl Utc {
    pub fn of(timestamp: i64) -> Result<Utc, SignError> {
        if !(0..=LAST).contains(&timestamp) {
            return Err(SignError::Timestamp(timestamp));
        }
        let t = time::OffsetDateTime::from_unix_timestamp(timestamp)
            .map_err(|_| SignError::Timestamp(timestamp))?;
        let (hour, minute, second) = t.to_hms();
        Ok(Utc {
            timestamp,
            day: timestamp.div_euclid(86_400),
            year: u16::try_from(t.year()).map_err(|_| SignError::Timestamp(timestamp))?,
            month: u8::from(t.month()),
            date: t.day(),
            hour,
            minute,
            second,
        })
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`, the text every other format is cut from: written once, at
    /// fixed places, then copied in pieces.
    pub fn iso8601_z(&self) -> [u8; 20] {
        let two = |v: u8| [b'0' + v / 10 % 10, b'0' + v % 10];
        let y = self.year;
        let digit = |n: u16| b'0' + (n % 10) as u8;
        let [m0, m1] = two(self.month);
        let [d0, d1] = two(self.date);
        let [h0, h1] = two(self.hour);
        let [i0, i1] = two(self.minute);
        let [s0, s1] = two(self.second);
        [
            digit(y / 1000),
            digit(y / 100),
            digit(y / 10),
            digit(y),
            b'-',
            m0,
            m1,
            b'-',
            d0,
            d1,
            b'T',
            h0,
            h1,
            b':',
            i0,
            i1,
            b':',
            s0,
            s1,
            b'Z',
        ]
    }

    /// `YYYY-MM-DD` (TC3 scopes).
    pub fn push_date_dashed(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.iso8601_z()[..10]);
    }

    /// `YYYYMMDD` (Volcengine scopes).
    pub fn push_date_compact(&self, out: &mut Vec<u8>) {
        let t = self.iso8601_z();
        out.extend_from_slice(&[t[0], t[1], t[2], t[3], t[5], t[6], t[8], t[9]]);
    }

    /// `YYYYMMDDTHHMMSSZ` (Volcengine `X-Date`).
    pub fn push_compact(&self, out: &mut Vec<u8>) {
        let t = self.iso8601_z();
        out.extend_from_slice(&[
            t[0], t[1], t[2], t[3], t[5], t[6], t[8], t[9], b'T', t[11], t[12], t[14], t[15],
            t[17], t[18], b'Z',
        ]);
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` (Alibaba).
    pub fn push_iso8601_z(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.iso8601_z());
    }

    /// `iso`, an [`iso8601_z`](Utc::iso8601_z) text, with `colon` for each `:` (RPC V1
    /// writes it percent-encoded, once and twice, without scanning it, from one text).
    pub fn push_iso8601_z_with(iso: &[u8; 20], out: &mut Vec<u8>, colon: &[u8]) {
        out.extend_from_slice(&iso[..13]);
        out.extend_from_slice(colon);
        out.extend_from_slice(&iso[14..16]);
        out.extend_from_slice(colon);
        out.extend_from_slice(&iso[17..]);
    }

    /// The timestamp in decimal (TC3 `X-TC-Timestamp`); never negative, see [`Utc::of`].
    pub fn push_unix(&self, out: &mut Vec<u8>) {
        push_decimal(out, self.timestamp.unsigned_abs());
    }
}

pub(crate) fn push_decimal(out: &mut Vec<u8>, mut v: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[i..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_and_formats() {
        let t = Utc::of(1_700_000_000).unwrap();
        let mut out = Vec::new();
        t.push_date_dashed(&mut out);
        out.push(b' ');
        t.push_compact(&mut out);
        out.push(b' ');
        t.push_iso8601_z(&mut out);
        out.push(b' ');
        t.push_unix(&mut out);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "2023-11-14 20231114T221320Z 2023-11-14T22:13:20Z 1700000000"
        );
        assert_eq!(t.day, 19675);
        let mut out = Vec::new();
        Utc::of(LAST).unwrap().push_iso8601_z(&mut out);
        assert_eq!(out, b"9999-12-31T23:59:59Z");
        Utc::of(0).unwrap().push_unix(&mut out);
        assert!(out.ends_with(b"Z0"));
    }

    #[test]
    fn out_of_range_is_an_error() {
        for t in [-1, LAST + 1, i64::MIN, i64::MAX] {
            assert_eq!(Utc::of(t), Err(SignError::Timestamp(t)));
        }
    }
}
