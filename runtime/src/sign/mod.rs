//! Request signers (placeholder, being written).
