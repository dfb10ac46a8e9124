//! Downstream example (being written).
