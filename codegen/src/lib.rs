//! `cloudusage-codegen`: turns YAML API specs into typed, validated, signed async Rust clients.
//!
//! Data flows one way: YAML text -> [`spec`] (serde structs with source positions) ->
//! [`load`] (semantic checks, all problems at once) -> [`model`] (the checked model) ->
//! emitters (token streams) -> formatted Rust files.
#![forbid(unsafe_code)]

pub mod builder;
pub mod diagnostics;
#[cfg(feature = "cli")]
pub mod drift;
pub mod emit;
pub mod generate;
#[cfg(feature = "cli")]
pub mod import;
pub mod load;
pub mod model;
pub mod naming;
pub mod spec;
pub mod suggest;

pub use builder::Builder;
