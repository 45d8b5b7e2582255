use crate::{NodeId, TickRange};
use std::fmt::Debug;

/// Identifies one client request so that its reply (and its commit latency) can be traced.
pub type RequestId = u64;

/// A consensus protocol node: a pure state machine driven only through [`Protocol::step`].
pub trait Protocol: Clone + Debug {
    /// Messages exchanged between nodes (named after the paper: RequestVote, Prepare, …).
    type Msg: Clone + Debug + PartialEq;
    /// The node's timers (election, heartbeat, backoff, …).
    type Timer: Copy + Debug + PartialEq;
    /// What a client can ask of the cluster.
    type Request: Clone + Debug;
    /// What a node answers a client (an accepted index, a redirect, a result).
    type Reply: Clone + Debug + PartialEq;
    /// The state that survives a crash: what the node wrote to stable storage.
    type Durable: Clone + Debug;
    /// Static configuration: timeouts, roles, teaching bug toggles.
    type Config: Clone + Debug;
    /// Noteworthy events for the narration and the timeline markers.
    type Note: Clone + Debug + PartialEq;

    /// A fresh node `id` of a cluster of `cluster_size` nodes, before [`Input::Start`].
    fn new(id: NodeId, cluster_size: usize, config: &Self::Config) -> Self;

    /// Feed one input; effects are pushed into `out`. A node is given no clock: every
    /// time-dependent rule is a timer it sets, and the simulator fires.
    fn step(&mut self, input: Input<Self>, out: &mut Out<Self>);

    /// What survives if the node crashes right now (Figure 2's "persistent state").
    fn durable(&self) -> Self::Durable;
}

/// The only ways into a node.
#[derive(Debug)]
pub enum Input<P: Protocol> {
    /// First boot with empty (or scenario-given) state.
    Start,
    /// A message from another node arrived.
    Recv { from: NodeId, msg: P::Msg },
    /// A timer this node set has fired.
    Timer(P::Timer),
    /// A client request arrived at this node.
    Client { id: RequestId, request: P::Request },
    /// The node boots again after a crash with what it had persisted.
    Restart(P::Durable),
}

/// What a node asks the outside world to do.
#[derive(Clone, Debug)]
pub enum Effect<P: Protocol> {
    /// Send `msg` to node `to`; the network may delay, drop, duplicate or reorder it.
    Send { to: NodeId, msg: P::Msg },
    /// (Re)arm `timer` to fire after a duration the simulator draws from `after`.
    SetTimer { timer: P::Timer, after: TickRange },
    /// Disarm `timer`; a pending firing is discarded.
    CancelTimer { timer: P::Timer },
    /// Durable state changed and was written to stable storage before any message below.
    Persist,
    /// Answer the client request `id`.
    Reply { id: RequestId, reply: P::Reply },
    /// Something worth narrating happened.
    Note(P::Note),
}

// Derived `PartialEq` would demand `P: PartialEq`; only the associated types matter.
impl<P: Protocol> PartialEq for Effect<P> {
    fn eq(&self, other: &Self) -> bool {
        use Effect::*;
        match (self, other) {
            (Send { to: a, msg: m }, Send { to: b, msg: n }) => a == b && m == n,
            (SetTimer { timer: a, after: x }, SetTimer { timer: b, after: y }) => a == b && x == y,
            (CancelTimer { timer: a }, CancelTimer { timer: b }) => a == b,
            (Persist, Persist) => true,
            (Reply { id: a, reply: x }, Reply { id: b, reply: y }) => a == b && x == y,
            (Note(a), Note(b)) => a == b,
            _ => false,
        }
    }
}

/// The effects of one step, in the order the node produced them.
#[derive(Clone, Debug)]
pub struct Out<P: Protocol> {
    pub effects: Vec<Effect<P>>,
}

impl<P: Protocol> Default for Out<P> {
    fn default() -> Self {
        Self {
            effects: Vec::new(),
        }
    }
}

impl<P: Protocol> Out<P> {
    pub fn send(&mut self, to: NodeId, msg: P::Msg) {
        self.effects.push(Effect::Send { to, msg });
    }

    pub fn set_timer(&mut self, timer: P::Timer, after: TickRange) {
        self.effects.push(Effect::SetTimer { timer, after });
    }

    pub fn cancel_timer(&mut self, timer: P::Timer) {
        self.effects.push(Effect::CancelTimer { timer });
    }

    /// Mark durable state as written; once per step is enough, since a step is atomic.
    pub fn persist(&mut self) {
        if !self.effects.iter().any(|e| matches!(e, Effect::Persist)) {
            self.effects.push(Effect::Persist);
        }
    }

    pub fn reply(&mut self, id: RequestId, reply: P::Reply) {
        self.effects.push(Effect::Reply { id, reply });
    }

    pub fn note(&mut self, note: P::Note) {
        self.effects.push(Effect::Note(note));
    }

    pub fn clear(&mut self) {
        self.effects.clear();
    }
}
