//! Responses as JSON, JSON lines, CSV or a table. Every format starts from the payloads as
//! the server sent them (numbers and times are printed as received, never re-typed).

use std::io::Write;

use serde_json::Value;

/// `--output`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The payload (an array of payloads when several requests were made), indented.
    Json,
    /// One row per line, as compact JSON.
    Jsonl,
    /// One row per line, nested members as `Parent.Child` columns.
    Csv,
    /// Rows as an aligned table.
    Table,
}

/// The rows of the payloads: the items of the API's row field (`rows`, a dotted path), else
/// each payload.
pub fn rows(payloads: &[Value], rows: Option<&str>) -> Vec<Value> {
    match rows {
        Some(path) => payloads
            .iter()
            .flat_map(|p| match path.split('.').try_fold(p, |v, k| v.get(k)) {
                Some(Value::Array(items)) => items.clone(),
                _ => Vec::new(),
            })
            .collect(),
        None => payloads.to_vec(),
    }
}

/// A row's cells by column: nested objects flattened with dots, arrays kept as JSON.
fn flatten(prefix: &str, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(members) if !members.is_empty() => {
            for (k, v) in members {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&key, v, out);
            }
        }
        other => out.push((
            if prefix.is_empty() {
                "value".to_string()
            } else {
                prefix.to_string()
            },
            cell(other),
        )),
    }
}

/// A value as a cell: strings without quotes, numbers as received, `null` empty.
fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Columns in first-seen order and each row's cells in that order.
fn table(rows: &[Value]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut columns: Vec<String> = Vec::new();
    let flat: Vec<Vec<(String, String)>> = rows
        .iter()
        .map(|r| {
            let mut cells = Vec::new();
            flatten("", r, &mut cells);
            for (k, _) in &cells {
                if !columns.contains(k) {
                    columns.push(k.clone());
                }
            }
            cells
        })
        .collect();
    let lines = flat
        .into_iter()
        .map(|cells| {
            columns
                .iter()
                .map(|c| {
                    cells
                        .iter()
                        .find(|(k, _)| k == c)
                        .map(|(_, v)| v.clone())
                        .unwrap_or_default()
                })
                .collect()
        })
        .collect();
    (columns, lines)
}

/// Writes `payloads` in `format`.
pub fn write(
    out: &mut dyn Write,
    format: Format,
    payloads: &[Value],
    rows_field: Option<&str>,
) -> Result<(), crate::CliError> {
    match format {
        Format::Json => {
            let value = match payloads {
                [one] => one.clone(),
                many => Value::Array(many.to_vec()),
            };
            serde_json::to_writer_pretty(&mut *out, &value).map_err(std::io::Error::other)?;
            writeln!(out)?;
        }
        Format::Jsonl => {
            for row in rows(payloads, rows_field) {
                serde_json::to_writer(&mut *out, &row).map_err(std::io::Error::other)?;
                writeln!(out)?;
            }
        }
        Format::Csv => {
            let (columns, lines) = table(&rows(payloads, rows_field));
            let mut w = csv::Writer::from_writer(&mut *out);
            if !columns.is_empty() {
                w.write_record(&columns)?;
            }
            for line in lines {
                w.write_record(&line)?;
            }
            w.flush()?;
        }
        Format::Table => {
            let (columns, lines) = table(&rows(payloads, rows_field));
            if columns.is_empty() {
                writeln!(out, "(no rows)")?;
                return Ok(());
            }
            let width = |i: usize| {
                lines
                    .iter()
                    .map(|l: &Vec<String>| l[i].chars().count())
                    .chain([columns[i].chars().count()])
                    .max()
                    .unwrap_or(0)
            };
            let widths: Vec<usize> = (0..columns.len()).map(width).collect();
            let line = |cells: &[String]| {
                let padded: Vec<String> = cells
                    .iter()
                    .zip(&widths)
                    .map(|(c, w)| format!("{c:<w$}"))
                    .collect();
                padded.join("  ").trim_end().to_string()
            };
            writeln!(out, "{}", line(&columns))?;
            let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
            writeln!(out, "{}", rule.join("  "))?;
            for l in &lines {
                writeln!(out, "{}", line(l))?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rows_flatten_nested_members_and_keep_numbers_as_received() {
        let payload = json!({"Items": [
            {"Time": "2025-01-01T00:00:00+08:00", "Bytes": 12345678901234567u64, "Rate": 0.1, "Tag": {"K": "v"}},
            {"Time": "2025-01-02T00:00:00+08:00", "Extra": [1, 2]}
        ]});
        let (columns, lines) = table(&rows(&[payload], Some("Items")));
        assert_eq!(columns, ["Bytes", "Rate", "Tag.K", "Time", "Extra"]);
        assert_eq!(
            lines[0],
            [
                "12345678901234567",
                "0.1",
                "v",
                "2025-01-01T00:00:00+08:00",
                ""
            ]
        );
        assert_eq!(lines[1][4], "[1,2]");
    }

    #[test]
    fn a_payload_without_rows_is_one_row() {
        let mut out = Vec::new();
        write(
            &mut out,
            Format::Csv,
            &[json!({"Duration": 1.5, "Aggregation": 86400})],
            None,
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "Aggregation,Duration\n86400,1.5\n"
        );
    }
}
