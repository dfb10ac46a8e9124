//! Bounds on what one spec file may cost to load, so that no spec set makes the tool take
//! seconds or gigabytes (the fuzzer found files that took seconds: a hundred thousand list
//! items, YAML alias expansion). Each bound is far above what a real API needs (the largest
//! file of the Tencent catalogue is a few hundred KiB with a few thousand values) and is
//! reported as a located diagnostic, never a crash.

use super::decode::Problem;
use super::node::Pos;

/// The largest spec file, in bytes.
pub const MAX_FILE_BYTES: usize = 1 << 20;

/// The deepest nesting of mappings and lists (a spec needs about 8: a file, `types`, a type,
/// `fields`, a field, ...). Bounds the parser's and the decoder's recursion.
pub const MAX_DEPTH: usize = 32;

/// The most values (scalars, lists and mappings) one file may hold once its aliases are
/// expanded: an alias counts again each time it is used, so an alias bomb stops here.
pub const MAX_VALUES: usize = 100_000;

/// The most bytes of text one file may hold once its aliases are expanded.
pub const MAX_TEXT_BYTES: usize = 4 << 20;

/// The most items of one list (parameters, fields, types, enum values, error codes, ...) and
/// keys of one mapping.
/// Checks compare items of one list with each other; this keeps them fast.
pub const MAX_ITEMS: usize = 2_000;

/// The most problems reported for one file: past this, one more says how many were left
/// out (a file of thousands of broken items would otherwise take seconds to report, and no
/// one reads the rest before fixing the first).
pub const MAX_PROBLEMS: usize = 500;

/// The text of a spec file: at most [`MAX_FILE_BYTES`] and UTF-8, else the problem with the
/// line and column where the file goes wrong.
pub fn text(bytes: Vec<u8>) -> Result<String, Problem> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(Problem {
            pos: position(&bytes, MAX_FILE_BYTES),
            path: String::new(),
            message: format!(
                "the file is larger than {} KiB ({} bytes)",
                MAX_FILE_BYTES >> 10,
                bytes.len()
            ),
        });
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        Problem {
            pos: position(e.as_bytes(), at),
            path: String::new(),
            message: "the file is not UTF-8 text".to_string(),
        }
    })
}

/// Line and column (in characters, 1-based) of byte `at` of `bytes`.
fn position(bytes: &[u8], at: usize) -> Pos {
    let before = &bytes[..at.min(bytes.len())];
    let line_start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    // Count characters, not bytes, of the valid prefix of the line.
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    Pos {
        line: line as u64,
        column: column as u64,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_is_located() {
        let err = text(b"a: 1\nb: x\xffy\n".to_vec()).unwrap_err();
        assert_eq!(err.pos, Pos { line: 2, column: 5 });
    }

    #[test]
    fn too_large_is_located() {
        let err = text(vec![b'a'; MAX_FILE_BYTES + 1]).unwrap_err();
        assert_eq!(err.pos.line, 1);
        assert!(err.message.contains("larger than"), "{}", err.message);
    }
}
