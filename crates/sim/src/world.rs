//! The World: nodes, an event queue and the network, advanced one event at a time.
//!
//! Within one millisecond, node events (deliveries, timers, ordered by `(at, seq)` in creation
//! order) come first, then the scenario's interventions in list order: an intervention happens
//! "at the end of its millisecond". Interventions are not queued events — they are read from
//! the scenario's list, shared by every snapshot — and node-event sequence numbers never count
//! them, so replaying a scenario with an intervention added at time `t` reproduces the same
//! order of every earlier event: that is what makes forking the timeline and share links exact.

use crate::clients::{self, ClientStep, Clients, Why};
use crate::kind::ProtocolKind;
use crate::network::Links;
use crate::protocol::{Marker, SimProtocol};
use crate::rng::Streams;
use crate::scenario::{Intervention, Scenario, ScenarioError, Timed};
use crate::stats::Stats;
use conlab_check::linearizability::{ClientId, History};
use conlab_check::{Checker, StepContext, Violation};
use conlab_core::{Chunked, Effect, Input, NodeId, Out, Protocol, RequestId, Tick};
use std::sync::Arc;

use crate::event_queue::EventQueue;

/// A message on the wire.
#[derive(Clone, Debug)]
pub struct Envelope<M> {
    /// Unique per run, in send order; duplicates share their original's id.
    pub id: u64,
    pub from: NodeId,
    pub to: NodeId,
    pub sent_at: Tick,
    pub deliver_at: Tick,
    pub msg: M,
    /// Decided at send time: the network will lose it.
    pub lost: bool,
}

#[derive(Clone, Debug)]
enum Event<P: Protocol> {
    Deliver(Envelope<P::Msg>),
    Timer {
        node: NodeId,
        timer: P::Timer,
        generation: u64,
    },
    /// A workload client sends (its next operation, or its outstanding one again).
    Client {
        client: ClientId,
        generation: u64,
    },
}

/// An armed timer of one node.
#[derive(Clone, Debug)]
pub struct ArmedTimer<T> {
    pub timer: T,
    pub set_at: Tick,
    pub fires_at: Tick,
    generation: u64,
}

/// One node as the simulator holds it.
#[derive(Clone, Debug)]
pub struct Slot<P: Protocol> {
    /// The node's state; while crashed, its state at the moment of the crash.
    pub node: P,
    pub up: bool,
    pub timers: Vec<ArmedTimer<P::Timer>>,
    /// Written by a crash; what a restart boots from.
    durable: Option<P::Durable>,
    generation: u64,
}

impl<P: SimProtocol> Slot<P> {
    pub fn node_id(&self) -> NodeId {
        self.node.node_id()
    }
}

/// Why a message did not arrive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Loss {
    /// The network's drop probability, or a user's "drop this message".
    Dropped,
    /// Sender and receiver were on different sides of a partition or a cut link.
    Partitioned,
    /// The receiver was crashed.
    Crashed,
}

/// What one step did.
#[derive(Clone, Debug, PartialEq)]
pub enum StepKind<P: Protocol> {
    /// A message reached its receiver, or was lost (`lost`: why) when it was due.
    Message {
        id: u64,
        from: NodeId,
        to: NodeId,
        /// When it was sent (the space-time diagram draws it from there).
        sent_at: Tick,
        kind: &'static str,
        lost: Option<Loss>,
    },
    Timer {
        node: NodeId,
        timer: P::Timer,
    },
    Intervention(Intervention),
    /// A workload client sent a request (see `clients.rs`); boxed, so that the rare client
    /// step does not grow every record of the timeline (issue 15 counts its memory).
    Client(Box<ClientStep>),
}

/// The record of one step, kept by the timeline.
#[derive(Clone, Debug)]
pub struct StepRecord<P: Protocol> {
    /// 1-based step number.
    pub step: u64,
    pub at: Tick,
    pub kind: StepKind<P>,
    pub notes: Vec<(NodeId, P::Note)>,
    pub violations: Vec<Violation>,
}

impl<P: SimProtocol> StepRecord<P> {
    /// What the timeline marks at this step, if anything.
    pub fn markers(&self) -> impl Iterator<Item = Marker> + '_ {
        let fault = matches!(&self.kind, StepKind::Intervention(i) if !matches!(i, Intervention::Client { .. }))
            .then_some(Marker::Fault);
        let violation = (!self.violations.is_empty()).then_some(Marker::Violation);
        self.notes
            .iter()
            .filter_map(|(_, n)| P::note_marker(n))
            .chain(fault)
            .chain(violation)
    }
}

/// A node's answer to a client request, as the page shows it beside the command box.
#[derive(Clone, Debug)]
pub struct ClientReply<R> {
    /// Requests are numbered from 1 in the order their interventions happen.
    pub request: RequestId,
    pub step: u64,
    pub at: Tick,
    pub node: NodeId,
    pub reply: R,
}

/// A running simulation of one protocol.
#[derive(Debug)]
pub struct World<P: SimProtocol> {
    config: P::Config,
    nodes: Vec<Slot<P>>,
    links: Links,
    network: crate::network::NetworkModel,
    streams: Streams,
    queue: EventQueue<Event<P>>,
    now: Tick,
    steps: u64,
    next_msg_id: u64,
    next_request: RequestId,
    /// Every answer given to a client, in order (shared copy-on-write with snapshots).
    replies: Chunked<ClientReply<P::Reply>>,
    /// Ids of in-flight messages a user dropped by hand.
    dropped_by_hand: Vec<u64>,
    /// The scenario's interventions, shared by every snapshot; they happen in list order,
    /// each after the node events of its millisecond.
    interventions: Arc<Vec<Planned<P>>>,
    /// How many of them have happened.
    interventions_applied: usize,
    /// The scenario's client workload, if it has one.
    clients: Option<Clients>,
    /// `None` when checks are switched off (benchmarks).
    checker: Option<P::Checker>,
    violations: Vec<Violation>,
    stats: Stats,
    /// Notes and the first new violation of the step in progress.
    step_notes: Vec<(NodeId, P::Note)>,
    step_violations_from: usize,
    /// Notes of the node step in progress, shown to the checker before joining `step_notes`.
    node_notes: Vec<P::Note>,
    /// The last FIFO delivery time per link when reordering is off.
    fifo_tail: Vec<Tick>,
    #[cfg(feature = "trace")]
    trace: Option<Vec<String>>,
    /// The delivered message of the step in progress, written out, when tracing.
    #[cfg(feature = "trace")]
    step_detail: Option<String>,
    scratch: Out<P>,
}

// Written out rather than derived: the fields that do not depend on the protocol are cloned
// through one out-of-line function per type, so the page's wasm holds one copy of that code
// for the three protocols' worlds instead of one inlined into each (issue 15, bundle size).
impl<P: SimProtocol> Clone for World<P> {
    fn clone(&self) -> Self {
        Self {
            config: self.config.clone(),
            nodes: self.nodes.clone(),
            links: shared_clone(&self.links),
            network: shared_clone(&self.network),
            streams: shared_clone(&self.streams),
            queue: self.queue.clone(),
            now: self.now,
            steps: self.steps,
            next_msg_id: self.next_msg_id,
            next_request: self.next_request,
            replies: self.replies.clone(),
            dropped_by_hand: shared_clone(&self.dropped_by_hand),
            interventions: Arc::clone(&self.interventions),
            interventions_applied: self.interventions_applied,
            clients: shared_clone(&self.clients),
            checker: self.checker.clone(),
            violations: shared_clone(&self.violations),
            stats: shared_clone(&self.stats),
            step_notes: self.step_notes.clone(),
            step_violations_from: self.step_violations_from,
            node_notes: self.node_notes.clone(),
            fifo_tail: shared_clone(&self.fifo_tail),
            #[cfg(feature = "trace")]
            trace: self.trace.clone(),
            #[cfg(feature = "trace")]
            step_detail: self.step_detail.clone(),
            scratch: self.scratch.clone(),
        }
    }
}

/// What the network does with a message sent from `from` to `to` at `at` (in a cluster of
/// `n`): when it arrives, whether it is lost, and when its duplicate arrives, if there is one.
/// Not generic over the protocol, so the page holds one copy of it.
#[inline(never)]
fn route(
    net: &crate::network::NetworkModel,
    streams: &mut Streams,
    fifo_tail: &mut [Tick],
    n: usize,
    from: NodeId,
    to: NodeId,
    at: Tick,
) -> (Tick, bool, Option<Tick>) {
    let stream = streams.link(from, to);
    // Always draw the same number of values per message, so that changing one probability
    // does not shift every later draw on the link.
    let latency = stream.tick(net.latency_ms);
    let lost = stream.chance(net.drop);
    let duplicate = stream.chance(net.duplicate);
    let dup_latency = stream.tick(net.latency_ms);
    // With reordering off, no message arrives before the last one sent on its link.
    let mut arrival = |due: Tick| {
        if net.reorder {
            return due;
        }
        let tail = &mut fifo_tail[from.index() * n + to.index()];
        *tail = due.max(*tail);
        *tail
    };
    let deliver_at = arrival(at + latency);
    let duplicate_at = duplicate.then(|| arrival(at + dup_latency));
    (deliver_at, lost, duplicate_at)
}

/// Whether `scenario` is valid and for protocol `kind`, before a world of `kind` is built from
/// it. Not generic, so the page holds one copy of it for the three protocols.
#[inline(never)]
fn check_runs_as(scenario: &Scenario, kind: ProtocolKind) -> Result<(), ScenarioError> {
    scenario.validate()?;
    if scenario.protocol != kind {
        return Err(ScenarioError(format!(
            "scenario is for {}, not {kind}",
            scenario.protocol
        )));
    }
    Ok(())
}

/// `value.clone()`, never inlined: see `impl Clone for World`.
#[inline(never)]
fn shared_clone<T: Clone>(value: &T) -> T {
    value.clone()
}

/// An intervention as the world will carry it out: a client request's text is parsed once,
/// when the intervention is planned, not each time a replay reaches it.
#[derive(Debug)]
pub struct Planned<P: SimProtocol> {
    pub timed: Timed,
    request: Option<P::Request>,
}

// Derived `Clone` would demand `P: Clone` of the node type itself.
impl<P: SimProtocol> Clone for Planned<P> {
    fn clone(&self) -> Self {
        Self {
            timed: self.timed.clone(),
            request: self.request.clone(),
        }
    }
}

impl<P: SimProtocol> Planned<P> {
    /// Plan `timed`, parsing its client request if it has one.
    pub fn new(timed: Timed) -> Result<Self, ScenarioError> {
        let request = match &timed.action {
            Intervention::Client { command, .. } => Some(P::parse_request(command)?),
            // Only Raft scenarios validate with membership changes: the other protocols'
            // worlds compile without this code.
            Intervention::Membership { node, add } if matches!(P::KIND, ProtocolKind::Raft) => {
                Some(P::parse_request(&Scenario::membership_command(
                    *node, *add,
                ))?)
            }
            Intervention::ChangeConfig { voters } if matches!(P::KIND, ProtocolKind::Raft) => {
                Some(P::parse_request(&Scenario::change_config_command(voters))?)
            }
            Intervention::TransferLeader { to } if matches!(P::KIND, ProtocolKind::Raft) => {
                Some(P::parse_request(&Scenario::transfer_leader_command(*to))?)
            }
            _ => None,
        };
        Ok(Self { timed, request })
    }

    /// Plan every intervention of a scenario, in order. (Collected into exactly their
    /// number: collecting `Result`s grows the vector by doubling, which left up to half of
    /// an hour's 36,000 client commands' worth of it, 3.3 MB, unused.)
    pub fn all(timed: &[Timed]) -> Result<Vec<Self>, ScenarioError> {
        let mut planned = Vec::with_capacity(timed.len());
        for t in timed {
            planned.push(Self::new(t.clone())?);
        }
        Ok(planned)
    }
}

impl<P: SimProtocol> World<P> {
    /// Build the world a scenario describes, every node started (or restarted from its given
    /// initial state) at time 0 and every scenario intervention queued.
    pub fn new(scenario: &Scenario) -> Result<Self, ScenarioError> {
        check_runs_as(scenario, P::KIND)?;
        let n = scenario.nodes;
        let config = P::config(scenario);
        let nodes = NodeId::all(n)
            .map(|id| Slot {
                node: P::new(id, n, &config),
                up: true,
                timers: Vec::new(),
                durable: None,
                generation: 0,
            })
            .collect();
        let mut world = World {
            config,
            nodes,
            links: Links::new(n),
            network: scenario.network.clone(),
            streams: Streams::new(scenario.seed, n),
            queue: EventQueue::default(),
            now: 0,
            steps: 0,
            next_msg_id: 1,
            next_request: 1,
            replies: Chunked::default(),
            dropped_by_hand: Vec::new(),
            interventions: Arc::new(Planned::all(&scenario.interventions)?),
            interventions_applied: 0,
            clients: None,
            checker: Some(P::Checker::new(n)),
            violations: Vec::new(),
            stats: Stats::default(),
            step_notes: Vec::new(),
            step_violations_from: 0,
            node_notes: Vec::new(),
            fifo_tail: vec![0; n * n],
            #[cfg(feature = "trace")]
            trace: None,
            #[cfg(feature = "trace")]
            step_detail: None,
            scratch: Out::default(),
        };
        for id in NodeId::all(n) {
            let input = match P::initial_state(scenario, id) {
                Some(durable) => Input::Restart(durable),
                None => Input::Start,
            };
            world.step_node(id, input, 0);
        }
        if let Some(workload) = &scenario.clients {
            world.start_clients(Clients::new(workload, scenario.seed, n));
        }
        world.discard_stale_timers();
        Ok(world)
    }

    /// Add an intervention at the end of the list (at `at`, or now if that has passed).
    pub fn push_intervention(&mut self, at: Tick, action: Intervention) {
        let at = at.max(self.now);
        let planned = Planned::new(Timed { at, action })
            .unwrap_or_else(|e| panic!("a valid client request: {e}"));
        Arc::make_mut(&mut self.interventions).push(planned);
    }

    /// The interventions as planned (client requests parsed), shared with snapshots.
    pub fn interventions(&self) -> &Arc<Vec<Planned<P>>> {
        &self.interventions
    }

    /// Make the interventions exactly `interventions` (after the scenario's future was
    /// rewritten by a fork); the first `interventions_applied` of them must be unchanged.
    pub fn sync_interventions(&mut self, interventions: &Arc<Vec<Planned<P>>>) {
        self.interventions = Arc::clone(interventions);
    }

    /// The next intervention due, if any.
    fn next_intervention(&self) -> Option<&Timed> {
        self.interventions
            .get(self.interventions_applied)
            .map(|p| &p.timed)
    }

    /// Turn the safety checks off (for benchmarks).
    pub fn without_checks(mut self) -> Self {
        self.checker = None;
        self
    }

    /// Record a readable line per step (see [`World::take_trace`] and `trace.rs`).
    #[cfg(feature = "trace")]
    pub fn with_trace(mut self) -> Self {
        self.trace = Some(Vec::new());
        self
    }

    #[cfg(feature = "trace")]
    pub fn take_trace(&mut self) -> Vec<String> {
        self.trace.as_mut().map(std::mem::take).unwrap_or_default()
    }

    pub fn now(&self) -> Tick {
        self.now
    }

    /// Steps taken so far.
    pub fn steps(&self) -> u64 {
        self.steps
    }

    pub fn nodes(&self) -> &[Slot<P>] {
        &self.nodes
    }

    pub fn node(&self, id: NodeId) -> &Slot<P> {
        &self.nodes[id.index()]
    }

    pub fn links(&self) -> &Links {
        &self.links
    }

    pub fn config(&self) -> &P::Config {
        &self.config
    }

    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    pub fn checker(&self) -> Option<&P::Checker> {
        self.checker.as_ref()
    }

    pub fn stats(&self) -> &Stats {
        &self.stats
    }

    /// When the next event is due, if any.
    pub fn next_event_at(&self) -> Option<Tick> {
        let node_event = self.queue.peek().map(|(at, _)| at);
        let intervention = self.next_intervention().map(|t| t.at);
        match (node_event, intervention) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Messages on the wire, in delivery order (lost ones included, flagged).
    pub fn in_flight(&self) -> Vec<&Envelope<P::Msg>> {
        self.queue
            .in_order()
            .into_iter()
            .filter_map(|event| match event {
                Event::Deliver(env) => Some(env),
                Event::Timer { .. } | Event::Client { .. } => None,
            })
            .collect()
    }

    /// How many client requests have been submitted (they are numbered 1 to this).
    pub fn requests_submitted(&self) -> RequestId {
        self.next_request - 1
    }

    /// Every answer given to a client so far, in order.
    pub fn replies(&self) -> &Chunked<ClientReply<P::Reply>> {
        &self.replies
    }

    /// Whether the scenario runs a client workload.
    pub fn has_clients(&self) -> bool {
        self.clients.is_some()
    }

    /// The workload's clients, if the scenario has a workload.
    pub fn clients(&self) -> Option<&Clients> {
        self.clients.as_ref()
    }

    /// What the workload's clients saw so far (empty without a workload): the history a
    /// linearizability check judges.
    pub fn client_history(&self) -> History {
        self.clients
            .as_ref()
            .map(Clients::history)
            .unwrap_or_default()
    }

    /// Whether the user dropped in-flight message `id` by hand.
    pub fn is_dropped_by_hand(&self, id: u64) -> bool {
        self.dropped_by_hand.contains(&id)
    }

    /// Advance the clock to `t` without processing events (there must be none before `t`).
    pub fn advance_clock(&mut self, t: Tick) {
        debug_assert!(self.next_event_at().is_none_or(|next| next > t));
        self.now = self.now.max(t);
    }

    /// Run every event due at or before `t`, then set the clock to `t`.
    pub fn run_until(&mut self, t: Tick) {
        while self.next_event_at().is_some_and(|next| next <= t) {
            self.run_step();
        }
        self.advance_clock(t);
    }

    /// Process the next event; `None` when nothing is left to happen.
    pub fn step(&mut self) -> Option<StepRecord<P>> {
        let (at, kind) = self.take_step()?;
        // A copy of exactly the notes (the buffer stays for the next step): a record keeps no
        // spare capacity, which over an hour of steps adds up to megabytes.
        Some(StepRecord {
            step: self.steps,
            at,
            kind,
            notes: self.step_notes.clone(),
            violations: self.violations[self.step_violations_from..].to_vec(),
        })
    }

    /// Process the next event like [`World::step`], without copying out its record (most
    /// runs never read it: a benchmark, a sweep, a replay to an instant); `false` when nothing
    /// is left to happen.
    pub fn run_step(&mut self) -> bool {
        self.take_step().is_some()
    }

    /// Process the next event: its instant and what it was.
    fn take_step(&mut self) -> Option<(Tick, StepKind<P>)> {
        let (at, kind) = self.next_event()?;
        self.finish_step(at, &kind);
        Some((at, kind))
    }

    /// Carry out the next event, up to the bookkeeping every step ends with.
    fn next_event(&mut self) -> Option<(Tick, StepKind<P>)> {
        // Node events of a millisecond come before its interventions.
        let node_event_first = match (self.queue.peek(), self.next_intervention()) {
            (Some((at, _)), Some(t)) => at <= t.at,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => return None,
        };
        if !node_event_first {
            let Planned { timed, request } = self.interventions[self.interventions_applied].clone();
            let Timed { at, action } = timed;
            self.interventions_applied += 1;
            self.begin_step(at);
            self.intervene(&action, request, at);
            return Some((at, StepKind::Intervention(action)));
        }
        loop {
            let (at, event) = self.queue.pop()?;
            let kind = match event {
                Event::Timer {
                    node,
                    timer,
                    generation,
                } => {
                    let slot = &mut self.nodes[node.index()];
                    let Some(pos) = slot.timers.iter().position(|t| t.generation == generation)
                    else {
                        continue; // cancelled or re-armed since: not an event
                    };
                    slot.timers.swap_remove(pos);
                    self.begin_step(at);
                    self.step_node(node, Input::Timer(timer), at);
                    StepKind::Timer { node, timer }
                }
                Event::Deliver(env) => {
                    self.begin_step(at);
                    self.deliver(env, at)
                }
                Event::Client { client, generation } => {
                    if !self.client_is_due(client, generation) {
                        continue;
                    }
                    self.begin_step(at);
                    StepKind::Client(Box::new(self.client_sends(client, at)))
                }
            };
            return Some((at, kind));
        }
    }

    /// Pop cancelled or re-armed timers (and lapsed client events) off the top of the
    /// queue, so that the next event is always a real one ([`World::next_event_at`] must not
    /// promise an event that is not).
    fn discard_stale_timers(&mut self) {
        while let Some((_, event)) = self.queue.peek() {
            let live = match event {
                Event::Timer {
                    node, generation, ..
                } => self.nodes[node.index()]
                    .timers
                    .iter()
                    .any(|t| t.generation == *generation),
                Event::Client { client, generation } => self.client_is_due(*client, *generation),
                Event::Deliver(_) => true,
            };
            if live {
                break;
            }
            self.queue.pop();
        }
    }

    fn client_is_due(&self, client: ClientId, generation: u64) -> bool {
        self.clients
            .as_ref()
            .is_some_and(|c| c.is_due(client, generation))
    }

    /// Start the workload: each client's first operation after a think time.
    fn start_clients(&mut self, mut clients: Clients) {
        for client in 0..clients.count() {
            let at = clients.think(client);
            let generation = clients.schedule(client, Why::New);
            self.push_event(at, Event::Client { client, generation });
        }
        self.clients = Some(clients);
    }

    /// Workload client `client` sends, at `at`: its retry timer is armed first, so that a
    /// redirect answered within this step replaces it.
    fn client_sends(&mut self, client: ClientId, at: Tick) -> ClientStep {
        let clients = self.clients.as_mut().expect("a client event has clients");
        let stats = self.stats.clients.get_or_insert_with(Default::default);
        let (step, id, command) = clients.send(client, at, stats);
        let generation = clients.schedule(client, Why::TimedOut);
        let retry_at = at + clients.workload().retry_ms;
        self.push_event(retry_at, Event::Client { client, generation });
        if let Some(request) = P::session_request(command) {
            if let Some(checker) = &mut self.checker {
                checker.client_request(&request);
            }
            if self.nodes[step.node.index()].up {
                self.step_node(step.node, Input::Client { id, request }, at);
            }
        }
        step
    }

    /// Server `from` answered workload request `id`.
    fn client_answer(&mut self, id: RequestId, from: NodeId, reply: &P::Reply, at: Tick) {
        let Some(clients) = self.clients.as_mut() else {
            return;
        };
        let stats = self.stats.clients.get_or_insert_with(Default::default);
        let answer = P::client_answer(reply);
        if let Some((client, due, why)) = clients.answer(id, from, answer, at, stats) {
            let generation = clients.schedule(client, why);
            self.push_event(due, Event::Client { client, generation });
        }
    }

    fn begin_step(&mut self, at: Tick) {
        self.now = at;
        self.steps += 1;
        self.step_notes.clear();
        self.step_violations_from = self.violations.len();
    }

    fn finish_step(&mut self, at: Tick, kind: &StepKind<P>) {
        #[cfg(feature = "trace")]
        if let Some(trace) = &mut self.trace {
            let delivered = self.step_detail.take();
            let violations = &self.violations[self.step_violations_from..];
            let line = crate::trace::line(
                at,
                self.steps,
                kind,
                delivered,
                &self.step_notes,
                violations,
            );
            trace.push(line);
        }
        #[cfg(not(feature = "trace"))]
        let _ = kind;
        self.stats.after_step(
            at,
            self.nodes
                .iter()
                .filter(|s| s.up && s.node.is_leader())
                .count(),
        );
        self.discard_stale_timers();
    }

    fn deliver(&mut self, env: Envelope<P::Msg>, at: Tick) -> StepKind<P> {
        let kind = P::msg_kind(&env.msg);
        let (id, from, to, sent_at) = (env.id, env.from, env.to, env.sent_at);
        let why = if env.lost || (from != to && self.is_dropped_by_hand(id)) {
            Some(Loss::Dropped)
        } else if !self.links.connected(from, to) {
            Some(Loss::Partitioned)
        } else if !self.nodes[to.index()].up {
            Some(Loss::Crashed)
        } else {
            None
        };
        let message = StepKind::Message {
            id,
            from,
            to,
            sent_at,
            kind,
            lost: why,
        };
        if why.is_some() {
            return message;
        }
        #[cfg(feature = "trace")]
        if self.trace.is_some() {
            self.step_detail = Some(format!("{:?}", env.msg));
        }
        self.step_node(to, Input::Recv { from, msg: env.msg }, at);
        message
    }

    /// Carry out `action`; `request` is its client request, parsed when it was planned.
    fn intervene(&mut self, action: &Intervention, request: Option<P::Request>, at: Tick) {
        match action {
            Intervention::Crash { node } => {
                let slot = &mut self.nodes[node.index()];
                if slot.up {
                    slot.up = false;
                    slot.durable = Some(slot.node.durable());
                    slot.timers.clear();
                }
            }
            Intervention::Restart { node } => {
                let n = self.nodes.len();
                let slot = &mut self.nodes[node.index()];
                if !slot.up {
                    slot.up = true;
                    slot.node = P::new(*node, n, &self.config);
                    let durable = slot
                        .durable
                        .take()
                        .expect("a crashed node has persisted state");
                    self.step_node(*node, Input::Restart(durable), at);
                }
            }
            Intervention::Partition { groups } => self.links.partition(groups),
            Intervention::Heal => self.links.heal(),
            Intervention::Cut { from, to } => self.links.set_cut(*from, *to, true),
            Intervention::Restore { from, to } => self.links.set_cut(*from, *to, false),
            Intervention::Timeout { node } => {
                let slot = &mut self.nodes[node.index()];
                if slot.up {
                    slot.timers.retain(|t| t.timer != P::TIMEOUT_TIMER);
                    self.step_node(*node, Input::Timer(P::TIMEOUT_TIMER), at);
                }
            }
            Intervention::Client { node, .. } => self.submit(*node, request, at),
            Intervention::Membership { .. }
            | Intervention::ChangeConfig { .. }
            | Intervention::TransferLeader { .. }
                if matches!(P::KIND, ProtocolKind::Raft) =>
            {
                // Sent to the leader, like a client that knows it; else to the first server
                // up, which redirects.
                let up = || self.nodes.iter().filter(|s| s.up);
                let target = up()
                    .filter(|s| s.node.is_leader())
                    .max_by_key(|s| s.node.leader_rank())
                    .or_else(|| up().next())
                    .map_or(NodeId(1), |s| s.node.node_id());
                self.submit(target, request, at)
            }
            Intervention::DropMessage { id } => self.dropped_by_hand.push(*id),
            Intervention::Membership { .. }
            | Intervention::ChangeConfig { .. }
            | Intervention::TransferLeader { .. } => {}
        }
    }

    /// A client request to `node`, answered only if it is up.
    fn submit(&mut self, node: NodeId, request: Option<P::Request>, at: Tick) {
        let id = self.next_request;
        self.next_request += 1;
        self.stats.client_submitted(id, at);
        let request = request.expect("client interventions are planned with a request");
        if let Some(checker) = &mut self.checker {
            checker.client_request(&request);
        }
        if self.nodes[node.index()].up {
            self.step_node(node, Input::Client { id, request }, at);
        }
    }

    /// Give one input to one node and carry out its effects.
    fn step_node(&mut self, id: NodeId, input: Input<P>, at: Tick) {
        let mut out = std::mem::take(&mut self.scratch);
        let booted = matches!(input, Input::Start | Input::Restart(_));
        self.nodes[id.index()].node.step(input, &mut out);
        for effect in out.effects.drain(..) {
            match effect {
                Effect::Send { to, msg } => self.send(id, to, msg, at),
                Effect::SetTimer { timer, after } => {
                    let slot = &mut self.nodes[id.index()];
                    slot.generation += 1;
                    let fires_at = at + self.streams.timers(id).tick(after).max(1);
                    slot.timers.retain(|t| t.timer != timer);
                    let generation = slot.generation;
                    slot.timers.push(ArmedTimer {
                        timer,
                        set_at: at,
                        fires_at,
                        generation,
                    });
                    self.push_event(
                        fires_at,
                        Event::Timer {
                            node: id,
                            timer,
                            generation,
                        },
                    );
                }
                Effect::CancelTimer { timer } => {
                    self.nodes[id.index()].timers.retain(|t| t.timer != timer)
                }
                Effect::Persist => {}
                Effect::Reply { id: request, reply } if clients::is_workload(request) => {
                    self.client_answer(request, id, &reply, at)
                }
                Effect::Reply { id: request, reply } => {
                    if P::reply_is_applied(&reply) {
                        self.stats.client_applied(request, at);
                    }
                    self.replies.push(ClientReply {
                        request,
                        step: self.steps,
                        at,
                        node: id,
                        reply,
                    });
                }
                Effect::Note(note) => {
                    if let Some(marker) = P::note_marker(&note) {
                        self.stats.count_marker(marker);
                    }
                    self.node_notes.push(note);
                }
            }
        }
        self.scratch = out;
        if let Some(checker) = &mut self.checker {
            let ctx = StepContext {
                at,
                step: self.steps,
            };
            let node = &self.nodes[id.index()].node;
            checker.after_step(ctx, node, booted, &self.node_notes, &mut self.violations);
        }
        self.step_notes
            .extend(self.node_notes.drain(..).map(|note| (id, note)));
    }

    fn send(&mut self, from: NodeId, to: NodeId, msg: P::Msg, at: Tick) {
        self.stats.count_sent(P::msg_kind(&msg));
        let id = self.next_msg_id;
        self.next_msg_id += 1;
        if from == to {
            // A message to oneself never touches the network: it is delivered within the
            // same millisecond, as its own step, never lost or duplicated, and draws nothing
            // from the link streams.
            let env = Envelope {
                id,
                from,
                to,
                sent_at: at,
                deliver_at: at,
                msg,
                lost: false,
            };
            self.push_event(at, Event::Deliver(env));
            return;
        }
        let n = self.nodes.len();
        let (deliver_at, lost, duplicate_at) = route(
            &self.network,
            &mut self.streams,
            &mut self.fifo_tail,
            n,
            from,
            to,
            at,
        );
        let env = Envelope {
            id,
            from,
            to,
            sent_at: at,
            deliver_at,
            msg,
            lost,
        };
        if let Some(deliver_at) = duplicate_at {
            self.push_event(
                deliver_at,
                Event::Deliver(Envelope {
                    deliver_at,
                    ..env.clone()
                }),
            );
        }
        self.push_event(deliver_at, Event::Deliver(env));
    }

    fn push_event(&mut self, at: Tick, event: Event<P>) {
        self.queue.push(at, event);
    }
}
