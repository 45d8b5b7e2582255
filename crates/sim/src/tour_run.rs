//! A tour over its run: the instant each step is anchored to and the facts there
//! ([`resolve`]), and whether each step's `expect` holds ([`check`]). Pure: a scenario in,
//! instants and facts out. The facts are read from the view the page draws (`ViewFrame`),
//! through the protocol-neutral lab, so the page and `cargo test` resolve a tour with the same
//! code and the page carries no per-protocol copy of it.

use crate::scenario::{Scenario, ScenarioError};
use crate::tour::{Expect, Highlight, When};
use crate::validate::DEFAULT_UNTIL_MS;
use crate::view::{new_lab, AnyLab, ViewFrame};
use conlab_core::{NodeId, Tick};

/// The state of a run at one instant, as a tour sees it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Facts {
    /// The step's instant.
    pub time: Tick,
    /// The live node that believes it leads, with the highest term or ballot round (a stale
    /// leader cut off in a lower term is not it).
    pub leader: Option<NodeId>,
    /// The highest term (Raft, §5.1) or ballot round (Paxos) any node holds.
    pub term: u64,
    /// Raft: the highest commit index (§5.3); Paxos and Multi-Paxos: how many values the
    /// checker found chosen (one per slot).
    pub committed: u64,
    /// Single-decree Paxos: the value the checker found chosen (§2.2).
    pub chosen: Option<String>,
    pub crashed: Vec<NodeId>,
    /// Names of the invariants violated so far, in the order found.
    pub violations: Vec<&'static str>,
}

impl Facts {
    /// The facts a frame shows.
    pub fn of(frame: &ViewFrame) -> Self {
        let nodes = &frame.nodes;
        let commit = frame.log.iter().flat_map(|g| &g.rows).flat_map(|r| &r.meta);
        let commit = commit
            .flat_map(|m| &m.hooks)
            .filter(|(k, _)| *k == "data-commit-index")
            .filter_map(|(_, v)| v.parse::<u64>().ok())
            .max();
        Facts {
            time: frame.time,
            leader: nodes
                .iter()
                .filter(|n| n.up && n.leader)
                .max_by_key(|n| (n.term, n.id))
                .map(|n| n.id),
            term: nodes.iter().map(|n| n.term).max().unwrap_or(0),
            committed: commit.unwrap_or(frame.chosen.len() as u64),
            chosen: frame
                .chosen
                .iter()
                .find(|c| c.slot.is_none())
                .map(|c| c.value.clone()),
            crashed: nodes.iter().filter(|n| !n.up).map(|n| n.id).collect(),
            violations: frame.violations.iter().map(|v| v.invariant).collect(),
        }
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
    if scenario.tour.is_empty() {
        return Ok(Vec::new());
    }
    let horizon = scenario
        .tour
        .iter()
        .filter_map(|s| s.at)
        .chain([scenario.until_ms.unwrap_or(DEFAULT_UNTIL_MS)])
        .max()
        .unwrap_or(DEFAULT_UNTIL_MS);
    let mut lab = new_lab(scenario.clone())?;
    let facts = |lab: &mut Box<dyn AnyLab>, ms: u64| {
        lab.seek(ms);
        Facts::of(lab.frames().first())
    };
    let mut now = 0;
    let mut out: Vec<Facts> = Vec::with_capacity(scenario.tour.len());
    for (i, step) in scenario.tour.iter().enumerate() {
        let number = i + 1;
        let fail = |text: String| Err(ScenarioError(format!("tour step {number}{text}")));
        match (step.at, &step.when) {
            (Some(at), _) if at < now => {
                return fail(format!(" at {at} ms comes before step {i} (at {now} ms)"))
            }
            (Some(at), _) => now = at,
            (None, Some(when)) => {
                // Event by event from the previous step's instant until the condition holds.
                lab.seek(now);
                while !when.holds(&Facts::of(lab.frames().first())) {
                    if !lab.step_forward() || lab.cursor().ms > horizon {
                        let what = when.describe();
                        return fail(format!(": {what} never happens before {horizon} ms"));
                    }
                }
                now = lab.cursor().ms;
            }
            (None, None) => return fail(" needs an anchor: `at` or `when`".into()),
        }
        out.push(facts(&mut lab, now));
    }
    Ok(out)
}

/// Resolve the tour and check every step's `expect`: the first one that does not hold, as
/// "step K (at T ms): expected …".
pub fn check(scenario: &Scenario) -> Result<Vec<Facts>, ScenarioError> {
    let facts = resolve(scenario)?;
    let mut lab = new_lab(scenario.clone())?;
    for (i, (step, f)) in scenario.tour.iter().zip(&facts).enumerate() {
        let pointless = step.highlight.as_ref().and_then(|h| {
            lab.seek(f.time);
            missing(lab.frames().first(), h)
        });
        if let Some(why) = step.expect.as_ref().and_then(|e| e.broken(f)).or(pointless) {
            return Err(ScenarioError(format!(
                "step {} (at {} ms): {why}",
                i + 1,
                f.time
            )));
        }
    }
    Ok(facts)
}

/// What a step's highlight points at that is not on screen at its instant: a message from one
/// node to another in flight, a log entry.
fn missing(frame: &ViewFrame, highlight: &Highlight) -> Option<String> {
    if let Some((from, to)) = highlight.message {
        if !frame.messages.iter().any(|m| (m.from, m.to) == (from, to)) {
            return Some(format!("no message from {from} to {to} is in flight"));
        }
    }
    let (node, index) = highlight.log?;
    let grid = frame.log.as_ref()?;
    let has = grid.rows.iter().filter(|r| r.id == node).any(|r| {
        (grid.first..)
            .zip(&r.cells)
            .any(|(i, c)| i == index && c.entry.is_some())
    });
    (!has).then(|| format!("{node}'s log has no entry {index} on screen"))
}
