//! A tour over its run: the instant each step is anchored to ([`resolve`]), the facts there,
//! and whether each step's `expect` holds ([`check`]). Pure: a scenario in, instants and
//! facts out, the same natively and in the page.

use crate::registry::Visit;
use crate::scenario::{Scenario, ScenarioError};
use crate::tour::{Expect, When};
use crate::validate::DEFAULT_UNTIL_MS;
use crate::world::World;
use crate::{ProtocolView, SimProtocol, Summarized, Sweepable};
use conlab_core::{NodeId, Tick};
use conlab_paxos::{MultiPaxosNode, PaxosNode};
use conlab_raft::RaftNode;

/// What a tour can ask of a protocol's node, beyond running it.
pub trait Toured: SimProtocol {
    /// The term (Raft, §5.1) or ballot round (Paxos) this node holds.
    fn term(&self) -> u64;
    /// Raft: the commit index (§5.3); Multi-Paxos: chosen slots this replica knows; Paxos: 1
    /// once this learner learned a value.
    fn committed(&self) -> u64;
    /// Single-decree Paxos: the value the checker's ghost history found chosen (§2.2).
    fn chosen(_world: &World<Self>) -> Option<String> {
        None
    }
}

impl Toured for RaftNode {
    fn term(&self) -> u64 {
        self.current_term()
    }
    fn committed(&self) -> u64 {
        self.commit_index()
    }
}

impl Toured for PaxosNode {
    fn term(&self) -> u64 {
        self.promised().map_or(0, |b| b.round)
    }
    fn committed(&self) -> u64 {
        u64::from(self.learned().is_some())
    }
    fn chosen(world: &World<Self>) -> Option<String> {
        world.checker()?.chosen().map(|(_, v)| v.clone())
    }
}

impl Toured for MultiPaxosNode {
    fn term(&self) -> u64 {
        self.promised().map_or(0, |b| b.round)
    }
    fn committed(&self) -> u64 {
        self.log()
            .chosen_slots()
            .iter()
            .filter(|c| c.is_some())
            .count() as u64
    }
}

/// The state of a run at one instant, as a tour sees it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Facts {
    pub time: Tick,
    /// The highest-ranked live node that believes it leads.
    pub leader: Option<NodeId>,
    pub term: u64,
    pub committed: u64,
    pub chosen: Option<String>,
    pub crashed: Vec<NodeId>,
    /// Names of the invariants violated so far, in the order found.
    pub violations: Vec<&'static str>,
}

fn facts<P: Toured>(world: &World<P>) -> Facts {
    let nodes = world.nodes();
    Facts {
        time: world.now(),
        leader: nodes
            .iter()
            .filter(|s| s.up && s.node.is_leader())
            .max_by_key(|s| s.node.leader_rank())
            .map(|s| s.node_id()),
        term: nodes.iter().map(|s| s.node.term()).max().unwrap_or(0),
        committed: nodes.iter().map(|s| s.node.committed()).max().unwrap_or(0),
        chosen: P::chosen(world),
        crashed: nodes
            .iter()
            .filter(|s| !s.up)
            .map(|s| s.node_id())
            .collect(),
        violations: world.violations().iter().map(|v| v.invariant).collect(),
    }
}

impl When {
    /// Whether the condition holds in `facts`.
    pub fn holds(&self, facts: &Facts) -> bool {
        if let Some(leader) = self.leader {
            return facts.leader.is_some_and(|l| leader.0 == 0 || l == leader);
        }
        if let Some(node) = self.crashed {
            return facts.crashed.contains(&node);
        }
        if let Some(index) = self.committed {
            return facts.committed >= index;
        }
        if self.chosen.is_some() {
            return facts.chosen.is_some();
        }
        !facts.violations.is_empty()
    }

    /// The condition in words, for an error.
    fn describe(&self) -> String {
        match (self.leader, self.crashed, self.committed, self.chosen) {
            (Some(NodeId(0)), ..) => "a leader is elected".into(),
            (Some(node), ..) => format!("{node} becomes leader"),
            (_, Some(node), ..) => format!("{node} is crashed"),
            (_, _, Some(index), _) => format!("some node commits index {index}"),
            (_, _, _, Some(_)) => "a value is chosen".into(),
            _ => "the checker finds a violation".into(),
        }
    }
}

impl Expect {
    /// The first expectation `facts` breaks, in words.
    pub fn broken(&self, facts: &Facts) -> Option<String> {
        let name = |n: Option<NodeId>| n.map_or("none".to_string(), |n| n.to_string());
        if let Some(leader) = self.leader {
            if facts.leader != leader {
                return Some(format!(
                    "expected leader {} but it is {}",
                    name(leader),
                    name(facts.leader)
                ));
            }
        }
        if let Some(term) = self.term.filter(|t| *t != facts.term) {
            return Some(format!("expected term {term} but it is {}", facts.term));
        }
        if let Some(c) = self.committed.filter(|c| *c != facts.committed) {
            return Some(format!(
                "expected committed {c} but it is {}",
                facts.committed
            ));
        }
        if let Some(chosen) = &self.chosen {
            if facts.chosen.as_ref() != Some(chosen) {
                return Some(format!(
                    "expected {chosen} chosen but it is {}",
                    facts.chosen.as_deref().unwrap_or("nothing")
                ));
            }
        }
        if let Some(names) = &self.violations {
            if !names
                .iter()
                .map(String::as_str)
                .eq(facts.violations.iter().copied())
            {
                return Some(format!(
                    "expected violations [{}] but found [{}]",
                    names.join(", "),
                    facts.violations.join(", ")
                ));
            }
        }
        None
    }
}

/// The facts at each tour step's instant, in step order. A `when` step waits at most until
/// the scenario's `until_ms` (default 5000 ms) or the latest `at` anchor, whichever is later.
pub fn resolve(scenario: &Scenario) -> Result<Vec<Facts>, ScenarioError> {
    scenario.protocol.visit(Resolve(scenario))
}

struct Resolve<'a>(&'a Scenario);

impl Visit for Resolve<'_> {
    type Output = Result<Vec<Facts>, ScenarioError>;
    fn visit<P: Sweepable + Summarized + ProtocolView + Toured>(self) -> Self::Output {
        run::<P>(self.0)
    }
}

fn run<P: Toured>(scenario: &Scenario) -> Result<Vec<Facts>, ScenarioError> {
    let horizon = scenario
        .tour
        .iter()
        .filter_map(|s| s.at)
        .chain([scenario.until_ms.unwrap_or(DEFAULT_UNTIL_MS)])
        .max()
        .unwrap_or(DEFAULT_UNTIL_MS);
    let mut world = World::<P>::new(scenario)?;
    world.run_until(0);
    let mut out: Vec<Facts> = Vec::with_capacity(scenario.tour.len());
    for (i, step) in scenario.tour.iter().enumerate() {
        let number = i + 1;
        let now = world.now();
        match (step.at, &step.when) {
            (Some(at), _) if at < now => {
                return Err(ScenarioError(format!(
                    "tour step {number} at {at} ms comes before step {i} (at {now} ms)"
                )))
            }
            (Some(at), _) => world.run_until(at),
            (None, Some(when)) => {
                while !when.holds(&facts(&world)) {
                    match world.next_event_at().filter(|t| *t <= horizon) {
                        Some(next) => world.run_until(next),
                        None => {
                            return Err(ScenarioError(format!(
                                "tour step {number}: {} never happens before {horizon} ms",
                                when.describe()
                            )))
                        }
                    }
                }
            }
            (None, None) => {
                return Err(ScenarioError(format!(
                    "tour step {number} needs an anchor: `at` or `when`"
                )))
            }
        }
        out.push(facts(&world));
    }
    Ok(out)
}

/// Resolve the tour and check every step's `expect`: the first one that does not hold, as
/// "step K (at T ms): expected …".
pub fn check(scenario: &Scenario) -> Result<Vec<Facts>, ScenarioError> {
    let facts = resolve(scenario)?;
    for (i, (step, f)) in scenario.tour.iter().zip(&facts).enumerate() {
        if let Some(why) = step.expect.as_ref().and_then(|e| e.broken(f)) {
            return Err(ScenarioError(format!(
                "step {} (at {} ms): {why}",
                i + 1,
                f.time
            )));
        }
    }
    Ok(facts)
}
