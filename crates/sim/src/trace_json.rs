//! A run's trace as JSON (issue 14, item 5): the format `conlab run --trace --json` writes and
//! the page's "Trace (.json)" downloads, documented in docs/scenarios.md ("Trace files").
//!
//! ```json
//! {"format": "consensus-lab-trace", "version": 1, "scenario": {…},
//!  "runs": [{"protocol": "raft", "steps": [
//!     {"step": 1, "at": 10, "do": "timeout", "node": 1},
//!     {"step": 2, "at": 24, "do": "deliver", "id": 3, "from": 1, "to": 4,
//!      "message": "RequestVote", "sent_at": 10},
//!     {"step": 9, "at": 61, "do": "lost", "id": 7, "from": 2, "to": 5,
//!      "message": "AppendEntries", "sent_at": 50, "why": "partitioned"},
//!     {"step": 12, "at": 80, "do": "intervention", "what": "crash S2"},
//!     {"step": 13, "at": 90, "do": "client", "client": 1, "seq": 4, "node": 3,
//!      "command": "set x0 c1-4", "why": "retry"}],
//!   "violations": [{"invariant": "log_matching", "step": 40, "at": 400,
//!                   "nodes": [2], "message": "…"}]}]}
//! ```
//!
//! Written by hand, not with a JSON library: the page carries none (issue 15), and every
//! value is a number or a string escaped here.

use crate::clients::Why;
use crate::world::{Loss, StepKind, StepRecord};
use crate::SimProtocol;
use conlab_check::Violation;
use conlab_core::Tick;
use std::fmt::Write;

/// The `format` member of every trace file.
pub const FORMAT: &str = "consensus-lab-trace";

/// One run's part of a trace: its protocol, its first `steps` records, and the violations
/// found by then.
pub struct Run<'a, P: SimProtocol> {
    pub records: &'a [StepRecord<P>],
    pub violations: &'a [Violation],
}

/// The trace document: `scenario_json` (the scenario as JSON text) and each run's JSON (see
/// [`run`]).
pub fn document(scenario_json: &str, runs: &[String]) -> String {
    format!(
        "{{\"format\":\"{FORMAT}\",\"version\":1,\"scenario\":{scenario_json},\"runs\":[{}]}}",
        runs.join(",")
    )
}

/// One run as JSON: `{"protocol": …, "steps": […], "violations": […]}`.
pub fn run<P: SimProtocol>(run: &Run<P>) -> String {
    let steps: Vec<(u64, Tick, Plain)> = run
        .records
        .iter()
        .map(|r| (r.step, r.at, plain(&r.kind)))
        .collect();
    write_run(P::KIND.name(), steps, run.violations)
}

fn write_run(protocol: &str, steps: Vec<(u64, Tick, Plain)>, violations: &[Violation]) -> String {
    let mut out = format!("{{\"protocol\":\"{protocol}\",\"steps\":[");
    for (i, (number, at, plain)) in steps.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        step(&mut out, number, at, plain);
    }
    out.push_str("],\"violations\":[");
    for (i, v) in violations.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let nodes: Vec<String> = v.nodes.iter().map(|n| n.0.to_string()).collect();
        let _ = write!(
            out,
            "{{\"invariant\":\"{}\",\"step\":{},\"at\":{},\"nodes\":[{}],\"message\":",
            v.invariant,
            v.step,
            v.at,
            nodes.join(",")
        );
        string(&mut out, &v.message);
        out.push('}');
    }
    out.push_str("]}");
    out
}

/// A step as the trace file writes it: what `StepKind` holds, without the protocol's types,
/// so that one copy of the writing code serves every protocol (issue 15: page size).
enum Plain<'a> {
    Message {
        id: u64,
        from: u8,
        to: u8,
        sent_at: Tick,
        kind: &'static str,
        lost: Option<&'static str>,
    },
    Timeout(u8),
    Intervention(&'a crate::Intervention),
    Client(&'a crate::clients::ClientStep),
}

fn plain<P: SimProtocol>(kind: &StepKind<P>) -> Plain<'_> {
    match kind {
        StepKind::Message {
            id,
            from,
            to,
            sent_at,
            kind,
            lost,
        } => Plain::Message {
            id: *id,
            from: from.0,
            to: to.0,
            sent_at: *sent_at,
            kind,
            lost: lost.map(|why| match why {
                Loss::Dropped => "dropped",
                Loss::Partitioned => "partitioned",
                Loss::Crashed => "receiver down",
            }),
        },
        StepKind::Timer { node, .. } => Plain::Timeout(node.0),
        StepKind::Intervention(action) => Plain::Intervention(action),
        StepKind::Client(c) => Plain::Client(c),
    }
}

fn step(out: &mut String, number: u64, at: Tick, step: Plain) {
    let _ = write!(out, "{{\"step\":{number},\"at\":{at},");
    match step {
        Plain::Message {
            id,
            from,
            to,
            sent_at,
            kind,
            lost,
        } => {
            let what = if lost.is_some() { "lost" } else { "deliver" };
            let _ = write!(
                out,
                "\"do\":\"{what}\",\"id\":{id},\"from\":{from},\"to\":{to},\"message\":\"{kind}\",\"sent_at\":{sent_at}"
            );
            if let Some(why) = lost {
                let _ = write!(out, ",\"why\":\"{why}\"");
            }
        }
        Plain::Timeout(node) => {
            let _ = write!(out, "\"do\":\"timeout\",\"node\":{node}");
        }
        Plain::Intervention(action) => {
            out.push_str("\"do\":\"intervention\",\"what\":");
            string(out, &action.describe());
        }
        Plain::Client(c) => {
            let why = match c.why {
                Why::New => "new",
                Why::Redirected => "redirect",
                Why::TimedOut => "retry",
            };
            let _ = write!(
                out,
                "\"do\":\"client\",\"client\":{},\"seq\":{},\"node\":{},\"command\":",
                c.client, c.seq, c.node.0
            );
            string(out, &c.command.to_string());
            let _ = write!(out, ",\"why\":\"{why}\"");
        }
    }
    out.push('}');
}

/// `text` as a JSON string.
fn string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(HEX[c as usize >> 4] as char);
                out.push(HEX[c as usize & 15] as char);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Scenario, World};
    use conlab_raft::RaftNode;

    fn trace_of(json: &str, until: u64) -> serde_json::Value {
        let scenario = Scenario::from_json(json).unwrap();
        let mut world = World::<RaftNode>::new(&scenario).unwrap();
        let mut records = Vec::new();
        while world.next_event_at().is_some_and(|t| t <= until) {
            records.push(world.step().unwrap());
        }
        let text = document(
            &serde_json::to_string(&scenario).unwrap(),
            &[run(&Run {
                records: &records,
                violations: world.violations(),
            })],
        );
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text:.300}"))
    }

    #[test]
    fn a_trace_is_json_with_every_step_in_order_and_the_scenario() {
        let trace = trace_of(
            r#"{"version":1,"protocol":"raft","nodes":3,"seed":7,
                "interventions":[{"at":400,"do":"crash","node":1},
                                 {"at":500,"do":"client","node":2,"command":"set x \"1\""}]}"#,
            800,
        );
        assert_eq!(trace["format"], FORMAT);
        assert_eq!(trace["scenario"]["nodes"], 3);
        let steps = trace["runs"][0]["steps"].as_array().unwrap();
        assert_eq!(trace["runs"][0]["protocol"], "raft");
        for (i, s) in steps.iter().enumerate() {
            assert_eq!(s["step"], i as u64 + 1);
        }
        let kinds: Vec<&str> = steps.iter().map(|s| s["do"].as_str().unwrap()).collect();
        for kind in ["timeout", "deliver", "intervention"] {
            assert!(kinds.contains(&kind), "{kind} in {kinds:?}");
        }
        let crash = steps.iter().find(|s| s["do"] == "intervention").unwrap();
        assert_eq!(crash["what"], "crash S1");
        let delivered = steps.iter().find(|s| s["do"] == "deliver").unwrap();
        assert!(delivered["sent_at"].as_u64() <= delivered["at"].as_u64());
        assert!(delivered["message"].as_str().unwrap().len() > 3);
    }

    #[test]
    fn text_in_a_trace_is_escaped() {
        let mut out = String::new();
        string(&mut out, "a \"b\" \\ c\nd");
        assert_eq!(out, r#""a \"b\" \\ c\u000ad""#);
        let back: String = serde_json::from_str(&out).unwrap();
        assert_eq!(back, "a \"b\" \\ c\nd");
    }
}
