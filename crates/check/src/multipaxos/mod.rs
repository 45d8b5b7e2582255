//! Multi-Paxos safety: single-decree Paxos safety in every slot (Paxos Made Simple §3, each
//! instance is an independent Paxos), plus the replica invariants of Paxos Made Moderately
//! Complex (PMMC): the same command in each slot, executed in slot order, never past a gap.
//!
//! The acceptor and proposal invariants are the single-decree ones from [`crate::paxos`],
//! applied per slot; the files here are the ones with no single-decree counterpart.

mod in_order_execution;
mod learned_only_chosen;
mod nontriviality;
mod replica_agreement;

use crate::paxos::{
    accepted_le_promised, at_most_one_chosen, one_value_per_ballot, promise_monotonic, safe_accept,
};
use crate::paxos::{
    AcceptedLePromised, AtMostOneChosen, OneValuePerBallot, PromiseMonotonic, SafeAccept,
};
use crate::{Checker, InstanceVotes, Invariant, StepContext, Violation};
use conlab_core::kv::Command;
use conlab_core::{Chunked, NodeId};
use conlab_paxos::multi::{AcceptedSlot, Note};
use conlab_paxos::{Ballot, MultiPaxosNode, Slot};

pub use in_order_execution::InOrderExecution;
pub use learned_only_chosen::LearnedOnlyChosen;
pub use nontriviality::Nontriviality;
pub use replica_agreement::ReplicaAgreement;

/// Every Multi-Paxos invariant, with the ghost history they share.
#[derive(Clone, Debug)]
pub struct MultiPaxosChecker {
    /// Per slot (position `s - 1`), every vote and proposal ever made; survives crashes.
    slots: Chunked<InstanceVotes<Command>>,
    /// Each acceptor's accepted slots as last scanned, to notice new votes.
    seen_accepted: Vec<Chunked<AcceptedSlot>>,
    /// The highest ballot each acceptor holds an accepted proposal of.
    max_accepted: Vec<Option<Ballot>>,
    /// Each node's latest leadership: its ballot and the promises it rests on.
    leadership: Vec<Option<(Ballot, Vec<NodeId>)>>,
    /// Ghost: every ballot that had a leader, and who.
    leaders: Vec<(Ballot, NodeId)>,
    nontriviality: Nontriviality,
    at_most_one_chosen: AtMostOneChosen,
    learned_only_chosen: LearnedOnlyChosen,
    one_value_per_ballot: OneValuePerBallot,
    promise_monotonic: PromiseMonotonic,
    accepted_le_promised: AcceptedLePromised,
    safe_accept: SafeAccept,
    replica_agreement: ReplicaAgreement,
    in_order_execution: InOrderExecution,
}

impl MultiPaxosChecker {
    /// The ghost history of slot `slot`.
    pub fn slot(&self, slot: Slot) -> Option<&InstanceVotes<Command>> {
        slot.checked_sub(1).and_then(|i| self.slots.get(i as usize))
    }

    /// The command chosen in each slot (first ballot in which it was), where one is.
    pub fn chosen(&self) -> impl Iterator<Item = (Slot, &(Ballot, Command))> + '_ {
        self.slots
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.chosen().first().map(|c| (i as Slot + 1, c)))
    }

    /// Every ballot that had a leader, in the order they took over.
    pub fn leaders(&self) -> &[(Ballot, NodeId)] {
        &self.leaders
    }

    fn slot_mut(&mut self, slot: Slot) -> &mut InstanceVotes<Command> {
        let i = (slot - 1) as usize;
        while self.slots.len() <= i {
            self.slots.push(InstanceVotes::default());
        }
        self.slots.get_mut(i).expect("grown")
    }

    /// Record the votes `node` cast since it was last scanned.
    fn scan_votes(&mut self, ctx: StepContext, node: &MultiPaxosNode, out: &mut Vec<Violation>) {
        let id = node.id();
        let accepted = node.log().accepted_slots();
        let from = accepted.shared_prefix(&self.seen_accepted[id.index()]);
        let mut votes = Vec::new();
        for (i, entry) in accepted.iter_from(from) {
            if self.seen_accepted[id.index()].get(i) == Some(entry) {
                continue;
            }
            if let Some((ballot, command)) = entry {
                votes.push((i as Slot + 1, *ballot, command.as_ref()));
            }
        }
        self.seen_accepted[id.index()] = accepted.clone();
        for (slot, ballot, command) in votes {
            let max = &mut self.max_accepted[id.index()];
            *max = (*max).max(Some(ballot));
            let events = self
                .slot_mut(slot)
                .record_vote(id, ballot, command, node.quorum());
            if let Some(first) = &events.conflict {
                let instance = format!(" in slot {slot}");
                self.one_value_per_ballot
                    .report(ctx, id, "accepted", &instance, ballot, command, first, out);
            }
            if events.newly_chosen {
                let votes = self.slots.get((slot - 1) as usize).expect("recorded");
                self.nontriviality
                    .check_chosen(ctx, votes, slot, ballot, command, out);
                self.at_most_one_chosen
                    .check(ctx, votes, &format!(" in slot {slot}"), out);
            }
        }
    }
}

impl Checker<MultiPaxosNode> for MultiPaxosChecker {
    fn new(cluster_size: usize) -> Self {
        Self {
            slots: Chunked::default(),
            seen_accepted: vec![Chunked::default(); cluster_size],
            max_accepted: vec![None; cluster_size],
            leadership: vec![None; cluster_size],
            leaders: Vec::new(),
            nontriviality: Nontriviality::default(),
            at_most_one_chosen: AtMostOneChosen::default(),
            learned_only_chosen: LearnedOnlyChosen::new(cluster_size),
            one_value_per_ballot: OneValuePerBallot::default(),
            promise_monotonic: PromiseMonotonic::new(cluster_size),
            accepted_le_promised: AcceptedLePromised::default(),
            safe_accept: SafeAccept::default(),
            replica_agreement: ReplicaAgreement::new(cluster_size),
            in_order_execution: InOrderExecution::new(cluster_size),
        }
    }

    fn after_step(
        &mut self,
        ctx: StepContext,
        node: &MultiPaxosNode,
        persisted: bool,
        notes: &[Note],
        out: &mut Vec<Violation>,
    ) {
        let id = node.id();
        // Promises and votes first: this step's 2a may rest on this node's own promise, and
        // a slot it learned may have been decided by its own vote.
        self.promise_monotonic.check(ctx, id, node.promised(), out);
        if persisted {
            self.scan_votes(ctx, node, out);
        }
        self.accepted_le_promised.check(
            ctx,
            id,
            self.max_accepted[id.index()],
            node.promised(),
            out,
        );
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
                    if let Some(first) = self.slot_mut(*slot).record_proposal(id, *ballot, command)
                    {
                        let instance = format!(" in slot {slot}");
                        self.one_value_per_ballot.report(
                            ctx, id, "proposed", &instance, *ballot, command, &first, out,
                        );
                    }
                    let promisers = match &self.leadership[id.index()] {
                        Some((b, promisers)) if b == ballot => promisers.as_slice(),
                        _ => &[],
                    };
                    let votes = self.slots.get((*slot - 1) as usize).expect("recorded");
                    let (quorum, promises) = (node.quorum(), &self.promise_monotonic);
                    self.safe_accept.check(
                        ctx,
                        id,
                        Some(*slot),
                        *ballot,
                        command,
                        promisers,
                        quorum,
                        promises,
                        votes,
                        out,
                    );
                }
                Note::BallotStarted { .. } | Note::SteppedDown { .. } | Note::Chosen { .. } => {}
            }
        }
        self.learned_only_chosen.check(ctx, node, &self.slots, out);
        self.replica_agreement.check(ctx, node, out);
        self.in_order_execution.check(ctx, node, out);
    }

    fn client_request(&mut self, command: &Command) {
        self.nontriviality.record_proposed(command);
    }

    fn invariants() -> &'static [Invariant] {
        &[
            nontriviality::INVARIANT,
            at_most_one_chosen::INVARIANT,
            learned_only_chosen::INVARIANT,
            one_value_per_ballot::INVARIANT,
            promise_monotonic::INVARIANT,
            accepted_le_promised::INVARIANT,
            safe_accept::INVARIANT,
            replica_agreement::INVARIANT,
            in_order_execution::INVARIANT,
        ]
    }
}
