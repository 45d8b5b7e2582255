//! Multi-Paxos's ghost history: per slot every vote and proposal, every promise, each
//! leadership and the promises it rests on, and every command clients submitted.

use crate::paxos::{PaxosFacts, PaxosStep, PromiseLog, Proposal, Vote};
use crate::InstanceVotes;
use conlab_core::kv::Command;
use conlab_core::{Chunked, NodeId};
use conlab_paxos::multi::{AcceptedSlot, Note};
use conlab_paxos::{Ballot, MultiPaxosNode, Slot};
use std::collections::HashSet;

#[derive(Clone, Debug)]
pub struct MultiPaxosHistory {
    quorum: usize,
    /// Per slot (position `s - 1`), every vote and proposal ever made.
    slots: Chunked<InstanceVotes<Command>>,
    /// Every command a client submitted (membership only, never iterated).
    requested: HashSet<Command>,
    promises: PromiseLog,
    /// Each acceptor's accepted slots as last scanned, to notice new votes.
    seen_accepted: Vec<Chunked<AcceptedSlot>>,
    /// The highest ballot each acceptor holds an accepted proposal of.
    max_accepted: Vec<Option<Ballot>>,
    /// Each node's latest leadership: its ballot and the promises it claims.
    leadership: Vec<Option<(Ballot, Vec<NodeId>)>>,
    /// Every ballot that had a leader, and who.
    leaders: Vec<(Ballot, NodeId)>,
    step: PaxosStep<Command>,
    /// Whether the step just observed (re)started its replica from durable state.
    booted: bool,
}

impl MultiPaxosHistory {
    pub fn new(cluster_size: usize) -> Self {
        Self {
            quorum: cluster_size / 2 + 1,
            slots: Chunked::default(),
            requested: HashSet::new(),
            promises: PromiseLog::new(cluster_size),
            seen_accepted: vec![Chunked::default(); cluster_size],
            max_accepted: vec![None; cluster_size],
            leadership: vec![None; cluster_size],
            leaders: Vec::new(),
            step: PaxosStep::new(NodeId(1)),
            booted: false,
        }
    }

    /// The ghost history of slot `slot`.
    pub fn slot(&self, slot: Slot) -> Option<&InstanceVotes<Command>> {
        slot.checked_sub(1).and_then(|i| self.slots.get(i as usize))
    }

    pub fn slots(&self) -> &Chunked<InstanceVotes<Command>> {
        &self.slots
    }

    /// Every ballot that had a leader, in the order they took over.
    pub fn leaders(&self) -> &[(Ballot, NodeId)] {
        &self.leaders
    }

    pub fn record_request(&mut self, command: &Command) {
        if !self.requested.contains(command) {
            self.requested.insert(command.clone());
        }
    }

    fn slot_mut(&mut self, slot: Slot) -> &mut InstanceVotes<Command> {
        let i = (slot - 1) as usize;
        while self.slots.len() <= i {
            self.slots.push(InstanceVotes::default());
        }
        self.slots.get_mut(i).expect("grown")
    }

    /// Whether the step just observed (re)started its replica from durable state: chosen and
    /// executed slots and the state machine start over.
    pub fn booted(&self) -> bool {
        self.booted
    }

    /// Record what `node`'s step did (`booted`: the step (re)started it): its promise, the
    /// votes it cast (new accepted slots in its state), its leadership and the proposals its
    /// notes say it issued.
    pub fn observe(&mut self, node: &MultiPaxosNode, booted: bool, notes: &[Note]) {
        self.booted = booted;
        let id = node.id();
        self.quorum = node.quorum();
        let mut step = PaxosStep::new(id);
        step.promise_before = self.promises.record(id, node.promised());
        step.promised = node.promised();
        self.scan_votes(node, &mut step);
        step.max_accepted = self.max_accepted[id.index()];
        for note in notes {
            match note {
                Note::BecameLeader { ballot, promisers } => {
                    self.leadership[id.index()] = Some((*ballot, promisers.clone()));
                    self.leaders.push((*ballot, id));
                }
                Note::Proposed {
                    ballot,
                    slot,
                    command,
                    ..
                } => {
                    let conflict = self.slot_mut(*slot).record_proposal(id, *ballot, command);
                    let promisers = match &self.leadership[id.index()] {
                        Some((b, promisers)) if b == ballot => promisers.clone(),
                        _ => Vec::new(),
                    };
                    step.proposals.push(Proposal {
                        slot: Some(*slot),
                        ballot: *ballot,
                        value: command.clone(),
                        promisers,
                        conflict,
                    });
                }
                Note::BallotStarted { .. } | Note::SteppedDown { .. } | Note::Chosen { .. } => {}
            }
        }
        self.step = step;
    }

    /// Record the votes `node` cast since it was last scanned.
    fn scan_votes(&mut self, node: &MultiPaxosNode, step: &mut PaxosStep<Command>) {
        let id = node.id();
        let accepted = node.log().accepted_slots();
        let seen = &self.seen_accepted[id.index()];
        let from = accepted.shared_prefix(seen);
        if from == accepted.len() && from == seen.len() {
            return;
        }
        let mut votes = Vec::new();
        for (i, entry) in accepted.iter_from(from) {
            if seen.get(i) == Some(entry) {
                continue;
            }
            if let Some((ballot, command)) = entry {
                votes.push((i as Slot + 1, *ballot, command.clone()));
            }
        }
        self.seen_accepted[id.index()].clone_from(accepted);
        for (slot, ballot, command) in votes {
            let max = &mut self.max_accepted[id.index()];
            *max = (*max).max(Some(ballot));
            let quorum = self.quorum;
            let events = self
                .slot_mut(slot)
                .record_vote(id, ballot, command.as_ref(), quorum);
            step.votes.push(Vote {
                slot: Some(slot),
                ballot,
                value: (*command).clone(),
                conflict: events.conflict,
                newly_chosen: events.newly_chosen,
            });
        }
    }
}

impl PaxosFacts for MultiPaxosHistory {
    type Value = Command;

    fn step(&self) -> &PaxosStep<Command> {
        &self.step
    }

    fn instance(&self, slot: Option<Slot>) -> Option<&InstanceVotes<Command>> {
        self.slot(slot?)
    }

    fn ever_promised(&self, acceptor: NodeId, ballot: Ballot) -> bool {
        self.promises.ever_promised(acceptor, ballot)
    }

    fn may_be_chosen(&self, command: &Command) -> bool {
        *command == Command::Noop || self.requested.contains(command)
    }

    fn quorum(&self) -> usize {
        self.quorum
    }
}
