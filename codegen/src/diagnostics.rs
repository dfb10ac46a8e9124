//! Problems found in spec files, reported all at once, each pointing at the spot to fix.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::spec::decode::Problem;
use crate::spec::node::Pos;

/// How many characters of a source line a snippet shows (around the caret).
pub const SNIPPET_WIDTH: usize = 120;

/// How long a key path, or a run of text without spaces in a message, may be before its
/// middle is left out: a key of a million characters (a pasted blob, a fuzzer's) is no
/// easier to find for being printed whole, in every problem under it.
pub(crate) const LONGEST_WORD: usize = 120;

/// `text` with every run of non-space characters longer than [`LONGEST_WORD`] cut down to
/// its ends around a `…`. Key paths are built with it too ([`join`](crate::spec::decode::join)):
/// each value of a long list keeps its own path, and a million-character key in 300 of them
/// once took 150 MB.
pub(crate) fn shorten(text: &str) -> String {
    if text.len() <= LONGEST_WORD {
        return text.to_string();
    }
    let mut out = String::with_capacity(LONGEST_WORD * 2);
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let count = word.chars().count();
        if count <= LONGEST_WORD {
            out.push_str(word);
        } else {
            let keep = LONGEST_WORD / 2;
            out.extend(word.chars().take(keep));
            out.push('…');
            out.extend(word.chars().skip(count - keep / 2));
        }
    }
    out
}

/// One problem in one spec file.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub file: PathBuf,
    /// Where the YAML parser placed the offending key or value (`line == 0`: unknown).
    pub pos: Pos,
    /// Key path as the file is written, e.g. `request.StartTime.format`.
    pub path: String,
    pub message: String,
    /// The text of the line `pos` points into, for the snippet under the message: of a long
    /// line, only the part around `pos`, starting `source_from` characters into the line.
    pub source_line: Option<String>,
    pub source_from: usize,
}

impl Diagnostic {
    /// The line the problem is on with a caret under its column, as rustc shows it:
    ///
    /// ```text
    ///   |
    /// 5 |   - { name: X, type: strin }
    ///   |                      ^
    /// ```
    ///
    /// A line longer than [`SNIPPET_WIDTH`] characters is shown around the caret, its cut
    /// ends marked `…`.
    pub fn snippet(&self) -> Option<String> {
        let line = self.source_line.as_deref()?;
        if !self.pos.is_known() {
            return None;
        }
        let number = self.pos.line.to_string();
        let gutter = " ".repeat(number.len());
        let column = (self.pos.column.saturating_sub(1) as usize).saturating_sub(self.source_from);
        let chars: Vec<char> = line.trim_end().chars().collect();
        let start = column.saturating_sub(SNIPPET_WIDTH / 2).min(chars.len());
        let end = (start + SNIPPET_WIDTH).min(chars.len());
        let lead = if start > 0 || self.source_from > 0 {
            "…"
        } else {
            ""
        };
        let tail = if end < chars.len() { "…" } else { "" };
        let shown: String = chars[start..end].iter().collect();
        // Tabs stay tabs so the caret lines up however they are shown.
        let pad: String = lead
            .chars()
            .map(|_| ' ')
            .chain(chars[start..column.clamp(start, end)].iter().map(|&c| {
                if c == '\t' {
                    '\t'
                } else {
                    ' '
                }
            }))
            .collect();
        Some(format!(
            "{gutter} |\n{number} | {lead}{shown}{tail}\n{gutter} | {pad}^\n"
        ))
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if self.pos.is_known() {
            write!(f, ":{}:{}", self.pos.line, self.pos.column)?;
        }
        if !self.path.is_empty() {
            write!(f, ": {}", self.path)?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Every problem found while loading a specs directory. Sorted by file and position.
#[derive(Debug, Clone, Default, PartialEq, thiserror::Error)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, file: &Path, pos: Pos, path: &str, message: impl Into<String>) {
        self.items.push(Diagnostic {
            file: file.to_path_buf(),
            pos,
            path: shorten(path),
            message: shorten(&message.into()),
            source_line: None,
            source_from: 0,
        });
    }

    /// Fills in each item's [`Diagnostic::source_line`] from the text of its file.
    pub fn attach_sources<'a>(&mut self, text_of: impl Fn(&Path) -> Option<&'a str>) {
        for d in &mut self.items {
            if d.source_line.is_none() && d.pos.is_known() {
                // Only what a snippet can show is kept (a line can be megabytes long).
                let column = d.pos.column.saturating_sub(1) as usize;
                let skip = column.saturating_sub(SNIPPET_WIDTH);
                d.source_line = text_of(&d.file)
                    .and_then(|text| text.lines().nth(d.pos.line as usize - 1))
                    .map(|line| line.chars().skip(skip).take(3 * SNIPPET_WIDTH).collect());
                d.source_from = skip;
            }
        }
    }

    pub fn extend_problems(&mut self, file: &Path, problems: Vec<Problem>) {
        for p in problems {
            self.push(file, p.pos, &p.path, p.message);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Orders problems the way an author fixes them: file by file, top to bottom.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            (&a.file, a.pos, &a.path, &a.message).cmp(&(&b.file, b.pos, &b.path, &b.message))
        });
        self.items.dedup();
    }
}

impl Diagnostics {
    /// The items as warnings: a `warning: file:line:col: path: message` line each, and the
    /// [snippet](Diagnostic::snippet) under it.
    pub fn warning_lines(&self) -> String {
        self.items
            .iter()
            .map(|d| format!("warning: {d}\n{}", d.snippet().unwrap_or_default()))
            .collect()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.items {
            writeln!(f, "error: {d}")?;
            if let Some(snippet) = d.snippet() {
                write!(f, "{snippet}")?;
            }
        }
        let n = self.items.len();
        write!(f, "{n} problem{} found", if n == 1 { "" } else { "s" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_huge_key_is_shortened_in_paths_messages_and_snippets() {
        let key = "k".repeat(100_000);
        let line = format!("  - name: {key} # end");
        let mut d = Diagnostics::default();
        let column = 11 + key.len() as u64;
        d.push(
            Path::new("a.yaml"),
            Pos { line: 1, column },
            &format!("request.{key}.type"),
            format!("`{key}` has no type"),
        );
        d.attach_sources(|_| Some(line.as_str()));
        let item = &d.items[0];
        assert!(
            item.path.len() < 200
                && item.path.starts_with("request.kkk")
                && item.path.ends_with("kk.type")
        );
        assert!(item.message.len() < 200 && item.message.ends_with("` has no type"));
        let snippet = item.snippet().unwrap();
        assert!(snippet.len() < 400, "{snippet}");
        // The caret still points at the column, after the cut start.
        let lines: Vec<&str> = snippet.lines().collect();
        let caret = lines[2].chars().position(|c| c == '^').unwrap();
        let under: String = lines[1].chars().skip(caret).take(2).collect();
        assert_eq!(under, " #");
    }

    #[test]
    fn key_paths_keep_a_huge_key_short() {
        let path = crate::spec::decode::join("request", &"k".repeat(100_000));
        let item = crate::spec::decode::join(&path, "[299]");
        assert!(item.len() < 200 && item.ends_with("k[299]"), "{item}");
        assert_eq!(crate::spec::decode::join("a", "b"), "a.b");
    }

    #[test]
    fn short_lines_are_shown_whole() {
        let mut d = Diagnostics::default();
        d.push(Path::new("a.yaml"), Pos { line: 1, column: 7 }, "x", "bad");
        d.attach_sources(|_| Some("  a: \tstrin"));
        assert_eq!(
            d.items[0].snippet().unwrap(),
            "  |\n1 |   a: \tstrin\n  |      \t^\n"
        );
    }
}
