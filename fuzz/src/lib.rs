//! What every fuzz target checks besides "no panic": the invariants of extracted metadata,
//! passages, query errors and article positions. They live in `tests/common/invariants.rs`, shared
//! with the property tests (`tests/properties.rs`); here the inputs come from libFuzzer.

#[path = "../../tests/common/invariants.rs"]
mod invariants;

pub use invariants::*;
