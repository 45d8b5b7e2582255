//! Single-decree Paxos and Multi-Paxos, after Lamport's "Paxos Made Simple" (2001), written as
//! pure state machines over the [`conlab_core::Protocol`] contract: no clock, no randomness,
//! no I/O.
//!
//! Single-decree ([`PaxosNode`], §2):
//! - [`Ballot`] — proposal numbers, unique per proposer (§2.2, §2.3).
//! - proposer — phase 1(a) Prepare, phase 2(a) Accept with the safe value (P2c), retry with a
//!   higher ballot after a randomized backoff (§3, progress).
//! - acceptor — phase 1(b) Promise, phase 2(b) Accepted, durable across restarts (§2.2).
//! - learner — learns on a quorum of Accepted for the same ballot (§2.3).
//!
//! Multi-Paxos ([`MultiPaxosNode`], §3 "Implementing a State Machine", with the details of
//! van Renesse & Altinbuken, "Paxos Made Moderately Complex"): a distinguished leader runs
//! phase 1 once for all open slots, then phase 2 per slot; replicas execute chosen commands in
//! slot order into the same key-value store as Raft.

mod acceptor;
mod ballot;
mod config;
mod learner;
mod message;
pub mod multi;
mod node;
mod proposer;

pub use ballot::{show as show_ballot, Ballot, NodeSet};
pub use config::{MultiPaxosBugs, MultiPaxosConfig, PaxosBugs, PaxosConfig, Roles};
pub use message::{Msg, MsgKind};
pub use multi::MultiPaxosNode;
pub use node::{Durable, Note, PaxosNode, Phase, Reply, Timer};

/// A single-decree Paxos value: what a client asked to propose.
pub type Value = String;
/// A Multi-Paxos slot (instance) number, 1-based.
pub type Slot = u64;
