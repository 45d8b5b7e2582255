//! One Multi-Paxos replica: leader (when elected), acceptor and replica in one process.

use super::slots::AcceptedSlot;
use super::{Msg, SlotLog};
use crate::{Ballot, MultiPaxosConfig, NodeSet, Slot};
use conlab_core::kv::{Command, KvStore, Outcome};
use conlab_core::{
    quorum_size, Chunked, Input, NodeId, Out, Protocol, RequestId, TickRange, VecMap,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Follows the leader whose heartbeats it hears.
    Follower,
    /// Running phase 1 for its ballot.
    Candidate,
    /// Phase 1 done: the distinguished proposer of its ballot.
    Leader,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Role::Follower => "follower",
            Role::Candidate => "candidate",
            Role::Leader => "leader",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timer {
    /// Followers (and stuck candidates) start phase 1 with a higher ballot when it fires.
    LeaderTimeout,
    /// The leader sends heartbeats and re-sends unanswered Accepts when it fires.
    Heartbeat,
}

/// What survives a crash: the acceptor's promise and every accepted proposal (Paxos Made
/// Simple §2.2, per slot). Chosen and executed slots are volatile and learned again.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Durable {
    pub promised: Option<Ballot>,
    pub accepted: Chunked<AcceptedSlot>,
}

/// The answer to a client command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reply {
    /// Only the leader proposes; `leader_hint` is who this node believes leads.
    NotLeader { leader_hint: Option<NodeId> },
    /// The leader proposed the command in `slot`; not chosen yet.
    Proposed { slot: Slot },
    /// Chosen and executed by the leader's state machine.
    Executed { slot: Slot, outcome: Outcome },
}

/// Why a leader proposes a command in a slot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A client command, in a fresh slot.
    Client,
    /// Re-proposed after phase 1: the highest-ballot proposal a promise reported.
    Reported { ballot: Ballot },
    /// No promise reported anything for this slot below later reported ones: a no-op.
    Gap,
}

/// Events for the narration and the timeline markers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Note {
    /// Phase 1 of a new ballot began.
    BallotStarted { ballot: Ballot },
    /// Phase 1 succeeded with promises from `promisers` (empty only with the
    /// `leader_skips_phase1_on_takeover` bug).
    BecameLeader {
        ballot: Ballot,
        promisers: Vec<NodeId>,
    },
    /// The leader or candidate of `ballot` gave up.
    SteppedDown { ballot: Ballot },
    /// The leader sent Accept (2a) for `(ballot, slot, command)`.
    Proposed {
        ballot: Ballot,
        slot: Slot,
        command: Command,
        origin: Origin,
    },
    /// The leader counted a quorum of Accepted: `command` is chosen in `slot`.
    Chosen { slot: Slot, command: Command },
}

/// One Multi-Paxos replica.
#[derive(Clone, Debug)]
pub struct MultiPaxosNode {
    pub(crate) id: NodeId,
    pub(crate) cluster_size: usize,
    pub(crate) config: MultiPaxosConfig,
    pub(crate) quorum: usize,
    // Acceptor (durable: promised and the accepted half of the log).
    pub(crate) promised: Option<Ballot>,
    // Replica.
    pub(crate) log: SlotLog,
    pub(crate) kv: KvStore,
    // Leadership.
    pub(crate) role: Role,
    /// This node's own ballot while candidate or leader.
    pub(crate) ballot: Option<Ballot>,
    pub(crate) max_round_seen: u64,
    pub(crate) leader_hint: Option<NodeId>,
    /// The last leader's `chosen_through`, to know when to catch up.
    pub(crate) leader_chosen_through: Slot,
    // Candidate.
    /// The first slot its Prepare covers (its first unexecuted slot).
    pub(crate) first_open: Slot,
    pub(crate) promisers: Vec<NodeId>,
    /// Per slot, the highest-ballot proposal the promises reported.
    pub(crate) reports: VecMap<Slot, (Ballot, Command)>,
    // Leader.
    pub(crate) next_slot: Slot,
    /// Proposed in this ballot and not yet known chosen: command and who accepted it.
    pub(crate) proposals: VecMap<Slot, (Command, NodeSet)>,
    /// Client commands waiting for their slot to execute: (slot, request, command).
    pub(crate) pending: Vec<(Slot, RequestId, Command)>,
    /// Only with the `execute_out_of_order` bug: slots executed ahead of a gap, with their
    /// outcomes.
    pub(crate) executed_ahead: VecMap<Slot, Outcome>,
}

impl Protocol for MultiPaxosNode {
    type Msg = Msg;
    type Timer = Timer;
    type Request = Command;
    type Reply = Reply;
    type Durable = Durable;
    type Config = MultiPaxosConfig;
    type Note = Note;

    fn new(id: NodeId, cluster_size: usize, config: &MultiPaxosConfig) -> Self {
        Self {
            id,
            cluster_size,
            config: config.clone(),
            quorum: quorum_size(cluster_size),
            promised: None,
            log: SlotLog::default(),
            kv: KvStore::default(),
            role: Role::Follower,
            ballot: None,
            max_round_seen: 0,
            leader_hint: None,
            leader_chosen_through: 0,
            first_open: 1,
            promisers: Vec::new(),
            reports: VecMap::new(),
            next_slot: 1,
            proposals: VecMap::new(),
            pending: Vec::new(),
            executed_ahead: VecMap::new(),
        }
    }

    fn step(&mut self, input: Input<Self>, out: &mut Out<Self>) {
        match input {
            Input::Start => self.reset_leader_timeout(out),
            Input::Restart(durable) => {
                self.promised = if self.config.bugs.forget_promise_on_restart {
                    None
                } else {
                    durable.promised
                };
                self.max_round_seen = durable.promised.map_or(0, |b| b.round);
                self.log = SlotLog::from_accepted(durable.accepted);
                if self.config.bugs.restart_trusts_own_accepts {
                    for (slot, _, command) in self.log.accepted_from(1) {
                        self.log.choose(slot, command);
                    }
                    self.execute_chosen(out);
                }
                self.reset_leader_timeout(out);
            }
            Input::Timer(Timer::LeaderTimeout) => self.start_phase1(out),
            Input::Timer(Timer::Heartbeat) => self.broadcast_heartbeat(out),
            Input::Client { id, request } => self.handle_client(id, request, out),
            Input::Recv { from, msg } => self.handle_message(from, msg, out),
        }
    }

    fn durable(&self) -> Durable {
        Durable {
            promised: self.promised,
            accepted: self.log.accepted_slots().clone(),
        }
    }
}

impl MultiPaxosNode {
    pub fn id(&self) -> NodeId {
        self.id
    }
    pub fn cluster_size(&self) -> usize {
        self.cluster_size
    }
    pub fn config(&self) -> &MultiPaxosConfig {
        &self.config
    }
    pub fn quorum(&self) -> usize {
        self.quorum
    }
    pub fn role(&self) -> Role {
        self.role
    }
    /// This node's ballot while it is candidate or leader.
    pub fn ballot(&self) -> Option<Ballot> {
        self.ballot
    }
    /// The acceptor's promise.
    pub fn promised(&self) -> Option<Ballot> {
        self.promised
    }
    pub fn log(&self) -> &SlotLog {
        &self.log
    }
    pub fn state_machine(&self) -> &KvStore {
        &self.kv
    }
    pub fn leader_hint(&self) -> Option<NodeId> {
        self.leader_hint
    }
    /// Who has promised this candidate's ballot so far (empty unless running phase 1).
    pub fn promisers(&self) -> &[NodeId] {
        &self.promisers
    }

    /// The leader's next free slot.
    pub fn next_slot(&self) -> Slot {
        self.next_slot
    }
    /// The leader's proposals of its ballot that are not yet chosen, with who accepted each.
    pub fn proposals(&self) -> &VecMap<Slot, (Command, NodeSet)> {
        &self.proposals
    }

    /// Send `msg` to `to` — to itself too, as an ordinary message (one step per message, so
    /// every promise and vote a node gives itself is visible in the trace).
    pub(crate) fn send(&mut self, to: NodeId, msg: Msg, out: &mut Out<Self>) {
        out.send(to, msg);
    }

    /// Send to every node, this one last (it is an acceptor too).
    pub(crate) fn broadcast(&mut self, msg: Msg, out: &mut Out<Self>) {
        for to in NodeId::all(self.cluster_size) {
            self.send(to, msg.clone(), out);
        }
    }

    pub(crate) fn peers(&self) -> impl Iterator<Item = NodeId> + Clone {
        let me = self.id;
        NodeId::all(self.cluster_size).filter(move |&p| p != me)
    }

    pub(crate) fn see_ballot(&mut self, ballot: Ballot) {
        self.max_round_seen = self.max_round_seen.max(ballot.round);
    }

    pub(crate) fn reset_leader_timeout(&self, out: &mut Out<Self>) {
        out.set_timer(Timer::LeaderTimeout, self.config.leader_timeout_ms);
    }

    pub(crate) fn heartbeat_after(&self) -> TickRange {
        TickRange::exactly(self.config.heartbeat_ms)
    }

    fn handle_message(&mut self, from: NodeId, msg: Msg, out: &mut Out<Self>) {
        if let Some(ballot) = msg.ballot() {
            self.see_ballot(ballot);
        }
        match msg {
            Msg::Prepare { ballot, first_slot } => {
                self.handle_prepare(from, ballot, first_slot, out)
            }
            Msg::Promise { ballot, accepted } => self.handle_promise(from, ballot, accepted, out),
            Msg::Accept {
                ballot,
                slot,
                command,
            } => self.handle_accept(from, ballot, slot, command, out),
            Msg::Accepted { ballot, slot } => self.handle_accepted(from, ballot, slot, out),
            Msg::Nack { ballot, promised } => self.handle_nack(ballot, promised, out),
            Msg::Heartbeat {
                ballot,
                chosen_through,
            } => self.handle_heartbeat(from, ballot, chosen_through, out),
            Msg::CatchUp { first_slot } => self.handle_catch_up(from, first_slot, out),
            Msg::Chosen {
                first_slot,
                commands,
            } => self.handle_chosen(from, first_slot, commands, out),
        }
    }
}
