//! Raft, as specified by Figure 2 of the extended paper ("In Search of an Understandable
//! Consensus Algorithm", Ongaro & Ousterhout, 2014), written as a pure state machine over the
//! [`conlab_core::Protocol`] contract: no clock, no randomness, no I/O.
//!
//! - [`election`](crate::RaftNode) — §5.2 leader election, §5.4.1 election restriction.
//! - replication — §5.3 log replication, §5.4.2 committing entries from previous terms.
//! - [`RaftLog`] — the 1-based log with the Log Matching helpers.
//! - [`Role`] and the role-scoped state: a candidate's votes live in the candidate, the
//!   leader's per-follower [`Progress`] (etcd-io/raft's `tracker.Progress`) in the leader.
//! - [`Msg`] — one struct per RPC of Figure 2 ([`RequestVote`], [`AppendEntries`], …).
//! - membership — single-server configuration changes (Ongaro's dissertation §4.1–4.3);
//!   learner — catching up new servers before they vote (§4.2.1).
//! - pre_vote, check_quorum, transfer — PreVote (§9.6), CheckQuorum (§6.2, §4.2.3) and
//!   leadership transfer (§3.10), as etcd-io/raft ships them; off unless configured.
//! - [`Snapshot`] — log compaction and InstallSnapshot (§7, Figure 13).
//! - read_index — reads without a log entry: ReadIndex (dissertation §6.4) and leases
//!   (§6.4.1), as `raft.reads` ([`ReadMode`]) chooses.
//! - Quorums come from the node's [`conlab_core::Configuration`] (its voters), never from a
//!   cluster size.

mod check_quorum;
mod config;
mod election;
mod learner;
mod log;
mod membership;
mod message;
mod node;
mod pre_vote;
mod progress;
mod read_index;
mod replication;
mod role;
mod snapshot;
mod transfer;

pub use config::{RaftBugs, RaftConfig, ReadMode};
pub use log::{Entry, RaftLog};
pub use message::{
    AppendEntries, AppendEntriesReply, InstallSnapshot, InstallSnapshotReply, Msg, MsgKind,
    RequestVote, RequestVoteReply, TimeoutNow,
};
pub use node::{Durable, Note, RaftNode, Reply, Timer};
pub use progress::{Progress, ProgressState, ProgressTracker};
pub use read_index::CLOCK_DRIFT_BOUND_MS;
pub use role::Role;
pub use snapshot::Snapshot;

/// A Raft term (§5.1): a logical clock that only moves forward.
pub type Term = u64;
/// A 1-based position in the log; 0 means "before the first entry".
pub type LogIndex = u64;
