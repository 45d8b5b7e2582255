//! Clients as part of the simulation (issue 16): closed-loop clients that find the leader
//! through redirects, retry after a timeout and carry a session (Ongaro's dissertation §6.3),
//! so that the state machine applies a retried command once. What they saw is recorded as a
//! linearizability [`History`] — the ground truth, kept by the simulator, not by any node.
//!
//! Delivery model: a client's request reaches its server in the client's own step, and the
//! answer reaches the client in the step the server gives it. Clients are never partitioned;
//! servers are. A request to a crashed server is lost, and so is the answer to a request
//! whose server crashed or lost leadership before answering: the client retries, with the same
//! session, after `retry_ms` without an answer. A `get` goes through the log like a write,
//! unless Raft's `raft.reads` is `read_index` or `lease` (dissertation §6.4): the leader then
//! answers it without an entry, with the same `Applied` reply, so nothing changes here.

mod workload;

pub use workload::{Workload, MAX_CLIENTS};

use crate::rng::Stream;
use conlab_check::linearizability::{ClientId, History, Operation};
use conlab_core::kv::{Command, Outcome, Session};
use conlab_core::{Chunked, NodeId, RequestId, Tick, TickRange};

/// What a server's reply means to the client that sent the request.
pub enum Answer {
    /// Applied (executed) with this outcome: the operation's answer.
    Done(Outcome),
    /// Not the leader; try the hinted server (or the next one).
    Redirect(Option<NodeId>),
    /// Not an answer yet (accepted, proposed): keep waiting.
    Waiting,
}

/// Why a client sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Why {
    /// Its next operation, to the server it believes leads.
    New,
    /// The same operation, at once, after a server redirected it.
    Redirected,
    /// The same operation, to the next server, after `retry_ms` without an answer.
    TimedOut,
}

/// A client's step: it sends operation `seq` (its session's sequence number) to `node`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientStep {
    pub client: ClientId,
    pub seq: u64,
    pub node: NodeId,
    pub command: Command,
    pub why: Why,
}

/// Counters for the run's stats: what clients saw.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct ClientStats {
    /// Operations answered.
    pub completed: u64,
    /// Sends after a timeout.
    pub retries: u64,
    /// Sends after a redirect.
    pub redirects: u64,
    /// Invocation-to-answer time of each answered operation, in order (serialized as mean
    /// and p99).
    #[serde(rename = "latency_ms", serialize_with = "serialize_latency")]
    pub latencies_ms: Chunked<Tick>,
}

impl ClientStats {
    /// The mean and the 99th percentile (nearest rank) of the latencies, in ms.
    pub fn latency_mean_p99(&self) -> Option<(Tick, Tick)> {
        mean_p99(&self.latencies_ms)
    }
}

fn mean_p99(latencies: &Chunked<Tick>) -> Option<(Tick, Tick)> {
    let mut sorted: Vec<Tick> = latencies.iter().copied().collect();
    if sorted.is_empty() {
        return None;
    }
    sorted.sort_unstable();
    let n = sorted.len();
    let mean = sorted.iter().sum::<Tick>() / n as Tick;
    Some((mean, sorted[(99 * n).div_ceil(100) - 1]))
}

/// `{"mean": ms, "p99": ms}`, or null before any answer.
fn serialize_latency<S: serde::Serializer>(
    latencies: &Chunked<Tick>,
    s: S,
) -> Result<S::Ok, S::Error> {
    #[derive(serde::Serialize)]
    struct Latency {
        mean: Tick,
        p99: Tick,
    }
    let latency = mean_p99(latencies).map(|(mean, p99)| Latency { mean, p99 });
    serde::Serialize::serialize(&latency, s)
}

/// Workload requests are numbered apart from the interventions' (which count from 1): the
/// top bit, the client, the sequence number.
const WORKLOAD: RequestId = 1 << 63;

fn request_id(client: ClientId, seq: u64) -> RequestId {
    WORKLOAD | u64::from(client) << 40 | seq
}

/// Whether request `id` is a workload client's.
pub fn is_workload(id: RequestId) -> bool {
    id & WORKLOAD != 0
}

/// Every client of a run and the history of what they saw.
#[derive(Clone, Debug)]
pub struct Clients {
    workload: Workload,
    nodes: usize,
    clients: Vec<Client>,
    /// Every operation, in invocation order (in shared chunks: a timeline snapshot copies
    /// pointers).
    ops: Chunked<Operation>,
    /// Per operation (same order): its sends after a timeout and after a redirect.
    sends: Chunked<(u32, u32)>,
}

#[derive(Clone, Debug)]
struct Client {
    rng: Stream,
    /// The server it believes leads.
    leader: NodeId,
    /// The sequence number of its latest operation (0: none yet).
    seq: u64,
    /// The operation waiting for an answer: its index in the history and the command with
    /// its session.
    outstanding: Option<(usize, Command)>,
    /// Redirects followed at once since the last send after a timeout.
    redirects: usize,
    /// Only the event of this generation is due; a later schedule replaces an earlier one.
    generation: u64,
    /// Why its next event sends.
    next: Why,
    /// Per key, the value it last saw (what its `cas` expects).
    seen: Vec<Option<String>>,
}

impl Clients {
    /// The clients of `workload` in a cluster of `nodes`, each with its own random stream;
    /// each believes a random server leads.
    pub fn new(workload: &Workload, seed: u64, nodes: usize) -> Self {
        let clients = (0..workload.count)
            .map(|i| {
                let mut rng = Stream::client(seed, i as usize);
                let leader = NodeId::from_index(rng.below(nodes as u64) as usize);
                Client {
                    rng,
                    leader,
                    seq: 0,
                    outstanding: None,
                    redirects: 0,
                    generation: 0,
                    next: Why::New,
                    seen: vec![None; workload.keys as usize],
                }
            })
            .collect();
        Self {
            workload: workload.clone(),
            nodes,
            clients,
            ops: Chunked::default(),
            sends: Chunked::default(),
        }
    }

    pub fn workload(&self) -> &Workload {
        &self.workload
    }

    /// How many clients there are (ids 0 to this − 1).
    pub fn count(&self) -> ClientId {
        self.clients.len() as ClientId
    }

    /// A think time for `client`: uniform in 0..=2000 / ops_per_sec ms.
    pub fn think(&mut self, client: ClientId) -> Tick {
        let max = self.workload.max_think_ms();
        self.clients[client as usize]
            .rng
            .tick(TickRange::new(0, max))
    }

    /// `client`'s next event sends for `why`; returns its generation (earlier ones lapse).
    pub fn schedule(&mut self, client: ClientId, why: Why) -> u64 {
        let c = &mut self.clients[client as usize];
        c.generation += 1;
        c.next = why;
        c.generation
    }

    /// Whether `client`'s event of `generation` is still due.
    pub fn is_due(&self, client: ClientId, generation: u64) -> bool {
        self.clients
            .get(client as usize)
            .is_some_and(|c| c.generation == generation)
    }

    /// `client` sends, at `now`: a new operation (recorded in the history), or its
    /// outstanding one again. Returns the step, the request's id and the command with its
    /// session.
    pub fn send(
        &mut self,
        client: ClientId,
        now: Tick,
        stats: &mut ClientStats,
    ) -> (ClientStep, RequestId, Command) {
        let keys = self.workload.keys;
        let (read, cas) = (self.workload.read_percent, self.workload.cas_percent);
        let nodes = self.nodes;
        let c = &mut self.clients[client as usize];
        let why = c.next;
        match why {
            Why::New => {
                c.seq += 1;
                c.redirects = 0;
                let command = c.draw(client, keys, read, cas);
                let index = self.ops.len();
                self.sends.push((0, 0));
                self.ops.push(Operation {
                    client,
                    command: command.clone(),
                    call: now,
                    ret: None,
                });
                let session = Session { client, seq: c.seq };
                c.outstanding = Some((index, Command::InSession(session, Box::new(command))));
            }
            Why::TimedOut => {
                stats.retries += 1;
                c.redirects = 0;
                c.leader = next_node(c.leader, nodes);
            }
            Why::Redirected => stats.redirects += 1,
        }
        let sent = c
            .outstanding
            .as_ref()
            .and_then(|(i, _)| self.sends.get_mut(*i));
        match (why, sent) {
            (Why::TimedOut, Some(sent)) => sent.0 += 1,
            (Why::Redirected, Some(sent)) => sent.1 += 1,
            _ => {}
        }
        let request = c
            .outstanding
            .as_ref()
            .map_or(Command::Noop, |(_, r)| r.clone());
        let step = ClientStep {
            client,
            seq: c.seq,
            node: c.leader,
            command: request.clone().without_session(),
            why,
        };
        (step, request_id(client, c.seq), request)
    }

    /// Server `from` answered request `id` at `now`. Returns the client whose next event is
    /// due, with when and why; `None` if the client waits on (or the answer is stale).
    pub fn answer(
        &mut self,
        id: RequestId,
        from: NodeId,
        answer: Answer,
        now: Tick,
        stats: &mut ClientStats,
    ) -> Option<(ClientId, Tick, Why)> {
        let client = ((id & !WORKLOAD) >> 40) as ClientId;
        let seq = id & ((1 << 40) - 1);
        let nodes = self.nodes;
        let c = self.clients.get_mut(client as usize)?;
        if c.seq != seq {
            return None;
        }
        let (index, _) = c.outstanding.as_ref()?;
        match answer {
            Answer::Waiting => None,
            // At most one redirect per server in a row without waiting: stale hints could
            // otherwise send a client around in circles within one millisecond.
            Answer::Redirect(_) if c.redirects >= nodes => None,
            Answer::Redirect(hint) => {
                c.redirects += 1;
                c.leader = hint
                    .filter(|&h| h != from && h.index() < nodes)
                    .unwrap_or_else(|| next_node(from, nodes));
                Some((client, now, Why::Redirected))
            }
            Answer::Done(outcome) => {
                let index = *index;
                c.outstanding = None;
                c.leader = from;
                if let Some(op) = self.ops.get_mut(index) {
                    c.saw(&op.command, &outcome);
                    stats.completed += 1;
                    stats.latencies_ms.push(now - op.call);
                    op.ret.get_or_insert((now, outcome));
                }
                let think = self.think(client);
                Some((client, now + think, Why::New))
            }
        }
    }

    /// How many times operation `index` of the history was sent again: after a timeout, and
    /// after a redirect.
    pub fn sends(&self, index: usize) -> (u32, u32) {
        self.sends.get(index).copied().unwrap_or_default()
    }

    /// What the clients saw so far: every operation, answered or not, in invocation order.
    pub fn history(&self) -> History {
        History {
            ops: self.ops.iter().cloned().collect(),
        }
    }
}

/// The server after `node`, round-robin.
fn next_node(node: NodeId, nodes: usize) -> NodeId {
    NodeId::from_index((node.index() + 1) % nodes)
}

impl Client {
    /// The next operation: a random key, then a read, a compare-and-set (when a value of the
    /// key was seen) or a write of a value unique to the run.
    fn draw(&mut self, client: ClientId, keys: u32, read: u32, cas: u32) -> Command {
        let k = self.rng.below(u64::from(keys)) as usize;
        let roll = self.rng.below(100) as u32;
        let key = format!("x{k}");
        let value = format!("c{client}-{}", self.seq);
        match &self.seen[k] {
            _ if roll < read => Command::Get { key },
            Some(expected) if roll < read + cas => Command::Cas {
                key,
                expected: expected.clone(),
                new: value,
            },
            _ => Command::Set { key, value },
        }
    }

    /// Remember the value the answer to `command` showed for its key.
    fn saw(&mut self, command: &Command, outcome: &Outcome) {
        let (key, value) = match (command, outcome) {
            (Command::Get { key }, Outcome::Value(v)) => (key, v.clone()),
            (Command::Set { key, value }, Outcome::Done) => (key, Some(value.clone())),
            (Command::Cas { key, new, .. }, Outcome::Done) => (key, Some(new.clone())),
            (Command::Cas { key, .. }, Outcome::CasFailed { actual }) => (key, actual.clone()),
            _ => return,
        };
        if let Some(seen) = key[1..]
            .parse::<usize>()
            .ok()
            .and_then(|k| self.seen.get_mut(k))
        {
            *seen = value;
        }
    }
}
