//! Problems found in spec files, reported all at once, each pointing at the spot to fix.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::spec::decode::Problem;
use crate::spec::node::Pos;

/// One problem in one spec file.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub file: PathBuf,
    /// Where the YAML parser placed the offending key or value (`line == 0`: unknown).
    pub pos: Pos,
    /// Key path as the file is written, e.g. `request.StartTime.format`.
    pub path: String,
    pub message: String,
    /// The text of the line `pos` points into, for the snippet under the message.
    pub source_line: Option<String>,
}

impl Diagnostic {
    /// The line the problem is on with a caret under its column, as rustc shows it:
    ///
    /// ```text
    ///   |
    /// 5 |   - { name: X, type: strin }
    ///   |                      ^
    /// ```
    pub fn snippet(&self) -> Option<String> {
        let line = self.source_line.as_deref()?;
        if !self.pos.is_known() {
            return None;
        }
        let number = self.pos.line.to_string();
        let gutter = " ".repeat(number.len());
        // Tabs stay tabs so the caret lines up however they are shown.
        let pad: String = line
            .chars()
            .take(self.pos.column.saturating_sub(1) as usize)
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        Some(format!(
            "{gutter} |\n{number} | {}\n{gutter} | {pad}^\n",
            line.trim_end()
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
            path: path.to_string(),
            message: message.into(),
            source_line: None,
        });
    }

    /// Fills in each item's [`Diagnostic::source_line`] from the text of its file.
    pub fn attach_sources<'a>(&mut self, text_of: impl Fn(&Path) -> Option<&'a str>) {
        for d in &mut self.items {
            if d.source_line.is_none() && d.pos.is_known() {
                d.source_line = text_of(&d.file)
                    .and_then(|text| text.lines().nth(d.pos.line as usize - 1))
                    .map(str::to_string);
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
