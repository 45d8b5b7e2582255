//! Seed sweeps: many seeds × random faults, then a heal phase that must converge.
//!
//! Each run is driven live — the harness looks at the world to pick a leader to talk to —
//! and every intervention it makes is written into a [`Scenario`], so a failure comes with
//! the exact scenario (and share link) that reproduces it. A run depends only on its
//! [`RunSpec`], so seeds can run in any order, on any number of threads or machines.

use crate::budget::{MAX_NODES, MAX_TIME_MS};
use crate::kind::ProtocolKind;
use crate::protocol::{Marker, Summarized, Sweepable};
use crate::registry::Visit;
use crate::scenario::{Intervention, Scenario, ScenarioError, Timed};
use crate::world::World;
use conlab_core::{NodeId, Tick};
use rand_core::RngCore;
use rand_pcg::Pcg32;

/// Which faults a sweep injects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Faults {
    pub crash: bool,
    pub partition: bool,
    pub drop: bool,
    pub dup: bool,
    /// The targeted Figure 8 nemesis: cut the leader off with a minority, hand it a client
    /// request so it replicates only there, crash it, heal, and restart it a little later
    /// into a new term (Raft §5.4.2, Figure 8).
    pub figure8: bool,
    /// The targeted duel nemesis, for protocols where any node takes proposals (single-decree
    /// Paxos): the run's first client request may go to two proposers at once with different
    /// values, so their ballots overlap and one's Accepts may land after the other's round
    /// (Paxos Made Simple §2.2, P1a; §3 on dueling proposers). Only in runs with Nacks:
    /// without them, a duel's blind round search can outlast the recovery window.
    pub duel: bool,
    /// Random configuration changes (Raft, Ongaro's dissertation §4.1): the leader is asked
    /// to add or remove one of the existing servers, sometimes twice at once, or (a third of
    /// the time) to move to a random set of them by joint consensus (Raft §6).
    pub membership: bool,
    /// Random leadership transfers (Raft, dissertation §3.10): the leader is asked to hand
    /// leadership to a random server, interleaved with the other faults.
    pub transfer: bool,
    /// Log compaction (Raft §7): a small snapshot threshold (2, 5 or 10 entries by seed), so
    /// followers that crashed or were cut off catch up through InstallSnapshot.
    pub compaction: bool,
}

impl Default for Faults {
    /// Every fault, the targeted nemesis included, except `transfer`, which is asked for by
    /// name: drawing transfers reshuffles every later fault of a run, and the bug toggles'
    /// recorded first catches (crates/sim/tests/sweeps.rs) were found without them.
    fn default() -> Self {
        Self {
            crash: true,
            partition: true,
            drop: true,
            dup: true,
            figure8: true,
            duel: true,
            membership: true,
            transfer: false,
            compaction: true,
        }
    }
}

impl Faults {
    /// The fault names `parse` reads.
    pub const NAMES: [&'static str; 9] = [
        "crash",
        "partition",
        "drop",
        "dup",
        "figure8",
        "duel",
        "membership",
        "transfer",
        "compaction",
    ];

    /// Parse `crash,partition,drop,dup,figure8,duel,membership,transfer,compaction` (any subset,
    /// comma-separated).
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut faults = Faults {
            crash: false,
            partition: false,
            drop: false,
            dup: false,
            figure8: false,
            duel: false,
            membership: false,
            transfer: false,
            compaction: false,
        };
        for word in text.split(',').map(str::trim).filter(|w| !w.is_empty()) {
            let flag = match word {
                "crash" => &mut faults.crash,
                "partition" => &mut faults.partition,
                "drop" => &mut faults.drop,
                "dup" => &mut faults.dup,
                "figure8" => &mut faults.figure8,
                "duel" => &mut faults.duel,
                "membership" => &mut faults.membership,
                "transfer" => &mut faults.transfer,
                "compaction" => &mut faults.compaction,
                other => {
                    return Err(format!(
                        "unknown fault {}; use {}",
                        crate::budget::excerpt(other),
                        Self::NAMES.join(", ")
                    ))
                }
            };
            *flag = true;
        }
        Ok(faults)
    }
}

/// One sweep run's parameters.
#[derive(Clone, Debug)]
pub struct RunSpec {
    pub nodes: usize,
    pub seed: u64,
    pub faults: Faults,
    /// Bug toggles to switch on.
    pub bugs: Vec<String>,
    /// Length of the fault phase.
    pub fault_ms: Tick,
    /// After healing, the cluster must commit a fresh command within this long.
    pub recover_ms: Tick,
    /// Keep each link's messages in order (by default a later message may overtake).
    pub fifo: bool,
    /// Raft: PreVote on in every run (dissertation §9.6).
    pub pre_vote: bool,
    /// Raft: CheckQuorum on in every run (§6.2, §4.2.3).
    pub check_quorum: bool,
    /// Raft: how the leader answers reads in every run (dissertation §6.4); `None` keeps
    /// the default, `log`.
    pub reads: Option<conlab_raft::ReadMode>,
    /// Run this many workload clients (default workload otherwise) in every run, and check
    /// their history for linearizability at its end.
    pub clients: Option<u32>,
}

/// How available the cluster was in one run: the numbers that show PreVote's and
/// CheckQuorum's effect.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Availability {
    /// Simulated time during which no live server believed it led.
    pub leaderless_ms: Tick,
    /// How many times a server became leader after the network healed.
    pub leader_changes_after_heal: u64,
    /// With clients: operations answered, and whether the linearizability check ran out of
    /// budget (no verdict either way; counted, not a failure).
    pub client_ops: u64,
    pub linearizability_unknown_runs: u64,
}

/// Search steps a run's linearizability check may take (a sweep run's history has a few
/// hundred operations; this is generous).
pub const LINEARIZABILITY_BUDGET: u64 = 2_000_000;

/// Why a run failed.
#[derive(Clone, Debug)]
pub struct Failure {
    pub seed: u64,
    pub nodes: usize,
    /// The invariant broken, or `liveness`.
    pub property: String,
    pub message: String,
    /// The scenario that reproduces the failure.
    pub scenario: Scenario,
}

/// Build the base scenario of a sweep run (before any intervention), checked against the
/// budgets.
pub fn base_scenario<P: Sweepable>(spec: &RunSpec) -> Result<Scenario, ScenarioError> {
    if spec.nodes == 0 || spec.nodes > MAX_NODES {
        return Err(ScenarioError(format!(
            "a cluster has 1 to {MAX_NODES} nodes, not {}",
            spec.nodes
        )));
    }
    let total = spec.fault_ms.checked_add(spec.recover_ms);
    let Some(total) = total.filter(|&t| t <= MAX_TIME_MS) else {
        return Err(ScenarioError(format!(
            "the fault and recovery phases last at most {MAX_TIME_MS} ms together"
        )));
    };
    let mut scenario = Scenario::new(P::KIND, spec.nodes, spec.seed);
    scenario.name = format!("sweep seed {}", spec.seed);
    P::vary_options(&mut scenario, spec.seed);
    if spec.faults.drop {
        scenario.network.drop = 0.05;
    }
    if spec.faults.dup {
        scenario.network.duplicate = 0.05;
    }
    scenario.network.reorder = !spec.fifo;
    if spec.pre_vote || spec.check_quorum {
        if P::KIND != ProtocolKind::Raft {
            return Err(ScenarioError(
                "--pre-vote and --check-quorum are Raft options".into(),
            ));
        }
        scenario.raft.pre_vote = spec.pre_vote;
        scenario.raft.check_quorum = spec.check_quorum;
    }
    if let Some(reads) = spec.reads {
        if P::KIND != ProtocolKind::Raft {
            return Err(ScenarioError("--reads is a Raft option".into()));
        }
        scenario.raft.reads = reads;
    }
    if let Some(count) = spec.clients {
        scenario.clients = Some(crate::clients::Workload::of(count));
    }
    if spec.faults.compaction && P::KIND == ProtocolKind::Raft {
        scenario.raft.snapshot_after_entries = Some([2, 5, 10][(spec.seed / 3 % 3) as usize]);
    }
    for bug in &spec.bugs {
        scenario.enable_bug(bug)?;
    }
    scenario.until_ms = Some(total);
    scenario.validate()?;
    Ok(scenario)
}

/// The sweep runner of a protocol named by value.
pub fn runner(kind: ProtocolKind) -> Runner {
    struct Of;
    impl Visit for Of {
        type Output = Runner;
        fn visit<P: Sweepable + Summarized + crate::view::ProtocolView>(self) -> Runner {
            Runner {
                run: run::<P>,
                check: |spec| base_scenario::<P>(spec).map(drop),
            }
        }
    }
    kind.visit(Of)
}

/// One protocol's sweep entry points as plain functions.
#[derive(Clone, Copy)]
pub struct Runner {
    /// [`run`] for the protocol.
    pub run: fn(&RunSpec) -> Result<Availability, Box<Failure>>,
    /// Check a spec (cluster size, phases, bug toggles) before running any seed.
    pub check: fn(&RunSpec) -> Result<(), ScenarioError>,
}

/// Run one seed: random faults, heal, then require a fresh command to be applied everywhere
/// (for single-decree Paxos: every learner to know the chosen value; see
/// [`Sweepable::has_applied`]).
pub fn run<P: Sweepable>(spec: &RunSpec) -> Result<Availability, Box<Failure>> {
    let setup_failure = |e: ScenarioError| {
        Box::new(Failure {
            seed: spec.seed,
            nodes: spec.nodes,
            property: "scenario".into(),
            message: e.0,
            scenario: Scenario::new(P::KIND, spec.nodes, spec.seed),
        })
    };
    let scenario = base_scenario::<P>(spec).map_err(setup_failure)?;
    let mut driver = Driver {
        world: World::<P>::new(&scenario).map_err(setup_failure)?,
        scenario,
        crashed: vec![false; spec.nodes],
        restarts: Vec::new(),
        availability: Availability::default(),
        healed: false,
    };
    let mut rng = Pcg32::new(spec.seed.wrapping_mul(0x9e37_79b9_7f4a_7c15), 77);
    let n = spec.nodes;
    let mut t: Tick = 0;
    let mut command = 0u64;

    // Fault phase.
    loop {
        t += 30 + u64::from(rng.next_u32() % 300);
        if t >= spec.fault_ms {
            break;
        }
        driver.advance(t);
        if driver.failed() {
            return Err(driver.failure(spec));
        }
        driver.due_restarts(t);
        // Faults aim at a leader half the time, as a Jepsen-style nemesis would.
        let leaders = driver.leaders();
        // A leadership transfer one time in eight (drawn only when the fault is on, so the
        // other faults' runs stay as they were).
        if spec.faults.transfer && P::KIND == ProtocolKind::Raft && rng.next_u32().is_multiple_of(8)
        {
            let to = NodeId::from_index(rng.next_u32() as usize % n);
            driver.intervene(t, Intervention::TransferLeader { to });
            continue;
        }
        let node = match rng.next_u32() % 2 {
            0 if !leaders.is_empty() => leaders[rng.next_u32() as usize % leaders.len()],
            _ => NodeId::from_index(rng.next_u32() as usize % n),
        };
        let crashed = driver.crashed[node.index()];
        let action = match rng.next_u32() % 10 {
            0 | 1 if spec.faults.crash && !crashed => Intervention::Crash { node },
            2 | 3 if spec.faults.crash && crashed => Intervention::Restart { node },
            4 if spec.faults.partition => {
                let mask = rng.next_u32();
                let group: Vec<NodeId> = NodeId::all(n)
                    .filter(|id| mask >> id.index() & 1 == 1)
                    .collect();
                Intervention::Partition {
                    groups: vec![group],
                }
            }
            7 if spec.faults.partition => Intervention::Partition {
                groups: vec![vec![node]],
            },
            5 if spec.faults.partition => Intervention::Heal,
            6 if spec.faults.crash => Intervention::Timeout { node },
            8 if spec.faults.figure8 && n >= 3 && !leaders.is_empty() => {
                command += 1;
                let leader = leaders[rng.next_u32() as usize % leaders.len()];
                t = driver.figure8(&mut rng, t, leader, P::sweep_request(command));
                if driver.failed() {
                    return Err(driver.failure(spec));
                }
                continue;
            }
            9 if spec.faults.membership && !leaders.is_empty() => {
                let leader = &driver.world.node(leaders[0]).node;
                let other = NodeId::from_index(rng.next_u32() as usize % n);
                let (Some(first), Some(second)) =
                    (P::is_voter(leader, node), P::is_voter(leader, other))
                else {
                    continue;
                };
                // A third of the time, a joint change (Raft §6) to a random set of servers.
                if rng.next_u32().is_multiple_of(3) {
                    let mask = rng.next_u32() | 1 << node.index();
                    let voters = NodeId::all(n).filter(|id| mask >> id.index() & 1 == 1);
                    let voters = voters.collect();
                    driver.intervene(t, Intervention::ChangeConfig { voters });
                    continue;
                }
                driver.intervene(t, Intervention::Membership { node, add: !first });
                // Half the time a second change follows at once: it must wait (§4.1).
                if rng.next_u32().is_multiple_of(2) {
                    driver.intervene(
                        t,
                        Intervention::Membership {
                            node: other,
                            add: !second,
                        },
                    );
                }
                continue;
            }
            3 | 9 if spec.faults.duel && command == 0 && driver.may_duel() => {
                let other = (node.index() + 1 + rng.next_u32() as usize % (n - 1)) % n;
                for target in [node, NodeId::from_index(other)] {
                    command += 1;
                    let command = P::sweep_request(command);
                    driver.intervene(
                        t,
                        Intervention::Client {
                            node: target,
                            command,
                        },
                    );
                }
                continue;
            }
            _ => {
                command += 1;
                // Clients talk to whichever leader they know of, stale ones included.
                let target = if leaders.is_empty() || !P::CLIENTS_NEED_LEADER {
                    node
                } else {
                    leaders[rng.next_u32() as usize % leaders.len()]
                };
                Intervention::Client {
                    node: target,
                    command: P::sweep_request(command),
                }
            }
        };
        driver.intervene(t, action);
    }

    // Heal phase: everything back up and connected.
    driver.advance(t);
    driver.healed = true;
    driver.intervene(t, Intervention::Heal);
    for id in NodeId::all(n) {
        if driver.crashed[id.index()] {
            driver.intervene(t, Intervention::Restart { node: id });
        }
    }
    let probe = P::sweep_request(u64::MAX - spec.seed);
    let deadline = spec.fault_ms + spec.recover_ms;
    while t < deadline {
        driver.advance(t);
        if driver.failed() {
            return Err(driver.failure(spec));
        }
        if driver.missing(&probe).is_empty() {
            return driver.judge_clients(spec);
        }
        let live = driver
            .world
            .nodes()
            .iter()
            .filter(|s| s.up)
            .map(|s| &s.node);
        if let Some(target) = P::probe_target(live, &probe) {
            driver.intervene(
                t,
                Intervention::Client {
                    node: target,
                    command: probe.clone(),
                },
            );
        }
        t += 200;
    }
    driver.advance(deadline);
    if driver.failed() {
        return Err(driver.failure(spec));
    }
    let missing = driver.missing(&probe);
    if missing.is_empty() {
        return driver.judge_clients(spec);
    }
    let message = format!(
        "{} ms after healing, `{probe}` was still not applied on {}.",
        spec.recover_ms,
        missing.join(", ")
    );
    Err(Box::new(Failure {
        seed: spec.seed,
        nodes: n,
        property: "liveness".into(),
        message,
        scenario: driver.scenario,
    }))
}

/// A world plus the scenario that records everything done to it.
struct Driver<P: Sweepable> {
    world: World<P>,
    scenario: Scenario,
    crashed: Vec<bool>,
    /// Restarts the Figure 8 nemesis has scheduled: (when, node).
    restarts: Vec<(Tick, NodeId)>,
    availability: Availability,
    /// Whether the heal phase has begun.
    healed: bool,
}

impl<P: Sweepable> Driver<P> {
    /// Run the world until `t` (as [`World::run_until`]), counting time without a leader
    /// and, after healing, new leaders.
    fn advance(&mut self, t: Tick) {
        while self.world.next_event_at().is_some_and(|next| next <= t) {
            self.count_leaderless(self.world.next_event_at().unwrap_or(t));
            let Some(record) = self.world.step() else {
                break;
            };
            if self.healed {
                let elected = record.notes.iter();
                let elected = elected.filter(|(_, n)| P::note_marker(n) == Some(Marker::Leader));
                self.availability.leader_changes_after_heal += elected.count() as u64;
            }
        }
        self.count_leaderless(t);
        self.world.advance_clock(t);
    }

    /// Count the time from now until `until` as leaderless if no live server leads now.
    fn count_leaderless(&mut self, until: Tick) {
        let nodes = self.world.nodes();
        if !nodes.iter().any(|s| s.up && s.node.is_leader()) {
            let now = self.world.now();
            self.availability.leaderless_ms += until.saturating_sub(now);
        }
    }

    fn intervene(&mut self, at: Tick, action: Intervention) {
        match action {
            Intervention::Crash { node } => self.crashed[node.index()] = true,
            Intervention::Restart { node } => self.crashed[node.index()] = false,
            _ => {}
        }
        self.world.push_intervention(at, action.clone());
        self.scenario.interventions.push(Timed { at, action });
    }

    /// Restart the nodes the nemesis scheduled for now or earlier (if still down).
    fn due_restarts(&mut self, t: Tick) {
        let due: Vec<NodeId> = self
            .restarts
            .iter()
            .filter(|(at, _)| *at <= t)
            .map(|(_, node)| *node)
            .collect();
        self.restarts.retain(|(at, _)| *at > t);
        for node in due {
            if self.crashed[node.index()] {
                self.intervene(t, Intervention::Restart { node });
            }
        }
    }

    /// The Figure 8 nemesis, starting at `t` with leader `first` (Raft §5.4.2, Figure 8):
    /// 1. `first` keeps only a minority of the cluster, takes a client request it can
    ///    replicate only there, and crashes once those messages have landed; the network heals.
    /// 2. When the majority has a new leader, it is cut off alone, takes a request of its own
    ///    newer term, and crashes the same way.
    /// 3. `first` restarts at once and times out, so it likely wins a new term while its entry
    ///    of an old term is on a minority; the second leader restarts a little later, with a
    ///    log whose last term beats that entry's.
    ///
    /// Returns the time the choreography ends (the second restart stays scheduled).
    fn figure8(&mut self, rng: &mut Pcg32, t: Tick, first: NodeId, command: String) -> Tick {
        let n = self.crashed.len();
        let followers = rng.next_u32() as usize % ((n - 1) / 2);
        let mut t = self.strike(rng, t, first, followers, command.clone());
        let deadline = t + 2_000;
        let second = loop {
            t += 50;
            self.advance(t);
            if self.failed() || t > deadline {
                break None;
            }
            if let Some(&leader) = self.leaders().iter().find(|&&l| l != first) {
                break Some(leader);
            }
        };
        if let Some(second) = second {
            t = self.strike(rng, t, second, 0, format!("{command}'"));
            let back = t + 300 + u64::from(rng.next_u32() % 600);
            self.restarts.push((back, second));
        }
        self.intervene(t, Intervention::Restart { node: first });
        self.intervene(t, Intervention::Timeout { node: first });
        t
    }

    /// Cut `leader` off with `followers` random others, hand it `command`, and crash it once
    /// its messages have landed; then heal. Returns the time of the crash.
    fn strike(
        &mut self,
        rng: &mut Pcg32,
        t: Tick,
        leader: NodeId,
        followers: usize,
        command: String,
    ) -> Tick {
        let n = self.crashed.len();
        let mut side = vec![leader];
        for _ in 0..followers {
            let other = NodeId::from_index(rng.next_u32() as usize % n);
            if !side.contains(&other) {
                side.push(other);
            }
        }
        side.sort();
        self.intervene(t, Intervention::Partition { groups: vec![side] });
        self.intervene(
            t,
            Intervention::Client {
                node: leader,
                command,
            },
        );
        let landed = t + self.scenario.network.latency_ms.max + 20 + u64::from(rng.next_u32() % 80);
        self.advance(landed);
        self.intervene(landed, Intervention::Crash { node: leader });
        self.intervene(landed, Intervention::Heal);
        landed
    }

    /// Every live node that believes it leads.
    /// Whether the duel nemesis applies: any node takes proposals, there are two of them,
    /// and acceptors answer stale ballots with Nacks.
    fn may_duel(&self) -> bool {
        !P::CLIENTS_NEED_LEADER && self.crashed.len() >= 2 && self.scenario.paxos.nack
    }

    /// The servers that must apply `probe` but have not: those in the current leader's
    /// configuration (every server, if no leader is up or the protocol has none).
    fn missing(&self, probe: &str) -> Vec<String> {
        let leader = self
            .world
            .nodes()
            .iter()
            .filter(|s| s.up && s.node.is_leader())
            .max_by_key(|s| s.node.leader_rank());
        self.world
            .nodes()
            .iter()
            .filter(|s| leader.is_none_or(|l| P::is_voter(&l.node, s.node_id()) != Some(false)))
            .filter(|s| !s.node.has_applied(probe))
            .map(|s| s.node_id().to_string())
            .collect()
    }

    fn leaders(&self) -> Vec<NodeId> {
        self.world
            .nodes()
            .iter()
            .filter(|s| s.up && s.node.is_leader())
            .map(|s| s.node_id())
            .collect()
    }

    /// With clients: is what they saw linearizable? A history with no order that explains
    /// it fails the run as `linearizability`; one the budget could not decide is counted.
    fn judge_clients(mut self, spec: &RunSpec) -> Result<Availability, Box<Failure>> {
        use conlab_check::linearizability::{check, Verdict};
        if spec.clients.is_none() {
            return Ok(self.availability);
        }
        let history = self.world.client_history();
        self.availability.client_ops =
            history.ops.iter().filter(|op| op.ret.is_some()).count() as u64;
        let verdict = check(&history, LINEARIZABILITY_BUDGET);
        self.availability.linearizability_unknown_runs =
            u64::from(matches!(verdict, Verdict::Unknown { .. }));
        let Some(violation) = verdict.violation(&history, self.world.steps()) else {
            return Ok(self.availability);
        };
        let mut scenario = self.scenario;
        scenario.until_ms = Some(self.world.now());
        Err(Box::new(Failure {
            seed: spec.seed,
            nodes: spec.nodes,
            property: violation.invariant.to_string(),
            message: format!("at {} ms: {}", violation.at, violation.message),
            scenario,
        }))
    }

    fn failed(&self) -> bool {
        !self.world.violations().is_empty()
    }

    fn failure(&self, spec: &RunSpec) -> Box<Failure> {
        let first = &self.world.violations()[0];
        let mut scenario = self.scenario.clone();
        scenario.until_ms = Some(first.at);
        Box::new(Failure {
            seed: spec.seed,
            nodes: spec.nodes,
            property: first.invariant.to_string(),
            message: format!(
                "at {} ms (step {}): {}",
                first.at, first.step, first.message
            ),
            scenario,
        })
    }
}
