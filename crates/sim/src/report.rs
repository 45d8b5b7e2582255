//! A whole run summarized: the trace (optional) and the final state of every node, the
//! checker's run-wide facts and every violation, as JSON. `conlab run` prints it; the data
//! tests (`crates/sim/tests/data.rs`) record it next to each scenario.

use crate::protocol::{Summarized, Sweepable};
use crate::registry::Visit;
use crate::scenario::{Scenario, ScenarioError};
use crate::world::World;
use conlab_core::Tick;
use serde_json::{json, Value};

/// What a run produced.
pub struct Report {
    /// One line per step (empty unless asked for).
    pub trace: Vec<String>,
    /// With the trace: the trace file (`crate::trace_json`, the format the page downloads).
    pub trace_file: Option<Value>,
    /// `protocol`, `time_ms`, `steps`, `nodes` (each node's summary and `up`), the checker's
    /// facts (Raft: `leaders`; Paxos: `chosen`, …), `violations` and `stats`.
    pub summary: Value,
}

impl Report {
    /// Whether a safety invariant was violated.
    pub fn violated(&self) -> bool {
        !self.summary["violations"]
            .as_array()
            .is_some_and(Vec::is_empty)
    }
}

/// Run `scenario` (any protocol) until `until` ms and summarize it.
pub fn simulate(scenario: &Scenario, until: Tick, trace: bool) -> Result<Report, ScenarioError> {
    scenario.protocol.visit(Simulate {
        scenario,
        until,
        trace,
    })
}

struct Simulate<'a> {
    scenario: &'a Scenario,
    until: Tick,
    trace: bool,
}

impl Visit for Simulate<'_> {
    type Output = Result<Report, ScenarioError>;

    fn visit<P: Sweepable + Summarized + crate::view::ProtocolView>(self) -> Self::Output {
        let mut world = World::<P>::new(self.scenario)?;
        if self.trace {
            world = world.with_trace();
        }
        let mut records = Vec::new();
        if self.trace {
            while world.next_event_at().is_some_and(|t| t <= self.until) {
                records.push(world.step().expect("an event is due"));
            }
        }
        world.run_until(self.until);
        let trace_file = self.trace.then(|| {
            let run = crate::trace_json::run(&crate::trace_json::Run::<P> {
                records: &records,
                violations: world.violations(),
            });
            let scenario = serde_json::to_string(self.scenario).expect("scenarios serialize");
            serde_json::from_str(&crate::trace_json::document(&scenario, &[run]))
                .expect("the trace is JSON")
        });
        let nodes: Vec<Value> = world
            .nodes()
            .iter()
            .map(|slot| {
                let mut node = slot.node.summary();
                node["up"] = slot.up.into();
                node
            })
            .collect();
        let mut summary = json!({
            "protocol": P::KIND,
            "time_ms": world.now(),
            "steps": world.steps(),
            "nodes": nodes,
        });
        let checker = world.checker().expect("checks are on");
        for (key, value) in P::history(checker) {
            summary[key] = value;
        }
        let mut violations = world.violations().to_vec();
        if self.scenario.clients.is_some() {
            // What the clients saw, judged once at the end (an undecided check is `unknown`).
            use conlab_check::linearizability::{check, Verdict};
            let history = world.client_history();
            let verdict = check(&history, crate::sweep::LINEARIZABILITY_BUDGET);
            summary["linearizability"] = match &verdict {
                Verdict::Linearizable => "linearizable".into(),
                Verdict::NotLinearizable { key, .. } => json!({ "not_linearizable": key }),
                Verdict::Unknown { key } => json!({ "unknown": key }),
            };
            violations.extend(verdict.violation(&history, world.steps()));
        }
        summary["violations"] = serde_json::to_value(violations).expect("json");
        summary["stats"] = serde_json::to_value(world.stats()).expect("json");
        Ok(Report {
            trace: world.take_trace(),
            trace_file,
            summary,
        })
    }
}
