//! Single-decree Paxos safety (Paxos Made Simple §2): the three safety requirements of §2.1
//! and the facts of §2.2 that guarantee them, checked against a ghost history of every vote.

pub(crate) mod accepted_le_promised;
pub(crate) mod at_most_one_chosen;
mod learned_only_chosen;
mod nontriviality;
pub(crate) mod one_value_per_ballot;
pub(crate) mod promise_monotonic;
pub(crate) mod safe_accept;

use crate::{Checker, InstanceVotes, Invariant, StepContext, Violation};
use conlab_paxos::{Ballot, Note, PaxosNode, Value};

pub use accepted_le_promised::AcceptedLePromised;
pub use at_most_one_chosen::AtMostOneChosen;
pub use learned_only_chosen::LearnedOnlyChosen;
pub use nontriviality::Nontriviality;
pub use one_value_per_ballot::OneValuePerBallot;
pub use promise_monotonic::PromiseMonotonic;
pub use safe_accept::SafeAccept;

/// Every single-decree Paxos invariant, with the ghost history they share.
#[derive(Clone, Debug)]
pub struct PaxosChecker {
    /// Every vote and proposal ever made; survives crashes.
    votes: InstanceVotes<Value>,
    /// Each acceptor's accepted proposal as last seen, to notice its new votes.
    seen_accepted: Vec<Option<(Ballot, Value)>>,
    nontriviality: Nontriviality,
    at_most_one_chosen: AtMostOneChosen,
    learned_only_chosen: LearnedOnlyChosen,
    one_value_per_ballot: OneValuePerBallot,
    promise_monotonic: PromiseMonotonic,
    accepted_le_promised: AcceptedLePromised,
    safe_accept: SafeAccept,
}

impl PaxosChecker {
    /// The ghost history of votes and proposals.
    pub fn votes(&self) -> &InstanceVotes<Value> {
        &self.votes
    }

    /// The chosen value and the first ballot in which it was chosen.
    pub fn chosen(&self) -> Option<&(Ballot, Value)> {
        self.votes.chosen().first()
    }

    /// Every value a client asked a proposer to propose.
    pub fn proposed(&self) -> &[Value] {
        self.nontriviality.proposed()
    }
}

impl Checker<PaxosNode> for PaxosChecker {
    fn new(cluster_size: usize) -> Self {
        Self {
            votes: InstanceVotes::default(),
            seen_accepted: vec![None; cluster_size],
            nontriviality: Nontriviality::default(),
            at_most_one_chosen: AtMostOneChosen::default(),
            learned_only_chosen: LearnedOnlyChosen::new(cluster_size),
            one_value_per_ballot: OneValuePerBallot::default(),
            promise_monotonic: PromiseMonotonic::new(cluster_size),
            accepted_le_promised: AcceptedLePromised::default(),
            safe_accept: SafeAccept::default(),
        }
    }

    fn after_step(
        &mut self,
        ctx: StepContext,
        node: &PaxosNode,
        persisted: bool,
        notes: &[Note],
        out: &mut Vec<Violation>,
    ) {
        let id = node.id();
        // Promises and votes first: a proposer's 2a below may rest on its own promise and
        // a learner may have learned from its own vote, all within this step.
        self.promise_monotonic.check(ctx, id, node.promised(), out);
        self.accepted_le_promised.check(
            ctx,
            id,
            node.accepted().map(|(b, _)| *b),
            node.promised(),
            out,
        );
        let accepted = node.accepted();
        if persisted && accepted != self.seen_accepted[id.index()].as_ref() {
            self.seen_accepted[id.index()] = accepted.cloned();
            if let Some((ballot, value)) = accepted {
                let events = self.votes.record_vote(id, *ballot, value, node.quorum());
                if let Some(first) = &events.conflict {
                    self.one_value_per_ballot
                        .report(ctx, id, "accepted", "", *ballot, value, first, out);
                }
                if events.newly_chosen {
                    self.nontriviality
                        .check_chosen(ctx, &self.votes, *ballot, value, out);
                    self.at_most_one_chosen.check(ctx, &self.votes, "", out);
                }
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
                if let Some(first) = self.votes.record_proposal(id, *ballot, value) {
                    self.one_value_per_ballot
                        .report(ctx, id, "proposed", "", *ballot, value, &first, out);
                }
                let (quorum, promises) = (node.quorum(), &self.promise_monotonic);
                self.safe_accept.check(
                    ctx,
                    id,
                    None,
                    *ballot,
                    value,
                    promisers,
                    quorum,
                    promises,
                    &self.votes,
                    out,
                );
            }
        }
        self.learned_only_chosen.check(ctx, node, &self.votes, out);
    }

    fn client_request(&mut self, value: &Value) {
        self.nontriviality.record_proposed(value);
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
        ]
    }
}
