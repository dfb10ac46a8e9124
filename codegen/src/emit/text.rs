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

/// `///` lines for `text` at `indent` spaces. Carriage returns cannot appear in doc comments,
/// so lines are split on them too.
pub(crate) fn doc_lines(out: &mut String, indent: usize, text: &str) {
    for line in text.trim_end().replace("\r\n", "\n").split(['\n', '\r']) {
        let line = line.trim_end();
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
    }
}
