//! Writes a node tree back as YAML text (block style, every string double-quoted), so that
//! tree mutations can be fed to the loader as the text a spec author could have written.

use cloudusage_codegen::spec::node::{Node, Value};

/// `node` as a YAML document.
pub fn write(node: &Node) -> String {
    let mut out = String::new();
    match &node.value {
        Value::Map(entries) if !entries.is_empty() => block(&mut out, &node.value, 0),
        Value::Seq(items) if !items.is_empty() => block(&mut out, &node.value, 0),
        other => {
            out.push_str(&inline(other));
            out.push('\n');
        }
    }
    out
}

fn is_block(value: &Value) -> bool {
    match value {
        Value::Map(entries) => !entries.is_empty(),
        Value::Seq(items) => !items.is_empty(),
        _ => false,
    }
}

/// A non-empty mapping or sequence at `indent`.
fn block(out: &mut String, value: &Value, indent: usize) {
    let pad = " ".repeat(indent);
    match value {
        Value::Map(entries) => {
            for (key, node) in entries {
                out.push_str(&pad);
                out.push_str(&quote(&key.name));
                out.push(':');
                child(out, &node.value, indent);
            }
        }
        Value::Seq(items) => {
            for node in items {
                out.push_str(&pad);
                out.push('-');
                child(out, &node.value, indent);
            }
        }
        _ => {}
    }
}

fn child(out: &mut String, value: &Value, indent: usize) {
    if is_block(value) {
        out.push('\n');
        block(out, value, indent + 2);
    } else {
        out.push(' ');
        out.push_str(&inline(value));
        out.push('\n');
    }
}

/// A scalar or an empty collection, on one line.
fn inline(value: &Value) -> String {
    match value {
        Value::Null => "null".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) if f.is_nan() => ".nan".to_string(),
        Value::Float(f) if f.is_infinite() => if *f > 0.0 { ".inf" } else { "-.inf" }.to_string(),
        Value::Float(f) => format!("{f:?}"),
        Value::Str(s) => quote(s),
        Value::Seq(_) => "[]".to_string(),
        Value::Map(_) => "{}".to_string(),
    }
}

/// A double-quoted YAML scalar: JSON's escapes are YAML's.
fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloudusage_codegen::spec::node::parse;

    #[test]
    fn round_trips() {
        let text =
            "a: 1\nb:\n  - x\n  - { c: true, d: [] }\n  - [1, 2.5]\ne: \"q\\\"\\n\"\nf: null\n";
        let node = parse(text).unwrap();
        let again = parse(&write(&node)).unwrap();
        assert_eq!(write(&node), write(&again));
    }
}
