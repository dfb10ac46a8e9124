//! Writing spec YAML by hand: the importer's output must be byte-for-byte deterministic and
//! read back exactly, so every scalar that is not a plain word is double-quoted.

/// A YAML document built line by line.
#[derive(Debug, Default)]
pub(crate) struct Yaml {
    lines: Vec<String>,
}

impl Yaml {
    pub fn line(&mut self, indent: usize, text: &str) {
        self.lines.push(format!("{}{text}", " ".repeat(indent)));
    }

    /// The number of lines so far (a mark for [`Yaml::replace_from`]).
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// Replaces the line before `mark` and everything after it with `text` (an empty list
    /// written as `key: []`).
    pub fn replace_from(&mut self, mark: usize, text: &str) {
        self.lines.truncate(mark.saturating_sub(1));
        self.lines.push(text.to_string());
    }

    pub fn finish(self) -> String {
        let mut out = self.lines.join("\n");
        out.push('\n');
        out
    }
}

/// A double-quoted YAML scalar holding `text` exactly.
pub(crate) fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            // Other control characters, and the line and paragraph separators YAML treats
            // as line breaks, by code point.
            c if c.is_control() || c == '\u{2028}' || c == '\u{2029}' || c == '\u{feff}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::quoted;

    #[test]
    fn quoting_round_trips_through_the_loader_parser() {
        for text in [
            "plain",
            "a \"b\" \\ c",
            "line\nnext\r\n\ttab",
            "统计 ID: [1, 2] # not a comment",
            "\u{1}\u{2028}",
        ] {
            let yaml = format!("v: {}\n", quoted(text));
            let parsed: std::collections::BTreeMap<String, String> =
                serde_saphyr::from_str(&yaml).unwrap();
            assert_eq!(parsed["v"], text);
        }
    }
}
