//! Structure-aware fuzzing of the spec loader and generator.
//!
//! cargo-fuzz needs a nightly toolchain, which this project does not use, so this is a
//! deterministic random mutator in an ordinary release binary: case `n` of seed `s` is always
//! the same input. Each case takes a seed spec set (from `specs/`, the downstream test specs
//! and the diagnostics fixtures), mutates one file at the YAML-tree level (keys removed,
//! duplicated, retyped and renamed; huge numbers, adversarial names, long strings, deep
//! nesting, many items, subtrees spliced from other specs) and at the byte level (aliases
//! and alias bombs, BOMs, CRLF, invalid UTF-8, control characters, truncation), then loads,
//! checks and generates it under `catch_unwind`, timing it and counting its allocations.
//! Accepted outputs are compiled in batches ([`compile`]); failing inputs are minimised
//! ([`minimize`]) and written out as regression fixtures ([`fixture`]).
//!
//! [`responses`] fuzzes the other side, answers: the runtime's JSON reader and the typed
//! responses of the seed APIs (`cloudusage-fuzz-responses`).

pub mod alloc;
pub mod compile;
pub mod corpus;
pub mod cpu;
pub mod fixture;
pub mod minimize;
pub mod mutate;
pub mod oracle;
pub mod responses;
pub mod rng;
pub mod run;
pub mod yaml;
