//! Byte-level mutations: YAML features a tree cannot express (anchors, aliases and alias
//! bombs, merge keys, tags, several documents) and damage to the text itself (BOMs, line
//! endings, invalid UTF-8, control characters, truncation).

use super::words::{NAMES, NUMBERS};
use crate::rng::Rng;

const TOKENS: &[&str] = &[
    "",
    " ",
    "\n",
    ":",
    ": ",
    "- ",
    "{",
    "}",
    "[",
    "]",
    "\"",
    "'",
    "&a",
    "*a",
    "!!binary ",
    "!!str ",
    "!x ",
    "~",
    "null",
    "? ",
    "|",
    ">",
    "#",
    "%YAML 1.2\n",
    "---\n",
    "...\n",
    "\t",
    "\u{feff}",
    "\u{85}",
    "\u{2028}",
    "直播",
    "%",
    "@",
    "`",
    "<<: *a\n",
    ",",
    "\\",
];

/// Invalid UTF-8 sequences: a lone continuation byte, a truncated sequence, an overlong
/// encoding, a surrogate, a code point past U+10FFFF.
const INVALID_UTF8: &[&[u8]] = &[
    b"\x80",
    b"\xff",
    b"\xc3",
    b"\xc0\xaf",
    b"\xed\xa0\x80",
    b"\xf4\x90\x80\x80",
    b"\xe6\x97",
];

/// Applies one to four byte-level mutations.
pub fn mutate(bytes: &mut Vec<u8>, rng: &mut Rng) {
    for _ in 0..1 + rng.below(4) {
        once(bytes, rng);
    }
}

/// Offsets of line starts.
fn line_starts(bytes: &[u8]) -> Vec<usize> {
    let mut out = vec![0];
    out.extend(
        bytes
            .iter()
            .enumerate()
            .filter(|(_, b)| **b == b'\n')
            .map(|(i, _)| i + 1),
    );
    out
}

fn lines(bytes: &[u8]) -> Vec<Vec<u8>> {
    bytes.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect()
}

fn join(lines: &[Vec<u8>]) -> Vec<u8> {
    lines.join(&b'\n')
}

/// An alias bomb ("billion laughs"): `levels` anchors, each a list of `width` aliases of the
/// one before, as the value of `key`.
fn bomb(key: &str, levels: usize, width: usize) -> Vec<u8> {
    let mut out = format!("{key}:\n  - &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for level in 1..levels {
        let aliases = vec![format!("*l{}", level - 1); width].join(", ");
        out.push_str(&format!("  - &l{level} [{aliases}]\n"));
    }
    out.into_bytes()
}

/// Offsets just after `": "` on lines of the form `key: value` (where an anchor or alias can
/// go).
fn value_starts(bytes: &[u8]) -> Vec<usize> {
    let mut out = Vec::new();
    for start in line_starts(bytes) {
        let line = &bytes[start..];
        let end = line.iter().position(|b| *b == b'\n').unwrap_or(line.len());
        if let Some(colon) = line[..end].windows(2).position(|w| w == b": ") {
            out.push(start + colon + 2);
        }
    }
    out
}

fn once(bytes: &mut Vec<u8>, rng: &mut Rng) {
    let at = rng.below(bytes.len() + 1);
    match rng.below(20) {
        0 => bytes.truncate(at),
        1 => {
            let end = (at + 1 + rng.below(40)).min(bytes.len());
            bytes.drain(at..end);
        }
        2 | 3 => {
            let token = rng.word(TOKENS).as_bytes().to_vec();
            bytes.splice(at..at, token);
        }
        4 => {
            let mut out = "\u{feff}".as_bytes().to_vec();
            out.append(bytes);
            *bytes = out;
        }
        5 => {
            let sep: &[u8] = if rng.one_in(2) { b"\r\n" } else { b"\r" };
            *bytes = lines(bytes).join(sep);
        }
        6 => {
            let bad = rng.pick(INVALID_UTF8).to_vec();
            bytes.splice(at..at, bad);
        }
        7 => {
            let c = rng.below(0x20) as u8;
            bytes.splice(at..at, [c]);
        }
        8 => {
            // Swap, duplicate or drop a line.
            let mut ls = lines(bytes);
            let (a, b) = (rng.below(ls.len()), rng.below(ls.len()));
            match rng.below(3) {
                0 => ls.swap(a, b),
                1 => {
                    let copy = ls[a].clone();
                    ls.insert(b, copy);
                }
                _ => {
                    ls.remove(a);
                }
            }
            *bytes = join(&ls);
        }
        9 => {
            // An alias bomb under a key of its own (an unknown key: rejected, but only once
            // parsed) or under `notes` (a known key).
            let key = if rng.one_in(2) { "notes" } else { "x" };
            let levels = *rng.pick(&[3, 5, 7, 9, 12]);
            let width = *rng.pick(&[2, 5, 10]);
            let mut out = bomb(key, levels, width);
            out.extend_from_slice(bytes);
            *bytes = out;
        }
        10 | 11 => {
            // An anchor on one value and an alias to it in place of a later one.
            let starts = value_starts(bytes);
            if starts.len() >= 2 {
                let a = rng.below(starts.len() - 1);
                let b = a + 1 + rng.below(starts.len() - a - 1);
                let (sa, sb) = (starts[a], starts[b]);
                let line_end = bytes[sb..]
                    .iter()
                    .position(|c| *c == b'\n')
                    .map_or(bytes.len(), |p| sb + p);
                bytes.splice(sb..line_end, b"*z".iter().copied());
                bytes.splice(sa..sa, b"&z ".iter().copied());
            }
        }
        12 => {
            // A merge key pulling in an anchored mapping.
            let mut out = b"base: &m { name: X, type: string, required: true }\n".to_vec();
            out.extend_from_slice(bytes);
            let starts = line_starts(&out);
            let line = starts[rng.below(starts.len())];
            out.splice(line..line, b"<<: *m\n".iter().copied());
            *bytes = out;
        }
        13 => {
            // Deep flow nesting.
            let depth = *rng.pick(&[20, 40, 100, 5_000, 100_000]);
            let mut nest = "[".repeat(depth).into_bytes();
            nest.extend(std::iter::repeat_n(b']', depth));
            bytes.splice(at..at, nest);
        }
        14 => {
            // Several documents.
            let copy = bytes.clone();
            bytes.extend_from_slice(b"\n---\n");
            bytes.extend_from_slice(&copy);
        }
        15 => {
            let word = rng.word(NAMES).as_bytes().to_vec();
            bytes.splice(at..at, word);
        }
        16 => {
            let word = rng.word(NUMBERS).as_bytes().to_vec();
            bytes.splice(at..at, word);
        }
        17 => {
            // Flip a byte.
            if let Some(b) = bytes.get_mut(at) {
                *b ^= 1 << rng.below(8);
            }
        }
        18 => {
            // Tabs or odd indentation.
            let mut ls = lines(bytes);
            let i = rng.below(ls.len());
            let indent: &[u8] = [&b"\t"[..], b" ", b"   ", b"\x0b"][rng.below(4)];
            ls[i].splice(0..0, indent.iter().copied());
            *bytes = join(&ls);
        }
        _ => {
            // A very long line.
            let n = *rng.pick(&[1_000, 10_000, 200_000, 1_100_000]);
            bytes.splice(at..at, std::iter::repeat_n(b'a', n));
        }
    }
}
