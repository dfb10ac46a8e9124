//! Macro invocations written as text.
//!
//! prettyplease prints the body of a macro invocation as one run of tokens, so the enums and
//! error codes that are expanded by the runtime's `macro_rules!` are written here, already
//! laid out, and appended to the formatted items of their file. This is also the cheap path:
//! no token stream is built, parsed back by syn and printed for them.

use std::fmt::Write;

/// A Rust string literal holding `text` exactly (escapes from `str`'s `Debug`, which are all
/// valid Rust escapes).
pub(crate) fn str_lit(text: &str) -> String {
    format!("{text:?}")
}

/// Characters rustc rejects in comments and literals (`text_direction_codepoint_in_comment`,
/// deny by default): they could make code read differently from what it does.
const BIDI_CONTROLS: &[char] = &[
    '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}', '\u{2066}', '\u{2067}', '\u{2068}',
    '\u{2069}',
];

/// The lines of doc `text` as they can be written in doc comments: split on carriage
/// returns too (a bare CR is an error in a doc comment) and with text-direction controls
/// written as their code points (`U+202E`). Every doc comment the generator writes goes
/// through here.
pub(crate) fn doc_text_lines(text: &str) -> Vec<String> {
    text.trim_end()
        .replace("\r\n", "\n")
        .split(['\n', '\r'])
        .map(|line| {
            let mut out = String::with_capacity(line.len());
            for c in line.trim_end().chars() {
                if BIDI_CONTROLS.contains(&c) {
                    let _ = write!(out, "U+{:04X}", u32::from(c));
                } else {
                    out.push(c);
                }
            }
            out
        })
        .collect()
}

/// `///` lines for `text` at `indent` spaces (see [`doc_text_lines`]).
pub(crate) fn doc_lines(out: &mut String, indent: usize, text: &str) {
    for line in doc_text_lines(text) {
        let pad = " ".repeat(indent);
        if line.is_empty() {
            let _ = writeln!(out, "{pad}///");
        } else {
            let _ = writeln!(out, "{pad}/// {line}");
        }
    }
}

/// One entry of a macro body: its doc lines and the entry itself.
pub(crate) struct Entry {
    pub doc: String,
    pub line: String,
}

/// `path! { name { entries } }` for entries that end in `;` (client methods).
pub(crate) fn methods_block(path: &str, head: &str, entries: &[Entry]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{path}::client_methods! {{\n    {head} {{");
    for e in entries {
        doc_lines(&mut out, 8, &e.doc);
        let _ = writeln!(out, "        {}", e.line);
    }
    out.push_str("    }\n}\n");
    out
}

/// `path! { docs name { entries } }`, laid out as rustfmt would.
pub(crate) fn macro_block(path: &str, doc: &str, head: &str, entries: &[Entry]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{path}! {{");
    if !doc.trim().is_empty() {
        doc_lines(&mut out, 4, doc);
    }
    let _ = writeln!(out, "    {head} {{");
    for e in entries {
        if !e.doc.trim().is_empty() {
            doc_lines(&mut out, 8, &e.doc);
        }
        let _ = writeln!(out, "        {},", e.line);
    }
    out.push_str("    }\n}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_and_docs_survive_any_text() {
        assert_eq!(str_lit("a\"b\\c\n"), r#""a\"b\\c\n""#);
        assert_eq!(str_lit("统计"), "\"统计\"");
        let mut out = String::new();
        doc_lines(&mut out, 0, "one\r\ntwo\n\nthree");
        assert_eq!(out, "/// one\n/// two\n///\n/// three\n");
        let mut out = String::new();
        doc_lines(&mut out, 0, "a\u{202e}b\rc");
        assert_eq!(out, "/// aU+202Eb\n/// c\n");
    }
}
