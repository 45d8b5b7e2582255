//! Linearizability of what clients saw (Herlihy & Wing, 1990): is there one order of the
//! operations, consistent with real time, in which a single key-value store gives every
//! answer the clients got?

mod history;

pub use history::{ClientId, History, Operation};
