//! What both Paxos flavours' ghost histories tell their shared invariants: the instances'
//! votes and proposals, every ballot each acceptor ever promised, what clients requested, and
//! what the step just taken did.

use crate::InstanceVotes;
use conlab_core::NodeId;
use conlab_paxos::{Ballot, Slot};
use std::fmt::Display;

/// One vote (2b) the stepping acceptor cast in this step, as seen in its state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Vote<V> {
    /// `None` for single-decree Paxos.
    pub slot: Option<Slot>,
    pub ballot: Ballot,
    pub value: V,
    /// Another value already accepted or proposed in the same ballot (and slot).
    pub conflict: Option<V>,
    /// This vote completed a majority for `(ballot, value)`.
    pub newly_chosen: bool,
}

/// One proposal (2a) the stepping node issued in this step, with the promises it claims.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Proposal<V> {
    pub slot: Option<Slot>,
    pub ballot: Ballot,
    pub value: V,
    pub promisers: Vec<NodeId>,
    /// Another value already accepted or proposed in the same ballot (and slot).
    pub conflict: Option<V>,
}

/// What one step of one node did, in the terms every Paxos invariant shares.
#[derive(Clone, Debug)]
pub struct PaxosStep<V> {
    pub node: NodeId,
    /// The node's promise before and after the step.
    pub promise_before: Option<Ballot>,
    pub promised: Option<Ballot>,
    /// The highest ballot of any proposal the node holds accepted (in any slot).
    pub max_accepted: Option<Ballot>,
    pub votes: Vec<Vote<V>>,
    pub proposals: Vec<Proposal<V>>,
}

impl<V> PaxosStep<V> {
    pub fn new(node: NodeId) -> Self {
        Self {
            node,
            promise_before: None,
            promised: None,
            max_accepted: None,
            votes: Vec::new(),
            proposals: Vec::new(),
        }
    }
}

/// The ghost history of a Paxos flavour, as its shared invariants read it.
pub trait PaxosFacts: Send + Sync + 'static {
    type Value: Clone + PartialEq + Display;
    /// What the step just taken did.
    fn step(&self) -> &PaxosStep<Self::Value>;
    /// Every vote and proposal of one instance (`None`: the single-decree one).
    fn instance(&self, slot: Option<Slot>) -> Option<&InstanceVotes<Self::Value>>;
    /// Whether `acceptor` was ever seen to promise exactly `ballot`.
    fn ever_promised(&self, acceptor: NodeId, ballot: Ballot) -> bool;
    /// Whether a value may be chosen: a client requested it (or, in Multi-Paxos, it is the
    /// no-op a leader fills a gap with).
    fn may_be_chosen(&self, value: &Self::Value) -> bool;
    /// How many acceptors make a majority.
    fn quorum(&self) -> usize;
}

/// ` in slot 4`, or nothing for single-decree Paxos.
pub fn in_slot(slot: Option<Slot>) -> String {
    slot.map_or(String::new(), |s| format!(" in slot {s}"))
}

/// Every ballot each acceptor was ever seen promising, sorted.
#[derive(Clone, Debug)]
pub struct PromiseLog {
    ballots: Vec<Vec<Ballot>>,
}

impl PromiseLog {
    pub fn new(cluster_size: usize) -> Self {
        Self {
            ballots: vec![Vec::new(); cluster_size],
        }
    }

    /// `acceptor`'s promise is now `promised`; returns the highest one seen before.
    pub fn record(&mut self, acceptor: NodeId, promised: Option<Ballot>) -> Option<Ballot> {
        let seen = &mut self.ballots[acceptor.index()];
        let before = seen.last().copied();
        // Most steps keep the promise or raise it: no search then.
        match promised {
            Some(ballot) if before.is_none_or(|last| ballot > last) => seen.push(ballot),
            Some(ballot) if before != Some(ballot) => {
                if let Err(at) = seen.binary_search(&ballot) {
                    seen.insert(at, ballot);
                }
            }
            _ => {}
        }
        before
    }

    pub fn ever_promised(&self, acceptor: NodeId, ballot: Ballot) -> bool {
        self.ballots
            .get(acceptor.index())
            .is_some_and(|seen| seen.binary_search(&ballot).is_ok())
    }
}
