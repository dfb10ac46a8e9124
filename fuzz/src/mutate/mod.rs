//! Turning a seed spec set into a case: one file (usually the API file) mutated at the
//! YAML-tree level, the byte level or both, and now and then a whole file added or removed.

pub mod bytes;
pub mod tree;
pub mod words;

use crate::corpus::{File, Seeds, SpecSet};
use crate::rng::Rng;

/// The case a generator state makes from `seeds` (deterministic in `rng`).
pub fn case(seeds: &Seeds, rng: &mut Rng) -> SpecSet {
    let which = rng.below(seeds.sets.len());
    let mut set = seeds.sets[which].clone();
    let victim = if rng.one_in(5) {
        rng.below(set.files.len())
    } else {
        set.main_file()
    };
    let donor = &seeds.trees[rng.below(seeds.trees.len())];
    let tree = seeds.trees[which][victim].as_ref();
    let file = &mut set.files[victim];
    match rng.below(10) {
        // Tree only: most cases, since they reach the checks behind the parser.
        0..=5 => match tree {
            Some(tree) => file.bytes = tree::mutate(tree, donor, rng).into_bytes(),
            None => bytes::mutate(&mut file.bytes, rng),
        },
        6..=7 => bytes::mutate(&mut file.bytes, rng),
        _ => {
            if let Some(tree) = tree {
                file.bytes = tree::mutate(tree, donor, rng).into_bytes();
            }
            bytes::mutate(&mut file.bytes, rng);
        }
    }
    if rng.one_in(40) {
        files(&mut set, rng);
    }
    set
}

/// Adds or removes a whole file: an API copied under another action name (clashes between
/// siblings), a file dropped (a service without its provider), a file under a path outside
/// the layout.
fn files(set: &mut SpecSet, rng: &mut Rng) {
    let main = set.main_file();
    match rng.below(3) {
        0 => {
            let mut copy = set.files[main].clone();
            let name = rng.word(words::NAMES);
            copy.path.set_file_name(format!("{name}.yaml"));
            set.files.push(copy);
        }
        1 if set.files.len() > 1 => {
            let i = rng.below(set.files.len());
            set.files.remove(i);
        }
        _ => {
            let path = rng.word(&[
                "p.yaml",
                "a/b/c/d.yaml",
                "P/provider.yaml",
                "p/S/service.yaml",
                "default/provider.yaml",
                "as/provider.yaml",
                "p/s/.yaml",
                "p/s/service.yml",
            ]);
            set.files.push(File {
                path: path.into(),
                bytes: set.files[main].bytes.clone(),
            });
        }
    }
}
