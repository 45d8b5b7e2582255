//! Seed sweeps: many seeds × random faults, then a heal phase that must converge.
//!
//! Each run is driven live — the harness looks at the world to pick a leader to talk to —
//! and every intervention it makes is written into a [`Scenario`], so a failure comes with
//! the exact scenario (and share link) that reproduces it.

use crate::protocol::SimProtocol;
use crate::scenario::{Intervention, Scenario, ScenarioError, Timed};
use crate::world::World;
use conlab_core::{NodeId, Tick};
use rand_core::RngCore;
use rand_pcg::Pcg32;

/// Which faults a sweep injects.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Faults {
    pub crash: bool,
    pub partition: bool,
    pub drop: bool,
    pub dup: bool,
}

impl Faults {
    /// Parse `crash,partition,drop,dup` (any subset, comma-separated).
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut faults = Faults::default();
        for word in text.split(',').map(str::trim).filter(|w| !w.is_empty()) {
            match word {
                "crash" => faults.crash = true,
                "partition" => faults.partition = true,
                "drop" => faults.drop = true,
                "dup" => faults.dup = true,
                other => {
                    return Err(format!(
                        "unknown fault `{other}`; use crash, partition, drop, dup"
                    ))
                }
            }
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
}

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

/// Build the base scenario of a sweep run (before any intervention).
pub fn base_scenario(protocol: &str, spec: &RunSpec) -> Result<Scenario, ScenarioError> {
    let mut scenario = Scenario::new(protocol, spec.nodes, spec.seed);
    scenario.name = format!("sweep seed {}", spec.seed);
    match protocol {
        "raft" => {
            // Vary batching: one entry per AppendEntries exposes more interleavings (Figure 8).
            scenario.raft.max_entries_per_append = [1, 4, 32][(spec.seed % 3) as usize];
            scenario.raft.noop_on_election = spec.seed.is_multiple_of(2);
        }
        "paxos" => {
            // Slower links let ballots overlap and time out: proposers duel more.
            scenario.network.latency_ms.max = [30, 80, 150][(spec.seed % 3) as usize];
            // Without Nacks, preemption shows only through timeouts: other interleavings.
            scenario.paxos.nack = !(spec.seed / 3).is_multiple_of(3);
        }
        // Without Nacks, preemption shows only through timeouts: other interleavings.
        "multipaxos" => scenario.multipaxos.nack = !spec.seed.is_multiple_of(3),
        _ => {}
    }
    if spec.faults.drop {
        scenario.network.drop = 0.05;
    }
    if spec.faults.dup {
        scenario.network.duplicate = 0.05;
    }
    for bug in &spec.bugs {
        crate::any::enable_bug(&mut scenario, bug)?;
    }
    scenario.until_ms = Some(spec.fault_ms + spec.recover_ms);
    Ok(scenario)
}

/// Run one seed: random faults, heal, then require a fresh command to be applied everywhere
/// (for single-decree Paxos: every learner to know the chosen value; see
/// [`SimProtocol::has_applied`]).
pub fn run<P: SimProtocol>(spec: &RunSpec) -> Result<(), Box<Failure>> {
    let scenario = base_scenario(P::NAME, spec).map_err(|e| {
        Box::new(Failure {
            seed: spec.seed,
            nodes: spec.nodes,
            property: "scenario".into(),
            message: e.0,
            scenario: Scenario::new(P::NAME, spec.nodes, spec.seed),
        })
    })?;
    let mut driver = Driver {
        world: World::<P>::new(&scenario).expect("valid sweep scenario"),
        scenario,
    };
    let mut rng = Pcg32::new(spec.seed.wrapping_mul(0x9e37_79b9_7f4a_7c15), 77);
    let n = spec.nodes;
    let mut t: Tick = 0;
    let mut crashed = vec![false; n];
    let mut command = 0u64;

    // Fault phase.
    loop {
        t += 30 + u64::from(rng.next_u32() % 300);
        if t >= spec.fault_ms {
            break;
        }
        driver.world.run_until(t);
        if driver.failed() {
            return Err(driver.failure(spec));
        }
        // Faults aim at a leader half the time, as a Jepsen-style nemesis would.
        let leaders = driver.leaders();
        let node = match rng.next_u32() % 2 {
            0 if !leaders.is_empty() => leaders[rng.next_u32() as usize % leaders.len()],
            _ => NodeId::from_index(rng.next_u32() as usize % n),
        };
        let action = match rng.next_u32() % 10 {
            0 | 1 if spec.faults.crash && !crashed[node.index()] => {
                crashed[node.index()] = true;
                Intervention::Crash { node }
            }
            2 | 3 if spec.faults.crash && crashed[node.index()] => {
                crashed[node.index()] = false;
                Intervention::Restart { node }
            }
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
    driver.world.run_until(t);
    driver.intervene(t, Intervention::Heal);
    for id in NodeId::all(n).filter(|id| crashed[id.index()]) {
        driver.intervene(t, Intervention::Restart { node: id });
    }
    let probe = P::sweep_request(u64::MAX - spec.seed);
    let deadline = spec.fault_ms + spec.recover_ms;
    while t < deadline {
        driver.world.run_until(t);
        if driver.failed() {
            return Err(driver.failure(spec));
        }
        if driver
            .world
            .nodes()
            .iter()
            .all(|s| s.node.has_applied(&probe))
        {
            return Ok(());
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
    driver.world.run_until(deadline);
    if driver.failed() {
        return Err(driver.failure(spec));
    }
    let missing: Vec<String> = driver
        .world
        .nodes()
        .iter()
        .filter(|s| !s.node.has_applied(&probe))
        .map(|s| s.node_id().to_string())
        .collect();
    if missing.is_empty() {
        return Ok(());
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
struct Driver<P: SimProtocol> {
    world: World<P>,
    scenario: Scenario,
}

impl<P: SimProtocol> Driver<P> {
    fn intervene(&mut self, at: Tick, action: Intervention) {
        self.world.push_intervention(at, action.clone());
        self.scenario.interventions.push(Timed { at, action });
    }

    /// Every live node that believes it leads.
    fn leaders(&self) -> Vec<NodeId> {
        self.world
            .nodes()
            .iter()
            .filter(|s| s.up && s.node.is_leader())
            .map(|s| s.node_id())
            .collect()
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
