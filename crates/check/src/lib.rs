//! Safety invariants, checked after every simulator step.
//!
//! Each invariant lives in its own file, cites the property it checks and implements the one
//! [`Invariant`] trait; each protocol's checker is a ghost history plus the list of its
//! invariants ([`Invariants`]). The history records what actually happened — what each node
//! stored, promised, accepted, applied, and what clients requested, as the simulator saw it —
//! and is never erased by crashes; invariants judge the nodes against it instead of trusting
//! what the nodes say about themselves. An invariant reports its first violation and then
//! falls silent, so a run shows where things first broke.
//!
//! - [`raft`] — Figure 3 of the Raft paper and the facts its proofs lean on.
//! - [`paxos`] — single-decree Paxos, Paxos Made Simple §2.
//! - [`multipaxos`] — Multi-Paxos per slot, Paxos Made Simple §3 and the invariants of Paxos
//!   Made Moderately Complex.
//! - [`linearizability`] — what clients saw, judged whole rather than step by step: is there
//!   one order of their operations, consistent with real time, that a single key-value store
//!   answers as they were answered (Herlihy & Wing 1990; Wing & Gong 1993, Lowe 2017,
//!   Porcupine's partitioning by key)?

mod invariant;
pub mod linearizability;
pub mod multipaxos;
pub mod paxos;
pub mod raft;
mod violation;
mod votes;

pub(crate) use invariant::invariant_basics;
pub use invariant::{Invariant, Invariants};
pub use violation::{Breach, Property, Violation};
pub use votes::InstanceVotes;

use conlab_core::{Protocol, Tick};

/// Where and when a step happened, for the violation report.
#[derive(Clone, Copy, Debug)]
pub struct StepContext {
    pub at: Tick,
    pub step: u64,
}

/// A set of invariants for protocol `P`, fed every node state after it changes.
pub trait Checker<P: Protocol>: Clone + std::fmt::Debug {
    fn new(cluster_size: usize) -> Self;

    /// `node` has just taken a step; `booted` says the step (re)started it from its durable
    /// state (so its volatile state, a state machine included, begins afresh), and `notes`
    /// are the notes it emitted in that step (what it said it did: e.g. the Paxos proposer's
    /// 2a with the promises it rests on, which is checked, never trusted).
    fn after_step(
        &mut self,
        ctx: StepContext,
        node: &P,
        booted: bool,
        notes: &[P::Note],
        out: &mut Vec<Violation>,
    );

    /// A client submitted `request` (to any node, up or not): the ground truth of what was
    /// requested, recorded by the simulator itself rather than taken from the nodes' notes.
    fn client_request(&mut self, request: &P::Request) {
        let _ = request;
    }

    /// Every invariant this checker watches, in display order.
    fn invariants() -> &'static [Property];
}

/// Binds a protocol to the checker that watches it.
pub trait Checked: Protocol {
    type Checker: Checker<Self>;
}

impl Checked for conlab_raft::RaftNode {
    type Checker = raft::RaftChecker;
}

impl Checked for conlab_paxos::PaxosNode {
    type Checker = paxos::PaxosChecker;
}

impl Checked for conlab_paxos::MultiPaxosNode {
    type Checker = multipaxos::MultiPaxosChecker;
}
