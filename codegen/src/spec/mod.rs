//! Reading spec files: YAML text -> positioned node tree -> raw spec structs.
pub mod decode;
pub mod limits;
pub mod node;
pub mod raw;
