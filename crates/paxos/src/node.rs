//! A single-decree Paxos node: proposer, acceptor and learner in one process (Paxos Made
//! Simple §2.1: "a single process may act as more than one agent"), each role optional.

use crate::config::{PaxosConfig, Roles};
use crate::{Ballot, Msg, NodeSet, Value};
use conlab_core::{quorum_size, Input, NodeId, Out, Protocol, RequestId};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timer {
    /// The proposer gives up its ballot if it has not been chosen when this fires.
    Ballot,
    /// The proposer starts a higher ballot when this fires (after a randomized backoff, or
    /// at once when a user "times out" the node).
    Backoff,
}

/// What survives a crash (§2.2: "an acceptor must remember this information even if it
/// fails and then restarts"; §3: a proposer remembers the highest-numbered proposal it has
/// tried to issue). A learner also keeps what it learned: the decision is a fact.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Durable {
    pub promised: Option<Ballot>,
    pub accepted: Option<(Ballot, Value)>,
    pub last_round: u64,
    pub learned: Option<(Ballot, Value)>,
}

/// The answer to a client's "propose v".
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reply {
    /// This node is not a proposer.
    NotProposer,
    /// The outcome: `value` was chosen (maybe another client's).
    Chosen { value: Value },
}

/// Events for the narration and the timeline markers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Note {
    /// A client asked this proposer to propose `value`.
    ClientValue { value: Value },
    /// Phase 1 of a new ballot began.
    BallotStarted { ballot: Ballot },
    /// Phase 2: the proposer issued the proposal `(ballot, value)` (sent Accept, 2a) after
    /// promises from `promisers`; `adopted_from` is the ballot whose reported value it took
    /// (None: its own value).
    Proposed {
        ballot: Ballot,
        value: Value,
        promisers: Vec<NodeId>,
        adopted_from: Option<Ballot>,
    },
    /// The proposer gave up `ballot` because an acceptor had promised `by`.
    Preempted { ballot: Ballot, by: Ballot },
    /// The proposer gave up `ballot` because it was not chosen in time.
    TimedOut { ballot: Ballot },
    /// A quorum promised but nobody reported a value and this proposer has none of its own.
    NothingToPropose { ballot: Ballot },
    /// The learner saw a quorum of Accepted for `ballot`: `value` is chosen.
    Learned { ballot: Ballot, value: Value },
}

/// Where a proposer is in its current attempt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Nothing to do.
    Idle,
    /// Phase 1: Prepare sent, collecting promises (with the accepted proposal each reported).
    Preparing {
        ballot: Ballot,
        promises: Vec<(NodeId, Option<(Ballot, Value)>)>,
    },
    /// Phase 2: Accept sent, counting Accepted.
    /// `adopted_from` names the promise whose report supplied the value (P2c), if any.
    Accepting {
        ballot: Ballot,
        value: Value,
        accepted: NodeSet,
        adopted_from: Option<(NodeId, Ballot)>,
    },
    /// Gave up a ballot; a higher one starts when the backoff timer fires.
    BackingOff,
}

/// One single-decree Paxos node.
#[derive(Clone, Debug)]
pub struct PaxosNode {
    pub(crate) id: NodeId,
    pub(crate) config: PaxosConfig,
    pub(crate) roles: Roles,
    pub(crate) acceptors: Vec<NodeId>,
    pub(crate) learners: Vec<NodeId>,
    pub(crate) quorum: usize,
    // Acceptor (durable).
    pub(crate) promised: Option<Ballot>,
    pub(crate) accepted: Option<(Ballot, Value)>,
    // Proposer.
    /// Durable: the highest round this proposer has used.
    pub(crate) last_round: u64,
    /// The highest round seen in any ballot; a new ballot goes above it.
    pub(crate) max_round_seen: u64,
    /// Ballots in a row that timed out without a hint of the promise that blocked them.
    pub(crate) blind_timeouts: u32,
    /// The value a client asked this proposer to propose, until the outcome is known.
    pub(crate) own_value: Option<Value>,
    /// Clients waiting for the outcome.
    pub(crate) waiting: Vec<RequestId>,
    pub(crate) phase: Phase,
    /// The chosen value, once this node knows it (as learner or as successful proposer).
    pub(crate) outcome: Option<Value>,
    // Learner.
    /// Durable: what this learner learned, and in which ballot.
    pub(crate) learned: Option<(Ballot, Value)>,
    /// Accepted (2b) reports received: per ballot, the value and who accepted it; sorted by
    /// ballot.
    pub(crate) reports: Vec<(Ballot, Value, NodeSet)>,
}

impl Protocol for PaxosNode {
    type Msg = Msg;
    type Timer = Timer;
    type Request = Value;
    type Reply = Reply;
    type Durable = Durable;
    type Config = PaxosConfig;
    type Note = Note;

    fn new(id: NodeId, cluster_size: usize, config: &PaxosConfig) -> Self {
        let acceptors = config.acceptor_ids(cluster_size);
        Self {
            id,
            roles: config.roles(id),
            quorum: quorum_size(acceptors.len()),
            acceptors,
            learners: config.learner_ids(cluster_size),
            config: config.clone(),
            promised: None,
            accepted: None,
            last_round: 0,
            max_round_seen: 0,
            blind_timeouts: 0,
            own_value: None,
            waiting: Vec::new(),
            phase: Phase::Idle,
            outcome: None,
            learned: None,
            reports: Vec::new(),
        }
    }

    fn step(&mut self, input: Input<Self>, out: &mut Out<Self>) {
        match input {
            Input::Start => {}
            Input::Restart(durable) => self.restart(durable),
            Input::Timer(Timer::Ballot) => self.handle_ballot_timeout(out),
            Input::Timer(Timer::Backoff) => {
                if self.roles.proposer {
                    self.start_ballot(out);
                }
            }
            Input::Client { id, request } => self.handle_client(id, request, out),
            Input::Recv { from, msg } => self.handle_message(from, msg, out),
        }
    }

    fn durable(&self) -> Durable {
        Durable {
            promised: self.promised,
            accepted: self.accepted.clone(),
            last_round: self.last_round,
            learned: self.learned.clone(),
        }
    }
}

impl PaxosNode {
    pub fn id(&self) -> NodeId {
        self.id
    }
    pub fn config(&self) -> &PaxosConfig {
        &self.config
    }
    pub fn roles(&self) -> Roles {
        self.roles
    }
    /// How many acceptors make a quorum (a majority of the acceptors).
    pub fn quorum(&self) -> usize {
        self.quorum
    }
    /// How many promises or Accepted this node's proposer and learner wait for: the quorum,
    /// or one fewer — floor(n/2) acceptors, at least one — with the `minority_quorum` bug.
    pub fn counted_quorum(&self) -> usize {
        if self.config.bugs.minority_quorum {
            (self.acceptors.len() / 2).max(1)
        } else {
            self.quorum
        }
    }
    /// The acceptor's promise: the highest ballot of any Prepare (or Accept) it answered.
    pub fn promised(&self) -> Option<Ballot> {
        self.promised
    }
    /// The acceptor's highest-numbered accepted proposal.
    pub fn accepted(&self) -> Option<&(Ballot, Value)> {
        self.accepted.as_ref()
    }
    /// The learner's decision.
    pub fn learned(&self) -> Option<&(Ballot, Value)> {
        self.learned.as_ref()
    }
    /// The proposer's current attempt.
    pub fn phase(&self) -> &Phase {
        &self.phase
    }
    /// The ballot the proposer is running, if any.
    pub fn ballot(&self) -> Option<Ballot> {
        match &self.phase {
            Phase::Preparing { ballot, .. } | Phase::Accepting { ballot, .. } => Some(*ballot),
            Phase::Idle | Phase::BackingOff => None,
        }
    }
    /// The value a client asked this proposer to propose, while the outcome is unknown.
    pub fn own_value(&self) -> Option<&Value> {
        self.own_value.as_ref()
    }
    /// The chosen value, if this node knows it.
    pub fn outcome(&self) -> Option<&Value> {
        self.outcome.as_ref()
    }
    /// The highest round this proposer has used (durable).
    pub fn last_round(&self) -> u64 {
        self.last_round
    }

    /// Send `msg` to `to` — to itself too, as an ordinary message (one step per message, so
    /// every promise and vote a node gives itself is visible in the trace).
    pub(crate) fn send(&mut self, to: NodeId, msg: Msg, out: &mut Out<Self>) {
        out.send(to, msg);
    }

    /// Send `msg` to every acceptor (this node last, if it is one).
    pub(crate) fn broadcast_to_acceptors(&mut self, msg: Msg, out: &mut Out<Self>) {
        for to in self.acceptors.clone() {
            self.send(to, msg.clone(), out);
        }
    }

    pub(crate) fn see_ballot(&mut self, ballot: Ballot) {
        self.max_round_seen = self.max_round_seen.max(ballot.round);
    }

    fn restart(&mut self, durable: Durable) {
        if !self.config.bugs.acceptor_forgets_on_restart {
            self.promised = durable.promised;
            self.accepted = durable.accepted;
        }
        self.last_round = durable.last_round;
        self.max_round_seen = durable.last_round;
        for ballot in self
            .promised
            .into_iter()
            .chain(self.accepted.as_ref().map(|a| a.0))
        {
            self.see_ballot(ballot);
        }
        self.outcome = durable.learned.as_ref().map(|(_, v)| v.clone());
        self.learned = durable.learned;
    }

    fn handle_message(&mut self, from: NodeId, msg: Msg, out: &mut Out<Self>) {
        let ballot = msg.ballot();
        self.see_ballot(ballot);
        let issued_by_someone = matches!(
            msg,
            Msg::Prepare { .. } | Msg::Accept { .. } | Msg::Accepted { .. }
        );
        match msg {
            Msg::Prepare { ballot } if self.roles.acceptor => {
                self.handle_prepare(from, ballot, out)
            }
            Msg::Accept { ballot, value } if self.roles.acceptor => {
                self.handle_accept(from, ballot, value, out)
            }
            Msg::Promise { ballot, accepted } => self.handle_promise(from, ballot, accepted, out),
            Msg::Nack { ballot, promised } => self.handle_nack(ballot, promised, out),
            Msg::Accepted { ballot, value } => {
                self.count_accepted_for_proposer(from, ballot, &value, out);
                if self.roles.learner {
                    self.handle_accepted(from, ballot, value, out);
                }
            }
            Msg::Prepare { .. } | Msg::Accept { .. } => {} // not an acceptor
        }
        if issued_by_someone {
            self.maybe_abandon(ballot, out);
        }
    }

    /// The chosen value is known: answer waiting clients and stop proposing.
    pub(crate) fn know_outcome(&mut self, value: Value, out: &mut Out<Self>) {
        for id in std::mem::take(&mut self.waiting) {
            out.reply(
                id,
                Reply::Chosen {
                    value: value.clone(),
                },
            );
        }
        self.own_value = None;
        self.blind_timeouts = 0;
        if self.phase != Phase::Idle {
            self.phase = Phase::Idle;
            out.cancel_timer(Timer::Ballot);
            out.cancel_timer(Timer::Backoff);
        }
        self.outcome = Some(value);
    }
}
