//! Multi-Paxos: a sequence of Paxos instances ("slots") deciding the commands of a replicated
//! state machine (Paxos Made Simple §3; van Renesse & Altinbuken, "Paxos Made Moderately
//! Complex", 2015 — PMMC below).
//!
//! - [`leader`](MultiPaxosNode) — election by ballot preemption and heartbeats; phase 1 once
//!   for all open slots; re-proposal of reported values and no-ops in gaps; phase 2 per slot.
//! - acceptor — Promise / Accepted, durable across restarts.
//! - replica — chosen slots, catch-up, execution strictly in slot order into a
//!   [`KvStore`](conlab_core::kv::KvStore).
//! - [`SlotLog`] — per-replica accepted / chosen / executed, in persistent chunked vectors.

mod acceptor;
mod leader;
mod message;
mod node;
mod replica;
mod slots;

pub use message::{Msg, MsgKind};
pub use node::{Durable, MultiPaxosNode, Note, Origin, Reply, Role, Timer};
pub use slots::{AcceptedSlot, SlotLog};
