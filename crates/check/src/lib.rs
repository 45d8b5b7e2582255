//! Safety invariants, checked after every simulator step.
//!
//! Each invariant lives in its own file and cites the property it checks. Invariants that
//! need the past keep *ghost* history (who led which term, what was committed and applied at
//! which index, which votes were cast); ghost state is never erased by crashes. An invariant
//! reports its first violation and then falls silent, so a run shows where things first broke.
//!
//! - [`raft`] — Figure 3 of the Raft paper and the facts its proofs lean on.
//! - [`paxos`] — single-decree Paxos, Paxos Made Simple §2.
//! - [`multipaxos`] — Multi-Paxos per slot, Paxos Made Simple §3 and the invariants of Paxos
//!   Made Moderately Complex.

pub mod multipaxos;
pub mod paxos;
pub mod raft;
mod violation;
mod votes;

pub use violation::{Invariant, Violation};
pub use votes::InstanceVotes;

use conlab_core::{NodeId, Protocol, Tick};

/// Where and when a step happened, for the violation report.
#[derive(Clone, Copy, Debug)]
pub struct StepContext {
    pub at: Tick,
    pub step: u64,
}

/// A set of invariants for protocol `P`, fed every node state after it changes.
pub trait Checker<P: Protocol>: Clone + std::fmt::Debug {
    fn new(cluster_size: usize) -> Self;

    /// `node` has just taken a step; `persisted` says its durable state was rewritten, and
    /// `notes` are the notes it emitted in that step (what it said it did: e.g. the Paxos
    /// proposer's 2a with the promises it rests on).
    fn after_step(
        &mut self,
        ctx: StepContext,
        node: &P,
        persisted: bool,
        notes: &[P::Note],
        out: &mut Vec<Violation>,
    );

    /// A client submitted `request` (to any node, up or not): the ground truth of what was
    /// requested, recorded by the simulator itself rather than taken from the nodes' notes.
    fn client_request(&mut self, request: &P::Request) {
        let _ = request;
    }

    /// Every invariant this checker watches, in display order.
    fn invariants() -> &'static [Invariant];
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

/// A latch that lets an invariant report only its first violation.
#[derive(Clone, Debug, Default)]
pub(crate) struct Latch {
    tripped: bool,
}

impl Latch {
    pub(crate) fn tripped(&self) -> bool {
        self.tripped
    }

    /// Record a violation of `invariant` unless one was already reported.
    pub(crate) fn report(
        &mut self,
        invariant: &'static Invariant,
        ctx: StepContext,
        nodes: Vec<NodeId>,
        message: String,
        out: &mut Vec<Violation>,
    ) {
        if !self.tripped {
            self.tripped = true;
            out.push(Violation {
                invariant: invariant.name,
                at: ctx.at,
                step: ctx.step,
                nodes,
                message,
            });
        }
    }
}
