//! Generated crate (being written).
