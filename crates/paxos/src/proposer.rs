//! The proposer (Paxos Made Simple §2.2, "Phase 1 (a)" and "Phase 2 (a)"; §3 on progress).

use crate::node::{Note, Phase, Reply, Timer};
use crate::{Ballot, Msg, NodeSet, PaxosNode, Value};
use conlab_core::{NodeId, Out, RequestId, TickRange};

/// After this many ballots in a row time out, the round stops jumping further ahead: the jump
/// stays at 2^16 rounds per timeout, so even a 1 ms ballot timeout needs thousands of
/// simulated years to exhaust the 64-bit round space.
pub(crate) const MAX_BLIND_DOUBLINGS: u32 = 16;

impl PaxosNode {
    /// A client asks this node to propose `value`. If the outcome is already known the client
    /// hears it at once; otherwise the proposer adopts the value (its first one wins) and runs
    /// a ballot unless it is already running one or backing off.
    pub(crate) fn handle_client(&mut self, id: RequestId, value: Value, out: &mut Out<Self>) {
        if !self.roles.proposer {
            out.reply(id, Reply::NotProposer);
            return;
        }
        out.note(Note::ClientValue {
            value: value.clone(),
        });
        if let Some(chosen) = &self.outcome {
            out.reply(
                id,
                Reply::Chosen {
                    value: chosen.clone(),
                },
            );
            return;
        }
        self.own_value.get_or_insert(value);
        self.waiting.push(id);
        if self.phase == Phase::Idle {
            self.start_ballot(out);
        }
    }

    /// Phase 1(a): "A proposer selects a proposal number n and sends a prepare request with
    /// number n to a majority of acceptors." Here: to every acceptor, with a number above any
    /// it has seen or used (§3: it "begins phase 1 with a higher-numbered proposal number than
    /// any it has already used"), remembered in stable storage before the Prepare leaves.
    ///
    /// After `k` ballots in a row timed out with no sign of what blocked them, the round
    /// jumps `2^k` above the highest one seen ([`MAX_BLIND_DOUBLINGS`] caps `k`). Round
    /// arithmetic never wraps: a proposer with no higher round left stays idle.
    pub(crate) fn start_ballot(&mut self, out: &mut Out<Self>) {
        let step = 1u64 << self.blind_timeouts;
        let Some(round) = self.max_round_seen.max(self.last_round).checked_add(step) else {
            self.phase = Phase::Idle;
            return;
        };
        self.last_round = round;
        self.max_round_seen = round;
        out.persist();
        let node = if self.config.bugs.non_unique_ballots {
            NodeId(0)
        } else {
            self.id
        };
        let ballot = Ballot::new(round, node);
        self.phase = Phase::Preparing {
            ballot,
            promises: Vec::new(),
        };
        out.note(Note::BallotStarted { ballot });
        out.set_timer(
            Timer::Ballot,
            TickRange::exactly(self.config.ballot_timeout_ms),
        );
        self.broadcast_to_acceptors(Msg::Prepare { ballot }, out);
    }

    /// Phase 2(a): "If the proposer receives a response to its prepare requests (numbered n)
    /// from a majority of acceptors, then it sends an accept request to each of those
    /// acceptors for a proposal numbered n with a value v, where v is the value of the
    /// highest-numbered proposal among the responses, or is any value if the responses
    /// reported no proposals" — here the client's value (P2c).
    pub(crate) fn handle_promise(
        &mut self,
        from: NodeId,
        ballot: Ballot,
        accepted: Option<(Ballot, Value)>,
        out: &mut Out<Self>,
    ) {
        if let Some((b, _)) = &accepted {
            self.see_ballot(*b);
        }
        let quorum = self.counted_quorum();
        let Phase::Preparing {
            ballot: current,
            promises,
        } = &mut self.phase
        else {
            return;
        };
        if *current != ballot || promises.iter().any(|(n, _)| *n == from) {
            return;
        }
        promises.push((from, accepted));
        if promises.len() < quorum {
            return;
        }
        // A quorum answered: the round is high enough, the blind search is over.
        self.blind_timeouts = 0;
        let highest = promises
            .iter()
            .filter_map(|(n, a)| a.as_ref().map(|(b, v)| (*n, *b, v.clone())))
            .max_by_key(|(_, b, _)| *b);
        let promisers: Vec<NodeId> = promises.iter().map(|(n, _)| *n).collect();
        let ignore_reports =
            self.config.bugs.proposer_ignores_promised_values && self.own_value.is_some();
        let (value, report) = match highest {
            Some((from, b, v)) if !ignore_reports => (v, Some((from, b))),
            _ => match &self.own_value {
                Some(_) if self.config.bugs.propose_invented_value => {
                    (format!("invented by {}", self.id), None)
                }
                Some(v) => (v.clone(), None),
                None => {
                    out.note(Note::NothingToPropose { ballot });
                    self.phase = Phase::Idle;
                    out.cancel_timer(Timer::Ballot);
                    return;
                }
            },
        };
        let adopted_from = report.map(|(_, b)| b);
        out.note(Note::Proposed {
            ballot,
            value: value.clone(),
            promisers,
            adopted_from,
        });
        self.phase = Phase::Accepting {
            ballot,
            value: value.clone(),
            accepted: NodeSet::EMPTY,
            adopted_from: report,
        };
        self.broadcast_to_acceptors(Msg::Accept { ballot, value }, out);
    }

    /// An acceptor promised a higher ballot: this one cannot succeed, give it up.
    pub(crate) fn handle_nack(&mut self, ballot: Ballot, promised: Ballot, out: &mut Out<Self>) {
        self.see_ballot(promised);
        // The Nack names the promise to beat: no need to search for it.
        self.blind_timeouts = 0;
        if self.ballot() == Some(ballot) {
            out.note(Note::Preempted {
                ballot,
                by: promised,
            });
            self.give_up(out);
        }
    }

    /// §2.2: "it's probably a good idea to abandon a proposal if some proposer has begun
    /// trying to issue a higher-numbered one." This node just saw a Prepare, Accept or
    /// Accepted of a ballot above its own: give it up (and retry after the backoff).
    pub(crate) fn maybe_abandon(&mut self, seen: Ballot, out: &mut Out<Self>) {
        if let Some(ballot) = self.ballot().filter(|b| *b < seen) {
            out.note(Note::Preempted { ballot, by: seen });
            self.give_up(out);
        }
    }

    /// The ballot was not chosen in time. Unlike a Nack, a timeout says nothing about how
    /// high the acceptors' promises are (without Nacks they ignore a low Prepare silently), so
    /// the next ballot searches for them: each timeout in a row doubles the jump above the
    /// highest round seen, which overtakes any promise in logarithmically many tries instead
    /// of one round per timeout (§3: a proposer must learn "the highest-numbered proposal"
    /// to make progress). The jump stops growing at `2^MAX_BLIND_DOUBLINGS`, so rounds grow
    /// at most linearly in time and never wrap.
    pub(crate) fn handle_ballot_timeout(&mut self, out: &mut Out<Self>) {
        if let Some(ballot) = self.ballot() {
            out.note(Note::TimedOut { ballot });
            self.blind_timeouts = (self.blind_timeouts + 1).min(MAX_BLIND_DOUBLINGS);
            self.give_up(out);
        }
    }

    /// The proposer counts the 2b replies to its own ballot: a quorum means its proposal was
    /// chosen, and it can stop (whether or not it is a learner).
    pub(crate) fn count_accepted_for_proposer(
        &mut self,
        from: NodeId,
        ballot: Ballot,
        value: &Value,
        out: &mut Out<Self>,
    ) {
        let quorum = self.counted_quorum();
        let Phase::Accepting {
            ballot: current,
            accepted,
            ..
        } = &mut self.phase
        else {
            return;
        };
        if *current != ballot {
            return;
        }
        accepted.insert(from);
        if accepted.len() >= quorum {
            self.know_outcome(value.clone(), out);
        }
    }

    /// Abandon the current ballot and retry higher: after a randomized backoff, or at once
    /// when backoff is off (which lets two proposers preempt each other forever, §3).
    fn give_up(&mut self, out: &mut Out<Self>) {
        out.cancel_timer(Timer::Ballot);
        if self.config.backoff {
            self.phase = Phase::BackingOff;
            out.set_timer(Timer::Backoff, self.config.backoff_ms);
        } else {
            self.start_ballot(out);
        }
    }
}
