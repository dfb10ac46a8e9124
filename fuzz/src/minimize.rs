//! Delta debugging: the smallest spec set (fewest files, then fewest lines, then fewest
//! bytes) that still fails the same way, so a regression fixture shows the bug and little
//! else.

use std::time::{Duration, Instant};

use crate::corpus::SpecSet;

/// Stops minimising after this many tries or this long, whichever comes first: slow and
/// uncompilable cases cost seconds per try.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    pub tries: usize,
    pub time: Duration,
}

struct Search<'a> {
    fails: &'a dyn Fn(&SpecSet) -> bool,
    tries: usize,
    budget: Budget,
    start: Instant,
}

impl Search<'_> {
    fn exhausted(&self) -> bool {
        self.tries >= self.budget.tries || self.start.elapsed() >= self.budget.time
    }

    fn test(&mut self, set: &SpecSet) -> bool {
        self.tries += 1;
        (self.fails)(set)
    }
}

/// The smallest set found that `fails` still holds for (`set` itself when nothing smaller
/// does). `fails(set)` must be true.
pub fn minimize(set: &SpecSet, fails: &dyn Fn(&SpecSet) -> bool, budget: Budget) -> SpecSet {
    let mut search = Search {
        fails,
        tries: 0,
        budget,
        start: Instant::now(),
    };
    let mut best = set.clone();
    // Whole files first.
    let mut i = 0;
    while i < best.files.len() && !search.exhausted() {
        let mut smaller = best.clone();
        smaller.files.remove(i);
        if search.test(&smaller) {
            best = smaller;
        } else {
            i += 1;
        }
    }
    // Then the lines, and the bytes, of each file, largest first.
    let mut order: Vec<usize> = (0..best.files.len()).collect();
    order.sort_by_key(|i| std::cmp::Reverse(best.files[*i].bytes.len()));
    for f in order {
        for by_lines in [true, false] {
            let units = split(&best.files[f].bytes, by_lines);
            let kept = ddmin(units, &mut |units: &[Vec<u8>]| {
                let mut candidate = best.clone();
                candidate.files[f].bytes = units.concat();
                search.exhausted() || search.test(&candidate)
            });
            best.files[f].bytes = kept.concat();
        }
    }
    best
}

/// `bytes` as lines (each with its `\n`) or as single bytes.
fn split(bytes: &[u8], by_lines: bool) -> Vec<Vec<u8>> {
    if by_lines {
        bytes
            .split_inclusive(|b| *b == b'\n')
            .map(<[u8]>::to_vec)
            .collect()
    } else {
        bytes.iter().map(|b| vec![*b]).collect()
    }
}

/// Zeller's ddmin: removes ever smaller chunks of `units` while `fails` holds. (`fails`
/// returns true once the budget is spent, which ends the search with what it has.)
fn ddmin(mut units: Vec<Vec<u8>>, fails: &mut dyn FnMut(&[Vec<u8>]) -> bool) -> Vec<Vec<u8>> {
    let mut n = 2;
    while units.len() >= 2 {
        let chunk = units.len().div_ceil(n);
        let mut reduced = false;
        let mut start = 0;
        while start < units.len() {
            let end = (start + chunk).min(units.len());
            let complement: Vec<Vec<u8>> = units[..start]
                .iter()
                .chain(&units[end..])
                .cloned()
                .collect();
            if fails(&complement) {
                units = complement;
                n = (n - 1).max(2);
                reduced = true;
                break;
            }
            start = end;
        }
        if !reduced {
            if n >= units.len() {
                break;
            }
            n = (n * 2).min(units.len());
        }
    }
    units
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::File;

    #[test]
    fn finds_the_lines_that_matter() {
        let set = SpecSet {
            files: vec![
                File {
                    path: "a.yaml".into(),
                    bytes: b"x\nboom\ny\nz\n".to_vec(),
                },
                File {
                    path: "b.yaml".into(),
                    bytes: b"other\n".to_vec(),
                },
            ],
        };
        let fails = |s: &SpecSet| {
            s.files
                .iter()
                .any(|f| f.bytes.windows(4).any(|w| w == b"boom"))
        };
        let budget = Budget {
            tries: 10_000,
            time: Duration::from_secs(10),
        };
        let min = minimize(&set, &fails, budget);
        assert_eq!(min.files.len(), 1);
        assert_eq!(min.files[0].bytes, b"boom");
    }
}
