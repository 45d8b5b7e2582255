//! Linearizability of what clients saw (Herlihy & Wing, 1990): is there one order of the
//! operations, consistent with real time, in which a single key-value store gives every
//! answer the clients got?
//!
//! - `history` — what the clients saw: operations with their calls and answers.
//! - `model` — one key's register, answering as `KvStore::apply` does.
//! - `partition` — the history split by key (locality: each key is checked on its own).
//! - `search` — Wing & Gong's search with Lowe's memoization, on one key; `cache` — Lowe's
//!   cache of the configurations it reached.
//! - `verdict` — [`check`], its [`Verdict`] and the safety panel's [`Violation`](crate::Violation).

mod cache;
mod history;
mod model;
mod partition;
mod search;
mod verdict;

pub use history::{ClientId, History, Operation};
pub use verdict::{check, Verdict, PROPERTY};

#[cfg(test)]
mod tests;
