//! Mutations of the YAML tree: what a spec author (or a careless generator of specs) could
//! write that is still well-formed YAML, so the cases reach the checks behind the parser.

use cloudusage_codegen::spec::node::{Key, Node, Pos, Value};

use super::words::{NAMES, NUMBERS, VALUES};
use crate::rng::Rng;
use crate::yaml;

/// `tree` mutated one to three times (with subtrees from the `donor` trees) and written as
/// YAML.
pub fn mutate(tree: &Node, donor: &[Option<Node>], rng: &mut Rng) -> String {
    let mut root = tree.clone();
    let donors: Vec<&Node> = donor.iter().flatten().collect();
    for _ in 0..1 + rng.below(3) {
        let before = root.clone();
        once(&mut root, &donors, rng);
        // Mutations compound (a long string copied into a hundred thousand items): keep
        // cases a little over what the loader accepts, not gigabytes.
        if written_size(&root, 0) > MAX_WRITTEN {
            root = before;
        }
    }
    yaml::write(&root)
}

/// The largest text a tree mutation may write: past the loader's 1 MiB file limit, so the
/// limit itself is exercised.
const MAX_WRITTEN: usize = 3 << 20;

/// About how many bytes `yaml::write` makes of `node` at nesting `depth` (indentation
/// included), stopping early once over [`MAX_WRITTEN`].
fn written_size(node: &Node, depth: usize) -> usize {
    let own = 4 + 2 * depth;
    match &node.value {
        Value::Str(s) => own + s.len(),
        Value::Seq(items) => {
            let mut total = own;
            for item in items {
                total += written_size(item, depth + 1);
                if total > MAX_WRITTEN {
                    break;
                }
            }
            total
        }
        Value::Map(entries) => {
            let mut total = own;
            for (k, v) in entries {
                total += k.name.len() + written_size(v, depth + 1);
                if total > MAX_WRITTEN {
                    break;
                }
            }
            total
        }
        _ => own + 8,
    }
}

/// Paths (child indices) of every node under `node`, `node` itself first.
fn paths(node: &Node, at: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
    out.push(at.clone());
    let children: Vec<&Node> = match &node.value {
        Value::Seq(items) => items.iter().collect(),
        Value::Map(entries) => entries.iter().map(|(_, n)| n).collect(),
        _ => return,
    };
    for (i, child) in children.into_iter().enumerate() {
        at.push(i);
        paths(child, at, out);
        at.pop();
    }
}

fn get_mut<'a>(node: &'a mut Node, path: &[usize]) -> &'a mut Node {
    let Some((first, rest)) = path.split_first() else {
        return node;
    };
    // Paths come from `paths` over this tree, so each index is in range and the node at
    // each step is a collection.
    if matches!(node.value, Value::Seq(_) | Value::Map(_)) {
        match &mut node.value {
            Value::Seq(items) => get_mut(&mut items[*first], rest),
            Value::Map(entries) => get_mut(&mut entries[*first].1, rest),
            _ => unreachable!(),
        }
    } else {
        node
    }
}

fn get<'a>(node: &'a Node, path: &[usize]) -> &'a Node {
    let Some((first, rest)) = path.split_first() else {
        return node;
    };
    match &node.value {
        Value::Seq(items) => get(&items[*first], rest),
        Value::Map(entries) => get(&entries[*first].1, rest),
        _ => node,
    }
}

fn all_paths(node: &Node) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    paths(node, &mut Vec::new(), &mut out);
    out
}

fn strings(node: &Node, out: &mut Vec<String>) {
    match &node.value {
        Value::Str(s) => out.push(s.clone()),
        Value::Seq(items) => items.iter().for_each(|n| strings(n, out)),
        Value::Map(entries) => entries.iter().for_each(|(k, n)| {
            out.push(k.name.clone());
            strings(n, out);
        }),
        _ => {}
    }
}

fn node(value: Value) -> Node {
    Node {
        value,
        pos: Pos::default(),
    }
}

fn key(name: &str) -> Key {
    Key {
        name: name.to_string(),
        pos: Pos::default(),
    }
}

/// A size: usually one of `small`, one time in eight one of `large` (large inputs test the
/// limits, and cost the most time per case).
fn big(rng: &mut Rng, small: &[usize], large: &[usize]) -> usize {
    if rng.one_in(8) {
        *rng.pick(large)
    } else {
        *rng.pick(small)
    }
}

/// A number as the parser would read it: an integer when it is one, else a float, else text.
fn number(text: &str) -> Value {
    if let Ok(i) = text.parse::<i128>() {
        Value::Int(i)
    } else if let Ok(f) = text.parse::<f64>() {
        Value::Float(f)
    } else {
        Value::Str(text.to_string())
    }
}

/// A value of any kind, small.
fn any_value(rng: &mut Rng) -> Value {
    match rng.below(8) {
        0 => Value::Null,
        1 => Value::Bool(rng.one_in(2)),
        2 => number(rng.word(NUMBERS)),
        3 => Value::Float(f64::from_bits(rng.next())),
        4 => Value::Str(rng.word(NAMES).to_string()),
        5 => Value::Str(rng.word(VALUES).to_string()),
        6 => Value::Seq(vec![node(Value::Str(rng.word(NAMES).to_string()))]),
        _ => Value::Map(vec![(
            key(rng.word(&["name", "type", "value", "code", "param", "max"])),
            node(Value::Str(rng.word(VALUES).to_string())),
        )]),
    }
}

/// An edited string: an adversarial character inserted, words joined, case changed, a
/// digit prefixed.
fn edit(s: &str, rng: &mut Rng) -> String {
    let chars: Vec<char> = s.chars().collect();
    let at = rng.below(chars.len() + 1);
    let (head, tail): (String, String) =
        (chars[..at].iter().collect(), chars[at..].iter().collect());
    match rng.below(7) {
        0 => format!("{head}{}{tail}", rng.word(NAMES)),
        1 => s.to_uppercase(),
        2 => s.to_lowercase(),
        3 => format!("{}{s}", rng.below(10)),
        4 => format!("{s}_"),
        5 => format!("{s}{s}"),
        _ => {
            let c = char::from_u32(rng.below(0x3_0000) as u32).unwrap_or('\u{fffd}');
            format!("{head}{c}{tail}")
        }
    }
}

/// The value of a list item's `name` (or `code`, `value`) key, for renaming copies.
fn rename(item: &mut Node, suffix: usize) {
    if let Value::Map(entries) = &mut item.value {
        for (k, v) in entries.iter_mut() {
            if matches!(k.name.as_str(), "name" | "code" | "value") {
                if let Value::Str(s) = &mut v.value {
                    s.push_str(&suffix.to_string());
                }
            }
        }
    }
}

fn once(root: &mut Node, donors: &[&Node], rng: &mut Rng) {
    let paths = all_paths(root);
    let path = rng.pick(&paths).clone();
    let mut pool = Vec::new();
    strings(root, &mut pool);
    let target = get_mut(root, &path);
    match rng.below(15) {
        // Remove a child (a required key, a list item).
        0 | 1 => match &mut target.value {
            Value::Map(entries) if !entries.is_empty() => {
                let i = rng.below(entries.len());
                entries.remove(i);
            }
            Value::Seq(items) if !items.is_empty() => {
                let i = rng.below(items.len());
                items.remove(i);
            }
            _ => target.value = Value::Null,
        },
        // Duplicate a child: a duplicate key, or a list item twice (a duplicate parameter).
        2 => match &mut target.value {
            Value::Map(entries) if !entries.is_empty() => {
                let i = rng.below(entries.len());
                let copy = entries[i].clone();
                entries.insert(i + 1, copy);
            }
            Value::Seq(items) if !items.is_empty() => {
                let i = rng.below(items.len());
                let mut copy = items[i].clone();
                if rng.one_in(2) {
                    rename(&mut copy, 2);
                }
                items.insert(i + 1, copy);
            }
            _ => target.value = any_value(rng),
        },
        3 => target.value = any_value(rng),
        4 => target.value = Value::Str(rng.word(NAMES).to_string()),
        5 => {
            let edited = match &target.value {
                Value::Str(s) => edit(s, rng),
                _ => edit(rng.word(NAMES), rng),
            };
            target.value = Value::Str(edited);
        }
        6 => target.value = number(rng.word(NUMBERS)),
        7 => target.value = Value::Str(rng.word(VALUES).to_string()),
        // Deep nesting.
        8 => {
            let levels = big(rng, &[3, 10, 20], &[40, 70, 200, 1000]);
            let mut value = std::mem::replace(&mut target.value, Value::Null);
            for _ in 0..levels {
                value = if rng.one_in(2) {
                    Value::Seq(vec![node(value)])
                } else {
                    Value::Map(vec![(key("name"), node(value))])
                };
            }
            target.value = value;
        }
        // Very many items.
        9 => {
            let unit = written_size(target, 0).max(1);
            let n =
                big(rng, &[20, 100, 300], &[3_000, 20_000, 100_000]).min(MAX_WRITTEN / unit + 1);
            match &mut target.value {
                Value::Seq(items) if !items.is_empty() => {
                    let base = items.clone();
                    let mut out = Vec::with_capacity(n);
                    for i in 0..n {
                        let mut item = base[i % base.len()].clone();
                        if i >= base.len() {
                            rename(&mut item, i);
                        }
                        out.push(item);
                    }
                    *items = out;
                }
                Value::Map(entries) if !entries.is_empty() => {
                    let i = rng.below(entries.len());
                    let (k, v) = entries[i].clone();
                    for j in 0..n {
                        entries.push((key(&format!("{}{j}", k.name)), v.clone()));
                    }
                }
                _ => {
                    let item = node(std::mem::replace(&mut target.value, Value::Null));
                    target.value = Value::Seq(vec![item; n]);
                }
            }
        }
        // A subtree from another spec (a parameter where a type goes, a type list elsewhere).
        10 if !donors.is_empty() => {
            let donor = *rng.pick(donors);
            let donor_paths = all_paths(donor);
            let from = rng.pick(&donor_paths).clone();
            *target = get(donor, &from).clone();
        }
        // A string from elsewhere in the file: names reused (clashes, references).
        11 if !pool.is_empty() => target.value = Value::Str(rng.pick(&pool).clone()),
        // A key renamed: to another key of the file, an adversarial name or an edit.
        12 => {
            if let Value::Map(entries) = &mut target.value {
                if !entries.is_empty() {
                    let i = rng.below(entries.len());
                    entries[i].0.name = match rng.below(3) {
                        0 if !pool.is_empty() => rng.pick(&pool).clone(),
                        1 => rng.word(NAMES).to_string(),
                        _ => edit(&entries[i].0.name, rng),
                    };
                }
            } else {
                target.value = Value::Str(edit("x", rng));
            }
        }
        // A long string.
        13 => {
            let n = big(rng, &[100, 1_000, 10_000], &[70_000, 300_000, 2_000_000]);
            let unit = rng.word(&["A", "a_", "名", "é", "{", " ", "\\n"]);
            target.value = Value::Str(unit.repeat(n / unit.len().max(1)));
        }
        // Two children swapped (keys out of order, list items reordered).
        _ => match &mut target.value {
            Value::Map(entries) if entries.len() > 1 => {
                let (a, b) = (rng.below(entries.len()), rng.below(entries.len()));
                let (va, vb) = (entries[a].1.clone(), entries[b].1.clone());
                entries[a].1 = vb;
                entries[b].1 = va;
            }
            Value::Seq(items) if items.len() > 1 => {
                let (a, b) = (rng.below(items.len()), rng.below(items.len()));
                items.swap(a, b);
            }
            _ => target.value = any_value(rng),
        },
    }
}
