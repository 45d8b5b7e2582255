//! Raft, as specified by Figure 2 of the extended paper ("In Search of an Understandable
//! Consensus Algorithm", Ongaro & Ousterhout, 2014), written as a pure state machine over the
//! [`conlab_core::Protocol`] contract: no clock, no randomness, no I/O.
//!
//! - [`election`](crate::RaftNode) — §5.2 leader election, §5.4.1 election restriction.
//! - replication — §5.3 log replication, §5.4.2 committing entries from previous terms.
//! - [`RaftLog`] — the 1-based log with the Log Matching helpers.

mod config;
mod election;
mod log;
mod message;
mod node;
mod replication;

pub use config::{RaftBugs, RaftConfig};
pub use log::{Entry, RaftLog};
pub use message::{Msg, MsgKind};
pub use node::{Durable, Note, RaftNode, Reply, Role, Timer};

/// A Raft term (§5.1): a logical clock that only moves forward.
pub type Term = u64;
/// A 1-based position in the log; 0 means "before the first entry".
pub type LogIndex = u64;
