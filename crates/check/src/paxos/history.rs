//! Single-decree Paxos's ghost history: every vote and proposal, every promise, and every
//! value clients requested, never erased by crashes.

use super::{PaxosFacts, PaxosStep, PromiseLog, Proposal, Vote};
use crate::InstanceVotes;
use conlab_core::NodeId;
use conlab_paxos::{Ballot, Note, PaxosNode, Slot, Value};

#[derive(Clone, Debug)]
pub struct PaxosHistory {
    quorum: usize,
    votes: InstanceVotes<Value>,
    /// Every value a client asked to propose, as the simulator saw the request.
    requested: Vec<Value>,
    promises: PromiseLog,
    /// Each acceptor's accepted proposal as last seen, to notice its new votes.
    seen_accepted: Vec<Option<(Ballot, Value)>>,
    step: PaxosStep<Value>,
}

impl PaxosHistory {
    pub fn new(cluster_size: usize) -> Self {
        Self {
            quorum: cluster_size / 2 + 1,
            votes: InstanceVotes::default(),
            requested: Vec::new(),
            promises: PromiseLog::new(cluster_size),
            seen_accepted: vec![None; cluster_size],
            step: PaxosStep::new(NodeId(1)),
        }
    }

    /// Every vote and proposal ever made.
    pub fn votes(&self) -> &InstanceVotes<Value> {
        &self.votes
    }

    /// Every value a client asked to propose.
    pub fn requested(&self) -> &[Value] {
        &self.requested
    }

    pub fn record_request(&mut self, value: &Value) {
        if !self.requested.contains(value) {
            self.requested.push(value.clone());
        }
    }

    /// Record what `node`'s step did: its promise, a new vote seen in its state, and the
    /// proposals its notes say it issued (whose claims the invariants then check).
    pub fn observe(&mut self, node: &PaxosNode, notes: &[Note]) {
        let id = node.id();
        self.quorum = node.quorum();
        let mut step = PaxosStep::new(id);
        step.promise_before = self.promises.record(id, node.promised());
        step.promised = node.promised();
        step.max_accepted = node.accepted().map(|(b, _)| *b);
        let accepted = node.accepted();
        if accepted != self.seen_accepted[id.index()].as_ref() {
            self.seen_accepted[id.index()] = accepted.cloned();
            if let Some((ballot, value)) = accepted {
                let events = self.votes.record_vote(id, *ballot, value, self.quorum);
                step.votes.push(Vote {
                    slot: None,
                    ballot: *ballot,
                    value: value.clone(),
                    conflict: events.conflict,
                    newly_chosen: events.newly_chosen,
                });
            }
        }
        for note in notes {
            if let Note::Proposed {
                ballot,
                value,
                promisers,
                ..
            } = note
            {
                let conflict = self.votes.record_proposal(id, *ballot, value);
                step.proposals.push(Proposal {
                    slot: None,
                    ballot: *ballot,
                    value: value.clone(),
                    promisers: promisers.clone(),
                    conflict,
                });
            }
        }
        self.step = step;
    }
}

impl PaxosFacts for PaxosHistory {
    type Value = Value;

    fn step(&self) -> &PaxosStep<Value> {
        &self.step
    }

    fn instance(&self, _slot: Option<Slot>) -> Option<&InstanceVotes<Value>> {
        Some(&self.votes)
    }

    fn ever_promised(&self, acceptor: NodeId, ballot: Ballot) -> bool {
        self.promises.ever_promised(acceptor, ballot)
    }

    fn may_be_chosen(&self, value: &Value) -> bool {
        self.requested.contains(value)
    }

    fn quorum(&self) -> usize {
        self.quorum
    }
}
