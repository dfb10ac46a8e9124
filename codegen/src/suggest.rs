//! "Did you mean": the closest known name to a mistyped one, for diagnostics.

/// `" (did you mean `x`?)"` when one of `known` is close to `word` (a typo: a few edits, or
/// the same letters in another case), else nothing.
pub fn did_you_mean<'a>(word: &str, known: impl IntoIterator<Item = &'a str>) -> String {
    match closest(word, known) {
        Some(best) => format!(" (did you mean `{best}`?)"),
        None => String::new(),
    }
}

/// The one of `known` closest to `word`, if it is close enough to be what was meant.
pub fn closest<'a>(word: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_lowercase();
    // About one edit in three letters (none for a word of one or two: anything is close).
    let allowed = word.chars().count() / 3;
    known
        .into_iter()
        .filter(|k| *k != word)
        .map(|k| {
            let d = if k.to_lowercase() == lower {
                0
            } else {
                edit_distance(&lower, &k.to_lowercase())
            };
            (d, k)
        })
        .filter(|(d, _)| *d <= allowed)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// Levenshtein distance, with a swap of two neighbours as one edit; inputs are short names,
/// and anything long is compared only by its first 64 characters (enough to spot a typo).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().take(64).collect();
    let b: Vec<char> = b.chars().take(64).collect();
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = d;
        }
    }
    rows[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_names_are_suggested() {
        assert_eq!(closest("defualt", ["default", "doc"]), Some("default"));
        assert_eq!(
            closest("startTime", ["StartTime", "EndTime"]),
            Some("StartTime")
        );
        assert_eq!(
            closest("Intervall", ["Interval", "Region"]),
            Some("Interval")
        );
        assert_eq!(closest("xyz", ["default", "doc"]), None);
        assert_eq!(
            did_you_mean("requred", ["required"]),
            " (did you mean `required`?)"
        );
        assert_eq!(did_you_mean("a", ["b", "c"]), "");
    }
}
